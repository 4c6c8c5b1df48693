"""Issue 11 item 6 and issue 12: ``restore`` reaches a fixed point by construction, and every front end
(``restore``, ``scan --restore``, Dask, ``detect``, ``spin_score``) reads the one public ``analyse``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spinfix
from spinfix import Analysis, Config, Restorer, apply_edits
from spinfix.cli import _config, build_parser, main

from .conftest import HEADER, write_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fuzz.harness import chain_text  # noqa: E402

ONLY_TABLE = {"default_tables": False, "context": False, "generalize": False}


def table_restorer(tmp_path: Path, rows: list[str], **config: object) -> Restorer:
    path = write_table(tmp_path, HEADER + "\n".join(rows) + "\n")
    return Restorer(Config(tables=(str(path),), **{**ONLY_TABLE, **config}))  # type: ignore[arg-type]


def neighbour_chain(steps: int) -> list[str]:
    """Rows that chain only through the next word: ``w0 t1 → w1``, ``w1 t2 → w2`` …: the loader cannot
    see the chain (no original holds a spun form), and restoring takes one pass per row."""
    return [f"w{i} t{i + 1}\tw{i + 1}\t0.95\tdomain=news,kind=phrase\tuser" for i in range(steps)]


# --- known examples (issue 11 item 6) -------------------------------------------------------------------
@pytest.mark.parametrize(("text", "threshold"), [
    ("professional system gaining knowledge of disclosure in databases", 0.5),
    ("United Nations Agency Square Measure", 0.3),
])
def test_known_chain_examples_are_idempotent(text: str, threshold: float) -> None:
    r = spinfix.default_restorer() if threshold == 0.5 else Restorer(Config(threshold=threshold))
    once = r.restore(text)
    assert r.restore(once) == once


def test_professional_system_chain_settles_on_the_final_wording() -> None:
    # The chain as the bigram evidence reads it, where every link is restored: the test is about the
    # passes following a four-row chain to its end, not about which context model judges the last link
    # (the trigram model leaves "disclosure" alone after "machine learning").
    a = Restorer(Config(context_model="bigram")).analyse(
        "professional system gaining knowledge of disclosure in databases")
    assert a.text == "expert machine learning discovery in databases"
    assert a.passes > 3  # four restorations in a row: more than the table's own chain limit


def test_neighbour_chain_within_the_cap_is_followed_to_its_end(tmp_path: Path) -> None:
    r = table_restorer(tmp_path, neighbour_chain(4))
    assert r.restore("w0 t1 t2 t3 t4 end") == "w4 end"


def test_unsettled_chain_is_reverted_and_reported(tmp_path: Path) -> None:
    """Seven restorations through neighbouring words exceed the pass cap: the chain is left as written and
    reported, so the output is a fixed point; an unrelated edit far away is kept."""
    r = table_restorer(tmp_path, [*neighbour_chain(7), "wall avenue\twall street\t0.97\tdomain=news,kind=phrase\tuser"])
    chain = "w0 t1 t2 t3 t4 t5 t6 t7"
    text = "Wall avenue rose. " + "Nothing else happened on that day at all, " * 2 + chain
    a = r.analyse(text)
    assert a.text == text.replace("Wall avenue", "Wall street")
    assert r.restore(a.text) == a.text
    assert apply_edits(text, a.edits) == a.text
    stuck = [f for f in a.findings if f.spun == "w0 t1"]
    assert stuck and stuck[0].action == "report"
    assert stuck[0].evidence[-1].name == "unsettled" and "did not settle" in stuck[0].evidence[-1].detail
    assert r.detect(text) == list(a.findings)
    assert r.spin_score(text) == a.score and a.score.findings == 1  # only the kept swap counts
    alone = r.analyse(chain)  # nothing kept: the input itself is the fixed point
    assert alone.text == chain and alone.edits == () and r.restore(chain) == chain


CHAIN_RESTORERS = {
    "default": spinfix.default_restorer,
    "threshold-0.3": lambda: Restorer(Config(threshold=0.3, report_threshold=0.1)),
    "threshold-0.8": lambda: Restorer(Config(threshold=0.8)),
    "table-only": lambda: Restorer(Config(context=False, generalize=False)),
    "table-only-0.2": lambda: Restorer(Config(context=False, generalize=False, threshold=0.2, report_threshold=0.2)),
}
_built: dict[str, Restorer] = {}


def chain_restorer(name: str) -> Restorer:
    if name not in _built:
        _built[name] = CHAIN_RESTORERS[name]().warm()
    return _built[name]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(sorted(CHAIN_RESTORERS)))
def test_restore_is_a_fixed_point_on_chain_texts(data: st.DataObject, name: str) -> None:
    r = chain_restorer(name)
    text = chain_text(lambda n: data.draw(st.integers(0, n - 1)))
    a = r.analyse(text)
    assert r.restore(a.text) == a.text, (text, a.text)
    assert apply_edits(text, a.edits) == a.text


# --- one analysis for every front end (issue 12) ----------------------------------------------------------
CHAIN_TABLE = ["personal firm\tprivate firm\t0.9\tdomain=news,kind=phrase\tuser",
               "private firm\tprivate company\t0.9\tdomain=news,kind=phrase\tuser"]


def test_analyse_is_public_and_every_front_end_agrees(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = write_table(tmp_path, HEADER + "\n".join(CHAIN_TABLE) + "\n")
    flags = ["--table", str(table), "--no-default-tables", "--no-context", "-q"]
    r = Restorer(_config(build_parser().parse_args(["scan", "-", *flags])))  # what the command line builds
    text = "A personal firm bought it."
    a = r.analyse(text)
    assert isinstance(a, Analysis) and a.text == "A private company bought it."
    assert r.restore(text) == r.restore_and_explain(text).text == a.text
    assert r.detect(text) == list(a.findings) and r.spin_score(text) == a.score

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    assert main(["scan", str(source), "--restore", *flags]) == 0
    scanned = json.loads(capsys.readouterr().out.splitlines()[0])
    assert scanned["spinfix_restored"] == a.text
    assert scanned["spinfix_score"] == a.score.score and scanned["spinfix_n_findings"] == a.score.findings


def test_dask_helper_restores_like_restore(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    import spinfix.integrations.dask as sd

    table = write_table(tmp_path, HEADER + "\n".join(CHAIN_TABLE) + "\n")
    config = Config(tables=(str(table),), **ONLY_TABLE)  # type: ignore[arg-type]
    texts = ["A personal firm bought it.", "Nothing here.", "personal firm, personal firm"]
    out = sd._score_frame(pd.DataFrame({"text": texts}), "text", config, True)
    r = Restorer(config)
    assert out["spinfix_restored"].tolist() == [r.restore(t) for t in texts]
    assert out["spinfix_score"].tolist() == [r.spin_score(t).score for t in texts]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_scan_and_restore_agree_on_chain_texts(data: st.DataObject) -> None:
    from spinfix import scan

    r = chain_restorer("default")
    text = chain_text(lambda n: data.draw(st.integers(0, n - 1)))
    work = scan._BatchWork(r, scan.Options(restore=True))
    added = work.judge(text)
    assert added is not None and added["spinfix_restored"] == r.restore(text)
    assert added["spinfix_score"] == r.spin_score(text).score


def test_module_level_analyse_is_the_default_restorers() -> None:
    """``spinfix.analyse`` is the same one analysis as the other module-level functions."""
    import spinfix

    text = "Shares rose zero.5 % on Friday, sources informed Reuters."
    a = spinfix.analyse(text)
    assert a.text == spinfix.restore(text) == spinfix.restore_and_explain(text).text
    assert a.text.startswith("Shares rose 0.5 %")
    assert list(a.findings) == spinfix.detect(text) and a.score == spinfix.spin_score(text)
