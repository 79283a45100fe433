//! Links between spans drawn in the text view as brat draws them: a curved arrow over the text from one span's
//! first character to the other's, in the relation type's colour, labelled with the type. Only links whose two
//! spans start in the paragraphs on screen are drawn (one linear pass over the links, then two character
//! lookups each), so a report of 10,000 links scrolls like one without.

use egui::epaint::CubicBezierShape;
use egui::{Color32, FontId, Pos2, Rect, Stroke, pos2, vec2};

use crate::model::{Relation, SpanKey};

/// Which links the view draws, and which one is selected.
#[derive(Debug, Clone, Copy, Default)]
pub struct Arrows<'a> {
    /// The open file's links.
    pub relations: &'a [Relation],
    /// When set, only the links of this span (View ▸ Show every span's links off).
    pub only: Option<&'a SpanKey>,
    /// The selected link, drawn thicker.
    pub selected: Option<&'a Relation>,
    /// Suggested links, drawn faintly with a `?` (not clickable: the panel accepts or rejects them).
    pub suggested: &'a [Relation],
}

/// A drawn link's label, for clicks: its rectangle and the link (not its index: the file may change between
/// the frame that drew it and the click).
pub type LabelHit = (Rect, Relation);

/// Draws the links whose two spans start within `visible` (code points), where `char_rect` gives the screen
/// rectangle of a character drawn this frame; returns the labels' rectangles for hit tests.
pub fn draw(
    painter: &egui::Painter,
    arrows: &Arrows<'_>,
    visible: std::ops::Range<usize>,
    font_size: f32,
    color_of: &dyn Fn(&str) -> Color32,
    char_rect: &dyn Fn(usize) -> Option<Rect>,
) -> Vec<LabelHit> {
    let mut hits = Vec::new();
    if (arrows.relations.is_empty() && arrows.suggested.is_empty()) || visible.is_empty() {
        return hits;
    }
    let font = FontId::proportional((font_size * 0.5).max(8.0));
    for relation in arrows.suggested {
        let shown = visible.contains(&relation.from.start)
            && visible.contains(&relation.to.start)
            && arrows.only.is_none_or(|key| relation.touches(key));
        if let (true, Some(a), Some(b)) = (
            shown,
            char_rect(relation.from.start),
            char_rect(relation.to.start),
        ) {
            let color = color_of(&relation.kind).gamma_multiply(0.4);
            let label = format!("{}?", relation.kind);
            arrow(painter, a, b, &label, color, &font, false);
        }
    }
    for relation in arrows.relations {
        if !visible.contains(&relation.from.start) || !visible.contains(&relation.to.start) {
            continue;
        }
        if arrows.only.is_some_and(|key| !relation.touches(key)) {
            continue;
        }
        let (Some(a), Some(b)) = (char_rect(relation.from.start), char_rect(relation.to.start))
        else {
            continue;
        };
        let selected = arrows.selected.is_some_and(|s| s.key() == relation.key());
        let color = color_of(&relation.kind);
        hits.push((
            arrow(painter, a, b, &relation.kind, color, &font, selected),
            relation.clone(),
        ));
    }
    hits
}

/// One curved arrow from the top of character rectangle `a` to the top of `b`, with its label at the top of
/// the curve; returns the label's rectangle.
fn arrow(
    painter: &egui::Painter,
    a: Rect,
    b: Rect,
    label: &str,
    color: Color32,
    font: &FontId,
    selected: bool,
) -> Rect {
    let start = pos2(a.center().x, a.top());
    let end = pos2(b.center().x, b.top());
    // Higher for links that go further, as brat stacks longer arcs above shorter ones.
    let lift = (font.size * 1.6 + (end.x - start.x).abs() * 0.12 + (end.y - start.y).abs() * 0.3)
        .min(font.size * 6.0);
    // Never above the view (the first line's arcs would be cut off, their labels out of reach).
    let ceiling = painter.clip_rect().top() + font.size * 0.6;
    let top = (start.y.min(end.y) - lift).max(ceiling);
    let control = [start, pos2(start.x, top), pos2(end.x, top), end];
    let width = if selected { 2.5 } else { 1.3 };
    painter.add(CubicBezierShape::from_points_stroke(
        control,
        false,
        Color32::TRANSPARENT,
        Stroke::new(width, color),
    ));
    // The head, pointing down into the target's top.
    let head = font.size * 0.45;
    painter.add(egui::Shape::convex_polygon(
        vec![
            end,
            end + vec2(-head * 0.5, -head),
            end + vec2(head * 0.5, -head),
        ],
        color,
        Stroke::NONE,
    ));
    // The label at the curve's highest point: (P0 + 3 P1 + 3 P2 + P3) / 8.
    let mid = pos2(
        (start.x + end.x) / 2.0,
        (start.y + end.y) / 8.0 + top * 0.75,
    );
    let text = painter.layout_no_wrap(label.to_owned(), font.clone(), Color32::WHITE);
    let rect = Rect::from_center_size(mid, text.size() + vec2(6.0, 2.0));
    painter.rect_filled(rect, 3.0, color);
    if selected {
        painter.rect_stroke(
            rect.expand(1.5),
            3.0,
            Stroke::new(1.5, Color32::BLACK),
            egui::StrokeKind::Outside,
        );
    }
    painter.galley(rect.min + vec2(3.0, 1.0), text, Color32::WHITE);
    rect
}

/// The link whose label is under `pos`, if any (the last drawn wins, as it is on top).
pub fn hit(hits: &[LabelHit], pos: Pos2) -> Option<&Relation> {
    hits.iter()
        .rev()
        .find(|(rect, _)| rect.contains(pos))
        .map(|(_, relation)| relation)
}
