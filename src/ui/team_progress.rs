//! Team ▸ Progress: where the team's work stands ([`crate::progress`], the same table as `spantag stats
//! --by-report`): per report, every analyst's status and span count and gold's state, with totals above. The
//! list draws only the rows on screen, so a workspace of thousands of reports scrolls smoothly.

use egui::{Context, Ui};

use crate::model::Status;
use crate::names::GOLD;
use crate::plural::count;
use crate::progress::{Gold, Progress, Work};

const REPORT_WIDTH: f32 = 240.0;
const CELL_WIDTH: f32 = 120.0;

/// An analyst's cell: "done · 12 spans", or "no file".
fn work_cell(work: Option<Work>) -> String {
    work.map_or_else(
        || "no file".to_owned(),
        |w| format!("{} · {}", w.status.as_str(), count(w.spans, "span")),
    )
}

/// Gold's cell: "12 spans, 2 undecided", "12 spans", or "none".
fn gold_cell(gold: Option<Gold>) -> String {
    match gold {
        None => "none".to_owned(),
        Some(g) if g.undecided > 0 => {
            format!("{}, {} undecided", count(g.spans, "span"), g.undecided)
        }
        Some(g) => count(g.spans, "span"),
    }
}

fn cell(ui: &mut Ui, width: f32, text: impl Into<egui::WidgetText>) {
    ui.add_sized(
        [width, ui.spacing().interact_size.y],
        egui::Label::new(text).truncate(),
    );
}

fn totals(ui: &mut Ui, progress: &Progress) {
    for (name, totals) in &progress.totals {
        let statuses: Vec<String> = Status::ALL
            .iter()
            .map(|s| {
                format!(
                    "{} {}",
                    totals.status.get(s.as_str()).unwrap_or(&0),
                    s.as_str()
                )
            })
            .collect();
        ui.label(format!(
            "{name}: {}; {}",
            statuses.join(", "),
            count(totals.spans, "span")
        ));
    }
    ui.label(format!(
        "gold: {} of {}, {} with undecided conflicts",
        progress.gold_reports,
        count(progress.reports.len(), "report"),
        progress.gold_undecided
    ));
    if !progress.unreadable.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "{} could not be read:",
                count(progress.unreadable.len(), "file")
            ),
        )
        .on_hover_text(progress.unreadable.join("\n"));
    }
}

/// Draws the table.
pub fn show(ui: &mut Ui, progress: &Progress) {
    totals(ui, progress);
    ui.separator();
    egui::ScrollArea::horizontal().show(ui, |ui| {
        ui.horizontal(|ui| {
            cell(ui, REPORT_WIDTH, egui::RichText::new("Report").strong());
            for name in &progress.annotators {
                cell(ui, CELL_WIDTH, egui::RichText::new(name).strong());
            }
            cell(ui, CELL_WIDTH, egui::RichText::new(GOLD).strong());
        });
        let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, row_height, progress.reports.len(), |ui, range| {
                for report in &progress.reports[range] {
                    ui.horizontal(|ui| {
                        cell(ui, REPORT_WIDTH, report.document.as_str());
                        for name in &progress.annotators {
                            cell(
                                ui,
                                CELL_WIDTH,
                                work_cell(report.analysts.get(name).copied().flatten()),
                            );
                        }
                        cell(ui, CELL_WIDTH, gold_cell(report.gold));
                    });
                }
            });
    });
}

/// The window, while open.
pub fn window(ctx: &Context, progress: &mut Option<Progress>) {
    let Some(shown) = progress.as_ref() else {
        return;
    };
    let mut open = true;
    egui::Window::new("Progress")
        .open(&mut open)
        .default_size([720.0, 520.0])
        .show(ctx, |ui| show(ui, shown));
    if !open {
        *progress = None;
    }
}
