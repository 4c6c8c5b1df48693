"""Issue 11, "Nothing lost, ever": ``spinfix scan`` never drops or alters a record it can read.

End to end through ``spinfix.cli.main(["scan", ...])`` with real files: a record that cannot be parsed is
one bad record and the run goes on; a damaged ``.gz`` gives back every record that can be decoded and is
reported once; fields spinfix does not compute come out byte for byte as they came in.
"""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

import pytest

from spinfix.cli import main
from tests.conftest import json_records, run_scan

SPUN = "Personal corporations have an extended relationship with wall avenue. It is a necessary problem."
DEEP = 100_000


@pytest.fixture
def flags(small_table: Path) -> list[str]:
    return ["--table", str(small_table), "--no-default-tables", "--no-context", "-q"]




def corpus_lines(n: int, start: int = 0) -> list[bytes]:
    return [json.dumps({"id": i, "text": f"{SPUN} Record {i}."}).encode() + b"\n" for i in range(start, start + n)]


def ids(recs: list[dict]) -> list[int]:
    return [r["id"] for r in recs if "spinfix_error" not in r]


# --- 1. a record that cannot be parsed -------------------------------------------------------------------------
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_deeply_nested_record(tmp_path, flags, capsys, jobs) -> None:
    """100,000 nested arrays exhaust the parser's recursion: one bad record, not a dead run."""
    deep = '{"text": "x", "a": ' + "[" * DEEP + "]" * DEEP + "}\n"
    src = tmp_path / "deep.jsonl"
    src.write_bytes(b"".join(corpus_lines(30)) + deep.encode() + b"".join(corpus_lines(30, 30)))
    small_batches = ["--batch-bytes", "2048"]  # several batches, so --jobs 2 really uses the pool
    rc, out, err = run_scan([str(src), "--jobs", jobs, *small_batches, *flags], capsys)
    assert rc == 0, err
    got = json_records(out)
    assert ids(got) == list(range(60))
    bad = [r for r in got if "spinfix_error" in r]
    assert len(bad) == 1 and bad[0]["line"] == 31 and "nested too deeply" in bad[0]["spinfix_error"]
    assert got.index(bad[0]) == 30  # in place
    assert f"{src}:31: invalid JSON: nested too deeply" in err
    rejects = tmp_path / "rejects.jsonl"
    rc, out, err = run_scan([str(src), "--jobs", jobs, *small_batches, "--rejects", str(rejects), *flags], capsys)
    assert rc == 0 and ids(json_records(out)) == list(range(60))
    assert [(r["file"], r["line"]) for r in json_records(rejects.read_text())] == [(str(src), 31)]


# --- 2. damaged gzip ----------------------------------------------------------------------------------------------
def _scan_gz(tmp_path: Path, data: bytes, flags: list[str], capsys) -> tuple[list[dict], str]:
    src = tmp_path / "c.jsonl.gz"
    src.write_bytes(data)
    rc, out, err = run_scan([str(src), "--batch-bytes", "4096", *flags], capsys)
    assert rc == 0, err
    return json_records(out), err


def _decodable(data: bytes) -> bytes:
    """What a plain zlib decoder gets out of a (single-member) gzip prefix: the records that must come out."""
    return zlib.decompressobj(wbits=31).decompress(data)


def test_truncated_gzip_keeps_every_complete_record(tmp_path, flags, capsys) -> None:
    lines = corpus_lines(3000)
    full = gzip.compress(b"".join(lines))
    cut = len(full) * 2 // 3
    prefix = _decodable(full[:cut])
    complete = prefix.count(b"\n")
    assert 0 < complete < 3000
    got, err = _scan_gz(tmp_path, full[:cut], flags, capsys)
    assert ids(got) == list(range(complete))  # everything decoded before the cut, in order, once
    bad = [r for r in got if "spinfix_error" in r]
    assert len(bad) == 1 and bad[0]["line"] == complete + 1  # the cut-off line is the one bad record
    assert bad[0]["raw"] == prefix[prefix.rindex(b"\n") + 1:].decode()
    assert f"truncated at compressed byte {cut}" in bad[0]["spinfix_error"]
    assert err.count("spinfix: warning:") == 1 and f"{tmp_path / 'c.jsonl.gz'}:{complete + 1}: " in err


def test_gzip_with_trailing_junk_keeps_every_record(tmp_path, flags, capsys) -> None:
    full = gzip.compress(b"".join(corpus_lines(2000)))
    got, err = _scan_gz(tmp_path, full + b"JUNK", flags, capsys)
    assert ids(got) == list(range(2000))
    bad = [r for r in got if "spinfix_error" in r]
    assert len(bad) == 1 and f"4 bytes after the gzip stream at compressed byte {len(full)}" in bad[0]["spinfix_error"]
    assert "1 bad records" in err


def test_concatenated_gzip_members_are_all_read(tmp_path, flags, capsys) -> None:
    data = gzip.compress(b"".join(corpus_lines(700))) + gzip.compress(b"".join(corpus_lines(700, 700)))
    got, err = _scan_gz(tmp_path, data, flags, capsys)
    assert ids(got) == list(range(1400)) and len(got) == 1400
    assert "bad records" not in err


def test_corrupt_byte_in_gzip_keeps_the_records_before_it(tmp_path, flags, capsys) -> None:
    # Varied text, so that deflate uses Huffman blocks and a flipped byte is detected, not just mis-decoded.
    lines = [json.dumps({"id": i, "text": f"{SPUN} {i * 7919 % 10007} {'abcdefgh'[i % 8] * (i % 13)}"}).encode()
             + b"\n" for i in range(3000)]
    full = bytearray(gzip.compress(b"".join(lines)))
    at = len(full) // 2
    full[at] ^= 0xFF
    before = _decodable(bytes(full[:at]))  # what the bytes before the damage decode to
    safe = before.count(b"\n")
    assert safe > 100
    got, err = _scan_gz(tmp_path, bytes(full), flags, capsys)
    assert ids(got)[:safe] == list(range(safe))
    bad = [r for r in got if "spinfix_error" in r]
    assert len(bad) >= 1 and "compressed byte" in bad[-1]["spinfix_error"]
    damage = [r for r in bad if "gzip" in r["spinfix_error"]]
    assert len(damage) == 1  # the damage itself is reported once
    assert "bad records" in err


def test_gzip_reader_memory_stays_bounded_on_a_bomb(tmp_path, flags, capsys) -> None:
    """Streaming decompression hands out bounded blocks: 50 MB of one repeated line decodes block by block."""
    line = json.dumps({"id": 0, "text": "a plain line"}).encode() + b"\n"
    data = gzip.compress(line * 200_000, compresslevel=9)
    from spinfix import scan

    src = tmp_path / "b.jsonl.gz"
    src.write_bytes(data)
    biggest = max(len(p.data) for batch in scan.read_batches(scan.expand_inputs([str(src)]), False, 65536)
                  for p in batch)
    assert biggest <= 2 * 65536


# --- 3. passed-through data is not changed ------------------------------------------------------------------------
ODD_BUT_VALID = [
    '{"id": 1, "text": "Personal corporations rose.", "big": 1e999, "exact": 1.00000000000000000001}',
    '{"id":2,"text":"plain","error":"theirs","n":123456789012345678901234567890,"esc":"caf\\u00e9 \\/"}',
    '{ "text" : "spaced" , "nested" : {"x": [1, 2.50, -0.0, 1E+2]} }  ',
    '{"text": "dup", "k": 1, "k": 2, "verdict": "user value", "spin_score": "mine"}',
    '{"id": 5, "text": "huge int", "n": ' + "9" * 5000 + "}",
]


def test_passthrough_is_byte_for_byte(tmp_path, flags, capsys) -> None:
    src = tmp_path / "odd.jsonl"
    src.write_text("\n".join(ODD_BUT_VALID) + "\n", encoding="utf-8")
    rc, out, err = run_scan([str(src), "--restore", "--findings", *flags], capsys)
    assert rc == 0, err
    lines = out.splitlines()
    assert len(lines) == len(ODD_BUT_VALID)
    for original, line in zip(ODD_BUT_VALID, lines, strict=True):
        body = original.rstrip()
        assert line.startswith(body[:-1]), (original, line)  # every input byte, then spinfix's fields
        assert line.rstrip(" ").endswith("}") and line[len(line.rstrip(" ")):] == original[len(body):]
        added = json.loads("{" + line[len(body) - 1:].lstrip(", ")) if len(line) > len(body) else {}
        assert set(added) == {"spinfix_score", "spinfix_verdict", "spinfix_n_findings", "spinfix_restored",
                              "spinfix_findings"}
    recs = [json.loads(line, parse_int=str) for line in lines]  # the 5,000-digit integer: int() refuses it
    assert recs[1]["error"] == "theirs" and recs[3]["verdict"] == "user value" and recs[3]["spin_score"] == "mine"
    assert "Infinity" not in out and "NaN" not in out


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_bad_records(tmp_path, flags, capsys, constant) -> None:
    src = tmp_path / "nan.jsonl"
    src.write_text(f'{{"id": 0, "text": "a", "x": {constant}}}\n{{"id": 1, "text": "b"}}\n', encoding="utf-8")
    rc, out, err = run_scan([str(src), *flags], capsys)
    assert rc == 0
    lines = out.splitlines()
    assert json.loads(lines[1])["id"] == 1
    bad = json.loads(lines[0])  # valid JSON out: the line is carried as a string, not as a record
    assert bad["line"] == 1 and f"{constant} is not JSON" in bad["spinfix_error"]
    assert bad["raw"] == f'{{"id": 0, "text": "a", "x": {constant}}}'
    assert f"{src}:1: invalid JSON: {constant} is not JSON" in err


def test_bad_record_keeps_its_own_error_field(tmp_path, flags, capsys) -> None:
    line = '{"id": 7, "text": 42, "error": "upstream timeout"}'
    src = tmp_path / "e.jsonl"
    src.write_text(line + "\n", encoding="utf-8")
    rc, out, _ = run_scan([str(src), *flags], capsys)
    assert rc == 0
    assert out == line[:-1] + ', "spinfix_error": "field \'text\' is a number, not a string"}\n'


def test_rescanning_output_replaces_spinfix_fields(tmp_path, flags, capsys) -> None:
    """A second scan over spinfix's own output replaces the fields of the first, not duplicates them."""
    src = tmp_path / "c.jsonl"
    src.write_text('{"id": 1, "text": "Personal corporations rose.", "spinfix_error": "old", "tail": [1]}\n',
                   encoding="utf-8")
    first = tmp_path / "first.jsonl"
    assert main(["scan", str(src), "-o", str(first), *flags]) == 0
    assert main(["scan", str(first), "-o", str(tmp_path / "second.jsonl"), *flags]) == 0
    once, twice = first.read_text(), (tmp_path / "second.jsonl").read_text()
    assert once == twice
    assert once.startswith('{"id": 1, "text": "Personal corporations rose.", "tail": [1], "spinfix_score": ')
    assert "spinfix_error" not in once
