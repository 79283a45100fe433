//! The span panel's section for the suggestion with the focus: its label, text, value and how sure the engine
//! is, with Accept / Reject buttons and the keys that do the same.

use egui::{RichText, Ui};

use crate::figures::{FIGURE, Suggestion};
use crate::session::OpenDoc;

use super::action::Action;
use super::commands::UiCommand;

/// Draws the focused suggestion.
pub fn focused(ui: &mut Ui, doc: &OpenDoc, suggestion: &Suggestion, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.strong(format!("Suggested {}", suggestion.label));
        ui.weak(format!("{}–{}", suggestion.start, suggestion.end));
    });
    ui.label(RichText::new(&suggestion.text).size(16.0));
    if suggestion.label == FIGURE {
        match &suggestion.value {
            Some(value) => ui.label(format!("Value: {value}")),
            None => ui.weak("Value: none read"),
        };
    }
    ui.weak(format!(
        "engine's confidence {:.0}%",
        suggestion.score * 100.0
    ));
    ui.horizontal(|ui| {
        if ui
            .button("Accept")
            .on_hover_text("Enter, or a label's key to accept it with that label")
            .clicked()
        {
            actions.push(Action::AcceptSuggestion(None));
        }
        if ui.button("Reject").on_hover_text("Backspace").clicked() {
            actions.push(Action::RejectSuggestion);
        }
    });
    let figures = doc.editor.schema().has(FIGURE);
    if figures
        && ui
            .button(UiCommand::AcceptAllFigures.name())
            .on_hover_text("one undo step takes them all back")
            .clicked()
    {
        actions.push(Action::Command(UiCommand::AcceptAllFigures));
    }
    ui.weak("Tab / Shift+Tab: next / previous suggestion.");
}
