"""The rules' literal probes (``spinfix.rules.probes``): a rule given the probes a text holds proposes
exactly what it proposes with every gate open (every probe taken as present), and every literal a rule
asks is a declared probe (an undeclared one is never reported present: its search would never run)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinfix.normalize import normalize
from spinfix.rules import garble_candidates, garbles, grammar_candidates, number_candidates, probes

ROOT = Path(__file__).parent
#: Pieces that make every gated shape, its near misses and the cases of case: the rules' literals, their
#: parts, other case, whitespace the normalised copy turns into a space.
PIECES = st.sampled_from([
    "UPDATE", "update", "Refile", "rpt", "exclusive-update", "wrapup", "corrected", " ", "\u00a0", "\t", "-",
    "Three", "three", "zero", "five", "5", "1", "2nd", "3rd", "1st", "9th", "4st", ".", ",", "%", "$",
    "for each", "for every", "each", "every", "cent", "of", "with", "within", "than", "been", "experienced",
    "had", "The", "the", "he", "us", "usa", "uk", "EU", "un", "No.", "no.", "one", "single", "is", "1 of",
    "March", "Mar.", "Sept.", "nine", "twenty-two", "in", "In", "Could", "could", "Might", "May", "on", "12",
    "it", "not", "sources", "quarter", "\u2019", "\n\n", "x",
])


def both_ways(text: str) -> None:
    norm = normalize(text)
    found = probes.present(norm)
    everything = probes.declared()
    assert found <= everything
    for rule, reads in ((number_candidates, norm), (grammar_candidates, norm), (garble_candidates, text)):
        gated = rule(reads, found)
        assert gated == rule(reads, everything), (rule.__name__, text)
        assert gated == rule(reads), (rule.__name__, text)  # no set given: every gate open


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=24), st.lists(st.sampled_from([" ", ""]), min_size=24, max_size=24))
def test_the_probes_change_no_candidate(pieces: list[str], seps: list[str]) -> None:
    both_ways("".join(p + s for p, s in zip(pieces, seps)))


def real_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "clean").rglob("*.txt"))]
    texts.append((ROOT / "data" / "spun_news_reuters_2018.txt").read_text(encoding="utf-8"))
    return texts


def test_the_probes_change_no_candidate_in_real_text() -> None:
    texts = real_texts()
    assert len(texts) > 40
    for text in texts:
        both_ways(text)


SHAPES = [
    "UPDATE Three-Japan stocks", "rose 15 for each cent", "five for every cent", "make contact with with the worker",
    "one case experienced been confirmed", "The us reported", "the No. one seed", "its 1st loss of life",
    "until March nine.", "it is 1 of the largest", "the conference in Could", "it not sources equipment",
]


@pytest.mark.parametrize("text", SHAPES)
def test_each_shape_is_found_through_its_probes(text: str) -> None:
    norm = normalize(text)
    found = probes.present(norm)
    proposed = number_candidates(norm, found) + grammar_candidates(norm, found) + garble_candidates(text, found)
    assert proposed, text


class Recording(frozenset[str]):
    """A set of probes that records every literal asked of it."""

    asked: ClassVar[set[str]] = set()

    def __contains__(self, literal: object) -> bool:
        self.asked.add(str(literal))
        return super().__contains__(literal)

    def isdisjoint(self, literals: Iterable[str]) -> bool:  # type: ignore[override]
        literals = list(literals)
        self.asked.update(literals)
        return super().isdisjoint(literals)


def test_every_literal_asked_is_declared() -> None:
    everything = Recording(probes.declared())
    for text in [*SHAPES, *real_texts()]:
        norm = normalize(text)
        number_candidates(norm, everything), grammar_candidates(norm, everything), garble_candidates(text, everything)
    assert Recording.asked and Recording.asked <= everything, Recording.asked - everything


def test_a_probe_is_reported_in_any_case_and_only_when_it_occurs() -> None:
    assert {"Could", "of of"} <= probes.present(normalize("In Could, a list of of files"))
    assert probes.present(normalize("he could")) >= {"Could"}  # a necessary condition for the text's case
    assert not probes.present("nothing declared here")


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=24), st.lists(st.sampled_from([" ", "", ".", ", "]), min_size=24, max_size=24))
def test_dates_are_the_patterns_own_matches(pieces: list[str], seps: list[str]) -> None:
    text = "".join(p + s for p, s in zip(pieces, seps))
    expected = [m.span(1) for m in garbles._DATE_WORD.finditer(text)]
    assert [m.span(1) for m in garbles._date_words(text, probes.present(normalize(text)))] == expected
    assert [m.span(1) for m in garbles._date_words(text, probes.declared())] == expected


def test_dates_of_several_months_come_in_text_order() -> None:
    text = "From March nine. to January one, and Sept. twenty-two."
    spans = [text[slice(*m.span(1))] for m in garbles._date_words(text, probes.present(normalize(text)))]
    assert spans == ["nine", "one", "twenty-two"] == [m.group(1) for m in garbles._DATE_WORD.finditer(text)]
