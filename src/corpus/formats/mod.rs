//! The registry of corpus formats: one file a format beside this one, and one line a format below. Each file
//! defines a `SPEC` ([`FormatSpec`]: name, offset unit, file layout, its writer and reader); the line makes the
//! file a module and a [`Format`] value. The command line's `--format` (export and import), the app's export
//! dialog and the README's table all come from here.

use std::fmt;

use super::codec::{FormatSpec, Layout, Offsets, Reader, Writer};

/// Declares the format modules and [`Format`], one entry each: `Variant => module,`.
macro_rules! registry {
    ($($variant:ident => $module:ident,)+) => {
        $(mod $module;)+

        /// A corpus format spantag writes (and, for some, reads): one for each line of the registry.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Format {
            $(
                #[doc = concat!("The format of `corpus/formats/", stringify!($module), ".rs`.")]
                $variant,
            )+
        }

        impl Format {
            /// Every format, in the order the documentation lists them.
            pub const ALL: [Format; [$(stringify!($variant)),+].len()] = [$(Format::$variant),+];

            /// Everything the registry knows about the format.
            pub fn spec(self) -> &'static FormatSpec {
                match self {
                    $(Format::$variant => &$module::SPEC,)+
                }
            }
        }
    };
}

/// The CoNLL reader, beside the writer in `conll.rs`.
mod conll_reader;

registry! {
    Jsonl => jsonl,
    Doccano => doccano,
    Brat => brat,
    Conll => conll,
    LabelStudio => label_studio,
    Csv => csv,
}

impl Format {
    /// The name used on the command line and in messages.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The format with this name, if any.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// One line saying what the format is.
    pub fn summary(self) -> &'static str {
        self.spec().summary
    }

    /// How the format counts offsets.
    pub fn offsets(self) -> Offsets {
        self.spec().offsets
    }

    /// What an export is on disk.
    pub fn layout(self) -> Layout {
        self.spec().layout
    }

    /// Whether the export is a folder of files (brat) rather than one file.
    pub fn is_folder(self) -> bool {
        self.layout() == Layout::Folder
    }

    /// Whether the export is more than one file (and so cannot go to standard output).
    pub fn writes_several_files(self) -> bool {
        !matches!(self.layout(), Layout::File { .. })
    }

    /// Whether the offset unit can be chosen (`--offsets`).
    pub fn has_offset_choice(self) -> bool {
        self.offsets() == Offsets::Utf16OrCodePoints
    }

    /// Whether the format can be written with or without links between spans (`--relations` chooses): doccano,
    /// whose relation projects read another JSONL than its sequence-labeling ones.
    pub fn has_relations_choice(self) -> bool {
        self.offsets() == Offsets::Utf16OrCodePoints
    }

    /// Whether the format holds one layer of nested spans (`--layer` chooses which).
    pub fn has_layer_choice(self) -> bool {
        self.spec().one_layer
    }

    /// The file name extension of the single-file formats (what an export is usually called); empty for a
    /// folder.
    pub fn extension(self) -> &'static str {
        match self.layout() {
            Layout::File { extension } | Layout::FileWithConfig { extension, .. } => extension,
            Layout::Folder => "",
        }
    }

    /// Whether `spantag import` reads this format: CSV does not hold the whole text.
    pub fn can_import(self) -> bool {
        self.spec().reader.is_some()
    }

    /// The formats `spantag import` reads, in the documentation's order.
    pub fn importable() -> impl Iterator<Item = Format> {
        Format::ALL.into_iter().filter(|f| f.can_import())
    }

    /// The format's writer.
    pub(in crate::corpus) fn writer(self) -> &'static dyn Writer {
        self.spec().writer
    }

    /// The format's reader, where it has one.
    pub(in crate::corpus) fn reader(self) -> Option<&'static dyn Reader> {
        self.spec().reader
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cells of the README's corpus-format table (first column without backticks), row by row.
    fn readme_table() -> Vec<Vec<String>> {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
            .expect("read README.md");
        let section = readme
            .split("\n## Corpus formats\n")
            .nth(1)
            .expect("a Corpus formats section");
        let section = section.split("\n## ").next().unwrap_or(section);
        section
            .lines()
            .skip_while(|l| !l.starts_with("| Format |"))
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                l.trim_matches('|')
                    .split(" | ")
                    .map(|c| c.trim().trim_matches('`').to_owned())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn names_are_unique_and_found_again() {
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
            assert_eq!(format.to_string(), format.name());
        }
        assert_eq!(Format::from_name("xml"), None);
    }

    #[test]
    fn the_readme_table_is_the_registry() {
        let rows = readme_table();
        let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        let registry: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names, registry, "README table rows vs registry");
        for (row, format) in rows.iter().zip(Format::ALL) {
            let example = &row[1];
            assert!(
                example.contains(&format!("--format {} ", format.name())),
                "{format}: {example}"
            );
            let out = example
                .split("--out ")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
                .unwrap_or_default();
            match format.layout() {
                Layout::Folder => assert!(out.ends_with('/'), "{format}: {out}"),
                _ => assert!(
                    out.ends_with(&format!(".{}", format.extension())),
                    "{format}: {out}"
                ),
            }
            assert!(
                row[2].starts_with(format.offsets().describe()),
                "{format}: README says {:?}, the registry {:?}",
                row[2],
                format.offsets().describe()
            );
            if let Layout::FileWithConfig { config, .. } = format.layout() {
                for file in config {
                    assert!(
                        row[3].contains(file),
                        "{format}: {file} not in {:?}",
                        row[3]
                    );
                }
            }
        }
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
            .expect("read README.md");
        let importable: Vec<&str> = Format::importable().map(Format::name).collect();
        let import_line = format!("spantag import --format {} INPUT", importable.join("|"));
        assert!(
            readme.contains(&import_line),
            "README must show `{import_line}`"
        );
    }
}
