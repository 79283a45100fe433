//! The words the figure engine knows (units, qualifiers, time words, fixed phrases, cue words), as data: a RON
//! table bundled with the program (`assets/figures.ron`) that a workspace's `spantag.ron` can extend.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::decimal::Decimal;
use super::value::Qualifier;

/// The bundled table's RON source.
pub const BUILTIN_SOURCE: &str = include_str!("../../assets/figures.ron");

/// Why a table could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The RON does not parse or does not have the table's shape.
    #[error("{origin}: line {line}, column {column}: {message}")]
    Ron {
        /// The file (or `built-in table`) the RON came from.
        origin: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column.
        column: usize,
        /// RON's description of the problem.
        message: String,
    },
}

/// A unit or measure word as the table declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitDef {
    /// The unit as written after the number (`万元`, `個`, `%`).
    pub name: String,
    /// The unit the value is counted in; empty means the name itself (`個` counts in `个`).
    #[serde(default)]
    pub base: String,
    /// A multiplier folded into the number (`万元` is 10000 `元`), written `factor: "10000"`.
    #[serde(
        default,
        with = "plain_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub factor: Option<Decimal>,
    /// The largest bare number the unit may follow (`成` only after 一..十), written `max: "10"`.
    #[serde(
        default,
        with = "plain_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub max: Option<Decimal>,
}

/// An optional decimal written as a plain string (`factor: "10000"`), so table authors need no `Some(...)`.
mod plain_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Decimal;

    pub(super) fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(d) => d.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        Decimal::deserialize(deserializer).map(Some)
    }
}

/// Where a qualifier word stands relative to its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Position {
    /// Before the number: 超过2.6万人.
    Before,
    /// After the number or its unit: 90%以上, 142余万元.
    After,
}

/// A qualifier word and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualifierDef {
    /// The word (`超过`).
    pub word: String,
    /// What it says about the number.
    pub qualifier: Qualifier,
    /// Where it stands.
    pub position: Position,
}

/// The table as written in RON: the bundled one, or a workspace's extension (every list may be left out).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TableSource {
    /// Units and measure words.
    pub units: Vec<UnitDef>,
    /// Approximation words.
    pub qualifiers: Vec<QualifierDef>,
    /// Words after a number that make it a date or time phrase.
    pub time_words: Vec<String>,
    /// Fixed phrases in which a numeral or qualifier is not a figure.
    pub not_figures: Vec<String>,
    /// Verbs that make a clause an Outcome.
    pub outcome_cues: Vec<String>,
    /// Verbs that start a Measure.
    pub measure_cues: Vec<String>,
    /// Clause openers that belong to no span.
    pub connectives: Vec<String>,
}

impl TableSource {
    /// True when the table adds nothing (a workspace that extends nothing writes no `figures` field).
    pub fn is_empty(&self) -> bool {
        *self == TableSource::default()
    }

    /// Parses a table from RON; `origin` names the source in the error.
    pub fn from_ron(source: &str, origin: &str) -> Result<TableSource, TableError> {
        ron::from_str(source).map_err(|e| TableError::Ron {
            origin: origin.to_owned(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })
    }

    /// Adds another source's entries to this one: lists are joined, and a unit or qualifier word declared
    /// again replaces the earlier declaration (so a workspace can redefine a built-in unit).
    pub fn merge(&mut self, other: TableSource) {
        for unit in other.units {
            self.units.retain(|u| u.name != unit.name);
            self.units.push(unit);
        }
        for qualifier in other.qualifiers {
            self.qualifiers
                .retain(|q| q.word != qualifier.word || q.position != qualifier.position);
            self.qualifiers.push(qualifier);
        }
        let join = |into: &mut Vec<String>, from: Vec<String>| {
            for word in from {
                if !into.contains(&word) {
                    into.push(word);
                }
            }
        };
        join(&mut self.time_words, other.time_words);
        join(&mut self.not_figures, other.not_figures);
        join(&mut self.outcome_cues, other.outcome_cues);
        join(&mut self.measure_cues, other.measure_cues);
        join(&mut self.connectives, other.connectives);
    }
}

/// A hasher for `char` keys: one multiplication instead of SipHash. The finder looks up every character of a
/// report in these sets, and the keys are table words, never attacker-chosen in bulk.
#[derive(Debug, Clone, Copy, Default)]
pub struct CharHasher(u64);

impl Hasher for CharHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The words of a [`WordSet`] that start with one character, longest first, each with its item.
type WordsFrom<T> = Vec<(Vec<char>, T)>;

/// Words keyed by their first character, longest first, for longest-match lookups at a position.
#[derive(Debug, Clone)]
pub struct WordSet<T> {
    by_first: HashMap<char, WordsFrom<T>, BuildHasherDefault<CharHasher>>,
}

impl<T> Default for WordSet<T> {
    fn default() -> Self {
        WordSet {
            by_first: HashMap::default(),
        }
    }
}

impl<T> WordSet<T> {
    fn insert(&mut self, word: &str, item: T) {
        let chars: Vec<char> = word.chars().collect();
        let Some(&first) = chars.first() else {
            return;
        };
        let list = self.by_first.entry(first).or_default();
        list.push((chars, item));
        list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    }

    /// The longest word that starts at `chars[at..]`, as (its length, its item).
    pub fn longest_at(&self, chars: &[char], at: usize) -> Option<(usize, &T)> {
        let list = self.by_first.get(chars.get(at)?)?;
        list.iter()
            .find(|(w, _)| chars[at..].starts_with(w))
            .map(|(w, item)| (w.len(), item))
    }

    /// Whether some word starts with this character (a cheap pre-check).
    pub fn starts_with_char(&self, c: char) -> bool {
        self.by_first.contains_key(&c)
    }
}

/// The compiled table the engine uses: the source plus lookup structures.
#[derive(Debug, Clone)]
pub struct Table {
    source: TableSource,
    pub(crate) units: WordSet<UnitDef>,
    pub(crate) before: WordSet<Qualifier>,
    pub(crate) after: WordSet<Qualifier>,
    pub(crate) time_words: WordSet<()>,
    pub(crate) not_figures: WordSet<()>,
    pub(crate) longest_not_figure: usize,
    pub(crate) outcome_cues: WordSet<()>,
    pub(crate) measure_cues: WordSet<()>,
    pub(crate) connectives: WordSet<()>,
    /// One-character "more than" words that stand inside a number (余 in 142余万, 多 in 1000多人).
    pub(crate) more_than_marks: Vec<char>,
}

static BUILTIN: LazyLock<TableSource> = LazyLock::new(|| {
    // The bundled table is part of the program, and the test `builtin_table_parses` checks it; a broken build
    // would find no figures rather than crash.
    TableSource::from_ron(BUILTIN_SOURCE, "built-in table").unwrap_or_default()
});

impl Table {
    /// Compiles a table from its source.
    pub fn new(source: TableSource) -> Table {
        let mut table = Table {
            source: TableSource::default(),
            units: WordSet::default(),
            before: WordSet::default(),
            after: WordSet::default(),
            time_words: WordSet::default(),
            not_figures: WordSet::default(),
            longest_not_figure: 0,
            outcome_cues: WordSet::default(),
            measure_cues: WordSet::default(),
            connectives: WordSet::default(),
            more_than_marks: Vec::new(),
        };
        for unit in &source.units {
            let mut unit = unit.clone();
            if unit.base.is_empty() {
                unit.base = unit.name.clone();
            }
            table.units.insert(&unit.name.clone(), unit);
        }
        for q in &source.qualifiers {
            let mut chars = q.word.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && q.position == Position::After
                && q.qualifier == Qualifier::MoreThan
            {
                table.more_than_marks.push(c);
            }
            match q.position {
                Position::Before => table.before.insert(&q.word, q.qualifier),
                Position::After => table.after.insert(&q.word, q.qualifier),
            }
        }
        for w in &source.time_words {
            table.time_words.insert(w, ());
        }
        for w in &source.not_figures {
            table.not_figures.insert(w, ());
            table.longest_not_figure = table.longest_not_figure.max(w.chars().count());
        }
        for w in &source.outcome_cues {
            table.outcome_cues.insert(w, ());
        }
        for w in &source.measure_cues {
            table.measure_cues.insert(w, ());
        }
        for w in &source.connectives {
            table.connectives.insert(w, ());
        }
        table.source = source;
        table
    }

    /// The bundled table (`assets/figures.ron`).
    pub fn builtin() -> Table {
        Table::new(BUILTIN.clone())
    }

    /// The bundled table extended by a RON table source (a workspace's words).
    pub fn extended(extension: TableSource) -> Table {
        let mut source = BUILTIN.clone();
        source.merge(extension);
        Table::new(source)
    }

    /// The source the table was compiled from.
    pub fn source(&self) -> &TableSource {
        &self.source
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_parses() {
        let source = TableSource::from_ron(BUILTIN_SOURCE, "built-in").expect("bundled table");
        assert!(source.units.iter().any(|u| u.name == "個百分點"));
        assert!(source.outcome_cues.iter().any(|c| c == "降至"));
        assert!(source.measure_cues.iter().any(|c| c == "建立"));
        let table = Table::builtin();
        let chars: Vec<char> = "个百分点".chars().collect();
        assert_eq!(table.units.longest_at(&chars, 0).map(|(n, _)| n), Some(4));
    }

    #[test]
    fn a_workspace_adds_and_replaces_units() {
        let config = r#"(schema: (labels: []), trim_boundaries: true,
            figures: (units: [(name: "头猪", base: "头"), (name: "个", base: "個")], outcome_cues: ["攻克"]))"#;
        let extension = ron::from_str::<crate::schema::WorkspaceConfig>(config)
            .unwrap()
            .figures;
        let table = Table::extended(extension);
        let chars: Vec<char> = "头猪个".chars().collect();
        assert_eq!(
            table
                .units
                .longest_at(&chars, 0)
                .map(|(n, u)| (n, u.base.as_str())),
            Some((2, "头"))
        );
        assert_eq!(
            table
                .units
                .longest_at(&chars, 2)
                .map(|(_, u)| u.base.as_str()),
            Some("個")
        );
        assert!(table.source().outcome_cues.iter().any(|c| c == "攻克"));
        assert_eq!(
            table
                .source()
                .units
                .iter()
                .filter(|u| u.name == "个")
                .count(),
            1
        );
    }
}
