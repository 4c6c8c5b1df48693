"""``restore_batch`` and ``spin_score_batch``: the same answers as one call per text, in order, any iterable."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spinfix
from spinfix import Restorer, SpinScore

TEXTS = [
    "Personal corporations have an extended relationship with wall avenue.",
    "",
    "Nothing here is spun at all.",
    "Shares rose zero.5 % after it became a necessary problem.",
    "PERSONAL CORPORATIONS and Wall Avenue",
]


def test_restore_batch_matches_single_calls(small: Restorer) -> None:
    assert small.restore_batch(TEXTS) == [small.restore(t) for t in TEXTS]
    assert small.restore_batch(TEXTS)[0] == "Private companies have a long relationship with wall street."


def test_spin_score_batch_matches_single_calls(small: Restorer) -> None:
    scores = small.spin_score_batch(TEXTS)
    assert all(isinstance(s, SpinScore) for s in scores)
    assert scores == [small.spin_score(t) for t in TEXTS]
    assert scores[1] == SpinScore(0.0, "clean", 0, 0, 0.0)


def test_batches_take_any_iterable_and_keep_order(small: Restorer) -> None:
    assert small.restore_batch(t for t in TEXTS) == small.restore_batch(TEXTS)
    assert small.restore_batch(tuple(reversed(TEXTS))) == list(reversed(small.restore_batch(TEXTS)))
    assert small.spin_score_batch(iter(TEXTS)) == small.spin_score_batch(TEXTS)
    assert small.restore_batch([]) == [] and small.spin_score_batch(()) == []


def test_batches_refuse_non_text(small: Restorer) -> None:
    with pytest.raises(TypeError, match="decode first"):
        small.restore_batch(["fine", b"bytes"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="got int"):
        small.spin_score_batch(["fine", 3])  # type: ignore[list-item]


def test_module_level_batches_use_the_default_restorer(small: Restorer, monkeypatch) -> None:
    monkeypatch.setattr(spinfix.default, "_default", small)
    assert spinfix.restore_batch(TEXTS) == [spinfix.restore(t) for t in TEXTS]
    assert spinfix.spin_score_batch(TEXTS) == [spinfix.spin_score(t) for t in TEXTS]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Restorer:
    """The conftest table for the property test (hypothesis refuses function-scoped fixtures)."""
    from tests.conftest import SMALL_TABLE, write_table

    path = write_table(tmp_path_factory.mktemp("batch"), SMALL_TABLE)
    return Restorer(spinfix.Config(tables=(str(path),), default_tables=False, context=False, generalize=False))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["personal corporation", "wall avenue", "zero.5 %", "the", "rose",
                                          "Necessary Problem", ",", "an extended relationship", "\n"]),
                         max_size=12).map(" ".join), max_size=6))
def test_batch_equals_map_property(shared: Restorer, texts: list[str]) -> None:
    assert shared.restore_batch(texts) == [shared.restore(t) for t in texts]
    assert shared.spin_score_batch(texts) == [shared.spin_score(t) for t in texts]


def test_a_restorer_pickles_as_its_configuration(small: Restorer) -> None:
    """``pool.map(r.restore, texts)`` pickles ``r``: it goes as its configuration, and unpickling finds the
    restorer of that configuration already in the process (here: ``small`` itself) instead of building
    another."""
    import pickle

    back = pickle.loads(pickle.dumps(small))
    assert back is small
    assert pickle.loads(pickle.dumps(small.restore))(TEXTS[0]) == small.restore(TEXTS[0])


def test_an_unpickled_restorer_is_built_once_per_process(small: Restorer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where no restorer of that configuration lives (a spawned worker), the first arrival builds one and
    every later one gets it: a pool's worker must not load the tables again for each task."""
    import importlib
    import pickle
    import weakref

    module = importlib.import_module("spinfix.restore")  # the module (``spinfix.restore`` is the function)

    monkeypatch.setattr(module, "_LIVE", weakref.WeakValueDictionary())
    monkeypatch.setattr(module, "_UNPICKLED", {})
    data = pickle.dumps(small)
    first, second = pickle.loads(data), pickle.loads(data)
    assert first is second and first is not small and first.config == small.config
    assert first.restore_batch(TEXTS) == small.restore_batch(TEXTS)


def test_a_process_pool_maps_a_configured_restorer(small: Restorer) -> None:
    """The standard pattern with a restorer of one's own tables, in spawned workers (which share nothing
    with this process): the same answers as here."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert list(pool.map(small.restore, TEXTS)) == [small.restore(t) for t in TEXTS]
