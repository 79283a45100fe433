//! `cargo bench --bench figures_window`: View ▸ Figures over the export benchmark's synthetic workspace (10,000
//! reports, see `support/synthetic_workspace.rs`), as `gold`. Measures reading the table
//! (`figures::listing::collect`, what the window's background thread runs), the app's frames while that thread
//! works and once the rows are in (only the rows on screen are drawn), and the frame that sorts every row by
//! value. Prints medians; the goal is that the window "stays responsive with 10,000 reports".

#[path = "support/synthetic_workspace.rs"]
mod synthetic_workspace;

use std::time::{Duration, Instant};

use egui::Vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use spantag::figures::Table;
use spantag::figures::listing::collect;
use spantag::store::Workspace;
use spantag::ui::{App, Settings};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let (root, bytes, spans) = synthetic_workspace::workspace();
    println!(
        "synthetic workspace: {} documents, {:.1} MB, {spans} spans ({})",
        synthetic_workspace::DOCUMENTS,
        bytes as f64 / 1e6,
        root.display()
    );

    let ws = Workspace::open(&root).expect("open the workspace");
    let table = Table::extended(ws.config().figures.clone());
    let mut times = Vec::new();
    let mut figures = 0;
    for _ in 0..3 {
        let started = Instant::now();
        let (rows, problems) = collect(&ws, &["gold".to_owned()], &table);
        times.push(started.elapsed());
        assert!(problems.is_empty(), "{problems:?}");
        figures = rows.len();
    }
    println!(
        "collect: {figures} figures, median {} of 3 runs",
        ms(median(&mut times))
    );

    let settings = Settings {
        annotator: "gold".into(),
        ..Settings::default()
    };
    let started = Instant::now();
    let app = App::new(settings, Some(root.clone()));
    let mut harness = Harness::builder()
        .with_size(Vec2::new(1280.0, 800.0))
        .with_context_setup(spantag::ui::fonts::install)
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app);
    harness.step();
    println!("app opened on the workspace in {}", ms(started.elapsed()));
    let mut before = Vec::new();
    for _ in 0..20 {
        let frame = Instant::now();
        harness.step();
        before.push(frame.elapsed());
    }
    println!(
        "frames before the window opens: median {} of 20",
        ms(median(&mut before))
    );
    harness.get_by_label("View").click();
    harness.step();
    harness.step();
    harness.get_by_label("Figures…").click();
    let opened = Instant::now();
    let mut loading_frames = Vec::new();
    harness.step();
    while harness.state().figures_window().loading() {
        let frame = Instant::now();
        harness.step();
        loading_frames.push(frame.elapsed());
        std::thread::sleep(Duration::from_millis(10));
    }
    let listed = opened.elapsed();
    let rows = harness.state().figures_window().rows().len();
    let n = loading_frames.len();
    let worst = loading_frames.iter().max().copied().unwrap_or_default();
    println!(
        "window filled with {rows} rows {} after opening; {n} frames meanwhile, median {}, slowest {}",
        ms(listed),
        ms(median(&mut loading_frames.clone())),
        ms(worst)
    );
    let mut frames = Vec::new();
    for _ in 0..20 {
        let frame = Instant::now();
        harness.step();
        frames.push(frame.elapsed());
    }
    println!(
        "frames with {rows} rows listed: median {} of 20",
        ms(median(&mut frames))
    );
    let mut sorts = Vec::new();
    for (click, then) in [
        ("Value", "Value ↑"),
        ("Value ↑", "Value ↓"),
        ("Value ↓", "Value ↑"),
    ] {
        harness.get_by_label(click).click();
        let started = Instant::now();
        let mut frames = 0;
        while harness.query_by_label(then).is_none() && frames < 20 {
            harness.step();
            frames += 1;
        }
        sorts.push(started.elapsed());
        assert!(frames < 20, "sorted");
    }
    println!(
        "click to sorted table (every row by value, the frames until the header shows it): median {} of 3",
        ms(median(&mut sorts))
    );
}
