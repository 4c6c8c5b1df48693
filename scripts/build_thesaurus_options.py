"""Precompute the thesaurus pass's options: for every word of the reverse thesaurus, the WordNet originals
the pass may propose (``spinfix.general.thesaurus_options``).

The pass (``Generalizer.thesaurus_candidates``, in documents already shown to be spun) weighs at most a
few WordNet originals of each word, chosen by the Zipf list; reading them from the whole reverse thesaurus
(38,000 rows, 11 MB uncompressed) was 0.13 s of the first spun document's start in every process (issue
14). The answer depends only on shipped data (``thesaurus.tsv.gz``, ``unigrams.tsv``) and constants of
``spinfix.general``, so it is computed here once and written to
``spinfix/data/lexicon/thesaurus_options.tsv.gz``: a gzipped UTF-8 TSV, ``word<TAB>original original ...``
for the ~16,000 words that have options, ordered by word, after ``#`` comment lines, one of them
``# key: ...`` (``spinfix.general.thesaurus_options_key``): a mismatch at load time makes spinfix work
the options out from the thesaurus instead of using a stale file.

Run after changing the thesaurus, the Zipf list or those constants:
    python scripts/build_thesaurus_options.py
``tests/test_general.py`` checks that the file matches the live computation for every word.
"""

from __future__ import annotations

import gzip
import io
import sys
import time
from pathlib import Path

import lexicon_sources  # scripts/lexicon_sources.py: this script's directory is on sys.path when run

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spinfix.general import (  # noqa: E402
    THESAURUS_OPTIONS_FILE,
    thesaurus_options,
    thesaurus_options_key,
)
from spinfix.lexicon import Lexicon, Thesaurus  # noqa: E402


def build(lexicon: Lexicon, thesaurus: Thesaurus) -> tuple[bytes, int]:
    """The file's bytes (deterministic: sorted rows, gzip without name or time) and its row count."""
    rows = []
    for word in sorted(thesaurus.known):
        options = thesaurus_options(word, lexicon, thesaurus)
        if options:
            rows.append(f"{word}\t{' '.join(options)}\n")
    head = [
        "#spinfix-thesaurus-options 1",
        "# The thesaurus pass's WordNet originals of each word (spinfix.general.thesaurus_options):",
        "# columns: word<TAB>originals, best first; only words that have some; ordered by word.",
        f"# key: {thesaurus_options_key(lexicon, thesaurus)}",
        "# Built by scripts/build_thesaurus_options.py from thesaurus.tsv.gz (Moby, public domain; WordNet 3.0,",
        "# WordNet 3.0 licence) and unigrams.tsv (wordfreq, CC BY-SA 4.0); see SOURCES.md.",
    ]
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(("\n".join(head) + "\n" + "".join(rows)).encode("utf-8"))
    return buffer.getvalue(), len(rows)


def main() -> int:
    lexicon, thesaurus = Lexicon(), Thesaurus()
    started = time.perf_counter()
    data, count = build(lexicon, thesaurus)
    path = thesaurus.directory / THESAURUS_OPTIONS_FILE
    path.write_bytes(data)
    print(f"wrote {path} ({count:,} words, {len(data):,} bytes, {time.perf_counter() - started:.1f} s)")
    entry = lexicon_sources.Entry.of(
        path,
        "for each word of `thesaurus.tsv.gz` that has some, the WordNet originals the thesaurus pass weighs, "
        "precomputed so that a spun document does not read the whole thesaurus",
        f"{count:,} words",
        "derived from `thesaurus.tsv.gz` and `unigrams.tsv` by `scripts/build_thesaurus_options.py`",
        "as its sources (WordNet 3.0 licence, CC BY-SA 4.0)",
    )
    lexicon_sources.update(path.parent / "SOURCES.md", [entry], lexicon_sources.LEXICON_PREAMBLE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
