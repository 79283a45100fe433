//! Notes of several annotators on one span, combined so that none is lost and none repeated: shared by the
//! n-way merge and the three-way merge.

/// The separator between distinct notes combined on one span.
pub const NOTE_SEPARATOR: &str = "\n";

/// Combines the distinct notes different annotators wrote on one span, losing none: one note stays as it is,
/// several are joined in sorted order. A note that is already such a join of other notes present (as in a
/// merged file merged again) is not repeated, so merging is idempotent.
pub fn combine_notes<'a>(notes: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut notes = notes.into_iter().filter(|n| !n.is_empty()).peekable();
    // Most spans have no note: no allocation for them.
    notes.peek()?;
    let mut distinct: Vec<&str> = notes.collect();
    distinct.sort_by_key(|n| (n.len(), *n));
    distinct.dedup();
    if distinct.len() <= 1 {
        return distinct.first().map(|n| (*n).to_owned());
    }
    let mut kept: Vec<&str> = Vec::new();
    for note in distinct {
        let mut parts: Vec<&str> = kept.iter().copied().filter(|k| note.contains(k)).collect();
        parts.sort_unstable();
        if parts.len() >= 2 && parts.join(NOTE_SEPARATOR) == note {
            continue;
        }
        kept.push(note);
    }
    kept.sort_unstable();
    (!kept.is_empty()).then(|| kept.join(NOTE_SEPARATOR))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_combine_without_loss_or_repetition() {
        assert_eq!(combine_notes([]), None);
        assert_eq!(combine_notes(["only"]).as_deref(), Some("only"));
        assert_eq!(combine_notes(["b", "a", "b"]).as_deref(), Some("a\nb"));
        // A note that is the join of the others (a merged file's note) is not repeated.
        assert_eq!(combine_notes(["a\nb", "b", "a"]).as_deref(), Some("a\nb"));
        // A note that merely contains another is kept.
        assert_eq!(
            combine_notes(["figure", "good figure"]).as_deref(),
            Some("figure\ngood figure")
        );
        assert_eq!(
            combine_notes(["含\t制表符\n和换行", "x"]).as_deref(),
            Some("x\n含\t制表符\n和换行")
        );
    }
}
