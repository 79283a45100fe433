//! The status bar: the report's status (which the analyst sets), span count, unsaved mark, the analyst's name,
//! and the last message.

use egui::Ui;

use crate::model::Status;

use super::app::{Action, App};

/// Draws the status bar.
pub fn show(ui: &mut Ui, app: &App, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        if let Some(session) = &app.session
            && let Some(doc) = session.current()
        {
            let current = doc.editor.file().status;
            ui.label("Status:");
            for status in Status::ALL {
                if ui
                    .selectable_label(current == status, status.as_str())
                    .clicked()
                    && current != status
                {
                    actions.push(Action::SetStatus(status));
                }
            }
            ui.separator();
            ui.label(format!("{} spans", doc.editor.spans().len()));
            ui.separator();
            if doc.read_only.is_some() {
                ui.colored_label(ui.visuals().error_fg_color, "read-only");
            } else if app.is_dirty() {
                ui.label("● unsaved");
            } else {
                ui.weak("saved");
            }
            ui.separator();
        }
        let mut name = app.settings.annotator.clone();
        let label = ui.label("Annotator:");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut name)
                    .id_salt("annotator")
                    .desired_width(90.0),
            )
            .labelled_by(label.id);
        if field.lost_focus() && name != app.settings.annotator {
            actions.push(Action::SetAnnotator(name));
        }
        if let Some(job) = &app.export_job {
            ui.add(egui::Spinner::new());
            ui.label(job.progress_text());
            ui.separator();
        }
        if app.adjudication.is_some() {
            ui.strong("adjudicating: writing gold");
        }
        ui.separator();
        if app.message.is_error {
            ui.colored_label(ui.visuals().error_fg_color, &app.message.text);
        } else {
            ui.label(&app.message.text);
        }
    });
}
