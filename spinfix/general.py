"""Generalisation: propose swaps that no table row lists, only where the text looks suspicious.

Two sources of candidate originals:

* **learned swaps** — word-level swap statistics aligned from the loaded tables (the PPS list aligns
  "image acknowledgment" with "image recognition", so *acknowledgment → recognition*; the news table
  aligns "personal corporations" with "private companies"), and swaps the tables show beside the same
  unchanged neighbour ("neural system" → *neural network*, for a word like "system" that the tables use
  as original wording too often to learn a swap of its own). Because they are learned from whatever
  tables are loaded, an evaluation that holds rows out also holds their statistics out.
* **the reverse thesaurus** (WordNet links only: Moby's are too noisy to act on without a table), used
  only in documents already shown to be spun, or after an article tell.

Gating keeps this off the hot path: learned-swap triggers are found by one automaton scan over the
normalised text; the thesaurus pass runs only for spun documents. Around a trigger, the run of content
words (the core of a noun phrase, roughly) is decoded as a whole: every word the tables show swapped
may keep its wording or take a learned original, and a combination is kept only when the restored
phrase is *established* (a WordNet term, a frequent web bigram, or a word pair of a loaded table's
originals; in science-like text also a technical collocation of the scientific stack's docstrings or a
bigram of the trigram model) between content words, the spun phrase is not, and no swapped-looking word
is left stranded beside the restoration. Of the combinations that pass, the one whose word pairs are all
best known wins, then the simpler. In news-like text, and wherever its swaps only the other domain's rows show, a phrase
acts only in a region that looks spun. That is the condition that makes "image acknowledgment" a swap,
"acknowledgment of funding" ordinary English, and "deep neural organization" a half-restoration that
is not written at all.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import hashlib
import itertools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from .candidates import Candidate, SpanSet
from .errors import SpinfixError
from .lexicon import UNIGRAMS, Lexicon, Terms, Thesaurus, data_sizes, fields, read_tsv
from .loading import builds_data, read_gzip
from .matcher import Match, PhraseMatcher
from .native import load_compiled
from .normalize import article_tell, is_word_end, is_word_start, starts_with_vowel_sound
from .table import Row
from .text import (
    NEIGHBOUR_WINDOW_CHARS,
    SCIENCE_SHARE,
    Register,
    find_words,
    finder_hits,
    name_like,
    next_word_span,
    prev_word_span,
    reads_as_general_prose,
    reads_as_news,
    word_finder,
)

#: Minimum number of table rows behind a learned word swap before it may act on its own.
MIN_SUPPORT = 2
#: Share of its neighbour-paired swaps the commonest original must take (see _paired_swaps).
PAIRED_MIN_SHARE = 0.6
#: Prior of a restoration that makes a phrase spell the acronym written after it (see
#: Generalizer.acronym_candidates): the acronym is the writer's, and the spinner did not touch it.
ACRONYM_PRIOR = 0.6
#: A parenthesised acronym of 2 to 6 capitals, perhaps with a plural "s": "(SVM)", "(DTs)".
_ACRONYM = re.compile(r"\(([A-Z]{2,6})s?\)")
#: Restored spellings of one acronym tried at most (the product of each word's options).
MAX_ACRONYM_COMBOS = 64
#: A neighbour-paired swap is evidence for the change, not a rival explanation: it pays no CHANGE_COST and
#: wins a tie ("deep neural network" over "deep neural system", both terms).
PAIRED_GAIN = 0.1
#: Very frequent words (Zipf ≥ 6: "the", "of", "data") are never triggers: far too common in clean text.
MAX_TRIGGER_ZIPF = 5.5

#: A learned word swap of a word rarer than this (Zipf) counts only in a region that also holds a strong
#: finding (``Candidate.strong_region``): the broadcast-news trigram model judges common words well in any
#: register, but encyclopedic and technical vocabulary reads as improbable to it, and the region's
#: improbable words then look like spinning. In 99 English Wikipedia articles (``benchmarks.clean_wikipedia``,
#: 298k words) learned word swaps changed 28 words ("flora" -> "plants", "lattice" -> "network"); with
#: this bar the articles' changed words go 60 -> 51 (0.20 -> 0.17 per 1,000), the devset's recall 0.1631
#: -> 0.1655 at precision 0.9324 -> 0.9333, and the 313 benchmark documents keep their restorations.
#: Applied to every learned word swap it cost 17 right "within" -> "in" in the table-spun news.
COMMON_SWAP_ZIPF = 5.0
#: Words at or above this Zipf frequency ("on", "the", "data") cannot vouch for a collocation.
CONTENT_MAX_ZIPF = 5.8
#: A learned swap acts only if it accounts for at least this share of the word's observed swaps.
MIN_SHARE = 0.2
#: How many content words a chunk may extend on each side of a trigger word.
MAX_CHUNK = 3
#: Chunk restorations kept (see Generalizer._chunk_candidate) before the memo is emptied.
CHUNK_MEMO_SIZE = 50_000
#: Combinations tried per chunk (each swapped-looking word keeps its wording or takes one of three originals).
MAX_COMBOS = 256
#: Log-share cost of each changed word: among accepted restorations, the one with fewer changes wins.
CHANGE_COST = 0.5
#: Zipf frequency above which a trigger word's prior shrinks tenfold per unit (see _chunk_candidate).
COMMON_ZIPF = 4.0
#: Log-odds for a restoration that a term vouches for (a word pair of a table original, a WordNet term)
#: while the spun pairs are not established: the context evidence of generalisation (the bigram context
#: is usually silent here). The acronym a phrase spells vouches as much (see acronym_candidates).
ESTABLISHED_VOUCH = 1.0
#: What a term vouches for a restored chunk of learned swaps (see _chunk_restoration). Measured on the
#: unseen-PPS folds (session 19), such restorations were right far more often than their scores said: of
#: the learned findings scored 0.3-0.5 whose restored pair is a term, 155 of 167 moved the phrase towards
#: the expected term, and in clean technical prose (the docstring corpus) four findings of that kind scored
#: as high. 1.5 restored 8.81 -> 10.06 % of the held-out phrases exactly at the same precision (0.670 ->
#: 0.668), changed three more docstring words (23 -> 26) and nothing else measured; 1.75 and 2.0 began to
#: change the clean science fixtures and the second held-out science set.
TERM_VOUCH = 1.5
#: The same when the only established pairs are frequent web bigrams, not terms (see _chunk_candidate).
BIGRAM_VOUCH = 0.5
#: Added to the vouch when two or more learned swaps restore one chunk together into technical English (a
#: term, a technical collocation, a bigram of the trigram model; not general English, a web bigram). Two
#: words that each look swapped and only jointly make a known phrase are independent signs, which a
#: writer's own wording rarely gives: on the unseen-PPS folds (session 20) such findings scored 0.3-0.5
#: restored 140 phrases, 83 of them exactly, while in the clean sets (fixtures, both held-out science
#: sets, 202k words of docstrings, 298k of Wikipedia) none scored as high. Exact 10.22 -> 11.31 % at
#: precision 0.668 -> 0.661; every clean figure unchanged; 1.0 gave 11.41 % at precision 0.655. Where the
#: restored phrase is only general English (a web bigram), each swap must be one the tables show in
#: MIN_SUPPORT rows: with any swap it changed "native types" in a docstring into "local products" ("types"
#: -> "products" from one row); so, 11.35 -> 11.49 % at the same precision (0.668), with the synonyms of
#: ``_choices``, and nothing clean changed.
MULTI_SWAP_VOUCH = 0.75
#: The swap share given to a WordNet synonym of a chunk word that has no learned swap (see _choices): an
#: option, never evidence of its own. On the unseen-PPS folds (session 20, before web bigrams joined
#: MULTI_SWAP_VOUCH) 0.15 / 0.3 / 0.5 gave 11.32 / 11.35 / 11.35 % exact at precision 0.670 / 0.668 / 0.666.
SYNONYM_SHARE = 0.3
#: Thesaurus originals a half-restored chunk word is tried with (``Generalizer._completions``), best first.
COMPLETION_ORIGINALS = 200
#: Prior of a learned swap is its share of the word's swaps times this ceiling (a learned pattern is
#: never as sure as a listed row).
LEARNED_CEILING = 0.45
#: Originals this frequent ("have", "get") are never proposed from the thesaurus.
THESAURUS_MAX_ORIGINAL_ZIPF = 6.0
#: Spun words this frequent are never looked at by the thesaurus pass, and it weighs at most this many of
#: a word's WordNet originals (best first).
THESAURUS_MAX_SPUN_ZIPF = 6.0
THESAURUS_OPTIONS = 8
#: The thesaurus pass's options of every word, precomputed (``scripts/build_thesaurus_options.py``).
THESAURUS_OPTIONS_FILE = "thesaurus_options.tsv.gz"
#: Prior of a thesaurus-only swap: a synonym is rarely a swap; it needs document and context evidence.
THESAURUS_PRIOR = 0.03
#: The article rule (``Generalizer.article_candidates``): its prior (a spread swap's, ``score.SPREAD_PRIOR``:
#: the article says the word was swapped, the context must say for what), how many WordNet originals of
#: the word it weighs (best first, after the learned ones), the least Zipf frequency of an original (a
#: spinner swaps a common word for a rarer one, seldom the other way), and how many it keeps, best fit
#: first. Measured on the devset (session 43), every synonym-spun article restored as one document:
#: 0.1856 / 0.9128 -> 0.1879 / 0.9138 (*an try* -> *an attempt*, *an sickness* -> *an illness*); with no
#: fit required (the best original's context term below 0 too) "an job interview" became *an office
#: interview* and, with Moby's originals, "a employee" *a temporary*; in every document rather than the
#: spun ones "an previously case" became *an early case*. No clean, mixed, joined or held-out set changed.
ARTICLE_PRIOR = 0.4
ARTICLE_OPTIONS = 30
ARTICLE_MIN_ZIPF = 3.5
ARTICLE_KEEP = 3
#: A *signature word* (see Generalizer.signature_words) is a learned trigger that news rows show swapped,
#: whose commonest learned original accounts for at least this share of its swaps ...
SIGNATURE_MIN_SHARE = 0.5
#: ... behind at least this many table rows.
SIGNATURE_MIN_SUPPORT = 3


#: How well a restored pair is known (:meth:`Generalizer._strength`), best last, and how the explanation says it.
MODEL_BIGRAM, TECHNICAL, WEB_BIGRAM, TERM = range(4)
STRENGTH_NAMES = ("bigrams of the trigram model", "technical collocations", "frequent web bigrams", "a term")
#: Word pairs whose collocation verdict is kept per generaliser (a pair costs a few set lookups and up to
#: two binary searches in the n-gram model; the same pairs come back in every reading of a chunk and in
#: every paper) before the memo is emptied.
COLLOCATION_MEMO = 100_000


class PairList(Protocol):
    """A list of word pairs natural English uses together (the trigram model's bigrams)."""

    def has_bigram(self, first: str, second: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class Swap:
    original: str
    count: int
    share: float
    #: Learned beside a neighbour (see _paired_swaps), from the rows of the text's own domain: -1 on its
    #: left, 1 on its right; 0 for a word's own learned swap.
    beside: int = 0

    @property
    def paired(self) -> bool:
        return self.beside != 0


def align(spun: str, original: str) -> list[tuple[str, str]]:
    """Word-level swaps between a spun phrase and its original (same-length replaced blocks only)."""
    s, o = spun.split(" "), original.split(" ")
    if len(s) == len(o):  # the common case: position by position, no alignment needed
        return [(a, b) for a, b in zip(s, o) if a != b]
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=s, b=o, autojunk=False).get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            out.extend(zip(s[i1:i2], o[j1:j2]))
    return out


def _variant(a: str, b: str) -> bool:
    """Spelling or inflection variants ("network"/"networks", "modelling"/"modeling"), not swaps."""
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short[:-1]) and len(long_) - len(short) <= 3


def learn_swaps(rows: Iterable[Row]) -> dict[str, list[Swap]]:
    """Word swap statistics from table rows: spun word → originals with counts and shares.

    A word that the tables use as *original* wording about as often as they show it swapped ("data",
    "network") is ordinary vocabulary, not a spinner's output, and learns nothing; nor do spelling
    and inflection differences between a row and its original.
    """
    return _tally(_row_swaps(rows))


#: What one row teaches (see _row_swaps): its domain, the words of its original, its word swaps.
_RowSwaps = tuple[str, frozenset[str], list[tuple[str, str]]]


def _row_swaps(rows: Iterable[Row]) -> list[_RowSwaps]:
    """Each learnable row's domain, original words and word swaps: aligned once, then tallied for every
    domain (aligning each row once per tally was 0.1 s of every cold start)."""
    return [(row.domain, frozenset(row.originals[0].split(" ")),
             [(sw, ow) for sw, ow in align(row.spun, row.originals[0]) if not _variant(sw, ow)])
            for row in rows if not (row.detect_only or not row.originals or row.kind == "number")]


def _paired_swaps(rows: Iterable[Row]) -> dict[tuple[str, str, int], list[Swap]]:
    """Word swaps the tables show beside an unchanged neighbour: (neighbour, spun word, side) -> originals,
    side -1 for a neighbour on the left, 1 on the right; only those behind MIN_SUPPORT rows, with the
    commonest original taking at least PAIRED_MIN_SHARE of them."""
    counts: dict[tuple[str, str, int], Counter[str]] = defaultdict(Counter)
    for row in rows:
        if row.detect_only or not row.originals or row.kind == "number":
            continue
        s, o = row.spun.split(" "), row.originals[0].split(" ")
        if len(s) != len(o) or len(s) < 2:
            continue
        for k, (a, b) in enumerate(zip(s, o)):
            if a == b or _variant(a, b):
                continue
            if k and s[k - 1] == o[k - 1]:
                counts[(s[k - 1], a, -1)][b] += 1
            if k + 1 < len(s) and s[k + 1] == o[k + 1]:
                counts[(s[k + 1], a, 1)][b] += 1
    out: dict[tuple[str, str, int], list[Swap]] = {}
    for key, c in counts.items():
        total = sum(c.values())
        best, n = c.most_common(1)[0]
        if n >= MIN_SUPPORT and n / total >= PAIRED_MIN_SHARE:
            out[key] = [Swap(best, n, n / total, beside=key[2])]
    return out


#: What the generaliser learns from its rows (see :func:`learn`), worked out ahead of time for the shipped
#: tables by ``scripts/build_table_cache.py``: aligning and tallying ~11k rows took 0.2 s of every cold
#: start that reads a spun sentence (issue 14). Keyed by :func:`rows_fingerprint`, so any other set of
#: rows (a user's table, a domain switched off, a k-fold's training rows) is learned as before.
LEARNED_CACHE = "learned.cache.json.gz"
LEARNED_FORMAT = "spinfix-learned 2"


@dataclass(frozen=True, slots=True)
class Learned:
    """The swap statistics of a set of rows: all of them, each domain's own (with ``general`` rows), and
    each domain's neighbour-paired swaps."""

    learned: dict[str, list[Swap]]
    native: dict[str, dict[str, list[Swap]]]
    paired: dict[str, dict[tuple[str, str, int], list[Swap]]]
    #: The trigger words worked out ahead of time, with the SHA-256 of the unigram file they were chosen by
    #: (from the cache only; not part of what was learned, so left out of comparisons).
    triggers: tuple[str, tuple[str, ...]] | None = field(default=None, compare=False)


def rows_fingerprint(rows: Sequence[Row]) -> str:
    """SHA-256 of what :func:`learn` reads of each row, in order, and of the constants it learns by (a
    change to the learning code itself is caught by ``tests/test_table_cache.py``)."""
    lines = [f"{LEARNED_FORMAT};{MIN_SUPPORT};{PAIRED_MIN_SHARE}"]
    lines += (f"{r.domain}\x1f{r.kind}\x1f{int(r.detect_only)}\x1f{r.spun}\x1f{r.originals[0] if r.originals else ''}"
              for r in rows)
    text = "\n".join(lines)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def learn(rows: Sequence[Row]) -> Learned:
    """Align and tally ``rows`` (see :func:`learn_swaps` and :func:`_paired_swaps`)."""
    taught = _row_swaps(rows)
    domains = ("news", "science")
    return Learned(_tally(taught),
                   {d: _tally(t for t in taught if t[0] in (d, "general")) for d in domains},
                   {d: _paired_swaps(r for r in rows if r.domain in (d, "general")) for d in domains})


def table_phrases(rows: Iterable[Row]) -> frozenset[str]:
    """Every original of ``rows``: phrases natural English knows (see ``Generalizer.established``)."""
    return frozenset(o for r in rows for o in r.originals)


def original_counts(rows: Iterable[Row]) -> Counter[str]:
    """How many of ``rows`` list each phrase among their originals (see :func:`trigger_words`)."""
    return Counter(o for r in rows for o in r.originals)


#: A word that some row lists as its whole original is writer's wording, so it is no trigger word (see
#: :func:`trigger_words`) unless the rows teach it as a swap at least this many times as often as they
#: restore to it, with one original taking at least ORIGINAL_TRIGGER_SHARE of those swaps: "community" is
#: taught as *network* by 23 rows and restored to by one ("neighborhood" -> *community*), "information"
#: splits between *news* and *data* (0.42 each) and stays out. Session 32, on every evaluation set: the
#: example without its rows 40 -> 41 ("some community equipment" -> *network equipment*), unseen PPS
#: 790 -> 791 phrases exact (new spun forms of known terms 1,025 -> 1,028), screening with three phrases
#: 38.8 -> 39.1 % flagged; the devset, every clean and mixed set and the table-spun texts unchanged. With
#: every such word a trigger (no ratio) the devset lost precision (0.9128 -> 0.9080, "information agency"
#: -> *news firm*) and mixed science documents gained a changed word.
ORIGINAL_TRIGGER_RATIO = 5
ORIGINAL_TRIGGER_SHARE = 0.8


def trigger_words(learned: dict[str, list[Swap]], originals: Mapping[str, int], zipf: Mapping[str, float]) -> list[str]:
    """The words whose learned swaps the generaliser looks for: taught by at least MIN_SUPPORT rows, rarer
    than MAX_TRIGGER_ZIPF (``zipf``), and not a table original themselves (``originals``, by the number of
    rows that restore to each, see :func:`original_counts`) unless the rows teach them as a swap far more
    often and to one original mostly (ORIGINAL_TRIGGER_RATIO, ORIGINAL_TRIGGER_SHARE)."""
    out = []
    for w, swaps in learned.items():
        support = sum(s.count for s in swaps)
        if support < MIN_SUPPORT or zipf.get(w, 0.0) >= MAX_TRIGGER_ZIPF:
            continue
        restored_to = originals.get(w, 0)
        if restored_to and (support < ORIGINAL_TRIGGER_RATIO * restored_to or swaps[0].share < ORIGINAL_TRIGGER_SHARE):
            continue
        out.append(w)
    return sorted(out)


def learned_document(rows: Sequence[Row], lexicon: Lexicon | None = None) -> dict[str, object]:
    """The cache document of :func:`learn` for ``rows`` (plain JSON), with the trigger words ``lexicon``'s
    frequencies choose (1,200 frequency lookups and the unigram list's load were 0.06 s of a cold start)."""
    found = learn(rows)
    lexicon = lexicon or Lexicon()

    def swaps(table: dict[str, list[Swap]]) -> dict[str, list[list[object]]]:
        return {w: [[x.original, x.count, x.share] for x in xs] for w, xs in sorted(table.items())}

    return {"format": LEARNED_FORMAT, "rows": rows_fingerprint(rows), "learned": swaps(found.learned),
            "native": {d: swaps(t) for d, t in found.native.items()},
            "paired": {d: [[n, w, side, [[x.original, x.count, x.share] for x in xs]]
                           for (n, w, side), xs in sorted(t.items())] for d, t in found.paired.items()},
            "triggers": {"unigrams": lexicon.file_digest(UNIGRAMS),
                         "words": trigger_words(found.learned, original_counts(rows), lexicon.zipf)}}


def _cache_path() -> str:
    return str(resources.files("spinfix") / "data" / "tables" / LEARNED_CACHE)


def load_learned(rows: Sequence[Row]) -> Learned:
    """:func:`learn` of ``rows``, from the shipped cache when it was built from the same rows."""
    try:
        doc = json.loads(read_gzip(_cache_path()))
        if doc.get("format") != LEARNED_FORMAT or doc.get("rows") != rows_fingerprint(rows):
            return learn(rows)

        def swaps(table: dict[str, list[list[Any]]]) -> dict[str, list[Swap]]:
            return {w: [Swap(o, n, sh) for o, n, sh in xs] for w, xs in table.items()}

        triggers = doc["triggers"]
        return Learned(swaps(doc["learned"]), {d: swaps(t) for d, t in doc["native"].items()},
                       {d: {(n, w, side): [Swap(o, c, sh, beside=side) for o, c, sh in xs] for n, w, side, xs in t}
                        for d, t in doc["paired"].items()},
                       (str(triggers["unigrams"]), tuple(str(w) for w in triggers["words"])))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return learn(rows)


def _tally(learned: Iterable[_RowSwaps]) -> dict[str, list[Swap]]:
    """The swap statistics of rows taught as ``_row_swaps`` gives them (see :func:`learn_swaps`)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    as_original: Counter[str] = Counter()
    for _, words, swaps in learned:
        as_original.update(words)
        for sw, ow in swaps:
            counts[sw][ow] += 1
    out: dict[str, list[Swap]] = {}
    for sw, c in counts.items():
        total = sum(c.values())
        if as_original[sw] * 2 >= total:
            continue
        out[sw] = [Swap(o, n, n / total) for o, n in c.most_common(5)]
    return out



class Generalizer:
    """Candidate swaps beyond the table, gated to suspicious spots (see the module doc)."""

    def __init__(self, rows: list[Row], lexicon: Lexicon, thesaurus: Thesaurus, terms: Terms,
                 *, word_swaps: bool = False, model_pairs: PairList | None = None) -> None:
        self.lexicon = lexicon
        #: The trigram model's bigrams (2 M pairs against the web list's 258k), asked only when a chunk's
        #: pair is none of the established kinds, and only in science-like text (see :meth:`collocated`).
        self.model_pairs = model_pairs
        self._collocation_memo: dict[str, bool | _Established] = {}
        #: Also propose single learned word swaps for the context model to judge (needs the trigram model
        #: and region evidence; see _word_candidates).
        self.word_swaps = word_swaps
        self.thesaurus = thesaurus
        self.terms = terms
        # Load the terms now, under the caller's lock, not lazily in the middle of a (threaded) scan: every
        # trigger chunk reads them. The thesaurus is read only by the thesaurus pass of a spun document, so it
        # loads on that pass (or in Restorer.warm), not in every cold start (0.14 s of it; issue 14).
        _ = terms.terms
        found = load_learned(rows)
        self.learned = found.learned
        #: The same statistics from each domain's own rows (a user's ``general`` rows count in both): a
        #: swap the tables show only in science papers ("nonstop" -> "continuous") is evidence of a paper
        #: mill, not of a news spinner, so in news-like text it acts only where the region looks spun
        #: (``Candidate.spun_region``), and the other way round.
        self.native = found.native
        #: Neighbour-paired swaps by domain, each from that domain's rows (and ``general`` ones).
        self.paired = found.paired
        self.table_phrases = table_phrases(rows)
        self.table_spun = frozenset(r.spun for r in rows)
        self.table_pairs = frozenset(
            f"{a} {b}" for p in self.table_phrases for a, b in itertools.pairwise(p.split(" ")))
        if found.triggers is not None and found.triggers[0] == lexicon.file_digest(UNIGRAMS):
            triggers = list(found.triggers[1])  # the shipped rows and unigram list: chosen when the cache was built
        else:
            triggers = trigger_words(self.learned, original_counts(rows), lexicon.zipf)
        self.trigger_words = triggers
        self._trigger_set = frozenset(triggers)
        #: Words a news spinner writes for others ("stated", "corporate", "convention", "minimize"): the
        #: trigger words whose swaps news rows show, whose commonest learned original has a share of at
        #: least SIGNATURE_MIN_SHARE, behind SIGNATURE_MIN_SUPPORT rows. Each is ordinary English on its
        #: own, but several in one passage are a sign of a spinner (the region evidence counts them, see
        #: ``spinfix.restore.signature_log_likelihood_ratio``).
        self.signature_words = frozenset(
            w for w in triggers
            if self.native["news"].get(w) and self.learned[w][0].share >= SIGNATURE_MIN_SHARE
            and sum(x.count for x in self.learned[w]) >= SIGNATURE_MIN_SUPPORT)
        #: word -> originals for the thesaurus pass, filled as documents bring new words; only words the
        #: thesaurus knows are kept, so it is bounded however many documents pass (threads filling it at
        #: once only repeat work).
        self._thesaurus_options: dict[str, tuple[str, ...]] = {}
        self._word_swap_cache: dict[str, list[tuple[tuple[str], float, str]]] = {}
        self._article_cache: dict[tuple[str, bool], tuple[str, ...]] = {}  # see _article_options
        self._chunk_memo: dict[tuple[object, ...], tuple[_Restoration | None] | _ByRegister] = {}
        self.matcher = PhraseMatcher(triggers)
        #: The places of the signature words among the matcher's patterns (see :meth:`signature_bound`).
        self._signature_places = frozenset(i for i, w in enumerate(self.matcher.patterns) if w in self.signature_words)
        #: The same words as a compiled finder, counted with a document's register (``text.Register.found``,
        #: an upper bound of :meth:`signature_bound` at no scan of its own), or None.
        self.signature_finder = word_finder(sorted(self.signature_words))
        #: The same single words found in C over the text's ASCII twin (``text.word_finder``), or None:
        #: only without the matcher's own compiled scan, which finds them faster (4.4 against 5.8 ms per
        #: MB of clean news, 7.2 of clean science, with no second look at a text that is not ASCII).
        self._finder = None if self.matcher.compiled else word_finder(triggers)
        #: The trigger matches of the last text scanned (one tuple, replaced atomically, so threads at worst
        #: scan twice): the learned-swap pass and the regions' signature words read the same matches.
        self._last_hits: tuple[str, list[Match]] | None = None
        self._last_signature: tuple[str, list[tuple[int, str]]] | None = None  # the same for signature_hits

    def trigger_hits(self, norm: str) -> list[Match]:
        """The trigger words' matches in ``norm``, scanned once per text."""
        last = self._last_hits
        if last is not None and last[0] is norm:
            return last[1]
        finder = self._finder
        # The matcher's matches of single words, found in C without its automaton where a module is
        # built: 17 -> 6 ms per MB of clean news with the finder, 4.4 with the matcher's compiled scan.
        hits = self.matcher.find(norm) if finder is None else finder_hits(finder, self.matcher.patterns, norm)
        self._last_hits = (norm, hits)
        return hits

    def signature_hits(self, text: str, norm: str, counts: Register) -> list[tuple[int, str]]:
        """(start, word) of every signature word in ``norm`` (the normalised ``text``), in text order,
        names excepted ("Convention Center") as the learned-swap pass excepts them; none in a science-like
        document (``counts`` are its register counts), whose clean prose uses "within", "primary" or
        "regulation" as freely as a news spinner does. Worked out once per text, like the trigger hits:
        the learned-swap gate, the region gate and the regions' signature evidence all ask for them."""
        last = self._last_signature
        if last is not None and last[0] is norm:
            return last[1]
        sig = self.signature_words
        hits = [] if _Register(counts).science else [
            (s, norm[s:e]) for s, e, _ in self.trigger_hits(norm) if norm[s:e] in sig and not name_like(text, s)]
        self._last_signature = (norm, hits)
        return hits

    def signature_bound(self, norm: str) -> int:
        """How many distinct signature words the trigger matches of ``norm`` hold, names and register
        not looked at: never fewer than :meth:`signature_hits` gives, and worked out from the matches'
        pattern places alone. Most texts fall short of the spinner-vocabulary density with this count
        already (``restore.spinner_vocabulary``), and the matches' words need not be read one by one (a
        slice, a set test and a name test per match: half of that test's time on clean news)."""
        places = self._signature_places
        return len({i for _, _, i in self.trigger_hits(norm) if i in places})

    def established(self, phrase: str) -> bool:
        """A phrase natural English knows: a table original (or a word pair inside one), a WordNet term,
        or a frequent web bigram."""
        return (phrase in self.table_phrases or phrase in self.terms.terms
                or (phrase.count(" ") == 1 and (phrase in self.lexicon.bigrams or phrase in self.table_pairs)))

    def collocated(self, pair: str, register: _Register) -> bool:
        """An established word pair or, in science-like text, a technical collocation (the docstring
        list, ``Lexicon.collocations``) or a pair the trigram model lists.

        Science collocations ("recognition system", "activation function") are mostly too rare for the
        web bigram list, so a tortured phrase whose restoration is ordinary technical English could not
        be vouched for. In news these lists are too permissive for the chunk decoder: on the devset the
        model's bigrams let swaps learned from science rows act on common words ("occasions" -> "times").
        """
        memo = self._collocation_memo
        known = memo.get(pair)  # ESTABLISHED, or whether science-like text finds the pair collocated
        if known is None:
            known = ESTABLISHED if self.established(pair) else None
            if known is None:
                if not register.science:
                    return False  # the science answer is left for a science-like text to work out
                first, second = pair.split(" ")
                known = pair in self.lexicon.collocations or (
                    self.model_pairs is not None and self.model_pairs.has_bigram(first, second))
            if len(memo) >= COLLOCATION_MEMO:
                memo.clear()
            memo[pair] = known
        if known is ESTABLISHED:
            return True
        return bool(register.science) and bool(known)

    def learned_candidates(self, text: str, norm: str, busy: dict[tuple[int, int], str],
                           counts: Register | None = None, *,
                           deferred: list[tuple[int, list[tuple[int, int]]]] | None = None) -> list[Candidate]:
        """Candidates at learned trigger words, restored chunk by chunk (see :meth:`_chunk_candidate`).

        ``busy`` maps spans already claimed by the table or rules to their restoration: they are never
        re-proposed, but inside a chunk they count with their restored wording ("speaker
        acknowledgment" restored by a row vouches for "recognition system"). ``counts`` are the
        document's register counts when the table has already taken some (``text.Register``).

        With a ``deferred`` list, the bare word swaps of the trigger words no chunk restores are not made:
        each place they would take in the result is appended to it instead, as (index, trigger spans),
        for :meth:`with_word_candidates` to make them if the document turns out to need them.
        """
        out: list[Candidate] = []
        spans = SpanSet(busy)
        claimed = _Claimed(busy)
        hits = [(s, e) for s, e, _ in self.trigger_hits(norm)
                if not spans.overlaps(s, e) and not name_like(text, s)]
        # A trigger inside a hyphenated compound is no word of its own to the matcher ("machine-mastering
        # algorithms"): its parts are found here, and the chunk reads across the hyphen.
        parts = [(s, e) for s, e in self._compound_parts(norm) if not spans.overlaps(s, e) and not name_like(text, s)]
        if parts:
            hits = sorted(set(hits).union(parts))
        hit_set = set(hits)
        register = _Register(counts if counts is not None else Register(text, norm))
        done_until = -1
        for s, e in hits:
            if s < done_until:
                continue
            chunk = self._chunk(norm, s, e, busy, claimed)
            triggers = [i for i, span in enumerate(chunk) if span in hit_set]
            done_until = chunk[-1][1]
            cand = self._chunk_candidate(norm, chunk, triggers, busy, register)
            if cand is not None:
                out.append(cand)
            elif self.word_swaps:
                if deferred is None:
                    out.extend(self._word_candidates(norm, [chunk[i] for i in triggers]))
                else:
                    deferred.append((len(out), [chunk[i] for i in triggers]))
        return out

    def with_word_candidates(self, norm: str, cands: Sequence[Candidate],
                             deferred: Sequence[tuple[int, list[tuple[int, int]]]]) -> list[Candidate]:
        """``cands`` (what :meth:`learned_candidates` returned with ``deferred``) with the deferred word
        swaps made and put where they would have stood: the list it returns without ``deferred``."""
        out: list[Candidate] = []
        done = 0
        for at, spans in deferred:
            out.extend(cands[done:at])
            done = at
            out.extend(self._word_candidates(norm, spans))
        out.extend(cands[done:])
        return out

    def _word_candidates(self, norm: str, spans: list[tuple[int, int]]) -> list[Candidate]:
        """One candidate per learned original of each trigger word whose phrase could not be vouched
        for: the trigram context model and the region's spin evidence decide these (rule
        ``general:context``), and they count only inside a region shown to be spun."""
        out: list[Candidate] = []
        for s, e in spans:
            word = norm[s:e]
            rare = self.lexicon.zipf.get(word, 0.0) < COMMON_SWAP_ZIPF
            for originals, prior, reason in self._word_swaps(word):
                out.append(Candidate(s, e, originals, prior, "general:context", reason, kind="word",
                                     strong_region=rare))
        return out

    def _word_swaps(self, word: str) -> list[tuple[tuple[str], float, str]]:
        """(originals, prior, reason) of each learned swap proposed for ``word`` alone; worked out once
        per word of the learned swaps (so the cache is bounded by the tables)."""
        found = self._word_swap_cache.get(word)
        if found is None:
            swaps = [x for x in self.learned.get(word, ()) if x.share >= MIN_SHARE][:3]
            support = sum(x.count for x in self.learned.get(word, ()))
            rarity = min(1.0, 10 ** (COMMON_ZIPF - self.lexicon.zipf.get(word, 0.0)))
            found = [((x.original,), min(0.95, LEARNED_CEILING * x.share * min(1.0, support / 4) * rarity),
                      f"learned swap {word} → {x.original} ({x.count} of {support} table rows)") for x in swaps]
            if word in self.learned:  # any other string proposes nothing, and is not kept
                self._word_swap_cache[word] = found
        return found

    def _in_number(self, spun: str, original: str) -> str:
        """``original`` in the grammatical number of the noun ``spun``, where the tables themselves restore
        ``spun`` to both forms of it; else ``original`` as it is.

        Why: the paper-mill list names the term, not its inflection, so the rows teach a plural spun noun
        its singular original as often as its plural ("woods" -> *forest* 4 rows, *forests* 2), and the
        better-known singular seam won: "Several choice woods were trained" became *decision forest
        were trained*. Only a form the tables give for this word is taken, so a swap whose numbers differ
        on purpose stays ("authorities" -> *government*, never *governments*). Number is read from the
        shipped tables' noun inflections (``table._shipped_inflections``): no lemmatiser is loaded."""
        plural, singular = _noun_numbers()
        if spun in singular and original in plural:  # a plural spun word, a singular original
            other = plural[original]
        elif spun in plural and original in singular:  # a singular spun word, a plural original
            other = singular[original]
        else:
            return original
        return other if any(x.original == other for x in self.learned.get(spun, ())) else original

    def _unnatural(self, a: str, b: str) -> bool:
        """The pair is missing from the bigram list although its words are frequent enough that it
        would be there if it were natural (see :meth:`Lexicon.pair_log`); a pair of rare words is
        unknowable and does not count."""
        if self.established(f"{a} {b}"):
            return False
        return self.lexicon.pair_log(a, b) is not None

    def _compound_parts(self, norm: str) -> list[tuple[int, int]]:
        """Spans of the trigger words that are parts of hyphenated compounds ("mastering" in
        "machine-mastering", "repetitive" in "gated-repetitive unit"), in text order.

        Found from the hyphens (a literal, so the scan runs at C speed), each part checked in the trigger
        set: a compound is one word to the trigger automaton, and paper mills' thesauri swap inside them."""
        if _TEXTCORE is not None:
            parts = _TEXTCORE.compound_parts(norm, self._trigger_set)
            if parts is not NotImplemented:
                return parts
        return self._compound_parts_python(norm)

    def _compound_parts_python(self, norm: str) -> list[tuple[int, int]]:
        """:meth:`_compound_parts` in Python: what the compiled walk answers where it reads a character
        that is not ASCII (and what the tests compare it with)."""
        found: set[tuple[int, int]] = set()
        trig = self._trigger_set
        for m in _JOINING_HYPHEN.finditer(norm):
            i = m.start()
            for span in (_part_before(norm, i + 1), _part_after(norm, i)):
                if span is not None and norm[span[0]:span[1]] in trig:
                    found.add(span)
        return sorted(found)

    def _content(self, word: str) -> bool:
        """A word that can vouch for a collocation: not a function word or other very frequent word."""
        return self.lexicon.zipf.get(word, 0.0) < CONTENT_MAX_ZIPF

    def _chunk(self, norm: str, s: int, e: int, busy: dict[tuple[int, int], str],
               claimed: _Claimed) -> list[tuple[int, int]]:
        """The run of content words around ``[s, e)`` joined by single spaces or hyphens (a noun phrase's
        core, roughly), at most MAX_CHUNK words each side. A span claimed by the table joins the chunk
        as one element (its restoration is used when vouching).

        Walked in C where the text read is ASCII (``_textcore.chunk``, the same questions in the same
        order): in Python, several calls per neighbour, it was a tenth of restoring repeated clean science."""
        if _TEXTCORE is not None:
            zipf = self.lexicon.zipf  # read in C once it is a dict (see _content)
            found = _TEXTCORE.chunk(norm, s, e, claimed.ends, claimed.by_end, claimed.starts, claimed.by_start,
                                    busy, self._content, zipf if type(zipf) is dict else None, CONTENT_MAX_ZIPF,
                                    MAX_CHUNK, NEIGHBOUR_WINDOW_CHARS)
            if found is not NotImplemented:
                return found
        return self._chunk_python(norm, s, e, busy, claimed)

    def _chunk_python(self, norm: str, s: int, e: int, busy: dict[tuple[int, int], str],
                      claimed: _Claimed) -> list[tuple[int, int]]:
        """:meth:`_chunk` in Python (see :meth:`_compound_parts_python`)."""
        chunk = [(s, e)]
        for _ in range(MAX_CHUNK):
            prev = claimed.before(chunk[0][0]) or _part_before(norm, chunk[0][0]) or prev_word_span(norm, chunk[0][0])
            if prev is None or norm[prev[1]:chunk[0][0]] not in (" ", "-") or not (
                    prev in busy or self._content(norm[prev[0]:prev[1]])):
                break
            chunk.insert(0, prev)
            if prev in busy:
                break
        for _ in range(MAX_CHUNK):
            nxt = claimed.after(chunk[-1][1]) or _part_after(norm, chunk[-1][1]) or next_word_span(norm, chunk[-1][1])
            if nxt is None or norm[chunk[-1][1]:nxt[0]] not in (" ", "-") or not (
                    nxt in busy or self._content(norm[nxt[0]:nxt[1]])):
                break
            chunk.append(nxt)
            if nxt in busy:
                break
        return chunk

    def _chunk_candidate(self, norm: str, chunk: list[tuple[int, int]], triggers: list[int],
                         busy: dict[tuple[int, int], str], register: _Register) -> Candidate | None:
        """The best restoration of a chunk's trigger words, or nothing (see :meth:`_chunk_restoration`).

        The restoration depends on the chunk's words, which of them are claimed (with or without a
        restoration) and which are triggers, not on where it stands: it is kept by those (the same chunks
        recur, 3,378 on 1 MB of clean news are 581 distinct), bounded by CHUNK_MEMO_SIZE. When working it
        out asked the document's register (a collocation only science-like text accepts, a swap only one
        domain's rows show), it also depends on that: the entry under the words then only says so, and
        the restoration is kept under the words and the register.
        """
        if busy:
            got = [busy.get(span) for span in chunk]
            words = tuple([found or norm[a:b] for found, (a, b) in zip(got, chunk)])
            claims = tuple([0 if found is None else 2 if found else 1 for found in got])
        else:  # nothing claimed (most chunks of clean text): one pass over the spans
            words = tuple([norm[a:b] for a, b in chunk])
            claims = (0,) * len(chunk)
        key: tuple[object, ...] = (words, claims, tuple(triggers))
        memo = self._chunk_memo
        kept = memo.get(key)  # a 1-tuple, so that "no restoration" is kept too (threads may clear the memo)
        if isinstance(kept, _ByRegister):
            key = (*key, register.science, register.news, register.general)
            kept = memo.get(key)
            assert not isinstance(kept, _ByRegister)
        if kept is None:
            probe = _Probe(register)
            kept = (self._chunk_restoration(chunk, triggers, busy, list(words), probe),)
            if len(memo) >= CHUNK_MEMO_SIZE:
                memo.clear()
            if probe.asked and len(key) == 3:
                memo[key] = _BY_REGISTER
                key = (*key, register.science, register.news, register.general)
            memo[key] = kept
        found = kept[0]
        if found is None:
            return None
        first, last, new, prior, reason, vouch, vouch_detail, spun_region = found
        # The memo keeps the restored words joined by spaces (the words are its key, not the separators):
        # a compound's restored parts get their hyphens back ("machine-learning algorithms"). A claimed
        # element whose restoration has spaces of its own keeps the spaced form.
        seps = [norm[chunk[j][1]:chunk[j + 1][0]] for j in range(first, last)]
        parts = new.split(" ")
        if "-" in seps and len(parts) == len(seps) + 1:
            new = parts[0] + "".join(sep + part for sep, part in zip(seps, parts[1:]))
        return Candidate(chunk[first][0], chunk[last][1], (new,), prior, "general:learned", reason, kind="tortured",
                         vouch=vouch, vouch_detail=vouch_detail, spun_region=spun_region)

    def _chunk_restoration(self, chunk: list[tuple[int, int]], triggers: list[int], busy: dict[tuple[int, int], str],
                           words: list[str], register: _Register) -> _Restoration | None:
        """The best restoration of a chunk's trigger words, or nothing: the first and last chunk elements
        it covers, the restored phrase, its prior, reason, vouch, the vouch's detail and whether it acts
        only in a region that looks spun.

        Each trigger word may keep its wording or take one of its learned originals (or a swap the tables
        show beside the same neighbour, or a WordNet synonym, see :meth:`_choices`); every combination (at
        most MAX_COMBOS) is checked with :meth:`_vouched`. Of those accepted, the one whose word pairs are
        all best known wins (:meth:`_seam_profile`: "deep neural network" over "deep neural system"), then
        the one whose changed words are (:meth:`_strength`), then the best swap shares, one change costing
        CHANGE_COST so the simplest explanation is preferred. A half-understood phrase ("deep neural organization",
        where the last pair is not established) is left alone, because precision comes first.
        """
        if not triggers or len(words) < 2 or self.established(" ".join(words)):
            return None
        # Trigger words start a candidate; any other word the tables show swapped may be restored with
        # them ("persistent kidney sickness" -> "chronic kidney disease"), never alone.
        trigger_set = set(triggers)
        domain = "science" if register.science else "news" if register.news else None
        paired = self.paired[domain] if domain else {}
        synonyms = domain == "science"
        free = [i for i, span in enumerate(chunk) if span not in busy]
        # The test below reads only the triggers' options and their neighbours': most chunks of a clean
        # text end there, so the other words' options are looked up after it.
        near = {j for i in triggers for j in (i - 1, i, i + 1)}
        early = {i: self._choices(words, i, paired, synonyms=synonyms) for i in free if i in near}
        if not any(self._may_vouch(words, i, early, register) for i in triggers if early.get(i)):
            return None
        choices = {i: early[i] if i in early else self._choices(words, i, paired, synonyms=synonyms) for i in free}
        movable = [i for i, found in choices.items() if found]
        # Words the tables show swapped; a word offered only WordNet synonyms is not one (see _choices).
        swapped = [i for i in movable if any(x.count for x in choices[i])]
        best: tuple[tuple[tuple[int, ...], int, float], tuple[Swap | None, ...], list[str]] | None = None
        for combo in _combinations(movable, choices, trigger_set):
            changed = [i for i, swap in zip(movable, combo) if swap is not None]
            restored = list(words)
            for i, swap in zip(movable, combo):
                if swap is not None:
                    restored[i] = swap.original
            # The seam a neighbour-paired swap was learned at is the spinner's phrase, however ordinary
            # ("neural system"): it does not prove the word is the writer's own.
            learned_at = {i - 1 if x.beside < 0 else i for i, x in zip(movable, combo) if x is not None and x.paired}
            if self._vouched(words, restored, changed, register, learned_at):
                # Better established first, then the simplest explanation: "private companies" (a web
                # bigram) wins over "private corporations" (a bigram of the trigram model only), though it
                # changes one word more.
                weight = (self._seam_profile(restored, register), self._strength(restored, changed),
                          sum(math.log(x.share) + (PAIRED_GAIN if x.paired else -CHANGE_COST)
                              for x in combo if x is not None))
                if best is None or weight > best[0]:
                    best = (weight, combo, restored)
        if best is None:
            return None
        (_, strength, _), combo, restored = best
        changed = [i for i, x in zip(movable, combo) if x is not None]
        if self._half_restored(words, restored, swapped, changed, register):
            return None
        pairs = [(i, x) for i, x in zip(movable, combo) if x is not None]
        # Words a term shows swapped too join a restoration that stands without them; its prior, vouch and
        # domain test stay those of the learned swaps: a completion changes how a phrase is restored, never
        # whether (it is no sign of its own, see _completions).
        completed = (self._completions(words, restored, changed, register, free=choices.keys())
                     if domain == "science" else {})
        for i, original in completed.items():
            restored[i] = original
        for i in changed:
            restored[i] = self._in_number(words[i], restored[i])
        # A neighbour claimed by the table vouched with its restored wording: the candidate takes it in,
        # so the phrase is restored whole ("vitality productivity" -> "energy efficiency") or not at all.
        claimed = [j for j, span in enumerate(chunk) if span in busy and busy[span]
                   and (j - 1 in changed or j + 1 in changed)]
        first, last = min(changed + claimed + [*completed]), max(changed + claimed + [*completed])
        # A word's support is every table row showing it swapped; a neighbour-paired swap's, its own rows;
        # a WordNet synonym has none and leaves the support to the learned swaps beside it.
        support = min((sum(y.count for y in self.learned.get(words[i], ())) or x.count for i, x in pairs if x.count),
                      default=0)
        share = math.prod(x.share for _, x in pairs) ** (1 / len(pairs))
        # Base rate: a common word ("evaluation", "serious") is rarely a swap where it stands, however
        # often the tables show it swapped; scale the prior down by its frequency above COMMON_ZIPF.
        # Several swapped words in one phrase are independent signs, so the rarest one sets the rate.
        # Beside a phrase the table restores, that base rate does not apply: the chunk is already known to
        # be tortured ("coronary supply route illness": the row restores "artery", and "illness" beside
        # it is the same spinner's work), so the candidate that takes the row in keeps its full prior.
        commonness = min(self.lexicon.zipf.get(words[i], 0.0) for i in changed)
        rarity = 1.0 if claimed else min(1.0, 10 ** (COMMON_ZIPF - commonness))
        prior = min(0.95, LEARNED_CEILING * share * min(1.0, support / 4) * rarity)
        new = " ".join(restored[first:last + 1])
        swaps = ", ".join([*(f"{words[i]} → {x.original} ({x.count} rows)" if x.count else
                             f"{words[i]} → {x.original} (a WordNet synonym)" for i, x in pairs),
                           *(f"{words[i]} → {o} (the thesaurus original that makes a term)"
                             for i, o in sorted(completed.items()))])
        native = self.native[domain] if domain else {}
        foreign = domain is not None and any(
            not x.paired and all(y.original != x.original for y in native.get(words[i], ())) for i, x in pairs)
        if foreign and domain == "news" and register.general:
            return None  # as the science rows themselves are off there (sources.table.drop_science_rows_in_news)
        if foreign:
            swaps += f", learned from {'news' if domain == 'science' else 'science'} rows only"
        # In news-like text every phrase restoration waits for its region to look spun, not only a foreign
        # one: a news spinner's learned swaps are swaps of common words, and a restored phrase English has
        # a name for is no sign of a spinner there. On the Lee corpus of clean ABC news "the presidency
        # issue" became "the government issue" (a WordNet term, prior 0.23: 0.52); the devset, the clean
        # sets, the unseen-PPS k-fold (its sentences are too short to read as news) and the spun benchmark
        # corpus (6,267 of 6,269 right restorations kept) are otherwise unchanged (session 9).
        # A term (a pair inside a table original, a WordNet term) vouches fully; a frequent web bigram
        # ("relatively rare") is general English and says less about "relatively uncommon", and so do the
        # collocation lists of science-like text.
        vouch = TERM_VOUCH if strength == TERM else BIGRAM_VOUCH
        detail = (f"'{' '.join(restored)}' is established pair by pair ({STRENGTH_NAMES[strength]}), "
                  f"'{' '.join(words)}' is not")
        learned = sum(1 for _, x in pairs if x.count)
        # General English (a web bigram) needs swaps the tables show often enough to act alone.
        if learned >= 2 and (strength != WEB_BIGRAM or all(x.count >= MIN_SUPPORT for _, x in pairs if x.count)):
            vouch += MULTI_SWAP_VOUCH
            detail += f"; {learned} swapped-looking words make it together"
        return (first, last, new, prior, f"learned swaps {swaps}", vouch, detail, foreign or register.news)

    def _may_vouch(self, words: list[str], i: int, choices: Mapping[int, list[Swap]], register: _Register) -> bool:
        """Whether some original of chunk word ``i`` is collocated with a neighbour, as written or as one of
        the neighbour's own originals: what :meth:`_vouched` needs of every changed word (a restored pair
        of content words with it). Every reading :meth:`_chunk_restoration` weighs changes a trigger word,
        so where no trigger word passes this none is vouched, and the readings are not enumerated: most
        chunks of clean science are such, and enumerating them had been a third of restoring a science
        text read once. The same restorations (tests/test_general.py)."""
        n = len(words)
        content = self._content
        # Each neighbour's word at the seam, as written and as each of its originals, content words only,
        # once each: the same pairs asked in the same order as reading every (original, neighbour form)
        # pair, without building and splitting a pair string for those that cannot count.
        sides: list[tuple[bool, list[str]]] = []
        for k in (i - 1, i + 1):
            if 0 <= k < n:
                forms = (words[k], *(y.original for y in choices.get(k, ())))
                ends = [w.rsplit(" ", 1)[-1] for w in forms] if k < i else [w.split(" ", 1)[0] for w in forms]
                sides.append((k < i, [w for w in dict.fromkeys(ends) if content(w)]))
        for x in choices[i]:
            original = x.original
            for before, ends in sides:
                mine = original.split(" ", 1)[0] if before else original.rsplit(" ", 1)[-1]
                if not ends or not content(mine):
                    continue
                for word in ends:
                    if self.collocated(f"{word} {mine}" if before else f"{mine} {word}", register):
                        return True
        return False

    def _completions(self, words: list[str], restored: list[str], changed: list[int], register: _Register, *,
                     free: Set[int]) -> dict[int, str]:
        """Chunk words a restoration leaves as written that its terms say were swapped too: for each word
        collocated with neither neighbour as restored, the one original the thesaurus lists for it (Moby or
        WordNet, at most COMPLETION_ORIGINALS; not a form of the word itself) that forms a term with one of
        them; none when no or several originals would ("regular language processing" -> *natural language
        processing*, "serious acute respiratory syndrome" -> *severe acute ...*).

        Why: a tortured phrase is spun word by word, and a learned swap often restores one word of it while
        its neighbour, a word the tables never show swapped in that sense, stays: the phrase comes out half
        restored, which the unseen-PPS evaluation counts as wrong (191 of its 386 wrong restorations). A
        term is the strongest evidence the chunk decoder has (:data:`TERM_VOUCH`), and it is asked for only
        where no known pair joins the word to the phrase, so a word the restored phrase already reads
        naturally with stays ("muscle loss" is not made *energy loss*, "noise levels" not *noise level*).
        On the unseen-PPS folds, trying every word that forms no term instead changed 13 exact restorations
        into wrong ones for 23 half restorations made whole. Only ``free`` words (not claimed by the table
        or a rule) are tried.
        """
        out: dict[int, str] = {}
        n = len(words)
        content, term = self._content, self._term
        for i in range(n):
            if i in changed or i not in free or any(self.collocated(_seam(restored, j), register)
                                                    for j in _sides(i, n)):
                continue
            word = words[i]
            found = []
            # The seams the original would make (``_seam`` with the original in place): the neighbours' sides
            # are cut once, as up to COMPLETION_ORIGINALS originals are tried against them (a copy of the
            # chunk and both seams built per original had been 4 % of restoring science read once).
            before = restored[i - 1].rsplit(" ", 1)[-1] + " " if i else None
            after = " " + restored[i + 1].split(" ", 1)[0] if i + 1 < n else None
            for original in self.thesaurus.originals(word, limit=COMPLETION_ORIGINALS):
                if original[:4] == word[:4] or not content(original):
                    continue  # the word itself or another form of it ("units" -> "unit"), or no content word
                first, last = (original, original) if " " not in original else (
                    original.split(" ", 1)[0], original.rsplit(" ", 1)[-1])
                if (before is not None and term(before + first)) or (after is not None and term(last + after)):
                    found.append(original)
                    if len(found) > 1:
                        break
            if len(found) == 1:
                out[i] = found[0]
        return out

    def _choices(self, words: list[str], i: int, paired: dict[tuple[str, str, int], list[Swap]], *,
                 synonyms: bool = False) -> list[Swap]:
        """The originals chunk word ``i`` may take: its learned swaps (at most three, each with at least
        MIN_SHARE) or, for a word without any in science-like text (``synonyms``), its WordNet synonyms at
        SYNONYM_SHARE (``count`` 0); then what the tables show it swapped for beside the same neighbour
        ("neural system" -> *neural network*), which a word the tables also use as original wording
        ("system") learns from nowhere else.

        A synonym is never a sign that the word was swapped: it is taken only together with a learned swap
        of the chunk (a trigger must change), at most one per reading; it does not count as a swapped word
        for the half-restoration test or MULTI_SWAP_VOUCH, and it lowers the prior through its share. It
        serves the choice between readings. "hazard administration" becomes *risk management* (a term)
        instead of nothing; and where a neighbour's synonym makes the phrase better known than the learned
        swaps alone do ("sight misfortune": *vision loss*, a web bigram, over *sight loss*, a bigram of the
        trigram model), that reading is the chunk's, at the synonym's lower prior, so the half restoration
        *sight loss* is not written. On the unseen-PPS folds (session 20): exact 11.31 -> 11.35 %,
        precision 0.661 -> 0.668 (15 half restorations fewer, 4 exact more); every clean set unchanged.
        Two synonyms in one reading restored nothing more and reported guesses in clean science ("present
        simulation study" -> *current model read*). Not in news-like or general text: in a spun headline
        "to halt buying" became *to stop shopping* (*halt* -> *stop* a synonym, *buying* -> *shopping* one
        row), lifted by the document's evidence as every weak candidate of a spun news document is; the
        folds' sentences read as science-like and keep every figure."""
        out = [x for x in self.learned.get(words[i], ()) if x.share >= MIN_SHARE][:3]
        seen = {x.original for x in out}
        if synonyms and not out:
            out = [Swap(o, 0, SYNONYM_SHARE) for o in self._synonyms(words[i])]
            seen.update(x.original for x in out)
        keys = ([(words[i - 1], words[i], -1)] if i else []) + (
            [(words[i + 1], words[i], 1)] if i + 1 < len(words) else [])
        for key in keys:
            for x in paired.get(key, ()):
                if x.original not in seen:
                    out.append(x)
                    seen.add(x.original)
        return out

    def _strength(self, restored: list[str], changed: list[int]) -> int:
        """How well the weakest changed word of a vouched restoration is known with its better neighbour:
        TERM, WEB_BIGRAM, TECHNICAL (the docstring collocations) or MODEL_BIGRAM (see :meth:`collocated`)."""
        n = len(restored)
        return min(max(self._pair_strength(_seam(restored, j)) for j in _sides(i, n)) for i in changed)

    def _pair_strength(self, pair: str) -> int:
        """TERM, WEB_BIGRAM, TECHNICAL or MODEL_BIGRAM for a pair already known to be collocated."""
        if self._term(pair):
            return TERM
        if self.established(pair):
            return WEB_BIGRAM
        return TECHNICAL if pair in self.lexicon.collocations else MODEL_BIGRAM

    def _seam_profile(self, restored: list[str], register: _Register) -> tuple[int, ...]:
        """How well every seam of a restored chunk is known, weakest first (-1: not collocated at all)."""
        return tuple(sorted(self._pair_strength(pair) if self.collocated(pair, register) else -1
                            for pair in (_seam(restored, j) for j in range(len(restored) - 1))))

    def _ordinary(self, pair: str, register: _Register) -> bool:
        """A word pair as written that writers use: collocated in this register (:meth:`collocated`) or, in
        any register, a technical collocation or a bigram of the trigram model.

        Outside science-like text those two lists are too permissive to *vouch* for a restoration, but
        not to show that the words as written are ordinary wording: a docstring's "relatively uncommon"
        (a bigram of the model) became "relatively rare" while they were read in science-like text
        only. On the unseen-PPS folds nothing changed (their sentences read as science), nor on the
        devset or the clean sets; the docstrings lost that edit, and 11 documents of the benchmark's
        table-spun news and science came out closer to their originals (session 28)."""
        if self.collocated(pair, register):
            return True
        if register.science:
            return False  # collocated has asked both lists already
        first, second = pair.split(" ")
        return pair in self.lexicon.collocations or (
            self.model_pairs is not None and self.model_pairs.has_bigram(first, second))

    def _term(self, pair: str) -> bool:
        """Whether a word pair is part of a term rather than only a web bigram."""
        return pair in self.table_pairs or pair in self.terms.terms or pair in self.table_phrases

    def _half_restored(self, words: list[str], restored: list[str], movable: list[int],
                       changed: list[int], register: _Register) -> bool:
        """A word of the chunk that the tables show swapped, kept as it is although it is established
        with neither neighbour: the phrase would come out half restored ("deep neural organization"),
        which is wrong however right the restored half is."""
        return any(i not in changed and not any(self.collocated(_seam(restored, j), register)
                                                for j in _sides(i, len(words)))
                   for i in movable)

    def _vouched(self, words: list[str], restored: list[str], changed: list[int], register: _Register,
                 learned_at: set[int] | frozenset[int] = frozenset()) -> bool:
        """The restored chunk is established around the changes (see below), and no changed word already
        forms an established pair with an unchanged neighbour (then it is ordinary English where it
        stands), except at the seams ``learned_at``, where the tables show that very pair swapped."""
        for i in changed:
            for j in _sides(i, len(words)):
                if j in learned_at:
                    continue
                if (j if j < i else j + 1) not in changed and self._ordinary(_seam(words, j), register):
                    return False

        def vouches(j: int) -> bool:
            """Restored pair j is established and joins two content words ("health in" joins anything
            to a function word and proves nothing)."""
            pair = _seam(restored, j)
            a, b = pair.split(" ")
            return self._content(a) and self._content(b) and self.collocated(pair, register)

        # Between the first and the last change the restored phrase is established throughout, and each
        # changed word is established with at least one neighbour: the other may be unknown to the
        # bigram list (a verb before a term, as in "describes genetic algorithms").
        if not all(vouches(j) for j in range(min(changed), max(changed))):
            return False
        return all(any(vouches(j) for j in _sides(i, len(words))) for i in changed)

    def acronym_candidates(self, text: str, norm: str, counts: Register | None = None) -> list[Candidate]:
        """Phrases that no longer spell the acronym written after them, restored to the one reading that does.

        A paper mill's thesaurus swaps the words of "support vector machines (SVMs)" but leaves the
        acronym: "service vector machines (SVMs)", "choice trees (DTs)". The last words before a
        parenthesised acronym, one per capital, should start with its letters; where some do not, each
        such word may take a learned original or a reverse-thesaurus original (Moby or WordNet) with the
        right initial, and the reading is kept when it is a term of the tables' originals, or established
        pair by pair with each changed word known beside a neighbour by more than the trigram model's
        bigrams, and is the only such reading. Clean prose spells its acronyms, or spells them in ways no
        synonym repairs ("deoxyribonucleic acid (DNA)"). Its findings do not count as evidence that their
        region is spun (``Candidate.region_evidence``).
        """
        out: list[Candidate] = []
        register: _Register | None = None
        for m in _ACRONYM.finditer(text):
            letters = m.group(1).lower()
            tokens = _words_before(norm, m.start(), len(letters))
            if tokens is None:
                continue
            words = [w for _, _, w in tokens]
            wrong = [i for i, w in enumerate(words) if w[0] != letters[i]]
            if not wrong or name_like(text, tokens[0][0]):
                continue
            if register is None:
                register = _Register(counts if counts is not None else Register(text, norm))
            found = self._spelled(words, letters, wrong, register)
            if found is None:
                continue
            restored, how = found
            start, end = tokens[0][0], tokens[-1][1]
            if norm[start:end] == restored:
                continue
            out.append(Candidate(
                start, end, (restored,), ACRONYM_PRIOR, "general:acronym",
                f"'{m.group(0)}' spells '{restored}', not '{' '.join(words)}' ({how})", kind="tortured",
                vouch=ESTABLISHED_VOUCH, vouch_detail=f"'{restored}' spells the acronym {m.group(0)} and is "
                f"established pair by pair", region_evidence=False))
        return out

    def _spelled(self, words: list[str], letters: str, wrong: list[int],
                 register: _Register) -> tuple[str, str] | None:
        """The one established reading of ``words`` whose initials are ``letters`` (changing only the words
        at ``wrong``), and how its swaps are known; None when there is none or more than one."""
        options: list[list[tuple[str, str]]] = []
        for i in wrong:
            word, letter = words[i], letters[i]
            found = [(x.original, "learned") for x in self.learned.get(word, ()) if x.original[:1] == letter]
            found += [(o, "thesaurus") for o in self.thesaurus.originals(word, limit=200)
                      if o[:1] == letter and " " not in o]
            if word.endswith("s") and len(word) > 3:
                found += [(o + "s", "thesaurus") for o in self.thesaurus.originals(word[:-1], limit=200)
                          if o[:1] == letter and " " not in o]
            unique: dict[str, str] = {}
            for original, how in found:
                unique.setdefault(original, how)
            options.append(list(unique.items()))
        readings = []
        for combo in itertools.islice(itertools.product(*options), MAX_ACRONYM_COMBOS):
            restored = list(words)
            for i, (original, _) in zip(wrong, combo):
                restored[i] = original
            phrase = " ".join(restored)
            # Established pair by pair, and each changed word with a neighbour by more than the trigram
            # model's bigrams alone ("keen lattice (SN)" is not "strong network"): 77 % precision against 74.
            if phrase in self.table_phrases or (all(
                    self.collocated(_seam(restored, j), register) for j in range(len(restored) - 1))
                    and self._strength(restored, wrong) >= TECHNICAL):
                readings.append((phrase, ", ".join(sorted({how for _, how in combo}))))
        return readings[0] if len(readings) == 1 else None

    def thesaurus_candidates(self, text: str, norm: str, busy: list[tuple[int, int]]) -> list[Candidate]:
        """WordNet-backed candidates for the words of a spun document whose restored bigram is established
        and whose spun bigram is unnatural (on at least one side).

        One tokenisation of the document; a word is looked at only if the thesaurus knows it, and the
        claimed spans are checked by bisection, so the pass is linear in the document.
        """
        out: list[Candidate] = []
        claimed = SpanSet(busy)
        tokens = find_words(norm)
        # Decide per distinct word first (set operations in C, options cached across documents), then
        # visit only those positions; a position is looked at further only if a neighbouring pair is
        # unnatural, which the bigram list can rarely prove.
        options = self._known_options({t[2] for t in tokens})
        for k, (s, e, word) in enumerate(tokens):
            originals = options.get(word)
            if not originals:
                continue
            pw = tokens[k - 1][2] if k and norm[tokens[k - 1][1]:s] == " " else ""
            nw = tokens[k + 1][2] if k + 1 < len(tokens) and norm[e:tokens[k + 1][0]] == " " else ""
            left_bad = bool(pw) and self._unnatural(pw, word)
            right_bad = bool(nw) and self._unnatural(word, nw)
            if not (left_bad or right_bad) or claimed.overlaps(s, e) or name_like(text, s):
                continue
            for o in originals:
                evidence = self._thesaurus_evidence(pw, word, nw, o)
                if evidence:
                    out.append(Candidate(s, e, (o,), THESAURUS_PRIOR, "general:thesaurus",
                                         f"WordNet synonym of {o!r}; '{evidence}' is established, "
                                         f"'{word}' there is not", kind="word"))
                    break
        return out

    def article_candidates(self, text: str, norm: str, fit: Callable[[int, int, str], float],
                           others: Iterable[Candidate] = ()) -> list[Candidate]:
        """Candidates for the words whose article was written for another word: "an necessary problem",
        "an sickness", "an try to settle" (rule ``general:article``).

        A word-by-word spinner swaps a word and leaves the article before it, so "a"/"an" that does not
        fit the word's first sound (:func:`~spinfix.normalize.article_tell`) says the writer's word began
        with the other sound. The originals weighed are the word's learned swaps and WordNet originals
        that begin with the sound the article wants, are frequent enough and are not a form of the word
        itself (Moby's looser associations let the model pick "because of an allergy" for "an sickness",
        "a temporary" for "a employee"); ``fit(start, end, original)`` (the trigram model's context term, the
        article read as each reading needs it) orders them, and the best must fit at least as well as the
        word as written, or nothing is proposed: "an job interview" (the spinner's *job interview* for
        *interview*) has no vowel-initial original that fits. The scorer adds the article tell itself;
        the candidate acts only where its region reads as spun (``spun_region``), since writers make
        this slip too ("a international security force", "an security cabinet" in clean news), and it is
        no evidence that its region is spun (``region_evidence``): the tell makes it strong, and counted,
        it lifted a human-written paragraph's own slip beside a spun one. "an" before an "h" ("an
        historic", "an homage") is a style, not a slip. Run in spun documents only.

        Where one of ``others`` (the document's other candidates) already proposes, at that word, an
        original that takes the article, it explains the slip (the scorer adds the tell to it) and no
        guess competes with it: a table-spun story's "an global wildlife trade treaty", whose row knows
        *international*, had become *an extensive* by the model's choice.
        """
        out: list[Candidate] = []
        zipf = self.lexicon.zipf
        # article_tell reads lower-case words only: a name ("an Smith") is never one.
        # The word's sound first (kept per word), article_tell's tests of the text only where it disagrees.
        tells = [(s, e, an, word) for s, e, an, word in _article_words(norm)
                 if _vowel_sound(word) != an and not (an and word[0] == "h")
                 and zipf.get(word, 0.0) < CONTENT_MAX_ZIPF and article_tell(text, norm, s)]
        if not tells:
            return out
        explained: dict[int, list[str]] = {s: [] for s, *_ in tells}  # a spun text has thousands of others
        for c in others:
            if c.originals and c.start in explained:
                explained[c.start].append(c.originals[0])
        for s, e, an, word in tells:
            if any(starts_with_vowel_sound(o) == an for o in explained[s]):
                continue
            options = self._article_options(word, an)
            if not options:
                continue
            fits = {o: fit(s, e, o) for o in options}
            ranked = sorted(options, key=lambda o: -fits[o])  # stable: ties keep the learned, then thesaurus order
            if fits[ranked[0]] < 0.0:
                continue
            out.append(Candidate(s, e, tuple(ranked[:ARTICLE_KEEP]), ARTICLE_PRIOR, "general:article",
                                 f"'{'an' if an else 'a'}' before '{word}' was written for another word; '{ranked[0]}' "
                                 f"fits it and its context", kind="word", spun_region=True, region_evidence=False))
        return out

    def _article_options(self, word: str, an: bool) -> tuple[str, ...]:
        """The originals :meth:`article_candidates` weighs for ``word`` after "an" (``an``) or "a": its
        learned swaps or, when none of them fits, its WordNet originals, each a single word of
        ARTICLE_MIN_ZIPF or more that takes that article and is not a form of ``word``; kept per word (the
        thesaurus bounds them)."""
        key = (word, an)
        found = self._article_cache.get(key)
        if found is None:
            zipf = self.lexicon.zipf

            def fitting(originals: Iterable[str]) -> tuple[str, ...]:
                return tuple(dict.fromkeys(o for o in originals if o.isalpha() and o[:4] != word[:4] and
                                           zipf.get(o, 0.0) >= ARTICLE_MIN_ZIPF and starts_with_vowel_sound(o) == an))

            # A learned swap that takes the article is the spinner's own: WordNet is asked only without one.
            found = fitting(x.original for x in self.learned.get(word, ()) if x.share >= MIN_SHARE) or fitting(
                self.thesaurus.originals(word, wordnet_only=True, limit=ARTICLE_OPTIONS))
            if word in self.learned or word in self.thesaurus.known:  # any other word has none: not kept
                self._article_cache[key] = found
        return found

    def _thesaurus_evidence(self, pw: str, word: str, nw: str, original: str) -> str:
        """The pair that vouches for ``original`` in place of ``word`` between ``pw`` and ``nw`` (either may
        be empty), or "" when none does.

        The original must fit a content-word neighbour that the spun word does not fit ("shut
        communication" -> *close communication*), and fit no neighbour worse, by the established pairs
        and the trigram model's bigrams: a function word says little ("to cross" does not make "to
        hybrid production" spun), and the web bigram list alone, which keeps only pairs seen 100,000
        times, had read "the escort", "its crop", "would instead" as unnatural. Before session 12 this
        pass changed 8 words of the table-spun benchmark news and 1 of the devset, all wrongly, for one
        right restoration in the real example (kept).
        """
        vouch = ""
        for pair, restored, neighbour in ((f"{pw} {word}", f"{pw} {original}", pw),
                                          (f"{word} {nw}", f"{original} {nw}", nw)):
            if not neighbour:
                continue
            spun_fits, original_fits = self._attested(pair), self._attested(restored)
            if spun_fits and not original_fits:
                return ""
            if original_fits and not spun_fits and self._content(neighbour) and not vouch:
                vouch = restored
        return vouch

    def _attested(self, pair: str) -> bool:
        """An established pair or one of the trigram model's bigrams."""
        if self.established(pair):
            return True
        first, second = pair.split(" ")
        return self.model_pairs is not None and self.model_pairs.has_bigram(first, second)

    def _known_options(self, words: Set[str]) -> dict[str, tuple[str, ...]]:
        """The cache of :func:`thesaurus_options`, filled for those of ``words`` the thesaurus knows (only
        they are kept, so the cache is bounded however many documents pass), from the shipped file when it
        holds them. A view or stand-in for the thesaurus (the evaluation's held-out split) has its own
        options. Set operations in C: a document's distinct words are checked at once."""
        options = self._thesaurus_options
        shipped = self.shipped_options if type(self.thesaurus) is Thesaurus else None
        if shipped is not None:
            for w in (words & shipped.keys()).difference(options):
                options[w] = () if w in self.table_spun else shipped[w]
        else:
            for w in (words & self.thesaurus.known.keys()).difference(options):
                options[w] = self._options_for(w)
        return options

    def _synonyms(self, word: str) -> tuple[str, ...]:
        """The WordNet originals of ``word`` the thesaurus pass would weigh (the chunk decoder's synonyms)."""
        found = self._thesaurus_options.get(word)
        return found if found is not None else self._known_options({word}).get(word, ())

    def _options_for(self, word: str) -> tuple[str, ...]:
        """The WordNet originals the thesaurus pass may propose for ``word`` (empty: never looked at)."""
        return () if word in self.table_spun else thesaurus_options(word, self.lexicon, self.thesaurus)

    @cached_property
    @builds_data
    def shipped_options(self) -> dict[str, tuple[str, ...]] | None:
        """:func:`thesaurus_options` of every word that has some, from the shipped file, or None when the
        file is missing or was built from other data or constants (the options are then worked out from the
        thesaurus as documents bring new words).

        Why: the pass needs only these 16,000 words' few WordNet originals, and reading them from the whole
        reverse thesaurus (38,000 rows, 11 MB) was 0.13 s of the first spun document's start (issue 14).
        Only for the shipped :class:`Thesaurus` itself: a subclass or a view may propose other originals.
        """
        if type(self.thesaurus) is not Thesaurus:
            return None
        return read_thesaurus_options(self.thesaurus.directory / THESAURUS_OPTIONS_FILE,
                                      thesaurus_options_key(self.lexicon, self.thesaurus))


def thesaurus_options(word: str, lexicon: Lexicon, thesaurus: Thesaurus) -> tuple[str, ...]:
    """The WordNet originals the thesaurus pass may propose for ``word`` whatever the tables hold: its
    best THESAURUS_OPTIONS WordNet originals more frequent than itself (spinners swap a common word for a
    rarer one) and below THESAURUS_MAX_ORIGINAL_ZIPF ("have", "get" are never proposed); none for a word of
    Zipf THESAURUS_MAX_SPUN_ZIPF or more. What ``scripts/build_thesaurus_options.py`` ships."""
    zipf = lexicon.zipf
    zw = zipf.get(word, 0.0)
    if zw >= THESAURUS_MAX_SPUN_ZIPF:
        return ()
    return tuple(o for o in thesaurus.originals(word, wordnet_only=True, limit=THESAURUS_OPTIONS)
                 if zw < zipf.get(o, 0.0) < THESAURUS_MAX_ORIGINAL_ZIPF)


def thesaurus_options_key(lexicon: Lexicon, thesaurus: Thesaurus) -> str:
    """What :func:`thesaurus_options` depends on: its constants and the data files
    (:func:`~spinfix.lexicon.data_sizes`)."""
    sizes = data_sizes(thesaurus.directory / "thesaurus.tsv.gz", lexicon.path(UNIGRAMS))
    return (f"spinfix-thesaurus-options 1;options {THESAURUS_OPTIONS};spun zipf<{THESAURUS_MAX_SPUN_ZIPF};"
            f"original zipf<{THESAURUS_MAX_ORIGINAL_ZIPF};files {sizes}")


def read_thesaurus_options(path: Path, key: str) -> dict[str, tuple[str, ...]] | None:
    """The options file at ``path`` (``word<TAB>original original ...`` after ``#`` head lines, one of
    them ``# key: KEY``) as a dict, or None when it is missing, unreadable, damaged or built under another
    key."""
    try:
        head, body = read_tsv(path)
        if f"# key: {key}" not in head:
            return None
        words, originals = fields(body, 2, path)
    except (OSError, EOFError, UnicodeDecodeError, SpinfixError):
        return None
    return dict(zip(words, (tuple(o.split(" ")) for o in originals)))


def _words_before(norm: str, end: int, n: int) -> list[tuple[int, int, str]] | None:
    """The ``n`` words of ``norm`` ending just before ``end`` (one space before it), each joined to the next
    by a single space or hyphen, as (start, end, word); None when there are fewer such words."""
    if n < 2 or end < 2 or norm[end - 1] != " ":
        return None
    out: list[tuple[int, int, str]] = []
    pos = end - 1
    for _ in range(n):
        stop = pos
        while pos > 0 and (norm[pos - 1].isalnum()):
            pos -= 1
        if pos == stop or not norm[pos:stop].isalpha():
            return None
        out.append((pos, stop, norm[pos:stop]))
        if len(out) < n:
            if pos < 2 or norm[pos - 1] not in " -" or not norm[pos - 2].isalnum():
                return None
            pos -= 1
    return out[::-1]


#: starts_with_vowel_sound kept per word for the article rule, which asks it of every "a"/"an" of a spun text.
_vowel_sound = functools.lru_cache(maxsize=1 << 16)(starts_with_vowel_sound)
#: "a"/"an" and the lower-case word after it (see _article_words).
_ARTICLE_WORD = re.compile(r"a(n?) ([a-z]{2,})(?![\w'-])")


def _article_words(norm: str) -> Iterator[tuple[int, int, bool, str]]:
    """(start, end, whether the article is "an", word) of each word after "a"/"an" that stands alone (not
    after a letter, digit, "'" or "."), for the article rule, which ``article_tell`` then decides.

    The article is checked in Python rather than by a look-behind: a pattern that starts with one is tried
    at every character, and it was 2.3 % of restoring spun news; from the literal "a" the scan is four times
    faster. A match rejected for what stands before it is searched again from its next character, so an
    "a" it swallowed ("data an apple") is still found.
    """
    pos, search = 0, _ARTICLE_WORD.search
    while (m := search(norm, pos)) is not None:
        i = m.start()
        if i and (norm[i - 1].isalnum() or norm[i - 1] in "_'."):
            pos = i + 1
            continue
        yield m.start(2), m.end(2), m.group(1) == "n", m.group(2)
        pos = m.end()


def _seam(words: list[str], j: int) -> str:
    """The word pair where chunk elements ``j`` and ``j + 1`` meet (an element may be a claimed phrase)."""
    return f"{words[j].rsplit(' ', 1)[-1]} {words[j + 1].split(' ', 1)[0]}"


def _sides(i: int, n: int) -> list[int]:
    """The seams of element ``i`` in a chunk of ``n`` elements: ``j`` stands for the pair (j, j + 1)."""
    return [j for j in (i - 1, i) if 0 <= j < n - 1]


class _Register:
    """Whether a document reads as science (``text.SCIENCE_SHARE``) or as news, counted on first need (the
    counts are shared with the table's news-row check, ``text.Register``)."""

    __slots__ = ("_kinds", "counts")

    def __init__(self, counts: Register) -> None:
        self.counts = counts
        self._kinds: tuple[bool, bool, bool] | None = None

    def _flags(self) -> tuple[bool, bool, bool]:
        """(science, general, news), worked out once: the chunk decoder asks them for most word pairs it
        looks up (5,500 times on 0.25 MB of science text), and the counts are the document's."""
        kinds = self._kinds
        if kinds is None:
            cues, words = self.counts.total()
            kinds = self._kinds = (cues >= SCIENCE_SHARE * max(1, words), reads_as_general_prose(cues, words),
                                   reads_as_news(cues, words))
        return kinds

    @property
    def science(self) -> bool:
        return self._flags()[0]

    @property
    def general(self) -> bool:
        """Long enough to tell and barely academic (``text.reads_as_general_prose``): news or other general
        prose, where swaps learned only from science rows are the writer's own wording."""
        return self._flags()[1]

    @property
    def news(self) -> bool:
        """Long enough to tell (``REGISTER_MIN_WORDS``) and not science-like: a sentence alone, without
        academic-register words, is neither."""
        return self._flags()[2]


def _combinations(movable: list[int], choices: Mapping[int, list[Swap]],
                  triggers: Set[int]) -> Iterable[tuple[Swap | None, ...]]:
    """The readings :meth:`Generalizer._chunk_restoration` weighs, one option (or None) per ``movable``
    word: every combination of the learned options (at most MAX_COMBOS, in product order) that changes a
    trigger word, each followed by its variants with one WordNet synonym (``count`` 0, see
    ``Generalizer._choices``) in a word it leaves unchanged, at most MAX_COMBOS of those in all.

    Enumerating the synonyms inside the product instead would multiply its size by theirs and, under the
    cap, cut off learned combinations that a chunk without synonyms reaches; this way a chunk's learned
    readings are exactly those it had before synonyms were offered."""
    learned = [[None, *(x for x in choices[i] if x.count)] for i in movable]
    synonyms = [(k, x) for k, i in enumerate(movable) for x in choices[i] if not x.count]
    variants = 0
    for combo in itertools.islice(itertools.product(*learned), MAX_COMBOS):
        if not any(x is not None and i in triggers for i, x in zip(movable, combo)):
            continue
        yield combo
        for k, x in synonyms:
            if combo[k] is None and variants < MAX_COMBOS:
                variants += 1
                yield (*combo[:k], x, *combo[k + 1:])


class _Probe(_Register):
    """A view of a document's register that records whether it was asked (see _chunk_candidate)."""

    __slots__ = ("asked", "inner")

    def __init__(self, inner: _Register) -> None:  # no super().__init__: the counts are the inner ones
        self.inner = inner
        self.asked = False

    def _flags(self) -> tuple[bool, bool, bool]:
        self.asked = True
        return self.inner._flags()


class _Established:
    """The collocation memo's mark for "established" (see Generalizer.collocated): true in every register."""


ESTABLISHED = _Established()


class _ByRegister:
    """The chunk memo's mark for "kept under the words and the register" (see _chunk_candidate)."""


_BY_REGISTER = _ByRegister()
#: A chunk's restoration: first and last chunk elements, restored phrase, prior, reason, vouch, vouch
#: detail, and whether it acts only in a region that looks spun.
_Restoration = tuple[int, int, str, float, str, float, str, bool]


@functools.cache
def _noun_numbers() -> tuple[dict[str, str], dict[str, str]]:
    """(singular -> plural, plural -> singular) of the nouns whose plurals the shipped tables' inflections
    list (``table._shipped_inflections``); a form listed both ways is left out of both."""
    from .table import _shipped_inflections

    plural = {w: f for (w, tag), f in _shipped_inflections().items() if tag == "NNS" and f and f != w}
    both = set(plural) & set(plural.values())
    plural = {w: f for w, f in plural.items() if w not in both and f not in both}
    return plural, {f: w for w, f in plural.items()}


#: ``_textcore``, whose ``chunk`` and ``compound_parts`` walk the learned-swap pass's chunks (see
#: Generalizer._chunk), or None (not built, or SPINFIX_NO_CORE).
_TEXTCORE = load_compiled("_textcore")

#: A hyphen before a letter or digit: where a compound's next part starts (see _compound_parts).
_JOINING_HYPHEN = re.compile(r"-(?=\w)")


def _part_before(norm: str, i: int) -> tuple[int, int] | None:
    """The part of a hyphenated compound that ends just before the hyphen before ``i`` ("machine" for the
    start of "mastering" in "machine-mastering"), or None when no single hyphen joins a part there. A part
    is a run of letters and digits whose other end is the compound's (a word start) or another hyphen."""
    if i < 2 or norm[i - 1] != "-" or not norm[i - 2].isalnum() or i >= len(norm) or not norm[i].isalnum():
        return None
    j = i - 1
    while j > 0 and norm[j - 1].isalnum():
        j -= 1
    if j and norm[j - 1] != "-" and not is_word_start(norm, j):
        return None
    return j, i - 1


def _part_after(norm: str, i: int) -> tuple[int, int] | None:
    """The part of a hyphenated compound that starts just after the hyphen at ``i`` (see _part_before)."""
    if not i or i + 1 >= len(norm) or norm[i] != "-" or not norm[i + 1].isalnum() or not norm[i - 1].isalnum():
        return None
    j = i + 1
    while j < len(norm) and norm[j].isalnum():
        j += 1
    if j < len(norm) and norm[j] != "-" and not is_word_end(norm, j):
        return None
    return i + 1, j


class _Claimed:
    """Claimed spans with their restorations, looked up by bisection (a dense document has thousands)."""

    def __init__(self, busy: dict[tuple[int, int], str]) -> None:
        self.by_start = sorted(busy)
        self.starts = [s for s, _ in self.by_start]
        self.by_end = sorted(busy, key=lambda span: span[1])
        self.ends = [e for _, e in self.by_end]

    def before(self, i: int) -> tuple[int, int] | None:
        """A claimed span ending just before ``i`` (separated by one character at most)."""
        k = bisect.bisect_right(self.ends, i) - 1
        return self.by_end[k] if k >= 0 and self.ends[k] >= i - 2 else None

    def after(self, i: int) -> tuple[int, int] | None:
        """A claimed span starting just after ``i`` (separated by one character at most)."""
        k = bisect.bisect_left(self.starts, i)
        return self.by_start[k] if k < len(self.starts) and self.starts[k] <= i + 2 else None
