"""Replay saved fuzz inputs without atheris: ``python -m fuzz.replay FILE...`` (exit 1 on a failure)."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from fuzz.harness import one_input, target_name


def main(paths: list[str]) -> int:
    """Run every file through the harness; print each failure's traceback."""
    failed = 0
    for path in paths:
        data = Path(path).read_bytes()
        try:
            one_input(data)
        except Exception:  # report every failure, not just the first
            failed += 1
            print(f"{path} ({target_name(data)}): FAIL", file=sys.stderr)
            traceback.print_exc()
        else:
            print(f"{path} ({target_name(data)}): ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
