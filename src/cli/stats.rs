//! `spantag stats WORKSPACE [--json] [--by-report]`: documents, spans per label, per annotator and per status;
//! with `--by-report`, where the team's work stands report by report ([`crate::progress`]).

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
    /// One line per report: each analyst's status and span count, and gold's (with its undecided conflicts),
    /// then the totals.
    #[arg(long)]
    pub by_report: bool,
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

/// One report's cell for an analyst: `done 12`, or `-` without a file.
fn work_cell(work: Option<crate::progress::Work>) -> String {
    work.map_or_else(
        || "-".to_owned(),
        |w| format!("{} {}", w.status.as_str(), w.spans),
    )
}

/// Gold's cell: `8`, `8 (2 undecided)`, or `-` without a file.
fn gold_cell(gold: Option<crate::progress::Gold>) -> String {
    match gold {
        None => "-".to_owned(),
        Some(g) if g.undecided > 0 => format!("{} ({} undecided)", g.spans, g.undecided),
        Some(g) => g.spans.to_string(),
    }
}

/// The table of `--by-report`: a header, one line per report (cells are "status spans"), then the totals.
pub fn by_report_table(progress: &crate::progress::Progress) -> Vec<String> {
    let mut header = vec!["report".to_owned()];
    header.extend(progress.annotators.iter().cloned());
    header.push(crate::names::GOLD.to_owned());
    let mut rows = vec![header];
    for report in &progress.reports {
        let mut row = vec![report.document.clone()];
        row.extend(
            progress
                .annotators
                .iter()
                .map(|a| work_cell(report.analysts.get(a).copied().flatten())),
        );
        row.push(gold_cell(report.gold));
        rows.push(row);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut lines: Vec<String> = rows
        .iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, &w)| format!("{cell:<w$}"))
                .collect();
            cells.join("  ").trim_end().to_owned()
        })
        .collect();
    for (name, totals) in &progress.totals {
        let statuses: Vec<String> = Status::ALL
            .iter()
            .map(|s| {
                format!(
                    "{} {}",
                    totals.status.get(s.as_str()).unwrap_or(&0),
                    s.as_str()
                )
            })
            .collect();
        lines.push(format!(
            "{name}: {}; {}",
            statuses.join(", "),
            crate::plural::count(totals.spans, "span")
        ));
    }
    lines.push(format!(
        "gold: {} of {}, {} with undecided conflicts",
        progress.gold_reports,
        crate::plural::count(progress.reports.len(), "report"),
        progress.gold_undecided
    ));
    lines
}

fn by_report(workspace: &Workspace, json: bool) -> Result<Outcome> {
    let progress = crate::progress::progress(workspace);
    if json {
        println!("{}", serde_json::to_string_pretty(&progress)?);
    } else {
        for line in by_report_table(&progress) {
            println!("{line}");
        }
    }
    for problem in &progress.unreadable {
        eprintln!("{problem}");
    }
    Ok(if progress.unreadable.is_empty() {
        Outcome::Clean
    } else {
        Outcome::ProblemsFound
    })
}

/// Runs the command.
pub fn run(args: Args) -> Result<Outcome> {
    if !args.workspace.is_dir() {
        return Err(UsageError(format!("{}: not a folder", args.workspace.display())).into());
    }
    let workspace = Workspace::open(&args.workspace).context("cannot open the workspace")?;
    if args.by_report {
        return by_report(&workspace, args.json);
    }
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
