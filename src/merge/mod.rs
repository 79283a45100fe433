//! Merging annotation files of one report. Two merges share the inputs, checks and note combining
//! ([`input`], [`notes`]): the n-way merge of several analysts' files into the gold standard's starting point
//! ([`nway`], voting in [`votes`]), and the three-way merge of one file edited on two git branches
//! ([`three_way`], git's merge driver); both merge links between spans through [`relations`]. Each conflict records which of the two found it
//! ([`crate::model::ConflictOrigin`]). The files import only downwards: `input` and `notes` import no other
//! merge file, `votes` imports those two, `nway` and `three_way` import the ones below them, and this file
//! only re-exports.

pub mod input;
pub mod notes;
pub mod nway;
mod relations;
pub mod three_way;
mod votes;

pub use input::{MergeError, MergeInput, check_same_text, describe_document};
pub use notes::{NOTE_SEPARATOR, combine_notes};
pub use nway::{Analysis, MergeOptions, Strategy, analyze, is_merged, merge};
