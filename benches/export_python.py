"""The baseline of `cargo bench --bench export`: the jsonl export of `spantag export --format jsonl`, written as a
plain Python standard-library script. It does the same work: list the reports, read and decode each one, check
the gold annotation file against it (SHA-256 and length, every span's text), and write one JSON line a document
atomically (temporary file, fsync, rename). It reads spantag's canonical RON with regular expressions, which is
enough for the files spantag writes. It writes no Figure `value` (reading Chinese figures is spantag's own
engine); the bench compares the outputs with those keys taken out. Usage: export_python.py WORKSPACE OUT.jsonl
"""

import hashlib
import json
import os
import re
import sys
import tempfile

STRING = r'"(?:[^"\\]|\\.)*"'
SPAN = re.compile(
    r"\(start: (\d+), end: (\d+), label: (" + STRING + r"), text: (" + STRING + r")"
    r"(?:, note: Some\((" + STRING + r")\))?(?:, annotators: \[([^\]]*)\])?\)"
)
DOCUMENT = re.compile(r"chars: (\d+),\s*sha256: \"([0-9a-f]+)\"")
STATUS = re.compile(r"status: (\w+)")
BRACED_UNICODE = re.compile(r"\\u\{([0-9a-fA-F]+)\}")
STATUS_NAMES = {"Todo": "todo", "InProgress": "in progress", "Done": "done"}


def ron_string(literal):
    if "\\u{" in literal:
        literal = BRACED_UNICODE.sub(lambda m: "\\u%04x" % int(m.group(1), 16), literal)
    return json.loads(literal)


def documents(root):
    found = []
    for folder, dirs, files in os.walk(root):
        rel = os.path.relpath(folder, root)
        if rel == ".":
            dirs[:] = [d for d in dirs if d not in ("annotations", "target") and not d.startswith(".")]
        else:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith(".txt") and not name.startswith("."):
                found.append(name if rel == "." else rel.replace(os.sep, "/") + "/" + name)
    return sorted(found)


def export(root, out_path):
    out_dir = os.path.dirname(os.path.abspath(out_path))
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=out_dir, delete=False, newline="") as out:
        for doc in documents(root):
            with open(os.path.join(root, doc), "rb") as f:
                text = f.read().decode("utf-8")
            ron_path = os.path.join(root, "annotations", "gold", doc[: -len(".txt")] + ".ron")
            spans, status = [], "todo"
            if os.path.exists(ron_path):
                with open(ron_path, encoding="utf-8") as f:
                    ron = f.read()
                chars, sha = DOCUMENT.search(ron).groups()
                if int(chars) != len(text) or sha != hashlib.sha256(text.encode("utf-8")).hexdigest():
                    sys.exit(f"{ron_path}: the text changed since it was annotated")
                status = STATUS_NAMES[STATUS.search(ron).group(1)]
                for m in SPAN.finditer(ron):
                    start, end = int(m.group(1)), int(m.group(2))
                    span = {"start": start, "end": end, "label": ron_string(m.group(3)), "text": ron_string(m.group(4))}
                    if span["text"] != text[start:end]:
                        sys.exit(f"{ron_path}: span {start}..{end} does not match the text")
                    if m.group(5) is not None:
                        span["note"] = ron_string(m.group(5))
                    if m.group(6):
                        span["annotators"] = [ron_string(s) for s in re.findall(STRING, m.group(6))]
                    spans.append(span)
            record = {"id": doc, "text": text, "spans": spans, "annotator": "gold", "status": status}
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(out.name, out_path)


if __name__ == "__main__":
    export(sys.argv[1], sys.argv[2])
