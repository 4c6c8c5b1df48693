"""Issue 15 item 7: phrases split by a whitespace run (CRLF, two spaces, a tab, no-break spaces, a wrapped
line) are matched and restored whole, with exact input offsets and the input's own line breaks; a blank
line is never crossed, and clean text with runs stays as it is."""

from __future__ import annotations

import itertools
import re
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spinfix
from spinfix import Config, Restorer, apply_edits
from spinfix.normalize import SPACES, is_paragraph_break, line_breaks, normalize, squeeze
from spinfix.restore import _shape, separators_for, shape_like
from spinfix.text import WORD

from .conftest import HEADER, write_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fuzz import harness  # noqa: E402

TABLE = HEADER + "\n".join([
    "personal\tprivate\t0.9\tdomain=news,kind=word\tuser",  # the one-word row that fired alone before
    "personal corporations\tprivate companies\t0.9\tdomain=news,kind=phrase\tuser",
    "beneath intense scrutiny\tunder intense scrutiny\t0.9\tdomain=news,kind=phrase\tuser",
    "could possibly be\tcould be\t0.9\tdomain=news,kind=phrase\tuser",
    "irregular woodland\trandom decision forest\t0.9\tdomain=science,kind=tortured\tuser",
    "extended relationship\tlong relationship\t0.9\tdomain=news,kind=phrase\tuser",
    "counterfeit consciousness\tartificial intelligence\t0.95\tdomain=science,kind=tortured\tuser"
    "\tnot=counterfeit goods",
]) + "\n"

#: Runs inside a paragraph: CRLF, LF, two spaces, a tab, no-break spaces, a wrapped line's indent, Unicode spaces.
RUNS = ["\r\n", "\n", "  ", "\t", "\u00a0", "\u00a0\u00a0", "\r\n    ", " \n", "\t\t", "\u2003", "\u3000 ", "\r"]
#: Paragraph breaks: a blank line in every line-ending convention, with spaces on it, and U+2029.
BLANK_LINES = ["\n\n", "\r\n\r\n", "\n   \n", "\r\r", "\n\t\n", " \r\n \r\n ", "\u2029", "\u2028\u2028"]


def wrap(text: str) -> str:
    """``text`` as plain-text e-mail: two spaces after a full stop, lines of 72 characters, CRLF line ends."""
    paragraphs = [" ".join(p.split()).replace(". ", ".  ") for p in text.split("\n\n")]
    return "\r\n\r\n".join("\r\n".join(textwrap.wrap(p, 72, break_long_words=False, break_on_hyphens=False))
                           for p in paragraphs if p) + "\r\n"


@pytest.fixture
def table_only(tmp_path: Path) -> Restorer:
    path = write_table(tmp_path, TABLE)
    return Restorer(Config(tables=(str(path),), default_tables=False, context=False, generalize=False))


# --- normalisation and the squeezed copy --------------------------------------------------------------
def test_every_unicode_space_is_a_space_in_the_normalised_copy() -> None:
    for ch in SPACES:
        assert normalize(f"A{ch}B") == "a b", repr(ch)
    for ch in ("\u2029", "\x1c", "\x1f", "\u200b"):  # a paragraph separator, control codes, a zero-width space
        assert normalize(f"a{ch}b")[1] == ch


def test_line_breaks_and_paragraph_breaks() -> None:
    runs = ("  ", "\n", "\r\n", "\r", "\n\r", "\r\n\r\n", " \u2028 \x0c")
    assert [line_breaks(r) for r in runs] == [0, 1, 1, 1, 2, 2, 2]
    assert not any(is_paragraph_break(r) for r in RUNS)
    assert all(is_paragraph_break(r) for r in BLANK_LINES if r != "\u2029")  # U+2029 is never a space


@pytest.mark.parametrize("text", ["", "a b", "a\nb\tc\u00a0d", "a\n\nb", "a\r\n\r\nb c", "x\u2029\u2029y"])
def test_text_without_runs_inside_paragraphs_is_not_squeezed(text: str) -> None:
    assert squeeze(text, normalize(text)) is None


def test_squeezed_copy_keeps_paragraph_breaks_and_writes_line_ends_as_newlines() -> None:
    text = "Personal\r\ncorporations  rose.\r\n\r\nThe\u00a0\u00a0end"
    sq = squeeze(text, normalize(text))
    assert sq is not None
    assert sq.text == "Personal\ncorporations rose.\r\n\r\nThe\u00a0end"
    assert sq.norm == normalize(sq.text) == "personal corporations rose.    the end"


_ALPHABET = st.sampled_from(["a", "B", "ab", "İ", "Σ", "ς", "e\u0301", "😀", ".", "'", "-", " ", "  ", "\n", "\r\n",
                             "\r", "\t", "\u00a0", "\u2029", "\u2028", "\x0c", "\x1c", "\n\n", " \n "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_squeezed_offsets_map_back_exactly(text: str) -> None:
    norm = normalize(text)
    sq = squeeze(text, norm)
    if sq is None:
        assert not any(m.group() != " " and not is_paragraph_break(text[m.start():m.end()])
                       for m in re.finditer(" +", norm))
        return
    assert sq.norm == normalize(sq.text) and len(sq.text) == len(sq.norm) < len(text)
    assert "".join(sq.text.split()) == "".join(text.split())  # only whitespace went
    assert sq.to_input(0) == 0 and sq.to_input(len(sq.text)) == len(text)
    to = [sq.to_input(i) for i in range(len(sq.text) + 1)]
    assert to == sorted(to)
    words = list(WORD.finditer(sq.norm))
    for m in words:  # every word is the same word at the mapped offsets
        s, e = to[m.start()], to[m.end()]
        assert norm[s:e] == m.group() and text[s:e] == sq.text[m.start():m.end()]
    for a, b in itertools.pairwise(words):  # what stands between two words maps to the input's own characters
        between, original = sq.text[a.end():b.start()], text[to[a.end()]:to[b.start()]]
        assert "".join(between.split()) == "".join(original.split())
        if between.strip(SPACES + " ") == "" and len(between) == 1:  # a squeezed run stays inside a paragraph
            assert not is_paragraph_break(original)


# --- restoring across runs ----------------------------------------------------------------------------------
@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize(("spun", "restored"), [
    ("Personal {}corporations", "Private {}companies"),
    ("beneath {}intense {}scrutiny", "under {}intense {}scrutiny"),
    ("COUNTERFEIT {}CONSCIOUSNESS", "ARTIFICIAL {}INTELLIGENCE"),
])
def test_phrase_split_by_a_run_is_restored_whole(table_only: Restorer, run: str, spun: str, restored: str) -> None:
    phrase = spun.replace(" {}", run)
    text = f"Shares fell.  {phrase} hold the rest.\r\n"
    result = table_only.restore_and_explain(text)
    assert result.text == text.replace(phrase, restored.replace(" {}", run))  # each run kept where it was
    [finding] = result.findings
    start = text.index(phrase)
    assert (finding.start, finding.end) == (start, start + len(phrase))
    assert text[finding.start:finding.end] == finding.spun == phrase
    assert apply_edits(text, result.edits) == result.text
    assert table_only.restore(result.text) == result.text


@pytest.mark.parametrize("run", BLANK_LINES)
def test_a_phrase_never_spans_a_blank_line(table_only: Restorer, run: str) -> None:
    text = f"The personal{run}corporations rose."
    findings = table_only.detect(text)
    assert [(f.spun, f.restored) for f in findings] == [("personal", "private")]  # the one-word row only
    assert table_only.restore(text) == f"The private{run}corporations rose."


def test_offsets_stay_exact_after_many_runs(table_only: Restorer) -> None:
    text = ("Intro  text.\r\nMore   words\there\u00a0\u00a0too.\r\n\r\n  Then  the personal\r\n"
            "corporations\tcould  possibly\r\n   be beneath intense\u3000scrutiny.  End.\r\n")
    result = table_only.restore_and_explain(text)
    assert [f.spun for f in result.findings] == [
        "personal\r\ncorporations", "could  possibly\r\n   be", "beneath intense\u3000scrutiny"]
    for f in result.findings:
        assert text[f.start:f.end] == f.spun
    assert result.text == ("Intro  text.\r\nMore   words\there\u00a0\u00a0too.\r\n\r\n  Then  the private\r\n"
                           "companies\tcould\r\n   be under intense\u3000scrutiny.  End.\r\n")
    assert apply_edits(text, result.edits) == result.text


# --- the whitespace of a restoration with another number of words ------------------------------------------
@pytest.mark.parametrize(("spun", "restored"), [
    ("could\r\npossibly be", "could\r\nbe"),  # fewer words: the line break stays, at the one gap
    ("could possibly\r\nbe", "could\r\nbe"),
    ("could\tpossibly  be", "could be"),  # mixed separators without a line break: one space
    ("could\u00a0possibly\u00a0be", "could\u00a0be"),  # the same separator throughout: kept
    ("irregular\r\nwoodland", "random\r\ndecision forest"),  # more words: at the nearest gap by position
    ("irregular\n    woodland", "random\n    decision forest"),  # the next line's indent goes with it
    ("irregular\u00a0woodland", "random\u00a0decision\u00a0forest"),
    ("Irregular  Woodland", "Random  Decision  Forest"),
])
def test_restoration_with_another_word_count_keeps_line_breaks(table_only: Restorer, spun: str, restored: str) -> None:
    text = f"It {spun} fine.\n"
    assert table_only.restore(text) == f"It {restored} fine.\n"


def test_separators_for_puts_a_line_break_at_the_nearest_gap() -> None:
    # "random decision forest": gaps at 6/22 and 15/22 of the phrase; a break 3/4 of the way goes to the second.
    assert separators_for("aaaaaaaaaaaaaaa\nbbbbb", [6, 8, 6]) == [" ", "\n"]
    assert separators_for("aaaaa\nbbbbbbbbbbbbbbb", [6, 8, 6]) == ["\n", " "]
    assert separators_for("a\nb c\nd", [3, 3]) == ["\n"]  # more breaks than gaps: the first takes the gap
    assert separators_for("a\r\nb", [5]) == []  # one word: no gap, the break goes with the words
    assert shape_like("Profound\r\nlearning", "deep learning") == "Deep\r\nlearning"


_WORDISH = st.text(st.sampled_from("abcxyzß\u00e9\u0130\u01c5\u2019'-Ab Z"), min_size=1, max_size=8)


@given(_WORDISH, _WORDISH)
def test_shape_like_shortcut_gives_the_word_by_word_answer(spun: str, original: str) -> None:
    """``shape_like`` answers one lower-case word for one word without the word-by-word walk (spun news
    asks it for every alternative of every finding); every pair, that case or not, must come out as the
    walk writes it (letters with and without case, a title-case letter, apostrophes, hyphens, spaces)."""
    assert shape_like(spun, original) == _shape(spun, original)
    assert shape_like("pc", "computer") == "computer" and shape_like("Pc", "computer") == "Computer"


# --- every other stage reads through runs -----------------------------------------------------------------
def test_keep_conditions_and_articles_read_through_runs(tmp_path: Path) -> None:
    path = write_table(tmp_path, TABLE)
    base = {"tables": (str(path),), "default_tables": False, "context": False, "generalize": False}
    kept = Restorer(Config(**base, keep={"personal corporations"}))  # type: ignore[arg-type]
    assert kept.restore("The personal\r\ncorporations rose.") == "The personal\r\ncorporations rose."
    r = Restorer(Config(**base))  # type: ignore[arg-type]
    # not=counterfeit goods: a condition phrase split by a line break still suppresses the row
    suppressed = "counterfeit consciousness and counterfeit\r\ngoods"
    assert r.restore(suppressed) == suppressed
    assert r.restore("counterfeit consciousness") == "artificial intelligence"
    # the article before a restored word is fixed across a line end, never across a blank line
    assert r.restore("They have an\r\nextended relationship.") == "They have a\r\nlong relationship."
    assert r.restore("They have an\r\n\r\nextended relationship.") == "They have an\r\n\r\nlong relationship."


@pytest.mark.parametrize(("text", "restored"), [
    ("Personal\r\ncorporations are beneath intense scrutiny.", "Private\r\ncompanies are under intense scrutiny."),
    ("Personal  corporations are beneath\r\n  intense scrutiny.",
     "Private  companies are under\r\n  intense scrutiny."),
    ("We trained a profound\r\nlearning model.", "We trained a deep\r\nlearning model."),
    ("We trained a profound\tlearning model.", "We trained a deep\tlearning model."),
])
def test_default_restorer_restores_split_phrases(default: Restorer, text: str, restored: str) -> None:
    assert default.restore(text) == restored


def _edits_by_words(r: Restorer, text: str) -> list[tuple[str, str]]:
    return [(" ".join(e.old.split()), " ".join(e.new.split())) for e in r.restore_and_explain(text).edits]


def test_wrapped_text_is_restored_like_the_unwrapped(default: Restorer) -> None:
    """The shipped examples wrapped at 72 columns with CRLF and two spaces after full stops (plain-text
    e-mail) get the same restorations as written; before, four were lost and two came out half restored
    ("Wall Avenue" → "Wall Street" became "Avenue" → "Street" after a line break)."""
    example = "\n\n".join(p.read_text(encoding="utf-8")
                          for p in sorted((ROOT / "spinfix" / "data" / "examples").glob("*.txt")))
    wrapped = wrap(example)
    assert "\r\n" in wrapped and ".  " in wrapped
    assert _edits_by_words(default, wrapped) == _edits_by_words(default, example)
    assert len(_edits_by_words(default, example)) >= 20


@pytest.mark.parametrize("kind", ["news", "science"])
def test_clean_text_with_runs_is_left_as_written(default: Restorer, kind: str) -> None:
    """The clean fixtures wrapped the same way: no edit that the text as written does not get (those are
    counted in test_negative), so whitespace runs add no damage."""
    for path in sorted((ROOT / "tests" / "fixtures" / "clean" / kind).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert _edits_by_words(default, wrap(text)) == _edits_by_words(default, text), path.name


# --- invariants and idempotence on random runs inside table phrases --------------------------------------------
GAPS = [" ", " ", " ", "  ", "\n", "\r\n", "\t", "\u00a0", "\r\n   ", " \n", "\n\n", "\r\n\r\n", "\u2028"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_invariants_hold_with_runs_inside_table_phrases(data: st.DataObject) -> None:
    """Chains of shipped rows (``fuzz.harness.chain_text``) whose words are split by random runs, under
    the fuzz harness's five configurations: replay, nothing outside the edits changed, exact offsets and
    strict idempotence (``harness.check_text``)."""
    restorers = harness.chain_restorers()
    r = restorers[data.draw(st.integers(0, len(restorers) - 1))]
    text = harness.chain_text(lambda n: data.draw(st.integers(0, n - 1)),
                              gap=lambda: data.draw(st.sampled_from(GAPS)))
    harness.check_text(r, text)


def test_module_functions_agree_on_runs() -> None:
    text = "Personal\r\ncorporations rose zero.5 %."
    assert spinfix.restore(text) == spinfix.restore_and_explain(text).text
    assert spinfix.detect(text)[0].spun == "Personal\r\ncorporations"
