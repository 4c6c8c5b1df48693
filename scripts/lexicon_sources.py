"""One writer for the ``SOURCES.md`` that ships beside the lexicon data, shared by every build script.

Why: the files of ``spinfix/data/lexicon/`` come from five scripts (``build_lexicon.py``,
``build_ngram.py``, ``build_spin_readings.py``, ``build_collocations.py``, ``build_inflections.py``).
``build_lexicon.py`` used to rewrite the whole ``SOURCES.md`` from its own four files, so a rebuild of the
thesaurus silently dropped the provenance of every other file, and with it the CMU notice that the BSD-2
licence of ``ngram3.npz`` requires in binary distributions; the other scripts only printed what to paste
by hand (``inflections.tsv.gz`` never got its line). Now each script hands over the entries of the files it
wrote and :func:`update` replaces exactly those, keeping every other entry and licence notice as it is.

The file keeps one structure that this module both writes and reads back: a fixed preamble, a table with
one row per file, a ``SHA-256:`` list with one line per file, then one ``## Licence of `file` …`` section
per notice. ``tests/test_packaging.py`` checks that every shipped file has a row and a current hash.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: Row order of the table and the hash list (files not listed here follow, by name).
ORDER = ("unigrams.tsv", "bigrams.tsv", "thesaurus.tsv.gz", "terms.tsv.gz", "inflections.tsv.gz",
         "ngram3.npz", "collocations.tsv.gz", "spin_readings.npz", "thesaurus_options.tsv.gz", "articles.tsv.gz",
         "thesaurus_phrases.tsv.gz", "words_pos.tsv.gz")

TABLE_HEAD = ("| file | contents | rows | bytes | source | licence |", "| --- | --- | ---: | ---: | --- | --- |")

_ROW = re.compile(r"^\| `([^`]+)` \|")
_HASH = re.compile(r"^- `([^`]+)` `[0-9a-f]{64}`")
_SECTION = re.compile(r"^## Licence of `([^`]+)`")


@dataclass(frozen=True)
class Entry:
    """What ``SOURCES.md`` says about one data file.

    ``notice`` is a licence text that must ship with the file, as (section title, text); ``hash_note``
    follows the file's hash (``build_ngram.py`` names the hash of the model it converted).
    """

    file: str
    contents: str
    rows: str
    size: int
    source: str
    licence: str
    sha256: str
    hash_note: str = ""
    notice: tuple[str, str] | None = None

    @classmethod
    def of(cls, path: Path, contents: str, rows: str, source: str, licence: str, **extra: object) -> Entry:
        """The entry of a written file, its size and hash read from disk."""
        data = path.read_bytes()
        return cls(path.name, contents, rows, len(data), source, licence, hashlib.sha256(data).hexdigest(),
                   **extra)  # type: ignore[arg-type]

    def row(self) -> str:
        return f"| `{self.file}` | {self.contents} | {self.rows} | {self.size:,} | {self.source} | {self.licence} |"

    def hash_line(self) -> str:
        return f"- `{self.file}` `{self.sha256}`" + (f" {self.hash_note}" if self.hash_note else "")

    def section(self) -> str | None:
        if self.notice is None:
            return None
        title, text = self.notice
        return f"## Licence of `{self.file}` ({title})\n\n```text\n{text.rstrip()}\n```"


@dataclass
class _Parsed:
    rows: dict[str, str]
    hashes: dict[str, str]
    sections: dict[str, str]


def _parse(text: str) -> _Parsed:
    """Rows, hash lines and notice sections of an existing ``SOURCES.md``, by file name."""
    parsed = _Parsed({}, {}, {})
    section: str | None = None
    body: list[str] = []
    for line in text.splitlines():
        if section is not None:
            m = _SECTION.match(line)
            if m:
                parsed.sections[section] = "\n".join(body).rstrip()
                section, body = m.group(1), [line]
            else:
                body.append(line)
            continue
        if m := _SECTION.match(line):
            section, body = m.group(1), [line]
        elif m := _ROW.match(line):
            parsed.rows[m.group(1)] = line
        elif m := _HASH.match(line):
            parsed.hashes[m.group(1)] = line
    if section is not None:
        parsed.sections[section] = "\n".join(body).rstrip()
    return parsed


def _order(name: str) -> tuple[int, str]:
    return (ORDER.index(name), "") if name in ORDER else (len(ORDER), name)


def render(preamble: str, parsed: _Parsed) -> str:
    files = sorted(set(parsed.rows) | set(parsed.hashes), key=_order)
    lines = [preamble.rstrip(), "", *TABLE_HEAD]
    lines += [parsed.rows[f] for f in files if f in parsed.rows]
    lines += ["", "SHA-256:", ""]
    lines += [parsed.hashes[f] for f in files if f in parsed.hashes]
    for f in sorted(parsed.sections, key=_order):
        lines += ["", parsed.sections[f]]
    return "\n".join(lines) + "\n"


def update(path: Path, entries: Iterable[Entry], preamble: str) -> None:
    """Write ``path`` with ``entries`` replacing the rows, hashes and notices of their files; every other
    file's entry (and notice) is kept as the file had it."""
    parsed = _parse(path.read_text(encoding="utf-8")) if path.exists() else _Parsed({}, {}, {})
    for e in entries:
        parsed.rows[e.file] = e.row()
        parsed.hashes[e.file] = e.hash_line()
        section = e.section()
        if section is not None:
            parsed.sections[e.file] = section
    path.write_text(render(preamble, parsed), encoding="utf-8")


#: The preamble of ``spinfix/data/lexicon/SOURCES.md``.
LEXICON_PREAMBLE = """# spinfix lexicon data

Generated; do not edit by hand. `scripts/build_lexicon.py` builds the word lists, the thesaurus and the
terms; `scripts/build_inflections.py`, `scripts/build_ngram.py`, `scripts/build_collocations.py`,
`scripts/build_spin_readings.py` and `scripts/build_articles.py` build the file each is named after.
Each script rewrites only its own entries of this file (`scripts/lexicon_sources.py`). The `.tsv.gz`
files are gzipped UTF-8 TSV starting with `#spinfix-<name> 1` and `#` comment lines that give their
columns, sources and licences in full (including the Princeton WordNet 3.0 copyright notice); the two
`.tsv` word lists are the same, uncompressed (`#spinfix-<name> 2`, rows ordered by key), so that
spinfix searches them where they lie. The
thesaurus rows are over base forms. Word selection and ordering in the thesaurus file use wordfreq (CC
BY-SA 4.0) frequencies. Full provenance:
`data/SOURCES.md` in the source repository. Two more files of the lexicon build, which spinfix itself
never reads (`thesaurus_phrases.tsv.gz`, `words_pos.tsv.gz`), stay in the repository's
`data/lexicon-extra/` and are not shipped."""

#: The preamble of ``data/lexicon-extra/SOURCES.md``.
EXTRA_PREAMBLE = """# spinfix lexicon data not shipped

Generated by `scripts/build_lexicon.py` (`--extra-out`); do not edit by hand. The same build as
`spinfix/data/lexicon/` (see its `SOURCES.md` and `data/SOURCES.md` for provenance and licences in
full), but spinfix never reads these files: `benchmarks/corpus.py` reads `words_pos.tsv.gz` to pick
the vocabulary of synthetic tables, and `thesaurus_phrases.tsv.gz` is kept for analyses of multi-word
swaps. They stay out of the wheel (2.7 MB)."""
