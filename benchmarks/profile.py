"""Where the time goes: profile one engine over a benchmark corpus or an adversarial input.

``python -m benchmarks.profile ENGINE [--corpus-mb 1] [--table-rows 1000] [--case near_matches --size N]``
uses the corpus and table files a previous run left in ``<out>/tmp/`` and writes the profile to
``<out>/profile_<engine>[_<case>].txt``. It uses pyinstrument (``pip install pyinstrument``) when it is
installed, the standard library's cProfile otherwise.
"""

from __future__ import annotations

import argparse
import glob
import io
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .__main__ import DEFAULT_OUT

if TYPE_CHECKING:
    from pyinstrument import Profiler


def _find(tmp: Path, pattern: str) -> Path:
    found = sorted(p for p in glob.glob(str(tmp / pattern)) if not p.endswith((".pairs.tsv", ".part")))
    if not found:
        raise SystemExit(f"no {pattern} in {tmp}: run python -m benchmarks first")
    return Path(max(found, key=lambda p: Path(p).stat().st_mtime))


def _pyinstrument() -> type[Profiler] | None:
    """pyinstrument's profiler class, or None when the optional package is not installed.

    A function rather than ``Profiler = None`` in an ``except ImportError``: the fallback then has a type of its own
    (``None``) instead of being assigned over a class, and the caller's ``is None`` check narrows it.
    """
    try:
        from pyinstrument import Profiler
    except ImportError:
        return None
    return Profiler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("engine", help="an engine of benchmarks/engines.py, e.g. 'spinfix.restore[default]'")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--corpus-mb", type=float, default=1.0)
    parser.add_argument("--table-rows", type=int, default=1000)
    parser.add_argument("--case", help="profile an adversarial input instead of the corpus")
    parser.add_argument("--size", type=int, default=200_000, help="size of the adversarial input (characters)")
    args = parser.parse_args(argv)

    from .adversarial import CASES, Material
    from .corpus import load_docs
    from .engines import build

    tmp = args.out / "tmp"
    corpus = _find(tmp, f"corpus-*-{args.corpus_mb:g}MB.txt")
    table = _find(tmp, f"table-{args.table_rows}-*.tsv")
    pairs = table.with_suffix(".pairs.tsv")
    docs = load_docs(corpus)
    if args.case:
        patterns = [line.split("\t", 1)[0] for line in pairs.read_text(encoding="utf-8").splitlines()]
        docs = [CASES[args.case](args.size, Material(patterns, " ".join(docs[:150])))]
    run = build(args.engine, table, pairs)
    for doc in docs[:20]:
        run(doc)
    profiler_cls = _pyinstrument()
    t0 = time.perf_counter()
    if profiler_cls is not None:
        profiler = profiler_cls(interval=0.0005)
        profiler.start()
        for doc in docs:
            run(doc)
        profiler.stop()
        text = profiler.output_text(unicode=False, color=False, show_all=False)
    else:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        for doc in docs:
            run(doc)
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(40)
        text = buf.getvalue()
    elapsed = time.perf_counter() - t0
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    head = (f"# {args.engine} on {args.case or corpus.name} ({nbytes / 1e6:.2f} MB), table {table.name}: "
            f"{elapsed:.2f} s under the profiler ({nbytes / 1e6 / elapsed:.2f} MB/s)\n")
    name = args.engine.replace("[", "_").replace("]", "").replace(".", "_")
    suffix = (f"_{args.case}" if args.case else "") + (f"_{args.table_rows}rows" if args.table_rows != 1000 else "")
    path = args.out / f"profile_{name}{suffix}.txt"
    path.write_text(head + text, encoding="utf-8")
    print(head + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
