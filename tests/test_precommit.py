"""Issue 15, item 4: the shipped pre-commit hook, run for real as a user runs it.

The test commits this checkout (with its uncommitted changes) to a scratch repository, points a user's
``.pre-commit-config.yaml`` at it, and runs ``pre-commit run``: pre-commit clones it and installs spinfix
into a fresh environment, so this checks the hook file, the packaging and the exit codes together. (It
used ``pre-commit try-repo``, which clones into a new temporary path on every call, so its two calls built
two environments: 36 s of the suite's time, now half that; a configured repository at a fixed revision is
installed once.) It needs git and pre-commit: in CI (``CI=true``) their absence is a failure, elsewhere a
skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[1]


def _pre_commit() -> list[str]:
    exe = shutil.which("pre-commit") or shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if exe is None or shutil.which("git") is None:
        if IN_CI:
            pytest.fail("pre-commit and git are needed for this test in CI (pip install '.[test]')")
        pytest.skip("pre-commit or git is not installed")
    if not (ROOT / ".git").exists():
        if IN_CI:
            pytest.fail(f"{ROOT} is not a git checkout")
        pytest.skip(f"{ROOT} is not a git checkout")
    return [exe]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args], cwd=repo, check=True,
                   capture_output=True)


def _hook_repository(tmp_path: Path) -> tuple[Path, str]:
    """A clone of this checkout with its uncommitted changes to tracked files committed (what the test
    must install is the code as it is now), and the revision to configure."""
    src = tmp_path / "spinfix-src"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(src)], check=True, capture_output=True)
    diff = subprocess.run(["git", "diff", "HEAD", "--binary"], cwd=ROOT, check=True, capture_output=True).stdout
    if diff:
        subprocess.run(["git", "apply", "--index", "-"], cwd=src, input=diff, check=True, capture_output=True)
        _git(src, "commit", "-q", "-m", "uncommitted changes of the checkout under test")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=src, check=True, capture_output=True,
                         text=True).stdout.strip()
    # pre-commit fetches the revision from this clone; without deltas for the large data files (the trigram
    # model alone is 36 MB) git sends them in 3 s instead of 5.
    _git(src, "config", "core.bigFileThreshold", "1m")
    return src, rev


def _run(pre_commit: list[str], repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    # What the test checks is the hook file, the packaging and the exit codes, not pip's byte-compiling of
    # numpy or gcc's optimiser: without them (and with the clone's setting above) this test took 31 s instead of 40.
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never", "PIP_NO_COMPILE": "1",
           "CFLAGS": "-O0"}
    return subprocess.run([*pre_commit, "run", "--all-files"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=900, check=False)


def test_hook_file_declares_spinfix_check() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: spinfix" in text and "entry: spinfix check" in text and "language: python" in text


def test_pre_commit_run_fails_on_spun_text_and_passes_clean_text(tmp_path: Path) -> None:
    pre_commit = _pre_commit()
    src, rev = _hook_repository(tmp_path)
    home = tmp_path / "pre-commit-home"  # one environment for both runs
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {src}\n    rev: {rev}\n    hooks:\n      - id: spinfix\n", encoding="utf-8")
    (repo / "notes.md").write_text("# Notes\n\nA plain sentence about the weather.\n", encoding="utf-8")
    (repo / "script.py").write_text("x = 'rose zero.5 %'\n", encoding="utf-8")  # not prose: not checked
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "clean")
    clean = _run(pre_commit, repo, home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout

    (repo / "story.txt").write_text("Shares rose zero.5 % as personal corporations informed Reuters.\n",
                                    encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "spun")
    spun = _run(pre_commit, repo, home)
    assert spun.returncode == 1, spun.stdout + spun.stderr
    assert "story.txt:1:13: table:news: zero.5 -> 0.5" in spun.stdout
    assert "script.py" not in spun.stdout
    assert len(list(home.glob("repo*"))) == 1, "the second run installed the hook again"
