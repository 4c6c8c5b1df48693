"""The compiled matcher must equal the naive reference scanner on any text and any table."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spinfix.matcher import PhraseMatcher, ReferenceScanner
from spinfix.normalize import normalize

WORDS = ["a", "ab", "abc", "b", "ba", "personal", "corporation", "corporations", "wi-fi", "didn't", "x"]
phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
pieces = st.sampled_from([*WORDS, " ", "  ", "-", "'", ".", ",", "\n", "'s", "İ", "é", "\u0301", "😀", "A", "AB"])


@settings(max_examples=400, deadline=None)
@given(st.lists(phrases, min_size=1, max_size=8, unique=True), st.lists(pieces, max_size=40).map("".join))
def test_matcher_equals_reference(patterns: list[str], text: str) -> None:
    norm = normalize(text)
    assert PhraseMatcher(patterns).find(norm) == ReferenceScanner(patterns).find(norm)


def test_leftmost_longest_and_boundaries() -> None:
    m = PhraseMatcher(["personal corporations", "personal", "corporations", "wi-fi"])
    norm = normalize("Personal corporations; impersonal corporations; personal corporationsx; wi-fix; wi-fi")
    spans = [(s, e, m.patterns[i]) for s, e, i in m.find(norm)]
    assert spans == [
        (0, 21, "personal corporations"),
        (34, 46, "corporations"),
        (48, 56, "personal"),
        (80, 85, "wi-fi"),
    ]


def test_possessive_and_quotes_are_boundaries() -> None:
    m = PhraseMatcher(["corporation"])
    assert m.find(normalize("the corporation's plan")) == [(4, 15, 0)]
    assert m.find(normalize("‘corporation’")) == [(1, 12, 0)]
    assert m.find(normalize("corporation-wide")) == []


def test_no_patterns_and_empty_text() -> None:
    assert PhraseMatcher([]).find("anything") == []
    assert PhraseMatcher(["a"]).find("") == []


def test_normalize_preserves_length() -> None:
    for text in ["İstanbul", "STRASSE ß", "e\u0301", "😀 ok", "a\r\nb", "ǅ", "ﬁ", "\u0130\u0130"]:
        assert len(normalize(text)) == len(text)
