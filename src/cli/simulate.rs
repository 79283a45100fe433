//! `spantag simulate WORKSPACE [--json]`: replays the workspace as the team made it, report by report: train on
//! the first k, suggest on the next, compare with what the analysts tagged; prints the learning curve beside a
//! plain string matcher's.

use std::path::PathBuf;
use std::time::SystemTime;

use anyhow::Result;

use super::learning::{Team, labels, open_team, score, threshold};
use super::output::println;
use super::{Outcome, UsageError};
use crate::recommend::TrainOptions;
use crate::recommend::simulate::simulate;

/// The order reports are replayed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Order {
    /// By report path.
    Name,
    /// By when their annotation files were last saved.
    Modified,
}

/// Arguments of `spantag simulate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The workspace to replay.
    pub workspace: PathBuf,
    /// Replay this analyst's files and gold (default: every analyst's and gold).
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Labels to learn, comma-separated (default: every label of the schema).
    #[arg(long, value_delimiter = ',')]
    pub labels: Vec<String>,
    /// The order of the reports: `name` (file order) or `modified` (when their annotation files were last
    /// saved: the order the team worked in).
    #[arg(long, value_enum, default_value_t = Order::Name)]
    pub order: Order,
    /// Count only suggestions scored at least this (0..1), as the app shows them by default.
    #[arg(long, default_value_t = crate::recommend::DEFAULT_THRESHOLD, value_parser = threshold)]
    pub threshold: f32,
    /// Passes over the training data at each step.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    /// Print the curve as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs the command.
pub fn run(args: Args) -> Result<Outcome> {
    let Team {
        workspace,
        set,
        incomplete,
        table,
    } = open_team(&args.workspace, args.annotator.as_deref())?;
    let labels = labels(&workspace, &args.labels)?;
    let mut order: Vec<String> = set.docs.iter().map(|d| d.name.clone()).collect();
    order.dedup();
    match args.order {
        Order::Name => {}
        Order::Modified => {
            // When each report's files were first saved last, read once per report.
            let annotators = workspace.annotators();
            let modified = |doc: &String| -> Option<SystemTime> {
                annotators
                    .iter()
                    .filter_map(|a| workspace.annotation_path(a, doc).ok())
                    .filter_map(|p| p.metadata().and_then(|m| m.modified()).ok())
                    .min()
            };
            order.sort_by_cached_key(|d| (modified(d), d.clone()));
        }
    }
    if order.len() < 2 {
        return Err(UsageError(format!(
            "{}: a replay needs at least two annotated reports ({} found)",
            args.workspace.display(),
            order.len()
        ))
        .into());
    }
    let sim = simulate(
        &set,
        &labels,
        &order,
        &table,
        args.epochs.max(1),
        args.threshold,
    );
    if args.json {
        println!("{}", serde_json::to_string(&sim)?);
    } else {
        let per_label = |prefix: &str| {
            labels
                .iter()
                .map(|l| format!("{prefix} {l} F1"))
                .collect::<Vec<_>>()
                .join("\t")
        };
        println!(
            "trained on\treport\tspans\t{}\trecommender exact share\t{}\tbaseline exact share",
            per_label("recommender"),
            per_label("baseline")
        );
        for step in &sim.steps {
            let f1s = |s: &crate::recommend::simulate::StepScores| {
                labels
                    .iter()
                    .map(|l| score(s.f1.get(l.as_str()).copied().flatten()))
                    .collect::<Vec<_>>()
                    .join("\t")
            };
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                step.trained_on,
                step.report,
                step.spans,
                f1s(&step.recommender),
                score(step.recommender.exact_share),
                f1s(&step.baseline),
                score(step.baseline.exact_share)
            );
        }
    }
    Ok(if incomplete {
        Outcome::ProblemsFound
    } else {
        Outcome::Clean
    })
}
