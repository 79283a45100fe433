//! Running the spantag binary from a test: one helper for every command-line test, so each run also checks
//! that the program did not panic, whatever the test itself asserts.
#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs `spantag ARGS...` to the end and returns what it printed; fails the test if it panicked.
pub fn spantag(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_spantag"))
        .args(args)
        .output()
        .expect("run spantag");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "spantag {args:?} panicked:\n{stderr}"
    );
    out
}
