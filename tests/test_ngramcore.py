"""The compiled core (spinfix/_ngramcore.c) gives the Python code's answers bit for bit, rejects bad
arguments with clear errors, and a whole restoration is the same with it and without it.

Equal, not close: the scalar path adds in double precision in TrigramModel.log_prob's order and the
batched one in float32 where numpy's arrays do, so every decision the scores feed is the same either way
(the README promises that the core changes speed only)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from spinfix.evidence import TrigramBatch
from spinfix.ngram import CORE_MAX_WORDS, TrigramModel
from tests.conftest import with_engine

FIXTURES = Path(__file__).parent / "fixtures" / "clean"


@pytest.fixture(scope="module")
def models() -> tuple[TrigramModel, TrigramModel]:
    """(the shipped model through the core, the same through Python and numpy)."""
    return with_engine(TrigramModel().warm(), "core"), with_engine(TrigramModel().warm(), "python")


@pytest.fixture(scope="module")
def tokens() -> list[str]:
    """Real prose, so that the queries hit the model's trigrams and bigrams, not only its unigrams."""
    text = " ".join(p.read_text(encoding="utf-8").lower() for p in sorted(FIXTURES.glob("*/*.txt")))
    return [w.strip(".,;:!?\"()“”‘’") for w in text.split()]


def test_scalar_questions_are_answered_bit_for_bit(models, tokens) -> None:
    core, python = models
    rng = random.Random(25)
    paths = {"trigram": 0, "bigram": 0}
    ids = core.ids
    for _ in range(20_000):
        k = rng.randint(1, 7)
        i = rng.randrange(len(tokens) - k)
        seq = tokens[i:i + k]
        if rng.random() < 0.3:  # a random word of the model somewhere: the backoff paths
            seq[rng.randrange(k)] = rng.choice(core.words)
        if rng.random() < 0.05:
            seq[rng.randrange(k)] = "qqxzunknown"
        start = rng.randint(0, min(2, k - 1))
        left, words, right = seq[:start], seq[start:start + 1], seq[start + 1:]
        assert core.log_prob(left, words, right) == python.log_prob(left, words, right), seq
        assert core.word_log_prob(seq[:-1], seq[-1]) == python.word_log_prob(seq[:-1], seq[-1]), seq
        if k >= 2:
            assert core.has_bigram(seq[-2], seq[-1]) == python.has_bigram(seq[-2], seq[-1]), seq
        if k >= 3 and all(w in ids for w in seq[-3:]):
            a, b, c = (ids[w] for w in seq[-3:])
            paths["trigram"] += python._trigram(a, b, c) >= 0
            paths["bigram"] += python._bigram(b, c) >= 0
    assert paths["trigram"] > 500 and paths["bigram"] > 2000  # the real prose took every Katz path


def test_batched_readings_are_answered_bit_for_bit(models, tokens) -> None:
    core, python = models
    ids, n = core.ids, len(core.words)
    rng = random.Random(14)
    for _ in range(200):
        windows = rng.randint(1, 40)
        ctx: list[list[int]] = [[], [], [], []]
        sizes: list[int] = []
        w: list[int] = []
        for _ in range(windows):
            i = rng.randrange(2, len(tokens) - 3)
            around = [ids.get(t, -1) for t in (*tokens[i - 2:i], *tokens[i + 1:i + 3])]
            if rng.random() < 0.1:
                around[rng.randrange(4)] = -1
            if around[1] < 0:  # the evidence's context arrays end at an unknown word
                around[0] = -1
            if around[2] < 0:
                around[3] = -1
            for side, x in zip(ctx, around):
                side.append(x)
            size = rng.randint(0, 30)
            sizes.append(size)
            w += [ids.get(tokens[i], -1) if rng.random() < 0.5 else rng.randrange(-1, n) for _ in range(size)]
        l2, l1, r1, r2 = (np.array(x, dtype=np.int64) for x in ctx)
        wa, sa = np.array(w, dtype=np.int64), np.array(sizes, dtype=np.int64)
        got = TrigramBatch(core).reading_log_prob(l2, l1, wa, r1, r2, sizes=sa)
        want = TrigramBatch(python).reading_log_prob(l2, l1, wa, r1, r2, sizes=sa)
        np.testing.assert_array_equal(got, want)
        rows = [np.repeat(x, sa) for x in (l2, l1, r1, r2)]
        got = TrigramBatch(core).reading_log_prob(rows[0], rows[1], wa, rows[2], rows[3])
        want = TrigramBatch(python).reading_log_prob(rows[0], rows[1], wa, rows[2], rows[3])
        np.testing.assert_array_equal(got, want)


def test_any_integer_dtype_is_taken(models) -> None:
    core, python = models
    ids = core.ids
    l2, l1, w, r1, r2 = ([ids[x]] for x in ("the", "company", "said", "on", "monday"))
    for dtype in (np.int32, np.int64, np.intp):
        args = [np.array(x, dtype=dtype) for x in (l2, l1, w, r1, r2)]
        np.testing.assert_array_equal(TrigramBatch(core).reading_log_prob(*args),
                                      TrigramBatch(python).reading_log_prob(*args))


def test_bad_arguments_are_clear_errors_not_crashes(models) -> None:
    core = models[0].core
    assert core is not None
    n = len(models[0].words)
    one = np.zeros(1, dtype=np.int64)
    out = np.empty(1)
    with pytest.raises(TypeError, match="int64"):
        core.readings(one.astype(np.int32), one, one, one, one, one + 1, out)
    with pytest.raises(TypeError, match="float64"):
        core.readings(one, one, one, one, one, one + 1, out.astype(np.float32))
    with pytest.raises(ValueError, match="lengths"):
        core.readings(one, one, np.zeros(2, dtype=np.int64), one, one, one + 1, out)
    with pytest.raises(ValueError, match="add up"):
        core.readings(one, one, one, one, one, one + 2, np.empty(1))
    with pytest.raises(IndexError, match="not in the model"):
        core.readings(one, one, one + n, one, one, one + 1, out)
    with pytest.raises(IndexError, match="not in the model"):
        core.log_prob([0, n], 0)
    from spinfix import _ngramcore

    assert _ngramcore.MAX_WORDS == CORE_MAX_WORDS  # one limit, on both sides of the fallback
    with pytest.raises(ValueError, match="64"):
        core.log_prob([0] * (CORE_MAX_WORDS + 1), 0)
    with pytest.raises(TypeError):
        core.log_prob(5, 0)
    with pytest.raises(TypeError):
        core.bigram("a", 1)
    # A longer sequence than the core takes is answered by the Python code, the same way.
    long = ["the"] * (CORE_MAX_WORDS + 3)
    assert models[0].log_prob(long[:2], long[2:-2], long[-2:]) == models[1].log_prob(long[:2], long[2:-2], long[-2:])


def test_a_model_file_that_breaks_its_promises_is_refused() -> None:
    with_engine(TrigramModel(), "core")  # skip (or fail in CI) without the core
    from spinfix import ngram
    from spinfix._ngramcore import Core

    u8 = np.zeros(3, dtype=np.uint8)
    keys = np.array([1 << ngram.WORD_SHIFT, 5 << ngram.WORD_SHIFT], dtype=np.uint64)  # word 5 of 3
    with pytest.raises(ValueError, match="does not have"):
        Core(u8, u8, keys, np.zeros(2, np.uint8), np.zeros(2, np.uint8), np.zeros(0, np.uint64),
             np.zeros(0, np.uint8), ngram._PROB, ngram._BO)
    with pytest.raises(ValueError, match="do not match"):
        Core(u8, u8, keys[:1], np.zeros(2, np.uint8), np.zeros(1, np.uint8), np.zeros(0, np.uint64),
             np.zeros(0, np.uint8), ngram._PROB, ngram._BO)
    with pytest.raises(ValueError, match="256"):
        Core(u8, u8, keys[:1], np.zeros(1, np.uint8), np.zeros(1, np.uint8), np.zeros(0, np.uint64),
             np.zeros(0, np.uint8), ngram._PROB[:10], ngram._BO)


def test_a_restoration_is_the_same_without_the_core(models) -> None:
    """The shipped spun example and a clean fixture, analysed in a process with SPINFIX_NO_CORE=1 and
    in one with the core: the same text, edits, findings (with their scores) and document score."""
    with_engine(TrigramModel(), "core")  # skip (or fail in CI) without the core
    example = Path(__file__).parent / "data" / "spun_news_reuters_2018.txt"
    texts = [example.read_text(encoding="utf-8"), next(iter(sorted(FIXTURES.glob("news/*.txt")))).read_text()]
    code = ("import json, sys, dataclasses; from spinfix import Restorer\n"
            "r = Restorer()\n"
            "out = []\n"
            "for t in json.load(sys.stdin):\n"
            "    a = r.analyse(t)\n"
            "    out.append([a.text, [dataclasses.astuple(e) for e in a.edits],\n"
            "                [[f.start, f.end, f.restored, f.rule, f.action, f.score] for f in a.findings],\n"
            "                a.score.score])\n"
            "json.dump(out, sys.stdout)\n")
    runs = []
    for no_core in ("0", "1"):
        env = {**os.environ, "SPINFIX_NO_CORE": no_core}
        done = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), capture_output=True,
                              text=True, env=env, check=True)
        runs.append(json.loads(done.stdout))
    assert runs[0] == runs[1]
    assert runs[0][0][1], "the spun example was restored"


def _detectors(models, table):  # type: ignore[no-untyped-def]
    """Two spin detectors over ``table`` (a readings table, or the shipped one when None): one asking the
    compiled core for the best readings, one finding them in numpy over the Python model."""
    from spinfix.evidence import SpinDetector
    from spinfix.lexicon import Lexicon, Thesaurus

    out = []
    for model in models:
        detector = SpinDetector(model, Thesaurus(), Lexicon())
        if table is not None:
            detector.__dict__["precomputed"] = table  # the cached property, answered before it is first read
        out.append(detector)
    assert out[0].precomputed is not None
    return out


def _random_chunk(detector, tokens, rng, windows):  # type: ignore[no-untyped-def]
    """Token list, context ids and chunk (tokens of words with readings) of a stretch of real prose."""
    i = rng.randrange(len(tokens) - windows - 4)
    toks = [(k, k + 1, t) for k, t in enumerate(tokens[i:i + windows + 4])]
    if rng.random() < 0.2:
        toks[rng.randrange(len(toks))] = (0, 1, ",")  # a clause break inside
    ids, word_ids = detector._context_ids(toks, [(0, len(toks))])
    has = detector.has_readings
    chunk = [k for k, x in enumerate(ids) if x >= 0 and has[x]]
    return toks, word_ids, chunk


def _chunks(detector, tokens, seed, rounds, most):  # type: ignore[no-untyped-def]
    """``rounds`` random stretches of real prose of up to ``most`` windows, those with chunk words."""
    rng = random.Random(seed)
    for _ in range(rounds):
        toks, word_ids, chunk = _random_chunk(detector, tokens, rng, rng.randint(1, most))
        if chunk:
            yield toks, word_ids, chunk


def _contexts(word_ids, chunk):  # type: ignore[no-untyped-def]
    from spinfix.evidence import _context

    pos = np.array(chunk, dtype=np.int64)
    l1, l2 = _context(word_ids, pos, -1)
    r1, r2 = _context(word_ids, pos, 1)
    return pos, (l2, l1, r1, r2)


def test_the_best_readings_are_the_numpy_answer(models, tokens) -> None:
    """Core.best (each word's readings read from the shipped table in C) against the rows concatenated,
    scored and reduced in numpy: the same reading and the same gain, bit for bit."""
    fast, slow = _detectors(models, None)
    rng = random.Random(27)
    compared = improbable = 0
    for _ in range(300):
        toks, word_ids, chunk = _random_chunk(fast, tokens, rng, rng.randint(1, 40))
        if not chunk:
            continue
        pos, context = _contexts(word_ids, chunk)
        todo = sorted(rng.sample(range(len(chunk)), rng.randint(1, len(chunk))))
        got = list(fast._best_readings(toks, word_ids, pos, todo, context))
        want = list(slow._best_readings(toks, word_ids, pos, todo, context))
        assert got == want
        compared += len(got)
        improbable += sum(gain >= 1.0 for _, gain in got)
    assert compared > 1500 and improbable > 20  # real readings, some of them better than the word


def _readings_table(n: int, readings: dict[int, list[int]], costs_of: dict[int, list[float]]):  # type: ignore[no-untyped-def]
    """A readings table for a model of ``n`` words: ``readings[w]`` (model ids) at ``costs_of[w]`` for the
    words given, none for the others."""
    from spinfix.evidence import _Readings

    offsets, flat, costs = [0], [], []
    for word in range(n):
        flat += readings.get(word, [])
        costs += costs_of.get(word, [])
        offsets.append(len(flat))
    return _Readings(np.array(offsets, dtype=np.int64), np.array(flat, dtype=np.int64),
                     np.array(costs, dtype=np.float64))


def test_ties_and_empty_readings_are_settled_as_numpy_settles_them(models) -> None:
    """Readings of equal score (two words whose unigram probabilities quantise alike, read between clause
    breaks, where only that term counts; the first in the table wins, as np.argmax takes it), readings
    that differ only in cost, and a word without readings (its own reading, gain -inf)."""
    model = models[0]
    ids, n = model.ids, len(model.words)
    uni = bytes(model._views["uni_prob"])  # the quantised unigram probabilities, one byte per word
    said = ids["said"]
    twins = [w for w in range(n) if uni[w] == uni[ids["told"]] and w != ids["told"]][:1]
    assert twins, "no other word shares the quantised unigram probability of 'told'"
    told, twin = ids["told"], twins[0]
    for order in ([told, twin], [twin, told]):
        readings = {said: [*order, ids["stated"]], ids["company"]: [ids["firm"], ids["business"]], ids["the"]: []}
        costs_of = {said: [0.5, 0.5, 0.5], ids["company"]: [0.25, 0.0], ids["the"]: []}
        fast, slow = _detectors(models, _readings_table(n, readings, costs_of))
        text = [",", "said", ",", "the", "company", "said", "on", "the", "firm", ",", "the"]
        toks = [(k, k + 1, t) for k, t in enumerate(text)]
        _, word_ids = fast._context_ids(toks, [(0, len(toks))])
        chunk = [k for k, t in enumerate(text) if t in ("said", "company", "the")]
        pos, context = _contexts(word_ids, chunk)
        todo = list(range(len(chunk)))
        got = list(fast._best_readings(toks, word_ids, pos, todo, context))
        assert got == list(slow._best_readings(toks, word_ids, pos, todo, context))
        assert got[0][0] == order[0]  # ", said ,": the tie goes to the first of the two
        assert all(got[k] == (ids["the"], -np.inf) for k, i in enumerate(chunk) if text[i] == "the")


def test_words_with_more_readings_than_one_block_are_read_whole(models, tokens) -> None:
    """Core.best looks a word's readings up READINGS_AT_ONCE (32) at a time, stage by stage; a word with
    more (the shipped table has at most 30, a user's table may have any number) is read block after
    block, and its answer is still numpy's: the best over every block, the first of equal bests even
    when they lie in different blocks."""
    model = models[0]
    ids, n = model.ids, len(model.words)
    uni = bytes(model._views["uni_prob"])
    told = ids["told"]
    twin = next(w for w in range(n) if uni[w] == uni[told] and w != told)
    rng = random.Random(41)
    pool = [ids[t] for t in dict.fromkeys(tokens) if t in ids and t not in ("told", "said")]
    readings: dict[int, list[int]] = {}
    costs_of: dict[int, list[float]] = {}
    for word, count in (("said", 95), ("company", 33), ("market", 64), ("the", 32)):
        chosen = rng.sample(pool, count)
        readings[ids[word]] = chosen
        costs_of[ids[word]] = [rng.choice((0.0, 0.25, 0.5)) for _ in chosen]
    # "said": told's twin at 40 (the second block), told itself at 70 (the third), the same cost, and
    # nothing else can beat them between clause breaks (", said ,": the unigram term alone counts,
    # and every other reading gets a cost it cannot make up): the first of the two must win.
    said = readings[ids["said"]]
    said[40], said[70] = twin, told
    costs_of[ids["said"]] = [0.0 if k in (40, 70) else 50.0 for k in range(len(said))]
    table = _readings_table(n, readings, costs_of)
    fast, slow = _detectors(models, table)
    words = [",", "said", ",", "the", "company", "said", "on", "the", "market", "said", "the", "company"]
    for text in (words, [t for t in tokens[:400] if t]):
        toks = [(k, k + 1, t) for k, t in enumerate(text)]
        _, word_ids = fast._context_ids(toks, [(0, len(toks))])
        chunk = [k for k, t in enumerate(text) if t in ("said", "company", "market", "the")]
        pos, context = _contexts(word_ids, chunk)
        todo = list(range(len(chunk)))
        got = list(fast._best_readings(toks, word_ids, pos, todo, context))
        assert got == list(slow._best_readings(toks, word_ids, pos, todo, context))
        keys = fast._batch.core.contexts(word_ids.tolist(), chunk)
        assert fast._batch.core.best_of(keys, table.offsets, table.ids, table.costs) == got
        if text is words:
            assert got[0][0] == twin  # the second block's best, not the third one's equal


def test_best_refuses_bad_arguments(models) -> None:
    core = models[0].core
    assert core is not None
    n = len(models[0].words)
    one = np.zeros(1, dtype=np.int64)
    offsets = np.arange(n + 1, dtype=np.int64)  # word w's one reading is ids[w]
    ids = np.arange(n, dtype=np.int64)
    costs = np.zeros(n)
    reading, gain = np.empty(1, dtype=np.int64), np.empty(1)
    core.best(one, one, one, one, one, offsets, ids, costs, reading, gain)
    assert reading[0] == 0 and gain[0] == 0.0  # the word's one reading is itself
    with pytest.raises(TypeError, match="float64"):
        core.best(one, one, one, one, one, offsets, ids, costs.astype(np.float32), reading, gain)
    with pytest.raises(TypeError, match="int64"):
        core.best(one, one, one, one, one, offsets, ids, costs, reading.astype(np.float64), gain)
    with pytest.raises(ValueError, match="lengths"):
        core.best(one, one, one, one, one, offsets, ids, costs[:-1], reading, gain)
    with pytest.raises(ValueError, match="place"):
        core.best(one, one, one - 1, one, one, offsets, ids, costs, reading, gain)  # no word
    with pytest.raises(ValueError, match="place"):
        core.best(one, one, one, one, one, offsets[::-1].copy(), ids, costs, reading, gain)
    with pytest.raises(IndexError, match="not in the model"):
        core.best(one, one, one, one + n, one, offsets, ids, costs, reading, gain)
    with pytest.raises(IndexError, match="not in the model"):
        core.best(one, one, one, one, one, offsets, ids + n, costs, reading, gain)
    with pytest.raises(TypeError):
        core.best(one, one, one, one, one, offsets, ids, costs, reading)


def test_contexts_are_the_numpy_contexts(models, tokens) -> None:
    """Core.contexts gives, for each chunk word, the (l2, l1, own, r1, r2) key that evidence._context and
    the word's own id make: clause breaks (-2), unknown words (-1) and the list's ends included."""
    fast, _ = _detectors(models, None)
    core = models[0].core
    assert core is not None
    rng = random.Random(31)
    compared = 0
    for _ in range(300):
        _, word_ids, _ = _random_chunk(fast, tokens, rng, rng.randint(1, 40))
        ids = word_ids.tolist()
        if rng.random() < 0.3:  # unknown words and breaks anywhere, at the ends too
            for _ in range(rng.randint(1, 4)):
                ids[rng.randrange(len(ids))] = rng.choice([-1, -2])
        positions = sorted(rng.sample(range(len(ids)), rng.randint(1, len(ids))))
        pos, (l2, l1, r1, r2) = _contexts(np.array(ids, dtype=np.int64), positions)
        want = list(zip(l2.tolist(), l1.tolist(), np.array(ids)[pos].tolist(), r1.tolist(), r2.tolist()))
        assert core.contexts(ids, positions) == want
        compared += len(want)
    assert compared > 3000
    assert core.contexts([], []) == []
    with pytest.raises(IndexError, match="outside"):
        core.contexts([5, 6], [2])
    with pytest.raises(TypeError, match="lists"):
        core.contexts((5, 6), [0])
    with pytest.raises(TypeError):
        core.contexts([5, "6"], [0])


def test_best_of_answers_as_best(models, tokens) -> None:
    """Core.best_of takes the windows as tuples and answers with a list: the same readings and gains as
    Core.best over the same windows in arrays, bit for bit."""
    fast, _ = _detectors(models, None)
    core, table = models[0].core, fast.precomputed
    assert core is not None and table is not None
    compared = 0
    for _, word_ids, chunk in _chunks(fast, tokens, 33, 200, 40):
        keys = core.contexts(word_ids.tolist(), chunk)
        arrays = [np.array(column, dtype=np.int64) for column in zip(*keys)]
        reading, gain = np.empty(len(keys), dtype=np.int64), np.empty(len(keys))
        core.best(*arrays, table.offsets, table.ids, table.costs, reading, gain)
        assert core.best_of(keys, table.offsets, table.ids, table.costs) == list(zip(reading.tolist(), gain.tolist()))
        compared += len(keys)
    assert compared > 1500
    assert core.best_of([], table.offsets, table.ids, table.costs) == []
    n = len(models[0].words)
    with pytest.raises(TypeError, match="5-tuples"):
        core.best_of([(1, 2, 3)], table.offsets, table.ids, table.costs)
    with pytest.raises(TypeError, match="5-tuples"):
        core.best_of(((1, 1, 1, 1, 1),), table.offsets, table.ids, table.costs)
    with pytest.raises(IndexError, match="not in the model"):
        core.best_of([(1, 1, 1, n, 1)], table.offsets, table.ids, table.costs)
    with pytest.raises(ValueError, match="place"):
        core.best_of([(1, 1, -1, 1, 1)], table.offsets, table.ids, table.costs)
    with pytest.raises(TypeError, match="float64"):
        core.best_of([(1, 1, 1, 1, 1)], table.offsets, table.ids, table.costs.astype(np.float32))


def test_a_reading_is_the_same_with_the_compiled_contexts(models, tokens) -> None:
    """SpinDetector._evaluate given the context ids as a list (Core.contexts and Core.best_of) and without
    them (numpy contexts, Core.best): the same words evaluated and the same improbable words, with and
    without a memo."""
    fast, _ = _detectors(models, None)
    flagged = 0
    for toks, word_ids, chunk in _chunks(fast, tokens, 35, 150, 60):
        outputs = []
        for ids in (None, word_ids.tolist()):
            for memo in (None, {}):
                evaluated: list[int] = []
                improbable: list = []
                fast._evaluate(toks, word_ids, chunk, evaluated, improbable, memo=memo, ids=ids)
                if memo is not None:  # a second reading answered from the memo
                    fast._evaluate(toks, word_ids, chunk, evaluated, improbable, memo=memo, ids=ids)
                outputs.append((memo is None, evaluated, improbable))
        assert outputs[0] == outputs[2] and outputs[1] == outputs[3]
        flagged += len(outputs[0][2])
    assert flagged > 10


def test_the_hashed_index_finds_the_same_ngrams(tokens) -> None:
    """``Core.index()`` (a hash table of the bigrams, each bigram's trigrams in a row: issue 14) finds the
    n-grams the sorted search finds, so every scalar and batched answer is the same with it and without
    it; and a core builds it by itself only once its batched readings have weighed INDEX_AFTER windows,
    so a single page never waits for it."""
    plain_model = with_engine(TrigramModel().warm(), "core")
    fast_model = with_engine(TrigramModel().warm(), "core")
    plain, fast = plain_model.core, fast_model.core
    assert plain is not None and fast is not None
    from spinfix._ngramcore import INDEX_AFTER

    assert not plain.indexed and fast.index() and fast.indexed
    ids, n = plain_model.ids, len(plain_model.words)
    rng = random.Random(31)
    hits = 0
    for _ in range(20_000):
        k = rng.randint(1, 5)
        i = rng.randrange(len(tokens) - k)
        seq = [ids.get(t, -1) for t in tokens[i:i + k]]
        if rng.random() < 0.3:  # a random word somewhere: n-grams the model does not list
            seq[rng.randrange(k)] = rng.randrange(-1, n)
        assert fast.log_prob(seq, 0) == plain.log_prob(seq, 0), seq
        if k >= 2 and seq[-2] >= 0 and seq[-1] >= 0:
            found = plain.bigram(seq[-2], seq[-1])
            assert fast.bigram(seq[-2], seq[-1]) == found, seq
            hits += found >= 0
    assert hits > 3000  # listed bigrams and unlisted ones both asked
    detector = _detectors((plain_model, fast_model), None)[0]
    table = detector.precomputed
    weighed = 0
    for _, word_ids, chunk in _chunks(detector, tokens, 37, 150, 40):
        keys = plain.contexts(word_ids.tolist(), chunk)
        assert fast.best_of(keys, table.offsets, table.ids, table.costs) == plain.best_of(
            keys, table.offsets, table.ids, table.costs)
        weighed += len(keys)
    assert 1000 < weighed < INDEX_AFTER and not plain.indexed  # the plain core searched throughout
    plain.best_of([keys[0]] * (INDEX_AFTER - weighed - 1), table.offsets, table.ids, table.costs)
    assert not plain.indexed
    plain.best_of([keys[0]], table.offsets, table.ids, table.costs)
    assert plain.indexed


def test_the_compiled_token_loop_picks_the_words_python_picks(models) -> None:
    """``_ngramcore.select_words`` (the readings' token loop in C: context ids set, words picked) against
    the Python loop it replaces, on real prose in every shape the loop meets: names and sentence starts
    (capitalised words, after a full stop, a no-break space, a quote or a line break), clause breaks,
    words the model does not know, non-ASCII text, ranges at both ends of the token list and ranges
    of one token. Every pick and every id the two set must be the same."""
    from spinfix.evidence import SpinDetector, _tokenize
    from spinfix.lexicon import Lexicon, Thesaurus
    from spinfix.normalize import normalize

    detector = SpinDetector(models[0], Thesaurus(), Lexicon())
    select = detector._select_words
    assert select is not None
    plain = " ".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*/*.txt"))[:12])
    text = (plain + ' He said.\u00a0Within weeks "Officials" met Müller, the ZTE Corp board and Zürich\'s'
            " Crédit Agricole.\nWithin the year (Senators) voted; Xqzzv blorfed the Naïve committee.")
    norm = normalize(text)
    assert len(norm) == len(text)  # the offsets of norm are the text's, as the readers need
    toks, _ = _tokenize(norm)
    rng = random.Random(5)
    ranges = [(0, len(toks)), (0, 1), (len(toks) - 1, len(toks)), (len(toks) - 3, len(toks)), (5, 5)]
    ranges += [tuple(sorted(rng.sample(range(len(toks) + 1), 2))) for _ in range(200)]
    picked = names = 0
    for lo, hi in ranges:
        ids_c, ids_py = [-1] * len(toks), [-1] * len(toks)
        word_ids = np.full(len(toks), -1, dtype=np.int64)
        got = select(toks, ids_c, lo, hi, text)
        detector._fill_context_ids(toks, ids_py, word_ids, lo, hi)
        want = list(detector._picked(toks, ids_py, word_ids, [(lo, hi)], text, ready=hi))
        assert got == want, (lo, hi)
        assert ids_c == ids_py, (lo, hi)
        picked += len(got)
        names += sum(text[toks[i][0]].isupper() for i in range(lo, hi)) - sum(text[toks[i][0]].isupper() for i in got)
    assert picked > 5000 and names > 100  # words read, and capitalised words left out as names


def test_the_compiled_token_loop_refuses_bad_arguments(models) -> None:
    from spinfix._ngramcore import select_words

    vocab, has = models[0].ids, [True] * len(models[0].words)
    toks = [(0, 3, "the"), (4, 7, "cat")]
    ok = (toks, [-1, -1], 0, 2, vocab, frozenset(","), has, "the cat", lambda t, i: False)
    assert select_words(*ok) == [k for k, (_, _, w) in enumerate(toks) if w in vocab]
    with pytest.raises(ValueError, match="as long as toks"):
        select_words(toks, [-1], *ok[2:])
    with pytest.raises(ValueError, match="lo <= hi"):
        select_words(toks, [-1, -1], 2, 1, *ok[4:])
    with pytest.raises(TypeError, match="tuples"):
        select_words([(0, 3), (4, 7, "cat")], *ok[1:])
    with pytest.raises(IndexError, match="outside the text"):
        select_words([(10, 13, "the"), (14, 17, "cat")], *ok[1:])
    with pytest.raises(IndexError, match="beyond has_readings"):
        select_words(*ok[:6], [True], *ok[7:])
    with pytest.raises(TypeError, match="must be lists"):
        select_words(toks, [-1, -1], 0, 2, list(vocab), *ok[5:])
    with pytest.raises(ZeroDivisionError):  # an error in name_like comes through
        select_words(toks, [-1, -1], 0, 2, vocab, frozenset(), has, "The cat", lambda t, i: 1 / 0)
