"""N-gram evidence from natural English: unigram frequencies and bigram counts, loaded once, lazily.

Data (built by ``scripts/build_lexicon.py``, sources and licences in ``spinfix/data/lexicon/SOURCES.md``):

* ``unigrams.tsv`` — Zipf frequencies of the top 200,000 English words (wordfreq, CC BY-SA 4.0);
* ``bigrams.tsv`` — counts of ~250,000 English bigrams seen at least ~100,000 times in a 2006 web
  corpus (Google Web 1T via Norvig/wordsegment);
* ``collocations.tsv.gz`` — ~160,000 technical word pairs from the docstrings of scientific Python
  packages (``scripts/build_collocations.py``, BSD-3-Clause sources), read only for science-like text.

Absence from the bigram list is not evidence by itself: it only says the count is below the list's floor.
A pair is treated as *improbable* only when its independence estimate (from the two unigram
frequencies) is well above that floor, so rare neighbours (names, numbers, jargon) give no evidence.
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections.abc import Callable, Iterator, Mapping, Set
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import AnyStr, cast

from .errors import SpinfixError
from .loading import builds_data, read_gzip
from .native import load_compiled

#: Approximate token count of the corpus behind the bigram counts (Brants & Franz 2006: ~1.0e12 tokens).
CORPUS_TOKENS = 1.0e12
#: Counts below this are missing from the bigram list (wordsegment keeps only frequent bigrams).
BIGRAM_FLOOR = 100_000.0


#: The unigram and bigram lists, shipped plain (see :func:`_sorted_pairs_body`): a spun document's first
#: lookups search them where they lie, and gunzipping them was 0.04 s of every process's start (their
#: 7.7 MB add some 5 MB to the installed package; the wheel compresses them as before).
UNIGRAMS = "unigrams.tsv"
BIGRAMS = "bigrams.tsv"

#: First-line format version of a key-to-number file whose rows are ordered by key, each key once
#: (``#spinfix-unigrams 2``; ``scripts/build_lexicon.py``): :class:`SortedPairs` may search it.
SORTED_VERSION = "2"
#: Distinct keys a :class:`SortedPairs` answers by binary search before it reads its whole file into a
#: dict: about where the searches (~15 µs each) have cost what building the dict costs (0.07 s for the
#: bigrams, 0.1 s for the unigrams), so a long run pays at most about twice the dict, once.
DICT_AFTER = 5000


def _text(path: Path) -> str:
    return _read(path).decode("utf-8")


def _read(path: Path) -> bytes:
    """The bytes of a lexicon file: gunzipped when its name ends in ``.gz``, as stored otherwise."""
    return read_gzip(path) if path.suffix == ".gz" else path.read_bytes()


def _split_head(text: str) -> tuple[list[str], str]:
    """(the ``#`` comment lines at the head of a file's text, its data lines as one string, each ending in
    a line break)."""
    head: list[str] = []
    i = 0
    while text.startswith("#", i):
        end = text.find("\n", i)
        if end < 0:
            return [*head, text[i:]], ""  # nothing but comments, the last without its line break
        head.append(text[i:end])
        i = end + 1
    body = text[i:]
    return head, body if not body or body.endswith("\n") else body + "\n"


def read_tsv(path: Path) -> tuple[list[str], str]:
    """A gzipped TSV's ``#`` head lines and its data lines (see :func:`_split_head`); the columns of the
    data lines are :func:`fields`. Raises OSError, EOFError or UnicodeDecodeError on an unreadable file."""
    return _split_head(_text(path))


def data_sizes(*paths: Path) -> str:
    """The sizes of ``paths`` ("-" for a missing one), for the key of a file derived from them: a
    rebuild of any of them changes its size in practice, and a derived file whose key differs is not
    used (the spin readings, the thesaurus pass's options; their tests compare them with the live
    computation)."""
    return ",".join(str(p.stat().st_size) if p.exists() else "-" for p in paths)


def _body(path: Path) -> str:
    return read_tsv(path)[1]


def fields(body: str, n: int, path: Path) -> list[list[str]]:
    """The ``n`` columns of ``body`` (data lines of ``n`` tab-separated fields each), as lists.

    One ``split`` of the whole text, tabs turned into line breaks, then every ``n``-th field: several
    times faster than splitting line by line, which every start pays (458,000 rows in the unigram and
    bigram files, 64,000 terms, the thesaurus's 38,000 rows of 11 MB). The tab and line counts are checked
    first, so a file whose lines do not all have ``n`` fields raises instead of shifting its columns.
    """
    lines = body.count("\n")
    if body.count("\t") != lines * (n - 1):
        bad = next((k for k, line in enumerate(body.split("\n")[:-1]) if line.count("\t") != n - 1), -1)
        raise SpinfixError(f"{path}: data line {bad + 1} does not have {n} tab-separated fields; "
                           "the file is damaged: reinstall spinfix")
    parts = body.replace("\t", "\n").split("\n")
    parts.pop()  # the empty string after the last line break
    return [parts[k::n] for k in range(n)]


def _columns(path: Path, n: int) -> list[list[str]]:
    """The ``n`` columns of the gzipped TSV at ``path`` (see :func:`fields`)."""
    return fields(_body(path), n, path)


@builds_data
def _as_dict(body: str, path: Path) -> dict[str, float]:
    keys, values = fields(body, 2, path)
    try:
        return dict(zip(keys, map(float, values), strict=True))
    except ValueError:
        bad = next(k for k, v in enumerate(values) if not _is_number(v))
        raise SpinfixError(f"{path}: data line {bad + 1} is not a key, a tab and a number; "
                           "the file is damaged: reinstall spinfix") from None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class _LineWithoutCutError(ValueError):
    """A line read by :func:`_sorted_line` lacks its ``cut``: the file is damaged there (``start`` is
    where the line starts)."""

    def __init__(self, start: int) -> None:
        super().__init__(start)
        self.start = start


def _sorted_line(text: AnyStr, key: AnyStr, cut: AnyStr | None, lo: int = 0,
                 hi: int | None = None) -> tuple[int, int] | None:
    """(where its key ends, where it ends) of the line of ``text`` (sorted lines, each ending in a line
    break) whose key is ``key``, or None: the key is the line up to its first ``cut``, or the whole
    line. Only the lines from ``lo`` to ``hi`` (line starts; the whole text by default) are searched.
    Text and key are both ``str`` or both UTF-8 ``bytes``, whose order is the code points' order.
    A binary search in which ``lo`` and ``hi`` are line starts and each step reads the line that holds
    the midpoint; a line it reads without a ``cut`` raises :class:`_LineWithoutCutError`."""
    newline = cast(AnyStr, "\n" if isinstance(text, str) else b"\n")
    if hi is None:
        hi = len(text)
    while lo < hi:
        mid = (lo + hi) // 2
        start = text.rfind(newline, lo, mid) + 1 or lo
        end = text.find(newline, start)
        stop = end if cut is None else text.find(cut, start, end)
        if stop < 0:
            raise _LineWithoutCutError(start)
        found = text[start:stop]
        if found == key:
            return stop, end
        if found < key:
            lo = end + 1
        else:
            hi = start
    return None


def _sorted_body(path: Path, version: str) -> tuple[str, bool]:
    """The data lines of the two-column file at ``path``, and whether a binary search may read them: its
    first line names format ``version`` (lines in sorted order) and every line has its one tab (a damaged
    line would throw the search off; such a file is read whole, which names the line)."""
    head, body = read_tsv(path)
    return body, bool(head) and head[0].split(" ")[-1] == version and body.count("\t") == body.count("\n")


def _sorted_pairs_body(path: Path, version: str) -> tuple[bytes, bool]:
    """The data lines of the ``key<TAB>number`` file at ``path`` as UTF-8 bytes, and whether its first
    line names format ``version`` (lines in sorted order), so that :class:`SortedPairs` may search them.

    Bytes, not text: the unigram list is not ASCII, and decoding it was 0.02 s of each process's first
    spun document, for a few dozen lookups that compare bytes as well (UTF-8 sorts as its code points
    do). Nor are the lines counted here, as :func:`_sorted_body` counts them (0.02 s for the two
    files): a search names a damaged line it reads (:meth:`SortedPairs._search`), and building the dict
    checks every line."""
    data = _read(path)
    i = 0
    while data.startswith(b"#", i):
        i = data.find(b"\n", i) + 1 or len(data)
    head, _ = _split_head(data[:i].decode("utf-8"))
    body = data[i:]
    if body and not body.endswith(b"\n"):
        body += b"\n"
    return body, bool(head) and head[0].split(" ")[-1] == version


class SortedPairs(Mapping[str, float]):
    """A ``key<TAB>number`` file whose rows are ordered by key (format SORTED_VERSION), answered by
    binary search over its UTF-8 bytes until DICT_AFTER distinct keys have been asked, then from a dict.

    Why: building the dicts of the unigram and bigram files (458,000 entries) was 0.3 s of every process's
    first spun document, which asks them a few hundred questions (a spun sentence: 1 bigram, ~1,300
    unigrams; the 819-byte example: 45 and 53 after the start); a corpus asks hundreds of thousands, and
    gets the dict after its first few documents. :meth:`as_dict` (``Lexicon.warm``) builds it at once.
    Answers are those of the dict in both phases (the tests compare every key). A line the search reads
    that is not a key, a tab and a number raises SpinfixError naming it, as building the dict does for
    any such line.
    """

    __slots__ = ("_body", "_dict", "_memo", "_path", "_publish")

    def __init__(self, body: bytes, path: Path, publish: Callable[[dict[str, float]], None] | None = None) -> None:
        self._body = body
        self._path = path
        self._publish = publish
        self._dict: dict[str, float] | None = None
        self._memo: dict[str, float | None] = {}

    def get(self, key: str, default: float | None = None) -> float | None:  # type: ignore[override]
        d = self._dict
        if d is not None:
            return d.get(key, default)
        memo = self._memo
        if key in memo:
            found = memo[key]
        elif len(memo) >= DICT_AFTER:
            return self.as_dict().get(key, default)
        else:
            found = memo[key] = self._search(key)
        return default if found is None else found

    def __getitem__(self, key: str) -> float:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self.as_dict())

    def __len__(self) -> int:
        return len(self.as_dict())

    def as_dict(self) -> dict[str, float]:
        """The whole file as a dict (built once, then handed to the owner so that later lookups go to
        the dict directly)."""
        d = self._dict
        if d is None:
            # The text stays: another thread may be searching it meanwhile (two threads may also both build
            # the dict; they build equal ones). Once the owner holds the dict, nothing holds this object.
            d = self._dict = _as_dict(self._body.decode("utf-8"), self._path)
            if self._publish is not None:
                self._publish(d)
        return d

    def _search(self, key: str) -> float | None:
        body = self._body
        try:
            word = key.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: no line of a UTF-8 file holds it
            return None
        try:
            found = _sorted_line(body, word, b"\t")
        except _LineWithoutCutError as exc:
            raise self._damaged(exc.start) from None
        if found is None:
            return None
        try:
            return float(body[found[0] + 1:found[1]])
        except ValueError:  # another tab, or no number, after the key
            raise self._damaged(body.rfind(b"\n", 0, found[0]) + 1) from None

    def _damaged(self, start: int) -> SpinfixError:
        """The error for the damaged line that starts at ``start``, numbered as :func:`fields` numbers it."""
        line = self._body.count(b"\n", 0, start) + 1
        return SpinfixError(f"{self._path}: data line {line} is not a key, a tab and a number; "
                            "the file is damaged: reinstall spinfix")


#: Format of a collocations file whose pair lines are in sorted order (``scripts/build_collocations.py``),
#: so that :class:`SortedLines` may answer it by binary search; any other file is read into a frozenset.
SORTED_COLLOCATIONS = "2"
#: Answers a SortedLines keeps before it starts its memo afresh.
LINES_MEMO = 50_000
#: Characters of text between the lines a SortedLines samples for its index (see SortedLines._window).
LINE_INDEX_STEP = 1024


def _line_finder(body: str) -> Callable[[str, str], bool] | None:
    """The binary search over sorted lines in C (``spinfix._textcore.has_line``) for an ASCII ``body``,
    or None (without the module, or for other text): about 1 against 7.8 µs a search, and science read
    for the first time asks 5,000 per MB (6 % of restoring it). It searches the whole text, so the
    sampled index is never built then."""
    module = load_compiled("_textcore")
    if module is None or not body.isascii() or not body.endswith("\n"):
        return None  # (a file's lines all end in a line break; a text from elsewhere is searched in Python)
    finder: Callable[[str, str], bool] = module.has_line
    return finder


class SortedLines(Set[str]):
    """Membership in the sorted ``first<TAB>second`` lines of a text, keyed ``"first second"``, by binary
    search over the text itself.

    Why: the technical collocations (312,000 pairs) as a frozenset of strings took 68 MB at their peak
    and about 35 MB for good in every process that met a science-like text, for a few hundred
    questions per document; their text is 4 MB. A search reads ~19 lines, each answer is kept (up to
    LINES_MEMO), and the answers are the frozenset's (the tests compare every pair).

    A search first finds, by ``bisect`` over the lines sampled every ``step`` characters (about 4,000 of
    them, sampled on the first search in a few milliseconds), the stretch of about 80 lines that could
    hold the key, and reads only there: on science text seen for the first time the searches were 8 % of
    restoring it, 12 µs each, and the stretch cuts the Python steps of each from ~19 to ~7 (issue 14).
    Where the compiled module is built and the text is ASCII (the shipped file is), the whole search is
    one C call instead (``_line_finder``): 4.4 → 1.1 µs a question, science read once 5-6 % faster.
    """

    __slots__ = ("_body", "_finder", "_index", "_memo", "_step")

    def __init__(self, body: str, step: int = LINE_INDEX_STEP) -> None:
        self._body = body
        self._finder = _line_finder(body)
        self._memo: dict[str, bool] = {}
        self._step = max(1, step)
        self._index: tuple[list[str], list[int]] | None = None

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        memo = self._memo
        found = memo.get(key)
        if found is None:
            if len(memo) >= LINES_MEMO:
                memo.clear()
            found = memo[key] = self._search(key.replace(" ", "\t", 1))
        return found

    def _search(self, line: str) -> bool:
        if self._finder is not None:
            return self._finder(self._body, line)
        return _sorted_line(self._body, line, None, *self._window(line)) is not None

    def _window(self, line: str) -> tuple[int, int]:
        """The line starts between which ``line`` stands if it is in the text: those of the sampled
        lines on either side of it (the text's ends before the first and after the last)."""
        index = self._index
        if index is None:
            index = self._index = self._sample()  # threads may both sample: they sample alike
        keys, starts = index
        i = bisect.bisect_right(keys, line)
        return (starts[i - 1] if i else 0), (starts[i] if i < len(starts) else len(self._body))

    def _sample(self) -> tuple[list[str], list[int]]:
        """The first line starting at or after every ``step``-th character, with its start."""
        body, step = self._body, self._step
        keys: list[str] = []
        starts: list[int] = []
        at = step
        while at < len(body):
            start = body.find("\n", at - 1) + 1  # the first line start at or after ``at``
            if not start or start >= len(body):
                break
            keys.append(body[start:body.find("\n", start)])
            starts.append(start)
            at = start + step
        return keys, starts

    def __iter__(self) -> Iterator[str]:
        return (line.replace("\t", " ", 1) for line in self._body.split("\n") if line)

    def __len__(self) -> int:
        return self._body.count("\n")


class Lexicon:
    """Unigram and bigram statistics with the backoff described in the module doc."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory else Path(str(resources.files("spinfix") / "data" / "lexicon"))

    @cached_property
    def zipf(self) -> Mapping[str, float]:
        """Zipf frequency of each word (log10 of occurrences per 10^9 words)."""
        return self._pairs_of(UNIGRAMS, "zipf")

    @cached_property
    def bigrams(self) -> Mapping[str, float]:
        """Count of each listed bigram, keyed ``"w1 w2"``."""
        return self._pairs_of(BIGRAMS, "bigrams")

    def _pairs_of(self, name: str, attribute: str) -> Mapping[str, float]:
        """The file ``name`` as a :class:`SortedPairs` when its rows are sorted, else as a dict. A
        SortedPairs that builds its dict puts it in ``attribute``'s place, so lookups then go straight to
        the dict, as they did before."""
        path = self.path(name)
        body, searchable = _sorted_pairs_body(path, SORTED_VERSION)
        if not searchable:
            return _as_dict(body.decode("utf-8"), path)
        return SortedPairs(body, path, lambda built: self.__dict__.__setitem__(attribute, built))

    def path(self, name: str) -> Path:
        """The lexicon file ``name`` (UNIGRAMS, BIGRAMS): as named, or gzipped (``name`` + ``.gz``) where
        only that is there, as in a lexicon directory built before the two lists shipped plain."""
        plain = self.directory / name
        zipped = plain.with_name(name + ".gz")
        return zipped if not plain.exists() and zipped.exists() else plain

    def file_digest(self, name: str) -> str | None:
        """SHA-256 of the lexicon file ``name`` (see :meth:`path`; None when it cannot be read): what a
        cache built from it checks before it is trusted."""
        try:
            return hashlib.sha256(self.path(name).read_bytes()).hexdigest()
        except OSError:
            return None

    def warm(self) -> Lexicon:
        """Build the unigram and bigram dicts now (before forking workers, before timing anything)."""
        for table in (self.zipf, self.bigrams):
            if isinstance(table, SortedPairs):
                table.as_dict()
        return self

    @cached_property
    @builds_data
    def collocations(self) -> Set[str]:
        """Technical word pairs (``"activation function"``, ``"roc curve"``), keyed like ``bigrams``: the
        vocabulary of science that the web bigrams are too coarse to list. Loaded on first use (a
        science-like document's generaliser chunk), not by news or clean text."""
        path = self.directory / "collocations.tsv.gz"
        body, searchable = _sorted_body(path, SORTED_COLLOCATIONS)
        if searchable:
            return SortedLines(body)
        first, second = fields(body, 2, path)  # an older or hand-made file: any order
        return frozenset(map(" ".join, zip(first, second)))

    def available(self) -> bool:
        return self.path(BIGRAMS).exists() and self.path(UNIGRAMS).exists()

    def count(self, word: str) -> float:
        """Estimated corpus count of ``word`` from its Zipf frequency (Zipf = log10 per 10^9 words)."""
        z = self.zipf.get(word)
        if z is None:
            return 0.0
        return 10 ** (z - 9) * CORPUS_TOKENS

    def pair_log(self, a: str, b: str) -> float | None:
        """log count of the bigram ``a b``, an upper-bounded estimate when absent, None when unknowable."""
        c = self.bigrams.get(f"{a} {b}")
        if c is not None:
            return math.log(c)
        ca, cb = self.count(a), self.count(b)
        if not ca or not cb:
            return None
        expected = ca * cb / CORPUS_TOKENS
        if expected < 3 * BIGRAM_FLOOR:
            return None  # the pair would be missing even if it were natural: no evidence
        return math.log(BIGRAM_FLOOR / 2)

    def context_log_odds(self, left: str, spun: list[str], orig: list[str], right: str) -> tuple[float, str]:
        """log [P(left, right | orig) / P(left, right | spun)] from the bigrams at both edges.

        Each edge compares *associations* (``c(left o) / c(o)`` against ``c(left s) / c(s)``), not raw
        probabilities, because the table prior already says how often the spun form is spinner output;
        comparing raw bigram probabilities would restore every rare word to a frequent synonym. Edges where
        either side is unknowable give nothing. An article on the left is read as the one each reading
        needs ("an extended" against "a long"), since restoring fixes the article.
        """
        total = 0.0
        parts = []
        if left:
            left_o = left_s = left
            if left in ("a", "an"):
                left_o = "an" if _vowel_sound(orig[0]) else "a"
                left_s = "an" if _vowel_sound(spun[0]) else "a"
            value = self._edge(left_o, orig[0], left_s, spun[0], first=False)
            if value is not None:
                total += value
                parts.append(f"'{left_o} {orig[0]}' vs '{left_s} {spun[0]}' {value:+.2f}")
        if right:
            value = self._edge(orig[-1], right, spun[-1], right, first=True)
            if value is not None:
                total += value
                parts.append(f"'{orig[-1]} {right}' vs '{spun[-1]} {right}' {value:+.2f}")
        return total, "; ".join(parts)

    def _edge(self, a_o: str, b_o: str, a_s: str, b_s: str, *, first: bool) -> float | None:
        """Association of one edge for the original reading minus that for the spun reading."""
        po, ps = self.pair_log(a_o, b_o), self.pair_log(a_s, b_s)
        if po is None or ps is None or po == ps:
            return None
        co = self.count(a_o if first else b_o)
        cs = self.count(a_s if first else b_s)
        if not co or not cs:
            return None
        return (po - math.log(co)) - (ps - math.log(cs))


def _vowel_sound(word: str) -> bool:
    from .normalize import starts_with_vowel_sound

    return starts_with_vowel_sound(word)


class Thesaurus:
    """The reverse thesaurus (``thesaurus.tsv.gz``): for a word a spinner may have written, the words it
    may have replaced, best first, each with its source (``w`` WordNet, ``m`` Moby, ``b`` both)."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory else Path(str(resources.files("spinfix") / "data" / "lexicon"))
        self._parsed: dict[tuple[str, bool], list[str]] = {}

    @cached_property
    @builds_data
    def _rows(self) -> dict[str, tuple[str, str]]:
        spun, originals, sources, _ = _columns(self.directory / "thesaurus.tsv.gz", 4)
        return dict(zip(spun, zip(originals, sources)))

    @property
    def known(self) -> dict[str, tuple[str, str]]:
        """The words the thesaurus has entries for (a dict, for fast membership tests)."""
        return self._rows

    def originals(self, spun: str, *, wordnet_only: bool = False, limit: int = 60) -> list[str]:
        """Words ``spun`` may have replaced, best first (parsed once per word and kept)."""
        key = (spun, wordnet_only)
        cached = self._parsed.get(key)
        if cached is None:
            row = self._rows.get(spun)
            if row is None:
                cached = []
            else:
                words, sources = row[0].split(" "), row[1].split(" ")
                cached = [w for w, s in zip(words, sources) if not wordnet_only or s in ("w", "b")]
            self._parsed[key] = cached
        return cached[:limit]


class Terms:
    """Established multi-word terms: WordNet's multiword lemmas (``terms.tsv.gz``)."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory else Path(str(resources.files("spinfix") / "data" / "lexicon"))

    @cached_property
    @builds_data
    def terms(self) -> frozenset[str]:
        return frozenset(_columns(self.directory / "terms.tsv.gz", 2)[0])
