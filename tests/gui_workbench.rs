//! The workbench driven as an analyst drives it (egui_kittest): open the sample workspace, drag over a figure,
//! press 2, undo, redo, save, open the guidelines.
#![cfg(feature = "gui")]

mod gui_support;

use std::path::Path;

use egui::{Key, Modifiers, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use spantag::find::find_all;
use spantag::model::SpanKey;
use spantag::ui::{App, Settings};

const FIRST: &str = "000_fbee6a6195c1ab1b.txt";

/// A copy of the bundled samples in a temporary workspace.
fn sample_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for entry in std::fs::read_dir(samples).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "txt") {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    dir
}

fn harness(dir: &Path) -> Harness<'static, App> {
    harness_with(dir, false)
}

/// `tofu`: allow missing glyphs, for texts with CJK Extension B characters, which only the system's fonts
/// (never loaded by the test harness) cover.
fn harness_with(dir: &Path, tofu: bool) -> Harness<'static, App> {
    let settings = Settings {
        annotator: "tester".into(),
        ..Settings::default()
    };
    let app = App::new(settings, Some(dir.to_owned()));
    let mut builder = Harness::builder()
        .with_size(Vec2::new(1280.0, 800.0))
        .with_max_steps(64)
        .with_context_setup(spantag::ui::fonts::install);
    if tofu {
        builder = builder.allow_missing_glyphs();
    }
    builder.build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

/// Offsets of the first occurrence of `needle` in the open report.
fn locate(harness: &Harness<'_, App>, needle: &str) -> (usize, usize) {
    let doc = harness.state().session().unwrap().current().unwrap();
    find_all(doc.editor.text(), needle)[0]
}

/// Drags the pointer from the start of character `start` to the end of character `end - 1`.
fn drag_over(harness: &mut Harness<'_, App>, start: usize, end: usize) {
    harness.state_mut().scroll_to_char(start);
    harness.run();
    let first = harness
        .state()
        .char_rect(start)
        .expect("first character on screen");
    let last = harness
        .state()
        .char_rect(end - 1)
        .expect("last character on screen");
    let from = Pos2::new(first.left() + 1.0, first.center().y);
    let to = Pos2::new(last.right() - 1.0, last.center().y);
    harness.hover_at(from);
    harness.step();
    harness.drag_at(from);
    harness.step();
    harness.hover_at(from + Vec2::new(8.0, 0.0));
    harness.step();
    harness.hover_at(to);
    harness.step();
    harness.drop_at(to);
    harness.run();
}

/// Drags over the first occurrence of `needle` and presses 2: a new Figure span. Returns its offsets.
fn tag_figure(harness: &mut Harness<'_, App>, needle: &str) -> (usize, usize) {
    let (start, end) = locate(harness, needle);
    drag_over(harness, start, end);
    harness.key_press(Key::Num2);
    harness.run();
    (start, end)
}

fn spans(harness: &Harness<'_, App>) -> Vec<SpanKey> {
    let doc = harness.state().session().unwrap().current().unwrap();
    doc.editor.spans().iter().map(|s| s.key()).collect()
}

#[test]
fn drag_press_2_undo_redo_save() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    assert!(
        harness.state().title().contains(FIRST),
        "{}",
        harness.state().title()
    );

    let (start, end) = locate(&harness, "533人");
    drag_over(&mut harness, start, end);
    assert_eq!(harness.state().text_selection(), Some((start, end)));

    harness.key_press(Key::Num2);
    harness.run();
    let figure = SpanKey {
        start,
        end,
        label: "Figure".into(),
    };
    assert_eq!(spans(&harness), vec![figure.clone()]);
    let doc = harness.state().session().unwrap().current().unwrap();
    assert_eq!(doc.editor.spans()[0].text, "533人");
    assert!(
        harness.state().title().starts_with('●'),
        "unsaved mark in the title"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(spans(&harness).is_empty(), "undo removes the span");

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(spans(&harness), vec![figure.clone()], "redo restores it");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(spans(&harness), vec![figure.clone()], "Ctrl+Y redoes too");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = dir
        .path()
        .join("annotations/tester/000_fbee6a6195c1ab1b.ron");
    let file = spantag::store::read_annotation_file(&saved).expect("Ctrl+S wrote the file");
    assert_eq!(file.spans.len(), 1);
    assert_eq!(file.spans[0].key(), figure);
    assert_eq!(file.spans[0].text, "533人");
    assert!(!harness.state().title().starts_with('●'));
}

#[test]
fn selected_span_moves_relabels_and_deletes_by_keyboard() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    let (start, end) = tag_figure(&mut harness, "7337人");
    // The new span is selected: Shift+Left moves its end, 3 relabels it, Delete removes it.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    harness.run();
    assert_eq!(
        spans(&harness),
        vec![SpanKey {
            start,
            end: end - 1,
            label: "Figure".into()
        }]
    );
    harness.key_press_modifiers(Modifiers::ALT | Modifiers::SHIFT, Key::ArrowLeft);
    harness.run();
    harness.key_press(Key::Num3);
    harness.run();
    assert_eq!(
        spans(&harness),
        vec![SpanKey {
            start: start - 1,
            end: end - 1,
            label: "Outcome".into()
        }]
    );
    harness.key_press(Key::Delete);
    harness.run();
    assert!(spans(&harness).is_empty());
}

#[test]
fn find_and_tag_all_matches_is_one_undo_step() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    let expected = {
        let doc = harness.state().session().unwrap().current().unwrap();
        find_all(doc.editor.text(), "脱贫").len()
    };
    assert!(expected > 3);
    // Ctrl+F focused the query field: typing goes there.
    harness.event(egui::Event::Text("脱贫".into()));
    harness.run();
    assert_eq!(harness.state().find_matches().len(), expected);
    harness.get_by_label("Tag all matches as Measure").click();
    harness.run();
    assert_eq!(spans(&harness).len(), expected);
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(spans(&harness).is_empty(), "one undo removes them all");
}

#[test]
fn closing_the_find_bar_clears_its_highlights() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.event(egui::Event::Text("脱贫".into()));
    harness.run();
    assert!(harness.state().find_matches().len() > 3);
    // Esc with nothing selected closes the bar; its matches go with it.
    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        harness
            .query_by_label("Tag all matches as Measure")
            .is_none(),
        "the bar is closed"
    );
    assert!(
        harness.state().find_matches().is_empty(),
        "no find highlight is left"
    );
    // Opening the bar again searches for the last query again; the close button closes it the same way.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(!harness.state().find_matches().is_empty());
    harness.get_by_label("× close").click();
    harness.run();
    assert!(harness.state().find_matches().is_empty());
}

#[test]
fn help_menu_opens_the_guidelines() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("Help").click();
    harness.run();
    // The menu entry carries its shortcut (F1) in its label.
    harness.get_by_label_contains("Guidelines").click();
    harness.run();
    assert!(harness.state().guidelines_open());
    harness.get_by_label("Measure (措施)");
}

#[test]
fn next_document_saves_and_opens_the_next_report() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    tag_figure(&mut harness, "533人");
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    harness.run();
    assert!(
        harness.state().title().contains("001_"),
        "{}",
        harness.state().title()
    );
    assert!(
        dir.path()
            .join("annotations/tester/000_fbee6a6195c1ab1b.ron")
            .exists()
    );
    // The list shows the span count of the report just left, now in progress (◎): its first span started it;
    // the report is listed by its title (its first line), the file name on hover.
    while harness.state().reading_summaries() {
        std::thread::sleep(std::time::Duration::from_millis(5));
        harness.step();
    }
    harness.run();
    harness.get_by_label("◎ 天桥区写好脱贫“答卷”决胜全面小康 (1)");
}

#[test]
fn the_document_list_shows_titles_and_filters_in_any_script() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    while harness.state().reading_summaries() {
        std::thread::sleep(std::time::Duration::from_millis(5));
        harness.step();
    }
    harness.run();
    harness.get_by_label_contains("天桥区写好脱贫");
    let listed = |h: &egui_kittest::Harness<'_, App>| h.query_all_by_label_contains("○ ").count();
    let before = listed(&harness);
    assert!(before >= 4, "{before} reports listed");
    let filter = harness.get_by_label("Filter:");
    filter.focus();
    // Typed in Traditional script: finds the Simplified title.
    filter.type_text("天橋區");
    harness.run();
    harness.get_by_label_contains("天桥区写好脱贫");
    assert_eq!(listed(&harness), 1);
    harness.get_by_label_contains("1 of ");
}

/// A copy of the three-analyst fixture workspace.
fn team_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/team");
    copy_tree(&fixture, dir.path());
    dir
}

/// `spantag merge` of the analysts' files of the workspace's first report, written as `annotator`'s (not saved).
fn merge_first_report(
    ws: &spantag::store::Workspace,
    annotator: &str,
) -> spantag::model::AnnotationFile {
    use spantag::merge::{MergeInput, MergeOptions, merge};
    let doc = ws.documents()[0].clone();
    let text = ws.load_text(&doc).unwrap();
    let files = spantag::team::report_files(ws, &doc, &text, false).files;
    let options = MergeOptions {
        annotator: annotator.into(),
        ..MergeOptions::default()
    };
    merge(&MergeInput::by_annotator(&files), &options).unwrap()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Team ▸ Adjudicate this report, as the analyst does it.
fn adjudicate(harness: &mut Harness<'_, App>) {
    harness.get_by_label("Team").click();
    harness.run();
    harness.get_by_label("Adjudicate this report").click();
    harness.run();
}

#[test]
fn adjudication_accepts_unanimous_and_resolves_conflicts_into_gold() {
    let dir = team_workspace();
    let mut harness = harness_with(dir.path(), true);
    harness.run();
    adjudicate(&mut harness);
    let (unanimous, conflicts, chosen, option) = {
        let adj = harness.state().adjudication().expect("adjudicating");
        let unanimous = adj
            .view()
            .spans_with_support()
            .filter(|(_, s)| *s == spantag::adjudicate::Support::All)
            .count();
        let current = adj.current().expect("the fixture has conflicts");
        // The first version of the current conflict that is a span (a "missing span" conflict also has a
        // version without one).
        let (chosen, option) = adj.view().conflicts()[current]
            .options
            .iter()
            .enumerate()
            .find_map(|(k, o)| o.span.clone().map(|span| (k, span)))
            .expect("the current conflict has a version with a span");
        (unanimous, adj.view().conflicts().len(), chosen, option)
    };
    assert!(unanimous > 0, "the fixture has unanimous spans");
    assert!(conflicts > 1, "the fixture has several conflicts");
    let gold_spans = |h: &Harness<'_, App>| -> Vec<SpanKey> {
        let doc = h.state().session().unwrap().current().unwrap();
        doc.editor.spans().iter().map(|s| s.key()).collect()
    };
    assert_eq!(harness.state().session().unwrap().annotator(), "gold");

    harness
        .get_by_label(&format!("Accept every unanimous span ({unanimous})"))
        .click();
    harness.run();
    assert_eq!(gold_spans(&harness).len(), unanimous);

    // Choose that version of the current conflict: its span is now gold.
    harness
        .get_all_by_label("Choose")
        .nth(chosen)
        .unwrap()
        .click();
    harness.run();
    assert!(
        gold_spans(&harness).contains(&option),
        "{option:?} not in gold"
    );
    let settled = |h: &Harness<'_, App>| -> usize {
        let doc = h.state().session().unwrap().current().unwrap();
        doc.editor.file().settled.len()
    };
    assert_eq!(settled(&harness), 1, "the choice settles its conflict");
    harness.get_by_label(&format!("Conflicts: 1 decided of {conflicts}"));

    // F8 moves to another conflict; undo takes the choice back.
    let before = harness.state().adjudication().unwrap().current();
    harness.key_press(Key::F8);
    harness.run();
    assert_ne!(harness.state().adjudication().unwrap().current(), before);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(settled(&harness), 0, "undo reopens the conflict");
    assert!(
        !gold_spans(&harness).contains(&option),
        "{option:?} still in gold"
    );
    harness.get_by_label(&format!("Conflicts: 0 decided of {conflicts}"));
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(settled(&harness), 1, "redo decides it again");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let doc = harness.state().session().unwrap().docs()[0].path.clone();
    let gold_path = dir
        .path()
        .join("annotations/gold")
        .join(doc.replace(".txt", ".ron"));
    let gold = spantag::store::read_annotation_file(&gold_path).expect("gold saved");
    assert_eq!(gold.annotator, "gold");
    assert!(gold.spans.len() >= unanimous);
    // The gold file keeps what is decided and what is left.
    assert_eq!(gold.settled.len(), 1);
    assert_eq!(gold.conflicts.len(), conflicts - 1);

    harness.get_by_label("Stop adjudicating").click();
    harness.run();
    assert!(harness.state().adjudication().is_none());
    assert_eq!(harness.state().session().unwrap().annotator(), "tester");

    // Adjudicating again picks up where it stopped: one decided, and the current conflict is an open one.
    adjudicate(&mut harness);
    harness.get_by_label(&format!("Conflicts: 1 decided of {conflicts}"));
    let adj = harness.state().adjudication().unwrap();
    let doc = harness.state().session().unwrap().current().unwrap();
    assert!(
        !adj.view()
            .is_settled(doc.editor.file(), adj.current().unwrap())
    );
}

#[test]
fn agreement_window_shows_the_pairwise_matrix() {
    let dir = team_workspace();
    let mut harness = harness_with(dir.path(), true);
    harness.run();
    harness.get_by_label("Team").click();
    harness.run();
    harness.get_by_label("Agreement…").click();
    harness.run();
    assert!(harness.state().agreement_open());
    // Computed off the UI thread: frames go on while it runs.
    for _ in 0..500 {
        if harness.state().agreement().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.step();
    }
    harness.run();
    let report = harness.state().agreement().expect("computed");
    let (agreement, problems) = report.result.as_ref().unwrap();
    assert!(problems.is_empty());
    assert_eq!(agreement.annotators, ["alice", "bob", "carol"]);
    harness.get_by_label("Per label");
    // Plurals, the per-label F1 columns, and a label nobody used is "no spans", not a score of 0.
    harness.get_by_label_contains("3 analysts, ");
    harness.get_by_label("lenient F1");
    harness.get_by_label("exact F1");
    assert!(harness.query_by_label_contains("-0.00").is_none());
}

#[test]
fn export_runs_in_the_background_and_writes_jsonl() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    let (start, _) = tag_figure(&mut harness, "533人");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    harness.get_by_label("Export").click();
    // Stepped, not run: the spinner repaints for as long as the export takes (longer on a busy machine).
    harness.step();
    // The window keeps drawing while the export runs; it reports when the worker is done.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while harness.state().exporting() && std::time::Instant::now() < deadline {
        std::thread::yield_now();
        harness.step();
    }
    assert!(!harness.state().exporting(), "the export finished");
    let message = harness.state().message().text.clone();
    assert!(
        message.starts_with("exported 5 documents, 1 span as jsonl"),
        "{message}"
    );
    // By default beside the workspace, never inside it.
    let root = harness
        .state()
        .session()
        .unwrap()
        .workspace()
        .root()
        .to_owned();
    let out_dir = spantag::ui::export::default_out_dir(&root);
    let jsonl = std::fs::read_to_string(out_dir.join("corpus.jsonl")).unwrap();
    std::fs::remove_dir_all(&out_dir).unwrap();
    let line = jsonl
        .lines()
        .find(|l| l.contains(FIRST))
        .expect("the first report is exported");
    let doc: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(doc["spans"][0]["start"], start);
    assert_eq!(doc["spans"][0]["text"], "533人");
}

#[test]
fn conflicts_a_merge_left_in_a_file_are_decided_in_the_editor() {
    let dir = team_workspace();
    let ws = spantag::store::Workspace::open(dir.path()).unwrap();
    let merged = merge_first_report(&ws, "tester");
    let open = merged.conflicts.len();
    assert!(open > 1, "the fixture's analysts disagree");
    let path = ws.save_annotations(&merged).unwrap();

    let mut harness = harness_with(dir.path(), true);
    harness.run();
    assert!(
        harness
            .state()
            .message()
            .text
            .contains("undecided merge conflict"),
        "{}",
        harness.state().message().text
    );
    harness.get_by_label(&format!("Recorded conflicts: {open} open"));
    let file = |h: &Harness<'_, App>| {
        let doc = h.state().session().unwrap().current().unwrap();
        doc.editor.file().clone()
    };

    // F8 goes to the first conflict; "Keep none" removes its versions and settles it.
    harness.key_press(Key::F8);
    harness.run();
    assert_eq!(harness.state().recorded_conflict(), Some(0));
    let first = merged.conflicts[0].clone();
    harness.get_by_label("Keep none").click();
    harness.run();
    let after = file(&harness);
    assert_eq!(after.conflicts.len(), open - 1);
    assert_eq!(after.settled, vec![first.clone()]);
    let versions: Vec<(usize, &SpanKey)> = first
        .options
        .iter()
        .enumerate()
        .filter_map(|(k, o)| o.span.as_ref().map(|key| (k, key)))
        .collect();
    assert!(!versions.is_empty(), "the conflict has versions with spans");
    for (_, key) in &versions {
        assert!(after.spans.iter().all(|s| &s.key() != *key), "{key:?} kept");
    }
    harness.get_by_label(&format!("Recorded conflicts: {} open", open - 1));

    // Undo brings the spans and the open conflict back, as one step.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(file(&harness), merged);

    // Choosing the first version keeps exactly it; the saved file records the decision.
    harness.get_all_by_label("Choose").next().unwrap().click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = spantag::store::read_annotation_file(&path).unwrap();
    assert_eq!(saved.settled, vec![first.clone()]);
    assert_eq!(saved.conflicts.len(), open - 1);
    let spans: Vec<SpanKey> = saved.spans.iter().map(|s| s.key()).collect();
    for (k, key) in &versions {
        assert_eq!(spans.contains(key), *k == 0, "option {k}: {key:?}");
    }

    // Deciding the last conflict and undoing it shows the reopened conflict again, where it was.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::F8);
    harness.run();
    let last = file(&harness).conflicts.len() - 1;
    assert_eq!(harness.state().recorded_conflict(), Some(last));
    harness.get_by_label("Keep none").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().recorded_conflict(), Some(last));
}

#[test]
fn alt_arrows_while_adjudicating_rebuild_the_view_or_stop() {
    let dir = team_workspace();
    // A third report nobody has annotated: it cannot be adjudicated.
    std::fs::write(dir.path().join("zsolo.txt"), "累计投入3.698亿元。").unwrap();
    let mut harness = harness_with(dir.path(), true);
    harness.run();
    adjudicate(&mut harness);
    let viewed = |h: &Harness<'_, App>| {
        let adj = h.state().adjudication().expect("adjudicating");
        adj.view().analysis().document.file.clone()
    };
    assert_eq!(viewed(&harness), "notice.txt");

    // The next report has three analysts' files: the view is rebuilt for it, and its decisions go to its gold.
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    harness.run();
    assert_eq!(viewed(&harness), "tianqiao.txt");
    let session = harness.state().session().unwrap();
    assert_eq!(session.annotator(), "gold");
    assert_eq!(
        session.current().unwrap().editor.file().document.file,
        "tianqiao.txt"
    );

    // The last one has none: adjudication stops, back to the analyst, and the status bar says why.
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    harness.run();
    assert!(harness.state().adjudication().is_none());
    let session = harness.state().session().unwrap();
    assert_eq!(session.annotator(), "tester");
    assert_eq!(
        session.current().unwrap().editor.file().document.file,
        "zsolo.txt"
    );
    let message = harness.state().message();
    assert!(message.is_error, "{}", message.text);
    assert!(
        message.text.contains("at least two analysts' files")
            && message.text.contains("adjudication stopped"),
        "{}",
        message.text
    );
}

#[test]
fn conflicts_the_analysts_no_longer_show_are_withdrawn_in_one_step() {
    use spantag::model::{Conflict, ConflictKind, ConflictOption};
    let dir = team_workspace();
    let ws = spantag::store::Workspace::open(dir.path()).unwrap();
    let mut gold = merge_first_report(&ws, "gold");
    // A conflict recorded before alice changed her work: the analysts' files no longer show it.
    let outdated = Conflict {
        kind: ConflictKind::Missing,
        origin: spantag::model::ConflictOrigin::Analysts,
        start: 0,
        end: 2,
        options: vec![
            ConflictOption {
                span: None,
                annotators: vec!["bob".into()],
            },
            ConflictOption {
                span: Some(SpanKey {
                    start: 0,
                    end: 2,
                    label: "Measure".into(),
                }),
                annotators: vec!["alice".into()],
            },
        ],
    };
    gold.conflicts.push(outdated.clone());
    // And one a conflicted git merge recorded between branches: not the analysts', so it stays.
    let branches = Conflict {
        kind: ConflictKind::Label,
        origin: spantag::model::ConflictOrigin::Branches,
        start: 0,
        end: 2,
        options: ["Measure", "Figure"]
            .iter()
            .zip([spantag::merge3::OURS, spantag::merge3::THEIRS])
            .map(|(label, side)| ConflictOption {
                span: Some(SpanKey {
                    start: 0,
                    end: 2,
                    label: (*label).into(),
                }),
                annotators: vec![side.into()],
            })
            .collect(),
    };
    gold.conflicts.push(branches.clone());
    gold.normalize();
    let recorded = gold.conflicts.len();
    ws.save_annotations(&gold).unwrap();

    let mut harness = harness_with(dir.path(), true);
    harness.run();
    adjudicate(&mut harness);
    let message = harness.state().message().text.clone();
    assert!(
        message.contains("1 open conflict the analysts no longer show")
            && message.contains("1 conflict from a git merge"),
        "{message}"
    );
    let open = |h: &Harness<'_, App>| {
        let doc = h.state().session().unwrap().current().unwrap();
        doc.editor.file().conflicts.clone()
    };
    assert!(open(&harness).contains(&outdated));
    harness.get_by_label("Withdraw them").click();
    harness.run();
    let after = open(&harness);
    assert!(!after.contains(&outdated) && after.contains(&branches));
    assert_eq!(after.len(), recorded - 1, "only the outdated one goes");
    assert!(harness.query_by_label("Withdraw them").is_none());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(open(&harness).contains(&outdated), "undo brings it back");
}

#[test]
fn the_workspace_trim_setting_wins_over_the_personal_toggle() {
    // The analyst's own toggle is on (the default); the workspace says no trimming.
    let dir = sample_workspace();
    std::fs::write(dir.path().join("spantag.ron"), "(trim_boundaries: false)").unwrap();
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("trim: off (workspace)");
    let (start, end) = locate(&harness, "7337人、");
    drag_over(&mut harness, start, end);
    harness.key_press(Key::Num2);
    harness.run();
    assert_eq!(
        spans(&harness),
        vec![SpanKey {
            start,
            end,
            label: "Figure".into()
        }],
        "the enumeration comma stays in the span: the workspace does not trim"
    );

    // Without a workspace setting the analyst's toggle decides, and trims.
    let dir = sample_workspace();
    let mut harness = harness_with(dir.path(), false);
    harness.run();
    harness.get_by_label("trim: on (yours)");
    let (start, end) = locate(&harness, "7337人、");
    drag_over(&mut harness, start, end);
    harness.key_press(Key::Num2);
    harness.run();
    assert_eq!(
        spans(&harness),
        vec![SpanKey {
            start,
            end: end - 1,
            label: "Figure".into()
        }]
    );
}

#[test]
fn the_shortcut_list_shows_every_key_of_a_command() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Keyboard shortcuts").click();
    harness.run();
    let ctx = egui::Context::default();
    for command in [
        spantag::ui::commands::UiCommand::DeleteSpan,
        spantag::ui::commands::UiCommand::Redo,
    ] {
        let keys: Vec<String> = command.keys().map(|k| ctx.format_shortcut(&k)).collect();
        assert_eq!(keys.len(), 2, "{command:?}: a shortcut and an alias");
        harness.get_by_label(&keys.join(", "));
    }
}

#[test]
fn a_switch_whose_save_fails_keeps_the_edits_and_says_why() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    // The analyst's annotation folder cannot be written: a file stands where it should be (a read-only folder
    // would not do when the tests run as root).
    std::fs::create_dir_all(dir.path().join("annotations")).unwrap();
    std::fs::write(dir.path().join("annotations/tester"), "in the way").unwrap();
    let (start, end) = tag_figure(&mut harness, "533人");
    let figure = SpanKey {
        start,
        end,
        label: "Figure".into(),
    };

    // The next report: not opened, the edit stays, and the status bar says why.
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    harness.run();
    assert!(
        harness.state().title().contains(FIRST),
        "{}",
        harness.state().title()
    );
    assert_eq!(spans(&harness), vec![figure.clone()]);
    let message = harness.state().message();
    assert!(message.is_error, "{}", message.text);
    assert!(
        message.text.contains("not saved") && message.text.contains("annotations/tester"),
        "{}",
        message.text
    );

    // Once the folder can be written again, the same switch saves and goes.
    std::fs::remove_file(dir.path().join("annotations/tester")).unwrap();
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    harness.run();
    assert!(
        harness.state().title().contains("001_"),
        "{}",
        harness.state().title()
    );
    let saved = spantag::store::read_annotation_file(
        &dir.path()
            .join("annotations/tester/000_fbee6a6195c1ab1b.ron"),
    )
    .expect("saved on the way");
    assert_eq!(saved.spans.len(), 1);
}

#[test]
fn the_status_bar_says_when_a_report_had_bytes_replaced_or_is_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    // Valid UTF-8 but for one stray byte: read as UTF-8 with that byte replaced, and the analyst is told.
    let mut damaged = "天桥区推行村级工作制，共帮扶523人。".as_bytes().to_vec();
    damaged.insert(9, 0xFF);
    std::fs::write(dir.path().join("a_damaged.txt"), &damaged).unwrap();
    // The replacement character U+FFFD is in no bundled font: allow the missing glyph.
    let mut harness = harness_with(dir.path(), true);
    harness.run();
    // Finding the warning is the assertion: `get_by_label_contains` fails the test when nothing matches.
    harness.get_by_label_contains("1 byte sequence replaced");
    assert!(
        harness.query_by_label_contains("UTF-8").is_none(),
        "a UTF-8 report's encoding goes unsaid"
    );

    // A clean UTF-8 report says nothing about how it was read.
    let clean = tempfile::tempdir().unwrap();
    std::fs::write(clean.path().join("b.txt"), "共帮扶523人。").unwrap();
    let mut harness = harness_with(clean.path(), false);
    harness.run();
    assert!(harness.query_by_label_contains("replaced").is_none());
}

#[test]
fn a_selected_figure_shows_its_value() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    tag_figure(&mut harness, "533人");
    // The new span is selected; its value is read by the figure engine.
    harness.get_by_label("Value: 533 人");
    // A Figure the engine cannot read says so instead of showing a wrong value.
    let (start, end) = locate(&harness, "桥头堡");
    drag_over(&mut harness, start, end);
    harness.key_press(Key::Num2);
    harness.run();
    harness.get_by_label_contains("Value: none read");
}

/// Edits a session left unsaved (the app killed) come back on opening, and the status bar says so.
#[test]
fn unsaved_edits_of_a_killed_session_come_back_with_a_message() {
    let dir = sample_workspace();
    let mut session = spantag::session::Session::open(dir.path(), "tester").unwrap();
    session.open_doc(0);
    let text = session.current().unwrap().editor.text().clone();
    let (start, end) = find_all(&text, "533人")[0];
    let span = session
        .current()
        .unwrap()
        .editor
        .new_span(start, end, "Figure");
    session
        .apply(spantag::edit::Edit::Add(span.clone()))
        .unwrap();
    drop(session); // never saved

    let mut harness = harness(dir.path());
    harness.run();
    let message = harness.state().message();
    assert!(
        !message.is_error && message.text.contains("Recovered 1 unsaved edit of"),
        "{}",
        message.text
    );
    assert_eq!(spans(&harness), vec![span.key()]);
    assert!(harness.state().session().unwrap().is_dirty());
}

/// A report revised since it was annotated opens with its spans found again; the status bar says what moved
/// and the right panel lists the orphans.
#[test]
fn a_revised_report_opens_re_anchored_with_its_orphans_listed() {
    let dir = sample_workspace();
    let mut session = spantag::session::Session::open(dir.path(), "tester").unwrap();
    session.open_doc(0);
    let text = session.current().unwrap().editor.text().clone();
    for needle in ["533人", "406起"] {
        let (start, end) = find_all(&text, needle)[0];
        let span = session
            .current()
            .unwrap()
            .editor
            .new_span(start, end, "Figure");
        session.apply(spantag::edit::Edit::Add(span)).unwrap();
    }
    session.save().unwrap();
    drop(session);
    let path = dir.path().join(FIRST);
    let revised = std::fs::read_to_string(&path)
        .unwrap()
        .replace("406起", "407起");
    std::fs::write(&path, format!("编者按：𠮷本文有修订。\n{revised}")).unwrap();

    let mut harness = harness_with(dir.path(), true);
    harness.run();
    let message = harness.state().message();
    assert!(
        message.text.contains("changed since it was annotated")
            && message.text.contains("1 span moved")
            && message.text.contains("1 orphan"),
        "{}",
        message.text
    );
    let doc = harness.state().session().unwrap().current().unwrap();
    let moved = &doc.editor.spans()[0];
    assert_eq!(doc.editor.text().slice(moved.start, moved.end), "533人");
    harness.get_by_label_contains("Orphans (1)");
}

#[test]
fn undo_selects_and_scrolls_to_where_the_undone_edit_was() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    let (start, end) = tag_figure(&mut harness, "533人");
    let key = SpanKey {
        start,
        end,
        label: "Figure".into(),
    };
    // Relabel, then leave the span: scroll to the top and clear the selection.
    harness.key_press(Key::Num3);
    harness.run();
    harness.key_press(Key::Escape);
    harness.state_mut().scroll_to_char(0);
    harness.run();
    assert!(harness.state().selected().is_none());
    assert!(
        harness.state().char_rect(start).is_none(),
        "the span is off screen"
    );
    // Undo the relabel: the span is selected again, as a Figure, and on screen.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().selected(), Some(&key));
    assert!(
        harness.state().char_rect(start).is_some(),
        "scrolled back to the span"
    );
    // Undo the tagging: nothing is selected, and the view stays where the span was.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(spans(&harness).is_empty());
    assert!(harness.state().selected().is_none());
    assert!(harness.state().char_rect(start).is_some());
}

#[test]
fn the_status_bar_keeps_its_fields_in_place_and_a_typed_note_is_saved_not_called_nothing() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    // The distance from the saved / unsaved field to the next field does not change with its text.
    let gap = |h: &Harness<'_, App>, state: &str| {
        h.get_by_label("Annotator:").rect().left() - h.get_by_label(state).rect().left()
    };
    let saved_gap = gap(&harness, "saved");
    tag_figure(&mut harness, "533人");
    assert!(harness.state().is_dirty());
    assert_eq!(
        gap(&harness, "● unsaved"),
        saved_gap,
        "the unsaved mark moved the fields after it"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    // A note typed but not yet committed: Ctrl+S saves it, and does not say "nothing to save".
    let note = harness.get_by_label("Note:");
    note.focus();
    note.type_text("persons disciplined");
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let message = &harness.state().message().text;
    assert!(!message.contains("nothing to save"), "{message}");
    let doc = harness.state().session().unwrap().current().unwrap();
    assert_eq!(
        doc.editor.spans()[0].note.as_deref(),
        Some("persons disciplined")
    );
    assert!(!harness.state().is_dirty());
}

/// At 900x600 the side panels give way so that the report keeps at least 30 characters a line.
#[test]
fn a_small_window_keeps_thirty_characters_a_line() {
    let dir = sample_workspace();
    let mut harness = gui_support::harness_sized(dir.path(), None, Vec2::new(900.0, 600.0));
    harness.run();
    let per_line = chars_per_line(&mut harness);
    assert!(
        per_line >= 30,
        "only {per_line} characters a line at 900x600"
    );
}

/// The characters of the first full line of the open report's first long paragraph (those sharing its top).
fn chars_per_line(harness: &mut Harness<'_, App>) -> usize {
    let doc = harness.state().session().unwrap().current().unwrap();
    let text = doc.editor.text().as_str().to_owned();
    let start = text
        .lines()
        .scan(0usize, |at, line| {
            let here = *at;
            *at += line.chars().count() + 1;
            Some((here, line.chars().count()))
        })
        .find(|(_, n)| *n > 120)
        .map(|(at, _)| at)
        .unwrap();
    harness.state_mut().scroll_to_char(start);
    harness.run();
    let top = harness.state().char_rect(start).unwrap().top();
    (start..start + 120)
        .take_while(|&i| {
            harness
                .state()
                .char_rect(i)
                .is_some_and(|r| (r.top() - top).abs() < 1.0)
        })
        .count()
}

/// Tagging without the mouse beyond one click: the caret, Shift+→ to select, the label's key.
#[test]
fn a_click_puts_the_caret_and_shift_arrows_select_for_tagging() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    let (start, end) = locate(&harness, "533人");
    harness.state_mut().scroll_to_char(start);
    harness.run();
    // The caret goes before the character clicked near its left edge.
    let before = harness.state().char_rect(start - 1).unwrap();
    let at = Pos2::new(before.right() - 1.0, before.center().y);
    harness.hover_at(at);
    harness.step();
    harness.drag_at(at);
    harness.step();
    harness.drop_at(at);
    harness.run();
    // → and ← move the caret (there and back); a caret is not a selection.
    harness.key_press(Key::ArrowRight);
    harness.run();
    harness.key_press(Key::ArrowLeft);
    harness.run();
    assert_eq!(
        harness.state().text_selection(),
        None,
        "a caret is not a selection"
    );
    for _ in start..end {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
        harness.run();
    }
    assert_eq!(harness.state().text_selection(), Some((start, end)));
    harness.key_press(Key::Num2);
    harness.run();
    assert!(
        spans(&harness)
            .iter()
            .any(|k| (k.start, k.end) == (start, end) && k.label == "Figure")
    );
}

/// View ▸ Show label tags makes room above each line for the tags (and is remembered).
#[test]
fn label_tags_make_the_lines_taller_and_are_a_setting() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    let (start, _) = tag_figure(&mut harness, "533人");
    let height = |h: &Harness<'_, App>| h.state().char_rect(start).unwrap().height();
    let plain = height(&harness);
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Show label tags").click();
    harness.run();
    assert!(harness.state().settings().label_tags);
    harness.state_mut().scroll_to_char(start);
    harness.run();
    assert!(
        height(&harness) > plain * 1.3,
        "{} vs {plain}",
        height(&harness)
    );
}

/// On a wide screen a line holds about 45 characters, not 90; View ▸ Full-width text lets it run.
#[test]
fn a_wide_window_keeps_lines_readable_unless_asked() {
    let dir = sample_workspace();
    let mut harness = gui_support::harness_sized(dir.path(), None, Vec2::new(1920.0, 1080.0));
    harness.run();
    let readable = chars_per_line(&mut harness);
    assert!(
        (40..=46).contains(&readable),
        "{readable} characters a line"
    );
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Full-width text").click();
    harness.run();
    let full = chars_per_line(&mut harness);
    assert!(full > 55, "{full} characters a line at full width");
}

/// Without a click, the arrows put the caret at the start of what is on screen; Shift+→ then selects from it.
#[test]
fn the_arrows_alone_put_a_caret_to_select_from() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    harness.key_press(Key::ArrowRight);
    harness.run();
    for _ in 0..3 {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
        harness.run();
    }
    assert_eq!(harness.state().text_selection(), Some((0, 3)));
}
