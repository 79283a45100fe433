//! The find bar (Ctrl+F): a query field, the number of matches, next/previous, and "tag all matches as".

use egui::Ui;

use super::app::{Action, App};

/// Draws the find bar.
pub fn show(ui: &mut Ui, app: &mut App, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let label = ui.label("Find:");
        let mut query = app.find.query.clone();
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut query)
                    .id_salt("find_query")
                    .hint_text("text to find")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
        if app.find.focus {
            field.request_focus();
            app.find.focus = false;
        }
        if field.changed() {
            actions.push(Action::FindQuery(query));
        }
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            let forward = !ui.input(|i| i.modifiers.shift);
            actions.push(Action::FindStep(forward));
            field.request_focus();
        }
        let n = app.find.matches.len();
        match app.find.current {
            Some(i) if n > 0 => ui.label(format!("{} of {n}", i + 1)),
            _ if app.find.query.is_empty() => ui.weak(""),
            _ => ui.label("no matches"),
        };
        if ui
            .button("▲ previous")
            .on_hover_text("previous match (Shift+Enter)")
            .clicked()
        {
            actions.push(Action::FindStep(false));
        }
        if ui
            .button("▼ next")
            .on_hover_text("next match (Enter)")
            .clicked()
        {
            actions.push(Action::FindStep(true));
        }
        ui.separator();
        ui.add_enabled_ui(n > 0, |ui| {
            let labels: Vec<String> = app
                .session
                .as_ref()
                .map(|s| s.workspace().schema().names().map(str::to_owned).collect())
                .unwrap_or_default();
            for label in labels {
                if ui
                    .button(format!("Tag all matches as {label}"))
                    .on_hover_text("one undoable step")
                    .clicked()
                {
                    actions.push(Action::TagAllMatches(label));
                }
            }
        });
        if ui.button("× close").on_hover_text("close (Esc)").clicked() {
            app.find.open = false;
        }
    });
}
