"""``spinfix scan --html``: the corpus histogram over every document, the highest-scoring documents, the same
page on any number of workers, bounded per-batch data, and the output-safety rules every scan output obeys."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from spinfix import Restorer, scan
from spinfix.cli import _config, build_parser
from tests.conftest import json_records, run_scan
from tests.test_report import parse
from tests.test_scan import CLEAN, SHORT_SPUN, SPUN, no_temp_files, write_jsonl

MILD = "Officials informed reporters. " + "Ordinary words. " * 30
TEXTS = [SPUN[:1500], CLEAN[:1200], SHORT_SPUN, "Nothing to see here.", MILD]


@pytest.fixture
def flags(small_table: Path) -> list[str]:
    return ["--table", str(small_table), "--no-default-tables", "--no-context", "-q", "--batch-bytes", "4000"]


def corpus(path: Path, n: int = 60) -> Path:
    """``n`` records cycling through spun, clean, short spun, empty-ish and mildly spun texts: every verdict,
    and many ties (each text recurs), over several 4000-byte batches."""
    return write_jsonl(path, [{"id": i, "text": TEXTS[i % len(TEXTS)]} for i in range(n)])


def scan_with_report(tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str],
                     name: str = "r.html") -> tuple[str, list[dict], dict]:
    """Scan with ``--html``, ``-o`` and ``--summary-json``: (the page, the output records, the summary)."""
    out, summary, html = tmp_path / f"{name}.jsonl", tmp_path / f"{name}.json", tmp_path / name
    rc, _, err = run_scan([*argv, "-o", str(out), "--summary-json", str(summary), "--html", str(html)], capsys)
    assert rc == 0, err
    return (html.read_text(encoding="utf-8"), json_records(out.read_text(encoding="utf-8")),
            json.loads(summary.read_text(encoding="utf-8")))


def listed(page: str) -> list[tuple[str, str, float]]:
    """The listed documents in page order: (name, verdict, score) from each document's card."""
    cards = re.findall(r'<section class="doc" id="d(\d+)"[^>]*data-verdict="(\w+)" data-score="([\d.]+)"'
                       r'.*?<h2 id="d\1-h">([^<]*)</h2>', page, re.S)
    assert [int(i) for i, *_ in cards] == list(range(len(cards)))
    return [(name, verdict, float(score)) for _, verdict, score, name in cards]


def histogram(page: str) -> dict[str, int]:
    """Documents per verdict, summed over the corpus chart's bars."""
    svg = page[page.index('<svg class="hist corpus"'):]
    svg = svg[:svg.index("</svg>")]
    counts = dict.fromkeys(("spun", "suspicious", "clean"), 0)
    for split in re.findall(r'<g class="bar"><title>[\d,]+ documents? scoring [\d.–]+: ([^<]*)</title>', svg):
        for part in split.split(", "):
            n, verdict = part.split(" ")
            counts[verdict] += int(n.replace(",", ""))
    return counts


def expected_top(records: list[dict], n: int, name: str, verdicts: tuple[str, ...] = ("spun", "suspicious", "clean")
                 ) -> list[tuple[str, str, float]]:
    """The ``n`` highest ``spinfix_score`` records of ``verdicts``, ties in input (line) order."""
    scored = [(r["spinfix_score"], line, r["spinfix_verdict"]) for line, r in enumerate(records, 1)
              if "spinfix_score" in r and r["spinfix_verdict"] in verdicts]
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [(f"{name}:{line}", verdict, score) for score, line, verdict in scored[:n]]


# --- what the page shows ------------------------------------------------------------------------------------
def test_same_page_on_one_and_two_workers(tmp_path, flags, capsys) -> None:
    src = corpus(tmp_path / "c.jsonl", 120)
    one, _, _ = scan_with_report(tmp_path, [str(src), "--jobs", "1", "--html-docs", "9", *flags], capsys, "one.html")
    two, _, _ = scan_with_report(tmp_path, [str(src), "--jobs", "2", "--html-docs", "9", *flags], capsys, "two.html")
    assert one == two
    assert len(listed(one)) == 9


def test_histogram_counts_every_document_as_the_summary_does(tmp_path, flags, capsys) -> None:
    src = corpus(tmp_path / "c.jsonl", 60)
    page, _, summary = scan_with_report(tmp_path, [str(src), "--html-docs", "3", *flags], capsys)
    assert summary["documents"] == 60 and summary["html"] == str(tmp_path / "r.html")
    assert histogram(page) == summary["verdicts"]
    assert all(summary["verdicts"][v] > 0 for v in ("spun", "suspicious", "clean"))  # every verdict is drawn
    for verdict, n in summary["verdicts"].items():
        assert f'<span class="verdict v-{verdict}">{n:,} {verdict}</span>' in page  # the chart's caption
    assert "Showing the 3 highest-scoring of 60 documents" in page
    assert "60 documents scanned · 3 listed" in page


def test_lists_the_n_highest_scoring_documents_with_the_scanner_scores(tmp_path, flags, capsys) -> None:
    src = corpus(tmp_path / "c.jsonl", 60)
    page, records, _ = scan_with_report(tmp_path, [str(src), "--html-docs", "7", *flags], capsys)
    shown = listed(page)
    # The top 7 by the scores written in the output, ties (the corpus repeats its texts) in input order.
    assert shown == expected_top(records, 7, str(src))
    assert len({score for *_, score in shown}) < len(shown)  # ties were there to break
    assert page.count('<section class="doc"') == 7
    # Each listed document is the record's text, with its findings highlighted.
    parsed = parse(page)
    for i, (name, _, _) in enumerate(shown):
        record = records[int(name.rsplit(":", 1)[1]) - 1]
        assert parsed.texts[i] == record["text"]
        assert len(parsed.marks[i]) >= record["spinfix_n_findings"] > 0


def test_listed_findings_are_every_finding_of_the_scan(tmp_path, flags, capsys) -> None:
    src = corpus(tmp_path / "c.jsonl", 10)
    page, records, _ = scan_with_report(tmp_path, [str(src), "--findings", "--html-docs", "10", *flags], capsys)
    parsed = parse(page)
    for i, (name, _, _) in enumerate(listed(page)):
        record = records[int(name.rsplit(":", 1)[1]) - 1]
        assert [(m["data-start"], m["data-end"]) for m in parsed.marks[i]] == [
            (str(f["start"]), str(f["end"])) for f in record["spinfix_findings"]]


def test_only_chooses_the_listed_documents_not_the_histogram(tmp_path, flags, capsys) -> None:
    src = corpus(tmp_path / "c.jsonl", 60)
    rc, _, _ = run_scan([str(src), "-o", str(tmp_path / "all.jsonl"), *flags], capsys)
    assert rc == 0
    records = json_records((tmp_path / "all.jsonl").read_text(encoding="utf-8"))
    page, _, summary = scan_with_report(tmp_path, [str(src), "--only", "suspicious,clean", "--html-docs", "30",
                                                   *flags], capsys)
    assert histogram(page) == summary["verdicts"] and summary["verdicts"]["spun"] > 0
    shown = listed(page)
    assert shown == expected_top(records, 30, str(src), ("suspicious", "clean"))
    assert {v for _, v, _ in shown} == {"suspicious", "clean"}
    eligible = summary["verdicts"]["suspicious"] + summary["verdicts"]["clean"]
    assert f"Showing the 30 highest-scoring of {eligible} suspicious or clean documents (60 scanned)" in page


def test_fewer_documents_than_n_and_none_at_all(tmp_path, flags, capsys) -> None:
    src = corpus(tmp_path / "c.jsonl", 5)
    page, _, _ = scan_with_report(tmp_path, [str(src), *flags], capsys)  # default --html-docs: 100
    assert len(listed(page)) == 5 and "Showing all 5 documents, highest score first." in page
    page, _, summary = scan_with_report(tmp_path, [str(src), "--html-docs", "0", *flags], capsys, "none.html")
    assert listed(page) == [] and histogram(page) == summary["verdicts"]
    assert "No documents listed, of 5 documents." in page


def test_names_of_whole_files_and_lines(tmp_path, flags, capsys) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(SHORT_SPUN, encoding="utf-8")
    b.write_text("Nothing to see here.\n" + SHORT_SPUN + "\n", encoding="utf-8")
    page, _, _ = scan_with_report(tmp_path, [str(a), str(b), *flags], capsys)
    assert [n for n, *_ in listed(page)] == [str(a), str(b)]  # whole-file documents: the file's name
    page, _, _ = scan_with_report(tmp_path, [str(b), "--lines", *flags], capsys, "lines.html")
    assert [n for n, *_ in listed(page)] == [f"{b}:2", f"{b}:1"]


def test_bad_records_are_counted_in_the_summary_not_listed(tmp_path, flags, capsys) -> None:
    src = corpus(tmp_path / "c.jsonl", 6)
    with open(src, "ab") as fh:
        fh.write(b'{"id": 6, "text": "unterminated\n')
        fh.write(b'{"id": 7, "text": 42}\n')
        fh.write(b'{"id": 8, "text": "caf\xe9 ' + SHORT_SPUN.encode() + b'"}\n')
    page, records, summary = scan_with_report(tmp_path, [str(src), *flags], capsys)
    assert summary["bad_records"] == 3 and summary["documents"] == 6 and len(records) == 9
    assert histogram(page) == summary["verdicts"] and sum(histogram(page).values()) == 6
    assert [n for n, *_ in listed(page)] == [n for n, *_ in expected_top(records, 100, str(src))]
    assert not {f"{src}:{line}" for line in (7, 8, 9)} & {n for n, *_ in listed(page)}


def test_the_page_shows_the_analysis_score_with_spin_evidence(tmp_path, capsys) -> None:
    """With the default tables and model the scanner's score includes the trigram spin evidence; the page must
    show that score (not one recounted from the findings, which is 0 here)."""
    text = ("The enterprise unveiled a fresh merchandise that lets purchasers handle their cash extra effectively, "
            "the agency's head mentioned in a declaration on Thursday. Stocks of the agency climbed in early "
            "hours.")
    src = write_jsonl(tmp_path / "c.jsonl", [{"text": text}, {"text": "Nothing to see here."}])
    page, records, _ = scan_with_report(tmp_path, [str(src), "-q", "--jobs", "1"], capsys)
    reference = Restorer(_config(build_parser().parse_args(["scan", "-"]))).analyse(text).score
    # The evidence alone flags it (suspicious, never spun: see restore.SPIN_EVIDENCE_WEIGHT).
    assert records[0]["spinfix_verdict"] == "suspicious" and records[0]["spinfix_score"] == reference.score
    assert listed(page)[0] == (f"{src}:1", "suspicious", reference.score)


def test_hostile_text_and_name_are_escaped(tmp_path, flags, capsys) -> None:
    hostile = '</script><script>window.__pwned = 1</script><img src=x onerror=alert(1)> ' + SHORT_SPUN
    directory = tmp_path / '"><b>dir'
    directory.mkdir()
    src = write_jsonl(directory / "c.jsonl", [{"text": hostile}])
    page, _, _ = scan_with_report(tmp_path, [str(src), *flags], capsys)
    assert "<script>window" not in page and "<img" not in page and "<b>" not in page
    assert parse(page).texts[0] == hostile


# --- bounded, and nothing extra without --html ---------------------------------------------------------------
def test_batches_send_a_small_histogram_and_at_most_n_candidates(small_table) -> None:
    cfg = _config(build_parser().parse_args(["scan", "-", "--table", str(small_table), "--no-default-tables",
                                             "--no-context"]))
    restorer = Restorer(cfg)
    data = "".join(json.dumps({"text": TEXTS[i % len(TEXTS)]}) + "\n" for i in range(50)).encode()
    batch = [scan.Piece("jsonl", "c.jsonl", 1, data)]
    plain = scan.process_batch(restorer, scan.Options(), batch)
    assert plain.report is None  # the default scan gathers nothing for a report
    result = scan.process_batch(restorer, scan.Options(html_docs=4), batch)
    assert result.output == plain.output
    assert result.report is not None
    assert len(result.report.candidates) == 4
    assert sum(result.report.histogram.values()) == result.documents == 50
    assert len(result.report.histogram) <= scan.HTML_SCORE_BINS * 3
    best = sorted(result.report.candidates, reverse=True)
    scores = sorted((restorer.spin_score(TEXTS[i % len(TEXTS)]).score, -i - 1) for i in range(50))[::-1][:4]
    assert [c[:2] for c in best] == scores


def test_collector_keeps_the_best_across_batches_ties_to_the_earlier() -> None:
    from spinfix.records import SpinScore

    def candidate(name: str, score: float, position: int) -> scan.Candidate:
        return score, -position, (name, "", (), SpinScore(score, "clean", 0, 1, 0.0))

    collector = scan.ReportCollector(2)
    collector.add(scan.ReportPart({(50, "clean"): 1, (40, "clean"): 1},
                                  [candidate("a", 0.5, 1), candidate("b", 0.4, 2)]))
    collector.add(scan.ReportPart({(50, "clean"): 1}, [candidate("c", 0.5, 1)]))  # ties with a, one batch later
    collector.add(scan.ReportPart({}, []))
    assert [d[0] for d in collector.documents()] == ["a", "c"]
    collector.add(scan.ReportPart({(90, "spun"): 1}, [candidate("d", 0.9, 1)]))
    assert [d[0] for d in collector.documents()] == ["d", "a"]
    assert collector.histogram[50]["clean"] == 2 and collector.histogram[90]["spun"] == 1
    assert sum(sum(b.values()) for b in collector.histogram) == 4


# --- output safety -----------------------------------------------------------------------------------------------
def test_html_is_never_an_input_or_another_output(tmp_path, flags, capsys) -> None:
    src = corpus(tmp_path / "c.jsonl", 4)
    before = src.read_bytes()
    link = tmp_path / "link.html"
    link.symlink_to(src)
    out = tmp_path / "o.jsonl"
    for argv in (["--html", str(src)], ["--html", str(link)], ["-o", str(out), "--html", str(out)]):
        rc, _, err = run_scan([str(src), *argv, *flags], capsys)
        assert rc == 2, argv
        assert "is also an input" in err or "are the same file" in err
    assert src.read_bytes() == before and not out.exists()
    rc, _, err = run_scan([str(src), "--html", "-", *flags], capsys)
    assert rc == 2 and "stdout carries the records" in err
    rc, _, err = run_scan([str(src), "--html-docs", "5", *flags], capsys)
    assert rc == 2 and "--html-docs applies to the --html report only" in err
    rc, _, err = run_scan([str(src), "--html", str(tmp_path), *flags], capsys)
    assert rc == 2 and "is a directory" in err
    assert no_temp_files(tmp_path)


def test_a_directory_input_skips_a_previous_report(tmp_path, flags, capsys) -> None:
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    corpus(corpus_dir / "c.jsonl", 4)
    (corpus_dir / "report.html").write_text("<p>an old report</p>", encoding="utf-8")
    rc, out, _ = run_scan([str(corpus_dir), "--html", str(corpus_dir / "report.html"), *flags], capsys)
    assert rc == 0 and len(json_records(out)) == 4  # the old page was not read as a text document
    assert "<svg" in (corpus_dir / "report.html").read_text(encoding="utf-8")


def test_a_failed_scan_leaves_the_old_report(tmp_path, flags, capsys) -> None:
    src = corpus(tmp_path / "c.jsonl", 4)
    with open(src, "a", encoding="utf-8") as fh:
        fh.write("{oops\n")
    html = tmp_path / "r.html"
    html.write_text("old report", encoding="utf-8")
    os.chmod(html, 0o640)
    rc, _, err = run_scan([str(src), "--on-error", "fail", "--html", str(html), "-o", str(tmp_path / "o.jsonl"),
                           *flags], capsys)
    assert rc == 2 and "--on-error fail" in err
    assert html.read_text(encoding="utf-8") == "old report" and no_temp_files(tmp_path)
    assert not (tmp_path / "o.jsonl").exists()
    # A completed scan replaces it, keeping its mode.
    rc, _, _ = run_scan([str(src), "--html", str(html), *flags], capsys)
    assert rc == 0 and html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert html.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("flag", ["--summary-json", "--rejects", "--html"])
def test_only_one_stream_goes_to_stdout(tmp_path: Path, capsys, flag: str) -> None:
    """The records go to stdout unless -o names a file; a second stream there would interleave with them."""
    src = tmp_path / "c.jsonl"
    src.write_text('{"text": "The council stated it."}\n', encoding="utf-8")
    rc, _, err = run_scan([str(src), flag, "-"], capsys)
    assert rc == 2 and "stdout carries the records" in err
    out = tmp_path / "out.jsonl"
    rc, _, err = run_scan([str(src), "-o", str(out), "--summary-json", "-", "--rejects", "-"], capsys)
    assert rc == 2 and "only one of them can go to stdout" in err and not out.exists()
