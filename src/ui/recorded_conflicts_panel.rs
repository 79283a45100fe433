//! The right panel's section for the conflicts the open file records (left by `spantag merge` or the git merge
//! driver): how many are open, prev / next, and the card of the one being looked at. It draws from the open
//! report and returns actions; what they do is in `recorded_conflicts`. Below them, the conflicts about links
//! (one analyst linked two spans, another did not, or linked them otherwise), each with a button per version and
//! "No link".

use egui::Ui;

use crate::adjudicate::options_present;
use crate::session::OpenDoc;

use super::action::Action;
use super::commands::UiCommand;
use super::conflict_card::{self, CardState, kind_name};

/// The panel section for the open report `doc`: how many conflicts are open, prev / next, and the card of
/// conflict `current`.
pub fn show(ui: &mut Ui, doc: &OpenDoc, current: Option<usize>, actions: &mut Vec<Action>) {
    link_conflicts(ui, doc, actions);
    let file = doc.editor.file();
    let total = file.conflicts.len();
    if total == 0 {
        return;
    }
    ui.horizontal(|ui| {
        ui.strong(format!("Recorded conflicts: {total} open"));
        if ui.button("◀ prev").on_hover_text("Shift+F8").clicked() {
            actions.push(Action::Command(UiCommand::PreviousConflict));
        }
        if ui.button("next ▶").on_hover_text("F8").clicked() {
            actions.push(Action::Command(UiCommand::NextConflict));
        }
    });
    let Some(index) = current.filter(|&i| i < total) else {
        ui.weak("A merge left these undecided. Press F8 to go to the first one.");
        return;
    };
    let conflict = &file.conflicts[index];
    let notes = super::conflict_card::option_notes(&file.spans, conflict);
    let state = CardState {
        heading: format!("{} of {total}: {}", index + 1, kind_name(conflict.kind)),
        present: &options_present(file, conflict),
        settled: false,
        notes: &notes,
    };
    if let Some(choice) = conflict_card::show(ui, doc.editor.text(), conflict, &state) {
        actions.push(Action::ResolveRecorded(index, choice));
    }
}

/// The open link conflicts of the file, each with its versions to choose from.
fn link_conflicts(ui: &mut Ui, doc: &OpenDoc, actions: &mut Vec<Action>) {
    let file = doc.editor.file();
    if file.relation_conflicts.is_empty() {
        return;
    }
    let text_of = |key: &crate::model::SpanKey| -> String {
        let mut text: String = doc
            .editor
            .text()
            .slice(key.start, key.end)
            .chars()
            .take(12)
            .collect();
        if key.end - key.start > 12 {
            text.push('…');
        }
        text
    };
    ui.strong(format!(
        "Link conflicts: {} open",
        file.relation_conflicts.len()
    ));
    for conflict in &file.relation_conflicts {
        ui.label(format!(
            "{} {} → {} {}",
            conflict.from.label,
            text_of(&conflict.from),
            conflict.to.label,
            text_of(&conflict.to)
        ));
        ui.horizontal_wrapped(|ui| {
            for (i, option) in conflict.options.iter().enumerate() {
                let what = option.kind.as_deref().unwrap_or("no link");
                let who: Vec<&str> = option.annotators.iter().map(|a| a.as_str()).collect();
                if ui.button(format!("{what} ({})", who.join(", "))).clicked() {
                    actions.push(Action::ResolveLinkConflict(conflict.clone(), Some(i)));
                }
            }
            if conflict.options.iter().all(|o| o.kind.is_some()) && ui.button("No link").clicked() {
                actions.push(Action::ResolveLinkConflict(conflict.clone(), None));
            }
        });
    }
    ui.separator();
}
