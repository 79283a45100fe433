//! What the recommender may learn from, and how much of it is known. A report the analyst marked Done, and a gold
//! file, are complete: every span is tagged, so untagged text is a negative. A report still in progress only
//! tells what was tagged; the rest is unknown, not negative. A suggestion the analyst rejected is a negative for
//! that place of that report only.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::model::{AnnotationFile, SmallText, SpanKey, Status};
use crate::names::GOLD;
use crate::store::Workspace;
use crate::text::ReportText;

/// One report's text with what is known of it.
#[derive(Debug, Clone)]
pub struct TrainingDoc {
    /// The report's path in its workspace (for messages and the order of a simulation).
    pub name: String,
    /// The report text.
    pub text: ReportText,
    /// Tagged spans as `(start, end, label)` in code points, in file order.
    pub spans: Vec<SpanKey>,
    /// Places the analyst turned a suggestion down: negatives for that label.
    pub rejected: Vec<SpanKey>,
    /// Whether every span is tagged (Done, or gold): untagged text is then a negative.
    pub complete: bool,
    /// Whose file it is (`gold` for gold).
    pub annotator: String,
}

impl TrainingDoc {
    /// What an annotation file of `text` teaches.
    pub fn from_file(
        name: impl Into<String>,
        text: ReportText,
        file: &AnnotationFile,
    ) -> TrainingDoc {
        TrainingDoc {
            name: name.into(),
            text,
            spans: file.spans.iter().map(|s| s.key()).collect(),
            rejected: file.rejected.clone(),
            complete: file.annotator == GOLD || file.status == Status::Done,
            annotator: file.annotator.clone(),
        }
    }

    /// Whether the document teaches anything: a span, a rejection, or (complete) its untagged text.
    pub fn teaches(&self) -> bool {
        self.complete || !self.spans.is_empty() || !self.rejected.is_empty()
    }
}

/// The documents a model is trained on, with the files that could not be read.
#[derive(Debug, Clone, Default)]
pub struct TrainingSet {
    /// The documents, in the workspace's report order.
    pub docs: Vec<TrainingDoc>,
    /// Each file that could not be used, as `file: problem` (never skipped silently).
    pub problems: Vec<String>,
}

impl TrainingSet {
    /// Collects a workspace's training documents. For each report: its `gold` file if there is one (with the
    /// analyst's rejections added as negatives where gold has no such span); otherwise the analyst's own file
    /// (`annotator`), or with no annotator given, every analyst's file (each its own document).
    pub fn from_workspace(workspace: &Workspace, annotator: Option<&str>) -> TrainingSet {
        let mut set = TrainingSet::default();
        let analysts: Vec<String> = match annotator {
            Some(a) => vec![a.to_owned()],
            None => workspace
                .annotators()
                .into_iter()
                .filter(|a| a != GOLD)
                .collect(),
        };
        let problems = std::cell::RefCell::new(Vec::new());
        for doc in workspace.documents() {
            let load = |who: &str, text: &ReportText| -> Option<AnnotationFile> {
                match workspace.load_annotations(who, doc, text) {
                    Ok(file) => file,
                    Err(e) => {
                        problems.borrow_mut().push(e.to_string());
                        None
                    }
                }
            };
            let has_any = analysts
                .iter()
                .chain(std::iter::once(&GOLD.to_owned()))
                .any(|a| {
                    workspace
                        .annotation_path(a, doc)
                        .is_ok_and(|p| Path::exists(&p))
                });
            if !has_any {
                continue;
            }
            let text = match workspace.load_text(doc) {
                Ok(text) => text,
                Err(e) => {
                    problems.borrow_mut().push(e.to_string());
                    continue;
                }
            };
            let own: Vec<AnnotationFile> = analysts.iter().filter_map(|a| load(a, &text)).collect();
            match load(GOLD, &text) {
                Some(gold) => {
                    let mut d = TrainingDoc::from_file(doc.clone(), text, &gold);
                    for file in &own {
                        d.rejected.extend(
                            file.rejected
                                .iter()
                                .filter(|r| !d.spans.contains(r))
                                .cloned(),
                        );
                    }
                    d.rejected.sort();
                    d.rejected.dedup();
                    set.docs.push(d);
                }
                None => set.docs.extend(
                    own.iter()
                        .map(|f| TrainingDoc::from_file(doc.clone(), text.clone(), f))
                        .filter(TrainingDoc::teaches),
                ),
            }
        }
        set.problems = problems.into_inner();
        set
    }

    /// Puts what an analyst's file now says in place of that analyst's document for the report (the app
    /// retrains after an edit without reading the workspace again); a document that no longer teaches anything
    /// is removed. Where the report has a gold file, gold stays what is learned and only the analyst's
    /// rejections are taken, as [`TrainingSet::from_workspace`] does.
    pub fn replace(&mut self, doc: TrainingDoc) {
        if let Some(gold) = self
            .docs
            .iter_mut()
            .find(|d| d.name == doc.name && d.annotator == GOLD && doc.annotator != GOLD)
        {
            gold.rejected
                .extend(doc.rejected.into_iter().filter(|r| !gold.spans.contains(r)));
            gold.rejected.sort();
            gold.rejected.dedup();
            return;
        }
        self.docs
            .retain(|d| d.name != doc.name || d.annotator != doc.annotator);
        if doc.teaches() {
            self.docs.push(doc);
            self.docs.sort_by(|a, b| {
                a.name
                    .cmp(&b.name)
                    .then_with(|| a.annotator.cmp(&b.annotator))
            });
        }
    }

    /// The set cut to at most `max_chars` characters of text, so that training's memory stays bounded (the
    /// features take about a hundred bytes a character): `first`'s documents (the analyst's own) are kept
    /// first, then the others in order. Returns the set and how many documents were left out.
    pub fn bounded(&self, max_chars: usize, first: Option<&str>) -> (TrainingSet, usize) {
        let mut order: Vec<&TrainingDoc> = self.docs.iter().collect();
        order.sort_by_key(|d| Some(d.annotator.as_str()) != first);
        let mut total = 0;
        let mut kept: Vec<TrainingDoc> = Vec::new();
        for d in order {
            let chars = d.text.len_chars();
            if total + chars <= max_chars {
                total += chars;
                kept.push(d.clone());
            }
        }
        kept.sort_by(|a, b| {
            a.name
                .cmp(&b.name)
                .then_with(|| a.annotator.cmp(&b.annotator))
        });
        let left_out = self.docs.len() - kept.len();
        (
            TrainingSet {
                docs: kept,
                problems: self.problems.clone(),
            },
            left_out,
        )
    }

    /// How many spans are tagged in all.
    pub fn spans(&self) -> usize {
        self.docs.iter().map(|d| d.spans.len()).sum()
    }

    /// How many different reports teach something.
    pub fn reports(&self) -> usize {
        let mut names: Vec<&str> = self.docs.iter().map(|d| d.name.as_str()).collect();
        names.dedup();
        names.len()
    }

    /// A digest of everything training reads (texts, spans, rejections, completeness, labels): a cached model
    /// made from the same digest is the model training would make.
    pub fn fingerprint(&self, labels: &[SmallText]) -> String {
        let mut hash = Sha256::new();
        for label in labels {
            hash.update(label.as_bytes());
            hash.update([0]);
        }
        for d in &self.docs {
            hash.update(d.name.as_bytes());
            hash.update(d.text.fingerprint().as_bytes());
            hash.update([d.complete as u8]);
            for (tag, keys) in [(1u8, &d.spans), (2, &d.rejected)] {
                for k in keys {
                    hash.update([tag]);
                    hash.update((k.start as u64).to_le_bytes());
                    hash.update((k.end as u64).to_le_bytes());
                    hash.update(k.label.as_bytes());
                    hash.update([0]);
                }
            }
        }
        format!("{:x}", hash.finalize())
    }
}

/// A training document for tests: each span given by its text (found after the previous span's start) and
/// label.
#[cfg(test)]
pub(crate) fn test_doc(
    name: &str,
    text: &str,
    spans: &[(&str, &str)],
    complete: bool,
) -> TrainingDoc {
    let chars: Vec<char> = text.chars().collect();
    let mut from = 0;
    let spans = spans
        .iter()
        .map(|(t, label)| {
            let m: Vec<char> = t.chars().collect();
            let start = (from..chars.len())
                .find(|&i| chars[i..].starts_with(&m))
                .unwrap_or_else(|| panic!("{t:?} is not in {text:?}"));
            from = start;
            SpanKey {
                start,
                end: start + m.len(),
                label: (*label).into(),
            }
        })
        .collect();
    TrainingDoc {
        name: name.into(),
        text: ReportText::new(text),
        spans,
        rejected: Vec::new(),
        complete,
        annotator: "alice".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocRef, Span};

    fn write(
        ws: &Path,
        annotator: &str,
        doc: &str,
        text: &str,
        spans: &[(usize, usize, &str)],
        status: Status,
    ) {
        let workspace = Workspace::open(ws).unwrap();
        let text = ReportText::new(text);
        let mut file = AnnotationFile::new(DocRef::of(doc, &text), annotator);
        file.status = status;
        file.spans = spans
            .iter()
            .map(|&(s, e, l)| Span::new(&text, s, e, l))
            .collect();
        file.normalize();
        workspace.save_annotations(&file).unwrap();
    }

    #[test]
    fn done_and_gold_are_complete_work_in_progress_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (name, text) in [
            ("a.txt", "贫困发生率降至0.68%。"),
            ("b.txt", "𠮷村有523人。"),
            ("c.txt", "无"),
        ] {
            std::fs::write(root.join(name), text).unwrap();
        }
        write(
            root,
            "alice",
            "a.txt",
            "贫困发生率降至0.68%。",
            &[(7, 12, "Figure")],
            Status::Done,
        );
        write(
            root,
            "alice",
            "b.txt",
            "𠮷村有523人。",
            &[(3, 7, "Figure")],
            Status::InProgress,
        );
        write(
            root,
            "gold",
            "b.txt",
            "𠮷村有523人。",
            &[(3, 7, "Figure"), (0, 7, "Outcome")],
            Status::InProgress,
        );
        write(root, "bob", "c.txt", "无", &[], Status::Todo);
        let ws = Workspace::open(root).unwrap();
        let set = TrainingSet::from_workspace(&ws, Some("alice"));
        assert!(set.problems.is_empty(), "{:?}", set.problems);
        let names: Vec<(&str, bool, usize)> = set
            .docs
            .iter()
            .map(|d| (d.name.as_str(), d.complete, d.spans.len()))
            .collect();
        // b.txt: gold wins over alice's file and is complete; c.txt is bob's, not alice's.
        assert_eq!(names, [("a.txt", true, 1), ("b.txt", true, 2)]);
        // Without an annotator, every analyst's file counts; bob's empty todo teaches nothing.
        let all = TrainingSet::from_workspace(&ws, None);
        assert_eq!(all.docs.len(), 2);
        assert_eq!(all.spans(), 3);
        assert_eq!(all.reports(), 2);
    }

    #[test]
    fn a_broken_file_is_named_not_skipped_silently() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "文本").unwrap();
        std::fs::create_dir_all(dir.path().join("annotations/alice")).unwrap();
        std::fs::write(
            dir.path().join("annotations/alice/a.ron"),
            "(version: 1, broken",
        )
        .unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        let set = TrainingSet::from_workspace(&ws, Some("alice"));
        assert!(set.docs.is_empty());
        assert_eq!(set.problems.len(), 1);
        assert!(set.problems[0].contains("a.ron"), "{:?}", set.problems);
    }

    #[test]
    fn the_fingerprint_changes_with_what_is_known() {
        let text = ReportText::new("新建了养殖合作社");
        let mut file = AnnotationFile::new(DocRef::of("a.txt", &text), "alice");
        file.spans.push(Span::new(&text, 3, 8, "Measure"));
        let mut set = TrainingSet::default();
        set.replace(TrainingDoc::from_file("a.txt", text.clone(), &file));
        let labels = [SmallText::from("Measure")];
        let first = set.fingerprint(&labels);
        file.status = Status::Done;
        set.replace(TrainingDoc::from_file("a.txt", text.clone(), &file));
        assert_eq!(set.docs.len(), 1);
        assert_ne!(set.fingerprint(&labels), first);
        file.spans.clear();
        file.status = Status::Todo;
        set.replace(TrainingDoc::from_file("a.txt", text.clone(), &file));
        assert!(set.docs.is_empty(), "an untouched report teaches nothing");

        // Where gold exists, the analyst's file only adds rejections.
        let mut gold = AnnotationFile::new(DocRef::of("a.txt", &text), "gold");
        gold.spans.push(Span::new(&text, 3, 8, "Measure"));
        set.replace(TrainingDoc::from_file("a.txt", text.clone(), &gold));
        file.rejected.push(crate::model::SpanKey {
            start: 0,
            end: 3,
            label: "Measure".into(),
        });
        set.replace(TrainingDoc::from_file("a.txt", text, &file));
        assert_eq!(set.docs.len(), 1);
        assert_eq!(set.docs[0].annotator, "gold");
        assert_eq!(set.docs[0].spans.len(), 1);
        assert_eq!(set.docs[0].rejected.len(), 1);
    }

    #[test]
    fn a_bounded_set_keeps_the_analysts_own_reports_first() {
        let doc = |name: &str, annotator: &str, text: &str| TrainingDoc {
            name: name.into(),
            text: ReportText::new(text),
            spans: Vec::new(),
            rejected: Vec::new(),
            complete: true,
            annotator: annotator.into(),
        };
        let set = TrainingSet {
            docs: vec![
                doc("a.txt", "gold", "一二三四"),
                doc("b.txt", "alice", "一二三"),
                doc("c.txt", "gold", "一二"),
            ],
            problems: Vec::new(),
        };
        let (bounded, left_out) = set.bounded(5, Some("alice"));
        let kept: Vec<&str> = bounded.docs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!((kept, left_out), (vec!["b.txt", "c.txt"], 1));
        assert_eq!(set.bounded(100, None).1, 0);
    }
}
