//! `spantag merge` as a team uses it, on a copy of the three-annotator fixture: a workspace merged into
//! `annotations/gold/` that `spantag validate` accepts, files merged with `--out`, adjudication work never
//! overwritten without `--force`, and clear errors naming the files.

mod cli_support;
use cli_support::spantag;

use std::path::{Path, PathBuf};
use std::process::Output;

use spantag::model::{ConflictKind, SmallText};
use spantag::store::read_annotation_file;

fn text_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A private copy of `tests/fixtures/team`.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/team");
    copy_dir(&source, dir.path());
    dir
}

fn path(root: &Path, rel: &str) -> PathBuf {
    root.join(rel)
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn workspace_merge_writes_gold_that_validates() {
    let dir = fixture();
    let root = dir.path();
    let out = spantag(&["merge", arg(root)]);
    assert_eq!(out.status.code(), Some(0), "{}", text_of(&out));
    assert!(
        text_of(&out).contains("from 3 annotators"),
        "{}",
        text_of(&out)
    );
    let gold = read_annotation_file(&path(root, "annotations/gold/tianqiao.ron")).unwrap();
    assert_eq!(gold.annotator, "gold");
    // The label conflict the fixture holds: alice's Outcome against bob's and carol's Measure.
    let label = gold
        .conflicts
        .iter()
        .find(|c| c.kind == ConflictKind::Label)
        .expect("a label conflict");
    let by: Vec<(SmallText, Vec<SmallText>)> = label
        .options
        .iter()
        .map(|o| (o.span.as_ref().unwrap().label.clone(), o.annotators.clone()))
        .collect();
    assert_eq!(
        by,
        vec![
            ("Measure".into(), vec!["bob".into(), "carol".into()]),
            ("Outcome".into(), vec!["alice".into()]),
        ]
    );
    // carol did not annotate the notice: its gold comes from alice and bob only.
    let notice = read_annotation_file(&path(root, "annotations/gold/notice.ron")).unwrap();
    assert!(
        notice
            .spans
            .iter()
            .all(|s| s.annotators.iter().all(|a| a != "carol"))
    );
    let astral = notice
        .spans
        .iter()
        .find(|s| s.text == "𠮷𠮷村全部摘帽")
        .unwrap();
    assert_eq!((astral.start, astral.end), (71, 78));
    assert_eq!(astral.note.as_deref(), Some("村名含生僻字\t𠮷\n待核实"));

    let check = spantag(&["validate", arg(root)]);
    assert_eq!(check.status.code(), Some(0), "{}", text_of(&check));

    // Running it again changes nothing and says so.
    let again = spantag(&["merge", arg(root)]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        text_of(&again).contains("(unchanged)"),
        "{}",
        text_of(&again)
    );
}

#[test]
fn adjudication_work_is_not_overwritten_without_force() {
    let dir = fixture();
    let root = dir.path();
    assert_eq!(spantag(&["merge", arg(root)]).status.code(), Some(0));
    let gold_path = path(root, "annotations/gold/notice.ron");
    let mut gold = read_annotation_file(&gold_path).unwrap();
    gold.conflicts.clear();
    gold.spans.retain(|s| s.annotators.len() == 2);
    spantag::store::write_annotation_file(&gold_path, &gold).unwrap();
    let adjudicated = std::fs::read(&gold_path).unwrap();

    let out = spantag(&["merge", arg(root)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text_of(&out).contains("--force"), "{}", text_of(&out));
    assert!(text_of(&out).contains("notice.ron"), "{}", text_of(&out));
    assert_eq!(std::fs::read(&gold_path).unwrap(), adjudicated);

    let out = spantag(&["merge", "--force", arg(root)]);
    assert_eq!(out.status.code(), Some(0), "{}", text_of(&out));
    assert_ne!(std::fs::read(&gold_path).unwrap(), adjudicated);
}

#[test]
fn a_merged_file_in_another_order_or_layout_is_not_a_change() {
    let dir = fixture();
    let root = dir.path();
    assert_eq!(spantag(&["merge", arg(root)]).status.code(), Some(0));
    let gold_path = path(root, "annotations/gold/tianqiao.ron");
    // The same content as an older version might have written it: conflicts in another order, other spacing.
    let mut gold = read_annotation_file(&gold_path).unwrap();
    assert!(gold.conflicts.len() >= 2, "the fixture has conflicts");
    gold.conflicts.reverse();
    let relaid = ron::ser::to_string(&gold).unwrap();
    std::fs::write(&gold_path, &relaid).unwrap();

    let again = spantag(&["merge", arg(root)]);
    assert_eq!(again.status.code(), Some(0), "{}", text_of(&again));
    assert!(
        text_of(&again).contains("(unchanged)"),
        "{}",
        text_of(&again)
    );
    assert_eq!(std::fs::read_to_string(&gold_path).unwrap(), relaid);
}

#[test]
fn files_merge_with_strategies_into_out() {
    let dir = fixture();
    let root = dir.path();
    let inputs: Vec<PathBuf> = ["alice", "bob", "carol"]
        .iter()
        .map(|a| path(root, &format!("annotations/{a}/tianqiao.ron")))
        .collect();
    let out_path = path(root, "annotations/consensus/tianqiao.ron");
    let mut args = vec![
        "merge",
        "--min-votes",
        "3",
        "--annotator",
        "consensus",
        "--out",
        arg(&out_path),
    ];
    args.extend(inputs.iter().map(|p| arg(p)));
    let out = spantag(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text_of(&out));
    let merged = read_annotation_file(&out_path).unwrap();
    assert_eq!(merged.annotator, "consensus");
    assert!(!merged.spans.is_empty());
    assert!(merged.spans.iter().all(|s| s.annotators.len() == 3));
    let check = spantag(&["validate", arg(&out_path)]);
    assert_eq!(check.status.code(), Some(0), "{}", text_of(&check));

    let unanimous = path(root, "annotations/consensus/unanimous.ron");
    let mut args = vec!["merge", "--strategy", "unanimous", "--out", arg(&unanimous)];
    args.extend(inputs.iter().map(|p| arg(p)));
    assert_eq!(spantag(&args).status.code(), Some(0));
    let same = read_annotation_file(&unanimous).unwrap();
    assert_eq!(same.spans, merged.spans);
}

#[test]
fn inputs_for_different_texts_are_refused_naming_both() {
    let dir = fixture();
    let root = dir.path();
    let a = path(root, "annotations/alice/tianqiao.ron");
    let b = path(root, "annotations/bob/notice.ron");
    let out_path = path(root, "merged.ron");
    let out = spantag(&["merge", "--out", arg(&out_path), arg(&a), arg(&b)]);
    assert_eq!(out.status.code(), Some(1));
    let said = text_of(&out);
    assert!(said.contains("alice/tianqiao.ron"), "{said}");
    assert!(said.contains("bob/notice.ron"), "{said}");
    assert!(said.contains("different texts"), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    assert!(!out_path.exists());
}

#[test]
fn usage_mistakes_exit_2() {
    let dir = fixture();
    let root = dir.path();
    let a = path(root, "annotations/alice/tianqiao.ron");
    let b = path(root, "annotations/bob/tianqiao.ron");
    let nowhere = path(root, "nowhere");
    let cases: Vec<Vec<&str>> = vec![
        vec!["merge", arg(&a), arg(&b)],
        vec![
            "merge",
            "--strategy",
            "union",
            "--min-votes",
            "2",
            arg(root),
        ],
        vec!["merge", "--min-votes", "0", arg(root)],
        vec!["merge", "--out", "x.ron", arg(root)],
        vec!["merge", "--annotator", "../escape", arg(root)],
        vec!["merge", arg(&nowhere)],
    ];
    for case in cases {
        let out = spantag(&case);
        assert_eq!(out.status.code(), Some(2), "{case:?}: {}", text_of(&out));
    }
}

#[test]
fn broken_input_is_named_with_its_line() {
    let dir = fixture();
    let root = dir.path();
    let bad = path(root, "annotations/bob/tianqiao.ron");
    std::fs::write(&bad, "(\n    version: 1,\n    spans: [ (start: ,\n").unwrap();
    let out = spantag(&["merge", arg(root)]);
    assert_eq!(out.status.code(), Some(1));
    let said = text_of(&out);
    assert!(said.contains("bob/tianqiao.ron:3:"), "{said}");
    // The report with the broken file is not merged from the others alone; the other report is.
    assert!(!path(root, "annotations/gold/tianqiao.ron").exists());
    assert!(path(root, "annotations/gold/notice.ron").exists());
}
