"""Issue 11 low items: the report's TypeError for bytes, and an "İ" that changed how Greek final sigma
was normalised everywhere else in the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spinfix
from spinfix import Config, Restorer
from spinfix.normalize import normalize

from .conftest import HEADER, write_table


@pytest.mark.parametrize("data", [b"x", bytearray(b"x"), memoryview(b"x")])
def test_report_html_names_bytes(data: object) -> None:
    with pytest.raises(TypeError, match="got bytes: decode first"):
        spinfix.report_html(data)  # type: ignore[arg-type]


def test_dotted_capital_i_does_not_change_final_sigma_elsewhere() -> None:
    assert normalize("ΛΟΓΟΣ") == "λογος"
    assert normalize("İstanbul ΛΟΓΟΣ") == "istanbul λογος"  # was "λογοσ": no final sigma once "İ" occurred


def test_greek_row_matches_in_a_text_with_dotted_capital_i(tmp_path: Path) -> None:
    table = write_table(tmp_path, HEADER + "λογος\tλόγος\t0.95\tdomain=news\tuser\n")
    r = Restorer(Config(tables=(str(table),), default_tables=False, context=False, generalize=False))
    assert r.restore("ΛΟΓΟΣ here") == "ΛΌΓΟΣ here"
    assert r.restore("İzmir: ΛΟΓΟΣ here") == "İzmir: ΛΌΓΟΣ here"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ΣσςΛΟΓİIi a.'-\u0301"), max_size=20),
       st.text(alphabet=st.sampled_from("ΣσςΛΟΓİIi a.'-\u0301"), max_size=20))
def test_dotted_capital_i_normalises_like_a_capital_i(left: str, right: str) -> None:
    """Per position: "İ" reads as "i" (its lower case's first code point) and changes nothing else."""
    text = left + "İ" + right
    assert len(normalize(text)) == len(text)
    assert normalize(text) == normalize(left + "I" + right)
