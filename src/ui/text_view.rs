//! The text view: draws the report with its span highlights and turns pointer drags into selections.
//!
//! The one hot path of the app. The text is laid out per paragraph (see [`super::paragraphs`]); only the
//! paragraphs in the viewport are laid out and drawn each frame, and egui's galley cache keeps the ones that were
//! visible last frame, so scrolling lays out only what scrolls in. Selections and hit tests speak code points.

use std::sync::Arc;

use egui::text::CCursor;
use egui::{
    Align2, Color32, CursorIcon, Galley, Pos2, Rect, Response, ScrollArea, Sense, Stroke, Ui, Vec2,
    pos2, vec2,
};

use crate::model::Span;
use crate::text::ReportText;

use super::arrows::{self, Arrows, LabelHit};
use super::highlight::{HighlightStyle, Painted, overlapping, paragraph_job};
use super::paragraphs::Paragraphs;

/// What the view draws this frame; all offsets are code points.
pub struct ViewInput<'a> {
    /// The report.
    pub text: &'a ReportText,
    /// Its spans, in canonical order.
    pub spans: &'a [Span],
    /// Changes whenever `spans` change (the editor's revision).
    pub revision: u64,
    /// A region outlined (the selected span, or the conflict being looked at).
    pub outline: Option<Outline>,
    /// Find results, marked.
    pub matches: &'a [(usize, usize)],
    /// Suggestions, in text order, drawn dashed; the focused one (by index) drawn bolder.
    pub ghosts: &'a [Ghost],
    /// The index in `ghosts` of the suggestion with the focus.
    pub focused_ghost: Option<usize>,
    /// Thin solid outlines around spans, in text order (in adjudication: how many analysts made each span).
    pub marks: &'a [Outline],
    /// The longest line, in CJK characters (about one em each): on a wide screen a line of 45 characters reads
    /// better than one of 90. `None`: as wide as the view.
    pub max_line_chars: Option<usize>,
    /// The find result to emphasise.
    pub current_match: Option<usize>,
    /// Links between spans, drawn as arrows over the text.
    pub arrows: Arrows<'a>,
    /// Fonts and colours.
    pub style: &'a HighlightStyle,
}

/// A region of the text the view outlines, in its own colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outline {
    /// First code point.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The outline's colour.
    pub color: Color32,
}

/// A suggestion drawn as a dashed outline in its label's colour: offered, not yet an annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ghost {
    /// First code point.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The suggested label (its colour draws the outline).
    pub label: crate::model::SmallText,
}

/// What the analyst did in the view this frame.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ViewOutput {
    /// A click (not a drag) on this code point.
    pub clicked_char: Option<usize>,
    /// The text selection changed (by dragging or clicking).
    pub selection_changed: bool,
    /// A click on a link's label: its index in [`ViewInput::arrows`]' relations.
    pub clicked_relation: Option<crate::model::Relation>,
}

/// A laid-out, visible paragraph of the last frame, kept for hit tests until the next frame.
struct Placed {
    index: usize,
    origin: Pos2,
    galley: Arc<Galley>,
}

/// Where to scroll on the next frame.
#[derive(Debug, Clone, Copy)]
enum ScrollTarget {
    Char(usize),
    Offset(f32),
}

/// The text view's own state: paragraph geometry, the selection, scrolling requests.
pub struct TextView {
    doc: Option<(Arc<str>, usize)>,
    paragraphs: Paragraphs,
    /// Selection as (anchor, cursor) caret positions.
    selection: Option<(usize, usize)>,
    dragging: bool,
    /// Where the drag began, as the caret range it covers: the pressed character's `(start, end)`, or an empty
    /// range at the caret when the press was beside the text (or Shift extended the selection from its anchor).
    drag_origin: (usize, usize),
    /// A selection set from outside ([`TextView::set_selection`]) that the next frame must keep even when it
    /// shows another report (opening a report at a match selects the match).
    kept_selection: bool,
    scroll_to: Option<ScrollTarget>,
    max_len: (u64, usize),
    placed: Vec<Placed>,
    viewport: Rect,
    /// The labels of the links drawn last frame, for clicks.
    arrow_hits: Vec<LabelHit>,
}

impl Default for TextView {
    fn default() -> Self {
        TextView {
            doc: None,
            paragraphs: Paragraphs::default(),
            selection: None,
            dragging: false,
            drag_origin: (0, 0),
            kept_selection: false,
            scroll_to: None,
            max_len: (u64::MAX, 0),
            placed: Vec::new(),
            viewport: Rect::NOTHING,
            arrow_hits: Vec::new(),
        }
    }
}

impl TextView {
    /// The selected code-point range, if any and not empty.
    pub fn selection(&self) -> Option<(usize, usize)> {
        self.selection
            .map(|(a, b)| (a.min(b), a.max(b)))
            .filter(|(a, b)| a < b)
    }

    /// Replaces the selection (for keyboard commands and tests).
    /// The caret: where keyboard selection starts and grows (the moving end of the selection), if the analyst
    /// clicked in the text or selected some.
    pub fn caret(&self) -> Option<usize> {
        self.selection.map(|(_, cursor)| cursor)
    }

    /// Moves the caret by `delta` characters within `[0, len]`: with `extend` the selection grows or shrinks
    /// from its anchor (Shift+arrows), else it collapses to the caret (arrows). Without a caret, the first press
    /// puts one at the start of the first paragraph on screen.
    pub fn move_caret(&mut self, delta: isize, extend: bool, len: usize) {
        let Some((anchor, cursor)) = self.selection else {
            // No caret yet: the arrows put one at the start of what is on screen.
            if let Some(first) = self.placed.first() {
                let at = self.paragraphs.get(first.index).chars.start;
                self.selection = Some((at, at));
            }
            return;
        };
        let to = cursor.saturating_add_signed(delta).min(len);
        self.selection = Some(if extend { (anchor, to) } else { (to, to) });
        self.scroll_to = Some(ScrollTarget::Char(to.min(len.saturating_sub(1))));
    }

    pub fn set_selection(&mut self, range: Option<(usize, usize)>) {
        self.selection = range;
        self.kept_selection = range.is_some();
    }

    /// Asks the view to bring a code point into view on the next frame.
    pub fn scroll_to_char(&mut self, at: usize) {
        self.scroll_to = Some(ScrollTarget::Char(at));
    }

    /// Asks the view to scroll to a vertical offset on the next frame (benchmarks, restoring position).
    pub fn scroll_to_offset(&mut self, y: f32) {
        self.scroll_to = Some(ScrollTarget::Offset(y));
    }

    /// The visible part of the text last frame, in content coordinates.
    pub fn viewport(&self) -> Rect {
        self.viewport
    }

    /// The links drawn last frame: each label's screen rectangle and the link's index.
    pub fn drawn_links(&self) -> &[LabelHit] {
        &self.arrow_hits
    }

    /// Screen rectangle of the character at `at`, if it was on screen last frame (tests click on it).
    pub fn char_rect(&self, at: usize) -> Option<Rect> {
        let placed = self.placed.iter().find(|p| {
            let chars = &self.paragraphs.get(p.index).chars;
            chars.start <= at && at < chars.end
        })?;
        let column = at - self.paragraphs.get(placed.index).chars.start;
        // A character that starts a wrapped row: its left edge is on that row, not at the end of the one above.
        let left = placed.galley.pos_from_cursor(CCursor {
            index: column.into(),
            prefer_next_row: true,
        });
        let right = placed.galley.pos_from_cursor(CCursor::new(column + 1));
        let right_x = if (right.min.y - left.min.y).abs() < 1.0 {
            right.min.x
        } else {
            left.min.x
                + placed
                    .galley
                    .rows
                    .first()
                    .map_or(10.0, |r| r.height() * 0.8)
        };
        Some(Rect::from_min_max(
            placed.origin + left.min.to_vec2(),
            placed.origin + vec2(right_x, left.max.y),
        ))
    }

    fn prepare(&mut self, input: &ViewInput<'_>) {
        let key = (input.text.shared(), input.text.len_chars());
        let same = self
            .doc
            .as_ref()
            .is_some_and(|(t, n)| Arc::ptr_eq(t, &key.0) && *n == key.1);
        if !same {
            self.paragraphs = Paragraphs::new(input.text);
            self.doc = Some(key);
            if !self.kept_selection {
                self.selection = None;
            }
            self.placed.clear();
            self.max_len = (u64::MAX, 0);
        }
        if self.max_len.0 != input.revision {
            let longest = input.spans.iter().map(Span::len).max().unwrap_or(0);
            self.max_len = (input.revision, longest);
        }
    }

    /// Draws the view into `ui` (filling it) and handles pointer input.
    pub fn show(&mut self, ui: &mut Ui, input: &ViewInput<'_>) -> ViewOutput {
        self.prepare(input);
        self.kept_selection = false;
        let font = input.style.font.clone();
        // Label tags make every line taller: the estimated heights change with them (or a scroll would miss).
        let row_height = if input.style.label_tags {
            font.size * super::highlight::TAGGED_LINE_HEIGHT
        } else {
            ui.fonts_mut(|f| f.row_height(&font))
        };
        let margin = 12.0;
        let mut wrap_width = (ui.available_width() - 2.0 * margin - 16.0).max(80.0);
        if let Some(chars) = input.max_line_chars {
            wrap_width = wrap_width.min(chars as f32 * font.size + 2.0);
        }
        self.paragraphs
            .set_geometry(wrap_width, font.size, row_height);

        let mut area = ScrollArea::vertical()
            .id_salt("text_view")
            .auto_shrink([false, false]);
        let viewport_height = ui.available_height();
        match self.scroll_to.take() {
            Some(ScrollTarget::Offset(y)) => area = area.vertical_scroll_offset(y.max(0.0)),
            Some(ScrollTarget::Char(at)) => {
                let p = self.paragraphs.of_char(at);
                let y = self.paragraphs.top(p);
                // Within a long paragraph, aim at the character's row.
                let (start, end) = {
                    let c = &self.paragraphs.get(p).chars;
                    (c.start, c.end)
                };
                let job = paragraph_job(input.text, start, end, &[], input.style, wrap_width);
                let galley = ui.painter().layout_job(job);
                let row_y = galley
                    .pos_from_cursor(CCursor::new(at.saturating_sub(start)))
                    .min
                    .y;
                area = area.vertical_scroll_offset((y + row_y - viewport_height * 0.3).max(0.0));
            }
            None => {}
        }

        let mut output = ViewOutput::default();
        area.show_viewport(ui, |ui, viewport| {
            self.viewport = viewport;
            let total = self.paragraphs.total_height();
            ui.set_height(total + margin);
            ui.set_width(ui.available_width());
            let origin = ui.max_rect().min + vec2(margin, margin * 0.5);
            self.draw(ui, input, origin, viewport, wrap_width);
            self.interact(ui, input, viewport, &mut output);
        });
        output
    }

    fn draw(
        &mut self,
        ui: &Ui,
        input: &ViewInput<'_>,
        origin: Pos2,
        viewport: Rect,
        wrap_width: f32,
    ) {
        self.placed.clear();
        let painter = ui.painter();
        let visuals = ui.visuals();
        let selection = self.selection();
        let mut i = self.paragraphs.at_y(viewport.min.y);
        let mut y = self.paragraphs.top(i);
        while i < self.paragraphs.len() && y <= viewport.max.y {
            let chars = self.paragraphs.get(i).chars.clone();
            let hits = overlapping(input.spans, self.max_len.1, chars.start, chars.end);
            let spans: Vec<Painted<'_>> = hits
                .iter()
                .map(|&k| Painted::by_label(&input.spans[k], input.style))
                .collect();
            let job = paragraph_job(
                input.text,
                chars.start,
                chars.end,
                &spans,
                input.style,
                wrap_width,
            );
            let galley = painter.layout_job(job);
            let pos = origin + vec2(0.0, y);
            // Behind the text: find results and the selection.
            let first_match = input.matches.partition_point(|m| m.1 <= chars.start);
            for (k, m) in input.matches[first_match..]
                .iter()
                .enumerate()
                .take_while(|(_, m)| m.0 < chars.end)
            {
                let current = input.current_match == Some(first_match + k);
                for r in range_rects(
                    &galley,
                    m.0.max(chars.start) - chars.start,
                    m.1.min(chars.end) - chars.start,
                ) {
                    let r = r.translate(pos.to_vec2()).expand(1.0);
                    // Neutral (the text's own colour, faint), so a result is never taken for a tag: labels
                    // have colours, and the yellow used before looked like Figure's orange.
                    painter.rect_filled(r, 2.0, visuals.text_color().gamma_multiply(0.2));
                    if current {
                        let stroke = (2.0, visuals.strong_text_color());
                        painter.rect_stroke(r, 2.0, stroke, egui::StrokeKind::Outside);
                    }
                }
            }
            if let Some((a, b)) = selection
                && a < chars.end.max(chars.start + 1)
                && b > chars.start
            {
                let fill = visuals.selection.bg_fill.gamma_multiply(0.6);
                for r in range_rects(
                    &galley,
                    a.max(chars.start) - chars.start,
                    b.min(chars.end) - chars.start,
                ) {
                    painter.rect_filled(r.translate(pos.to_vec2()), 0.0, fill);
                }
            }
            painter.galley(pos, Arc::clone(&galley), input.style.text);
            if let Some((anchor, caret)) = self.selection
                && anchor == caret
                && (chars.start..=chars.end).contains(&caret)
            {
                let at = galley.pos_from_cursor(CCursor::new(caret - chars.start));
                let x = pos.x + at.min.x;
                let stroke = Stroke::new(1.5, visuals.text_cursor.stroke.color);
                painter.vline(x, (pos.y + at.min.y)..=(pos.y + at.max.y), stroke);
            }
            draw_ghosts(painter, input, &galley, pos, chars.clone());
            draw_marks(
                painter,
                input.marks,
                self.max_len.1,
                &galley,
                pos,
                chars.clone(),
            );
            if input.style.label_tags {
                draw_label_tags(painter, &spans, input.style, &galley, pos, chars.clone());
            }
            // In front: the selected span's outline.
            if let Some(key) = input.outline
                && key.start < chars.end
                && key.end > chars.start
            {
                let stroke = Stroke::new(2.0, key.color);
                for r in range_rects(
                    &galley,
                    key.start.max(chars.start) - chars.start,
                    key.end.min(chars.end) - chars.start,
                ) {
                    painter.rect_stroke(
                        r.translate(pos.to_vec2()).expand(1.5),
                        2.0,
                        stroke,
                        egui::StrokeKind::Outside,
                    );
                }
            }
            self.paragraphs.set_measured(i, galley.size().y);
            y += galley.size().y.max(0.0) + self.paragraphs.gap();
            self.placed.push(Placed {
                index: i,
                origin: pos,
                galley,
            });
            i += 1;
        }
        let visible = match (self.placed.first(), self.placed.last()) {
            (Some(first), Some(last)) => {
                self.paragraphs.get(first.index).chars.start
                    ..self.paragraphs.get(last.index).chars.end
            }
            _ => 0..0,
        };
        self.arrow_hits = arrows::draw(
            painter,
            &input.arrows,
            visible,
            input.style.font.size,
            &|kind| input.style.relation_color(kind),
            &|at| self.char_rect(at),
        );
        if self.placed.is_empty() && self.paragraphs.len() == 1 {
            painter.text(
                origin,
                Align2::LEFT_TOP,
                "(empty report)",
                input.style.font.clone(),
                visuals.weak_text_color(),
            );
        }
    }

    fn interact(
        &mut self,
        ui: &mut Ui,
        input: &ViewInput<'_>,
        viewport: Rect,
        output: &mut ViewOutput,
    ) {
        let screen_view = viewport.translate(ui.max_rect().min.to_vec2());
        let response: Response = ui.interact(
            screen_view,
            ui.make_persistent_id("text_view_interact"),
            Sense::click_and_drag(),
        );
        if response.hovered() {
            ui.ctx().set_cursor_icon(CursorIcon::Text);
        }
        let pointer = response.interact_pointer_pos().or(response.hover_pos());
        if response.drag_started()
            && let Some(press) = ui.input(|i| i.pointer.press_origin())
            && let Some(at) = self.caret_at(press)
        {
            let extend = ui.input(|i| i.modifiers.shift);
            self.drag_origin = match (extend, self.selection) {
                (true, Some((anchor, _))) => (anchor, anchor),
                _ => self.touched(press).unwrap_or((at, at)),
            };
            self.selection = Some(drag_over(self.drag_origin, self.touched(press), at));
            self.dragging = true;
            output.selection_changed = true;
        }
        if self.dragging
            && response.dragged()
            && let Some(pos) = pointer
        {
            // Scroll while dragging near or past the top or bottom edge.
            let edge = 24.0;
            let speed = if pos.y < screen_view.min.y + edge {
                (screen_view.min.y + edge - pos.y).min(200.0) * 0.5
            } else if pos.y > screen_view.max.y - edge {
                -(pos.y - (screen_view.max.y - edge)).min(200.0) * 0.5
            } else {
                0.0
            };
            if speed != 0.0 {
                ui.scroll_with_delta(Vec2::new(0.0, speed));
                ui.ctx().request_repaint();
            }
            let clamped = pos2(pos.x, pos.y.clamp(screen_view.min.y, screen_view.max.y));
            if let Some(at) = self.caret_at(clamped) {
                let selection = drag_over(self.drag_origin, self.touched(clamped), at);
                if self.selection != Some(selection) {
                    self.selection = Some(selection);
                    output.selection_changed = true;
                }
            }
        }
        if response.drag_stopped() {
            self.dragging = false;
        }
        if response.clicked()
            && let Some(pos) = pointer
            && let Some(relation) = arrows::hit(&self.arrow_hits, pos)
        {
            output.clicked_relation = Some(relation.clone());
        } else if response.clicked()
            && let Some(pos) = pointer
        {
            let shift = ui.input(|i| i.modifiers.shift);
            match (shift, self.selection, self.caret_at(pos)) {
                (true, Some((anchor, _)), Some(at)) => {
                    self.selection = Some((anchor, at));
                }
                (_, _, caret) => {
                    // A click puts the caret there (for keyboard selection) and says which character it hit.
                    self.selection = caret.map(|c| (c, c));
                    output.clicked_char = self.char_at(pos);
                }
            }
            output.selection_changed = true;
        }
        if let Some(at) = response.hover_pos().and_then(|pos| self.char_at(pos))
            && !self.dragging
        {
            let hits = overlapping(input.spans, self.max_len.1, at, at + 1);
            if !hits.is_empty() {
                response.on_hover_ui_at_pointer(|ui| {
                    for &k in hits.iter().rev() {
                        let Painted { span, color } =
                            Painted::by_label(&input.spans[k], input.style);
                        ui.horizontal(|ui| {
                            let (rect, _) =
                                ui.allocate_exact_size(vec2(10.0, 10.0), Sense::hover());
                            ui.painter().rect_filled(rect, 2.0, color);
                            ui.strong(span.label.as_str());
                            ui.label(span.text.as_str());
                        });
                        if let Some(note) = &span.note {
                            ui.label(format!("  {note}"));
                        }
                    }
                });
            }
        }
    }

    fn placed_at(&self, pos: Pos2) -> Option<&Placed> {
        // The paragraph whose band (including the gap below it) holds the pointer's height.
        let gap = self.paragraphs.gap();
        self.placed
            .iter()
            .find(|p| pos.y < p.origin.y + p.galley.size().y + gap)
            .or(self.placed.last())
    }

    /// The caret position (between characters) nearest to a screen point.
    fn caret_at(&self, pos: Pos2) -> Option<usize> {
        let placed = self.placed_at(pos)?;
        let cursor = placed.galley.cursor_from_pos(pos - placed.origin);
        Some(self.paragraphs.get(placed.index).chars.start + cursor.index.0)
    }

    /// The character under a screen point as its caret range `(start, end)`, if the point is on one.
    fn touched(&self, pos: Pos2) -> Option<(usize, usize)> {
        self.char_at(pos).map(|c| (c, c + 1))
    }

    /// The character under a screen point, if the point is on text.
    fn char_at(&self, pos: Pos2) -> Option<usize> {
        let placed = self.placed_at(pos)?;
        let local = pos - placed.origin;
        let mut index = 0;
        for row in &placed.galley.rows {
            if local.y >= row.min_y() && local.y < row.max_y() {
                for (k, glyph) in row.glyphs.iter().enumerate() {
                    let x0 = row.pos.x + glyph.pos.x;
                    if local.x >= x0 && local.x < x0 + glyph.advance_width {
                        return Some(self.paragraphs.get(placed.index).chars.start + index + k);
                    }
                }
                return None;
            }
            index += row.char_count_including_newline().0;
        }
        None
    }
}

/// The selection (anchor, cursor) of a drag from `origin` (the caret range it began on) to the pointer, which is
/// on character `over` (its caret range) or, beside the text, nearest to caret `at`. Every character the pointer
/// touched is in: a drag that ends inside a character takes that character, at either end, as text editors do
/// for CJK.
fn drag_over(origin: (usize, usize), over: Option<(usize, usize)>, at: usize) -> (usize, usize) {
    let (low, high) = over.unwrap_or((at, at));
    if low < origin.0 {
        (origin.1, low)
    } else {
        (origin.0, high.max(origin.1))
    }
}

/// Rectangles (galley coordinates) covering characters `[a, b)` of a paragraph galley, one per row.
/// Dashed outlines for the suggestions over this paragraph (characters `chars`, laid out at `pos`).
fn draw_ghosts(
    painter: &egui::Painter,
    input: &ViewInput<'_>,
    galley: &Galley,
    pos: Pos2,
    chars: std::ops::Range<usize>,
) {
    // Suggestions end at a clause end, a line break included, so none reaches in from an earlier paragraph;
    // the search starts a little early all the same, which costs nothing.
    let first = input
        .ghosts
        .partition_point(|g| g.start < chars.start.saturating_sub(GHOST_REACH));
    for (k, ghost) in input.ghosts[first..]
        .iter()
        .enumerate()
        .take_while(|(_, g)| g.start < chars.end)
    {
        if ghost.end <= chars.start {
            continue;
        }
        let focused = input.focused_ghost == Some(first + k);
        let color = input.style.label_color(&ghost.label);
        let stroke = Stroke::new(if focused { 2.5 } else { 1.2 }, color);
        for r in range_rects(
            galley,
            ghost.start.max(chars.start) - chars.start,
            ghost.end.min(chars.end) - chars.start,
        ) {
            let r = r
                .translate(pos.to_vec2())
                .expand(if focused { 2.5 } else { 1.0 });
            if focused {
                // A faint wash of the label's colour, so the suggestion Enter would accept stands out.
                painter.rect_filled(r, 2.0, color.gamma_multiply(0.12));
            }
            let corners = [
                r.left_top(),
                r.right_top(),
                r.right_bottom(),
                r.left_bottom(),
                r.left_top(),
            ];
            painter.extend(egui::Shape::dashed_line(&corners, stroke, 4.0, 3.0));
        }
    }
}

/// Thin solid outlines for the marks over this paragraph. Marks outline spans (a span may run across
/// paragraphs), so the search starts `longest` characters back, as for the spans themselves.
fn draw_marks(
    painter: &egui::Painter,
    marks: &[Outline],
    longest: usize,
    galley: &Galley,
    pos: Pos2,
    chars: std::ops::Range<usize>,
) {
    let first = marks.partition_point(|m| m.start + longest <= chars.start);
    for mark in marks[first..].iter().take_while(|m| m.start < chars.end) {
        if mark.end <= chars.start {
            continue;
        }
        for r in range_rects(
            galley,
            mark.start.max(chars.start) - chars.start,
            mark.end.min(chars.end) - chars.start,
        ) {
            painter.rect_stroke(
                r.translate(pos.to_vec2()).expand(0.5),
                1.5,
                Stroke::new(1.5, mark.color),
                egui::StrokeKind::Outside,
            );
        }
    }
}

/// Each span starting in this paragraph gets its label in a small tag under its first character, in the room
/// the taller lines leave ([`super::highlight::TAGGED_LINE_HEIGHT`]), as brat writes labels beside the text.
fn draw_label_tags(
    painter: &egui::Painter,
    spans: &[Painted<'_>],
    style: &HighlightStyle,
    galley: &Galley,
    pos: Pos2,
    chars: std::ops::Range<usize>,
) {
    let font = egui::FontId::proportional((style.font.size * 0.5).max(8.0));
    // Spans starting at one character (an Outcome and the Figure that opens it) get their tags side by side.
    let mut last: Option<(usize, f32)> = None;
    for painted in spans {
        let start = painted.span.start;
        if !(chars.start..chars.end).contains(&start) {
            continue;
        }
        let Some(first) = range_rects(galley, start - chars.start, start - chars.start + 1)
            .first()
            .copied()
        else {
            continue;
        };
        let first = first.translate(pos.to_vec2());
        let text =
            painter.layout_no_wrap(painted.span.label.to_string(), font.clone(), Color32::WHITE);
        let x = match last {
            Some((at, right)) if at == start => right + 2.0,
            _ => first.left(),
        };
        // In the room the taller line leaves below the glyphs.
        let at = pos2(x, first.bottom() - text.size().y - 1.0);
        let tag = Rect::from_min_size(at, text.size() + vec2(4.0, 0.0));
        last = Some((start, tag.right()));
        painter.rect_filled(tag, 2.0, painted.color);
        painter.galley(at + vec2(2.0, 0.0), text, Color32::WHITE);
    }
}

/// How far before a paragraph the search for suggestions starts (slack: a paragraph break ends a clause).
const GHOST_REACH: usize = 400;

fn range_rects(galley: &Galley, a: usize, b: usize) -> Vec<Rect> {
    let mut rects = Vec::new();
    if a >= b {
        return rects;
    }
    let mut row_start = 0;
    for row in &galley.rows {
        let n = row.char_count_excluding_newline().0;
        let (s, e) = (a.max(row_start), b.min(row_start + n));
        if s < e {
            let x0 = row.pos.x + row.x_offset((s - row_start).into());
            let x1 = row.pos.x + row.x_offset((e - row_start).into());
            rects.push(Rect::from_min_max(
                pos2(x0, row.min_y()),
                pos2(x1, row.max_y()),
            ));
        }
        row_start += row.char_count_including_newline().0;
        if row_start >= b {
            break;
        }
    }
    rects
}
