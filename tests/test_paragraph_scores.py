"""Paragraph scores (``Restorer.paragraph_scores``, ``spinfix score --paragraphs``, ``scan --paragraphs``):
which parts of a page are spun, each paragraph judged on its own evidence."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spinfix
from spinfix import Config, ParagraphScore, Restorer
from spinfix.cli import main
from tests.conftest import run_scan
from tests.test_report import check_page

ROOT = Path(__file__).resolve().parent.parent
SPUN = (ROOT / "tests" / "data" / "spun_news_reuters_2018.txt").read_text(encoding="utf-8")
CLEAN_NEWS = (ROOT / "tests" / "fixtures" / "clean" / "news" / "01-stocks-rally.txt").read_text(encoding="utf-8")
CLEAN_SCIENCE = sorted((ROOT / "tests" / "fixtures" / "clean" / "science").glob("*.txt"))[0].read_text(
    encoding="utf-8")
SHORT_CLEAN = "The council met on Tuesday to discuss the new budget for the city's parks."
SHORT_SPUN = "Personal corporations are beneath intense scrutiny, sources informed Reuters."


def _blocks(text: str) -> list[str]:
    """The non-blank paragraphs of ``text`` as the tests write them (blank-line separated), stripped."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


@pytest.mark.parametrize("clean", [CLEAN_NEWS, CLEAN_SCIENCE], ids=["news", "science"])
@pytest.mark.parametrize("clean_first", [True, False], ids=["clean-first", "spun-first"])
def test_a_clean_document_beside_a_spun_one_keeps_clean_paragraphs(default: Restorer, clean: str,
                                                                  clean_first: bool) -> None:
    """The real spun story joined to a clean fixture: the whole page reads as spun, but every paragraph of
    the clean document keeps a clean verdict, and most of the story's paragraphs are flagged."""
    clean = clean.strip()
    text = f"{clean}\n\n{SPUN}" if clean_first else f"{SPUN}\n\n{clean}"
    analysis = default.analyse(text)
    assert analysis.score.verdict == "spun"  # the document score can only drop the whole page
    paragraphs = default.paragraph_scores(text, analysis=analysis)
    clean_at = text.index(clean)
    mine = [p for p in paragraphs if clean_at <= p.start < clean_at + len(clean)]
    theirs = [p for p in paragraphs if p not in mine]
    assert len(mine) == len(_blocks(clean)) and len(theirs) == len(_blocks(SPUN))
    assert [p.verdict for p in mine] == ["clean"] * len(mine)
    flagged = [p for p in theirs if p.verdict != "clean"]
    assert len(flagged) >= 0.6 * len(theirs)
    assert sum(p.verdict == "spun" for p in theirs) >= 15
    # Without its analysis given, the same scores (the text is analysed once inside).
    assert default.paragraph_scores(text) == paragraphs


def test_another_texts_analysis_is_refused(default: Restorer) -> None:
    """The analysis given must be of the text: another text's had been read against it, its findings'
    offsets and score taken for this text's paragraphs, and wrong scores came back without a word."""
    from spinfix.errors import EditError

    text = f"{SHORT_CLEAN}\n\n{SHORT_SPUN}"
    for other in (SHORT_SPUN, SHORT_CLEAN, text + " More."):
        with pytest.raises(EditError, match="not of this text"):
            default.paragraph_scores(text, analysis=default.analyse(other))
    assert default.paragraph_scores(text, analysis=default.analyse(text)) == default.paragraph_scores(text)


def test_the_analysis_reading_is_reused_without_changing_a_score(default: Restorer) -> None:
    """Right after the analysis of the same text, the words its reading covered are not read again; the
    scores are those of a reading from scratch (another text analysed in between: nothing to reuse)."""
    text = f"{CLEAN_NEWS.strip()}\n\n{SPUN}"
    analysis = default.analyse(text)
    reused = default.paragraph_scores(text, analysis=analysis)
    default.analyse(SHORT_CLEAN)
    assert default.paragraph_scores(text, analysis=analysis) == reused


def test_offsets_are_the_paragraphs_without_their_surrounding_whitespace(default: Restorer) -> None:
    text = f"  \n{SHORT_CLEAN}  \r\n\r\n\t{SHORT_SPUN}\n \n\n   \n\nLast one.\n"
    paragraphs = default.paragraph_scores(text)
    assert [text[p.start:p.end] for p in paragraphs] == [SHORT_CLEAN, SHORT_SPUN, "Last one."]
    assert [p.verdict for p in paragraphs][:2] == ["clean", "spun"]
    assert all(isinstance(p, ParagraphScore) for p in paragraphs)
    assert paragraphs[1].to_dict() == {"start": paragraphs[1].start, "end": paragraphs[1].end,
                                       "score": paragraphs[1].score, "verdict": "spun",
                                       "findings": paragraphs[1].findings, "words": 9,
                                       "per_1000_words": paragraphs[1].per_1000_words}


@pytest.mark.parametrize("blank", ["\r\r", "\n\u00a0\n", "\r\n\u3000 \r\n", "\u2028\u2028", "\u2029", "\n\x0c\n"],
                         ids=["cr-only", "no-break-space-line", "ideographic-space-line", "line-separators",
                              "paragraph-separator", "form-feed"])
def test_every_convention_of_a_blank_line_separates_paragraphs(default: Restorer, blank: str) -> None:
    """A blank line as files and extracted pages write it: CR-only line ends, an empty line holding a
    no-break space (HTML's "&nbsp;" paragraph) or another Unicode space, Unicode line or paragraph
    separators. Each had joined the human-written paragraph to the spun one after it, so both were one
    spun paragraph (and the regions and the register read them as one)."""
    text = f"{SHORT_CLEAN}{blank}{SHORT_SPUN}"
    paragraphs = default.paragraph_scores(text)
    assert [text[p.start:p.end] for p in paragraphs] == [SHORT_CLEAN, SHORT_SPUN]
    assert [p.verdict for p in paragraphs] == ["clean", "spun"]
    # One line break with spaces around it is no blank line.
    one = f"{SHORT_CLEAN}\u00a0\r\n\u00a0{SHORT_SPUN}"
    assert len(default.paragraph_scores(one)) == 1


def test_lines_split_at_every_line_break(default: Restorer) -> None:
    text = f"{SHORT_CLEAN}\r\n{SHORT_SPUN}\rshort\n\n  \nend"
    lines = default.paragraph_scores(text, lines=True)
    assert [text[p.start:p.end] for p in lines] == [SHORT_CLEAN, SHORT_SPUN, "short", "end"]
    assert [p.verdict for p in lines][:2] == ["clean", "spun"]
    # Without ``lines`` the first three are one paragraph (no blank line between them).
    assert [text[p.start:p.end] for p in default.paragraph_scores(text)] == [text[:text.index("\n\n")], "end"]


def test_a_text_of_one_paragraph_gets_its_document_score(default: Restorer) -> None:
    for text in (SHORT_SPUN, f"\n\n  {SHORT_CLEAN}\n", CLEAN_NEWS.replace("\n\n", " ")):
        (only,) = default.paragraph_scores(text)
        document = default.spin_score(text)
        assert (only.score, only.verdict, only.findings, only.words, only.per_1000_words) == (
            document.score, document.verdict, document.findings, document.words, document.per_1000_words)
        assert text[only.start:only.end] == text.strip()


def test_no_paragraphs_in_blank_text_and_bad_input_is_refused(default: Restorer) -> None:
    assert default.paragraph_scores("") == ()
    assert default.paragraph_scores(" \n\n\t\r\n ") == ()
    assert default.paragraph_scores("\n\n", lines=True) == ()
    for bad in (b"Personal corporations", None, 3):
        with pytest.raises(TypeError):
            default.paragraph_scores(bad)  # type: ignore[arg-type]


def test_the_module_function_is_the_default_restorers() -> None:
    text = f"{SHORT_CLEAN}\n\n{SHORT_SPUN}"
    assert spinfix.paragraph_scores(text) == spinfix.default_restorer().paragraph_scores(text)
    assert spinfix.paragraph_scores(text, lines=True) == spinfix.default_restorer().paragraph_scores(text)


def test_without_the_model_paragraphs_are_scored_on_their_findings(small: Restorer) -> None:
    """``context=False`` builds no model: the findings alone score each paragraph, as they score a document."""
    text = f"{SHORT_CLEAN}\n\nPersonal corporations have an extended relationship.\n\nShares rose zero.5 %."
    paragraphs = small.paragraph_scores(text)
    assert [p.verdict for p in paragraphs] == ["clean", "spun", "suspicious"]
    assert [p.findings for p in paragraphs] == [0, 2, 1]


_POOL = [SHORT_CLEAN, SHORT_SPUN, "Shares rose zero.5 % on Wall Avenue.", "It is an necessary problem.",
         "Personal corporations have an extended relationship.", "Nothing to see here, friends."]
_BREAKS = ["\n\n", "\n \n", "\r\n\r\n", "\n\n\n", "\n\t\n"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(_POOL), st.sampled_from(_BREAKS)), min_size=1, max_size=8),
       st.sampled_from(["", " ", "\n", "\n\n"]))
def test_paragraphs_tile_the_text_and_share_out_its_findings(small: Restorer, parts: list[tuple[str, str]],
                                                           edge: str) -> None:
    """Any join of paragraphs: one score per paragraph, in order, each span exactly the paragraph, and the
    document's restorable findings shared out among them, each counted once. (The restorer is built once
    for all examples: it holds no state between texts that could change an answer.)"""
    text = edge + "".join(p + sep for p, sep in parts[:-1]) + parts[-1][0] + edge
    analysis = small.analyse(text)
    paragraphs = small.paragraph_scores(text, analysis=analysis)
    assert [text[p.start:p.end] for p in paragraphs] == [p for p, _ in parts]
    assert all(a.end < b.start for a, b in itertools.pairwise(paragraphs))
    if len(paragraphs) > 1:
        assert sum(p.findings for p in paragraphs) == analysis.score.findings


def test_score_command_prints_a_line_per_paragraph(tmp_path: Path, args: list[str],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "page.txt"
    path.write_text(f"{SHORT_CLEAN}\n\nPersonal corporations have an extended relationship.\n", encoding="utf-8")
    assert main(["score", "--paragraphs", "blank", str(path), *args]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{path}:1:1: clean ") and "0 findings" in out[0]
    assert out[0].endswith(": The council met on Tuesday to discuss the new budget for the…")  # 60 characters
    assert out[1].startswith(f"{path}:3:1: spun ") and "2 findings" in out[1]
    assert out[1].endswith("words): Personal corporations have an extended relationship.")  # short: whole
    # --fail-on looks at the paragraphs; json gives a record per paragraph with its lines and columns.
    assert main(["score", "--paragraphs", "line", "--format", "json", "--fail-on", "spun", str(path), *args]) == 1
    records = json.loads(capsys.readouterr().out)
    assert [(r["line"], r["column"], r["end_line"], r["verdict"]) for r in records] == [
        (1, 1, 1, "clean"), (3, 1, 3, "spun")]
    assert records[1]["start"] == len(SHORT_CLEAN) + 2


def test_scan_adds_each_paragraphs_score(tmp_path: Path, small_table: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    text = f"{SHORT_CLEAN}\n\nPersonal corporations have an extended relationship.\nShares rose zero.5 %."
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": 7, "text": text}) + "\n", encoding="utf-8")
    flags = ["--table", str(small_table), "--no-default-tables", "--no-context", "-q"]
    for unit, expected in (("blank", [SHORT_CLEAN, text.split("\n\n")[1]]),
                           ("line", [SHORT_CLEAN, *text.split("\n\n")[1].split("\n")])):
        code, out, _ = run_scan([str(corpus), "--paragraphs", unit, *flags], capsys)
        assert code == 0
        (record,) = [json.loads(line) for line in out.splitlines()]
        assert [text[p["start"]:p["end"]] for p in record["spinfix_paragraphs"]] == expected
        assert record["spinfix_paragraphs"][0]["verdict"] == "clean"
        assert set(record["spinfix_paragraphs"][0]) == {"start", "end", "score", "verdict", "findings", "words",
                                                        "per_1000_words"}
    code, out, _ = run_scan([str(corpus), *flags], capsys)
    assert code == 0 and "spinfix_paragraphs" not in json.loads(out)


def test_without_spin_evidence_the_findings_alone_decide() -> None:
    """``Config(spin_evidence=False)`` (``--fast``) reads no improbable words: each paragraph is scored on
    its findings, as its document is."""
    restorer = Restorer(Config(spin_evidence=False))
    text = f"{SHORT_CLEAN}\n\n{SHORT_SPUN}"
    assert [p.verdict for p in restorer.paragraph_scores(text)] == ["clean", "spun"]


# --- the report, Dask and pandas ---------------------------------------------------------------------------
def _paragraph_rows(page: str) -> list[tuple[int, int, str, float]]:
    """The report's paragraph table rows: (start, end, verdict, score)."""
    import re

    return [(int(a), int(b), v, float(s)) for a, b, v, s in re.findall(
        r'<tr data-start="(\d+)" data-end="(\d+)"><td class="num">[\d–]+</td><td><span class="verdict '
        r'v-(\w+)">\w+</span></td><td class="num">([\d.]+)</td>', page)]


def test_the_report_lists_the_spun_paragraphs_and_not_the_clean_ones(default: Restorer, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """``check --html`` and ``report_html`` list each paragraph that reads as spun or suspicious, at its
    offsets, with the score ``paragraph_scores`` gives; the clean fixture's paragraphs are not listed."""
    clean = CLEAN_NEWS.strip()
    text = f"{clean}\n\n{SPUN}"
    expected = [(p.start, p.end, p.verdict, round(p.score, 3)) for p in default.paragraph_scores(text)
                if p.verdict != "clean"]
    assert len(expected) >= 15 and all(start >= len(clean) for start, *_ in expected)
    page = spinfix.report_html(text)
    assert _paragraph_rows(page) == expected
    n = len(_blocks(text))
    assert f"Paragraphs: {n}, of which " in page
    assert _paragraph_rows(check_page(tmp_path, capsys, text, 1)) == expected


def test_the_report_reads_a_page_without_blank_lines_by_line(default: Restorer) -> None:
    """A scraped page puts each paragraph on a line of its own: with no blank line the report scores
    lines; a single paragraph gets no table (its score is the document's); all clean says so."""
    from spinfix.report import report_paragraphs

    text = f"{SHORT_CLEAN}\n{SHORT_SPUN}\n"
    got = report_paragraphs(default, text)
    assert got == default.paragraph_scores(text, lines=True) and len(got) == 2
    assert got[0].verdict == "clean" and got[1].verdict != "clean"
    assert _paragraph_rows(spinfix.report_html(text)) == [(got[1].start, got[1].end, got[1].verdict,
                                                           round(got[1].score, 3))]
    assert report_paragraphs(default, SHORT_SPUN) == default.paragraph_scores(SHORT_SPUN)
    page = spinfix.report_html(SHORT_SPUN)
    assert 'class="paras"' not in page
    assert "All 2 paragraphs read as clean." in spinfix.report_html(f"{SHORT_CLEAN}\n\n{SHORT_CLEAN}")


def test_scan_html_lists_paragraphs_with_the_paragraphs_option(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """``scan --html --paragraphs`` shows the paragraphs the records carry; without the option the page
    has no paragraph table (the scan makes none)."""
    text = f"{SHORT_CLEAN}\n\n{SHORT_SPUN}"
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    for flag in ([], ["--paragraphs", "blank"]):
        out, html = tmp_path / "out.jsonl", tmp_path / "r.html"
        rc, _, err = run_scan([str(src), "-o", str(out), "--html", str(html), "-q", *flag], capsys)
        assert rc == 0, err
        page = html.read_text(encoding="utf-8")
        record = json.loads(out.read_text(encoding="utf-8"))
        if not flag:
            assert 'class="paras"' not in page and "spinfix_paragraphs" not in record
            continue
        flagged = [(p["start"], p["end"], p["verdict"], round(p["score"], 3))
                   for p in record["spinfix_paragraphs"] if p["verdict"] != "clean"]
        assert flagged and _paragraph_rows(page) == flagged


@pytest.mark.parametrize("blank", ["\n\u00a0\n", "\r\r", "\u2028 \u2028", "\n\u3000\n"],
                         ids=["no-break-space-line", "cr-only", "line-separators", "ideographic-space-line"])
def test_a_document_restores_the_same_whatever_its_blank_lines_hold(default: Restorer, blank: str) -> None:
    """Blank lines are where regions, registers and quotations stop: written with a no-break space, CR-only
    line ends or Unicode separators they had joined paragraphs, and the restoration changed with them (on
    the session's fixtures, spun benchmark documents and devset articles, 148 of 648 such variants came
    out otherwise). Now the same restoration, separators kept. The document: a clean news fixture spun by the
    benchmark suite's spinner, as its spun news subset makes it (one whose restoration had changed)."""
    from benchmarks.spinner import Spinner

    clean = (ROOT / "tests" / "fixtures" / "clean" / "news" / "03-central-bank.txt").read_text(encoding="utf-8")
    text = Spinner(seed=0).spin(clean, seed=2)[0].replace("\r\n", "\n")
    expected = default.restore(text)
    assert expected != text
    assert default.restore(text.replace("\n\n", blank)) == expected.replace("\n\n", blank)
