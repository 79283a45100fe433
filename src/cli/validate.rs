//! `spantag validate PATH...`: checks workspaces, annotation files and report texts, one line per problem.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{Outcome, UsageError};
use crate::store::{self, ANNOTATIONS_DIR, StoreError, Workspace};

/// Arguments of `spantag validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Workspace folders, `.ron` annotation files or `.txt` reports.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// Problems found, as `file: problem` lines, plus how many files were checked.
#[derive(Debug, Default)]
pub struct Report {
    /// One line per problem.
    pub problems: Vec<String>,
    /// Files looked at.
    pub files: usize,
}

impl Report {
    fn error(&mut self, err: StoreError) {
        match err {
            StoreError::Invalid { path, problems } => {
                for p in problems {
                    self.problems
                        .push(format!("{}: {}", path.display(), p.message));
                }
            }
            other => self.problems.push(other.to_string()),
        }
    }
}

/// Runs the command.
pub fn run(args: Args) -> Result<Outcome> {
    let mut report = Report::default();
    for path in &args.paths {
        if !path.exists() {
            return Err(UsageError(format!("{}: no such file or folder", path.display())).into());
        }
        validate_path(path, &mut report);
    }
    for line in &report.problems {
        println!("{line}");
    }
    let summary = format!(
        "checked {} file{}: {} problem{}",
        report.files,
        if report.files == 1 { "" } else { "s" },
        report.problems.len(),
        if report.problems.len() == 1 { "" } else { "s" }
    );
    if report.problems.is_empty() {
        println!("{summary}");
        Ok(Outcome::Clean)
    } else {
        eprintln!("{summary}");
        Ok(Outcome::ProblemsFound)
    }
}

/// Validates one path (workspace folder, annotation file or text) into `report`.
pub fn validate_path(path: &Path, report: &mut Report) {
    if path.is_dir() {
        validate_workspace(path, report);
    } else if path.extension().is_some_and(|e| e == "ron") {
        validate_annotation_file(path, report);
    } else {
        report.files += 1;
        if let Err(e) = store::read_text(path) {
            report.error(e);
        }
    }
}

fn validate_workspace(root: &Path, report: &mut Report) {
    let workspace = match Workspace::open(root) {
        Ok(ws) => ws,
        Err(e) => {
            report.files += 1;
            report.error(e);
            return;
        }
    };
    for doc in workspace.documents() {
        report.files += 1;
        let text = match workspace.load_text(doc) {
            Ok(text) => text,
            Err(e) => {
                report.error(e);
                continue;
            }
        };
        for annotator in workspace.annotators() {
            if let Err(e) = workspace.load_annotations(&annotator, doc, &text) {
                report.files += 1;
                report.error(e);
            } else if workspace
                .annotation_path(&annotator, doc)
                .is_ok_and(|p| p.exists())
            {
                report.files += 1;
            }
        }
    }
    // Annotation files whose report is gone, or that sit where no report maps to them.
    let mut orphans = Vec::new();
    collect_ron(&root.join(ANNOTATIONS_DIR), &mut orphans);
    for ron in orphans {
        let known = workspace.annotators().iter().any(|a| {
            workspace
                .documents()
                .iter()
                .any(|d| workspace.annotation_path(a, d).is_ok_and(|p| p == ron))
        });
        if !known {
            report.files += 1;
            report.problems.push(format!(
                "{}: no report in the workspace matches this annotation file",
                ron.display()
            ));
        }
    }
}

fn collect_ron(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_ron(&path, out);
        } else if path.extension().is_some_and(|e| e == "ron") {
            out.push(path);
        }
    }
}

fn validate_annotation_file(path: &Path, report: &mut Report) {
    report.files += 1;
    let file = match store::read_annotation_file(path) {
        Ok(file) => file,
        Err(e) => return report.error(e),
    };
    let Some(text_path) = store::locate_text(path, &file) else {
        return report.error(StoreError::MissingText {
            path: path.to_owned(),
            file: file.document.file.clone(),
        });
    };
    let text = match store::read_text(&text_path) {
        Ok(text) => text,
        Err(e) => return report.error(e),
    };
    let schema = store::workspace_of(path)
        .map(|ws| ws.schema().clone())
        .unwrap_or_default();
    if let Err(e) = store::check_against(path, &file, &text, &schema) {
        report.error(e);
    }
}
