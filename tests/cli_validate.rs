//! `spantag validate` and `spantag stats` as a pipeline sees them: exit status, one line per problem naming the
//! file, never a panic.

mod cli_support;
use cli_support::spantag;

use std::path::Path;
use std::process::Output;

use spantag::model::{AnnotationFile, DocRef, Span, Status};
use spantag::store::{Workspace, write_annotation_file};

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn assert_no_panic(out: &Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}

/// A workspace with one report (astral characters, CRLF) and one valid annotation file.
fn workspace() -> (tempfile::TempDir, AnnotationFile) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.txt"),
        "𠮷野家：\r\n贫困发生率降至0.68%。",
    )
    .unwrap();
    let ws = Workspace::open(dir.path()).unwrap();
    let text = ws.load_text("r.txt").unwrap();
    let mut file = AnnotationFile::new(DocRef::of("r.txt", &text), "alice");
    file.status = Status::Done;
    file.spans = vec![
        Span::new(&text, 6, 17, "Outcome"),
        Span::new(&text, 13, 18, "Figure"),
    ];
    ws.save_annotations(&file).unwrap();
    (dir, file)
}

#[test]
fn samples_validate_clean() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let out = spantag(&["validate", samples.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("0 problems"));
}

#[test]
fn valid_workspace_and_file_pass() {
    let (dir, _) = workspace();
    let out = spantag(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let ron = dir.path().join("annotations/alice/r.ron");
    let out = spantag(&["validate", ron.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn each_bad_input_gets_its_message_and_exit_1() {
    let (dir, good) = workspace();
    let ron = dir.path().join("annotations/alice/r.ron");
    let text = dir.path().join("r.txt");
    let write = |file: &AnnotationFile| write_annotation_file(&ron, file).unwrap();
    type Setup<'a> = Box<dyn Fn() + 'a>;
    let cases: Vec<(&str, Setup, &str)> = vec![
        (
            "broken RON",
            Box::new(|| std::fs::write(&ron, "(version: 1, spans: [(start: 1,").unwrap()),
            "broken RON",
        ),
        (
            "wrong version",
            Box::new(|| std::fs::write(&ron, "(version: 7)").unwrap()),
            "unknown format version 7",
        ),
        (
            "start >= end",
            Box::new(|| {
                let mut f = good.clone();
                f.spans[1].end = f.spans[1].start;
                f.spans[1].text.clear();
                write(&f)
            }),
            "start must be before end",
        ),
        (
            "past the end",
            Box::new(|| {
                let mut f = good.clone();
                f.spans[1].end = 40;
                write(&f)
            }),
            "past the end",
        ),
        (
            "text mismatch",
            Box::new(|| {
                let mut f = good.clone();
                f.spans[1].text = "0.69%".into();
                write(&f)
            }),
            "does not match",
        ),
        (
            "unknown label",
            Box::new(|| {
                let mut f = good.clone();
                f.spans[1].label = "Place".into();
                write(&f)
            }),
            "not in the schema",
        ),
        (
            "changed text",
            Box::new(|| {
                write(&good);
                std::fs::write(&text, "𠮷野家：\r\n贫困发生率降至0.58%。").unwrap();
            }),
            "changed since it was annotated",
        ),
        (
            "duplicate spans not next to each other",
            Box::new(|| {
                let mut f = good.clone();
                f.spans.push(f.spans[0].clone());
                // Written as is, not through the canonical writer (which would sort the copies together).
                std::fs::write(&ron, ron::to_string(&f).unwrap()).unwrap();
            }),
            "appears twice",
        ),
        (
            "annotator differs from its folder",
            Box::new(|| {
                let mut f = good.clone();
                f.annotator = "bob".into();
                write(&f)
            }),
            "says annotator \"bob\" but is in \"alice\"'s folder",
        ),
        (
            "document.file differs from its path",
            Box::new(|| {
                let mut f = good.clone();
                f.document.file = "other/r.txt".into();
                write(&f)
            }),
            "says it annotates \"other/r.txt\"",
        ),
        (
            "version 0",
            Box::new(|| std::fs::write(&ron, "(version: 0)").unwrap()),
            "unknown format version 0",
        ),
        (
            "a stray byte in the report",
            Box::new(|| {
                let mut bytes = "𠮷野家：\r\n贫困发生率降至0.68%。".as_bytes().to_vec();
                bytes.insert(4, 0xFF);
                std::fs::write(&text, bytes).unwrap();
            }),
            "1 undecodable byte sequence replaced by U+FFFD (first at character 1)",
        ),
        (
            "binary text",
            Box::new(|| std::fs::write(&text, b"\0\x01\x02binary").unwrap()),
            "binary",
        ),
    ];
    for (name, setup, expected) in cases {
        std::fs::write(&text, "𠮷野家：\r\n贫困发生率降至0.68%。").unwrap();
        setup();
        let out = spantag(&["validate", dir.path().to_str().unwrap()]);
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stdout(&out));
        let lines = stdout(&out);
        assert!(
            lines.contains(expected),
            "{name}: expected {expected:?} in\n{lines}"
        );
        assert!(
            lines
                .lines()
                .all(|l| l.contains("r.ron") || l.contains("r.txt")),
            "{name}: every line names the file:\n{lines}"
        );
    }
}

#[test]
fn missing_path_is_usage_error() {
    let out = spantag(&["validate", "/no/such/place"]);
    assert_eq!(out.status.code(), Some(2));
    let out = spantag(&["validate"]);
    assert_eq!(out.status.code(), Some(2), "clap usage error");
}

#[test]
fn stats_counts_labels_annotators_and_status() {
    let (dir, _) = workspace();
    let out = spantag(&["stats", "--json", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["documents"], 1);
    assert_eq!(json["labels"]["Figure"], 1);
    assert_eq!(json["labels"]["Outcome"], 1);
    assert_eq!(json["labels"]["Measure"], 0);
    assert_eq!(json["annotators"]["alice"]["spans"], 2);
    assert_eq!(json["status"]["done"], 1);
}

#[cfg(feature = "gui")]
#[test]
fn a_bad_workbench_annotator_is_a_usage_error_before_any_window() {
    let out = spantag(&["--annotator", "a/b"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--annotator") && err.contains("must not contain"),
        "{err}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_spantag"))
        .env("SPANTAG_ANNOTATOR", ".hidden")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("SPANTAG_ANNOTATOR") && err.contains("dot"),
        "{err}"
    );
}

#[test]
fn stats_by_report_shows_each_analyst_and_gold() {
    let team = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/team");
    let out = spantag(&["stats", "--by-report", team.to_str().unwrap()]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("report") && lines[0].ends_with("gold"),
        "{text}"
    );
    assert!(
        lines[0].contains("alice") && lines[0].contains("carol"),
        "{text}"
    );
    // carol has no file for the notice: a dash in her column.
    let notice = lines
        .iter()
        .find(|l| l.starts_with("notice.txt"))
        .expect("a row per report");
    assert!(notice.contains(" - "), "{notice}");
    assert!(text.contains("gold: 0 of 2 reports"), "{text}");
    let out = spantag(&["stats", "--by-report", "--json", team.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["annotators"],
        serde_json::json!(["alice", "bob", "carol"])
    );
    assert_eq!(json["reports"].as_array().unwrap().len(), 2);
    let notice = json["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["document"] == "notice.txt")
        .unwrap();
    assert!(notice["analysts"]["carol"].is_null());
    assert!(notice["analysts"]["alice"]["spans"].as_u64().unwrap() > 0);
}

#[test]
fn validate_file_and_validate_workspace_agree_on_identity() {
    let (dir, good) = workspace();
    let ron = dir.path().join("annotations/alice/r.ron");
    let mut f = good.clone();
    f.annotator = "bob".into();
    write_annotation_file(&ron, &f).unwrap();
    for target in [dir.path(), ron.as_path()] {
        let out = spantag(&["validate", target.to_str().unwrap()]);
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        assert!(stdout(&out).contains("says annotator"), "{}", stdout(&out));
    }
}

#[test]
fn an_annotation_file_with_a_byte_order_mark_is_read() {
    let (dir, _) = workspace();
    let ron = dir.path().join("annotations/alice/r.ron");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(std::fs::read(&ron).unwrap());
    std::fs::write(&ron, bytes).unwrap();
    let out = spantag(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn stats_reports_encodings_and_replaced_bytes() {
    let (dir, _) = workspace();
    let (gbk, _, _) = encoding_rs::GBK.encode("贫困发生率降至0.68%，彻底解决了84725人饮水问题。");
    std::fs::write(dir.path().join("g.txt"), &gbk).unwrap();
    let mut bad = "天桥区：贫困发生率降至0.68%。".as_bytes().to_vec();
    bad.insert(9, 0xFF);
    std::fs::write(dir.path().join("u.txt"), bad).unwrap();
    let out = spantag(&["stats", "--json", dir.path().to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["encodings"]["GBK"], 1, "{json}");
    assert_eq!(json["encodings"]["UTF-8"], 2, "{json}");
    let replaced = json["replaced"].to_string();
    assert!(
        replaced.contains("u.txt") && replaced.contains("first at character 3"),
        "{replaced}"
    );
    let out = spantag(&["validate", dir.path().to_str().unwrap()]);
    let lines = stdout(&out);
    assert!(
        lines.contains("note: ") && lines.contains("g.txt: read as GBK"),
        "{lines}"
    );
    assert!(
        lines.contains("u.txt: read as UTF-8; 1 undecodable"),
        "{lines}"
    );
}

#[test]
fn relation_faults_are_named_with_the_file_and_old_files_load_unchanged() {
    use spantag::model::{Relation, SpanKey};
    let (dir, mut file) = workspace();
    let ron = dir.path().join("annotations/alice/r.ron");
    let before = std::fs::read_to_string(&ron).unwrap();
    assert!(!before.contains("relations"), "no relations, no field");
    let parsed = spantag::store::read_annotation_file(&ron).unwrap();
    assert!(parsed.relations.is_empty());
    assert_eq!(
        spantag::store::annotation_ron(&ron, &parsed).unwrap(),
        before,
        "a file without relations is written back byte for byte"
    );

    let outcome = file.spans[0].key();
    let figure = file.spans[1].key();
    file.relations = vec![Relation::new(figure.clone(), outcome.clone(), "Quantifies")];
    write_annotation_file(&ron, &file).unwrap();
    let out = spantag(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let written = std::fs::read_to_string(&ron).unwrap();
    assert!(written.contains("type: \"Quantifies\""), "{written}");

    let ghost = SpanKey {
        start: 0,
        end: 1,
        label: "Figure".into(),
    };
    file.relations = vec![
        Relation::new(ghost, outcome.clone(), "Quantifies"),
        Relation::new(figure.clone(), outcome.clone(), "Causes"),
        Relation::new(outcome.clone(), figure.clone(), "Quantifies"),
        Relation::new(figure.clone(), outcome.clone(), "Quantifies"),
        Relation {
            note: Some("the same link again, with a note".into()),
            ..Relation::new(figure.clone(), outcome.clone(), "Quantifies")
        },
    ];
    write_annotation_file(&ron, &file).unwrap();
    let out = spantag(&["validate", dir.path().to_str().unwrap()]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let said = stdout(&out);
    for expected in [
        "end is not a span of this file",
        "\"Causes\" is not in the schema",
        "may not go from a Outcome span to a Figure span",
        "appears twice",
    ] {
        assert!(
            said.lines()
                .any(|l| l.contains(expected) && l.contains("r.ron")),
            "{expected}: {said}"
        );
    }
}
