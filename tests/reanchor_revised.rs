//! Re-anchoring against a revised sample report: paragraphs inserted and deleted, a figure changed, a sentence
//! duplicated, astral characters (𠮷) added. The revision is built edit by edit while tracking where each
//! original character went, so the test knows which spans' words survive and where: every such span must land
//! on the same words, and every other span must become an orphan (none lands elsewhere).

use std::path::Path;

use spantag::model::{AnnotationFile, DocRef, Span, SpanKey};
use spantag::reanchor::reanchor;
use spantag::text::ReportText;

/// A text under revision: each character with the offset it had in the original, if it is an original one.
struct Revision(Vec<(char, Option<usize>)>);

impl Revision {
    fn new(text: &str) -> Self {
        Revision(
            text.chars()
                .enumerate()
                .map(|(i, c)| (c, Some(i)))
                .collect(),
        )
    }

    fn text(&self) -> String {
        self.0.iter().map(|(c, _)| c).collect()
    }

    /// The index (in the current text) where line `n` (0-based) begins.
    fn line_start(&self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        self.0
            .iter()
            .enumerate()
            .filter(|(_, (c, _))| *c == '\n')
            .nth(n - 1)
            .map(|(i, _)| i + 1)
            .expect("the line exists")
    }

    fn insert(&mut self, at: usize, text: &str) {
        let new: Vec<(char, Option<usize>)> = text.chars().map(|c| (c, None)).collect();
        self.0.splice(at..at, new);
    }

    fn delete_line(&mut self, n: usize) {
        let (start, end) = (self.line_start(n), self.line_start(n + 1));
        self.0.drain(start..end);
    }

    /// Changes the first ASCII digit of line `n` into another digit.
    fn change_figure(&mut self, n: usize) {
        let start = self.line_start(n);
        let at = (start..self.0.len())
            .find(|&i| self.0[i].0.is_ascii_digit())
            .expect("a figure in the line");
        let digit = self.0[at].0;
        self.0[at] = (if digit == '9' { '1' } else { '9' }, None);
    }

    /// Copies the first sentence (up to and including its `。`) of line `n` right after itself.
    fn duplicate_sentence(&mut self, n: usize) {
        let start = self.line_start(n);
        let end = (start..self.0.len())
            .find(|&i| self.0[i].0 == '。')
            .expect("a sentence")
            + 1;
        let copy: String = self.0[start..end].iter().map(|(c, _)| c).collect();
        self.insert(end, &copy);
    }

    /// Where a span of the original text is now, if all its characters survive, in one piece.
    fn place_of(&self, start: usize, end: usize) -> Option<usize> {
        let first = self.0.iter().position(|(_, o)| *o == Some(start))?;
        (start..end)
            .enumerate()
            .all(|(k, old)| self.0.get(first + k).is_some_and(|(_, o)| *o == Some(old)))
            .then_some(first)
    }
}

/// Spans over the original: every sentence (Outcome) and every run of digits with the character after it
/// (Figure, e.g. `406起`, `0.68%`).
fn spans_of(text: &ReportText) -> Vec<Span> {
    let chars: Vec<char> = text.as_str().chars().collect();
    let mut spans = Vec::new();
    let mut sentence = 0;
    for (i, c) in chars.iter().enumerate() {
        if matches!(c, '。' | '\n') {
            if i > sentence {
                spans.push(Span::new(text, sentence, i, "Outcome"));
            }
            sentence = i + 1;
        }
    }
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            if i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            spans.push(Span::new(text, start, i, "Figure"));
        } else {
            i += 1;
        }
    }
    spans
}

#[test]
fn a_revised_sample_keeps_every_surviving_span_on_its_words_and_orphans_the_rest() {
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/000_fbee6a6195c1ab1b.txt"),
    )
    .unwrap();
    let old = ReportText::new(original.as_str());
    let mut revision = Revision::new(&original);
    // Bottom up, so that line numbers refer to the original lines.
    let lines = original.lines().count();
    assert!(lines > 25, "the sample has paragraphs to revise");
    revision.change_figure(25);
    revision.duplicate_sentence(16);
    revision.change_figure(22);
    revision.delete_line(5);
    revision.insert(
        revision.line_start(3),
        "新增一段：𠮷野家帮扶523人，贫困发生率降至0.68%。\n",
    );
    revision.insert(0, "𠮷𠮷编者按：本文有修订。\n");
    let new = ReportText::new(revision.text());

    let mut file = AnnotationFile::new(DocRef::of("000.txt", &old), "alice");
    file.spans = spans_of(&old);
    file.normalize();
    let before = file.spans.clone();
    let summary = reanchor(&mut file, &new).unwrap();

    let mut survivors = Vec::new();
    let mut lost = Vec::new();
    for span in &before {
        match revision.place_of(span.start, span.end) {
            Some(at) => survivors.push(SpanKey {
                start: at,
                end: at + span.len(),
                label: span.label.clone(),
            }),
            None => lost.push(span.key()),
        }
    }
    assert!(
        !lost.is_empty() && survivors.len() > 20,
        "the revision touches some spans, not all"
    );
    let mut placed: Vec<SpanKey> = file.spans.iter().map(Span::key).collect();
    placed.sort();
    survivors.sort();
    assert_eq!(
        placed, survivors,
        "every surviving span on its words, nothing elsewhere ({summary})"
    );
    let mut orphans: Vec<SpanKey> = file.orphans.iter().map(Span::key).collect();
    orphans.sort();
    lost.sort();
    assert_eq!(orphans, lost, "every other span kept as an orphan");
    assert!(
        summary.moved > 0 && summary.orphans == lost.len(),
        "{summary}"
    );
    for span in &file.spans {
        assert_eq!(new.slice(span.start, span.end), span.text);
    }
    assert!(file.document.matches(&new));
    assert!(
        file.problems(&new, &spantag::schema::Schema::default())
            .is_empty()
    );
}
