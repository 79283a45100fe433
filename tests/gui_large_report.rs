//! A large report opens without freezing the window (egui_kittest): it is read on a background thread while
//! frames go on and the central panel says what is being opened; then it opens as any other.
#![cfg(feature = "gui")]

mod gui_support;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

#[test]
fn a_large_report_is_read_in_the_background_while_frames_go_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a_small.txt"), "贫困发生率降至0.68%。\n").unwrap();
    // About 5 MB: over the size read in the background.
    let line = "全县建立防返贫监测预警机制，贫困发生率降至0.68%，彻底解决了84725人饮水问题。\n";
    let big = line.repeat((5 << 20) / line.len() + 1);
    std::fs::write(dir.path().join("b_large.txt"), &big).unwrap();
    let mut harness = gui_support::harness_on(dir.path(), Some("a_small.txt"));
    harness.run();
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    harness.step();
    assert!(
        harness.state().opening(),
        "a large report is read in the background"
    );
    harness.get_by_label_contains("reading and indexing");
    let mut frames = 0;
    while harness.state().opening() && frames < 2000 {
        std::thread::sleep(std::time::Duration::from_millis(5));
        harness.step();
        frames += 1;
    }
    assert!(frames > 1, "frames were drawn while it was read");
    harness.run();
    let session = harness.state().session().unwrap();
    let doc = session.current().unwrap();
    assert_eq!(session.docs()[doc.index].path, "b_large.txt");
    assert_eq!(doc.editor.text().len_chars(), big.chars().count());
}
