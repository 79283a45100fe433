"""Interop check: spantag's corpus exports, read by the real consumers.

Builds a workspace from the bundled samples (figures, the outcomes around them and measures found by patterns, so
spans nest) plus a fixture report with astral characters (𠮷) before and inside spans, CRLF, nested and crossing
spans and notes with tabs and newlines; brings the spans in with `spantag import --format jsonl`; exports jsonl,
doccano and CoNLL with `spantag export`; then:
- spaCy: `spacy.blank("zh")` and `doc.char_span(start, end, label)` recover every jsonl span's text;
- Hugging Face datasets: `load_dataset("json", ...)` loads the jsonl, and every span is `text[start:end]`;
- seqeval: reads the CoNLL tags back (every I- continues a B-/I- of its label: valid IOB2), its entities are the
  outer layer of the spans, and `classification_report` scores the tags against themselves at 1.0;
- doccano: its UTF-16 offsets slice the text as JavaScript would;
- values: Python's json reads every Figure span's `value` with a number (int or float, never a string), and the
  fixture's figures with the right numbers and units (0.68 %, 16200 户, 523 人); other spans have no `value`.
Needs SPANTAG (the binary) and SPANTAG_ROOT (the repository), as tests/interop/run sets them.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

SPANTAG = os.environ["SPANTAG"]
ROOT = Path(os.environ["SPANTAG_ROOT"])

FIXTURE = "𠮷野家：\r\n贫困发生率降至0.68%。\r\n全县1.62万户𠮷脱贫，建立防返贫监测预警机制。\r\n𠮷𠮷共有523人𠮷受益。"
FIGURE = re.compile(r"\d+(?:\.\d+)?(?:万|亿)?(?:户|人|名|元|个|村|场|次|亩|%|吨|家|项|所|公里)")
CLAUSE_END = re.compile(r"[，。；！？、,:：\r\n]")
MEASURE = re.compile(r"(?:建立|推行|开展|实施|创新|落实|引入)[^，。；！？、,:：\r\n]{2,}")

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def run(*args):
    result = subprocess.run([SPANTAG, *args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"spantag {' '.join(args)} exited {result.returncode}:\n{result.stdout}{result.stderr}")
    return result


def find_spans(text):
    """Figures, the clause before each figure as an Outcome (nesting it), and measure clauses."""
    spans = []
    for m in FIGURE.finditer(text):
        spans.append((m.start(), m.end(), "Figure"))
        clause_start = max((c.end() for c in CLAUSE_END.finditer(text, 0, m.start())), default=0)
        while clause_start < m.start() and text[clause_start].isspace():
            clause_start += 1
        if m.start() - clause_start >= 2:
            spans.append((clause_start, m.end(), "Outcome"))
    for m in MEASURE.finditer(text):
        spans.append((m.start(), m.end(), "Measure"))
    return sorted(set(spans))


def fixture_spans(text):
    def at(needle, label, note=None):
        start = text.index(needle)
        span = {"start": start, "end": start + len(needle), "label": label, "text": needle}
        if note is not None:
            span["note"] = note
        return span

    return [
        at("贫困发生率降至0.68%", "Outcome", "含\t制表符\n和换行"),
        at("0.68%", "Figure"),
        at("0.68%。\r\n全县1.62万户𠮷脱贫", "Measure"),
        at("1.62万户", "Figure"),
        at("建立防返贫监测预警机制", "Measure"),
        at("523人", "Figure", "𠮷 before and after"),
        at("共有523人𠮷受益", "Outcome"),
    ]


def build_workspace(work):
    records = []
    for sample in sorted((ROOT / "samples").glob("*.txt")):
        text = sample.read_bytes().decode("utf-8")
        spans = [{"start": s, "end": e, "label": l, "text": text[s:e]} for s, e, l in find_spans(text)]
        records.append({"id": sample.name, "text": text, "spans": spans, "annotator": "gold", "status": "done"})
    records.append(
        {"id": "fixture/astral.txt", "text": FIXTURE, "spans": fixture_spans(FIXTURE), "annotator": "gold",
         "status": "done"}
    )
    source = work / "spans.jsonl"
    with open(source, "w", encoding="utf-8", newline="") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    workspace = work / "workspace"
    run("import", "--format", "jsonl", str(source), "--into", str(workspace))
    return workspace, records


def check_spacy(jsonl):
    import spacy
    from spacy.tokens import Span

    nlp = spacy.blank("zh")
    count = 0
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        doc = nlp(record["text"])
        group = []
        for span in record["spans"]:
            got = doc.char_span(span["start"], span["end"], label=span["label"])
            if check(got is not None, f"spaCy: {record['id']} {span} does not align with tokens"):
                check(got.text == span["text"], f"spaCy: {record['id']} {span} reads back as {got.text!r}")
                group.append(got)
                count += 1
        doc.spans["sc"] = group  # nested spans live in a span group, as spaCy's span categorizer expects
        check(all(isinstance(s, Span) for s in doc.spans["sc"]), "spaCy: span group")
    print(f"spaCy: {count} spans recovered with doc.char_span")
    return count


def check_datasets(jsonl, records, cache):
    os.environ["HF_DATASETS_CACHE"] = str(cache)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from datasets import load_dataset

    data = load_dataset("json", data_files=str(jsonl), split="train")
    check(len(data) == len(records), f"datasets: {len(data)} rows, expected {len(records)}")
    expected = {r["id"]: r for r in records}
    spans = 0
    for row in data:
        record = expected.get(row["id"])
        if not check(record is not None, f"datasets: unexpected document {row['id']}"):
            continue
        check(row["text"] == record["text"], f"datasets: {row['id']} text differs (line ends kept?)")
        got = sorted((s["start"], s["end"], s["label"]) for s in row["spans"])
        want = sorted((s["start"], s["end"], s["label"]) for s in record["spans"])
        check(got == want, f"datasets: {row['id']} spans differ")
        for span in row["spans"]:
            check(row["text"][span["start"]:span["end"]] == span["text"], f"datasets: {row['id']} {span}")
            spans += 1
        notes = {(s["start"], s["label"]): s.get("note") for s in row["spans"] if s.get("note")}
        want_notes = {(s["start"], s["label"]): s["note"] for s in record["spans"] if "note" in s}
        check(notes == want_notes, f"datasets: {row['id']} notes {notes} != {want_notes}")
    print(f"datasets: {len(data)} rows, {spans} spans at the right code point offsets")


def check_values(jsonl):
    figures = 0
    numbers = 0
    seen = {}
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for span in record["spans"]:
            if span["label"] != "Figure":
                check("value" not in span, f"values: {record['id']} {span} is not a figure but has a value")
                continue
            figures += 1
            if not check("value" in span, f"values: {record['id']} {span} has no value key"):
                continue
            value = span["value"]
            if value is None:
                continue
            for key in ("number", "low", "high"):
                if key in value:
                    n = value[key]
                    check(isinstance(n, (int, float)) and not isinstance(n, bool),
                          f"values: {record['id']} {span['text']} {key} is {type(n).__name__}, not a number")
                    numbers += 1
            check(isinstance(value["unit"], str) and isinstance(value["approx"], bool),
                  f"values: {record['id']} {value}")
            if record["id"] == "fixture/astral.txt":
                seen[span["text"]] = (value.get("number"), value["unit"], value["qualifier"])
    want = {"0.68%": (0.68, "%", "exact"), "1.62万户": (16200, "户", "exact"), "523人": (523, "人", "exact")}
    check(seen == want, f"values: fixture figures read as {seen}, expected {want}")
    check(numbers > 0, "values: no figure value at all")
    print(f"values: {figures} figures, {numbers} numbers read by json as int or float")


def outer_layer(spans):
    """What `--layer outer` keeps: longest first, then earliest, then label; no overlaps."""
    kept, taken = [], set()
    for s in sorted(spans, key=lambda s: (-(s["end"] - s["start"]), s["start"], s["label"])):
        chars = set(range(s["start"], s["end"]))
        if not chars & taken:
            kept.append(s)
            taken |= chars
    return kept


def read_conll(path):
    """Documents as lists of sentences of (token, tag)."""
    docs, sentence = [], []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line == "-DOCSTART- -X- O O":
            docs.append([])
            continue
        if not line:
            if sentence:
                docs[-1].append(sentence)
                sentence = []
            continue
        token, tag = line.split("\t")
        sentence.append((token, tag))
    if sentence:
        docs[-1].append(sentence)
    return docs


def check_seqeval(conll, records):
    from seqeval.metrics import classification_report, f1_score
    from seqeval.metrics.sequence_labeling import get_entities
    from seqeval.scheme import IOB2

    docs = read_conll(conll)
    check(len(docs) == len(records), f"seqeval: {len(docs)} documents in the CoNLL file, expected {len(records)}")
    all_tags = []
    for doc, record in zip(docs, records):
        tokens = [t for sentence in doc for t, _ in sentence]
        check("".join(tokens) == "".join(c for c in record["text"] if not c.isspace()),
              f"CoNLL: {record['id']} tokens are not the text's non-whitespace characters")
        for sentence in doc:
            tags = [tag for _, tag in sentence]
            all_tags.append(tags)
            for previous, tag in zip(["O"] + tags, tags):
                if tag.startswith("I-"):
                    check(previous in ("B-" + tag[2:], tag), f"CoNLL: {record['id']} invalid IOB2 {previous} -> {tag}")
        # Entities read back by seqeval are the outer layer of the spans, whitespace aside.
        got = []
        for sentence in doc:
            tags = [tag for _, tag in sentence]
            for label, first, last in get_entities(tags):
                got.append((label, "".join(t for t, _ in sentence[first:last + 1])))
        want = [(s["label"], "".join(c for c in s["text"] if not c.isspace()))
                for s in sorted(outer_layer(record["spans"]), key=lambda s: s["start"])]
        check(got == want, f"seqeval: {record['id']} entities {got[:5]}... differ from the outer layer {want[:5]}...")
    report = classification_report(all_tags, all_tags, mode="strict", scheme=IOB2, zero_division=0)
    check(f1_score(all_tags, all_tags, mode="strict", scheme=IOB2) == 1.0, "seqeval: tags do not score 1.0")
    print("seqeval: classification report of the CoNLL tags against themselves:")
    print(report)


def check_doccano(doccano, records):
    expected = {r["id"]: r for r in records}
    count = 0
    for line in doccano.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        units = row["text"].encode("utf-16-le")
        want = sorted((s["text"], s["label"]) for s in expected[row["id"]]["spans"])
        got = sorted((units[2 * s:2 * e].decode("utf-16-le"), label) for s, e, label in row["label"])
        check(got == want, f"doccano: {row['id']} UTF-16 offsets do not slice the spans")
        count += len(got)
    print(f"doccano: {count} spans sliced by UTF-16 offsets")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        workspace, records = build_workspace(work)
        check(any(s["start"] > 0 and "𠮷" in r["text"][:s["start"]] for r in records for s in r["spans"]),
              "fixture: no astral character before a span")
        jsonl, conll, doccano = work / "corpus.jsonl", work / "corpus.conll", work / "doccano.jsonl"
        run("export", "--format", "jsonl", "--out", str(jsonl), str(workspace))
        run("export", "--format", "conll", "--out", str(conll), str(workspace))
        run("export", "--format", "doccano", "--out", str(doccano), str(workspace))
        count = check_spacy(jsonl)
        check(count == sum(len(r["spans"]) for r in records), "spaCy: not every span was checked")
        check_datasets(jsonl, records, work / "hf-cache")
        check_values(jsonl)
        check_seqeval(conll, records)
        check_doccano(doccano, records)
    for failure in failures:
        print("FAIL:", failure)
    print(f"corpus exports: {'FAILED' if failures else 'all consumers read them'} ({len(failures)} failures)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
