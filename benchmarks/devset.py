"""Measurement on the shared real-spun devset (``../shared/devset``, see its README): the figures a decoder
is tuned against.

Run ``python -m benchmarks.devset [--devset ../shared/devset] [--out benchmarks/results]
[--config-json '{"threshold": 0.6}']``, or import :func:`evaluate_devset` (restorer, devset dir → flat dict
of figures) and :func:`candidate_recall` (a candidate generator, devset dir → coverage of the real swaps).

Parts:

1. **pairs** — each article's spun sentences joined by a blank line into one document (how spinfix is
   used), restored, split back. Word-level edit distance d between spun S, restored R and original O:
   good = (d(S,R) + d(S,O) − d(R,O)) / 2, bad = (d(S,R) − d(S,O) + d(R,O)) / 2; recall = Σgood / Σd(S,O),
   precision = Σgood / Σd(S,R), micro-averaged, per ``spin_style`` and for ``alignment == close``.
2. **clean** — the clean sentences joined per source page; words changed per 1,000 words.
3. **score** — ROC-AUC of ``spin_score`` between spun articles and clean pages, per spin style; the share
   of clean pages whose verdict is not ``clean``.
4. **mixed** — the frozen clean fixtures (repo data) with three spun sentences inserted as paragraphs
   of their own; words changed per 1,000 in the untouched clean paragraphs (evidence must stay local).
   And *joined*: each fixture with a whole spun article before or after it (a page quoting one, a
   corpus file of joined documents); words changed per 1,000 in the fixture, and the paragraph scores
   (``Restorer.paragraph_scores``): the share of the fixture's paragraphs and of the article's flagged
   (``suspicious`` or ``spun``), beside the share of whole documents the document score calls spun.
5. **candidates** — :func:`candidate_recall`: do a generator's candidates contain the original word for the
   swaps real spinners made?
6. **readings** — :func:`reading_figures`: word by word, does the spin evidence's trigram model flag the
   words the spinner changed (and leave the others), and is its best reading of a flagged word the word
   the writer wrote? Detection and ranking are the decoder's two halves; this says which one limits it.
7. **stages** — :func:`stage_figures`: at each swap the spinner made, did the restorer restore the
   writer's words, something else, decide a candidate it left below the threshold, or decide nothing at
   all? This says which stage of the whole restorer (candidates, ranking, evidence) loses the swaps.

Word comparison (the devset README: "normalise typography, then compare words"): NFC; curly quotes to
straight ones; every dash to "-"; whitespace collapsed. Tokens are runs of letters and digits, keeping an
inner apostrophe ("giant's") and a decimal or thousands separator followed by a digit ("3,000",
"zero.5", "three,000" are one token each, so a number respelt is one word changed). Hyphens split
("cost-cutting" is two words, so "price-reducing" → "price-cutting" earns half). Punctuation is dropped:
it is neither spinning nor what a word-swap restorer changes, and the spun pages carry scraper debris
(",quot;") that would otherwise dominate d(S,O). Case is kept: a restoration must write the original
word, not a differently-cased one.

Confidence intervals: percentile bootstrap over articles (pages for clean text), 1000 resamples, fixed
seed; pairs of one article are not independent (same story, same spinner run).

Devset text never enters the repository: the CSV and markdown hold aggregate figures and article ids;
the swap list and the error dump (sentences) go outside the repository (``/work/devset_*.tsv`` by default).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import difflib
import json
import math
import random
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex
from rapidfuzz.distance import Levenshtein

from spinfix import Config, Finding, Restorer

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEVSET = ROOT.parent / "shared" / "devset"
FIXTURES = ROOT / "tests" / "fixtures" / "clean"
#: Outside the repository: these hold devset sentences, which must not be committed.
DEFAULT_SWAPS = ROOT.parent / "devset_swaps.tsv"
DEFAULT_ERRORS = ROOT.parent / "devset_errors.tsv"
SEP = "\n\n"
RESAMPLES = 1000
SEED = 20200305
STYLES = ("synonym-spinner", "mt-roundtrip")

# --- normalisation and tokens ---------------------------------------------------------------------------

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
})
_DASH = regex.compile(r"[\p{Pd}\u2212]")
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}]+|[.,]\p{N}+)*")
#: Spelt-out numbers: a swap between two numeric phrases is a number respelt, not a synonym.
_NUMBER_WORDS = frozenset({
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
    "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion", "trillion",
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
})


def normalise(text: str) -> str:
    """Typography only: NFC, straight quotes, "-" for every dash, single spaces."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return " ".join(_DASH.sub("-", text).split())


def words(text: str) -> list[str]:
    """The compared tokens of ``text`` (see the module doc): words and numbers, punctuation dropped."""
    return _TOKEN.findall(normalise(text))


def distance(a: Sequence[str], b: Sequence[str]) -> int:
    """Word-level Levenshtein distance."""
    return int(Levenshtein.distance(list(a), list(b)))


def good_bad(s: Sequence[str], r: Sequence[str], o: Sequence[str]) -> tuple[float, float, int, int]:
    """(good edits, bad edits, d(S,O), d(S,R)) of one restored pair."""
    d_sr, d_so, d_ro = distance(s, r), distance(s, o), distance(r, o)
    return (d_sr + d_so - d_ro) / 2, (d_sr - d_so + d_ro) / 2, d_so, d_sr


# --- data -----------------------------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def group(records: Iterable[dict], key: str) -> dict[str, list[dict]]:
    """Records by ``key``, groups and members in file order."""
    out: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        out[r[key]].append(r)
    return dict(out)


def restore_parts(restorer: Restorer, parts: Sequence[str]) -> tuple[list[str], list[Finding], bool]:
    """Restore ``parts`` joined by blank lines as one document and split the result back.

    Returns (restored parts, findings with offsets into the joined input, fell back). If the restorer
    changed a separator the split no longer lines up: the parts are then restored one by one (and the
    fallback is counted, since that loses the document's region evidence).
    """
    doc = SEP.join(parts)
    result = restorer.restore_and_explain(doc)
    restored = result.text.split(SEP)
    if len(restored) == len(parts):
        return restored, list(result.findings), False
    out, findings, offset = [], [], 0
    for p in parts:
        one = restorer.restore_and_explain(p)
        out.append(one.text)
        findings += [_shift(f, offset) for f in one.findings]
        offset += len(p) + len(SEP)
    return out, findings, True


def _shift(f: Finding, offset: int) -> Finding:
    from dataclasses import replace

    return replace(f, start=f.start + offset, end=f.end + offset)


# --- bootstrap ------------------------------------------------------------------------------------------


def bootstrap_ratio(groups: Sequence[tuple[float, float]], resamples: int = RESAMPLES,
                    seed: int = SEED) -> tuple[float, float, float]:
    """Σnum / Σden with a percentile 95 % CI, resampling the (num, den) groups with replacement."""
    num, den = sum(g[0] for g in groups), sum(g[1] for g in groups)
    value = num / den if den else float("nan")
    if not groups:
        return value, float("nan"), float("nan")
    rng = random.Random(seed)
    stats = []
    n = len(groups)
    for _ in range(resamples):
        pick = [groups[rng.randrange(n)] for _ in range(n)]
        d = sum(g[1] for g in pick)
        if d:
            stats.append(sum(g[0] for g in pick) / d)
    return value, *_percentiles(stats)


def _percentiles(stats: list[float]) -> tuple[float, float]:
    if not stats:
        return float("nan"), float("nan")
    stats.sort()
    return stats[int(0.025 * (len(stats) - 1))], stats[round(0.975 * (len(stats) - 1))]


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """P(random positive scores above random negative), ties half (as ``benchmarks.evaluate.roc_auc``)."""
    if not positives or not negatives:
        return float("nan")
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def bootstrap_auc(positives: Sequence[float], negatives: Sequence[float], resamples: int = RESAMPLES,
                  seed: int = SEED) -> tuple[float, float, float]:
    """ROC-AUC with a 95 % CI, resampling positive documents and negative documents independently."""
    value = roc_auc(positives, negatives)
    if not positives or not negatives:
        return value, float("nan"), float("nan")
    rng = random.Random(seed)
    stats = [roc_auc([rng.choice(positives) for _ in positives], [rng.choice(negatives) for _ in negatives])
             for _ in range(resamples)]
    return value, *_percentiles(stats)


# --- results --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    """One reported figure: ``name`` on ``subset``, with its 95 % CI (NaN when not bootstrapped)."""

    name: str
    subset: str
    value: float
    ci_low: float = float("nan")
    ci_high: float = float("nan")

    @property
    def key(self) -> str:
        return f"{self.name}:{self.subset}"


@dataclass
class PairResult:
    """One spun/original pair after restoration (text kept in memory only, for the error dump)."""

    article: str
    index: int
    spin_style: str
    alignment: str
    spun: str
    restored: str
    original: str
    good: float
    bad: float
    d_so: int
    d_sr: int
    findings: list[Finding] = field(default_factory=list)


@dataclass
class DevsetRun:
    """Everything one evaluation produced; ``metrics`` is what the CSV holds."""

    metrics: list[Metric] = field(default_factory=list)
    pairs: list[PairResult] = field(default_factory=list)
    clean_changes: list[tuple[str, str, str]] = field(default_factory=list)  # (page, old, new)
    article_rows: list[tuple] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, subset: str, value: float, ci: tuple[float, float] | None = None) -> None:
        lo, hi = ci if ci else (float("nan"), float("nan"))
        self.metrics.append(Metric(name, subset, float(value), lo, hi))

    def as_dict(self) -> dict[str, float]:
        return {m.key: m.value for m in self.metrics}


# --- 1. real spun pairs ---------------------------------------------------------------------------------


def evaluate_pairs(restorer: Restorer, devset_dir: Path, run: DevsetRun) -> None:
    articles = group(read_jsonl(devset_dir / "real_pairs_dev.jsonl"), "article")
    fallbacks = 0
    for article, recs in articles.items():
        spun_parts = [r["spun"] for r in recs]
        restored, findings, fell_back = restore_parts(restorer, spun_parts)
        fallbacks += fell_back
        offset = 0
        for i, (r, out) in enumerate(zip(recs, restored)):
            s, rr, o = words(r["spun"]), words(out), words(r["original"])
            good, bad, d_so, d_sr = good_bad(s, rr, o)
            end = offset + len(r["spun"])
            mine = [_shift(f, -offset) for f in findings if offset <= f.start and f.end <= end]
            run.pairs.append(PairResult(article, i, r["spin_style"], r["alignment"], r["spun"], out,
                                        r["original"], good, bad, d_so, d_sr, mine))
            offset = end + len(SEP)
    run.add("articles_restored_sentence_by_sentence", "all", fallbacks)
    subsets: list[tuple[str, str | None, bool]] = [(f"{style}{'/close' if close else ''}", style, close)
                                                   for style in STYLES for close in (False, True)]
    subsets.append(("all", None, False))
    for name, style, close in subsets:
        chosen = [p for p in run.pairs
                  if (style is None or p.spin_style == style) and (not close or p.alignment == "close")]
        per_article: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
        for p in chosen:
            acc = per_article[p.article]
            acc[0] += p.good
            acc[1] += p.bad
            acc[2] += p.d_so
            acc[3] += p.d_sr
        groups = list(per_article.values())
        recall = bootstrap_ratio([(g[0], g[2]) for g in groups])
        precision = bootstrap_ratio([(g[0], g[3]) for g in groups])
        run.add("recall", name, recall[0], recall[1:])
        run.add("precision", name, precision[0], precision[1:])
        run.add("good_edits", name, sum(g[0] for g in groups))
        run.add("bad_edits", name, sum(g[1] for g in groups))
        run.add("spun_words_to_fix", name, sum(g[2] for g in groups))
        run.add("pairs", name, len(chosen))
        run.add("articles", name, len(groups))
    for article in articles:
        ps = [p for p in run.pairs if p.article == article]
        g, b, dso, dsr = (sum(x) for x in zip(*((p.good, p.bad, p.d_so, p.d_sr) for p in ps)))
        run.article_rows.append((article, ps[0].spin_style, len(ps),
                                 sum(p.alignment == "close" for p in ps), dso, dsr, g, b,
                                 round(g / dso, 4) if dso else "", round(g / dsr, 4) if dsr else ""))


# --- 2. clean damage and 3. spin score ------------------------------------------------------------------


def clean_pages(devset_dir: Path) -> dict[str, str]:
    """Clean sentences joined per source page, in file order."""
    return {src: SEP.join(r["text"] for r in recs)
            for src, recs in group(read_jsonl(devset_dir / "clean_dev.jsonl"), "source").items()}


def changed_words(before: str, after: str) -> int:
    """Words changed between two versions of a text (word-level edit distance)."""
    return distance(words(before), words(after)) if before != after else 0


def evaluate_clean(restorer: Restorer, devset_dir: Path, run: DevsetRun) -> dict[str, str]:
    pages = clean_pages(devset_dir)
    groups = []
    for src, text in pages.items():
        result = restorer.restore_and_explain(text)
        groups.append((float(changed_words(text, result.text)), float(len(words(text)))))
        run.clean_changes += [(src, e.old, e.new) for e in result.edits]
    value, lo, hi = bootstrap_ratio(groups)
    run.add("clean_changed_per_1000_words", "clean-pages", 1000 * value, (1000 * lo, 1000 * hi))
    run.add("clean_words", "clean-pages", sum(g[1] for g in groups))
    run.add("clean_words_changed", "clean-pages", sum(g[0] for g in groups))
    run.add("clean_pages_changed", "clean-pages", sum(g[0] > 0 for g in groups))
    return pages


def evaluate_score(restorer: Restorer, devset_dir: Path, pages: dict[str, str], run: DevsetRun) -> None:
    negatives = [restorer.spin_score(t) for t in pages.values()]
    neg = [s.score for s in negatives]
    articles = group(read_jsonl(devset_dir / "real_pairs_dev.jsonl"), "article")
    for style in STYLES:
        pos = [restorer.spin_score(SEP.join(r["spun"] for r in recs)).score
               for recs in articles.values() if recs[0]["spin_style"] == style]
        value, lo, hi = bootstrap_auc(pos, neg)
        run.add("spin_score_roc_auc", style, value, (lo, hi))
        run.add("spin_score_mean", style, sum(pos) / len(pos) if pos else float("nan"))
    not_clean = [float(s.verdict != "clean") for s in negatives]
    value, lo, hi = bootstrap_ratio([(x, 1.0) for x in not_clean])
    run.add("clean_pages_judged_not_clean", "clean-pages", value, (lo, hi))
    run.add("spin_score_mean", "clean-pages", sum(neg) / len(neg) if neg else float("nan"))


# --- 4. mixed documents ---------------------------------------------------------------------------------


def _insert(paragraphs: list[str], extra: list[str]) -> tuple[list[str], list[int]]:
    """``extra`` spread through ``paragraphs`` (after the first, in the middle, before the last …).

    Returns the new paragraph list and the indices of the inserted ones.
    """
    out = list(paragraphs)
    n = len(paragraphs)
    spots = sorted({min(n, max(1, round((k + 1) * n / (len(extra) + 1)))) for k in range(len(extra))})
    while len(spots) < len(extra):
        spots.append(spots[-1])
    inserted = []
    for k, (spot, text) in enumerate(zip(spots, extra)):
        out.insert(spot + k, text)
        inserted.append(spot + k)
    return out, inserted


def evaluate_mixed(restorer: Restorer, devset_dir: Path, fixtures_dir: Path | None, run: DevsetRun,
                   label: str = "fixtures") -> None:
    """Clean documents of ``fixtures_dir/news`` and ``/science`` with three spun sentences (or tortured
    ones) inserted as paragraphs of their own: words changed in the untouched clean paragraphs, against
    the same documents restored alone. Metrics go under ``<label>-<kind>``."""
    if fixtures_dir is None:
        return
    spun_articles = [recs for recs in group(read_jsonl(devset_dir / "real_pairs_dev.jsonl"), "article").values()
                     if recs[0]["spin_style"] == "synonym-spinner" and len(recs) >= 3]
    science_path = devset_dir / "science_tortured.jsonl"
    tortured = read_jsonl(science_path) if science_path.exists() else []
    for kind in ("news", "science"):
        files = sorted((fixtures_dir / kind).glob("*.txt"))
        if not files or (kind == "news" and not spun_articles) or (kind == "science" and not tortured):
            continue
        damage, alone = [], []
        identical = paragraphs_total = fallbacks = 0
        good = d_so = found = phrases = 0.0
        for i, path in enumerate(files):
            text = path.read_text(encoding="utf-8").strip("\n")
            clean = text.split(SEP)
            if kind == "news":
                recs = spun_articles[i % len(spun_articles)]
                start = (i // len(spun_articles) * 3) % max(1, len(recs) - 2)
                extra = recs[start:start + 3]
                inserted_text = [r["spun"] for r in extra]
            else:
                extra = [tortured[(3 * i + k) % len(tortured)] for k in range(3)]
                inserted_text = [r["text"] for r in extra]
            paragraphs, at = _insert(clean, inserted_text)
            restored, _, fell_back = restore_parts(restorer, paragraphs)
            fallbacks += fell_back
            kept = [p for j, p in enumerate(restored) if j not in at]
            changed = sum(changed_words(a, b) for a, b in zip(clean, kept))
            damage.append((float(changed), float(sum(len(words(p)) for p in clean))))
            identical += sum(a == b for a, b in zip(clean, kept))
            paragraphs_total += len(clean)
            solo = restorer.restore(text)
            alone.append((float(changed_words(text, solo)), float(len(words(text)))))
            for j, r in zip(at, extra):
                if kind == "news":
                    g, _, dso, _ = good_bad(words(r["spun"]), words(restored[j]), words(r["original"]))
                    good, d_so = good + g, d_so + dso
                else:
                    low = normalise(restored[j]).casefold()
                    for _, intended in r["tortured"]:
                        phrases += 1
                        found += normalise(intended).casefold() in low
        subset = f"{label}-{kind}"
        value, lo, hi = bootstrap_ratio(damage)
        run.add("mixed_clean_paragraphs_changed_per_1000_words", subset, 1000 * value, (1000 * lo, 1000 * hi))
        run.add("fixture_alone_changed_per_1000_words", subset, 1000 * bootstrap_ratio(alone, resamples=0)[0])
        run.add("mixed_clean_paragraphs_identical_share", subset, identical / paragraphs_total)
        run.add("mixed_documents", subset, len(files))
        run.add("mixed_restored_paragraph_by_paragraph", subset, fallbacks)
        if kind == "news":
            run.add("mixed_inserted_recall", subset, good / d_so if d_so else float("nan"))
        else:
            run.add("mixed_inserted_tortured_phrases_restored", subset, found / phrases if phrases else float("nan"))
    _evaluate_joined(restorer, fixtures_dir, spun_articles, run, label)


def _evaluate_joined(restorer: Restorer, fixtures_dir: Path, spun_articles: list[list[dict]], run: DevsetRun,
                     label: str) -> None:
    """Each clean document of ``fixtures_dir/news`` and ``/science`` with a whole spun article (its
    sentences as paragraphs) after it and, separately, before it: a page that quotes one, a corpus file
    that joins documents. Words changed per 1,000 in the clean document; the spun article's recall there
    beside its recall alone, so a fix that keeps the clean part by giving up the spun one shows. Metrics
    go under ``<label>-<kind>-joined``."""
    if not spun_articles:
        return
    alone: dict[int, str] = {}
    for kind in ("news", "science"):
        files = sorted((fixtures_dir / kind).glob("*.txt"))
        if not files:
            continue
        damage: list[tuple[float, float]] = []
        identical = documents = 0
        good = good_alone = d_so = 0.0
        # Paragraph scores (Restorer.paragraph_scores) of each joined document: the clean document's and the
        # article's paragraphs, and how many whole documents the document score calls spun.
        clean_scores: list[float] = []
        spun_scores: list[float] = []
        clean_flagged = spun_flagged = spun_spun = documents_spun = 0
        for i, path in enumerate(files):
            clean = path.read_text(encoding="utf-8").strip("\n").split(SEP)
            k = i % len(spun_articles)
            recs = spun_articles[k]
            spun = [r["spun"] for r in recs]
            if k not in alone:
                alone[k] = restorer.restore(SEP.join(spun))
            for clean_first in (True, False):
                parts = clean + spun if clean_first else spun + clean
                restored, _, _ = restore_parts(restorer, parts)
                kept, back = ((restored[:len(clean)], restored[len(clean):]) if clean_first
                              else (restored[len(spun):], restored[:len(spun)]))
                joined = SEP.join(parts)
                analysis = restorer.analyse(joined)
                documents_spun += analysis.score.verdict == "spun"
                paragraphs = restorer.paragraph_scores(joined, analysis=analysis)
                if len(paragraphs) == len(parts):  # a blank part would shift them (none in these sets)
                    is_clean = [True] * len(clean) + [False] * len(spun) if clean_first else \
                        [False] * len(spun) + [True] * len(clean)
                    for paragraph, in_clean in zip(paragraphs, is_clean):
                        flagged = paragraph.verdict != "clean"
                        if in_clean:
                            clean_scores.append(paragraph.score)
                            clean_flagged += flagged
                        else:
                            spun_scores.append(paragraph.score)
                            spun_flagged += flagged
                            spun_spun += paragraph.verdict == "spun"
                changed = sum(changed_words(a, b) for a, b in zip(clean, kept))
                damage.append((float(changed), float(sum(len(words(p)) for p in clean))))
                identical += changed == 0
                documents += 1
                for r, mine, solo in zip(recs, back, alone[k].split(SEP)):
                    g, _, dso, _ = good_bad(words(r["spun"]), words(mine), words(r["original"]))
                    g_alone, _, _, _ = good_bad(words(r["spun"]), words(solo), words(r["original"]))
                    good, good_alone, d_so = good + g, good_alone + g_alone, d_so + dso
        subset = f"{label}-{kind}-joined"
        value, lo, hi = bootstrap_ratio(damage)
        run.add("joined_clean_document_changed_per_1000_words", subset, 1000 * value, (1000 * lo, 1000 * hi))
        run.add("joined_clean_documents_identical_share", subset, identical / documents)
        run.add("joined_documents", subset, documents)
        run.add("joined_spun_article_recall", subset, good / d_so if d_so else float("nan"))
        run.add("joined_spun_article_recall_alone", subset, good_alone / d_so if d_so else float("nan"))
        run.add("joined_documents_judged_spun_share", subset, documents_spun / documents)
        if clean_scores and spun_scores:
            run.add("joined_paragraphs_clean_flagged_share", subset, clean_flagged / len(clean_scores))
            run.add("joined_paragraphs_spun_flagged_share", subset, spun_flagged / len(spun_scores))
            run.add("joined_paragraphs_spun_judged_spun_share", subset, spun_spun / len(spun_scores))
            run.add("joined_paragraph_score_roc_auc", subset, roc_auc(spun_scores, clean_scores))
            run.add("joined_paragraphs", subset, len(clean_scores) + len(spun_scores))


# --- the whole run --------------------------------------------------------------------------------------


def run_devset(restorer: Restorer, devset_dir: Path | str = DEFAULT_DEVSET,
               fixtures_dir: Path | None = FIXTURES) -> DevsetRun:
    """Parts 1–4 (see the module doc) with CIs, per-pair results and clean-page edits."""
    devset_dir = Path(devset_dir)
    run = DevsetRun()
    t0 = time.perf_counter()
    evaluate_pairs(restorer, devset_dir, run)
    t1 = time.perf_counter()
    pages = evaluate_clean(restorer, devset_dir, run)
    t2 = time.perf_counter()
    evaluate_score(restorer, devset_dir, pages, run)
    t3 = time.perf_counter()
    evaluate_mixed(restorer, devset_dir, fixtures_dir, run)
    run.seconds = {"pairs": t1 - t0, "clean": t2 - t1, "score": t3 - t2, "mixed": time.perf_counter() - t3}
    return run


def evaluate_devset(restorer: Restorer, devset_dir: Path | str = DEFAULT_DEVSET,
                    fixtures_dir: Path | None = FIXTURES) -> dict[str, float]:
    """Flat figures keyed ``metric:subset``, e.g. ``recall:synonym-spinner``,
    ``precision:synonym-spinner/close``, ``clean_changed_per_1000_words:clean-pages``,
    ``spin_score_roc_auc:synonym-spinner``; :func:`run_devset` has the CIs and per-pair details."""
    return run_devset(restorer, devset_dir, fixtures_dir).as_dict()


# --- 5. candidate recall --------------------------------------------------------------------------------

#: ``generator(spun_phrase, left_word, right_word) -> candidate originals, best first`` (lower case).
Generator = Callable[[str, str, str], list[str]]


@dataclass(frozen=True)
class Swap:
    """One word-level swap a real spinner made: lower-cased spun and original phrases (≤ 3 words each)
    with the spun text's neighbouring words. ``kind``: ``word``, ``number`` (a number respelt, the
    number rules' business) or ``format`` (the same letters split differently)."""

    spun: str
    original: str
    left: str
    right: str
    article: str
    kind: str


def _numeric(phrase: str) -> bool:
    return any(any(c.isdigit() for c in w) or w in _NUMBER_WORDS for w in phrase.split())


def replaced_blocks(s: Sequence[str], o: Sequence[str], max_words: int = 3) -> list[tuple[int, int, int, int, str]]:
    """(i1, i2, j1, j2, kind) of each difflib 'replace' block of ≤ ``max_words`` words a side between the
    lower-cased word lists ``s`` (spun) and ``o`` (original). ``kind``: ``format`` (the same letters split
    differently), ``number`` (a number respelt) or ``word``."""
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, s, o, autojunk=False).get_opcodes():
        if tag != "replace" or i2 - i1 > max_words or j2 - j1 > max_words:
            continue
        spun, original = " ".join(s[i1:i2]), " ".join(o[j1:j2])
        kind = ("format" if spun.replace(" ", "") == original.replace(" ", "") else
                "number" if _numeric(spun) and _numeric(original) else "word")
        out.append((i1, i2, j1, j2, kind))
    return out


def extract_swaps(devset_dir: Path | str, max_words: int = 3) -> list[Swap]:
    """Swaps of the synonym-spinner ``close`` pairs: difflib 'replace' blocks of ≤ ``max_words`` words a
    side, aligning the lower-cased compared tokens (:func:`words`) of spun and original."""
    out = []
    for r in read_jsonl(Path(devset_dir) / "real_pairs_dev.jsonl"):
        if r["spin_style"] != "synonym-spinner" or r["alignment"] != "close":
            continue
        s = [w.lower() for w in words(r["spun"])]
        o = [w.lower() for w in words(r["original"])]
        for i1, i2, j1, j2, kind in replaced_blocks(s, o, max_words):
            out.append(Swap(" ".join(s[i1:i2]), " ".join(o[j1:j2]), s[i1 - 1] if i1 else "",
                            s[i2] if i2 < len(s) else "", r["article"], kind))
    return out


def thesaurus_generator(limit: int = 1000) -> Generator:
    """Baseline: the shipped reverse thesaurus, single words only, as it stands (no lemmatising)."""
    from spinfix.lexicon import Thesaurus

    thesaurus = Thesaurus()

    def generate(spun: str, left: str, right: str) -> list[str]:
        return [] if " " in spun else thesaurus.originals(spun, limit=limit)

    return generate


_TAGS = {"VERB": ("VBD", "VBN", "VBG", "VBZ"), "NOUN": ("NNS",), "ADJ": ("JJR", "JJS")}


def inflecting_thesaurus_generator(limit: int = 1000) -> Generator:
    """The baseline plus inflection: an inflected spun word ("explained") is looked up by its lemma and
    the lemma's originals are put in the same inflection ("said"). Shows what inflection is worth."""
    from lemminflect import getInflection, getLemma

    from spinfix.lexicon import Thesaurus

    thesaurus = Thesaurus()

    def generate(spun: str, left: str, right: str) -> list[str]:
        if " " in spun:
            return []
        out = list(thesaurus.originals(spun, limit=limit))
        seen = set(out)
        for upos, tags in _TAGS.items():
            for lemma in getLemma(spun, upos=upos):
                if not lemma or lemma == spun:  # lemminflect returns "" for some tokens ("000")
                    continue
                for tag in tags:
                    if spun not in getInflection(lemma, tag=tag):
                        continue
                    for o in thesaurus.originals(lemma, limit=limit):
                        for form in (getInflection(o, tag=tag) if o else ())[:1]:
                            if form not in seen:
                                seen.add(form)
                                out.append(form)
        return out

    return generate


def aligned_words(swaps: Iterable[Swap]) -> list[Swap]:
    """Single-word swaps, with equal-length blocks split word by word ("large mentioned" → "giant said"
    gives large → giant and mentioned → said; identical words dropped). difflib merges neighbouring
    swaps into one block; this view asks about each word the spinner replaced."""
    out = []
    for w in swaps:
        s, o = w.spun.split(), w.original.split()
        if len(s) != len(o):
            continue
        if len(s) == 1:
            out.append(w)
            continue
        for k, (a, b) in enumerate(zip(s, o)):
            if a != b:
                out.append(Swap(a, b, s[k - 1] if k else w.left, s[k + 1] if k + 1 < len(s) else w.right,
                                w.article, w.kind))
    return out


def candidate_recall(generator: Generator, devset_dir: Path | str = DEFAULT_DEVSET,
                     swaps: Sequence[Swap] | None = None) -> dict[str, float]:
    """Share of the real ``word`` swaps whose original is among the generator's candidates (any rank,
    top 5, top 20), over all of them, over single-word ones and over :func:`aligned_words`; plus the swap
    counts by kind."""
    swaps = list(swaps) if swaps is not None else extract_swaps(devset_dir)
    word_swaps = [w for w in swaps if w.kind == "word"]
    ranks = [candidate_rank(generator, w) for w in word_swaps]
    single = [r for w, r in zip(word_swaps, ranks) if " " not in w.spun and " " not in w.original]
    out: dict[str, float] = {
        "swaps": len(swaps), "number_swaps": sum(w.kind == "number" for w in swaps),
        "format_swaps": sum(w.kind == "format" for w in swaps), "word_swaps": len(word_swaps),
        "single_word_swaps": len(single),
    }
    aligned = [candidate_rank(generator, w) for w in aligned_words(word_swaps)]
    out["aligned_word_swaps"] = len(aligned)
    for name, rs in (("word", ranks), ("single_word", single), ("aligned_word", aligned)):
        for label, k in (("any", None), ("top5", 5), ("top20", 20)):
            hit = sum(1 for r in rs if r is not None and (k is None or r < k))
            out[f"recall_{label}:{name}"] = hit / len(rs) if rs else float("nan")
    return out


def candidate_rank(generator: Generator, swap: Swap) -> int | None:
    """0-based rank of the swap's original among the generator's candidates, or None."""
    candidates = [c.lower() for c in generator(swap.spun, swap.left, swap.right)]
    return candidates.index(swap.original) if swap.original in candidates else None


def write_swaps(path: Path, swaps: Sequence[Swap], generators: dict[str, Generator]) -> None:
    """The swap list (devset text: write it outside the repository) with each generator's rank."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["spun", "original", "left", "right", "article", "kind", *(f"rank_{n}" for n in generators)])
        for s in swaps:
            ranks = [candidate_rank(g, s) for g in generators.values()]
            w.writerow([s.spun, s.original, s.left, s.right, s.article, s.kind,
                        *("" if r is None else r for r in ranks)])


# --- 6. the context model's readings -------------------------------------------------------------------

#: ``reader(text) -> (starts of the words read, [(start, best reading, gain)] of the improbable ones)``.
Reader = Callable[[str], tuple[Sequence[int], Sequence[tuple[int, str, float]]]]


def detector_reader(restorer: Restorer) -> Reader | None:
    """The spin evidence's whole reading of a text (``SpinDetector.evidence``, every sentence, no early
    stop): what the regions and the document score count. None when the restorer has no spin evidence."""
    detector = getattr(restorer, "detector", None)
    if detector is None:
        return None
    from spinfix.normalize import normalize

    def read(text: str) -> tuple[Sequence[int], Sequence[tuple[int, str, float]]]:
        evidence = detector.evidence(text, normalize(text))
        return evidence.evaluated, [(x.start, x.reading, x.gain) for x in evidence.improbable]

    return read


def word_truth(spun: str, original: str) -> dict[int, str | None]:
    """Character start in ``spun`` of every word the spinner changed → the writer's word (lower case) when
    it is one word for one word (an aligned block of equal length: "large mentioned" → "giant said"),
    None when it is part of a longer rewrite ("thirty day period" → "month")."""
    s, o = words(spun), words(original)
    spans = _spans(spun)
    truth: dict[int, str | None] = {}
    ops = difflib.SequenceMatcher(None, [w.lower() for w in s], [w.lower() for w in o], autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        one_for_one = tag == "replace" and i2 - i1 == j2 - j1
        for k in range(i1, i2):
            writer = o[j1 + k - i1].lower() if one_for_one else None
            if writer != s[k].lower():
                truth[spans[k][0]] = writer
    return truth


def close_articles(devset_dir: Path | str) -> list[tuple[str, list[tuple[int, dict]]]]:
    """The synonym-spinner ``close`` pairs by article, each article as restoration reads it: (its spun
    sentences joined by blank lines, [(where each sentence starts in that text, its record)])."""
    close = [r for r in read_jsonl(Path(devset_dir) / "real_pairs_dev.jsonl")
             if r["spin_style"] == "synonym-spinner" and r["alignment"] == "close"]
    out = []
    for recs in group(close, "article").values():
        starts = [0]
        for r in recs[:-1]:
            starts.append(starts[-1] + len(r["spun"]) + len(SEP))
        out.append((SEP.join(r["spun"] for r in recs), list(zip(starts, recs))))
    return out


def reading_figures(reader: Reader, devset_dir: Path | str = DEFAULT_DEVSET) -> dict[str, float]:
    """How the model's word-by-word reading relates to what the spinner did, on the synonym-spinner
    ``close`` pairs (each article's sentences joined as one document, as restoration reads them) and on
    the clean pages. Keys ``figure:subset``:

    * ``words_read:…`` — words the model weighed (content words with thesaurus readings);
    * ``flagged_share:swapped-words`` — of the words read that the spinner replaced one for one, the
      share flagged improbable (detection recall); ``…:unchanged-words`` and ``…:clean-pages`` — the
      same share of words the spinner left alone and of clean words (false alarms);
    * ``flagged_changed:flagged-words`` — of the flagged words in spun text, the share the spinner
      changed (one for one or inside a longer rewrite: detection precision);
    * ``best_reading_right:flagged-swaps`` — of the flagged one-for-one swaps, the share whose best
      reading is the writer's word (ranking); ``…:flagged-words`` — the same over every flagged word in
      spun text, what restoring each flagged word's best reading would score.
    """
    devset_dir = Path(devset_dir)
    read = {"swapped": 0, "unchanged": 0, "rewritten": 0, "clean": 0}
    flagged = dict.fromkeys(read, 0)
    right = 0
    for text, sentences in close_articles(devset_dir):
        truth: dict[int, str | None] = {}
        for offset, r in sentences:
            truth.update((offset + start, w) for start, w in word_truth(r["spun"], r["original"]).items())
        evaluated, improbable = reader(text)
        best = {start: reading.lower() for start, reading, _ in improbable}
        for start in evaluated:
            kind = "unchanged" if start not in truth else "rewritten" if truth[start] is None else "swapped"
            read[kind] += 1
            if start in best:
                flagged[kind] += 1
                right += kind == "swapped" and best[start] == truth[start]
    for page in clean_pages(devset_dir).values():
        evaluated, improbable = reader(page)
        read["clean"] += len(evaluated)
        flagged["clean"] += len(improbable)

    def share(a: int, b: int) -> float:
        return a / b if b else float("nan")

    spun_flagged = flagged["swapped"] + flagged["unchanged"] + flagged["rewritten"]
    return {
        "words_read:swapped-words": read["swapped"], "words_read:unchanged-words": read["unchanged"],
        "words_read:clean-pages": read["clean"],
        "flagged_share:swapped-words": share(flagged["swapped"], read["swapped"]),
        "flagged_share:unchanged-words": share(flagged["unchanged"], read["unchanged"]),
        "flagged_share:clean-pages": share(flagged["clean"], read["clean"]),
        "flagged_changed:flagged-words": share(flagged["swapped"] + flagged["rewritten"], spun_flagged),
        "best_reading_right:flagged-swaps": share(right, flagged["swapped"]),
        "best_reading_right:flagged-words": share(right, spun_flagged),
    }


# --- 7. the restorer's stages ---------------------------------------------------------------------------

#: The stages of :func:`stage_figures`, in the order a swap is put in the first that holds for it.
STAGES = ("restored_right", "restored_other", "reported_right", "reported_other", "no_finding")


def swap_spans(spun: str, original: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, the writer's words, lower case) in ``spun`` of each block of at most 3 words on each
    side that the spinner replaced by other words (the ``word`` swaps of :func:`extract_swaps`)."""
    s = [w.lower() for w in words(spun)]
    o = [w.lower() for w in words(original)]
    spans = _spans(spun)
    return [(spans[i1][0], spans[i2 - 1][1], o[j1:j2]) for i1, i2, j1, j2, kind in replaced_blocks(s, o)
            if kind == "word"]


def _writes_right(f: Finding, writer: Sequence[str]) -> bool:
    """Whether the words ``f`` writes that its span did not hold are all the writer's (at least one): a
    finding may cover more or fewer words than the aligned swap ("the corporate stated" -> *the company
    said* for "corporate stated" -> "company said")."""
    new = {w.lower() for w in words(f.restored)} - {w.lower() for w in words(f.spun)}
    return bool(new) and new <= set(writer)


def stage_figures(reporting: Restorer, devset_dir: Path | str = DEFAULT_DEVSET) -> dict[str, float]:
    """Where the restorer stands at each word swap of the synonym-spinner ``close`` pairs (each article
    restored as one document): ``reporting`` is the restorer under test with every decided candidate
    reported (``report_threshold=0``). Keys ``stage:word-swaps`` (shares) and ``swaps:word-swaps``.

    A swap is in the first stage that holds: a restored finding over it writes the writer's words
    (``restored_right``) or others (``restored_other``); else a finding below the threshold does
    (``reported_right``, ``reported_other``); else nothing was decided there (``no_finding``: no candidate
    was made, or one was dropped before its decision). The first two are the restorer's recall and its
    errors on the swaps; the stages after them say whether what is missing is candidates (``no_finding``),
    the right original (``reported_other``) or the evidence to restore it (``reported_right``). Reporting
    every candidate can, rarely, let one below 0.3 displace an overlapping restoration of a lower score, so
    the restored shares may differ slightly from the pairs' recall.
    """
    counts = dict.fromkeys(STAGES, 0)
    for text, sentences in close_articles(devset_dir):
        findings = reporting.restore_and_explain(text).findings
        for offset, r in sentences:
            for a, b, writer in swap_spans(r["spun"], r["original"]):
                over = [f for f in findings if f.start < offset + b and offset + a < f.end]
                restored = [f for f in over if f.action == "restore"]
                reported = [f for f in over if f.action != "restore"]
                stage = ("restored_right" if any(_writes_right(f, writer) for f in restored) else
                         "restored_other" if restored else
                         "reported_right" if any(_writes_right(f, writer) for f in reported) else
                         "reported_other" if reported else "no_finding")
                counts[stage] += 1
    total = sum(counts.values())
    out: dict[str, float] = {f"{k}:word-swaps": v / total if total else float("nan") for k, v in counts.items()}
    out["swaps:word-swaps"] = total
    return out


def reporting_restorer(restorer: Restorer) -> Restorer | None:
    """The same configuration with every decided candidate reported (None for a restorer-like object
    without a configuration, as the tests' stubs)."""
    config = getattr(restorer, "config", None)
    return Restorer(dataclasses.replace(config, report_threshold=0.0)) if isinstance(config, Config) else None


# --- 8. error analysis ----------------------------------------------------------------------------------


def _spans(text: str) -> list[tuple[int, int]]:
    """Character spans of :func:`words`' tokens in ``text`` (quotes and dashes map one to one)."""
    mapped = _DASH.sub("-", unicodedata.normalize("NFC", text).translate(_QUOTES))
    return [m.span() for m in _TOKEN.finditer(mapped)]


def _describe(findings: Sequence[Finding]) -> str:
    parts = []
    for f in findings:
        evidence = ", ".join(f"{e.name}={e.log_odds:+.2f}" for e in f.evidence)
        parts.append(f"{f.spun!r}->{f.restored!r} {f.rule} p={f.score:.3f} {f.action}"
                     + (f" [{evidence}]" if evidence else ""))
    return " | ".join(parts)


def pair_errors(p: PairResult) -> list[tuple[str, str, str, str, str]]:
    """(kind, spun words, original words, restored words, findings there) for one pair.

    Kinds: ``missed`` (S→O differs, R left S as it was), ``partial`` (R changed it and shares words with
    O), ``wrong`` (R changed it, to none of O's words), ``fixed``, ``bad`` (R changed words where O agrees
    with S).
    """
    s, r, o = words(p.spun), words(p.restored), words(p.original)
    spans = _spans(p.spun)

    def near(i1: int, i2: int) -> list[Finding]:
        if not spans:
            return []
        lo = spans[min(i1, len(spans) - 1)][0]
        hi = spans[max(i1, i2 - 1) if i2 > i1 else min(i1, len(spans) - 1)][1]
        return [f for f in p.findings if f.start < hi and lo < f.end]

    so = [op for op in difflib.SequenceMatcher(None, s, o, autojunk=False).get_opcodes() if op[0] != "equal"]
    sr = [op for op in difflib.SequenceMatcher(None, s, r, autojunk=False).get_opcodes() if op[0] != "equal"]

    def overlaps(a: tuple, b: tuple) -> bool:
        if a[1] == a[2] or b[1] == b[2]:  # an insertion touches the block it borders
            return a[1] <= b[2] and b[1] <= a[2]
        return a[1] < b[2] and b[1] < a[2]

    out = []
    for op in so:
        touched = [e for e in sr if overlaps(op, e)]
        spun, orig = " ".join(s[op[1]:op[2]]), " ".join(o[op[3]:op[4]])
        if not touched:
            out.append(("missed", spun, orig, spun, _describe(near(op[1], op[2]))))
            continue
        restored = " ".join(" ".join(r[e[3]:e[4]]) for e in touched)
        same_span = len(touched) == 1 and touched[0][1:3] == op[1:3]
        if same_span and restored == orig:
            kind = "fixed"
        else:
            kind = "partial" if set(restored.split()) & set(orig.split()) else "wrong"
        out.append((kind, spun, orig, restored, _describe(near(op[1], op[2]))))
    for e in sr:
        if not any(overlaps(op, e) for op in so):
            out.append(("bad", " ".join(s[e[1]:e[2]]), " ".join(s[e[1]:e[2]]), " ".join(r[e[3]:e[4]]),
                        _describe(near(e[1], e[2]))))
    return out


def write_errors(path: Path, run: DevsetRun) -> int:
    """The error dump (devset sentences: write it outside the repository); returns the rows written."""
    n = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["article", "pair", "spin_style", "alignment", "kind", "spun_words", "original_words",
                    "restored_words", "findings", "spun", "restored", "original"])
        for p in run.pairs:
            for kind, spun, orig, restored, found in pair_errors(p):
                if kind == "fixed":
                    continue
                w.writerow([p.article, p.index, p.spin_style, p.alignment, kind, spun, orig, restored, found,
                            p.spun, p.restored, p.original])
                n += 1
        for page, old, new in run.clean_changes:
            w.writerow([page, "", "clean", "", "clean-edit", old, old, new, "", "", "", ""])
            n += 1
    return n


# --- output ---------------------------------------------------------------------------------------------


def _fmt(x: float) -> str:
    if math.isnan(x):
        return ""
    return f"{x:g}" if float(x).is_integer() else f"{x:.4f}"


def write_results(out_dir: Path, run: DevsetRun, config_json: str, seconds: float) -> None:
    """``eval_devset.csv`` (every figure), ``eval_devset_articles.csv`` (per-article aggregates, no text)
    and the short ``eval_devset.md``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "eval_devset.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["metric", "subset", "value", "ci_low", "ci_high"])
        w.writerows((m.name, m.subset, _fmt(m.value), _fmt(m.ci_low), _fmt(m.ci_high)) for m in run.metrics)
    with (out_dir / "eval_devset_articles.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["article", "spin_style", "pairs", "close_pairs", "d_spun_original", "d_spun_restored",
                    "good", "bad", "recall", "precision"])
        w.writerows(run.article_rows)
    lines = ["# Devset evaluation", "",
             "Made by `python -m benchmarks.devset` on the shared devset (`../shared/devset`, not in the "
             f"repository), config `{config_json}`, in {seconds:.0f} s. Scoring: word-level edit distance "
             "after typography normalisation, punctuation dropped, case kept (see the module doc of "
             "`benchmarks/devset.py`). 95 % CIs: bootstrap over articles (pages for clean text), "
             f"{RESAMPLES} resamples. Every figure: `eval_devset.csv`.", "",
             "| metric | subset | value | 95 % CI |", "| --- | --- | --- | --- |"]
    lines += [f"| {m.name} | {m.subset} | {_fmt(m.value)} | "
              + (f"{_fmt(m.ci_low)}–{_fmt(m.ci_high)}" if not math.isnan(m.ci_low) else "") + " |"
              for m in run.metrics if m.name in HEADLINE]
    (out_dir / "eval_devset.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


#: The figures shown in the markdown summary and on stdout (the CSV has all).
HEADLINE = ("recall", "precision", "clean_changed_per_1000_words", "spin_score_roc_auc",
            "clean_pages_judged_not_clean", "mixed_clean_paragraphs_changed_per_1000_words",
            "fixture_alone_changed_per_1000_words", "mixed_inserted_recall",
            "mixed_inserted_tortured_phrases_restored", "joined_clean_document_changed_per_1000_words",
            "joined_spun_article_recall", "joined_spun_article_recall_alone", "joined_documents_judged_spun_share",
            "joined_paragraphs_clean_flagged_share", "joined_paragraphs_spun_flagged_share",
            "joined_paragraphs_spun_judged_spun_share", "joined_paragraph_score_roc_auc",
            "articles_restored_sentence_by_sentence",
            "candidate_recall_any", "candidate_recall_top5", "candidate_recall_top20",
            "reading_flagged_share", "reading_flagged_changed", "reading_best_reading_right",
            *(f"stage_{name}" for name in STAGES), "swaps", "number_swaps",
            "word_swaps", "single_word_swaps", "aligned_word_swaps")


def print_table(metrics: Iterable[Metric]) -> None:
    for m in metrics:
        if m.name in HEADLINE:
            ci = f"  [{_fmt(m.ci_low)}, {_fmt(m.ci_high)}]" if not math.isnan(m.ci_low) else ""
            print(f"{m.name:<48} {m.subset:<28} {_fmt(m.value):>9}{ci}")


def evaluate_and_write(restorer: Restorer, devset: Path, out_dir: Path, *, config_json: str = "{}",
                       swaps_out: Path | None = None, errors_out: Path | None = None,
                       started: float | None = None) -> DevsetRun:
    """Every part, the candidate recall of the two thesaurus generators, the model's reading figures
    (:func:`reading_figures`, when the restorer has spin evidence), the results files in ``out_dir``
    and, when paths are given, the swap list and the error dump (keep those outside the repository)."""
    t0 = time.perf_counter() if started is None else started
    run = run_devset(restorer, devset)
    swaps = extract_swaps(devset)
    generators = {"thesaurus": thesaurus_generator(), "thesaurus_inflected": inflecting_thesaurus_generator()}
    for n, (name, generator) in enumerate(generators.items()):
        for key, value in candidate_recall(generator, devset, swaps).items():
            metric, _, subset = key.partition(":")
            if subset:
                run.add(f"candidate_{metric}", f"{name}/{subset}", value)
            elif n == 0:  # the swap counts, once
                run.add(metric, "synonym-spinner/close", value)
    reader = detector_reader(restorer)
    if reader is not None:
        for key, value in reading_figures(reader, devset).items():
            metric, _, subset = key.partition(":")
            run.add(f"reading_{metric}", subset, value)
    reporting = reporting_restorer(restorer)
    if reporting is not None:
        for key, value in stage_figures(reporting, devset).items():
            metric, _, subset = key.partition(":")
            run.add(f"stage_{metric}", subset, value)
    write_results(out_dir, run, config_json, time.perf_counter() - t0)
    if swaps_out:
        write_swaps(swaps_out, swaps, generators)
    if errors_out:
        write_errors(errors_out, run)
    return run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", default=str(DEFAULT_DEVSET))
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    parser.add_argument("--config-json", default="{}", help="keyword arguments of spinfix.Config, as JSON")
    parser.add_argument("--swaps-out", default=str(DEFAULT_SWAPS),
                        help="swap list TSV (devset text: keep it outside the repository; '' to skip)")
    parser.add_argument("--errors-out", default=str(DEFAULT_ERRORS),
                        help="error dump TSV (devset text: keep it outside the repository; '' to skip)")
    args = parser.parse_args(argv)
    devset = Path(args.devset)
    if not (devset / "real_pairs_dev.jsonl").exists():
        print(f"no devset at {devset}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    restorer = Restorer(Config(**json.loads(args.config_json))).warm()
    run = evaluate_and_write(restorer, devset, Path(args.out), config_json=args.config_json,
                             swaps_out=Path(args.swaps_out) if args.swaps_out else None,
                             errors_out=Path(args.errors_out) if args.errors_out else None, started=t0)
    print_table(run.metrics)
    print(f"{time.perf_counter() - t0:.0f} s ({', '.join(f'{k} {v:.1f} s' for k, v in run.seconds.items())}); "
          f"results in {args.out}/eval_devset.csv and .md"
          + (f"; swaps {args.swaps_out}" if args.swaps_out else "")
          + (f"; errors {args.errors_out}" if args.errors_out else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
