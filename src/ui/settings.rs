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
    /// The analyst's name: their files live in `annotations/<annotator>/`. Empty until the analyst gives one
    /// (the app asks on first start).
    pub annotator: String,
    /// Dark theme.
    pub dark: bool,
    /// Report text size in points.
    pub font_size: f32,
    /// Trim whitespace and punctuation from new spans.
    pub trim_boundaries: bool,
    /// Show the engine's suggestions (dashed outlines) in the report.
    pub show_suggestions: bool,
    /// Write each span's label in a small tag at its start.
    pub label_tags: bool,
    /// Let the report's lines run as wide as the view (else at most about 45 characters).
    pub full_width_text: bool,
    /// The score a suggestion of each label needs to be shown, by label name; labels not listed use
    /// [`crate::recommend::DEFAULT_THRESHOLD`].
    pub suggestion_thresholds: std::collections::BTreeMap<String, f32>,
    /// Draw the links of every span on screen (else only those of the selected span).
    pub all_relations: bool,
}

/// The login name (`USER`, `USERNAME`), when it is a usable annotator name other than `root` or `gold`: offered
/// in the first-start prompt, never used without the analyst's say-so (a shared login would put everyone's work
/// in one folder).
pub fn login_name() -> Option<String> {
    ["USER", "USERNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|name| {
            crate::store::check_annotator(name).is_ok()
                && name != "root"
                && name != crate::store::GOLD
        })
}

/// Whose name the workbench starts with: `--annotator NAME` wins over `SPANTAG_ANNOTATOR`, which wins over the
/// name stored by an earlier run; `None` when none gives one (the app then asks). A name given by the flag or
/// the variable must be a valid annotator name ([`crate::names::check_annotator`]); an empty variable counts as
/// unset.
pub fn starting_annotator(
    flag: Option<&str>,
    env: Option<&str>,
    stored: &str,
) -> Result<Option<String>, crate::names::NameError> {
    let given = flag.or(env.filter(|v| !v.is_empty()));
    if let Some(name) = given {
        crate::names::check_annotator(name)?;
        return Ok(Some(name.to_owned()));
    }
    Ok(crate::names::check_annotator(stored)
        .is_ok()
        .then(|| stored.to_owned()))
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            last_workspace: None,
            last_document: None,
            recent: Vec::new(),
            annotator: String::new(),
            dark: false,
            font_size: 18.0,
            trim_boundaries: true,
            show_suggestions: true,
            label_tags: false,
            full_width_text: false,
            suggestion_thresholds: Default::default(),
            all_relations: true,
        }
    }
}

impl Settings {
    /// The score a suggestion of `label` needs to be shown.
    pub fn threshold(&self, label: &str) -> f32 {
        self.suggestion_thresholds
            .get(label)
            .copied()
            .filter(|t| (0.0..=1.0).contains(t))
            .unwrap_or(crate::recommend::DEFAULT_THRESHOLD)
    }

    /// Records a workspace as the newest recent one (at most ten are kept).
    pub fn remember(&mut self, workspace: PathBuf) {
        self.recent.retain(|p| p != &workspace);
        self.recent.insert(0, workspace.clone());
        self.recent.truncate(10);
        self.last_workspace = Some(workspace);
    }
}

/// Whether new spans are trimmed to the guidelines' boundaries, and whose choice that is: a workspace's
/// `trim_boundaries` (shared by its analysts) wins over the analyst's own toggle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Trim {
    /// Trimming is on.
    pub on: bool,
    /// The workspace's `spantag.ron` decides (the personal toggle has no effect).
    pub by_workspace: bool,
}

impl Trim {
    /// The setting in force given the workspace's choice (if it makes one) and the analyst's toggle.
    pub fn in_force(workspace: Option<bool>, personal: bool) -> Trim {
        match workspace {
            Some(on) => Trim {
                on,
                by_workspace: true,
            },
            None => Trim {
                on: personal,
                by_workspace: false,
            },
        }
    }

    /// "trim: on (workspace)", for the status bar.
    pub fn describe(self) -> String {
        format!(
            "trim: {} ({})",
            if self.on { "on" } else { "off" },
            if self.by_workspace {
                "workspace"
            } else {
                "yours"
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_choice_wins_over_the_personal_toggle() {
        assert_eq!(
            Trim::in_force(Some(false), true),
            Trim {
                on: false,
                by_workspace: true
            }
        );
        assert_eq!(
            Trim::in_force(Some(true), false),
            Trim {
                on: true,
                by_workspace: true
            }
        );
        assert_eq!(
            Trim::in_force(None, false),
            Trim {
                on: false,
                by_workspace: false
            }
        );
        assert_eq!(Trim::in_force(None, true).describe(), "trim: on (yours)");
    }

    #[test]
    fn the_flag_and_the_variable_override_the_stored_name() {
        let start = |flag, env, stored| starting_annotator(flag, env, stored).unwrap();
        assert_eq!(
            start(Some("bob"), Some("carol"), "alice"),
            Some("bob".into())
        );
        assert_eq!(start(None, Some("carol"), "alice"), Some("carol".into()));
        assert_eq!(start(None, Some(""), "alice"), Some("alice".into()));
        assert_eq!(start(None, None, "alice"), Some("alice".into()));
        // Nothing given and nothing stored: the app asks (no invented "analyst").
        assert_eq!(start(None, None, ""), None);
        assert!(starting_annotator(Some("a/b"), None, "alice").is_err());
        assert!(starting_annotator(None, Some(".x"), "alice").is_err());
        assert_eq!(Settings::default().annotator, "");
    }
}
