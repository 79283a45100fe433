//! Which documents and spans an export takes: whose annotations (the default annotator rule), which statuses,
//! which labels. Shared by the command line and the app so both pick the same documents.

use crate::model::{Span, Status};
use crate::store::{GOLD, Workspace};

use super::error::CorpusError;

/// Whose spans an export takes and which documents and labels it keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// The annotator whose files are exported; `None` when the workspace has no annotator yet (every document is
    /// exported with no spans).
    pub annotator: Option<String>,
    /// Keep only documents with one of these statuses (documents without a file count as `todo`); empty keeps
    /// all.
    pub statuses: Vec<Status>,
    /// Keep only spans with one of these labels; empty keeps all.
    pub labels: Vec<String>,
}

impl Selection {
    /// Applies the default-annotator rule and checks the filters against the workspace: the named annotator if
    /// given (it must have a folder), else `gold` where it exists, else the only annotator, else none when there is
    /// no annotator at all; several annotators and no `gold` need a name. Every label must be in the schema.
    pub fn resolve(
        workspace: &Workspace,
        annotator: Option<&str>,
        statuses: Vec<Status>,
        labels: Vec<String>,
    ) -> Result<Selection, CorpusError> {
        let known = workspace.annotators();
        let annotator = match annotator {
            Some(name) if known.iter().any(|k| k == name) => Some(name.to_owned()),
            Some(name) => {
                return Err(CorpusError::UnknownAnnotator {
                    name: name.to_owned(),
                    known,
                });
            }
            None if known.iter().any(|k| k == GOLD) => Some(GOLD.to_owned()),
            None => match known.as_slice() {
                [] => None,
                [only] => Some(only.clone()),
                _ => return Err(CorpusError::AmbiguousAnnotator(known)),
            },
        };
        let schema = workspace.schema();
        if let Some(label) = labels.iter().find(|l| !schema.has(l)) {
            return Err(CorpusError::UnknownLabel {
                label: label.clone(),
                known: schema.labels.iter().map(|l| l.name.clone()).collect(),
            });
        }
        Ok(Selection {
            annotator,
            statuses,
            labels,
        })
    }

    /// Whether a document with this status is exported.
    pub fn keeps_status(&self, status: Status) -> bool {
        self.statuses.is_empty() || self.statuses.contains(&status)
    }

    /// Drops the spans whose label was not asked for (in place, keeping order).
    pub fn filter_spans(&self, spans: &mut Vec<Span>) {
        if !self.labels.is_empty() {
            spans.retain(|s| self.labels.iter().any(|l| *l == s.label));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotationFile, DocRef};

    fn workspace_with(annotators: &[&str]) -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "523人").unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        let text = ws.load_text("a.txt").unwrap();
        for name in annotators {
            ws.save_annotations(&AnnotationFile::new(DocRef::of("a.txt", &text), *name))
                .unwrap();
        }
        (dir, ws)
    }

    #[test]
    fn default_annotator_rule() {
        let (_d, ws) = workspace_with(&[]);
        assert_eq!(
            Selection::resolve(&ws, None, vec![], vec![])
                .unwrap()
                .annotator,
            None
        );
        let (_d, ws) = workspace_with(&["alice"]);
        let chosen = Selection::resolve(&ws, None, vec![], vec![]).unwrap();
        assert_eq!(chosen.annotator.as_deref(), Some("alice"));
        let (_d, ws) = workspace_with(&["alice", "bob"]);
        let err = Selection::resolve(&ws, None, vec![], vec![]).unwrap_err();
        assert!(matches!(err, CorpusError::AmbiguousAnnotator(ref names) if names.len() == 2));
        assert!(err.is_usage());
        let chosen = Selection::resolve(&ws, Some("bob"), vec![], vec![]).unwrap();
        assert_eq!(chosen.annotator.as_deref(), Some("bob"));
        let (_d, ws) = workspace_with(&["alice", "bob", GOLD]);
        let chosen = Selection::resolve(&ws, None, vec![], vec![]).unwrap();
        assert_eq!(chosen.annotator.as_deref(), Some(GOLD));
        let err = Selection::resolve(&ws, Some("carol"), vec![], vec![]).unwrap_err();
        assert!(err.to_string().contains("alice, bob, gold"), "{err}");
    }

    #[test]
    fn labels_must_be_in_the_schema() {
        let (_d, ws) = workspace_with(&["alice"]);
        let err = Selection::resolve(&ws, None, vec![], vec!["Place".into()]).unwrap_err();
        assert!(err.to_string().contains("\"Place\""), "{err}");
        let chosen = Selection::resolve(&ws, None, vec![], vec!["Figure".into()]).unwrap();
        let text = crate::text::ReportText::new("贫困发生率降至0.68%");
        let mut spans = vec![
            Span::new(&text, 0, 12, "Outcome"),
            Span::new(&text, 7, 12, "Figure"),
        ];
        chosen.filter_spans(&mut spans);
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].label, "Figure");
    }
}
