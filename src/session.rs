//! A workspace opened by one analyst: the list of reports with their status and span counts, and the report
//! being edited. The GUI is a view of this; every rule about which file is read, written or left alone lives
//! here, so it is tested without a window.

use std::path::{Path, PathBuf};

use crate::edit::{Edit, EditError, Editor};
use crate::journal::{self, Entry, Journal, Notice};
use crate::model::{AnnotationFile, Conflict, DocRef, Status};
use crate::store::{StoreError, Workspace};

pub use crate::doc_summaries::DocSummary;

/// A report read from disk, not yet open: its text (decoded and indexed) and the analyst's annotation file
/// as read. Reading is the slow part of opening a large report, and needs no session, so it can run on
/// another thread ([`LoadedDoc::read`]) while the window goes on; [`Session::open_loaded`] opens it.
#[derive(Debug)]
pub struct LoadedDoc {
    index: usize,
    path: String,
    text: Result<crate::text::ReportText, StoreError>,
    annotations: Result<Option<AnnotationFile>, StoreError>,
}

impl LoadedDoc {
    /// Reads report `path` (number `index` in the session's list) and `annotator`'s file for it.
    pub fn read(workspace: &Workspace, annotator: &str, index: usize, path: &str) -> LoadedDoc {
        let text = workspace.load_text(path);
        let annotations = match &text {
            Ok(text) => workspace.load_annotations(annotator, path, text),
            Err(_) => Ok(None),
        };
        LoadedDoc {
            index,
            path: path.to_owned(),
            text,
            annotations,
        }
    }

    /// The report's place in the session's list.
    pub fn index(&self) -> usize {
        self.index
    }
}

/// Why a switch did not happen: the open report could not be saved first.
fn save_first_failed(e: &StoreError) -> String {
    format!(
        "{e}. The open report keeps its unsaved edits: fix the problem and save (Ctrl+S) before switching"
    )
}

/// When a session reads its reports' summaries (status, span count, title).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Summaries {
    /// On opening, before returning (the command line, tests).
    Now,
    /// Later, in the background (the app: a workspace of 10,000 reports opens in a frame).
    Later,
}

/// The report being edited.
#[derive(Debug)]
pub struct OpenDoc {
    /// Index into [`Session::docs`].
    pub index: usize,
    /// The annotations and their undo history.
    pub editor: Editor,
    /// Set when the annotation file on disk could not be read: the document is shown but never saved, so the
    /// file is not overwritten.
    pub read_only: Option<String>,
    /// What the app should tell the analyst and has not yet (edits recovered from the journal on opening, a
    /// journal that cannot be written); taken with [`Session::take_notice`].
    pub notice: Option<Notice>,
    /// Where every edit is recorded before it shows (none for a read-only report).
    journal: Option<Journal>,
}

/// A workspace opened for one annotator.
#[derive(Debug)]
pub struct Session {
    workspace: Workspace,
    annotator: String,
    docs: Vec<DocSummary>,
    open: Option<OpenDoc>,
}

impl Session {
    /// Opens a workspace folder for an annotator and reads every report's status and span count.
    pub fn open(root: impl Into<PathBuf>, annotator: &str) -> Result<Session, StoreError> {
        Session::open_with(root, annotator, Summaries::Now)
    }

    /// Opens a workspace folder for an annotator, reading the reports' summaries now or leaving them to
    /// [`Session::set_summary`].
    pub fn open_with(
        root: impl Into<PathBuf>,
        annotator: &str,
        summaries: Summaries,
    ) -> Result<Session, StoreError> {
        crate::store::check_annotator(annotator)?;
        let workspace = Workspace::open(root)?;
        let docs = match summaries {
            // One annotation file read per report: on the machine's cores.
            Summaries::Now => crate::parallel::map(workspace.documents(), |doc| {
                crate::doc_summaries::summarize(&workspace, annotator, doc)
            }),
            Summaries::Later => workspace
                .documents()
                .iter()
                .map(|doc| DocSummary::unread(doc))
                .collect(),
        };
        Ok(Session {
            workspace,
            annotator: annotator.to_owned(),
            docs,
            open: None,
        })
    }

    /// Takes in a summary read in the background, unless the report has been opened in this session (then the
    /// session's own figures are newer than the files the summary was read from).
    pub fn set_summary(&mut self, index: usize, summary: DocSummary) {
        let Some(slot) = self.docs.get_mut(index) else {
            return;
        };
        if slot.path != summary.path {
            return;
        }
        if slot.read {
            slot.title = slot.title.take().or(summary.title);
            return;
        }
        *slot = summary;
    }

    /// Opens the folder of a `.txt` report as the workspace and that report in it, or a folder as is.
    pub fn open_path(path: &Path, annotator: &str) -> Result<Session, StoreError> {
        Session::open_path_with(path, annotator, Summaries::Now)
    }

    /// [`Session::open_path`], reading the summaries now or later ([`Session::open_with`]).
    pub fn open_path_with(
        path: &Path,
        annotator: &str,
        summaries: Summaries,
    ) -> Result<Session, StoreError> {
        if path.is_file() {
            let root = path.parent().unwrap_or(Path::new(".")).to_owned();
            let mut session = Session::open_with(&root, annotator, summaries)?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Some(index) = session.docs.iter().position(|d| d.path == name) {
                session.open_doc(index);
            }
            Ok(session)
        } else {
            Session::open_with(path, annotator, summaries)
        }
    }

    /// The workspace.
    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    /// The analyst whose files are read and written.
    pub fn annotator(&self) -> &str {
        &self.annotator
    }

    /// The reports with their summaries.
    pub fn docs(&self) -> &[DocSummary] {
        &self.docs
    }

    /// The report being edited.
    pub fn current(&self) -> Option<&OpenDoc> {
        self.open.as_ref()
    }

    /// The report being edited, mutably (for edits through [`Session::apply`] prefer that).
    pub fn current_mut(&mut self) -> Option<&mut OpenDoc> {
        self.open.as_mut()
    }

    /// Opens report `index`, saving the current one first. When that save fails nothing switches: the open
    /// report keeps its unsaved edits and the reason is returned, so a switch never discards work. A text that
    /// cannot be decoded leaves nothing open and returns the reason; an unreadable annotation file opens the
    /// text read-only.
    pub fn open_doc(&mut self, index: usize) -> Option<String> {
        let path = self.docs.get(index).map(|d| d.path.clone())?;
        // Saved first, so that a failed save leaves the open report as it is before anything is read.
        if let Err(e) = self.save() {
            return Some(save_first_failed(&e));
        }
        let loaded = LoadedDoc::read(&self.workspace, &self.annotator, index, &path);
        self.open_loaded(loaded)
    }

    /// Opens a report read by [`LoadedDoc::read`] (perhaps on another thread: reading and indexing a 50 MB
    /// report takes seconds), saving the current one first. As [`Session::open_doc`], a failed save switches
    /// nothing.
    pub fn open_loaded(&mut self, loaded: LoadedDoc) -> Option<String> {
        if let Err(e) = self.save() {
            return Some(save_first_failed(&e));
        }
        let LoadedDoc {
            index,
            path,
            text,
            annotations,
        } = loaded;
        if self.docs.get(index).is_none_or(|d| d.path != path) {
            return Some(format!("{path} is no longer in the workspace's list"));
        }
        let mut problem = None;
        let text = match text {
            Ok(text) => text,
            Err(e) => {
                let message = e.to_string();
                self.docs[index].problem = Some(message.clone());
                return Some(message);
            }
        };
        let fresh = || AnnotationFile::new(DocRef::of(path.clone(), &text), self.annotator.clone());
        let mut reanchored = None;
        let (file, read_only) = match annotations {
            Ok(Some(file)) => (file, None),
            Ok(None) => (fresh(), None),
            Err(StoreError::TextChanged {
                path: file_path, ..
            }) => match self.reanchor(&file_path, &text) {
                Ok((file, summary)) => {
                    reanchored = Some(summary);
                    (file, None)
                }
                Err(message) => {
                    problem = Some(message.clone());
                    (fresh(), Some(message))
                }
            },
            Err(e) => {
                let message = format!(
                    "{e}. The file is left untouched and this document is read-only until it is fixed."
                );
                problem = Some(message.clone());
                (fresh(), Some(message))
            }
        };
        self.docs[index].problem = read_only.clone();
        let mut editor = Editor::new(text, self.workspace.schema().clone(), file);
        let (journal, mut notice) = match read_only {
            Some(_) => (None, None),
            None => self.open_journal(&path, &mut editor),
        };
        if let Some(summary) = reanchored {
            // The file on disk still names the old text: the re-anchored one is to be saved.
            editor.mark_unsaved();
            let said = Notice {
                text: format!(
                    "Report text of {path} changed since it was annotated: {summary}{}",
                    if summary.orphans > 0 {
                        " (orphans stay in the file, listed by `spantag validate`)"
                    } else {
                        ""
                    }
                ),
                warning: summary.orphans > 0,
            };
            notice = Some(match notice {
                Some(journal) => Notice {
                    text: format!("{}. {}", said.text, journal.text),
                    warning: said.warning || journal.warning,
                },
                None => said,
            });
        }
        self.open = Some(OpenDoc {
            index,
            editor,
            read_only,
            notice,
            journal,
        });
        self.refresh_summary();
        problem
    }

    /// Reads an annotation file whose report changed and re-anchors it to `text`; the reason, as the app shows
    /// it, when it cannot be (the file is then left untouched).
    fn reanchor(
        &self,
        file_path: &Path,
        text: &crate::text::ReportText,
    ) -> Result<(AnnotationFile, crate::reanchor::Summary), String> {
        let untouched =
            |e: String| format!("{e}. The file is left untouched and this document is read-only.");
        let mut file =
            crate::store::read_annotation_file(file_path).map_err(|e| untouched(e.to_string()))?;
        let summary = crate::reanchor::reanchor(&mut file, text).map_err(|e| {
            untouched(format!(
                "{}: the report changed since it was annotated, and {e}",
                file_path.display()
            ))
        })?;
        crate::store::check_against(file_path, &file, text, self.workspace.schema())
            .map_err(|e| untouched(e.to_string()))?;
        Ok((file, summary))
    }

    /// The journal of a report just loaded into `editor`: the edits a session that did not save left in it are
    /// replayed (see [`crate::journal`]).
    fn open_journal(&self, path: &str, editor: &mut Editor) -> (Option<Journal>, Option<Notice>) {
        let Ok(file) = self.workspace.annotation_path(&self.annotator, path) else {
            return (None, None);
        };
        if let Err(e) = self.workspace.check_inside(&file) {
            // Saving is refused there too; nothing is written outside the workspace.
            let text = format!("{e}; edits are not journaled");
            return (
                None,
                Some(Notice {
                    text,
                    warning: true,
                }),
            );
        }
        match journal::file_hash(&file) {
            Ok(base) => {
                let opened = journal::open(&file, base, path, editor);
                (Some(opened.journal), opened.notice)
            }
            Err(e) => (
                None,
                Some(Notice {
                    text: format!(
                        "{}: cannot read it to start the edit journal ({e}); edits are not journaled",
                        file.display()
                    ),
                    warning: true,
                }),
            ),
        }
    }

    /// Takes what the app should tell the analyst about the open report (see [`OpenDoc::notice`]).
    pub fn take_notice(&mut self) -> Option<Notice> {
        self.open.as_mut()?.notice.take()
    }

    /// Applies an edit to the open report (refused if it is read-only).
    ///
    /// Status follows the work: an edit that adds a span to a report still marked todo also marks it in
    /// progress, in the same undo step (undo takes both back).
    pub fn apply(&mut self, edit: Edit) -> Result<(), SessionError> {
        let doc = self.open.as_mut().ok_or(SessionError::NoDocument)?;
        if let Some(reason) = &doc.read_only {
            return Err(SessionError::ReadOnly(reason.clone()));
        }
        let edit = if doc.editor.file().status == Status::Todo && edit.adds_span() {
            Edit::Batch(vec![
                edit,
                Edit::SetStatus {
                    old: Status::Todo,
                    new: Status::InProgress,
                },
            ])
        } else {
            edit
        };
        let line = doc
            .journal
            .as_ref()
            .filter(|_| !edit.is_empty())
            .map(|_| Journal::line(&Entry::Apply(&edit)));
        doc.editor.apply(edit)?;
        doc.journal_line(line);
        self.refresh_summary();
        Ok(())
    }

    /// Undoes the last edit of the open report.
    pub fn undo(&mut self) -> Result<(), SessionError> {
        let doc = self.open.as_mut().ok_or(SessionError::NoDocument)?;
        let line = doc
            .journal
            .as_ref()
            .and(doc.editor.next_undo())
            .map(|edit| Journal::line(&Entry::Undo(edit)));
        doc.editor.undo()?;
        doc.journal_line(line);
        self.refresh_summary();
        Ok(())
    }

    /// Redoes the last undone edit of the open report.
    pub fn redo(&mut self) -> Result<(), SessionError> {
        let doc = self.open.as_mut().ok_or(SessionError::NoDocument)?;
        let line = doc
            .journal
            .as_ref()
            .and(doc.editor.next_redo())
            .map(|edit| Journal::line(&Entry::Redo(edit)));
        doc.editor.redo()?;
        doc.journal_line(line);
        self.refresh_summary();
        Ok(())
    }

    /// Lists conflicts as open in the report for adjudication ([`Editor::record_conflicts`]), journaled so
    /// that edits settling them replay after a crash.
    pub fn record_conflicts(&mut self, conflicts: Vec<Conflict>) {
        let Some(doc) = self.open.as_mut() else {
            return;
        };
        if let Some(journal) = &mut doc.journal
            && let Err(e) = journal.record(&conflicts)
        {
            doc.notice = Some(journal_warning(e));
        }
        doc.editor.record_conflicts(conflicts);
    }

    /// Sets the open report's status (an undoable edit).
    pub fn set_status(&mut self, status: Status) -> Result<(), SessionError> {
        let old = self
            .open
            .as_ref()
            .ok_or(SessionError::NoDocument)?
            .editor
            .file()
            .status;
        if old == status {
            return Ok(());
        }
        self.apply(Edit::SetStatus { old, new: status })
    }

    /// Whether the open report has unsaved edits.
    pub fn is_dirty(&self) -> bool {
        self.open
            .as_ref()
            .is_some_and(|d| d.read_only.is_none() && d.editor.is_dirty())
    }

    /// Saves the open report if it has unsaved edits (atomically); returns the file written, if any.
    pub fn save(&mut self) -> Result<Option<PathBuf>, StoreError> {
        if !self.is_dirty() {
            return Ok(None);
        }
        let Some(doc) = self.open.as_mut() else {
            return Ok(None);
        };
        let file = doc.editor.file();
        let path = self
            .workspace
            .annotation_path(&file.annotator, &file.document.file)?;
        let ron = crate::store::annotation_ron(&path, file)?;
        let hash = journal::bytes_hash(ron.as_bytes());
        if let Some(journal) = &mut doc.journal
            && let Err(e) = journal.saving(&hash)
        {
            doc.notice = Some(journal_warning(e));
        }
        self.workspace.write_annotation_text(&path, &ron)?;
        doc.editor.mark_saved();
        if let Some(journal) = &mut doc.journal {
            journal.saved(hash);
        }
        Ok(Some(path))
    }

    fn refresh_summary(&mut self) {
        if let Some(doc) = &self.open
            && let Some(summary) = self.docs.get_mut(doc.index)
        {
            summary.status = doc.editor.file().status;
            summary.spans = doc.editor.spans().len();
            summary.read = true;
        }
    }
}

impl OpenDoc {
    /// Writes an applied edit's journal line; a failure is kept as the notice (the edit stays made).
    fn journal_line(&mut self, line: Option<String>) {
        if let (Some(journal), Some(line)) = (&mut self.journal, line)
            && let Err(e) = journal.write(&line)
        {
            self.notice = Some(journal_warning(e));
        }
    }
}

fn journal_warning(error: journal::JournalError) -> Notice {
    Notice {
        text: error.to_string(),
        warning: true,
    }
}

/// Why a session operation did nothing.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// No report is open.
    #[error("no document is open")]
    NoDocument,
    /// The open report's annotation file could not be read, so it is not edited.
    #[error("read-only: {0}")]
    ReadOnly(String),
    /// The edit itself was refused.
    #[error(transparent)]
    Edit(#[from] EditError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn workspace() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "𠮷野家：贫困发生率降至0.68%。").unwrap();
        std::fs::write(dir.path().join("b.txt"), "第二篇").unwrap();
        dir
    }

    #[test]
    fn edit_save_reopen() {
        let dir = workspace();
        let mut session = Session::open(dir.path(), "alice").unwrap();
        assert_eq!(session.docs().len(), 2);
        assert_eq!(session.open_doc(0), None);
        let span = session.current().unwrap().editor.new_span(11, 16, "Figure");
        session.apply(Edit::Add(span.clone())).unwrap();
        session.set_status(Status::InProgress).unwrap();
        assert!(session.is_dirty());
        assert_eq!(session.docs()[0].spans, 1);
        // Switching documents saves.
        session.open_doc(1);
        let reopened = Session::open(dir.path(), "alice").unwrap();
        assert_eq!(reopened.docs()[0].spans, 1);
        assert_eq!(reopened.docs()[0].status, Status::InProgress);
        let file = crate::store::read_annotation_file(&dir.path().join("annotations/alice/a.ron"))
            .unwrap();
        assert_eq!(file.spans, vec![Span { ..span }]);
    }

    #[test]
    fn the_first_span_starts_the_work_and_undo_takes_both_back() {
        let dir = workspace();
        let mut session = Session::open(dir.path(), "alice").unwrap();
        session.open_doc(0);
        let status = |s: &Session| s.current().unwrap().editor.file().status;
        assert_eq!(status(&session), Status::Todo);
        let span = session.current().unwrap().editor.new_span(11, 16, "Figure");
        session.apply(Edit::Add(span)).unwrap();
        assert_eq!(status(&session), Status::InProgress);
        session.undo().unwrap();
        assert_eq!(status(&session), Status::Todo);
        assert!(session.current().unwrap().editor.spans().is_empty());
        // A report marked done stays done when a span is added.
        session.set_status(Status::Done).unwrap();
        let span = session.current().unwrap().editor.new_span(0, 1, "Measure");
        session.apply(Edit::Add(span)).unwrap();
        assert_eq!(status(&session), Status::Done);
    }

    #[test]
    fn a_switch_whose_save_fails_keeps_the_report_and_its_edits() {
        let dir = workspace();
        let mut session = Session::open(dir.path(), "alice").unwrap();
        assert_eq!(session.open_doc(0), None);
        // A file where alice's folder should be: the save cannot happen (even as root, unlike a read-only folder).
        std::fs::create_dir_all(dir.path().join("annotations")).unwrap();
        std::fs::write(dir.path().join("annotations/alice"), "in the way").unwrap();
        let span = session.current().unwrap().editor.new_span(11, 16, "Figure");
        session.apply(Edit::Add(span.clone())).unwrap();
        // Nor can the journal be written: the edit is made all the same, and the analyst is told once.
        let notice = session.take_notice().expect("the journal failure is said");
        assert!(
            notice.warning && notice.text.contains("journal"),
            "{}",
            notice.text
        );
        session.set_status(Status::Done).unwrap();
        assert_eq!(session.take_notice(), None);
        let problem = session.open_doc(1).expect("the failed save is reported");
        assert!(problem.contains("unsaved edits"), "{problem}");
        let doc = session.current().expect("a report stays open");
        assert_eq!(doc.index, 0, "the switch did not happen");
        assert_eq!(doc.editor.spans(), [span]);
        assert!(session.is_dirty());
        // Once the way is clear, the same switch saves and goes.
        std::fs::remove_file(dir.path().join("annotations/alice")).unwrap();
        assert_eq!(session.open_doc(1), None);
        assert_eq!(session.current().unwrap().index, 1);
        assert_eq!(session.docs()[0].spans, 1);
    }

    /// A session that ends without saving (the app killed) leaves its edits in the journal; the next opening
    /// replays them, says so and has them to save; the save removes the journal.
    #[test]
    fn unsaved_edits_come_back_from_the_journal() {
        let dir = workspace();
        let mut session = Session::open(dir.path(), "alice").unwrap();
        session.open_doc(0);
        let figure = session.current().unwrap().editor.new_span(11, 16, "Figure");
        session.apply(Edit::Add(figure.clone())).unwrap();
        session.save().unwrap();
        let journal = dir.path().join("annotations/alice/a.ron.journal");
        assert!(!journal.exists(), "a save removes the journal");
        let astral = session.current().unwrap().editor.new_span(0, 1, "Measure");
        session.apply(Edit::Add(astral)).unwrap();
        session.undo().unwrap();
        session.redo().unwrap();
        session.set_status(Status::Done).unwrap();
        assert!(journal.exists());
        let expected = session.current().unwrap().editor.file().clone();
        drop(session);

        let mut session = Session::open(dir.path(), "alice").unwrap();
        assert_eq!(session.open_doc(0), None);
        let notice = session.take_notice().expect("the recovery is said");
        assert!(!notice.warning);
        assert!(
            notice.text.contains("Recovered 4 unsaved edits of a.txt"),
            "{}",
            notice.text
        );
        assert_eq!(session.current().unwrap().editor.file(), &expected);
        assert_eq!(session.docs()[0].status, Status::Done);
        assert!(session.is_dirty());
        session.save().unwrap();
        assert!(!journal.exists());
        let saved = crate::store::read_annotation_file(&dir.path().join("annotations/alice/a.ron"))
            .unwrap();
        assert_eq!(saved.spans.len(), 2);
        assert_eq!(saved.status, Status::Done);
    }

    /// A report revised after it was annotated opens re-anchored (not read-only), says what moved, and the
    /// file tied to the new text is saved.
    #[test]
    fn a_revised_report_opens_re_anchored() {
        let dir = workspace();
        let mut session = Session::open(dir.path(), "alice").unwrap();
        session.open_doc(0);
        let figure = session.current().unwrap().editor.new_span(11, 16, "Figure");
        session.apply(Edit::Add(figure)).unwrap();
        session.save().unwrap();
        drop(session);
        std::fs::write(
            dir.path().join("a.txt"),
            "前言𠮷。𠮷野家：贫困发生率降至0.68%。",
        )
        .unwrap();

        let mut session = Session::open(dir.path(), "alice").unwrap();
        assert_eq!(session.open_doc(0), None, "not read-only");
        let notice = session.take_notice().expect("what moved is said");
        assert!(
            notice.text.contains("changed") && notice.text.contains("1 span moved"),
            "{}",
            notice.text
        );
        assert!(!notice.warning, "no orphans");
        let doc = session.current().unwrap();
        assert_eq!(doc.editor.spans()[0].start, 15);
        assert_eq!(doc.editor.spans()[0].text, "0.68%");
        assert!(session.is_dirty());
        session.save().unwrap();
        let saved = crate::store::read_annotation_file(&dir.path().join("annotations/alice/a.ron"))
            .unwrap();
        let text = crate::store::read_text(&dir.path().join("a.txt")).unwrap();
        assert!(saved.document.matches(&text));
        drop(session);
        let mut session = Session::open(dir.path(), "alice").unwrap();
        assert_eq!(session.open_doc(0), None);
        assert_eq!(session.take_notice(), None, "nothing more to say");
    }

    /// An annotation folder linked outside the workspace: saving is refused there, and so is journaling.
    #[cfg(unix)]
    #[test]
    fn no_journal_is_written_outside_the_workspace() {
        let dir = workspace();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("annotations")).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("annotations/alice")).unwrap();
        let mut session = Session::open(dir.path(), "alice").unwrap();
        assert_eq!(session.open_doc(0), None);
        let notice = session.take_notice().expect("said on opening");
        assert!(
            notice.warning && notice.text.contains("not journaled"),
            "{}",
            notice.text
        );
        let span = session.current().unwrap().editor.new_span(11, 16, "Figure");
        session.apply(Edit::Add(span)).unwrap();
        assert!(session.save().is_err());
        assert_eq!(
            std::fs::read_dir(outside.path()).unwrap().count(),
            0,
            "nothing written there"
        );
    }

    #[test]
    fn broken_file_opens_read_only_and_is_never_overwritten() {
        let dir = workspace();
        let ron = dir.path().join("annotations/alice/a.ron");
        std::fs::create_dir_all(ron.parent().unwrap()).unwrap();
        std::fs::write(&ron, "(version: 1, spans: [").unwrap();
        let mut session = Session::open(dir.path(), "alice").unwrap();
        assert!(session.docs()[0].problem.is_some());
        let problem = session.open_doc(0).unwrap();
        assert!(problem.contains("a.ron"), "{problem}");
        let span = session.current().unwrap().editor.new_span(0, 1, "Figure");
        assert!(matches!(
            session.apply(Edit::Add(span)),
            Err(SessionError::ReadOnly(_))
        ));
        assert_eq!(session.save().unwrap(), None);
        assert_eq!(
            std::fs::read_to_string(&ron).unwrap(),
            "(version: 1, spans: ["
        );
        let _ = session.set_status(Status::Done);
        assert!(
            !dir.path().join("annotations/alice/a.ron.journal").exists(),
            "a read-only report keeps no journal"
        );
    }

    #[test]
    fn a_lazily_opened_workspace_lists_at_once_and_fills_in_from_the_job() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..(crate::doc_summaries::CHUNK + 3) {
            std::fs::write(
                dir.path().join(format!("r{i:04}.txt")),
                format!("\n𠮷标题{i}\n正文。\n"),
            )
            .unwrap();
        }
        let mut alice = Session::open(dir.path(), "alice").unwrap();
        alice.open_doc(1);
        alice.set_status(Status::Done).unwrap();
        alice.save().unwrap();

        let mut session = Session::open_with(dir.path(), "alice", Summaries::Later).unwrap();
        assert_eq!(session.docs().len(), crate::doc_summaries::CHUNK + 3);
        assert!(session.docs().iter().all(|d| !d.read && d.title.is_none()));
        let job = crate::doc_summaries::SummaryJob::start(
            session.workspace().clone(),
            "alice".into(),
            || {},
        );
        let mut seen = 0;
        while let Some(chunk) = job.take() {
            for (i, summary) in chunk {
                session.set_summary(i, summary);
                seen += 1;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert_eq!(seen, crate::doc_summaries::CHUNK + 3);
        let docs = session.docs();
        assert!(docs.iter().all(|d| d.read));
        assert_eq!(docs[1].status, Status::Done);
        assert_eq!(
            docs[crate::doc_summaries::CHUNK + 2].title.as_deref(),
            Some(format!("𠮷标题{}", crate::doc_summaries::CHUNK + 2).as_str())
        );
    }

    #[test]
    fn a_summary_read_before_the_report_was_opened_does_not_undo_the_sessions_own() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "标题\n").unwrap();
        let stale = crate::doc_summaries::summarize(
            &Workspace::open(dir.path()).unwrap(),
            "alice",
            "a.txt",
        );
        let mut session = Session::open_with(dir.path(), "alice", Summaries::Later).unwrap();
        session.open_doc(0);
        session.set_status(Status::Done).unwrap();
        session.set_summary(0, stale);
        assert_eq!(session.docs()[0].status, Status::Done);
        assert_eq!(session.docs()[0].title.as_deref(), Some("标题"));
    }
}
