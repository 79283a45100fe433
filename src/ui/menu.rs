//! The menu bar: File, Edit, View, Help. Every entry is a [`UiCommand`], so it shows the same name and shortcut
//! as everywhere else.

use egui::Ui;

use super::app::{Action, App};
use super::commands::UiCommand;

fn item(ui: &mut Ui, command: UiCommand, actions: &mut Vec<Action>) {
    let mut button = egui::Button::new(command.name());
    if let Some(shortcut) = command.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    if ui.add(button).clicked() {
        actions.push(Action::Command(command));
        ui.close();
    }
}

/// Draws the menu bar.
pub fn show(ui: &mut Ui, app: &App, actions: &mut Vec<Action>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, UiCommand::OpenFolder, actions);
            item(ui, UiCommand::OpenFile, actions);
            item(ui, UiCommand::OpenPath, actions);
            ui.menu_button("Recent workspaces", |ui| {
                if app.settings.recent.is_empty() {
                    ui.weak("none yet");
                }
                for path in &app.settings.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        actions.push(Action::OpenPath(path.clone()));
                        ui.close();
                    }
                }
            });
            ui.separator();
            item(ui, UiCommand::Save, actions);
            item(ui, UiCommand::Export, actions);
            ui.separator();
            item(ui, UiCommand::Quit, actions);
        });
        ui.menu_button("Edit", |ui| {
            item(ui, UiCommand::Undo, actions);
            item(ui, UiCommand::Redo, actions);
            ui.separator();
            item(ui, UiCommand::Find, actions);
            ui.separator();
            item(ui, UiCommand::DeleteSpan, actions);
            item(ui, UiCommand::EndRight, actions);
            item(ui, UiCommand::EndLeft, actions);
            item(ui, UiCommand::StartRight, actions);
            item(ui, UiCommand::StartLeft, actions);
            item(ui, UiCommand::NextSpan, actions);
            item(ui, UiCommand::PreviousSpan, actions);
            ui.separator();
            item(ui, UiCommand::ToggleDone, actions);
            item(ui, UiCommand::NextDocument, actions);
            item(ui, UiCommand::PreviousDocument, actions);
        });
        ui.menu_button("View", |ui| {
            item(ui, UiCommand::ZoomIn, actions);
            item(ui, UiCommand::ZoomOut, actions);
            item(ui, UiCommand::ToggleTheme, actions);
            let mut trim = app.settings.trim_boundaries;
            if ui
                .checkbox(&mut trim, UiCommand::ToggleTrim.name())
                .clicked()
            {
                actions.push(Action::Command(UiCommand::ToggleTrim));
                ui.close();
            }
        });
        ui.menu_button("Team", |ui| {
            if app.adjudication.is_some() {
                item(ui, UiCommand::StopAdjudicating, actions);
            } else {
                item(ui, UiCommand::Adjudicate, actions);
            }
            item(ui, UiCommand::NextConflict, actions);
            item(ui, UiCommand::PreviousConflict, actions);
            ui.separator();
            item(ui, UiCommand::Agreement, actions);
        });
        ui.menu_button("Help", |ui| {
            item(ui, UiCommand::Guidelines, actions);
            item(ui, UiCommand::Shortcuts, actions);
        });
    });
}
