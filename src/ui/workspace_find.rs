//! Edit ▸ Find in workspace (Ctrl+Shift+F): a query searched in every report of the workspace on a thread of
//! its own ([`crate::search`]), the window drawing meanwhile and the list filling in as the results come; the
//! results listed per report (its name, how many matches, each match in a line of context). Clicking a match
//! asks for that report to open there.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::thread::JoinHandle;

use egui::{Context, Ui};

use crate::find::Matching;
use crate::plural::{count, count_as};
use crate::search::Found;
use crate::store::Workspace;

use super::action::Action;

/// A search running in the background, handing its results on in chunks.
struct Running {
    handle: JoinHandle<()>,
    chunks: Receiver<Found>,
    done: Arc<AtomicUsize>,
    total: usize,
    cancel: Arc<AtomicBool>,
}

/// One line of the results list: a report's heading, or one of its matches.
#[derive(Debug, Clone, Copy)]
enum Row {
    Report(usize),
    Hit(usize, usize),
}

/// What the last search found (so far, while it runs), with the list's lines.
struct Results {
    query: String,
    matching: Matching,
    found: Found,
    rows: Vec<Row>,
}

/// The window's state: the query being typed, the search running, the last results.
pub struct WorkspaceFind {
    /// The query being typed.
    pub query: String,
    /// Match in any script, as the find bar does.
    pub any_script: bool,
    /// Give the query field keyboard focus on the next frame.
    focus: bool,
    running: Option<Running>,
    results: Option<Results>,
    /// Why the last search could not start.
    problem: Option<String>,
}

impl Drop for WorkspaceFind {
    fn drop(&mut self) {
        // Closing the window stops a search that is still running (its thread ends soon after).
        if let Some(running) = &self.running {
            running.cancel.store(true, Ordering::Relaxed);
        }
    }
}

impl WorkspaceFind {
    /// The window, its query field holding `query` (the find bar's) and focused.
    pub fn new(query: String, any_script: bool) -> WorkspaceFind {
        WorkspaceFind {
            query,
            any_script,
            focus: true,
            running: None,
            results: None,
            problem: None,
        }
    }

    /// Gives the query field focus again (Ctrl+Shift+F while the window is open).
    pub fn refocus(&mut self) {
        self.focus = true;
    }

    /// Whether a search is running.
    pub fn searching(&self) -> bool {
        self.running.is_some()
    }

    /// The last search: its query and what it found (so far, while it runs).
    pub fn found(&self) -> Option<(&str, &Found)> {
        self.results.as_ref().map(|r| (r.query.as_str(), &r.found))
    }

    fn matching(&self) -> Matching {
        if self.any_script {
            Matching::AnyScript
        } else {
            Matching::Exact
        }
    }

    /// Starts searching the workspace at `root` for the query (a running search is stopped first).
    fn start(&mut self, root: PathBuf) {
        if let Some(old) = self.running.take() {
            old.cancel.store(true, Ordering::Relaxed);
        }
        let workspace = match Workspace::open(root) {
            Ok(ws) => ws,
            Err(e) => {
                self.problem = Some(e.to_string());
                return;
            }
        };
        self.problem = None;
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (query, matching) = (self.query.clone(), self.matching());
        let total = workspace.documents().len();
        let (sender, chunks) = channel();
        let handle = {
            let (done, cancel, query) = (Arc::clone(&done), Arc::clone(&cancel), query.clone());
            std::thread::spawn(move || {
                // On a pool of its own: the window's own parallel work must not wait for the search.
                crate::parallel::on_own_pool(|| {
                    crate::search::search_in_chunks(
                        &workspace,
                        &query,
                        matching,
                        &done,
                        &cancel,
                        |chunk| {
                            // The window was closed or searched again: nobody listens any more.
                            if sender.send(chunk).is_err() {
                                cancel.store(true, Ordering::Relaxed);
                            }
                        },
                    );
                });
            })
        };
        self.results = Some(Results {
            query,
            matching,
            found: Found::default(),
            rows: Vec::new(),
        });
        self.running = Some(Running {
            handle,
            chunks,
            done,
            total,
            cancel,
        });
    }

    /// Adds the results that came in to the list; true while the search runs (the window asks for a repaint).
    fn poll(&mut self) -> bool {
        let Some(running) = self.running.as_ref() else {
            return false;
        };
        let finished = running.handle.is_finished();
        let chunks: Vec<Found> = running.chunks.try_iter().collect();
        if let Some(results) = self.results.as_mut() {
            for chunk in chunks {
                for report in chunk.reports {
                    let i = results.found.reports.len();
                    results.rows.push(Row::Report(i));
                    results
                        .rows
                        .extend((0..report.hits.len()).map(|j| Row::Hit(i, j)));
                    results.found.reports.push(report);
                }
                results.found.unreadable.extend(chunk.unreadable);
            }
        }
        if !finished {
            return true;
        }
        if let Some(running) = self.running.take()
            && running.handle.join().is_err()
        {
            self.problem = Some("the search stopped unexpectedly".to_owned());
        }
        false
    }
}

fn results_list(ui: &mut Ui, results: &Results, actions: &mut Vec<Action>) {
    let found = &results.found;
    ui.label(format!(
        "{} in {}",
        count_as(found.total(), "match", "matches"),
        count(found.reports.len(), "report")
    ));
    if !found.unreadable.is_empty() {
        let names: Vec<&str> = found.unreadable.iter().map(|(d, _)| d.as_str()).collect();
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("not searched (unreadable): {}", names.join(", ")),
        );
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .max_height(420.0)
        .show_rows(ui, row_height, results.rows.len(), |ui, range| {
            for row in &results.rows[range] {
                match *row {
                    Row::Report(i) => {
                        let report = &found.reports[i];
                        let mut line = format!(
                            "{}: {}",
                            report.doc,
                            count_as(report.count, "match", "matches")
                        );
                        if report.count > report.hits.len() {
                            line.push_str(&format!(" (first {} listed)", report.hits.len()));
                        }
                        ui.strong(line);
                    }
                    Row::Hit(i, j) => {
                        let report = &found.reports[i];
                        let hit = &report.hits[j];
                        if ui
                            .add(egui::Button::selectable(false, hit.context.as_str()).truncate())
                            .on_hover_text(format!("open {} here", report.doc))
                            .clicked()
                        {
                            actions.push(Action::OpenMatch {
                                doc: report.doc.clone(),
                                start: hit.start,
                                end: hit.end,
                                query: results.query.clone(),
                                any_script: results.matching == Matching::AnyScript,
                            });
                        }
                    }
                }
            }
        });
}

/// The window, while open; `root` is the open workspace's folder.
pub fn window(
    ctx: &Context,
    state: &mut Option<WorkspaceFind>,
    root: Option<PathBuf>,
    actions: &mut Vec<Action>,
) {
    let Some(find) = state.as_mut() else {
        return;
    };
    if find.poll() {
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
    let mut open = true;
    egui::Window::new("Find in workspace")
        .open(&mut open)
        .default_width(520.0)
        .show(ctx, |ui| {
            let mut search = false;
            ui.horizontal(|ui| {
                let label = ui.label("Find:");
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut find.query)
                            .id_salt("workspace_find_query")
                            .hint_text("text to find in every report")
                            .desired_width(260.0),
                    )
                    .labelled_by(label.id);
                if find.focus {
                    field.request_focus();
                    find.focus = false;
                }
                search |= field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.checkbox(&mut find.any_script, "any script")
                    .on_hover_text("贫困 finds 貧困 too, and full-width ０ / Ａ find 0 / A");
                search |= ui.button("Search").clicked();
            });
            if search && !find.query.is_empty() {
                match root.clone() {
                    Some(root) => find.start(root),
                    None => find.problem = Some("open a workspace first".to_owned()),
                }
            }
            if let Some(problem) = &find.problem {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
            if let Some(running) = &find.running {
                ui.horizontal(|ui| {
                    ui.add(egui::Spinner::new());
                    ui.label(format!(
                        "searching {} / {}…",
                        running.done.load(Ordering::Relaxed),
                        count(running.total, "report")
                    ));
                });
            }
            if let Some(results) = &find.results {
                results_list(ui, results, actions);
            }
        });
    if !open {
        *state = None;
    }
}
