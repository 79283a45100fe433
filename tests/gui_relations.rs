//! Links between spans driven as an analyst drives them (egui_kittest): select a span, press R, click another
//! span: they are linked and the link is drawn; relabelling a span keeps its link; deleting a span deletes its
//! links in one undo step; a link clicked on its label is selected and Delete removes it; when two types fit,
//! a menu asks (a type's hotkey answers); the View toggle draws only the selected span's links.
#![cfg(feature = "gui")]

mod gui_support;

use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use spantag::model::{AnnotationFile, DocRef, Relation, Span, SpanKey, Status};
use spantag::store::Workspace;
use spantag::ui::App;

/// 𠮷 0, 村 1, 贫困发生率降至0.68% 2..14 (Outcome), 0.68% 9..14 (Figure), 建立防返贫监测机制 15..24 (Measure).
const REPORT: &str = "𠮷村贫困发生率降至0.68%，建立防返贫监测机制。\r\n";

fn key(start: usize, end: usize, label: &str) -> SpanKey {
    SpanKey {
        start,
        end,
        label: label.into(),
    }
}

/// A workspace whose report has an Outcome, the Figure inside it and a Measure, tagged by `tester`; with
/// `config`, a `spantag.ron`.
fn workspace(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.txt"), REPORT).unwrap();
    if let Some(config) = config {
        std::fs::write(dir.path().join("spantag.ron"), config).unwrap();
    }
    let ws = Workspace::open(dir.path()).unwrap();
    let text = ws.load_text("report.txt").unwrap();
    let mut file = AnnotationFile::new(DocRef::of("report.txt", &text), "tester");
    file.status = Status::InProgress;
    file.spans = vec![
        Span::new(&text, 2, 14, "Outcome"),
        Span::new(&text, 9, 14, "Figure"),
        Span::new(&text, 15, 24, "Measure"),
    ];
    assert_eq!(file.spans[1].text, "0.68%");
    file.normalize();
    ws.save_annotations(&file).unwrap();
    dir
}

fn harness(dir: &std::path::Path) -> Harness<'static, App> {
    let mut harness = gui_support::harness_on(dir, Some("report.txt"));
    harness.run();
    harness
}

/// Clicks on character `at` of the report.
fn click_char(harness: &mut Harness<'_, App>, at: usize) {
    let rect = harness
        .state()
        .char_rect(at)
        .expect("the character is on screen");
    click(harness, rect.center());
}

fn click(harness: &mut Harness<'_, App>, at: Pos2) {
    harness.hover_at(at);
    harness.step();
    harness.drag_at(at);
    harness.step();
    harness.drop_at(at);
    harness.run();
}

fn press(harness: &mut Harness<'_, App>, key: Key) {
    harness.key_press(key);
    harness.run();
}

fn relations(harness: &Harness<'_, App>) -> Vec<Relation> {
    let doc = harness.state().session().unwrap().current().unwrap();
    doc.editor.file().relations.clone()
}

fn spans(harness: &Harness<'_, App>) -> Vec<SpanKey> {
    let doc = harness.state().session().unwrap().current().unwrap();
    doc.editor.spans().iter().map(|s| s.key()).collect()
}

fn undo(harness: &mut Harness<'_, App>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
}

/// Selects the Figure (click on 0.68%), presses R and clicks the Outcome (on 贫): Figure quantifies Outcome.
fn link_figure_to_outcome(harness: &mut Harness<'_, App>) {
    click_char(harness, 10);
    assert_eq!(harness.state().selected(), Some(&key(9, 14, "Figure")));
    press(harness, Key::R);
    assert!(harness.state().linking());
    click_char(harness, 3);
}

#[test]
fn r_then_a_click_links_and_the_link_is_drawn_and_undone() {
    let dir = workspace(None);
    let mut harness = harness(dir.path());
    assert!(harness.state().drawn_links().is_empty());
    link_figure_to_outcome(&mut harness);
    assert!(!harness.state().linking());
    assert_eq!(
        relations(&harness),
        [Relation::new(
            key(9, 14, "Figure"),
            key(2, 14, "Outcome"),
            "Quantifies"
        )]
    );
    harness.run();
    assert_eq!(harness.state().drawn_links().len(), 1, "the arrow is drawn");
    // The selected Figure's panel lists the link, in its direction.
    harness.get_by_label("Quantifies → 贫困发生率降至0.68%");
    // Clicking the other end from the Outcome links it the other way round (a Figure quantifies, whichever
    // was selected first): the Measure clicked from the Outcome is "Measure produces Outcome".
    click_char(&mut harness, 3);
    click_char(&mut harness, 3);
    assert_eq!(harness.state().selected(), Some(&key(2, 14, "Outcome")));
    press(&mut harness, Key::R);
    click_char(&mut harness, 16);
    assert_eq!(relations(&harness).len(), 2);
    assert!(
        relations(&harness)
            .iter()
            .any(|r| r.kind == "Produces" && r.from == key(15, 24, "Measure"))
    );
    harness.run();
    assert_eq!(harness.state().drawn_links().len(), 2);
    undo(&mut harness);
    undo(&mut harness);
    assert!(relations(&harness).is_empty());
    harness.run();
    assert!(harness.state().drawn_links().is_empty());
}

#[test]
fn relabelling_keeps_the_link_and_deleting_cascades_in_one_undo_step() {
    let dir = workspace(None);
    let mut harness = harness(dir.path());
    link_figure_to_outcome(&mut harness);
    // Select the Outcome and relabel it Measure (key 1): the link now points at the Measure.
    click_char(&mut harness, 3);
    click_char(&mut harness, 3);
    assert_eq!(harness.state().selected(), Some(&key(2, 14, "Outcome")));
    press(&mut harness, Key::Num1);
    assert_eq!(relations(&harness).len(), 1);
    assert_eq!(relations(&harness)[0].to, key(2, 14, "Measure"));
    undo(&mut harness);
    assert_eq!(relations(&harness)[0].to, key(2, 14, "Outcome"));

    // Delete the Figure: its link goes with it, and one undo brings both back.
    click_char(&mut harness, 10);
    assert_eq!(harness.state().selected(), Some(&key(9, 14, "Figure")));
    press(&mut harness, Key::Delete);
    assert_eq!(spans(&harness).len(), 2);
    assert!(relations(&harness).is_empty());
    undo(&mut harness);
    assert_eq!(spans(&harness).len(), 3);
    assert_eq!(relations(&harness).len(), 1);
}

#[test]
fn a_link_clicked_on_its_label_is_selected_and_delete_removes_it() {
    let dir = workspace(None);
    let mut harness = harness(dir.path());
    link_figure_to_outcome(&mut harness);
    harness.run();
    let (label, _) = harness.state().drawn_links()[0];
    click(&mut harness, label.center());
    assert_eq!(
        harness.state().selected_relation().map(|r| r.kind.as_str()),
        Some("Quantifies")
    );
    assert_eq!(
        harness.state().selected(),
        None,
        "a link, not a span, is selected"
    );
    press(&mut harness, Key::Delete);
    assert!(relations(&harness).is_empty());
    assert_eq!(spans(&harness).len(), 3, "the spans stay");
    undo(&mut harness);
    assert_eq!(relations(&harness).len(), 1);
}

#[test]
fn a_menu_asks_when_two_types_fit_and_a_hotkey_answers() {
    let config = r##"(schema: (labels: [
        (name: "Measure", color: "#4e79a7", hotkey: Some('1')),
        (name: "Figure", color: "#f28e2b", hotkey: Some('2')),
        (name: "Outcome", color: "#59a14f", hotkey: Some('3')),
    ], relations: [
        (name: "Quantifies", color: "#b07aa1", from: ["Figure"], to: ["Outcome"], hotkey: Some('q')),
        (name: "Bounds", color: "#76b7b2", from: ["Figure"], to: ["Outcome"], hotkey: Some('b')),
    ]))"##;
    let dir = workspace(Some(config));
    let mut harness = harness(dir.path());
    link_figure_to_outcome(&mut harness);
    assert_eq!(harness.state().link_choices().len(), 2);
    assert!(
        relations(&harness).is_empty(),
        "nothing is linked before the choice"
    );
    harness.get_by_label("[b] Bounds: Figure → Outcome");
    press(&mut harness, Key::B);
    assert!(harness.state().link_choices().is_empty());
    assert_eq!(relations(&harness).len(), 1);
    assert_eq!(relations(&harness)[0].kind, "Bounds");
}

#[test]
fn the_view_toggle_draws_only_the_selected_spans_links_and_is_remembered() {
    let dir = workspace(None);
    let mut harness = harness(dir.path());
    link_figure_to_outcome(&mut harness);
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Show every span's links").click();
    harness.run();
    assert!(!harness.state().settings().all_relations);
    // The Figure is still selected: its link is drawn.
    assert_eq!(harness.state().drawn_links().len(), 1);
    press(&mut harness, Key::Escape);
    harness.run();
    assert!(
        harness.state().drawn_links().is_empty(),
        "no span selected: no links drawn"
    );
    // The Measure has none.
    click_char(&mut harness, 16);
    harness.run();
    assert!(harness.state().drawn_links().is_empty());
}

#[test]
fn suggested_links_are_accepted_or_rejected_and_accept_all_is_one_undo_step() {
    let dir = workspace(None);
    let mut harness = harness(dir.path());
    // The Figure inside the Outcome, and the Measure in the Outcome's sentence.
    let suggested = harness.state().suggestions().links().to_vec();
    assert_eq!(suggested.len(), 2, "{suggested:?}");
    assert!(relations(&harness).is_empty(), "never added silently");
    click_char(&mut harness, 10);
    harness.get_by_label("Suggested links (1)");
    harness.get_by_label("✔").click();
    harness.run();
    assert_eq!(relations(&harness).len(), 1);
    assert_eq!(relations(&harness)[0].kind, "Quantifies");
    // Reject the Measure's: it is kept in the file and not offered again.
    click_char(&mut harness, 16);
    harness.get_by_label("Produces → 贫困发生率降至0.68%?");
    harness.get_by_label("✕").click();
    harness.run();
    let doc = harness.state().session().unwrap().current().unwrap();
    assert_eq!(doc.editor.file().rejected_relations.len(), 1);
    assert!(harness.state().suggestions().links().is_empty());
    undo(&mut harness);
    undo(&mut harness);
    assert!(relations(&harness).is_empty());
    assert_eq!(harness.state().suggestions().links().len(), 2);
    // Ctrl+Shift+L accepts both, and one undo takes both back.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    harness.run();
    assert_eq!(relations(&harness).len(), 2);
    undo(&mut harness);
    assert!(relations(&harness).is_empty());
}

#[test]
fn a_recorded_link_conflict_is_decided_from_the_panel_and_undone() {
    use spantag::model::{ConflictKind, ConflictOrigin, RelationConflict, RelationOption};
    let dir = workspace(None);
    let ws = Workspace::open(dir.path()).unwrap();
    let text = ws.load_text("report.txt").unwrap();
    let mut file = ws
        .load_annotations("tester", "report.txt", &text)
        .unwrap()
        .unwrap();
    file.relation_conflicts = vec![RelationConflict {
        from: key(9, 14, "Figure"),
        to: key(2, 14, "Outcome"),
        kind: ConflictKind::Missing,
        origin: ConflictOrigin::Analysts,
        options: vec![
            RelationOption {
                kind: None,
                annotators: vec!["bob".into()],
            },
            RelationOption {
                kind: Some("Quantifies".into()),
                annotators: vec!["alice".into()],
            },
        ],
    }];
    ws.save_annotations(&file).unwrap();
    let mut harness = harness(dir.path());
    harness.get_by_label("Link conflicts: 1 open");
    harness.get_by_label("Quantifies (alice)").click();
    harness.run();
    let linked = relations(&harness);
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0].annotators, ["alice"], "provenance kept");
    let doc = harness.state().session().unwrap().current().unwrap();
    assert!(doc.editor.file().relation_conflicts.is_empty());
    assert_eq!(doc.editor.file().settled_relation_conflicts.len(), 1);
    undo(&mut harness);
    assert!(relations(&harness).is_empty());
    harness.get_by_label("Link conflicts: 1 open");
}
