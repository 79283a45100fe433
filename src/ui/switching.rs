//! Saving, and moving from one thing to another: another report, another workspace, another analyst, quitting.
//! Every switch goes through [`App::save_before_switch`]: the open report is saved first, and when that fails the
//! switch does not happen, the edits stay in the window and the status bar says why.

use std::path::Path;
use std::time::{Duration, Instant};

use egui::ViewportCommand;

use crate::background::{Background, Polled};
use crate::doc_summaries::SummaryJob;
use crate::model::SpanKey;
use crate::plural::{count, s};
use crate::session::{LoadedDoc, Session, Summaries};

use super::app::{App, Mode};
use super::opening::{LARGE_REPORT, Opening};

/// How a failed save's message begins.
const NOT_SAVED: &str = "not saved";

/// Seconds of quiet after an edit before it is saved automatically.
pub const AUTOSAVE_AFTER: f64 = 2.0;

impl App {
    /// Saves the open report if it has unsaved edits.
    pub fn save(&mut self) -> Result<(), String> {
        self.commit_note();
        let Some(session) = self.session_mut() else {
            return Ok(());
        };
        match session.save() {
            Ok(Some(path)) => {
                // A save (often the quiet autosave) must not hide an error the analyst has not read yet, unless
                // the error was an earlier failed save, which this one puts right.
                if !self.message.is_error || self.message.text.starts_with(NOT_SAVED) {
                    self.info(format!("saved {}", path.display()));
                }
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(e) => Err(format!("{NOT_SAVED}: {e}")),
        }
    }

    /// The guard of every switch: saves the open report; on failure shows why (the edits stay open) and says
    /// the switch must not happen.
    pub(super) fn save_before_switch(&mut self) -> bool {
        match self.save() {
            Ok(()) => true,
            Err(e) => {
                self.error(format!("{e}; your edits are still open here"));
                false
            }
        }
    }

    pub(super) fn save_reporting(&mut self) {
        if let Err(e) = self.save() {
            self.error(e);
        }
    }

    /// Opens what the app starts on: `target` (or nothing), then the report open when the app last closed, else
    /// the first report.
    pub(super) fn open_start(&mut self, target: Option<std::path::PathBuf>) {
        if let Some(target) = target {
            let restore = self.settings.last_document.clone();
            self.open_path(&target);
            // The report open when the app last closed comes back (opening the workspace opened its first).
            if let Some(doc) = restore
                && let Some(session) = &self.session
                && let Some(index) = session.docs().iter().position(|d| d.path == doc)
            {
                self.go_to_doc(index);
            }
        }
        if let Some(session) = &self.session
            && session.current().is_none()
            && self.opening.is_none()
            && !session.docs().is_empty()
        {
            self.go_to_doc(0);
        }
    }

    /// Opens a workspace folder, or a report file with its folder as the workspace (leaving adjudication). The
    /// current report is saved first; a failure leaves everything as it is.
    pub(super) fn open_path(&mut self, path: &Path) {
        if let Some(prompt) = self.dialogs.who.as_mut() {
            // No name yet: nothing opens (no files under an invented name); this opens once one is given.
            prompt.opening = Some(path.to_owned());
            return;
        }
        if !self.save_before_switch() {
            return;
        }
        match Session::open_path_with(path, &self.settings.annotator, Summaries::Later) {
            Ok(session) => {
                // The list shows every report at once; statuses, counts and titles fill in from the files.
                self.doc_list.filter.forget();
                self.doc_list.job = Some(SummaryJob::start(
                    session.workspace().clone(),
                    self.settings.annotator.clone(),
                    || {},
                ));
                let root = session.workspace().root().to_owned();
                let reports = session.docs().len();
                self.settings.remember(root.clone());
                self.session = Some(session);
                self.mode = Mode::Editing;
                self.reset_doc_state();
                self.info(format!(
                    "opened {} ({})",
                    root.display(),
                    count(reports, "report")
                ));
                if self.doc().is_none() && reports > 0 {
                    self.go_to_doc(0);
                }
                if let Some(problem) = self.doc().and_then(|d| d.read_only.clone()) {
                    self.error(problem);
                }
                self.show_notice();
            }
            Err(e) => self.error(format!("cannot open {}: {e}", path.display())),
        }
    }

    /// Shows what the session has to say about the open report (edits recovered from its journal, a journal
    /// that cannot be written), if anything; true when it did.
    pub(super) fn show_notice(&mut self) -> bool {
        let Some(notice) = self.session_mut().and_then(Session::take_notice) else {
            return false;
        };
        if notice.warning {
            self.error(notice.text);
        } else {
            self.info(notice.text);
        }
        true
    }

    pub(super) fn reset_doc_state(&mut self) {
        self.editing = Default::default();
        self.view.set_selection(None);
        self.find.matches.clear();
        self.find.current = None;
    }

    /// Opens report `index` of the workspace, saving the current one first (and staying on it if that fails).
    pub(super) fn open_doc(&mut self, index: usize) {
        if !self.save_before_switch() {
            return;
        }
        let Some(session) = self.session_mut() else {
            return;
        };
        let problem = session.open_doc(index);
        self.after_open(index, problem);
    }

    /// What follows opening report `index` (or failing to): remember it, reset the view, say what happened.
    pub(super) fn after_open(&mut self, index: usize, problem: Option<String>) {
        let Some(session) = self.session() else {
            return;
        };
        let name = session.docs().get(index).map(|d| d.path.clone());
        self.settings.last_document = name.clone();
        self.reset_doc_state();
        self.refresh_find();
        if let Some(problem) = problem {
            self.error(problem);
            return;
        }
        if self.show_notice() {
            return;
        }
        let name = name.unwrap_or_default();
        let open = self.doc().map_or(0, |d| d.editor.file().conflicts.len());
        if open > 0 && self.adjudication().is_none() {
            self.info(format!(
                "opened {name}: it records {open} undecided merge conflict{} (F8 goes to them)",
                s(open)
            ));
        } else {
            self.info(format!("opened {name}"));
        }
    }

    /// Goes to report `index` the way the analyst asked for it (document list, Alt+↓/↑): while adjudicating,
    /// the adjudication view is rebuilt for the new report, so the conflicts shown are always that report's.
    /// When it cannot be (the report has fewer than two analysts' files), adjudication stops and the status
    /// bar says why.
    pub(super) fn go_to_doc(&mut self, index: usize) {
        if self.doc().map(|d| d.index) == Some(index) {
            return;
        }
        // A large report is read in the background (the window keeps going); not while adjudicating, whose
        // view is built from the report as soon as it is open.
        if self.adjudication().is_none() && self.open_in_background(index) {
            return;
        }
        self.open_doc(index);
        if self.doc().map(|d| d.index) != Some(index) {
            return;
        }
        if self.adjudication().is_some() && !self.start_adjudication() {
            let why = self.message.text.clone();
            self.stop_adjudication();
            if self.adjudication().is_none() {
                self.error(format!("{why}; adjudication stopped"));
            }
            // Otherwise gold could not be saved: adjudication stays on, and stop_adjudication said why.
        }
    }

    /// Opens report `doc` at a match the workspace find found (`at`, code points): the report opens as from the
    /// list (the current one saved first), the find bar shows the query's matches with this one current, and
    /// the match is selected, ready for a label key.
    pub(super) fn open_match(
        &mut self,
        doc: &str,
        at: (usize, usize),
        query: String,
        any_script: bool,
    ) {
        let Some(index) = self
            .session()
            .and_then(|s| s.docs().iter().position(|d| d.path == doc))
        else {
            self.error(format!("{doc} is no longer in the workspace"));
            return;
        };
        self.go_to_doc(index);
        if self.doc().map(|d| d.index) != Some(index) {
            return;
        }
        self.find.open = true;
        self.find.query = query;
        self.find.any_script = any_script;
        self.refresh_find();
        if let Some(current) = self.find.matches.iter().position(|&m| m == at) {
            self.find.current = Some(current);
        }
        self.view.scroll_to_char(at.0);
        self.select(None);
        self.view.set_selection(Some(at));
    }

    /// Works as another analyst (the status bar's name field, or the first-start prompt): the name is checked
    /// as the store requires, the open report is saved under the old name first (and nothing changes when that
    /// fails), then the workspace is opened again with the new analyst's files, on the same report.
    pub(super) fn set_annotator(&mut self, name: String) {
        let name = name.trim().to_owned();
        if let Err(e) = crate::store::check_annotator(&name) {
            self.error(format!("annotator not changed: {e}"));
            return;
        }
        if name == crate::store::GOLD {
            self.error(
                "annotator not changed: \"gold\" holds the merged results, written by adjudicating",
            );
            return;
        }
        if let Some(prompt) = self.dialogs.who.take() {
            self.settings.annotator = name;
            self.open_start(prompt.opening);
            return;
        }
        if name == self.settings.annotator {
            return;
        }
        let Some(root) = self
            .session
            .as_ref()
            .map(|s| s.workspace().root().to_owned())
        else {
            self.settings.annotator = name;
            return;
        };
        if !self.save_before_switch() {
            return;
        }
        let report = self.doc().map(|d| d.index);
        self.settings.annotator = name.clone();
        self.open_path(&root);
        if let Some(index) = report
            && self.doc().map(|d| d.index) != Some(index)
        {
            self.open_doc(index);
        }
        if !self.message.is_error {
            self.info(format!(
                "working as {name}: your files are annotations/{name}/"
            ));
        }
    }

    /// View ▸ Figures: saves the open report (so the table, read from disk, has its edits) and opens the window
    /// over the analyst's files.
    pub(super) fn open_figures(&mut self) {
        self.save_reporting();
        let Some(root) = self
            .session
            .as_ref()
            .map(|s| s.workspace().root().to_owned())
        else {
            self.error("open a workspace first");
            return;
        };
        self.dialogs
            .figures
            .open_for(&root, &self.settings.annotator);
    }

    /// Opens report `doc` (guarded like every switch) and selects the span `key` of it, scrolled into view.
    pub(super) fn open_at_span(&mut self, doc: &str, key: SpanKey) {
        let Some(index) = self
            .session()
            .and_then(|s| s.docs().iter().position(|d| d.path == doc))
        else {
            self.error(format!("{doc} is no longer in the workspace"));
            return;
        };
        self.go_to_doc(index);
        if self.doc().map(|d| d.index) != Some(index) {
            return;
        }
        self.view.scroll_to_char(key.start);
        self.view.set_selection(None);
        self.select(Some(key));
    }

    /// Saves after a quiet moment, and on closing: the window stays open when that save fails.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        let revision = self.doc().map_or(0, |d| d.editor.revision());
        if revision != self.autosave.revision {
            self.autosave.revision = revision;
            self.autosave.since = now;
        }
        if self.is_dirty() {
            if now - self.autosave.since >= AUTOSAVE_AFTER {
                self.save_reporting();
            } else {
                ctx.request_repaint_after(Duration::from_secs_f64(AUTOSAVE_AFTER));
            }
        }
        if ctx.input(|i| i.viewport().close_requested())
            && !self.dialogs.close.discard
            && let Err(e) = self.save()
        {
            self.error(e);
            self.dialogs.close.blocked = true;
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
        }
    }

    pub(super) fn update_title(&mut self, ctx: &egui::Context) {
        let doc = self
            .session()
            .and_then(|s| s.current().map(|d| s.docs()[d.index].path.clone()));
        let title = match doc {
            Some(doc) => format!("{}{doc} — spantag", if self.is_dirty() { "● " } else { "" }),
            None => "spantag".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Starts the export the export window describes, from what is on disk (saved first).
    pub(super) fn start_export(&mut self) {
        if !self.save_before_switch() {
            return;
        }
        let (Some(session), Some(form)) = (self.session.as_ref(), self.dialogs.export.as_ref())
        else {
            return;
        };
        match crate::store::Workspace::open(session.workspace().root())
            .map_err(super::export::ExportError::from)
            .and_then(|ws| super::export::RunningExport::start(ws, form))
        {
            Ok(job) => {
                self.export_job = Some(job);
                self.dialogs.export = None;
            }
            Err(e) => {
                let problem = e.to_string();
                if let Some(form) = self.dialogs.export.as_mut() {
                    form.problem = Some(problem.clone());
                }
                self.error(format!("not exported: {problem}"));
            }
        }
    }

    /// The export window's Browse…: the system's save dialog (a folder picker for a folder format), starting
    /// where the form points; without native dialogs, the status bar says to type the path.
    pub(super) fn browse_export(&mut self) {
        let Some(form) = self.dialogs.export.as_ref() else {
            return;
        };
        if self.dialogs.no_native {
            self.info("no file dialog here: type where to write in the export window");
            return;
        }
        let current = std::path::PathBuf::from(form.out.trim());
        let mut dialog = rfd::FileDialog::new().set_title("Export to");
        if let Some(dir) = current.parent().filter(|d| d.is_dir()) {
            dialog = dialog.set_directory(dir);
        }
        let chosen = if form.format.is_folder() {
            dialog.pick_folder()
        } else {
            if let Some(name) = current.file_name() {
                dialog = dialog.set_file_name(name.to_string_lossy());
            }
            dialog.save_file()
        };
        if let (Some(path), Some(form)) = (chosen, self.dialogs.export.as_mut()) {
            form.out = path.display().to_string();
            form.problem = None;
        }
    }

    /// Reports a finished export; asks for a repaint while one runs.
    pub(super) fn poll_export(&mut self, ctx: &egui::Context) {
        let Some(job) = self.export_job.as_mut() else {
            return;
        };
        match job.poll() {
            Some(Ok(message)) => {
                self.export_job = None;
                self.info(message);
            }
            Some(Err(e)) => {
                self.export_job = None;
                self.error(format!("export failed: {e}"));
            }
            None => ctx.request_repaint_after(Duration::from_millis(100)),
        }
    }
}

impl App {
    /// Starts reading report `index` in the background if it is large; false when it is small (open it now).
    pub(super) fn open_in_background(&mut self, index: usize) -> bool {
        let Some(session) = self.session.as_ref() else {
            return false;
        };
        let Some(name) = session.docs().get(index).map(|d| d.path.clone()) else {
            return false;
        };
        let bytes = std::fs::metadata(session.workspace().text_path(&name)).map_or(0, |m| m.len());
        if bytes <= LARGE_REPORT {
            return false;
        }
        let (workspace, annotator) = (session.workspace().clone(), session.annotator().to_owned());
        if !self.save_before_switch() {
            return true;
        }
        let path = name.clone();
        let job = Background::run(
            move || LoadedDoc::read(&workspace, &annotator, index, &path),
            || {},
        );
        self.info(format!("opening {name}…"));
        self.opening = Some(Opening {
            name,
            bytes,
            since: Instant::now(),
            job,
        });
        true
    }

    /// Opens the report being read once it is, and keeps frames coming (for the progress shown) until then.
    pub(super) fn poll_opening(&mut self, ctx: &egui::Context) {
        let Some(opening) = &self.opening else {
            return;
        };
        match opening.job.poll() {
            Polled::Ready(loaded) => {
                self.opening = None;
                let index = loaded.index();
                let Some(session) = self.session.as_mut() else {
                    return;
                };
                let problem = session.open_loaded(loaded);
                self.after_open(index, problem);
            }
            Polled::Waiting => {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            Polled::Gone => {
                let name = opening.name.clone();
                self.opening = None;
                self.error(format!("{name} could not be read (the reader stopped)"));
            }
        }
    }
}
