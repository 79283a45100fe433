//! Merging several analysts' annotations of one report into one file (the gold standard's starting point):
//! identical spans become one span with provenance (who made it), a strategy decides which spans are kept, and
//! every disagreement is recorded as a [`Conflict`] for adjudication, never resolved silently.
//!
//! The result depends only on what the inputs say, not on their order, and merging a merged file again with
//! the same inputs changes nothing: a span that carries provenance votes for the annotators it names.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use crate::label_ids::LabelIds;
use crate::matching::{DisjointSets, Extent, max_overlap_matching};
use crate::merge3::is_between_branches;
use crate::model::{
    AnnotationFile, Conflict, ConflictKind, ConflictOption, DocRef, SmallText, Span, SpanKey,
    Status,
};
use crate::parallel;
use crate::store::{GOLD, StoreError, check_annotator};

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

/// One file to merge and the name to use for it in messages (usually its path).
#[derive(Debug, Clone, Copy)]
pub struct MergeInput<'a> {
    /// Where the file came from, for error messages.
    pub source: &'a str,
    /// The annotations.
    pub file: &'a AnnotationFile,
}

impl<'a> MergeInput<'a> {
    /// Inputs for files already in memory, each named in messages by its annotator (the team loader, the
    /// adjudication view and tests have no paths to name them by).
    pub fn by_annotator(files: &'a [AnnotationFile]) -> Vec<MergeInput<'a>> {
        files
            .iter()
            .map(|file| MergeInput {
                source: &file.annotator,
                file,
            })
            .collect()
    }
}

/// Why files could not be merged; each message names the files concerned.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// No input at all.
    #[error("nothing to merge: no annotation files were given")]
    NoInputs,
    /// Two inputs annotate different texts (or different versions of a text).
    #[error(
        "{first} and {second} annotate different texts: {first} annotates {first_doc}, {second} annotates {second_doc}"
    )]
    DifferentTexts {
        /// The first file.
        first: String,
        /// The file that differs from it.
        second: String,
        /// What the first file annotates.
        first_doc: String,
        /// What the second file annotates.
        second_doc: String,
    },
    /// Two inputs are by the same annotator, so one person would vote twice.
    #[error(
        "{first} and {second} are both by annotator {annotator:?}: give each annotator's file once"
    )]
    SameAnnotator {
        /// The annotator's name.
        annotator: String,
        /// The first file.
        first: String,
        /// The second file.
        second: String,
    },
    /// `--min-votes 0` would keep spans nobody made.
    #[error("the minimum number of votes must be at least 1")]
    ZeroMinVotes,
    /// The result's annotator name cannot be a folder name.
    #[error(transparent)]
    BadAnnotator(#[from] StoreError),
}

/// Describes which text a file annotates, for messages.
pub fn describe_document(doc: &DocRef) -> String {
    format!(
        "{:?} ({} characters, sha256 {})",
        doc.file,
        doc.chars,
        doc.sha256.get(..12).unwrap_or(&doc.sha256)
    )
}

/// Checks that every input annotates the same text as the first one.
pub fn check_same_text(inputs: &[MergeInput]) -> Result<(), MergeError> {
    let Some(first) = inputs.first() else {
        return Err(MergeError::NoInputs);
    };
    for other in &inputs[1..] {
        let (a, b) = (&first.file.document, &other.file.document);
        if a.sha256 != b.sha256 || a.chars != b.chars {
            return Err(MergeError::DifferentTexts {
                first: first.source.to_owned(),
                second: other.source.to_owned(),
                first_doc: describe_document(a),
                second_doc: describe_document(b),
            });
        }
    }
    Ok(())
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
}

/// Whether a file records a conflict between analysts, open or settled (not one between git branches).
fn records_analyst_conflicts(file: &AnnotationFile) -> bool {
    file.conflicts
        .iter()
        .chain(&file.settled)
        .any(|c| !is_between_branches(c))
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
    let mut analysis = Analysis {
        document,
        status,
        annotators: voters.iter().map(|v| (*v).to_owned()).collect(),
        spans,
        conflicts,
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

/// Whether a span with `votes` of `all` annotators behind it is kept.
fn kept(votes: usize, all: usize, strategy: Strategy, min_votes: Option<usize>) -> bool {
    match strategy {
        Strategy::Union => votes >= 1,
        Strategy::Unanimous => votes >= all,
        Strategy::Majority => min_votes.map_or(2 * votes > all, |k| votes >= k),
    }
}

fn check_distinct_annotators(inputs: &[MergeInput]) -> Result<(), MergeError> {
    let mut sorted: Vec<&MergeInput> = inputs.iter().collect();
    sorted.sort_by(|a, b| (&a.file.annotator, a.source).cmp(&(&b.file.annotator, b.source)));
    for pair in sorted.windows(2) {
        if pair[0].file.annotator == pair[1].file.annotator {
            return Err(MergeError::SameAnnotator {
                annotator: pair[0].file.annotator.clone(),
                first: pair[0].source.to_owned(),
                second: pair[1].source.to_owned(),
            });
        }
    }
    Ok(())
}

/// What one pass over a file's spans finds (each span is touched once: files can be large).
struct Scan<'a> {
    /// The file's labels in order of first appearance.
    names: Vec<&'a str>,
    /// Each span's place in canonical order, with its label as an index into `names` for now (see
    /// [`VoteTable::build`]).
    keys: Vec<RunKey>,
    /// Whether each span carries provenance.
    provenance: Vec<bool>,
    /// Whether any span has a note (most files have none, and then notes need not be combined).
    notes: bool,
}

impl<'a> Scan<'a> {
    fn of(file: &'a AnnotationFile) -> Scan<'a> {
        let mut label_ids = LabelIds::default();
        let mut scan = Scan {
            names: Vec::new(),
            keys: Vec::with_capacity(file.spans.len()),
            provenance: Vec::with_capacity(file.spans.len()),
            notes: false,
        };
        for (i, span) in file.spans.iter().enumerate() {
            let label = label_ids.id(&span.label) as u32;
            scan.keys
                .push((span.start, Reverse(span.end), label, i as u32));
            scan.provenance.push(!span.annotators.is_empty());
            scan.notes |= span.note.is_some();
        }
        scan.names = label_ids.names();
        scan
    }
}

/// Everyone who votes: the author of each analyst's file (even an empty one), and in merged files everyone
/// named in provenance or in analysts' conflicts, open or settled (spans without provenance count for the merged
/// file's annotator). A three-way merge's conflicts name branches (`ours`, `theirs`), not analysts: they never
/// vote (see [`is_between_branches`]).
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
            || scan.provenance.contains(&true);
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
            .filter(|c| !is_between_branches(c))
            .flat_map(|c| &c.options)
        {
            voters.extend(option.annotators.iter().map(SmallText::as_str));
        }
        for (span, _) in file.spans.iter().zip(&scan.provenance).filter(|(_, p)| **p) {
            voters.extend(span.annotators.iter().map(SmallText::as_str));
        }
    }
    voters.into_iter().collect()
}

/// The separator between distinct notes combined on one span.
pub const NOTE_SEPARATOR: &str = "\n";

/// Combines the distinct notes different annotators wrote on one span, losing none: one note stays as it is,
/// several are joined in sorted order. A note that is already such a join of other notes present (as in a
/// merged file merged again) is not repeated, so merging is idempotent.
pub fn combine_notes<'a>(notes: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut notes = notes.into_iter().filter(|n| !n.is_empty()).peekable();
    // Most spans have no note: no allocation for them.
    notes.peek()?;
    let mut distinct: Vec<&str> = notes.collect();
    distinct.sort_by_key(|n| (n.len(), *n));
    distinct.dedup();
    if distinct.len() <= 1 {
        return distinct.first().map(|n| (*n).to_owned());
    }
    let mut kept: Vec<&str> = Vec::new();
    for note in distinct {
        let mut parts: Vec<&str> = kept.iter().copied().filter(|k| note.contains(k)).collect();
        parts.sort_unstable();
        if parts.len() >= 2 && parts.join(NOTE_SEPARATOR) == note {
            continue;
        }
        kept.push(note);
    }
    kept.sort_unstable();
    (!kept.is_empty()).then(|| kept.join(NOTE_SEPARATOR))
}

/// A distinct span and the range of its sources (input, span index) in [`VoteTable::sources`].
#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    label: u32,
    sources: (usize, usize),
}

/// A span's place in canonical order with its label's rank: (start, longer first, label, index in its file).
type RunKey = (usize, Reverse<usize>, u32, u32);

/// Distinct spans with who voted for them, as a bitset per span.
struct VoteTable<'a> {
    inputs: &'a [MergeInput<'a>],
    /// Which input spans make each candidate: (input, span index), grouped by candidate.
    sources: Vec<(u32, u32)>,
    candidates: Vec<Candidate>,
    words: usize,
    bits: Vec<u64>,
    voter_count: usize,
    /// Whether any input span has a note.
    notes: bool,
}

/// Distinct spans of one stretch of text: each candidate, where its sources are and who voted for it.
struct MergedRuns {
    sources: Vec<(u32, u32)>,
    candidates: Vec<Candidate>,
    bits: Vec<u64>,
}

/// A k-way merge of the inputs' keys (one sorted run per input): equal keys become one candidate whose
/// sources are the input spans that made it and whose vote bits are set by `votes`.
fn merge_runs(
    runs: &[&[RunKey]],
    words: usize,
    votes: &(impl Fn(usize, u32, &mut dyn FnMut(usize)) + Sync),
) -> MergedRuns {
    let total: usize = runs.iter().map(|r| r.len()).sum();
    let mut sources = Vec::with_capacity(total);
    let mut candidates: Vec<Candidate> = Vec::with_capacity(total / runs.len().max(1));
    let mut bits: Vec<u64> = Vec::with_capacity(candidates.capacity() * words);
    let mut heads = vec![0usize; runs.len()];
    loop {
        let mut next: Option<(usize, Reverse<usize>, u32)> = None;
        for (run, &head) in runs.iter().zip(&heads) {
            if let Some(&(s, e, l, _)) = run.get(head)
                && next.is_none_or(|n| (s, e, l) < n)
            {
                next = Some((s, e, l));
            }
        }
        let Some(key) = next else { break };
        let from = sources.len();
        let base = bits.len();
        bits.extend(std::iter::repeat_n(0u64, words));
        for (k, run) in runs.iter().enumerate() {
            while let Some(&(s, e, l, span)) = run.get(heads[k]) {
                if (s, e, l) != key {
                    break;
                }
                heads[k] += 1;
                sources.push((k as u32, span));
                votes(k, span, &mut |v: usize| {
                    bits[base + v / 64] |= 1 << (v % 64)
                });
            }
        }
        candidates.push(Candidate {
            start: key.0,
            end: key.1.0,
            label: key.2,
            sources: (from, sources.len()),
        });
    }
    MergedRuns {
        sources,
        candidates,
        bits,
    }
}

impl<'a> VoteTable<'a> {
    /// Collects the distinct spans by merging the inputs' spans in canonical order (each file is normally in
    /// that order already, so this is a k-way merge, not a sort).
    fn build(
        inputs: &'a [MergeInput<'a>],
        voters: &[&str],
        scans: &[Scan],
        ranks: &[Vec<u32>],
    ) -> Self {
        let voter_id = |name: &str| voters.binary_search(&name).unwrap_or(0);
        // Each file's keys with its labels replaced by their rank among all labels (files are normally in this
        // order already, checked here).
        let files: Vec<(&Scan, &[u32])> = scans
            .iter()
            .zip(ranks)
            .map(|(s, r)| (s, r.as_slice()))
            .collect();
        let runs: Vec<Vec<RunKey>> = parallel::map(&files, |&(scan, rank)| {
            let mut keys: Vec<RunKey> = scan
                .keys
                .iter()
                .map(|&(start, end, label, i)| (start, end, rank[label as usize], i))
                .collect();
            if !keys.is_sorted() {
                keys.sort_unstable();
            }
            keys
        });
        let own: Vec<usize> = inputs.iter().map(|i| voter_id(&i.file.annotator)).collect();
        let words = voters.len().div_ceil(64).max(1);
        // Who a source span votes for: its provenance in a merged file, else its file's annotator.
        let votes = |k: usize, span: u32, vote: &mut dyn FnMut(usize)| {
            if scans[k].provenance[span as usize] {
                let made = &inputs[k].file.spans[span as usize];
                made.annotators.iter().for_each(|a| vote(voter_id(a)));
            } else {
                vote(own[k]);
            }
        };
        // The text is cut into stretches at span starts, each merged on its own (on the machine's cores) and
        // the results joined in order: a span's key begins with its start, so no key crosses a cut.
        let longest = runs
            .iter()
            .max_by_key(|r| r.len())
            .map_or(&[][..], Vec::as_slice);
        let parts = if longest.len() < 4096 { 1 } else { 8 };
        let mut cuts: Vec<usize> = (1..parts)
            .map(|p| longest[p * longest.len() / parts].0)
            .collect();
        cuts.dedup();
        let stretches: Vec<Vec<&[RunKey]>> = (0..=cuts.len())
            .map(|p| {
                runs.iter()
                    .map(|run| {
                        let from = if p == 0 {
                            0
                        } else {
                            run.partition_point(|k| k.0 < cuts[p - 1])
                        };
                        let to = cuts
                            .get(p)
                            .map_or(run.len(), |&c| run.partition_point(|k| k.0 < c));
                        &run[from..to]
                    })
                    .collect()
            })
            .collect();
        let merged = parallel::map(&stretches, |runs| merge_runs(runs, words, &votes));
        let mut sources = Vec::with_capacity(merged.iter().map(|m| m.sources.len()).sum());
        let mut candidates = Vec::with_capacity(merged.iter().map(|m| m.candidates.len()).sum());
        let mut bits = Vec::with_capacity(candidates.capacity() * words);
        for part in merged {
            let offset = sources.len();
            sources.extend_from_slice(&part.sources);
            bits.extend_from_slice(&part.bits);
            candidates.extend(part.candidates.into_iter().map(|c| Candidate {
                sources: (c.sources.0 + offset, c.sources.1 + offset),
                ..c
            }));
        }
        VoteTable {
            inputs,
            sources,
            candidates,
            words,
            bits,
            voter_count: voters.len(),
            notes: scans.iter().any(|s| s.notes),
        }
    }

    fn voted(&self, candidate: usize, voter: usize) -> bool {
        self.bits[candidate * self.words + voter / 64] & (1 << (voter % 64)) != 0
    }

    fn vote_bits(&self, candidate: usize) -> &[u64] {
        &self.bits[candidate * self.words..(candidate + 1) * self.words]
    }

    fn voter_names(&self, bits: &[u64], voters: &[SmallText]) -> Vec<SmallText> {
        let count: u32 = bits.iter().map(|w| w.count_ones()).sum();
        let mut names = Vec::with_capacity(count as usize);
        names.extend(
            (0..self.voter_count)
                .filter(|&v| bits[v / 64] & (1 << (v % 64)) != 0)
                .map(|v| voters[v].clone()),
        );
        names
    }

    fn extent(&self, candidate: usize) -> Extent {
        let c = &self.candidates[candidate];
        (c.start, c.end)
    }

    /// Groups of distinct same-label spans linked by overlap matching between some pair of annotators: each
    /// group of two or more is one boundary conflict. Returns the union-find over candidates.
    fn boundary_groups(&self, label_count: usize) -> DisjointSets {
        let mut sets = DisjointSets::new(self.candidates.len());
        // Only spans some annotator did not make can be in a boundary conflict; their vote sets are copied
        // next to them so the per-pair scans read one small array.
        let mut by_label: Vec<(Vec<usize>, Vec<u64>)> = vec![(Vec::new(), Vec::new()); label_count];
        for (i, c) in self.candidates.iter().enumerate() {
            if self.vote_count(i) < self.voter_count {
                let (cands, bits) = &mut by_label[c.label as usize];
                cands.push(i);
                bits.extend_from_slice(self.vote_bits(i));
            }
        }
        let words = self.words;
        let has = |bits: &[u64], v: usize| bits[v / 64] & (1 << (v % 64)) != 0;
        // Every pair of annotators on its own (on the machine's cores); the links are then applied in pair
        // order, and the union-find keeps the smallest index as representative, so the groups never depend on
        // the order either.
        let pairs: Vec<(usize, usize)> = (0..self.voter_count)
            .flat_map(|a| (a + 1..self.voter_count).map(move |b| (a, b)))
            .collect();
        let links = parallel::map(&pairs, |&(a, b)| {
            let mut links = Vec::new();
            let (mut only_a, mut only_b) = (Vec::new(), Vec::new());
            for (cands, bits) in &by_label {
                only_a.clear();
                only_b.clear();
                for (&c, bits) in cands.iter().zip(bits.chunks_exact(words)) {
                    match (has(bits, a), has(bits, b)) {
                        (true, false) => only_a.push(c),
                        (false, true) => only_b.push(c),
                        _ => {}
                    }
                }
                if only_a.is_empty() || only_b.is_empty() {
                    continue;
                }
                let ea: Vec<Extent> = only_a.iter().map(|&c| self.extent(c)).collect();
                let eb: Vec<Extent> = only_b.iter().map(|&c| self.extent(c)).collect();
                for (x, y) in max_overlap_matching(&ea, &eb) {
                    links.push((only_a[x], only_b[y]));
                }
            }
            links
        });
        for (x, y) in links.into_iter().flatten() {
            sets.union(x, y);
        }
        sets
    }

    fn vote_count(&self, candidate: usize) -> usize {
        self.vote_bits(candidate)
            .iter()
            .map(|w| w.count_ones() as usize)
            .sum()
    }

    fn option(
        &self,
        candidate: usize,
        voters: &[SmallText],
        labels: &[SmallText],
    ) -> ConflictOption {
        let c = &self.candidates[candidate];
        ConflictOption {
            span: Some(SpanKey {
                start: c.start,
                end: c.end,
                label: labels[c.label as usize].clone(),
            }),
            annotators: self.voter_names(self.vote_bits(candidate), voters),
        }
    }

    /// A conflict over these candidates, with a "no span" option for voters who made none of them.
    fn conflict(
        &self,
        kind: ConflictKind,
        members: &[usize],
        voters: &[SmallText],
        labels: &[SmallText],
    ) -> Conflict {
        let mut options: Vec<ConflictOption> = members
            .iter()
            .map(|&m| self.option(m, voters, labels))
            .collect();
        let missing: Vec<SmallText> = (0..self.voter_count)
            .filter(|&v| !members.iter().any(|&m| self.voted(m, v)))
            .map(|v| voters[v].clone())
            .collect();
        if !missing.is_empty() {
            options.push(ConflictOption {
                span: None,
                annotators: missing,
            });
        }
        Conflict {
            kind,
            start: members
                .iter()
                .map(|&m| self.candidates[m].start)
                .min()
                .unwrap_or(0),
            end: members
                .iter()
                .map(|&m| self.candidates[m].end)
                .max()
                .unwrap_or(0),
            options,
        }
    }

    fn conflicts(
        &self,
        groups: &DisjointSets,
        voters: &[SmallText],
        labels: &[SmallText],
    ) -> Vec<Conflict> {
        let mut groups = groups.clone();
        let n = self.candidates.len();
        let mut in_conflict = vec![false; n];
        // Which conflicts there are is decided here, in one pass; making them (names, options) is the costly
        // part and is done afterwards on the machine's cores. Each found conflict is its kind and a range of
        // `members`.
        let mut members: Vec<usize> = Vec::new();
        let mut found: Vec<(ConflictKind, usize, usize)> = Vec::new();
        // Boundary conflicts: groups of two or more, members in canonical order, groups in the order of their
        // first member (a group's representative is its smallest member). Each group's members are chained
        // in ascending order, built from the back: linear, no sort.
        const END: usize = usize::MAX;
        let mut first = vec![END; n];
        let mut next = vec![END; n];
        for c in (0..n).rev() {
            let root = groups.find(c);
            next[c] = first[root];
            first[root] = c;
        }
        for root in 0..n {
            if first[root] != root || next[root] == END {
                continue;
            }
            let from = members.len();
            let mut m = root;
            while m != END {
                members.push(m);
                in_conflict[m] = true;
                m = next[m];
            }
            found.push((ConflictKind::Boundary, from, members.len()));
        }
        // Label conflicts: one extent, several labels, not all made by the same annotators.
        let mut run_start = 0;
        while run_start < n {
            let extent = self.extent(run_start);
            let run_end = (run_start + 1..n)
                .find(|&c| self.extent(c) != extent)
                .unwrap_or(n);
            let run = run_start..run_end;
            if run.len() >= 2
                && run
                    .clone()
                    .any(|c| self.vote_bits(c) != self.vote_bits(run_start))
            {
                let from = members.len();
                for m in run {
                    in_conflict[m] = true;
                    members.push(m);
                }
                found.push((ConflictKind::Label, from, members.len()));
            }
            run_start = run_end;
        }
        // Missing spans: made by some annotators only, and not already part of another conflict.
        for (c, &taken) in in_conflict.iter().enumerate() {
            if !taken && self.vote_count(c) < self.voter_count {
                members.push(c);
                found.push((ConflictKind::Missing, members.len() - 1, members.len()));
            }
        }
        parallel::map_indices(found.len(), |i| {
            let (kind, from, to) = found[i];
            self.conflict(kind, &members[from..to], voters, labels)
        })
    }

    fn spans(&self, voters: &[SmallText], labels: &[SmallText]) -> Vec<Span> {
        parallel::map_indices(self.candidates.len(), |i| {
            let c = &self.candidates[i];
            let made = self.sources[c.sources.0..c.sources.1]
                .iter()
                .map(|&(input, span)| &self.inputs[input as usize].file.spans[span as usize]);
            let text = made
                .clone()
                .next()
                .map(|s| s.text.clone())
                .unwrap_or_default();
            let note = if self.notes {
                combine_notes(made.filter_map(|s| s.note.as_deref()))
            } else {
                None
            };
            Span {
                start: c.start,
                end: c.end,
                label: labels[c.label as usize].clone(),
                text,
                note,
                annotators: self.voter_names(self.vote_bits(i), voters),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_combine_without_loss_or_repetition() {
        assert_eq!(combine_notes([]), None);
        assert_eq!(combine_notes(["only"]).as_deref(), Some("only"));
        assert_eq!(combine_notes(["b", "a", "b"]).as_deref(), Some("a\nb"));
        // A note that is the join of the others (a merged file's note) is not repeated.
        assert_eq!(combine_notes(["a\nb", "b", "a"]).as_deref(), Some("a\nb"));
        // A note that merely contains another is kept.
        assert_eq!(
            combine_notes(["figure", "good figure"]).as_deref(),
            Some("figure\ngood figure")
        );
        assert_eq!(
            combine_notes(["含\t制表符\n和换行", "x"]).as_deref(),
            Some("x\n含\t制表符\n和换行")
        );
    }
}
