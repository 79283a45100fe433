//! The recommender that learns from the team's own spans, offline, inside the app: a dictionary of every span
//! tagged (matched at any character, across scripts), one character tagger per label trained on the analysts'
//! finished and unfinished reports, and the figure engine's rules, merged into one list of suggestions that say
//! which layer proposed them. Pure Rust, no server, trained in about a second on a workspace's scale.
//!
//! - [`training_data`]: what may be learned from, and what is unknown rather than negative.
//! - `features`: what the tagger sees at each character.
//! - `segment`: word boundaries from a Chinese segmenter, as features.
//! - `tagger`: one label's averaged perceptron over BIO tags, trained on partial knowledge.
//! - [`dictionary`]: the team's spans found again.
//! - `disjoint`: non-overlapping spans per label, best first.
//! - [`recommender`]: the layers trained and asked together.
//! - [`evaluate`]: precision, recall and F1 against analysts' spans.
//! - [`simulate`]: the team's work replayed report by report, as a learning curve.
//! - [`model_file`]: a model on disk.
//! - [`workspace_model`]: the workbench's model, cached in the workspace and rebuilt when stale.

pub mod dictionary;
mod disjoint;
pub mod evaluate;
mod features;
pub mod model_file;
pub mod recommender;
mod segment;
pub mod simulate;
mod tagger;
pub mod training_data;
pub mod workspace_model;

pub use evaluate::{Evaluation, Prf, Scores, Tally};
pub use features::FeatureCache;
pub use model_file::{ModelError, cache_path};
pub use recommender::{DEFAULT_THRESHOLD, HeldOut, Layers, Learned, Recommender, TrainOptions};
pub use training_data::{TrainingDoc, TrainingSet};
pub use workspace_model::{ModelFor, Trained};
