//! What `spantag train`, `evaluate`, `simulate` and `suggest --model` share: the workspace with its training
//! data (unreadable files reported) and figure table, which labels to learn (the schema and `--labels`), and
//! the `--threshold` argument.

use std::path::Path;

use anyhow::{Context, Result};

use super::UsageError;
use super::output::eprintln;
use crate::figures::Table;
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

/// A workspace opened for learning: its training data and its figure table.
pub struct Team {
    /// The workspace.
    pub workspace: Workspace,
    /// Its training data for the annotator asked (every analyst's without one).
    pub set: TrainingSet,
    /// Whether a file could not be read (each was printed on standard error): the command exits 1.
    pub incomplete: bool,
    /// The figure engine's table, extended by the workspace's words.
    pub table: Table,
}

/// Opens the workspace at `root` and reads its training data for `annotator`.
pub fn open_team(root: &Path, annotator: Option<&str>) -> Result<Team> {
    let workspace = Workspace::open(root)
        .with_context(|| format!("cannot open the workspace {}", root.display()))?;
    let set = TrainingSet::from_workspace(&workspace, annotator);
    for problem in &set.problems {
        eprintln!("{problem}");
    }
    let incomplete = !set.problems.is_empty();
    let table = Table::extended(workspace.config().figures.clone());
    Ok(Team {
        workspace,
        set,
        incomplete,
        table,
    })
}

/// Parses `--threshold`: a score from 0 to 1.
pub fn threshold(value: &str) -> Result<f32, String> {
    match value.parse::<f32>() {
        Ok(t) if (0.0..=1.0).contains(&t) => Ok(t),
        _ => Err(format!("{value:?} is not a score from 0 to 1")),
    }
}

/// A score printed to two decimals, `-` when there is nothing to measure.
pub fn score(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_threshold_is_a_score_from_0_to_1() {
        assert_eq!(super::threshold("0.35"), Ok(0.35));
        assert_eq!(super::threshold("1"), Ok(1.0));
        assert!(super::threshold("1.5").is_err());
        assert!(super::threshold("-0.1").is_err());
        assert!(super::threshold("NaN").is_err());
        assert!(super::threshold("high").is_err());
    }
}
