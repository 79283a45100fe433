//! What `spantag train`, `evaluate` and `simulate` share: which labels to learn, read from the workspace's
//! schema and `--labels`, and the training data with its unreadable files reported.

use anyhow::Result;

use super::UsageError;
use super::output::eprintln;
use crate::model::SmallText;
use crate::recommend::TrainingSet;
use crate::store::Workspace;

/// The labels to learn: `--labels` (each must be in the schema), else every label of the schema.
pub fn labels(workspace: &Workspace, asked: &[String]) -> Result<Vec<SmallText>> {
    if asked.is_empty() {
        return Ok(workspace.schema().names().map(SmallText::from).collect());
    }
    asked
        .iter()
        .map(|l| {
            let l = l.trim();
            if workspace.schema().has(l) {
                Ok(SmallText::from(l))
            } else {
                Err(UsageError(format!(
                    "--labels: {l:?} is not a label of {} (it has {})",
                    workspace.root().display(),
                    workspace.schema().names().collect::<Vec<_>>().join(", ")
                ))
                .into())
            }
        })
        .collect()
}

/// The workspace's training data for an annotator (every analyst's without one); each file that could not be
/// read is printed on standard error. Returns the set and whether any file was left out.
pub fn training_set(workspace: &Workspace, annotator: Option<&str>) -> (TrainingSet, bool) {
    let set = TrainingSet::from_workspace(workspace, annotator);
    for problem in &set.problems {
        eprintln!("{problem}");
    }
    let incomplete = !set.problems.is_empty();
    (set, incomplete)
}

/// A score printed to two decimals, `-` when there is nothing to measure.
pub fn score(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"))
}
