//! `spantag train WORKSPACE [--annotator NAME] [--labels ...] [--out MODEL]`: trains the recommender on the
//! team's spans (gold, and the analyst's own files or every analyst's) and saves it, by default as the
//! workspace's cached model that the app uses.

use std::path::PathBuf;

use anyhow::Result;

use super::Outcome;
use super::learning::{Team, labels, open_team, score};
use super::output::println;
use crate::plural::count;
use crate::recommend::{Recommender, TrainOptions, cache_path, model_file};

/// Arguments of `spantag train`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The workspace whose annotations teach the model.
    pub workspace: PathBuf,
    /// Learn from this analyst's files and gold (default: every analyst's files and gold).
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Labels to learn, comma-separated (default: every label of the workspace's schema).
    #[arg(long, value_delimiter = ',')]
    pub labels: Vec<String>,
    /// Where to save the model (default: the workspace's cache, `.spantag/models/NAME.model`).
    #[arg(long, value_name = "MODEL")]
    pub out: Option<PathBuf>,
    /// Passes over the training data.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    /// Learn from at most this many characters of annotated text (training takes about 300 bytes of memory a
    /// character); the analyst's own reports are kept first, and what is left out is said.
    #[arg(long, default_value_t = 5_000_000)]
    pub max_chars: usize,
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
    let (set, left_out) = set.bounded(args.max_chars, args.annotator.as_deref());
    if left_out > 0 {
        println!(
            "{} left out beyond {} characters of annotated text (--max-chars)",
            count(left_out, "report file"),
            args.max_chars
        );
    }
    let options = TrainOptions {
        epochs: args.epochs.max(1),
        held_out: true,
    };
    let model = Recommender::train(&set, &labels, options, &table);
    let out = args
        .out
        .unwrap_or_else(|| cache_path(&workspace, args.annotator.as_deref()));
    model_file::save(&out, &model)?;
    let learned = model.learned();
    println!(
        "learned from {} in {}; saved {}",
        count(learned.spans, "span"),
        count(learned.reports, "report"),
        out.display()
    );
    if learned.held_out_reports == 0 {
        println!("too few finished reports to hold some out and measure the model");
    } else {
        let scores: Vec<String> = learned
            .held_out
            .iter()
            .map(|h| format!("{} F1 {}", h.label, score(h.f1)))
            .collect();
        println!(
            "on {} held out: {}",
            count(learned.held_out_reports, "finished report"),
            scores.join(", ")
        );
    }
    Ok(if incomplete {
        Outcome::ProblemsFound
    } else {
        Outcome::Clean
    })
}
