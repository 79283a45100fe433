//! The files of `src/corpus/` import each other in one direction only: read from their `use` lines (test modules
//! excluded), the graph of which file imports which has no circle. A child importing a name its parent
//! re-exports (`use super::CorpusError` from a file whose parent is `corpus/mod.rs`) counts as importing the
//! parent, so it closes a circle with the parent's `pub use`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`""` for `corpus/mod.rs`, `formats::jsonl`) -> the source of the file, up to its tests.
fn corpus_files() -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut inner = prefix.to_vec();
                inner.push(name);
                walk(&path, &inner, out);
            } else if let Some(stem) = name.strip_suffix(".rs") {
                let mut module = prefix.to_vec();
                if stem != "mod" {
                    module.push(stem.to_owned());
                }
                let source = std::fs::read_to_string(&path).unwrap();
                let source = source.split("#[cfg(test)]").next().unwrap_or("").to_owned();
                out.insert(module.join("::"), source);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/corpus"),
        &[],
        &mut out,
    );
    out
}

/// `a::{b, c::{d, e}}` -> `a::b`, `a::c::d`, `a::c::e`.
fn flatten(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let (prefix, rest) = (&tree[..open], &tree[open + 1..tree.len() - 1]);
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in rest.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&rest[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&rest[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| flatten(p).into_iter().map(move |q| format!("{prefix}{q}")))
        .collect()
}

/// The corpus modules `module` imports, from its `use` declarations.
fn imports(module: &str, source: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let here: Vec<&str> = module.split("::").filter(|s| !s.is_empty()).collect();
    let mut out = BTreeSet::new();
    for statement in source.split(';') {
        let statement = statement.trim();
        let Some(tree) = statement
            .strip_prefix("pub use ")
            .or_else(|| statement.strip_prefix("use "))
            .or_else(|| statement.rsplit_once("\nuse ").map(|(_, t)| t))
            .or_else(|| statement.rsplit_once("\npub use ").map(|(_, t)| t))
        else {
            continue;
        };
        for path in flatten(tree) {
            let segments: Vec<&str> = path.split("::").collect();
            let (mut base, rest): (Vec<&str>, &[&str]) = match segments.as_slice() {
                ["crate", "corpus", rest @ ..] => (Vec::new(), rest),
                ["super", "super", rest @ ..] => {
                    (here[..here.len().saturating_sub(2)].to_vec(), rest)
                }
                ["super", rest @ ..] => (here[..here.len().saturating_sub(1)].to_vec(), rest),
                ["self", rest @ ..] => (here.clone(), rest),
                _ => continue,
            };
            for segment in rest {
                let mut deeper = base.clone();
                deeper.push(segment);
                if modules.contains(&deeper.join("::")) {
                    base = deeper;
                } else {
                    break;
                }
            }
            let target = base.join("::");
            if target != module {
                out.insert(target);
            }
        }
    }
    out
}

/// A circle in the graph, if there is one.
fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut circle = path[at..].to_vec();
            circle.push(node.to_owned());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_checker_sees_imports_and_circles() {
    let modules: BTreeSet<String> = ["", "types", "formats", "formats::jsonl", "error"]
        .map(str::to_owned)
        .into();
    let found = imports(
        "formats::jsonl",
        "use std::fmt;\nuse super::super::{types::{A, B}, error::E};\nuse crate::corpus::formats::X;",
        &modules,
    );
    assert_eq!(
        found,
        ["error", "formats", "types"].map(str::to_owned).into()
    );
    let mut graph = BTreeMap::new();
    graph.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    graph.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert!(find_circle(&graph).is_some());
    graph.insert("b".to_owned(), BTreeSet::new());
    assert_eq!(find_circle(&graph), None);
}

#[test]
fn corpus_files_import_each_other_without_a_circle() {
    let files = corpus_files();
    let modules: BTreeSet<String> = files.keys().cloned().collect();
    assert!(modules.contains("formats") && modules.contains("types"));
    let graph: BTreeMap<String, BTreeSet<String>> = files
        .iter()
        .map(|(module, source)| (module.clone(), imports(module, source, &modules)))
        .collect();
    // The format files depend on the shared records and the traits, never on the pipelines.
    assert!(graph["formats::jsonl"].contains("types"), "{graph:?}");
    assert!(!graph["formats::jsonl"].contains("import"), "{graph:?}");
    assert_eq!(find_circle(&graph), None, "{graph:#?}");
}
