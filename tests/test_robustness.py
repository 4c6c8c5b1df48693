"""Issue 6, part 1: any ``str`` goes into every public function without an exception, and nothing is lost.

Each kind of hostile text is run through every public function under the shipped configuration, and
the result must keep the promises of the API: edits sorted, disjoint and in range, each ``old`` equal
to the text it replaces; ``apply_edits(text, edits) == restore(text)``; every character outside the
edits unchanged; ``restore`` idempotent. Wrong types get a ``TypeError`` that says what to pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import spinfix
from spinfix import Edit, EditError, Restored, Restorer, apply_edits

CLEAN_DIR = Path(__file__).parent / "fixtures" / "clean"
SPUN = "Personal corporations have an extended relationship; shares rose zero.5 % on Wall Avenue."


def _one_megabyte_line() -> str:
    """1,000,000 characters without a line break: the clean fixtures joined, a spun sentence mid-way."""
    clean = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in sorted(CLEAN_DIR.rglob("*.txt")))
    line = ((clean + " ") * (1_000_000 // (len(clean) + 1) + 1))[: 1_000_000 - len(SPUN) - 2]
    half = len(line) // 2
    return line[:half] + " " + SPUN + " " + line[half:]


CASES: dict[str, str] = {
    "empty": "",
    "one space": " ",
    "whitespace only": " \t\n\r\n\x0b\x0c\u00a0\u2028\u2029\u3000\u202f  \n\n",
    "one letter": "a",
    "100k-character word": "personal" + "x" * 100_000 + "corporation",
    "100k word of table words glued": "personalcorporation" * 5_300,
    "NUL and control characters": "".join(chr(i) for i in range(32)) + "\x7f\x80\x85\x9f"
    + " personal\x00corporation \x00zero.5\x00 an\x00extended relationship \x1b[31mstated\x1b[0m",
    "C1 controls inside a phrase": "personal\x85corporation, wall\x1cavenue, extended\x1frelationship",
    "lone surrogates": "personal \ud800 corporation \udfff zero.5 \ud83d personal corporations\udc00",
    "surrogate inside a phrase": "personal\ud800corporation wall \udbff avenue",
    "right-to-left": "שלום personal corporation مرحبا \u202e zero.5 \u202c \u2067Wall Avenue\u2069 עברית",
    "bidi overrides around a phrase": "\u202epersonal corporation\u202c \u200fextended relationship\u200f",
    "emoji and ZWJ sequences": "👨\u200d👩\u200d👧 personal corporations 🏳️\u200d🌈 zero.5 🇬🇧 wall avenue 😀",
    "combining sequences": "perso\u0301nal corporation e\u0301\u0301\u0301 zero\u0308.5 a\u0301n extended relationship",
    "mixed scripts": "Личный personal корпорация corporation 中文 zero.5 ελληνικά wall avenue Ελλάδα ΣΑΣ",
    "case-changing characters": "İİİ personal corporation ß ﬁ ǅ ΣΑΣ İstanbul PERSONAL CORPORATİON",
    "HTML": "<p>Personal <b>corporations</b> have an <i>extended relationship</i></p>\n"
    "<a href=\"x\">wall avenue</a> &amp; zero.5&nbsp;% <!-- stated --><script>stated()</script>",
    "Markdown": "# Personal corporations\n\n* **zero.5** %\n* `wall avenue`\n\n> an extended relationship\n\n"
    "[personal corporation](http://e.com/personal corporation) _stated_",
    "quotes everywhere": '"""personal corporation"" “wall avenue” «stated» "' * 50,
    "CRLF and tabs": "Personal\r\ncorporations\thave an\r\nextended relationship.\r\n" * 20,
    "replacement characters": "\ufffd" * 50 + " personal corporation \ufffd\ufffd zero.5",
    "private use and noncharacters": "\ue000\uf8ff\ufdd0\uffff personal corporation \U0010ffff \U000e0001",
    "digits and number words": "zero.5 5.seven 1.one one.1 UPDATE Three- update zero- 3.14159 zero.zero.5",
    "articles only": "an an an a a an A AN",
}


@pytest.fixture(scope="module")
def long_line() -> str:
    return _one_megabyte_line()


def check(r: Restorer, text: str) -> Restored:
    """Every public call on ``text`` returns, and the results keep the API's promises. Returns the
    ``restore_and_explain`` result, whose text ``restore(text)`` was checked to equal."""
    result = r.restore_and_explain(text)
    n = len(text)
    last = 0
    for e in result.edits:
        assert last <= e.start <= e.end <= n, f"edit {e} out of order or out of range"
        assert text[e.start:e.end] == e.old
        last = e.end
    assert apply_edits(text, result.edits) == result.text
    assert r.restore(text) == result.text
    # Outside the edits nothing changed: the pieces between edits are the same in input and output.
    pos = out = 0
    for e in result.edits:
        gap = e.start - pos
        assert result.text[out:out + gap] == text[pos:e.start]
        out += gap
        assert result.text[out:out + len(e.new)] == e.new
        out += len(e.new)
        pos = e.end
    assert result.text[out:] == text[pos:]
    last = 0
    for f in result.findings:
        assert last <= f.start < f.end <= n and text[f.start:f.end] == f.spun
        assert 0.0 <= f.score <= 1.0
        last = f.end
    assert r.detect(text) == list(result.findings)
    score = r.spin_score(text)
    assert 0.0 <= score.score <= 1.0 and score.verdict in ("clean", "suspicious", "spun")
    assert r.restore(result.text) == result.text, "restore is not idempotent"
    return result


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_text_default_config(default: Restorer, name: str) -> None:
    check(default, CASES[name])


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_text_table_only(small: Restorer, name: str) -> None:
    check(small, CASES[name])


def test_module_functions_and_batches_take_every_case() -> None:
    texts = list(CASES.values())
    assert spinfix.restore_batch(texts) == [spinfix.restore(t) for t in texts]
    scores = spinfix.spin_score_batch(texts)
    assert [s.verdict in ("clean", "suspicious", "spun") for s in scores] == [True] * len(texts)
    for t in texts:
        assert spinfix.apply_edits(t, spinfix.restore_and_explain(t).edits) == spinfix.restore(t)
        assert all(0 <= f.start < f.end <= len(t) for f in spinfix.detect(t))
    nasty = ["NUL and control characters", "lone surrogates", "right-to-left", "emoji and ZWJ sequences", "HTML",
             "Markdown", "quotes everywhere", "empty"]
    html = spinfix.report_html({name: CASES[name] for name in nasty})
    assert html.startswith("<!DOCTYPE html>")
    html.encode("utf-8")  # no lone surrogate reaches the page
    assert "\x00" not in html and "<script>stated()" not in html


def test_one_megabyte_single_line(default: Restorer, long_line: str) -> None:
    assert len(long_line) == 1_000_000 and "\n" not in long_line
    # check() asserted restore(long_line) == its result's text: one more restore of the megabyte (a sixth
    # pass over it, 1 s) would check nothing new.
    restored = check(default, long_line).text
    assert "Private companies have a long relationship" in restored and "0.5 %" in restored


def test_restoring_in_markup_keeps_the_markup(default: Restorer) -> None:
    text = "<p>We saw <b>personal corporations</b> in <i>zero.5</i>%.</p>"
    out = default.restore(text)
    assert out.count("<") == text.count("<") and out.count(">") == text.count(">")
    assert "<b>private companies</b>" in out and "<i>0.5</i>" in out


def test_nul_and_surrogates_survive_round_trip(default: Restorer) -> None:
    text = "\x00personal corporation\ud800 zero.5\x00"
    out = default.restore(text)
    assert out == "\x00private company\ud800 0.5\x00"


# --- wrong types -------------------------------------------------------------------------------------
BYTES_LIKE = [b"personal corporation", bytearray(b"x"), memoryview(b"x")]
NOT_TEXT = [None, 3, 2.5, ["personal corporation"], ("a",), {"text": "a"}, object()]
SINGLE = [spinfix.restore, spinfix.detect, spinfix.restore_and_explain, spinfix.spin_score,
          lambda x: spinfix.apply_edits(x, [])]


@pytest.mark.parametrize("value", BYTES_LIKE, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("fn", SINGLE, ids=["restore", "detect", "restore_and_explain", "spin_score", "apply_edits"])
def test_bytes_say_decode_first(fn, value) -> None:
    with pytest.raises(TypeError, match=r"got bytes: decode first"):
        fn(value)


@pytest.mark.parametrize("value", NOT_TEXT, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("fn", SINGLE, ids=["restore", "detect", "restore_and_explain", "spin_score", "apply_edits"])
def test_non_text_is_a_type_error_naming_the_type(fn, value) -> None:
    with pytest.raises(TypeError, match=rf"works on str, got {type(value).__name__}"):
        fn(value)


@pytest.mark.parametrize("fn", [spinfix.restore_batch, spinfix.spin_score_batch], ids=["restore", "spin_score"])
def test_batch_items_are_checked(fn) -> None:
    with pytest.raises(TypeError, match="decode first"):
        fn(["ok", b"bytes"])
    with pytest.raises(TypeError, match="got NoneType"):
        fn(["ok", None])
    assert fn([]) == []


@pytest.mark.parametrize("fn", [spinfix.restore_batch, spinfix.spin_score_batch], ids=["restore", "spin_score"])
def test_batch_of_a_single_string_is_refused(fn) -> None:
    with pytest.raises(TypeError):
        fn("personal corporation")


def test_apply_edits_rejects_bad_edits() -> None:
    text = "personal corporation"
    with pytest.raises(TypeError, match="Edit records"):
        apply_edits(text, [(0, 8, "personal", "private")])
    with pytest.raises(EditError, match="outside the text"):
        apply_edits(text, [Edit(0, 99, text, "x")])
    with pytest.raises(EditError, match="outside the text"):
        apply_edits(text, [Edit(-1, 2, "", "x")])
    with pytest.raises(EditError, match="overlaps"):
        apply_edits(text, [Edit(0, 8, "personal", "a"), Edit(4, 9, "onal ", "b")])
    with pytest.raises(EditError, match="expects"):
        apply_edits(text, [Edit(0, 8, "personaX", "private")])
    assert apply_edits("", []) == ""
    assert apply_edits("\ud800", [Edit(0, 1, "\ud800", "\x00")]) == "\x00"


# --- the last phrase of a text ----------------------------------------------------------------------
def test_phrase_at_the_very_end_inside_a_longer_prefix(tmp_path: Path) -> None:
    """pyahocorasick's iter_long drops a match still pending when the text ends inside a longer pattern's
    prefix: a document ending in "... most extreme" lost "extreme" to "most extreme probability"."""
    from spinfix.matcher import PhraseMatcher, ReferenceScanner

    for patterns, text in ((["a", "é a ba1a"], "é a"), (["extreme", "most extreme probability"], "the most extreme"),
                           (["cell", "magnetic cell separation"], "x magnetic cell"), (["a\x00", "a"], "a")):
        assert PhraseMatcher(patterns).find(text) == ReferenceScanner(patterns).find(text) != []
    table = tmp_path / "t.tsv"
    table.write_text("#spinfix-table 1\nspun\toriginal\tconfidence\ttags\tsource\tcontext\n"
                     "extreme\tmaximum\t0.9\t\tuser\nmost extreme probability\tmaximum likelihood\t0.9\t\tuser\n",
                     encoding="utf-8")
    r = Restorer(spinfix.Config(tables=(str(table),), default_tables=False, context=False, generalize=False))
    assert r.restore("It was the most extreme") == "It was the most maximum"
    assert r.restore("the most extreme probability") == "the maximum likelihood"
