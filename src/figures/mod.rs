//! The figure engine: finds the quantities of a Chinese report (523人, 3.698亿元, 超过2.6万人, 百分之三十, 翻两番),
//! reads each into an exact value (number or range, base unit, qualifier), and proposes Figure, Outcome and
//! Measure spans as suggestions. No GUI here: the app and the command line both call [`suggest`].
//!
//! One job a file: [`decimal`] exact arithmetic, [`numeral`] reading one number, [`table`] the words (a RON
//! asset a workspace extends), [`finder`] finding figures in running text, [`cues`] the Outcome and Measure
//! rules, [`value`] what a figure means, [`listing`] every figure of a workspace with its value, [`suggest`](mod@suggest) the entry point.

pub mod cues;
pub mod decimal;
pub mod finder;
pub mod listing;
pub mod numeral;
pub mod suggest;
pub mod table;
pub mod value;

pub use decimal::Decimal;
pub use finder::{FoundFigure, find_figures, read_value};
pub use listing::{FigureRow, span_value};
pub use suggest::{FIGURE, MEASURE, OUTCOME, Source, Suggestion, suggest};
pub use table::{Table, TableError, TableSource};
pub use value::{Amount, FigureValue, Qualifier, ValueJson};
