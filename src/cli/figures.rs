//! `spantag figures WORKSPACE [--json|--csv]`: every Figure span of a workspace, by every annotator, with its
//! parsed value, unit and qualifier and the Outcome or Measure span that contains it.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde_json::json;

use super::output::{eprintln, println};
use super::{Outcome, UsageError};
use crate::figures::{Amount, FIGURE, FigureValue, MEASURE, OUTCOME, Table, read_value};
use crate::model::Span;
use crate::store::Workspace;

/// Arguments of `spantag figures`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The workspace folder.
    pub workspace: PathBuf,
    /// Print one JSON object a line.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV with a header row.
    #[arg(long)]
    pub csv: bool,
}

/// One figure of the workspace.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    /// The report, relative to the workspace.
    pub document: String,
    /// Whose annotation file the span is in.
    pub annotator: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The span's text.
    pub text: String,
    /// The parsed value; `None` when the text holds no readable quantity.
    pub value: Option<FigureValue>,
    /// The smallest Outcome or Measure span of the same file that contains the figure.
    pub container: Option<Span>,
}

/// Every Figure span of the workspace, with the files that could not be read as `file: problem` lines.
pub fn collect(workspace: &Workspace, table: &Table) -> (Vec<FigureRow>, Vec<String>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let annotators = workspace.annotators();
    for doc in workspace.documents() {
        let text = match workspace.load_text(doc) {
            Ok(text) => text,
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        for annotator in &annotators {
            let file = match workspace.load_annotations(annotator, doc, &text) {
                Ok(Some(file)) => file,
                Ok(None) => continue,
                Err(e) => {
                    problems.push(e.to_string());
                    continue;
                }
            };
            for span in file.spans.iter().filter(|s| s.label == FIGURE) {
                let container = file
                    .spans
                    .iter()
                    .filter(|c| c.label == OUTCOME || c.label == MEASURE)
                    .filter(|c| c.start <= span.start && span.end <= c.end)
                    .min_by_key(|c| c.len())
                    .cloned();
                rows.push(FigureRow {
                    document: doc.clone(),
                    annotator: annotator.clone(),
                    start: span.start,
                    end: span.end,
                    text: span.text.to_string(),
                    value: read_value(&span.text, table),
                    container,
                });
            }
        }
    }
    (rows, problems)
}

/// Runs the command.
pub fn run(args: Args) -> Result<Outcome> {
    if !args.workspace.is_dir() {
        return Err(UsageError(format!("{}: not a folder", args.workspace.display())).into());
    }
    let workspace = Workspace::open(&args.workspace).context("cannot open the workspace")?;
    let table = Table::extended(workspace.config().figures.clone());
    let (rows, problems) = collect(&workspace, &table);
    if args.json {
        for row in &rows {
            println!("{}", row_json(row));
        }
    } else if args.csv {
        let mut out = csv::Writer::from_writer(std::io::stdout().lock());
        out.write_record([
            "document",
            "annotator",
            "start",
            "end",
            "text",
            "value",
            "unit",
            "qualifier",
            "container_label",
            "container_start",
            "container_end",
            "container_text",
        ])?;
        for row in &rows {
            out.write_record(row_fields(row))?;
        }
        out.flush()?;
    } else {
        for row in &rows {
            println!("{}", row_fields(row).join("\t"));
        }
    }
    for problem in &problems {
        eprintln!("{problem}");
    }
    Ok(if problems.is_empty() {
        Outcome::Clean
    } else {
        Outcome::ProblemsFound
    })
}

/// The number as text: `369800000`, or `30000..50000` for a range.
fn amount_text(value: &FigureValue) -> String {
    match value.amount {
        Amount::Number(n) => n.to_string(),
        Amount::Range { low, high } => format!("{low}..{high}"),
    }
}

fn row_fields(row: &FigureRow) -> Vec<String> {
    let (value, unit, qualifier) = match &row.value {
        Some(v) => (
            amount_text(v),
            v.unit.clone(),
            v.qualifier.as_str().to_owned(),
        ),
        None => ("unparseable".to_owned(), String::new(), String::new()),
    };
    let (label, start, end, text) = match &row.container {
        Some(c) => (
            c.label.to_string(),
            c.start.to_string(),
            c.end.to_string(),
            c.text.to_string(),
        ),
        None => Default::default(),
    };
    vec![
        row.document.clone(),
        row.annotator.clone(),
        row.start.to_string(),
        row.end.to_string(),
        row.text.clone(),
        value,
        unit,
        qualifier,
        label,
        start,
        end,
        text,
    ]
}

fn row_json(row: &FigureRow) -> serde_json::Value {
    json!({
        "document": row.document,
        "annotator": row.annotator,
        "start": row.start,
        "end": row.end,
        "text": row.text,
        "value": row.value.as_ref().map(FigureValue::to_json),
        "unit": row.value.as_ref().map(|v| v.unit.clone()),
        "qualifier": row.value.as_ref().map(|v| v.qualifier.as_str()),
        "container": row.container.as_ref().map(|c| json!({
            "label": c.label.as_str(),
            "start": c.start,
            "end": c.end,
            "text": c.text.as_str(),
        })),
    })
}
