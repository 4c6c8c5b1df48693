"""The benchmark plan and its steps: set-up, speed, scaling, workers, adversarial inputs, memory.

Every measurement runs in a fresh child process (:mod:`benchmarks.child`) while this process samples the
child's resident memory with ``psutil``; a child that exceeds its time budget is killed (it and the
processes it started, by process group) and what it had measured is kept. Results go to CSV files in the
output directory; :mod:`benchmarks.report` turns them into plots and ``SUMMARY.md``.
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .adversarial import CASES
from .corpus import (
    MB,
    SEPARATOR,
    CorpusStats,
    Generator,
    Vocabulary,
    build_vocabulary,
    corpus_key,
    ensure_corpus,
    load_docs,
)
from .engines import ENGINES
from .tables import BaseTable, BenchTable, build_table, load_base

ROOT = Path(__file__).resolve().parent.parent

#: Engines measured against corpus size, table size and in the adversarial cases.
CORPUS_SCALING = ("spinfix.detect[table-only]", "spinfix.restore[default]", "spinfix.matcher",
                  "ahocorasick_rs.scan", "regex.tokenize")
TABLE_SCALING = ("spinfix.detect[table-only]", "spinfix.restore[table-only]", "spinfix.restore[bench-table]",
                 "spinfix.matcher", "ahocorasick_rs.scan", "flashtext.replace")
#: The cold-start texts (``Suite.coldstart``): one clean sentence, and one a spinner wrote (it needs every
#: resource a spun text does).
COLD_CLEAN = "The committee met on Thursday to discuss the budget."
COLD_SPUN = "Personal corporations are beneath intense scrutiny, sources informed Reuters on Thursday."
#: The headline (issue 14): ``Config()`` as users run it, against the peers loaded with the same shipped
#: rows, on one kind of text at a time; table-only figures are separate, labelled rows.
DEFAULT_ENGINES = ("spinfix.restore[default]", "spinfix.detect[default]", "flashtext.replace", "flashtext.extract",
                   "spinfix.restore[table-only]", "spinfix.detect[table-only]", "spinfix.matcher",
                   "ahocorasick_rs.scan", "regex.tokenize")
#: (name, genre, spun) of the texts the default step measures on. The "real" ones are human-written prose
#: (the frozen clean fixtures and the first held-out clean set, repeated to the subset size; the spun one
#: is that news spun by the inverse of the news table, ``benchmarks/spinner.py``); the others are the
#: corpus generator's template text, whose random word choices the trigram model reads as improbable,
#: so it overstates what the spin evidence costs on the clean text of a real crawl.
DEFAULT_SUBSETS = (("clean news (real)", "news", False), ("clean science (real)", "science", False),
                   ("spun news (real)", "news", True), ("crawl mix (real)", "mix", False),
                   ("clean news", "news", False), ("clean science", "science", False), ("spun news", "news", True))
#: The same real prose, each document once, to engines that first read ``Plan.seen_once_warm_mb`` of the
#: generator's text of that genre and a fifth as much of its spun news (their data loaded, none of these
#: documents seen), in fresh processes, one pass each.
#: Why: the texts above repeat the 66 source documents of each genre to fill their size, and spinfix keeps
#: per-process memos (chunks, word pairs, the model's answers, word analyses) that a repeated document hits
#: again; measured on distinct documents after 0.8-1.2 MB of others, clean Wikipedia articles ran at 1.14
#: MB/s seen once against 1.57 repeated, docstring prose at 2.12 against 2.72 (session 24). A crawl brings
#: new wording all the time, so the seen-once figure is the one to plan with; the repeated one shows what
#: the memos give on recurring text.
SEEN_ONCE_SUBSETS = (("clean news (real, seen once)", "news", False),
                     ("clean science (real, seen once)", "science", False),
                     ("spun news (real, seen once)", "news", True))
SEEN_ONCE_ENGINES = ("spinfix.restore[default]", "spinfix.restore[table-only]", "flashtext.replace",
                     "regex.tokenize", "ahocorasick_rs.scan")
#: Where the real prose comes from (see DEFAULT_SUBSETS).
REAL_PROSE = (ROOT / "tests" / "fixtures" / "clean", ROOT / "benchmarks" / "data" / "heldout_clean")


#: The cold-start step waits for the 1-minute load average to fall below this (see ``Suite.coldstart``) ...
COLD_START_SETTLE_LOAD = 0.5
#: ... for at most this many seconds.
COLD_START_SETTLE_S = 120.0


def settle(load: float, limit_s: float, poll_s: float = 2.0) -> float:
    """Sleep until the 1-minute load average is below ``load`` or ``limit_s`` seconds have passed; the
    seconds waited."""
    start = time.monotonic()
    while os.getloadavg()[0] >= load and time.monotonic() - start < limit_s:
        time.sleep(poll_s)
    return time.monotonic() - start


def real_documents(genre: str, spun: bool = False, seed: int = 0) -> list[str]:
    """Every human-written document of ``genre`` (REAL_PROSE) once, each spun when ``spun`` (as the first
    round of :func:`real_subset` spins it)."""
    texts = [f.read_text(encoding="utf-8") for d in REAL_PROSE for f in sorted((d / genre).glob("*.txt"))]
    if not texts:
        raise FileNotFoundError(f"no {genre} texts under {', '.join(map(str, REAL_PROSE))}")
    if spun:
        from .spinner import Spinner

        spinner = Spinner(seed=seed)
        texts = [spinner.spin(text, seed=i)[0] for i, text in enumerate(texts)]
    return texts


def real_subset(genre: str, spun: bool, nbytes: int, seed: int) -> list[str]:
    """Human-written documents of ``genre`` repeated until they fill ``nbytes`` (each repetition of a
    spun document spun afresh, so the copies differ). Genre ``mix`` is the issue's crawl mix: nine clean
    documents (news and science in turn) to one spun news document."""
    from .spinner import Spinner

    spinner: Spinner | None = None  # made when a document is spun: a clean subset needs none
    pools = {g: real_documents(g) for g in (("news", "science") if genre == "mix" else (genre,))}
    taken = dict.fromkeys(pools, 0)
    docs: list[str] = []
    size = 0
    while size < nbytes:
        i = len(docs)
        g, spin = genre, spun
        if genre == "mix":
            g, spin = ("news", True) if i % 10 == 9 else (("news", "science")[i % 2], False)
        text = pools[g][taken[g] % len(pools[g])]
        taken[g] += 1
        if spin:
            spinner = spinner if spinner is not None else Spinner(seed=seed)
            text = spinner.spin(text, seed=i)[0]
        docs.append(text)
        size += len(text.encode("utf-8"))
    return docs
ADVERSARIAL_ENGINES = ("spinfix.detect[table-only]", "spinfix.restore[default]", "spinfix.matcher",
                       "ahocorasick_rs.scan")


@dataclass
class Plan:
    """What one run measures."""

    quick: bool
    corpus_sizes: list[float]  # MB
    main_corpus: float
    table_sizes: list[int]
    main_table: int
    runs: int
    runs_large: int  # for corpora of 100 MB and more
    worker_counts: list[int]
    adversarial_sizes: dict[str, list[int]]
    adversarial_engines: list[str]
    adversarial_budget_s: float
    child_timeout_s: float
    seed: int = 0
    adversarial_runs: int = 3
    engines: list[str] = field(default_factory=lambda: list(ENGINES))
    subset_mb: float = 1.0  # size of each text of the default step
    seen_once_warm_mb: float = 1.0  # generated text each engine reads before the seen-once texts

    @classmethod
    def make(cls, quick: bool, seed: int = 0) -> Plan:
        if quick:
            small = [20_000, 80_000]
            # A smoke run (the test suite runs it): every step and file, on inputs small enough that the
            # default restore, which reads every content word with the trigram model, takes seconds. It
            # was 95 s, a third of the test suite; the adversarial step runs the table-only engine alone
            # here (a fresh process per size, and the default restorer took 3 s to build in each), since
            # tests/test_robustness_scaling.py checks the default restore on every hostile shape.
            return cls(True, [0.1], 0.1, [1000], 1000, 3, 1, [1, 2],
                       {"long_line": small, "long_word": [50_000, 200_000], "repeated_word": small,
                        "repeated_prefix": small, "near_matches": small, "dense_matches": [5_000, 20_000]},
                       ["spinfix.detect[table-only]"],
                       4.0, 120.0, seed, adversarial_runs=1, subset_mb=0.02, seen_once_warm_mb=0.05)
        large = [200_000, 1 * MB, 5 * MB, 50 * MB]
        return cls(False, [1, 10, 100], 10, [1000, 10_000, 100_000], 1000, 5, 3, [1, 2],
                   {"long_line": large, "long_word": [10_000, 100_000, 1_000_000, 10_000_000],
                    "repeated_word": large, "repeated_prefix": large, "near_matches": large,
                    "dense_matches": [20_000, 100_000, 500_000, 5 * MB]},
                   list(ADVERSARIAL_ENGINES), 150.0, 1800.0, seed)


# --- child processes ---------------------------------------------------------------------------------
@dataclass
class ChildRun:
    """What a child process reported, how it ended, and its peak RSS as sampled from outside."""

    results: list[dict[str, Any]]
    status: str  # ok | timeout | error
    error: str
    polled_peak_mb: float
    wall_s: float


def run_child(spec: dict[str, Any], timeout: float) -> ChildRun:
    """Run ``python -m benchmarks.child spec`` and sample its memory until it ends or times out."""
    import psutil

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "benchmarks.child", json.dumps(spec)], cwd=ROOT, env=env,
                                stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
        peak = 0.0
        status = "ok"
        try:
            ps = psutil.Process(proc.pid)
        except psutil.Error:
            ps = None
        while proc.poll() is None:
            if ps is not None:
                with contextlib.suppress(psutil.Error):
                    peak = max(peak, ps.memory_info().rss / 1e6)
            if time.perf_counter() - t0 > timeout:
                status = "timeout"
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)  # the child's own session: it and its workers
                proc.wait()
                break
            time.sleep(0.02)
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        results = [json.loads(line[7:]) for line in out.read().splitlines() if line.startswith("RESULT ")]
        error = ""
        if status == "timeout":
            error = f"killed after {timeout:.0f} s"
        elif proc.returncode != 0:
            status = "error"
            lines = err.read().strip().splitlines()
            error = lines[-1] if lines else f"exit code {proc.returncode}"
    return ChildRun(results, status, error, peak, wall)


# --- CSV helpers ---------------------------------------------------------------------------------------
def write_csv(path: Path, rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    """Write dict rows; columns default to the union of keys, in first-seen order."""
    if columns is None:
        seen: dict[str, None] = {}
        for r in rows:
            for k in r:
                seen.setdefault(k, None)
        columns = list(seen)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: _fmt(r.get(k)) for k in columns})


def _fmt(v: Any) -> Any:
    if isinstance(v, float):
        return f"{v:.6g}"
    return "" if v is None else v


def median(xs: Iterable[float]) -> float:
    xs = list(xs)
    return statistics.median(xs) if xs else float("nan")


# --- the run -------------------------------------------------------------------------------------------
class Suite:
    """Runs the plan's steps and writes one CSV per step."""

    def __init__(self, plan: Plan, out: Path, base_tables: Sequence[str] | None = None,
                 log: Callable[[str], None] = print) -> None:
        self.plan = plan
        self.out = out
        self.tmp = out / "tmp"
        self.base_tables = base_tables
        self.log = log
        self.corpora: dict[float, tuple[Path, CorpusStats]] = {}
        self.tables: dict[int, BenchTable] = {}
        self.throughput: dict[tuple[str, float, int], dict[str, Any]] = {}
        self.base: BaseTable | None = None
        self.vocab: Vocabulary | None = None
        self.t_start = time.perf_counter()

    # set-up
    def setup(self) -> None:
        p = self.plan
        self.out.mkdir(parents=True, exist_ok=True)
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.base = load_base(self.base_tables)
        self.log(f"base table: {len(self.base.rows)} rows; {self.base.source}")
        vocab = self.vocab = build_vocabulary(self.tmp / "vocabulary.json")
        rows = []
        for size in p.corpus_sizes:
            path, stats = ensure_corpus(size, self.base, vocab, directory=self.tmp, seed=p.seed,
                                        workers=os.cpu_count() or 1)
            self.corpora[size] = (path, stats)
            self.log(f"corpus {size:g} MB: {stats.docs} docs, {stats.spun_docs} spun, {stats.swaps} swaps "
                     f"({stats.seconds:.1f} s to generate)")
            rows.append({"corpus_mb": size, "bytes": stats.bytes, "docs": stats.docs, "spun_docs": stats.spun_docs,
                         "swaps": stats.swaps, "swaps_per_mb": stats.swaps / (stats.bytes / MB),
                         "generate_s": stats.seconds, "file": path.name})
        write_csv(self.out / "corpus.csv", rows)
        words = vocab.words()
        trows: list[dict[str, Any]] = []
        main_path = self.corpora[p.main_corpus][0]
        main_docs = load_docs(main_path)
        for size in p.table_sizes:
            t0 = time.perf_counter()
            table = build_table(self.base, size, sample_texts=main_docs, vocabulary=words, directory=self.tmp,
                                seed=p.seed, sample_key=main_path.name)
            self.tables[size] = table
            matched = _matched_fraction(table.synthetic, main_docs)
            self.log(f"table {size}: {table.rows} rows ({table.shipped_rows} shipped, {table.synthetic_rows} "
                     f"synthetic, {matched:.0%} of them occur in the {p.main_corpus:g} MB corpus), "
                     f"{table.variants} patterns")
            trows.append({"table_rows": size, "rows": table.rows, "shipped_rows": table.shipped_rows,
                          "synthetic_rows": table.synthetic_rows, "patterns": table.variants,
                          "synthetic_found_in_corpus": matched, "build_s": time.perf_counter() - t0,
                          "file": table.path.name})
        self._table_rows = trows
        write_csv(self.out / "tables.csv", trows)

    # one throughput measurement (cached: the same engine, corpus and table is measured once per run)
    def measure(self, engine: str, corpus_mb: float, table_size: int, config: dict | None = None,
                runs: int | None = None) -> dict[str, Any]:
        key = (engine + ("" if config is None else "[shipped]"), corpus_mb, table_size)
        if key in self.throughput:
            return self.throughput[key]
        p = self.plan
        path = self.corpora[corpus_mb][0]
        table = self.tables[table_size]
        if runs is None:
            runs = p.runs_large if corpus_mb >= 100 else p.runs
        spec = {"mode": "throughput", "engine": engine, "corpus": str(path), "table": str(table.path),
                "pairs": str(table.pairs_path), "runs": runs, "config": config}
        load0 = os.getloadavg()[0]
        child = run_child(spec, p.child_timeout_s)
        row: dict[str, Any] = {"engine": key[0], "corpus_mb": corpus_mb, "table_rows": table_size,
                               "status": child.status, "load_avg": max(load0, os.getloadavg()[0])}
        if child.results:
            r = child.results[0]
            t = median(r["times"])
            counts = ENGINES[engine][2]
            row.update({"runs": len(r["times"]), "bytes": r["bytes"], "docs": r["docs"], "median_s": t,
                        "min_s": min(r["times"]), "max_s": max(r["times"]), "mbps": r["bytes"] / MB / t,
                        "mbps_cpu": r["bytes"] / MB / median(r["cpu"]), "s_per_mb": t / (r["bytes"] / MB),
                        "build_s": r["build_s"], "counts": counts,
                        "count": r["count"] if counts else None,
                        "count_per_mb": r["count"] / (r["bytes"] / MB) if counts else None,
                        "rss_base_mb": r["rss_base_mb"], "rss_built_mb": r["rss_built_mb"],
                        "rss_peak_mb": max(r["rss_peak_mb"], child.polled_peak_mb)})
        else:
            row["error"] = child.error or child.status
        self.log(f"  {key[0]:<34} {corpus_mb:>5g} MB  {table_size:>6} rows: "
                 + (f"{row['mbps']:8.2f} MB/s  build {row['build_s']:.2f} s  peak {row['rss_peak_mb']:.0f} MB"
                    if "mbps" in row else f"{child.status}: {row.get('error')}"))
        self.throughput[key] = row
        return row

    def default(self) -> list[dict[str, Any]]:
        """The headline: ``Restorer(Config())`` against flashtext (and the rest) on clean news, clean
        science and spun news, every peer loaded with the shipped rows (their compiled surface forms),
        all engines interleaved document by document in one process per text."""
        p = self.plan
        assert self.base is not None and self.vocab is not None
        shipped = build_table(self.base, len(self.base.rows), sample_texts=[], vocabulary=[], directory=self.tmp,
                              seed=p.seed, sample_key="shipped")
        self.log(f"default: Config() vs peers on the shipped rows ({shipped.rows} rows, {shipped.variants} "
                 f"patterns), {p.subset_mb:g} MB per text, {p.runs} interleaved runs")
        gen = Generator(self.base, self.vocab, p.seed)
        rows: list[dict[str, Any]] = []
        paths = {}
        for name, genre, spun in DEFAULT_SUBSETS:
            slug = name.replace(" ", "-").replace("(", "").replace(")", "")
            path = paths[name] = self.tmp / f"subset-{corpus_key(self.base, p.seed)}-{slug}-{p.subset_mb:g}MB.txt"
            if not path.is_file():
                nbytes = int(p.subset_mb * MB)
                docs = (real_subset(genre, spun, nbytes, p.seed) if name.endswith("(real)")
                        else gen.subset(genre, spun, nbytes))
                path.write_text(SEPARATOR.join(docs), encoding="utf-8")
        spec: dict[str, Any] = {"mode": "interleaved", "engines": [[e, None] for e in DEFAULT_ENGINES],
                                "table": str(shipped.path), "pairs": str(shipped.pairs_path), "runs": p.runs}
        shared = None
        if p.quick:  # one process for every text: the figures of a smoke run need no fresh process each
            shared = run_child({**spec, "corpora": [str(paths[name]) for name, _, _ in DEFAULT_SUBSETS]},
                               p.child_timeout_s * len(DEFAULT_SUBSETS))
        for name, _, _ in DEFAULT_SUBSETS:
            if shared is None:
                child = run_child({**spec, "corpus": str(paths[name])}, p.child_timeout_s)
                results = child.results
            else:
                child = shared
                results = [r for r in child.results if r.get("corpus") == str(paths[name])]
            rows += self._default_rows(name, DEFAULT_ENGINES, results, child.status, child.error)
        rows += self._seen_once(shipped, gen)
        write_csv(self.out / "default.csv", rows, DEFAULT_COLUMNS)
        return rows

    def _seen_once(self, shipped: BenchTable, gen: Generator) -> list[dict[str, Any]]:
        """The rows of SEEN_ONCE_SUBSETS: each child process warms its engines on the generator's text and
        then reads every real document of the genre once; the figures are medians over the children. A quick
        run reads the three texts in one child (three builds of the default restorer were 6 s of the test
        suite's smoke run)."""
        p = self.plan
        rows: list[dict[str, Any]] = []
        children = 1 if p.quick else p.runs
        texts: list[tuple[str, Path, Path]] = []
        for name, genre, spun in SEEN_ONCE_SUBSETS:
            slug = name.replace(" ", "-").replace("(", "").replace(")", "").replace(",", "")
            path = self.tmp / f"{slug}-{p.seed}.txt"
            warm = self.tmp / f"{slug}-warm2-{p.seed}-{p.seen_once_warm_mb:g}MB.txt"
            if not path.is_file():
                path.write_text(SEPARATOR.join(real_documents(genre, spun, p.seed)), encoding="utf-8")
            if not warm.is_file():
                # Clean text of the genre, then a fifth as much spun news: the data only a spun document
                # asks for (the reverse thesaurus, the acronyms' originals) is loaded before, not during,
                # the measured pass, as the repeated texts' first documents load it.
                generated = [*gen.subset(genre, False, int(p.seen_once_warm_mb * MB), stream="warm"),
                             *gen.subset("news", True, int(p.seen_once_warm_mb * MB / 5), stream="warm-spun")]
                warm.write_text(SEPARATOR.join(generated), encoding="utf-8")
            texts.append((name, path, warm))
        base = {"mode": "interleaved", "engines": [[e, None] for e in SEEN_ONCE_ENGINES],
                "table": str(shipped.path), "pairs": str(shipped.pairs_path), "runs": 1}
        shared = None
        if p.quick:  # a smoke run: one process, warmed on the first text's warm-up, reads every text
            shared = run_child({**base, "corpora": [str(path) for _, path, _ in texts], "warm": str(texts[0][2])},
                               p.child_timeout_s * len(texts))
        for name, path, warm in texts:
            spec = {**base, "corpus": str(path), "warm": str(warm)}
            merged: dict[str, dict[str, Any]] = {}
            status, error = "ok", ""
            for _ in range(children):
                child = shared if shared is not None else run_child(spec, p.child_timeout_s)
                if child.status != "ok":
                    status, error = child.status, child.error
                for r in child.results:
                    if shared is not None and r.get("corpus") != str(path):
                        continue
                    if r["engine"] in merged:
                        m = merged[r["engine"]]
                        m["times"] += r["times"]
                        m["load_avgs"] += r["load_avgs"]
                    else:
                        merged[r["engine"]] = dict(r)
            rows += self._default_rows(name, SEEN_ONCE_ENGINES, list(merged.values()), status, error)
        return rows

    def _default_rows(self, name: str, engines: Sequence[str], results: Sequence[dict[str, Any]], status: str,
                      error: str) -> list[dict[str, Any]]:
        """The default step's rows of one text (one per engine, with the ratios to the peers), logged."""
        if status != "ok" or len(results) != len(engines):
            self.log(f"  {name}: {status} {error}")
        got = {r["engine"]: r for r in results}
        group = []
        for engine in engines:
            row: dict[str, Any] = {"text": name, "engine": engine, "family": ENGINES[engine][0],
                                   "what": ENGINES[engine][1], "table": "shipped", "status": status}
            r = got.get(engine)
            if r is None:
                row["error"] = error or "not measured"
            else:
                t = median(r["times"])
                counts = ENGINES[engine][2]
                row.update({"status": "ok", "runs": len(r["times"]), "bytes": r["bytes"], "docs": r["docs"],
                            "median_s": t, "min_s": min(r["times"]), "max_s": max(r["times"]),
                            "mbps": r["bytes"] / MB / t, "build_s": r["build_s"], "counts": counts,
                            "count_per_mb": r["count"] / (r["bytes"] / MB) if counts else None,
                            "load_avg_min": min(r["load_avgs"]), "load_avg_max": max(r["load_avgs"])})
            group.append(row)
        by = {r["engine"]: r for r in group}
        for r in group:
            for ref, col in (("flashtext.replace", "ratio_to_flashtext_replace"),
                             ("ahocorasick_rs.scan", "ratio_to_ahocorasick_rs")):
                if r.get("mbps") and by[ref].get("mbps"):
                    r[col] = r["mbps"] / by[ref]["mbps"]
            self.log(f"  {name:<14} {r['engine']:<28} " + (
                f"{r['mbps']:8.2f} MB/s  ×{r.get('ratio_to_flashtext_replace') or 0:.2f} flashtext.replace  "
                f"load {r['load_avg_min']:.2f}–{r['load_avg_max']:.2f}" if r.get("mbps") else r["status"]))
        return group

    def speed(self) -> list[dict[str, Any]]:
        p = self.plan
        self.log(f"speed: {p.main_corpus:g} MB corpus, {p.main_table}-row table, {p.runs} runs")
        rows = [self.measure(e, p.main_corpus, p.main_table) for e in p.engines]
        by = {r["engine"]: r for r in rows}
        ref_d = by.get("spinfix.detect[table-only]", {}).get("mbps")
        ref_r = by.get("spinfix.restore[default]", {}).get("mbps")
        for r in rows:
            r["family"] = ENGINES[r["engine"]][0]
            r["what"] = ENGINES[r["engine"]][1]
            if "mbps" in r:
                r["ratio_to_spinfix_detect_table_only"] = r["mbps"] / ref_d if ref_d else None
                r["ratio_to_spinfix_restore_default"] = r["mbps"] / ref_r if ref_r else None
        write_csv(self.out / "throughput.csv", rows, THROUGHPUT_COLUMNS)
        return rows

    def corpus_scaling(self) -> list[dict[str, Any]]:
        p = self.plan
        self.log("scaling with corpus size")
        rows = [self.measure(e, size, p.main_table) for size in p.corpus_sizes for e in CORPUS_SCALING]
        write_csv(self.out / "scaling_corpus.csv", rows, SCALING_COLUMNS)
        return rows

    def table_scaling(self) -> list[dict[str, Any]]:
        p = self.plan
        self.log("scaling with table size")
        rows = [self.measure(e, p.main_corpus, size) for size in p.table_sizes for e in TABLE_SCALING]
        write_csv(self.out / "scaling_table.csv", rows, SCALING_COLUMNS)
        # matches per MB for each table size and corpus size, by the raw matcher
        for t in self._table_rows:
            for size in p.corpus_sizes:
                m = self.throughput.get(("spinfix.matcher", size, t["table_rows"]))
                if m is not None and "count_per_mb" in m:
                    t[f"matches_per_mb_{size:g}MB"] = m["count_per_mb"]
                d = self.throughput.get(("spinfix.detect[table-only]", size, t["table_rows"]))
                if d is not None and "count_per_mb" in d:
                    t[f"findings_per_mb_{size:g}MB"] = d["count_per_mb"]
        write_csv(self.out / "tables.csv", self._table_rows)
        return rows

    def workers(self) -> list[dict[str, Any]]:
        p = self.plan
        engine = "spinfix.restore[default]"
        path, stats = self.corpora[p.main_corpus]
        table = self.tables[p.main_table]
        self.log(f"workers: {engine}, {p.main_corpus:g} MB corpus")
        # A quick run (the test suite's smoke run) times each pool once: the step's four children, their
        # pools and the CSV are all there, and the other two runs of each were 4 s of CPU (most of it the
        # busy loop's) for figures nobody reads.
        runs = 1 if p.quick else p.runs
        rows = []
        for n in p.worker_counts:
            spec = {"mode": "workers", "engine": engine, "corpus": str(path), "table": str(table.path),
                    "pairs": str(table.pairs_path), "runs": runs, "workers": n}
            load0 = os.getloadavg()[0]
            child = run_child(spec, p.child_timeout_s)
            row: dict[str, Any] = {"engine": engine, "workers": n, "corpus_mb": p.main_corpus, "status": child.status,
                                   "load_avg": max(load0, os.getloadavg()[0])}
            if child.results:
                t = median(child.results[0]["times"])
                row.update({"runs": len(child.results[0]["times"]), "median_s": t, "mbps": stats.bytes / MB / t})
            else:
                row["error"] = child.error
            rows.append(row)
        # The same pool over a busy loop: the speed-up this machine allows at the moment (other processes
        # on a shared machine take cores away); spinfix's speed-up is read against it.
        for n in p.worker_counts:
            load0 = os.getloadavg()[0]
            child = run_child({"mode": "calibrate", "workers": n, "runs": runs}, 300)
            row = {"engine": "calibration.busy_loop", "workers": n, "status": child.status,
                   "load_avg": max(load0, os.getloadavg()[0])}
            if child.results:
                row.update({"runs": len(child.results[0]["times"]), "median_s": median(child.results[0]["times"])})
            rows.append(row)
        for engine_name in (engine, "calibration.busy_loop"):
            group = [r for r in rows if r["engine"] == engine_name]
            one = next((r for r in group if r["workers"] == 1 and "median_s" in r), None)
            for r in group:
                if one and "median_s" in r:
                    r["speedup"] = one["median_s"] / r["median_s"]
                    r["efficiency"] = r["speedup"] / r["workers"]
                self.log(f"  {engine_name} {r['workers']} workers: "
                         + (f"{r['median_s']:.2f} s, speed-up {r.get('speedup', 0):.2f}" if "median_s" in r
                            else r["status"]))
        write_csv(self.out / "scaling_workers.csv", rows,
                  ["engine", "workers", "corpus_mb", "status", "runs", "median_s", "mbps", "speedup", "efficiency",
                   "load_avg", "error"])
        return rows

    def adversarial(self) -> list[dict[str, Any]]:
        """Each case at increasing sizes, one fresh process per size, with a time budget per measurement.

        A size is skipped when the growth seen so far (the exponent fitted on the last two sizes, or
        linear after one) projects its time past the budget; a measurement over the budget is killed.
        """
        p = self.plan
        path, _ = self.corpora[p.corpus_sizes[0]]
        table = self.tables[p.main_table]
        self.log("adversarial inputs")
        rows = []
        for case in CASES:
            for engine in p.adversarial_engines:
                done: list[tuple[int, float]] = []
                stop = ""
                for size in p.adversarial_sizes[case]:
                    row: dict[str, Any] = {"case": case, "engine": engine, "size": size,
                                           "unit": "chars" if case == "long_word" else "bytes"}
                    rows.append(row)
                    if stop:
                        row["status"] = stop
                        continue
                    projected = _project(done, size)
                    if projected > p.adversarial_budget_s:
                        row.update({"status": "skipped", "projected_s": projected})
                        stop = "skipped"
                        continue
                    spec = {"mode": "adversarial", "engine": engine, "case": case, "size": size,
                            "corpus": str(path), "table": str(table.path), "pairs": str(table.pairs_path),
                            "runs": 1 if size >= 5 * MB else p.adversarial_runs, "budget_s": p.adversarial_budget_s}
                    child = run_child(spec, p.adversarial_budget_s + 20)
                    if not child.results:
                        row.update({"status": child.status, "error": child.error})
                        stop = "skipped" if child.status == "timeout" else "not run"
                        continue
                    r = child.results[0]
                    t = median(r["times"])
                    done.append((size, t))
                    row.update({"status": "ok", "runs": len(r["times"]), "median_s": t, "s_per_mb": t / (size / MB),
                                "cpu_s": median(r["cpu"]), "count": r["count"],
                                "rss_peak_mb": max(r["rss_peak_mb"], child.polled_peak_mb)})
                last = [r for r in rows if r["case"] == case and r["engine"] == engine]
                self.log(f"  {case:<16} {engine:<28} " + "  ".join(
                    f"{r['size'] / MB:g}M:{r['s_per_mb']:.3f}s/MB" if "s_per_mb" in r else f"{r['size'] / MB:g}M:"
                    + r["status"] for r in last))
                write_csv(self.out / "adversarial.csv", rows, ADVERSARIAL_COLUMNS)
        return rows

    def memory(self) -> list[dict[str, Any]]:
        """Peak RSS of ``Restorer(Config())`` (the shipped data, lexicon included) restoring 1 MB."""
        p = self.plan
        self.log("memory with the default data")
        small = p.corpus_sizes[0]
        rows = []
        shipped = self.base is not None and self.base.shipped
        row = dict(self.measure("spinfix.restore[default]", small, p.main_table, config={}, runs=1))
        row["what"] = "Restorer(Config()) with the shipped tables and lexicon, restore over the corpus"
        if not shipped:
            row["note"] = "shipped tables missing or unreadable: Config() cannot load them"
        rows.append(row)
        others = [{**r, "what": "benchmark table"} for key, r in self.throughput.items()
                  if key[0] != "spinfix.restore[default][shipped]" and "rss_peak_mb" in r]
        path = self.out / "memory.csv"
        if not others and path.is_file():
            # The speed step did not run (--steps memory): keep the engines' rows of the run that measured them.
            with open(path, newline="", encoding="utf-8") as fh:
                others = [r for r in csv.DictReader(fh) if r.get("what") == "benchmark table"]
        rows += others
        write_csv(path, rows,
                  ["engine", "what", "corpus_mb", "table_rows", "status", "build_s", "rss_base_mb", "rss_built_mb",
                   "rss_peak_mb", "error", "note"])
        return rows

    def coldstart(self) -> list[dict[str, Any]]:
        """Cold start (issue 14 item 6): wall seconds from a fresh interpreter to the first result, median of
        ``plan.runs`` fresh processes each (at least 5; one in a quick run): ``import spinfix``; then one call of
        ``spinfix.restore`` on a one-sentence clean text (tables and matcher), or on a one-sentence spun text
        (everything a spun text needs: lexicon, trigram model, thesaurus); and the command line restoring the
        shipped example file, as an editor checking one file runs it."""
        self.log("cold start")
        example = ROOT / "spinfix" / "data" / "examples" / "spun_news_example.txt"
        # pip writes the bytecode of an installed package; a source checkout gets it on its first import,
        # unless PYTHONDONTWRITEBYTECODE is set (as on the machine these figures come from), in which case
        # every fresh process compiled spinfix's ~40 modules again (~0.06 s of each figure). Compile them
        # once here, so the figures are what an installed spinfix does.
        import compileall
        compileall.compile_dir(str(ROOT / "spinfix"), quiet=1)
        # A cold start is a few hundred milliseconds of one process: right after the throughput steps the
        # machine is still busy (their children exit, the page cache settles), and the figure came out
        # 0.05-0.1 s higher than the same code measured alone. Wait for the 1-minute load average to fall
        # below COLD_START_SETTLE_LOAD (at most COLD_START_SETTLE_S); the load is reported with each row.
        waited = settle(COLD_START_SETTLE_LOAD, COLD_START_SETTLE_S) if not self.plan.quick else 0.0
        self.log(f"  waited {waited:.0f} s for the load to settle (1-min load {os.getloadavg()[0]:.2f})")
        cases = [
            ("import spinfix", None),
            ("first restore, clean sentence", COLD_CLEAN),
            ("first restore, spun sentence", COLD_SPUN),
        ]
        probe = ("import sys, time\nt0 = time.perf_counter()\nimport spinfix\nt1 = time.perf_counter()\n"
                 "text = sys.argv[1]\nif text:\n    spinfix.restore(text)\nt2 = time.perf_counter()\n"
                 "print(t1 - t0, t2 - t0)")
        # A quick run (the test suite's smoke run) checks the step end to end with one process per figure:
        # three were 4 s of the suite's time for figures nobody reads.
        runs = 1 if self.plan.quick else max(5, self.plan.runs)
        rows: list[dict[str, Any]] = []
        for name, text in cases:
            times = []
            for _ in range(runs):
                out = subprocess.run([sys.executable, "-c", probe, text or ""], capture_output=True, text=True,
                                     cwd=ROOT, check=True)
                t_import, t_all = map(float, out.stdout.split())
                times.append(t_import if text is None else t_all)
            rows.append({"what": name, "runs": runs, "median_s": median(times), "min_s": min(times),
                         "max_s": max(times), "load_1min": os.getloadavg()[0]})
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "spinfix", "restore", str(example)], capture_output=True,
                           cwd=ROOT, check=True)
            times.append(time.perf_counter() - t)
        rows.append({"what": "spinfix restore FILE (the shipped example, whole command)", "runs": runs,
                     "median_s": median(times), "min_s": min(times), "max_s": max(times),
                     "load_1min": os.getloadavg()[0]})
        for r in rows:
            self.log(f"  {r['what']:<58} {r['median_s']:.3f} s (min {r['min_s']:.3f}, max {r['max_s']:.3f})")
        write_csv(self.out / "coldstart.csv", rows, ["what", "runs", "median_s", "min_s", "max_s", "load_1min"])
        return rows

    def environment(self, steps: Sequence[str] = (), partial: bool = False) -> dict[str, Any]:
        """``environment.json``: versions, machine, plan, and which steps ran (``partial``: not all of
        them, so the report says its other files come from earlier runs)."""
        from importlib.metadata import PackageNotFoundError, version

        versions: dict[str, str | None] = {}  # None: not installed
        for pkg in ("spinfix", "flashtext", "pyahocorasick", "ahocorasick-rs", "regex", "wordfreq", "psutil",
                    "matplotlib"):
            try:
                versions[pkg] = version(pkg)
            except PackageNotFoundError:
                versions[pkg] = None
        env = {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count(),
               "machine": platform.machine(), "packages": versions, "plan": asdict(self.plan),
               "base_table": self.base.source if self.base else None,
               "base_rows": len(self.base.rows) if self.base else 0,
               "base_shipped": bool(self.base and self.base.shipped),
               "steps": list(steps), "partial": partial,
               "started": time.strftime("%Y-%m-%d %H:%M:%S"),
               "seconds": round(time.perf_counter() - self.t_start, 1)}
        (self.out / "environment.json").write_text(json.dumps(env, indent=2), encoding="utf-8")
        return env


def _project(done: Sequence[tuple[int, float]], size: int) -> float:
    """Time expected at ``size`` from the measured ``(size, seconds)`` points (0 when there are none)."""
    if not done:
        return 0.0
    s1, t1 = done[-1]
    exponent = 1.0
    if len(done) >= 2:
        s0, t0 = done[-2]
        if t0 > 0 and t1 > 0 and s1 > s0:
            exponent = max(1.0, math.log(t1 / t0) / math.log(s1 / s0))
    return t1 * (size / s1) ** exponent


def _matched_fraction(phrases: Sequence[str], docs: Sequence[str]) -> float:
    """Share of ``phrases`` that occur as whole words somewhere in ``docs``."""
    if not phrases:
        return float("nan")
    from spinfix.matcher import PhraseMatcher
    from spinfix.normalize import normalize

    matcher = PhraseMatcher(list(phrases))
    found: set[int] = set()
    for doc in docs:
        found.update(i for _, _, i in matcher.find(normalize(doc)))
    return len(found) / len(phrases)


THROUGHPUT_COLUMNS = ["engine", "family", "what", "corpus_mb", "table_rows", "status", "runs", "bytes", "docs",
                      "median_s", "min_s", "max_s", "mbps", "mbps_cpu", "s_per_mb",
                      "ratio_to_spinfix_detect_table_only", "ratio_to_spinfix_restore_default", "build_s", "counts",
                      "count", "count_per_mb", "rss_base_mb",
                      "rss_built_mb", "rss_peak_mb", "load_avg", "error"]
DEFAULT_COLUMNS = ["text", "engine", "family", "what", "table", "status", "runs", "bytes", "docs", "median_s",
                   "min_s", "max_s", "mbps", "ratio_to_flashtext_replace", "ratio_to_ahocorasick_rs", "build_s",
                   "counts", "count_per_mb", "load_avg_min", "load_avg_max", "error"]
SCALING_COLUMNS = ["engine", "corpus_mb", "table_rows", "status", "runs", "bytes", "median_s", "mbps", "mbps_cpu",
                   "s_per_mb", "build_s", "counts", "count", "count_per_mb", "rss_peak_mb", "load_avg", "error"]
ADVERSARIAL_COLUMNS = ["case", "engine", "size", "unit", "status", "runs", "median_s", "s_per_mb", "cpu_s", "count",
                       "rss_peak_mb", "projected_s", "error"]
