//! The export pipeline: reads each text once, checks its annotation file against it, applies the selection and
//! hands both to the format's [`Writer`](super::codec::Writer), several runs of documents at once; the result
//! stays in memory until [`super::output`] puts it on disk.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::figures::Table;
use crate::model::{AnnotationFile, DocRef, Span, SpanKey};
use crate::store::{StoreError, Workspace};
use crate::text::ReportText;

use super::error::CorpusError;
use super::formats::Format;
use super::select::Selection;
use super::types::{ExportDoc, ExportFile, ExportSummary, Layer, OffsetUnit, Output, Settings};

/// Format-specific export settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    /// The format to write.
    pub format: Format,
    /// doccano's offset unit.
    pub offsets: OffsetUnit,
    /// CoNLL's layer.
    pub layer: Layer,
    /// doccano: write its relation JSONL (`entities` with ids and `relations`).
    pub relations: bool,
}

impl ExportOptions {
    /// The defaults of a format: UTF-16 offsets for doccano, the outer layer for CoNLL.
    pub fn new(format: Format) -> Self {
        ExportOptions {
            format,
            offsets: OffsetUnit::default(),
            layer: Layer::default(),
            relations: false,
        }
    }

    fn settings(&self) -> Settings {
        Settings {
            offsets: self.offsets,
            layer: self.layer,
            relations: self.relations,
        }
    }
}

/// A finished export, in memory, ready for [`super::output::write_export`].
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
    let writer = options.format.writer();
    let settings = options.settings();
    let documents = workspace.documents();
    let done = AtomicUsize::new(0);
    // Built once: Figure spans' values are read with it (jsonl, CSV), never a table per span or document.
    let figures = Table::extended(workspace.config().figures.clone());
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
            let text_bytes = usize::try_from(text_bytes).unwrap_or(usize::MAX);
            out.main
                .reserve(writer.expected_size(text_bytes).saturating_add(4096));
        }
        let mut errors = Vec::new();
        for doc in *docs {
            match load(workspace, selection, doc, &mut out) {
                Ok(Some(Loaded { text, file })) => {
                    let export_doc = ExportDoc {
                        id: doc,
                        text: &text,
                        annotator: selection.annotator.as_deref(),
                        status: file.status,
                        spans: &file.spans,
                        relations: &file.relations,
                        figures: &figures,
                    };
                    writer.write_document(&export_doc, &settings, &mut out);
                }
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
        }
        (out, errors)
    });

    let mut exported = Exported::default();
    let mut head = Vec::new();
    writer.begin(&mut head);
    exported.main.push(head);
    let mut errors = Vec::new();
    // A side file that runs also write into (CSV's relations table: its header here, its rows from the runs)
    // is one file: the side file's bytes first, then each run's, in order.
    let mut side = writer.side_files(workspace.schema());
    for (out, errs) in results {
        exported.main.push(out.main);
        for file in out.files {
            match side.iter_mut().find(|s| s.path == file.path) {
                Some(joined) => joined.bytes.extend(file.bytes),
                None => exported.files.push(file),
            }
        }
        exported.summary.add(out.summary);
        errors.extend(errs);
    }
    if !errors.is_empty() {
        return Err(CorpusError::Unreadable(errors));
    }
    writer.end(exported.main.last_mut());
    exported.files.extend(side);
    Ok(exported)
}

/// A document's text and the file with the spans to export.
struct Loaded {
    text: ReportText,
    file: AnnotationFile,
}

/// Loads one document and applies the selection: its text and the file with the spans to export, `None` when
/// the selection leaves the document out. Counts it in `out`'s summary.
fn load(
    workspace: &Workspace,
    selection: &Selection,
    doc: &str,
    out: &mut Output,
) -> Result<Option<Loaded>, StoreError> {
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
        return Ok(None);
    }
    selection.filter_spans(&mut file.spans);
    if !file.relations.is_empty() {
        // A link is exported only with both its spans (and only between spans of the file: an odd link that
        // `validate` reports names nothing a format could point at).
        let kept: std::collections::HashSet<SpanKey> = file.spans.iter().map(Span::key).collect();
        file.relations
            .retain(|r| kept.contains(&r.from) && kept.contains(&r.to));
    }
    if !file.conflicts.is_empty() || !file.relation_conflicts.is_empty() {
        out.summary.with_conflicts += 1;
    }
    out.summary.documents += 1;
    out.summary.spans += file.spans.len();
    out.summary.relations += file.relations.len();
    Ok(Some(Loaded { text, file }))
}
