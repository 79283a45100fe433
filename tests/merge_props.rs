//! Properties of merging, on random texts (astral characters, CRLF) and random annotators' spans (nested,
//! overlapping, notes with tabs and newlines): input order does not change the output bytes, merging one file
//! yields its spans, union never loses a span, merging the output again with the same inputs changes nothing,
//! every disagreement is recorded, and the output is a valid annotation file. The annotators link some of their
//! spans (the links vary by annotator), so all of this holds for relations too.

use std::collections::BTreeSet;

use proptest::prelude::*;
use spantag::merge::{MergeInput, MergeOptions, Strategy as MergeStrategy, merge};
use spantag::model::{AnnotationFile, DocRef, Relation, Span, SpanKey, Status};
use spantag::schema::Schema;
use spantag::store::to_ron;
use spantag::text::ReportText;

const LABELS: [&str; 3] = ["Measure", "Figure", "Outcome"];
const NAMES: [&str; 4] = ["alice", "bob", "carol", "dan"];
const NOTES: [&str; 3] = ["待核实", "含\t制表符\n和换行", "a\nb"];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!["𠮷", "贫", "困", "5", "%", " ", "\r\n", "。", "人"]),
        1..40,
    )
    .prop_map(|parts| parts.concat())
}

/// Raw spans: (start, length, label, note) to be clipped to the text.
type RawSpan = (usize, usize, usize, Option<usize>);

fn raw_files() -> impl Strategy<Value = Vec<Vec<RawSpan>>> {
    let span = (
        0usize..60,
        1usize..12,
        0usize..3,
        prop::option::weighted(0.2, 0usize..3),
    );
    prop::collection::vec(prop::collection::vec(span, 0..8), 1..=4)
}

fn build(text: &ReportText, raw: &[Vec<RawSpan>]) -> Vec<AnnotationFile> {
    let len = text.len_chars();
    raw.iter()
        .enumerate()
        .map(|(i, spans)| {
            let mut file = AnnotationFile::new(DocRef::of("r.txt", text), NAMES[i]);
            file.status = Status::ALL[i % 3];
            let mut seen = BTreeSet::new();
            for &(start, length, label, note) in spans {
                let start = start % len;
                let end = (start + length).min(len);
                if start < end && seen.insert((start, end, label)) {
                    let mut span = Span::new(text, start, end, LABELS[label]);
                    span.note = note.map(|n| NOTES[n].to_owned());
                    file.spans.push(span);
                }
            }
            file.normalize();
            link_some(&mut file, i);
            file
        })
        .collect()
}

/// Links some of the file's span pairs the default schema allows, a different choice for each annotator (so
/// that some analysts link a pair others leave unlinked), a few with a note.
fn link_some(file: &mut AnnotationFile, annotator: usize) {
    let schema = Schema::default();
    for a in &file.spans {
        for b in &file.spans {
            let Some(def) = schema.relations_between(&a.label, &b.label).next() else {
                continue;
            };
            let pick = a.start * 7 + b.end * 3 + annotator;
            if pick.is_multiple_of(3) {
                continue;
            }
            let mut relation = Relation::new(a.key(), b.key(), def.name.as_str());
            relation.note = pick.is_multiple_of(5).then(|| NOTES[pick % 3].to_owned());
            file.relations.push(relation);
        }
    }
    file.normalize();
}

fn inputs(files: &[AnnotationFile]) -> Vec<MergeInput<'_>> {
    MergeInput::by_annotator(files)
}

fn strategies() -> Vec<MergeOptions> {
    let with = |strategy, min_votes| MergeOptions {
        strategy,
        min_votes,
        ..MergeOptions::default()
    };
    vec![
        with(MergeStrategy::Union, None),
        with(MergeStrategy::Majority, None),
        with(MergeStrategy::Majority, Some(2)),
        with(MergeStrategy::Unanimous, None),
    ]
}

fn keys(file: &AnnotationFile) -> BTreeSet<SpanKey> {
    file.spans.iter().map(Span::key).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn order_of_inputs_does_not_change_output_bytes(s in text_strategy(), raw in raw_files(), turn in 0usize..4) {
        let text = ReportText::new(s);
        let files = build(&text, &raw);
        let mut reordered = files.clone();
        reordered.reverse();
        let n = reordered.len();
        reordered.rotate_left(turn % n);
        for options in strategies() {
            let a = merge(&inputs(&files), &options).unwrap();
            let b = merge(&inputs(&reordered), &options).unwrap();
            prop_assert_eq!(to_ron(&a).unwrap(), to_ron(&b).unwrap());
        }
    }

    #[test]
    fn merging_one_file_yields_its_spans(s in text_strategy(), raw in raw_files()) {
        let text = ReportText::new(s);
        let file = build(&text, &raw[..1]).remove(0);
        // A threshold above one vote would rightly keep nothing of a single file.
        for options in strategies().into_iter().filter(|o| o.min_votes.is_none_or(|k| k <= 1)) {
            let merged = merge(&inputs(std::slice::from_ref(&file)), &options).unwrap();
            let plain: Vec<Span> = merged
                .spans
                .iter()
                .map(|s| Span { annotators: Vec::new(), ..s.clone() })
                .collect();
            prop_assert_eq!(&plain, &file.spans);
            prop_assert!(merged.spans.iter().all(|s| s.annotators == vec![file.annotator.clone()]));
            prop_assert!(merged.conflicts.is_empty());
            prop_assert_eq!(merged.relations.len(), file.relations.len());
            prop_assert!(merged.relation_conflicts.is_empty());
        }
    }

    #[test]
    fn union_never_loses_a_span(s in text_strategy(), raw in raw_files()) {
        let text = ReportText::new(s);
        let files = build(&text, &raw);
        let merged = merge(&inputs(&files), &MergeOptions::default()).unwrap();
        for file in &files {
            for span in &file.spans {
                let found = merged.spans.iter().find(|m| m.key() == span.key());
                prop_assert!(found.is_some(), "lost {:?}", span);
                let found = found.unwrap();
                prop_assert!(found.annotators.iter().any(|a| *a == file.annotator));
                if let Some(note) = &span.note {
                    prop_assert!(found.note.as_deref().is_some_and(|n| n.contains(note.as_str())));
                }
            }
            for relation in &file.relations {
                let found = merged.relations.iter().find(|m| m.key() == relation.key());
                prop_assert!(found.is_some_and(|m| m.annotators.iter().any(|a| *a == file.annotator)),
                    "lost {:?}", relation);
            }
        }
    }

    #[test]
    fn merging_the_output_again_changes_nothing(s in text_strategy(), raw in raw_files()) {
        let text = ReportText::new(s);
        let files = build(&text, &raw);
        for options in strategies() {
            let merged = merge(&inputs(&files), &options).unwrap();
            let mut again_inputs = files.clone();
            again_inputs.push(merged.clone());
            let again = merge(&inputs(&again_inputs), &options).unwrap();
            prop_assert_eq!(to_ron(&again).unwrap(), to_ron(&merged).unwrap());
        }
    }

    #[test]
    fn output_is_valid_and_strategies_nest(s in text_strategy(), raw in raw_files()) {
        let text = ReportText::new(s);
        let files = build(&text, &raw);
        let all = strategies()
            .iter()
            .map(|o| merge(&inputs(&files), o).unwrap())
            .collect::<Vec<_>>();
        for merged in &all {
            prop_assert!(merged.problems(&text, &Schema::default()).is_empty());
            let faults = spantag::relations::problems(merged, &Schema::default());
            prop_assert!(faults.is_empty(), "{:?}", faults);
            prop_assert_eq!(&merged.annotator, "gold");
            let slowest = files.iter().filter_map(|f| Status::ALL.iter().position(|s| *s == f.status)).min();
            prop_assert_eq!(Status::ALL.iter().position(|s| *s == merged.status), slowest);
        }
        let (union, majority, unanimous) = (keys(&all[0]), keys(&all[1]), keys(&all[3]));
        prop_assert!(unanimous.is_subset(&majority));
        prop_assert!(majority.is_subset(&union));
        let n = files.len();
        for span in &all[1].spans {
            prop_assert!(2 * span.annotators.len() > n);
        }
        for span in &all[3].spans {
            prop_assert_eq!(span.annotators.len(), n);
        }
    }

    #[test]
    fn every_disagreement_is_recorded(s in text_strategy(), raw in raw_files()) {
        let text = ReportText::new(s);
        let files = build(&text, &raw);
        let n = files.len();
        let merged = merge(&inputs(&files), &MergeOptions::default()).unwrap();
        let in_conflicts: BTreeSet<SpanKey> = merged
            .conflicts
            .iter()
            .flat_map(|c| &c.options)
            .filter_map(|o| o.span.clone())
            .collect();
        for span in &merged.spans {
            if span.annotators.len() < n {
                prop_assert!(in_conflicts.contains(&span.key()), "{:?} not in any conflict", span);
            }
        }
        // A link some analysts made and others who made both its spans did not is a recorded conflict.
        for relation in &merged.relations {
            let makers = |key: &SpanKey| merged.spans.iter().find(|s| s.key() == *key).map(|s| s.annotators.clone()).unwrap_or_default();
            let (a, b) = (makers(&relation.from), makers(&relation.to));
            let saw_both = a.iter().filter(|x| b.contains(x)).count();
            if relation.annotators.len() < saw_both {
                prop_assert!(merged.relation_conflicts.iter().any(|c| c.from == relation.from && c.to == relation.to
                    && c.options.iter().any(|o| o.kind.is_none())), "{:?} not in any conflict", relation);
            }
        }
        for conflict in &merged.conflicts {
            prop_assert!(conflict.options.len() >= 2);
            // Each annotator stands behind at most one option... except when one made several of the spans.
            let voters: BTreeSet<&str> = conflict.options.iter().flat_map(|o| o.annotators.iter().map(|a| a.as_str())).collect();
            prop_assert!(voters.len() <= n);
            for option in &conflict.options {
                if let Some(key) = &option.span {
                    prop_assert!(conflict.start <= key.start && key.end <= conflict.end);
                }
            }
        }
    }
}
