"""The corpus scanner behind ``spinfix scan``: score (and optionally restore) many documents, streaming.

This module owns everything between a list of corpus paths and one JSON Lines output:

* **inputs** — files, directories (recursive, sorted), globs and stdin; plain text (a document per file, or
  per line with ``--lines``) or JSON Lines (``--field`` names the text), each possibly gzipped;
* **batching** — the main process only reads raw byte blocks cut at line ends and ships them; decoding,
  JSON parsing, scoring and JSON encoding of the output all happen in the workers, so the main process
  stays nearly idle and IPC carries a few large messages instead of many small ones;
* **workers** — a process pool whose workers build one :class:`~spinfix.Restorer` each (in the
  initializer, never per task), fed through a bounded window of in-flight batches so memory stays flat
  however large the input, with results consumed in submission order;
* **bad records** — undecodable bytes, invalid JSON (NaN, nesting too deep to parse), a missing or
  non-string field, a damaged gzip stream (read with streaming zlib, so every record before the damage
  comes out): counted, reported as ``file:line`` on stderr, and passed through with a ``spinfix_error``
  field, written to a rejects file, or fatal (``--on-error``); records are never re-serialised, so what
  passes through is byte for byte what came in;
* **output** — through :mod:`spinfix.files`: a file is written to a temporary file renamed into place at
  the end (all outputs together, after the summary), so an interrupted or failed run never leaves a partial
  file; stdout, FIFOs and devices are streamed;
* **reporting** — a progress line on a terminal and a summary (verdict shares, most frequent swaps, bad
  records, throughput) on stderr, optionally as JSON; with ``--html``, the data of a review page (a score
  histogram of every document and the highest-scoring documents), gathered in bounded memory: each worker
  sends per batch a histogram of at most 300 counts and at most ``--html-docs`` candidates, and the main
  process keeps the best in a heap of that size. The page itself is drawn by :mod:`spinfix.report`, which
  the command line hands in (front ends do not import each other).
"""

from __future__ import annotations

import argparse
import base64
import collections
import contextlib
import glob
import heapq
import itertools
import json
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NamedTuple

from .config import Config
from .errors import EXIT_ERROR, EXIT_OK, SpinfixError, UsageError
from .files import STDOUT, OutputWriter, check_outputs, commit, resolve_output, terminate_as_interrupt
from .inputs import BOM, NOT_UTF8_BUT_UTF16, not_utf8, read_error, read_problem
from .mine import MIN_DOCUMENTS, SpinnerVocabulary
from .records import Analysis, Finding, ParagraphScore, SpinScore
from .restore import Restorer, score_bin
from .scan_flags import HTML_DOCS, VERDICTS, default_jobs
from .table import UTF16_BOMS

#: Batches in flight per worker: enough to keep every worker busy while the main process writes.
WINDOW_PER_JOB = 4

#: Bad records reported one by one on stderr; the rest are only counted (and written to ``--rejects``).
MAX_WARNINGS = 20
#: Distinct swaps tracked for the summary before the rarest are pruned (keeps memory flat on huge corpora).
MAX_SWAP_KEYS = 50_000
#: Seconds to wait for the workers to finish the batches they hold when a scan stops early.
STOP_TIMEOUT = 30.0
#: Score bins of the ``--html`` histogram: 0.01 wide, which the report's bars of 0.1 add up exactly
#: (:func:`spinfix.restore.score_bin`), and few enough that a batch's histogram is at most 300 counts.
HTML_SCORE_BINS = 100
JSONL_SUFFIXES = frozenset({".jsonl", ".json", ".ndjson"})
#: spinfix's own fields in an output record all start with this, so they never collide with a user's field
#: (a record's own ``error`` or ``verdict`` passes through untouched). Input fields with the prefix are an
#: earlier scan's output: they are dropped and this scan's written instead, so a re-scan does not stack them.
FIELD_PREFIX = "spinfix_"
_JSON_WS = " \t\r\n"  # the only whitespace JSON allows (str.strip() would take more)


class _Number(str):
    """A JSON number as its source text. Records are only inspected, never re-serialised, so a number is
    never converted: ``1e999``, ``1.00000000000000000001`` or a 5,000-digit integer (which ``int()``
    refuses) cost nothing and cannot fail."""


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity: Python's json accepts them, JSON does not


_DECODER = json.JSONDecoder(parse_float=_Number, parse_int=_Number, parse_constant=_no_constant)
_WS_RE = re.compile(r"[ \t\r\n]*")
_JSON_TYPES = {bool: "a boolean", int: "a number", float: "a number", _Number: "a number", list: "an array",
               dict: "an object", type(None): "null"}


# --- inputs ------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Source:
    """One input stream: a file (maybe gzipped) or stdin, and how its bytes become documents."""

    name: str  # as shown in records and messages
    path: str | None  # None for stdin
    fmt: str  # "jsonl" or "text"
    gz: bool
    size: int  # bytes on disk (0 when unknown)


def _format_of(path: str, override: str | None) -> tuple[str, bool]:
    p = Path(path)
    gz = p.suffix.lower() == ".gz"
    inner = Path(p.stem).suffix.lower() if gz else p.suffix.lower()
    if override:
        return override, gz
    return ("jsonl" if inner in JSONL_SUFFIXES else "text"), gz


def _file_source(path: str, override: str | None) -> Source:
    fmt, gz = _format_of(path, override)
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0
    return Source(path, path, fmt, gz, size)


def _walk(directory: str) -> list[str]:
    """Regular files under ``directory``, recursively, sorted by path components; hidden ones skipped.

    A symbolic link whose target is gone is listed too: reading it gives a bad record that names it
    (:func:`_read_source`), where skipping it had left a file of the corpus out without a word. Other
    entries that are no regular file (a FIFO, a socket) are left out: reading one could wait forever."""
    root = Path(directory)
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = os.path.join(dirpath, name)
            if not name.startswith(".") and (os.path.isfile(path) or (os.path.islink(path)
                                                                      and not os.path.exists(path))):
                found.append(Path(dirpath, name))
    found.sort(key=lambda p: p.relative_to(root).parts)
    return [str(p) for p in found]


def expand_inputs(inputs: Iterable[str], fmt: str | None = None, exclude: Iterable[str] = ()) -> list[Source]:
    """Turn the command-line inputs into sources, in order; raise ``UsageError`` for what does not exist.

    ``exclude`` are the paths this run writes (output, rejects, summary): a directory input that contains
    them must not read a previous run's output back in.
    """
    skip = {os.path.realpath(p) for p in exclude}
    sources: list[Source] = []
    stdin_seen = False

    def add_file(path: str, named: bool) -> None:
        # Only files found by a directory walk or a glob are skipped; a named one is refused later.
        if named or os.path.realpath(path) not in skip:
            sources.append(_file_source(path, fmt))

    def add_dir(path: str) -> None:
        files = _walk(path)
        if not files:
            raise UsageError(f"{path}: directory holds no files")
        for f in files:
            add_file(f, named=False)

    for name in inputs:
        if name == "-":
            if stdin_seen:
                raise UsageError("-: stdin can be read only once")
            stdin_seen = True
            sources.append(Source("<stdin>", None, fmt or "text", False, 0))
        elif os.path.isdir(name):
            add_dir(name)
        elif os.path.exists(name):
            add_file(name, named=True)
        elif glob.has_magic(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                raise UsageError(f"{name}: no file matches")
            for m in matches:
                if os.path.isdir(m):
                    add_dir(m)
                else:
                    add_file(m, named=False)
        else:
            raise UsageError(f"{name}: no such file")
    if not sources:
        raise UsageError("no input files (the inputs hold only this run's own output files)")
    return sources


# --- reading: raw byte pieces, cut at line ends -------------------------------------------------------------
class Piece(NamedTuple):
    """A slice of one source for a worker.

    ``kind`` is ``jsonl`` or ``lines`` (``data`` holds whole lines, the first numbered ``line``), ``doc``
    (``data`` is one whole text document) or ``bad`` (the reader itself hit a bad record, a damaged gzip
    stream: ``note`` says where and how, ``data`` holds the line it cut off, if any).
    """

    kind: str
    source: str
    line: int
    data: bytes
    note: str = ""


Batch = list[Piece]


@dataclass(slots=True)
class ReadProgress:
    """What the reader has consumed so far, for the progress line (on-disk bytes, compressed if gzipped)."""

    total: int = 0
    done_before: int = 0  # on-disk bytes of the sources already finished
    current: Any = None  # the raw file object of the source being read (its tell() is progress)

    def consumed(self) -> int:
        pos = 0
        if self.current is not None:
            with contextlib.suppress(OSError, ValueError):
                pos = self.current.tell()
        return self.done_before + pos


#: Compressed bytes given to zlib per call. A damaged stream is located by replaying the failing call's
#: input one byte at a time, so this bounds that replay; per-call overhead is negligible at this size.
GZIP_INPUT_BYTES = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


class _Damage(NamedTuple):
    """The end of a damaged gzip stream: what is wrong and where (a compressed byte offset)."""

    message: str


def _read_raw(raw: Any, size: int, name: str) -> bytes:
    try:
        data: bytes = raw.read(size)
    except OSError as exc:  # a failing disk is an error of the whole run, not a bad record
        raise read_error(name, exc) from None
    return data


def _plain_blocks(raw: Any, block: int, name: str) -> Iterator[bytes | _Damage]:
    while chunk := _read_raw(raw, block, name):
        yield chunk


def _gunzip(raw: Any, block: int, name: str) -> Iterator[bytes | _Damage]:
    """The decompressed bytes of a gzip file, in pieces of at most ``block``; a last :class:`_Damage` if it
    is damaged.

    zlib streaming rather than ``GzipFile``, which loses data around damage: a ``read()`` that hits it
    drops everything it had decoded (a truncated file of 9,952 records gave 7,312), and bytes after the
    last member that are not gzip make it fail at the last read (a complete file plus 4 junk bytes gave
    19,121 records of 20,000). Here everything decoded before the damage comes out, concatenated members
    are read one after another, zero padding after a member is ignored (as gzip(1) does), and the damage
    is reported once with its offset in the compressed file.
    """
    d = zlib.decompressobj(wbits=31)
    pos = 0  # compressed offset of data[0]
    data = b""
    in_member = False
    ended = False

    def fill(n: int) -> None:
        nonlocal data, ended
        while len(data) < n and not ended:
            more = _read_raw(raw, GZIP_INPUT_BYTES, name)
            data += more
            ended = not more

    while True:
        if not in_member:
            fill(2)
            if not data:
                return
            if pos and data[0] == 0:  # padding after a member
                stripped = data.lstrip(b"\0")
                pos += len(data) - len(stripped)
                data = stripped
                continue
            if data[:2] != _GZIP_MAGIC:
                n = len(data)
                while more := _read_raw(raw, GZIP_INPUT_BYTES, name):
                    n += len(more)
                yield _Damage(f"{n} bytes after the gzip stream at compressed byte {pos} are not gzip data; ignored"
                              if pos else "not gzip data at compressed byte 0")
                return
            in_member = True
        fill(1)
        if not data:  # the file ends inside a member: what zlib still holds, then the damage
            try:
                out = d.flush()
            except zlib.error as exc:
                yield _Damage(f"bad data detected at compressed byte {pos} ({exc})")
                return
            if out:
                yield out
            if d.eof:
                d, in_member = zlib.decompressobj(wbits=31), False
                continue
            yield _Damage(f"truncated at compressed byte {pos}: the file ends inside a gzip member")
            return
        before = d.copy()
        try:
            out = d.decompress(data, block)
        except zlib.error:
            yield from _locate_damage(before, data, pos, block)
            return
        if out:
            yield out
        if d.eof:
            rest = d.unused_data
            pos += len(data) - len(rest)
            data = rest
            d, in_member = zlib.decompressobj(wbits=31), False
        else:
            tail = d.unconsumed_tail
            pos += len(data) - len(tail)
            data = tail


def _locate_damage(d: Any, data: bytes, pos: int, block: int) -> Iterator[bytes | _Damage]:
    """Replay the input of a failed ``decompress`` one byte at a time from a copy of the decompressor taken
    before it: what it decoded up to the damage comes out, and the damage's exact compressed offset."""
    buf = bytearray()
    for i in range(len(data)):
        try:
            buf += d.decompress(data[i:i + 1])
        except zlib.error as exc:
            if buf:
                yield bytes(buf)
            yield _Damage(f"bad data detected at compressed byte {pos + i} ({exc})")
            return
        if len(buf) >= block:
            yield bytes(buf)
            buf.clear()
    if buf:  # the replay got through (zlib is deterministic, so not expected): still one report
        yield bytes(buf)
    yield _Damage(f"bad data detected before compressed byte {pos + len(data)}")


def _read_source(src: Source, lines: bool, block: int, progress: ReadProgress) -> Iterator[Piece]:
    """Yield the pieces of one source, never holding more than one block (or one line, or one document)."""
    kind = "jsonl" if src.fmt == "jsonl" else ("lines" if lines else "doc")
    raw: Any
    if src.path is None:
        raw = sys.stdin.buffer
    else:
        try:
            raw = open(src.path, "rb")  # noqa: SIM115 - closed in the finally below
        except OSError as exc:
            # One bad record for the file, and the scan goes on: a file a directory walk found that is gone
            # or unreadable by now (a broken link, a file deleted or locked during a long run) must not
            # throw away what the scan has done (``--on-error fail`` still stops there).
            reason = read_problem(exc)
            if isinstance(exc, FileNotFoundError) and os.path.islink(src.path):
                reason += " (a broken symbolic link)"
            yield Piece("bad", src.name, 1, b"", f"{reason}; the file was not read")
            return
    progress.current = raw if src.path is not None else None
    blocks = _gunzip(raw, block, src.name) if src.gz else _plain_blocks(raw, block, src.name)
    line = 1
    try:
        if kind == "doc":
            parts: list[bytes] = []
            for chunk in blocks:
                if isinstance(chunk, _Damage):  # part of a document is not a document: not scored
                    yield Piece("bad", src.name, 1, b"", f"corrupt gzip stream, document not scored: {chunk.message}")
                    return
                parts.append(chunk)
            data = b"".join(parts)
            yield Piece("doc", src.name, 1, data[len(BOM):] if data.startswith(BOM) else data)
            return
        pending: list[bytes] = []
        first = True
        for got in blocks:
            if isinstance(got, _Damage):
                # Every complete line before the damage has been handed out; a line it cut off is the one
                # bad record (or, when the damage falls between lines, the report stands on its own).
                cut = b"".join(pending)
                note = f"corrupt gzip stream: {got.message}" + ("; this line is cut off there" if cut else "")
                yield Piece("bad", src.name, line, cut, note)
                return
            if first and got.startswith(UTF16_BOMS):
                # A file of records in UTF-16: its lines are no records (split at b"\n", each after the
                # first starts with the NUL of that line feed, and the ASCII ones read as valid UTF-8
                # with a NUL between letters): the file is one bad record, not its first line alone.
                yield Piece("bad", src.name, 1, b"", f"{NOT_UTF8_BUT_UTF16}; the file was not read")
                return
            chunk = got[len(BOM):] if first and got.startswith(BOM) else got
            first = False
            cut_at = chunk.rfind(b"\n") + 1
            if cut_at == 0:  # a line longer than a block: keep collecting (a list, so no quadratic copying)
                pending.append(chunk)
                continue
            pending.append(chunk[:cut_at])
            data = b"".join(pending)
            pending = [chunk[cut_at:]] if cut_at < len(chunk) else []
            yield Piece(kind, src.name, line, data)
            line += data.count(b"\n")
        if pending:
            yield Piece(kind, src.name, line, b"".join(pending))
    finally:
        if src.path is not None:
            raw.close()
            progress.done_before += src.size
        progress.current = None


def read_batches(sources: Iterable[Source], lines: bool, batch_bytes: int,
                 progress: ReadProgress | None = None) -> Iterator[Batch]:
    """Group the pieces of all sources into batches of about ``batch_bytes``, in input order."""
    progress = progress if progress is not None else ReadProgress()
    batch: Batch = []
    size = 0
    for src in sources:
        for piece in _read_source(src, lines, batch_bytes, progress):
            batch.append(piece)
            size += len(piece.data)
            if size >= batch_bytes:
                yield batch
                batch, size = [], 0
    if batch:
        yield batch


# --- the per-document work (runs in the workers) ----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Options:
    """What a worker needs to know besides the Config: cheap to pickle, sent once to each worker."""

    field: str = "text"
    restore: bool = False
    findings: bool = False
    paragraphs: str | None = None  # --paragraphs: "blank" or "line"; None adds no paragraph scores
    only: frozenset[str] = frozenset(VERDICTS)
    errors: str = "strict"
    pass_bad: bool = True  # write bad records into the output (with a ``spinfix_error`` field)
    html_docs: int | None = None  # --html: candidates to send per batch; None gathers nothing for a report
    suggest: bool = False  # --suggest: count each batch's spinner vocabulary (spinfix.mine)


#: A document as the report takes it: ``(name, text, findings, score, paragraphs)``; ``paragraphs`` are the
#: scan's ``--paragraphs`` scores, None without that option.
ReportDoc = tuple[str, str, tuple[Finding, ...], SpinScore, tuple[ParagraphScore, ...] | None]
#: A candidate for the report's list: ``(score, -position in its batch, document)``, ordered by the first
#: two (positions are unique), so a min-heap keeps the best with ties going to the earlier document.
Candidate = tuple[float, int, ReportDoc]


class ReportPart(NamedTuple):
    """What one batch adds to the ``--html`` report: document counts per ``(score bin, verdict)`` (every
    document; bins of :data:`HTML_SCORE_BINS`) and the batch's best ``--html-docs`` candidates."""

    histogram: dict[tuple[int, str], int]
    candidates: list[Candidate]


class BatchResult(NamedTuple):
    """A worker's answer for one batch: the output lines ready to write, and what the summary needs."""

    output: bytes
    written: int
    documents: int
    bytes_in: int
    verdicts: dict[str, int]
    swaps: dict[tuple[str, str], int]
    bad: list[dict[str, Any]]  # {"file", "line", "error", "raw"[, "raw_base64"]}
    report: ReportPart | None = None  # only with --html
    vocabulary: SpinnerVocabulary | None = None  # only with --suggest


def analyse(restorer: Restorer, text: str) -> Analysis:
    """The restorer's one public analysis (:meth:`Restorer.analyse`): findings, score and restored text
    together, so ``--restore`` writes exactly what ``spinfix restore`` and :func:`spinfix.restore` do."""
    return restorer.analyse(text)


def _encode(record: dict[str, Any]) -> bytes:
    """One JSON line. Text with lone surrogates (from ``\\udXXX`` escapes) cannot be UTF-8: escape it all."""
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record) + "\n").encode("ascii")


def _describe(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _skip_ws(s: str, i: int) -> int:
    m = _WS_RE.match(s, i)
    return m.end() if m else i


def _members(line: str) -> list[tuple[int, int, str]]:
    """``(start, end, key)`` of each top-level member of ``line``, a JSON object already known to parse."""
    spans: list[tuple[int, int, str]] = []
    i = _skip_ws(line, 0) + 1  # past "{"
    while True:
        i = _skip_ws(line, i)
        if line[i] == "}":
            return spans
        start = i
        key, i = json.decoder.scanstring(line, i + 1)  # type: ignore[attr-defined]  # public, untyped in typeshed
        i = _skip_ws(line, _skip_ws(line, i) + 1)  # past ":"
        _, i = _DECODER.raw_decode(line, i)
        spans.append((start, i, key))
        i = _skip_ws(line, i)
        if line[i] == ",":
            i += 1


def _drop_own_fields(line: str) -> tuple[str, bool]:
    """``line`` without its top-level ``spinfix_*`` members (an earlier scan's), every other byte kept;
    and whether any member is left."""
    spans = _members(line)
    kept = [j for j, (_, _, key) in enumerate(spans) if not key.startswith(FIELD_PREFIX)]
    if not kept:
        return line[:spans[0][0]] + line[spans[-1][1]:].lstrip(_JSON_WS + ","), False
    parts = [line[:spans[0][0]]]
    for n, j in enumerate(kept):
        start, end, _ = spans[j]
        parts.append(line[start:end])
        # Between two kept members, the separator that followed the first of them; after the last, the tail.
        parts.append(line[end:spans[j + 1][0]] if n + 1 < len(kept) else line[spans[-1][1]:])
    return "".join(parts), True


def _splice(line: str, obj: dict[str, Any], added: dict[str, Any]) -> bytes:
    """The output line for a JSON object record: ``line`` exactly as it came in, with spinfix's fields
    written before its closing brace. Nothing is re-serialised, so numbers, escapes, key order, duplicate
    keys and spacing all pass through as they were."""
    nonempty = bool(obj)
    if any(k.startswith(FIELD_PREFIX) for k in obj):
        line, nonempty = _drop_own_fields(line)
    close = len(line.rstrip(_JSON_WS)) - 1  # the closing brace
    try:
        fragment = json.dumps(added, ensure_ascii=False)[1:-1]
        return (line[:close] + (", " if nonempty else "") + fragment + line[close:] + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (from a \udXXX escape) in the restored text: escape ours
        fragment = json.dumps(added)[1:-1]
        return (line[:close] + (", " if nonempty else "") + fragment + line[close:] + "\n").encode("utf-8")


class _BatchWork:
    """Accumulates one batch's output and statistics."""

    def __init__(self, restorer: Restorer, opts: Options) -> None:
        self.restorer = restorer
        self.opts = opts
        self.out: list[bytes] = []
        self.written = 0
        self.documents = 0
        self.bytes_in = 0
        self.verdicts: dict[str, int] = dict.fromkeys(VERDICTS, 0)
        self.swaps: collections.Counter[tuple[str, str]] = collections.Counter()
        self.bad: list[dict[str, Any]] = []
        # --html only: the default scan computes and pickles none of this.
        self.report = ReportPart({}, []) if opts.html_docs is not None else None
        self.vocabulary = SpinnerVocabulary() if opts.suggest else None

    def result(self) -> BatchResult:
        return BatchResult(b"".join(self.out), self.written, self.documents, self.bytes_in, self.verdicts,
                           dict(self.swaps), self.bad, self.report, self.vocabulary)

    def judge(self, text: str, source: str = "", line: int | None = None) -> dict[str, Any] | None:
        """The fields the scanner adds, or None when ``--only`` drops this document. ``source`` and ``line``
        name the document in the ``--html`` report (``file:line``, or the file for a whole-file document)."""
        try:
            analysis = analyse(self.restorer, text)
            findings, score = analysis.findings, analysis.score
            restored = analysis.text if self.opts.restore else None
            if self.vocabulary is not None:
                self.vocabulary.add(self.restorer, text, analysis)
        except Exception as exc:  # a bug on one document must not end a corpus run: it becomes a bad record
            raise _BadRecordError(f"spinfix failed on this document: {type(exc).__name__}: {exc}") from exc
        self.documents += 1
        self.verdicts[score.verdict] += 1
        for f in findings:
            if f.action == "restore":
                # Counted by words: a swap split by a line break is the same swap.
                self.swaps[(" ".join(f.spun.lower().split()), " ".join(f.restored.lower().split()))] += 1
        if score.verdict not in self.opts.only:
            if self.report is not None:
                self.collect(self.report, text, analysis, source, line)
            return None
        paragraphs = None
        if self.opts.paragraphs is not None:
            paragraphs = self.restorer.paragraph_scores(text, lines=self.opts.paragraphs == "line",
                                                        analysis=analysis)
        if self.report is not None:
            self.collect(self.report, text, analysis, source, line, paragraphs=paragraphs)
        added: dict[str, Any] = {"spinfix_score": score.score, "spinfix_verdict": score.verdict,
                                 "spinfix_n_findings": score.findings}
        if restored is not None:
            added["spinfix_restored"] = restored
        if self.opts.findings:
            added["spinfix_findings"] = [f.to_dict() for f in findings]
        if paragraphs is not None:
            added["spinfix_paragraphs"] = [p.to_dict() for p in paragraphs]
        return added

    def collect(self, report: ReportPart, text: str, analysis: Analysis, source: str, line: int | None, *,
                paragraphs: tuple[ParagraphScore, ...] | None = None) -> None:
        """Count the document in the histogram, and keep it as a candidate when it is among the batch's best
        ``--html-docs`` of the verdicts ``--only`` lists (``self.documents`` already counts it, so it is
        also its position in the batch), with its ``--paragraphs`` scores when the scan makes them."""
        score = analysis.score
        key = (score_bin(score.score, HTML_SCORE_BINS), score.verdict)
        report.histogram[key] = report.histogram.get(key, 0) + 1
        limit = self.opts.html_docs or 0
        if not limit or score.verdict not in self.opts.only:
            return
        heap = report.candidates
        order = (score.score, -self.documents)
        if len(heap) >= limit and order <= heap[0][:2]:
            return  # not among the best: never pickled
        name = source if line is None else f"{source}:{line}"
        entry: Candidate = (*order, (name, text, analysis.findings, score, paragraphs))
        if len(heap) < limit:
            heapq.heappush(heap, entry)
        else:
            heapq.heapreplace(heap, entry)

    def emit(self, record: dict[str, Any]) -> None:
        """Write a record spinfix built whole (text input, a line that is not a JSON object)."""
        self.out.append(_encode(record))
        self.written += 1

    def emit_line(self, data: bytes) -> None:
        self.out.append(data)
        self.written += 1

    def reject(self, source: str, line: int, error: str, raw: str,
               passthrough: dict[str, Any] | None = None, *, exact: bytes | None = None) -> None:
        """A bad record: counted and reported; with ``--on-error pass`` written in place, the original
        object (``raw`` parsed as ``passthrough``) with ``spinfix_error`` added, or else the raw line as a
        string in a record of spinfix's own. ``exact`` are the record's bytes when ``raw`` could not hold
        them (not UTF-8, shown with U+FFFD): they go along base64-encoded (``raw_base64``), so that the
        record can be recovered from the output."""
        record: dict[str, Any] = {"raw": raw}
        if exact is not None:
            record["raw_base64"] = base64.b64encode(exact).decode("ascii")
        self.bad.append({"file": source, "line": line, "error": error, **record})
        if self.opts.pass_bad:
            if passthrough is not None:
                self.emit_line(_splice(raw, passthrough, {"spinfix_error": error}))
            else:
                self.emit({"source": source, "line": line, "spinfix_error": error, **record})

    def reject_bytes(self, source: str, line: int, error: str, data: bytes) -> None:
        """:meth:`reject` of a record read as bytes (a line that is not UTF-8, a damaged gzip member's
        cut-off line, which may be UTF-8 all the same)."""
        try:
            self.reject(source, line, error, data.decode("utf-8"))
        except UnicodeDecodeError:
            self.reject(source, line, error, data.decode("utf-8", "replace"), exact=data)

    def decode(self, data: bytes) -> str:
        return data.decode("utf-8", self.opts.errors)

    def jsonl(self, piece: Piece) -> None:
        field_name = self.opts.field
        for i, found in enumerate(_split_lines(piece.data)):
            if not found.strip():
                continue
            line = piece.line + i
            # A byte-order mark inside the file: files joined with their marks (``cat a.jsonl b.jsonl`` of
            # files saved with one). It is read past as the file's own first mark is, not part of the
            # record (JSON itself refuses it).
            raw = found[len(BOM):] if found.startswith(BOM) else found
            try:
                text = self.decode(raw)
            except UnicodeDecodeError as exc:
                self.reject_bytes(piece.source, line, not_utf8(raw, exc), raw)
                continue
            try:
                obj = _DECODER.decode(text)
            except ValueError as exc:
                reason = f"invalid JSON: {exc.msg} (column {exc.colno})" if isinstance(exc, json.JSONDecodeError) \
                    else f"invalid JSON: {exc}"
                self.reject(piece.source, line, reason, text, None)
                continue
            except RecursionError:  # the parser recurses once per level: a bad record, not the end of the run
                self.reject(piece.source, line, "invalid JSON: nested too deeply to parse", text, None)
                continue
            if not isinstance(obj, dict):
                self.reject(piece.source, line, f"not a JSON object but {_describe(obj)}", text, None)
                continue
            value = obj.get(field_name)
            if field_name not in obj:
                self.reject(piece.source, line, f"no field {field_name!r}", text, obj)
                continue
            if type(value) is not str:  # a number is a str subclass here (_Number)
                self.reject(piece.source, line, f"field {field_name!r} is {_describe(value)}, not a string", text, obj)
                continue
            try:
                added = self.judge(value, piece.source, line)
            except _BadRecordError as exc:
                self.reject(piece.source, line, str(exc), text, obj)
                continue
            if added is not None:
                self.emit_line(_splice(text, obj, added))

    def text(self, piece: Piece) -> None:
        per_line = piece.kind == "lines"
        items = enumerate(_split_lines(piece.data)) if per_line else [(0, piece.data)]
        for i, raw in items:
            if per_line and not raw.strip():
                continue
            line = piece.line + i
            try:
                text = self.decode(raw)
            except UnicodeDecodeError as exc:
                where = line if per_line else raw.count(b"\n", 0, exc.start) + 1
                self.reject_bytes(piece.source, where, not_utf8(raw, exc), raw)
                continue
            try:
                added = self.judge(text, piece.source, line if per_line else None)
            except _BadRecordError as exc:
                self.reject(piece.source, line, str(exc), text, None)
                continue
            if added is not None:
                head: dict[str, Any] = {"source": piece.source, "line": line} if per_line else {"source": piece.source}
                self.emit({**head, **added})


class _BadRecordError(Exception):
    """One document could not be processed; the message says why."""


def _split_lines(data: bytes) -> list[bytes]:
    """Lines without their ``\\n`` or ``\\r\\n`` (a lone ``\\r`` is not a line break, as in JSON Lines)."""
    parts = data.split(b"\n")
    if parts and not parts[-1]:
        parts.pop()
    return [p[:-1] if p.endswith(b"\r") else p for p in parts]


def process_batch(restorer: Restorer, opts: Options, batch: Batch) -> BatchResult:
    """Score one batch: parse, judge and encode every document in it, in order."""
    work = _BatchWork(restorer, opts)
    for piece in batch:
        work.bytes_in += len(piece.data)
        if piece.kind == "bad":
            work.reject_bytes(piece.source, piece.line, piece.note, piece.data)
        elif piece.kind == "jsonl":
            work.jsonl(piece)
        else:
            work.text(piece)
    return work.result()


# --- worker processes ---------------------------------------------------------------------------------------
#: This worker process's state, set once by :func:`_init_worker`: ``restorer`` and ``opts``, or ``error``.
_WORKER: dict[str, Any] = {}


def _watch_parent(pid: int) -> None:
    """End this worker when the scanning process is gone (killed with SIGKILL, say).

    Without it the workers would wait forever: each holds both ends of the pool's pipes, so they never
    see end-of-file, and they keep the forkserver alive in turn.
    """
    while True:
        time.sleep(1.0)
        if not _alive(pid):
            os._exit(1)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs; a zombie (dead, not yet reaped by its own parent) counts as gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc here: ask the kernel instead
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _init_worker(config: Config, opts: Options, parent: int) -> None:
    """Build this worker's Restorer once.

    Ctrl-C (which a terminal sends to the whole process group) is the main process's to handle: it stops
    the pool cleanly, letting each worker finish its batch (see :func:`_stop_pool`).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.name == "posix":  # elsewhere os.kill(pid, 0) is not a harmless probe
        threading.Thread(target=_watch_parent, args=(parent,), name="spinfix-watch-parent", daemon=True).start()
    _WORKER.clear()
    try:
        _WORKER.update(restorer=Restorer(config).warm(), opts=opts)
    except Exception as exc:  # reported by the first task: a failing initializer would only break the pool
        # Re-created as a plain SpinfixError: subclasses with their own __init__ do not unpickle.
        _WORKER["error"] = SpinfixError(str(exc)) if isinstance(exc, SpinfixError) else \
            RuntimeError(f"worker failed to start: {type(exc).__name__}: {exc}")


def _work(batch: Batch) -> BatchResult:
    if "restorer" not in _WORKER:
        raise _WORKER.get("error") or RuntimeError("worker not initialised")
    return process_batch(_WORKER["restorer"], _WORKER["opts"], batch)


def _mp_context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one: workers start from a clean, preloaded process (no threads inherited
    from the caller, unlike fork), faster than spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["spinfix.scan"])
        return ctx
    return multiprocessing.get_context("spawn")


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop early: drop the batches not yet handed out, let the workers finish the few they hold, end.

    Workers are not killed while they may be writing a result: half a message left in the result pipe
    blocks the executor's manager thread forever (one Ctrl-C in about 20 hung that way when workers were
    terminated). Waiting costs a batch or two per worker, well under a second by default. Workers that
    died anyway (a SIGTERM to the whole process group, the OOM killer) are covered by closing this
    process's copy of the result pipe's write end once every worker is gone: a half-read message then
    ends in EOF, which the executor handles, instead of a hang.
    """
    procs = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
    result_queue = getattr(pool, "_result_queue", None)
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + STOP_TIMEOUT
    for proc in procs:
        proc.join(max(0.0, deadline - time.monotonic()))
    for proc in procs:
        if proc.is_alive():  # stuck: nothing more to lose
            proc.kill()
            proc.join(5)
    writer = getattr(result_queue, "_writer", None)
    if writer is not None:
        with contextlib.suppress(OSError):
            writer.close()
    pool.shutdown(wait=True)


def run_batches(batches: Iterable[Batch], config: Config, opts: Options, jobs: int
                ) -> Generator[BatchResult, None, None]:
    """Results of ``batches`` in input order, on ``jobs`` worker processes (in-process for 1 job or 1 batch).

    ``Pool.imap`` would read its whole input ahead in a feeder thread; here at most ``jobs *
    WINDOW_PER_JOB`` batches are in flight, so memory is bounded by the window, not by the input.
    """
    it = iter(batches)
    head = [b for b in (next(it, None), next(it, None)) if b is not None]
    if jobs == 1 or len(head) < 2:  # a pool costs ~0.2 s to start: not worth it for one batch
        restorer = Restorer(config)
        for batch in itertools.chain(head, it):
            yield process_batch(restorer, opts, batch)
        return
    pool = ProcessPoolExecutor(jobs, mp_context=_mp_context(), initializer=_init_worker,
                               initargs=(config, opts, os.getpid()))
    finished = False
    try:
        window: collections.deque[Future[BatchResult]] = collections.deque()
        for batch in itertools.chain(head, it):
            window.append(pool.submit(_work, batch))
            if len(window) >= jobs * WINDOW_PER_JOB:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
        finished = True
    except BrokenProcessPool:
        raise SpinfixError("a worker process died (out of memory?); try fewer --jobs") from None
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop_pool(pool)


# --- output --------------------------------------------------------------------------------------------------
# --- progress and summary ---------------------------------------------------------------------------------
class Progress:
    """A one-line progress display on a terminal: documents, docs/s, MB/s, and percent when sizes are known."""

    def __init__(self, stream: IO[str], enabled: bool, reading: ReadProgress) -> None:
        self.stream = stream
        self.enabled = enabled
        self.reading = reading
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, stats: Stats, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.2:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-9)
        parts = [f"{stats.documents:,} docs", f"{stats.documents / elapsed:,.0f} docs/s",
                 f"{stats.bytes_in / elapsed / 1e6:.2f} MB/s"]
        if stats.bad:
            parts.append(f"{stats.bad:,} bad")
        if self.reading.total:
            parts.insert(0, f"{min(100.0, 100.0 * self.reading.consumed() / self.reading.total):3.0f}%")
        parts.append(_clock(elapsed))
        line = "scan  " + "  ".join(parts)
        self.stream.write("\r" + line[:_width() - 1] + "\033[K")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


def _width() -> int:
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError):
        return 100


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


@dataclass(slots=True)
class Stats:
    """Totals over the whole scan, merged from every batch result."""

    documents: int = 0
    written: int = 0
    bytes_in: int = 0
    bad: int = 0
    verdicts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))
    swaps: collections.Counter[tuple[str, str]] = field(default_factory=collections.Counter)

    def add(self, r: BatchResult) -> None:
        self.documents += r.documents
        self.written += r.written
        self.bytes_in += r.bytes_in
        self.bad += len(r.bad)
        for k, v in r.verdicts.items():
            self.verdicts[k] += v
        self.swaps.update(r.swaps)
        if len(self.swaps) > MAX_SWAP_KEYS:  # approximate top-k: forget the long tail of rare swaps
            self.swaps = collections.Counter(dict(self.swaps.most_common(MAX_SWAP_KEYS // 5)))

    def share(self, verdict: str) -> float:
        return self.verdicts[verdict] / self.documents if self.documents else 0.0


class ReportCollector:
    """The ``--html`` report's data over the whole scan: the histogram of every document's score, and the
    ``limit`` best documents (highest score; ties in input order) in a heap of that size.

    A document's place in the input is (its batch's number, its position in the batch); batches arrive in
    input order, numbered here, so every ``--jobs`` gives the same page. Each batch sends its own best
    ``limit``, and the best of the corpus are among them: memory is ``limit`` documents plus the window.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.histogram = [dict.fromkeys(VERDICTS, 0) for _ in range(HTML_SCORE_BINS)]
        self._best: list[tuple[float, int, int, ReportDoc]] = []  # (score, -batch, -position, document)
        self._batches = 0

    def add(self, part: ReportPart) -> None:
        for (b, verdict), n in part.histogram.items():
            self.histogram[b][verdict] += n
        batch = -self._batches
        self._batches += 1
        for score, position, doc in part.candidates:
            entry = (score, batch, position, doc)
            if len(self._best) < self.limit:
                heapq.heappush(self._best, entry)
            elif entry[:3] > self._best[0][:3]:
                heapq.heapreplace(self._best, entry)

    def documents(self) -> list[ReportDoc]:
        """The kept documents, best first."""
        return [doc for *_, doc in sorted(self._best, key=lambda e: e[:3], reverse=True)]


#: What draws the ``--html`` page (:func:`spinfix.report.render_corpus_report`, handed in by the command line):
#: the listed documents, the Config, and keywords ``histogram`` and ``verdicts``.
RenderCorpusReport = Callable[..., str]


def summary_dict(stats: Stats, *, seconds: float, jobs: int, files: int, output: str | None,
                 rejects: str | None, on_error: str, html: str | None = None, suggest: str | None = None,
                 suggested: int | None = None) -> dict[str, Any]:
    """The summary as plain data (``--summary-json``)."""
    return {
        "documents": stats.documents,
        "written": stats.written,
        "bad_records": stats.bad,
        "on_error": on_error,
        "verdicts": dict(stats.verdicts),
        "spun_share": round(stats.share("spun"), 6),
        "suspicious_share": round(stats.share("suspicious"), 6),
        "top_swaps": [{"spun": s, "restored": r, "count": n} for (s, r), n in stats.swaps.most_common(20)],
        "bytes": stats.bytes_in,
        "seconds": round(seconds, 3),
        "docs_per_second": round(stats.documents / seconds, 1) if seconds > 0 else 0.0,
        "mb_per_second": round(stats.bytes_in / seconds / 1e6, 3) if seconds > 0 else 0.0,
        "jobs": jobs,
        "files": files,
        "output": output,
        "rejects": rejects,
        "html": html,
        "suggest": suggest,
        "suggested_rows": suggested,
    }


def format_summary(s: dict[str, Any]) -> str:
    """The human summary printed on stderr at the end of a scan."""
    docs = s["documents"]
    lines = [f"spinfix scan: {docs:,} documents in {s['seconds']:.1f} s "
             f"({s['docs_per_second']:,.0f} docs/s, {s['mb_per_second']:.2f} MB/s, {s['jobs']} jobs)"]
    shares = ", ".join(f"{v} {n:,} ({100.0 * n / docs if docs else 0.0:.1f}%)" for v, n in s["verdicts"].items())
    lines.append(f"  verdicts: {shares}")
    if s["top_swaps"]:
        lines.append("  most frequent swaps:")
        lines.extend(f"    {t['count']:>8,}  {t['spun']} → {t['restored']}" for t in s["top_swaps"][:10])
    if s["bad_records"]:
        fate = {"pass": "passed through with a 'spinfix_error' field", "reject": "left out",
                "fail": "stopped at the first"}[s["on_error"]]
        where = f"; written to {s['rejects']}" if s["rejects"] else ""
        lines.append(f"  bad records: {s['bad_records']:,} ({fate}{where})")
    else:
        lines.append("  bad records: 0")
    lines.append(f"  written: {s['written']:,} records" + (f" to {s['output']}" if s["output"] else ""))
    if s.get("html"):
        lines.append(f"  report: {s['html']}")
    if s.get("suggest"):
        lines.append(f"  suggested rows: {s['suggested_rows']:,} to {s['suggest']} (review them before use)")
    return "\n".join(lines)


# --- the command -------------------------------------------------------------------------------------------
def _outputs(args: argparse.Namespace) -> list[tuple[str, str]]:
    """The files this run writes, as ``(flag, path)``."""
    named = (("-o", args.output), ("--rejects", args.rejects), ("--summary-json", args.summary_json),
             ("--html", args.html), ("--suggest", args.suggest))
    return [(flag, path) for flag, path in named if path]


def run_scan(args: argparse.Namespace, config: Config, out: IO[str],
             render_html: RenderCorpusReport | None = None) -> int:
    """``spinfix scan``: stream every input through the workers and write one JSON line per document.

    ``render_html`` draws the ``--html`` page from what the scan gathered; the command line passes
    :func:`spinfix.report.render_corpus_report`.
    """
    on_error = args.on_error or ("reject" if args.rejects else "pass")
    if args.html_docs is not None and not args.html:
        raise UsageError("--html-docs applies to the --html report only")
    if args.suggest_min_docs is not None and not args.suggest:
        raise UsageError("--suggest-min-docs applies to --suggest only")
    if args.suggest and not config.spin_evidence:
        raise UsageError("--suggest needs the spin evidence: leave out --fast (or spin-evidence = false)")
    if args.html and render_html is None:
        raise UsageError("--html needs the report renderer (run scan from the spinfix command line)")
    # Standard output carries one stream: the records, or else one other output. Two streams written
    # into it would interleave (the summary JSON between two records) and neither could be read back.
    to_stdout = [flag for flag, path in (("--rejects", args.rejects), ("--summary-json", args.summary_json),
                                         ("--html", args.html), ("--suggest", args.suggest)) if path == STDOUT]
    if to_stdout and args.output in (None, STDOUT):
        raise UsageError(f"{to_stdout[0]} -: stdout carries the records; give -o a file, or {to_stdout[0]} a file")
    if len(to_stdout) > 1:
        raise UsageError(f"{' and '.join(to_stdout)} are both -: only one of them can go to stdout")
    outputs = _outputs(args)
    sources = expand_inputs(args.inputs, args.format, exclude=[p for _, p in outputs if p != STDOUT])
    if args.field is not None and not any(s.fmt == "jsonl" for s in sources):
        raise UsageError("--field applies to JSON Lines input only (name .jsonl files so, or pass --format jsonl)")
    check_outputs(outputs, [s.path for s in sources if s.path is not None])
    targets = {flag: resolve_output(path) for flag, path in outputs}  # -o DIR fails here, before the scan
    html_docs = (HTML_DOCS if args.html_docs is None else args.html_docs) if args.html else None
    opts = Options(field=args.field or "text", restore=args.restore, findings=args.findings,
                   paragraphs=args.paragraphs, only=args.only,
                   errors=args.errors, pass_bad=on_error == "pass", html_docs=html_docs, suggest=bool(args.suggest))
    collector = ReportCollector(html_docs) if html_docs is not None else None
    vocabulary = SpinnerVocabulary() if args.suggest else None
    jobs = args.jobs or default_jobs()
    err = sys.stderr
    reading = ReadProgress(total=sum(s.size for s in sources) if all(s.path for s in sources) else 0)
    progress = Progress(err, enabled=not args.quiet and err.isatty(), reading=reading)
    stats = Stats()
    warned = 0

    with terminate_as_interrupt():
        # Every output is opened (its temporary file created) before the scan, and all of them appear
        # together at the end: a failure in any one of them, the summary included, leaves the others as
        # they were.
        writers: list[OutputWriter] = []
        results = run_batches(read_batches(sources, args.lines, args.batch_bytes, reading), config, opts, jobs)
        committed = False
        try:
            by_flag: dict[str, OutputWriter] = {}
            for flag, target in targets.items():
                by_flag[flag] = OutputWriter(target, out)
                writers.append(by_flag[flag])
            sink = by_flag.get("-o") or OutputWriter(resolve_output(STDOUT), out)
            rejects = by_flag.get("--rejects")
            for result in results:
                for bad in result.bad:
                    where = f"{bad['file']}:{bad['line']}: {bad['error']}"
                    if on_error == "fail":
                        progress.clear()
                        print(f"spinfix: error: {where} (bad record; --on-error fail)", file=err)
                        return EXIT_ERROR
                    if warned < MAX_WARNINGS:
                        progress.clear()
                        print(f"spinfix: warning: {where}", file=err)
                    elif warned == MAX_WARNINGS:
                        progress.clear()
                        print("spinfix: warning: more bad records; counted in the summary"
                              + (f", all written to {args.rejects}" if args.rejects else ""), file=err)
                    warned += 1
                    if rejects is not None:
                        rejects.write(_encode(bad))
                sink.write(result.output)
                stats.add(result)
                if collector is not None and result.report is not None:
                    collector.add(result.report)
                if vocabulary is not None and result.vocabulary is not None:
                    vocabulary.merge(result.vocabulary)
                progress.update(stats)
            progress.update(stats, force=True)
            progress.clear()
            seconds = time.monotonic() - progress.start
            suggested = None
            if vocabulary is not None:
                suggested = vocabulary.suggestions(min_documents=args.suggest_min_docs or MIN_DOCUMENTS)
                by_flag["--suggest"].write(vocabulary.table(suggested).encode("utf-8"))
            summary = summary_dict(stats, seconds=seconds, jobs=jobs, files=len(sources), output=args.output,
                                   rejects=args.rejects, on_error=on_error, html=args.html,
                                   suggest=args.suggest, suggested=None if suggested is None else len(suggested))
            if "--summary-json" in by_flag:
                by_flag["--summary-json"].write(
                    (json.dumps(summary, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
            if collector is not None and render_html is not None:
                page = render_html(collector.documents(), config, histogram=collector.histogram,
                                   verdicts=[v for v in VERDICTS if v in args.only])
                by_flag["--html"].write(page.encode("utf-8"))
            commit([sink, *(w for w in writers if w is not sink)])
            committed = True
        finally:
            results.close()  # stops the pool at once when we leave early (Ctrl-C, --on-error fail, an error)
            progress.clear()
            if not committed:
                for w in writers:
                    w.discard()

    if not args.quiet:
        print(format_summary(summary), file=err)
    elif stats.bad:
        print(f"spinfix: {stats.bad:,} bad records", file=err)
    return EXIT_OK
