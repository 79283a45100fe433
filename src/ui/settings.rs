//! What the workbench remembers between runs (through eframe's persistence): the last workspace and report,
//! recent workspaces, the analyst's name, and view preferences. Runtime state lives in `App`, not here.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Persisted preferences and places.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The workspace open when the app last closed.
    pub last_workspace: Option<PathBuf>,
    /// The report open when the app last closed (relative to the workspace).
    pub last_document: Option<String>,
    /// Recently opened workspaces, newest first.
    pub recent: Vec<PathBuf>,
    /// The analyst's name: their files live in `annotations/<annotator>/`.
    pub annotator: String,
    /// Dark theme.
    pub dark: bool,
    /// Report text size in points.
    pub font_size: f32,
    /// Trim whitespace and punctuation from new spans.
    pub trim_boundaries: bool,
}

/// The analyst name to use when none was chosen: `SPANTAG_ANNOTATOR`, else the login name, else `analyst`.
pub fn default_annotator() -> String {
    ["SPANTAG_ANNOTATOR", "USER", "USERNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|name| crate::store::check_annotator(name).is_ok() && name != "root")
        .unwrap_or_else(|| "analyst".to_owned())
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            last_workspace: None,
            last_document: None,
            recent: Vec::new(),
            annotator: default_annotator(),
            dark: false,
            font_size: 18.0,
            trim_boundaries: true,
        }
    }
}

impl Settings {
    /// Records a workspace as the newest recent one (at most ten are kept).
    pub fn remember(&mut self, workspace: PathBuf) {
        self.recent.retain(|p| p != &workspace);
        self.recent.insert(0, workspace.clone());
        self.recent.truncate(10);
        self.last_workspace = Some(workspace);
    }
}
