//! Re-anchoring: when a report is revised after it was annotated, each span is found again in the new text by
//! its quoted text and its context (the W3C Web Annotation TextQuoteSelector's `exact`, `prefix` and
//! `suffix`), and the file is tied to the new text. Spans that cannot be placed without guessing become
//! orphans: kept in the file, never dropped and never put on other words.
//!
//! Each span, in text order, is placed by the first rule that holds:
//!
//! 1. **In place**: its quote is at its old offsets, with its stored context around it.
//! 2. **Shifted**: its quote and context are where the span before it moved them (its old offset plus the
//!    last placed span's shift): text inserted or deleted earlier moves everything after it alike.
//! 3. **Unique context**: prefix + quote + suffix occurs exactly once in the new text.
//!
//! Text is revised, not reordered: of the places rules 1-3 find, only the largest set that keeps the spans'
//! order is kept (a context that occurred twice in the old text may occur once in the new one, at other
//! words; a paragraph moved elsewhere loses its spans to orphans rather than risk that).
//!
//! 4. **Nearest quote**: once rules 1-3 have placed what they can, the quote's occurrences between the new
//!    places of the placed spans before and after it (text is revised, not reordered) that keep at least half
//!    of its context on one side ([`MIN_CONTEXT`] code points); one such occurrence is taken, and of several the
//!    nearest to where the span before it says it should be, if it is clearly the nearest (the next is at
//!    least twice as far). Anything else is ambiguous: an orphan.
//!
//! Files written before contexts were stored have none: rule 1 then needs only the quote at its old offsets,
//! rules 2 and 3 do not apply, and rule 4 takes the quote alone. Orphans already in a file are tried again by
//! rule 3 only (their offsets belong to an older text). Two spans that would land on the same extent and label
//! keep the first; the second is an orphan. Relations follow their spans; a relation with an end that became an
//! orphan moves to the file's `orphan_relations` (never dropped), and back when its orphans are placed again.
//! Rejected suggestions (extents without text) cannot be found again
//! and are forgotten, and said so; a file recording merge conflicts is refused (their regions carry no text):
//! re-anchor the analysts' files and merge again.

use std::collections::{HashMap, HashSet};

use crate::model::{AnnotationFile, CONTEXT_CHARS, DocRef, Span, SpanKey};
use crate::plural::count;
use crate::text::ReportText;

/// The context, in code points, that rule 4 requires to agree on one side of an occurrence.
pub const MIN_CONTEXT: usize = CONTEXT_CHARS / 2;

/// What re-anchoring did to a file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Spans found at their old offsets.
    pub in_place: usize,
    /// Spans found elsewhere and moved there.
    pub moved: usize,
    /// Orphans in the file now (made now, or left from before).
    pub orphans: usize,
    /// Of those, made by this re-anchoring.
    pub new_orphans: usize,
    /// Orphans from before that were placed again.
    pub restored: usize,
    /// Rejected suggestions forgotten (they will be offered again).
    pub rejections_forgotten: usize,
    /// Relations with an end among the orphans, kept in the file's `orphan_relations`.
    pub orphan_relations: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} moved, {} in place, {}",
            count(self.moved, "span"),
            self.in_place,
            count(self.orphans, "orphan")
        )?;
        if self.restored > 0 {
            write!(
                f,
                " ({} placed again)",
                count(self.restored, "earlier orphan")
            )?;
        }
        if self.orphan_relations > 0 {
            write!(
                f,
                " ({} kept aside with them)",
                count(self.orphan_relations, "relation")
            )?;
        }
        if self.rejections_forgotten > 0 {
            write!(
                f,
                "; {} forgotten (they will be offered again)",
                count(self.rejections_forgotten, "rejected suggestion")
            )?;
        }
        Ok(())
    }
}

/// Why a file was not re-anchored; it is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReanchorError {
    /// Merge conflicts have regions and options without quoted text, so they cannot be found again.
    #[error(
        "it records {0} merge conflict(s), open or settled, whose regions carry no quoted text to find again: \
         re-anchor the analysts' files (`spantag reanchor`) and merge them again"
    )]
    Conflicts(usize),
}

/// Re-anchors `file` to `text`, the revised report: spans move to where their words are now, those that cannot
/// be placed without guessing become orphans, and the file's [`DocRef`] becomes the new text's. A file that
/// already matches `text` is left as it is.
pub fn reanchor(file: &mut AnnotationFile, text: &ReportText) -> Result<Summary, ReanchorError> {
    if file.document.matches(text) {
        return Ok(Summary {
            in_place: file.spans.len(),
            orphans: file.orphans.len(),
            orphan_relations: file.orphan_relations.len(),
            ..Summary::default()
        });
    }
    let conflicts = file.conflicts.len()
        + file.settled.len()
        + file.relation_conflicts.len()
        + file.settled_relation_conflicts.len();
    if conflicts > 0 {
        return Err(ReanchorError::Conflicts(conflicts));
    }
    let finder = Finder::new(text, file.document.chars);
    // A span whose extent does not fit its quote (a hand-edited or damaged file) is never placed: it stays an
    // orphan, kept as it is.
    let (mut spans, unsound): (Vec<Span>, Vec<Span>) =
        std::mem::take(&mut file.spans).into_iter().partition(sound);
    crate::model::sort_spans(&mut spans);
    let places = finder.place_all(&spans);
    let mut summary = Summary {
        rejections_forgotten: std::mem::take(&mut file.rejected).len()
            + std::mem::take(&mut file.rejected_relations).len(),
        ..Summary::default()
    };
    let mut taken: HashSet<SpanKey> = HashSet::new();
    let mut placed = Vec::with_capacity(spans.len());
    summary.new_orphans = unsound.len();
    let mut orphans = unsound;
    // Where each span placed now went, by the key it had: what its relations follow.
    let mut new_keys: HashMap<SpanKey, SpanKey> = HashMap::new();
    for (span, place) in spans.into_iter().zip(places) {
        match place.and_then(|start| moved(&span, start, text, &mut taken)) {
            Some(new) => {
                new_keys.insert(span.key(), new.key());
                if new.start == span.start {
                    summary.in_place += 1;
                } else {
                    summary.moved += 1;
                }
                placed.push(new);
            }
            None => {
                summary.new_orphans += 1;
                orphans.push(span);
            }
        }
    }
    for orphan in std::mem::take(&mut file.orphans) {
        if !sound(&orphan) {
            orphans.push(orphan);
            continue;
        }
        match finder
            .unique_context(&orphan)
            .and_then(|start| moved(&orphan, start, text, &mut taken))
        {
            Some(new) => {
                summary.restored += 1;
                new_keys.insert(orphan.key(), new.key());
                placed.push(new);
            }
            None => orphans.push(orphan),
        }
    }
    summary.orphans = orphans.len();
    let orphan_keys: HashSet<SpanKey> = orphans.iter().map(Span::key).collect();
    let relations = std::mem::take(&mut file.relations)
        .into_iter()
        .chain(std::mem::take(&mut file.orphan_relations));
    for mut relation in relations {
        for end in [&mut relation.from, &mut relation.to] {
            if let Some(new) = new_keys.get(end) {
                *end = new.clone();
            }
        }
        // An end that is an orphan's (and was not placed under that key) keeps the orphan's offsets.
        let orphaned = [&relation.from, &relation.to]
            .iter()
            .any(|end| orphan_keys.contains(*end) && !new_keys.contains_key(*end));
        if orphaned {
            file.orphan_relations.push(relation);
        } else {
            file.relations.push(relation);
        }
    }
    summary.orphan_relations = file.orphan_relations.len();
    file.spans = placed;
    file.orphans = orphans;
    file.document = DocRef::of(file.document.file.clone(), text);
    file.normalize();
    Ok(summary)
}

/// Whether a span's extent holds its quote: only such a span can be looked for (its length is the quote's).
fn sound(span: &Span) -> bool {
    span.start <= span.end && span.end - span.start == span.text.chars().count()
}

/// The span at its new start, with its context there; `None` when a span with that extent and label is placed
/// already.
fn moved(
    span: &Span,
    start: usize,
    text: &ReportText,
    taken: &mut HashSet<SpanKey>,
) -> Option<Span> {
    let mut new = Span {
        start,
        end: start + (span.end - span.start),
        ..span.clone()
    };
    if !taken.insert(new.key()) {
        return None;
    }
    new.set_context(text);
    Some(new)
}

/// Searches one revised text.
struct Finder<'t> {
    text: &'t ReportText,
    old_len: usize,
}

impl<'t> Finder<'t> {
    fn new(text: &'t ReportText, old_len: usize) -> Self {
        Finder { text, old_len }
    }

    /// The new start of each span (in canonical order), or `None` for an orphan.
    fn place_all(&self, spans: &[Span]) -> Vec<Option<usize>> {
        let mut places: Vec<Option<usize>> = Vec::with_capacity(spans.len());
        let mut shift: isize = 0;
        // Rules 1-3.
        for span in spans {
            let shifted = span.start.checked_add_signed(shift);
            let place = if self.fits(span, span.start) {
                Some(span.start)
            } else if span.context.is_some()
                && let Some(at) = shifted.filter(|&at| self.fits(span, at))
            {
                Some(at)
            } else {
                self.unique_context(span)
            };
            if let Some(at) = place {
                shift = at as isize - span.start as isize;
            }
            places.push(place);
        }
        // Text is revised, not reordered: places out of order with the others are mistaken (a context that
        // was not unique in the old text can be unique in the new one, at other words), so only the largest
        // set of places in the spans' order is kept.
        keep_in_order(&mut places);
        // Rule 4, between the places rules 1-3 found.
        let anchors = places.clone();
        for (i, span) in spans.iter().enumerate() {
            if places[i].is_none() {
                places[i] = self.nearest_quote(spans, &anchors, i, span);
            }
        }
        places
    }

    /// Whether the span's quote is at `at` in the new text with its stored context around it (when it has one).
    fn fits(&self, span: &Span, at: usize) -> bool {
        let len = self.text.len_chars();
        let end = at + (span.end - span.start);
        if end > len || self.text.slice(at, end) != span.text {
            return false;
        }
        let Some(context) = span.context.as_deref() else {
            return true;
        };
        let prefix = context.prefix.chars().count();
        let suffix = context.suffix.chars().count();
        at >= prefix
            && end + suffix <= len
            && self.text.slice(at - prefix, at) == context.prefix
            && self.text.slice(end, end + suffix) == context.suffix
    }

    /// Rule 3: the start of the only occurrence of prefix + quote + suffix, if there is exactly one.
    fn unique_context(&self, span: &Span) -> Option<usize> {
        let context = span.context.as_deref()?;
        if context.prefix.is_empty() && context.suffix.is_empty() {
            return None;
        }
        let needle = format!("{}{}{}", context.prefix, span.text, context.suffix);
        let mut found = occurrences(self.text.as_str(), &needle);
        let first = found.next()?;
        if found.next().is_some() {
            return None;
        }
        Some(self.text.char_of(first) + context.prefix.chars().count())
    }

    /// Rule 4 for span `i`: its quote between its placed neighbours, keeping part of its context, unique or
    /// clearly nearest to where its neighbour's shift puts it.
    fn nearest_quote(
        &self,
        spans: &[Span],
        anchors: &[Option<usize>],
        i: usize,
        span: &Span,
    ) -> Option<usize> {
        let before = (0..i).rev().find_map(|j| anchors[j].map(|at| (j, at)));
        let after = (i + 1..spans.len()).find_map(|j| anchors[j].map(|at| (j, at)));
        let len = self.text.len_chars();
        let low = before.map_or(0, |(_, at)| at);
        let high = after.map_or(len, |(_, at)| at);
        if low > high {
            return None;
        }
        let expected = match (before, after) {
            (Some((j, at)), _) | (None, Some((j, at))) => {
                span.start as isize + (at as isize - spans[j].start as isize)
            }
            // Nothing placed to go by: the same share of the text.
            (None, None) => (span.start as f64 * len as f64 / self.old_len.max(1) as f64) as isize,
        };
        let quote_len = span.end - span.start;
        // Only the window is searched: a long report is not scanned once per span.
        let from = self.text.byte_of(low);
        let to = self.text.byte_of((high + quote_len).min(len));
        let window = self.text.as_str().get(from..to).unwrap_or_default();
        let mut candidates: Vec<(usize, usize)> = occurrences(window, &span.text)
            .map(|byte| self.text.char_of(from + byte))
            .filter(|&at| at >= low && at <= high && at + quote_len <= len)
            .filter(|&at| self.keeps_context(span, at))
            .map(|at| (at.abs_diff(expected.max(0) as usize), at))
            .collect();
        candidates.sort_unstable();
        match candidates.as_slice() {
            [] => None,
            [(_, at)] => Some(*at),
            [(nearest, at), (next, _), ..] => (*next > 2 * *nearest).then_some(*at),
        }
    }

    /// Whether at least [`MIN_CONTEXT`] code points of the span's stored context (or all of a shorter one)
    /// agree on one side of an occurrence at `at`; true for a span stored without context.
    fn keeps_context(&self, span: &Span, at: usize) -> bool {
        let Some(context) = span.context.as_deref() else {
            return true;
        };
        let end = at + (span.end - span.start);
        let before = self.text.slice(at.saturating_sub(CONTEXT_CHARS), at);
        let after = self
            .text
            .slice(end, (end + CONTEXT_CHARS).min(self.text.len_chars()));
        let agree_before = context
            .prefix
            .chars()
            .rev()
            .zip(before.chars().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let agree_after = context
            .suffix
            .chars()
            .zip(after.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let enough = |stored: &str, agree: usize| {
            let stored = stored.chars().count();
            stored > 0 && agree >= MIN_CONTEXT.min(stored)
        };
        enough(&context.prefix, agree_before) || enough(&context.suffix, agree_after)
    }
}

/// Drops the places that are not in the longest run of places whose new starts keep the spans' order
/// (non-decreasing), so that no span is placed out of order with the others.
fn keep_in_order(places: &mut [Option<usize>]) {
    let placed: Vec<(usize, usize)> = places
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.map(|at| (i, at)))
        .collect();
    // Patience sorting: `tails[k]` is the index (into `placed`) ending the best run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; placed.len()];
    for (n, &(_, at)) in placed.iter().enumerate() {
        let k = tails.partition_point(|&t| placed[t].1 <= at);
        previous[n] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(n);
        } else {
            tails[k] = n;
        }
    }
    let mut keep = vec![false; placed.len()];
    let mut at = tails.last().copied();
    while let Some(n) = at {
        keep[n] = true;
        at = previous[n];
    }
    for (n, &(i, _)) in placed.iter().enumerate() {
        if !keep[n] {
            places[i] = None;
        }
    }
}

/// Byte offsets of every occurrence of `needle` in `hay`, overlapping ones included.
fn occurrences<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let step = needle.chars().next().map_or(1, char::len_utf8);
    let mut from = 0;
    std::iter::from_fn(move || {
        if needle.is_empty() || from > hay.len() {
            return None;
        }
        let found = from + hay.get(from..)?.find(needle)?;
        from = found + step;
        Some(found)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &ReportText, spans: Vec<Span>) -> AnnotationFile {
        let mut file = AnnotationFile::new(DocRef::of("a.txt", text), "alice");
        file.spans = spans;
        file.normalize();
        file
    }

    fn span_of(text: &ReportText, needle: &str, nth: usize, label: &str) -> Span {
        let byte = text.as_str().match_indices(needle).nth(nth).unwrap().0;
        let start = text.char_of(byte);
        Span::new(text, start, start + needle.chars().count(), label)
    }

    #[test]
    fn a_damaged_span_becomes_an_orphan_instead_of_a_panic() {
        let old = ReportText::new("贫困发生率降至0.68%。帮扶523人。");
        let good = span_of(&old, "523人", 0, "Figure");
        let mut backwards = span_of(&old, "0.68%", 0, "Figure");
        (backwards.start, backwards.end) = (backwards.end, backwards.start);
        let mut huge = span_of(&old, "贫困", 0, "Outcome");
        huge.end = usize::MAX;
        let mut f = file(&old, vec![good.clone()]);
        f.spans.extend([backwards.clone(), huge.clone()]);
        f.orphans.push(backwards.clone());
        let new = ReportText::new("前言。贫困发生率降至0.68%。帮扶523人。");
        let summary = reanchor(&mut f, &new).unwrap();
        assert_eq!(f.spans.len(), 1, "{summary}");
        assert_eq!(new.slice(f.spans[0].start, f.spans[0].end), "523人");
        assert_eq!(f.orphans.len(), 3, "kept, never dropped");
        assert!(f.orphans.contains(&huge));
    }

    #[test]
    fn spans_follow_their_words_and_astral_offsets_count_code_points() {
        let old = ReportText::new("𠮷野家：贫困发生率降至0.68%。帮扶523人。");
        let figure = span_of(&old, "0.68%", 0, "Figure");
        let people = span_of(&old, "523人", 0, "Figure");
        let mut f = file(&old, vec![figure.clone(), people.clone()]);
        let new = ReportText::new("前言𠮷𠮷。𠮷野家：贫困发生率降至0.68%。帮扶523人。");
        let summary = reanchor(&mut f, &new).unwrap();
        assert_eq!(summary.moved, 2, "{summary}");
        assert_eq!(summary.orphans, 0);
        for span in &f.spans {
            assert_eq!(new.slice(span.start, span.end), span.text);
        }
        assert_eq!(f.spans[0].start, figure.start + 5);
        assert_eq!(f.spans[1].start, people.start + 5);
        assert!(f.document.matches(&new));
        assert!(
            f.problems(&new, &crate::schema::Schema::default())
                .is_empty()
        );
    }

    #[test]
    fn relations_follow_their_spans_and_wait_with_their_orphans() {
        use crate::model::Relation;
        let old = ReportText::new("第一段：贫困发生率降至0.68%。第二段：新增就业406起。");
        let outcome = span_of(&old, "贫困发生率降至0.68%", 0, "Outcome");
        let figure = span_of(&old, "0.68%", 0, "Figure");
        let cases = span_of(&old, "新增就业406起", 0, "Outcome");
        let count = span_of(&old, "406起", 0, "Figure");
        let mut f = file(&old, vec![outcome.clone(), figure.clone(), cases, count]);
        f.relations = vec![
            Relation::new(figure.key(), outcome.key(), "Quantifies"),
            Relation::new(f.spans[3].key(), f.spans[2].key(), "Quantifies"),
        ];
        f.normalize();
        // Text before both moves them; the second paragraph's figure changed, so its pair is orphaned.
        let new = ReportText::new("序𠮷。第一段：贫困发生率降至0.68%。第二段：新增就业407起。");
        let summary = reanchor(&mut f, &new).unwrap();
        assert_eq!(summary.orphans, 2, "{summary}");
        assert_eq!(summary.orphan_relations, 1, "{summary}");
        assert!(
            summary.to_string().contains("1 relation kept aside"),
            "{summary}"
        );
        assert_eq!(f.relations.len(), 1);
        assert_eq!(f.relations[0].from.start, figure.start + 3);
        assert_eq!(f.relations[0].to.start, outcome.start + 3);
        assert!(crate::relations::problems(&f, &crate::schema::Schema::default()).is_empty());
        assert_eq!(f.orphan_relations.len(), 1);
        assert_eq!(f.orphan_relations[0].from.label, "Figure");
        // The words come back: the orphans are placed again and their link returns with them.
        let back = ReportText::new("第一段：贫困发生率降至0.68%。第二段：新增就业406起。");
        let summary = reanchor(&mut f, &back).unwrap();
        assert_eq!(summary.orphans, 0, "{summary}");
        assert!(f.orphan_relations.is_empty());
        assert_eq!(f.relations.len(), 2);
        assert!(crate::relations::problems(&f, &crate::schema::Schema::default()).is_empty());
    }

    #[test]
    fn words_gone_or_ambiguous_become_orphans() {
        let old = ReportText::new("第一段：共帮扶523人。第二段：新增就业406起。");
        let people = span_of(&old, "523人", 0, "Figure");
        let cases = span_of(&old, "406起", 0, "Figure");
        let mut f = file(&old, vec![people.clone(), cases]);
        // The figure changed, and the other one now appears twice with another context each time.
        let new =
            ReportText::new("第一段：共帮扶523人。第二段：新增就业407起。另：523人，又523人。");
        let summary = reanchor(&mut f, &new).unwrap();
        assert_eq!(summary.in_place, 1, "{summary}");
        assert_eq!(f.spans.len(), 1);
        assert_eq!(f.spans[0].start, people.start);
        assert_eq!(f.orphans.len(), 1);
        assert_eq!(f.orphans[0].text, "406起", "kept, with its old offsets");
        // Re-anchoring again to a text where it is back places it again.
        let back = ReportText::new("序。第一段：共帮扶523人。第二段：新增就业406起。");
        let summary = reanchor(&mut f, &back).unwrap();
        assert_eq!(summary.restored, 1, "{summary}");
        assert!(f.orphans.is_empty());
        assert!(
            f.problems(&back, &crate::schema::Schema::default())
                .is_empty()
        );
    }

    #[test]
    fn a_file_with_conflicts_is_refused_unchanged() {
        use crate::model::{Conflict, ConflictKind, ConflictOrigin};
        let old = ReportText::new("帮扶523人。");
        let mut f = file(&old, vec![span_of(&old, "523人", 0, "Figure")]);
        f.conflicts.push(Conflict {
            kind: ConflictKind::Missing,
            origin: ConflictOrigin::Analysts,
            start: 2,
            end: 6,
            options: Vec::new(),
        });
        let before = f.clone();
        let error = reanchor(&mut f, &ReportText::new("序。帮扶523人。")).unwrap_err();
        assert!(error.to_string().contains("merge them again"), "{error}");
        assert_eq!(f, before);
    }

    #[test]
    fn an_old_file_without_context_uses_the_quote_alone() {
        let old = ReportText::new("共帮扶523人，新增406起。");
        let mut people = span_of(&old, "523人", 0, "Figure");
        people.context = None;
        let mut f = file(&old, vec![people]);
        let new = ReportText::new("今年共帮扶523人，新增406起。");
        reanchor(&mut f, &new).unwrap();
        assert_eq!(new.slice(f.spans[0].start, f.spans[0].end), "523人");
        assert!(
            f.spans[0].context.is_some(),
            "written with its context from now on"
        );
    }
}
