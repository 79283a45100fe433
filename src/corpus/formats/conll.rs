//! Character-level CoNLL with IOB2 tags, the way Chinese NER corpora are written: one character a line, a tab,
//! its tag (`字<TAB>B-Figure`); sentences split after 。！？；!? and at line breaks, a blank line between
//! sentences; `-DOCSTART- -X- O O` and a blank line before each document.
//!
//! Whitespace and control characters are not tokens. One character has one tag, so CoNLL holds one layer of
//! spans: the outer layer (the longest span wins) or the inner one (the shortest wins); what the other layer had
//! is counted and reported. A sentence is never split inside a span, so every `I-` follows its `B-`.
//!
//! The reader (`conll_reader.rs`) reads this back, and the data sets written in IOB2, IOBES or BMES.

use crate::corpus::codec::{FormatSpec, Layout, Offsets, Writer};
use crate::corpus::types::{ExportDoc, Layer, LeftOut, Output, Settings};

/// The registry's line for the format.
pub(super) static SPEC: FormatSpec = FormatSpec {
    name: "conll",
    summary: "character-level IOB2, one character a line; one layer of nested spans (import: IOB2, IOBES, BMES)",
    offsets: Offsets::None,
    layout: Layout::File { extension: "conll" },
    one_layer: true,
    writer: &Conll,
    reader: Some(&super::conll_reader::ConllReader),
};

/// The writer.
struct Conll;

impl Writer for Conll {
    fn write_document(&self, doc: &ExportDoc, settings: &Settings, out: &mut Output) {
        out.left_out(LeftOut::Relations, doc.relations.len());
        write_document(doc, settings.layer, out);
    }

    /// A line per character: `字\tB-Figure\n` is 13 bytes for a 3-byte character, 4 for an ASCII one.
    fn expected_size(&self, text_bytes: usize) -> usize {
        text_bytes * 5
    }
}

/// The line that starts every document (CoNLL-2003's separator, which spaCy's `convert` expects).
pub const DOCSTART: &str = "-DOCSTART- -X- O O";

/// Characters after which a sentence ends.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?')
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether a character becomes a token line: whitespace and control characters do not.
fn is_token(c: char) -> bool {
    !c.is_whitespace() && !c.is_control()
}

/// Appends one document's sentences.
fn write_document(doc: &ExportDoc, layer: Layer, out: &mut Output) {
    let len = doc.text.len_chars();
    // owner[i] = 1 + index of the span that tags character i, 0 for none.
    let mut owner = std::mem::take(&mut out.scratch);
    let mut order = std::mem::take(&mut out.order);
    owner.clear();
    owner.resize(len, 0);
    order.clear();
    order.extend(0..doc.spans.len());
    let spans = doc.spans;
    order.sort_by(|&a, &b| {
        let (a, b) = (&spans[a], &spans[b]);
        let by_length = match layer {
            Layer::Outer => b.len().cmp(&a.len()),
            Layer::Inner => a.len().cmp(&b.len()),
        };
        by_length
            .then(a.start.cmp(&b.start))
            .then_with(|| a.label.cmp(&b.label))
    });
    let (mut other_layer, mut whitespace_only) = (0, 0);
    for &i in &order {
        let span = &spans[i];
        let end = span.end.min(len);
        let start = span.start.min(end);
        if owner[start..end].iter().any(|&o| o != 0) {
            other_layer += 1;
        } else if !doc.text.chars_between(start, end).any(is_token) {
            whitespace_only += 1;
        } else {
            owner[start..end].fill(i as u32 + 1);
        }
    }
    out.left_out(LeftOut::OtherLayer, other_layer);
    out.left_out(LeftOut::WhitespaceOnly, whitespace_only);

    let main = &mut out.main;
    main.extend_from_slice(DOCSTART.as_bytes());
    main.extend_from_slice(b"\n\n");
    let mut utf8 = [0u8; 4];
    let mut in_sentence = false;
    let mut pending_break = false;
    let mut previous = 0u32;
    for (c, &own) in doc.text.as_str().chars().zip(owner.iter()) {
        if !is_token(c) {
            pending_break |= is_line_break(c);
            continue;
        }
        let continues_span = own != 0 && own == previous;
        if pending_break && in_sentence && !continues_span {
            main.push(b'\n');
            in_sentence = false;
        }
        // One line, `字<TAB>TAG`, appended without formatting machinery: this runs once a character.
        main.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        if own == 0 {
            main.extend_from_slice(b"\tO\n");
        } else {
            let inside = continues_span && in_sentence;
            main.extend_from_slice(if inside { b"\tI-" } else { b"\tB-" });
            main.extend_from_slice(spans[own as usize - 1].label.as_bytes());
            main.push(b'\n');
        }
        in_sentence = true;
        previous = own;
        pending_break = ends_sentence(c);
    }
    if in_sentence {
        main.push(b'\n');
    }
    out.scratch = owner;
    out.order = order;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Span, Status};
    use crate::text::ReportText;

    fn conll(text: &ReportText, spans: &[Span], layer: Layer) -> (String, Output) {
        let doc = ExportDoc {
            id: "a.txt",
            text,
            annotator: Some("alice"),
            status: Status::Done,
            spans,
            relations: &[],
            figures: &crate::figures::Table::builtin(),
        };
        let mut out = Output::default();
        write_document(&doc, layer, &mut out);
        (String::from_utf8(out.main.clone()).unwrap(), out)
    }

    #[test]
    fn layers_sentences_and_whitespace() {
        // 𠮷 is astral; the Outcome crosses 。 (no sentence break inside it); CRLF splits sentences.
        let text = ReportText::new("𠮷 降至0.68%。好\r\n共523人");
        let spans = vec![
            Span::new(&text, 2, 11, "Outcome"),
            Span::new(&text, 4, 9, "Figure"),
            Span::new(&text, 14, 18, "Figure"),
        ];
        let (outer, out) = conll(&text, &spans, Layer::Outer);
        assert_eq!(out.summary.left_out.get(&LeftOut::OtherLayer), Some(&1));
        let lines: Vec<&str> = outer.lines().collect();
        assert_eq!(lines[0], DOCSTART);
        assert_eq!(lines[1], "");
        assert_eq!(lines[2], "𠮷\tO");
        assert_eq!(lines[3], "降\tB-Outcome");
        assert!(
            lines[4..12].iter().all(|l| l.ends_with("\tI-Outcome")),
            "{outer}"
        );
        assert_eq!(lines[11], "好\tI-Outcome");
        assert_eq!(lines[12], "", "CRLF ends the sentence");
        assert_eq!(lines[13], "共\tO");
        assert_eq!(lines[14], "5\tB-Figure");
        assert_eq!(lines.iter().filter(|l| l.starts_with(' ')).count(), 0);

        let (inner, _) = conll(&text, &spans, Layer::Inner);
        let tags: Vec<&str> = inner.lines().filter_map(|l| l.split('\t').nth(1)).collect();
        assert_eq!(
            &tags[..8],
            [
                "O", "O", "O", "B-Figure", "I-Figure", "I-Figure", "I-Figure", "I-Figure"
            ]
        );
        assert_eq!(tags[8], "O", "。 after the Figure is outside it");
    }
}
