//! The team's work replayed as it was made: for k = 1..n, train on the first k reports, suggest on report k+1 and
//! compare with what the analysts tagged there. The result is a learning curve (exact F1 per label, and the
//! share of the analysts' spans a suggestion would have given them exactly), beside a plain string matcher's (the
//! texts tagged before, found again as written) so the curve can be read against a baseline.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use super::evaluate::Tally;
use super::recommender::{Layers, Recommender, TrainOptions};
use super::training_data::{TrainingDoc, TrainingSet};
use crate::figures::{Suggestion, Table};
use crate::model::{SmallText, SpanKey};

/// One suggester's result on one report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepScores {
    /// Exact F1 per label; only for a finished report (precision needs every span known).
    pub f1: BTreeMap<String, Option<f64>>,
    /// Micro-averaged exact F1 over the labels (finished reports only).
    pub micro_f1: Option<f64>,
    /// The share of the analysts' spans suggested exactly; `None` when the report has none.
    pub exact_share: Option<f64>,
}

/// One step of the replay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// How many reports the suggesters learned from.
    pub trained_on: usize,
    /// The report suggested on.
    pub report: String,
    /// The analysts' spans in it.
    pub spans: usize,
    /// Whether it was finished (F1 is measured only then).
    pub complete: bool,
    /// The recommender (every layer).
    pub recommender: StepScores,
    /// The string matcher.
    pub baseline: StepScores,
}

/// The whole replay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Simulation {
    /// The labels measured.
    pub labels: Vec<String>,
    /// One step per report after the first.
    pub steps: Vec<Step>,
}

/// The baseline: every text tagged before, with its most frequent label, found again exactly as written
/// (leftmost-longest, no folding, no learning beyond the strings).
struct StringMatcher {
    matcher: Option<AhoCorasick>,
    labels: Vec<SmallText>,
}

impl StringMatcher {
    fn learn(docs: &[&TrainingDoc]) -> StringMatcher {
        let mut counts: HashMap<String, HashMap<SmallText, usize>> = HashMap::new();
        for d in docs {
            for s in &d.spans {
                *counts
                    .entry(d.text.slice(s.start, s.end).to_owned())
                    .or_default()
                    .entry(s.label.clone())
                    .or_default() += 1;
            }
        }
        let mut entries: Vec<(String, SmallText)> = counts
            .into_iter()
            .filter(|(t, _)| !t.is_empty())
            .filter_map(|(t, by_label)| {
                let best = by_label
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
                Some((t, best.0))
            })
            .collect();
        entries.sort();
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(entries.iter().map(|(t, _)| t))
            .ok();
        StringMatcher {
            matcher,
            labels: entries.into_iter().map(|(_, l)| l).collect(),
        }
    }

    fn find(&self, doc: &TrainingDoc) -> Vec<SpanKey> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        let text = doc.text.as_str();
        matcher
            .find_iter(text)
            .map(|m| SpanKey {
                start: doc.text.char_of(m.start()),
                end: doc.text.char_of(m.end()),
                label: self.labels[m.pattern().as_usize()].clone(),
            })
            .collect()
    }
}

fn scores(labels: &[SmallText], targets: &[&TrainingDoc], found: &[Vec<SpanKey>]) -> StepScores {
    let mut share = Tally::new(labels);
    let mut complete = Tally::new(labels);
    for (doc, found) in targets.iter().zip(found) {
        share.add(&doc.spans, found);
        if doc.complete {
            complete.add(&doc.spans, found);
        }
    }
    let share = share.finish();
    let any_complete = targets.iter().any(|d| d.complete);
    let complete = complete.finish();
    StepScores {
        f1: complete
            .labels
            .iter()
            .map(|(l, s)| (l.clone(), s.exact.f1.filter(|_| any_complete)))
            .collect(),
        micro_f1: complete.micro.exact.f1.filter(|_| any_complete),
        exact_share: share.micro.exact.recall,
    }
}

/// Replays the training set's reports in `order` (report names; every file of a report goes together).
/// Suggestions scored below `threshold` are not counted.
pub fn simulate(
    set: &TrainingSet,
    labels: &[SmallText],
    order: &[String],
    table: &Table,
    epochs: usize,
    threshold: f32,
) -> Simulation {
    let of_report =
        |name: &str| -> Vec<&TrainingDoc> { set.docs.iter().filter(|d| d.name == name).collect() };
    let mut steps = Vec::new();
    for k in 1..order.len() {
        let seen: Vec<&TrainingDoc> = order[..k].iter().flat_map(|n| of_report(n)).collect();
        let targets = of_report(&order[k]);
        let training = TrainingSet {
            docs: seen.iter().map(|d| (*d).clone()).collect(),
            problems: Vec::new(),
        };
        let model = Recommender::train(
            &training,
            labels,
            TrainOptions {
                epochs,
                held_out: false,
            },
            table,
        );
        let baseline = StringMatcher::learn(&seen);
        let suggested: Vec<Vec<SpanKey>> = targets
            .iter()
            .map(|d| {
                model
                    .suggest(&d.text, table, Layers::default())
                    .iter()
                    .filter(|s| s.score >= threshold)
                    .map(Suggestion::key)
                    .collect()
            })
            .collect();
        let matched: Vec<Vec<SpanKey>> = targets.iter().map(|d| baseline.find(d)).collect();
        steps.push(Step {
            trained_on: k,
            report: order[k].clone(),
            spans: targets.iter().map(|d| d.spans.len()).sum(),
            complete: targets.iter().any(|d| d.complete),
            recommender: scores(labels, &targets, &suggested),
            baseline: scores(labels, &targets, &matched),
        });
    }
    Simulation {
        labels: labels.iter().map(|l| l.to_string()).collect(),
        steps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommend::training_data::test_doc;

    fn doc(name: &str, text: &str, spans: &[(&str, &str)]) -> TrainingDoc {
        TrainingDoc {
            annotator: "gold".into(),
            ..test_doc(name, text, spans, true)
        }
    }

    #[test]
    fn the_replay_learns_what_the_string_matcher_cannot() {
        let set = TrainingSet {
            docs: vec![
                doc(
                    "1",
                    "今年全县推行产业扶贫，群众满意。",
                    &[("推行产业扶贫", "Programme")],
                ),
                doc(
                    "2",
                    "今年該縣推行產業扶貧，群眾滿意。",
                    &[("推行產業扶貧", "Programme")],
                ),
                doc(
                    "3",
                    "今年全乡推行产业扶贫，群众满意。",
                    &[("推行产业扶贫", "Programme")],
                ),
            ],
            problems: Vec::new(),
        };
        let labels = [SmallText::from("Programme")];
        let order: Vec<String> = ["1", "2", "3"].map(String::from).to_vec();
        let sim = simulate(&set, &labels, &order, &Table::builtin(), 5, 0.4);
        assert_eq!(sim.steps.len(), 2);
        let first = &sim.steps[0];
        assert_eq!(
            (first.trained_on, first.report.as_str(), first.spans),
            (1, "2", 1)
        );
        // Report 2 is in Traditional script: the recommender folds it, the plain string matcher cannot.
        assert_eq!(first.recommender.exact_share, Some(1.0));
        assert_eq!(first.baseline.exact_share, Some(0.0));
        assert_eq!(sim.steps[1].baseline.exact_share, Some(1.0));
        assert_eq!(first.recommender.f1["Programme"], Some(1.0), "{sim:?}");
    }
}
