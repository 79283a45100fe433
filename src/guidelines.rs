//! The annotation guidelines as the help window shows them: the workspace's own `guidelines.md` when it has one,
//! else the bundled copy, read from Markdown (pulldown-cmark) into headings, paragraphs and list items made of
//! plain, bold and code runs. Lines wrapped in the source are joined (with no space between Chinese
//! characters), so the window wraps text to its own width; HTML comments (notes for whoever edits the file) are
//! left out.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The guidelines shipped with spantag (`assets/guidelines.md`).
pub const BUNDLED: &str = include_str!("../assets/guidelines.md");

/// The file name a workspace uses for its own guidelines, at its root.
pub const WORKSPACE_FILE: &str = "guidelines.md";

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Bold (`**…**`).
    pub bold: bool,
    /// Code or a literal (`` `…` ``).
    pub code: bool,
}

/// A block of the guidelines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading; level 1 is the title.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Its text.
        text: String,
    },
    /// A paragraph, its source lines joined.
    Paragraph(Vec<Run>),
    /// A list item (nested items are flattened, with their depth).
    Item {
        /// 0 for a top-level item.
        depth: usize,
        /// Its text.
        runs: Vec<Run>,
    },
}

/// The guidelines a workspace shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The Markdown text.
    pub text: String,
    /// The workspace's file it came from; `None` for the bundled copy.
    pub source: Option<PathBuf>,
    /// Why the workspace's own file could not be used (then the bundled copy is shown), naming the file.
    pub problem: Option<String>,
}

/// The guidelines to show for a workspace: its own `guidelines.md` if it has one, else the bundled text. A
/// file that is there but cannot be read (not UTF-8, unreadable) is said, never passed over in silence.
pub fn for_workspace(root: Option<&Path>) -> Found {
    let bundled = |problem| Found {
        text: BUNDLED.to_owned(),
        source: None,
        problem,
    };
    let Some(path) = root.map(|r| r.join(WORKSPACE_FILE)) else {
        return bundled(None);
    };
    match std::fs::read(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bundled(None),
        Err(e) => bundled(Some(format!("{}: cannot read it ({e})", path.display()))),
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Found {
                text,
                source: Some(path),
                problem: None,
            },
            Err(e) => bundled(Some(format!(
                "{}: not UTF-8 text (byte {} is not valid); save it as UTF-8",
                path.display(),
                e.utf8_error().valid_up_to()
            ))),
        },
    }
}

/// Reads Markdown into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut runs: Vec<Run> = Vec::new();
    let (mut bold, mut depth) = (0usize, 0usize);
    let mut heading: Option<u8> = None;
    let mut in_item = false;
    let flush =
        |runs: &mut Vec<Run>, blocks: &mut Vec<Block>, heading: Option<u8>, item: Option<usize>| {
            if runs.iter().all(|r| r.text.trim().is_empty()) {
                runs.clear();
                return;
            }
            let taken = std::mem::take(runs);
            blocks.push(match (heading, item) {
                (Some(level), _) => Block::Heading {
                    level,
                    text: taken.into_iter().map(|r| r.text).collect(),
                },
                (None, Some(depth)) => Block::Item { depth, runs: taken },
                (None, None) => Block::Paragraph(taken),
            });
        };
    for event in Parser::new_ext(markdown, Options::empty()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some(level as u8),
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut runs, &mut blocks, heading, None);
                heading = None;
            }
            Event::Start(Tag::List(_)) => {
                if in_item {
                    flush(&mut runs, &mut blocks, None, Some(depth.saturating_sub(1)));
                }
                depth += 1;
            }
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Item) => in_item = true,
            Event::End(TagEnd::Item) => {
                flush(&mut runs, &mut blocks, None, Some(depth.saturating_sub(1)));
                in_item = depth > 1;
            }
            Event::End(TagEnd::Paragraph) if !in_item => {
                flush(&mut runs, &mut blocks, None, None);
            }
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Text(text) => push(&mut runs, &text, bold > 0, false),
            Event::Code(text) => push(&mut runs, &text, bold > 0, true),
            Event::SoftBreak | Event::HardBreak => {
                let before = runs.last().and_then(|r| r.text.chars().last());
                // Whether a space goes in is decided when the next text comes: mark the break.
                if before.is_some_and(|c| !is_cjk(c)) {
                    push(&mut runs, "\u{0}", bold > 0, false);
                }
            }
            // HTML (comments for editors of the file) and rules are not for analysts.
            _ => {}
        }
    }
    flush(&mut runs, &mut blocks, None, None);
    for block in &mut blocks {
        if let Block::Paragraph(runs) | Block::Item { runs, .. } = block {
            settle_breaks(runs);
        }
    }
    blocks
}

fn push(runs: &mut Vec<Run>, text: &str, bold: bool, code: bool) {
    match runs.last_mut() {
        Some(last) if last.bold == bold && last.code == code => last.text.push_str(text),
        _ => runs.push(Run {
            text: text.to_owned(),
            bold,
            code,
        }),
    }
}

/// Turns the break marks into a space, or nothing where the next character is Chinese.
fn settle_breaks(runs: &mut Vec<Run>) {
    let flat: Vec<(usize, char)> = runs
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.text.chars().map(move |c| (i, c)))
        .collect();
    let mut out: Vec<String> = vec![String::new(); runs.len()];
    for (k, &(i, c)) in flat.iter().enumerate() {
        if c == '\u{0}' {
            let next = flat[k + 1..]
                .iter()
                .map(|&(_, c)| c)
                .find(|&c| c != '\u{0}');
            if next.is_some_and(|c| !is_cjk(c)) {
                out[i].push(' ');
            }
        } else {
            out[i].push(c);
        }
    }
    for (run, text) in runs.iter_mut().zip(out) {
        run.text = text;
    }
    runs.retain(|r| !r.text.is_empty());
}

/// Chinese characters and full-width punctuation, between which a line break is no space.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
        || matches!(c, '“' | '”' | '‘' | '’')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(runs: &[Run]) -> String {
        runs.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn wrapped_lines_join_without_a_space_between_chinese_and_with_one_between_words() {
        let blocks = parse("A span that is\nwrapped here. 贫困发生率\n降至0.68%\n");
        let [Block::Paragraph(runs)] = blocks.as_slice() else {
            panic!("{blocks:?}");
        };
        assert_eq!(
            text(runs),
            "A span that is wrapped here. 贫困发生率降至0.68%"
        );
    }

    #[test]
    fn headings_items_bold_and_code_are_kept_and_comments_dropped() {
        let md = "# Title\n\n<!-- for whoever edits this file -->\n\n## Figure (数据)\nTag **the number and\nits unit**.\n- 8260户, `0.68%`\n  - nested\n- 90%以上\n";
        let blocks = parse(md);
        assert_eq!(
            blocks[0],
            Block::Heading {
                level: 1,
                text: "Title".into()
            }
        );
        assert_eq!(
            blocks[1],
            Block::Heading {
                level: 2,
                text: "Figure (数据)".into()
            }
        );
        let Block::Paragraph(runs) = &blocks[2] else {
            panic!("{blocks:?}");
        };
        assert_eq!(text(runs), "Tag the number and its unit.");
        assert!(
            runs.iter()
                .any(|r| r.bold && r.text == "the number and its unit")
        );
        assert!(
            matches!(&blocks[3], Block::Item { depth: 0, runs } if runs.iter().any(|r| r.code && r.text == "0.68%"))
        );
        assert!(matches!(&blocks[4], Block::Item { depth: 1, runs } if text(runs) == "nested"));
        assert!(matches!(&blocks[5], Block::Item { depth: 0, runs } if text(runs) == "90%以上"));
        assert_eq!(blocks.len(), 6);
        assert!(!format!("{blocks:?}").contains("whoever"));
    }

    #[test]
    fn a_workspace_guidelines_file_wins_over_the_bundled_one() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(for_workspace(Some(dir.path())).source, None);
        std::fs::write(dir.path().join(WORKSPACE_FILE), "# Ours\n").unwrap();
        let found = for_workspace(Some(dir.path()));
        assert_eq!(found.text, "# Ours\n");
        assert_eq!(found.source, Some(dir.path().join(WORKSPACE_FILE)));
        assert_eq!(found.problem, None);
        // A file that is not UTF-8: the bundled copy, and the reason, naming the file.
        std::fs::write(dir.path().join(WORKSPACE_FILE), b"# \xff\xfe\n").unwrap();
        let found = for_workspace(Some(dir.path()));
        assert_eq!((found.text.as_str(), found.source), (BUNDLED, None));
        let problem = found.problem.unwrap();
        assert!(
            problem.contains(WORKSPACE_FILE) && problem.contains("not UTF-8"),
            "{problem}"
        );
    }

    #[test]
    fn the_bundled_guidelines_have_no_notes_for_developers() {
        let all: String = parse(BUNDLED).iter().map(|b| format!("{b:?}")).collect();
        for phrase in ["The app should", "seeds/", "default\nlabel schema"] {
            assert!(!all.contains(phrase), "{phrase:?} is a note for developers");
        }
        assert!(all.contains("降至0.68%"));
        // What is not a label is a paragraph of its own, not the end of the last example.
        let blocks = parse(BUNDLED);
        assert!(blocks.iter().any(
            |b| matches!(b, Block::Paragraph(runs) if text(runs).starts_with("Not a measure:"))
        ));
    }
}
