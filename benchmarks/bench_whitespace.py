"""What matching phrases across whitespace runs costs (issue 15, item 7): detect on text with and without runs.

``python benchmarks/bench_whitespace.py [--size-mb 1] [--runs 5] [--default] [--compare PACKAGE] [--out DIR]``

Phrases are matched across a run of whitespace inside a paragraph ("personal\\r\\ncorporations", two
spaces, a tab) by analysing a squeezed copy of the text when it holds such a run
(``normalize.squeeze``). Text without runs must not pay for it, so this measures the same documents
written four ways:

* ``blank lines`` — the benchmark generator's clean news as generated (paragraphs split by ``\\n\\n``, which
  is a run but a paragraph break, so nothing is squeezed);
* ``single spaces`` — the same with every whitespace run made one space (no run at all);
* ``wrapped CRLF`` — the same wrapped at 72 columns with CRLF line ends and two spaces after each full
  stop (a run at every line end and sentence end: the squeezed path);
* ``spun examples`` — ``spinfix/data/examples/*.txt`` repeated to the same size and wrapped like the
  previous one (spun text whose phrases are split across lines).

Engines: ``detect[table-only]`` (``Config(context=False, generalize=False)``) and ``detect[fast]``
(``Config(spin_evidence=False)``, what ``--fast`` runs); ``--default`` adds the default ``Config()`` on a
tenth of the chunks (its per-word spin evidence is ~20x slower and would hide any cost of the squeeze).

``--compare PACKAGE`` adds the same engines from another spinfix importable under another name: copy an
older version's ``spinfix/`` directory to ``DIR/spinfix_before`` (its modules import each other
relatively; its data is read from the installed ``spinfix``) and run with ``PYTHONPATH=DIR --compare
spinfix_before``. Every engine of both versions runs interleaved in this one process, each on ~100 kB in
turn (in an order rotated by one engine per chunk), so that load from other processes on a shared machine
hits them alike (separate processes on this 2-core machine differed by 1.6x from one run to the next).
Each figure is the median of ``--runs`` passes, in MB/s of wall-clock and of process CPU time, with the
1-minute load average; ``cpu_time_vs_first`` is the median over passes of each pass's CPU time relative to
the compared version's in the same pass. Rows are written to ``whitespace.csv`` (replacing rows of the
same versions).
"""

from __future__ import annotations

import argparse
import csv
import importlib
import os
import statistics
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.append(str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import MB, Generator, build_vocabulary
from benchmarks.tables import load_base

COLUMNS = ["label", "engine", "text", "bytes", "docs", "runs", "median_s", "mbps", "median_cpu_s", "mbps_cpu",
           "findings", "load_avg_before", "load_avg_after", "cpu_time_vs_first", "spinfix"]
EXAMPLES = Path(__file__).resolve().parent.parent / "spinfix" / "data" / "examples"


def wrap(doc: str, width: int = 72) -> str:
    """``doc`` as a plain-text e-mail: two spaces after a full stop, lines of ``width``, CRLF line ends."""
    paragraphs = [" ".join(p.split()).replace(". ", ".  ") for p in doc.split("\n\n")]
    return "\r\n\r\n".join("\r\n".join(textwrap.wrap(p, width, break_long_words=False, break_on_hyphens=False))
                           for p in paragraphs if p) + "\r\n"


def texts(size_mb: float) -> dict[str, list[str]]:
    tmp = Path(__file__).resolve().parent / "results" / "tmp"
    gen = Generator(load_base(), build_vocabulary(tmp / "vocabulary.json"))
    clean = gen.subset("news", False, int(size_mb * MB))
    example = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt")))
    copies = max(1, int(size_mb * MB) // len(example.encode()))
    return {"blank lines": clean,
            "single spaces": [" ".join(d.split()) for d in clean],
            "wrapped CRLF": [wrap(d) for d in clean],
            "spun examples": [wrap(example) for _ in range(copies)]}


def engines(package: str, default: bool) -> dict[str, Callable[[str], int]]:
    """``detect`` under each measured configuration, from the spinfix importable as ``package``."""
    mod = importlib.import_module(package)
    configs = {"detect[table-only]": {"context": False, "generalize": False}, "detect[fast]": {"spin_evidence": False}}
    if default:
        configs["detect[default]"] = {}

    def counter(r: Any) -> Callable[[str], int]:
        return lambda doc: len(r.detect(doc))

    return {name: counter(mod.Restorer(mod.Config(**kw)).warm()) for name, kw in configs.items()}


def measure(size_mb: float, runs: int, default: bool, versions: dict[str, str],
            only: list[str] | None = None) -> list[dict[str, object]]:
    """Rows for every (version, engine, text); ``versions`` maps a label to an importable package, the
    first being the one measured (the others are compared with it, run by run)."""
    corpora = {k: v for k, v in texts(size_mb).items() if not only or k in only}
    first = next(iter(versions))
    built = {(label, name): run for label, package in versions.items()
             for name, run in engines(package, default).items()}
    where = {label: str(Path(importlib.import_module(package).__file__ or "").parent)
             for label, package in versions.items()}
    rows = []
    for text_name, docs in corpora.items():
        load0 = os.getloadavg()[0]
        chunks: list[list[str]] = [[]]
        for d in docs:  # ~100 kB per turn
            if sum(map(len, chunks[-1])) > 100_000:
                chunks.append([])
            chunks[-1].append(d)
        # Which chunks each engine reads: all of them, or every tenth for the default config.
        reads = {key: set(range(0, len(chunks), 10 if key[1] == "detect[default]" else 1)) for key in built}
        for run in built.values():  # warm-up
            run(docs[0])
        items = list(built.items())
        spent: dict[tuple[str, str], list[tuple[float, float]]] = {key: [] for key in built}
        found = dict.fromkeys(built, 0)
        for _ in range(runs):
            wall = dict.fromkeys(built, 0.0)
            cpu = dict.fromkeys(built, 0.0)
            found = dict.fromkeys(built, 0)
            for k, chunk in enumerate(chunks):
                # Rotate the order by one engine per chunk: no engine is always first on a chunk (caches
                # they share, such as lemminflect's, warm up for whoever comes first), none ever runs twice
                # in a row (its data would still be in the CPU caches), and the two versions' engines
                # follow alike engines of the other version.
                for key, run in items[k % len(items):] + items[:k % len(items)]:
                    if k not in reads[key]:
                        continue
                    t0, c0 = time.perf_counter(), time.process_time()
                    found[key] += sum(map(run, chunk))
                    wall[key] += time.perf_counter() - t0
                    cpu[key] += time.process_time() - c0
            for key in built:
                spent[key].append((wall[key], cpu[key]))
        load1 = os.getloadavg()[0]
        for (label, engine), ts in spent.items():
            read = [d for k in sorted(reads[label, engine]) for d in chunks[k]]
            nbytes = sum(len(d.encode("utf-8", "surrogatepass")) for d in read)
            t = statistics.median(w for w, _ in ts)
            c = statistics.median(c for _, c in ts)
            # Paired by run: each run's ratio of this version's CPU time to the first version's, so that
            # load that changes between runs cancels out; the median of those ratios.
            paired = statistics.median(cpu_ / ref for (_, cpu_), (_, ref) in zip(ts, spent[first, engine]))
            rows.append({"label": label, "engine": engine, "text": text_name, "bytes": nbytes, "docs": len(read),
                         "runs": runs, "median_s": t, "mbps": nbytes / MB / t, "median_cpu_s": c,
                         "mbps_cpu": nbytes / MB / c, "findings": found[label, engine], "load_avg_before": load0,
                         "load_avg_after": load1, "cpu_time_vs_first": paired, "spinfix": where[label]})
            print(f"{label:<8} {text_name:<14} {engine:<20} {nbytes / MB / t:6.2f} MB/s  {nbytes / MB / c:6.2f} MB/s "
                  f"CPU  ×{paired:.3f} CPU time of {first}  ({found[label, engine]} findings; "
                  f"load {load0:.2f} → {load1:.2f})", flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--label", default="now", help="label of the spinfix being measured")
    parser.add_argument("--compare", metavar="PACKAGE", help="also measure this package (see the module doc)")
    parser.add_argument("--compare-label", default="before")
    parser.add_argument("--default", action="store_true", help="also the default Config() on a tenth of the text")
    parser.add_argument("--texts", nargs="+", choices=["blank lines", "single spaces", "wrapped CRLF", "spun examples"],
                        help="only these texts (default: all)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    args = parser.parse_args(argv)
    # The compared version first: the measured one's rows then carry its CPU time relative to it.
    versions = {args.compare_label: args.compare} if args.compare else {}
    versions[args.label] = "spinfix"
    rows = measure(args.size_mb, args.runs, args.default, versions, args.texts)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "whitespace.csv"
    keep = []
    if path.is_file():
        with open(path, newline="", encoding="utf-8") as fh:
            keep = [r for r in csv.DictReader(fh) if r["label"] not in versions]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, restval="")
        w.writeheader()
        w.writerows(keep)
        w.writerows({k: f"{v:.6g}" if isinstance(v, float) else v for k, v in r.items()} for r in rows)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
