//! What a format file provides: its [`FormatSpec`] (name, offset unit, file layout) with a [`Writer`] and, where
//! the format holds enough to be read back, a [`Reader`]. The registry (`formats/mod.rs`) lists one spec per
//! format; the export and import pipelines only ever go through these traits, so adding a format touches no
//! `match`.

use std::path::Path;

use crate::schema::Schema;

use super::types::{ExportDoc, ExportFile, InputError, Output, Parsed, ReadSettings, Settings};

/// Writes documents in one format. Documents are written in runs on several threads, each into its own
/// [`Output`]; [`Writer::begin`] and [`Writer::end`] open and close the whole main file.
pub(super) trait Writer: Sync {
    /// What opens the main file (a header row, the `[` of a JSON list).
    fn begin(&self, _main: &mut Vec<u8>) {}

    /// Appends one document.
    fn write_document(&self, doc: &ExportDoc, settings: &Settings, out: &mut Output);

    /// What closes the main file.
    fn end(&self, _main: &mut Vec<u8>) {}

    /// The configuration files the format's consumer needs beside the data.
    fn side_files(&self, _schema: &Schema) -> Vec<ExportFile> {
        Vec::new()
    }

    /// About how many bytes the main file takes for `text_bytes` of report text, at most: room reserved up
    /// front. The JSON formats and CSV hold the text once plus their spans.
    fn expected_size(&self, text_bytes: usize) -> usize {
        text_bytes * 5 / 2
    }
}

/// Reads a format's input into documents with code point spans (converting offsets at this edge).
pub(super) trait Reader: Sync {
    /// Reads `input` (a file, or a folder for folder formats). What is wrong with one document or span goes
    /// into `parsed`'s problems; the error is for input that cannot be read at all.
    fn read(
        &self,
        input: &Path,
        settings: &ReadSettings,
        parsed: &mut Parsed,
    ) -> Result<(), InputError>;

    /// Whether the format records who annotated a document (brat does not: the import needs `--annotator`).
    fn records_annotator(&self) -> bool {
        true
    }
}

/// How a format counts offsets, as the README's table says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offsets {
    /// Unicode code points, as Python's `str` indices.
    CodePoints,
    /// UTF-16 code units by default (JavaScript's indices), code points on request (`--offsets codepoint`).
    Utf16OrCodePoints,
    /// No offsets at all (one character a line).
    None,
}

impl Offsets {
    /// The words the README's table starts the format's offset column with.
    pub fn describe(self) -> &'static str {
        match self {
            Offsets::CodePoints => "code points",
            Offsets::Utf16OrCodePoints => "UTF-16 code units",
            Offsets::None => "none",
        }
    }
}

/// What an export in a format is on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One file, which may also go to standard output.
    File {
        /// Its usual extension, without the dot.
        extension: &'static str,
    },
    /// One file plus configuration files beside it (so it needs a path).
    FileWithConfig {
        /// The main file's usual extension, without the dot.
        extension: &'static str,
        /// The configuration files written beside it.
        config: &'static [&'static str],
    },
    /// A folder of files (which must be new or empty).
    Folder,
}

/// One line of the registry: everything spantag knows about a format.
pub struct FormatSpec {
    /// The name on the command line, in the app and in messages.
    pub name: &'static str,
    /// One line for `--help` and the export dialog.
    pub summary: &'static str,
    /// How offsets are counted.
    pub offsets: Offsets,
    /// What the export is on disk.
    pub layout: Layout,
    /// Whether the format holds one layer of nested spans (`--layer` chooses which).
    pub one_layer: bool,
    /// Writes the format.
    pub(super) writer: &'static dyn Writer,
    /// Reads it back, where the format holds the whole text.
    pub(super) reader: Option<&'static dyn Reader>,
}
