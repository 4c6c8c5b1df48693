"""spinfix.integrations.dask on a real two-process cluster: same answers as one process, one Restorer per worker
process."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("dask")
pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

import spinfix.integrations.dask as sd  # noqa: E402
from spinfix import Config, Restorer  # noqa: E402

from .conftest import SMALL_TABLE, write_table  # noqa: E402

TEXTS = [
    "Personal corporations have an extended relationship with wall avenue.",
    "Nothing here is spun at all.",
    "It became a necessary problem for personal corporations on Wall Avenue.",
    "",
    "Shares rose zero.5 % on Friday.",
    "Our profound learning model beats counterfeit consciousness baselines.",
] * 4


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    table = write_table(tmp_path_factory.mktemp("dask"), SMALL_TABLE)
    return Config(tables=(str(table),), default_tables=False, context=False, generalize=False)


@pytest.fixture(scope="module")
def local(config: Config) -> Restorer:
    """The single-process reference."""
    return Restorer(config)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # dashboard_address=None is distributed's default port (8787): two test runs on one machine warned of
    # the clash. ":0" takes any free port.
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
                      silence_logs=40) as cluster, Client(cluster) as c:
        yield c


def test_restore_bag_equals_single_process(client: Client, config: Config, local: Restorer) -> None:
    bag = db.from_sequence(TEXTS, npartitions=6)
    assert sd.restore_bag(bag, config).compute() == local.restore_batch(TEXTS)


def test_score_bag_equals_single_process(client: Client, config: Config, local: Restorer) -> None:
    got = sd.score_bag(db.from_sequence(TEXTS, npartitions=5), config).compute()
    assert got == [{"spinfix_score": s.score, "spinfix_verdict": s.verdict, "spinfix_n_findings": s.findings,
                    "spinfix_words": s.words, "spinfix_per_1000_words": s.per_1000_words}
                   for s in local.spin_score_batch(TEXTS)]
    assert {"spinfix_score", "spinfix_verdict", "spinfix_n_findings", "spinfix_words",
            "spinfix_per_1000_words"} == set(got[0])


def test_score_dataframe_equals_single_process(client: Client, config: Config, local: Restorer) -> None:
    texts = [*TEXTS, None]
    pdf = pd.DataFrame({"id": range(len(texts)), "text": texts})
    ddf = dd.from_pandas(pdf, npartitions=4)
    plain = sd.score_dataframe(ddf, "text", config).compute()
    assert list(plain.columns) == ["id", "text", "spinfix_score", "spinfix_verdict", "spinfix_n_findings"]
    assert "spinfix_restored" not in plain.columns
    restored = sd.score_dataframe(ddf, "text", config, restore=True).compute().sort_values("id")
    expected = local.spin_score_batch(TEXTS)
    assert restored["spinfix_score"].tolist()[:-1] == [s.score for s in expected]
    assert restored["spinfix_verdict"].tolist()[:-1] == [s.verdict for s in expected]
    assert restored["spinfix_n_findings"].tolist() == [s.findings for s in expected] + [0]
    assert restored["spinfix_restored"].tolist()[:-1] == local.restore_batch(TEXTS)
    last = restored.iloc[-1]  # a missing text: no score, no verdict, nothing restored
    assert pd.isna(last["spinfix_score"]) and pd.isna(last["spinfix_verdict"]) and pd.isna(last["spinfix_restored"])
    assert str(restored["spinfix_n_findings"].dtype) == "int64" and str(restored["spinfix_score"].dtype) == "float64"
    with pytest.raises(KeyError, match="no column"):
        sd.score_dataframe(ddf, "body", config)


def test_paragraph_scores_equal_single_process(client: Client, config: Config, local: Restorer) -> None:
    """``paragraph_bag`` and ``score_dataframe(paragraphs=...)`` give what ``paragraph_scores`` gives in one
    process, as the dicts ``scan --paragraphs`` writes; a missing text has none."""
    texts = ["Nothing here is spun at all.\n\nShares rose zero.5 % on Friday.\nPersonal corporations grew.",
             *TEXTS]
    for lines in (False, True):
        expected = [[p.to_dict() for p in local.paragraph_scores(t, lines=lines)] for t in texts]
        assert sd.paragraph_bag(db.from_sequence(texts, npartitions=3), config, lines=lines).compute() == expected
        assert [len(e) for e in expected[:1]] == [3 if lines else 2]
    ddf = dd.from_pandas(pd.DataFrame({"id": range(len(texts) + 1), "text": [*texts, None]}), npartitions=4)
    got = sd.score_dataframe(ddf, "text", config, paragraphs="blank").compute().sort_values("id")
    assert got["spinfix_paragraphs"].tolist() == [[p.to_dict() for p in local.paragraph_scores(t)]
                                                  for t in texts] + [None]
    assert "spinfix_paragraphs" not in sd.score_dataframe(ddf, "text", config).columns
    with pytest.raises(ValueError, match="paragraphs must be"):
        sd.score_dataframe(ddf, "text", config, paragraphs="lines")


def test_restorer_built_once_per_worker_process(client: Client, config: Config) -> None:
    bag = db.from_sequence(TEXTS * 5, npartitions=20)
    for _ in range(3):  # many tasks, several computations, two kinds of collections
        sd.score_bag(bag, config).compute()
        sd.restore_bag(bag, config).compute()
    ddf = dd.from_pandas(pd.DataFrame({"text": TEXTS * 5}), npartitions=10)
    sd.score_dataframe(ddf, "text", config, restore=True).compute()
    loads = client.run(sd.load_count)
    assert len(loads) == 2
    assert all(n == 1 for n in loads.values()), loads  # both workers worked, each built exactly one
    pids = client.run(lambda: __import__("os").getpid())
    assert len(set(pids.values())) == 2  # really two processes
    assert sd.load_count() == 0  # nothing built on the client, not even for the dataframe's meta

    other = Config(tables=config.tables, default_tables=False, context=False, generalize=False, threshold=0.9)
    sd.score_bag(db.from_sequence(TEXTS, npartitions=8), other).compute()
    assert all(n <= 2 for n in client.run(sd.load_count).values())  # one more per worker for a new Config


def test_clear_error_without_dask(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.bag", None)  # makes "import dask.bag" fail
    with pytest.raises(ImportError, match=r"pip install 'spinfix\[dask\]'"):
        sd.restore_bag(object())  # type: ignore[arg-type]


def test_importing_spinfix_does_not_import_dask() -> None:
    import subprocess

    code = "import spinfix, spinfix.integrations.dask, sys; print('dask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout
    assert out.strip() == "False"
