//! The workbench application (after egui's `wrap_app`): persisted [`Settings`] apart from runtime state, the
//! [`Mode`] as a type, and one frame as: collect what the analyst asked for as [`Action`]s while each panel draws
//! the narrow state it shows, then apply them here, in one place. What the actions do lives in `editing`,
//! `switching`, `run_command`, `adjudication` and `recorded_conflicts`; the drawing in the panel modules.

use std::path::PathBuf;
use std::sync::Arc;

use egui::{Color32, FontId, Rect, Ui};

use crate::model::SpanKey;
use crate::session::{OpenDoc, Session};

use super::action::Action;
use super::adjudication::Adjudication;
use super::agreement::AgreementReport;
use super::commands::UiCommand;
use super::dialogs::Dialogs;
use super::doc_list::DocListState;
use super::export::RunningExport;
use super::figures_window::FiguresWindow;
use super::find_bar::FindState;
use super::highlight::HighlightStyle;
use super::menu::MenuState;
use super::report_view::Showing;
use super::settings::{Settings, Trim};
use super::status_bar::{DocStatus, Message, StatusState};
use super::suggestion_state::Suggesting;
use super::text_view::TextView;
use super::{
    adjudication_panel, dialogs, doc_list, figures_window, find_bar, help, label_panel, menu,
    recommender_panel, report_view, status_bar,
};

/// What the workbench is doing with the open report.
pub enum Mode {
    /// The analyst edits their own annotations.
    Editing,
    /// The analysts' work is adjudicated into gold: the adjudication owns gold's session, so while adjudicating
    /// every edit goes to gold, by construction.
    Adjudicating(Box<Adjudication>),
}

/// The ordinary editor's state over the open report: the selected span, its note being typed, and the recorded
/// conflict being looked at.
#[derive(Debug, Default)]
pub(super) struct Editing {
    /// The selected span.
    pub selected: Option<SpanKey>,
    /// The note being edited for the selected span.
    pub note_draft: String,
    /// The open file's recorded conflict being looked at (an index into its `conflicts`).
    pub recorded_conflict: Option<usize>,
    /// The value correction being typed for the selected Figure.
    pub value_draft: String,
    /// R was pressed with a span selected: the next span clicked becomes the other end of a link.
    pub linking: bool,
    /// The links that fit two spans when more than one type does: the menu asks which.
    pub link_choice: Vec<crate::model::Relation>,
    /// The selected link (clicked on its label): Delete removes it.
    pub selected_relation: Option<crate::model::Relation>,
}

/// When the open report last changed, for saving it after a quiet moment.
#[derive(Debug, Default)]
pub(super) struct AutosaveClock {
    /// The editor revision last seen.
    pub revision: u64,
    /// When it was first seen (egui time, seconds).
    pub since: f64,
}

/// How wide the side panels may be in a window `width` points wide, so that the report keeps at least
/// [`MIN_LINE_CHARS`] characters a line at this text size: on a small screen (900x600) the panels shrink to
/// their minimum before the text does; on a large one they may grow to their usual maximum.
pub fn side_panel_widths(
    width: f32,
    font_size: f32,
) -> (std::ops::RangeInclusive<f32>, std::ops::RangeInclusive<f32>) {
    const LEFT: (f32, f32) = (120.0, 420.0);
    const RIGHT: (f32, f32) = (170.0, 520.0);
    // A CJK character is about one em wide; the text view adds margins and a scroll bar.
    let text = MIN_LINE_CHARS as f32 * font_size + 48.0;
    let room = (width - text).max(LEFT.0 + RIGHT.0);
    let left_max = (room * 0.42).clamp(LEFT.0, LEFT.1);
    let right_max = (room - left_max).clamp(RIGHT.0, RIGHT.1);
    (LEFT.0..=left_max, RIGHT.0..=right_max)
}

/// The fewest characters a line of the report keeps while the window allows it.
pub const MIN_LINE_CHARS: usize = 30;

/// The workbench: persisted settings plus runtime state.
pub struct App {
    /// Persisted preferences and places.
    pub(super) settings: Settings,
    /// The analyst's own session over the open workspace.
    pub(super) session: Option<Session>,
    /// Editing, or adjudicating into gold.
    pub(super) mode: Mode,
    /// The report view.
    pub(super) view: TextView,
    /// Selection, note and recorded conflict of the ordinary editor.
    pub(super) editing: Editing,
    /// Find bar state.
    pub(super) find: FindState,
    /// Last message for the status bar.
    pub(super) message: Message,
    /// The open windows besides the main one.
    pub(super) dialogs: Dialogs,
    /// An export running in the background.
    pub(super) export_job: Option<RunningExport>,
    /// The document list's summaries being read in the background, and its filter.
    pub(super) doc_list: DocListState,
    pub(super) autosave: AutosaveClock,
    pub(super) title: String,
    /// The figure engine's word table for the open workspace (bundled words plus its `spantag.ron`), with the
    /// workspace folder it was built for; rebuilt when another workspace opens.
    pub(super) figure_table: Option<(PathBuf, Arc<crate::figures::Table>)>,
    /// The engine's suggestions for the open report and the one with the focus.
    pub(super) suggesting: Suggesting,
    /// A large report being read in the background.
    pub(super) opening: Option<super::opening::Opening>,
    /// The recommender's model and its retraining in the background.
    pub(super) learning: super::learning_state::Learning,
}

impl App {
    /// The app with these settings, opening `path` (or the last workspace, or nothing).
    pub fn new(settings: Settings, path: Option<PathBuf>) -> App {
        let mut app = App {
            settings,
            session: None,
            mode: Mode::Editing,
            view: TextView::default(),
            editing: Editing::default(),
            find: FindState::default(),
            message: Message::default(),
            dialogs: Dialogs::default(),
            export_job: None,
            doc_list: DocListState::default(),
            autosave: AutosaveClock::default(),
            title: String::new(),
            figure_table: None,
            suggesting: Suggesting::default(),
            opening: None,
            learning: Default::default(),
        };
        let target = path.or_else(|| app.settings.last_workspace.clone());
        if app.settings.annotator.is_empty() {
            // First start with no name given: ask for one before any file is opened (and written).
            app.dialogs.who = Some(super::dialogs::WhoPrompt::new(target));
        } else {
            app.open_start(target);
        }
        app
    }

    /// The app without the system's file dialogs (tests, and systems without them): where one would open, the
    /// status bar says to type the path instead.
    pub fn without_native_dialogs(mut self) -> App {
        self.dialogs.no_native = true;
        self
    }

    // ---- The read-only view of the app (for the shell and for tests) ----

    /// The persisted settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The session edits go to: gold's while adjudicating, else the analyst's.
    pub fn session(&self) -> Option<&Session> {
        match &self.mode {
            Mode::Adjudicating(adjudication) => Some(adjudication.gold()),
            Mode::Editing => self.session.as_ref(),
        }
    }

    /// The adjudication under way, if any.
    pub fn adjudication(&self) -> Option<&Adjudication> {
        match &self.mode {
            Mode::Adjudicating(adjudication) => Some(adjudication),
            Mode::Editing => None,
        }
    }

    /// The text selected in the report view.
    pub fn text_selection(&self) -> Option<(usize, usize)> {
        self.view.selection()
    }

    /// Where character `at` was drawn last frame, if on screen.
    pub fn char_rect(&self, at: usize) -> Option<Rect> {
        self.view.char_rect(at)
    }

    /// The links drawn last frame: each label's screen rectangle and the link's index in the open file's
    /// `relations` (tests click on them).
    pub fn drawn_links(&self) -> &[super::arrows::LabelHit] {
        self.view.drawn_links()
    }

    /// The selected link, if one is (Delete removes it).
    pub fn selected_relation(&self) -> Option<&crate::model::Relation> {
        self.editing.selected_relation.as_ref()
    }

    /// Whether the app waits for the click that names a new link's other end (after R).
    pub fn linking(&self) -> bool {
        self.editing.linking
    }

    /// The links offered when several types fit a new link (the menu is open while there are some).
    pub fn link_choices(&self) -> &[crate::model::Relation] {
        &self.editing.link_choice
    }

    /// Brings character `at` into view on the next frame (as find and F8 do).
    pub fn scroll_to_char(&mut self, at: usize) {
        self.view.scroll_to_char(at);
    }

    /// The find bar's results in the open report.
    pub fn find_matches(&self) -> &[(usize, usize)] {
        &self.find.matches
    }

    /// The engine's suggestions for the open report: which are open and which has the focus.
    pub fn suggestions(&self) -> &Suggesting {
        &self.suggesting
    }

    /// The recommender's model and its retraining.
    pub fn learning(&self) -> &super::learning_state::Learning {
        &self.learning
    }

    /// Whether a large report is being read in the background.
    pub fn opening(&self) -> bool {
        self.opening.is_some()
    }

    /// Whether the document list's summaries are still being read in the background.
    pub fn reading_summaries(&self) -> bool {
        self.doc_list.job.is_some()
    }

    /// The status bar's message.
    pub fn message(&self) -> &Message {
        &self.message
    }

    /// Whether the first-start "who are you" prompt is waiting for the analyst's name.
    pub fn asking_name(&self) -> bool {
        self.dialogs.who.is_some()
    }

    /// The workspace find window's last results (its query and what it found), while the window is open.
    pub fn workspace_search(&self) -> Option<(&str, &crate::search::Found)> {
        self.dialogs.search.as_ref()?.found()
    }

    /// Whether the workspace find window is searching.
    pub fn workspace_searching(&self) -> bool {
        self.dialogs.search.as_ref().is_some_and(|s| s.searching())
    }

    /// The Team ▸ Progress table, once read, while its window is open.
    pub fn progress(&self) -> Option<&crate::progress::Progress> {
        self.dialogs.progress.as_ref()?.table()
    }

    /// Whether the guidelines window is open.
    pub fn guidelines_open(&self) -> bool {
        self.dialogs.help.guidelines
    }

    /// The agreement window's report, once computed, while the window is open.
    pub fn agreement(&self) -> Option<&AgreementReport> {
        self.dialogs.agreement.as_ref()?.report()
    }

    /// Whether the agreement window is open (its report may still be computing).
    pub fn agreement_open(&self) -> bool {
        self.dialogs.agreement.is_some()
    }

    /// Whether an export is running.
    pub fn exporting(&self) -> bool {
        self.export_job.is_some()
    }

    /// The span selected in the ordinary editor.
    pub fn selected(&self) -> Option<&SpanKey> {
        self.editing.selected.as_ref()
    }

    /// The Figures window (View ▸ Figures).
    pub fn figures_window(&self) -> &FiguresWindow {
        &self.dialogs.figures
    }

    /// The open file's recorded conflict being looked at.
    pub fn recorded_conflict(&self) -> Option<usize> {
        self.editing.recorded_conflict
    }

    /// The window title (with the unsaved-changes mark).
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Whether the open report has unsaved edits.
    pub fn is_dirty(&self) -> bool {
        self.session().is_some_and(Session::is_dirty)
    }

    /// Whether new spans are trimmed, and whose setting decides (the workspace's wins over the analyst's).
    pub fn trim(&self) -> Trim {
        let workspace = self
            .session
            .as_ref()
            .and_then(|s| s.workspace().config().trim_boundaries);
        Trim::in_force(workspace, self.settings.trim_boundaries)
    }

    // ---- Helpers shared by the modules that apply actions ----

    /// The open report of the session edits go to.
    pub(super) fn doc(&self) -> Option<&OpenDoc> {
        self.session()?.current()
    }

    /// The session edits go to, mutably.
    pub(super) fn session_mut(&mut self) -> Option<&mut Session> {
        match &mut self.mode {
            Mode::Adjudicating(adjudication) => Some(adjudication.gold_mut()),
            Mode::Editing => self.session.as_mut(),
        }
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

    fn style(&self, ui: &Ui) -> HighlightStyle {
        let relations = self
            .session
            .as_ref()
            .map(|s| {
                s.workspace()
                    .schema()
                    .relations()
                    .iter()
                    .map(|r| {
                        let [red, green, blue] = r.rgb();
                        (r.name.clone(), Color32::from_rgb(red, green, blue))
                    })
                    .collect()
            })
            .unwrap_or_default();
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
            label_tags: self.settings.label_tags,
            relations,
        }
    }

    // ---- One frame ----

    /// Draws the whole workbench into `ui` and applies what the analyst did. Used by eframe and by tests.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        ctx.set_theme(if self.settings.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        self.refresh_figure_table();
        self.poll_learning(&ctx);
        self.poll_suggestions(&ctx);
        self.refresh_link_suggestions();
        self.poll_summaries(&ctx);
        self.poll_opening(&ctx);
        let mut actions = self.keyboard_and_drops(&ctx);
        self.panels(ui, &mut actions);
        self.windows(&ctx, &mut actions);
        for action in actions {
            self.apply(&ctx, action);
        }
        self.poll_export(&ctx);
        self.autosave(&ctx);
        self.update_title(&ctx);
    }

    /// Commands and label keys pressed, and files dropped on the window: first, so that a key consumed by a
    /// command does not also reach a widget.
    fn keyboard_and_drops(&self, ctx: &egui::Context) -> Vec<Action> {
        let typing = ctx.egui_wants_keyboard_input();
        let mut actions: Vec<Action> = UiCommand::pressed(ctx, typing)
            .into_iter()
            .map(Action::Command)
            .collect();
        if actions.iter().any(|a| {
            matches!(
                a,
                Action::Command(
                    UiCommand::NextSuggestion
                        | UiCommand::PreviousSuggestion
                        | UiCommand::CaretLeft
                        | UiCommand::CaretRight
                )
            )
        }) {
            // egui read Tab (or an arrow) as "move the keyboard focus" before the command took it: keep the
            // focus where it is, or the next Enter would go to whatever widget it reached.
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        }
        if !typing && let Some(session) = &self.session {
            ctx.input_mut(|input| {
                for label in &session.workspace().schema().labels {
                    if let Some(key) = label
                        .hotkey
                        .and_then(|c| egui::Key::from_name(&c.to_string()))
                        && input.consume_key(egui::Modifiers::NONE, key)
                    {
                        actions.push(Action::Label(label.name.clone()));
                    }
                }
            });
        }
        for file in ctx.input(|i| i.raw.dropped_files.clone()) {
            let path = file.path();
            if !path.as_os_str().is_empty() {
                actions.push(Action::OpenPath(path.to_owned()));
            }
        }
        actions
    }

    /// Takes in the document summaries read since the last frame, and keeps frames coming while they are read.
    fn poll_summaries(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.doc_list.job else {
            return;
        };
        match job.take() {
            Some(chunk) => {
                if let Some(session) = self.session.as_mut() {
                    for (index, summary) in chunk {
                        session.set_summary(index, summary);
                    }
                }
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
            }
            None => self.doc_list.job = None,
        }
    }

    /// Builds the figure word table when the workspace changed (the span panel shows Figure values with it).
    fn refresh_figure_table(&mut self) {
        let Some(workspace) = self.session.as_ref().map(Session::workspace) else {
            return;
        };
        if self.figure_table.as_ref().map(|(root, _)| root.as_path()) != Some(workspace.root()) {
            let table = crate::figures::Table::extended(workspace.config().figures.clone());
            self.figure_table = Some((workspace.root().to_owned(), Arc::new(table)));
        }
    }

    fn panels(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::Panel::top("menu_bar").show(ui, |ui| menu::show(ui, &self.menu_state(), actions));
        if self.find.open {
            let labels = self.label_names();
            egui::Panel::top("find_bar").show(ui, |ui| {
                find_bar::show(ui, &mut self.find, &labels, actions)
            });
        }
        egui::Panel::bottom("status_bar")
            .show(ui, |ui| status_bar::show(ui, &self.status_state(), actions));
        // Taken out for the frame: the list borrows the session, the filter box writes the filter.
        let mut filter = std::mem::take(&mut self.doc_list.filter);
        let list = self.session().map(|s| (s.workspace().root(), s.docs()));
        let current = self.doc().map(|d| d.index);
        let (left, right) = side_panel_widths(ui.available_width(), self.settings.font_size);
        egui::Panel::left("documents")
            .resizable(true)
            .default_size(230.0_f32.min(*left.end()))
            .size_range(left)
            .show(ui, |ui| {
                doc_list::show(ui, list, current, &mut filter, actions)
            });
        self.doc_list.filter = filter;
        egui::Panel::right("labels")
            .resizable(true)
            .default_size(300.0_f32.min(*right.end()))
            .size_range(right)
            .show(ui, |ui| match &self.mode {
                Mode::Adjudicating(adjudication) => {
                    adjudication_panel::show(ui, adjudication, actions);
                }
                Mode::Editing => {
                    if let Some(session) = &self.session {
                        let state = label_panel::PanelState {
                            session,
                            has_text_selection: self.view.selection().is_some(),
                            selected: self.editing.selected.as_ref(),
                            recorded_conflict: self.editing.recorded_conflict,
                            figures: self.figure_table.as_ref().map(|(_, table)| &**table),
                            suggestion: self
                                .settings
                                .show_suggestions
                                .then(|| self.suggesting.focused())
                                .flatten(),
                            recommender: self.settings.show_suggestions.then(|| {
                                recommender_panel::RecommenderView {
                                    learned: self.learning.learned(),
                                    training: self.learning.training(),
                                    took: self.learning.took(),
                                    problems: self.learning.problems(),
                                    thresholds: session
                                        .workspace()
                                        .schema()
                                        .labels
                                        .iter()
                                        .map(|l| {
                                            let [r, g, b] = l.rgb();
                                            (
                                                l.name.as_str(),
                                                Color32::from_rgb(r, g, b),
                                                self.settings.threshold(&l.name),
                                            )
                                        })
                                        .collect(),
                                }
                            }),
                            suggested_links: self.suggesting.links(),
                        };
                        let drafts = label_panel::Drafts {
                            note: &mut self.editing.note_draft,
                            value: &mut self.editing.value_draft,
                        };
                        label_panel::show(ui, &state, drafts, actions);
                    }
                }
            });
        let style = self.style(ui);
        let showing = match &self.mode {
            Mode::Adjudicating(adjudication) => adjudication
                .gold()
                .current()
                .map(|doc| Showing::Adjudicating { doc, adjudication }),
            Mode::Editing => {
                self.session
                    .as_ref()
                    .and_then(Session::current)
                    .map(|doc| Showing::Editing {
                        doc,
                        suggestions: self.settings.show_suggestions.then_some(&self.suggesting),
                        selected: self.editing.selected.as_ref(),
                        recorded: self
                            .editing
                            .recorded_conflict
                            .and_then(|i| doc.editor.file().conflicts.get(i)),
                        linking: self.editing.linking,
                        suggested_links: self.suggesting.links(),
                        selected_relation: self.editing.selected_relation.as_ref(),
                        all_relations: self.settings.all_relations,
                    })
            }
        };
        if let Some(opening) = &self.opening {
            egui::CentralPanel::default().show(ui, |ui| super::opening::show(ui, opening));
            return;
        }
        egui::CentralPanel::default().show(ui, |ui| {
            let full_width = self.settings.full_width_text;
            report_view::show(
                ui,
                &mut self.view,
                showing,
                &self.find,
                &style,
                full_width,
                actions,
            );
        });
    }

    fn windows(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let schema = self.session.as_ref().map(|s| s.workspace().schema());
        let root = self.session.as_ref().map(|s| s.workspace().root());
        help::show(ctx, &mut self.dialogs.help, schema, root);
        dialogs::close_guard(ctx, &mut self.dialogs.close, &self.message, actions);
        dialogs::path_prompt(ctx, &mut self.dialogs.path_prompt, actions);
        dialogs::who_prompt(ctx, self.dialogs.who.as_mut(), &self.message, actions);
        if let Some(session) = &self.session {
            dialogs::export_window(
                ctx,
                &mut self.dialogs.export,
                session.workspace(),
                self.export_job.is_some(),
                actions,
            );
        }
        dialogs::agreement_window(ctx, &mut self.dialogs.agreement);
        let root = self
            .session
            .as_ref()
            .map(|s| s.workspace().root().to_owned());
        super::workspace_find::window(ctx, &mut self.dialogs.search, root, actions);
        super::team_progress::window(ctx, &mut self.dialogs.progress);
        let current = self
            .session
            .as_ref()
            .map(|s| (s.workspace().root(), self.settings.annotator.as_str()));
        figures_window::show(ctx, &mut self.dialogs.figures, current, actions);
        let schema = self.session.as_ref().map(|s| s.workspace().schema());
        super::relation_menu::show(ctx, &self.editing.link_choice, schema, actions);
    }

    fn label_names(&self) -> Vec<String> {
        self.session
            .as_ref()
            .map(|s| s.workspace().schema().names().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    fn menu_state(&self) -> MenuState<'_> {
        let trim = self.trim();
        MenuState {
            recent: &self.settings.recent,
            trim: trim.on,
            trim_fixed_by_workspace: trim.by_workspace,
            adjudicating: self.adjudication().is_some(),
            suggestions: self.settings.show_suggestions,
            label_tags: self.settings.label_tags,
            full_width_text: self.settings.full_width_text,
            all_relations: self.settings.all_relations,
        }
    }

    fn status_state(&self) -> StatusState<'_> {
        StatusState {
            doc: self.doc().map(|doc| DocStatus {
                status: doc.editor.file().status,
                spans: doc.editor.spans().len(),
                read_only: doc.read_only.is_some(),
                dirty: self.is_dirty(),
                origin: Some(doc.editor.text().origin()).filter(|o| o.is_notable()),
                suggestions: match (&self.mode, self.settings.show_suggestions) {
                    (Mode::Editing, true) => Some(super::status_bar::SuggestionCount {
                        open: self.suggesting.open_count(),
                        running: self.suggesting.running(),
                    }),
                    _ => None,
                },
            }),
            annotator: &self.settings.annotator,
            export_progress: self.export_job.as_ref().map(RunningExport::progress_text),
            adjudicating: self.adjudication().is_some(),
            trim: self.trim(),
            message: &self.message,
        }
    }

    /// Applies one action: the one place where what the panels asked for happens.
    pub(super) fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Command(command) => self.run_command(ctx, command),
            Action::OpenDoc(index) => self.go_to_doc(index),
            Action::OpenPath(path) => self.open_path(&path),
            Action::Label(label) => self.apply_label(&label),
            Action::SelectSpan(key, scroll) => {
                if scroll {
                    self.view.scroll_to_char(key.start);
                }
                self.view.set_selection(None);
                self.select(Some(key));
            }
            Action::ReleaseSpan => self.select(None),
            Action::LinkTo(key) => self.link_to(key),
            Action::Link(relation) => self.link(relation),
            Action::CancelLink => self.cancel_linking(),
            Action::SelectRelation(relation) => {
                // A link selected is what Delete removes: no span is selected with it.
                self.select(None);
                self.editing.selected_relation = Some(relation);
            }
            Action::DeleteRelation(relation) => self.delete_relation(relation),
            Action::AcceptLink(relation) => self.accept_link(relation),
            Action::ResolveLinkConflict(conflict, choice) => {
                self.resolve_link_conflict(conflict, choice)
            }
            Action::RejectLink(relation) => self.reject_link(relation),
            Action::SetNote(key, note) => self.set_note(&key, &note),
            Action::CorrectValue(key, written) => self.correct_value(&key, &written),
            Action::FocusSuggestion(key) => self.focus_suggestion(key),
            Action::AcceptSuggestion(label) => {
                self.accept_suggestion(label.as_deref());
            }
            Action::RejectSuggestion => {
                self.reject_suggestion();
            }
            Action::SetThreshold(label, value) => {
                self.settings
                    .suggestion_thresholds
                    .insert(label, value.clamp(0.0, 1.0));
                // Filtered again at the next frame.
                self.suggesting.open_at = None;
            }
            Action::SetStatus(status) => self.set_status(status),
            Action::FindQuery(query) => {
                self.find.query = query;
                self.refresh_find();
            }
            Action::FindStep(forward) => {
                if let Some(start) = self.find.step(forward) {
                    self.view.scroll_to_char(start);
                }
            }
            Action::TagAllMatches(label) => self.tag_all_matches(&label),
            Action::SetAnnotator(name) => self.set_annotator(name),
            Action::ShowConflict(index) => self.show_conflict(index),
            Action::Resolve(index, choice) => self.resolve_conflict(index, choice),
            Action::AcceptUnanimous => self.accept_unanimous(),
            Action::WithdrawOutdated => self.withdraw_outdated(),
            Action::ResolveRecorded(index, choice) => self.resolve_recorded(index, choice),
            Action::OpenFigure(doc, key) => self.open_at_span(&doc, key),
            Action::StartExport => self.start_export(),
            Action::BrowseExport => self.browse_export(),
            Action::OpenMatch {
                doc,
                start,
                end,
                query,
                any_script,
            } => self.open_match(&doc, (start, end), query, any_script),
            Action::QuitWithoutSaving => {
                self.dialogs.close.discard = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }
}
