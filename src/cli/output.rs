//! Writing to standard output and standard error without ever stopping the work: when the reader goes away
//! (`spantag merge --force WS | head -1`), output ends quietly and the command carries on to the end, so a
//! merge is never left half done (the standard `println!` panics there, with exit status 101).
//!
//! Each command file imports this module's [`println!`](crate::cli::output::println) and
//! [`eprintln!`](crate::cli::output::eprintln) in place of the standard ones, so call sites read as usual.

use std::fmt;
use std::io::{self, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once standard output's reader has gone away: later lines are dropped without trying.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
/// The same for standard error.
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);
/// The first error writing standard output that is not the reader going away (a full disk behind `>`): the
/// command still finishes its work, then reports it and exits 1.
static STDOUT_FAILURE: Mutex<Option<String>> = Mutex::new(None);

/// Writes one line to standard output; see the module documentation.
pub fn stdout_line(args: fmt::Arguments<'_>) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = io::stdout().lock();
    let written = out.write_fmt(args).and_then(|()| out.write_all(b"\n"));
    if let Err(e) = written {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != io::ErrorKind::BrokenPipe {
            let mut failure = STDOUT_FAILURE
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            failure.get_or_insert_with(|| e.to_string());
        }
    }
}

/// Writes one line to standard error; a closed standard error is ignored (there is nowhere left to say so).
pub fn stderr_line(args: fmt::Arguments<'_>) {
    if STDERR_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut err = io::stderr().lock();
    if err
        .write_fmt(args)
        .and_then(|()| err.write_all(b"\n"))
        .is_err()
    {
        STDERR_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// Flushes standard output and returns the first error met writing it, other than its reader going away.
pub fn stdout_failure() -> Option<String> {
    if !STDOUT_CLOSED.load(Ordering::Relaxed)
        && let Err(e) = io::stdout().lock().flush()
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        return Some(e.to_string());
    }
    STDOUT_FAILURE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone()
}

/// An error with its causes, each said once: a cause whose text the message already holds (an OS error a
/// file error quotes) is not repeated.
pub fn describe(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let message = cause.to_string();
        if text.contains(&message) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&message);
    }
    text
}

/// `println!` that ends quietly when standard output's reader has gone away (see the module documentation).
macro_rules! println {
    () => {
        $crate::cli::output::stdout_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::cli::output::stdout_line(format_args!($($arg)*))
    };
}

/// `eprintln!` that ignores a closed standard error instead of panicking.
macro_rules! eprintln {
    () => {
        $crate::cli::output::stderr_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::cli::output::stderr_line(format_args!($($arg)*))
    };
}

pub(crate) use {eprintln, println};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_os_error_is_said_once() {
        let io = io::Error::from_raw_os_error(13);
        let inner = crate::store::StoreError::Io {
            path: "a.ron".into(),
            action: "cannot read",
            source: io,
        };
        let error = anyhow::Error::new(inner).context("cannot open the workspace");
        let text = describe(&error);
        assert_eq!(text.matches("os error 13").count(), 1, "{text}");
        assert!(
            text.starts_with("cannot open the workspace: a.ron: cannot read"),
            "{text}"
        );
    }
}
