//! spantag's own JSONL: one document a line, `{"id", "text", "spans": [{"start", "end", "label", "text",
//! "note"?, "annotators"?}], "annotator", "status"}`, code point offsets, so Python's `text[start:end]` is the
//! span and Hugging Face `datasets.load_dataset("json", ...)` loads it as is. It holds everything an annotation
//! file holds but merge conflicts (open or settled), so it round-trips the spans, notes and provenance.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::Span;
use crate::text::ReportText;

use crate::corpus::codec::{FormatSpec, Layout, Offsets, Reader, Writer};
use crate::corpus::types::{
    ExportDoc, ImportDoc, ImportSpan, InputError, OffsetUnit, Output, Parsed, Settings,
    for_each_line, parse_status, read_input, span_from_value,
};

/// The registry's line for the format.
pub(super) static SPEC: FormatSpec = FormatSpec {
    name: "jsonl",
    summary: "spantag's own JSON lines: text, spans, notes, annotator, status (code points)",
    offsets: Offsets::CodePoints,
    layout: Layout::File { extension: "jsonl" },
    one_layer: false,
    writer: &Jsonl,
    reader: Some(&Jsonl),
};

/// The writer and reader.
struct Jsonl;

#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    text: &'a str,
    spans: &'a [Span],
    annotator: Option<&'a str>,
    status: &'a str,
}

impl Writer for Jsonl {
    /// Appends one document as one line.
    fn write_document(&self, doc: &ExportDoc, _settings: &Settings, out: &mut Output) {
        write_document(doc, out);
    }
}

impl Reader for Jsonl {
    fn read(&self, input: &Path, _offsets: OffsetUnit, parsed: &mut Parsed) -> Result<(), InputError> {
        let source = read_input(input)?;
        read(input, &source, parsed);
        Ok(())
    }
}

/// Appends one document as one line.
fn write_document(doc: &ExportDoc, out: &mut Output) {
    let record = Record {
        id: doc.id,
        text: doc.text.as_str(),
        spans: doc.spans,
        annotator: doc.annotator,
        status: doc.status.as_str(),
    };
    // Writing plain strings and numbers into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut out.main, &record);
    out.main.push(b'\n');
}

#[derive(Deserialize)]
struct InRecord {
    id: String,
    text: String,
    #[serde(default)]
    spans: Vec<serde_json::Value>,
    #[serde(default)]
    annotator: Option<String>,
    #[serde(default)]
    status: Option<String>,
}

/// One span as the jsonl export writes it.
#[derive(Deserialize)]
struct InSpan {
    start: usize,
    end: usize,
    label: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    annotators: Vec<String>,
}

/// Reads a jsonl file: every line a document; a line that is not a document is a problem on that line.
fn read(path: &Path, source: &str, parsed: &mut Parsed) {
    for_each_line(path, source, parsed, |at, line, parsed| {
        let record: InRecord = match serde_json::from_str(line) {
            Ok(record) => record,
            Err(e) => return parsed.problem(at, format!("not a spantag jsonl document: {e}")),
        };
        let status = match record.status.as_deref().map(|s| (s, parse_status(s))) {
            None => None,
            Some((_, Some(status))) => Some(status),
            Some((name, None)) => {
                parsed.problem(
                    at.clone(),
                    format!("unknown status {name:?} (todo, in progress or done); left as todo"),
                );
                None
            }
        };
        let text = ReportText::new(record.text);
        let mut spans = Vec::with_capacity(record.spans.len());
        for (i, value) in record.spans.into_iter().enumerate() {
            let Some(span) = span_from_value::<InSpan>(value, &at, i, parsed) else {
                continue;
            };
            spans.push(ImportSpan {
                start: span.start,
                end: span.end,
                label: span.label,
                quoted: span.text,
                note: span.note,
                annotators: span.annotators,
                origin: at.clone(),
                what: format!("span {}", i + 1),
            });
        }
        parsed.docs.push(ImportDoc {
            id: record.id,
            origin: at,
            text,
            annotator: record.annotator,
            status,
            spans,
        });
    });
}
