"""Golden test on a real spun Reuters story (Reuters' copyright; used in tests only, never shipped).

Each certain row is its own test, so the suite shows exactly which swaps are restored. Rows the project
cannot restore yet are listed in ``cases/reuters_known_failures.txt`` and run as strict xfails: when one
starts to pass, the suite says so and the list must shrink.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spinfix import Restorer

from .golden import expected_text, load, score

TEXT, ROWS = load()
KNOWN = {
    int(line.split()[0])
    for line in (Path(__file__).parent / "cases" / "reuters_known_failures.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
}


@pytest.fixture(scope="module")
def outcome(default: Restorer):
    return score(TEXT, ROWS, default.restore(TEXT))


@pytest.mark.parametrize(
    "index",
    [pytest.param(r.index, id=f"{r.index:02d}-{r.spun[:30]}",
                  marks=[pytest.mark.xfail(strict=True, reason="listed in reuters_known_failures.txt")]
                  if r.index in KNOWN else [])
     for r in ROWS if r.status == "certain"],
)
def test_certain_row_restored(outcome, index: int) -> None:
    results, _ = outcome
    result = results[index]
    assert result.ok, f"{result.row.spun!r} came out as {result.got!r}, expected {result.row.restored}"


def test_optional_rows_accept_either_form(outcome) -> None:
    results, _ = outcome
    bad = [(r.row.spun, r.got) for r in results if r.row.status == "optional" and not r.ok]
    assert not bad


def test_nothing_else_changes(outcome) -> None:
    _, damage = outcome
    assert damage == []


def test_expected_text_is_a_fixed_point(default: Restorer) -> None:
    expected = expected_text(TEXT, ROWS)
    assert default.restore(expected) == expected


def test_example_is_judged_spun(default: Restorer) -> None:
    assert default.spin_score(TEXT).verdict == "spun"
