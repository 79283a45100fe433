//! The agreement window: the pairwise F1 matrix of the workspace's analysts, a per-label chart (Krippendorff's
//! alpha and mean pairwise lenient F1, each bar with its value) and a per-label table, computed by
//! `spantag::agree` on a background thread so that a large workspace never holds up the window.

use crate::background::{Background, Polled};
use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Plot, PlotPoint, Text};

use crate::agree::Agreement;
use crate::plural::count;
use crate::store::Workspace;

/// A computed agreement report, or why it could not be computed.
pub struct AgreementReport {
    /// The figures, with the files that could not be read.
    pub result: Result<(Agreement, Vec<String>), crate::team::TeamError>,
}

/// The agreement window's contents: being computed, or ready.
pub enum AgreementWindow {
    /// The report is being computed off the UI thread.
    Computing(Background<AgreementReport>),
    /// The report.
    Ready(AgreementReport),
    /// The computation ended without a report (it panicked): said, not waited for forever.
    Failed,
}

impl AgreementWindow {
    /// Starts computing the workspace's agreement; `done` is called on the worker thread when it is ready.
    pub fn compute(workspace: Workspace, done: impl FnOnce() + Send + 'static) -> AgreementWindow {
        AgreementWindow::Computing(Background::run(
            move || AgreementReport {
                result: crate::team::workspace_agreement(&workspace),
            },
            done,
        ))
    }

    /// Takes the report if the computation finished.
    pub fn poll(&mut self) {
        if let AgreementWindow::Computing(job) = self {
            match job.poll() {
                Polled::Ready(report) => *self = AgreementWindow::Ready(report),
                Polled::Waiting => {}
                Polled::Gone => *self = AgreementWindow::Failed,
            }
        }
    }

    /// The report, once ready.
    pub fn report(&self) -> Option<&AgreementReport> {
        match self {
            AgreementWindow::Ready(report) => Some(report),
            _ => None,
        }
    }
}

/// A score with two decimals; never "-0.00" (a tiny negative alpha reads as 0.00).
fn fmt(value: Option<f64>) -> String {
    match value {
        Some(v) if v.abs() < 0.005 => "0.00".to_owned(),
        Some(v) => format!("{v:.2}"),
        None => "–".to_owned(),
    }
}

fn cell_color(value: Option<f64>) -> Color32 {
    match value {
        Some(v) if v >= 0.8 => Color32::from_rgb(46, 160, 67),
        Some(v) if v >= 0.6 => Color32::from_rgb(230, 150, 20),
        Some(_) => Color32::from_rgb(215, 58, 73),
        None => Color32::GRAY,
    }
}

const ALPHA_COLOR: Color32 = Color32::from_rgb(78, 121, 167);
const F1_COLOR: Color32 = Color32::from_rgb(242, 142, 43);

/// Draws the window's contents.
pub fn show(ui: &mut Ui, window: &AgreementWindow) {
    match window {
        AgreementWindow::Computing(_) => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("computing agreement over the workspace…");
            });
        }
        AgreementWindow::Failed => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                "the agreement could not be computed (see the terminal for the error)",
            );
        }
        AgreementWindow::Ready(report) => show_report(ui, report),
    }
}

/// Per label: how many spans the analysts made, the mean pairwise F1s and the chance-corrected scores.
struct LabelRow<'a> {
    name: &'a str,
    spans: usize,
    lenient: Option<f64>,
    exact: Option<f64>,
    alpha: Option<f64>,
    kappa: Option<f64>,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

fn label_rows(agreement: &Agreement) -> Vec<LabelRow<'_>> {
    agreement
        .labels
        .iter()
        .map(|(name, figures)| {
            let pairs = || agreement.pairs.iter().filter_map(|p| p.labels.get(name));
            LabelRow {
                name,
                // Each pair counts both analysts' spans; every analyst is in (n - 1) pairs.
                spans: pairs().map(|l| l.spans_a + l.spans_b).sum::<usize>()
                    / agreement.annotators.len().saturating_sub(1).max(1),
                lenient: mean(pairs().filter_map(|l| l.lenient_f1)),
                exact: mean(pairs().filter_map(|l| l.exact_f1)),
                alpha: figures.alpha,
                kappa: figures.fleiss_kappa,
            }
        })
        .collect()
}

fn show_report(ui: &mut Ui, report: &AgreementReport) {
    let (agreement, problems) = match &report.result {
        Ok(ok) => ok,
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
            return;
        }
    };
    for problem in problems {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
    if agreement.annotators.len() < 2 {
        ui.label("Agreement needs at least two analysts' files in annotations/.");
        return;
    }
    ui.label(format!(
        "{}, {}. Cells: lenient F1 (exact F1 on hover), micro-averaged over labels; – means undefined.",
        count(agreement.annotators.len(), "analyst"),
        count(agreement.documents, "report")
    ));
    matrix(ui, agreement);
    ui.separator();
    ui.strong("Per label");
    let rows = label_rows(agreement);
    chart(ui, &rows);
    egui::Grid::new("label_table").striped(true).show(ui, |ui| {
        for heading in [
            "label",
            "spans",
            "lenient F1",
            "exact F1",
            "alpha",
            "Fleiss' kappa",
        ] {
            ui.strong(heading);
        }
        ui.end_row();
        for row in &rows {
            ui.label(row.name);
            ui.label(row.spans.to_string());
            if row.spans == 0 {
                // Nothing to agree on is not disagreement: no score, and said so.
                ui.weak("no spans");
                ui.weak("");
                ui.weak("");
                ui.weak("");
            } else {
                for value in [row.lenient, row.exact, row.alpha, row.kappa] {
                    ui.label(RichText::new(fmt(value)).color(cell_color(value)));
                }
            }
            ui.end_row();
        }
    });
}

fn matrix(ui: &mut Ui, agreement: &Agreement) {
    egui::Grid::new("f1_matrix").striped(true).show(ui, |ui| {
        ui.label("");
        for name in &agreement.annotators {
            ui.strong(name);
        }
        ui.end_row();
        for a in &agreement.annotators {
            ui.strong(a);
            for b in &agreement.annotators {
                if a == b {
                    ui.weak("·");
                    continue;
                }
                let pair = agreement
                    .pairs
                    .iter()
                    .find(|p| (&p.a == a && &p.b == b) || (&p.a == b && &p.b == a));
                match pair {
                    Some(pair) => {
                        ui.label(
                            RichText::new(fmt(pair.micro.lenient_f1))
                                .color(cell_color(pair.micro.lenient_f1)),
                        )
                        .on_hover_text(format!(
                            "{a} vs {b}: exact F1 {}, lenient F1 {}, {}",
                            fmt(pair.micro.exact_f1),
                            fmt(pair.micro.lenient_f1),
                            count(pair.documents, "report")
                        ));
                    }
                    None => {
                        ui.weak("–");
                    }
                }
            }
            ui.end_row();
        }
    });
}

/// Alpha and mean F1 per label as bars with their values written above them; the legend is a line above the
/// chart, never over the bars. A label without spans has no bars.
fn chart(ui: &mut Ui, rows: &[LabelRow<'_>]) {
    ui.horizontal(|ui| {
        for (color, name) in [
            (ALPHA_COLOR, "Krippendorff's alpha"),
            (F1_COLOR, "mean pairwise lenient F1"),
        ] {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, color);
            ui.label(name);
        }
    });
    let mut alpha_bars = Vec::new();
    let mut f1_bars = Vec::new();
    let mut values = Vec::new();
    for (i, row) in rows.iter().enumerate().filter(|(_, r)| r.spans > 0) {
        let x = i as f64;
        for (value, dx, bars) in [
            (row.alpha, -0.2, &mut alpha_bars),
            (row.lenient, 0.2, &mut f1_bars),
        ] {
            if let Some(v) = value {
                bars.push(Bar::new(x + dx, v).width(0.35));
                values.push((x + dx, v));
            }
        }
    }
    let names: Vec<String> = rows
        .iter()
        .map(|r| {
            if r.spans == 0 {
                format!("{} (no spans)", r.name)
            } else {
                r.name.to_owned()
            }
        })
        .collect();
    let text_color = ui.visuals().text_color();
    Plot::new("label_chart")
        .height(200.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .include_y(0.0)
        .include_y(1.12)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("Krippendorff's alpha", alpha_bars).color(ALPHA_COLOR));
            plot.bar_chart(BarChart::new("mean pairwise lenient F1", f1_bars).color(F1_COLOR));
            for (x, v) in values {
                let at = PlotPoint::new(x, v.max(0.0) + 0.06);
                plot.text(Text::new("", at, fmt(Some(v))).color(text_color));
            }
        });
}
