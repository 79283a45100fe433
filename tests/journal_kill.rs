//! The edit journal against real crashes: a child process (this test binary, run again as the ignored test
//! `kill_child`) edits a report through the core session, saving every few edits, and is killed with SIGKILL
//! at a random moment, 50 times in a row on one workspace. After each kill the workspace is opened again: the
//! annotation file always parses (never half-written) and the state recovered is the state after the last edit
//! the child reported done, or after the one it was making (the edit in flight).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use spantag::edit::Edit;
use spantag::model::{AnnotationFile, Status};
use spantag::session::Session;

const CHILD_ENV: &str = "SPANTAG_KILL_CHILD_WORKSPACE";
const SEED_ENV: &str = "SPANTAG_KILL_CHILD_SEED";
const SAVE_EVERY: usize = 3;
const ANNOTATOR: &str = "alice";
const REPORT: &str = "r.txt";

/// A small deterministic generator (xorshift64*): the parent replays the child's choices exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One successful change to the open report, chosen by `rng` and the report's state: add, remove or relabel a
/// span, undo, redo, or change the status.
fn step(session: &mut Session, rng: &mut Rng) {
    const LABELS: [&str; 3] = ["Measure", "Figure", "Outcome"];
    loop {
        let doc = session.current().expect("a report is open");
        let editor = &doc.editor;
        let len = editor.text().len_chars();
        let spans = editor.spans().to_vec();
        let result = match rng.below(10) {
            0..=3 => {
                let start = rng.below(len - 8);
                let span = editor.new_span(start, start + 1 + rng.below(7), LABELS[rng.below(3)]);
                session.apply(Edit::Add(span))
            }
            4 if !spans.is_empty() => {
                session.apply(Edit::Remove(spans[rng.below(spans.len())].clone()))
            }
            5 if !spans.is_empty() => {
                let span = &spans[rng.below(spans.len())];
                session.apply(Edit::relabel(span, LABELS[rng.below(3)]))
            }
            6 | 7 if editor.can_undo() => session.undo(),
            8 if editor.can_redo() => session.redo(),
            9 => {
                let status = Status::ALL[rng.below(3)];
                if status == editor.file().status {
                    continue;
                }
                session.set_status(status)
            }
            _ => continue,
        };
        if result.is_ok() {
            return;
        }
    }
}

fn open(root: &Path) -> Session {
    let mut session = Session::open(root, ANNOTATOR).expect("the workspace opens");
    let index = session
        .docs()
        .iter()
        .position(|d| d.path == REPORT)
        .expect("the report is listed");
    assert_eq!(session.open_doc(index), None, "the report opens");
    session
}

/// The child: edits until it is killed, printing `step N` after each edit returned (so it is journaled).
#[test]
#[ignore = "run by fifty_kills_lose_at_most_the_edit_in_flight as a child process"]
fn kill_child() {
    let (Ok(root), Ok(seed)) = (std::env::var(CHILD_ENV), std::env::var(SEED_ENV)) else {
        panic!("run only as the child of fifty_kills_lose_at_most_the_edit_in_flight");
    };
    let mut rng = Rng(seed.parse().expect("a numeric seed"));
    let mut session = open(Path::new(&root));
    // After libtest's "test kill_child ... " on the same line.
    println!("ready");
    for i in 0..100_000 {
        step(&mut session, &mut rng);
        println!("step {i}");
        if i % SAVE_EVERY == SAVE_EVERY - 1 {
            session.save().expect("saved");
        }
    }
    std::thread::sleep(Duration::from_secs(60));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The states the child goes through from the workspace at `root`: index `k` is the state after `k` edits.
fn expected_states(root: &Path, seed: u64, edits: usize) -> Vec<AnnotationFile> {
    let scratch = tempfile::tempdir().unwrap();
    copy_dir(root, scratch.path());
    let mut session = open(scratch.path());
    let mut rng = Rng(seed);
    let mut states = vec![session.current().unwrap().editor.file().clone()];
    for _ in 0..edits {
        step(&mut session, &mut rng);
        states.push(session.current().unwrap().editor.file().clone());
    }
    states
}

#[test]
fn fifty_kills_lose_at_most_the_edit_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/000_fbee6a6195c1ab1b.txt"),
    )
    .unwrap();
    // Astral characters first: every offset in the journal is a code point offset.
    std::fs::write(dir.path().join(REPORT), format!("𠮷野家𠮷。{text}")).unwrap();
    let ron = dir.path().join("annotations/alice/r.ron");
    let exe = std::env::current_exe().unwrap();
    let started = Instant::now();
    let mut timing = Rng(0x9e37_79b9_7f4a_7c15 ^ u64::from(std::process::id()));
    let (mut recovered_in_flight, mut total_edits) = (0, 0);
    for round in 0..50u64 {
        let seed = round * 7919 + 17;
        // What the child starts from (the previous round's workspace, journal included), to compute the
        // states it goes through.
        let before = tempfile::tempdir().unwrap();
        copy_dir(dir.path(), before.path());
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "kill_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, dir.path())
            .env(SEED_ENV, seed.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the child starts");
        let stdout = child.stdout.take().unwrap();
        let (lines, received) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        // Every fifth round dies while opening (recovering the last round's journal); the others mid-work.
        if round % 5 == 4 {
            std::thread::sleep(Duration::from_millis(timing.below(15) as u64));
        } else {
            let deadline = Instant::now() + Duration::from_secs(30);
            loop {
                let line = received
                    .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                    .expect("the child gets ready");
                if line.ends_with("ready") {
                    break;
                }
            }
            std::thread::sleep(Duration::from_millis(1 + timing.below(40) as u64));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        let done = received
            .try_iter()
            .filter_map(|line| line.strip_prefix("step ")?.parse::<usize>().ok())
            .max()
            .map_or(0, |last| last + 1);

        if ron.exists() {
            spantag::store::read_annotation_file(&ron)
                .unwrap_or_else(|e| panic!("round {round}: the saved file is whole: {e}"));
        }
        let mut session = open(dir.path());
        if let Some(notice) = session.take_notice() {
            assert!(!notice.warning, "round {round}: {}", notice.text);
        }
        let recovered = session.current().unwrap().editor.file().clone();
        drop(session);
        let states = expected_states(before.path(), seed, done + 1);
        let matched = states
            .iter()
            .enumerate()
            .skip(done)
            .find(|(_, s)| **s == recovered)
            .map(|(k, _)| k);
        assert!(
            matched.is_some(),
            "round {round}: after {done} reported edits, the recovered state is neither the state after them \
             nor after the one in flight"
        );
        recovered_in_flight += usize::from(matched == Some(done + 1));
        total_edits += done;
    }
    eprintln!(
        "50 kills in {:?}: {total_edits} edits reported, {recovered_in_flight} in-flight edits recovered",
        started.elapsed()
    );
}
