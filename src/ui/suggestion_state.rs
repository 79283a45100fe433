//! The open report's suggestions as the app keeps them between frames: the engine's result, its job, which are
//! still open (drawn as ghosts) and which has the focus. What the analyst does with them is in `suggesting`.

use std::sync::Arc;

use crate::figures::Suggestion;
use crate::model::SpanKey;
use crate::suggestions::{self, Offered, SuggestionJob};

use super::text_view::Ghost;

/// The suggestions of the open report, as the app holds them between frames.
#[derive(Default)]
pub struct Suggesting {
    /// The engine's result for the open report (checked against its text before use).
    pub(super) offered: Option<Arc<Offered>>,
    /// The engine running for the open report.
    pub(super) job: Option<SuggestionJob>,
    /// The text and model fingerprints the last job ran for (so a report switch or a new model starts a new
    /// one, and a job that failed is not started again for the same pair).
    pub(super) job_for: Option<(String, Option<String>)>,
    /// The open suggestions (indices into `offered`), for the editor revision they were computed at.
    pub(super) open: Vec<usize>,
    /// The same, as the text view draws them.
    ghosts: Vec<Ghost>,
    pub(super) open_at: Option<(u64, usize)>,
    /// The suggestion with the focus: drawn emphasised, Enter / Backspace / a label key act on it.
    pub(super) focused: Option<SpanKey>,
    /// The links suggested between the analyst's spans, for the editor state `links_at` (revision, report).
    pub(super) links: Vec<crate::model::Relation>,
    pub(super) links_at: Option<(u64, usize)>,
}

impl Suggesting {
    /// The open suggestions, in text order.
    pub fn open(&self) -> impl Iterator<Item = &Suggestion> {
        let all = self.offered.as_deref().map(Offered::all).unwrap_or(&[]);
        self.open.iter().filter_map(move |&i| all.get(i))
    }

    /// The open suggestions as the text view draws them (in text order).
    pub fn ghosts(&self) -> &[Ghost] {
        &self.ghosts
    }

    /// The innermost open suggestion over character `at`, for a click there.
    pub fn at(&self, at: usize) -> Option<SpanKey> {
        self.open()
            .filter(|s| s.start <= at && at < s.end)
            .min_by_key(|s| s.end - s.start)
            .map(suggestions::key_of)
    }

    /// Sets the open suggestions (indices into the result) for the editor state `at` (revision, report).
    pub(super) fn set_open(&mut self, open: Vec<usize>, at: (u64, usize)) {
        let all = self.offered.as_deref().map(Offered::all).unwrap_or(&[]);
        self.ghosts = open
            .iter()
            .filter_map(|&i| all.get(i))
            .map(|s| Ghost {
                start: s.start,
                end: s.end,
                label: s.label.clone(),
            })
            .collect();
        self.open = open;
        self.open_at = Some(at);
    }

    /// The links suggested between the open report's spans ([`crate::relation_suggestions`]).
    pub fn links(&self) -> &[crate::model::Relation] {
        &self.links
    }

    /// How many suggestions are open.
    pub fn open_count(&self) -> usize {
        self.open.len()
    }

    /// Whether the engine is still running for the open report.
    pub fn running(&self) -> bool {
        self.job.is_some()
    }

    /// The focused suggestion, while it is still open.
    pub fn focused(&self) -> Option<&Suggestion> {
        let key = self.focused.as_ref()?;
        self.open().find(|s| suggestions::key_of(s) == *key)
    }
}
