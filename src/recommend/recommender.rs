//! The recommender: the rule layer (the figure engine), the dictionary of the team's spans and one character
//! tagger per label, trained together from a [`TrainingSet`] and asked together for a report's suggestions,
//! merged so that a place is offered once, with the best score and the layer that gave it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::dictionary::Dictionary;
use super::disjoint::TakenByLabel;
use super::evaluate::{Evaluation, Tally};
use super::features::{FeatureCache, TextBase, TextFeatures, dictionary_marks};
use super::tagger::{self, ANY, O, Packed, Sequence, Tagger, only, span_tags};
use super::training_data::{TrainingDoc, TrainingSet};
use crate::figures::{FIGURE, MEASURE, OUTCOME, Source, Suggestion, Table, read_value, suggest};
use crate::model::{SmallText, SpanKey};
use crate::parallel;
use crate::text::ReportText;

/// Dictionary entries scored below this are not offered at all (the app's thresholds filter further).
const DICTIONARY_FLOOR: f32 = 0.2;

/// The score below which a suggestion is not shown unless the analyst lowers the label's threshold: keeps the
/// cue rules (0.4 and up) and the taggers' likely spans, drops rarely-tagged dictionary texts.
pub const DEFAULT_THRESHOLD: f32 = 0.3;

/// Folds of the jackknife that gives training documents their dictionary features.
const FOLDS: usize = 5;

/// Which layers to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layers {
    /// The figure engine and its cue rules (Figure, Outcome, Measure only).
    pub rules: bool,
    /// The team's spans found again.
    pub dictionary: bool,
    /// The character taggers.
    pub model: bool,
}

impl Default for Layers {
    fn default() -> Layers {
        Layers {
            rules: true,
            dictionary: true,
            model: true,
        }
    }
}

/// How to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Measure the model on held-out finished reports first (every fifth), for the figures the app shows.
    pub held_out: bool,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 8,
            held_out: true,
        }
    }
}

/// One label's score on held-out reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldOut {
    /// The label.
    pub label: SmallText,
    /// Exact F1 of all layers' suggestions; `None` when the held-out reports have no such span and none was
    /// suggested.
    pub f1: Option<f64>,
    /// Spans of the label in the held-out reports.
    pub gold: usize,
}

/// What a model learned from, for "learned from 412 spans in 37 reports".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Learned {
    /// Spans tagged in the training data.
    pub spans: usize,
    /// Reports that taught something.
    pub reports: usize,
    /// Finished reports held out to measure it (0: too few finished reports to measure).
    pub held_out_reports: usize,
    /// Per label, measured on those reports.
    pub held_out: Vec<HeldOut>,
    /// Labels the tagger has not learned: nothing said where they are not (no finished report, no rejection).
    #[serde(default)]
    pub untaught: Vec<SmallText>,
}

/// A trained recommender.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Recommender {
    labels: Vec<SmallText>,
    bits: u32,
    taggers: Vec<Tagger>,
    dictionary: Dictionary,
    learned: Learned,
    fingerprint: String,
    /// The taggers packed for tagging, made on first use.
    #[serde(skip)]
    packed: std::sync::OnceLock<Packed>,
}

/// The most characters the learned layers look at at once.
const PIECE_CHARS: usize = 1 << 16;

/// A text cut into pieces of at most `max` characters, each ending after a line break where the piece holds one
/// (a longer line is cut where it must): `(first character's offset, piece)`.
fn pieces(text: &str, max: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let (mut start_byte, mut start_char, mut count) = (0, 0, 0);
    let mut last_break: Option<(usize, usize)> = None;
    for (b, c) in text.char_indices() {
        if count == max.max(1) {
            let (cut_byte, cut_char) = last_break.unwrap_or((b, start_char + count));
            out.push((start_char, &text[start_byte..cut_byte]));
            count -= cut_char - start_char;
            (start_byte, start_char, last_break) = (cut_byte, cut_char, None);
        }
        count += 1;
        if c == '\n' {
            last_break = Some((b + 1, start_char + count));
        }
    }
    if start_byte < text.len() {
        out.push((start_char, &text[start_byte..]));
    }
    out
}

/// The line ranges of a text, in code points (a span the model learns lies within a line).
fn lines(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            if i > start {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    if chars.len() > start {
        out.push((start, chars.len()));
    }
    out
}

/// The allowed tags of every position of a document for one label: what is known (see [`tagger`]).
fn allowed_tags(doc: &TrainingDoc, chars: &[char], label: &str) -> Vec<u8> {
    let len = chars.len();
    let mut allowed = vec![if doc.complete { only(O) } else { ANY }; len];
    for r in doc.rejected.iter().filter(|r| r.label == label) {
        for m in allowed.iter_mut().take(r.end.min(len)).skip(r.start) {
            *m = only(O);
        }
    }
    let mut placed_end = 0;
    let mut spans: Vec<&SpanKey> = doc.spans.iter().filter(|s| s.label == label).collect();
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    for s in spans {
        if s.end > len || s.start >= s.end {
            continue;
        }
        if chars[s.start..s.end].contains(&'\n') || s.start < placed_end {
            // A span the tags cannot hold (across lines, or overlapping one of its label): its place is unknown.
            for m in allowed.iter_mut().take(s.end).skip(s.start.max(placed_end)) {
                *m = ANY;
            }
            continue;
        }
        for (m, tag) in allowed[s.start..s.end]
            .iter_mut()
            .zip(span_tags(s.end - s.start))
        {
            *m = tag;
        }
        placed_end = s.end;
    }
    allowed
}

/// A held-out measurement: how many finished reports were held out, and each label's F1 on them.
pub type HeldOutScores = (usize, Vec<HeldOut>);

/// How well a model trained on the rest does on every fifth finished report, per label (exact F1 of every
/// layer's suggestions shown by default): the figures the app shows beside the model. `None` with fewer than
/// two finished reports. Costs a training of its own, so the app runs it apart from retraining.
pub fn measure_held_out(
    set: &TrainingSet,
    labels: &[SmallText],
    epochs: usize,
    table: &Table,
    cache: &FeatureCache,
) -> Option<HeldOutScores> {
    let complete: Vec<usize> = (0..set.docs.len())
        .filter(|&i| set.docs[i].complete)
        .collect();
    if complete.len() < 2 {
        return None;
    }
    let held: Vec<usize> = complete.iter().copied().step_by(5).collect();
    let rest = TrainingSet {
        docs: (0..set.docs.len())
            .filter(|i| !held.contains(i))
            .map(|i| set.docs[i].clone())
            .collect(),
        problems: Vec::new(),
    };
    let trial = Recommender::train_all(&rest, labels, epochs, table, Learned::default(), cache);
    let mut tally = Tally::new(labels);
    for &i in &held {
        let doc = &set.docs[i];
        let found: Vec<SpanKey> = trial
            .suggest(&doc.text, table, Layers::default())
            .iter()
            .filter(|s| s.score >= DEFAULT_THRESHOLD)
            .map(Suggestion::key)
            .collect();
        tally.add(&doc.spans, &found);
    }
    let evaluation = tally.finish();
    let scores = labels
        .iter()
        .filter_map(|l| {
            let s = evaluation.labels.get(l.as_str())?;
            Some(HeldOut {
                label: l.clone(),
                f1: s.exact.f1,
                gold: s.gold,
            })
        })
        .collect();
    Some((held.len(), scores))
}

/// Whether the data says anywhere where a label is not: a finished report, or a rejected suggestion of it.
/// Without that, the spans of reports in progress are positives with nothing against them, and a tagger
/// trained on them learns to tag everything; such a label gets no tagger (the dictionary still suggests it).
fn has_negatives(set: &TrainingSet, label: &str) -> bool {
    set.docs
        .iter()
        .any(|d| d.complete || d.rejected.iter().any(|r| r.label == label))
}

/// The bits of the feature table for this much text: a slot for every 32 feature occurrences or so (most
/// features recur: distinct ones are far fewer), within 2^18..2^22. A larger table costs memory and time to
/// clear and to walk, and measured no better on MSRA.
fn table_bits(positions: usize) -> u32 {
    let wanted = (positions.max(1) * super::features::PER_POSITION / 32).max(1);
    (usize::BITS - wanted.leading_zeros()).clamp(18, 22)
}

impl Recommender {
    /// Trains every layer for `labels` on the training set.
    pub fn train(
        set: &TrainingSet,
        labels: &[SmallText],
        options: TrainOptions,
        table: &Table,
    ) -> Recommender {
        Recommender::train_cached(set, labels, options, table, &FeatureCache::default())
    }

    /// [`Recommender::train`], keeping each text's segmentation and rule marks in `cache` for the next
    /// training (the app retrains on the same reports again and again).
    pub fn train_cached(
        set: &TrainingSet,
        labels: &[SmallText],
        options: TrainOptions,
        table: &Table,
        cache: &FeatureCache,
    ) -> Recommender {
        let mut learned = Learned {
            spans: set.spans(),
            reports: set.reports(),
            ..Learned::default()
        };
        if options.held_out
            && let Some((reports, held_out)) =
                measure_held_out(set, labels, options.epochs, table, cache)
        {
            learned.held_out_reports = reports;
            learned.held_out = held_out;
        }
        Recommender::train_all(set, labels, options.epochs, table, learned, cache)
    }

    fn train_all(
        set: &TrainingSet,
        labels: &[SmallText],
        epochs: usize,
        table: &Table,
        learned: Learned,
        cache: &FeatureCache,
    ) -> Recommender {
        let positions: usize = set.docs.iter().map(|d| d.text.len_chars()).sum();
        let bits = table_bits(positions);
        let chars: Vec<Vec<char>> = parallel::map(&set.docs, |d| d.text.as_str().chars().collect());
        // Each document's dictionary features come from a dictionary learned on the other folds (jackknifing):
        // from its own spans, the dictionary would know every answer and the tagger would learn to trust it
        // blindly.
        let folds: Vec<Dictionary> = if set.docs.len() < 2 {
            Vec::new()
        } else {
            parallel::map_indices(FOLDS, |f| {
                let others: Vec<TrainingDoc> = set
                    .docs
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % FOLDS != f)
                    .map(|(_, d)| d.clone())
                    .collect();
                Dictionary::learn(&others, labels)
            })
        };
        let features: Vec<TextFeatures> = parallel::map_indices(set.docs.len(), |i| {
            let text = set.docs[i].text.as_str();
            let marks = match folds.get(i % FOLDS) {
                Some(d) => {
                    dictionary_marks(chars[i].len(), d.marks_for(text, labels, DICTIONARY_FLOOR))
                }
                None => Vec::new(),
            };
            let base = cache.base(&set.docs[i].text, &chars[i], table);
            TextFeatures::new(&base, bits, &marks)
        });
        let line_ranges: Vec<Vec<(usize, usize)>> = chars.iter().map(|c| lines(c)).collect();
        let taggers = parallel::map(labels, |label| {
            if !has_negatives(set, label) {
                return tagger::untrained(bits);
            }
            let mut sequences = Vec::new();
            for (d, doc) in set.docs.iter().enumerate() {
                let allowed = allowed_tags(doc, &chars[d], label);
                for &(start, end) in &line_ranges[d] {
                    sequences.push(Sequence {
                        features: &features[d],
                        start,
                        allowed: allowed[start..end].to_vec(),
                    });
                }
            }
            tagger::train(&sequences, bits, epochs)
        });
        let mut learned = learned;
        learned.untaught = labels
            .iter()
            .filter(|l| !has_negatives(set, l))
            .cloned()
            .collect();
        Recommender {
            labels: labels.to_vec(),
            bits,
            taggers,
            dictionary: Dictionary::learn(&set.docs, labels),
            learned,
            fingerprint: set.fingerprint(labels),
            packed: std::sync::OnceLock::new(),
        }
    }

    /// Every layer's suggestions for a text, merged: one per place and label (overlapping ones of a label count
    /// as one place), the best score winning, sorted by start (longer first). Offsets are code points.
    pub fn suggest(&self, text: &ReportText, table: &Table, layers: Layers) -> Vec<Suggestion> {
        let mut best: HashMap<(usize, usize, SmallText), Suggestion> = HashMap::new();
        let mut offer = |s: Suggestion| {
            let key = (s.start, s.end, s.label.clone());
            match best.get(&key) {
                Some(old) if old.score >= s.score => {}
                _ => {
                    best.insert(key, s);
                }
            }
        };
        if layers.rules {
            let rule_labels: Vec<&str> = [FIGURE, OUTCOME, MEASURE]
                .into_iter()
                .filter(|l| self.labels.iter().any(|m| m == l))
                .collect();
            suggest(text.as_str(), table, &rule_labels)
                .into_iter()
                .for_each(&mut offer);
        }
        let value_of = |label: &str, span: &str| {
            if label == FIGURE {
                read_value(span, table)
            } else {
                None
            }
        };
        // The learned layers go through the text in pieces of whole lines, so that a report of any size costs
        // memory for one piece at a time (the features take about a hundred bytes a character).
        let packed = (layers.model && !self.taggers.is_empty())
            .then(|| self.packed.get_or_init(|| Packed::new(&self.taggers)));
        for (offset, piece) in pieces(text.as_str(), PIECE_CHARS) {
            if layers.dictionary {
                for (start, end, entry) in self.dictionary.find(piece, DICTIONARY_FLOOR) {
                    let (start, end) = (offset + start, offset + end);
                    let span = text.slice(start, end);
                    offer(Suggestion {
                        start,
                        end,
                        label: entry.label.clone(),
                        text: span.to_owned(),
                        score: entry.score(),
                        value: value_of(&entry.label, span),
                        source: Source::Dictionary,
                    });
                }
            }
            let Some(packed) = packed else {
                continue;
            };
            let chars: Vec<char> = piece.chars().collect();
            let marks = dictionary_marks(
                chars.len(),
                self.dictionary
                    .marks_for(piece, &self.labels, DICTIONARY_FLOOR),
            );
            let base = TextBase::new(piece, &chars, table);
            let features = TextFeatures::new(&base, self.bits, &marks);
            for (start, end) in lines(&chars) {
                let seq = Sequence {
                    features: &features,
                    start,
                    allowed: vec![ANY; end - start],
                };
                let found = packed.tag(&self.taggers, &seq);
                for (label, spans) in self.labels.iter().zip(found) {
                    for (s, e, p) in spans {
                        let (s, e) = (offset + start + s, offset + start + e);
                        let span = text.slice(s, e);
                        offer(Suggestion {
                            start: s,
                            end: e,
                            label: label.clone(),
                            text: span.to_owned(),
                            score: p,
                            value: value_of(label, span),
                            source: Source::Model,
                        });
                    }
                }
            }
        }
        // Two suggestions of one label over the same words are one suggestion twice (the guidelines never nest
        // a label in itself): the better scored stays, then the longer.
        let mut ranked: Vec<Suggestion> = best.into_values().collect();
        ranked.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then((b.end - b.start).cmp(&(a.end - a.start)))
                .then(a.start.cmp(&b.start))
                .then_with(|| a.label.cmp(&b.label))
        });
        let keep: Vec<bool> = {
            let mut taken = TakenByLabel::default();
            ranked
                .iter()
                .map(|s| taken.take(&s.label, s.start, s.end))
                .collect()
        };
        let mut out: Vec<Suggestion> = ranked
            .into_iter()
            .zip(keep)
            .filter_map(|(s, keep)| keep.then_some(s))
            .collect();
        out.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then(b.end.cmp(&a.end))
                .then_with(|| a.label.cmp(&b.label))
        });
        out
    }

    /// Measures the recommender on the complete documents of a set.
    pub fn evaluate(
        &self,
        set: &TrainingSet,
        table: &Table,
        layers: Layers,
        thresholds: &(dyn Fn(&str) -> f32 + Sync),
    ) -> Evaluation {
        let complete: Vec<&TrainingDoc> = set.docs.iter().filter(|d| d.complete).collect();
        let found = parallel::map(&complete, |doc| {
            self.suggest(&doc.text, table, layers)
                .iter()
                .filter(|s| s.score >= thresholds(&s.label))
                .map(Suggestion::key)
                .collect::<Vec<SpanKey>>()
        });
        let mut tally = Tally::new(&self.labels);
        for (doc, found) in complete.iter().zip(&found) {
            tally.add(&doc.spans, found);
        }
        tally.finish()
    }

    /// The labels it suggests.
    pub fn labels(&self) -> &[SmallText] {
        &self.labels
    }

    /// What it learned from and how it scored on held-out reports.
    pub fn learned(&self) -> &Learned {
        &self.learned
    }

    /// The digest of the training data it was made from ([`TrainingSet::fingerprint`]).
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The dictionary layer.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommend::training_data::test_doc;

    fn doc(name: &str, text: &str, spans: &[(&str, &str)], complete: bool) -> TrainingDoc {
        test_doc(name, text, spans, complete)
    }

    fn labels() -> Vec<SmallText> {
        vec!["Measure".into(), "Outcome".into(), "Figure".into()]
    }

    #[test]
    fn a_trained_model_finds_an_unseen_span_in_a_new_sentence() {
        let set = TrainingSet {
            docs: vec![
                doc(
                    "a",
                    "今年全县新建了养殖合作社，效果很好。\n全县贫困发生率降至0.68%。",
                    &[("新建了养殖合作社", "Measure")],
                    true,
                ),
                doc(
                    "b",
                    "去年全乡新建了种植合作社，农民增收。\n贫困人口减少了523人。",
                    &[("新建了种植合作社", "Measure")],
                    true,
                ),
                doc(
                    "c",
                    "本村新建了扶贫车间，吸纳就业。",
                    &[("新建了扶贫车间", "Measure")],
                    true,
                ),
                doc(
                    "d",
                    "该乡新建了蔬菜大棚，带动增收。",
                    &[("新建了蔬菜大棚", "Measure")],
                    false,
                ),
            ],
            problems: Vec::new(),
        };
        let table = Table::builtin();
        let model = Recommender::train(&set, &labels(), TrainOptions::default(), &table);
        assert_eq!(model.learned().spans, 4);
        assert_eq!(model.learned().held_out_reports, 1);
        let text = ReportText::new("𠮷该镇新建了光伏电站，带动脱贫。");
        let found = model.suggest(&text, &table, Layers::default());
        let measure = found
            .iter()
            .find(|s| s.label == "Measure" && s.source == Source::Model)
            .expect("the model suggests the new measure");
        assert!(measure.text.starts_with("新建了"), "{measure:?}");
        assert_eq!(measure.start, 3, "code points: 𠮷 counts one");
        // Only the model knows Measure here: without it nothing of that label is offered.
        let without = model.suggest(
            &text,
            &table,
            Layers {
                model: false,
                ..Layers::default()
            },
        );
        assert!(
            without
                .iter()
                .all(|s| s.label != "Measure" || s.source == Source::Rule)
        );
    }

    #[test]
    fn layers_merge_into_one_suggestion_a_place_with_the_best_score() {
        let set = TrainingSet {
            docs: vec![doc(
                "a",
                "贫困人口减少了523人。",
                &[("523人", "Figure")],
                true,
            )],
            problems: Vec::new(),
        };
        let table = Table::builtin();
        let model = Recommender::train(&set, &labels(), TrainOptions::default(), &table);
        let text = ReportText::new("贫困人口减少了523人。");
        let found = model.suggest(&text, &table, Layers::default());
        let figures: Vec<&Suggestion> = found.iter().filter(|s| s.label == FIGURE).collect();
        assert_eq!(figures.len(), 1, "{figures:?}");
        // The dictionary saw 523人 tagged at its only occurrence: score 1, above the rule's.
        assert_eq!(figures[0].source, Source::Dictionary);
        assert_eq!(figures[0].score, 1.0);
        assert!(figures[0].value.is_some());
    }

    #[test]
    fn allowed_tags_follow_what_is_known() {
        let mut d = doc(
            "a",
            "新建了养殖合作社\n产业扶贫",
            &[("养殖合作社", "Measure")],
            false,
        );
        d.rejected.push(SpanKey {
            start: 9,
            end: 13,
            label: "Measure".into(),
        });
        let chars: Vec<char> = d.text.as_str().chars().collect();
        let allowed = allowed_tags(&d, &chars, "Measure");
        assert_eq!(
            &allowed[..3],
            &[ANY; 3],
            "untagged text of a report in progress is unknown"
        );
        assert_eq!(allowed[3], only(tagger::B));
        assert_eq!(&allowed[4..7], &[only(tagger::I); 3]);
        assert_eq!(allowed[7], only(tagger::E));
        assert_eq!(
            &allowed[9..13],
            &[only(O); 4],
            "a rejected place is a negative"
        );
        d.complete = true;
        let allowed = allowed_tags(&d, &chars, "Measure");
        assert_eq!(
            &allowed[..3],
            &[only(O); 3],
            "in a finished report it is a negative"
        );
        // Another label knows nothing of these spans.
        assert_eq!(allowed_tags(&d, &chars, "Outcome")[3], only(O));
    }

    #[test]
    fn pieces_end_at_line_breaks_and_keep_code_point_offsets() {
        let text = "𠮷一二\n三四五六七\n八\n九十百千万亿";
        let cut = pieces(text, 6);
        let joined: String = cut.iter().map(|(_, p)| *p).collect();
        assert_eq!(joined, text);
        assert_eq!(cut[0], (0, "𠮷一二\n"));
        for (offset, piece) in &cut {
            assert!(piece.chars().count() <= 6, "{piece:?}");
            let chars: Vec<char> = text.chars().collect();
            let here: String = chars[*offset..*offset + piece.chars().count()]
                .iter()
                .collect();
            assert_eq!(&here, piece, "offsets are code points");
        }
        // A line longer than a piece is cut where it must.
        assert!(cut.iter().any(|(_, p)| *p == "九十百千万亿"));
        assert_eq!(pieces("", 4), []);
    }

    #[test]
    fn suggestions_do_not_depend_on_how_the_text_is_cut() {
        let set = TrainingSet {
            docs: vec![
                doc(
                    "a",
                    "今年全县新建了养殖合作社，效果很好。\n贫困人口减少了523人。",
                    &[("新建了养殖合作社", "Measure")],
                    true,
                ),
                doc(
                    "b",
                    "去年全乡新建了种植合作社，523人受益。",
                    &[("523人", "Figure")],
                    true,
                ),
            ],
            problems: Vec::new(),
        };
        let table = Table::builtin();
        let model = Recommender::train(&set, &labels(), TrainOptions::default(), &table);
        let line = "该镇新建了光伏电站，84人受益。\n";
        let text = ReportText::new(line.repeat(PIECE_CHARS / line.chars().count() + 3));
        assert!(text.len_chars() > PIECE_CHARS);
        let found = model.suggest(&text, &table, Layers::default());
        let per_line = model.suggest(&ReportText::new(line), &table, Layers::default());
        assert!(!per_line.is_empty());
        let lines = text.len_chars() / line.chars().count();
        assert_eq!(
            found.len(),
            per_line.len() * lines,
            "every line, on both sides of a cut"
        );
    }

    #[test]
    fn a_training_with_cached_features_is_the_training_without() {
        let set = TrainingSet {
            docs: vec![
                doc(
                    "a",
                    "今年全县新建了养殖合作社，效果很好。",
                    &[("新建了养殖合作社", "Measure")],
                    true,
                ),
                doc(
                    "b",
                    "去年全乡新建了种植合作社，523人受益。",
                    &[("523人", "Figure")],
                    true,
                ),
            ],
            problems: Vec::new(),
        };
        let table = Table::builtin();
        let cache = FeatureCache::default();
        let fresh = Recommender::train(&set, &labels(), TrainOptions::default(), &table);
        let first =
            Recommender::train_cached(&set, &labels(), TrainOptions::default(), &table, &cache);
        let again =
            Recommender::train_cached(&set, &labels(), TrainOptions::default(), &table, &cache);
        let text = ReportText::new("该镇新建了光伏电站，84人受益。");
        let seen = |m: &Recommender| -> Vec<(usize, usize, String, u32)> {
            m.suggest(&text, &table, Layers::default())
                .into_iter()
                .map(|s| (s.start, s.end, s.label.to_string(), s.score.to_bits()))
                .collect()
        };
        assert!(!seen(&fresh).is_empty());
        assert_eq!(seen(&first), seen(&fresh));
        assert_eq!(seen(&again), seen(&fresh));
        assert_eq!(first.learned(), fresh.learned());
    }

    #[test]
    fn spans_of_reports_in_progress_alone_teach_no_tagger() {
        // Positives with nothing against them: a tagger would learn to tag everything. The dictionary still
        // finds the span again.
        let set = TrainingSet {
            docs: vec![doc(
                "a",
                "县里继续实施雨露计划，帮助学生完成学业。",
                &[("雨露计划", "Measure")],
                false,
            )],
            problems: Vec::new(),
        };
        let table = Table::builtin();
        let model = Recommender::train(&set, &labels(), TrainOptions::default(), &table);
        assert_eq!(model.learned().untaught.len(), 3);
        let found = model.suggest(
            &ReportText::new("乡里也实施雨露计划，学生受益。"),
            &table,
            Layers::default(),
        );
        let measures: Vec<(&str, Source)> = found
            .iter()
            .filter(|s| s.label == "Measure")
            .map(|s| (s.text.as_str(), s.source))
            .collect();
        assert_eq!(measures, [("雨露计划", Source::Dictionary)]);
        // One finished report gives every label its negatives.
        let mut set = set;
        set.docs.push(doc("b", "今年没有新的项目。", &[], true));
        let model = Recommender::train(&set, &labels(), TrainOptions::default(), &table);
        assert!(model.learned().untaught.is_empty());
    }
}
