"""Issue 6, part 4: CLI failures are clear and safe, with the exit codes of docs/cli.md.

0 = done (``check``: nothing found), 1 = ``check`` found spun spans, 2 = usage or runtime error, 130 =
interrupted. An interrupted or failed write leaves no partial file and the old file untouched. Tests run
as root, so "permission denied" is simulated by making the read raise ``PermissionError``.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spinfix import cli
from spinfix.cli import EXIT_ERROR, EXIT_FOUND, EXIT_INTERRUPTED, EXIT_OK, LineIndex, main
from tests.conftest import RESTORED, SPUN, sigint_for_children, unread_bytes

OLD = "the old content, which must survive\n"




def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_exit_codes_of_each_command(tmp_path: Path, src: Path, args, capsys) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("Nothing to see here.\n", encoding="utf-8")
    assert main(["restore", str(src), *args]) == EXIT_OK
    assert main(["check", str(clean), *args]) == EXIT_OK
    assert main(["check", str(src), *args]) == EXIT_FOUND
    assert main(["check", str(clean), str(src), *args]) == EXIT_FOUND
    assert main(["score", str(src), *args]) == EXIT_OK
    assert main(["check", str(tmp_path / "missing.txt"), *args]) == EXIT_ERROR
    assert main(["restore", "--threshold", "2", str(src), *args]) == EXIT_ERROR
    assert main([]) == EXIT_ERROR
    assert main(["--version"]) == EXIT_OK
    capsys.readouterr()


@pytest.mark.parametrize("command", ["restore", "check", "score"])
def test_missing_file_and_directory(tmp_path: Path, args, capsys, command: str) -> None:
    assert main([command, str(tmp_path / "nope.txt"), *args]) == EXIT_ERROR
    assert f"{tmp_path / 'nope.txt'}: no such file" in capsys.readouterr().err
    assert main([command, str(tmp_path), *args]) == EXIT_ERROR
    assert f"{tmp_path}: is a directory" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["restore", "check", "score"])
def test_permission_denied_simulated(monkeypatch, src: Path, args, capsys, command: str) -> None:
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self == src:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    assert main([command, str(src), *args]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert f"{src}: permission denied" in err and "Traceback" not in err


def test_other_read_errors_are_named(monkeypatch, src: Path, args, capsys) -> None:
    real = Path.read_bytes

    def broken(self: Path) -> bytes:
        if self == src:
            raise OSError(errno.EIO, "Input/output error")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", broken)
    assert main(["check", str(src), *args]) == EXIT_ERROR
    assert f"{src}: cannot read: Input/output error" in capsys.readouterr().err


def test_undecodable_input_strict_and_replace(tmp_path: Path, args, capsys) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Personal corporations\ncaf\xe9 personal corporation\n".encode("latin-1"))
    for command in ("restore", "check", "score"):
        assert main([command, str(bad), *args]) == EXIT_ERROR
        assert f"{bad}:2: not UTF-8 (byte 25)" in capsys.readouterr().err
    assert main(["restore", str(bad), "--errors", "replace", "--format", "diff", *args]) == EXIT_OK
    assert "+caf\ufffd private company" in capsys.readouterr().out  # shown as U+FFFD
    assert main(["check", str(bad), "--errors", "replace", *args]) == EXIT_FOUND
    truncated = tmp_path / "cut.txt"
    truncated.write_bytes(b"zero.5 \xe2\x82")  # a multi-byte character cut at the end
    assert main(["restore", str(truncated), *args]) == EXIT_ERROR
    assert "not UTF-8" in capsys.readouterr().err


def test_a_utf16_file_is_named_as_such(tmp_path: Path, args, capsys) -> None:
    """A file saved as UTF-16 (Windows Notepad's "Unicode") gets an error that says so and how to convert
    it, not the advice to pass --errors replace, which would read it as NULs and U+FFFD."""
    for codec in ("utf-16-le", "utf-16-be"):
        src = tmp_path / f"{codec}.txt"
        src.write_bytes("\ufeffPersonal corporations informed Reuters.\n".encode(codec))
        for command in ("restore", "check", "score"):
            assert main([command, str(src), *args]) == EXIT_ERROR
            err = capsys.readouterr().err
            assert f"{src}:1: UTF-16 (it starts with a UTF-16 byte-order mark)" in err
            assert "iconv -f UTF-16 -t UTF-8" in err and "--errors replace" not in err


@pytest.mark.parametrize("case", [(c, f) for c in ("check", "score") for f in ("text", "json")],
                         ids="-".join)
def test_an_unreadable_file_among_several_is_reported_and_the_others_are_read(tmp_path: Path, src: Path, args,
                                                                               capsys, case: tuple[str, str]) -> None:
    """check and score stopped at the first file they could not read: the files after it were never
    looked at, and a JSON array (written at the end) lost every result. The file is reported, the others
    are read, and the exit code says an input failed."""
    command, fmt = case
    after = tmp_path / "after.txt"
    after.write_text(SPUN, encoding="utf-8")
    utf16 = tmp_path / "notepad.txt"
    utf16.write_bytes("\ufeffPersonal corporations informed Reuters.\n".encode("utf-16-le"))
    names = [str(src), str(tmp_path / "missing.txt"), str(utf16), str(after)]
    assert main([command, *names, "--format", fmt, *args]) == EXIT_ERROR
    captured = capsys.readouterr()
    assert f"{tmp_path / 'missing.txt'}: no such file" in captured.err and f"{utf16}:1: UTF-16" in captured.err
    assert str(src) in captured.out and str(after) in captured.out
    if fmt == "json":
        assert len({record["path"] for record in json.loads(captured.out)}) == 2


def test_binary_input_is_refused_or_replaced(tmp_path: Path, args, capsys) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)) * 4)
    assert main(["restore", str(blob), *args]) == EXIT_ERROR
    capsys.readouterr()
    assert main(["restore", str(blob), "--errors", "replace", "--format", "json", *args]) == EXIT_OK
    assert "\ufffd" in json.loads(capsys.readouterr().out)["text"]


def test_nul_bytes_pass_through(tmp_path: Path, args) -> None:
    src = tmp_path / "nul.txt"
    src.write_bytes(b"\x00Personal corporations\x00 rose zero.5\x00")
    out = tmp_path / "out.txt"
    assert main(["restore", str(src), "-o", str(out), *args]) == EXIT_OK
    assert out.read_bytes() == b"\x00Private companies\x00 rose 0.5\x00"


def test_output_equal_to_input_needs_in_place(tmp_path: Path, src: Path, args, capsys) -> None:
    assert main(["restore", str(src), "-o", str(src), *args]) == EXIT_ERROR
    assert "use --in-place" in capsys.readouterr().err
    link = tmp_path / "link.txt"
    link.symlink_to(src)
    assert main(["restore", str(src), "-o", str(link), *args]) == EXIT_ERROR
    hard = tmp_path / "hard.txt"
    os.link(src, hard)
    assert main(["restore", str(src), "-o", str(hard), *args]) == EXIT_ERROR
    assert src.read_text(encoding="utf-8") == SPUN
    assert main(["restore", "-", "--in-place", *args]) == EXIT_ERROR
    assert main(["restore", str(src), "--in-place", "-o", str(tmp_path / "x"), *args]) == EXIT_ERROR
    assert "--in-place needs a file input" in capsys.readouterr().err
    assert main(["restore", str(src), "--in-place", *args]) == EXIT_OK
    assert src.read_text(encoding="utf-8") == RESTORED
    assert leftovers(tmp_path) == []


def test_output_to_a_directory_or_missing_directory(tmp_path: Path, src: Path, args, capsys) -> None:
    assert main(["restore", str(src), "-o", str(tmp_path), *args]) == EXIT_ERROR
    assert f"{tmp_path}: is a directory" in capsys.readouterr().err
    missing = tmp_path / "no" / "such" / "dir.txt"
    assert main(["restore", str(src), "-o", str(missing), *args]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert f"{missing}: cannot write: No such file or directory" in err and ".tmp" not in err
    assert main(["check", str(src), "--html", str(tmp_path), *args]) == EXIT_ERROR
    assert leftovers(tmp_path) == [] and leftovers(tmp_path.parent) == []


class _FailingFile:
    """Stands in for the temporary file: writes half the content, then raises ``error``."""

    def __init__(self, fh, error: BaseException) -> None:
        self.fh = fh
        self.error = error

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()

    def write(self, content: str) -> int:
        self.fh.write(content[: len(content) // 2])
        self.fh.flush()
        raise self.error

    def flush(self) -> None:
        self.fh.flush()

    def fileno(self) -> int:
        return self.fh.fileno()


def _fail_writes(monkeypatch, error: BaseException) -> None:
    real_fdopen = os.fdopen

    def fdopen(fd: int, mode: str = "r", *a, **k):
        if "w" in mode:
            return _FailingFile(real_fdopen(fd, mode, *a, **k), error)
        return real_fdopen(fd, mode, *a, **k)

    monkeypatch.setattr(cli.os, "fdopen", fdopen)


@pytest.mark.parametrize("mode", ["in-place", "output"])
def test_disk_full_leaves_old_file_and_no_partial_file(monkeypatch, tmp_path: Path, *, src: Path, args, capsys,
                                                        mode: str) -> None:
    target = tmp_path / "out.txt"
    target.write_text(OLD, encoding="utf-8")
    _fail_writes(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    argv = ["restore", str(src), "--in-place"] if mode == "in-place" else ["restore", str(src), "-o", str(target)]
    assert main([*argv, *args]) == EXIT_ERROR
    err = capsys.readouterr().err
    shown = src if mode == "in-place" else target
    assert f"{shown}: cannot write: No space left on device" in err
    assert src.read_text(encoding="utf-8") == SPUN
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("mode", ["in-place", "output", "html"])
def test_ctrl_c_during_write_leaves_old_file(monkeypatch, tmp_path: Path, *, src: Path, args, capsys,
                                            mode: str) -> None:
    target = tmp_path / "out.txt"
    target.write_text(OLD, encoding="utf-8")
    _fail_writes(monkeypatch, KeyboardInterrupt())
    argv = {"in-place": ["restore", str(src), "--in-place"],
            "output": ["restore", str(src), "-o", str(target)],
            "html": ["check", str(src), "--html", str(target)]}[mode]
    assert main([*argv, *args]) == EXIT_INTERRUPTED
    assert "spinfix: interrupted" in capsys.readouterr().err
    assert src.read_text(encoding="utf-8") == SPUN
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_fsync_or_rename_failure_also_cleans_up(monkeypatch, tmp_path: Path, src: Path, args, capsys) -> None:
    def no_rename(a, b):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(cli.os, "replace", no_rename)
    assert main(["restore", str(src), "--in-place", *args]) == EXIT_ERROR
    assert "cannot write: Invalid cross-device link" in capsys.readouterr().err
    assert src.read_text(encoding="utf-8") == SPUN and leftovers(tmp_path) == []


def test_ctrl_c_while_restoring_is_130(monkeypatch, src: Path, args, capsys) -> None:
    def interrupted(self, text):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.Restorer, "restore_and_explain", interrupted)
    monkeypatch.setattr(cli.Restorer, "detect", interrupted)
    monkeypatch.setattr(cli.Restorer, "analyse", interrupted)  # what the CLI calls since issue 15
    assert main(["restore", str(src), *args]) == EXIT_INTERRUPTED
    assert main(["check", str(src), *args]) == EXIT_INTERRUPTED
    assert capsys.readouterr().err.count("spinfix: interrupted") == 2


def test_real_sigint_exits_130(small_table: Path) -> None:
    """A real Ctrl-C: the process waits on stdin when the signal arrives."""
    with sigint_for_children():
        proc = subprocess.Popen(
            [sys.executable, "-m", "spinfix", "restore", "-", "--table", str(small_table), "--no-default-tables",
             "--no-context"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
    try:
        # Some input, then wait until it is read: the process has started and now blocks on the rest.
        assert proc.stdin is not None
        proc.stdin.write(b"Some text. ")
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        while unread_bytes(proc.stdin.fileno()) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == EXIT_INTERRUPTED, err
    assert b"interrupted" in err and b"Traceback" not in err


def test_unexpected_exception_is_2_not_1(monkeypatch, src: Path, args, capsys) -> None:
    def bug(self, text):
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli.Restorer, "detect", bug)
    monkeypatch.setattr(cli.Restorer, "analyse", bug)
    assert main(["check", str(src), *args]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "RuntimeError: a bug" in err and "internal error" in err


def test_closed_stdin_is_a_clear_error(monkeypatch, args, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert main(["restore", "-", *args]) == EXIT_ERROR
    assert "-: no standard input" in capsys.readouterr().err


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_output_is_utf8_whatever_the_locale(tmp_path: Path, small_table: Path, encoding: str) -> None:
    src = tmp_path / "u.txt"
    src.write_bytes("Personal corporations in São Paulo — zero.5 % 😀\n".encode())
    env = {**os.environ, "PYTHONIOENCODING": encoding, "LC_ALL": "C"}
    proc = subprocess.run(
        [sys.executable, "-m", "spinfix", "restore", str(src), "--table", str(small_table), "--no-default-tables",
         "--no-context"], capture_output=True, env=env, check=False,
    )
    assert proc.returncode == EXIT_OK, proc.stderr
    assert proc.stdout == "Private companies in São Paulo — 0.5 % 😀\n".encode()


def test_broken_pipe_is_quiet(tmp_path: Path, small_table: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(SPUN * 20_000, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "spinfix", "restore", str(big), "--table", str(small_table), "--no-default-tables",
         "--no-context"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.read(10)
    proc.stdout.close()  # the reader goes away, like `| head -c 10`
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == EXIT_OK
    assert b"Traceback" not in err and b"BrokenPipeError" not in err


def test_bad_table_is_2_with_path_and_line(tmp_path: Path, src: Path, capsys) -> None:
    table = tmp_path / "t.tsv"
    table.write_bytes(b"#spinfix-table 1\nspun\toriginal\tconfidence\ttags\tsource\tcontext\nstated\tsaid\t7\t\tuser\n")
    assert main(["restore", str(src), "--table", str(table), "--no-default-tables"]) == EXIT_ERROR
    assert f"{table}:3: confidence '7' is outside (0, 1]" in capsys.readouterr().err
    assert main(["restore", str(src), "--table", str(tmp_path), "--no-default-tables"]) == EXIT_ERROR
    assert "is a directory" in capsys.readouterr().err


def test_check_lines_stay_one_line_per_finding(tmp_path: Path, args, capsys) -> None:
    """A phrase across a line break is one finding on one output line (CRLF inside a phrase never
    matches: the format doc says so)."""
    src = tmp_path / "breaks.txt"
    src.write_bytes(b"x personal\ncorporation y\rwall\x0bavenue\r\n")
    assert main(["check", str(src), *args]) == EXIT_FOUND
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{src}:1:3: table:news: personal corporation -> private company (")
    assert lines[1].startswith(f"{src}:2:15: table:news: wall avenue -> wall street (")


def test_line_index_matches_counting() -> None:
    text = "ab\ncd\r\n\nxyz\n"
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        assert index.line_col(offset) == (line, col)


def test_check_with_many_findings_is_not_quadratic(tmp_path: Path, args, capsys) -> None:
    """120,000 findings on 60,000 lines: counting the line breaks before each finding was quadratic."""
    src = tmp_path / "many.txt"
    src.write_text("zero.5 zero.5\n" * 60_000, encoding="utf-8")
    start = time.process_time()  # CPU time: a busy machine must not fail the test
    assert main(["check", str(src), "--format", "jsonl", *args]) == EXIT_FOUND
    elapsed = time.process_time() - start
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 120_000
    last = json.loads(out[-1])
    assert (last["line"], last["column"]) == (60_000, 8)
    assert elapsed < 30  # ~3 s; the quadratic count took minutes
