//! Inter-annotator agreement: for every pair of annotators, exact and lenient span F1 per label and
//! micro-averaged, the disagreement breakdown and Cohen's kappa at character level; per label over all
//! annotators, Krippendorff's alpha (nominal, missing documents as missing data) and Fleiss' kappa.
//!
//! Character-level items: every non-whitespace code point (Unicode `White_Space`, as Rust's
//! `char::is_whitespace`) of a document is one item per label, valued 1 if it lies inside a span of that label
//! and 0 otherwise. A statistic that is undefined (no items, or no variation) is `None` (`null` in JSON), never
//! 0 or 1.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::label_ids::LabelIds;
use crate::matching::{Extent, match_extents};
use crate::model::AnnotationFile;
use crate::parallel;
use crate::relation_agreement::{self, PairRelations};
use crate::text::{self, ReportText};

/// One report and every annotator's file for it (at most one per annotator).
#[derive(Debug, Clone)]
pub struct AnnotatedDocument<'a> {
    /// The report text.
    pub text: &'a ReportText,
    /// The annotators' files for it.
    pub files: Vec<&'a AnnotationFile>,
}

/// Why agreement could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgreeError {
    /// Two files by one annotator for the same report.
    #[error(
        "two files by annotator {annotator:?} annotate {document:?}; give each annotator's file once"
    )]
    DuplicateAnnotator {
        /// The annotator.
        annotator: String,
        /// The report.
        document: String,
    },
    /// A file annotates another text than the one it was given with.
    #[error("{annotator:?}'s file for {document:?} annotates a different version of the text")]
    WrongText {
        /// The annotator.
        annotator: String,
        /// The report.
        document: String,
    },
}

/// The whole agreement report; also the `spantag agree --json` schema.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// The annotators compared, sorted.
    pub annotators: Vec<String>,
    /// Reports annotated by at least one of them.
    pub documents: usize,
    /// Every pair of annotators (`a` before `b` by name).
    pub pairs: Vec<PairAgreement>,
    /// F1 pooled over every pair: the counts of all pairs added up.
    pub overall: F1Table,
    /// Per label, over all annotators at once.
    pub labels: BTreeMap<String, LabelAgreement>,
}

/// Agreement between two annotators over the reports both annotated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairAgreement {
    /// The first annotator.
    pub a: String,
    /// The second annotator.
    pub b: String,
    /// Reports both annotated.
    pub documents: usize,
    /// Character items (non-whitespace code points of those reports).
    pub items: usize,
    /// Per label.
    pub labels: BTreeMap<String, PairLabel>,
    /// Over all labels: matches and spans added up before dividing.
    pub micro: F1,
    /// Links between spans: exact and lenient F1 per relation type and over all types.
    pub relations: PairRelations,
}

/// Two annotators' agreement on one label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairLabel {
    /// F1 counting only identical spans (same start, end, label).
    pub exact_f1: Option<f64>,
    /// F1 counting one-to-one matched overlapping spans of the label.
    pub lenient_f1: Option<f64>,
    /// Cohen's kappa over character items.
    pub kappa: Option<f64>,
    /// Spans of this label, on either side, whose exact extent the other side tagged with another label only.
    pub label_conflicts: usize,
    /// Matched pairs of this label whose extents overlap but differ.
    pub boundary_conflicts: usize,
    /// `a`'s spans of this label with no counterpart at all in `b`.
    pub only_a: usize,
    /// `b`'s spans of this label with no counterpart at all in `a`.
    pub only_b: usize,
    /// `a`'s spans of this label.
    pub spans_a: usize,
    /// `b`'s spans of this label.
    pub spans_b: usize,
    /// Identical pairs.
    pub exact_matches: usize,
    /// Matched pairs, identical or overlapping.
    pub lenient_matches: usize,
}

/// Exact and lenient F1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct F1 {
    /// F1 over identical spans.
    pub exact_f1: Option<f64>,
    /// F1 over matched overlapping spans.
    pub lenient_f1: Option<f64>,
}

/// F1 per label and micro-averaged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct F1Table {
    /// Per label.
    pub labels: BTreeMap<String, F1>,
    /// Over all labels.
    pub micro: F1,
}

/// Agreement on one label among all annotators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelAgreement {
    /// Krippendorff's alpha, nominal; a report an annotator did not annotate is missing data.
    pub alpha: Option<f64>,
    /// Fleiss' kappa over the reports every annotator annotated.
    pub fleiss_kappa: Option<f64>,
    /// Items with at least two values (what alpha is computed on).
    pub alpha_items: usize,
    /// Items every annotator coded (what Fleiss' kappa is computed on).
    pub fleiss_items: usize,
}

pub use crate::matching::f1;

/// Cohen's kappa for two raters and two values from the 2×2 table (`n11`: both 1, `n10`: a 1 and b 0, ...).
/// `None` when there are no items or both raters gave one same value throughout.
pub fn cohen_kappa(n11: u64, n10: u64, n01: u64, n00: u64) -> Option<f64> {
    let n = n11 + n10 + n01 + n00;
    if n == 0 || (n10 + n01 == 0 && (n11 == n || n00 == n)) {
        return None;
    }
    let n_f = n as f64;
    let observed = (n11 + n00) as f64 / n_f;
    let a1 = (n11 + n10) as f64 / n_f;
    let b1 = (n11 + n01) as f64 / n_f;
    let expected = a1 * b1 + (1.0 - a1) * (1.0 - b1);
    Some((observed - expected) / (1.0 - expected))
}

/// Units of coded data for alpha and Fleiss' kappa: how many coders gave each value, and how many identical
/// units there are (a weight, so a million characters with the same counts are one entry).
pub type Unit = (Vec<u64>, u64);

/// Krippendorff's alpha for nominal data. Units with fewer than two values are not pairable and drop out.
/// `None` when fewer than two pairable values exist or only one value occurs.
pub fn nominal_alpha(units: &[Unit]) -> Option<f64> {
    let values = units.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    let mut coincidences = vec![vec![0.0f64; values]; values];
    for (counts, weight) in units {
        let m: u64 = counts.iter().sum();
        if m < 2 || *weight == 0 {
            continue;
        }
        let scale = *weight as f64 / (m - 1) as f64;
        for (c, &nc) in counts.iter().enumerate() {
            for (k, &nk) in counts.iter().enumerate() {
                let pairs = if c == k {
                    nc * nc.saturating_sub(1)
                } else {
                    nc * nk
                };
                coincidences[c][k] += pairs as f64 * scale;
            }
        }
    }
    let totals: Vec<f64> = coincidences.iter().map(|row| row.iter().sum()).collect();
    let n: f64 = totals.iter().sum();
    if n <= 1.0 {
        return None;
    }
    let mut observed = 0.0;
    let mut expected = 0.0;
    for c in 0..values {
        for k in 0..values {
            if c != k {
                observed += coincidences[c][k];
                expected += totals[c] * totals[k] / (n - 1.0);
            }
        }
    }
    (expected > 0.0).then(|| 1.0 - observed / expected)
}

/// Fleiss' kappa: every unit coded by the same number of raters (at least two). `None` when there are no such
/// units, the rater counts differ, or only one value occurs.
pub fn fleiss_kappa(units: &[Unit]) -> Option<f64> {
    let units: Vec<&Unit> = units.iter().filter(|(_, w)| *w > 0).collect();
    let raters: u64 = units.first()?.0.iter().sum();
    if raters < 2 || units.iter().any(|(c, _)| c.iter().sum::<u64>() != raters) {
        return None;
    }
    let values = units.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    let items: u64 = units.iter().map(|(_, w)| w).sum();
    let mut per_value = vec![0u64; values];
    let mut agreement = 0.0;
    let r = raters as f64;
    for (counts, weight) in &units {
        for (j, &c) in counts.iter().enumerate() {
            per_value[j] += c * weight;
        }
        let same: u64 = counts.iter().map(|&c| c * c).sum();
        agreement += *weight as f64 * (same - raters) as f64 / (r * (r - 1.0));
    }
    if per_value.iter().filter(|&&v| v > 0).count() < 2 {
        return None;
    }
    let p_bar = agreement / items as f64;
    let total = (items * raters) as f64;
    let p_e: f64 = per_value.iter().map(|&v| (v as f64 / total).powi(2)).sum();
    Some((p_bar - p_e) / (1.0 - p_e))
}

/// Computes every statistic over the documents. `labels` are the schema's labels; labels found in spans are
/// added.
pub fn agreement(docs: &[AnnotatedDocument], labels: &[&str]) -> Result<Agreement, AgreeError> {
    let mut label_ids = LabelIds::default();
    for label in labels {
        label_ids.id(label);
    }
    let mut annotator_set: BTreeSet<&str> = BTreeSet::new();
    // Each span's label id, looked up once here (per document, per file): the string lookups are a visible
    // part of the cost at 100,000s of spans.
    let mut span_labels: Vec<Vec<Vec<usize>>> = Vec::with_capacity(docs.len());
    for doc in docs {
        let mut doc_labels = Vec::with_capacity(doc.files.len());
        let mut seen = BTreeSet::new();
        for file in &doc.files {
            if !seen.insert(file.annotator.as_str()) {
                return Err(AgreeError::DuplicateAnnotator {
                    annotator: file.annotator.clone(),
                    document: file.document.file.clone(),
                });
            }
            if !file.document.matches(doc.text) {
                return Err(AgreeError::WrongText {
                    annotator: file.annotator.clone(),
                    document: file.document.file.clone(),
                });
            }
            annotator_set.insert(&file.annotator);
            doc_labels.push(file.spans.iter().map(|s| label_ids.id(&s.label)).collect());
        }
        span_labels.push(doc_labels);
    }
    let annotators: Vec<&str> = annotator_set.into_iter().collect();
    let (labels, rank) = label_ids.sorted();
    let prepared: Vec<Prepared> = docs
        .iter()
        .zip(&span_labels)
        .filter(|(d, _)| !d.files.is_empty())
        .map(|(d, ids)| Prepared::new(d, ids, &annotators, &rank))
        .collect();

    // Pairs and labels are independent: computed on the machine's cores, collected in order.
    let pair_list: Vec<(usize, usize)> = (0..annotators.len())
        .flat_map(|a| (a + 1..annotators.len()).map(move |b| (a, b)))
        .collect();
    let label_indices: Vec<usize> = (0..labels.len()).collect();
    // Pairs and labels run together, so that no core waits for the last label while pairs remain.
    let (pair_counts, per_label) = parallel::join(
        || {
            parallel::map(&pair_list, |&(a, b)| {
                compare_pair(&prepared, a, b, labels.len())
            })
        },
        || {
            parallel::map(&label_indices, |&l| {
                label_agreement(&prepared, l, annotators.len())
            })
        },
    );
    let mut pairs = Vec::with_capacity(pair_list.len());
    let mut pooled = vec![Counts::default(); labels.len()];
    for (&(a, b), pair) in pair_list.iter().zip(&pair_counts) {
        for (total, c) in pooled.iter_mut().zip(&pair.counts) {
            total.add(c);
        }
        let mut report = pair.report(annotators[a], annotators[b], &labels);
        report.relations = relation_agreement::compare(docs.iter().filter_map(|d| {
            let by = |who: &str| d.files.iter().find(|f| f.annotator == who).copied();
            Some((by(annotators[a])?, by(annotators[b])?))
        }));
        pairs.push(report);
    }
    let overall = F1Table {
        labels: labels
            .iter()
            .zip(&pooled)
            .map(|(l, c)| ((*l).to_owned(), c.f1()))
            .collect(),
        micro: Counts::sum(&pooled).f1(),
    };
    let label_stats = labels
        .iter()
        .map(|name| (*name).to_owned())
        .zip(per_label)
        .collect();
    Ok(Agreement {
        annotators: annotators.iter().map(|a| (*a).to_owned()).collect(),
        documents: prepared.len(),
        pairs,
        overall,
        labels: label_stats,
    })
}

/// One document, ready for counting: where its whitespace is and each annotator's spans by label.
struct Prepared {
    /// Code-point offsets of whitespace characters, ascending (few in Chinese reports).
    whitespace: Vec<usize>,
    /// Length in code points.
    len: usize,
    /// Indexed by annotator; `None` when that annotator has no file for this document.
    annotators: Vec<Option<AnnotatorSpans>>,
}

/// One annotator's spans in one document.
struct AnnotatorSpans {
    /// Per label id: extents sorted.
    by_label: Vec<Vec<Extent>>,
    /// Per label id: the union of the label's spans as sorted disjoint extents.
    coverage: Vec<Vec<Extent>>,
    /// Every span as (start, end, label id, its index in `by_label[label]`), sorted, for finding other labels
    /// at one extent.
    all: Vec<(usize, usize, usize, usize)>,
    /// Per label id: character items inside the label's spans.
    covered: Vec<u64>,
}

impl AnnotatorSpans {
    /// One annotator's spans of one document, indexed for counting.
    fn of(
        file: &AnnotationFile,
        span_labels: &[usize],
        rank: &[usize],
        whitespace: &[usize],
        len: usize,
    ) -> AnnotatorSpans {
        let mut by_label = vec![Vec::new(); rank.len()];
        let mut all = Vec::with_capacity(file.spans.len());
        for (span, &id) in file.spans.iter().zip(span_labels) {
            let label = rank[id];
            by_label[label].push((span.start, span.end));
            all.push((span.start, span.end, label, 0));
        }
        // Files are nearly in this order already: the run-adaptive stable sort is fast on them.
        for extents in &mut by_label {
            extents.sort();
        }
        all.sort();
        // Both orders are by extent, so a label's spans appear in `all` in their `by_label` order.
        let mut next = vec![0; rank.len()];
        for entry in &mut all {
            entry.3 = next[entry.2];
            next[entry.2] += 1;
        }
        let coverage: Vec<Vec<Extent>> = by_label.iter().map(|e| union_of(e)).collect();
        let covered = coverage
            .iter()
            .map(|c| items_covered(whitespace, len, c))
            .collect();
        AnnotatorSpans {
            by_label,
            coverage,
            all,
            covered,
        }
    }
}

impl Prepared {
    fn new(
        doc: &AnnotatedDocument,
        span_labels: &[Vec<usize>],
        annotators: &[&str],
        rank: &[usize],
    ) -> Prepared {
        let whitespace = whitespace_offsets(doc.text.as_str());
        let len = doc.text.len_chars();
        let mut slots: Vec<Option<AnnotatorSpans>> = (0..annotators.len()).map(|_| None).collect();
        let files: Vec<(&AnnotationFile, &[usize])> = doc
            .files
            .iter()
            .zip(span_labels)
            .map(|(f, l)| (*f, l.as_slice()))
            .collect();
        let prepared = parallel::map(&files, |&(file, labels)| {
            AnnotatorSpans::of(file, labels, rank, &whitespace, len)
        });
        for (file, spans) in doc.files.iter().zip(prepared) {
            if let Ok(who) = annotators.binary_search(&file.annotator.as_str()) {
                slots[who] = Some(spans);
            }
        }
        Prepared {
            whitespace,
            len,
            annotators: slots,
        }
    }

    fn items(&self) -> u64 {
        (self.len - self.whitespace.len()) as u64
    }
}

/// Code-point offsets of the whitespace characters of a text. Scans bytes and decodes only where a whitespace
/// character can start (ASCII, or lead bytes C2, E1, E2, E3), which Chinese text mostly is not.
fn whitespace_offsets(text: &str) -> Vec<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether some byte of `word` is zero / below `n` (n <= 128): the classic bit tricks.
    let has_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGH != 0;
    let has_below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH != 0;
    let bytes = text.as_bytes();
    let mut offsets = Vec::new();
    let mut chars = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none can start a whitespace character: only count characters (every
        // byte that is not a continuation byte 10xxxxxx).
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word_bytes = [0u8; 8];
            word_bytes.copy_from_slice(chunk);
            let word = u64::from_le_bytes(word_bytes);
            let plain = !has_below(word, 0x21)
                && !has_zero(word ^ (ONES * 0xC2))
                && !has_zero(word ^ (ONES * 0xE1))
                && !has_zero(word ^ (ONES * 0xE2))
                && !has_zero(word ^ (ONES * 0xE3));
            if plain {
                chars += text::chars_starting_in(word);
                i += 8;
                continue;
            }
        }
        let end = (i + 8).min(bytes.len());
        for (j, &b) in bytes.iter().enumerate().take(end).skip(i) {
            if b & 0xC0 == 0x80 {
                continue;
            }
            let white = match b {
                0x09..=0x0D | 0x20 => true,
                0xC2 | 0xE1 | 0xE2 | 0xE3 => text
                    .get(j..)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(char::is_whitespace),
                _ => false,
            };
            if white {
                offsets.push(chars);
            }
            chars += 1;
        }
        i = end;
    }
    offsets
}

/// Non-whitespace code points inside sorted disjoint extents: one forward walk over both lists.
fn items_covered(whitespace: &[usize], len: usize, extents: &[Extent]) -> u64 {
    let mut p = 0;
    let mut total = 0;
    for &(s, e) in extents {
        let e = e.min(len);
        if s >= e {
            continue;
        }
        while p < whitespace.len() && whitespace[p] < s {
            p += 1;
        }
        let mut q = p;
        while q < whitespace.len() && whitespace[q] < e {
            q += 1;
        }
        total += (e - s - (q - p)) as u64;
        p = q;
    }
    total
}

/// Sorted extents merged into disjoint ones.
fn union_of(sorted: &[Extent]) -> Vec<Extent> {
    let mut out: Vec<Extent> = Vec::new();
    for &(s, e) in sorted {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Non-whitespace code points inside both of two sets of sorted disjoint extents, without building the
/// intersection: the common stretches come in order, so the whitespace walk goes forward only.
fn items_in_both(whitespace: &[usize], len: usize, a: &[Extent], b: &[Extent]) -> u64 {
    let (mut i, mut j, mut p) = (0, 0, 0);
    let mut total = 0;
    while i < a.len() && j < b.len() {
        let s = a[i].0.max(b[j].0);
        let e = a[i].1.min(b[j].1).min(len);
        if s < e {
            while p < whitespace.len() && whitespace[p] < s {
                p += 1;
            }
            let mut q = p;
            while q < whitespace.len() && whitespace[q] < e {
                q += 1;
            }
            total += (e - s - (q - p)) as u64;
            p = q;
        }
        if a[i].1 <= b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    total
}

/// Counts behind one pair's figures for one label.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    spans_a: usize,
    spans_b: usize,
    exact: usize,
    overlapping: usize,
    label_a: usize,
    label_b: usize,
    /// Character items: both 1, a only, b only, neither.
    n11: u64,
    n10: u64,
    n01: u64,
    n00: u64,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.spans_a += o.spans_a;
        self.spans_b += o.spans_b;
        self.exact += o.exact;
        self.overlapping += o.overlapping;
        self.label_a += o.label_a;
        self.label_b += o.label_b;
        self.n11 += o.n11;
        self.n10 += o.n10;
        self.n01 += o.n01;
        self.n00 += o.n00;
    }

    fn sum(all: &[Counts]) -> Counts {
        let mut total = Counts::default();
        for c in all {
            total.add(c);
        }
        total
    }

    fn f1(&self) -> F1 {
        F1 {
            exact_f1: f1(self.exact, self.spans_a, self.spans_b),
            lenient_f1: f1(self.exact + self.overlapping, self.spans_a, self.spans_b),
        }
    }
}

struct PairCounts {
    documents: usize,
    items: u64,
    counts: Vec<Counts>,
}

impl PairCounts {
    fn report(&self, a: &str, b: &str, labels: &[&str]) -> PairAgreement {
        let per_label = labels
            .iter()
            .zip(&self.counts)
            .map(|(label, c)| {
                let matched = c.exact + c.overlapping;
                (
                    (*label).to_owned(),
                    PairLabel {
                        exact_f1: c.f1().exact_f1,
                        lenient_f1: c.f1().lenient_f1,
                        kappa: cohen_kappa(c.n11, c.n10, c.n01, c.n00),
                        label_conflicts: c.label_a + c.label_b,
                        boundary_conflicts: c.overlapping,
                        only_a: c.spans_a - matched - c.label_a,
                        only_b: c.spans_b - matched - c.label_b,
                        spans_a: c.spans_a,
                        spans_b: c.spans_b,
                        exact_matches: c.exact,
                        lenient_matches: matched,
                    },
                )
            })
            .collect();
        PairAgreement {
            a: a.to_owned(),
            b: b.to_owned(),
            documents: self.documents,
            items: self.items as usize,
            labels: per_label,
            micro: Counts::sum(&self.counts).f1(),
            relations: PairRelations::default(),
        }
    }
}

fn compare_pair(docs: &[Prepared], a: usize, b: usize, labels: usize) -> PairCounts {
    let mut out = PairCounts {
        documents: 0,
        items: 0,
        counts: vec![Counts::default(); labels],
    };
    for doc in docs {
        let (Some(sa), Some(sb)) = (&doc.annotators[a], &doc.annotators[b]) else {
            continue;
        };
        out.documents += 1;
        let items = doc.items();
        out.items += items;
        let mut matched_a = Vec::with_capacity(labels);
        let mut matched_b = Vec::with_capacity(labels);
        for (l, counts) in out.counts.iter_mut().enumerate() {
            let (ea, eb) = (&sa.by_label[l], &sb.by_label[l]);
            let matching = match_extents(ea, eb);
            let mut flags_a = vec![false; ea.len()];
            let mut flags_b = vec![false; eb.len()];
            for (x, y) in matching.pairs() {
                flags_a[x] = true;
                flags_b[y] = true;
            }
            matched_a.push(flags_a);
            matched_b.push(flags_b);
            counts.spans_a += ea.len();
            counts.spans_b += eb.len();
            counts.exact += matching.exact.len();
            counts.overlapping += matching.overlapping.len();
            let (n1a, n1b) = (sa.covered[l], sb.covered[l]);
            let n11 = items_in_both(&doc.whitespace, doc.len, &sa.coverage[l], &sb.coverage[l]);
            counts.n11 += n11;
            counts.n10 += n1a - n11;
            counts.n01 += n1b - n11;
            counts.n00 += items + n11 - n1a - n1b;
        }
        count_label_conflicts(sa, sb, &matched_a, &matched_b, &mut out.counts);
    }
    out
}

/// Label conflicts of one pair in one document, by one forward walk over both sides' spans in extent order:
/// an unmatched span of label `l` whose exact extent the other side tagged with a label this side did not
/// give it there.
fn count_label_conflicts(
    sa: &AnnotatorSpans,
    sb: &AnnotatorSpans,
    matched_a: &[Vec<bool>],
    matched_b: &[Vec<bool>],
    counts: &mut [Counts],
) {
    type Entry = (usize, usize, usize, usize);
    let (a, b) = (&sa.all, &sb.all);
    let extent = |t: &Entry| (t.0, t.1);
    let group_len = |list: &[Entry], from: usize| {
        list[from..]
            .iter()
            .take_while(|t| extent(t) == extent(&list[from]))
            .count()
    };
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (na, nb) = (group_len(a, i), group_len(b, j));
        match extent(&a[i]).cmp(&extent(&b[j])) {
            std::cmp::Ordering::Less => i += na,
            std::cmp::Ordering::Greater => j += nb,
            std::cmp::Ordering::Equal => {
                let (ga, gb) = (&a[i..i + na], &b[j..j + nb]);
                let has = |g: &[Entry], l: usize| g.iter().any(|t| t.2 == l);
                let a_lacks_some_b = gb.iter().any(|t| !has(ga, t.2));
                let b_lacks_some_a = ga.iter().any(|t| !has(gb, t.2));
                if a_lacks_some_b && b_lacks_some_a {
                    for &(_, _, l, at) in ga.iter().filter(|t| !has(gb, t.2)) {
                        counts[l].label_a += usize::from(!matched_a[l][at]);
                    }
                    for &(_, _, l, at) in gb.iter().filter(|t| !has(ga, t.2)) {
                        counts[l].label_b += usize::from(!matched_b[l][at]);
                    }
                }
                i += na;
                j += nb;
            }
        }
    }
}

/// Alpha and Fleiss' kappa for one label, from per-document histograms of how many annotators cover each
/// character item.
fn label_agreement(docs: &[Prepared], label: usize, annotators: usize) -> LabelAgreement {
    let mut alpha_units: Vec<Unit> = Vec::new();
    let mut fleiss_units: Vec<Unit> = Vec::new();
    let mut alpha_items = 0u64;
    let mut fleiss_items = 0u64;
    for doc in docs {
        let present: Vec<&AnnotatorSpans> = doc.annotators.iter().flatten().collect();
        let m = present.len();
        if m < 2 {
            continue;
        }
        let histogram = coverage_histogram(doc, &present, label);
        let units: Vec<Unit> = histogram
            .iter()
            .enumerate()
            .map(|(k, &w)| (vec![(m - k) as u64, k as u64], w))
            .collect();
        alpha_items += doc.items();
        if m == annotators {
            fleiss_items += doc.items();
            fleiss_units.extend(units.iter().cloned());
        }
        alpha_units.extend(units);
    }
    LabelAgreement {
        alpha: nominal_alpha(&alpha_units),
        fleiss_kappa: fleiss_kappa(&fleiss_units),
        alpha_items: alpha_items as usize,
        fleiss_items: fleiss_items as usize,
    }
}

/// `histogram[k]`: character items of the document covered by exactly `k` of the annotators' spans of `label`.
fn coverage_histogram(doc: &Prepared, present: &[&AnnotatorSpans], label: usize) -> Vec<u64> {
    // Each annotator's coverage is sorted and disjoint, so its boundaries, encoded as `2 * position + 1` for a
    // start and `2 * position` for an end (ends first at one position), form a non-decreasing list. A k-way
    // merge of these lists (k: a handful of annotators) visits every boundary in order.
    let lists: Vec<Vec<u64>> = present
        .iter()
        .map(|s| {
            let mut b = Vec::with_capacity(2 * s.coverage[label].len() + 1);
            for &(start, end) in &s.coverage[label] {
                b.push(2 * start as u64 + 1);
                b.push(2 * end as u64);
            }
            b.push(u64::MAX);
            b
        })
        .collect();
    let mut heads = vec![0usize; lists.len()];
    let mut segments: Vec<Vec<Extent>> = vec![Vec::new(); present.len() + 1];
    let mut depth = 0usize;
    let mut at = 0;
    loop {
        let (mut best, mut which) = (u64::MAX, 0);
        for (k, list) in lists.iter().enumerate() {
            let v = list[heads[k]];
            if v < best {
                best = v;
                which = k;
            }
        }
        if best == u64::MAX {
            break;
        }
        heads[which] += 1;
        let pos = (best >> 1) as usize;
        if depth > 0 && pos > at {
            segments[depth].push((at, pos));
        }
        if best & 1 == 1 {
            depth += 1;
        } else {
            depth -= 1;
        }
        at = pos;
    }
    let mut histogram = vec![0u64; present.len() + 1];
    let mut covered = 0;
    for (k, extents) in segments.iter().enumerate().skip(1) {
        histogram[k] = items_covered(&doc.whitespace, doc.len, extents);
        covered += histogram[k];
    }
    histogram[0] = doc.items() - covered;
    histogram
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_offsets_are_those_of_char_is_whitespace() {
        let naive = |text: &str| -> Vec<usize> {
            text.chars()
                .enumerate()
                .filter(|(_, c)| c.is_whitespace())
                .map(|(i, _)| i)
                .collect()
        };
        let text = "𠮷 县\r\n\t贫\u{3000}困\u{a0}0.68%\u{85}x\u{2028}\u{1680}\u{202f}。，\u{1c}\u{200b}\u{feff}";
        assert_eq!(whitespace_offsets(text), naive(text));
        assert_eq!(naive(text).len(), 10);
        // Long runs without whitespace (the eight-byte path), whitespace at every alignment.
        for shift in 0..9 {
            let text = format!(
                "{}贫困发生率降至0.68%。{}𠮷𠮷\u{3000}人{}",
                "x".repeat(shift),
                "\n",
                " "
            );
            let long = text.repeat(5);
            assert_eq!(whitespace_offsets(&long), naive(&long), "{long:?}");
        }
    }

    #[test]
    fn helpers_on_extents() {
        assert_eq!(
            union_of(&[(0, 3), (2, 5), (5, 6), (8, 9)]),
            vec![(0, 6), (8, 9)]
        );
        // Common stretches 2..6, 8..9, 11..12; whitespace at 3 and 11 leaves 3 + 1 + 0 items.
        assert_eq!(
            items_in_both(&[3, 11], 20, &[(0, 6), (8, 12)], &[(2, 9), (11, 20)]),
            4
        );
    }
}
