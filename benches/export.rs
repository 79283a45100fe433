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

/// The allocator the `spantag` program uses (src/main.rs), so that the benchmark measures what it does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let scratch = synthetic_workspace::scratch_beside(&root);

    // `cargo bench --bench export -- jsonl csv` measures only those formats (and skips Python unless jsonl is one).
    let only = synthetic_workspace::formats_asked();
    let mut jsonl_median = None;
    let mut jsonl_path = None;
    for format in Format::ALL {
        if !only.is_empty() && !only.iter().any(|name| name == format.name()) {
            continue;
        }
        let goal = if format == Format::Jsonl { 2.0 } else { 4.0 };
        let mut times = Vec::new();
        let mut writes = Vec::new();
        let mut cpus = Vec::new();
        let mut size = 0;
        let mut folders = Vec::new();
        for run in 0..RUNS {
            let out =
                scratch
                    .path()
                    .join(format!("{}-{run}.{}", format.name(), format.extension()));
            let (time, write, cpu, bytes) = export_once(&root, format, &out);
            times.push(time);
            writes.push(write);
            cpus.push(cpu);
            size = bytes;
            if format.is_folder() {
                // Kept until the format's runs are done: ext4 skips inodes freed in the last minutes when it
                // allocates new ones, so deleting 20,000 files right before the next run makes that run's file
                // creation several times slower than any export a user does (measured: 2.5 s, then 3.6 s, then
                // 4.2 s for three runs each after deleting the previous output).
                folders.push(out);
            } else if format == Format::Jsonl && run == 0 {
                jsonl_path = Some(out);
            } else {
                let _ = std::fs::remove_file(&out);
            }
        }
        for folder in folders.drain(..) {
            let _ = std::fs::remove_dir_all(folder);
        }
        let median = median(&mut times);
        println!(
            "export {:<13} median {:>6.3} s  (goal <= {goal:.0} s: {})  runs {}  of which writing {:.2} s  CPU {:.2} s  \
             output {:.1} MB",
            format.name(),
            median.as_secs_f64(),
            if median.as_secs_f64() <= goal {
                "met"
            } else {
                "MISSED"
            },
            list(&times),
            self::median(&mut writes).as_secs_f64(),
            self::median(&mut cpus).as_secs_f64(),
            size as f64 / 1e6
        );
        if format == Format::Jsonl {
            jsonl_median = Some(median);
        }
    }

    if jsonl_median.is_none() {
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/export_python.py");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let mut times = Vec::new();
    let mut cpus = Vec::new();
    let python_out = scratch.path().join("python.jsonl");
    for _ in 0..PYTHON_RUNS {
        let start = Instant::now();
        let cpu_start = cpu_time(true);
        let status = Command::new(&python)
            .arg(&script)
            .arg(&root)
            .arg(&python_out)
            .status();
        if let (Some(a), Some(b)) = (cpu_start, cpu_time(true)) {
            cpus.push(b.saturating_sub(a));
        }
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
        (Some(rust), Ok(py)) => std::fs::read(rust).is_ok_and(|r| without_values(&r) == py),
        _ => false,
    };
    let python_cpu = if cpus.is_empty() {
        Duration::ZERO
    } else {
        median(&mut cpus)
    };
    println!(
        "python stdlib jsonl median {:>6.3} s  runs {}  CPU {:.2} s  (output {} spantag's)",
        python_median.as_secs_f64(),
        list(&times),
        python_cpu.as_secs_f64(),
        if same {
            "byte-identical, but for figure values (only spantag reads them), to"
        } else {
            "DIFFERENT from"
        }
    );
    if let Some(rust) = jsonl_median {
        println!(
            "ratio: the Python script takes {:.1}x as long as spantag for the jsonl export",
            python_median.as_secs_f64() / rust.as_secs_f64()
        );
    }
}

/// A jsonl export without its Figure spans' `"value"` (the last key of a span: `null` or an object without
/// nested braces), which the Python baseline cannot compute: the rest must be the same bytes.
fn without_values(jsonl: &[u8]) -> Vec<u8> {
    const KEY: &[u8] = b",\"value\":";
    let mut out = Vec::with_capacity(jsonl.len());
    let mut i = 0;
    while i < jsonl.len() {
        if jsonl[i..].starts_with(KEY) {
            let rest = &jsonl[i + KEY.len()..];
            let skip = if rest.starts_with(b"null") {
                4
            } else {
                rest.iter().position(|&b| b == b'}').map_or(0, |p| p + 1)
            };
            i += KEY.len() + skip;
        } else {
            out.push(jsonl[i]);
            i += 1;
        }
    }
    out
}

/// CPU time this process (`children`: its waited-for children) has used so far, from `/proc/self/stat` (Linux);
/// the machine may be shared, so CPU time is reported next to wall time.
fn cpu_time(children: bool) -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // After the command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (1-based, man 5 proc).
    let (user, system) = if children { (13, 14) } else { (11, 12) };
    let ticks: u64 =
        fields.get(user)?.parse::<u64>().ok()? + fields.get(system)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// One export as `spantag export --format FORMAT --out OUT WORKSPACE` does it; returns the whole time, the time
/// spent writing the output (included in the first), the CPU time used and the bytes written.
fn export_once(
    root: &PathBuf,
    format: Format,
    out: &Path,
) -> (Duration, Duration, Duration, usize) {
    let cpu_start = cpu_time(false);
    let start = Instant::now();
    let workspace = Workspace::open(root).expect("open the workspace");
    let selection = Selection::resolve(&workspace, None, Vec::new(), Vec::new()).expect("select");
    let exported = corpus::export(&workspace, &selection, &ExportOptions::new(format), &|_| {})
        .expect("export");
    let writing = Instant::now();
    output::write_export(&exported, format, out).expect("write");
    let time = start.elapsed();
    let write_time = writing.elapsed();
    let size = exported.main.len() + exported.files.iter().map(|f| f.bytes.len()).sum::<usize>();
    drop(exported);
    let cpu = match (cpu_start, cpu_time(false)) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => Duration::ZERO,
    };
    (time, write_time, cpu, size)
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn list(times: &[Duration]) -> String {
    times
        .iter()
        .map(|t| format!("{:.2}", t.as_secs_f64()))
        .collect::<Vec<_>>()
        .join(" ")
}
