"""Issue 6: does any input shape make the full pipeline super-linear? Time vs size, up to a 50 MB line.

    python -m benchmarks.adversarial_robustness                   # all cases, 0.1 MB … 50 MB
    python -m benchmarks.adversarial_robustness --max-mb 1        # quick look
    python -m benchmarks.adversarial_robustness --cases spun_line,and_terms --budget 60

Unlike ``benchmarks/adversarial.py`` (the matcher and engines against peers), this times the whole
``Restorer.restore_and_explain`` of the shipped configuration — context, generalisation, scoring,
overlap resolution, edits — on hostile shapes of text, each one a single line. Every case grows
through the sizes until one run takes longer than ``--budget`` seconds; larger sizes are then recorded
as skipped, so a quadratic case cannot run for hours. Each row reports wall and CPU seconds, MB/s (of
CPU time) and the local exponent ``log(t2/t1) / log(n2/n1)`` of CPU time against the previous size: about 1
for linear work, 2 for quadratic.

The case builders are also used by ``tests/test_robustness_scaling.py`` at small sizes.
Writes ``benchmarks/results/robustness_scaling.csv``.
"""

from __future__ import annotations

import argparse
import csv
import gc
import math
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from spinfix import Config, Restorer

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SIZES_MB = (0.1, 0.4, 1.0, 4.0, 10.0, 50.0)
#: Cases taken to the largest size (the others stop at 10 MB, to keep a full run under ~20 minutes):
#: the baseline, the densest findings, the matcher's worst shapes and the quotation and condition paths.
BIG_CASES = ("clean_line", "spun_line", "long_word", "near_matches", "quotes", "and_terms", "control_chars")
OTHERS_MAX_MB = 10.0


def fill(unit: str, size: int) -> str:
    """``unit`` repeated to exactly ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


@lru_cache(maxsize=1)
def clean_prose() -> str:
    """The project's clean fixtures (news and science prose) on one line."""
    files = sorted((ROOT / "tests" / "fixtures" / "clean").rglob("*.txt"))
    return " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in files) + " "


@lru_cache(maxsize=1)
def _table_phrases() -> list[str]:
    """Multi-word spun forms of the shipped tables, most words first."""
    rows = Restorer(Config(context=False, generalize=False)).table.rows
    return sorted({r.spun for r in rows if " " in r.spun}, key=lambda p: (-p.count(" "), p))


def colliding_characters() -> str:
    """Two thousand distinct characters (and spaces) whose answers the compiled matcher's memo of word
    characters would keep in eight neighbouring slots (``spinfix/_matchcore.c``, ``word_char``): each
    occurrence searches at most a bounded stretch of that memo."""
    slot = lambda c: ((c * 2654435761) & 0xFFFFFFFF) >> 20  # noqa: E731 - the module's hash
    chars = [chr(c) for c in range(0x4E00, 0x110000) if not 0xD800 <= c <= 0xDFFF and slot(c) < 8][:2000]
    return "".join(c + (" " if k % 7 == 6 else "") for k, c in enumerate(chars))


def repeated_prefix_unit() -> str:
    """The longest multi-word table phrase without its last word (every position starts a partial match)."""
    return _table_phrases()[0].rsplit(" ", 1)[0] + " "


#: name -> (builder(size) -> text, what it attacks)
CASES: dict[str, tuple[Callable[[int], str], str]] = {
    "clean_line": (lambda n: fill(clean_prose(), n), "realistic clean prose, no line break (the baseline)"),
    "spun_line": (lambda n: fill("Personal corporations rose zero.5 % on Friday, an extended relationship "
                                 "stated on Wall Avenue. ", n),
                  "dense real findings: overlap resolution, generaliser's claimed spans, thesaurus pass"),
    "long_word": (lambda n: fill("personalcorporation", n), "one word: raw matches that all fail the boundary"),
    "long_letter_run": (lambda n: "an " + "a" * (n - 3), "one 'word' of one letter after an article"),
    "repeated_word": (lambda n: fill("personal ", n), "'personal personal …': a table word and a trigger"),
    "repeated_prefix": (lambda n: fill(repeated_prefix_unit(), n), "prefix of the longest multi-word phrase"),
    "one_of_many": (lambda n: fill("one of many ", n), "'one of many one of many …'"),
    "an_an": (lambda n: fill("an ", n), "'an an an …': article tells"),
    "quotes": (lambda n: fill('"personal corporation" ', n), "thousands of quotation pairs"),
    "lone_quotes": (lambda n: fill('" personal corporation ', n), "unbalanced quotes"),
    "blank_lines": (lambda n: fill(" \n", n - 7) + " zero.5", "whitespace-only lines (paragraph splitting)"),
    "signature_words": (lambda n: fill("the corporate stated the builders convention would minimize costs for "
                                       "buyers within the metropolis ", n),
                        "one region of many spinner words and candidates: the region evidence per candidate"),
    "ordinary_rows": (lambda n: "personal corporations " + fill("the company stated its gross sales and ", n - 22),
                      "one spinner phrase, then spun-doc rows with no sentence end: each candidate's sentence"),
    "repeated_preposition": (lambda n: fill("of ", n), "'of of of …': a run, not the doubled-preposition tell"),
    "grammar_tells": (lambda n: fill("staff who came in make contact with with the worker experienced been told "
                                     "in Could to cut 15 for each cent ", n),
                      "dense grammar, month and per-cent tells, with rows beside them"),
    "and_terms": (lambda n: fill("malignant growth ", n), "rows with and= phrases that never occur"),
    "not_terms": (lambda n: fill("magnetic cell separation ", n), "rows with not= phrases"),
    "near_matches": (lambda n: fill("xpersonal corporationx personal-corporation personal  corporation "
                                    "wall avenuex ", n), "glued and hyphenated phrases: the matcher's resync"),
    "control_chars": (lambda n: fill("\x00personal\x00corporation\x1b\x85zero.5\x0b", n), "NUL and controls"),
    "combining": (lambda n: fill("perso\u0301nal corporatio\u0308n e\u0301 ", n), "combining marks"),
    "unclosed_markup": (lambda n: fill("<script> <!-- `personal corporation ``` \\ref[personal <a ", n),
                        "openers never closed: a search from each would be quadratic (spinfix/verbatim.py)"),
    "identifier_token": (lambda n: fill("x/personal-corporation@zero.5#stated/", n),
                         "one token full of '/', '@' and '#' around table phrases"),
    "closed_markup": (lambda n: fill('<b class="personal corporation">personal corporation</b> `wall avenue` '
                                     "https://e.org/zero.5 ", n), "many tags, code spans and addresses"),
    "colliding_characters": (lambda n: fill(colliding_characters(), n),
                             "thousands of distinct characters that collide in the matcher's memo"),
}

#: Cases run under a configuration other than the default, for code only that configuration reaches.
KEEP_CONFIG = Config(keep=frozenset({"corporation", "stated"}))
KEEP_CASES: dict[str, tuple[Callable[[int], str], str]] = {
    "keep_phrases": (lambda n: fill("personal corporation stated wall avenue ", n),
                     "Config(keep=…): every candidate checked against every protected match"),
}


def time_once(restorer: Restorer, text: str) -> tuple[float, float, int, int]:
    """Wall and CPU seconds for one ``restore_and_explain``, and the numbers of findings and edits.

    The exponent is computed from CPU time: on a shared machine other processes stretch wall time
    unevenly between sizes, which can fake or hide super-linearity.
    """
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    result = restorer.restore_and_explain(text)
    return time.perf_counter() - t0, time.process_time() - c0, len(result.findings), len(result.edits)


def run(cases: list[str], sizes_mb: tuple[float, ...], budget: float, out: Path,
        big: tuple[str, ...] = BIG_CASES) -> list[dict]:
    """Time every case at growing sizes until a run exceeds ``budget``; write and return the rows."""
    default = Restorer(Config()).warm()
    keep = Restorer(KEEP_CONFIG).warm()
    default.restore("warm up the generaliser: personal corporation")
    keep.restore("warm up the generaliser: personal corporation")
    rows: list[dict] = []
    out.parent.mkdir(parents=True, exist_ok=True)
    all_cases = {**{k: (*v, "default", default) for k, v in CASES.items()},
                 **{k: (*v, "keep", keep) for k, v in KEEP_CASES.items()}}
    with out.open("w", newline="", encoding="utf-8") as fh:
        fields = ["case", "config", "size_chars", "seconds", "cpu_seconds", "mb_per_s_cpu", "exponent_vs_previous",
                  "findings", "edits", "status", "what"]
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        for name in cases:
            build, what, config_name, restorer = all_cases[name]
            previous: tuple[int, float] | None = None
            stop_reason = ""
            for mb in sizes_mb:
                if mb > OTHERS_MAX_MB and name not in big:
                    continue
                size = int(mb * 1_000_000)
                row = {"case": name, "config": config_name, "size_chars": size, "what": what}
                if stop_reason:
                    row.update(status=stop_reason)
                else:
                    text = build(size)
                    seconds, cpu, findings, edits = time_once(restorer, text)
                    del text
                    exponent = ""
                    if previous is not None and previous[1] > 0.05:
                        exponent = f"{math.log(cpu / previous[1]) / math.log(size / previous[0]):.2f}"
                    row.update(seconds=f"{seconds:.3f}", cpu_seconds=f"{cpu:.3f}",
                               mb_per_s_cpu=f"{size / 1e6 / max(cpu, 1e-9):.3f}",
                               exponent_vs_previous=exponent, findings=findings, edits=edits, status="ok")
                    previous = (size, cpu)
                    if seconds > budget:
                        stop_reason = f"skipped: {size / 1e6:g} MB took {seconds:.0f} s (> {budget:g} s budget)"
                rows.append(row)
                writer.writerow(row)
                fh.flush()
                print(", ".join(f"{k}={row.get(k, '')}" for k in fields[:-1]), flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default=",".join([*CASES, *KEEP_CASES]),
                        help="comma-separated case names (default: all)")
    parser.add_argument("--max-mb", type=float, default=50.0, help="largest size in MB (default 50)")
    parser.add_argument("--budget", type=float, default=120.0,
                        help="stop growing a case after a run slower than this many seconds (default 120)")
    parser.add_argument("--big", default=",".join(BIG_CASES),
                        help=f"cases run above {OTHERS_MAX_MB:g} MB (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=RESULTS / "robustness_scaling.csv")
    args = parser.parse_args(argv)
    names = [c for c in args.cases.split(",") if c]
    unknown = [c for c in names if c not in CASES and c not in KEEP_CASES]
    if unknown:
        parser.error(f"unknown cases {unknown}; known: {', '.join([*CASES, *KEEP_CASES])}")
    sizes = tuple(s for s in SIZES_MB if s <= args.max_mb)
    run(names, sizes, args.budget, args.out, tuple(c for c in args.big.split(",") if c))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
