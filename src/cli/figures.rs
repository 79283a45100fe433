//! `spantag figures WORKSPACE [--json|--csv]`: every Figure span of a workspace, by every annotator, with its
//! value (the analyst's correction, else the engine's reading), unit and qualifier and the Outcome or Measure
//! span it quantifies: the one its `Quantifies` link points to, else the one that contains it (`container_by`
//! says which: `relation` or `nesting`). The table itself is [`crate::figures::listing`]'s, shared with the app.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde_json::json;

use super::output::{eprintln, println};
use super::{Outcome, UsageError};
use crate::figures::listing::{FigureRow, collect};
use crate::figures::{FigureValue, Table};
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

/// Runs the command.
pub fn run(args: Args) -> Result<Outcome> {
    if !args.workspace.is_dir() {
        return Err(UsageError(format!("{}: not a folder", args.workspace.display())).into());
    }
    let workspace = Workspace::open(&args.workspace).context("cannot open the workspace")?;
    let table = Table::extended(workspace.config().figures.clone());
    let (rows, problems) = collect(&workspace, &workspace.annotators(), &table);
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
            "container_by",
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

fn row_fields(row: &FigureRow) -> Vec<String> {
    let (value, unit, qualifier) = match &row.value {
        Some(v) => (
            v.amount.to_string(),
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
        container_by(row).to_owned(),
    ]
}

/// How the row's container was found: `relation`, `nesting`, or empty when it has none.
fn container_by(row: &FigureRow) -> &'static str {
    match (&row.container, row.linked) {
        (None, _) => "",
        (Some(_), true) => "relation",
        (Some(_), false) => "nesting",
    }
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
        "container_by": row.container.as_ref().map(|_| container_by(row)),
    })
}
