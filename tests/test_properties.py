"""Hypothesis properties of the public API: edits sorted, in range, replayable, idempotent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinfix import Restorer, apply_edits

VOCAB = [
    "personal", "corporations", "corporation", "informed", "Reuters", "an", "a", "extended", "relationship",
    "necessary", "problem", "Wall", "Avenue", "zero.5", "5.Seven", "three,000", "UPDATE", "Three-Japan", "defences",
    "towards", "profound", "learning", "stated", "authorities", "the", "The", "us", "uk", "its", "1st", "2nd",
    "loss", "of", "life", "$three", "three", "%", "5-four", "No.", "one", "İ", "ß", "e\u0301", "😀", "“", "”",
    "'", "-", ".", ",", "\n", "\r\n", "  ", "\t", "\x00", "<b>", "&amp;",
]
texts = st.one_of(
    st.lists(st.sampled_from(VOCAB), max_size=30).map(" ".join),
    st.text(max_size=60),
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(texts)
def test_invariants_small(small: Restorer, text: str) -> None:
    check(small, text)


@SETTINGS
@given(texts)
def test_invariants_default(default: Restorer, text: str) -> None:
    check(default, text)


def check(r: Restorer, text: str) -> None:
    result = r.restore_and_explain(text)
    last = 0
    for e in result.edits:
        assert last <= e.start <= e.end <= len(text)
        assert text[e.start:e.end] == e.old
        last = e.end
    assert apply_edits(text, result.edits) == result.text == r.restore(text)
    # Outside the edits nothing changed.
    pieces = []
    pos = 0
    for e in result.edits:
        pieces.append(text[pos:e.start])
        pos = e.end
    pieces.append(text[pos:])
    assert "".join(pieces) == _outside(result.text, result.edits)
    for f in result.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.spun
        assert 0.0 <= f.score <= 1.0
    assert r.restore(result.text) == result.text  # idempotent


def _outside(restored: str, edits) -> str:
    """The restored text with the replacement strings cut out (compare with the input minus the spans)."""
    out = []
    pos = 0
    shift = 0
    for e in edits:
        start_new = e.start + shift
        out.append(restored[pos:start_new])
        pos = start_new + len(e.new)
        shift += len(e.new) - (e.end - e.start)
    out.append(restored[pos:])
    return "".join(out)
