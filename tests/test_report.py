"""The HTML report without a browser: escaping, the CSP, the embedded data and the page structure.

The page is parsed back with the standard library's HTML parser, the way a browser tokenises it, so these
tests check what a browser would see: that document text comes back exactly (code point for code point)
and that each highlight sits at its finding's offsets.
"""

from __future__ import annotations

import base64
import doctest
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import spinfix
import spinfix.report.render
from spinfix import Config, Evidence, Finding, Restorer, report_html
from spinfix.cli import main
from spinfix.report import render_report
from spinfix.report.explain import explain

TABLE = """#spinfix-table 1
# A small deterministic table for the report tests.
spun\toriginal\tconfidence\ttags\tsource\tcontext
personal corporation\tprivate company | privately held company\t0.85\tdomain=news,kind=phrase,pos=noun\tuser
inform\ttell\t0.9\tdomain=news,kind=word,pos=verb\tuser\tright=reporters|reuters
wall avenue\twall street\t0.97\tdomain=news,kind=phrase\tuser
profound learning\tdeep learning\t0.95\tdomain=science,kind=tortured\tuser
state\tsay\t0.3\tdomain=news,kind=word,pos=verb\tuser
"""

SAMPLE = (
    "Officials informed reporters on Tuesday that personal corporations were cutting jobs.\n\n"
    "Shares fell on Wall Avenue, and rates rose zero.5 % as the bank stated.\n"
    "Profound learning helps.\n"
)

HOSTILE = (
    '<script>window.__pwned = 1; document.title = "pwned"</script>\n'
    '"><img src=x onerror="window.__pwned = 2; document.title = \'pwned\'">\n'
    "'><svg onload=\"window.__pwned = 3\"></svg> </script><script>window.__pwned = 4</script>\n"
    "<!-- <style>body{display:none}</style> ]]> &amp; &lt;b&gt; \\u003c/script\\u003e\n"
    "Officials informed reporters that personal corporations <b>were</b> cutting jobs on Wall Avenue.\n"
)


def make_restorer(tmp_path: Path) -> Restorer:
    """A restorer over :data:`TABLE` only, without n-gram context: deterministic and fast."""
    path = tmp_path / "report_table.tsv"
    path.write_text(TABLE, encoding="utf-8")
    return Restorer(Config(tables=(str(path),), default_tables=False, context=False, generalize=False))


@pytest.fixture
def restorer(tmp_path: Path) -> Restorer:
    return make_restorer(tmp_path)


def hostile_finding(text: str, needle: str) -> Finding:
    """A hand-made finding whose every string field carries markup, at ``needle`` in ``text``."""
    start = text.index(needle)
    return Finding(
        start=start, end=start + len(needle), spun=needle,
        restored='</script><script>window.__pwned = 5</script>',
        alternatives=('"><img src=x onerror=alert(1)>',),
        score=0.8, rule="table:<b>news</b>", reason='reason "quoted" & <i>tagged</i>', action="restore",
        entry="<evil>.tsv:1",
        evidence=(Evidence("<prior>", 1.5, "</script><!--"), Evidence("context", -0.25, "'single' & \"double\"")),
    )


class PageParser(HTMLParser):
    """Collects what the tests look at: each document's text, its marks, scripts, metas and tags used."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: dict[int, str] = {}
        self.marks: dict[int, list[dict[str, str | int]]] = {}
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.metas: list[dict[str, str | None]] = []
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.title = ""
        self._doc: int | None = None
        self._depth = 0
        self._buf: list[str] = []
        self._mark: dict[str, str | int] | None = None
        self._script: dict[str, str | None] | None = None
        self._buf_script: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.add(tag)
        self.attributes.update(a)
        if tag == "meta":
            self.metas.append(a)
        elif tag == "script":
            self._script, self._buf_script = a, []
        elif tag == "title" and not self.title:
            self._in_title = True
        if self._doc is not None:
            if tag == "div":
                self._depth += 1
            elif tag == "mark":
                self._mark = {**{k: v or "" for k, v in a.items()}, "at": len("".join(self._buf)), "text": ""}
        elif tag == "div" and "data-doc" in a:
            self._doc, self._depth, self._buf = int(a["data-doc"] or 0), 1, []
            self.marks[self._doc] = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._buf_script)))
            self._script = None
        elif tag == "title":
            self._in_title = False
        if self._doc is None:
            return
        if tag == "mark" and self._mark is not None:
            self.marks[self._doc].append(self._mark)
            self._mark = None
        elif tag == "div":
            self._depth -= 1
            if self._depth == 0:
                self.texts[self._doc] = "".join(self._buf)
                self._doc = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._buf_script.append(data)
        if self._in_title:
            self.title += data
        if self._doc is not None:
            self._buf.append(data)
            if self._mark is not None:
                self._mark["text"] = str(self._mark["text"]) + data


def check_page(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, code: int) -> str:
    """The page ``spinfix check --html`` writes for ``text`` (with the shipped tables), its exit code checked."""
    doc = tmp_path / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["check", str(doc), "--html", str(out)]) == code
    capsys.readouterr()
    return out.read_text(encoding="utf-8")


def parse(page: str) -> PageParser:
    p = PageParser()
    p.feed(page)
    p.close()
    return p


def page_data(parsed: PageParser) -> dict:
    [(_, raw)] = [(a, s) for a, s in parsed.scripts if a.get("type") == "application/json"]
    return json.loads(raw)


# --- escaping -----------------------------------------------------------------------------------------------


def test_hostile_document_text_is_escaped(restorer: Restorer) -> None:
    findings = restorer.detect(HOSTILE)
    assert findings, "the hostile sample should still contain findings"
    page = render_report([('<img src=x onerror="alert(1)">.txt', HOSTILE, findings)], restorer)
    parsed = parse(page)
    # Only the page's own two scripts exist, and no element from the document was created.
    assert len(parsed.scripts) == 2
    assert {"img", "svg", "b", "style"} & parsed.tags == {"svg", "style"}  # the chart and the page's own style
    assert page.count("<svg") == 1 and page.count("<style") == 1
    assert not {a for a in parsed.attributes if a.startswith("on")}
    assert "<script>window" not in page and "<img" not in page
    # And the text survives exactly.
    assert parsed.texts[0] == HOSTILE
    assert parsed.title == 'spinfix report — <img src=x onerror="alert(1)">.txt'


def test_hostile_finding_data_is_escaped_and_round_trips(restorer: Restorer) -> None:
    text = "A <b>bold</b> & 'quoted' \"claim\" </script> here."
    f = hostile_finding(text, "</script>")
    page = render_report([("doc", text, [f])], restorer)
    parsed = parse(page)
    assert len(parsed.scripts) == 2
    assert "<script>window.__pwned" not in page
    assert "<i>tagged" not in page and "<evil>" not in page and "<prior>" not in page
    assert parsed.texts[0] == text
    [mark] = parsed.marks[0]
    assert mark["text"] == "</script>" and mark["data-start"] == str(f.start)
    assert "</script>" in str(mark["aria-label"]) and "window.__pwned" in str(mark["aria-label"])
    data = page_data(parsed)
    strings = data["strings"]
    [row] = data["docs"][0]["findings"]
    assert strings[row[0]] == f.spun and strings[row[1]] == f.restored
    assert [strings[i] for i in row[2]] == list(f.alternatives)
    assert strings[row[4]] == f.rule and strings[row[6]] == f.reason and strings[row[8]] == f.entry
    assert [(strings[n], lo, strings[d]) for n, lo, d, _ in row[9]] == [(e.name, e.log_odds, e.detail)
                                                                    for e in f.evidence]


def test_embedded_json_cannot_close_its_element(restorer: Restorer) -> None:
    text = "x </script><script>alert(1)</script> <!-- \u2028 \u2029 & y"
    f = hostile_finding(text, "</script>")
    page = render_report([("</script>", text, [f])], restorer)
    start = page.index('<script type="application/json" id="spinfix-data">')
    raw = page[start:page.index("</script>", start)]
    body = raw.split(">", 1)[1]
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in body
    assert json.loads(body)["docs"][0]["name"] == "</script>"


# --- self-contained and locked down -------------------------------------------------------------------------


def test_csp_allows_only_the_page_own_style_and_script(restorer: Restorer) -> None:
    page = render_report([("doc", SAMPLE, restorer.detect(SAMPLE))], restorer)
    parsed = parse(page)
    [csp] = [m["content"] for m in parsed.metas if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp is not None
    policy = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert policy["default-src"] == "'none'"
    assert "unsafe" not in csp and "http" not in csp and "*" not in csp and "data:" not in csp
    [script] = [s for a, s in parsed.scripts if "type" not in a]
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    assert style is not None

    def sha(source: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"

    assert policy["script-src"] == sha(script)
    assert policy["style-src"] == sha(style.group(1))
    # The meta comes before anything it governs.
    assert page.index("Content-Security-Policy") < page.index("<style>")


def test_no_external_resources(restorer: Restorer) -> None:
    page = render_report([("doc", SAMPLE, restorer.detect(SAMPLE))], restorer)
    for needle in ("http://", "https://", "src=", "<link", "@import", "url(", "@font-face", "<iframe", "<img"):
        assert needle not in page, needle
    assert " style=" not in page  # inline style attributes would need 'unsafe-inline'
    parsed = parse(page)
    assert "style" not in parsed.attributes and not {a for a in parsed.attributes if a.startswith("on")}


def test_output_is_deterministic(restorer: Restorer) -> None:
    docs = [("doc", SAMPLE, restorer.detect(SAMPLE))]
    assert render_report(docs, restorer) == render_report(docs, restorer)


# --- exact text and offsets ---------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "😀👍🏽 ", "e\u0301 İ ", "\r\n\t", "line\rbreak ", "ﬁ\u00a0", "\u200f\u05d0 "])
def test_text_round_trips_and_marks_sit_at_their_offsets(restorer: Restorer, prefix: str) -> None:
    text = prefix + SAMPLE.replace("\n\n", "\r\n\r\n")
    findings = restorer.detect(text)
    assert len(findings) >= 5
    parsed = parse(render_report([("doc", text, findings)], restorer))
    # A browser would turn a raw CRLF into LF: the page writes that CR as &#13; so the text stays exact.
    assert parsed.texts[0] == text
    marks = parsed.marks[0]
    assert [(int(m["data-start"]), int(m["data-end"]), m["text"]) for m in marks] == [
        (f.start, f.end, f.spun) for f in findings]
    for m in marks:
        assert m["at"] == int(m["data-start"])  # position in the page text == the finding's code-point offset
        assert m["tabindex"] == "0" and m["role"] == "button" and m["aria-label"]


def test_marks_are_coloured_by_score_band_and_styled_by_action(restorer: Restorer) -> None:
    text = "one two three four"
    findings = [
        Finding(0, 3, "one", "1", (), 0.95, "rule:number", "", "restore"),
        Finding(4, 7, "two", "2", (), 0.7, "rule:number", "", "restore"),
        Finding(8, 13, "three", "3", (), 0.3, "rule:number", "", "report"),
        Finding(14, 18, "four", "4", (), 0.97, "table:news", "", "report"),  # a detect-only row
    ]
    page = render_report([("doc", text, findings)], restorer)
    classes = {m["text"]: set(str(m["class"]).split()) for m in parse(page).marks[0]}
    assert classes == {
        "one": {"f", "b-high", "a-restore"},
        "two": {"f", "b-mid", "a-restore"},
        "three": {"f", "b-low", "a-report"},
        "four": {"f", "b-high", "a-report"},
    }


def test_nul_and_lone_surrogates_keep_offsets_and_encode(restorer: Restorer) -> None:
    text = "a\x00b \ud800 Officials informed reporters on Wall Avenue."
    findings = restorer.detect(text)
    page = render_report([("n\x00me\udfff", text, findings)], restorer)
    page.encode("utf-8")  # no lone surrogate reaches the output
    parsed = parse(page)
    assert parsed.texts[0] == text.replace("\x00", "\ufffd").replace("\ud800", "\ufffd")
    assert [int(m["data-start"]) for m in parsed.marks[0]] == [f.start for f in findings]
    assert [m["at"] for m in parsed.marks[0]] == [f.start for f in findings]


def test_large_text_is_cut_into_blocks_on_line_breaks_outside_findings(restorer: Restorer,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spinfix.report.render, "_BLOCK_CHARS", 40)
    # Findings spanning a line break ("personal\ncorporations") must never be cut.
    text = "".join(f"Line {i}: personal\ncorporations and Wall\nAvenue again.\n" for i in range(30))
    findings = restorer.detect(text)
    assert any("\n" in f.spun for f in findings)
    page = render_report([("doc", text, findings)], restorer)
    body = page[page.index('data-doc="0"'):page.index("</section>")]
    assert body.count('<div class="block">') > 10
    for block in re.findall(r'<div class="block">(.*?)</div>', body, re.S):
        assert block.count("<mark") == block.count("</mark>")
    parsed = parse(page)
    assert parsed.texts[0] == text
    assert [m["at"] for m in parsed.marks[0]] == [f.start for f in findings]


# --- summary ------------------------------------------------------------------------------------------------


def test_summary_matches_spin_score_and_lists_rules(restorer: Restorer) -> None:
    findings = restorer.detect(SAMPLE)
    page = render_report([("doc", SAMPLE, findings)], restorer)
    score = restorer.spin_score(SAMPLE)
    assert f'<span class="big">{score.score:.3f}</span>' in page
    assert f'<span class="verdict v-{score.verdict}">{score.verdict}</span>' in page
    assert f'<span class="big">{score.per_1000_words:.1f}</span> per 1,000 words' in page
    assert f"{score.words:,} words" in page
    n_restore = sum(1 for f in findings if f.action == "restore")
    assert f'<span class="big">{n_restore}</span> to restore' in page
    for rule in {f.rule for f in findings}:
        assert f"<code>{rule}</code>" in page
    assert "<td>tortured</td>" in page and "<td>number</td>" in page


def test_histogram_links_to_findings(restorer: Restorer) -> None:
    findings = restorer.detect(SAMPLE)
    page = render_report([("doc", SAMPLE, findings)], restorer)
    targets = re.findall(r'<a class="bin" href="#(d0-f\d+)"', page)
    assert targets and len(targets) <= len(findings)
    for t in targets:
        assert f'id="{t}"' in page
    assert "<svg" in page and 'role="img"' in page


def test_unplaceable_findings_are_reported_not_misplaced(restorer: Restorer) -> None:
    findings = restorer.detect(SAMPLE)
    good = findings[0]
    bad = [
        Finding(good.start, good.end + 1, good.spun, "x", (), 0.9, "r", "", "restore"),  # spun does not match
        Finding(len(SAMPLE), len(SAMPLE) + 4, "oops", "x", (), 0.9, "r", "", "restore"),  # outside the text
        Finding(good.start, good.end, good.spun, "dup", (), 0.9, "r", "", "restore"),  # overlaps
        Finding(3, 3, "", "x", (), 0.9, "r", "", "restore"),  # empty
    ]
    page = render_report([("doc", SAMPLE, [*findings, *bad])], restorer)
    parsed = parse(page)
    assert len(parsed.marks[0]) == len(findings)
    assert "4 findings could not be highlighted" in page
    assert parsed.texts[0] == SAMPLE


def test_several_documents_get_an_index_and_a_clean_one_says_so(restorer: Restorer) -> None:
    page = report_html([("spun.txt", SAMPLE), ("clean.txt", "Nothing to see here.\n")], restorer.config)
    assert '<nav class="index"' in page and 'href="#d0"' in page and 'href="#d1"' in page
    parsed = parse(page)
    assert parsed.texts[1] == "Nothing to see here.\n" and parsed.marks[1] == []
    assert "No findings in this document" in page and "v-clean" in page


def test_empty_inputs(restorer: Restorer) -> None:
    assert "No documents." in render_report([], restorer)
    parsed = parse(render_report([("empty", "", [])], restorer))
    assert parsed.texts[0] == ""


# --- the public function and the CLI ------------------------------------------------------------------------


def test_report_html_accepts_text_list_pairs_and_mapping(restorer: Restorer) -> None:
    cfg = restorer.config
    one = parse(report_html(SAMPLE, cfg))
    assert one.texts == {0: SAMPLE} and one.title == "spinfix report — document 1"
    many = parse(report_html([SAMPLE, ("named", "Wall Avenue.")], cfg))
    assert many.texts == {0: SAMPLE, 1: "Wall Avenue."}
    assert '<a href="#d1">named</a>' in report_html([SAMPLE, ("named", "Wall Avenue.")], cfg)
    mapped = parse(report_html({"a": "Wall Avenue.", "b": SAMPLE}, cfg))
    assert mapped.texts == {0: "Wall Avenue.", 1: SAMPLE}
    # Every finding detect returns is shown, report-only ones included.
    assert len(one.marks[0]) == len(restorer.detect(SAMPLE))
    with pytest.raises(TypeError):
        report_html([b"bytes"], cfg)  # type: ignore[list-item]
    assert "report_html" in spinfix.__all__


def test_cli_check_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "t.tsv"
    table.write_text(TABLE, encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "report.html"
    code = main(["check", str(doc), "--html", str(out), "--table", str(table), "--no-default-tables",
                 "--no-context"])
    assert code == 1
    parsed = parse(out.read_text(encoding="utf-8"))
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln]
    assert len(parsed.marks[0]) == len(lines) > 0
    assert parsed.texts[0] == SAMPLE


def test_module_doctests() -> None:
    result = doctest.testmod(spinfix.report.render)
    assert result.failed == 0 and result.attempted > 0


# --- the editor's views: restored text, verdict order, plain-word evidence ----------------------------------


class RestoredViewParser(PageParser):
    """Reads each document's restored view (``data-rdoc``) the way :class:`PageParser` reads the spun one."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        renamed = [("data-doc" if k == "data-rdoc" else "data-spun-doc" if k == "data-doc" else k, v)
                   for k, v in attrs]
        super().handle_starttag(tag, renamed)


def restored_views(page: str) -> RestoredViewParser:
    p = RestoredViewParser()
    p.feed(page)
    p.close()
    return p


@pytest.mark.parametrize("prefix", ["", "😀👍🏽 e\u0301 İ\r\n", "Buy a Wall Avenue share.\n"])
def test_restored_view_is_the_restored_text_with_restored_spans_marked(restorer: Restorer, prefix: str) -> None:
    text = prefix + SAMPLE.replace("\n\n", "\r\n\r\n")
    findings = restorer.detect(text)
    assert {f.action for f in findings} == {"restore", "report"}  # both kinds, so both paths are taken
    page = render_report([("doc", text, findings)], restorer)
    views = restored_views(page)
    edits = restorer.restore_and_explain(text).edits
    assert views.texts[0] == spinfix.apply_edits(text, edits) == restorer.restore(text)
    # One marked span per restored finding, holding the edit's new text (the article fix included).
    assert [(int(m["data-start"]), int(m["data-end"]), m["text"]) for m in views.marks[0]] == [
        (e.start, e.end, e.new) for e in edits]
    assert all(m["class"].startswith("r ") for m in views.marks[0])
    # The spun view is unchanged and shown; the restored one starts hidden; one toggle per document + global.
    assert parse(page).texts[0] == text
    assert re.search(r'<div class="text restored" data-rdoc="0" lang="en" hidden>', page)
    assert 'data-toggle="0"' in page and 'data-toggle="all"' in page


def test_restored_view_cuts_blocks_like_the_spun_view(restorer: Restorer) -> None:
    text = (SAMPLE + "\n") * 800  # over _BLOCK_CHARS: several blocks
    findings = restorer.detect(text)
    page = render_report([("big", text, findings)], restorer)
    assert restored_views(page).texts[0] == restorer.restore(text)
    rdoc = page[page.index('data-rdoc="0"'):]
    assert rdoc.count('<div class="block">') > 1


def test_clean_documents_start_collapsed_and_carry_verdict_and_score(restorer: Restorer) -> None:
    page = report_html([("spun.txt", SAMPLE), ("clean.txt", "Nothing to see here.\n")], restorer.config)
    spun = re.search(r'<section class="doc" id="d0"[^>]*data-verdict="(\w+)" data-score="([\d.]+)"[^>]*>'
                     r"<details( open)?>", page)
    clean = re.search(r'<section class="doc" id="d1"[^>]*data-verdict="(\w+)" data-score="([\d.]+)"[^>]*>'
                      r"<details( open)?>", page)
    assert spun and clean
    assert spun.group(1) != "clean" and spun.group(3) == " open"
    assert clean.group(1) == "clean" and clean.group(3) is None and float(clean.group(2)) == 0.0
    # The index carries the same data for the script's filter and sort, and the controls are there.
    assert '<tr data-verdict="clean" data-score="0.000000" data-order="1">' in page
    for verdict in ("spun", "suspicious", "clean"):
        assert f'data-filter="{verdict}"' in page
    assert '<select id="sort">' in page
    # One document: no index, so no filter.
    assert "data-filter=" not in report_html(SAMPLE, restorer.config)


# --- evidence in plain words --------------------------------------------------------------------------------

@pytest.mark.parametrize(("evidence", "sentence"), [
    (Evidence("prior", -1.735, "table:news prior 0.15"), "the news table lists this swap (prior 0.15)"),
    (Evidence("prior", 2.944, "rule:number prior 0.95"),
     "a number written as a word, as spinners write them (prior 0.95)"),
    (Evidence("prior", 0.0, "general:thesaurus prior 0.50"), "the spinners' thesaurus has this swap (prior 0.50)"),
    (Evidence("prior", 0.4, "odd"), "how often this form is a spinner's swap"),
    (Evidence("context", 3.0, "trigram model: 'rents for [private] landlords' vs 'rents for [personal] landlords' "
                              "+2.82 log10 (+2.80 beyond word frequency)"), "the trigram model prefers 'private' here"),
    (Evidence("context", -0.2, "trigram model: 'he [said] that' vs 'he [stated] that' -0.10 log10 (-0.10 beyond "
                               "word frequency)"), "the trigram model slightly prefers 'stated' here, as written"),
    (Evidence("context", 1.2, "'officials told' vs 'officials informed' +0.80; 'told reporters' vs 'informed "
                              "reporters' +0.40"), "word-pair counts prefer 'told' here"),
    (Evidence("document", 2.069, "7 strong findings in 1280 words; in spun text this form is a swap 47% of the time"),
     "the surrounding text looks spun (7 strong findings in 1,280 words)"),
    (Evidence("document", 1.4, "2 strong findings in 66 words; in spun text this form is a swap 70% of the time; "
                               "5 signature words nearby (words spinners write for others)"),
     "the surrounding text looks spun (2 strong findings in 66 words; 5 words spinners write for others)"),
    (Evidence("established", 1.0, "'deep learning' is established pair by pair (a term), 'profound learning' is not"),
     "the restored words are an established phrase and the spun ones are not"),
    (Evidence("article", 2.0, "the article before it fits another word"),
     "the 'a' or 'an' before it fits the original word, not this one"),
    (Evidence("and-term", 1.0, "a companion term of this phrase occurs"),
     "a companion term of the original phrase occurs nearby"),
    (Evidence("quoted", -1.0, "inside quotation marks, which spinners often skip"),
     "inside quotation marks, which spinners often skip"),
    (Evidence("consistency", 0.7, "the same phrase scores 0.93 elsewhere in this spun document"),
     "the same phrase is a likelier swap elsewhere in this document (score 0.93)"),
    (Evidence("unspun region", 0.0, "a weak row is restored only where its region shows signs of spinning"),
     "a weak swap, and nothing around it looks spun, so it is only reported"),
    (Evidence("unsettled", 0.0, "restoring did not settle after 6 passes: ..."),
     "restoring kept changing the text here, so it is left as written"),
    (Evidence("later pass", 0.0, "restored by a later pass, ..."),
     "restored in a later pass, once the edits before it had changed its context"),
    (Evidence("trigram", 2.05, "log10 gain of the reading by the trigram model"),
     "the trigram model prefers this reading here (2.0 in log10)"),
    (Evidence("lm margin", 7.25, "log P with the reading - as written (smollm2)"),
     "the language model (smollm2) reads the sentence as likelier with this word, by 7.2 nats"),
    (Evidence("lm gap", 3.5, "over the runner-up reading"), "and likelier than with any other reading, by 3.5 nats"),
    (Evidence("<new factor>", 0.3, ""), "<new factor>: slightly towards a swap"),
    (Evidence("other", -2.0, ""), "other: against a swap"),
])
def test_explain_says_each_evidence_in_plain_words(evidence: Evidence, sentence: str) -> None:
    assert explain(evidence) == sentence


def test_every_evidence_name_the_scorer_emits_has_its_own_sentence() -> None:
    """A new Evidence name in spinfix/ without a sentence would fall back to "name: towards a swap"."""
    names = set()
    for path in Path(spinfix.__file__).parent.rglob("*.py"):
        names.update(re.findall(r'Evidence\(\s*"([^"]+)"', path.read_text(encoding="utf-8")))
    names.discard("quoted")  # its detail is already plain words, and the sentence repeats it
    assert {"prior", "context", "document", "established", "article", "and-term", "consistency",
            "unspun region", "unsettled", "later pass"} <= names
    for name in names:
        assert not explain(Evidence(name, 1.0, "")).startswith(f"{name}:"), name


def test_the_page_carries_each_evidence_sentence(restorer: Restorer) -> None:
    findings = restorer.detect(SAMPLE)
    data = page_data(parse(render_report([("doc", SAMPLE, findings)], restorer)))
    strings = data["strings"]
    for row, f in zip(data["docs"][0]["findings"], findings, strict=True):
        assert [strings[x] for *_, x in row[9]] == [explain(e) for e in f.evidence]


# --- the corpus histogram -----------------------------------------------------------------------------------


def test_corpus_histogram_bins_every_document_by_score_and_verdict(restorer: Restorer) -> None:
    texts = [("spun.txt", SAMPLE), ("clean.txt", "Nothing to see here.\n"), ("clean2.txt", "Nor here.\n"),
             ("mild.txt", "Officials informed reporters. " + "Ordinary words. " * 30)]
    page = report_html(texts, restorer.config)
    scores = [restorer.detect(t) for _, t in texts]
    docs = [render_report([(n, t, f)], restorer) for (n, t), f in zip(texts, scores, strict=True)]
    # Each document's own score, as its card shows it.
    shown = [(re.search(r'data-verdict="(\w+)" data-score="([\d.]+)"', d) or pytest.fail("no score")).groups()
             for d in docs]
    expected: dict[int, dict[str, int]] = {}
    for verdict, score in shown:
        b = min(9, int(float(score) * 10))
        expected.setdefault(b, {}).setdefault(verdict, 0)
        expected[b][verdict] += 1
    svg = page[page.index('<svg class="hist corpus"'):]
    svg = svg[:svg.index("</svg>")]
    bars = re.findall(r'<g class="bar"><title>(\d+) documents? scoring (\d\.\d)–(\d\.\d): ([^<]*)</title>(.*?)</g>',
                      svg)
    got = {}
    for total, lo, _, split, inner in bars:
        parts = {v: int(k) for k, v in (p.split(" ") for p in split.split(", "))}
        assert sum(parts.values()) == int(total)
        assert sorted(re.findall(r'class="c-(\w+)"', inner)) == sorted(parts)  # one bar segment per verdict
        got[round(float(lo) * 10)] = parts
    assert got == expected
    assert sum(sum(p.values()) for p in got.values()) == len(texts)
    # The verdict thresholds are drawn, and the caption counts each verdict.
    cfg = restorer.config
    assert f"suspicious ≥ {cfg.suspicious_at:.2f}" in svg and f"spun ≥ {cfg.spun_at:.2f}" in svg
    n_clean = sum(1 for v, _ in shown if v == "clean")
    assert f'<span class="verdict v-clean">{n_clean} clean</span>' in page
    # One document: no corpus chart.
    assert "hist corpus" not in report_html(SAMPLE, cfg)


def test_corpus_histogram_puts_score_one_in_the_last_bar() -> None:
    from spinfix.records import SpinScore
    from spinfix.report.render import _corpus_histogram, score_histogram

    scores = [SpinScore(1.0, "spun", 9, 100, 90.0), SpinScore(0.0, "clean", 0, 100, 0.0),
              SpinScore(0.95, "spun", 5, 100, 50.0)]
    svg = _corpus_histogram(score_histogram(scores), Config())
    assert "2 documents scoring 0.9–1.0: 2 spun" in svg and "1 document scoring 0.0–0.1: 1 clean" in svg


def test_histogram_bins_add_up_exactly_from_hundredths_to_tenths() -> None:
    """The scanner counts in 100 bins and the chart draws 10: a score on a bar's edge, where a float product
    is off by one ulp (0.3 * 10, 0.57 * 100), must land in the same bar both ways."""
    from spinfix.records import SpinScore
    from spinfix.report.render import _bars, score_histogram
    from spinfix.restore import score_bin

    assert score_bin(0.3, 10) == 3 and score_bin(0.57, 100) == 57 and score_bin(0.2999, 10) == 2
    assert score_bin(1.0, 10) == 9 and score_bin(1.0, 100) == 99 and score_bin(0.0, 100) == 0
    edges = [SpinScore(k / 10_000, "clean", 0, 1, 0.0) for k in range(10_001)]
    assert _bars(score_histogram(edges, 100)) == score_histogram(edges, 10)
    assert [sum(b.values()) for b in score_histogram(edges, 10)] == [1000] * 9 + [1001]
    with pytest.raises(ValueError, match="multiple of 10"):
        _bars(score_histogram(edges, 4))


def test_report_score_is_the_analysis_score_with_the_spin_evidence(default: Restorer, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A synonym-spun paragraph that no table row lists: its findings alone score 0 (clean), its trigram spin
    evidence flags it (suspicious: the evidence alone never says spun, see SPIN_EVIDENCE_WEIGHT). The
    report, from the library and from ``check --html``, says what ``Restorer.analyse(text).score`` (and so
    ``spinfix score``) says."""
    from spinfix.normalize import normalize
    from spinfix.restore import document_score

    text = ("The enterprise unveiled a fresh merchandise that lets purchasers handle their cash extra effectively, "
            "the agency's head mentioned in a declaration on Thursday. Stocks of the agency climbed in early "
            "hours.")
    analysis = default.analyse(text)
    without_evidence = document_score(analysis.findings, len(normalize(text).split()), default.config)
    assert without_evidence.verdict == "clean" and analysis.score.verdict == "suspicious"  # the case this test is for

    def shown(page: str, doc: int = 0) -> tuple[str, float]:
        m = re.search(rf'<section class="doc" id="d{doc}"[^>]*data-verdict="(\w+)" data-score="([\d.]+)"', page)
        assert m, "no document card"
        return m.group(1), float(m.group(2))

    expected = (analysis.score.verdict, analysis.score.score)
    assert shown(report_html(text)) == expected
    # A caller's own (name, text, findings) without a score: scored with the evidence too.
    assert shown(render_report([("doc", text, analysis.findings)], default)) == expected
    assert default.score_findings(text, analysis.findings) == analysis.score
    # check --html shows only the restorable findings (none here) but the document's own score.
    assert shown(check_page(tmp_path, capsys, text, 0)) == expected
