//! View ▸ Figures driven as an analyst drives it (egui_kittest): the samples' figures are listed once the
//! background reader is done, a click on the Value header sorts by value, the unit filter narrows the rows, and
//! a click on a row opens that report with that span selected.
#![cfg(feature = "gui")]

mod gui_support;

use std::path::Path;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use spantag::figures::{FIGURE, FigureRow, Table, suggest};
use spantag::model::{AnnotationFile, DocRef, Span, Status};
use spantag::store::Workspace;
use spantag::ui::App;
use spantag::ui::figures_window::row_label;

/// The bundled samples, with the figure engine's Figure and Outcome suggestions saved as tester's annotations.
fn annotated_samples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for entry in std::fs::read_dir(samples).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "txt") {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    let ws = Workspace::open(dir.path()).unwrap();
    let table = Table::builtin();
    for doc in ws.documents() {
        let text = ws.load_text(doc).unwrap();
        let mut file = AnnotationFile::new(DocRef::of(doc.as_str(), &text), "tester");
        file.status = Status::InProgress;
        file.spans = suggest(text.as_str(), &table, &[FIGURE, "Outcome"])
            .into_iter()
            .map(|s| Span::new(&text, s.start, s.end, s.label))
            .collect();
        file.normalize();
        ws.save_annotations(&file).unwrap();
    }
    dir
}

fn harness(dir: &Path) -> Harness<'static, App> {
    gui_support::harness_on(dir, None)
}

/// Opens View ▸ Figures and steps the harness until the background reader is done.
fn open_figures(harness: &mut Harness<'_, App>) {
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Figures…").click();
    harness.run();
    assert!(harness.state().figures_window().open, "the window opened");
    let deadline = Instant::now() + Duration::from_secs(120);
    while harness.state().figures_window().loading() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
        harness.step();
    }
    assert!(
        !harness.state().figures_window().loading(),
        "the reader finished"
    );
    harness.run();
}

fn shown(harness: &Harness<'_, App>) -> Vec<FigureRow> {
    harness.state().figures_window().shown().cloned().collect()
}

#[test]
fn the_figures_window_lists_sorts_filters_and_opens_a_figure() {
    let dir = annotated_samples();
    let expected: usize = {
        let ws = Workspace::open(dir.path()).unwrap();
        ws.documents()
            .iter()
            .map(|doc| {
                let text = ws.load_text(doc).unwrap();
                let file = ws.load_annotations("tester", doc, &text).unwrap().unwrap();
                file.spans.iter().filter(|s| s.label == FIGURE).count()
            })
            .sum()
    };
    assert!(expected > 50, "the samples have many figures");
    let mut harness = harness(dir.path());
    harness.run();
    open_figures(&mut harness);

    // Every figure of every report is listed, in report order, each with a row on screen for the first ones.
    let rows = shown(&harness);
    assert_eq!(rows.len(), expected);
    assert!(
        rows.windows(2)
            .all(|w| (&w[0].document, w[0].start) <= (&w[1].document, w[1].start))
    );
    harness.get_by_label(&row_label(&rows[0]));
    assert!(
        harness
            .query_by_label(&row_label(rows.last().unwrap()))
            .is_none(),
        "only the rows on screen are drawn"
    );
    assert!(
        rows.iter().any(|r| r.container.is_some()),
        "Outcome containers named"
    );

    // Value sorts ascending, figures without a value last; again: descending.
    harness.get_by_label("Value").click();
    harness.run();
    let by_value = shown(&harness);
    let keys: Vec<_> = by_value
        .iter()
        .map(|r| r.value.as_ref().map(|v| v.amount.sort_key()))
        .collect();
    let valued = keys.iter().take_while(|k| k.is_some()).count();
    assert!(valued > 0 && keys[valued..].iter().all(Option::is_none));
    assert!(
        keys[..valued].windows(2).all(|w| w[0] <= w[1]),
        "ascending by value"
    );
    assert_ne!(
        by_value
            .iter()
            .map(|r| (&r.document, r.start))
            .collect::<Vec<_>>(),
        rows.iter()
            .map(|r| (&r.document, r.start))
            .collect::<Vec<_>>(),
        "the order changed"
    );
    harness.get_by_label("Value ↑").click();
    harness.run();
    let descending: Vec<_> = shown(&harness)
        .iter()
        .filter_map(|r| r.value.as_ref().map(|v| v.amount.sort_key()))
        .collect();
    assert!(
        descending.windows(2).all(|w| w[0] >= w[1]),
        "descending by value"
    );

    // The unit filter keeps only figures counted in people.
    harness.get_by_label("Filter by unit").click();
    harness.run();
    harness.get_by_label("人").click();
    harness.run();
    let people = shown(&harness);
    assert!(!people.is_empty() && people.len() < rows.len(), "narrowed");
    assert!(
        people
            .iter()
            .all(|r| r.value.as_ref().is_some_and(|v| v.unit == "人"))
    );
    assert_eq!(
        people.len(),
        rows.iter()
            .filter(|r| r.value.as_ref().is_some_and(|v| v.unit == "人"))
            .count()
    );

    // The text filter narrows further: the people of one report.
    let report = people.last().unwrap().document.clone();
    harness.get_by_label("Filter by text").focus();
    harness.run();
    harness.get_by_label("Filter by text").type_text(&report);
    harness.run();
    let in_report = shown(&harness);
    assert!(
        !in_report.is_empty() && in_report.len() < people.len(),
        "narrowed again"
    );
    assert!(in_report.iter().all(|r| r.document == report));
    harness.get_by_label("Filter by text").focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.run();
    assert_eq!(shown(&harness).len(), people.len(), "cleared");

    // A click on a row of another report opens it with the figure selected.
    let current = harness.state().session().unwrap().current().unwrap().index;
    let docs = harness.state().session().unwrap().docs().to_vec();
    let target = people
        .iter()
        .find(|r| docs[current].path != r.document)
        .expect("a figure in another report")
        .clone();
    harness.get_by_label(&row_label(&target)).click();
    harness.run();
    let doc = harness.state().session().unwrap().current().unwrap();
    assert_eq!(docs[doc.index].path, target.document, "that report is open");
    let selected = harness
        .state()
        .selected()
        .expect("a span is selected")
        .clone();
    assert_eq!((selected.start, selected.end), (target.start, target.end));
    assert_eq!(selected.label, FIGURE);
    assert!(
        doc.editor.spans().iter().any(|s| s.key() == selected),
        "a span of the report"
    );
}
