//! `spantag validate PATH...`: checks workspaces, annotation files and report texts, one line per problem.
//!
//! A workspace is checked in one pass over its reports (each annotator's file for each report) and one walk of
//! `annotations/` for files no report maps to; the walk does not follow linked folders, so a link that loops
//! back cannot make it run forever.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::output::{eprintln, println};
use super::{Outcome, UsageError};
use crate::model::AnnotationFile;
use crate::plural::count;
use crate::relations;
use crate::schema::Schema;
use crate::store::{self, ANNOTATIONS_DIR, StoreError, Workspace};
use crate::text::ReportText;

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
    /// Things worth knowing that are not problems (a report read as GBK), one line each.
    pub notes: Vec<String>,
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

    /// Says how a report was decoded when there is something to say: replaced bytes are a problem (the text
    /// is not the file's), another encoding than UTF-8 is a note.
    fn origin(&mut self, path: &Path, text: &ReportText) {
        let origin = text.origin();
        if origin.replaced > 0 {
            self.problems.push(format!("{}: {origin}", path.display()));
        } else if origin.is_notable() {
            self.notes.push(format!("{}: {origin}", path.display()));
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
    for line in &report.notes {
        println!("note: {line}");
    }
    for line in &report.problems {
        println!("{line}");
    }
    let summary = format!(
        "checked {}: {}",
        count(report.files, "file"),
        count(report.problems.len(), "problem")
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
        match store::read_text(path) {
            Ok(text) => report.origin(path, &text),
            Err(e) => report.error(e),
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
    let annotators = workspace.annotators();
    // Each report and its annotation files on their own (on the machine's cores), in the workspace's order.
    let checked = crate::parallel::map(workspace.documents(), |doc| {
        check_report(&workspace, &annotators, doc)
    });
    // Where each report's annotation files belong: every other `.ron` below annotations/ is a stray.
    let mut expected: HashSet<PathBuf> = HashSet::new();
    for (part, places) in checked {
        report.files += part.files;
        report.problems.extend(part.problems);
        report.notes.extend(part.notes);
        expected.extend(places);
    }
    // Annotation files whose report is gone, or that sit where no report maps to them.
    let mut found = Vec::new();
    let mut linked = Vec::new();
    collect_ron(&root.join(ANNOTATIONS_DIR), &mut found, &mut linked);
    for ron in found {
        if !expected.contains(&ron) {
            report.files += 1;
            report.problems.push(format!(
                "{}: no report in the workspace matches this annotation file",
                ron.display()
            ));
        }
    }
    for folder in linked {
        report.notes.push(format!(
            "{}: a linked folder; not searched for stray annotation files",
            folder.display()
        ));
    }
}

/// Checks one report of a workspace and its annotators' files; returns what was found and where the report's
/// annotation files belong.
fn check_report(workspace: &Workspace, annotators: &[String], doc: &str) -> (Report, Vec<PathBuf>) {
    let mut report = Report {
        files: 1,
        ..Report::default()
    };
    let places = match annotators
        .iter()
        .map(|a| workspace.annotation_path(a, doc).map(|p| (a, p)))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(places) => places,
        Err(e) => {
            report.problems.push(bad_report_name(workspace, doc, e));
            return (report, Vec::new());
        }
    };
    let present: Vec<&(&String, PathBuf)> =
        places.iter().filter(|(_, path)| path.exists()).collect();
    report.files += present.len();
    match workspace.load_text(doc) {
        Ok(text) => {
            report.origin(&workspace.text_path(doc), &text);
            for (annotator, path) in present {
                match workspace.load_annotations(annotator, doc, &text) {
                    Ok(Some(file)) => {
                        check_identity(path, &file, annotator, doc, &mut report);
                        list_orphans(path, &file, &mut report);
                        list_relation_problems(path, &file, workspace.schema(), &mut report);
                    }
                    Ok(None) => {}
                    Err(e) => report.error(e),
                }
            }
        }
        Err(e) => report.error(e),
    }
    (report, places.into_iter().map(|(_, path)| path).collect())
}

/// The problem of a report whose name no annotation file can have (a `:` in it, say), said once for all the
/// annotators.
pub(crate) fn bad_report_name(workspace: &Workspace, doc: &str, error: StoreError) -> String {
    let reason = match error {
        StoreError::BadName { reason, .. } => reason.to_owned(),
        other => other.to_string(),
    };
    format!(
        "{}: {reason}, so no annotation file can belong to this report: rename it",
        workspace.text_path(doc).display()
    )
}

/// Collects the `.ron` files below `dir`, without following linked folders (listed in `linked` instead).
fn collect_ron(dir: &Path, out: &mut Vec<PathBuf>, linked: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect_ron(&path, out, linked);
        } else if kind.is_symlink() && path.is_dir() {
            linked.push(path);
        } else if path.extension().is_some_and(|e| e == "ron") {
            out.push(path);
        }
    }
}

/// Checks that a file says what its place says: the annotator of its folder and the report of its path
/// (merge and agreement go by what the file says, the app by where it is).
fn check_identity(
    path: &Path,
    file: &AnnotationFile,
    annotator: &str,
    doc: &str,
    report: &mut Report,
) {
    if file.annotator != annotator {
        report.problems.push(format!(
            "{}: says annotator {:?} but is in {:?}'s folder: move it to annotations/{}/ or correct its \
             `annotator`",
            path.display(),
            file.annotator,
            annotator,
            file.annotator
        ));
    }
    if file.document.file != doc {
        report.problems.push(format!(
            "{}: says it annotates {:?} but its place belongs to {doc:?}: move it, or correct `document.file`",
            path.display(),
            file.document.file
        ));
    }
}

/// One problem per fault of the file's relations (an endpoint that is not a span of the file, a type the
/// schema lacks or does not allow between those labels, a duplicate), naming the file.
fn list_relation_problems(
    path: &Path,
    file: &AnnotationFile,
    schema: &Schema,
    report: &mut Report,
) {
    for problem in relations::problems(file, schema) {
        report
            .problems
            .push(format!("{}: {problem}", path.display()));
    }
}

/// One problem per orphan: a span that re-anchoring to a revised report could not place.
fn list_orphans(path: &Path, file: &AnnotationFile, report: &mut Report) {
    for orphan in &file.orphans {
        report.problems.push(format!(
            "{}: orphan {} span {:?} (at {}..{} of an earlier text): not found in the revised report; tag it \
             again where it belongs, then remove it from `orphans`",
            path.display(),
            orphan.label,
            orphan.text,
            orphan.start,
            orphan.end
        ));
    }
    for relation in &file.orphan_relations {
        report.problems.push(format!(
            "{}: relation {} has an orphan end: it returns when its orphan is placed again; link the spans \
             again where they belong, then remove it from `orphan_relations`",
            path.display(),
            relations::describe(relation)
        ));
    }
}

/// For an annotation file inside a workspace (`ROOT/annotations/<annotator>/<doc>.ron`): the annotator and
/// report its place gives.
fn place_of(path: &Path) -> Option<(String, String)> {
    let ancestors: Vec<&Path> = path.ancestors().collect();
    let at = ancestors
        .iter()
        .position(|a| a.file_name().is_some_and(|n| n == ANNOTATIONS_DIR))?;
    let annotator_dir = ancestors.get(at.checked_sub(1)?)?;
    let annotator = annotator_dir.file_name()?.to_str()?.to_owned();
    let rel = path.strip_prefix(annotator_dir).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<_>>()?;
    let rel = parts.join("/");
    let doc = format!("{}.txt", rel.strip_suffix(".ron")?);
    Some((annotator, doc))
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
    report.origin(&text_path, &text);
    let workspace = store::workspace_of(path);
    let schema = workspace
        .as_ref()
        .map(|ws| ws.schema().clone())
        .unwrap_or_default();
    match store::check_against(path, &file, &text, &schema) {
        Ok(()) => {
            list_orphans(path, &file, report);
            list_relation_problems(path, &file, &schema, report);
        }
        Err(e) => report.error(e),
    }
    if workspace.is_some()
        && let Some((annotator, doc)) = place_of(path)
    {
        check_identity(path, &file, &annotator, &doc, report);
    }
}
