//! The labeled corpus: exporting a workspace's annotations to the formats NLP tools read (jsonl, doccano, brat,
//! CoNLL, Label Studio, CSV) and importing existing work from them.
//!
//! Every offset inside spantag is a code point offset. Each format converts at its own edge, in its own file
//! under `formats/`: doccano counts UTF-16 code units unless asked for code points; the others count code points,
//! as Python does. The registry (`formats/mod.rs`, one line a format) turns each file's spec into a [`Format`].
//! The export pipeline ([`export()`]) reads each text once, checks its annotation file against it and hands both
//! to the format's writer; [`output`] puts the result on disk atomically. [`import()`] hands the input to the
//! format's reader, checks every span against its text and writes texts and annotation files into a workspace,
//! reporting (never dropping silently) what it could not take.
//!
//! Files depend in one direction only: `types` (the shared records) and `codec` (the `Writer` and `Reader`
//! traits) below the format files, the registry above them, then `error`, `select`, the two pipelines and
//! `output`.

mod codec;
mod error;
mod export;
mod formats;
mod import;
pub mod output;
mod select;
mod types;

pub use codec::{FormatSpec, Layout, Offsets};
pub use error::CorpusError;
pub use export::{ExportOptions, Exported, MainFile, export};
pub use formats::Format;
pub use import::{ImportOptions, ImportReport, import};
pub use select::Selection;
pub use types::{
    ExportDoc, ExportFile, ExportSummary, ImportProblem, InputError, Layer, LeftOut, Location,
    OffsetUnit, parse_status,
};
