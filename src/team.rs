//! A workspace seen as a team's work: every analyst's file for each report, loaded once for adjudication and
//! agreement. Files that cannot be read are reported by name, never skipped silently.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::adjudicate::MultiAnnotatorView;
use crate::agree::{AgreeError, Agreement, AnnotatedDocument, agreement};
use crate::merge::{MergeError, MergeInput};
use crate::model::AnnotationFile;
use crate::names::GOLD;
use crate::schema::Schema;
use crate::standalone::read_standalone;
use crate::store::{StoreError, Workspace};
use crate::text::ReportText;

/// Why the team's work could not be loaded or compared; each message names the files concerned.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// A file or report could not be read or does not fit its report.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Two files given are by one annotator for the same report.
    #[error(
        "{} and {} are both by annotator {annotator:?} for the same report: give each annotator's file once",
        first.display(),
        second.display()
    )]
    SameAnnotator {
        /// The annotator.
        annotator: String,
        /// The first file.
        first: PathBuf,
        /// The second file.
        second: PathBuf,
    },
    /// The files cannot be merged into an adjudication view.
    #[error(transparent)]
    Merge(#[from] MergeError),
    /// Agreement cannot be computed over the files.
    #[error(transparent)]
    Agree(#[from] AgreeError),
}

/// Every analyst's file (gold excluded unless asked for) for one report, plus the problems met loading them.
#[derive(Debug, Default)]
pub struct ReportFiles {
    /// The files, in annotator order.
    pub files: Vec<AnnotationFile>,
    /// Each file that could not be used, as `file: problem`.
    pub problems: Vec<String>,
}

/// Loads every analyst's file for one report; `gold` only when `with_gold`.
pub fn report_files(
    workspace: &Workspace,
    doc: &str,
    text: &ReportText,
    with_gold: bool,
) -> ReportFiles {
    let mut out = ReportFiles::default();
    for annotator in workspace
        .annotators()
        .iter()
        .filter(|a| with_gold || *a != GOLD)
    {
        match workspace.load_annotations(annotator, doc, text) {
            Ok(Some(file)) => out.files.push(file),
            Ok(None) => {}
            // The report's own name can have no annotation file: that is one problem, not one per analyst.
            Err(e @ StoreError::BadName { .. }) => {
                out.problems.push(e.to_string());
                break;
            }
            Err(e) => out.problems.push(e.to_string()),
        }
    }
    out
}

/// Every report that at least one analyst annotated, with the analysts' files, as loaded: from a workspace or
/// from files named one by one.
#[derive(Debug, Default)]
pub struct TeamWork {
    /// The reports' texts.
    pub texts: Vec<ReportText>,
    /// For each text, its analysts' files.
    pub files: Vec<Vec<AnnotationFile>>,
    /// The label schema: the workspace's (for named files, the first file's workspace's, else the default).
    pub schema: Schema,
    /// Texts and files that could not be used, as `file: problem`.
    pub problems: Vec<String>,
}

impl TeamWork {
    /// Loads a workspace's annotated reports (`gold` only when `with_gold`).
    pub fn load(workspace: &Workspace, with_gold: bool) -> TeamWork {
        let mut work = TeamWork {
            schema: workspace.schema().clone(),
            ..TeamWork::default()
        };
        for doc in workspace.documents() {
            match workspace.load_text(doc) {
                Ok(text) => {
                    let loaded = report_files(workspace, doc, &text, with_gold);
                    work.problems.extend(loaded.problems);
                    if !loaded.files.is_empty() {
                        work.texts.push(text);
                        work.files.push(loaded.files);
                    }
                }
                Err(e) => work.problems.push(e.to_string()),
            }
        }
        work
    }

    /// Loads annotation files named one by one (of one or more reports), each checked against its report
    /// ([`read_standalone`]); reports are ordered by fingerprint, files by annotator. Any file that cannot be
    /// used, or two files by one annotator for one report, is an error naming the files.
    pub fn from_files(paths: &[PathBuf]) -> Result<TeamWork, TeamError> {
        // Reports by fingerprint, with each annotator's file and where it came from.
        type ByAnnotator = BTreeMap<String, (PathBuf, AnnotationFile)>;
        let mut by_text: BTreeMap<String, (ReportText, ByAnnotator)> = BTreeMap::new();
        let mut schema = None;
        for path in paths {
            let read = read_standalone(path)?;
            let text = read.require_text()?.clone();
            schema.get_or_insert(read.schema);
            let (_, files) = by_text
                .entry(text.fingerprint().to_owned())
                .or_insert_with(|| (text, BTreeMap::new()));
            if let Some((earlier, _)) = files.get(&read.file.annotator) {
                return Err(TeamError::SameAnnotator {
                    annotator: read.file.annotator.clone(),
                    first: earlier.clone(),
                    second: read.path,
                });
            }
            files.insert(read.file.annotator.clone(), (read.path, read.file));
        }
        let mut work = TeamWork {
            schema: schema.unwrap_or_default(),
            ..TeamWork::default()
        };
        for (text, files) in by_text.into_values() {
            work.texts.push(text);
            work.files
                .push(files.into_values().map(|(_, f)| f).collect());
        }
        Ok(work)
    }

    /// The reports as the agreement computation takes them.
    pub fn documents(&self) -> Vec<AnnotatedDocument<'_>> {
        self.texts
            .iter()
            .zip(&self.files)
            .map(|(text, files)| AnnotatedDocument {
                text,
                files: files.iter().collect(),
            })
            .collect()
    }
}

/// The adjudication view of one report: every analyst's spans with their support, and the conflicts.
pub fn adjudication_view(files: &[AnnotationFile]) -> Result<MultiAnnotatorView, TeamError> {
    Ok(MultiAnnotatorView::new(&MergeInput::by_annotator(files))?)
}

/// Agreement over the whole workspace (gold excluded), with the problems met loading files.
pub fn workspace_agreement(workspace: &Workspace) -> Result<(Agreement, Vec<String>), TeamError> {
    let work = TeamWork::load(workspace, false);
    let labels: Vec<&str> = work.schema.names().collect();
    let result = agreement(&work.documents(), &labels)?;
    Ok((result, work.problems))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn fixture() -> Workspace {
        Workspace::open(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/team")).unwrap()
    }

    #[test]
    fn loads_every_analyst_but_gold() {
        let ws = fixture();
        let doc = &ws.documents()[0];
        let text = ws.load_text(doc).unwrap();
        let loaded = report_files(&ws, doc, &text, false);
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert!(loaded.files.len() >= 2);
        assert!(loaded.files.iter().all(|f| f.annotator != GOLD));
        let view = adjudication_view(&loaded.files).unwrap();
        assert_eq!(view.annotators().len(), loaded.files.len());
    }

    #[test]
    fn agreement_over_the_fixture() {
        let (result, problems) = workspace_agreement(&fixture()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert!(result.annotators.len() >= 3);
        assert_eq!(
            result.pairs.len(),
            result.annotators.len() * (result.annotators.len() - 1) / 2
        );
    }
}
