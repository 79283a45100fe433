//! `spantag reanchor` on a workspace whose reports were revised: files written tied to the new texts, a
//! summary printed, exit status 1 while orphans remain, and `validate` listing the orphans.

mod cli_support;
use cli_support::spantag;

use std::process::Output;

use spantag::model::{AnnotationFile, DocRef, Span};
use spantag::store::{Workspace, read_annotation_file, read_text};

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn reanchor_moves_spans_keeps_orphans_and_validate_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.txt"), "𠮷野家：共帮扶523人，新增406起。").unwrap();
    std::fs::write(root.join("b.txt"), "不变的报告：降至0.68%。").unwrap();
    let ws = Workspace::open(root).unwrap();
    let a = ws.load_text("a.txt").unwrap();
    let mut file = AnnotationFile::new(DocRef::of("a.txt", &a), "alice");
    file.spans = vec![
        Span::new(&a, 7, 11, "Figure"),
        Span::new(&a, 14, 18, "Figure"),
    ];
    ws.save_annotations(&file).unwrap();
    let b = ws.load_text("b.txt").unwrap();
    let mut unchanged = AnnotationFile::new(DocRef::of("b.txt", &b), "bob");
    unchanged.spans = vec![Span::new(&b, 8, 13, "Figure")];
    ws.save_annotations(&unchanged).unwrap();
    let b_ron = root.join("annotations/bob/b.ron");
    let b_before = std::fs::read(&b_ron).unwrap();
    // Revised: a sentence before, and one figure changed.
    std::fs::write(
        root.join("a.txt"),
        "序言𠮷。𠮷野家：共帮扶523人，新增407起。",
    )
    .unwrap();
    let out = spantag(&["validate", root.to_str().unwrap()]);
    assert!(
        stdout(&out).contains("spantag reanchor"),
        "{}",
        stdout(&out)
    );

    let out = spantag(&["reanchor", root.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an orphan remains: {}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("a.ron: 1 span moved, 0 in place, 1 orphan"),
        "{}",
        stdout(&out)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("re-anchored 1 file: 1 span moved, 1 orphan")
    );
    let a_ron = root.join("annotations/alice/a.ron");
    let saved = read_annotation_file(&a_ron).unwrap();
    let new = read_text(&root.join("a.txt")).unwrap();
    assert!(saved.document.matches(&new));
    assert_eq!(saved.spans.len(), 1);
    assert_eq!(
        (saved.spans[0].start, saved.spans[0].text.as_str()),
        (11, "523人")
    );
    assert_eq!(saved.orphans.len(), 1);
    assert_eq!(saved.orphans[0].text, "406起");
    assert_eq!(
        std::fs::read(&b_ron).unwrap(),
        b_before,
        "an unchanged report's file is not rewritten"
    );

    let out = spantag(&["validate", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("orphan Figure span \"406起\""),
        "{}",
        stdout(&out)
    );

    // Run again: nothing to do, and the orphan still counts.
    let out = spantag(&["reanchor", a_ron.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("unchanged text, 1 orphan"),
        "{}",
        stdout(&out)
    );
}
