//! The n-way merge's vote table: every distinct span of the inputs with who voted for it (a bitset per span),
//! built by a k-way merge of the files' spans in canonical order, and the conflicts and merged spans read
//! from it.

use std::cmp::Reverse;

use super::input::MergeInput;
use super::notes::combine_notes;
use crate::label_ids::LabelIds;
use crate::matching::{DisjointSets, Extent, max_overlap_matching};
use crate::model::{
    AnnotationFile, Conflict, ConflictKind, ConflictOption, ConflictOrigin, SmallText, Span,
    SpanKey,
};
use crate::parallel;

/// What one pass over a file's spans finds (each span is touched once: files can be large).
pub(super) struct Scan<'a> {
    /// The file's labels in order of first appearance.
    pub(super) names: Vec<&'a str>,
    /// Each span's place in canonical order, with its label as an index into `names` for now (see
    /// [`VoteTable::build`]).
    keys: Vec<RunKey>,
    /// Whether each span carries provenance.
    pub(super) provenance: Vec<bool>,
    /// Whether any span has a note (most files have none, and then notes need not be combined).
    notes: bool,
}

impl<'a> Scan<'a> {
    /// One pass over a file's spans.
    pub(super) fn of(file: &'a AnnotationFile) -> Scan<'a> {
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
pub(super) struct VoteTable<'a> {
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
    pub(super) fn build(
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
    pub(super) fn boundary_groups(&self, label_count: usize) -> DisjointSets {
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
            origin: ConflictOrigin::Analysts,
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

    /// Every conflict: boundary groups, label conflicts at one extent, then spans some voters did not make.
    pub(super) fn conflicts(
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

    /// Every distinct span with its provenance and combined notes, in canonical order.
    pub(super) fn spans(&self, voters: &[SmallText], labels: &[SmallText]) -> Vec<Span> {
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
            let value = agreed_value(made.clone());
            // Every input annotates the same text, so any input's context is the span's.
            let context = made.clone().find_map(|s| s.context.clone());
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
                value,
                context,
            }
        })
    }
}

/// The value correction the analysts who made a span agree on: the one every correcting analyst gave (analysts
/// who left the engine's reading do not object), or none when they gave different values, so that the merged
/// file never picks one analyst's number over another's without adjudication.
fn agreed_value<'a>(
    made: impl Iterator<Item = &'a Span>,
) -> Option<Box<crate::figures::FigureValue>> {
    let mut values = made.filter_map(|s| s.value.as_ref());
    let first = values.next()?;
    values.all(|v| v == first).then(|| first.clone())
}
