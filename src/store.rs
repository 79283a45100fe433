//! Files on disk: atomic saves, reading and writing annotation files as RON, and the workspace folder layout
//! (`*.txt` reports, `spantag.ron`, `annotations/<annotator>/<report>.ron`).

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::model::{AnnotationFile, FORMAT_VERSION, SpanProblem};
use crate::schema::{Schema, WorkspaceConfig};
use crate::text::{self, DecodeError, ReportText};

/// The workspace settings file's name.
pub const CONFIG_FILE: &str = "spantag.ron";
/// The folder, inside a workspace, that holds every annotator's files.
pub const ANNOTATIONS_DIR: &str = "annotations";
pub use crate::names::GOLD;
/// Folders at the top of a workspace that its scan for reports skips: the annotations, and `target/` (build
/// output, when a workspace lives in a code repository). One list for the scan and for import, which refuses
/// documents that would be written there and then never seen.
pub const SKIPPED_FOLDERS: [&str; 2] = [ANNOTATIONS_DIR, "target"];
/// The file every folder export (brat) holds, so that an export that ends up inside a workspace is never read as
/// its reports: the scan skips any folder holding it (or a brat `annotation.conf`).
pub const EXPORT_MARKER: &str = "spantag-export.ron";

/// Whether a folder is an export (spantag's marker, or brat's `annotation.conf`), whose `.txt` files are copies
/// of reports, not reports.
pub fn is_export_folder(dir: &Path) -> bool {
    dir.join(EXPORT_MARKER).is_file() || dir.join("annotation.conf").is_file()
}

/// Everything that can go wrong reading or writing spantag's files; each message names the file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file could not be read or written.
    #[error("{}: {action}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What we were doing (`cannot read`, `cannot save`).
        action: &'static str,
        /// The operating system's reason.
        source: io::Error,
    },
    /// A report file is not decodable text.
    #[error("{}: {source}", path.display())]
    Decode {
        /// The report.
        path: PathBuf,
        /// Why it is not text.
        source: DecodeError,
    },
    /// A RON file does not parse.
    #[error("{}:{line}:{column}: broken RON: {message}", path.display())]
    Ron {
        /// The file.
        path: PathBuf,
        /// Line (1-based) where RON stopped.
        line: usize,
        /// Column (1-based).
        column: usize,
        /// RON's description.
        message: String,
    },
    /// The file is not a spantag annotation file, or one of a version this build cannot read.
    #[error("{}: {message}", path.display())]
    Version {
        /// The file.
        path: PathBuf,
        /// What was found.
        message: String,
    },
    /// The file parses but does not fit its text or schema.
    #[error("{}: {}", path.display(), join_problems(problems))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Each problem found.
        problems: Vec<SpanProblem>,
    },
    /// The report text changed after the file was annotated (re-anchoring is not automatic).
    #[error("{}: {message}", path.display())]
    TextChanged {
        /// The annotation file.
        path: PathBuf,
        /// What differs.
        message: String,
    },
    /// What was to be written could not be turned into RON; nothing was written (an empty file would have
    /// replaced a good one).
    #[error("{}: cannot write it as RON ({message}); the file on disk is unchanged", path.display())]
    Serialize {
        /// The file that was to be written.
        path: PathBuf,
        /// RON's description.
        message: String,
    },
    /// A name or path that would write outside the workspace or is not a valid file name.
    #[error("{name:?}: {reason}")]
    BadName {
        /// The offending name.
        name: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// A path that resolves (through a symbolic link) outside the workspace: spantag neither reads nor writes
    /// there, so a link cannot leak a file into a corpus or send a write elsewhere.
    #[error(
        "{}: leads outside the workspace (to {}): spantag reads and writes only inside {}; copy the file in \
         instead of linking to it",
        path.display(),
        target.display(),
        root.display()
    )]
    OutsideWorkspace {
        /// The path inside the workspace.
        path: PathBuf,
        /// Where it resolves.
        target: PathBuf,
        /// The workspace's real path.
        root: PathBuf,
    },
    /// The annotation file's text could not be found.
    #[error("{}: cannot find the report {file:?} it annotates", path.display())]
    MissingText {
        /// The annotation file.
        path: PathBuf,
        /// The report it names.
        file: String,
    },
}

impl From<crate::names::NameError> for StoreError {
    fn from(e: crate::names::NameError) -> Self {
        StoreError::BadName {
            name: e.name,
            reason: e.reason,
        }
    }
}

fn join_problems(problems: &[SpanProblem]) -> String {
    problems
        .iter()
        .map(|p| p.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Writes `bytes` to `path` so that a crash at any moment leaves either the old file or the new one: write a
/// temporary file in the same folder, flush and fsync it, rename it over `path`, then fsync the folder.
///
/// The file keeps the permissions of the file it replaces (a shared 0664 file stays shared); a new file gets
/// the usual ones for the user's umask. Temporary files that interrupted runs left in the folder are removed
/// (see [`clean_stale_temps`]).
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    atomic_write_pieces(path, [bytes])
}

/// [`atomic_write`] of a file given as pieces in order (a large export, which is not joined in memory first).
pub fn atomic_write_pieces<'a>(
    path: &Path,
    pieces: impl IntoIterator<Item = &'a [u8]>,
) -> Result<(), StoreError> {
    let io_err = |source| StoreError::Io {
        path: path.to_owned(),
        action: "cannot save",
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).map_err(io_err)?;
    clean_stale_temps(&dir);
    let replaced_permissions = fs::metadata(path).ok().map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created with open(2)'s mode, which the umask narrows: what any new file of the user's gets.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(io_err)?;
    // Held until the file is renamed into place: a live save is never taken for an interrupted one.
    let _ = tmp.as_file().lock();
    if let Some(permissions) = replaced_permissions {
        tmp.as_file().set_permissions(permissions).map_err(io_err)?;
    }
    for piece in pieces {
        tmp.write_all(piece).map_err(io_err)?;
    }
    tmp.flush().map_err(io_err)?;
    tmp.as_file().sync_all().map_err(io_err)?;
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    // Makes the rename itself durable.
    sync_dir(&dir);
    Ok(())
}

/// How the names of spantag's temporary files begin (`.spantag-XXXXXX.tmp` for saves).
const TEMP_PREFIX: &str = ".spantag-";
/// How the names of temporary save files end.
const TEMP_SUFFIX: &str = ".tmp";
/// How the names of export staging folders begin.
const STAGING_PREFIX: &str = ".spantag-export-";
/// Temporary files younger than this are never taken for abandoned: the moment between creating one and
/// locking it is not a window for another run to remove it.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// Removes the temporary save files (`.spantag-*.tmp`) and export staging folders (`.spantag-export-*`) that
/// runs killed mid-save left in `dir`. Only those no live process owns: a live save or export holds a lock on
/// its temporary file or folder, and anything younger than a minute is left alone. Each folder is looked at
/// once per process (a workspace import saves thousands of files into one folder).
pub fn clean_stale_temps(dir: &Path) {
    use std::collections::HashSet;
    use std::sync::Mutex;
    static CLEANED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    {
        let mut cleaned = CLEANED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !cleaned
            .get_or_insert_with(HashSet::new)
            .insert(dir.to_owned())
        {
            return;
        }
    }
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let temp_file =
            kind.is_file() && name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX);
        let staging = kind.is_dir() && name.starts_with(STAGING_PREFIX);
        if !(temp_file || staging) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if !old {
            continue;
        }
        let path = entry.path();
        let Ok(handle) = fs::File::open(&path) else {
            continue;
        };
        if handle.try_lock().is_err() {
            continue; // a live process owns it
        }
        let _ = if temp_file {
            fs::remove_file(&path)
        } else {
            fs::remove_dir_all(&path)
        };
    }
}

/// A hidden folder, beside where an export goes, that the export is written into before it is renamed into
/// place. It is locked while it lives, so [`clean_stale_temps`] leaves it alone; it gets the usual permissions
/// for the user's umask, so the finished export does too.
#[derive(Debug)]
pub struct StagingDir {
    dir: tempfile::TempDir,
    _lock: Option<fs::File>,
}

impl StagingDir {
    /// Creates a staging folder in `parent`, first removing stale ones interrupted runs left there.
    pub fn new_in(parent: &Path) -> io::Result<StagingDir> {
        clean_stale_temps(parent);
        let mut builder = tempfile::Builder::new();
        builder.prefix(STAGING_PREFIX);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o777));
        }
        let dir = builder.tempdir_in(parent)?;
        let lock = fs::File::open(dir.path())
            .ok()
            .filter(|handle| handle.lock().is_ok());
        Ok(StagingDir { dir, _lock: lock })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Keeps the folder (it is about to be renamed into place) and returns its path.
    pub fn keep(self) -> PathBuf {
        self.dir.keep()
    }

    /// Starts writing to disk what has been written below the folder so far (with anything else dirty on its
    /// file system), so that [`StagingDir::commit_to`] has less left to wait for: called now and then while a
    /// large workspace is written, the disk works while the processor does. Linux has one call for it
    /// (`syncfs`); elsewhere this does nothing. Best effort: `commit_to` still makes everything durable.
    pub fn flush_so_far(&self) {
        #[cfg(target_os = "linux")]
        if let Ok(handle) = fs::File::open(self.path()) {
            let _ = rustix::fs::syncfs(&handle);
        }
    }

    /// Makes everything written below the folder durable, then renames it to `target` (which must be absent
    /// or an empty folder) and makes the rename durable: the whole tree appears at once, complete, or not at
    /// all. On Linux one `syncfs` flushes every file (tens of thousands of `fsync`s would take far longer);
    /// elsewhere each file and folder is synced.
    pub fn commit_to(self, target: &Path) -> Result<(), StoreError> {
        let io_err = |path: &Path, action| {
            let path = path.to_owned();
            move |source| StoreError::Io {
                path,
                action,
                source,
            }
        };
        sync_tree(self.path()).map_err(io_err(self.path(), "cannot save"))?;
        if target.is_dir() {
            fs::remove_dir(target).map_err(io_err(target, "cannot replace the empty folder"))?;
        }
        let staged = self.keep();
        if let Err(e) = fs::rename(&staged, target) {
            let _ = fs::remove_dir_all(&staged);
            return Err(io_err(target, "cannot save")(e));
        }
        if let Some(parent) = target.parent() {
            sync_dir(if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            });
        }
        Ok(())
    }
}

/// Makes every file and folder below `root` durable.
fn sync_tree(root: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let handle = fs::File::open(root)?;
        rustix::fs::syncfs(&handle).map_err(io::Error::from)
    }
    #[cfg(not(target_os = "linux"))]
    {
        for entry in fs::read_dir(root)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                sync_tree(&entry.path())?;
            } else {
                fs::File::open(entry.path())?.sync_all()?;
            }
        }
        sync_dir(root);
        Ok(())
    }
}

/// Makes a folder's entries durable (best effort: a failure cannot corrupt a file, so it is not an error).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The RON text of an annotation file, canonical: the same content always gives the same bytes. An error is
/// returned, never an empty text, so that no caller can write nothing over a good file.
pub fn to_ron(file: &AnnotationFile) -> Result<String, ron::Error> {
    let mut file = file.clone();
    file.normalize();
    // The usual shapes are written directly (the same bytes, far faster on Chinese text); the rest by `ron`.
    if let Some(body) = crate::annotation_ron::write(&file) {
        return Ok(body + "\n");
    }
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(2)
        .indentor("    ")
        .new_line("\n")
        .struct_names(false);
    let body = ron::ser::to_string_pretty(&file, config)?;
    Ok(format!("{body}\n"))
}

fn ron_error(path: &Path, err: ron::error::SpannedError) -> StoreError {
    StoreError::Ron {
        path: path.to_owned(),
        line: err.span.start.line,
        column: err.span.start.col,
        message: err.code.to_string(),
    }
}

/// Parses an annotation file's RON, checking its format version before anything else. A byte-order mark
/// (which some editors add on saving) is not part of the RON and is skipped.
pub fn parse_annotation_file(path: &Path, source: &str) -> Result<AnnotationFile, StoreError> {
    /// What a file without a `version` reads as: no file has it (RON would need `Some(..)` for an `Option`).
    const ABSENT: u64 = u64::MAX;
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default = "absent")]
        version: u64,
    }
    fn absent() -> u64 {
        ABSENT
    }
    let source = source.strip_prefix('\u{FEFF}').unwrap_or(source);
    let version_error = |version: Option<u64>| StoreError::Version {
        path: path.to_owned(),
        message: match version {
            None => "not a spantag annotation file (it has no `version`)".into(),
            Some(version) => format!(
                "unknown format version {version}; this build of spantag reads version {FORMAT_VERSION} \
                 (a newer spantag may read it; an older file can be re-imported)"
            ),
        },
    };
    // One parse in the common case; the version probe runs only to explain a failure (a file of another
    // version may not fit this version's structure), so a broken file of our version gets RON's own message.
    match ron::from_str::<AnnotationFile>(source) {
        Ok(file) if file.version == FORMAT_VERSION => Ok(file),
        Ok(file) => Err(version_error(Some(file.version.into()))),
        Err(parse_error) => match ron::from_str::<Probe>(source) {
            Ok(probe) if probe.version != u64::from(FORMAT_VERSION) => Err(version_error(
                (probe.version != ABSENT).then_some(probe.version),
            )),
            _ => Err(ron_error(path, parse_error)),
        },
    }
}

/// Reads an annotation file from disk (parse and version check only; see [`check_against`]).
pub fn read_annotation_file(path: &Path) -> Result<AnnotationFile, StoreError> {
    let bytes = fs::read(path).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        action: "cannot read",
        source,
    })?;
    let source = String::from_utf8(bytes).map_err(|e| StoreError::Ron {
        path: path.to_owned(),
        line: 0,
        column: 0,
        message: format!("not UTF-8 text ({e})"),
    })?;
    parse_annotation_file(path, &source)
}

/// Checks a parsed annotation file against its text and schema: a changed text, then span problems.
pub fn check_against(
    path: &Path,
    file: &AnnotationFile,
    text: &ReportText,
    schema: &Schema,
) -> Result<(), StoreError> {
    let problems = file.problems(text, schema);
    if problems.is_empty() {
        return Ok(());
    }
    if !file.document.matches(text) {
        return Err(StoreError::TextChanged {
            path: path.to_owned(),
            message: problems
                .first()
                .map(|p| p.message.clone())
                .unwrap_or_default(),
        });
    }
    Err(StoreError::Invalid {
        path: path.to_owned(),
        problems,
    })
}

/// Writes an annotation file atomically in canonical form.
pub fn write_annotation_file(path: &Path, file: &AnnotationFile) -> Result<(), StoreError> {
    atomic_write(path, annotation_ron(path, file)?.as_bytes())
}

/// The canonical RON text of an annotation file that is to be written at `path` (named in the error).
pub fn annotation_ron(path: &Path, file: &AnnotationFile) -> Result<String, StoreError> {
    to_ron(file).map_err(|e| StoreError::Serialize {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

/// Reads and decodes a report text file.
pub fn read_text(path: &Path) -> Result<ReportText, StoreError> {
    let bytes = fs::read(path).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        action: "cannot read",
        source,
    })?;
    let decoded = text::decode_owned(bytes).map_err(|source| StoreError::Decode {
        path: path.to_owned(),
        source,
    })?;
    Ok(ReportText::decoded(decoded))
}

/// Checks that an annotator name can be a folder name ([`crate::names::check_annotator`], as a store error).
pub fn check_annotator(name: &str) -> Result<(), StoreError> {
    Ok(crate::names::check_annotator(name)?)
}

/// Turns a document id from an imported file into a safe relative path inside the workspace: `/`-separated,
/// no `..`, no absolute paths, no empty or hidden components.
pub fn safe_relative_path(id: &str) -> Result<String, StoreError> {
    let bad = |reason| {
        Err(StoreError::BadName {
            name: id.to_owned(),
            reason,
        })
    };
    let normalized = id.replace('\\', "/");
    if normalized.starts_with('/') || Path::new(&normalized).is_absolute() {
        return bad("an absolute path would write outside the workspace");
    }
    let mut parts = Vec::new();
    for part in normalized.split('/') {
        match part {
            "" | "." => continue,
            ".." => return bad("`..` would write outside the workspace"),
            p if p.starts_with('.') => return bad("hidden path components are not allowed"),
            p if p.contains(':') || p.chars().any(char::is_control) => {
                return bad("a path component must not contain `:` or control characters");
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return bad("an empty document id");
    }
    if parts[0] == ANNOTATIONS_DIR {
        return bad("a report must not live in the annotations folder");
    }
    Ok(parts.join("/"))
}

/// A workspace folder: report texts plus the annotations of every analyst.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
    /// The root with every symbolic link resolved: what "inside the workspace" means.
    real_root: PathBuf,
    config: WorkspaceConfig,
    documents: Vec<String>,
    /// Files are written plainly, not each made durable: the workspace is being built in a [`StagingDir`]
    /// that is made durable as a whole and renamed into place ([`Workspace::staged`]).
    staged: bool,
}

impl Workspace {
    /// This workspace, writing its files without making each one durable: only for a workspace being built in
    /// a [`StagingDir`] that [`StagingDir::commit_to`] then makes durable at once (a new import), so that
    /// nothing half-written is ever seen where the workspace goes.
    pub fn staged(mut self) -> Workspace {
        self.staged = true;
        self
    }

    /// Writes a file of the workspace, unless its path leads outside it: atomically and durably, or plainly
    /// while staged.
    fn write_file(&self, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
        if !self.staged {
            self.check_inside(path)?;
            return atomic_write(path, bytes);
        }
        // A staging folder is new, private to this process and filled only through safe relative paths, so no
        // link in it can lead outside: the check (a walk of the whole path, twice per document of an import)
        // is skipped.
        let io_err = |source| StoreError::Io {
            path: path.to_owned(),
            action: "cannot save",
            source,
        };
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io_err)?;
        }
        fs::write(path, bytes).map_err(io_err)
    }

    /// Opens a workspace: reads `spantag.ron` if present and lists every `*.txt` below the root (outside
    /// `annotations/` and hidden folders), sorted.
    pub fn open(root: impl Into<PathBuf>) -> Result<Workspace, StoreError> {
        let root = root.into();
        let config_path = root.join(CONFIG_FILE);
        let config = match fs::read_to_string(&config_path) {
            Ok(source) => {
                let source = source.strip_prefix('\u{FEFF}').unwrap_or(&source);
                let config: WorkspaceConfig =
                    ron::from_str(source).map_err(|e| ron_error(&config_path, e))?;
                let problems = config.schema.problems();
                if !problems.is_empty() {
                    return Err(StoreError::Invalid {
                        path: config_path,
                        problems: problems
                            .into_iter()
                            .map(|message| SpanProblem {
                                span: None,
                                message,
                            })
                            .collect(),
                    });
                }
                config
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => WorkspaceConfig::default(),
            Err(source) => {
                return Err(StoreError::Io {
                    path: config_path,
                    action: "cannot read",
                    source,
                });
            }
        };
        let mut documents = Vec::new();
        collect_texts(&root, &root, &mut documents)?;
        documents.sort();
        let real_root = fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
        Ok(Workspace {
            root,
            real_root,
            config,
            documents,
            staged: false,
        })
    }

    /// The workspace folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Settings and schema.
    pub fn config(&self) -> &WorkspaceConfig {
        &self.config
    }

    /// The label schema.
    pub fn schema(&self) -> &Schema {
        &self.config.schema
    }

    /// Report paths relative to the root, `/`-separated, sorted.
    pub fn documents(&self) -> &[String] {
        &self.documents
    }

    /// Where a report lives on disk.
    pub fn text_path(&self, doc: &str) -> PathBuf {
        self.root.join(doc)
    }

    /// Where an annotator's file for a report lives: `annotations/<annotator>/<doc with .ron for .txt>`.
    pub fn annotation_path(&self, annotator: &str, doc: &str) -> Result<PathBuf, StoreError> {
        check_annotator(annotator)?;
        let doc = safe_relative_path(doc)?;
        let stem = doc.strip_suffix(".txt").unwrap_or(&doc);
        Ok(self
            .root
            .join(ANNOTATIONS_DIR)
            .join(annotator)
            .join(format!("{stem}.ron")))
    }

    /// The annotators who have a folder in `annotations/`, sorted (including `gold` if present).
    pub fn annotators(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.root.join(ANNOTATIONS_DIR))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| check_annotator(n).is_ok())
            .collect();
        names.sort();
        names
    }

    /// Refuses a path that leads outside the workspace's real path through a symbolic link (a linked file or
    /// folder inside the workspace is fine). For a path that does not exist yet, its nearest existing folder
    /// decides where a write would land.
    pub fn check_inside(&self, path: &Path) -> Result<(), StoreError> {
        let mut probe = path;
        let resolved = loop {
            match fs::canonicalize(probe) {
                Ok(resolved) => break resolved,
                Err(_) => match probe.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => probe = parent,
                    _ => return Ok(()),
                },
            }
        };
        if resolved.starts_with(&self.real_root) {
            Ok(())
        } else {
            Err(StoreError::OutsideWorkspace {
                path: path.to_owned(),
                target: resolved,
                root: self.real_root.clone(),
            })
        }
    }

    /// Reads a report's text (refused if it leads outside the workspace).
    pub fn load_text(&self, doc: &str) -> Result<ReportText, StoreError> {
        let path = self.text_path(doc);
        self.check_inside(&path)?;
        read_text(&path)
    }

    /// Writes a report's text atomically (refused if its place leads outside the workspace).
    pub fn save_text(&self, doc: &str, text: &str) -> Result<PathBuf, StoreError> {
        let path = self.text_path(doc);
        self.write_file(&path, text.as_bytes())?;
        Ok(path)
    }

    /// Writes an annotation file at `path` (from [`Workspace::annotation_path`]), atomically, unless the path
    /// leads outside the workspace.
    pub fn write_annotation_file(
        &self,
        path: &Path,
        file: &AnnotationFile,
    ) -> Result<(), StoreError> {
        self.write_file(path, annotation_ron(path, file)?.as_bytes())
    }

    /// Writes an annotation file's RON text ([`annotation_ron`]) at `path`, atomically, unless the path leads
    /// outside the workspace: for a caller that needs the bytes written (the edit journal hashes them).
    pub fn write_annotation_text(&self, path: &Path, ron: &str) -> Result<(), StoreError> {
        self.write_file(path, ron.as_bytes())
    }

    /// Reads an annotator's file for a report and checks it against the text; `Ok(None)` if there is none yet.
    pub fn load_annotations(
        &self,
        annotator: &str,
        doc: &str,
        text: &ReportText,
    ) -> Result<Option<AnnotationFile>, StoreError> {
        let path = self.annotation_path(annotator, doc)?;
        if !path.exists() {
            return Ok(None);
        }
        self.check_inside(&path)?;
        let file = read_annotation_file(&path)?;
        check_against(&path, &file, text, self.schema())?;
        Ok(Some(file))
    }

    /// Saves an annotation file to its place (by its annotator and document), atomically.
    pub fn save_annotations(&self, file: &AnnotationFile) -> Result<PathBuf, StoreError> {
        let path = self.annotation_path(&file.annotator, &file.document.file)?;
        self.write_annotation_file(&path, file)?;
        Ok(path)
    }

    /// Writes `spantag.ron` with the given settings.
    pub fn save_config(&mut self, config: WorkspaceConfig) -> Result<(), StoreError> {
        let path = self.root.join(CONFIG_FILE);
        let text =
            ron::ser::to_string_pretty(&config, ron::ser::PrettyConfig::new()).map_err(|e| {
                StoreError::Serialize {
                    path: path.clone(),
                    message: e.to_string(),
                }
            })?;
        atomic_write(&path, format!("{text}\n").as_bytes())?;
        self.config = config;
        Ok(())
    }
}

fn collect_texts(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), StoreError> {
    let entries = fs::read_dir(dir).map_err(|source| StoreError::Io {
        path: dir.to_owned(),
        action: "cannot list",
        source,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if dir == root && SKIPPED_FOLDERS.contains(&name.as_ref()) {
                continue;
            }
            if is_export_folder(&path) {
                continue;
            }
            collect_texts(root, &path, out)?;
        } else if name.ends_with(".txt")
            && let Ok(rel) = path.strip_prefix(root)
        {
            let rel: Vec<String> = rel
                .components()
                .filter_map(|c| match c {
                    Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect();
            out.push(rel.join("/"));
        }
    }
    Ok(())
}

/// For an annotation file given on its own (as to `validate`), finds the report it annotates: inside a
/// workspace (`…/annotations/<annotator>/…`) relative to the workspace root, else beside the file.
pub fn locate_text(annotation_path: &Path, file: &AnnotationFile) -> Option<PathBuf> {
    let doc = safe_relative_path(&file.document.file).ok()?;
    for ancestor in annotation_path.ancestors().skip(1) {
        if ancestor.file_name().is_some_and(|n| n == ANNOTATIONS_DIR)
            && let Some(root) = ancestor.parent()
        {
            let candidate = root.join(&doc);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    let dir = annotation_path.parent()?;
    [dir.join(&doc), dir.join(Path::new(&doc).file_name()?)]
        .into_iter()
        .find(|p| p.is_file())
}

/// Loads the workspace that an annotation file sits in, if it sits in one.
pub fn workspace_of(annotation_path: &Path) -> Option<Workspace> {
    annotation_path
        .ancestors()
        .skip(1)
        .find(|a| a.file_name().is_some_and(|n| n == ANNOTATIONS_DIR))
        .and_then(Path::parent)
        .and_then(|root| Workspace::open(root).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocRef, Span, Status};

    #[test]
    fn the_scan_skips_exports_and_the_skipped_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            ("a.txt", "甲"),
            ("county/b.txt", "乙"),
            ("annotations/alice/c.txt", "丙"),
            ("target/d.txt", "丁"),
            ("brat/e.txt", "戊"),
            ("brat/annotation.conf", "[entities]\n"),
            ("out/deep/f.txt", "己"),
            ("out/deep/spantag-export.ron", "()\n"),
            ("county/target/g.txt", "庚"),
        ] {
            let path = root.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let ws = Workspace::open(root).unwrap();
        // `target/` is skipped at the top only; an export folder anywhere.
        assert_eq!(
            ws.documents(),
            ["a.txt", "county/b.txt", "county/target/g.txt"]
        );
        assert!(is_export_folder(&root.join("brat")));
        assert!(is_export_folder(&root.join("out/deep")));
        assert!(!is_export_folder(root));
    }

    fn sample(text: &ReportText) -> AnnotationFile {
        let mut file = AnnotationFile::new(DocRef::of("a.txt", text), "alice");
        file.status = Status::InProgress;
        file.spans = vec![
            Span::new(text, 3, 7, "Figure"),
            Span {
                note: Some("含\t制表符\n和换行".into()),
                ..Span::new(text, 0, 7, "Outcome")
            },
        ];
        file
    }

    #[test]
    fn ron_is_canonical_and_round_trips() {
        let text = ReportText::new("𠮷野家523人。");
        let file = sample(&text);
        let ron_text = to_ron(&file).unwrap();
        let mut reversed = file.clone();
        reversed.spans.reverse();
        assert_eq!(
            ron_text,
            to_ron(&reversed).unwrap(),
            "order of spans must not change bytes"
        );
        let back = parse_annotation_file(Path::new("x.ron"), &ron_text).unwrap();
        let mut expected = file;
        expected.normalize();
        assert_eq!(back, expected);
        assert!(
            ron_text.contains("(start: 0, end: 7, label: \"Outcome\""),
            "{ron_text}"
        );
    }

    #[test]
    fn broken_ron_names_file_and_position() {
        let err = parse_annotation_file(
            Path::new("bad.ron"),
            "(\n  version: 1,\n  spans: [ (start: ,\n",
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("bad.ron:3:"), "{message}");
        assert!(message.contains("broken RON"), "{message}");
    }

    #[test]
    fn unknown_version_is_refused() {
        let err = parse_annotation_file(Path::new("v9.ron"), "(version: 9, future_field: [1, 2])")
            .unwrap_err();
        assert!(matches!(err, StoreError::Version { .. }));
        assert!(
            err.to_string().contains("unknown format version 9"),
            "{err}"
        );
    }

    #[test]
    fn a_file_without_version_is_not_ours() {
        let err =
            parse_annotation_file(Path::new("other.ron"), "(name: \"x\", spans: [])").unwrap_err();
        assert!(err.to_string().contains("no `version`"), "{err}");
    }

    #[test]
    fn safe_paths() {
        assert_eq!(safe_relative_path("a/b.txt").unwrap(), "a/b.txt");
        assert_eq!(safe_relative_path("a\\b.txt").unwrap(), "a/b.txt");
        assert!(safe_relative_path("../../etc/x").is_err());
        assert!(safe_relative_path("/etc/passwd").is_err());
        assert!(safe_relative_path("a/../../x").is_err());
        assert!(safe_relative_path("").is_err());
        assert!(check_annotator("alice").is_ok());
        assert!(check_annotator("../x").is_err());
    }
}
