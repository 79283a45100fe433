//! The edit journal: every edit made to an open report is appended to a file beside its annotation file
//! (`<report>.ron.journal`), one JSON line per edit, and made durable (fsync) before the edit shows. A save
//! removes it. When the app is killed before saving, the next opening of the report replays the journal onto
//! the file last saved, so at most the edit in flight is lost.
//!
//! The first line says what the journal applies to: the SHA-256 of the annotation file's bytes on disk (or none
//! when there was no file) and the report text's fingerprint. A save first appends a `saving` line with the
//! SHA-256 of the bytes it is about to write, so that a save which landed just before a crash (the journal not
//! yet removed) is recognised: replay starts after the last line whose hash is the file's on disk. A journal
//! that fits nothing on disk, or has a garbled line before its end, is renamed aside (`.journal.rejected`),
//! never deleted; a torn last line (the edit in flight when the process died) is ignored.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::edit::{Edit, Editor};
use crate::model::Conflict;
use crate::plural::count;

/// The journal format version written in every journal's first line.
pub const JOURNAL_VERSION: u32 = 1;

/// What follows the annotation file's name in its journal's name.
pub const JOURNAL_SUFFIX: &str = ".journal";

/// One line of a journal. Generic over how the edit is held, so that a line is written from a borrowed edit
/// (`Entry<&Edit>`) and read back as an owned one (`Entry<Edit>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entry<E> {
    /// The first line: what the edits apply to.
    Begin {
        /// Format version ([`JOURNAL_VERSION`]).
        version: u32,
        /// SHA-256 of the annotation file's bytes when the journal began; `None` when there was no file.
        base: Option<String>,
        /// The report text's fingerprint ([`crate::text::ReportText::fingerprint`]).
        text: String,
    },
    /// An edit applied as a new undoable step.
    Apply(E),
    /// An undo: the edit it applied to the file.
    Undo(E),
    /// A redo: the edit it applied to the file.
    Redo(E),
    /// Conflicts recorded as open for adjudication ([`Editor::record_conflicts`]): not an edit, but the edits
    /// after it may settle them.
    Record(Vec<Conflict>),
    /// A save is about to write bytes with this SHA-256.
    Saving(String),
}

/// The journal's place for an annotation file: `a.ron` -> `a.ron.journal`.
pub fn journal_path(annotation_path: &Path) -> PathBuf {
    let mut name = annotation_path.as_os_str().to_owned();
    name.push(JOURNAL_SUFFIX);
    PathBuf::from(name)
}

/// SHA-256 (hex) of the annotation file's bytes, `None` when there is no file: the journal's record of what it
/// applies to.
pub fn file_hash(path: &Path) -> io::Result<Option<String>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes_hash(&bytes))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// SHA-256 (hex) of bytes about to be written.
pub fn bytes_hash(bytes: &[u8]) -> String {
    // The same hash as a report's fingerprint, of bytes that are UTF-8 or not.
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Why the journal could not be written; the edit itself was made.
#[derive(Debug, thiserror::Error)]
#[error(
    "{}: cannot write the edit journal ({source}): edits since the last save are not protected against a \
     crash until the report is saved",
    path.display()
)]
pub struct JournalError {
    /// The journal file.
    pub path: PathBuf,
    /// The operating system's reason.
    pub source: io::Error,
}

/// Something to tell the analyst about a journal found on opening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The message, in words.
    pub text: String,
    /// Whether something went wrong (shown as an error) rather than plain news.
    pub warning: bool,
}

#[derive(Debug)]
enum State {
    /// No journal file: the next line creates it, after its first line.
    Closed,
    /// Lines are appended here.
    Open(File),
    /// Writing failed: nothing more is written until a save.
    Broken,
    /// Another session's journal that could not be read or moved aside is in the way: it may hold that
    /// session's edits, so it is never written to or removed, not even by a save.
    Foreign,
}

/// The journal of one open report.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    base: Option<String>,
    text: String,
    state: State,
    /// Conflicts recorded before the journal file exists: written with its first line.
    pending: Vec<Conflict>,
}

impl Journal {
    /// A journal for edits to the annotation file at `annotation_path`, whose bytes on disk hash to `base`, of a
    /// report whose text has the fingerprint `text`. Nothing is written until the first edit.
    pub fn new(annotation_path: &Path, base: Option<String>, text: &str) -> Journal {
        Journal {
            path: journal_path(annotation_path),
            base,
            text: text.to_owned(),
            state: State::Closed,
            pending: Vec::new(),
        }
    }

    /// The journal file's place.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The line for an entry, made before the edit is applied (the edit is moved into the editor). An edit is
    /// plain data and always becomes JSON; were it ever not to, the line is empty and [`Journal::write`] stops
    /// the journal rather than leave a gap in it.
    pub fn line(entry: &Entry<&Edit>) -> String {
        serde_json::to_string(entry).unwrap_or_default()
    }

    /// Appends a line and makes it durable. After a failure the journal stops (a line missing in the middle
    /// would make later ones replay onto the wrong state) until the next save, and the error says why; the
    /// first failure only is returned.
    pub fn write(&mut self, line: &str) -> Result<(), JournalError> {
        if matches!(self.state, State::Broken | State::Foreign) {
            return Ok(());
        }
        let result = if line.is_empty() {
            Err(io::Error::other("an edit could not be written as JSON"))
        } else {
            self.try_write(line)
        };
        if result.is_err() {
            self.state = State::Broken;
        }
        result.map_err(|source| JournalError {
            path: self.path.clone(),
            source,
        })
    }

    fn try_write(&mut self, line: &str) -> io::Result<()> {
        let mut buffer = String::new();
        if matches!(self.state, State::Closed) {
            let begin: Entry<&Edit> = Entry::Begin {
                version: JOURNAL_VERSION,
                base: self.base.clone(),
                text: self.text.clone(),
            };
            buffer.push_str(&serde_json::to_string(&begin).map_err(io::Error::other)?);
            buffer.push('\n');
            if !self.pending.is_empty() {
                let record: Entry<&Edit> = Entry::Record(std::mem::take(&mut self.pending));
                buffer.push_str(&serde_json::to_string(&record).map_err(io::Error::other)?);
                buffer.push('\n');
            }
            if let Some(dir) = self.path.parent() {
                fs::create_dir_all(dir)?;
            }
            let file = OpenOptions::new()
                .create(true)
                .write(true)
                .truncate(true)
                .open(&self.path)?;
            self.state = State::Open(file);
            sync_dir(&self.path);
        }
        buffer.push_str(line);
        buffer.push('\n');
        let State::Open(file) = &mut self.state else {
            return Ok(());
        };
        // One write per line: a crash leaves the line whole or torn, never interleaved.
        file.write_all(buffer.as_bytes())?;
        file.sync_data()
    }

    /// Records conflicts that become open without an edit ([`Editor::record_conflicts`]).
    pub fn record(&mut self, conflicts: &[Conflict]) -> Result<(), JournalError> {
        if conflicts.is_empty() {
            return Ok(());
        }
        match self.state {
            State::Closed => {
                self.pending.extend_from_slice(conflicts);
                Ok(())
            }
            _ => {
                let entry: Entry<&Edit> = Entry::Record(conflicts.to_vec());
                let line = serde_json::to_string(&entry).unwrap_or_default();
                self.write(&line)
            }
        }
    }

    /// Says that a save is about to write bytes with this hash (only when there are edits in the journal).
    pub fn saving(&mut self, hash: &str) -> Result<(), JournalError> {
        if !matches!(self.state, State::Open(_)) {
            return Ok(());
        }
        let entry: Entry<&Edit> = Entry::Saving(hash.to_owned());
        let line = serde_json::to_string(&entry).unwrap_or_default();
        self.write(&line)
    }

    /// The save of bytes with this hash succeeded: the journal is removed, and the next edit starts a new one
    /// on the file saved.
    pub fn saved(&mut self, hash: String) {
        if matches!(self.state, State::Foreign) {
            // Not ours to remove; the new save is on record in the annotation file itself.
            self.pending.clear();
            self.base = Some(hash);
            return;
        }
        let had_file = !matches!(self.state, State::Closed);
        self.state = State::Closed;
        self.pending.clear();
        self.base = Some(hash);
        if had_file {
            // If it cannot be removed, its last `saving` line names the file just written: it replays nothing.
            let _ = fs::remove_file(&self.path);
            sync_dir(&self.path);
        }
    }
}

/// Makes a file's creation, rename or removal durable (its folder's entry).
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent()
        && let Ok(handle) = File::open(dir)
    {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// What opening a report found in its journal.
#[derive(Debug)]
pub struct Opened {
    /// The journal to append the report's next edits to.
    pub journal: Journal,
    /// How many edits (undos and redos included) were replayed onto the editor.
    pub replayed: usize,
    /// What to tell the analyst, if anything.
    pub notice: Option<Notice>,
}

/// Opens the journal of the annotation file at `annotation_path` for a report just loaded into `editor` (from
/// that file, whose bytes hash to `base`, or fresh when `base` is `None`). A journal left by a session that did
/// not save is replayed onto the editor: the edits come back as unsaved, undoable steps. `name` is the report's
/// name, for messages.
pub fn open(
    annotation_path: &Path,
    base: Option<String>,
    name: &str,
    editor: &mut Editor,
) -> Opened {
    let text = editor.text().fingerprint().to_owned();
    let mut journal = Journal::new(annotation_path, base.clone(), &text);
    let bytes = match fs::read(&journal.path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Opened {
                journal,
                replayed: 0,
                notice: None,
            };
        }
        Err(e) => {
            // Never written over: it may hold edits.
            journal.state = State::Foreign;
            let notice = warning(format!(
                "{}: cannot read the edit journal ({e}); it is left as it is and this report's edits are not \
                 journaled",
                journal.path.display()
            ));
            return Opened {
                journal,
                replayed: 0,
                notice: Some(notice),
            };
        }
    };
    let replay = replay(&bytes, base.as_deref(), &text, editor);
    let mut notes = Vec::new();
    if let Some(problem) = &replay.problem {
        match set_aside(&journal.path) {
            Ok(kept) => notes.push(format!(
                "{}: {problem}; the journal is kept as {}",
                journal.path.display(),
                kept.display()
            )),
            Err(e) => {
                journal.state = State::Foreign;
                notes.push(format!(
                    "{}: {problem}; it could not be renamed aside ({e}) and is left as it is; this report's edits \
                     are not journaled",
                    journal.path.display()
                ));
            }
        }
    }
    if replay.edits > 0 {
        notes.insert(
            0,
            format!(
                "Recovered {} of {name} from the journal (not yet saved)",
                count(replay.edits, "unsaved edit")
            ),
        );
        if !matches!(journal.state, State::Broken | State::Foreign)
            && let Err(e) = continue_journal(&mut journal, &replay.lines)
        {
            journal.state = State::Broken;
            notes.push(e.to_string());
        }
    } else if replay.problem.is_none() {
        // Nothing unsaved in it (saved already, or only the edit in flight): it has done its work.
        let _ = fs::remove_file(&journal.path);
    }
    let notice = (!notes.is_empty()).then(|| Notice {
        text: notes.join(". "),
        warning: replay.problem.is_some()
            || matches!(journal.state, State::Broken | State::Foreign),
    });
    Opened {
        journal,
        replayed: replay.edits,
        notice,
    }
}

fn warning(text: String) -> Notice {
    Notice {
        text,
        warning: true,
    }
}

/// What replaying a journal did.
#[derive(Debug, Default)]
struct Replay {
    /// Edits, undos and redos applied.
    edits: usize,
    /// The lines replayed, as written (to start the continued journal with).
    lines: Vec<String>,
    /// Why replay stopped early or could not start (the journal is then set aside).
    problem: Option<String>,
}

fn replay(bytes: &[u8], current: Option<&str>, text: &str, editor: &mut Editor) -> Replay {
    let mut out = Replay::default();
    // Every line ends with a newline; what follows the last one is a line torn by the crash, never shown.
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    lines.pop();
    let parse = |line: &[u8]| serde_json::from_slice::<Entry<Edit>>(line);
    let Some(Ok(Entry::Begin {
        version,
        base,
        text: journal_text,
    })) = lines.first().map(|l| parse(l))
    else {
        if !lines.is_empty() {
            out.problem = Some("its first line is not a journal's beginning".into());
        }
        return out;
    };
    if version != JOURNAL_VERSION {
        out.problem = Some(format!(
            "journal version {version} (this build reads version {JOURNAL_VERSION})"
        ));
        return out;
    }
    if journal_text != text {
        out.problem = Some(
            "its edits were made on another version of the report's text; nothing was replayed"
                .into(),
        );
        return out;
    }
    // Replay starts after the last point whose state is the file on disk: the beginning, or a save's line.
    let mut start = (base.as_deref() == current).then_some(1);
    for (i, line) in lines.iter().enumerate().skip(1) {
        if let Ok(Entry::Saving(hash)) = parse(line)
            && Some(hash.as_str()) == current
        {
            start = Some(i + 1);
        }
    }
    let Some(start) = start else {
        out.problem = Some(
            "the annotation file on disk is not the one its edits were made on (it was changed since); nothing \
             was replayed"
                .into(),
        );
        return out;
    };
    for (i, line) in lines.iter().enumerate().skip(start) {
        let entry = match parse(line) {
            Ok(entry) => entry,
            Err(e) => {
                out.problem = Some(format!(
                    "line {} is garbled ({e}); replay stopped there",
                    i + 1
                ));
                return out;
            }
        };
        let result = match entry {
            Entry::Apply(edit) => editor.apply(edit),
            Entry::Undo(edit) if editor.next_undo() == Some(&edit) => editor.undo(),
            Entry::Redo(edit) if editor.next_redo() == Some(&edit) => editor.redo(),
            // An undo of a step made before the last save: the same change, as a step of its own.
            Entry::Undo(edit) | Entry::Redo(edit) => editor.apply(edit),
            Entry::Record(conflicts) => {
                editor.record_conflicts(conflicts);
                out.lines.push(String::from_utf8_lossy(line).into_owned());
                continue;
            }
            Entry::Saving(_) => continue,
            Entry::Begin { .. } => {
                out.problem = Some(format!(
                    "line {} begins another journal; replay stopped there",
                    i + 1
                ));
                return out;
            }
        };
        if let Err(e) = result {
            out.problem = Some(format!(
                "line {}: the edit does not apply ({e}); replay stopped there",
                i + 1
            ));
            return out;
        }
        out.edits += 1;
        out.lines.push(String::from_utf8_lossy(line).into_owned());
    }
    out
}

/// Renames a journal aside, to the first free `….journal.rejected[.N]`, and returns the new name.
fn set_aside(path: &Path) -> io::Result<PathBuf> {
    let base = path.as_os_str().to_owned();
    for n in 1..1000 {
        let mut name = base.clone();
        name.push(if n == 1 {
            ".rejected".to_owned()
        } else {
            format!(".rejected.{n}")
        });
        let target = PathBuf::from(name);
        if fs::symlink_metadata(&target).is_err() {
            fs::rename(path, &target)?;
            sync_dir(path);
            return Ok(target);
        }
    }
    Err(io::Error::other("too many rejected journals beside it"))
}

/// Rewrites the journal as what was recovered (its first line naming the file on disk now, then the replayed
/// lines), atomically, and keeps it open for the next edits: a crash before the next save recovers the same
/// state again, plus what follows.
fn continue_journal(journal: &mut Journal, lines: &[String]) -> Result<(), JournalError> {
    let error = |source| JournalError {
        path: journal.path.clone(),
        source,
    };
    let begin: Entry<&Edit> = Entry::Begin {
        version: JOURNAL_VERSION,
        base: journal.base.clone(),
        text: journal.text.clone(),
    };
    let mut content = serde_json::to_string(&begin).map_err(|e| error(io::Error::other(e)))?;
    content.push('\n');
    for line in lines {
        content.push_str(line);
        content.push('\n');
    }
    crate::store::atomic_write(&journal.path, content.as_bytes()).map_err(|e| {
        error(match e {
            crate::store::StoreError::Io { source, .. } => source,
            other => io::Error::other(other.to_string()),
        })
    })?;
    let file = OpenOptions::new()
        .append(true)
        .open(&journal.path)
        .map_err(error)?;
    journal.state = State::Open(file);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotationFile, DocRef, Status};
    use crate::schema::Schema;
    use crate::text::ReportText;

    fn editor(text: &ReportText) -> Editor {
        Editor::new(
            text.clone(),
            Schema::default(),
            AnnotationFile::new(DocRef::of("a.txt", text), "alice"),
        )
    }

    /// Applies edits through a journal the way the session does.
    fn journaled(journal: &mut Journal, editor: &mut Editor, edit: Edit) {
        let line = Journal::line(&Entry::Apply(&edit));
        editor.apply(edit).unwrap();
        journal.write(&line).unwrap();
    }

    #[test]
    fn a_journal_that_cannot_be_read_is_never_written_or_removed_even_after_a_save() {
        let dir = tempfile::tempdir().unwrap();
        let ron = dir.path().join("a.ron");
        let text = ReportText::new("𠮷野家：贫困发生率降至0.68%。");
        // Something that cannot be read as a journal is where the journal goes.
        std::fs::create_dir(journal_path(&ron)).unwrap();
        std::fs::write(journal_path(&ron).join("keep"), "another session's edits").unwrap();
        let mut ed = editor(&text);
        let mut opened = open(&ron, None, "a.txt", &mut ed);
        assert!(opened.notice.as_ref().is_some_and(|n| n.warning));
        let journal = &mut opened.journal;
        let figure = Edit::Add(ed.new_span(11, 16, "Figure"));
        journaled(journal, &mut ed, figure);
        journal.saved("hash".into());
        // After the save the next edit still leaves it alone (no new journal is begun over it).
        let measure = Edit::Add(ed.new_span(0, 3, "Measure"));
        journaled(journal, &mut ed, measure);
        assert!(journal_path(&ron).join("keep").is_file());
    }

    #[test]
    fn replay_reproduces_edits_undos_and_redos() {
        let dir = tempfile::tempdir().unwrap();
        let ron = dir.path().join("a.ron");
        let text = ReportText::new("𠮷野家：贫困发生率降至0.68%。");
        let mut ed = editor(&text);
        let mut journal = Journal::new(&ron, None, text.fingerprint());
        let edit = Edit::Add(ed.new_span(11, 16, "Figure"));
        journaled(&mut journal, &mut ed, edit);
        let edit = Edit::Add(ed.new_span(0, 3, "Measure"));
        journaled(&mut journal, &mut ed, edit);
        let line = Journal::line(&Entry::Undo(ed.next_undo().unwrap()));
        ed.undo().unwrap();
        journal.write(&line).unwrap();
        journaled(
            &mut journal,
            &mut ed,
            Edit::SetStatus {
                old: Status::Todo,
                new: Status::Done,
            },
        );
        let mut fresh = editor(&text);
        let opened = open(&ron, None, "a.txt", &mut fresh);
        assert_eq!(opened.replayed, 4);
        assert_eq!(fresh.file(), ed.file());
        assert!(fresh.is_dirty() && fresh.can_undo());
        let notice = opened.notice.unwrap();
        assert!(!notice.warning);
        assert!(
            notice.text.contains("Recovered 4 unsaved edits of a.txt"),
            "{}",
            notice.text
        );
    }

    #[test]
    fn links_and_a_cascading_delete_replay_from_the_journal() {
        let dir = tempfile::tempdir().unwrap();
        let ron = dir.path().join("a.ron");
        let text = ReportText::new("𠮷野家：贫困发生率降至0.68%。");
        let mut ed = editor(&text);
        let mut journal = Journal::new(&ron, None, text.fingerprint());
        let figure = ed.new_span(11, 16, "Figure");
        let outcome = ed.new_span(4, 16, "Outcome");
        for span in [&figure, &outcome] {
            journaled(&mut journal, &mut ed, Edit::Add(span.clone()));
        }
        let link = Edit::link(ed.schema(), &figure.key(), &outcome.key(), "Quantifies").unwrap();
        journaled(&mut journal, &mut ed, link);
        let relabel = Edit::relabel(&outcome, "Measure");
        journaled(&mut journal, &mut ed, relabel);
        let linked = ed.file().clone();
        assert_eq!(linked.relations[0].to.label, "Measure");
        let figure_now = ed.spans()[1].clone();
        let delete = Edit::delete(ed.file(), &figure_now);
        journaled(&mut journal, &mut ed, delete);
        assert!(ed.file().relations.is_empty());
        let line = Journal::line(&Entry::Undo(ed.next_undo().unwrap()));
        ed.undo().unwrap();
        journal.write(&line).unwrap();
        assert_eq!(ed.file(), &linked);
        let mut fresh = editor(&text);
        let opened = open(&ron, None, "a.txt", &mut fresh);
        assert_eq!(opened.replayed, 6);
        assert_eq!(fresh.file(), &linked);
    }

    #[test]
    fn a_torn_last_line_is_ignored_and_a_garbled_middle_line_stops_replay() {
        let dir = tempfile::tempdir().unwrap();
        let ron = dir.path().join("a.ron");
        let text = ReportText::new("𠮷野家523人");
        let mut ed = editor(&text);
        let mut journal = Journal::new(&ron, None, text.fingerprint());
        let edit = Edit::Add(ed.new_span(3, 7, "Figure"));
        journaled(&mut journal, &mut ed, edit);
        let after_one = ed.file().clone();
        let path = journal.path().to_owned();
        drop(journal);
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend_from_slice(b"{\"apply\":{\"Add\":{\"sta");
        fs::write(&path, &bytes).unwrap();
        let mut fresh = editor(&text);
        let opened = open(&ron, None, "a.txt", &mut fresh);
        assert_eq!(fresh.file(), &after_one);
        assert!(!opened.notice.unwrap().warning);
        // The torn line is gone from the continued journal: the next line follows a whole one.
        assert!(fs::read(&path).unwrap().ends_with(b"}\n"));

        // A garbled line with a whole line after it: replay stops there, says so, keeps the journal aside.
        let mut lines: Vec<u8> = fs::read(&path).unwrap();
        lines.extend_from_slice(b"garbage\n");
        lines.extend_from_slice(
            Journal::line(&Entry::Apply(&Edit::Add(Span::new(&text, 0, 1, "Measure")))).as_bytes(),
        );
        lines.push(b'\n');
        fs::write(&path, &lines).unwrap();
        let mut fresh = editor(&text);
        let opened = open(&ron, None, "a.txt", &mut fresh);
        assert_eq!(fresh.file(), &after_one, "replayed up to the garbled line");
        let notice = opened.notice.unwrap();
        assert!(
            notice.warning && notice.text.contains("line 3 is garbled"),
            "{}",
            notice.text
        );
        let kept = dir.path().join("a.ron.journal.rejected");
        assert_eq!(
            fs::read(&kept).unwrap(),
            lines,
            "the rejected journal is kept as it was"
        );
        // What was recovered is journaled again, so a second crash loses nothing.
        let mut again = editor(&text);
        assert_eq!(open(&ron, None, "a.txt", &mut again).replayed, 1);
        assert_eq!(again.file(), &after_one);
    }

    use crate::model::Span;

    /// A line that could not be made stops the journal (said once) instead of leaving a gap that later lines
    /// would replay across.
    #[test]
    fn a_missing_line_stops_the_journal() {
        let dir = tempfile::tempdir().unwrap();
        let ron = dir.path().join("a.ron");
        let text = ReportText::new("𠮷野家523人");
        let mut ed = editor(&text);
        let mut journal = Journal::new(&ron, None, text.fingerprint());
        let edit = Edit::Add(ed.new_span(3, 7, "Figure"));
        journaled(&mut journal, &mut ed, edit);
        assert!(journal.write("").is_err());
        let edit = Edit::Add(ed.new_span(0, 1, "Measure"));
        journaled(&mut journal, &mut ed, edit);
        let mut fresh = editor(&text);
        assert_eq!(
            open(&ron, None, "a.txt", &mut fresh).replayed,
            1,
            "nothing after the gap"
        );
    }

    #[test]
    fn a_journal_that_fits_no_file_on_disk_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let ron = dir.path().join("a.ron");
        let text = ReportText::new("𠮷野家523人");
        let mut ed = editor(&text);
        let mut journal = Journal::new(&ron, Some("0".repeat(64)), text.fingerprint());
        let edit = Edit::Add(ed.new_span(3, 7, "Figure"));
        journaled(&mut journal, &mut ed, edit);
        drop(journal);
        fs::write(dir.path().join("a.ron.journal.rejected"), "older").unwrap();
        let mut fresh = editor(&text);
        let opened = open(&ron, Some("1".repeat(64)), "a.txt", &mut fresh);
        assert_eq!(opened.replayed, 0);
        assert!(fresh.spans().is_empty() && !fresh.is_dirty());
        let notice = opened.notice.unwrap();
        assert!(
            notice.warning && notice.text.contains("not the one"),
            "{}",
            notice.text
        );
        assert!(dir.path().join("a.ron.journal.rejected.2").exists());
        assert_eq!(
            fs::read_to_string(dir.path().join("a.ron.journal.rejected")).unwrap(),
            "older"
        );
        assert!(!dir.path().join("a.ron.journal").exists());
    }

    #[test]
    fn a_save_that_landed_before_the_crash_replays_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let ron = dir.path().join("a.ron");
        let text = ReportText::new("𠮷野家523人");
        let mut ed = editor(&text);
        let mut journal = Journal::new(&ron, None, text.fingerprint());
        let edit = Edit::Add(ed.new_span(3, 7, "Figure"));
        journaled(&mut journal, &mut ed, edit);
        let bytes = crate::store::to_ron(ed.file()).unwrap();
        journal.saving(&bytes_hash(bytes.as_bytes())).unwrap();
        fs::write(&ron, &bytes).unwrap();
        // Killed here: the journal is still there.
        drop(journal);
        let saved = crate::store::read_annotation_file(&ron).unwrap();
        let mut fresh = Editor::new(text.clone(), Schema::default(), saved);
        let opened = open(&ron, file_hash(&ron).unwrap(), "a.txt", &mut fresh);
        assert_eq!(opened.replayed, 0);
        assert!(opened.notice.is_none() && !fresh.is_dirty());
        assert!(!dir.path().join("a.ron.journal").exists());
    }
}
