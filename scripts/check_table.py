#!/usr/bin/env python3
"""Check phrase-table files the way spinfix loads them, and normalise their rows.

    python scripts/check_table.py spinfix/data/tables/news.tsv          # check; exit 1 on any problem
    python scripts/check_table.py --write spinfix/data/tables/news.tsv  # also rewrite rows canonically
    python scripts/check_table.py --alone my_swaps.tsv                  # without the shipped tables
    python scripts/check_table.py --audit my_swaps.tsv                  # also list rows to look at again

A table file is its own source (docs/table-format.md); this script holds no table notation of its own.
Each file is parsed by ``spinfix.table`` (every row error is ``path:line: reason``), then merged with the
shipped tables in load order as ``Config(tables=[...])`` would (a file that *is* a shipped table takes that
table's place), which runs the loader's checks across files: conflicts, cycles of any length, chains and
growth through inflected forms. Word-level cycles inside phrases (reported, not refused, by the loader)
are printed as warnings. A row is canonical when it is spelt as ``spinfix.table.format_row`` writes it;
``--write`` rewrites the rows that are not and leaves comment and blank lines exactly as they are.

``--audit`` also lists the rows that a maintainer should look at again (warnings, never a failure): a
confident row (>= 0.5, no condition that limits it) whose spun form reads as ordinary English: a
two-word form that is a frequent web bigram or a pair the trigram model knows well, a longer one whose
every trigram the model knows ("could possibly be", "one of the crucial"; this also lists forms whose
trigrams are each ordinary while the whole is not, "in line with a supply", so read each). Such a row
changes clean prose wherever the phrase occurs: "iraqi military" -> "iraqi army" at 0.99 changed "the
Iraqi military said" in real news (the Lee corpus, ``benchmarks/clean_news_lee.py``), and in clean test
sentences "the greenback fell" became "the dollar fell" (``tests/test_ordinary_phrases.py``); the trigram
context agreed each time. Give it ``spun-doc`` (it keeps its confidence where the document is spun) or
``left=``/``right=``, or lower its confidence.
"""

from __future__ import annotations

import argparse
import collections
import sys
from collections.abc import Sequence
from pathlib import Path

from spinfix.errors import PhraseTableError
from spinfix.table import (
    Row,
    compile_rows,
    default_table_paths,
    find_word_cycles,
    format_row,
    merge_tables,
    read_table,
)


def noncanonical(path: Path, rows: Sequence[Row]) -> tuple[list[str], list[int]]:
    """The file's lines with every row spelt canonically, and the line numbers that changed."""
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    changed = []
    for row in rows:
        text = format_row(row)
        if lines[row.line - 1].rstrip("\r") != text:
            lines[row.line - 1] = text
            changed.append(row.line)
    return lines, changed


def stats(rows: Sequence[Row]) -> str:
    """Counts by source, kind, inflection and conditions: a quick look at what an edit changed."""
    c: collections.Counter[str] = collections.Counter()
    for r in rows:
        c["rows"] += 1
        c[f"source={r.source}"] += 1
        c[f"kind={r.kind}"] += 1
        c["with pos"] += r.pos is not None
        c["with context"] += bool(r.conditions.left or r.conditions.right or r.conditions.also
                                  or r.conditions.unless or r.conditions.spun_doc)
        c["detect-only"] += r.detect_only
    return "\n".join(f"  {k:20} {v}" for k, v in sorted(c.items()))


#: A pair of adjacent words reads as ordinary English when the web bigram list counts it this often ...
WEB_COUNT = 200_000
#: ... or when the trigram model gives the second word ``ngram.ORDINARY_LIFT`` or more log10 probability after
#: the first than alone (see ``TrigramModel.attests``).


def audit(rows: Sequence[Row], min_confidence: float = 0.5) -> list[tuple[Row, str]]:
    """Confident rows whose spun form reads as ordinary English, each with the evidence (see --audit)."""
    from spinfix.lexicon import Lexicon
    from spinfix.ngram import TrigramModel

    lexicon, model = Lexicon(), TrigramModel()
    out = []
    for row in rows:
        words = row.spun.lower().replace("'", " '").split()
        if row.confidence < min_confidence or len(words) < 2 or row.conditions.spun_doc or row.detect_only:
            continue
        if row.conditions.left or row.conditions.right or not all(map(model.knows, words)):
            continue
        count = lexicon.bigrams.get(" ".join(words)) if len(words) == 2 else None
        if count is not None and count >= WEB_COUNT:
            out.append((row, f"web count {count:,.0f}"))
        elif model.attests(words):
            why = ("the trigram model knows each of its trigrams" if len(words) > 2
                   else f"the trigram model's lift {model.pair_lift(words[0], words[1]):+.1f}")
            out.append((row, why))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("tables", nargs="+", type=Path, help="table files to check")
    parser.add_argument("--write", action="store_true", help="rewrite non-canonical rows in place")
    parser.add_argument("--alone", action="store_true", help="check the files without the shipped tables")
    parser.add_argument("--audit", action="store_true",
                        help="also list confident rows whose spun form reads as ordinary English")
    args = parser.parse_args(argv)

    problems = 0
    loaded: dict[Path, list[Row]] = {}
    for path in args.tables:
        try:
            rows = read_table(path)
        except PhraseTableError as exc:
            print(exc, file=sys.stderr)
            problems += 1
            continue
        loaded[path.resolve()] = rows
        lines, changed = noncanonical(path, rows)
        if changed and args.write:
            path.write_text("\n".join(lines), encoding="utf-8", newline="\n")
            print(f"{path}: rewrote {len(changed)} rows in the canonical spelling")
        elif changed:
            for number in changed[:20]:
                print(f"{path}:{number}: not canonical; expected: {lines[number - 1]}", file=sys.stderr)
            print(f"{path}: {len(changed)} rows not canonical (--write rewrites them)", file=sys.stderr)
            problems += 1
        print(f"{path}:\n{stats(rows)}")
        if args.audit:
            for row, why in audit(rows):
                print(f"{path}:{row.line}: audit: '{row.spun}' at {row.confidence:.2f} reads as ordinary English "
                      f"({why})", file=sys.stderr)
    if problems:
        return 1

    shipped = [] if args.alone else [Path(p).resolve() for p in default_table_paths()]
    order = shipped + [p for p in loaded if p not in shipped]
    try:
        merged = merge_tables([loaded[p] if p in loaded else read_table(p) for p in order])
    except PhraseTableError as exc:
        print(exc, file=sys.stderr)
        return 1
    compiled = compile_rows(merged, domains=frozenset({"news", "science", "general"}), disabled=frozenset())
    for cycle in find_word_cycles(compiled):
        print(f"warning: {cycle}", file=sys.stderr)
    print(f"ok: {len(merged)} rows merged from {len(order)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
