"""Shared fixtures: small deterministic tables written into tmp dirs, and the shipped restorer."""

from __future__ import annotations

import array
import contextlib
import fcntl
import os
import signal
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest

import spinfix
import spinfix.native

HEADER = "#spinfix-table 1\nspun\toriginal\tconfidence\ttags\tsource\tcontext\n"

SMALL_TABLE = HEADER + "\n".join([
    "personal corporation\tprivate company\t0.85\tdomain=news,kind=phrase,pos=noun\tobserved",
    "inform\ttell\t0.5\tdomain=news,kind=word,pos=verb\tobserved",
    "necessary problem\timportant issue\t0.9\tdomain=news,kind=phrase\tobserved",
    "extended relationship\tlong relationship\t0.9\tdomain=news,kind=phrase\tobserved",
    "wall avenue\twall street\t0.97\tdomain=news,kind=phrase\tobserved",
    "profound learning\tdeep learning\t0.95\tdomain=science,kind=tortured\tpps",
    "towards\tagainst\t0.6\tdomain=news,kind=function\tobserved\tleft=defences|defenses",
    "malignant growth\tcancer\t0.6\tdomain=science,kind=tortured\tpps\tand=cancer",
    "counterfeit consciousness\tartificial intelligence\t0.95\tdomain=science,kind=tortured\tpps"
    "\tnot=counterfeit goods",
]) + "\n"


#: Whether the suite runs in CI, where every optional part it can test must be there (the compiled core).
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def with_engine(model: spinfix.ngram.TrigramModel, engine: str) -> spinfix.ngram.TrigramModel:
    """``model`` asked through its compiled core (``engine="core"``) or through the Python and numpy
    code (``"python"``), so that one test checks both. Without the core, the "core" case is skipped, or
    fails in CI, which builds it (``pip install -e .`` compiles spinfix/_ngramcore.c)."""
    if engine == "python":
        model.__dict__["core"] = None  # the cached property, answered before it is first read
    else:
        require_compiled(model.core, "_ngramcore")
    return model


def require_compiled(found: object, module: str) -> None:
    """Skip the test when ``found`` (what spinfix made from the compiled ``module``) is None: the module
    was not built, or SPINFIX_NO_CORE is set. In CI, which builds it, its absence fails the test."""
    if found is None:
        if IN_CI and not spinfix.native.DISABLED:
            pytest.fail(f"the compiled module spinfix.{module} was not built (pip install -e . needs a C compiler)")
        pytest.skip(f"the compiled module spinfix.{module} is not built here (or SPINFIX_NO_CORE is set)")


#: A two-line text the small table restores to RESTORED (with the number rule), used by the CLI tests.
SPUN = "Personal corporations have an extended relationship.\nShares rose zero.5 %.\n"
RESTORED = "Private companies have a long relationship.\nShares rose 0.5 %.\n"


def write_table(tmp_path: Path, body: str, name: str = "t.tsv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


@pytest.fixture
def small_table(tmp_path: Path) -> Path:
    return write_table(tmp_path, SMALL_TABLE)


@pytest.fixture
def small(small_table: Path) -> spinfix.Restorer:
    """A restorer over the small table only, without n-gram context: deterministic and fast."""
    return spinfix.Restorer(spinfix.Config(tables=(str(small_table),), default_tables=False, context=False,
                                           generalize=False))


@pytest.fixture(scope="session")
def default() -> spinfix.Restorer:
    return spinfix.default_restorer().warm()


@pytest.fixture
def args(small_table: Path) -> list[str]:
    """Command-line flags for the small table alone, without n-gram context (fast, deterministic)."""
    return ["--table", str(small_table), "--no-default-tables", "--no-context"]


@pytest.fixture
def src(tmp_path: Path) -> Path:
    """A file holding SPUN."""
    path = tmp_path / "in.txt"
    path.write_text(SPUN, encoding="utf-8")
    return path


def run_scan(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``spinfix scan ARGV`` in process: (exit code, stdout, stderr), on one job unless ARGV says ``--jobs``.

    Why one job: the default is a pool of one worker per CPU, and each worker imports spinfix and builds
    its restorer (lemminflect imports spaCy when it is installed, as it is here: about 2 s a pool). The
    tests of reading, damaged input and output need none of it; those of the pool pass ``--jobs 2``."""
    from spinfix.cli import main

    if not any(a in ("-j", "--jobs") or a.startswith("--jobs=") for a in argv):
        argv = [*argv, "--jobs", "1"]
    rc = main(["scan", *argv])
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def json_records(text: str) -> list[dict]:
    """The JSON Lines of ``text``, parsed."""
    import json

    return [json.loads(line) for line in text.splitlines()]


def unread_bytes(fd: int) -> int:
    """Bytes written to a pipe and not yet read by the other end (FIONREAD): a test that signals a
    subprocess waits for this to reach 0, so the signal lands while it blocks on its input rather than
    during its start-up."""
    buf = array.array("i", [0])
    fcntl.ioctl(fd, termios.FIONREAD, buf)
    return buf[0]



@contextlib.contextmanager
def sigint_for_children() -> Iterator[None]:
    """Around a ``Popen`` of a child that a test interrupts with a real SIGINT: children then start with
    the default disposition, so that their Python turns the signal into KeyboardInterrupt as at a
    terminal. A test run started as a background job of a non-interactive shell (``pytest &`` in a
    script, some CI runners) has SIGINT *ignored*, which children inherit and Python leaves as it is: the
    signal did nothing and the child ended normally (exit 0). A handled signal is reset to the default in
    the child by ``exec``, so the parent handles it meanwhile (no ``preexec_fn``, which is unsafe beside
    threads); the parent's disposition is restored at once."""
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
