//! The recommender in the workbench (egui_kittest): the model learns from the analyst's work in the background,
//! the panel says what it learned, its suggestions appear in the open report without the analyst asking, a
//! label's threshold slider hides that label's weaker ones, and an accept retrains it.
#![cfg(feature = "gui")]

mod gui_support;

use std::time::{Duration, Instant};

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use spantag::figures::{Source, Suggestion};
use spantag::model::{AnnotationFile, DocRef, Span, Status};
use spantag::store::Workspace;
use spantag::text::ReportText;
use spantag::ui::App;

/// Two reports naming the same programme; the analyst tagged it as a Measure in the first, the second is new.
/// The rules never suggest it (no figure, no cue), so only learning can.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let first = "县里继续实施雨露计划，帮助学生完成学业。\n";
    std::fs::write(dir.path().join("a.txt"), first).unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "𠮷乡今年也实施雨露计划，523人受益。\n",
    )
    .unwrap();
    let ws = Workspace::open(dir.path()).unwrap();
    let text = ReportText::new(first);
    let mut file = AnnotationFile::new(DocRef::of("a.txt", &text), "tester");
    file.status = Status::InProgress;
    file.spans.push(Span::new(&text, 6, 10, "Measure"));
    ws.save_annotations(&file).unwrap();
    dir
}

/// Steps until `done` holds, sleeping between frames so background work and timers move on.
fn wait_until(harness: &mut Harness<'_, App>, what: &str, done: impl Fn(&App) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        harness.step();
        if done(harness.state()) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("timed out waiting for {what}");
}

fn learned_measures(app: &App) -> Vec<Suggestion> {
    app.suggestions()
        .open()
        .filter(|s| s.label == "Measure" && s.source != Source::Rule)
        .cloned()
        .collect()
}

#[test]
fn learned_suggestions_appear_by_themselves_and_a_slider_hides_them() {
    let dir = workspace();
    let mut harness = gui_support::harness_on(dir.path(), Some("b.txt"));
    wait_until(&mut harness, "the first model", |app| {
        app.learning().model().is_some() && !app.suggestions().running()
    });
    harness.run();
    harness.get_by_label_contains("Learned from 1 span in 1 report");
    let found = learned_measures(harness.state());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].text, "雨露计划");
    assert_eq!(
        (found[0].start, found[0].end),
        (7, 11),
        "code points: 𠮷 counts one"
    );
    assert_eq!(found[0].source, Source::Dictionary);
    // The model is cached in the workspace, where the export never looks.
    assert!(dir.path().join(".spantag/models/tester.model").is_file());

    // Raising the Figure threshold above the rule's score (0.95) hides the figure, and only it.
    let figures = |app: &App| {
        app.suggestions()
            .open()
            .filter(|s| s.label == "Figure")
            .count()
    };
    assert_eq!(figures(harness.state()), 1);
    let slider = harness.get_by_role_and_label(Role::Slider, "Figure");
    slider.focus();
    harness.run();
    for _ in 0..30 {
        harness.key_press(Key::ArrowRight);
    }
    harness.run();
    assert_eq!(figures(harness.state()), 0, "hidden below the threshold");
    assert_eq!(
        learned_measures(harness.state()).len(),
        1,
        "other labels keep theirs"
    );
}

#[test]
fn an_accept_retrains_the_model_in_the_background() {
    let dir = workspace();
    let mut harness = gui_support::harness_on(dir.path(), Some("b.txt"));
    wait_until(&mut harness, "the first model", |app| {
        app.learning().model().is_some() && !learned_measures(app).is_empty()
    });
    let first = harness
        .state()
        .learning()
        .model()
        .unwrap()
        .fingerprint()
        .to_owned();
    harness.key_press(Key::Tab);
    harness.run();
    let focused = harness.state().suggestions().focused().cloned().unwrap();
    assert_eq!(focused.text, "雨露计划", "Tab goes to the only suggestion");
    harness.key_press(Key::Enter);
    harness.run();
    // Off to another report before the retraining is due: the accept made in b.txt is still learned.
    harness.key_press_modifiers(egui::Modifiers::ALT, Key::ArrowUp);
    harness.run();
    let open = harness.state().session().unwrap().current().unwrap();
    assert_eq!(open.editor.file().document.file, "a.txt");
    wait_until(&mut harness, "a retrained model", |app| {
        app.learning()
            .model()
            .is_some_and(|m| m.fingerprint() != first && m.learned().spans == 2)
    });
    harness.run();
    harness.get_by_label_contains("Learned from 2 spans in 2 reports");
}

#[test]
fn the_held_out_check_runs_after_training_and_the_panel_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path()).unwrap();
    for (name, text) in [
        ("a.txt", "县里继续实施雨露计划，523人受益。\n"),
        ("b.txt", "乡里也实施雨露计划，84人受益。\n"),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
        let text = ReportText::new(text);
        let mut file = AnnotationFile::new(DocRef::of(name, &text), "tester");
        file.status = Status::Done;
        let start = text.as_str().chars().position(|c| c == '雨').unwrap();
        file.spans
            .push(Span::new(&text, start, start + 4, "Measure"));
        ws.save_annotations(&file).unwrap();
    }
    let mut harness = gui_support::harness_on(dir.path(), Some("a.txt"));
    wait_until(&mut harness, "the held-out figures", |app| {
        app.learning()
            .learned()
            .is_some_and(|l| l.held_out_reports == 1)
    });
    harness.run();
    harness.get_by_label_contains("on 1 finished report held out");
}
