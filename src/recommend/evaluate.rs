//! How good suggestions are against what analysts tagged: precision, recall and F1 per label and micro-averaged,
//! exact (same extent) and lenient (extents paired by the same optimal overlap matching as lenient agreement,
//! [`crate::matching`]), with the counts behind them. Used by `spantag evaluate`, `spantag simulate` and the
//! held-out figures the app shows.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::agree::f1;
use crate::matching::{Extent, match_extents};
use crate::model::{SmallText, SpanKey};

/// Precision, recall and F1; `None` where the ratio has nothing to count (no suggestion, no gold span).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Matched suggestions over suggestions.
    pub precision: Option<f64>,
    /// Matched gold spans over gold spans.
    pub recall: Option<f64>,
    /// The harmonic mean of the two.
    pub f1: Option<f64>,
    /// How many pairs matched.
    pub matches: usize,
}

impl Prf {
    fn of(matches: usize, gold: usize, suggested: usize) -> Prf {
        let ratio = |n: usize| (n > 0).then(|| matches as f64 / n as f64);
        Prf {
            precision: ratio(suggested),
            recall: ratio(gold),
            f1: f1(matches, gold, suggested),
            matches,
        }
    }
}

/// One label's (or all labels') scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    /// Same start and end.
    pub exact: Prf,
    /// Overlapping, paired one to one.
    pub lenient: Prf,
    /// Spans the analysts tagged.
    pub gold: usize,
    /// Spans suggested.
    pub suggested: usize,
}

/// Scores per label and micro-averaged over all labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Per label, by name.
    pub labels: BTreeMap<String, Scores>,
    /// Over every label's spans at once.
    pub micro: Scores,
    /// How many documents were compared.
    pub documents: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    gold: usize,
    suggested: usize,
    exact: usize,
    lenient: usize,
}

impl Counts {
    fn scores(&self) -> Scores {
        Scores {
            exact: Prf::of(self.exact, self.gold, self.suggested),
            lenient: Prf::of(self.lenient, self.gold, self.suggested),
            gold: self.gold,
            suggested: self.suggested,
        }
    }
}

/// Counts matches document by document; [`Tally::finish`] gives the scores.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    labels: BTreeMap<SmallText, Counts>,
    documents: usize,
}

impl Tally {
    /// A tally that reports every one of `labels`, even those with no span anywhere.
    pub fn new(labels: &[SmallText]) -> Tally {
        Tally {
            labels: labels
                .iter()
                .map(|l| (l.clone(), Counts::default()))
                .collect(),
            documents: 0,
        }
    }

    /// Adds one document: what the analysts tagged and what was suggested. Labels outside the tally's are
    /// ignored.
    pub fn add(&mut self, gold: &[SpanKey], suggested: &[SpanKey]) {
        self.documents += 1;
        for (label, counts) in &mut self.labels {
            let extents = |keys: &[SpanKey]| -> Vec<Extent> {
                let mut e: Vec<Extent> = keys
                    .iter()
                    .filter(|k| k.label == *label)
                    .map(|k| (k.start, k.end))
                    .collect();
                e.sort_unstable();
                e.dedup();
                e
            };
            let (g, s) = (extents(gold), extents(suggested));
            let matching = match_extents(&g, &s);
            counts.gold += g.len();
            counts.suggested += s.len();
            counts.exact += matching.exact.len();
            counts.lenient += matching.len();
        }
    }

    /// The scores so far.
    pub fn finish(&self) -> Evaluation {
        let mut total = Counts::default();
        for c in self.labels.values() {
            total.gold += c.gold;
            total.suggested += c.suggested;
            total.exact += c.exact;
            total.lenient += c.lenient;
        }
        Evaluation {
            labels: self
                .labels
                .iter()
                .map(|(l, c)| (l.to_string(), c.scores()))
                .collect(),
            micro: total.scores(),
            documents: self.documents,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(start: usize, end: usize, label: &str) -> SpanKey {
        SpanKey {
            start,
            end,
            label: label.into(),
        }
    }

    #[test]
    fn exact_and_lenient_scores_per_label_and_micro() {
        let labels = [SmallText::from("Figure"), SmallText::from("Outcome")];
        let mut tally = Tally::new(&labels);
        let gold = [
            key(0, 4, "Figure"),
            key(10, 14, "Figure"),
            key(0, 20, "Outcome"),
        ];
        // One figure exact, one overlapping; a wrong outcome extent overlapping the gold one; a stray figure.
        let suggested = [
            key(0, 4, "Figure"),
            key(11, 14, "Figure"),
            key(30, 33, "Figure"),
            key(2, 20, "Outcome"),
            key(0, 4, "Other"),
        ];
        tally.add(&gold, &suggested);
        let e = tally.finish();
        let fig = &e.labels["Figure"];
        assert_eq!((fig.gold, fig.suggested), (2, 3));
        assert_eq!(fig.exact.matches, 1);
        assert_eq!(fig.lenient.matches, 2);
        assert_eq!(fig.exact.precision, Some(1.0 / 3.0));
        assert_eq!(fig.exact.recall, Some(0.5));
        assert_eq!(fig.lenient.f1, Some(0.8));
        let out = &e.labels["Outcome"];
        assert_eq!((out.exact.matches, out.lenient.matches), (0, 1));
        assert_eq!(e.micro.gold, 3);
        assert_eq!(e.micro.suggested, 4);
        assert_eq!(e.micro.exact.matches, 1);
        assert_eq!(e.micro.lenient.matches, 3);
        // Nothing suggested: precision is not a number, recall is zero.
        let mut empty = Tally::new(&labels);
        empty.add(&gold, &[]);
        let e = empty.finish();
        assert_eq!(e.micro.exact.precision, None);
        assert_eq!(e.micro.exact.recall, Some(0.0));
        let json = serde_json::to_value(&e).unwrap();
        assert!(json["labels"]["Figure"]["exact"]["f1"].is_number());
        assert!(json["micro"]["lenient"]["precision"].is_null());
    }
}
