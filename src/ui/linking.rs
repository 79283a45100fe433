//! What the analyst does to links between spans: R with a span selected, then a click on another span, links
//! them (with the one type the schema allows between their labels, or the type chosen in a small menu when
//! several fit, either way round); a link is selected by clicking its label and removed with Delete. Every
//! change is an [`Edit`] applied by the core session, so undo, autosave and the journal treat links like spans.

use crate::edit::Edit;
use crate::model::{Relation, SpanKey};
use crate::schema::Schema;

use super::app::App;

/// The links the schema allows between two spans, in either direction (a Figure clicked from its Outcome still
/// quantifies it): those from `a` to `b` first, in the schema's order.
pub fn fitting_links(schema: &Schema, a: &SpanKey, b: &SpanKey) -> Vec<Relation> {
    let forward = schema
        .relations_between(&a.label, &b.label)
        .map(|def| Relation::new(a.clone(), b.clone(), def.name.as_str()));
    let backward = schema
        .relations_between(&b.label, &a.label)
        .map(|def| Relation::new(b.clone(), a.clone(), def.name.as_str()));
    forward.chain(backward).collect()
}

impl App {
    /// R: the next span clicked becomes the other end of a link from the selected span.
    pub(super) fn start_linking(&mut self) {
        let Some(span) = self.selected_span() else {
            self.error("select a span first, then press R and click the span to link it to");
            return;
        };
        self.editing.linking = true;
        self.info(format!(
            "Linking {} “{}”: click the span to link it to (Esc cancels)",
            span.label,
            short(&span.text)
        ));
    }

    /// Stops linking (Esc, or the menu closed without a choice).
    pub(super) fn cancel_linking(&mut self) {
        if self.editing.linking || !self.editing.link_choice.is_empty() {
            self.info("Linking cancelled");
        }
        self.editing.linking = false;
        self.editing.link_choice.clear();
    }

    /// The span clicked while linking: links it to the selected span when one type fits, asks which when
    /// several do, says why when none does.
    pub(super) fn link_to(&mut self, target: SpanKey) {
        self.editing.linking = false;
        let (Some(from), Some(doc)) = (self.editing.selected.clone(), self.doc()) else {
            return;
        };
        if from == target {
            self.error("a span cannot be linked to itself: click another span");
            return;
        }
        let fits = fitting_links(doc.editor.schema(), &from, &target);
        match fits.len() {
            0 => self.error(format!(
                "no relation type links a {} and a {} (spantag.ron's relations say which labels each joins)",
                from.label, target.label
            )),
            1 => {
                let relation = fits.into_iter().next();
                if let Some(relation) = relation {
                    self.link(relation);
                }
            }
            _ => self.editing.link_choice = fits,
        }
    }

    /// Makes a link, checked against the schema, as one undoable edit.
    pub(super) fn link(&mut self, relation: Relation) {
        self.editing.link_choice.clear();
        let Some(doc) = self.doc() else {
            return;
        };
        let edit = match Edit::link(
            doc.editor.schema(),
            &relation.from,
            &relation.to,
            &relation.kind,
        ) {
            Ok(edit) => edit,
            Err(e) => return self.error(e.to_string()),
        };
        if self.apply_edit(edit) {
            self.info(format!("Linked: {}", describe(&relation)));
        }
    }

    /// Delete with a link selected: removes it.
    pub(super) fn delete_selected_relation(&mut self) {
        if let Some(relation) = self.editing.selected_relation.take() {
            self.delete_relation(relation);
        }
    }

    /// Removes a link (as it is now in the file: its note and provenance as they stand).
    pub(super) fn delete_relation(&mut self, relation: Relation) {
        let current = self.doc().and_then(|doc| {
            doc.editor
                .file()
                .relations
                .iter()
                .find(|r| r.key() == relation.key())
                .cloned()
        });
        let Some(current) = current else {
            return;
        };
        if self.editing.selected_relation.as_ref().map(Relation::key) == Some(relation.key()) {
            self.editing.selected_relation = None;
        }
        if self.apply_edit(Edit::Unlink(current)) {
            self.info(format!("Link removed: {}", describe(&relation)));
        }
    }
}

/// A link in words for the status bar: `Quantifies 0.68% → 贫困发生率…` by labels and offsets.
fn describe(relation: &Relation) -> String {
    format!(
        "{} {} {}–{} → {} {}–{}",
        relation.kind,
        relation.from.label,
        relation.from.start,
        relation.from.end,
        relation.to.label,
        relation.to.start,
        relation.to.end
    )
}

/// The start of a span's text, for messages.
fn short(text: &str) -> String {
    let mut out: String = text.chars().take(16).collect();
    if text.chars().count() > 16 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(start: usize, label: &str) -> SpanKey {
        SpanKey {
            start,
            end: start + 2,
            label: label.into(),
        }
    }

    #[test]
    fn links_fit_either_way_round() {
        let schema = Schema::default();
        let (figure, outcome) = (key(5, "Figure"), key(0, "Outcome"));
        let fits = fitting_links(&schema, &outcome, &figure);
        assert_eq!(fits.len(), 1);
        assert_eq!(
            (fits[0].from.label.as_str(), fits[0].kind.as_str()),
            ("Figure", "Quantifies")
        );
        assert!(fitting_links(&schema, &outcome, &key(9, "Outcome")).is_empty());
    }
}
