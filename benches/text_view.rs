//! `cargo bench --bench text_view`: drives the real text view headless (`Context::run_ui` + `tessellate`, no
//! window) on a 6 MB Chinese report built from the samples with 50,000 spans, and prints the median CPU time of
//! a frame for each situation, plus the same scroll frame with the naive layout (the whole text as one job) and
//! with 10,000 links between spans drawn as arrows.

use std::time::{Duration, Instant};

use egui::text::{LayoutJob, TextWrapping};
use egui::{Context, FontId, Pos2, RawInput, Rect, Vec2};

use spantag::model::{AnnotationFile, DocRef, Relation, Span};
use spantag::samples::SAMPLES;
use spantag::schema::Schema;
use spantag::text::ReportText;
use spantag::ui::arrows::Arrows;
use spantag::ui::highlight::{HighlightStyle, Painted, paragraph_job};
use spantag::ui::text_view::{TextView, ViewInput};

const TARGET_BYTES: usize = 6 * 1024 * 1024;
const SPANS: usize = 50_000;
const SCREEN: Vec2 = Vec2::new(1280.0, 800.0);
const RELATIONS: usize = 10_000;

fn big_text() -> String {
    let mut text = String::with_capacity(TARGET_BYTES + 10_000);
    while text.len() < TARGET_BYTES {
        for (_, sample) in SAMPLES {
            text.push_str(sample);
            text.push('\n');
        }
    }
    text
}

/// 25,000 Outcome spans with a Figure nested in each, spread evenly over the text.
fn spans_for(text: &ReportText) -> Vec<Span> {
    let len = text.len_chars();
    let step = len / (SPANS / 2);
    let mut spans = Vec::with_capacity(SPANS);
    for k in 0..SPANS / 2 {
        let p = k * step;
        spans.push(Span::new(text, p, p + 12, "Outcome"));
        spans.push(Span::new(text, p + 6, p + 10, "Figure"));
    }
    spans
}

/// 10,000 links, each Figure quantifying its Outcome, spread over the first part of the text (every other pair,
/// the whole text when it has fewer pairs), so that the screen the scroll passes through has links on it.
fn relations_for(spans: &[Span]) -> Vec<Relation> {
    let mut relations: Vec<Relation> = spans
        .chunks(2)
        .step_by(2)
        .take(RELATIONS)
        .filter_map(|pair| match pair {
            [outcome, figure] => Some(Relation::new(figure.key(), outcome.key(), "Quantifies")),
            _ => None,
        })
        .collect();
    relations.sort_by(spantag::model::relation_order);
    relations
}

fn style() -> HighlightStyle {
    let schema = Schema::default();
    HighlightStyle {
        font: FontId::proportional(18.0),
        text: egui::Color32::BLACK,
        dark: false,
        label_tags: false,
        relations: schema
            .relations()
            .iter()
            .map(|r| {
                let [red, green, blue] = r.rgb();
                (r.name.clone(), egui::Color32::from_rgb(red, green, blue))
            })
            .collect(),
        labels: schema
            .labels
            .iter()
            .map(|l| {
                let [r, g, b] = l.rgb();
                (l.name.clone(), egui::Color32::from_rgb(r, g, b))
            })
            .collect(),
    }
}

fn input() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SCREEN)),
        ..RawInput::default()
    }
}

fn context() -> Context {
    let ctx = Context::default();
    spantag::ui::fonts::install(&ctx);
    ctx
}

/// One frame of the view: run the UI, then tessellate what it painted. Returns the CPU time.
fn frame(ctx: &Context, view: &mut TextView, input: &ViewInput<'_>) -> Duration {
    let start = Instant::now();
    let output = ctx.run_ui(self::input(), |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            view.show(ui, input);
        });
    });
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    std::hint::black_box(primitives);
    start.elapsed()
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

/// Renders a frame of something else first, so that fonts are loaded as they are in a running app.
fn warm_up(ctx: &Context) {
    let small = ReportText::new(SAMPLES[1].1);
    let spans = Vec::new();
    let style = style();
    let input = ViewInput {
        text: &small,
        spans: &spans,
        revision: 0,
        outline: None,
        matches: &[],
        ghosts: &[],
        focused_ghost: None,
        marks: &[],
        max_line_chars: None,
        current_match: None,
        arrows: Arrows::default(),
        style: &style,
    };
    let mut view = TextView::default();
    for _ in 0..3 {
        frame(ctx, &mut view, &input);
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this too, with fewer frames.
    let quick = !std::env::args().any(|a| a == "--bench");
    let frames = if quick { 5 } else { 120 };
    let text = ReportText::new(big_text());
    let spans_vec = spans_for(&text);
    let mut file = AnnotationFile::new(DocRef::of("big.txt", &text), "bench");
    file.spans = spans_vec;
    file.normalize();
    let style = style();
    println!(
        "text view benchmark: {:.1} MB, {} characters, {} spans, {} links, {} frames per figure{}",
        text.as_str().len() as f64 / 1e6,
        text.len_chars(),
        file.spans.len(),
        RELATIONS,
        frames,
        if quick { " (quick run)" } else { "" }
    );

    // First frame after opening: a fresh view on a context that has already drawn something.
    let mut first = Vec::new();
    for _ in 0..if quick { 1 } else { 7 } {
        let ctx = context();
        warm_up(&ctx);
        let mut view = TextView::default();
        let input = ViewInput {
            text: &text,
            spans: &file.spans,
            revision: 1,
            outline: None,
            matches: &[],
            ghosts: &[],
            focused_ghost: None,
            marks: &[],
            max_line_chars: None,
            current_match: None,
            arrows: Arrows::default(),
            style: &style,
        };
        let start = Instant::now();
        frame(&ctx, &mut view, &input);
        first.push(start.elapsed());
    }

    let ctx = context();
    warm_up(&ctx);
    let mut view = TextView::default();
    let mut revision = 1;
    let mut offset = 0.0;
    let relations = relations_for(&file.spans);
    let run_with = |view: &mut TextView, file: &AnnotationFile, revision: u64, links: bool| {
        let input = ViewInput {
            text: &text,
            spans: &file.spans,
            revision,
            outline: None,
            matches: &[],
            ghosts: &[],
            focused_ghost: None,
            marks: &[],
            max_line_chars: None,
            current_match: None,
            arrows: Arrows {
                relations: if links { &relations } else { &[] },
                only: None,
                selected: None,
                suggested: &[],
            },
            style: &style,
        };
        frame(&ctx, view, &input)
    };
    let run = |view: &mut TextView, file: &AnnotationFile, revision: u64| {
        run_with(view, file, revision, false)
    };
    for _ in 0..5 {
        run(&mut view, &file, revision);
    }

    let mut scroll = Vec::new();
    for _ in 0..frames {
        offset += 75.0; // three lines a frame
        view.scroll_to_offset(offset);
        scroll.push(run(&mut view, &file, revision));
    }
    // A scroll through the linked part of the text (from the top), without and then with the 10,000 links
    // (drawn where both their spans are on screen), so the two figures compare the same frames.
    let mut unlinked_scroll = Vec::new();
    let mut linked_scroll = Vec::new();
    let mut drawn = 0;
    for links in [false, true] {
        let mut linked_offset = 0.0;
        for _ in 0..frames {
            linked_offset += 75.0;
            view.scroll_to_offset(linked_offset);
            let time = run_with(&mut view, &file, revision, links);
            if links {
                drawn += view.drawn_links().len();
                linked_scroll.push(time);
            } else {
                unlinked_scroll.push(time);
            }
        }
    }
    let mut page = Vec::new();
    for _ in 0..frames {
        offset += 760.0;
        view.scroll_to_offset(offset);
        page.push(run(&mut view, &file, revision));
    }
    let mut rest = Vec::new();
    for _ in 0..frames {
        rest.push(run(&mut view, &file, revision));
    }
    // Add one span in view, redraw; then remove it, redraw (each a measured frame).
    let schema = Schema::default();
    let mut add = Vec::new();
    let visible = view.viewport();
    let _ = visible;
    let at = text.len_chars() / 2;
    view.scroll_to_char(at);
    run(&mut view, &file, revision);
    run(&mut view, &file, revision);
    for k in 0..frames {
        let span = Span::new(&text, at + 1 + k % 3, at + 3 + k % 3, "Measure");
        let edit = spantag::edit::Edit::Add(span.clone());
        let start = Instant::now();
        edit.apply(&mut file, &text, &schema).expect("add");
        revision += 1;
        run(&mut view, &file, revision);
        add.push(start.elapsed());
        spantag::edit::Edit::Remove(span)
            .apply(&mut file, &text, &schema)
            .expect("remove");
        revision += 1;
        run(&mut view, &file, revision);
    }

    // The naive layout: the whole text as one job, in a scroll area, scrolling the same way.
    let naive_frames = if quick { 2 } else { 15 };
    let mut naive = Vec::new();
    let all: Vec<Painted<'_>> = file
        .spans
        .iter()
        .map(|s| Painted::by_label(s, &style))
        .collect();
    let mut naive_offset = 0.0;
    let wrap = SCREEN.x - 60.0;
    for _ in 0..naive_frames + 1 {
        naive_offset += 75.0;
        let start = Instant::now();
        let output = ctx.run_ui(input(), |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("naive")
                    .vertical_scroll_offset(naive_offset)
                    .show(ui, |ui| {
                        let mut job: LayoutJob =
                            paragraph_job(&text, 0, text.len_chars(), &all, &style, wrap);
                        job.wrap = TextWrapping::wrap_at_width(wrap);
                        let galley = ui.painter().layout_job(job);
                        ui.label(galley);
                    });
            });
        });
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        std::hint::black_box(primitives);
        naive.push(start.elapsed());
    }
    let naive_first = naive.remove(0);

    let rows = [
        ("first frame after opening", median(first), 200.0),
        (
            "scrolling steadily (3 lines a frame)",
            median(scroll.clone()),
            4.0,
        ),
        (
            "scrolling steadily through the linked part, links off",
            median(unlinked_scroll),
            4.0,
        ),
        (
            "the same frames with the report's 10,000 links drawn",
            median(linked_scroll),
            4.0,
        ),
        ("jumping a page a frame", median(page), 16.0),
        ("at rest (nothing changed)", median(rest), 1.0),
        ("adding one span and redrawing", median(add), 4.0),
    ];
    println!("| situation | median ms | goal ms | met |");
    println!("|---|---:|---:|---|");
    for (name, ms, goal) in rows {
        println!(
            "| {name} | {ms:.2} | {goal} | {} |",
            if ms <= goal { "yes" } else { "NO" }
        );
    }
    let ours = median(scroll);
    let theirs = median(naive);
    println!("| naive layout (whole text as one job), same scroll frame | {theirs:.2} | - | - |");
    println!(
        "| naive layout, first frame | {:.2} | - | - |",
        naive_first.as_secs_f64() * 1000.0
    );
    println!(
        "naive / per-paragraph scroll frame ratio: {:.0}x",
        theirs / ours.max(1e-6)
    );
    println!(
        "links drawn per frame while scrolling the linked part: {:.1} on average",
        drawn as f64 / frames as f64
    );
}
