"""N-gram evidence from natural English: unigram frequencies and bigram counts, loaded once, lazily.

Data (built by ``scripts/build_lexicon.py``, sources and licences in ``spinfix/data/lexicon/SOURCES.md``):

* ``unigrams.tsv.gz`` — Zipf frequencies of the top 200,000 English words (wordfreq, CC BY-SA 4.0);
* ``bigrams.tsv.gz`` — counts of ~250,000 English bigrams seen at least ~100,000 times in a 2006 web
  corpus (Google Web 1T via Norvig/wordsegment);
* ``collocations.tsv.gz`` — ~160,000 technical word pairs from the docstrings of scientific Python
  packages (``scripts/build_collocations.py``, BSD-3-Clause sources), read only for science-like text.

Absence from the bigram list is not evidence by itself: it only says the count is below the list's floor.
A pair is treated as *improbable* only when its independence estimate (from the two unigram
frequencies) is well above that floor, so rare neighbours (names, numbers, jargon) give no evidence.
"""

from __future__ import annotations

import gzip
import math
from functools import cached_property
from importlib import resources
from pathlib import Path

from .errors import SpinfixError
from .loading import builds_data

#: Approximate token count of the corpus behind the bigram counts (Brants & Franz 2006: ~1.0e12 tokens).
CORPUS_TOKENS = 1.0e12
#: Counts below this are missing from the bigram list (wordsegment keeps only frequent bigrams).
BIGRAM_FLOOR = 100_000.0


def _body(path: Path) -> str:
    """The data lines of a gzipped TSV as one string (the ``#`` comment lines at its head dropped), each
    line ending in a line break."""
    with gzip.open(path, "rb") as fh:
        text = fh.read().decode("utf-8")
    i = 0
    while text.startswith("#", i):
        end = text.find("\n", i)
        if end < 0:
            return ""  # nothing but comments, the last without its line break
        i = end + 1
    text = text[i:]
    return text if not text or text.endswith("\n") else text + "\n"


@builds_data
def _columns(path: Path, n: int) -> list[list[str]]:
    """The ``n`` columns of a gzipped TSV whose data lines all have ``n`` fields, as lists.

    One ``split`` of the whole text, tabs turned into line breaks, then every ``n``-th field: several
    times faster than splitting line by line, which every start pays (458,000 rows in the unigram and
    bigram files, 64,000 terms, the thesaurus's 38,000 rows of 11 MB). The tab and line counts are checked
    first, so a file whose lines do not all have ``n`` fields raises instead of shifting its columns.
    """
    body = _body(path)
    lines = body.count("\n")
    if body.count("\t") != lines * (n - 1):
        bad = next((k for k, line in enumerate(body.split("\n")[:-1]) if line.count("\t") != n - 1), -1)
        raise SpinfixError(f"{path}: data line {bad + 1} does not have {n} tab-separated fields; "
                           "the file is damaged: reinstall spinfix")
    parts = body.replace("\t", "\n").split("\n")
    parts.pop()  # the empty string after the last line break
    return [parts[k::n] for k in range(n)]


@builds_data
def _pairs(path: Path) -> dict[str, float]:
    """A two-column ``key<TAB>number`` file (comments at its head) as a dict."""
    keys, values = _columns(path, 2)
    return dict(zip(keys, map(float, values), strict=True))


class Lexicon:
    """Unigram and bigram statistics with the backoff described in the module doc."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory else Path(str(resources.files("spinfix") / "data" / "lexicon"))

    @cached_property
    def zipf(self) -> dict[str, float]:
        """Zipf frequency of each word (log10 of occurrences per 10^9 words)."""
        return _pairs(self.directory / "unigrams.tsv.gz")

    @cached_property
    def bigrams(self) -> dict[str, float]:
        """Count of each listed bigram, keyed ``"w1 w2"``."""
        return _pairs(self.directory / "bigrams.tsv.gz")

    @cached_property
    @builds_data
    def collocations(self) -> frozenset[str]:
        """Technical word pairs (``"activation function"``, ``"roc curve"``), keyed like ``bigrams``: the
        vocabulary of science that the web bigrams are too coarse to list. Loaded on first use (a
        science-like document's generaliser chunk), not by news or clean text."""
        first, second = _columns(self.directory / "collocations.tsv.gz", 2)
        return frozenset(map(" ".join, zip(first, second)))

    def available(self) -> bool:
        return (self.directory / "bigrams.tsv.gz").exists() and (self.directory / "unigrams.tsv.gz").exists()

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
