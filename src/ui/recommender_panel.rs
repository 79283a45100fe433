//! The right panel's "Suggestions" section: what the recommender knows ("learned from 412 spans in 37 reports;
//! Figure F1 0.93 on 8 held-out reports"), whether it is training, and a score threshold per label that decides
//! which suggestions are shown.

use egui::{Color32, Ui};

use crate::plural::count;
use crate::recommend::Learned;

use super::action::Action;

/// What the section shows.
pub struct RecommenderView<'a> {
    /// What the model learned from (with the latest held-out measurement), once there is a model.
    pub learned: Option<Learned>,
    /// Whether training is running.
    pub training: bool,
    /// How long the last training took.
    pub took: Option<std::time::Duration>,
    /// What training could not read or write.
    pub problems: &'a [String],
    /// Each label with its colour and current threshold.
    pub thresholds: Vec<(&'a str, Color32, f32)>,
}

/// The line saying what the model learned, as the panel and its tests read it.
pub fn summary(learned: &Learned) -> String {
    let mut line = format!(
        "Learned from {} in {}",
        count(learned.spans, "span"),
        count(learned.reports, "report")
    );
    let scores: Vec<String> = learned
        .held_out
        .iter()
        .filter_map(|h| h.f1.map(|f| format!("{} F1 {f:.2}", h.label)))
        .collect();
    if learned.held_out_reports > 0 && !scores.is_empty() {
        line.push_str(&format!(
            "; {} on {} held out",
            scores.join(", "),
            count(learned.held_out_reports, "finished report")
        ));
    } else {
        line.push_str("; too few finished reports to measure it yet");
    }
    line
}

/// Draws the section.
pub fn show(ui: &mut Ui, view: &RecommenderView<'_>, actions: &mut Vec<Action>) {
    egui::CollapsingHeader::new("Suggestions")
        .id_salt("recommender")
        .default_open(true)
        .show(ui, |ui| {
            match &view.learned {
                Some(learned) => {
                    ui.label(summary(learned));
                    if !learned.untaught.is_empty() {
                        let names: Vec<&str> = learned.untaught.iter().map(|l| l.as_str()).collect();
                        ui.weak(format!(
                            "{}: tagged texts are found again; the tagger learns them once a report is marked \
                             Done or a suggestion is rejected.",
                            names.join(", ")
                        ));
                    }
                }
                None => {
                    ui.weak("Only the figure rules suggest until the model has learned from this workspace.");
                }
            }
            // No spinner: it would repaint every frame for the whole training.
            if view.training {
                ui.weak("learning from your work…");
            } else if let Some(took) = view.took {
                ui.weak(format!("last trained in {:.1} s", took.as_secs_f32()));
            }
            for problem in view.problems {
                ui.colored_label(ui.visuals().warn_fg_color, problem);
            }
            ui.add_space(4.0);
            ui.weak("Show suggestions scored at least:");
            // The sliders share the panel's width with their value and label, however narrow the window.
            ui.spacing_mut().slider_width = (ui.available_width() - 150.0).max(24.0);
            for &(label, colour, threshold) in &view.thresholds {
                let mut value = threshold;
                ui.horizontal(|ui| {
                    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                    ui.painter().rect_filled(rect, 2.0, colour);
                    let slider = egui::Slider::new(&mut value, 0.0..=1.0)
                        .step_by(0.05)
                        .fixed_decimals(2)
                        .text(label);
                    if ui.add(slider).changed() {
                        actions.push(Action::SetThreshold(label.to_owned(), value));
                    }
                });
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommend::HeldOut;

    #[test]
    fn the_summary_says_what_was_learned_and_how_well() {
        let mut learned = Learned {
            spans: 412,
            reports: 37,
            held_out_reports: 8,
            held_out: vec![
                HeldOut {
                    label: "Figure".into(),
                    f1: Some(0.93),
                    gold: 50,
                },
                HeldOut {
                    label: "Outcome".into(),
                    f1: Some(0.614),
                    gold: 20,
                },
                HeldOut {
                    label: "Measure".into(),
                    f1: None,
                    gold: 0,
                },
            ],
            untaught: Vec::new(),
        };
        assert_eq!(
            summary(&learned),
            "Learned from 412 spans in 37 reports; Figure F1 0.93, Outcome F1 0.61 on 8 finished reports held out"
        );
        learned.held_out_reports = 0;
        learned.held_out.clear();
        assert!(summary(&learned).ends_with("too few finished reports to measure it yet"));
    }
}
