//! The rules of links between spans: what makes a file's relations sound (each endpoint a span of the file,
//! a type the schema declares and allows between those labels, no link twice), and how a link follows its span
//! when the span is moved or relabelled.
//!
//! A file whose relations break these rules still opens (its spans are sound, and nothing is lost by keeping
//! an odd link); `spantag validate` reports each one, naming the file.

use std::collections::HashSet;

use crate::model::{AnnotationFile, Relation, SpanKey, relation_order};
use crate::schema::Schema;

/// Each thing wrong with the file's relations, one sentence each (the caller names the file).
pub fn problems(file: &AnnotationFile, schema: &Schema) -> Vec<String> {
    let spans: HashSet<SpanKey> = file.spans.iter().map(|s| s.key()).collect();
    let mut seen = HashSet::with_capacity(file.relations.len());
    let mut problems = Vec::new();
    for relation in &file.relations {
        let name = describe(relation);
        for (end, key) in [("from", &relation.from), ("to", &relation.to)] {
            if !spans.contains(key) {
                problems.push(format!(
                    "relation {name}: its `{end}` end is not a span of this file"
                ));
            }
        }
        match schema.relation(&relation.kind) {
            None => problems.push(format!(
                "relation {name}: type {:?} is not in the schema",
                relation.kind
            )),
            Some(def) if !def.allows(&relation.from.label, &relation.to.label) => {
                problems.push(format!(
                    "relation {name}: a {} may not go from a {} span to a {} span (the schema allows {} -> {})",
                    relation.kind,
                    relation.from.label,
                    relation.to.label,
                    def.from.join("|"),
                    def.to.join("|")
                ))
            }
            Some(_) => {}
        }
        if !seen.insert(relation.key()) {
            problems.push(format!("relation {name} appears twice"));
        }
    }
    problems
}

/// A link in words for messages: `Quantifies 11..16 Figure -> 4..16 Outcome`.
pub fn describe(relation: &Relation) -> String {
    format!(
        "{} {}..{} {} -> {}..{} {}",
        relation.kind,
        relation.from.start,
        relation.from.end,
        relation.from.label,
        relation.to.start,
        relation.to.end,
        relation.to.label
    )
}

/// The links that name `span` at either end, in file order.
pub fn touching<'a>(
    relations: &'a [Relation],
    span: &'a SpanKey,
) -> impl Iterator<Item = &'a Relation> + 'a {
    relations.iter().filter(move |r| r.touches(span))
}

/// Makes every link that names `old` name `new` instead (a span moved or relabelled), keeping the list in
/// [`relation_order`]. Returns whether any link changed.
pub fn follow(relations: &mut [Relation], old: &SpanKey, new: &SpanKey) -> bool {
    if old == new {
        return false;
    }
    let mut changed = false;
    for relation in relations.iter_mut() {
        for end in [&mut relation.from, &mut relation.to] {
            if end == old {
                *end = new.clone();
                changed = true;
            }
        }
    }
    if changed {
        relations.sort_by(relation_order);
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocRef, Span};
    use crate::text::ReportText;

    fn sample() -> (ReportText, AnnotationFile) {
        let text = ReportText::new("𠮷野家：贫困发生率降至0.68%。");
        let mut file = AnnotationFile::new(DocRef::of("a.txt", &text), "alice");
        file.spans = vec![
            Span::new(&text, 4, 16, "Outcome"),
            Span::new(&text, 11, 16, "Figure"),
            Span::new(&text, 0, 3, "Measure"),
        ];
        file.normalize();
        (text, file)
    }

    fn key(file: &AnnotationFile, label: &str) -> SpanKey {
        file.spans
            .iter()
            .find(|s| s.label == label)
            .map(|s| s.key())
            .expect("sample span")
    }

    #[test]
    fn sound_links_have_no_problems_and_each_fault_is_named() {
        let (_, mut file) = sample();
        let (figure, outcome, measure) = (
            key(&file, "Figure"),
            key(&file, "Outcome"),
            key(&file, "Measure"),
        );
        file.relations = vec![
            Relation::new(figure.clone(), outcome.clone(), "Quantifies"),
            Relation::new(measure.clone(), outcome.clone(), "Produces"),
        ];
        file.normalize();
        let schema = Schema::default();
        assert!(problems(&file, &schema).is_empty());
        let ghost = SpanKey {
            start: 1,
            end: 2,
            label: "Figure".into(),
        };
        file.relations
            .push(Relation::new(ghost, outcome.clone(), "Quantifies"));
        file.relations
            .push(Relation::new(figure.clone(), outcome.clone(), "Explains"));
        file.relations
            .push(Relation::new(outcome.clone(), figure.clone(), "Quantifies"));
        file.relations
            .push(Relation::new(figure.clone(), outcome.clone(), "Quantifies"));
        let found = problems(&file, &schema);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].contains("`from` end is not a span"), "{found:?}");
        assert!(
            found[1].contains("\"Explains\" is not in the schema"),
            "{found:?}"
        );
        assert!(found[2].contains("may not go from a Outcome"), "{found:?}");
        assert!(found[3].contains("appears twice"), "{found:?}");
    }

    #[test]
    fn links_follow_a_moved_span_and_stay_sorted() {
        let (_, mut file) = sample();
        let (figure, outcome, measure) = (
            key(&file, "Figure"),
            key(&file, "Outcome"),
            key(&file, "Measure"),
        );
        file.relations = vec![
            Relation::new(measure.clone(), outcome.clone(), "Produces"),
            Relation::new(figure.clone(), outcome.clone(), "Quantifies"),
        ];
        file.normalize();
        let moved = SpanKey {
            start: 0,
            end: 2,
            ..figure.clone()
        };
        assert!(follow(&mut file.relations, &figure, &moved));
        assert_eq!(file.relations[0].from, moved, "re-sorted: 0..2 before 0..3");
        assert_eq!(touching(&file.relations, &outcome).count(), 2);
        assert!(
            !follow(&mut file.relations, &figure, &moved),
            "nothing names it now"
        );
    }
}
