//! Three-way merge of one annotation file edited on two branches (git's merge driver), by spans rather than by
//! lines. Git's rules, applied to spans: a span added on either side is kept; a span removed on one side and
//! unchanged on the other is removed; a span changed on one side only takes the change; a span changed
//! differently on both sides (or changed on one and removed on the other) is a conflict, recorded in the file
//! with both versions kept, so the file stays loadable. Spans added on both sides that disagree (overlapping
//! with the same label, or the same extent with different labels) are conflicts too.
//!
//! A "change" pairs a base span with its descendant: the same extent and label with other details (note,
//! provenance), the same label moved to an overlapping extent, or the same extent relabelled; moved spans are
//! paired by maximum total overlap ([`crate::matching`]).

use std::collections::{BTreeMap, HashMap};

use super::input::{MergeError, MergeInput, check_same_text};
use super::notes::combine_notes;
use super::relations;
use crate::matching::{Extent, max_overlap_matching};
use crate::model::{
    AnnotationFile, Conflict, ConflictKind, ConflictOption, ConflictOrigin, RelationConflict, Span,
    SpanKey, Status,
};
pub use crate::model::{OURS, THEIRS};

/// Whether a conflict is one a three-way merge recorded between git branches rather than one between
/// analysts (its recorded [`ConflictOrigin`]). Branches are not annotators: they never vote in a merge and
/// never become provenance.
pub fn is_between_branches(conflict: &Conflict) -> bool {
    conflict.is_between_branches()
}

/// The outcome of a three-way merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreeWay {
    /// The merged file (conflicts included).
    pub file: AnnotationFile,
    /// The conflicts this merge found (also in `file.conflicts`); empty when the merge is clean.
    pub new_conflicts: Vec<Conflict>,
    /// The conflicts about links this merge found (also in `file.relation_conflicts`).
    pub new_relation_conflicts: Vec<RelationConflict>,
}

/// Merges `ours` and `theirs`, both descended from `base` (`None` when the file is new on both branches).
pub fn merge3(
    base: Option<MergeInput>,
    ours: MergeInput,
    theirs: MergeInput,
) -> Result<ThreeWay, MergeError> {
    let mut texts = vec![ours, theirs];
    texts.extend(base);
    check_same_text(&texts)?;
    let empty = AnnotationFile::new(ours.file.document.clone(), ours.file.annotator.clone());
    let base = normalized(base.map_or(&empty, |b| b.file));
    let ours_file = normalized(ours.file);
    let theirs_file = normalized(theirs.file);

    let (our_fates, our_added) = fates(&base.spans, &ours_file.spans);
    let (their_fates, their_added) = fates(&base.spans, &theirs_file.spans);
    let mut result = SpanSet::default();
    let mut new_conflicts = Vec::new();
    // A base span one branch moved or relabelled (and the other left alone): the other branch's links to it
    // follow it.
    let mut renamed: HashMap<SpanKey, SpanKey> = HashMap::new();
    for (b, (o, t)) in base.spans.iter().zip(our_fates.iter().zip(&their_fates)) {
        match (o, t) {
            (Fate::Unchanged, Fate::Unchanged) => result.add(b),
            (Fate::Unchanged, side) | (side, Fate::Unchanged) => {
                if let Fate::Changed(s) = side {
                    result.add(s);
                    renamed.insert(b.key(), s.key());
                }
            }
            (Fate::Removed, Fate::Removed) => {}
            (Fate::Changed(x), Fate::Changed(y)) if x == y => {
                result.add(x);
                renamed.insert(b.key(), x.key());
            }
            (o, t) => {
                let version = |fate: &Fate, who: &str| {
                    let span = match fate {
                        Fate::Changed(s) => Some(*s),
                        _ => None,
                    };
                    ConflictOption {
                        span: span.map(Span::key),
                        annotators: vec![who.into()],
                    }
                };
                for fate in [o, t] {
                    if let Fate::Changed(s) = fate {
                        result.add(s);
                    }
                }
                let options = vec![version(o, OURS), version(t, THEIRS)];
                new_conflicts.push(conflict(ConflictKind::Edit, b, options));
            }
        }
    }
    for span in our_added.iter().chain(&their_added) {
        result.add(span);
    }
    new_conflicts.extend(added_conflicts(&our_added, &their_added));

    let mut file = AnnotationFile::new(
        pick3(&base.document, &ours_file.document, &theirs_file.document).clone(),
        pick3(
            &base.annotator,
            &ours_file.annotator,
            &theirs_file.annotator,
        )
        .clone(),
    );
    file.status = merge_status(base.status, ours_file.status, theirs_file.status);
    file.spans = result.into_spans();
    file.conflicts = merge_conflict_lists(
        &base.conflicts,
        &ours_file.conflicts,
        &theirs_file.conflicts,
    );
    for c in &new_conflicts {
        if !file.conflicts.contains(c) {
            file.conflicts.push(c.clone());
        }
    }
    // Decisions merge by the same rules; one that ends up both open and settled (reopened on one branch) is
    // open, so that somebody looks at it again (normalize keeps the open one).
    file.settled = merge_conflict_lists(&base.settled, &ours_file.settled, &theirs_file.settled);
    let (links, link_conflicts) =
        relations::merge3(&base, &ours_file, &theirs_file, &renamed, &file.spans);
    file.relations = links;
    file.relation_conflicts = merge_conflict_lists(
        &base.relation_conflicts,
        &ours_file.relation_conflicts,
        &theirs_file.relation_conflicts,
    );
    file.relation_conflicts
        .extend(link_conflicts.iter().cloned());
    file.normalize();
    new_conflicts.sort_by(crate::model::conflict_order);
    Ok(ThreeWay {
        file,
        new_conflicts,
        new_relation_conflicts: link_conflicts,
    })
}

fn normalized(file: &AnnotationFile) -> AnnotationFile {
    let mut file = file.clone();
    file.normalize();
    file
}

/// What became of a base span on one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate<'a> {
    Unchanged,
    Changed(&'a Span),
    Removed,
}

/// The fate of every base span on one side, and the side's spans that descend from no base span.
fn fates<'a>(base: &[Span], side: &'a [Span]) -> (Vec<Fate<'a>>, Vec<&'a Span>) {
    let side_by_key: BTreeMap<SpanKey, &Span> = side.iter().map(|s| (s.key(), s)).collect();
    let base_keys: BTreeMap<SpanKey, usize> =
        base.iter().enumerate().map(|(i, s)| (s.key(), i)).collect();
    let mut fates = Vec::with_capacity(base.len());
    let mut removed = Vec::new();
    for (i, b) in base.iter().enumerate() {
        match side_by_key.get(&b.key()) {
            Some(s) if *s == b => fates.push(Fate::Unchanged),
            Some(s) => fates.push(Fate::Changed(s)),
            None => {
                fates.push(Fate::Removed);
                removed.push(i);
            }
        }
    }
    let mut added: Vec<&Span> = side
        .iter()
        .filter(|s| !base_keys.contains_key(&s.key()))
        .collect();
    // Moves: same label, overlapping extents, paired for maximum overlap.
    let mut labels: Vec<&str> = removed.iter().map(|&i| base[i].label.as_str()).collect();
    labels.sort_unstable();
    labels.dedup();
    let mut taken = vec![false; added.len()];
    for label in labels {
        let from: Vec<usize> = removed
            .iter()
            .copied()
            .filter(|&i| base[i].label == label)
            .collect();
        let to: Vec<usize> = (0..added.len())
            .filter(|&j| added[j].label == label)
            .collect();
        let ef: Vec<Extent> = from.iter().map(|&i| (base[i].start, base[i].end)).collect();
        let et: Vec<Extent> = to.iter().map(|&j| (added[j].start, added[j].end)).collect();
        for (x, y) in max_overlap_matching(&ef, &et) {
            fates[from[x]] = Fate::Changed(added[to[y]]);
            taken[to[y]] = true;
        }
    }
    // Relabels: the same extent under another label.
    for &i in &removed {
        if fates[i] != Fate::Removed {
            continue;
        }
        let b = &base[i];
        if let Some(j) = (0..added.len())
            .find(|&j| !taken[j] && added[j].start == b.start && added[j].end == b.end)
        {
            fates[i] = Fate::Changed(added[j]);
            taken[j] = true;
        }
    }
    let mut j = 0;
    added.retain(|_| {
        j += 1;
        !taken[j - 1]
    });
    (fates, added)
}

/// Conflicts between spans both sides added: same label and overlapping but different extents (boundary), or
/// the same extent with different labels (label).
fn added_conflicts(ours: &[&Span], theirs: &[&Span]) -> Vec<Conflict> {
    let only = |side: &[&Span], other: &[&Span]| -> Vec<Span> {
        side.iter()
            .filter(|s| !other.iter().any(|o| o.key() == s.key()))
            .map(|s| (*s).clone())
            .collect()
    };
    let (ours, theirs) = (only(ours, theirs), only(theirs, ours));
    let option = |span: &Span, who: &str| ConflictOption {
        span: Some(span.key()),
        annotators: vec![who.into()],
    };
    let mut conflicts = Vec::new();
    let mut labels: Vec<&str> = ours.iter().map(|s| s.label.as_str()).collect();
    labels.sort_unstable();
    labels.dedup();
    for label in labels {
        let a: Vec<&Span> = ours.iter().filter(|s| s.label == label).collect();
        let b: Vec<&Span> = theirs.iter().filter(|s| s.label == label).collect();
        let ea: Vec<Extent> = a.iter().map(|s| (s.start, s.end)).collect();
        let eb: Vec<Extent> = b.iter().map(|s| (s.start, s.end)).collect();
        for (x, y) in max_overlap_matching(&ea, &eb) {
            let (o, t) = (a[x], b[y]);
            let mut c = conflict(
                ConflictKind::Boundary,
                o,
                vec![option(o, OURS), option(t, THEIRS)],
            );
            c.start = o.start.min(t.start);
            c.end = o.end.max(t.end);
            conflicts.push(c);
        }
    }
    for o in &ours {
        for t in theirs
            .iter()
            .filter(|t| (t.start, t.end) == (o.start, o.end))
        {
            conflicts.push(conflict(
                ConflictKind::Label,
                o,
                vec![option(o, OURS), option(t, THEIRS)],
            ));
        }
    }
    conflicts
}

/// A conflict over the region spanned by `around` and the options' spans.
fn conflict(kind: ConflictKind, around: &Span, options: Vec<ConflictOption>) -> Conflict {
    let keys = options.iter().filter_map(|o| o.span.as_ref());
    let start = keys.clone().map(|k| k.start).fold(around.start, usize::min);
    let end = keys.map(|k| k.end).fold(around.end, usize::max);
    Conflict {
        kind,
        origin: ConflictOrigin::Branches,
        start,
        end,
        options,
    }
}

/// Git's rule for one value: take the side that changed it; when both changed it differently, `None`.
fn pick3_opt<'a, T: PartialEq>(base: &'a T, ours: &'a T, theirs: &'a T) -> Option<&'a T> {
    if ours == theirs || theirs == base {
        Some(ours)
    } else if ours == base {
        Some(theirs)
    } else {
        None
    }
}

/// Git's rule for one value, keeping ours when both changed it differently.
fn pick3<'a, T: PartialEq>(base: &'a T, ours: &'a T, theirs: &'a T) -> &'a T {
    pick3_opt(base, ours, theirs).unwrap_or(ours)
}

/// The status after the merge: git's rule, and the less advanced one when both sides changed it differently
/// (a document is not "done" until both branches say so).
fn merge_status(base: Status, ours: Status, theirs: Status) -> Status {
    pick3_opt(&base, &ours, &theirs)
        .copied()
        .unwrap_or_else(|| {
            let rank = |s: Status| Status::ALL.iter().position(|x| *x == s);
            if rank(ours) <= rank(theirs) {
                ours
            } else {
                theirs
            }
        })
}

/// Conflicts already recorded: kept unless one side settled (removed) one the other left alone.
fn merge_conflict_lists<C: Clone + PartialEq>(base: &[C], ours: &[C], theirs: &[C]) -> Vec<C> {
    let mut out: Vec<C> = Vec::new();
    for c in ours.iter().chain(theirs) {
        let keep = (ours.contains(c) && theirs.contains(c)) || !base.contains(c);
        if keep && !out.contains(c) {
            out.push(c.clone());
        }
    }
    out
}

/// The merged spans by key; a span arriving twice under one key keeps both notes and all provenance.
#[derive(Default)]
struct SpanSet {
    spans: BTreeMap<SpanKey, Span>,
}

impl SpanSet {
    fn add(&mut self, span: &Span) {
        match self.spans.get_mut(&span.key()) {
            None => {
                self.spans.insert(span.key(), span.clone());
            }
            Some(existing) if existing == span => {}
            Some(existing) => {
                existing.note = combine_notes(
                    existing
                        .note
                        .as_deref()
                        .into_iter()
                        .chain(span.note.as_deref()),
                );
                existing.annotators.extend(span.annotators.iter().cloned());
                existing.annotators.sort();
                existing.annotators.dedup();
            }
        }
    }

    fn into_spans(self) -> Vec<Span> {
        self.spans.into_values().collect()
    }
}
