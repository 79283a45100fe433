//! Small integer ids for span labels, so that merging and agreement group hundreds of thousands of spans by
//! label without a string comparison per lookup (a schema has a handful of labels: a linear scan that checks
//! length and first byte before comparing is the cheapest index).

/// Labels seen so far, in order of first appearance.
#[derive(Debug, Clone, Default)]
pub(crate) struct LabelIds<'a> {
    names: Vec<&'a str>,
}

impl<'a> LabelIds<'a> {
    /// The id of a label seen before, if it was.
    pub(crate) fn get(&self, name: &str) -> Option<usize> {
        let first = name.as_bytes().first();
        self.names.iter().position(|n| {
            n.len() == name.len()
                && n.as_bytes().first() == first
                && same_bytes(n.as_bytes(), name.as_bytes())
        })
    }

    /// The id of a label, adding it when new.
    pub(crate) fn id(&mut self, name: &'a str) -> usize {
        match self.get(name) {
            Some(id) => id,
            None => {
                self.names.push(name);
                self.names.len() - 1
            }
        }
    }

    /// The labels in order of first appearance (index = id).
    pub(crate) fn names(self) -> Vec<&'a str> {
        self.names
    }

    /// The labels sorted by name, and for each id (order of appearance) its position in that order.
    pub(crate) fn sorted(&self) -> (Vec<&'a str>, Vec<usize>) {
        let mut order: Vec<usize> = (0..self.names.len()).collect();
        order.sort_by_key(|&i| self.names[i]);
        let mut rank = vec![0; self.names.len()];
        for (position, &id) in order.iter().enumerate() {
            rank[id] = position;
        }
        (order.iter().map(|&i| self.names[i]).collect(), rank)
    }
}

/// Byte equality written as a loop: label names are a few bytes long, where this inlines into a handful of
/// compares and a call to `memcmp` costs more than the comparison itself.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_sorted_ranks() {
        let mut ids = LabelIds::default();
        assert_eq!(ids.id("Outcome"), 0);
        assert_eq!(ids.id("Measure"), 1);
        assert_eq!(ids.id("Outcome"), 0);
        assert_eq!(ids.id("Figure"), 2);
        assert_eq!(ids.get("Place"), None);
        assert_eq!(ids.get(""), None);
        let (names, rank) = ids.sorted();
        assert_eq!(names, ["Figure", "Measure", "Outcome"]);
        assert_eq!(rank, [2, 1, 0]);
    }
}
