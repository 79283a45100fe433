//! The selected span's links, in both directions, in the right panel: `Quantifies → 贫困发生率降至0.68%` for a
//! link from it, `← 0.68% (Quantifies)` for one to it. Clicking a link selects the span at its other end (and
//! scrolls to it); ✕ removes the link.

use egui::Ui;

use crate::model::{Span, SpanKey};
use crate::session::OpenDoc;

use super::action::Action;

/// Lists the links of `span` (none: a hint on how to make one).
pub fn show(ui: &mut Ui, doc: &OpenDoc, span: &Span, actions: &mut Vec<Action>) {
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
    let links: Vec<_> = crate::relations::touching(&file.relations, &key).collect();
    if links.is_empty() {
        ui.weak("No links: press R, then click another span to link it.");
        return;
    }
    ui.strong(format!("Links ({})", links.len()));
    for relation in links {
        let outgoing = relation.from == key;
        let other = if outgoing {
            &relation.to
        } else {
            &relation.from
        };
        let text = if outgoing {
            format!("{} → {}", relation.kind, text_of(other))
        } else {
            format!("← {} ({})", text_of(other), relation.kind)
        };
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
