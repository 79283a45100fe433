//! Opening a large report without freezing the window: the report is read, decoded and indexed on a background
//! thread (`LoadedDoc::read`) while the central panel shows what is being opened and for how long; the session
//! opens it once read (`switching` starts and finishes it). Small reports open at once, as before.

use std::time::Instant;

use crate::background::Background;
use crate::session::LoadedDoc;

/// Reports larger than this (bytes) are read in the background.
pub const LARGE_REPORT: u64 = 4 << 20;

/// A report being read in the background.
pub struct Opening {
    /// Its path in the workspace.
    pub name: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// When the reading started.
    pub since: Instant,
    /// The reader.
    pub(super) job: Background<LoadedDoc>,
}

/// What the central panel shows while a report is read: its name, size and the time so far.
pub fn show(ui: &mut egui::Ui, opening: &Opening) {
    ui.centered_and_justified(|ui| {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!(
                "opening {} ({:.1} MB): reading and indexing, {:.1} s",
                opening.name,
                opening.bytes as f64 / 1_048_576.0,
                opening.since.elapsed().as_secs_f64()
            ));
        });
    });
}
