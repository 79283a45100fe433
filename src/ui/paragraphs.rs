//! The text view's geometry: the report split into paragraphs (at line breaks), each paragraph's height
//! (estimated until it is first laid out, then measured), and prefix sums of those heights so that the view
//! finds the paragraphs in the viewport by binary search and lays out only those.

use std::ops::Range;

use crate::text::ReportText;

/// One paragraph: a line of the report without its line break (`\n` or `\r\n`).
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// Code-point range of the paragraph's text (line break excluded).
    pub chars: Range<usize>,
    /// Estimated width in ems (CJK characters count 1, narrow characters about 0.55).
    width_ems: f32,
}

/// The paragraphs of one report and their vertical layout for one wrap width and font size.
#[derive(Debug, Clone, Default)]
pub struct Paragraphs {
    paragraphs: Vec<Paragraph>,
    /// Wrap width and font size the heights were computed for.
    key: (f32, f32),
    heights: Vec<f32>,
    measured: Vec<bool>,
    /// `prefix[i]` is the top of paragraph `i`; `prefix[len]` the total height.
    prefix: Vec<f32>,
    /// Prefix sums are valid up to and including this index.
    valid_to: usize,
    row_height: f32,
    gap: f32,
}

fn char_ems(c: char) -> f32 {
    if c.is_ascii() {
        0.55
    } else if ('\u{0080}'..'\u{1100}').contains(&c) {
        0.6
    } else {
        1.0
    }
}

impl Paragraphs {
    /// Splits a report into paragraphs; one pass over the text.
    pub fn new(text: &ReportText) -> Paragraphs {
        let s = text.as_str();
        let mut paragraphs = Vec::new();
        let mut char_pos = 0;
        for line in s.split('\n') {
            let body = line.strip_suffix('\r').unwrap_or(line);
            let mut count = 0;
            let mut ems = 0.0;
            for c in body.chars() {
                count += 1;
                ems += char_ems(c);
            }
            paragraphs.push(Paragraph {
                chars: char_pos..char_pos + count,
                width_ems: ems,
            });
            // The line break itself: `\r\n` is two code points, `\n` one (none after the last line).
            char_pos += count + (line.len() - body.len());
            char_pos += 1;
        }
        let n = paragraphs.len();
        Paragraphs {
            paragraphs,
            key: (0.0, 0.0),
            heights: vec![0.0; n],
            measured: vec![false; n],
            prefix: vec![0.0; n + 1],
            valid_to: 0,
            row_height: 0.0,
            gap: 0.0,
        }
    }

    /// Number of paragraphs.
    pub fn len(&self) -> usize {
        self.paragraphs.len()
    }

    /// Whether the report is empty of paragraphs (never: an empty text has one empty paragraph).
    pub fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }

    /// Paragraph `i`.
    pub fn get(&self, i: usize) -> &Paragraph {
        &self.paragraphs[i]
    }

    /// Space between paragraphs.
    pub fn gap(&self) -> f32 {
        self.gap
    }

    /// Prepares heights for a wrap width and font size; changing either forgets every measured height.
    pub fn set_geometry(&mut self, wrap_width: f32, font_size: f32, row_height: f32) {
        let key = (wrap_width.round(), font_size);
        if key == self.key && self.row_height == row_height {
            return;
        }
        self.key = key;
        self.row_height = row_height;
        self.gap = (row_height * 0.45).round();
        let per_row_ems = (wrap_width / font_size).max(1.0);
        for (i, p) in self.paragraphs.iter().enumerate() {
            let rows = (p.width_ems / per_row_ems).ceil().max(1.0);
            self.heights[i] = rows * row_height + self.gap;
            self.measured[i] = false;
        }
        self.valid_to = 0;
    }

    /// Records the real height of a laid-out paragraph (galley height, gap excluded).
    pub fn set_measured(&mut self, i: usize, galley_height: f32) {
        let h = galley_height.max(self.row_height) + self.gap;
        if !self.measured[i] || self.heights[i] != h {
            self.measured[i] = true;
            if self.heights[i] != h {
                self.heights[i] = h;
                self.valid_to = self.valid_to.min(i);
            }
        }
    }

    fn ensure_prefix(&mut self) {
        let n = self.paragraphs.len();
        if self.valid_to >= n {
            return;
        }
        for i in self.valid_to..n {
            self.prefix[i + 1] = self.prefix[i] + self.heights[i];
        }
        self.valid_to = n;
    }

    /// Total height of the text.
    pub fn total_height(&mut self) -> f32 {
        self.ensure_prefix();
        self.prefix[self.paragraphs.len()]
    }

    /// Top of paragraph `i`.
    pub fn top(&mut self, i: usize) -> f32 {
        self.ensure_prefix();
        self.prefix[i.min(self.paragraphs.len())]
    }

    /// The paragraph at height `y` (clamped to the first and last).
    pub fn at_y(&mut self, y: f32) -> usize {
        self.ensure_prefix();
        let n = self.paragraphs.len();
        let i = self.prefix[1..=n].partition_point(|&bottom| bottom <= y);
        i.min(n.saturating_sub(1))
    }

    /// The paragraph that holds code point `at` (a line break belongs to the paragraph it ends).
    pub fn of_char(&self, at: usize) -> usize {
        let i = self.paragraphs.partition_point(|p| p.chars.start <= at);
        i.saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_with_crlf_and_astral() {
        let text = ReportText::new("𠮷野家\r\n\r\n523人\nend");
        let p = Paragraphs::new(&text);
        assert_eq!(p.len(), 4);
        assert_eq!(p.get(0).chars, 0..3);
        assert_eq!(p.get(1).chars, 5..5);
        assert_eq!(p.get(2).chars, 7..11);
        assert_eq!(text.slice(7, 11), "523人");
        assert_eq!(p.get(3).chars, 12..15);
        assert_eq!(p.of_char(8), 2);
        assert_eq!(p.of_char(3), 0, "the \\r\\n belongs to the line it ends");
    }

    #[test]
    fn heights_and_lookup() {
        let text = ReportText::new(&"一".repeat(100)[..]);
        let text = ReportText::new(format!("{}\n短\n{}", text.as_str(), text.as_str()));
        let mut p = Paragraphs::new(&text);
        p.set_geometry(500.0, 20.0, 25.0);
        // 100 ems at 25 ems a row: 4 rows each, plus a gap.
        let gap = p.gap();
        assert_eq!(p.top(1), 100.0 + gap);
        assert_eq!(p.at_y(0.0), 0);
        assert_eq!(p.at_y(100.0 + gap + 1.0), 1);
        assert_eq!(p.at_y(1e9), 2);
        p.set_measured(0, 50.0);
        assert_eq!(p.top(1), 50.0 + gap);
        assert_eq!(p.total_height(), 50.0 + 25.0 + 100.0 + 3.0 * gap);
    }
}
