//! Long lines of Chinese have no spaces: the text view's paragraphs must wrap at the given width, avoid starting a
//! row with closing punctuation, and still wrap a paragraph of CJK Extension B characters (which egui does not
//! treat as ideographs for line breaking).
#![cfg(feature = "gui")]

use egui::{Color32, Context, FontId};

use spantag::samples::SAMPLES;
use spantag::text::ReportText;
use spantag::ui::highlight::{HighlightStyle, paragraph_job};

fn context() -> Context {
    let ctx = Context::default();
    spantag::ui::fonts::install(&ctx);
    // A frame so that the fonts are in place.
    let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
    output.textures_delta.clear();
    ctx
}

fn style() -> HighlightStyle {
    HighlightStyle {
        font: FontId::proportional(18.0),
        text: Color32::BLACK,
        dark: false,
        label_tags: false,
        relations: Vec::new(),
        labels: Vec::new(),
    }
}

fn rows(ctx: &Context, text: &str, width: f32) -> Vec<(String, f32)> {
    let report = ReportText::new(text);
    let job = paragraph_job(&report, 0, report.len_chars(), &[], &style(), width);
    let galley = ctx.fonts_mut(|f| f.layout_job(job));
    galley
        .rows
        .iter()
        .map(|r| (r.text(), r.rect().width()))
        .collect()
}

const CLOSING: &str = "，。、；：？！”）》」』】,.;:?!)";

#[test]
fn sample_paragraphs_wrap_at_the_width_without_leading_punctuation() {
    let ctx = context();
    let width = 420.0;
    let mut wrapped = 0;
    for (name, text) in SAMPLES {
        for paragraph in text.lines().filter(|l| l.chars().count() > 60) {
            let rows = rows(&ctx, paragraph, width);
            assert!(rows.len() > 1, "{name}: a long paragraph stays on one row");
            wrapped += 1;
            for (i, (row, w)) in rows.iter().enumerate() {
                assert!(*w <= width + 1.0, "{name}: row {i} is {w} wide: {row}");
                if i > 0 {
                    let first = row.chars().next().unwrap_or(' ');
                    assert!(
                        !CLOSING.contains(first),
                        "{name}: row {i} starts with {first:?}: {row}"
                    );
                }
            }
        }
    }
    assert!(wrapped > 20, "only {wrapped} long paragraphs checked");
}

#[test]
fn extension_b_paragraph_wraps() {
    let ctx = context();
    // 𠮷 and neighbours in CJK Extension B (U+20000..U+2A6DF), no spaces, 200 of them.
    let text: String = (0..200u32)
        .filter_map(|i| char::from_u32(0x20BB7 + i))
        .collect();
    let width = 300.0;
    let rows = rows(&ctx, &text, width);
    assert!(rows.len() > 3, "{} rows", rows.len());
    for (row, w) in &rows {
        assert!(*w <= width + 1.0, "row {w} wide: {row}");
    }
    let total: usize = rows.iter().map(|(r, _)| r.chars().count()).sum();
    assert_eq!(total, 200, "no character lost in wrapping");
}
