//! Large inputs: above 4,096 spans a file the merge splits the text into stretches merged in parallel. The
//! result must be exactly what a naive count of who made which span gives, including at the cuts, where many
//! spans share a start.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use spantag::merge::{MergeInput, MergeOptions, merge};
use spantag::model::{AnnotationFile, DocRef, Span};
use spantag::text::ReportText;

const LABELS: [&str; 3] = ["Figure", "Measure", "Outcome"];

/// A small deterministic generator (the same spans every run).
fn next(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *state >> 33
}

#[test]
fn a_large_merge_equals_a_naive_vote_count() {
    // 𠮷 (astral) in the text, so offsets are code points, not bytes or UTF-16 units.
    let text = ReportText::new("扶贫𠮷".repeat(14_000));
    let mut state = 2024;
    let files: Vec<AnnotationFile> = ["alice", "bob", "carol", "dan"]
        .iter()
        .map(|&who| {
            let mut file = AnnotationFile::new(DocRef::of("big.txt", &text), who);
            let mut seen = BTreeSet::new();
            for _ in 0..7000 {
                // Starts come from 2,000 positions only, so many spans share each start.
                let start = (next(&mut state) % 2000) as usize * 20;
                let end = start + 1 + (next(&mut state) % 8) as usize;
                let label = LABELS[(next(&mut state) % 3) as usize];
                if seen.insert((start, end, label)) {
                    file.spans.push(Span::new(&text, start, end, label));
                }
            }
            file.normalize();
            file
        })
        .collect();
    assert!(
        files.iter().all(|f| f.spans.len() > 4096),
        "large enough to be split"
    );
    let sources: Vec<String> = files
        .iter()
        .map(|f| format!("{}.ron", f.annotator))
        .collect();
    let inputs: Vec<MergeInput> = files
        .iter()
        .zip(&sources)
        .map(|(file, source)| MergeInput { source, file })
        .collect();

    let merged = merge(&inputs, &MergeOptions::default()).expect("merge");

    let mut naive: BTreeMap<(usize, Reverse<usize>, String), Vec<String>> = BTreeMap::new();
    for file in &files {
        for span in &file.spans {
            naive
                .entry((span.start, Reverse(span.end), span.label.to_string()))
                .or_default()
                .push(file.annotator.clone());
        }
    }
    let want: Vec<_> = naive
        .into_iter()
        .map(|(key, mut who)| {
            who.sort();
            (key, who)
        })
        .collect();
    let got: Vec<_> = merged
        .spans
        .iter()
        .map(|s| {
            (
                (s.start, Reverse(s.end), s.label.to_string()),
                s.annotators
                    .iter()
                    .map(|a| a.to_string())
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(got.len(), want.len());
    assert_eq!(got, want);
    for span in &merged.spans {
        assert_eq!(span.text, text.slice(span.start, span.end));
    }
}
