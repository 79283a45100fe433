//! spantag's own JSONL: one document a line, `{"id", "text", "spans": [{"start", "end", "label", "text",
//! "note"?, "annotators"?, "value"?}], "annotator", "status"}`, code point offsets, so Python's `text[start:end]` is the
//! span and Hugging Face `datasets.load_dataset("json", ...)` loads it as is. It holds everything an annotation
//! file holds but merge conflicts (open or settled), so it round-trips the spans, notes and provenance. A Figure
//! span also has its `value` (`{"number" | "low", "high", "unit", "qualifier", "approx"}`, `null` when it cannot
//! be read): the analyst's correction, else the engine's reading. Import does not read it back (a correction is
//! not restored by a round trip). Links between spans are `relations: [{"from", "to", "label", "note"?,
//! "annotators"?}]`, `from` and `to` indices into the document's `spans` (absent when there are none).

use std::path::Path;

use serde::ser::SerializeSeq;
use serde::{Deserialize, Serialize, Serializer};

use crate::figures::{FIGURE, FigureValue, Table, ValueJson, span_value};
use crate::model::{SmallText, Span};
use crate::text::ReportText;

use crate::corpus::codec::{FormatSpec, Layout, Offsets, Reader, Writer};
use crate::corpus::types::{
    ExportDoc, ImportDoc, ImportRelation, ImportSpan, InputError, Location, Output, Parsed,
    ReadSettings, Settings, for_each_line_from, parse_status, read_line_blocks, span_from_value,
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
    spans: Spans<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    relations: Vec<OutRelation<'a>>,
    annotator: Option<&'a str>,
    status: &'a str,
}

/// One link of the export, its ends indices into the document's spans.
#[derive(Serialize)]
struct OutRelation<'a> {
    from: usize,
    to: usize,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "<[SmallText]>::is_empty")]
    annotators: &'a [SmallText],
}

/// A document's spans as the export writes them, one [`OutSpan`] at a time (no list of them is built).
struct Spans<'a> {
    spans: &'a [Span],
    figures: &'a Table,
}

impl Serialize for Spans<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.spans.len()))?;
        for span in self.spans {
            let value = span_value(span, self.figures);
            seq.serialize_element(&OutSpan {
                start: span.start,
                end: span.end,
                label: &span.label,
                text: &span.text,
                note: span.note.as_deref(),
                annotators: &span.annotators,
                value: (span.label == FIGURE).then(|| value.as_deref().map(FigureValue::json)),
            })?;
        }
        seq.end()
    }
}

/// One span of the export: the file's fields, and on a Figure its value (`null` when it cannot be read).
#[derive(Serialize)]
struct OutSpan<'a> {
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "<[SmallText]>::is_empty")]
    annotators: &'a [SmallText],
    /// `None` off Figure spans (no key); `Some(None)` is a figure without a readable value (`null`).
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<Option<ValueJson<'a>>>,
}

impl Writer for Jsonl {
    /// Appends one document as one line.
    fn write_document(&self, doc: &ExportDoc, _settings: &Settings, out: &mut Output) {
        write_document(doc, out);
    }
}

impl Reader for Jsonl {
    fn read(&self, input: &Path, _settings: &ReadSettings, parsed: &mut Parsed) -> Result<(), InputError> {
        read_line_blocks(input, |block, first_line| read(input, block, first_line, parsed))
    }
}

/// Appends one document as one line.
fn write_document(doc: &ExportDoc, out: &mut Output) {
    let record = Record {
        id: doc.id,
        text: doc.text.as_str(),
        spans: Spans {
            spans: doc.spans,
            figures: doc.figures,
        },
        relations: doc
            .relation_indices()
            .into_iter()
            .map(|(from, to, r)| OutRelation {
                from,
                to,
                label: &r.kind,
                note: r.note.as_deref(),
                annotators: &r.annotators,
            })
            .collect(),
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
    relations: Vec<serde_json::Value>,
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

/// One link as the jsonl export writes it.
#[derive(Deserialize)]
struct InRelation {
    from: usize,
    to: usize,
    label: String,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    annotators: Vec<String>,
}

/// Reads (a block of lines of) a jsonl file: every line a document; a line that is not a document is a problem on that line. Lines are
/// read on all cores (parsing the JSON and indexing each text is most of an import's work), their documents and
/// problems kept in line order.
fn read(path: &Path, source: &str, first_line: usize, parsed: &mut Parsed) {
    let mut lines = Vec::new();
    for_each_line_from(path, source, first_line, parsed, |at, line, _| {
        lines.push((at, line))
    });
    for part in crate::parallel::map(&lines, |(at, line)| {
        let mut part = Parsed::default();
        read_line(at.clone(), line, &mut part);
        part
    }) {
        parsed.docs.extend(part.docs);
        parsed.problems.extend(part.problems);
    }
}

/// Reads one line of a jsonl file.
fn read_line(at: Location, line: &str, parsed: &mut Parsed) {
    {
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
        // Where each span of the input went among those read (links name spans by their input position).
        let mut kept_at: Vec<Option<usize>> = Vec::with_capacity(record.spans.len());
        for (i, value) in record.spans.into_iter().enumerate() {
            let Some(span) = span_from_value::<InSpan>(value, &at, i, parsed) else {
                kept_at.push(None);
                continue;
            };
            kept_at.push(Some(spans.len()));
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
        let mut relations = Vec::with_capacity(record.relations.len());
        for (i, value) in record.relations.into_iter().enumerate() {
            match serde_json::from_value::<InRelation>(value) {
                Ok(r) => {
                    // An end past the spans is left as it is: the import reports it as not in the document.
                    let end = |index: usize| match kept_at.get(index) {
                        Some(Some(kept)) => Ok(*kept),
                        Some(None) => Err(index),
                        None => Ok(spans.len() + index),
                    };
                    let (from, to) = match (end(r.from), end(r.to)) {
                        (Ok(from), Ok(to)) => (from, to),
                        (Err(index), _) | (_, Err(index)) => {
                            parsed.problem(
                                at.clone(),
                                format!(
                                    "relation {}: its span {} could not be read; not imported",
                                    i + 1,
                                    index + 1
                                ),
                            );
                            continue;
                        }
                    };
                    relations.push(ImportRelation {
                    from,
                    to,
                    kind: r.label,
                    note: r.note,
                    annotators: r.annotators,
                    origin: at.clone(),
                    what: format!("relation {}", i + 1),
                });
                }
                Err(e) => parsed.problem(
                    at.clone(),
                    format!("relation {}: cannot be read ({e}); not imported", i + 1),
                ),
            }
        }
        parsed.docs.push(ImportDoc {
            id: record.id,
            origin: at,
            text,
            annotator: record.annotator,
            status,
            spans,
            relations,
        });
    }
}
