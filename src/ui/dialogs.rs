//! The windows besides the main one, each with its own small state: the "open path" prompt, the "not saved"
//! guard shown when closing failed to save, the export form, the agreement report and the Figures window (drawn
//! by `figures_window`). (The help windows are in
//! `help`.) Each draws its own state and returns what the analyst asked for as [`Action`]s.

use egui::Context;

use crate::store::Workspace;

use super::action::Action;
use super::agreement::AgreementWindow;
use super::commands::UiCommand;
use super::export::{ExportForm, ExportRequest};
use super::figures_window::FiguresWindow;
use super::help::HelpWindows;
use super::status_bar::Message;

/// Every window that may be open, each as its own state.
#[derive(Default)]
pub struct Dialogs {
    /// Guidelines and shortcuts.
    pub help: HelpWindows,
    /// The guard shown when a save failed while closing.
    pub close: CloseGuard,
    /// "Open path", for systems without a file dialog.
    pub path_prompt: Option<PathPrompt>,
    /// The export form.
    pub export: Option<ExportForm>,
    /// The agreement report.
    pub agreement: Option<AgreementWindow>,
    /// The first-start prompt for the analyst's name, while none is known.
    pub who: Option<WhoPrompt>,
    /// The system's file dialogs are not to be opened (tests).
    pub no_native: bool,
    /// Find in workspace.
    pub search: Option<super::workspace_find::WorkspaceFind>,
    /// Team ▸ Progress, while the window is open.
    pub progress: Option<super::team_progress::ProgressWindow>,
    /// View ▸ Figures.
    pub figures: FiguresWindow,
}

/// "Who are you?": asked on first start when neither `--annotator`, `SPANTAG_ANNOTATOR` nor an earlier run gave a
/// name, so that no one's work lands in an invented analyst's folder. Nothing is opened until it is answered.
#[derive(Debug, Default)]
pub struct WhoPrompt {
    /// What the analyst typed (the login name to start with, when it is a usable one).
    pub typed: String,
    /// What to open once the name is known.
    pub opening: Option<std::path::PathBuf>,
    /// Give the name field keyboard focus on the next frame (once: asking every frame would repaint forever
    /// while the window itself has no focus).
    pub focus: bool,
}

impl WhoPrompt {
    /// The prompt, to open `opening` once answered.
    pub fn new(opening: Option<std::path::PathBuf>) -> WhoPrompt {
        WhoPrompt {
            typed: super::settings::login_name().unwrap_or_default(),
            opening,
            focus: true,
        }
    }
}

/// The "open path" window: the path being typed.
#[derive(Debug, Default)]
pub struct PathPrompt {
    /// What the analyst typed.
    pub typed: String,
}

/// Closing when the last edits could not be saved: the window stays open until the analyst decides.
#[derive(Debug, Default)]
pub struct CloseGuard {
    /// A save failed while closing: the "not saved" window is shown.
    pub blocked: bool,
    /// The analyst chose to quit without saving.
    pub discard: bool,
}

/// The "not saved" window, while `guard` is blocked; `message` says why the save failed.
pub fn close_guard(
    ctx: &Context,
    guard: &mut CloseGuard,
    message: &Message,
    actions: &mut Vec<Action>,
) {
    if !guard.blocked {
        return;
    }
    egui::Window::new("Not saved")
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label("Your latest edits could not be saved, so the window stayed open:");
            ui.colored_label(ui.visuals().error_fg_color, &message.text);
            ui.horizontal(|ui| {
                if ui.button("Try again and quit").clicked() {
                    guard.blocked = false;
                    actions.push(Action::Command(UiCommand::Quit));
                }
                if ui.button("Keep working").clicked() {
                    guard.blocked = false;
                }
                if ui.button("Quit without saving").clicked() {
                    guard.blocked = false;
                    actions.push(Action::QuitWithoutSaving);
                }
            });
        });
}

/// The "open path" window, while open.
pub fn path_prompt(ctx: &Context, prompt: &mut Option<PathPrompt>, actions: &mut Vec<Action>) {
    let Some(state) = prompt.as_mut() else {
        return;
    };
    let mut keep = true;
    egui::Window::new("Open path")
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            let label = ui.label("A workspace folder or a .txt report:");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut state.typed)
                        .desired_width(400.0)
                        .id_salt("open_path"),
                )
                .labelled_by(label.id);
            field.request_focus();
            ui.horizontal(|ui| {
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let path = state.typed.trim();
                if (ui.button("Open").clicked() || enter) && !path.is_empty() {
                    actions.push(Action::OpenPath(path.into()));
                    keep = false;
                }
                if ui.button("Cancel").clicked() {
                    keep = false;
                }
            });
        });
    if !keep {
        *prompt = None;
    }
}

/// The first-start "who are you" window (modal), while the name is unknown; `message` says why a name was
/// refused.
pub fn who_prompt(
    ctx: &Context,
    prompt: Option<&mut WhoPrompt>,
    message: &Message,
    actions: &mut Vec<Action>,
) {
    let Some(state) = prompt else {
        return;
    };
    egui::Modal::new(egui::Id::unique("who_prompt")).show(ctx, |ui| {
        ui.heading("Who are you?");
        ui.label("Your annotations are saved under annotations/<your name>/ in each workspace.");
        let label = ui.label("Your name:");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut state.typed)
                    .desired_width(240.0)
                    .hint_text("e.g. alice")
                    .id_salt("who_name"),
            )
            .labelled_by(label.id);
        if state.focus {
            field.request_focus();
            state.focus = false;
        }
        if message.is_error {
            ui.colored_label(ui.visuals().error_fg_color, &message.text);
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let name = state.typed.trim();
        if (ui.button("Start").clicked() || enter) && !name.is_empty() {
            actions.push(Action::SetAnnotator(name.to_owned()));
            // Back to the field should the name be refused (the prompt then stays).
            state.focus = true;
        }
    });
}

/// The export window, while open; `busy` while an export runs.
pub fn export_window(
    ctx: &Context,
    form: &mut Option<ExportForm>,
    workspace: &Workspace,
    busy: bool,
    actions: &mut Vec<Action>,
) {
    let Some(state) = form.as_mut() else {
        return;
    };
    let mut request = None;
    egui::Window::new("Export corpus")
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            request = super::export::show_form(ui, state, workspace, busy);
        });
    match request {
        Some(ExportRequest::Start) => actions.push(Action::StartExport),
        Some(ExportRequest::Browse) => actions.push(Action::BrowseExport),
        Some(ExportRequest::Close) => *form = None,
        None => {}
    }
}

/// The agreement window, while open.
pub fn agreement_window(ctx: &Context, report: &mut Option<AgreementWindow>) {
    let Some(shown) = report.as_mut() else {
        return;
    };
    shown.poll();
    let mut open = true;
    egui::Window::new("Agreement")
        .open(&mut open)
        .default_size([520.0, 520.0])
        .vscroll(true)
        .show(ctx, |ui| super::agreement::show(ui, shown));
    if !open {
        *report = None;
    }
}
