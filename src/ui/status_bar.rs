//! The status bar: the report's status (which the analyst sets), span count, unsaved mark, the analyst's name,
//! whether new spans are trimmed (and whose setting that is), and the last message.

use egui::{RichText, Ui};

/// The width of the saved / unsaved / read-only field (its longest text).
const SAVE_STATE_WIDTH: f32 = 72.0;

use crate::model::Status;
use crate::plural::count;

use super::action::Action;
use super::settings::Trim;

/// Status-bar message.
#[derive(Debug, Clone, Default)]
pub struct Message {
    /// The text.
    pub text: String,
    /// Shown in red.
    pub is_error: bool,
}

/// The open report as the status bar shows it.
pub struct DocStatus {
    /// The analyst's status of the report.
    pub status: Status,
    /// How many spans it has.
    pub spans: usize,
    /// It cannot be edited (its annotation file is unreadable).
    pub read_only: bool,
    /// It has unsaved edits.
    pub dirty: bool,
    /// How its text was read, when that is worth telling: not UTF-8, or bytes replaced
    /// ([`crate::text::TextOrigin::is_notable`]).
    pub origin: Option<crate::text::TextOrigin>,
    /// The engine's suggestions left in the report, when they are shown.
    pub suggestions: Option<SuggestionCount>,
}

/// How many suggestions are left to decide in the open report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SuggestionCount {
    /// Open suggestions (not accepted, rejected or tagged over).
    pub open: usize,
    /// Whether the engine is still running for this report.
    pub running: bool,
}

/// What the status bar shows.
pub struct StatusState<'a> {
    /// The open report, if any.
    pub doc: Option<DocStatus>,
    /// The analyst's name.
    pub annotator: &'a str,
    /// A running export's progress.
    pub export_progress: Option<String>,
    /// Whether the open report is being adjudicated.
    pub adjudicating: bool,
    /// Whether new spans are trimmed, and by whose setting.
    pub trim: Trim,
    /// The last message.
    pub message: &'a Message,
}

fn doc_status(ui: &mut Ui, doc: &DocStatus, actions: &mut Vec<Action>) {
    ui.label("Status:");
    for status in Status::ALL {
        if ui
            .selectable_label(doc.status == status, status.as_str())
            .clicked()
            && doc.status != status
        {
            actions.push(Action::SetStatus(status));
        }
    }
    ui.separator();
    ui.label(count(doc.spans, "span"));
    if let Some(suggestions) = doc.suggestions {
        if suggestions.running {
            ui.weak("suggesting…");
        } else {
            ui.label(count(suggestions.open, "suggestion"))
                .on_hover_text("Tab: next suggestion, Enter: accept, Backspace: reject");
        }
    }
    if let Some(origin) = &doc.origin {
        ui.separator();
        let full = origin.to_string();
        if origin.replaced > 0 {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("{} replaced", count(origin.replaced, "byte sequence")),
            )
            .on_hover_text(full);
        } else {
            ui.label(origin.encoding).on_hover_text(full);
        }
    }
    ui.separator();
    // One width for every state, so the fields after it do not jump when the unsaved mark comes and goes.
    let (text, color) = if doc.read_only {
        ("read-only", ui.visuals().error_fg_color)
    } else if doc.dirty {
        ("● unsaved", ui.visuals().text_color())
    } else {
        ("saved", ui.visuals().weak_text_color())
    };
    let height = ui.spacing().interact_size.y;
    ui.add_sized(
        [SAVE_STATE_WIDTH, height],
        egui::Label::new(RichText::new(text).color(color)),
    );
    ui.separator();
}

/// The analyst's name, editable: what is typed is kept (in egui's memory) while the field has focus, applied
/// on Enter, and dropped when the field loses focus otherwise (the name in force shows again).
fn annotator_field(ui: &mut Ui, annotator: &str, actions: &mut Vec<Action>) {
    let draft_id = ui.make_persistent_id("annotator_draft");
    let mut name = ui
        .data(|d| d.get_temp::<String>(draft_id))
        .unwrap_or_else(|| annotator.to_owned());
    let label = ui.label("Annotator:");
    let field = ui
        .add(
            egui::TextEdit::singleline(&mut name)
                .id_salt("annotator")
                .desired_width(90.0),
        )
        .labelled_by(label.id)
        .on_hover_text(
            "Whose files are written (annotations/<name>/). Type a name and press Enter.",
        );
    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if enter && name.trim() != annotator {
        actions.push(Action::SetAnnotator(name.trim().to_owned()));
    }
    if field.has_focus() {
        ui.data_mut(|d| d.insert_temp(draft_id, name));
    } else {
        ui.data_mut(|d| d.remove::<String>(draft_id));
    }
}

/// Draws the status bar.
pub fn show(ui: &mut Ui, state: &StatusState<'_>, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        if let Some(doc) = &state.doc {
            doc_status(ui, doc, actions);
        }
        annotator_field(ui, state.annotator, actions);
        ui.weak(state.trim.describe());
        ui.separator();
        if let Some(progress) = &state.export_progress {
            ui.add(egui::Spinner::new());
            ui.label(progress);
            ui.separator();
        }
        if state.adjudicating {
            ui.strong("adjudicating: writing gold");
        }
        ui.separator();
        if state.message.is_error {
            ui.colored_label(ui.visuals().error_fg_color, &state.message.text);
        } else {
            ui.label(&state.message.text);
        }
    });
}
