//! Adjudication: every annotator's work on one report at once, each distinct span classed by how many
//! annotators made it, the conflicts in text order, and the [`Edit`]s that apply an adjudicator's choices to
//! the gold file. A decided conflict moves from the file's open `conflicts` to its `settled` list in the same
//! edit, so decisions survive closing the app and undo takes them back. The workbench's adjudication view and
//! its list of a file's recorded conflicts are faces over this module.

use crate::edit::Edit;
use crate::merge::{self, Analysis, MergeError, MergeInput, MergeOptions};
use crate::model::{
    AnnotationFile, Conflict, Relation, RelationConflict, SmallText, Span, SpanKey, conflict_order,
    span_order,
};
use crate::store::GOLD;
use crate::text::ReportText;

/// How widely a span is shared among the annotators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Support {
    /// Every annotator made it.
    All,
    /// More than half made it, not all.
    Majority,
    /// Exactly half made it: the team is split (with two analysts, every disagreement is this).
    Split,
    /// Fewer than half made it.
    Minority,
}

/// What the adjudicator chose for one conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Keep the span of this option (an index into [`Conflict::options`]); an option without a span means
    /// "no span here".
    Option(usize),
    /// Keep every option's span ("both").
    All,
    /// Keep none of them.
    None,
}

/// Why a choice could not be turned into edits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdjudicationError {
    /// The chosen option does not exist.
    #[error("the conflict at {start}..{end} has {options} options; there is no option {index}")]
    NoSuchOption {
        /// The chosen index.
        index: usize,
        /// How many options there are.
        options: usize,
        /// Start of the conflict.
        start: usize,
        /// End of the conflict.
        end: usize,
    },
}

/// One report seen through all its annotators: the data behind the adjudication view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiAnnotatorView {
    analysis: Analysis,
}

impl MultiAnnotatorView {
    /// Builds the view from every annotator's file of one report (the same checks as a merge); a `gold`
    /// file among them counts as an earlier merge result, not as an annotator.
    pub fn new(inputs: &[MergeInput]) -> Result<Self, MergeError> {
        Ok(MultiAnnotatorView {
            analysis: merge::analyze(inputs, GOLD)?,
        })
    }

    /// The analysis underneath (document, status, spans, conflicts).
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// The annotators, sorted.
    pub fn annotators(&self) -> &[String] {
        &self.analysis.annotators
    }

    /// Every distinct span in canonical order; `annotators` says who made it.
    pub fn spans(&self) -> &[Span] {
        &self.analysis.spans
    }

    /// How widely a span is shared.
    pub fn support(&self, span: &Span) -> Support {
        let votes = span.annotators.len();
        let all = self.analysis.annotators.len();
        if votes >= all {
            Support::All
        } else if 2 * votes > all {
            Support::Majority
        } else if 2 * votes == all {
            Support::Split
        } else {
            Support::Minority
        }
    }

    /// Every distinct span with its support, for colouring.
    pub fn spans_with_support(&self) -> impl Iterator<Item = (&Span, Support)> {
        self.analysis.spans.iter().map(|s| (s, self.support(s)))
    }

    /// The conflicts in text order.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.analysis.conflicts
    }

    /// The conflict after `current` (the first one when `None`), wrapping around; `None` if there are none.
    pub fn next_conflict(&self, current: Option<usize>) -> Option<usize> {
        let n = self.analysis.conflicts.len();
        (n > 0).then(|| current.map_or(0, |i| (i + 1) % n))
    }

    /// The conflict before `current` (the last one when `None`), wrapping around.
    pub fn previous_conflict(&self, current: Option<usize>) -> Option<usize> {
        let n = self.analysis.conflicts.len();
        (n > 0).then(|| current.map_or(n - 1, |i| (i + n - 1) % n))
    }

    /// The first conflict (in text order) whose region contains code point `at`.
    pub fn conflict_at(&self, at: usize) -> Option<usize> {
        self.analysis
            .conflicts
            .iter()
            .position(|c| c.start <= at && at < c.end)
    }

    /// A gold file to start adjudicating from: the merge of the inputs with these options.
    pub fn gold(&self, options: &MergeOptions) -> AnnotationFile {
        self.analysis.to_file(options)
    }

    /// The analysts' conflicts that the gold file neither lists as open nor as settled: the ones to record
    /// as open before adjudicating (see [`crate::edit::Editor::record_conflicts`]).
    pub fn unrecorded(&self, gold: &AnnotationFile) -> Vec<Conflict> {
        self.analysis
            .conflicts
            .iter()
            .filter(|c| !listed(&gold.conflicts, c) && !listed(&gold.settled, c))
            .cloned()
            .collect()
    }

    /// The gold file's open conflicts between analysts that their files no longer show (they changed their
    /// work after the conflict was recorded): nothing is left to decide there. Conflicts a git merge recorded
    /// between branches are not among them; they never come from the analysts' files.
    pub fn outdated<'g>(&self, gold: &'g AnnotationFile) -> Vec<&'g Conflict> {
        gold.conflicts
            .iter()
            .filter(|c| !c.is_between_branches() && !listed(&self.analysis.conflicts, c))
            .collect()
    }

    /// The edit that takes every [`outdated`](Self::outdated) conflict off the gold file, as one undo step
    /// (an empty batch when there are none).
    pub fn withdraw_outdated(&self, gold: &AnnotationFile) -> Edit {
        Edit::Batch(
            self.outdated(gold)
                .into_iter()
                .map(|c| Edit::Withdraw(c.clone()))
                .collect(),
        )
    }

    /// Whether the gold file records conflict `index` as decided.
    pub fn is_settled(&self, gold: &AnnotationFile, index: usize) -> bool {
        self.analysis
            .conflicts
            .get(index)
            .is_some_and(|c| listed(&gold.settled, c))
    }

    /// The edit that applies `choice` for `conflict` to the gold file: adds the chosen spans it lacks (with
    /// provenance and notes), removes the options' spans not chosen, and settles the conflict if the file
    /// lists it as open (see [`resolution`]).
    pub fn resolve(
        &self,
        gold: &AnnotationFile,
        conflict: &Conflict,
        choice: Choice,
        text: &ReportText,
    ) -> Result<Edit, AdjudicationError> {
        resolution(gold, conflict, choice, &self.analysis.spans, text)
    }

    /// The edit that adds to the gold file every span all annotators made ("accept every unanimous span").
    pub fn accept_unanimous(&self, gold: &AnnotationFile) -> Edit {
        Edit::Batch(
            self.spans_with_support()
                .filter(|&(span, support)| {
                    support == Support::All && find_key(&gold.spans, &span.key()).is_none()
                })
                .map(|(span, _)| Edit::Add(span.clone()))
                .collect(),
        )
    }
}

/// The edit that applies `choice` for `conflict` to `file` (its spans and conflicts in canonical order, as the
/// store and the editor keep them; `known` likewise), as one undo step. Spans to add are taken from `known`
/// when there (keeping provenance and notes), else built from the text with the analysts who proposed them as
/// provenance (see `proposed_span`). When the file lists the conflict as open, the edit also settles it. Works
/// for conflicts of a merge and of a three-way merge alike.
pub fn resolution(
    file: &AnnotationFile,
    conflict: &Conflict,
    choice: Choice,
    known: &[Span],
    text: &ReportText,
) -> Result<Edit, AdjudicationError> {
    let chosen = |i: usize| match choice {
        Choice::Option(k) => k == i,
        Choice::All => true,
        Choice::None => false,
    };
    if let Choice::Option(index) = choice
        && index >= conflict.options.len()
    {
        return Err(AdjudicationError::NoSuchOption {
            index,
            options: conflict.options.len(),
            start: conflict.start,
            end: conflict.end,
        });
    }
    let mut edits = Vec::new();
    let mut wanted: Vec<&SpanKey> = Vec::new();
    for (i, option) in conflict.options.iter().enumerate() {
        if let Some(key) = &option.span
            && chosen(i)
        {
            wanted.push(key);
        }
    }
    // Removals first, so that a kept span never collides with one about to go; a removed span's links go
    // with it (each link once, though both its ends may go).
    let mut removals = Vec::new();
    for option in &conflict.options {
        let Some(key) = &option.span else { continue };
        if wanted.contains(&key) {
            continue;
        }
        if let Some(present) = find_key(&file.spans, key) {
            removals.push(Edit::Remove(present.clone()));
        }
    }
    let mut links: Vec<&Relation> = file
        .relations
        .iter()
        .filter(|r| {
            removals
                .iter()
                .any(|e| matches!(e, Edit::Remove(s) if r.touches(&s.key())))
        })
        .collect();
    links.dedup();
    edits.extend(links.into_iter().map(|r| Edit::Unlink(r.clone())));
    edits.extend(removals);
    for key in wanted {
        // Two options may name one span (a three-way note conflict): add it once.
        let already_added = edits
            .iter()
            .any(|e| matches!(e, Edit::Add(s) if s.key() == *key));
        if already_added || find_key(&file.spans, key).is_some() {
            continue;
        }
        let span = find_key(known, key)
            .cloned()
            .unwrap_or_else(|| proposed_span(conflict, key, text));
        edits.push(Edit::Add(span));
    }
    if listed(&file.conflicts, conflict) && !listed(&file.settled, conflict) {
        edits.push(Edit::Settle(conflict.clone()));
    }
    Ok(Edit::Batch(edits))
}

/// A span a conflict proposes, built from the text, with the analysts who proposed it as provenance (so a
/// merged file decided in the editor keeps saying who made each span). The proposers are those the conflict
/// names, as they were when it was recorded. A three-way merge's options name branches, not analysts: their
/// spans get no provenance.
fn proposed_span(conflict: &Conflict, key: &SpanKey, text: &ReportText) -> Span {
    let mut span = Span::new(text, key.start, key.end, key.label.clone());
    if !conflict.is_between_branches() {
        span.annotators = conflict
            .options
            .iter()
            .filter(|o| o.span.as_ref() == Some(key))
            .flat_map(|o| o.annotators.iter().cloned())
            .collect();
        span.annotators.sort();
        span.annotators.dedup();
    }
    span
}

/// Which of the conflict's options `file` holds now: for each option, whether its span is in the file (an
/// option of "no span" counts when none of the other options' spans is there). Shows what was chosen.
pub fn options_present(file: &AnnotationFile, conflict: &Conflict) -> Vec<bool> {
    let spans: Vec<bool> = conflict
        .options
        .iter()
        .map(|o| {
            o.span
                .as_ref()
                .is_some_and(|k| find_key(&file.spans, k).is_some())
        })
        .collect();
    let none_there = !spans.iter().any(|&b| b);
    conflict
        .options
        .iter()
        .zip(spans)
        .map(|(o, there)| if o.span.is_none() { none_there } else { there })
        .collect()
}

/// Whether a list kept in [`conflict_order`] holds the conflict.
/// The edit that decides a recorded link conflict: `choice` is one of its options (an index), or `None` for "no
/// link between these spans". The links of the other options' types between the two spans go, the chosen one is
/// added (with the analysts behind it as provenance) where the file lacks it, and the conflict is settled when
/// the file lists it as open: one undo step.
pub fn link_resolution(
    file: &AnnotationFile,
    conflict: &RelationConflict,
    choice: Option<usize>,
) -> Result<Edit, AdjudicationError> {
    let chosen = match choice {
        Some(index) => Some(conflict.options.get(index).ok_or(
            AdjudicationError::NoSuchOption {
                index,
                options: conflict.options.len(),
                start: conflict.from.start,
                end: conflict.to.end,
            },
        )?),
        None => None,
    };
    let wanted = chosen.and_then(|o| o.kind.as_ref());
    let between = |r: &&Relation| r.from == conflict.from && r.to == conflict.to;
    let mut edits: Vec<Edit> = file
        .relations
        .iter()
        .filter(between)
        .filter(|r| {
            conflict
                .options
                .iter()
                .any(|o| o.kind.as_ref() == Some(&r.kind))
        })
        .filter(|r| Some(&r.kind) != wanted)
        .map(|r| Edit::Unlink(r.clone()))
        .collect();
    if let (Some(kind), Some(option)) = (wanted, chosen)
        && !file
            .relations
            .iter()
            .filter(between)
            .any(|r| r.kind == *kind)
    {
        edits.push(Edit::Link(Relation {
            annotators: option.annotators.clone(),
            ..Relation::new(conflict.from.clone(), conflict.to.clone(), kind.clone())
        }));
    }
    if file.relation_conflicts.binary_search(conflict).is_ok() {
        edits.push(Edit::SettleLink(conflict.clone()));
    }
    Ok(Edit::Batch(edits))
}

fn listed(list: &[Conflict], conflict: &Conflict) -> bool {
    list.binary_search_by(|probe| conflict_order(probe, conflict))
        .is_ok()
}

/// The span with this key in spans kept in canonical order.
fn find_key<'s>(spans: &'s [Span], key: &SpanKey) -> Option<&'s Span> {
    let probe = Span {
        start: key.start,
        end: key.end,
        label: key.label.clone(),
        text: SmallText::default(),
        note: None,
        annotators: Vec::new(),
        value: None,
        context: None,
    };
    spans
        .binary_search_by(|s| span_order(s, &probe))
        .ok()
        .map(|i| &spans[i])
}
