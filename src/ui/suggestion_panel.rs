//! The span panel's section for the suggestion with the focus: its label, text, value, which layer proposed it
//! and how sure it is, with Accept / Reject buttons and the keys that do the same.

use egui::{RichText, Ui};

use crate::figures::{FIGURE, Source, Suggestion};
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
    let source = match suggestion.source {
        Source::Rule => "the figure rules",
        Source::Dictionary => "a text the team tagged before",
        Source::Model => "the model learned from the team's spans",
    };
    ui.weak(format!(
        "from {source}; confidence {:.0}%",
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
