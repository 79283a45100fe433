//! spantag: tag measures, figures and outcomes in Chinese policy reports, then merge, measure agreement and
//! export a corpus.
//!
//! The core (everything but [`ui`]) has no GUI dependency: with `--no-default-features` the crate builds as a
//! headless library and command line. Layers, lowest first: [`text`] and [`schema`]; [`model`]; the services
//! [`store`], [`edit`], [`boundary`], [`find`]; the faces [`cli`] and [`ui`], which never import each other.

pub mod adjudicate;
pub mod agree;
mod annotation_ron;
pub mod background;
pub mod boundary;
pub mod cli;
pub mod corpus;
pub mod doc_summaries;
pub mod edit;
pub mod figures;
pub mod find;
pub mod fold;
pub mod guidelines;
pub mod journal;
mod label_ids;
pub mod matching;
pub mod merge;
/// The three-way merge under its former path ([`merge::three_way`]).
pub use merge::three_way as merge3;
pub mod model;
pub mod names;
mod parallel;
pub mod plural;
pub mod progress;
pub mod reanchor;
pub mod recommend;
pub mod relation_agreement;
pub mod relation_suggestions;
pub mod relations;
pub mod samples;
pub mod schema;
pub mod search;
pub mod session;
pub mod standalone;
pub mod store;
pub mod suggestions;
pub mod team;
pub mod text;

#[cfg(feature = "gui")]
pub mod ui;
