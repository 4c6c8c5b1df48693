"""The trigram context model: the loader, Katz backoff on a model small enough to check by hand, and
the shipped model's preferences on swaps the spinner is known to make."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from spinfix import Config, Restorer, SpinfixError, ngram
from spinfix.arrays import write_arrays
from spinfix.ngram import BO_MIN, BO_SCALE, PROB_MIN, PROB_SCALE, UNKNOWN_LOG10, WORD_SHIFT, TrigramModel
from tests.conftest import with_engine


def _q(value: float, low: float, scale: float) -> int:
    return round((value - low) * scale)


def write_model(path: Path, unigrams: dict[str, tuple[float, float]],
                bigrams: dict[tuple[str, str], tuple[float, float]],
                trigrams: dict[tuple[str, str, str], float]) -> None:
    """A model file in the shipped format (log10 values chosen on the quantisation grid)."""
    vocab = list(unigrams)
    ids = {w: i for i, w in enumerate(vocab)}
    bi = sorted(((ids[a] << WORD_SHIFT) | ids[b], v) for (a, b), v in bigrams.items())
    tri = sorted(((ids[a] << 2 * WORD_SHIFT) | (ids[b] << WORD_SHIFT) | ids[c], v) for (a, b, c), v in trigrams.items())

    write_arrays(path, {
        "format": np.frombuffer(b"spinfix-ngram 2", np.uint8),
        "vocab": np.frombuffer("\n".join(vocab).encode(), np.uint8),
        "uni_prob": np.array([_q(p, PROB_MIN, PROB_SCALE) for p, _ in unigrams.values()], np.uint8),
        "uni_bo": np.array([_q(b, BO_MIN, BO_SCALE) for _, b in unigrams.values()], np.uint8),
        "bi_key": np.array([k for k, _ in bi], np.uint64),
        "bi_prob": np.array([_q(p, PROB_MIN, PROB_SCALE) for _, (p, _) in bi], np.uint8),
        "bi_bo": np.array([_q(b, BO_MIN, BO_SCALE) for _, (_, b) in bi], np.uint8),
        "tri_key": np.array([k for k, _ in tri], np.uint64),
        "tri_prob": np.array([_q(p, PROB_MIN, PROB_SCALE) for _, p in tri], np.uint8),
    })


@pytest.fixture(params=["core", "python"])
def tiny(tmp_path: Path, request: pytest.FixtureRequest) -> TrigramModel:
    """A model small enough to check by hand, asked through the compiled core and through Python."""
    path = tmp_path / "tiny.npz"
    write_model(
        path,
        {"a": (-1.0, -0.5), "b": (-2.0, -0.3), "c": (-3.0, -0.2)},
        {("a", "b"): (-0.4, -0.1), ("b", "c"): (-0.8, 0.0)},
        {("a", "b", "c"): -0.2},
    )
    return with_engine(TrigramModel(path), request.param)


def test_katz_backoff_by_hand(tiny: TrigramModel) -> None:
    approx = pytest.approx
    assert tiny.word_log_prob(["a", "b"], "c") == approx(-0.2, abs=0.021)       # listed trigram
    assert tiny.word_log_prob(["c", "b"], "c") == approx(-0.8, abs=0.021)       # (c b) unlisted: no backoff
    assert tiny.word_log_prob(["b", "a"], "b") == approx(-0.4, abs=0.021)       # bigram a b
    assert tiny.word_log_prob(["a"], "c") == approx(-0.5 - 3.0, abs=0.041)      # bo(a) + p(c)
    assert tiny.word_log_prob(["a", "b"], "a") == approx(-0.1 - 0.3 - 1.0, abs=0.061)  # bo(a b) + bo(b) + p(a)
    assert tiny.word_log_prob([], "b") == approx(-2.0, abs=0.021)
    assert tiny.word_log_prob(["a"], "zebra") == UNKNOWN_LOG10
    assert tiny.log_prob(["a"], ["b"], ["c"]) == approx(-0.4 - 0.2, abs=0.05)
    assert tiny.knows("a") and not tiny.knows("zebra")


def test_scalar_values_equal_numpys_dequantisation_of_every_byte() -> None:
    # The scalar questions read the stored bytes through two 256-value tables; the batched readings use
    # numpy's float32 arrays. Both must give the same log10 values, bit for bit.
    q = np.arange(256, dtype=np.uint8).astype(np.float32)
    assert list(ngram._PROB) == (q / PROB_SCALE + PROB_MIN).tolist()
    assert list(ngram._BO) == (q / BO_SCALE + BO_MIN).tolist()
    assert ngram.dequantised(PROB_MIN, PROB_SCALE) != ngram.dequantised(PROB_MIN, PROB_SCALE + 1)


def test_a_model_numpy_must_read_answers_alike(tiny: TrigramModel, tmp_path: Path) -> None:
    # An archive that cannot be mapped without numpy (compressed here) is read by numpy and viewed.
    arrays = {name: np.asarray(view) for name, view in tiny._views.items()}
    packed = tmp_path / "packed.npz"
    np.savez_compressed(packed, **arrays)
    other = TrigramModel(packed)
    for history, word in ((["a", "b"], "c"), (["c", "b"], "c"), (["a"], "c"), ([], "b"), (["a", "b"], "a")):
        assert other.word_log_prob(history, word) == tiny.word_log_prob(history, word)
    assert other.words == tiny.words


def test_bad_model_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(SpinfixError, match=r"bad\.npz"):
        TrigramModel(bad).word_log_prob([], "a")
    other = tmp_path / "other.npz"
    np.savez(other, format=np.frombuffer(b"something else", np.uint8))
    with pytest.raises(SpinfixError, match="spinfix-ngram 2"):
        TrigramModel(other).warm()


def test_shipped_model_prefers_what_spinners_replaced() -> None:
    """Swaps from the table's own documentation (README), not from any evaluation set."""
    lp = TrigramModel().log_prob
    assert lp(["sources"], ["told"], ["reuters"]) > lp(["sources"], ["informed"], ["reuters"]) + 2
    assert lp(["the"], ["private", "companies"], ["are"]) > lp(["the"], ["personal", "corporations"], ["are"]) + 2
    assert lp(["are"], ["under"], ["intense", "scrutiny"]) > lp(["are"], ["beneath"], ["intense", "scrutiny"])


def test_context_model_choice_changes_the_evidence() -> None:
    text = "Personal corporations are beneath intense scrutiny, sources informed Reuters."
    tri = Restorer(Config()).detect(text)
    bi = Restorer(Config(context_model="bigram")).detect(text)
    assert any("trigram model" in e.detail for f in tri for e in f.evidence)
    assert not any("trigram model" in e.detail for f in bi for e in f.evidence)
    with pytest.raises(Exception, match="context_model"):
        Config(context_model="gpt")  # type: ignore[arg-type]


def test_restorers_in_one_process_share_the_loaded_data() -> None:
    """Several restorers (the fuzz harness builds eight) read one copy of the lexicon and the model."""
    a, b = Restorer(Config(threshold=0.4)), Restorer(Config(threshold=0.8))
    assert a.scorer.model is b.scorer.model and a.scorer.lexicon is b.scorer.lexicon
    assert a.generalizer is not None and b.generalizer is not None
    assert a.generalizer.thesaurus is b.generalizer.thesaurus


def _plain_word_log_prob(m: TrigramModel, before: str | None, last: str | None, word: str) -> float:
    """Katz backoff as the ARPA model defines it, the trigram searched first and no lookup memoised: the
    reference for ``TrigramModel._word_log_prob``, which searches the bigrams first and memoises them."""
    d, ids = m._data, m.ids
    w = ids.get(word)
    if w is None:
        return UNKNOWN_LOG10

    def search(keys: np.ndarray, key: int) -> int:
        i = int(keys.searchsorted(np.uint64(key)))
        return i if i < len(keys) and int(keys[i]) == key else -1

    h1 = ids.get(last) if last is not None else None
    h2 = ids.get(before) if before is not None and h1 is not None else None
    if h1 is not None and h2 is not None:
        t = search(d["tri_key"], (h2 << 2 * WORD_SHIFT) | (h1 << WORD_SHIFT) | w)
        if t >= 0:
            return float(d["tri_prob"][t])
    backoff = 0.0
    if h1 is not None:
        if h2 is not None:
            ctx = search(d["bi_key"], (h2 << WORD_SHIFT) | h1)
            if ctx >= 0:
                backoff = float(d["bi_bo"][ctx])
        b = search(d["bi_key"], (h1 << WORD_SHIFT) | w)
        if b >= 0:
            return backoff + float(d["bi_prob"][b])
        backoff += float(d["uni_bo"][h1])
    return backoff + float(d["uni_prob"][w])


def test_bigrams_first_and_memoised_give_the_plain_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    from spinfix import ngram

    m = TrigramModel()
    monkeypatch.setattr(ngram, "BIGRAM_MEMO_SIZE", 50)  # the memo is emptied many times on the way
    text = ("the company said on monday it had private investors in the united states and a new chief "
            "executive officer of the bank reported profit revenue quarterly results xyzzy")
    words = text.split(" ")
    rng = random.Random(14)
    triples = [(words[i - 2] if i > 1 else None, words[i - 1] if i else None, words[i]) for i in range(len(words))]
    triples += [(rng.choice([None, *words]), rng.choice([None, *words]), rng.choice(words)) for _ in range(3000)]
    found = {"trigram": 0, "bigram": 0}
    for before, last, word in triples * 2:  # the second round reads the memo
        assert m._word_log_prob(before, last, word) == _plain_word_log_prob(m, before, last, word)
        ids = m.ids
        if last in ids and word in ids and m._bigram(ids[last], ids[word]) >= 0:
            found["bigram"] += 1
            if before in ids and m._trigram(ids[before], ids[last], ids[word]) >= 0:
                found["trigram"] += 1
    assert found["trigram"] > 10 and found["bigram"] > 100  # every branch of the backoff was taken
