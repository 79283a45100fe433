//! `spantag import` on bad input: every invalid, duplicate or out-of-range span, unsafe document id, conflicting
//! text or existing file is reported by file and line with exit status 1, the valid rest is still written, and
//! nothing is written outside the workspace.

mod corpus_support;

use std::path::Path;

use corpus_support::{REPORT, char_offset, read_tree, spantag};
use serde_json::json;
use spantag::store::{Workspace, parse_annotation_file};

fn import(
    format: &str,
    input: &Path,
    into: &Path,
    extra: &[&str],
) -> (Option<i32>, String, String) {
    let mut args = vec![
        "import",
        "--format",
        format,
        input.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = spantag(&args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn spans_of(root: &Path, annotator: &str, doc: &str) -> Vec<(usize, usize, String)> {
    let path = root
        .join("annotations")
        .join(annotator)
        .join(doc.replace(".txt", ".ron"));
    let file = parse_annotation_file(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    file.spans
        .into_iter()
        .map(|s| (s.start, s.end, s.label.to_string()))
        .collect()
}

#[test]
fn bad_spans_are_reported_by_line_and_the_rest_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let figure = char_offset(REPORT, "0.68%");
    let len = REPORT.chars().count();
    let record = json!({
        "id": "r.txt", "text": REPORT, "annotator": "alice", "status": "done",
        "spans": [
            {"start": figure, "end": figure + 5, "label": "Figure", "text": "0.68%"},
            {"start": figure, "end": figure + 5, "label": "Figure", "text": "0.68%"},
            {"start": figure, "end": figure, "label": "Figure"},
            {"start": len - 1, "end": len + 3, "label": "Figure"},
            {"start": figure + 1, "end": figure + 6, "label": "Figure", "text": "0.68%"},
            {"start": 0, "end": 1, "label": "Place"},
            {"start": -1, "end": 2, "label": "Figure"},
        ],
    });
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, format!("{record}\n\nnot json at all\n")).unwrap();
    // A workspace with its own spantag.ron (the guidelines' labels): a label it lacks is reported.
    let ws = dir.path().join("ws");
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::write(ws.join("spantag.ron"), "()\n").unwrap();
    let (code, stdout, stderr) = import("jsonl", &input, &ws, &[]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let at1 = format!("{}:1: ", input.display());
    let expected = [
        (at1.as_str(), "span 2 "),
        (at1.as_str(), "repeats span 1; imported once"),
        (at1.as_str(), "start must be before end"),
        (at1.as_str(), "ends past the end of the text"),
        (at1.as_str(), "does not match the report"),
        (
            at1.as_str(),
            "label \"Place\" is not in the workspace's schema",
        ),
        (at1.as_str(), "span 7: cannot be read"),
    ];
    for (at, message) in expected {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(at) && l.contains(message)),
            "no {message:?} at {at}: {stdout}"
        );
    }
    assert!(
        stdout.contains(&format!(
            "{}:3: not a spantag jsonl document",
            input.display()
        )),
        "{stdout}"
    );
    assert!(stderr.contains("7 problems"), "{stderr}");
    assert_eq!(
        spans_of(&ws, "alice", "r.txt"),
        [(figure, figure + 5, "Figure".to_owned())]
    );
    assert_eq!(std::fs::read_to_string(ws.join("r.txt")).unwrap(), REPORT);
}

#[test]
fn document_ids_cannot_escape_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("deep/ws");
    let input = dir.path().join("in.jsonl");
    let lines: Vec<String> = [
        "../../etc/x",
        "/tmp/absolute",
        "annotations/alice/x",
        "ok/fine",
    ]
    .iter()
    .map(|id| {
        json!({"id": id, "text": "523人", "annotator": "alice", "status": "done",
                         "spans": [{"start": 0, "end": 4, "label": "Figure"}]})
        .to_string()
    })
    .collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let before = read_tree(dir.path());
    let (code, stdout, _) = import("jsonl", &input, &ws, &[]);
    assert_eq!(code, Some(1));
    for line in 1..=3 {
        assert!(
            stdout.contains(&format!("in.jsonl:{line}: document id")),
            "{stdout}"
        );
    }
    let after = read_tree(dir.path());
    let new: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert_eq!(
        new,
        [
            "deep/ws/annotations/alice/ok/fine.ron",
            "deep/ws/ok/fine.txt",
            "deep/ws/spantag.ron"
        ]
    );
    assert!(!Path::new("/tmp/absolute.txt").exists());
}

#[test]
fn a_different_text_or_existing_file_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::write(ws.join("a.txt"), "不同的文本").unwrap();
    let input = dir.path().join("in.jsonl");
    let record = |id: &str, end: usize| {
        json!({"id": id, "text": "523人。", "annotator": "alice", "status": "done",
               "spans": [{"start": 0, "end": end, "label": "Figure"}]})
        .to_string()
    };
    std::fs::write(
        &input,
        format!(
            "{}\n{}\n{}\n",
            record("a.txt", 4),
            record("b.txt", 4),
            record("b.txt", 3)
        ),
    )
    .unwrap();
    let (code, stdout, _) = import("jsonl", &input, &ws, &[]);
    assert_eq!(code, Some(1));
    assert!(
        stdout
            .contains("in.jsonl:1: document \"a.txt\": the workspace already has a different text"),
        "{stdout}"
    );
    assert!(
        stdout.contains("in.jsonl:3: document \"b.txt\" appears again (first at"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(ws.join("a.txt")).unwrap(),
        "不同的文本"
    );
    assert_eq!(
        spans_of(&ws, "alice", "b.txt"),
        [(0, 4, "Figure".to_owned())]
    );

    // Importing other spans for b.txt: refused unless --overwrite.
    std::fs::write(&input, format!("{}\n", record("b.txt", 3))).unwrap();
    let (code, stdout, _) = import("jsonl", &input, &ws, &[]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("already exists with other annotations; not replaced"),
        "{stdout}"
    );
    assert_eq!(
        spans_of(&ws, "alice", "b.txt"),
        [(0, 4, "Figure".to_owned())]
    );
    let (code, _, _) = import("jsonl", &input, &ws, &["--overwrite"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        spans_of(&ws, "alice", "b.txt"),
        [(0, 3, "Figure".to_owned())]
    );
}

#[test]
fn doccano_offsets_inside_a_surrogate_pair_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("doccano.jsonl");
    // 𠮷523人: in UTF-16 the figure is 2..6; offset 1 falls inside 𠮷.
    let lines = [
        json!({"id": 7, "text": "𠮷523人", "label": [[2, 6, "Figure"], [1, 3, "Figure"]]}),
        json!({"text": "𠮷523人", "label": [{"start_offset": 2, "end_offset": 9, "label": "Figure"}]}),
    ];
    std::fs::write(&input, lines.map(|l| l.to_string()).join("\n")).unwrap();
    let ws = dir.path().join("ws");
    let (code, stdout, _) = import("doccano", &input, &ws, &["--annotator", "dana"]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("doccano.jsonl:1: label 2: UTF-16 offset 1 falls inside a surrogate pair"),
        "{stdout}"
    );
    assert!(stdout.contains("try --offsets codepoint"), "{stdout}");
    assert!(
        stdout.contains("doccano.jsonl:2: label 1: UTF-16 offset 9 is past the end"),
        "{stdout}"
    );
    assert_eq!(
        spans_of(&ws, "dana", "7.txt"),
        [(1, 5, "Figure".to_owned())]
    );
    assert!(
        ws.join("doccano-2.txt").exists(),
        "a document without id is named after the file and line"
    );
}

#[test]
fn brat_reports_what_spantag_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let brat = dir.path().join("brat");
    std::fs::create_dir_all(&brat).unwrap();
    std::fs::write(brat.join("a.txt"), "贫困发生率降至0.68%。").unwrap();
    std::fs::write(
        brat.join("a.ann"),
        "T1\tOutcome 0 12\t贫困发生率降至0.68%\nT2\tFigure 7 12\t0.68%\nR1\tQuantifies Arg1:T2 Arg2:T1\n\
         T3\tFigure 0 2;7 9\t贫困 0.\n#1\tAnnotatorNotes T2\t一\\n二\n#2\tAnnotatorNotes T9\t孤儿\nT4\tFigure 7 12\t0.69%\n\
         R2\tQuantifies Arg1:T3 Arg2:T1\nA1\tNegated T1\nR3\tQuantifies Arg1:T1 Arg2:T2\n",
    )
    .unwrap();
    std::fs::write(brat.join("orphan.ann"), "T1\tFigure 0 1\tx\n").unwrap();
    let ws = dir.path().join("ws");
    let (code, _, _) = import("brat", &brat, &ws, &[]);
    assert_eq!(
        code,
        Some(2),
        "brat records no annotator: --annotator is required"
    );
    let (code, stdout, _) = import("brat", &brat, &ws, &["--annotator", "erin"]);
    assert_eq!(code, Some(1));
    let ann = brat.join("a.ann").display().to_string();
    for (line, message) in [
        (8, "R2: its span T3 was not imported"),
        (
            9,
            "A1: events, attributes and normalizations are not part of spantag's model",
        ),
        (
            10,
            "R3: a Quantifies link may not go from a Outcome span to a Figure span",
        ),
        (4, "T3: a discontinuous span"),
        (6, "note for T9, which is not in the file"),
        (
            7,
            "T4 7..12 \"Figure\": text \"0.69%\" does not match the report",
        ),
    ] {
        assert!(
            stdout.contains(&format!("{ann}:{line}: {message}")),
            "no {message:?}: {stdout}"
        );
    }
    assert!(stdout.contains("orphan.ann: no text file"), "{stdout}");
    let workspace = Workspace::open(&ws).unwrap();
    let text = workspace.load_text("a.txt").unwrap();
    let file = workspace
        .load_annotations("erin", "a.txt", &text)
        .unwrap()
        .unwrap();
    assert_eq!(file.spans.len(), 2);
    assert_eq!(file.spans[1].note.as_deref(), Some("一\n二"));
    // R1 links the figure to the outcome it quantifies.
    assert_eq!(file.relations.len(), 1);
    assert_eq!(file.relations[0].from, file.spans[1].key());
    assert_eq!(file.relations[0].to, file.spans[0].key());
}

#[test]
fn label_studio_regions_predictions_and_lines() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ls.json");
    let tasks = json!([
        {"id": 11, "data": {"text": "523人脱贫"},
         "annotations": [{"result": [
             {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
              "value": {"start": 0, "end": 4, "text": "523人", "labels": ["Figure", "Outcome"]}},
             {"id": "a", "from_name": "note", "to_name": "text", "type": "textarea",
              "value": {"start": 0, "end": 4, "text": ["第一行", "第二行"]}},
             {"id": "b", "from_name": "kind", "to_name": "text", "type": "choices", "value": {"choices": ["x"]}}
         ]}, {"result": []}],
         "predictions": [{"result": []}]}
    ]);
    std::fs::write(&input, serde_json::to_string_pretty(&tasks).unwrap()).unwrap();
    let ws = dir.path().join("ws");
    let (code, stdout, _) = import(
        "label-studio",
        &input,
        &ws,
        &["--annotator", "fay", "--status", "in-progress"],
    );
    assert_eq!(code, Some(1));
    let source = std::fs::read_to_string(&input).unwrap();
    let choices_line = source
        .lines()
        .position(|l| l.contains("\"choices\""))
        .unwrap();
    // The region object starts a few lines above its "choices" key; the reported line is where it starts.
    let region_line = source
        .lines()
        .take(choices_line)
        .collect::<Vec<_>>()
        .iter()
        .rposition(|l| l.trim() == "{")
        .unwrap()
        + 1;
    assert!(
        stdout.contains(&format!(
            "ls.json:{region_line}: region b: result type choices"
        )),
        "{stdout}"
    );
    assert!(stdout.contains("1 prediction not imported"), "{stdout}");
    assert!(
        stdout.contains("1 more annotation not imported"),
        "{stdout}"
    );
    let workspace = Workspace::open(&ws).unwrap();
    let text = workspace.load_text("task-11.txt").unwrap();
    let file = workspace
        .load_annotations("fay", "task-11.txt", &text)
        .unwrap()
        .unwrap();
    assert_eq!(file.status, spantag::model::Status::InProgress);
    let labels: Vec<&str> = file.spans.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Figure", "Outcome"],
        "one span per label of the region"
    );
    assert!(
        file.spans
            .iter()
            .all(|s| s.note.as_deref() == Some("第一行\n第二行"))
    );
}

#[test]
fn formats_that_cannot_be_imported_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("c.csv");
    std::fs::write(&input, "document,annotator,label,start,end,text\n").unwrap();
    let (code, _, stderr) = import("csv", &input, &dir.path().join("ws"), &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("cannot be imported"), "{stderr}");
    assert!(!dir.path().join("ws").exists());
}

#[test]
fn doccano_offsets_of_2_to_the_32_do_not_wrap() {
    // The example: 2^32 and 2^32 + 65 once wrapped to 0 and 65 (0..64 in code points).
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("doccano.jsonl");
    let text = format!("𠮷{}", "人".repeat(63));
    let line =
        json!({"id": "w", "text": text, "label": [[4294967296u64, 4294967361u64, "Outcome"]]});
    std::fs::write(&input, line.to_string()).unwrap();
    for offsets in [&[][..], &["--offsets", "codepoint"][..]] {
        let ws = dir.path().join(format!("ws{}", offsets.len()));
        let mut extra = vec!["--annotator", "dana", "--status", "done"];
        extra.extend_from_slice(offsets);
        let (code, stdout, stderr) = import("doccano", &input, &ws, &extra);
        assert_eq!(code, Some(1), "{offsets:?}: {stdout}{stderr}");
        assert!(
            stdout.contains("doccano.jsonl:1: label 1") && stdout.contains("4294967296"),
            "{offsets:?}: {stdout}"
        );
        assert!(spans_of(&ws, "dana", "w.txt").is_empty(), "{offsets:?}");
    }
}

/// Documents the workspace could not use once written: each is refused, named, and nothing of it is written.
#[test]
fn documents_the_workspace_cannot_use_are_refused_by_name() {
    let cases = [
        ("bom.txt", "\u{feff}共523人", "byte-order mark (U+FEFF)"),
        (
            "nul.txt",
            "共523\0人",
            "NUL character (U+0000) at character 4",
        ),
        ("target/t.txt", "共523人", "under target/"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let mut lines: Vec<String> = cases
        .iter()
        .map(|(id, text, _)| {
            json!({"id": id, "text": text, "spans": [{"start": 1, "end": 4, "label": "Figure"}]})
                .to_string()
        })
        .collect();
    lines.push(
        json!({"id": "ok.txt", "text": "共523人", "spans": [{"start": 1, "end": 4, "label": "Figure"}]})
            .to_string(),
    );
    std::fs::write(&input, lines.join("\n")).unwrap();
    let ws = dir.path().join("ws");
    let (code, stdout, stderr) = import("jsonl", &input, &ws, &["--annotator", "dana"]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    for (line, (id, _, why)) in cases.iter().enumerate() {
        let problem = stdout
            .lines()
            .find(|l| l.contains(&format!("in.jsonl:{}:", line + 1)))
            .unwrap_or_else(|| panic!("no problem for {id}: {stdout}"));
        assert!(problem.contains(&format!("{id:?}")), "{problem}");
        assert!(problem.contains(why), "{problem}");
        assert!(problem.ends_with("not imported"), "{problem}");
        assert!(!ws.join(id).exists(), "{id} written");
    }
    assert!(stderr.contains("3 problems"), "{stderr}");
    // What was imported is what the workspace then reads: one report, unchanged since annotated.
    let workspace = Workspace::open(&ws).unwrap();
    assert_eq!(workspace.documents(), ["ok.txt"]);
    let text = workspace.load_text("ok.txt").unwrap();
    let file = workspace.load_annotations("dana", "ok.txt", &text).unwrap();
    assert_eq!(file.map(|f| f.spans.len()), Some(1));
}

#[test]
fn import_help_lists_only_the_formats_it_reads() {
    let out = spantag(&["import", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for name in ["jsonl", "doccano", "brat", "conll", "label-studio"] {
        assert!(
            help.contains(&format!("- {name}:")),
            "{name} missing: {help}"
        );
    }
    assert!(!help.contains("- csv:"), "csv listed: {help}");
    assert!(!help.contains(", csv"), "csv listed: {help}");
    // Export writes them all.
    let out = spantag(&["export", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for name in ["jsonl", "doccano", "brat", "conll", "label-studio", "csv"] {
        assert!(
            help.contains(&format!("- {name}:")),
            "{name} missing: {help}"
        );
    }
}

/// A new workspace appears whole: built in a staging folder beside it and renamed into place, so no staging
/// folder is left behind and every file is there; a second import into it (now existing) adds files one by one.
#[test]
fn an_import_into_a_new_folder_appears_whole_and_leaves_no_staging_folder() {
    let dir = tempfile::tempdir().unwrap();
    let figure = char_offset(REPORT, "0.68%");
    let line = |id: &str, who: &str| {
        json!({
            "id": id, "text": REPORT, "annotator": who,
            "spans": [{"start": figure, "end": figure + 5, "label": "Figure"}],
        })
        .to_string()
    };
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        format!(
            "{}\n{}\n",
            line("a.txt", "alice"),
            line("sub/b.txt", "alice")
        ),
    )
    .unwrap();
    let into = dir.path().join("new-ws");
    let (code, _, stderr) = import("jsonl", &input, &into, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".spantag")),
        "a staging folder was left: {names:?}"
    );
    assert_eq!(
        spans_of(&into, "alice", "a.txt"),
        vec![(figure, figure + 5, "Figure".into())]
    );
    assert_eq!(
        spans_of(&into, "alice", "sub/b.txt"),
        vec![(figure, figure + 5, "Figure".into())]
    );
    // Into the workspace that now exists: another analyst's files are added beside the first ones.
    let second = dir.path().join("bob.jsonl");
    std::fs::write(&second, format!("{}\n", line("a.txt", "bob"))).unwrap();
    let (code, _, stderr) = import("jsonl", &second, &into, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(spans_of(&into, "bob", "a.txt").len(), 1);
    assert_eq!(spans_of(&into, "alice", "a.txt").len(), 1);
    assert_eq!(
        Workspace::open(&into).unwrap().documents(),
        ["a.txt", "sub/b.txt"]
    );
}

/// An input that is not UTF-8 stops the import, saying where (the fast check passes only valid text on).
#[test]
fn an_input_that_is_not_utf8_is_refused_with_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let mut bytes = b"{\"id\": \"a\", \"text\": \"".to_vec();
    bytes.extend_from_slice("贫困".as_bytes());
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b"\"}\n");
    std::fs::write(&input, bytes).unwrap();
    let (code, stdout, stderr) = import("jsonl", &input, &dir.path().join("ws"), &[]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("in.jsonl: not UTF-8 text (line 1); export it as UTF-8"),
        "{stderr}"
    );
    assert!(!dir.path().join("ws").exists());
}

/// A label that cannot be a label's name (a space in it) is not declared in the new workspace's `spantag.ron`;
/// its span is reported and the others are imported.
#[test]
fn a_label_with_a_space_is_reported_not_declared() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let record = json!({
        "id": "r.txt", "text": "523人脱贫", "annotator": "alice",
        "spans": [
            {"start": 0, "end": 4, "label": "Figure"},
            {"start": 4, "end": 6, "label": "Out come"},
        ],
    });
    std::fs::write(&input, format!("{record}\n")).unwrap();
    let ws = dir.path().join("ws");
    let (code, stdout, stderr) = import("jsonl", &input, &ws, &[]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("label \"Out come\" cannot be a label's name"),
        "{stdout}"
    );
    let workspace = Workspace::open(&ws).unwrap();
    assert_eq!(workspace.schema().names().collect::<Vec<_>>(), ["Figure"]);
    assert_eq!(
        spans_of(&ws, "alice", "r.txt"),
        [(0, 4, "Figure".to_owned())]
    );
}

#[test]
fn links_that_cannot_be_kept_are_reported_and_the_rest_imported() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("links.jsonl");
    let line = serde_json::json!({
        "id": "r.txt",
        "text": "𠮷贫困发生率降至0.68%。\r\n",
        "annotator": "dana",
        "spans": [
            {"start": 1, "end": 13, "label": "Outcome"},
            {"start": 8, "end": 13, "label": "Figure"},
            {"start": 8, "end": 99, "label": "Figure"}
        ],
        "relations": [
            {"from": 1, "to": 0, "label": "Quantifies", "note": "降至"},
            {"from": 1, "to": 0, "label": "Quantifies"},
            {"from": 2, "to": 0, "label": "Quantifies"},
            {"from": 1, "to": 7, "label": "Quantifies"},
            {"from": 1, "to": 0, "label": "Causes"},
            {"from": 0, "to": 1, "label": "Quantifies"},
            {"from": "x"}
        ]
    });
    std::fs::write(&input, format!("{line}\n")).unwrap();
    let ws = dir.path().join("ws");
    let (code, stdout, _) = import("jsonl", &input, &ws, &[]);
    assert_eq!(code, Some(1), "{stdout}");
    for message in [
        "relation 2 repeats relation 1; imported once",
        "relation 3: its from span (span 3) was not imported",
        "relation 4: its to span is not in the document",
        "relation 5: relation type \"Causes\" is not in the workspace's schema",
        "relation 6: a Quantifies link may not go from a Outcome span to a Figure span",
        "relation 7: cannot be read",
    ] {
        assert!(stdout.contains(message), "no {message:?}: {stdout}");
    }
    let path = ws.join("annotations/dana/r.ron");
    let file = parse_annotation_file(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(file.relations.len(), 1);
    assert_eq!(file.relations[0].note.as_deref(), Some("降至"));
    assert_eq!(
        file.relations[0].from.start, 8,
        "code points: 𠮷 counts one"
    );
}

/// A span that cannot be read does not shift the links after it onto other spans: links name spans by their
/// place in the input.
#[test]
fn a_span_that_cannot_be_read_does_not_move_links_onto_others() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("links.jsonl");
    let line = serde_json::json!({
        "id": "r.txt",
        "text": "𠮷贫困发生率降至0.68%。",
        "annotator": "dana",
        "spans": [
            {"start": "x", "end": 3, "label": "Figure"},
            {"start": 1, "end": 13, "label": "Outcome"},
            {"start": 8, "end": 13, "label": "Figure"}
        ],
        "relations": [
            {"from": 2, "to": 1, "label": "Quantifies"},
            {"from": 0, "to": 1, "label": "Quantifies"}
        ]
    });
    std::fs::write(&input, format!("{line}\n")).unwrap();
    let ws = dir.path().join("ws");
    let (code, stdout, _) = import("jsonl", &input, &ws, &[]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("relation 2: its span 1 could not be read; not imported"),
        "{stdout}"
    );
    let path = ws.join("annotations/dana/r.ron");
    let file = parse_annotation_file(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(file.relations.len(), 1);
    let link = &file.relations[0];
    assert_eq!(
        (link.from.start, link.from.end, link.from.label.as_str()),
        (8, 13, "Figure")
    );
    assert_eq!(
        (link.to.start, link.to.end, link.to.label.as_str()),
        (1, 13, "Outcome")
    );
}

/// An import into the empty folder one is in (`--into .`) writes there: a folder named without a last
/// component is never staged beside itself.
#[test]
fn an_import_into_the_current_empty_folder_writes_there() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let record = json!({"id": "r.txt", "text": "𠮷523人脱贫", "annotator": "alice",
        "spans": [{"start": 1, "end": 5, "label": "Figure"}]});
    std::fs::write(&input, format!("{record}\n")).unwrap();
    let here = dir.path().join("here");
    std::fs::create_dir(&here).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_spantag"))
        .args([
            "import",
            "--format",
            "jsonl",
            input.to_str().unwrap(),
            "--into",
            ".",
        ])
        .current_dir(&here)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        spans_of(&here, "alice", "r.txt"),
        [(1, 5, "Figure".to_owned())]
    );
}
