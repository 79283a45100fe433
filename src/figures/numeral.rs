//! Reading one number as written: Arabic digits (half- and full-width, decimals, thousands separators),
//! Chinese numerals (Simplified, Traditional and formal 壹貳參), and their mixtures (3.5万, 3万5千, 两万余,
//! 142余万), into an exact [`Decimal`].

use super::decimal::Decimal;

/// An Arabic digit, half- or full-width.
pub fn arabic_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// A Chinese digit 0-9 in any of its written forms.
pub fn chinese_digit(c: char) -> Option<u8> {
    Some(match c {
        '〇' | '零' | '○' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '两' | '兩' | '贰' | '貳' | '弍' => 2,
        '三' | '叁' | '參' | '叄' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// The power of ten a multiplier character stands for: 十 1, 百 2, 千 3, 万 4, 亿 8.
pub fn multiplier(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 1,
        '百' | '佰' => 2,
        '千' | '仟' => 3,
        '万' | '萬' => 4,
        '亿' | '億' => 8,
        _ => return None,
    })
}

/// Whether a character can be part of a written number (what the finder skips over after a failed match).
pub fn is_numeral_char(c: char) -> bool {
    arabic_digit(c).is_some()
        || chinese_digit(c).is_some()
        || multiplier(c).is_some()
        || matches!(c, '廿' | '卅')
}

/// One number as read at a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Its value, multipliers folded in.
    pub value: Decimal,
    /// One past its last character.
    pub end: usize,
    /// A 余 or 多 inside it (两万余, 142余万, 1000多).
    pub more_than: bool,
    /// It has an Arabic digit.
    pub arabic: bool,
    /// It has a multiplier character.
    pub multiplied: bool,
    /// The power of ten of its last character when that is a multiplier (5万 -> 4): what a range's low end
    /// without a multiplier borrows (3-5万).
    pub trailing_multiplier: Option<u32>,
    /// It is the single character 一 (or 壹): in 一批, 一项, 一方面 an article, not a count.
    pub lone_one: bool,
}

#[derive(Debug, Clone, Copy)]
enum Token {
    /// A number (an Arabic number, or one Chinese digit).
    Num { value: Decimal, chinese: bool },
    /// A multiplier: the power of ten.
    Mult(u32),
}

/// Reads an Arabic number at `at`: digits, thousands separators (`,` or `，` before exactly three digits) and
/// one decimal point (`.` or `．`). Returns the value and the end.
fn read_arabic(chars: &[char], at: usize) -> Option<(Decimal, usize)> {
    let mut text = String::new();
    let mut k = at;
    let mut group = 0;
    while let Some(d) = chars.get(k).copied().and_then(arabic_digit) {
        text.push(char::from(b'0' + d));
        group += 1;
        k += 1;
        // A thousands separator only between a group of 1-3 digits and exactly three more digits: a
        // Chinese sentence comma after a number is far more common than a separator.
        if matches!(chars.get(k), Some(',' | '，')) && group <= 3 {
            let next3 = (1..=3).all(|o| chars.get(k + o).copied().and_then(arabic_digit).is_some());
            let then = chars.get(k + 4).copied().and_then(arabic_digit);
            if next3 && (then.is_none() || matches!(chars.get(k + 4), Some(',' | '，'))) {
                k += 1;
                group = 0;
            }
        }
    }
    if matches!(chars.get(k), Some('.' | '．'))
        && chars.get(k + 1).copied().and_then(arabic_digit).is_some()
    {
        text.push('.');
        k += 1;
        while let Some(d) = chars.get(k).copied().and_then(arabic_digit) {
            text.push(char::from(b'0' + d));
            k += 1;
        }
    }
    Some((Decimal::parse(&text)?, k))
}

/// Reads the number starting at `at`. `more_than_mark` says which single characters inside a number mean "more
/// than" (余, 多); `unit_starts_at` says whether a real unit starts at a position, so 5千瓦 stops before 千.
pub fn read_term(
    chars: &[char],
    at: usize,
    more_than_mark: impl Fn(char) -> bool,
    unit_starts_at: impl Fn(usize) -> bool,
) -> Option<Term> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut k = at;
    let mut more_than = false;
    let mut arabic = false;
    let last_is_num = |tokens: &[Token]| matches!(tokens.last(), Some(Token::Num { .. }));
    while let Some(&c) = chars.get(k) {
        if arabic_digit(c).is_some() {
            if last_is_num(&tokens) {
                break;
            }
            let (value, end) = read_arabic(chars, k)?;
            tokens.push(Token::Num {
                value,
                chinese: false,
            });
            arabic = true;
            k = end;
        } else if let Some(d) = chinese_digit(c) {
            // Two Chinese digits in a row (二〇一四, 三五个) are a year or a vague range, not one number;
            // a zero placeholder (一百〇五) is fine.
            if let Some(Token::Num { value, .. }) = tokens.last()
                && !value.is_zero()
            {
                break;
            }
            tokens.push(Token::Num {
                value: Decimal::from_int(u64::from(d)),
                chinese: true,
            });
            k += 1;
        } else if matches!(c, '廿' | '卅') {
            if last_is_num(&tokens) {
                break;
            }
            let tens = if c == '廿' { 2 } else { 3 };
            tokens.push(Token::Num {
                value: Decimal::from_int(tens),
                chinese: true,
            });
            tokens.push(Token::Mult(1));
            k += 1;
        } else if let Some(exp) = multiplier(c) {
            // 百姓, 千家, 万众: only 十 may open a number.
            if (tokens.is_empty() && exp != 1) || unit_starts_at(k) {
                break;
            }
            tokens.push(Token::Mult(exp));
            k += 1;
        } else if !tokens.is_empty() && !more_than && more_than_mark(c) {
            more_than = true;
            k += 1;
        } else {
            break;
        }
    }
    if tokens.is_empty() {
        return None;
    }
    // A 余 or 多 at the very end belongs to the number only if the caller finds a unit after it; the caller
    // decides, so it is kept in `end`.
    let value = evaluate(&tokens)?;
    let lone_one = matches!(
        tokens.as_slice(),
        [Token::Num { value, chinese: true }] if *value == Decimal::ONE
    );
    Some(Term {
        value,
        end: k,
        more_than,
        arabic,
        multiplied: tokens.iter().any(|t| matches!(t, Token::Mult(_))),
        trailing_multiplier: match tokens.last() {
            Some(Token::Mult(exp)) => Some(*exp),
            _ => None,
        },
        lone_one,
    })
}

/// The value of a token sequence, the way Chinese numerals compose: digits times 十百千 add up within a
/// section, 万 and 亿 close a section and scale everything before them.
fn evaluate(tokens: &[Token]) -> Option<Decimal> {
    let mut total = Decimal::ZERO;
    let mut section = Decimal::ZERO;
    let mut number: Option<Decimal> = None;
    let mut last_multiplier: Option<u32> = None;
    for (i, token) in tokens.iter().enumerate() {
        match *token {
            Token::Num { value, chinese } => {
                // 三万五, 一百五: a lone trailing Chinese digit after 万 or 百 counts in the next lower place.
                let abbreviated = chinese
                    && i + 1 == tokens.len()
                    && i > 0
                    && matches!(tokens[i - 1], Token::Mult(e) if e >= 2)
                    && !value.is_zero();
                number = Some(match (abbreviated, last_multiplier) {
                    (true, Some(e)) => value.checked_mul(Decimal::pow10(e - 1)?)?,
                    _ => value,
                });
            }
            Token::Mult(exp @ 1..=3) => {
                let n = number.take().unwrap_or(Decimal::ONE);
                section = section.checked_add(n.checked_mul(Decimal::pow10(exp)?)?)?;
                last_multiplier = Some(exp);
            }
            Token::Mult(exp) => {
                let n = number.take().unwrap_or(Decimal::ZERO);
                let mut block = section.checked_add(n)?;
                if exp == 8 {
                    block = block.checked_add(total)?;
                    total = Decimal::ZERO;
                }
                if block.is_zero() {
                    block = Decimal::ONE;
                }
                total = total.checked_add(block.checked_mul(Decimal::pow10(exp)?)?)?;
                section = Decimal::ZERO;
                last_multiplier = Some(exp);
            }
        }
    }
    total
        .checked_add(section)?
        .checked_add(number.unwrap_or(Decimal::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Option<(String, usize, bool)> {
        let chars: Vec<char> = s.chars().collect();
        read_term(&chars, 0, |c| matches!(c, '余' | '多' | '餘'), |_| false)
            .map(|t| (t.value.to_string(), t.end, t.more_than))
    }

    #[test]
    fn reads_numbers_of_every_script() {
        assert_eq!(read("533人"), Some(("533".into(), 3, false)));
        assert_eq!(read("35萬"), Some(("350000".into(), 3, false)));
        assert_eq!(read("3.698亿元"), Some(("369800000".into(), 6, false)));
        assert_eq!(read("两万余"), Some(("20000".into(), 3, true)));
        assert_eq!(read("142余万元"), Some(("1420000".into(), 5, true)));
        assert_eq!(read("二十万"), Some(("200000".into(), 3, false)));
        assert_eq!(read("十九"), Some(("19".into(), 2, false)));
        assert_eq!(read("一百〇五"), Some(("105".into(), 4, false)));
        assert_eq!(read("三万五"), Some(("35000".into(), 3, false)));
        assert_eq!(read("3万5千"), Some(("35000".into(), 4, false)));
        assert_eq!(read("两亿三千万"), Some(("230000000".into(), 5, false)));
        assert_eq!(read("廿"), Some(("20".into(), 1, false)));
        assert_eq!(read("壹仟贰佰叁拾肆"), Some(("1234".into(), 7, false)));
        assert_eq!(read("１２．５"), Some(("12.5".into(), 4, false)));
        assert_eq!(read("1,234,567元"), Some(("1234567".into(), 9, false)));
        assert_eq!(read("1234,567"), Some(("1234".into(), 4, false)));
        assert_eq!(read("801人,累计"), Some(("801".into(), 3, false)));
        assert_eq!(read("百姓"), None);
    }
}
