//! What the sequence model sees at each character: the characters and character pairs around it, their classes,
//! and where the rule engine found figures and cues. Every feature is hashed to a slot of a fixed-size table
//! (the "hashing trick"), so training needs no feature dictionary and a model's size is known in advance.
//!
//! Characters are folded first ([`crate::fold`]): a Traditional report and a Simplified one light up the same
//! features, so what the team taught on one script is used on the other.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::segment::{WordMark, word_marks};
use crate::figures::{FIGURE, MEASURE, OUTCOME, Table, suggest};
use crate::fold::fold_char;
use crate::text::ReportText;

/// Features per character position.
pub(crate) const PER_POSITION: usize = 23;

/// A character's class: lets the model generalise from "523" to "84725" and from `，` to `。`.
fn class(c: char) -> u8 {
    match c {
        '\0' => 0,
        '0'..='9' => 1,
        '零' | '〇' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        | '百' | '千' | '万' | '亿' | '两' => 2,
        'a'..='z' | 'A'..='Z' => 3,
        '.' | '%' | '‰' => 4,
        c if c.is_whitespace() => 5,
        c if c.is_ascii_punctuation() => 6,
        '\u{3000}'..='\u{303F}'
        | '\u{FF00}'..='\u{FF65}'
        | '“'
        | '”'
        | '‘'
        | '’'
        | '…'
        | '—'
        | '·' => 6,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{20000}'..='\u{2FFFF}' => 7,
        _ => 8,
    }
}

/// Mixes a 64-bit value (splitmix64's finaliser): cheap, and spreads nearby inputs over the whole table.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The slot of a feature: its template number and up to three values, hashed.
fn slot(template: u64, a: u64, b: u64, c: u64) -> u64 {
    mix(
        mix(mix(template.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ a) ^ b.rotate_left(21))
            ^ c.rotate_left(42),
    )
}

/// Where the rule engine's suggestions lie: per position, 0 outside, 1 at a suggestion's first character, 2
/// inside; one row for figures and one for cues (Outcome 1-2, Measure 3-4).
fn rule_marks(text: &str, chars: usize, table: &Table) -> (Vec<u8>, Vec<u8>) {
    let mut figure = vec![0u8; chars];
    let mut cue = vec![0u8; chars];
    for s in suggest(text, table, &[FIGURE, OUTCOME, MEASURE]) {
        let (row, base) = match s.label.as_str() {
            FIGURE => (&mut figure, 0),
            OUTCOME => (&mut cue, 0),
            _ => (&mut cue, 2),
        };
        for (i, mark) in row.iter_mut().enumerate().take(s.end).skip(s.start) {
            *mark = base + if i == s.start { 1 } else { 2 };
        }
    }
    (figure, cue)
}

/// What a text's features are made of, apart from the dictionary's hits: the folded characters, the words the
/// segmenter finds and the rule engine's marks. The costly part of the features (segmenting, running the
/// rules), made once per text and kept between trainings ([`FeatureCache`]) while the dictionary changes.
#[derive(Debug)]
pub(crate) struct TextBase {
    folded: Vec<char>,
    words: Vec<WordMark>,
    figure: Vec<u8>,
    cue: Vec<u8>,
}

impl TextBase {
    /// The base of `text` (its characters `chars`, not yet folded).
    pub(crate) fn new(text: &str, chars: &[char], table: &Table) -> TextBase {
        let folded: Vec<char> = chars.iter().map(|&c| fold_char(c)).collect();
        let words = word_marks(&folded.iter().collect::<String>());
        let (figure, cue) = rule_marks(text, chars.len(), table);
        TextBase {
            folded,
            words,
            figure,
            cue,
        }
    }

    /// How many characters it covers.
    pub(crate) fn len(&self) -> usize {
        self.folded.len()
    }
}

/// The texts' bases kept between trainings, by text fingerprint, up to a number of characters (the app keeps
/// one for the workspace it trains on, so that a retraining after one accept does not segment every report
/// again). Shared between threads.
#[derive(Debug)]
pub struct FeatureCache {
    bases: Mutex<HashMap<String, Arc<TextBase>>>,
    limit_chars: usize,
}

impl FeatureCache {
    /// A cache holding the bases of up to `limit_chars` characters (about 20 bytes each).
    pub fn new(limit_chars: usize) -> FeatureCache {
        FeatureCache {
            bases: Mutex::new(HashMap::new()),
            limit_chars,
        }
    }

    /// The base of a text, from the cache or made (and kept while there is room).
    pub(crate) fn base(&self, text: &ReportText, chars: &[char], table: &Table) -> Arc<TextBase> {
        let key = text.fingerprint();
        if let Some(base) = self.bases.lock().ok().and_then(|b| b.get(key).cloned()) {
            return base;
        }
        let base = Arc::new(TextBase::new(text.as_str(), chars, table));
        if let Ok(mut bases) = self.bases.lock() {
            let held: usize = bases.values().map(|b| b.len()).sum();
            if held + base.len() <= self.limit_chars {
                bases.insert(key.to_owned(), Arc::clone(&base));
            }
        }
        base
    }
}

impl Default for FeatureCache {
    /// Room for five million characters (about 100 MB): a workspace's annotated reports.
    fn default() -> FeatureCache {
        FeatureCache::new(5_000_000)
    }
}

/// The hashed features of every position of a text, [`PER_POSITION`] a position, for a table of `1 << bits`
/// slots. Computed once per text and shared by every label's tagger and every training pass.
#[derive(Debug, Clone)]
pub(crate) struct TextFeatures {
    slots: Vec<u32>,
}

impl TextFeatures {
    /// The features of a text from its base; `dictionary` holds the dictionary layer's hits per position
    /// ([`dictionary_marks`]), empty when there is no dictionary.
    pub(crate) fn new(base: &TextBase, bits: u32, dictionary: &[u32]) -> TextFeatures {
        let TextBase {
            folded,
            words,
            figure,
            cue,
        } = base;
        let mask = (1u64 << bits) - 1;
        let at = |i: isize| -> char {
            if i < 0 {
                '\0'
            } else {
                folded.get(i as usize).copied().unwrap_or('\0')
            }
        };
        let mut slots = Vec::with_capacity(folded.len() * PER_POSITION);
        for i in 0..folded.len() {
            let p = i as isize;
            let c = |k: isize| at(p + k) as u64;
            let k = |k: isize| class(at(p + k)) as u64;
            let d = dictionary.get(i).copied().unwrap_or(0) as u64;
            let w = words.get(i).copied().unwrap_or_default();
            let features = [
                slot(0, 0, 0, 0),
                slot(1, c(-2), 0, 0),
                slot(2, c(-1), 0, 0),
                slot(3, c(0), 0, 0),
                slot(4, c(1), 0, 0),
                slot(5, c(2), 0, 0),
                slot(6, c(-2), c(-1), 0),
                slot(7, c(-1), c(0), 0),
                slot(8, c(0), c(1), 0),
                slot(9, c(1), c(2), 0),
                slot(10, c(-1), c(1), 0),
                slot(11, c(-1), c(0), c(1)),
                slot(12, k(-1), k(0), k(1)),
                slot(13, k(0), k(1), k(2) << 8 | k(-2)),
                slot(14, figure[i] as u64, k(0), 0),
                slot(15, cue[i] as u64, figure[i] as u64, 0),
                slot(16, c(-2), c(-1), c(0)),
                slot(17, c(0), c(1), c(2)),
                slot(18, d, 0, 0),
                slot(19, d, k(0), c(0)),
                slot(20, w.place as u64, w.len as u64, 0),
                slot(21, w.place as u64, w.tag as u64, 0),
                slot(22, w.place as u64, w.word as u64, 0),
            ];
            slots.extend(features.iter().map(|&h| (h & mask) as u32));
        }
        TextFeatures { slots }
    }

    /// The feature slots of position `i`.
    pub(crate) fn at(&self, i: usize) -> &[u32] {
        &self.slots[i * PER_POSITION..(i + 1) * PER_POSITION]
    }

    /// How many positions there are.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.slots.len() / PER_POSITION
    }
}

/// The dictionary layer's hits as one code a position: for each label (by its index, up to ten), whether a
/// found entry begins there (1), continues (2), ends (3) or is that single character (4), three bits a label.
pub(crate) fn dictionary_marks(
    len: usize,
    hits: impl IntoIterator<Item = (usize, usize, usize)>,
) -> Vec<u32> {
    let mut marks = vec![0u32; len];
    for (start, end, label) in hits {
        if label >= 10 || end > len {
            continue;
        }
        for (i, mark) in marks.iter_mut().enumerate().take(end).skip(start) {
            let state = if end - start == 1 {
                4
            } else if i == start {
                1
            } else if i + 1 == end {
                3
            } else {
                2
            };
            *mark |= state << (3 * label);
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(text: &str) -> TextFeatures {
        let chars: Vec<char> = text.chars().collect();
        TextFeatures::new(&TextBase::new(text, &chars, &Table::builtin()), 20, &[])
    }

    #[test]
    fn traditional_and_simplified_text_have_the_same_features() {
        let simplified = features("贫困发生率降至0.68%");
        let traditional = features("貧困發生率降至0.68%");
        assert_eq!(simplified.len(), 12);
        assert_eq!(simplified.slots, traditional.slots);
        // Other characters give other features.
        assert_ne!(simplified.slots, features("贫困发生率升至0.68%").slots);
    }

    #[test]
    fn one_row_a_code_point_with_astral_characters() {
        let f = features("𠮷村523人");
        assert_eq!(f.len(), 6);
        assert!(f.slots.iter().all(|&s| s < 1 << 20));
        // The rule engine marks 523人 a figure, counted in code points.
        let (figure, _) = rule_marks("𠮷村523人", 6, &Table::builtin());
        assert_eq!(figure, [0, 0, 1, 2, 2, 2]);
    }

    #[test]
    fn dictionary_hits_mark_each_label_in_its_own_bits() {
        let marks = dictionary_marks(6, [(0, 3, 0), (2, 3, 1), (5, 9, 0)]);
        assert_eq!(marks, [1, 2, 3 | 4 << 3, 0, 0, 0]);
        let chars: Vec<char> = "养殖合作社".chars().collect();
        let base = TextBase::new("养殖合作社", &chars, &Table::builtin());
        let with = TextFeatures::new(&base, 20, &dictionary_marks(5, [(0, 5, 0)]));
        assert_ne!(with.slots, features("养殖合作社").slots);
    }
}
