//! How the command line offers the core's enums as argument values, one way for all of them: the core types
//! know nothing of clap; each gets a [`Choice`] impl here (its values, their command-line names and help), and
//! an argument takes it with `value_parser = Choices::<T>::all()`. The field keeps the core type itself, so no
//! argument type copies a core enum.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use crate::corpus::{Format, Layer, OffsetUnit};
use crate::merge::Strategy;
use crate::model::Status;

/// A core enum offered as command-line values.
pub trait Choice: Copy + Send + Sync + 'static {
    /// Every value, with its command-line name and one line of help, in the order `--help` lists them.
    fn choices() -> Vec<(Self, &'static str, &'static str)>;
}

impl Choice for Status {
    fn choices() -> Vec<(Self, &'static str, &'static str)> {
        vec![
            (Status::Todo, "todo", "Not started"),
            (Status::InProgress, "in-progress", "Started"),
            (Status::Done, "done", "Finished"),
        ]
    }
}

impl Choice for Strategy {
    fn choices() -> Vec<(Self, &'static str, &'static str)> {
        vec![
            (Strategy::Union, "union", "Keep every distinct span"),
            (
                Strategy::Majority,
                "majority",
                "Keep spans made by more than half of the annotators (or by `--min-votes`)",
            ),
            (
                Strategy::Unanimous,
                "unanimous",
                "Keep spans every annotator made",
            ),
        ]
    }
}

/// The registry's formats, by their registry names.
impl Choice for Format {
    fn choices() -> Vec<(Self, &'static str, &'static str)> {
        Format::ALL
            .into_iter()
            .map(|f| (f, f.name(), f.summary()))
            .collect()
    }
}

impl Choice for OffsetUnit {
    fn choices() -> Vec<(Self, &'static str, &'static str)> {
        vec![
            (
                OffsetUnit::Utf16,
                "utf16",
                "UTF-16 code units, as JavaScript (and so doccano) counts: 𠮷 counts 2",
            ),
            (
                OffsetUnit::Codepoint,
                "codepoint",
                "Unicode code points, as Python's str indices count",
            ),
        ]
    }
}

impl Choice for Layer {
    fn choices() -> Vec<(Self, &'static str, &'static str)> {
        vec![
            (
                Layer::Outer,
                "outer",
                "The longest span wins (an Outcome over the Figure nested in it)",
            ),
            (
                Layer::Inner,
                "inner",
                "The shortest span wins (the nested Figure over its Outcome)",
            ),
        ]
    }
}

/// The value parser of a [`Choice`] argument: the values `--help` lists, and those it accepts without listing
/// (so that the command can explain why it refuses them rather than clap saying "invalid value").
#[derive(Clone)]
pub struct Choices<T> {
    values: Vec<(T, PossibleValue)>,
}

impl<T: Choice> Choices<T> {
    /// Every value, all listed.
    pub fn all() -> Self {
        Self::listing(|_| true)
    }

    /// Every value accepted; only those `listed` keeps are shown in `--help` and in clap's "possible values".
    pub fn listing(listed: impl Fn(T) -> bool) -> Self {
        let values = T::choices()
            .into_iter()
            .map(|(value, name, help)| {
                let shown = PossibleValue::new(name).help(help).hide(!listed(value));
                (value, shown)
            })
            .collect();
        Choices { values }
    }
}

impl<T: Choice> TypedValueParser for Choices<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let names = PossibleValuesParser::new(self.values.iter().map(|(_, p)| p.clone()));
        let name = names.parse_ref(cmd, arg, value)?;
        let ignore_case = arg.is_some_and(clap::Arg::is_ignore_case_set);
        self.values
            .iter()
            .find(|(_, p)| p.matches(&name, ignore_case))
            .map(|(value, _)| *value)
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.values.iter().map(|(_, p)| p.clone())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<T: Choice>(choices: &Choices<T>, value: &str) -> Result<T, clap::Error> {
        choices.parse_ref(&clap::Command::new("t"), None, OsStr::new(value))
    }

    #[test]
    fn names_map_to_core_values_and_nothing_else() {
        assert_eq!(
            parse(&Choices::<Status>::all(), "in-progress").ok(),
            Some(Status::InProgress)
        );
        assert_eq!(
            parse(&Choices::<Strategy>::all(), "unanimous").ok(),
            Some(Strategy::Unanimous)
        );
        assert_eq!(
            parse(&Choices::<Format>::all(), "label-studio").ok(),
            Some(Format::LabelStudio)
        );
        assert!(parse(&Choices::<Layer>::all(), "middle").is_err());
    }

    #[test]
    fn every_value_has_one_distinct_name() {
        fn check<T: Choice + PartialEq + std::fmt::Debug>(all: &[T]) {
            let choices = T::choices();
            assert_eq!(choices.len(), all.len());
            for value in all {
                assert_eq!(choices.iter().filter(|(v, _, _)| v == value).count(), 1);
            }
            let mut names: Vec<&str> = choices.iter().map(|(_, n, _)| *n).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), all.len());
        }
        check(&Status::ALL);
        check(&Format::ALL);
        check(&[Strategy::Union, Strategy::Majority, Strategy::Unanimous]);
        check(&[OffsetUnit::Utf16, OffsetUnit::Codepoint]);
        check(&[Layer::Outer, Layer::Inner]);
    }

    #[test]
    fn unlisted_values_parse_but_are_not_shown() {
        let importable = Choices::<Format>::listing(Format::can_import);
        assert_eq!(parse(&importable, "csv").ok(), Some(Format::Csv));
        let shown: Vec<String> = importable
            .possible_values()
            .into_iter()
            .flatten()
            .filter(|p| !p.is_hide_set())
            .map(|p| p.get_name().to_owned())
            .collect();
        assert_eq!(shown, ["jsonl", "doccano", "brat", "conll", "label-studio"]);
    }
}
