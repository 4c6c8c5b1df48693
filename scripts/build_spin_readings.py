"""Precompute the spin evidence's thesaurus readings of every word the trigram model knows.

For each word it evaluates, the spin evidence (:mod:`spinfix.evidence`) needs the words a spinner could
have replaced with it, in the word's own inflection, and their channel costs (``SpinDetector.options``).
Computing them asks lemminflect for every lemma and inflection: its data take about a second to load (and
with spaCy installed, lemminflect imports spaCy too), and each new word costs about half a millisecond
more, so a first document paid two to three seconds and a corpus run paid again for every new word.

The answer depends only on shipped data (the model's vocabulary, the reverse thesaurus, the Zipf list)
and on the constants of ``spinfix.evidence``, so it is computed here once, for all 72,547 model words,
and written to ``spinfix/data/lexicon/spin_readings.npz``:

* ``offsets`` (int32, one more than the vocabulary): word ``i``'s readings are ``ids[offsets[i]:offsets[i+1]]``;
* ``ids`` (int32): model ids of the readings, cheapest channel cost first, as ``options`` orders them;
* ``degree`` (int32): the thesaurus in-degree behind each reading's cost (the cost is
  ``CHANNEL_WEIGHT * log10(degree)``, recomputed at load so that it is bit-identical to the live one);
* ``key``: what the file was built from (see ``spinfix.evidence.readings_key``); a mismatch at load time
  makes spinfix compute the readings live instead of using a stale file.

Run after changing the thesaurus, the Zipf list, the n-gram model or those constants:
    python scripts/build_spin_readings.py
``tests/test_evidence.py`` checks that the file matches the live computation on a sample of words.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import lexicon_sources  # scripts/lexicon_sources.py: this script's directory is on sys.path when run
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spinfix.arrays import write_arrays  # noqa: E402
from spinfix.evidence import CHANNEL_WEIGHT, READINGS_PATH, SpinDetector, readings_key  # noqa: E402
from spinfix.lexicon import Lexicon, Thesaurus  # noqa: E402
from spinfix.ngram import TrigramModel  # noqa: E402


def main() -> int:
    model, thesaurus, lexicon = TrigramModel(), Thesaurus(), Lexicon()
    detector = SpinDetector(model, thesaurus, lexicon, precomputed=False)
    started = time.perf_counter()
    offsets = [0]
    ids: list[int] = []
    degrees: list[int] = []
    for word in model.words:
        forms, costs = detector.options(word)
        for form, cost in zip(forms.tolist(), costs.tolist()):
            degree = detector.reading_degree(word, model.words[form])
            # The stored degree must give back exactly the live cost.
            if CHANNEL_WEIGHT * math.log10(max(1, degree)) != cost:
                raise SystemExit(f"{word} -> {model.words[form]}: degree {degree} does not give cost {cost}")
            ids.append(form)
            degrees.append(degree)
        offsets.append(len(ids))
    # Stored uncompressed and aligned, so that a process maps the arrays instead of inflating them (the
    # wheel's zip compresses the file anyway).
    key = readings_key(model, thesaurus, lexicon).encode()
    write_arrays(READINGS_PATH, {"offsets": np.array(offsets, dtype=np.int32),
                                 "ids": np.array(ids, dtype=np.int32),
                                 "degree": np.array(degrees, dtype=np.int32),
                                 "key": np.frombuffer(key, dtype=np.uint8)})
    size = READINGS_PATH.stat().st_size
    print(f"wrote {READINGS_PATH} ({len(model.words):,} words, {len(ids):,} readings, {size:,} bytes, "
          f"{time.perf_counter() - started:.0f} s)")
    from lemminflect import __version__ as lemminflect_version

    entry = lexicon_sources.Entry.of(
        READINGS_PATH,
        "for each word of `ngram3.npz`, the thesaurus readings the spin evidence weighs (model ids and "
        "thesaurus in-degrees), precomputed so that no document waits for lemminflect",
        f"{len(ids):,} readings",
        "derived from `thesaurus.tsv.gz`, `unigrams.tsv`, `ngram3.npz` and lemminflect "
        f"{lemminflect_version} by `scripts/build_spin_readings.py`",
        "as its sources (WordNet 3.0 licence, CC BY-SA 4.0, BSD-2-Clause; lemminflect MIT)",
    )
    lexicon_sources.update(READINGS_PATH.parent / "SOURCES.md", [entry], lexicon_sources.LEXICON_PREAMBLE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
