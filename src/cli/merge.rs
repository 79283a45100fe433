//! `spantag merge`: merges analysts' annotation files of one report into one file (`--out`), or every report
//! of a workspace into `annotations/<annotator>/` (`gold` by default). Conflicts are recorded in the output;
//! an existing output that would change is only replaced with `--force`, so adjudication work is never
//! overwritten by accident.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use super::choice::Choices;
use super::output::{eprintln, println};
use super::{Outcome, UsageError};
use crate::merge::{self, MergeInput, MergeOptions, Strategy};
use crate::model::{AnnotationFile, SmallText};
use crate::plural::count;
use crate::standalone::read_standalone;
use crate::store::{self, GOLD, Workspace};

/// Arguments of `spantag merge`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A workspace folder, or annotation files of one report (then `--out` is required).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Which spans to keep (conflicts are recorded whatever the strategy) [default: union].
    #[arg(long, value_parser = Choices::<Strategy>::all())]
    pub strategy: Option<Strategy>,
    /// Keep spans made by at least K annotators (implies `--strategy majority`).
    #[arg(long, value_name = "K")]
    pub min_votes: Option<usize>,
    /// The merged files' annotator name.
    #[arg(long, default_value = GOLD)]
    pub annotator: String,
    /// Where to write the merged file (with annotation files as inputs).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Replace existing merged files that differ from the new result (adjudication in them is lost).
    #[arg(long)]
    pub force: bool,
}

/// Runs the command.
pub fn run(args: Args) -> Result<Outcome> {
    let options = options(&args)?;
    for path in &args.inputs {
        if !path.exists() {
            return Err(UsageError(format!("{}: no such file or folder", path.display())).into());
        }
    }
    match args.inputs.as_slice() {
        [root] if root.is_dir() => {
            if args.out.is_some() {
                return Err(UsageError(
                    "--out is for merging files; a workspace is merged into annotations/<annotator>/".into(),
                )
                .into());
            }
            merge_workspace(root, &options, args.force)
        }
        inputs => {
            if let Some(dir) = inputs.iter().find(|p| p.is_dir()) {
                return Err(UsageError(format!(
                    "{}: give either one workspace folder or annotation files",
                    dir.display()
                ))
                .into());
            }
            let out = args
                .out
                .as_deref()
                .ok_or_else(|| UsageError("merging files needs --out OUT.ron".into()))?;
            merge_files(inputs, out, &options, args.force)
        }
    }
}

fn options(args: &Args) -> Result<MergeOptions> {
    let strategy = match (args.strategy, args.min_votes) {
        (Some(Strategy::Union | Strategy::Unanimous), Some(_)) => {
            return Err(UsageError("--min-votes goes with --strategy majority".into()).into());
        }
        (_, Some(0)) => return Err(UsageError("--min-votes must be at least 1".into()).into()),
        (None, Some(_)) | (Some(Strategy::Majority), _) => Strategy::Majority,
        (Some(Strategy::Unanimous), None) => Strategy::Unanimous,
        (Some(Strategy::Union) | None, None) => Strategy::Union,
    };
    store::check_annotator(&args.annotator).map_err(|e| UsageError(e.to_string()))?;
    Ok(MergeOptions {
        strategy,
        min_votes: args.min_votes,
        annotator: args.annotator.clone(),
    })
}

/// Reads an annotation file and, when its report can be found, checks it against the text.
fn read_checked(path: &Path) -> Result<AnnotationFile> {
    let read = read_standalone(path)?;
    if read.text.is_none() {
        eprintln!(
            "spantag: {}: cannot find the report {:?}; its spans are not checked against the text",
            path.display(),
            read.file.document.file
        );
    }
    Ok(read.file)
}

fn merge_files(
    inputs: &[PathBuf],
    out: &Path,
    options: &MergeOptions,
    force: bool,
) -> Result<Outcome> {
    let files: Vec<AnnotationFile> = inputs
        .iter()
        .map(|p| read_checked(p))
        .collect::<Result<_>>()?;
    let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    let merge_inputs: Vec<MergeInput> = names
        .iter()
        .zip(&files)
        .map(|(source, file)| MergeInput { source, file })
        .collect();
    let merged = merge::merge(&merge_inputs, options)?;
    let written = write_unless_changed(out, &merged, force)?;
    println!("{}", summary(out, &merged, written));
    Ok(Outcome::Clean)
}

fn merge_workspace(root: &Path, options: &MergeOptions, force: bool) -> Result<Outcome> {
    let workspace = Workspace::open(root).context("cannot open the workspace")?;
    let annotators: Vec<String> = workspace
        .annotators()
        .into_iter()
        .filter(|a| *a != options.annotator)
        .collect();
    let mut problems = 0;
    for doc in workspace.documents() {
        match merge_document(&workspace, doc, &annotators, options, force) {
            Ok(Some(line)) => println!("{line}"),
            Ok(None) => {}
            Err(e) => {
                problems += 1;
                eprintln!("spantag: {doc}: {e:#}");
            }
        }
    }
    Ok(if problems == 0 {
        Outcome::Clean
    } else {
        Outcome::ProblemsFound
    })
}

/// Merges one report of a workspace; `None` when no annotator has a file for it.
fn merge_document(
    workspace: &Workspace,
    doc: &str,
    annotators: &[String],
    options: &MergeOptions,
    force: bool,
) -> Result<Option<String>> {
    let text = workspace.load_text(doc)?;
    let mut found = Vec::new();
    for annotator in annotators {
        if let Some(file) = workspace.load_annotations(annotator, doc, &text)? {
            let path = workspace.annotation_path(annotator, doc)?;
            found.push((path.display().to_string(), file));
        }
    }
    if found.is_empty() {
        return Ok(None);
    }
    let inputs: Vec<MergeInput> = found
        .iter()
        .map(|(source, file)| MergeInput { source, file })
        .collect();
    let merged = merge::merge(&inputs, options)?;
    let out = workspace.annotation_path(&options.annotator, doc)?;
    let written = write_unless_changed(&out, &merged, force)?;
    Ok(Some(summary(&out, &merged, written)))
}

/// Writes the merged file unless an existing file there differs and `force` is off. Returns whether the file
/// changed. A file that holds the same annotations in another order or layout (written by an older version,
/// say) is the same file: it is left as it is.
fn write_unless_changed(out: &Path, merged: &AnnotationFile, force: bool) -> Result<bool> {
    let new = store::to_ron(merged)
        .with_context(|| format!("{}: cannot write the merged file as RON", out.display()))?;
    let same_content = |old: &[u8]| {
        std::str::from_utf8(old)
            .ok()
            .and_then(|text| store::parse_annotation_file(out, text).ok())
            .is_some_and(|mut file| {
                file.normalize();
                file == *merged
            })
    };
    match std::fs::read(out) {
        Ok(old) if old == new.as_bytes() || same_content(&old) => return Ok(false),
        Ok(_) if !force => {
            return Err(anyhow!(
                "{} exists and the new merge differs from it (it may hold adjudication work): \
                 use --force to replace it, or write elsewhere",
                out.display()
            ));
        }
        _ => {}
    }
    store::atomic_write(out, new.as_bytes())?;
    Ok(true)
}

fn summary(out: &Path, merged: &AnnotationFile, written: bool) -> String {
    let annotators: std::collections::BTreeSet<&str> = merged
        .spans
        .iter()
        .flat_map(|s| s.annotators.iter().map(SmallText::as_str))
        .chain(
            merged
                .conflicts
                .iter()
                .flat_map(|c| &c.options)
                .flat_map(|o| o.annotators.iter().map(SmallText::as_str)),
        )
        .collect();
    format!(
        "{}: {} from {}, {}{}",
        out.display(),
        count(merged.spans.len(), "span"),
        count(annotators.len(), "annotator"),
        count(merged.conflicts.len(), "conflict"),
        if written { "" } else { " (unchanged)" }
    )
}
