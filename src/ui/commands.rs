//! Every action of the workbench as one enum carrying its name and shortcut, so the menus, the keyboard and the
//! shortcut list never disagree (the pattern of rerun's `UICommand`).

use egui::{Key, KeyboardShortcut, Modifiers};

/// An action the analyst can take from a menu, a shortcut or the shortcut list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiCommand {
    /// Choose a workspace folder (native dialog).
    OpenFolder,
    /// Choose a report file (native dialog); its folder becomes the workspace.
    OpenFile,
    /// Type a path to open, for systems without a file dialog.
    OpenPath,
    /// Save the open report's annotations.
    Save,
    /// Quit (saving first).
    Quit,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Open the find bar.
    Find,
    /// Open the next report in the list.
    NextDocument,
    /// Open the previous report in the list.
    PreviousDocument,
    /// Remove the selected span.
    DeleteSpan,
    /// Move the selected span's end one character right.
    EndRight,
    /// Move the selected span's end one character left.
    EndLeft,
    /// Move the selected span's start one character right.
    StartRight,
    /// Move the selected span's start one character left.
    StartLeft,
    /// Select the next span in text order.
    NextSpan,
    /// Select the previous span in text order.
    PreviousSpan,
    /// Mark the report done (or back in progress).
    ToggleDone,
    /// Clear the selection and the selected span.
    Deselect,
    /// Larger text.
    ZoomIn,
    /// Smaller text.
    ZoomOut,
    /// Switch between light and dark.
    ToggleTheme,
    /// Turn boundary trimming on or off.
    ToggleTrim,
    /// Show the annotation guidelines.
    Guidelines,
    /// Show the keyboard shortcuts.
    Shortcuts,
    /// Adjudicate the open report: every analyst's spans at once, conflicts resolved into `gold`.
    Adjudicate,
    /// Leave adjudication and return to one's own annotations.
    StopAdjudicating,
    /// Go to the next conflict.
    NextConflict,
    /// Go to the previous conflict.
    PreviousConflict,
    /// Show the team's agreement over the workspace.
    Agreement,
    /// Export the workspace as a labeled corpus.
    Export,
}

const fn shortcut(modifiers: Modifiers, key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(modifiers, key))
}

const CTRL_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};

const ALT_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::ALT
};

impl UiCommand {
    /// Every command, the more specific shortcuts before the ones they contain (egui ignores extra Shift/Alt
    /// when matching, so Ctrl+Shift+Z must be tried before Ctrl+Z).
    pub const ALL: [UiCommand; 31] = [
        UiCommand::Redo,
        UiCommand::Undo,
        UiCommand::OpenFile,
        UiCommand::OpenFolder,
        UiCommand::OpenPath,
        UiCommand::Save,
        UiCommand::Quit,
        UiCommand::Find,
        UiCommand::NextDocument,
        UiCommand::PreviousDocument,
        UiCommand::DeleteSpan,
        UiCommand::StartRight,
        UiCommand::StartLeft,
        UiCommand::EndRight,
        UiCommand::EndLeft,
        UiCommand::NextSpan,
        UiCommand::PreviousSpan,
        UiCommand::ToggleDone,
        UiCommand::Deselect,
        UiCommand::ZoomIn,
        UiCommand::ZoomOut,
        UiCommand::ToggleTheme,
        UiCommand::ToggleTrim,
        UiCommand::Guidelines,
        UiCommand::Shortcuts,
        UiCommand::Adjudicate,
        UiCommand::StopAdjudicating,
        UiCommand::PreviousConflict,
        UiCommand::NextConflict,
        UiCommand::Agreement,
        UiCommand::Export,
    ];

    /// The name shown in menus and the shortcut list.
    pub fn name(self) -> &'static str {
        match self {
            UiCommand::OpenFolder => "Open folder…",
            UiCommand::OpenFile => "Open file…",
            UiCommand::OpenPath => "Open path…",
            UiCommand::Save => "Save",
            UiCommand::Quit => "Quit",
            UiCommand::Undo => "Undo",
            UiCommand::Redo => "Redo",
            UiCommand::Find => "Find…",
            UiCommand::NextDocument => "Next document",
            UiCommand::PreviousDocument => "Previous document",
            UiCommand::DeleteSpan => "Delete span",
            UiCommand::EndRight => "Span end →",
            UiCommand::EndLeft => "Span end ←",
            UiCommand::StartRight => "Span start →",
            UiCommand::StartLeft => "Span start ←",
            UiCommand::NextSpan => "Next span",
            UiCommand::PreviousSpan => "Previous span",
            UiCommand::ToggleDone => "Mark done / in progress",
            UiCommand::Deselect => "Clear selection",
            UiCommand::ZoomIn => "Larger text",
            UiCommand::ZoomOut => "Smaller text",
            UiCommand::ToggleTheme => "Light / dark",
            UiCommand::ToggleTrim => "Trim span boundaries",
            UiCommand::Guidelines => "Guidelines",
            UiCommand::Shortcuts => "Keyboard shortcuts",
            UiCommand::Adjudicate => "Adjudicate this report",
            UiCommand::StopAdjudicating => "Stop adjudicating",
            UiCommand::NextConflict => "Next conflict",
            UiCommand::PreviousConflict => "Previous conflict",
            UiCommand::Agreement => "Agreement…",
            UiCommand::Export => "Export…",
        }
    }

    /// The keyboard shortcut, if the command has one.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            UiCommand::OpenFolder => shortcut(Modifiers::COMMAND, Key::O),
            UiCommand::OpenFile => shortcut(CTRL_SHIFT, Key::O),
            UiCommand::OpenPath => shortcut(Modifiers::COMMAND, Key::L),
            UiCommand::Save => shortcut(Modifiers::COMMAND, Key::S),
            UiCommand::Quit => shortcut(Modifiers::COMMAND, Key::Q),
            UiCommand::Undo => shortcut(Modifiers::COMMAND, Key::Z),
            UiCommand::Redo => shortcut(CTRL_SHIFT, Key::Z),
            UiCommand::Find => shortcut(Modifiers::COMMAND, Key::F),
            UiCommand::NextDocument => shortcut(Modifiers::ALT, Key::ArrowDown),
            UiCommand::PreviousDocument => shortcut(Modifiers::ALT, Key::ArrowUp),
            UiCommand::DeleteSpan => shortcut(Modifiers::NONE, Key::Delete),
            UiCommand::EndRight => shortcut(Modifiers::SHIFT, Key::ArrowRight),
            UiCommand::EndLeft => shortcut(Modifiers::SHIFT, Key::ArrowLeft),
            UiCommand::StartRight => shortcut(ALT_SHIFT, Key::ArrowRight),
            UiCommand::StartLeft => shortcut(ALT_SHIFT, Key::ArrowLeft),
            UiCommand::NextSpan => shortcut(Modifiers::NONE, Key::Period),
            UiCommand::PreviousSpan => shortcut(Modifiers::NONE, Key::Comma),
            UiCommand::ToggleDone => shortcut(Modifiers::COMMAND, Key::D),
            UiCommand::Deselect => shortcut(Modifiers::NONE, Key::Escape),
            UiCommand::ZoomIn => shortcut(Modifiers::COMMAND, Key::Equals),
            UiCommand::ZoomOut => shortcut(Modifiers::COMMAND, Key::Minus),
            UiCommand::ToggleTheme => None,
            UiCommand::ToggleTrim => None,
            UiCommand::Guidelines => shortcut(Modifiers::NONE, Key::F1),
            UiCommand::Shortcuts => None,
            UiCommand::Adjudicate => None,
            UiCommand::StopAdjudicating => None,
            UiCommand::NextConflict => shortcut(Modifiers::NONE, Key::F8),
            UiCommand::PreviousConflict => shortcut(Modifiers::SHIFT, Key::F8),
            UiCommand::Agreement => None,
            UiCommand::Export => shortcut(Modifiers::COMMAND, Key::E),
        }
    }

    /// Commands that act on the text and must not fire while the analyst types in a text field.
    pub fn needs_text_focus(self) -> bool {
        matches!(
            self,
            UiCommand::DeleteSpan
                | UiCommand::EndRight
                | UiCommand::EndLeft
                | UiCommand::StartRight
                | UiCommand::StartLeft
                | UiCommand::NextSpan
                | UiCommand::PreviousSpan
                | UiCommand::Deselect
                | UiCommand::Undo
                | UiCommand::Redo
        )
    }

    /// The commands whose shortcuts were pressed this frame (consumed from the input).
    pub fn pressed(ctx: &egui::Context, typing: bool) -> Vec<UiCommand> {
        let mut pressed = Vec::new();
        ctx.input_mut(|input| {
            for command in UiCommand::ALL {
                if typing && command.needs_text_focus() {
                    continue;
                }
                if let Some(shortcut) = command.shortcut()
                    && input.consume_shortcut(&shortcut)
                {
                    pressed.push(command);
                }
            }
            // Ctrl+Y is the other common Redo.
            if !typing && input.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Y))
            {
                pressed.push(UiCommand::Redo);
            }
            // Backspace deletes a span too.
            if !typing
                && input.consume_shortcut(&KeyboardShortcut::new(Modifiers::NONE, Key::Backspace))
            {
                pressed.push(UiCommand::DeleteSpan);
            }
        });
        pressed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_and_shortcuts_are_unique() {
        let names: HashSet<_> = UiCommand::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names.len(), UiCommand::ALL.len());
        let shortcuts: Vec<_> = UiCommand::ALL.iter().filter_map(|c| c.shortcut()).collect();
        let unique: HashSet<_> = shortcuts
            .iter()
            .map(|s| (s.modifiers, s.logical_key))
            .collect();
        assert_eq!(unique.len(), shortcuts.len());
    }

    #[test]
    fn specific_shortcuts_come_first() {
        // For every pair where one shortcut logically matches the other, the more specific one is listed first.
        for (i, a) in UiCommand::ALL.iter().enumerate() {
            for b in &UiCommand::ALL[i + 1..] {
                if let (Some(sa), Some(sb)) = (a.shortcut(), b.shortcut())
                    && sa.logical_key == sb.logical_key
                {
                    assert!(
                        !sb.modifiers.matches_logically(sa.modifiers)
                            || sb.modifiers == sa.modifiers,
                        "{} would be shadowed by {}",
                        b.name(),
                        a.name()
                    );
                }
            }
        }
    }
}
