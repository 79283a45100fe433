//! A workspace seen as a team's work: every analyst's file for each report, loaded once for adjudication and
//! agreement. Files that cannot be read are reported by name, never skipped silently.

use crate::adjudicate::MultiAnnotatorView;
use crate::agree::{Agreement, AnnotatedDocument, agreement};
use crate::merge::MergeInput;
use crate::model::AnnotationFile;
use crate::store::{GOLD, Workspace};
use crate::text::ReportText;

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
            Err(e) => out.problems.push(e.to_string()),
        }
    }
    out
}

/// Every report that at least one analyst annotated, with the analysts' files, as loaded.
#[derive(Debug, Default)]
pub struct TeamWork {
    /// The reports' texts.
    pub texts: Vec<ReportText>,
    /// For each text, its analysts' files.
    pub files: Vec<Vec<AnnotationFile>>,
    /// Texts and files that could not be used, as `file: problem`.
    pub problems: Vec<String>,
}

impl TeamWork {
    /// Loads a workspace's annotated reports (`gold` only when `with_gold`).
    pub fn load(workspace: &Workspace, with_gold: bool) -> TeamWork {
        let mut work = TeamWork::default();
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
pub fn adjudication_view(files: &[AnnotationFile]) -> Result<MultiAnnotatorView, String> {
    MultiAnnotatorView::new(&MergeInput::by_annotator(files)).map_err(|e| e.to_string())
}

/// Agreement over the whole workspace (gold excluded), with the problems met loading files.
pub fn workspace_agreement(workspace: &Workspace) -> Result<(Agreement, Vec<String>), String> {
    let work = TeamWork::load(workspace, false);
    let labels: Vec<&str> = workspace.schema().names().collect();
    let result = agreement(&work.documents(), &labels).map_err(|e| e.to_string())?;
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
