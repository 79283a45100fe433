//! `spantag stats WORKSPACE [--json]`: documents, spans per label, per annotator and per status.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::Serialize;

use super::output::{eprintln, println};
use super::{Outcome, UsageError};
use crate::model::Status;
use crate::store::Workspace;

/// Arguments of `spantag stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The workspace folder.
    pub workspace: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The counts `stats` prints; also its `--json` schema.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct Stats {
    /// Reports in the workspace.
    pub documents: usize,
    /// Spans per label over every annotator.
    pub labels: BTreeMap<String, usize>,
    /// Per annotator: files, spans, spans per label, files per status.
    pub annotators: BTreeMap<String, AnnotatorStats>,
    /// Annotation files per status over every annotator; reports an annotator has no file for count as `todo`.
    pub status: BTreeMap<String, usize>,
    /// Reports per encoding they were read in (`UTF-8`, `GBK`, ...).
    pub encodings: BTreeMap<String, usize>,
    /// Reports read with undecodable bytes replaced, as `file: how` (count and first position).
    pub replaced: Vec<String>,
    /// Files that could not be read, with the reason.
    pub unreadable: Vec<String>,
}

/// One annotator's counts.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct AnnotatorStats {
    /// Annotation files.
    pub files: usize,
    /// Spans in them.
    pub spans: usize,
    /// Spans per label.
    pub labels: BTreeMap<String, usize>,
    /// Documents per status.
    pub status: BTreeMap<String, usize>,
}

/// Counts everything in a workspace.
pub fn collect(workspace: &Workspace) -> Stats {
    let mut stats = Stats {
        documents: workspace.documents().len(),
        ..Stats::default()
    };
    for label in &workspace.schema().labels {
        stats.labels.insert(label.name.clone(), 0);
    }
    let annotators = workspace.annotators();
    for doc in workspace.documents() {
        let text = match workspace.load_text(doc) {
            Ok(text) => text,
            Err(e) => {
                stats.unreadable.push(e.to_string());
                continue;
            }
        };
        let origin = text.origin();
        *stats
            .encodings
            .entry(origin.encoding.to_owned())
            .or_default() += 1;
        if origin.replaced > 0 {
            stats
                .replaced
                .push(format!("{}: {origin}", workspace.text_path(doc).display()));
        }
        if let Some(annotator) = annotators.first()
            && let Err(e) = workspace.annotation_path(annotator, doc)
        {
            // The report's name is the problem, whoever the annotator: said once.
            stats
                .unreadable
                .push(super::validate::bad_report_name(workspace, doc, e));
            continue;
        }
        for annotator in &annotators {
            let entry = stats.annotators.entry(annotator.clone()).or_default();
            let status = match workspace.load_annotations(annotator, doc, &text) {
                Ok(Some(file)) => {
                    entry.files += 1;
                    entry.spans += file.spans.len();
                    for span in &file.spans {
                        *entry.labels.entry(span.label.to_string()).or_default() += 1;
                        *stats.labels.entry(span.label.to_string()).or_default() += 1;
                    }
                    file.status
                }
                Ok(None) => Status::Todo,
                Err(e) => {
                    stats.unreadable.push(e.to_string());
                    continue;
                }
            };
            *entry.status.entry(status.as_str().to_owned()).or_default() += 1;
            *stats.status.entry(status.as_str().to_owned()).or_default() += 1;
        }
    }
    stats
}

/// Runs the command.
pub fn run(args: Args) -> Result<Outcome> {
    if !args.workspace.is_dir() {
        return Err(UsageError(format!("{}: not a folder", args.workspace.display())).into());
    }
    let workspace = Workspace::open(&args.workspace).context("cannot open the workspace")?;
    let stats = collect(&workspace);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
    } else {
        println!("documents: {}", stats.documents);
        println!("spans per label:");
        for (label, n) in &stats.labels {
            println!("  {label:<12} {n}");
        }
        println!("per annotator:");
        for (name, a) in &stats.annotators {
            let statuses: Vec<String> = a.status.iter().map(|(s, n)| format!("{s} {n}")).collect();
            println!(
                "  {name:<12} {} files, {} spans ({})",
                a.files,
                a.spans,
                statuses.join(", ")
            );
        }
        println!("per status:");
        for (status, n) in &stats.status {
            println!("  {status:<12} {n}");
        }
        println!("per encoding:");
        for (encoding, n) in &stats.encodings {
            println!("  {encoding:<12} {n}");
        }
        for line in &stats.replaced {
            println!("replaced: {line}");
        }
    }
    for problem in &stats.unreadable {
        eprintln!("{problem}");
    }
    Ok(if stats.unreadable.is_empty() {
        Outcome::Clean
    } else {
        Outcome::ProblemsFound
    })
}
