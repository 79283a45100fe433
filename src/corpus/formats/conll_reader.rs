//! Reading character-level CoNLL, the way most Chinese NER data sets come (MSRA, Weibo, Resume, People's Daily):
//! one token a line, `字<TAB or space>TAG`, a blank line between sentences, `-DOCSTART-` between documents.
//!
//! The tag scheme is detected from the file: IOB2 (`B-`, `I-`), IOBES/BIOES (`B-`, `I-`, `E-`, `S-`) or BMES
//! (`B-`, `M-`, `E-`, `S-`), with `O` outside. A document's sentences are joined with line breaks into its text;
//! its id is the file's stem and its number (`msra_train-00001`). `--sentences-per-doc N` also starts a new
//! document after every N sentences (a data set without `-DOCSTART-` is otherwise one document). Each malformed
//! line (an inside or end tag without its begin, other than two columns, a tag of an unknown shape, a begin
//! never ended in a scheme with `E-`) is reported by line; its character is kept in the text, and the rest of
//! the file is imported.

use std::path::Path;

use crate::corpus::codec::Reader;
use crate::corpus::types::{
    ImportDoc, ImportSpan, InputError, Location, Parsed, ReadSettings, read_input,
};
use crate::text::ReportText;

/// The reader (the writer is `conll.rs`).
pub(super) struct ConllReader;

impl Reader for ConllReader {
    fn read(
        &self,
        input: &Path,
        settings: &ReadSettings,
        parsed: &mut Parsed,
    ) -> Result<(), InputError> {
        let source = read_input(input)?;
        read(input, &source, settings.sentences_per_doc, parsed);
        Ok(())
    }

    /// One character and its tag a line: nobody is named.
    fn records_annotator(&self) -> bool {
        false
    }
}

/// What starts a document separator line (CoNLL-2003's `-DOCSTART- -X- O O`, or the word alone).
const DOCSTART: &str = "-DOCSTART-";

/// The tag schemes a file may use, told apart by the prefixes that occur in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    /// `B-`, `I-` (a span ends where the next tag is not its `I-`).
    Iob2,
    /// `B-`, `I-`, `E-`, `S-`: a span of more than one character ends with `E-`.
    Iobes,
    /// `B-`, `M-`, `E-`, `S-`: as IOBES, with `M-` inside.
    Bmes,
}

impl Scheme {
    /// The scheme of a file: BMES if any tag starts `M-`, IOBES if any starts `E-` or `S-`, else IOB2.
    fn detect(source: &str) -> Scheme {
        let (mut m, mut es) = (false, false);
        for line in source.lines() {
            let Some(tag) = line.split([' ', '\t']).rfind(|c| !c.is_empty()) else {
                continue;
            };
            match tag.as_bytes() {
                [b'M', b'-', ..] => m = true,
                [b'E' | b'S', b'-', ..] => es = true,
                _ => {}
            }
            if m {
                break;
            }
        }
        if m {
            Scheme::Bmes
        } else if es {
            Scheme::Iobes
        } else {
            Scheme::Iob2
        }
    }

    /// Whether a span of more than one character must end with `E-`.
    fn has_end(self) -> bool {
        self != Scheme::Iob2
    }

    fn name(self) -> &'static str {
        match self {
            Scheme::Iob2 => "IOB2",
            Scheme::Iobes => "IOBES",
            Scheme::Bmes => "BMES",
        }
    }
}

/// One token's tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag<'a> {
    Outside,
    Begin(&'a str),
    /// `I-` or `M-`.
    Inside(&'a str),
    End(&'a str),
    Single(&'a str),
}

/// Reads a tag, or `None` when it is not `O` or one of the prefixes followed by a label.
fn parse_tag(tag: &str) -> Option<Tag<'_>> {
    if tag == "O" {
        return Some(Tag::Outside);
    }
    let (prefix, label) = tag.split_once('-')?;
    if label.is_empty() {
        return None;
    }
    Some(match prefix {
        "B" => Tag::Begin(label),
        "I" | "M" => Tag::Inside(label),
        "E" => Tag::End(label),
        "S" => Tag::Single(label),
        _ => return None,
    })
}

/// A span begun and not yet closed.
struct Open<'a> {
    label: &'a str,
    start: usize,
    /// The line of its begin.
    line: usize,
    /// The line of its last character so far.
    last_line: usize,
}

/// A run of inside or end tags without their begin, reported once.
struct Orphan<'a> {
    tag: &'a str,
    label: &'a str,
    line: usize,
    last_line: usize,
}

/// The reader's state across a file.
struct State<'a> {
    path: &'a Path,
    scheme: Scheme,
    stem: String,
    /// Documents finished so far (the next one's number is this plus one).
    finished: usize,
    sentences_per_doc: usize,
    // The document being read.
    text: String,
    chars: usize,
    spans: Vec<ImportSpan>,
    first_line: usize,
    sentences: usize,
    /// Whether the sentence being read has a token yet.
    in_sentence: bool,
    /// A sentence ended since the last token: a line break goes before the next one.
    pending_break: bool,
    open: Option<Open<'a>>,
    orphan: Option<Orphan<'a>>,
}

impl<'a> State<'a> {
    fn at(&self, line: usize) -> Location {
        Location::new(self.path, Some(line))
    }

    /// Closes the open span (if any) before a token that does not continue it, or at a sentence's end.
    fn close(&mut self, parsed: &mut Parsed) {
        let Some(open) = self.open.take() else {
            return;
        };
        if self.scheme.has_end() {
            parsed.problem(
                self.at(open.line),
                format!(
                    "B-{label} is not ended by E-{label} ({} tags; the span ends at line {}): imported as far \
                     as it goes",
                    self.scheme.name(),
                    open.last_line,
                    label = open.label
                ),
            );
        }
        self.push_span(open.start, open.label, open.line);
    }

    fn push_span(&mut self, start: usize, label: &str, line: usize) {
        self.spans.push(ImportSpan {
            start,
            end: self.chars,
            label: label.to_owned(),
            quoted: None,
            note: None,
            annotators: Vec::new(),
            origin: self.at(line),
            what: "span".to_owned(),
        });
    }

    /// Reports the run of tags without their begin, if one is pending.
    fn flush_orphan(&mut self, parsed: &mut Parsed) {
        let Some(orphan) = self.orphan.take() else {
            return;
        };
        let begin = if self.scheme.has_end() {
            format!("B-{0} or S-{0}", orphan.label)
        } else {
            format!("B-{}", orphan.label)
        };
        let through = if orphan.last_line > orphan.line {
            format!(" (through line {})", orphan.last_line)
        } else {
            String::new()
        };
        parsed.problem(
            self.at(orphan.line),
            format!(
                "{} without its begin ({begin} before it): its characters{through} are imported untagged",
                orphan.tag
            ),
        );
    }

    /// Records an inside or end tag that continues no span.
    fn orphan(&mut self, tag: &'a str, label: &'a str, line: usize, parsed: &mut Parsed) {
        if let Some(run) = &mut self.orphan
            && run.label == label
            && run.last_line + 1 == line
        {
            run.last_line = line;
            return;
        }
        self.flush_orphan(parsed);
        self.orphan = Some(Orphan {
            tag,
            label,
            line,
            last_line: line,
        });
    }

    /// Appends a token's text, with the line break a new sentence needs.
    fn append(&mut self, token: &str, line: usize) {
        if self.chars == 0 && self.text.is_empty() {
            self.first_line = line;
        }
        if self.pending_break {
            self.text.push('\n');
            self.chars += 1;
            self.pending_break = false;
        }
        self.text.push_str(token);
        self.chars += token.chars().count();
        self.in_sentence = true;
    }

    /// Ends the sentence being read (at a blank line), and the document if it has its sentences.
    fn end_sentence(&mut self, parsed: &mut Parsed) {
        self.close(parsed);
        self.flush_orphan(parsed);
        if !self.in_sentence {
            return;
        }
        self.in_sentence = false;
        self.pending_break = true;
        self.sentences += 1;
        if self.sentences_per_doc > 0 && self.sentences >= self.sentences_per_doc {
            self.end_document(parsed);
        }
    }

    /// Ends the document being read (at `-DOCSTART-`, after N sentences, at the end of the file).
    fn end_document(&mut self, parsed: &mut Parsed) {
        self.close(parsed);
        self.flush_orphan(parsed);
        self.in_sentence = false;
        self.pending_break = false;
        self.sentences = 0;
        if self.text.is_empty() {
            return;
        }
        self.finished += 1;
        let text = std::mem::take(&mut self.text);
        self.chars = 0;
        parsed.docs.push(ImportDoc {
            id: format!("{}-{:05}", self.stem, self.finished),
            origin: self.at(self.first_line),
            text: ReportText::new(text),
            annotator: None,
            status: None,
            spans: std::mem::take(&mut self.spans),
            relations: Vec::new(),
        });
    }

    /// Reads one token line.
    fn token(&mut self, line: &'a str, number: usize, parsed: &mut Parsed) {
        let mut columns = line.split([' ', '\t']).filter(|c| !c.is_empty());
        let (Some(token), tag, rest) = (columns.next(), columns.next(), columns.count()) else {
            return;
        };
        let tag = match tag {
            Some(tag) if rest == 0 => tag,
            _ => {
                let found = 1 + usize::from(tag.is_some()) + rest;
                self.close(parsed);
                self.flush_orphan(parsed);
                parsed.problem(
                    self.at(number),
                    format!(
                        "expected two columns (`字 TAG`), found {found}: {token:?} is imported untagged"
                    ),
                );
                self.append(token, number);
                return;
            }
        };
        let Some(parsed_tag) = parse_tag(tag) else {
            self.close(parsed);
            self.flush_orphan(parsed);
            parsed.problem(
                self.at(number),
                format!(
                    "tag {tag:?} is not O or B-, I-, M-, E-, S- and a label: {token:?} is imported untagged"
                ),
            );
            self.append(token, number);
            return;
        };
        let continues =
            |label: &str, open: &Option<Open>| open.as_ref().is_some_and(|o| o.label == label);
        match parsed_tag {
            Tag::Outside => {
                self.close(parsed);
                self.flush_orphan(parsed);
                self.append(token, number);
            }
            Tag::Begin(label) => {
                self.close(parsed);
                self.flush_orphan(parsed);
                self.append(token, number);
                self.open = Some(Open {
                    label,
                    start: self.chars - token.chars().count(),
                    line: number,
                    last_line: number,
                });
            }
            Tag::Single(label) => {
                self.close(parsed);
                self.flush_orphan(parsed);
                self.append(token, number);
                let start = self.chars - token.chars().count();
                self.push_span(start, label, number);
            }
            Tag::Inside(label) if continues(label, &self.open) => {
                self.append(token, number);
                if let Some(open) = &mut self.open {
                    open.last_line = number;
                }
            }
            Tag::End(label) if continues(label, &self.open) => {
                self.append(token, number);
                if let Some(open) = self.open.take() {
                    self.push_span(open.start, open.label, open.line);
                }
            }
            Tag::Inside(label) | Tag::End(label) => {
                self.close(parsed);
                self.orphan(tag, label, number, parsed);
                self.append(token, number);
            }
        }
    }
}

/// A file stem as the start of document ids: letters, digits, `-` and `_` kept, anything else `_`, no leading
/// dot (a hidden file is not read as a report); `conll` when nothing is left.
fn id_stem(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = safe.trim_start_matches(['_', '-']);
    if safe.is_empty() {
        "conll".to_owned()
    } else {
        safe.to_owned()
    }
}

/// Reads a CoNLL file into documents and problems.
fn read(path: &Path, source: &str, sentences_per_doc: usize, parsed: &mut Parsed) {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut state = State {
        path,
        scheme: Scheme::detect(source),
        stem: id_stem(path),
        finished: 0,
        sentences_per_doc,
        text: String::new(),
        chars: 0,
        spans: Vec::new(),
        first_line: 1,
        sentences: 0,
        in_sentence: false,
        pending_break: false,
        open: None,
        orphan: None,
    };
    for (i, line) in source.split('\n').enumerate() {
        let number = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let content = line.trim_matches([' ', '\t']);
        if content.is_empty() {
            state.end_sentence(parsed);
        } else if content.starts_with(DOCSTART) {
            state.end_document(parsed);
        } else {
            state.token(content, number, parsed);
        }
    }
    state.end_document(parsed);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(source: &str, per_doc: usize) -> Parsed {
        let mut parsed = Parsed::default();
        read(
            Path::new("data/msra train.txt"),
            source,
            per_doc,
            &mut parsed,
        );
        parsed
    }

    fn spans(doc: &ImportDoc) -> Vec<(usize, usize, &str)> {
        doc.spans
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str()))
            .collect()
    }

    #[test]
    fn schemes_are_told_apart() {
        assert_eq!(Scheme::detect("a B-X\nb I-X\n"), Scheme::Iob2);
        assert_eq!(Scheme::detect("a B-X\nb E-X\n"), Scheme::Iobes);
        assert_eq!(Scheme::detect("a S-X\n"), Scheme::Iobes);
        assert_eq!(Scheme::detect("a B-X\nb M-X\nc E-X\n"), Scheme::Bmes);
        assert_eq!(parse_tag("O"), Some(Tag::Outside));
        assert_eq!(parse_tag("M-LOC"), Some(Tag::Inside("LOC")));
        assert_eq!(parse_tag("B-"), None);
        assert_eq!(parse_tag("X-LOC"), None);
        assert_eq!(parse_tag("o"), None);
    }

    #[test]
    fn sentences_join_with_line_breaks_and_ids_count() {
        let parsed = read_str(
            "中 B-LOC\n国 I-LOC\n\n人 O\n\n-DOCSTART- -X- O O\n\n好 B-PER\n",
            0,
        );
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.docs.len(), 2);
        assert_eq!(parsed.docs[0].id, "msra_train-00001");
        assert_eq!(parsed.docs[0].text.as_str(), "中国\n人");
        assert_eq!(spans(&parsed.docs[0]), [(0, 2, "LOC")]);
        assert_eq!(parsed.docs[1].id, "msra_train-00002");
        assert_eq!(spans(&parsed.docs[1]), [(0, 1, "PER")]);
        assert_eq!(parsed.docs[1].origin.line, Some(8));
    }

    #[test]
    fn sentences_per_doc_splits_a_file_without_docstart() {
        let parsed = read_str("a O\n\nb O\n\nc O\n", 2);
        let texts: Vec<&str> = parsed.docs.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["a\nb", "c"]);
        assert_eq!(read_str("a O\n\nb O\n\nc O\n", 0).docs.len(), 1);
    }

    #[test]
    fn an_unended_begin_is_reported_only_where_the_scheme_has_ends() {
        let parsed = read_str("a B-X\nb I-X\nc O\n", 0);
        assert!(parsed.problems.is_empty());
        assert_eq!(spans(&parsed.docs[0]), [(0, 2, "X")]);
        let parsed = read_str("a B-X\nb I-X\nc O\nd S-Y\n", 0);
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
        assert_eq!(parsed.problems[0].at.line, Some(1));
        assert_eq!(spans(&parsed.docs[0]), [(0, 2, "X"), (3, 4, "Y")]);
    }

    #[test]
    fn a_run_without_its_begin_is_reported_once() {
        let parsed = read_str("a O\nb I-X\nc I-X\nd O\ne I-Y\n", 0);
        let lines: Vec<Option<usize>> = parsed.problems.iter().map(|p| p.at.line).collect();
        assert_eq!(lines, [Some(2), Some(5)], "{:?}", parsed.problems);
        assert!(parsed.problems[0].message.contains("through line 3"));
        assert_eq!(parsed.docs[0].text.as_str(), "abcde");
        assert!(parsed.docs[0].spans.is_empty());
    }

    #[test]
    fn unsafe_stems_become_safe_ids() {
        assert_eq!(id_stem(Path::new("a/.hidden.conll")), "hidden");
        assert_eq!(id_stem(Path::new("x/y z.txt")), "y_z");
        assert_eq!(id_stem(Path::new("..")), "conll");
    }
}
