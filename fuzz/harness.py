"""The fuzz targets and the invariants they check, shared by the atheris driver and the test suite.

:func:`one_input` turns an arbitrary byte string into one call of a public function and checks what
issue 6 promises of it. It needs nothing but spinfix, so the same code runs

* under atheris (``fuzz/fuzz_spinfix.py``), coverage-guided, for the long runs in ``fuzz/RESULTS.md``;
* in the test suite, over ``tests/cases/fuzz_regressions.json`` and a few seconds of random inputs.

The first byte picks a target; the rest is decoded by :class:`Reader`, a small deterministic byte
consumer (not atheris' ``FuzzedDataProvider``, so that a saved input replays without atheris). Targets:

``raw``        the bytes as text, decoded four ways (UTF-8 with replacement, UTF-8 keeping lone
               surrogates, Latin-1, UTF-16 keeping lone surrogates): control characters, NUL, any script;
               this text and the next target's also go through :func:`check_layout` (the compiled
               paragraph, whitespace-run, register, rare-word and quotation questions against Python)
               and :func:`check_vocabulary` (``scan --suggest``'s counting and its table);
``tokens``     text assembled from a vocabulary of table phrases, rule shapes, quotes, markup and odd
               code points, so that mutations reach the scorer, the generaliser and the edit builder;
``table``      the bytes as a table file: :func:`spinfix.table.parse_table` may only raise
               :class:`~spinfix.PhraseTableError`;
``table_rows`` a well-formed header and rows assembled from valid and invalid field values; a table that
               loads is merged, compiled, and restores a token text under the same invariants;
``matcher``    patterns and text over a tiny alphabet (so collisions are frequent): the matcher, both
               its compiled word-at-a-time scan and its Aho–Corasick automaton, must agree exactly
               with the reference scanner;
``edits``      :func:`spinfix.apply_edits` with arbitrary edits: a result or ``EditError``, nothing else;
``chains``     texts chaining shipped rows through neighbouring words (first byte 224-239), under five
               configurations and thresholds: the text invariants, idempotence above all.
``scan_jsonl`` (first byte 240-255, even) a JSON Lines file of odd records (nesting up to 100,000 levels,
               NaN, huge numbers, the user's own ``error``/``spinfix_*`` fields, bad UTF-8, non-objects)
               through the scanner's reader and workers (issue 11);
``scan_gzip``  (first byte 240-255, odd) a small JSON Lines corpus gzipped in one to three members, then
               truncated, followed by junk or zeros, or with a byte changed, through the scanner.

The scan targets check "nothing lost, ever": every record that can be decoded comes out exactly once
(byte for byte, with spinfix's fields added), every other one is reported once with ``file:line``, and
no exception escapes.

Every violated invariant raises :class:`InvariantError` with the input's description.
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
import threading
import zlib
from collections import Counter
from collections.abc import Callable
from functools import cache
from importlib import resources

import spinfix
from spinfix import (
    Config,
    Edit,
    EditError,
    Finding,
    PhraseTableError,
    Restored,
    Restorer,
    SpinnerVocabulary,
    apply_edits,
)
from spinfix import evidence as evidence_module
from spinfix import normalize as normalize_module
from spinfix import text as text_module
from spinfix.matcher import PhraseMatcher, ReferenceScanner
from spinfix.native import load_compiled
from spinfix.normalize import line_breaks, normalize
from spinfix.table import COLUMNS, FORMAT_HEADER, Row, compile_rows, merge_tables, parse_table
from spinfix.verbatim import verbatim_spans

#: ``restore``, ``detect`` and ``spin_score`` repeat the analysis of ``restore_and_explain``: under atheris
#: they run on one text in this many (``SPINFIX_FUZZ_CONSISTENCY_EVERY``), in the test suite on every one.
CONSISTENCY_EVERY = int(os.environ.get("SPINFIX_FUZZ_CONSISTENCY_EVERY", "1"))
#: Longest text a target builds (the fuzzer's own -max_len bounds the input; this bounds token texts).
MAX_TOKENS = 200


class InvariantError(AssertionError):
    """A promise of issue 6 does not hold for this input."""


class Reader:
    """Deterministic consumption of a byte string; reading past the end yields zeros."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def remaining(self) -> int:
        return len(self.data) - self.pos

    def byte(self) -> int:
        if self.pos >= len(self.data):
            return 0
        b = self.data[self.pos]
        self.pos += 1
        return b

    def int(self, n: int) -> int:
        """A number in ``[0, n)`` from one or two bytes."""
        if n <= 256:
            return self.byte() % n
        return (self.byte() << 8 | self.byte()) % n

    def pick(self, items: list[str] | tuple[str, ...]) -> str:
        return items[self.int(len(items))]

    def rest(self) -> bytes:
        out = self.data[self.pos:]
        self.pos = len(self.data)
        return out


# --- restorers and vocabulary, built once per process -----------------------------------------------
_lock = threading.Lock()


@cache
def restorers() -> tuple[Restorer, ...]:
    """The configurations the text targets run under: shipped defaults (context and generalisation),
    table priors only, and one with protected phrases and a low threshold (more edits, more overlap)."""
    with _lock:
        return (
            spinfix.default_restorer().warm(),
            Restorer(Config(context=False, generalize=False)).warm(),
            Restorer(Config(keep=("personal corporation", "wall avenue", "stated"), threshold=0.3,
                            report_threshold=0.1)).warm(),
        )


ODD = (
    "", " ", "  ", "\n", "\r\n", "\n\n", "\t", "\x00", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\u00a0",
    "\u202f", "\u2009", "\u200b", "\u200d", "\ufeff", "\u202e", "\u2066", "\ud800", "\udfff", "\ufffd",
    "\u0301", "e\u0301", "İ", "ß", "ﬁ", "ǅ", "Σ", "ς", "\u2019", "\u2018", "\u02bc", "\u2010", "\u2011", "-", "'",
    ".", ",", "%", "(", ")", "[", "]", '"', "\u201c", "\u201d", "«", "»", "<b>", "</b>", "<p>", "&amp;", "**", "`",
    "[x](http://e.com)", "# ", "> ", "😀", "👨\u200d👩\u200d👧", "🏳️\u200d🌈", "שלום", "مرحبا", "Личный", "中文",
    "0", "5", "3-", "zero.", ".5", "5.", "A", "An", "AN", "The", "UPDATE", "it", "not", "sources", "an", "a",
    "Reuters", "said", "x" * 300,
)


@cache
def vocabulary() -> tuple[str, ...]:
    """Table phrases (spun forms and originals, in sorted order so that indices are stable) plus ODD."""
    words: set[str] = set()
    base = resources.files("spinfix") / "data" / "tables"
    for name in ("news.tsv", "science_pps.tsv"):
        for row in parse_table((base / name).read_bytes(), name):
            words.add(row.spun)
            words.update(row.originals)
    return tuple(sorted(words)) + ODD


def token_text(r: Reader, limit: int = MAX_TOKENS) -> str:
    """Tokens joined by separators; each token may be title-cased or upper-cased."""
    vocab = vocabulary()
    parts: list[str] = []
    while r.remaining() > 0 and len(parts) < limit:
        token = vocab[r.int(len(vocab))]
        shape = r.byte()
        if shape % 4 == 1:
            token = token.title()
        elif shape % 4 == 2:
            token = token.upper()
        parts.append(token)
        parts.append(("", " ", " ", " ", "\n", "  ", "\u00a0", ", ", ". ", '"', "-", "\r\n")[(shape >> 2) % 12])
    return "".join(parts)


@cache
def chain_index() -> tuple[tuple[tuple[str, tuple[str, ...]], ...], dict[str, tuple[int, ...]]]:
    """The shipped rows as (spun, originals), in file order, and the rows whose spun form starts with each
    word: what :func:`chain_text` walks."""
    rows: list[tuple[str, tuple[str, ...]]] = []
    base = resources.files("spinfix") / "data" / "tables"
    for name in ("science_pps.tsv", "news.tsv"):
        rows += [(row.spun, row.originals) for row in parse_table((base / name).read_bytes(), name)]
    by_first: dict[str, list[int]] = {}
    for i, (spun, _) in enumerate(rows):
        by_first.setdefault(spun.split(" ")[0], []).append(i)
    return tuple(rows), {w: tuple(ids) for w, ids in by_first.items()}


def chain_text(pick: Callable[[int], int], steps: int = 4, gap: Callable[[], str] | None = None) -> str:
    """A text built from a chain of shipped rows through neighbouring words (issue 11 item 6).

    It starts with a row's spun form (or one of its originals); each step appends a row whose spun form
    starts with the last word of the previous row's original (``professional system`` → ``expert
    system``, then ``system gaining knowledge of`` → ``machine learning``, then ``learning disclosure in
    databases`` …) or of what was written, sharing that word, or else a whole phrase of another row. So
    restoring one row writes the next row's spun form: the texts on which one pass is not enough.
    ``pick(n)`` chooses a number in ``[0, n)``: a fuzz input's bytes or a Hypothesis draw. ``gap()``, when
    given, writes each separator between two words (a whitespace run: CRLF, two spaces, a blank line ...),
    so the phrases are split the way wrapped or pasted text splits them; without it, one space (what the
    saved fuzz inputs were found with).
    """
    rows, by_first = chain_index()
    spun, originals = rows[pick(len(rows))]
    written = spun if not originals or pick(4) else originals[0]
    words = written.split(" ")
    last_original = (originals[0] if originals else spun).split(" ")[-1]
    for _ in range(pick(steps + 1)):
        how = pick(3)
        shared = last_original if how == 0 else words[-1]
        following = by_first.get(shared, ())
        if how < 2 and following:
            spun, originals = rows[following[pick(len(following))]]
            words += spun.split(" ")[1:]
        else:
            spun, originals = rows[pick(len(rows))]
            words += spun.split(" ") if pick(4) else (originals or (spun,))[0].split(" ")
        last_original = (originals[0] if originals else spun).split(" ")[-1]
    text = " ".join(words) if gap is None else words[0] + "".join(gap() + w for w in words[1:])
    shape = pick(4)
    if shape == 1:
        text = text.title()
    elif shape == 2:
        text = text[:1].upper() + text[1:] + "."
    return text


def raw_text(r: Reader) -> str:
    how = r.byte() % 4
    data = r.rest()
    if how == 0:
        return data.decode("utf-8", "replace")
    if how == 1:
        return data.decode("utf-8", "surrogatepass") if _utf8_ok(data) else data.decode("utf-8", "surrogateescape")
    if how == 2:
        return data.decode("latin-1")
    return data[: len(data) // 2 * 2].decode("utf-16-le", "surrogatepass")


def _utf8_ok(data: bytes) -> bool:
    try:
        data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return False
    return True


# --- invariants ------------------------------------------------------------------------------------
def check_text(restorer: Restorer, text: str) -> None:
    """Everything issue 6 promises for one text under one restorer."""
    result = restorer.restore_and_explain(text)
    n = len(text)
    last = 0
    for e in result.edits:
        _require(isinstance(e, Edit), "edit is not an Edit", text)
        _require(last <= e.start <= e.end <= n, f"edit {e.start}:{e.end} out of order or range", text)
        _require(text[e.start:e.end] == e.old, f"edit {e.start}:{e.end} old {e.old!r} != text", text)
        last = e.end
    replayed = apply_edits(text, result.edits)
    _require(replayed == result.text, "apply_edits(text, edits) != restore_and_explain(text).text", text)
    full = CONSISTENCY_EVERY <= 1 or hash(text) % CONSISTENCY_EVERY == 0
    if full:  # the same analysis again through the other entry points: costly, so not on every input
        _require(restorer.restore(text) == result.text, "restore(text) != restore_and_explain(text).text", text)
    # Outside the edits nothing changed: cut the replacements out of the result, and the spans out of text.
    kept_in, kept_out, pos, out_pos = [], [], 0, 0
    new_spans: list[tuple[int, int]] = []  # where each replacement stands in the restored text
    for e in result.edits:
        kept_in.append(text[pos:e.start])
        out_start = out_pos + (e.start - pos)
        kept_out.append(result.text[out_pos:out_start])
        _require(result.text[out_start:out_start + len(e.new)] == e.new, "edit's new text not in result", text)
        out_pos = out_start + len(e.new)
        new_spans.append((out_start, out_pos))
        pos = e.end
    kept_in.append(text[pos:])
    kept_out.append(result.text[out_pos:])
    _require(kept_in == kept_out, "text outside the edits changed", text)
    literal = verbatim_spans(text)  # addresses, paths, markup, code: never edited (spinfix/verbatim.py)
    if literal:
        for e in result.edits:
            _require(not any(a < e.end and e.start < b for a, b in literal),
                     f"edit {e.start}:{e.end} touches a verbatim span", text)
    last = 0
    for f in result.findings:
        _require(last <= f.start < f.end <= n, f"finding {f.start}:{f.end} out of order or range", text)
        _require(text[f.start:f.end] == f.spun, "finding's spun != text", text)
        _require(0.0 <= f.score <= 1.0, f"score {f.score} outside [0, 1]", text)
        last = f.end
    if full:
        _require(list(result.findings) == restorer.detect(text), "detect(text) != restore_and_explain findings", text)
        score = restorer.spin_score(text)
        _require(0.0 <= score.score <= 1.0 and score.verdict in ("clean", "suspicious", "spun"), "bad spin score",
                 text)
        _check_paragraphs(restorer, text)
    _check_idempotent(restorer, text, result, new_spans)


def _check_paragraphs(restorer: Restorer, text: str) -> None:
    """``paragraph_scores`` (session 42), by blank lines and by lines: spans in order, each a stripped
    non-blank stretch of the text, scores in [0, 1]; one paragraph is scored as the document."""
    for lines in (False, True):
        paragraphs = restorer.paragraph_scores(text, lines=lines)
        end = 0
        for p in paragraphs:
            part = text[p.start:p.end]
            _require(end <= p.start < p.end <= len(text) and part == part.strip() and part.strip() != "",
                     f"paragraph {p.start}:{p.end} out of order, blank or not stripped (lines={lines})", text)
            _require(0.0 <= p.score <= 1.0 and p.verdict in ("clean", "suspicious", "spun"),
                     "bad paragraph score", text)
            end = p.end
        if len(paragraphs) == 1:
            document = restorer.spin_score(text)
            _require((paragraphs[0].score, paragraphs[0].verdict) == (document.score, document.verdict),
                     "a single paragraph's score is not the document's", text)


#: How far (in characters) a second-pass edit may lie from a first-pass replacement and still count as
#: the known kind of non-idempotence: a table chain, a word-level cycle between rows, or a context change
#: caused by the first edit (see fuzz/RESULTS.md). Anything farther is a new bug and fails the input.
LOCAL = 40
#: Counts of the known kind, by what the second pass restored; the driver writes them out (see below).
KNOWN: Counter[str] = Counter()
_KNOWN_LOG = os.environ.get("SPINFIX_FUZZ_KNOWN_LOG", "")
#: Strict by default since restore settles its own output (c3ce7f4); ``SPINFIX_FUZZ_STRICT_IDEMPOTENCE=0``
#: brings back the classification of known kinds used for the first chunks (see fuzz/RESULTS.md).
_STRICT = os.environ.get("SPINFIX_FUZZ_STRICT_IDEMPOTENCE", "1") not in ("", "0")


def _check_idempotent(restorer: Restorer, text: str, result: Restored, new_spans: list[tuple[int, int]]) -> None:
    """``restore(restore(x)) == restore(x)``, or a violation of a known kind (see :func:`_cause`)."""
    second = restorer.restore_and_explain(result.text)
    if not second.edits:
        return
    by_end = {f.end: f for f in second.findings}
    for e in second.edits:
        cause = _cause(restorer, e, by_end.get(e.end), new_spans=new_spans, text=text, restored=result.text)
        _require(cause is not None and not _STRICT,
                 f"not idempotent: restore(restore(x)) = {second.text!r}; unexplained second-pass edit {e}", text)
        key = f"{cause}: {e.old.lower()} -> {e.new.lower()}"
        KNOWN[key] += 1
        if _KNOWN_LOG and KNOWN[key] == 1:
            with open(_KNOWN_LOG, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"second_pass": key, "input": text, "restored": result.text,
                                     "restored_twice": second.text}, ensure_ascii=False) + "\n")


def _cause(restorer: Restorer, e: Edit, finding: Finding | None, *, new_spans: list[tuple[int, int]],
           text: str, restored: str) -> str | None:
    """Why a second pass edits the restored text, for the kinds reported in fuzz/RESULTS.md; None if new.

    * ``local``: the edit lies within LOCAL characters of a first-pass replacement: a table chain (the
      restored wording is another row's spun form), a word-level cycle between rows, or a context
      change caused by that replacement;
    * ``and-term``: the row's ``and=`` phrase occurs only in the restored text (a replacement wrote it);
    * ``not-term``: the row's ``not=`` phrase occurred only in the input (a replacement removed it).
    """
    if any(s - LOCAL <= e.end and e.start <= t + LOCAL for s, t in new_spans):
        return "local"
    if finding is None:
        return None
    if any(ev.name == "and-term" for ev in finding.evidence):
        return "and-term"
    row = _rows_by_entry(restorer).get(finding.entry)
    if row is not None and row.conditions.unless:
        from spinfix.normalize import normalize

        if any(p in normalize(text) and p not in normalize(restored) for p in row.conditions.unless):
            return "not-term"
    return None


def _rows_by_entry(restorer: Restorer) -> dict[str, Row]:
    cached = _ENTRIES.get(id(restorer))
    if cached is None:
        cached = _ENTRIES[id(restorer)] = {row.entry: row for row in restorer.table.rows}
    return cached


_ENTRIES: dict[int, dict[str, Row]] = {}


def check_matcher(patterns: list[str], text: str) -> None:
    """The matcher (its compiled scan where it takes the patterns, and its automaton) and the reference
    scanner agree on every match."""
    fast = PhraseMatcher(patterns).find(text)
    automaton = PhraseMatcher(patterns, compiled=False).find(text)
    slow = ReferenceScanner(patterns).find(text)
    _require(fast == slow, f"matcher {fast} != reference {slow} for patterns {patterns!r}", text)
    _require(automaton == slow, f"automaton {automaton} != reference {slow} for patterns {patterns!r}", text)


def check_layout(text: str) -> None:
    """The compiled text questions every document asks (``spinfix._textcore``: paragraph starts, whitespace
    runs inside a paragraph, each paragraph's register count, the rare-word count with its set of common
    words, the quotation pairs) give what their Python definitions give."""
    module = load_compiled("_textcore")
    counter = text_module._cue_counter()
    if module is None or counter is None:
        return
    norm = normalize(text)
    starts = [0, *(m.end() for m in text_module.PARAGRAPH_BREAK.finditer(text))]
    _require(module.paragraph_starts(text) == starts, "paragraph_starts differs from PARAGRAPH_BREAK", text)
    inner = any(line_breaks(text[m.start():m.end()]) < 2 for m in normalize_module._RUN.finditer(norm))
    _require(module.inner_runs(text, norm) == inner, f"inner_runs is not {inner}", text)
    twin = text_module.ascii_twin(norm)
    cues, words, chars, _ = counter.count_each(twin, starts, None)
    expected = []
    for a, b in zip(starts, [*starts[1:], len(twin)]):
        found = text_module.ASCII_WORD.findall(twin, a, b)
        expected.append((text_module.science_cues(found), len(found), sum(map(len, found))))
    _require(list(zip(cues, words, chars)) == expected, "count_each differs from the Python count", text)
    lexicon = restorers()[0].scorer.lexicon
    assert lexicon is not None  # the default restorer has one
    zipf = lexicon.zipf
    rare = evidence_module.rare_count((w for _, _, w in text_module.spans_between(norm, twin, 0, len(norm),
                                                                                  tokens=False)), zipf)
    _require(evidence_module._rare_words(norm, twin, zipf) == rare, "rare_count differs from the Python count", text)
    compiled = text_module.Quotes(text)._build()
    python = text_module._compiled_quote_spans
    try:
        text_module._compiled_quote_spans = lambda: None
        _require(text_module.Quotes(text)._build() == compiled, "quote_spans differs from the Python pairing", text)
    finally:
        text_module._compiled_quote_spans = python


def _require(ok: bool, what: str, text: str) -> None:
    if not ok:
        raise InvariantError(f"{what}\n  input: {text[:500]!r}{' …' if len(text) > 500 else ''}")


# --- targets ----------------------------------------------------------------------------------------
def target_raw(r: Reader) -> None:
    restorer = restorers()[r.byte() % 3]
    text = raw_text(r)
    check_text(restorer, text)
    check_layout(text)
    check_vocabulary(restorer, text)


def target_tokens(r: Reader) -> None:
    restorer = restorers()[r.byte() % 3]
    text = token_text(r)
    check_text(restorer, text)
    check_layout(text)
    check_vocabulary(restorer, text)


def check_vocabulary(restorer: Restorer, text: str) -> None:
    """``scan --suggest``'s counting (``spinfix.mine``) on any text: no exception, counts that add up, a
    merge that doubles them, and a suggested table the loader accepts."""
    if restorer.detector is None:
        return
    v = SpinnerVocabulary()
    read = v.add(restorer, text)
    _require(v.documents == 1 and v.spun_documents + v.clean_documents == 1 and read == (v.spun_documents == 1),
             "the vocabulary's document counts do not add up", text)
    twice = SpinnerVocabulary().merge(v).merge(v)
    _require(twice.documents == 2 and [(s.spun, s.original, s.documents) for s in twice.suggestions(min_documents=1)]
             == [(s.spun, s.original, 2 * s.documents) for s in v.suggestions(min_documents=1)],
             "merging a vocabulary with itself does not double its counts", text)
    table = twice.table(twice.suggestions(min_documents=1))
    try:
        parse_table(table, "<suggested>")
    except PhraseTableError as exc:
        raise InvariantError(f"a suggested table does not load: {exc}\n  input: {text[:500]!r}") from exc


@cache
def chain_restorers() -> tuple[Restorer, ...]:
    """The text targets' configurations plus the thresholds at which chains differ: a strict one, where
    fewer links fire, and a table-only one at 0.2, where nearly every link does."""
    with _lock:
        extra = (Restorer(Config(threshold=0.8)).warm(),
                 Restorer(Config(context=False, generalize=False, threshold=0.2, report_threshold=0.2)).warm())
    return restorers() + extra


def target_chains(r: Reader) -> None:
    """A text chaining shipped rows through neighbouring words (:func:`chain_text`), where one pass of
    restoring writes the next row's spun form: the text invariants, idempotence above all."""
    restorers_ = chain_restorers()
    restorer = restorers_[r.byte() % len(restorers_)]
    check_text(restorer, chain_text(r.int, steps=1 + r.byte() % 6))


def target_table(r: Reader) -> None:
    data = r.rest()
    try:
        rows = parse_table(data, "fuzz.tsv")
    except PhraseTableError as exc:
        _require(str(exc).startswith("fuzz.tsv"), f"message does not name the file: {exc}", repr(data))
        return
    _check_rows(rows, Reader(b""))


FIELDS = {
    "spun": ("stated", "personal corporation", "wall avenue", "zero.5", "wi-fi", "didn't", "a", "an", "x y z",
             "Stated", "stated  now", "", " ", "st{ed", "é", "e\u0301", "İ", "said", "tell", "informed", "a b"),
    "original": ("said", "private company", "wall street", "0.5", "?", "said | claimed", "said |", "stated", "",
                 "tell", "told", "a year", "b", "x y", "said|said", "ｓａｉｄ"),
    "confidence": ("0.5", "1", "0.01", "0", "1.5", "nan", "inf", "-1", "high", "", "1e-3", "0.999999"),
    "tags": ("", "domain=news", "domain=science,kind=tortured", "kind=word,pos=verb", "pos=noun", "detect-only",
             "domain=law", "colour=red", "shiny", "kind=number", "domain=news,kind=phrase,pos=noun,detect-only",
             ",,", "pos=adj"),
    "source": ("observed", "pps", "user", "", "two words", "a:b/c+d-e.f", "é"),
    "context": ("", "left=defences|defenses", "right=ai", "and=cancer", "not=counterfeit goods", "spun-doc",
                "left=", "left=a b", "near=3", "and=x|", ";;", "left=said;right=said;spun-doc", "not=stated"),
}


def target_table_rows(r: Reader) -> None:
    lines = [FORMAT_HEADER if r.byte() % 16 else "#spinfix-table 2", "# fuzz"]
    lines.append("\t".join(COLUMNS))
    for _ in range(r.int(12)):
        fields = [r.pick(FIELDS[c]) for c in COLUMNS]
        width = r.byte() % 8
        fields = fields[:5] if width == 0 else fields[:4] if width == 1 else fields + [""] * (width == 2)
        lines.append("\t".join(fields))
    body = ("\r\n" if r.byte() % 4 == 0 else "\n").join(lines) + "\n"
    try:
        rows = parse_table(("\ufeff" if r.byte() % 4 == 0 else "") + body, "fuzz.tsv")
    except PhraseTableError:
        return
    _check_rows(rows, r)


def _check_rows(rows: list, r: Reader) -> None:
    """A loaded table merges, compiles, matches like the reference scanner and restores within the
    invariants (a restorer whose table is these rows; no lexicon, so it is cheap to build)."""
    try:
        rows = merge_tables([rows])
    except PhraseTableError:
        return  # a cycle inside one file
    table = compile_rows(rows, domains=frozenset({"news", "science", "general"}), disabled=frozenset())
    patterns = list(table.variants)
    text = token_text(r, 40) if r.remaining() else " ".join(patterns + [p.upper() for p in patterns])
    if patterns:
        check_matcher(patterns, _normalized(text))
    restorer = Restorer(Config(default_tables=False, context=False, generalize=False))
    restorer.__dict__["table"] = table  # the cached property, set directly: no file needed
    check_text(restorer, text)


def _normalized(text: str) -> str:
    from spinfix.normalize import normalize

    return normalize(text)


ALPHABET = ("a", "b", "s", " ", " ", "-", "'", ".", "é", "\u0301", "1")


def target_matcher(r: Reader) -> None:
    patterns: list[str] = []
    for _ in range(1 + r.int(6)):
        words = ["".join(r.pick(("a", "b", "s", "é", "1", "ab", "ba")) for _ in range(1 + r.int(3)))
                 for _ in range(1 + r.int(3))]
        pattern = r.pick((" ", " ", "-", "'", ".")).join(words)
        if pattern not in patterns:
            patterns.append(pattern)
    text = "".join(r.pick(ALPHABET) for _ in range(r.int(80)))
    check_matcher(patterns, text)


def target_edits(r: Reader) -> None:
    text = token_text(r, 12)
    edits = []
    for _ in range(r.int(5)):
        s = r.int(len(text) + 3)
        e = s + r.int(8)
        old = text[s:e] if r.byte() % 8 else "?"
        edits.append(Edit(s, e, old, r.pick(("", "x", "private company", "\n", "\ud800"))))
    try:
        out = apply_edits(text, edits)
    except EditError:
        return
    expected, pos = [], 0
    for e in edits:
        expected += [text[pos:e.start], e.new]
        pos = e.end
    expected.append(text[pos:])
    _require(out == "".join(expected), "apply_edits result differs from splicing by hand", text)


TARGETS: tuple[tuple[str, Callable[[Reader], None]], ...] = (
    ("raw", target_raw),
    ("tokens", target_tokens),
    ("tokens", target_tokens),
    ("table", target_table),
    ("table_rows", target_table_rows),
    ("matcher", target_matcher),
    ("edits", target_edits),
)


#: First bytes from this value up to SCAN_FIRST_BYTE pick the ``chains`` target (see ``_select``).
CHAINS_FROM = 224

# --- the corpus scanner (issue 11) ------------------------------------------------------------------
#: First bytes from here on select the scan targets; below it the text targets keep their old mapping, so
#: saved inputs (tests/cases/fuzz_regressions.json, atheris corpora) still run the target they ran.
SCAN_FIRST_BYTE = 240


@cache
def _scratch() -> str:
    return tempfile.mkdtemp(prefix="spinfix-fuzz-")


class _RefNumber(str):
    """A number in the reference parse: text, so nothing overflows, but not taken for a string."""


def _strict_json(line: bytes) -> object:
    """The reference parse: strict UTF-8, strict JSON (no NaN/Infinity), numbers as text, any depth error."""
    def no_constant(name: str) -> object:
        raise ValueError(name)

    return json.loads(line.decode("utf-8"), parse_int=_RefNumber, parse_float=_RefNumber,
                      parse_constant=no_constant)


def _decodable(line: bytes) -> bool:
    """Whether the scanner must score ``line`` (as opposed to reporting it as a bad record)."""
    try:
        obj = _strict_json(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(obj, dict) and type(obj.get("text")) is str


def scan_file(name: str, data: bytes, block: int) -> tuple[str, list[bytes], list[dict]]:
    """``data`` written to a scratch file ``name`` and scanned in process (reader, batches, worker code):
    the path, the output lines, the bad records. ``--on-error pass``, so every record is in the output."""
    from spinfix import scan

    path = os.path.join(_scratch(), name)
    with open(path, "wb") as fh:
        fh.write(data)
    opts = scan.Options(pass_bad=True)
    out: list[bytes] = []
    bad: list[dict] = []
    for batch in scan.read_batches(scan.expand_inputs([path]), False, block):
        result = scan.process_batch(restorers()[1], opts, batch)
        out.extend(result.output.splitlines())
        bad.extend(result.bad)
    for line in out:  # every output line is strict JSON: an object
        try:
            ok = isinstance(_strict_json(line), dict)
        except (ValueError, RecursionError) as exc:
            raise InvariantError(f"output line is not JSON ({exc}): {line[:200]!r}") from None
        _require(ok, "output line is not a JSON object", repr(line[:200]))
    for b in bad:
        _require(b["file"] == path and isinstance(b["line"], int) and b["line"] >= 1 and b["error"],
                 f"bad record not reported with file:line: {b}", repr(data[:200]))
    return path, out, bad


def _is_bad(line: bytes) -> bool:
    return b'"spinfix_error": ' in line and "spinfix_error" in _strict_json(line)  # type: ignore[operator]


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


SCAN_VALUES = ("1", "-0.0", "1e999", "1.00000000000000000001", "9" * 5000, "NaN", "Infinity", "-Infinity",
               '"caf\\u00e9"', '"\\ud800"', "null", "true", "{}", "[]", '{"a": [1, {"b": 2}]}', '"x"')
SCAN_KEYS = ("id", "error", "verdict", "spin_score", "restored", "spinfix_score", "spinfix_error", "k", "text")
SCAN_TEXTS = ('"Personal corporations rose zero.5 % on wall avenue."', '"plain"', '""', "42", "null",
              '"odd \\ud800 text"', '"informed Reuters"')


def scan_record(r: Reader) -> bytes:
    """One JSON Lines line: mostly objects with a text and odd members, sometimes something else."""
    kind = r.byte() % 16
    if kind == 0:
        return _deep((5, 999, 1000, 3000, 100_000)[r.byte() % 5]).encode()
    if kind == 1:
        return r.pick(("", "   ", "[1, 2]", '"a string"', "{", '{"text": "unterminated', "{}", "nul",
                       '{"text": "x"} trailing')).encode()
    if kind == 2:
        return b'{"text": "caf\xe9"' if r.byte() % 2 else b'{"text": "caf\xc3\xa9 \xff"}'
    members = []
    if kind != 3:
        members.append(f'"text": {r.pick(SCAN_TEXTS)}')
    for _ in range(r.int(4)):
        value = _deep((1, 50, 999, 1000, 100_000)[r.byte() % 5]) if r.byte() % 8 == 0 else ""
        members.append(f'"{r.pick(SCAN_KEYS)}": {value or r.pick(SCAN_VALUES)}')
    order = r.byte()
    if order % 3 == 0:
        members.reverse()
    sep = (", ", ",", " , ")[order % 3]
    return ("{" + (" " if order & 4 else "") + sep.join(members) + (" " if order & 8 else "") + "}"
            + ("  " if order & 16 else "")).encode()


def target_scan_jsonl(r: Reader) -> None:
    block = 64 << r.int(8)  # 64 B .. 8 KiB: records split across pieces and batches
    lines = [scan_record(r) for _ in range(1 + r.int(12))]
    ending = b"\r\n" if r.byte() % 5 == 0 else b"\n"
    data = ending.join(lines) + (ending if r.byte() % 4 else b"")
    _, out, bad = scan_file("fuzz.jsonl", data, block)
    kept = [(n, line.rstrip(b"\r")) for n, line in enumerate(data.split(b"\n"), 1) if line.strip()]
    _require(len(out) == len(kept), f"{len(kept)} records in, {len(out)} out", repr(data[:300]))
    expected_bad = [n for n, line in kept if not _decodable(line)]
    _require([b["line"] for b in bad] == expected_bad,
             f"bad records at lines {[b['line'] for b in bad]}, expected {expected_bad}", repr(data[:300]))
    for (n, line), got in zip(kept, out, strict=True):
        if n in expected_bad:
            _require(_is_bad(got), f"line {n}: a bad record without spinfix_error", repr(line[:300]))
            continue
        _require(not _is_bad(got), f"line {n}: a good record reported bad", repr(line[:300]))
        body = line.rstrip(b" \t")
        if b'"spinfix_' not in line:  # byte for byte up to the closing brace, then spinfix's fields
            _require(got.startswith(body[:-1]) and b'"spinfix_score": ' in got[len(body) - 1:],
                     f"line {n}: record changed on its way through: {got[:300]!r}", repr(line[:300]))


def gunzip_reference(data: bytes) -> tuple[bytes, bool]:
    """A plain decoder (whole members, no streaming, no replay): the output up to the first damage, and
    whether the stream was clean (complete members, then nothing or zero padding)."""
    out, rest, first = b"", data, True
    while True:
        if not first:
            rest = rest.lstrip(b"\0")
        if not rest:
            return out, True
        if rest[:2] != b"\x1f\x8b":
            return out, False
        d = zlib.decompressobj(wbits=31)
        try:
            out += d.decompress(rest)
        except zlib.error:
            return out, False
        if not d.eof:
            return out, False
        rest, first = d.unused_data, False


def target_scan_gzip(r: Reader) -> None:
    block = 64 << r.int(8)
    n = 5 + r.int(40)
    lines = [json.dumps({"id": i, "text": f"Personal corporations rose zero.5 %. {i * 7919 % 1009}"}).encode()
             + b"\n" for i in range(n)]
    cuts = sorted({r.int(n + 1) for _ in range(r.int(3))} | {0, n})
    gz = b"".join(zlib.compress(b"".join(lines[a:b]), 6, wbits=31) for a, b in itertools.pairwise(cuts) if b > a)
    how = r.byte() % 4
    at = r.int(len(gz) + 1)
    if how == 0:  # truncated
        damaged, prefix = gz[:at], gz[:at]
    elif how == 1:  # trailing junk or zeros
        junk = bytes(r.byte() for _ in range(r.int(9)))
        damaged, prefix = gz + junk, gz + junk
    elif how == 2:  # one byte changed: only what the bytes before it decode to is sure
        at = min(at, len(gz) - 1)
        damaged, prefix = gz[:at] + bytes([gz[at] ^ (1 + r.byte() % 255)]) + gz[at + 1:], gz[:at]
    else:
        damaged = prefix = gz
    _, out, bad = scan_file("fuzz.jsonl.gz", damaged, block)
    sure, clean = gunzip_reference(prefix)
    complete = sure[:sure.rfind(b"\n") + 1].splitlines()
    good = [line for line in out if not _is_bad(line)]
    desc = f"{how=} {at=} {len(gz)=} {block=} {damaged[:64]!r}"
    _require(len(good) >= len(complete), f"{len(complete)} decodable records, {len(good)} out: {desc}", desc)
    for want, got in zip(complete, good, strict=False):  # each decodable record, in order, once
        _require(got.startswith(want[:-1]), f"record {want!r} became {got[:200]!r}: {desc}", desc)
    if how != 2:  # no changed bytes: the output is exactly the decodable records, and damage reported once
        _require(len(good) == len(complete), f"{len(good)} records out, {len(complete)} decodable: {desc}", desc)
        _require(len(bad) == (0 if clean else 1), f"{len(bad)} bad records (clean={clean}): {desc}", desc)
    else:
        _require(sum("gzip" in b["error"] for b in bad) <= 1, f"gzip damage reported twice: {desc}", desc)


SCAN_TARGETS: tuple[tuple[str, Callable[[Reader], None]], ...] = (
    ("scan_jsonl", target_scan_jsonl),
    ("scan_gzip", target_scan_gzip),
)


def _select(first: int) -> tuple[str, Callable[[Reader], None]]:
    """The target a first byte picks: 240-255 the scan targets, 224-239 ``chains``, below 224 the
    original targets, each range added after inputs had been saved, so every saved input replays the same
    target."""
    if first >= SCAN_FIRST_BYTE:
        return SCAN_TARGETS[first % len(SCAN_TARGETS)]
    if first >= CHAINS_FROM:
        return ("chains", target_chains)
    return TARGETS[first % len(TARGETS)]


def one_input(data: bytes) -> None:
    """Run the target the first byte selects; raise on any exception not allowed for it."""
    r = Reader(data)
    _, target = _select(r.byte())
    target(r)


def target_name(data: bytes) -> str:
    """Which target ``data`` runs (for the regression file and the results)."""
    return _select(data[0] if data else 0)[0]
