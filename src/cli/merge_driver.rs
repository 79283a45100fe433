//! `spantag merge-driver BASE OURS THEIRS [PATH]`: git's custom merge driver for annotation files. Merges by
//! spans (see [`crate::merge::three_way`]), writes the result to OURS as git expects, and exits 1 when it recorded
//! conflicts in the file (which stays loadable) so that git stops for adjudication. Install it with
//! `.gitattributes` (`annotations/**/*.ron merge=spantag`) and
//! `git config merge.spantag.driver "spantag merge-driver %O %A %B %P"`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::Outcome;
use super::output::eprintln;
use crate::merge::MergeInput;
use crate::merge::three_way::merge3;
use crate::model::AnnotationFile;
use crate::plural::count;
use crate::store;

/// Arguments of `spantag merge-driver`, in git's order (`%O %A %B %P`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The common ancestor's version (empty when the file is new on both branches).
    pub base: PathBuf,
    /// Our version; the merge result is written here.
    pub ours: PathBuf,
    /// Their version.
    pub theirs: PathBuf,
    /// The file's path in the repository, for messages.
    pub path: Option<String>,
}

/// Runs the command.
pub fn run(args: Args) -> Result<Outcome> {
    let name = args
        .path
        .clone()
        .unwrap_or_else(|| args.ours.display().to_string());
    let context =
        || format!("cannot merge {name} by spans; the file is left as it was on our side");
    let base = read_base(&args.base).with_context(context)?;
    let ours = store::read_annotation_file(&args.ours).with_context(context)?;
    let theirs = store::read_annotation_file(&args.theirs).with_context(context)?;
    let base_name = format!("{name} (base)");
    let ours_name = format!("{name} (ours)");
    let theirs_name = format!("{name} (theirs)");
    let merged = merge3(
        base.as_ref().map(|file| MergeInput {
            source: &base_name,
            file,
        }),
        MergeInput {
            source: &ours_name,
            file: &ours,
        },
        MergeInput {
            source: &theirs_name,
            file: &theirs,
        },
    )
    .with_context(context)?;
    store::write_annotation_file(&args.ours, &merged.file).with_context(context)?;
    if merged.new_conflicts.is_empty() && merged.new_relation_conflicts.is_empty() {
        return Ok(Outcome::Clean);
    }
    eprintln!(
        "spantag: {name}: {} recorded in the file for adjudication:",
        count(
            merged.new_conflicts.len() + merged.new_relation_conflicts.len(),
            "conflict"
        )
    );
    for c in &merged.new_conflicts {
        eprintln!("  {:?} conflict at {}..{}", c.kind, c.start, c.end);
    }
    for c in &merged.new_relation_conflicts {
        eprintln!(
            "  {:?} conflict about the link {}..{} {} -> {}..{} {}",
            c.kind, c.from.start, c.from.end, c.from.label, c.to.start, c.to.end, c.to.label
        );
    }
    Ok(Outcome::ProblemsFound)
}

/// The base version, or `None` when git gives an empty file (the file was added on both branches).
fn read_base(path: &Path) -> Result<Option<AnnotationFile>> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    Ok(Some(store::read_annotation_file(path)?))
}
