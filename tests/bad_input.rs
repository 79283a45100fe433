//! What spantag does with hostile input: files it writes keep their permissions, links cannot lead reads or
//! writes out of the workspace, a closed output pipe never stops work half done, interrupted runs' temporary
//! files are cleaned, a looping link does not hang `validate`, and each bad input gets one clear message.

mod cli_support;
use cli_support::spantag;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use spantag::model::{AnnotationFile, DocRef, Span, Status};
use spantag::store::{StagingDir, Workspace, atomic_write, clean_stale_temps};

fn text_of(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn assert_no_panic(out: &Output) {
    let all = text_of(out);
    assert!(!all.contains("panicked"), "{all}");
    assert_ne!(out.status.code(), Some(101), "{all}");
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// A workspace of `reports` reports, each annotated by alice and bob (who disagree on one span).
fn team_workspace(reports: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path()).unwrap();
    for i in 0..reports {
        let doc = format!("r{i:03}.txt");
        std::fs::write(
            dir.path().join(&doc),
            format!("𠮷野家：贫困发生率降至0.{i}8%。"),
        )
        .unwrap();
        let text = ws.load_text(&doc).unwrap();
        for (annotator, end) in [("alice", 4), ("bob", 5)] {
            let mut file = AnnotationFile::new(DocRef::of(doc.clone(), &text), annotator);
            file.status = Status::Done;
            file.spans = vec![Span::new(&text, 0, end, "Measure")];
            ws.save_annotations(&file).unwrap();
        }
    }
    dir
}

#[test]
fn a_replaced_file_keeps_its_mode_and_a_new_file_follows_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    // What the umask makes of a new file: the reference every new spantag file must match.
    let reference = dir.path().join("reference");
    std::fs::File::create(&reference).unwrap();
    let fresh = dir.path().join("new.ron");
    atomic_write(&fresh, b"new").unwrap();
    assert_eq!(
        format!("{:o}", mode(&fresh)),
        format!("{:o}", mode(&reference))
    );

    let shared = dir.path().join("shared.ron");
    std::fs::write(&shared, "old").unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o664)).unwrap();
    atomic_write(&shared, b"new").unwrap();
    assert_eq!(format!("{:o}", mode(&shared)), "664");
    assert_eq!(std::fs::read(&shared).unwrap(), b"new");

    // The same through a command: merge replacing a shared gold file.
    let ws = team_workspace(1);
    let gold = ws.path().join("annotations/gold/r000.ron");
    std::fs::create_dir_all(gold.parent().unwrap()).unwrap();
    std::fs::write(&gold, "(version: 1)").unwrap();
    std::fs::set_permissions(&gold, std::fs::Permissions::from_mode(0o664)).unwrap();
    let out = spantag(&["merge", "--force", ws.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text_of(&out));
    assert_eq!(format!("{:o}", mode(&gold)), "664");
    let alice = ws.path().join("annotations/alice/r000.ron");
    assert_eq!(
        format!("{:o}", mode(&alice)),
        format!("{:o}", mode(&reference))
    );
}

fn age(path: &Path, by: Duration) {
    let when = SystemTime::now() - by;
    std::fs::File::open(path)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

#[test]
fn stale_temporary_files_are_cleaned_and_live_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let hour = Duration::from_secs(3600);
    for name in [
        ".spantag-dead.tmp",
        ".spantag-live.tmp",
        ".spantag-fresh.tmp",
        ".other.tmp",
    ] {
        std::fs::write(d.join(name), "partial").unwrap();
    }
    for name in [".spantag-export-dead", ".spantag-export-live"] {
        std::fs::create_dir(d.join(name)).unwrap();
        std::fs::write(d.join(name).join("a.ann"), "T1").unwrap();
    }
    for name in [
        ".spantag-dead.tmp",
        ".spantag-live.tmp",
        ".other.tmp",
        ".spantag-export-dead",
        ".spantag-export-live",
    ] {
        age(&d.join(name), hour);
    }
    // A live process's files: it holds a lock on each.
    let live_file = std::fs::File::open(d.join(".spantag-live.tmp")).unwrap();
    live_file.lock().unwrap();
    let live_dir = std::fs::File::open(d.join(".spantag-export-live")).unwrap();
    live_dir.lock().unwrap();

    atomic_write(&d.join("doc.ron"), b"saved").unwrap();
    let left: std::collections::BTreeSet<String> = std::fs::read_dir(d)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let expected: std::collections::BTreeSet<String> = [
        ".other.tmp",
        ".spantag-export-live",
        ".spantag-fresh.tmp",
        ".spantag-live.tmp",
        "doc.ron",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(left, expected);

    // A staging folder in use is locked too: another run's cleaning leaves it.
    let other = tempfile::tempdir().unwrap();
    let staging = StagingDir::new_in(other.path()).unwrap();
    age(staging.path(), hour);
    clean_stale_temps(other.path());
    assert!(staging.path().is_dir());
}

#[test]
fn a_report_linked_outside_the_workspace_is_refused_and_named() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "root:x:0:0:绝密").unwrap();
    let ws = tempfile::tempdir().unwrap();
    std::fs::write(ws.path().join("a.txt"), "贫困发生率").unwrap();
    symlink(&secret, ws.path().join("p.txt")).unwrap();
    symlink(ws.path().join("a.txt"), ws.path().join("inside.txt")).unwrap();
    let root = ws.path().to_str().unwrap();

    let out = spantag(&["validate", root]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "{}", text_of(&out));
    let lines = text_of(&out);
    assert!(
        lines.contains("p.txt: leads outside the workspace"),
        "{lines}"
    );
    assert!(
        !lines.contains("inside.txt"),
        "a link inside the workspace is fine: {lines}"
    );

    let out = spantag(&["export", "--format", "jsonl", root]);
    assert_no_panic(&out);
    assert!(!text_of(&out).contains("绝密"), "{}", text_of(&out));
    assert!(text_of(&out).contains("p.txt"), "{}", text_of(&out));
}

#[test]
fn import_does_not_write_through_a_folder_linked_outside() {
    let outside = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    std::fs::create_dir(&ws).unwrap();
    symlink(outside.path(), ws.join("sub")).unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        r#"{"id": "sub/x.txt", "text": "523人", "annotator": "alice", "spans": []}"#,
    )
    .unwrap();
    let out = spantag(&[
        "import",
        "--format",
        "jsonl",
        input.to_str().unwrap(),
        "--into",
        ws.to_str().unwrap(),
    ]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "{}", text_of(&out));
    assert!(
        text_of(&out).contains("leads outside the workspace"),
        "{}",
        text_of(&out)
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

/// Runs spantag with its standard output a pipe whose reader is already gone.
fn with_closed_stdout(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_spantag"))
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("run spantag")
}

#[test]
fn a_closed_pipe_ends_output_quietly_and_the_work_finishes() {
    let ws = team_workspace(6);
    let root = ws.path().to_str().unwrap();
    let out = with_closed_stdout(&["merge", "--force", root]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", text_of(&out));
    for i in 0..6 {
        let gold = ws.path().join(format!("annotations/gold/r{i:03}.ron"));
        assert!(gold.is_file(), "merge stopped before {}", gold.display());
    }
    for args in [
        vec!["validate", root],
        vec!["stats", root],
        vec!["agree", root],
        vec!["export", "--format", "jsonl", root],
    ] {
        let out = with_closed_stdout(&args);
        assert_no_panic(&out);
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{args:?}: {}",
            text_of(&out)
        );
    }
}

#[test]
fn validate_does_not_follow_linked_folders() {
    let ws = team_workspace(2);
    let alice = ws.path().join("annotations/alice");
    symlink(".", alice.join("l1")).unwrap();
    symlink(".", alice.join("l2")).unwrap();
    symlink("..", alice.join("up")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_spantag"))
        .args(["validate", ws.path().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("validate did not finish in a minute: it follows the looping links");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text_of(&out));
    assert!(
        !text_of(&out).contains("no report in the workspace"),
        "{}",
        text_of(&out)
    );
}

#[test]
fn each_bad_input_is_said_once_with_what_to_do() {
    let ws = team_workspace(1);
    let root = ws.path().to_str().unwrap();
    // A report whose name can have no annotation file: one line, however many annotators.
    std::fs::write(ws.path().join("a:b.txt"), "523人").unwrap();
    let out = spantag(&["validate", root]);
    assert_no_panic(&out);
    let lines = text_of(&out);
    assert_eq!(lines.matches("a:b.txt").count(), 1, "{lines}");
    assert!(lines.contains("rename it"), "{lines}");
    let out = spantag(&["stats", root]);
    assert_eq!(
        text_of(&out).matches("a:b.txt").count(),
        1,
        "{}",
        text_of(&out)
    );
    let out = spantag(&["agree", root]);
    assert_eq!(
        text_of(&out).matches("a:b.txt").count(),
        1,
        "{}",
        text_of(&out)
    );
    std::fs::remove_file(ws.path().join("a:b.txt")).unwrap();

    // An OS error is quoted once.
    let alice = ws.path().join("annotations/alice/r000.ron");
    let bob = ws.path().join("annotations/bob/r000.ron");
    let blocked = ws.path().join("r000.txt/out.ron");
    let out = spantag(&[
        "merge",
        alice.to_str().unwrap(),
        bob.to_str().unwrap(),
        "--out",
        blocked.to_str().unwrap(),
    ]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "{}", text_of(&out));
    let lines = text_of(&out);
    assert_eq!(lines.matches("(os error").count(), 1, "{lines}");

    // The same bad annotator name is the same usage error for every command.
    let input = ws.path().join("in.jsonl");
    std::fs::write(&input, r#"{"id": "n.txt", "text": "523人", "spans": []}"#).unwrap();
    let into = tempfile::tempdir().unwrap();
    let into = into.path().to_str().unwrap();
    let import = spantag(&[
        "import",
        "--format",
        "jsonl",
        input.to_str().unwrap(),
        "--into",
        into,
        "--annotator",
        "../x",
    ]);
    let merge = spantag(&["merge", root, "--annotator", "../x"]);
    assert_eq!(import.status.code(), Some(2), "{}", text_of(&import));
    assert_eq!(merge.status.code(), Some(2), "{}", text_of(&merge));
}

#[test]
fn an_import_that_cannot_save_annotations_says_the_text_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    std::fs::create_dir(&ws).unwrap();
    // `annotations` is a file: no annotation file can be saved (root ignores read-only folders).
    std::fs::write(ws.join("annotations"), "").unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        r#"{"id": "n.txt", "text": "523人", "annotator": "alice", "spans": [{"start": 0, "end": 3, "label": "Figure"}]}"#,
    )
    .unwrap();
    let out = spantag(&[
        "import",
        "--format",
        "jsonl",
        input.to_str().unwrap(),
        "--into",
        ws.to_str().unwrap(),
    ]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "{}", text_of(&out));
    assert!(
        text_of(&out).contains("the text is in the workspace but its annotations are not"),
        "{}",
        text_of(&out)
    );
}
