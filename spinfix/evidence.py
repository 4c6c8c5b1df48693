"""Local spin evidence: where in a document the words look like a thesaurus spinner's.

A spinner replaces words by synonyms without looking at the context, so spun prose is full of words for
which a thesaurus neighbour fits the context far better ("the tech *large*", "*explained* on Saturday",
"*subsequent* week"). For every content word this module asks the trigram model
(:mod:`spinfix.ngram`) whether one of the words that the reverse thesaurus says a spinner could have
replaced with it is much more probable where it stands::

    gain(w) = max over readings o of  log10 P(context | o) − log10 P(context | w) − channel(o)

where ``channel(o) = CHANNEL_WEIGHT · log10(how many words the thesaurus offers for o)``: a spinner that
picks uniformly among o's synonyms writes any one of them rarely when o has hundreds ("do", "get"), so
such readings need far more context evidence. A word with ``gain ≥ ANOMALY_GAIN`` is *improbable*.

Clean news has about one improbable word in 50 evaluated words; synonym-spun news about one in 10 to 15
(measured on the shared devset, see ``benchmarks/devset.py``). Counting them per sentence window gives
a log-likelihood ratio for "this region is spun" that stays local: a human-written paragraph beside a
spun one keeps its own, low, count. The reading with the best gain is *not* trusted as the restoration
— the model picks the spinner's original only about two times in five — so this evidence decides
where, not what.

The cost is one vectorised pass of the model over every (word, reading) pair; it runs only when asked
(the spin score, and documents whose table findings leave the verdict open).
"""

from __future__ import annotations

import bisect
import itertools
import math
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import regex

from .arrays import READ_ERRORS, read_arrays
from .lexicon import UNIGRAMS, Lexicon, Thesaurus, data_sizes
from .native import load_compiled
from .ngram import UNKNOWN_LOG10, WORD_SHIFT, TrigramModel
from .text import (
    READ_WORD,
    Register,
    ascii_twin,
    find_tokens,
    name_like,
    reads_as_news,
    science_cues,
    spans_between,
)

if TYPE_CHECKING:
    from ._textcore import Cues

_SENTENCE_END = frozenset(".!?")
#: Tokens that end the context window of a word: the trigram model was trained on sentences without
#: punctuation, so "said , adding" is not a trigram it knows.
_BREAK = frozenset(".!?;:,()[]{}\"'\u201c\u201d\u2018\u2019\u2014\u2013/")

#: log10 gain above which a word counts as improbable. Chosen on the devset: at 1.0-1.5 the rate of
#: improbable words separates synonym-spun articles from clean pages (ROC-AUC 0.998-1.000); 1.5 keeps
#: the clean rate lowest (~2 %).
ANOMALY_GAIN = 1.5
#: Weight of log10(thesaurus in-degree) in the channel cost (see the module doc).
CHANNEL_WEIGHT = 0.5
#: Words this frequent (Zipf) carry the sentence frame and are never evaluated ("the", "said").
MAX_WORD_ZIPF = 6.0
#: A reading may be at most this much rarer (Zipf) than the word: spinners replace common words by
#: rarer synonyms, not the reverse.
FREQ_SLACK = 0.5
#: Words scored per batch in a sequential reading (SpinDetector.evidence with stop_below/stop_above).
CHUNK_WORDS = 64
#: The numpy ids :meth:`SpinDetector._evaluate` reads only without the compiled core or the readings table;
#: the compiled reading (:meth:`SpinDetector._sequential`) passes this empty array instead.
_NO_IDS = np.empty(0, dtype=np.int64)
#: Tokens whose context ids a sequential reading looks up at a time (see SpinDetector.evidence). 256 until
#: session 42: a clean page's reading stops after about a hundred evaluated words, some 350 tokens, so it
#: had picked the words of up to 150 tokens it never read; with 64, analyse() takes 2.9 % (clean news) and
#: 2.5 % (clean science) fewer instructions per MB, 32 gave no more (benchmarks.instructions).
ID_BLOCK = 64
#: Readings evaluated per word, cheapest channel cost first.
MAX_READINGS = 30
#: Entries of a per-call evidence memo (see SpinDetector.evidence) before it is emptied.
MEMO_WORDS = 200_000

#: Word results by their five context ids (l2, l1, word, r1, r2) -> (best reading id, gain).
Memo = dict[tuple[int, int, int, int, int], tuple[int, float]]
#: Expected share of improbable words among evaluated words in clean news (devset clean pages, the clean
#: news fixtures and the held-out news: 0.044-0.051 since session 18's singular readings, 0.04-0.048
#: before, when this was 0.05) ...
CLEAN_RATE = 0.055
#: ... in clean science, which the broadcast-news model reads as badly as spun news (0.114-0.120; was
#: 0.13 for 0.10-0.104) ...
SCIENCE_CLEAN_RATE = 0.14
#: ... and in synonym-spun news (devset articles: 0.145 on average; was 0.14 for 0.133). In a
#: science-like text the spun rate is taken as 2.5 times the clean one, so only a far denser cluster counts.
SPUN_RATE = 0.15
#: The share of academic-register words (``text.SCIENCE_CUES``) between which the expected clean rate
#: moves from CLEAN_RATE to SCIENCE_CLEAN_RATE, so that technical prose, which the model does not know,
#: is not taken for spun: 0.004-0.03 in clean and spun news, 0.017-0.10 in the clean science sets.
SCIENCE_CUES_NEWS, SCIENCE_CUES_SCIENCE = 0.01, 0.02
#: The document score's reading also expects more improbable words in a text rich in rare words (below
#: Zipf RARE_WORD_ZIPF: names, terms, the vocabulary of reference prose), which the broadcast-news model
#: reads badly whatever the register: the clean rate rises by RARE_RATE_SLOPE times the share of rare
#: tokens above RARE_SHARE_FREE (clean Wikipedia articles: median share 0.09; news pages, clean and spun,
#: 0.05-0.06). Measured on the development sets: Wikipedia articles judged suspicious 33 of 99 -> 15,
#: Lee stories 5 of 350 -> 3, the devset's verdicts and ROC-AUC unchanged; slopes of 0.3-0.75 and free
#: shares of 0.04-0.05 gave the same devset figures, and 0.5 was kept. Session 18's singular readings
#: flag more words in every register (Wikipedia suspicious 15 -> 23, Lee 2 -> 3 at 0.5); at 1.0 they are
#: 14 and 0, and 1.5 / 2.0 give 12 / 11, each with the devset's and the held-out spun stories' verdicts
#: and ROC-AUCs as at 0.5: 1.0 is the least that undoes the rise. Since session 23 the regions of
#: news-like and general prose read with the same rates (``GatedReading``): 99 clean Wikipedia articles
#: 35 -> 25 words changed; the devset, the Lee stories, the held-out sets, the docstrings and the
#: unseen-PPS folds unchanged; one tortured phrase of those inserted into the clean science fixtures no
#: longer restored (0.1536 -> 0.1500: a fixture paper with few academic words reads as general prose).
#: Applied in every register it also took the docstrings 23 -> 20, but cost the PPS folds 3 exact
#: restorations (their phrases are rare words themselves), so science-like text keeps its register's rates.
RARE_WORD_ZIPF = 3.0
RARE_SHARE_FREE = 0.04
RARE_RATE_SLOPE = 1.0
#: The most the rare words raise the clean rate to (the spun rate, 2.5 times it, must stay a rate): a text
#: that is mostly rare tokens (another language, identifiers, one 100k-character "word") gives the
#: model's evidence little to say either way.
RARE_MAX_CLEAN_RATE = 0.3

#: The tags an analysis of a word is tried in, the first that holds the word winning. The singular comes
#: before the plural: lemminflect lists a mass noun's base form among its plurals too ("income":
#: NNS "incomes", "income"), and with the plural first 6,517 of the model's singular nouns ("income",
#: "action", "ability") were read as plurals and offered only plural readings ("payments", "returns").
_PTB_BY_UPOS = {
    "VERB": ("VBD", "VBN", "VBG", "VBZ", "VBP", "VB"),
    "NOUN": ("NN", "NNS"),
    "ADJ": ("JJ", "JJR", "JJS"),
    "ADV": ("RB",),
}
_BASE_TAGS = frozenset({"NN", "VB", "JJ", "RB"})


def _lookup(keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Index of each query key in the sorted ``keys``, or -1.

    The queries are deduplicated and sorted first: a sorted probe sequence walks the 2 M-key arrays
    in order (cache-friendly), and a document asks the same n-gram many times.
    """
    uniq, inverse = np.unique(query, return_inverse=True)
    pos = np.minimum(np.searchsorted(keys, uniq), len(keys) - 1)
    found = np.where(keys[pos] == uniq, pos, -1)
    return found[inverse]


def trigrams_without_bigrams(bi_key: np.ndarray, tri_key: np.ndarray) -> int:
    """How many trigrams (a, b, c) of a model lack the bigram (a, b) or (b, c): none may, since
    :meth:`TrigramBatch.reading_log_prob` looks a trigram up only where both exist (checked by
    ``scripts/build_ngram.py`` when it builds the model, and by the tests on the shipped one)."""
    keys = np.sort(bi_key.astype(np.uint64))
    tri = tri_key.astype(np.uint64)
    s, mask = np.uint64(WORD_SHIFT), np.uint64((1 << WORD_SHIFT) - 1)
    a, b, c = tri >> (s + s), (tri >> s) & mask, tri & mask
    missing = 0
    for query in ((a << s) | b, (b << s) | c):
        pos = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
        missing += int(np.count_nonzero(keys[pos] != query))
    return missing


class TrigramBatch:
    """Vectorised Katz-backoff scoring of many five-word windows at once (-1 = no such word).

    The per-token spin evidence asks the model about every thesaurus reading of every content word of a
    document; one numpy pass over all of them costs about as much as a few hundred scalar queries.
    """

    def __init__(self, model: TrigramModel) -> None:
        self.d = model._data
        self.core = model.core

    def reading_log_prob(self, l2: np.ndarray, l1: np.ndarray, w: np.ndarray, r1: np.ndarray,
                         r2: np.ndarray, *, sizes: np.ndarray | None = None) -> np.ndarray:
        """log10 P(w r1 r2 | l2 l1) for known words ``w`` (the terms of r1 and r2 only where they are
        words, -1 elsewhere; a missing l1 or r1 also drops l2 or r2), the spin evidence's question.

        With ``sizes``, the context arrays hold one window per word and ``w`` that word's ``sizes[k]``
        readings in a row (a word and its readings share their context): the context bigrams (l2, l1)
        and (r1, r2) are then looked up once per word rather than once per reading, half the bigram
        lookups of a reading pass. Without it every array has one entry per row.

        The scalar model's figure (``TrigramModel.log_prob`` with the context cut at the first unknown
        word; the tests compare them), worked out by the compiled core where it is built (one loop in C
        over the readings) and otherwise by :meth:`_numpy_reading_log_prob`, bit for bit alike.
        """
        core = self.core
        if core is None:
            return self._numpy_reading_log_prob(l2, l1, w, r1, r2, sizes=sizes)
        as_ids = partial(np.ascontiguousarray, dtype=np.int64)
        out = np.empty(len(w), dtype=np.float64)
        core.readings(as_ids(l2), as_ids(l1), as_ids(w), as_ids(r1), as_ids(r2),
                      as_ids(sizes) if sizes is not None else np.ones(len(w), dtype=np.int64), out)
        return out

    def _numpy_reading_log_prob(self, l2: np.ndarray, l1: np.ndarray, w: np.ndarray, r1: np.ndarray,
                                r2: np.ndarray, *, sizes: np.ndarray | None = None) -> np.ndarray:
        """:meth:`reading_log_prob` without the compiled core, in numpy, with as few lookups as the three
        Katz terms allow: the bigram (l1, w) is the backoff context of the second term and (w, r1) of the
        third, so each bigram is looked up once; a trigram is looked up only where both its bigrams exist,
        since the model holds no trigram without them (``scripts/build_ngram.py`` checks this when it
        builds the file); and the bigrams of a kind, then all trigrams, go to the sorted keys in one call
        each (one sort of the probes rather than one per term). The core makes the same lookups and
        additions, term by term in float32 as numpy's arrays are."""
        d = self.d
        shift = np.uint64(WORD_SHIFT)
        has_l = (l1 >= 0) & (l2 >= 0)
        has_r = (r1 >= 0) & (r2 >= 0)
        cl2, cl1, cr1, cr2 = (np.where(x >= 0, x, 0).astype(np.uint64) for x in (l2, l1, r1, r2))
        # The context bigrams, one query per window.
        left, right = _lookup_where(d["bi_key"], ((cl2 << shift) | cl1, has_l), ((cr1 << shift) | cr2, has_r))
        if sizes is not None:
            rep = partial(np.repeat, repeats=sizes)
            l1, r1, has_r, left, right, cl2, cl1, cr1, cr2 = map(rep, (l1, r1, has_r, left, right,
                                                                      cl2, cl1, cr1, cr2))
        known = [l1 >= 0, w >= 0, r1 >= 0]
        cw = np.where(w >= 0, w, 0).astype(np.uint64)
        inner_l, inner_r = _lookup_where(d["bi_key"], ((cl1 << shift) | cw, known[0] & known[1]),
                                         ((cw << shift) | cr1, known[1] & known[2]))
        bigrams = [left, inner_l, inner_r, right]
        # A trigram (a, a+1, a+2) is asked only where both of its bigrams were found.
        tri_ok = [(left >= 0) & (inner_l >= 0), known[0] & known[1] & (inner_l >= 0) & (inner_r >= 0),
                  known[1] & known[2] & (inner_r >= 0) & (right >= 0)]
        words = [cl2, cl1, cw, cr1, cr2]
        trigrams = _lookup_where(d["tri_key"], *(
            ((words[a] << (shift + shift)) | (words[a + 1] << shift) | words[a + 2], tri_ok[a]) for a in range(3)))

        def term(a: int, has_h1: np.ndarray) -> np.ndarray:
            # log10 P(word a+2 | a, a+1): Katz backoff through the bigrams found above.
            ctx, bi, tri = bigrams[a], bigrams[a + 1], trigrams[a]
            bo2 = np.where(ctx >= 0, d["bi_bo"][np.maximum(ctx, 0)], 0.0)
            bo1 = np.where(has_h1, d["uni_bo"][words[a + 1].astype(np.int64)], 0.0)
            uni = d["uni_prob"][words[a + 2].astype(np.int64)]
            return np.where(tri >= 0, d["tri_prob"][np.maximum(tri, 0)],
                            np.where(bi >= 0, bo2 + d["bi_prob"][np.maximum(bi, 0)], bo2 + bo1 + uni))

        total = np.where(known[1], term(0, known[0]), UNKNOWN_LOG10).astype(np.float64)
        total = total + np.where(known[2], term(1, known[1]), 0.0)
        return total + np.where(has_r, term(2, known[2]), 0.0)


def _lookup_where(keys: np.ndarray, *queries: tuple[np.ndarray, np.ndarray]) -> list[np.ndarray]:
    """For each (query keys, mask) pair, the index of each masked query in the sorted ``keys`` (-1 where
    absent or masked out), all asked in one :func:`_lookup` call."""
    asked = [q[ok] for q, ok in queries]
    found = _lookup(keys, np.concatenate(asked)) if sum(map(len, asked)) else np.empty(0, dtype=np.int64)
    out = []
    at = 0
    for (q, ok), part in zip(queries, asked):
        result = np.full(len(q), -1, dtype=np.int64)
        result[ok] = found[at:at + len(part)]
        at += len(part)
        out.append(result)
    return out


@lru_cache(maxsize=100_000)
def readings_of(word: str) -> tuple[tuple[str, str, str], ...]:
    """(lemma, upos, Penn tag) analyses of ``word`` (lemminflect); the word itself when it has none."""
    from lemminflect import getAllInflections, getAllLemmas

    out: list[tuple[str, str, str]] = []
    for upos, lemmas in getAllLemmas(word).items():
        for lemma in lemmas:
            forms = getAllInflections(lemma, upos=upos)
            for tag in _PTB_BY_UPOS.get(upos, ()):
                if word in forms.get(tag, ()) or (tag in _BASE_TAGS and word == lemma):
                    out.append((lemma, upos, tag))
                    break
    if not out:
        out.append((word, "", ""))
    return tuple(out)


@lru_cache(maxsize=200_000)
def inflect(lemma: str, tag: str) -> str | None:
    """``lemma`` in the form ``tag`` asks for (the lemma itself for base tags)."""
    if not tag or tag in _BASE_TAGS:
        return lemma
    from lemminflect import getInflection

    forms = getInflection(lemma, tag=tag)
    return forms[0] if forms else None


@dataclass(frozen=True, slots=True)
class Improbable:
    """A word for which a thesaurus reading fits the context much better."""

    start: int
    end: int
    word: str
    reading: str
    gain: float


@dataclass(frozen=True, slots=True)
class SpinEvidence:
    """Per-document result: evaluated words and improbable words, with sentence spans, and the clean
    and spun rates of improbable words expected for this text's register (see SCIENCE_CUES)."""

    evaluated: tuple[int, ...]  # start offsets of evaluated words
    improbable: tuple[Improbable, ...]
    sentences: tuple[tuple[int, int], ...]
    clean_rate: float = CLEAN_RATE
    spun_rate: float = SPUN_RATE
    #: False when a sequential reading stopped early (see SpinDetector.evidence): then only a prefix of
    #: the text was read, enough for the document score, not for regions further on.
    complete: bool = True
    # Sorted offsets for the bisections below, built once: regions ask once per candidate, and a scan
    # per question made a long document quadratic.
    _bad_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _sentence_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _sentence_ends: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_bad_starts", tuple(x.start for x in self.improbable))
        object.__setattr__(self, "_sentence_starts", tuple(s for s, _ in self.sentences))
        object.__setattr__(self, "_sentence_ends", tuple(e for _, e in self.sentences))

    def counts(self, start: int, end: int) -> tuple[int, int]:
        """(improbable, evaluated) words with a start offset in ``[start, end)``."""
        ev = bisect.bisect_left(self.evaluated, end) - bisect.bisect_left(self.evaluated, start)
        bad = bisect.bisect_left(self._bad_starts, end) - bisect.bisect_left(self._bad_starts, start)
        return bad, ev

    def log_likelihood_ratio(self, start: int = 0, end: int | None = None,
                             exclude: tuple[int, int] | None = None) -> float:
        """log P(counts | spun) − log P(counts | clean) for the words in ``[start, end)`` (natural log,
        binomial with the rates above), leaving out the words in ``exclude`` (a candidate's own span,
        which must not count as evidence for itself)."""
        return _span_llr(self.counts, start, end if end is not None else 1 << 62, exclude,
                         clean_rate=self.clean_rate, spun_rate=self.spun_rate)

    def window(self, start: int, end: int, sentences: int = 1) -> tuple[int, int]:
        """The span of the sentences around ``[start, end)``, ``sentences`` more on each side."""
        return _sentence_window(start, end, sentences, spans=self.sentences, starts=self._sentence_starts,
                                ends=self._sentence_ends)


def llr(bad: int, evaluated: int, clean: float = CLEAN_RATE, spun: float = SPUN_RATE) -> float:
    """Binomial log-likelihood ratio of spun vs clean prose for ``bad`` improbable words out of
    ``evaluated`` (natural log)."""
    good = max(0, evaluated - bad)
    return bad * math.log(spun / clean) + good * math.log((1 - spun) / (1 - clean))


def science_share(words: list[str]) -> float:
    """Share of academic-register words (SCIENCE_CUES) among ``words`` (lower-case tokens)."""
    return science_cues(words) / max(1, len(words))


def expected_rates(words: list[str]) -> tuple[float, float]:
    """(clean, spun) rates of improbable words for a text with these (lower-case) words."""
    return expected_rates_for(science_cues(words), len(words))


def expected_rates_for(cues: int, tokens: int) -> tuple[float, float]:
    """:func:`expected_rates` of a text of ``tokens`` tokens, ``cues`` of them academic-register words."""
    share = cues / max(1, tokens)
    t = min(1.0, max(0.0, (share - SCIENCE_CUES_NEWS) / (SCIENCE_CUES_SCIENCE - SCIENCE_CUES_NEWS)))
    clean = CLEAN_RATE + (SCIENCE_CLEAN_RATE - CLEAN_RATE) * t
    return clean, spun_rate_for(clean)


def spun_rate_for(clean: float) -> float:
    """The spun rate expected beside the clean rate ``clean``: SPUN_RATE, or 2.5 times ``clean`` in a
    register the model reads badly, so that only a far denser cluster counts."""
    return max(SPUN_RATE, 2.5 * clean)


def rare_share(words: Sequence[str], zipf: Mapping[str, float]) -> float:
    """Share of ``words`` (lower-case tokens, punctuation included) that are words rarer than
    RARE_WORD_ZIPF (unlisted words count as rare)."""
    return rare_count(words, zipf) / max(1, len(words))


def rare_count(words: Iterable[str], zipf: Mapping[str, float]) -> int:
    """How many of ``words`` are words (letters only) rarer than RARE_WORD_ZIPF, unlisted ones included:
    the one definition behind the document score's share and the regions' count (``_rare_words``)."""
    return sum(1 for w in words if w.isalpha() and zipf.get(w, 0.0) < RARE_WORD_ZIPF)


def with_rare_words(clean: float, spun: float, share: float) -> tuple[float, float]:
    """(clean, spun) rates of a text whose tokens are ``share`` rare words (see RARE_RATE_SLOPE; at most
    RARE_MAX_CLEAN_RATE), from its register's rates ``clean`` and ``spun`` (:func:`expected_rates_for`)."""
    raised = min(max(clean, RARE_MAX_CLEAN_RATE), clean + RARE_RATE_SLOPE * max(0.0, share - RARE_SHARE_FREE))
    return (raised, spun_rate_for(raised)) if raised > clean else (clean, spun)


#: The precomputed readings of every model word (scripts/build_spin_readings.py).
READINGS_PATH = Path(str(resources.files("spinfix") / "data" / "lexicon" / "spin_readings.npz"))


def readings_key(model: TrigramModel, thesaurus: Thesaurus, lexicon: Lexicon) -> str:
    """What the readings of :meth:`SpinDetector.options` depend on: this module's constants and the data
    files (by size, which any rebuild changes in practice; ``tests/test_evidence.py`` compares the
    shipped table with the live computation)."""
    sizes = data_sizes(model.path, thesaurus.directory / "thesaurus.tsv.gz", lexicon.path(UNIGRAMS))
    return (f"spinfix-spin-readings 2;zipf<{MAX_WORD_ZIPF};slack {FREQ_SLACK};max {MAX_READINGS};"
            f"channel {CHANNEL_WEIGHT};files {sizes}")


@dataclass(frozen=True, slots=True)
class _Readings:
    """The readings table: word ``i``'s readings are ``ids[offsets[i]:offsets[i + 1]]``."""

    offsets: np.ndarray
    ids: np.ndarray
    costs: np.ndarray


def load_readings(model: TrigramModel, thesaurus: Thesaurus, lexicon: Lexicon,
                  path: Path = READINGS_PATH) -> _Readings | None:
    """The shipped readings table when it was built from exactly these data and constants, else None
    (a source checkout with rebuilt data, or a missing file: the readings are then computed live).
    Loaded once per process and shared by every restorer (read-only arrays)."""
    return _load_readings(str(path), readings_key(model, thesaurus, lexicon))


@lru_cache(maxsize=4)
def _load_readings(path: str, key: str) -> _Readings | None:
    # The file's members are stored uncompressed and aligned (``spinfix.arrays``): mapped, not inflated
    # (0.03 s of a spun sentence's cold start, issue 14); a compressed file still loads.
    try:
        z = read_arrays(path)
        if z["key"].tobytes().decode() != key:
            return None
        offsets, ids, degree = z["offsets"].astype(np.int64), z["ids"].astype(np.int64), z["degree"]
    except (*READ_ERRORS, UnicodeDecodeError):
        return None
    if len(degree) and int(degree.min()) < 0:
        return None
    # Each degree's cost through math.log10, as the live computation makes it (bit-identical), looked up
    # by degree: a table of the ~1,000 possible degrees instead of sorting 745,000 (np.unique, 0.03 s).
    levels = np.array([CHANNEL_WEIGHT * math.log10(max(1, d)) for d in range(int(degree.max(initial=0)) + 1)],
                      dtype=np.float64)
    costs = levels[degree]
    for array in (offsets, ids, costs):
        array.flags.writeable = False
    return _Readings(offsets, ids, costs)


class SpinDetector:
    """Computes :class:`SpinEvidence`; loads the trigram model and thesaurus on first use.

    A word's readings come from ``spin_readings.npz`` (``scripts/build_spin_readings.py``) when the
    detector runs on the shipped model, thesaurus and Zipf list and the file was built from them with
    this module's constants; otherwise (or with ``precomputed=False``) they are computed with lemminflect
    and the thesaurus, which is what the build script does.
    """

    def __init__(self, model: TrigramModel, thesaurus: Thesaurus, lexicon: Lexicon, *,
                 precomputed: bool = True) -> None:
        self.model = model
        self.thesaurus = thesaurus
        self.lexicon = lexicon
        self._use_precomputed = precomputed
        self._lock = threading.Lock()
        self._options: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    @cached_property
    def _batch(self) -> TrigramBatch:
        return TrigramBatch(self.model.warm())

    def warm(self) -> None:
        """Build now what the first readings would: the readings table, the model's batch reader and its
        n-gram index, and the set of common words the rare-word count walks (:func:`_common_words`,
        about 35 ms here, which the first document whose regions were read had paid inside a timed
        or latency-bound call)."""
        _ = self.precomputed, self.has_readings
        core = self._batch.core
        if core is not None:
            # The n-gram index the region and document readings would build after some thousands of
            # words (``_ngramcore.build_index``): a corpus wants it from the start.
            core.index()
        if type(self.lexicon.zipf) is dict:
            _common_words(self.lexicon.zipf)

    @cached_property
    def _in_degree(self) -> Counter[str]:
        """How many spun forms the reverse thesaurus lists each original for: the size of the original's
        synonym list, as far as the reverse map shows it."""
        counts: Counter[str] = Counter()
        for words, _ in self.thesaurus.known.values():
            counts.update(words.split(" "))
        return counts

    @cached_property
    def precomputed(self) -> _Readings | None:
        """The shipped readings table, or None when it does not apply (see the class doc)."""
        if not self._use_precomputed:
            return None
        return load_readings(self.model, self.thesaurus, self.lexicon)

    @cached_property
    def has_readings(self) -> list[bool] | None:
        """Whether each model word (by id) has any reading in the shipped table, or None when the table
        does not apply. A plain list, so the readers skip the words without readings (about half the
        tokens a spun document's regions read: 168,445 looked up, 90,913 with readings, on 1 MB of spun
        news) before asking :meth:`options`, which slices two arrays for each."""
        table = self.precomputed
        return None if table is None else (np.diff(table.offsets) > 0).tolist()

    def options(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """Model ids of ``word``'s readings (in its inflection) and their channel costs, cheapest first;
        cached per word."""
        table = self.precomputed
        if table is not None:
            i = self.model.ids.get(word)
            if i is not None:
                a, b = table.offsets[i], table.offsets[i + 1]
                return table.ids[a:b], table.costs[a:b]
        cached = self._options.get(word)
        if cached is not None:
            return cached
        best = self._live(word)
        result = (np.array([self.model.ids[f] for f, _ in best], dtype=np.int64),
                  np.array([CHANNEL_WEIGHT * math.log10(max(1, d)) for _, d in best], dtype=np.float64))
        self._options[word] = result
        return result

    def reading_degree(self, word: str, form: str) -> int:
        """The thesaurus in-degree behind the channel cost of reading ``form`` for ``word`` (for the
        build script, which stores degrees rather than costs)."""
        return dict(self._live(word))[form]

    def _live(self, word: str) -> list[tuple[str, int]]:
        """(reading, in-degree of the base it comes from) for ``word``, cheapest first, at most
        MAX_READINGS: the computation the shipped readings table holds the result of."""
        zipf = self.lexicon.zipf
        zw = zipf.get(word, 0.0)
        found: dict[str, int] = {}
        if zw < MAX_WORD_ZIPF and READ_WORD.fullmatch(word):
            degree = self._in_degree
            ids = self.model.ids
            for lemma, _upos, tag in readings_of(word):
                for base in self.thesaurus.originals(lemma):
                    form = inflect(base, tag) if tag else base
                    if not form or form == word or form not in ids or zipf.get(form, 0.0) + FREQ_SLACK < zw:
                        continue
                    d = max(1, degree.get(base, 1))
                    if d < found.get(form, math.inf):
                        found[form] = d
        # Sorting by degree is sorting by cost (a monotone function of it); ties keep insertion order.
        return sorted(found.items(), key=lambda kv: kv[1])[:MAX_READINGS]

    def evidence(self, text: str, norm: str, *, stop_below: float | None = None,
                 stop_above: float | None = None, around: Sequence[int] | None = None,
                 reach: int = 0, walls: Sequence[int] = (), memo: Memo | None = None,
                 rare_words: bool = False, register: Register | None = None) -> SpinEvidence:
        """Evaluate the content words of ``norm`` (the normalised ``text``) with batched model passes.

        With ``stop_below``/``stop_above`` the words are read in order, CHUNK_WORDS at a time, and the
        reading stops as soon as the log-likelihood ratio so far leaves that band (Wald's sequential test):
        a long clean text is known to be clean after a few hundred words, and the document score needs no
        more. The result then covers the words read (``complete`` is False).

        With ``around`` (character offsets) only the sentences within ``reach`` sentences of one of those
        offsets are read (``complete`` is False): the regions that already show evidence. Nor does the
        reach cross one of ``walls`` (the document's headings: what is beyond one is another section,
        perhaps another document; see ``_sentences_near``). A word's
        context never crosses a sentence end, so each sentence read gets exactly the figures the whole
        reading gives it, and the words left unread count as neither evaluated nor improbable.

        ``memo`` keeps each word's result by the five model ids it depends on (two words of context on
        each side): ``restore`` passes one through the analyses of one text, whose second pass reads a
        text that differs from the first only around the edits. The result is the same with or without
        it; the words it spares still count in the sequential reading's chunks.

        With ``rare_words`` (the document score's reading) the expected rates also allow for the text's
        share of rare words (:func:`with_rare_words`). ``register``: the document's register counts of
        ``text`` and ``norm``, when the caller has them (see :meth:`_sequential`).
        """
        sequential = stop_below is not None or stop_above is not None
        if sequential and around is None and self._select_words is not None:
            return self._sequential(text, norm, register, stop_below=stop_below, stop_above=stop_above, memo=memo,
                                    rare_words=rare_words)
        twin = ascii_twin(norm)  # made once for the tokens and the rare words (a copy, for a text not ASCII)
        toks, sentences = _tokenize(norm, twin)
        wanted = None if around is None else _sentences_near(sentences, around, reach, walls)
        words = [w for _, _, w in toks]
        clean, spun = expected_rates(words)
        if rare_words:
            # rare_share(words, zipf), counted in C where it can be (see _rare_words): a token that is no
            # word is one character that is no letter, never rare.
            rare = _rare_words(norm, twin, self.lexicon.zipf)
            clean, spun = with_rare_words(clean, spun, rare / max(1, len(words)))
        ranges = [(0, len(toks))] if wanted is None else _token_ranges([s for s, _, _ in toks], wanted)
        # A sequential reading of the whole text usually stops early (a clean page after about 100
        # evaluated words, a few hundred tokens): its context ids are looked up a block at a time, as the
        # reading reaches them, rather than for every token first.
        lazy = sequential and wanted is None
        select = self._select_words
        ids, word_ids = self._context_ids(toks, [] if lazy or select is not None else ranges)
        if select is not None:
            # The same words in the same order as _picked, picked a block at a time in C.
            picked: Iterable[int] = itertools.chain.from_iterable(
                select(toks, ids, lo, min(hi, lo + ID_BLOCK), text)
                for first, hi in ranges for lo in range(first, hi, ID_BLOCK))
        else:
            picked = self._picked(toks, ids, word_ids, ranges, text, ready=0 if lazy else len(toks))
        evaluated, improbable, complete = self._read(toks, word_ids, ids, picked, memo=memo, rates=(clean, spun),
                                                     stops=(stop_below, stop_above) if sequential else None)
        return SpinEvidence(tuple(toks[i][0] for i in evaluated), tuple(improbable), tuple(sentences), clean, spun,
                            complete and wanted is None)

    def _read(self, toks: list[tuple[int, int, str]], word_ids: np.ndarray, ids: list[int], picked: Iterable[int],
              *, memo: Memo | None, rates: tuple[float, float],
              stops: tuple[float | None, float | None] | None) -> tuple[list[int], list[Improbable], bool]:
        """Weigh the ``picked`` words (token positions, in order): (the positions evaluated, the improbable
        words, whether every picked word was read). With ``stops`` (below, above) the words are weighed
        CHUNK_WORDS at a time and the reading stops, leaving ``picked`` unconsumed, as soon as the
        log-likelihood ratio at the expected ``rates`` leaves that band; without, in one batch."""
        evaluated: list[int] = []
        improbable: list[Improbable] = []
        chunk: list[int] = []
        for i in picked:
            chunk.append(i)
            if stops is not None and len(chunk) >= CHUNK_WORDS:
                self._evaluate(toks, word_ids, chunk, evaluated, improbable, memo=memo, ids=ids)
                chunk = []
                ratio = llr(len(improbable), len(evaluated), *rates)
                below, above = stops
                if (below is not None and ratio < below) or (above is not None and ratio > above):
                    return evaluated, improbable, False
        if chunk:
            self._evaluate(toks, word_ids, chunk, evaluated, improbable, memo=memo, ids=ids)
        return evaluated, improbable, True

    def _sequential(self, text: str, norm: str, register: Register | None, *, stop_below: float | None,
                    stop_above: float | None, memo: Memo | None, rare_words: bool) -> SpinEvidence:
        """:meth:`evidence` of the whole text read in order until decisive (the document score's reading),
        tokenised a sentence at a time as the reading reaches it.

        Why: the reading of a clean page stops after about a hundred evaluated words, while tokenising the
        whole page (a tuple per token) and counting its academic-register words in Python cost as much
        again as the reading's own picking of words: 130 of 640 ms per MB of the fixtures' clean news, the
        document score being four fifths of ``analyse`` there. The sentences and the rates come from the
        register's counts in C (as the gated reading gets them, ``_sentences_and_rates``), and a word's
        context never leaves its sentence, so the tokens read this way, in order, are those of the whole
        tokenisation with the same neighbours: the same words are picked and weighed, and the result is
        the same (tests/test_evidence.py compares both). Only with the compiled core (``_select_words``),
        whose answers need no numpy array of ids."""
        select = self._select_words
        assert select is not None
        if register is None or register.norm is not norm:
            register = Register(text, norm)
        twin = register.twin
        sentences, (clean, spun), tokens = _sentences_and_rates(twin, register)
        if rare_words:
            clean, spun = with_rare_words(clean, spun, _rare_words(norm, twin, self.lexicon.zipf) / max(1, tokens))
        toks: list[tuple[int, int, str]] = []
        ids: list[int] = []

        def picked() -> Iterator[int]:
            """The words to read, a block at a time, each block's sentences tokenised when it is reached
            (the reading stops consuming this once it is decisive, and nothing more is tokenised)."""
            tokenised = lo = 0
            while True:
                # The block's tokens and the two after it, whose ids its contexts read (select sets them).
                while len(toks) < lo + ID_BLOCK + 2 and tokenised < len(sentences):
                    a, b = sentences[tokenised]
                    tokenised += 1
                    found = _tokens_between(norm, twin, a, b)
                    toks.extend(found)
                    ids.extend([-1] * len(found))
                if lo >= len(toks):
                    return
                yield from select(toks, ids, lo, min(len(toks), lo + ID_BLOCK), text)
                lo += ID_BLOCK

        evaluated, improbable, complete = self._read(toks, _NO_IDS, ids, picked(), memo=memo, rates=(clean, spun),
                                                     stops=(stop_below, stop_above))
        return SpinEvidence(tuple(toks[i][0] for i in evaluated), tuple(improbable), tuple(sentences), clean, spun,
                            complete)

    def _context_ids(self, toks: list[tuple[int, int, str]],
                     ranges: Sequence[tuple[int, int]]) -> tuple[list[int], np.ndarray]:
        """Context ids of the tokens in ``ranges`` (index ranges) and of the two tokens on each side of
        each, the only ones their contexts read (-1 elsewhere), as a list and as an array: -2 for a
        clause break (punctuation), -1 for a word the model does not know."""
        ids = [-1] * len(toks)
        word_ids = np.full(len(toks), -1, dtype=np.int64)
        for first, end in ranges:
            self._fill_context_ids(toks, ids, word_ids, first, end)
        return ids, word_ids

    def _fill_context_ids(self, toks: list[tuple[int, int, str]], ids: list[int], word_ids: np.ndarray,
                          first: int, end: int) -> None:
        """Set the context ids (see :meth:`_context_ids`) of the tokens ``first``..``end`` and of the two
        tokens on each side, in both ``ids`` and ``word_ids``."""
        get = self.model.ids.get
        lo, hi = max(0, first - 2), min(len(toks), end + 2)
        part = [-2 if w in _BREAK else get(w, -1) for _, _, w in toks[lo:hi]]
        ids[lo:hi] = part
        word_ids[lo:hi] = part

    @cached_property
    def _select_words(self) -> Callable[[list[tuple[int, int, str]], list[int], int, int, str], list[int]] | None:
        """The token loop of the readings in C (``_ngramcore.select_words``), or None where the readings
        go through numpy (no compiled core, or no shipped readings table): given the tokens, the context
        id list, a token range and the text, it sets the ids of the range (and the two tokens on each
        side) as :meth:`_fill_context_ids` does and gives the positions of the words to read, as the
        loops of :meth:`evidence` and :meth:`GatedReading.read` pick them.

        Why: on clean news the document score's reading spent as long looking ids up and picking words,
        a dict question and a few tests per token in Python, as weighing the picked words' readings.
        The numpy array of ids is left as it is: only the numpy path reads it (see :meth:`_evaluate`)."""
        has_readings = self.has_readings
        module = load_compiled("_ngramcore")
        if self._batch.core is None or has_readings is None or module is None:
            return None
        select_words, vocab = module.select_words, self.model.ids

        def select(toks: list[tuple[int, int, str]], ids: list[int], lo: int, hi: int, text: str) -> list[int]:
            return select_words(toks, ids, lo, hi, vocab, _BREAK, has_readings, text, name_like)

        return select

    def _picked(self, toks: list[tuple[int, int, str]], ids: list[int], word_ids: np.ndarray,
                ranges: Sequence[tuple[int, int]], text: str, *, ready: int) -> Iterator[int]:
        """The positions of the words to read in ``ranges`` (token index ranges), in order, each block of
        ID_BLOCK tokens' context ids set as the loop reaches it (from ``ready`` on; those before it are
        set already): a word the model knows, with readings, and no name."""
        has_readings = self.has_readings
        for i in itertools.chain.from_iterable(itertools.starmap(range, ranges)):
            if i >= ready:
                ready = min(len(toks), i + ID_BLOCK)
                self._fill_context_ids(toks, ids, word_ids, i, ready)
            k = ids[i]
            if k < 0 or (has_readings is not None and not has_readings[k]) or name_like(text, toks[i][0]):
                continue
            if has_readings is None and not len(self.options(toks[i][2])[0]):
                continue  # without the readings table, a word's readings are known once worked out
            yield i

    def gated(self, text: str, norm: str, around: Sequence[int], reach: int, memo: Memo | None = None, *,
              walls: Sequence[int] = (), register: Register | None = None) -> GatedReading:
        """``evidence(text, norm, around=around, reach=reach, walls=walls, memo=memo)`` read lazily: see
        :class:`GatedReading`."""
        return GatedReading(self, text, norm, around=around, reach=reach, walls=walls, memo=memo,
                            register=register)

    def _evaluate(self, toks: list[tuple[int, int, str]], word_ids: np.ndarray, chunk: list[int],
                  evaluated: list[int], improbable: list[Improbable], *, memo: Memo | None = None,
                  ids: list[int] | None = None) -> None:
        """Score each chunk word (token indices of words the model knows, with readings) against its
        readings in one batched pass (the words ``memo`` already holds excepted); append to the outputs
        in text order.

        With the shipped readings table and the compiled core, ``Core.best`` reads each word's readings
        from the table and keeps only the best: no rows are concatenated, no array is sliced per word
        (the numpy work around the model's lookups was as much as the lookups on the document score's
        reading). Otherwise the words' rows are concatenated and scored in one call, and the best is
        found in numpy; both give the same reading and gain, bit for bit (tests/test_ngramcore.py).

        Given ``ids`` too (the same context ids as a list), the compiled core also works out each word's
        context (``Core.contexts``) and takes the windows as tuples (``Core.best_of``): a reading asks
        about a few words at a time (a sentence's, or 64 of a document's), and the numpy work around so
        few was as much as the lookups: a fifth of ``analyse`` on single sentences."""
        core, table = self._batch.core, self.precomputed
        if ids is not None and core is not None and table is not None:
            keys = core.contexts(ids, chunk)
        else:
            pos = np.array(chunk, dtype=np.int64)
            l1, l2 = _context(word_ids, pos, -1)
            r1, r2 = _context(word_ids, pos, 1)
            keys = (list(zip(l2.tolist(), l1.tolist(), word_ids[pos].tolist(), r1.tolist(), r2.tolist()))
                    if memo is not None else [])
        results: dict[int, tuple[int, float]] = {}
        if memo:
            for k, key in enumerate(keys):
                hit = memo.get(key)
                if hit is not None:
                    results[k] = hit
        todo = [k for k in range(len(chunk)) if k not in results]
        if todo:
            if ids is not None and core is not None and table is not None:
                found_all: Iterable[tuple[int, float]] = core.best_of(
                    [keys[k] for k in todo], table.offsets, table.ids, table.costs)
            else:
                found_all = self._best_readings(toks, word_ids, pos, todo, (l2, l1, r1, r2))
            for k, found in zip(todo, found_all):
                results[k] = found
                if memo is not None:
                    if len(memo) >= MEMO_WORDS:
                        memo.clear()
                    memo[keys[k]] = found
        for k, i in enumerate(chunk):
            evaluated.append(i)
            reading_id, gain = results[k]
            if gain >= ANOMALY_GAIN:
                reading = self.model.words[reading_id]
                improbable.append(Improbable(toks[i][0], toks[i][1], toks[i][2], reading, round(gain, 3)))

    def _best_readings(self, toks: list[tuple[int, int, str]], word_ids: np.ndarray, pos: np.ndarray,
                       todo: list[int], context: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
                       ) -> Iterable[tuple[int, float]]:
        """(best reading's model id, its gain over the word) of the chunk words ``pos[todo]``, whose
        context ids ``context`` (l2, l1, r1, r2) are given for every chunk word: see :meth:`_evaluate`."""
        idx = np.array(todo, dtype=np.int64)
        l2, l1, r1, r2 = (x[idx] for x in context)
        core, table = self._batch.core, self.precomputed
        if core is not None and table is not None:
            reading = np.empty(len(todo), dtype=np.int64)
            gain = np.empty(len(todo), dtype=np.float64)
            core.best(l2, l1, word_ids[pos[idx]], r1, r2, table.offsets, table.ids, table.costs, reading, gain)
            return zip(reading.tolist(), gain.tolist())
        part = [(i, *self.options(toks[i][2])) for i in pos[idx].tolist()]
        # Each word's rows: the word itself (cost 0), then its readings; one concatenation for all words.
        zero = np.zeros(1)
        w = np.concatenate([x for i, ids, _ in part for x in (word_ids[i:i + 1], ids)])
        cand_costs = np.concatenate([x for _, _, costs in part for x in (zero, costs)])
        sizes = np.array([1 + len(ids) for _, ids, _ in part])
        scores = self._score(l2, l1, w, r1, r2, sizes=sizes) - cand_costs
        # Per word (row ``a`` its own reading, rows a+1..b-1 the others): the best other reading, the
        # first on a tie as np.argmax takes it, and its gain over the word. One pass for all words.
        own = np.r_[0, np.cumsum(sizes)[:-1]]
        others = scores.copy()
        others[own] = -np.inf
        best = np.maximum.reduceat(others, own)
        rows = np.arange(len(scores))
        first = np.minimum.reduceat(np.where(others == np.repeat(best, sizes), rows, len(scores)), own)
        return zip(w[first].tolist(), (best - scores[own]).tolist())

    def _score(self, l2: np.ndarray, l1: np.ndarray, w: np.ndarray, r1: np.ndarray, r2: np.ndarray, *,
               sizes: np.ndarray | None = None) -> np.ndarray:
        """log10 P of each reading and the two words after it, given the two before (-1: none); with
        ``sizes``, one context window per word and ``sizes[k]`` rows of ``w`` for word ``k``."""
        return self._batch.reading_log_prob(l2, l1, w, r1, r2, sizes=sizes)


class GatedReading:
    """The spin evidence of the sentences within ``reach`` sentences of ``around`` and no wall away (what
    ``SpinDetector.evidence(around=..., reach=..., walls=...)`` gives), each word read by the model only when a
    question covers it.

    The restorer asks about the regions of a few candidates (issue 14: on clean news they hold about a
    third of the words the gated reading covered); :meth:`read` evaluates spans in one batch, and every
    question first reads its own span, so each answer is the one the whole reading gives: a word's
    figures depend on its own context alone, never on which other words are read with it.
    """

    def __init__(self, detector: SpinDetector, text: str, norm: str, *, around: Sequence[int], reach: int,
                 memo: Memo | None, walls: Sequence[int] = (), register: Register | None = None) -> None:
        self._detector, self._text, self._memo = detector, text, memo
        # Only the wanted sentences are tokenised (on clean news a third of a gated document): the
        # sentences and the rates need the whole text, but not its tokens (see _sentences_and_rates).
        # A token's context never leaves its sentence (a sentence ends with a clause break), so the
        # wanted tokens alone, in order, give each the neighbours the whole token list gives it.
        register = register if register is not None else Register(text, norm)
        twin = register.twin if register.norm is norm else ascii_twin(norm)  # the document's own, made once
        self.sentences, (self.clean_rate, self.spun_rate), tokens = _sentences_and_rates(twin, register)
        if reads_as_news(*register.total()):
            # As the document score does (with_rare_words), for news-like and general prose only: in
            # science-like text the register's rates already expect a dense model misreading, and the
            # tortured phrases themselves are rare words.
            rare = _rare_words(norm, twin, detector.lexicon.zipf)
            self.clean_rate, self.spun_rate = with_rare_words(self.clean_rate, self.spun_rate, rare / max(1, tokens))
        self._wanted = _sentences_near(self.sentences, around, reach, walls)
        self._toks = [tok for a, b in self._wanted for tok in _tokens_between(norm, twin, a, b)]
        self._starts = [s for s, _, _ in self._toks]
        # Context ids are looked up as :meth:`read` reaches the tokens (with the two on each side that a
        # context reads): a clean document that opens the gate asks about a few words of the sentences
        # around its seed (21 of 627 tokens in one of the suite's news stories, where looking every
        # token up was a tenth of its restore).
        self._ids, self._word_ids = detector._context_ids(self._toks, [])
        self._covered: list[tuple[int, int]] = []  # character spans read, sorted, disjoint, merged
        self._evaluated: list[int] = []  # start offsets, sorted
        self._bad: list[int] = []
        self._sentence_starts = [s for s, _ in self.sentences]
        self._sentence_ends = [e for _, e in self.sentences]

    def read(self, spans: Sequence[tuple[int, int]]) -> None:
        """Evaluate, in one batch, the words of the wanted sentences that start inside ``spans`` and
        are not read yet. Each token is looked at once, however many questions cover it."""
        toks, ids, text = self._toks, self._ids, self._text
        detector = self._detector
        select = detector._select_words
        chunk: list[int] = []
        for a, b in spans:
            for gap in self._cover(a, b):
                for lo, hi in _token_ranges(self._starts, _clip(self._wanted, *gap)):
                    if select is not None:
                        chunk += select(toks, ids, lo, hi, text)
                    else:
                        detector._fill_context_ids(toks, ids, self._word_ids, lo, hi)
                        chunk += detector._picked(toks, ids, self._word_ids, [(lo, hi)], text, ready=hi)
        if not chunk:
            return
        chunk.sort()
        evaluated: list[int] = []
        improbable: list[Improbable] = []
        self._detector._evaluate(toks, self._word_ids, chunk, evaluated, improbable, memo=self._memo, ids=ids)
        self._evaluated = sorted([*self._evaluated, *(toks[i][0] for i in evaluated)])
        if improbable:
            self._bad = sorted([*self._bad, *(x.start for x in improbable)])

    def _cover(self, a: int, b: int) -> list[tuple[int, int]]:
        """The parts of ``[a, b)`` not read yet, in order; ``[a, b)`` then counts as read."""
        if a >= b:
            return []
        cov = self._covered
        j = first = max(0, bisect.bisect_right(cov, (a, 1 << 62)) - 1)
        gaps: list[tuple[int, int]] = []
        pos, lo, hi = a, a, b
        while j < len(cov) and cov[j][0] <= b:
            s, e = cov[j]
            j += 1
            if e < a:
                first = j
                continue
            if s > pos:
                gaps.append((pos, min(s, b)))
            pos, lo, hi = max(pos, e), min(lo, s), max(hi, e)
        if pos < b:
            gaps.append((pos, b))
        cov[first:j] = [(lo, hi)]
        return gaps

    def counts(self, start: int, end: int) -> tuple[int, int]:
        """(improbable, evaluated) words with a start offset in ``[start, end)``, as SpinEvidence.counts."""
        cov = self._covered
        k = bisect.bisect_right(cov, (start, 1 << 62)) - 1
        if not (k >= 0 and end <= cov[k][1]):  # read spans are merged: a read span lies inside one
            self.read([(start, end)])
        ev = bisect.bisect_left(self._evaluated, end) - bisect.bisect_left(self._evaluated, start)
        bad = bisect.bisect_left(self._bad, end) - bisect.bisect_left(self._bad, start)
        return bad, ev

    def log_likelihood_ratio(self, start: int, end: int, exclude: tuple[int, int] | None = None) -> float:
        """As :meth:`SpinEvidence.log_likelihood_ratio`, for a span."""
        return _span_llr(self.counts, start, end, exclude, clean_rate=self.clean_rate, spun_rate=self.spun_rate)

    def window(self, start: int, end: int, sentences: int = 1) -> tuple[int, int]:
        """As :meth:`SpinEvidence.window` (sentences need no model)."""
        return _sentence_window(start, end, sentences, spans=self.sentences, starts=self._sentence_starts,
                                ends=self._sentence_ends)


def _span_llr(counts: Callable[[int, int], tuple[int, int]], start: int, end: int,
              exclude: tuple[int, int] | None, *, clean_rate: float, spun_rate: float) -> float:
    """The log-likelihood ratio of the words in ``[start, end)`` without those in ``exclude``, from a
    ``counts(start, end) -> (improbable, evaluated)`` (shared by the whole and the gated reading)."""
    bad, ev = counts(start, end)
    if exclude is not None:
        own_bad, own_ev = counts(*exclude)
        bad, ev = bad - own_bad, ev - own_ev
    return llr(bad, ev, clean_rate, spun_rate)


def _sentence_window(start: int, end: int, sentences: int, *, spans: Sequence[tuple[int, int]],
                     starts: Sequence[int], ends: Sequence[int]) -> tuple[int, int]:
    """The span of the sentences around ``[start, end)``, ``sentences`` more on each side."""
    if not spans:
        return (start, end)
    first = max(0, bisect.bisect_right(starts, start) - 1)
    last = max(first, bisect.bisect_left(ends, end))
    lo = max(0, first - sentences)
    hi = min(len(spans) - 1, last + sentences)
    return (spans[lo][0], spans[hi][1])


#: A TOKEN that ends a sentence, in an ASCII twin (text.ascii_twin): "!", "?", or a "." that no word holds
#: (a word holds a "." only between two letters or digits: "u.s", "0.5"). The pattern is the definition
#: (the tests compare it with :func:`_sentence_ends`, which finds the same ends faster).
_SENTENCE_END_TOKEN = regex.compile(r"[!?]|\.(?![A-Za-z0-9])|(?<![A-Za-z0-9])\.")
#: The spaces of an ASCII twin (TOKEN's, regex's ``\s``, in ASCII).
_TWIN_SPACES = "\t\n\x0b\x0c\r "
_TWIN_SPACE_BYTES = _TWIN_SPACES.encode("ascii")
#: The letters and digits of ASCII, around a "." inside a word.
_ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _sentence_ends(twin: str) -> list[int]:
    """Where each sentence-ending token of ``twin`` (``_SENTENCE_END_TOKEN``'s matches) ends, in order.

    Why not the pattern: every document score now reads its sentences from here (``SpinDetector._sequential``),
    and ``str.find`` for each of the three characters with a test of a full stop's neighbours is three times
    as fast as the ``regex`` scan (7 against 24 ms per MB of the fixtures' clean news, which the ``re``
    module took 73 for)."""
    ends: list[int] = []
    for mark in "!?":
        i = twin.find(mark)
        while i >= 0:
            ends.append(i + 1)
            i = twin.find(mark, i + 1)
    alnum, n = _ASCII_ALNUM, len(twin)
    i = twin.find(".")
    while i >= 0:
        if not (0 < i < n - 1 and twin[i - 1] in alnum and twin[i + 1] in alnum):
            ends.append(i + 1)
        i = twin.find(".", i + 1)
    ends.sort()
    return ends


def _sentences_and_rates(twin: str, register: Register) -> tuple[list[tuple[int, int]], tuple[float, float], int]:
    """The sentences of :func:`_tokenize`, the :func:`expected_rates` of its tokens and how many tokens
    there are, without listing them: the sentence ends are found alone, and the token count is the words'
    (``register``) plus the other characters that are not spaces, each a token of its own."""
    sentences: list[tuple[int, int]] = []
    begin = 0
    for end in _sentence_ends(twin):
        sentences.append((begin, end))
        begin = end
    last = len(twin.rstrip(_TWIN_SPACES))  # where the last token ends: every other character is in one
    if last and begin < last:
        sentences.append((begin, last))
    cues, words, word_chars = register.total_with_chars()
    # The twin is ASCII: its bytes without the spaces are its characters that are not spaces (one pass in
    # C, where six str.count passes were 2.5 % of analyse()'s instructions on clean news).
    tokens = words + len(twin.encode("ascii").translate(None, _TWIN_SPACE_BYTES)) - word_chars
    return sentences, expected_rates_for(cues, tokens), tokens


def _rare_words(norm: str, twin: str, zipf: Mapping[str, float]) -> int:
    """How many tokens of ``norm`` (``twin`` its ASCII twin) :func:`rare_share` counts as rare: only the
    words are looked up (the token count comes from :func:`_sentences_and_rates`).

    Every gated reading counts the whole text (its rates depend on it), so this ran on every pass over
    every spun document: 5 % of the time of spun news in Python. ``_textcore.rare_count`` walks the
    twin's words and looks each up without a match object or a generator; it needs the Zipf list as a
    dict (``Lexicon.warm`` makes it one), and gives :func:`rare_count`'s answer (tests/test_textcore.py).
    """
    counter = _compiled_rare_count()
    if counter is not None and type(zipf) is dict:
        return counter(norm, twin, zipf, RARE_WORD_ZIPF, _common_words(zipf))
    return rare_count((w for _, _, w in spans_between(norm, twin, 0, len(norm), tokens=False)), zipf)


#: The last Zipf dict :func:`_common_words` was asked about, and its common ASCII words as a compiled
#: word set (the lexicon's dict is shared by every restorer of a process: one entry suffices).
_COMMON: tuple[dict[str, float], Cues] | None = None


def _common_words(zipf: dict[str, float]) -> Cues | None:
    """The ASCII words of ``zipf`` that are not rare (Zipf RARE_WORD_ZIPF or more) as a compiled word set
    (``_textcore.Cues``), built once per dict; None without the compiled module.

    Why: the count looked every word of the text up in the 200,000-word dict, with a string object made
    for each: 50 ms per MB of news or science, as much as reading the few sentences around the seeds of a
    clean story that opens the gate, and paid again by the document score of every page of a corpus
    scan. The set (29,078 words, built in about 10 ms on first use) answers an ASCII word without
    either, 10 ms per MB; the count is the same (tests/test_textcore.py)."""
    global _COMMON
    kept = _COMMON
    if kept is not None and kept[0] is zipf:
        return kept[1]
    module = load_compiled("_textcore")
    if module is None:
        return None
    common: Cues = module.Cues([w for w, z in zipf.items() if z >= RARE_WORD_ZIPF and w.isascii()])
    _COMMON = (zipf, common)
    return common


@cache
def _compiled_rare_count() -> Callable[[str, str, dict[str, float], float, Cues | None], int] | None:
    """``_textcore.rare_count`` (see :func:`_rare_words`), or None without the compiled module."""
    module = load_compiled("_textcore")
    return None if module is None else module.rare_count


def _tokens_between(norm: str, twin: str, a: int, b: int) -> list[tuple[int, int, str]]:
    """The tokens of ``norm`` within ``[a, b)``, where no token crosses ``a`` or ``b`` (sentence bounds)."""
    return spans_between(norm, twin, a, b, tokens=True)


def _tokenize(norm: str, twin: str | None = None) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """The tokens of ``norm`` (start, end, text) and its sentences (spans ending after ".", "!" or "?");
    ``twin``: its ASCII twin, when the caller has made it already."""
    toks = find_tokens(norm) if twin is None else spans_between(norm, twin, 0, len(norm), tokens=True)
    sentences: list[tuple[int, int]] = []
    begin = 0
    for _s, e, w in toks:
        if w in _SENTENCE_END:
            sentences.append((begin, e))
            begin = e
    if toks and begin < toks[-1][1]:
        sentences.append((begin, toks[-1][1]))
    return toks, sentences


def _token_ranges(starts: list[int], spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """For sorted, disjoint character ``spans``, the index ranges of the tokens (by their sorted start
    offsets) that start inside each."""
    return [(bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)) for a, b in spans]


def _clip(spans: list[tuple[int, int]], a: int, b: int) -> list[tuple[int, int]]:
    """The parts of the sorted, disjoint ``spans`` inside ``[a, b)``."""
    out = []
    k = max(0, bisect.bisect_right(spans, (a, 1 << 62)) - 1)
    while k < len(spans) and spans[k][0] < b:
        lo, hi = max(a, spans[k][0]), min(b, spans[k][1])
        if lo < hi:
            out.append((lo, hi))
        k += 1
    return out


def _sentences_near(sentences: list[tuple[int, int]], offsets: Sequence[int], reach: int,
                    walls: Sequence[int] = ()) -> list[tuple[int, int]]:
    """The character spans (merged, in order) of the sentences within ``reach`` sentences of the
    sentence holding each offset, and in its section: ``walls`` (sorted offsets, the headings) cut the
    text into sections, and a sentence is in the section its last character is in (a sentence end is no
    paragraph break, so a heading, which has no final stop, shares a sentence with what follows it)."""
    if not sentences:
        return []
    starts = [a for a, _ in sentences]
    section = [bisect.bisect_right(walls, b - 1) for _, b in sentences] if walls else None
    keep = [False] * len(sentences)
    for offset in offsets:
        k = max(0, bisect.bisect_right(starts, offset) - 1)
        lo, hi = max(0, k - reach), min(len(sentences), k + reach + 1)
        if section is not None:  # sections are in sentence order: bisect for the sentence's own
            lo = max(lo, bisect.bisect_left(section, section[k]))
            hi = min(hi, bisect.bisect_right(section, section[k]))
        for j in range(lo, hi):
            keep[j] = True
    spans: list[tuple[int, int]] = []
    for (a, b), kept in zip(sentences, keep):
        if not kept:
            continue
        if spans and spans[-1][1] == a:
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


def _context(word_ids: np.ndarray, pos: np.ndarray, step: int) -> tuple[np.ndarray, np.ndarray]:
    """Ids of the nearest and second-nearest words on one side of each position, -1 past a clause break
    (punctuation, -2 in ``word_ids``) or the text's edge. An unknown word (-1) also ends the context."""
    n = len(word_ids)
    near_at = pos + step
    near = np.where((near_at >= 0) & (near_at < n), word_ids[np.clip(near_at, 0, n - 1)], -1)
    near = np.where(near < 0, -1, near)
    far_at = pos + 2 * step
    far = np.where((far_at >= 0) & (far_at < n) & (near >= 0), word_ids[np.clip(far_at, 0, n - 1)], -1)
    far = np.where(far < 0, -1, far)
    return near, far
