//! Finding text in a report: every occurrence of a query, as code-point ranges, for the find bar and for
//! "tag all matches"; exactly, or in any script ([`crate::fold`]: 贫困 finds 貧困, ０ finds 0).

use crate::text::ReportText;

/// How a query is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matching {
    /// Character for character.
    Exact,
    /// Ignoring Traditional / Simplified and full-width / half-width differences ([`crate::fold`]).
    AnyScript,
}

/// Every non-overlapping occurrence of `query` in the text as `matching` says, left to right, as code-point
/// `[start, end)` ranges.
pub fn find_matching(text: &ReportText, query: &str, matching: Matching) -> Vec<(usize, usize)> {
    match matching {
        Matching::Exact => find_all(text, query),
        Matching::AnyScript => find_folded(text.as_str(), query),
    }
}

/// Occurrences of the folded query in the folded text. Folding keeps one character for one, so code-point
/// offsets in the folded text are offsets in the original (byte offsets are not: Ａ is 3 bytes, A one).
fn find_folded(text: &str, query: &str) -> Vec<(usize, usize)> {
    if query.is_empty() {
        return Vec::new();
    }
    let text = crate::fold::fold(text);
    let query = crate::fold::fold(query);
    let query_chars = query.chars().count();
    let (mut byte, mut chars) = (0, 0);
    text.match_indices(&query)
        .map(|(at, _)| {
            chars += text[byte..at].chars().count();
            byte = at;
            (chars, chars + query_chars)
        })
        .collect()
}

/// Every non-overlapping occurrence of `query` in the text, left to right, as code-point `[start, end)` ranges.
pub fn find_all(text: &ReportText, query: &str) -> Vec<(usize, usize)> {
    if query.is_empty() {
        return Vec::new();
    }
    let query_chars = query.chars().count();
    text.as_str()
        .match_indices(query)
        .map(|(byte, _)| {
            let start = text.char_of(byte);
            (start, start + query_chars)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_after_astral_characters() {
        let text = ReportText::new("𠮷人，523人，𠮷𠮷人");
        assert_eq!(find_all(&text, "人"), vec![(1, 2), (6, 7), (10, 11)]);
        assert_eq!(find_all(&text, "𠮷人"), vec![(0, 2), (9, 11)]);
        assert!(find_all(&text, "").is_empty());
    }

    #[test]
    fn any_script_finds_traditional_and_full_width_at_the_original_offsets() {
        let text = ReportText::new("𠮷貧困人口減少０．６８％，贫困人口，Ａ級");
        let any = |q| find_matching(&text, q, Matching::AnyScript);
        assert_eq!(any("贫困"), vec![(1, 3), (13, 15)]);
        assert_eq!(any("貧困"), vec![(1, 3), (13, 15)]);
        assert_eq!(any("0.68%"), vec![(7, 12)]);
        assert_eq!(any("A级"), vec![(18, 20)]);
        assert_eq!(
            find_matching(&text, "贫困", Matching::Exact),
            vec![(13, 15)]
        );
        assert!(any("").is_empty());
        let spans: Vec<String> = any("减少")
            .iter()
            .map(|&(s, e)| text.as_str().chars().skip(s).take(e - s).collect())
            .collect();
        assert_eq!(spans, ["減少"]);
    }
}
