//! Keeping the recommender current while the analyst works: the workspace's model is read from its cache or
//! trained when a workspace opens, and trained again in the background a moment after the analyst's work
//! changes (an accept, an edit, another report), never on the frame's thread. When a new model arrives, the
//! open report's suggestions are computed again with it, without the analyst asking.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::background::{Background, Polled};
use crate::model::SmallText;
use crate::recommend::recommender::measure_held_out;
use crate::recommend::workspace_model::{load_or_train, retrain};
use crate::recommend::{ModelFor, TrainOptions, TrainingDoc};

use super::app::{App, Mode};
use super::learning_state::Learning;

/// How long after the last change the model is trained again.
pub(super) const RETRAIN_AFTER: Duration = Duration::from_millis(1500);

impl App {
    /// Starts, takes and schedules training; called once a frame.
    pub(super) fn poll_learning(&mut self, ctx: &egui::Context) {
        let (Some(session), Some((_, table))) = (&self.session, &self.figure_table) else {
            self.learning = Learning::default();
            return;
        };
        let of = ModelFor {
            root: session.workspace().root().to_owned(),
            annotator: session.annotator().to_owned(),
            labels: session
                .workspace()
                .schema()
                .names()
                .map(SmallText::from)
                .collect(),
        };
        let l = &mut self.learning;
        if l.of.as_ref() != Some(&of) {
            *l = Learning {
                of: Some(of.clone()),
                ..Learning::default()
            };
            let (workspace, table, ctx) =
                (session.workspace().clone(), Arc::clone(table), ctx.clone());
            let (of, cache) = (of.clone(), Arc::clone(&l.features));
            l.job = Some(Background::run(
                move || load_or_train(&workspace, &of, &table, &cache),
                move || ctx.request_repaint(),
            ));
            l.started = Some(Instant::now());
        }
        if let Some(job) = &l.job {
            match job.poll() {
                Polled::Ready(trained) => {
                    l.job = None;
                    l.took = (!trained.from_cache)
                        .then(|| l.started.map(|s| s.elapsed()))
                        .flatten();
                    l.model = Some(trained.model);
                    l.set = Some(trained.set);
                    l.problems = trained.problems;
                }
                Polled::Waiting => {}
                Polled::Gone => {
                    l.job = None;
                    l.problems = vec![
                        "training stopped unexpectedly; suggestions use the rules alone".into(),
                    ];
                }
            }
        }
        if let Some(job) = &l.measuring {
            match job.poll() {
                Polled::Ready(held_out) => {
                    l.measuring = None;
                    l.held_out = held_out;
                }
                Polled::Waiting => {}
                Polled::Gone => l.measuring = None,
            }
        }
        // The held-out check of the model in use, once per training data, after training (never competing
        // with it for the cores).
        if let (Some(model), Some(set), None, None) = (&l.model, &l.set, &l.job, &l.measuring)
            && l.measured.as_deref() != Some(model.fingerprint())
        {
            l.measured = Some(model.fingerprint().to_owned());
            let (set, labels, table, ctx) = (
                set.clone(),
                of.labels.clone(),
                Arc::clone(table),
                ctx.clone(),
            );
            let cache = Arc::clone(&l.features);
            l.measuring = Some(Background::run(
                move || {
                    let epochs = TrainOptions::default().epochs;
                    measure_held_out(&set, &labels, epochs, &table, &cache)
                },
                move || ctx.request_repaint(),
            ));
        }
        // Only the analyst's own editing teaches (adjudication writes gold, learned at the next start).
        let current = match self.mode {
            Mode::Editing => session.current(),
            _ => None,
        };
        if let Some(doc) = current {
            let now = (doc.index, doc.editor.revision());
            if l.seen != Some(now) {
                if l.seen.is_some() {
                    l.due = Some(Instant::now() + RETRAIN_AFTER);
                }
                l.seen = Some(now);
                // Taken now, while this report is open: after a switch its editor is gone.
                let file = doc.editor.file();
                l.pending.push(TrainingDoc::from_file(
                    file.document.file.clone(),
                    doc.editor.text().clone(),
                    file,
                ));
            }
        }
        if let Some(set) = &mut l.set {
            for doc in l.pending.drain(..) {
                set.replace(doc);
            }
        }
        let Some(due) = l.due else {
            return;
        };
        let wait = due.saturating_duration_since(Instant::now());
        if !wait.is_zero() {
            ctx.request_repaint_after(wait);
            return;
        }
        if l.job.is_some() {
            return; // taken up when this training is done
        }
        let Some(set) = l.set.clone() else {
            return; // the first training is still running
        };
        l.due = None;
        let (workspace, table, ctx) = (session.workspace().clone(), Arc::clone(table), ctx.clone());
        let cache = Arc::clone(&l.features);
        l.job = Some(Background::run(
            move || retrain(&workspace, &of, set, &table, &cache),
            move || ctx.request_repaint(),
        ));
        l.started = Some(Instant::now());
    }
}
