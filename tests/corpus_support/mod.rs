//! What the corpus tests share: the fixture workspace, running the binary, reading a folder tree.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use spantag::model::{AnnotationFile, DocRef, Relation, Span, Status};
use spantag::store::Workspace;
use spantag::text::ReportText;

/// The report with every hard case: an astral character (𠮷) before the spans and inside one, CRLF, a span across
/// a line break, nested and crossing spans.
pub const REPORT: &str =
    "𠮷野家：\r\n贫困发生率降至0.68%。\r\n全县1.62万户𠮷脱贫，建立防返贫监测预警机制。";
/// A second report, in a subfolder, that nobody has annotated.
pub const UNTOUCHED: &str = "第二份报告：8260户。\n";

#[path = "../cli_support/mod.rs"]
mod cli_support;
/// Runs the spantag binary (the helper every command-line test shares).
pub use cli_support::spantag;

/// The code point offset of the first occurrence of `needle` in `text`.
pub fn char_offset(text: &str, needle: &str) -> usize {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    text[..byte].chars().count()
}

/// A span over the first occurrence of `needle`.
pub fn span_of(text: &ReportText, needle: &str, label: &str) -> Span {
    let start = char_offset(text.as_str(), needle);
    Span::new(text, start, start + needle.chars().count(), label)
}

/// Alice's spans on [`REPORT`].
pub fn report_spans(text: &ReportText) -> Vec<Span> {
    vec![
        Span {
            note: Some("含\t制表符\n和换行".into()),
            ..span_of(text, "贫困发生率降至0.68%", "Outcome")
        },
        span_of(text, "0.68%", "Figure"),
        Span {
            note: Some("路径 C:\\n 不是换行\r\n第二行".into()),
            ..span_of(text, "0.68%。\r\n全县1.62万户𠮷脱贫", "Measure")
        },
        span_of(text, "1.62万户", "Figure"),
        span_of(text, "建立防返贫监测预警机制", "Measure"),
    ]
}

/// Alice's links between [`report_spans`]: the figure 0.68% quantifies the Outcome (with a note), 1.62万户 the
/// Measure that crosses the CRLF, and the last Measure produces the Outcome.
pub fn report_relations(text: &ReportText) -> Vec<Relation> {
    let key = |needle: &str, label: &str| span_of(text, needle, label).key();
    let outcome = key("贫困发生率降至0.68%", "Outcome");
    vec![
        Relation {
            note: Some(
                "降至	0.68%
见表2"
                    .into(),
            ),
            ..Relation::new(key("0.68%", "Figure"), outcome.clone(), "Quantifies")
        },
        Relation::new(
            key("1.62万户", "Figure"),
            key("0.68%。\r\n全县1.62万户𠮷脱贫", "Measure"),
            "Quantifies",
        ),
        Relation::new(
            key("建立防返贫监测预警机制", "Measure"),
            outcome,
            "Produces",
        ),
    ]
}

/// A workspace with [`REPORT`] (annotated by alice, done, with links) and `sub/b.txt` (no annotations).
pub fn fixture() -> (tempfile::TempDir, AnnotationFile) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), REPORT).unwrap();
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/b.txt"), UNTOUCHED).unwrap();
    let ws = Workspace::open(dir.path()).unwrap();
    let text = ws.load_text("r.txt").unwrap();
    let mut file = AnnotationFile::new(DocRef::of("r.txt", &text), "alice");
    file.status = Status::Done;
    file.spans = report_spans(&text);
    file.relations = report_relations(&text);
    file.normalize();
    ws.save_annotations(&file).unwrap();
    (dir, file)
}

/// Every file below `root` (relative `/` path -> bytes), hidden ones excluded.
pub fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}
