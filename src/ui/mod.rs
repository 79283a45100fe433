//! The egui workbench (placeholder until the workbench lands).

/// Opens the workbench window.
pub fn run(_path: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    anyhow::bail!("the workbench is not built yet")
}

pub mod fonts;
