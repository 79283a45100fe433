//! The dictionary layer: every span the team tagged becomes an entry, matched at any character (not only at word
//! starts: Chinese has no spaces) and on the folded form ([`crate::fold`]), so a span learned in Simplified is
//! found in a Traditional report and full-width digits match half-width ones. An entry's score is how often its
//! text was tagged with its label where it occurs (INCEpTION's relative frequency, made character-level):
//! occurrences in complete reports count, and in reports still in progress only the tagged and the rejected ones
//! (the others are unknown).

use std::collections::HashMap;

use aho_corasick::AhoCorasick;
use serde::{Deserialize, Serialize};

use super::disjoint::TakenByLabel;
use super::training_data::TrainingDoc;
use crate::fold::fold;
use crate::model::SmallText;

/// One learned text and label with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The folded text.
    pub text: String,
    /// The label it was tagged with.
    pub label: SmallText,
    /// How often it was tagged with the label.
    pub tagged: u32,
    /// How often it occurs where that is known (tagged, rejected, or anywhere in a complete report).
    pub seen: u32,
}

impl Entry {
    /// The share of known occurrences that were tagged with the label.
    pub fn score(&self) -> f32 {
        if self.seen == 0 {
            0.0
        } else {
            self.tagged as f32 / self.seen.max(self.tagged) as f32
        }
    }
}

/// The learned entries and their matcher.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "Vec<Entry>", into = "Vec<Entry>")]
pub struct Dictionary {
    entries: Vec<Entry>,
    /// For each distinct text (the matcher's pattern number), its entries.
    patterns: Vec<Vec<usize>>,
    matcher: Option<AhoCorasick>,
}

impl From<Vec<Entry>> for Dictionary {
    fn from(entries: Vec<Entry>) -> Dictionary {
        Dictionary::with_entries(entries)
    }
}

impl From<Dictionary> for Vec<Entry> {
    fn from(d: Dictionary) -> Vec<Entry> {
        d.entries
    }
}

/// A match of a pattern: `(start, end, pattern)` in code points of the searched text.
type Hit = (usize, usize, usize);

impl Dictionary {
    fn with_entries(mut entries: Vec<Entry>) -> Dictionary {
        entries.retain(|e| !e.text.is_empty());
        entries.sort_by(|a, b| a.text.cmp(&b.text).then_with(|| a.label.cmp(&b.label)));
        let mut patterns: Vec<Vec<usize>> = Vec::new();
        let mut texts: Vec<&str> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if texts.last() == Some(&e.text.as_str()) {
                if let Some(last) = patterns.last_mut() {
                    last.push(i);
                }
            } else {
                texts.push(&e.text);
                patterns.push(vec![i]);
            }
        }
        let matcher = (!texts.is_empty())
            .then(|| AhoCorasick::new(&texts).ok())
            .flatten();
        Dictionary {
            entries,
            patterns,
            matcher,
        }
    }

    /// Learns the entries of `labels` from the documents.
    pub fn learn(docs: &[TrainingDoc], labels: &[SmallText]) -> Dictionary {
        let mut tagged: HashMap<(String, SmallText), u32> = HashMap::new();
        for d in docs {
            for s in d.spans.iter().filter(|s| labels.contains(&s.label)) {
                let text = fold(d.text.slice(s.start, s.end));
                if !text.trim().is_empty() {
                    *tagged.entry((text, s.label.clone())).or_default() += 1;
                }
            }
        }
        let entries = tagged
            .into_iter()
            .map(|((text, label), n)| Entry {
                text,
                label,
                tagged: n,
                seen: 0,
            })
            .collect();
        let mut dictionary = Dictionary::with_entries(entries);
        let mut seen = vec![0u32; dictionary.entries.len()];
        for d in docs {
            let folded = fold(d.text.as_str());
            // In a report in progress, only tagged and rejected places are known.
            let known_places: std::collections::HashSet<(usize, usize, &str)> = if d.complete {
                Default::default()
            } else {
                d.spans
                    .iter()
                    .chain(&d.rejected)
                    .map(|k| (k.start, k.end, k.label.as_str()))
                    .collect()
            };
            for (start, end, pattern) in dictionary.hits(&folded) {
                for &e in &dictionary.patterns[pattern] {
                    let label = dictionary.entries[e].label.as_str();
                    if d.complete || known_places.contains(&(start, end, label)) {
                        seen[e] += 1;
                    }
                }
            }
        }
        for (entry, n) in dictionary.entries.iter_mut().zip(seen) {
            entry.seen = n;
        }
        dictionary
    }

    /// Every occurrence of every entry's text in the folded text, overlapping ones included.
    fn hits(&self, folded: &str) -> Vec<Hit> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        // Byte offset -> code point offset, for the matcher's byte offsets.
        let mut char_at = vec![0u32; folded.len() + 1];
        let mut n = 0u32;
        for (b, c) in folded.char_indices() {
            char_at[b..b + c.len_utf8()].fill(n);
            n += 1;
        }
        char_at[folded.len()] = n;
        matcher
            .find_overlapping_iter(folded)
            .map(|m| {
                (
                    char_at[m.start()] as usize,
                    char_at[m.end()] as usize,
                    m.pattern().as_usize(),
                )
            })
            .collect()
    }

    /// The entries found in `text`, as `(start, end, entry)` in code points, each at least `floor` in score.
    /// Where entries of one label overlap, the longest wins (the guidelines tag the longer span), then the
    /// better scored.
    pub fn find(&self, text: &str, floor: f32) -> Vec<(usize, usize, &Entry)> {
        let mut found: Vec<(usize, usize, &Entry)> = self
            .hits(&fold(text))
            .into_iter()
            .flat_map(|(s, e, p)| self.patterns[p].iter().map(move |&i| (s, e, i)))
            .map(|(s, e, i)| (s, e, &self.entries[i]))
            .filter(|(_, _, entry)| entry.score() >= floor && entry.score() > 0.0)
            .collect();
        found.sort_by(|a, b| {
            (b.1 - b.0)
                .cmp(&(a.1 - a.0))
                .then(b.2.score().total_cmp(&a.2.score()))
                .then(a.0.cmp(&b.0))
        });
        let mut taken = TakenByLabel::default();
        let mut kept: Vec<(usize, usize, &Entry)> = found
            .into_iter()
            .filter(|hit| taken.take(&hit.2.label, hit.0, hit.1))
            .collect();
        kept.sort_by_key(|h| (h.0, std::cmp::Reverse(h.1)));
        kept
    }

    /// The entries found in `text` at least `floor` in score, as `(start, end, label index)` for the labels
    /// given: what the tagger's dictionary features are made of.
    pub(crate) fn marks_for(
        &self,
        text: &str,
        labels: &[SmallText],
        floor: f32,
    ) -> Vec<(usize, usize, usize)> {
        self.find(text, floor)
            .into_iter()
            .filter_map(|(s, e, entry)| {
                Some((s, e, labels.iter().position(|l| *l == entry.label)?))
            })
            .collect()
    }

    /// Every entry.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SpanKey;
    use crate::recommend::training_data::test_doc;

    fn doc(text: &str, spans: &[(&str, &str)], complete: bool) -> TrainingDoc {
        test_doc(text, text, spans, complete)
    }

    fn labels() -> Vec<SmallText> {
        vec!["Measure".into(), "Outcome".into()]
    }

    #[test]
    fn a_simplified_entry_matches_traditional_and_full_width_text() {
        let d = Dictionary::learn(
            &[doc(
                "全县建立防返贫监测预警机制。",
                &[("建立防返贫监测预警机制", "Measure")],
                true,
            )],
            &labels(),
        );
        let found = d.find("𠮷該縣建立防返貧監測預警機制", 0.5);
        assert_eq!(found.len(), 1);
        let (s, e, entry) = found[0];
        // Code points of the searched text: 𠮷 counts one.
        assert_eq!((s, e), (3, 14));
        assert_eq!(entry.label, "Measure");
        assert_eq!(entry.score(), 1.0);
        let d = Dictionary::learn(
            &[doc("降至0.68%", &[("0.68%", "Outcome")], true)],
            &labels(),
        );
        assert_eq!(d.find("降至０．６８％", 0.5).len(), 1);
    }

    #[test]
    fn the_score_is_the_tagged_share_of_known_occurrences() {
        let docs = [
            // Complete: two occurrences, one tagged.
            doc("产业扶贫，产业扶贫", &[("产业扶贫", "Measure")], true),
            // In progress: the untagged occurrence is unknown, not counted.
            doc("产业扶贫和产业扶贫", &[("产业扶贫", "Measure")], false),
        ];
        let d = Dictionary::learn(&docs, &labels());
        let entry = &d.entries()[0];
        assert_eq!((entry.tagged, entry.seen), (2, 3));
        assert!(d.find("产业扶贫", 0.7).is_empty());
        assert_eq!(d.find("产业扶贫", 0.6).len(), 1);
    }

    #[test]
    fn a_rejection_in_a_report_in_progress_counts_against_the_entry() {
        let mut second = doc("产业扶贫", &[], false);
        second.rejected.push(SpanKey {
            start: 0,
            end: 4,
            label: "Measure".into(),
        });
        let d = Dictionary::learn(
            &[doc("产业扶贫", &[("产业扶贫", "Measure")], false), second],
            &labels(),
        );
        assert_eq!((d.entries()[0].tagged, d.entries()[0].seen), (1, 2));
    }

    #[test]
    fn the_longest_entry_of_a_label_wins_where_they_overlap() {
        let d = Dictionary::learn(
            &[doc(
                "实施产业扶贫；产业扶贫项目",
                &[("产业扶贫", "Measure"), ("产业扶贫项目", "Measure")],
                false,
            )],
            &labels(),
        );
        let found: Vec<(usize, usize)> = d
            .find("产业扶贫项目", 0.1)
            .iter()
            .map(|h| (h.0, h.1))
            .collect();
        assert_eq!(found, [(0, 6)]);
        let bytes = postcard::to_stdvec(&d).unwrap();
        let back: Dictionary = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back.entries(), d.entries());
        assert_eq!(
            back.find("产业扶贫项目", 0.1).len(),
            1,
            "the matcher is rebuilt on load"
        );
    }
}
