//! `spantag import --format conll`: character-per-line data sets in IOB2, IOBES and BMES (astral characters,
//! CRLF), malformed lines reported by line with the rest imported, `spantag.ron` written with the labels found
//! (or the labels a written schema lacks reported), `--sentences-per-doc`, and a round trip from the CoNLL
//! export.

mod corpus_support;

use std::path::Path;

use corpus_support::{fixture, spantag};
use spantag::store::{Workspace, parse_annotation_file};

/// Runs `spantag import --format conll INPUT --into WS --annotator gold EXTRA...`: exit code, stdout, stderr.
fn import(input: &Path, into: &Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let mut args = vec![
        "import",
        "--format",
        "conll",
        input.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
        "--annotator",
        "gold",
    ];
    args.extend_from_slice(extra);
    let out = spantag(&args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The text and the (label, text) of every span of a document imported by gold.
fn document(root: &Path, id: &str) -> (String, Vec<(String, String)>) {
    let text = std::fs::read_to_string(root.join(format!("{id}.txt"))).unwrap();
    let path = root.join(format!("annotations/gold/{id}.ron"));
    let spans = match std::fs::read_to_string(&path) {
        Ok(source) => parse_annotation_file(&path, &source)
            .unwrap()
            .spans
            .into_iter()
            .map(|s| (s.label.to_string(), s.text.to_string()))
            .collect(),
        Err(_) => Vec::new(),
    };
    (text, spans)
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(l, t)| ((*l).to_owned(), (*t).to_owned()))
        .collect()
}

/// The same two sentences (an astral 𠮷 in a person's name) in each scheme, CRLF line ends in one.
#[test]
fn every_scheme_gives_the_same_spans() {
    let iob2 = "𠮷 B-PER\n野 I-PER\n家 I-PER\n在 O\n北 B-LOC\n京 I-LOC\n\n人 B-PER\n";
    let iobes = "𠮷 B-PER\n野 I-PER\n家 E-PER\n在 O\n北 B-LOC\n京 E-LOC\n\n人 S-PER\n";
    let bmes = "𠮷\tB-PER\n野\tM-PER\n家\tE-PER\n在\tO\n北\tB-LOC\n京\tE-LOC\n\n人\tS-PER\n";
    let crlf = iobes.replace('\n', "\r\n");
    for (name, source) in [
        ("iob2", iob2.to_owned()),
        ("iobes", iobes.to_owned()),
        ("bmes", bmes.to_owned()),
        ("crlf", crlf),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join(format!("{name}.txt"));
        std::fs::write(&input, source).unwrap();
        let ws = dir.path().join("ws");
        let (code, stdout, stderr) = import(&input, &ws, &[]);
        assert_eq!(code, Some(0), "{name}: {stdout}{stderr}");
        let (text, spans) = document(&ws, &format!("{name}-00001"));
        assert_eq!(text, "𠮷野家在北京\n人", "{name}");
        assert_eq!(
            spans,
            pairs(&[("PER", "𠮷野家"), ("LOC", "北京"), ("PER", "人")]),
            "{name}"
        );
        // Offsets are code points: 𠮷 counts one.
        let path = ws.join(format!("annotations/gold/{name}-00001.ron"));
        let file = parse_annotation_file(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
        let offsets: Vec<(usize, usize)> = file.spans.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(offsets, [(0, 3), (4, 6), (7, 8)], "{name}");
    }
}

#[test]
fn malformed_lines_are_reported_by_line_and_the_rest_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.conll");
    let lines = [
        "-DOCSTART- -X- O O", // 1
        "",                   // 2
        "中 B-ORG",           // 3
        "心 I-ORG",           // 4
        "在 O",               // 5
        "城 I-LOC",           // 6: inside without its begin
        "里 I-LOC",           // 7: the same run
        "有 O x",             // 8: three columns
        "人 Q-PER",           // 9: unknown shape
        "们",                 // 10: one column
        "好 B-PER",           // 11
        "",                   // 12
    ];
    std::fs::write(&input, lines.join("\n")).unwrap();
    let ws = dir.path().join("ws");
    let (code, stdout, stderr) = import(&input, &ws, &[]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let at = |line: usize| format!("{}:{line}: ", input.display());
    for (line, message) in [
        (6, "I-LOC without its begin"),
        (8, "expected two columns"),
        (9, "tag \"Q-PER\""),
        (10, "found 1"),
    ] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&at(line)) && l.contains(message)),
            "no {message:?} at line {line}: {stdout}"
        );
    }
    assert!(!stdout.contains(&at(7)), "one report for the run: {stdout}");
    assert!(stderr.contains("4 problems"), "{stderr}");
    let (text, spans) = document(&ws, "bad-00001");
    assert_eq!(text, "中心在城里有人们好", "every character is kept");
    assert_eq!(spans, pairs(&[("ORG", "中心"), ("PER", "好")]));
}

#[test]
fn a_new_workspace_gets_a_schema_of_the_labels_found() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("msra_train.txt");
    std::fs::write(
        &input,
        "北 B-LOC\n京 I-LOC\n人 B-PER\n\n微 B-ORG\n软 I-ORG\n",
    )
    .unwrap();
    let ws = dir.path().join("ws");
    let (code, stdout, stderr) = import(&input, &ws, &[]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("declaring 3 labels: LOC, ORG, PER"),
        "{stdout}"
    );
    let workspace = Workspace::open(&ws).expect("the written spantag.ron reads");
    let names: Vec<&str> = workspace.schema().names().collect();
    assert_eq!(names, ["LOC", "ORG", "PER"]);
    let keys: Vec<Option<char>> = workspace.schema().labels.iter().map(|l| l.hotkey).collect();
    assert_eq!(keys, [Some('1'), Some('2'), Some('3')]);
    let first = std::fs::read(ws.join("spantag.ron")).unwrap();
    let (_, spans) = document(&ws, "msra_train-00001");
    assert_eq!(
        spans,
        pairs(&[("LOC", "北京"), ("PER", "人"), ("ORG", "微软")])
    );

    // The same data again, into another new workspace: the same bytes.
    let again = dir.path().join("again");
    assert_eq!(import(&input, &again, &[]).0, Some(0));
    assert_eq!(std::fs::read(again.join("spantag.ron")).unwrap(), first);

    // A workspace with a spantag.ron keeps it; labels it lacks are reported, the rest imported.
    let other = dir.path().join("other.txt");
    std::fs::write(&other, "上 B-LOC\n海 I-LOC\n有 O\n张 B-GPE\n").unwrap();
    let (code, stdout, _) = import(&other, &ws, &[]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("label \"GPE\" is not in the workspace's schema"),
        "{stdout}"
    );
    assert_eq!(std::fs::read(ws.join("spantag.ron")).unwrap(), first);
    assert_eq!(document(&ws, "other-00001").1, pairs(&[("LOC", "上海")]));
}

/// Into an existing folder without `spantag.ron`, whose files may use the guidelines' labels: those stay
/// declared and the new ones come after them.
#[test]
fn an_existing_workspace_keeps_the_guidelines_labels() {
    let (source, _) = fixture();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ner.txt");
    std::fs::write(&input, "北 B-LOC\n京 I-LOC\n").unwrap();
    let (code, stdout, stderr) = import(&input, source.path(), &[]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let workspace = Workspace::open(source.path()).unwrap();
    let names: Vec<&str> = workspace.schema().names().collect();
    assert_eq!(names, ["Measure", "Figure", "Outcome", "LOC"]);
    assert_eq!(workspace.schema().labels[3].hotkey, Some('4'));
    let out = spantag(&["validate", source.path().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn sentences_per_doc_splits_a_file_without_docstart() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("s.txt");
    let sentences: Vec<String> = (0..5).map(|i| format!("{i} O\n句 S-X\n")).collect();
    std::fs::write(&input, sentences.join("\n")).unwrap();
    let ws = dir.path().join("ws");
    let (code, stdout, stderr) = import(&input, &ws, &["--sentences-per-doc", "2"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let docs = Workspace::open(&ws).unwrap().documents().to_vec();
    assert_eq!(docs, ["s-00001.txt", "s-00002.txt", "s-00003.txt"]);
    assert_eq!(document(&ws, "s-00002").0, "2句\n3句");
    assert_eq!(document(&ws, "s-00003").1, pairs(&[("X", "句")]));

    let whole = dir.path().join("whole");
    assert_eq!(import(&input, &whole, &[]).0, Some(0));
    assert_eq!(
        Workspace::open(&whole).unwrap().documents(),
        ["s-00001.txt"]
    );

    let out = spantag(&[
        "import",
        "--format",
        "jsonl",
        input.to_str().unwrap(),
        "--into",
        dir.path().join("x").to_str().unwrap(),
        "--sentences-per-doc",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--sentences-per-doc is for --format conll")
    );
}

/// The fixture (astral characters, CRLF, nested spans) exported as CoNLL and imported again: the spans of the
/// kept layer come back with the same labels and texts.
#[test]
fn the_conll_export_round_trips() {
    let (source, file) = fixture();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus.conll");
    let exported = spantag(&[
        "export",
        "--format",
        "conll",
        "--layer",
        "inner",
        "--out",
        out.to_str().unwrap(),
        source.path().to_str().unwrap(),
    ]);
    assert_eq!(exported.status.code(), Some(0));
    let ws = dir.path().join("ws");
    let (code, stdout, stderr) = import(&out, &ws, &[]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    // Two documents (r.txt and sub/b.txt), in export order; the inner layer: every span nested in no other.
    let docs = Workspace::open(&ws).unwrap().documents().to_vec();
    assert_eq!(docs, ["corpus-00001.txt", "corpus-00002.txt"]);
    let (_, imported) = document(&ws, "corpus-00001");
    let expected: Vec<(String, String)> = file
        .spans
        .iter()
        .filter(|s| {
            !file
                .spans
                .iter()
                .any(|o| o != *s && o.start >= s.start && o.end <= s.end)
        })
        .map(|s| (s.label.to_string(), s.text.to_string()))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(imported, expected);
}
