//! The `spantag` program: with a subcommand it works headless; without one it opens the workbench.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: reading, merging and exporting annotation files make millions of
/// small allocations, and mimalloc serves them about a third faster than glibc's malloc (docs/performance.md).
/// The benchmarks declare the same allocator, so they measure what this program does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = spantag::cli::Cli::parse();
    match cli.command {
        Some(command) => spantag::cli::run(command),
        None => open_gui(cli.path, cli.annotator),
    }
}

#[cfg(feature = "gui")]
fn open_gui(path: Option<std::path::PathBuf>, flag: Option<String>) -> ExitCode {
    let env = std::env::var("SPANTAG_ANNOTATOR").ok();
    // The stored name is only known once the window's storage is read; here only the given names are checked.
    let annotator =
        match spantag::ui::settings::starting_annotator(flag.as_deref(), env.as_deref(), "") {
            Ok(name) => name,
            Err(e) => {
                let from = if flag.is_some() {
                    "--annotator"
                } else {
                    "SPANTAG_ANNOTATOR"
                };
                eprintln!("spantag: {from}: {e}");
                return ExitCode::from(2);
            }
        };
    match spantag::ui::run(path, annotator) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("spantag: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_gui(_path: Option<std::path::PathBuf>, _annotator: Option<String>) -> ExitCode {
    eprintln!(
        "spantag: this build has no GUI (built without the `gui` feature); see `spantag --help`"
    );
    ExitCode::from(2)
}
