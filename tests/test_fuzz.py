"""Issue 6, part 5: the fuzz harness's regression cases, and a few seconds of fuzzing in every test run.

The long coverage-guided runs are atheris' (``fuzz/README.md``, results in ``fuzz/RESULTS.md``); here the
same harness (``fuzz/harness.py``, no atheris needed) replays every input it ever found breaking an
invariant (``tests/cases/fuzz_regressions.json``) and runs a short deterministic random session.
"""

from __future__ import annotations

import base64
import json
import random
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fuzz import harness  # noqa: E402

CASES = json.loads((ROOT / "tests" / "cases" / "fuzz_regressions.json").read_text(encoding="utf-8"))["cases"]
CONFIGS = {"default": 0, "table-only": 1, "keep-low-threshold": 2}
SEEDS = sorted((ROOT / "fuzz" / "seeds").iterdir())


def _run(case: dict) -> None:
    if case["target"] == "bytes":
        harness.one_input(base64.b64decode(case["input_b64"]))
    else:
        restorer = harness.restorers()[CONFIGS[case["config"]]]
        harness.check_text(restorer, case["text"])
        harness.check_vocabulary(restorer, case["text"])


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_regression_keeps_the_invariants(case: dict) -> None:
    """No exception, edits valid, replay equal, nothing outside the edits changed (known kinds of
    non-idempotence allowed: they are the next test)."""
    _run(case)


@pytest.mark.parametrize("case", [
    pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=f"open ({c['kind']}): {c['note'][:120]}"))
    if c["status"] == "open" else c
    for c in CASES if c["target"] == "text"
], ids=[c["id"] for c in CASES if c["target"] == "text"])
def test_regression_is_idempotent(case: dict) -> None:
    restorer = harness.restorers()[CONFIGS[case["config"]]]
    once = restorer.restore(case["text"])
    assert restorer.restore(once) == once


def test_regression_file_is_well_formed() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    for c in CASES:
        assert c["status"] in ("open", "fixed") and c["target"] in ("text", "bytes") and c["note"]
        assert ("input_b64" in c) == (c["target"] == "bytes")


def test_seeds_pass() -> None:
    for seed in SEEDS:
        harness.one_input(seed.read_bytes())


def test_short_fuzz_run() -> None:
    """~4 s of random inputs through every target; any failure prints the input to add to the JSON file."""
    harness.restorers()  # built outside the time budget
    rng = random.Random(20_261_129)
    seeds = [s.read_bytes() for s in SEEDS]
    deadline = time.perf_counter() + 4.0
    count = 0
    while time.perf_counter() < deadline or count < 200:
        if count % 3 == 0:  # mutate a seed: keeps the structured targets well-formed more often
            data = bytearray(rng.choice(seeds))
            for _ in range(rng.randrange(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            data = bytes(data)
        else:
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 160)))
        try:
            harness.one_input(data)
        except Exception as exc:
            pytest.fail(f"{harness.target_name(data)} input {base64.b64encode(data).decode()} failed: {exc}")
        count += 1
    assert count >= 200


@pytest.mark.parametrize("target", [name for name, _ in harness.SCAN_TARGETS])
def test_short_scan_fuzz_run(target: str) -> None:
    """Issue 11: ~1.5 s of random inputs per scanner target (nested and odd JSON records, damaged gzip):
    every decodable record out exactly once, bad records reported with file:line, no exception."""
    harness.restorers()
    first = [b for b in range(harness.SCAN_FIRST_BYTE, 256) if harness.target_name(bytes([b])) == target]
    rng = random.Random(20_261_130)
    deadline = time.perf_counter() + 1.5
    count = 0
    while time.perf_counter() < deadline or count < 50:
        data = bytes([rng.choice(first)]) + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 120)))
        try:
            harness.one_input(data)
        except Exception as exc:
            pytest.fail(f"{target} input {base64.b64encode(data).decode()} failed: {exc}")
        count += 1
    assert count >= 50


def test_short_chain_fuzz_run() -> None:
    """~3 s of the ``chains`` target: texts where restoring one row writes the next row's spun form,
    under five configurations, held to the text invariants (strict idempotence, replay)."""
    harness.chain_restorers()  # built outside the time budget
    rng = random.Random(20_261_203)
    deadline = time.perf_counter() + 3.0
    count = 0
    while time.perf_counter() < deadline or count < 100:
        first = rng.randrange(harness.CHAINS_FROM, harness.SCAN_FIRST_BYTE)
        data = bytes([first]) + bytes(rng.randrange(256) for _ in range(40))
        assert harness.target_name(data) == "chains"
        try:
            harness.one_input(data)
        except Exception as exc:
            pytest.fail(f"chains input {base64.b64encode(data).decode()} failed: {exc}")
        count += 1
    assert count >= 100
