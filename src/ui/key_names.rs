//! Keys named as people write them ("Ctrl+=", ".", "Shift+Tab"), not as egui's `Key` enum spells them
//! ("Ctrl+Equals", "Period"): one place for the menus, the shortcut window and the README's key table.

use egui::{Key, KeyboardShortcut, Modifiers};

/// The shortcut as it is written in the menus, the shortcut window and the README.
pub fn key_text(shortcut: &KeyboardShortcut) -> String {
    let mut text = modifier_text(shortcut.modifiers);
    text.push_str(&key_name(shortcut.logical_key));
    text
}

fn modifier_text(m: Modifiers) -> String {
    let mut text = String::new();
    if m.command || m.ctrl || m.mac_cmd {
        text.push_str(if cfg!(target_os = "macos") {
            "Cmd+"
        } else {
            "Ctrl+"
        });
    }
    if m.alt {
        text.push_str("Alt+");
    }
    if m.shift {
        text.push_str("Shift+");
    }
    text
}

/// A key's written name.
pub fn key_name(key: Key) -> String {
    match key {
        Key::Period => ".".into(),
        Key::Comma => ",".into(),
        Key::Equals => "=".into(),
        Key::Minus => "-".into(),
        Key::Plus => "+".into(),
        Key::ArrowRight => "→".into(),
        Key::ArrowLeft => "←".into(),
        Key::ArrowUp => "↑".into(),
        Key::ArrowDown => "↓".into(),
        Key::Escape => "Esc".into(),
        other => other.name().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::commands::UiCommand;

    #[test]
    fn keys_read_as_people_write_them() {
        let ctrl = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        let expect_ctrl = if cfg!(target_os = "macos") {
            "Cmd"
        } else {
            "Ctrl"
        };
        assert_eq!(key_text(&ctrl(Key::Equals)), format!("{expect_ctrl}+="));
        assert_eq!(
            key_text(&KeyboardShortcut::new(Modifiers::NONE, Key::Period)),
            "."
        );
        let alt_shift = Modifiers {
            alt: true,
            shift: true,
            ..Modifiers::NONE
        };
        assert_eq!(
            key_text(&KeyboardShortcut::new(alt_shift, Key::ArrowRight)),
            "Alt+Shift+→"
        );
        assert_eq!(
            key_text(&KeyboardShortcut::new(Modifiers::SHIFT, Key::Tab)),
            "Shift+Tab"
        );
    }

    /// Every key of every command is in the README's key table, written the same way.
    #[test]
    fn the_readme_key_table_lists_every_shortcut() {
        if cfg!(target_os = "macos") {
            return;
        }
        let readme = include_str!("../../README.md");
        let table: Vec<&str> = readme
            .lines()
            .skip_while(|l| !l.starts_with("| Keys | Action |"))
            .take_while(|l| l.starts_with('|'))
            .collect();
        assert!(!table.is_empty(), "the README has no key table");
        for command in UiCommand::iter() {
            for key in command.keys() {
                let written = key_text(&key);
                let listed = table.iter().any(|row| {
                    let keys = row.split('|').nth(1).unwrap_or_default().trim();
                    keys.split(", ")
                        .flat_map(|k| k.split(" / "))
                        .any(|k| k.trim() == written)
                });
                assert!(
                    listed,
                    "{} ({written}) is missing from the README's key table",
                    command.name()
                );
            }
        }
    }
}
