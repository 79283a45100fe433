//! The span panel's value line for a Figure: the value the engine reads from its text, or the analyst's
//! correction (stored with the span), and a field to correct it by writing the figure as it should read.

use egui::Ui;

use crate::figures::{Table, read_value};
use crate::model::Span;

use super::action::Action;

/// Draws a Figure span's value and the correction field; `draft` is what is being typed there.
pub fn show(
    ui: &mut Ui,
    span: &Span,
    table: &Table,
    draft: &mut String,
    actions: &mut Vec<Action>,
) {
    match (&span.value, read_value(&span.text, table)) {
        (Some(corrected), _) => {
            ui.horizontal(|ui| {
                ui.label(format!("Value: {corrected}"));
                ui.weak("(corrected)");
            });
        }
        (None, Some(read)) => {
            ui.label(format!("Value: {read}"));
        }
        (None, None) => {
            ui.weak("Value: none read (not a number with a unit spantag knows)");
        }
    }
    ui.horizontal(|ui| {
        let label = ui.label("Correct:");
        let field = ui
            .add(
                egui::TextEdit::singleline(draft)
                    .id_salt("value_correction")
                    .desired_width(120.0)
                    .hint_text("约3.7亿元"),
            )
            .labelled_by(label.id)
            .on_hover_text("Write the figure as it should be read (Enter applies it)");
        if field.lost_focus()
            && ui.input(|i| i.key_pressed(egui::Key::Enter))
            && !draft.trim().is_empty()
        {
            actions.push(Action::CorrectValue(span.key(), std::mem::take(draft)));
        }
        if span.value.is_some() && ui.button("Use the engine's reading").clicked() {
            actions.push(Action::CorrectValue(span.key(), String::new()));
        }
    });
}
