//! The conflicts an annotation file records as open (left by `spantag merge` or by the git merge driver), as
//! the ordinary editor works on them: F8 / Shift+F8 walk them, and each is decided with the same card as in
//! adjudication (drawn by `recorded_conflicts_panel`). A decision is one undoable edit that changes the spans
//! and settles the conflict.

use crate::adjudicate::{Choice, resolution};
use crate::model::{Conflict, conflict_order};
use crate::plural::count;

use super::app::App;
use super::conflict_card::describe_choice;

impl App {
    /// The open file's recorded conflicts (empty when nothing is open).
    pub(super) fn recorded(&self) -> &[Conflict] {
        self.doc()
            .map_or(&[], |doc| doc.editor.file().conflicts.as_slice())
    }

    /// Moves to the next or previous recorded conflict of the open file and scrolls to it.
    pub(super) fn step_recorded_conflict(&mut self, forward: bool) {
        let n = self.recorded().len();
        if n == 0 {
            self.editing.recorded_conflict = None;
            self.info("this file records no open conflicts");
            return;
        }
        let next = match (self.editing.recorded_conflict, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.show_recorded(next);
    }

    /// Keeps the recorded-conflict pointer meaningful after undo or redo (`before` is the open list as it
    /// was): a decision taken back shows its reopened conflict; otherwise the pointer stays within the list.
    pub(super) fn follow_recorded_conflicts(&mut self, before: &[Conflict]) {
        if self.adjudication().is_some() {
            return;
        }
        let now = self.recorded();
        // Both lists are in file order; only an undone decision makes the list longer.
        let reopened = (now.len() > before.len())
            .then(|| {
                now.iter()
                    .position(|c| before.binary_search_by(|b| conflict_order(b, c)).is_err())
            })
            .flatten();
        match (reopened, now.len()) {
            (Some(index), _) => self.show_recorded(index),
            (None, 0) => self.editing.recorded_conflict = None,
            (None, n) => {
                self.editing.recorded_conflict =
                    self.editing.recorded_conflict.map(|i| i.min(n - 1))
            }
        }
    }

    fn show_recorded(&mut self, index: usize) {
        self.editing.recorded_conflict = Some(index);
        if let Some(start) = self.recorded().get(index).map(|c| c.start) {
            self.view.scroll_to_char(start);
        }
    }

    /// Decides recorded conflict `index` of the open file: one undoable edit of its spans that also settles
    /// it; then shows the conflict that took its place in the list.
    pub(super) fn resolve_recorded(&mut self, index: usize, choice: Choice) {
        let Some(doc) = self.doc() else {
            return;
        };
        let file = doc.editor.file();
        let Some(conflict) = file.conflicts.get(index).cloned() else {
            return;
        };
        // Spans the file holds are never added again, so there are no others to take provenance from.
        let edit = match resolution(file, &conflict, choice, &[], doc.editor.text()) {
            Ok(edit) => edit,
            Err(e) => {
                self.error(e.to_string());
                return;
            }
        };
        if !self.apply_edit(edit) {
            return;
        }
        self.select(None);
        let left = self.recorded().len();
        self.info(format!(
            "kept {}; {} left (undo takes the decision back)",
            describe_choice(&conflict, choice),
            count(left, "recorded conflict")
        ));
        if left == 0 {
            self.editing.recorded_conflict = None;
        } else {
            self.show_recorded(index.min(left - 1));
        }
    }
}

impl App {
    /// Decides a recorded link conflict of the open file: `choice` is one of its options, or `None` for no link
    /// between the two spans. One undoable edit changes the links and settles the conflict.
    pub(super) fn resolve_link_conflict(
        &mut self,
        conflict: crate::model::RelationConflict,
        choice: Option<usize>,
    ) {
        let Some(doc) = self.doc() else {
            return;
        };
        let edit = match crate::adjudicate::link_resolution(doc.editor.file(), &conflict, choice) {
            Ok(edit) => edit,
            Err(e) => return self.error(e.to_string()),
        };
        let what = match choice.and_then(|i| conflict.options.get(i)) {
            Some(option) => option
                .kind
                .as_deref()
                .map_or_else(|| "no link".to_owned(), |k| format!("a {k} link")),
            None => "no link".to_owned(),
        };
        if self.apply_edit(edit) {
            self.info(format!(
                "link conflict decided: {what} from {} {}–{} to {} {}–{} (Ctrl+Z takes it back)",
                conflict.from.label,
                conflict.from.start,
                conflict.from.end,
                conflict.to.label,
                conflict.to.start,
                conflict.to.end
            ));
        }
    }
}
