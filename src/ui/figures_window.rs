//! View ▸ Figures: every figure of the workspace in the open analyst's files, with its value, unit, qualifier
//! and the Outcome or Measure span that holds it; sortable by clicking a column header, filtered by unit and by
//! text; a click on a row opens the report at that span. The table is read from disk
//! ([`crate::figures::listing::collect`]) on a thread of its own, so the window stays responsive over 10,000
//! reports, and only the rows on screen are drawn.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use std::time::Duration;

use egui::{Align2, Context, Role, Sense, Ui, Vec2, WidgetInfo};

use crate::background::{Background, Polled};
use crate::figures::FigureRow;
use crate::figures::listing::collect;
use crate::model::SpanKey;
use crate::plural::count;
use crate::store::Workspace;

use super::action::Action;

/// A column the table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    /// Report, then position in it (the order figures are read in).
    Document,
    /// The number, or a range's low end; figures without a value last.
    Value,
    /// The unit, then the value.
    Unit,
    /// The containing span's label and text; figures outside any last.
    Container,
}

/// What the background reader sends back.
type Listing = (Vec<FigureRow>, Vec<String>);

/// The window's state: whose figures, the rows read, and how they are sorted and filtered.
#[derive(Default)]
pub struct FiguresWindow {
    /// Whether the window is shown.
    pub open: bool,
    /// The workspace folder and analyst the rows are for (a change reads them again).
    source: Option<(PathBuf, String)>,
    /// The rows must be read (again) before they are shown.
    needs_read: bool,
    /// The background reader, while it runs.
    job: Option<Background<Listing>>,
    /// Every figure read.
    rows: Vec<FigureRow>,
    /// Files that could not be read.
    problems: Vec<String>,
    /// The distinct units of the rows, for the unit filter.
    units: Vec<String>,
    /// The sort column.
    sort: SortBy,
    /// Whether the sort is reversed (largest first).
    descending: bool,
    /// Only figures with this unit.
    unit_filter: Option<String>,
    /// Only figures whose text, report or containing span has this text.
    text_filter: String,
    /// Indices into `rows` of the rows shown, in the order shown (recomputed when sort or filters change).
    shown: Vec<usize>,
}

impl FiguresWindow {
    /// Opens the window and reads the figures of `annotator` in the workspace at `root` again.
    pub fn open_for(&mut self, root: &Path, annotator: &str) {
        self.open = true;
        self.source = Some((root.to_owned(), annotator.to_owned()));
        self.needs_read = true;
    }

    /// Whether the rows are still being read.
    pub fn loading(&self) -> bool {
        self.open && (self.needs_read || self.job.is_some())
    }

    /// The rows shown, in the order shown.
    pub fn shown(&self) -> impl Iterator<Item = &FigureRow> {
        self.shown.iter().map(|&i| &self.rows[i])
    }

    /// Every row read, whatever the filters.
    pub fn rows(&self) -> &[FigureRow] {
        &self.rows
    }

    /// Starts the background reader for `source`.
    fn start(&mut self, ctx: &Context) {
        let Some((root, annotator)) = self.source.clone() else {
            return;
        };
        let ctx = ctx.clone();
        let read = move || {
            // One core is left to the window, so it keeps drawing while the reports are read.
            crate::parallel::on_own_pool_leaving_one(|| match Workspace::open(&root) {
                Ok(workspace) => {
                    let table = crate::figures::Table::extended(workspace.config().figures.clone());
                    collect(&workspace, &[annotator], &table)
                }
                Err(e) => (Vec::new(), vec![format!("{}: {e}", root.display())]),
            })
        };
        self.job = Some(Background::run(read, move || ctx.request_repaint()));
        self.needs_read = false;
        self.rows.clear();
        self.problems.clear();
        self.units.clear();
        self.shown.clear();
    }

    /// Takes the reader's result when it is ready.
    fn poll(&mut self, ctx: &Context) {
        let Some(job) = &self.job else {
            return;
        };
        match job.poll() {
            Polled::Ready((rows, problems)) => {
                self.job = None;
                self.rows = rows;
                self.problems = problems;
                let mut units: Vec<String> = self
                    .rows
                    .iter()
                    .filter_map(|r| r.value.as_ref().map(|v| v.unit.clone()))
                    .collect();
                units.sort();
                units.dedup();
                if self
                    .unit_filter
                    .as_ref()
                    .is_some_and(|u| !units.contains(u))
                {
                    self.unit_filter = None;
                }
                self.units = units;
                self.refresh();
            }
            Polled::Waiting => ctx.request_repaint_after(Duration::from_millis(100)),
            Polled::Gone => {
                self.job = None;
                self.problems = vec!["the figure reader stopped unexpectedly".to_owned()];
            }
        }
    }

    /// Recomputes the rows shown from the filters and the sort.
    fn refresh(&mut self) {
        let needle = self.text_filter.trim();
        let unit = self.unit_filter.as_deref();
        self.shown = (0..self.rows.len())
            .filter(|&i| {
                let row = &self.rows[i];
                unit.is_none_or(|u| row.value.as_ref().is_some_and(|v| v.unit == u))
                    && (needle.is_empty()
                        || row.text.contains(needle)
                        || row.document.contains(needle)
                        || row
                            .container
                            .as_ref()
                            .is_some_and(|c| c.text.contains(needle)))
            })
            .collect();
        let (by, descending) = (self.sort, self.descending);
        let rows = &self.rows;
        self.shown.sort_by(|&a, &b| {
            let order = compare(&rows[a], &rows[b], by);
            if descending { order.reverse() } else { order }
        });
    }

    /// Sorts by `by`; the same column again reverses the order.
    fn sort_by(&mut self, by: SortBy) {
        self.descending = self.sort == by && !self.descending;
        self.sort = by;
        self.refresh();
    }
}

/// The order of two rows by a column, ties broken by report and position.
fn compare(a: &FigureRow, b: &FigureRow, by: SortBy) -> Ordering {
    // Borrowed, never cloned: a sort of 255,000 rows compares millions of times.
    fn place(r: &FigureRow) -> (&str, usize, usize) {
        (r.document.as_str(), r.start, r.end)
    }
    let value = |r: &FigureRow| r.value.as_ref().map(|v| v.amount.sort_key());
    let first = match by {
        SortBy::Document => Ordering::Equal,
        SortBy::Value => none_last(value(a), value(b)),
        SortBy::Unit => none_last(
            a.value.as_ref().map(|v| &v.unit),
            b.value.as_ref().map(|v| &v.unit),
        )
        .then_with(|| none_last(value(a), value(b))),
        SortBy::Container => none_last(
            a.container.as_ref().map(|c| (&c.label, &c.text)),
            b.container.as_ref().map(|c| (&c.label, &c.text)),
        ),
    };
    first.then_with(|| place(a).cmp(&place(b)))
}

/// `None` (no value, no container) after everything else.
fn none_last<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The accessible name of a row (what a screen reader, and the tests, find it by): `report start–end text`.
pub fn row_label(row: &FigureRow) -> String {
    format!("{} {}–{} {}", row.document, row.start, row.end, row.text)
}

/// Column titles and widths; the last column takes what is left.
const COLUMNS: [(&str, f32); 7] = [
    ("Report", 190.0),
    ("Offsets", 80.0),
    ("Text", 130.0),
    ("Value", 120.0),
    ("Unit", 60.0),
    ("Qualifier", 80.0),
    ("Contained in", 0.0),
];

/// What column `i` sorts by, if it sorts.
fn sorts_by(i: usize) -> Option<SortBy> {
    match i {
        0 => Some(SortBy::Document),
        3 => Some(SortBy::Value),
        4 => Some(SortBy::Unit),
        6 => Some(SortBy::Container),
        _ => None,
    }
}

/// The cells of a row.
fn cells(row: &FigureRow) -> [String; 7] {
    let (value, unit, qualifier) = match &row.value {
        Some(v) => (
            v.amount.to_string(),
            v.unit.clone(),
            v.qualifier.as_str().to_owned(),
        ),
        None => ("none read".to_owned(), String::new(), String::new()),
    };
    let container = row
        .container
        .as_ref()
        .map(|c| format!("{}: {}", c.label, c.text))
        .unwrap_or_default();
    [
        row.document.clone(),
        format!("{}–{}", row.start, row.end),
        row.text.clone(),
        value,
        unit,
        qualifier,
        container,
    ]
}

/// Draws the window while it is open. `current` is the open workspace folder and analyst: when they differ
/// from the rows', the rows are read again.
pub fn show(
    ctx: &Context,
    window: &mut FiguresWindow,
    current: Option<(&Path, &str)>,
    actions: &mut Vec<Action>,
) {
    if !window.open {
        return;
    }
    let Some((root, annotator)) = current else {
        window.open = false;
        return;
    };
    let stale = window
        .source
        .as_ref()
        .is_none_or(|(r, a)| r != root || a != annotator);
    if stale {
        window.open_for(root, annotator);
    }
    if window.needs_read {
        window.start(ctx);
    }
    window.poll(ctx);
    let mut open = window.open;
    egui::Window::new("Figures")
        .open(&mut open)
        .default_size([980.0, 520.0])
        .resizable(true)
        .show(ctx, |ui| contents(ui, window, annotator, actions));
    window.open = open && window.open;
}

fn contents(ui: &mut Ui, window: &mut FiguresWindow, annotator: &str, actions: &mut Vec<Action>) {
    let mut changed = false;
    ui.horizontal(|ui| {
        let unit_text = window.unit_filter.as_deref().unwrap_or("all units");
        egui::ComboBox::from_label("Filter by unit")
            .selected_text(unit_text)
            .show_ui(ui, |ui| {
                changed |= ui
                    .selectable_value(&mut window.unit_filter, None, "all units")
                    .changed();
                for unit in &window.units {
                    let shown = if unit.is_empty() { "(none)" } else { unit };
                    changed |= ui
                        .selectable_value(&mut window.unit_filter, Some(unit.clone()), shown)
                        .changed();
                }
            });
        ui.add_space(12.0);
        let label = ui.label("Filter by text");
        changed |= ui
            .add(
                egui::TextEdit::singleline(&mut window.text_filter)
                    .hint_text("in the figure, report or containing span")
                    .desired_width(220.0),
            )
            .labelled_by(label.id)
            .changed();
        if ui.button("Refresh").clicked() {
            window.needs_read = true;
        }
    });
    if changed {
        window.refresh();
    }
    if window.job.is_some() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!("reading {annotator}'s figures…"));
        });
        return;
    }
    ui.label(format!(
        "{} of {} in {annotator}'s files, as saved on disk (the open report is saved when the window opens; \
         Refresh reads edits made since)",
        count(window.shown.len(), "figure"),
        window.rows.len()
    ));
    if !window.problems.is_empty() {
        ui.collapsing(
            format!("{} could not be read", count(window.problems.len(), "file")),
            |ui| {
                for problem in &window.problems {
                    ui.colored_label(ui.visuals().error_fg_color, problem);
                }
            },
        );
    }
    ui.separator();
    let widths = column_widths(ui.available_width());
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        for (i, (title, _)) in COLUMNS.iter().enumerate() {
            let size = Vec2::new(widths[i], row_height);
            match sorts_by(i) {
                Some(by) => {
                    let active = window.sort == by;
                    let text = match (active, window.descending) {
                        (true, false) => format!("{title} ↑"),
                        (true, true) => format!("{title} ↓"),
                        (false, _) => (*title).to_owned(),
                    };
                    let response = ui
                        .add_sized(size, egui::Button::selectable(active, text))
                        .on_hover_text("sort by this column (again: reverse)");
                    if response.clicked() {
                        window.sort_by(by);
                    }
                }
                None => {
                    ui.add_sized(size, egui::Label::new(egui::RichText::new(*title).strong()));
                }
            }
        }
    });
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, window.shown.len(), |ui, range| {
            for &i in &window.shown[range] {
                if let Some(action) = draw_row(ui, &window.rows[i], &widths, row_height) {
                    actions.push(action);
                }
            }
        });
}

fn column_widths(available: f32) -> [f32; 7] {
    let mut widths = COLUMNS.map(|(_, w)| w);
    let fixed: f32 = widths.iter().sum();
    widths[6] = (available - fixed).max(120.0);
    widths
}

/// One row, drawn as text in fixed columns over one clickable strip; a click opens the report at the figure.
fn draw_row(ui: &mut Ui, row: &FigureRow, widths: &[f32; 7], height: f32) -> Option<Action> {
    let width: f32 = widths.iter().sum();
    let (rect, response) = ui.allocate_exact_size(Vec2::new(width, height), Sense::click());
    let label = row_label(row);
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &label));
    let response = response.on_hover_text("open the report at this figure");
    let visuals = ui.visuals();
    if response.hovered() {
        ui.painter()
            .rect_filled(rect, 2.0, visuals.widgets.hovered.weak_bg_fill);
    }
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = visuals.text_color();
    let mut x = rect.left();
    for (cell, w) in cells(row).iter().zip(widths) {
        let clip = egui::Rect::from_min_size(egui::pos2(x, rect.top()), Vec2::new(w - 6.0, height));
        ui.painter()
            .with_clip_rect(clip.intersect(ui.clip_rect()))
            .text(
                egui::pos2(x + 2.0, rect.center().y),
                Align2::LEFT_CENTER,
                cell,
                font.clone(),
                color,
            );
        x += w;
    }
    response.clicked().then(|| {
        Action::OpenFigure(
            row.document.clone(),
            SpanKey {
                start: row.start,
                end: row.end,
                label: crate::figures::FIGURE.into(),
            },
        )
    })
}
