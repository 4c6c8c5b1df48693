"""The compiled register count (spinfix/_textcore.c) gives the Python code's counts exactly: the same
words as ASCII_WORD, the same cues, the same characters, for any stretch of any ASCII twin.

(A whole restoration with and without both compiled modules is compared in tests/test_ngramcore.py.)"""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace

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


@settings(max_examples=500, deadline=None)
@given(st.lists(WORD_PIECES, max_size=12), st.integers(0, 40), st.integers(0, 40))
def test_the_register_walk_counts_what_the_finder_finds(finder, pieces: list[str], a: int, b: int) -> None:  # type: ignore[no-untyped-def]
    """One walk for the register and the finder: the register's count of the span and how many of the
    finder's hits it holds (a hit never crosses a paragraph, whose ends are word ends)."""
    counter = text._cue_counter()
    assert counter is not None
    twin = text.ascii_twin(normalize("".join(pieces)))
    a, b = min(a, b, len(twin)), min(max(a, b), len(twin))
    cues, words, chars, found = counter.count_each(twin, [a, b], finder)
    assert found is not None
    assert (cues[0], words[0], chars[0]) == counter.count(twin, a, b)
    assert found[0] == len(finder.find(twin[a:b]))
    with pytest.raises(TypeError, match="Cues"):
        counter.count_each(twin, [a, b], "not a finder")


@settings(max_examples=400, deadline=None)
@given(st.lists(WORD_PIECES | PIECES, max_size=30), st.lists(st.integers(0, 60), max_size=6), st.booleans())
def test_count_each_is_a_count_of_each_stretch(finder, pieces: list[str], cuts: list[int],  # type: ignore[no-untyped-def]
                                               signature: bool) -> None:
    """One call for every paragraph: each stretch from one start to the next (the last to the end) is
    counted as count counts it alone, with the finder's hits in it."""
    counter = text._cue_counter()
    assert counter is not None
    twin = text.ascii_twin(normalize("".join(pieces)))
    starts = sorted({0, *(min(c, len(twin)) for c in cuts)})
    cues, words, chars, found = counter.count_each(twin, starts, finder if signature else None)
    ends = [*starts[1:], len(twin)]
    if signature:
        assert found is not None
        assert list(zip(cues, words, chars, found)) == [(*counter.count(twin, a, b), len(finder.find(twin[a:b])))
                                                        for a, b in zip(starts, ends)]
    else:
        assert found is None
        assert list(zip(cues, words, chars)) == [counter.count(twin, a, b) for a, b in zip(starts, ends)]


def test_count_each_refuses_bad_arguments(counter) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError, match="ASCII"):
        counter.count_each("naïve", [0], None)
    with pytest.raises(TypeError, match="list"):
        counter.count_each("text", (0,), None)
    with pytest.raises(TypeError, match="Cues"):
        counter.count_each("text", [0], "not a finder")
    with pytest.raises(TypeError):
        counter.count_each("text", ["0"], None)
    for starts in ([0, 3, 2], [0, 9], [-1]):
        with pytest.raises(ValueError, match="ascend"):
            counter.count_each("a text", starts, None)
    assert counter.count_each("", [], None) == ([], [], [], None)


def test_each_paragraph_counts_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """The register's per-paragraph counts (what the table's news-row test reads) with and without the
    compiled module, on real documents of both registers."""
    paths = sorted((FIXTURES / "science").glob("*.txt"))[:4] + sorted((FIXTURES / "news").glob("*.txt"))[:4]
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        with_c = text.Register(raw, normalize(raw))
        require_compiled(text._cue_counter(), "_textcore")
        compiled = with_c.counts()
        monkeypatch.setattr(text, "_cue_counter", lambda: None)
        without = text.Register(raw, normalize(raw))
        assert without.counts() == compiled
        assert [without.count(k) for k in range(len(without.paragraphs))] == [
            with_c.count(k) for k in range(len(with_c.paragraphs))]
        monkeypatch.undo()
        assert len(compiled[0]) == len(with_c.paragraphs) > 1


def test_the_register_bounds_the_spinner_vocabulary_test(finder) -> None:  # type: ignore[no-untyped-def]
    """``Register.found`` never counts fewer signature words than the trigger matches hold, so the
    spinner-vocabulary test's shortcut never turns a True into a False (with or without the register's
    signature, the same answer on the fixtures, the spun example and their paragraphs joined)."""
    from spinfix import Restorer
    from spinfix.restore import spinner_vocabulary

    general = Restorer().warm().generalizer
    assert general is not None and general.signature_finder is not None
    paths = [*sorted(FIXTURES.glob("*/*.txt")), Path(__file__).parent / "data" / "spun_news_reuters_2018.txt"]
    texts = [path.read_text(encoding="utf-8") for path in paths]
    texts += ["\n\n".join(texts[i:i + 3]) for i in range(0, len(texts), 3)]
    answers = []
    for t in texts:
        norm = normalize(t)
        register = text.Register(t, norm, general.signature_finder)
        found = register.found()
        assert found is not None and found >= general.signature_bound(norm)
        assert text.Register(t, norm).found() is None
        same = spinner_vocabulary(general, t, norm, text.Register(t, norm))
        assert spinner_vocabulary(general, t, norm, register) == same
        answers.append(same)
    assert True in answers and False in answers  # the spun example is dense in it, the fixtures are not


def test_the_generalisers_trigger_words_on_real_text(finder) -> None:  # type: ignore[no-untyped-def]
    """The shipped trigger words (1,213, some hyphenated or possessive) over the clean fixtures and the
    spun example: the same hits as the automaton and as the generaliser's own matcher (whose compiled
    scan, where built, it takes instead of the finder), and many of them."""
    from spinfix import Restorer
    from spinfix.matcher import PhraseMatcher

    general = Restorer().warm().generalizer
    assert general is not None
    assert (general._finder is None) == general.matcher.compiled
    words = general.matcher.patterns
    own, automaton = text.word_finder(words), PhraseMatcher(words, compiled=False)
    assert own is not None
    total = 0
    paths = [*sorted(FIXTURES.glob("*/*.txt")), Path(__file__).parent / "data" / "spun_news_reuters_2018.txt"]
    for path in paths:
        norm = normalize(path.read_text(encoding="utf-8"))
        hits = text.finder_hits(own, words, norm)
        assert hits == automaton.find(norm) == general.matcher.find(norm) == general.trigger_hits(norm), path.name
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


#: Pieces for the token lister and the rare-word count: every case of both patterns (joiners alone, at
#: either end, doubled), the six twin spaces and U+001C, which ``re``'s ``\s`` would take for a space,
#: stand-ins for letters, digits and marks that are not letters to str.isalpha, and words of the Zipf list.
SPAN_PIECES = st.sampled_from(["a", "Z", "9", "'", "-", ".", "--", " ", "\t", "\n", "\x0b", "\x0c", "\r", "\x1c",
                               ",", "é", "ß", "数", "٣", "\u0301", "the", "zebra", "x.y", "rock'n'roll", "0.5",
                               "-b", "c-", "café", "naïve"])


def python_spans(norm: str, twin: str, start: int, end: int, tokens: bool) -> list[tuple[int, int, str]]:
    pattern = text.ASCII_TOKEN if tokens else text.ASCII_WORD
    return [(s, e, norm[s:e]) for s, e in (m.span() for m in pattern.finditer(twin, start, end))]


@settings(max_examples=500, deadline=None)
@given(st.lists(SPAN_PIECES, max_size=25), st.integers(-3, 60), st.integers(-3, 70), st.booleans())
def test_spans_are_the_patterns_matches(counter, pieces: list[str], start: int, end: int,  # type: ignore[no-untyped-def]
                                        tokens: bool) -> None:
    from spinfix._textcore import spans

    norm = "".join(pieces)  # not normalised, so that every space character and U+001C reach the scan
    twin = text.ascii_twin(norm)
    assert spans(norm, twin, start, end, tokens) == python_spans(norm, twin, start, end, tokens)


ZIPF = {"the": 7.7, "zebra": 3.4, "café": 3.0, "rock": 2.9, "a": 7.5, "naïve": 2.0, "é": 5.0, "ß": 1.0}


@settings(max_examples=500, deadline=None)
@given(st.lists(SPAN_PIECES, max_size=25), st.sampled_from([0.0, 2.9, 3.0, 3.5, 9.0]))
def test_the_rare_count_is_the_python_count(counter, pieces: list[str], below: float) -> None:  # type: ignore[no-untyped-def]
    from spinfix import evidence
    from spinfix._textcore import rare_count

    norm = normalize("".join(pieces))
    twin = text.ascii_twin(norm)
    words = [w for _, _, w in python_spans(norm, twin, 0, len(norm), False)]
    expected = sum(1 for w in words if w.isalpha() and ZIPF.get(w, 0.0) < below)
    assert rare_count(norm, twin, ZIPF, below) == expected
    # With the set of common ASCII words, as evidence._common_words builds it for the lexicon's list.
    common = counter.__class__([w for w, z in ZIPF.items() if z >= below and w.isascii()])
    assert rare_count(norm, twin, ZIPF, below, common) == expected
    if below == evidence.RARE_WORD_ZIPF:
        assert expected == evidence.rare_count(words, ZIPF)


def test_tokens_and_rare_words_the_same_either_way(counter, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The real fixtures (news in ASCII, science with non-ASCII letters) and the shipped Zipf list: the
    tokens, the words and the rare-word count of the gated reading with and without the module."""
    from spinfix import evidence
    from spinfix.lexicon import Lexicon

    zipf = Lexicon().warm().zipf
    assert type(zipf) is dict
    paths = sorted(FIXTURES.glob("*/*.txt"))[::4]
    norms = [normalize(path.read_text(encoding="utf-8")) for path in paths]
    assert any(not n.isascii() for n in norms) and any(n.isascii() for n in norms)
    with_c = [(text.find_tokens(n), text.find_words(n), evidence._rare_words(n, text.ascii_twin(n), zipf),
               evidence._tokens_between(n, text.ascii_twin(n), len(n) // 3, len(n) // 2)) for n in norms]
    monkeypatch.setattr(text, "_compiled_spans", lambda: None)
    monkeypatch.setattr(evidence, "_compiled_rare_count", lambda: None)
    without = [(text.find_tokens(n), text.find_words(n), evidence._rare_words(n, text.ascii_twin(n), zipf),
                evidence._tokens_between(n, text.ascii_twin(n), len(n) // 3, len(n) // 2)) for n in norms]
    assert with_c == without
    assert all(rare > 0 for _, _, rare, _ in with_c) and sum(rare for _, _, rare, _ in with_c) > 200  # counted


def test_spans_and_rare_count_refuse_bad_arguments(counter) -> None:  # type: ignore[no-untyped-def]
    from spinfix._textcore import rare_count, spans

    with pytest.raises(TypeError, match="ASCII"):
        spans("naïve", "naïve", 0, 5, True)
    with pytest.raises(ValueError, match="as long as"):
        spans("abc", "ab", 0, 3, True)
    with pytest.raises(TypeError, match="norm"):
        spans(b"abc", "abc", 0, 3, True)
    with pytest.raises(TypeError, match="dict"):
        rare_count("abc", "abc", [("abc", 1.0)], 3.0)
    with pytest.raises(TypeError):
        rare_count("abc", "abc", {"abc": "high"}, 3.0)
    assert spans("", "", 0, 0, True) == [] and rare_count("", "", {}, 3.0) == 0
    assert spans("ab cd", "ab cd", 4, 2, False) == []
    with pytest.raises(TypeError, match="Cues"):
        rare_count("abc", "abc", {}, 3.0, {"abc"})
    with pytest.raises(TypeError, match="common"):
        rare_count("abc", "abc", {}, 3.0, None, None)
    assert rare_count("abc xyz", "abc xyz", {}, 3.0, None) == 2
    assert rare_count("abc xyz", "abc xyz", {}, 3.0, counter.__class__(["abc"])) == 1


def test_the_document_scores_reading_is_the_same_either_way(counter, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The document score's reading allows for the share of rare words of every token; counted in C from
    the words alone, its rates and findings are those of the Python count over the whole token list."""
    from spinfix import Restorer, evidence

    detector = Restorer().warm().detector
    assert detector is not None and type(detector.lexicon.zipf) is dict
    paths = [*sorted(FIXTURES.glob("*/*.txt"))[::6], Path(__file__).parent / "data" / "spun_news_reuters_2018.txt"]
    raws = [path.read_text(encoding="utf-8") for path in paths]

    def readings() -> list[evidence.SpinEvidence]:
        return [detector.evidence(raw, normalize(raw), rare_words=True) for raw in raws]

    with_c = readings()
    monkeypatch.setattr(evidence, "_compiled_rare_count", lambda: None)
    monkeypatch.setattr(text, "_compiled_spans", lambda: None)
    assert readings() == with_c
    plain = [detector.evidence(raw, normalize(raw)) for raw in raws]  # without the rare words' allowance
    assert any(x.clean_rate > y.clean_rate for x, y in zip(with_c, plain))  # they raised some rates


def test_the_rare_count_takes_only_a_plain_dict(counter) -> None:  # type: ignore[no-untyped-def]
    """A dict subclass may answer lookups its own way (``__missing__``, ``get``): the C count, which reads
    the dict's table directly, refuses it, and _rare_words then counts in Python, asking the mapping."""
    from spinfix import evidence
    from spinfix._textcore import rare_count

    class Defaulting(dict[str, float]):
        def get(self, key: str, default: float | None = None) -> float:  # type: ignore[override]
            return super().get(key, 9.0)  # every unlisted word common

    zipf = Defaulting({"rare": 1.0})
    with pytest.raises(TypeError, match="dict"):
        rare_count("rare word", "rare word", zipf, 3.0)
    assert evidence._rare_words("rare word", "rare word", zipf) == 1  # "word" is common to this mapping
    assert evidence._rare_words("rare word", "rare word", dict(zipf)) == 2


def test_the_shape_filter_never_hides_a_word(counter) -> None:  # type: ignore[no-untyped-def]
    """Cues first rules words out by their first character and length (lengths from 63 up share one bit):
    entries of every such length, the empty entry, and words of the same shape that are not entries."""
    from spinfix._textcore import Cues

    long_a, long_b = "a" * 63, "a" * 70
    cues = Cues(["x", "ab", long_a, long_b, "", "zz" * 40])
    text = f"x ab ac {long_a} {long_b} {'a' * 64} {'a' * 71} {'zz' * 40} {'zy' * 40} y"
    assert cues.count(text, 0, len(text))[0] == 5  # x, ab, the two long a's, the long zz
    assert [i for _, _, i in cues.find(text)] == [0, 1, 2, 3, 5]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
       | st.lists(st.sampled_from(["a", " ", "\t", "\n", "\x1c", "\x1f", "\x85", "\xa0", "\u2003", "\u3000",
                                   "é", "数", "\U0001f600", "\u200b", "x y"]), max_size=20).map("".join))
def test_split_count_is_the_length_of_split(counter, text_: str) -> None:  # type: ignore[no-untyped-def]
    """Every storage width of str (1, 2 and 4 bytes a character), and the characters str.isspace takes
    for spaces beyond ASCII's (U+001C-001F, U+0085, U+00A0, U+2003, U+3000; not U+200B)."""
    from spinfix._textcore import split_count

    assert split_count(text_) == len(text_.split()) == text.word_count(text_)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
       | st.lists(st.sampled_from(["a", " ", "\t", "\n", "\x1c", "\x1f", "\x85", "\xa0", "\u2003", "\u3000",
                                   "é", "数", "\U0001f600", "\u200b", "x y"]), max_size=20).map("".join))
def test_split_starts_are_where_split_words_start(counter, text_: str) -> None:  # type: ignore[no-untyped-def]
    """The same characters as above: where each of str.split()'s words starts, as re's \\S+ finds them."""
    import re

    from spinfix._textcore import split_starts

    assert split_starts(text_) == [m.start() for m in re.finditer(r"\S+", text_)] == text.word_starts(text_)
    assert len(split_starts(text_)) == len(text_.split())


def test_word_count_the_same_either_way(counter, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from spinfix._textcore import split_count

    norms = [normalize(path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*/*.txt"))]
    with_c = [text.word_count(n) for n in norms]
    starts = [text.word_starts(n) for n in norms]
    monkeypatch.setattr(text, "_compiled_split_count", lambda: None)
    monkeypatch.setattr(text, "_compiled_split_starts", lambda: None)
    assert [text.word_count(n) for n in norms] == with_c == [len(n.split()) for n in norms]
    assert [text.word_starts(n) for n in norms] == starts
    assert sum(with_c) > 20_000
    with pytest.raises(TypeError, match="str"):
        split_count(b"bytes")


#: Pieces of layout: line ends of every convention, blank lines with spaces or tabs in them, runs of
#: spaces, Unicode line and paragraph separators, no-break and other Unicode spaces, and words.
LAYOUT = st.sampled_from(["\n", "\r", "\r\n", "\n\n", "\n \t\r\n", " ", "  ", "\t", "\x0b", "\x0c", "\x85",
                          "\u2028", "\u2029", "\u00a0", "\u3000", "word", "x", "é", "数", "-", "\u00ad"])


@settings(max_examples=500, deadline=None)
@given(st.lists(LAYOUT, max_size=40))
def test_paragraph_starts_are_where_the_pattern_ends(counter, pieces: list[str]) -> None:  # type: ignore[no-untyped-def]
    from spinfix._textcore import paragraph_starts

    text_ = "".join(pieces)
    assert paragraph_starts(text_) == [0, *(m.end() for m in text.PARAGRAPH_BREAK.finditer(text_))]


def python_inner_runs(text_: str, norm: str) -> bool:
    """The definition: a run of two or more spaces in the normalised copy where the text ends fewer than
    two lines (``normalize.squeeze`` writes such a run as one character)."""
    from spinfix.normalize import _RUN, line_breaks

    return any(line_breaks(text_[m.start():m.end()]) < 2 for m in _RUN.finditer(norm))


@settings(max_examples=500, deadline=None)
@given(st.lists(LAYOUT, max_size=40))
def test_inner_runs_is_the_definition(counter, pieces: list[str]) -> None:  # type: ignore[no-untyped-def]
    from spinfix._textcore import inner_runs

    text_ = "".join(pieces)
    assert inner_runs(text_, normalize(text_)) == python_inner_runs(text_, normalize(text_))


@settings(max_examples=300, deadline=None)
@given(st.lists(LAYOUT, max_size=40))
def test_squeeze_is_the_same_either_way(counter, pieces: list[str]) -> None:  # type: ignore[no-untyped-def]
    """``normalize.squeeze`` decides with the compiled walk or by counting pairs of spaces and blank lines:
    the same squeezed copy (or None) either way."""
    from spinfix import normalize as module

    text_ = "".join(pieces)
    norm = normalize(text_)
    with_c = module.squeeze(text_, norm)
    compiled = module._compiled_inner_runs
    module._compiled_inner_runs = lambda: None  # type: ignore[assignment]
    try:
        without = module.squeeze(text_, norm)
    finally:
        module._compiled_inner_runs = compiled
    assert (with_c is None) == (without is None)
    if with_c is not None and without is not None:
        assert (with_c.text, with_c.norm) == (without.text, without.norm)


def test_layout_functions_refuse_bad_arguments(counter) -> None:  # type: ignore[no-untyped-def]
    from spinfix._textcore import inner_runs, paragraph_starts

    with pytest.raises(TypeError, match="str"):
        paragraph_starts(b"a\n\nb")
    with pytest.raises(TypeError, match="str"):
        inner_runs("a  b", None)
    with pytest.raises(ValueError, match="as long"):
        inner_runs("a  b", "a b")
    assert paragraph_starts("") == [0]
    assert not inner_runs("", "")


#: Pieces for the neighbour words: every case of the word pattern (joiners alone, doubled, at either end),
#: the brackets and spaces a neighbour may stand across, other punctuation, non-ASCII letters and marks
#: (where the regex must answer), and long words, so that the 40-character window often cuts one.
NEIGHBOUR_PIECES = st.sampled_from(["a", "Z", "9", "'", "-", ".", "--", "..", " ", "  ", "(", ")", "[", "]", ",",
                                    "\n", "é", "\u0301", "数", "\u00a0", "word", "rock'n'roll", "x.y", "0.5",
                                    "-b", "c-", "internationalisation-", "abcdefghijklmnopqrstuvwxyz0123456789"])


def regex_prev_word_span(norm: str, i: int, across: str) -> tuple[int, int] | None:
    """text.prev_word_span as the regex answers it (the definition the C walk must meet)."""
    m = text.WORD_BACKWARDS.search(norm, max(0, i - text.NEIGHBOUR_WINDOW_CHARS), i)
    return None if m is None or norm[m.end():i].strip(across) != "" else m.span()


def regex_next_word_span(norm: str, i: int, across: str) -> tuple[int, int] | None:
    """text.next_word_span as the regex answers it."""
    m = (text.ASCII_WORD if norm.isascii() else text.WORD).search(norm, i, i + text.NEIGHBOUR_WINDOW_CHARS)
    return None if m is None or norm[i:m.start()].strip(across) != "" else m.span()


@settings(max_examples=1500, deadline=None)
@given(st.lists(NEIGHBOUR_PIECES, max_size=30), st.data(), st.sampled_from([text.SPACES, text.SPACES_AND_BRACKETS]))
def test_the_neighbour_walk_finds_what_the_regex_finds(counter, pieces: list[str], data: st.DataObject,  # type: ignore[no-untyped-def]
                                                        across: str) -> None:
    from spinfix._textcore import next_word_span, prev_word_span

    norm = "".join(pieces)
    i = data.draw(st.integers(0, len(norm)))
    w = text.NEIGHBOUR_WINDOW_CHARS
    before, after = prev_word_span(norm, i, across, w), next_word_span(norm, i, across, w)
    # The walk answers wherever its window is ASCII, and then exactly as the regex does.
    if norm[max(0, i - w):i].isascii():
        assert before == regex_prev_word_span(norm, i, across)
    else:
        assert before is NotImplemented
    if norm[i:i + w].isascii():
        assert after == regex_next_word_span(norm, i, across)
    else:
        assert after is NotImplemented
    # What spinfix.text returns, either way.
    assert text.prev_word_span(norm, i, across) == regex_prev_word_span(norm, i, across)
    assert text.next_word_span(norm, i, across) == regex_next_word_span(norm, i, across)


def test_the_neighbour_walk_on_real_text(counter) -> None:  # type: ignore[no-untyped-def]
    """Every position of the clean fixtures, both separators: the same neighbours as the regex."""
    checked = 0
    for path in sorted(FIXTURES.glob("*/*.txt"))[:6]:
        norm = normalize(path.read_text(encoding="utf-8"))
        for i in range(0, len(norm), 3):
            for across in (text.SPACES, text.SPACES_AND_BRACKETS):
                assert text.prev_word_span(norm, i, across) == regex_prev_word_span(norm, i, across)
                assert text.next_word_span(norm, i, across) == regex_next_word_span(norm, i, across)
                checked += 1
    assert checked > 10_000


def test_the_neighbour_walk_leaves_the_edges_to_the_regex(counter) -> None:  # type: ignore[no-untyped-def]
    from spinfix._textcore import next_word_span, prev_word_span

    assert prev_word_span("the big dog", 8, " ", 40) == (4, 7)
    assert next_word_span("the big dog", 7, " ", 40) == (8, 11)
    assert prev_word_span("the big, dog", 9, " ", 40) is None  # a comma between
    assert prev_word_span("the (big) dog", 10, " ()", 40) == (5, 8)
    assert next_word_span("a x.y.z-", 1, " ", 40) == (2, 7)
    assert prev_word_span("a 'don't' b", 10, " ", 40) is None  # the quote is no space
    assert prev_word_span("abcdef", 6, " ", 3) == (3, 6)  # cut by the window, as the regex's bounds cut it
    for i in (-1, 12):  # outside the text: the regex's own rules for the bounds apply
        assert prev_word_span("the big dog", i, " ", 40) is NotImplemented
        assert next_word_span("the big dog", i, " ", 40) is NotImplemented
    with pytest.raises(TypeError, match="4 arguments"):
        prev_word_span("a", 0, " ")
    with pytest.raises(TypeError, match="str"):
        next_word_span(b"a", 0, " ", 40)
    with pytest.raises(ValueError, match="negative"):
        next_word_span("a", 0, " ", -1)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(["\ud800", "\u0301", "\u00a0", "\u2028"]),
               max_size=80))
def test_the_twin_is_the_encoders_twin(counter, text_: str) -> None:  # type: ignore[no-untyped-def]
    """The compiled copy gives each character the stand-in the encoder's error handler gives it (lone
    surrogates, marks, every kind of space included), and an ASCII text comes back as itself."""
    from spinfix._textcore import ascii_twin

    encoded = text_.encode("ascii", "spinfix-stand-in").decode("ascii")
    assert ascii_twin(text_, text._stand_ins, text._stand_in) == encoded == text.ascii_twin(text_)
    if text_.isascii():
        assert ascii_twin(text_, {}, text._stand_in) is text_


def test_the_twin_refuses_what_it_cannot_write(counter) -> None:  # type: ignore[no-untyped-def]
    from spinfix._textcore import ascii_twin

    assert ascii_twin("é", {"é": "q"}, lambda ch: "#") == "q"  # the memo answers first
    assert ascii_twin("é", {}, lambda ch: "#") == "#"  # then the stand-in function
    with pytest.raises(ValueError, match="one ASCII character"):
        ascii_twin("é", {}, lambda ch: "é")
    with pytest.raises(ValueError, match="one ASCII character"):
        ascii_twin("é", {"é": "qq"}, lambda ch: "q")
    with pytest.raises(ZeroDivisionError):
        ascii_twin("é", {}, lambda ch: 1 / 0)
    with pytest.raises(TypeError, match="a str, a dict and a callable"):
        ascii_twin(b"x", {}, text._stand_in)


def test_warm_builds_the_common_word_set(counter, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """``Restorer.warm`` builds the common-word set of the rare-word count (``evidence._common_words``):
    otherwise the first document whose regions are read pays for it inside a timed call."""
    from spinfix import Config, Restorer, evidence

    monkeypatch.setattr(evidence, "_COMMON", None)
    r = Restorer(Config()).warm()
    assert r.scorer.lexicon is not None
    kept = evidence._COMMON
    assert kept is not None and kept[0] is r.scorer.lexicon.zipf


#: Pieces for the learned-swap pass's chunks: content and function words, hyphens alone, doubled and at
#: either end of a word, the possessive and other joiners, punctuation that ends a chunk, spaces, and
#: non-ASCII letters and marks (where the Python walk must answer).
CHUNK_PIECES = st.sampled_from(["deep", "neural", "network", "the", "of", "a", "model", "x", "9", "-", "--", " ",
                                "  ", "'", "'s", ".", ",", "(", "é", "\u0301", "数", "machine-learning",
                                "state-of-the-art", "k-means", "co-", "-ish", "rock'n'roll"])
#: Words the chunk tests count as function words (not content: a chunk stops at them).
FUNCTION_WORDS = frozenset({"the", "of", "a", "x"})
#: The same test as Zipf frequencies read against a bound of 5.0: the function words above it, a content
#: word below it ("deep"), and every other word unlisted (0).
ZIPF = {**dict.fromkeys(FUNCTION_WORDS, 7.5), "deep": 4.9}


class _Content:
    """Stand-in for the generaliser in its Python chunk walk and compound-part search: they read only
    its content test and its trigger words."""

    def __init__(self, triggers: frozenset[str]) -> None:
        self._trigger_set = triggers
        self.lexicon = SimpleNamespace(zipf=ZIPF)  # what the compiled walk reads for the same test

    @staticmethod
    def _content(word: str) -> bool:
        return word not in FUNCTION_WORDS

    def _chunk_python(self, *args):  # type: ignore[no-untyped-def]
        from spinfix.general import Generalizer

        return Generalizer._chunk_python(self, *args)  # type: ignore[arg-type]

    def _compound_parts_python(self, norm: str) -> list[tuple[int, int]]:
        from spinfix.general import Generalizer

        return Generalizer._compound_parts_python(self, norm)  # type: ignore[arg-type]


@settings(max_examples=1500, deadline=None)
@given(st.lists(CHUNK_PIECES, min_size=1, max_size=30), st.data())
def test_the_chunk_walk_finds_the_python_chunk(counter, pieces: list[str], data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    """Around any word, with any claimed spans (restored or not, overlapping or not): the compiled walk
    gives the Python walk's chunk, or NotImplemented where it reads a character that is not ASCII; and
    ``Generalizer._chunk`` gives the Python chunk either way."""
    from spinfix import general
    from spinfix._textcore import chunk

    norm = "".join(pieces)
    words = [(s, e) for s, e, _ in text.find_words(norm)]
    if not words:
        return
    s, e = data.draw(st.sampled_from(words))
    spans = st.tuples(st.integers(0, len(norm)), st.integers(0, len(norm))).map(sorted).map(tuple)
    busy = data.draw(st.dictionaries(st.sampled_from(words) | spans, st.sampled_from(["", "restored"]), max_size=6))
    busy.pop((s, e), None)
    claimed = general._Claimed(busy)
    stand_in = _Content(frozenset())
    want = general.Generalizer._chunk_python(stand_in, norm, s, e, busy, claimed)  # type: ignore[arg-type]
    # The content test asked of the callable, or read from a Zipf dict that gives the same answers.
    for zipf in (None, ZIPF):
        for max_chunk in (general.MAX_CHUNK, 1):
            found = chunk(norm, s, e, claimed.ends, claimed.by_end, claimed.starts, claimed.by_start, busy,
                          stand_in._content, zipf, 5.0, max_chunk, text.NEIGHBOUR_WINDOW_CHARS)
            if max_chunk == general.MAX_CHUNK:
                assert found is NotImplemented or found == want
            else:
                assert found is NotImplemented or len(found) <= 3
    assert general.Generalizer._chunk(stand_in, norm, s, e, busy, claimed) == want  # type: ignore[arg-type]


@settings(max_examples=1000, deadline=None)
@given(st.lists(CHUNK_PIECES, max_size=30), st.sets(st.sampled_from(["deep", "learning", "machine", "k", "means",
                                                                     "art", "of", "co", "ish", "9", "network"])))
def test_the_compound_parts_are_the_python_parts(counter, pieces: list[str], triggers: set[str]) -> None:  # type: ignore[no-untyped-def]
    from spinfix import general
    from spinfix._textcore import compound_parts

    norm = "".join(pieces)
    stand_in = _Content(frozenset(triggers))
    want = general.Generalizer._compound_parts_python(stand_in, norm)  # type: ignore[arg-type]
    found = compound_parts(norm, frozenset(triggers))
    assert found is NotImplemented or found == want
    if norm.isascii():
        assert found == want
    assert general.Generalizer._compound_parts(stand_in, norm) == want  # type: ignore[arg-type]


def test_the_chunk_walk_on_real_text(counter, default, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Restoring real prose, clean and spun (the spun example, the clean fixtures of both domains): every
    chunk and every compound-part search the learned-swap pass makes is the Python one, and the compiled
    walk answers most of them."""
    from spinfix import general

    asked = {"chunk": 0, "compiled": 0, "parts": 0}
    walk, parts = general.Generalizer._chunk, general.Generalizer._compound_parts

    def checked_chunk(self, *args):  # type: ignore[no-untyped-def]
        found = walk(self, *args)
        assert found == general.Generalizer._chunk_python(self, *args)
        norm, s, e, busy, claimed = args
        asked["chunk"] += 1
        compiled = general._TEXTCORE.chunk(norm, s, e, claimed.ends, claimed.by_end, claimed.starts,
                                           claimed.by_start, busy, self._content, None, 0.0, general.MAX_CHUNK,
                                           text.NEIGHBOUR_WINDOW_CHARS)
        asked["compiled"] += compiled is not NotImplemented
        return found

    def checked_parts(self, norm):  # type: ignore[no-untyped-def]
        found = parts(self, norm)
        assert found == general.Generalizer._compound_parts_python(self, norm)
        asked["parts"] += 1
        return found

    monkeypatch.setattr(general.Generalizer, "_chunk", checked_chunk)
    monkeypatch.setattr(general.Generalizer, "_compound_parts", checked_parts)
    texts = [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*/*.txt"))]
    texts.append((Path(__file__).parent / "data" / "spun_news_reuters_2018.txt").read_text(encoding="utf-8"))
    for text_ in texts:
        default.restore(text_)
    assert asked["chunk"] > 300 and asked["parts"] > 20
    assert asked["compiled"] > 0.8 * asked["chunk"]


def test_the_chunk_walk_refuses_bad_arguments(counter) -> None:  # type: ignore[no-untyped-def]
    from spinfix._textcore import chunk, compound_parts

    def content(word: str) -> bool:
        return True

    assert chunk("deep neural net", 5, 11, [], [], [], [], {}, content, None, 0.0, 3, 40) == [(0, 4), (5, 11), (12, 15)]
    assert chunk("deep neural net", 5, 11, [], [], [], [], {}, content, None, 0.0, 0, 40) == [(5, 11)]
    with pytest.raises(TypeError, match="13 arguments"):
        chunk("a", 0, 1)
    with pytest.raises(TypeError, match="str"):
        chunk(b"a", 0, 1, [], [], [], [], {}, content, None, 0.0, 3, 40)
    with pytest.raises(ValueError, match="lie in norm"):
        chunk("a", 0, 5, [], [], [], [], {}, content, None, 0.0, 3, 40)
    with pytest.raises(ValueError, match="as long"):
        chunk("deep net", 5, 8, [4], [], [], [], {}, content, None, 0.0, 3, 40)
    with pytest.raises(TypeError):
        chunk("deep net", "5", 8, [], [], [], [], {}, content, None, 0.0, 3, 40)
    with pytest.raises(TypeError, match="2-tuple"):
        chunk("deep net", 5, 8, [4], [None], [], [], {}, content, None, 0.0, 3, 40)
    with pytest.raises(ZeroDivisionError):  # the content test's own error comes through
        chunk("deep net", 5, 8, [], [], [], [], {}, lambda w: 1 / 0, None, 0.0, 3, 40)
    # Read from a Zipf dict: "neural" (7.0) is no content word there, an unlisted word is.
    assert chunk("deep neural net", 12, 15, [], [], [], [], {}, content, {"neural": 7.0}, 5.0, 3, 40) == [(12, 15)]
    assert chunk("deep neural net", 0, 4, [], [], [], [], {}, content, {"neural": 4.0}, 5.0, 3, 40) == [
        (0, 4), (5, 11), (12, 15)]
    with pytest.raises(TypeError, match="zipf a dict or None"):
        chunk("deep net", 5, 8, [], [], [], [], {}, content, [], 5.0, 3, 40)
    with pytest.raises(TypeError):  # a Zipf value that is no number
        chunk("deep net", 5, 8, [], [], [], [], {}, content, {"deep": "x"}, 5.0, 3, 40)
    with pytest.raises(TypeError, match="str and a container"):
        compound_parts(None, set())
