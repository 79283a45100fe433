//! Suggested links between the spans an analyst has tagged, offered like span suggestions and never added
//! silently: a Figure inside an Outcome or Measure suggests `Quantifies` to the smallest one holding it (unless
//! the figure is linked as quantifying something already); a Measure and an Outcome in one sentence suggest
//! `Produces`. Links the file has, or the analyst turned down in this report (`rejected_relations`), are not
//! offered; nor is a type the schema does not allow between the two labels. Accepting is an [`Edit::Link`]
//! (all of them: one batch, one undo step); rejecting an [`Edit::RejectLink`].

use std::collections::HashSet;

use crate::edit::Edit;
use crate::figures::{FIGURE, MEASURE, OUTCOME};
use crate::model::{AnnotationFile, Relation, Span, SpanKey, relation_order};
use crate::schema::Schema;
use crate::text::ReportText;

/// The relation type a nested figure suggests.
pub const QUANTIFIES: &str = "Quantifies";
/// The relation type a Measure and an Outcome in one sentence suggest.
pub const PRODUCES: &str = "Produces";

/// Characters that end a sentence (a line break too: a heading or list item is a sentence of its own).
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n')
}

/// The links suggested for the file's spans, in [`relation_order`].
pub fn suggest(text: &ReportText, file: &AnnotationFile, schema: &Schema) -> Vec<Relation> {
    let known: HashSet<(&SpanKey, &SpanKey, &str)> = file
        .relations
        .iter()
        .chain(&file.rejected_relations)
        .map(Relation::key)
        .collect();
    let quantified: HashSet<&SpanKey> = file
        .relations
        .iter()
        .filter(|r| r.kind == QUANTIFIES)
        .map(|r| &r.from)
        .collect();
    let allowed = |kind: &str, from: &str, to: &str| {
        schema
            .relation(kind)
            .is_some_and(|def| def.allows(from, to))
    };
    let mut out = Vec::new();
    let mut offer = |relation: Relation| {
        if !known.contains(&relation.key()) {
            out.push(relation);
        }
    };
    // Nesting: containers still open at each span (spans come by start, longer first).
    let mut open: Vec<&Span> = Vec::new();
    for span in &file.spans {
        open.retain(|c| c.end > span.start);
        if span.label == FIGURE && !quantified.contains(&span.key()) {
            let holder = open
                .iter()
                .filter(|c| c.start <= span.start && span.end <= c.end)
                .filter(|c| allowed(QUANTIFIES, FIGURE, &c.label))
                .min_by_key(|c| c.len());
            if let Some(holder) = holder {
                offer(Relation::new(span.key(), holder.key(), QUANTIFIES));
            }
        }
        if span.label == OUTCOME || span.label == MEASURE {
            open.push(span);
        }
    }
    // Sentences: a Measure and an Outcome that start and end in the same one.
    if allowed(PRODUCES, MEASURE, OUTCOME) {
        let ends: Vec<usize> = text
            .as_str()
            .chars()
            .enumerate()
            .filter(|(_, c)| ends_sentence(*c))
            .map(|(i, _)| i)
            .collect();
        let sentence = |at: usize| ends.partition_point(|&e| e < at);
        let within = |s: &Span| {
            let n = sentence(s.start);
            (n == sentence(s.end.saturating_sub(1))).then_some(n)
        };
        let mut measures: Vec<(usize, &Span)> = Vec::new();
        let mut outcomes: Vec<(usize, &Span)> = Vec::new();
        for span in &file.spans {
            let list = match span.label.as_str() {
                MEASURE => &mut measures,
                OUTCOME => &mut outcomes,
                _ => continue,
            };
            if let Some(n) = within(span) {
                list.push((n, span));
            }
        }
        for &(n, measure) in &measures {
            let from = outcomes.partition_point(|(m, _)| *m < n);
            for &(_, outcome) in outcomes[from..].iter().take_while(|(m, _)| *m == n) {
                if !measure.overlaps(outcome) {
                    offer(Relation::new(measure.key(), outcome.key(), PRODUCES));
                }
            }
        }
    }
    out.sort_by(relation_order);
    out.dedup();
    out
}

/// The edit accepting one suggested link.
pub fn accept(relation: &Relation) -> Edit {
    Edit::Link(relation.clone())
}

/// One edit (one undo step) accepting every suggested link.
pub fn accept_all(suggested: &[Relation]) -> Edit {
    Edit::Batch(suggested.iter().map(accept).collect())
}

/// The edit turning a suggested link down in this report.
pub fn reject(relation: &Relation) -> Edit {
    Edit::RejectLink(relation.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Editor;
    use crate::model::DocRef;

    /// Measure 0..8, Outcome 9..21 with Figure 16..21 in it; a second sentence with an Outcome only.
    const REPORT: &str = "建立防返贫监测机制，贫困发生率降至0.68%。\n𠮷村脱贫人口达523人。";

    fn editor() -> Editor {
        let text = ReportText::new(REPORT);
        let mut file = AnnotationFile::new(DocRef::of("r.txt", &text), "alice");
        let at = |needle: &str, label: &str| {
            let byte = REPORT.find(needle).expect("in the report");
            let start = REPORT[..byte].chars().count();
            Span::new(&text, start, start + needle.chars().count(), label)
        };
        file.spans = vec![
            at("建立防返贫监测机制", MEASURE),
            at("贫困发生率降至0.68%", OUTCOME),
            at("0.68%", FIGURE),
            at("脱贫人口达523人", OUTCOME),
            at("523人", FIGURE),
        ];
        file.normalize();
        Editor::new(text, Schema::default(), file)
    }

    #[test]
    fn nested_figures_and_sentence_pairs_are_suggested_once() {
        let mut ed = editor();
        let suggested = suggest(ed.text(), ed.file(), ed.schema());
        let kinds: Vec<(&str, &str, &str)> = suggested
            .iter()
            .map(|r| (r.from.label.as_str(), r.kind.as_str(), r.to.label.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (MEASURE, PRODUCES, OUTCOME),
                (FIGURE, QUANTIFIES, OUTCOME),
                (FIGURE, QUANTIFIES, OUTCOME)
            ],
            "{suggested:?}"
        );
        // The Measure is in the first sentence only: no Produces to the second one's Outcome.
        assert_eq!(suggested[0].to.start, 10);
        // Reject one, accept the rest in one step: nothing is offered any more, and one undo brings all back.
        ed.apply(reject(&suggested[0])).unwrap();
        let rest = suggest(ed.text(), ed.file(), ed.schema());
        assert_eq!(rest.len(), 2);
        ed.apply(accept_all(&rest)).unwrap();
        assert_eq!(ed.file().relations.len(), 2);
        assert!(suggest(ed.text(), ed.file(), ed.schema()).is_empty());
        ed.undo().unwrap();
        assert!(ed.file().relations.is_empty());
        assert_eq!(suggest(ed.text(), ed.file(), ed.schema()).len(), 2);
        ed.undo().unwrap();
        assert_eq!(suggest(ed.text(), ed.file(), ed.schema()).len(), 3);
    }

    #[test]
    fn a_figure_linked_already_is_not_suggested_again() {
        let mut ed = editor();
        let figure = ed.file().spans[2].key();
        let measure = ed.file().spans[0].key();
        assert_eq!(figure.label, FIGURE);
        // The analyst says this figure quantifies the Measure: no other Quantifies is offered for it.
        ed.apply(Edit::link(ed.schema(), &figure, &measure, QUANTIFIES).unwrap())
            .unwrap();
        let suggested = suggest(ed.text(), ed.file(), ed.schema());
        assert!(suggested.iter().all(|r| r.from != figure), "{suggested:?}");
        assert_eq!(suggested.len(), 2);
    }
}
