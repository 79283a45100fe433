//! The central panel: the open report in the text view, with what the mode outlines and colours, and what a
//! click there means (select a span, or in adjudication go to the conflict under it).

use egui::Ui;

use crate::model::{Conflict, SpanKey};
use crate::session::OpenDoc;

use super::action::Action;
use super::adjudication::{Adjudication, CONFLICT_COLOR};
use super::arrows::Arrows;
use super::find_bar::FindState;
use super::highlight::HighlightStyle;
use super::suggestion_state::Suggesting;
use super::text_view::{Outline, TextView, ViewInput};

/// What the view shows, by mode.
pub enum Showing<'a> {
    /// The analyst's own spans.
    Editing {
        /// The open report.
        doc: &'a OpenDoc,
        /// The selected span (outlined in its label's colour).
        selected: Option<&'a SpanKey>,
        /// The recorded conflict being looked at (outlined when no span is selected).
        recorded: Option<&'a Conflict>,
        /// The engine's suggestions, when shown.
        suggestions: Option<&'a Suggesting>,
        /// R was pressed: a click on a span links the selected span to it.
        linking: bool,
        /// Links suggested between the spans (drawn faintly).
        suggested_links: &'a [crate::model::Relation],
        /// The selected link.
        selected_relation: Option<&'a crate::model::Relation>,
        /// Draw every span's links (else only the selected span's).
        all_relations: bool,
    },
    /// Every analyst's spans, coloured by support.
    Adjudicating {
        /// Gold's open report.
        doc: &'a OpenDoc,
        /// The adjudication.
        adjudication: &'a Adjudication,
    },
}

/// The outline of the ordinary editor: the selected span in its label's colour; with none selected, the
/// recorded conflict being looked at in the conflict colour (whatever the schema's labels are called).
pub fn editing_outline(
    selected: Option<&SpanKey>,
    recorded: Option<&Conflict>,
    style: &HighlightStyle,
) -> Option<Outline> {
    match (selected, recorded) {
        (Some(key), _) => Some(Outline {
            start: key.start,
            end: key.end,
            color: style.label_color(&key.label),
        }),
        (None, Some(conflict)) => Some(Outline {
            start: conflict.start,
            end: conflict.end,
            color: CONFLICT_COLOR,
        }),
        (None, None) => None,
    }
}

/// A key no span has, for "only the selected span's links" with no span selected.
static NO_SPAN: SpanKey = SpanKey {
    start: usize::MAX,
    end: usize::MAX,
    label: crate::model::SmallText::const_new(""),
};

/// How many characters a line of the report holds at most on a wide screen (View ▸ Full-width text lifts it).
pub const READABLE_LINE_CHARS: usize = 45;

/// Draws the report (or how to open one) and turns clicks into actions; `full_width` lets lines run as wide as
/// the view.
pub fn show(
    ui: &mut Ui,
    view: &mut TextView,
    showing: Option<Showing<'_>>,
    find: &FindState,
    style: &HighlightStyle,
    full_width: bool,
    actions: &mut Vec<Action>,
) {
    let Some(showing) = showing else {
        ui.centered_and_justified(|ui| {
            ui.label(
                "Open a workspace folder (File → Open folder…) or drop a folder or .txt file here.",
            );
        });
        return;
    };
    let doc = match &showing {
        Showing::Editing { doc, .. } | Showing::Adjudicating { doc, .. } => *doc,
    };
    if let Some(reason) = &doc.read_only {
        ui.colored_label(ui.visuals().error_fg_color, format!("※ {reason}"));
    }
    let editor = &doc.editor;
    let (spans, revision, outline) = match &showing {
        Showing::Editing {
            selected, recorded, ..
        } => (
            editor.spans(),
            editor.revision(),
            editing_outline(*selected, *recorded, style),
        ),
        // The label fills each span, as in the editor; how many analysts made it is its outline.
        Showing::Adjudicating { adjudication, .. } => (
            adjudication.display(),
            adjudication.revision(),
            adjudication.current_outline(),
        ),
    };
    let (ghosts, focused_ghost) = match &showing {
        Showing::Editing {
            suggestions: Some(suggesting),
            ..
        } => {
            let ghosts = suggesting.ghosts();
            // Ghosts are in text order: a binary search, not a scan of every suggestion each frame.
            let focused = suggesting.focused.as_ref().and_then(|k| {
                let from = ghosts.partition_point(|g| g.start < k.start);
                ghosts[from..]
                    .iter()
                    .take_while(|g| g.start == k.start)
                    .position(|g| g.end == k.end && g.label == k.label)
                    .map(|i| from + i)
            });
            (ghosts, focused)
        }
        _ => (&[][..], None),
    };
    let input = ViewInput {
        text: editor.text(),
        spans,
        revision,
        outline,
        matches: &find.matches,
        ghosts,
        focused_ghost,
        max_line_chars: (!full_width).then_some(READABLE_LINE_CHARS),
        marks: match &showing {
            Showing::Adjudicating { adjudication, .. } => adjudication.support_marks(),
            Showing::Editing { .. } => &[],
        },
        current_match: find.current,
        arrows: match &showing {
            Showing::Editing {
                selected,
                selected_relation,
                all_relations,
                suggested_links,
                ..
            } => Arrows {
                relations: &editor.file().relations,
                suggested: suggested_links,
                only: if *all_relations {
                    None
                } else {
                    // Only the selected span's links; with none selected, none.
                    Some(selected.unwrap_or(&NO_SPAN))
                },
                selected: *selected_relation,
            },
            // Adjudication shows the analysts' spans, not one file's links.
            Showing::Adjudicating { .. } => Arrows::default(),
        },
        style,
    };
    let output = view.show(ui, &input);
    // The link clicked, if the file still has it (it was drawn a frame ago).
    if let Some(clicked) = output.clicked_relation
        && let Some(relation) = editor
            .file()
            .relations
            .iter()
            .find(|r| r.key() == clicked.key())
    {
        actions.push(Action::SelectRelation(relation.clone()));
        return;
    }
    match (&showing, output.clicked_char) {
        (Showing::Adjudicating { adjudication, .. }, Some(at)) => {
            if let Some(index) = adjudication.view().conflict_at(at) {
                actions.push(Action::ShowConflict(index));
            }
        }
        (
            Showing::Editing {
                linking: true,
                selected,
                ..
            },
            Some(at),
        ) => {
            // Linking: the innermost span clicked (other than the one linked from) is the other end.
            let target = editor
                .spans_at(at)
                .iter()
                .map(|s| s.key())
                .find(|k| Some(k) != *selected);
            actions.push(match target {
                Some(key) => Action::LinkTo(key),
                None => Action::CancelLink,
            });
        }
        (
            Showing::Editing {
                selected,
                suggestions,
                ..
            },
            Some(at),
        ) => {
            // A click selects the innermost span there; clicking again selects the next one out. Where there
            // is no span, a click on a suggestion gives it the focus.
            let hits: Vec<SpanKey> = editor.spans_at(at).iter().map(|s| s.key()).collect();
            if hits.is_empty()
                && let Some(key) = suggestions.and_then(|s| s.at(at))
            {
                actions.push(Action::FocusSuggestion(key));
                return;
            }
            let next = match selected.and_then(|k| hits.iter().position(|h| h == k)) {
                Some(i) if i + 1 < hits.len() => Some(hits[i + 1].clone()),
                _ => hits.first().cloned(),
            };
            actions.push(match next {
                Some(key) => Action::SelectSpan(key, false),
                // On plain text: no span selected, the caret stays where the click put it.
                None => Action::ReleaseSpan,
            });
        }
        (Showing::Editing { .. }, None) => {
            if output.selection_changed && view.selection().is_some() {
                actions.push(Action::ReleaseSpan);
            }
        }
        (Showing::Adjudicating { .. }, None) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConflictKind, ConflictOption};
    use egui::{Color32, FontId};

    /// A schema whose labels are named like the view's own categories: "conflict" among them.
    fn style() -> HighlightStyle {
        HighlightStyle {
            font: FontId::proportional(16.0),
            text: Color32::BLACK,
            dark: false,
            label_tags: false,
            relations: Vec::new(),
            labels: vec![
                ("conflict".into(), Color32::from_rgb(1, 2, 3)),
                ("majority".into(), Color32::from_rgb(4, 5, 6)),
            ],
        }
    }

    fn key(label: &str) -> SpanKey {
        SpanKey {
            start: 2,
            end: 5,
            label: label.into(),
        }
    }

    #[test]
    fn a_schema_label_named_conflict_keeps_its_colour_and_the_conflict_outline_keeps_its_own() {
        let conflict = Conflict {
            kind: ConflictKind::Label,
            origin: crate::model::ConflictOrigin::Analysts,
            start: 0,
            end: 4,
            options: vec![ConflictOption {
                span: Some(key("conflict")),
                annotators: vec!["alice".into()],
            }],
        };
        let recorded = editing_outline(None, Some(&conflict), &style()).unwrap();
        assert_eq!(recorded.color, CONFLICT_COLOR);
        assert_eq!((recorded.start, recorded.end), (0, 4));
        let selected = editing_outline(Some(&key("conflict")), Some(&conflict), &style()).unwrap();
        assert_eq!(selected.color, Color32::from_rgb(1, 2, 3));
        assert_eq!((selected.start, selected.end), (2, 5));
    }
}
