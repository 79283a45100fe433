//! The sample reports bundled into the binary, so a person who installs spantag and starts it with no workspace
//! lands in real reports, ready to annotate, with saving working.

use std::path::{Path, PathBuf};

use crate::store::{StoreError, atomic_write};

/// The bundled reports: file name and exact bytes (the same as `samples/` in the source tree).
pub const SAMPLES: [(&str, &str); 5] = [
    (
        "000_fbee6a6195c1ab1b.txt",
        include_str!("../samples/000_fbee6a6195c1ab1b.txt"),
    ),
    (
        "001_02c3d19073bbefd4.txt",
        include_str!("../samples/001_02c3d19073bbefd4.txt"),
    ),
    (
        "002_ddd9ad0abfbb56fa.txt",
        include_str!("../samples/002_ddd9ad0abfbb56fa.txt"),
    ),
    (
        "003_6ecbe63cebf47b9b.txt",
        include_str!("../samples/003_6ecbe63cebf47b9b.txt"),
    ),
    (
        "004_a3e95d40bf8703e6.txt",
        include_str!("../samples/004_a3e95d40bf8703e6.txt"),
    ),
];

/// The folder in the user's data directory that holds the default workspace, if the platform has one.
pub fn default_workspace_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "spantag", "spantag")
        .map(|d| d.data_dir().join("samples"))
}

/// Writes the bundled samples into `dir` where they are missing (never overwriting anything there) and returns
/// the folder, ready to open as a workspace.
pub fn install_samples(dir: &Path) -> Result<PathBuf, StoreError> {
    for (name, text) in SAMPLES {
        let path = dir.join(name);
        if !path.exists() {
            atomic_write(&path, text.as_bytes())?;
        }
    }
    Ok(dir.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installs_without_overwriting() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join(SAMPLES[0].0);
        std::fs::write(&first, "kept").unwrap();
        install_samples(dir.path()).unwrap();
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "kept");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(SAMPLES[1].0)).unwrap(),
            SAMPLES[1].1
        );
    }
}
