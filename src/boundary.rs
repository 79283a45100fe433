//! Span boundaries as the guidelines want them ("Boundaries"): whitespace, sentence punctuation and quotation
//! marks that open or close the sentence are trimmed from a selection's edges; quotation marks that are part of
//! a name (“五步法”) stay because their partner lies inside the span.

use crate::text::ReportText;

/// Characters never worth keeping at a span's edge.
fn is_edge_punctuation(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '。' | '，'
                | '、'
                | '；'
                | '：'
                | '？'
                | '！'
                | '…'
                | '—'
                | '·'
                | ','
                | '.'
                | ';'
                | ':'
                | '?'
                | '!'
                | '\u{3000}'
        )
}

/// Opening marks and the closing mark that pairs with each.
const PAIRS: [(char, char); 9] = [
    ('“', '”'),
    ('‘', '’'),
    ('「', '」'),
    ('『', '』'),
    ('《', '》'),
    ('（', '）'),
    ('(', ')'),
    ('【', '】'),
    ('〔', '〕'),
];

fn closing_of(open: char) -> Option<char> {
    PAIRS.iter().find(|(o, _)| *o == open).map(|(_, c)| *c)
}

fn opening_of(close: char) -> Option<char> {
    PAIRS.iter().find(|(_, c)| *c == close).map(|(o, _)| *o)
}

/// Trims `[start, end)` (code points) to the guidelines' boundaries. Returns `None` if nothing is left.
pub fn trim(text: &ReportText, start: usize, end: usize) -> Option<(usize, usize)> {
    let (start, end) = (start.min(end), end.max(start).min(text.len_chars()));
    let chars: Vec<char> = text.chars_between(start, end).collect();
    let (mut a, mut b) = (0usize, chars.len());
    loop {
        let before = (a, b);
        while a < b && is_edge_punctuation(chars[a]) {
            a += 1;
        }
        while a < b && is_edge_punctuation(chars[b - 1]) {
            b -= 1;
        }
        // An opening mark whose partner is not inside the span opens the sentence, not a name.
        if a < b
            && let Some(close) = closing_of(chars[a])
            && !chars[a + 1..b].contains(&close)
        {
            a += 1;
        }
        if a < b
            && let Some(open) = opening_of(chars[b - 1])
            && !chars[a..b - 1].contains(&open)
        {
            b -= 1;
        }
        if (a, b) == before {
            break;
        }
    }
    (a < b).then_some((start + a, start + b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trimmed(s: &str) -> &str {
        let t = ReportText::new(s);
        let Some((a, b)) = trim(&t, 0, t.len_chars()) else {
            return "";
        };
        let start = s.char_indices().nth(a).map(|(i, _)| i).unwrap_or(s.len());
        let end = s.char_indices().nth(b).map(|(i, _)| i).unwrap_or(s.len());
        &s[start..end]
    }

    #[test]
    fn trims_punctuation_and_space() {
        assert_eq!(trimmed("，523人。 "), "523人");
        assert_eq!(trimmed(" 0.68%；"), "0.68%");
        assert_eq!(trimmed("。，"), "");
    }

    #[test]
    fn keeps_quotes_that_belong_to_a_name() {
        assert_eq!(
            trimmed("创新开展信息采集“五步法”，"),
            "创新开展信息采集“五步法”"
        );
        assert_eq!(trimmed("推行村级“总队长”工作制"), "推行村级“总队长”工作制");
        assert_eq!(trimmed("“建立防返贫监测预警机制"), "建立防返贫监测预警机制");
        assert_eq!(trimmed("建立机制”。"), "建立机制");
    }

    #[test]
    fn astral_before_selection() {
        let t = ReportText::new("𠮷，523人。");
        assert_eq!(trim(&t, 1, 7), Some((2, 6)));
    }
}
