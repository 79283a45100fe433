//! What a figure means: a number (or a range), the base unit it counts, and how exact the report says it is.

use std::fmt;

use serde::{Deserialize, Serialize};

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
        let number = |d: Decimal| -> serde_json::Value {
            serde_json::from_str(&d.to_string()).unwrap_or(serde_json::Value::Null)
        };
        let mut object = serde_json::Map::new();
        match self.amount {
            Amount::Number(n) => {
                object.insert("number".into(), number(n));
            }
            Amount::Range { low, high } => {
                object.insert("low".into(), number(low));
                object.insert("high".into(), number(high));
            }
        }
        object.insert("unit".into(), self.unit.clone().into());
        object.insert("qualifier".into(), self.qualifier.as_str().into());
        object.insert("approx".into(), self.approx().into());
        serde_json::Value::Object(object)
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
