//! Export then import gives identical annotation files, for every format that can hold the data (jsonl,
//! label-studio, brat; doccano without notes, which it has no place for), through the real command line. The
//! fixture has astral characters before and inside spans, CRLF, a span across a line break, nested and crossing
//! spans, notes with tabs, newlines and backslashes, links between spans (one with a note), a subfolder, and a
//! document with no annotation file. Label Studio has no place for a link's note, doccano none for notes, and
//! doccano's sequence-labeling lines none for links (its relation lines, `--relations`, have them).

mod corpus_support;

use corpus_support::{fixture, read_tree, spantag};

/// Exports `format` from the fixture, imports it into a new workspace with `import_args`, and returns the new
/// workspace's folder.
fn round_trip(
    format: &str,
    out_name: &str,
    import_args: &[&str],
) -> (tempfile::TempDir, tempfile::TempDir) {
    let (source, _) = fixture();
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join(out_name);
    let out = out.to_str().unwrap();
    let exported = spantag(&[
        "export",
        "--format",
        format,
        "--out",
        out,
        source.path().to_str().unwrap(),
    ]);
    assert_eq!(
        exported.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&exported.stderr)
    );
    let target = scratch.path().join("imported");
    let mut args = vec![
        "import",
        "--format",
        format,
        out,
        "--into",
        target.to_str().unwrap(),
    ];
    args.extend_from_slice(import_args);
    let imported = spantag(&args);
    assert_eq!(
        imported.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&imported.stdout),
        String::from_utf8_lossy(&imported.stderr)
    );
    (source, scratch)
}

/// The texts and annotation files of both workspaces, which must be byte for byte the same.
/// What a format cannot hold, taken out of the expected files.
#[derive(Clone, Copy, PartialEq)]
enum Lacks {
    Nothing,
    RelationNotes,
    Notes,
    NotesAndRelations,
}

fn assert_same_workspace(source: &std::path::Path, imported: &std::path::Path, lacks: Lacks) {
    let expected = read_tree(source);
    let mut actual = read_tree(imported);
    // The source has no spantag.ron; the new workspace declares the labels the import found, which are the
    // guidelines' three here, with their colours and hotkeys.
    let config = actual
        .remove("spantag.ron")
        .expect("an import into a new workspace writes spantag.ron");
    let config: spantag::schema::WorkspaceConfig =
        ron::from_str(std::str::from_utf8(&config).unwrap()).unwrap();
    assert_eq!(config.schema, spantag::schema::Schema::default());
    if let Some(untouched) = actual.remove("annotations/alice/sub/b.ron") {
        // Only when the format cannot say that b.txt was never annotated and the import named a status.
        let file = spantag::store::parse_annotation_file(
            "b.ron".as_ref(),
            std::str::from_utf8(&untouched).unwrap(),
        );
        assert!(file.unwrap().spans.is_empty());
    }
    let names = |tree: &std::collections::BTreeMap<String, Vec<u8>>| {
        tree.keys().cloned().collect::<Vec<_>>()
    };
    assert_eq!(names(&actual), names(&expected));
    for (name, bytes) in &expected {
        let mut expected_text = String::from_utf8(bytes.clone()).unwrap();
        if lacks != Lacks::Nothing && name.ends_with(".ron") {
            let mut file =
                spantag::store::parse_annotation_file(name.as_ref(), &expected_text).unwrap();
            if matches!(lacks, Lacks::Notes | Lacks::NotesAndRelations) {
                file.spans.iter_mut().for_each(|s| s.note = None);
            }
            file.relations.iter_mut().for_each(|r| r.note = None);
            if lacks == Lacks::NotesAndRelations {
                file.relations.clear();
            }
            expected_text = spantag::store::to_ron(&file).unwrap();
        }
        assert_eq!(
            String::from_utf8_lossy(&actual[name]),
            expected_text,
            "{name} differs"
        );
    }
}

#[test]
fn jsonl_round_trips() {
    let (source, scratch) = round_trip("jsonl", "corpus.jsonl", &[]);
    assert_same_workspace(
        source.path(),
        &scratch.path().join("imported"),
        Lacks::Nothing,
    );
}

#[test]
fn label_studio_round_trips() {
    let (source, scratch) = round_trip("label-studio", "ls/tasks.json", &[]);
    assert_same_workspace(
        source.path(),
        &scratch.path().join("imported"),
        Lacks::RelationNotes,
    );
}

#[test]
fn brat_round_trips() {
    // brat records neither annotator nor status: the import names them.
    let (source, scratch) = round_trip(
        "brat",
        "brat",
        &["--annotator", "alice", "--status", "done"],
    );
    assert_same_workspace(
        source.path(),
        &scratch.path().join("imported"),
        Lacks::Nothing,
    );
}

#[test]
fn doccano_round_trips_in_both_offset_units() {
    let (source, scratch) = round_trip("doccano", "doccano.jsonl", &[]);
    assert_same_workspace(
        source.path(),
        &scratch.path().join("imported"),
        Lacks::NotesAndRelations,
    );

    let (source, _) = fixture();
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("cp.jsonl");
    let target = scratch.path().join("imported");
    let (out, target) = (out.to_str().unwrap(), target.to_str().unwrap());
    let src = source.path().to_str().unwrap();
    let exported = spantag(&[
        "export",
        "--format",
        "doccano",
        "--offsets",
        "codepoint",
        "--out",
        out,
        src,
    ]);
    assert_eq!(exported.status.code(), Some(0));
    let args = [
        "import",
        "--format",
        "doccano",
        "--offsets",
        "codepoint",
        out,
        "--into",
        target,
    ];
    let imported = spantag(&args);
    assert_eq!(
        imported.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&imported.stdout)
    );
    assert_same_workspace(
        source.path(),
        std::path::Path::new(target),
        Lacks::NotesAndRelations,
    );
}

#[test]
fn doccano_relation_lines_round_trip_links() {
    let (source, _) = fixture();
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("rel.jsonl");
    let target = scratch.path().join("imported");
    let (out, target) = (out.to_str().unwrap(), target.to_str().unwrap());
    let exported = spantag(&[
        "export",
        "--format",
        "doccano",
        "--relations",
        "--out",
        out,
        source.path().to_str().unwrap(),
    ]);
    assert_eq!(exported.status.code(), Some(0));
    let line = std::fs::read_to_string(out).unwrap();
    let first: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert!(first["entities"][0]["start_offset"].is_number(), "{first}");
    assert_eq!(
        first["relations"].as_array().map(Vec::len),
        Some(3),
        "{first}"
    );
    assert!(first["relations"][0]["from_id"].is_number(), "{first}");
    let imported = spantag(&["import", "--format", "doccano", out, "--into", target]);
    assert_eq!(
        imported.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&imported.stdout)
    );
    assert_same_workspace(source.path(), std::path::Path::new(target), Lacks::Notes);
}

#[test]
fn importing_the_same_export_twice_changes_nothing() {
    let (source, scratch) = round_trip("jsonl", "corpus.jsonl", &[]);
    let out = scratch.path().join("corpus.jsonl");
    let target = scratch.path().join("imported");
    let again = spantag(&[
        "import",
        "--format",
        "jsonl",
        out.to_str().unwrap(),
        "--into",
        target.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(
        stdout.contains("0 annotation files written, 1 unchanged"),
        "{stdout}"
    );
    assert_same_workspace(source.path(), &target, Lacks::Nothing);
}
