//! Clause-level rules that propose Outcomes and Measures from cue words: a clause with a verb of change or
//! achievement and a figure is an Outcome (贫困发生率降至0.68%); a verb of doing starts a Measure that runs to
//! the end of its clause (建立防返贫监测预警机制). Suggestions only: precision is lower than for figures.

use super::finder::FoundFigure;
use super::table::Table;

/// A proposed Outcome or Measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueSpan {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// `true` for an Outcome, `false` for a Measure.
    pub outcome: bool,
}

/// Characters that end a clause.
fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '。' | '；' | ';' | '！' | '!' | '？' | '?' | '：' | ':' | '\n' | '\r' | '…'
    )
}

/// Characters trimmed from a clause's edges: spaces and punctuation that open or close a sentence.
fn is_edge_noise(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '、' | '（' | '(' | '）' | ')' | '—' | '-' | '·' | '\u{3000}'
        )
}

/// Shortest Measure worth proposing, in code points (shorter ones are verbs with no object).
const MIN_MEASURE: usize = 5;

/// Proposes Outcomes and Measures for a text given as code points, using the figures already found in it.
pub fn find_cues(chars: &[char], figures: &[FoundFigure], table: &Table) -> Vec<CueSpan> {
    let mut spans = Vec::new();
    let mut figure_index = 0;
    let mut start = 0;
    while start < chars.len() {
        let mut end = start;
        while end < chars.len() && !ends_clause(chars[end]) {
            end += 1;
        }
        // Figures whose start lies in this clause.
        while figure_index < figures.len() && figures[figure_index].start < start {
            figure_index += 1;
        }
        let has_figure = figures
            .get(figure_index)
            .is_some_and(|f| f.start < end && f.end <= end);
        if let Some(span) = clause_span(chars, start, end, has_figure, table) {
            spans.push(span);
        }
        start = end + 1;
    }
    spans
}

fn clause_span(
    chars: &[char],
    mut start: usize,
    mut end: usize,
    has_figure: bool,
    table: &Table,
) -> Option<CueSpan> {
    while start < end && is_edge_noise(chars[start]) {
        start += 1;
    }
    while end > start && is_edge_noise(chars[end - 1]) {
        end -= 1;
    }
    // Leading connectives belong to no span (同时, 此外, 目前).
    while let Some((len, _)) = table.connectives.longest_at(&chars[..end], start) {
        start += len;
    }
    if end <= start {
        return None;
    }
    let cue_at = |set: &super::table::WordSet<()>| {
        (start..end).find(|&k| set.longest_at(&chars[..end], k).is_some())
    };
    if has_figure && cue_at(&table.outcome_cues).is_some() {
        return Some(CueSpan {
            start,
            end,
            outcome: true,
        });
    }
    let cue = cue_at(&table.measure_cues)?;
    (end - cue >= MIN_MEASURE).then_some(CueSpan {
        start: cue,
        end,
        outcome: false,
    })
}
