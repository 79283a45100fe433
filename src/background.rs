//! One piece of work on its own thread, delivered once: what the app runs off the UI thread (suggestions for a
//! report, a large report read from disk, the team's agreement, the workspace's figures) so that no frame waits
//! for it. The caller polls each frame; `done` (called on the worker thread) lets it ask for a repaint.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// Work running on its own thread.
pub struct Background<T> {
    receiver: Receiver<T>,
}

/// Where a [`Background`] stands.
#[derive(Debug)]
pub enum Polled<T> {
    /// Still running.
    Waiting,
    /// Done: the result (delivered once).
    Ready(T),
    /// The worker ended without a result (it was taken already, or the work panicked): do not wait for it.
    Gone,
}

impl<T: Send + 'static> Background<T> {
    /// Runs `work` on a new thread; `done` is called there once the result can be taken.
    pub fn run(
        work: impl FnOnce() -> T + Send + 'static,
        done: impl FnOnce() + Send + 'static,
    ) -> Background<T> {
        let (sender, receiver) = channel();
        std::thread::spawn(move || {
            // Nobody listening (the app moved on and dropped the job) is fine: the result is not needed.
            if sender.send(work()).is_ok() {
                done();
            }
        });
        Background { receiver }
    }

    /// The result, once ready (taken once).
    pub fn poll(&self) -> Polled<T> {
        match self.receiver.try_recv() {
            Ok(result) => Polled::Ready(result),
            Err(TryRecvError::Empty) => Polled::Waiting,
            Err(TryRecvError::Disconnected) => Polled::Gone,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivers_once_then_says_gone_and_a_panic_is_gone_not_waiting() {
        let (tx, rx) = channel();
        let job = Background::run(|| 6 * 7, move || tx.send(()).unwrap());
        rx.recv().unwrap();
        assert!(matches!(job.poll(), Polled::Ready(42)));
        // The worker has ended (or is ending): never a second result.
        assert!(!matches!(job.poll(), Polled::Ready(_)));
        let failing: Background<u8> = Background::run(|| panic!("the work failed"), || {});
        for _ in 0..200 {
            if matches!(failing.poll(), Polled::Gone) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("a panicked worker never read as gone");
    }
}
