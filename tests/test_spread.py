"""A swap restored surely in a spun document is proposed at the document's other occurrences of the word
(``score.spread_candidates``, rule ``general:document``), and only where their region reads as spun."""

from __future__ import annotations

import pytest

from spinfix import Config, Restorer
from spinfix.candidates import Candidate
from spinfix.score import SPREAD_MIN, Decision, spread_candidates, taught_swaps

# Written for these tests: "information convention" is a table row (-> "news conference"); the second
# "convention" has no row of its own and no context that restores it.
SPUN = ("The minister instructed an information convention on Tuesday that the corporate would shut its plant. "
        "Reporters on the convention requested whether staff would be paid, and the corporate stated they would.")
CLEAN = ("The party held its annual convention in the spring. Delegates voted on the new platform and "
         "elected a leader for the coming year.")


@pytest.fixture(scope="module")
def restorer() -> Restorer:
    return Restorer(Config())


def test_the_other_occurrence_takes_the_swap(restorer: Restorer) -> None:
    analysis = restorer.analyse(SPUN)
    assert "told a news conference" in analysis.text and "Reporters on the conference requested" in analysis.text
    spread = [f for f in analysis.findings if f.rule == "general:document"]
    assert [(f.spun, f.restored, f.action) for f in spread] == [("convention", "conference", "restore")]
    assert "convention → conference" in spread[0].reason
    assert restorer.restore(analysis.text) == analysis.text
    # Without the sure restoration there is nothing to spread: the word alone stays.
    alone = SPUN.replace("an information convention", "reporters")
    assert "Reporters on the convention" in restorer.restore(alone)


@pytest.mark.parametrize("order", ["spun first", "clean first"])
def test_a_human_written_paragraph_keeps_the_word(restorer: Restorer, order: str) -> None:
    """The clean paragraph's "annual convention" is the same word, in a region that does not read as spun:
    it stays, though "convention" is spinner vocabulary and has a learned swap of its own there."""
    doc = SPUN + "\n\n" + CLEAN if order == "spun first" else CLEAN + "\n\n" + SPUN
    out = restorer.restore(doc)
    assert CLEAN in out
    assert "Reporters on the conference requested" in out


def _decision(start: int, end: int, original: str, p: float, rule: str = "table:news") -> Decision:
    return Decision(Candidate(start, end, (original,), 0.5, rule, "test"), p, ())


def test_taught_swaps_come_from_sure_restorations_word_by_word() -> None:
    norm = "the corporate stated that personal corporations and the corporate board met"
    at = norm.index
    sure = [
        _decision(at("personal"), at("personal") + len("personal corporations"), "private companies", SPREAD_MIN),
        _decision(at("the corporate"), at("the corporate") + len("the corporate stated"), "the company said", 0.99),
    ]
    assert taught_swaps(sure, norm) == {"personal": "private", "corporations": "companies", "corporate": "company",
                                        "stated": "said"}
    # Below SPREAD_MIN, from a rule, of another length, or taught two originals: nothing.
    weak = [_decision(at("personal"), at("personal") + 8, "private", SPREAD_MIN - 0.01)]
    rule = [_decision(at("personal"), at("personal") + 8, "private", 0.99, rule="rule:number")]
    uneven = [_decision(at("personal"), at("personal") + len("personal corporations"), "firms", 0.99)]
    twice = [_decision(at("personal"), at("personal") + 8, "private", 0.99),
             _decision(at("personal"), at("personal") + 8, "individual", 0.99)]
    assert taught_swaps(weak, norm) == taught_swaps(rule, norm) == taught_swaps(uneven, norm) == {}
    assert taught_swaps(twice, norm) == {}


def test_candidates_stand_outside_restorations_and_names() -> None:
    text = "The corporate stated that Corporate Affairs met the corporate board."
    norm = text.lower()
    first = _decision(0, len("the corporate stated"), "the company said", 0.99)
    found = spread_candidates([first], text, norm, 0.5)
    # Inside the restoration: none; "Corporate Affairs" reads as a name; "the corporate board" is proposed.
    assert [(c.start, norm[c.start:c.end], c.originals, c.rule, c.spun_region) for c in found] == [
        (norm.index("corporate board"), "corporate", ("company",), "general:document", True)]
