//! The right panel while adjudicating: the analysts, the support legend, "accept every unanimous span", the
//! current conflict's card, gold's outdated conflicts, and gold's spans.

use egui::{Color32, Ui};

use crate::adjudicate::options_present;
use crate::plural::count;
use crate::session::OpenDoc;

use super::action::Action;
use super::adjudication::{ALL_COLOR, Adjudication, MAJORITY_COLOR, MINORITY_COLOR, SPLIT_COLOR};
use super::commands::UiCommand;
use super::conflict_card::{self, CardState, kind_name};

fn legend(ui: &mut Ui, color: Color32, text: &str) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, color);
    ui.label(text);
}

/// Draws the panel for `adj`.
pub fn show(ui: &mut Ui, adj: &Adjudication, actions: &mut Vec<Action>) {
    let Some(doc) = adj.gold().current() else {
        return;
    };
    ui.horizontal(|ui| {
        ui.heading("Adjudication");
        if ui.button("Stop adjudicating").clicked() {
            actions.push(Action::Command(UiCommand::StopAdjudicating));
        }
    });
    ui.label(format!("Analysts: {}", adj.view().annotators().join(", ")));
    for problem in adj.problems() {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
    support_summary(ui, adj, actions);
    ui.separator();
    conflicts(ui, adj, doc, actions);
    ui.separator();
    gold_spans(ui, doc);
}

/// The legend with the number of candidate spans of each support, and "accept every unanimous span".
fn support_summary(ui: &mut Ui, adj: &Adjudication, actions: &mut Vec<Action>) {
    let mut counts = [0usize; 4];
    for (_, support) in adj.view().spans_with_support() {
        counts[support as usize] += 1;
    }
    ui.horizontal_wrapped(|ui| {
        ui.weak("outline:");
        legend(ui, ALL_COLOR, &format!("all {}", counts[0]));
        legend(ui, MAJORITY_COLOR, &format!("majority {}", counts[1]));
        // With an even number of analysts, half is neither a majority nor a minority.
        if counts[2] > 0 || adj.view().annotators().len().is_multiple_of(2) {
            legend(ui, SPLIT_COLOR, &format!("split {}", counts[2]));
        }
        if counts[3] > 0 || adj.view().annotators().len() > 2 {
            legend(ui, MINORITY_COLOR, &format!("minority {}", counts[3]));
        }
    });
    if ui
        .button(format!("Accept every unanimous span ({})", counts[0]))
        .clicked()
    {
        actions.push(Action::AcceptUnanimous);
    }
}

/// How many conflicts are decided, prev / next, the current conflict's card, and gold's outdated conflicts.
fn conflicts(ui: &mut Ui, adj: &Adjudication, doc: &OpenDoc, actions: &mut Vec<Action>) {
    let text = doc.editor.text();
    let total = adj.view().conflicts().len();
    let gold = doc.editor.file();
    let decided = (0..total)
        .filter(|&i| adj.view().is_settled(gold, i))
        .count();
    ui.horizontal(|ui| {
        ui.strong(format!("Conflicts: {decided} decided of {total}"));
        if ui.button("◀ prev").on_hover_text("Shift+F8").clicked() {
            actions.push(Action::Command(UiCommand::PreviousConflict));
        }
        if ui.button("next ▶").on_hover_text("F8").clicked() {
            actions.push(Action::Command(UiCommand::NextConflict));
        }
    });
    if let Some(index) = adj.current()
        && let Some(conflict) = adj.view().conflicts().get(index)
    {
        let notes = conflict_card::option_notes(adj.view().spans(), conflict);
        let state = CardState {
            heading: format!("{} of {total}: {}", index + 1, kind_name(conflict.kind)),
            present: &options_present(gold, conflict),
            settled: adj.view().is_settled(gold, index),
            notes: &notes,
        };
        if let Some(choice) = conflict_card::show(ui, text, conflict, &state) {
            actions.push(Action::Resolve(index, choice));
        }
    } else if total == 0 {
        ui.label("No conflicts: the analysts agree on every span.");
    }
    let outdated = adj.view().outdated(gold).len();
    if outdated > 0 {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "Gold also lists {} the analysts' files no longer show.",
                count(outdated, "open conflict")
            ));
            if ui
                .button("Withdraw them")
                .on_hover_text("Takes them off gold's open list, as one undo step")
                .clicked()
            {
                actions.push(Action::WithdrawOutdated);
            }
        });
    }
}

/// Gold's spans, in text order.
fn gold_spans(ui: &mut Ui, doc: &OpenDoc) {
    let gold = doc.editor.spans();
    ui.strong(format!("Gold: {}", count(gold.len(), "span")));
    egui::ScrollArea::vertical()
        .id_salt("gold_list")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for span in gold {
                ui.add(
                    egui::Label::new(format!(
                        "{} {}–{} {}",
                        span.label, span.start, span.end, span.text
                    ))
                    .truncate(),
                );
            }
        });
}
