//! The suggestion entry point: figures with their values, and Outcome and Measure proposals, as spans an analyst
//! accepts or rejects.

use serde::Serialize;

use super::cues::find_cues;
use super::finder::find_figures;
use super::table::Table;
use super::value::FigureValue;
use crate::model::SmallText;

/// The label of figure suggestions.
pub const FIGURE: &str = "Figure";
/// The label of outcome suggestions.
pub const OUTCOME: &str = "Outcome";
/// The label of measure suggestions.
pub const MEASURE: &str = "Measure";

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
