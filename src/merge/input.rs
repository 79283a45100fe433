//! What every merge reads and how it fails: the input files with the names messages give them, and the checks
//! that they annotate one text and come from distinct annotators.

use crate::model::{AnnotationFile, DocRef};
use crate::names::NameError;

/// One file to merge and the name to use for it in messages (usually its path).
#[derive(Debug, Clone, Copy)]
pub struct MergeInput<'a> {
    /// Where the file came from, for error messages.
    pub source: &'a str,
    /// The annotations.
    pub file: &'a AnnotationFile,
}

impl<'a> MergeInput<'a> {
    /// Inputs for files already in memory, each named in messages by its annotator (the team loader, the
    /// adjudication view and tests have no paths to name them by).
    pub fn by_annotator(files: &'a [AnnotationFile]) -> Vec<MergeInput<'a>> {
        files
            .iter()
            .map(|file| MergeInput {
                source: &file.annotator,
                file,
            })
            .collect()
    }
}

/// Why files could not be merged; each message names the files concerned.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// No input at all.
    #[error("nothing to merge: no annotation files were given")]
    NoInputs,
    /// Two inputs annotate different texts (or different versions of a text).
    #[error(
        "{first} and {second} annotate different texts: {first} annotates {first_doc}, {second} annotates {second_doc}"
    )]
    DifferentTexts {
        /// The first file.
        first: String,
        /// The file that differs from it.
        second: String,
        /// What the first file annotates.
        first_doc: String,
        /// What the second file annotates.
        second_doc: String,
    },
    /// Two inputs are by the same annotator, so one person would vote twice.
    #[error(
        "{first} and {second} are both by annotator {annotator:?}: give each annotator's file once"
    )]
    SameAnnotator {
        /// The annotator's name.
        annotator: String,
        /// The first file.
        first: String,
        /// The second file.
        second: String,
    },
    /// `--min-votes 0` would keep spans nobody made.
    #[error("the minimum number of votes must be at least 1")]
    ZeroMinVotes,
    /// The result's annotator name cannot be a folder name.
    #[error(transparent)]
    BadAnnotator(#[from] NameError),
}

/// Describes which text a file annotates, for messages.
pub fn describe_document(doc: &DocRef) -> String {
    format!(
        "{:?} ({} characters, sha256 {})",
        doc.file,
        doc.chars,
        doc.sha256.get(..12).unwrap_or(&doc.sha256)
    )
}

/// Checks that every input annotates the same text as the first one.
pub fn check_same_text(inputs: &[MergeInput]) -> Result<(), MergeError> {
    let Some(first) = inputs.first() else {
        return Err(MergeError::NoInputs);
    };
    for other in &inputs[1..] {
        let (a, b) = (&first.file.document, &other.file.document);
        if !a.same_text(b) {
            return Err(MergeError::DifferentTexts {
                first: first.source.to_owned(),
                second: other.source.to_owned(),
                first_doc: describe_document(a),
                second_doc: describe_document(b),
            });
        }
    }
    Ok(())
}

/// Checks that no annotator gives two files (one person would vote twice).
pub(super) fn check_distinct_annotators(inputs: &[MergeInput]) -> Result<(), MergeError> {
    let mut sorted: Vec<&MergeInput> = inputs.iter().collect();
    sorted.sort_by(|a, b| (&a.file.annotator, a.source).cmp(&(&b.file.annotator, b.source)));
    for pair in sorted.windows(2) {
        if pair[0].file.annotator == pair[1].file.annotator {
            return Err(MergeError::SameAnnotator {
                annotator: pair[0].file.annotator.clone(),
                first: pair[0].source.to_owned(),
                second: pair[1].source.to_owned(),
            });
        }
    }
    Ok(())
}
