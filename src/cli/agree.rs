//! `spantag agree [--json] WORKSPACE | FILE.ron...`: inter-annotator agreement (see [`crate::agree`]) as a
//! table or as JSON with a stable schema (documented in the README). Exits 0 whatever the scores; 1 when some
//! file could not be read.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::output::{eprintln, println};
use super::{Outcome, UsageError};
use crate::agree::{self, Agreement};
use crate::plural::count;
use crate::store::Workspace;
use crate::team::TeamWork;

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
            TeamWork::from_files(inputs)?
        }
    };
    let labels: Vec<&str> = loaded.schema.names().collect();
    let report = agree::agreement(&loaded.documents(), &labels)?;
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

fn load_workspace(root: &Path, with_gold: bool) -> Result<TeamWork> {
    let workspace = Workspace::open(root).context("cannot open the workspace")?;
    Ok(TeamWork::load(&workspace, with_gold))
}

fn show(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"))
}

fn print_table(report: &Agreement) {
    println!(
        "annotators: {} ({})",
        report.annotators.join(", "),
        count(report.documents, "report")
    );
    for pair in &report.pairs {
        println!();
        println!(
            "{} vs {}: {} in common, {}",
            pair.a,
            pair.b,
            count(pair.documents, "report"),
            count(pair.items, "character item")
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
        if !pair.relations.types.is_empty() {
            println!(
                "  {:<10} {:>8} {:>10} {:>7} {:>7}",
                "relation", "exact F1", "lenient F1", "links a", "links b"
            );
            for (kind, r) in &pair.relations.types {
                println!(
                    "  {:<10} {:>8} {:>10} {:>7} {:>7}",
                    kind,
                    show(r.exact_f1),
                    show(r.lenient_f1),
                    r.links_a,
                    r.links_b
                );
            }
        }
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
