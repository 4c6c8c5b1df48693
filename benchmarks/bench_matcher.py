"""The matcher alone and table-only detect against ``ahocorasick_rs``, with the shipped tables (issue 14).

``python benchmarks/bench_matcher.py [--size-mb 1] [--runs 5] [--label now] [--out DIR]``

Three texts of about ``--size-mb`` each, from the benchmark generator with the shipped tables: clean news,
spun news, and the clean news typeset with non-ASCII punctuation, names and symbols
(:func:`benchmarks.corpus.non_ascii`: the same table matches, but every offset must be mapped from bytes
to code points). The engines are built once and run *interleaved* in this one process (every engine on
20 documents, ~100 kB, then on the next 20, ...), so that a burst of load from other processes on a
shared machine hits them alike; each figure is the median of ``--runs`` passes and is written with the
1-minute load average around it.

* ``spinfix.matcher``: ``PhraseMatcher(patterns).find(normalize(doc))`` over the compiled shipped table;
* ``spinfix.detect[table-only]``: ``Restorer(Config(context=False, generalize=False)).detect`` (shipped tables);
* ``ahocorasick_rs.scan``: leftmost-longest ``AhoCorasick`` on ``doc.lower()`` (``str``) + word-boundary check;
* ``ahocorasick_rs.bytes``: ``BytesAhoCorasick`` on ``doc.lower().encode()`` + word-boundary check
  (byte offsets, no map: the speed limit of a byte scan);

To measure an older spinfix, run this file with ``PYTHONPATH`` pointing at that version's sources and
``--label before``: rows are appended to ``matcher.csv`` with the label, and ``matcher.png`` shows all labels.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: --label before

from benchmarks.corpus import MB, Generator, build_vocabulary, non_ascii
from benchmarks.tables import load_base

COLUMNS = ["label", "engine", "text", "bytes", "docs", "runs", "median_s", "mbps", "ratio_to_ahocorasick_rs",
           "count", "load_avg_before", "load_avg_after", "spinfix"]


def texts(size_mb: float) -> dict[str, list[str]]:
    base = load_base()
    tmp = Path(__file__).resolve().parent / "results" / "tmp"
    gen = Generator(base, build_vocabulary(tmp / "vocabulary.json"))
    nbytes = int(size_mb * MB)
    clean = gen.subset("news", False, nbytes)
    return {"clean news": clean, "spun news": gen.subset("news", True, nbytes),
            "non-ASCII news": [non_ascii(d, i) for i, d in enumerate(clean)]}


def engines() -> dict[str, Callable[[str], int]]:
    import ahocorasick_rs

    from spinfix import Config, Restorer
    from spinfix.matcher import PhraseMatcher
    from spinfix.normalize import normalize

    restorer = Restorer(Config(context=False, generalize=False)).warm()
    patterns = list(restorer.table.variants)
    matcher = PhraseMatcher(patterns)
    kind = ahocorasick_rs.MatchKind.LeftmostLongest
    ac = ahocorasick_rs.AhoCorasick(patterns, matchkind=kind)
    acb = ahocorasick_rs.BytesAhoCorasick([p.encode() for p in patterns], matchkind=kind)

    def match(doc: str) -> int:
        return len(matcher.find(normalize(doc)))

    def detect(doc: str) -> int:
        return len(restorer.detect(doc))

    def scan_rs(doc: str) -> int:
        low = doc.lower()
        n = len(low)
        return sum(1 for _, s, e in ac.find_matches_as_indexes(low)
                   if (s == 0 or not low[s - 1].isalnum()) and (e == n or not low[e].isalnum()))

    def scan_bytes(doc: str) -> int:
        low = doc.lower().encode("utf-8", "surrogatepass")
        n = len(low)
        # bytes.isalnum is ASCII-only: a non-ASCII neighbour counts as a boundary (an approximation the
        # peer may make; spinfix may not).
        return sum(1 for _, s, e in acb.find_matches_as_indexes(low)
                   if (s == 0 or not low[s - 1:s].isalnum()) and (e == n or not low[e:e + 1].isalnum()))

    return {"spinfix.matcher": match, "spinfix.detect[table-only]": detect, "ahocorasick_rs.scan": scan_rs,
            "ahocorasick_rs.bytes": scan_bytes}


def measure(size_mb: float, runs: int, label: str) -> list[dict[str, object]]:
    corpora = texts(size_mb)
    built = engines()
    import spinfix

    rows = []
    for name, docs in corpora.items():
        nbytes = sum(len(d.encode("utf-8", "surrogatepass")) for d in docs)
        load0 = os.getloadavg()[0]
        times: dict[str, list[float]] = {e: [] for e in built}
        counts: dict[str, int] = {}
        for run in built.values():  # warm-up
            for d in docs[:10]:
                run(d)
        items = list(built.items())
        clock = time.perf_counter
        chunks = [docs[i:i + 20] for i in range(0, len(docs), 20)]  # ~100 kB per turn (see child.py)
        for _ in range(runs):
            spent = dict.fromkeys(built, 0.0)
            found = dict.fromkeys(built, 0)
            for chunk in chunks:  # engine after engine on each chunk: load bursts hit all of them alike
                for engine, run in items:
                    t0 = clock()
                    k = sum(map(run, chunk))
                    spent[engine] += clock() - t0
                    found[engine] += k
            for engine in built:
                times[engine].append(spent[engine])
            counts = found
        load1 = os.getloadavg()[0]
        ref = statistics.median(times["ahocorasick_rs.scan"])
        for engine, ts in times.items():
            t = statistics.median(ts)
            rows.append({"label": label, "engine": engine, "text": name, "bytes": nbytes, "docs": len(docs),
                         "runs": runs, "median_s": t, "mbps": nbytes / MB / t, "ratio_to_ahocorasick_rs": ref / t,
                         "count": counts[engine], "load_avg_before": load0, "load_avg_after": load1,
                         "spinfix": str(Path(spinfix.__file__).parent)})
            print(f"{label:<8} {name:<15} {engine:<28} {nbytes / MB / t:7.1f} MB/s  ×{ref / t:.2f} of ahocorasick_rs"
                  f"  ({counts[engine]} found; load {load0:.2f} → {load1:.2f})", flush=True)
    return rows


def plot(out: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with open(out / "matcher.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    bars = sorted({(r["label"], r["engine"]) for r in rows}, key=lambda k: (k[1], k[0]))
    names = list(dict.fromkeys(r["text"] for r in rows))
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / max(1, len(bars))
    for k, (label, engine) in enumerate(bars):
        values = [next((float(r["mbps"]) for r in rows if (r["label"], r["engine"], r["text"]) == (label, engine, t)),
                       0.0) for t in names]
        ax.bar([i + k * width for i in range(len(names))], values, width, label=f"{engine} ({label})")
    ax.set_xticks([i + 0.4 - width / 2 for i in range(len(names))], names)
    ax.set_ylabel("MB/s (median, interleaved)")
    loads = sorted({round(float(r["load_avg_before"]), 2) for r in rows})
    ax.set_title(f"Matcher and table-only detect, shipped tables (1-min load avg {loads[0]}–{loads[-1]})")
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    path = out / "matcher.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--label", default="now")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    args = parser.parse_args(argv)
    rows = measure(args.size_mb, args.runs, args.label)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "matcher.csv"
    keep = []
    if path.is_file():
        with open(path, newline="", encoding="utf-8") as fh:
            keep = [r for r in csv.DictReader(fh) if r["label"] != args.label]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(keep)
        w.writerows({k: f"{v:.6g}" if isinstance(v, float) else v for k, v in r.items()} for r in rows)
    print(path, plot(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
