//! `cargo bench --bench import`: imports the synthetic workspace of 10,000 reports (see
//! `support/synthetic_workspace.rs`) back from each format `spantag import` reads, the way the command does it
//! (parse, check every span against its text, write every text and annotation file atomically into a new
//! workspace). Each format is exported once first; then each run imports into a fresh folder, and the median of
//! the runs is printed with the number of documents, spans and problems (which must be 0). The issue sets no
//! goal for import; this records what it costs (docs/performance.md).

#[path = "support/synthetic_workspace.rs"]
mod synthetic_workspace;

use std::time::{Duration, Instant};

use spantag::corpus::{self, ExportOptions, Format, ImportOptions, Selection, output};
use spantag::store::Workspace;

/// The allocator the `spantag` program uses (src/main.rs), so that the benchmark measures what it does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Runs per format (the median is reported).
const RUNS: usize = 3;

fn main() {
    let (root, bytes, spans) = synthetic_workspace::workspace();
    println!(
        "synthetic workspace: {} documents, {:.1} MB of text, {spans} spans ({})",
        synthetic_workspace::DOCUMENTS,
        bytes as f64 / 1e6,
        root.display(),
    );
    let scratch = synthetic_workspace::scratch_beside(&root);
    // `cargo bench --bench import -- jsonl brat` measures only those formats.
    let only = synthetic_workspace::formats_asked();
    let workspace = Workspace::open(&root).expect("open the workspace");
    let selection = Selection::resolve(&workspace, None, Vec::new(), Vec::new()).expect("select");
    for format in Format::ALL {
        if !format.can_import() || (!only.is_empty() && !only.iter().any(|n| n == format.name())) {
            continue;
        }
        let input = scratch.path().join(match format.extension() {
            "" => format!("input-{}", format.name()),
            ext => format!("input-{}.{ext}", format.name()),
        });
        let exported = corpus::export(&workspace, &selection, &ExportOptions::new(format), &|_| {})
            .expect("export");
        output::write_export(&exported, format, &input).expect("write the input");
        drop(exported);
        let mut options = ImportOptions::new(format);
        options.annotator = Some("gold".into());
        let mut times = Vec::new();
        let mut last = None;
        // Every run's workspace is kept until the format is done: deleting 20,000 files right before the
        // next run slows its file creation on ext4 (see benches/export.rs).
        let mut folders = Vec::new();
        for run in 0..RUNS {
            let into = scratch.path().join(format!("{}-{run}", format.name()));
            let start = Instant::now();
            let report = corpus::import(&input, &into, &options, &|_, _| {}).expect("import");
            times.push(start.elapsed());
            last = Some(report);
            folders.push(into);
        }
        for folder in folders {
            let _ = std::fs::remove_dir_all(folder);
        }
        let _ = std::fs::remove_dir_all(&input);
        let _ = std::fs::remove_file(&input);
        let report = last.expect("at least one run");
        times.sort();
        println!(
            "import {:<13} median {:>6.3} s  runs {}  ({} documents, {} spans, {} problems)",
            format.name(),
            times[times.len() / 2].as_secs_f64(),
            list(&times),
            report.documents,
            report.spans,
            report.problems.len()
        );
        assert!(
            report.problems.is_empty(),
            "{format:?}: {:?}",
            &report.problems[..report.problems.len().min(3)]
        );
    }
}

fn list(times: &[Duration]) -> String {
    times
        .iter()
        .map(|t| format!("{:.2}", t.as_secs_f64()))
        .collect::<Vec<_>>()
        .join(" ")
}
