//! What a figure means: a number (or a range), the base unit it counts, and how exact the report says it is.

use std::fmt;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use super::decimal::Decimal;

/// How a report qualifies a quantity: 约 (approx), 以上 (at least), 余 (more than), 近 (under), 以下 (at most).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// Written as is: `523人`.
    #[default]
    Exact,
    /// About: 约, 左右, 大约, 近似.
    Approx,
    /// This or more: 以上, 不少于, 至少.
    AtLeast,
    /// More than: 余, 多, 超过, 逾.
    MoreThan,
    /// Just under: 近, 不到, 不足.
    Under,
    /// This or less: 以下, 最多.
    AtMost,
}

impl Qualifier {
    /// The name used in files and exports (`at_least`).
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::AtLeast => "at_least",
            Qualifier::MoreThan => "more_than",
            Qualifier::Under => "under",
            Qualifier::AtMost => "at_most",
        }
    }

    /// Whether the figure is not an exact count: true for every qualifier but [`Qualifier::Exact`].
    pub fn approx(self) -> bool {
        self != Qualifier::Exact
    }
}

/// The numeric part of a figure: one number or a range (`3-5万`, `两到三万`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Amount {
    /// A single number with multipliers folded in (`3.698亿` is 369800000).
    Number(Decimal),
    /// A range, both ends with multipliers folded in.
    Range {
        /// Lower end.
        low: Decimal,
        /// Upper end.
        high: Decimal,
    },
}

impl Amount {
    /// The number, or the low end of a range: what tables sort by.
    pub fn sort_key(&self) -> Decimal {
        match *self {
            Amount::Number(n) => n,
            Amount::Range { low, .. } => low,
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Amount::Number(n) => write!(f, "{n}"),
            Amount::Range { low, high } => write!(f, "{low}..{high}"),
        }
    }
}

/// The parsed value of a figure, as the jsonl export and `spantag figures` show it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FigureValue {
    /// The number or range.
    pub amount: Amount,
    /// The base unit after folding multipliers and normalising script (`元` for `3.698亿元`, `个` for `2個`,
    /// `%` for `百分之三十` and `三成`, `个百分点`, `倍`); empty when the figure has none (`3.5万`).
    pub unit: String,
    /// How exact the report says the number is.
    pub qualifier: Qualifier,
}

impl FigureValue {
    /// Whether the figure is approximate (every qualifier but exact).
    pub fn approx(&self) -> bool {
        self.qualifier.approx()
    }

    /// The JSON object of the exports: `{"number"|"low","high", "unit", "qualifier", "approx"}`. Whole numbers
    /// are exact JSON integers; a fraction goes through serde_json's f64, whose shortest form gives back the
    /// written decimal for up to 15 significant digits (every figure in a report).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self.json()).unwrap_or(serde_json::Value::Null)
    }

    /// The same object as [`FigureValue::to_json`], serialised straight into a writer's output: the jsonl
    /// export writes one per Figure span of a 100 MB corpus and builds no JSON tree for them.
    pub fn json(&self) -> ValueJson<'_> {
        ValueJson(self)
    }
}

/// A [`FigureValue`] as the exports write it (see [`FigureValue::json`]).
#[derive(Debug, Clone, Copy)]
pub struct ValueJson<'a>(&'a FigureValue);

/// A decimal as a JSON number: a whole number that fits as an integer, anything else as the nearest f64
/// (what serde_json reads the decimal's text as).
struct JsonNumber(Decimal);

impl Serialize for JsonNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.to_u64() {
            Some(n) => serializer.serialize_u64(n),
            None => serializer.serialize_f64(self.0.to_f64()),
        }
    }
}

impl Serialize for ValueJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = self.0;
        let mut object = serializer.serialize_map(None)?;
        match value.amount {
            Amount::Number(n) => object.serialize_entry("number", &JsonNumber(n))?,
            Amount::Range { low, high } => {
                object.serialize_entry("low", &JsonNumber(low))?;
                object.serialize_entry("high", &JsonNumber(high))?;
            }
        }
        object.serialize_entry("unit", &value.unit)?;
        object.serialize_entry("qualifier", value.qualifier.as_str())?;
        object.serialize_entry("approx", &value.approx())?;
        object.end()
    }
}

impl fmt::Display for FigureValue {
    /// `369800000 元`, `26000 人 (more_than)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.amount)?;
        if !self.unit.is_empty() {
            write!(f, " {}", self.unit)?;
        }
        if self.qualifier != Qualifier::Exact {
            write!(f, " ({})", self.qualifier.as_str())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(amount: Amount, unit: &str, qualifier: Qualifier) -> FigureValue {
        FigureValue {
            amount,
            unit: unit.into(),
            qualifier,
        }
    }

    #[test]
    fn json_has_integers_fractions_and_ranges() {
        let d = |s: &str| Decimal::parse(s).unwrap();
        let whole = value(Amount::Number(d("369800000")), "元", Qualifier::Exact);
        assert_eq!(
            serde_json::to_string(&whole.json()).unwrap(),
            r#"{"number":369800000,"unit":"元","qualifier":"exact","approx":false}"#
        );
        let fraction = value(Amount::Number(d("0.68")), "%", Qualifier::AtLeast);
        assert_eq!(
            serde_json::to_string(&fraction.json()).unwrap(),
            r#"{"number":0.68,"unit":"%","qualifier":"at_least","approx":true}"#
        );
        let range = value(
            Amount::Range {
                low: d("30000"),
                high: d("50000"),
            },
            "",
            Qualifier::Exact,
        );
        assert_eq!(
            range.to_json(),
            serde_json::json!({"low": 30000, "high": 50000, "unit": "", "qualifier": "exact", "approx": false})
        );
        let huge = value(
            Amount::Number(d("100000000000000000000000")),
            "元",
            Qualifier::Exact,
        );
        assert_eq!(huge.to_json()["number"].as_f64(), Some(1e23));
    }
}
