//! Where a team's work stands, report by report: each analyst's status and span count, whether gold exists and
//! how many of its conflicts are undecided, with totals. The same table for `spantag stats --by-report` and the
//! app's Team ▸ Progress window.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Status;
use crate::names::GOLD;
use crate::store::{StoreError, Workspace};

/// One analyst's file for a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Work {
    /// The status the analyst set (`todo`, `in progress`, `done`).
    #[serde(serialize_with = "status_name")]
    pub status: Status,
    /// Spans in the file.
    pub spans: usize,
}

fn status_name<S: serde::Serializer>(status: &Status, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(status.as_str())
}

/// Gold's file for a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Gold {
    /// Spans in it.
    pub spans: usize,
    /// Conflicts still open in it (undecided).
    pub undecided: usize,
}

/// One report's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportProgress {
    /// The report (path relative to the workspace).
    pub document: String,
    /// Every analyst (gold aside), with their file's status and spans, or `None` where they have no file yet
    /// (or it cannot be read: see [`Progress::unreadable`]).
    pub analysts: BTreeMap<String, Option<Work>>,
    /// Gold's file, if one exists.
    pub gold: Option<Gold>,
}

/// One analyst's totals over the workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AnalystTotals {
    /// Reports per status (a report without a file counts as `todo`).
    pub status: BTreeMap<String, usize>,
    /// Spans over every report.
    pub spans: usize,
}

/// The whole table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// The analysts (gold aside), sorted.
    pub annotators: Vec<String>,
    /// One row per report, in workspace order.
    pub reports: Vec<ReportProgress>,
    /// Per analyst: reports per status and spans.
    pub totals: BTreeMap<String, AnalystTotals>,
    /// Reports with a gold file.
    pub gold_reports: usize,
    /// Reports whose gold file has undecided conflicts.
    pub gold_undecided: usize,
    /// Files and reports that could not be read, with the reason.
    pub unreadable: Vec<String>,
}

/// Reads every analyst's file (and gold's) for every report of the workspace, on the machine's cores.
pub fn progress(workspace: &Workspace) -> Progress {
    let everyone = workspace.annotators();
    let annotators: Vec<String> = everyone.iter().filter(|a| *a != GOLD).cloned().collect();
    let has_gold = everyone.iter().any(|a| a == GOLD);
    let rows = crate::parallel::map(workspace.documents(), |doc| {
        let mut problems = Vec::new();
        let mut row = ReportProgress {
            document: doc.clone(),
            analysts: BTreeMap::new(),
            gold: None,
        };
        let text = match workspace.load_text(doc) {
            Ok(text) => Some(text),
            Err(e) => {
                problems.push(e.to_string());
                None
            }
        };
        for annotator in annotators
            .iter()
            .chain(has_gold.then_some(&GOLD.to_owned()))
        {
            let file = match &text {
                Some(text) => match workspace.load_annotations(annotator, doc, text) {
                    Ok(file) => file,
                    Err(e @ StoreError::BadName { .. }) => {
                        problems.push(e.to_string());
                        break; // the report's name is the problem, whoever the annotator
                    }
                    Err(e) => {
                        problems.push(e.to_string());
                        None
                    }
                },
                None => None,
            };
            if annotator == GOLD {
                row.gold = file.map(|f| Gold {
                    spans: f.spans.len(),
                    undecided: f.conflicts.len(),
                });
            } else {
                let work = file.map(|f| Work {
                    status: f.status,
                    spans: f.spans.len(),
                });
                row.analysts.insert(annotator.clone(), work);
            }
        }
        for annotator in &annotators {
            row.analysts.entry(annotator.clone()).or_insert(None);
        }
        (row, problems)
    });
    let mut out = Progress {
        annotators: annotators.clone(),
        ..Progress::default()
    };
    for annotator in &annotators {
        let totals = out.totals.entry(annotator.clone()).or_default();
        for status in Status::ALL {
            totals.status.insert(status.as_str().to_owned(), 0);
        }
    }
    for (row, problems) in rows {
        for (annotator, work) in &row.analysts {
            let totals = out.totals.entry(annotator.clone()).or_default();
            let status = work.map_or(Status::Todo, |w| w.status);
            *totals.status.entry(status.as_str().to_owned()).or_default() += 1;
            totals.spans += work.map_or(0, |w| w.spans);
        }
        if let Some(gold) = row.gold {
            out.gold_reports += 1;
            out.gold_undecided += usize::from(gold.undecided > 0);
        }
        out.unreadable.extend(problems);
        out.reports.push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        AnnotationFile, Conflict, ConflictKind, ConflictOption, ConflictOrigin, DocRef, Span,
    };

    #[test]
    fn per_report_per_analyst_with_gold_and_totals() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "贫困人口523人").unwrap();
        std::fs::write(dir.path().join("b.txt"), "𠮷脱贫").unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        let text = ws.load_text("a.txt").unwrap();
        let mut alice = AnnotationFile::new(DocRef::of("a.txt", &text), "alice");
        alice.status = Status::Done;
        alice.spans = vec![
            Span::new(&text, 4, 8, "Figure"),
            Span::new(&text, 0, 4, "Outcome"),
        ];
        ws.save_annotations(&alice).unwrap();
        let mut bob = AnnotationFile::new(DocRef::of("a.txt", &text), "bob");
        bob.status = Status::InProgress;
        bob.spans = vec![Span::new(&text, 4, 8, "Figure")];
        ws.save_annotations(&bob).unwrap();
        let mut gold = AnnotationFile::new(DocRef::of("a.txt", &text), GOLD);
        gold.spans = vec![Span::new(&text, 4, 8, "Figure")];
        gold.conflicts = vec![Conflict {
            kind: ConflictKind::Missing,
            origin: ConflictOrigin::Analysts,
            start: 0,
            end: 4,
            options: vec![
                ConflictOption {
                    span: Some(Span::new(&text, 0, 4, "Outcome").key()),
                    annotators: vec!["alice".into()],
                },
                ConflictOption {
                    span: None,
                    annotators: vec!["bob".into()],
                },
            ],
        }];
        ws.save_annotations(&gold).unwrap();

        let p = progress(&ws);
        assert_eq!(p.annotators, ["alice", "bob"]);
        assert_eq!(p.reports.len(), 2);
        let a = &p.reports[0];
        assert_eq!(
            a.analysts["alice"],
            Some(Work {
                status: Status::Done,
                spans: 2
            })
        );
        assert_eq!(
            a.analysts["bob"],
            Some(Work {
                status: Status::InProgress,
                spans: 1
            })
        );
        assert_eq!(
            a.gold,
            Some(Gold {
                spans: 1,
                undecided: 1
            })
        );
        let b = &p.reports[1];
        assert_eq!(b.analysts["alice"], None);
        assert_eq!(b.gold, None);
        assert_eq!(p.totals["alice"].status["done"], 1);
        assert_eq!(p.totals["alice"].status["todo"], 1);
        assert_eq!(p.totals["bob"].spans, 1);
        assert_eq!((p.gold_reports, p.gold_undecided), (1, 1));
        assert!(p.unreadable.is_empty());
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["reports"][0]["analysts"]["alice"]["status"], "done");
        assert!(json["reports"][1]["analysts"]["bob"].is_null());
    }
}
