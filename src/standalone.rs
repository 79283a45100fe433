//! Annotation files given by path (on the command line) rather than found by walking a workspace: read the
//! file, find the report it annotates, check the file against it. One function, so that `merge`, `agree` and
//! `validate` read a named file the same way.

use std::path::{Path, PathBuf};

use crate::model::AnnotationFile;
use crate::schema::Schema;
use crate::store::{self, StoreError};
use crate::text::ReportText;

/// An annotation file read from a path, with its report when it could be found.
#[derive(Debug, Clone)]
pub struct StandaloneFile {
    /// Where the file was read from.
    pub path: PathBuf,
    /// The annotations, checked against `text` when there is one.
    pub file: AnnotationFile,
    /// The report the file annotates, found by [`store::locate_text`]; `None` when it cannot be found (then
    /// nothing was checked against it).
    pub text: Option<ReportText>,
    /// The schema the file was checked against: its workspace's, else the default one.
    pub schema: Schema,
}

impl StandaloneFile {
    /// The report, or the error that names the file and the report it could not find.
    pub fn require_text(&self) -> Result<&ReportText, StoreError> {
        self.text.as_ref().ok_or_else(|| StoreError::MissingText {
            path: self.path.clone(),
            file: self.file.document.file.clone(),
        })
    }
}

/// Reads an annotation file, finds its report (inside its workspace, else beside it) and checks the file
/// against the report and the workspace's schema. A report that cannot be found is no error here: see
/// [`StandaloneFile::require_text`].
pub fn read_standalone(path: &Path) -> Result<StandaloneFile, StoreError> {
    let file = store::read_annotation_file(path)?;
    let schema = store::workspace_of(path)
        .map(|ws| ws.schema().clone())
        .unwrap_or_default();
    let text = match store::locate_text(path, &file) {
        Some(text_path) => {
            let text = store::read_text(&text_path)?;
            store::check_against(path, &file, &text, &schema)?;
            Some(text)
        }
        None => None,
    };
    Ok(StandaloneFile {
        path: path.to_owned(),
        file,
        text,
        schema,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocRef, Span};

    #[test]
    fn finds_checks_and_names_the_report() {
        let dir = tempfile::tempdir().unwrap();
        let text = ReportText::new("𠮷野家523人");
        std::fs::write(dir.path().join("r.txt"), text.as_str()).unwrap();
        let mut file = AnnotationFile::new(DocRef::of("r.txt", &text), "alice");
        file.spans = vec![Span::new(&text, 3, 7, "Figure")];
        let path = dir.path().join("alice.ron");
        store::write_annotation_file(&path, &file).unwrap();
        let read = read_standalone(&path).unwrap();
        assert_eq!(read.file, file);
        assert_eq!(read.require_text().unwrap().as_str(), text.as_str());

        // A changed report is refused, naming the file.
        std::fs::write(dir.path().join("r.txt"), "𠮷野家524人").unwrap();
        let err = read_standalone(&path).unwrap_err();
        assert!(matches!(err, StoreError::TextChanged { .. }), "{err}");

        // No report: read, unchecked, and the error names what is missing when one is needed.
        std::fs::remove_file(dir.path().join("r.txt")).unwrap();
        let read = read_standalone(&path).unwrap();
        assert!(read.text.is_none());
        let err = read.require_text().unwrap_err().to_string();
        assert!(err.contains("alice.ron") && err.contains("r.txt"), "{err}");
    }
}
