//! The agreement window as an analyst sees it (egui_kittest): computed off the UI thread, a label nobody used
//! reads "no spans" rather than a score, and counts are in correct English.
#![cfg(feature = "gui")]

mod gui_support;

use egui_kittest::kittest::Queryable as _;
use spantag::edit::Edit;
use spantag::session::Session;

/// Two analysts who tagged the same Figure in one report, and nothing else.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), "贫困发生率降至0.68%。\n").unwrap();
    for who in ["alice", "bob"] {
        let mut session = Session::open(dir.path(), who).unwrap();
        session.open_doc(0);
        let span = session.current().unwrap().editor.new_span(7, 12, "Figure");
        session.apply(Edit::Add(span)).unwrap();
        session.save().unwrap();
    }
    dir
}

#[test]
fn a_label_nobody_used_says_no_spans_and_counts_are_plural_right() {
    let dir = workspace();
    let mut harness = gui_support::harness_on(dir.path(), None);
    harness.get_by_label("Team").click();
    harness.run();
    harness.get_by_label("Agreement…").click();
    harness.step();
    for _ in 0..500 {
        if harness.state().agreement().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.step();
    }
    harness.run();
    harness.get_by_label_contains("2 analysts, 1 report.");
    // Measure and Outcome: nobody tagged one; Figure: perfect agreement.
    assert_eq!(harness.query_all_by_label("no spans").count(), 2);
    assert!(harness.query_all_by_label("1.00").count() >= 2);
    assert!(harness.query_by_label_contains("-0.00").is_none());
}
