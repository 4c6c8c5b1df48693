"""Summarise fuzz runs for RESULTS.md: ``python -m fuzz.summarize [fuzz/logs]`` prints a Markdown table.

Reads each ``chunk-N.log`` (libFuzzer's output: the final ``Done R runs in S second(s)``, the last
``cov:``/``corp:`` status line, any ``ERROR``/crash line) and ``known-N.jsonl`` (first examples of each
known kind of non-idempotence, by kind).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path


def summarise(logs: Path) -> str:
    """The Markdown table of all chunks and the totals."""
    lines = ["| chunk | inputs run | seconds | inputs/s | coverage (edges) | corpus | failures | distinct known "
             "second-pass edits |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    total_runs = total_secs = total_crashes = 0
    kinds: Counter[str] = Counter()
    for log in sorted(logs.glob("chunk-*.log"), key=lambda p: int(p.stem.split("-")[1])):
        n = log.stem.split("-")[1]
        text = log.read_text(encoding="utf-8", errors="replace")
        done = re.search(r"^Done (\d+) runs in (\d+) second", text, re.M)
        status = re.findall(r"cov: (\d+) ft: \d+ corp: (\d+)/", text)
        crashes = len(re.findall(r"^==\d+== ERROR: libFuzzer", text, re.M))
        known = logs / f"known-{n}.jsonl"
        chunk_kinds: Counter[str] = Counter()
        if known.exists():
            for row in known.read_text(encoding="utf-8").splitlines():
                chunk_kinds[json.loads(row)["second_pass"].split(":")[0]] += 1
        kinds.update(chunk_kinds)
        units = re.search(r"^stat::number_of_executed_units: (\d+)\s+stat::average_exec_per_sec:\s+(\d+)", text, re.M)
        if done:
            runs, secs = int(done.group(1)), int(done.group(2))
        elif units:  # stopped by a failure: libFuzzer's final statistics
            runs = int(units.group(1))
            secs = round(runs / int(units.group(2))) if int(units.group(2)) else 0
        else:  # stopped (Ctrl-C) or still running: the last status line's count and rate
            last = re.findall(r"^#(\d+)\s.*exec/s: (\d+)", text, re.M)
            runs = int(last[-1][0]) if last else 0
            secs = round(runs / int(last[-1][1])) if last and int(last[-1][1]) else 0
        total_runs += runs
        total_secs += secs
        total_crashes += crashes
        cov, corp = status[-1] if status else ("?", "?")
        state = ("" if done else " (stopped by a failure)" if crashes else " (stopped early)"
                 if "KeyboardInterrupt" in text else " (running)")
        lines.append(f"| {n}{state} | {runs:,} | {secs:,} | {runs / secs if secs else 0:.0f} | {cov} | {corp} | "
                     f"{crashes} | {', '.join(f'{k} {v}' for k, v in sorted(chunk_kinds.items())) or '-'} |")
    lines.append(f"| **total** | **{total_runs:,}** | {total_secs:,} | | | | **{total_crashes}** | "
                 f"{', '.join(f'{k} {v}' for k, v in sorted(kinds.items())) or '-'} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(summarise(Path(sys.argv[1] if len(sys.argv) > 1 else "fuzz/logs")))
