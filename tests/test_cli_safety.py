"""Issue 11, "Nothing lost, ever": no command-line output destroys data, whatever the output path is.

An output is never an input and two outputs are never one file; special files (FIFOs, character devices,
descriptor aliases) are written straight through, never replaced; symbolic links stay links, hard links
stay linked, mode and owner are kept; ``--in-place`` writes only restored text; failures name the path and
the errno's meaning and leave every output as it was. Every test runs the real command line on real files.
Tests run as root here; the ownership checks skip otherwise, and device nodes are made with ``mknod`` in
the test's own directory (never /dev itself), so a regression cannot damage the machine.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spinfix import scan
from spinfix.cli import EXIT_ERROR, EXIT_FOUND, EXIT_INTERRUPTED, EXIT_OK, main
from tests.conftest import RESTORED, SPUN, unread_bytes

OLD = "the old content, which must survive\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0




@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": SPUN}) + "\n" for i in range(3)), encoding="utf-8")
    return path


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def fifo_reader(path: Path) -> int:
    """A FIFO at ``path`` with its read end open (non-blocking open, so no thread is needed): the writer's
    open succeeds at once, and a replaced FIFO reads as empty instead of hanging the test."""
    os.mkfifo(path)
    return os.open(path, os.O_RDONLY | os.O_NONBLOCK)


def drain(fd: int) -> bytes:
    chunks = []
    try:
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    except BlockingIOError:
        pass
    finally:
        os.close(fd)
    return b"".join(chunks)


def char_device(path: Path, minor: int) -> Path:
    """A copy of /dev/null (minor 3) or /dev/full (minor 7) in the test directory."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, AttributeError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return path


# --- 1. an output is never an input; two outputs are never one file ------------------------------------------
@pytest.mark.parametrize("via", ["same", "symlink", "hardlink"])
def test_html_onto_input_refused(tmp_path: Path, src: Path, args, capsys, via: str) -> None:
    report = {"same": src, "symlink": tmp_path / "link.html", "hardlink": tmp_path / "hard.html"}[via]
    if via == "symlink":
        report.symlink_to(src)
    elif via == "hardlink":
        os.link(src, report)
    assert main(["check", str(src), "--html", str(report), *args]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert f"{report}: --html is also an input" in err
    assert src.read_text(encoding="utf-8") == SPUN and report.exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("flag", ["-o", "--rejects", "--summary-json"])
def test_scan_output_onto_input_refused(tmp_path: Path, corpus: Path, args, capsys, flag: str) -> None:
    hard = tmp_path / "hard.jsonl"
    os.link(corpus, hard)
    before = corpus.read_bytes()
    for target in (corpus, hard):
        assert main(["scan", str(corpus), flag, str(target), "-q", *args]) == EXIT_ERROR
        assert "is also an input" in capsys.readouterr().err
    assert corpus.read_bytes() == before


@pytest.mark.parametrize("via", ["same", "symlink", "hardlink"])
def test_two_outputs_one_file_refused(tmp_path: Path, corpus: Path, args, capsys, via: str) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(OLD, encoding="utf-8")
    other = {"same": out, "symlink": tmp_path / "link.json", "hardlink": tmp_path / "hard.json"}[via]
    if via == "symlink":
        other.symlink_to(out)
    elif via == "hardlink":
        os.link(out, other)
    rc = main(["scan", str(corpus), "-o", str(out), "--summary-json", str(other), "-q", *args])
    assert rc == EXIT_ERROR
    assert "-o and --summary-json are the same file" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == OLD and leftovers(tmp_path) == []


# --- 2. special files are written through, links kept, mode and owner kept -----------------------------------
def test_restore_to_fifo_writes_through(tmp_path: Path, src: Path, args) -> None:
    fifo = tmp_path / "pipe"
    fd = fifo_reader(fifo)
    assert main(["restore", str(src), "-o", str(fifo), *args]) == EXIT_OK
    assert drain(fd) == RESTORED.encode()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path) == []


def test_scan_to_fifo_writes_through(tmp_path: Path, corpus: Path, args) -> None:
    fifo = tmp_path / "pipe"
    fd = fifo_reader(fifo)
    assert main(["scan", str(corpus), "-o", str(fifo), "-q", *args]) == EXIT_OK
    assert [json.loads(line)["id"] for line in drain(fd).decode().splitlines()] == [0, 1, 2]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("command", ["restore", "check", "scan"])
def test_char_device_output_stays_a_device(tmp_path: Path, *, src: Path, corpus: Path, args, capsys,
                                           command: str) -> None:
    null = char_device(tmp_path / "null", 3)
    argv = {"restore": ["restore", str(src), "-o", str(null)],
            "check": ["check", str(src), "--html", str(null)],
            "scan": ["scan", str(corpus), "-o", str(null), "-q"]}[command]
    assert main([*argv, *args]) in (EXIT_OK, EXIT_FOUND)
    capsys.readouterr()
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert leftovers(tmp_path) == []


def test_output_through_symlink_keeps_the_link(tmp_path: Path, src: Path, args) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    target = real_dir / "out.txt"
    target.write_text(OLD, encoding="utf-8")
    link = tmp_path / "out-link.txt"
    link.symlink_to(target)
    assert main(["restore", str(src), "-o", str(link), *args]) == EXIT_OK
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == RESTORED
    assert leftovers(tmp_path) == [] and leftovers(real_dir) == []


def test_dev_stdout_style_alias_reaches_stdout(tmp_path: Path, src: Path, small_table: Path) -> None:
    """``-o /dev/stdout`` used to replace the link, and nothing reached stdout. A link in the test directory
    to the process's own descriptor 1 is the same case without touching /dev."""
    alias = tmp_path / "stdout"
    alias.symlink_to("/proc/self/fd/1")
    proc = subprocess.run([sys.executable, "-m", "spinfix", "restore", str(src), "-o", str(alias), "--table",
                           str(small_table), "--no-default-tables", "--no-context"],
                          capture_output=True, timeout=60, check=False)
    assert proc.returncode == EXIT_OK, proc.stderr
    assert proc.stdout == RESTORED.encode()
    assert alias.is_symlink() and leftovers(tmp_path) == []


@pytest.mark.skipif(not IS_ROOT, reason="giving a file to another owner needs root")
def test_replaced_output_keeps_mode_and_owner(tmp_path: Path, src: Path, args) -> None:
    out = tmp_path / "out.txt"
    out.write_text(OLD, encoding="utf-8")
    os.chmod(out, 0o640)
    os.chown(out, 1234, 2345)
    assert main(["restore", str(src), "-o", str(out), *args]) == EXIT_OK
    st = os.stat(out)
    assert (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid) == (0o640, 1234, 2345)
    assert out.read_text(encoding="utf-8") == RESTORED


# --- 3. --in-place writes restored text only -------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["diff", "json"])
def test_in_place_with_diff_or_json_writes_text_and_prints_the_rest(src: Path, args, capsys, fmt: str) -> None:
    assert main(["restore", str(src), "--in-place", "--format", fmt, *args]) == EXIT_OK
    assert src.read_text(encoding="utf-8") == RESTORED
    out = capsys.readouterr().out
    if fmt == "diff":
        assert out.startswith("--- ") and "\n-Shares rose zero.5 %.\n" in out and "\n+Shares rose 0.5 %.\n" in out
    else:
        assert json.loads(out)["text"] == RESTORED


# --- 4. --in-place through links ---------------------------------------------------------------------------------
def test_in_place_through_symlink_edits_the_target(tmp_path: Path, src: Path, args) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(src)
    assert main(["restore", str(link), "--in-place", *args]) == EXIT_OK
    assert link.is_symlink() and os.readlink(link) == str(src)
    assert src.read_text(encoding="utf-8") == RESTORED
    assert leftovers(tmp_path) == []


def test_in_place_keeps_hard_links(tmp_path: Path, src: Path, args) -> None:
    hard = tmp_path / "hard.txt"
    os.link(src, hard)
    inode = os.stat(src).st_ino
    assert main(["restore", str(src), "--in-place", *args]) == EXIT_OK
    assert os.stat(src).st_ino == inode and os.stat(src).st_nlink == 2
    assert hard.read_text(encoding="utf-8") == RESTORED == src.read_text(encoding="utf-8")
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(not IS_ROOT, reason="giving a file to another owner needs root")
def test_in_place_keeps_mode_and_owner(src: Path, args) -> None:
    os.chmod(src, 0o604)
    os.chown(src, 1234, 2345)
    assert main(["restore", str(src), "--in-place", *args]) == EXIT_OK
    st = os.stat(src)
    assert (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid) == (0o604, 1234, 2345)


# --- 5. scan errors: the target named, before the scan, no output replaced -----------------------------------
def test_scan_output_directory_fails_before_the_scan(tmp_path: Path, corpus: Path, args, capsys,
                                                     monkeypatch) -> None:
    calls: list[int] = []
    real = scan.process_batch

    def counted(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(scan, "process_batch", counted)
    out_dir = tmp_path / "outdir"
    out_dir.mkdir()
    assert main(["scan", str(corpus), "-o", str(out_dir), "-q", *args]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert f"{out_dir}: is a directory" in err and ".tmp" not in err
    assert calls == [] and leftovers(tmp_path) == []


def test_scan_error_names_the_target_and_strerror(tmp_path: Path, corpus: Path, args, capsys) -> None:
    missing = tmp_path / "no" / "rejects.jsonl"
    assert main(["scan", str(corpus), "--rejects", str(missing), "-q", *args]) == EXIT_ERROR
    assert f"{missing}: cannot write: No such file or directory" in capsys.readouterr().err


def test_failed_summary_leaves_the_output_untouched(tmp_path: Path, corpus: Path, args, capsys) -> None:
    full = char_device(tmp_path / "full", 7)  # /dev/full: every write fails with ENOSPC
    out = tmp_path / "out.jsonl"
    out.write_text(OLD, encoding="utf-8")
    assert main(["scan", str(corpus), "-o", str(out), "--summary-json", str(full), "-q", *args]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert f"{full}: cannot write: No space left on device" in err and ".tmp" not in err
    assert out.read_text(encoding="utf-8") == OLD
    assert stat.S_ISCHR(os.lstat(full).st_mode) and leftovers(tmp_path) == []


# --- 6. diffs patch applies, SIGTERM, stdin read once -------------------------------------------------------------
def _need_patch() -> str:
    found = shutil.which("patch")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("patch is not installed; CI=true, so the diff test must run (apt-get install patch)")
        pytest.skip("patch is not installed (apt-get install patch)")
    return found


@pytest.mark.parametrize("text", [
    "Personal corporations have an extended relationship.\nShares rose zero.5 %.",  # no final newline
    "Personal corporations have an extended relationship.\rShares rose zero.5 %.\r",  # old Mac line breaks
    "Personal corporations rose.\r\nMid\rline.\nShares rose zero.5 %.",  # mixed
], ids=["no-final-newline", "cr-only", "mixed"])
def test_diff_is_a_patch_that_applies(tmp_path: Path, args, capsys, text: str) -> None:
    patch = _need_patch()
    spun = tmp_path / "doc.txt"
    spun.write_bytes(text.encode())
    assert main(["restore", str(spun), *args]) == EXIT_OK
    restored = capsys.readouterr().out.encode()
    assert restored != text.encode()
    assert main(["restore", str(spun), "--format", "diff", *args]) == EXIT_OK
    diff = tmp_path / "doc.diff"
    diff.write_bytes(capsys.readouterr().out.encode())
    dry = subprocess.run([patch, "--dry-run", "-i", str(diff), str(spun)], capture_output=True, check=False)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    subprocess.run([patch, "-s", "-i", str(diff), str(spun)], check=True)
    assert spun.read_bytes() == restored


def test_sigterm_during_restore_exits_130_and_leaves_no_temp_file(tmp_path: Path, small_table: Path) -> None:
    fifo = tmp_path / "input"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR)  # kept open and never closed: the restore blocks reading its input
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "restored.txt"
    try:
        os.write(writer, (SPUN * 500).encode())  # under the pipe buffer: no blocking here
        proc = subprocess.Popen([sys.executable, "-m", "spinfix", "restore", str(fifo), "-o", str(out), "--table",
                                 str(small_table), "--no-default-tables", "--no-context"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            # Wait until it has read what was written (so it has started, set its signal handlers and now
            # blocks on the read): a fixed sleep was too short on a loaded machine, and a SIGTERM during
            # the import ends the process with the default action instead of exit code 130.
            deadline = time.monotonic() + 60
            while unread_bytes(writer) and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.05)
            assert proc.poll() is None and not unread_bytes(writer)
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=30)
        finally:
            proc.kill()
    finally:
        os.close(writer)
    assert proc.returncode == EXIT_INTERRUPTED, err
    assert b"interrupted" in err and b"Traceback" not in err
    assert not out.exists() and leftovers(out_dir) == []


def test_check_reads_stdin_once_or_refuses(small_table: Path) -> None:
    """``check - -`` is refused (exit 2): the second read used to see an empty stdin and report it clean."""
    proc = subprocess.run([sys.executable, "-m", "spinfix", "check", "-", "-", "--table", str(small_table),
                           "--no-default-tables", "--no-context"],
                          input=SPUN.encode(), capture_output=True, timeout=60, check=False)
    assert proc.returncode == EXIT_ERROR, proc.stdout
    assert b"-: stdin can be read only once" in proc.stderr and proc.stdout == b""
