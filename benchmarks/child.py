"""One measurement in a fresh process: ``python -m benchmarks.child '<json spec>'``.

Running every measurement in its own interpreter keeps them independent (no warm caches, no memory left
over from another engine) and makes the peak RSS the engine's own. The child prints one ``RESULT {json}``
line per result, flushed at once, so a parent that kills it on a timeout still gets what was measured.

Spec ``mode`` values:

* ``throughput``: build one engine, run it over every document of a corpus ``runs`` times;
* ``adversarial``: build one engine, run it on one adversarial input of one size;
* ``workers``: ``multiprocessing.Pool(n)`` with one engine per worker, over the documents of a corpus;
* ``calibrate``: the same pool over a pure-Python busy loop (the parallelism the machine offers);
* ``interleaved``: build several engines, then run them in turn on ~100 kB of documents at a time
  (engine 1 on chunk 1, engine 2 on chunk 1, ..., engine 1 on chunk 2, ...), ``runs`` times: on a shared machine a
  burst of load hits every engine alike, so their *ratios* stay meaningful when wall-clock times do not. With
  ``warm`` (another corpus) and ``runs`` 1, the engines meet every document of the corpus for the first time.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

CHUNK_BYTES = 100_000  # text per engine turn in ``interleaved`` mode
_WORKER: dict[str, Any] = {"engine": None, "docs": [], "error": ""}  # state of a pool worker process


def _emit(result: dict[str, Any]) -> None:
    sys.stdout.write("RESULT " + json.dumps(result) + "\n")
    sys.stdout.flush()


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 1e6


def _maxrss_mb() -> float:
    """This process's peak RSS. ``ru_maxrss`` survives ``execve`` (it would report the parent's size), so
    the kernel's per-address-space high-water mark ``VmHWM`` is read where there is one."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # KiB on Linux


def throughput(spec: dict[str, Any]) -> None:
    from .corpus import load_docs
    from .engines import build

    docs = load_docs(spec["corpus"])
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    gc.collect()
    rss_base = _rss_mb()
    t0 = time.perf_counter()
    run = build(spec["engine"], Path(spec["table"]), Path(spec["pairs"]), spec.get("config"))
    build_s = time.perf_counter() - t0
    rss_built = _rss_mb()
    for doc in docs[: spec.get("warmup_docs", 20)]:
        run(doc)
    times: list[float] = []
    cpu: list[float] = []
    count = 0
    for r in range(spec["runs"]):
        c0 = time.process_time()
        t0 = time.perf_counter()
        total = 0
        for doc in docs:
            total += run(doc)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        if r == 0:
            count = total
    _emit({"build_s": build_s, "times": times, "cpu": cpu, "bytes": nbytes, "docs": len(docs), "count": count,
           "rss_base_mb": rss_base, "rss_built_mb": rss_built, "rss_peak_mb": _maxrss_mb()})


def adversarial(spec: dict[str, Any]) -> None:
    from .adversarial import CASES, Material
    from .corpus import load_docs
    from .engines import build

    pairs = [line.split("\t", 1)[0] for line in Path(spec["pairs"]).read_text(encoding="utf-8").splitlines()]
    text, n = [], 0
    for d in load_docs(spec["corpus"]):
        text.append(d)
        n += len(d)
        if n > 300_000:
            break
    doc = CASES[spec["case"]](spec["size"], Material(pairs, " ".join(text)))
    del text
    run = build(spec["engine"], Path(spec["table"]), Path(spec["pairs"]), spec.get("config"))
    times: list[float] = []
    cpu: list[float] = []
    count = 0
    for _ in range(spec.get("runs", 3)):
        c0 = time.process_time()
        t0 = time.perf_counter()
        count = run(doc)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        if sum(times) > spec.get("budget_s", 60.0) / 3:
            break
    _emit({"size": spec["size"], "times": times, "cpu": cpu, "count": count, "rss_peak_mb": _maxrss_mb()})


def interleaved(spec: dict[str, Any]) -> None:
    """The ``interleaved`` mode on ``spec["corpus"]``, or on each of ``spec["corpora"]`` in turn with the
    engines built once (a smoke run: building every engine took most of the time of its small texts);
    each result then names its corpus."""
    from .corpus import load_docs
    from .engines import build

    corpora = spec.get("corpora") or [spec["corpus"]]
    # With ``warm`` (a corpus path) each engine first reads all of that other text, and then the corpus,
    # which it has never seen (the seen-once texts of the default step); otherwise the corpus's first
    # documents warm it.
    warm = load_docs(spec["warm"]) if spec.get("warm") else load_docs(corpora[0])[: spec.get("warmup_docs", 10)]
    built = []
    for name, config in spec["engines"]:
        t0 = time.perf_counter()
        run = build(name, Path(spec["table"]), Path(spec["pairs"]), config)
        build_s = time.perf_counter() - t0
        for doc in warm:
            run(doc)
        built.append((name, run, build_s))
    for corpus in corpora:
        _interleave(spec, built, load_docs(corpus), corpus if "corpora" in spec else None)


def _interleave(spec: dict[str, Any], built: list[tuple[str, Any, float]], docs: list[str],
                corpus: str | None) -> None:
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    clock = time.perf_counter
    # Turns of about CHUNK_BYTES of text: short enough that load bursts hit every engine, long enough that
    # an engine runs with its own data in the CPU caches (turn by document, a fast scanner ran at a fifth
    # of its speed after the restorer's passes had evicted its automaton).
    chunks: list[list[str]] = [[]]
    size = 0
    for doc in docs:
        chunks[-1].append(doc)
        size += len(doc)
        if size >= CHUNK_BYTES:
            chunks.append([])
            size = 0
    times: list[list[float]] = [[] for _ in built]
    counts = [0] * len(built)
    loads = []
    for r in range(spec["runs"]):
        loads.append(os.getloadavg()[0])
        spent = [0.0] * len(built)
        for chunk in chunks:
            for k, (_, run, _) in enumerate(built):
                t0 = clock()
                n = sum(map(run, chunk))
                spent[k] += clock() - t0
                if r == 0:
                    counts[k] += n
        for k, t in enumerate(spent):
            times[k].append(t)
    loads.append(os.getloadavg()[0])
    for k, (name, _, build_s) in enumerate(built):
        result = {"engine": name, "times": times[k], "bytes": nbytes, "docs": len(docs), "count": counts[k],
                  "build_s": build_s, "load_avgs": loads}
        if corpus is not None:
            result["corpus"] = corpus
        _emit(result)


def _init_worker(engine: str, table: str, pairs: str, corpus: str) -> None:
    # An exception here would make the pool respawn workers for ever: keep it and report it from _ping.
    try:
        from .corpus import load_docs
        from .engines import build

        _WORKER["docs"] = load_docs(corpus)
        _WORKER["engine"] = build(engine, Path(table), Path(pairs))
        for doc in _WORKER["docs"][:20]:
            _WORKER["engine"](doc)
    except Exception as exc:
        _WORKER["error"] = f"{type(exc).__name__}: {exc}"


def _ping(seconds: float) -> str:
    time.sleep(seconds)
    return _WORKER["error"]


def _work(bounds: tuple[int, int]) -> int:
    run, docs = _WORKER["engine"], _WORKER["docs"]
    return sum(run(docs[i]) for i in range(*bounds))


def workers(spec: dict[str, Any]) -> None:
    from multiprocessing import get_context

    from .corpus import load_docs

    n_docs = len(load_docs(spec["corpus"]))
    n = spec["workers"]
    chunk = max(1, n_docs // 64)
    bounds = [(i, min(n_docs, i + chunk)) for i in range(0, n_docs, chunk)]
    ctx = get_context("fork")
    with ctx.Pool(n, initializer=_init_worker,
                  initargs=(spec["engine"], spec["table"], spec["pairs"], spec["corpus"])) as pool:
        errors = [e for e in pool.map(_ping, [0.3] * n, chunksize=1) if e]  # every worker has its engine
        if errors:
            raise RuntimeError(errors[0])
        times = []
        for _ in range(spec["runs"]):
            t0 = time.perf_counter()
            pool.map(_work, bounds, chunksize=1)
            times.append(time.perf_counter() - t0)
    _emit({"times": times, "docs": n_docs, "workers": n})


def _busy(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def calibrate(spec: dict[str, Any]) -> None:
    """The same pool over a pure-Python busy loop: how much parallelism the machine gives right now."""
    from multiprocessing import get_context

    n = spec["workers"]
    with get_context("fork").Pool(n) as pool:
        pool.map(_ping, [0.2] * n, chunksize=1)
        times = []
        for _ in range(spec["runs"]):
            t0 = time.perf_counter()
            pool.map(_busy, [400_000] * 16, chunksize=1)
            times.append(time.perf_counter() - t0)
    _emit({"times": times, "workers": n})


def main(argv: list[str]) -> int:
    spec = json.loads(argv[1])
    modes = {"throughput": throughput, "adversarial": adversarial, "workers": workers, "calibrate": calibrate,
             "interleaved": interleaved}
    modes[spec["mode"]](spec)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
