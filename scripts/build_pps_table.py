#!/usr/bin/env python3
"""Build spinfix's science phrase table from the Problematic Paper Screener list.

Input
    ``data/sources/pps_tortured_phrases_2025-07.csv``: the tortured-phrase fingerprints of the
    Problematic Paper Screener (PPS) by Guillaume Cabanac, Cyril Labbé and Alexander Magazinov,
    licensed CC BY 4.0. Columns: ``Fingerprint - Tortured Phrase``, ``Expected Text``,
    ``Nb Retrieved Papers``.

Outputs
    ``spinfix/data/tables/science_pps.tsv``
        A phrase table in the format of ``docs/table-format.md`` (version 1).
    ``data/pps_gold.tsv``
        The cleaned gold answers used by the evaluation: ``spun<TAB>expected<TAB>status`` with
        ``status`` either ``restorable`` or ``detect-only:<reasons>``. Fingerprint phrases that
        are not in the table (inexpressible, dropped) are listed as ``#excluded`` comment lines.

Both files carry the attribution and licence of the source in their comment header.

Conversion, in short (the report printed at the end counts every case):

* **Fingerprints.** A fingerprint is a small query: quoted phrases, bare words, ``AND``,
  ``NOT``, ``OR``, parenthesised ``OR`` groups and proximity ``"..."~N``. The first quoted
  phrase is the tortured phrase (``spun``); phrases joined to it by a top-level ``OR`` before the
  first ``AND``/``NOT`` are further tortured forms with the same answer. ``AND`` terms become
  context evidence ``and=a|b`` (not a required condition); ``NOT`` terms become ``not=a|b``;
  wildcard terms (``optimiz*``) cannot be expressed and are dropped; a proximity term after the
  first one is a co-occurrence constraint already covered by the ``and=`` evidence and is dropped.
  A proximity first phrase (``"a b"~N``: the words need not be adjacent) makes the row
  ``detect-only``.
* **Spun phrases** are lower-cased and whitespace-normalised; curly apostrophes become ``'`` and
  the hyphens U+2010/U+2011 become ``-`` (exactly what spinfix's matcher unifies in a text, so the
  phrase is still found); punctuation around the whole phrase is dropped. A word in parentheses
  after the phrase (``"hazard ratio (RR)"``) becomes the condition ``right=rr``; a phrase in
  parentheses after an acronym (``"IoT (Web of Things)"``) becomes ``web of things`` with
  ``left=iot``. A phrase that cannot be written with the format's word rules in a form the
  matcher finds (punctuation between words as in ``exactness, review`` or ``ladies' ruins``, a
  slash, an en dash, a parenthesis in the middle, ...) is emitted as a comment line and counted.
* **Expected text** is cleaned: notes, URLs and acronyms in parentheses are removed
  (``back propagation (BP)`` -> ``back propagation``); a bracketed word at the start, in the
  middle or, in square brackets, at the end is optional, and of the two readings the one
  closer to the length of the spun phrase is kept, both if they tie (spinners substitute word
  for word: ``square mistake`` -> ``squared error``, not ``mean squared error``, which would
  insert a word or double the ``mean`` before it; ``malady expectation`` ->
  ``disease prognosis``); ``a/b``, ``A OR B`` and ``(or B)`` become alternatives; a comma list
  is kept as a list or split into alternatives, whichever matches the length of the spun
  phrase; alternatives closest to that length come first. A question mark marks an uncertain
  answer: the best guess is kept and the row is ``detect-only``. An empty, placeholder
  (``???``) or non-phrase answer becomes ``?`` and the row is ``detect-only``. Certain typos
  in the expected text are fixed and listed in the report; the few entries that the generic
  rules cannot read are given explicitly in ``EXPECTED_OVERRIDES`` / ``EXPECTED_REWRITES``.
* **Merging.** Fingerprints that give the same spun phrase become one row: alternatives are
  merged (best-supported fingerprint first), evidence is merged, and the paper count is the
  largest of them. A ``left=``/``right=`` condition survives only if every merged fingerprint
  had one; otherwise its words become ``and=`` evidence. A spun phrase equal to one of its
  answers loses that answer (the row is dropped if none remains); of two rows that map onto
  each other (a cycle), the less supported one loses the offending answer.
* **Confidence** grows with the number of retrieved papers ``p``:
  ``s = min(1, log10(1 + p) / 4)`` and ``confidence = 0.80 + 0.15 * s`` (0.80 for no paper,
  0.95 from 10,000 papers on). A spun phrase that is also ordinary English gets
  ``confidence = 0.30 + 0.20 * s`` (at most 0.50): a single word with a ``wordfreq`` Zipf
  frequency of at least ``ORDINARY_ZIPF``, a two-word phrase that is one of the frequent
  bigrams shipped with ``wordsegment``, or a longer phrase whose adjacent pairs are all such
  bigrams and whose words are all very common, or a phrase that spinfix's trigram model uses as ordinary
  English (see ``is_ordinary``). A single ordinary word with no ``and=`` evidence, and any phrase the
  model uses so ("limited motivation", "supply route"), also gets ``spun-doc`` (act only in a document
  spun on other evidence).
  Rows restricted by ``left=``/``right=`` are not considered ordinary.

The output depends only on the CSV, this script and the installed ``wordfreq`` and
``wordsegment`` data, so two runs give byte-identical files.

Usage::

    python scripts/build_pps_table.py [--csv PATH] [--table PATH] [--gold PATH]
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import math
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise, product
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from spinfix.table import COLUMNS, FORMAT_HEADER, Conditions, Row, format_row  # noqa: E402

if TYPE_CHECKING:
    from spinfix.ngram import TrigramModel

DEFAULT_CSV = REPO / "data" / "sources" / "pps_tortured_phrases_2025-07.csv"
DEFAULT_TABLE = REPO / "spinfix" / "data" / "tables" / "science_pps.tsv"
DEFAULT_GOLD = REPO / "data" / "pps_gold.tsv"

COL_FINGERPRINT = "Fingerprint - Tortured Phrase"
COL_EXPECTED = "Expected Text"
COL_PAPERS = "Nb Retrieved Papers"

ATTRIBUTION = (
    "Source: Problematic Paper Screener, tortured-phrases list (export 2025-07), by Guillaume "
    "Cabanac, Cyril Labbé and Alexander Magazinov, https://www.irit.fr/~Guillaume.Cabanac/"
    "problematic-paper-screener"
)
LICENCE = "Licence: CC BY 4.0, https://creativecommons.org/licenses/by/4.0/"

DOMAIN = "science"
KIND = "tortured"
SOURCE = "pps"
UNKNOWN = "?"

#: A single spun word at least this frequent in English (Zipf scale) is "ordinary English".
ORDINARY_ZIPF = 2.5
#: Every word of an ordinary phrase of three or more words is at least this frequent.
COMMON_ZIPF = 5.0
#: A left=/right= word turned into and= evidence must be rarer than this (not "who", "it").
EVIDENCE_MAX_ZIPF = 4.0
#: Most alternatives kept for one row.
MAX_ALTERNATIVES = 6

# A word: letters and digits, with ' - . allowed inside (docs/table-format.md).
WORD_RE = re.compile(r"[^\W_]+(?:['.\-][^\W_]+)*")
PHRASE_RE = re.compile(rf"{WORD_RE.pattern}(?: {WORD_RE.pattern})*")

# Punctuation that may be dropped at the edges of a word.
EDGE_PUNCT = "'.\"`,;:!?*"

# What spinfix's matcher itself unifies in a text (spinfix/normalize.py): a phrase to be matched
# may rely on these and on nothing else, or it would never be found.
_MATCH_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
}
MATCH_TRANSLATE = str.maketrans(_MATCH_MAP)
# For expected texts (output, never matched): also curly double quotes and the en dash.
TEXT_TRANSLATE = str.maketrans({**_MATCH_MAP, "\u201c": '"', "\u201d": '"', "\u2013": "-"})

# Words that start a note inside parentheses, not part of the answer.
NOTE_STARTS = (
    "a ",
    "an ",
    "as ",
    "as in",
    "called",
    "caveat",
    "could be",
    "e.g",
    "for ",
    "found in",
    "i.e",
    "in ",
    "meaning",
    "note",
    "of ",
    "part of",
    "please",
    "referring",
    "see",
    "sometimes",
    "the ",
    "via",
    "=",
)
FUNCTION_WORDS = frozenset({"of", "with", "for", "in", "on", "by", "to", "from"})

#: Certain typos in the expected text (applied to whole words, case-insensitively).
TYPO_FIXES: dict[str, str] = {
    "assocated": "associated",
    "boltzman": "boltzmann",
    "composent": "component",
    "continious": "continuous",
    "countinuous": "continuous",
    "entrooy": "entropy",
    "fruxtose": "fructose",
    "fuction": "function",
    "gradiant": "gradient",
    "gradiants": "gradients",
    "highresolution": "high-resolution",
    "illneses": "illnesses",
    "mamography": "mammography",
    "medicial": "medical",
    "minin": "mining",
    "netwok": "network",
    "ocurrence": "occurrence",
    "opeerator": "operator",
    "particule": "particle",
    "pericutaneous": "percutaneous",
    "polyphormism": "polymorphism",
    "preprocesing": "preprocessing",
    "rythm": "rhythm",
    "squarred": "squared",
    "tesselation": "tessellation",
    "unbiaised": "unbiased",
    "unknow": "unknown",
    "valiadation": "validation",
}
#: Certain errors in whole expected phrases (after cleaning and lower-casing).
PHRASE_FIXES: dict[str, str] = {
    "man-in-the middle": "man-in-the-middle",
    "infrastructure as an service": "infrastructure as a service",
    "internet of thing": "internet of things",
    # the spun phrase keeps "transmission" ("Transmission Control Convention")
    "transport control protocol": "transmission control protocol",
    # the spun phrase keeps "stochastic" ("stochastic-inclination drop")
    "standard gradient descent": "stochastic gradient descent",
    "single value decomposition": "singular value decomposition",
    "single-nucleotide polymorphism": "single-nucleotide polymorphisms",
}

#: Expected texts that the generic rules cannot read, keyed by the raw CSV value.
#: The value is the list of alternatives (preferred first); ``[]`` means unknown.
EXPECTED_OVERRIDES: dict[str, list[str]] = {
    "Search and replace of cell -> mobile": ["cellular"],
    "The word \u2018are\u2019 as in the conjugated verb \u2018be\u2019, see "
    "https://pubpeer.com/publications/57C388D664E1F25E918F2D2CE623D5#2": ["are"],
    "paraphrased versions of the words \u2018an\u2019 and \u2018are\u2019 (see "
    "https://pubpeer.com/publications/38119B560544003CFD49520629BEEC)": ["an"],
    "MAC (Medium Access Control) layer": ["mac layer"],
    "YOLO (You Only Look Once, a computer vision model)": ["you only look once"],
    "Microsoft COCO: Common Objects In Context": ["common objects in context"],
    "renal or kidney failure": ["renal failure", "kidney failure"],
    "hydrofluoric acid or hydrogen fluoride": ["hydrofluoric acid", "hydrogen fluoride"],
    "nanotechnology or nanotech device": ["nanotech device", "nanotechnology device"],
    "Oxidative Stress or Mechanical Stress": ["oxidative or mechanical stress"],
    "nature of a plant pathogen or nature of plant\u2013pathogen (interactions)": ["nature of a plant pathogen"],
    "Single- or multi-component nanoparticle": ["single or multi-component nanoparticle"],
    "an incredible/ a staggering need": ["an incredible need", "a staggering need"],
    "Automated Storage/Retrieval Systems (AS/RS)": ["automated storage and retrieval systems"],
    "signing / sign language recognition": ["signing recognition", "sign language recognition"],
    "gas chromatography/mass spectrometry (GC/MS)": [
        "gas chromatography-mass spectrometry",
        "gas chromatography mass spectrometry",
    ],
    "Address Resolution Protocol (ARP) spoofing": ["address resolution protocol"],
    "protein-coding sequences (or simply 'genes')": ["protein-coding genes"],
    "downsampling, upsampling": ["downsampling"],
    "Brown(ian) motion": ["brownian motion"],
    "autist(ic)": ["autistic", "autist"],
    "emotion(al) processing": ["emotional processing", "emotion processing"],
    "5% CO2": [],
    "modifi": [],  # a truncated word ("modiwiwireless": "fi" replaced by "wireless")
    "meaning unclear, see https://pubpeer.com/publications/D6459EF8B2A77D0B989C9D2B5ECC26": [],
}
#: Expected texts to read as a different string (the result still goes through cleaning).
EXPECTED_REWRITES: dict[tuple[str, str], str] = {
    # The spinner left "the"; "(reaction)" is context the spun phrase does not contain.
    ("into the combination", "into (reaction) mixture"): "into the (reaction) mixture",
}
#: Rows whose expected text says the phrase is often legitimate: treat as ordinary English.
FALSE_POSITIVE_NOTES = ("caveat: false positives",)


# --------------------------------------------------------------------------------------------
# Data types


@dataclass
class Fingerprint:
    """One CSV row, parsed."""

    line: int
    raw: str
    expected_raw: str
    papers: int
    spun_forms: list[str]  # tortured phrases as written (first = the main one)
    proximity: bool = False
    and_terms: list[str] = field(default_factory=list)
    not_terms: list[str] = field(default_factory=list)
    dropped_terms: list[str] = field(default_factory=list)


@dataclass
class Candidate:
    """A tortured phrase from one fingerprint, normalised, before merging."""

    spun: str
    alternatives: list[str]  # empty = unknown
    papers: int
    order: int
    reasons: set[str]  # detect-only reasons
    and_terms: list[str]
    not_terms: list[str]
    left: str | None = None
    right: str | None = None
    ordinary_note: bool = False


@dataclass
class TableRow:
    """One row of the phrase table, with what the report needs; written through ``spinfix.table``."""

    spun: str
    alternatives: tuple[str, ...]  # empty = unknown
    confidence: float
    pos: str | None
    detect_only: bool
    conditions: Conditions
    papers: int = 0
    reasons: tuple[str, ...] = ()

    @property
    def original(self) -> str:
        """The original field as the table writes it (alternatives joined by `` | ``, or ``?``)."""
        return " | ".join(self.alternatives) if self.alternatives else UNKNOWN

    def line(self) -> str:
        """The row as a table line, spelt by the one table formatter (``spinfix.table.format_row``)."""
        return format_row(Row(self.spun, self.alternatives, round(self.confidence, 2), DOMAIN, KIND, self.pos,
                              self.detect_only, SOURCE, self.conditions, path="", line=0))


@dataclass
class GoldRow:
    """One gold answer: the expected restoration of a tortured phrase."""

    spun: str
    expected: str
    status: str
    excluded: bool = False  # a fingerprint phrase that is not in the table (status = why)

    def line(self) -> str:
        """The row as a gold-file line (``#excluded`` comment lines for excluded phrases)."""
        prefix = "#excluded\t" if self.excluded else ""
        return f"{prefix}{self.spun}\t{self.expected}\t{self.status}"


@dataclass
class Report:
    """Counts and notes of one conversion."""

    csv_rows: int = 0
    fingerprints_with_and: int = 0
    fingerprints_with_not: int = 0
    fingerprints_with_or_group: int = 0
    fingerprints_proximity: int = 0
    extra_or_forms: int = 0
    candidates: int = 0
    merged_groups: int = 0
    merged_fingerprints: int = 0
    dropped_identity: list[str] = field(default_factory=list)
    dropped_cycle: list[str] = field(default_factory=list)
    inexpressible_spun: list[tuple[str, str, int]] = field(default_factory=list)
    inexpressible_expected: list[str] = field(default_factory=list)
    dropped_evidence: list[str] = field(default_factory=list)
    unknown_expected: int = 0
    uncertain_expected: int = 0
    typo_fixes: list[str] = field(default_factory=list)
    overrides_used: list[str] = field(default_factory=list)
    positional_context: int = 0
    positional_to_evidence: int = 0
    notes: list[str] = field(default_factory=list)
    rows_written: int = 0
    rows_detect_only: int = 0
    rows_detect_only_reasons: dict[str, int] = field(default_factory=dict)
    rows_with_and: int = 0
    rows_with_not: int = 0
    rows_ordinary: int = 0
    rows_spun_doc: int = 0
    rows_multi_alternatives: int = 0
    frequency_source: str = ""

    def text(self) -> str:
        """Human-readable summary."""
        out = [
            "PPS conversion report",
            f"  CSV rows (fingerprints):             {self.csv_rows}",
            f"    with AND evidence:                 {self.fingerprints_with_and}",
            f"    with NOT terms:                    {self.fingerprints_with_not}",
            f"    with OR groups:                    {self.fingerprints_with_or_group}",
            f"    proximity (~N) first phrase:       {self.fingerprints_proximity}",
            f"    extra tortured forms via top OR:   {self.extra_or_forms}",
            f"  tortured phrases considered:         {self.candidates}",
            f"  inexpressible spun (comment lines):  {len(self.inexpressible_spun)}",
            f"  merged: {self.merged_fingerprints} fingerprints into {self.merged_groups} rows",
            f"  dropped, spun == expected:           {len(self.dropped_identity)}",
            f"  dropped, cycles:                     {len(self.dropped_cycle)}",
            f"  expected unknown -> '?':             {self.unknown_expected}",
            f"  expected uncertain (kept, detect):   {self.uncertain_expected}",
            f"  expected inexpressible -> '?':       {len(self.inexpressible_expected)}",
            f"  left=/right= conditions:             {self.positional_context}",
            f"    turned into and= by merging:       {self.positional_to_evidence}",
            f"  evidence terms dropped:              {len(self.dropped_evidence)}",
            f"  rows written:                        {self.rows_written}",
            f"    detect-only:                       {self.rows_detect_only}",
        ]
        for reason, n in sorted(self.rows_detect_only_reasons.items()):
            out.append(f"      {reason + ':':33}  {n}")
        out += [
            f"    restorable:                        {self.rows_written - self.rows_detect_only}",
            f"    with and= evidence:                {self.rows_with_and}",
            f"    with not= terms:                   {self.rows_with_not}",
            f"    ordinary English (conf <= 0.5):    {self.rows_ordinary}",
            f"    spun-doc:                          {self.rows_spun_doc}",
            f"    several alternatives:              {self.rows_multi_alternatives}",
            f"  frequency data: {self.frequency_source}",
            "  note: proximity fingerprints match words that need not be adjacent; the table can",
            "        only match them as a contiguous phrase, so they are detect-only.",
        ]
        if self.typo_fixes:
            fixes = list(dict.fromkeys(self.typo_fixes))
            out.append(f"  expected-text fixes ({len(fixes)}):")
            out += [f"    {fix}" for fix in fixes]
        if self.overrides_used:
            used = list(dict.fromkeys(self.overrides_used))
            out.append(f"  explicit readings of expected text ({len(used)}):")
            out += [f"    {o}" for o in used]
        if self.dropped_identity:
            out.append("  dropped (spun == expected): " + "; ".join(self.dropped_identity))
        if self.dropped_cycle:
            out.append("  cycles:")
            out += [f"    {c}" for c in self.dropped_cycle]
        if self.dropped_evidence:
            out.append("  evidence dropped: " + "; ".join(sorted(set(self.dropped_evidence))))
        if self.notes:
            out.append("  notes:")
            out += [f"    {n}" for n in self.notes]
        return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Text helpers


def normalise(text: str, *, for_matching: bool = False) -> str:
    """NFC, unify quotes, hyphens and spaces, collapse whitespace.

    With ``for_matching``, only the characters that spinfix's matcher also unifies are changed
    (an en dash stays an en dash: a phrase written with ``-`` would not match it).
    """
    table = MATCH_TRANSLATE if for_matching else TEXT_TRANSLATE
    text = unicodedata.normalize("NFC", text).translate(table)
    return re.sub(r"\s+", " ", text).strip()


def is_acronym(token: str) -> bool:
    """Tell acronym-like tokens: ``IoT``, ``HER2``, ``5G``, ``R-HD``, ``MitM``, ``siRNA``.

    Mostly capitals (``CatBoost``, ``MobileNet`` are names, not acronyms) or capitals and digits.
    """
    token = token.strip(" ?")
    if not token or " " in token or not re.fullmatch(r"[\w'&./+-]+", token):
        return False
    letters = sum(c.isalpha() for c in token)
    upper = sum(c.isupper() for c in token)
    digits = sum(c.isdigit() for c in token)
    return (upper >= 2 and 2 * upper >= letters) or (upper >= 1 and digits >= 1)


def to_phrase(text: str, *, strict: bool) -> str | None:
    """Lower-case ``text`` and write it with the word rules, or return ``None``.

    ``strict`` is for phrases that spinfix must find in a text (spun phrases, evidence): the
    matcher compares characters, so only punctuation around the whole phrase may be dropped
    (``"G.H.G."`` -> ``g.h.g``); punctuation between words (``exactness, review``,
    ``ladies' ruins``, ``sq. measure``) makes the phrase inexpressible. Otherwise (expected
    texts, which are only written out) punctuation at the edges of every word is dropped.
    """
    tokens = normalise(text, for_matching=strict).lower().split(" ")
    if strict:
        tokens[0] = tokens[0].lstrip(EDGE_PUNCT)
        tokens[-1] = tokens[-1].rstrip(EDGE_PUNCT)
    else:
        tokens = [t.strip(EDGE_PUNCT) for t in tokens]
    if not all(t and WORD_RE.fullmatch(t) for t in tokens):
        return None
    phrase = " ".join(tokens)
    return phrase if PHRASE_RE.fullmatch(phrase) else None


def word_count(phrase: str) -> int:
    """Words of a phrase, counting the parts of hyphenated words (``computer-aided`` = 2)."""
    return len([w for w in re.split(r"[\s\-]+", phrase) if w])


# --------------------------------------------------------------------------------------------
# Frequency data (ordinary English)


@cache
def _bigrams() -> frozenset[str]:
    try:
        import wordsegment
    except ImportError:  # pragma: no cover - optional dependency
        return frozenset()
    path = Path(wordsegment.__file__).with_name("bigrams.txt")
    with path.open(encoding="utf-8") as fh:
        return frozenset(line.split("\t", 1)[0] for line in fh)


@cache
def _unigrams() -> dict[str, int]:
    try:
        import wordsegment
    except ImportError:  # pragma: no cover - optional dependency
        return {}
    path = Path(wordsegment.__file__).with_name("unigrams.txt")
    out = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word, count = line.rstrip("\n").split("\t")
            out[word] = int(count)
    return out


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return "?"


def frequency_source() -> str:
    """Describe the frequency data this run uses (it affects the output)."""
    parts = []
    try:
        import wordfreq  # noqa: F401

        parts.append(f"wordfreq {_version('wordfreq')} (single words)")
    except ImportError:  # pragma: no cover - optional dependency
        parts.append("wordsegment unigrams (single words; wordfreq not installed)")
    try:
        import wordsegment  # noqa: F401

        parts.append(f"wordsegment {_version('wordsegment')} bigrams.txt (phrases)")
    except ImportError:  # pragma: no cover - optional dependency
        parts.append("no bigram data (wordsegment not installed)")
    return ", ".join(parts)


@cache
def zipf(word: str) -> float:
    """Zipf frequency of one English word (wordfreq, else wordsegment's unigram counts)."""
    try:
        import wordfreq
    except ImportError:  # pragma: no cover - optional dependency
        count = _unigrams().get(re.sub(r"[^a-z0-9]", "", word), 0)
        # wordsegment counts come from about 1e12 tokens: zipf = log10(per billion)
        return math.log10(count / 1000) if count > 1000 else 0.0
    return wordfreq.zipf_frequency(word, "en")


@cache
def _model() -> TrigramModel:
    from spinfix.ngram import TrigramModel

    return TrigramModel().warm()


def attested_by_model(spun: str) -> bool:
    """Tell whether spinfix's broadcast-news trigram model uses ``spun`` as ordinary English
    (``TrigramModel.attests``: ``limited motivation``, ``supply route``, ``whatever remains of the
    paper``), the test of ``scripts/check_table.py --audit``; the frequent bigrams of ``is_ordinary``
    miss these."""
    return _model().attests(spun.replace("'", " '").split())


def is_ordinary(spun: str) -> bool:
    """Tell whether ``spun`` is also ordinary English.

    * one word: its Zipf frequency is at least ``ORDINARY_ZIPF`` (``bosom``, ``brilliant``);
    * two words, or a two-part hyphenated word: a frequent bigram (``shared data``);
    * three or more words: every adjacent pair is a frequent bigram and every word is very
      common, Zipf >= ``COMMON_ZIPF`` (``man in the center``);
    * a hyphenated word of three or more parts (``stop-to-quit``) is not ordinary English;
    * or the trigram model uses it as ordinary English (``attested_by_model``).
    """
    if attested_by_model(spun):
        return True
    words = spun.split()
    if len(words) == 1 and "-" in words[0]:
        words = [w for w in words[0].split("-") if w]
        if len(words) > 2:
            return False
    if len(words) == 1:
        return zipf(words[0]) >= ORDINARY_ZIPF
    bigrams = _bigrams()
    keys = [re.sub(r"[^\w]", "", w) for w in words]
    if not all(f"{a} {b}" in bigrams for a, b in pairwise(keys)):
        return False
    return len(words) == 2 or all(zipf(w) >= COMMON_ZIPF for w in words)


def paper_strength(papers: int) -> float:
    """Map a paper count to [0, 1]: ``min(1, log10(1 + papers) / 4)``."""
    return min(1.0, math.log10(1 + max(papers, 0)) / 4)


def confidence(papers: int, ordinary: bool) -> float:
    """Monotone in ``papers``; at most 0.50 for ordinary English (see the module docstring)."""
    s = paper_strength(papers)
    value = 0.30 + 0.20 * s if ordinary else 0.80 + 0.15 * s
    return round(value, 2)


# --------------------------------------------------------------------------------------------
# Fingerprints

TOKEN_RE = re.compile(
    r'"(?P<q>[^"]*)"(?:~(?P<n>\d+))?'
    r"|(?P<lp>\()|(?P<rp>\))"
    r"|(?P<op>\b(?:AND|OR|NOT|ADN)\b)"
    r'|(?P<w>[^\s()"]+)'
)


def parse_fingerprint(line: int, raw: str, expected: str, papers: int, report: Report) -> Fingerprint:
    """Parse the PPS query syntax into spun forms and evidence."""
    fp = Fingerprint(line=line, raw=raw, expected_raw=expected, papers=papers, spun_forms=[])
    # items: (operator before the item, [(phrase, is proximity)]); a group holds OR alternatives
    items: list[tuple[str, list[tuple[str, bool]]]] = []
    op = "FIRST"
    group: list[tuple[str, bool]] | None = None
    bare: list[str] = []

    def flush_bare() -> None:
        # consecutive unquoted words form one phrase: AND business intelligence
        if bare:
            term = (" ".join(bare), False)
            if group is not None:
                group.append(term)
            else:
                items.append((op, [term]))
            bare.clear()

    for m in TOKEN_RE.finditer(normalise(raw, for_matching=True)):
        if m.group("q") is not None:
            flush_bare()
            term = (m.group("q").strip(), m.group("n") is not None)
            if group is not None:
                group.append(term)
            else:
                items.append((op, [term]))
        elif m.group("lp"):
            flush_bare()
            group = []
        elif m.group("rp"):
            flush_bare()
            if group is not None:
                items.append((op, group))
                report.fingerprints_with_or_group += 1
            group = None
        elif m.group("op"):
            flush_bare()
            word = m.group("op")
            if word == "ADN":
                report.notes.append(f"line {line}: operator 'ADN' read as AND: {raw}")
                word = "AND"
            if group is None and word != "OR":
                # a top-level OR keeps the current mode: before the first AND/NOT it adds a
                # tortured form, after it an evidence alternative
                op = word
        else:
            bare.append(m.group("w"))
    flush_bare()

    mode = "spun"
    for item_op, terms in items:
        if item_op != "FIRST":
            mode = item_op
        for phrase, prox in terms:
            if mode == "spun":
                if not fp.spun_forms:
                    fp.proximity = prox
                fp.spun_forms.append(phrase)
            elif prox and mode == "AND":
                fp.dropped_terms.append(f'"{phrase}"~N (co-occurrence constraint)')
            elif mode == "AND":
                fp.and_terms.append(phrase)
            else:
                fp.not_terms.append(phrase)
    if fp.and_terms:
        report.fingerprints_with_and += 1
    if fp.not_terms:
        report.fingerprints_with_not += 1
    if fp.proximity:
        report.fingerprints_proximity += 1
    report.extra_or_forms += max(0, len(fp.spun_forms) - 1)
    return fp


def parse_spun(text: str) -> tuple[str, str | None, str | None] | None:
    """Return ``(spun, left, right)`` for a tortured phrase as written, or ``None``."""
    text = normalise(text, for_matching=True)
    m = re.fullmatch(r"(?P<head>[^()\[\]]+?) \((?P<inner>[^()]+)\)", text)
    if m:
        head, inner = m.group("head"), m.group("inner")
        if is_acronym(head) and len(inner.split()) > 1:
            spun, left = to_phrase(inner, strict=True), to_phrase(head, strict=True)
            return (spun, left, None) if spun and left else None
        right = to_phrase(inner.split()[0], strict=True)
        spun = to_phrase(head, strict=True)
        return (spun, None, right) if spun and right else None
    spun = to_phrase(text, strict=True)
    return (spun, None, None) if spun else None


# --------------------------------------------------------------------------------------------
# Expected text


@dataclass
class Expected:
    """A cleaned expected text."""

    alternatives: list[str]  # empty = unknown
    uncertain: bool = False
    inexpressible: bool = False


def _groups(text: str) -> list[tuple[int, int]]:
    """Top-level ``(...)`` / ``[...]`` spans of ``text``."""
    spans, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in "([":
            if depth == 0:
                start = i
            depth += 1
        elif c in ")]" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def _variants_of(text: str, spun_wc: int) -> list[str]:
    """Expand the parentheticals of one expected text into plain-text variants.

    Each bracketed part is dropped (a note, an acronym, an uncertainty mark) or optional.
    Two variants are built, every optional part left out and every optional part put in
    (``(mean) squared error``: ``squared error``, ``mean squared error``), and the one closer
    to the length of the spun phrase is kept, both if they tie: an optional word that the
    spun phrase does not stand for would be inserted into the text (or doubled, when the
    text has it next to the phrase). A trailing ``(or X)`` adds ``X`` as an alternative.
    """
    spans = _groups(text)
    if not spans:
        return [text]
    pieces: list[list[str]] = []
    extra: list[str] = []
    pos = 0
    for start, end in spans:
        pieces.append([text[pos:start]])
        pos = end
        content = text[start + 1 : end - 1].replace("?", "").strip()
        square = text[start] == "["
        before, after = text[:start], text[end:]
        trailing = not re.sub(r"[\s?.]|\([^)]*\)|\[[^\]]*\]", "", after)
        attached_left = bool(before) and before[-1].isalnum()
        attached_right = bool(after) and after[0].isalnum()
        prev_word = before.split()[-1] if before.split() else ""
        low = content.lower()
        note = low.startswith(NOTE_STARTS) or (bool(low) and low.split()[-1] in FUNCTION_WORDS)
        if not content or content in ("...", "\u2026"):
            options = [""]
        elif attached_left and not attached_right:  # a suffix: function(s)
            options = ["", content] if content == "s" else [content, ""]
        elif attached_right and not attached_left:  # a prefix: (web)sites
            options = [content, ""]
        elif re.match(r"or (possibly |simply )?", low):
            alt = re.sub(r"^or (possibly |simply )?", "", low).strip(" '\"")
            options = [""]
            if trailing:
                extra.append(alt)
            elif len(alt.split()) == 1 and prev_word and not is_acronym(prev_word):
                # "inflected (or declined) languages": an alternative for the previous word
                head = pieces[-1][0].rstrip()
                pieces[-1] = [head + " ", head[: len(head) - len(prev_word)] + alt + " "]
        elif is_acronym(content) or is_acronym(prev_word) or note:
            options = [""]  # an acronym, the gloss of an acronym, or a note
        elif trailing and not square:
            options = [""]  # a trailing note: "(in SVM)", "(attack)", "(network)"
        elif not square and len(content.split()) > 1:
            options = [""]  # a multi-word gloss in round brackets
        else:
            options = ["", f" {content} "]  # optional words
        pieces.append(options)
    pieces.append([text[pos:]])
    variants = []
    for i in (0, 1):
        variant = re.sub(r"\s+", " ", "".join(o[min(i, len(o) - 1)] for o in pieces)).strip()
        if variant not in variants:
            variants.append(variant)
    best = min(abs(word_count(v) - spun_wc) for v in variants)
    variants = [v for v in variants if abs(word_count(v) - spun_wc) == best]
    return variants + extra


def _split_list(text: str, spun_wc: int) -> list[str]:
    """Read a comma list as one phrase or as alternatives, whichever fits ``spun_wc``."""
    if "," not in text:
        return [text]
    parts = [p.strip() for p in text.split(",") if p.strip()]
    parts = [p for i, p in enumerate(parts) if i == 0 or not (p.lower().startswith(("a ", "an ")) or is_acronym(p))]
    joined = " ".join(parts)
    if len(parts) > 1 and " and " in parts[-1]:
        return [joined]  # "confirmed, recovered and death": a list
    best_part = min(abs(word_count(p) - spun_wc) for p in parts)
    if abs(word_count(joined) - spun_wc) <= best_part:
        return [joined]
    return parts


def _expand_slashes(text: str) -> list[str]:
    """``a/b c`` -> ``a c``, ``b c``; ``x / y`` -> ``x``, ``y``.

    When swapping single words repeats a word (``digital crime/cyber crime``), the slash
    separates whole phrases instead (``digital crime``, ``cyber crime``).
    """
    if " / " in text:
        return [p.strip() for p in text.split(" / ")]
    options = [tok.split("/") if "/" in tok else [tok] for tok in text.split(" ")]
    out = [" ".join(combo) for combo in product(*options)][:MAX_ALTERNATIVES]
    if text.count("/") == 1 and any(re.search(r"\b(\w+) \1\b", o) for o in out):
        return [p.strip() for p in text.split("/")]
    return out


def _fix(phrase: str, fixes: list[str]) -> str:
    words = ["-".join(TYPO_FIXES.get(p, p) for p in w.split("-")) for w in phrase.split(" ")]
    fixed = " ".join(words)
    fixed = PHRASE_FIXES.get(fixed, fixed)
    for wrong, right in PHRASE_FIXES.items():
        if wrong in fixed and right not in fixed:
            fixed = fixed.replace(wrong, right)
    if fixed != phrase:
        fixes.append(f"{phrase} -> {fixed}")
    return fixed


def clean_expected(raw: str, spun: str, report: Report, took_inside: bool = False) -> Expected:
    """Clean one expected text (see the module docstring)."""
    spun_wc = word_count(spun)
    raw_key = raw.strip()
    if raw_key in EXPECTED_OVERRIDES:
        alts = [to_phrase(a, strict=False) for a in EXPECTED_OVERRIDES[raw_key]]
        if not all(alts):
            raise ValueError(f"EXPECTED_OVERRIDES[{raw_key!r}] breaks the word rules")
        report.overrides_used.append(f"{raw_key!r} -> {' | '.join(a for a in alts if a) or UNKNOWN}")
        if not alts:
            report.unknown_expected += 1
        return Expected([a for a in alts if a])
    text = EXPECTED_REWRITES.get((spun, raw_key), raw_key)
    if text != raw_key:
        report.overrides_used.append(f"{spun}: {raw_key!r} read as {text!r}")
    text = normalise(text).replace('\\"', '"').replace('"', "").replace(" & ", " and ")
    text = re.sub(r",?\s*\(?\s*(?:see\s+)?(?:NIST\s+)?https?://\S+", "", text)
    text = re.sub(r"\(found in [^)]*\)", "", text).strip()
    text = re.sub(r"\[\.\.\.\]|\.\.\.|\u2026", "", text).replace("*", "").strip()
    if re.search(r"\bAND\b", text):
        text = re.split(r"\s+AND\s+", text)[0]
    # question marks: placeholders (unknown) versus uncertainty markers
    tokens = text.split()
    placeholder = not re.search(r"\w", text) or bool(tokens and re.fullmatch(r"[\[(]?\?+[\])]?", tokens[0]))
    if placeholder or "meaning unclear" in text.lower():
        report.unknown_expected += 1
        return Expected([])
    uncertain = "?" in text
    text = re.sub(r"\s*\?+\s*$", "", text)
    text = re.sub(r"(?<=\w)\?+", "", text)
    text = re.sub(r"(?<!\S)\?+(?!\S)", "", text)
    # "ACR (expansion)" -> expansion
    m = re.fullmatch(r"(\S+) \(([^()]+)\)", text)
    if m and is_acronym(m.group(1)) and (len(m.group(2).split()) > 1 or took_inside):
        text = m.group(2)
    alternatives: list[str] = []
    for alt in re.split(r"\s+OR\s+", text):
        for variant in _variants_of(alt, spun_wc):
            for item in _split_list(variant, spun_wc):
                alternatives += _expand_slashes(item)
    phrases: list[str] = []
    bad = False
    for alt in alternatives:
        phrase = to_phrase(alt, strict=False) if alt.strip() else None
        if phrase is None:
            bad = bad or bool(alt.strip())
            continue
        phrase = _fix(phrase, report.typo_fixes)
        if phrase not in phrases:
            phrases.append(phrase)
    if not phrases:
        if bad:
            report.inexpressible_expected.append(raw_key)
            return Expected([], uncertain, inexpressible=True)
        report.unknown_expected += 1
        return Expected([])
    # word-for-word substitution first (stable among equals)
    phrases.sort(key=lambda p: abs(word_count(p) - spun_wc))
    if uncertain:
        report.uncertain_expected += 1
    return Expected(phrases[:MAX_ALTERNATIVES], uncertain)


# --------------------------------------------------------------------------------------------
# Conversion


def _evidence(terms: Iterable[str], kind: str, report: Report) -> list[str]:
    out = []
    for term in terms:
        if "*" in term:
            report.dropped_evidence.append(f"{kind}={term} (wildcard)")
            continue
        phrase = to_phrase(term, strict=True)
        if phrase is None:
            report.dropped_evidence.append(f"{kind}={term} (inexpressible)")
            continue
        if phrase not in out:
            out.append(phrase)
    return out


def _merge_list(target: list[str], items: Iterable[str]) -> None:
    for item in items:
        if item not in target:
            target.append(item)


def read_csv(csv_path: Path) -> list[tuple[int, str, str, int]]:
    """Rows of the PPS CSV as ``(line, fingerprint, expected, papers)``."""
    with Path(csv_path).open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {COL_FINGERPRINT, COL_EXPECTED, COL_PAPERS} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{csv_path}: missing columns {sorted(missing)}")
        rows = []
        for i, rec in enumerate(reader, start=2):
            papers_text = (rec[COL_PAPERS] or "0").replace(",", "").strip()
            papers = int(papers_text) if papers_text.isdigit() else 0
            rows.append((i, rec[COL_FINGERPRINT] or "", rec[COL_EXPECTED] or "", papers))
    return rows


def convert(csv_path: str | Path) -> tuple[list[TableRow], list[GoldRow], Report]:
    """Convert the PPS CSV into table rows, gold answers and a report."""
    report = Report(frequency_source=frequency_source())
    records = read_csv(Path(csv_path))
    report.csv_rows = len(records)

    candidates: list[Candidate] = []
    excluded_gold: list[GoldRow] = []
    for line, raw_fp, raw_expected, papers in records:
        fp = parse_fingerprint(line, raw_fp, raw_expected, papers, report)
        if not fp.spun_forms:
            report.notes.append(f"line {line}: no phrase in fingerprint {raw_fp!r}")
            continue
        report.dropped_evidence += fp.dropped_terms
        and_terms = _evidence(fp.and_terms, "and", report)
        not_terms = _evidence(fp.not_terms, "not", report)
        for form in fp.spun_forms:
            report.candidates += 1
            parsed = parse_spun(form)
            if parsed is None:
                report.inexpressible_spun.append((form, raw_expected, papers))
                excluded_gold.append(GoldRow(normalise(form), normalise(raw_expected), "inexpressible", excluded=True))
                continue
            spun, left, right = parsed
            expected = clean_expected(raw_expected, spun, report, took_inside=left is not None)
            reasons: set[str] = set()
            if fp.proximity:
                reasons.add("proximity")
            if expected.uncertain and expected.alternatives:
                reasons.add("uncertain")
            if not expected.alternatives:
                reasons.add("unknown")
            candidates.append(
                Candidate(
                    spun=spun,
                    alternatives=expected.alternatives,
                    papers=papers,
                    order=len(candidates),
                    reasons=reasons,
                    and_terms=[t for t in and_terms if t != spun],
                    not_terms=[t for t in not_terms if t != spun],
                    left=left,
                    right=right,
                    ordinary_note=any(n in raw_expected.lower() for n in FALSE_POSITIVE_NOTES),
                )
            )

    merged = _merge(candidates, report)
    merged = _drop_identity_and_cycles(merged, report, excluded_gold)
    rows = [_to_row(c, report) for c in merged]
    gold = [
        GoldRow(
            r.spun,
            r.original,
            "restorable" if not r.reasons else "detect-only:" + "+".join(r.reasons),
        )
        for r in rows
    ]
    gold += excluded_gold
    report.rows_written = len(rows)
    return rows, gold, report


def _merge(candidates: list[Candidate], report: Report) -> list[Candidate]:
    groups: dict[str, list[Candidate]] = {}
    for c in candidates:
        groups.setdefault(c.spun, []).append(c)
    out = []
    for spun, group in groups.items():
        if len(group) > 1:
            report.merged_groups += 1
            report.merged_fingerprints += len(group)
        # best-supported first; certain answers before uncertain or unknown ones
        ranked = sorted(group, key=lambda c: (bool(c.reasons - {"proximity"}), -c.papers, c.order))
        restorable = [c for c in ranked if not c.reasons]
        usable = restorable or [c for c in ranked if c.alternatives] or ranked
        alts: list[str] = []
        reasons: set[str] = set()
        for c in usable:
            _merge_list(alts, c.alternatives)
            reasons |= c.reasons
        if alts:
            reasons.discard("unknown")
        and_terms: list[str] = []
        not_terms: list[str] = []
        for c in ranked:
            _merge_list(and_terms, c.and_terms)
            _merge_list(not_terms, c.not_terms)
        left = right = None
        for side in ("left", "right"):
            values = [getattr(c, side) for c in group]
            if all(values):
                chosen = "|".join(dict.fromkeys(v for v in values if v))
                if side == "left":
                    left = chosen
                else:
                    right = chosen
            elif any(values):
                # the condition held for some fingerprints only: keep the word as evidence,
                # unless it is a common word (WHO, IT) that proves nothing
                report.positional_to_evidence += 1
                words = [w for v in values if v for w in v.split("|")]
                _merge_list(and_terms, [w for w in words if zipf(w) < EVIDENCE_MAX_ZIPF])
        out.append(
            Candidate(
                spun=spun,
                alternatives=alts[:MAX_ALTERNATIVES],
                papers=max(c.papers for c in group),
                order=min(c.order for c in group),
                reasons=reasons,
                and_terms=[t for t in and_terms if t != spun],
                not_terms=not_terms,
                left=left,
                right=right,
                ordinary_note=any(c.ordinary_note for c in group),
            )
        )
    return out


def _drop_identity_and_cycles(rows: list[Candidate], report: Report, excluded: list[GoldRow]) -> list[Candidate]:
    kept = []
    for c in rows:
        if c.spun in c.alternatives:
            c.alternatives = [a for a in c.alternatives if a != c.spun]
            if not c.alternatives:
                report.dropped_identity.append(c.spun)
                excluded.append(GoldRow(c.spun, c.spun, "spun-equals-expected", excluded=True))
                continue
            report.notes.append(f"{c.spun}: answer equal to the spun phrase removed")
        kept.append(c)
    by_spun = {c.spun: c for c in kept}
    # cycles a -> b -> ... -> a, found by walking the answer graph from every row
    removed: set[str] = set()
    changed = True
    while changed:
        changed = False
        for c in sorted(by_spun.values(), key=lambda c: c.order):
            if c.spun in removed:
                continue
            cycle = _find_cycle(c.spun, by_spun, removed)
            if not cycle:
                continue
            members = [by_spun[s] for s in cycle]
            weakest = min(members, key=lambda m: (m.papers, -m.order))
            target = cycle[(cycle.index(weakest.spun) + 1) % len(cycle)]
            weakest.alternatives = [a for a in weakest.alternatives if a != target]
            report.dropped_cycle.append(
                f"{' -> '.join([*cycle, cycle[0]])}: dropped {weakest.spun} -> {target} ({weakest.papers} papers)"
            )
            if not weakest.alternatives:
                removed.add(weakest.spun)
                excluded.append(GoldRow(weakest.spun, target, "cycle", excluded=True))
            changed = True
    return [c for c in kept if c.spun not in removed]


def _find_cycle(start: str, by_spun: dict[str, Candidate], removed: set[str]) -> list[str]:
    path: list[str] = []
    on_path: set[str] = set()

    def visit(node: str) -> list[str]:
        path.append(node)
        on_path.add(node)
        for alt in by_spun[node].alternatives:
            if alt in removed or alt not in by_spun:
                continue
            if alt == start:
                return list(path)
            if alt not in on_path and len(path) < 8:
                found = visit(alt)
                if found:
                    return found
        path.pop()
        on_path.discard(node)
        return []

    return visit(start)


def _singular_noun(word: str) -> bool:
    """Whether ``word`` is a singular noun with a distinct plural (lemminflect), so pos=noun is safe."""
    from lemminflect import getInflection, getLemma

    if not word.isalpha() or getLemma(word, upos="NOUN", lemmatize_oov=False) != (word,):
        return False
    plural = getInflection(word, tag="NNS")
    return bool(plural) and plural[0] != word


def _to_row(c: Candidate, report: Report) -> TableRow:
    positional = bool(c.left or c.right)
    ordinary = c.ordinary_note or (not positional and is_ordinary(c.spun))
    # A single ordinary word without and= evidence, or any phrase the trigram model uses as ordinary
    # English ("limited motivation" was restored to "finite impulse response" in a psychology sentence
    # at 0.93), acts only in a document that is spun on other evidence.
    spun_doc = ordinary and ((" " not in c.spun and not c.and_terms) or (not positional and attested_by_model(c.spun)))
    conditions = Conditions(
        left=frozenset(c.left.split("|")) if c.left else frozenset(),
        right=frozenset(c.right.split("|")) if c.right else frozenset(),
        also=tuple(c.and_terms),
        unless=tuple(c.not_terms),
        spun_doc=spun_doc,
    )
    reasons = tuple(sorted(c.reasons))
    pos = None
    if not reasons and c.alternatives and all(_singular_noun(p.split(" ")[-1]) for p in (c.spun, *c.alternatives)):
        pos = "noun"  # one row also covers the plural: "neural organizations" -> "neural networks"
    report.positional_context += positional
    report.rows_ordinary += ordinary
    report.rows_spun_doc += spun_doc
    report.rows_with_and += bool(c.and_terms)
    report.rows_with_not += bool(c.not_terms)
    report.rows_multi_alternatives += len(c.alternatives) > 1
    if reasons:
        report.rows_detect_only += 1
        for r in reasons:
            report.rows_detect_only_reasons[r] = report.rows_detect_only_reasons.get(r, 0) + 1
    return TableRow(
        spun=c.spun,
        alternatives=tuple(c.alternatives),
        confidence=confidence(c.papers, ordinary),
        pos=pos,
        detect_only=bool(reasons) or not c.alternatives,
        conditions=conditions,
        papers=c.papers,
        reasons=reasons,
    )


# --------------------------------------------------------------------------------------------
# Output


def _header(kind: str) -> list[str]:
    return [
        f"# {kind}",
        f"# {ATTRIBUTION}",
        f"# {LICENCE}",
        "# Changes: derived by scripts/build_pps_table.py (do not edit by hand; re-run it):",
        "# phrases normalised and lower-cased, expected texts cleaned (notes, acronyms and",
        "# uncertainty marks removed, alternatives split, certain typos fixed), fingerprints",
        "# with the same phrase merged; confidence from the number of retrieved papers.",
    ]


def render_table(rows: Sequence[TableRow], report: Report) -> str:
    """Render the phrase table file, in the format of docs/table-format.md."""
    lines = [FORMAT_HEADER]
    lines += _header("spinfix phrase table: tortured phrases in scientific papers (PPS list)")
    lines += [
        "# confidence = 0.80 + 0.15*s, or 0.30 + 0.20*s for phrases that are also ordinary",
        "# English, where s = min(1, log10(1 + retrieved papers) / 4).",
        f"# Frequency data: {report.frequency_source}.",
        "\t".join(COLUMNS),
    ]
    lines += [r.line() for r in rows]
    if report.inexpressible_spun:
        lines.append("#")
        lines.append("# Fingerprint phrases that the word rules cannot express (not matched by this table):")
        for form, expected, papers in report.inexpressible_spun:
            lines.append(f"# inexpressible: {normalise(form)} -> {normalise(expected)} ({papers} papers)")
    return "\n".join(lines) + "\n"


def render_gold(gold: Sequence[GoldRow]) -> str:
    """Render the gold answers file."""
    lines = _header("spinfix evaluation gold: tortured phrases (PPS list) and their restorations")
    lines += [
        "# status: restorable, or detect-only:<reasons> (proximity: the fingerprint's words need",
        "# not be adjacent; uncertain: the expected text is a guess; unknown: no expected text).",
        "# '#excluded' lines: fingerprint phrases not in the table, with the reason.",
        "spun\texpected\tstatus",
    ]
    lines += [g.line() for g in gold if not g.excluded]
    lines += [g.line() for g in gold if g.excluded]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Convert the CSV, write both files and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="PPS CSV export")
    parser.add_argument("--table", type=Path, default=DEFAULT_TABLE, help="phrase table to write")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold answers to write")
    args = parser.parse_args(argv)
    rows, gold, report = convert(args.csv)
    for path, text in ((args.table, render_table(rows, report)), (args.gold, render_gold(gold))):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    print(report.text())
    print(f"wrote {args.table} and {args.gold}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
