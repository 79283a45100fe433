//! doccano's sequence-labeling JSONL: `{"id", "text", "label": [[start, end, "Label"], ...], "annotator",
//! "status"}` one document a line (doccano keeps the keys it does not know as metadata).
//!
//! doccano counts offsets in UTF-16 code units (JavaScript string indices), so an astral character such as 𠮷
//! counts 2; that is the default here, converted at this edge. `--offsets codepoint` writes and reads Python
//! `str` indices instead, for users who slice in Python. doccano has no place for span notes: they are left out
//! (and counted). Import also takes doccano's other spellings: `label` items as `{start_offset, end_offset,
//! label}` and the `entities` list of relation projects. With `--relations` the export is doccano's relation
//! JSONL: `"entities": [{"id", "label", "start_offset", "end_offset"}]` and `"relations": [{"id", "from_id",
//! "to_id", "type"}]` (ids numbered from 1 within the document); without it, links are left out (and counted).
//! Import reads `relations` back wherever `entities` carry ids.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::text::ReportText;

use crate::corpus::codec::{FormatSpec, Layout, Offsets, Reader, Writer};
use crate::corpus::types::{
    ExportDoc, ImportDoc, ImportRelation, ImportSpan, InputError, LeftOut, Location, OffsetUnit,
    Output, Parsed, ReadSettings, Settings, for_each_line_from, json_offset, parse_status,
    read_line_blocks,
};

/// The registry's line for the format.
pub(super) static SPEC: FormatSpec = FormatSpec {
    name: "doccano",
    summary: "doccano's sequence-labeling JSON lines (UTF-16 offsets, or code points with --offsets codepoint)",
    offsets: Offsets::Utf16OrCodePoints,
    layout: Layout::File { extension: "jsonl" },
    one_layer: false,
    writer: &Doccano,
    reader: Some(&Doccano),
};

/// The writer and reader.
struct Doccano;

impl Writer for Doccano {
    fn write_document(&self, doc: &ExportDoc, settings: &Settings, out: &mut Output) {
        if settings.relations {
            write_relation_document(doc, settings.offsets, out);
        } else {
            out.left_out(LeftOut::Relations, doc.relations.len());
            write_document(doc, settings.offsets, out);
        }
    }
}

impl Reader for Doccano {
    fn read(&self, input: &Path, settings: &ReadSettings, parsed: &mut Parsed) -> Result<(), InputError> {
        read_line_blocks(input, |block, first_line| {
            read(input, block, first_line, settings.offsets, parsed)
        })
    }
}

/// doccano keeps keys other than `text` and `label` as metadata, so the annotator and status ride along.
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    text: &'a str,
    label: Vec<(usize, usize, &'a str)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    annotator: Option<&'a str>,
    status: &'a str,
}

/// doccano's relation-extraction line: entities with ids, and the links between them.
#[derive(Serialize)]
struct RelationRecord<'a> {
    id: &'a str,
    text: &'a str,
    entities: Vec<Entity<'a>>,
    relations: Vec<OutRelation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    annotator: Option<&'a str>,
    status: &'a str,
}

/// One span of a relation line.
#[derive(Serialize)]
struct Entity<'a> {
    id: usize,
    label: &'a str,
    start_offset: usize,
    end_offset: usize,
}

/// One link of a relation line.
#[derive(Serialize)]
struct OutRelation<'a> {
    id: usize,
    from_id: usize,
    to_id: usize,
    #[serde(rename = "type")]
    kind: &'a str,
}

/// Appends one document as one relation line, offsets in `unit`; entity `i + 1` is span `i`.
fn write_relation_document(doc: &ExportDoc, unit: OffsetUnit, out: &mut Output) {
    let offset = |char_offset: usize| match unit {
        OffsetUnit::Utf16 => doc.text.utf16_of(char_offset),
        OffsetUnit::Codepoint => char_offset,
    };
    let record = RelationRecord {
        id: doc.id,
        text: doc.text.as_str(),
        entities: doc
            .spans
            .iter()
            .enumerate()
            .map(|(i, s)| Entity {
                id: i + 1,
                label: &s.label,
                start_offset: offset(s.start),
                end_offset: offset(s.end),
            })
            .collect(),
        relations: doc
            .relation_indices()
            .into_iter()
            .enumerate()
            .map(|(k, (from, to, r))| OutRelation {
                id: k + 1,
                from_id: from + 1,
                to_id: to + 1,
                kind: &r.kind,
            })
            .collect(),
        annotator: doc.annotator,
        status: doc.status.as_str(),
    };
    let _ = serde_json::to_writer(&mut out.main, &record);
    out.main.push(b'\n');
    let notes = doc.spans.iter().filter(|s| s.note.is_some()).count()
        + doc.relations.iter().filter(|r| r.note.is_some()).count();
    out.left_out(LeftOut::Notes, notes);
}

/// Appends one document as one line, offsets in `unit`.
fn write_document(doc: &ExportDoc, unit: OffsetUnit, out: &mut Output) {
    let offset = |char_offset: usize| match unit {
        OffsetUnit::Utf16 => doc.text.utf16_of(char_offset),
        OffsetUnit::Codepoint => char_offset,
    };
    let label = doc
        .spans
        .iter()
        .map(|s| (offset(s.start), offset(s.end), s.label.as_str()))
        .collect();
    let record = Record {
        id: doc.id,
        text: doc.text.as_str(),
        label,
        annotator: doc.annotator,
        status: doc.status.as_str(),
    };
    // Writing plain strings and numbers into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut out.main, &record);
    out.main.push(b'\n');
    let notes = doc.spans.iter().filter(|s| s.note.is_some()).count();
    out.left_out(LeftOut::Notes, notes);
}

/// Reads (a block of lines of) a doccano JSONL file, converting offsets from `unit` to code points. Lines are
/// read on all cores, their documents and problems kept in line order (as jsonl's).
fn read(path: &Path, source: &str, first_line: usize, unit: OffsetUnit, parsed: &mut Parsed) {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "doccano".to_owned());
    let mut lines = Vec::new();
    for_each_line_from(path, source, first_line, parsed, |at, line, _| {
        lines.push((at, line))
    });
    for part in crate::parallel::map(&lines, |(at, line)| {
        let mut part = Parsed::default();
        read_line(&stem, at.clone(), line, unit, &mut part);
        part
    }) {
        parsed.docs.extend(part.docs);
        parsed.problems.extend(part.problems);
    }
}

/// Reads one line of a doccano file.
fn read_line(stem: &str, at: Location, line: &str, unit: OffsetUnit, parsed: &mut Parsed) {
    {
        let record: Value = match serde_json::from_str(line) {
            Ok(Value::Object(map)) => Value::Object(map),
            Ok(_) => return parsed.problem(at, "not a JSON object; not imported"),
            Err(e) => return parsed.problem(at, format!("not JSON ({e}); not imported")),
        };
        let Some(text) = record.get("text").and_then(Value::as_str) else {
            return parsed.problem(at, "no \"text\" string; not imported");
        };
        let text = ReportText::new(text);
        let id = match record.get("id") {
            Some(Value::String(id)) => id.clone(),
            Some(Value::Number(n)) => format!("{n}.txt"),
            _ => format!("{stem}-{}.txt", at.line.unwrap_or(0)),
        };
        let items = match (record.get("label"), record.get("entities")) {
            (Some(Value::Array(items)), _) | (None, Some(Value::Array(items))) => items.as_slice(),
            (None, None) | (Some(Value::Null), _) => &[],
            _ => {
                return parsed.problem(
                    at,
                    "\"label\" (or \"entities\") is not a list of spans; not imported",
                );
            }
        };
        let mut spans = Vec::with_capacity(items.len());
        // Entity id -> index in `spans` (`None`: the entity was not read), for the relations.
        let mut entity_ids: std::collections::HashMap<String, Option<usize>> =
            std::collections::HashMap::new();
        for (i, item) in items.iter().enumerate() {
            let entity_id = item.get("id").map(Value::to_string);
            let read = read_item(item, &text, unit);
            if let Some(entity_id) = entity_id {
                entity_ids.insert(entity_id, read.is_ok().then_some(spans.len()));
            }
            match read {
                Ok((start, end, label)) => spans.push(ImportSpan {
                    start,
                    end,
                    label,
                    quoted: None,
                    note: None,
                    annotators: Vec::new(),
                    origin: at.clone(),
                    what: format!("label {}", i + 1),
                }),
                Err(message) => parsed.problem(
                    at.clone(),
                    format!("label {}: {message}; not imported", i + 1),
                ),
            }
        }
        let relations = read_relations(record.get("relations"), &entity_ids, &at, parsed);
        let status = record
            .get("status")
            .and_then(Value::as_str)
            .and_then(parse_status);
        let annotator = record
            .get("annotator")
            .and_then(Value::as_str)
            .map(str::to_owned);
        parsed.docs.push(ImportDoc {
            id,
            origin: at,
            text,
            annotator,
            status,
            spans,
            relations,
        });
    }
}

/// A relation line's `relations`: `{"id", "from_id", "to_id", "type"}` each, ends named by entity id.
fn read_relations(
    list: Option<&Value>,
    entity_ids: &std::collections::HashMap<String, Option<usize>>,
    at: &Location,
    parsed: &mut Parsed,
) -> Vec<ImportRelation> {
    let items = match list {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(_) => {
            parsed.problem(at.clone(), "\"relations\" is not a list; not imported");
            return Vec::new();
        }
    };
    let mut relations = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let what = format!("relation {}", i + 1);
        let end = |key: &str| -> Result<usize, String> {
            let id = item
                .get(key)
                .ok_or_else(|| format!("{what}: no {key:?}"))?;
            match entity_ids.get(&id.to_string()) {
                Some(Some(index)) => Ok(*index),
                Some(None) => Err(format!("{what}: its entity {id} was not imported")),
                None => Err(format!("{what}: {key} {id} is not an entity of the document")),
            }
        };
        let kind = item.get("type").and_then(Value::as_str);
        match (end("from_id"), end("to_id"), kind) {
            (Ok(from), Ok(to), Some(kind)) => relations.push(ImportRelation {
                from,
                to,
                kind: kind.to_owned(),
                note: None,
                annotators: Vec::new(),
                origin: at.clone(),
                what,
            }),
            (Err(message), _, _) | (_, Err(message), _) => {
                parsed.problem(at.clone(), format!("{message}; not imported"));
            }
            (_, _, None) => {
                parsed.problem(at.clone(), format!("{what}: no \"type\" string; not imported"));
            }
        }
    }
    relations
}

/// One `label` item: `[start, end, "Label"]` or `{"start_offset", "end_offset", "label"}`, offsets converted.
fn read_item(
    item: &Value,
    text: &ReportText,
    unit: OffsetUnit,
) -> Result<(usize, usize, String), String> {
    let (start, end, label) = match item {
        Value::Array(parts) if parts.len() == 3 => (&parts[0], &parts[1], &parts[2]),
        Value::Object(map) => (
            map.get("start_offset").unwrap_or(&Value::Null),
            map.get("end_offset").unwrap_or(&Value::Null),
            map.get("label").unwrap_or(&Value::Null),
        ),
        other => {
            return Err(format!(
                "{other} is not a span ([start, end, \"Label\"] or {{start_offset, end_offset, label}})"
            ));
        }
    };
    let offset = |value: &Value| -> Result<usize, String> {
        let raw = json_offset(value).ok_or_else(|| format!("offset {value} is not a whole number >= 0"))?;
        match unit {
            OffsetUnit::Codepoint => Ok(raw),
            OffsetUnit::Utf16 => to_code_points(text, raw),
        }
    };
    let label = label
        .as_str()
        .ok_or_else(|| format!("label {label} is not a string"))?;
    Ok((offset(start)?, offset(end)?, label.to_owned()))
}

/// Converts a UTF-16 offset, explaining the two ways it can fail. The offset is checked against the text's
/// length first, so no offset however large is ever narrowed (2^32 must not become 0).
fn to_code_points(text: &ReportText, unit: usize) -> Result<usize, String> {
    let units = text.utf16_of(text.len_chars());
    if unit > units {
        return Err(format!(
            "UTF-16 offset {unit} is past the end of the text ({units} UTF-16 units)"
        ));
    }
    text.char_of_utf16(unit).ok_or_else(|| {
        format!(
            "UTF-16 offset {unit} falls inside a surrogate pair (does the file count code points? try --offsets \
             codepoint)"
        )
    })
}
