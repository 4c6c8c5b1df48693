"""The compiled register count (spinfix/_textcore.c) gives the Python code's counts exactly: the same
words as ASCII_WORD, the same cues, the same characters, for any stretch of any ASCII twin.

(A whole restoration with and without both compiled modules is compared in tests/test_ngramcore.py.)"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinfix import text
from spinfix.normalize import normalize
from tests.conftest import require_compiled

FIXTURES = Path(__file__).parent / "fixtures" / "clean"


@pytest.fixture(scope="module")
def counter():  # type: ignore[no-untyped-def]
    found = text._cue_counter()
    require_compiled(found, "_textcore")
    return found


def python_count(twin: str, start: int, end: int) -> tuple[int, int, int]:
    """What Register._count does without the compiled module."""
    words = text.ASCII_WORD.findall(twin, start, end)
    return text.science_cues(words), len(words), sum(map(len, words))


#: Pieces that make every case of the word pattern: letters, digits, the three joiners alone, doubled and
#: at either end, cues, and characters the ASCII twin stands in for.
PIECES = st.sampled_from(["a", "Z", "9", "'", "-", ".", "--", "..", " ", "\n", ",", "é", "ß", "数", "model",
                          "analysis", "data-set", "hypothesis", "x.y", "rock'n'roll", "0.5", "-b", "c-"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=30), st.integers(-3, 80), st.integers(-3, 90))
def test_counts_equal_the_python_count(counter, pieces: list[str], start: int, end: int) -> None:
    twin = text.ascii_twin(normalize("".join(pieces)))
    assert counter.count(twin, start, end) == python_count(twin, start, end)


def test_counts_equal_on_real_paragraphs(counter) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    checked = 0
    for path in sorted(FIXTURES.glob("*/*.txt")):
        norm = normalize(path.read_text(encoding="utf-8"))
        register = text.Register(path.read_text(encoding="utf-8"), norm)
        twin = text.ascii_twin(norm)
        for a, b in register.paragraphs:
            assert counter.count(twin, a, b) == python_count(twin, a, b)
            checked += 1
        for _ in range(20):
            a = rng.randrange(len(twin))
            b = rng.randrange(a, len(twin) + 1)
            assert counter.count(twin, a, b) == python_count(twin, a, b)
    assert checked > 100
    assert python_count(twin, 0, len(twin))[0] > 0  # the real text has cues: they were compared too


def test_a_register_counts_the_same_either_way(counter, monkeypatch: pytest.MonkeyPatch) -> None:
    body = (FIXTURES / "science").glob("*.txt")
    for path in sorted(body)[:5]:
        raw = path.read_text(encoding="utf-8")
        with_c = text.Register(raw, normalize(raw)).total_with_chars()
        monkeypatch.setattr(text, "_cue_counter", lambda: None)
        without = text.Register(raw, normalize(raw)).total_with_chars()
        monkeypatch.undo()
        assert with_c == without


def test_bad_arguments_are_clear_errors(counter) -> None:
    from spinfix._textcore import Cues

    with pytest.raises(TypeError, match="ASCII"):
        counter.count("naïve", 0, 5)
    with pytest.raises(TypeError, match="ASCII"):
        counter.count(b"bytes", 0, 5)
    with pytest.raises(TypeError):
        counter.count("text", "0", 4)
    with pytest.raises(TypeError, match="str"):
        Cues(["model", 5])
    with pytest.raises(TypeError):
        Cues(5)
    # Repeated and non-ASCII cue words are taken once and never match, as a set would have it.
    cues = Cues(["model", "model", "modèle", ""])
    assert cues.count("model model", 0, 99) == (2, 2, 10)
    assert Cues([]).count("a b", 0, 3) == (0, 2, 2)


#: Single words a PhraseMatcher would hold: prefixes of one another, joiners, possessives, a word given
#: twice (the later place counts, as in the matcher).
WORDS = ["part", "parts", "company", "company's", "x-ray", "ray", "folks's", "folks", "a", "a-b", "u.s", "part"]
WORD_PIECES = st.sampled_from([*WORDS, "'s", "’s", "'", "-", ".", " ", "x", "s", "é", "ß", "9", "\n", "q"])


@pytest.fixture(scope="module")
def finder():  # type: ignore[no-untyped-def]
    found = text.word_finder(WORDS)
    require_compiled(found, "_textcore")
    return found


@settings(max_examples=500, deadline=None)
@given(st.lists(WORD_PIECES, max_size=12))
def test_the_finder_finds_what_the_matcher_finds(finder, pieces: list[str]) -> None:  # type: ignore[no-untyped-def]
    from spinfix.matcher import PhraseMatcher

    norm = normalize("".join(pieces))
    assert text.finder_hits(finder, WORDS, norm) == PhraseMatcher(WORDS).find(norm)


def test_the_generalisers_trigger_words_on_real_text(finder) -> None:  # type: ignore[no-untyped-def]
    """The shipped trigger words (1,213, some hyphenated or possessive) over the clean fixtures and the
    spun example: the same hits as the automaton, and many of them."""
    from spinfix import Restorer

    general = Restorer().warm().generalizer
    assert general is not None and general._finder is not None
    total = 0
    paths = [*sorted(FIXTURES.glob("*/*.txt")), Path(__file__).parent / "data" / "spun_news_reuters_2018.txt"]
    for path in paths:
        norm = normalize(path.read_text(encoding="utf-8"))
        hits = text.finder_hits(general._finder, general.matcher.patterns, norm)
        assert hits == general.matcher.find(norm), path.name
        total += len(hits)
    assert total > 500


def test_the_finder_refuses_what_it_cannot_read(finder) -> None:  # type: ignore[no-untyped-def]
    assert text.word_finder(["café", "model"]) is None  # a word the ASCII twin could not show
    with pytest.raises(TypeError, match="ASCII"):
        finder.find("naïve part")
    assert finder.find("") == []
    assert finder.find("part parts company's") == [(0, 4, 11), (5, 10, 1), (11, 20, 3)]


#: Lines of a sorted ASCII file: prefixes of one another, joiners, tabs, the characters just around "\n"
#: in byte order (the search must order lines as Python orders strings).
LINE = st.text(alphabet="ab\t -\x0b~", min_size=0, max_size=5)


@settings(max_examples=400, deadline=None)
@given(st.sets(LINE, max_size=40), st.lists(LINE, max_size=15))
def test_has_line_answers_as_the_python_search(counter, lines: set[str], others: list[str]) -> None:
    from spinfix import lexicon
    from spinfix._textcore import has_line

    body = "".join(line + "\n" for line in sorted(lines))
    for probe in [*lines, *others, "", "a" * 9, "é", "\U0010ffff"]:
        expected = lexicon._sorted_line(body, probe, None) is not None
        assert has_line(body, probe) == expected == (probe in lines), (probe, body)


def test_sorted_lines_search_in_c_where_they_can(monkeypatch: pytest.MonkeyPatch) -> None:
    from spinfix import lexicon

    require_compiled(lexicon._line_finder("a\tb\n"), "_textcore")
    assert lexicon._line_finder("a\té\n") is None  # not ASCII: the Python search
    assert lexicon._line_finder("a\tb") is None  # no final line break: not a file's lines
    collocations = lexicon.Lexicon().collocations
    assert isinstance(collocations, lexicon.SortedLines) and collocations._finder is not None
    pairs = list(collocations)[::401]
    probes = [*pairs, *(p + "s" for p in pairs), *(p[:-1] for p in pairs), "zzz zzz", "a b"]
    in_c = [p in collocations for p in probes]
    monkeypatch.setattr(lexicon, "load_compiled", lambda name: None)
    in_python = lexicon.SortedLines(collocations._body)
    assert in_python._finder is None
    assert in_c == [p in in_python for p in probes]
    assert sum(in_c) >= len(pairs)  # the real pairs were found, in both
