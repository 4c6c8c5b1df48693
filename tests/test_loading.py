"""The collector pause under which spinfix builds its long-lived data (``spinfix.loading``), and the
column reader of the lexicon files (``spinfix.lexicon._columns``)."""

from __future__ import annotations

import gc
import gzip
from pathlib import Path

import pytest

from spinfix.errors import SpinfixError
from spinfix.lexicon import Lexicon, Terms, Thesaurus, _columns
from spinfix.loading import builds_data, gc_paused


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_pause_turns_the_collector_back_on(collector_on) -> None:
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the inner pause must not turn it on early
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_pause_leaves_a_collector_the_caller_turned_off(collector_on) -> None:
    gc.disable()
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_builds_data_passes_results_and_errors_through(collector_on) -> None:
    @builds_data
    def build(x: int) -> list[int]:
        """Doc kept."""
        assert not gc.isenabled()
        return [x] * 3

    @builds_data
    def fail() -> None:
        raise KeyError("boom")

    assert build(2) == [2, 2, 2] and build.__doc__ == "Doc kept."
    with pytest.raises(KeyError):
        fail()
    assert gc.isenabled()  # also after an error


def _write(path: Path, text: str) -> Path:
    path.write_bytes(gzip.compress(text.encode("utf-8")))
    return path


def test_columns_read_every_field_after_the_comments(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.tsv.gz", "#spinfix-test 1\n# a comment\nalpha\t1.5\nbeta gamma\t-2\n")
    assert _columns(path, 2) == [["alpha", "beta gamma"], ["1.5", "-2"]]
    # A last line without its line break is still a line.
    assert _columns(_write(tmp_path / "u.tsv.gz", "# c\na\tb\tc\nd\te\tf"), 3) == [["a", "d"], ["b", "e"], ["c", "f"]]
    assert _columns(_write(tmp_path / "v.tsv.gz", "# only comments\n"), 2) == [[], []]


def test_columns_refuse_a_line_with_another_field_count(tmp_path: Path) -> None:
    # One split of the whole text would shift every later column by a field: refuse, naming the line.
    path = _write(tmp_path / "bad.tsv.gz", "# c\na\t1\nb\t2\textra\nc\t3\n")
    with pytest.raises(SpinfixError, match=r"bad\.tsv\.gz: data line 2 does not have 2 tab-separated fields"):
        _columns(path, 2)
    # A file of comments only, the last without its line break, has no data.
    assert _columns(_write(tmp_path / "w.tsv.gz", "# c\n# d"), 2) == [[], []]


def test_shipped_files_read_as_line_by_line_parsing_reads_them() -> None:
    # The column reader against the obvious parse of each shipped file it reads.
    def rows(path: Path) -> list[list[str]]:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]

    lexicon = Lexicon()
    zipf = rows(lexicon.directory / "unigrams.tsv.gz")
    assert lexicon.zipf == {w: float(z) for w, z in zipf}
    thesaurus = Thesaurus()
    assert thesaurus.known == {r[0]: (r[1], r[2]) for r in rows(thesaurus.directory / "thesaurus.tsv.gz")}
    terms = Terms()
    assert terms.terms == frozenset(r[0] for r in rows(terms.directory / "terms.tsv.gz"))
    assert lexicon.collocations == frozenset(" ".join(r) for r in rows(lexicon.directory / "collocations.tsv.gz"))
