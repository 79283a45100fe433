//! What the app's kittest files share: a copy of the bundled samples, and a harness over the app opened on a
//! folder.
#![allow(dead_code)]

use std::path::Path;

use egui::Vec2;
use egui_kittest::Harness;

use spantag::ui::{App, Settings};

/// A copy of the bundled samples in a temporary workspace.
pub fn sample_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for entry in std::fs::read_dir(samples).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "txt") {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    dir
}

/// The app opened on `dir` as analyst `tester`, with `document` open if given, in a 1280x800 window.
pub fn harness_on(dir: &Path, document: Option<&str>) -> Harness<'static, App> {
    harness_sized(dir, document, Vec2::new(1280.0, 800.0))
}

/// [`harness_on`] in a window of `size`. Missing glyphs are allowed: texts with CJK Extension B characters
/// (𠮷) need the system's fonts, which the harness never loads.
pub fn harness_sized(dir: &Path, document: Option<&str>, size: Vec2) -> Harness<'static, App> {
    let settings = Settings {
        annotator: "tester".into(),
        last_document: document.map(str::to_owned),
        ..Settings::default()
    };
    let app = App::new(settings, Some(dir.to_owned()));
    Harness::builder()
        .with_size(size)
        .with_max_steps(64)
        .with_context_setup(spantag::ui::fonts::install)
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}
