//! Putting a finished export on disk without ever leaving a half-written corpus: a single file goes through
//! [`store::atomic_write`]; a folder (brat, two files a report) is written into a hidden staging folder beside
//! its destination, made durable, and renamed into place in one step, so the folder appears whole or not at all
//! (an `atomic_write` per file, with its own sync, would take minutes for 20,000 files). An existing non-empty
//! folder is never replaced (it may hold edits made in brat). A symlink is followed (its target is replaced, the
//! link kept); a FIFO or device is written into as a stream.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::store::{self, StoreError};

use super::error::CorpusError;
use super::export::Exported;
use super::formats::Format;
use super::types::ExportFile;

/// How many threads create the files of a folder export (file creation is mostly kernel work, which runs in
/// parallel).
const WRITE_THREADS: usize = 4;

/// Writes an export to `out`: the main file at `out` (and side files such as `label_config.xml` beside it), or,
/// for a folder format, the folder `out`. A symlink at `out` is followed and its target replaced (atomically,
/// like any file); a FIFO, a device or another file that is not a regular file is written into as a stream, since
/// replacing it would remove it.
pub fn write_export(exported: &Exported, format: Format, out: &Path) -> Result<(), CorpusError> {
    let target = follow_links(out).map_err(io_error(out, "cannot follow the link"))?;
    if format.is_folder() {
        return write_folder(exported, format, &target);
    }
    if is_stream(&target) {
        write_stream(&target, exported.main.pieces())?;
    } else {
        store::atomic_write_pieces(&target, exported.main.pieces())?;
    }
    let dir = out.parent().unwrap_or(Path::new(""));
    for file in &exported.files {
        store::atomic_write(&dir.join(&file.path), &file.bytes)?;
    }
    Ok(())
}

/// Refuses an output inside the workspace being exported (`--out WS/notice.txt` would become one of its
/// reports, or replace one). Links are followed, and a path that does not exist yet is judged by the folder it
/// would be made in.
pub fn check_outside(workspace: &Path, out: &Path) -> Result<(), CorpusError> {
    let root = fs::canonicalize(workspace).map_err(io_error(workspace, "cannot open"))?;
    let target = follow_links(out).map_err(io_error(out, "cannot follow the link"))?;
    let absolute = match target.is_absolute() {
        true => target.clone(),
        false => std::env::current_dir()
            .map_err(io_error(Path::new("."), "cannot open"))?
            .join(&target),
    };
    // The deepest part of the path that exists, made real (links, `..`), with the rest appended.
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let real = loop {
        match fs::canonicalize(existing) {
            Ok(real) => break real,
            Err(_) => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_owned());
                    existing = parent;
                }
                _ => break absolute.clone(),
            },
        }
    };
    let real = rest.iter().rev().fold(real, |path, name| path.join(name));
    if real.starts_with(&root) {
        return Err(CorpusError::OutputInWorkspace {
            path: out.to_owned(),
            workspace: workspace.to_owned(),
        });
    }
    Ok(())
}

/// The path a chain of symlinks at `path` ends at (the path itself when it is not a link); the end need not
/// exist.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_owned();
    for _ in 0..40 {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Whether `path` exists and is neither a regular file nor a folder (a FIFO, a device, a socket).
fn is_stream(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|meta| !meta.is_file() && !meta.is_dir())
}

/// Writes the pieces into an existing non-regular file, in order.
fn write_stream<'a>(
    path: &Path,
    pieces: impl IntoIterator<Item = &'a [u8]>,
) -> Result<(), CorpusError> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(io_error(path, "cannot open"))?;
    for piece in pieces {
        file.write_all(piece)
            .map_err(io_error(path, "cannot write to"))?;
    }
    file.flush().map_err(io_error(path, "cannot write to"))
}

/// Where a side file of an export to `out` goes (for messages).
pub fn side_file_path(out: &Path, relative: &str) -> PathBuf {
    out.parent().unwrap_or(Path::new("")).join(relative)
}

fn io_error<'a>(
    path: &'a Path,
    action: &'static str,
) -> impl FnOnce(io::Error) -> CorpusError + 'a {
    move |source| {
        CorpusError::Store(StoreError::Io {
            path: path.to_owned(),
            action,
            source,
        })
    }
}

fn write_folder(exported: &Exported, format: Format, out: &Path) -> Result<(), CorpusError> {
    match fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(CorpusError::OutputNotEmpty {
                    path: out.to_owned(),
                    format,
                });
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error(out, "cannot open")(e)),
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io_error(&parent, "cannot create"))?;
    let staging = store::StagingDir::new_in(&parent)
        .map_err(io_error(&parent, "cannot create a folder in"))?;
    write_files(staging.path(), &exported.files)?;
    let marker = staging.path().join(store::EXPORT_MARKER);
    fs::write(&marker, export_marker(format)).map_err(io_error(&marker, "cannot save"))?;
    staging.commit_to(out)?;
    Ok(())
}

/// The marker file's content: what wrote the folder, for a person who finds it (the scan only looks for the
/// file).
fn export_marker(format: Format) -> String {
    format!(
        "// A corpus exported by spantag {}: its .txt files are copies of reports, so a workspace scan skips\n\
         // this folder.\n(exported_by: \"spantag\", format: {:?})\n",
        env!("CARGO_PKG_VERSION"),
        format.name()
    )
}

/// Writes the files below `root`, several threads at a time.
fn write_files(root: &Path, files: &[ExportFile]) -> Result<(), CorpusError> {
    for file in files {
        if let Some(dir) = root.join(&file.path).parent()
            && !dir.is_dir()
        {
            fs::create_dir_all(dir).map_err(io_error(dir, "cannot create"))?;
        }
    }
    let chunk = files.len().div_ceil(WRITE_THREADS).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|chunk| {
                scope.spawn(move || -> Result<(), CorpusError> {
                    for file in chunk {
                        let path = root.join(&file.path);
                        fs::write(&path, &file.bytes).map_err(io_error(&path, "cannot save"))?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    })
}
