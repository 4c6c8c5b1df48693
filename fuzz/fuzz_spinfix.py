"""Coverage-guided fuzzing of spinfix with atheris (libFuzzer): see fuzz/README.md.

    python fuzz/fuzz_spinfix.py fuzz/corpus fuzz/seeds -runs=250000 -max_total_time=3000 \
        -artifact_prefix=fuzz/artifacts/ -dict=fuzz/spinfix.dict

Every input goes through :func:`fuzz.harness.one_input`, which raises on a crash or a broken invariant;
libFuzzer then writes the input to ``fuzz/artifacts/`` and stops. Replay one with
``python fuzz/fuzz_spinfix.py fuzz/artifacts/crash-…`` (or ``python -m fuzz.replay FILE`` without atheris).
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo root, for ``fuzz.harness``

with atheris.instrument_imports(include=["spinfix", "fuzz"]):
    from fuzz import harness


def main() -> None:
    """Build the restorers before fuzzing starts (not inside the first input's time budget), then fuzz."""
    harness.restorers()
    harness.vocabulary()
    atheris.Setup(sys.argv, harness.one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
