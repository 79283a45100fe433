//! What each [`UiCommand`] does, grouped as the menus group them.

use egui::ViewportCommand;

use super::app::App;
use super::commands::{Menu, UiCommand};
use super::dialogs::PathPrompt;

impl App {
    /// Runs a command.
    pub(super) fn run_command(&mut self, ctx: &egui::Context, command: UiCommand) {
        match command.place().0 {
            Menu::File => self.file_command(ctx, command),
            Menu::Edit => self.edit_command(command),
            Menu::View => self.view_command(command),
            Menu::Team => self.team_command(ctx, command),
            Menu::Help => self.help_command(command),
        }
    }

    fn file_command(&mut self, ctx: &egui::Context, command: UiCommand) {
        match command {
            UiCommand::OpenFolder | UiCommand::OpenFile if self.dialogs.no_native => {
                self.dialogs.path_prompt = Some(PathPrompt::default());
            }
            UiCommand::OpenFolder => match rfd::FileDialog::new().pick_folder() {
                Some(path) => self.open_path(&path),
                None => self.dialogs.path_prompt = Some(PathPrompt::default()),
            },
            UiCommand::OpenFile => match rfd::FileDialog::new()
                .add_filter("report", &["txt"])
                .pick_file()
            {
                Some(path) => self.open_path(&path),
                None => self.dialogs.path_prompt = Some(PathPrompt::default()),
            },
            UiCommand::OpenPath => self.dialogs.path_prompt = Some(PathPrompt::default()),
            UiCommand::Save => {
                // A note being typed is an edit too: taken in first, so "nothing to save" is never said of it.
                self.commit_note();
                let was_dirty = self.is_dirty();
                self.save_reporting();
                if !was_dirty && !self.message.is_error && !self.is_dirty() {
                    self.info("nothing to save: every change is on disk");
                }
            }
            UiCommand::Export => {
                self.dialogs.export = self
                    .session
                    .as_ref()
                    .map(|s| super::export::ExportForm::new(s.workspace()));
            }
            UiCommand::Quit => {
                self.dialogs.close.blocked = false;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            _ => {}
        }
    }

    fn edit_command(&mut self, command: UiCommand) {
        match command {
            UiCommand::Undo => self.undo_redo(true),
            UiCommand::Redo => self.undo_redo(false),
            UiCommand::Find => self.open_find(),
            UiCommand::FindInWorkspace => match self.dialogs.search.as_mut() {
                Some(search) => search.refocus(),
                None => {
                    self.dialogs.search = Some(super::workspace_find::WorkspaceFind::new(
                        self.find.query.clone(),
                        self.find.any_script,
                    ));
                }
            },
            UiCommand::DeleteSpan if self.editing.selected_relation.is_some() => {
                self.delete_selected_relation();
            }
            UiCommand::DeleteSpan if !self.reject_suggestion() => self.delete_selected(),
            UiCommand::LinkSpan => self.start_linking(),
            UiCommand::NextSuggestion => self.step_suggestion(true),
            UiCommand::PreviousSuggestion => self.step_suggestion(false),
            UiCommand::AcceptSuggestion if !self.accept_suggestion(None) => {
                self.info("no suggestion has the focus: Tab goes to the next one");
            }
            UiCommand::AcceptAllFigures => self.accept_all_figures(),
            UiCommand::AcceptAllLinks => self.accept_all_links(),
            UiCommand::EndRight
            | UiCommand::EndLeft
            | UiCommand::StartRight
            | UiCommand::StartLeft => self.move_boundary(command),
            UiCommand::CaretLeft | UiCommand::CaretRight => {
                let len = self.doc().map_or(0, |d| d.editor.text().len_chars());
                let delta = if command == UiCommand::CaretLeft {
                    -1
                } else {
                    1
                };
                self.view.move_caret(delta, false, len);
            }
            UiCommand::NextSpan => self.step_span(true),
            UiCommand::PreviousSpan => self.step_span(false),
            UiCommand::Deselect => self.deselect(),
            UiCommand::ToggleDone => self.toggle_done(),
            UiCommand::NextDocument => self.step_doc(true),
            UiCommand::PreviousDocument => self.step_doc(false),
            _ => {}
        }
    }

    fn view_command(&mut self, command: UiCommand) {
        let settings = &mut self.settings;
        match command {
            UiCommand::ZoomIn => settings.font_size = (settings.font_size + 2.0).min(48.0),
            UiCommand::ZoomOut => settings.font_size = (settings.font_size - 2.0).max(10.0),
            UiCommand::ToggleTheme => settings.dark = !settings.dark,
            UiCommand::ToggleLabelTags => settings.label_tags = !settings.label_tags,
            UiCommand::ToggleFullWidth => settings.full_width_text = !settings.full_width_text,
            UiCommand::ToggleAllRelations => settings.all_relations = !settings.all_relations,
            UiCommand::ToggleSuggestions => {
                settings.show_suggestions = !settings.show_suggestions;
                self.suggesting.focused = None;
            }
            UiCommand::Figures => self.open_figures(),
            UiCommand::ToggleTrim => {
                if self.trim().by_workspace {
                    let trim = self.trim().describe();
                    self.info(format!(
                        "{trim}: this workspace's spantag.ron decides, for every analyst"
                    ));
                } else {
                    self.settings.trim_boundaries = !self.settings.trim_boundaries;
                }
            }
            _ => {}
        }
    }

    fn team_command(&mut self, ctx: &egui::Context, command: UiCommand) {
        match command {
            UiCommand::Adjudicate => {
                self.start_adjudication();
            }
            UiCommand::StopAdjudicating => self.stop_adjudication(),
            UiCommand::NextConflict => self.step_conflict(true),
            UiCommand::PreviousConflict => self.step_conflict(false),
            UiCommand::Progress => {
                // The analyst's own latest edits count: saved first (a failure is said, the table still shown).
                self.save_reporting();
                self.dialogs.progress = self
                    .session
                    .as_ref()
                    .map(|s| super::team_progress::ProgressWindow::start(s.workspace().clone()));
            }
            UiCommand::Agreement => {
                self.dialogs.agreement = self.session.as_ref().map(|s| {
                    let ctx = ctx.clone();
                    super::agreement::AgreementWindow::compute(s.workspace().clone(), move || {
                        ctx.request_repaint()
                    })
                });
            }
            _ => {}
        }
    }

    fn help_command(&mut self, command: UiCommand) {
        let help = &mut self.dialogs.help;
        match command {
            UiCommand::Guidelines => help.guidelines = !help.guidelines,
            UiCommand::Shortcuts => help.shortcuts = !help.shortcuts,
            _ => {}
        }
    }

    /// Alt+↓ / Alt+↑: the next or previous report of the list.
    fn step_doc(&mut self, forward: bool) {
        let Some(session) = self.session() else {
            return;
        };
        let n = session.docs().len();
        if n == 0 {
            return;
        }
        let current = session.current().map(|d| d.index);
        let i = current.unwrap_or(0);
        let next = if forward {
            (i + 1).min(n - 1)
        } else {
            i.saturating_sub(1)
        };
        if next != i || current.is_none() {
            self.go_to_doc(next);
        }
    }
}
