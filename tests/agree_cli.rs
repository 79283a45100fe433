//! `spantag agree` on the three-annotator fixture: the documented JSON schema, the same figures from a
//! workspace and from its files, the table, gold left out unless asked for, and exit codes.

mod cli_support;
use cli_support::spantag;

use std::path::{Path, PathBuf};

use serde_json::Value;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/team")
}

fn json(args: &[&str]) -> Value {
    let out = spantag(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn is_figure_or_null(v: &Value) -> bool {
    v.is_null() || v.as_f64().is_some_and(|x| (-1.0..=1.0).contains(&x))
}

#[test]
fn json_follows_the_documented_schema() {
    let report = json(&["agree", "--json", fixture().to_str().unwrap()]);
    assert_eq!(
        report["annotators"],
        serde_json::json!(["alice", "bob", "carol"])
    );
    let pairs = report["pairs"].as_array().unwrap();
    let names: Vec<(&str, &str)> = pairs
        .iter()
        .map(|p| (p["a"].as_str().unwrap(), p["b"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names,
        vec![("alice", "bob"), ("alice", "carol"), ("bob", "carol")]
    );
    for pair in pairs {
        let labels = pair["labels"].as_object().unwrap();
        assert_eq!(
            labels.keys().collect::<Vec<_>>(),
            ["Figure", "Measure", "Outcome"]
        );
        for per_label in labels.values() {
            for key in ["exact_f1", "lenient_f1", "kappa"] {
                assert!(is_figure_or_null(&per_label[key]), "{key}: {per_label}");
            }
            for key in ["label_conflicts", "boundary_conflicts", "only_a", "only_b"] {
                assert!(per_label[key].is_u64(), "{key}: {per_label}");
            }
        }
        assert!(is_figure_or_null(&pair["micro"]["exact_f1"]));
        assert!(is_figure_or_null(&pair["micro"]["lenient_f1"]));
    }
    for label in ["Figure", "Measure", "Outcome"] {
        let l = &report["labels"][label];
        assert!(l["alpha"].as_f64().is_some(), "{l}");
        assert!(l["fleiss_kappa"].as_f64().is_some(), "{l}");
    }
    // alice and bob share both reports, carol annotated only one: alpha uses both (carol missing on one),
    // Fleiss' kappa only the report all three annotated.
    let ab = &pairs[0];
    let ac = &pairs[1];
    assert_eq!(ab["documents"], 2);
    assert_eq!(ac["documents"], 1);
    let figure = &report["labels"]["Figure"];
    assert_eq!(figure["alpha_items"], ab["items"]);
    assert_eq!(figure["fleiss_items"], ac["items"]);
    // The fixture's known disagreements show up where they are.
    assert_eq!(ab["labels"]["Figure"]["boundary_conflicts"], 2);
    assert_eq!(ac["labels"]["Measure"]["label_conflicts"], 1);
    assert_eq!(pairs[2]["labels"]["Figure"]["only_b"], 1, "carol's 2020年");
}

#[test]
fn files_give_the_same_figures_as_the_workspace() {
    let root = fixture();
    let files: Vec<String> = [
        "alice/tianqiao.ron",
        "alice/notice.ron",
        "bob/tianqiao.ron",
        "bob/notice.ron",
        "carol/tianqiao.ron",
    ]
    .iter()
    .map(|f| root.join("annotations").join(f).display().to_string())
    .collect();
    let mut args = vec!["agree", "--json"];
    args.extend(files.iter().map(String::as_str));
    assert_eq!(
        json(&args),
        json(&["agree", "--json", root.to_str().unwrap()])
    );
}

#[test]
fn gold_is_left_out_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for entry in ["tianqiao.txt", "notice.txt"] {
        std::fs::copy(fixture().join(entry), root.join(entry)).unwrap();
    }
    for who in ["alice", "bob"] {
        std::fs::create_dir_all(root.join("annotations").join(who)).unwrap();
        std::fs::copy(
            fixture().join(format!("annotations/{who}/notice.ron")),
            root.join(format!("annotations/{who}/notice.ron")),
        )
        .unwrap();
    }
    let merge = spantag(&["merge", root.to_str().unwrap()]);
    assert_eq!(merge.status.code(), Some(0));
    let without = json(&["agree", "--json", root.to_str().unwrap()]);
    assert_eq!(without["annotators"], serde_json::json!(["alice", "bob"]));
    let with = json(&["agree", "--json", "--with-gold", root.to_str().unwrap()]);
    assert_eq!(
        with["annotators"],
        serde_json::json!(["alice", "bob", "gold"])
    );
    assert_eq!(with["pairs"].as_array().unwrap().len(), 3);
}

#[test]
fn table_and_exit_codes() {
    let out = spantag(&["agree", fixture().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("alice vs bob: 2 reports in common"),
        "{table}"
    );
    assert!(table.contains("Fleiss kappa"), "{table}");
    let missing = spantag(&["agree", "/no/such/workspace"]);
    assert_eq!(missing.status.code(), Some(2));

    // A broken file: reported with its line, the rest still compared, exit 1.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::copy(fixture().join("notice.txt"), root.join("notice.txt")).unwrap();
    for who in ["alice", "bob", "carol"] {
        std::fs::create_dir_all(root.join("annotations").join(who)).unwrap();
    }
    for who in ["alice", "bob"] {
        std::fs::copy(
            fixture().join(format!("annotations/{who}/notice.ron")),
            root.join(format!("annotations/{who}/notice.ron")),
        )
        .unwrap();
    }
    std::fs::write(
        root.join("annotations/carol/notice.ron"),
        "(version: 1,\n spans: [",
    )
    .unwrap();
    let out = spantag(&["agree", "--json", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("carol/notice.ron:2:"), "{said}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["annotators"], serde_json::json!(["alice", "bob"]));
}

#[test]
fn relation_f1_per_type_per_pair_exact_and_lenient() {
    use spantag::model::{AnnotationFile, DocRef, Relation, Span};
    use spantag::store::Workspace;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.txt"),
        "𠮷贫困发生率降至0.68%。\r\n建立机制",
    )
    .unwrap();
    let ws = Workspace::open(dir.path()).unwrap();
    let text = ws.load_text("r.txt").unwrap();
    let save = |who: &str, figure_end: usize, produces: bool| {
        let mut f = AnnotationFile::new(DocRef::of("r.txt", &text), who);
        let outcome = Span::new(&text, 1, 13, "Outcome");
        let figure = Span::new(&text, 8, figure_end, "Figure");
        let measure = Span::new(&text, 16, 20, "Measure");
        f.relations
            .push(Relation::new(figure.key(), outcome.key(), "Quantifies"));
        if produces {
            f.relations
                .push(Relation::new(measure.key(), outcome.key(), "Produces"));
        }
        f.spans = vec![outcome, figure, measure];
        f.normalize();
        ws.save_annotations(&f).unwrap();
    };
    save("alice", 13, true);
    save("bob", 12, false);
    let report = json(&["agree", "--json", dir.path().to_str().unwrap()]);
    let relations = &report["pairs"][0]["relations"];
    let quantifies = &relations["types"]["Quantifies"];
    assert_eq!(
        quantifies["exact_f1"],
        serde_json::json!(0.0),
        "{relations}"
    );
    assert_eq!(
        quantifies["lenient_f1"],
        serde_json::json!(1.0),
        "{relations}"
    );
    assert_eq!(relations["types"]["Produces"]["links_a"], 1, "{relations}");
    assert_eq!(relations["types"]["Produces"]["links_b"], 0, "{relations}");
    let table = spantag(&["agree", dir.path().to_str().unwrap()]);
    let said = String::from_utf8_lossy(&table.stdout);
    assert!(
        said.lines()
            .any(|l| l.trim_start().starts_with("Quantifies")),
        "{said}"
    );
}
