//! Agreement on links between spans, per pair of annotators and relation type: exact F1 (both endpoints
//! identical spans, same type) and lenient F1 (endpoints paired by the same optimal span matching as lenient
//! span F1, [`crate::matching::match_extents`] per label, and the same type).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::matching::{Extent, f1, match_extents};
use crate::model::{AnnotationFile, SpanKey};

/// Two annotators' agreement on one relation type (or on all types, micro-averaged).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct RelationF1 {
    /// F1 counting only links whose two endpoints are identical spans on both sides.
    pub exact_f1: Option<f64>,
    /// F1 counting links whose endpoints are spans paired by the lenient span matching.
    pub lenient_f1: Option<f64>,
    /// `a`'s links of this type.
    pub links_a: usize,
    /// `b`'s links of this type.
    pub links_b: usize,
    /// Links identical on both sides.
    pub exact_matches: usize,
    /// Links matched leniently (exact ones included).
    pub lenient_matches: usize,
}

impl RelationF1 {
    fn add(&mut self, other: &RelationF1) {
        self.links_a += other.links_a;
        self.links_b += other.links_b;
        self.exact_matches += other.exact_matches;
        self.lenient_matches += other.lenient_matches;
    }

    fn finish(mut self) -> RelationF1 {
        self.exact_f1 = f1(self.exact_matches, self.links_a, self.links_b);
        self.lenient_f1 = f1(self.lenient_matches, self.links_a, self.links_b);
        self
    }
}

/// Relation agreement of one pair over the reports both annotated: per type, and over all types.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PairRelations {
    /// Per relation type (every type either side used).
    pub types: BTreeMap<String, RelationF1>,
    /// Over all types: counts added up before dividing.
    pub micro: RelationF1,
}

/// Compares two annotators' files of the same reports (pairs of files, one per report both annotated).
pub fn compare<'a>(
    reports: impl IntoIterator<Item = (&'a AnnotationFile, &'a AnnotationFile)>,
) -> PairRelations {
    let mut counts: BTreeMap<String, RelationF1> = BTreeMap::new();
    for (a, b) in reports {
        if a.relations.is_empty() && b.relations.is_empty() {
            continue;
        }
        let paired = lenient_pairs(a, b);
        let exact_b: HashSet<(&SpanKey, &SpanKey, &str)> =
            b.relations.iter().map(|r| r.key()).collect();
        let lenient_b = &exact_b;
        for relation in &b.relations {
            counts.entry(relation.kind.to_string()).or_default().links_b += 1;
        }
        for relation in &a.relations {
            let entry = counts.entry(relation.kind.to_string()).or_default();
            entry.links_a += 1;
            if exact_b.contains(&relation.key()) {
                entry.exact_matches += 1;
            }
            let (Some(from), Some(to)) = (paired.get(&relation.from), paired.get(&relation.to))
            else {
                continue;
            };
            if lenient_b.contains(&(from, to, relation.kind.as_str())) {
                entry.lenient_matches += 1;
            }
        }
    }
    let mut micro = RelationF1::default();
    for c in counts.values() {
        micro.add(c);
    }
    PairRelations {
        types: counts.into_iter().map(|(k, c)| (k, c.finish())).collect(),
        micro: micro.finish(),
    }
}

/// For each of `a`'s spans, the span of `b` it is paired with by the lenient span matching (per label:
/// identical extents first, then maximum total overlap, one to one).
fn lenient_pairs(a: &AnnotationFile, b: &AnnotationFile) -> HashMap<SpanKey, SpanKey> {
    let mut by_label: BTreeMap<&str, (Vec<SpanKey>, Vec<SpanKey>)> = BTreeMap::new();
    for span in &a.spans {
        by_label
            .entry(span.label.as_str())
            .or_default()
            .0
            .push(span.key());
    }
    for span in &b.spans {
        by_label
            .entry(span.label.as_str())
            .or_default()
            .1
            .push(span.key());
    }
    let mut pairs = HashMap::new();
    for (_, (ka, kb)) in by_label {
        let ea: Vec<Extent> = ka.iter().map(|k| (k.start, k.end)).collect();
        let eb: Vec<Extent> = kb.iter().map(|k| (k.start, k.end)).collect();
        for (x, y) in match_extents(&ea, &eb).pairs() {
            pairs.insert(ka[x].clone(), kb[y].clone());
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocRef, Relation, Span};
    use crate::text::ReportText;

    fn file(
        t: &ReportText,
        who: &str,
        spans: &[(usize, usize, &str)],
        links: &[(usize, usize, &str)],
    ) -> AnnotationFile {
        let mut f = AnnotationFile::new(DocRef::of("r.txt", t), who);
        f.spans = spans
            .iter()
            .map(|&(s, e, l)| Span::new(t, s, e, l))
            .collect();
        for &(x, y, kind) in links {
            f.relations
                .push(Relation::new(f.spans[x].key(), f.spans[y].key(), kind));
        }
        f.normalize();
        f
    }

    #[test]
    fn exact_needs_identical_endpoints_and_lenient_follows_the_span_matching() {
        let t = ReportText::new("𠮷贫困发生率降至0.68%。\r\n建立机制");
        let a = file(
            &t,
            "a",
            &[(1, 13, "Outcome"), (8, 13, "Figure"), (16, 20, "Measure")],
            &[(1, 0, "Quantifies"), (2, 0, "Produces")],
        );
        // b tags the figure one character shorter (lenient match), and links the Measure the other way round
        // (no such type: counted, never matched).
        let b = file(
            &t,
            "b",
            &[(1, 13, "Outcome"), (8, 12, "Figure"), (16, 20, "Measure")],
            &[(1, 0, "Quantifies")],
        );
        let r = compare([(&a, &b)]);
        let q = r.types["Quantifies"];
        assert_eq!(
            (q.links_a, q.links_b, q.exact_matches, q.lenient_matches),
            (1, 1, 0, 1)
        );
        assert_eq!(q.exact_f1, Some(0.0));
        assert_eq!(q.lenient_f1, Some(1.0));
        let p = r.types["Produces"];
        assert_eq!((p.links_a, p.links_b, p.lenient_matches), (1, 0, 0));
        assert_eq!(r.micro.links_a, 2);
        assert_eq!(r.micro.lenient_f1, Some(2.0 / 3.0));
        let none = compare([(&b, &b)]);
        assert_eq!(none.types["Quantifies"].exact_f1, Some(1.0));
    }
}
