//! `spantag import --format doccano|brat|label-studio|jsonl INPUT --into WORKSPACE [--annotator NAME]`: brings
//! existing work in. Problems are printed one a line (`file:line: message`) and make the exit status 1; everything
//! valid is still imported (a bad span is left out of its document, the rest of the document is written).

use std::path::PathBuf;

use anyhow::Result;

use super::export::{Progress, StatusArg, cli_error};
use super::output::{eprintln, println};
use super::{Outcome, UsageError};
use crate::corpus::{self, Format, ImportOptions, OffsetUnit};

/// Arguments of `spantag import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The input: a file (a folder of .txt and .ann files for brat).
    pub input: PathBuf,
    /// The input's format: jsonl, doccano, brat or label-studio.
    #[arg(long, value_enum)]
    pub format: Format,
    /// The workspace to import into (created if it does not exist).
    #[arg(long)]
    pub into: PathBuf,
    /// Whose annotations the imported files become (required for brat, which records none, and for files
    /// that record none; overrides the annotator the input records).
    #[arg(long)]
    pub annotator: Option<String>,
    /// The status of every imported file (default: the one the input records, else todo).
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// doccano only: the offset unit of the input (default utf16, doccano's own).
    #[arg(long, value_enum)]
    pub offsets: Option<OffsetUnit>,
    /// Replace annotation files that already exist with other content (otherwise they are kept and reported).
    #[arg(long)]
    pub overwrite: bool,
}

/// Runs the command.
pub fn run(args: Args) -> Result<Outcome> {
    if !args.input.exists() {
        return Err(UsageError(format!("{}: no such file or folder", args.input.display())).into());
    }
    if let Some(name) = &args.annotator {
        crate::store::check_annotator(name).map_err(|e| UsageError(e.to_string()))?;
    }
    if args.offsets.is_some() && args.format != Format::Doccano {
        return Err(UsageError("--offsets is for --format doccano".into()).into());
    }
    let options = ImportOptions {
        format: args.format,
        offsets: args.offsets.unwrap_or_default(),
        annotator: args.annotator,
        status: args.status.map(Into::into),
        overwrite: args.overwrite,
    };
    let progress = Progress::new(0, "importing");
    let report = corpus::import(&args.input, &args.into, &options, &|done, total| {
        progress.set_total(total);
        progress.set(done);
    });
    progress.finish();
    let report = report.map_err(cli_error)?;
    for problem in &report.problems {
        println!("{problem}");
    }
    let summary = format!(
        "imported {} of {} document{} into {}: {} annotation file{} written, {} unchanged, {} text{} written, \
         {} span{}; {} problem{}",
        report.files_written + report.unchanged + report.texts_only,
        report.documents,
        plural(report.documents),
        args.into.display(),
        report.files_written,
        plural(report.files_written),
        report.unchanged,
        report.texts_written,
        plural(report.texts_written),
        report.spans,
        plural(report.spans),
        report.problems.len(),
        plural(report.problems.len()),
    );
    if report.problems.is_empty() {
        println!("{summary}");
        Ok(Outcome::Clean)
    } else {
        eprintln!("{summary}");
        Ok(Outcome::ProblemsFound)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
