//! Agreement statistics: published reference values (Cohen's kappa, Fleiss' kappa, Krippendorff's alpha), the
//! undefined cases, the disagreement breakdown by hand, and the interval-based character counting checked
//! against a naive character-by-character count on random documents with astral characters and CRLF.

use std::collections::BTreeSet;

use proptest::prelude::*;
use spantag::agree::{
    AnnotatedDocument, Unit, agreement, cohen_kappa, fleiss_kappa, nominal_alpha,
};
use spantag::model::{AnnotationFile, DocRef, Span};
use spantag::text::ReportText;

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        _ => false,
    }
}

#[test]
fn cohen_kappa_matches_the_textbook_example() {
    // 50 proposals: both yes 20, A yes B no 5, A no B yes 10, both no 15: p_o 0.7, p_e 0.5, kappa 0.4.
    let k = cohen_kappa(20, 5, 10, 15).unwrap();
    assert!((k - 0.4).abs() < 1e-12, "{k}");
    // One rater constant, the other not: defined (0), not undefined.
    assert_eq!(cohen_kappa(0, 0, 5, 5), Some(0.0));
    assert_eq!(cohen_kappa(0, 0, 0, 10), None, "no variation at all");
    assert_eq!(cohen_kappa(10, 0, 0, 0), None, "no variation at all");
    assert_eq!(cohen_kappa(0, 0, 0, 0), None, "no items");
}

#[test]
fn fleiss_kappa_matches_fleiss_worked_example() {
    // The worked example of Fleiss (1971) as usually reproduced: 10 subjects, 14 raters, 5 categories;
    // kappa = 0.210.
    let table: [[u64; 5]; 10] = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ];
    let units: Vec<Unit> = table.iter().map(|r| (r.to_vec(), 1)).collect();
    let k = fleiss_kappa(&units).unwrap();
    assert!((k - 0.210).abs() < 0.001, "{k}");
    // Weights are multiplicities: the table twice over gives the same kappa.
    let doubled: Vec<Unit> = table.iter().map(|r| (r.to_vec(), 2)).collect();
    assert!((fleiss_kappa(&doubled).unwrap() - k).abs() < 1e-12);
    assert_eq!(fleiss_kappa(&[(vec![3, 0], 4)]), None, "one value only");
    assert_eq!(
        fleiss_kappa(&[(vec![3, 0], 4), (vec![1, 1], 1)]),
        None,
        "rater counts differ"
    );
    assert_eq!(fleiss_kappa(&[]), None);
}

#[test]
fn alpha_matches_krippendorffs_example() {
    // Krippendorff's reliability data: 4 coders, 12 units, values 1..5, gaps are missing data. The
    // `krippendorff` package gives 0.743421052631579 (nominal) for it.
    let data: [[Option<usize>; 12]; 4] = [
        [
            Some(1),
            Some(2),
            Some(3),
            Some(3),
            Some(2),
            Some(1),
            Some(4),
            Some(1),
            Some(2),
            None,
            None,
            None,
        ],
        [
            Some(1),
            Some(2),
            Some(3),
            Some(3),
            Some(2),
            Some(2),
            Some(4),
            Some(1),
            Some(2),
            Some(5),
            None,
            Some(3),
        ],
        [
            None,
            Some(3),
            Some(3),
            Some(3),
            Some(2),
            Some(3),
            Some(4),
            Some(2),
            Some(2),
            Some(5),
            Some(1),
            None,
        ],
        [
            Some(1),
            Some(2),
            Some(3),
            Some(3),
            Some(2),
            Some(4),
            Some(4),
            Some(1),
            Some(2),
            Some(5),
            Some(1),
            None,
        ],
    ];
    let units: Vec<Unit> = (0..12)
        .map(|u| {
            let mut counts = vec![0u64; 5];
            for coder in &data {
                if let Some(v) = coder[u] {
                    counts[v - 1] += 1;
                }
            }
            (counts, 1)
        })
        .collect();
    let alpha = nominal_alpha(&units).unwrap();
    assert!((alpha - 0.743421052631579).abs() < 1e-12, "{alpha}");
    assert_eq!(nominal_alpha(&[(vec![0, 3], 10)]), None, "one value only");
    assert_eq!(nominal_alpha(&[(vec![1, 0], 10)]), None, "nothing pairable");
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

#[test]
fn disagreement_breakdown_by_hand() {
    let text = ReportText::new("𠮷县：贫困发生率降至0.68%。\r\n累计投入3.698亿元。");
    let a = file(
        &text,
        "a",
        &[(10, 15, "Figure"), (22, 29, "Measure"), (3, 15, "Outcome")],
    );
    let b = file(&text, "b", &[(10, 14, "Figure"), (22, 29, "Outcome")]);
    let docs = [AnnotatedDocument {
        text: &text,
        files: vec![&a, &b],
    }];
    let report = agreement(&docs, &["Measure", "Figure", "Outcome"]).unwrap();
    assert_eq!(report.annotators, ["a", "b"]);
    let pair = &report.pairs[0];
    let figure = &pair.labels["Figure"];
    assert_eq!((figure.exact_f1, figure.lenient_f1), (Some(0.0), Some(1.0)));
    assert_eq!(figure.boundary_conflicts, 1);
    assert_eq!(
        (figure.only_a, figure.only_b, figure.label_conflicts),
        (0, 0, 0)
    );
    let measure = &pair.labels["Measure"];
    assert_eq!(
        measure.label_conflicts, 1,
        "a's Measure where b has Outcome"
    );
    assert_eq!((measure.only_a, measure.only_b), (0, 0));
    assert_eq!(measure.lenient_f1, Some(0.0));
    let outcome = &pair.labels["Outcome"];
    assert_eq!(
        outcome.label_conflicts, 1,
        "b's Outcome where a has Measure"
    );
    assert_eq!((outcome.only_a, outcome.only_b), (1, 0));
    // b's Outcome 22..29 does not overlap a's 3..15: nothing lenient either.
    assert_eq!(outcome.lenient_f1, Some(0.0));
    // Micro: 0 exact of 3 + 2 spans; 1 lenient.
    assert_eq!(pair.micro.exact_f1, Some(0.0));
    assert_eq!(pair.micro.lenient_f1, Some(2.0 / 5.0));
    // Items: 29 code points but CR and LF are whitespace.
    assert_eq!(pair.items, 28);
    // With only two annotators, every document has both: Fleiss' kappa is computed on the same items.
    assert_eq!(report.labels["Figure"].fleiss_items, 28);
}

#[test]
fn undefined_is_none_not_zero_or_one() {
    let text = ReportText::new("贫困发生率降至0.68%");
    let a = file(&text, "a", &[(7, 12, "Figure")]);
    let b = file(&text, "b", &[(7, 12, "Figure")]);
    let docs = [AnnotatedDocument {
        text: &text,
        files: vec![&a, &b],
    }];
    let report = agreement(&docs, &["Measure", "Figure", "Outcome"]).unwrap();
    let measure = &report.pairs[0].labels["Measure"];
    assert_eq!(
        (measure.exact_f1, measure.lenient_f1, measure.kappa),
        (None, None, None)
    );
    assert_eq!(report.labels["Measure"].alpha, None);
    assert_eq!(report.labels["Measure"].fleiss_kappa, None);
    let figure = &report.pairs[0].labels["Figure"];
    assert_eq!(figure.kappa, Some(1.0));
    assert_eq!(report.labels["Figure"].alpha, Some(1.0));
    let json = serde_json::to_value(&report).unwrap();
    assert!(json["pairs"][0]["labels"]["Measure"]["kappa"].is_null());
    assert!(json["labels"]["Measure"]["alpha"].is_null());
}

#[test]
fn duplicate_annotator_and_wrong_text_are_refused() {
    let text = ReportText::new("贫困发生率降至0.68%");
    let other = ReportText::new("另一篇");
    let a = file(&text, "a", &[]);
    let a2 = file(&text, "a", &[(0, 2, "Measure")]);
    let docs = [AnnotatedDocument {
        text: &text,
        files: vec![&a, &a2],
    }];
    assert!(agreement(&docs, &[]).is_err());
    let stray = file(&other, "b", &[]);
    let docs = [AnnotatedDocument {
        text: &text,
        files: vec![&a, &stray],
    }];
    let err = agreement(&docs, &[]).unwrap_err();
    assert!(err.to_string().contains("different version"), "{err}");
}

// --- The interval machinery against a naive count ---------------------------------------------------------

const LABELS: [&str; 2] = ["Figure", "Outcome"];

fn naive_vector(text: &ReportText, file: &AnnotationFile, label: &str) -> Vec<u64> {
    let mut inside = vec![0u64; text.len_chars()];
    for span in file.spans.iter().filter(|s| s.label == label) {
        for slot in &mut inside[span.start..span.end] {
            *slot = 1;
        }
    }
    text.as_str()
        .chars()
        .zip(inside)
        .filter(|(c, _)| !c.is_whitespace())
        .map(|(_, v)| v)
        .collect()
}

type Docs = Vec<(ReportText, Vec<AnnotationFile>)>;

fn random_docs() -> impl Strategy<Value = Docs> {
    let text = prop::collection::vec(
        prop::sample::select(vec!["𠮷", "贫", "困", "5", " ", "\r\n", "。", "\t"]),
        1..30,
    )
    .prop_map(|p| p.concat());
    let spans = prop::collection::vec((0usize..40, 1usize..9, 0usize..2), 0..6);
    // Per document: a text and, per annotator (up to 4), maybe a file.
    let doc = (
        text,
        prop::collection::vec(prop::option::weighted(0.8, spans), 4),
    );
    (prop::collection::vec(doc, 1..4), 2usize..=4).prop_map(|(docs, annotators)| {
        docs.into_iter()
            .enumerate()
            .map(|(d, (s, per_annotator))| {
                let text = ReportText::new(s);
                let len = text.len_chars();
                let files = per_annotator
                    .into_iter()
                    .take(annotators)
                    .enumerate()
                    .filter_map(|(i, spans)| {
                        let spans = spans?;
                        let mut f = AnnotationFile::new(
                            DocRef::of(format!("d{d}.txt"), &text),
                            ["a", "b", "c", "d"][i],
                        );
                        let mut seen = BTreeSet::new();
                        for (start, length, label) in spans {
                            let start = start % len;
                            let end = (start + length).min(len);
                            if start < end && seen.insert((start, end, label)) {
                                f.spans.push(Span::new(&text, start, end, LABELS[label]));
                            }
                        }
                        f.normalize();
                        Some(f)
                    })
                    .collect();
                (text, files)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn character_statistics_equal_a_naive_count(docs in random_docs()) {
        let annotated: Vec<AnnotatedDocument> = docs
            .iter()
            .map(|(text, files)| AnnotatedDocument { text, files: files.iter().collect() })
            .collect();
        let report = agreement(&annotated, &LABELS).unwrap();
        let names = report.annotators.clone();
        let file_of = |d: usize, who: &str| docs[d].1.iter().find(|f| f.annotator == who);
        for label in LABELS {
            for pair in &report.pairs {
                let mut counts = [0u64; 4];
                let mut exact = 0usize;
                let (mut na, mut nb) = (0usize, 0usize);
                for (d, (text, _)) in docs.iter().enumerate() {
                    let (Some(fa), Some(fb)) = (file_of(d, &pair.a), file_of(d, &pair.b)) else { continue };
                    let (va, vb) = (naive_vector(text, fa, label), naive_vector(text, fb, label));
                    for (x, y) in va.iter().zip(&vb) {
                        counts[((1 - x) * 2 + (1 - y)) as usize] += 1;
                    }
                    let ka: BTreeSet<_> = fa.spans.iter().filter(|s| s.label == label).map(|s| (s.start, s.end)).collect();
                    let kb: BTreeSet<_> = fb.spans.iter().filter(|s| s.label == label).map(|s| (s.start, s.end)).collect();
                    exact += ka.intersection(&kb).count();
                    na += ka.len();
                    nb += kb.len();
                }
                let ours = &pair.labels[label];
                prop_assert!(close(ours.kappa, cohen_kappa(counts[0], counts[1], counts[2], counts[3])),
                    "kappa {:?} vs naive {:?}", ours.kappa, counts);
                let f1 = (na + nb > 0).then(|| 2.0 * exact as f64 / (na + nb) as f64);
                prop_assert!(close(ours.exact_f1, f1));
                prop_assert!(ours.lenient_f1.unwrap_or(0.0) >= ours.exact_f1.unwrap_or(0.0));
                prop_assert_eq!(
                    ours.spans_a + ours.spans_b,
                    2 * ours.lenient_matches + ours.label_conflicts + ours.only_a + ours.only_b
                );
            }
            // Alpha and Fleiss from one unit per character.
            let mut alpha_units: Vec<Unit> = Vec::new();
            let mut fleiss_units: Vec<Unit> = Vec::new();
            for (d, (text, _)) in docs.iter().enumerate() {
                let vectors: Vec<Vec<u64>> = names
                    .iter()
                    .filter_map(|who| file_of(d, who).map(|f| naive_vector(text, f, label)))
                    .collect();
                let Some(first) = vectors.first() else { continue };
                for i in 0..first.len() {
                    let ones: u64 = vectors.iter().map(|v| v[i]).sum();
                    let unit = (vec![vectors.len() as u64 - ones, ones], 1);
                    if vectors.len() == names.len() {
                        fleiss_units.push(unit.clone());
                    }
                    alpha_units.push(unit);
                }
            }
            prop_assert!(close(report.labels[label].alpha, nominal_alpha(&alpha_units)),
                "alpha {:?} vs {:?}", report.labels[label].alpha, nominal_alpha(&alpha_units));
            prop_assert!(close(report.labels[label].fleiss_kappa, fleiss_kappa(&fleiss_units)));
        }
    }
}
