"""The phrase-table format: parse, validate, merge user files, expand inflections.

The format is specified in ``docs/table-format.md``. Loading is strict by design: a table is data written
by people, and a silently skipped row is a swap that silently stops being restored, so every problem is an
error naming ``path:line`` and the reason. Files are parsed as text only (no eval, no pickle).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import regex

from .errors import PhraseTableError
from .loading import read_gzip
from .normalize import is_word_end, is_word_start
from .text import WORD_POSSESSIVE_PATTERN

FORMAT_HEADER = "#spinfix-table 1"
COLUMNS = ("spun", "original", "confidence", "tags", "source", "context")
MAX_ROWS = 1_000_000
MAX_LINE_CHARS = 10_000
MAX_FILE_BYTES = 256 * 1024 * 1024

KINDS = frozenset({"word", "phrase", "function", "tortured", "number"})
POS = frozenset({"noun", "verb"})
FLAGS = frozenset({"detect-only"})

# A word, as ``text.WORD`` defines it (letters, digits and marks, with ' - . between two such characters),
# with possessive quantifiers: letters, connectors and spaces are disjoint, so giving characters back can
# never help, and without it a failing fullmatch of a 10,000-character field backtracked quadratically
# (21 ms, 80 ms at 20,000: minutes for a crafted table file).
_WORD = regex.compile(WORD_POSSESSIVE_PATTERN)
_PHRASE = regex.compile(_WORD.pattern + r"(?: " + _WORD.pattern + r")*+")  # words joined by single spaces
_SOURCE = regex.compile(r"[\w.:/+-]+")

#: The shipped tables, in load order. News comes last so that, for the few spun forms both lists hold,
#: its unconditional rows win over the PPS rows narrowed to one acronym context (right=ai).
DEFAULT_TABLES = ("science_pps.tsv", "news.tsv")


@dataclass(frozen=True, slots=True)
class Conditions:
    """A row's context conditions (see the format doc): all optional."""

    left: frozenset[str] = frozenset()
    right: frozenset[str] = frozenset()
    also: tuple[str, ...] = ()  # ``and=`` phrases: evidence for the swap
    unless: tuple[str, ...] = ()  # ``not=`` phrases: suppress the swap
    spun_doc: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """One validated table row, as written (before inflection)."""

    spun: str
    originals: tuple[str, ...]
    confidence: float
    domain: str
    kind: str
    pos: str | None
    detect_only: bool
    source: str
    conditions: Conditions
    path: str
    line: int
    #: ``file:line`` of the row, with the file's name only (shipped paths are long); set by the parser.
    entry: str = ""

    @property
    def id(self) -> str:
        """A stable name for the row: ``row:`` and 8 hex digits of a hash of its domain, spun form and
        originals, so it survives rows being added, moved or re-scored (``entry``'s line number does not).
        32 bits keep the ~8,000 shipped rows collision-free (checked in the tests)."""
        return row_id(self.domain, self.spun, self.originals)


@dataclass(frozen=True, slots=True)
class Variant:
    """One surface form a row matches: ``pattern`` (normalised) restores to ``originals``."""

    pattern: str
    originals: tuple[str, ...]
    row: Row
    form: str = "as written"


def row_id(domain: str, spun: str, originals: Sequence[str]) -> str:
    """:attr:`Row.id` from its parts (see there)."""
    key = "\x1f".join((domain, spun, *originals)).encode("utf-8")
    return "row:" + hashlib.blake2b(key, digest_size=4).hexdigest()


def _fail(path: str, line: int | None, reason: str) -> PhraseTableError:
    return PhraseTableError(path, line, reason)


def _holds_phrase(text: str, phrase: str) -> bool:
    """Whether the matcher would find ``phrase`` in ``text`` (token-aligned, the possessive ``'s`` allowed)."""
    i = text.find(phrase)
    while i >= 0:
        if is_word_start(text, i) and is_word_end(text, i + len(phrase)):
            return True
        i = text.find(phrase, i + 1)
    return False


def _short(value: str, limit: int = 80) -> str:
    """``repr(value)``, cut to ``limit`` characters: an error message must not repeat a huge line."""
    return repr(value) if len(value) <= limit else repr(value[:limit]) + f"… ({len(value)} characters)"


def _phrase(value: str, what: str, path: str, line: int) -> str:
    value = value.replace("\u2019", "'")
    if _PHRASE.fullmatch(value) and value == value.lower():
        return value  # the usual case, checked in one match; the slow path below explains failures
    words = value.split(" ")
    if not value or any(not w for w in words):
        raise _fail(path, line, f"{what} {_short(value)}: words must be separated by single spaces")
    for w in words:
        if not _WORD.fullmatch(w):
            raise _fail(path, line, f"{what} {_short(value)}: {_short(w)} is not a word (letters and digits, "
                                    "with ' - . only inside)")
    if value != value.lower():
        raise _fail(path, line, f"{what} {_short(value)} must be in lower case")
    return value


def _conditions(field_: str, path: str, line: int) -> Conditions:
    left: set[str] = set()
    right: set[str] = set()
    also: list[str] = []
    unless: list[str] = []
    spun_doc = False
    for part in (p.strip() for p in field_.split(";")):
        if not part:
            continue
        if part == "spun-doc":
            spun_doc = True
            continue
        key, sep, value = part.partition("=")
        if not sep or not value.strip():
            raise _fail(path, line, f"context condition {_short(part)} is not key=value or spun-doc")
        values = [v.strip() for v in value.split("|")]
        if any(not v for v in values):
            raise _fail(path, line, f"context condition {_short(part)} has an empty alternative")
        key = key.strip()
        if key in ("left", "right"):
            words = {_phrase(v.lower(), f"{key} word", path, line) for v in values}
            if any(" " in w for w in words):
                raise _fail(path, line, f"{key}= takes single words, got {_short(value)}")
            (left if key == "left" else right).update(words)
        elif key in ("and", "not"):
            phrases = [_phrase(" ".join(v.lower().split()), f"{key} phrase", path, line) for v in values]
            (also if key == "and" else unless).extend(phrases)
        else:
            raise _fail(path, line, f"unknown context condition {_short(key)} (left, right, and, not, spun-doc)")
    return Conditions(frozenset(left), frozenset(right), tuple(also), tuple(unless), spun_doc)


def _tags(field_: str, path: str, line: int) -> tuple[str, str, str | None, bool]:
    domain, kind, pos, detect_only = "general", "phrase", None, False
    given: set[str] = set()
    for tag in (t.strip() for t in field_.split(",")):
        if not tag:
            continue
        key, sep, value = tag.partition("=")
        name = key if sep else tag
        if name in given:  # "domain=news,domain=science": which one was meant? The row is ambiguous.
            raise _fail(path, line, f"tag {_short(name)} is given more than once in {_short(field_)}")
        given.add(name)
        if not sep:
            if tag not in FLAGS:
                raise _fail(path, line, f"unknown flag {_short(tag)} (known: {', '.join(sorted(FLAGS))})")
            detect_only = True
        elif key == "domain":
            if value not in ("news", "science", "general"):
                raise _fail(path, line, f"unknown domain {_short(value)} (news, science, general)")
            domain = value
        elif key == "kind":
            if value not in KINDS:
                raise _fail(path, line, f"unknown kind {_short(value)} ({', '.join(sorted(KINDS))})")
            kind = value
        elif key == "pos":
            if value not in POS:
                raise _fail(path, line, f"unknown pos {_short(value)} (noun, verb)")
            pos = value
        else:
            raise _fail(path, line, f"unknown tag {_short(key)} (domain, kind, pos)")
    return domain, kind, pos, detect_only


#: The UTF-16 byte-order marks (little- and big-endian): what a file saved as "Unicode" by Windows Notepad,
#: or by Excel's "Unicode text" export, starts with. A table or an input in UTF-16 is refused by name.
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def parse_table(data: bytes | str, path: str) -> list[Row]:
    """Parse one table file's content; ``path`` is used in messages and in each row's entry."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise _fail(path, None, f"file is {len(data)} bytes, more than the {MAX_FILE_BYTES} allowed")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if data.startswith(UTF16_BOMS):
                raise _fail(path, 1, "the file is UTF-16 (it starts with a UTF-16 byte-order mark); "
                                     "save it as UTF-8") from None
            bad_line = data.count(b"\n", 0, exc.start) + 1
            raise _fail(path, bad_line, f"invalid UTF-8 (byte {exc.start}): {exc.reason}") from None
    else:
        text = data
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    first = lines[0].rstrip("\r").strip() if lines else ""
    if not first.startswith("#spinfix-table"):
        raise _fail(path, 1, f"not a spinfix table: the first line must be {FORMAT_HEADER!r}")
    if "\r" in first:  # the whole file is one "line": CR-only line breaks (classic Mac OS)
        raise _fail(path, 1, "line breaks are CR only; save the file with LF or CRLF line breaks")
    if first != FORMAT_HEADER:
        raise _fail(path, 1, f"unsupported format version {_short(first)}; this spinfix reads {FORMAT_HEADER!r}")
    rows: list[Row] = []
    header_seen = False
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines[1:], start=2):
        line = raw[:-1] if raw.endswith("\r") else raw
        if len(line) > MAX_LINE_CHARS:
            raise _fail(path, number, f"line is {len(line)} characters long, more than {MAX_LINE_CHARS}")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if tuple(f.strip() for f in fields) != COLUMNS:
                raise _fail(path, number, "the column header must be: " + "<TAB>".join(COLUMNS))
            header_seen = True
            continue
        if len(fields) not in (5, 6):
            raise _fail(path, number, f"expected 5 or 6 tab-separated fields, found {len(fields)}")
        if len(rows) >= MAX_ROWS:
            raise _fail(path, number, f"more than {MAX_ROWS} rows")
        rows.append(_row(fields, path, number, seen))
    if not header_seen:
        raise _fail(path, None, "no column header line")
    return rows


def _row(fields: list[str], path: str, number: int, seen: dict[str, int]) -> Row:
    spun_f, orig_f, conf_f, tags_f, source_f = (f.strip() for f in fields[:5])
    context_f = fields[5].strip() if len(fields) == 6 else ""
    if not spun_f:
        raise _fail(path, number, "empty spun field")
    if not orig_f:
        raise _fail(path, number, "empty original field (use ? for an unknown original)")
    spun = _phrase(spun_f, "spun", path, number)
    if orig_f == "?":
        originals: tuple[str, ...] = ()
    else:
        alts = [a.strip() for a in orig_f.split("|")]
        if any(not a for a in alts):
            raise _fail(path, number, f"original {_short(orig_f)} has an empty alternative")
        originals = tuple(dict.fromkeys(_phrase(a, "original", path, number) for a in alts))
    if spun in originals:
        raise _fail(path, number, f"spun form {_short(spun)} is also listed as its own original")
    for original in originals:
        if _holds_phrase(original, spun):  # "a -> a year": every run would restore its own output again
            raise _fail(path, number, f"original {_short(original)} contains the spun form {_short(spun)}: "
                                      "restoring would rewrite its own output on every run")
    try:
        confidence = float(conf_f)
    except ValueError:
        raise _fail(path, number, f"confidence {_short(conf_f)} is not a number") from None
    if not (math.isfinite(confidence) and 0.0 < confidence <= 1.0):
        raise _fail(path, number, f"confidence {_short(conf_f)} is outside (0, 1]")
    domain, kind, pos, detect_only = _tags(tags_f, path, number)
    if not source_f:
        raise _fail(path, number, "the source column is empty: name where the row comes from in one token "
                                  "(e.g. user, observed, thesaurus)")
    if not _SOURCE.fullmatch(source_f):
        raise _fail(path, number, f"source {_short(source_f)} must be one token (letters, digits, . : / + -)")
    if spun in seen:
        raise _fail(path, number, f"spun form {_short(spun)} already appears on line {seen[spun]}; "
                                  "list its alternatives in one row")
    seen[spun] = number
    conditions = _conditions(context_f, path, number)
    if not originals:
        detect_only = True
    return Row(spun, originals, confidence, domain, kind, pos, detect_only, source_f, conditions,
               path, number, f"{Path(path).name}:{number}")


def read_table(path: str | Path) -> list[Row]:
    """Read and validate one table file.

    Only regular files: a FIFO would block the open until some writer appears, and ``/dev/zero`` passes
    a size check (``st_size`` is 0) and then reads until memory runs out. The file is opened without
    blocking, checked again on the open descriptor (it may have been swapped since the ``stat``), and at
    most MAX_FILE_BYTES + 1 bytes are read whatever its size claims.
    """
    p = Path(path)
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise _fail(str(p), None, "is a directory, not a table file")
        if not stat.S_ISREG(info.st_mode):
            raise _fail(str(p), None, "not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise _fail(str(p), None, f"file is {info.st_size} bytes, more than the {MAX_FILE_BYTES} allowed")
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise _fail(str(p), None, "not a regular file")
            data = fh.read(MAX_FILE_BYTES + 1)
    except PhraseTableError:
        raise
    except OSError as exc:
        raise _fail(str(p), None, f"cannot read table: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:  # st_size said less: a file that grew, or one of /proc's size-0 files
        raise _fail(str(p), None, f"file has more than the {MAX_FILE_BYTES} bytes allowed")
    return parse_table(data, str(p))


def default_table_paths() -> list[str]:
    """Paths of the shipped tables inside the installed package."""
    base = resources.files("spinfix") / "data" / "tables"
    return [str(base / name) for name in DEFAULT_TABLES]


#: The shipped tables, parsed, checked and merged ahead of time (``scripts/build_table_cache.py``): plain
#: JSON, keyed by the SHA-256 of each source file, so a table edited after the build is parsed as usual.
#: Parsing, checking and merging the ~11k shipped rows took ~0.23 s of every cold start (issue 14).
CACHE_NAME = "shipped.cache.json.gz"
CACHE_FORMAT = "spinfix-table-cache 2"
_NO_CONDITIONS = Conditions()


def _cache_path() -> str:
    return str(resources.files("spinfix") / "data" / "tables" / CACHE_NAME)


def _digest(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


def build_cache(paths: Sequence[str]) -> dict[str, object]:
    """The cache document for the table files ``paths`` (read, validated and merged as ``load_tables`` does)."""
    tables = [read_table(p) for p in paths]
    merged = merge_tables(tables)  # on_conflict="error": raises rather than cache a table Config() refuses
    position = {id(r): k for k, r in enumerate(r for rows in tables for r in rows)}

    def encode(row: Row, file_index: int) -> list[object]:
        c = row.conditions
        cond: object = 0 if c == _NO_CONDITIONS else [sorted(c.left), sorted(c.right), list(c.also), list(c.unless),
                                                      c.spun_doc]
        return [file_index, row.line, row.spun, list(row.originals), row.confidence, row.domain, row.kind, row.pos,
                row.detect_only, row.source, cond]

    # The inflected forms of each row, as expand() makes them: [merged row, pattern, originals, form].
    forms = [[k, v.pattern, list(v.originals), v.form] for k, row in enumerate(merged) for v in expand(row)[1:]]
    return {"format": CACHE_FORMAT,
            "files": [{"name": Path(p).name, "sha256": _digest(p)} for p in paths],
            "rows": [encode(r, k) for k, rows in enumerate(tables) for r in rows],
            "merged": [position[id(r)] for r in merged],
            "forms": forms}


class CachedRows(list[Row]):
    """The merged rows of the shipped tables as their cache holds them, with each row's inflected forms
    (what :func:`expand` makes of it), which :func:`compile_rows` reads instead of working them out:
    expanding the ~11,000 rows into ~15,700 forms took 0.05 s of every cold start (issue 14). To every
    other caller it is the list of rows."""

    __slots__ = ("forms",)

    def __init__(self, rows: Iterable[Row], forms: list[list[Any]]) -> None:
        super().__init__(rows)
        #: [row index, pattern, originals, form] of each inflected form, as the cache stores them.
        self.forms = forms

    def inflected(self) -> dict[int, list[Variant]]:
        """Each row's inflected forms, by the row's index."""
        out: dict[int, list[Variant]] = {}
        for k, pattern, originals, form in self.forms:
            out.setdefault(k, []).append(Variant(pattern, tuple(originals), self[k], form))
        return out


def _read_cache(paths: Sequence[str]) -> tuple[list[list[Row]], list[Row]] | None:
    """Each file's rows and their merge, from the cache, when it was built from exactly these files' bytes."""
    try:
        doc = json.loads(read_gzip(_cache_path()))
    except (OSError, ValueError):
        return None
    files = doc.get("files") if isinstance(doc, dict) and doc.get("format") == CACHE_FORMAT else None
    if not files or [f["name"] for f in files] != [Path(p).name for p in paths]:
        return None
    if any(f["sha256"] != _digest(p) for f, p in zip(files, paths)):
        return None  # a table changed since the cache was built: parse it
    names = [Path(p).name for p in paths]
    tables: list[list[Row]] = [[] for _ in paths]
    flat = []
    # Most rows share one of a few hundred conditions ("spun-doc", a left word): one object each.
    shared: dict[str, Conditions] = {}
    for k, line, spun, originals, confidence, domain, kind, pos, detect_only, source, cond in doc["rows"]:
        conditions = _NO_CONDITIONS
        if cond:
            key = repr(cond)
            found = shared.get(key)
            if found is None:
                found = shared[key] = Conditions(
                    frozenset(cond[0]), frozenset(cond[1]), tuple(cond[2]), tuple(cond[3]), cond[4])
            conditions = found
        row = Row(spun, tuple(originals), confidence, domain, kind, pos, detect_only, source, conditions,
                  paths[k], line, f"{names[k]}:{line}")
        tables[k].append(row)
        flat.append(row)
    merged = [flat[i] for i in doc["merged"]]
    forms = doc.get("forms")
    if not isinstance(forms, list):
        return tables, merged  # no forms: compile_rows expands the rows
    return tables, CachedRows(merged, forms)


def load_tables(paths: Sequence[str], on_conflict: str = "error") -> list[Row]:
    """``merge_tables([read_table(p) for p in paths], on_conflict)``, taking the shipped tables from the
    cache when ``paths`` starts with them and the cache matches their bytes."""
    paths = [str(p) for p in paths]
    shipped = default_table_paths()
    if paths[:len(shipped)] == shipped:
        cached = _read_cache(shipped)
        if cached is not None:
            tables, merged = cached
            if len(paths) == len(shipped):
                return merged  # checked when the cache was built; with no conflicts "last" merges alike
            return merge_tables([*tables, *(read_table(p) for p in paths[len(shipped):])], on_conflict=on_conflict)
    return merge_tables([read_table(p) for p in paths], on_conflict=on_conflict)


def merge_tables(tables: Sequence[Sequence[Row]], on_conflict: str = "error") -> list[Row]:
    """Merge files in order; the same spun form in two files must agree unless ``on_conflict='last'``.

    A later file may restate a row with the same originals (to change its confidence, tags or
    conditions): the later row wins. Mapping it to *different* originals is a conflict. Cycles
    (``a → b`` and ``b → a``) are always errors: one of the two rows is wrong.
    """
    merged: dict[str, Row] = {}
    for rows in tables:
        for row in rows:
            old = merged.get(row.spun)
            if old is not None and set(old.originals) != set(row.originals) and on_conflict == "error":
                raise _fail(row.path, row.line,
                            f"spun form {row.spun!r} maps to {' | '.join(row.originals) or '?'} here but to "
                            f"{' | '.join(old.originals) or '?'} in {old.path}:{old.line} "
                            "(remove one, or load with on_conflict='last')")
            merged[row.spun] = row
    for row in merged.values():
        for orig in row.originals:
            back = merged.get(orig)
            if back is not None and row.spun in back.originals:
                later, earlier = sorted((row, back), key=lambda r: (r.path, r.line), reverse=True)
                raise _fail(later.path, later.line,
                            f"cycle: {later.spun!r} -> {earlier.spun!r} here, but {earlier.spun!r} -> "
                            f"{later.spun!r} in {earlier.path}:{earlier.line}")
    _check_long_cycles(surface_forms(merged.values()))
    return list(merged.values())


#: Longest run of restorations a table may chain (restoring ``a`` writes ``b``'s spun form, restoring ``b``
#: writes ``c``'s, ...). ``restore`` re-reads its output a little more often than this (``MAX_PASSES``),
#: leaving room for chains through neighbouring words that no loader check sees; a longer table chain
#: would not settle and would be undone.
MAX_CHAIN = 3

#: Longest spun form looked for inside an original when checking for cycles (longer ones are rare, and the
#: bound keeps the check linear in the size of the tables).
MAX_CYCLE_WORDS = 12


def _check_long_cycles(forms: dict[str, Variant]) -> None:
    """Refuse every cycle of restorations, of any length, through whole phrases or inside them.

    The nodes are the surface forms the compiled table matches (:func:`surface_forms`): the rows as
    written *and their inflections*, since ``corporation → corporations group`` (``pos=noun``) is
    harmless as written but its plural restores ``corporations`` to ``corporations groups``, which holds
    ``corporations`` again and grows on every run. There is an edge from a form to every form that one of
    its originals holds as whole words (``a → said`` and ``said → a year``: "said" is a spun form, "a
    year" holds "a"). A cycle means restoring rewrites its own output on every run: ``a → b → c → a``
    flips back and forth, and ``a → said → a year`` grows the text ("a year year year …", found by the
    fuzzer). One of the rows is wrong.

    An iterative depth-first search (a table may hold a million rows, too deep for recursion); each
    original is cut into runs of at most MAX_CYCLE_WORDS words, so the check is linear in the table.
    """
    longest = min(MAX_CYCLE_WORDS, max((s.count(" ") + 1 for s in forms), default=1))

    def edges(form: Variant) -> list[tuple[str, str]]:
        out = []
        for original in form.originals:
            words = original.split(" ")
            for i in range(len(words)):
                for j in range(i + 1, min(len(words), i + longest) + 1):
                    sub = " ".join(words[i:j])
                    if sub in forms:
                        out.append((sub, original))
        return out

    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    depth: dict[str, int] = {}  # restorations in the longest chain starting at a form
    for root, first in forms.items():
        if root in state:
            continue
        path: list[str] = [root]
        via: list[str] = []  # via[k]: the original of path[k] that holds path[k + 1]
        below: list[int] = [0]  # below[k]: the longest chain found so far under path[k]
        state[root] = 1
        stack = [iter(edges(first))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                done = path.pop()
                state[done] = 2
                stack.pop()
                depth[done] = 1 + below.pop()
                if depth[done] > MAX_CHAIN:
                    _refuse_chain(forms, depth, done, edges)
                if below:
                    below[-1] = max(below[-1], depth[done])
                if via:
                    via.pop()
                continue
            nxt, original = step
            if state.get(nxt) == 2:
                below[-1] = max(below[-1], depth[nxt])
                continue
            if state.get(nxt) == 1:
                k = path.index(nxt)
                _refuse_cycle(forms, [*path[k:], nxt], [*via[k:], original])
            state[nxt] = 1
            path.append(nxt)
            via.append(original)
            below.append(0)
            stack.append(iter(edges(forms[nxt])))


#: How the loader names an inflected form in a message (the Penn tags lemminflect is asked for).
_FORM_NAMES = {"NNS": "plural", "VBZ": "-s form", "VBD": "past tense", "VBN": "past participle",
               "VBG": "-ing form"}


def _name(form: Variant) -> str:
    """A form for a message: ``'stated'``, or ``'corporations' (plural of 'corporation')`` when inflected."""
    if form.form == "as written":
        return repr(form.pattern)
    return f"{form.pattern!r} ({_FORM_NAMES.get(form.form, form.form)} of {form.row.spun!r})"


def _rows_of(forms: Sequence[Variant]) -> list[Row]:
    return list({id(f.row): f.row for f in forms}.values())


def _refuse_cycle(forms: dict[str, Variant], cycle: list[str], originals: list[str]) -> None:
    """Raise for a cycle of forms (``cycle[-1] == cycle[0]``); ``originals[k]`` holds ``cycle[k + 1]``."""
    variants = [forms[s] for s in cycle[:-1]]
    rows = _rows_of(variants)
    row = max(rows, key=lambda r: (r.path, r.line))
    if len(rows) == 1 and any(v.form != "as written" for v in variants):
        v = variants[-1]
        raise _fail(row.path, row.line,
                    f"the inflected form {_name(v)} restores to {originals[-1]!r}, which contains "
                    f"{_name(forms[cycle[-1]])}: restoring would rewrite its own output on every run")
    others = ", ".join(f"{r.path}:{r.line}" for r in rows if r is not row)
    inside = [f"{o!r} holds {n!r}" for o, n in zip(originals, cycle[1:]) if o != n]
    detail = f"; restoring never settles: {', '.join(inside)}" if inside else ""
    with_ = f" (with {others})" if others else ""
    raise _fail(row.path, row.line, f"cycle: {' -> '.join(_name(forms[s]) for s in cycle)}{with_}{detail}")


def _refuse_chain(forms: dict[str, Variant], depth: dict[str, int], start: str,
                  edges: Callable[[Variant], list[tuple[str, str]]]) -> None:
    """Raise for the longest chain of restorations from ``start`` (see MAX_CHAIN), naming its rows."""
    chain = [start]
    while depth[chain[-1]] > 1:
        chain.append(max((n for n, _ in edges(forms[chain[-1]])), key=lambda n: depth[n]))
    rows = _rows_of([forms[s] for s in chain])
    row = max(rows, key=lambda r: (r.path, r.line))
    others = ", ".join(f"{r.path}:{r.line}" for r in rows if r is not row)
    raise _fail(row.path, row.line,
                f"chain of {len(chain)} restorations: {' -> '.join(_name(forms[s]) for s in chain)} "
                f"(with {others}); restore settles after {MAX_CHAIN}: give the first rows the final wording")


@dataclass(frozen=True, slots=True)
class WordCycle:
    """Two rows that undo each other inside a phrase: restoring ``outer`` writes ``inner``'s spun form.

    ``outer`` restores ``heat move`` to ``heat transfer``; ``inner`` restores ``transfer`` to ``move``. In
    a document that looks spun, one run turns ``heat transfer`` into ``heat move`` and the next turns it
    back, so ``restore`` is not idempotent and can write a phrase the table itself lists as spun.
    """

    outer: Variant
    inner: Variant

    def __str__(self) -> str:
        o, i = self.outer, self.inner
        return (f"{o.row.entry}: {o.pattern!r} -> {o.originals[0]!r} contains {i.pattern!r}, which "
                f"{i.row.entry} restores to {i.originals[0]!r}, giving {o.pattern!r} back")


def find_word_cycles(table: CompiledTable, max_words: int = 8) -> list[WordCycle]:
    """Pairs of surface forms where restoring one writes the other's spun form and vice versa (see
    :class:`WordCycle`). Whole-phrase cycles are load errors (:func:`merge_tables`); these are reported,
    not refused, because a word row and a phrase row can each be right on their own.

    For each form, every run of up to ``max_words`` words of its first original is looked up among the
    spun forms: linear in the number of forms.
    """
    out: list[WordCycle] = []
    for pattern, outer in table.variants.items():
        if not outer.originals:
            continue
        words = outer.originals[0].split(" ")
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + max_words) + 1):
                inner = table.variants.get(" ".join(words[i:j]))
                if inner is None or inner is outer or not inner.originals:
                    continue
                if " ".join([*words[:i], inner.originals[0], *words[j:]]) == pattern:
                    out.append(WordCycle(outer, inner))
    return out


@lru_cache(maxsize=1)
def _shipped_inflections() -> dict[tuple[str, str], str | None]:
    """Inflections precomputed for the shipped tables (scripts/build_inflections.py)."""
    path = resources.files("spinfix") / "data" / "lexicon" / "inflections.tsv.gz"
    out: dict[tuple[str, str], str | None] = {}
    try:
        with gzip.open(str(path), "rt", encoding="utf-8") as fh:
            for line in fh:
                if not line.startswith("#"):
                    word, tag, form = line.rstrip("\n").split("\t")
                    out[(word, tag)] = None if form == "-" else form
    except FileNotFoundError:
        pass  # a source checkout without the built file: lemminflect answers everything
    return out


@lru_cache(maxsize=65536)
def _inflect(word: str, tag: str) -> str | None:
    shipped = _shipped_inflections()
    if (word, tag) in shipped:
        return shipped[(word, tag)]
    from lemminflect import getInflection  # heavy import (~1 s), only for words of user tables

    forms = getInflection(word, tag=tag)
    return forms[0] if forms else None


def inflection_requests(rows: Iterable[Row]) -> set[tuple[str, str]]:
    """The (word, tag) pairs that expanding ``rows`` asks for: what the shipped cache must hold."""
    out: set[tuple[str, str]] = set()
    for row in rows:
        if row.pos is None or not row.originals:
            continue
        index, tags = (-1, _NOUN_TAGS) if row.pos == "noun" else (0, _VERB_TAGS)
        for phrase in (row.spun, *row.originals):
            out.update((phrase.split(" ")[index], tag) for tag in tags)
    return out


_NOUN_TAGS = ("NNS",)
_VERB_TAGS = ("VBZ", "VBD", "VBN", "VBG")


def _swap_word(phrase: str, index: int, tag: str) -> str | None:
    words = phrase.split(" ")
    form = _inflect(words[index], tag)
    if form is None:
        return None
    words[index] = form.lower()
    return " ".join(words)


def expand(row: Row) -> list[Variant]:
    """The row's surface forms: itself plus the inflections its ``pos`` asks for."""
    out = [Variant(row.spun, row.originals, row)]
    if row.pos is None or not row.originals:
        return out
    index, tags = (-1, _NOUN_TAGS) if row.pos == "noun" else (0, _VERB_TAGS)
    seen = {row.spun}
    for tag in tags:
        spun = _swap_word(row.spun, index, tag)
        if spun is None or spun in seen:
            continue
        originals = tuple(o for o in (_swap_word(o, index, tag) for o in row.originals) if o is not None)
        if len(originals) != len(row.originals):
            continue
        seen.add(spun)
        out.append(Variant(spun, originals, row, tag))
    return out


class _Named(Protocol):
    @property
    def rule(self) -> str: ...
    @property
    def entry(self) -> str: ...


@dataclass
class CompiledTable:
    """All variants of the active rows, keyed by pattern, plus the protected phrases."""

    variants: dict[str, Variant] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    #: Rows by ``(rule, entry)``, what a candidate carries of its row; their ids (a hash each) are computed
    #: when a finding asks, not for all ~11,000 rows at every start.
    by_entry: dict[tuple[str, str], Row] = field(default_factory=dict, repr=False)

    def rule_id(self, candidate: _Named) -> str:
        """The stable id of what produced ``candidate`` (or a finding): its row's :attr:`Row.id` for a table
        row, else the rule name (``rule:number``, ``general:learned`` …)."""
        if candidate.rule.startswith("table:"):
            row = self.by_entry.get((candidate.rule, candidate.entry))
            return row.id if row is not None else candidate.rule
        return candidate.rule


def compile_rows(rows: Iterable[Row], *, domains: frozenset[str], disabled: frozenset[str]) -> CompiledTable:
    """Keep rows of the wanted domains that are not disabled, and index every surface form.

    A form written in a row always wins over the same form generated by inflecting another row
    (``states → says`` written out beats the plural of a noun row ``state → …``). The shipped rows as
    ``load_tables`` takes them from their cache (:class:`CachedRows`) come with their inflected forms.
    """
    cached = rows.inflected() if isinstance(rows, CachedRows) else None
    table = CompiledTable()
    for k, row in enumerate(rows):
        if row.spun in disabled or (row.domain not in domains and row.domain != "general"):
            continue
        table.rows.append(row)
        table.by_entry[(f"table:{row.domain}", row.entry)] = row
        _index(table.variants, expand(row) if cached is None else
               [Variant(row.spun, row.originals, row), *cached.get(k, ())])
    return table


def _index(variants: dict[str, Variant], forms: Iterable[Variant]) -> None:
    """Add a row's surface ``forms`` (:func:`expand`) to ``variants``; a form written in a row beats an
    inflected one."""
    for variant in forms:
        old = variants.get(variant.pattern)
        if old is None or (old.form != "as written" and variant.form == "as written"):
            variants[variant.pattern] = variant


def surface_forms(rows: Iterable[Row]) -> dict[str, Variant]:
    """Every form the compiled table of ``rows`` matches, by pattern (as :func:`compile_rows` indexes them,
    with every domain on): what the loader checks for growth, chains and cycles."""
    variants: dict[str, Variant] = {}
    for row in rows:
        _index(variants, expand(row))
    return variants


def format_confidence(confidence: float) -> str:
    """A confidence as tables write it: two decimals (``0.80``), or every digit when two would change it."""
    text = f"{confidence:.2f}"
    return text if float(text) == confidence else repr(confidence)


def format_row(row: Row) -> str:
    """One row in the canonical file format, the inverse of parsing: ``parse_table`` of the line gives ``row``
    back (up to path and line). The one formatter for every tool that writes a table, so the shipped
    tables and ``scripts/check_table.py`` agree byte for byte; the context field is left out when empty."""
    tags = [f"domain={row.domain}", f"kind={row.kind}"]
    if row.pos:
        tags.append(f"pos={row.pos}")
    if row.detect_only:  # also for an unknown original ("?"), where the parser implies it: say it in the file
        tags.append("detect-only")
    c = row.conditions
    context = []
    if c.left:
        context.append("left=" + "|".join(sorted(c.left)))
    if c.right:
        context.append("right=" + "|".join(sorted(c.right)))
    if c.also:
        context.append("and=" + "|".join(c.also))
    if c.unless:
        context.append("not=" + "|".join(c.unless))
    if c.spun_doc:
        context.append("spun-doc")
    original = " | ".join(row.originals) if row.originals else "?"
    fields = [row.spun, original, format_confidence(row.confidence), ",".join(tags), row.source]
    if context:
        fields.append(";".join(context))
    return "\t".join(fields)


def format_table(rows: Iterable[Row], comment: str = "") -> str:
    """A whole table file for ``rows``, with an optional comment block."""
    lines = [FORMAT_HEADER]
    lines += [f"# {line}" for line in comment.splitlines()]
    lines.append("\t".join(COLUMNS))
    lines += [format_row(r) for r in rows]
    return "\n".join(lines) + "\n"
