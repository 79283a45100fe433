//! `spantag agree [--json] WORKSPACE | FILE.ron...`: inter-annotator agreement (see [`crate::agree`]) as a
//! table or as JSON with a stable schema (documented in the README). Exits 0 whatever the scores; 1 when some
//! file could not be read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use super::output::{eprintln, println};
use super::{Outcome, UsageError};
use crate::agree::{self, Agreement, AnnotatedDocument};
use crate::model::AnnotationFile;
use crate::schema::Schema;
use crate::store::{self, Workspace};
use crate::text::ReportText;

/// Arguments of `spantag agree`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A workspace folder, or annotation files (of one or more reports, by several annotators).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// In a workspace, compare the `gold` annotator too.
    #[arg(long)]
    pub with_gold: bool,
}

/// Reports and the files that annotate them, as loaded.
struct Loaded {
    texts: Vec<ReportText>,
    files: Vec<Vec<AnnotationFile>>,
    schema: Schema,
    problems: Vec<String>,
}

/// Runs the command.
pub fn run(args: Args) -> Result<Outcome> {
    for path in &args.inputs {
        if !path.exists() {
            return Err(UsageError(format!("{}: no such file or folder", path.display())).into());
        }
    }
    let loaded = match args.inputs.as_slice() {
        [root] if root.is_dir() => load_workspace(root, args.with_gold)?,
        inputs => {
            if let Some(dir) = inputs.iter().find(|p| p.is_dir()) {
                return Err(UsageError(format!(
                    "{}: give either one workspace folder or annotation files",
                    dir.display()
                ))
                .into());
            }
            load_files(inputs)?
        }
    };
    let docs: Vec<AnnotatedDocument> = loaded
        .texts
        .iter()
        .zip(&loaded.files)
        .map(|(text, files)| AnnotatedDocument {
            text,
            files: files.iter().collect(),
        })
        .collect();
    let labels: Vec<&str> = loaded
        .schema
        .labels
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    let report = agree::agreement(&docs, &labels)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_table(&report);
    }
    for problem in &loaded.problems {
        eprintln!("spantag: {problem}");
    }
    Ok(if loaded.problems.is_empty() {
        Outcome::Clean
    } else {
        Outcome::ProblemsFound
    })
}

fn load_workspace(root: &Path, with_gold: bool) -> Result<Loaded> {
    let workspace = Workspace::open(root).context("cannot open the workspace")?;
    let work = crate::team::TeamWork::load(&workspace, with_gold);
    Ok(Loaded {
        texts: work.texts,
        files: work.files,
        schema: workspace.schema().clone(),
        problems: work.problems,
    })
}

/// Each annotator's file for one report, with its path.
type FilesByAnnotator = BTreeMap<String, (PathBuf, AnnotationFile)>;

fn load_files(paths: &[PathBuf]) -> Result<Loaded> {
    // Reports by fingerprint, with each annotator's file and where it came from.
    let mut by_text: BTreeMap<String, (ReportText, FilesByAnnotator)> = BTreeMap::new();
    let mut schema = None;
    for path in paths {
        let file = store::read_annotation_file(path)?;
        let text_path =
            store::locate_text(path, &file).ok_or_else(|| store::StoreError::MissingText {
                path: path.clone(),
                file: file.document.file.clone(),
            })?;
        let text = store::read_text(&text_path)?;
        let file_schema = store::workspace_of(path)
            .map(|ws| ws.schema().clone())
            .unwrap_or_default();
        store::check_against(path, &file, &text, &file_schema)?;
        schema.get_or_insert(file_schema);
        let entry = by_text
            .entry(text.fingerprint().to_owned())
            .or_insert_with(|| (text, BTreeMap::new()));
        if let Some((earlier, _)) = entry.1.get(&file.annotator) {
            return Err(anyhow!(
                "{} and {} are both by annotator {:?} for the same report: give each annotator's file once",
                earlier.display(),
                path.display(),
                file.annotator
            ));
        }
        entry.1.insert(file.annotator.clone(), (path.clone(), file));
    }
    let mut loaded = Loaded {
        texts: Vec::new(),
        files: Vec::new(),
        schema: schema.unwrap_or_default(),
        problems: Vec::new(),
    };
    for (_, (text, files)) in by_text {
        loaded.texts.push(text);
        loaded
            .files
            .push(files.into_values().map(|(_, f)| f).collect());
    }
    Ok(loaded)
}

fn show(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"))
}

fn print_table(report: &Agreement) {
    println!(
        "annotators: {} ({} report{})",
        report.annotators.join(", "),
        report.documents,
        if report.documents == 1 { "" } else { "s" }
    );
    for pair in &report.pairs {
        println!();
        println!(
            "{} vs {}: {} report{} in common, {} character items",
            pair.a,
            pair.b,
            pair.documents,
            if pair.documents == 1 { "" } else { "s" },
            pair.items
        );
        println!(
            "  {:<10} {:>8} {:>10} {:>7} {:>6} {:>9} {:>7} {:>7}",
            "label", "exact F1", "lenient F1", "kappa", "label", "boundary", "only a", "only b"
        );
        for (label, l) in &pair.labels {
            println!(
                "  {:<10} {:>8} {:>10} {:>7} {:>6} {:>9} {:>7} {:>7}",
                label,
                show(l.exact_f1),
                show(l.lenient_f1),
                show(l.kappa),
                l.label_conflicts,
                l.boundary_conflicts,
                l.only_a,
                l.only_b
            );
        }
        println!(
            "  {:<10} {:>8} {:>10}",
            "micro",
            show(pair.micro.exact_f1),
            show(pair.micro.lenient_f1)
        );
    }
    println!();
    println!("all annotators:");
    println!(
        "  {:<10} {:>8} {:>10} {:>7} {:>13}",
        "label", "exact F1", "lenient F1", "alpha", "Fleiss kappa"
    );
    for (label, l) in &report.labels {
        let f1 = report.overall.labels.get(label);
        println!(
            "  {:<10} {:>8} {:>10} {:>7} {:>13}",
            label,
            show(f1.and_then(|f| f.exact_f1)),
            show(f1.and_then(|f| f.lenient_f1)),
            show(l.alpha),
            show(l.fleiss_kappa)
        );
    }
    println!(
        "  {:<10} {:>8} {:>10}",
        "micro",
        show(report.overall.micro.exact_f1),
        show(report.overall.micro.lenient_f1)
    );
}
