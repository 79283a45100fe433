//! Adjudication in the workbench: one report with every analyst's work at once, spans coloured by how many
//! analysts made them (all / majority / split / minority), the conflicts navigable by keyboard (F8 / Shift+F8), and for
//! each conflict a choice of one version, all of them, or none. Choices are edits to the `gold` file, so they
//! undo, redo and autosave like any other edit, and each one settles its conflict in the gold file, so the
//! next adjudication of the report shows what is decided; the rules live in `spantag::adjudicate`.
//!
//! The [`Adjudication`] owns gold's session: while the app is in [`Mode::Adjudicating`] every edit goes to
//! gold by construction. The panel is drawn by `adjudication_panel`.

use egui::Color32;

use crate::adjudicate::{MultiAnnotatorView, Support};
use crate::merge3::is_between_branches;
use crate::model::{AnnotationFile, Span};
use crate::plural::count;
use crate::session::Session;

use super::text_view::Outline;

/// Colour of spans every analyst made.
pub const ALL_COLOR: Color32 = Color32::from_rgb(46, 160, 67);
/// Colour of spans more than half made.
pub const MAJORITY_COLOR: Color32 = Color32::from_rgb(230, 150, 20);
/// Colour of spans exactly half made (the team is split).
pub const SPLIT_COLOR: Color32 = Color32::from_rgb(200, 110, 170);
/// Colour of spans fewer than half made.
pub const MINORITY_COLOR: Color32 = Color32::from_rgb(215, 58, 73);
/// Outline of the current conflict's region.
pub const CONFLICT_COLOR: Color32 = Color32::from_rgb(130, 80, 223);

/// The colour of a candidate span by how many analysts made it.
pub fn support_color(support: Support) -> Color32 {
    match support {
        Support::All => ALL_COLOR,
        Support::Majority => MAJORITY_COLOR,
        Support::Split => SPLIT_COLOR,
        Support::Minority => MINORITY_COLOR,
    }
}

fn support_name(support: Support) -> &'static str {
    match support {
        Support::All => "all",
        Support::Majority => "majority",
        Support::Split => "split",
        Support::Minority => "minority",
    }
}

/// The candidate spans as the text view shows them: each keeps its own label and text, says who made it in its
/// note (the hover text), and gets its colour by support, kept apart from the label.
pub fn painted_candidates<'a>(
    candidates: impl Iterator<Item = (&'a Span, Support)>,
) -> (Vec<Span>, Vec<Color32>) {
    candidates
        .map(|(span, support)| {
            let who = format!("{}: {}", support_name(support), span.annotators.join(", "));
            let note = match &span.note {
                Some(note) => format!("{who}\n{note}"),
                None => who,
            };
            let shown = Span {
                note: Some(note),
                ..span.clone()
            };
            (shown, support_color(support))
        })
        .unzip()
}

/// The outlines that show each candidate's support (the label keeps the fill).
fn support_marks(display: &[Span], colors: &[Color32]) -> Vec<Outline> {
    display
        .iter()
        .zip(colors)
        .map(|(span, &color)| Outline {
            start: span.start,
            end: span.end,
            color,
        })
        .collect()
}

/// The adjudication of one report, into gold's session.
///
/// Its fields are open to the app's adjudication commands (`adjudicating`), which move through it and decide.
pub struct Adjudication {
    pub(super) gold: Session,
    pub(super) view: MultiAnnotatorView,
    display: Vec<Span>,
    marks: Vec<Outline>,
    pub(super) current: Option<usize>,
    problems: Vec<String>,
    pub(super) revision: u64,
}

impl Adjudication {
    /// Starts on the first conflict gold does not record as decided.
    pub(super) fn new(
        gold: Session,
        view: MultiAnnotatorView,
        problems: Vec<String>,
        revision: u64,
    ) -> Adjudication {
        let (display, colors) = painted_candidates(view.spans_with_support());
        let marks = support_marks(&display, &colors);
        let current = gold
            .current()
            .and_then(|doc| first_undecided(&view, doc.editor.file(), 0))
            .or_else(|| view.next_conflict(None));
        Adjudication {
            gold,
            view,
            display,
            marks,
            current,
            problems,
            revision,
        }
    }

    /// Gold's session, where every choice is written.
    pub fn gold(&self) -> &Session {
        &self.gold
    }

    pub(super) fn gold_mut(&mut self) -> &mut Session {
        &mut self.gold
    }

    /// Every analyst's spans and the conflicts.
    pub fn view(&self) -> &MultiAnnotatorView {
        &self.view
    }

    /// The candidate spans as the text view draws them.
    pub fn display(&self) -> &[Span] {
        &self.display
    }

    /// Each candidate's support as an outline in its colour, in text order.
    pub fn support_marks(&self) -> &[Outline] {
        &self.marks
    }

    /// Revision number of the display, for the text view's caches.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The conflict being looked at.
    pub fn current(&self) -> Option<usize> {
        self.current
    }

    /// Files that could not be read (reported, not silently left out).
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// Whether this view is of the report `file` annotates: a decision is applied only then, so that one
    /// report's spans never land in another's gold file.
    pub fn is_for(&self, file: &AnnotationFile) -> bool {
        let (view, gold) = (&self.view.analysis().document, &file.document);
        view.file == gold.file && view.sha256 == gold.sha256
    }

    /// The outline of the current conflict's region.
    pub fn current_outline(&self) -> Option<Outline> {
        let conflict = self.view.conflicts().get(self.current?)?;
        Some(Outline {
            start: conflict.start,
            end: conflict.end,
            color: CONFLICT_COLOR,
        })
    }

    /// The status-bar line on starting: how many conflicts are open, and what else gold records.
    pub(super) fn summary(&self, path: &str) -> String {
        let total = self.view.conflicts().len();
        let Some(gold) = self.gold.current().map(|d| d.editor.file()) else {
            return format!("adjudicating {path}: {total} conflicts");
        };
        let open = (0..total)
            .filter(|&i| !self.view.is_settled(gold, i))
            .count();
        // Open conflicts gold records besides the analysts' current ones: those their files no longer show (they
        // changed their work since; the panel offers to withdraw them) and those a conflicted git merge recorded
        // between branches (decided in gold's own editor). Never dropped silently.
        let stale = self.view.outdated(gold).len();
        let branches = gold
            .conflicts
            .iter()
            .filter(|c| is_between_branches(c))
            .count();
        let mut also = String::new();
        if stale > 0 {
            also.push_str(&format!(
                "; gold also lists {} the analysts no longer show (see the panel)",
                count(stale, "open conflict")
            ));
        }
        if branches > 0 {
            also.push_str(&format!(
                "; gold records {} from a git merge (F8 in gold's own editor)",
                count(branches, "conflict")
            ));
        }
        format!(
            "adjudicating {path}: {open} of {total} conflicts to decide; choices are saved to annotations/gold/{also}"
        )
    }
}

/// The first conflict from `from` on (wrapping around) that the gold file does not record as decided.
pub(super) fn first_undecided(
    view: &MultiAnnotatorView,
    gold: &AnnotationFile,
    from: usize,
) -> Option<usize> {
    let n = view.conflicts().len();
    (0..n)
        .map(|k| (from + k) % n)
        .find(|&i| !view.is_settled(gold, i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::ReportText;

    #[test]
    fn candidates_keep_their_labels_and_take_their_colour_from_support() {
        let text = ReportText::new("累计投入3.698亿元。");
        // Schema labels named like the support classes: the colour still follows support, the label stays.
        let mut minority = Span::new(&text, 0, 4, "minority");
        minority.annotators = vec!["alice".into(), "bob".into()];
        let mut all = Span::new(&text, 4, 11, "all");
        all.annotators = vec!["alice".into()];
        all.note = Some("check".into());
        let candidates = [(&minority, Support::All), (&all, Support::Minority)];
        let (spans, colors) = painted_candidates(candidates.into_iter());
        assert_eq!(colors, vec![ALL_COLOR, MINORITY_COLOR]);
        assert_eq!(spans[0].label, "minority");
        assert_eq!(spans[1].label, "all");
        assert_eq!(spans[0].note.as_deref(), Some("all: alice, bob"));
        assert_eq!(spans[1].note.as_deref(), Some("minority: alice\ncheck"));
    }
}
