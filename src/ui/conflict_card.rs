//! One conflict as the adjudicator decides it: its kind and text, each version with a "Choose" button and a
//! mark on the versions the file holds now, and "Keep all" / "Keep none". Shared by the adjudication view and
//! the list of conflicts a merged file records; what a choice does is `spantag::adjudicate`'s business.

use egui::{RichText, Ui};

use crate::adjudicate::Choice;
use crate::model::{Conflict, ConflictKind, Span, SpanKey};
use crate::text::ReportText;

/// What the card shows besides the conflict itself.
pub struct CardState<'a> {
    /// The first line, e.g. "2 of 5: boundary conflict".
    pub heading: String,
    /// For each option, whether the file holds it now ([`crate::adjudicate::options_present`]).
    pub present: &'a [bool],
    /// Whether the file records the conflict as decided.
    pub settled: bool,
    /// For each option, the analysts' notes on its span, if any ([`option_notes`]).
    pub notes: &'a [Option<String>],
}

/// The notes on each option's span, found among `spans` (every analyst's, or a merged file's, in canonical
/// order) by extent and label.
pub fn option_notes(spans: &[Span], conflict: &Conflict) -> Vec<Option<String>> {
    conflict
        .options
        .iter()
        .map(|option| {
            let key = option.span.as_ref()?;
            let at = spans.partition_point(|s| s.start < key.start);
            spans[at..]
                .iter()
                .take_while(|s| s.start == key.start)
                .filter(|s| s.end == key.end && s.label == key.label)
                .find_map(|s| s.note.clone())
        })
        .collect()
}

/// Draws the card; returns the choice clicked, if any.
pub fn show(
    ui: &mut Ui,
    text: &ReportText,
    conflict: &Conflict,
    state: &CardState<'_>,
) -> Option<Choice> {
    let mut choice = None;
    ui.group(|ui| {
        ui.label(RichText::new(&state.heading).strong());
        ui.label(RichText::new(text.slice(conflict.start, conflict.end)).size(16.0));
        ui.weak(if state.settled {
            "decided (✔ marks what the file holds; choose again to change it)"
        } else {
            "not decided yet"
        });
        for (k, option) in conflict.options.iter().enumerate() {
            ui.horizontal_wrapped(|ui| {
                if ui.button("Choose").clicked() {
                    choice = Some(Choice::Option(k));
                }
                // Before a decision "no span" is what the file holds by default, not a choice: no mark.
                let held = state.present.get(k).copied().unwrap_or(false);
                let mark = if held && (state.settled || option.span.is_some()) {
                    "✔ "
                } else {
                    ""
                };
                let quoted = option
                    .span
                    .as_ref()
                    .map(|key| format!(" “{}”", text.slice(key.start, key.end)))
                    .unwrap_or_default();
                ui.label(format!(
                    "{mark}{}{quoted} — {}",
                    describe(option.span.as_ref()),
                    option.annotators.join(", ")
                ));
            });
            if let Some(note) = state.notes.get(k).and_then(Option::as_deref) {
                ui.indent(("option_note", k), |ui| {
                    ui.weak(format!("note: {note}"));
                });
            }
        }
        ui.horizontal(|ui| {
            if ui.button("Keep all").clicked() {
                choice = Some(Choice::All);
            }
            if ui.button("Keep none").clicked() {
                choice = Some(Choice::None);
            }
        });
    });
    choice
}

/// One version of a conflict in words: "Figure 10–15", or "no span".
pub fn describe(span: Option<&SpanKey>) -> String {
    match span {
        Some(key) => format!("{} {}–{}", key.label, key.start, key.end),
        None => "no span".to_owned(),
    }
}

/// A conflict kind in words.
pub fn kind_name(kind: ConflictKind) -> &'static str {
    match kind {
        ConflictKind::Label => "label conflict",
        ConflictKind::Boundary => "boundary conflict",
        ConflictKind::Missing => "missing span",
        ConflictKind::Edit => "edit conflict",
    }
}

/// What a choice kept, in words, for the status bar.
pub fn describe_choice(conflict: &Conflict, choice: Choice) -> String {
    match choice {
        Choice::Option(k) => conflict.options.get(k).map_or_else(String::new, |o| {
            format!(
                "{} ({})",
                describe(o.span.as_ref()),
                o.annotators.join(", ")
            )
        }),
        Choice::All => "all versions".to_owned(),
        Choice::None => "none".to_owned(),
    }
}
