#!/usr/bin/env python3
"""`spantag agree --json` against the reference implementations, on the three-annotator fixture.

Reads the fixture's reports and RON files here in Python (a tiny reader for our own canonical files), builds
the character items exactly as the README defines them (every non-whitespace code point of a report is one
item per label: 1 inside a span of that label, else 0), and checks:
- each pair's Cohen's kappa per label equals sklearn.metrics.cohen_kappa_score on the same vectors;
- each label's alpha equals krippendorff.alpha(..., level_of_measurement="nominal"), a report an annotator did
  not annotate being missing data (NaN);
- each pair's exact F1 per label equals the F1 of the two sets of (start, end) spans;
- the JSON has the documented keys, and undefined values are null.
Environment: SPANTAG (the binary), SPANTAG_ROOT (the source tree; default: two folders up).
"""

import json
import math
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score

ROOT = Path(os.environ.get("SPANTAG_ROOT", Path(__file__).resolve().parents[2]))
FIXTURE = ROOT / "tests" / "fixtures" / "team"
SPANTAG = os.environ.get("SPANTAG", str(ROOT / "target" / "debug" / "spantag"))
TOLERANCE = 1e-9

# Unicode White_Space (PropList.txt), which is what Rust's char::is_whitespace tests. Python's str.isspace
# differs (it also accepts U+001C..U+001F), so the set is spelled out.
WHITE_SPACE = set(range(0x09, 0x0E)) | {0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000}
WHITE_SPACE |= set(range(0x2000, 0x200B))

STRING = r'"((?:[^"\\]|\\.)*)"'
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def unquote(s):
    return json.loads('"' + s + '"')


def read_ron(path):
    """annotator, report file name and spans [(start, end, label)] of one of our annotation files."""
    source = path.read_text(encoding="utf-8")
    annotator = unquote(re.search(r"annotator:\s*" + STRING, source).group(1))
    document = unquote(re.search(r"document:\s*\(\s*file:\s*" + STRING, source).group(1))
    body = source[source.index("spans:"):]
    if "conflicts:" in body:
        body = body[: body.index("conflicts:")]
    spans = [
        (int(m.group(1)), int(m.group(2)), unquote(m.group(3)))
        for m in re.finditer(r"\(\s*start:\s*(\d+),\s*end:\s*(\d+),\s*label:\s*" + STRING, body)
    ]
    return annotator, document, spans


def load_fixture():
    """{report: text} and {annotator: {report: spans}} for every annotator but gold."""
    texts = {}
    files = {}
    for ron in sorted((FIXTURE / "annotations").rglob("*.ron")):
        annotator, document, spans = read_ron(ron)
        if annotator == "gold":
            continue
        if document not in texts:
            # newline="" keeps CRLF as two code points, as spantag counts them.
            with open(FIXTURE / document, encoding="utf-8", newline="") as f:
                texts[document] = f.read()
        files.setdefault(annotator, {})[document] = spans
    return texts, files


def items(text, spans, label):
    """The 0/1 vector of one label over the report's non-whitespace code points."""
    inside = [0] * len(text)
    for start, end, span_label in spans:
        if span_label == label:
            for i in range(start, end):
                inside[i] = 1
    return [inside[i] for i, c in enumerate(text) if ord(c) not in WHITE_SPACE]


def close(ours, reference, what):
    if reference is None or (isinstance(reference, float) and math.isnan(reference)):
        check(ours is None, f"{what}: reference is undefined, spantag says {ours}")
    else:
        check(ours is not None and abs(ours - reference) <= TOLERANCE,
              f"{what}: spantag {ours}, reference {reference}")


def reference_kappa(y1, y2):
    if len(y1) == 0:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = float(cohen_kappa_score(y1, y2))
    return None if math.isnan(value) else value


def reference_alpha(matrix):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))
    except ValueError:
        # The package refuses data with a single value: alpha is undefined.
        return None
    return None if math.isnan(value) else value


def exact_f1(a, b):
    if not a and not b:
        return None
    return 2 * len(set(a) & set(b)) / (len(a) + len(b))


def main():
    texts, files = load_fixture()
    annotators = sorted(files)
    labels = sorted({s[2] for per_doc in files.values() for spans in per_doc.values() for s in spans})
    out = subprocess.run([SPANTAG, "agree", "--json", str(FIXTURE)], capture_output=True, text=True)
    check(out.returncode == 0, f"spantag agree exited {out.returncode}: {out.stderr}")
    report = json.loads(out.stdout)

    # The documented schema.
    check(report["annotators"] == annotators, f"annotators {report['annotators']} != {annotators}")
    for key in ("annotators", "pairs", "labels"):
        check(key in report, f"missing top-level key {key!r}")
    for pair in report["pairs"]:
        for key in ("a", "b", "labels", "micro"):
            check(key in pair, f"pair lacks {key!r}")
        check(set(pair["micro"]) >= {"exact_f1", "lenient_f1"}, "micro lacks exact_f1/lenient_f1")
        for per_label in pair["labels"].values():
            wanted = {"exact_f1", "lenient_f1", "kappa", "label_conflicts", "boundary_conflicts", "only_a",
                      "only_b"}
            check(set(per_label) >= wanted, f"pair label lacks {wanted - set(per_label)}")
    for per_label in report["labels"].values():
        check(set(per_label) >= {"alpha", "fleiss_kappa"}, "label lacks alpha/fleiss_kappa")

    compared = 0
    pairs = {(p["a"], p["b"]): p for p in report["pairs"]}
    for i, a in enumerate(annotators):
        for b in annotators[i + 1:]:
            pair = pairs[(a, b)]
            shared = sorted(set(files[a]) & set(files[b]))
            for label in labels:
                y1 = [v for d in shared for v in items(texts[d], files[a][d], label)]
                y2 = [v for d in shared for v in items(texts[d], files[b][d], label)]
                ours = pair["labels"][label]
                close(ours["kappa"], reference_kappa(y1, y2), f"kappa {a}/{b} {label}")
                spans_a = [(d, s, e) for d in shared for (s, e, l) in files[a][d] if l == label]
                spans_b = [(d, s, e) for d in shared for (s, e, l) in files[b][d] if l == label]
                close(ours["exact_f1"], exact_f1(spans_a, spans_b), f"exact F1 {a}/{b} {label}")
                compared += ours["kappa"] is not None

    documents = sorted(texts)
    for label in labels:
        rows = []
        for annotator in annotators:
            row = []
            for d in documents:
                if d in files[annotator]:
                    row.extend(items(texts[d], files[annotator][d], label))
                else:
                    row.extend([np.nan] * sum(ord(c) not in WHITE_SPACE for c in texts[d]))
            rows.append(row)
        matrix = np.array(rows, dtype=float)
        ours = report["labels"][label]["alpha"]
        reference = reference_alpha(matrix)
        close(ours, reference, f"alpha {label}")
        compared += ours is not None
        print(f"{label:8} alpha spantag {ours!r:22} krippendorff {reference!r}")

    missing = [a for a in annotators if set(files[a]) != set(documents)]
    check(missing, "the fixture should leave some report unannotated, to exercise missing data")
    check(compared >= 6, f"only {compared} defined figures were compared")
    for pair in report["pairs"]:
        kappas = {label: v["kappa"] for label, v in pair["labels"].items()}
        print(f"{pair['a']}/{pair['b']}: kappa {kappas}")
    if failures:
        for f in failures:
            print("FAIL:", f)
        return 1
    print(f"agreement: {compared} kappa and alpha figures equal scikit-learn's and krippendorff's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
