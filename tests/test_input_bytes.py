"""``restore`` writes back the bytes it was given: a UTF-8 byte-order mark and bytes that are not UTF-8
(``--errors replace``) come out as they went in, only the edits change.

Until session 46 both were lost: the mark was dropped (``restore --in-place`` removed it from the
file), and under ``--errors replace`` every undecodable byte was written back as U+FFFD, so a Latin-1
"é" in the user's file became the three bytes of the replacement character for good. ``check``, diffs
and JSON still show each such byte as U+FFFD, one per byte, at the offsets the restorer used.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinfix import Config, Restorer
from spinfix.cli import EXIT_FOUND, EXIT_OK, main
from spinfix.inputs import read_source
from spinfix.records import Edit
from tests.conftest import SMALL_TABLE, write_table

BOM = b"\xef\xbb\xbf"
SPUN = "Personal corporations are beneath scrutiny"
RESTORED = "Private companies are beneath scrutiny"  # the small table has no row for "beneath"


def expected(data: bytes) -> bytes:
    """``data`` with the small table's one swap made, every other byte as it was."""
    return data.replace(SPUN.encode(), RESTORED.encode())


CASES = {
    "byte-order mark": BOM + f"{SPUN}.\r\nSecond line.\r\n".encode(),
    "latin-1 byte": f"Caf\xe9: {SPUN}.\n".encode("latin-1"),
    "mark and a cut character": BOM + f"{SPUN} \xe2\x82 and after.\n".encode("latin-1"),
    "binary junk around": bytes(range(128, 256)) + f"\n{SPUN}.\n".encode() + b"\xff\xfe\x00\xc0\x80",
    "encoded surrogate": b"\xed\xa0\x80 " + f"{SPUN}.".encode(),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_in_place_keeps_every_byte_outside_the_edits(tmp_path: Path, args, name: str) -> None:
    data = CASES[name]
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    assert main(["restore", str(path), "--errors", "replace", "--in-place", *args]) == EXIT_OK
    assert path.read_bytes() == expected(data) != data


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_file_and_stdout_keep_them_too(tmp_path: Path, args, capsysbinary, name: str) -> None:
    data = CASES[name]
    path, out = tmp_path / "doc.txt", tmp_path / "out.txt"
    path.write_bytes(data)
    assert main(["restore", str(path), "--errors", "replace", "-o", str(out), *args]) == EXIT_OK
    assert out.read_bytes() == expected(data)
    assert main(["restore", str(path), "--errors", "replace", *args]) == EXIT_OK
    assert capsysbinary.readouterr().out == expected(data)


def test_the_mark_alone_needs_no_errors_flag(tmp_path: Path, args) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(CASES["byte-order mark"])
    assert main(["restore", str(path), "--in-place", *args]) == EXIT_OK
    assert path.read_bytes() == expected(CASES["byte-order mark"])


def test_shown_text_has_one_replacement_per_byte_at_the_restorers_offsets(tmp_path: Path, args, capsys) -> None:
    data = CASES["mark and a cut character"]
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    assert main(["restore", str(path), "--errors", "replace", "--format", "json", *args]) == EXIT_OK
    shown = json.loads(capsys.readouterr().out)
    assert not shown["text"].startswith("\ufeff")  # offsets count from the first character an editor shows
    assert f"{RESTORED} \ufffd\ufffd and after" in shown["text"]  # the cut character's two bytes, two marks
    (edit,) = shown["edits"]
    assert shown["text"][edit["start"]:edit["start"] + len(edit["new"])] == edit["new"]
    assert main(["check", str(path), "--errors", "replace", "--format", "json", *args]) == EXIT_FOUND
    (finding,) = json.loads(capsys.readouterr().out)
    assert (finding["start"], finding["column"], finding["spun"]) == (0, 1, "Personal corporations")


def test_strict_reading_still_refuses(tmp_path: Path, args, capsys) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(CASES["latin-1 byte"])
    assert main(["restore", str(path), "--in-place", *args]) == 2
    assert "not UTF-8" in capsys.readouterr().err
    assert path.read_bytes() == CASES["latin-1 byte"]


def test_read_source_offsets_match_between_shown_and_escaped(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(BOM + b"a\xe2\x82b\xffc")
    source = read_source(str(path), "replace")
    assert source.bom == BOM and source.text == "a\ufffd\ufffdb\ufffdc"
    assert source.escaped is not None and len(source.escaped) == len(source.text)
    edit = Edit(start=3, end=4, old="b", new="B")
    assert source.restored_bytes([edit]) == BOM + b"a\xe2\x82B\xffc"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), st.booleans())
def test_no_edits_give_the_same_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes, bom: bool) -> None:
    path = tmp_path_factory.mktemp("bytes") / "doc.bin"
    path.write_bytes((BOM if bom else b"") + data)
    source = read_source(str(path), "replace")
    assert source.restored_bytes([]) == path.read_bytes()
    assert len(source.text) == len(source.escaped or source.text)
    assert "\ufeff" not in source.text[:1] or data.startswith(BOM)  # only a second mark is text


@pytest.fixture(scope="module")
def small_restorer(tmp_path_factory: pytest.TempPathFactory) -> Restorer:
    path = write_table(tmp_path_factory.mktemp("table"), SMALL_TABLE)
    return Restorer(Config(tables=(str(path),), default_tables=False, context=False, generalize=False))


def _escapes(text: str) -> str:
    """The undecodable bytes of a ``surrogateescape`` text, in order."""
    return "".join(c for c in text if "\udc80" <= c <= "\udcff")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=12), st.just(SPUN.encode())), max_size=8), st.booleans())
def test_edits_land_among_any_bytes(tmp_path_factory: pytest.TempPathFactory, small_restorer: Restorer,
                                    parts: list[bytes], bom: bool) -> None:
    """Whatever bytes surround the spun phrase, the written restoration reads back as the restorer's text,
    keeps the mark and every undecodable byte in order, and differs in length only by the edits."""
    data = (BOM if bom else b"") + b" ".join(parts)
    folder = tmp_path_factory.mktemp("bytes")
    (folder / "in.bin").write_bytes(data)
    source = read_source(str(folder / "in.bin"), "replace")
    analysis = small_restorer.analyse(source.text)
    assert all("\ufffd" not in e.old for e in analysis.edits)  # the table's words hold no undecodable byte
    written = source.restored_bytes(analysis.edits)
    (folder / "out.bin").write_bytes(written)
    again = read_source(str(folder / "out.bin"), "replace")
    assert again.text == analysis.text and again.bom == source.bom
    assert _escapes(again.escaped or "") == _escapes(source.escaped or "")
    assert len(written) - len(data) == sum(len(e.new.encode()) - len(e.old.encode()) for e in analysis.edits)
