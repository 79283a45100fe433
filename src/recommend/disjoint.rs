//! Picking non-overlapping spans per label, best first: the dictionary's longest entries and the layers' merged
//! suggestions both keep a span only where no better one of its label lies. Logarithmic a span, so a report
//! with hundreds of thousands of suggestions is not quadratic.

use std::collections::{BTreeMap, HashMap};

/// The extents taken so far, per label; they never overlap within a label.
#[derive(Debug, Default)]
pub(crate) struct TakenByLabel<'a> {
    taken: HashMap<&'a str, BTreeMap<usize, usize>>,
}

impl<'a> TakenByLabel<'a> {
    /// Takes `start..end` for `label` unless it overlaps an extent already taken for it; says whether it did.
    pub(crate) fn take(&mut self, label: &'a str, start: usize, end: usize) -> bool {
        let taken = self.taken.entry(label).or_default();
        // Taken extents are disjoint, so the last one starting before `end` ends last among them.
        if let Some((_, &last_end)) = taken.range(..end).next_back()
            && last_end > start
        {
            return false;
        }
        // An empty extent at the start of a taken one would hide it from later lookups: keep the longer.
        if start < end || !taken.contains_key(&start) {
            taken.insert(start, end);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlaps_within_a_label_are_refused() {
        let mut t = TakenByLabel::default();
        assert!(t.take("A", 10, 20));
        assert!(!t.take("A", 15, 25));
        assert!(!t.take("A", 0, 11));
        assert!(!t.take("A", 12, 13));
        assert!(!t.take("A", 0, 30));
        assert!(t.take("A", 20, 25));
        assert!(t.take("A", 0, 10));
        assert!(t.take("B", 12, 13), "other labels are independent");
    }
}
