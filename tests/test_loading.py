"""The collector pause under which spinfix builds its long-lived data (``spinfix.loading``), and the
column reader of the lexicon files (``spinfix.lexicon._columns``)."""

from __future__ import annotations

import gc
import gzip
import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinfix.errors import SpinfixError
from spinfix.lexicon import BIGRAMS, UNIGRAMS, Lexicon, SortedLines, SortedPairs, Terms, Thesaurus, _columns
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


def _in_generation(obj: object, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation=generation))


def test_what_a_pause_built_goes_to_the_oldest_generation(collector_on) -> None:
    """Long-lived data must not be walked by the young collections that follow the pause (they were
    55-75 ms of a cold start); what the caller made before keeps being collected, only later."""
    before = [[1], [2]]  # young: made just before the pause
    with gc_paused():
        built = {"rows": [[k] for k in range(1000)]}
        with gc_paused():  # an inner pause promotes nothing yet: its builder's caller goes on building
            inner = [["x"]]
            assert _in_generation(inner, 0)
    assert _in_generation(built, 2) and _in_generation(built["rows"][-1], 2) and _in_generation(inner, 2)
    assert _in_generation(before, 2)
    cycle: list[object] = []
    cycle.append(cycle)
    garbage = id(cycle)
    with gc_paused():
        pass
    del cycle  # unreachable now, from the oldest generation: a full collection still frees it
    gc.collect()
    assert not any(id(o) == garbage for o in gc.get_objects())


def test_a_pause_leaves_objects_the_program_froze_frozen(collector_on) -> None:
    """A program that froze its objects before forking workers keeps them frozen (``unfreeze`` would
    release them)."""
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with gc_paused():
            built = [[k] for k in range(10)]
        assert gc.get_freeze_count() == frozen
        assert _in_generation(built, 0) or _in_generation(built, 1)  # not promoted: left to the collector
    finally:
        gc.unfreeze()


def _write(path: Path, text: str) -> Path:
    """``text`` in UTF-8 at ``path``, gzipped when the name ends in ``.gz``."""
    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
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
        with (gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")) as fh:
            return [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]

    lexicon = Lexicon()
    for name, found in ((UNIGRAMS, lexicon.zipf), (BIGRAMS, lexicon.bigrams)):
        assert lexicon.path(name).name == name  # shipped plain
        assert found == {w: float(z) for w, z in rows(lexicon.path(name))}
    thesaurus = Thesaurus()
    assert thesaurus.known == {r[0]: (r[1], r[2]) for r in rows(thesaurus.directory / "thesaurus.tsv.gz")}
    terms = Terms()
    assert terms.terms == frozenset(r[0] for r in rows(terms.directory / "terms.tsv.gz"))
    assert lexicon.collocations == frozenset(" ".join(r) for r in rows(lexicon.directory / "collocations.tsv.gz"))


def test_sorted_collocations_answer_as_a_set_and_an_unsorted_file_is_read_whole(tmp_path: Path) -> None:
    """The shipped collocations (format 2, lines sorted) are searched in their text; every pair of the
    file is found, and pairs made of the same words in other combinations, prefixes of pairs and other
    shapes are answered as a set answers them. A file of the older format, in any order, is read whole."""
    pairs = ["activation function", "a-based scalar", "roc curve", "zeta function", "roc curves", "k-means clustering"]
    probes = [*pairs, "activation", "activation functio", "roc", "curve roc", "a b c", "", "zz top", " roc curve"]
    for version, order in (("2", sorted(pairs, key=lambda p: p.replace(" ", "\t"))), ("1", pairs[::-1])):
        body = "".join(p.replace(" ", "\t") + "\n" for p in order)
        text = f"#spinfix-collocations {version}\n{body}"
        (tmp_path / "collocations.tsv.gz").write_bytes(gzip.compress(text.encode()))
        found = Lexicon(tmp_path).collocations
        assert isinstance(found, SortedLines) == (version == "2")
        assert [p in found for p in probes] == [p in set(pairs) for p in probes]
        assert found == frozenset(pairs) and len(found) == len(pairs)


_WORD = st.text(alphabet="abc-é", min_size=1, max_size=4)


@settings(deadline=None, max_examples=300)
@given(st.sets(st.tuples(_WORD, _WORD), max_size=40), st.lists(st.tuples(_WORD, _WORD), max_size=20),
       st.integers(1, 64))
def test_sorted_lines_search_only_the_sampled_stretch_and_answer_as_a_set(
        pairs: set[tuple[str, str]], others: list[tuple[str, str]], step: int) -> None:
    # The index samples a line every ``step`` characters and the search reads only between two samples:
    # every pair is found and every other probe missed wherever it falls (before the first sample, after the
    # last, between two, on a sampled line itself), whatever the step.
    lines = sorted(f"{a}\t{b}" for a, b in pairs)
    found = SortedLines("".join(line + "\n" for line in lines), step=step)
    wanted = {f"{a} {b}" for a, b in pairs}
    for probe in [*wanted, *(f"{a} {b}" for a, b in others), "", "a", "\U0010ffff x"]:
        assert (probe in found) == (probe in wanted), (probe, step)


def test_the_shipped_collocations_are_found_through_their_index() -> None:
    # The real file with its real step: a sample of its pairs, its first and last, and near misses.
    collocations = Lexicon().collocations
    assert isinstance(collocations, SortedLines)
    pairs = list(collocations)
    plain = frozenset(pairs)
    probes = [*pairs[::211], pairs[0], pairs[-1], *(p + "x" for p in pairs[::997]), *(p[:-1] for p in pairs[::991])]
    assert [p in collocations for p in probes] == [p in plain for p in probes]


# --- SortedPairs: the unigram and bigram files answered by binary search until a dict pays -------------------


# Keys of one to four characters from ASCII, two-byte, three-byte and four-byte UTF-8: the search compares
# encoded bytes, which must order as Python orders the strings.
_KEY = st.text(alphabet=st.sampled_from("ab z\x7fé\u00ff\u0100\u20ac\uffff\U00010000\U0010ffff"),
               min_size=1, max_size=4)


@settings(deadline=None, max_examples=300)
@given(st.dictionaries(_KEY, st.floats(-1e6, 1e6, allow_nan=False), max_size=40), st.lists(_KEY, max_size=20))
def test_sorted_pairs_search_utf8_bytes_as_the_dict_answers(pairs: dict[str, float], others: list[str]) -> None:
    body = "".join(f"{k}\t{v!r}\n" for k, v in sorted(pairs.items())).encode("utf-8")
    found = SortedPairs(body, Path("t.tsv"))
    for key in [*pairs, *others, "", "\ud800"]:
        assert found.get(key) == pairs.get(key), key


def test_sorted_pairs_answer_every_key_and_miss_as_the_dict_does() -> None:
    from spinfix.lexicon import _as_dict, _sorted_pairs_body

    for name in (UNIGRAMS, BIGRAMS):
        path = Lexicon().path(name)
        body, searchable = _sorted_pairs_body(path, "2")
        assert searchable, f"{name} must be the sorted format"
        full = _as_dict(body.decode("utf-8"), path)
        keys = list(full)
        assert keys == sorted(keys) and len(set(keys)) == len(keys)  # what the search relies on
        assert any(not k.isascii() for k in keys)  # the search compares bytes: UTF-8 sorts as code points do
        probe = SortedPairs(body, path)
        sample = [*keys[::97], keys[0], keys[-1], "", "\x00", "\U0010ffff", "zzzz zzzz", "the thé", "a", "aa a",
                  "\ud800", "caf\udce9"]  # lone surrogates: no UTF-8 line holds them
        for key in sample:
            assert probe.get(key) == full.get(key), key
            assert (key in probe) == (key in full), key


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_sorted_pairs_hand_over_a_dict_after_enough_questions(tmp_path: Path, monkeypatch, suffix: str) -> None:
    import spinfix.lexicon as lexicon_module

    monkeypatch.setattr(lexicon_module, "DICT_AFTER", 3)
    path = _write(tmp_path / f"t.tsv{suffix}", "#spinfix-test 2\n# c\napple\t1.5\nbanana\t2\ncherry\t-3.25")
    body, searchable = lexicon_module._sorted_pairs_body(path, "2")
    assert searchable and body == b"apple\t1.5\nbanana\t2\ncherry\t-3.25\n"  # the last line break supplied
    handed: list[dict[str, float]] = []
    pairs = SortedPairs(body, path, handed.append)
    assert pairs.get("banana") == 2.0 and pairs.get("apple") == 1.5 and pairs.get("kiwi", 0.0) == 0.0
    assert "apple" in pairs and "kiwi" not in pairs and not handed  # three distinct keys asked: still searching
    assert pairs["cherry"] == -3.25 and handed == [{"apple": 1.5, "banana": 2.0, "cherry": -3.25}]  # the fourth
    assert "date" not in pairs
    with pytest.raises(KeyError):
        pairs["date"]
    assert len(pairs) == 3 and dict(pairs) == handed[0]


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_a_lexicon_swaps_its_sorted_pairs_for_the_dict(tmp_path: Path, monkeypatch, suffix: str) -> None:
    # The owner's attribute becomes the dict itself once built, so the hot path reads a plain dict. The lists
    # ship plain; a directory that has them gzipped only (built before) is read as well.
    import spinfix.lexicon as lexicon_module

    monkeypatch.setattr(lexicon_module, "DICT_AFTER", 1)
    _write(tmp_path / f"unigrams.tsv{suffix}", "#spinfix-unigrams 2\nalpha\t5.5\nbeta\t3\n")
    _write(tmp_path / f"bigrams.tsv{suffix}", "#spinfix-bigrams 1\nz a\t10\nalpha beta\t200000\n")  # old format
    lexicon = Lexicon(tmp_path)
    assert lexicon.available() and lexicon.path(UNIGRAMS).name == f"unigrams.tsv{suffix}"
    assert isinstance(lexicon.zipf, lexicon_module.SortedPairs)
    assert type(lexicon.bigrams) is dict and lexicon.bigrams["z a"] == 10.0  # unsorted: a dict at once
    assert lexicon.zipf.get("alpha") == 5.5 and lexicon.zipf.get("beta") == 3.0
    assert type(lexicon.zipf) is dict and lexicon.zipf == {"alpha": 5.5, "beta": 3.0}
    fresh = Lexicon(tmp_path).warm()
    assert type(fresh.zipf) is dict and type(fresh.bigrams) is dict


def test_the_plain_list_is_read_before_a_gzipped_one(tmp_path: Path) -> None:
    _write(tmp_path / "unigrams.tsv", "#spinfix-unigrams 2\nalpha\t1\n")
    _write(tmp_path / "unigrams.tsv.gz", "#spinfix-unigrams 2\nalpha\t2\n")
    lexicon = Lexicon(tmp_path)
    assert not lexicon.available()  # no bigram list
    assert lexicon.zipf.get("alpha") == 1.0
    assert lexicon.file_digest(UNIGRAMS) == hashlib.sha256(b"#spinfix-unigrams 2\nalpha\t1\n").hexdigest()


@pytest.mark.parametrize("suffix", ["", ".gz"])
@pytest.mark.parametrize("line", ["beta 3", "beta\t3\t4", "beta\tthree"])
def test_a_damaged_sorted_file_is_refused_naming_its_line(tmp_path: Path, suffix: str, line: str) -> None:
    # The lines are not counted when the file is opened: the search names a damaged line when it reads it,
    # and building the dict names it whatever was asked.
    _write(tmp_path / f"unigrams.tsv{suffix}", f"#spinfix-unigrams 2\n# c\nalpha\t5.5\n{line}\ngamma\t2\n")
    zipf = Lexicon(tmp_path).zipf
    assert isinstance(zipf, SortedPairs)
    with pytest.raises(SpinfixError, match=f"unigrams\\.tsv{suffix}: data line 2 is not a key, a tab and a number"):
        zipf.get("beta")
    with pytest.raises(SpinfixError, match="data line 2"):
        len(zipf)


def test_sorted_pairs_answer_alike_while_other_threads_build_the_dict(monkeypatch) -> None:
    # Threads share one Lexicon: a search running while another thread builds the dict must still answer
    # from the whole file.
    import threading

    import spinfix.lexicon as lexicon_module
    from spinfix.lexicon import _as_dict, _sorted_pairs_body

    monkeypatch.setattr(lexicon_module, "DICT_AFTER", 50)
    path = Lexicon().path(UNIGRAMS)
    body = _sorted_pairs_body(path, "2")[0]
    full = _as_dict(body.decode("utf-8"), path)
    keys = list(full)[::1000]
    for _ in range(3):
        pairs = SortedPairs(body, path)
        wrong: list[str] = []

        def ask(part: list[str], pairs: SortedPairs = pairs, wrong: list[str] = wrong) -> None:
            wrong.extend(k for k in part if pairs.get(k) != full[k])

        threads = [threading.Thread(target=ask, args=(keys[i::4],)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not wrong


def test_read_gzip_reads_and_fails_as_gzip_open_does(tmp_path: Path) -> None:
    """``loading.read_gzip`` (one C call) against ``gzip.open(...).read()``: the same bytes for the shipped
    files and for several members, and the same kind of error for a damaged file."""
    import zlib

    import spinfix
    from spinfix.loading import read_gzip

    def opened(path: Path) -> bytes:
        with gzip.open(path, "rb") as fh:
            return fh.read()

    shipped = sorted(Path(spinfix.__file__).parent.glob("data/*/*.gz"))
    assert len(shipped) >= 8
    for path in shipped:
        assert read_gzip(path) == opened(path), path
    data = gzip.compress(b"alpha\n") + gzip.compress(b"beta\n")
    whole = tmp_path / "two.gz"
    whole.write_bytes(data)
    assert read_gzip(whole) == opened(whole) == b"alpha\nbeta\n"
    corrupt = bytearray(gzip.compress(bytes(range(256)) * 64))
    corrupt[len(corrupt) // 2] ^= 0xFF
    for name, damaged in (("cut", data[:-9]), ("plain", b"not gzip at all"), ("corrupt", bytes(corrupt))):
        path = tmp_path / f"{name}.gz"
        path.write_bytes(damaged)
        with pytest.raises((OSError, EOFError, zlib.error)) as want:
            opened(path)
        with pytest.raises(type(want.value)):
            read_gzip(path)
    with pytest.raises(FileNotFoundError):
        read_gzip(tmp_path / "missing.gz")
