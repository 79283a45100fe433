//! Adjudication in the workbench: one report with every analyst's work at once, spans coloured by how many
//! analysts made them (all / majority / minority), the conflicts navigable by keyboard (F8 / Shift+F8), and for
//! each conflict a choice of one version, all of them, or none. Choices are edits to the `gold` file, so they
//! undo, redo and autosave like any other edit, and each one settles its conflict in the gold file, so the
//! next adjudication of the report shows what is decided; the rules live in `spantag::adjudicate`.
//!
//! The [`Adjudication`] owns gold's session: while the app is in [`Mode::Adjudicating`] every edit goes to
//! gold by construction. The panel is drawn by `adjudication_panel`.

use egui::Color32;

use crate::adjudicate::{Choice, MultiAnnotatorView, Support};
use crate::merge3::is_between_branches;
use crate::model::{AnnotationFile, Span};
use crate::plural::count;
use crate::session::Session;
use crate::store::GOLD;
use crate::team;
use crate::text::ReportText;

use super::app::{App, Mode};
use super::conflict_card::describe_choice;
use super::text_view::Outline;

/// Colour of spans every analyst made.
pub const ALL_COLOR: Color32 = Color32::from_rgb(46, 160, 67);
/// Colour of spans more than half made.
pub const MAJORITY_COLOR: Color32 = Color32::from_rgb(230, 150, 20);
/// Colour of spans half or fewer made.
pub const MINORITY_COLOR: Color32 = Color32::from_rgb(215, 58, 73);
/// Outline of the current conflict's region.
pub const CONFLICT_COLOR: Color32 = Color32::from_rgb(130, 80, 223);

/// The colour of a candidate span by how many analysts made it.
pub fn support_color(support: Support) -> Color32 {
    match support {
        Support::All => ALL_COLOR,
        Support::Majority => MAJORITY_COLOR,
        Support::Minority => MINORITY_COLOR,
    }
}

fn support_name(support: Support) -> &'static str {
    match support {
        Support::All => "all",
        Support::Majority => "majority",
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

/// The adjudication of one report, into gold's session.
pub struct Adjudication {
    gold: Session,
    view: MultiAnnotatorView,
    display: Vec<Span>,
    colors: Vec<Color32>,
    current: Option<usize>,
    problems: Vec<String>,
    revision: u64,
}

impl Adjudication {
    fn new(
        gold: Session,
        view: MultiAnnotatorView,
        problems: Vec<String>,
        revision: u64,
    ) -> Adjudication {
        let (display, colors) = painted_candidates(view.spans_with_support());
        let current = gold
            .current()
            .and_then(|doc| first_undecided(&view, doc.editor.file(), 0))
            .or_else(|| view.next_conflict(None));
        Adjudication {
            gold,
            view,
            display,
            colors,
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

    /// The colour of each of [`Adjudication::display`], by support.
    pub fn display_colors(&self) -> &[Color32] {
        &self.colors
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
    fn summary(&self, path: &str) -> String {
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
fn first_undecided(view: &MultiAnnotatorView, gold: &AnnotationFile, from: usize) -> Option<usize> {
    let n = view.conflicts().len();
    (0..n)
        .map(|k| (from + k) % n)
        .find(|&i| !view.is_settled(gold, i))
}

/// Opens gold's session on report `index`; the analysts' conflicts gold does not know yet become open ones in
/// it, so that each decision settles one and the file keeps track of what is left.
fn open_gold(
    root: &std::path::Path,
    index: usize,
    view: &MultiAnnotatorView,
    problems: &mut Vec<String>,
) -> Result<Session, String> {
    let mut gold = Session::open(root, GOLD).map_err(|e| e.to_string())?;
    if let Some(problem) = gold.open_doc(index) {
        problems.push(problem);
    }
    if let Some(doc) = gold.current_mut()
        && doc.read_only.is_none()
    {
        let unrecorded = view.unrecorded(doc.editor.file());
        doc.editor.record_conflicts(unrecorded);
    }
    Ok(gold)
}

impl App {
    /// Starts adjudicating the open report: loads every analyst's file for it and switches to writing `gold`
    /// (saving the open report first). False (with the reason in the status bar) when it cannot, e.g. fewer
    /// than two analysts' files.
    pub(super) fn start_adjudication(&mut self) -> bool {
        match self.prepare_adjudication() {
            Ok(Some((adjudication, path))) => {
                let summary = adjudication.summary(&path);
                if let Some(conflict) = adjudication
                    .current
                    .and_then(|c| adjudication.view.conflicts().get(c))
                {
                    self.view.scroll_to_char(conflict.start);
                }
                self.mode = Mode::Adjudicating(Box::new(adjudication));
                self.editing = Default::default();
                self.info(summary);
                true
            }
            Ok(None) => false,
            Err(why) => {
                self.error(why);
                false
            }
        }
    }

    /// The adjudication of the open report and its path; `None` when no workspace is open.
    fn prepare_adjudication(&mut self) -> Result<Option<(Adjudication, String)>, String> {
        let Some(session) = self.session() else {
            return Ok(None);
        };
        let doc = session
            .current()
            .ok_or("open a report to adjudicate first")?;
        let index = doc.index;
        let path = session.docs()[index].path.clone();
        let root = session.workspace().root().to_owned();
        let loaded = team::report_files(session.workspace(), &path, doc.editor.text(), false);
        if loaded.files.len() < 2 {
            let mut why = format!(
                "{path}: adjudication needs at least two analysts' files; found {}",
                loaded.files.len()
            );
            if !loaded.problems.is_empty() {
                why.push_str(&format!(" ({})", loaded.problems.join("; ")));
            }
            return Err(why);
        }
        let view = team::adjudication_view(&loaded.files).map_err(|e| e.to_string())?;
        if !self.save_before_switch() {
            return Err(self.message.text.clone());
        }
        let mut problems = loaded.problems;
        let gold = open_gold(&root, index, &view, &mut problems)?;
        let revision = self.adjudication().map_or(1 << 62, |a| a.revision + 1);
        Ok(Some((
            Adjudication::new(gold, view, problems, revision),
            path,
        )))
    }

    /// Leaves adjudication (saving gold; staying when that fails) and reopens the report as the analyst.
    pub(super) fn stop_adjudication(&mut self) {
        let Some(adjudication) = self.adjudication() else {
            return;
        };
        let index = adjudication.gold.current().map(|d| d.index);
        if !self.save_before_switch() {
            return;
        }
        self.mode = Mode::Editing;
        self.reset_doc_state();
        if let Some(index) = index {
            self.open_doc(index);
        }
    }

    /// Moves to the next or previous conflict and scrolls to it (outside adjudication: the open file's recorded
    /// conflicts).
    pub(super) fn step_conflict(&mut self, forward: bool) {
        let Mode::Adjudicating(adj) = &mut self.mode else {
            self.step_recorded_conflict(forward);
            return;
        };
        adj.current = if forward {
            adj.view.next_conflict(adj.current)
        } else {
            adj.view.previous_conflict(adj.current)
        };
        if let Some(conflict) = adj.current.and_then(|c| adj.view.conflicts().get(c)) {
            self.view.scroll_to_char(conflict.start);
        }
    }

    /// Looks at conflict `index` (clicked in the text).
    pub(super) fn show_conflict(&mut self, index: usize) {
        if let Mode::Adjudicating(adj) = &mut self.mode
            && index < adj.view.conflicts().len()
        {
            adj.current = Some(index);
        }
    }

    /// Builds an edit of the gold file from the adjudication view. `None` when not adjudicating, and (with the
    /// reason in the status bar) when the view is of another report than the open one, so that one report's
    /// spans never land in another's gold file.
    fn with_gold<R>(
        &mut self,
        build: impl FnOnce(&Adjudication, &AnnotationFile, &ReportText) -> R,
    ) -> Option<R> {
        let adj = self.adjudication()?;
        let doc = adj.gold.current()?;
        if !adj.is_for(doc.editor.file()) {
            self.error(
                "the adjudication view is of another report: open it again (Team ▸ Adjudicate this report)",
            );
            return None;
        }
        Some(build(adj, doc.editor.file(), doc.editor.text()))
    }

    /// Applies the adjudicator's choice for a conflict to the gold file and moves on to the next undecided one.
    pub(super) fn resolve_conflict(&mut self, index: usize, choice: Choice) {
        let Some((conflict, edit)) = self
            .with_gold(|adj, gold, text| {
                let conflict = adj.view.conflicts().get(index)?.clone();
                let edit = adj.view.resolve(gold, &conflict, choice, text);
                Some((conflict, edit))
            })
            .flatten()
        else {
            return;
        };
        let edit = match edit {
            Ok(edit) => edit,
            Err(e) => {
                self.error(e.to_string());
                return;
            }
        };
        let changes = !edit.is_empty();
        if !self.apply_edit(edit) {
            return;
        }
        self.info(format!(
            "conflict {}: {} {} in gold{}",
            index + 1,
            if changes { "kept" } else { "already decided:" },
            describe_choice(&conflict, choice),
            if changes {
                " (undo takes it back)"
            } else {
                "; nothing changed"
            }
        ));
        if let Mode::Adjudicating(adj) = &mut self.mode
            && let Some(doc) = adj.gold.current()
            && let Some(next) = first_undecided(&adj.view, doc.editor.file(), index + 1)
        {
            adj.current = Some(next);
            self.view.scroll_to_char(adj.view.conflicts()[next].start);
        }
    }

    /// Takes gold's open conflicts that the analysts' files no longer show off its list, as one undoable step.
    pub(super) fn withdraw_outdated(&mut self) {
        let Some(edit) = self.with_gold(|adj, gold, _| adj.view.withdraw_outdated(gold)) else {
            return;
        };
        let n = edit.len();
        if n == 0 {
            self.info("gold lists no outdated conflicts");
        } else if self.apply_edit(edit) {
            self.info(format!(
                "withdrew {} from gold (one undo step)",
                count(n, "outdated conflict")
            ));
        }
    }

    /// Adds every span all analysts made to the gold file, as one undoable step.
    pub(super) fn accept_unanimous(&mut self) {
        let Some(edit) = self.with_gold(|adj, gold, _| adj.view.accept_unanimous(gold)) else {
            return;
        };
        let n = edit.len();
        if n == 0 {
            self.info("every unanimous span is already in gold");
        } else if self.apply_edit(edit) {
            self.info(format!(
                "accepted {} into gold (one undo step)",
                count(n, "unanimous span")
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
