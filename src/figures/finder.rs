//! Finding figures in a text: a number with its unit or measure word and its qualifier (超过2.6万人, 90%以上,
//! 142余万元), and leaving out what the guidelines say is not a figure (dates and years, ordinals, numbers in
//! quoted names and slogans, time phrases).
//!
//! Works on the text as code points, so every offset it returns is a code point offset.

use super::decimal::Decimal;
use super::numeral::{Term, is_numeral_char, multiplier, read_term};
use super::table::{Table, UnitDef};
use super::value::{Amount, FigureValue, Qualifier};

/// A figure found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundFigure {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// What it says; `None` when the number could not be computed (it overflows).
    pub value: Option<FigureValue>,
    /// How sure the finder is, 0..1: Arabic digits with a unit are surer than Chinese numerals.
    pub score: f32,
}

/// Characters that join the two ends of a range (3-5万, 两到三万, 1万至5万).
fn is_range_separator(c: char) -> bool {
    matches!(c, '-' | '－' | '~' | '～' | '—' | '–' | '至' | '到')
}

/// Quoted stretches that are names or slogans (“1+3+3”, 「一個托底、五個全覆蓋」, 《...》): numbers in them are not
/// figures. A quotation that is a sentence (long, or with a sentence comma inside) is speech, and its figures
/// count.
#[derive(Debug, Default)]
pub struct NameRegions {
    regions: Vec<(usize, usize)>,
}

/// The longest quotation still read as a name.
const MAX_NAME_CHARS: usize = 15;

impl NameRegions {
    /// Finds the quoted names of a text.
    pub fn of(chars: &[char]) -> NameRegions {
        let mut regions = Vec::new();
        let mut open: Option<(usize, char)> = None;
        let mut ascii_open: Option<usize> = None;
        for (i, &c) in chars.iter().enumerate() {
            let closes = match c {
                '”' => Some('“'),
                '」' => Some('「'),
                '』' => Some('『'),
                '》' => Some('《'),
                '〉' => Some('〈'),
                '’' => Some('‘'),
                _ => None,
            };
            if matches!(c, '“' | '「' | '『' | '《' | '〈' | '‘') {
                open = Some((i, c));
            } else if let (Some(opener), Some((at, o))) = (closes, open)
                && opener == o
            {
                let inner = &chars[at + 1..i];
                if o == '《' || o == '〈' || is_name(inner) {
                    regions.push((at + 1, i));
                }
                open = None;
            } else if c == '"' {
                match ascii_open.take() {
                    Some(at) if is_name(&chars[at + 1..i]) => regions.push((at + 1, i)),
                    Some(_) => {}
                    None => ascii_open = Some(i),
                }
            } else if c == '\n' {
                open = None;
                ascii_open = None;
            }
        }
        regions.sort_unstable();
        NameRegions { regions }
    }

    /// Whether a position lies inside a quoted name.
    pub fn contains(&self, at: usize) -> bool {
        let i = self.regions.partition_point(|&(start, _)| start <= at);
        i > 0 && at < self.regions[i - 1].1
    }
}

fn is_name(inner: &[char]) -> bool {
    inner.len() <= MAX_NAME_CHARS
        && !inner.iter().any(|c| {
            matches!(
                c,
                '，' | ',' | '。' | '；' | ';' | '！' | '？' | '!' | '?' | '：'
            )
        })
}

/// How strictly a match is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Finding figures in running text: every not-a-figure rule applies.
    Find,
    /// Reading the value of a span an analyst tagged: the analyst decided it is a figure.
    Read,
}

/// Finds every figure in a text given as code points.
pub fn find_figures(chars: &[char], table: &Table) -> Vec<FoundFigure> {
    let names = NameRegions::of(chars);
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !is_numeral_char(c) && !table.before.starts_with_char(c) && c != '翻' {
            i += 1;
            continue;
        }
        if let Some(figure) = match_at(chars, i, table, Mode::Find, &names) {
            i = figure.end;
            found.push(figure);
        } else if is_numeral_char(c) {
            // Skip the rest of this number: its tail (the 8 of 第18批, the 014 of 2014年) is no figure either.
            while i < chars.len() && (is_numeral_char(chars[i]) || matches!(chars[i], '.' | '．'))
            {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    found
}

/// Reads the value of a figure an analyst tagged (`超过2.6万人`, `142余万`): the first quantity in the text,
/// without the finder's not-a-figure rules. `None` when no quantity can be read.
pub fn read_value(text: &str, table: &Table) -> Option<FigureValue> {
    let chars: Vec<char> = text.chars().collect();
    let names = NameRegions::default();
    (0..chars.len()).find_map(|i| match_at(&chars, i, table, Mode::Read, &names)?.value)
}

/// Whether a fixed phrase that is not a figure (千家万户, 附近) covers position `at`.
fn in_fixed_phrase(chars: &[char], at: usize, table: &Table) -> bool {
    let longest = table.longest_not_figure;
    (at.saturating_sub(longest.saturating_sub(1))..=at).any(|s| {
        table
            .not_figures
            .longest_at(chars, s)
            .is_some_and(|(len, _)| s + len > at)
    })
}

/// A unit that starts with a multiplier character and is a unit of its own (千瓦, 千克, 百分点): the number
/// stops before it instead of reading 千 as a thousand.
fn proper_unit_at(chars: &[char], at: usize, table: &Table) -> bool {
    chars.get(at).copied().and_then(multiplier).is_some()
        && table
            .units
            .longest_at(chars, at)
            .is_some_and(|(_, u)| u.factor.is_none())
}

fn term_at(chars: &[char], at: usize, table: &Table) -> Option<Term> {
    read_term(
        chars,
        at,
        |c| table.more_than_marks.contains(&c),
        |k| proper_unit_at(chars, k, table),
    )
}

/// Tries to read a figure starting exactly at `i`.
fn match_at(
    chars: &[char],
    i: usize,
    table: &Table,
    mode: Mode,
    names: &NameRegions,
) -> Option<FoundFigure> {
    let strict = mode == Mode::Find;
    if strict {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        // Ordinals (第一书记, 第18批), codes and formulas (G20, 1+3+3), the tail of a longer number.
        if prev.is_some_and(|p| {
            p == '第' || p.is_ascii_alphanumeric() || matches!(p, '+' | '＋' | '.' | '．')
        }) {
            return None;
        }
        if names.contains(i) || in_fixed_phrase(chars, i, table) {
            return None;
        }
    }
    let mut qualifier = Qualifier::Exact;
    let mut j = i;
    if let Some((len, &q)) = table.before.longest_at(chars, i) {
        qualifier = q;
        j = i + len;
    }
    if chars.get(j) == Some(&'翻') {
        return doubling(chars, i, j + 1, qualifier, table);
    }
    let percent_prefix = chars[j..].starts_with(&['百', '分', '之']);
    if percent_prefix {
        j += 3;
    }
    let first = term_at(chars, j, table)?;
    let mut end = first.end;
    let mut more_than = first.more_than;
    let mut last = first;
    let mut low: Option<Decimal> = None;
    // A range: 3-5万, 两到三万, 1万至5万.
    if let Some(&sep) = chars.get(end)
        && is_range_separator(sep)
        && let Some(second) = term_at(chars, end + 1, table)
        && second.arabic == first.arabic
    {
        let mut low_value = Some(first.value);
        if !first.multiplied
            && let Some(exp) = second.trailing_multiplier
        {
            low_value = Decimal::pow10(exp).and_then(|m| first.value.checked_mul(m));
        }
        if let Some(lv) = low_value
            && lv < second.value
        {
            low = Some(lv);
            end = second.end;
            more_than |= second.more_than;
            last = second;
        }
    }
    if strict && matches!(chars.get(end), Some('+' | '＋')) {
        return None;
    }
    // The unit.
    let time = table.time_words.longest_at(chars, end).map(|(n, _)| n);
    let unit = table.units.longest_at(chars, end);
    let (unit_name, factor) = if percent_prefix {
        ("%".to_owned(), None)
    } else {
        match (unit, time) {
            (_, Some(t)) if unit.is_none_or(|(n, _)| t >= n) => return None,
            (Some((len, def)), _) if unit_fits(def, &first, low.is_some()) => {
                end += len;
                (def.base.clone(), def.factor)
            }
            _ => {
                // A bare 3.5万 or 2亿 is a quantity; a bare 533 or 三 is not (in running text).
                let bare_large = last.arabic && matches!(last.trailing_multiplier, Some(4 | 8));
                if strict && !bare_large {
                    return None;
                }
                (String::new(), None)
            }
        }
    };
    // A qualifier after the unit: 90%以上, 1000元左右 (a one-character 余/多 counts only inside the number).
    if let Some((len, &q)) = table.after.longest_at(chars, end)
        && len >= 2
    {
        if qualifier == Qualifier::Exact {
            qualifier = q;
        }
        end += len;
    }
    if more_than && qualifier == Qualifier::Exact {
        qualifier = Qualifier::MoreThan;
    }
    if strict
        && first.lone_one
        && low.is_none()
        && qualifier == Qualifier::Exact
        && !matches!(unit_name.as_str(), "倍" | "%")
    {
        // 一批, 一项一项, 一方面, 每一户: the article "a", not a count.
        return None;
    }
    let scale = |d: Decimal| match factor {
        Some(f) => d.checked_mul(f),
        None => Some(d),
    };
    let high = scale(last.value);
    let amount = match low {
        Some(low) => scale(low)
            .zip(high)
            .map(|(low, high)| Amount::Range { low, high }),
        None => scale(first.value).map(Amount::Number),
    };
    let score = match (first.arabic, unit_name.is_empty()) {
        (_, true) => 0.6,
        (true, false) => 0.95,
        (false, false) => 0.8,
    };
    Some(FoundFigure {
        start: i,
        end,
        value: amount.map(|amount| FigureValue {
            amount,
            unit: unit_name,
            qualifier,
        }),
        score,
    })
}

/// Whether a unit may follow this number: 成 only after a bare number up to ten.
fn unit_fits(def: &UnitDef, term: &Term, range: bool) -> bool {
    match def.max {
        Some(max) => !range && term.value <= max && term.trailing_multiplier.is_none_or(|e| e == 1),
        None => true,
    }
}

/// 翻一番 (doubled), 翻两番 (quadrupled), 翻了一番: the value is the multiple, 2 to the power of the count.
fn doubling(
    chars: &[char],
    start: usize,
    mut j: usize,
    qualifier: Qualifier,
    table: &Table,
) -> Option<FoundFigure> {
    if chars.get(j) == Some(&'了') {
        j += 1;
    }
    let term = term_at(chars, j, table)?;
    if chars.get(term.end) != Some(&'番') || !term.value.is_integer() {
        return None;
    }
    let times: u32 = term.value.to_string().parse().ok().filter(|&t| t <= 64)?;
    let multiple = Decimal::from_int(2u64.checked_pow(times)?);
    Some(FoundFigure {
        start,
        end: term.end + 1,
        value: Some(FigureValue {
            amount: Amount::Number(multiple),
            unit: "倍".to_owned(),
            qualifier,
        }),
        score: 0.8,
    })
}
