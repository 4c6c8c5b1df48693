"""Signature words: words news spinners write for others ("stated", "convention", "minimize") count as
region evidence where the trigram model already finds the region improbable (issue 13 item 3, swap
density). The story below was spun by hand for this test from an original of our own ("The company said
... annual conference ... Investors had hoped the firm would cut costs ..."); it is not taken from any
evaluation set."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from spinfix import Config, Restorer
from spinfix.restore import (
    SIGNATURE_CLEAN_RATE,
    SIGNATURE_MIN_WORDS,
    SIGNATURE_SPUN_RATE,
    signature_log_likelihood_ratio,
)
from spinfix.text import Register

FIXTURES = Path(__file__).parent / "fixtures" / "clean"

SPUN = ("The company stated on Tuesday that its annual convention would move online this year. "
        "Buyers had hoped the firm would minimize costs, and its shares fell in early trading. "
        "The group will hold the event in the spring, it added.")


@pytest.fixture(scope="module")
def restorer() -> Restorer:
    return Restorer(Config()).warm()


def test_the_shipped_news_rows_make_spinner_words_signature_words(restorer: Restorer) -> None:
    sig = restorer.generalizer.signature_words
    assert {"stated", "convention", "minimize", "buyers"} <= sig
    # Vocabulary the tables use as original wording is never a trigger, so never a signature word.
    assert not {"said", "conference", "investors", "the"} & sig


def test_signature_words_lift_a_spun_region(restorer: Restorer, monkeypatch: pytest.MonkeyPatch) -> None:
    """"Buyers" -> "Investors" is a weak row: with the improbable words alone the region is not spun
    enough to restore it; the four other signature words around it are what tips it."""
    assert len(SPUN.split()) >= SIGNATURE_MIN_WORDS
    result = restorer.restore_and_explain(SPUN)
    assert "Investors had hoped" in result.text
    (finding,) = [f for f in result.findings if f.spun == "Buyers"]
    document = next(e for e in finding.evidence if e.name == "document")
    assert re.search(r"\d+ signature words? nearby", document.detail)
    monkeypatch.setattr(restorer.generalizer, "signature_words", frozenset())
    assert "Buyers had hoped" in restorer.restore(SPUN)


def test_a_short_region_does_not_count_them(restorer: Restorer) -> None:
    short = "Buyers had hoped the firm would minimize costs, the company stated."
    assert len(short.split()) < SIGNATURE_MIN_WORDS
    for f in restorer.restore_and_explain(short).findings:
        assert not any("signature word" in e.detail for e in f.evidence)


def test_hits_skip_names_and_science_like_documents(restorer: Restorer) -> None:
    g = restorer.generalizer
    text = "She stated that the Convention Center would open. The convention starts today."
    norm = text.lower()
    hits = g.signature_hits(text, norm, Register(text, norm))
    assert [w for _, w in hits] == ["stated", "convention"]
    assert hits[1][0] == text.index("convention")
    paper = Path(__file__).parent / "fixtures" / "clean" / "science"
    science = next(iter(sorted(paper.glob("*.txt")))).read_text(encoding="utf-8") + " " + text
    assert g.signature_hits(science, science.lower(), Register(science, science.lower())) == []


def test_the_likelihood_ratio_is_the_binomial_one() -> None:
    assert signature_log_likelihood_ratio(0, 0) == 0.0
    k, n = 3, 60
    expected = (k * math.log(SIGNATURE_SPUN_RATE / SIGNATURE_CLEAN_RATE)
                + (n - k) * math.log((1 - SIGNATURE_SPUN_RATE) / (1 - SIGNATURE_CLEAN_RATE)))
    assert signature_log_likelihood_ratio(k, n) == pytest.approx(expected)
    assert signature_log_likelihood_ratio(0, 60) < 0 < signature_log_likelihood_ratio(4, 60)
    assert signature_log_likelihood_ratio(1, 60) < signature_log_likelihood_ratio(2, 60)


def test_the_bound_is_never_below_the_hits_and_the_density_test_is_unchanged(restorer: Restorer) -> None:
    """``spinner_vocabulary`` first compares the cheap bound (``Generalizer.signature_bound``: names and
    register not looked at) with what it needs; the answer must be the one the hits alone give."""
    import sys

    module = sys.modules["spinfix.restore"]
    g = restorer.generalizer
    texts = [SPUN, SPUN.replace("company", "Convention Center"), "Stated Convention Buyers met. " * 3,
             *(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.txt"))[:12])]
    dense = 0
    for text in texts:
        norm = text.lower()
        register = Register(text, norm)
        g._last_hits = g._last_signature = None
        distinct = len({w for _, w in g.signature_hits(text, norm, register)})
        assert g.signature_bound(norm) >= distinct
        words = len(norm.split())
        exact = distinct >= module.VOCABULARY_SEED_WORDS and distinct >= module.VOCABULARY_SEED_RATE * words
        dense += exact
        assert module.spinner_vocabulary(g, text, norm, register, words) == exact, text[:60]
    assert dense >= 2  # the spun story and the repeated sentence are dense: both answers were compared
    # Names count towards the bound, never towards the hits ("Convention Center" is a name).
    named = "The Convention Center stated it."
    hits = g.signature_hits(named, named.lower(), Register(named, named.lower()))
    assert g.signature_bound(named.lower()) > len(hits)
