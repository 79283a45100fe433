//! The vocabulary every format file shares, in both directions: what a writer is handed ([`ExportDoc`]) and
//! appends to ([`Output`]), what a reader produces ([`ImportDoc`], [`Parsed`]) and the small helpers readers
//! share ([`for_each_line`], [`read_input`], [`span_from_value`]). It imports nothing from the rest of
//! `corpus/`, so format files and the pipelines can all depend on it without a circle.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::figures::Table;
use crate::model::{Relation, Span, Status};
use crate::plural::{count, count_as};
use crate::text::ReportText;

/// How a format counts offsets; only doccano lets the user choose (its own unit is UTF-16).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OffsetUnit {
    /// UTF-16 code units, as JavaScript (and so doccano) counts: an astral character such as 𠮷 counts 2.
    #[default]
    Utf16,
    /// Unicode code points, as Python's `str` indices count.
    Codepoint,
}

/// Which spans CoNLL keeps where spans nest or overlap (one character has one tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layer {
    /// The longest span wins (an Outcome over the Figure nested in it).
    #[default]
    Outer,
    /// The shortest span wins (the nested Figure over its Outcome).
    Inner,
}

/// The choices a writer may honour (each format reads the one it has, if any).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settings {
    /// The offset unit, for formats whose unit can be chosen (doccano).
    pub offsets: OffsetUnit,
    /// The layer kept, for formats that hold one layer of spans (CoNLL).
    pub layer: Layer,
    /// Write doccano's relation JSONL (`entities` and `relations`) instead of its sequence-labeling lines.
    pub relations: bool,
}

/// The choices a reader may honour (each format reads the ones it has, if any), as [`Settings`] is for writers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct ReadSettings {
    /// doccano's offset unit.
    pub offsets: OffsetUnit,
    /// CoNLL: start a new document after this many sentences (0: only at `-DOCSTART-`).
    pub sentences_per_doc: usize,
}

/// One document as a format writer sees it: the text and the chosen annotator's spans (already filtered).
#[derive(Debug, Clone, Copy)]
pub struct ExportDoc<'a> {
    /// The report's path relative to the workspace (`/` separators): the document id of every format.
    pub id: &'a str,
    /// The report's text.
    pub text: &'a ReportText,
    /// Whose spans these are; `None` when the workspace has no annotator yet.
    pub annotator: Option<&'a str>,
    /// The annotator's status for the document (`todo` where there is no file).
    pub status: Status,
    /// The spans, in canonical order, code point offsets.
    pub spans: &'a [Span],
    /// The links between those spans (each endpoint one of `spans`; links to spans filtered out are not here).
    pub relations: &'a [Relation],
    /// The workspace's figure table, for the value of Figure spans nobody corrected (jsonl, CSV).
    pub figures: &'a Table,
}

impl ExportDoc<'_> {
    /// Each link with the indices of its two spans in [`ExportDoc::spans`], in the file's order: how formats
    /// that number their spans (jsonl, brat, Label Studio, doccano, CSV) point at them.
    pub fn relation_indices(&self) -> Vec<(usize, usize, &Relation)> {
        if self.relations.is_empty() {
            return Vec::new();
        }
        let index: std::collections::HashMap<crate::model::SpanKey, usize> = self
            .spans
            .iter()
            .enumerate()
            .map(|(i, s)| (s.key(), i))
            .collect();
        self.relations
            .iter()
            .filter_map(|r| Some((*index.get(&r.from)?, *index.get(&r.to)?, r)))
            .collect()
    }
}

/// Something a format could not hold and so left out of an export; said to the user, never silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeftOut {
    /// Span notes, in a format with no place for them (doccano, CoNLL).
    Notes,
    /// Spans nested in or overlapping a span of the kept CoNLL layer.
    OtherLayer,
    /// Spans made only of whitespace, which CoNLL has no tokens for.
    WhitespaceOnly,
    /// Line breaks at the very start or end of a span, which brat cannot show (the span is exported without
    /// them).
    EdgeLineBreaks,
    /// Links between spans, in a format with no place for them (CoNLL; doccano without `--relations`).
    Relations,
}

impl LeftOut {
    /// The sentence that tells the user what was left out of a `format` export (its name), given how many.
    pub fn describe(self, format: &str, n: usize) -> String {
        let spans = count(n, "span");
        match self {
            LeftOut::Notes => format!(
                "{format} has no place for span notes: {} left out",
                count(n, "note")
            ),
            LeftOut::OtherLayer => format!(
                "{format} cannot hold nested or overlapping spans: {spans} of the other layer left out \
                 (choose with --layer outer|inner, or export one label's layer with --labels)"
            ),
            LeftOut::WhitespaceOnly => format!(
                "{spans} made only of whitespace left out ({format} has no tokens for them)"
            ),
            LeftOut::Relations => format!(
                "{format} has no place for links between spans: {} left out",
                count(n, "relation")
            ),
            LeftOut::EdgeLineBreaks => format!(
                "{} with a line break, which {format} cannot show: exported without it",
                count_as(n, "span starts or ends", "spans start or end")
            ),
        }
    }
}

/// What an export did, for the closing message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Documents exported.
    pub documents: usize,
    /// Spans exported.
    pub spans: usize,
    /// Links between spans among them (those the format cannot hold are counted in `left_out` too).
    pub relations: usize,
    /// What the format could not hold, and how much of it.
    pub left_out: BTreeMap<LeftOut, usize>,
    /// Documents whose file still has unresolved merge conflicts (their spans are exported as they stand).
    pub with_conflicts: usize,
}

impl ExportSummary {
    /// The warning about documents exported with undecided merge conflicts, shared by the command line and the
    /// app so that both say the same; `None` when there are none.
    pub fn conflicts_warning(&self) -> Option<String> {
        let n = self.with_conflicts;
        (n > 0).then(|| {
            format!(
                "{} unresolved merge conflicts: spans are exported as they stand",
                count_as(n, "document still has", "documents still have"),
            )
        })
    }

    /// Adds the counts of part of an export.
    pub(super) fn add(&mut self, other: ExportSummary) {
        self.documents += other.documents;
        self.spans += other.spans;
        self.relations += other.relations;
        self.with_conflicts += other.with_conflicts;
        for (what, n) in other.left_out {
            *self.left_out.entry(what).or_default() += n;
        }
    }
}

/// A file an export writes besides (or, for brat, instead of) its main output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// Path relative to the output folder (brat) or to the main file's folder (`label_config.xml`), `/`-separated.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// What a format writer appends to while it works through documents.
#[derive(Debug, Default)]
pub(super) struct Output {
    /// The main file's bytes so far.
    pub main: Vec<u8>,
    /// Files besides the main file (brat's folder).
    pub files: Vec<ExportFile>,
    /// Counts, and what the format could not hold.
    pub summary: ExportSummary,
    /// Reused per-document buffers (CoNLL's per-character owner table), so documents do not allocate.
    pub scratch: Vec<u32>,
    /// Reused per-document span order (CoNLL).
    pub order: Vec<usize>,
}

impl Output {
    /// Counts what the format left out.
    pub fn left_out(&mut self, what: LeftOut, count: usize) {
        if count > 0 {
            *self.summary.left_out.entry(what).or_default() += count;
        }
    }
}

/// The input of an import cannot be read at all (as opposed to a problem in one of its documents).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct InputError {
    /// The input file or folder.
    pub path: PathBuf,
    /// What is wrong.
    pub message: String,
}

impl InputError {
    /// An error about `path`.
    pub fn new(path: &Path, message: impl Into<String>) -> Self {
        InputError {
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

/// Where in the input something was found: a file and, where the format has lines, a line (1-based).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The input file.
    pub file: PathBuf,
    /// The line, when there is one.
    pub line: Option<usize>,
}

impl Location {
    /// A place in `file`, at `line` where the format has lines.
    pub fn new(file: &Path, line: Option<usize>) -> Self {
        Location {
            file: file.to_owned(),
            line,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file.display()),
            None => write!(f, "{}", self.file.display()),
        }
    }
}

/// One thing an import could not take, and why: printed as `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// Where in the input.
    pub at: Location,
    /// What is wrong and what happened to it.
    pub message: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// A span as a reader found it, offsets already in code points.
#[derive(Debug, Clone)]
pub(super) struct ImportSpan {
    /// Start, code points.
    pub start: usize,
    /// End (exclusive), code points.
    pub end: usize,
    /// The label as the input names it (checked against the schema on import).
    pub label: String,
    /// The span's text as the input quotes it, checked against the report where the format has it.
    pub quoted: Option<String>,
    /// The span's note.
    pub note: Option<String>,
    /// Who made the span, where the format records it.
    pub annotators: Vec<String>,
    /// Where the span is in the input.
    pub origin: Location,
    /// How the input names this span in messages (`span 3`, `T4`, `region r2`).
    pub what: String,
}

/// A link between two spans as a reader found it, its endpoints indices into the document's spans.
#[derive(Debug, Clone)]
pub(super) struct ImportRelation {
    /// Index of the span the link starts at, in [`ImportDoc::spans`].
    pub from: usize,
    /// Index of the span it points to.
    pub to: usize,
    /// The relation type as the input names it (checked against the schema on import).
    pub kind: String,
    /// The link's note.
    pub note: Option<String>,
    /// Who made the link, where the format records it.
    pub annotators: Vec<String>,
    /// Where the link is in the input.
    pub origin: Location,
    /// How the input names this link in messages (`relation 2`, `R1`).
    pub what: String,
}

/// A document as a reader found it.
#[derive(Debug, Clone)]
pub(super) struct ImportDoc {
    /// The document id as the input has it (made safe before use).
    pub id: String,
    /// Where the document is in the input.
    pub origin: Location,
    /// Its text.
    pub text: ReportText,
    /// Its annotator, where the input records one.
    pub annotator: Option<String>,
    /// Its status, where the input records one.
    pub status: Option<Status>,
    /// Its spans, not yet checked.
    pub spans: Vec<ImportSpan>,
    /// Its links between spans, not yet checked.
    pub relations: Vec<ImportRelation>,
}

/// What a reader produced: documents and the problems met on the way.
#[derive(Debug, Default)]
pub(super) struct Parsed {
    /// The documents, in input order.
    pub docs: Vec<ImportDoc>,
    /// What could not be read.
    pub problems: Vec<ImportProblem>,
}

impl Parsed {
    /// Records a problem.
    pub fn problem(&mut self, at: Location, message: impl Into<String>) {
        self.problems.push(ImportProblem {
            at,
            message: message.into(),
        });
    }
}

/// A file of the input as text: UTF-8, with or without a byte-order mark (which is dropped). The error says
/// what is wrong, for the caller to report as it must (a whole input that cannot be read stops the import; one
/// brat `.ann` file is a problem of that document).
pub(super) fn read_utf8(path: &Path) -> Result<String, String> {
    let bytes = fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    // simdutf8 validates several times faster than the standard library on Chinese text, and an import's input
    // (hundreds of megabytes) is checked before anything else can start; the standard library's error says where.
    let mut source = if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just checked that `bytes` is valid UTF-8.
        unsafe { String::from_utf8_unchecked(bytes) }
    } else {
        String::from_utf8(bytes).map_err(|e| format!("not UTF-8 text ({e}); export it as UTF-8"))?
    };
    if source.starts_with('\u{feff}') {
        source.drain(..'\u{feff}'.len_utf8());
    }
    Ok(source)
}

/// The input file of a one-file format as text ([`read_utf8`]); what cannot be read stops the import.
pub(super) fn read_input(path: &Path) -> Result<String, InputError> {
    read_utf8(path).map_err(|message| InputError::new(path, message))
}

/// Calls `f` with every non-blank line of a line-based file and its location; a byte-order mark and a CR before
/// the newline are not part of the line.
pub(super) fn for_each_line<'a>(
    path: &Path,
    source: &'a str,
    parsed: &mut Parsed,
    f: impl FnMut(Location, &'a str, &mut Parsed),
) {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    for_each_line_from(path, source, 1, parsed, f);
}

/// [`for_each_line`] on part of a file whose first line is line `first` (a block of [`read_line_blocks`]).
pub(super) fn for_each_line_from<'a>(
    path: &Path,
    source: &'a str,
    first: usize,
    parsed: &mut Parsed,
    mut f: impl FnMut(Location, &'a str, &mut Parsed),
) {
    for (i, line) in source.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        f(Location::new(path, Some(first + i)), line, parsed);
    }
}

/// How many bytes a line-based input is read in at a time (more when a line is longer).
const BLOCK_BYTES: usize = 8 << 20;

/// Reads a line-based input file in blocks of whole lines, calling `f` with each block's text and the number of
/// its first line, a byte-order mark at the start dropped: a file of hundreds of megabytes is never held whole,
/// and one buffer serves every block (fresh memory is what costs most on some machines). What cannot be read,
/// or is not UTF-8 (named by line), stops the import.
pub(super) fn read_line_blocks(path: &Path, f: impl FnMut(&str, usize)) -> Result<(), InputError> {
    read_blocks_of(path, BLOCK_BYTES, f)
}

/// [`read_line_blocks`] with blocks of at least `block_bytes` (small in tests).
fn read_blocks_of(
    path: &Path,
    block_bytes: usize,
    mut f: impl FnMut(&str, usize),
) -> Result<(), InputError> {
    use std::io::Read;
    let cannot = |e: std::io::Error| InputError::new(path, format!("cannot read: {e}"));
    let file = fs::File::open(path).map_err(cannot)?;
    let mut buffer: Vec<u8> = Vec::with_capacity(block_bytes);
    let mut first_line = 1;
    let mut at_start = true;
    let mut reader = file.take(0);
    loop {
        reader.set_limit(block_bytes as u64);
        let read = reader.read_to_end(&mut buffer).map_err(cannot)?;
        let end = if read == 0 {
            buffer.len()
        } else {
            match buffer.iter().rposition(|&b| b == b'\n') {
                Some(newline) => newline + 1,
                None => continue, // a line longer than a block: read on
            }
        };
        let block = &buffer[..end];
        let text = match simdutf8::basic::from_utf8(block) {
            Ok(text) => text,
            Err(_) => {
                let valid = std::str::from_utf8(block).map_or_else(|e| e.valid_up_to(), |_| end);
                let line = first_line + block[..valid].iter().filter(|&&b| b == b'\n').count();
                return Err(InputError::new(
                    path,
                    format!("not UTF-8 text (line {line}); export it as UTF-8"),
                ));
            }
        };
        let text = if at_start {
            text.strip_prefix('\u{feff}').unwrap_or(text)
        } else {
            text
        };
        at_start = false;
        f(text, first_line);
        first_line += block.iter().filter(|&&b| b == b'\n').count();
        buffer.drain(..end);
        if read == 0 {
            return Ok(());
        }
    }
}

/// Reads one span object of a JSON document on its own, so that one malformed span is reported and the others
/// are still imported.
pub(super) fn span_from_value<T: DeserializeOwned>(
    value: serde_json::Value,
    at: &Location,
    index: usize,
    parsed: &mut Parsed,
) -> Option<T> {
    match serde_json::from_value(value) {
        Ok(span) => Some(span),
        Err(e) => {
            parsed.problem(
                at.clone(),
                format!("span {}: cannot be read ({e}); not imported", index + 1),
            );
            None
        }
    }
}

/// An offset read from JSON as a `usize`, or `None` when it is not a whole number >= 0 or does not fit (on a
/// 32-bit machine): never wrapped.
pub(super) fn json_offset(value: &serde_json::Value) -> Option<usize> {
    value.as_u64().and_then(|n| usize::try_from(n).ok())
}

/// Reads a status name back, in any of the spellings people and tools use (`in progress`, `in_progress`,
/// `in-progress`, `InProgress`).
pub fn parse_status(name: &str) -> Option<Status> {
    let key: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match key.as_str() {
        "todo" => Some(Status::Todo),
        "inprogress" => Some(Status::InProgress),
        "done" => Some(Status::Done),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_out_sentences_count_in_english() {
        assert_eq!(
            LeftOut::Notes.describe("doccano", 1),
            "doccano has no place for span notes: 1 note left out"
        );
        assert_eq!(
            LeftOut::EdgeLineBreaks.describe("brat", 1),
            "1 span starts or ends with a line break, which brat cannot show: exported without it"
        );
        assert_eq!(
            LeftOut::EdgeLineBreaks.describe("brat", 2),
            "2 spans start or end with a line break, which brat cannot show: exported without it"
        );
        let mut summary = ExportSummary::default();
        assert_eq!(summary.conflicts_warning(), None);
        summary.with_conflicts = 1;
        assert_eq!(
            summary.conflicts_warning().as_deref(),
            Some(
                "1 document still has unresolved merge conflicts: spans are exported as they stand"
            )
        );
        summary.with_conflicts = 3;
        assert_eq!(
            summary.conflicts_warning().as_deref(),
            Some(
                "3 documents still have unresolved merge conflicts: spans are exported as they stand"
            )
        );
    }

    #[test]
    fn blocks_hold_whole_lines_numbered_as_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        let long = "长".repeat(40);
        let source = format!("\u{feff}a\r\nbb\n\n{long}\nc\nd");
        std::fs::write(&path, &source).unwrap();
        for size in [1, 3, 7, 1000] {
            let mut lines = Vec::new();
            let mut parsed = Parsed::default();
            read_blocks_of(&path, size, |block, first| {
                for_each_line_from(&path, block, first, &mut parsed, |at, line, _| {
                    lines.push((at.line, line.to_owned()))
                });
            })
            .unwrap();
            let expected = [
                (Some(1), "a".to_owned()),
                (Some(2), "bb".to_owned()),
                (Some(4), long.clone()),
                (Some(5), "c".to_owned()),
                (Some(6), "d".to_owned()),
            ];
            assert_eq!(lines, expected, "blocks of {size}");
        }
        std::fs::write(&path, b"ok\nok\n\xff\n").unwrap();
        let error = read_blocks_of(&path, 2, |_, _| {}).unwrap_err();
        assert!(error.message.contains("line 3"), "{error}");
    }

    #[test]
    fn offsets_that_do_not_fit_are_none() {
        assert_eq!(json_offset(&serde_json::json!(4)), Some(4));
        assert_eq!(json_offset(&serde_json::json!(-1)), None);
        assert_eq!(json_offset(&serde_json::json!(1.5)), None);
    }
}
