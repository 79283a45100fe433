//! The small menu that asks which type a new link takes when more than one fits the two spans' labels: one
//! button a type (with its hotkey, which picks it too), and Cancel (or Esc).

use crate::model::Relation;
use crate::schema::Schema;

use super::action::Action;

/// Shows the menu while `choices` has links to choose from.
pub fn show(
    ctx: &egui::Context,
    choices: &[Relation],
    schema: Option<&Schema>,
    actions: &mut Vec<Action>,
) {
    if choices.is_empty() {
        return;
    }
    let hotkey = |relation: &Relation| {
        schema
            .and_then(|s| s.relation(&relation.kind))
            .and_then(|def| def.hotkey)
    };
    // A type's hotkey picks it; Esc cancels (before the text view's own Esc handling).
    let pressed = ctx.input_mut(|input| {
        if input.consume_key(egui::Modifiers::NONE, egui::Key::Escape) {
            return Some(None);
        }
        choices.iter().find_map(|relation| {
            let key = hotkey(relation).and_then(|c| egui::Key::from_name(&c.to_string()))?;
            input
                .consume_key(egui::Modifiers::NONE, key)
                .then(|| Some(relation.clone()))
        })
    });
    match pressed {
        Some(Some(relation)) => return actions.push(Action::Link(relation)),
        Some(None) => return actions.push(Action::CancelLink),
        None => {}
    }
    egui::Window::new("Link as…")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            for relation in choices {
                let key = hotkey(relation)
                    .map(|k| format!("[{k}] "))
                    .unwrap_or_default();
                let text = format!(
                    "{key}{}: {} → {}",
                    relation.kind, relation.from.label, relation.to.label
                );
                if ui.button(text).clicked() {
                    actions.push(Action::Link(relation.clone()));
                }
            }
            if ui.button("Cancel").clicked() {
                actions.push(Action::CancelLink);
            }
        });
}
