"""The matcher must equal the naive reference scanner on any text and any table, both ways it finds them:
the compiled word-at-a-time scan (``spinfix._matchcore``, taken when every pattern starts and ends with a
word character) and the Aho-Corasick automaton (``compiled=False``, or any other table)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinfix.matcher import PhraseMatcher, ReferenceScanner
from spinfix.native import load_compiled
from spinfix.normalize import is_word_char, normalize

COMPILED = load_compiled("_matchcore")
needs_compiled = pytest.mark.skipif(COMPILED is None, reason="spinfix._matchcore was not built")


def both(patterns: list[str], norm: str) -> list[tuple[int, int, int]]:
    """What the matcher finds in ``norm``, after checking that both of its ways find the same."""
    compiled, automaton = PhraseMatcher(patterns), PhraseMatcher(patterns, compiled=False)
    found = compiled.find(norm)
    assert found == automaton.find(norm)
    return found

WORDS = ["a", "ab", "abc", "b", "ba", "personal", "corporation", "corporations", "wi-fi", "didn't", "x"]
phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
pieces = st.sampled_from([*WORDS, " ", "  ", "-", "'", ".", ",", "\n", "'s", "İ", "é", "\u0301", "😀", "A", "AB"])


@settings(max_examples=400, deadline=None)
@given(st.lists(phrases, min_size=1, max_size=8, unique=True), st.lists(pieces, max_size=40).map("".join))
def test_matcher_equals_reference(patterns: list[str], text: str) -> None:
    norm = normalize(text)
    assert both(patterns, norm) == ReferenceScanner(patterns).find(norm)


# Non-ASCII words, for patterns and texts alike: the automaton scans UTF-8 bytes, so every match's byte
# offsets must come back as the right code-point offsets (2-, 3- and 4-byte characters, combining marks,
# the dotted capital I that lower-cases to two code points, a lone surrogate).
WIDE = ["café", "naïve", "e\u0301t\u00e9", "i̇stanbul", "東京", "東京 タワー", "😀", "😀 ok", "straße", "σοφία",
        "δ-σ", "wi-fi", "ab"]
wide_phrases = st.lists(st.sampled_from(WIDE), min_size=1, max_size=3).map(" ".join)
wide_pieces = st.sampled_from([*WIDE, " ", "-", "'", ".", ",", "\n", "'s", "İ", "İstanbul", "CAFÉ", "\u0301",
                               "😀", "東", "京", "\ud800", "ß", "Σ", "a", "b"])


@settings(max_examples=400, deadline=None)
@given(st.lists(wide_phrases, min_size=1, max_size=8, unique=True), st.lists(wide_pieces, max_size=40).map("".join))
def test_matcher_equals_reference_non_ascii(patterns: list[str], text: str) -> None:
    norm = normalize(text)
    assert both(patterns, norm) == ReferenceScanner(patterns).find(norm)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("ab -'", min_size=1, max_size=6), min_size=1, max_size=10),
       st.text("ab -'s.", max_size=60))
def test_matcher_equals_reference_overlapping_patterns(patterns: list[str], text: str) -> None:
    # Tiny alphabets make patterns overlap, nest and share prefixes and suffixes; patterns may start or
    # end with a space or a connector, and may be given twice (the later index wins, as in the reference).
    assert both(patterns, text) == ReferenceScanner(patterns).find(text)


# Patterns the compiled scan takes (word characters at both ends), over alphabets small enough that they
# nest, share words and chain across every separator, and texts of the same pieces with look-alikes of
# separators and words around them.
RUNS = st.text("ab", min_size=1, max_size=3)
SEPARATORS = st.sampled_from([" ", "-", "'", ".", " - ", "'s ", "é"])
regular = st.tuples(RUNS, st.lists(st.tuples(SEPARATORS, RUNS), max_size=3)).map(
    lambda parts: parts[0] + "".join(sep + run for sep, run in parts[1]))


@settings(max_examples=400, deadline=None)
@given(st.lists(regular, min_size=1, max_size=10),
       st.lists(st.one_of(regular, st.sampled_from([" ", "  ", "-", "'", ".", "'s", ",", "é", "\u0301", "x"])),
                max_size=30).map("".join))
def test_compiled_scan_equals_reference_on_regular_patterns(patterns: list[str], text: str) -> None:
    matcher = PhraseMatcher(patterns)
    assert (matcher._phrases is not None) == (COMPILED is not None)
    assert both(patterns, text) == ReferenceScanner(patterns).find(text)


# Words that chain: "the hearth" hides "hearth truck" in "the hearth truck"; a possessive goes on from a
# word ("institution's").
CHAIN = ["the", "hearth", "truck", "van", "a", "institution", "institution's", "fire"]
chain_phrases = st.lists(st.sampled_from(CHAIN), min_size=1, max_size=3).map(" ".join)
chain_text = st.lists(st.tuples(st.sampled_from(CHAIN), st.sampled_from([" ", " ", " ", "'s ", ", ", "-", ". "])),
                      max_size=14).map(lambda pairs: "".join(w + sep for w, sep in pairs))


def hidden_by_reference(patterns: list[str], norm: str) -> list[tuple[int, int, int]]:
    """What ``PhraseMatcher.overlapping`` must give, by definition: at each inner word of a found match,
    the reference's longest match there, if it ends beyond the found one."""
    reference = ReferenceScanner(patterns)
    out = []
    for start, end, index in reference.find(norm):
        pattern = patterns[index]
        for k, ch in enumerate(pattern):
            if ch == " ":
                hit = reference.longest_at(norm, start + k + 1)
                if hit is not None and hit[0] > end:
                    out.append((start + k + 1, hit[0], hit[1]))
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(chain_phrases, min_size=1, max_size=8, unique=True), chain_text)
def test_overlapping_equals_reference(patterns: list[str], text: str) -> None:
    norm = normalize(text)
    matcher = PhraseMatcher(patterns)
    assert matcher.overlapping(norm, matcher.find(norm)) == hidden_by_reference(patterns, norm)


def test_overlapping_finds_what_the_found_match_hides() -> None:
    matcher = PhraseMatcher(["the hearth", "hearth truck", "institution's", "the institution", "truck"])
    norm = "the hearth truck of the institution's"
    found = matcher.find(norm)
    assert [norm[s:e] for s, e, _ in found] == ["the hearth", "truck", "the institution"]
    assert [norm[s:e] for s, e, _ in matcher.overlapping(norm, found)] == ["hearth truck", "institution's"]
    assert matcher.overlapping("the hearth", matcher.find("the hearth")) == []


def test_non_ascii_offsets_are_code_points() -> None:
    text = "İstanbul 😀 café: e\u0301 naïve 東京 タワー, CAFÉ's"
    norm = normalize(text)
    m = PhraseMatcher(["i̇stanbul", "istanbul", "café", "naïve", "東京 タワー", "😀"])
    spans = [text[s:e] for s, e, _ in m.find(norm)]
    assert spans == ["İstanbul", "😀", "café", "naïve", "東京 タワー", "CAFÉ"]
    assert m.find(norm) == ReferenceScanner(m.patterns).find(norm)


def test_match_pending_at_the_end_is_kept() -> None:
    # "most extreme" is still possible when the text ends: the shorter match must not be lost.
    m = PhraseMatcher(["extreme", "most extreme probability", "b", "abc"])
    assert m.find("the most extreme") == [(9, 16, 0)]
    assert m.find("a b") == [(2, 3, 2)]
    assert m.find(normalize("Ο ΚΌΣΜΟΣ")) == []


def test_lone_surrogate_and_duplicates() -> None:
    m = PhraseMatcher(["ok", "x y", "ok"])
    text = "\ud800 ok \udfff x y"
    assert m.find(text) == [(2, 4, 2), (7, 10, 1)] == ReferenceScanner(m.patterns).find(text)


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


def test_matcher_pickles() -> None:
    import pickle

    m = PhraseMatcher(["personal corporation", "café"])
    again = pickle.loads(pickle.dumps(m))
    text = normalize("A Personal Corporation café")
    assert again.patterns == m.patterns and again.find(text) == m.find(text) == [(2, 22, 0), (23, 27, 1)]


def test_which_way_a_table_is_found() -> None:
    # A pattern that starts or ends with a separator is no trie of words: the automaton finds that table.
    assert PhraseMatcher(["a b", "c"], compiled=False)._phrases is None
    assert PhraseMatcher(["a b", " c"])._phrases is None
    assert PhraseMatcher(["a b", "c-"])._phrases is None
    assert PhraseMatcher([])._phrases is None
    if COMPILED is not None:
        matcher = PhraseMatcher(["a b", "c"])
        assert matcher._phrases is not None and matcher._automaton is None


@needs_compiled
def test_the_shipped_table_is_scanned_a_word_at_a_time() -> None:
    from spinfix.restore import Restorer

    matcher, _ = Restorer().table_matcher
    assert matcher._phrases is not None and matcher._automaton is None


@needs_compiled
def test_compiled_phrases_reject_what_they_cannot_read() -> None:
    assert COMPILED is not None
    with pytest.raises(ValueError, match="word character"):
        COMPILED.Phrases(["a", " b"], [0, 1], is_word_char)
    with pytest.raises(ValueError, match="empty"):
        COMPILED.Phrases([""], [0], is_word_char)
    with pytest.raises(ValueError, match="one index per pattern"):
        COMPILED.Phrases(["a"], [], is_word_char)
    with pytest.raises(TypeError):
        COMPILED.Phrases([b"a"], [0], is_word_char)
    with pytest.raises(TypeError):
        COMPILED.Phrases(["a"], [0], None)
    with pytest.raises(TypeError):
        COMPILED.Phrases(["a"], [0], is_word_char).find(b"a")
    with pytest.raises(ValueError, match="not initialised"):
        COMPILED.Phrases.__new__(COMPILED.Phrases).find("a")


@needs_compiled
def test_compiled_scan_asks_the_predicate_once_per_character() -> None:
    # Beyond ASCII the scan asks normalize.is_word_char; a text of more distinct characters than its
    # memo holds (4,096) must still be read right, and an error of the predicate must reach the caller.
    assert COMPILED is not None
    asked: list[str] = []

    def predicate(ch: str) -> bool:
        asked.append(ch)
        return is_word_char(ch)

    phrases = COMPILED.Phrases(["\u00e9t\u00e9", "na\u00efve"], [0, 1], predicate)
    assert phrases.find("un \u00e9t\u00e9 na\u00efve, \u00e9t\u00e9") == [(3, 6, 0), (7, 12, 1), (14, 17, 0)]
    assert sorted(set(asked)) == sorted(asked)  # each character once
    wide = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 5000)) + " \u00e9t\u00e9"
    assert phrases.find(wide) == [(5001, 5004, 0)]

    def broken(ch: str) -> bool:
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        COMPILED.Phrases(["ab"], [0], broken).find("x \u00e9")
