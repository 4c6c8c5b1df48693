"""What a corpus teaches about its spinner: ``spinfix scan --suggest`` on a spinner spinfix was never shown.

``python -m benchmarks.mine --corpus GENSIM_WHEEL [--out benchmarks/results] [--devset ../shared/devset]``

The corpus is real clean news: the Lee corpus of ABC stories (one story per line in the gensim wheel,
``pip download --no-deps gensim``; see :mod:`benchmarks.clean_news_lee`) and the repository's own clean
news (the fixtures and the first held-out set). The spinner is half of the shipped news table's one-word
rows (chosen by a hash of the spun form, inflections included, ``benchmarks.spinner``), applied at a rate
of 0.7; the restorer is built on the shipped tables *without* those rows, so nothing it loads knows
them (the learned swaps are worked out from the tables it loads, so they do not know them either).

The stories are split in two halves. The spun first half is mined (:class:`spinfix.mine.SpinnerVocabulary`,
what ``--suggest`` runs); each suggestion is right when it is one of the held-out rows' swaps (spun form
→ its original, in the inflection the text has). The spun second half is then restored by the restorer
alone and by the restorer with the suggestions as a user table, at ``--confidences``: word swaps
restored right (an edit that writes back exactly what the clean text had, ``evaluate._score_swaps``),
edits made, and words changed in the clean second half, the clean fixtures and, with ``--devset``, the
devset's clean pages (all without spinning) — the suggestions must not damage clean text.

With ``--devset``, the devset's synonym-spun articles are also mined as a corpus of their own and
restored with what they taught (``devset_*`` rows): a measurement of the mechanism, not a source of rows,
and too small a corpus to say much (27 stories).

Writes ``mine.csv`` (every figure), ``mine.md`` (the table the README quotes) and
``mine_suggestions.tsv`` (the whole crawl's suggestions, each marked right or not) to ``--out``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
import time
import zlib
from collections.abc import Sequence
from pathlib import Path

from spinfix import Config, Restorer
from spinfix.mine import SUGGESTED_CONFIDENCE, SpinnerVocabulary, Suggestion
from spinfix.table import Row, default_table_paths, format_table, read_table

from .clean_news_lee import stories
from .evaluate import FIXTURES, _score_swaps, clean_damage_texts
from .spinner import Spinner
from .suite import real_documents
from .tables import spinner_pairs

ROOT = Path(__file__).resolve().parent.parent
#: The share of the held-out swaps' occurrences the spinner makes.
RATE = 0.7
#: Stories of the crawl mined alone, to show how the yield grows with the corpus.
YIELD_SIZES = (52, 104, 208)


def held_rows(rows: Sequence[Row]) -> list[Row]:
    """The spinner's rows: one-word news rows that restore (half of them, by a hash of the spun form)."""
    return [r for r in rows if r.domain == "news" and " " not in r.spun and r.originals and not r.detect_only
            and " " not in r.originals[0] and zlib.crc32(r.spun.encode()) % 2 == 0]


def tables_without(held: Sequence[Row], tmp: Path) -> list[str]:
    """The shipped tables less ``held``, written to ``tmp``: the paths, for :func:`restorer_without`.

    Written once per run, not once per restorer: the run builds four restorers on them (more with
    several ``--confidences``), and reading, filtering and writing the 11,000 rows again was a second
    of each build (the files are the same every time)."""
    out = []
    gone = {(r.spun, r.originals) for r in held}
    for path in default_table_paths():
        rows = [r for r in read_table(path) if (r.spun, r.originals) not in gone]
        target = tmp / Path(path).name
        target.write_text(format_table(rows, f"{Path(path).name} without the benchmark spinner's rows"),
                          encoding="utf-8")
        out.append(str(target))
    return out


def restorer_without(without: Sequence[str], extra: Sequence[str] = ()) -> Restorer:
    """A restorer on the tables ``without`` (:func:`tables_without`) plus the tables ``extra``."""
    return Restorer(Config(tables=(*without, *extra), default_tables=False)).warm()


def mine(restorer: Restorer, texts: Sequence[str]) -> SpinnerVocabulary:
    vocabulary = SpinnerVocabulary()
    for text in texts:
        vocabulary.add(restorer, text)
    return vocabulary


def restore_scores(restorer: Restorer, spun: Sequence[tuple[str, list]]) -> tuple[int, int, int, int]:
    """(right edits, edits, swaps restored by right edits, swaps) over spun texts with their swaps."""
    totals = [0, 0, 0, 0]
    for text, swaps in spun:
        for k, v in enumerate(_score_swaps(text, swaps, list(restorer.restore_and_explain(text).edits))):
            totals[k] += v
    return totals[0], totals[1], totals[2], totals[3]


def damage(restorer: Restorer, texts: Sequence[str]) -> tuple[int, int]:
    changed, words, _ = clean_damage_texts(restorer, list(texts))
    return changed, words


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.mine", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True,
                        help="the gensim wheel (pip download --no-deps gensim) or a directory with the .cor files")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--devset", type=Path, default=None, help="also measure on the devset (../shared/devset)")
    parser.add_argument("--min-documents", type=int, default=3)
    parser.add_argument("--confidences", type=float, nargs="+", default=[SUGGESTED_CONFIDENCE, 0.5])
    args = parser.parse_args(argv)
    started = time.perf_counter()
    texts = stories(args.corpus) + real_documents("news")
    table_rows = [r for p in default_table_paths() for r in read_table(p)]
    held = held_rows(table_rows)
    pairs = spinner_pairs(held)
    truth = {(spun, original) for original, spun in pairs}
    spinner = Spinner(pairs, rate=RATE, seed=11)
    # A crawl: every other story spun, the rest as written.
    crawl = [spinner.spin(t, seed=i) if i % 2 == 0 else (t, []) for i, t in enumerate(texts)]
    spun = [(t, swaps) for t, swaps in crawl if swaps]
    clean = [t for i, t in enumerate(texts) if i % 2]
    fixtures = [p.read_text(encoding="utf-8") for kind in ("news", "science")
                for p in sorted((FIXTURES / kind).glob("*.txt"))]
    devset_pages: list[str] = []
    if args.devset is not None:
        from .devset import clean_pages

        devset_pages = list(clean_pages(args.devset).values())
    figures: dict[str, float] = {"documents": len(texts), "spun_documents": len(spun),
                                 "spinner_rows": len(held), "spinner_pairs": len(pairs),
                                 "swaps": sum(len(w) for _, w in spun)}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        without = tables_without(held, tmp)
        base = restorer_without(without)
        # The crawl mined whole and restored with what it taught (what a user does); then each half of it
        # mined and the other half's spun stories restored (rows a corpus teaches, used on new pages).
        scenarios = {"crawl": ([t for t, _ in crawl], spun, clean)}
        for part in (0, 1):
            mined = [t for i, (t, _) in enumerate(crawl) if (i // 2) % 2 == part]
            other = [(t, w) for i, (t, w) in enumerate(crawl) if w and (i // 2) % 2 != part]
            unspun = [t for i, t in enumerate(texts) if i % 2 and (i // 2) % 2 != part]
            scenarios[f"half{part}"] = (mined, other, unspun)
        for scenario, (mined, restored, untouched) in scenarios.items():
            t = time.perf_counter()
            vocabulary = mine(base, mined)
            figures[f"{scenario}_mine_seconds"] = round(time.perf_counter() - t, 1)
            figures[f"{scenario}_mined_documents"] = vocabulary.documents
            figures[f"{scenario}_mined_not_clean"] = vocabulary.spun_documents
            found = vocabulary.suggestions(min_documents=args.min_documents)
            right = [s for s in found if (s.spun, s.original) in truth]
            figures[f"{scenario}_suggestions"] = len(found)
            figures[f"{scenario}_suggestions_right"] = len(right)
            if scenario == "crawl":
                write_suggestions(args.out / "mine_suggestions.tsv", found, truth)
            variants: list[tuple[str, Restorer]] = [("without", base)]
            for confidence in args.confidences:
                path = tmp / f"suggested-{scenario}-{confidence}.tsv"
                path.write_text(vocabulary.table(found, confidence=confidence), encoding="utf-8")
                variants.append((f"with@{confidence:g}", restorer_without(without, [str(path)])))
            for name, restorer in variants:
                right_edits, edits, undone, swaps = restore_scores(restorer, restored)
                key = f"{scenario}_{name}"
                figures[f"{key}_edits"] = edits
                figures[f"{key}_precision"] = round(right_edits / edits, 4) if edits else 0.0
                figures[f"{key}_recall"] = round(undone / swaps, 4) if swaps else 0.0
                sets = (("clean", untouched), ("fixtures", fixtures), ("devset_clean", devset_pages))
                for label, clean_texts in sets:
                    if clean_texts and (scenario == "crawl" or label == "clean"):
                        changed, words = damage(restorer, clean_texts)
                        figures[f"{key}_{label}_per_1000"] = round(1000 * changed / words, 4)
        # How the yield grows with the corpus: the crawl's first stories, mined alone.
        for n in YIELD_SIZES:
            if n < len(crawl):
                found = mine(base, [t for t, _ in crawl[:n]]).suggestions(min_documents=args.min_documents)
                figures[f"yield_{n}_suggestions"] = len(found)
                figures[f"yield_{n}_right"] = sum((s.spun, s.original) in truth for s in found)
    if args.devset is not None:
        figures |= devset_figures(args.devset, args.min_documents)
    figures["seconds"] = round(time.perf_counter() - started, 1)
    write(args.out, figures, "python -m benchmarks.mine --corpus GENSIM_WHEEL"
          + (" --devset ../shared/devset" if args.devset else ""))
    for key, value in figures.items():
        print(f"{key:45s} {value}")
    return 0


def devset_figures(devset: Path, min_documents: int) -> dict[str, float]:
    """The devset's synonym-spun articles mined as a corpus, then restored with what they taught."""
    from .devset import DevsetRun, evaluate_pairs

    base = Restorer().warm()
    recs = _articles(devset)
    vocabulary = mine(base, recs)
    found = vocabulary.suggestions(min_documents=min_documents)
    out: dict[str, float] = {"devset_articles": len(recs), "devset_suggestions": len(found)}
    with tempfile.TemporaryDirectory() as tmp_name:
        path = Path(tmp_name) / "devset-suggested.tsv"
        path.write_text(vocabulary.table(found), encoding="utf-8")
        for name, restorer in (("devset_without", base), ("devset_with", Restorer(Config(tables=(str(path),))).warm())):
            run = DevsetRun()
            evaluate_pairs(restorer, devset, run)
            for m in run.metrics:
                if m.subset == "synonym-spinner" and m.name in ("recall", "precision"):
                    out[f"{name}_{m.name}"] = round(m.value, 4)
    return out


def _articles(devset: Path) -> list[str]:
    from .devset import SEP, group, read_jsonl

    recs = [r for r in read_jsonl(devset / "real_pairs_dev.jsonl") if r["spin_style"] == "synonym-spinner"]
    return [SEP.join(r["spun"] for r in rs) for rs in group(recs, "article").values()]


def write_suggestions(path: Path, found: Sequence[Suggestion], truth: set[tuple[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerow(["spun", "original", "documents", "flagged", "read", "right"])
        for s in found:
            w.writerow([s.spun, s.original, s.documents, s.flagged, s.read, int((s.spun, s.original) in truth)])


SCENARIOS = {"crawl": "the crawl mined whole, its spun stories restored",
             "half0": "one half mined, the other half's spun stories restored",
             "half1": "the other way round"}


def write(out: Path, figures: dict[str, float], command: str) -> None:
    """``mine.csv`` (every figure) and ``mine.md`` (the README's table)."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "mine.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["figure", "value"])
        w.writerows(figures.items())
    lines = ["# What a corpus teaches about its spinner", "",
             f"Made by `{command}` in {figures['seconds']:.0f} s: {figures['documents']:.0f} stories, every other "
             f"one spun by {figures['spinner_rows']:.0f} one-word news rows the restorer does not load "
             f"({figures['swaps']:.0f} swaps). Recall and precision: the spinner's word swaps in the restored "
             "stories; damage: words changed per 1,000 in the crawl's unspun stories (and, for the whole crawl, "
             "the clean fixtures and the devset's clean pages when given). Every figure: `mine.csv`.", "",
             "| scenario | rows suggested (right) | restorer | edits | precision | recall | clean damage |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for scenario, label in SCENARIOS.items():
        variants = sorted({k[len(scenario) + 1:-len("_edits")] for k in figures
                           if k.startswith(f"{scenario}_") and k.endswith("_edits")}, key=lambda v: (v != "without", v))
        for name in variants:
            key = f"{scenario}_{name}"
            parts = [f"{key}_{part}_per_1000" for part in ("clean", "fixtures", "devset_clean")]
            damage = ", ".join(f"{figures[part]:g}" for part in parts if part in figures)
            rows = (f"{figures[f'{scenario}_suggestions']:.0f} ({figures[f'{scenario}_suggestions_right']:.0f})"
                    if name == "without" else "")
            restorer = "tables alone" if name == "without" else f"+ suggested rows at {name.split('@')[1]}"
            first = label if name == "without" else ""
            lines.append(f"| {first} | {rows} | {restorer} | {figures[f'{key}_edits']:.0f} "
                         f"| {figures[f'{key}_precision']:.3f} | {figures[f'{key}_recall']:.3f} | {damage} |")
    sizes = [n for n in YIELD_SIZES if f"yield_{n}_suggestions" in figures]
    if sizes:
        steps = ", ".join(f"{n}: {figures[f'yield_{n}_suggestions']:.0f} ({figures[f'yield_{n}_right']:.0f})"
                          for n in sizes)
        lines += ["", f"Rows suggested (the spinner's) as the crawl grows, its first stories mined alone: {steps}; "
                  f"{figures['documents']:.0f}: {figures['crawl_suggestions']:.0f} "
                  f"({figures['crawl_suggestions_right']:.0f})."]
    added = [k for k in figures if (m := re.fullmatch(r"(\w+?)_with@[\d.]+_(\w+)_per_1000", k))
             and figures[k] != figures.get(f"{m[1]}_without_{m[2]}_per_1000")]
    lines += ["", "The suggested rows change no clean word that the tables alone leave." if not added else
              f"The suggested rows change clean words the tables alone leave: {', '.join(added)}."]
    if "devset_suggestions" in figures:
        lines += ["", f"The devset's {figures['devset_articles']:.0f} synonym-spun articles mined as a corpus of "
                  f"their own: {figures['devset_suggestions']:.0f} rows suggested; synonym-spinner recall "
                  f"{figures['devset_without_recall']:.4f} → {figures['devset_with_recall']:.4f}, precision "
                  f"{figures['devset_without_precision']:.4f} → {figures['devset_with_precision']:.4f}."]
    (out / "mine.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
