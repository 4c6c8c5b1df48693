"""The context model: how well a reading fits its neighbours, from a trigram model of natural English.

The scorer asks one question of context: is ``left + original + right`` much more probable English than
``left + spun + right``? :class:`ContextModel` is that question as a protocol, so that a better model (a
small neural LM, a domain model) replaces this one without touching the scorer or the decoder.

:class:`TrigramModel` answers it with the CMU Sphinx US English trigram model (72,547 words, 2.05 M
bigrams, 1.67 M trigrams, BSD licence), converted by ``scripts/build_ngram.py`` from the ``pocketsphinx``
wheel into ``data/lexicon/ngram3.npz`` (12 MB; loads in about 0.15 s, about 60 MB in memory). It is
loaded lazily, only when a document has a region that looks spun, so clean text never pays for it.
Probabilities use Katz backoff as in the ARPA model; log10 values are quantised to 0.04 (probabilities)
and 0.02 (backoffs), far finer than any decision margin used here.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import SpinfixError

FORMAT = b"spinfix-ngram 1"
WORD_SHIFT = 17
#: Dequantisation of the stored bytes (see scripts/build_ngram.py).
PROB_MIN, PROB_SCALE = -10.0, 25.0
BO_MIN, BO_SCALE = -4.0, 50.0
#: log10 probability of a word the model does not know: below every listed unigram (the rarest is about
#: -7.3), so an unknown spun word ("fb") never looks better than a known original, and an unknown
#: original is never proposed on the model's word.
UNKNOWN_LOG10 = -8.0
#: Entries of the scalar lookup memo before it is emptied (about 100 bytes each).
MEMO_SIZE = 200_000


class ContextModel(Protocol):
    """What the scorer needs from a model of natural English."""

    def log_prob(self, left: Sequence[str], words: Sequence[str], right: Sequence[str]) -> float:
        """log10 P(words + right | left): the part of a sentence's probability that changes when
        ``words`` is replaced. ``left`` and ``right`` are the neighbouring words (lower case, at most
        two each side are used by a trigram model)."""
        ...

    def knows(self, word: str) -> bool:
        """Whether the model has seen ``word`` (an unknown word's probability says nothing)."""
        ...


def _default_path() -> Path:
    return Path(str(resources.files("spinfix") / "data" / "lexicon" / "ngram3.npz"))


class TrigramModel:
    """Katz-backoff trigram model over quantised arrays; thread-safe once loaded."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else _default_path()
        self._lock = threading.Lock()
        #: (h2, h1, w) -> log10 P(w | h2 h1): the scorer asks the same few n-grams of every document
        #: ("said on", "the company"), each a binary search over millions of keys; bounded by MEMO_SIZE.
        self._memo: dict[tuple[str | None, str | None, str], float] = {}

    @cached_property
    def _data(self) -> dict[str, np.ndarray]:
        with self._lock:
            try:
                with np.load(self.path, allow_pickle=False) as z:
                    data = {k: z[k] for k in z.files}
            except (OSError, ValueError, KeyError) as exc:
                raise SpinfixError(f"{self.path}: cannot read the n-gram model ({exc}); reinstall spinfix") from exc
            if data.get("format") is None or data["format"].tobytes() != FORMAT:
                raise SpinfixError(f"{self.path}: not a {FORMAT.decode()} file")
            out = {
                "uni_prob": data["uni_prob"].astype(np.float32) / PROB_SCALE + PROB_MIN,
                "uni_bo": data["uni_bo"].astype(np.float32) / BO_SCALE + BO_MIN,
                "bi_key": np.cumsum(data["bi_key"].astype(np.uint64)),
                "bi_prob": data["bi_prob"].astype(np.float32) / PROB_SCALE + PROB_MIN,
                "bi_bo": data["bi_bo"].astype(np.float32) / BO_SCALE + BO_MIN,
                "tri_key": np.cumsum(data["tri_key"].astype(np.uint64)),
                "tri_prob": data["tri_prob"].astype(np.float32) / PROB_SCALE + PROB_MIN,
                "vocab": data["vocab"],
            }
            return out

    @cached_property
    def ids(self) -> dict[str, int]:
        """Word -> id (the model is lower case)."""
        return {w: i for i, w in enumerate(self.words)}

    @cached_property
    def words(self) -> list[str]:
        """Id -> word."""
        return self._data["vocab"].tobytes().decode("utf-8").split("\n")

    def knows(self, word: str) -> bool:
        return word in self.ids

    def warm(self) -> TrigramModel:
        _ = self._data, self.ids
        return self

    def _bigram(self, a: int, b: int) -> int:
        keys = self._data["bi_key"]
        key = np.uint64((a << WORD_SHIFT) | b)
        i = int(keys.searchsorted(key))
        return i if i < len(keys) and keys[i] == key else -1

    def _trigram(self, a: int, b: int, c: int) -> int:
        keys = self._data["tri_key"]
        key = np.uint64((a << (2 * WORD_SHIFT)) | (b << WORD_SHIFT) | c)
        i = int(keys.searchsorted(key))
        return i if i < len(keys) and keys[i] == key else -1

    def word_log_prob(self, history: Sequence[str], word: str) -> float:
        """log10 P(word | the last two words of history), with Katz backoff."""
        key = (history[-2] if len(history) > 1 else None, history[-1] if history else None, word)
        memo = self._memo
        value = memo.get(key)
        if value is None:
            value = self._word_log_prob(*key)
            if len(memo) >= MEMO_SIZE:
                memo.clear()  # cheaper than LRU bookkeeping; the common n-grams come back at once
            memo[key] = value
        return value

    def _word_log_prob(self, before: str | None, last: str | None, word: str) -> float:
        ids = self.ids
        w = ids.get(word)
        if w is None:
            return UNKNOWN_LOG10
        d = self._data
        h1 = ids.get(last) if last is not None else None
        h2 = ids.get(before) if before is not None and h1 is not None else None
        if h1 is not None and h2 is not None:
            t = self._trigram(h2, h1, w)
            if t >= 0:
                return float(d["tri_prob"][t])
        backoff = 0.0
        if h1 is not None:
            if h2 is not None:
                ctx = self._bigram(h2, h1)
                if ctx >= 0:
                    backoff = float(d["bi_bo"][ctx])
            b = self._bigram(h1, w)
            if b >= 0:
                return backoff + float(d["bi_prob"][b])
            backoff += float(d["uni_bo"][h1])
        return backoff + float(d["uni_prob"][w])

    def log_prob(self, left: Sequence[str], words: Sequence[str], right: Sequence[str]) -> float:
        seq = [*left[-2:], *words, *right[:2]]
        start = len(left[-2:])
        return sum(self.word_log_prob(seq[max(0, i - 2):i], seq[i]) for i in range(start, len(seq)))


def _lookup(keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Index of each query key in the sorted ``keys``, or -1.

    The queries are deduplicated and sorted first: a sorted probe sequence walks the 2 M-key arrays
    in order (cache-friendly), and a document asks the same n-gram many times.
    """
    uniq, inverse = np.unique(query, return_inverse=True)
    pos = np.minimum(np.searchsorted(keys, uniq), len(keys) - 1)
    found = np.where(keys[pos] == uniq, pos, -1)
    return found[inverse]


class TrigramBatch:
    """Vectorised Katz-backoff scoring of many (h2, h1, w) id triples at once (-1 = no such word).

    The per-token spin evidence asks the model about every thesaurus reading of every content word of a
    document; one numpy pass over all of them costs about as much as a few hundred scalar queries.
    """

    def __init__(self, model: TrigramModel) -> None:
        self.model = model
        self.d = model._data

    def word_log_prob(self, h2: np.ndarray, h1: np.ndarray, w: np.ndarray) -> np.ndarray:
        d = self.d
        out = np.full(len(w), UNKNOWN_LOG10, dtype=np.float64)
        known = w >= 0
        wk = np.where(known, w, 0).astype(np.uint64)
        has1 = h1 >= 0
        has2 = has1 & (h2 >= 0)
        h1u = np.where(has1, h1, 0).astype(np.uint64)
        h2u = np.where(has2, h2, 0).astype(np.uint64)
        shift = np.uint64(WORD_SHIFT)
        tri = _lookup(d["tri_key"], (h2u << (shift + shift)) | (h1u << shift) | wk)
        tri = np.where(has2 & known, tri, -1)
        ctx = _lookup(d["bi_key"], (h2u << shift) | h1u)
        ctx = np.where(has2, ctx, -1)
        bi = _lookup(d["bi_key"], (h1u << shift) | wk)
        bi = np.where(has1 & known, bi, -1)
        bo2 = np.where(ctx >= 0, d["bi_bo"][np.maximum(ctx, 0)], 0.0)
        bo1 = np.where(has1, d["uni_bo"][h1u.astype(np.int64)], 0.0)
        uni = d["uni_prob"][wk.astype(np.int64)]
        value = np.where(tri >= 0, d["tri_prob"][np.maximum(tri, 0)],
                         np.where(bi >= 0, bo2 + d["bi_prob"][np.maximum(bi, 0)], bo2 + bo1 + uni))
        return np.where(known, value, out)

    def reading_log_prob(self, l2: np.ndarray, l1: np.ndarray, w: np.ndarray, r1: np.ndarray,
                         r2: np.ndarray) -> np.ndarray:
        """log10 P(w r1 r2 | l2 l1) for known words ``w`` (the terms of r1 and r2 only where they are
        words, -1 elsewhere; a missing l1 or r1 also drops l2 or r2), the spin evidence's question.

        The same figure as three :meth:`word_log_prob` calls, with fewer lookups: the bigram (l1, w)
        is the backoff context of the second term and (w, r1) of the third, so each bigram is looked
        up once; and a trigram is looked up only where both its bigrams exist, since the model holds
        no trigram without them (``scripts/build_ngram.py`` checks this when it builds the file).
        """
        d = self.d
        shift = np.uint64(WORD_SHIFT)
        mask = [l1 >= 0, w >= 0, r1 >= 0]
        has_l = mask[0] & (l2 >= 0)
        has_r = mask[2] & (r2 >= 0)
        u = [np.where(x >= 0, x, 0).astype(np.uint64) for x in (l2, l1, w, r1, r2)]

        def bigram(a: int, ok: np.ndarray) -> np.ndarray:
            out = np.full(len(w), -1, dtype=np.int64)
            if ok.any():
                out[ok] = _lookup(d["bi_key"], (u[a][ok] << shift) | u[a + 1][ok])
            return out

        def trigram(a: int, ok: np.ndarray) -> np.ndarray:
            out = np.full(len(w), -1, dtype=np.int64)
            if ok.any():
                out[ok] = _lookup(d["tri_key"], (u[a][ok] << (shift + shift)) | (u[a + 1][ok] << shift) | u[a + 2][ok])
            return out

        bigrams = [bigram(0, has_l), bigram(1, mask[0] & mask[1]), bigram(2, mask[1] & mask[2]), bigram(3, has_r)]

        def term(a: int, has_h2: np.ndarray, has_h1: np.ndarray) -> np.ndarray:
            # log10 P(word a+2 | a, a+1): Katz backoff through the bigrams found above.
            ctx, bi = bigrams[a], bigrams[a + 1]
            tri = trigram(a, has_h2 & (ctx >= 0) & (bi >= 0))
            bo2 = np.where(ctx >= 0, d["bi_bo"][np.maximum(ctx, 0)], 0.0)
            bo1 = np.where(has_h1, d["uni_bo"][u[a + 1].astype(np.int64)], 0.0)
            uni = d["uni_prob"][u[a + 2].astype(np.int64)]
            return np.where(tri >= 0, d["tri_prob"][np.maximum(tri, 0)],
                            np.where(bi >= 0, bo2 + d["bi_prob"][np.maximum(bi, 0)], bo2 + bo1 + uni))

        total = np.where(mask[1], term(0, has_l, mask[0]), UNKNOWN_LOG10).astype(np.float64)
        total = total + np.where(mask[2], term(1, mask[0] & mask[1], mask[1]), 0.0)
        return total + np.where(has_r, term(2, mask[1] & mask[2], mask[2]), 0.0)

    def ids(self, words: list[str]) -> np.ndarray:
        get = self.model.ids.get
        return np.array([get(w, -1) for w in words], dtype=np.int64)
