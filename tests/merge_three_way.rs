//! The three-way merge by spans (git's rules applied to spans), by hand-made cases and as properties:
//! merging a side with an unchanged other side gives that side; identical changes merge cleanly.

use std::collections::BTreeSet;

use proptest::prelude::*;
use spantag::merge::{MergeError, MergeInput};
use spantag::merge3::{OURS, THEIRS, ThreeWay, merge3};
use spantag::model::{AnnotationFile, ConflictKind, DocRef, Span, SpanKey, Status};
use spantag::schema::Schema;
use spantag::store::to_ron;
use spantag::text::ReportText;

const TEXT: &str = "𠮷县：贫困发生率降至0.68%。\r\n累计投入3.698亿元。";

fn file(text: &ReportText, spans: &[(usize, usize, &str)]) -> AnnotationFile {
    let mut f = AnnotationFile::new(DocRef::of("r.txt", text), "gold");
    f.spans = spans
        .iter()
        .map(|&(s, e, l)| Span::new(text, s, e, l))
        .collect();
    f.normalize();
    f
}

fn input<'a>(name: &'a str, file: &'a AnnotationFile) -> MergeInput<'a> {
    MergeInput { source: name, file }
}

fn run(base: &AnnotationFile, ours: &AnnotationFile, theirs: &AnnotationFile) -> ThreeWay {
    merge3(
        Some(input("base", base)),
        input("ours", ours),
        input("theirs", theirs),
    )
    .unwrap()
}

fn keys(file: &AnnotationFile) -> Vec<(usize, usize, String)> {
    file.spans
        .iter()
        .map(|s| (s.start, s.end, s.label.to_string()))
        .collect()
}

fn k(s: usize, e: usize, l: &str) -> (usize, usize, String) {
    (s, e, l.to_owned())
}

#[test]
fn additions_on_both_sides_are_kept_and_removals_apply() {
    let t = ReportText::new(TEXT);
    let base = file(&t, &[(3, 15, "Outcome"), (0, 2, "Measure")]);
    // Ours adds the figure; theirs removes the measure and adds the amount.
    let ours = file(
        &t,
        &[(3, 15, "Outcome"), (0, 2, "Measure"), (10, 15, "Figure")],
    );
    let mut theirs = file(&t, &[(3, 15, "Outcome"), (22, 29, "Figure")]);
    theirs.status = Status::Done;
    let merged = run(&base, &ours, &theirs);
    assert!(
        merged.new_conflicts.is_empty(),
        "{:#?}",
        merged.new_conflicts
    );
    assert_eq!(
        keys(&merged.file),
        vec![
            k(3, 15, "Outcome"),
            k(10, 15, "Figure"),
            k(22, 29, "Figure")
        ]
    );
    assert_eq!(
        merged.file.status,
        Status::Done,
        "theirs changed the status"
    );
    assert!(merged.file.problems(&t, &Schema::default()).is_empty());
}

#[test]
fn one_sided_changes_are_taken() {
    let t = ReportText::new(TEXT);
    let base = file(&t, &[(10, 15, "Figure"), (22, 29, "Figure")]);
    // Ours moves the first figure's end; theirs relabels the second.
    let ours = file(&t, &[(10, 14, "Figure"), (22, 29, "Figure")]);
    let theirs = file(&t, &[(10, 15, "Figure"), (22, 29, "Measure")]);
    let merged = run(&base, &ours, &theirs);
    assert!(
        merged.new_conflicts.is_empty(),
        "{:#?}",
        merged.new_conflicts
    );
    assert_eq!(
        keys(&merged.file),
        vec![k(10, 14, "Figure"), k(22, 29, "Measure")]
    );
}

#[test]
fn different_changes_to_one_span_are_a_recorded_conflict() {
    let t = ReportText::new(TEXT);
    let base = file(&t, &[(10, 15, "Figure"), (3, 15, "Outcome")]);
    let ours = file(&t, &[(10, 15, "Measure"), (3, 15, "Outcome")]);
    let theirs = file(&t, &[(10, 14, "Figure")]);
    let merged = run(&base, &ours, &theirs);
    // The figure: relabelled by us, moved by them. The outcome: removed by them, unchanged by us: removed.
    assert_eq!(merged.new_conflicts.len(), 1, "{:#?}", merged.new_conflicts);
    let c = &merged.new_conflicts[0];
    assert_eq!(c.kind, ConflictKind::Edit);
    assert_eq!((c.start, c.end), (10, 15));
    assert_eq!(
        c.options[0].span,
        Some(SpanKey {
            start: 10,
            end: 15,
            label: "Measure".into()
        })
    );
    assert_eq!(c.options[0].annotators, vec![OURS]);
    assert_eq!(
        c.options[1].span,
        Some(SpanKey {
            start: 10,
            end: 14,
            label: "Figure".into()
        })
    );
    assert_eq!(c.options[1].annotators, vec![THEIRS]);
    // Both versions stay in the file, which stays valid.
    assert_eq!(
        keys(&merged.file),
        vec![k(10, 15, "Measure"), k(10, 14, "Figure")]
    );
    assert_eq!(merged.file.conflicts, merged.new_conflicts);
    assert!(merged.file.problems(&t, &Schema::default()).is_empty());
}

#[test]
fn changed_on_one_side_and_removed_on_the_other_is_a_conflict() {
    let t = ReportText::new(TEXT);
    let base = file(&t, &[(10, 15, "Figure")]);
    let mut ours = base.clone();
    ours.spans[0].note = Some("核对\t原文\n第二行".into());
    let theirs = file(&t, &[]);
    let merged = run(&base, &ours, &theirs);
    assert_eq!(merged.new_conflicts.len(), 1);
    assert_eq!(merged.new_conflicts[0].options[1].span, None);
    assert_eq!(merged.file.spans, ours.spans, "our changed span is kept");
}

#[test]
fn different_notes_on_both_sides_keep_both() {
    let t = ReportText::new(TEXT);
    let base = file(&t, &[(10, 15, "Figure")]);
    let mut ours = base.clone();
    ours.spans[0].note = Some("ours".into());
    let mut theirs = base.clone();
    theirs.spans[0].note = Some("theirs".into());
    let merged = run(&base, &ours, &theirs);
    assert_eq!(merged.new_conflicts.len(), 1);
    assert_eq!(merged.file.spans.len(), 1);
    assert_eq!(merged.file.spans[0].note.as_deref(), Some("ours\ntheirs"));
}

#[test]
fn conflicting_additions_are_conflicts() {
    let t = ReportText::new(TEXT);
    let base = file(&t, &[]);
    let ours = file(
        &t,
        &[(10, 15, "Figure"), (22, 29, "Figure"), (0, 2, "Measure")],
    );
    let theirs = file(
        &t,
        &[(10, 14, "Figure"), (22, 29, "Measure"), (0, 2, "Measure")],
    );
    let merged = run(&base, &ours, &theirs);
    let kinds: Vec<_> = merged
        .new_conflicts
        .iter()
        .map(|c| (c.kind, c.start, c.end))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (ConflictKind::Boundary, 10, 15),
            (ConflictKind::Label, 22, 29)
        ]
    );
    assert_eq!(merged.file.spans.len(), 5);
}

#[test]
fn a_new_file_on_both_branches_merges_without_a_base() {
    let t = ReportText::new(TEXT);
    let ours = file(&t, &[(3, 15, "Outcome")]);
    let theirs = file(&t, &[(3, 15, "Outcome"), (10, 15, "Figure")]);
    let merged = merge3(None, input("ours", &ours), input("theirs", &theirs)).unwrap();
    assert!(merged.new_conflicts.is_empty());
    assert_eq!(keys(&merged.file), keys(&theirs));
}

#[test]
fn settled_conflicts_stay_settled() {
    let t = ReportText::new(TEXT);
    let mut base = file(&t, &[(10, 15, "Figure"), (10, 14, "Figure")]);
    let first = run(
        &file(&t, &[(10, 15, "Figure")]),
        &file(&t, &[(10, 15, "Measure")]),
        &file(&t, &[(10, 14, "Figure")]),
    );
    base.conflicts = first.file.conflicts.clone();
    // Ours settles the conflict (moves it to `settled`); theirs leaves it: settled.
    let mut ours = base.clone();
    ours.settled = std::mem::take(&mut ours.conflicts);
    let merged = run(&base, &ours, &base);
    assert!(merged.file.conflicts.is_empty());
    assert_eq!(merged.file.settled, ours.settled);
    // Reopened on one branch while the other settles it anew: it ends open, not both.
    let mut reopened = ours.clone();
    reopened.conflicts = std::mem::take(&mut reopened.settled);
    let mut other = ours.clone();
    other.spans.push(Span::new(&t, 22, 29, "Figure"));
    let merged = run(&ours, &reopened, &other);
    assert_eq!(merged.file.conflicts, reopened.conflicts);
    assert!(merged.file.settled.is_empty());
    // Recorded on one branch and decided on the other, from a base that had neither: open only, so that
    // somebody looks at it again (both lists gain it; the open one wins).
    let mut fresh = base.clone();
    fresh.conflicts.clear();
    let merged = run(&fresh, &base, &ours);
    assert_eq!(merged.file.conflicts, base.conflicts);
    assert!(merged.file.settled.is_empty(), "{:#?}", merged.file.settled);
}

#[test]
fn different_texts_are_refused() {
    let t = ReportText::new(TEXT);
    let other = ReportText::new("另一篇");
    let ours = file(&t, &[]);
    let theirs = file(&other, &[]);
    let err = merge3(
        None,
        input("a.ron (ours)", &ours),
        input("a.ron (theirs)", &theirs),
    )
    .unwrap_err();
    assert!(matches!(err, MergeError::DifferentTexts { .. }));
    assert!(err.to_string().contains("a.ron (theirs)"), "{err}");
}

fn spans_strategy() -> impl Strategy<Value = BTreeSet<(usize, usize, usize)>> {
    prop::collection::btree_set((0usize..30, 1usize..8, 0usize..3), 0..8)
}

fn build(t: &ReportText, raw: &BTreeSet<(usize, usize, usize)>) -> AnnotationFile {
    let labels = ["Measure", "Figure", "Outcome"];
    let len = t.len_chars();
    let mut spans: Vec<(usize, usize, &str)> = raw
        .iter()
        .map(|&(s, l, lab)| (s % len, (s % len + l).min(len), labels[lab]))
        .filter(|(s, e, _)| s < e)
        .collect();
    spans.sort();
    spans.dedup();
    file(t, &spans)
}

proptest! {
    #[test]
    fn an_unchanged_side_yields_the_other(base in spans_strategy(), side in spans_strategy()) {
        let t = ReportText::new(TEXT);
        let (base, side) = (build(&t, &base), build(&t, &side));
        let ours_changed = run(&base, &side, &base);
        prop_assert!(ours_changed.new_conflicts.is_empty());
        prop_assert_eq!(to_ron(&ours_changed.file).unwrap(), to_ron(&side).unwrap());
        let theirs_changed = run(&base, &base, &side);
        prop_assert!(theirs_changed.new_conflicts.is_empty());
        prop_assert_eq!(to_ron(&theirs_changed.file).unwrap(), to_ron(&side).unwrap());
    }

    #[test]
    fn identical_sides_merge_cleanly(base in spans_strategy(), side in spans_strategy()) {
        let t = ReportText::new(TEXT);
        let (base, side) = (build(&t, &base), build(&t, &side));
        let merged = run(&base, &side, &side);
        prop_assert!(merged.new_conflicts.is_empty());
        prop_assert_eq!(to_ron(&merged.file).unwrap(), to_ron(&side).unwrap());
    }

    #[test]
    fn the_result_is_always_a_valid_file(base in spans_strategy(), ours in spans_strategy(), theirs in spans_strategy()) {
        let t = ReportText::new(TEXT);
        let merged = run(&build(&t, &base), &build(&t, &ours), &build(&t, &theirs));
        prop_assert!(merged.file.problems(&t, &Schema::default()).is_empty());
        // Spans both sides added are never lost.
        let base_keys = keys(&build(&t, &base));
        for side in [&ours, &theirs] {
            for key in keys(&build(&t, side)) {
                if !base_keys.contains(&key) {
                    prop_assert!(keys(&merged.file).contains(&key), "lost added {:?}", key);
                }
            }
        }
    }
}
