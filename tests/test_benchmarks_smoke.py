"""Smoke test of the benchmark suite: ``python -m benchmarks --quick`` produces well-formed results.

Timings are never asserted (they depend on the machine and its load); only that every CSV, plot and the
summary are written and have the expected shape. A few fast checks of the corpus generator, the spinner
and the table writer run first, since the quick run would only show their failures indirectly.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

pytest.importorskip("matplotlib")
pytest.importorskip("psutil")
pytest.importorskip("flashtext")
pytest.importorskip("ahocorasick_rs")

from benchmarks.corpus import Generator, build_vocabulary  # noqa: E402
from benchmarks.engines import ENGINES  # noqa: E402
from benchmarks.spinner import Spinner  # noqa: E402
from benchmarks.tables import build_table, load_base, spinner_pairs  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_unseen_phrase_answers_keep_the_number_of_the_text() -> None:
    # The PPS expected column names a term, not its inflection: a restoration that keeps the spun text's
    # number is right, singular or plural, and nothing else is accepted.
    from benchmarks.evaluate import gold_forms

    assert gold_forms("irregular woods", ("random forest",)) == {"random forest", "random forests"}
    assert gold_forms("ghostly highlight", ("spectral features",)) == {"spectral features", "spectral feature"}
    assert gold_forms("profound learning", ("deep learning",)) == {"deep learning"}
    assert gold_forms("irregular woods", ("random forests",)) == {"random forests"}


def test_spinner_records_exact_swaps() -> None:
    pairs = [("private company", "personal corporation"), ("said", "stated"), ("against", "towards")]
    text = "Private company said it would act AGAINST rivals; unsaid stays, as the private company said."
    spun, swaps = Spinner(pairs, rate=1.0, seed=1).spin(text)
    assert [s.spun for s in swaps] == ["Personal corporation", "stated", "TOWARDS", "personal corporation", "stated"]
    for s in swaps:
        assert spun[s.start:s.end] == s.spun
        assert text[s.source_start:s.source_end] == s.original
    assert "unsaid" in spun  # whole words only
    assert Spinner(pairs, rate=0.5, seed=3).spin(text) == Spinner(pairs, rate=0.5, seed=3).spin(text)
    assert Spinner(pairs, rate=0.0).spin(text) == (text, [])


def test_corpus_and_tables_are_deterministic_and_valid(tmp_path: Path) -> None:
    from spinfix.table import read_table

    base = load_base()
    assert base.rows and spinner_pairs(base.rows)
    vocab = build_vocabulary(tmp_path / "vocab.json")
    gen = Generator(base, vocab, seed=7)
    docs = [gen.document(i) for i in range(40)]
    # A second generator of the same seed gives the same documents, each whatever was drawn before it:
    # this one reads them last to first, so no document comes after the same ones as in the first pass.
    # (A fresh generator per document checked the same at 0.1 s a build: 4 s of the suite.)
    again = Generator(base, vocab, seed=7)
    assert docs == [again.document(i) for i in reversed(range(40))][::-1]
    assert any(spun for _, spun, _ in docs) and not all(spun for _, spun, _ in docs)
    assert all("\x1e" not in text for text, _, _ in docs)
    size = len(base.rows[:50]) + 200
    table = build_table(base, size, sample_texts=gen.sample(300_000), vocabulary=vocab.words(),
                        directory=tmp_path, seed=7)
    assert len(read_table(table.path)) == table.rows == size
    assert table.synthetic_rows == size - table.shipped_rows


@pytest.mark.slow
def test_quick_run_writes_wellformed_results(tmp_path: Path) -> None:
    out = tmp_path / "results"
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--out", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

    for name in ("default.png", "throughput.png", "scaling.png", "adversarial.png"):
        data = (out / name).read_bytes()
        assert data.startswith(PNG) and len(data) > 5000, name

    # The headline (issue 14): Config() with the shipped tables on real prose (clean news and science, spun
    # news, the crawl mix) and on generated text, peers on the same rows.
    default = _rows(out / "default.csv")
    seen_once = {"clean news (real, seen once)", "clean science (real, seen once)", "spun news (real, seen once)"}
    assert {r["text"] for r in default} == {"clean news (real)", "clean science (real)", "spun news (real)",
                                            "crawl mix (real)", "clean news", "clean science", "spun news",
                                            *seen_once}
    for r in default:
        assert r["status"] == "ok", r
        # The repeated texts: three interleaved runs; the seen-once ones: one pass of one process (quick).
        assert float(r["mbps"]) > 0 and int(r["runs"]) == (1 if r["text"] in seen_once else 3), r
        assert float(r["load_avg_max"]) >= 0
    assert all(float(r["ratio_to_flashtext_replace"]) > 0 for r in default if r["engine"] == "spinfix.restore[default]")
    # Every real document of the genre once (the fixtures and the first held-out set), where the repeated
    # texts of a full run hold many copies of each.
    from benchmarks.suite import real_documents

    once = {r["text"]: int(r["docs"]) for r in default if r["text"] in seen_once}
    assert once == {"clean news (real, seen once)": len(real_documents("news")),
                    "clean science (real, seen once)": len(real_documents("science")),
                    "spun news (real, seen once)": len(real_documents("news"))}

    throughput = _rows(out / "throughput.csv")
    assert [r["engine"] for r in throughput] == list(ENGINES)
    for r in throughput:
        assert r["status"] in ("ok", "error", "timeout")
        if r["status"] == "ok":
            assert float(r["mbps"]) > 0 and float(r["median_s"]) > 0 and int(r["runs"]) == 3
            assert float(r["rss_peak_mb"]) > 0 and float(r["build_s"]) >= 0
    peers = {r["engine"]: r for r in throughput}
    for name in ("ahocorasick_rs.scan", "pyahocorasick.scan", "flashtext.replace", "regex.tokenize"):
        assert peers[name]["status"] == "ok", peers[name]

    corpus = _rows(out / "corpus.csv")
    assert len(corpus) == 1 and int(corpus[0]["bytes"]) >= 100_000 and int(corpus[0]["spun_docs"]) > 0
    tables = _rows(out / "tables.csv")
    assert len(tables) == 1 and int(tables[0]["rows"]) == 1000
    assert any(k.startswith("matches_per_mb_") for k in tables[0])
    assert {r["engine"] for r in _rows(out / "scaling_corpus.csv")}
    assert {r["engine"] for r in _rows(out / "scaling_table.csv")}
    workers = _rows(out / "scaling_workers.csv")
    assert [(r["engine"], int(r["workers"])) for r in workers] == [
        ("spinfix.restore[default]", 1), ("spinfix.restore[default]", 2),
        ("calibration.busy_loop", 1), ("calibration.busy_loop", 2)]
    adversarial = _rows(out / "adversarial.csv")
    assert {r["case"] for r in adversarial} == {"long_line", "long_word", "repeated_word", "repeated_prefix",
                                                "near_matches", "dense_matches"}
    assert all(r["status"] in ("ok", "skipped", "timeout", "error", "not run") for r in adversarial)
    assert any(r["status"] == "ok" and float(r["s_per_mb"]) > 0 for r in adversarial)
    memory = _rows(out / "memory.csv")
    assert memory and memory[0]["engine"] == "spinfix.restore[default][shipped]"

    cold = _rows(out / "coldstart.csv")
    assert [r["what"] for r in cold][:3] == ["import spinfix", "first restore, clean sentence",
                                             "first restore, spun sentence"] and len(cold) == 4
    assert all(0 < float(r["min_s"]) <= float(r["median_s"]) <= float(r["max_s"]) for r in cold)
    # Loading the data for a spun text costs more than importing the package.
    assert float(cold[2]["median_s"]) > float(cold[0]["median_s"])

    targets = _rows(out / "targets.csv")
    assert len(targets) >= 6
    assert all(r["status"] in ("met", "**missed**", "not measured") for r in targets)
    summary = (out / "SUMMARY.md").read_text(encoding="utf-8")
    assert any(r["target"].startswith("default restore (Config(), shipped tables)") for r in targets)
    for heading in ("## Targets", "## Default restore", "## Throughput against peers", "## Scaling",
                    "## Adversarial inputs", "## Memory", "## Cold start", "## Quality"):
        assert heading in summary
    assert "![throughput](throughput.png)" in summary
    env_json = json.loads((out / "environment.json").read_text(encoding="utf-8"))
    assert env_json["plan"]["quick"] is True
    assert env_json["partial"] is False and len(env_json["steps"]) == 8
    assert summary.splitlines()[2].startswith("quick run, ")


def test_cold_start_waits_for_the_load_to_settle_but_not_forever(monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks import suite

    loads = iter([1.2, 0.9, 0.4])  # a machine calming down after the throughput steps
    monkeypatch.setattr(suite.os, "getloadavg", lambda: (next(loads), 0.0, 0.0))
    assert suite.settle(0.5, 60.0, poll_s=0.01) < 1.0  # returned at the third reading, below 0.5
    with pytest.raises(StopIteration):
        next(loads)
    monkeypatch.setattr(suite.os, "getloadavg", lambda: (3.0, 3.0, 3.0))  # never settles
    waited = suite.settle(0.5, 0.05, poll_s=0.01)
    assert 0.05 <= waited < 1.0


def test_mine_benchmark_writes_its_results(tmp_path: Path) -> None:
    """``benchmarks.mine`` end to end on a small stand-in for the Lee corpus (the fixtures' first lines)."""
    from benchmarks.mine import main as mine_main

    fixtures = sorted((ROOT / "tests" / "fixtures" / "clean" / "news").glob("*.txt"))[:8]
    lines = [" ".join(p.read_text(encoding="utf-8").split()) for p in fixtures]
    corpus = tmp_path / "lee"
    corpus.mkdir()
    (corpus / "lee_background.cor").write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    (corpus / "lee.cor").write_text("\n".join(lines[4:]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert mine_main(["--corpus", str(corpus), "--out", str(out), "--confidences", "0.3"]) == 0
    figures = {row["figure"]: float(row["value"]) for row in csv.DictReader((out / "mine.csv").open(encoding="utf-8"))}
    assert figures["documents"] == 8 + len(list((ROOT / "tests" / "fixtures" / "clean" / "news").glob("*.txt"))) \
        + len(list((ROOT / "benchmarks" / "data" / "heldout_clean" / "news").glob("*.txt")))
    assert figures["swaps"] > 0 and figures["crawl_without_edits"] > 0
    assert 0 <= figures["crawl_suggestions_right"] <= figures["crawl_suggestions"]
    assert figures["crawl_with@0.3_recall"] >= figures["crawl_without_recall"]
    table = (out / "mine.md").read_text(encoding="utf-8")
    assert "| the crawl mined whole, its spun stories restored |" in table and "+ suggested rows at 0.3" in table


def test_scan_benchmark_draws_its_runs(tmp_path: Path) -> None:
    """``bench_scan.plot`` draws the throughput runs of a results file on the corpus size of its latest
    run (the committed ``scan.csv`` mixes sizes and a memory run), and refuses a file without any."""
    from benchmarks.bench_scan import FIELDS, plot

    rows = []
    for k, (size, jobs, mbps, corpus) in enumerate([(40.0, 1, 1.6, "throughput"), (1050.0, 2, 2.5, "large"),
                                                     (10.0, 1, 0.7, "throughput"), (10.0, 2, 1.2, "throughput"),
                                                     (10.0, 1, 0.9, "throughput"), (10.0, 2, 1.6, "throughput")]):
        rows.append({f: "" for f in FIELDS} | {
            "date": f"2026-12-0{1 + k // 2}T10:00:00Z", "corpus": corpus, "corpus_mb": size, "jobs": jobs,
            "restore": False, "mb_per_s": mbps, "speedup_vs_1": 1.7 if jobs == 2 else 1.0, "peak_rss_main_mb": 430,
            "load_before": 0.9})
    path = tmp_path / "scan.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    png = plot(path, tmp_path / "scan.png")
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 10_000
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.DictWriter(fh, fieldnames=FIELDS).writeheader()
    with pytest.raises(SystemExit, match="no throughput runs"):
        plot(path, tmp_path / "empty.png")


def test_instruction_counts_read_callgrinds_totals_and_refuse_bad_cases() -> None:
    """benchmarks/instructions.py (needs valgrind, so not run here): its parsing of cases and of
    callgrind's output, where a toggled run leaves ``summary: 0`` above the real ``totals:``."""
    from benchmarks.instructions import Case, callgrind_total, main

    case = Case.parse("news spun table-detect 150000")
    assert (case.genre, case.spun, case.operation, case.size) == ("news", True, "table-detect", 150000)
    assert Case.parse(str(case)) == case and not case.once
    once = Case.parse("science clean restore 400000 once")
    assert (once.genre, once.spun, once.size, once.once) == ("science", False, 400000, True)
    assert Case.parse(str(once)) == once
    for bad in ("news spun restore", "poetry clean restore 10", "news dirty restore 10", "news spun fix 10",
                "news spun restore -5", "news spun restore 0", "news spun restore 10 twice",
                "news spun restore 10 once extra"):
        with pytest.raises(ValueError, match=re.escape("GENRE clean|spun OPERATION BYTES")):
            Case.parse(bad)
    with pytest.raises(ValueError, match="other genre"):
        Case.parse("mix clean restore 100 once")  # no other genre to warm on
    assert callgrind_total("events: Ir\nsummary: 0\n\nfn=x\n1 5\ntotals: 287230762\n") == 287230762
    assert callgrind_total("events: Ir\nsummary: 12\n") == 12
    with pytest.raises(ValueError, match="not a callgrind output"):
        callgrind_total("hello")
    with pytest.raises(SystemExit):
        main(["--case", "news spun restore 100"])  # no source tree
