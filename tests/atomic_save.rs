//! Saving is atomic: a process killed at any moment while saving leaves the old file or the new one, never a mix,
//! and a failed save leaves the old file in place.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use spantag::store::atomic_write;

const CHILD_ENV: &str = "SPANTAG_ATOMIC_CHILD_TARGET";

/// Two versions of a file, large enough that a write takes a while and a torn write would show.
fn versions() -> [Vec<u8>; 2] {
    let a = "甲".repeat(400_000).into_bytes();
    let b = "乙乙".repeat(300_000).into_bytes();
    [a, b]
}

/// Run inside the child process: saves the two versions alternately until killed.
#[test]
fn atomic_child_writer() {
    let Ok(target) = std::env::var(CHILD_ENV) else {
        return; // Only does work when started by `crash_leaves_old_or_new_file`.
    };
    let versions = versions();
    for i in 0.. {
        atomic_write(Path::new(&target), &versions[i % 2]).expect("save in child");
    }
}

#[test]
fn crash_leaves_old_or_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("doc.ron");
    let versions = versions();
    atomic_write(&target, &versions[0]).unwrap();
    let exe = std::env::current_exe().unwrap();
    let marker = b"before this round".to_vec();
    let mut rounds_with_a_save = 0;
    for round in 0..12u64 {
        atomic_write(&target, &marker).unwrap();
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "atomic_child_writer",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &target)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(40 + round * 17));
        child.kill().unwrap(); // SIGKILL: no destructor, no cleanup
        child.wait().unwrap();
        let on_disk = std::fs::read(&target).unwrap();
        assert!(
            on_disk == marker || on_disk == versions[0] || on_disk == versions[1],
            "round {round}: the file is neither the old nor a new version ({} bytes)",
            on_disk.len()
        );
        if on_disk != marker {
            rounds_with_a_save += 1;
        }
    }
    assert!(
        rounds_with_a_save > 0,
        "the child never completed a save: the test proved nothing"
    );
}

#[test]
fn failed_save_keeps_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("doc.ron");
    atomic_write(&target, b"old").unwrap();
    // A folder in the way of the rename: the save fails, with a message naming the file.
    let blocked = dir.path().join("blocked.ron");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("inside"), "x").unwrap();
    let err = atomic_write(&blocked, b"new").unwrap_err();
    assert!(err.to_string().contains("blocked.ron"), "{err}");
    assert_eq!(std::fs::read(&target).unwrap(), b"old");
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
