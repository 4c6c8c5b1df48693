"""Command line: ``python -m benchmarks [--quick] [--out DIR] [--steps ...] [--report-only]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

DEFAULT_OUT = Path(__file__).resolve().parent / "results"
STEPS = ("default", "speed", "corpus", "table", "workers", "adversarial", "memory", "coldstart")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help=("a smoke run: 0.1 MB corpus, 1k-row table, 3 runs, small adversarial inputs, the default "
                              "step's texts in one process (about a minute)"))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results directory (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="corpus and table seed (default: 0)")
    parser.add_argument("--base-table", action="append", dest="base_tables", metavar="PATH",
                        help="use these table files instead of the shipped ones as the base rows (repeatable)")
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS),
                        help="run only these steps (default: all)")
    parser.add_argument("--report-only", action="store_true", help="rebuild plots and SUMMARY.md from the CSVs")
    args = parser.parse_args(argv)

    from .report import build_report

    out: Path = args.out
    if args.report_only:
        for p in build_report(out, DEFAULT_OUT):
            print(p)
        return 0

    from .suite import Plan, Suite

    t0 = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - t0:7.1f}s] {msg}", flush=True)

    suite = Suite(Plan.make(args.quick, args.seed), out, args.base_tables, log)
    suite.setup()
    steps = {"default": suite.default, "speed": suite.speed, "corpus": suite.corpus_scaling,
             "table": suite.table_scaling, "workers": suite.workers, "adversarial": suite.adversarial,
             "memory": suite.memory, "coldstart": suite.coldstart}
    for name in STEPS:
        if name in args.steps:
            steps[name]()
    ran = [name for name in STEPS if name in args.steps]
    suite.environment(ran, partial=len(ran) < len(STEPS))
    for p in build_report(out, DEFAULT_OUT):
        log(f"wrote {p}")
    log("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
