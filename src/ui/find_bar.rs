//! The find bar (Ctrl+F): a query field, the number of matches, next/previous, and "tag all matches as".

use egui::Ui;

use super::action::Action;

/// The find bar's state.
#[derive(Debug, Clone)]
pub struct FindState {
    /// Whether the bar is shown.
    pub open: bool,
    /// The query being typed.
    pub query: String,
    /// Results for `query` in the open report.
    pub matches: Vec<(usize, usize)>,
    /// The emphasised result.
    pub current: Option<usize>,
    /// Give the query field keyboard focus on the next frame.
    pub focus: bool,
    /// Match in any script (贫困 finds 貧困, ０ finds 0); on unless the analyst turns it off.
    pub any_script: bool,
}

impl Default for FindState {
    fn default() -> Self {
        FindState {
            open: false,
            query: String::new(),
            matches: Vec::new(),
            current: None,
            focus: false,
            any_script: true,
        }
    }
}

impl FindState {
    /// How the query is matched.
    pub fn matching(&self) -> crate::find::Matching {
        if self.any_script {
            crate::find::Matching::AnyScript
        } else {
            crate::find::Matching::Exact
        }
    }

    /// Closes the bar and drops its results, so no find highlight stays on screen (in this report or the next)
    /// where it could be taken for a tag.
    pub fn close(&mut self) {
        self.open = false;
        self.matches.clear();
        self.current = None;
    }

    /// Moves to the next (or previous) result, wrapping around; the result's start, to scroll to.
    pub fn step(&mut self, forward: bool) -> Option<usize> {
        let n = self.matches.len();
        if n == 0 {
            return None;
        }
        let i = self.current.unwrap_or(0);
        let next = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.current = Some(next);
        Some(self.matches[next].0)
    }
}

/// Draws the find bar over its own state; `labels` are the schema's, for "tag all matches as".
pub fn show(ui: &mut Ui, find: &mut FindState, labels: &[String], actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let label = ui.label("Find:");
        let mut query = find.query.clone();
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut query)
                    .id_salt("find_query")
                    .hint_text("text to find")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
        if find.focus {
            field.request_focus();
            find.focus = false;
        }
        if field.changed() {
            actions.push(Action::FindQuery(query));
        }
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            let forward = !ui.input(|i| i.modifiers.shift);
            actions.push(Action::FindStep(forward));
            field.request_focus();
        }
        if ui
            .checkbox(&mut find.any_script, "any script")
            .on_hover_text("贫困 finds 貧困 too, and full-width ０ / Ａ find 0 / A")
            .changed()
        {
            actions.push(Action::FindQuery(find.query.clone()));
        }
        let n = find.matches.len();
        match find.current {
            Some(i) if n > 0 => ui.label(format!("{} of {n}", i + 1)),
            _ if find.query.is_empty() => ui.weak(""),
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
            for label in labels {
                if ui
                    .button(format!("Tag all matches as {label}"))
                    .on_hover_text("one undoable step")
                    .clicked()
                {
                    actions.push(Action::TagAllMatches(label.clone()));
                }
            }
        });
        if ui.button("× close").on_hover_text("close (Esc)").clicked() {
            find.close();
        }
    });
}
