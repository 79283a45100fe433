//! What the document list shows of each report without opening it: the analyst's status and span count (from
//! the annotation file, unchecked) and a title (the report's first non-empty line). Read in chunks on a
//! background thread ([`SummaryJob`]) so that a workspace of 10,000 reports shows its window at once and fills
//! its list in as the files are read.

use std::io::Read as _;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::model::Status;
use crate::store::Workspace;

/// How many characters of a report's first line make its title.
const TITLE_CHARS: usize = 40;
/// How much of a report is read for its title.
const TITLE_BYTES: usize = 4096;
/// Reports summarised per message to the app (a few frames' worth of reading).
pub const CHUNK: usize = 256;

/// One report in the document list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSummary {
    /// Path relative to the workspace (`/`-separated).
    pub path: String,
    /// The analyst's status for it.
    pub status: Status,
    /// Spans the analyst has made in it.
    pub spans: usize,
    /// Why its text or annotation file cannot be used, if so.
    pub problem: Option<String>,
    /// The report's first non-empty line, shortened (the list shows it; the file name is on hover).
    pub title: Option<String>,
    /// Whether the files have been read: a workspace opened with [`Summaries::Later`] lists its reports at
    /// once and fills these in from [`crate::doc_summaries::SummaryJob`].
    pub read: bool,
}

impl DocSummary {
    /// A report listed but not read yet.
    pub fn unread(path: &str) -> DocSummary {
        DocSummary {
            path: path.to_owned(),
            status: Status::Todo,
            spans: 0,
            problem: None,
            title: None,
            read: false,
        }
    }
}

/// Reads one report's summary: the annotation file's status and span count, and the title.
pub fn summarize(workspace: &Workspace, annotator: &str, doc: &str) -> DocSummary {
    let mut summary = DocSummary {
        title: title(workspace, doc),
        read: true,
        ..DocSummary::unread(doc)
    };
    let Ok(path) = workspace.annotation_path(annotator, doc) else {
        return summary;
    };
    if !path.exists() {
        return summary;
    }
    if let Err(e) = workspace.check_inside(&path) {
        summary.problem = Some(e.to_string());
        return summary;
    }
    // The list shows what the file says; full checks against the text happen when the report is opened.
    match crate::store::read_annotation_file(&path) {
        Ok(file) => {
            summary.status = file.status;
            summary.spans = file.spans.len();
        }
        Err(e) => summary.problem = Some(e.to_string()),
    }
    summary
}

/// The report's first non-empty line, shortened, read from its first few kilobytes (a 50 MB report is not
/// read for its title). `None` when it cannot be read or decoded; the list then shows the file name.
fn title(workspace: &Workspace, doc: &str) -> Option<String> {
    let mut head = Vec::with_capacity(TITLE_BYTES);
    std::fs::File::open(workspace.text_path(doc))
        .ok()?
        .take(TITLE_BYTES as u64)
        .read_to_end(&mut head)
        .ok()?;
    // Cut at the last line break, so no character is cut in half (the decoder would take that for another
    // encoding).
    if head.len() == TITLE_BYTES
        && let Some(end) = head.iter().rposition(|&b| b == b'\n')
    {
        head.truncate(end);
    }
    title_of(&crate::text::decode_owned(head).ok()?.text)
}

/// The first non-empty line of `text`, trimmed and shortened to [`TITLE_CHARS`] characters.
pub fn title_of(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let mut title: String = line.chars().take(TITLE_CHARS).collect();
    if line.chars().nth(TITLE_CHARS).is_some() {
        title.push('…');
    }
    Some(title)
}

/// The summaries of a workspace's reports being read on a background thread, delivered in chunks.
pub struct SummaryJob {
    receiver: Receiver<Vec<(usize, DocSummary)>>,
}

impl SummaryJob {
    /// Starts reading every report's summary; `more` is called on the worker thread after each chunk (the app
    /// asks for a repaint there).
    pub fn start(
        workspace: Workspace,
        annotator: String,
        more: impl Fn() + Send + 'static,
    ) -> SummaryJob {
        let (sender, receiver) = channel();
        std::thread::spawn(move || {
            let docs = workspace.documents();
            for (chunk_index, chunk) in docs.chunks(CHUNK).enumerate() {
                let summaries =
                    crate::parallel::map(chunk, |doc| summarize(&workspace, &annotator, doc));
                let first = chunk_index * CHUNK;
                let numbered = summaries
                    .into_iter()
                    .enumerate()
                    .map(|(i, s)| (first + i, s))
                    .collect();
                // The app dropped the job (another workspace opened): stop reading.
                if sender.send(numbered).is_err() {
                    return;
                }
                more();
            }
        });
        SummaryJob { receiver }
    }

    /// The summaries read since the last call; `None` once every report has been read.
    pub fn take(&self) -> Option<Vec<(usize, DocSummary)>> {
        let mut taken = Vec::new();
        loop {
            match self.receiver.try_recv() {
                Ok(chunk) => taken.extend(chunk),
                Err(TryRecvError::Empty) => return Some(taken),
                Err(TryRecvError::Disconnected) if taken.is_empty() => return None,
                Err(TryRecvError::Disconnected) => return Some(taken),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_the_first_non_empty_line_shortened() {
        assert_eq!(
            title_of("\n\n  天桥区写好脱贫“答卷”  \n正文"),
            Some("天桥区写好脱贫“答卷”".into())
        );
        let long = "贫".repeat(50);
        let title = title_of(&long).unwrap();
        assert_eq!(title.chars().count(), TITLE_CHARS + 1);
        assert!(title.ends_with('…'));
        assert_eq!(title_of(" \n \n"), None);
    }
}
