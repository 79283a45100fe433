//! The RON text of an annotation file written directly, byte for byte what `ron`'s pretty printer writes with
//! the store's settings ([`crate::store::to_ron`]), about ten times faster on Chinese text.
//!
//! Why it exists: `ron` escapes every string one character at a time through `char::escape_debug`, whose
//! printable-character test walks Unicode tables for each Chinese character; writing the annotation files was
//! the largest CPU cost of importing a corpus (10,000 files). Here the characters that escape to themselves
//! (printable ASCII but quotes and backslash, CJK ideographs, full-width forms, common punctuation; a test
//! checks every one of them) are copied in runs, and every other character goes through the same
//! `char::escape_debug` as `ron`. Only the shapes an import or a save usually has are written here (no conflicts,
//! settled conflicts, rejected suggestions, orphans, links or corrected values); for anything else [`write`]
//! says no and the caller uses `ron`. A test compares the two on every kind of string and field.

use std::fmt::Write;

use crate::model::{AnnotationFile, Span, Status};

/// The RON text of a normalised annotation file, without the final line break the store adds; `None` when the
/// file has a part this writer leaves to `ron`.
pub fn write(file: &AnnotationFile) -> Option<String> {
    // Every field named, so that a field added to the file cannot be left out here without a compile error:
    // a file with anything this writer does not write goes to `ron`.
    let AnnotationFile {
        version: _,
        document:
            crate::model::DocRef {
                file: _,
                chars: _,
                sha256: _,
            },
        annotator: _,
        status: _,
        spans,
        conflicts,
        settled,
        rejected,
        orphans,
        relations,
        orphan_relations,
        rejected_relations,
        relation_conflicts,
        settled_relation_conflicts,
    } = file;
    if !conflicts.is_empty()
        || !settled.is_empty()
        || !rejected.is_empty()
        || !orphans.is_empty()
        || !relations.is_empty()
        || !orphan_relations.is_empty()
        || !rejected_relations.is_empty()
        || !relation_conflicts.is_empty()
        || !settled_relation_conflicts.is_empty()
        || spans.iter().any(|s| s.value.is_some())
    {
        return None;
    }
    let text_bytes: usize = file
        .spans
        .iter()
        .map(|s| {
            s.text.len()
                + s.context
                    .as_ref()
                    .map_or(0, |c| c.prefix.len() + c.suffix.len())
        })
        .sum();
    let mut out = String::with_capacity(256 + text_bytes * 2 + file.spans.len() * 80);
    out.push_str("(\n    version: ");
    let _ = write!(out, "{}", file.version);
    out.push_str(",\n    document: (\n        file: ");
    push_str(&mut out, &file.document.file);
    out.push_str(",\n        chars: ");
    let _ = write!(out, "{}", file.document.chars);
    out.push_str(",\n        sha256: ");
    push_str(&mut out, &file.document.sha256);
    out.push_str(",\n    ),\n    annotator: ");
    push_str(&mut out, &file.annotator);
    out.push_str(",\n    status: ");
    out.push_str(match file.status {
        Status::Todo => "Todo",
        Status::InProgress => "InProgress",
        Status::Done => "Done",
    });
    out.push_str(",\n    spans: [");
    if !file.spans.is_empty() {
        out.push('\n');
        for span in &file.spans {
            out.push_str("        ");
            push_span(&mut out, span);
            out.push_str(",\n");
        }
        out.push_str("    ");
    }
    out.push_str("],\n)");
    Some(out)
}

/// One span on one line: `(start: 1, end: 2, label: "X", text: "…", …)`.
fn push_span(out: &mut String, span: &Span) {
    // Every field named (see `write`); `value` is always `None` here.
    let Span {
        start: _,
        end: _,
        label: _,
        text: _,
        note: _,
        annotators: _,
        value: _,
        context: _,
    } = span;
    let _ = write!(out, "(start: {}, end: {}, label: ", span.start, span.end);
    push_str(out, &span.label);
    out.push_str(", text: ");
    push_str(out, &span.text);
    if let Some(note) = &span.note {
        out.push_str(", note: Some(");
        push_str(out, note);
        out.push(')');
    }
    if !span.annotators.is_empty() {
        out.push_str(", annotators: [");
        for (i, name) in span.annotators.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            push_str(out, name);
        }
        out.push(']');
    }
    if let Some(context) = &span.context {
        // Every field named here too: a field added to the context cannot be left out unnoticed.
        let crate::model::Context {
            prefix: _,
            suffix: _,
        } = context.as_ref();
        out.push_str(", context: (prefix: ");
        push_str(out, &context.prefix);
        out.push_str(", suffix: ");
        push_str(out, &context.suffix);
        out.push(')');
    }
    out.push(')');
}

/// Whether `char::escape_debug` gives the character itself, for the characters reports are mostly made of;
/// `false` means "ask `escape_debug`", never a different answer.
fn escapes_to_itself(c: char) -> bool {
    matches!(c,
        ' '..='!' | '#'..='&' | '('..='[' | ']'..='~'
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{3001}'..='\u{3029}'   // CJK punctuation: 、。〈〉《》「」『』【】 …
        | '\u{FF01}'..='\u{FF5E}'   // full-width forms: ，：；（）０-９ …
        | '\u{2010}'..='\u{2027}'   // dashes, quotation marks “” ‘’, …
    )
}

/// A string as `ron` writes it: in double quotes, each character as `char::escape_debug` gives it.
fn push_str(out: &mut String, s: &str) {
    out.push('"');
    let mut run = 0;
    for (i, c) in s.char_indices() {
        if escapes_to_itself(c) {
            continue;
        }
        out.push_str(&s[run..i]);
        out.extend(c.escape_debug());
        run = i + c.len_utf8();
    }
    out.push_str(&s[run..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocRef, SpanKey};
    use crate::text::ReportText;

    /// What `ron` writes with the store's settings.
    fn by_ron(file: &AnnotationFile) -> String {
        let config = ron::ser::PrettyConfig::new()
            .depth_limit(2)
            .indentor("    ")
            .new_line("\n")
            .struct_names(false);
        ron::ser::to_string_pretty(file, config).expect("serialised")
    }

    #[test]
    fn the_fast_characters_escape_to_themselves() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if escapes_to_itself(c) {
                assert_eq!(c.escape_debug().to_string(), c.to_string(), "{:?}", c);
            }
        }
    }

    #[test]
    fn every_string_and_field_is_written_as_ron_writes_it() {
        // Quotes, backslashes, control characters, a combining mark, U+3000, astral, private use, RTL marks.
        let nasty = "a\"b'c\\d\te\nf\r\0g\u{7f}h\u{301}i\u{3000}j𠮷k\u{e000}l\u{200f}m“引号”，。！";
        let text = ReportText::new(format!("{nasty}贫困发生率降至0.68%。{nasty}"));
        let len = text.len_chars();
        let mut file = AnnotationFile::new(DocRef::of("sub/\"报告\".txt", &text), "gold");
        assert_eq!(
            write(&file).as_deref(),
            Some(by_ron(&file).as_str()),
            "no spans"
        );
        file.status = Status::InProgress;
        for (start, end) in [(0, 5), (3, len - 2), (len - 6, len)] {
            file.spans.push(Span::new(&text, start, end, "Figure"));
        }
        file.spans[0].note = Some(nasty.to_owned());
        file.spans[1].annotators = vec!["alice".into(), "b\"ob".into()];
        file.spans.push(Span {
            context: None,
            ..Span::new(&text, 1, 2, "Outcome")
        });
        file.normalize();
        for status in Status::ALL {
            file.status = status;
            assert_eq!(write(&file).as_deref(), Some(by_ron(&file).as_str()));
        }
        let mut with_rejected = file.clone();
        with_rejected.rejected.push(SpanKey {
            start: 0,
            end: 1,
            label: "Figure".into(),
        });
        assert_eq!(write(&with_rejected), None, "left to ron");
        // A file with links is left to ron too, and saved with them.
        let mut with_link = file.clone();
        with_link.relations.push(crate::model::Relation {
            from: file.spans[1].key(),
            to: file.spans[0].key(),
            kind: "Quantifies".into(),
            note: None,
            annotators: Vec::new(),
        });
        assert_eq!(write(&with_link), None, "left to ron");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        crate::store::write_annotation_file(&path, &with_link).unwrap();
        let back = crate::store::read_annotation_file(&path).unwrap();
        assert_eq!(back.relations, with_link.relations);
    }
}
