//! The document list: every report of the workspace with the analyst's status and span count.

use egui::{RichText, Ui};

use crate::model::Status;

use super::app::{Action, App};

fn status_icon(status: Status) -> &'static str {
    match status {
        Status::Todo => "○",
        Status::InProgress => "◎",
        Status::Done => "●",
    }
}

/// Draws the list.
pub fn show(ui: &mut Ui, app: &App, actions: &mut Vec<Action>) {
    let Some(session) = &app.session else {
        ui.weak("No workspace open.");
        return;
    };
    ui.heading("Documents");
    ui.weak(session.workspace().root().display().to_string());
    ui.separator();
    let current = session.current().map(|d| d.index);
    egui::ScrollArea::vertical()
        .id_salt("doc_list")
        .show(ui, |ui| {
            for (i, doc) in session.docs().iter().enumerate() {
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
                        format!("{} — {} spans", doc.status.as_str(), doc.spans)
                    }));
                if response.clicked() && current != Some(i) {
                    actions.push(Action::OpenDoc(i));
                }
            }
        });
}
