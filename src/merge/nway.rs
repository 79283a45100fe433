//! Merging several analysts' annotations of one report into one file (the gold standard's starting point):
//! identical spans become one span with provenance (who made it), a strategy decides which spans are kept, and
//! every disagreement is recorded as a [`Conflict`] for adjudication, never resolved silently.
//!
//! The result depends only on what the inputs say, not on their order, and merging a merged file again with
//! the same inputs changes nothing: a span that carries provenance votes for the annotators it names.

use std::collections::BTreeSet;

use super::input::{MergeError, MergeInput, check_distinct_annotators, check_same_text};
use super::relations;
use super::votes::{Scan, VoteTable};
use crate::label_ids::LabelIds;
use crate::model::{
    AnnotationFile, Conflict, DocRef, Relation, RelationConflict, SmallText, Span, Status,
};
use crate::names::{GOLD, check_annotator};
use crate::parallel;

/// Which spans a merge keeps. Conflicts are recorded whatever the strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Strategy {
    /// Every distinct span any annotator made.
    #[default]
    Union,
    /// Spans made by more than half of the annotators (or by at least `min_votes` of them).
    Majority,
    /// Spans every annotator made.
    Unanimous,
}

/// How to merge: the strategy, an optional vote threshold for [`Strategy::Majority`] and the result's
/// annotator name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeOptions {
    /// Which spans to keep.
    pub strategy: Strategy,
    /// With [`Strategy::Majority`]: keep spans made by at least this many annotators instead of more than half.
    pub min_votes: Option<usize>,
    /// The annotator name written into the merged file (`gold` by default).
    pub annotator: String,
}

impl Default for MergeOptions {
    fn default() -> Self {
        MergeOptions {
            strategy: Strategy::Union,
            min_votes: None,
            annotator: GOLD.to_owned(),
        }
    }
}

/// Whether a file is itself a merge result: it is by the merge's result annotator (`gold`), or its spans
/// carry provenance, or it records conflicts between analysts (open or settled). A merge result does not vote
/// as one annotator: its spans vote for the annotators they name (a span without provenance, added by hand,
/// votes for the file's annotator). Conflicts a three-way merge recorded between git branches do not make a
/// file a merge result: an analyst's file that went through a conflicted `git merge` is still one analyst's.
pub fn is_merged(file: &AnnotationFile, result_annotator: &str) -> bool {
    file.annotator == result_annotator
        || records_analyst_conflicts(file)
        || file.spans.iter().any(|s| !s.annotators.is_empty())
        || file.relations.iter().any(|r| !r.annotators.is_empty())
}

/// Whether a file records a conflict between analysts, open or settled (not one between git branches).
fn records_analyst_conflicts(file: &AnnotationFile) -> bool {
    file.conflicts
        .iter()
        .chain(&file.settled)
        .any(|c| !c.is_between_branches())
}

/// What a set of annotators' files say about one report, before a strategy picks spans: every distinct span
/// with its provenance, and every disagreement. The adjudication view and [`merge`] are both built on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// The text the inputs annotate (the lexically first file name among them).
    pub document: DocRef,
    /// The least advanced status among the inputs.
    pub status: Status,
    /// Every annotator who voted, sorted.
    pub annotators: Vec<String>,
    /// Every distinct span, in canonical order, with `annotators` set to who made it and notes combined.
    pub spans: Vec<Span>,
    /// Every disagreement, in canonical (text) order.
    pub conflicts: Vec<Conflict>,
    /// Every distinct link between spans, in canonical order, with `annotators` set to who made it.
    pub relations: Vec<Relation>,
    /// Every disagreement about links, in canonical order.
    pub relation_conflicts: Vec<RelationConflict>,
}

/// Reads the inputs into an [`Analysis`]: checks they annotate one text, collects votes per distinct span,
/// matches overlapping spans between every pair of annotators and records label, boundary and missing-span
/// conflicts. `result_annotator` is the merge result's name (`gold`): an input by that name is an earlier
/// merge result (see [`is_merged`]).
pub fn analyze(inputs: &[MergeInput], result_annotator: &str) -> Result<Analysis, MergeError> {
    check_same_text(inputs)?;
    check_distinct_annotators(inputs)?;
    // Each file is read once, on the machine's cores, with label ids of its own; they are then mapped to
    // ranks in the sorted list of every input's labels.
    let scans: Vec<Scan> = parallel::map(inputs, |i| Scan::of(i.file));
    let mut label_ids = LabelIds::default();
    let global_ids: Vec<Vec<usize>> = scans
        .iter()
        .map(|s| s.names.iter().map(|n| label_ids.id(n)).collect())
        .collect();
    let voters = collect_voters(inputs, &scans, result_annotator);
    let (labels, rank) = label_ids.sorted();
    let ranks: Vec<Vec<u32>> = global_ids
        .iter()
        .map(|ids| ids.iter().map(|&id| rank[id] as u32).collect())
        .collect();
    let table = VoteTable::build(inputs, &voters, &scans, &ranks);
    let boundary_groups = table.boundary_groups(labels.len());
    // Names are made once and copied into each span and conflict (they are stored inline: no allocation).
    let voter_names: Vec<SmallText> = voters.iter().map(|&v| SmallText::from(v)).collect();
    let label_names: Vec<SmallText> = labels.iter().map(|&l| SmallText::from(l)).collect();
    let (conflicts, spans) = parallel::join(
        || table.conflicts(&boundary_groups, &voter_names, &label_names),
        || table.spans(&voter_names, &label_names),
    );
    let document = inputs
        .iter()
        .map(|i| &i.file.document)
        .min_by(|a, b| a.file.cmp(&b.file))
        .cloned()
        .ok_or(MergeError::NoInputs)?;
    let status = inputs
        .iter()
        .map(|i| i.file.status)
        .min_by_key(|s| Status::ALL.iter().position(|x| x == s))
        .unwrap_or_default();
    let (relations, relation_conflicts) = relations::analyze(inputs, &spans);
    let mut analysis = Analysis {
        document,
        status,
        annotators: voters.iter().map(|v| (*v).to_owned()).collect(),
        spans,
        conflicts,
        relations,
        relation_conflicts,
    };
    // Text order, with ties broken by the options: the order normalize gives, so the result is canonical.
    analysis.conflicts.sort_by(crate::model::conflict_order);
    Ok(analysis)
}

/// Merges annotators' files of one report into one annotation file: the spans `options.strategy` keeps, each
/// with its provenance, plus every conflict.
pub fn merge(inputs: &[MergeInput], options: &MergeOptions) -> Result<AnnotationFile, MergeError> {
    check_annotator(&options.annotator)?;
    if options.min_votes == Some(0) {
        return Err(MergeError::ZeroMinVotes);
    }
    Ok(analyze(inputs, &options.annotator)?.into_file(options))
}

impl Analysis {
    /// Whether the strategy keeps this span (one of [`Analysis::spans`]).
    pub fn keeps(&self, span: &Span, strategy: Strategy, min_votes: Option<usize>) -> bool {
        kept(
            span.annotators.len(),
            self.annotators.len(),
            strategy,
            min_votes,
        )
    }

    /// The merged annotation file for these options.
    pub fn to_file(&self, options: &MergeOptions) -> AnnotationFile {
        let mut file = AnnotationFile::new(self.document.clone(), options.annotator.clone());
        file.status = self.status;
        file.spans = self
            .spans
            .iter()
            .filter(|s| self.keeps(s, options.strategy, options.min_votes))
            .cloned()
            .collect();
        file.conflicts = self.conflicts.clone();
        file.relations = self.relations.clone();
        file.relation_conflicts = self.relation_conflicts.clone();
        keep_relations(&mut file, self.annotators.len(), options);
        file.normalize();
        file
    }

    /// [`Analysis::to_file`] without copying: the analysis becomes the merged file.
    pub fn into_file(self, options: &MergeOptions) -> AnnotationFile {
        let all = self.annotators.len();
        let keeps = |votes| kept(votes, all, options.strategy, options.min_votes);
        let mut file = AnnotationFile::new(self.document, options.annotator.clone());
        file.status = self.status;
        file.spans = self.spans;
        file.spans.retain(|s| keeps(s.annotators.len()));
        file.conflicts = self.conflicts;
        file.relations = self.relations;
        file.relation_conflicts = self.relation_conflicts;
        keep_relations(&mut file, all, options);
        // The analysis is made in canonical order (spans by key, annotators sorted, conflicts in text order),
        // so normalising again would only cost time (a tenth of the merge at 100,000s of spans).
        debug_assert!({
            let mut normalized = file.clone();
            normalized.normalize();
            normalized == file
        });
        file
    }
}

/// Keeps the links the strategy keeps whose two spans the merged file has (a link to a span left out would
/// name nothing; the analysts' disagreement about it stays recorded as a span conflict).
fn keep_relations(file: &mut AnnotationFile, all: usize, options: &MergeOptions) {
    if file.relations.is_empty() {
        return;
    }
    let has = |key: &crate::model::SpanKey| {
        file.spans
            .binary_search_by(|s| {
                (s.start, std::cmp::Reverse(s.end), s.label.as_str()).cmp(&(
                    key.start,
                    std::cmp::Reverse(key.end),
                    key.label.as_str(),
                ))
            })
            .is_ok()
    };
    let keep: Vec<bool> = file
        .relations
        .iter()
        .map(|r| {
            kept(r.annotators.len(), all, options.strategy, options.min_votes)
                && has(&r.from)
                && has(&r.to)
        })
        .collect();
    let mut i = 0;
    file.relations.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// Whether a span with `votes` of `all` annotators behind it is kept.
fn kept(votes: usize, all: usize, strategy: Strategy, min_votes: Option<usize>) -> bool {
    match strategy {
        Strategy::Union => votes >= 1,
        Strategy::Unanimous => votes >= all,
        Strategy::Majority => min_votes.map_or(2 * votes > all, |k| votes >= k),
    }
}

/// Everyone who votes: the author of each analyst's file (even an empty one), and in merged files everyone
/// named in provenance or in analysts' conflicts, open or settled (spans without provenance count for the merged
/// file's annotator). A three-way merge's conflicts name branches (`ours`, `theirs`), not analysts: they never
/// vote (see [`Conflict::is_between_branches`]).
fn collect_voters<'a>(
    inputs: &[MergeInput<'a>],
    scans: &[Scan],
    result_annotator: &str,
) -> Vec<&'a str> {
    let mut voters = BTreeSet::new();
    for (input, scan) in inputs.iter().zip(scans) {
        let file = input.file;
        let merged = file.annotator == result_annotator
            || records_analyst_conflicts(file)
            || scan.provenance.contains(&true)
            || file.relations.iter().any(|r| !r.annotators.is_empty());
        if !merged || scan.provenance.contains(&false) {
            voters.insert(file.annotator.as_str());
        }
        if !merged {
            continue;
        }
        for option in file
            .conflicts
            .iter()
            .chain(&file.settled)
            .filter(|c| !c.is_between_branches())
            .flat_map(|c| &c.options)
        {
            voters.extend(option.annotators.iter().map(SmallText::as_str));
        }
        for (span, _) in file.spans.iter().zip(&scan.provenance).filter(|(_, p)| **p) {
            voters.extend(span.annotators.iter().map(SmallText::as_str));
        }
        for relation in &file.relations {
            voters.extend(relation.annotators.iter().map(SmallText::as_str));
        }
    }
    voters.into_iter().collect()
}
