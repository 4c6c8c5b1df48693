"""Words restored right and wrong in the benchmark suite's table-spun stories and papers.

    python -m benchmarks.table_spun [--seeds 2] [--out benchmarks/results]   # writes table_spun.csv

Why: the devset's 17 spun articles are real spinner output but few; a change to the restorer that moves
one of their words is worth checking on more text. The suite spins every real clean story and paper of
the repository (``tests/fixtures/clean``, ``benchmarks/data/heldout_clean``) with the shipped tables reversed
(``benchmarks.spinner``, a seeded spin per document), so each spun text has its original. Each is
restored as one document and compared word by word with the original as ``benchmarks.devset`` scores the
devset (``good_bad``: an edit towards the original is right, one away from it wrong; half for a word
replaced by another wrong one). The tables wrote these swaps, so the figures say little about recall on
real spinners; they show what a change costs or gains on text dense in table swaps. ``--seeds N`` spins
each document N times (seeds 0 to N-1; 2 by default, as the measurement log's figures).
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Sequence
from pathlib import Path

from spinfix import Config, Restorer

from .devset import good_bad, words
from .spinner import Spinner
from .suite import real_documents

ROOT = Path(__file__).resolve().parent.parent


def table_spun(restorer: Restorer, genre: str, seeds: int) -> dict[str, float]:
    """Right and wrong words (and documents) over ``seeds`` spins of every real ``genre`` document."""
    texts = real_documents(genre)
    right = wrong = 0.0
    for seed in range(seeds):
        spinner = Spinner(seed=seed)
        for i, original in enumerate(texts):
            spun = spinner.spin(original, seed=i)[0]
            good, bad, _, _ = good_bad(words(spun), words(restorer.restore(spun)), words(original))
            right += good
            wrong += bad
    return {"documents": len(texts) * seeds, "right": right, "wrong": wrong}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=2, help="spins of each document (default 2)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = parser.parse_args(argv)
    restorer = Restorer(Config()).warm()
    rows = []
    for genre in ("news", "science"):
        result = table_spun(restorer, genre, args.seeds)
        rows.append([genre, args.seeds, result["documents"], result["right"], result["wrong"]])
        print(f"{genre}: {result['documents']} documents, words right {result['right']:g}, wrong {result['wrong']:g}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "table_spun.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["genre", "seeds", "documents", "right", "wrong"])
        writer.writerows(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
