//! Every figure of a workspace as a table: each Figure span with its value (the analyst's correction, else the
//! engine's reading of its text) and the span it quantifies: the one its `Quantifies` link points to, else the
//! Outcome or Measure span that holds it. `spantag figures`, the app's
//! Figures window and the exports all read values through here, so a correction counts everywhere alike.

use std::borrow::Cow;

use super::finder::read_value;
use super::suggest::{FIGURE, MEASURE, OUTCOME};
use super::table::Table;
use super::value::FigureValue;
use crate::model::{Relation, Span};
use crate::store::Workspace;

/// A span's value: the analyst's correction when there is one, else the engine's reading of the span's text;
/// `None` for a span that is not a Figure and for a figure whose text holds no readable quantity.
pub fn span_value<'a>(span: &'a Span, table: &Table) -> Option<Cow<'a, FigureValue>> {
    if span.label != FIGURE {
        return None;
    }
    match &span.value {
        Some(corrected) => Some(Cow::Borrowed(corrected)),
        None => read_value(&span.text, table).map(Cow::Owned),
    }
}

/// One figure of the workspace.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    /// The report, relative to the workspace.
    pub document: String,
    /// Whose annotation file the span is in.
    pub annotator: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The span's text.
    pub text: String,
    /// The value ([`span_value`]); `None` when the text holds no readable quantity and nobody corrected it.
    pub value: Option<FigureValue>,
    /// The span the figure quantifies: the one its `Quantifies` link points to (the first, in file order),
    /// else the smallest Outcome or Measure span of the same file that contains it.
    pub container: Option<Span>,
    /// How `container` was found: by the figure's link (`true`) or by nesting (`false`).
    pub linked: bool,
}

/// The relation type that names what a figure quantifies.
pub const QUANTIFIES: &str = "Quantifies";

/// The figures among one file's spans, in file order, each with the span it quantifies (by its link first, by
/// nesting otherwise).
pub fn figures_in(
    document: &str,
    annotator: &str,
    spans: &[Span],
    relations: &[Relation],
    table: &Table,
) -> Vec<FigureRow> {
    spans
        .iter()
        .filter(|s| s.label == FIGURE)
        .map(|span| {
            let key = span.key();
            let by_link = relations
                .iter()
                .filter(|r| r.kind == QUANTIFIES && r.from == key)
                .find_map(|r| spans.iter().find(|s| s.key() == r.to))
                .cloned();
            let linked = by_link.is_some();
            let container = by_link.or_else(|| {
                spans
                    .iter()
                    .filter(|c| c.label == OUTCOME || c.label == MEASURE)
                    .filter(|c| c.start <= span.start && span.end <= c.end)
                    .min_by_key(|c| c.len())
                    .cloned()
            });
            FigureRow {
                document: document.to_owned(),
                annotator: annotator.to_owned(),
                start: span.start,
                end: span.end,
                text: span.text.to_string(),
                value: span_value(span, table).map(Cow::into_owned),
                container,
                linked,
            }
        })
        .collect()
}

/// Every figure of the workspace in the files of the given annotators (document order, then annotator order),
/// with the files that could not be read as `file: problem` lines. Documents are read on all cores.
pub fn collect(
    workspace: &Workspace,
    annotators: &[String],
    table: &Table,
) -> (Vec<FigureRow>, Vec<String>) {
    let per_doc = crate::parallel::map(workspace.documents(), |doc| {
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        let text = match workspace.load_text(doc) {
            Ok(text) => text,
            Err(e) => return (rows, vec![e.to_string()]),
        };
        for annotator in annotators {
            match workspace.load_annotations(annotator, doc, &text) {
                Ok(Some(file)) => rows.extend(figures_in(
                    doc,
                    annotator,
                    &file.spans,
                    &file.relations,
                    table,
                )),
                Ok(None) => {}
                Err(e) => problems.push(e.to_string()),
            }
        }
        (rows, problems)
    });
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (r, p) in per_doc {
        rows.extend(r);
        problems.extend(p);
    }
    (rows, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{Amount, Decimal, Qualifier};
    use crate::model::{AnnotationFile, DocRef};
    use crate::text::ReportText;

    const REPORT: &str = "𠮷家:贫困发生率降至0.68%,受益群众超过2.6万人。";

    fn span(text: &ReportText, needle: &str, label: &str) -> Span {
        let chars: Vec<char> = REPORT.chars().collect();
        let want: Vec<char> = needle.chars().collect();
        let start = chars
            .windows(want.len())
            .position(|w| w == want.as_slice())
            .unwrap();
        Span::new(text, start, start + want.len(), label)
    }

    #[test]
    fn values_are_corrections_else_the_engine_reading() {
        let text = ReportText::new(REPORT.to_owned());
        let table = Table::builtin();
        let read = span(&text, "超过2.6万人", FIGURE);
        let value = span_value(&read, &table).unwrap();
        assert_eq!(value.amount, Amount::Number(Decimal::from_int(26000)));
        assert_eq!(value.qualifier, Qualifier::MoreThan);
        assert!(matches!(value, Cow::Owned(_)));

        let mut corrected = span(&text, "受益群众", FIGURE);
        assert_eq!(span_value(&corrected, &table), None, "not a quantity");
        let fixed = FigureValue {
            amount: Amount::Number(Decimal::ONE),
            unit: "人".into(),
            qualifier: Qualifier::Exact,
        };
        corrected.value = Some(Box::new(fixed.clone()));
        assert_eq!(span_value(&corrected, &table).as_deref(), Some(&fixed));

        let outcome = span(&text, "超过2.6万人", OUTCOME);
        assert_eq!(
            span_value(&outcome, &table),
            None,
            "only figures have values"
        );
    }

    #[test]
    fn rows_name_the_smallest_container() {
        let text = ReportText::new(REPORT.to_owned());
        let table = Table::builtin();
        let spans = vec![
            span(&text, "贫困发生率降至0.68%,受益群众超过2.6万人", MEASURE),
            span(&text, "贫困发生率降至0.68%", OUTCOME),
            span(&text, "0.68%", FIGURE),
            span(&text, "超过2.6万人", FIGURE),
        ];
        let rows = figures_in("r.txt", "alice", &spans, &[], &table);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].start, 10, "code points: 𠮷 counts one");
        assert_eq!(rows[0].container.as_ref().unwrap().label, OUTCOME);
        assert_eq!(rows[1].container.as_ref().unwrap().label, MEASURE);
        assert_eq!(rows[1].value.as_ref().unwrap().unit, "人");
        assert!(!rows[0].linked);
        // A link says what a figure quantifies, whatever holds it: 2.6万人 quantifies the Outcome here.
        let links = [Relation::new(spans[3].key(), spans[1].key(), QUANTIFIES)];
        let rows = figures_in("r.txt", "alice", &spans, &links, &table);
        assert_eq!(rows[1].container.as_ref().unwrap().label, OUTCOME);
        assert!(rows[1].linked);
        assert!(!rows[0].linked, "the other figure still goes by nesting");
    }

    #[test]
    fn collect_reads_only_the_given_annotators() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("r.txt"), REPORT).unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        let text = ws.load_text("r.txt").unwrap();
        for (who, needle) in [("alice", "0.68%"), ("bob", "超过2.6万人")] {
            let mut file = AnnotationFile::new(DocRef::of("r.txt", &text), who);
            file.spans.push(span(&text, needle, FIGURE));
            ws.save_annotations(&file).unwrap();
        }
        let table = Table::builtin();
        let (rows, problems) = collect(&ws, &["bob".to_owned()], &table);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].text, "超过2.6万人");
        let (all, _) = collect(&ws, &ws.annotators(), &table);
        assert_eq!(all.len(), 2);
    }
}
