"""What the first call loads (issue 14, cold start): restoring needs neither the document score's trigram
evidence nor the reverse thesaurus unless the text asks for them. Checked in a fresh interpreter, since
the test session's own restorers have long loaded everything."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from spinfix import Config, Restorer

_PROBE = """
import json, sys
import spinfix
from spinfix.default import default_restorer
r = default_restorer()
{statement}
model, thesaurus = vars(r.scorer.model), vars(r.generalizer.thesaurus)
print(json.dumps({{"model": "_views" in model or "_data" in model, "thesaurus": "_rows" in thesaurus,
                  "numpy": "numpy" in sys.modules}}))
"""


def _loaded(statement: str) -> dict[str, bool]:
    out = subprocess.run([sys.executable, "-c", _PROBE.format(statement=statement)], capture_output=True,
                         text=True, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_restoring_a_word_loads_neither_the_model_nor_the_thesaurus() -> None:
    # Nor numpy (0.04 s to import, and OpenBLAS threads that spin for ~0.1 s of CPU): only the model needs it.
    assert _loaded("spinfix.restore('x')") == {"model": False, "thesaurus": False, "numpy": False}


def test_a_spun_sentence_reads_the_thesaurus_pass_options_not_the_whole_thesaurus() -> None:
    # The thesaurus pass of a spun document reads its shipped options (thesaurus_options.tsv.gz, 0.01 s);
    # the whole reverse thesaurus (0.13 s) waits for a document with an acronym to spell out.
    spun = "'Personal corporations are beneath intense scrutiny, sources informed Reuters on Thursday.'"
    assert _loaded(f"spinfix.restore({spun})")["thesaurus"] is False
    assert _loaded(f"spinfix.restore({spun}); r.generalizer.shipped_options or sys.exit(3)")["model"] is True


def test_a_spun_sentence_asks_the_model_without_numpy() -> None:
    # Its candidates' context terms are a few dozen scalar questions, answered from the model's memory map
    # (arrays.map_views); numpy (~0.06 s to import) waits for a text whose regions the model reads in batches.
    spun = "'Personal corporations are beneath intense scrutiny, sources informed Reuters on Thursday.'"
    assert _loaded(f"spinfix.restore({spun})") == {"model": True, "thesaurus": False, "numpy": False}


def test_the_spin_score_still_reads_the_model() -> None:
    # The score of the same text does need the trigram evidence: skipping it is restore's shortcut only.
    assert _loaded("spinfix.spin_score('x')")["model"] is True


def test_restore_and_explain_agree_with_analyse_without_the_score() -> None:
    r = Restorer(Config())
    for text in ("Sources informed Reuters that personal corporations rose zero.5 %.",
                 "The company said on Monday that profits rose.", "x", ""):
        a = r.analyse(text)
        explained = r.restore_and_explain(text)
        assert r.restore(text) == a.text == explained.text
        assert explained.edits == a.edits and explained.findings == a.findings
        assert r.detect(text) == list(a.findings)


def test_detect_does_not_read_the_score_evidence(monkeypatch) -> None:
    # detect() returns the findings only: the document score's sequential reading is analyse's alone.
    r = Restorer(Config())
    text = "The company said on Monday that profits rose."
    monkeypatch.setattr(r, "_spin_evidence", lambda *a, **k: pytest.fail("detect read the score evidence"))
    assert r.detect(text) == []


def test_warm_loads_everything_a_spun_document_needs() -> None:
    # warm() before forking workers: they then share the thesaurus instead of each loading it.
    assert _loaded("r.warm()") == {"model": True, "thesaurus": True, "numpy": True}


def test_the_ngram_index_waits_for_a_corpus_or_warm() -> None:
    # The compiled core's hashed n-gram index (24 MB, about 0.1 s to build) pays off over a corpus, not on
    # one page: the shipped spun example's first restore reads its regions in batches without it (the
    # threshold itself: tests/test_ngramcore.py), and warm() builds it at once.
    probe = """
import json
from importlib import resources
import spinfix
from spinfix.default import default_restorer
r = default_restorer()
spinfix.restore(resources.files("spinfix").joinpath("data/examples/spun_news_example.txt").read_text("utf-8"))
core = r.scorer.model.core
read, before = "_batch" in vars(r.detector), None if core is None else core.indexed
r.warm()
print(json.dumps({"read": read, "before": before, "after": None if core is None else core.indexed}))
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    if seen["before"] is None:
        pytest.skip("spinfix._ngramcore is not built here")
    assert seen == {"read": True, "before": False, "after": True}


def test_the_first_restore_builds_its_data_with_the_collector_paused() -> None:
    # spinfix.loading: the first call builds ~180k long-lived objects; with the collector running, its
    # collections walked them again and again (389 collections, 0.12 s of a 0.9 s spun-sentence start),
    # paused only the few that follow (53 at the time of writing). The bound leaves room for growth, not
    # for losing the pause.
    probe = """
import gc, json, sys
counted = [0]
gc.callbacks.append(lambda phase, info: counted.__setitem__(0, counted[0] + (phase == "start")))
import spinfix
spinfix.restore("Personal corporations are beneath intense scrutiny, sources informed Reuters on Thursday.")
print(json.dumps({"collections": counted[0], "enabled": gc.isenabled()}))
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["enabled"] is True  # the collector is left as it was found
    assert seen["collections"] < 150, seen
