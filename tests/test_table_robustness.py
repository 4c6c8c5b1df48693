"""Issue 6, part 3: a table file is data, never code, and every bad file is refused with ``path[:line]: why``.

tests/test_table.py covers the row rules; this file covers whole files that are not tables at all
(empty, binary, UTF-16, CR-only, a directory, unreadable), absurd sizes (row count, file size, line
length, via lowered limits and generated files), cycles longer than two rows, and slow-to-parse fields.
"""

from __future__ import annotations

import errno
import itertools
import os
import time
from pathlib import Path

import pytest

from spinfix import Config, PhraseTableError, Restorer
from spinfix import table as table_module
from spinfix.loading import gc_paused
from spinfix.table import compile_rows, find_word_cycles, merge_tables, parse_table, read_table

from .conftest import HEADER

ROW = "stated\tsaid\t0.2\tdomain=news\tobserved\n"


def refused(path: Path, *, line: int | None, match: str) -> PhraseTableError:
    with pytest.raises(PhraseTableError) as err:
        read_table(path)
    assert err.value.path == str(path) and err.value.line == line, str(err.value)
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    assert str(err.value).startswith(where), str(err.value)
    assert match in err.value.reason, err.value.reason
    assert len(str(err.value)) < 400, "an error message must not repeat the file"
    return err.value


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.tsv"
    path.write_bytes(b"")
    refused(path, line=1, match="not a spinfix table")


def test_whitespace_only_and_bom_only(tmp_path: Path) -> None:
    path = tmp_path / "blank.tsv"
    path.write_bytes(b"\n\n  \t\n")
    refused(path, line=1, match="not a spinfix table")
    path.write_bytes(b"\xef\xbb\xbf")
    refused(path, line=1, match="not a spinfix table")


def test_header_only_has_no_column_line(tmp_path: Path) -> None:
    path = tmp_path / "h.tsv"
    path.write_text("#spinfix-table 1\n", encoding="utf-8")
    refused(path, line=None, match="no column header")
    path.write_text(HEADER, encoding="utf-8")
    assert read_table(path) == []  # a header and no rows is a valid, empty table


@pytest.mark.parametrize("blob", [bytes(range(256)), b"\x89PNG\r\n\x1a\n" + bytes(200), b"\x00" * 64,
                                  b"PK\x03\x04" + os.urandom(64)], ids=["all-bytes", "png", "nul", "zip"])
def test_binary_file(tmp_path: Path, blob: bytes) -> None:
    path = tmp_path / "blob.tsv"
    path.write_bytes(blob)
    with pytest.raises(PhraseTableError) as err:
        read_table(path)
    assert str(err.value).startswith(f"{path}:")
    assert "invalid UTF-8" in err.value.reason or "not a spinfix table" in err.value.reason


def test_binary_after_a_valid_header_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "half.tsv"
    path.write_bytes(HEADER.encode() + ROW.encode() + b"\n\xff\xfe\x00garbage\n")
    refused(path, line=5, match="invalid UTF-8 (byte")


def test_nul_inside_a_row_is_not_a_word(tmp_path: Path) -> None:
    path = tmp_path / "nul.tsv"
    path.write_bytes(HEADER.encode() + b"sta\x00ted\tsaid\t0.2\t\tobserved\n")
    refused(path, line=3, match="is not a word")


def test_utf16_file_says_save_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "u16.tsv"
    path.write_bytes((HEADER + ROW).encode("utf-16"))
    refused(path, line=1, match="save it as UTF-8")


def test_cr_only_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "mac.tsv"
    path.write_bytes((HEADER + ROW * 5_000).replace("\n", "\r").encode())
    refused(path, line=1, match="CR only")


def test_unknown_version_message_is_short(tmp_path: Path) -> None:
    path = tmp_path / "v.tsv"
    path.write_text("#spinfix-table 2" + " x" * 50_000 + "\n" + HEADER[17:], encoding="utf-8")
    refused(path, line=1, match="unsupported format version")


@pytest.mark.parametrize("header", ["#spinfix-table 2", "#spinfix-table 1.0", "#spinfix-table", "#spinfix-table 01",
                                    "#spinfix-table one"])
def test_unknown_versions(tmp_path: Path, header: str) -> None:
    path = tmp_path / "v.tsv"
    path.write_text(header + "\n" + HEADER.split("\n", 1)[1] + ROW, encoding="utf-8")
    refused(path, line=1, match="unsupported format version")


def test_bom_crlf_and_trailing_whitespace_accepted(tmp_path: Path) -> None:
    path = tmp_path / "ok.tsv"
    path.write_bytes(("\ufeff#spinfix-table 1  \r\n" + HEADER.split("\n", 1)[1] + ROW).replace("\n", "\r\n").encode())
    assert [r.spun for r in read_table(path)] == ["stated"]


def test_a_directory(tmp_path: Path) -> None:
    refused(tmp_path, line=None, match="is a directory")
    with pytest.raises(PhraseTableError, match="is a directory"):
        Restorer(Config(tables=(str(tmp_path),), default_tables=False))  # when built, not at restore


def test_missing_and_unreadable(tmp_path: Path, monkeypatch) -> None:
    refused(tmp_path / "missing.tsv", line=None, match="cannot read table: No such file")
    path = tmp_path / "secret.tsv"
    path.write_text(HEADER + ROW, encoding="utf-8")
    real = os.open

    def denied(file: object, *args: object, **kwargs: object) -> int:  # tests run as root: simulate it
        if Path(str(file)) == path:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(table_module.os, "open", denied)
    refused(path, line=None, match="cannot read table: Permission denied")


def test_a_device_is_not_read(tmp_path: Path) -> None:
    """/dev/null reads as an empty file and /dev/zero never ends: refused as not regular files, unread
    (issue 11 item 8; /dev/zero used to read until memory ran out)."""
    for device in ("/dev/null", "/dev/zero"):
        if not Path(device).exists():
            pytest.skip(f"no {device}")
        refused(Path(device), line=None, match="not a regular file")


def test_absurd_row_count(tmp_path: Path, monkeypatch) -> None:
    """A generated file one row over the limit (lowered to keep the test fast; the check is the same)."""
    monkeypatch.setattr(table_module, "MAX_ROWS", 2_000)
    path = tmp_path / "many.tsv"
    rows = "".join(f"w{i}x\tw{i}y\t0.5\t\tgenerated\n" for i in range(2_001))
    path.write_text(HEADER + rows, encoding="utf-8")
    refused(path, line=2 + 2_001, match="more than 2000 rows")
    path.write_text(HEADER + "".join(f"w{i}x\tw{i}y\t0.5\t\tgenerated\n" for i in range(2_000)), encoding="utf-8")
    assert len(read_table(path)) == 2_000


def test_absurd_file_size_is_refused_before_reading(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(table_module, "MAX_FILE_BYTES", 1_000)
    path = tmp_path / "big.tsv"
    with path.open("wb") as fh:  # sparse: large on paper, nothing to read
        fh.truncate(50 * 1024 * 1024)
    real = os.open

    def never(file: object, *args: object, **kwargs: object) -> int:
        if Path(str(file)) == path:
            raise AssertionError("the file was opened although it is too large")
        return real(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(table_module.os, "open", never)
    refused(path, line=None, match="more than the 1000 allowed")
    with pytest.raises(PhraseTableError, match="more than the 1000 allowed"):
        parse_table(b"#" * 1_001, "bytes.tsv")


def test_absurd_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "long.tsv"
    path.write_text(HEADER + "a" * 10_001 + "\tb\t0.5\t\tx\n", encoding="utf-8")
    refused(path, line=3, match="line is 10010 characters long, more than 10000")
    path.write_text(HEADER + ("a  " * 3_300) + "b\tb\t0.5\t\tx\n", encoding="utf-8")
    refused(path, line=3, match="single spaces")


def test_slow_fields_parse_in_linear_time(tmp_path: Path) -> None:
    """Fields that fail the word pattern at their very end: possessive quantifiers, no backtracking."""
    fields = ["a " * 4_999 + "!", "a." * 4_999 + "!", "a-" * 4_999 + "-", "ab" * 4_999 + "!"]
    body = HEADER + "".join(f"{f}\tb\t0.5\t\tx\n" for f in fields * 100)
    with gc_paused():  # see test_many_valid_rows_load_quickly
        start = time.process_time()
        with pytest.raises(PhraseTableError):
            parse_table(body, "slow.tsv")
        for f in fields:
            with pytest.raises(PhraseTableError):
                parse_table(HEADER + f"{f}\tb\t0.5\t\tx\n", "slow.tsv")
            with pytest.raises(PhraseTableError):
                parse_table(HEADER + f"b\t{f}\t0.5\t\tx\n", "slow.tsv")
        assert time.process_time() - start < 2.0


def test_many_valid_rows_load_quickly(tmp_path: Path) -> None:
    """50,000 rows read in linear time (about 2 s of CPU; a quadratic step would take minutes).

    CPU time with the cyclic collector paused, not wall time: on two cores shared with a fresh-clone CI
    run, the README check and a fuzzer, the wall clock gave 10.5 s (session 43), and in a test worker
    that has been through much of the suite a full collection of its heap alone takes seconds."""
    path = tmp_path / "big.tsv"
    path.write_text(HEADER + "".join(f"spun{i} form\torig{i} form\t0.5\tdomain=news,pos=noun\tgen\n"
                                     for i in range(50_000)), encoding="utf-8")
    with gc_paused():
        start = time.process_time()
        rows = read_table(path)
        elapsed = time.process_time() - start
    assert len(rows) == 50_000 and rows[-1].line == 50_002
    assert elapsed < 10


def test_table_text_is_never_evaluated(tmp_path: Path) -> None:
    """Python, shell and format strings in a row are just characters: refused as non-words, never run."""
    marker = tmp_path / "pwned"
    for payload in (f"__import__('os').system('touch {marker}')", f"$(touch {marker})", "{0.__class__}",
                    "%s%s%s%n", "${jndi:ldap://x}"):
        path = tmp_path / "evil.tsv"
        path.write_text(HEADER + f"{payload}\tsaid\t0.5\t\tobserved\n", encoding="utf-8")
        with pytest.raises(PhraseTableError):
            read_table(path)
        path.write_text(HEADER + f"stated\tsaid\t0.5\t\t{payload}\n", encoding="utf-8")
        with pytest.raises(PhraseTableError):
            read_table(path)
    assert not marker.exists()


def test_conflicting_duplicates_across_three_files() -> None:
    a = parse_table(HEADER + "stated\tsaid\t0.2\t\tobserved\n", "a.tsv")
    b = parse_table(HEADER + "stated\tsaid\t0.4\t\tuser\n", "b.tsv")
    c = parse_table(HEADER + "stated\tclaimed\t0.3\t\tuser\n", "c.tsv")
    assert merge_tables([a, b])[0].confidence == 0.4
    with pytest.raises(PhraseTableError, match=r"^c.tsv:3: spun form 'stated' maps to claimed here but to said in b"):
        merge_tables([a, b, c])


def test_cycles_of_any_length() -> None:
    a = parse_table(HEADER + "alpha\tbeta\t0.5\t\tu\nbeta\tgamma\t0.5\t\tu\n", "a.tsv")
    b = parse_table(HEADER + "gamma\tdelta | alpha\t0.5\t\tu\n", "b.tsv")
    expected = r"^b.tsv:3: cycle: 'alpha' -> 'beta' -> 'gamma' -> 'alpha' \(with a.tsv:3, a.tsv:4\)"
    with pytest.raises(PhraseTableError, match=expected):
        merge_tables([a, b])
    chain = parse_table(HEADER + "alpha\tbeta\t0.5\t\tu\nbeta\tgamma\t0.5\t\tu\n", "c.tsv")
    assert len(merge_tables([chain])) == 2  # a chain is not a cycle
    with pytest.raises(PhraseTableError, match="cycle"):
        merge_tables([parse_table(HEADER + "one\ttwo\t0.5\t\tu\ntwo\tone\t0.5\t\tu\n", "d.tsv")])


def test_chains_longer_than_restore_settles_are_refused(tmp_path: Path) -> None:
    """Three restorations in a row settle within restore's passes (and a second run changes nothing);
    a fourth would leave a spun form for the next run, so the loader names the rows instead."""
    words = ["zqalpha", "zqbeta", "zqgamma", "zqdelta", "zqepsilon"]
    rows = [f"{a}\t{b}\t0.9\t\tu\n" for a, b in itertools.pairwise(words)]
    table = parse_table(HEADER + "".join(rows[:3]), "ok.tsv")
    assert len(merge_tables([table])) == 3
    path = tmp_path / "ok.tsv"
    path.write_text(HEADER + "".join(rows[:3]), encoding="utf-8")
    restorer = Restorer(Config(context=False, generalize=False, default_tables=False, tables=(str(path),)))
    once = restorer.restore("a zqalpha b")
    assert once == "a zqdelta b" and restorer.restore(once) == once
    expected = (r"^long.tsv:6: chain of 4 restorations: 'zqalpha' -> 'zqbeta' -> 'zqgamma' -> 'zqdelta' "
                r"\(with long.tsv:3, long.tsv:4, long.tsv:5\)")
    with pytest.raises(PhraseTableError, match=expected):
        merge_tables([parse_table(HEADER + "".join(rows), "long.tsv")])
    # Through a phrase: restoring "zqa" writes "zqb two", which holds the spun form "zqb".
    phrases = HEADER + "zqa\tzqb two\t0.9\t\tu\nzqb\tzqc\t0.9\t\tu\nzqc\tzqd\t0.9\t\tu\nzqd\tzqe\t0.9\t\tu\n"
    with pytest.raises(PhraseTableError, match="chain of 4 restorations: 'zqa' -> 'zqb'"):
        merge_tables([parse_table(phrases, "p.tsv")])


def test_long_chain_does_not_recurse(tmp_path: Path) -> None:
    """A 20,000-row chain (w0 -> w1 -> … ) and a cycle closing it: no RecursionError either way."""
    body = HEADER + "".join(f"w{i}\tw{i + 1}\t0.5\t\tu\n" for i in range(20_000))
    with pytest.raises(PhraseTableError, match="chain of 4 restorations"):
        merge_tables([parse_table(body, "chain.tsv")])
    with pytest.raises(PhraseTableError, match="cycle"):
        merge_tables([parse_table(body + "w20000\tw0\t0.5\t\tu\n", "loop.tsv")])


def test_shipped_tables_have_no_cycles() -> None:
    assert len(Restorer(Config(context=False, generalize=False)).table.rows) > 1000


def test_word_cycles_are_found() -> None:
    rows = parse_table(HEADER + "heat move\theat transfer\t0.9\tdomain=science,pos=noun\tpps\n"
                       "transfer\tmove\t0.2\tdomain=news\tobserved\n"
                       "profound learning\tdeep learning\t0.9\tdomain=science\tpps\n", "w.tsv")
    table = compile_rows(rows, domains=frozenset({"news", "science"}), disabled=frozenset())
    cycles = find_word_cycles(table)
    assert [(c.outer.pattern, c.inner.pattern) for c in cycles] == [("heat move", "transfer")]
    assert str(cycles[0]) == ("w.tsv:3: 'heat move' -> 'heat transfer' contains 'transfer', which w.tsv:4 "
                              "restores to 'move', giving 'heat move' back")


def test_shipped_tables_have_no_word_cycles() -> None:
    table = Restorer(Config(context=False, generalize=False)).table
    assert [str(c) for c in find_word_cycles(table)] == []


@pytest.mark.parametrize(("spun", "original"), [("a", "a year"), ("stated", "he stated"), ("corporation",
                                                 "the corporation's firm"), ("x y", "w x y z")])
def test_original_containing_its_spun_form_is_refused(spun: str, original: str) -> None:
    """Found by the fuzzer: such a row rewrites its own output on every run ("a year year year …")."""
    with pytest.raises(PhraseTableError, match=r"^t.tsv:3: original .* contains the spun form"):
        parse_table(HEADER + f"{spun}\t{original}\t0.5\t\tuser\n", "t.tsv")


@pytest.mark.parametrize(("spun", "original"), [("fi", "wi-fi"), ("year", "yearly"), ("a", "an"), ("yr", "a year")])
def test_original_containing_the_letters_only_is_fine(spun: str, original: str) -> None:
    assert parse_table(HEADER + f"{spun}\t{original}\t0.5\t\tuser\n", "t.tsv")[0].originals == (original,)


def test_cycle_through_an_original_that_holds_a_spun_form() -> None:
    """Found by the fuzzer: 'a -> said' and 'said -> a year' grow the text on every run."""
    rows = parse_table(HEADER + "a\tsaid\t0.5\t\tu\nsaid\ta year\t0.5\t\tu\n", "t.tsv")
    with pytest.raises(PhraseTableError, match=r"^t.tsv:4: cycle: 'a' -> 'said' -> 'a' \(with t.tsv:3\); "
                                               r"restoring never settles: 'a year' holds 'a'"):
        merge_tables([rows])
    chain = parse_table(HEADER + "a\tsaid\t0.5\t\tu\nsaid\tthe year\t0.5\t\tu\n", "t.tsv")
    assert len(merge_tables([chain])) == 2
