//! The highlighter: turns one paragraph and the spans over it into an egui `LayoutJob`. Outermost spans colour
//! the background; spans nested inside them are underlined in their own colour, so a Figure inside an Outcome
//! stays visible and distinguishable. Layout results are memoized by egui's galley cache, keyed by the job.

use egui::text::{ByteIndex, LayoutJob, LayoutSection, TextFormat, TextWrapping};
use egui::{Color32, FontId, Stroke};

use crate::model::Span;
use crate::text::ReportText;

/// How tall a line is, in font sizes, when label tags are shown (room for a tag under the text).
pub const TAGGED_LINE_HEIGHT: f32 = 2.2;

/// Colours and font of the text view, resolved once per frame.
#[derive(Debug, Clone)]
pub struct HighlightStyle {
    /// Body font.
    pub font: FontId,
    /// Ordinary text colour.
    pub text: Color32,
    /// Whether the theme is dark (span tints are stronger on dark backgrounds).
    pub dark: bool,
    /// Colour per label name, in schema order.
    pub labels: Vec<(String, Color32)>,
    /// Whether each span's label is written in a small tag at its start (View ▸ Show label tags): the lines
    /// are then laid out taller, to make room for the tags under the text.
    pub label_tags: bool,
    /// Colour per relation type name, in schema order (the arrows between spans).
    pub relations: Vec<(String, Color32)>,
}

impl HighlightStyle {
    /// The solid colour of a label (grey for a label the schema lacks).
    pub fn label_color(&self, label: &str) -> Color32 {
        self.labels
            .iter()
            .find(|(name, _)| name == label)
            .map(|(_, c)| *c)
            .unwrap_or(Color32::GRAY)
    }

    /// The colour of a relation type's arrows (grey for a type the schema lacks).
    pub fn relation_color(&self, kind: &str) -> Color32 {
        self.relations
            .iter()
            .find(|(name, _)| name == kind)
            .map(|(_, c)| *c)
            .unwrap_or(Color32::GRAY)
    }

    /// The translucent background tint of an outermost span of colour `c`.
    pub fn tint(&self, c: Color32) -> Color32 {
        let alpha = if self.dark { 110 } else { 80 };
        Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), alpha)
    }
}

/// One span as the view draws it: the span and its colour. The view's own type for what it draws, so that
/// what colours a span (its label, or in adjudication how many analysts made it) never has to pose as a label
/// name in `Span.label`.
#[derive(Debug, Clone, Copy)]
pub struct Painted<'a> {
    /// The span.
    pub span: &'a Span,
    /// Its colour.
    pub color: Color32,
}

impl<'a> Painted<'a> {
    /// `span` in its label's colour.
    pub fn by_label(span: &'a Span, style: &HighlightStyle) -> Painted<'a> {
        Painted {
            span,
            color: style.label_color(&span.label),
        }
    }
}

/// The spans (indices into `spans`) that overlap `[start, end)`, given spans in canonical order and the length
/// of the longest span: a binary search, then a short scan.
pub fn overlapping(spans: &[Span], max_len: usize, start: usize, end: usize) -> Vec<usize> {
    let from = spans.partition_point(|s| s.start + max_len <= start);
    let to = spans.partition_point(|s| s.start < end);
    (from..to.max(from))
        .filter(|&i| spans[i].end > start && spans[i].start < end.max(start + 1))
        .collect()
}

/// Builds the layout job of paragraph `[start, end)` with the given overlapping spans.
pub fn paragraph_job(
    text: &ReportText,
    start: usize,
    end: usize,
    spans: &[Painted<'_>],
    style: &HighlightStyle,
    wrap_width: f32,
) -> LayoutJob {
    let body = text.slice(start, end);
    let mut base = TextFormat::simple(style.font.clone(), style.text);
    if style.label_tags {
        base.line_height = Some(style.font.size * TAGGED_LINE_HEIGHT);
    }
    let mut job = LayoutJob {
        text: body.to_owned(),
        wrap: TextWrapping::wrap_at_width(wrap_width),
        ..LayoutJob::default()
    };
    if body.is_empty() {
        job.sections.push(LayoutSection {
            leading_space: 0.0,
            byte_range: ByteIndex(0)..ByteIndex(0),
            format: base,
        });
        return job;
    }
    // Segment boundaries: every span edge inside the paragraph.
    let mut cuts: Vec<usize> = vec![start, end];
    for p in spans {
        cuts.push(p.span.start.clamp(start, end));
        cuts.push(p.span.end.clamp(start, end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let base_byte = text.byte_of(start);
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a == b {
            continue;
        }
        // Spans covering this segment, outermost (longest) first.
        let mut covering: Vec<&Painted<'_>> = spans
            .iter()
            .filter(|p| p.span.start <= a && p.span.end >= b)
            .collect();
        covering.sort_by(|x, y| {
            (y.span.len().cmp(&x.span.len())).then(x.span.start.cmp(&y.span.start))
        });
        let mut format = base.clone();
        if let Some(outer) = covering.first() {
            format.background = style.tint(outer.color);
            format.expand_bg = 1.0;
        }
        if covering.len() >= 2
            && let Some(inner) = covering.last()
        {
            format.underline = Stroke::new(2.5, inner.color);
        }
        if covering.len() >= 3 {
            // A third level of nesting: the middle span's colour tints the text itself.
            format.color = covering[1].color;
        }
        job.sections.push(LayoutSection {
            leading_space: 0.0,
            byte_range: ByteIndex(text.byte_of(a) - base_byte)
                ..ByteIndex(text.byte_of(b) - base_byte),
            format,
        });
    }
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style() -> HighlightStyle {
        HighlightStyle {
            font: FontId::proportional(16.0),
            text: Color32::BLACK,
            dark: false,
            label_tags: false,
            relations: Vec::new(),
            labels: vec![
                ("Figure".into(), Color32::from_rgb(242, 142, 43)),
                ("Outcome".into(), Color32::from_rgb(89, 161, 79)),
            ],
        }
    }

    #[test]
    fn nested_figure_is_underlined_inside_outcome_background() {
        let text = ReportText::new("𠮷：贫困发生率降至0.68%。");
        let outcome = Span::new(&text, 2, 14, "Outcome");
        let figure = Span::new(&text, 9, 14, "Figure");
        assert_eq!(figure.text, "0.68%");
        let spans = [outcome, figure];
        let job = paragraph_job(
            &text,
            0,
            text.len_chars(),
            &[
                Painted::by_label(&spans[0], &style()),
                Painted::by_label(&spans[1], &style()),
            ],
            &style(),
            400.0,
        );
        // Segments: 𠮷： | 贫困发生率降至 | 0.68% | 。
        assert_eq!(job.sections.len(), 4);
        let s = &job.sections;
        assert_eq!(
            &job.text[s[2].byte_range.start.0..s[2].byte_range.end.0],
            "0.68%"
        );
        assert_eq!(s[0].format.background, Color32::TRANSPARENT);
        assert_eq!(
            s[1].format.background,
            style().tint(style().label_color("Outcome"))
        );
        assert_eq!(s[1].format.underline, Stroke::NONE);
        assert_eq!(
            s[2].format.background,
            style().tint(style().label_color("Outcome"))
        );
        assert_eq!(s[2].format.underline.color, style().label_color("Figure"));
    }

    #[test]
    fn overlapping_finds_spans_that_started_earlier() {
        let text = ReportText::new("0123456789abcdefghij");
        let spans = vec![
            Span::new(&text, 0, 12, "Outcome"),
            Span::new(&text, 3, 5, "Figure"),
            Span::new(&text, 11, 13, "Figure"),
            Span::new(&text, 15, 16, "Figure"),
        ];
        assert_eq!(overlapping(&spans, 12, 10, 14), vec![0, 2]);
        assert_eq!(overlapping(&spans, 12, 5, 10), vec![0]);
        assert_eq!(overlapping(&spans, 12, 16, 20), Vec::<usize>::new());
    }
}
