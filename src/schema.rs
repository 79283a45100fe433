//! The label schema (which labels exist, their colours, hotkeys and definitions) and the workspace settings file
//! `spantag.ron` that carries it.

use serde::{Deserialize, Serialize};

/// One label analysts can put on a span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelDef {
    /// The label's name as written in annotation files and exports (`Figure`).
    pub name: String,
    /// Highlight colour as `#rrggbb`.
    pub color: String,
    /// The key that applies the label to a selection (`'1'`).
    #[serde(default)]
    pub hotkey: Option<char>,
    /// One line saying what the label means, shown next to the palette.
    #[serde(default)]
    pub description: String,
}

impl LabelDef {
    /// The colour as RGB bytes; a malformed colour falls back to grey (and `validate` reports it).
    pub fn rgb(&self) -> [u8; 3] {
        parse_hex_color(&self.color).unwrap_or([0x99, 0x99, 0x99])
    }
}

/// Parses `#rrggbb` into bytes.
pub fn parse_hex_color(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// One type of link analysts can draw between two spans, and the labels it may join.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationDef {
    /// The type's name as written in annotation files and exports (`Quantifies`).
    pub name: String,
    /// Arrow colour as `#rrggbb`.
    pub color: String,
    /// Labels a link of this type may start at.
    pub from: Vec<String>,
    /// Labels a link of this type may point to.
    pub to: Vec<String>,
    /// The key that picks this type when several fit a new link (`'q'`).
    #[serde(default)]
    pub hotkey: Option<char>,
}

impl RelationDef {
    /// The colour as RGB bytes; a malformed colour falls back to grey (and `validate` reports it).
    pub fn rgb(&self) -> [u8; 3] {
        parse_hex_color(&self.color).unwrap_or([0x99, 0x99, 0x99])
    }

    /// Whether a link of this type may go from a span labelled `from` to one labelled `to`.
    pub fn allows(&self, from: &str, to: &str) -> bool {
        self.from.iter().any(|l| l == from) && self.to.iter().any(|l| l == to)
    }
}

/// The relation types of a schema that declares none: a Figure quantifies an Outcome or a Measure, a Measure
/// produces an Outcome (the guidelines' reading of a report: what was done, what came of it, by how much).
pub fn default_relations() -> &'static [RelationDef] {
    static DEFAULTS: std::sync::LazyLock<Vec<RelationDef>> = std::sync::LazyLock::new(|| {
        let def = |name: &str, color: &str, from: &[&str], to: &[&str]| RelationDef {
            name: name.to_owned(),
            color: color.to_owned(),
            from: from.iter().map(|l| (*l).to_owned()).collect(),
            to: to.iter().map(|l| (*l).to_owned()).collect(),
            hotkey: None,
        };
        vec![
            def(
                "Quantifies",
                "#b07aa1",
                &["Figure"],
                &["Outcome", "Measure"],
            ),
            def("Produces", "#e15759", &["Measure"], &["Outcome"]),
        ]
    });
    &DEFAULTS
}

/// The set of labels a workspace uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    /// Labels in palette order.
    pub labels: Vec<LabelDef>,
    /// The relation types the workspace declares; `None` (nothing in `spantag.ron`) means
    /// [`default_relations`]. Read them through [`Schema::relations`].
    /// Written plainly (`relations: [(name: "Quantifies", ...)]`), not as RON's `Some([..])`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_list::serialize",
        deserialize_with = "plain_list::deserialize"
    )]
    pub relations: Option<Vec<RelationDef>>,
}

/// An optional list written as a plain list (absent when not declared).
mod plain_list {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer, T: Serialize>(
        value: &Option<Vec<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(list) => list.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<T>>, D::Error> {
        Vec::<T>::deserialize(deserializer).map(Some)
    }
}

impl Default for Schema {
    /// Measure, Figure and Outcome, as `guidelines.md` defines them.
    fn default() -> Self {
        let label = |name: &str, color: &str, key: char, description: &str| LabelDef {
            name: name.to_owned(),
            color: color.to_owned(),
            hotkey: Some(key),
            description: description.to_owned(),
        };
        Schema {
            relations: None,
            labels: vec![
                label(
                    "Measure",
                    "#4e79a7",
                    '1',
                    "措施: a concrete action, programme, mechanism, rule or method put in place to reduce poverty (建立防返贫监测预警机制)",
                ),
                label(
                    "Figure",
                    "#f28e2b",
                    '2',
                    "数据: a quantity as written, with its unit and approximation word (523人, 0.68%, 3.698亿元, 90%以上)",
                ),
                label(
                    "Outcome",
                    "#59a14f",
                    '3',
                    "成效: a reported result, change or achieved state (贫困发生率降至0.68%, 彻底解决了84725人饮水问题)",
                ),
            ],
        }
    }
}

impl Schema {
    /// The label with this name.
    pub fn label(&self, name: &str) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// Whether the schema declares this label.
    pub fn has(&self, name: &str) -> bool {
        self.label(name).is_some()
    }

    /// The label names in palette order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.labels.iter().map(|l| l.name.as_str())
    }

    /// The label bound to a hotkey.
    pub fn by_hotkey(&self, key: char) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.hotkey == Some(key))
    }

    /// The relation types in force: those declared, or the defaults when none are.
    pub fn relations(&self) -> &[RelationDef] {
        self.relations
            .as_deref()
            .unwrap_or_else(|| default_relations())
    }

    /// The relation type with this name.
    pub fn relation(&self, name: &str) -> Option<&RelationDef> {
        self.relations().iter().find(|r| r.name == name)
    }

    /// The relation types that may link a span labelled `from` to one labelled `to`, in declaration order:
    /// what the app offers when an analyst links two spans.
    pub fn relations_between<'a>(
        &'a self,
        from: &'a str,
        to: &'a str,
    ) -> impl Iterator<Item = &'a RelationDef> + 'a {
        self.relations().iter().filter(move |r| r.allows(from, to))
    }

    /// Problems that make the schema unusable: duplicate names or hotkeys, empty names, bad colours; for
    /// declared relation types also labels the schema lacks.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = self.relation_problems();
        for (i, label) in self.labels.iter().enumerate() {
            if !is_label_name(&label.name) {
                problems.push(format!(
                    "label {:?}: a name must be non-empty and have no spaces",
                    label.name
                ));
            }
            if parse_hex_color(&label.color).is_none() {
                problems.push(format!(
                    "label {:?}: colour {:?} is not #rrggbb",
                    label.name, label.color
                ));
            }
            if self.labels[..i].iter().any(|l| l.name == label.name) {
                problems.push(format!("label {:?} is declared twice", label.name));
            }
            if let Some(key) = label.hotkey
                && self.labels[..i].iter().any(|l| l.hotkey == Some(key))
            {
                problems.push(format!(
                    "label {:?}: hotkey {key:?} is already taken",
                    label.name
                ));
            }
        }
        problems
    }

    /// Problems of the declared relation types (the defaults name labels a custom schema may not have, and are
    /// then simply never offered).
    fn relation_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let declared = self.relations.as_deref().unwrap_or_default();
        for (i, def) in declared.iter().enumerate() {
            if def.name.trim().is_empty() || def.name.chars().any(char::is_whitespace) {
                problems.push(format!(
                    "relation {:?}: a name must be non-empty and have no spaces",
                    def.name
                ));
            }
            if parse_hex_color(&def.color).is_none() {
                problems.push(format!(
                    "relation {:?}: colour {:?} is not #rrggbb",
                    def.name, def.color
                ));
            }
            if declared[..i].iter().any(|d| d.name == def.name) {
                problems.push(format!("relation {:?} is declared twice", def.name));
            }
            if let Some(key) = def.hotkey
                && declared[..i].iter().any(|d| d.hotkey == Some(key))
            {
                problems.push(format!(
                    "relation {:?}: hotkey {key:?} is already taken",
                    def.name
                ));
            }
            if def.from.is_empty() || def.to.is_empty() {
                problems.push(format!(
                    "relation {:?}: `from` and `to` must each name at least one label",
                    def.name
                ));
            }
            for label in def.from.iter().chain(&def.to) {
                if !self.has(label) {
                    problems.push(format!(
                        "relation {:?}: label {label:?} is not in the schema",
                        def.name
                    ));
                }
            }
        }
        problems
    }
}

/// Colours given to labels an import declares (Tableau 10, the palette of the default labels), in order; a
/// colour a label already has is skipped.
const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

/// Hotkeys given to labels an import declares, in order; a key a label already has is skipped.
const HOTKEYS: [char; 10] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

/// Whether `name` can be a label's name (see [`Schema::problems`]).
pub fn is_label_name(name: &str) -> bool {
    !name.trim().is_empty() && !name.chars().any(char::is_whitespace)
}

impl Schema {
    /// The schema a workspace without `spantag.ron` gets from an import: `kept` (the labels its existing files
    /// may use), then every usable name of `found` it lacks. So that the same data always gives the same file,
    /// the guidelines' labels come first in their order and with their colours, hotkeys and definitions, then
    /// the others sorted by name, each given the first palette colour and the first hotkey (`1`..`9`, `0`) not
    /// yet taken (no hotkey after ten labels; colours beyond the palette are spread around the colour wheel).
    pub fn declaring<'a>(kept: &[LabelDef], found: impl IntoIterator<Item = &'a str>) -> Schema {
        let defaults = Schema::default();
        // Distinct names first: an import passes one name per span (hundreds of thousands).
        let distinct: std::collections::HashSet<&str> = found.into_iter().collect();
        let mut names: Vec<&str> = distinct
            .into_iter()
            .filter(|n| is_label_name(n) && !kept.iter().any(|l| l.name == *n))
            .collect();
        names.sort_unstable_by_key(|n| {
            (
                defaults
                    .labels
                    .iter()
                    .position(|l| l.name == *n)
                    .unwrap_or(usize::MAX),
                *n,
            )
        });
        names.dedup();
        let mut labels = kept.to_vec();
        for name in names {
            let label = match defaults.label(name) {
                Some(def)
                    if !labels
                        .iter()
                        .any(|l| l.hotkey == def.hotkey || l.color == def.color) =>
                {
                    def.clone()
                }
                _ => {
                    let color = PALETTE
                        .iter()
                        .find(|c| !labels.iter().any(|l| l.color == **c))
                        .map(|c| (*c).to_owned())
                        .unwrap_or_else(|| wheel_color(labels.len()));
                    let hotkey = HOTKEYS
                        .into_iter()
                        .find(|k| !labels.iter().any(|l| l.hotkey == Some(*k)));
                    LabelDef {
                        name: name.to_owned(),
                        color,
                        hotkey,
                        description: String::new(),
                    }
                }
            };
            labels.push(label);
        }
        Schema {
            labels,
            relations: None,
        }
    }
}

/// The `i`th colour beyond the palette: hues a golden angle apart, saturated and mid-light enough to read text on.
fn wheel_color(i: usize) -> String {
    let hue = (i as f64 * 137.508) % 360.0;
    let (s, v) = (0.55, 0.85);
    let c = v * s;
    let x = c * (1.0 - ((hue / 60.0) % 2.0 - 1.0).abs());
    let m = v - c;
    let (r, g, b) = match (hue / 60.0) as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let byte = |f: f64| ((f + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    format!("#{:02x}{:02x}{:02x}", byte(r), byte(g), byte(b))
}

/// The contents of a workspace's optional `spantag.ron`: the schema and settings shared by its analysts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkspaceConfig {
    /// Label schema; the guidelines' three labels when absent.
    pub schema: Schema,
    /// Trim whitespace and sentence punctuation from the edges of new spans (guidelines, "Boundaries"), written
    /// `trim_boundaries: true` or `false`. When the workspace says nothing, each analyst's own toggle decides; when
    /// it says, its choice is shared by every analyst and wins over the toggle.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "plain_bool::serialize",
        deserialize_with = "plain_bool::deserialize"
    )]
    pub trim_boundaries: Option<bool>,
    /// The workspace's additions to the figure engine's word table (units, qualifiers, cue words), read by
    /// `spantag suggest` / `figures`; kept here so that saving the settings never drops them.
    #[serde(skip_serializing_if = "crate::figures::TableSource::is_empty")]
    pub figures: crate::figures::TableSource,
}

/// An optional setting written as a plain `true` / `false` (absent when not set), as the README documents it.
mod plain_bool {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        value: &Option<bool>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(b) => serializer.serialize_bool(*b),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<bool>, D::Error> {
        bool::deserialize(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workspace_word_table_survives_saving_the_settings() {
        let written = r#"(trim_boundaries: false, figures: (units: [(name: "眼"), (name: "座")], outcome_cues: ["脱贫摘帽"]))"#;
        let config: WorkspaceConfig =
            ron::from_str(written).expect("settings with a word table read");
        assert_eq!(config.figures.units.len(), 2);
        let saved =
            ron::ser::to_string_pretty(&config, ron::ser::PrettyConfig::new()).expect("serialised");
        let again: WorkspaceConfig = ron::from_str(&saved).expect("saved settings read back");
        assert_eq!(again, config);
        assert_eq!(again.figures.outcome_cues, ["脱贫摘帽"]);
        let plain = ron::ser::to_string(&WorkspaceConfig::default()).expect("serialised");
        assert!(!plain.contains("figures"), "no table, no field: {plain}");
    }

    #[test]
    fn default_schema_is_sound() {
        let schema = Schema::default();
        assert!(schema.problems().is_empty());
        assert_eq!(
            schema.by_hotkey('2').map(|l| l.name.as_str()),
            Some("Figure")
        );
        assert_eq!(parse_hex_color("#f28e2b"), Some([0xf2, 0x8e, 0x2b]));
        assert_eq!(parse_hex_color("f28e2b"), None);
    }

    #[test]
    fn relation_types_default_when_undeclared_and_are_checked_when_declared() {
        let schema = Schema::default();
        let names: Vec<&str> = schema
            .relations_between("Figure", "Outcome")
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(names, ["Quantifies"]);
        assert_eq!(
            schema
                .relations_between("Measure", "Outcome")
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>(),
            ["Produces"]
        );
        assert_eq!(schema.relations_between("Outcome", "Figure").count(), 0);
        let written = r##"(labels: [(name: "Figure", color: "#f28e2b"), (name: "Outcome", color: "#59a14f")],
            relations: [(name: "Explains", color: "#123456", from: ["Outcome"], to: ["Figure"], hotkey: Some('e')),
                        (name: "Explains", color: "blue", from: ["Place"], to: ["Figure"])])"##;
        let schema: Schema = ron::from_str(written).expect("a schema with relations reads");
        assert_eq!(schema.relations().len(), 2);
        assert!(
            schema.relation("Quantifies").is_none(),
            "declared replace the defaults"
        );
        assert_eq!(
            schema.relation("Explains").and_then(|r| r.hotkey),
            Some('e')
        );
        let problems = schema.problems();
        assert!(
            problems.iter().any(|p| p.contains("declared twice")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("\"blue\"")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("\"Place\" is not")),
            "{problems:?}"
        );
        assert_eq!(problems.len(), 3, "{problems:?}");
        let plain = ron::to_string(&Schema::default()).expect("serialised");
        assert!(!plain.contains("relations"), "{plain}");
    }

    #[test]
    fn detects_duplicates() {
        let mut schema = Schema::default();
        schema.labels[1].hotkey = Some('1');
        schema.labels.push(schema.labels[0].clone());
        let problems = schema.problems();
        assert!(problems.iter().any(|p| p.contains("hotkey")));
        assert!(problems.iter().any(|p| p.contains("declared twice")));
    }

    #[test]
    fn trim_boundaries_is_the_workspace_choice_only_when_written() {
        let config: WorkspaceConfig = ron::from_str("(trim_boundaries: false)").unwrap();
        assert_eq!(config.trim_boundaries, Some(false));
        let config: WorkspaceConfig = ron::from_str("(trim_boundaries: true)").unwrap();
        assert_eq!(config.trim_boundaries, Some(true));
        let config: WorkspaceConfig = ron::from_str("()").unwrap();
        assert_eq!(config.trim_boundaries, None);
        // Written back as it is read.
        let written = ron::to_string(&WorkspaceConfig {
            trim_boundaries: Some(false),
            ..WorkspaceConfig::default()
        })
        .unwrap();
        assert!(written.contains("trim_boundaries:false"), "{written}");
        let again: WorkspaceConfig = ron::from_str(&written).unwrap();
        assert_eq!(again.trim_boundaries, Some(false));
        let unset = ron::to_string(&WorkspaceConfig::default()).unwrap();
        assert!(!unset.contains("trim_boundaries"), "{unset}");
    }

    #[test]
    fn an_imported_schema_is_deterministic_and_sound() {
        let found = ["PER", "LOC", "Figure", "ORG", "LOC", "bad name", ""];
        let schema = Schema::declaring(&[], found);
        let names: Vec<&str> = schema.names().collect();
        assert_eq!(names, ["Figure", "LOC", "ORG", "PER"]);
        assert_eq!(
            schema.labels[0],
            Schema::default().labels[1],
            "a guidelines label keeps its definition"
        );
        assert_eq!(schema.labels[1].hotkey, Some('1'));
        assert_eq!(schema.labels[1].color, "#4e79a7");
        assert_eq!(schema.labels[2].hotkey, Some('3'));
        assert!(schema.problems().is_empty(), "{:?}", schema.problems());
        let reversed: Vec<&str> = found.iter().rev().copied().collect();
        assert_eq!(
            Schema::declaring(&[], reversed),
            schema,
            "input order does not matter"
        );
        // Kept labels stay first and keep their keys; many labels stay sound.
        let many: Vec<String> = (0..30).map(|i| format!("L{i:02}")).collect();
        let schema = Schema::declaring(&Schema::default().labels, many.iter().map(String::as_str));
        assert_eq!(&schema.labels[..3], &Schema::default().labels[..]);
        assert_eq!(schema.labels.len(), 33);
        assert!(schema.problems().is_empty(), "{:?}", schema.problems());
        assert!(
            schema
                .labels
                .iter()
                .all(|l| parse_hex_color(&l.color).is_some())
        );
        assert_eq!(schema.labels[32].hotkey, None);
    }
}
