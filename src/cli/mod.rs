//! The headless command line: one file per subcommand. Exit status: 0 on success, 1 when a problem was found
//! (or the work failed), 2 on bad usage.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use output::eprintln;

pub mod agree;
pub mod choice;
pub mod evaluate;
pub mod export;
pub mod figures;
pub mod import;
pub mod learning;
pub mod merge;
pub mod merge_driver;
pub mod output;
pub mod reanchor;
pub mod simulate;
pub mod stats;
pub mod suggest;
pub mod train;
pub mod validate;

/// `spantag [PATH]` opens the workbench; `spantag COMMAND` works headless.
#[derive(Debug, Parser)]
#[command(
    name = "spantag",
    version,
    about = "Tag measures, figures and outcomes in policy reports",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// The headless command to run; without one the workbench opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A workspace folder or a `.txt` report to open in the workbench (default: the last one, or the samples).
    pub path: Option<PathBuf>,
    /// Work in the workbench as NAME (files in `annotations/NAME/`), over the name stored by an earlier run and
    /// over `SPANTAG_ANNOTATOR`.
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
}

/// Every headless subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check workspaces or annotation files against their texts and schema.
    Validate(validate::Args),
    /// Count documents and spans per label, annotator and status.
    Stats(stats::Args),
    /// Merge analysts' annotations of a report (or of every report in a workspace), recording conflicts.
    Merge(merge::Args),
    /// Git merge driver for annotation files: three-way merge by spans, result written to OURS.
    MergeDriver(merge_driver::Args),
    /// Inter-annotator agreement: F1, disagreement breakdown, Cohen's and Fleiss' kappa, Krippendorff's alpha.
    Agree(agree::Args),
    /// Export annotations as a corpus (jsonl, doccano, brat, conll, label-studio, csv).
    Export(export::Args),
    /// Import annotations from jsonl, doccano, brat, conll or label-studio into a workspace.
    Import(import::Args),
    /// Suggest Figure, Outcome and Measure spans for reports (figures with their parsed values).
    Suggest(suggest::Args),
    /// List every Figure span of a workspace with its value, unit, qualifier and containing span.
    Figures(figures::Args),
    /// Find the spans of annotation files again in reports revised since; those not found become orphans.
    Reanchor(reanchor::Args),
    /// Train the recommender on a workspace's spans (gold, finished and unfinished reports) and save it.
    Train(train::Args),
    /// Measure a model's suggestions against a workspace's finished reports: precision, recall, F1.
    Evaluate(evaluate::Args),
    /// Replay a workspace report by report: the learning curve of the recommender and a string matcher.
    Simulate(simulate::Args),
}

/// What a command found, when it ran to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// All is well: exit 0.
    Clean,
    /// The command reported problems in its input: exit 1.
    ProblemsFound,
}

/// An error that is the caller's mistake (exit 2), as opposed to a problem in the data (exit 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Runs a subcommand and turns its result into the process's exit status.
pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Validate(args) => validate::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Merge(args) => merge::run(args),
        Command::MergeDriver(args) => merge_driver::run(args),
        Command::Agree(args) => agree::run(args),
        Command::Export(args) => export::run(args),
        Command::Import(args) => import::run(args),
        Command::Suggest(args) => suggest::run(args),
        Command::Figures(args) => figures::run(args),
        Command::Reanchor(args) => reanchor::run(args),
        Command::Train(args) => train::run(args),
        Command::Evaluate(args) => evaluate::run(args),
        Command::Simulate(args) => simulate::run(args),
    };
    let code = match result {
        Ok(Outcome::Clean) => 0,
        Ok(Outcome::ProblemsFound) => 1,
        Err(e) => {
            eprintln!("spantag: {}", output::describe(&e));
            if e.downcast_ref::<UsageError>().is_some() {
                2
            } else {
                1
            }
        }
    };
    // The work is done; output that could not be written (not a reader that went away) is a failure.
    if let Some(failure) = output::stdout_failure() {
        eprintln!("spantag: cannot write to standard output: {failure}");
        return ExitCode::from(code.max(1));
    }
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotator_is_an_option_of_the_workbench_not_of_subcommands() {
        let cli = Cli::try_parse_from(["spantag", "--annotator", "bob", "reports"]).unwrap();
        assert_eq!(cli.annotator.as_deref(), Some("bob"));
        assert_eq!(cli.path, Some(PathBuf::from("reports")));
        assert!(cli.command.is_none());
        // A subcommand's own --annotator is its own.
        let cli = Cli::try_parse_from([
            "spantag",
            "export",
            "--format",
            "csv",
            "--annotator",
            "bob",
            "ws",
        ])
        .unwrap();
        assert!(cli.annotator.is_none());
        assert!(matches!(cli.command, Some(Command::Export(_))));
        // The workbench's option with a subcommand is a usage mistake, not silently ignored.
        assert!(Cli::try_parse_from(["spantag", "--annotator", "bob", "stats", "ws"]).is_err());
    }
}
