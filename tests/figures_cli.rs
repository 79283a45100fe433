//! `spantag suggest` and `spantag figures` as a pipeline sees them: JSON lines with code point offsets and
//! values, an annotation file `validate` accepts, a workspace's own units, and the figure table of a workspace.

mod cli_support;
use cli_support::spantag;

use std::process::Output;

use spantag::model::{AnnotationFile, DocRef, Span, Status};
use spantag::store::Workspace;

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const REPORT: &str = "𠮷野家:\n截至去年底,贫困发生率降至0.68%,受益群众超过2.6万人。\n兴平市扎实推行村级“总队长”工作制。";

#[test]
fn suggest_prints_json_lines_with_code_point_offsets_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.txt");
    std::fs::write(&path, REPORT).unwrap();
    let out = spantag(&["suggest", path.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let chars: Vec<char> = REPORT.chars().collect();
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    let figures: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["label"] == "Figure").collect();
    assert_eq!(figures.len(), 2, "{lines:?}");
    for line in &lines {
        let (start, end) = (
            line["start"].as_u64().unwrap() as usize,
            line["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[start..end].iter().collect::<String>(),
            line["text"].as_str().unwrap()
        );
        assert!(line["score"].as_f64().is_some_and(|s| s > 0.0 && s <= 1.0));
        assert!(
            line.get("value").is_some(),
            "value is always present (null when none)"
        );
    }
    assert_eq!(figures[0]["text"], "0.68%");
    assert_eq!(figures[0]["value"]["number"].to_string(), "0.68");
    assert_eq!(figures[1]["text"], "超过2.6万人");
    assert_eq!(figures[1]["value"]["number"], 26000);
    assert_eq!(figures[1]["value"]["unit"], "人");
    assert_eq!(figures[1]["value"]["qualifier"], "more_than");
    assert_eq!(figures[1]["value"]["approx"], true);
    assert!(
        lines
            .iter()
            .any(|l| l["label"] == "Measure" && l["value"].is_null())
    );

    let only = spantag(&[
        "suggest",
        path.to_str().unwrap(),
        "--json",
        "--labels",
        "Outcome",
    ]);
    assert!(stdout(&only).lines().all(|l| l.contains("\"Outcome\"")));
    assert!(!stdout(&only).is_empty());
}

#[test]
fn suggest_out_writes_a_file_validate_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.txt");
    std::fs::write(&path, REPORT).unwrap();
    let ron = dir.path().join("r.ron");
    let out = spantag(&[
        "suggest",
        path.to_str().unwrap(),
        "--out",
        ron.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = spantag::store::read_annotation_file(&ron).unwrap();
    assert_eq!(file.annotator, "suggestions");
    assert!(
        file.spans
            .iter()
            .any(|s| s.label == "Figure" && s.text == "超过2.6万人")
    );
    let check = spantag(&["validate", ron.to_str().unwrap()]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );

    // Inside a workspace, as the suggestions annotator's file: the whole workspace validates.
    let in_workspace = dir.path().join("annotations/suggestions/r.ron");
    let out = spantag(&[
        "suggest",
        path.to_str().unwrap(),
        "--out",
        in_workspace.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::remove_file(&ron).unwrap();
    let check = spantag(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
}

#[test]
fn suggest_refuses_unknown_labels_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.txt");
    std::fs::write(&path, REPORT).unwrap();
    let out = spantag(&[
        "suggest",
        path.to_str().unwrap(),
        "--labels",
        "Figure,Bogus",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Bogus"));
    let out = spantag(&["suggest", dir.path().join("none.txt").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn suggest_uses_the_workspace_table() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("spantag.ron"),
        r#"(trim_boundaries: true, figures: (units: [(name: "头猪", base: "头")]))"#,
    )
    .unwrap();
    let path = dir.path().join("r.txt");
    std::fs::write(&path, "发放仔猪300头猪。").unwrap();
    let out = spantag(&[
        "suggest",
        path.to_str().unwrap(),
        "--json",
        "--labels",
        "Figure",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("\"text\":\"300头猪\""),
        "{}",
        stdout(&out)
    );
}

#[test]
fn figures_lists_every_figure_with_value_and_container() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), REPORT).unwrap();
    let ws = Workspace::open(dir.path()).unwrap();
    let text = ws.load_text("r.txt").unwrap();
    let chars: Vec<char> = REPORT.chars().collect();
    let find = |needle: &str| {
        let n: Vec<char> = needle.chars().collect();
        let start = (0..chars.len())
            .find(|&i| chars[i..].starts_with(&n))
            .unwrap();
        (start, start + n.len())
    };
    let mut file = AnnotationFile::new(DocRef::of("r.txt", &text), "alice");
    file.status = Status::Done;
    let (os, oe) = find("贫困发生率降至0.68%");
    let (fs, fe) = find("0.68%");
    let (gs, ge) = find("超过2.6万人");
    let (us, ue) = find("群众");
    file.spans = vec![
        Span::new(&text, os, oe, "Outcome"),
        Span::new(&text, fs, fe, "Figure"),
        Span::new(&text, gs, ge, "Figure"),
        Span::new(&text, us, ue, "Figure"),
    ];
    // 超过2.6万人 is outside the Outcome, but linked to it: the link names what it quantifies.
    file.relations = vec![spantag::model::Relation::new(
        file.spans[2].key(),
        file.spans[0].key(),
        "Quantifies",
    )];
    file.normalize();
    ws.save_annotations(&file).unwrap();

    let out = spantag(&["figures", dir.path().to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    let row = |t: &str| rows.iter().find(|r| r["text"] == t).unwrap();
    assert_eq!(row("0.68%")["document"], "r.txt");
    assert_eq!(row("0.68%")["start"], fs);
    assert_eq!(row("0.68%")["unit"], "%");
    assert_eq!(row("0.68%")["container"]["label"], "Outcome");
    assert_eq!(row("0.68%")["container"]["text"], "贫困发生率降至0.68%");
    assert_eq!(row("0.68%")["container_by"], "nesting");
    assert_eq!(row("超过2.6万人")["value"]["number"], 26000);
    assert_eq!(row("超过2.6万人")["qualifier"], "more_than");
    assert_eq!(row("超过2.6万人")["container"]["label"], "Outcome");
    assert_eq!(row("超过2.6万人")["container_by"], "relation");
    assert!(row("群众")["container"].is_null());
    assert!(row("群众")["container_by"].is_null());
    assert!(
        row("群众")["value"].is_null(),
        "an unparseable figure says so"
    );

    let csv = spantag(&["figures", dir.path().to_str().unwrap(), "--csv"]);
    assert_eq!(csv.status.code(), Some(0));
    let csv = stdout(&csv);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "document,annotator,start,end,text,value,unit,qualifier,container_label,container_start,container_end,container_text,container_by"
        )
    );
    assert!(
        csv.contains(&format!(
            "r.txt,alice,{gs},{ge},超过2.6万人,26000,人,more_than,Outcome,{os},{oe},贫困发生率降至0.68%,relation"
        )),
        "{csv}"
    );
    assert!(csv.contains("unparseable"));
}
