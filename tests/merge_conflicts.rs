//! Merging by hand-made cases: provenance, the three strategies, each kind of conflict, errors that name the
//! files, and the adjudication view (support classes, conflict navigation, choices as edits).

use spantag::adjudicate::{Choice, MultiAnnotatorView, Support, options_present};
use spantag::edit::{Edit, Editor};
use spantag::merge::{MergeError, MergeInput, MergeOptions, Strategy, analyze, merge};
use spantag::model::{AnnotationFile, ConflictKind, DocRef, Span, SpanKey};
use spantag::schema::Schema;
use spantag::text::ReportText;

/// 𠮷 before the spans, CRLF between the sentences: offsets are code points.
const TEXT: &str = "𠮷县：贫困发生率降至0.68%。\r\n累计投入3.698亿元。";

fn text() -> ReportText {
    ReportText::new(TEXT)
}

fn file(text: &ReportText, who: &str, spans: &[(usize, usize, &str)]) -> AnnotationFile {
    let mut f = AnnotationFile::new(DocRef::of("r.txt", text), who);
    f.spans = spans
        .iter()
        .map(|&(s, e, l)| Span::new(text, s, e, l))
        .collect();
    f.normalize();
    f
}

fn inputs(files: &[AnnotationFile]) -> Vec<MergeInput<'_>> {
    MergeInput::by_annotator(files)
}

fn key(s: usize, e: usize, l: &str) -> SpanKey {
    SpanKey {
        start: s,
        end: e,
        label: l.into(),
    }
}

/// Three annotators: the outcome (3..15) by all; the figure 0.68% (10..15) by alice and bob, carol took
/// "0.68" (10..14); 3.698亿元 (22..29) by alice as Figure, by bob as Measure; carol alone tagged 𠮷县 (0..2).
fn team() -> Vec<AnnotationFile> {
    let t = text();
    assert_eq!(t.slice(3, 15), "贫困发生率降至0.68%");
    assert_eq!(t.slice(22, 29), "3.698亿元");
    vec![
        file(
            &t,
            "alice",
            &[(3, 15, "Outcome"), (10, 15, "Figure"), (22, 29, "Figure")],
        ),
        file(
            &t,
            "bob",
            &[(3, 15, "Outcome"), (10, 15, "Figure"), (22, 29, "Measure")],
        ),
        file(
            &t,
            "carol",
            &[(3, 15, "Outcome"), (10, 14, "Figure"), (0, 2, "Measure")],
        ),
    ]
}

#[test]
fn identical_spans_become_one_with_provenance() {
    let files = team();
    let merged = merge(&inputs(&files), &MergeOptions::default()).unwrap();
    let outcome = merged.spans.iter().find(|s| s.label == "Outcome").unwrap();
    assert_eq!(outcome.annotators, vec!["alice", "bob", "carol"]);
    assert_eq!(outcome.text, "贫困发生率降至0.68%");
    assert_eq!(merged.spans.len(), 6, "{:#?}", merged.spans);
    assert!(merged.problems(&text(), &Schema::default()).is_empty());
}

#[test]
fn strategies_keep_what_they_say() {
    let files = team();
    let kept = |strategy, min_votes| {
        let options = MergeOptions {
            strategy,
            min_votes,
            ..MergeOptions::default()
        };
        let merged = merge(&inputs(&files), &options).unwrap();
        // Conflicts are recorded whatever the strategy.
        assert_eq!(merged.conflicts.len(), 3, "{:#?}", merged.conflicts);
        merged.spans.iter().map(|s| s.key()).collect::<Vec<_>>()
    };
    assert_eq!(kept(Strategy::Unanimous, None), vec![key(3, 15, "Outcome")]);
    assert_eq!(
        kept(Strategy::Majority, None),
        vec![key(3, 15, "Outcome"), key(10, 15, "Figure")]
    );
    assert_eq!(
        kept(Strategy::Majority, Some(3)),
        kept(Strategy::Unanimous, None)
    );
    assert_eq!(
        kept(Strategy::Majority, Some(1)),
        kept(Strategy::Union, None)
    );
    assert_eq!(kept(Strategy::Union, None).len(), 6);
}

#[test]
fn each_kind_of_conflict_is_recorded() {
    let files = team();
    let merged = merge(&inputs(&files), &MergeOptions::default()).unwrap();
    let of = |kind| {
        merged
            .conflicts
            .iter()
            .filter(|c| c.kind == kind)
            .collect::<Vec<_>>()
    };
    let missing = of(ConflictKind::Missing);
    assert_eq!(missing.len(), 1);
    assert_eq!((missing[0].start, missing[0].end), (0, 2));
    assert_eq!(missing[0].options[0].span, Some(key(0, 2, "Measure")));
    assert_eq!(missing[0].options[0].annotators, vec!["carol"]);
    assert_eq!(missing[0].options[1].span, None);
    assert_eq!(missing[0].options[1].annotators, vec!["alice", "bob"]);

    let boundary = of(ConflictKind::Boundary);
    assert_eq!(boundary.len(), 1);
    assert_eq!((boundary[0].start, boundary[0].end), (10, 15));
    let options: Vec<_> = boundary[0]
        .options
        .iter()
        .map(|o| (o.span.clone(), o.annotators.clone()))
        .collect();
    assert_eq!(
        options,
        vec![
            (
                Some(key(10, 15, "Figure")),
                vec!["alice".into(), "bob".into()]
            ),
            (Some(key(10, 14, "Figure")), vec!["carol".into()]),
        ]
    );

    let label = of(ConflictKind::Label);
    assert_eq!(label.len(), 1);
    assert_eq!((label[0].start, label[0].end), (22, 29));
    let options: Vec<_> = label[0]
        .options
        .iter()
        .map(|o| (o.span.clone(), o.annotators.clone()))
        .collect();
    assert_eq!(
        options,
        vec![
            (Some(key(22, 29, "Figure")), vec!["alice".into()]),
            (Some(key(22, 29, "Measure")), vec!["bob".into()]),
            (None, vec!["carol".into()]),
        ]
    );
    // The conflicts are listed in text order.
    let starts: Vec<usize> = merged.conflicts.iter().map(|c| c.start).collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    assert_eq!(starts, sorted);
}

/// An analyst's file that went through a three-way git merge holds conflicts between branches (`ours`,
/// `theirs`), open or settled: the analyst still votes as one annotator, and the branches never vote.
#[test]
fn branch_conflicts_in_an_analysts_file_do_not_make_voters() {
    use spantag::model::{Conflict, ConflictOption};
    let t = text();
    let mut files = team();
    let branch_conflict = |start, end| Conflict {
        kind: ConflictKind::Edit,
        origin: spantag::model::ConflictOrigin::Branches,
        start,
        end,
        options: vec![
            ConflictOption {
                span: Some(key(start, end, "Figure")),
                annotators: vec!["ours".into()],
            },
            ConflictOption {
                span: Some(key(start, end, "Measure")),
                annotators: vec!["theirs".into()],
            },
        ],
    };
    // alice decided one branch conflict and left one open; carol decided one.
    files[0].settled = vec![branch_conflict(22, 29)];
    files[0].conflicts = vec![branch_conflict(0, 2)];
    files[2].settled = vec![branch_conflict(0, 2)];
    for f in &mut files {
        f.normalize();
    }
    let analysis = analyze(&inputs(&files), "gold").unwrap();
    assert_eq!(analysis.annotators, vec!["alice", "bob", "carol"]);
    // Votes are unchanged: a majority is still two of three.
    let options = MergeOptions {
        strategy: Strategy::Majority,
        ..MergeOptions::default()
    };
    let with_branches = merge(&inputs(&files), &options).unwrap();
    let without = merge(&inputs(&team()), &options).unwrap();
    assert_eq!(with_branches.spans, without.spans);
    assert!(with_branches.problems(&t, &Schema::default()).is_empty());

    // A gold file that went through a conflicted git merge: merging it again with the analysts' files still
    // counts three voters.
    let mut gold = merge(&inputs(&team()), &MergeOptions::default()).unwrap();
    gold.conflicts.push(branch_conflict(3, 15));
    gold.settled.push(branch_conflict(22, 29));
    gold.normalize();
    let mut all = team();
    all.push(gold);
    let analysis = analyze(&inputs(&all), "gold").unwrap();
    assert_eq!(analysis.annotators, vec!["alice", "bob", "carol"]);

    // A real conflicted git merge of alice's file: both branches added a figure with different boundaries, a
    // Boundary conflict between `ours` and `theirs`. Alice still votes as one analyst, and the branches do not.
    let base = file(&t, "alice", &[(3, 15, "Outcome"), (22, 29, "Figure")]);
    let ours = file(
        &t,
        "alice",
        &[(3, 15, "Outcome"), (10, 15, "Figure"), (22, 29, "Figure")],
    );
    let theirs = file(
        &t,
        "alice",
        &[(3, 15, "Outcome"), (10, 14, "Figure"), (22, 29, "Figure")],
    );
    let git = spantag::merge3::merge3(
        Some(MergeInput {
            source: "base",
            file: &base,
        }),
        MergeInput {
            source: "ours",
            file: &ours,
        },
        MergeInput {
            source: "theirs",
            file: &theirs,
        },
    )
    .unwrap();
    assert!(
        git.file
            .conflicts
            .iter()
            .any(|c| c.kind == ConflictKind::Boundary),
        "{:#?}",
        git.file.conflicts
    );
    assert!(!spantag::merge::is_merged(&git.file, "gold"));
    let mut files = team();
    files[0] = git.file;
    let analysis = analyze(&inputs(&files), "gold").unwrap();
    assert_eq!(analysis.annotators, vec!["alice", "bob", "carol"]);
    let outcome = analysis
        .spans
        .iter()
        .find(|s| s.label == "Outcome")
        .unwrap();
    assert_eq!(
        outcome.annotators,
        vec!["alice", "bob", "carol"],
        "unanimous"
    );
}

/// Deciding a merged file's own conflict (as the editor does) adds a span the strategy left out with the
/// analysts who proposed it as provenance, and settles the conflict, as one edit.
#[test]
fn deciding_a_recorded_conflict_keeps_who_proposed_the_span() {
    use spantag::adjudicate::resolution;
    let t = text();
    let files = team();
    let options = MergeOptions {
        strategy: Strategy::Majority,
        ..MergeOptions::default()
    };
    let merged = merge(&inputs(&files), &options).unwrap();
    let carols = key(10, 14, "Figure");
    assert!(
        merged.spans.iter().all(|s| s.key() != carols),
        "a minority span"
    );
    let conflict = merged
        .conflicts
        .iter()
        .find(|c| c.options.iter().any(|o| o.span.as_ref() == Some(&carols)))
        .expect("carol's figure is in dispute")
        .clone();
    let k = conflict
        .options
        .iter()
        .position(|o| o.span.as_ref() == Some(&carols))
        .unwrap();
    let edit = resolution(&merged, &conflict, Choice::Option(k), &merged.spans, &t).unwrap();
    let mut decided = merged.clone();
    edit.apply(&mut decided, &t, &Schema::default()).unwrap();
    let added = decided.spans.iter().find(|s| s.key() == carols).unwrap();
    assert_eq!(added.annotators, vec!["carol"]);
    assert_eq!(added.text, "0.68");
    assert_eq!(decided.settled, vec![conflict]);
}

#[test]
fn boundary_groups_follow_the_optimal_matching() {
    // alice has two Measures, bob one spanning the first and part of the second. The optimal one-to-one
    // matching pairs bob's span with alice's first (overlap 4 vs 2), so alice's second is a missing span, not
    // part of the boundary conflict.
    let t = text();
    let files = vec![
        file(&t, "alice", &[(3, 8, "Measure"), (9, 16, "Measure")]),
        file(&t, "bob", &[(4, 11, "Measure")]),
    ];
    let merged = merge(&inputs(&files), &MergeOptions::default()).unwrap();
    let kinds: Vec<(ConflictKind, usize, usize)> = merged
        .conflicts
        .iter()
        .map(|c| (c.kind, c.start, c.end))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (ConflictKind::Boundary, 3, 11),
            (ConflictKind::Missing, 9, 16)
        ]
    );
}

#[test]
fn notes_are_combined_not_lost() {
    let t = text();
    let mut files = vec![
        file(&t, "alice", &[(10, 15, "Figure")]),
        file(&t, "bob", &[(10, 15, "Figure")]),
    ];
    files[0].spans[0].note = Some("含\t制表符".into());
    files[1].spans[0].note = Some("second\nline".into());
    let merged = merge(&inputs(&files), &MergeOptions::default()).unwrap();
    assert_eq!(
        merged.spans[0].note.as_deref(),
        Some("second\nline\n含\t制表符")
    );
}

#[test]
fn different_texts_are_refused_naming_both_files() {
    let t = text();
    let other = ReportText::new("另一篇报告");
    let files = [
        file(&t, "alice", &[(3, 15, "Outcome")]),
        file(&other, "bob", &[(0, 2, "Measure")]),
    ];
    let inputs = [
        MergeInput {
            source: "annotations/alice/r.ron",
            file: &files[0],
        },
        MergeInput {
            source: "elsewhere/bob.ron",
            file: &files[1],
        },
    ];
    let err = merge(&inputs, &MergeOptions::default()).unwrap_err();
    assert!(matches!(err, MergeError::DifferentTexts { .. }));
    let message = err.to_string();
    assert!(message.contains("annotations/alice/r.ron"), "{message}");
    assert!(message.contains("elsewhere/bob.ron"), "{message}");
    assert!(message.contains("different texts"), "{message}");
}

#[test]
fn same_annotator_twice_and_bad_options_are_refused() {
    let t = text();
    let files = [
        file(&t, "alice", &[(3, 15, "Outcome")]),
        file(&t, "alice", &[(0, 2, "Measure")]),
    ];
    let err = merge(&inputs(&files), &MergeOptions::default()).unwrap_err();
    assert!(matches!(err, MergeError::SameAnnotator { .. }), "{err}");
    let one = &files[..1];
    let zero = MergeOptions {
        strategy: Strategy::Majority,
        min_votes: Some(0),
        ..MergeOptions::default()
    };
    assert!(matches!(
        merge(&inputs(one), &zero),
        Err(MergeError::ZeroMinVotes)
    ));
    let bad_name = MergeOptions {
        annotator: "../x".into(),
        ..MergeOptions::default()
    };
    assert!(matches!(
        merge(&inputs(one), &bad_name),
        Err(MergeError::BadAnnotator(_))
    ));
    assert!(matches!(
        merge(&[], &MergeOptions::default()),
        Err(MergeError::NoInputs)
    ));
}

#[test]
fn view_classifies_spans_and_walks_conflicts() {
    let files = team();
    let view = MultiAnnotatorView::new(&inputs(&files)).unwrap();
    assert_eq!(view.annotators(), ["alice", "bob", "carol"]);
    let support: Vec<(SpanKey, Support)> = view
        .spans_with_support()
        .map(|(s, support)| (s.key(), support))
        .collect();
    assert!(support.contains(&(key(3, 15, "Outcome"), Support::All)));
    assert!(support.contains(&(key(10, 15, "Figure"), Support::Majority)));
    assert!(support.contains(&(key(10, 14, "Figure"), Support::Minority)));
    let n = view.conflicts().len();
    assert_eq!(n, 3);
    assert_eq!(view.next_conflict(None), Some(0));
    assert_eq!(view.next_conflict(Some(n - 1)), Some(0));
    assert_eq!(view.previous_conflict(Some(0)), Some(n - 1));
    assert_eq!(view.previous_conflict(None), Some(n - 1));
    let at = view.conflict_at(12).unwrap();
    assert_eq!(view.conflicts()[at].kind, ConflictKind::Boundary);
    assert_eq!(view.conflict_at(17), None);
    assert_eq!(view.analysis(), &analyze(&inputs(&files), "gold").unwrap());
}

#[test]
fn choices_become_edits_on_the_gold_file() {
    let files = team();
    let t = text();
    let view = MultiAnnotatorView::new(&inputs(&files)).unwrap();
    // Start from the majority merge: the unanimous outcome and the majority figure.
    let gold = view.gold(&MergeOptions {
        strategy: Strategy::Majority,
        ..MergeOptions::default()
    });
    let mut editor = Editor::new(t.clone(), Schema::default(), gold);
    let conflicts = view.conflicts().to_vec();
    let find = |kind| conflicts.iter().find(|c| c.kind == kind).unwrap().clone();

    // Boundary: take carol's version (option 1) instead of the majority's.
    let boundary = find(ConflictKind::Boundary);
    let edit = view
        .resolve(editor.file(), &boundary, Choice::Option(1), &t)
        .unwrap();
    editor.apply(edit).unwrap();
    let keys: Vec<SpanKey> = editor.spans().iter().map(Span::key).collect();
    assert!(keys.contains(&key(10, 14, "Figure")));
    assert!(!keys.contains(&key(10, 15, "Figure")));
    let added = editor
        .spans()
        .iter()
        .find(|s| s.key() == key(10, 14, "Figure"))
        .unwrap();
    assert_eq!(added.annotators, vec!["carol"], "provenance kept");

    // Label: keep both.
    let label = find(ConflictKind::Label);
    editor
        .apply(
            view.resolve(editor.file(), &label, Choice::All, &t)
                .unwrap(),
        )
        .unwrap();
    assert_eq!(
        editor
            .spans()
            .iter()
            .filter(|s| (s.start, s.end) == (22, 29))
            .count(),
        2
    );
    // ...then none, and undo brings both back.
    editor
        .apply(
            view.resolve(editor.file(), &label, Choice::None, &t)
                .unwrap(),
        )
        .unwrap();
    assert!(editor.spans().iter().all(|s| s.start != 22));
    editor.undo().unwrap();
    assert_eq!(editor.spans().iter().filter(|s| s.start == 22).count(), 2);

    // The "no span" option of the missing conflict removes nothing that is not there; it only records the
    // decision.
    let missing = find(ConflictKind::Missing);
    let edit = view
        .resolve(editor.file(), &missing, Choice::Option(1), &t)
        .unwrap();
    assert_eq!(edit, Edit::Batch(vec![Edit::Settle(missing.clone())]));
    assert!(
        view.resolve(editor.file(), &missing, Choice::Option(7), &t)
            .is_err()
    );
    editor.apply(edit).unwrap();
    assert_eq!(options_present(editor.file(), &missing), vec![false, true]);

    // Every decision settled its conflict; the gold file says so, and undo reopens the last one.
    assert!(editor.file().conflicts.is_empty());
    assert_eq!(editor.file().settled.len(), 3);
    assert!((0..3).all(|i| view.is_settled(editor.file(), i)));
    assert!(view.unrecorded(editor.file()).is_empty());
    editor.undo().unwrap();
    assert_eq!(editor.file().conflicts, vec![missing.clone()]);
    assert!(!view.is_settled(
        editor.file(),
        view.conflicts().iter().position(|c| *c == missing).unwrap()
    ));
}

#[test]
fn a_gold_file_started_empty_records_the_analysts_conflicts_to_settle() {
    let files = team();
    let t = text();
    let view = MultiAnnotatorView::new(&inputs(&files)).unwrap();
    let empty = AnnotationFile::new(DocRef::of("r.txt", &t), "gold");
    let mut editor = Editor::new(t.clone(), Schema::default(), empty);
    assert_eq!(view.unrecorded(editor.file()), view.conflicts());
    editor.record_conflicts(view.unrecorded(editor.file()));
    assert!(
        !editor.is_dirty(),
        "recording what the analysts' files say is not an edit"
    );
    assert!(view.unrecorded(editor.file()).is_empty());
    let first = view.conflicts()[0].clone();
    editor
        .apply(
            view.resolve(editor.file(), &first, Choice::All, &t)
                .unwrap(),
        )
        .unwrap();
    assert!(view.is_settled(editor.file(), 0));
    assert!(!view.is_settled(editor.file(), 1));
    assert!(
        options_present(editor.file(), &first)
            .iter()
            .zip(&first.options)
            .all(|(&there, o)| there == o.span.is_some())
    );
    // Recording again adds nothing: open and settled conflicts are both known.
    let before = editor.file().clone();
    editor.record_conflicts(view.unrecorded(editor.file()));
    assert_eq!(editor.file(), &before);
}

#[test]
fn accept_every_unanimous_span_in_one_step() {
    let files = team();
    let t = text();
    let view = MultiAnnotatorView::new(&inputs(&files)).unwrap();
    let empty = AnnotationFile::new(DocRef::of("r.txt", &t), "gold");
    let mut editor = Editor::new(t, Schema::default(), empty);
    editor.apply(view.accept_unanimous(editor.file())).unwrap();
    let keys: Vec<SpanKey> = editor.spans().iter().map(Span::key).collect();
    assert_eq!(keys, vec![key(3, 15, "Outcome")]);
    // A second time there is nothing left to add.
    assert_eq!(
        view.accept_unanimous(editor.file()),
        spantag::edit::Edit::Batch(Vec::new())
    );
}

/// Analysts named `ours` and `theirs` are analysts: their conflicts say so in the file, they vote, and a
/// decision gives their span provenance. (While origins were guessed from the names, their conflicts were
/// taken for a git merge's: a re-merge lost `theirs` as a voter and the decided span lost its provenance.)
#[test]
fn analysts_named_like_branches_still_vote_and_keep_provenance() {
    use spantag::adjudicate::resolution;
    use spantag::model::ConflictOrigin;
    let t = text();
    let files = vec![
        file(&t, "ours", &[(10, 15, "Figure")]),
        file(&t, "theirs", &[]),
    ];
    let merged = merge(&inputs(&files), &MergeOptions::default()).unwrap();
    let conflict = merged
        .conflicts
        .iter()
        .find(|c| c.kind == ConflictKind::Missing)
        .expect("theirs made no figure at 10..15")
        .clone();
    assert_eq!(conflict.origin, ConflictOrigin::Analysts);
    assert!(spantag::merge::is_merged(&merged, "gold"));

    // Merging the merged file again: `theirs` is named only in the conflict, and still votes, so a unanimous
    // merge drops the span only `ours` made.
    let unanimous = MergeOptions {
        strategy: Strategy::Unanimous,
        ..MergeOptions::default()
    };
    let again = analyze(&inputs(std::slice::from_ref(&merged)), "gold").unwrap();
    assert_eq!(again.annotators, vec!["ours", "theirs"]);
    let remerged = merge(&inputs(std::slice::from_ref(&merged)), &unanimous).unwrap();
    assert!(remerged.spans.is_empty(), "{:?}", remerged.spans);

    // Deciding for `ours`' figure gives it `ours` as provenance.
    let k = conflict
        .options
        .iter()
        .position(|o| o.span.is_some())
        .unwrap();
    let mut gold = merged.clone();
    gold.spans.retain(|s| s.key() != key(10, 15, "Figure"));
    let edit = resolution(&gold, &conflict, Choice::Option(k), &gold.spans, &t).unwrap();
    edit.apply(&mut gold, &t, &Schema::default()).unwrap();
    let decided = gold
        .spans
        .iter()
        .find(|s| s.key() == key(10, 15, "Figure"))
        .unwrap();
    assert_eq!(decided.annotators, vec!["ours"]);
}

/// A file written before conflicts recorded their origin loads with the origin inferred as it was then
/// (`ours`/`theirs` options or an `Edit` conflict: git branches; anything else: analysts), and is written
/// with the field from then on.
#[test]
fn files_without_conflict_origins_load_and_are_written_with_them() {
    use spantag::model::ConflictOrigin;
    use spantag::store::{parse_annotation_file, to_ron};
    use std::path::Path;
    let t = text();
    let mut merged = merge(&inputs(&team()), &MergeOptions::default()).unwrap();
    let base = file(&t, "alice", &[(22, 29, "Figure")]);
    let ours = file(&t, "alice", &[(22, 29, "Measure")]);
    let theirs = file(&t, "alice", &[(22, 28, "Figure")]);
    let git = spantag::merge3::merge3(
        Some(MergeInput {
            source: "base",
            file: &base,
        }),
        MergeInput {
            source: "ours",
            file: &ours,
        },
        MergeInput {
            source: "theirs",
            file: &theirs,
        },
    )
    .unwrap();
    assert!(!git.new_conflicts.is_empty());
    merged.conflicts.extend(git.new_conflicts.iter().cloned());
    merged.normalize();
    let written = to_ron(&merged).unwrap();
    assert!(written.contains("origin: Analysts"), "{written}");
    assert!(written.contains("origin: Branches"), "{written}");

    // The same file as an older build wrote it: no origins.
    let old = written
        .replace("origin: Analysts, ", "")
        .replace("origin: Branches, ", "");
    assert!(!old.contains("origin"), "{old}");
    let read = parse_annotation_file(Path::new("old.ron"), &old).unwrap();
    assert_eq!(read, merged);
    assert!(
        read.conflicts
            .iter()
            .filter(|c| c.origin == ConflictOrigin::Branches)
            .eq(git.new_conflicts.iter())
    );
    assert_eq!(to_ron(&read).unwrap(), written);
}

/// Annotator names are counted in characters: a 34-character Chinese name (102 bytes) names a merge result.
#[test]
fn a_chinese_result_name_of_34_characters_is_accepted() {
    let name = "审".repeat(34);
    let options = MergeOptions {
        annotator: name.clone(),
        ..MergeOptions::default()
    };
    let merged = merge(&inputs(&team()), &options).unwrap();
    assert_eq!(merged.annotator, name);
    let too_long = MergeOptions {
        annotator: "审".repeat(101),
        ..MergeOptions::default()
    };
    assert!(matches!(
        merge(&inputs(&team()), &too_long),
        Err(MergeError::BadAnnotator(_))
    ));
}
