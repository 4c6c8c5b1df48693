"""'a' or 'an': the first sound of a word, from the CMU Pronouncing Dictionary where the spelling misleads.

The article tell and the article fix of restoration both ask ``starts_with_vowel_sound``. The spelling
rule alone read "outbreak", "outside" and "urgent" as consonant sounds, so "an outside firm" in clean
news looked like a spinner's leftover article and lent a swap of "outside" two log-odds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spinfix import Config, Restorer
from spinfix.normalize import _sound_exceptions, spelling_vowel_sound, starts_with_vowel_sound
from spinfix.restore import article_tell


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
