//! What the analyst does with the engine's suggestions in the open report: they are computed off the UI thread
//! when a report opens, stepped through with Tab / Shift+Tab, accepted (Enter, or a label's key for another
//! label), rejected (Backspace), or accepted all at once for Figures. Accepting and rejecting are edits, so undo
//! and the saved file follow; this module only moves the focus and turns keys into those edits.

use std::sync::Arc;

use crate::background::Polled;
use crate::figures::{FIGURE, Suggestion};
use crate::model::SpanKey;
use crate::plural::count;
use crate::suggestions;

use super::app::{App, Mode};
use super::suggestion_state::Suggesting;

impl App {
    /// Keeps the open report's suggestions current: starts the engine for a newly opened text, takes its
    /// result when ready, and refilters after every edit. Only the analyst's own editing gets suggestions.
    pub(super) fn poll_suggestions(&mut self, ctx: &egui::Context) {
        let Mode::Editing = self.mode else {
            self.suggesting = Suggesting::default();
            return;
        };
        let Some(doc) = self.session.as_ref().and_then(|s| s.current()) else {
            self.suggesting = Suggesting::default();
            return;
        };
        let text = doc.editor.text();
        let s = &mut self.suggesting;
        if let Some(job) = &s.job {
            match job.poll() {
                Polled::Ready(offered) => {
                    s.job = None;
                    if offered.is_for(text) {
                        s.offered = Some(Arc::new(offered));
                        s.open_at = None;
                    }
                }
                Polled::Waiting => {}
                Polled::Gone => s.job = None,
            }
        }
        let model = self.learning.model.clone();
        let current = s.offered.as_ref().is_some_and(|o| o.is_for(text));
        // A newer model: compute again, showing the older suggestions until the new ones arrive.
        let stale = current
            && s.job.is_none()
            && s.offered
                .as_ref()
                .is_some_and(|o| !o.is_from(model.as_deref()));
        if !current {
            s.offered = None;
            s.set_open(Vec::new(), (u64::MAX, usize::MAX));
            s.open_at = None;
        }
        let wanted = (
            text.fingerprint().to_owned(),
            model.as_ref().map(|m| m.fingerprint().to_owned()),
        );
        if (!current || stale)
            && s.job_for.as_ref() != Some(&wanted)
            && let Some((_, table)) = &self.figure_table
        {
            let ctx = ctx.clone();
            s.job = Some(suggestions::start(
                text.clone(),
                Arc::clone(table),
                doc.editor.schema().clone(),
                model,
                move || ctx.request_repaint(),
            ));
            s.job_for = Some(wanted);
        }
        let at = (doc.editor.revision(), doc.index);
        if let Some(offered) = &s.offered
            && s.open_at != Some(at)
        {
            let settings = &self.settings;
            let open = offered.open(doc.editor.file(), &|label| settings.threshold(label));
            s.set_open(open, at);
        }
    }

    /// Tab / Shift+Tab: focuses the next (or previous) open suggestion after the focused one, the selected
    /// span or the text selection, and scrolls to it.
    pub(super) fn step_suggestion(&mut self, forward: bool) {
        if !self.settings.show_suggestions {
            self.info("suggestions are hidden (View ▸ Show suggestions)");
            return;
        }
        let from = self
            .suggesting
            .focused
            .as_ref()
            .or(self.editing.selected.as_ref())
            .map(|k| (k.start, std::cmp::Reverse(k.end), k.label.clone()))
            .or_else(|| {
                self.view
                    .selection()
                    .map(|(a, _)| (a, std::cmp::Reverse(usize::MAX), "".into()))
            });
        let order = |s: &Suggestion| (s.start, std::cmp::Reverse(s.end), s.label.clone());
        let open: Vec<&Suggestion> = self.suggesting.open().collect();
        let next = match (&from, forward) {
            (None, true) => open.first(),
            (None, false) => open.last(),
            (Some(from), true) => open.iter().find(|s| order(s) > *from).or(open.first()),
            (Some(from), false) => open.iter().rev().find(|s| order(s) < *from).or(open.last()),
        };
        match next.map(|s| suggestions::key_of(s)) {
            Some(key) => self.focus_suggestion(key),
            None if self.suggesting.running() => self.info("still looking for suggestions…"),
            None => self.info("no suggestions left in this report"),
        }
    }

    /// Gives the focus to a suggestion (clearing the span and text selection) and brings it into view.
    pub(super) fn focus_suggestion(&mut self, key: SpanKey) {
        self.select(None);
        self.view.set_selection(None);
        self.view.scroll_to_char(key.start);
        self.suggesting.focused = Some(key);
    }

    /// Accepts the focused suggestion, with its own label or `label`; the focus moves on to the next one.
    /// False when no suggestion has the focus.
    pub(super) fn accept_suggestion(&mut self, label: Option<&str>) -> bool {
        let (Some(suggestion), Some(doc)) = (self.suggesting.focused().cloned(), self.doc()) else {
            return false;
        };
        let label = label.unwrap_or(&suggestion.label).to_owned();
        let edit = suggestions::accept(doc.editor.text(), &suggestion, &label);
        if self.apply_edit(edit) {
            self.after_decision(&suggestion, format!("accepted {label} {}", suggestion.text));
        }
        true
    }

    /// Rejects the focused suggestion (remembered for this report); false when none has the focus.
    pub(super) fn reject_suggestion(&mut self) -> bool {
        let Some(suggestion) = self.suggesting.focused().cloned() else {
            return false;
        };
        if self.apply_edit(suggestions::reject(&suggestion)) {
            self.after_decision(
                &suggestion,
                format!(
                    "rejected {} {}: it is not offered again in this report",
                    suggestion.label, suggestion.text
                ),
            );
        }
        true
    }

    /// Recomputes the open suggestions now (after an edit), not at the next frame, so the next step sees it.
    fn refilter_suggestions(&mut self) {
        if let (Some(offered), Some(doc)) = (
            self.suggesting.offered.clone(),
            self.session.as_ref().and_then(|s| s.current()),
        ) {
            let settings = &self.settings;
            let open = offered.open(doc.editor.file(), &|label| settings.threshold(label));
            self.suggesting
                .set_open(open, (doc.editor.revision(), doc.index));
        }
    }

    /// Moves the focus past a decided suggestion and says what happened.
    fn after_decision(&mut self, decided: &Suggestion, message: String) {
        self.refilter_suggestions();
        self.suggesting.focused = Some(suggestions::key_of(decided));
        self.step_suggestion(true);
        if self
            .suggesting
            .focused
            .as_ref()
            .is_some_and(|k| *k == suggestions::key_of(decided))
        {
            self.suggesting.focused = None;
        }
        self.info(message);
    }

    /// Accepts every open Figure suggestion of the report as one undo step.
    pub(super) fn accept_all_figures(&mut self) {
        let (Some(offered), Some(doc)) = (self.suggesting.offered.clone(), self.doc()) else {
            self.info("no suggestions in this report yet");
            return;
        };
        let edit =
            suggestions::accept_all(doc.editor.text(), &offered, &self.suggesting.open, FIGURE);
        if edit.is_empty() {
            self.info("no Figure suggestions left in this report");
            return;
        }
        let n = edit.len();
        if self.apply_edit(edit) {
            self.suggesting.focused = None;
            self.info(format!(
                "accepted {}: one undo (Ctrl+Z) takes them all back",
                count(n, "Figure suggestion")
            ));
        }
    }
}
