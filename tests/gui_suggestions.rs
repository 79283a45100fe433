//! The suggestion flow driven as an analyst drives it (egui_kittest): suggestions appear when a report opens,
//! Tab focuses one, Enter accepts, Backspace rejects (and the rejection survives reopening), a label's key
//! accepts with that label, and "accept all Figures" is one undo step; and (the same workspace serving) the
//! report last open opens again on start.
#![cfg(feature = "gui")]

mod gui_support;

use std::path::Path;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use spantag::figures::FIGURE;
use spantag::model::SpanKey;
use spantag::ui::App;

/// A workspace of one report with figures, an astral character first (offsets are code points).
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("report.txt"),
        "𠮷村共有贫困户523户，贫困发生率降至0.68%，投入资金3.698亿元。\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("zz_other.txt"), "另一份报告。\n").unwrap();
    dir
}

fn harness(dir: &Path) -> Harness<'static, App> {
    gui_support::harness_on(dir, Some("report.txt"))
}

/// Steps until the engine's background job has delivered.
fn wait_for_suggestions(harness: &mut Harness<'_, App>) {
    for _ in 0..200 {
        harness.step();
        if !harness.state().suggestions().running()
            && harness.state().suggestions().open_count() > 0
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("no suggestions arrived");
}

fn open_figures(harness: &Harness<'_, App>) -> Vec<String> {
    harness
        .state()
        .suggestions()
        .open()
        .filter(|s| s.label == FIGURE)
        .map(|s| s.text.clone())
        .collect()
}

fn spans(harness: &Harness<'_, App>) -> Vec<(SpanKey, String)> {
    let doc = harness.state().session().unwrap().current().unwrap();
    doc.editor
        .spans()
        .iter()
        .map(|s| (s.key(), s.text.to_string()))
        .collect()
}

fn press(harness: &mut Harness<'_, App>, key: Key) {
    harness.key_press(key);
    harness.run();
}

#[test]
fn tab_focuses_enter_accepts_and_the_status_bar_counts() {
    let dir = workspace();
    let mut harness = harness(dir.path());
    wait_for_suggestions(&mut harness);
    assert_eq!(open_figures(&harness), ["523户", "0.68%", "3.698亿元"]);
    let left = harness.state().suggestions().open_count();
    harness.get_by_label(&format!("{left} suggestions"));
    press(&mut harness, Key::Tab);
    let focused = harness.state().suggestions().focused().unwrap().clone();
    assert_eq!(focused.text, "523户");
    harness.get_by_label("Suggested Figure");
    press(&mut harness, Key::Enter);
    let made = spans(&harness);
    assert_eq!(made.len(), 1);
    assert_eq!(
        made[0].0,
        SpanKey {
            start: 7,
            end: 11,
            label: FIGURE.into()
        }
    );
    assert_eq!(made[0].1, "523户");
    // The focus moved on, and the count went down.
    assert_ne!(
        harness
            .state()
            .suggestions()
            .focused()
            .map(|s| s.text.as_str()),
        Some("523户")
    );
    harness.get_by_label(&format!("{} suggestions", left - 1));
    // Undo takes the span back and the suggestion returns.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(spans(&harness).is_empty());
    assert!(open_figures(&harness).contains(&"523户".to_owned()));
}

#[test]
fn a_label_key_accepts_with_that_label() {
    let dir = workspace();
    let mut harness = harness(dir.path());
    wait_for_suggestions(&mut harness);
    press(&mut harness, Key::Tab);
    // The default schema's Outcome key.
    let outcome = harness
        .state()
        .session()
        .unwrap()
        .workspace()
        .schema()
        .label("Outcome")
        .and_then(|l| l.hotkey)
        .unwrap();
    press(&mut harness, Key::from_name(&outcome.to_string()).unwrap());
    let made = spans(&harness);
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].0.label, "Outcome");
    assert_eq!(made[0].1, "523户");
}

#[test]
fn a_rejection_is_saved_with_the_analysts_file_and_survives_reopening() {
    let dir = workspace();
    {
        let mut harness = harness(dir.path());
        wait_for_suggestions(&mut harness);
        // Tab goes through every suggestion in text order (the Outcome around 0.68% comes first).
        let mut seen = Vec::new();
        while seen.last().map(String::as_str) != Some("0.68%") && seen.len() < 10 {
            press(&mut harness, Key::Tab);
            seen.push(
                harness
                    .state()
                    .suggestions()
                    .focused()
                    .unwrap()
                    .text
                    .clone(),
            );
        }
        assert_eq!(seen.first().map(String::as_str), Some("523户"));
        assert_eq!(seen.last().map(String::as_str), Some("0.68%"));
        press(&mut harness, Key::Backspace);
        assert!(spans(&harness).is_empty(), "a rejection makes no span");
        assert!(!open_figures(&harness).contains(&"0.68%".to_owned()));
        harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
        harness.run();
    }
    let saved = std::fs::read_to_string(dir.path().join("annotations/tester/report.ron")).unwrap();
    assert!(saved.contains("rejected"), "{saved}");
    // A new run of the app: the rejected suggestion is not offered again; the others are.
    let mut harness = harness(dir.path());
    wait_for_suggestions(&mut harness);
    assert_eq!(open_figures(&harness), ["523户", "3.698亿元"]);
}

#[test]
fn accepting_all_figures_is_one_undo_step() {
    let dir = workspace();
    let mut harness = harness(dir.path());
    wait_for_suggestions(&mut harness);
    press(&mut harness, Key::Tab);
    harness
        .get_by_label("Accept all Figure suggestions in this report")
        .click();
    harness.run();
    let texts: Vec<String> = spans(&harness).into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts, ["523户", "0.68%", "3.698亿元"]);
    assert!(open_figures(&harness).is_empty());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(spans(&harness).is_empty(), "one undo takes all three back");
}

#[test]
fn hiding_suggestions_hides_their_count_and_tab_says_so() {
    let dir = workspace();
    let mut harness = harness(dir.path());
    wait_for_suggestions(&mut harness);
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Show suggestions").click();
    harness.run();
    assert!(!harness.state().settings().show_suggestions);
    assert!(harness.query_by_label("3 suggestions").is_none());
    press(&mut harness, Key::Tab);
    assert!(harness.state().suggestions().focused().is_none());
}

#[test]
fn a_figures_value_is_corrected_in_the_span_panel_and_kept_with_the_span() {
    let dir = workspace();
    let mut harness = harness(dir.path());
    wait_for_suggestions(&mut harness);
    press(&mut harness, Key::Tab);
    press(&mut harness, Key::Enter);
    // Select the accepted span (the first in the list) and correct its value.
    let key = spans(&harness)[0].0.clone();
    harness.state_mut().scroll_to_char(key.start);
    harness.run();
    let rect = harness.state().char_rect(key.start + 1).unwrap();
    harness.hover_at(rect.center());
    harness.step();
    harness.drag_at(rect.center());
    harness.step();
    harness.drop_at(rect.center());
    harness.run();
    harness.get_by_label("Value: 523 户");
    let field = harness.get_by_label("Correct:");
    field.focus();
    field.type_text("约530户");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let doc = harness.state().session().unwrap().current().unwrap();
    let value = doc.editor.spans()[0]
        .value
        .as_deref()
        .expect("the correction is stored");
    assert_eq!(value.to_string(), "530 户 (approx)");
    harness.get_by_label("(corrected)");
    // An unreadable correction is refused with a message, and the stored one stays.
    let field = harness.get_by_label("Correct:");
    field.focus();
    field.type_text("不知道");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        harness.state().message().is_error,
        "{:?}",
        harness.state().message()
    );
    assert!(
        harness
            .state()
            .message()
            .text
            .contains("cannot read a value")
    );
    let doc = harness.state().session().unwrap().current().unwrap();
    assert_eq!(
        doc.editor.spans()[0].value.as_deref().unwrap().to_string(),
        "530 户 (approx)"
    );
}

/// The report open when the app last closed opens again, not the workspace's first.
#[test]
fn the_last_report_opens_again() {
    let dir = workspace();
    let harness = gui_support::harness_on(dir.path(), Some("zz_other.txt"));
    let session = harness.state().session().unwrap();
    let doc = session.current().unwrap();
    assert_eq!(session.docs()[doc.index].path, "zz_other.txt");
}
