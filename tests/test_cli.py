"""The command line: output, linter lines, exit codes, refusal to clobber, clear errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from spinfix.cli import main

SPUN = "Personal corporations have an extended relationship.\nShares rose zero.5 %.\n"


@pytest.fixture
def args(small_table: Path) -> list[str]:
    return ["--table", str(small_table), "--no-default-tables", "--no-context"]


def test_restore_stdout(tmp_path: Path, args, capsys) -> None:
    src = tmp_path / "in.txt"
    src.write_text(SPUN, encoding="utf-8")
    assert main(["restore", str(src), *args]) == 0
    assert capsys.readouterr().out == "Private companies have a long relationship.\nShares rose 0.5 %.\n"


def test_restore_output_file_and_in_place(tmp_path: Path, args) -> None:
    src = tmp_path / "in.txt"
    src.write_text(SPUN, encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["restore", str(src), "-o", str(out), *args]) == 0
    assert out.read_text(encoding="utf-8").startswith("Private companies")
    assert src.read_text(encoding="utf-8") == SPUN
    assert main(["restore", str(src), "-o", str(src), *args]) == 2  # refuses to clobber its input
    assert src.read_text(encoding="utf-8") == SPUN
    assert main(["restore", str(src), "--in-place", *args]) == 0
    assert src.read_text(encoding="utf-8").startswith("Private companies")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_crlf_bytes_preserved(tmp_path: Path, args) -> None:
    src = tmp_path / "win.txt"
    src.write_bytes(SPUN.replace("\n", "\r\n").encode())
    out = tmp_path / "o.txt"
    assert main(["restore", str(src), "-o", str(out), *args]) == 0
    assert out.read_bytes() == b"Private companies have a long relationship.\r\nShares rose 0.5 %.\r\n"


def test_json_and_diff_formats(tmp_path: Path, args, capsys) -> None:
    src = tmp_path / "in.txt"
    src.write_text(SPUN, encoding="utf-8")
    assert main(["restore", str(src), "--format", "json", *args]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["text"].startswith("Private companies")
    assert {e["old"] for e in data["edits"]} >= {"Personal corporations", "zero"}
    assert main(["restore", str(src), "--format", "diff", *args]) == 0
    diff = capsys.readouterr().out
    assert "-Personal corporations" in diff and "+Private companies" in diff


def test_check_lines_and_exit_codes(tmp_path: Path, args, capsys) -> None:
    src = tmp_path / "in.txt"
    src.write_text(SPUN, encoding="utf-8")
    assert main(["check", str(src), *args]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(rf"{re.escape(str(src))}:1:1: table:news: Personal corporations -> Private companies "
                        r"\(0\.\d\d\)", lines[0])
    assert any(line.startswith(f"{src}:2:13: rule:number: zero -> 0") for line in lines)
    clean = tmp_path / "clean.txt"
    clean.write_text("Private companies have a long relationship.\n", encoding="utf-8")
    assert main(["check", str(clean), *args]) == 0
    assert main(["check", str(src), "--format", "jsonl", *args]) == 1  # what --format json wrote before
    rec = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (rec["line"], rec["column"], rec["restored"]) == (1, 1, "Private companies")
    assert main(["check", str(src), "--format", "json", *args]) == 1  # now one JSON array
    records = json.loads(capsys.readouterr().out)
    assert records[0] == rec


def test_errors_are_exit_2(tmp_path: Path, args, capsys) -> None:
    assert main(["check", str(tmp_path / "missing.txt"), *args]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["check", str(tmp_path), *args]) == 2
    assert "is a directory" in capsys.readouterr().err
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\nbad \xff byte\n")
    assert main(["restore", str(bad), *args]) == 2
    assert f"{bad}:2: not UTF-8" in capsys.readouterr().err
    assert main(["restore", str(bad), "--errors", "replace", "--format", "json", *args]) == 0
    assert "bad \ufffd byte" in capsys.readouterr().out
    assert main(["restore", "--threshold", "7", str(bad), *args]) == 2
    assert main(["frobnicate"]) == 2
    table = tmp_path / "t.tsv"
    table.write_text("#spinfix-table 1\nspun\toriginal\tconfidence\ttags\tsource\tcontext\nx\n")
    assert main(["check", str(tmp_path / "missing.txt"), "--table", str(table), "--no-default-tables"]) == 2
    assert f"{table}:3: expected 5 or 6" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path: Path, args, capsys) -> None:
    src = tmp_path / "secret.txt"
    src.write_text("x")
    src.chmod(0)
    assert main(["check", str(src), *args]) == 2
    assert "permission denied" in capsys.readouterr().err


def test_python_dash_m_and_stdin(small_table: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "spinfix", "restore", "-", "--table", str(small_table), "--no-default-tables",
         "--no-context"],
        input=SPUN.encode(), capture_output=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().startswith("Private companies")


def test_score_command(tmp_path: Path, args, capsys) -> None:
    src = tmp_path / "in.txt"
    src.write_text(SPUN, encoding="utf-8")
    assert main(["score", str(src), "--format", "json", *args]) == 0
    [rec] = json.loads(capsys.readouterr().out)
    assert rec["verdict"] in ("clean", "suspicious", "spun") and 0 <= rec["score"] <= 1
