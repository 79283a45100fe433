//! The recommender as the workbench holds it between frames: the model the open report's suggestions come
//! from, the training data it was made from, the retraining running in the background and when the next one
//! is due. How it is kept current is in `learning`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::background::Background;
use crate::recommend::recommender::HeldOutScores;
use crate::recommend::{
    FeatureCache, Learned, ModelFor, Recommender, Trained, TrainingDoc, TrainingSet,
};

/// The workspace's model and its retraining.
#[derive(Default)]
pub struct Learning {
    /// What the model is for (workspace, analyst, labels); another one starts over.
    pub(super) of: Option<ModelFor>,
    /// The model suggestions come from, once the first training (or the cache) delivered it.
    pub(super) model: Option<Arc<Recommender>>,
    /// The data it was trained on, updated with the open report before each retraining.
    pub(super) set: Option<TrainingSet>,
    /// Training running in the background.
    pub(super) job: Option<Background<Trained>>,
    /// When the running training started.
    pub(super) started: Option<Instant>,
    /// How long the last training took (none for a model read from the cache).
    pub(super) took: Option<Duration>,
    /// The open report and editor revision last seen: a change schedules a retraining.
    pub(super) seen: Option<(usize, u64)>,
    /// What the analyst's files say now of the reports changed since the training data was last updated (kept
    /// until the first training delivers its data).
    pub(super) pending: Vec<TrainingDoc>,
    /// When the next retraining is due (a short while after the last change, so a burst of accepts trains
    /// once).
    pub(super) due: Option<Instant>,
    /// Files training could not read, a cache that could not be written.
    pub(super) problems: Vec<String>,
    /// The latest held-out measurement: how many finished reports, and each label's F1 on them.
    pub(super) held_out: Option<HeldOutScores>,
    /// The held-out measurement running in the background (after a new model is already in use).
    pub(super) measuring: Option<Background<Option<HeldOutScores>>>,
    /// The training data the last measurement was made from (not measured twice).
    pub(super) measured: Option<String>,
    /// Each report's segmentation and rule marks, kept between trainings.
    pub(super) features: Arc<FeatureCache>,
}

impl Learning {
    /// The model, once there is one.
    pub fn model(&self) -> Option<&Recommender> {
        self.model.as_deref()
    }

    /// Whether training is running.
    pub fn training(&self) -> bool {
        self.job.is_some()
    }

    /// How long the last training took.
    pub fn took(&self) -> Option<Duration> {
        self.took
    }

    /// What training could not read or write.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// What the model learned from, with the latest held-out measurement.
    pub fn learned(&self) -> Option<Learned> {
        let mut learned = self.model.as_ref()?.learned().clone();
        if let Some((reports, held_out)) = &self.held_out {
            learned.held_out_reports = *reports;
            learned.held_out = held_out.clone();
        }
        Some(learned)
    }
}
