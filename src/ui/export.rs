//! File ▸ Export…: choose a corpus format, whose annotations, which labels and where to write (by default beside
//! the workspace, never inside it); the export runs on a background thread (the same `spantag::corpus` code as
//! `spantag export`) with its progress in the status bar.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;

use egui::Ui;

use crate::corpus::{self, CorpusError, ExportOptions, Format, Selection, output};
use crate::plural::count;
use crate::store::{StoreError, Workspace};

/// Why an export from the app did not happen or did not finish.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The workspace or the export could not be read, selected or written.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// The form names no output.
    #[error("choose where to write the export")]
    NoOutput,
    /// The output is inside the workspace, where its text copies would be read as reports.
    #[error(
        "{} is inside the workspace ({}): an export there would be read as more reports; choose a place \
         outside it",
        path.display(),
        workspace.display()
    )]
    InsideWorkspace {
        /// The output asked for.
        path: PathBuf,
        /// The workspace.
        workspace: PathBuf,
    },
    /// Every label is unticked.
    #[error("tick at least one label to export")]
    NoLabels,
    /// The worker thread ended without a result (a bug: it panicked).
    #[error("the export stopped unexpectedly")]
    Stopped,
}

impl From<StoreError> for ExportError {
    fn from(e: StoreError) -> Self {
        ExportError::Corpus(e.into())
    }
}

/// The status line shows an error as its message.
impl From<ExportError> for String {
    fn from(e: ExportError) -> String {
        e.to_string()
    }
}

/// The export window's choices.
#[derive(Debug, Clone)]
pub struct ExportForm {
    /// Format to write.
    pub format: Format,
    /// Whose annotations (empty: the default rule, gold or the only analyst).
    pub annotator: String,
    /// Only documents marked done.
    pub done_only: bool,
    /// The schema's labels, each with whether its spans are exported (all ticked: no filter, as `--labels`
    /// left out).
    pub labels: Vec<(String, bool)>,
    /// Output file (or folder for brat).
    pub out: String,
    /// Why the last Start did not start, shown in the window.
    pub problem: Option<String>,
}

impl ExportForm {
    /// A form with every label ticked and the default output beside the workspace ([`default_out_dir`]).
    pub fn new(workspace: &Workspace) -> Self {
        let mut form = ExportForm {
            format: Format::Jsonl,
            annotator: String::new(),
            done_only: false,
            labels: workspace
                .schema()
                .names()
                .map(|name| (name.to_owned(), true))
                .collect(),
            out: String::new(),
            problem: None,
        };
        form.out = form.default_out(workspace);
        form
    }

    /// The output's name in the default folder: `corpus.EXT`, or `brat/` for the folder format.
    fn default_out(&self, workspace: &Workspace) -> String {
        let name = if self.format.is_folder() {
            "brat".to_owned()
        } else {
            format!("corpus.{}", self.format.extension())
        };
        default_out_dir(workspace.root())
            .join(name)
            .display()
            .to_string()
    }

    /// The `--labels` filter the ticks make: empty when all are ticked.
    fn label_filter(&self) -> Result<Vec<String>, ExportError> {
        if self.labels.iter().all(|(_, on)| *on) {
            return Ok(Vec::new());
        }
        let chosen: Vec<String> = self
            .labels
            .iter()
            .filter(|(_, on)| *on)
            .map(|(name, _)| name.clone())
            .collect();
        if chosen.is_empty() {
            return Err(ExportError::NoLabels);
        }
        Ok(chosen)
    }
}

/// Where exports go by default: a folder beside the workspace named after it (`reports` -> `reports-export/`),
/// outside it so that the exported text copies never become reports; the user's documents folder for a
/// workspace at the root of a file system.
pub fn default_out_dir(workspace: &Path) -> PathBuf {
    match (workspace.parent(), workspace.file_name()) {
        (Some(parent), Some(name)) => {
            let mut folder = name.to_os_string();
            folder.push("-export");
            parent.join(folder)
        }
        _ => directories::UserDirs::new()
            .and_then(|dirs| dirs.document_dir().map(Path::to_owned))
            .unwrap_or_else(std::env::temp_dir)
            .join("spantag-export"),
    }
}

/// Refuses an output inside the workspace (links followed, as the command line does), with the app's words.
fn check_outside(workspace: &Path, out: &Path) -> Result<(), ExportError> {
    match output::check_outside(workspace, out) {
        Err(CorpusError::OutputInWorkspace { .. }) => Err(ExportError::InsideWorkspace {
            path: out.to_owned(),
            workspace: workspace.to_owned(),
        }),
        other => Ok(other?),
    }
}

/// An export running in the background.
pub struct RunningExport {
    /// Documents done so far.
    pub done: Arc<AtomicUsize>,
    /// Documents in all.
    pub total: usize,
    /// The worker; its result is the message to show.
    handle: Option<JoinHandle<Result<String, ExportError>>>,
}

impl RunningExport {
    /// Starts exporting `workspace` as the form says.
    pub fn start(workspace: Workspace, form: &ExportForm) -> Result<RunningExport, ExportError> {
        let annotator =
            (!form.annotator.trim().is_empty()).then(|| form.annotator.trim().to_owned());
        let statuses = if form.done_only {
            vec![crate::model::Status::Done]
        } else {
            Vec::new()
        };
        let labels = form.label_filter()?;
        let selection = Selection::resolve(&workspace, annotator.as_deref(), statuses, labels)?;
        let options = ExportOptions::new(form.format);
        let out = PathBuf::from(form.out.trim());
        if out.as_os_str().is_empty() {
            return Err(ExportError::NoOutput);
        }
        check_outside(workspace.root(), &out)?;
        let done = Arc::new(AtomicUsize::new(0));
        let total = workspace.documents().len();
        let progress = Arc::clone(&done);
        let format = form.format;
        let handle = std::thread::spawn(move || {
            // On a pool of its own: the window's own parallel work must not wait for the export.
            let exported = crate::parallel::on_own_pool(|| {
                corpus::export(&workspace, &selection, &options, &|n| {
                    progress.store(n, Ordering::Relaxed);
                })
            })?;
            output::write_export(&exported, format, &out)?;
            let summary = &exported.summary;
            let mut message = format!(
                "exported {}, {} as {} to {}",
                count(summary.documents, "document"),
                count(summary.spans, "span"),
                format.name(),
                out.display()
            );
            for (what, n) in &summary.left_out {
                message.push_str("; ");
                message.push_str(&what.describe(format.name(), *n));
            }
            if let Some(warning) = summary.conflicts_warning() {
                message.push_str("; ");
                message.push_str(&warning);
            }
            Ok(message)
        });
        Ok(RunningExport {
            done,
            total,
            handle: Some(handle),
        })
    }

    /// The worker's result once it has finished (taken once), `None` while it runs.
    pub fn poll(&mut self) -> Option<Result<String, ExportError>> {
        if self.handle.as_ref().is_some_and(JoinHandle::is_finished) {
            let handle = self.handle.take()?;
            let result = handle.join().unwrap_or(Err(ExportError::Stopped));
            return Some(result);
        }
        None
    }

    /// "exporting 120 / 500" for the status bar.
    pub fn progress_text(&self) -> String {
        format!(
            "exporting {} / {}…",
            self.done.load(Ordering::Relaxed),
            self.total
        )
    }
}

/// What the export window asks for.
pub enum ExportRequest {
    /// Start exporting with the form's choices.
    Start,
    /// Choose the output with the system's file dialog.
    Browse,
    /// Close the window.
    Close,
}

/// Draws the export form.
pub fn show_form(
    ui: &mut Ui,
    form: &mut ExportForm,
    workspace: &Workspace,
    busy: bool,
) -> Option<ExportRequest> {
    let mut request = None;
    egui::Grid::new("export_form")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("");
            let before = form.format;
            egui::ComboBox::new("export_format", "Format")
                .selected_text(form.format.name())
                .show_ui(ui, |ui| {
                    for format in Format::ALL {
                        ui.selectable_value(&mut form.format, format, format.name())
                            .on_hover_text(format.summary());
                    }
                });
            if form.format != before {
                form.out = form.default_out(workspace);
            }
            ui.end_row();
            let label = ui.label("Annotator:");
            ui.add(
                egui::TextEdit::singleline(&mut form.annotator)
                    .hint_text("gold, or the only analyst")
                    .id_salt("export_annotator"),
            )
            .labelled_by(label.id);
            ui.end_row();
            ui.label("");
            ui.checkbox(&mut form.done_only, "only documents marked done");
            ui.end_row();
            ui.label("Labels:");
            ui.horizontal_wrapped(|ui| {
                for (name, on) in &mut form.labels {
                    ui.checkbox(on, name.as_str());
                }
            });
            ui.end_row();
            let label = ui.label(if form.format.is_folder() {
                "Folder:"
            } else {
                "File:"
            });
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut form.out)
                        .desired_width(420.0)
                        .id_salt("export_out"),
                )
                .labelled_by(label.id)
                .on_hover_text(form.out.as_str());
                if ui.button("Browse…").clicked() {
                    request = Some(ExportRequest::Browse);
                }
            });
            ui.end_row();
        });
    // The whole path, wrapped, so that where the export goes is never hidden by the field's width.
    ui.add(
        egui::Label::new(egui::RichText::new(format!("Writes {}", form.out.trim())).weak()).wrap(),
    );
    if let Some(problem) = &form.problem {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
    ui.horizontal(|ui| {
        if ui.add_enabled(!busy, egui::Button::new("Export")).clicked() {
            request = Some(ExportRequest::Start);
        }
        if ui.button("Close").clicked() {
            request = Some(ExportRequest::Close);
        }
    });
    request
}
