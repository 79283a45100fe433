//! Links between spans through the merges: the n-way merge votes on them with provenance and records who
//! linked and who did not, or linked otherwise; the three-way merge (git's driver) keeps each branch's links,
//! follows a span the other branch moved, and records a link to a span the other branch removed.

use spantag::merge::{MergeInput, MergeOptions, Strategy, merge};
use spantag::merge3::merge3;
use spantag::model::{AnnotationFile, ConflictKind, DocRef, Relation, Span, SpanKey};
use spantag::schema::{RelationDef, Schema};
use spantag::text::ReportText;

/// 𠮷 0, 贫困发生率降至 1..8, 0.68% 8..13, CRLF 14..16, 建立机制 16..20.
fn text() -> ReportText {
    ReportText::new("𠮷贫困发生率降至0.68%。\r\n建立机制")
}

fn file(
    t: &ReportText,
    who: &str,
    spans: &[(usize, usize, &str)],
    links: &[(usize, usize, &str)],
) -> AnnotationFile {
    let mut f = AnnotationFile::new(DocRef::of("r.txt", t), who);
    f.spans = spans
        .iter()
        .map(|&(s, e, l)| Span::new(t, s, e, l))
        .collect();
    f.normalize();
    for &(a, b, kind) in links {
        f.relations
            .push(Relation::new(f.spans[a].key(), f.spans[b].key(), kind));
    }
    f.normalize();
    f
}

fn key(start: usize, end: usize, label: &str) -> SpanKey {
    SpanKey {
        start,
        end,
        label: label.into(),
    }
}

const SPANS: [(usize, usize, &str); 3] =
    [(1, 13, "Outcome"), (8, 13, "Figure"), (16, 20, "Measure")];

#[test]
fn analysts_vote_on_links_and_disagreements_are_recorded() {
    let t = text();
    // Sorted spans: 0 Outcome 1..13, 1 Figure 8..13, 2 Measure 16..20.
    let alice = file(
        &t,
        "alice",
        &SPANS,
        &[(1, 0, "Quantifies"), (2, 0, "Produces")],
    );
    let bob = file(&t, "bob", &SPANS, &[(1, 0, "Quantifies")]);
    let carol = file(&t, "carol", &SPANS[..2], &[(1, 0, "Quantifies")]);
    let files = [alice, bob, carol];
    let union = merge(&MergeInput::by_annotator(&files), &MergeOptions::default()).unwrap();
    let quantifies = &union.relations[0];
    assert_eq!(quantifies.kind, "Quantifies");
    assert_eq!(quantifies.annotators, ["alice", "bob", "carol"]);
    let produces = &union.relations[1];
    assert_eq!(produces.annotators, ["alice"]);
    // Bob made both the Measure and the Outcome and did not link them; carol made no Measure, so she is not
    // counted as leaving the pair unlinked.
    assert_eq!(
        union.relation_conflicts.len(),
        1,
        "{:?}",
        union.relation_conflicts
    );
    let conflict = &union.relation_conflicts[0];
    assert_eq!(conflict.kind, ConflictKind::Missing);
    assert_eq!(conflict.from, key(16, 20, "Measure"));
    let options: Vec<(Option<&str>, Vec<&str>)> = conflict
        .options
        .iter()
        .map(|o| {
            (
                o.kind.as_deref(),
                o.annotators.iter().map(|a| a.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        options,
        [(None, vec!["bob"]), (Some("Produces"), vec!["alice"])]
    );
    let majority = merge(
        &MergeInput::by_annotator(&files),
        &MergeOptions {
            strategy: Strategy::Majority,
            ..MergeOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        majority.relations.len(),
        1,
        "one vote of three is not a majority"
    );
    assert_eq!(
        majority.relation_conflicts, union.relation_conflicts,
        "recorded whatever the strategy"
    );
    // Written and read back as it is.
    let ron = spantag::store::to_ron(&union).unwrap();
    assert!(ron.contains("relation_conflicts"), "{ron}");
    let back: AnnotationFile = ron::from_str(&ron).unwrap();
    assert_eq!(back, union);
}

#[test]
fn the_same_spans_linked_with_different_types_is_a_type_conflict() {
    let t = text();
    let mut schema = Schema::default();
    let mut relations = schema.relations().to_vec();
    relations.push(RelationDef {
        name: "Explains".into(),
        color: "#123456".into(),
        from: vec!["Figure".into()],
        to: vec!["Outcome".into()],
        hotkey: None,
    });
    schema.relations = Some(relations);
    let alice = file(&t, "alice", &SPANS, &[(1, 0, "Quantifies")]);
    let bob = file(&t, "bob", &SPANS, &[(1, 0, "Explains")]);
    let files = [alice, bob];
    let union = merge(&MergeInput::by_annotator(&files), &MergeOptions::default()).unwrap();
    assert_eq!(union.relations.len(), 2, "union keeps both");
    assert!(spantag::relations::problems(&union, &schema).is_empty());
    assert_eq!(union.relation_conflicts.len(), 1);
    assert_eq!(union.relation_conflicts[0].kind, ConflictKind::Label);
    assert_eq!(union.relation_conflicts[0].options.len(), 2);
}

fn three(
    base: &AnnotationFile,
    ours: &AnnotationFile,
    theirs: &AnnotationFile,
) -> spantag::merge3::ThreeWay {
    let input = |f| MergeInput {
        source: "x",
        file: f,
    };
    merge3(Some(input(base)), input(ours), input(theirs)).unwrap()
}

#[test]
fn git_merge_keeps_both_branches_links_and_follows_a_moved_span() {
    let t = text();
    let base = file(&t, "alice", &SPANS, &[]);
    // Ours links the Figure to the Outcome; theirs moves the Figure to 8..12 (0.68) and links the Measure.
    let ours = file(&t, "alice", &SPANS, &[(1, 0, "Quantifies")]);
    let theirs = file(
        &t,
        "alice",
        &[(1, 13, "Outcome"), (8, 12, "Figure"), (16, 20, "Measure")],
        &[(2, 0, "Produces")],
    );
    let merged = three(&base, &ours, &theirs);
    assert!(merged.new_relation_conflicts.is_empty());
    let links: Vec<(SpanKey, &str)> = merged
        .file
        .relations
        .iter()
        .map(|r| (r.from.clone(), r.kind.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            (key(8, 12, "Figure"), "Quantifies"),
            (key(16, 20, "Measure"), "Produces")
        ],
        "our link follows the Figure their branch moved"
    );
    assert!(spantag::relations::problems(&merged.file, &Schema::default()).is_empty());
    // A link removed on one branch and untouched on the other goes.
    let unlinked = file(&t, "alice", &SPANS, &[]);
    let merged = three(&ours, &unlinked, &ours);
    assert!(merged.file.relations.is_empty());
}

#[test]
fn git_merge_records_a_link_to_a_span_the_other_branch_removed() {
    let t = text();
    let base = file(&t, "alice", &SPANS, &[]);
    let ours = file(&t, "alice", &SPANS, &[(1, 0, "Quantifies")]);
    let theirs = file(&t, "alice", &[(1, 13, "Outcome"), (16, 20, "Measure")], &[]);
    let merged = three(&base, &ours, &theirs);
    assert!(merged.file.relations.is_empty());
    assert_eq!(merged.new_relation_conflicts.len(), 1);
    let conflict = &merged.new_relation_conflicts[0];
    assert_eq!(conflict.kind, ConflictKind::Edit);
    assert_eq!(conflict.from, key(8, 13, "Figure"));
    assert_eq!(
        merged.file.relation_conflicts,
        merged.new_relation_conflicts
    );
}

#[test]
fn a_link_conflict_is_decided_in_one_undo_step() {
    use spantag::adjudicate::link_resolution;
    use spantag::edit::Editor;
    let t = text();
    let alice = file(
        &t,
        "alice",
        &SPANS,
        &[(1, 0, "Quantifies"), (2, 0, "Produces")],
    );
    let bob = file(&t, "bob", &SPANS, &[(1, 0, "Quantifies")]);
    let files = [alice, bob];
    let gold = merge(&MergeInput::by_annotator(&files), &MergeOptions::default()).unwrap();
    let conflict = gold.relation_conflicts[0].clone();
    assert_eq!(gold.relations.len(), 2, "union keeps alice's Produces");
    let mut editor = Editor::new(t.clone(), Schema::default(), gold.clone());
    // Bob's version: no link.
    let none = conflict
        .options
        .iter()
        .position(|o| o.kind.is_none())
        .unwrap();
    editor
        .apply(link_resolution(editor.file(), &conflict, Some(none)).unwrap())
        .unwrap();
    assert_eq!(editor.file().relations.len(), 1);
    assert!(editor.file().relation_conflicts.is_empty());
    assert_eq!(
        editor.file().settled_relation_conflicts,
        std::slice::from_ref(&conflict)
    );
    editor.undo().unwrap();
    assert_eq!(editor.file(), &{
        let mut g = gold.clone();
        g.normalize();
        g
    });
    // A choice that is not there is refused, naming the options.
    assert!(link_resolution(editor.file(), &conflict, Some(9)).is_err());
}

#[test]
fn git_merge_takes_the_branch_that_changed_a_links_note() {
    let t = text();
    let base = file(&t, "alice", &SPANS, &[(1, 0, "Quantifies")]);
    let mut ours = base.clone();
    ours.relations[0].note = Some("见表2".into());
    let merged = three(&base, &ours, &base);
    assert_eq!(merged.file.relations[0].note.as_deref(), Some("见表2"));
    let merged = three(&base, &base, &ours);
    assert_eq!(merged.file.relations[0].note.as_deref(), Some("见表2"));
    // Both changed it: both notes kept.
    let mut theirs = base.clone();
    theirs.relations[0].note = Some("另见表3".into());
    let merged = three(&base, &ours, &theirs);
    let note = merged.file.relations[0].note.clone().unwrap();
    assert!(note.contains("见表2") && note.contains("另见表3"), "{note}");
}
