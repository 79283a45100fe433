//! The workbench application: lays out the panels, collects what the analyst asked for as [`Action`]s while
//! drawing, and applies them afterwards through the core session (edits, saves, opening reports).

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui::{Color32, FontId, Ui, ViewportCommand};

use crate::boundary;
use crate::edit::Edit;
use crate::find::find_all;
use crate::model::{SpanKey, Status};
use crate::session::Session;

use super::commands::UiCommand;
use super::highlight::HighlightStyle;
use super::settings::Settings;
use super::text_view::{TextView, ViewInput};
use super::{doc_list, find_bar, help, label_panel, menu, status_bar};

/// Seconds of quiet after an edit before it is saved automatically.
pub const AUTOSAVE_AFTER: f64 = 2.0;

/// Something the analyst asked for while a panel was drawn; applied after drawing.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A command from a menu or shortcut.
    Command(UiCommand),
    /// Open report `index` of the list.
    OpenDoc(usize),
    /// Open a workspace folder or report file.
    OpenPath(PathBuf),
    /// Apply a label: to the selected text (new span) or to the selected span (relabel).
    Label(String),
    /// Select a span (and scroll to it when asked).
    SelectSpan(SpanKey, bool),
    /// Set the note of a span.
    SetNote(SpanKey, String),
    /// Set the report's status.
    SetStatus(Status),
    /// Search for this text.
    FindQuery(String),
    /// Go to the next (true) or previous (false) find result.
    FindStep(bool),
    /// Tag every find result with this label, as one undoable step.
    TagAllMatches(String),
    /// Work as another analyst.
    SetAnnotator(String),
    /// Adjudication: apply a choice to conflict `usize`.
    Resolve(usize, crate::adjudicate::Choice),
    /// Adjudication: accept every span all analysts made.
    AcceptUnanimous,
    /// Adjudication: take gold's open conflicts the analysts no longer show off its list.
    WithdrawOutdated,
    /// Decide conflict `usize` of those the open file records (left by a merge).
    ResolveRecorded(usize, crate::adjudicate::Choice),
}

/// Status-bar message.
#[derive(Debug, Clone, Default)]
pub struct Message {
    /// The text.
    pub text: String,
    /// Shown in red.
    pub is_error: bool,
}

/// The find bar's state.
#[derive(Debug, Clone, Default)]
pub struct FindState {
    /// Whether the bar is shown.
    pub open: bool,
    /// The query being typed.
    pub query: String,
    /// Results for `query` in the open report.
    pub matches: Vec<(usize, usize)>,
    /// The emphasised result.
    pub current: Option<usize>,
    /// Give the query field keyboard focus on the next frame.
    pub focus: bool,
}

/// The workbench: persisted settings plus runtime state.
pub struct App {
    /// Persisted preferences and places.
    pub settings: Settings,
    /// The open workspace.
    pub session: Option<Session>,
    /// The report view.
    pub view: TextView,
    /// The selected span.
    pub selected: Option<SpanKey>,
    /// The note being edited for the selected span.
    pub note_draft: String,
    /// Find bar state.
    pub find: FindState,
    /// Last message for the status bar.
    pub message: Message,
    /// Guidelines window open.
    pub show_guidelines: bool,
    /// Shortcut list open.
    pub show_shortcuts: bool,
    /// "Open path" window: open, and the path typed.
    pub path_prompt: Option<String>,
    /// A save failed while closing: the window stays open until the analyst decides.
    pub close_blocked: bool,
    /// The analyst chose to quit without saving after a failed save.
    pub discard_on_close: bool,
    /// Set while adjudicating the open report.
    pub adjudication: Option<super::adjudication::Adjudication>,
    /// The open file's recorded conflict being looked at (an index into its `conflicts`).
    pub recorded_conflict: Option<usize>,
    /// The agreement window's report, while it is open.
    pub agreement: Option<super::agreement::AgreementReport>,
    /// The export window's choices, while it is open.
    pub export_form: Option<super::export::ExportForm>,
    /// An export running in the background.
    pub export_job: Option<super::export::RunningExport>,
    last_edit_revision: u64,
    last_edit_time: f64,
    title: String,
}

impl App {
    /// The app with these settings, opening `path` (or the last workspace, or nothing).
    pub fn new(settings: Settings, path: Option<PathBuf>) -> App {
        let mut app = App {
            settings,
            session: None,
            view: TextView::default(),
            selected: None,
            note_draft: String::new(),
            find: FindState::default(),
            message: Message::default(),
            show_guidelines: false,
            show_shortcuts: false,
            path_prompt: None,
            close_blocked: false,
            discard_on_close: false,
            adjudication: None,
            recorded_conflict: None,
            agreement: None,
            export_form: None,
            export_job: None,
            last_edit_revision: 0,
            last_edit_time: 0.0,
            title: String::new(),
        };
        let target = path.or_else(|| app.settings.last_workspace.clone());
        if let Some(target) = target {
            let restore = app.settings.last_document.clone();
            app.open_path(&target);
            if let Some(doc) = restore
                && let Some(session) = &app.session
                && session.current().is_none()
                && let Some(index) = session.docs().iter().position(|d| d.path == doc)
            {
                app.open_doc(index);
            }
        }
        if let Some(session) = &app.session
            && session.current().is_none()
            && !session.docs().is_empty()
        {
            app.open_doc(0);
        }
        app
    }

    /// Shows a message in the status bar.
    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.message = Message {
            text: text.into(),
            is_error: false,
        };
    }

    /// Shows an error in the status bar.
    pub(crate) fn error(&mut self, text: impl Into<String>) {
        self.message = Message {
            text: text.into(),
            is_error: true,
        };
    }

    /// Opens a workspace folder, or a report file with its folder as the workspace. The current report is saved
    /// first; a failure leaves the current workspace open.
    pub fn open_path(&mut self, path: &Path) {
        if let Err(e) = self.save() {
            self.error(e);
            return;
        }
        match Session::open_path(path, &self.settings.annotator) {
            Ok(session) => {
                let root = session.workspace().root().to_owned();
                let count = session.docs().len();
                self.settings.remember(root.clone());
                self.session = Some(session);
                self.reset_doc_state();
                self.info(format!("opened {} ({count} reports)", root.display()));
                if self.session.as_ref().is_some_and(|s| s.current().is_none()) && count > 0 {
                    self.open_doc(0);
                }
                if let Some(doc) = self.current_problem() {
                    self.error(doc);
                }
            }
            Err(e) => self.error(format!("cannot open {}: {e}", path.display())),
        }
    }

    fn current_problem(&self) -> Option<String> {
        self.session.as_ref()?.current()?.read_only.clone()
    }

    fn reset_doc_state(&mut self) {
        self.selected = None;
        self.note_draft.clear();
        self.view.set_selection(None);
        self.find.matches.clear();
        self.find.current = None;
        self.recorded_conflict = None;
    }

    /// Opens report `index` of the workspace (saving the current one first).
    pub fn open_doc(&mut self, index: usize) {
        self.commit_note();
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let problem = session.open_doc(index);
        self.settings.last_document = session.docs().get(index).map(|d| d.path.clone());
        self.reset_doc_state();
        self.refresh_find();
        match problem {
            Some(p) => self.error(p),
            None => {
                let name = self.settings.last_document.clone().unwrap_or_default();
                let open = self
                    .session
                    .as_ref()
                    .and_then(Session::current)
                    .map_or(0, |d| d.editor.file().conflicts.len());
                if open > 0 && self.adjudication.is_none() {
                    self.info(format!(
                        "opened {name}: it records {open} undecided merge conflict{} (F8 goes to them)",
                        if open == 1 { "" } else { "s" }
                    ));
                } else {
                    self.info(format!("opened {name}"));
                }
            }
        }
    }

    /// Goes to report `index` the way the analyst asked for it (document list, Alt+↓/↑): while adjudicating,
    /// the adjudication view is rebuilt for the new report, so the conflicts shown are always that report's.
    /// When it cannot be (the report has fewer than two analysts' files), adjudication stops and the status
    /// bar says why.
    fn go_to_doc(&mut self, index: usize) {
        self.open_doc(index);
        if self.adjudication.is_some() && !self.start_adjudication() {
            let why = self.message.text.clone();
            self.stop_adjudication();
            self.error(format!("{why}; adjudication stopped"));
        }
    }

    /// Saves the open report if it has unsaved edits.
    pub fn save(&mut self) -> Result<(), String> {
        self.commit_note();
        let Some(session) = self.session.as_mut() else {
            return Ok(());
        };
        match session.save() {
            Ok(Some(path)) => {
                self.info(format!("saved {}", path.display()));
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(e) => Err(format!("not saved: {e}")),
        }
    }

    fn save_reporting(&mut self) {
        if let Err(e) = self.save() {
            self.error(e);
        }
    }

    /// Whether the open report has unsaved edits.
    pub fn is_dirty(&self) -> bool {
        self.session.as_ref().is_some_and(Session::is_dirty)
    }

    fn apply_edit(&mut self, edit: Edit) -> bool {
        let Some(session) = self.session.as_mut() else {
            return false;
        };
        match session.apply(edit) {
            Ok(()) => true,
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }

    /// The span that is selected, as it is now in the editor.
    fn selected_span(&self) -> Option<crate::model::Span> {
        let key = self.selected.as_ref()?;
        self.session
            .as_ref()?
            .current()?
            .editor
            .spans()
            .iter()
            .find(|s| &s.key() == key)
            .cloned()
    }

    /// Writes the note being typed into the selected span, if it changed.
    fn commit_note(&mut self) {
        if let Some(span) = self.selected_span() {
            let draft = self.note_draft.clone();
            if span.note.as_deref().unwrap_or("") != draft.trim_end()
                && !(span.note.is_none() && draft.trim().is_empty())
            {
                self.apply_edit(Edit::set_note(&span, draft.trim_end()));
            }
        }
    }

    pub(super) fn select(&mut self, key: Option<SpanKey>) {
        self.commit_note();
        self.selected = key;
        self.note_draft = self
            .selected_span()
            .and_then(|s| s.note)
            .unwrap_or_default();
    }

    /// Applies a label: a new span over the selected text (trimmed to the guidelines' boundaries when that is
    /// on), or a new label for the selected span.
    pub fn apply_label(&mut self, label: &str) {
        let Some(doc) = self.session.as_ref().and_then(Session::current) else {
            return;
        };
        if let Some((start, end)) = self.view.selection() {
            let range = if self.settings.trim_boundaries {
                boundary::trim(doc.editor.text(), start, end)
            } else {
                Some((start, end))
            };
            let Some((start, end)) = range else {
                self.error("the selection holds only spaces and punctuation");
                return;
            };
            let span = doc.editor.new_span(start, end, label);
            let key = span.key();
            if self.apply_edit(Edit::Add(span)) {
                self.view.set_selection(None);
                self.select(Some(key));
            }
        } else if let Some(span) = self.selected_span() {
            if span.label == label {
                return;
            }
            let mut key = span.key();
            key.label = label.into();
            if self.apply_edit(Edit::relabel(&span, label)) {
                self.selected = Some(key);
            }
        } else {
            self.info("select some text first, then choose a label");
        }
    }

    fn move_boundary(&mut self, command: UiCommand) {
        let Some(span) = self.selected_span() else {
            return;
        };
        let Some(doc) = self.session.as_ref().and_then(Session::current) else {
            return;
        };
        let (mut start, mut end) = (span.start, span.end);
        match command {
            UiCommand::EndRight => end += 1,
            UiCommand::EndLeft => end = end.saturating_sub(1),
            UiCommand::StartRight => start += 1,
            UiCommand::StartLeft => start = start.saturating_sub(1),
            _ => return,
        }
        if start >= end || end > doc.editor.text().len_chars() {
            return;
        }
        let edit = Edit::move_to(doc.editor.text(), &span, start, end);
        let key = SpanKey {
            start,
            end,
            label: span.label.clone(),
        };
        if self.apply_edit(edit) {
            self.selected = Some(key);
        }
    }

    fn step_span(&mut self, forward: bool) {
        let Some(doc) = self.session.as_ref().and_then(Session::current) else {
            return;
        };
        let spans = doc.editor.spans();
        if spans.is_empty() {
            return;
        }
        let current = self
            .selected
            .as_ref()
            .and_then(|k| spans.iter().position(|s| &s.key() == k));
        let next = match (current, forward) {
            (None, true) => 0,
            (None, false) => spans.len() - 1,
            (Some(i), true) => (i + 1) % spans.len(),
            (Some(i), false) => (i + spans.len() - 1) % spans.len(),
        };
        let key = spans[next].key();
        self.view.scroll_to_char(key.start);
        self.select(Some(key));
    }

    fn refresh_find(&mut self) {
        self.find.matches = match self.session.as_ref().and_then(Session::current) {
            Some(doc) if !self.find.query.is_empty() => {
                find_all(doc.editor.text(), &self.find.query)
            }
            _ => Vec::new(),
        };
        self.find.current = (!self.find.matches.is_empty()).then_some(0);
        if let Some(&(start, _)) = self.find.matches.first() {
            self.view.scroll_to_char(start);
        }
    }

    fn tag_all_matches(&mut self, label: &str) {
        let Some(doc) = self.session.as_ref().and_then(Session::current) else {
            return;
        };
        let existing: std::collections::HashSet<SpanKey> =
            doc.editor.spans().iter().map(|s| s.key()).collect();
        let edits: Vec<Edit> = self
            .find
            .matches
            .iter()
            .map(|&(start, end)| doc.editor.new_span(start, end, label))
            .filter(|s| !existing.contains(&s.key()))
            .map(Edit::Add)
            .collect();
        let count = edits.len();
        if count == 0 {
            self.info(format!("every match is already tagged {label}"));
            return;
        }
        if self.apply_edit(Edit::Batch(edits)) {
            self.info(format!("tagged {count} matches as {label} (one undo step)"));
        }
    }

    /// Applies one action.
    pub fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Command(command) => self.run_command(ctx, command),
            Action::OpenDoc(index) => self.go_to_doc(index),
            Action::Resolve(index, choice) => self.resolve_conflict(index, choice),
            Action::AcceptUnanimous => self.accept_unanimous(),
            Action::WithdrawOutdated => self.withdraw_outdated(),
            Action::ResolveRecorded(index, choice) => self.resolve_recorded(index, choice),
            Action::OpenPath(path) => self.open_path(&path),
            Action::Label(label) => self.apply_label(&label),
            Action::SelectSpan(key, scroll) => {
                if scroll {
                    self.view.scroll_to_char(key.start);
                }
                self.view.set_selection(None);
                self.select(Some(key));
            }
            Action::SetNote(key, note) => {
                if let Some(span) = self.selected_span().filter(|s| s.key() == key) {
                    self.apply_edit(Edit::set_note(&span, &note));
                }
            }
            Action::SetStatus(status) => {
                if let Some(session) = self.session.as_mut()
                    && let Err(e) = session.set_status(status)
                {
                    self.error(e.to_string());
                }
            }
            Action::FindQuery(query) => {
                self.find.query = query;
                self.refresh_find();
            }
            Action::FindStep(forward) => {
                let n = self.find.matches.len();
                if n > 0 {
                    let i = self.find.current.unwrap_or(0);
                    let next = if forward {
                        (i + 1) % n
                    } else {
                        (i + n - 1) % n
                    };
                    self.find.current = Some(next);
                    self.view.scroll_to_char(self.find.matches[next].0);
                }
            }
            Action::TagAllMatches(label) => self.tag_all_matches(&label),
            Action::SetAnnotator(name) => match crate::store::check_annotator(&name) {
                Ok(()) => {
                    self.settings.annotator = name;
                    if let Some(root) = self
                        .session
                        .as_ref()
                        .map(|s| s.workspace().root().to_owned())
                    {
                        self.open_path(&root);
                    }
                }
                Err(e) => self.error(e.to_string()),
            },
        }
    }

    /// Runs a command.
    pub fn run_command(&mut self, ctx: &egui::Context, command: UiCommand) {
        match command {
            UiCommand::OpenFolder => match rfd::FileDialog::new().pick_folder() {
                Some(path) => self.open_path(&path),
                None => self.path_prompt = Some(String::new()),
            },
            UiCommand::OpenFile => match rfd::FileDialog::new()
                .add_filter("report", &["txt"])
                .pick_file()
            {
                Some(path) => self.open_path(&path),
                None => self.path_prompt = Some(String::new()),
            },
            UiCommand::OpenPath => self.path_prompt = Some(String::new()),
            UiCommand::Save => {
                let was_dirty = self.is_dirty();
                self.save_reporting();
                if !was_dirty && !self.message.is_error {
                    self.info("nothing to save: every change is on disk");
                }
            }
            UiCommand::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            UiCommand::Undo | UiCommand::Redo => {
                self.commit_note();
                let open_before = if self.adjudication.is_none() {
                    self.recorded().to_vec()
                } else {
                    Vec::new()
                };
                if let Some(session) = self.session.as_mut() {
                    let result = if command == UiCommand::Undo {
                        session.undo()
                    } else {
                        session.redo()
                    };
                    if let Err(e) = result {
                        self.info(e.to_string());
                    }
                }
                if self.selected_span().is_none() {
                    self.selected = None;
                }
                self.follow_recorded_conflicts(&open_before);
            }
            UiCommand::Find => {
                self.find.open = true;
                self.find.focus = true;
                if let Some((a, b)) = self.view.selection()
                    && let Some(doc) = self.session.as_ref().and_then(Session::current)
                {
                    self.find.query = doc.editor.text().slice(a, b).to_owned();
                    self.refresh_find();
                }
            }
            UiCommand::NextDocument | UiCommand::PreviousDocument => {
                if let Some(session) = &self.session {
                    let n = session.docs().len();
                    if n > 0 {
                        let i = session.current().map_or(0, |d| d.index);
                        let next = if command == UiCommand::NextDocument {
                            (i + 1).min(n - 1)
                        } else {
                            i.saturating_sub(1)
                        };
                        if next != i || session.current().is_none() {
                            self.go_to_doc(next);
                        }
                    }
                }
            }
            UiCommand::DeleteSpan => {
                if let Some(span) = self.selected_span()
                    && self.apply_edit(Edit::Remove(span))
                {
                    self.selected = None;
                    self.note_draft.clear();
                }
            }
            UiCommand::EndRight
            | UiCommand::EndLeft
            | UiCommand::StartRight
            | UiCommand::StartLeft => self.move_boundary(command),
            UiCommand::NextSpan => self.step_span(true),
            UiCommand::PreviousSpan => self.step_span(false),
            UiCommand::ToggleDone => {
                let status = self
                    .session
                    .as_ref()
                    .and_then(Session::current)
                    .map(|d| d.editor.file().status);
                if let Some(status) = status {
                    let next = if status == Status::Done {
                        Status::InProgress
                    } else {
                        Status::Done
                    };
                    self.apply(ctx, Action::SetStatus(next));
                }
            }
            UiCommand::Deselect => {
                if self.find.open && self.view.selection().is_none() && self.selected.is_none() {
                    self.find.open = false;
                }
                self.view.set_selection(None);
                self.select(None);
            }
            UiCommand::ZoomIn => {
                self.settings.font_size = (self.settings.font_size + 2.0).min(48.0)
            }
            UiCommand::ZoomOut => {
                self.settings.font_size = (self.settings.font_size - 2.0).max(10.0)
            }
            UiCommand::ToggleTheme => self.settings.dark = !self.settings.dark,
            UiCommand::ToggleTrim => self.settings.trim_boundaries = !self.settings.trim_boundaries,
            UiCommand::Guidelines => self.show_guidelines = !self.show_guidelines,
            UiCommand::Shortcuts => self.show_shortcuts = !self.show_shortcuts,
            UiCommand::Adjudicate => {
                self.start_adjudication();
            }
            UiCommand::StopAdjudicating => self.stop_adjudication(),
            UiCommand::NextConflict => self.step_conflict(true),
            UiCommand::PreviousConflict => self.step_conflict(false),
            UiCommand::Export => {
                self.export_form = self
                    .session
                    .as_ref()
                    .map(|s| super::export::ExportForm::new(s.workspace()));
            }
            UiCommand::Agreement => {
                self.agreement = self
                    .session
                    .as_ref()
                    .map(|s| super::agreement::AgreementReport {
                        result: crate::team::workspace_agreement(s.workspace()),
                    });
            }
        }
    }

    /// Label hotkeys pressed this frame (only when no text field has focus).
    fn pressed_labels(&self, ctx: &egui::Context) -> Vec<String> {
        let Some(session) = &self.session else {
            return Vec::new();
        };
        let mut labels = Vec::new();
        ctx.input_mut(|input| {
            for label in &session.workspace().schema().labels {
                if let Some(key) = label
                    .hotkey
                    .and_then(|c| egui::Key::from_name(&c.to_string()))
                    && input.consume_key(egui::Modifiers::NONE, key)
                {
                    labels.push(label.name.clone());
                }
            }
        });
        labels
    }

    fn style(&self, ui: &Ui) -> HighlightStyle {
        let labels = self
            .session
            .as_ref()
            .map(|s| {
                s.workspace()
                    .schema()
                    .labels
                    .iter()
                    .map(|l| {
                        let [r, g, b] = l.rgb();
                        (l.name.clone(), Color32::from_rgb(r, g, b))
                    })
                    .collect()
            })
            .unwrap_or_default();
        HighlightStyle {
            font: FontId::proportional(self.settings.font_size),
            text: ui.visuals().text_color(),
            dark: ui.visuals().dark_mode,
            labels,
        }
    }

    /// Draws the whole workbench into `ui` and applies what the analyst did. Used by eframe and by tests.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        ctx.set_theme(if self.settings.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        let mut actions: Vec<Action> = Vec::new();

        // Keyboard first, so that a key consumed by a command does not also reach a widget.
        let typing = ctx.egui_wants_keyboard_input();
        actions.extend(
            UiCommand::pressed(&ctx, typing)
                .into_iter()
                .map(Action::Command),
        );
        if !typing {
            actions.extend(self.pressed_labels(&ctx).into_iter().map(Action::Label));
        }
        for file in ctx.input(|i| i.raw.dropped_files.clone()) {
            let path = file.path();
            if !path.as_os_str().is_empty() {
                actions.push(Action::OpenPath(path.to_owned()));
            }
        }

        egui::Panel::top("menu_bar").show(ui, |ui| {
            menu::show(ui, self, &mut actions);
        });
        if self.find.open {
            egui::Panel::top("find_bar").show(ui, |ui| {
                find_bar::show(ui, self, &mut actions);
            });
        }
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            status_bar::show(ui, self, &mut actions);
        });
        egui::Panel::left("documents")
            .resizable(true)
            .default_size(230.0)
            .size_range(150.0..=420.0)
            .show(ui, |ui| {
                doc_list::show(ui, self, &mut actions);
            });
        egui::Panel::right("labels")
            .resizable(true)
            .default_size(300.0)
            .size_range(220.0..=520.0)
            .show(ui, |ui| {
                if self.adjudication.is_some() {
                    super::adjudication::show_panel(ui, self, &mut actions);
                } else {
                    label_panel::show(ui, self, &mut actions);
                }
            });
        egui::CentralPanel::default().show(ui, |ui| {
            self.central(ui, &mut actions);
        });
        help::show_windows(&ctx, self, &mut actions);
        self.export_window(&ctx);
        if let Some(report) = &self.agreement {
            let mut open = true;
            egui::Window::new("Agreement")
                .open(&mut open)
                .default_size([520.0, 520.0])
                .vscroll(true)
                .show(&ctx, |ui| super::agreement::show(ui, report));
            if !open {
                self.agreement = None;
            }
        }

        for action in actions {
            self.apply(&ctx, action);
        }
        self.autosave(&ctx);
        self.update_title(&ctx);
    }

    fn central(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let style = self.style(ui);
        let Some(doc) = self.session.as_ref().and_then(Session::current) else {
            ui.centered_and_justified(|ui| {
                ui.label("Open a workspace folder (File → Open folder…) or drop a folder or .txt file here.");
            });
            return;
        };
        if let Some(reason) = &doc.read_only {
            ui.colored_label(ui.visuals().error_fg_color, format!("※ {reason}"));
        }
        let editor = &doc.editor;
        if let Some(adj) = &self.adjudication {
            let region = adj.current_region();
            let style = HighlightStyle {
                labels: super::adjudication::support_colors(),
                ..style
            };
            let input = ViewInput {
                text: editor.text(),
                spans: &adj.display,
                revision: adj.revision,
                selected_span: region.as_ref(),
                matches: &self.find.matches,
                current_match: self.find.current,
                style: &style,
            };
            let output = self.view.show(ui, &input);
            if let Some(at) = output.clicked_char
                && let Some(index) = adj.view.conflict_at(at)
                && let Some(adj) = self.adjudication.as_mut()
            {
                adj.current = Some(index);
            }
            return;
        }
        // The selected span is outlined; with none selected, the recorded conflict being looked at.
        let region = self.recorded_region().filter(|_| self.selected.is_none());
        let mut style = style;
        if region.is_some() {
            style
                .labels
                .push(("conflict".into(), super::adjudication::CONFLICT_COLOR));
        }
        let input = ViewInput {
            text: editor.text(),
            spans: editor.spans(),
            revision: editor.revision(),
            selected_span: self.selected.as_ref().or(region.as_ref()),
            matches: &self.find.matches,
            current_match: self.find.current,
            style: &style,
        };
        let output = self.view.show(ui, &input);
        if let Some(at) = output.clicked_char {
            // A click selects the innermost span there; clicking again selects the next one out.
            let hits: Vec<SpanKey> = editor.spans_at(at).iter().map(|s| s.key()).collect();
            let next = match self
                .selected
                .as_ref()
                .and_then(|k| hits.iter().position(|h| h == k))
            {
                Some(i) if i + 1 < hits.len() => Some(hits[i + 1].clone()),
                Some(_) => hits.first().cloned(),
                None => hits.first().cloned(),
            };
            match next {
                Some(key) => actions.push(Action::SelectSpan(key, false)),
                None => actions.push(Action::Command(UiCommand::Deselect)),
            }
        } else if output.selection_changed && self.view.selection().is_some() {
            self.select(None);
        }
    }

    fn export_window(&mut self, ctx: &egui::Context) {
        if let Some(job) = self.export_job.as_mut() {
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
        let (Some(form), Some(session)) = (self.export_form.as_mut(), self.session.as_ref()) else {
            return;
        };
        let busy = self.export_job.is_some();
        let mut request = None;
        egui::Window::new("Export corpus")
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                request = super::export::show_form(ui, form, session.workspace(), busy);
            });
        match request {
            Some(super::export::ExportRequest::Start) => {
                // Export what is on disk: save first.
                if let Err(e) = self.save() {
                    self.error(e);
                    return;
                }
                let Some(session) = self.session.as_ref() else {
                    return;
                };
                let Some(form) = self.export_form.as_ref() else {
                    return;
                };
                match crate::store::Workspace::open(session.workspace().root())
                    .map_err(super::export::ExportError::from)
                    .and_then(|ws| super::export::RunningExport::start(ws, form))
                {
                    Ok(job) => {
                        self.export_job = Some(job);
                        self.export_form = None;
                    }
                    Err(e) => self.error(e),
                }
            }
            Some(super::export::ExportRequest::Close) => self.export_form = None,
            None => {}
        }
    }

    fn autosave(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        let revision = self
            .session
            .as_ref()
            .and_then(Session::current)
            .map_or(0, |d| d.editor.revision());
        if revision != self.last_edit_revision {
            self.last_edit_revision = revision;
            self.last_edit_time = now;
        }
        if self.is_dirty() {
            if now - self.last_edit_time >= AUTOSAVE_AFTER {
                self.save_reporting();
            } else {
                ctx.request_repaint_after(Duration::from_secs_f64(AUTOSAVE_AFTER));
            }
        }
        // Closing: save, and keep the window open only if saving failed.
        if ctx.input(|i| i.viewport().close_requested()) && !self.discard_on_close {
            match self.save() {
                Ok(()) => {}
                Err(e) => {
                    self.error(e);
                    self.close_blocked = true;
                    ctx.send_viewport_cmd(ViewportCommand::CancelClose);
                }
            }
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let doc = self
            .session
            .as_ref()
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

    /// The window title (with the unsaved-changes mark).
    pub fn title(&self) -> &str {
        &self.title
    }
}
