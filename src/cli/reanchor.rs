//! `spantag reanchor PATH...`: ties annotation files to reports revised since they were annotated, finding each
//! span again by its quote and context ([`crate::reanchor`]); spans that cannot be placed without guessing
//! become orphans in the file. Each file is written atomically; exit status 1 when orphans remain (or a file
//! could not be re-anchored).

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::output::{eprintln, println};
use super::{Outcome, UsageError};
use crate::journal::journal_path;
use crate::plural::count;
use crate::reanchor::reanchor;
use crate::schema::Schema;
use crate::store::{self, StoreError, Workspace};
use crate::text::ReportText;

/// Arguments of `spantag reanchor`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Workspace folders (every analyst's file of every report) or `.ron` annotation files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// What the command did, over every file.
#[derive(Debug, Default)]
struct Totals {
    /// Files re-anchored and written.
    written: usize,
    /// Spans moved.
    moved: usize,
    /// Orphans in the files looked at (re-anchored now or earlier).
    orphans: usize,
    /// Files that could not be re-anchored.
    failed: usize,
}

/// Runs the command.
pub fn run(args: Args) -> Result<Outcome> {
    let mut totals = Totals::default();
    for path in &args.paths {
        if !path.exists() {
            return Err(UsageError(format!("{}: no such file or folder", path.display())).into());
        }
        if path.is_dir() {
            let workspace = Workspace::open(path)?;
            for doc in workspace.documents() {
                for annotator in workspace.annotators() {
                    let Ok(file) = workspace.annotation_path(&annotator, doc) else {
                        continue;
                    };
                    if file.exists() {
                        let text = workspace.load_text(doc);
                        one_file(&file, text, Some(&workspace), &mut totals);
                    }
                }
            }
        } else {
            let workspace = store::workspace_of(path);
            let text = store::read_annotation_file(path).and_then(|file| {
                let text_path = store::locate_text(path, &file).ok_or(StoreError::MissingText {
                    path: path.to_owned(),
                    file: file.document.file.clone(),
                })?;
                store::read_text(&text_path)
            });
            one_file(path, text, workspace.as_ref(), &mut totals);
        }
    }
    let summary = format!(
        "re-anchored {}: {} moved, {} in the files",
        count(totals.written, "file"),
        count(totals.moved, "span"),
        count(totals.orphans, "orphan")
    );
    if totals.orphans == 0 && totals.failed == 0 {
        println!("{summary}");
        Ok(Outcome::Clean)
    } else {
        eprintln!(
            "{summary}{}",
            if totals.failed > 0 {
                format!(
                    "; {} could not be re-anchored",
                    count(totals.failed, "file")
                )
            } else {
                String::new()
            }
        );
        Ok(Outcome::ProblemsFound)
    }
}

/// Re-anchors one annotation file to its report's text, if the text changed, and writes it.
fn one_file(
    path: &Path,
    text: Result<ReportText, StoreError>,
    workspace: Option<&Workspace>,
    totals: &mut Totals,
) {
    match try_file(path, text, workspace, totals) {
        Ok(Some(line)) => println!("{}: {line}", path.display()),
        Ok(None) => {}
        Err(problem) => {
            totals.failed += 1;
            println!("{problem}");
        }
    }
}

fn try_file(
    path: &Path,
    text: Result<ReportText, StoreError>,
    workspace: Option<&Workspace>,
    totals: &mut Totals,
) -> Result<Option<String>, String> {
    let text = text.map_err(|e| e.to_string())?;
    let mut file = store::read_annotation_file(path).map_err(|e| e.to_string())?;
    if file.document.matches(&text) {
        totals.orphans += file.orphans.len();
        return Ok((!file.orphans.is_empty())
            .then(|| format!("unchanged text, {}", count(file.orphans.len(), "orphan"))));
    }
    let journal = journal_path(path);
    if journal.exists() {
        return Err(format!(
            "{}: has unsaved edits in its journal {}: open the report in the app (it recovers them and \
             re-anchors), or move the journal away",
            path.display(),
            journal.display()
        ));
    }
    let summary = reanchor(&mut file, &text).map_err(|e| format!("{}: {e}", path.display()))?;
    let schema = workspace.map_or_else(Schema::default, |ws| ws.schema().clone());
    store::check_against(path, &file, &text, &schema).map_err(|e| e.to_string())?;
    match workspace {
        Some(ws) => ws.write_annotation_file(path, &file),
        None => store::write_annotation_file(path, &file),
    }
    .map_err(|e| e.to_string())?;
    totals.written += 1;
    totals.moved += summary.moved;
    totals.orphans += summary.orphans;
    Ok(Some(summary.to_string()))
}
