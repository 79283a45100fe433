//! Help windows: the annotation guidelines (bundled from `guidelines.md`) and the keyboard shortcuts, plus the
//! "open path" prompt for systems without a file dialog.

use egui::{RichText, Ui};

use super::app::{Action, App};
use super::commands::UiCommand;

/// The analysts' guidelines, as shipped in `assets/guidelines.md`.
pub const GUIDELINES: &str = include_str!("../../assets/guidelines.md");

/// Renders the guidelines' small Markdown subset: headings, bullets, paragraphs.
fn markdown(ui: &mut Ui, text: &str) {
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            ui.add_space(6.0);
            ui.label(RichText::new(h).heading().size(18.0));
        } else if let Some(h) = line.strip_prefix("# ") {
            ui.label(RichText::new(h).heading());
        } else if let Some(item) = line.strip_prefix("- ") {
            ui.horizontal_wrapped(|ui| {
                ui.label("•");
                ui.label(item);
            });
        } else if !line.trim().is_empty() {
            ui.label(line);
        }
    }
}

/// Shows whichever help windows are open.
pub fn show_windows(ctx: &egui::Context, app: &mut App, actions: &mut Vec<Action>) {
    let mut open = app.show_guidelines;
    egui::Window::new("Guidelines")
        .open(&mut open)
        .default_size([560.0, 600.0])
        .vscroll(true)
        .show(ctx, |ui| markdown(ui, GUIDELINES));
    app.show_guidelines = open;

    let mut open = app.show_shortcuts;
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                if let Some(session) = &app.session {
                    for label in &session.workspace().schema().labels {
                        if let Some(key) = label.hotkey {
                            ui.label(key.to_string());
                            ui.label(format!(
                                "tag the selection / relabel the span as {}",
                                label.name
                            ));
                            ui.end_row();
                        }
                    }
                }
                for command in UiCommand::ALL {
                    if let Some(shortcut) = command.shortcut() {
                        ui.label(ctx.format_shortcut(&shortcut));
                        ui.label(command.name());
                        ui.end_row();
                    }
                }
                ui.label("Ctrl+Y");
                ui.label("Redo");
                ui.end_row();
            });
        });
    app.show_shortcuts = open;

    if app.close_blocked {
        egui::Window::new("Not saved")
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label("Your latest edits could not be saved, so the window stayed open:");
                ui.colored_label(ui.visuals().error_fg_color, &app.message.text);
                ui.horizontal(|ui| {
                    if ui.button("Try again and quit").clicked() {
                        app.close_blocked = false;
                        actions.push(Action::Command(UiCommand::Quit));
                    }
                    if ui.button("Keep working").clicked() {
                        app.close_blocked = false;
                    }
                    if ui.button("Quit without saving").clicked() {
                        app.close_blocked = false;
                        app.discard_on_close = true;
                        actions.push(Action::Command(UiCommand::Quit));
                    }
                });
            });
    }

    if let Some(mut path) = app.path_prompt.take() {
        let mut keep = true;
        egui::Window::new("Open path")
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                let label = ui.label("A workspace folder or a .txt report:");
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut path)
                            .desired_width(400.0)
                            .id_salt("open_path"),
                    )
                    .labelled_by(label.id);
                field.request_focus();
                ui.horizontal(|ui| {
                    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if (ui.button("Open").clicked() || enter) && !path.trim().is_empty() {
                        actions.push(Action::OpenPath(path.trim().into()));
                        keep = false;
                    }
                    if ui.button("Cancel").clicked() {
                        keep = false;
                    }
                });
            });
        if keep {
            app.path_prompt = Some(path);
        }
    }
}
