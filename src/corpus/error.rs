//! Why a corpus could not be exported or imported at all (problems in single documents of an import are not
//! errors: they are reported in the [`super::ImportReport`]).

use std::path::PathBuf;

use crate::plural::count;
use crate::store::StoreError;

use super::formats::Format;
use super::types::InputError;

/// Why a corpus could not be exported or imported.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A file of the workspace could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Texts or annotation files of the workspace are unreadable or do not fit their text: nothing is exported
    /// until they are fixed (`spantag validate` says the same).
    #[error("{} cannot be exported:\n{}", count(.0.len(), "document"), join_lines(.0))]
    Unreadable(Vec<StoreError>),
    /// Several annotators and no `gold`: the user must say whose spans to export.
    #[error(
        "the workspace has several annotators ({}) and no `gold`: choose one with --annotator",
        .0.join(", ")
    )]
    AmbiguousAnnotator(Vec<String>),
    /// The named annotator has no folder in the workspace.
    #[error(
        "no annotations by {name:?} in this workspace (annotators: {})",
        list_or_none(known)
    )]
    UnknownAnnotator {
        /// The name asked for.
        name: String,
        /// The annotators the workspace has.
        known: Vec<String>,
    },
    /// A `--labels` entry the schema does not declare.
    #[error("label {label:?} is not in the workspace's schema (labels: {})", known.join(", "))]
    UnknownLabel {
        /// The label asked for.
        label: String,
        /// The schema's labels.
        known: Vec<String>,
    },
    /// The format holds too little to be imported.
    #[error(
        "{0} cannot be imported: it does not hold the whole text (import {list})",
        list = importable_list()
    )]
    NotImportable(Format),
    /// The format records no annotator, and none was given.
    #[error("{0} files do not record an annotator: name one with --annotator")]
    NoAnnotator(Format),
    /// The export folder exists and holds files, which an export must not replace.
    #[error(
        "{}: the folder exists and is not empty; a {format} export writes a new folder and never replaces files \
         (which may hold edits made in {format}): choose another --out or remove it",
        path.display()
    )]
    OutputNotEmpty {
        /// The folder.
        path: PathBuf,
        /// The format being written.
        format: Format,
    },
    /// The export would be written inside the workspace it reads.
    #[error(
        "{}: inside the workspace being exported ({}), where it could become or replace a report: choose \
         an --out outside it",
        path.display(),
        workspace.display()
    )]
    OutputInWorkspace {
        /// The output asked for.
        path: PathBuf,
        /// The workspace.
        workspace: PathBuf,
    },
    /// The input to import could not be read at all.
    #[error(transparent)]
    Input(#[from] InputError),
}

impl CorpusError {
    /// Whether the error is the caller's choice of arguments (exit 2) rather than a problem in the data (exit 1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            CorpusError::AmbiguousAnnotator(_)
                | CorpusError::UnknownAnnotator { .. }
                | CorpusError::UnknownLabel { .. }
                | CorpusError::NotImportable(_)
                | CorpusError::NoAnnotator(_)
                | CorpusError::OutputNotEmpty { .. }
                | CorpusError::OutputInWorkspace { .. }
        )
    }
}

/// "jsonl, doccano, brat, conll or label-studio": the formats import reads, from the registry.
fn importable_list() -> String {
    let names: Vec<&str> = Format::importable().map(Format::name).collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn join_lines(errors: &[StoreError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn list_or_none(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_importable_names_the_importable_formats() {
        let message = CorpusError::NotImportable(Format::Csv).to_string();
        assert_eq!(
            message,
            "csv cannot be imported: it does not hold the whole text (import jsonl, doccano, brat, conll or \
             label-studio)"
        );
    }
}
