"""Grammar tells of a word-by-word spinner (``spinfix.rules.grammar``): a doubled preposition ("make contact
with with") and a "have" synonym before "been" ("experienced been"). The sentences are written for these
tests in the style of scraper-site output."""

from __future__ import annotations

import pytest

import spinfix
from spinfix import Config, Restorer
from spinfix.normalize import normalize
from spinfix.rules.grammar import grammar_candidates


def found(text: str) -> list[tuple[str, str]]:
    norm = normalize(text)
    return [(norm[c.start:c.end], c.originals[0]) for c in grammar_candidates(norm)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Staff who came in make contact with with the worker were sent home.",
     "Staff who came in make contact with the worker were sent home."),
    ("Demand for for air travel will fall.", "Demand for air travel will fall."),
    ("Prices rose more than than expected.", "Prices rose more than expected."),
    ("One case experienced been confirmed at the plant.", "One case had been confirmed at the plant."),
    ("The club possesses been fined twice.", "The club has been fined twice."),
    ("Officials say they experience been told to wait.", "Officials say they have been told to wait."),
    ("Two workers Possessed been tested.", "Two workers Had been tested."),  # the writer's case is kept
    ("About 800 staff would experience been furloughed.", "About 800 staff would have been furloughed."),
])
def test_the_tells_are_restored(text: str, expected: str) -> None:
    assert spinfix.restore(text) == expected
    assert spinfix.restore(expected) == expected


@pytest.mark.parametrize("text", [
    "He gave in in the end.",  # a phrasal verb's particle before the same preposition
    "What are you looking at at the moment?",
    "They carried on on the road to the coast.",
    "The team looked up up the hill.",
    "He had had enough, and she said that that was fine.",
    "It was an experienced, been-there-before crew.",  # no single space between the two
    "The experienced beekeeper has been stung.",
    "Ofof course, without withdrawing the offer.",  # not whole words
    "Imports of ofloxacin rose.",
    "A list of of of names.",  # a run of three is a broken or hostile text, not a spinner's pair
    "Has your experience been positive?",  # "experience" and "gains" are nouns too
    "Have the gains been worth the risk?",
])
def test_english_that_looks_alike_is_left_alone(text: str) -> None:
    assert found(text) == []
    assert spinfix.restore(text) == text


def test_a_doubled_preposition_inside_quotation_marks_is_still_a_slip() -> None:
    # Spinners often leave quotations alone, which lowers a row's score there; a grammar slip is not
    # English in a quotation either.
    text = "“Colleagues who came in make contact with with the worker are in quarantine,” the ministry said."
    assert spinfix.restore(text) == text.replace("with with", "with")


def test_a_row_that_restores_the_phrase_goes_first() -> None:
    """"a number of of" holds a row ("a number of" -> "several") and the doubled "of": the row restores
    its span and the duplicate goes with it; dropping the duplicate first would leave "a number of its",
    where the row no longer fits. Where the row does not restore, the tell still mends the grammar."""
    r = Restorer(Config())
    spun = ("Personal corporations are beneath intense scrutiny, sources informed Reuters. Google has "
            "transformed a number of of its meetings into online occasions.")
    out = r.restore(spun)
    assert "several of its meetings" in out.lower(), out
    assert "of of" not in out
    alone = "The list holds a number of of the names."
    assert "of of" not in r.restore(alone)


def test_the_tells_count_as_strong_findings() -> None:
    # No writer produces them, so they tell that a passage is spun as a listed swap does.
    r = Restorer(Config())
    (f,) = [f for f in r.detect("One case experienced been confirmed at the plant.") if f.rule == "rule:grammar"]
    assert f.score >= 0.8 and f.action == "restore" and f.restored == "had"
