//! Putting a finished export on disk without ever leaving a half-written corpus: a single file goes through
//! [`store::atomic_write`]; a folder (brat) is written into a hidden staging folder beside its destination, made
//! durable, and renamed into place in one step, so the folder appears whole or not at all. An existing non-empty
//! folder is never replaced (it may hold edits made in brat).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::store::{self, StoreError};

use super::{CorpusError, Exported, Format};

/// How many files are made durable at once: the file system commits concurrent syncs together, which is many
/// times faster than one after another.
const SYNC_THREADS: usize = 16;

/// Writes an export to `out`: the main file at `out` (and side files such as `label_config.xml` beside it), or,
/// for a folder format, the folder `out`.
pub fn write_export(exported: &Exported, format: Format, out: &Path) -> Result<(), CorpusError> {
    if format.is_folder() {
        return write_folder(exported, format, out);
    }
    store::atomic_write(out, &exported.main)?;
    let dir = out.parent().unwrap_or(Path::new(""));
    for file in &exported.files {
        store::atomic_write(&dir.join(&file.path), &file.bytes)?;
    }
    Ok(())
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
    let out_exists = match fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(CorpusError::OutputNotEmpty {
                    path: out.to_owned(),
                    format,
                });
            }
            true
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(io_error(out, "cannot open")(e)),
    };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io_error(&parent, "cannot create"))?;
    let staging = tempfile::Builder::new()
        .prefix(".spantag-export-")
        .tempdir_in(&parent)
        .map_err(io_error(&parent, "cannot create a folder in"))?;
    let mut written = Vec::with_capacity(exported.files.len());
    for file in &exported.files {
        let path = staging.path().join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io_error(dir, "cannot create"))?;
        }
        fs::write(&path, &file.bytes).map_err(io_error(&path, "cannot save"))?;
        written.push(path);
    }
    sync_all(&written)?;
    sync_dirs(staging.path());
    if out_exists {
        fs::remove_dir(out).map_err(io_error(out, "cannot replace the empty folder"))?;
    }
    let staged = staging.keep();
    if let Err(e) = fs::rename(&staged, out) {
        let _ = fs::remove_dir_all(&staged);
        return Err(io_error(out, "cannot save")(e));
    }
    sync_dir(&parent);
    Ok(())
}

/// Flushes every file to disk, several at a time.
fn sync_all(paths: &[PathBuf]) -> Result<(), CorpusError> {
    let chunk = paths.len().div_ceil(SYNC_THREADS).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|chunk| {
                scope.spawn(move || -> Result<(), CorpusError> {
                    for path in chunk {
                        fs::File::open(path)
                            .and_then(|f| f.sync_all())
                            .map_err(io_error(path, "cannot save"))?;
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

/// Makes the folder entries below `dir` durable (best effort: a failure cannot corrupt a file).
fn sync_dirs(dir: &Path) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            sync_dirs(&entry.path());
        }
    }
    sync_dir(dir);
}

fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
