//! `spantag evaluate --model MODEL WORKSPACE [--annotator NAME] [--json]`: how well a model's suggestions match
//! the finished reports and gold files of a workspace: exact and lenient precision, recall and F1 per label and
//! micro-averaged, with the counts behind them.

use std::path::PathBuf;

use anyhow::Result;

use super::learning::{Team, open_team, score, threshold};
use super::output::println;
use super::{Outcome, UsageError};
use crate::recommend::{Layers, Scores, model_file};

/// Arguments of `spantag evaluate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model (from `spantag train`).
    #[arg(long, value_name = "MODEL")]
    pub model: PathBuf,
    /// The workspace whose finished reports and gold files are the answers.
    pub workspace: PathBuf,
    /// Compare with this analyst's files and gold (default: every analyst's and gold).
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// Count only suggestions scored at least this (0..1), as the app shows them by default.
    #[arg(long, default_value_t = crate::recommend::DEFAULT_THRESHOLD, value_parser = threshold)]
    pub threshold: f32,
    /// The layers whose suggestions count, comma-separated: rule, dictionary, model (default: all).
    #[arg(long, value_delimiter = ',')]
    pub layers: Vec<String>,
    /// Print JSON: {"labels": {L: {"exact": {"precision", "recall", "f1"}, "lenient": {...}, "gold",
    /// "suggested"}}, "micro": {...}}.
    #[arg(long)]
    pub json: bool,
}

/// The layers named by `--layers`.
pub fn parse_layers(names: &[String]) -> Result<Layers> {
    if names.is_empty() {
        return Ok(Layers::default());
    }
    let mut layers = Layers {
        rules: false,
        dictionary: false,
        model: false,
    };
    for name in names {
        match name.trim() {
            "rule" | "rules" => layers.rules = true,
            "dictionary" => layers.dictionary = true,
            "model" => layers.model = true,
            other => {
                return Err(UsageError(format!(
                    "--layers: unknown layer {other:?} (rule, dictionary, model)"
                ))
                .into());
            }
        }
    }
    Ok(layers)
}

/// Runs the command.
pub fn run(args: Args) -> Result<Outcome> {
    let layers = parse_layers(&args.layers)?;
    let model = model_file::load(&args.model)?;
    let Team {
        set,
        incomplete,
        table,
        ..
    } = open_team(&args.workspace, args.annotator.as_deref())?;
    let threshold = args.threshold;
    let evaluation = model.evaluate(&set, &table, layers, &move |_| threshold);
    if args.json {
        println!("{}", serde_json::to_string(&evaluation)?);
    } else {
        println!(
            "{} finished reports or gold files compared",
            evaluation.documents
        );
        println!(
            "label\tgold\tsuggested\texact P\texact R\texact F1\tlenient P\tlenient R\tlenient F1"
        );
        let row = |name: &str, s: &Scores| {
            println!(
                "{name}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                s.gold,
                s.suggested,
                score(s.exact.precision),
                score(s.exact.recall),
                score(s.exact.f1),
                score(s.lenient.precision),
                score(s.lenient.recall),
                score(s.lenient.f1)
            );
        };
        for (label, s) in &evaluation.labels {
            row(label, s);
        }
        row("micro", &evaluation.micro);
    }
    Ok(if incomplete {
        Outcome::ProblemsFound
    } else {
        Outcome::Clean
    })
}
