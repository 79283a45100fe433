//! Word boundaries for the tagger: Chinese has no spaces, and where a word begins or ends is where a span
//! usually does. `jieba-rs` (pure Rust, with its bundled dictionary and part-of-speech tags) segments the
//! folded text; each character gets its place in its word, the word's length and part of speech, and the word.

use std::sync::OnceLock;

use jieba_rs::Jieba;

/// The segmenter, loaded once (its dictionary takes a moment to read).
fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// What the segmenter says of one character.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordMark {
    /// 1 first character of a longer word, 2 inside, 3 last, 4 a word of one character.
    pub place: u8,
    /// The word's length in characters, 4 for four or more.
    pub len: u8,
    /// A hash of the word's part-of-speech tag.
    pub tag: u32,
    /// A hash of the word.
    pub word: u32,
}

fn hash(s: &str) -> u64 {
    // FNV-1a: the hash only has to be stable across runs and builds (a saved model depends on it).
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The word marks of every character of `folded` (already folded), one a code point.
pub(crate) fn word_marks(folded: &str) -> Vec<WordMark> {
    let mut marks = Vec::with_capacity(folded.len() / 3);
    for tag in jieba().tag(folded, false) {
        let len = tag.word.chars().count();
        let (tag_hash, word_hash) = (hash(tag.tag), hash(tag.word));
        for i in 0..len {
            let place = match (i, len) {
                (_, 1) => 4,
                (0, _) => 1,
                (i, len) if i + 1 == len => 3,
                _ => 2,
            };
            marks.push(WordMark {
                place,
                len: len.min(4) as u8,
                tag: (tag_hash ^ (tag_hash >> 32)) as u32,
                word: (word_hash ^ (word_hash >> 32)) as u32,
            });
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_gets_its_place_in_its_word() {
        let text = "𠮷贫困发生率降至0.68%";
        let marks = word_marks(text);
        assert_eq!(marks.len(), text.chars().count());
        // Words never run into each other: a word's last character is followed by another word's first.
        for pair in marks.windows(2) {
            let ends = matches!(pair[0].place, 3 | 4);
            let starts = matches!(pair[1].place, 1 | 4);
            assert_eq!(ends, starts, "{marks:?}");
        }
        assert_eq!(marks[1].place, 1, "贫困 begins a word");
    }
}
