//! The recommender at a workspace's scale. Goals (issue "Suggestions II"): retraining after one accepted span,
//! with 100 reports of gold, <= 1 s (it runs in the background; the held-out check the panel shows runs after
//! it, apart, and is measured apart); suggestions for an opened report <= 20 ms;
//! tagging >= 500,000 characters a second. The 100 reports are the first of the synthetic workspace
//! (`support/synthetic_workspace.rs`: sample paragraphs with gold figures, outcomes and measures).
//!
//! Run: `cargo bench --no-default-features --bench recommend`.

#[path = "support/synthetic_workspace.rs"]
mod synthetic_workspace;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use spantag::figures::Table;
use spantag::model::{SmallText, SpanKey};
use spantag::recommend::recommender::measure_held_out;
use spantag::recommend::{
    FeatureCache, Layers, Recommender, TrainOptions, TrainingDoc, TrainingSet,
};
use spantag::samples::SAMPLES;
use spantag::store::{GOLD, Workspace};
use spantag::text::ReportText;

/// The allocator the `spantag` program uses (src/main.rs), so that the benchmark measures what it does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Reports of gold the model learns from.
const REPORTS: usize = 100;

fn training_set() -> TrainingSet {
    let (root, _, _) = synthetic_workspace::workspace();
    let workspace = Workspace::open(&root).expect("the synthetic workspace");
    let docs = workspace.documents()[..REPORTS]
        .iter()
        .map(|doc| {
            let text = workspace.load_text(doc).expect("its text");
            let file = workspace
                .load_annotations(GOLD, doc, &text)
                .expect("its gold file")
                .expect("a gold file");
            TrainingDoc::from_file(doc.clone(), text, &file)
        })
        .collect();
    TrainingSet {
        docs,
        problems: Vec::new(),
    }
}

fn bench(c: &mut Criterion) {
    let table = Table::builtin();
    let labels: Vec<SmallText> = ["Measure", "Figure", "Outcome"]
        .map(SmallText::from)
        .to_vec();
    let mut set = training_set();
    let chars: usize = set.docs.iter().map(|d| d.text.len_chars()).sum();
    let spans = set.spans();
    eprintln!("training data: {REPORTS} reports, {chars} characters, {spans} spans");
    // One span more in the first report, as after an accept.
    let first = &mut set.docs[0];
    let extra = SpanKey {
        start: 0,
        end: 2,
        label: "Measure".into(),
    };
    if !first.spans.contains(&extra) {
        first.spans.push(extra);
    }
    let mut group = c.benchmark_group("recommend");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    // As the app retrains: the held-out check runs apart, after the new model is in use, and each report's
    // segmentation and rule marks are kept between trainings.
    let retrain = TrainOptions {
        held_out: false,
        ..TrainOptions::default()
    };
    let cache = FeatureCache::default();
    group.bench_function("retrain after an accept (100 gold reports)", |b| {
        b.iter(|| {
            black_box(Recommender::train_cached(
                &set, &labels, retrain, &table, &cache,
            ))
        })
    });
    group.bench_function("held-out check (train on 80, measure on 20)", |b| {
        b.iter(|| {
            black_box(measure_held_out(
                &set,
                &labels,
                retrain.epochs,
                &table,
                &cache,
            ))
        })
    });
    group.bench_function("first training, nothing cached", |b| {
        b.iter(|| black_box(Recommender::train(&set, &labels, retrain, &table)))
    });
    let model = Recommender::train(&set, &labels, TrainOptions::default(), &table);
    let report = ReportText::new(SAMPLES[4].1);
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(10));
    group.bench_function(
        "suggest for an opened report (sample 004, every layer)",
        |b| b.iter(|| black_box(model.suggest(&report, &table, Layers::default()))),
    );
    let big: String = set
        .docs
        .iter()
        .take(20)
        .map(|d| d.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let big = ReportText::new(big);
    group.throughput(Throughput::Elements(big.len_chars() as u64));
    group.sample_size(10);
    group.bench_function("tag (characters a second, the taggers alone)", |b| {
        let taggers = Layers {
            rules: false,
            dictionary: false,
            model: true,
        };
        b.iter(|| black_box(model.suggest(&big, &table, taggers)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
