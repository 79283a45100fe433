//! The help windows as an analyst sees them (egui_kittest): the guidelines as formatted text without the
//! source's line breaks (or a workspace's own guidelines), and the shortcut list grouped by menu with keys
//! written as people write them.
#![cfg(feature = "gui")]

mod gui_support;

use egui_kittest::kittest::Queryable as _;

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), "贫困发生率降至0.68%。\n").unwrap();
    dir
}

#[test]
fn the_guidelines_read_as_paragraphs_not_source_lines() {
    let dir = workspace();
    let mut harness = gui_support::harness_on(dir.path(), None);
    harness.key_press(egui::Key::F1);
    harness.run();
    // One paragraph of the source spans two lines; the window shows it as one text that wraps to its width.
    harness.get_by_label(
        "A concrete action, programme, mechanism, rule or method that an actor (a county, a bureau, cadres) put \
         in place or carried out to reduce poverty. Tag the shortest span that still says what was done.",
    );
    harness.get_by_label("贫困发生率降至0.68%");
    assert!(harness.query_by_label_contains("The app should").is_none());
}

#[test]
fn a_workspace_brings_its_own_guidelines() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("guidelines.md"),
        "# Our rules\n\nTag **every** figure,\nwith its unit.\n",
    )
    .unwrap();
    let mut harness = gui_support::harness_on(dir.path(), None);
    harness.key_press(egui::Key::F1);
    harness.run();
    harness.get_by_label("Our rules");
    harness.get_by_label("Tag every figure, with its unit.");
    assert!(harness.query_by_label("Measure (措施)").is_none());
}

#[test]
fn the_shortcut_list_is_grouped_by_menu_with_keys_as_written() {
    let dir = workspace();
    let mut harness = gui_support::harness_on(dir.path(), None);
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Keyboard shortcuts").click();
    harness.run();
    for group in ["Labels", "File", "Edit", "View", "Team", "Help"] {
        assert!(
            harness.query_all_by_label(group).count() >= 1,
            "no {group} group"
        );
    }
    assert!(harness.query_all_by_label(".").count() >= 1);
    harness.get_by_label("Ctrl+=");
    assert!(harness.query_by_label_contains("Period").is_none());
    assert!(harness.query_by_label_contains("Equals").is_none());
    // Undo is listed before Redo.
    let y = |name: &str| harness.get_by_label(name).rect().top();
    assert!(y("Undo") < y("Redo"));
}
