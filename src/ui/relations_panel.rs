//! The selected span's links, in both directions, in the right panel: `Quantifies → 贫困发生率降至0.68%` for a
//! link from it, `← 0.68% (Quantifies)` for one to it. Clicking a link selects the span at its other end (and
//! scrolls to it); ✕ removes the link. Above them, the links suggested for it, each to accept (✔) or reject (✕).

use egui::Ui;

use crate::model::{Relation, Span, SpanKey};
use crate::session::OpenDoc;

use super::action::Action;

/// Lists the links suggested for `span`, then its links (none: a hint on how to make one).
pub fn show(
    ui: &mut Ui,
    doc: &OpenDoc,
    span: &Span,
    suggested: &[Relation],
    actions: &mut Vec<Action>,
) {
    let key = span.key();
    let file = doc.editor.file();
    let text_of = |other: &SpanKey| -> String {
        let text = doc
            .editor
            .spans()
            .iter()
            .find(|s| s.key() == *other)
            .map(|s| s.text.to_string())
            .unwrap_or_else(|| format!("{} {}–{}", other.label, other.start, other.end));
        let mut short: String = text.chars().take(20).collect();
        if text.chars().count() > 20 {
            short.push('…');
        }
        short
    };
    // The link in words, seen from this span, and the span at its other end.
    let words = |relation: &Relation| -> (SpanKey, String) {
        if relation.from == key {
            let other = relation.to.clone();
            let text = format!("{} → {}", relation.kind, text_of(&other));
            (other, text)
        } else {
            let other = relation.from.clone();
            let text = format!("← {} ({})", text_of(&other), relation.kind);
            (other, text)
        }
    };
    let proposed: Vec<&Relation> = crate::relations::touching(suggested, &key).collect();
    if !proposed.is_empty() {
        ui.strong(format!("Suggested links ({})", proposed.len()));
        for relation in proposed {
            let (_, text) = words(relation);
            ui.horizontal(|ui| {
                ui.label(format!("{text}?"));
                if ui
                    .small_button("✔")
                    .on_hover_text("accept this link")
                    .clicked()
                {
                    actions.push(Action::AcceptLink(relation.clone()));
                }
                if ui
                    .small_button("✕")
                    .on_hover_text("reject it: not offered again in this report")
                    .clicked()
                {
                    actions.push(Action::RejectLink(relation.clone()));
                }
            });
        }
    }
    let links: Vec<&Relation> = crate::relations::touching(&file.relations, &key).collect();
    if links.is_empty() {
        ui.weak("No links: press R, then click another span to link it.");
        return;
    }
    ui.strong(format!("Links ({})", links.len()));
    for relation in links {
        let (other, text) = words(relation);
        ui.horizontal(|ui| {
            if ui
                .link(text)
                .on_hover_text(format!(
                    "{} {}–{}: click to go to it",
                    other.label, other.start, other.end
                ))
                .clicked()
            {
                actions.push(Action::SelectSpan(other.clone(), true));
            }
            if ui
                .small_button("✕")
                .on_hover_text("remove this link")
                .clicked()
            {
                actions.push(Action::DeleteRelation(relation.clone()));
            }
        });
    }
}
