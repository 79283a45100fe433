//! What each export format puts in its files, checked the way its consumer reads them: offsets in the format's own
//! unit (code points; UTF-16 for doccano), IOB2 that never starts a span with `I-`, brat's fragments and notes, the
//! CSV's BOM and quoting; and how `spantag export` answers wrong arguments and broken workspaces.

mod corpus_support;

use std::path::Path;

use corpus_support::{REPORT, UNTOUCHED, fixture, span_of, spantag};
use serde_json::Value;
use spantag::figures::{Amount, Decimal, FigureValue, Qualifier};
use spantag::store::Workspace;

/// Exports the fixture in `format` (plus `extra` arguments) to `name` in a scratch folder.
fn export(
    format: &str,
    name: &str,
    extra: &[&str],
) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let (source, _) = fixture();
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join(name);
    let mut args = vec!["export", "--format", format, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.push(source.path().to_str().unwrap());
    let result = spantag(&args);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    (scratch, out, stderr)
}

/// Python's `text[start:end]`.
fn py_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// JavaScript's `text.slice(start, end)`.
fn js_slice(text: &str, start: usize, end: usize) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start..end]).unwrap()
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn jsonl_spans_are_python_slices() {
    let (_s, out, _) = export("jsonl", "c.jsonl", &[]);
    let docs = lines(&out);
    assert_eq!(docs.len(), 2, "every document, annotated or not");
    let (r, b) = (&docs[0], &docs[1]);
    assert_eq!(r["id"], "r.txt");
    assert_eq!(r["text"], REPORT);
    assert_eq!(r["annotator"], "alice");
    assert_eq!(r["status"], "done");
    let spans = r["spans"].as_array().unwrap();
    assert_eq!(spans.len(), 5);
    for span in spans {
        let (start, end) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            py_slice(REPORT, start, end),
            span["text"].as_str().unwrap(),
            "{span}"
        );
    }
    assert!(spans.iter().any(|s| s["note"] == "含\t制表符\n和换行"));
    assert_eq!(b["id"], "sub/b.txt");
    assert_eq!(b["text"], UNTOUCHED);
    assert_eq!(b["spans"], Value::Array(vec![]));
    assert_eq!(b["status"], "todo");
}

#[test]
fn doccano_counts_utf16_by_default_and_code_points_on_request() {
    let (_s, out, stderr) = export("doccano", "d.jsonl", &[]);
    assert!(stderr.contains("2 notes left out"), "{stderr}");
    let r = &lines(&out)[0];
    assert_eq!(r["text"], REPORT);
    let labels = r["label"].as_array().unwrap();
    let figure = labels.iter().find(|l| l[2] == "Figure").unwrap();
    let (s, e) = (
        figure[0].as_u64().unwrap() as usize,
        figure[1].as_u64().unwrap() as usize,
    );
    assert_eq!(js_slice(REPORT, s, e), "0.68%");
    assert_ne!(
        py_slice(REPORT, s, e),
        "0.68%",
        "𠮷 before the span counts 2 in UTF-16"
    );
    for label in labels {
        let (s, e) = (
            label[0].as_u64().unwrap() as usize,
            label[1].as_u64().unwrap() as usize,
        );
        assert!(!js_slice(REPORT, s, e).is_empty());
    }

    let (_s, out, _) = export("doccano", "d.jsonl", &["--offsets", "codepoint"]);
    let r = &lines(&out)[0];
    let figure = r["label"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l[2] == "Figure")
        .cloned()
        .unwrap();
    let (s, e) = (
        figure[0].as_u64().unwrap() as usize,
        figure[1].as_u64().unwrap() as usize,
    );
    assert_eq!(py_slice(REPORT, s, e), "0.68%");
}

#[test]
fn conll_is_valid_iob2_over_non_whitespace_characters() {
    // The outer layer keeps the two Measures (one crosses 。 and CRLF: still one entity); the inner layer the two
    // Figures and the short Measure; the Figure layer both Figures.
    for (extra, left_out, entities) in [
        (&[][..], Some("3 spans of the other layer left out"), 2),
        (
            &["--layer", "inner"][..],
            Some("2 spans of the other layer left out"),
            3,
        ),
        (&["--labels", "Figure"][..], None, 2),
    ] {
        let (_s, out, stderr) = export("conll", "c.conll", extra);
        match left_out {
            Some(message) => assert!(stderr.contains(message), "{extra:?}: {stderr}"),
            None => assert!(!stderr.contains("left out"), "{extra:?}: {stderr}"),
        }
        let conll = std::fs::read_to_string(&out).unwrap();
        let mut previous = "O".to_owned();
        let mut tokens = String::new();
        let mut docstarts = 0;
        let mut labels = std::collections::BTreeSet::new();
        for line in conll.lines() {
            if line == "-DOCSTART- -X- O O" {
                docstarts += 1;
                continue;
            }
            if line.is_empty() {
                previous = "O".to_owned();
                continue;
            }
            let (token, tag) = line.split_once('\t').unwrap();
            assert_eq!(token.chars().count(), 1, "{line:?}");
            assert!(!token.chars().any(char::is_whitespace), "{line:?}");
            if let Some(label) = tag.strip_prefix("I-") {
                assert!(
                    previous.ends_with(label) && previous != "O",
                    "{extra:?}: I- after {previous}"
                );
            }
            if let Some(label) = tag.strip_prefix("B-").or(tag.strip_prefix("I-")) {
                labels.insert(label.to_owned());
            }
            tokens.push_str(token);
            previous = tag.to_owned();
        }
        assert_eq!(docstarts, 2);
        assert_eq!(
            conll.matches("\tB-").count(),
            entities,
            "{extra:?}: {conll}"
        );
        let expected: String = format!("{REPORT}{UNTOUCHED}")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert_eq!(
            tokens, expected,
            "every non-whitespace character is a token, in order"
        );
        if extra.contains(&"Figure") {
            assert_eq!(labels.into_iter().collect::<Vec<_>>(), ["Figure"]);
        }
    }
}

#[test]
fn brat_folder_opens_as_is() {
    let (_s, out, stderr) = export("brat", "brat", &[]);
    assert!(!stderr.contains("left out"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("r.txt")).unwrap(),
        REPORT,
        "text unchanged, CRLF kept"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("sub/b.txt")).unwrap(),
        UNTOUCHED
    );
    assert_eq!(std::fs::read_to_string(out.join("sub/b.ann")).unwrap(), "");
    let ann = std::fs::read_to_string(out.join("r.ann")).unwrap();
    let mut notes = 0;
    let mut relations = Vec::new();
    let entity = |id: &str| -> String {
        ann.lines()
            .find_map(|l| l.strip_prefix(&format!("{id}\t")))
            .and_then(|rest| rest.split_once(' '))
            .map(|(label, _)| label.to_owned())
            .unwrap_or_default()
    };
    for line in ann.lines() {
        let fields: Vec<&str> = line.splitn(3, '\t').collect();
        if fields[0].starts_with('#') {
            notes += 1;
            assert!(fields[1].starts_with("AnnotatorNotes "), "{line}");
            continue;
        }
        if fields[0].starts_with('R') {
            // `R1<TAB>Quantifies Arg1:T2 Arg2:T1`, both ends `T` lines of this file.
            let parts: Vec<&str> = fields[1].split(' ').collect();
            let from = entity(parts[1].strip_prefix("Arg1:").unwrap());
            let to = entity(parts[2].strip_prefix("Arg2:").unwrap());
            relations.push(format!("{} {from} {to}", parts[0]));
            continue;
        }
        let (label_offsets, quoted) = (fields[1], fields[2]);
        let (_, offsets) = label_offsets.split_once(' ').unwrap();
        let pieces: Vec<String> = offsets
            .split(';')
            .map(|f| {
                let (s, e) = f.split_once(' ').unwrap();
                py_slice(REPORT, s.parse().unwrap(), e.parse().unwrap())
            })
            .collect();
        assert_eq!(pieces.join(" "), quoted, "{line}");
    }
    assert_eq!(notes, 3, "two span notes and a link's: {ann}");
    assert!(
        ann.contains("AnnotatorNotes R1\t降至\t0.68%\\n见表2"),
        "{ann}"
    );
    relations.sort();
    assert_eq!(
        relations,
        [
            "Produces Measure Outcome",
            "Quantifies Figure Measure",
            "Quantifies Figure Outcome"
        ]
    );
    assert!(
        ann.contains("含\t制表符\\n和换行"),
        "tabs kept, newlines escaped: {ann}"
    );
    assert!(
        ann.contains(";"),
        "the span across CRLF is written as fragments: {ann}"
    );
    let conf = std::fs::read_to_string(out.join("annotation.conf")).unwrap();
    assert!(
        conf.contains("[entities]\nMeasure\nFigure\nOutcome\n"),
        "{conf}"
    );
    assert!(conf.contains("<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"));
    assert!(
        conf.contains("[relations]\nQuantifies Arg1:Figure, Arg2:Outcome|Measure\nProduces Arg1:Measure, Arg2:Outcome\n"),
        "{conf}"
    );
    let visual = std::fs::read_to_string(out.join("visual.conf")).unwrap();
    assert!(visual.contains("Figure bgColor:#f28e2b"), "{visual}");
    assert!(visual.contains("Quantifies color:#b07aa1"), "{visual}");
    // The folder says it is an export, so a workspace scan never reads its .txt copies as reports.
    let marker = std::fs::read_to_string(out.join(spantag::store::EXPORT_MARKER)).unwrap();
    assert!(marker.contains("format: \"brat\""), "{marker}");
}

#[test]
fn label_studio_tasks_and_config() {
    let (scratch, out, _) = export("label-studio", "tasks.json", &[]);
    let tasks: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let tasks = tasks.as_array().unwrap();
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0]["data"]["text"], REPORT);
    let result = tasks[0]["annotations"][0]["result"].as_array().unwrap();
    let regions: Vec<&Value> = result.iter().filter(|r| r["type"] == "labels").collect();
    assert_eq!(regions.len(), 5);
    for region in &regions {
        assert_eq!(region["from_name"], "label");
        assert_eq!(region["to_name"], "text");
        let value = &region["value"];
        let (s, e) = (
            value["start"].as_u64().unwrap() as usize,
            value["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(py_slice(REPORT, s, e), value["text"].as_str().unwrap());
        assert_eq!(value["labels"].as_array().unwrap().len(), 1);
    }
    let notes: Vec<&Value> = result.iter().filter(|r| r["type"] == "textarea").collect();
    assert_eq!(notes.len(), 2);
    for note in notes {
        assert!(
            regions.iter().any(|r| r["id"] == note["id"]),
            "a note belongs to its region"
        );
    }
    let config = std::fs::read_to_string(scratch.path().join("label_config.xml")).unwrap();
    assert!(
        config.contains(r##"<Label value="Outcome" background="#59a14f"/>"##),
        "{config}"
    );
    assert!(config.contains(r#"<Text name="text" value="$text" granularity="symbol"/>"#));
    assert!(config.contains(r#"perRegion="true""#));
    assert!(
        config.contains(
            r##"<Relations>
    <Relation value="Quantifies" background="#b07aa1"/>"##
        ),
        "{config}"
    );
    let links: Vec<&Value> = result.iter().filter(|r| r["type"] == "relation").collect();
    assert_eq!(links.len(), 3);
    for link in links {
        assert_eq!(link["direction"], "right");
        assert_eq!(link["labels"].as_array().map(Vec::len), Some(1), "{link}");
        for end in ["from_id", "to_id"] {
            assert!(regions.iter().any(|r| r["id"] == link[end]), "{link}");
        }
    }
}

#[test]
fn csv_writes_the_links_to_a_second_table_and_conll_counts_them() {
    let (scratch, _, stderr) = export("csv", "spans.csv", &[]);
    assert!(stderr.contains("relations.csv"), "{stderr}");
    let bytes = std::fs::read(scratch.path().join("relations.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(&reader.headers().unwrap()[2], "type");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let quantifies = rows
        .iter()
        .find(|r| &r[2] == "Quantifies" && &r[7] == "Outcome")
        .unwrap();
    assert_eq!(&quantifies[6], "0.68%");
    assert_eq!(&quantifies[11], "降至\t0.68%\n见表2");
    assert_eq!(
        py_slice(
            REPORT,
            quantifies[8].parse().unwrap(),
            quantifies[9].parse().unwrap()
        ),
        &quantifies[10]
    );
    let (_, _, stderr) = export("conll", "c.conll", &[]);
    assert!(
        stderr.contains("conll has no place for links between spans: 3 relations left out"),
        "{stderr}"
    );
    let (_, _, stderr) = export("doccano", "d.jsonl", &[]);
    assert!(stderr.contains("3 relations left out"), "{stderr}");
}

#[test]
fn csv_has_a_bom_and_one_quoted_row_per_span() {
    let (_s, out, _) = export("csv", "spans.csv", &[]);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "document",
            "annotator",
            "label",
            "start",
            "end",
            "text",
            "note",
            "value",
            "unit",
            "qualifier"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    for row in &rows {
        assert_eq!(&row[0], "r.txt");
        assert_eq!(&row[1], "alice");
        assert_eq!(
            py_slice(REPORT, row[3].parse().unwrap(), row[4].parse().unwrap()),
            &row[5]
        );
    }
    assert!(rows.iter().any(|r| &r[6] == "含\t制表符\n和换行"));
    for row in &rows {
        let values = [&row[7], &row[8], &row[9]];
        match (&row[2], &row[5]) {
            ("Figure", "0.68%") => assert_eq!(values, ["0.68", "%", "exact"]),
            ("Figure", "1.62万户") => assert_eq!(values, ["16200", "户", "exact"]),
            _ => assert_eq!(values, ["", "", ""], "no value off figures: {row:?}"),
        }
    }
    assert!(
        String::from_utf8_lossy(&bytes).contains("\r\n"),
        "RFC 4180 line ends"
    );
}

#[test]
fn status_filter_and_annotator_choice() {
    let (source, _) = fixture();
    let src = source.path().to_str().unwrap();
    let out = spantag(&["export", "--format", "jsonl", "--status", "done", src]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().count(),
        1,
        "only the done document: {stdout}"
    );

    // A second annotator and no gold: the user must choose.
    let ws = spantag::store::Workspace::open(source.path()).unwrap();
    let text = ws.load_text("r.txt").unwrap();
    let bob =
        spantag::model::AnnotationFile::new(spantag::model::DocRef::of("r.txt", &text), "bob");
    ws.save_annotations(&bob).unwrap();
    let out = spantag(&["export", "--format", "jsonl", src]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("several annotators (alice, bob)"));
    let out = spantag(&["export", "--format", "jsonl", "--annotator", "bob", src]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"annotator\":\"bob\""));
    let out = spantag(&["export", "--format", "jsonl", "--annotator", "carol", src]);
    assert_eq!(out.status.code(), Some(2));
    let out = spantag(&[
        "export",
        "--format",
        "jsonl",
        "--annotator",
        "alice",
        "--labels",
        "Place",
        src,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("\"Place\" is not in the workspace's schema")
    );
}

#[test]
fn wrong_arguments_exit_2_and_write_nothing() {
    let (source, _) = fixture();
    let src = source.path().to_str().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let kept = scratch.path().join("mine.txt");
    std::fs::write(&kept, "my own file").unwrap();
    let folder = scratch.path().to_str().unwrap();
    for args in [
        vec!["export", "--format", "brat", src],
        vec!["export", "--format", "brat", "--out", folder, src],
        vec!["export", "--format", "jsonl", "--offsets", "codepoint", src],
        vec!["export", "--format", "jsonl", "--layer", "inner", src],
        vec!["export", "--format", "label-studio", src],
        vec!["export", "--format", "jsonl", "/no/such/workspace"],
    ] {
        let out = spantag(&args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        std::fs::read_dir(scratch.path()).unwrap().count(),
        1,
        "nothing written beside mine.txt"
    );
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "my own file");
}

#[test]
fn a_changed_text_stops_the_export_and_names_the_file() {
    let (source, _) = fixture();
    std::fs::write(source.path().join("r.txt"), "改过的文本").unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("c.jsonl");
    let result = spantag(&[
        "export",
        "--format",
        "jsonl",
        "--out",
        out.to_str().unwrap(),
        source.path().to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("r.ron") && stderr.contains("changed since it was annotated"),
        "{stderr}"
    );
    assert!(!out.exists(), "no partial corpus");
}

#[test]
fn documents_with_undecided_conflicts_are_exported_with_a_warning() {
    use spantag::model::{Conflict, ConflictKind, ConflictOption};
    let (source, _) = fixture();
    let src = source.path().to_str().unwrap();
    let quiet = spantag(&["export", "--format", "jsonl", src]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("unresolved merge conflicts"));

    let ws = spantag::store::Workspace::open(source.path()).unwrap();
    let text = ws.load_text("r.txt").unwrap();
    let mut file = ws
        .load_annotations("alice", "r.txt", &text)
        .unwrap()
        .expect("the fixture's annotations");
    file.conflicts.push(Conflict {
        kind: ConflictKind::Missing,
        origin: spantag::model::ConflictOrigin::Analysts,
        start: 0,
        end: 1,
        options: vec![ConflictOption {
            span: None,
            annotators: vec!["bob".into()],
        }],
    });
    ws.save_annotations(&file).unwrap();
    let out = spantag(&["export", "--format", "jsonl", src]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("1 document still has unresolved merge conflicts"),
        "{stderr}"
    );
}

/// Runs the binary in `dir` (so that a file wrongly named `-` would land there).
fn spantag_in(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_spantag"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run spantag")
}

#[test]
fn out_dash_is_standard_output() {
    let (source, _) = fixture();
    let scratch = tempfile::tempdir().unwrap();
    let src = source.path().to_str().unwrap();
    let result = spantag_in(
        scratch.path(),
        &["export", "--format", "jsonl", "--out", "-", src],
    );
    assert_eq!(result.status.code(), Some(0));
    let stdout = String::from_utf8(result.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(stdout.contains("\"id\":\"r.txt\""), "{stdout}");
    assert!(!scratch.path().join("-").exists(), "no file named -");
    assert!(String::from_utf8_lossy(&result.stderr).contains("to standard output"));
}

#[cfg(unix)]
#[test]
fn a_symlink_out_replaces_its_target_and_stays_a_link() {
    let (source, _) = fixture();
    let scratch = tempfile::tempdir().unwrap();
    let target = scratch.path().join("real.jsonl");
    std::fs::write(&target, "old").unwrap();
    let link = scratch.path().join("link.jsonl");
    std::os::unix::fs::symlink("real.jsonl", &link).unwrap();
    let result = spantag(&[
        "export",
        "--format",
        "jsonl",
        "--out",
        link.to_str().unwrap(),
        source.path().to_str().unwrap(),
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    let written = std::fs::read_to_string(&target).unwrap();
    assert_eq!(written.lines().count(), 2, "{written}");
}

/// The FIFO's read end is opened without blocking before the export starts, so the test cannot hang: if the
/// FIFO were replaced instead of written into, it reads nothing and fails.
#[cfg(target_os = "linux")]
#[test]
fn a_fifo_out_is_written_as_a_stream() {
    use std::io::Read;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let (source, _) = fixture();
    let scratch = tempfile::tempdir().unwrap();
    let fifo = scratch.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let mut reader = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(&fifo)
        .unwrap();
    let result = spantag(&[
        "export",
        "--format",
        "jsonl",
        "--out",
        fifo.to_str().unwrap(),
        source.path().to_str().unwrap(),
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let mut read = String::new();
    reader.read_to_string(&mut read).unwrap();
    assert_eq!(read.lines().count(), 2, "{read}");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn an_out_inside_the_workspace_is_refused() {
    let (source, _) = fixture();
    let before = corpus_support::read_tree(source.path());
    for (format, out) in [
        ("jsonl", "notice.txt"),
        ("csv", "sub/spans.csv"),
        ("brat", "brat"),
    ] {
        let out = source.path().join(out);
        let result = spantag(&[
            "export",
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
            source.path().to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{format}: {stderr}");
        assert!(
            stderr.contains("inside the workspace being exported"),
            "{stderr}"
        );
        assert!(!out.exists());
    }
    assert_eq!(corpus_support::read_tree(source.path()), before);
}

/// The fixture with a corrected value on `1.62万户` and a Figure over text without a quantity.
fn fixture_with_values() -> tempfile::TempDir {
    let (source, mut file) = fixture();
    let ws = Workspace::open(source.path()).unwrap();
    let text = ws.load_text("r.txt").unwrap();
    for span in &mut file.spans {
        if span.label == "Figure" && span.text == "1.62万户" {
            span.value = Some(Box::new(FigureValue {
                amount: Amount::Range {
                    low: Decimal::from_int(16000),
                    high: Decimal::from_int(17000),
                },
                unit: "户".into(),
                qualifier: Qualifier::Approx,
            }));
        }
    }
    file.spans.push(span_of(&text, "野家", "Figure"));
    file.normalize();
    ws.save_annotations(&file).unwrap();
    source
}

#[test]
fn figure_values_in_jsonl_and_csv_are_corrections_else_readings() {
    let source = fixture_with_values();
    let scratch = tempfile::tempdir().unwrap();
    let jsonl = scratch.path().join("c.jsonl");
    let csv_out = scratch.path().join("c.csv");
    for (format, out) in [("jsonl", &jsonl), ("csv", &csv_out)] {
        let result = spantag(&[
            "export",
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
            source.path().to_str().unwrap(),
        ]);
        assert_eq!(result.status.code(), Some(0), "{result:?}");
    }
    let docs = lines(&jsonl);
    let spans = docs[0]["spans"].as_array().unwrap();
    let by_text = |t: &str| {
        spans
            .iter()
            .find(|s| s["text"] == t && s["label"] == "Figure")
            .unwrap()
    };
    assert_eq!(
        by_text("0.68%")["value"],
        serde_json::json!({"number": 0.68, "unit": "%", "qualifier": "exact", "approx": false}),
        "read by the engine"
    );
    assert_eq!(
        by_text("1.62万户")["value"],
        serde_json::json!({"low": 16000, "high": 17000, "unit": "户", "qualifier": "approx", "approx": true}),
        "the analyst's correction"
    );
    assert!(by_text("野家")["value"].is_null(), "unparseable: null");
    assert!(by_text("野家").get("value").is_some());
    for span in spans.iter().filter(|s| s["label"] != "Figure") {
        assert!(span.get("value").is_none(), "no value off figures: {span}");
    }
    let bytes = std::fs::read(&csv_out).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let values = |t: &str| {
        let row = rows
            .iter()
            .find(|r| &r[2] == "Figure" && &r[5] == t)
            .unwrap();
        [row[7].to_owned(), row[8].to_owned(), row[9].to_owned()]
    };
    assert_eq!(values("1.62万户"), ["16000..17000", "户", "approx"]);
    assert_eq!(values("野家"), ["", "", ""]);
}

#[test]
fn spantag_figures_honours_corrections() {
    let source = fixture_with_values();
    let out = spantag(&["figures", "--json", source.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let rows: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let corrected = rows.iter().find(|r| r["text"] == "1.62万户").unwrap();
    assert_eq!(corrected["value"]["low"], 16000);
    assert_eq!(corrected["qualifier"], "approx");
}
