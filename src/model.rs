//! The annotation model: spans, document status and the annotation file, as plain serde data.
//!
//! Every offset here is a Unicode code point offset into the decoded report text, end exclusive.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::figures::FigureValue;
use crate::schema::Schema;
use crate::text::ReportText;

/// A short string kept inline (up to 24 bytes) instead of on the heap: label names, annotator names and most
/// span texts fit, so a file of 100,000 spans is read, merged, copied and freed without a million small
/// allocations (see docs/performance.md). It reads as a `&str` everywhere.
pub type SmallText = compact_str::CompactString;

/// The annotation file format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// How many code points of text before and after a span its [`Context`] keeps.
pub const CONTEXT_CHARS: usize = 8;

/// One tagged stretch of text.
///
/// Equality and hashing leave out [`Span::context`]: it is derived from the text at the span's place, so two
/// spans of one text with the same extent have the same context, and a span of a file written before contexts
/// were stored equals the same span with one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Span {
    /// First code point of the span.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The label's name, which the schema must declare.
    pub label: SmallText,
    /// The span's text as it stands in the report: for people reading the file, and a check that offsets still
    /// point where they did.
    pub text: SmallText,
    /// A free-text remark by the analyst.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who made this span, in merged files (empty in an analyst's own file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotators: Vec<SmallText>,
    /// A Figure's value as the analyst corrected it, when the figure engine reads the text wrongly or not at
    /// all. `None` means "as the engine reads the text": the value is then computed, never stored twice. Boxed,
    /// since few spans carry one and every span is moved through merges and edits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Box<FigureValue>>,
    /// The text just before and after the span, as the W3C Web Annotation TextQuoteSelector's prefix and
    /// suffix: when the report is revised, the span is found again by its quote and this context
    /// ([`crate::reanchor`]). Written as a plain value (`context: (prefix: "…", suffix: "…")`); absent in files
    /// written before contexts were stored. Boxed, like `value`, to keep spans small.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain",
        deserialize_with = "present"
    )]
    pub context: Option<Box<Context>>,
}

/// The text around a span: up to [`CONTEXT_CHARS`] code points before it and after it (fewer at the text's
/// edges).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Context {
    /// The text just before the span.
    pub prefix: SmallText,
    /// The text just after the span.
    pub suffix: SmallText,
}

impl Context {
    /// The context of `[start, end)` in `text`.
    pub fn of(text: &ReportText, start: usize, end: usize) -> Context {
        Context {
            prefix: text
                .slice(start.saturating_sub(CONTEXT_CHARS), start)
                .into(),
            suffix: text
                .slice(end, end.saturating_add(CONTEXT_CHARS).min(text.len_chars()))
                .into(),
        }
    }
}

impl PartialEq for Span {
    fn eq(&self, other: &Span) -> bool {
        self.start == other.start
            && self.end == other.end
            && self.label == other.label
            && self.text == other.text
            && self.note == other.note
            && self.annotators == other.annotators
            && self.value == other.value
    }
}

impl Eq for Span {}

impl std::hash::Hash for Span {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (
            self.start,
            self.end,
            &self.label,
            &self.text,
            &self.note,
            &self.annotators,
            &self.value,
        )
            .hash(state);
    }
}

/// Writes an optional field's value plainly (RON would write `Some(..)`); used with `skip_serializing_if`.
fn plain<S: serde::Serializer, T: Serialize>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => value.serialize(serializer),
        None => serializer.serialize_none(),
    }
}

impl Span {
    /// A span over `[start, end)` of `text` with its quoted text and context filled in.
    pub fn new(text: &ReportText, start: usize, end: usize, label: impl Into<SmallText>) -> Span {
        Span {
            start,
            end,
            label: label.into(),
            text: text.slice(start, end).into(),
            note: None,
            annotators: Vec::new(),
            value: None,
            context: Some(Box::new(Context::of(text, start, end))),
        }
    }

    /// Sets the span's context from the text at its place (a span that fits the text).
    pub fn set_context(&mut self, text: &ReportText) {
        let context = Context::of(text, self.start, self.end);
        if self.context.as_deref() != Some(&context) {
            self.context = Some(Box::new(context));
        }
    }

    /// What identifies a span within one file: its extent and label.
    pub fn key(&self) -> SpanKey {
        SpanKey {
            start: self.start,
            end: self.end,
            label: self.label.clone(),
        }
    }

    /// Whether the two spans share at least one code point.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers nothing (never true of a valid span).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The identity of a span in a file: two spans with the same extent and label are the same span.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SpanKey {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Label name.
    pub label: SmallText,
}

/// The order spans are kept and written in: by start, then longer first (outer before inner), then label.
pub fn span_order(a: &Span, b: &Span) -> Ordering {
    a.start
        .cmp(&b.start)
        .then(b.end.cmp(&a.end))
        .then_with(|| a.label.cmp(&b.label))
}

/// The order conflicts are kept and written in: by region (start, longer first), kind, then options (each
/// option's span key, then its annotators).
pub fn conflict_order(a: &Conflict, b: &Conflict) -> Ordering {
    (a.start, std::cmp::Reverse(a.end), a.kind)
        .cmp(&(b.start, std::cmp::Reverse(b.end), b.kind))
        .then_with(|| {
            fn key(o: &ConflictOption) -> (Option<&SpanKey>, &[SmallText]) {
                (o.span.as_ref(), o.annotators.as_slice())
            }
            a.options.iter().map(key).cmp(b.options.iter().map(key))
        })
        .then(a.origin.cmp(&b.origin))
}

/// One link between two spans of a file: `from` is related to `to` by `kind` (a Figure quantifies an Outcome).
///
/// Its endpoints are named by extent and label ([`SpanKey`]), not by opaque ids, so that the file stays readable
/// and two analysts' identical links are identical values (merge and agreement compare them as they are).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Relation {
    /// The span the link starts at (the Figure of "Figure quantifies Outcome").
    pub from: SpanKey,
    /// The span the link points to.
    pub to: SpanKey,
    /// The relation type's name, which the schema declares (`Quantifies`); written `type` in the file.
    #[serde(rename = "type")]
    pub kind: SmallText,
    /// A free-text remark by the analyst.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who made this link, in merged files (empty in an analyst's own file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotators: Vec<SmallText>,
}

impl Relation {
    /// A link of type `kind` from one span to another, without note or provenance.
    pub fn new(from: SpanKey, to: SpanKey, kind: impl Into<SmallText>) -> Relation {
        Relation {
            from,
            to,
            kind: kind.into(),
            note: None,
            annotators: Vec::new(),
        }
    }

    /// What identifies a link within one file: its two endpoints and its type (a note or provenance does not
    /// make another link).
    pub fn key(&self) -> (&SpanKey, &SpanKey, &str) {
        (&self.from, &self.to, self.kind.as_str())
    }

    /// Whether the link names this span at either end.
    pub fn touches(&self, span: &SpanKey) -> bool {
        self.from == *span || self.to == *span
    }
}

/// The order links are kept and written in: by their key (from, to, type), then note and provenance, so that
/// equal content gives equal bytes.
pub fn relation_order(a: &Relation, b: &Relation) -> Ordering {
    a.key()
        .cmp(&b.key())
        .then_with(|| a.note.cmp(&b.note))
        .then_with(|| a.annotators.cmp(&b.annotators))
}

/// One way of resolving a relation conflict: a link of this type (or no link) and who proposed it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RelationOption {
    /// The proposed type; `None` means "no link between these spans".
    #[serde(rename = "type")]
    pub kind: Option<SmallText>,
    /// Annotators (or branches) behind this option.
    pub annotators: Vec<SmallText>,
}

/// A disagreement about the link between two spans, recorded by a merge: one analyst linked them and another
/// (who made both spans) did not ([`ConflictKind::Missing`]), they linked them with different types
/// ([`ConflictKind::Label`]), or two git branches changed the link differently ([`ConflictKind::Edit`]).
/// Never resolved silently; kept apart from span conflicts, whose options are spans. Sorted by its two spans.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RelationConflict {
    /// The span the links start at.
    pub from: SpanKey,
    /// The span they point to.
    pub to: SpanKey,
    /// What kind of disagreement this is.
    pub kind: ConflictKind,
    /// Between whom: analysts or git branches.
    pub origin: ConflictOrigin,
    /// The competing versions, sorted.
    pub options: Vec<RelationOption>,
}

/// Sorts spans into the canonical file order.
pub fn sort_spans(spans: &mut [Span]) {
    spans.sort_by(span_order);
}

/// How far an analyst has got with a document; the analyst sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Status {
    /// Not started.
    #[default]
    Todo,
    /// Started.
    InProgress,
    /// Finished and ready to merge or export.
    Done,
}

impl Status {
    /// Every status, in workflow order.
    pub const ALL: [Status; 3] = [Status::Todo, Status::InProgress, Status::Done];

    /// Human name for lists and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in progress",
            Status::Done => "done",
        }
    }
}

/// Which text an annotation file belongs to, so a file is never applied to a different or changed text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRef {
    /// The text's path relative to the workspace, with `/` separators.
    pub file: String,
    /// The decoded text's length in code points.
    pub chars: usize,
    /// SHA-256 (hex) of the decoded text's UTF-8 bytes.
    pub sha256: String,
}

impl DocRef {
    /// The reference for a loaded text.
    pub fn of(file: impl Into<String>, text: &ReportText) -> DocRef {
        DocRef {
            file: file.into(),
            chars: text.len_chars(),
            sha256: text.fingerprint().to_owned(),
        }
    }

    /// Whether `text` is the text this reference was made for, unchanged since (same fingerprint and length):
    /// the one test of "the text changed since it was annotated".
    pub fn matches(&self, text: &ReportText) -> bool {
        self.sha256 == text.fingerprint() && self.chars == text.len_chars()
    }

    /// Whether two references are to the same text content (their file names may differ).
    pub fn same_text(&self, other: &DocRef) -> bool {
        self.sha256 == other.sha256 && self.chars == other.chars
    }
}

/// What kind of disagreement a merge (or a three-way merge) found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ConflictKind {
    /// Same extent, different labels.
    Label,
    /// Same label, overlapping extents that differ.
    Boundary,
    /// A span some annotators made and others did not.
    Missing,
    /// A span changed differently on two branches (three-way merge).
    Edit,
}

/// One way of resolving a conflict: a span (or no span) and who proposed it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConflictOption {
    /// The proposed span; `None` means "no span here".
    pub span: Option<SpanKey>,
    /// Annotators (or branches) behind this option.
    pub annotators: Vec<SmallText>,
}

/// The name standing for our side (the branch being merged into) in a three-way merge's conflict options.
pub const OURS: &str = "ours";
/// The name standing for their side (the branch merged in) in a three-way merge's conflict options.
pub const THEIRS: &str = "theirs";

/// Between whom a conflict was found: who its options' names are. Analysts vote in a merge and become
/// provenance; git branches never do. Recorded in the file, so that no name (an analyst called `ours`) is
/// mistaken for a branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ConflictOrigin {
    /// Analysts' files disagree (a merge of several analysts' work); options name analysts.
    Analysts,
    /// Two git branches changed one file differently (the three-way merge driver); options name [`OURS`]
    /// and [`THEIRS`].
    Branches,
}

impl ConflictOrigin {
    /// The origin of a conflict written before origins were recorded, inferred as it was then: an `Edit`
    /// conflict, or one whose options name only [`OURS`] and [`THEIRS`], is between branches.
    pub fn infer(kind: ConflictKind, options: &[ConflictOption]) -> ConflictOrigin {
        let branches = kind == ConflictKind::Edit
            || (!options.is_empty()
                && options
                    .iter()
                    .flat_map(|o| &o.annotators)
                    .all(|a| a == OURS || a == THEIRS));
        if branches {
            ConflictOrigin::Branches
        } else {
            ConflictOrigin::Analysts
        }
    }
}

/// A disagreement recorded in a merged file, never resolved silently.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "StoredConflict")]
pub struct Conflict {
    /// What kind of disagreement this is.
    pub kind: ConflictKind,
    /// Between whom: analysts or git branches.
    pub origin: ConflictOrigin,
    /// Start of the region in dispute (code points).
    pub start: usize,
    /// End of the region in dispute.
    pub end: usize,
    /// The competing versions.
    pub options: Vec<ConflictOption>,
}

impl Conflict {
    /// Whether a three-way merge recorded this conflict between git branches (not between analysts).
    pub fn is_between_branches(&self) -> bool {
        self.origin == ConflictOrigin::Branches
    }
}

/// A conflict as read from a file: files written before origins were recorded have none, and get the
/// inferred one ([`ConflictOrigin::infer`]); it is written explicitly from then on.
#[derive(Deserialize)]
#[serde(rename = "Conflict")]
struct StoredConflict {
    kind: ConflictKind,
    /// Written as a plain value (`origin: Branches`), not as RON's `Some(..)`.
    #[serde(default, deserialize_with = "present")]
    origin: Option<ConflictOrigin>,
    start: usize,
    end: usize,
    options: Vec<ConflictOption>,
}

/// A field that, when present, holds a plain value.
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

impl From<StoredConflict> for Conflict {
    fn from(stored: StoredConflict) -> Conflict {
        Conflict {
            origin: stored
                .origin
                .unwrap_or_else(|| ConflictOrigin::infer(stored.kind, &stored.options)),
            kind: stored.kind,
            start: stored.start,
            end: stored.end,
            options: stored.options,
        }
    }
}

/// One analyst's (or the gold) annotations of one report: the unit stored in one RON file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnotationFile {
    /// File format version ([`FORMAT_VERSION`]).
    pub version: u32,
    /// The annotated text.
    pub document: DocRef,
    /// Who made these annotations (`gold` for merged results).
    pub annotator: String,
    /// How far the annotator has got.
    pub status: Status,
    /// The spans, in [`span_order`].
    pub spans: Vec<Span>,
    /// Disagreements left by a merge, for adjudication: the ones still open.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// Disagreements an adjudicator has decided (the spans show what was chosen). Kept so that reopening the
    /// adjudication shows which of the analysts' conflicts are done, and a fresh merge's conflict is not
    /// mistaken for a decided one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub settled: Vec<Conflict>,
    /// Suggestions the analyst turned down in this report, by extent and label, sorted: they are not offered
    /// again when the report reopens. A suggestion rejected here is still offered in other reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<SpanKey>,
    /// Spans that re-anchoring to a revised report could not place unambiguously ([`crate::reanchor`]): kept
    /// here, never dropped and never put on other words, with the offsets they had in the text they were last
    /// placed in. They are not shown in the text; `spantag validate` lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orphans: Vec<Span>,
    /// Links between the file's spans, in [`relation_order`]. Absent in files written before relations
    /// existed, which load unchanged. [`crate::relations::problems`] checks them against the spans and schema.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Relations with at least one end among the [`AnnotationFile::orphans`] (that end named by the orphan's
    /// offsets in the text it was last placed in), kept apart from `relations` so that an orphan's old offsets
    /// are never taken for a span of the new text; they return to `relations` when re-anchoring places their
    /// orphans again. `spantag validate` lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orphan_relations: Vec<Relation>,
    /// Suggested links the analyst turned down in this report ([`crate::relation_suggestions`]), sorted: not
    /// offered again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected_relations: Vec<Relation>,
    /// Disagreements about links left by a merge (see [`RelationConflict`]), sorted: the ones still open.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relation_conflicts: Vec<RelationConflict>,
    /// Disagreements about links an adjudicator has decided (the links show what was chosen), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub settled_relation_conflicts: Vec<RelationConflict>,
}

impl AnnotationFile {
    /// An empty file for a text.
    pub fn new(document: DocRef, annotator: impl Into<String>) -> Self {
        AnnotationFile {
            version: FORMAT_VERSION,
            document,
            annotator: annotator.into(),
            status: Status::Todo,
            spans: Vec::new(),
            conflicts: Vec::new(),
            settled: Vec::new(),
            rejected: Vec::new(),
            orphans: Vec::new(),
            relations: Vec::new(),
            orphan_relations: Vec::new(),
            rejected_relations: Vec::new(),
            relation_conflicts: Vec::new(),
            settled_relation_conflicts: Vec::new(),
        }
    }

    /// Puts spans (and conflicts) into canonical order, so equal content gives equal bytes; a conflict listed
    /// both open and settled is kept open only.
    pub fn normalize(&mut self) {
        sort_spans(&mut self.spans);
        for span in &mut self.spans {
            span.annotators.sort();
            span.annotators.dedup();
        }
        for list in [&mut self.conflicts, &mut self.settled] {
            list.sort_by(conflict_order);
            list.dedup();
        }
        self.rejected.sort();
        self.rejected.dedup();
        sort_spans(&mut self.orphans);
        for list in [
            &mut self.relations,
            &mut self.orphan_relations,
            &mut self.rejected_relations,
        ] {
            for relation in list.iter_mut() {
                relation.annotators.sort();
                relation.annotators.dedup();
            }
            list.sort_by(relation_order);
            list.dedup();
        }
        for list in [
            &mut self.relation_conflicts,
            &mut self.settled_relation_conflicts,
        ] {
            for conflict in list.iter_mut() {
                for option in &mut conflict.options {
                    option.annotators.sort();
                    option.annotators.dedup();
                }
                conflict.options.sort();
            }
            list.sort();
            list.dedup();
        }
        // Open and settled both: open (as for span conflicts).
        let open = &self.relation_conflicts;
        self.settled_relation_conflicts
            .retain(|c| open.binary_search(c).is_err());
        // A conflict both open and settled (reopened on one branch of a merge, or written by hand) is open:
        // nothing is decided silently.
        let open = &self.conflicts;
        self.settled
            .retain(|c| open.binary_search_by(|o| conflict_order(o, c)).is_err());
    }

    /// Checks the file against its text and schema; each problem is one human sentence.
    pub fn problems(&self, text: &ReportText, schema: &Schema) -> Vec<SpanProblem> {
        let mut problems = Vec::new();
        if self.version != FORMAT_VERSION {
            problems.push(SpanProblem::general(format!(
                "unknown format version {} (this build reads version {FORMAT_VERSION})",
                self.version
            )));
        }
        if !self.document.matches(text) {
            problems.push(SpanProblem::general(format!(
                "the text {:?} changed since it was annotated (fingerprint {} now {}, {} characters now {}); \
                 `spantag reanchor` or opening the report in the app finds its spans in the new text",
                self.document.file,
                short(&self.document.sha256),
                short(text.fingerprint()),
                self.document.chars,
                text.len_chars()
            )));
            // Offsets are meaningless against a different text: checking them would only add noise.
            return problems;
        }
        let len = text.len_chars();
        let mut seen = std::collections::HashSet::with_capacity(self.spans.len());
        for (i, span) in self.spans.iter().enumerate() {
            let problem = |message: String| SpanProblem {
                span: Some(i),
                message,
            };
            if span.start >= span.end {
                problems.push(problem(format!(
                    "span {}..{} {:?}: start must be before end",
                    span.start, span.end, span.label
                )));
                continue;
            }
            if span.end > len {
                problems.push(problem(format!(
                    "span {}..{} {:?}: ends past the end of the text ({len} characters)",
                    span.start, span.end, span.label
                )));
                continue;
            }
            let actual = text.slice(span.start, span.end);
            if actual != span.text {
                problems.push(problem(format!(
                    "span {}..{} {:?}: text {:?} does not match the report, which has {:?} there",
                    span.start, span.end, span.label, span.text, actual
                )));
            }
            if !schema.has(&span.label) {
                problems.push(problem(format!(
                    "span {}..{}: label {:?} is not in the schema",
                    span.start, span.end, span.label
                )));
            }
            if !seen.insert((span.start, span.end, span.label.as_str())) {
                problems.push(problem(format!(
                    "span {}..{} {:?} appears twice",
                    span.start, span.end, span.label
                )));
            }
        }
        for (list, what) in [
            (&self.conflicts, "conflict"),
            (&self.settled, "settled conflict"),
        ] {
            for conflict in list {
                let mut regions = std::iter::once((conflict.start, conflict.end)).chain(
                    conflict
                        .options
                        .iter()
                        .filter_map(|o| o.span.as_ref())
                        .map(|k| (k.start, k.end)),
                );
                if regions.any(|(start, end)| start >= end || end > len) {
                    problems.push(SpanProblem::general(format!(
                        "{what} {}..{} ({:?}): it or one of its options is not a range inside the text \
                         ({len} characters)",
                        conflict.start, conflict.end, conflict.kind
                    )));
                }
            }
        }
        for key in &self.rejected {
            if key.start >= key.end || key.end > len {
                problems.push(SpanProblem::general(format!(
                    "rejected suggestion {}..{} {:?}: not a range inside the text ({len} characters)",
                    key.start, key.end, key.label
                )));
            }
        }
        problems
    }
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// One thing wrong with an annotation file, tied to a span where it is about one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanProblem {
    /// Index of the span in the file, if the problem is about one.
    pub span: Option<usize>,
    /// What is wrong, in words.
    pub message: String,
}

impl SpanProblem {
    fn general(message: String) -> Self {
        SpanProblem {
            span: None,
            message,
        }
    }
}

impl std::fmt::Display for SpanProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_for(text: &ReportText, spans: Vec<Span>) -> AnnotationFile {
        let mut file = AnnotationFile::new(DocRef::of("a.txt", text), "alice");
        file.spans = spans;
        file.normalize();
        file
    }

    #[test]
    fn canonical_order_puts_outer_first() {
        let text = ReportText::new("贫困发生率降至0.68%。");
        let file = file_for(
            &text,
            vec![
                Span::new(&text, 7, 12, "Figure"),
                Span::new(&text, 0, 12, "Outcome"),
            ],
        );
        assert_eq!(file.spans[0].label, "Outcome");
        assert_eq!(file.spans[1].text, "0.68%");
        assert!(file.problems(&text, &Schema::default()).is_empty());
    }

    #[test]
    fn finds_each_kind_of_problem() {
        let text = ReportText::new("𠮷野家523人");
        let schema = Schema::default();
        let mut bad_text = Span::new(&text, 3, 7, "Figure");
        bad_text.text = "524人".into();
        let file = file_for(
            &text,
            vec![
                Span {
                    end: 3,
                    ..Span::new(&text, 3, 4, "Figure")
                },
                Span::new(&text, 5, 9, "Figure"),
                bad_text,
                Span::new(&text, 0, 1, "Place"),
            ],
        );
        let messages: Vec<String> = file
            .problems(&text, &schema)
            .iter()
            .map(|p| p.message.clone())
            .collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("start must be before end"))
        );
        assert!(messages.iter().any(|m| m.contains("past the end")));
        assert!(messages.iter().any(|m| m.contains("does not match")));
        assert!(messages.iter().any(|m| m.contains("not in the schema")));
    }

    #[test]
    fn conflicts_outside_the_text_are_problems() {
        let text = ReportText::new("𠮷野家523人");
        let mut file = file_for(&text, vec![Span::new(&text, 3, 7, "Figure")]);
        let conflict = |start, end, option_end| Conflict {
            kind: ConflictKind::Missing,
            origin: ConflictOrigin::Analysts,
            start,
            end,
            options: vec![
                ConflictOption {
                    span: Some(SpanKey {
                        start,
                        end: option_end,
                        label: "Figure".into(),
                    }),
                    annotators: vec!["alice".into()],
                },
                ConflictOption {
                    span: None,
                    annotators: vec!["bob".into()],
                },
            ],
        };
        file.conflicts = vec![conflict(3, 7, 7)];
        file.settled = vec![conflict(3, 7, 7)];
        assert!(file.problems(&text, &Schema::default()).is_empty());
        file.conflicts = vec![conflict(3, 9, 7)];
        file.settled = vec![conflict(3, 7, 12)];
        let messages: Vec<String> = file
            .problems(&text, &Schema::default())
            .iter()
            .map(|p| p.message.clone())
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("conflict 3..9"), "{messages:?}");
        assert!(
            messages[1].starts_with("settled conflict 3..7"),
            "{messages:?}"
        );
    }

    #[test]
    fn notices_changed_text() {
        let text = ReportText::new("523人");
        let file = file_for(&text, vec![Span::new(&text, 0, 4, "Figure")]);
        let changed = ReportText::new("524人");
        let problems = file.problems(&changed, &Schema::default());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .contains("changed since it was annotated")
        );
    }
}
