//! The document list: every report of the workspace by title (its first line; the file name on hover) with the
//! analyst's status and span count, a filter box, and only the rows on screen drawn, so 10,000 reports scroll as
//! smoothly as ten. Summaries arrive from a background reader; a row not read yet says so.

use std::path::Path;

use egui::{RichText, Ui};

use crate::doc_summaries::SummaryJob;
use crate::model::Status;
use crate::plural::count;
use crate::session::DocSummary;

use super::action::Action;

/// The list's runtime state, kept by the app.
#[derive(Default)]
pub struct DocListState {
    /// What the filter box holds: reports whose title or file name contain it (in any script) are listed.
    pub filter: String,
    /// The summaries being read in the background, until all are in.
    pub job: Option<SummaryJob>,
}

fn status_icon(status: Status) -> &'static str {
    match status {
        Status::Todo => "○",
        Status::InProgress => "◎",
        Status::Done => "●",
    }
}

/// Whether a report matches the filter (already folded): by title or file name, Traditional and Simplified,
/// full-width and half-width alike, ignoring case.
fn matches(doc: &DocSummary, folded_filter: &str) -> bool {
    let hit = |s: &str| crate::fold::fold(s).to_lowercase().contains(folded_filter);
    hit(&doc.path) || doc.title.as_deref().is_some_and(hit)
}

/// Draws the list of the workspace at `root` (or says none is open), `current` marked.
pub fn show(
    ui: &mut Ui,
    workspace: Option<(&Path, &[DocSummary])>,
    current: Option<usize>,
    filter: &mut String,
    actions: &mut Vec<Action>,
) {
    let Some((root, docs)) = workspace else {
        ui.weak("No workspace open.");
        return;
    };
    ui.heading("Documents");
    ui.weak(root.display().to_string());
    let label = ui.label("Filter:");
    ui.add(
        egui::TextEdit::singleline(filter)
            .id_salt("doc_filter")
            .hint_text("title or file name")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    let folded = crate::fold::fold(filter.trim()).to_lowercase();
    let shown: Vec<usize> = if folded.is_empty() {
        (0..docs.len()).collect()
    } else {
        (0..docs.len())
            .filter(|&i| matches(&docs[i], &folded))
            .collect()
    };
    if !folded.is_empty() {
        ui.weak(format!(
            "{} of {}",
            shown.len(),
            count(docs.len(), "report")
        ));
    }
    ui.separator();
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("doc_list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, shown.len(), |ui, rows| {
            for &i in &shown[rows] {
                let doc = &docs[i];
                let name = doc.title.as_deref().unwrap_or(&doc.path);
                let spans = if doc.read {
                    doc.spans.to_string()
                } else {
                    "…".to_owned()
                };
                let mut text =
                    RichText::new(format!("{} {name} ({spans})", status_icon(doc.status)));
                if doc.problem.is_some() {
                    text = text.color(ui.visuals().error_fg_color);
                }
                let hover = match (&doc.problem, doc.read) {
                    (Some(problem), _) => format!("{}\n{problem}", doc.path),
                    (None, true) => format!(
                        "{}\n{} — {}",
                        doc.path,
                        doc.status.as_str(),
                        count(doc.spans, "span")
                    ),
                    (None, false) => format!("{}\n(reading…)", doc.path),
                };
                let response = ui
                    .add(egui::Button::selectable(current == Some(i), text).truncate())
                    .on_hover_text(hover);
                if response.clicked() && current != Some(i) {
                    actions.push(Action::OpenDoc(i));
                }
            }
        });
}
