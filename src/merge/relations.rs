//! Merging the links between spans, as spans are merged: in the n-way merge analysts vote on each link (the
//! same two endpoints and type are the same link) and provenance records who made it; disagreements are
//! recorded as [`RelationConflict`]s (one analyst linked two spans that another, who made both spans, did not
//! link; the same two spans linked with different types). In the three-way merge a link follows git's rules
//! and the spans it names (a span moved on one branch takes the other branch's links along).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::input::MergeInput;
use super::notes::combine_notes;
use crate::model::{
    AnnotationFile, ConflictKind, ConflictOrigin, Relation, RelationConflict, RelationOption,
    SmallText, Span, SpanKey,
};

/// A link's identity: its two spans and its type.
type LinkKey = (SpanKey, SpanKey, SmallText);
/// Who made a link, and the notes they wrote on it.
type Votes<'a> = (BTreeSet<&'a str>, Vec<&'a str>);
/// Each type two spans are linked with, and who linked them so.
type PairKinds<'a> = Vec<(&'a SmallText, &'a BTreeSet<&'a str>)>;

/// Who stands behind a link of a file: the analysts its provenance names, or the file's annotator.
fn voters_of<'a>(relation: &'a Relation, file: &'a AnnotationFile) -> Vec<&'a str> {
    if relation.annotators.is_empty() {
        vec![file.annotator.as_str()]
    } else {
        relation.annotators.iter().map(SmallText::as_str).collect()
    }
}

/// The n-way merge of the inputs' links: every distinct link with its provenance and combined notes, in
/// canonical order, and the disagreements. `spans` are the analysis's spans (with who made each), which say
/// who could have linked two spans and did not. Costs nothing when no input has a link.
pub(super) fn analyze(
    inputs: &[MergeInput],
    spans: &[Span],
) -> (Vec<Relation>, Vec<RelationConflict>) {
    if inputs.iter().all(|i| i.file.relations.is_empty()) {
        return (Vec::new(), Vec::new());
    }
    // (from, to, type) -> (voters, notes)
    let mut votes: BTreeMap<LinkKey, Votes> = BTreeMap::new();
    for input in inputs {
        for relation in &input.file.relations {
            let entry = votes
                .entry((
                    relation.from.clone(),
                    relation.to.clone(),
                    relation.kind.clone(),
                ))
                .or_default();
            entry.0.extend(voters_of(relation, input.file));
            entry.1.extend(relation.note.as_deref());
        }
    }
    let relations: Vec<Relation> = votes
        .iter()
        .map(|((from, to, kind), (voters, notes))| Relation {
            from: from.clone(),
            to: to.clone(),
            kind: kind.clone(),
            note: combine_notes(notes.iter().copied()),
            annotators: voters.iter().map(|v| SmallText::from(*v)).collect(),
        })
        .collect();
    let makers: HashMap<&SpanKey, BTreeSet<&str>> = {
        let named: BTreeSet<&SpanKey> = votes.keys().flat_map(|(f, t, _)| [f, t]).collect();
        spans
            .iter()
            .filter_map(|s| {
                let key = named.get(&s.key())?;
                Some((*key, s.annotators.iter().map(SmallText::as_str).collect()))
            })
            .collect()
    };
    let mut conflicts = Vec::new();
    let mut pairs: BTreeMap<(&SpanKey, &SpanKey), PairKinds> = BTreeMap::new();
    for ((from, to, kind), (voters, _)) in &votes {
        pairs.entry((from, to)).or_default().push((kind, voters));
    }
    let nobody = BTreeSet::new();
    for ((from, to), kinds) in pairs {
        let linkers: BTreeSet<&str> = kinds.iter().flat_map(|(_, v)| v.iter().copied()).collect();
        // Those who made both spans and did not link them: they saw the pair and left it unlinked.
        let (a, b) = (
            makers.get(from).unwrap_or(&nobody),
            makers.get(to).unwrap_or(&nobody),
        );
        let unlinked: Vec<SmallText> = a
            .intersection(b)
            .filter(|v| !linkers.contains(*v))
            .map(|v| SmallText::from(*v))
            .collect();
        if kinds.len() < 2 && unlinked.is_empty() {
            continue;
        }
        let mut options: Vec<RelationOption> = kinds
            .iter()
            .map(|(kind, voters)| RelationOption {
                kind: Some((*kind).clone()),
                annotators: voters.iter().map(|v| SmallText::from(*v)).collect(),
            })
            .collect();
        if !unlinked.is_empty() {
            options.push(RelationOption {
                kind: None,
                annotators: unlinked,
            });
        }
        options.sort();
        conflicts.push(RelationConflict {
            from: from.clone(),
            to: to.clone(),
            kind: if kinds.len() > 1 {
                ConflictKind::Label
            } else {
                ConflictKind::Missing
            },
            origin: ConflictOrigin::Analysts,
            options,
        });
    }
    (relations, conflicts)
}

/// The three-way merge of links: by git's rules on each link (added on either side: kept; removed on one side
/// and unchanged on the other: removed; a note changed on both: both notes kept). `renamed` maps a base span's
/// key to the key it has in the result when one branch moved or relabelled it, so that the other branch's links
/// follow it; `spans` are the result's spans. A link whose span the other branch removed cannot stay: it is
/// recorded as an [`ConflictKind::Edit`] conflict (nothing is lost silently). Returns the links and the new
/// conflicts.
pub(super) fn merge3(
    base: &AnnotationFile,
    ours: &AnnotationFile,
    theirs: &AnnotationFile,
    renamed: &HashMap<SpanKey, SpanKey>,
    spans: &[Span],
) -> (Vec<Relation>, Vec<RelationConflict>) {
    let by_key = |file: &AnnotationFile| -> BTreeMap<LinkKey, Relation> {
        file.relations
            .iter()
            .map(|r| ((r.from.clone(), r.to.clone(), r.kind.clone()), r.clone()))
            .collect()
    };
    let (b, o, t) = (by_key(base), by_key(ours), by_key(theirs));
    let keys: BTreeSet<&LinkKey> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    let mut kept: BTreeMap<LinkKey, Relation> = BTreeMap::new();
    let mut add = |relation: Relation| {
        let mut relation = relation;
        for end in [&mut relation.from, &mut relation.to] {
            if let Some(new) = renamed.get(end) {
                *end = new.clone();
            }
        }
        let key = (
            relation.from.clone(),
            relation.to.clone(),
            relation.kind.clone(),
        );
        match kept.get_mut(&key) {
            None => {
                kept.insert(key, relation);
            }
            Some(existing) if *existing == relation => {}
            Some(existing) => {
                existing.note = combine_notes(
                    existing
                        .note
                        .as_deref()
                        .into_iter()
                        .chain(relation.note.as_deref()),
                );
                existing.annotators.extend(relation.annotators);
                existing.annotators.sort();
                existing.annotators.dedup();
            }
        }
    };
    for key in keys {
        match (b.get(key), o.get(key), t.get(key)) {
            // Kept on both sides: git's rule on its note and provenance (the side that changed it wins; both
            // changed: both kept).
            (base, Some(x), Some(y)) => match base {
                Some(base) if y == base => add(x.clone()),
                Some(base) if x == base => add(y.clone()),
                _ => {
                    add(x.clone());
                    add(y.clone());
                }
            },
            // Added on one side.
            (None, Some(x), None) | (None, None, Some(x)) => add(x.clone()),
            // Removed on one side: gone unless the other side changed it (then the change is kept).
            (Some(base), Some(x), None) | (Some(base), None, Some(x)) => {
                if x != base {
                    add(x.clone());
                }
            }
            (_, None, None) => {}
        }
    }
    let present: BTreeSet<SpanKey> = spans.iter().map(Span::key).collect();
    let mut relations = Vec::new();
    let mut conflicts = Vec::new();
    for relation in kept.into_values() {
        if present.contains(&relation.from) && present.contains(&relation.to) {
            relations.push(relation);
            continue;
        }
        // One branch linked a span the other removed.
        let linked_by = |side: &AnnotationFile| {
            side.relations.iter().any(|r| {
                r.kind == relation.kind && (r.from == relation.from || r.to == relation.to)
            })
        };
        let option = |side: &AnnotationFile, who: &str| RelationOption {
            kind: linked_by(side).then(|| relation.kind.clone()),
            annotators: vec![who.into()],
        };
        let mut options = vec![
            option(ours, crate::model::OURS),
            option(theirs, crate::model::THEIRS),
        ];
        options.sort();
        conflicts.push(RelationConflict {
            from: relation.from.clone(),
            to: relation.to.clone(),
            kind: ConflictKind::Edit,
            origin: ConflictOrigin::Branches,
            options,
        });
    }
    (relations, conflicts)
}
