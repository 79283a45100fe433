//! Label Studio: a JSON list of tasks, `{"data": {"text", "document", "annotator", "status"}, "annotations":
//! [{"result": [...]}]}`, with one `labels` result a span (`value.start/end/text/labels`, code point offsets) and
//! a per-region `textarea` result (same region id) for its note; `label_config.xml` beside it declares the labels,
//! their colours and the note box, so Label Studio imports the file as is. A link between spans is a relation
//! result (`{"type": "relation", "from_id", "to_id", "direction": "right", "labels": ["Quantifies"]}`, ids of the
//! two regions), its types declared in the config's `<Relations>`; Label Studio relations have no note, so a
//! link's note is left out (and counted).
//!
//! Import reads Label Studio's own exports too: a region with several labels becomes one span per label; other
//! result types, predictions and second annotations of a task are reported, not imported.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::schema::Schema;
use crate::text::ReportText;

use crate::plural::count;
use crate::corpus::codec::{FormatSpec, Layout, Offsets, Reader, Writer};
use crate::corpus::types::{
    ExportDoc, ExportFile, ImportDoc, ImportRelation, ImportSpan, InputError, LeftOut, Location,
    Output, Parsed, ReadSettings, Settings, json_offset, parse_status, read_input,
};

/// The registry's line for the format.
pub(super) static SPEC: FormatSpec = FormatSpec {
    name: "label-studio",
    summary: "a Label Studio task list plus label_config.xml beside it (code points)",
    offsets: Offsets::CodePoints,
    layout: Layout::FileWithConfig {
        extension: "json",
        config: &[CONFIG_FILE],
    },
    one_layer: false,
    writer: &LabelStudio,
    reader: Some(&LabelStudio),
};

/// The labeling configuration written beside the tasks.
const CONFIG_FILE: &str = "label_config.xml";

/// The writer and reader.
struct LabelStudio;

impl Writer for LabelStudio {
    fn begin(&self, main: &mut Vec<u8>) {
        main.extend_from_slice(b"[\n");
    }

    fn write_document(&self, doc: &ExportDoc, _settings: &Settings, out: &mut Output) {
        write_document(doc, out);
    }

    /// Closes the task list (removing the last task's `,`).
    fn end(&self, main: &mut Vec<u8>) {
        if main.ends_with(b",\n") {
            main.truncate(main.len() - 2);
            main.push(b'\n');
        }
        main.extend_from_slice(b"]\n");
    }

    fn side_files(&self, schema: &Schema) -> Vec<ExportFile> {
        vec![config_file(schema)]
    }
}

impl Reader for LabelStudio {
    fn read(&self, input: &Path, _settings: &ReadSettings, parsed: &mut Parsed) -> Result<(), InputError> {
        let source = read_input(input)?;
        read(input, &source, parsed)
    }
}

/// The `<Labels name>` and `<Text name>` of [`config_file`], which every result names.
const LABELS_NAME: &str = "label";
const TEXT_NAME: &str = "text";
const NOTE_NAME: &str = "note";

#[derive(Serialize)]
struct Task<'a> {
    data: Data<'a>,
    annotations: Vec<Annotation<'a>>,
}

#[derive(Serialize)]
struct Data<'a> {
    text: &'a str,
    document: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    annotator: Option<&'a str>,
    status: &'a str,
}

#[derive(Serialize)]
struct Annotation<'a> {
    result: Vec<ResultItem<'a>>,
}

/// A result item: a region (a span or its note) or a link between two regions.
#[derive(Serialize)]
#[serde(untagged)]
enum ResultItem<'a> {
    Region(Region<'a>),
    Relation(RelationResult<'a>),
}

/// A link between two regions, as Label Studio writes it.
#[derive(Serialize)]
struct RelationResult<'a> {
    from_id: String,
    to_id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    direction: &'static str,
    labels: [&'a str; 1],
}

#[derive(Serialize)]
struct Region<'a> {
    id: String,
    from_name: &'static str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    origin: &'static str,
    value: RegionValue<'a>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum RegionValue<'a> {
    Labels {
        start: usize,
        end: usize,
        text: &'a str,
        labels: [&'a str; 1],
    },
    Note {
        start: usize,
        end: usize,
        text: [&'a str; 1],
    },
}

/// Appends one task (followed by `,\n`; [`end`] removes the last one).
fn write_document(doc: &ExportDoc, out: &mut Output) {
    let mut result = Vec::with_capacity(doc.spans.len());
    for (i, span) in doc.spans.iter().enumerate() {
        let id = format!("s{}", i + 1);
        if let Some(note) = &span.note {
            result.push(ResultItem::Region(Region {
                id: id.clone(),
                from_name: NOTE_NAME,
                to_name: TEXT_NAME,
                kind: "textarea",
                origin: "manual",
                value: RegionValue::Note {
                    start: span.start,
                    end: span.end,
                    text: [note.as_str()],
                },
            }));
        }
        result.push(ResultItem::Region(Region {
            id,
            from_name: LABELS_NAME,
            to_name: TEXT_NAME,
            kind: "labels",
            origin: "manual",
            value: RegionValue::Labels {
                start: span.start,
                end: span.end,
                text: &span.text,
                labels: [span.label.as_str()],
            },
        }));
    }
    for (from, to, relation) in doc.relation_indices() {
        result.push(ResultItem::Relation(RelationResult {
            from_id: format!("s{}", from + 1),
            to_id: format!("s{}", to + 1),
            kind: "relation",
            direction: "right",
            labels: [relation.kind.as_str()],
        }));
    }
    out.left_out(
        LeftOut::Notes,
        doc.relations.iter().filter(|r| r.note.is_some()).count(),
    );
    let task = Task {
        data: Data {
            text: doc.text.as_str(),
            document: doc.id,
            annotator: doc.annotator,
            status: doc.status.as_str(),
        },
        annotations: if doc.annotator.is_some() {
            vec![Annotation { result }]
        } else {
            Vec::new()
        },
    };
    // Writing plain strings and numbers into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut out.main, &task);
    out.main.extend_from_slice(b",\n");
}

/// `label_config.xml`: the labeling configuration Label Studio needs to show these tasks.
fn config_file(schema: &Schema) -> ExportFile {
    let mut xml = String::from("<View>\n");
    let _ = writeln!(
        xml,
        "  <Labels name=\"{LABELS_NAME}\" toName=\"{TEXT_NAME}\">"
    );
    for label in &schema.labels {
        let _ = writeln!(
            xml,
            "    <Label value=\"{}\" background=\"{}\"/>",
            xml_escape(&label.name),
            xml_escape(&label.color)
        );
    }
    xml.push_str("  </Labels>\n");
    xml.push_str("  <Relations>\n");
    for def in schema.relations() {
        let _ = writeln!(
            xml,
            "    <Relation value=\"{}\" background=\"{}\"/>",
            xml_escape(&def.name),
            xml_escape(&def.color)
        );
    }
    xml.push_str("  </Relations>\n");
    let _ = writeln!(
        xml,
        "  <Text name=\"{TEXT_NAME}\" value=\"${TEXT_NAME}\" granularity=\"symbol\"/>"
    );
    let _ = writeln!(
        xml,
        "  <TextArea name=\"{NOTE_NAME}\" toName=\"{TEXT_NAME}\" perRegion=\"true\" editable=\"true\" \
         placeholder=\"Note on this span\"/>"
    );
    xml.push_str("</View>\n");
    ExportFile {
        path: CONFIG_FILE.to_owned(),
        bytes: xml.into_bytes(),
    }
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[derive(Deserialize)]
struct InTask<'a> {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    data: Map<String, Value>,
    #[serde(default, borrow)]
    annotations: Vec<InAnnotation<'a>>,
    #[serde(default)]
    predictions: Vec<Value>,
}

#[derive(Deserialize)]
struct InAnnotation<'a> {
    #[serde(default, borrow)]
    result: Vec<&'a RawValue>,
    #[serde(default)]
    was_cancelled: bool,
}

/// Line numbers of byte offsets in a source, for messages.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(source: &str) -> Self {
        Lines {
            starts: source.match_indices('\n').map(|(i, _)| i).collect(),
        }
    }

    /// The 1-based line of a slice of the source.
    fn of(&self, source: &str, part: &str) -> usize {
        let offset = (part.as_ptr() as usize).saturating_sub(source.as_ptr() as usize);
        self.starts.partition_point(|&newline| newline < offset) + 1
    }
}

/// Reads a Label Studio task list.
fn read(path: &Path, source: &str, parsed: &mut Parsed) -> Result<(), InputError> {
    let tasks: Vec<&RawValue> = serde_json::from_str(source).map_err(|e| {
        InputError::new(path, format!("not a JSON list of Label Studio tasks: {e}"))
    })?;
    let lines = Lines::new(source);
    let at = |part: &str| Location::new(path, Some(lines.of(source, part)));
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "label-studio".to_owned());
    for (index, raw) in tasks.into_iter().enumerate() {
        let task_at = at(raw.get());
        let task: InTask = match serde_json::from_str(raw.get()) {
            Ok(task) => task,
            Err(e) => {
                parsed.problem(
                    task_at,
                    format!("task {}: not a task ({e}); not imported", index + 1),
                );
                continue;
            }
        };
        let Some(text) = task.data.get("text").and_then(Value::as_str) else {
            parsed.problem(
                task_at,
                format!("task {}: no data.text string; not imported", index + 1),
            );
            continue;
        };
        let text = ReportText::new(text);
        let id = match (task.data.get("document"), &task.id) {
            (Some(Value::String(doc)), _) => doc.clone(),
            (_, Some(Value::Number(n))) => format!("task-{n}.txt"),
            _ => format!("{stem}-{}.txt", index + 1),
        };
        let status = match task.data.get("status").and_then(Value::as_str) {
            Some(name) => {
                let status = parse_status(name);
                if status.is_none() {
                    parsed.problem(
                        task_at.clone(),
                        format!("unknown status {name:?}; left as todo"),
                    );
                }
                status
            }
            None => None,
        };
        if !task.predictions.is_empty() {
            parsed.problem(
                task_at.clone(),
                format!(
                    "task {}: {} not imported (only annotations are)",
                    index + 1,
                    count(task.predictions.len(), "prediction")
                ),
            );
        }
        let mut annotations = task.annotations.iter().filter(|a| !a.was_cancelled);
        let mut spans = Vec::new();
        let mut relations = Vec::new();
        if let Some(annotation) = annotations.next() {
            read_regions(&annotation.result, &at, &mut spans, &mut relations, parsed);
        }
        let others = annotations.count();
        if others > 0 {
            parsed.problem(
                task_at.clone(),
                format!(
                    "task {}: {} not imported (spantag imports one annotation a task: split the file by \
                     annotator)",
                    index + 1,
                    count(others, "more annotation")
                ),
            );
        }
        parsed.docs.push(ImportDoc {
            id,
            origin: task_at,
            text,
            annotator: task
                .data
                .get("annotator")
                .and_then(Value::as_str)
                .map(str::to_owned),
            status,
            spans,
            relations,
        });
    }
    Ok(())
}

/// Turns one annotation's results into spans: `labels` regions, with the notes of their `textarea` regions.
fn read_regions(
    result: &[&RawValue],
    at: &dyn Fn(&str) -> Location,
    spans: &mut Vec<ImportSpan>,
    relations: &mut Vec<ImportRelation>,
    parsed: &mut Parsed,
) {
    let mut notes: Vec<(Location, String, String)> = Vec::new();
    // Relation results: (where, value), resolved once every region is read.
    let mut links: Vec<(Location, Value)> = Vec::new();
    let mut by_region: HashMap<String, Vec<usize>> = HashMap::new();
    for raw in result {
        let region_at = at(raw.get());
        let region: Value = match serde_json::from_str(raw.get()) {
            Ok(region) => region,
            Err(e) => {
                parsed.problem(
                    region_at,
                    format!("result item is not JSON ({e}); not imported"),
                );
                continue;
            }
        };
        let region_id = region
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let name = if region_id.is_empty() {
            "region".to_owned()
        } else {
            format!("region {region_id}")
        };
        let value = region.get("value").cloned().unwrap_or(Value::Null);
        match region.get("type").and_then(Value::as_str) {
            Some("labels") => {
                let offset = |key: &str| value.get(key).and_then(json_offset);
                let (Some(start), Some(end)) = (offset("start"), offset("end")) else {
                    parsed.problem(region_at, format!("{name}: value.start and value.end must be whole numbers >= 0; not imported"));
                    continue;
                };
                let labels: Vec<&str> = value
                    .get("labels")
                    .and_then(Value::as_array)
                    .map(|l| l.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                if labels.is_empty() {
                    parsed.problem(region_at, format!("{name}: no value.labels; not imported"));
                    continue;
                }
                let quoted = value.get("text").and_then(Value::as_str).map(str::to_owned);
                for label in labels {
                    by_region
                        .entry(region_id.clone())
                        .or_default()
                        .push(spans.len());
                    spans.push(ImportSpan {
                        start,
                        end,
                        label: label.to_owned(),
                        quoted: quoted.clone(),
                        note: None,
                        annotators: Vec::new(),
                        origin: region_at.clone(),
                        what: name.clone(),
                    });
                }
            }
            Some("textarea") => {
                let lines: Vec<&str> = value
                    .get("text")
                    .and_then(Value::as_array)
                    .map(|l| l.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                notes.push((region_at, region_id, lines.join("\n")));
            }
            Some("relation") => links.push((region_at, region)),
            other => parsed.problem(
                region_at,
                format!(
                    "{name}: result type {} is not part of spantag's model; not imported",
                    other.unwrap_or("(none)")
                ),
            ),
        }
    }
    for (region_at, region_id, note) in notes {
        match by_region.get(&region_id).filter(|_| !region_id.is_empty()) {
            Some(indexes) => {
                for &i in indexes {
                    spans[i].note = Some(note.clone());
                }
            }
            None => parsed.problem(
                region_at,
                "a text area not attached to a labeled region (a note on the whole task) is not imported",
            ),
        }
    }
    for (k, (link_at, link)) in links.into_iter().enumerate() {
        let what = format!("relation {}", k + 1);
        match read_relation(&link, &by_region, &what) {
            Ok((from, to, kind)) => relations.push(ImportRelation {
                from,
                to,
                kind,
                note: None,
                annotators: Vec::new(),
                origin: link_at,
                what,
            }),
            Err(message) => parsed.problem(link_at, format!("{message}; not imported")),
        }
    }
}

/// A relation result's two spans (by region id, oriented by `direction`) and its one label.
fn read_relation(
    link: &Value,
    by_region: &HashMap<String, Vec<usize>>,
    what: &str,
) -> Result<(usize, usize, String), String> {
    let end = |key: &str| -> Result<usize, String> {
        let id = link
            .get(key)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{what}: no {key} string"))?;
        match by_region.get(id).map(Vec::as_slice) {
            Some([one]) => Ok(*one),
            Some([]) | None => Err(format!("{what}: {key} {id:?} is not an imported labeled region")),
            Some(_) => Err(format!(
                "{what}: region {id:?} has several labels, so which span it links is unclear"
            )),
        }
    };
    let (from, to) = (end("from_id")?, end("to_id")?);
    let (from, to) = match link.get("direction").and_then(Value::as_str) {
        None | Some("right") => (from, to),
        Some("left") => (to, from),
        Some(other) => {
            return Err(format!(
                "{what}: direction {other:?} has no place in spantag's links, which go one way"
            ));
        }
    };
    let labels: Vec<&str> = link
        .get("labels")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    match labels.as_slice() {
        [kind] => Ok((from, to, (*kind).to_owned())),
        [] => Err(format!("{what}: no label (a link needs its type)")),
        _ => Err(format!("{what}: several labels; spantag links have one type")),
    }
}
