"""The quotation spans (``text.Quotes``) pair the marks within a paragraph exactly as one scan of a
pattern for marks and paragraph breaks together does: that scan is kept here as the oracle."""

from __future__ import annotations

import sys

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import spinfix  # noqa: F401  (loads spinfix.text)
from spinfix.normalize import normalize
from spinfix.text import PARAGRAPH_BREAK, QUOTE_CHARS, Quotes, Register
from tests.conftest import require_compiled

MODULE = sys.modules["spinfix.text"]

#: The oracle: marks and breaks found by one pattern, in order; a break closes an unbalanced quote.
ORACLE = regex.compile(f"[{QUOTE_CHARS}]|{PARAGRAPH_BREAK.pattern}")


def oracle_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    opened = -1
    for m in ORACLE.finditer(text):
        if m.group()[0] not in QUOTE_CHARS:  # a paragraph break
            opened = -1
        elif opened < 0:
            opened = m.start()
        else:
            spans.append((opened, m.end()))
            opened = -1
    return spans


PIECES = st.sampled_from(['"', "\u201c", "\u201d", "\u00ab", "\u00bb", "\n", "\n\n", "\n \t\r\n", "\r\n",
                          " ", "word", "é", "'", "\n\n\n", "x\ny", "\r", "\u2029", "\u2028", "\u00a0", "\x0c"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=30))
def test_spans_are_those_of_one_scan_for_marks_and_breaks(pieces: list[str]) -> None:
    text = "".join(pieces)
    quotes = Quotes(text)
    expected = oracle_spans(text)
    assert quotes._build() == expected
    # The paragraph breaks the document's register has already found give the same spans.
    assert Quotes(text, Register(text, normalize(text)))._build() == expected
    for s, e in expected:
        assert quotes.inside(s, e) and quotes.inside(s + 1, e - 1)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30))
def test_the_python_pairing_gives_the_same_spans(pieces: list[str]) -> None:
    """Without the compiled module (``_textcore.quote_spans``) the marks are paired in Python: the same
    spans, with and without the register's paragraph starts."""
    text = "".join(pieces)
    expected = oracle_spans(text)
    compiled = MODULE._compiled_quote_spans
    MODULE._compiled_quote_spans = lambda: None
    try:
        assert Quotes(text)._build() == expected
        assert Quotes(text, Register(text, normalize(text)))._build() == expected
    finally:
        MODULE._compiled_quote_spans = compiled


def test_the_compiled_pairing_refuses_bad_arguments() -> None:
    quote_spans = MODULE._compiled_quote_spans()
    require_compiled(quote_spans, "_textcore")
    with pytest.raises(TypeError, match="list"):
        quote_spans((1, 2), [])
    with pytest.raises(TypeError, match="list"):
        quote_spans([1, 2], None)
    with pytest.raises(ValueError, match="ascend"):
        quote_spans([3, 1], [])
    with pytest.raises(TypeError):
        quote_spans(["1"], [])
    assert quote_spans([0, 2, 4], []) == [(0, 3)]
    assert quote_spans([0, 4, 6], [4]) == [(4, 7)]


def test_a_blank_line_closes_a_quote_and_pairs_stay_in_order() -> None:
    text = 'He said "yes.\n\nThen "no" and \u201cmaybe\u201d, "open'
    quotes = Quotes(text)
    spans = quotes._build()
    assert [text[s:e] for s, e in spans] == ['"no"', "\u201cmaybe\u201d"]
    assert not quotes.inside(8, 12)  # the quote the blank line left open
    assert quotes.inside(text.index("maybe"), text.index("maybe") + 5)
