//! The menu bar. Its entries come from [`UiCommand`] itself (each command says which menu it belongs to), so a
//! command cannot be missing from the menus, and each entry shows the same name and shortcut as everywhere else.

use std::path::PathBuf;

use egui::Ui;
use strum::IntoEnumIterator as _;

use super::action::Action;
use super::commands::{Menu, UiCommand};

/// What the menu bar shows besides the commands.
pub struct MenuState<'a> {
    /// Recently opened workspaces, newest first.
    pub recent: &'a [PathBuf],
    /// Whether new spans are trimmed to the guidelines' boundaries (the setting in force).
    pub trim: bool,
    /// Whether the workspace decides trimming (then the toggle is disabled), with the reason as hover text.
    pub trim_fixed_by_workspace: bool,
    /// Whether the open report is being adjudicated.
    pub adjudicating: bool,
    /// Whether the engine's suggestions are shown.
    pub suggestions: bool,
    /// Whether spans carry a label tag.
    pub label_tags: bool,
    /// Whether the report's lines run as wide as the view.
    pub full_width_text: bool,
    /// Whether every span's links are drawn (else only the selected span's).
    pub all_relations: bool,
}

fn item(ui: &mut Ui, command: UiCommand, actions: &mut Vec<Action>) {
    let mut button = egui::Button::new(command.name());
    if let Some(shortcut) = command.shortcut() {
        button = button.shortcut_text(super::key_names::key_text(&shortcut));
    }
    if ui.add(button).clicked() {
        actions.push(Action::Command(command));
        ui.close();
    }
}

fn recent(ui: &mut Ui, state: &MenuState<'_>, actions: &mut Vec<Action>) {
    ui.menu_button("Recent workspaces", |ui| {
        if state.recent.is_empty() {
            ui.weak("none yet");
        }
        for path in state.recent {
            if ui.button(path.display().to_string()).clicked() {
                actions.push(Action::OpenPath(path.clone()));
                ui.close();
            }
        }
    });
}

fn trim_toggle(ui: &mut Ui, state: &MenuState<'_>, actions: &mut Vec<Action>) {
    let mut trim = state.trim;
    let response = ui
        .add_enabled(
            !state.trim_fixed_by_workspace,
            egui::Checkbox::new(&mut trim, UiCommand::ToggleTrim.name()),
        )
        .on_disabled_hover_text("set by this workspace's spantag.ron (trim_boundaries)");
    if response.clicked() {
        actions.push(Action::Command(UiCommand::ToggleTrim));
        ui.close();
    }
}

/// One command's entry: most are plain items; a few are drawn in their own way or only when they apply.
fn entry(ui: &mut Ui, command: UiCommand, state: &MenuState<'_>, actions: &mut Vec<Action>) {
    match command {
        UiCommand::ToggleTrim => trim_toggle(ui, state, actions),
        UiCommand::ToggleSuggestions
        | UiCommand::ToggleLabelTags
        | UiCommand::ToggleFullWidth
        | UiCommand::ToggleAllRelations => {
            let mut on = match command {
                UiCommand::ToggleSuggestions => state.suggestions,
                UiCommand::ToggleLabelTags => state.label_tags,
                UiCommand::ToggleAllRelations => state.all_relations,
                _ => state.full_width_text,
            };
            if ui.checkbox(&mut on, command.name()).clicked() {
                actions.push(Action::Command(command));
                ui.close();
            }
        }
        UiCommand::Adjudicate if state.adjudicating => {}
        UiCommand::StopAdjudicating if !state.adjudicating => {}
        _ => item(ui, command, actions),
    }
    if command == UiCommand::OpenPath {
        recent(ui, state, actions);
    }
}

/// Draws the menu bar.
pub fn show(ui: &mut Ui, state: &MenuState<'_>, actions: &mut Vec<Action>) {
    egui::MenuBar::new().ui(ui, |ui| {
        for menu in Menu::iter() {
            ui.menu_button(menu.title(), |ui| {
                let mut group = None;
                for command in UiCommand::iter().filter(|c| c.place().0 == menu) {
                    let this = command.place().1;
                    if group.is_some_and(|g| g != this) {
                        ui.separator();
                    }
                    group = Some(this);
                    entry(ui, command, state, actions);
                }
            });
        }
    });
}
