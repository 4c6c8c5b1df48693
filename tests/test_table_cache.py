"""The compiled cache of the shipped tables (issue 14: cold start) gives exactly what parsing gives."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import spinfix
from spinfix import table as tables_module
from spinfix.errors import PhraseTableError
from spinfix.table import Conditions, compile_rows, default_table_paths, load_tables, merge_tables, read_table


def test_cache_matches_the_shipped_tables() -> None:
    # Rebuild with scripts/build_table_cache.py after changing a shipped table.
    paths = default_table_paths()
    cached = tables_module._read_cache(paths)
    assert cached is not None, "the table cache is stale or missing: run scripts/build_table_cache.py"
    tables, merged = cached
    parsed = [read_table(p) for p in paths]
    assert tables == parsed
    assert merged == merge_tables(parsed)
    assert [(r.path, r.line, r.entry) for r in merged] == [(r.path, r.line, r.entry) for r in merge_tables(parsed)]


def test_stale_or_broken_cache_falls_back_to_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = default_table_paths()
    expected = merge_tables([read_table(p) for p in paths])
    with gzip.open(tables_module._cache_path(), "rb") as fh:
        doc = json.loads(fh.read())
    doc["files"][1]["sha256"] = "0" * 64  # news.tsv "changed" since the build
    doc["rows"] = doc["rows"][:3]  # and the cache would give the wrong rows if it were used
    stale = tmp_path / "stale.json.gz"
    stale.write_bytes(gzip.compress(json.dumps(doc).encode()))
    monkeypatch.setattr(tables_module, "_cache_path", lambda: str(stale))
    assert tables_module._read_cache(paths) is None
    assert load_tables(paths) == expected
    for junk in (b"", b"not gzip", gzip.compress(b"[1, 2]"), gzip.compress(b'{"format": "other"}')):
        stale.write_bytes(junk)
        assert load_tables(paths) == expected


def test_user_tables_after_the_shipped_ones_are_checked_against_them(tmp_path: Path) -> None:
    paths = default_table_paths()
    user = tmp_path / "user.tsv"
    user.write_text("#spinfix-table 1\nspun\toriginal\tconfidence\ttags\tsource\tcontext\n"
                    "zorbly frobnicated\tquite ordinary\t0.9\t\tuser\n", encoding="utf-8")
    got = load_tables([*paths, str(user)])
    assert got == merge_tables([*(read_table(p) for p in paths), read_table(user)])
    assert got[-1].spun == "zorbly frobnicated"
    # A conflict with a shipped row is still an error naming the user's file.
    shipped_row = next(r for r in got if r.originals and r.domain == "news" and r.conditions == Conditions())
    user.write_text("#spinfix-table 1\nspun\toriginal\tconfidence\ttags\tsource\tcontext\n"
                    f"{shipped_row.spun}\tsomething else entirely\t0.9\t\tuser\n", encoding="utf-8")
    with pytest.raises(PhraseTableError, match=r"user\.tsv"):
        load_tables([*paths, str(user)])
    last = {r.spun: r for r in load_tables([*paths, str(user)], on_conflict="last")}
    assert last[shipped_row.spun].originals == ("something else entirely",)


def test_default_restorer_reads_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    monkeypatch.setattr(tables_module, "read_table", lambda p: calls.append(p) or read_table(p))
    r = spinfix.Restorer(spinfix.Config(context=False, generalize=False))
    assert r.restore("Shares rose zero.5 % in early trading.") == "Shares rose 0.5 % in early trading."
    assert calls == []


def test_learned_cache_matches_the_shipped_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    # Rebuild with scripts/build_table_cache.py after changing a shipped table or what the generaliser learns.
    from spinfix import Config, Restorer, general

    rows = Restorer(Config()).table.rows
    with gzip.open(general._cache_path(), "rb") as fh:
        doc = json.loads(fh.read())
    stale = "learned.cache.json.gz is stale: run scripts/build_table_cache.py"
    assert doc["rows"] == general.rows_fingerprint(rows), stale
    expected = general.learn(rows)

    def refuse(_: object) -> None:
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(general, "learn", refuse)
    assert general.load_learned(rows) == expected


def test_other_rows_are_learned_and_a_broken_learned_cache_is_ignored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from spinfix import Config, Restorer, general

    rows = Restorer(Config()).table.rows
    fewer = [r for r in rows if r.domain != "science"]  # as Config(domains={"news"}) would load
    assert general.load_learned(fewer) == general.learn(fewer)
    expected = general.learn(rows)
    broken = tmp_path / "learned.json.gz"
    monkeypatch.setattr(general, "_cache_path", lambda: str(broken))
    for junk in (b"", b"not gzip", gzip.compress(b"[1, 2]"), gzip.compress(b'{"format": "spinfix-learned 1"}')):
        broken.write_bytes(junk)
        assert general.load_learned(rows) == expected


def test_cached_trigger_words_are_what_the_lexicon_chooses(tmp_path: Path) -> None:
    # The cache holds the trigger words the shipped unigram list chooses; with another unigram list the
    # generaliser chooses them again from that list's frequencies.
    import shutil

    from spinfix import Config, Restorer, general
    from spinfix.lexicon import Lexicon, Terms, Thesaurus

    rows = Restorer(Config()).table.rows
    found = general.load_learned(rows)
    assert found.triggers is not None
    shipped = Lexicon()
    expected = general.trigger_words(found.learned, general.original_counts(rows), shipped.zipf)
    assert found.triggers == (shipped.file_digest(general.UNIGRAMS), tuple(expected))
    assert general.Generalizer(rows, shipped, Thesaurus(), Terms()).trigger_words == expected

    other = tmp_path / "lexicon"
    shutil.copytree(shipped.directory, other)
    common = expected[0]  # made as common as "the": no longer rare enough to trigger
    path = other / general.UNIGRAMS
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(f"{common}\t7.7\n" if line.startswith(f"{common}\t") else line for line in lines),
                    encoding="utf-8")
    lexicon = Lexicon(other)
    assert lexicon.zipf.get(common) == 7.7
    chosen = general.Generalizer(rows, lexicon, Thesaurus(), Terms()).trigger_words
    assert chosen == general.trigger_words(found.learned, general.original_counts(rows), lexicon.zipf) == expected[1:]


def test_cached_forms_are_what_compiling_the_rows_gives() -> None:
    # The cache holds the surface forms of Config()'s compile (issue 14: 0.05 s of each cold start); any
    # other selection of rows compiles them as before.
    merged = load_tables(default_table_paths())
    assert isinstance(merged, tables_module.CachedRows)
    everything = frozenset({"news", "science", "general"})
    cached = compile_rows(merged, domains=everything, disabled=frozenset())
    plain = compile_rows(list(merged), domains=everything, disabled=frozenset())
    assert list(cached.variants.items()) == list(plain.variants.items())
    assert cached.rows == plain.rows and list(cached.by_entry.items()) == list(plain.by_entry.items())
    assert any(v.form != "as written" for v in cached.variants.values())
    for domains, disabled in ((frozenset({"news"}), frozenset()), (everything, frozenset({"stated"}))):
        assert (list(compile_rows(merged, domains=domains, disabled=disabled).variants.items())
                == list(compile_rows(list(merged), domains=domains, disabled=disabled).variants.items()))


def test_a_cache_without_forms_still_gives_the_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Its rows are used and compile_rows expands them itself (the forms are a cold-start shortcut only).
    with gzip.open(tables_module._cache_path(), "rb") as fh:
        doc = json.loads(fh.read())
    del doc["forms"]
    partial = tmp_path / "partial.json.gz"
    partial.write_bytes(gzip.compress(json.dumps(doc).encode()))
    monkeypatch.setattr(tables_module, "_cache_path", lambda: str(partial))
    paths = default_table_paths()
    merged = load_tables(paths)
    assert not isinstance(merged, tables_module.CachedRows)
    assert merged == merge_tables([read_table(p) for p in paths])
    everything = frozenset({"news", "science", "general"})
    assert compile_rows(merged, domains=everything, disabled=frozenset()).variants
