//! An exact decimal number for figure values: `3.698亿` must be 369,800,000 and `0.68%` must stay 0.68, which a
//! float cannot promise (0.68 has no binary representation, and `3.698 * 1e8` rounds).
//!
//! Why not a crate: the figure engine needs only parsing a digit string, adding, multiplying and shifting by
//! powers of ten. A mantissa in `i128` with a decimal scale does all of that exactly, with 38 significant
//! digits (far beyond any 万亿 in a report), and every operation checks overflow, so an absurd number becomes
//! "unparseable" instead of a wrong value. That is a few dozen lines against a new dependency.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The most decimal places a value keeps (more than any figure in a report writes).
const MAX_SCALE: u32 = 18;

/// An exact non-negative decimal: `mantissa / 10^scale`, kept without trailing zeros in the fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };

    /// One.
    pub const ONE: Decimal = Decimal {
        mantissa: 1,
        scale: 0,
    };

    /// A whole number.
    pub fn from_int(n: u64) -> Decimal {
        Decimal {
            mantissa: i128::from(n),
            scale: 0,
        }
    }

    /// `10^exp`, the value of a multiplier such as 万 (4) or 亿 (8).
    pub fn pow10(exp: u32) -> Option<Decimal> {
        Some(Decimal {
            mantissa: 10i128.checked_pow(exp)?,
            scale: 0,
        })
    }

    /// Parses ASCII digits with at most one `.` (`"3.698"`, `"27089"`); `None` for anything else.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (int, frac) = match text.split_once('.') {
            Some((i, f)) => (i, f),
            None => (text, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(int) || !all_digits(frac) || frac.len() > MAX_SCALE as usize {
            return None;
        }
        let mut mantissa: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(i128::from(b - b'0'))?;
        }
        Some(
            Decimal {
                mantissa,
                scale: frac.len() as u32,
            }
            .normalized(),
        )
    }

    fn normalized(mut self) -> Decimal {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        if self.mantissa == 0 {
            self.scale = 0;
        }
        self
    }

    /// Both mantissas at the larger of the two scales.
    fn aligned(self, other: Decimal) -> Option<(i128, i128, u32)> {
        let scale = self.scale.max(other.scale);
        let a = self
            .mantissa
            .checked_mul(10i128.checked_pow(scale - self.scale)?)?;
        let b = other
            .mantissa
            .checked_mul(10i128.checked_pow(scale - other.scale)?)?;
        Some((a, b, scale))
    }

    /// The exact sum, `None` on overflow.
    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let (a, b, scale) = self.aligned(other)?;
        Some(
            Decimal {
                mantissa: a.checked_add(b)?,
                scale,
            }
            .normalized(),
        )
    }

    /// The exact product, `None` on overflow.
    pub fn checked_mul(self, other: Decimal) -> Option<Decimal> {
        let mut product = Decimal {
            mantissa: self.mantissa.checked_mul(other.mantissa)?,
            scale: self.scale + other.scale,
        }
        .normalized();
        if product.scale > MAX_SCALE {
            return None;
        }
        product.scale = product.scale.min(MAX_SCALE);
        Some(product)
    }

    /// The value divided by `10^exp` (exact: only the scale moves), as for 成 (tenths) or a percentage.
    pub fn shift_down(self, exp: u32) -> Option<Decimal> {
        let scale = self.scale.checked_add(exp)?;
        (scale <= MAX_SCALE).then_some(
            Decimal {
                mantissa: self.mantissa,
                scale,
            }
            .normalized(),
        )
    }

    /// Whether the value is zero.
    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// Whether the value is a whole number.
    pub fn is_integer(self) -> bool {
        self.scale == 0
    }

    /// The value as a `u64` when it is a whole number that fits (what JSON writes as an integer).
    pub fn to_u64(self) -> Option<u64> {
        if self.scale == 0 {
            u64::try_from(self.mantissa).ok()
        } else {
            None
        }
    }

    /// A float approximation, for sorting and plotting only (never for storing a value).
    pub fn to_f64(self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match self.aligned(*other) {
            Some((a, b, _)) => a.cmp(&b),
            // Only astronomically large values fail to align; their float order is good enough.
            None => self.to_f64().total_cmp(&other.to_f64()),
        }
    }
}

impl fmt::Display for Decimal {
    /// Plain decimal notation, no exponent, no trailing zeros: `369800000`, `0.68`, `217.07`. It is also a
    /// valid JSON number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        if self.mantissa < 0 {
            f.write_str("-")?;
        }
        if scale == 0 {
            return f.write_str(&digits);
        }
        if digits.len() <= scale {
            write!(f, "0.{}{}", "0".repeat(scale - digits.len()), digits)
        } else {
            let (int, frac) = digits.split_at(digits.len() - scale);
            write!(f, "{int}.{frac}")
        }
    }
}

impl std::str::FromStr for Decimal {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal::parse(s.trim()).ok_or_else(|| format!("{s:?} is not a decimal number"))
    }
}

/// Stored as its decimal string (`"369800000"`, `"0.68"`), so no format on the way rounds it.
impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    #[test]
    fn multiplies_without_float_rounding() {
        let yi = Decimal::pow10(8).unwrap();
        assert_eq!(d("3.698").checked_mul(yi).unwrap().to_string(), "369800000");
        assert_eq!(
            d("1.9075").checked_mul(yi).unwrap().to_string(),
            "190750000"
        );
        assert_eq!(d("0.1").checked_add(d("0.2")).unwrap(), d("0.3"));
        assert_eq!(d("217.070").to_string(), "217.07");
        assert_eq!(d("3").shift_down(1).unwrap().to_string(), "0.3");
        assert_eq!(d("0.68").shift_down(2).unwrap().to_string(), "0.0068");
    }

    #[test]
    fn rejects_what_is_not_a_number_and_overflow() {
        assert_eq!(Decimal::parse(""), None);
        assert_eq!(Decimal::parse("."), None);
        assert_eq!(Decimal::parse("1.2.3"), None);
        assert_eq!(Decimal::parse("12a"), None);
        let huge = d("99999999999999999999999999999999999");
        assert_eq!(huge.checked_mul(Decimal::pow10(8).unwrap()), None);
    }

    #[test]
    fn orders_across_scales_and_round_trips_as_text() {
        assert!(d("0.68") < d("0.7"));
        assert!(d("10") > d("9.99"));
        assert_eq!(d("2.50").cmp(&d("2.5")), Ordering::Equal);
        let json = serde_json::to_string(&d("6184.15")).unwrap();
        assert_eq!(json, "\"6184.15\"");
        assert_eq!(
            serde_json::from_str::<Decimal>(&json).unwrap(),
            d("6184.15")
        );
    }
}
