//! A trained recommender on disk: a short header (magic bytes and the format version) and the model in
//! `postcard`'s compact binary form, saved atomically. A file of another version, or not a model at all, is
//! refused with the file's name and the reason; the workspace's copy is only a cache
//! ([`cache_path`]) and is rebuilt from the annotation files whenever it cannot be used.

use std::fs;
use std::path::{Path, PathBuf};

use super::recommender::Recommender;
use crate::store::{StoreError, Workspace, atomic_write};

/// The first bytes of every model file.
const MAGIC: &[u8; 8] = b"SPTGMDL\n";
/// The model format's version: a file of another is refused and, as a workspace's cache, rebuilt.
pub const MODEL_VERSION: u32 = 1;
/// The workspace folder that holds caches (hidden: never listed as reports, never exported).
pub const CACHE_DIR: &str = ".spantag";

/// Why a model file cannot be used; each message names the file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file does not start like a model file.
    #[error("{}: not a spantag model file", path.display())]
    NotAModel {
        /// The file.
        path: PathBuf,
    },
    /// The file is a model of another format version.
    #[error("{}: model format version {found}, this spantag reads version {expected}: train it again", path.display())]
    Version {
        /// The file.
        path: PathBuf,
        /// The file's version.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// The model's content is damaged.
    #[error("{}: damaged model file: {message}", path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What the decoder said.
        message: String,
    },
}

/// Writes a model atomically.
pub fn save(path: &Path, model: &Recommender) -> Result<(), ModelError> {
    let body = postcard::to_stdvec(model).map_err(|e| ModelError::Damaged {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    let mut bytes = Vec::with_capacity(body.len() + 12);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&MODEL_VERSION.to_le_bytes());
    bytes.extend_from_slice(&body);
    atomic_write(path, &bytes)?;
    Ok(())
}

/// Reads a model.
pub fn load(path: &Path) -> Result<Recommender, ModelError> {
    let bytes = fs::read(path).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        action: "cannot read",
        source,
    })?;
    let Some(rest) = bytes.strip_prefix(MAGIC.as_slice()) else {
        return Err(ModelError::NotAModel {
            path: path.to_owned(),
        });
    };
    let (version, body) = rest
        .split_at_checked(4)
        .ok_or_else(|| ModelError::NotAModel {
            path: path.to_owned(),
        })?;
    let found = u32::from_le_bytes([version[0], version[1], version[2], version[3]]);
    if found != MODEL_VERSION {
        return Err(ModelError::Version {
            path: path.to_owned(),
            found,
            expected: MODEL_VERSION,
        });
    }
    postcard::from_bytes(body).map_err(|e| ModelError::Damaged {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

/// Where a workspace keeps its cached model for an annotator (`team` for every analyst's work):
/// `.spantag/models/<annotator>.model`.
pub fn cache_path(workspace: &Workspace, annotator: Option<&str>) -> PathBuf {
    workspace
        .root()
        .join(CACHE_DIR)
        .join("models")
        .join(format!("{}.model", annotator.unwrap_or("team")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::Table;
    use crate::model::{SmallText, SpanKey};
    use crate::recommend::{Layers, TrainOptions, TrainingDoc, TrainingSet};
    use crate::text::ReportText;

    fn model() -> Recommender {
        let text = ReportText::new("𠮷县新建了养殖合作社。");
        let set = TrainingSet {
            docs: vec![TrainingDoc {
                name: "a.txt".into(),
                text,
                spans: vec![SpanKey {
                    start: 2,
                    end: 10,
                    label: "Measure".into(),
                }],
                rejected: Vec::new(),
                complete: true,
                annotator: "gold".into(),
            }],
            problems: Vec::new(),
        };
        Recommender::train(
            &set,
            &[SmallText::from("Measure")],
            TrainOptions::default(),
            &Table::builtin(),
        )
    }

    #[test]
    fn a_model_round_trips_through_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.model");
        let m = model();
        save(&path, &m).unwrap();
        let back = load(&path).unwrap();
        let table = Table::builtin();
        let text = ReportText::new("该县新建了养殖合作社");
        let suggest = |r: &Recommender| -> Vec<(usize, usize, String, u32)> {
            r.suggest(&text, &table, Layers::default())
                .into_iter()
                .map(|s| (s.start, s.end, s.label.to_string(), s.score.to_bits()))
                .collect()
        };
        assert!(!suggest(&m).is_empty());
        assert_eq!(suggest(&back), suggest(&m));
        assert_eq!(back.fingerprint(), m.fingerprint());
        assert_eq!(back.learned(), m.learned());
    }

    #[test]
    fn bad_files_are_refused_with_their_name_and_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.model");
        save(&path, &model()).unwrap();
        let good = fs::read(&path).unwrap();

        fs::write(&path, b"(version: 1)").unwrap();
        let e = load(&path).unwrap_err().to_string();
        assert!(
            e.contains("m.model") && e.contains("not a spantag model"),
            "{e}"
        );

        let mut other = good.clone();
        other[8] = 99;
        fs::write(&path, &other).unwrap();
        let e = load(&path).unwrap_err().to_string();
        assert!(e.contains("version 99"), "{e}");

        fs::write(&path, &good[..good.len() / 2]).unwrap();
        let e = load(&path).unwrap_err().to_string();
        assert!(e.contains("damaged model file"), "{e}");

        let e = load(&dir.path().join("none.model"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("none.model"), "{e}");
    }
}
