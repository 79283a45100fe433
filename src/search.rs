//! Finding a query in every report of a workspace (the app's Ctrl+Shift+F): per report, how many matches and
//! where, each with a line of context. Reports are read and searched on the machine's cores; a caller in a
//! window runs it off the window's thread.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::find::{Matching, find_matching};
use crate::store::Workspace;

/// Characters of context shown on each side of a match.
pub const CONTEXT_CHARS: usize = 14;

/// The most matches of one report kept with their context (all are counted).
pub const MAX_HITS_PER_REPORT: usize = 50;

/// One match in a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Code-point offsets of the match in the report.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The match with up to [`CONTEXT_CHARS`] characters on each side, line breaks shown as spaces, `…` where
    /// the line goes on.
    pub context: String,
}

/// The matches in one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportHits {
    /// The report (path relative to the workspace).
    pub doc: String,
    /// How many matches it has.
    pub count: usize,
    /// The first [`MAX_HITS_PER_REPORT`] of them.
    pub hits: Vec<Hit>,
}

/// What a workspace search found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The reports with at least one match, in workspace order.
    pub reports: Vec<ReportHits>,
    /// Reports that could not be read (name and reason); the search went on without them.
    pub unreadable: Vec<(String, String)>,
}

impl Found {
    /// Matches in all reports.
    pub fn total(&self) -> usize {
        self.reports.iter().map(|r| r.count).sum()
    }
}

/// `chars[start..end]` with [`CONTEXT_CHARS`] on each side, on one line.
fn context(chars: &[char], start: usize, end: usize) -> String {
    let from = start.saturating_sub(CONTEXT_CHARS);
    let to = (end + CONTEXT_CHARS).min(chars.len());
    let mut line = String::new();
    if from > 0 {
        line.push('…');
    }
    line.extend(chars[from..to].iter().map(|&c| match c {
        '\n' | '\r' | '\t' => ' ',
        c => c,
    }));
    if to < chars.len() {
        line.push('…');
    }
    line
}

/// Reports searched together before their results are handed on (in workspace order), so that a window can
/// show the first results while the rest are searched.
pub const CHUNK: usize = 64;

/// One report searched: its hits (if any), or why it could not be read.
fn search_report(
    workspace: &Workspace,
    doc: &str,
    query: &str,
    matching: Matching,
) -> Result<Option<ReportHits>, (String, String)> {
    let text = workspace
        .load_text(doc)
        .map_err(|e| (doc.to_owned(), e.to_string()))?;
    let found = find_matching(&text, query, matching);
    if found.is_empty() {
        return Ok(None);
    }
    let chars: Vec<char> = text.as_str().chars().collect();
    let hits = found
        .iter()
        .take(MAX_HITS_PER_REPORT)
        .map(|&(start, end)| Hit {
            start,
            end,
            context: context(&chars, start, end),
        })
        .collect();
    Ok(Some(ReportHits {
        doc: doc.to_owned(),
        count: found.len(),
        hits,
    }))
}

/// Searches every report of `workspace` for `query`, [`CHUNK`] reports at a time on the machine's cores,
/// handing each chunk's results to `found` in workspace order. `done` counts the reports searched so far (for
/// a progress line); setting `cancel` stops the search after the chunk under way.
pub fn search_in_chunks(
    workspace: &Workspace,
    query: &str,
    matching: Matching,
    done: &AtomicUsize,
    cancel: &AtomicBool,
    mut found: impl FnMut(Found),
) {
    for docs in workspace.documents().chunks(CHUNK) {
        if cancel.load(Ordering::Relaxed) {
            return;
        }
        let results = crate::parallel::map(docs, |doc| {
            let result = search_report(workspace, doc, query, matching);
            done.fetch_add(1, Ordering::Relaxed);
            result
        });
        let mut chunk = Found::default();
        for result in results {
            match result {
                Ok(Some(report)) => chunk.reports.push(report),
                Ok(None) => {}
                Err(unreadable) => chunk.unreadable.push(unreadable),
            }
        }
        found(chunk);
    }
}

/// Searches every report of `workspace` for `query` ([`search_in_chunks`]), all results at once.
pub fn search(
    workspace: &Workspace,
    query: &str,
    matching: Matching,
    done: &AtomicUsize,
    cancel: &AtomicBool,
) -> Found {
    let mut all = Found::default();
    search_in_chunks(workspace, query, matching, done, cancel, |chunk| {
        all.reports.extend(chunk.reports);
        all.unreadable.extend(chunk.unreadable);
    });
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_report_with_counts_and_context() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "𠮷貧困人口減少。\n其他").unwrap();
        std::fs::write(dir.path().join("b.txt"), "没有").unwrap();
        std::fs::create_dir(dir.path().join("c")).unwrap();
        let long = format!("{}贫困{}贫困", "甲".repeat(20), "乙".repeat(20));
        std::fs::write(dir.path().join("c/d.txt"), &long).unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        let (done, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
        let found = search(&ws, "贫困", Matching::AnyScript, &done, &cancel);
        assert_eq!(done.load(Ordering::Relaxed), 3);
        assert_eq!(found.total(), 3);
        assert_eq!(found.reports.len(), 2);
        let a = &found.reports[0];
        assert_eq!((a.doc.as_str(), a.count), ("a.txt", 1));
        assert_eq!((a.hits[0].start, a.hits[0].end), (1, 3));
        assert_eq!(a.hits[0].context, "𠮷貧困人口減少。 其他");
        let d = &found.reports[1];
        assert_eq!((d.doc.as_str(), d.count), ("c/d.txt", 2));
        assert_eq!(
            d.hits[0].context,
            format!("…{}贫困{}…", "甲".repeat(14), "乙".repeat(14))
        );
        let exact = search(&ws, "贫困", Matching::Exact, &done, &cancel);
        assert_eq!(exact.total(), 2);
        cancel.store(true, Ordering::Relaxed);
        assert_eq!(
            search(&ws, "贫困", Matching::AnyScript, &done, &cancel).total(),
            0
        );
    }

    #[test]
    fn results_come_in_chunks_in_workspace_order() {
        let dir = tempfile::tempdir().unwrap();
        let n = CHUNK * 2 + 5;
        for i in 0..n {
            let text = if i % 2 == 0 { "脫貧" } else { "无" };
            std::fs::write(dir.path().join(format!("{i:04}.txt")), text).unwrap();
        }
        let ws = Workspace::open(dir.path()).unwrap();
        let (done, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
        let mut chunks = Vec::new();
        search_in_chunks(&ws, "脱贫", Matching::AnyScript, &done, &cancel, |chunk| {
            chunks.push(chunk)
        });
        assert_eq!(chunks.len(), 3);
        assert_eq!(done.load(Ordering::Relaxed), n);
        let docs: Vec<String> = chunks
            .iter()
            .flat_map(|c| c.reports.iter().map(|r| r.doc.clone()))
            .collect();
        let expected: Vec<String> = (0..n).step_by(2).map(|i| format!("{i:04}.txt")).collect();
        assert_eq!(docs, expected);
    }
}
