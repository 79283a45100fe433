//! The suggestion entry point: figures with their values, and Outcome and Measure proposals, as spans an analyst
//! accepts or rejects.

use serde::Serialize;

use super::cues::find_cues;
use super::finder::find_figures;
use super::table::Table;
use super::value::FigureValue;
use crate::model::{SmallText, SpanKey};

/// The label of figure suggestions.
pub const FIGURE: &str = "Figure";
/// The label of outcome suggestions.
pub const OUTCOME: &str = "Outcome";
/// The label of measure suggestions.
pub const MEASURE: &str = "Measure";

/// Which layer of the recommender proposed a suggestion: shown in the app and printed by `suggest --json`, so an
/// analyst can tell a rule's figure from a span the team's own tagging taught.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The figure engine and its cue rules.
    Rule,
    /// A text the team tagged before, found again.
    Dictionary,
    /// The character tagger trained on the team's spans.
    Model,
}

impl Source {
    /// The name shown and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Rule => "rule",
            Source::Dictionary => "dictionary",
            Source::Model => "model",
        }
    }
}

/// A span the engine proposes; never an annotation until the analyst accepts it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The proposed label (`Figure`, `Outcome`, `Measure`).
    pub label: SmallText,
    /// The span's text.
    pub text: String,
    /// How sure the engine is, 0..1 (figures from Arabic digits with a unit are surest; cue rules least).
    pub score: f32,
    /// A figure's parsed value; `None` for other labels and for a figure whose number cannot be computed.
    pub value: Option<FigureValue>,
    /// The layer that proposed it (the best-scored one when several did).
    pub source: Source,
}

impl Suggestion {
    /// Its extent and label: what a rejection records, an accepted span is found by, and an evaluation compares.
    pub fn key(&self) -> SpanKey {
        SpanKey {
            start: self.start,
            end: self.end,
            label: self.label.clone(),
        }
    }
}

/// Suggests spans of the given labels (`Figure`, `Outcome`, `Measure`; others are ignored) in a report text,
/// sorted by start, longer first. Offsets are code points.
pub fn suggest(text: &str, table: &Table, labels: &[&str]) -> Vec<Suggestion> {
    let chars: Vec<char> = text.chars().collect();
    let want = |label: &str| labels.contains(&label);
    let figures = find_figures(&chars, table);
    let slice = |start: usize, end: usize| chars[start..end].iter().collect::<String>();
    let mut out = Vec::new();
    if want(FIGURE) {
        out.extend(figures.iter().map(|f| Suggestion {
            start: f.start,
            end: f.end,
            label: FIGURE.into(),
            text: slice(f.start, f.end),
            score: f.score,
            value: f.value.clone(),
            source: Source::Rule,
        }));
    }
    if want(OUTCOME) || want(MEASURE) {
        for cue in find_cues(&chars, &figures, table) {
            let label = if cue.outcome { OUTCOME } else { MEASURE };
            if want(label) {
                out.push(Suggestion {
                    start: cue.start,
                    end: cue.end,
                    label: label.into(),
                    text: slice(cue.start, cue.end),
                    score: if cue.outcome { 0.5 } else { 0.4 },
                    value: None,
                    source: Source::Rule,
                });
            }
        }
    }
    out.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then_with(|| a.label.cmp(&b.label))
    });
    out
}
