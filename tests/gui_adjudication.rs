//! Adjudication as the adjudicator sees it (egui_kittest): with two analysts a disagreement is "split", the
//! analysts' notes are on the conflict card, and "no span" is not marked as chosen before a decision.
#![cfg(feature = "gui")]

mod gui_support;

use egui_kittest::kittest::Queryable as _;
use spantag::edit::Edit;
use spantag::session::Session;

/// Alice tagged 0.68% as a Figure with a note; Bob tagged nothing but marked the report done.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), "贫困发生率降至0.68%。\n").unwrap();
    let mut alice = Session::open(dir.path(), "alice").unwrap();
    alice.open_doc(0);
    let span = alice.current().unwrap().editor.new_span(7, 12, "Figure");
    alice.apply(Edit::Add(span.clone())).unwrap();
    alice
        .apply(Edit::set_note(&span, "rate after the programme"))
        .unwrap();
    alice.save().unwrap();
    let mut bob = Session::open(dir.path(), "bob").unwrap();
    bob.open_doc(0);
    bob.set_status(spantag::model::Status::Done).unwrap();
    bob.save().unwrap();
    dir
}

#[test]
fn two_analysts_disagree_as_a_split_with_notes_on_the_card_and_no_premature_mark() {
    let dir = workspace();
    let mut harness = gui_support::harness_on(dir.path(), None);
    harness.run();
    harness.get_by_label("Team").click();
    harness.run();
    harness.get_by_label("Adjudicate this report").click();
    harness.run();
    assert!(harness.state().adjudication().is_some());
    harness.get_by_label("split 1");
    assert!(harness.query_by_label_contains("minority").is_none());
    harness.get_by_label("note: rate after the programme");
    // Before a decision nothing is marked as chosen, not even "no span".
    assert!(harness.query_by_label_contains("✔").is_none());
    harness.get_by_label_contains("no span — bob");
}
