//! An analyst's first hour in the workbench (issue 16), driven as they drive it (egui_kittest): saying who they
//! are, exporting without writing into the workspace, dragging over characters, marking reports done, finding
//! across scripts.
#![cfg(feature = "gui")]

mod gui_support;

use std::path::Path;

use egui::{Key, Modifiers, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use spantag::find::find_all;
use spantag::model::Status;
use spantag::ui::{App, Settings};

const FIRST: &str = "000_fbee6a6195c1ab1b.txt";

use gui_support::sample_workspace;

fn harness_as(dir: &Path, annotator: &str) -> Harness<'static, App> {
    let settings = Settings {
        annotator: annotator.into(),
        ..Settings::default()
    };
    let app = App::new(settings, Some(dir.to_owned())).without_native_dialogs();
    Harness::builder()
        .with_size(Vec2::new(1280.0, 800.0))
        .with_max_steps(64)
        .with_context_setup(spantag::ui::fonts::install)
        // The team fixture has CJK Extension B characters, which only the system's fonts cover.
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

fn harness(dir: &Path) -> Harness<'static, App> {
    harness_as(dir, "tester")
}

/// Offsets of the first occurrence of `needle` in the open report.
fn locate(harness: &Harness<'_, App>, needle: &str) -> (usize, usize) {
    let doc = harness.state().session().unwrap().current().unwrap();
    find_all(doc.editor.text(), needle)[0]
}

/// Drags the pointer from `from` to `to` (screen points) in small steps, as a hand does.
fn drag(harness: &mut Harness<'_, App>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.step();
    harness.drag_at(from);
    harness.step();
    harness.hover_at(from + (to - from) * 0.1 + Vec2::new(6.0, 0.0));
    harness.step();
    harness.hover_at(to);
    harness.step();
    harness.drop_at(to);
    harness.run();
}

/// Types `text` into the focused field, replacing what it holds, and presses Enter.
fn type_and_enter(harness: &mut Harness<'_, App>, text: &str) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.event(egui::Event::Text(text.into()));
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
}

fn open_annotator(harness: &Harness<'_, App>) -> String {
    harness.state().session().unwrap().annotator().to_owned()
}

// ---- Who am I ----

#[test]
fn the_status_bar_name_is_editable_and_saves_under_the_old_name_first() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    // An unsaved edit as "tester".
    let (start, end) = locate(&harness, "533人");
    harness.state_mut().scroll_to_char(start);
    harness.run();
    let first = harness.state().char_rect(start).unwrap();
    let last = harness.state().char_rect(end - 1).unwrap();
    drag(
        &mut harness,
        Pos2::new(first.left() + 1.0, first.center().y),
        Pos2::new(last.right() - 1.0, last.center().y),
    );
    harness.key_press(Key::Num2);
    harness.run();
    assert!(harness.state().is_dirty());

    harness.get_by_label("Annotator:").click();
    harness.run();
    type_and_enter(&mut harness, "dana");
    assert_eq!(harness.state().settings().annotator, "dana");
    assert_eq!(open_annotator(&harness), "dana");
    // The edit was saved as tester's before the switch; dana starts on the same report, with no spans.
    let saved = dir
        .path()
        .join("annotations/tester")
        .join(FIRST.replace(".txt", ".ron"));
    let file = spantag::store::read_annotation_file(&saved).expect("saved under the old name");
    assert_eq!(file.spans.len(), 1);
    let doc = harness.state().session().unwrap().current().unwrap();
    assert_eq!(
        harness.state().session().unwrap().docs()[doc.index].path,
        FIRST
    );
    assert!(doc.editor.spans().is_empty());
    assert!(
        harness.state().message().text.contains("annotations/dana/"),
        "{}",
        harness.state().message().text
    );
}

#[test]
fn a_bad_name_is_refused_with_the_rule_and_the_old_name_stays() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    harness.get_by_label("Annotator:").click();
    harness.run();
    type_and_enter(&mut harness, "a/b");
    assert_eq!(open_annotator(&harness), "tester");
    let message = harness.state().message();
    assert!(
        message.is_error && message.text.contains("must not contain"),
        "{}",
        message.text
    );
    harness.get_by_label("Annotator:").click();
    harness.run();
    type_and_enter(&mut harness, "gold");
    assert_eq!(open_annotator(&harness), "tester");
    assert!(harness.state().message().text.contains("merged results"));
    // Leaving the field without Enter changes nothing, and the field shows the name in force again.
    harness.get_by_label("Annotator:").click();
    harness.run();
    harness.event(egui::Event::Text("zz".into()));
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(open_annotator(&harness), "tester");
}

#[test]
fn first_start_asks_who_you_are_before_opening_anything() {
    let dir = sample_workspace();
    let mut harness = harness_as(dir.path(), "");
    harness.run();
    assert!(harness.state().asking_name());
    assert!(harness.state().session().is_none(), "nothing opened yet");
    harness.get_by_label("Who are you?");
    // The name field has focus: type and press Enter.
    type_and_enter(&mut harness, "erin");
    assert!(!harness.state().asking_name());
    assert_eq!(harness.state().settings().annotator, "erin");
    assert_eq!(open_annotator(&harness), "erin");
    assert!(harness.state().session().unwrap().current().is_some());
    assert!(!dir.path().join("annotations/analyst").exists());
}

/// A folder dropped on the window.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        Err("a folder".into())
    }
}

#[test]
fn a_folder_dropped_before_the_name_is_given_opens_once_it_is() {
    let dir = sample_workspace();
    let other = sample_workspace();
    std::fs::remove_file(other.path().join(FIRST)).unwrap();
    let mut harness = harness_as(dir.path(), "");
    harness.run();
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(other.path().to_owned())));
    harness.run();
    assert!(
        harness.state().session().is_none(),
        "still waiting for the name"
    );
    type_and_enter(&mut harness, "erin");
    let session = harness.state().session().unwrap();
    assert_eq!(session.docs().len(), 4, "the dropped workspace opened");
    assert!(
        !other.path().join("annotations").exists()
            || other.path().join("annotations/erin").exists()
    );
}

// ---- Never inside the workspace by accident ----

/// Opens File ▸ Export (Ctrl+E) and replaces the output path with `out` (when given).
fn open_export(harness: &mut Harness<'_, App>, out: Option<&Path>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    if let Some(out) = out {
        harness.get_by_label("File:").click();
        harness.run();
        harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
        harness.event(egui::Event::Text(out.display().to_string()));
        harness.run();
    }
}

fn finish_export(harness: &mut Harness<'_, App>) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while harness.state().exporting() && std::time::Instant::now() < deadline {
        std::thread::yield_now();
        harness.step();
    }
    assert!(!harness.state().exporting(), "the export finished");
}

#[test]
fn export_defaults_beside_the_workspace_and_refuses_inside_it() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    let root = harness
        .state()
        .session()
        .unwrap()
        .workspace()
        .root()
        .to_owned();
    // Inside the workspace: refused, with the reason in the window and the status bar; nothing written.
    let inside = root.join("export/corpus.jsonl");
    open_export(&mut harness, Some(&inside));
    harness.get_by_label("Export").click();
    harness.run();
    assert!(!harness.state().exporting());
    let message = harness.state().message();
    assert!(
        message.is_error && message.text.contains("inside the workspace"),
        "{}",
        message.text
    );
    assert!(!root.join("export").exists());
    harness.get_by_label("Close").click();
    harness.run();

    // The default: a folder beside the workspace, named after it; the full path is shown.
    open_export(&mut harness, None);
    let default = spantag::ui::export::default_out_dir(&root).join("corpus.jsonl");
    assert!(!default.starts_with(&root));
    assert_eq!(default.parent().unwrap().parent(), root.parent());
    harness.get_by_label(&format!("Writes {}", default.display()));
    // Browse… never opens a system dialog here: it says to type the path.
    harness.get_by_label("Browse…").click();
    harness.run();
    assert!(
        harness
            .state()
            .message()
            .text
            .contains("type where to write")
    );
    harness.get_by_label("Export").click();
    harness.run();
    finish_export(&mut harness);
    let written = default.is_file();
    std::fs::remove_dir_all(default.parent().unwrap()).unwrap();
    assert!(written, "{}", harness.state().message().text);
}

#[test]
fn the_export_window_filters_labels_like_the_command_line() {
    let dir = sample_workspace();
    let out = tempfile::tempdir().unwrap();
    let mut harness = harness(dir.path());
    harness.run();
    for (needle, key) in [
        ("533人", Key::Num2),
        ("查处乡村振兴领域相关问题", Key::Num1),
    ] {
        let (start, end) = locate(&harness, needle);
        harness.state_mut().scroll_to_char(start);
        harness.run();
        let first = harness.state().char_rect(start).unwrap();
        let last = harness.state().char_rect(end - 1).unwrap();
        drag(
            &mut harness,
            Pos2::new(first.left() + 1.0, first.center().y),
            Pos2::new(last.right() - 1.0, last.center().y),
        );
        harness.key_press(key);
        harness.run();
    }
    let csv = out.path().join("spans.csv");
    open_export(&mut harness, None);
    harness.get_by_label("Format").click();
    harness.run();
    harness.get_by_label("csv").click();
    harness.run();
    harness.get_by_label("File:").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text(csv.display().to_string()));
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::CheckBox, "Measure")
        .click();
    harness.run();
    harness.get_by_label("Export").click();
    harness.run();
    finish_export(&mut harness);
    let written = std::fs::read_to_string(&csv).expect("exported");
    assert!(written.contains("Figure"), "{written}");
    assert!(!written.contains("Measure"), "{written}");
}

// ---- Tagging without fighting the mouse ----

/// A point `fraction` of the way across character `at`, at its middle height.
fn inside(harness: &Harness<'_, App>, at: usize, fraction: f32) -> Pos2 {
    let rect = harness.state().char_rect(at).expect("on screen");
    Pos2::new(rect.left() + rect.width() * fraction, rect.center().y)
}

#[test]
fn a_drag_takes_every_character_the_pointer_touched() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    // The second report holds both texts the analyst could not drag over.
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    harness.run();
    for needle in ["0.68%", "加大政府投入"] {
        let (start, end) = locate(&harness, needle);
        harness.state_mut().scroll_to_char(start);
        harness.run();
        // From the right part of the first character to the left part of the last: both are in.
        let from = inside(&harness, start, 0.7);
        let to = inside(&harness, end - 1, 0.3);
        drag(&mut harness, from, to);
        assert_eq!(
            harness.state().text_selection(),
            Some((start, end)),
            "{needle}"
        );
        // The same backwards.
        harness.key_press(Key::Escape);
        harness.run();
        drag(&mut harness, to, from);
        assert_eq!(
            harness.state().text_selection(),
            Some((start, end)),
            "{needle} backwards"
        );
        harness.key_press(Key::Escape);
        harness.run();
    }
}

#[test]
fn ctrl_d_marks_done_and_a_done_report_in_progress_again() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    let status = |h: &Harness<'_, App>| {
        let doc = h.state().session().unwrap().current().unwrap();
        doc.editor.file().status
    };
    assert_eq!(status(&harness), Status::Todo);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::D);
    harness.run();
    assert_eq!(status(&harness), Status::Done, "Ctrl+D on a todo report");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::D);
    harness.run();
    assert_eq!(
        status(&harness),
        Status::InProgress,
        "Ctrl+D on a done report"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::D);
    harness.run();
    assert_eq!(
        status(&harness),
        Status::Done,
        "Ctrl+D on an in-progress report"
    );
}

// ---- Find ----

#[test]
fn find_matches_any_script_by_default_and_exactly_when_asked() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    // The second report is in Traditional characters: 脫貧.
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    harness.run();
    let traditional = {
        let doc = harness.state().session().unwrap().current().unwrap();
        find_all(doc.editor.text(), "脫貧").len()
    };
    assert!(traditional > 0);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.event(egui::Event::Text("脱贫".into()));
    harness.run();
    let found = harness.state().find_matches().to_vec();
    assert!(found.len() >= traditional, "{found:?}");
    let doc = harness.state().session().unwrap().current().unwrap();
    let (start, end) = found[0];
    let text: String = doc
        .editor
        .text()
        .as_str()
        .chars()
        .skip(start)
        .take(end - start)
        .collect();
    assert!(text == "脫貧" || text == "脱贫", "{text}");
    // Turned off, the Simplified query finds only Simplified text.
    harness.get_by_label("any script").click();
    harness.run();
    let exact = {
        let doc = harness.state().session().unwrap().current().unwrap();
        find_all(doc.editor.text(), "脱贫").len()
    };
    assert_eq!(harness.state().find_matches().len(), exact);
    assert!(exact < found.len());
}

#[test]
fn find_in_workspace_lists_reports_off_the_ui_thread_and_opens_one_at_a_match() {
    let dir = sample_workspace();
    let mut harness = harness(dir.path());
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    // The query field has focus: type, Enter searches.
    harness.event(egui::Event::Text("扶贫领域".into()));
    harness.run();
    harness.key_press(Key::Enter);
    harness.step();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while harness.state().workspace_searching() && std::time::Instant::now() < deadline {
        std::thread::yield_now();
        harness.step();
    }
    harness.run();
    let (query, found) = harness.state().workspace_search().expect("searched");
    assert_eq!(query, "扶贫领域");
    // Every report that has it, Traditional (脫貧) ones included, counted as the core counts them.
    let ws = spantag::store::Workspace::open(dir.path()).unwrap();
    let mut expected = Vec::new();
    for doc in ws.documents() {
        let text = ws.load_text(doc).unwrap();
        let n = spantag::find::find_matching(&text, "扶贫领域", spantag::find::Matching::AnyScript)
            .len();
        if n > 0 {
            expected.push((doc.clone(), n));
        }
    }
    let listed: Vec<(String, usize)> = found
        .reports
        .iter()
        .map(|r| (r.doc.clone(), r.count))
        .collect();
    assert_eq!(listed, expected);
    let second = found
        .reports
        .iter()
        .find(|r| r.doc.starts_with("001_"))
        .expect("the Traditional report is found")
        .clone();
    assert_eq!(second.count, 1);
    harness.get_by_label(&format!("{}: 1 match", second.doc));
    // Clicking a match of another report opens it there, with the match selected and the find bar on it.
    let hit = &second.hits[0];
    harness.get_by_label(&hit.context).click();
    harness.run();
    let app = harness.state();
    let session = app.session().unwrap();
    let doc = session.current().unwrap();
    assert_eq!(session.docs()[doc.index].path, second.doc);
    assert_eq!(app.text_selection(), Some((hit.start, hit.end)));
    assert_eq!(app.find_matches().len(), second.count);
    let text: String = doc
        .editor
        .text()
        .as_str()
        .chars()
        .skip(hit.start)
        .take(4)
        .collect();
    assert_eq!(text, "扶貧領域");
}

// ---- Knowing where the work stands ----

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

#[test]
fn team_progress_shows_every_analyst_per_report_with_totals() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/team"),
        dir.path(),
    );
    let mut harness = harness_as(dir.path(), "alice");
    harness.run();
    harness.get_by_label("Team").click();
    harness.run();
    harness.get_by_label_contains("Progress").click();
    harness.run();
    // Read off the window's thread; the window draws meanwhile.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while harness.state().progress().is_none() && std::time::Instant::now() < deadline {
        std::thread::yield_now();
        harness.step();
    }
    harness.run();
    let progress = harness
        .state()
        .progress()
        .expect("the window is open")
        .clone();
    // The same table as `spantag stats --by-report`.
    let ws = spantag::store::Workspace::open(dir.path()).unwrap();
    assert_eq!(progress, spantag::progress::progress(&ws));
    assert_eq!(progress.annotators, ["alice", "bob", "carol"]);
    harness.get_by_label("carol");
    harness.get_by_label("in progress · 14 spans");
    harness.get_by_label("carol: 1 todo, 1 in progress, 0 done; 14 spans");
    harness.get_by_label("gold: 0 of 2 reports, 0 with undecided conflicts");
    assert!(
        harness.query_all_by_label("no file").count() >= 1,
        "carol has no file for the notice"
    );
}
