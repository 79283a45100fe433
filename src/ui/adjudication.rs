//! Adjudication in the workbench: one report with every analyst's work at once, spans coloured by how many
//! analysts made them (all / majority / minority), the conflicts navigable by keyboard (F8 / Shift+F8), and for
//! each conflict a choice of one version, all of them, or none. Choices are edits to the `gold` file, so they
//! undo, redo and autosave like any other edit, and each one settles its conflict in the gold file, so the
//! next adjudication of the report shows what is decided; the rules live in `spantag::adjudicate`.

use egui::{Color32, Ui};

use crate::adjudicate::{Choice, MultiAnnotatorView, Support, options_present};
use crate::merge3::is_between_branches;
use crate::model::{AnnotationFile, Span, SpanKey};
use crate::session::Session;
use crate::store::GOLD;
use crate::team;
use crate::text::ReportText;

use super::app::{Action, App};
use super::commands::UiCommand;
use super::conflict_card::{self, CardState, describe_choice, kind_name};

/// Colour of spans every analyst made.
pub const ALL_COLOR: Color32 = Color32::from_rgb(46, 160, 67);
/// Colour of spans more than half made.
pub const MAJORITY_COLOR: Color32 = Color32::from_rgb(230, 150, 20);
/// Colour of spans half or fewer made.
pub const MINORITY_COLOR: Color32 = Color32::from_rgb(215, 58, 73);
/// Outline of the current conflict's region.
pub const CONFLICT_COLOR: Color32 = Color32::from_rgb(130, 80, 223);

/// The adjudication of one report.
pub struct Adjudication {
    /// Every analyst's spans and the conflicts.
    pub view: MultiAnnotatorView,
    /// The candidate spans as the text view shows them: labelled by support, with label and analysts in the
    /// hover text.
    pub display: Vec<Span>,
    /// The conflict being looked at.
    pub current: Option<usize>,
    /// The analyst to return to afterwards.
    pub return_to: String,
    /// Files that could not be read (reported, not silently left out).
    pub problems: Vec<String>,
    /// Revision number of `display` for the text view's caches.
    pub revision: u64,
}

fn support_name(support: Support) -> &'static str {
    match support {
        Support::All => "all",
        Support::Majority => "majority",
        Support::Minority => "minority",
    }
}

/// Label colours for the text view in adjudication mode.
pub fn support_colors() -> Vec<(String, Color32)> {
    vec![
        ("all".into(), ALL_COLOR),
        ("majority".into(), MAJORITY_COLOR),
        ("minority".into(), MINORITY_COLOR),
        ("conflict".into(), CONFLICT_COLOR),
    ]
}

impl Adjudication {
    /// Whether this view is of the report `file` annotates: a decision is applied only then, so that one
    /// report's spans never land in another's gold file.
    pub fn is_for(&self, file: &AnnotationFile) -> bool {
        let (view, gold) = (&self.view.analysis().document, &file.document);
        view.file == gold.file && view.sha256 == gold.sha256
    }

    /// The region of the current conflict, outlined in the text view.
    pub fn current_region(&self) -> Option<SpanKey> {
        let conflict = self.view.conflicts().get(self.current?)?;
        Some(SpanKey {
            start: conflict.start,
            end: conflict.end,
            label: "conflict".into(),
        })
    }
}

impl App {
    /// Starts adjudicating the open report: loads every analyst's file for it and switches to writing `gold`.
    /// False (with the reason in the status bar) when it cannot, e.g. fewer than two analysts' files.
    pub fn start_adjudication(&mut self) -> bool {
        let Some(session) = &self.session else {
            return false;
        };
        let Some(doc) = session.current() else {
            self.error("open a report to adjudicate first");
            return false;
        };
        let index = doc.index;
        let path = session.docs()[index].path.clone();
        let loaded = team::report_files(session.workspace(), &path, doc.editor.text(), false);
        if loaded.files.len() < 2 {
            self.error(format!(
                "{path}: adjudication needs at least two analysts' files; found {}{}",
                loaded.files.len(),
                if loaded.problems.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", loaded.problems.join("; "))
                }
            ));
            return false;
        }
        let view = match team::adjudication_view(&loaded.files) {
            Ok(view) => view,
            Err(e) => {
                self.error(e.to_string());
                return false;
            }
        };
        let return_to = self
            .adjudication
            .as_ref()
            .map_or_else(|| self.settings.annotator.clone(), |a| a.return_to.clone());
        let root = session.workspace().root().to_owned();
        if let Err(e) = self.save() {
            self.error(e);
            return false;
        }
        match Session::open(&root, GOLD) {
            Ok(mut gold) => {
                if let Some(problem) = gold.open_doc(index) {
                    self.error(problem);
                }
                // The analysts' conflicts the gold file does not know yet become open ones in it, so that each
                // decision settles one and the file keeps track of what is left.
                if let Some(doc) = gold.current_mut()
                    && doc.read_only.is_none()
                {
                    let unrecorded = view.unrecorded(doc.editor.file());
                    doc.editor.record_conflicts(unrecorded);
                }
                self.session = Some(gold);
            }
            Err(e) => {
                self.error(e.to_string());
                return false;
            }
        }
        let display = view
            .spans_with_support()
            .map(|(span, support)| Span {
                label: support_name(support).into(),
                text: format!(
                    "{} ({}): {}",
                    span.label,
                    span.annotators.join(", "),
                    span.text
                )
                .into(),
                ..span.clone()
            })
            .collect();
        let current = self
            .session
            .as_ref()
            .and_then(Session::current)
            .and_then(|doc| first_undecided(&view, doc.editor.file(), 0))
            .or_else(|| view.next_conflict(None));
        let revision = self
            .adjudication
            .as_ref()
            .map_or(1 << 62, |a| a.revision + 1);
        if let Some(conflict) = current.and_then(|c| view.conflicts().get(c)) {
            self.view.scroll_to_char(conflict.start);
        }
        let count = view.conflicts().len();
        let gold_file = self
            .session
            .as_ref()
            .and_then(Session::current)
            .map(|doc| doc.editor.file());
        let open = gold_file.map_or(count, |gold| {
            (0..count).filter(|&i| !view.is_settled(gold, i)).count()
        });
        // Open conflicts gold records besides the analysts' current ones: those their files no longer show (they
        // changed their work since; the panel offers to withdraw them) and those a conflicted git merge recorded
        // between branches (decided in gold's own editor). Never dropped silently.
        let (stale, branches) = gold_file.map_or((0, 0), |gold| {
            let branches = gold.conflicts.iter().filter(|c| is_between_branches(c));
            (view.outdated(gold).len(), branches.count())
        });
        self.adjudication = Some(Adjudication {
            view,
            display,
            current,
            return_to,
            problems: loaded.problems,
            revision,
        });
        self.selected = None;
        let mut also = String::new();
        if stale > 0 {
            also.push_str(&format!(
                "; gold also lists {stale} open conflict{} the analysts no longer show (see the panel)",
                if stale == 1 { "" } else { "s" }
            ));
        }
        if branches > 0 {
            also.push_str(&format!(
                "; gold records {branches} conflict{} from a git merge (F8 in gold's own editor)",
                if branches == 1 { "" } else { "s" }
            ));
        }
        self.info(format!(
            "adjudicating {path}: {open} of {count} conflicts to decide; choices are saved to annotations/gold/{also}"
        ));
        true
    }

    /// Leaves adjudication (saving gold) and reopens the report as the analyst.
    pub fn stop_adjudication(&mut self) {
        let Some(adjudication) = self.adjudication.take() else {
            return;
        };
        if let Err(e) = self.save() {
            self.error(e);
        }
        let Some(session) = &self.session else {
            return;
        };
        let root = session.workspace().root().to_owned();
        let index = session.current().map(|d| d.index);
        match Session::open(&root, &adjudication.return_to) {
            Ok(session) => {
                self.session = Some(session);
                if let Some(index) = index {
                    self.open_doc(index);
                }
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// Moves to the next or previous conflict and scrolls to it (outside adjudication: the open file's recorded
    /// conflicts).
    pub fn step_conflict(&mut self, forward: bool) {
        let Some(adj) = self.adjudication.as_mut() else {
            self.step_recorded_conflict(forward);
            return;
        };
        adj.current = if forward {
            adj.view.next_conflict(adj.current)
        } else {
            adj.view.previous_conflict(adj.current)
        };
        if let Some(conflict) = adj.current.and_then(|c| adj.view.conflicts().get(c)) {
            let start = conflict.start;
            self.view.scroll_to_char(start);
        }
    }

    /// Builds an edit of the gold file from the adjudication view. `None` when not adjudicating, and (with the
    /// reason in the status bar) when the view is of another report than the open one, so that one report's
    /// spans never land in another's gold file.
    fn with_gold<R>(
        &mut self,
        build: impl FnOnce(&Adjudication, &AnnotationFile, &ReportText) -> R,
    ) -> Option<R> {
        let adj = self.adjudication.as_ref()?;
        let doc = self.session.as_ref().and_then(Session::current)?;
        if !adj.is_for(doc.editor.file()) {
            self.error(
                "the adjudication view is of another report: open it again (Team ▸ Adjudicate this report)",
            );
            return None;
        }
        Some(build(adj, doc.editor.file(), doc.editor.text()))
    }

    /// Applies the adjudicator's choice for a conflict to the gold file and moves on to the next undecided one.
    pub fn resolve_conflict(&mut self, index: usize, choice: Choice) {
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
        if let Some(session) = self.session.as_mut()
            && let Err(e) = session.apply(edit)
        {
            self.error(e.to_string());
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
        let Some(doc) = self.session.as_ref().and_then(Session::current) else {
            return;
        };
        if let Some(adj) = self.adjudication.as_mut()
            && let Some(next) = first_undecided(&adj.view, doc.editor.file(), index + 1)
        {
            adj.current = Some(next);
            let start = adj.view.conflicts()[next].start;
            self.view.scroll_to_char(start);
        }
    }

    /// Takes gold's open conflicts that the analysts' files no longer show off its list, as one undoable step.
    pub fn withdraw_outdated(&mut self) {
        let Some(edit) = self.with_gold(|adj, gold, _| adj.view.withdraw_outdated(gold)) else {
            return;
        };
        let count = edit.len();
        if count == 0 {
            self.info("gold lists no outdated conflicts");
            return;
        }
        if let Some(session) = self.session.as_mut() {
            match session.apply(edit) {
                Ok(()) => self.info(format!(
                    "withdrew {count} outdated conflict{} from gold (one undo step)",
                    if count == 1 { "" } else { "s" }
                )),
                Err(e) => self.error(e.to_string()),
            }
        }
    }

    /// Adds every span all analysts made to the gold file, as one undoable step.
    pub fn accept_unanimous(&mut self) {
        let Some(edit) = self.with_gold(|adj, gold, _| adj.view.accept_unanimous(gold)) else {
            return;
        };
        let count = edit.len();
        if count == 0 {
            self.info("every unanimous span is already in gold");
            return;
        }
        if let Some(session) = self.session.as_mut() {
            match session.apply(edit) {
                Ok(()) => self.info(format!(
                    "accepted {count} unanimous spans into gold (one undo step)"
                )),
                Err(e) => self.error(e.to_string()),
            }
        }
    }
}

/// The first conflict from `from` on (wrapping around) that the gold file does not record as decided.
fn first_undecided(
    view: &MultiAnnotatorView,
    gold: &crate::model::AnnotationFile,
    from: usize,
) -> Option<usize> {
    let n = view.conflicts().len();
    (0..n)
        .map(|k| (from + k) % n)
        .find(|&i| !view.is_settled(gold, i))
}

fn legend(ui: &mut Ui, color: Color32, text: &str) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, color);
    ui.label(text);
}

/// The right panel in adjudication mode.
pub fn show_panel(ui: &mut Ui, app: &App, actions: &mut Vec<Action>) {
    let Some(adj) = &app.adjudication else {
        return;
    };
    let Some(doc) = app.session.as_ref().and_then(Session::current) else {
        return;
    };
    let text = doc.editor.text();
    ui.horizontal(|ui| {
        ui.heading("Adjudication");
        if ui.button("Stop adjudicating").clicked() {
            actions.push(Action::Command(UiCommand::StopAdjudicating));
        }
    });
    ui.label(format!("Analysts: {}", adj.view.annotators().join(", ")));
    for problem in &adj.problems {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
    let mut counts = [0usize; 3];
    for (_, support) in adj.view.spans_with_support() {
        counts[support as usize] += 1;
    }
    ui.horizontal_wrapped(|ui| {
        legend(ui, ALL_COLOR, &format!("all {}", counts[0]));
        legend(ui, MAJORITY_COLOR, &format!("majority {}", counts[1]));
        legend(ui, MINORITY_COLOR, &format!("minority {}", counts[2]));
    });
    if ui
        .button(format!("Accept every unanimous span ({})", counts[0]))
        .clicked()
    {
        actions.push(Action::AcceptUnanimous);
    }
    ui.separator();
    let total = adj.view.conflicts().len();
    let gold = doc.editor.file();
    let decided = (0..total).filter(|&i| adj.view.is_settled(gold, i)).count();
    ui.horizontal(|ui| {
        ui.strong(format!("Conflicts: {decided} decided of {total}"));
        if ui.button("◀ prev").on_hover_text("Shift+F8").clicked() {
            actions.push(Action::Command(UiCommand::PreviousConflict));
        }
        if ui.button("next ▶").on_hover_text("F8").clicked() {
            actions.push(Action::Command(UiCommand::NextConflict));
        }
    });
    if let Some(index) = adj.current
        && let Some(conflict) = adj.view.conflicts().get(index)
    {
        let state = CardState {
            heading: format!("{} of {total}: {}", index + 1, kind_name(conflict.kind)),
            present: &options_present(gold, conflict),
            settled: adj.view.is_settled(gold, index),
        };
        if let Some(choice) = conflict_card::show(ui, text, conflict, &state) {
            actions.push(Action::Resolve(index, choice));
        }
    } else if total == 0 {
        ui.label("No conflicts: the analysts agree on every span.");
    }
    let outdated = adj.view.outdated(gold).len();
    if outdated > 0 {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "Gold also lists {outdated} open conflict{} the analysts' files no longer show.",
                if outdated == 1 { "" } else { "s" }
            ));
            if ui
                .button("Withdraw them")
                .on_hover_text("Takes them off gold's open list, as one undo step")
                .clicked()
            {
                actions.push(Action::WithdrawOutdated);
            }
        });
    }
    ui.separator();
    let gold = doc.editor.spans();
    ui.strong(format!("Gold: {} spans", gold.len()));
    egui::ScrollArea::vertical()
        .id_salt("gold_list")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for span in gold {
                ui.add(
                    egui::Label::new(format!(
                        "{} {}–{} {}",
                        span.label, span.start, span.end, span.text
                    ))
                    .truncate(),
                );
            }
        });
}
