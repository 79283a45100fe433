//! The recommender from the command line, on the hand-made gold set of the five samples
//! (`tests/fixtures/samples_gold`): `train` saves the workspace's model, `suggest --model` says which layer
//! proposed each suggestion, `evaluate --json` and `simulate --json` print what their help says; bad models are
//! refused by name.

mod cli_support;

use std::path::{Path, PathBuf};

use cli_support::spantag;
use serde_json::Value;

/// A workspace holding the five samples and their gold files, imported from the fixture's JSONL.
fn gold_workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/samples_gold/gold.jsonl");
    let out = spantag(&[
        "import",
        "--format",
        "jsonl",
        fixture.to_str().unwrap(),
        "--into",
        ws.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, ws)
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn train_suggest_evaluate_and_simulate_on_the_gold_samples() {
    let (_dir, ws) = gold_workspace();
    let ws_arg = ws.to_str().unwrap();

    let out = spantag(&["train", ws_arg]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = stdout(&out);
    assert!(
        said.contains("learned from 359 spans in 5 reports"),
        "{said}"
    );
    assert!(said.contains("held out"), "{said}");
    let model = ws.join(".spantag/models/team.model");
    assert!(model.is_file(), "the workspace's cached model is written");
    let model_arg = model.to_str().unwrap();

    // The cache is not a report: the workspace still lists five.
    let stats = stdout(&spantag(&["stats", ws_arg]));
    assert!(stats.contains('5'), "{stats}");

    let report = ws.join("004_a3e95d40bf8703e6.txt");
    let out = spantag(&[
        "suggest",
        "--model",
        model_arg,
        "--json",
        report.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!lines.is_empty());
    let sources: Vec<&str> = lines.iter().filter_map(|l| l["source"].as_str()).collect();
    assert_eq!(
        sources.len(),
        lines.len(),
        "every suggestion names its source"
    );
    for source in ["rule", "dictionary", "model"] {
        assert!(sources.contains(&source), "{source} missing: {sources:?}");
    }
    // Trained on this very report, the learned layers give back a Measure the rules never suggest.
    assert!(lines.iter().any(|l| l["label"] == "Measure"
        && l["source"] != "rule"
        && l["score"].as_f64().unwrap() > 0.5));

    let out = spantag(&["evaluate", "--model", model_arg, ws_arg, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let e: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let gold: u64 = ["Measure", "Figure", "Outcome"]
        .iter()
        .map(|l| e["labels"][l]["gold"].as_u64().unwrap())
        .sum();
    assert_eq!(gold, 359);
    assert_eq!(e["micro"]["gold"], 359);
    for key in ["precision", "recall", "f1"] {
        assert!(e["labels"]["Figure"]["exact"][key].is_number(), "{e}");
        assert!(e["micro"]["lenient"][key].is_number(), "{e}");
    }
    // Evaluated on what it was trained on, the model with its dictionary recalls most spans.
    assert!(e["micro"]["exact"]["recall"].as_f64().unwrap() > 0.5, "{e}");
    let text = stdout(&spantag(&[
        "evaluate", "--model", model_arg, ws_arg, "--layers", "rule",
    ]));
    assert!(
        text.lines().any(|l| l.starts_with("Measure\t189\t")),
        "{text}"
    );

    let out = spantag(&["simulate", ws_arg, "--json", "--epochs", "3"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sim: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let steps = sim["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 4);
    assert_eq!(steps[0]["trained_on"], 1);
    assert!(steps[0]["recommender"]["exact_share"].is_number());
    assert!(steps[0]["baseline"]["f1"]["Figure"].is_number());
}

#[test]
fn a_file_that_is_not_a_model_is_refused_by_name() {
    let (_dir, ws) = gold_workspace();
    let bogus = ws.join("bogus.model");
    std::fs::write(&bogus, "(not a model)").unwrap();
    let out = spantag(&[
        "evaluate",
        "--model",
        bogus.to_str().unwrap(),
        ws.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bogus.model") && err.contains("not a spantag model"),
        "{err}"
    );
    // A bound on the training data is said, not silent.
    let out = spantag(&["train", ws.to_str().unwrap(), "--max-chars", "6000"]);
    assert!(out.status.success());
    let said = stdout(&out);
    assert!(
        said.contains("report files left out beyond 6000 characters"),
        "{said}"
    );
    assert!(!said.contains("in 5 reports"), "{said}");
    let out = spantag(&["train", ws.to_str().unwrap(), "--labels", "Nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Nope"));
}
