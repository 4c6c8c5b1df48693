"""The context model: how well a reading fits its neighbours, from a trigram model of natural English.

The scorer asks one question of context: is ``left + original + right`` much more probable English than
``left + spun + right``? :class:`ContextModel` is that question as a protocol, so that a better model (a
small neural LM, a domain model) replaces this one without touching the scorer or the decoder.

:class:`TrigramModel` answers it with the CMU Sphinx US English trigram model (72,547 words, 2.05 M
bigrams, 1.67 M trigrams, BSD licence), converted by ``scripts/build_ngram.py`` from the ``pocketsphinx``
wheel into ``data/lexicon/ngram3.npz`` (36 MB, stored uncompressed with sorted absolute keys so that
a process maps it rather than reads it: :mod:`spinfix.arrays`). It is loaded lazily, only when a document
has a region that looks spun, so clean text never pays for it; the scalar questions read the map through
``memoryview`` s, without numpy, and only the batched readings of longer texts take numpy's arrays (ready
in about 0.04 s after numpy's own import, 30 MB of private memory for the dequantised values).
Probabilities use Katz backoff as in the ARPA model; log10 values are quantised to 0.04 (probabilities)
and 0.02 (backoffs), far finer than any decision margin used here.

Both questions are answered in C where the optional compiled core was built (``spinfix/_ngramcore.c``,
:attr:`TrigramModel.core`; ``pip install`` builds it when a C compiler is there): the same arrays, the
same additions in the same order and precision, so the same numbers bit for bit (``tests/test_ngramcore.py``)
and the same restorations, in less time (on spun news about a sixth less, on clean text a tenth; the
searches, and the Python and numpy work around them, were a third of the time of spun news). Without it,
or with ``SPINFIX_NO_CORE=1`` in the environment (:mod:`spinfix.native`), the Python and numpy code below
answers.
"""

from __future__ import annotations

import itertools
import struct
import threading
from bisect import bisect_left
from collections.abc import Sequence
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .arrays import READ_ERRORS, map_views, read_arrays
from .errors import SpinfixError
from .native import load_compiled

if TYPE_CHECKING:
    import numpy as np

    from ._ngramcore import Core

FORMAT = b"spinfix-ngram 2"
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
#: A word pair whose second word the model finds at least this much more probable (log10) after the first
#: than alone reads as a collocation of ordinary English (ten times as likely: "iraqi military" +2.1;
#: "psychological sickness" has no bigram). The threshold of ``TrigramModel.attests``.
ORDINARY_LIFT = 1.0
#: Entries of the bigram-index memo before it is emptied (about 100 bytes each, so at most 5 MB). Each
#: n-gram the scalar memo misses asks for two bigrams, and the next word of the same reading asks for one
#: of them again: on the distinct documents of 1 MB of clean news, 8,065 bigram searches were 3,876
#: distinct pairs (52 % repeats; science 12,249 / 5,250, spun news 52,003 / 18,981).
BIGRAM_MEMO_SIZE = 50_000


def _float32(x: float) -> float:
    """``x`` rounded to the nearest single-precision float (as a Python float)."""
    return float(struct.unpack("<f", struct.pack("<f", x))[0])


def dequantised(low: float, scale: float) -> tuple[float, ...]:
    """The log10 value of each stored byte, exactly as numpy's ``q.astype(float32) / scale + low`` gives
    it (each float32 step emulated: rounding the double result of one division or addition of float32
    values to float32 is the correctly rounded float32 result), so the scalar questions, answered without
    numpy, agree with the batched ones bit for bit (``tests/test_ngram.py`` compares all 256)."""
    scale32, low32 = _float32(scale), _float32(low)
    return tuple(_float32(_float32(q / scale32) + low32) for q in range(256))


_PROB = dequantised(PROB_MIN, PROB_SCALE)
_BO = dequantised(BO_MIN, BO_SCALE)
#: The longest word sequence the compiled core's ``log_prob`` takes (``_ngramcore.MAX_WORDS``; a phrase
#: and its four neighbours fit many times over); a longer one takes the Python code.
CORE_MAX_WORDS = 64
#: The id :meth:`TrigramModel.log_prob` gives the compiled core for a word the model does not know, for
#: every word (an endless supply, read alongside the words by ``map``).
_UNKNOWN_IDS = itertools.repeat(-1)


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
        #: bigram key -> its index in the bigram arrays, or -1 (see BIGRAM_MEMO_SIZE).
        self._bigram_memo: dict[int, int] = {}

    @cached_property
    def _data(self) -> dict[str, np.ndarray]:
        import numpy as np  # here, not at import: a text with nothing to lift never needs it (cold start)

        views = self._views
        with self._lock:
            # Arrays over the views' buffers: one map of the file, whose pages the scalar questions and the
            # batches share (a second map of it counted the key pages they both touch twice in the
            # process's resident memory: 274 -> 310 MB at the benchmark's peak).
            data = {name: np.frombuffer(view, dtype=np.uint64 if view.itemsize == 8 else np.uint8)
                    for name, view in views.items()}
            # The sorted keys stay mapped (binary searches touch a few pages each); the byte-quantised
            # values, 6 MB, are turned into log10 values once.
            out = {
                "uni_prob": data["uni_prob"].astype(np.float32) / PROB_SCALE + PROB_MIN,
                "uni_bo": data["uni_bo"].astype(np.float32) / BO_SCALE + BO_MIN,
                "bi_key": data["bi_key"].astype(np.uint64, copy=False),
                "bi_prob": data["bi_prob"].astype(np.float32) / PROB_SCALE + PROB_MIN,
                "bi_bo": data["bi_bo"].astype(np.float32) / BO_SCALE + BO_MIN,
                "tri_key": data["tri_key"].astype(np.uint64, copy=False),
                "tri_prob": data["tri_prob"].astype(np.float32) / PROB_SCALE + PROB_MIN,
                "vocab": data["vocab"],
            }
            return out

    @cached_property
    def _views(self) -> dict[str, memoryview]:
        """The stored arrays as ``memoryview`` s for the scalar questions (:meth:`word_log_prob`, the
        bigram and trigram searches, the vocabulary): mapped without numpy (:func:`arrays.map_views`), or,
        for an archive that cannot be mapped so, views of numpy's arrays. Only the batched readings of
        :class:`spinfix.evidence.TrigramBatch` need :attr:`_data`, and so numpy: a spun sentence whose
        candidates the scorer settles alone never imports it."""
        with self._lock:
            try:
                views = map_views(self.path)
                if views is None:
                    views = {name: array.data for name, array in read_arrays(self.path).items()}
            except READ_ERRORS as exc:
                raise SpinfixError(f"{self.path}: cannot read the n-gram model ({exc}); reinstall spinfix") from exc
            form = views.get("format")
            if form is None or form.tobytes() != FORMAT:
                raise SpinfixError(f"{self.path}: not a {FORMAT.decode()} file")
            return views

    @cached_property
    def ids(self) -> dict[str, int]:
        """Word -> id (the model is lower case). Built by ``dict(zip(...))``, not a comprehension: a third of
        the time for the 72,500 words, at every cold start."""
        words = self.words
        return dict(zip(words, range(len(words))))

    @cached_property
    def words(self) -> list[str]:
        """Id -> word."""
        return self._views["vocab"].tobytes().decode("utf-8").split("\n")

    @cached_property
    def core(self) -> Core | None:
        """The compiled lookups over the mapped arrays (``spinfix._ngramcore``), or None where the optional
        module was not built or SPINFIX_NO_CORE is set (:func:`spinfix.native.load_compiled`): every
        question then takes the Python code, with the same answers. It starts with only an index of where
        each first word's n-grams lie (1.2 MB, filled on first use of each word), so it costs nothing to
        make; once the spin evidence's batched readings have weighed ``INDEX_AFTER`` windows (or
        ``index()`` asks, as ``Restorer.warm`` does) it builds a hashed index of the n-grams too (24 MB,
        about 0.1 s), which finds the same n-grams twice as fast."""
        module = load_compiled("_ngramcore")
        if module is None:
            return None
        v = self._views
        core: Core = module.Core(v["uni_prob"], v["uni_bo"], v["bi_key"], v["bi_prob"], v["bi_bo"],
                                 v["tri_key"], v["tri_prob"], _PROB, _BO)
        return core

    def knows(self, word: str) -> bool:
        return word in self.ids

    def warm(self) -> TrigramModel:
        _ = self._data, self.ids
        return self

    def has_bigram(self, first: str, second: str) -> bool:
        """Whether the model lists the bigram ``first second``: it kept only bigrams seen often enough in
        its training text, so a listed pair is a collocation of natural English ("recognition system")."""
        ids = self.ids
        a, b = ids.get(first), ids.get(second)
        if a is None or b is None:
            return False
        core = self.core
        return (core.bigram(a, b) if core is not None else self._bigram(a, b)) >= 0

    def pair_lift(self, first: str, second: str) -> float | None:
        """How much more probable (log10) ``second`` is after ``first`` than alone, or None when the model
        lists no such bigram: a pair with a lift of 1 or more is a collocation of ordinary English ("iraqi
        military" +2.1), which a table row should not treat as spinner output everywhere."""
        if not self.has_bigram(first, second):
            return None
        return self.log_prob([first], [second], []) - self.log_prob([], [second], [])

    def has_trigrams(self, words: Sequence[str]) -> bool:
        """Whether the model lists every trigram of ``words`` (three or more known words): a phrase its
        training text used throughout, so ordinary English as a whole or nearly so."""
        ids = self.ids
        if len(words) < 3 or not all(w in ids for w in words):
            return False
        known = [ids[w] for w in words]
        return all(self._trigram(*known[k:k + 3]) >= 0 for k in range(len(known) - 2))

    def attests(self, words: Sequence[str]) -> bool:
        """Whether the model uses ``words`` (two or more, all known) as ordinary English: a pair it knows
        as a collocation (``pair_lift`` >= ORDINARY_LIFT) or a longer phrase whose every trigram it lists.
        A table row with such a spun form would change the writer's words wherever it stands, so the
        table tools (``scripts/check_table.py --audit``, ``scripts/build_pps_table.py``) ask this."""
        if len(words) < 2 or not all(map(self.knows, words)):
            return False
        if len(words) > 2:
            return self.has_trigrams(words)
        lift = self.pair_lift(words[0], words[1])
        return lift is not None and lift >= ORDINARY_LIFT

    def _bigram(self, a: int, b: int) -> int:
        """Index of the bigram (a, b) in the bigram arrays, or -1; kept by BIGRAM_MEMO_SIZE."""
        key = (a << WORD_SHIFT) | b
        memo = self._bigram_memo
        found = memo.get(key)
        if found is None:
            keys = self._views["bi_key"]
            i = bisect_left(keys, key)
            found = i if i < len(keys) and keys[i] == key else -1
            if len(memo) >= BIGRAM_MEMO_SIZE:
                memo.clear()  # cheaper than LRU bookkeeping, as for the n-gram memo
            memo[key] = found
        return found

    def _trigram(self, a: int, b: int, c: int) -> int:
        keys = self._views["tri_key"]
        key = (a << (2 * WORD_SHIFT)) | (b << WORD_SHIFT) | c
        i = bisect_left(keys, key)
        return i if i < len(keys) and keys[i] == key else -1

    def word_log_prob(self, history: Sequence[str], word: str) -> float:
        """log10 P(word | the last two words of history), with Katz backoff."""
        core = self.core
        if core is not None:
            ids = self.ids
            seq = [ids.get(w, -1) for w in history[-2:]]
            return float(core.log_prob([*seq, ids.get(word, -1)], len(seq)))
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
        d = self._views
        h1 = ids.get(last) if last is not None else None
        h2 = ids.get(before) if before is not None and h1 is not None else None
        backoff = 0.0
        if h1 is not None:
            # The two bigrams first: the model holds no trigram without both (scripts/build_ngram.py
            # checks it when it builds the file, and the tests on the shipped one), so the trigram is
            # searched only where both exist. It was searched first before, and 88 % of those
            # searches found nothing on clean news (3,862 of 4,365), which the bigrams, memoised and
            # needed for the backoff anyway, tell at once.
            b = self._bigram(h1, w)
            ctx = self._bigram(h2, h1) if h2 is not None else -1
            if b >= 0 and ctx >= 0 and h2 is not None:
                t = self._trigram(h2, h1, w)
                if t >= 0:
                    return _PROB[d["tri_prob"][t]]
            if ctx >= 0:
                backoff = _BO[d["bi_bo"][ctx]]
            if b >= 0:
                return backoff + _PROB[d["bi_prob"][b]]
            backoff += _BO[d["uni_bo"][h1]]
        return backoff + _PROB[d["uni_prob"][w]]

    def log_prob(self, left: Sequence[str], words: Sequence[str], right: Sequence[str]) -> float:
        seq = [*left[-2:], *words, *right[:2]]
        start = len(left[-2:])
        core = self.core
        if core is not None and len(seq) <= CORE_MAX_WORDS:
            # ids.get(w, -1) for each word, without a comprehension's frame (every context term asks
            # this twice: 1.5 % of a spun-news restore was the comprehension).
            return float(core.log_prob(list(map(self.ids.get, seq, _UNKNOWN_IDS)), start))
        return self._python_log_prob(seq, start)

    def _python_log_prob(self, seq: list[str], start: int) -> float:
        """:meth:`log_prob` of ``seq[start:]`` after ``seq[:start]`` without the compiled core."""
        # word_log_prob(seq[i - 2:i], seq[i]) for each word, its memo inlined (the scorer's inner loop).
        memo = self._memo
        terms = []
        for i in range(start, len(seq)):
            key = (seq[i - 2] if i > 1 else None, seq[i - 1] if i else None, seq[i])
            value = memo.get(key)
            if value is None:
                value = self._word_log_prob(*key)
                if len(memo) >= MEMO_SIZE:
                    memo.clear()
                memo[key] = value
            terms.append(value)
        return sum(terms)
