//! The synthetic workspace the export benchmark reads: 10,000 reports, about 100 MB of Chinese text, built from
//! the bundled samples' paragraphs (some documents with CRLF line ends or an astral character up front), each
//! with a `gold` annotation file of figures, the outcomes they sit in (nested) and measures, found by simple
//! patterns. Built once under the target folder and reused while its parameters stay the same.

use std::fs;
use std::path::{Path, PathBuf};

use spantag::model::{AnnotationFile, DocRef, Span, Status};
use spantag::store::{self, GOLD};
use spantag::text::ReportText;

/// Documents in the workspace.
pub const DOCUMENTS: usize = 10_000;
/// Bytes of text each document gets at least (10,000 × 10 KB ≈ 100 MB).
pub const BYTES_PER_DOCUMENT: usize = 10_000;
/// Changes whenever the generator changes, so an old workspace is rebuilt.
const VERSION: &str = "synthetic-v1";

/// A scratch folder beside the synthetic workspace (same file system, so the figures do not depend on /tmp).
#[allow(dead_code)] // not every bench writes beside the workspace
pub fn scratch_beside(root: &Path) -> tempfile::TempDir {
    tempfile::tempdir_in(root.parent().unwrap_or(Path::new("."))).expect("a scratch folder")
}

/// The formats named on the command line (`cargo bench --bench B -- jsonl csv`); empty means all.
#[allow(dead_code)] // only the format benches take format names
pub fn formats_asked() -> Vec<String> {
    std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect()
}

/// The workspace folder, built if needed; returns it with its text size in bytes and its span count.
pub fn workspace() -> (PathBuf, u64, usize) {
    let base = option_env!("CARGO_TARGET_TMPDIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let root = base.join(format!("export-bench-{VERSION}"));
    let stamp = root.join(".complete");
    if let Ok(stamp) = fs::read_to_string(&stamp)
        && let Some((bytes, spans)) = stamp.trim().split_once(' ')
        && let (Ok(bytes), Ok(spans)) = (bytes.parse(), spans.parse())
    {
        return (root, bytes, spans);
    }
    let _ = fs::remove_dir_all(&root);
    let (bytes, spans) = build(&root);
    fs::write(&stamp, format!("{bytes} {spans}\n")).expect("write the stamp");
    (root, bytes, spans)
}

fn paragraphs() -> Vec<String> {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut names: Vec<PathBuf> = fs::read_dir(&samples)
        .expect("samples/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    names
        .iter()
        .flat_map(|p| {
            fs::read_to_string(p)
                .expect("a sample")
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn build(root: &Path) -> (u64, usize) {
    let paragraphs = paragraphs();
    let mut total_bytes = 0u64;
    let mut total_spans = 0;
    for i in 0..DOCUMENTS {
        let newline = if i % 10 == 3 { "\r\n" } else { "\n" };
        let mut text = String::with_capacity(BYTES_PER_DOCUMENT + 2048);
        if i % 7 == 0 {
            text.push_str("𠮷野家报告");
            text.push_str(newline);
        }
        let mut k = (i * 7) % paragraphs.len();
        while text.len() < BYTES_PER_DOCUMENT {
            text.push_str(&paragraphs[k]);
            text.push_str(newline);
            k = (k + 1) % paragraphs.len();
        }
        let doc = format!("batch-{:02}/report-{i:05}.txt", i / 1000);
        let path = root.join(&doc);
        fs::create_dir_all(path.parent().expect("a folder")).expect("create a folder");
        fs::write(&path, &text).expect("write a report");
        total_bytes += text.len() as u64;

        let report = ReportText::new(text);
        let mut file = AnnotationFile::new(DocRef::of(doc.clone(), &report), GOLD);
        file.status = if i % 5 == 4 {
            Status::InProgress
        } else {
            Status::Done
        };
        file.spans = find_spans(&report);
        if let Some(first) = file.spans.first_mut() {
            first.note = Some("自动生成\t用于基准测试\n第二行".to_owned());
        }
        file.normalize();
        total_spans += file.spans.len();
        let ron_path = root
            .join("annotations")
            .join(GOLD)
            .join(doc.replace(".txt", ".ron"));
        fs::create_dir_all(ron_path.parent().expect("a folder")).expect("create a folder");
        fs::write(
            &ron_path,
            store::to_ron(&file).expect("an annotation file as RON"),
        )
        .expect("write an annotation file");
    }
    (total_bytes, total_spans)
}

const UNITS: &[char] = &[
    '户', '人', '名', '元', '个', '村', '场', '次', '亩', '%', '吨', '家', '项', '所',
];
const CLAUSE_ENDS: &[char] = &[
    '，', '。', '；', '！', '？', '、', '\r', '\n', ',', ':', '：',
];
const MEASURE_VERBS: &[&str] = &["建立", "推行", "开展", "实施", "创新", "落实", "引入"];

/// Figures (a number, 万/亿, a unit), the clause before each as an Outcome around it, and clauses that start with
/// a measure verb as Measures.
fn find_spans(text: &ReportText) -> Vec<Span> {
    let chars: Vec<char> = text.as_str().chars().collect();
    let mut spans = Vec::new();
    let mut clause_start = 0;
    let mut outcome_in_clause = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if CLAUSE_ENDS.contains(&c) {
            clause_start = i + 1;
            outcome_in_clause = false;
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            if i < chars.len() && (chars[i] == '万' || chars[i] == '亿') {
                i += 1;
            }
            if i < chars.len() && UNITS.contains(&chars[i]) {
                i += 1;
                spans.push(Span::new(text, start, i, "Figure"));
                if !outcome_in_clause && clause_start + 2 < start {
                    spans.push(Span::new(text, clause_start, i, "Outcome"));
                    outcome_in_clause = true;
                }
            }
            continue;
        }
        if i == clause_start {
            let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
            if MEASURE_VERBS.contains(&rest.as_str()) {
                let mut end = i;
                while end < chars.len() && !CLAUSE_ENDS.contains(&chars[end]) {
                    end += 1;
                }
                if end > i + 2 {
                    spans.push(Span::new(text, i, end, "Measure"));
                }
            }
        }
        i += 1;
    }
    spans
}
