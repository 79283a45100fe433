#!/usr/bin/env python3
"""Rebuild the bundled Chinese font: assets/fonts/NotoSansCJKsc-Regular-subset.otf.

egui's own fonts have no CJK glyphs, so spantag ships Noto Sans CJK SC Regular (SIL OFL 1.1), cut down with
fonttools' pyftsubset to the characters Chinese reports use: GB2312 and Big5 (so both Simplified and Traditional
text renders), ASCII, Latin-1, general and CJK punctuation, full-width forms, and every character of
samples/*.txt. The result is a single OpenType (CFF) font, not a collection, which egui's loader reads.
Layout features egui never uses (locale and vertical forms) are left out; see the comment at the subset call.

Needs Debian's `fonts-noto-cjk` (for NotoSansCJK-Regular.ttc) and `pip install fonttools`. Run from anywhere:

    python3 tools/subset-font.py            # writes the font, then checks it
    python3 tools/subset-font.py --check    # only checks the committed font against the samples

The face is picked from the .ttc by its name table (family "Noto Sans CJK SC", subfamily "Regular"), not by a
hard-coded index, and the script fails if any sample character is missing from the result.
"""

import argparse
import hashlib
import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

REPO = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = pathlib.Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
DEFAULT_OUTPUT = REPO / "assets" / "fonts" / "NotoSansCJKsc-Regular-subset.otf"
WANTED_FAMILY = "Noto Sans CJK SC"
WANTED_SUBFAMILY = "Regular"

# Blocks kept whole, whatever the legacy encodings say (inclusive ranges).
WHOLE_BLOCKS = {
    "ASCII": (0x0020, 0x007E),
    "Latin-1 Supplement": (0x00A0, 0x00FF),
    "General Punctuation": (0x2000, 0x206F),
    "CJK Symbols and Punctuation": (0x3000, 0x303F),
    "Halfwidth and Fullwidth Forms": (0xFF00, 0xFFEF),
}


def encodable_bmp(encoding):
    """Every BMP code point (surrogates excluded) that `encoding` can encode."""
    points = set()
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        try:
            chr(cp).encode(encoding)
        except UnicodeEncodeError:
            continue
        points.add(cp)
    return points


def sample_code_points():
    """Every character of samples/*.txt, except control characters (line breaks, tabs) fonts never have."""
    points = set()
    for path in sorted((REPO / "samples").glob("*.txt")):
        points.update(ord(c) for c in path.read_text(encoding="utf-8") if ord(c) >= 0x20 and c != "\x7f")
    points.discard(0xFEFF)  # a byte-order mark is not drawn
    return points


def wanted_code_points():
    """GB2312 ∪ Big5 ∪ the whole blocks ∪ the samples, with a count of each part for the log."""
    parts = {
        "gb2312": encodable_bmp("gb2312"),
        "big5": encodable_bmp("big5"),
        "samples": sample_code_points(),
    }
    for name, (lo, hi) in WHOLE_BLOCKS.items():
        parts[name] = set(range(lo, hi + 1))
    union = set().union(*parts.values())
    return union, {name: len(points) for name, points in parts.items()}


def find_face(source):
    """The index of Noto Sans CJK SC Regular in the collection, checked by its name table."""
    collection = TTCollection(str(source), lazy=True)
    for index, face in enumerate(collection.fonts):
        names = face["name"]
        if (
            names.getDebugName(1) == WANTED_FAMILY
            and names.getDebugName(2) == WANTED_SUBFAMILY
        ):
            return index
    sys.exit(f"{source}: no face named {WANTED_FAMILY!r} {WANTED_SUBFAMILY!r}")


def check(font_path):
    """Fail unless the font is a single face named Noto Sans CJK SC that maps every sample character."""
    font = TTFont(str(font_path))
    family = font["name"].getDebugName(1)
    if family != WANTED_FAMILY:
        sys.exit(f"{font_path}: family is {family!r}, expected {WANTED_FAMILY!r}")
    cmap = font.getBestCmap()
    missing = sorted(cp for cp in sample_code_points() if cp not in cmap)
    if missing:
        listed = " ".join(f"U+{cp:04X} {chr(cp)}" for cp in missing[:40])
        sys.exit(f"{font_path}: {len(missing)} sample characters missing: {listed}")
    data = font_path.read_bytes()
    print(f"{font_path.relative_to(REPO) if font_path.is_relative_to(REPO) else font_path}:")
    print(f"  size       {len(data):,} bytes ({len(data) / 1e6:.2f} MB)")
    print(f"  glyphs     {font['maxp'].numGlyphs:,}")
    print(f"  characters {len(cmap):,} mapped; all {len(sample_code_points()):,} sample characters covered")
    print(f"  sha256     {hashlib.sha256(data).hexdigest()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=pathlib.Path, default=DEFAULT_SOURCE, help="NotoSansCJK-Regular.ttc")
    parser.add_argument("--output", type=pathlib.Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="only check the existing output font")
    args = parser.parse_args()
    output = args.output.resolve()

    if not args.check:
        if not args.source.is_file():
            sys.exit(f"{args.source}: not found (apt-get install fonts-noto-cjk)")
        face = find_face(args.source)
        points, counts = wanted_code_points()
        print(f"face {face} of {args.source} is {WANTED_FAMILY} {WANTED_SUBFAMILY}")
        print("code points: " + ", ".join(f"{name} {n:,}" for name, n in counts.items()) + f"; union {len(points):,}")
        unicodes = output.with_suffix(".unicodes.txt")
        output.parent.mkdir(parents=True, exist_ok=True)
        unicodes.write_text("\n".join(f"U+{cp:04X}" for cp in sorted(points)) + "\n", encoding="ascii")
        try:
            # The same as the pyftsubset command line; run in-process so the venv's fonttools is the one used.
            subset.main(
                [
                    str(args.source),
                    f"--font-number={face}",
                    f"--unicodes-file={unicodes}",
                    # Keep the copyright, licence and version strings (the OFL asks for the notice):
                    "--name-IDs=*",
                    # egui shapes with harfrust, which never sets a language and lays text out horizontally, so
                    # the Japanese/Korean/Traditional `locl` forms and the vertical forms are never reached.
                    # Dropping them halves the file (about 8.9 MB with them, 4.6 MB without) and leaves what
                    # egui draws unchanged: every character still maps to the same default (SC) glyph.
                    "--layout-features-=locl,vert,vrt2",
                    f"--output-file={output}",
                ]
            )
        finally:
            unicodes.unlink(missing_ok=True)
    check(output)


if __name__ == "__main__":
    main()
