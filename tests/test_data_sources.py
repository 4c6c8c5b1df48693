"""Provenance of the shipped lexicon data: every file is listed with its current hash and licence, and
rebuilding one file never drops the entries (or licence notices) of the others."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEXICON = ROOT / "spinfix" / "data" / "lexicon"
EXTRA = ROOT / "data" / "lexicon-extra"


def _lexicon_sources():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("lexicon_sources", ROOT / "scripts" / "lexicon_sources.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["lexicon_sources"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def _check_listed(directory: Path) -> None:
    text = (directory / "SOURCES.md").read_text(encoding="utf-8")
    for path in sorted(directory.iterdir()):
        if path.name == "SOURCES.md":
            continue
        assert f"| `{path.name}` |" in text, f"{path.name} has no row in {directory}/SOURCES.md"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"- `{path.name}` `{digest}`" in text, f"{path.name}: stale or missing hash; rebuild it with its script"


def test_every_shipped_lexicon_file_is_listed_with_its_hash() -> None:
    _check_listed(LEXICON)


def test_every_unshipped_lexicon_file_is_listed_with_its_hash() -> None:
    _check_listed(EXTRA)


def test_the_trigram_model_ships_with_its_bsd_notice() -> None:
    # BSD-2-Clause: binary redistributions must reproduce the notice.
    text = (LEXICON / "SOURCES.md").read_text(encoding="utf-8")
    assert "## Licence of `ngram3.npz`" in text
    assert "Copyright (c) 1999-2016 Carnegie Mellon University" in text


def test_rewriting_the_shipped_file_unchanged_gives_the_same_bytes(tmp_path: Path) -> None:
    ls = _lexicon_sources()
    for directory, preamble in ((LEXICON, ls.LEXICON_PREAMBLE), (EXTRA, ls.EXTRA_PREAMBLE)):
        copy = tmp_path / "SOURCES.md"
        copy.write_text((directory / "SOURCES.md").read_text(encoding="utf-8"), encoding="utf-8")
        ls.update(copy, [], preamble)
        assert copy.read_text(encoding="utf-8") == (directory / "SOURCES.md").read_text(encoding="utf-8")


def test_one_builder_replaces_only_its_own_entry(tmp_path: Path) -> None:
    ls = _lexicon_sources()
    copy = tmp_path / "SOURCES.md"
    original = (LEXICON / "SOURCES.md").read_text(encoding="utf-8")
    copy.write_text(original, encoding="utf-8")
    data = tmp_path / "thesaurus.tsv.gz"
    data.write_bytes(b"rebuilt")
    ls.update(copy, [ls.Entry.of(data, "reverse thesaurus, single words", "7", "a test", "public domain")],
              ls.LEXICON_PREAMBLE)
    new = copy.read_text(encoding="utf-8")
    assert "| `thesaurus.tsv.gz` | reverse thesaurus, single words | 7 | 7 | a test | public domain |" in new
    assert f"- `thesaurus.tsv.gz` `{hashlib.sha256(b'rebuilt').hexdigest()}`" in new
    changed = {line for line in set(original.splitlines()) ^ set(new.splitlines())}
    assert all("thesaurus.tsv.gz" in line for line in changed), changed  # nothing else moved or vanished
    # A file the builder adds gets its row, hash and notice; the rows keep their order.
    extra = tmp_path / "new.tsv.gz"
    extra.write_bytes(b"x")
    ls.update(copy, [ls.Entry.of(extra, "c", "1", "s", "MIT", notice=("N", "notice text"))], ls.LEXICON_PREAMBLE)
    final = copy.read_text(encoding="utf-8")
    assert final.index("| `spin_readings.npz`") < final.index("| `new.tsv.gz`")
    assert "## Licence of `new.tsv.gz` (N)\n\n```text\nnotice text\n```" in final
    assert "Copyright (c) 1999-2016 Carnegie Mellon University" in final
