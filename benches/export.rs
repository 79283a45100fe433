//! `cargo bench --bench export`: exports a synthetic workspace of 10,000 reports (about 100 MB of Chinese text,
//! see `support/synthetic_workspace.rs`) to every format, the way `spantag export --out` does (open the workspace,
//! read and check every text and annotation file, format, write atomically), and runs `export_python.py`, a plain
//! Python standard-library script doing the same jsonl export, in the same run. Prints the median of several runs
//! per format against the goals (jsonl <= 2 s, the others <= 4 s) and the Python/Rust ratio.

#[path = "support/synthetic_workspace.rs"]
mod synthetic_workspace;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use spantag::corpus::{self, ExportOptions, Format, Selection, output};
use spantag::store::Workspace;

/// Runs per format (the median is reported).
const RUNS: usize = 5;
const PYTHON_RUNS: usize = 3;

fn main() {
    let started = Instant::now();
    let (root, bytes, spans) = synthetic_workspace::workspace();
    println!(
        "synthetic workspace: {} documents, {:.1} MB of text, {spans} spans ({}; ready in {:.1} s)",
        synthetic_workspace::DOCUMENTS,
        bytes as f64 / 1e6,
        root.display(),
        started.elapsed().as_secs_f64()
    );
    let scratch = tempfile::tempdir_in(root.parent().unwrap_or(Path::new("."))).expect("a scratch folder");

    let mut jsonl_median = None;
    let mut jsonl_path = None;
    for format in Format::ALL {
        let goal = if format == Format::Jsonl { 2.0 } else { 4.0 };
        let mut times = Vec::new();
        let mut size = 0;
        for run in 0..RUNS {
            let out = scratch.path().join(format!("{}-{run}.{}", format.name(), format.extension()));
            let (time, bytes) = export_once(&root, format, &out);
            times.push(time);
            size = bytes;
            if format.is_folder() {
                let _ = std::fs::remove_dir_all(&out);
            } else if format == Format::Jsonl && run == 0 {
                jsonl_path = Some(out);
            } else {
                let _ = std::fs::remove_file(&out);
            }
        }
        let median = median(&mut times);
        println!(
            "export {:<13} median {:>6.3} s  (goal <= {goal:.0} s: {})  runs {}  output {:.1} MB",
            format.name(),
            median.as_secs_f64(),
            if median.as_secs_f64() <= goal { "met" } else { "MISSED" },
            list(&times),
            size as f64 / 1e6
        );
        if format == Format::Jsonl {
            jsonl_median = Some(median);
        }
    }

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/export_python.py");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let mut times = Vec::new();
    let python_out = scratch.path().join("python.jsonl");
    for _ in 0..PYTHON_RUNS {
        let start = Instant::now();
        let status = Command::new(&python).arg(&script).arg(&root).arg(&python_out).status();
        match status {
            Ok(s) if s.success() => times.push(start.elapsed()),
            other => {
                println!("python baseline could not run ({other:?}); no ratio");
                return;
            }
        }
    }
    let python_median = median(&mut times);
    let same = match (&jsonl_path, std::fs::read(&python_out)) {
        (Some(rust), Ok(py)) => std::fs::read(rust).is_ok_and(|r| r == py),
        _ => false,
    };
    println!(
        "python stdlib jsonl median {:>6.3} s  runs {}  (output {} spantag's)",
        python_median.as_secs_f64(),
        list(&times),
        if same { "byte-identical to" } else { "DIFFERENT from" }
    );
    if let Some(rust) = jsonl_median {
        println!(
            "ratio: the Python script takes {:.1}x as long as spantag for the jsonl export",
            python_median.as_secs_f64() / rust.as_secs_f64()
        );
    }
}

/// One export as `spantag export --format FORMAT --out OUT WORKSPACE` does it; returns the time and the bytes
/// written.
fn export_once(root: &PathBuf, format: Format, out: &Path) -> (Duration, usize) {
    let start = Instant::now();
    let workspace = Workspace::open(root).expect("open the workspace");
    let selection = Selection::resolve(&workspace, None, Vec::new(), Vec::new()).expect("select");
    let exported = corpus::export(&workspace, &selection, &ExportOptions::new(format), &|_| {}).expect("export");
    output::write_export(&exported, format, out).expect("write");
    let time = start.elapsed();
    let size = exported.main.len() + exported.files.iter().map(|f| f.bytes.len()).sum::<usize>();
    (time, size)
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn list(times: &[Duration]) -> String {
    times.iter().map(|t| format!("{:.2}", t.as_secs_f64())).collect::<Vec<_>>().join(" ")
}
