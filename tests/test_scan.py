"""``spinfix scan``: formats, bad records, order on several workers, atomic output, interruption, summary."""

from __future__ import annotations

import base64
import gzip
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from spinfix import Restorer, scan
from spinfix.cli import _config, build_parser, main
from tests.conftest import json_records, run_scan, sigint_for_children

ROOT = Path(__file__).resolve().parent.parent
SPUN = (ROOT / "tests" / "data" / "spun_news_reuters_2018.txt").read_text(encoding="utf-8")
CLEAN = (ROOT / "tests" / "fixtures" / "clean" / "news" / "01-stocks-rally.txt").read_text(encoding="utf-8")
SHORT_SPUN = "Personal corporations have an extended relationship with wall avenue. It is a necessary problem."


@pytest.fixture
def flags(small_table: Path) -> list[str]:
    return ["--table", str(small_table), "--no-default-tables", "--no-context", "-q"]


@pytest.fixture
def reference(flags: list[str]) -> Restorer:
    """A Restorer with exactly the Config the command line builds from ``flags``."""
    return Restorer(_config(build_parser().parse_args(["scan", "-", *flags])))




def write_jsonl(path: Path, rows: list[object]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write((row if isinstance(row, str) else json.dumps(row)) + "\n")
    return path


def no_temp_files(directory: Path) -> bool:
    return not [p for p in directory.iterdir() if p.name.endswith(".tmp")]


# --- JSON Lines ------------------------------------------------------------------------------------------------
def test_jsonl_keeps_every_field_and_adds_the_scores(tmp_path, flags, reference, capsys) -> None:
    rows = [{"id": 1, "text": SPUN, "meta": {"lang": "en"}}, {"id": 2, "text": CLEAN, "tags": ["a", 1.5]}]
    src = write_jsonl(tmp_path / "c.jsonl", rows)
    rc, out, _ = run_scan([str(src), "--restore", "--findings", *flags], capsys)
    assert rc == 0
    got = json_records(out)
    assert len(got) == 2
    for row, rec in zip(rows, got, strict=True):
        assert {k: rec[k] for k in row} == row  # every original field kept, unchanged
        expected = reference.spin_score(row["text"])
        assert rec["spinfix_score"] == expected.score
        assert rec["spinfix_verdict"] == expected.verdict
        assert rec["spinfix_n_findings"] == expected.findings
        assert rec["spinfix_restored"] == reference.restore(row["text"])
        assert rec["spinfix_findings"] == json.loads(json.dumps([f.to_dict() for f in reference.detect(row["text"])]))
    assert got[0]["spinfix_verdict"] == "spun" and got[1]["spinfix_verdict"] == "clean"


def test_custom_field_and_only(tmp_path, flags, capsys) -> None:
    src = write_jsonl(tmp_path / "c.ndjson", [{"body": SPUN, "n": i} if i % 2 else {"body": CLEAN, "n": i}
                                              for i in range(6)])
    rc, out, _ = run_scan([str(src), "--field", "body", "--only", "spun", *flags], capsys)
    assert rc == 0
    assert [r["n"] for r in json_records(out)] == [1, 3, 5]
    rc, out, _ = run_scan([str(src), "--field", "body", "--only", "clean,suspicious", *flags], capsys)
    assert [r["n"] for r in json_records(out)] == [0, 2, 4]
    assert run_scan([str(src), "--only", "nonsense", *flags], capsys)[0] == 2


def test_field_flag_needs_jsonl_input(tmp_path, flags, capsys) -> None:
    src = tmp_path / "a.txt"
    src.write_text(SPUN, encoding="utf-8")
    rc, _, err = run_scan([str(src), "--field", "body", *flags], capsys)
    assert rc == 2 and "--field applies to JSON Lines" in err


# --- bad records -------------------------------------------------------------------------------------------
def bad_corpus(path: Path) -> Path:
    with open(path, "wb") as fh:
        fh.write(json.dumps({"id": 1, "text": SHORT_SPUN}).encode() + b"\n")  # line 1: fine
        fh.write(b'{"id": 2, "text": "unterminated\n')  # line 2: invalid JSON
        fh.write(b'{"id": 3, "title": "no text"}\n')  # line 3: missing field
        fh.write(b'{"id": 4, "text": 42}\n')  # line 4: non-string field
        fh.write(b"\n")  # line 5: blank, skipped
        fh.write(b'{"id": 6, "text": "caf\xe9 latte"}\n')  # line 6: Latin-1, not UTF-8
        fh.write(b'["an", "array"]\n')  # line 7: not an object
        fh.write(json.dumps({"id": 8, "text": "Shares rose zero.5 %."}).encode() + b"\n")  # line 8: fine
    return path


def test_bad_records_pass_through_with_error_field(tmp_path, flags, capsys) -> None:
    src = bad_corpus(tmp_path / "bad.jsonl")
    rc, out, err = run_scan([str(src), *flags[:-1]], capsys)  # not quiet: the summary too
    assert rc == 0
    got = json_records(out)
    assert len(got) == 7  # 2 good + 5 bad, in input order (the blank line is not a record)
    assert got[0]["id"] == 1 and "spinfix_score" in got[0]
    assert got[1] == {"source": str(src), "line": 2, "spinfix_error": got[1]["spinfix_error"],
                      "raw": '{"id": 2, "text": "unterminated'}
    assert got[1]["spinfix_error"].startswith("invalid JSON")
    assert got[2] == {"id": 3, "title": "no text", "spinfix_error": "no field 'text'"}
    assert got[3] == {"id": 4, "text": 42, "spinfix_error": "field 'text' is a number, not a string"}
    assert got[4]["line"] == 6 and got[4]["spinfix_error"].startswith("not UTF-8") and "caf\ufffd" in got[4]["raw"]
    assert base64.b64decode(got[4]["raw_base64"]) == b'{"id": 6, "text": "caf\xe9 latte"}'  # the bytes, exactly
    assert "raw_base64" not in got[1]  # a line that is UTF-8 is all in "raw"
    assert got[5]["line"] == 7 and got[5]["spinfix_error"] == "not a JSON object but an array"
    assert got[6]["id"] == 8 and "spinfix_score" in got[6]
    for line in (2, 3, 4, 6, 7):  # each one reported with file:line
        assert f"{src}:{line}: " in err
    assert f"{src}:5:" not in err
    assert "bad records: 5 (passed through" in err
    assert "2 documents" in err


def test_bad_records_to_rejects_file(tmp_path, flags, capsys) -> None:
    src = bad_corpus(tmp_path / "bad.jsonl")
    rejects, out_path = tmp_path / "rejects.jsonl", tmp_path / "out.jsonl"
    rc, out, err = run_scan([str(src), "-o", str(out_path), "--rejects", str(rejects), *flags], capsys)
    assert rc == 0 and out == ""
    assert [r["id"] for r in json_records(out_path.read_text(encoding="utf-8"))] == [1, 8]
    rej = json_records(rejects.read_text(encoding="utf-8"))
    assert [(r["file"], r["line"]) for r in rej] == [(str(src), n) for n in (2, 3, 4, 6, 7)]
    assert set(rej[0]) == {"file", "line", "error", "raw"}
    assert rej[2]["raw"] == '{"id": 4, "text": 42}'
    assert base64.b64decode(rej[3]["raw_base64"]) == b'{"id": 6, "text": "caf\xe9 latte"}'
    assert "5 bad records" in err  # even with -q, bad records are never silent
    assert no_temp_files(tmp_path)


def test_on_error_reject_without_file_leaves_them_out(tmp_path, flags, capsys) -> None:
    rc, out, err = run_scan([str(bad_corpus(tmp_path / "bad.jsonl")), "--on-error", "reject", *flags], capsys)
    assert rc == 0 and [r["id"] for r in json_records(out)] == [1, 8]
    assert err.count("spinfix: warning:") == 5


def test_on_error_fail_exits_2_and_writes_nothing(tmp_path, flags, capsys) -> None:
    src = bad_corpus(tmp_path / "bad.jsonl")
    out_path = tmp_path / "out.jsonl"
    rc, _, err = run_scan([str(src), "-o", str(out_path), "--on-error", "fail", *flags], capsys)
    assert rc == 2
    assert f"{src}:2: invalid JSON" in err
    assert not out_path.exists() and no_temp_files(tmp_path)


def test_bad_utf8_text_document_reports_the_line(tmp_path, flags, capsys) -> None:
    src = tmp_path / "doc.txt"
    src.write_bytes(b"fine line\nsecond line\nthird \xff line\n")
    rc, out, err = run_scan([str(src), *flags], capsys)
    assert rc == 0
    assert f"{src}:3: not UTF-8" in err
    assert json_records(out)[0]["spinfix_error"].startswith("not UTF-8")
    rc, out, _ = run_scan([str(src), "--errors", "replace", *flags], capsys)
    assert rc == 0 and json_records(out)[0]["spinfix_verdict"] == "clean"


def test_corrupt_gzip_is_a_bad_record(tmp_path, flags, capsys) -> None:
    good = gzip.compress(b"".join(json.dumps({"id": i, "text": SHORT_SPUN}).encode() + b"\n" for i in range(50)))
    src = tmp_path / "cut.jsonl.gz"
    src.write_bytes(good[: len(good) // 2])  # truncated stream
    rc, out, err = run_scan([str(src), *flags], capsys)
    assert rc == 0
    got = json_records(out)
    assert "corrupt gzip stream" in got[-1]["spinfix_error"]
    assert all("spinfix_score" in r for r in got[:-1])
    assert f"{src}:" in err and "corrupt gzip" in err


def test_lone_surrogates_still_give_valid_utf8(tmp_path, flags, capsys) -> None:
    src = write_jsonl(tmp_path / "s.jsonl", ['{"text": "odd \\ud800 text", "x": "caf\\u00e9"}'])
    assert main(["scan", str(src), "-o", str(tmp_path / "o.jsonl"), *flags]) == 0
    rec = json.loads((tmp_path / "o.jsonl").read_bytes().decode("utf-8"))
    assert rec["text"] == "odd \ud800 text" and rec["x"] == "café"


# --- inputs ----------------------------------------------------------------------------------------------------
def test_gz_inputs(tmp_path, flags, reference, capsys) -> None:
    jz = tmp_path / "c.jsonl.gz"
    with gzip.open(jz, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": 1, "text": SPUN}) + "\n")
    tz = tmp_path / "doc.txt.gz"
    tz.write_bytes(gzip.compress(SPUN.encode()))
    rc, out, _ = run_scan([str(jz), str(tz), *flags], capsys)
    assert rc == 0
    a, b = json_records(out)
    assert a["id"] == 1 and b["source"] == str(tz) and "line" not in b
    assert a["spinfix_score"] == b["spinfix_score"] == reference.spin_score(SPUN).score


def test_directory_input_recursive_sorted_hidden_skipped(tmp_path, flags, capsys) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "b" / "deep").mkdir(parents=True)
    (corpus / ".git").mkdir()
    files = {"a.txt": CLEAN, "b/deep/z.txt": SPUN, "b/c.txt": SHORT_SPUN, "c.txt": "", ".hidden.txt": SPUN,
             ".git/x.txt": SPUN}
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "d.jsonl").write_text(json.dumps({"text": SPUN, "k": "v"}) + "\n", encoding="utf-8")
    rc, out, _ = run_scan([str(corpus), *flags], capsys)
    assert rc == 0
    got = json_records(out)
    assert [r.get("source", r.get("k")) for r in got] == [
        str(corpus / "a.txt"), str(corpus / "b" / "c.txt"), str(corpus / "b" / "deep" / "z.txt"),
        str(corpus / "c.txt"), "v"]
    # an empty file is still a document
    assert got[3]["spinfix_verdict"] == "clean" and got[3]["spinfix_n_findings"] == 0


def test_glob_and_missing_inputs(tmp_path, flags, capsys) -> None:
    for i in range(3):
        (tmp_path / f"doc{i}.txt").write_text(SHORT_SPUN, encoding="utf-8")
    rc, out, _ = run_scan([str(tmp_path / "doc*.txt"), *flags], capsys)
    assert rc == 0 and [r["source"] for r in json_records(out)] == [str(tmp_path / f"doc{i}.txt") for i in range(3)]
    rc, _, err = run_scan([str(tmp_path / "nothing*.txt"), *flags], capsys)
    assert rc == 2 and "no file matches" in err
    rc, _, err = run_scan([str(tmp_path / "missing.txt"), *flags], capsys)
    assert rc == 2 and "missing.txt: no such file" in err
    (tmp_path / "empty").mkdir()
    assert run_scan([str(tmp_path / "empty"), *flags], capsys)[0] == 2


def test_jsonl_files_joined_with_their_byte_order_marks(tmp_path, flags, capsys) -> None:
    """``cat a.jsonl b.jsonl`` of files saved with a byte-order mark puts one at the start of a line inside
    the file: that record is read as the first one is, not rejected as invalid JSON, and the mark is left
    out of the output as the file's own first mark is."""
    first = json.dumps({"id": 1, "text": SPUN}).encode()
    second = json.dumps({"id": 2, "text": SPUN}).encode()
    src = tmp_path / "joined.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + first + b"\r\n" + b"\xef\xbb\xbf" + second + b"\n")
    rc, out, err = run_scan([str(src), *flags], capsys)
    assert rc == 0 and "invalid JSON" not in err and "\ufeff" not in out
    a, b = json_records(out)
    assert (a["id"], b["id"]) == (1, 2)
    assert a["spinfix_verdict"] == b["spinfix_verdict"] == "spun" and "spinfix_error" not in b


def test_a_utf16_file_is_a_bad_record_named_as_such(tmp_path, flags, capsys) -> None:
    src = tmp_path / "notepad.txt"
    src.write_bytes("\ufeffPersonal corporations informed Reuters.\n".encode("utf-16-le"))
    rc, out, err = run_scan([str(src), *flags], capsys)
    assert rc == 0 and f"{src}:1: UTF-16 (it starts with a UTF-16 byte-order mark)" in err
    (record,) = json_records(out)
    assert "UTF-16" in record["spinfix_error"] and base64.b64decode(record["raw_base64"]) == src.read_bytes()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("case", [("notepad.txt", ["--lines"]), ("records.jsonl", [])], ids=["lines", "jsonl"])
def test_a_utf16_file_of_records_is_one_bad_record_not_its_first_line(tmp_path, flags, capsys, codec, case) -> None:
    """Read by lines, a UTF-16 file's first line was refused as UTF-16, and every other line was scored as
    a document of letters with NULs between them (valid UTF-8): "clean" verdicts for text never read. The
    whole file is one bad record now, naming the encoding and what to do."""
    name, mode = case
    src = tmp_path / name
    lines = ['{"text": "Personal corporations informed Reuters."}', '{"text": "The council met on Tuesday."}',
             '{"text": "Sources informed Reuters."}']
    src.write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode(codec))
    rc, out, err = run_scan([str(src), *mode, *flags], capsys)
    assert rc == 0 and f"{src}:1: UTF-16 (it starts with a UTF-16 byte-order mark)" in err
    (record,) = json_records(out)
    assert "UTF-16" in record["spinfix_error"] and "not read" in record["spinfix_error"]
    assert "spinfix_verdict" not in out


def test_a_broken_link_in_a_directory_is_a_bad_record_and_the_scan_goes_on(tmp_path, flags, capsys) -> None:
    """A directory walk had skipped a symbolic link whose target is gone without a word: a file of the
    corpus left out, unreported. It is a bad record naming the link now; the other files are scanned, and
    ``--on-error fail`` stops there."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Personal corporations informed Reuters.\n", encoding="utf-8")
    (corpus / "b.txt").symlink_to(tmp_path / "gone.txt")
    (corpus / "c.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    rc, out, err = run_scan([str(corpus), *flags], capsys)
    assert rc == 0 and f"{corpus / 'b.txt'}:1: no such file (a broken symbolic link)" in err
    a, b, c = json_records(out)
    assert "spinfix_verdict" in a and "spinfix_verdict" in c
    assert b["source"] == str(corpus / "b.txt") and "broken symbolic link" in b["spinfix_error"]
    rc, _, err = run_scan([str(corpus), "--on-error", "fail", *flags], capsys)
    assert rc == 2 and "broken symbolic link" in err


def test_a_file_gone_between_listing_and_reading_is_a_bad_record(tmp_path) -> None:
    """A long scan reads a directory's files long after listing them: one deleted (or locked) by then is
    one bad record, where the error of the open had ended the whole run and thrown its work away."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Personal corporations informed Reuters.\n", encoding="utf-8")
    second.write_text("The council met on Tuesday.\n", encoding="utf-8")
    sources = scan.expand_inputs([str(tmp_path)])
    second.unlink()
    pieces = [p for batch in scan.read_batches(sources, False, 65536) for p in batch]
    assert [p.kind for p in pieces] == ["doc", "bad"]
    assert pieces[1].source == str(second) and pieces[1].note.startswith("no such file")


def test_text_lines_mode(tmp_path, flags, reference, capsys) -> None:
    src = tmp_path / "lines.txt"
    src.write_bytes(b"\xef\xbb\xbf" + (SHORT_SPUN + "\r\n\n" + "A plain sentence.\n").encode())
    rc, out, _ = run_scan([str(src), "--lines", "--restore", *flags], capsys)
    assert rc == 0
    a, b = json_records(out)
    assert (a["source"], a["line"], b["line"]) == (str(src), 1, 3)
    assert a["spinfix_restored"] == reference.restore(SHORT_SPUN) and a["spinfix_verdict"] == "spun"
    assert b["spinfix_restored"] == "A plain sentence."


def test_stdin(monkeypatch, flags, capsys) -> None:
    import io

    def feed(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))

    feed(SPUN.encode())
    rc, out, _ = run_scan(["-", *flags], capsys)
    assert rc == 0 and json_records(out)[0]["source"] == "<stdin>" and json_records(out)[0]["spinfix_verdict"] == "spun"
    feed(b"one line\nanother line\n")
    assert [r["line"] for r in json_records(run_scan(["-", "--lines", *flags], capsys)[1])] == [1, 2]
    feed((json.dumps({"text": SPUN, "id": 7}) + "\n").encode())
    rc, out, _ = run_scan(["-", "--format", "jsonl", *flags], capsys)
    assert rc == 0 and json_records(out)[0]["id"] == 7


def test_output_must_not_be_an_input(tmp_path, flags, capsys) -> None:
    src = write_jsonl(tmp_path / "c.jsonl", [{"text": SPUN}])
    before = src.read_bytes()
    rc, _, err = run_scan([str(src), "-o", str(src), *flags], capsys)
    assert rc == 2 and "is also an input" in err and src.read_bytes() == before


# --- streaming ---------------------------------------------------------------------------------------------------
def test_reader_cuts_blocks_at_line_ends(tmp_path) -> None:
    lines = [b"short", b"x" * 50, b"", b"a line longer than several blocks " * 3, b"last without newline"]
    path = tmp_path / "l.jsonl"
    path.write_bytes(b"\n".join(lines))
    src = scan.expand_inputs([str(path)])
    pieces = [p for batch in scan.read_batches(src, lines=False, batch_bytes=16) for p in batch]
    assert b"".join(p.data for p in pieces) == path.read_bytes()
    for p in pieces:
        assert p.data.endswith(b"\n") or p is pieces[-1]  # never a cut inside a line
        assert p.line == 1 + path.read_bytes()[: path.read_bytes().index(p.data)].count(b"\n")


def test_in_flight_batches_are_bounded(small_table) -> None:
    """However long the input, the pool holds at most jobs x WINDOW_PER_JOB batches: memory stays flat."""
    pulled = []

    def endless():
        for i in range(10_000):
            pulled.append(i)
            yield [scan.Piece("lines", "gen", 1, b"Personal corporations rose.\n")]

    cfg = _config(build_parser().parse_args(["scan", "-", "--table", str(small_table), "--no-default-tables",
                                             "--no-context"]))
    results = scan.run_batches(endless(), cfg, scan.Options(), jobs=2)
    try:
        first = next(results)
        assert first.documents == 1
        assert len(pulled) <= 2 * scan.WINDOW_PER_JOB
        for _ in range(20):
            next(results)
        assert len(pulled) <= 21 + 2 * scan.WINDOW_PER_JOB
    finally:
        results.close()
    assert multiprocessing.active_children() == []


# --- workers, order, atomicity -------------------------------------------------------------------------------
def many_docs(path: Path, n: int = 240) -> Path:
    texts = [SPUN[:1500], CLEAN[:1200], SHORT_SPUN, "Nothing to see here."]
    return write_jsonl(path, [{"id": i, "text": texts[i % 4]} for i in range(n)])


def test_order_preserved_on_two_workers(tmp_path, flags, capsys) -> None:
    src = many_docs(tmp_path / "many.jsonl")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["scan", str(src), "-o", str(one), "--jobs", "1", "--batch-bytes", "4000", "--restore", *flags]) == 0
    assert main(["scan", str(src), "-o", str(two), "--jobs", "2", "--batch-bytes", "4000", "--restore", *flags]) == 0
    assert [r["id"] for r in json_records(two.read_text(encoding="utf-8"))] == list(range(240))
    assert one.read_bytes() == two.read_bytes()
    assert oct(two.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_worker_start_failure_is_a_clean_error(tmp_path, capsys) -> None:
    table = tmp_path / "broken.tsv"
    table.write_text("#spinfix-table 1\nspun\toriginal\tconfidence\ttags\tsource\tcontext\nfoo\tbar\t7\t\tx\n",
                     encoding="utf-8")
    src = many_docs(tmp_path / "many.jsonl", 60)
    out_path = tmp_path / "out.jsonl"
    rc, _, err = run_scan([str(src), "-o", str(out_path), "--jobs", "2", "--batch-bytes", "4000", "--table", str(table),
                      "--no-default-tables", "-q"], capsys)
    assert rc == 2 and "broken.tsv:3" in err
    assert not out_path.exists() and no_temp_files(tmp_path)


def test_interrupt_keeps_the_old_output(tmp_path, flags, monkeypatch, capsys) -> None:
    src = many_docs(tmp_path / "many.jsonl")
    out_path = tmp_path / "out.jsonl"
    out_path.write_text("old results\n", encoding="utf-8")
    real = scan.process_batch
    calls = []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(scan, "process_batch", interrupted)
    rc, _, err = run_scan([str(src), "-o", str(out_path), "--jobs", "1", "--batch-bytes", "4000", *flags], capsys)
    assert rc == 130 and "interrupted" in err
    assert out_path.read_text(encoding="utf-8") == "old results\n"
    assert no_temp_files(tmp_path)


def test_interrupt_stops_the_workers(tmp_path, flags, monkeypatch, capsys) -> None:
    src = many_docs(tmp_path / "many.jsonl")
    out_path, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    real_add = scan.Stats.add
    seen = []

    def add(self, result):
        seen.append(1)
        if len(seen) == 2:
            raise KeyboardInterrupt
        real_add(self, result)

    monkeypatch.setattr(scan.Stats, "add", add)
    rc, _, _ = run_scan([str(src), "-o", str(out_path), "--rejects", str(rejects), "--jobs", "2",
                         "--batch-bytes", "4000", *flags], capsys)
    assert rc == 130
    assert not out_path.exists() and not rejects.exists() and no_temp_files(tmp_path)
    assert multiprocessing.active_children() == []


# --- summary -------------------------------------------------------------------------------------------------
def test_summary_on_stderr_and_as_json(tmp_path, flags, capsys) -> None:
    src = many_docs(tmp_path / "many.jsonl", 8)
    with open(src, "a", encoding="utf-8") as fh:
        fh.write("{oops\n")
    summary = tmp_path / "summary.json"
    rc, _, err = run_scan([str(src), "--summary-json", str(summary), "-o", str(tmp_path / "o.jsonl"), *flags[:-1]],
                          capsys)
    assert rc == 0
    s = json.loads(summary.read_text(encoding="utf-8"))
    assert s["documents"] == 8 and s["bad_records"] == 1 and s["written"] == 9
    assert sum(s["verdicts"].values()) == 8
    assert s["spun_share"] == s["verdicts"]["spun"] / 8 > 0
    assert s["top_swaps"][0]["count"] >= s["top_swaps"][-1]["count"] > 0
    assert {"spun", "restored", "count"} == set(s["top_swaps"][0])
    assert s["docs_per_second"] > 0 and s["mb_per_second"] > 0 and s["bytes"] > 0 and s["files"] == 1
    assert "8 documents" in err and "docs/s" in err and "MB/s" in err
    assert "most frequent swaps" in err and "personal corporation" in err
    assert "bad records: 1" in err and f"spun {s['verdicts']['spun']}" in err


def test_progress_line_only_on_a_terminal(tmp_path, flags, monkeypatch, capsys) -> None:
    src = many_docs(tmp_path / "many.jsonl", 8)
    rc, _, err = run_scan([str(src), *flags[:-1]], capsys)
    assert rc == 0 and "\r" not in err  # stderr is not a terminal here
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    rc, _, err = run_scan([str(src), *flags[:-1]], capsys)
    assert rc == 0 and "\rscan" in err and "docs/s" in err
    rc, _, err = run_scan([str(src), *flags], capsys)  # -q: nothing at all
    assert rc == 0 and err == ""


# --- the real command line -----------------------------------------------------------------------------------
def test_python_m_spinfix_scan_on_two_workers(tmp_path, flags) -> None:
    src = many_docs(tmp_path / "many.jsonl", 120)
    out_path = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, "-m", "spinfix", "scan", str(src), "-o", str(out_path), "--jobs", "2",
                           "--batch-bytes", "4000", *flags[:-1]], capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert [r["id"] for r in json_records(out_path.read_text(encoding="utf-8"))] == list(range(120))
    assert "120 documents" in proc.stderr and "2 jobs" in proc.stderr


def start_scan(tmp_path: Path, flags: list[str]) -> tuple[subprocess.Popen[str], Path]:
    """A ``python -m spinfix scan`` on two workers with minutes of work, returned once it is writing."""
    src = many_docs(tmp_path / "many.jsonl", 20000)
    out_path = tmp_path / "out.jsonl"
    with sigint_for_children():
        proc = subprocess.Popen([sys.executable, "-m", "spinfix", "scan", str(src), "-o", str(out_path), "--jobs",
                                 "2", "--batch-bytes", "20000", *flags], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        tmp = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        if tmp and tmp[0].stat().st_size > 0:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.fail(f"the scan ended early ({proc.returncode}): {proc.communicate()[1]}")
    return proc, out_path


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_kill_on_the_command_line_leaves_no_file(tmp_path, flags, signum) -> None:
    proc, out_path = start_scan(tmp_path, flags)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert not out_path.exists() and no_temp_files(tmp_path)


def test_workers_end_when_the_scan_is_killed_hard(tmp_path, flags) -> None:
    psutil = pytest.importorskip("psutil")
    proc, _ = start_scan(tmp_path, flags)
    family = psutil.Process(proc.pid).children(recursive=True)  # forkserver, workers, resource tracker
    assert len(family) >= 2
    proc.kill()  # SIGKILL: no cleanup in the scan process itself; not reaped yet, so a zombie
    _, alive = psutil.wait_procs(family, timeout=15)
    proc.wait(timeout=30)
    proc.stderr.close()
    assert not alive, [p.cmdline() for p in alive]
