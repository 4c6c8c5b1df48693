"""Precompute the inflections the shipped tables ask for, so loading them needs no lemminflect.

Rows tagged ``pos=noun`` or ``pos=verb`` match their inflected forms (docs/table-format.md). Computing
those with lemminflect costs about a second at every start (its data loads on first use); this script
computes them once and writes ``spinfix/data/lexicon/inflections.tsv.gz``. At run time the table loader
reads that file first and calls lemminflect only for words it does not hold (rows of user tables).

Run after changing a shipped table:  python scripts/build_inflections.py
The test suite checks that the file covers every shipped row (tests/test_table.py).
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lexicon_sources  # noqa: E402  (scripts/lexicon_sources.py: this script's directory is on sys.path when run)

from spinfix.table import DEFAULT_TABLES, inflection_requests, merge_tables, read_table  # noqa: E402

OUT = ROOT / "spinfix" / "data" / "lexicon" / "inflections.tsv.gz"


def main() -> int:
    from lemminflect import getInflection

    # The phrase tables only: data/tables also holds other lists (legitimate.tsv) in formats of their own.
    tables = sorted(ROOT / "spinfix" / "data" / "tables" / name for name in DEFAULT_TABLES)
    rows = merge_tables([read_table(p) for p in tables], on_conflict="last")
    lines = ["#spinfix-inflections 1",
             "# word<TAB>Penn tag<TAB>form ('-' when lemminflect has none); made by scripts/build_inflections.py",
             "# from lemminflect (MIT) for the words of the shipped tables' pos= rows"]
    for word, tag in sorted(inflection_requests(rows)):
        forms = getInflection(word, tag=tag)
        lines.append(f"{word}\t{tag}\t{forms[0].lower() if forms else '-'}")
    with gzip.GzipFile(OUT, "wb", compresslevel=9, mtime=0) as fh:  # mtime 0: the same input, the same bytes
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"wrote {OUT} ({len(lines) - 3} forms)")
    from lemminflect import __version__ as lemminflect_version

    entry = lexicon_sources.Entry.of(
        OUT, "inflected forms the shipped tables' `pos=` rows match, so that loading them needs no lemminflect",
        f"{len(lines) - 3:,} forms", f"lemminflect {lemminflect_version}, from the words of the shipped tables",
        "MIT (lemminflect)")
    lexicon_sources.update(OUT.parent / "SOURCES.md", [entry], lexicon_sources.LEXICON_PREAMBLE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
