"""spinfix.text: the one word definition and neighbour search, checked against the variants it replaced."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spinfix.normalize import normalize
from spinfix.text import (
    ASCII_TOKEN,
    ASCII_WORD,
    SCIENCE_CUES,
    SPACES_AND_BRACKETS,
    TOKEN,
    WORD,
    Register,
    ascii_twin,
    find_tokens,
    find_words,
    prev_word_span,
    science_cues,
    word_after,
    word_before,
    words_after,
    words_before,
)

# The shapes that matter: words, connectors, spaces, brackets, punctuation, marks and a dotless-i pair.
_ALPHABET = st.sampled_from(list("ab1 .-'()[],\u0301İ\n"))


def _old_word_before(norm: str, i: int) -> str:
    m = None
    for m in WORD.finditer(norm, max(0, i - 40), i):  # noqa: B007
        pass
    if m is None or norm[m.end():i].strip(" ()[]") != "":
        return ""
    return m.group()


def _old_word_after(norm: str, i: int) -> str:
    m = WORD.search(norm, i, i + 40)
    if m is None or norm[i:m.start()].strip(" ()[]") != "":
        return ""
    return m.group()


def _old_words_before(norm: str, i: int, n: int = 2) -> list[str]:
    # restore.py's version before spinfix.text: found across brackets, then re-checked for spaces only.
    out: list[str] = []
    for _ in range(n):
        w = _old_word_before(norm, i)
        if not w:
            break
        j = norm.rfind(w, 0, i)
        if norm[j + len(w):i].strip(" ") != "":
            break
        out.insert(0, w)
        i = j
    return out


def _old_words_after(norm: str, i: int, n: int = 2) -> list[str]:
    out: list[str] = []
    for _ in range(n):
        w = _old_word_after(norm, i)
        if not w:
            break
        j = norm.find(w, i)
        if norm[i:j].strip(" ") != "":
            break
        out.append(w)
        i = j + len(w)
    return out


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=60), st.data())
def test_neighbour_search_matches_the_replaced_variants(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    i = data.draw(st.integers(0, len(norm)))
    assert word_before(norm, i, SPACES_AND_BRACKETS) == _old_word_before(norm, i)
    assert word_after(norm, i, SPACES_AND_BRACKETS) == _old_word_after(norm, i)
    assert words_before(norm, i) == _old_words_before(norm, i)
    assert words_after(norm, i) == _old_words_after(norm, i)


def _forward_prev_word_span(norm: str, i: int) -> tuple[int, int] | None:
    # The definition: the last match of a forward scan of the 40-character window before i.
    m = None
    for m in WORD.finditer(norm, max(0, i - 40), i):  # noqa: B007
        pass
    if m is None or norm[m.end():i].strip(" ") != "":
        return None
    return m.span()


@settings(max_examples=1500, deadline=None)
@given(st.text(st.sampled_from(list("ab1 .-'\u0301\u00e9,")), max_size=120), st.data())
def test_the_backward_search_finds_the_last_word_of_the_forward_scan(text: str, data: st.DataObject) -> None:
    # Long runs of word characters and connectors, so the window often starts inside a word.
    i = data.draw(st.integers(0, len(text)))
    assert prev_word_span(text, i) == _forward_prev_word_span(text, i)


def test_brackets_are_crossed_only_when_asked() -> None:
    norm = "hazard ratio (rr) was"
    assert word_before(norm, 13) == "ratio"
    assert word_before(norm, 14, SPACES_AND_BRACKETS) == "ratio"
    assert word_before(norm, 14) == ""
    assert words_before(norm, 17) == []
    assert words_after(norm, 0) == ["hazard", "ratio"]


# Paragraph breaks of every kind, register cues and the characters a word may hold.
_REGISTER_TEXT = st.lists(st.sampled_from(["we", "data", "our", "study", "Model", "a", "b1", "x-y", "-", "'", ".",
                                           " ", "  ", "\n", "\n\n", "\r\n\r\n", "\n \t\n", "\u0301", "İ"]),
                          max_size=40).map("".join)


@given(_REGISTER_TEXT, st.data())
def test_register_counts_by_paragraph_are_the_whole_documents(text: str, data: st.DataObject) -> None:
    # The fast path (paragraph counts shared by the table and the generaliser, summed for the document)
    # against the plain one: one tokenisation of the whole normalised text.
    norm = normalize(text)
    register = Register(text, norm)
    for k in data.draw(st.lists(st.integers(0, len(register.paragraphs) - 1), max_size=3)):
        a, b = register.paragraphs[k]
        words = WORD.findall(norm[a:b])
        assert register.count(k) == (science_cues(words), len(words))
    words = WORD.findall(norm)
    assert register.total() == (science_cues(words), len(words))
    assert [a for a, _ in register.paragraphs] == register.starts
    assert register.paragraphs[0][0] == 0 and register.paragraphs[-1][1] == len(text)


# Every ASCII character, with the ones that shape words and tokens drawn more often.
_ASCII_TEXT = st.text(st.one_of(st.characters(max_codepoint=127), st.sampled_from(list("ab1 .-'\x1c\t"))),
                      max_size=60)


@given(_ASCII_TEXT, st.data())
def test_the_ascii_patterns_find_what_the_unicode_ones_find(text: str, data: st.DataObject) -> None:
    # The fast path (``re`` on ASCII text) against the plain one (``regex`` with Unicode classes).
    for fast, plain in ((ASCII_WORD, WORD), (ASCII_TOKEN, TOKEN)):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
        pos = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(pos, len(text)))
        assert fast.findall(text, pos, end) == plain.findall(text, pos, end)
        a, b = fast.search(text, pos, end), plain.search(text, pos, end)
        assert (a and a.span()) == (b and b.span())


def test_the_ascii_patterns_know_every_ascii_character() -> None:
    for i in range(128):
        for text in (chr(i), f"a{chr(i)}b", f"{chr(i)}{chr(i)}1"):
            assert ASCII_WORD.findall(text) == WORD.findall(text)
            assert ASCII_TOKEN.findall(text) == TOKEN.findall(text)


# Any character, with the ones that shape words and tokens (marks, a dotless-i pair, a lone surrogate,
# U+2029, which regex counts as a space, and U+001C, which it does not) drawn more often.
_ANY_TEXT = st.text(st.one_of(st.characters(), st.sampled_from(list("ab1 .-'\u0301İé–“\u2029\x1c\ud800"))),
                    max_size=60)


@given(_ANY_TEXT)
def test_the_ascii_twin_has_the_same_words_and_tokens(text: str) -> None:
    # The fast path (the ASCII patterns in ``re`` over the twin) against the plain one (``regex`` over the
    # text itself), and the register counts that read the twin's words.
    norm = normalize(text)
    twin = ascii_twin(norm)
    assert twin.isascii() and len(twin) == len(norm)
    assert find_tokens(norm) == [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(norm)]
    assert find_words(norm) == [(m.start(), m.end(), m.group()) for m in WORD.finditer(norm)]
    words = WORD.findall(norm)
    assert Register(text, norm).total() == (science_cues(words), len(words))


def test_no_register_cue_holds_the_letter_stand_in() -> None:
    from spinfix import text as module

    assert not any(module._LETTER_STAND_IN in cue for cue in SCIENCE_CUES)
