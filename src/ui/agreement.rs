//! The agreement window: the pairwise F1 matrix of the workspace's analysts and a per-label chart
//! (Krippendorff's alpha and mean pairwise lenient F1), computed by `spantag::agree`.

use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Legend, Plot};

use crate::agree::Agreement;

/// A computed agreement report, or why it could not be computed.
pub struct AgreementReport {
    /// The figures, with the files that could not be read.
    pub result: Result<(Agreement, Vec<String>), crate::team::TeamError>,
}

fn fmt(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"))
}

fn cell_color(value: Option<f64>) -> Color32 {
    match value {
        Some(v) if v >= 0.8 => Color32::from_rgb(46, 160, 67),
        Some(v) if v >= 0.6 => Color32::from_rgb(230, 150, 20),
        Some(_) => Color32::from_rgb(215, 58, 73),
        None => Color32::GRAY,
    }
}

/// Draws the report into a window's `ui`.
pub fn show(ui: &mut Ui, report: &AgreementReport) {
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
        "{} analysts, {} reports. Cells: lenient F1 (exact F1 on hover), micro-averaged over labels; – means undefined.",
        agreement.annotators.len(),
        agreement.documents
    ));
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
                            "{a} vs {b}: exact F1 {}, lenient F1 {}, {} reports",
                            fmt(pair.micro.exact_f1),
                            fmt(pair.micro.lenient_f1),
                            pair.documents
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
    ui.separator();
    ui.strong("Per label");
    let labels: Vec<&String> = agreement.labels.keys().collect();
    let mut alpha_bars = Vec::new();
    let mut f1_bars = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let x = i as f64;
        if let Some(alpha) = agreement.labels[*label].alpha {
            alpha_bars.push(
                Bar::new(x - 0.2, alpha)
                    .width(0.35)
                    .name(format!("{label} alpha")),
            );
        }
        let f1s: Vec<f64> = agreement
            .pairs
            .iter()
            .filter_map(|p| p.labels.get(*label).and_then(|l| l.lenient_f1))
            .collect();
        if !f1s.is_empty() {
            let mean = f1s.iter().sum::<f64>() / f1s.len() as f64;
            f1_bars.push(
                Bar::new(x + 0.2, mean)
                    .width(0.35)
                    .name(format!("{label} F1")),
            );
        }
    }
    let names: Vec<String> = labels.iter().map(|l| (*l).clone()).collect();
    Plot::new("label_chart")
        .height(200.0)
        .legend(Legend::default())
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .include_y(0.0)
        .include_y(1.0)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new("Krippendorff's alpha", alpha_bars)
                    .color(Color32::from_rgb(78, 121, 167)),
            );
            plot.bar_chart(
                BarChart::new("mean pairwise lenient F1", f1_bars)
                    .color(Color32::from_rgb(242, 142, 43)),
            );
        });
    egui::Grid::new("label_table").striped(true).show(ui, |ui| {
        ui.strong("label");
        ui.strong("alpha");
        ui.strong("Fleiss' kappa");
        ui.end_row();
        for (label, figures) in &agreement.labels {
            ui.label(label);
            ui.label(fmt(figures.alpha));
            ui.label(fmt(figures.fleiss_kappa));
            ui.end_row();
        }
    });
}
