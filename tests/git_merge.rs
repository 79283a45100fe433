//! A real `git merge` in a temporary repository with spantag installed as the merge driver through
//! `.gitattributes` and `git config`, as the README tells teams to do: edits on two branches to the same gold
//! file merge by spans; conflicting edits stop the merge with the conflicts recorded in a file that still
//! loads and validates.

mod cli_support;
use cli_support::spantag;

use std::path::Path;
use std::process::{Command, Output};

use spantag::model::{AnnotationFile, ConflictKind, DocRef, Span, Status};
use spantag::store::{Workspace, read_annotation_file};

const REPORT: &str = "𠮷县脱贫攻坚简报\r\n全县建立防返贫监测预警机制，贫困发生率降至0.68%。\r\n";
const GOLD_FILE: &str = "annotations/gold/report.ron";

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        // Neither the machine's nor the user's git settings may change what this test sees.
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z")
        .output()
        .expect("run git")
}

fn ok(dir: &Path, args: &[&str]) {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository holding a workspace with one report and a gold file, spantag installed as merge driver.
fn repository() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    ok(root, &["init", "-q", "-b", "main"]);
    ok(root, &["config", "user.name", "Test Analyst"]);
    ok(root, &["config", "user.email", "analyst@example.org"]);
    ok(root, &["config", "commit.gpgsign", "false"]);
    let driver = format!(
        "\"{}\" merge-driver %O %A %B %P",
        env!("CARGO_BIN_EXE_spantag")
    );
    ok(
        root,
        &["config", "merge.spantag.name", "spantag span merge"],
    );
    ok(root, &["config", "merge.spantag.driver", &driver]);
    std::fs::write(
        root.join(".gitattributes"),
        "annotations/**/*.ron merge=spantag\n*.txt -text\n",
    )
    .unwrap();
    std::fs::write(root.join("report.txt"), REPORT).unwrap();
    let ws = Workspace::open(root).unwrap();
    let text = ws.load_text("report.txt").unwrap();
    let mut gold = AnnotationFile::new(DocRef::of("report.txt", &text), "gold");
    gold.spans = vec![
        Span::new(&text, 12, 23, "Measure"),
        Span::new(&text, 24, 36, "Outcome"),
    ];
    assert_eq!(gold.spans[0].text, "建立防返贫监测预警机制");
    ws.save_annotations(&gold).unwrap();
    ok(root, &["add", "-A"]);
    ok(root, &["commit", "-q", "-m", "base"]);
    (dir, ws)
}

fn edit_gold(ws: &Workspace, change: impl FnOnce(&mut AnnotationFile)) {
    let path = ws.root().join(GOLD_FILE);
    let mut file = read_annotation_file(&path).unwrap();
    change(&mut file);
    ws.save_annotations(&file).unwrap();
}

fn commit_all(root: &Path, message: &str) {
    ok(root, &["add", "-A"]);
    ok(root, &["commit", "-q", "-m", message]);
}

fn validate(root: &Path) -> Output {
    spantag(&["validate", root.to_str().unwrap()])
}

#[test]
fn edits_on_two_branches_merge_by_spans() {
    let (dir, ws) = repository();
    let root = dir.path();
    let text = ws.load_text("report.txt").unwrap();

    ok(root, &["checkout", "-q", "-b", "figures"]);
    edit_gold(&ws, |f| f.spans.push(Span::new(&text, 31, 36, "Figure")));
    commit_all(root, "tag the figure");

    ok(root, &["checkout", "-q", "main"]);
    edit_gold(&ws, |f| {
        // Drop the measure, move the outcome's start, mark the file done.
        f.spans.retain(|s| s.label != "Measure");
        f.spans[0] = Span::new(&text, 26, 36, "Outcome");
        f.status = Status::Done;
    });
    commit_all(root, "adjust the outcome, drop the measure");

    let out = git(root, &["merge", "-q", "--no-edit", "figures"]);
    assert!(
        out.status.success(),
        "merge should be clean: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let merged = read_annotation_file(&root.join(GOLD_FILE)).unwrap();
    let keys: Vec<(usize, usize, &str)> = merged
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.as_str()))
        .collect();
    assert_eq!(keys, vec![(26, 36, "Outcome"), (31, 36, "Figure")]);
    assert_eq!(merged.status, Status::Done);
    assert!(merged.conflicts.is_empty());
    let source = std::fs::read_to_string(root.join(GOLD_FILE)).unwrap();
    assert!(
        !source.contains("<<<<<<<"),
        "no line-based conflict markers"
    );
    assert_eq!(validate(root).status.code(), Some(0));
}

#[test]
fn conflicting_edits_stop_the_merge_with_a_loadable_file() {
    let (dir, ws) = repository();
    let root = dir.path();
    let text = ws.load_text("report.txt").unwrap();

    ok(root, &["checkout", "-q", "-b", "relabel"]);
    edit_gold(&ws, |f| {
        let at = f.spans.iter().position(|s| s.label == "Outcome").unwrap();
        f.spans[at] = Span::new(&text, 24, 36, "Measure");
    });
    commit_all(root, "the outcome is a measure");

    ok(root, &["checkout", "-q", "main"]);
    edit_gold(&ws, |f| {
        let at = f.spans.iter().position(|s| s.label == "Outcome").unwrap();
        f.spans[at] = Span::new(&text, 24, 35, "Outcome");
    });
    commit_all(root, "the outcome ends before the percent sign");

    let out = git(root, &["merge", "--no-edit", "relabel"]);
    assert!(
        !out.status.success(),
        "the merge must stop for adjudication"
    );
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("CONFLICT"), "{said}");
    assert!(said.contains("Edit conflict at 24..36"), "{said}");

    let merged = read_annotation_file(&root.join(GOLD_FILE)).unwrap();
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(merged.conflicts[0].kind, ConflictKind::Edit);
    let keys: Vec<(usize, usize, &str)> = merged
        .spans
        .iter()
        .map(|s| (s.start, s.end, s.label.as_str()))
        .collect();
    assert_eq!(
        keys,
        vec![
            (12, 23, "Measure"),
            (24, 36, "Measure"),
            (24, 35, "Outcome")
        ]
    );
    assert_eq!(
        validate(root).status.code(),
        Some(0),
        "the conflicted file still validates"
    );
    // Git sees an unmerged path until someone adjudicates and adds it.
    let status = git(root, &["status", "--porcelain"]);
    assert!(String::from_utf8_lossy(&status.stdout).contains(&format!("UU {GOLD_FILE}")));
}
