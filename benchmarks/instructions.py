"""Instructions, not seconds: one pass of a spinfix operation counted by callgrind, for A/B comparisons.

Why: on a shared virtual machine the same code's wall-clock and even CPU-time figures move by 10-30 %
from run to run (session 37 measured its start code at 0.42 and 0.57 MB/s in two runs of ``spinfix
scan``), which hides a change of a few per cent. ``valgrind --tool=callgrind`` counts the instructions a
process executes, and gives the same count on every run of the same code and input. The count is not a
time (a cache miss costs more than an add), but a change to the Python around C calls shows in it at once.

How: each source tree (a checkout, e.g. a ``git worktree`` at the commit to compare against, with its
compiled modules built) runs in its own process under callgrind with instrumentation off
(``--instr-atstart=no``): the process builds ``Restorer(Config())``, warms it and reads the text once,
then instrumentation is switched on (``callgrind_control -i on``) for exactly one more pass and off
again. The text is :func:`benchmarks.suite.real_subset` (the suite's real prose, seed 3), so the trees
read the same documents; ``PYTHONHASHSEED=0`` keeps hashing alike. The trees run side by side, one per
core.

Usage::

    git worktree add /tmp/base <commit> && (cd /tmp/base && python setup.py -q build_ext --inplace)
    python -m benchmarks.instructions /tmp/base . --case "news spun restore 150000" \\
        --case "science clean restore 400000" --out /tmp/instructions.csv

A case is ``GENRE clean|spun OPERATION BYTES [once]``: GENRE ``news``, ``science`` or ``mix``; OPERATION
``restore``, ``analyse`` or ``detect``, or ``table-restore`` / ``table-detect`` for ``Config(context=False,
generalize=False)``. With ``once`` the measured pass reads each real document of the genre once (up to
BYTES), none of them seen before: the process warms on the other genre's real documents, clean and spun,
instead, so the data every stage reads is loaded but no memo holds the measured documents' chunks, word
pairs or model answers. That is the suite's "seen once" figure, the one a crawl of new text gets; without
``once`` the measured pass repeats text the warm-up read, and the memos answer much of it.

It needs valgrind (Debian's ``valgrind`` package, which has ``callgrind_control``);
under it a pass runs some 50-100 times slower, so a few hundred kB make a case of about a minute.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

OPERATIONS = ("restore", "analyse", "detect", "table-restore", "table-detect")
GENRES = ("news", "science", "mix")
#: What a ``once`` case warms on: the real documents of the other genre (see the module's docstring).
OTHER_GENRE = {"news": "science", "science": "news"}
#: The count callgrind writes at the end of its output; with instrumentation switched on and off by
#: ``callgrind_control`` the ``summary:`` line at the top stays 0, so ``totals:`` is read first.
_TOTALS = re.compile(r"^totals: (\d+)", re.M)
_SUMMARY = re.compile(r"^summary: (\d+)", re.M)


@dataclass(frozen=True)
class Case:
    """One measurement: ``operation`` over ``size`` bytes of real ``genre`` prose, spun or clean."""

    genre: str
    spun: bool
    operation: str
    size: int
    once: bool = False

    @classmethod
    def parse(cls, spec: str) -> Case:
        """``"news spun restore 150000"`` (or ``"... 150000 once"``) → Case; a clear error for anything else."""
        parts = spec.split()
        once = len(parts) == 5 and parts[4] == "once"
        if once:
            parts = parts[:4]
        if len(parts) != 4 or parts[0] not in GENRES or parts[1] not in ("clean", "spun") \
                or parts[2] not in OPERATIONS or not parts[3].isdigit() or int(parts[3]) <= 0:
            raise ValueError(f"a case is 'GENRE clean|spun OPERATION BYTES [once]' with GENRE one of "
                             f"{', '.join(GENRES)} and OPERATION one of {', '.join(OPERATIONS)}, not {spec!r}")
        if once and parts[0] not in OTHER_GENRE:
            raise ValueError(f"'once' warms on the other genre's documents: GENRE must be news or science, "
                             f"not {spec!r}")
        return cls(parts[0], parts[1] == "spun", parts[2], int(parts[3]), once)

    def __str__(self) -> str:
        once = " once" if self.once else ""
        return f"{self.genre} {'spun' if self.spun else 'clean'} {self.operation} {self.size}{once}"


def callgrind_total(report: str) -> int:
    """The instruction count of a callgrind output file's text (its ``totals:`` line, else ``summary:``)."""
    m = _TOTALS.search(report) or _SUMMARY.search(report)
    if m is None:
        raise ValueError("no 'totals:' or 'summary:' line: not a callgrind output file")
    return int(m.group(1))


def child(tree: str, case: Case) -> None:
    """The measured process: build and warm in ``tree``'s spinfix, then one pass per line on stdin."""
    sys.path.insert(0, tree)
    # The tree's own, so both trees read the same documents.
    from benchmarks.suite import real_documents, real_subset
    from spinfix import Config, Restorer

    if case.once:
        docs, total = [], 0
        for doc in real_documents(case.genre, case.spun):
            if total >= case.size:
                break
            docs.append(doc)
            total += len(doc.encode("utf-8"))
        other = OTHER_GENRE[case.genre]
        warm = [*real_documents(other), *real_documents(other, True)]
    else:
        docs = warm = real_subset(case.genre, case.spun, case.size, 3)
    table_only = case.operation.startswith("table-")
    restorer = Restorer(Config(context=False, generalize=False) if table_only else Config()).warm()
    run = getattr(restorer, case.operation.removeprefix("table-"))
    for doc in warm:
        run(doc)
    print(sum(len(d.encode("utf-8")) for d in docs), flush=True)
    for _ in sys.stdin:
        for doc in docs:
            run(doc)
        print("done", flush=True)


def count(tree: Path, case: Case, workdir: Path) -> tuple[int, int]:
    """(instructions of one pass, bytes read) of ``case`` in ``tree``."""
    out = workdir / f"callgrind-{os.getpid()}-{threading.get_ident()}.out"
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    cmd = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
           sys.executable, str(Path(__file__).resolve()), "--child", str(tree), str(case)]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=tree, env=env)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        first = proc.stdout.readline().strip()
        if not first.isdigit():
            raise RuntimeError(f"{tree}: the measured process failed: {proc.communicate()[1][-2000:]}")
        for switch in ("on", None, "off"):
            if switch is None:
                proc.stdin.write("go\n")
                proc.stdin.flush()
                if proc.stdout.readline().strip() != "done":
                    raise RuntimeError(f"{tree}: the measured pass failed: {proc.communicate()[1][-2000:]}")
            else:
                subprocess.run(["callgrind_control", "-i", switch, str(proc.pid)], check=True, capture_output=True)
        proc.stdin.close()
        proc.wait(timeout=600)
        return callgrind_total(out.read_text(encoding="utf-8", errors="replace")), int(first)
    finally:
        if proc.poll() is None:
            proc.kill()
        out.unlink(missing_ok=True)


def count_side_by_side(trees: list[Path], case: Case, workdir: Path) -> dict[Path, tuple[int, int]]:
    """:func:`count` of ``case`` in every tree, each in its own thread (so its process has a core)."""
    found: dict[Path, tuple[int, int]] = {}
    errors: list[BaseException] = []

    def measure(tree: Path) -> None:
        try:
            found[tree] = count(tree.resolve(), case, workdir)
        except BaseException as exc:  # raised below, in the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=measure, args=(tree,)) for tree in trees]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.instructions", description=__doc__.split("\n")[0])
    parser.add_argument("trees", nargs="*", type=Path, help="source trees to compare, the first the baseline")
    parser.add_argument("--case", action="append", default=[], help="GENRE clean|spun OPERATION BYTES (repeatable)")
    parser.add_argument("--out", type=Path, help="CSV to append the counts to")
    parser.add_argument("--child", nargs=2, metavar=("TREE", "CASE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Case.parse(args.child[1]))
        return 0
    if not args.trees or not args.case:
        parser.error("give at least one source tree and one --case")
    missing = [tool for tool in ("valgrind", "callgrind_control") if shutil.which(tool) is None]
    if missing:
        parser.error(f"{' and '.join(missing)} not found: install valgrind (Debian: apt-get install valgrind)")
    for tree in args.trees:
        if not (tree / "spinfix" / "__init__.py").is_file():
            parser.error(f"{tree} is not a spinfix source tree")
    try:
        cases = [Case.parse(spec) for spec in args.case]
    except ValueError as exc:
        parser.error(str(exc))
    rows = []
    with tempfile.TemporaryDirectory(prefix="spinfix-instructions-") as tmp:
        for case in cases:
            found = count_side_by_side(args.trees, case, Path(tmp))
            base = found[args.trees[0]][0]
            for tree in args.trees:
                instructions, size = found[tree]
                row = {"case": str(case), "tree": str(tree), "bytes": size, "instructions": instructions,
                       "g_per_mb": round(instructions / size * 1e6 / 1e9, 4), "vs_first": round(instructions / base, 4)}
                rows.append(row)
                print(f"{case}  {tree}: {row['g_per_mb']:.3f} G instructions per MB  ×{row['vs_first']:.4f}",
                      flush=True)
    if args.out is not None:
        new = not args.out.is_file()
        with args.out.open("a", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            if new:
                writer.writeheader()
            writer.writerows(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
