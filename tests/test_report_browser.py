"""The HTML report in a real headless Chromium: it loads cleanly, highlights the right spans, explains them
on click, hover and keyboard focus, runs nothing from a hostile document, and stays fast on 1 MB.

Needs ``chromium`` and ``chromium-driver`` (Debian package names). Outside CI the tests skip with the reason
when no browser is found; with ``CI=true`` they fail instead, so a CI image without a browser cannot pass
silently. ``SPINFIX_CHROMIUM`` and ``SPINFIX_CHROMEDRIVER`` override the binary paths.

The screenshot test writes ``tests/artifacts/report.png`` and ``report-restored.png`` every run; with
``SPINFIX_UPDATE_SCREENSHOT=1`` it also rewrites the README screenshots in ``docs/`` (not by default, so a test
run never dirties a tracked file).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from spinfix import Config, Finding, Restorer
from spinfix.report import render_report
from spinfix.report.explain import explain
from spinfix.table import default_table_paths
from tests.test_report import HOSTILE, SAMPLE, hostile_finding, make_restorer

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
EXAMPLE = ROOT / "spinfix" / "data" / "examples" / "spun_news_example.txt"
CHROMIUM_ARGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,900",
    "--force-device-scale-factor=1", "--hide-scrollbars",
)
LOAD_LIMIT_S = 20.0

# Rows for the invented example story when the shipped tables are not there yet (the story and these rows
# are the project's own; see spinfix/data/examples/).
DEMO_TABLE = """#spinfix-table 1
# Demo rows for the report screenshot of spinfix/data/examples/spun_news_example.txt.
spun\toriginal\tconfidence\ttags\tsource\tcontext
personal landlord\tprivate landlord\t0.9\tdomain=news,kind=phrase,pos=noun\texample
personal corporation\tprivate company | privately held company\t0.85\tdomain=news,kind=phrase,pos=noun\texample
inform\ttell\t0.5\tdomain=news,kind=word,pos=verb\texample\tright=reporters|reuters
beneath intense scrutiny\tunder intense scrutiny\t0.9\tdomain=news,kind=phrase\texample
state\tsay\t0.15\tdomain=news,kind=word,pos=verb\texample
necessary problem\timportant issue\t0.9\tdomain=news,kind=phrase\texample
chief govt\tchief executive\t0.95\tdomain=news,kind=phrase\texample
decline to remark\tdecline to comment\t0.9\tdomain=news,kind=phrase,pos=verb\texample
possibly be utilized\tbe used\t0.8\tdomain=news,kind=phrase\texample
one of many sources\tone of the sources\t0.7\tdomain=news,kind=phrase\texample
wall avenue\twall street\t0.97\tdomain=news,kind=phrase\texample
turning into\tbecoming\t0.3\tdomain=news,kind=phrase\texample
"""


def _which(env: str, *candidates: str) -> str | None:
    explicit = os.environ.get(env)
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in candidates:
        found = shutil.which(name) or (name if Path(name).is_file() else None)
        if found:
            return found
    return None


def _unavailable(reason: str) -> None:
    """Skip locally, fail in CI: the browser tests are part of what CI must prove."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true, so the browser tests must run "
                    "(apt-get install -y chromium chromium-driver)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed (pip install -e '.[test]')")
    browser = _which("SPINFIX_CHROMIUM", "chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium")
    chromedriver = _which("SPINFIX_CHROMEDRIVER", "chromedriver", "/usr/bin/chromedriver")
    if browser is None or chromedriver is None:
        _unavailable(f"no headless browser: chromium={browser}, chromedriver={chromedriver}")
    profile = tempfile.mkdtemp(prefix="spinfix-chromium-")
    options = webdriver.ChromeOptions()
    for arg in CHROMIUM_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={profile}")
    options.binary_location = browser
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    d.set_page_load_timeout(120)
    try:
        yield d
    finally:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def restorer(tmp_path: Path) -> Restorer:
    return make_restorer(tmp_path)


def open_report(driver: Any, path: Path, page: str) -> float:
    """Write ``page`` to ``path``, load it from disk and return the seconds the load took."""
    path.write_text(page, encoding="utf-8")
    driver.get_log("browser")  # drop what earlier pages logged
    start = time.perf_counter()
    driver.get(path.as_uri())
    return time.perf_counter() - start


def console_problems(driver: Any) -> list[dict]:
    """Errors and warnings the page produced, CSP violations included (they are logged as errors)."""
    return [e for e in driver.get_log("browser")
            if e["level"] in ("SEVERE", "WARNING") or "Content Security Policy" in e["message"]]


def marks_in_page(driver: Any, doc: int = 0) -> list[list[Any]]:
    """Per mark: data-start, data-end, text, and its offset in the page text counted in code points."""
    return driver.execute_script(
        """
        var box = document.querySelector('[data-doc="' + arguments[0] + '"]');
        var range = document.createRange();
        return Array.prototype.map.call(box.querySelectorAll("mark.f"), function (m) {
          range.setStart(box, 0);
          range.setEndBefore(m);
          return [+m.dataset.start, +m.dataset.end, m.textContent, Array.from(range.toString()).length];
        });
        """, doc)


def panel_text(driver: Any) -> str:
    return driver.find_element("id", "panel-body").text


# --- tests --------------------------------------------------------------------------------------------------


def test_loads_cleanly_and_highlights_sit_on_the_findings(driver: Any, restorer: Restorer, tmp_path: Path) -> None:
    text = "😀👍🏽 e\u0301 İ\r\n" + SAMPLE.replace("\n\n", "\r\n\r\n") + "ﬁ\u00a0Wall\u00a0Avenue\n"
    findings = restorer.detect(text)
    assert len(findings) >= 6
    open_report(driver, tmp_path / "r.html", render_report([("sample.txt", text, findings)], restorer))
    assert console_problems(driver) == []
    assert driver.title == "spinfix report — sample.txt"
    marks = marks_in_page(driver)
    assert [(s, e, t) for s, e, t, _ in marks] == [(f.start, f.end, f.spun) for f in findings]
    # The text before each mark is exactly the finding's offset long, in code points (not UTF-16 units).
    assert [at for *_, at in marks] == [f.start for f in findings]
    full = driver.execute_script("return Array.from(document.querySelector('[data-doc=\"0\"]').textContent).length")
    assert full == len(text)


def test_click_shows_the_restoration_in_the_panel(driver: Any, restorer: Restorer, tmp_path: Path) -> None:
    findings = restorer.detect(SAMPLE)
    open_report(driver, tmp_path / "r.html", render_report([("sample.txt", SAMPLE, findings)], restorer))
    index, f = next((i, f) for i, f in enumerate(findings) if f.alternatives)
    mark = driver.find_element("id", f"d0-f{index}")
    mark.click()
    shown = panel_text(driver)
    assert f.restored in shown and f.spun in shown
    assert all(a in shown for a in f.alternatives)
    assert f.rule in shown and f.reason in shown and f"{f.score:.3f}" in shown
    assert all(e.name in shown for e in f.evidence)
    assert all(explain(e) in shown for e in f.evidence)  # each factor in plain words beside its log-odds
    assert mark.get_attribute("aria-pressed") == "true" and "current" in mark.get_attribute("class")
    announce = driver.find_element("id", "announce").get_attribute("textContent")
    assert f.restored in announce
    assert console_problems(driver) == []


def test_hover_previews_and_keyboard_focus_selects(driver: Any, restorer: Restorer, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    findings = restorer.detect(SAMPLE)
    open_report(driver, tmp_path / "r.html", render_report([("sample.txt", SAMPLE, findings)], restorer))
    ActionChains(driver).move_to_element(driver.find_element("id", "d0-f2")).perform()
    assert findings[2].restored in panel_text(driver)
    ActionChains(driver).move_to_element(driver.find_element("tag name", "h1")).perform()
    assert "Hover over a highlight" in panel_text(driver)  # nothing pinned: back to the hint
    # Keyboard only: Tab until a highlight has focus; focus alone selects it.
    body = driver.find_element("tag name", "body")
    for _ in range(60):
        body = driver.switch_to.active_element
        body.send_keys(Keys.TAB)
        active = driver.switch_to.active_element
        if active.tag_name == "mark":
            break
    else:
        pytest.fail("no highlight is reachable with Tab")
    first = int(active.get_attribute("data-i"))
    assert findings[first].restored in panel_text(driver)
    assert active.get_attribute("aria-pressed") == "true"
    # j moves to the next finding, k back.
    ActionChains(driver).send_keys("j").perform()
    assert driver.switch_to.active_element.get_attribute("id") == f"d0-f{first + 1}"
    assert findings[first + 1].restored in panel_text(driver)
    ActionChains(driver).send_keys("k").perform()
    assert driver.switch_to.active_element.get_attribute("id") == f"d0-f{first}"
    assert console_problems(driver) == []


def test_histogram_column_jumps_to_its_first_finding(driver: Any, restorer: Restorer, tmp_path: Path) -> None:
    findings = restorer.detect(SAMPLE)
    open_report(driver, tmp_path / "r.html", render_report([("sample.txt", SAMPLE, findings)], restorer))
    bins = driver.find_elements("css selector", "svg.hist a.bin")
    assert bins
    target = bins[-1].get_dom_attribute("href").lstrip("#")
    driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", bins[-1])
    active = driver.switch_to.active_element
    assert active.get_attribute("id") == target
    assert findings[int(active.get_attribute("data-i"))].restored in panel_text(driver)


def test_hostile_document_runs_nothing(driver: Any, restorer: Restorer, tmp_path: Path) -> None:
    findings = restorer.detect(HOSTILE)
    findings.append(hostile_finding(HOSTILE, "<script>"))
    name = '"><img src=x onerror="window.__pwned=9">.txt'
    open_report(driver, tmp_path / "r.html", render_report([(name, HOSTILE, findings)], restorer))
    mark = driver.find_element("css selector", 'mark[data-start="0"]')
    mark.click()
    state = driver.execute_script(
        "return [typeof window.__pwned, document.title, document.images.length,"
        " document.scripts.length, document.querySelectorAll('[onerror],[onload],b,i').length,"
        " document.querySelector('[data-doc=\"0\"]').textContent]")
    assert state[:5] == ["undefined", f"spinfix report — {name}", 0, 2, 0]
    assert state[5] == HOSTILE
    shown = panel_text(driver)
    assert "</script><script>window.__pwned = 5</script>" in shown  # shown as text, never run
    assert 'reason "quoted" & <i>tagged</i>' in shown
    assert console_problems(driver) == []


def test_one_megabyte_document_loads_quickly(driver: Any, restorer: Restorer, tmp_path: Path) -> None:
    para = ("Officials informed reporters that personal corporations were cutting jobs on Wall Avenue, and rates "
            "rose zero.5 % in the quarter. The rest of this paragraph is ordinary prose about the markets, the "
            "weather and the city council, written only to give the report something long to show.\n\n")
    text = para * (1_000_000 // len(para) + 1)
    assert len(text) >= 1_000_000
    findings = restorer.detect(text)
    assert len(findings) > 10_000
    started = time.perf_counter()
    page = render_report([("big.txt", text, findings)], restorer)
    render_s = time.perf_counter() - started
    load_s = open_report(driver, tmp_path / "big.html", page)
    assert console_problems(driver) == []
    assert render_s < LOAD_LIMIT_S and load_s < LOAD_LIMIT_S, (render_s, load_s)
    count, last = driver.execute_script(
        "var m = document.querySelectorAll('mark.f'); var last = m[m.length - 1];"
        " last.click(); return [m.length, [+last.dataset.start, last.textContent]];")
    assert count == len(findings)
    assert last == [findings[-1].start, findings[-1].spun]
    assert findings[-1].restored in panel_text(driver)
    assert f"finding {len(findings)} of {len(findings)}" in panel_text(driver)


def _example_restorer(tmp_path: Path) -> Restorer:
    """The shipped tables when they are there; otherwise demo rows for the invented example story."""
    if all(Path(p).is_file() for p in default_table_paths()):
        return Restorer(Config())
    table = tmp_path / "demo.tsv"
    table.write_text(DEMO_TABLE, encoding="utf-8")
    return Restorer(Config(tables=(str(table),), default_tables=False))


def test_screenshot_of_the_shipped_examples(driver: Any, tmp_path: Path) -> None:
    """Screenshots of the report over the shipped examples: the page as it opens (corpus chart, index, the
    first document with a finding pinned) and the first document in its restored view. Written to
    tests/artifacts/ every run, and to docs/ for the README with SPINFIX_UPDATE_SCREENSHOT=1."""
    examples = sorted(EXAMPLE.parent.glob("*.txt"))
    if not EXAMPLE.is_file() or len(examples) < 2:
        pytest.fail(f"{EXAMPLE.parent} is missing its examples: the README screenshot is made from them")
    r = _example_restorer(tmp_path)
    docs = [(p.name, p.read_text(encoding="utf-8")) for p in examples]
    docs.sort(key=lambda d: d[0] != EXAMPLE.name)  # the news story first: it shows the most kinds of swap
    detected = [(name, text, r.detect(text)) for name, text in docs]
    findings = detected[0][2]
    assert findings
    open_report(driver, tmp_path / "example.html", render_report(detected, r))
    show: Finding = next((f for f in findings if f.alternatives), max(findings, key=lambda f: len(f.evidence)))
    size = driver.get_window_size()
    driver.set_window_size(1400, 1300)
    shots = {}
    try:
        driver.find_element("css selector", f'[data-doc="0"] mark[data-start="{show.start}"]').click()
        assert show.restored in panel_text(driver)
        driver.execute_script("window.scrollTo(0, 0)")  # the page from its top, with the finding still shown
        assert console_problems(driver) == []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shots["report.png"] = driver.get_screenshot_as_png()
        driver.find_element("css selector", '[data-toggle="0"]').click()
        restored = next(f for f in findings if f.action == "restore")
        mark = driver.find_element("id", f"d0-r{findings.index(restored)}")
        mark.click()
        assert restored.restored in panel_text(driver)
        driver.execute_script("document.getElementById('d0').scrollIntoView()")
        assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        assert console_problems(driver) == []
        shots["report-restored.png"] = driver.get_screenshot_as_png()
    finally:
        driver.set_window_size(size["width"], size["height"])
    for name, png in shots.items():
        (ARTIFACTS / name).write_bytes(png)
        if os.environ.get("SPINFIX_UPDATE_SCREENSHOT") == "1":
            (ROOT / "docs").mkdir(exist_ok=True)
            (ROOT / "docs" / name).write_bytes(png)


def _view_state(driver: Any, doc: int) -> list[Any]:
    return driver.execute_script(
        "var s = document.querySelector('[data-doc=\"' + arguments[0] + '\"]'),"
        " r = document.querySelector('[data-rdoc=\"' + arguments[0] + '\"]');"
        " return [s.checkVisibility(), r.checkVisibility(), r.textContent];", doc)


def test_restored_text_toggle_per_document_and_for_all(driver: Any, restorer: Restorer, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    other = "Officials informed reporters on Wall Avenue.\n"
    docs = [("a.txt", SAMPLE, restorer.detect(SAMPLE)), ("b.txt", other, restorer.detect(other))]
    open_report(driver, tmp_path / "r.html", render_report(docs, restorer))
    assert _view_state(driver, 0)[:2] == [True, False]  # the spun text with its marks, as before
    button = driver.find_element("css selector", '[data-toggle="0"]')
    button.click()
    shown_spun, shown_restored, restored_text = _view_state(driver, 0)
    assert (shown_spun, shown_restored) == (False, True)
    assert restored_text == restorer.restore(SAMPLE)
    assert button.get_attribute("aria-pressed") == "true" and button.text == "Show spun text"
    assert _view_state(driver, 1)[:2] == [True, False]  # the other document keeps its view
    # A restored span explains itself in the panel like a highlight does.
    restored = driver.find_element("css selector", '[data-rdoc="0"] mark.r')
    restored.click()
    f = docs[0][2][int(restored.get_attribute("data-i"))]
    assert f.restored in panel_text(driver) and f.spun in panel_text(driver)
    # j walks only what is on screen: the restored spans of document 0, then document 1's highlights.
    ActionChains(driver).send_keys("j").perform()
    assert driver.switch_to.active_element.get_attribute("class").startswith("r ")
    # The global toggle sets every document; pressing it again returns them all to the spun text.
    everywhere = driver.find_element("css selector", '[data-toggle="all"]')
    everywhere.click()
    assert _view_state(driver, 0)[:2] == [False, True] and _view_state(driver, 1)[:2] == [False, True]
    assert _view_state(driver, 1)[2] == restorer.restore(other)
    everywhere.click()
    assert _view_state(driver, 0)[:2] == [True, False] and _view_state(driver, 1)[:2] == [True, False]
    assert console_problems(driver) == []


def test_histogram_link_reaches_the_restored_span_when_that_view_is_shown(driver: Any, restorer: Restorer,
                                                                        tmp_path: Path) -> None:
    findings = restorer.detect(SAMPLE)
    open_report(driver, tmp_path / "r.html", render_report([("sample.txt", SAMPLE, findings)], restorer))
    driver.find_element("css selector", '[data-toggle="0"]').click()
    first = driver.find_element("css selector", "svg.hist a.bin")
    index = int(first.get_dom_attribute("href").rsplit("-f", 1)[1])
    # Cancelable, as a real click is: the page cancels the jump to the hidden spun mark and focuses instead.
    driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}))",
                          first)
    active = driver.switch_to.active_element
    expected = f"d0-r{index}" if findings[index].action == "restore" else f"d0-f{index}"
    assert active.get_attribute("id") == expected
    assert findings[index].restored in panel_text(driver)


def test_clean_documents_collapsed_and_verdict_filter_and_score_sort(driver: Any, restorer: Restorer,
                                                                   tmp_path: Path) -> None:
    texts = [("clean.txt", "Nothing to see here.\n"), ("spun.txt", SAMPLE),
             ("mild.txt", "Officials informed reporters. " + "Ordinary words. " * 30)]
    docs = [(n, t, restorer.detect(t)) for n, t in texts]
    open_report(driver, tmp_path / "r.html", render_report(docs, restorer))
    state = driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('section.doc'), function (s) {"
        " return [s.id, s.dataset.verdict, s.querySelector('details').open,"
        " s.querySelector('[data-doc]').checkVisibility()]; });")
    verdicts = {i: v for i, v, _, _ in state}
    assert verdicts["d0"] == "clean" and verdicts["d1"] != "clean"
    assert [(i, is_open, seen) for i, v, is_open, seen in state if v == "clean"] == [("d0", False, False)]
    assert all(is_open and seen for _, v, is_open, seen in state if v != "clean")
    # Clicking the collapsed document's heading opens it (plain <details>).
    driver.find_element("css selector", "#d0 summary").click()
    assert driver.execute_script("return document.querySelector('#d0 details').open")

    def order() -> list[str]:
        return driver.execute_script(
            "return Array.prototype.filter.call(document.querySelectorAll('#docs > section'),"
            " function (s) { return !s.hidden; }).map(function (s) { return s.id; })")

    def index_order() -> list[str]:
        return driver.execute_script(
            "return Array.prototype.filter.call(document.querySelectorAll('.index tbody tr'),"
            " function (r) { return !r.hidden; }).map(function (r) { return r.querySelector('a').hash.slice(1); })")

    from selenium.webdriver.support.ui import Select

    scores = {f"d{i}": float(driver.find_element("id", f"d{i}").get_dom_attribute("data-score")) for i in range(3)}
    Select(driver.find_element("id", "sort")).select_by_value("desc")
    assert order() == index_order() == sorted(scores, key=lambda d: (-scores[d], d))
    Select(driver.find_element("id", "sort")).select_by_value("asc")
    assert order() == sorted(scores, key=lambda d: (scores[d], d))
    Select(driver.find_element("id", "sort")).select_by_value("order")
    assert order() == ["d0", "d1", "d2"]
    driver.find_element("css selector", '[data-filter="clean"]').click()
    assert "d0" not in order() and "d0" not in index_order() and len(order()) == 2
    driver.find_element("css selector", '[data-filter="clean"]').click()
    assert order() == ["d0", "d1", "d2"]
    assert console_problems(driver) == []


@pytest.mark.parametrize("width", [1400, 700])
def test_long_paths_wrap_without_horizontal_overflow(driver: Any, restorer: Restorer, tmp_path: Path,
                                                     width: int) -> None:
    long_path = "/srv/corpus/" + "/".join(f"directory_without_breaks_{i:02d}" for i in range(11)) + "/doc.txt"
    long_path = long_path[:296] + ".txt"
    assert len(long_path) == 300
    unbroken = "x" * 300  # no slash or underscore to break at either
    docs = [(name, SAMPLE, restorer.detect(SAMPLE)) for name in (long_path, unbroken)]
    # A full index and chart, with every verdict (the verdict column at its widest).
    more = [(f"clean{i}.txt", "Nothing to see here. " * (i + 1)) for i in range(5)]
    more += [("mild.txt", "Officials informed reporters. " + "Ordinary words. " * 30), ("spun.txt", SAMPLE)]
    docs += [(name, text, restorer.detect(text)) for name, text in more]
    size = driver.get_window_size()
    driver.set_window_size(width, 900)
    try:
        open_report(driver, tmp_path / "r.html", render_report(docs, restorer))
        # The panel shows the name too (at 700 px it is docked over the text, so the click is the script's).
        driver.execute_script("arguments[0].click()", driver.find_element("id", "d1-f0"))
        assert unbroken in panel_text(driver).replace("\n", "")
        overflow = driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth,"
            " Array.prototype.map.call(document.querySelectorAll('.doc-head h2'), function (h) {"
            "   return h.getBoundingClientRect().right <= window.innerWidth; })]")
        assert overflow[0] <= overflow[1], overflow
        assert overflow[2] == [True] * len(docs)
        assert console_problems(driver) == []
    finally:
        driver.set_window_size(size["width"], size["height"])


def test_scan_report_renders_with_its_corpus_histogram(driver: Any, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """``spinfix scan --html`` over a small corpus: the page loads without a console error or CSP violation,
    the corpus chart is on screen with a bar per occupied score range, and the listed documents work like
    check's (a highlight explains itself). Screenshot: tests/artifacts/scan-report.png."""
    import json

    from spinfix.cli import main
    from tests.test_report import TABLE

    table = tmp_path / "t.tsv"
    table.write_text(TABLE, encoding="utf-8")
    texts = [SAMPLE, "Nothing to see here.\n", "Officials informed reporters. " + "Ordinary words. " * 30,
             "Shares fell on Wall Avenue as the bank stated.\n"]
    src = tmp_path / "corpus.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": texts[i % 4]}) + "\n" for i in range(40)) + "{oops\n",
                   encoding="utf-8")
    page = tmp_path / "scan.html"
    assert main(["scan", str(src), "-o", str(tmp_path / "out.jsonl"), "--html", str(page), "--html-docs", "5",
                 "--table", str(table), "--no-default-tables", "--no-context", "-q"]) == 0
    capsys.readouterr()
    size = driver.get_window_size()
    driver.set_window_size(1400, 1000)
    try:
        driver.get_log("browser")
        driver.get(page.as_uri())
        assert console_problems(driver) == []
        assert driver.title == "spinfix scan report"
        chart = driver.find_element("css selector", "svg.hist.corpus")
        assert chart.is_displayed() and chart.size["height"] > 100 and chart.size["width"] > 400
        bars = driver.execute_script(
            "return Array.prototype.map.call(document.querySelectorAll('svg.corpus g.bar'), function (g) {"
            " var r = g.querySelector('rect').getBoundingClientRect(); return [g.textContent, r.height]; })")
        assert len(bars) >= 2 and all(height > 0 for _, height in bars)
        assert sum(int(text.split(" ")[0]) for text, _ in bars) == 40  # every good record; the bad one is not
        note = driver.find_element("css selector", "p.listed")
        assert note.is_displayed() and note.text.startswith("Showing the 5 highest-scoring of 40 documents")
        assert len(driver.find_elements("css selector", "section.doc")) == 5
        driver.find_element("id", "d0-f0").click()
        shown = panel_text(driver)  # the highest-scoring document is the first copy of SAMPLE
        assert f"{src}:1 · finding 1 of" in shown and "informed" in shown and "told" in shown
        assert console_problems(driver) == []
        driver.execute_script("window.scrollTo(0, 0)")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "scan-report.png").write_bytes(driver.get_screenshot_as_png())
    finally:
        driver.set_window_size(size["width"], size["height"])
