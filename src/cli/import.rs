//! `spantag import --format jsonl|doccano|brat|conll|label-studio INPUT --into WORKSPACE [--annotator NAME]`:
//! brings existing work in. Problems are printed one a line (`file:line: message`) and make the exit status 1;
//! everything valid is still imported (a bad span is left out of its document, the rest of the document is
//! written). A workspace without `spantag.ron` gets one declaring the labels found, and the command says so.

use std::path::PathBuf;

use anyhow::Result;

use super::choice::Choices;
use super::export::{Progress, cli_error, only_for};
use super::output::{eprintln, println};
use super::{Outcome, UsageError};
use crate::corpus::{self, Format, ImportOptions, OffsetUnit};
use crate::model::Status;
use crate::plural::count;

/// Arguments of `spantag import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The input: a file (a folder of .txt and .ann files for brat).
    pub input: PathBuf,
    /// The input's format (the formats that hold the whole text; the others are refused with the reason).
    #[arg(long, value_parser = Choices::<Format>::listing(Format::can_import))]
    pub format: Format,
    /// The workspace to import into (created if it does not exist).
    #[arg(long)]
    pub into: PathBuf,
    /// Whose annotations the imported files become (required for brat, which records none, and for files
    /// that record none; overrides the annotator the input records).
    #[arg(long)]
    pub annotator: Option<String>,
    /// The status of every imported file (default: the one the input records, else todo).
    #[arg(long, value_parser = Choices::<Status>::all())]
    pub status: Option<Status>,
    /// doccano only: the offset unit of the input (default utf16, doccano's own).
    #[arg(long, value_parser = Choices::<OffsetUnit>::all())]
    pub offsets: Option<OffsetUnit>,
    /// Replace annotation files that already exist with other content (otherwise they are kept and reported).
    #[arg(long)]
    pub overwrite: bool,
    /// conll only: start a new document after every N sentences, as well as at each -DOCSTART- line. The default,
    /// 0, splits at -DOCSTART- only, so a file without it (MSRA) is one report; 100 to 500 make reports of a few
    /// pages to annotate.
    #[arg(long, value_name = "N")]
    pub sentences_per_doc: Option<usize>,
}

/// Runs the command.
pub fn run(args: Args) -> Result<Outcome> {
    if !args.input.exists() {
        return Err(UsageError(format!("{}: no such file or folder", args.input.display())).into());
    }
    if let Some(name) = &args.annotator {
        crate::store::check_annotator(name).map_err(|e| UsageError(e.to_string()))?;
    }
    if args.offsets.is_some() && !args.format.has_offset_choice() {
        return Err(only_for("--offsets", Format::has_offset_choice));
    }
    if args.sentences_per_doc.is_some() && args.format != Format::Conll {
        return Err(only_for("--sentences-per-doc", |f| f == Format::Conll));
    }
    let options = ImportOptions {
        format: args.format,
        offsets: args.offsets.unwrap_or_default(),
        annotator: args.annotator,
        status: args.status,
        overwrite: args.overwrite,
        sentences_per_doc: args.sentences_per_doc.unwrap_or(0),
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
    if !report.declared.is_empty() {
        println!(
            "wrote {} declaring {}: {}",
            args.into.join(crate::store::CONFIG_FILE).display(),
            count(report.declared.len(), "label"),
            report.declared.join(", ")
        );
    }
    let summary = format!(
        "imported {} of {} into {}: {} written, {} unchanged, {} written, {}; {}",
        report.files_written + report.unchanged + report.texts_only,
        count(report.documents, "document"),
        args.into.display(),
        count(report.files_written, "annotation file"),
        report.unchanged,
        count(report.texts_written, "text"),
        count(report.spans, "span"),
        count(report.problems.len(), "problem"),
    );
    if report.problems.is_empty() {
        println!("{summary}");
        Ok(Outcome::Clean)
    } else {
        eprintln!("{summary}");
        Ok(Outcome::ProblemsFound)
    }
}
