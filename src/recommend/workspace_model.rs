//! The model an analyst's workbench suggests with: learned from the analyst's own files and gold in the
//! workspace, cached under `.spantag/models/` so the next start does not train again. The cache is used only
//! when it was made from exactly the training data there is now (its fingerprint) and by this format version;
//! otherwise the model is trained again and the cache rewritten. It is never the only copy of anything.

use std::path::PathBuf;
use std::sync::Arc;

use super::features::FeatureCache;
use super::model_file::{self, ModelError};
use super::recommender::{Recommender, TrainOptions};
use super::training_data::TrainingSet;
use crate::figures::Table;
use crate::model::SmallText;
use crate::store::Workspace;

/// The most characters of annotated text the workbench trains on (about 200 MB of features): a workspace with
/// more gold than that trains on the analyst's own reports first and says how many it left out.
pub const MAX_TRAINING_CHARS: usize = 2_000_000;

/// What the workspace's model is made from: whose work and which labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelFor {
    /// The workspace folder.
    pub root: PathBuf,
    /// The analyst (their files and gold).
    pub annotator: String,
    /// The labels learned (the workspace's schema).
    pub labels: Vec<SmallText>,
}

/// A model ready to suggest with, and the data it came from (the app updates that data as the analyst works
/// and retrains on it).
#[derive(Debug)]
pub struct Trained {
    /// The model.
    pub model: Arc<Recommender>,
    /// The training data it was made from.
    pub set: TrainingSet,
    /// Whether it was read from the cache rather than trained.
    pub from_cache: bool,
    /// Files that could not be read, and a cache that could not be written: shown, never fatal.
    pub problems: Vec<String>,
}

/// Reads the workspace's training data and returns the cached model if it was made from exactly that data,
/// else trains one and caches it.
pub fn load_or_train(
    workspace: &Workspace,
    of: &ModelFor,
    table: &Table,
    cache: &FeatureCache,
) -> Trained {
    let set = TrainingSet::from_workspace(workspace, Some(&of.annotator));
    let (set, left_out) = set.bounded(MAX_TRAINING_CHARS, Some(&of.annotator));
    let mut trained = load_or_train_set(workspace, of, set, table, cache);
    if left_out > 0 {
        trained.problems.push(format!(
            "learned from the first {} characters of annotated text; {left_out} reports left out",
            MAX_TRAINING_CHARS
        ));
    }
    trained
}

fn load_or_train_set(
    workspace: &Workspace,
    of: &ModelFor,
    set: TrainingSet,
    table: &Table,
    cache: &FeatureCache,
) -> Trained {
    let path = model_file::cache_path(workspace, Some(&of.annotator));
    if path.exists() {
        match model_file::load(&path) {
            Ok(model)
                if model.fingerprint() == set.fingerprint(&of.labels)
                    && model.labels() == of.labels =>
            {
                let problems = set.problems.clone();
                return Trained {
                    model: Arc::new(model),
                    set,
                    from_cache: true,
                    problems,
                };
            }
            // Stale, of another version or damaged: it is only a cache, so train again and replace it.
            Ok(_)
            | Err(
                ModelError::Version { .. }
                | ModelError::NotAModel { .. }
                | ModelError::Damaged { .. },
            ) => {}
            Err(e) => {
                let mut trained = retrain(workspace, of, set, table, cache);
                trained.problems.push(e.to_string());
                return trained;
            }
        }
    }
    retrain(workspace, of, set, table, cache)
}

/// Trains on `set` (the workspace's data as the app now knows it) and rewrites the cache. The held-out check
/// is left out (it costs a training of its own): the app measures apart
/// ([`super::recommender::measure_held_out`]), after the new model is already in use.
pub fn retrain(
    workspace: &Workspace,
    of: &ModelFor,
    set: TrainingSet,
    table: &Table,
    cache: &FeatureCache,
) -> Trained {
    let options = TrainOptions {
        held_out: false,
        ..TrainOptions::default()
    };
    let model = Recommender::train_cached(&set, &of.labels, options, table, cache);
    let mut problems = set.problems.clone();
    let path = model_file::cache_path(workspace, Some(&of.annotator));
    if let Err(e) = model_file::save(&path, &model) {
        problems.push(format!("the model was not cached: {e}"));
    }
    Trained {
        model: Arc::new(model),
        set,
        from_cache: false,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnnotationFile, DocRef, Span, Status};
    use crate::text::ReportText;

    fn workspace_with_one_done_report() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        let text = "全县推行产业扶贫，贫困发生率降至0.68%。";
        std::fs::write(dir.path().join("a.txt"), text).unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        let text = ReportText::new(text);
        let mut file = AnnotationFile::new(DocRef::of("a.txt", &text), "alice");
        file.status = Status::Done;
        file.spans.push(Span::new(&text, 2, 8, "Measure"));
        ws.save_annotations(&file).unwrap();
        (dir, ws)
    }

    fn of(ws: &Workspace) -> ModelFor {
        ModelFor {
            root: ws.root().to_owned(),
            annotator: "alice".into(),
            labels: ws.schema().names().map(SmallText::from).collect(),
        }
    }

    #[test]
    fn the_cache_is_used_only_for_the_same_data_and_rebuilt_when_damaged() {
        let (_dir, ws) = workspace_with_one_done_report();
        let table = Table::builtin();
        let first = load_or_train(&ws, &of(&ws), &table, &FeatureCache::default());
        assert!(!first.from_cache);
        assert!(first.problems.is_empty(), "{:?}", first.problems);
        let path = model_file::cache_path(&ws, Some("alice"));
        assert!(path.is_file());
        assert!(load_or_train(&ws, &of(&ws), &table, &FeatureCache::default()).from_cache);

        // New work: the cache no longer fits and is replaced.
        let text = ws.load_text("a.txt").unwrap();
        let mut file = ws
            .load_annotations("alice", "a.txt", &text)
            .unwrap()
            .unwrap();
        file.spans.push(Span::new(&text, 16, 21, "Figure"));
        file.normalize();
        ws.save_annotations(&file).unwrap();
        let again = load_or_train(&ws, &of(&ws), &table, &FeatureCache::default());
        assert!(!again.from_cache);
        assert_eq!(again.model.learned().spans, 2);

        // A damaged cache is trained again, not an error.
        std::fs::write(&path, b"garbage").unwrap();
        let repaired = load_or_train(&ws, &of(&ws), &table, &FeatureCache::default());
        assert!(!repaired.from_cache);
        assert!(repaired.problems.is_empty());
        assert!(model_file::load(&path).is_ok());
    }
}
