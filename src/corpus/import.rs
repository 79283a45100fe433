//! Importing existing work: a format's reader turns its input into documents with code point spans (each reader
//! converts offsets at its own edge), then [`import`] checks every span against its text and writes texts and
//! annotation files into the workspace through the store.
//!
//! What is wrong is reported by file and line and never dropped silently; what is right is still written: an
//! invalid, duplicate or out-of-range span is left out of its document (the rest of the document is imported), and
//! a document whose id is unsafe, whose text differs from the workspace's, or whose annotation file already exists
//! with other content (without `overwrite`) is not imported at all.
//!
//! A workspace without `spantag.ron` gets one declaring the labels the import found ([`Schema::declaring`]), so
//! that a data set with its own labels (PER, LOC, ORG) can be imported at all; a workspace with one keeps it, and
//! a label it lacks is reported.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::model::{AnnotationFile, DocRef, Relation, Span, SpanKey, Status};
use crate::schema::{LabelDef, Schema, WorkspaceConfig, is_label_name};
use crate::store::{self, StoreError, Workspace};
use crate::text::ReportText;

use super::error::CorpusError;
use super::formats::Format;
use super::types::{
    ImportDoc, ImportProblem, ImportRelation, ImportSpan, Location, OffsetUnit, Parsed,
    ReadSettings,
};

/// How to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The input's format.
    pub format: Format,
    /// doccano's offset unit.
    pub offsets: OffsetUnit,
    /// Whose annotations the imported files become; required where the input records no annotator.
    pub annotator: Option<String>,
    /// The status every imported file gets; by default the one the input records, else `todo`.
    pub status: Option<Status>,
    /// Replace annotation files that already exist with other content (otherwise that is a reported problem).
    pub overwrite: bool,
    /// CoNLL: start a new document after this many sentences as well as at each `-DOCSTART-` (0: only there),
    /// so that a data set without separators does not become one huge report.
    pub sentences_per_doc: usize,
}

impl ImportOptions {
    /// The defaults for a format: the input's annotator and status, no overwriting.
    pub fn new(format: Format) -> Self {
        ImportOptions {
            format,
            offsets: OffsetUnit::default(),
            annotator: None,
            status: None,
            overwrite: false,
            sentences_per_doc: 0,
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Documents read from the input.
    pub documents: usize,
    /// Annotation files written.
    pub files_written: usize,
    /// Annotation files that already had exactly this content.
    pub unchanged: usize,
    /// Documents imported as a text only: no spans, status todo, and no annotation file before (such a document
    /// needs no annotation file, so none is written).
    pub texts_only: usize,
    /// Report texts written (those that were absent).
    pub texts_written: usize,
    /// Spans in the files written or found unchanged.
    pub spans: usize,
    /// Everything that was not imported, by file and line.
    pub problems: Vec<ImportProblem>,
    /// The labels of the `spantag.ron` the import wrote, for a workspace that had none (empty when it wrote
    /// none): what the analysts will see in the palette.
    pub declared: Vec<String>,
}

/// How many documents are written at once: each save waits for the disk, and the file system commits
/// concurrent saves together, so more threads than cores pay off here (unlike `crate::parallel`, which is for
/// CPU-bound work).
const IMPORT_THREADS: usize = 8;

/// How often the files written so far into a new workspace are sent to disk while the import goes on.
const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_millis(300);

/// Imports `input` (a file; a folder for brat) into the workspace at `root` (created if absent). `progress` is
/// told how many documents of how many are done (from any thread). Problems in the data are in the report; the error is for input
/// that cannot be read at all and for wrong options.
pub fn import(
    input: &Path,
    root: &Path,
    options: &ImportOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ImportReport, CorpusError> {
    let format = options.format;
    let Some(reader) = format.reader() else {
        return Err(CorpusError::NotImportable(format));
    };
    if options.annotator.is_none() && !reader.records_annotator() {
        return Err(CorpusError::NoAnnotator(format));
    }
    if let Some(name) = &options.annotator {
        store::check_annotator(name)?;
    }
    let mut parsed = Parsed::default();
    let settings = ReadSettings {
        offsets: options.offsets,
        sentences_per_doc: options.sentences_per_doc,
    };
    reader.read(input, &settings, &mut parsed)?;
    let declares = !has_config(root);
    // A new workspace is built in a staging folder beside it, written plainly, made durable at once and renamed
    // into place: one flush instead of one per file (the time of an import is otherwise the disk's), and
    // nobody ever sees half a workspace. Into an existing workspace each file is saved atomically on its own.
    let staging = if is_new_folder(root)? {
        let parent = match root.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => std::path::PathBuf::from("."),
        };
        let io_err = |action| {
            let parent = parent.clone();
            move |source| StoreError::Io {
                path: parent,
                action,
                source,
            }
        };
        fs::create_dir_all(&parent).map_err(io_err("cannot create"))?;
        Some(store::StagingDir::new_in(&parent).map_err(io_err("cannot create a folder in"))?)
    } else {
        None
    };
    let mut workspace = match &staging {
        Some(staging) => Workspace::open(staging.path())?.staged(),
        None => Workspace::open(root)?,
    };
    let mut report = ImportReport {
        documents: parsed.docs.len(),
        problems: std::mem::take(&mut parsed.problems),
        ..ImportReport::default()
    };
    // Ids and annotators are settled in input order (the first of two documents with one id wins); then the
    // documents are written by several threads, since each save waits for the disk.
    let total = parsed.docs.len();
    let mut seen: HashMap<String, Location> = HashMap::new();
    let claimed: Vec<Claimed> = parsed
        .docs
        .into_iter()
        .filter_map(|doc| claim(options, doc, &mut seen, &mut report))
        .collect();
    // A workspace without `spantag.ron` gets one declaring the labels of the documents taken (after the
    // guidelines' labels, which its existing files may use; a new workspace gets only those found), written
    // before any file that uses them.
    if declares {
        let found = claimed
            .iter()
            .flat_map(|c| &c.doc.spans)
            .map(|s| s.label.as_str());
        let kept: &[LabelDef] = if staging.is_some() {
            &[]
        } else {
            &workspace.schema().labels
        };
        let schema = Schema::declaring(kept, found);
        if schema.labels.len() > kept.len() {
            report.declared = schema.labels.iter().map(|l| l.name.clone()).collect();
            let config = WorkspaceConfig {
                schema,
                ..workspace.config().clone()
            };
            workspace.save_config(config)?;
        }
    }
    let done = AtomicUsize::new(total - claimed.len());
    let chunk = claimed.len().div_ceil(IMPORT_THREADS).max(1);
    let written = AtomicBool::new(false);
    let reports: Vec<ImportReport> = std::thread::scope(|scope| {
        // While a new workspace is written, what is written so far goes to disk now and then, so that the last
        // flush (`commit_to`) has less left to wait for.
        let flusher = staging.as_ref().map(|staging| {
            let written = &written;
            scope.spawn(move || {
                while !written.load(Ordering::Acquire) {
                    std::thread::park_timeout(FLUSH_EVERY);
                    if !written.load(Ordering::Acquire) {
                        staging.flush_so_far();
                    }
                }
            })
        });
        let handles: Vec<_> = claimed
            .chunks(chunk)
            .map(|docs| {
                let (workspace, done) = (&workspace, &done);
                scope.spawn(move || {
                    let mut report = ImportReport::default();
                    for doc in docs {
                        write_document(workspace, options, doc, &mut report);
                        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                    }
                    report
                })
            })
            .collect();
        // Every writer is joined and the flusher stopped before a writer's panic is passed on: otherwise the
        // scope would wait for the flusher for ever.
        let joined: Vec<_> = handles.into_iter().map(|h| h.join()).collect();
        written.store(true, Ordering::Release);
        if let Some(flusher) = flusher {
            flusher.thread().unpark();
        }
        joined
            .into_iter()
            .map(|r| r.unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect::<Vec<ImportReport>>()
    });
    for part in reports {
        report.absorb(part);
    }
    report
        .problems
        .sort_by(|a, b| a.at.file.cmp(&b.at.file).then(a.at.line.cmp(&b.at.line)));
    if let Some(staging) = staging {
        staging.commit_to(root)?;
    }
    Ok(report)
}

/// Whether the workspace at `root` has its `spantag.ron` (a broken one counts: it is the user's to fix, never
/// replaced).
fn has_config(root: &Path) -> bool {
    fs::symlink_metadata(root.join(store::CONFIG_FILE)).is_ok()
}

/// Whether `root` is absent or an empty folder (not a link): a new workspace, built in a staging folder.
fn is_new_folder(root: &Path) -> Result<bool, StoreError> {
    // A link to a folder is used as it is (the staged folder could not take its place), and so is a folder
    // named without a last component (`.`, `..`, `/`): the staged folder cannot be renamed onto it.
    if root.file_name().is_none()
        || fs::symlink_metadata(root).is_ok_and(|m| m.file_type().is_symlink())
    {
        return Ok(false);
    }
    match fs::read_dir(root) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(source) => Err(StoreError::Io {
            path: root.to_owned(),
            action: "cannot open",
            source,
        }),
    }
}

/// A document whose id and annotator are settled, ready to be written.
struct Claimed {
    id: String,
    annotator: String,
    doc: ImportDoc,
}

/// Settles a document's annotator and safe id, refusing a second document with the same id.
fn claim(
    options: &ImportOptions,
    mut doc: ImportDoc,
    seen: &mut HashMap<String, Location>,
    report: &mut ImportReport,
) -> Option<Claimed> {
    let Some(annotator) = options.annotator.clone().or(doc.annotator.take()) else {
        let message = format!(
            "document {:?} records no annotator: name one with --annotator; not imported",
            doc.id
        );
        reject(report, &doc.origin, message);
        return None;
    };
    if let Err(e) = store::check_annotator(&annotator) {
        reject(report, &doc.origin, format!("{e}; not imported"));
        return None;
    }
    let id = match store::safe_relative_path(&doc.id) {
        Ok(id) if id.ends_with(".txt") => id,
        Ok(id) => format!("{id}.txt"),
        Err(e) => {
            reject(
                report,
                &doc.origin,
                format!("document id {e}; not imported"),
            );
            return None;
        }
    };
    if let Some(message) = unusable(&id, &doc.text) {
        reject(report, &doc.origin, format!("{message}; not imported"));
        return None;
    }
    if let Some(first) = seen.get(&id) {
        let message = format!("document {id:?} appears again (first at {first}); not imported");
        reject(report, &doc.origin, message);
        return None;
    }
    seen.insert(id.clone(), doc.origin.clone());
    Some(Claimed { id, annotator, doc })
}

/// Why the workspace could not use a document with this (safe) id and text, if it could not: it would be
/// written and then ignored, read as binary or found changed, so it is refused here, named.
fn unusable(id: &str, text: &ReportText) -> Option<String> {
    let top = id.split('/').next().unwrap_or_default();
    if id.contains('/') && store::SKIPPED_FOLDERS.contains(&top) {
        return Some(format!(
            "document {id:?} would be written under {top}/, a folder the workspace does not read reports from \
             (it holds build output): rename the document"
        ));
    }
    let text = text.as_str();
    if text.starts_with('\u{feff}') {
        return Some(format!(
            "document {id:?}: the text starts with a byte-order mark (U+FEFF), which is not part of a report \
             (spantag drops it on reading, moving every offset by one): remove it from the text and subtract 1 \
             from every offset"
        ));
    }
    if let Some(byte) = text.find('\0') {
        let at = text[..byte].chars().count();
        return Some(format!(
            "document {id:?}: the text has a NUL character (U+0000) at character {at}, which makes a report read \
             as a binary file: remove it (offsets after it move by one)"
        ));
    }
    None
}

/// Checks and writes one document's text and annotation file, adding what is wrong to the report.
fn write_document(
    workspace: &Workspace,
    options: &ImportOptions,
    claimed: &Claimed,
    report: &mut ImportReport,
) {
    let Claimed { id, annotator, doc } = claimed;
    let id = id.as_str();
    // The text: written when absent; when present it must be the same text, or the spans would point elsewhere.
    let text_path = workspace.text_path(id);
    if text_path.exists() {
        match workspace.load_text(id) {
            Ok(existing) if existing.as_str() == doc.text.as_str() => {}
            Ok(_) => {
                let message = format!(
                    "document {id:?}: the workspace already has a different text at {}; not imported",
                    text_path.display()
                );
                return reject(report, &doc.origin, message);
            }
            Err(e) => return reject(report, &doc.origin, format!("{e}; not imported")),
        }
    } else if let Err(e) = workspace.save_text(id, doc.text.as_str()) {
        return reject(report, &doc.origin, e.to_string());
    } else {
        report.texts_written += 1;
    }

    let mut file = AnnotationFile::new(DocRef::of(id, &doc.text), annotator.clone());
    file.status = options.status.or(doc.status).unwrap_or_default();
    let mut keys = HashMap::new();
    // Each input span's key once checked (`None` when it was not imported), for the links naming it.
    let mut imported: Vec<Option<SpanKey>> = Vec::with_capacity(doc.spans.len());
    for span in &doc.spans {
        match check_span(span, &doc.text, workspace.schema()) {
            Ok(checked) => {
                imported.push(Some(checked.key()));
                if let Some(first) = keys.insert(checked.key(), span.what.clone()) {
                    let message = format!(
                        "{} {}..{} {:?} repeats {first}; imported once",
                        span.what, span.start, span.end, span.label
                    );
                    reject(report, &span.origin, message);
                } else {
                    file.spans.push(checked);
                }
            }
            Err(message) => {
                imported.push(None);
                reject(report, &span.origin, format!("{message}; not imported"));
            }
        }
    }
    let mut links = HashMap::new();
    for relation in &doc.relations {
        match check_relation(relation, &doc.spans, &imported, workspace.schema()) {
            Ok(checked) => {
                let key = (
                    checked.from.clone(),
                    checked.to.clone(),
                    checked.kind.clone(),
                );
                if let Some(first) = links.insert(key, relation.what.clone()) {
                    let message = format!("{} repeats {first}; imported once", relation.what);
                    reject(report, &relation.origin, message);
                } else {
                    file.relations.push(checked);
                }
            }
            Err(message) => reject(report, &relation.origin, format!("{message}; not imported")),
        }
    }
    file.normalize();

    let path = match workspace.annotation_path(&file.annotator, id) {
        Ok(path) => path,
        Err(e) => return reject(report, &doc.origin, format!("{e}; not imported")),
    };
    if file.spans.is_empty() && file.status == Status::Todo && !path.exists() {
        report.texts_only += 1;
        return;
    }
    if path.exists() {
        let same = store::read_annotation_file(&path).is_ok_and(|old| {
            let mut old = old;
            old.normalize();
            old == file
        });
        if same {
            report.unchanged += 1;
            report.spans += file.spans.len();
            return;
        }
        if !options.overwrite {
            let message = format!(
                "document {id:?}: {} already exists with other annotations; not replaced (use --overwrite, or \
                 another --annotator)",
                path.display()
            );
            return reject(report, &doc.origin, message);
        }
    }
    match workspace.write_annotation_file(&path, &file) {
        Ok(()) => {
            report.files_written += 1;
            report.spans += file.spans.len();
        }
        Err(e) => reject(
            report,
            &doc.origin,
            format!(
                "{e}; the text is in the workspace but its annotations are not: make the folder \
                 writable and import again"
            ),
        ),
    }
}

impl ImportReport {
    /// Adds the counts and problems of part of an import.
    fn absorb(&mut self, part: ImportReport) {
        self.documents += part.documents;
        self.files_written += part.files_written;
        self.unchanged += part.unchanged;
        self.texts_only += part.texts_only;
        self.texts_written += part.texts_written;
        self.spans += part.spans;
        self.problems.extend(part.problems);
        self.declared.extend(part.declared);
    }
}

/// Records a problem.
fn reject(report: &mut ImportReport, at: &Location, message: String) {
    report.problems.push(ImportProblem {
        at: at.clone(),
        message,
    });
}

/// A link checked against the spans imported and the schema, or what is wrong with it.
fn check_relation(
    relation: &ImportRelation,
    spans: &[ImportSpan],
    imported: &[Option<SpanKey>],
    schema: &Schema,
) -> Result<Relation, String> {
    let what = &relation.what;
    let end = |index: usize, name: &str| -> Result<SpanKey, String> {
        match imported.get(index) {
            Some(Some(key)) => Ok(key.clone()),
            Some(None) => Err(format!(
                "{what}: its {name} span ({}) was not imported",
                spans.get(index).map_or("?", |s| s.what.as_str())
            )),
            None => Err(format!("{what}: its {name} span is not in the document")),
        }
    };
    let (from, to) = (end(relation.from, "from")?, end(relation.to, "to")?);
    let kind = &relation.kind;
    let Some(def) = schema.relation(kind) else {
        let types: Vec<&str> = schema.relations().iter().map(|r| r.name.as_str()).collect();
        return Err(format!(
            "{what}: relation type {kind:?} is not in the workspace's schema ({}; add it to spantag.ron first)",
            types.join(", ")
        ));
    };
    if !def.allows(&from.label, &to.label) {
        return Err(format!(
            "{what}: a {kind} link may not go from a {} span to a {} span",
            from.label, to.label
        ));
    }
    Ok(Relation {
        from,
        to,
        kind: kind.as_str().into(),
        note: relation.note.clone(),
        annotators: relation
            .annotators
            .iter()
            .map(|a| a.as_str().into())
            .collect(),
    })
}

/// A span checked against its text and the schema, or what is wrong with it.
fn check_span(span: &ImportSpan, text: &ReportText, schema: &Schema) -> Result<Span, String> {
    let what = &span.what;
    let (start, end, label) = (span.start, span.end, &span.label);
    if start >= end {
        return Err(format!(
            "{what} {start}..{end} {label:?}: start must be before end"
        ));
    }
    let len = text.len_chars();
    if end > len {
        return Err(format!(
            "{what} {start}..{end} {label:?}: ends past the end of the text ({len} characters)"
        ));
    }
    let actual = text.slice(start, end);
    if let Some(quoted) = &span.quoted
        && quoted != actual
    {
        return Err(format!(
            "{what} {start}..{end} {label:?}: text {quoted:?} does not match the report, which has {actual:?} there"
        ));
    }
    if !is_label_name(label) {
        return Err(format!(
            "{what} {start}..{end}: label {label:?} cannot be a label's name (empty or with spaces)"
        ));
    }
    if !schema.has(label) {
        let labels: Vec<&str> = schema.labels.iter().map(|l| l.name.as_str()).collect();
        return Err(format!(
            "{what} {start}..{end}: label {label:?} is not in the workspace's schema ({}; add it to spantag.ron \
             first)",
            labels.join(", ")
        ));
    }
    Ok(Span {
        start,
        end,
        label: label.as_str().into(),
        text: actual.into(),
        note: span.note.clone(),
        annotators: span.annotators.iter().map(|a| a.as_str().into()).collect(),
        value: None,
        context: Some(Box::new(crate::model::Context::of(text, start, end))),
    })
}
