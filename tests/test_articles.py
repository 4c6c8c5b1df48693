"""'a' or 'an': the first sound of a word, from the CMU Pronouncing Dictionary where the spelling misleads.

The article tell and the article fix of restoration both ask ``starts_with_vowel_sound``. The spelling
rule alone read "outbreak", "outside" and "urgent" as consonant sounds, so "an outside firm" in clean
news looked like a spinner's leftover article and lent a swap of "outside" two log-odds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from spinfix import Config, Restorer
from spinfix.candidates import Candidate
from spinfix.normalize import _sound_exceptions, article_tell, spelling_vowel_sound, starts_with_vowel_sound


@pytest.mark.parametrize(("word", "an"), [
    ("outbreak", True), ("outside", True), ("outstanding", True), ("urgent", True), ("urban", True),
    ("hour", True), ("FBI", True), ("honest", True),
    ("unanimous", False), ("one", False), ("european", False), ("unit", False), ("university", False),
    ("apple", True), ("table", False),
])
def test_first_sounds(word: str, an: bool) -> None:
    assert starts_with_vowel_sound(word) is an


def test_words_the_dictionary_does_not_know_follow_the_spelling() -> None:
    for word in ("zorblax", "ombrofoo", "unfoobar"):
        assert word not in _sound_exceptions()
        assert starts_with_vowel_sound(word) is spelling_vowel_sound(word)


def test_every_listed_word_is_an_exception_to_the_spelling() -> None:
    exceptions = _sound_exceptions()
    assert len(exceptions) > 500  # the shipped file was read
    for word, an in exceptions.items():
        assert word.isalpha() and word == word.lower() and len(word) > 1
        assert spelling_vowel_sound(word) is not an, word


def test_a_correct_an_is_no_article_tell() -> None:
    text = "The bank hired an outside firm after an urgent review."
    norm = text.lower()
    for word in ("outside", "urgent"):
        assert not article_tell(text, norm, text.index(word))
    spun = "The bank hired a outside firm."
    assert article_tell(spun, spun.lower(), spun.index("outside"))


def test_restoring_fixes_the_article_by_sound(tmp_path: Path) -> None:
    table = tmp_path / "rows.tsv"
    table.write_text("#spinfix-table 1\nspun\toriginal\tconfidence\ttags\tsource\tcontext\n"
                     "flare-up\toutbreak\t0.99\tdomain=news,kind=word\ttest\t\n", encoding="utf-8")
    r = Restorer(Config(tables=(str(table),), default_tables=False, context=False, generalize=False))
    assert r.restore("Officials reported a flare-up of flu.") == "Officials reported an outbreak of flu."


# --- the article rule (general:article): originals proposed where the article was written for another word ---
# Written for these tests. Table rows make the document spun; no row lists "sickness" or "try".
SPUN = ("The corporate stated on Tuesday that an employee had taken leave because of an sickness, sources informed "
        "Reuters. Personal corporations are beneath intense scrutiny after the agency made an try to settle the case.")
# A writer's own slip, the same one, in a paragraph nobody spun.
CLEAN = ("The council member missed the budget vote on Monday because of an sickness in her family, the clerk said. "
         "The vote was moved to Thursday, when all seven members are expected to attend the meeting at city hall.")


def test_a_spun_document_gets_the_word_its_article_was_written_for(default: Restorer) -> None:
    analysis = default.analyse(SPUN)
    found = {f.spun: f for f in analysis.findings if f.rule == "general:article"}
    assert set(found) == {"sickness", "try"}
    assert (found["sickness"].restored, found["sickness"].action) == ("illness", "restore")
    assert "because of an illness" in analysis.text
    assert "attempt" in (found["try"].restored, *found["try"].alternatives) and found["try"].action == "restore"
    assert found["try"].restored[0] in "aeiou"  # "an" stays right: every original takes it
    assert {"article", "context"} <= {e.name for e in found["sickness"].evidence}
    assert default.restore(analysis.text) == analysis.text


@pytest.mark.parametrize("clean_first", [True, False])
def test_a_writers_own_slip_stays_alone_and_beside_a_spun_paragraph(default: Restorer, clean_first: bool) -> None:
    """The candidate is no evidence that its own paragraph is spun (the tell makes it strong), so beside a
    spun paragraph the human-written one keeps its slip, reported at most."""
    assert default.restore(CLEAN) == CLEAN
    doc = f"{CLEAN}\n\n{SPUN}" if clean_first else f"{SPUN}\n\n{CLEAN}"
    analysis = default.analyse(doc)
    assert CLEAN in analysis.text and "because of an illness, sources" in analysis.text
    at = doc.index(CLEAN)
    mine = [f for f in analysis.findings if at <= f.start < at + len(CLEAN)]
    assert all(f.action == "report" for f in mine)


def test_article_candidates_follow_the_fit_and_leave_what_they_cannot_read(default: Restorer) -> None:
    from spinfix.normalize import normalize

    general = default.generalizer
    assert general is not None
    text = "They made an try. It was an huge day, an Sickness. A employee left after an sickness."
    norm = normalize(text)
    everywhere = general.article_candidates(text, norm, lambda s, e, o: 1.0)
    # "an" before "h" is left (the style of "an historic": "huge" has *immense*), "an Sickness" may be a
    # name, "employee" has no original that takes "a".
    assert [(text[c.start:c.end], c.rule, c.kind, c.spun_region, c.region_evidence) for c in everywhere] == [
        ("try", "general:article", "word", True, False), ("sickness", "general:article", "word", True, False)]
    assert everywhere[0].originals[0] == "attempt"  # the first option on a tie
    ranked = general.article_candidates(text, norm, lambda s, e, o: {"effort": 2.0, "attempt": 1.0}.get(o, -1.0))
    assert [(text[c.start:c.end], c.originals[:2]) for c in ranked] == [("try", ("effort", "attempt"))]
    assert all(o[0] in "aeiou" for c in everywhere for o in c.originals)
    # No original fits at least as well as the word: nothing. Another candidate's fitting original: nothing.
    assert general.article_candidates(text, norm, lambda s, e, o: -0.1) == []
    other = Candidate(norm.index("try"), norm.index("try") + 3, ("effort",), 0.5, "table:news", "test")
    assert [text[c.start:c.end] for c in general.article_candidates(text, norm, lambda s, e, o: 1.0, [other])] == [
        "sickness"]
    unfit = Candidate(norm.index("try"), norm.index("try") + 3, ("test",), 0.5, "table:news", "test")
    assert len(general.article_candidates(text, norm, lambda s, e, o: 1.0, [unfit])) == 2


def test_the_rule_can_be_switched_off(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from spinfix.cli import main

    src = tmp_path / "spun.txt"
    src.write_text(SPUN, encoding="utf-8")
    assert main(["restore", str(src)]) == 0
    assert "an illness" in capsys.readouterr().out
    assert main(["restore", str(src), "--disable", "general:article"]) == 0
    assert "an sickness" in capsys.readouterr().out


@given(st.text(alphabet="an xbhe'.-_\u00e9", max_size=60))
@example("data an apple")
def test_article_words_are_those_of_the_look_behind_pattern(norm: str) -> None:
    """The scan that starts from the literal finds what the pattern with a look-behind finds (the
    definition), including an "a" inside a match rejected for the letter before it ("data an apple")."""
    from spinfix.general import _article_words

    definition = re.compile(r"(?<![\w'.])(an|a) ([a-z]{2,})(?![\w'-])")
    assert [(s, e, an, w) for s, e, an, w in _article_words(norm)] == [
        (m.start(2), m.end(2), m.group(1) == "an", m.group(2)) for m in definition.finditer(norm)]
