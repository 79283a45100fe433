//! Suggesting over a report: the figure engine plus the Outcome and Measure cue rules, on one sample report
//! (goal <= 5 ms) and on a 6 MB synthetic report made of the five samples repeated (goal <= 300 ms).
//!
//! Run: `cargo bench --no-default-features --bench suggest`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use spantag::figures::{FIGURE, MEASURE, OUTCOME, Table, suggest};
use spantag::samples::SAMPLES;

/// The allocator the `spantag` program uses (src/main.rs), so that the benchmark measures what it does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const LABELS: [&str; 3] = [FIGURE, OUTCOME, MEASURE];

/// The five samples repeated to at least 6 MB of UTF-8, with an astral character now and then.
fn synthetic_report() -> String {
    let mut text = String::with_capacity(6_400_000);
    let mut round = 0;
    while text.len() < 6_000_000 {
        for (_, sample) in SAMPLES {
            text.push_str(sample);
            text.push('\n');
        }
        if round % 7 == 0 {
            text.push_str("𠮷\n");
        }
        round += 1;
    }
    text
}

fn bench(c: &mut Criterion) {
    let table = Table::builtin();
    // The sample with the most figures (004, 69 of them).
    let sample = SAMPLES[4].1;
    let big = synthetic_report();
    eprintln!(
        "synthetic report: {:.1} MB, {} code points, {} suggestions",
        big.len() as f64 / 1e6,
        big.chars().count(),
        suggest(&big, &table, &LABELS).len()
    );
    let mut group = c.benchmark_group("suggest");
    group.bench_function("sample report 004", |b| {
        b.iter(|| suggest(black_box(sample), &table, &LABELS))
    });
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("synthetic 6 MB report", |b| {
        b.iter(|| suggest(black_box(&big), &table, &LABELS))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
