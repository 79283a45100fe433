//! brat standoff: a folder brat opens directly. Each report becomes `DOC.txt` (its text, UTF-8, unchanged, CRLF
//! and all) and `DOC.ann` with one `T` line a span (`T1<TAB>Figure 12 17<TAB>523人`, code point offsets, end
//! exclusive) and its note as `#1<TAB>AnnotatorNotes T1<TAB>note`; `annotation.conf` and `visual.conf` declare the
//! labels and their colours. A link between spans is an `R` line (`R1<TAB>Quantifies Arg1:T3 Arg2:T1`), its note
//! an `AnnotatorNotes` line on it; the relation types are declared in `annotation.conf`'s `[relations]` (with the
//! labels each joins) and coloured in `visual.conf`.
//!
//! An `.ann` line cannot hold a line break, so a span that crosses one is written as brat writes it itself, as
//! fragments around the line break (`0 5;7 10`), and read back as one span; in notes, a line break is written
//! `\n` (CR `\r`, a backslash `\\`). Tabs in notes are kept as they are (brat reads the note to the end of the
//! line).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::schema::Schema;
use crate::store;

use crate::corpus::codec::{FormatSpec, Layout, Offsets, Reader, Writer};
use crate::corpus::types::{
    ExportDoc, ExportFile, ImportDoc, ImportRelation, ImportSpan, InputError, LeftOut, Location,
    ReadSettings,
    Output, Parsed, Settings, for_each_line, read_utf8,
};

/// The registry's line for the format.
pub(super) static SPEC: FormatSpec = FormatSpec {
    name: "brat",
    summary: "a brat standoff folder: DOC.txt + DOC.ann, annotation.conf, visual.conf (code points)",
    offsets: Offsets::CodePoints,
    layout: Layout::Folder,
    one_layer: false,
    writer: &Brat,
    reader: Some(&Brat),
};

/// The writer and reader.
struct Brat;

impl Writer for Brat {
    fn write_document(&self, doc: &ExportDoc, _settings: &Settings, out: &mut Output) {
        write_document(doc, out);
    }

    fn side_files(&self, schema: &Schema) -> Vec<ExportFile> {
        config_files(schema)
    }

    /// Nothing goes into the main file: every file is a side file.
    fn expected_size(&self, _text_bytes: usize) -> usize {
        0
    }
}

impl Reader for Brat {
    fn read(&self, input: &Path, _settings: &ReadSettings, parsed: &mut Parsed) -> Result<(), InputError> {
        read(input, parsed)
    }

    fn records_annotator(&self) -> bool {
        false
    }
}

fn is_line_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// Appends `DOC.txt` and `DOC.ann` for one document.
fn write_document(doc: &ExportDoc, out: &mut Output) {
    let stem = doc.id.strip_suffix(".txt").unwrap_or(doc.id);
    let mut ann = String::with_capacity(doc.spans.len() * 48);
    let mut fragments = Vec::new();
    // Whether span i got a `T` line (a span of whitespace only has none, nor then its links).
    let mut written = vec![false; doc.spans.len()];
    for (i, span) in doc.spans.iter().enumerate() {
        let n = i + 1;
        fragments.clear();
        let text = doc.text.slice(span.start, span.end);
        if text.contains(is_line_break) {
            let mut fragment_start = None;
            for (k, c) in text.chars().enumerate() {
                let at = span.start + k;
                match (is_line_break(c), fragment_start) {
                    (false, None) => fragment_start = Some(at),
                    (true, Some(s)) => {
                        fragments.push((s, at));
                        fragment_start = None;
                    }
                    _ => {}
                }
            }
            if let Some(s) = fragment_start {
                fragments.push((s, span.end));
            }
        } else {
            fragments.push((span.start, span.end));
        }
        let (Some(first), Some(last)) = (fragments.first(), fragments.last()) else {
            out.left_out(LeftOut::WhitespaceOnly, 1);
            continue;
        };
        if first.0 != span.start || last.1 != span.end {
            out.left_out(LeftOut::EdgeLineBreaks, 1);
        }
        written[i] = true;
        let _ = write!(ann, "T{n}\t{}", span.label);
        for (k, (s, e)) in fragments.iter().enumerate() {
            let _ = write!(ann, "{}{s} {e}", if k == 0 { ' ' } else { ';' });
        }
        ann.push('\t');
        for (k, (s, e)) in fragments.iter().enumerate() {
            if k > 0 {
                ann.push(' ');
            }
            ann.push_str(doc.text.slice(*s, *e));
        }
        ann.push('\n');
        if let Some(note) = &span.note {
            let _ = write!(ann, "#{n}\tAnnotatorNotes T{n}\t");
            escape_note(note, &mut ann);
            ann.push('\n');
        }
    }
    // Note ids after the spans' (`#n` belongs to `Tn`), so that every id stays unique.
    let mut note_id = doc.spans.len();
    for (k, (from, to, relation)) in doc.relation_indices().into_iter().enumerate() {
        if !written[from] || !written[to] {
            continue;
        }
        let r = k + 1;
        let _ = writeln!(
            ann,
            "R{r}\t{} Arg1:T{} Arg2:T{}",
            relation.kind,
            from + 1,
            to + 1
        );
        if let Some(note) = &relation.note {
            note_id += 1;
            let _ = write!(ann, "#{note_id}\tAnnotatorNotes R{r}\t");
            escape_note(note, &mut ann);
            ann.push('\n');
        }
    }
    out.files.push(ExportFile {
        path: format!("{stem}.txt"),
        bytes: doc.text.as_str().as_bytes().to_vec(),
    });
    out.files.push(ExportFile {
        path: format!("{stem}.ann"),
        bytes: ann.into_bytes(),
    });
}

fn escape_note(note: &str, out: &mut String) {
    for c in note.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn unescape_note(note: &str) -> String {
    let mut out = String::with_capacity(note.len());
    let mut chars = note.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// `annotation.conf` (the labels, nesting allowed) and `visual.conf` (their colours).
fn config_files(schema: &Schema) -> Vec<ExportFile> {
    let mut annotation = String::from(
        "# Written by spantag export: the labels of the workspace's schema.\n[entities]\n",
    );
    for label in &schema.labels {
        let _ = writeln!(annotation, "{}", label.name);
    }
    annotation.push_str("\n[relations]\n");
    for def in schema.relations() {
        let _ = writeln!(
            annotation,
            "{} Arg1:{}, Arg2:{}",
            def.name,
            def.from.join("|"),
            def.to.join("|")
        );
    }
    annotation.push_str(
        "# Spans nest (a Figure inside an Outcome) and may overlap.\n\
         <OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n",
    );
    let mut visual = String::from("# Written by spantag export: label colours.\n[labels]\n");
    for label in &schema.labels {
        let _ = writeln!(visual, "{0} | {0}", label.name);
    }
    for def in schema.relations() {
        let _ = writeln!(visual, "{0} | {0}", def.name);
    }
    visual.push_str("\n[drawing]\n");
    for label in &schema.labels {
        let _ = writeln!(visual, "{} bgColor:{}", label.name, label.color);
    }
    for def in schema.relations() {
        let _ = writeln!(visual, "{} color:{}", def.name, def.color);
    }
    vec![
        ExportFile {
            path: "annotation.conf".to_owned(),
            bytes: annotation.into_bytes(),
        },
        ExportFile {
            path: "visual.conf".to_owned(),
            bytes: visual.into_bytes(),
        },
    ]
}

/// Reads a brat folder (every `.ann` below it with its `.txt`) or a single `.ann` file.
fn read(input: &Path, parsed: &mut Parsed) -> Result<(), InputError> {
    let mut anns = Vec::new();
    let base = if input.is_dir() {
        collect_ann(input, &mut anns)
            .map_err(|e| InputError::new(input, format!("cannot list: {e}")))?;
        anns.sort();
        input.to_owned()
    } else if input.extension().is_some_and(|e| e == "ann") && input.is_file() {
        anns.push(input.to_owned());
        input.parent().map(Path::to_owned).unwrap_or_default()
    } else {
        return Err(InputError::new(input, "not a brat folder or .ann file"));
    };
    for ann in anns {
        read_document(&base, &ann, parsed);
    }
    Ok(())
}

fn collect_ann(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            collect_ann(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "ann") {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads one `.ann` file and the `.txt` beside it.
fn read_document(base: &Path, ann_path: &Path, parsed: &mut Parsed) {
    let file_at = Location::new(ann_path, None);
    let txt_path = ann_path.with_extension("txt");
    if !txt_path.is_file() {
        let message = format!(
            "no text file {} beside it; not imported",
            txt_path.display()
        );
        return parsed.problem(file_at, message);
    }
    let text = match store::read_text(&txt_path) {
        Ok(text) => text,
        Err(e) => return parsed.problem(file_at, format!("{e}; not imported")),
    };
    let source = match read_utf8(ann_path) {
        Ok(source) => source,
        Err(message) => return parsed.problem(file_at, format!("{message}; not imported")),
    };
    let id = txt_path
        .strip_prefix(base)
        .unwrap_or(&txt_path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");

    let mut spans: Vec<ImportSpan> = Vec::new();
    let mut ids: HashMap<String, Option<usize>> = HashMap::new();
    let mut notes: Vec<(Location, String, String)> = Vec::new();
    // `R` lines: (where, id, type, Arg1 target, Arg2 target), resolved once every `T` line is read.
    let mut links: Vec<(Location, String, String, String, String)> = Vec::new();
    for_each_line(ann_path, &source, parsed, |at, line, parsed| {
        let mut fields = line.splitn(3, '\t');
        let (Some(ann_id), Some(middle)) = (fields.next(), fields.next()) else {
            parsed.problem(
                at,
                "not a brat annotation line (ID<TAB>TYPE ...); not imported",
            );
            return;
        };
        let tail = fields.next();
        match ann_id.chars().next() {
            Some('T') => {
                if ids.contains_key(ann_id) {
                    parsed.problem(at, format!("{ann_id} is declared twice; not imported"));
                    return;
                }
                match read_textbound(ann_id, middle, tail, &text, &at) {
                    Ok(span) => {
                        ids.insert(ann_id.to_owned(), Some(spans.len()));
                        spans.push(span);
                    }
                    Err(message) => {
                        ids.insert(ann_id.to_owned(), None);
                        parsed.problem(at, format!("{ann_id}: {message}; not imported"));
                    }
                }
            }
            Some('#') => match middle.split_once(' ') {
                Some(("AnnotatorNotes", target)) => {
                    let note = unescape_note(tail.unwrap_or_default());
                    notes.push((at, target.trim().to_owned(), note));
                }
                _ => parsed.problem(
                    at,
                    format!("{ann_id}: only AnnotatorNotes notes are imported; not imported"),
                ),
            },
            Some('R') => match read_relation(middle) {
                Some((kind, arg1, arg2)) => links.push((at, ann_id.to_owned(), kind, arg1, arg2)),
                None => parsed.problem(
                    at,
                    format!("{ann_id}: {middle:?} is not `Type Arg1:T1 Arg2:T2`; not imported"),
                ),
            },
            _ => parsed.problem(
                at,
                format!(
                    "{ann_id}: events, attributes and normalizations are not part of spantag's model; not \
                     imported"
                ),
            ),
        }
    });
    let mut relations: Vec<ImportRelation> = Vec::new();
    let mut relation_ids: HashMap<String, Option<usize>> = HashMap::new();
    for (at, ann_id, kind, arg1, arg2) in links {
        let end = |target: &str| match ids.get(target) {
            Some(Some(index)) => Ok(*index),
            // The span was reported; its links go with it.
            Some(None) => Err(format!("{ann_id}: its span {target} was not imported")),
            None => Err(format!("{ann_id}: {target} is not a span of the file")),
        };
        match (end(&arg1), end(&arg2)) {
            (Ok(from), Ok(to)) => {
                relation_ids.insert(ann_id.clone(), Some(relations.len()));
                relations.push(ImportRelation {
                    from,
                    to,
                    kind,
                    note: None,
                    annotators: Vec::new(),
                    origin: at,
                    what: ann_id,
                });
            }
            (Err(message), _) | (_, Err(message)) => {
                relation_ids.insert(ann_id, None);
                parsed.problem(at, format!("{message}; not imported"));
            }
        }
    }
    for (at, target, note) in notes {
        if let Some(found) = relation_ids.get(&target) {
            if let Some(index) = found {
                let relation = &mut relations[*index];
                relation.note = Some(match relation.note.take() {
                    Some(previous) => format!("{previous}\n{note}"),
                    None => note,
                });
            }
            continue;
        }
        match ids.get(&target) {
            Some(Some(index)) => {
                let span = &mut spans[*index];
                span.note = Some(match span.note.take() {
                    Some(previous) => format!("{previous}\n{note}"),
                    None => note,
                });
            }
            // The span itself was reported; its note goes with it.
            Some(None) => {}
            None => parsed.problem(
                at,
                format!("note for {target}, which is not in the file; not imported"),
            ),
        }
    }
    parsed.docs.push(ImportDoc {
        id,
        origin: file_at,
        text,
        annotator: None,
        status: None,
        spans,
        relations,
    });
}

/// An `R` line's `Type Arg1:T1 Arg2:T2`: the type and the two targets.
fn read_relation(middle: &str) -> Option<(String, String, String)> {
    let mut parts = middle.split_whitespace();
    let kind = parts.next()?;
    let mut arg1 = None;
    let mut arg2 = None;
    for part in parts {
        match part.split_once(':')? {
            ("Arg1", target) => arg1 = Some(target.to_owned()),
            ("Arg2", target) => arg2 = Some(target.to_owned()),
            _ => return None,
        }
    }
    Some((kind.to_owned(), arg1?, arg2?))
}

/// A `T` line's `Label start end[;start end...]` and text, as one span.
fn read_textbound(
    ann_id: &str,
    middle: &str,
    quoted: Option<&str>,
    text: &crate::text::ReportText,
    at: &Location,
) -> Result<ImportSpan, String> {
    let (label, offsets) = middle
        .split_once(' ')
        .ok_or_else(|| format!("{middle:?} is not `Label start end`"))?;
    let mut fragments = Vec::new();
    for fragment in offsets.split(';') {
        let parsed = fragment
            .trim()
            .split_once(' ')
            .and_then(|(s, e)| Some((s.parse::<usize>().ok()?, e.parse::<usize>().ok()?)));
        match parsed {
            Some(pair) => fragments.push(pair),
            None => {
                return Err(format!(
                    "offsets {offsets:?} are not `start end[;start end]`"
                ));
            }
        }
    }
    fragments.sort_unstable();
    let (start, end) = match (fragments.first(), fragments.last()) {
        (Some(first), Some(last)) => (first.0, last.1),
        _ => return Err("no offsets".to_owned()),
    };
    let len = text.len_chars();
    let mut quoted = quoted.map(str::to_owned);
    if fragments.len() > 1 {
        // Fragments are imported as one span only where brat split it around line breaks.
        for pair in fragments.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a.0 >= a.1 || a.1 > b.0 || b.0 > len {
                return Err(format!(
                    "fragments {offsets:?} overlap, are empty or run past the text"
                ));
            }
            if !text.slice(a.1, b.0).chars().all(is_line_break) {
                return Err(format!(
                    "a discontinuous span ({offsets:?}) has text between its fragments; spantag spans are \
                     continuous"
                ));
            }
        }
        if end <= len {
            let joined: Vec<&str> = fragments.iter().map(|(s, e)| text.slice(*s, *e)).collect();
            let joined = joined.join(" ");
            if quoted.as_deref().is_some_and(|q| q != joined) {
                return Err(format!(
                    "text {:?} does not match the report, which has {joined:?} there",
                    quoted.unwrap_or_default()
                ));
            }
        }
        // Already checked fragment by fragment; the whole span's text includes the line breaks.
        quoted = None;
    }
    Ok(ImportSpan {
        start,
        end,
        label: label.to_owned(),
        quoted,
        note: None,
        annotators: Vec::new(),
        origin: at.clone(),
        what: ann_id.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_escape_and_unescape() {
        for note in ["含\t制表符\n和换行", "C:\\path\\n", "\r\n", "plain"] {
            let mut escaped = String::new();
            escape_note(note, &mut escaped);
            assert!(
                !escaped.contains('\n') && !escaped.contains('\r'),
                "{escaped}"
            );
            assert_eq!(unescape_note(&escaped), note);
        }
    }
}
