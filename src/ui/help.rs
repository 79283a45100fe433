//! Help windows: the annotation guidelines (the workspace's own `guidelines.md`, else the bundled one) rendered
//! as formatted text, and the keyboard shortcuts grouped as the menus group them.

use std::path::{Path, PathBuf};

use egui::text::LayoutJob;
use egui::{FontId, RichText, TextFormat, Ui};
use strum::IntoEnumIterator as _;

use crate::guidelines::{self, Block, Run};
use crate::schema::Schema;

use super::commands::{Menu, UiCommand};
use super::key_names::key_text;

/// Which help windows are open, and the guidelines as read for the open workspace.
#[derive(Debug, Default)]
pub struct HelpWindows {
    /// The guidelines window.
    pub guidelines: bool,
    /// The keyboard shortcuts window.
    pub shortcuts: bool,
    /// The guidelines read for a workspace (its root), with the file they came from (none: the bundled copy).
    read: Option<ReadGuidelines>,
}

/// Guidelines parsed once per workspace, not every frame.
#[derive(Debug)]
struct ReadGuidelines {
    root: Option<PathBuf>,
    source: Option<PathBuf>,
    problem: Option<String>,
    blocks: Vec<Block>,
}

impl HelpWindows {
    /// The guidelines for the workspace at `root`, read (and parsed) when the workspace changed.
    fn guidelines_for(&mut self, root: Option<&Path>) -> &ReadGuidelines {
        let read = self
            .read
            .take()
            .filter(|r| r.root.as_deref() == root)
            .unwrap_or_else(|| {
                let found = guidelines::for_workspace(root);
                ReadGuidelines {
                    root: root.map(Path::to_owned),
                    blocks: guidelines::parse(&found.text),
                    source: found.source,
                    problem: found.problem,
                }
            });
        self.read.insert(read)
    }
}

/// Shows whichever help windows are open; `schema` gives the label keys for the shortcut list and `root` the
/// workspace whose guidelines are shown.
pub fn show(
    ctx: &egui::Context,
    windows: &mut HelpWindows,
    schema: Option<&Schema>,
    root: Option<&Path>,
) {
    if windows.guidelines {
        let mut open = true;
        let read = windows.guidelines_for(root);
        egui::Window::new("Guidelines")
            .open(&mut open)
            .default_size([560.0, 600.0])
            .vscroll(true)
            .show(ctx, |ui| {
                if let Some(source) = &read.source {
                    ui.weak(format!("this workspace's {}", source.display()));
                }
                if let Some(problem) = &read.problem {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!("{problem}; showing the bundled guidelines"),
                    );
                }
                blocks(ui, &read.blocks);
            });
        windows.guidelines = open;
    }
    egui::Window::new("Keyboard shortcuts")
        .open(&mut windows.shortcuts)
        .resizable(false)
        .show(ctx, |ui| shortcut_grid(ui, schema));
}

/// Draws the guidelines' blocks: headings, paragraphs wrapped to the window, list items with bullets.
fn blocks(ui: &mut Ui, blocks: &[Block]) {
    let body = egui::TextStyle::Body.resolve(ui.style());
    for block in blocks {
        match block {
            Block::Heading { level: 1, text } => {
                ui.label(RichText::new(text).heading());
            }
            Block::Heading { text, .. } => {
                ui.add_space(8.0);
                ui.label(RichText::new(text).strong().size(body.size + 3.0));
            }
            Block::Paragraph(runs) => {
                ui.add_space(2.0);
                ui.label(job(ui, runs, &body));
            }
            Block::Item { depth, runs } => {
                // A hanging indent: the bullet in its own column, the item's lines wrapped beside it.
                ui.horizontal_top(|ui| {
                    ui.add_space(12.0 * (*depth as f32 + 1.0));
                    ui.label(if *depth == 0 { "•" } else { "◦" });
                    ui.vertical(|ui| {
                        ui.label(job(ui, runs, &body));
                    });
                });
            }
        }
    }
}

/// A paragraph's runs as one wrapped layout: bold in the strong text colour, code in monospace.
fn job(ui: &Ui, runs: &[Run], body: &FontId) -> LayoutJob {
    let visuals = ui.visuals();
    let mut job = LayoutJob::default();
    for run in runs {
        let format = TextFormat {
            font_id: if run.code {
                FontId::monospace(body.size)
            } else {
                body.clone()
            },
            color: if run.bold {
                visuals.strong_text_color()
            } else {
                visuals.text_color()
            },
            background: if run.code {
                visuals.code_bg_color
            } else {
                egui::Color32::TRANSPARENT
            },
            ..TextFormat::default()
        };
        job.append(&run.text, 0.0, format);
    }
    job.wrap.max_width = ui.available_width();
    job
}

/// Every key, grouped as the menus group the commands (in menu order, so Undo comes before Redo), after the
/// schema's label keys; keys are written as people write them.
fn shortcut_grid(ui: &mut Ui, schema: Option<&Schema>) {
    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
        let labels: Vec<_> = schema
            .iter()
            .flat_map(|s| &s.labels)
            .filter_map(|l| l.hotkey.map(|k| (k, &l.name)))
            .collect();
        if !labels.is_empty() {
            ui.strong("Labels");
            ui.end_row();
            for (key, name) in labels {
                ui.label(key.to_string());
                ui.label(format!("tag the selection / relabel the span as {name}"));
                ui.end_row();
            }
        }
        for menu in Menu::iter() {
            let commands: Vec<(UiCommand, Vec<String>)> = UiCommand::iter()
                .filter(|c| c.place().0 == menu)
                .map(|c| (c, c.keys().map(|k| key_text(&k)).collect::<Vec<_>>()))
                .filter(|(_, keys)| !keys.is_empty())
                .collect();
            if commands.is_empty() {
                continue;
            }
            ui.strong(menu.title());
            ui.end_row();
            for (command, keys) in commands {
                ui.label(keys.join(", "));
                ui.label(command.name());
                ui.end_row();
            }
        }
    });
}
