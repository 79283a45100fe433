//! Every action of the workbench as one enum carrying its name, its menu, its shortcut and its other keys, so the
//! menus, the keyboard and the shortcut list never disagree (the pattern of rerun's `UICommand`). The list of
//! commands is the enum itself ([`UiCommand::iter`]): a new variant shows up everywhere or does not compile.

use egui::{Key, KeyboardShortcut, Modifiers};
use strum::{EnumIter, IntoEnumIterator};

/// An action the analyst can take from a menu, a shortcut or the shortcut list. Declared in menu order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter)]
pub enum UiCommand {
    /// Choose a workspace folder (native dialog).
    OpenFolder,
    /// Choose a report file (native dialog); its folder becomes the workspace.
    OpenFile,
    /// Type a path to open, for systems without a file dialog.
    OpenPath,
    /// Save the open report's annotations.
    Save,
    /// Export the workspace as a labeled corpus.
    Export,
    /// Quit (saving first).
    Quit,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Open the find bar.
    Find,
    /// Find in every report of the workspace.
    FindInWorkspace,
    /// Remove the selected link, else the selected span (with its links).
    DeleteSpan,
    /// Link the selected span to the next span clicked (R, then a click).
    LinkSpan,
    /// Move the selected span's end one character right.
    EndRight,
    /// Move the selected span's end one character left.
    EndLeft,
    /// Move the selected span's start one character right.
    StartRight,
    /// Move the selected span's start one character left.
    StartLeft,
    /// Move the caret one character left.
    CaretLeft,
    /// Move the caret one character right.
    CaretRight,
    /// Select the next span in text order.
    NextSpan,
    /// Select the previous span in text order.
    PreviousSpan,
    /// Clear the selection and the selected span.
    Deselect,
    /// Mark the report done (or back in progress).
    ToggleDone,
    /// Open the next report in the list.
    NextDocument,
    /// Open the previous report in the list.
    PreviousDocument,
    /// Focus the next suggestion in text order.
    NextSuggestion,
    /// Focus the previous suggestion in text order.
    PreviousSuggestion,
    /// Accept the focused suggestion as a span with its label.
    AcceptSuggestion,
    /// Accept every Figure suggestion of the report, as one undo step.
    AcceptAllFigures,
    /// Accept every suggested link of the report, as one undo step.
    AcceptAllLinks,
    /// Larger text.
    ZoomIn,
    /// Smaller text.
    ZoomOut,
    /// Switch between light and dark.
    ToggleTheme,
    /// Turn boundary trimming on or off.
    ToggleTrim,
    /// Show or hide the engine's suggestions.
    ToggleSuggestions,
    /// Show or hide a small label tag at the start of each span.
    ToggleLabelTags,
    /// Let the report's lines run as wide as the view, or keep them to a readable length.
    ToggleFullWidth,
    /// Draw the links of every span on screen, or only those of the selected span.
    ToggleAllRelations,
    /// Show every figure of the workspace with its value (View ▸ Figures).
    Figures,
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
    /// Show where the team's work stands, report by report.
    Progress,
    /// Show the annotation guidelines.
    Guidelines,
    /// Show the keyboard shortcuts.
    Shortcuts,
}

/// The menus of the menu bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter)]
pub enum Menu {
    /// Opening, saving, exporting, quitting.
    File,
    /// Editing spans and moving between reports.
    Edit,
    /// Text size, theme, boundary trimming.
    View,
    /// Adjudication and agreement.
    Team,
    /// Guidelines and shortcuts.
    Help,
}

impl Menu {
    /// The menu's title in the menu bar.
    pub fn title(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Edit => "Edit",
            Menu::View => "View",
            Menu::Team => "Team",
            Menu::Help => "Help",
        }
    }
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

const CTRL_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const BACKSPACE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::Backspace);

impl UiCommand {
    /// Every command, in menu order.
    pub fn iter() -> impl Iterator<Item = UiCommand> {
        <UiCommand as IntoEnumIterator>::iter()
    }

    /// Where the command sits in the menu bar: the menu and the group within it (groups are separated by a line).
    pub fn place(self) -> (Menu, u8) {
        use UiCommand::*;
        match self {
            OpenFolder | OpenFile | OpenPath => (Menu::File, 0),
            Save | Export => (Menu::File, 1),
            Quit => (Menu::File, 2),
            Undo | Redo => (Menu::Edit, 0),
            Find | FindInWorkspace => (Menu::Edit, 1),
            DeleteSpan | LinkSpan | EndRight | EndLeft | StartRight | StartLeft | CaretLeft
            | CaretRight | NextSpan | PreviousSpan | Deselect => (Menu::Edit, 2),
            ToggleDone | NextDocument | PreviousDocument => (Menu::Edit, 3),
            NextSuggestion | PreviousSuggestion | AcceptSuggestion | AcceptAllFigures
            | AcceptAllLinks => (Menu::Edit, 4),
            ZoomIn | ZoomOut | ToggleTheme | ToggleTrim | ToggleSuggestions | ToggleLabelTags
            | ToggleFullWidth | ToggleAllRelations => (Menu::View, 0),
            Figures => (Menu::View, 1),
            Adjudicate | StopAdjudicating | NextConflict | PreviousConflict => (Menu::Team, 0),
            Agreement | Progress => (Menu::Team, 1),
            Guidelines | Shortcuts => (Menu::Help, 0),
        }
    }
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
            UiCommand::FindInWorkspace => "Find in workspace…",
            UiCommand::NextDocument => "Next document",
            UiCommand::PreviousDocument => "Previous document",
            UiCommand::DeleteSpan => "Delete link or span / reject suggestion",
            UiCommand::LinkSpan => "Link the selected span to… (then click a span)",
            UiCommand::NextSuggestion => "Next suggestion",
            UiCommand::PreviousSuggestion => "Previous suggestion",
            UiCommand::AcceptSuggestion => "Accept suggestion",
            UiCommand::AcceptAllFigures => "Accept all Figure suggestions in this report",
            UiCommand::AcceptAllLinks => "Accept all suggested links in this report",
            UiCommand::ToggleSuggestions => "Show suggestions",
            UiCommand::ToggleLabelTags => "Show label tags",
            UiCommand::ToggleFullWidth => "Full-width text",
            UiCommand::ToggleAllRelations => "Show every span's links",
            UiCommand::EndRight => "Span end → / extend selection →",
            UiCommand::EndLeft => "Span end ← / extend selection ←",
            UiCommand::StartRight => "Span start →",
            UiCommand::StartLeft => "Span start ←",
            UiCommand::CaretLeft => "Caret ←",
            UiCommand::CaretRight => "Caret →",
            UiCommand::NextSpan => "Next span",
            UiCommand::PreviousSpan => "Previous span",
            UiCommand::ToggleDone => "Mark done / in progress",
            UiCommand::Deselect => "Clear selection",
            UiCommand::ZoomIn => "Larger text",
            UiCommand::ZoomOut => "Smaller text",
            UiCommand::ToggleTheme => "Light / dark",
            UiCommand::ToggleTrim => "Trim span boundaries",
            UiCommand::Figures => "Figures…",
            UiCommand::Guidelines => "Guidelines",
            UiCommand::Shortcuts => "Keyboard shortcuts",
            UiCommand::Adjudicate => "Adjudicate this report",
            UiCommand::StopAdjudicating => "Stop adjudicating",
            UiCommand::NextConflict => "Next conflict",
            UiCommand::PreviousConflict => "Previous conflict",
            UiCommand::Agreement => "Agreement…",
            UiCommand::Progress => "Progress…",
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
            UiCommand::FindInWorkspace => shortcut(CTRL_SHIFT, Key::F),
            UiCommand::NextDocument => shortcut(Modifiers::ALT, Key::ArrowDown),
            UiCommand::PreviousDocument => shortcut(Modifiers::ALT, Key::ArrowUp),
            UiCommand::DeleteSpan => shortcut(Modifiers::NONE, Key::Delete),
            UiCommand::LinkSpan => shortcut(Modifiers::NONE, Key::R),
            UiCommand::EndRight => shortcut(Modifiers::SHIFT, Key::ArrowRight),
            UiCommand::EndLeft => shortcut(Modifiers::SHIFT, Key::ArrowLeft),
            UiCommand::StartRight => shortcut(ALT_SHIFT, Key::ArrowRight),
            UiCommand::StartLeft => shortcut(ALT_SHIFT, Key::ArrowLeft),
            UiCommand::CaretLeft => shortcut(Modifiers::NONE, Key::ArrowLeft),
            UiCommand::CaretRight => shortcut(Modifiers::NONE, Key::ArrowRight),
            UiCommand::NextSpan => shortcut(Modifiers::NONE, Key::Period),
            UiCommand::PreviousSpan => shortcut(Modifiers::NONE, Key::Comma),
            UiCommand::ToggleDone => shortcut(Modifiers::COMMAND, Key::D),
            UiCommand::Deselect => shortcut(Modifiers::NONE, Key::Escape),
            UiCommand::ZoomIn => shortcut(Modifiers::COMMAND, Key::Equals),
            UiCommand::ZoomOut => shortcut(Modifiers::COMMAND, Key::Minus),
            UiCommand::ToggleTheme => None,
            UiCommand::ToggleTrim => None,
            UiCommand::ToggleSuggestions => None,
            UiCommand::ToggleLabelTags => None,
            UiCommand::ToggleFullWidth => None,
            UiCommand::ToggleAllRelations => None,
            UiCommand::NextSuggestion => shortcut(Modifiers::NONE, Key::Tab),
            UiCommand::PreviousSuggestion => shortcut(Modifiers::SHIFT, Key::Tab),
            UiCommand::AcceptSuggestion => shortcut(Modifiers::NONE, Key::Enter),
            UiCommand::AcceptAllFigures => shortcut(CTRL_SHIFT, Key::A),
            UiCommand::AcceptAllLinks => shortcut(CTRL_SHIFT, Key::L),
            UiCommand::Figures => None,
            UiCommand::Guidelines => shortcut(Modifiers::NONE, Key::F1),
            UiCommand::Shortcuts => None,
            UiCommand::Adjudicate => None,
            UiCommand::StopAdjudicating => None,
            UiCommand::NextConflict => shortcut(Modifiers::NONE, Key::F8),
            UiCommand::PreviousConflict => shortcut(Modifiers::SHIFT, Key::F8),
            UiCommand::Agreement => None,
            UiCommand::Progress => None,
            UiCommand::Export => shortcut(Modifiers::COMMAND, Key::E),
        }
    }

    /// Other keys that run the command too (shown in the shortcut list next to the main one).
    pub fn aliases(self) -> &'static [KeyboardShortcut] {
        match self {
            UiCommand::Redo => &[CTRL_Y],
            UiCommand::DeleteSpan => &[BACKSPACE],
            _ => &[],
        }
    }

    /// The main shortcut followed by the aliases.
    pub fn keys(self) -> impl Iterator<Item = KeyboardShortcut> {
        self.shortcut()
            .into_iter()
            .chain(self.aliases().iter().copied())
    }

    /// Commands that act on the text and must not fire while the analyst types in a text field.
    pub fn needs_text_focus(self) -> bool {
        matches!(
            self,
            UiCommand::DeleteSpan
                | UiCommand::LinkSpan
                | UiCommand::EndRight
                | UiCommand::EndLeft
                | UiCommand::StartRight
                | UiCommand::StartLeft
                | UiCommand::NextSpan
                | UiCommand::PreviousSpan
                | UiCommand::Deselect
                | UiCommand::Undo
                | UiCommand::Redo
                | UiCommand::CaretLeft
                | UiCommand::CaretRight
                | UiCommand::NextSuggestion
                | UiCommand::PreviousSuggestion
                | UiCommand::AcceptSuggestion
        )
    }

    /// Every (key, command) pair, the more specific keys first: egui ignores extra Shift/Alt when matching, so
    /// Ctrl+Shift+Z must be tried before Ctrl+Z.
    pub fn bindings() -> Vec<(KeyboardShortcut, UiCommand)> {
        let mut bindings: Vec<(KeyboardShortcut, UiCommand)> = UiCommand::iter()
            .flat_map(|c| c.keys().map(move |k| (k, c)))
            .collect();
        let weight = |m: Modifiers| {
            [m.alt, m.ctrl, m.shift, m.mac_cmd, m.command]
                .iter()
                .filter(|b| **b)
                .count()
        };
        bindings.sort_by_key(|(k, _)| std::cmp::Reverse(weight(k.modifiers)));
        bindings
    }

    /// The commands whose keys were pressed this frame (consumed from the input).
    pub fn pressed(ctx: &egui::Context, typing: bool) -> Vec<UiCommand> {
        let mut pressed = Vec::new();
        ctx.input_mut(|input| {
            for (key, command) in UiCommand::bindings() {
                if typing && command.needs_text_focus() {
                    continue;
                }
                if input.consume_shortcut(&key) {
                    pressed.push(command);
                }
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
    fn names_and_keys_are_unique() {
        let names: HashSet<_> = UiCommand::iter().map(|c| c.name()).collect();
        assert_eq!(names.len(), UiCommand::iter().count());
        let keys = UiCommand::bindings();
        let unique: HashSet<_> = keys
            .iter()
            .map(|(k, _)| (k.modifiers, k.logical_key))
            .collect();
        assert_eq!(unique.len(), keys.len());
    }

    #[test]
    fn specific_keys_come_first() {
        // For every pair where one key logically matches the other, the more specific one is tried first.
        let keys = UiCommand::bindings();
        for (i, (a, ca)) in keys.iter().enumerate() {
            for (b, cb) in &keys[i + 1..] {
                if a.logical_key == b.logical_key {
                    assert!(
                        !b.modifiers.matches_logically(a.modifiers) || b.modifiers == a.modifiers,
                        "{} would be shadowed by {}",
                        cb.name(),
                        ca.name()
                    );
                }
            }
        }
    }

    #[test]
    fn aliases_are_keys_of_their_command() {
        let redo: Vec<_> = UiCommand::Redo.keys().collect();
        assert!(redo.contains(&CTRL_Y) && redo.len() == 2, "{redo:?}");
        assert!(UiCommand::DeleteSpan.keys().any(|k| k == BACKSPACE));
    }

    #[test]
    fn menus_are_in_declaration_order() {
        // A menu's entries are drawn in declaration order: each menu's commands must be contiguous, and groups
        // within a menu must not go back, or a menu would show a separator twice.
        let places: Vec<(Menu, u8)> = UiCommand::iter().map(UiCommand::place).collect();
        for pair in places.windows(2) {
            let ((ma, ga), (mb, gb)) = (pair[0], pair[1]);
            let (ia, ib) = (ma as usize, mb as usize);
            assert!(ia < ib || (ia == ib && ga <= gb), "{pair:?}");
        }
    }
}
