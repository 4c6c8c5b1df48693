"""Golden cases as data: spun sentences written for spinfix and their original wording."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spinfix import Restorer, apply_edits

CASES = json.loads((Path(__file__).parent / "cases" / "synthetic.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=[pytest.mark.xfail(strict=True, reason=c["known_failure"])] if "known_failure" in c else [])
     for c in CASES],
    ids=[c["spun"][:40] for c in CASES],
)
def test_restores_case(default: Restorer, case: dict) -> None:
    result = default.restore_and_explain(case["spun"])
    assert result.text == case["restored"]
    assert apply_edits(case["spun"], result.edits) == result.text
    assert default.restore(case["restored"]) == case["restored"]  # the original is a fixed point


def test_shipped_examples_restore(default: Restorer) -> None:
    from importlib import resources

    base = resources.files("spinfix") / "data" / "examples"
    news = (base / "spun_news_example.txt").read_text(encoding="utf-8")
    science = (base / "tortured_abstract_example.txt").read_text(encoding="utf-8")
    assert len(default.detect(news)) >= 10
    assert default.spin_score(news).verdict == "spun"
    restored = default.restore(science)
    assert "Deep learning" in restored and "random forest" in restored and "image recognition" in restored
