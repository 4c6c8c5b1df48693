"""Words hyphenated across a line end (text extracted from a PDF's justified columns), words holding soft
hyphens (HTML's ``&shy;``), typographic ligatures (``ﬁ``, kept by PDF extraction), HTML character
references (``&nbsp;``, ``&#8217;``, in page text taken without decoding) and words hidden with homoglyphs
or zero-width characters are read whole
(``normalize.squeeze`` with a ``joins`` test, used by ``Restorer._analyse``), and everything outside the
restored spans stays as written. The texts are written for these tests."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spinfix
from benchmarks.hyphenation import entities, hyphenate, ligate, obfuscate, one_line_paragraphs, soften, undo_layout
from spinfix.normalize import HOMOGLYPHS, LIGATURES, ZERO_WIDTH, normalize, squeeze
from spinfix.text import WORD


@pytest.mark.parametrize(("text", "restored"), [
    ("We train profound learn-\ning models.", "We train deep\nlearning models."),
    ("We train pro-\nfound learning models.", "We train deep\nlearning models."),
    ("Personal corpora-\r\n  tions rose.", "Private\r\n  companies rose."),
    ("The counter-\nfeit consciousness field grew.", "The artificial\nintelligence field grew."),
    ("We train pro\u00adfound learn\u00ading models.", "We train deep learning models."),
    ("Personal cor\u00ad\nporations rose.", "Private\ncompanies rose."),
    ("Energy pro\ufb01ciency and \ufb02u\ufb00y rationale rose.", "Energy efficiency and fuzzy logic rose."),
    # Words hidden from matchers with homoglyphs or zero-width characters: read as their Latin letters.
    ("We train pr\u043efound learning models.", "We train deep learning models."),
    ("P\u0435rs\u043enal c\u043erp\u043erati\u043ens rose.", "Private companies rose."),
    ("We train pro\u200bfound lear\u200cning models.", "We train deep learning models."),
    ("We train pr\u043e\u200bf\u043eund learning models.", "We train deep learning models."),
    # Character references of a page taken as text: read as their characters.
    ("Personal&nbsp;corporations rose zero.5&nbsp;% beneath strain.",
     "Private companies rose 0.5&nbsp;% under pressure."),
    ("We train pro&shy;found learn&#173;ing models.", "We train deep learning models."),
    ("Personal corporations stated the corporate&#8217;s revenue fell.",
     "Private companies said the company's revenue fell."),
    ("The arti\ufb01cial neural organi-\nzation was pro\ufb01table.",
     "The arti\ufb01cial neural\nnetwork was pro\ufb01table."),
    # A spun form that is no word of the language joins as a word of a table phrase.
    ("Their private-\nness settings were changed.", "Their privacy settings were changed."),
    ("Personal corporations stated the green-\nback fell zero.5 % beneath strain.",
     "Private companies said the\ndollar fell 0.5 % under pressure."),
])
def test_broken_words_are_read_whole(text: str, restored: str) -> None:
    assert spinfix.restore(text) == restored


@pytest.mark.parametrize("text", [
    "A well-\nknown personal corporation stated it.",  # "wellknown" is no word: the hyphen is the writer's
    "The long-\nterm plan of the personal corporation.",
])
def test_compound_hyphens_at_line_ends_stay(text: str) -> None:
    restored = spinfix.restore(text)
    assert "-\n" in restored
    assert "private company" in restored


def test_nothing_outside_the_restored_span_changes() -> None:
    text = "Intro-\nduction: the personal corpora-\ntions' pro\u00adfile rose zero.5 %.\n\nNext para-\ngraph."
    result = spinfix.restore_and_explain(text)
    assert spinfix.apply_edits(text, result.edits) == result.text
    assert [e.old for e in result.edits] == ["personal corpora-\ntions", "zero.5"]
    assert "Intro-\nduction" in result.text and "pro\u00adfile" in result.text and "para-\ngraph" in result.text


def test_a_blank_line_is_no_line_end_hyphen() -> None:
    """A hyphen before a paragraph break ends the paragraph: no word is joined across it."""
    assert spinfix.restore("We train profound learn-\n\ning models.") == "We train profound learn-\n\ning models."


_PIECES = st.sampled_from(["ab", "learn", "ing", "A", "-", "-\n", "-\r\n", "- \n ", "\u00ad", "\u00ad\n", "\u2010\n",
                           " ", "  ", "\n", "\n\n", "'", ".", "\u00a0", "\ufb01", "\ufb03", "\ufb06", "&nbsp;",
                           "&#8217;", "&amp;", "&#x41;", "&bogus;", "&", "\u043e", "\u0410", "\u03b1", "\u200b",
                           "\u200c", "\ufeff", "\u0431"])
_LAYOUT = str.maketrans({"-": None, "\u2010": None, "\u00ad": None, **dict(LIGATURES.items())})


_HIDDEN = str.maketrans({**dict(HOMOGLYPHS.items()), **{mark: None for mark in ZERO_WIDTH}})


def _letters(text: str) -> str:
    """``text`` without whitespace, hyphens, soft hyphens and zero-width characters, its ligatures written
    as letters, its character references as their characters and its homoglyphs as Latin letters."""
    return "".join(html.unescape(text).translate(_LAYOUT).translate(_HIDDEN).split())


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_joined_offsets_map_back_exactly(text: str) -> None:
    """With every join allowed, the squeezed copy's words map back to the same words of the input, with
    only whitespace, line-end hyphens and soft hyphens left out between and inside them and ligatures
    written as their letters."""
    norm = normalize(text)
    sq = squeeze(text, norm, lambda word: True)
    if sq is None:
        return
    assert sq.norm == normalize(sq.text) and len(sq.text) == len(sq.norm)
    assert _letters(sq.text) == _letters(text)
    assert sq.to_input(0) == 0 and sq.to_input(len(sq.text)) == len(text)
    to = [sq.to_input(i) for i in range(len(sq.text) + 1)]
    assert to == sorted(to)
    for m in WORD.finditer(sq.norm):  # a word maps to the input's span of it, cuts and ligatures included
        s, e = to[m.start()], to[m.end()]
        assert _letters(text[s:e]) == _letters(sq.text[m.start():m.end()])


def test_benchmark_layouts_undo_exactly() -> None:
    """The layouts of benchmarks/hyphenation.py change nothing but the layout: undone, the words are the
    paragraph's words again (so that benchmark's differences are the restorer's)."""
    text = one_line_paragraphs("The personal corporations stated that their quarterly results, announced in "
                               "a well-known self- and co-authored official report, were extraordinary.\n\nSecond "
                               "paragraph with internationalisation.")
    for width in (20, 30, 45, 60):
        assert undo_layout(hyphenate(text, width)) == text.split()
    assert undo_layout(soften(text)) == text.split()
    assert undo_layout(ligate(text)) == text.split() and "\ufb03" in ligate(text)
    assert undo_layout(entities(text + " O'Neil & \"Co\"")) == (text + " O'Neil & \"Co\"").split()
    assert undo_layout(obfuscate(text)) == text.split() and "\u043e" in obfuscate(text)
    assert any("-\n" in hyphenate(text, width) for width in (20, 30, 45, 60)) and "\u00ad" in soften(text)


SPUN_LEAD = "Personal corporations stated the greenback rose zero.5 % beneath strain, sources informed Reuters."


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f", "&nbsp;"])
def test_any_space_after_a_full_stop_starts_a_sentence(space: str) -> None:
    """A capitalised word after a full stop and a no-break space (or its character reference) starts a
    sentence, as after a space: it is no name, and a swap there is restored ("Within exchange" had stayed
    after "\\u00a0", read as a name)."""
    restored = spinfix.restore(f"{SPUN_LEAD}{space}Within exchange, the personal corporations agreed.")
    assert restored.endswith(f"Reuters.{space}In exchange, the private companies agreed.")


def test_article_fixed_across_a_no_break_space_reference() -> None:
    assert spinfix.restore("Efficiency is therefore a&nbsp;necessary goal for personal corporations.") == (
        "Efficiency is therefore an&nbsp;important goal for private companies.")
    assert spinfix.restore("Efficiency is therefore A&#160;&nbsp;necessary goal for personal corporations.") == (
        "Efficiency is therefore An&#160;&nbsp;important goal for private companies.")


@pytest.mark.parametrize("text", [
    "Обзор рынка: profound learning.",  # a Russian word keeps its letters
    "The \u03b1-helix and profound learning.",  # a Greek letter standing alone
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 profound learning",  # a Persian non-joiner
])
def test_other_scripts_are_not_homoglyphs(text: str) -> None:
    restored = spinfix.restore(text)
    assert restored == text.replace("profound learning", "deep learning")
