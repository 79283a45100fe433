//! Team ▸ Progress: where the team's work stands ([`crate::progress`], the same table as `spantag stats
//! --by-report`): per report, every analyst's status and span count and gold's state, with totals above. The
//! files are read on a thread of their own (the window draws meanwhile), and the list draws only the rows on
//! screen, so a workspace of thousands of reports stays smooth.

use std::thread::JoinHandle;

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

/// The window's state: the table being read, then the table.
pub enum ProgressWindow {
    /// The files are being read.
    Reading(JoinHandle<Progress>),
    /// The table, read.
    Read(Box<Progress>),
    /// Reading failed (a bug: the worker panicked).
    Failed,
}

impl ProgressWindow {
    /// Starts reading the table of `workspace` on a thread of its own.
    pub fn start(workspace: crate::store::Workspace) -> ProgressWindow {
        ProgressWindow::Reading(std::thread::spawn(move || {
            crate::parallel::on_own_pool(|| crate::progress::progress(&workspace))
        }))
    }

    /// The table, once read.
    pub fn table(&self) -> Option<&Progress> {
        match self {
            ProgressWindow::Read(table) => Some(table),
            _ => None,
        }
    }

    /// Takes the worker's table once it has finished; true while it runs.
    fn poll(&mut self) -> bool {
        let ProgressWindow::Reading(handle) = self else {
            return false;
        };
        if !handle.is_finished() {
            return true;
        }
        let done = std::mem::replace(self, ProgressWindow::Failed);
        if let ProgressWindow::Reading(handle) = done
            && let Ok(table) = handle.join()
        {
            *self = ProgressWindow::Read(Box::new(table));
        }
        false
    }
}

/// The window, while open.
pub fn window(ctx: &Context, state: &mut Option<ProgressWindow>) {
    let Some(progress) = state.as_mut() else {
        return;
    };
    if progress.poll() {
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
    let mut open = true;
    egui::Window::new("Progress")
        .open(&mut open)
        .default_size([720.0, 520.0])
        .show(ctx, |ui| match progress {
            ProgressWindow::Reading(_) => {
                ui.horizontal(|ui| {
                    ui.add(egui::Spinner::new());
                    ui.label("reading every analyst's files…");
                });
            }
            ProgressWindow::Read(table) => show(ui, table),
            ProgressWindow::Failed => {
                ui.colored_label(ui.visuals().error_fg_color, "the files could not be read");
            }
        });
    if !open {
        *state = None;
    }
}
