//! Finding text in a report: every occurrence of a query, as code-point ranges, for the find bar and for
//! "tag all matches".

use crate::text::ReportText;

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
}
