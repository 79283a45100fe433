//! Suggested links in the open report: kept current after every edit (from the analyst's spans: a Figure
//! inside an Outcome or Measure, a Measure and an Outcome in one sentence), drawn faintly, listed in the
//! selected span's panel to accept or reject one by one, and accepted all at once as one undo step. Never
//! added silently: each is an edit the analyst makes.

use crate::model::Relation;
use crate::plural::count;
use crate::relation_suggestions;

use super::app::{App, Mode};

impl App {
    /// Recomputes the suggested links when the open report or its annotations changed (only in the analyst's
    /// own editing, with suggestions shown).
    pub(super) fn refresh_link_suggestions(&mut self) {
        let shown = matches!(self.mode, Mode::Editing) && self.settings.show_suggestions;
        let Some(doc) = self
            .session
            .as_ref()
            .and_then(|s| s.current())
            .filter(|_| shown)
        else {
            self.suggesting.links.clear();
            self.suggesting.links_at = None;
            return;
        };
        let at = (doc.editor.revision(), doc.index);
        if self.suggesting.links_at == Some(at) {
            return;
        }
        self.suggesting.links = relation_suggestions::suggest(
            doc.editor.text(),
            doc.editor.file(),
            doc.editor.schema(),
        );
        self.suggesting.links_at = Some(at);
    }

    /// Accepts one suggested link.
    pub(super) fn accept_link(&mut self, relation: Relation) {
        if self.apply_edit(relation_suggestions::accept(&relation)) {
            self.info(format!("accepted the suggested {} link", relation.kind));
        }
    }

    /// Turns one suggested link down in this report (kept in the file, not offered again).
    pub(super) fn reject_link(&mut self, relation: Relation) {
        if self.apply_edit(relation_suggestions::reject(&relation)) {
            self.info(format!(
                "rejected the suggested {} link: not offered again in this report",
                relation.kind
            ));
        }
    }

    /// Accepts every suggested link of the report as one undo step.
    pub(super) fn accept_all_links(&mut self) {
        self.refresh_link_suggestions();
        let edit = relation_suggestions::accept_all(&self.suggesting.links);
        if edit.is_empty() {
            self.info("no suggested links in this report");
            return;
        }
        let n = edit.len();
        if self.apply_edit(edit) {
            self.info(format!(
                "accepted {}: one undo (Ctrl+Z) takes them all back",
                count(n, "suggested link")
            ));
        }
    }
}
