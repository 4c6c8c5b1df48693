"""Issue 11 items 7, 8 and 10: the loader checks inflected forms for growth, chains and cycles; refuses
special files without blocking or reading them forever; refuses a tag given twice."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from spinfix import Config, PhraseTableError, Restorer
from spinfix import table as table_module
from spinfix.table import merge_tables, parse_table, read_table

from .conftest import HEADER


def load(body: str, name: str = "t.tsv") -> list:
    return merge_tables([parse_table(HEADER + body, name)])


def refused_rows(body: str, line: int, *parts: str) -> str:
    with pytest.raises(PhraseTableError) as err:
        load(body)
    assert err.value.path == "t.tsv" and err.value.line == line, str(err.value)
    for part in parts:
        assert part in err.value.reason, err.value.reason
    return err.value.reason


# --- item 7: inflected forms ----------------------------------------------------------------------------
def test_inflected_growth_is_refused() -> None:
    """As written "corporations group" does not hold "corporation"; the plural form restores
    "corporations" to "corporations groups", which does: it grew on every run."""
    refused_rows("corporation\tcorporations group\t0.9\tdomain=news,pos=noun\tuser\n", 3,
                 "'corporations' (plural of 'corporation')", "'corporations groups'", "every run")


def test_chain_through_an_inflected_form_is_refused() -> None:
    body = ("cat\tdog\t0.9\tpos=noun\tuser\ndogs\twolf\t0.9\t\tuser\nwolf\tfox\t0.9\t\tuser\n"
            "fox\tbear\t0.9\t\tuser\n")
    refused_rows(body, 6, "chain of 4 restorations", "'cats' (plural of 'cat') -> 'dogs' -> 'wolf' -> 'fox'")
    assert len(load(body.replace("dogs\t", "hounds\t"))) == 4  # the same rows without the plural link load


def test_cycle_through_an_inflected_form_is_refused() -> None:
    """Before, detect said restore and restore did nothing (cats -> dogs -> cats)."""
    refused_rows("cat\tdog\t0.9\tpos=noun\tuser\ndogs\tcats\t0.9\t\tuser\n", 4,
                 "cycle: 'cats' (plural of 'cat') -> 'dogs' -> 'cats'", "(with t.tsv:3)")


def test_inflected_verb_cycle_is_refused() -> None:
    refused_rows("inform\ttell\t0.9\tpos=verb\tuser\ntold\tinformed\t0.9\t\tuser\n", 4,
                 "'informed' (past tense of 'inform') -> 'told' -> 'informed'")


def test_inflected_checks_across_files(tmp_path: Path) -> None:
    a = tmp_path / "a.tsv"
    b = tmp_path / "b.tsv"
    a.write_text(HEADER + "cat\tdog\t0.9\tpos=noun\tuser\n", encoding="utf-8")
    b.write_text(HEADER + "dogs\tcats\t0.9\t\tuser\n", encoding="utf-8")
    with pytest.raises(PhraseTableError, match=rf"^{b}:3: cycle: .*\(with {a}:3\)"):
        Restorer(Config(tables=(str(a), str(b)), default_tables=False, context=False, generalize=False))


# --- item 8: special files ------------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    """Opening a FIFO for reading blocks until a writer comes; it used to hang --table forever. Run in a
    child process with a timeout, so a regression fails instead of hanging the suite."""
    fifo = tmp_path / "fifo.tsv"
    os.mkfifo(fifo)
    code = textwrap.dedent(f"""
        from spinfix import PhraseTableError
        from spinfix.table import read_table
        try:
            read_table({str(fifo)!r})
        except PhraseTableError as exc:
            print(exc)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         check=False)
    assert out.stdout.strip() == f"{fifo}: not a regular file", out.stderr
    cli = subprocess.run([sys.executable, "-m", "spinfix", "restore", "--table", str(fifo), "-"],
                         input="x", capture_output=True, text=True, timeout=60, check=False)
    assert cli.returncode == 2 and f"{fifo}: not a regular file" in cli.stderr


@pytest.mark.skipif(not Path("/proc/self/maps").is_file(), reason="no /proc")
def test_bytes_read_are_capped_whatever_the_size_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """/proc files are regular but report size 0: the size check passes, so the read itself must stop at
    the cap (+1 byte, to know it was exceeded)."""
    monkeypatch.setattr(table_module, "MAX_FILE_BYTES", 100)
    sizes: list[int] = []
    real = os.fdopen

    def spy(fd: int, mode: str = "r", *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        fh = real(fd, mode, *args, **kwargs)  # type: ignore[call-overload]
        read = fh.read
        fh.read = lambda n=-1: sizes.append(n) or read(n)  # type: ignore[method-assign]
        return fh

    monkeypatch.setattr(table_module.os, "fdopen", spy)
    with pytest.raises(PhraseTableError, match=r"^/proc/self/maps: file has more than the 100 bytes allowed$"):
        read_table("/proc/self/maps")
    assert sizes == [101]


# --- item 10: a tag given twice ---------------------------------------------------------------------------
@pytest.mark.parametrize("tags", ["domain=news,domain=science", "kind=word,pos=noun,kind=phrase",
                                  "pos=noun,pos=noun", "detect-only,domain=news,detect-only"])
def test_a_tag_given_twice_is_an_error(tags: str) -> None:
    with pytest.raises(PhraseTableError, match=r"^t.tsv:3: tag '\w+(-\w+)?' is given more than once"):
        parse_table(HEADER + f"stated\tsaid\t0.5\t{tags}\tuser\n", "t.tsv")
