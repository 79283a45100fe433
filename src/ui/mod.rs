//! The egui workbench: a thin layer over the core. UI code reads state and issues edits; every rule about spans
//! and files lives in the library.
//!
//! Files. The app: `app` (the `App`: settings apart from runtime state, the `Mode`, one frame, and the one place
//! where actions are applied), `action` (what a panel can ask for), `commands` (every command with its name,
//! menu and keys), `settings` (what is remembered between runs). What actions do: `editing` (spans, notes,
//! find), `switching` (saving, and opening another report, workspace or analyst), `run_command` (each command),
//! `adjudicating` (starting, stepping and deciding an adjudication into gold), `adjudication` (its state and
//! colours), `recorded_conflicts` (conflicts a merge left in a file) and `suggesting` (the engine's suggestions:
//! focus, accept, reject; their state between frames in `suggestion_state`).
//! Drawing, each over the narrow state it shows: `menu`, `find_bar`, `doc_list`, `status_bar`, `label_panel`,
//! `adjudication_panel`, `recorded_conflicts_panel`, `suggestion_panel` (the focused suggestion), `figure_value` (a Figure's value and its correction), `conflict_card`, `report_view` (the central panel), `dialogs` (open path, not saved,
//! export and agreement windows), `figures_window` (View ▸ Figures), `help`, `agreement` and `export` (their windows' contents), `workspace_find` (find in every report), `team_progress` (the team's progress table). The report
//! itself: `text_view` (drawing it and selecting text), `highlight` (spans -> layout jobs), `paragraphs`
//! (paragraph geometry) and `fonts` (the bundled Chinese font).

pub mod action;
pub mod adjudicating;
pub mod adjudication;
pub mod adjudication_panel;
pub mod agreement;
pub mod app;
pub mod arrows;
pub mod commands;
pub mod conflict_card;
pub mod dialogs;
pub mod doc_list;
pub mod editing;
pub mod export;
pub mod figure_value;
pub mod figures_window;
pub mod find_bar;
pub mod fonts;
pub mod help;
pub mod highlight;
pub mod key_names;
pub mod label_panel;
pub mod learning;
pub mod learning_state;
pub mod link_suggesting;
pub mod linking;
pub mod menu;
pub mod opening;
pub mod paragraphs;
pub mod recommender_panel;
pub mod recorded_conflicts;
pub mod recorded_conflicts_panel;
pub mod relation_menu;
pub mod relations_panel;
pub mod report_view;
pub mod run_command;
pub mod settings;
pub mod status_bar;
pub mod suggesting;
pub mod suggestion_panel;
pub mod suggestion_state;
pub mod switching;
pub mod team_progress;
pub mod text_view;
pub mod workspace_find;

use std::path::PathBuf;

use anyhow::Context as _;

pub use app::App;
pub use settings::Settings;

/// The eframe shell around [`App`]: persistence and the window.
struct Shell {
    app: App,
    /// When `run` was called, until the first frame has been drawn (then reported if `SPANTAG_TIMING` is set).
    started: Option<std::time::Instant>,
}

impl eframe::App for Shell {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.app.ui(ui);
        if let Some(started) = self.started.take()
            && std::env::var_os("SPANTAG_TIMING").is_some()
        {
            eprintln!(
                "spantag: first frame drawn {:.0} ms after start",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, self.app.settings());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if let Err(e) = self.app.save() {
            eprintln!("spantag: {e}");
        }
    }
}

/// Where the app starts: the given path, else the last workspace, else the bundled samples (installed into the
/// user's data folder on first start).
fn start_path(path: Option<PathBuf>, settings: &Settings) -> Option<PathBuf> {
    if path.is_some() {
        return path;
    }
    if let Some(last) = &settings.last_workspace
        && last.is_dir()
    {
        return Some(last.clone());
    }
    let dir = crate::samples::default_workspace_dir()?;
    match crate::samples::install_samples(&dir) {
        Ok(dir) => Some(dir),
        Err(e) => {
            eprintln!("spantag: cannot install the sample workspace: {e}");
            None
        }
    }
}

/// Opens the workbench window on `path` (a workspace folder or a `.txt` report), working as `annotator` when
/// given (from `--annotator` or `SPANTAG_ANNOTATOR`, see [`settings::starting_annotator`]): it replaces the
/// stored name, and is remembered as the last name used.
pub fn run(path: Option<PathBuf>, annotator: Option<String>) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("spantag")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "spantag",
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            let mut settings: Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            if let Some(name) = annotator {
                settings.annotator = name;
            }
            let start = start_path(path, &settings);
            Ok(Box::new(Shell {
                app: App::new(settings, start),
                started: Some(started),
            }))
        }),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
    .context("cannot open the window (is a graphical display available?)")
}
