//! The labeled corpus: exporting a workspace's annotations to the formats NLP tools read (jsonl, doccano, brat,
//! CoNLL, Label Studio, CSV) and importing existing work from them.
//!
//! Every offset inside spantag is a code point offset. Each format converts at its own edge, in its own file:
//! doccano counts UTF-16 code units unless asked for code points; the others count code points, as Python does.
//! The export pipeline ([`export()`]) reads each text once, checks its annotation file against it and hands both
//! to the format's writer; [`output`] puts the result on disk atomically. [`import()`] reads a file in one of
//! the importable formats, checks every span against its text and writes texts and annotation files into a
//! workspace, reporting (never dropping silently) what it could not take.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::model::{AnnotationFile, DocRef, Span, Status};
use crate::schema::Schema;
use crate::store::{StoreError, Workspace};
use crate::text::ReportText;

mod brat;
mod conll;
mod csv;
mod doccano;
mod import;
mod jsonl;
mod label_studio;
pub mod output;
mod select;

pub use import::{ImportOptions, ImportProblem, ImportReport, Location, import};
pub use select::Selection;

/// A corpus format spantag writes (and, for some, reads).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    /// One JSON object a line (`id`, `text`, `spans`, `annotator`, `status`); code point offsets.
    Jsonl,
    /// doccano's sequence-labeling JSONL (`text`, `label: [[start, end, "Label"]]`); UTF-16 offsets by default.
    Doccano,
    /// A brat standoff folder: `DOC.txt` + `DOC.ann`, `annotation.conf`, `visual.conf`; code point offsets.
    Brat,
    /// Character-level IOB2, one character a line; holds one layer of spans, no offsets.
    Conll,
    /// A Label Studio task list plus `label_config.xml`; code point offsets.
    LabelStudio,
    /// A span table for spreadsheets (UTF-8 with BOM); code point offsets.
    Csv,
}

impl Format {
    /// Every format, in the order the documentation lists them.
    pub const ALL: [Format; 6] = [
        Format::Jsonl,
        Format::Doccano,
        Format::Brat,
        Format::Conll,
        Format::LabelStudio,
        Format::Csv,
    ];

    /// The name used on the command line and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Doccano => "doccano",
            Format::Brat => "brat",
            Format::Conll => "conll",
            Format::LabelStudio => "label-studio",
            Format::Csv => "csv",
        }
    }

    /// Whether the export is a folder of files (brat) rather than one file.
    pub fn is_folder(self) -> bool {
        self == Format::Brat
    }

    /// About how many bytes the main file takes for `text_bytes` of report text, at most: room reserved up
    /// front. CoNLL writes a line per character (`字\tB-Figure\n` is 13 bytes for a 3-byte character, 4 for
    /// an ASCII one); the JSON formats and CSV hold the text once plus their spans.
    pub fn expected_size(self, text_bytes: usize) -> usize {
        match self {
            Format::Conll => text_bytes * 5,
            Format::Brat => 0,
            Format::Jsonl | Format::Doccano | Format::LabelStudio | Format::Csv => {
                text_bytes * 5 / 2
            }
        }
    }

    /// Whether `spantag import` reads this format: CoNLL and CSV do not hold the whole text.
    pub fn can_import(self) -> bool {
        matches!(
            self,
            Format::Jsonl | Format::Doccano | Format::Brat | Format::LabelStudio
        )
    }

    /// The file name extension of the single-file formats (what an export is usually called).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl | Format::Doccano => "jsonl",
            Format::Brat => "",
            Format::Conll => "conll",
            Format::LabelStudio => "json",
            Format::Csv => "csv",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a format counts offsets; only doccano lets the user choose (its own unit is UTF-16).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OffsetUnit {
    /// UTF-16 code units, as JavaScript (and so doccano) counts: an astral character such as 𠮷 counts 2.
    #[default]
    Utf16,
    /// Unicode code points, as Python's `str` indices count.
    Codepoint,
}

/// Which spans CoNLL keeps where spans nest or overlap (one character has one tag).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Layer {
    /// The longest span wins (an Outcome over the Figure nested in it).
    #[default]
    Outer,
    /// The shortest span wins (the nested Figure over its Outcome).
    Inner,
}

/// Format-specific export settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    /// The format to write.
    pub format: Format,
    /// doccano's offset unit.
    pub offsets: OffsetUnit,
    /// CoNLL's layer.
    pub layer: Layer,
}

impl ExportOptions {
    /// The defaults of a format: UTF-16 offsets for doccano, the outer layer for CoNLL.
    pub fn new(format: Format) -> Self {
        ExportOptions {
            format,
            offsets: OffsetUnit::default(),
            layer: Layer::default(),
        }
    }
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
}

impl LeftOut {
    /// The sentence that tells the user what was left out, given how many.
    pub fn describe(self, format: Format, count: usize) -> String {
        let spans = if count == 1 { "span" } else { "spans" };
        match self {
            LeftOut::Notes => format!(
                "{format} has no place for span notes: {count} note{} left out",
                if count == 1 { "" } else { "s" }
            ),
            LeftOut::OtherLayer => format!(
                "{format} cannot hold nested or overlapping spans: {count} {spans} of the other layer left out \
                 (choose with --layer outer|inner, or export one label's layer with --labels)"
            ),
            LeftOut::WhitespaceOnly => format!(
                "{count} {spans} made only of whitespace left out ({format} has no tokens for them)"
            ),
            LeftOut::EdgeLineBreaks => format!(
                "{count} {spans} {} with a line break, which {format} cannot show: exported without it",
                if count == 1 {
                    "starts or ends"
                } else {
                    "start or end"
                }
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
    /// What the format could not hold, and how much of it.
    pub left_out: BTreeMap<LeftOut, usize>,
    /// Documents whose file still has unresolved merge conflicts (their spans are exported as they stand).
    pub with_conflicts: usize,
}

impl ExportSummary {
    /// The warning about documents exported with undecided merge conflicts, shared by the command line and the
    /// app so that both say the same; `None` when there are none.
    pub fn conflicts_warning(&self) -> Option<String> {
        match self.with_conflicts {
            0 => None,
            1 => Some(
                "1 document still has unresolved merge conflicts: its spans are exported as they stand".into(),
            ),
            n => Some(format!(
                "{n} documents still have unresolved merge conflicts: their spans are exported as they stand"
            )),
        }
    }

    fn add(&mut self, other: ExportSummary) {
        self.documents += other.documents;
        self.spans += other.spans;
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

/// A finished export, in memory, ready for [`output::write_export`].
#[derive(Debug, Clone, Default)]
pub struct Exported {
    /// The main file (empty for brat, which is a folder).
    pub main: MainFile,
    /// Files beside the main file, or the whole brat folder.
    pub files: Vec<ExportFile>,
    /// What was exported and what was left out.
    pub summary: ExportSummary,
}

/// The main file of an export as the pieces it was formatted in (one per run of documents), in order. It is
/// written out piece by piece: joining 100+ MB into one buffer would copy all of it once more, which was a
/// tenth of a jsonl export.
#[derive(Debug, Clone, Default)]
pub struct MainFile {
    pieces: Vec<Vec<u8>>,
}

impl MainFile {
    /// Size in bytes.
    pub fn len(&self) -> usize {
        self.pieces.iter().map(Vec::len).sum()
    }

    /// Whether there is nothing in it.
    pub fn is_empty(&self) -> bool {
        self.pieces.iter().all(Vec::is_empty)
    }

    /// The pieces, in file order.
    pub fn pieces(&self) -> impl Iterator<Item = &[u8]> {
        self.pieces.iter().map(Vec::as_slice)
    }

    /// The whole file in one buffer.
    pub fn to_vec(&self) -> Vec<u8> {
        self.pieces.concat()
    }

    fn push(&mut self, piece: Vec<u8>) {
        if !piece.is_empty() {
            self.pieces.push(piece);
        }
    }

    /// The last piece, to finish the file with (a new one if there is none).
    fn last_mut(&mut self) -> &mut Vec<u8> {
        if self.pieces.is_empty() {
            self.pieces.push(Vec::new());
        }
        let last = self.pieces.len() - 1;
        &mut self.pieces[last]
    }
}

/// What a format writer appends to while it works through documents.
#[derive(Debug, Default)]
struct Output {
    main: Vec<u8>,
    files: Vec<ExportFile>,
    summary: ExportSummary,
    /// Reused per-document buffers (CoNLL's per-character owner table), so documents do not allocate.
    scratch: Vec<u32>,
    order: Vec<usize>,
}

impl Output {
    fn left_out(&mut self, what: LeftOut, count: usize) {
        if count > 0 {
            *self.summary.left_out.entry(what).or_default() += count;
        }
    }
}

/// Why a corpus could not be exported or imported.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A file of the workspace could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Texts or annotation files of the workspace are unreadable or do not fit their text: nothing is exported
    /// until they are fixed (`spantag validate` says the same).
    #[error("{} document(s) cannot be exported:\n{}", .0.len(), join_lines(.0))]
    Unreadable(Vec<StoreError>),
    /// Several annotators and no `gold`: the user must say whose spans to export.
    #[error(
        "the workspace has several annotators ({}) and no `gold`: choose one with --annotator",
        .0.join(", ")
    )]
    AmbiguousAnnotator(Vec<String>),
    /// The named annotator has no folder in the workspace.
    #[error(
        "no annotations by {name:?} in this workspace (annotators: {})",
        list_or_none(known)
    )]
    UnknownAnnotator {
        /// The name asked for.
        name: String,
        /// The annotators the workspace has.
        known: Vec<String>,
    },
    /// A `--labels` entry the schema does not declare.
    #[error("label {label:?} is not in the workspace's schema (labels: {})", known.join(", "))]
    UnknownLabel {
        /// The label asked for.
        label: String,
        /// The schema's labels.
        known: Vec<String>,
    },
    /// The format holds too little to be imported.
    #[error(
        "{0} cannot be imported: it does not hold the whole text (import jsonl, doccano, brat or label-studio)"
    )]
    NotImportable(Format),
    /// The format records no annotator, and none was given.
    #[error("{0} files do not record an annotator: name one with --annotator")]
    NoAnnotator(Format),
    /// The export folder exists and holds files, which an export must not replace.
    #[error(
        "{}: the folder exists and is not empty; a {format} export writes a new folder and never replaces files \
         (which may hold edits made in {format}): choose another --out or remove it",
        path.display()
    )]
    OutputNotEmpty {
        /// The folder.
        path: PathBuf,
        /// The format being written.
        format: Format,
    },
    /// The input to import could not be read at all.
    #[error("{}: {message}", path.display())]
    Input {
        /// The input file or folder.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl CorpusError {
    /// Whether the error is the caller's choice of arguments (exit 2) rather than a problem in the data (exit 1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            CorpusError::AmbiguousAnnotator(_)
                | CorpusError::UnknownAnnotator { .. }
                | CorpusError::UnknownLabel { .. }
                | CorpusError::NotImportable(_)
                | CorpusError::NoAnnotator(_)
                | CorpusError::OutputNotEmpty { .. }
        )
    }
}

fn join_lines(errors: &[StoreError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn list_or_none(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

/// How many runs of documents an export is cut into: about this many, each of 1 to 64 documents (so more runs
/// beyond 16,384 documents, fewer below 256). Many small runs let the cores share the work evenly.
const RUNS_PER_EXPORT: usize = 256;

/// Exports the selected documents of a workspace in one format, in memory. `progress` is told how many
/// documents are done (from any thread), for a progress bar. Every selected document's text and annotation
/// file must read cleanly; otherwise nothing is exported and every problem is returned.
pub fn export(
    workspace: &Workspace,
    selection: &Selection,
    options: &ExportOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Exported, CorpusError> {
    let documents = workspace.documents();
    let done = AtomicUsize::new(0);
    // Contiguous runs of documents, each formatted into its own buffer and joined in order below. Runs are
    // small (a few dozen documents), so the cores share the work evenly even when one of them is slowed down,
    // and no buffer grows large before the join.
    let chunk = documents.len().div_ceil(RUNS_PER_EXPORT).clamp(1, 64);
    let runs: Vec<&[String]> = documents.chunks(chunk).collect();
    let results: Vec<(Output, Vec<StoreError>)> = crate::parallel::map(&runs, |docs| {
        let mut out = Output::default();
        if !options.format.is_folder() {
            // Room for the run's output from the start: growing the buffer step by step copied it and touched
            // fresh memory each time, a tenth of a jsonl export. Room that is not written to costs no memory.
            let text_bytes: u64 = docs
                .iter()
                .filter_map(|doc| std::fs::metadata(workspace.text_path(doc)).ok())
                .map(|m| m.len())
                .sum();
            out.main
                .reserve(options.format.expected_size(text_bytes as usize) + 4096);
        }
        let mut errors = Vec::new();
        for doc in *docs {
            if let Err(e) = export_one(workspace, selection, options, doc, &mut out) {
                errors.push(e);
            }
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
        }
        (out, errors)
    });

    let mut exported = Exported::default();
    let mut head = Vec::new();
    begin(options.format, &mut head);
    exported.main.push(head);
    let mut errors = Vec::new();
    for (out, errs) in results {
        exported.main.push(out.main);
        exported.files.extend(out.files);
        exported.summary.add(out.summary);
        errors.extend(errs);
    }
    if !errors.is_empty() {
        return Err(CorpusError::Unreadable(errors));
    }
    end(options.format, exported.main.last_mut());
    exported
        .files
        .extend(side_files(options.format, workspace.schema()));
    Ok(exported)
}

/// Loads one document, applies the selection and hands it to the format's writer.
fn export_one(
    workspace: &Workspace,
    selection: &Selection,
    options: &ExportOptions,
    doc: &str,
    out: &mut Output,
) -> Result<(), StoreError> {
    let text = workspace.load_text(doc)?;
    let file = match &selection.annotator {
        Some(annotator) => workspace.load_annotations(annotator, doc, &text)?,
        None => None,
    };
    let mut file = file.unwrap_or_else(|| {
        AnnotationFile::new(
            DocRef::of(doc, &text),
            selection.annotator.clone().unwrap_or_default(),
        )
    });
    if !selection.keeps_status(file.status) {
        return Ok(());
    }
    selection.filter_spans(&mut file.spans);
    if !file.conflicts.is_empty() {
        out.summary.with_conflicts += 1;
    }
    out.summary.documents += 1;
    out.summary.spans += file.spans.len();
    let export_doc = ExportDoc {
        id: doc,
        text: &text,
        annotator: selection.annotator.as_deref(),
        status: file.status,
        spans: &file.spans,
    };
    write_document(options, &export_doc, out);
    Ok(())
}

/// Writes one document in the chosen format.
fn write_document(options: &ExportOptions, doc: &ExportDoc, out: &mut Output) {
    match options.format {
        Format::Jsonl => jsonl::write_document(doc, out),
        Format::Doccano => doccano::write_document(doc, options.offsets, out),
        Format::Brat => brat::write_document(doc, out),
        Format::Conll => conll::write_document(doc, options.layer, out),
        Format::LabelStudio => label_studio::write_document(doc, out),
        Format::Csv => csv::write_document(doc, out),
    }
}

/// What opens the main file.
fn begin(format: Format, main: &mut Vec<u8>) {
    match format {
        Format::LabelStudio => label_studio::begin(main),
        Format::Csv => csv::begin(main),
        Format::Jsonl | Format::Doccano | Format::Brat | Format::Conll => {}
    }
}

/// What closes the main file.
fn end(format: Format, main: &mut Vec<u8>) {
    if format == Format::LabelStudio {
        label_studio::end(main);
    }
}

/// The configuration files a format's consumer needs beside the data.
fn side_files(format: Format, schema: &Schema) -> Vec<ExportFile> {
    match format {
        Format::Brat => brat::config_files(schema),
        Format::LabelStudio => vec![label_studio::config_file(schema)],
        _ => Vec::new(),
    }
}

/// The name a status has in exported files (`todo`, `in progress`, `done`), as `spantag stats` prints it.
pub fn status_name(status: Status) -> &'static str {
    status.as_str()
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
