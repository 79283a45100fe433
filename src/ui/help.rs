//! Help windows: the annotation guidelines (bundled from `guidelines.md`) and the keyboard shortcuts.

use egui::{RichText, Ui};

use crate::schema::Schema;

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

/// Which help windows are open.
#[derive(Debug, Default)]
pub struct HelpWindows {
    /// The guidelines window.
    pub guidelines: bool,
    /// The keyboard shortcuts window.
    pub shortcuts: bool,
}

/// Shows whichever help windows are open; `schema` gives the label keys for the shortcut list.
pub fn show(ctx: &egui::Context, windows: &mut HelpWindows, schema: Option<&Schema>) {
    egui::Window::new("Guidelines")
        .open(&mut windows.guidelines)
        .default_size([560.0, 600.0])
        .vscroll(true)
        .show(ctx, |ui| markdown(ui, GUIDELINES));
    egui::Window::new("Keyboard shortcuts")
        .open(&mut windows.shortcuts)
        .resizable(false)
        .show(ctx, |ui| shortcut_grid(ui, schema));
}

/// Every key: the schema's label keys, then each command's keys (its shortcut and its other keys), from the
/// command list itself.
fn shortcut_grid(ui: &mut Ui, schema: Option<&Schema>) {
    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
        for label in schema.iter().flat_map(|s| &s.labels) {
            if let Some(key) = label.hotkey {
                ui.label(key.to_string());
                ui.label(format!(
                    "tag the selection / relabel the span as {}",
                    label.name
                ));
                ui.end_row();
            }
        }
        for command in UiCommand::iter() {
            let keys: Vec<String> = command
                .keys()
                .map(|k| ui.ctx().format_shortcut(&k))
                .collect();
            if !keys.is_empty() {
                ui.label(keys.join(", "));
                ui.label(command.name());
                ui.end_row();
            }
        }
    });
}
