"""Interop check: spantag's brat export with links between spans, read by a real brat standoff parser.

Imports a report with astral characters (𠮷) before and inside spans, CRLF, nested spans and links (one with a note
holding a line break) with `spantag import --format jsonl`, exports brat with `spantag export`, then
reads the `.ann` file with brat-peek (`peek.ann_structure.AnnDocument`), which parses `T`, `R` and `#` lines as brat does:
- every entity's offsets slice the report (Python code points) to its quoted text (fragments joined by a space);
- every `R` line names two entities of the file (`Arg1:T.. Arg2:T..`), and the links read back are the ones
  imported: the same type between the same spans;
- the link's note is an `AnnotatorNotes` line on its `R` id;
- `annotation.conf` declares each link type with the labels it joins.
Needs SPANTAG (the binary), as tests/interop/run sets it.
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def load_parser():
    """brat-peek's parser module (standard library only), loaded on its own: the package's __init__ also imports
    plotting modules whose dependencies (pandas, seaborn, matplotlib) it does not declare."""
    package = importlib.util.find_spec("peek")
    if package is None or not package.submodule_search_locations:
        sys.exit("brat-peek is not installed (tests/interop/requirements-brat.txt)")
    path = Path(list(package.submodule_search_locations)[0]) / "ann_structure.py"
    spec = importlib.util.spec_from_file_location("peek_ann_structure", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


AnnDocument = load_parser().AnnDocument

SPANTAG = os.environ["SPANTAG"]
TEXT = "𠮷野家：\r\n贫困发生率降至0.68%。\r\n全县1.62万户𠮷脱贫，建立防返贫监测预警机制。\r\n𠮷𠮷共有523人𠮷受益。"

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


def span(needle, label):
    start = TEXT.index(needle)
    return {"start": start, "end": start + len(needle), "label": label, "text": needle}


SPANS = [
    span("贫困发生率降至0.68%", "Outcome"),
    span("0.68%", "Figure"),
    span("0.68%。\r\n全县1.62万户𠮷脱贫", "Measure"),
    span("1.62万户", "Figure"),
    span("建立防返贫监测预警机制", "Measure"),
    span("共有523人𠮷受益", "Outcome"),
    span("523人", "Figure"),
]
# (from, to, type, note): indices into SPANS.
LINKS = [
    # No tab in this note: brat reads a note to the end of its line, brat-peek splits at every tab.
    (1, 0, "Quantifies", "降至0.68%\n见表2"),
    (3, 2, "Quantifies", None),
    (6, 5, "Quantifies", None),
    (4, 5, "Produces", None),
]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        relations = []
        for a, b, kind, note in LINKS:
            link = {"from": a, "to": b, "label": kind}
            if note is not None:
                link["note"] = note
            relations.append(link)
        record = {"id": "astral.txt", "text": TEXT, "spans": SPANS, "relations": relations, "annotator": "gold",
                  "status": "done"}
        source = work / "links.jsonl"
        source.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8", newline="")
        workspace = work / "workspace"
        run("import", "--format", "jsonl", str(source), "--into", str(workspace))
        out = work / "brat"
        run("export", "--format", "brat", "--out", str(out), str(workspace))

        doc = AnnDocument(str(out / "astral.ann"))
        entities = {e.name: e for e in doc.anns["entities"]}
        check(len(entities) == len(SPANS), f"brat-peek read {len(entities)} entities, not {len(SPANS)}")
        for e in entities.values():
            pieces = [TEXT[s:t] for s, t in e.span]
            check(" ".join(pieces) == e.text, f"{e.name}: offsets {e.span} do not slice to {e.text!r}")

        def key(entity):
            return (entity.span[0][0], entity.span[-1][1], entity.tag)

        got = set()
        for r in doc.anns["relations"]:
            a1, a2 = r.arg1.split(":", 1), r.arg2.split(":", 1)
            if not check(a1[0] == "Arg1" and a2[0] == "Arg2", f"{r.name}: arguments {r.arg1} {r.arg2}"):
                continue
            if not check(a1[1] in entities and a2[1] in entities, f"{r.name}: names an entity not in the file"):
                continue
            got.add((key(entities[a1[1]]), key(entities[a2[1]]), r.tag))
        want = {((SPANS[a]["start"], SPANS[a]["end"], SPANS[a]["label"]),
                 (SPANS[b]["start"], SPANS[b]["end"], SPANS[b]["label"]), kind) for a, b, kind, _ in LINKS}
        check(got == want, f"links read back {sorted(got)} != imported {sorted(want)}")

        notes = [n for n in doc.anns["notes"] if n.ann_id.startswith("R")]
        check(len(notes) == 1 and notes[0].note == "降至0.68%\\n见表2",
              f"the link's note: {[(n.ann_id, n.note) for n in notes]}")
        conf = (out / "annotation.conf").read_text(encoding="utf-8")
        check("Quantifies Arg1:Figure, Arg2:Outcome|Measure" in conf, "annotation.conf lacks the Quantifies type")
        print(f"brat: {len(entities)} entities and {len(got)} links read back by brat-peek")
    for failure in failures:
        print("FAIL:", failure)
    print(f"brat relations: {'FAILED' if failures else 'read as exported'} ({len(failures)} failures)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
