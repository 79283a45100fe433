//! `spantag export --format FMT [--out PATH] [--annotator NAME] [--status S,..] [--labels L,..] WORKSPACE`:
//! writes the workspace's annotations as a corpus (see [`crate::corpus`] for the formats).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::choice::Choices;
use super::output::eprintln;
use super::{Outcome, UsageError};
use crate::corpus::{
    self, CorpusError, ExportOptions, Format, Layer, OffsetUnit, Selection, output,
};
use crate::model::Status;
use crate::plural::count;
use crate::store::Workspace;

/// Arguments of `spantag export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The workspace folder.
    pub workspace: PathBuf,
    /// The corpus format.
    #[arg(long, value_parser = Choices::<Format>::all())]
    pub format: Format,
    /// Where to write: a file (a folder for brat, which must be new or empty), outside the workspace. A symlink
    /// is followed and its target replaced; a FIFO or device is written into. Without it, or with `-`, the
    /// corpus goes to standard output (not for brat and label-studio, which write several files).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Whose annotations to export (default: `gold` where it exists, otherwise the only annotator).
    #[arg(long)]
    pub annotator: Option<String>,
    /// Export only documents with these statuses (comma-separated); documents without a file count as todo.
    #[arg(long, value_parser = Choices::<Status>::all(), value_delimiter = ',')]
    pub status: Vec<Status>,
    /// Export only spans with these labels (comma-separated); for conll, one label's layer.
    #[arg(long, value_delimiter = ',')]
    pub labels: Vec<String>,
    /// doccano only: the offset unit (default utf16, doccano's own; codepoint for slicing in Python).
    #[arg(long, value_parser = Choices::<OffsetUnit>::all())]
    pub offsets: Option<OffsetUnit>,
    /// conll only: which spans to keep where they nest (default outer: the longest wins).
    #[arg(long, value_parser = Choices::<Layer>::all())]
    pub layer: Option<Layer>,
    /// doccano only: write doccano's relation JSONL (`entities` with ids, and `relations`) for a relation
    /// extraction project; without it links between spans are left out (and counted).
    #[arg(long)]
    pub relations: bool,
}

/// The usage error for an option given with a format it is not for: "--offsets is for --format doccano".
pub(crate) fn only_for(option: &str, takes_it: fn(Format) -> bool) -> anyhow::Error {
    let formats: Vec<&str> = Format::ALL
        .into_iter()
        .filter(|f| takes_it(*f))
        .map(Format::name)
        .collect();
    UsageError(format!("{option} is for --format {}", formats.join("|"))).into()
}

/// Turns a corpus error into the command line's error: the caller's mistakes exit 2.
pub(crate) fn cli_error(e: CorpusError) -> anyhow::Error {
    if e.is_usage() {
        UsageError(e.to_string()).into()
    } else {
        e.into()
    }
}

/// Runs the command.
pub fn run(args: Args) -> Result<Outcome> {
    if !args.workspace.is_dir() {
        return Err(UsageError(format!("{}: not a folder", args.workspace.display())).into());
    }
    let format = args.format;
    // `--out -` is standard output, as for most tools.
    let out = args.out.filter(|out| out.as_os_str() != "-");
    if args.offsets.is_some() && !format.has_offset_choice() {
        return Err(only_for("--offsets", Format::has_offset_choice));
    }
    if args.relations && !format.has_relations_choice() {
        return Err(only_for("--relations", Format::has_relations_choice));
    }
    if args.layer.is_some() && !format.has_layer_choice() {
        return Err(only_for("--layer", Format::has_layer_choice));
    }
    if out.is_none() && format.writes_several_files() {
        return Err(UsageError(format!(
            "{format} writes several files: name the output with --out"
        ))
        .into());
    }
    if let Some(out) = &out {
        output::check_outside(&args.workspace, out).map_err(cli_error)?;
    }
    let workspace = Workspace::open(&args.workspace).context("cannot open the workspace")?;
    let selection = Selection::resolve(
        &workspace,
        args.annotator.as_deref(),
        args.status,
        args.labels,
    )
    .map_err(cli_error)?;
    let options = ExportOptions {
        format,
        offsets: args.offsets.unwrap_or_default(),
        layer: args.layer.unwrap_or_default(),
        relations: args.relations,
    };

    let progress = Progress::new(workspace.documents().len(), "exporting");
    let exported = corpus::export(&workspace, &selection, &options, &|done| progress.set(done));
    let exported = match exported {
        Ok(exported) => exported,
        Err(e) => {
            progress.finish();
            return Err(cli_error(e));
        }
    };
    progress.message("writing");
    let written = match &out {
        Some(out) => output::write_export(&exported, format, out)
            .map_err(cli_error)
            .map(|()| out.display().to_string()),
        None => write_stdout(exported.main.pieces()).map(|()| "standard output".to_owned()),
    };
    progress.finish();
    let written = written?;

    let summary = &exported.summary;
    let whose = match &selection.annotator {
        Some(name) => format!("annotations by {name}"),
        None => "no annotator yet: texts without spans".to_owned(),
    };
    eprintln!(
        "exported {} and {} ({whose}) as {format} to {written}",
        count(summary.documents, "document"),
        count(summary.spans, "span"),
    );
    if let Some(out) = &out {
        for file in exported.files.iter().filter(|_| !format.is_folder()) {
            eprintln!(
                "wrote {}",
                output::side_file_path(out, &file.path).display()
            );
        }
    }
    if out.is_none() && summary.relations > 0 && !exported.files.is_empty() {
        eprintln!(
            "{} not written: standard output holds the main table only; name the output with --out to get \
             the relations file beside it",
            count(summary.relations, "relation")
        );
    }
    for (what, n) in &summary.left_out {
        eprintln!("{}", what.describe(format.name(), *n));
    }
    if let Some(warning) = summary.conflicts_warning() {
        eprintln!("{warning}");
    }
    Ok(Outcome::Clean)
}

/// Writes the corpus to standard output; a reader that stops early (`| head`) is not an error.
fn write_stdout<'a>(pieces: impl IntoIterator<Item = &'a [u8]>) -> Result<()> {
    let mut stdout = io::stdout().lock();
    let written = pieces
        .into_iter()
        .try_for_each(|piece| stdout.write_all(piece))
        .and_then(|()| stdout.flush());
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}

/// A progress bar on standard error that appears only on a terminal and only once the work has taken a second.
pub(crate) struct Progress {
    bar: ProgressBar,
    started: Instant,
    visible: AtomicBool,
}

impl Progress {
    /// A hidden bar for `total` documents.
    pub(crate) fn new(total: usize, what: &'static str) -> Self {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
        if let Ok(style) =
            ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} documents ({eta})")
        {
            bar.set_style(style);
        }
        bar.set_message(what);
        Progress {
            bar,
            started: Instant::now(),
            visible: AtomicBool::new(false),
        }
    }

    /// Records how many documents are done (from any thread).
    pub(crate) fn set(&self, done: usize) {
        self.reveal_if_slow();
        self.bar.set_position(done as u64);
    }

    /// Sets how many documents there are, once the input has been read.
    pub(crate) fn set_total(&self, total: usize) {
        self.bar.set_length(total as u64);
    }

    /// Changes the words before the bar.
    pub(crate) fn message(&self, what: &'static str) {
        self.reveal_if_slow();
        self.bar.set_message(what);
    }

    fn reveal_if_slow(&self) {
        if !self.visible.load(Ordering::Relaxed)
            && self.started.elapsed() >= Duration::from_secs(1)
            && io::stderr().is_terminal()
            && !self.visible.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Removes the bar.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
