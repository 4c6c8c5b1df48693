"""Smoke test of ``benchmarks.devset`` on a tiny invented devset (no ../shared needed).

A stub restorer whose edits are fixed in advance makes every figure computable by hand.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

pytest.importorskip("rapidfuzz")

from benchmarks import devset  # noqa: E402
from spinfix import Restored, SpinScore  # noqa: E402

# Invented sentences (not devset text).
PAIRS = [
    {"article": "a1", "spun": "The firm stated it would shut the plant.",
     "original": "The company said it would close the plant.", "spin_style": "synonym-spinner",
     "alignment": "close"},
    {"article": "a1", "spun": "Officials informed reporters on Monday \u2013 \u201cwe are ready.\u201d",
     "original": 'Officials told reporters on Monday - "we are ready."', "spin_style": "synonym-spinner",
     "alignment": "close"},
]
CLEAN = [{"source": "http://example.org/page", "text": "The council approved the budget on Tuesday."},
         {"source": "http://example.org/page", "text": "Residents welcomed the plan."}]
#: The stub's only edits: two right (stated, informed), one wrong (plant), one on clean text (plan).
SWAPS = {"stated": "said", "informed": "told", "plant": "factory", "plan": "scheme"}


class StubRestorer:
    """Restorer-like: word swaps from SWAPS; optionally eats the paragraph separators."""

    def __init__(self, eat_separators: bool = False) -> None:
        self.eat_separators = eat_separators

    def restore_and_explain(self, text: str) -> Restored:
        out = devset.regex.sub(r"\w+", lambda m: SWAPS.get(m.group(), m.group()), text)
        if self.eat_separators:
            out = out.replace("\n\n", "\n")
        return Restored(out, ())

    def restore(self, text: str) -> str:
        return self.restore_and_explain(text).text

    def spin_score(self, text: str) -> SpinScore:
        score = 0.9 if ("stated" in text or "informed" in text) else 0.1
        return SpinScore(score, "spun" if score > 0.5 else "clean", 0, len(text.split()), 0.0)


def _write(tmp_path: Path) -> Path:
    for name, rows in (("real_pairs_dev.jsonl", PAIRS), ("clean_dev.jsonl", CLEAN)):
        (tmp_path / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return tmp_path


def test_words_normalise_typography_and_drop_punctuation() -> None:
    assert devset.words("It\u2019s a \u201ctest\u201d \u2014 three,000 cost-cutting.") == [
        "It's", "a", "test", "three,000", "cost", "cutting"]


@pytest.mark.parametrize("eat_separators", [False, True])
def test_metrics_by_hand(tmp_path: Path, eat_separators: bool) -> None:
    run = devset.run_devset(StubRestorer(eat_separators), _write(tmp_path), fixtures_dir=None)  # type: ignore[arg-type]
    got = run.as_dict()
    # Pair 1: d(S,O)=3 (firm, stated, shut), d(S,R)=2 (stated, plant), d(R,O)=3 → good 1, bad 1.
    # Pair 2: d(S,O)=1, d(S,R)=1, d(R,O)=0 → good 1, bad 0 (dash and curly quotes are typography).
    assert got["recall:synonym-spinner"] == pytest.approx(2 / 4)
    assert got["precision:synonym-spinner"] == pytest.approx(2 / 3)
    assert got["bad_edits:synonym-spinner"] == 1
    assert got["recall:synonym-spinner/close"] == pytest.approx(0.5)
    assert math.isnan(got["precision:mt-roundtrip"])
    assert got["articles_restored_sentence_by_sentence:all"] == (1 if eat_separators else 0)
    # Clean page: 11 words, "plan" → "scheme" changes one.
    assert got["clean_changed_per_1000_words:clean-pages"] == pytest.approx(1000 / 11)
    assert got["spin_score_roc_auc:synonym-spinner"] == 1.0
    assert got["clean_pages_judged_not_clean:clean-pages"] == 0.0
    recall = next(m for m in run.metrics if m.key == "recall:synonym-spinner")
    assert recall.ci_low <= recall.value <= recall.ci_high
    # "firm stated" → "company said" is one aligned block, half done: partial; shut → close missed.
    kinds = sorted(k for p in run.pairs for k, *_ in devset.pair_errors(p))
    assert kinds == ["bad", "fixed", "missed", "partial"]


def test_candidate_recall(tmp_path: Path) -> None:
    table = {"shut": ["close"], "informed": ["notified", "told"]}

    def generator(spun: str, left: str, right: str) -> list[str]:
        return table.get(spun, [])

    # Swaps: "firm stated" → "company said" (one difflib block), shut → close, informed → told.
    got = devset.candidate_recall(generator, _write(tmp_path))
    assert (got["word_swaps"], got["single_word_swaps"], got["aligned_word_swaps"]) == (3, 2, 4)
    assert got["recall_any:word"] == pytest.approx(2 / 3)
    assert got["recall_any:single_word"] == 1.0
    assert got["recall_top5:aligned_word"] == pytest.approx(2 / 4)


def test_results_files(tmp_path: Path) -> None:
    run = devset.run_devset(StubRestorer(), _write(tmp_path), fixtures_dir=None)  # type: ignore[arg-type]
    devset.write_results(tmp_path / "out", run, "{}", 0.0)
    header = (tmp_path / "out" / "eval_devset.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "metric,subset,value,ci_low,ci_high"
    assert "recall" in (tmp_path / "out" / "eval_devset.md").read_text(encoding="utf-8")


def test_word_truth_aligns_one_for_one_swaps_and_marks_longer_rewrites() -> None:
    spun = "The firm stated it would shut the thirty day period plant."
    original = "The company said it would close the month plant."
    truth = devset.word_truth(spun, original)
    assert {spun[start:].split(maxsplit=1)[0]: w for start, w in truth.items()} == {
        "firm": "company", "stated": "said", "shut": "close", "thirty": None, "day": None, "period": None}


def test_reading_figures_by_hand(tmp_path: Path) -> None:
    read_words = {"firm", "stated", "shut", "plant", "informed", "reporters", "council", "budget",
                  "Residents", "plan"}
    best = {"stated": "said", "shut": "lock", "plant": "factory", "informed": "told", "budget": "plan"}

    def reader(text: str) -> tuple[list[int], list[tuple[int, str, float]]]:
        found = [(m.start(), m.group()) for m in devset.regex.finditer(r"\w+", text) if m.group() in read_words]
        return [s for s, _ in found], [(s, best[w], 2.0) for s, w in found if w in best]

    got = devset.reading_figures(reader, _write(tmp_path))
    # Spun words read: firm, stated, shut, informed (swapped one for one), plant, reporters (unchanged).
    assert (got["words_read:swapped-words"], got["words_read:unchanged-words"]) == (4, 2)
    assert got["flagged_share:swapped-words"] == pytest.approx(3 / 4)  # stated, shut, informed
    assert got["flagged_share:unchanged-words"] == pytest.approx(1 / 2)  # plant
    assert got["flagged_changed:flagged-words"] == pytest.approx(3 / 4)
    assert got["best_reading_right:flagged-swaps"] == pytest.approx(2 / 3)  # said, told; not lock
    assert got["best_reading_right:flagged-words"] == pytest.approx(2 / 4)
    # The clean page: council, budget, Residents, plan read; budget flagged.
    assert (got["words_read:clean-pages"], got["flagged_share:clean-pages"]) == (4, pytest.approx(1 / 4))


def test_stage_figures_by_hand(tmp_path: Path) -> None:
    """Each swap goes to the first stage that holds for it (``devset.STAGES``)."""
    from spinfix import Finding

    # (word, restoration, action): a right restoration, a right one left below the threshold, a wrong one,
    # and an edit away from every swap ("plant").
    decided = {"stated": ("said", "restore"), "informed": ("told", "report"), "shut": ("lock", "restore"),
               "plant": ("factory", "restore")}

    class Reporting:
        def restore_and_explain(self, text: str) -> Restored:
            findings = tuple(
                Finding(m.start(), m.end(), m.group(), decided[m.group()][0], (), 0.9, "table:news", "",
                        decided[m.group()][1])  # type: ignore[arg-type]
                for m in devset.regex.finditer(r"\w+", text) if m.group() in decided)
            return Restored(text, (), findings)

    # Swaps: "firm stated" -> "company said" (one block: *said* is the writer's word), "shut" -> "close"
    # (restored as *lock*), "informed" -> "told" (reported).
    got = devset.stage_figures(Reporting(), _write(tmp_path))  # type: ignore[arg-type]
    assert got["swaps:word-swaps"] == 3
    assert got["restored_right:word-swaps"] == pytest.approx(1 / 3)
    assert got["restored_other:word-swaps"] == pytest.approx(1 / 3)
    assert got["reported_right:word-swaps"] == pytest.approx(1 / 3)
    assert got["reported_other:word-swaps"] == 0 and got["no_finding:word-swaps"] == 0
    decided.pop("informed")
    got = devset.stage_figures(Reporting(), _write(tmp_path))  # type: ignore[arg-type]
    assert got["no_finding:word-swaps"] == pytest.approx(1 / 3) and got["reported_right:word-swaps"] == 0
    assert devset.reporting_restorer(StubRestorer()) is None  # type: ignore[arg-type]
    from spinfix import Config, Restorer

    reporting = devset.reporting_restorer(Restorer(Config(threshold=0.6)))
    assert reporting is not None and reporting.config == Config(threshold=0.6, report_threshold=0.0)
