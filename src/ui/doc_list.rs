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
    /// The filter box and the reports it lets through.
    pub filter: DocFilter,
    /// The summaries being read in the background, until all are in.
    pub job: Option<SummaryJob>,
}

/// What the filter box holds, and the reports it lets through: computed again only when the text, the list or
/// the titles read so far change, not every frame (folding 10,000 titles per frame would cost milliseconds).
#[derive(Default)]
pub struct DocFilter {
    /// The text typed: reports whose title or file name contain it (in any script) are listed.
    pub text: String,
    shown: Vec<usize>,
    shown_for: Option<(String, usize, usize)>,
}

impl DocFilter {
    /// Forgets the reports let through (another workspace is open), keeping the text typed.
    pub fn forget(&mut self) {
        self.shown_for = None;
    }

    /// The indices of the reports listed, in list order.
    fn shown(&mut self, docs: &[DocSummary]) -> &[usize] {
        let folded = crate::fold::fold(self.text.trim()).to_lowercase();
        let key = (folded, docs.len(), docs.iter().filter(|d| d.read).count());
        if self.shown_for.as_ref() != Some(&key) {
            self.shown = if key.0.is_empty() {
                (0..docs.len()).collect()
            } else {
                (0..docs.len())
                    .filter(|&i| matches(&docs[i], &key.0))
                    .collect()
            };
            self.shown_for = Some(key);
        }
        &self.shown
    }
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
    filter: &mut DocFilter,
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
        egui::TextEdit::singleline(&mut filter.text)
            .id_salt("doc_filter")
            .hint_text("title or file name")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    let filtering = !filter.text.trim().is_empty();
    let shown = filter.shown(docs);
    if filtering {
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
