//! The right panel: the label palette (colour, name, hotkey, count in this report), the conflicts a merge left
//! in the file (if any), the selected span with its note, and every span in text order.

use std::collections::HashMap;

use egui::{Color32, RichText, Sense, Ui, vec2};

use crate::model::SpanKey;
use crate::session::{OpenDoc, Session};

use super::action::Action;
use super::commands::UiCommand;

/// What the panel shows.
pub struct PanelState<'a> {
    /// The analyst's session (schema and open report).
    pub session: &'a Session,
    /// Whether text is selected in the report view (a label click then makes a span).
    pub has_text_selection: bool,
    /// The selected span.
    pub selected: Option<&'a SpanKey>,
    /// The recorded conflict being looked at.
    pub recorded_conflict: Option<usize>,
    /// The figure engine's words, to show a selected Figure's value.
    pub figures: Option<&'a crate::figures::Table>,
    /// The suggestion with the focus, if one has it (shown instead of a selected span).
    pub suggestion: Option<&'a crate::figures::Suggestion>,
    /// The recommender's section, while suggestions are shown.
    pub recommender: Option<super::recommender_panel::RecommenderView<'a>>,
    /// The links suggested between the report's spans (those of the selected span are listed with it).
    pub suggested_links: &'a [crate::model::Relation],
}

/// What the analyst is typing in the panel, kept by the app between frames.
pub struct Drafts<'a> {
    /// The note for the selected span.
    pub note: &'a mut String,
    /// A value correction for the selected Figure.
    pub value: &'a mut String,
}

fn swatch(ui: &mut Ui, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
    ui.painter().rect_filled(rect, 3.0, color);
}

fn color_of(rgb: [u8; 3]) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

/// Draws the panel; `drafts` hold what is being typed for the selected span.
pub fn show(ui: &mut Ui, state: &PanelState<'_>, drafts: Drafts<'_>, actions: &mut Vec<Action>) {
    palette(ui, state, actions);
    ui.separator();
    if let Some(recommender) = &state.recommender {
        super::recommender_panel::show(ui, recommender, actions);
        ui.separator();
    }
    let Some(doc) = state.session.current() else {
        return;
    };
    if !doc.editor.file().conflicts.is_empty() || !doc.editor.file().relation_conflicts.is_empty() {
        super::recorded_conflicts_panel::show(ui, doc, state.recorded_conflict, actions);
        ui.separator();
    }
    if !doc.editor.file().orphans.is_empty() {
        orphans(ui, doc);
        ui.separator();
    }
    match state.suggestion {
        Some(suggestion) => super::suggestion_panel::focused(ui, doc, suggestion, actions),
        None => selected_span(ui, doc, state, drafts, actions),
    }
    ui.separator();
    span_list(ui, doc, state.selected, actions);
}

/// The spans re-anchoring could not place in the revised report: kept in the file, listed here so the analyst
/// can tag their words again.
fn orphans(ui: &mut Ui, doc: &OpenDoc) {
    let orphans = &doc.editor.file().orphans;
    egui::CollapsingHeader::new(format!("Orphans ({})", orphans.len()))
        .id_salt("orphans")
        .show(ui, |ui| {
            ui.label("Not found in the revised report: tag them again where they belong.");
            for orphan in orphans {
                let mut text: String = orphan.text.chars().take(24).collect();
                if orphan.text.chars().count() > 24 {
                    text.push('…');
                }
                ui.label(format!("{}  {text}", orphan.label))
                    .on_hover_text(orphan.text.as_str());
            }
        });
}

/// The label palette: colour, hotkey, name (click to apply) and count in this report.
fn palette(ui: &mut Ui, state: &PanelState<'_>, actions: &mut Vec<Action>) {
    let schema = state.session.workspace().schema();
    let doc = state.session.current();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    if let Some(doc) = doc {
        for span in doc.editor.spans() {
            *counts.entry(span.label.as_str()).or_default() += 1;
        }
    }
    ui.heading("Labels");
    let has_target =
        state.has_text_selection || state.selected.is_some() || state.suggestion.is_some();
    for label in &schema.labels {
        ui.horizontal(|ui| {
            swatch(ui, color_of(label.rgb()));
            let key = label.hotkey.map(|k| format!("[{k}] ")).unwrap_or_default();
            let button = ui
                .add_enabled(
                    has_target,
                    egui::Button::new(format!("{key}{}", label.name)),
                )
                .on_hover_text(&label.description)
                .on_disabled_hover_text(format!(
                    "{}\n\nSelect text (or a span) first.",
                    label.description
                ));
            if button.clicked() {
                actions.push(Action::Label(label.name.clone()));
            }
            ui.weak(format!("{}", counts.get(label.name.as_str()).unwrap_or(&0)));
        });
    }
}

fn selected_span(
    ui: &mut Ui,
    doc: &OpenDoc,
    state: &PanelState<'_>,
    drafts: Drafts<'_>,
    actions: &mut Vec<Action>,
) {
    let note_draft = drafts.note;
    let span = state
        .selected
        .and_then(|k| doc.editor.spans().iter().find(|s| &s.key() == k))
        .cloned();
    let Some(span) = span else {
        ui.weak("Drag over text, then press a label's key or click it. Click a span to select it.");
        return;
    };
    ui.horizontal(|ui| {
        let [r, g, b] = doc
            .editor
            .schema()
            .label(&span.label)
            .map(|l| l.rgb())
            .unwrap_or([128, 128, 128]);
        swatch(ui, Color32::from_rgb(r, g, b));
        ui.strong(span.label.as_str());
        ui.weak(format!("{}–{}", span.start, span.end));
    });
    ui.label(RichText::new(span.text.as_str()).size(16.0));
    if span.label.as_str() == crate::figures::FIGURE
        && let Some(table) = state.figures
    {
        super::figure_value::show(ui, &span, table, drafts.value, actions);
    }
    let label = ui.label("Note:");
    let field = ui
        .add(
            egui::TextEdit::multiline(note_draft)
                .id_salt("span_note")
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .hint_text("a remark on this span"),
        )
        .labelled_by(label.id);
    if field.lost_focus() && note_draft.trim_end() != span.note.as_deref().unwrap_or("") {
        actions.push(Action::SetNote(
            span.key(),
            note_draft.trim_end().to_owned(),
        ));
    }
    super::relations_panel::show(ui, doc, &span, state.suggested_links, actions);
    ui.horizontal(|ui| {
        if ui.button("Delete span").clicked() {
            actions.push(Action::Command(UiCommand::DeleteSpan));
        }
    });
}

fn span_list(ui: &mut Ui, doc: &OpenDoc, selected: Option<&SpanKey>, actions: &mut Vec<Action>) {
    let spans = doc.editor.spans();
    ui.heading(format!("Spans ({})", spans.len()));
    let schema = doc.editor.schema();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    egui::ScrollArea::vertical()
        .id_salt("span_list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, spans.len(), |ui, rows| {
            for span in &spans[rows] {
                let key = span.key();
                ui.horizontal(|ui| {
                    let rgb = schema
                        .label(&span.label)
                        .map(|l| l.rgb())
                        .unwrap_or([128; 3]);
                    swatch(ui, color_of(rgb));
                    let mut text: String = span.text.chars().take(24).collect();
                    if span.text.chars().count() > 24 {
                        text.push('…');
                    }
                    let mut label = format!("{}  {text}", span.label);
                    if let Some(note) = &span.note {
                        label.push_str(&format!("  — {}", note.lines().next().unwrap_or("")));
                    }
                    let selected = selected == Some(&key);
                    if ui
                        .add(egui::Button::selectable(selected, label).truncate())
                        .on_hover_text(format!(
                            "{} {}–{}: {}",
                            span.label, span.start, span.end, span.text
                        ))
                        .clicked()
                    {
                        actions.push(Action::SelectSpan(key, true));
                    }
                });
            }
        });
}
