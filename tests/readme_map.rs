//! The README's "code's map" names every file of `src/`, so a reader finds where a thing lives from it and a new
//! file cannot be added without saying where it belongs.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_code_map_names_every_file_of_src() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md is readable");
    let start = readme
        .find("### The code's map")
        .expect("README has a code's map");
    let map = &readme[start..];
    let map = &map[..map[4..].find("\n#").map_or(map.len(), |end| end + 4)];
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "src/ was read");
    let mut missing = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("under src/");
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        // A folder's `mod.rs` or `lib.rs` is named by its folder / is the crate itself.
        let shown = match name {
            "mod.rs" => format!(
                "`{}/`",
                rel.parent()
                    .and_then(|p| p.file_name())
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
            ),
            "lib.rs" => continue,
            _ => format!("`{name}`"),
        };
        if !map.contains(&shown) {
            missing.push(rel.display().to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "files of src/ the README's code's map does not name: {missing:?}"
    );
}
