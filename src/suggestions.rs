//! The suggestions offered to the analyst in one report: the recommender's proposals for its text (the figure
//! engine's rules, and once a model is trained the team's dictionary and the character taggers), less what the
//! analyst has already tagged there, turned down, or would see below a label's score threshold. Accepting or
//! rejecting one is an [`Edit`], so undo, the save and the rejected list all follow from the edit machinery.
//! The engine runs off the UI thread ([`start`]); the app only filters and draws.

use std::sync::Arc;

use crate::background::Background;
use crate::edit::Edit;
use crate::figures::{FIGURE, MEASURE, OUTCOME, Suggestion, Table, suggest};
use crate::model::{AnnotationFile, Span, SpanKey};
use crate::recommend::{Layers, Recommender};
use crate::schema::Schema;
use crate::text::ReportText;

/// Everything the engine proposed for one text, kept with the text's fingerprint so that a result computed for
/// another text (the analyst switched reports meanwhile) is never shown.
#[derive(Debug, Clone)]
pub struct Offered {
    fingerprint: String,
    /// The fingerprint of the model's training data, `None` for the rules alone.
    model: Option<String>,
    all: Vec<Suggestion>,
}

impl Offered {
    /// Runs the engine over the text for the labels of the schema: with a trained model, every layer for the
    /// labels it learned; without, the rules for the labels they know (Figure, Outcome, Measure).
    pub fn compute(
        text: &ReportText,
        table: &Table,
        schema: &Schema,
        model: Option<&Recommender>,
    ) -> Offered {
        let all = match model {
            Some(model) => model
                .suggest(text, table, Layers::default())
                .into_iter()
                .filter(|s| schema.has(&s.label))
                .collect(),
            None => {
                let labels: Vec<&str> = [FIGURE, OUTCOME, MEASURE]
                    .into_iter()
                    .filter(|l| schema.has(l))
                    .collect();
                suggest(text.as_str(), table, &labels)
            }
        };
        Offered {
            fingerprint: text.fingerprint().to_owned(),
            model: model.map(|m| m.fingerprint().to_owned()),
            all,
        }
    }

    /// Whether these suggestions were computed for this text.
    pub fn is_for(&self, text: &ReportText) -> bool {
        self.fingerprint == text.fingerprint()
    }

    /// Whether these suggestions came from this model (or from the rules alone, for `None`).
    pub fn is_from(&self, model: Option<&Recommender>) -> bool {
        self.model.as_deref() == model.map(|m| m.fingerprint())
    }

    /// Every proposal, in text order (start, longer first).
    pub fn all(&self) -> &[Suggestion] {
        &self.all
    }

    /// The proposals still open in this file, as indices into [`Offered::all`] in text order: scored at least
    /// their label's threshold, not rejected, and not overlapping a span of the same label (the analyst tagged
    /// that place already, perhaps with other boundaries; offering it again would be noise). Linear in
    /// suggestions plus spans (times a logarithm).
    pub fn open(&self, file: &AnnotationFile, threshold: &dyn Fn(&str) -> f32) -> Vec<usize> {
        let tagged = TaggedRanges::new(&file.spans);
        self.all
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                s.score >= threshold(&s.label)
                    && file.rejected.binary_search(&key_of(s)).is_err()
                    && !tagged.overlaps(&s.label, s.start, s.end)
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// The spans of a file per label, for "does a span of this label overlap that range": starts in order with the
/// running maximum of ends, so one binary search answers.
struct TaggedRanges<'a> {
    by_label: Vec<(&'a str, Vec<usize>, Vec<usize>)>,
}

impl<'a> TaggedRanges<'a> {
    fn new(spans: &'a [Span]) -> TaggedRanges<'a> {
        let mut by_label: Vec<(&str, Vec<usize>, Vec<usize>)> = Vec::new();
        // Spans are in canonical order (by start), so each label's starts come out sorted.
        for span in spans {
            let entry = match by_label.iter().position(|(l, _, _)| *l == span.label) {
                Some(i) => &mut by_label[i],
                None => {
                    by_label.push((&span.label, Vec::new(), Vec::new()));
                    let last = by_label.len() - 1;
                    &mut by_label[last]
                }
            };
            let max_end = entry.2.last().map_or(span.end, |&m| m.max(span.end));
            entry.1.push(span.start);
            entry.2.push(max_end);
        }
        TaggedRanges { by_label }
    }

    fn overlaps(&self, label: &str, start: usize, end: usize) -> bool {
        let Some((_, starts, max_ends)) = self.by_label.iter().find(|(l, _, _)| *l == label) else {
            return false;
        };
        // Spans starting before `end` overlap when one of them ends after `start`.
        let before = starts.partition_point(|&s| s < end);
        before > 0 && max_ends[before - 1] > start
    }
}

/// The extent and label of a suggestion: what a rejection records and an accepted span is found by.
pub fn key_of(suggestion: &Suggestion) -> SpanKey {
    suggestion.key()
}

/// The edit that accepts a suggestion as a span with `label` (its own, or another the analyst chose).
pub fn accept(text: &ReportText, suggestion: &Suggestion, label: &str) -> Edit {
    Edit::Add(Span::new(text, suggestion.start, suggestion.end, label))
}

/// The edit that turns a suggestion down in this report.
pub fn reject(suggestion: &Suggestion) -> Edit {
    Edit::Reject(key_of(suggestion))
}

/// One edit (one undo step) accepting every open suggestion of `label`.
pub fn accept_all(text: &ReportText, offered: &Offered, open: &[usize], label: &str) -> Edit {
    Edit::Batch(
        open.iter()
            .filter_map(|&i| offered.all.get(i))
            .filter(|s| s.label == label)
            .map(|s| accept(text, s, label))
            .collect(),
    )
}

/// The engine running over one text on its own thread, so a large report never holds up a frame.
pub type SuggestionJob = Background<Offered>;

/// Starts computing suggestions for `text`; `done` is called on the worker thread when they are ready (the app
/// asks for a repaint there).
pub fn start(
    text: ReportText,
    table: Arc<Table>,
    schema: Schema,
    model: Option<Arc<Recommender>>,
    done: impl FnOnce() + Send + 'static,
) -> SuggestionJob {
    Background::run(
        move || Offered::compute(&text, &table, &schema, model.as_deref()),
        done,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::background::Polled;
    use crate::edit::Editor;
    use crate::model::DocRef;
    use std::sync::mpsc::channel;

    const TEXT: &str = "𠮷村共有贫困户523户，贫困发生率降至0.68%，建立防返贫监测预警机制。";

    fn editor() -> Editor {
        let text = ReportText::new(TEXT);
        let file = AnnotationFile::new(DocRef::of("a.txt", &text), "alice");
        Editor::new(text, Schema::default(), file)
    }

    fn offered(ed: &Editor) -> Offered {
        Offered::compute(ed.text(), &Table::builtin(), ed.schema(), None)
    }

    fn all(_: &str) -> f32 {
        0.0
    }

    fn figures(ed: &Editor, offered: &Offered) -> Vec<String> {
        offered
            .open(ed.file(), &all)
            .into_iter()
            .map(|i| &offered.all()[i])
            .filter(|s| s.label == FIGURE)
            .map(|s| s.text.clone())
            .collect()
    }

    #[test]
    fn accepted_rejected_and_tagged_places_are_no_longer_offered() {
        let mut ed = editor();
        let offered = offered(&ed);
        assert!(offered.is_for(ed.text()));
        assert_eq!(figures(&ed, &offered), ["523户", "0.68%"]);
        let first = offered
            .all()
            .iter()
            .find(|s| s.text == "523户")
            .unwrap()
            .clone();
        // Offsets are code points: the astral 𠮷 counts one.
        assert_eq!(first.start, 7);
        ed.apply(accept(ed.text(), &first, FIGURE)).unwrap();
        assert_eq!(figures(&ed, &offered), ["0.68%"]);
        ed.undo().unwrap();
        let second = offered
            .all()
            .iter()
            .find(|s| s.text == "0.68%")
            .unwrap()
            .clone();
        ed.apply(reject(&second)).unwrap();
        assert_eq!(figures(&ed, &offered), ["523户"]);
        // A hand-made Figure with other boundaries over the same place hides the suggestion too.
        let hand = ed.new_span(first.start, first.end - 1, FIGURE);
        ed.apply(Edit::Add(hand)).unwrap();
        assert!(figures(&ed, &offered).is_empty());
    }

    #[test]
    fn accepting_all_figures_is_one_undo_step() {
        let mut ed = editor();
        let offered = offered(&ed);
        let open = offered.open(ed.file(), &all);
        ed.apply(accept_all(ed.text(), &offered, &open, FIGURE))
            .unwrap();
        let texts: Vec<&str> = ed.spans().iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["523户", "0.68%"]);
        ed.undo().unwrap();
        assert!(ed.spans().is_empty());
    }

    #[test]
    fn the_background_job_delivers_once_and_calls_back() {
        let ed = editor();
        let (tx, rx) = channel();
        let job = start(
            ed.text().clone(),
            std::sync::Arc::new(Table::builtin()),
            ed.schema().clone(),
            None,
            move || tx.send(()).unwrap(),
        );
        rx.recv().unwrap();
        let Polled::Ready(offered) = job.poll() else {
            panic!("ready after the callback");
        };
        assert!(offered.is_for(ed.text()));
        assert!(!offered.all().is_empty());
        assert!(
            !matches!(job.poll(), Polled::Ready(_)),
            "delivered once only"
        );
    }

    #[test]
    fn overlap_lookup_sees_a_long_span_that_started_earlier() {
        let text = ReportText::new("一二三四五六七八九十");
        let spans = vec![
            Span::new(&text, 0, 9, "Outcome"),
            Span::new(&text, 1, 2, "Outcome"),
        ];
        let tagged = TaggedRanges::new(&spans);
        assert!(tagged.overlaps("Outcome", 5, 6));
        assert!(!tagged.overlaps("Outcome", 9, 10));
        assert!(!tagged.overlaps("Figure", 0, 10));
    }
}
