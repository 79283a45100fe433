//! Edits keep links whole: a moved or relabelled span takes its relations along, a deleted span takes them
//! away in the same undo step, and undo restores both; any sequence of edits leaves every link between two
//! spans of the file, and undoing it all gives back the file exactly.

use proptest::prelude::*;

use spantag::edit::{Edit, EditError, Editor};
use spantag::model::{AnnotationFile, DocRef, Relation, SpanKey};
use spantag::schema::Schema;
use spantag::text::ReportText;

const TEXT: &str = "𠮷野家：\r\n建立防返贫监测机制，贫困发生率降至0.68%。";

fn editor() -> Editor {
    let text = ReportText::new(TEXT);
    let file = AnnotationFile::new(DocRef::of("a.txt", &text), "alice");
    Editor::new(text, Schema::default(), file)
}

fn add(ed: &mut Editor, start: usize, end: usize, label: &str) -> SpanKey {
    let span = ed.new_span(start, end, label);
    let key = span.key();
    ed.apply(Edit::Add(span)).expect("span added");
    key
}

fn span(ed: &Editor, key: &SpanKey) -> spantag::model::Span {
    ed.spans()
        .iter()
        .find(|s| s.key() == *key)
        .cloned()
        .expect("the span is in the file")
}

/// The sample: Measure 6..15 (建立防返贫监测机制), Outcome 16..28, Figure 23..28 (0.68%), Quantifies and
/// Produces linking them.
fn linked() -> (Editor, SpanKey, SpanKey, SpanKey) {
    let mut ed = editor();
    let measure = add(&mut ed, 6, 15, "Measure");
    let outcome = add(&mut ed, 16, 28, "Outcome");
    let figure = add(&mut ed, 23, 28, "Figure");
    assert_eq!(span(&ed, &figure).text, "0.68%");
    ed.apply(Edit::Link(Relation::new(
        figure.clone(),
        outcome.clone(),
        "Quantifies",
    )))
    .expect("Figure quantifies Outcome");
    ed.apply(Edit::Link(Relation::new(
        measure.clone(),
        outcome.clone(),
        "Produces",
    )))
    .expect("Measure produces Outcome");
    (ed, measure, outcome, figure)
}

#[test]
fn links_are_checked_against_spans_schema_and_duplicates() {
    let (mut ed, measure, outcome, figure) = linked();
    assert_eq!(ed.file().relations.len(), 2);
    let refused = [
        (
            Relation::new(figure.clone(), outcome.clone(), "Quantifies"),
            "there already",
        ),
        (
            Relation::new(outcome.clone(), figure.clone(), "Quantifies"),
            "may not go",
        ),
        (
            Relation::new(figure.clone(), outcome.clone(), "Causes"),
            "not in the schema",
        ),
        (
            Relation::new(
                SpanKey {
                    start: 0,
                    end: 1,
                    label: "Figure".into(),
                },
                measure.clone(),
                "Quantifies",
            ),
            "no Figure span at 0..1",
        ),
    ];
    for (relation, why) in refused {
        let error = Edit::link(ed.schema(), &relation.from, &relation.to, &relation.kind)
            .and_then(|edit| ed.apply(edit))
            .expect_err("refused")
            .to_string();
        assert!(error.contains(why), "{error}");
    }
    assert_eq!(ed.file().relations.len(), 2, "nothing changed");
    ed.apply(Edit::Link(Relation::new(
        figure.clone(),
        measure.clone(),
        "Quantifies",
    )))
    .expect("a Figure may quantify a Measure too");
    let order: Vec<(usize, &str)> = ed
        .file()
        .relations
        .iter()
        .map(|r| (r.from.start, r.to.label.as_str()))
        .collect();
    assert_eq!(order, [(6, "Outcome"), (23, "Measure"), (23, "Outcome")]);
}

#[test]
fn relabel_and_move_carry_the_links_and_undo_brings_them_back() {
    let (mut ed, _, outcome, figure) = linked();
    let before = ed.file().clone();
    ed.apply(Edit::move_to(ed.text(), &span(&ed, &figure), 23, 27))
        .expect("boundary moved");
    let moved = SpanKey {
        end: 27,
        ..figure.clone()
    };
    assert!(
        ed.file()
            .relations
            .iter()
            .any(|r| r.from == moved && r.to == outcome),
        "{:?}",
        ed.file().relations
    );
    ed.apply(Edit::relabel(&span(&ed, &outcome), "Measure"))
        .expect("relabelled");
    let relabelled = SpanKey {
        label: "Measure".into(),
        ..outcome.clone()
    };
    assert_eq!(
        ed.file()
            .relations
            .iter()
            .filter(|r| r.to == relabelled)
            .count(),
        2,
        "both links follow the relabel"
    );
    ed.undo().expect("undo relabel");
    ed.undo().expect("undo move");
    assert_eq!(*ed.file(), before);
}

#[test]
fn deleting_a_span_deletes_its_links_in_one_step() {
    let (mut ed, measure, outcome, _) = linked();
    let before = ed.file().clone();
    let lone = span(&ed, &outcome);
    assert!(
        matches!(
            ed.apply(Edit::Remove(lone.clone())),
            Err(EditError::Linked { count: 2, .. })
        ),
        "a linked span is not removed alone"
    );
    ed.apply(Edit::delete(ed.file(), &lone))
        .expect("deleted with its links");
    assert!(ed.file().relations.is_empty());
    assert!(ed.spans().iter().all(|s| s.key() != outcome));
    ed.undo().expect("one undo step");
    assert_eq!(*ed.file(), before);
    ed.redo().expect("redo");
    assert!(ed.file().relations.is_empty());
    ed.undo().expect("undo again");
    // Deleting an end of one link takes only that link.
    ed.apply(Edit::delete(ed.file(), &span(&ed, &measure)))
        .expect("deleted");
    assert_eq!(ed.file().relations.len(), 1);
    assert_eq!(ed.file().relations[0].kind, "Quantifies");
}

#[test]
fn a_stray_link_at_the_place_a_span_moves_to_refuses_the_move() {
    let (ed, _, outcome, figure) = linked();
    let mut file = ed.file().clone();
    let place = SpanKey {
        end: 27,
        ..figure.clone()
    };
    // A hand-edited file may name a span that is not there; moving one onto it would mix the links.
    file.relations
        .push(Relation::new(place, outcome.clone(), "Quantifies"));
    file.normalize();
    let mut ed = Editor::new(ed.text().clone(), Schema::default(), file);
    let edit = Edit::move_to(ed.text(), &span(&ed, &figure), 23, 27);
    assert!(matches!(ed.apply(edit), Err(EditError::Linked { .. })));
}

#[derive(Debug, Clone)]
enum Op {
    Add(usize, usize, usize),
    Link(usize, usize, usize),
    Relabel(usize, usize),
    Move(usize, usize, usize),
    Delete(usize),
    Unlink(usize),
    Undo,
}

fn op() -> impl Strategy<Value = Op> {
    let len = ReportText::new(TEXT).len_chars();
    prop_oneof![
        (0..len, 1..6usize, 0..3usize).prop_map(|(s, l, k)| Op::Add(s, l, k)),
        (0..8usize, 0..8usize, 0..2usize).prop_map(|(a, b, k)| Op::Link(a, b, k)),
        (0..8usize, 0..3usize).prop_map(|(a, k)| Op::Relabel(a, k)),
        (0..8usize, 0..len, 1..6usize).prop_map(|(a, s, l)| Op::Move(a, s, l)),
        (0..8usize).prop_map(Op::Delete),
        (0..4usize).prop_map(Op::Unlink),
        Just(Op::Undo),
    ]
}

const LABELS: [&str; 3] = ["Measure", "Figure", "Outcome"];
const TYPES: [&str; 2] = ["Quantifies", "Produces"];

proptest! {
    #[test]
    fn any_edits_keep_links_whole_and_undo_all_restores(ops in prop::collection::vec(op(), 1..40)) {
        let mut ed = editor();
        let start = ed.file().clone();
        let len = ed.text().len_chars();
        for op in ops {
            let spans = ed.spans().to_vec();
            let pick = |i: usize| spans.get(i % spans.len().max(1)).cloned();
            let edit = match op {
                Op::Add(s, l, k) => Some(Edit::Add(ed.new_span(s, (s + l).min(len), LABELS[k]))),
                Op::Link(a, b, k) => match (pick(a), pick(b)) {
                    (Some(a), Some(b)) => Edit::link(ed.schema(), &a.key(), &b.key(), TYPES[k]).ok(),
                    _ => None,
                },
                Op::Relabel(a, k) => pick(a).map(|s| Edit::relabel(&s, LABELS[k])),
                Op::Move(a, s, l) => pick(a).map(|span| Edit::move_to(ed.text(), &span, s, (s + l).min(len))),
                Op::Delete(a) => pick(a).map(|s| Edit::delete(ed.file(), &s)),
                Op::Unlink(i) => ed.file().relations.get(i).cloned().map(Edit::Unlink),
                Op::Undo => { let _ = ed.undo(); None }
            };
            if let Some(edit) = edit {
                // Refused edits (a bad range, a type not allowed) leave the file as it was.
                let before = ed.file().clone();
                if ed.apply(edit).is_err() {
                    prop_assert_eq!(ed.file(), &before);
                }
            }
            let keys: std::collections::HashSet<SpanKey> = ed.spans().iter().map(|s| s.key()).collect();
            for relation in &ed.file().relations {
                prop_assert!(keys.contains(&relation.from) && keys.contains(&relation.to),
                    "dangling link {:?}", relation);
            }
            let mut sorted = ed.file().relations.clone();
            sorted.sort_by(spantag::model::relation_order);
            prop_assert_eq!(&sorted, &ed.file().relations);
        }
        let end = ed.file().clone();
        let mut steps = 0;
        while ed.undo().is_ok() { steps += 1; }
        prop_assert_eq!(ed.file(), &start);
        for _ in 0..steps { prop_assert!(ed.redo().is_ok()); }
        prop_assert_eq!(ed.file(), &end);
    }
}
