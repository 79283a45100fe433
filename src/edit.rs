//! Edits to annotations as values: add, remove, replace (relabel, move a boundary, change a note), link two
//! spans or unlink them, set the status, settle or reopen a recorded conflict, or a batch of these.
//!
//! Links stay whole: replacing a span makes the relations that name it name the new span, and a span that
//! relations name cannot be removed alone ([`Edit::delete`] removes it with its relations in one step, so undo
//! restores both). The [`Editor`] applies them to one document's annotations and keeps undo/redo
//! as the inverse edits; autosave watches its revision counter.

use serde::{Deserialize, Serialize};

use crate::figures::FigureValue;
use crate::model::{
    AnnotationFile, Conflict, Relation, RelationConflict, Span, SpanKey, Status, conflict_order,
    relation_order, span_order,
};
use crate::relations;
use crate::schema::Schema;
use crate::text::ReportText;

/// One change to an annotation file. Every edit has an exact inverse ([`Edit::inverse`]): applying an edit and
/// then its inverse gives back the file as it was, field for field. That holds because an edit applies only
/// to the file it describes: `Remove` and `Replace` find their span by extent and label but apply only when the
/// file's span equals theirs in every field (note, quoted text, provenance), so the inverse's `Add` puts back
/// all of it; `SetStatus` applies only from its `old` status; conflicts move only from the list named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Edit {
    /// Add a span.
    Add(Span),
    /// Remove a span (found by extent and label; the file's span must equal it in every field).
    Remove(Span),
    /// Replace a span by another: relabel, move a boundary, change its note (`old` must equal the file's span in
    /// every field).
    Replace {
        /// The span as it is now.
        old: Span,
        /// The span as it becomes.
        new: Span,
    },
    /// Change the document's status.
    SetStatus {
        /// Status before.
        old: Status,
        /// Status after.
        new: Status,
    },
    /// Mark an open conflict of the file as decided: it moves from `conflicts` to `settled`. Adjudicating a
    /// conflict is its span edits plus this, in one batch, so undo brings the conflict back too.
    Settle(Conflict),
    /// Take a decision back: the conflict moves from `settled` to `conflicts` (the inverse of `Settle`).
    Reopen(Conflict),
    /// Take an open conflict off the file without deciding it: the analysts' files no longer show it (they
    /// changed their work after it was recorded), so there is nothing left to decide.
    Withdraw(Conflict),
    /// List a conflict as open (the inverse of `Withdraw`). Refused when the file lists it, open or settled.
    Record(Conflict),
    /// Turn a suggestion down: its extent and label join the file's rejected list, so it is not offered again
    /// in this report. Refused when it is listed already.
    Reject(SpanKey),
    /// Offer a rejected suggestion again (the inverse of `Reject`). Refused when it is not listed.
    Unreject(SpanKey),
    /// Link two spans of the file. Refused when an endpoint is not a span of the file or the link exists
    /// already. Whether the schema allows the type between the two labels is [`Edit::link`]'s check, made when
    /// an analyst draws a link: applying never asks, since a relabel may leave a link the schema no longer
    /// allows (kept, and reported by `validate`) and its undo must put it back exactly.
    Link(Relation),
    /// Take a link away (the file's link must equal it in every field; the inverse of `Link`).
    Unlink(Relation),
    /// Turn a suggested link down: it joins the file's `rejected_relations`, so it is not offered again in this
    /// report. Refused when it is listed already.
    RejectLink(Relation),
    /// Offer a rejected link again (the inverse of `RejectLink`). Refused when it is not listed.
    UnrejectLink(Relation),
    /// Mark an open link conflict as decided: it moves from `relation_conflicts` to
    /// `settled_relation_conflicts` (deciding it is its link edits plus this, in one batch).
    SettleLink(RelationConflict),
    /// Take a link decision back (the inverse of `SettleLink`).
    ReopenLink(RelationConflict),
    /// Several edits that undo and redo as one step (for example "tag all matches").
    Batch(Vec<Edit>),
}

/// Where an edit happened ([`Edit::place`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A span the edit leaves in the file.
    Span(SpanKey),
    /// The code point where the edit took something away (or changed something that is not a span).
    Gone(usize),
}

/// Why an edit could not be applied; the file is unchanged when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The span's range is empty, reversed or past the end of the text.
    #[error("span {start}..{end} is not a range inside the text ({len} characters)")]
    BadRange {
        /// Start offset.
        start: usize,
        /// End offset.
        end: usize,
        /// Text length in code points.
        len: usize,
    },
    /// The label is not in the schema.
    #[error("label {0:?} is not in the schema")]
    UnknownLabel(String),
    /// A span with the same extent and label exists already.
    #[error("a {label} span already covers {start}..{end}")]
    Duplicate {
        /// Start offset.
        start: usize,
        /// End offset.
        end: usize,
        /// Label.
        label: String,
    },
    /// The span to change is not in the file (the edit is stale).
    #[error("no {label} span at {start}..{end}")]
    NotFound {
        /// Start offset.
        start: usize,
        /// End offset.
        end: usize,
        /// Label.
        label: String,
    },
    /// The span to change is in the file, but not as the edit has it (another note, quoted text or
    /// provenance): the edit was made from an older copy, and applying it would lose what differs.
    #[error("the {label} span at {start}..{end} has changed since this edit was made")]
    Changed {
        /// Start offset.
        start: usize,
        /// End offset.
        end: usize,
        /// Label.
        label: String,
    },
    /// The status to change from is not the current one.
    #[error("the status is not {0:?}")]
    StaleStatus(Status),
    /// The conflict to settle is not open, or the one to reopen is not settled (the edit is stale).
    #[error("the {kind:?} conflict at {start}..{end} is not {expected} in this file")]
    ConflictNotFound {
        /// Start of the conflict's region.
        start: usize,
        /// End of the region.
        end: usize,
        /// Its kind.
        kind: crate::model::ConflictKind,
        /// Where it was looked for: "open" or "settled".
        expected: &'static str,
    },
    /// The conflict is already in the list it would move to or be recorded in.
    #[error("the {kind:?} conflict at {start}..{end} is {already} already")]
    ConflictAlready {
        /// Start of the conflict's region.
        start: usize,
        /// End of the region.
        end: usize,
        /// Its kind.
        kind: crate::model::ConflictKind,
        /// The list it is in: "open" or "settled".
        already: &'static str,
    },
    /// The suggestion is rejected already (`Reject`) or is not (`Unreject`): the edit is stale.
    #[error("the {label} suggestion at {start}..{end} is {state}")]
    Rejection {
        /// Start offset.
        start: usize,
        /// End offset.
        end: usize,
        /// Label.
        label: String,
        /// "rejected already" or "not rejected".
        state: &'static str,
    },
    /// Relations name the span to remove (remove them with it: [`Edit::delete`]), or name the place a span
    /// would be moved to (links left over from a hand-edited file), so the edit would leave a link broken.
    #[error("{count} relation(s) name the {label} span at {start}..{end}")]
    Linked {
        /// Start offset of the span named.
        start: usize,
        /// End offset.
        end: usize,
        /// Label.
        label: String,
        /// How many relations name it.
        count: usize,
    },
    /// A link's endpoint is not a span of the file.
    #[error("no {label} span at {start}..{end} to link")]
    NoEndpoint {
        /// Start offset.
        start: usize,
        /// End offset.
        end: usize,
        /// Label.
        label: String,
    },
    /// The schema has no relation type of this name ([`Edit::link`]).
    #[error("relation type {0:?} is not in the schema")]
    UnknownRelation(String),
    /// The schema does not allow this type between these labels ([`Edit::link`]).
    #[error("a {kind} link may not go from a {from} span to a {to} span")]
    NotAllowed {
        /// The relation type.
        kind: String,
        /// The label the link starts at.
        from: String,
        /// The label it points to.
        to: String,
    },
    /// The link exists already (`Link`), or is not in the file as the edit has it (`Unlink`).
    #[error("the link {link} is {state}")]
    Relation {
        /// The link in words.
        link: String,
        /// What is wrong: "there already", "not in the file", "rejected already", "not rejected", "not open"…
        state: &'static str,
    },
    /// Nothing to undo or redo.
    #[error("nothing to {0}")]
    NothingTo(&'static str),
}

impl Edit {
    /// The edit that turns the span into one with another label.
    pub fn relabel(span: &Span, label: &str) -> Edit {
        Edit::Replace {
            old: span.clone(),
            new: Span {
                label: label.into(),
                ..span.clone()
            },
        }
    }

    /// The edit that moves the span's boundaries (its quoted text follows the new range).
    pub fn move_to(text: &ReportText, span: &Span, start: usize, end: usize) -> Edit {
        Edit::Replace {
            old: span.clone(),
            new: Span {
                start,
                end,
                text: text.slice(start, end).into(),
                ..span.clone()
            },
        }
    }

    /// The edit that sets (or clears, with an empty string) the span's note.
    pub fn set_note(span: &Span, note: &str) -> Edit {
        Edit::Replace {
            old: span.clone(),
            new: Span {
                note: (!note.trim().is_empty()).then(|| note.to_owned()),
                ..span.clone()
            },
        }
    }

    /// The edit that corrects the value a Figure span is read as (or, with `None`, goes back to the engine's
    /// reading of its text).
    pub fn set_value(span: &Span, value: Option<FigureValue>) -> Edit {
        Edit::Replace {
            old: span.clone(),
            new: Span {
                value: value.map(Box::new),
                ..span.clone()
            },
        }
    }

    /// The edit that links two spans with a type the schema allows between their labels: how a new link is
    /// made (refused with the reason otherwise).
    pub fn link(
        schema: &Schema,
        from: &SpanKey,
        to: &SpanKey,
        kind: &str,
    ) -> Result<Edit, EditError> {
        let def = schema
            .relation(kind)
            .ok_or_else(|| EditError::UnknownRelation(kind.to_owned()))?;
        if !def.allows(&from.label, &to.label) {
            return Err(EditError::NotAllowed {
                kind: kind.to_owned(),
                from: from.label.to_string(),
                to: to.label.to_string(),
            });
        }
        Ok(Edit::Link(Relation::new(from.clone(), to.clone(), kind)))
    }

    /// The edit that removes a span together with every relation that names it, as one step (undo restores
    /// both): how the app and adjudication delete a span.
    pub fn delete(file: &AnnotationFile, span: &Span) -> Edit {
        let key = span.key();
        let mut edits: Vec<Edit> = relations::touching(&file.relations, &key)
            .map(|r| Edit::Unlink(r.clone()))
            .collect();
        if edits.is_empty() {
            return Edit::Remove(span.clone());
        }
        edits.push(Edit::Remove(span.clone()));
        Edit::Batch(edits)
    }

    /// Where the edit happens, so that the view can follow an undo or redo: the span it leaves in the file (to
    /// select), or the place of one it takes away (to scroll to). For a batch, its first span edit.
    pub fn place(&self) -> Option<Place> {
        match self {
            Edit::Add(span) => Some(Place::Span(span.key())),
            Edit::Replace { new, .. } => Some(Place::Span(new.key())),
            Edit::Remove(span) => Some(Place::Gone(span.start)),
            Edit::Reject(key) | Edit::Unreject(key) => Some(Place::Gone(key.start)),
            Edit::Settle(c) | Edit::Reopen(c) | Edit::Withdraw(c) | Edit::Record(c) => {
                Some(Place::Gone(c.start))
            }
            Edit::Link(relation) => Some(Place::Span(relation.from.clone())),
            // The span may go in the same step (a span deleted with its links).
            Edit::Unlink(relation) | Edit::RejectLink(relation) | Edit::UnrejectLink(relation) => {
                Some(Place::Gone(relation.from.start))
            }
            Edit::SettleLink(c) | Edit::ReopenLink(c) => Some(Place::Gone(c.from.start)),
            Edit::SetStatus { .. } => None,
            Edit::Batch(edits) => edits.iter().find_map(Edit::place),
        }
    }

    /// Whether the edit changes nothing (an empty batch, as when a decision asks for what the file holds
    /// already): the editor makes no undo step of it, and the app says so instead of "undo takes it back".
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the edit adds at least one span (a report's first span starts the work on it).
    pub fn adds_span(&self) -> bool {
        match self {
            Edit::Add(_) => true,
            Edit::Batch(edits) => edits.iter().any(Edit::adds_span),
            _ => false,
        }
    }

    /// How many single changes the edit makes (a batch counts its parts), for messages such as "accepted 12
    /// unanimous spans".
    pub fn len(&self) -> usize {
        match self {
            Edit::Batch(edits) => edits.iter().map(Edit::len).sum(),
            _ => 1,
        }
    }

    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        match self {
            Edit::Add(span) => Edit::Remove(span.clone()),
            Edit::Remove(span) => Edit::Add(span.clone()),
            Edit::Replace { old, new } => Edit::Replace {
                old: new.clone(),
                new: old.clone(),
            },
            Edit::SetStatus { old, new } => Edit::SetStatus {
                old: *new,
                new: *old,
            },
            Edit::Settle(conflict) => Edit::Reopen(conflict.clone()),
            Edit::Reopen(conflict) => Edit::Settle(conflict.clone()),
            Edit::Withdraw(conflict) => Edit::Record(conflict.clone()),
            Edit::Record(conflict) => Edit::Withdraw(conflict.clone()),
            Edit::Reject(key) => Edit::Unreject(key.clone()),
            Edit::Unreject(key) => Edit::Reject(key.clone()),
            Edit::Link(relation) => Edit::Unlink(relation.clone()),
            Edit::Unlink(relation) => Edit::Link(relation.clone()),
            Edit::RejectLink(relation) => Edit::UnrejectLink(relation.clone()),
            Edit::UnrejectLink(relation) => Edit::RejectLink(relation.clone()),
            Edit::SettleLink(conflict) => Edit::ReopenLink(conflict.clone()),
            Edit::ReopenLink(conflict) => Edit::SettleLink(conflict.clone()),
            Edit::Batch(edits) => Edit::Batch(edits.iter().rev().map(Edit::inverse).collect()),
        }
    }

    /// Applies the edit to a file, checking it against the text and schema. On error nothing changed.
    pub fn apply(
        &self,
        file: &mut AnnotationFile,
        text: &ReportText,
        schema: &Schema,
    ) -> Result<(), EditError> {
        match self {
            Edit::Batch(edits) => {
                let before = file.clone();
                for edit in edits {
                    if let Err(e) = edit.apply(file, text, schema) {
                        *file = before;
                        return Err(e);
                    }
                }
                Ok(())
            }
            Edit::Add(span) => {
                check_span(span, text, schema)?;
                let at = insertion_point(&file.spans, span)?;
                file.spans.insert(at, with_context(span, text));
                Ok(())
            }
            Edit::Remove(span) => {
                let at = position(&file.spans, span)?;
                unlinked(file, &span.key())?;
                file.spans.remove(at);
                Ok(())
            }
            Edit::Replace { old, new } => {
                check_span(new, text, schema)?;
                let at = position(&file.spans, old)?;
                let (old_key, new_key) = (old.key(), new.key());
                if old_key != new_key {
                    // A link naming the new place would be merged with the span's own links, and undo could
                    // not tell them apart.
                    unlinked(file, &new_key)?;
                }
                let removed = file.spans.remove(at);
                match insertion_point(&file.spans, new) {
                    Ok(to) => {
                        file.spans.insert(to, with_context(new, text));
                        relations::follow(&mut file.relations, &old_key, &new_key);
                        Ok(())
                    }
                    Err(e) => {
                        file.spans.insert(at, removed);
                        Err(e)
                    }
                }
            }
            Edit::SetStatus { old, new } => {
                if file.status != *old {
                    return Err(EditError::StaleStatus(*old));
                }
                file.status = *new;
                Ok(())
            }
            Edit::Settle(conflict) => move_conflict(
                conflict,
                (&mut file.conflicts, "open"),
                (&mut file.settled, "settled"),
            ),
            Edit::Reopen(conflict) => move_conflict(
                conflict,
                (&mut file.settled, "settled"),
                (&mut file.conflicts, "open"),
            ),
            Edit::Withdraw(conflict) => {
                let at = conflict_position(&file.conflicts, conflict).map_err(|_| {
                    EditError::ConflictNotFound {
                        start: conflict.start,
                        end: conflict.end,
                        kind: conflict.kind,
                        expected: "open",
                    }
                })?;
                file.conflicts.remove(at);
                Ok(())
            }
            Edit::Record(conflict) => {
                let already = |name| EditError::ConflictAlready {
                    start: conflict.start,
                    end: conflict.end,
                    kind: conflict.kind,
                    already: name,
                };
                if conflict_position(&file.settled, conflict).is_ok() {
                    return Err(already("settled"));
                }
                let into = conflict_position(&file.conflicts, conflict)
                    .err()
                    .ok_or(already("open"))?;
                file.conflicts.insert(into, conflict.clone());
                Ok(())
            }
            Edit::Reject(key) => {
                if key.start >= key.end || key.end > text.len_chars() {
                    return Err(EditError::BadRange {
                        start: key.start,
                        end: key.end,
                        len: text.len_chars(),
                    });
                }
                let into = file
                    .rejected
                    .binary_search(key)
                    .err()
                    .ok_or_else(|| rejection(key, "rejected already"))?;
                file.rejected.insert(into, key.clone());
                Ok(())
            }
            Edit::Unreject(key) => {
                let at = file
                    .rejected
                    .binary_search(key)
                    .map_err(|_| rejection(key, "not rejected"))?;
                file.rejected.remove(at);
                Ok(())
            }
            Edit::Link(relation) => {
                check_link(relation, file)?;
                let duplicate = file.relations.iter().any(|r| r.key() == relation.key());
                let into = file
                    .relations
                    .binary_search_by(|probe| relation_order(probe, relation))
                    .err()
                    .filter(|_| !duplicate)
                    .ok_or_else(|| relation_error(relation, "there already"))?;
                file.relations.insert(into, relation.clone());
                Ok(())
            }
            Edit::Unlink(relation) => {
                let at = file
                    .relations
                    .binary_search_by(|probe| relation_order(probe, relation))
                    .map_err(|_| relation_error(relation, "not in the file"))?;
                file.relations.remove(at);
                Ok(())
            }
            Edit::RejectLink(relation) => {
                let into = file
                    .rejected_relations
                    .binary_search_by(|probe| relation_order(probe, relation))
                    .err()
                    .ok_or_else(|| relation_error(relation, "rejected already"))?;
                file.rejected_relations.insert(into, relation.clone());
                Ok(())
            }
            Edit::UnrejectLink(relation) => {
                let at = file
                    .rejected_relations
                    .binary_search_by(|probe| relation_order(probe, relation))
                    .map_err(|_| relation_error(relation, "not rejected"))?;
                file.rejected_relations.remove(at);
                Ok(())
            }
            Edit::SettleLink(conflict) => move_link_conflict(
                conflict,
                (&mut file.relation_conflicts, "open"),
                (&mut file.settled_relation_conflicts, "settled"),
            ),
            Edit::ReopenLink(conflict) => move_link_conflict(
                conflict,
                (&mut file.settled_relation_conflicts, "settled"),
                (&mut file.relation_conflicts, "open"),
            ),
        }
    }
}

/// Moves a link conflict between a file's open and settled lists (both sorted); refused, with nothing changed,
/// when it is not in `from` or is in `to` already.
fn move_link_conflict(
    conflict: &RelationConflict,
    (from, from_name): (&mut Vec<RelationConflict>, &'static str),
    (to, to_name): (&mut Vec<RelationConflict>, &'static str),
) -> Result<(), EditError> {
    let link = || {
        format!(
            "{:?} conflict {}..{} {} -> {}..{} {}",
            conflict.kind,
            conflict.from.start,
            conflict.from.end,
            conflict.from.label,
            conflict.to.start,
            conflict.to.end,
            conflict.to.label
        )
    };
    let at = from
        .binary_search(conflict)
        .map_err(|_| EditError::Relation {
            link: link(),
            state: if from_name == "open" {
                "not open"
            } else {
                "not settled"
            },
        })?;
    let Err(into) = to.binary_search(conflict) else {
        return Err(EditError::Relation {
            link: link(),
            state: if to_name == "open" {
                "open already"
            } else {
                "settled already"
            },
        });
    };
    to.insert(into, from.remove(at));
    Ok(())
}

/// Refuses when relations name `key` (a span to be removed, or a place a span would move to).
fn unlinked(file: &AnnotationFile, key: &SpanKey) -> Result<(), EditError> {
    let count = relations::touching(&file.relations, key).count();
    if count == 0 {
        return Ok(());
    }
    Err(EditError::Linked {
        start: key.start,
        end: key.end,
        label: key.label.to_string(),
        count,
    })
}

/// Checks a new link: both endpoints spans of the file.
fn check_link(relation: &Relation, file: &AnnotationFile) -> Result<(), EditError> {
    for end in [&relation.from, &relation.to] {
        let found = file
            .spans
            .binary_search_by(|probe| {
                (
                    probe.start,
                    std::cmp::Reverse(probe.end),
                    probe.label.as_str(),
                )
                    .cmp(&(
                        end.start,
                        std::cmp::Reverse(end.end),
                        end.label.as_str(),
                    ))
            })
            .is_ok();
        if !found {
            return Err(EditError::NoEndpoint {
                start: end.start,
                end: end.end,
                label: end.label.to_string(),
            });
        }
    }
    Ok(())
}

fn relation_error(relation: &Relation, state: &'static str) -> EditError {
    EditError::Relation {
        link: relations::describe(relation),
        state,
    }
}

fn rejection(key: &SpanKey, state: &'static str) -> EditError {
    EditError::Rejection {
        start: key.start,
        end: key.end,
        label: key.label.to_string(),
        state,
    }
}

/// Where a conflict is (or would go) in a list kept in [`conflict_order`].
fn conflict_position(list: &[Conflict], conflict: &Conflict) -> Result<usize, usize> {
    list.binary_search_by(|probe| conflict_order(probe, conflict))
}

/// Moves a conflict between a file's open and settled lists (both kept in [`conflict_order`]). Refused, with
/// nothing changed, when it is not in `from` or is in `to` already.
fn move_conflict(
    conflict: &Conflict,
    (from, from_name): (&mut Vec<Conflict>, &'static str),
    (to, to_name): (&mut Vec<Conflict>, &'static str),
) -> Result<(), EditError> {
    let at = from
        .binary_search_by(|probe| conflict_order(probe, conflict))
        .map_err(|_| EditError::ConflictNotFound {
            start: conflict.start,
            end: conflict.end,
            kind: conflict.kind,
            expected: from_name,
        })?;
    let Err(into) = to.binary_search_by(|probe| conflict_order(probe, conflict)) else {
        return Err(EditError::ConflictAlready {
            start: conflict.start,
            end: conflict.end,
            kind: conflict.kind,
            already: to_name,
        });
    };
    to.insert(into, from.remove(at));
    Ok(())
}

/// The span as the file keeps it: with the context of its place in the text (an edit may carry none, or a
/// stale one after a boundary moved; context takes no part in span equality).
fn with_context(span: &Span, text: &ReportText) -> Span {
    let mut span = span.clone();
    span.set_context(text);
    span
}

fn check_span(span: &Span, text: &ReportText, schema: &Schema) -> Result<(), EditError> {
    if span.start >= span.end || span.end > text.len_chars() {
        return Err(EditError::BadRange {
            start: span.start,
            end: span.end,
            len: text.len_chars(),
        });
    }
    if !schema.has(&span.label) {
        return Err(EditError::UnknownLabel(span.label.to_string()));
    }
    Ok(())
}

fn not_found(span: &Span) -> EditError {
    EditError::NotFound {
        start: span.start,
        end: span.end,
        label: span.label.to_string(),
    }
}

/// Index of the span, found by its key (binary search on the canonical order); refused unless the file's
/// span is equal to it in every field, so that removing it and adding it back restores the file exactly.
fn position(spans: &[Span], span: &Span) -> Result<usize, EditError> {
    let at = spans
        .binary_search_by(|probe| span_order(probe, span))
        .map_err(|_| not_found(span))?;
    if spans[at] != *span {
        return Err(EditError::Changed {
            start: span.start,
            end: span.end,
            label: span.label.to_string(),
        });
    }
    Ok(at)
}

fn insertion_point(spans: &[Span], span: &Span) -> Result<usize, EditError> {
    match spans.binary_search_by(|probe| span_order(probe, span)) {
        Ok(_) => Err(EditError::Duplicate {
            start: span.start,
            end: span.end,
            label: span.label.to_string(),
        }),
        Err(at) => Ok(at),
    }
}

/// One document's annotations being edited: the text (shared), the file, undo and redo.
#[derive(Debug, Clone)]
pub struct Editor {
    text: ReportText,
    schema: Schema,
    file: AnnotationFile,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    revision: u64,
    saved_revision: u64,
}

impl Editor {
    /// Starts editing a file whose spans are known to fit the text (as loaded through the store).
    pub fn new(text: ReportText, schema: Schema, mut file: AnnotationFile) -> Editor {
        file.normalize();
        // Files written before contexts were stored get them, so that the next save records them.
        let len = text.len_chars();
        for span in &mut file.spans {
            if span.start < span.end && span.end <= len {
                span.set_context(&text);
            }
        }
        Editor {
            text,
            schema,
            file,
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
            saved_revision: 0,
        }
    }

    /// The report text.
    pub fn text(&self) -> &ReportText {
        &self.text
    }

    /// The label schema edits are checked against.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The current annotations.
    pub fn file(&self) -> &AnnotationFile {
        &self.file
    }

    /// The spans in canonical order.
    pub fn spans(&self) -> &[Span] {
        &self.file.spans
    }

    /// A counter that changes on every applied edit, undo or redo (views cache on it).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether there are edits not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// Records that the current state is on disk.
    pub fn mark_saved(&mut self) {
        self.saved_revision = self.revision;
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The edit that [`Editor::undo`] would apply to the file next (the inverse of the last step): what the
    /// edit journal records for an undo, so that replaying it reproduces the file.
    pub fn next_undo(&self) -> Option<&Edit> {
        self.undo.last()
    }

    /// The edit that [`Editor::redo`] would apply to the file next.
    pub fn next_redo(&self) -> Option<&Edit> {
        self.redo.last()
    }

    /// Counts the file as changed since it was saved, without an edit: the file was changed on opening
    /// (re-anchored to a revised report) and must be written.
    pub fn mark_unsaved(&mut self) {
        self.bump();
    }

    /// Applies an edit as one undoable step.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        if edit.is_empty() {
            return Ok(());
        }
        edit.apply(&mut self.file, &self.text, &self.schema)?;
        self.undo.push(edit.inverse());
        self.redo.clear();
        self.bump();
        Ok(())
    }

    /// Undoes the last step.
    pub fn undo(&mut self) -> Result<(), EditError> {
        let inverse = self.undo.pop().ok_or(EditError::NothingTo("undo"))?;
        if let Err(e) = inverse.apply(&mut self.file, &self.text, &self.schema) {
            self.undo.push(inverse);
            return Err(e);
        }
        self.redo.push(inverse.inverse());
        self.bump();
        Ok(())
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self) -> Result<(), EditError> {
        let edit = self.redo.pop().ok_or(EditError::NothingTo("redo"))?;
        if let Err(e) = edit.apply(&mut self.file, &self.text, &self.schema) {
            self.redo.push(edit);
            return Err(e);
        }
        self.undo.push(edit.inverse());
        self.bump();
        Ok(())
    }

    fn bump(&mut self) {
        // Revisions only grow, so an undo back to the saved state still counts as a change to save: simpler
        // and never loses anything.
        self.revision += 1;
    }

    /// Adds conflicts found outside this file (a fresh analysis of the analysts' files) to its open list. Not
    /// an edit and not an unsaved change: it records what the other files say, so nothing is undone and the file
    /// is written only with the adjudicator's first decision. Conflicts listed already, open or settled, are
    /// skipped.
    pub fn record_conflicts(&mut self, conflicts: Vec<Conflict>) {
        let before = self.file.conflicts.len();
        let settled = &self.file.settled;
        self.file.conflicts.extend(
            conflicts
                .into_iter()
                .filter(|c| settled.binary_search_by(|s| conflict_order(s, c)).is_err()),
        );
        if self.file.conflicts.len() != before {
            self.file.conflicts.sort_by(conflict_order);
            self.file.conflicts.dedup();
        }
    }

    /// A new span over `[start, end)` with this label (quoted text filled in), not yet applied.
    pub fn new_span(&self, start: usize, end: usize, label: &str) -> Span {
        Span::new(&self.text, start, end, label)
    }

    /// The spans that contain code point `at`, innermost first.
    pub fn spans_at(&self, at: usize) -> Vec<&Span> {
        let mut hits: Vec<&Span> = self
            .file
            .spans
            .iter()
            .take_while(|s| s.start <= at)
            .filter(|s| s.end > at)
            .collect();
        hits.sort_by_key(|s| s.len());
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocRef;

    fn editor() -> Editor {
        let text = ReportText::new("𠮷野家：贫困发生率降至0.68%。");
        let file = AnnotationFile::new(DocRef::of("a.txt", &text), "alice");
        Editor::new(text, Schema::default(), file)
    }

    #[test]
    fn add_relabel_move_undo_redo() {
        let mut ed = editor();
        let figure = ed.new_span(11, 16, "Figure");
        assert_eq!(figure.text, "0.68%");
        ed.apply(Edit::Add(figure.clone())).unwrap();
        let outcome = ed.new_span(4, 16, "Outcome");
        ed.apply(Edit::Add(outcome.clone())).unwrap();
        assert_eq!(ed.spans()[0].label, "Outcome");
        ed.apply(Edit::relabel(&figure, "Measure")).unwrap();
        assert_eq!(ed.spans()[1].label, "Measure");
        let moved = Edit::move_to(ed.text(), &ed.spans()[1].clone(), 11, 15);
        ed.apply(moved).unwrap();
        assert_eq!(ed.spans()[1].text, "0.68");
        ed.undo().unwrap();
        ed.undo().unwrap();
        assert_eq!(ed.spans()[1], figure);
        ed.redo().unwrap();
        assert_eq!(ed.spans()[1].label, "Measure");
        assert!(ed.is_dirty());
    }

    #[test]
    fn rejecting_a_suggestion_is_an_undoable_step_and_refused_twice() {
        let mut ed = editor();
        let key = ed.new_span(11, 16, "Figure").key();
        ed.apply(Edit::Reject(key.clone())).unwrap();
        assert_eq!(ed.file().rejected, vec![key.clone()]);
        assert!(matches!(
            ed.apply(Edit::Reject(key.clone())),
            Err(EditError::Rejection { .. })
        ));
        assert!(matches!(
            ed.apply(Edit::Reject(ed.new_span(3, 99, "Figure").key())),
            Err(EditError::BadRange { .. })
        ));
        ed.undo().unwrap();
        assert!(ed.file().rejected.is_empty());
        assert!(matches!(
            ed.apply(Edit::Unreject(key.clone())),
            Err(EditError::Rejection { .. })
        ));
        ed.redo().unwrap();
        assert_eq!(ed.file().rejected, vec![key]);
    }

    #[test]
    fn a_value_correction_is_kept_with_the_span_and_undone() {
        let mut ed = editor();
        let figure = ed.new_span(11, 16, "Figure");
        ed.apply(Edit::Add(figure.clone())).unwrap();
        let corrected = crate::figures::read_value("约0.7%", &crate::figures::Table::builtin());
        assert!(corrected.is_some());
        ed.apply(Edit::set_value(&figure, corrected.clone()))
            .unwrap();
        assert_eq!(ed.spans()[0].value.as_deref(), corrected.as_ref());
        let ron = crate::store::to_ron(ed.file()).unwrap();
        let back: AnnotationFile = ron::from_str(&ron).unwrap();
        assert_eq!(
            back.spans[0].value.as_deref(),
            corrected.as_ref(),
            "the correction survives the file: {ron}"
        );
        ed.undo().unwrap();
        assert_eq!(ed.spans()[0], figure);
    }

    #[test]
    fn refuses_bad_edits_without_change() {
        let mut ed = editor();
        let span = ed.new_span(0, 3, "Measure");
        ed.apply(Edit::Add(span.clone())).unwrap();
        let before = ed.file().clone();
        assert!(matches!(
            ed.apply(Edit::Add(span.clone())),
            Err(EditError::Duplicate { .. })
        ));
        assert!(matches!(
            ed.apply(Edit::Add(ed.new_span(3, 99, "Figure"))),
            Err(EditError::BadRange { .. })
        ));
        assert!(matches!(
            ed.apply(Edit::Add(ed.new_span(0, 1, "Place"))),
            Err(EditError::UnknownLabel(_))
        ));
        let batch = Edit::Batch(vec![
            Edit::Add(ed.new_span(5, 6, "Figure")),
            Edit::Add(span),
        ]);
        assert!(ed.apply(batch).is_err());
        assert_eq!(
            ed.file(),
            &before,
            "a failed batch leaves the file as it was"
        );
    }

    #[test]
    fn settling_a_conflict_undoes_and_redoes_with_its_spans() {
        use crate::model::{ConflictKind, ConflictOption, ConflictOrigin};
        let text = ReportText::new("𠮷野家：贫困发生率降至0.68%。");
        let figure = Span::new(&text, 11, 16, "Figure");
        let conflict = Conflict {
            kind: ConflictKind::Missing,
            origin: ConflictOrigin::Analysts,
            start: 11,
            end: 16,
            options: vec![
                ConflictOption {
                    span: Some(figure.key()),
                    annotators: vec!["alice".into()],
                },
                ConflictOption {
                    span: None,
                    annotators: vec!["bob".into()],
                },
            ],
        };
        let mut file = AnnotationFile::new(DocRef::of("a.txt", &text), "gold");
        file.conflicts = vec![conflict.clone()];
        let mut ed = Editor::new(text, Schema::default(), file);
        let decide = Edit::Batch(vec![
            Edit::Add(figure.clone()),
            Edit::Settle(conflict.clone()),
        ]);
        ed.apply(decide).unwrap();
        assert!(ed.file().conflicts.is_empty());
        assert_eq!(ed.file().settled, vec![conflict.clone()]);
        assert_eq!(ed.spans(), std::slice::from_ref(&figure));
        // A stale or repeated settle changes nothing.
        let before = ed.file().clone();
        assert!(matches!(
            ed.apply(Edit::Settle(conflict.clone())),
            Err(EditError::ConflictNotFound {
                expected: "open",
                ..
            })
        ));
        assert_eq!(ed.file(), &before);
        ed.undo().unwrap();
        assert_eq!(ed.file().conflicts, vec![conflict.clone()]);
        assert!(ed.file().settled.is_empty() && ed.spans().is_empty());
        ed.redo().unwrap();
        assert_eq!(ed.file(), &before);
    }

    /// An edit made from an older copy of a span (here without the note the file's span has) is refused, so
    /// that its inverse can never drop the note; an edit of the span as the file has it is undone exactly.
    #[test]
    fn remove_and_replace_apply_only_to_the_span_as_the_file_has_it() {
        let text = ReportText::new("𠮷野家523人");
        let bare = Span::new(&text, 3, 7, "Figure");
        let noted = Span {
            note: Some("含\t制表符".into()),
            annotators: vec!["alice".into()],
            ..bare.clone()
        };
        let mut file = AnnotationFile::new(DocRef::of("a.txt", &text), "gold");
        file.spans = vec![noted.clone()];
        let schema = Schema::default();
        let before = file.clone();
        for stale in [
            Edit::Remove(bare.clone()),
            Edit::relabel(&bare, "Measure"),
            Edit::move_to(&text, &bare, 4, 7),
        ] {
            let err = stale.apply(&mut file, &text, &schema).unwrap_err();
            assert!(matches!(err, EditError::Changed { .. }), "{err}");
            assert_eq!(file, before);
        }
        for edit in [
            Edit::Remove(noted.clone()),
            Edit::relabel(&noted, "Measure"),
            Edit::move_to(&text, &noted, 4, 7),
            Edit::set_note(&noted, ""),
        ] {
            edit.apply(&mut file, &text, &schema).unwrap();
            assert_ne!(file, before);
            edit.inverse().apply(&mut file, &text, &schema).unwrap();
            assert_eq!(file, before, "{edit:?} then its inverse");
        }
    }

    #[test]
    fn a_conflict_listed_open_and_settled_is_refused() {
        use crate::model::{ConflictKind, ConflictOrigin};
        let text = ReportText::new("523人");
        let conflict = Conflict {
            kind: ConflictKind::Edit,
            origin: ConflictOrigin::Branches,
            start: 0,
            end: 4,
            options: Vec::new(),
        };
        let mut file = AnnotationFile::new(DocRef::of("a.txt", &text), "gold");
        file.conflicts = vec![conflict.clone()];
        file.settled = vec![conflict.clone()];
        let before = file.clone();
        let error = Edit::Settle(conflict)
            .apply(&mut file, &text, &Schema::default())
            .unwrap_err();
        assert!(error.to_string().contains("settled already"), "{error}");
        assert_eq!(file, before);
    }

    /// Settling and reopening in a longer list keeps both lists in file order (the order the binary searches
    /// rely on), and recording skips what either list holds already.
    #[test]
    fn settle_reopen_and_record_keep_the_lists_in_order() {
        use crate::model::{ConflictKind, ConflictOrigin};
        let text = ReportText::new("𠮷野家：贫困发生率降至0.68%。");
        let at = |start: usize| Conflict {
            kind: ConflictKind::Missing,
            origin: ConflictOrigin::Analysts,
            start,
            end: start + 2,
            options: Vec::new(),
        };
        let all: Vec<Conflict> = (0..8).map(|i| at(i * 2)).collect();
        let mut file = AnnotationFile::new(DocRef::of("a.txt", &text), "gold");
        file.conflicts = all.clone();
        let mut ed = Editor::new(text, Schema::default(), file);
        for i in [5, 1, 6, 3] {
            ed.apply(Edit::Settle(at(i * 2))).unwrap();
        }
        let starts = |list: &[Conflict]| list.iter().map(|c| c.start).collect::<Vec<_>>();
        assert_eq!(starts(&ed.file().conflicts), [0, 4, 8, 14]);
        assert_eq!(starts(&ed.file().settled), [2, 6, 10, 12]);
        ed.apply(Edit::Reopen(at(10))).unwrap();
        assert_eq!(starts(&ed.file().conflicts), [0, 4, 8, 10, 14]);
        assert_eq!(starts(&ed.file().settled), [2, 6, 12]);
        // Recording the whole analysis again adds only what neither list has: here nothing, then one new one.
        let before = ed.file().clone();
        ed.record_conflicts(all.clone());
        assert_eq!(ed.file(), &before);
        ed.record_conflicts(vec![at(1), at(2)]);
        assert_eq!(starts(&ed.file().conflicts), [0, 1, 4, 8, 10, 14]);
        assert_eq!(starts(&ed.file().settled), [2, 6, 12]);
    }

    #[test]
    fn withdrawing_and_recording_a_conflict_are_inverses() {
        use crate::model::{ConflictKind, ConflictOrigin};
        let text = ReportText::new("𠮷523人");
        let at = |start: usize| Conflict {
            kind: ConflictKind::Missing,
            origin: ConflictOrigin::Analysts,
            start,
            end: start + 1,
            options: Vec::new(),
        };
        let mut file = AnnotationFile::new(DocRef::of("a.txt", &text), "gold");
        file.conflicts = vec![at(0), at(1), at(2)];
        file.settled = vec![at(3)];
        let mut ed = Editor::new(text, Schema::default(), file);
        let before = ed.file().clone();
        ed.apply(Edit::Withdraw(at(1))).unwrap();
        assert_eq!(ed.file().conflicts, vec![at(0), at(2)]);
        assert_eq!(
            ed.file().settled,
            vec![at(3)],
            "withdrawing decides nothing"
        );
        ed.undo().unwrap();
        assert_eq!(ed.file(), &before);
        // Refused, with nothing changed: withdrawing what is not open, recording what is listed.
        for (edit, message) in [
            (Edit::Withdraw(at(3)), "not open"),
            (Edit::Record(at(0)), "open already"),
            (Edit::Record(at(3)), "settled already"),
        ] {
            let error = ed.apply(edit).unwrap_err();
            assert!(error.to_string().contains(message), "{error}");
            assert_eq!(ed.file(), &before);
        }
        ed.apply(Edit::Record(at(4))).unwrap();
        assert_eq!(ed.file().conflicts, vec![at(0), at(1), at(2), at(4)]);
        // A batch counts its parts; one of nothing but empty batches changes nothing.
        let nested = Edit::Batch(vec![
            Edit::Withdraw(at(0)),
            Edit::Batch(vec![Edit::Withdraw(at(1))]),
        ]);
        assert_eq!(nested.len(), 2);
        assert!(Edit::Batch(vec![Edit::Batch(Vec::new())]).is_empty() && !nested.is_empty());
    }

    #[test]
    fn spans_at_innermost_first() {
        let mut ed = editor();
        ed.apply(Edit::Add(ed.new_span(4, 16, "Outcome"))).unwrap();
        ed.apply(Edit::Add(ed.new_span(11, 16, "Figure"))).unwrap();
        let hits = ed.spans_at(13);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].label, "Figure");
        assert!(ed.spans_at(2).is_empty());
    }
}
