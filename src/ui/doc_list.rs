//! The document list: every report of the workspace with the analyst's status and span count.

use egui::{RichText, Ui};

use std::path::Path;

use crate::model::Status;
use crate::plural::count;
use crate::session::DocSummary;

use super::action::Action;

fn status_icon(status: Status) -> &'static str {
    match status {
        Status::Todo => "○",
        Status::InProgress => "◎",
        Status::Done => "●",
    }
}

/// Draws the list of the workspace at `root` (or says none is open), `current` marked.
pub fn show(
    ui: &mut Ui,
    workspace: Option<(&Path, &[DocSummary])>,
    current: Option<usize>,
    actions: &mut Vec<Action>,
) {
    let Some((root, docs)) = workspace else {
        ui.weak("No workspace open.");
        return;
    };
    ui.heading("Documents");
    ui.weak(root.display().to_string());
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("doc_list")
        .show(ui, |ui| {
            for (i, doc) in docs.iter().enumerate() {
                let mut text = RichText::new(format!(
                    "{} {} ({})",
                    status_icon(doc.status),
                    doc.path,
                    doc.spans
                ));
                if doc.problem.is_some() {
                    text = text.color(ui.visuals().error_fg_color);
                }
                let response = ui
                    .add(egui::Button::selectable(current == Some(i), text).truncate())
                    .on_hover_text(doc.problem.clone().unwrap_or_else(|| {
                        format!("{} — {}", doc.status.as_str(), count(doc.spans, "span"))
                    }));
                if response.clicked() && current != Some(i) {
                    actions.push(Action::OpenDoc(i));
                }
            }
        });
}
