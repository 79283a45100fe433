//! A span table for analysts: `document, annotator, label, start, end, text, note, value, unit, qualifier`, one
//! row a span, code point offsets. `value` is a Figure's number (`369800000`, `0.68`) or range (`30000..50000`),
//! the analyst's correction else the engine's reading; the three value columns are empty on other spans and on
//! a figure whose value cannot be read. RFC 4180 (quoted fields, CRLF) via the `csv` crate, UTF-8 with a byte-order mark so that spreadsheet
//! programs show Chinese correctly. Documents without spans have no rows. Links between spans go to a second
//! table beside it, `relations.csv`: `document, annotator, type, from_label, from_start, from_end, from_text,
//! to_label, to_start, to_end, to_text, note`, one row a link.

use crate::figures::span_value;

use crate::corpus::codec::{FormatSpec, Layout, Offsets, Writer};
use crate::corpus::types::{ExportDoc, ExportFile, Output, Settings};
use crate::schema::Schema;

/// The registry's line for the format.
pub(super) static SPEC: FormatSpec = FormatSpec {
    name: "csv",
    summary: "a span table for spreadsheets, UTF-8 with BOM (code points; export only)",
    offsets: Offsets::CodePoints,
    layout: Layout::File { extension: "csv" },
    one_layer: false,
    writer: &Csv,
    reader: None,
};

/// The writer.
struct Csv;

impl Writer for Csv {
    fn begin(&self, main: &mut Vec<u8>) {
        begin(main);
    }

    fn write_document(&self, doc: &ExportDoc, _settings: &Settings, out: &mut Output) {
        write_document(doc, out);
        write_relations(doc, out);
    }

    /// The relations table's byte-order mark and header; the runs append its rows.
    fn side_files(&self, _schema: &Schema) -> Vec<ExportFile> {
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        let mut w = writer(&mut bytes);
        let _ = w.write_record(RELATIONS_HEADER);
        let _ = w.flush();
        drop(w);
        vec![ExportFile {
            path: RELATIONS_FILE.to_owned(),
            bytes,
        }]
    }
}

/// The second table's name, beside the span table.
pub const RELATIONS_FILE: &str = "relations.csv";

/// The relations table's header row.
pub const RELATIONS_HEADER: [&str; 12] = [
    "document",
    "annotator",
    "type",
    "from_label",
    "from_start",
    "from_end",
    "from_text",
    "to_label",
    "to_start",
    "to_end",
    "to_text",
    "note",
];

/// Appends one row per link to this run's part of the relations table.
fn write_relations(doc: &ExportDoc, out: &mut Output) {
    let links = doc.relation_indices();
    if links.is_empty() {
        return;
    }
    let mut bytes = Vec::new();
    let mut w = writer(&mut bytes);
    let annotator = doc.annotator.unwrap_or_default();
    let mut numbers = [itoa_buffer(), itoa_buffer(), itoa_buffer(), itoa_buffer()];
    for (from, to, relation) in links {
        let (a, b) = (&doc.spans[from], &doc.spans[to]);
        let [n0, n1, n2, n3] = &mut numbers;
        let record = [
            doc.id,
            annotator,
            relation.kind.as_str(),
            a.label.as_str(),
            number(n0, a.start),
            number(n1, a.end),
            a.text.as_str(),
            b.label.as_str(),
            number(n2, b.start),
            number(n3, b.end),
            b.text.as_str(),
            relation.note.as_deref().unwrap_or_default(),
        ];
        let _ = w.write_record(record);
    }
    let _ = w.flush();
    drop(w);
    out.files.push(ExportFile {
        path: RELATIONS_FILE.to_owned(),
        bytes,
    });
}

/// The header row.
pub const HEADER: [&str; 10] = [
    "document",
    "annotator",
    "label",
    "start",
    "end",
    "text",
    "note",
    "value",
    "unit",
    "qualifier",
];

fn writer(out: &mut Vec<u8>) -> ::csv::Writer<&mut Vec<u8>> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out)
}

/// Writes the byte-order mark and the header row.
fn begin(main: &mut Vec<u8>) {
    main.extend_from_slice("\u{feff}".as_bytes());
    let mut w = writer(main);
    // Writing into a Vec cannot fail.
    let _ = w.write_record(HEADER);
    let _ = w.flush();
}

/// Appends one row per span.
fn write_document(doc: &ExportDoc, out: &mut Output) {
    if doc.spans.is_empty() {
        return;
    }
    let mut w = writer(&mut out.main);
    let annotator = doc.annotator.unwrap_or_default();
    let mut start = itoa_buffer();
    let mut end = itoa_buffer();
    let mut amount = String::new();
    for span in doc.spans {
        let value = span_value(span, doc.figures);
        amount.clear();
        if let Some(v) = &value {
            use std::fmt::Write as _;
            let _ = write!(amount, "{}", v.amount);
        }
        let record = [
            doc.id,
            annotator,
            span.label.as_str(),
            number(&mut start, span.start),
            number(&mut end, span.end),
            span.text.as_str(),
            span.note.as_deref().unwrap_or_default(),
            &amount,
            value.as_ref().map_or("", |v| v.unit.as_str()),
            value.as_ref().map_or("", |v| v.qualifier.as_str()),
        ];
        // Writing into a Vec cannot fail.
        let _ = w.write_record(record);
    }
    let _ = w.flush();
}

fn itoa_buffer() -> String {
    String::with_capacity(20)
}

/// Formats a number into a reused buffer.
fn number(buffer: &mut String, n: usize) -> &str {
    use std::fmt::Write as _;
    buffer.clear();
    let _ = write!(buffer, "{n}");
    buffer
}
