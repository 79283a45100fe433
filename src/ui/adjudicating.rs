//! The workbench's adjudication commands: start adjudicating the open report (gold's session opened beside the
//! analyst's), stop, follow Alt+arrows to the next report, and apply the decisions the panel returns as edits to
//! gold. The state they act on is [`super::adjudication::Adjudication`]; this file only joins it to the [`App`].

use crate::adjudicate::{Choice, MultiAnnotatorView};
use crate::model::AnnotationFile;
use crate::plural::count;
use crate::session::Session;
use crate::store::GOLD;
use crate::team;
use crate::text::ReportText;

use super::adjudication::{Adjudication, first_undecided};
use super::app::{App, Mode};
use super::conflict_card::describe_choice;

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
    if let Some(notice) = gold.take_notice() {
        problems.push(notice.text);
    }
    if let Some(doc) = gold.current()
        && doc.read_only.is_none()
    {
        let unrecorded = view.unrecorded(doc.editor.file());
        gold.record_conflicts(unrecorded);
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
