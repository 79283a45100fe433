//! What the analyst does to the open report's spans: select, label, move boundaries, note, delete, find and
//! tag every match, undo and redo. Each change is an [`Edit`] applied by the core session.

use std::collections::HashSet;

use crate::boundary;
use crate::edit::{Edit, Place};
use crate::find::find_matching;
use crate::model::{Span, SpanKey, Status};
use crate::plural::count_as;

use super::app::App;
use super::commands::UiCommand;

impl App {
    /// Applies an edit to the session edits go to; false (with the reason shown) when it is refused.
    pub(super) fn apply_edit(&mut self, edit: Edit) -> bool {
        let Some(session) = self.session_mut() else {
            return false;
        };
        match session.apply(edit) {
            Ok(()) => {
                self.show_notice();
                true
            }
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }

    /// The span that is selected, as it is now in the editor.
    pub(super) fn selected_span(&self) -> Option<Span> {
        let key = self.editing.selected.as_ref()?;
        self.doc()?
            .editor
            .spans()
            .iter()
            .find(|s| &s.key() == key)
            .cloned()
    }

    /// Writes the note being typed into the selected span, if it changed.
    pub(super) fn commit_note(&mut self) {
        if let Some(span) = self.selected_span() {
            let draft = self.editing.note_draft.clone();
            if span.note.as_deref().unwrap_or("") != draft.trim_end()
                && !(span.note.is_none() && draft.trim().is_empty())
            {
                self.apply_edit(Edit::set_note(&span, draft.trim_end()));
            }
        }
    }

    /// Selects a span (or none), keeping the note typed for the previous one.
    pub(super) fn select(&mut self, key: Option<SpanKey>) {
        self.commit_note();
        self.suggesting.focused = None;
        self.editing.selected_relation = None;
        self.editing.linking = false;
        self.editing.value_draft.clear();
        self.editing.selected = key;
        self.editing.note_draft = self
            .selected_span()
            .and_then(|s| s.note)
            .unwrap_or_default();
    }

    /// Applies a label: a new span over the selected text (trimmed to the guidelines' boundaries when the
    /// setting in force says so), or a new label for the selected span.
    pub(super) fn apply_label(&mut self, label: &str) {
        let trim = self.trim().on;
        let Some(doc) = self.doc() else {
            return;
        };
        if let Some((start, end)) = self.view.selection() {
            let range = if trim {
                boundary::trim(doc.editor.text(), start, end)
            } else {
                Some((start, end))
            };
            let Some((start, end)) = range else {
                self.error("the selection holds only spaces and punctuation");
                return;
            };
            let span = doc.editor.new_span(start, end, label);
            let key = span.key();
            if self.apply_edit(Edit::Add(span)) {
                self.view.set_selection(None);
                self.select(Some(key));
            }
        } else if self.accept_suggestion(Some(label)) {
            // The focused suggestion became a span with this label.
        } else if let Some(span) = self.selected_span() {
            if span.label == label {
                return;
            }
            let mut key = span.key();
            key.label = label.into();
            if self.apply_edit(Edit::relabel(&span, label)) {
                self.editing.selected = Some(key);
            }
        } else {
            self.info("select some text first, then choose a label");
        }
    }

    /// Moves one edge of the selected span by one character.
    pub(super) fn move_boundary(&mut self, command: UiCommand) {
        let (Some(span), Some(doc)) = (self.selected_span(), self.doc()) else {
            // No span selected: Shift+← / Shift+→ grow or shrink the text selection from the caret instead.
            let len = self.doc().map_or(0, |d| d.editor.text().len_chars());
            match command {
                UiCommand::EndRight => self.view.move_caret(1, true, len),
                UiCommand::EndLeft => self.view.move_caret(-1, true, len),
                _ => {}
            }
            return;
        };
        let (mut start, mut end) = (span.start, span.end);
        match command {
            UiCommand::EndRight => end += 1,
            UiCommand::EndLeft => end = end.saturating_sub(1),
            UiCommand::StartRight => start += 1,
            UiCommand::StartLeft => start = start.saturating_sub(1),
            _ => return,
        }
        if start >= end || end > doc.editor.text().len_chars() {
            return;
        }
        let edit = Edit::move_to(doc.editor.text(), &span, start, end);
        let key = SpanKey {
            start,
            end,
            label: span.label.clone(),
        };
        if self.apply_edit(edit) {
            self.editing.selected = Some(key);
        }
    }

    /// Selects the next (or previous) span in text order and scrolls to it.
    pub(super) fn step_span(&mut self, forward: bool) {
        let Some(doc) = self.doc() else {
            return;
        };
        let spans = doc.editor.spans();
        if spans.is_empty() {
            return;
        }
        let current = self
            .editing
            .selected
            .as_ref()
            .and_then(|k| spans.iter().position(|s| &s.key() == k));
        let next = match (current, forward) {
            (None, true) => 0,
            (None, false) => spans.len() - 1,
            (Some(i), true) => (i + 1) % spans.len(),
            (Some(i), false) => (i + spans.len() - 1) % spans.len(),
        };
        let key = spans[next].key();
        self.view.scroll_to_char(key.start);
        self.select(Some(key));
    }

    /// Removes the selected span, and the relations that name it in the same undo step.
    pub(super) fn delete_selected(&mut self) {
        let Some(span) = self.selected_span() else {
            return;
        };
        let Some(edit) = self.doc().map(|doc| Edit::delete(doc.editor.file(), &span)) else {
            return;
        };
        if self.apply_edit(edit) {
            self.editing.selected = None;
            self.editing.note_draft.clear();
        }
    }

    /// Sets the note of span `key` if it is the selected one.
    pub(super) fn set_note(&mut self, key: &SpanKey, note: &str) {
        if let Some(span) = self.selected_span().filter(|s| &s.key() == key) {
            self.apply_edit(Edit::set_note(&span, note));
        }
    }

    /// Corrects the value of Figure span `key` to the figure the analyst wrote (an empty text goes back to the
    /// engine's reading); a text the engine cannot read is refused with the reason.
    pub(super) fn correct_value(&mut self, key: &SpanKey, written: &str) {
        let Some(span) = self.selected_span().filter(|s| &s.key() == key) else {
            return;
        };
        let value = if written.trim().is_empty() {
            None
        } else {
            let table = self
                .figure_table
                .as_ref()
                .map(|(_, t)| std::sync::Arc::clone(t));
            match table.and_then(|t| crate::figures::read_value(written.trim(), &t)) {
                Some(value) => Some(value),
                None => {
                    self.error(format!(
                        "cannot read a value from {:?}: write it as a report would, e.g. 约3.7亿元 or 523人",
                        written.trim()
                    ));
                    return;
                }
            }
        };
        if self.apply_edit(Edit::set_value(&span, value.clone())) {
            match value {
                Some(v) => self.info(format!("value corrected to {v}")),
                None => self.info("value as the engine reads the text again"),
            }
        }
    }

    /// Sets the open report's status.
    pub(super) fn set_status(&mut self, status: Status) {
        if let Some(session) = self.session_mut()
            && let Err(e) = session.set_status(status)
        {
            self.error(e.to_string());
        }
    }

    /// Marks the report done, or back in progress.
    pub(super) fn toggle_done(&mut self) {
        if let Some(status) = self.doc().map(|d| d.editor.file().status) {
            self.set_status(if status == Status::Done {
                Status::InProgress
            } else {
                Status::Done
            });
        }
    }

    /// Undoes (or redoes) the last edit; the selection and the recorded conflict follow.
    pub(super) fn undo_redo(&mut self, undo: bool) {
        self.commit_note();
        let open_before = if self.adjudication().is_none() {
            self.recorded().to_vec()
        } else {
            Vec::new()
        };
        // What the step will apply, to select (or scroll to) where it happens afterwards.
        let place = self.doc().and_then(|doc| {
            let editor = &doc.editor;
            let next = if undo {
                editor.next_undo()
            } else {
                editor.next_redo()
            };
            next.and_then(Edit::place)
        });
        let mut applied = false;
        if let Some(session) = self.session_mut() {
            let result = if undo { session.undo() } else { session.redo() };
            match result {
                Ok(()) => applied = true,
                Err(e) => self.info(e.to_string()),
            }
            self.show_notice();
        }
        match place.filter(|_| applied) {
            Some(Place::Span(key)) => {
                self.view.scroll_to_char(key.start);
                self.view.set_selection(None);
                self.select(Some(key));
            }
            Some(Place::Gone(at)) => self.view.scroll_to_char(at),
            None => {}
        }
        if self.selected_span().is_none() {
            self.editing.selected = None;
        }
        self.follow_recorded_conflicts(&open_before);
    }

    /// Esc: clears the text selection and the selected span; with neither, closes the find bar.
    pub(super) fn deselect(&mut self) {
        if self.editing.linking {
            return self.cancel_linking();
        }
        if self.find.open && self.view.selection().is_none() && self.editing.selected.is_none() {
            self.find.close();
        }
        self.view.set_selection(None);
        self.select(None);
    }

    /// Ctrl+F: opens the find bar, searching for the selected text if there is some, else for the last query
    /// again (closing the bar dropped its results).
    pub(super) fn open_find(&mut self) {
        self.find.open = true;
        self.find.focus = true;
        if let Some((a, b)) = self.view.selection()
            && let Some(doc) = self.doc()
        {
            self.find.query = doc.editor.text().slice(a, b).to_owned();
        }
        self.refresh_find();
    }

    /// Searches the open report for the find bar's query again.
    pub(super) fn refresh_find(&mut self) {
        self.find.matches = match self.doc() {
            Some(doc) if !self.find.query.is_empty() => {
                find_matching(doc.editor.text(), &self.find.query, self.find.matching())
            }
            _ => Vec::new(),
        };
        self.find.current = (!self.find.matches.is_empty()).then_some(0);
        if let Some(&(start, _)) = self.find.matches.first() {
            self.view.scroll_to_char(start);
        }
    }

    /// Tags every find result with `label`, as one undoable step.
    pub(super) fn tag_all_matches(&mut self, label: &str) {
        let Some(doc) = self.doc() else {
            return;
        };
        let existing: HashSet<SpanKey> = doc.editor.spans().iter().map(|s| s.key()).collect();
        let edits: Vec<Edit> = self
            .find
            .matches
            .iter()
            .map(|&(start, end)| doc.editor.new_span(start, end, label))
            .filter(|s| !existing.contains(&s.key()))
            .map(Edit::Add)
            .collect();
        let n = edits.len();
        if n == 0 {
            self.info(format!("every match is already tagged {label}"));
            return;
        }
        if self.apply_edit(Edit::Batch(edits)) {
            self.info(format!(
                "tagged {} as {label} (one undo step)",
                count_as(n, "match", "matches")
            ));
        }
    }
}
