//! What the analyst asked for while a panel was drawn. Panels read the narrow state they show and push
//! [`Action`]s; the app applies them in one place ([`super::App::apply`]) after drawing.

use std::path::PathBuf;

use crate::adjudicate::Choice;
use crate::model::{Relation, SpanKey, Status};

use super::commands::UiCommand;

/// Something the analyst asked for while a panel was drawn; applied after drawing.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A command from a menu or shortcut.
    Command(UiCommand),
    /// Open report `index` of the list.
    OpenDoc(usize),
    /// Open a workspace folder or report file.
    OpenPath(PathBuf),
    /// Apply a label: to the selected text (new span) or to the selected span (relabel).
    Label(String),
    /// Select a span (and scroll to it when asked).
    SelectSpan(SpanKey, bool),
    /// A text selection began: the selected span is let go (its note kept).
    ReleaseSpan,
    /// While linking (R was pressed): the span clicked becomes the link's other end.
    LinkTo(SpanKey),
    /// Make this link (a type chosen in the menu of those that fit).
    Link(Relation),
    /// Stop linking without a link.
    CancelLink,
    /// Select a link (clicked on its label in the text).
    SelectRelation(Relation),
    /// Remove a link.
    DeleteRelation(Relation),
    /// Decide a recorded link conflict: one of its options, or `None` for no link.
    ResolveLinkConflict(crate::model::RelationConflict, Option<usize>),
    /// Accept a suggested link.
    AcceptLink(Relation),
    /// Turn a suggested link down in this report.
    RejectLink(Relation),
    /// Set the note of a span.
    SetNote(SpanKey, String),
    /// Correct the value of the Figure span `key` to what the analyst wrote (read by the figure engine; an
    /// empty text goes back to the engine's reading of the span).
    CorrectValue(SpanKey, String),
    /// Give the focus to a suggestion (clicked in the text).
    FocusSuggestion(SpanKey),
    /// Accept the focused suggestion, with its own label or the one given.
    AcceptSuggestion(Option<String>),
    /// Reject the focused suggestion.
    RejectSuggestion,
    /// Show suggestions of the label scored at least this.
    SetThreshold(String, f32),
    /// Set the report's status.
    SetStatus(Status),
    /// Search for this text.
    FindQuery(String),
    /// Go to the next (true) or previous (false) find result.
    FindStep(bool),
    /// Tag every find result with this label, as one undoable step.
    TagAllMatches(String),
    /// Work as another analyst.
    SetAnnotator(String),
    /// Adjudication: look at conflict `usize` (clicked in the text).
    ShowConflict(usize),
    /// Adjudication: apply a choice to conflict `usize`.
    Resolve(usize, Choice),
    /// Adjudication: accept every span all analysts made.
    AcceptUnanimous,
    /// Adjudication: take gold's open conflicts the analysts no longer show off its list.
    WithdrawOutdated,
    /// Decide conflict `usize` of those the open file records (left by a merge).
    ResolveRecorded(usize, Choice),
    /// Open report (workspace-relative path) and select this span of it (a row of the Figures window).
    OpenFigure(String, SpanKey),
    /// Start the export the export window describes.
    StartExport,
    /// Choose the export window's output with the system's file dialog.
    BrowseExport,
    /// Open a report at a match found by the workspace find: the report selected there, the find bar showing
    /// the query's matches in it.
    OpenMatch {
        /// The report (path relative to the workspace).
        doc: String,
        /// The match's start (code points).
        start: usize,
        /// Its end (exclusive).
        end: usize,
        /// The query that found it.
        query: String,
        /// Whether it was matched in any script.
        any_script: bool,
    },
    /// Quit without saving (after a failed save, when the analyst says so).
    QuitWithoutSaving,
}
