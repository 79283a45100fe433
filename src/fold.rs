//! Folding text for a find that ignores how a character is written: Traditional and Simplified Chinese
//! (貧困 and 贫困), full-width and half-width forms (Ａ and A, ０ and 0, the ideographic space and a space). Each
//! character folds to exactly one character, so a match's code-point offsets in the folded text are its offsets
//! in the original: nothing is re-aligned, and astral characters (𠮷) stay as they are.
//!
//! The Traditional -> Simplified table is `fast2s`'s character table, read one character at a time (its word
//! rules, which look at the neighbours, are left out: a find must fold a character the same way wherever it is).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The blocks whose characters may have a Simplified form: CJK Unified Ideographs, Extension A, and the
/// compatibility ideographs.
const HAN_BLOCKS: [(u32, u32); 3] = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)];

/// Traditional -> Simplified, one character to one, built once on first use (a few milliseconds).
fn simplified() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let han: Vec<char> = HAN_BLOCKS
            .iter()
            .flat_map(|&(low, high)| (low..=high).filter_map(char::from_u32))
            .collect();
        // Spaces between the characters keep fast2s's two-character word rules from firing.
        let joined: String = han.iter().flat_map(|&c| [c, ' ']).collect();
        let converted: Vec<char> = fast2s::convert(&joined).chars().step_by(2).collect();
        if converted.len() != han.len() {
            return HashMap::new(); // not one to one: no script folding rather than wrong offsets
        }
        han.into_iter()
            .zip(converted)
            .filter(|(t, s)| t != s)
            .collect()
    })
}

/// The character `c` is folded to: its Simplified form, the ASCII form of a full-width one, a space for the
/// ideographic space; otherwise `c` itself.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        '\u{3000}' => ' ',
        c if (c as u32) < 0x3400 => c,
        c => simplified().get(&c).copied().unwrap_or(c),
    }
}

/// `text` with every character folded ([`fold_char`]): the same number of characters, each at its place.
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_folds_to_simplified() {
        assert_eq!(fold("貧困"), "贫困");
        assert_eq!(fold("萬"), "万");
        assert_eq!(fold("億"), "亿");
        assert_eq!(fold("兩"), "两");
        assert_eq!(fold("脫貧攻堅"), fold("脱贫攻坚"));
        // Simplified text and characters without another form stay as they are.
        assert_eq!(fold("贫困人口减少"), "贫困人口减少");
        // A character folds the same way whatever its neighbours (no word rules): 乾 in 乾隆 too.
        assert_eq!(fold_char('乾'), fold("乾隆").chars().next().unwrap());
    }

    #[test]
    fn full_width_folds_to_half_width() {
        assert_eq!(fold("０．６８％"), "0.68%");
        assert_eq!(fold("ＡＢＣａｂｃ"), "ABCabc");
        assert_eq!(fold("１\u{3000}２"), "1 2");
        // The full-width comma is a comma; Chinese punctuation without an ASCII twin stays.
        assert_eq!(fold("，。、"), ",。、");
    }

    #[test]
    fn one_character_to_one_so_offsets_hold() {
        let text = "𠮷貧困０．６８％萬人𠮷Ａ";
        let folded = fold(text);
        assert_eq!(folded.chars().count(), text.chars().count());
        assert_eq!(folded, "𠮷贫困0.68%万人𠮷A");
        for c in [
            '\u{3400}',
            '\u{4E00}',
            '\u{9FFF}',
            '\u{F900}',
            '\u{FAFF}',
            '\u{20BB7}',
        ] {
            let _ = fold_char(c); // every block folds to a single character
        }
        assert!(simplified().len() > 2000, "the table was read");
    }
}
