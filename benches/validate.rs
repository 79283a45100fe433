//! `spantag validate` on a large workspace: 10,000 reports (about 2 KB of Chinese text each, in 10 folders),
//! each annotated by two analysts (about 20 spans each). Target: <= 2 s (it was quadratic in the number of
//! reports: 46 s here before). Built once under the target folder and reused.
//!
//! Run: `cargo bench --no-default-features --bench validate`.

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use spantag::cli::validate::{Report, validate_path};
use spantag::model::{AnnotationFile, DocRef, Span, Status};
use spantag::store;
use spantag::text::ReportText;

/// The allocator the `spantag` program uses (src/main.rs), so that the benchmark measures what it does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const REPORTS: usize = 10_000;
const ANNOTATORS: [&str; 2] = ["alice", "bob"];
/// Changes whenever the generator changes, so an old workspace is rebuilt.
const VERSION: &str = "validate-v1";

const SENTENCES: [&str; 4] = [
    "全区贫困发生率由2014年的12.3%降至0.68%，彻底解决了84725人的饮水安全问题。",
    "推行村级“总队长”工作制，建立防返贫监测预警机制，实现动态清零。",
    "𠮷野家产业项目带动1,200户增收，户均年收益分配达3,560元。",
    "县财政投入专项资金4.5亿元，新建和改造农村公路386公里。\r\n",
];

fn workspace() -> PathBuf {
    let base = option_env!("CARGO_TARGET_TMPDIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let root = base.join(format!("validate-bench-{VERSION}"));
    if root.join(".complete").is_file() {
        return root;
    }
    let _ = fs::remove_dir_all(&root);
    build(&root);
    fs::write(root.join(".complete"), "").expect("write the stamp");
    root
}

fn build(root: &Path) {
    for i in 0..REPORTS {
        let mut text = String::new();
        for k in 0..24 {
            text.push_str(SENTENCES[(i + k) % SENTENCES.len()]);
        }
        let doc = format!("batch-{}/report-{i:05}.txt", i / 1000);
        let path = root.join(&doc);
        fs::create_dir_all(path.parent().expect("a folder")).expect("create a folder");
        fs::write(&path, &text).expect("write a report");
        let report = ReportText::new(text);
        for (a, annotator) in ANNOTATORS.iter().enumerate() {
            let mut file = AnnotationFile::new(DocRef::of(doc.clone(), &report), *annotator);
            file.status = Status::Done;
            // A Figure every few dozen characters; the second analyst's are one character longer now and then.
            file.spans = (0..report.len_chars().saturating_sub(8))
                .step_by(37)
                .map(|start| {
                    let end = start + 4 + usize::from(a == 1 && start % 3 == 0);
                    Span::new(&report, start, end, "Figure")
                })
                .collect();
            file.normalize();
            let ron = root
                .join("annotations")
                .join(annotator)
                .join(doc.replace(".txt", ".ron"));
            fs::create_dir_all(ron.parent().expect("a folder")).expect("create a folder");
            fs::write(
                &ron,
                store::to_ron(&file).expect("an annotation file as RON"),
            )
            .expect("write an annotation file");
        }
    }
}

fn bench(c: &mut Criterion) {
    let root = workspace();
    let mut group = c.benchmark_group("validate");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("10000 reports x 2 annotators", |b| {
        b.iter(|| {
            let mut report = Report::default();
            validate_path(black_box(&root), &mut report);
            assert!(
                report.problems.is_empty(),
                "{:?}",
                report.problems.iter().take(3).collect::<Vec<_>>()
            );
            assert_eq!(report.files, REPORTS * 3);
            report.files
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
