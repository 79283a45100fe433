//! No two files of `src/` import each other, directly or through others.
//!
//! A circle between files means neither can be read, tested or replaced alone (the corpus reader vocabulary and
//! the format files, `merge` and `merge3` once were such circles). This test reads every `use` line of `src/`,
//! resolves each path to the file that defines the module it names, and fails naming the files of any circle.
//!
//! Re-exports (`pub use`) in a `mod.rs` or `lib.rs` are a folder's facade, not a dependency of its code, and are
//! left out; everything else counts, `super::` paths included, and so do paths written inline in the code
//! (`super::label_panel::show(..)`, `crate::figures::Table`) outside the file's test module.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A module path from the crate root, e.g. `["corpus", "jsonl"]`; the root is empty.
type ModPath = Vec<String>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file defines: `src/corpus/mod.rs` and `src/corpus.rs` are `corpus`, `src/lib.rs` the root.
fn module_of(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).expect("a file under src/");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The text with comments and string literals blanked, so a `use` inside either is not read.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

/// One `use` statement: whether it is a re-export, whether it sits inside an inline module (indented), and its
/// tree text (`crate::{a, b::c}`).
struct UseLine {
    public: bool,
    nested: bool,
    tree: String,
}

fn use_lines(code: &str) -> Vec<UseLine> {
    let mut found = Vec::new();
    let lines: Vec<&str> = code.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let nested = trimmed.len() != line.len();
        let (public, rest) = if let Some(rest) = trimmed.strip_prefix("pub use ") {
            (true, rest)
        } else if let Some(rest) = trimmed.strip_prefix("pub(crate) use ") {
            (true, rest)
        } else if let Some(rest) = trimmed.strip_prefix("use ") {
            (false, rest)
        } else {
            i += 1;
            continue;
        };
        let mut tree = rest.to_string();
        while !tree.contains(';') && i + 1 < lines.len() {
            i += 1;
            tree.push_str(lines[i].trim());
        }
        let tree = tree.split(';').next().unwrap_or_default().to_string();
        found.push(UseLine {
            public,
            nested,
            tree,
        });
        i += 1;
    }
    found
}

/// The `crate::…` and `super::…` paths written in code lines (not `use` lines), as segments: only segments that
/// are followed by `::` count, since the last one names an item, not a module.
fn inline_paths(code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for line in code.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("use ")
            || trimmed.starts_with("pub use ")
            || trimmed.starts_with("pub(crate) use ")
        {
            continue;
        }
        for start in ["crate::", "super::"] {
            let mut rest = line;
            while let Some(at) = rest.find(start) {
                let before = rest[..at].chars().next_back();
                rest = &rest[at..];
                let len = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .unwrap_or(rest.len());
                let segs: Vec<String> = rest[..len].split("::").map(str::to_string).collect();
                rest = &rest[len..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                // `super::super::x` is left to the use-line reader; one level is what inline code uses.
                if segs.len() > 2 && segs[1] != "super" && !segs[1].is_empty() {
                    found.push(segs[..segs.len() - 1].to_vec());
                }
            }
        }
    }
    found
}

/// Every full path a use tree names: `a::{b, c::{d, e}}` gives `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<Vec<String>> {
    fn split_top(list: &str) -> Vec<&str> {
        let mut parts = Vec::new();
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in list.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&list[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&list[start..]);
        parts
    }
    // Renames (`a::B as C`) name the same path; drop them before the spaces go.
    let words: Vec<&str> = tree.split_whitespace().collect();
    let mut kept = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if words[i] == "as" {
            // Keep any punctuation glued after the new name (`C,` or `C}`).
            let after = words.get(i + 1).copied().unwrap_or_default();
            kept.push(after.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_'));
            i += 2;
        } else {
            kept.push(words[i]);
            i += 1;
        }
    }
    let tree: String = kept.concat();
    let mut out = Vec::new();
    match tree.find('{') {
        None => {
            let segs: Vec<String> = tree
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if !segs.is_empty() {
                out.push(segs);
            }
        }
        Some(open) => {
            let prefix: Vec<String> = tree[..open]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            for part in split_top(inner) {
                if part.is_empty() {
                    continue;
                }
                for rest in expand(part) {
                    let mut full = prefix.clone();
                    full.extend(rest.into_iter().filter(|s| s != "self"));
                    out.push(full);
                }
            }
        }
    }
    out
}

/// The longest prefix of `path` that is a module with its own file.
fn resolve(path: &[String], files: &BTreeMap<ModPath, PathBuf>) -> Option<ModPath> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| files.contains_key(prefix))
}

fn import_graph(src: &Path) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let mut paths = Vec::new();
    rust_files(src, &mut paths);
    let files: BTreeMap<ModPath, PathBuf> = paths
        .iter()
        .filter(|p| !p.ends_with("main.rs"))
        .map(|p| (module_of(src, p), p.clone()))
        .collect();
    let mut graph: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for (module, path) in &files {
        let is_facade = path.ends_with("mod.rs") || path.ends_with("lib.rs");
        let text = fs::read_to_string(path).expect("a readable source file");
        let edges = graph.entry(module.clone()).or_default();
        let code = code_only(&text);
        // Paths written inline, outside `use` lines and the test module: `crate::a::b` and `super::a::b`.
        let body = code.split("#[cfg(test)]").next().unwrap_or_default();
        for path in inline_paths(body) {
            let absolute: Vec<String> = if path[0] == "crate" {
                path[1..].to_vec()
            } else {
                let mut base = module.clone();
                base.pop();
                base.extend(path[1..].iter().cloned());
                base
            };
            if let Some(target) = resolve(&absolute, &files)
                && &target != module
                && !target.is_empty()
            {
                edges.insert(target);
            }
        }
        for line in use_lines(&code) {
            if line.public && is_facade {
                continue;
            }
            for segs in expand(&line.tree) {
                let absolute: Vec<String> = match segs.first().map(String::as_str) {
                    Some("crate") => segs[1..].to_vec(),
                    Some("super") => {
                        // `super` inside an inline module (an indented `use`) is this file's own module.
                        let mut base = module.clone();
                        let mut rest = &segs[..];
                        if !line.nested {
                            base.pop();
                        }
                        rest = &rest[1..];
                        while rest.first().is_some_and(|s| s == "super") {
                            base.pop();
                            rest = &rest[1..];
                        }
                        base.extend(rest.iter().cloned());
                        base
                    }
                    Some("self") => {
                        let mut base = module.clone();
                        base.extend(segs[1..].iter().cloned());
                        base
                    }
                    // A child module of a facade file named directly (`use import::X` in corpus/mod.rs).
                    Some(first)
                        if is_facade
                            && files.contains_key(
                                &[module.clone(), vec![first.to_string()]].concat(),
                            ) =>
                    {
                        let mut base = module.clone();
                        base.extend(segs.iter().cloned());
                        base
                    }
                    _ => continue,
                };
                if let Some(target) = resolve(&absolute, &files)
                    && &target != module
                    && !target.is_empty()
                {
                    edges.insert(target);
                }
            }
        }
    }
    graph
}

/// Strongly connected components with more than one file (Tarjan's algorithm).
fn circles(graph: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<Vec<ModPath>> {
    struct Walk<'g> {
        graph: &'g BTreeMap<ModPath, BTreeSet<ModPath>>,
        index: BTreeMap<&'g ModPath, usize>,
        low: BTreeMap<&'g ModPath, usize>,
        stack: Vec<&'g ModPath>,
        on_stack: BTreeSet<&'g ModPath>,
        found: Vec<Vec<ModPath>>,
    }
    impl<'g> Walk<'g> {
        fn visit(&mut self, node: &'g ModPath) {
            let n = self.index.len();
            self.index.insert(node, n);
            self.low.insert(node, n);
            self.stack.push(node);
            self.on_stack.insert(node);
            for next in self.graph.get(node).into_iter().flatten() {
                if !self.graph.contains_key(next) {
                    continue;
                }
                let next = self
                    .graph
                    .get_key_value(next)
                    .map(|(k, _)| k)
                    .unwrap_or(next);
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut component = Vec::new();
                while let Some(top) = self.stack.pop() {
                    self.on_stack.remove(top);
                    component.push(top.clone());
                    if top == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !walk.index.contains_key(node) {
            walk.visit(node);
        }
    }
    walk.found
}

fn show(module: &ModPath) -> String {
    module.join("::")
}

#[test]
fn no_file_of_src_imports_another_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = import_graph(&src);
    let found = circles(&graph);
    let described: Vec<String> = found
        .iter()
        .map(|c| c.iter().map(show).collect::<Vec<_>>().join(" <-> "))
        .collect();
    assert!(
        described.is_empty(),
        "import circles between files of src/:\n{}",
        described.join("\n")
    );
}

#[test]
fn the_checker_sees_a_circle_when_there_is_one() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let src = dir.path();
    fs::create_dir_all(src.join("pair")).expect("a folder");
    fs::write(
        src.join("lib.rs"),
        "pub mod pair;\npub mod alone;\npub mod face;\n",
    )
    .expect("write");
    fs::write(src.join("pair/mod.rs"), "mod a;\nmod b;\npub use a::A;\n").expect("write");
    fs::write(
        src.join("pair/a.rs"),
        "use super::b::{B,\n    Other};\npub struct A;\n",
    )
    .expect("write");
    fs::write(
        src.join("pair/b.rs"),
        "use crate::pair::a::A;\n// use crate::alone;\npub struct B;\n",
    )
    .expect("write");
    fs::write(
        src.join("alone.rs"),
        "use crate::pair::A;\nconst S: &str = \"use crate::pair::b;\";\n",
    )
    .expect("write");
    // A circle made by paths written inline, as `super::panel::show()` in a function body.
    fs::create_dir_all(src.join("face")).expect("a folder");
    fs::write(src.join("face/mod.rs"), "pub mod app;\npub mod panel;\n").expect("write");
    fs::write(
        src.join("face/app.rs"),
        "fn frame() {\n    super::panel::show();\n}\n",
    )
    .expect("write");
    fs::write(
        src.join("face/panel.rs"),
        "pub fn show() {\n    let _ = crate::face::app::frame;\n}\n",
    )
    .expect("write");
    let graph = import_graph(src);
    let found = circles(&graph);
    let pair = |n: &str| vec!["pair".to_string(), n.to_string()];
    let face = |n: &str| vec!["face".to_string(), n.to_string()];
    assert_eq!(
        found,
        vec![vec![face("app"), face("panel")], vec![pair("a"), pair("b")]]
    );
    assert!(graph[&vec!["alone".to_string()]].contains(&vec!["pair".to_string()]));
    assert!(
        !graph[&pair("b")].contains(&vec!["alone".to_string()]),
        "a commented-out use is not read"
    );
}
