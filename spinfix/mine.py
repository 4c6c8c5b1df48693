"""Learn a corpus's spinner vocabulary: swaps no table lists, suggested as table rows for review.

A spinner writes the same swaps on every page it spins. One page is weak evidence that "within" stood
for *in*: the trigram model's best reading of a word is the writer's word for about two in five of the
words it flags (``benchmarks.devset``'s ``reading_*`` figures), too few to restore on. But a scraper
site publishes thousands of pages through one spinner, and across them the same word keeps being read
as the same original, where ordinary prose uses it as the writer meant it. Counted over a corpus, that
agreement is what a person curating a table looks for (issue 13: spinner vocabulary "to curate as table
rows when seen across many pages").

:class:`SpinnerVocabulary` counts it, document by document, and is merged across workers (``spinfix scan
--suggest``). For each document the restorer does not judge clean it reads every content word with the
spin evidence (:meth:`SpinDetector.evidence`, the model the regions use) and counts, per spun word:

* the spun documents whose reading weighed it at all;
* the spun documents that flagged it improbable, and per best reading the documents and occurrences,
  the mean gain and an example.

Words inside a restoration the restorer made are not counted (the tables already know them), nor are
forms any loaded row matches. :meth:`SpinnerVocabulary.suggestions` keeps a word → reading pair seen in
at least ``min_documents`` spun documents of as many different stories (a story that scraper sites or
syndication republish, word for word or spun afresh, counts once: see ``_story``), that is the word's
reading in most of the documents that flag it (MIN_MAJORITY) and in a fair share of those that use it
(MIN_SHARE): a word a spinner swaps consistently reads wrong nearly everywhere it stands ("within" in 75
of 83 spun stories of the benchmark), a word the writer chose reads wrong only where its context is
unusual. With enough clean documents to compare (MIN_CLEAN_DOCUMENTS), the word must also be far
commoner in the spun documents than in the clean ones (MIN_OVERREPRESENTATION): a spinner's word is, the
writers' own words are not. Auxiliaries, conjunctions and determiners are never suggested as originals
(FUNCTION_READINGS), and the two words must share a part of speech and inflection.

The rows are suggestions, not restorations: :meth:`SpinnerVocabulary.table` writes them as a table file
(``source`` ``mined``, ``spun-doc``: they act only in documents spun on other evidence, at
SUGGESTED_CONFIDENCE, with the context and region evidence every ordinary-word row needs), each under a
comment giving its counts and an example, for a person to review, edit and pass with ``--table``.
``python -m benchmarks.mine`` measures what they are worth on a held-out spinner (README, Evaluation).
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex

from .candidates import SpanSet
from .errors import ConfigError, PhraseTableError
from .normalize import normalize
from .table import COLUMNS, FORMAT_HEADER, Conditions, Row, format_row, parse_table
from .text import READ_WORD, REGISTER_MIN_WORDS, Register, reads_as_news

if TYPE_CHECKING:
    from .records import Analysis
    from .restore import Restorer

#: Spun documents a word → reading pair must be seen in to be suggested, of as many different stories (a
#: story that scraper sites or syndication republish, word for word or spun afresh, is one piece of evidence).
MIN_DOCUMENTS = 3
#: Distinct stories kept per pair (the least fingerprints: merging stays independent of the order).
STORIES_KEPT = 16
#: A story's fingerprint: the least hashes of this many of its names rarer than this (see _story).
STORY_HASHES = 2
STORY_NAME_ZIPF = 4.0
#: Of the spun documents that flag the word, the share whose flag reads it as this original.
MIN_MAJORITY = 0.6
#: Of the spun documents whose reading weighed the word, the share that read it as this original.
MIN_SHARE = 0.5
#: A suggested word must be used in this many times the share of spun documents as of clean ones ...
MIN_OVERREPRESENTATION = 2.0
#: ... when the corpus has at least this many clean documents to compare with.
MIN_CLEAN_DOCUMENTS = 20
#: The confidence a suggested row is written with: an ordinary word a spinner swaps, restored only with
#: supporting context in a spun document (the shipped table's ordinary-word rows have 0.02-0.25).
SUGGESTED_CONFIDENCE = 0.3
#: Characters of context kept on each side of a suggestion's example.
EXAMPLE_CHARS = 40
#: Readings never suggested: auxiliaries, conjunctions and determiners. A thesaurus spinner swaps content
#: words (and prepositions: "towards" for *against*), but the trigram model prefers these frequent words in
#: many contexts where something else stood ("rose" read as *or*, "hold" as *be*, "remains" as *is*).
FUNCTION_READINGS = frozenset((
    "a", "an", "the", "this", "that", "these", "those", "it", "its",  # determiners and pronouns
    "and", "or", "but", "nor", "if", "so",  # conjunctions
    "be", "is", "are", "was", "were", "been", "being", "am", "have", "has", "had", "do", "does", "did",
    "will", "would", "shall", "should", "can", "could", "may", "might", "must",  # auxiliaries
))
#: A name or a figure (see _story), and what ends a sentence before a capitalised word that is no name.
_NAME = regex.compile(r"\b(?:\p{Lu}[\w'-]*|\d[\d.,]*)")
_ENDS = frozenset(".!?:;\"'“‘”’([")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A swap the corpus shows: ``spun`` read as ``original`` in ``documents`` spun documents (of
    ``stories`` different stories, counted up to STORIES_KEPT), of the ``flagged`` that flagged ``spun`` at
    all and the ``read`` whose reading weighed it."""

    spun: str
    original: str
    documents: int
    flagged: int
    read: int
    occurrences: int
    mean_gain: float
    domain: str
    example: str
    stories: int = 0

    def row(self, confidence: float = SUGGESTED_CONFIDENCE) -> Row:
        """The suggestion as a table row (``source`` ``mined``, acting only in spun documents)."""
        return Row(spun=self.spun, originals=(self.original,), confidence=confidence, domain=self.domain,
                   kind="word", pos=None, detect_only=False, source="mined",
                   conditions=Conditions(spun_doc=True), path="", line=0)

    def note(self) -> str:
        """The comment written above the row: its counts and an example."""
        stories = f"{self.stories}{'+' if self.stories >= STORIES_KEPT else ''} stories"
        return (f"{self.spun} -> {self.original}: read so in {self.documents} spun documents ({stories}), of "
                f"{self.flagged} that flag '{self.spun}' and {self.read} that use it ({self.occurrences} times, "
                f"mean gain {self.mean_gain:.2f} log10); e.g. \"{self.example}\"")


@dataclass(slots=True)
class _Pair:
    """Counts of one (spun word, reading) pair."""

    documents: int = 0
    occurrences: int = 0
    gain: float = 0.0
    science: int = 0  # of ``documents``, those that read as science-like
    example: str = ""
    stories: set[int] = field(default_factory=set)  # fingerprints of its documents, the STORIES_KEPT least


@dataclass
class SpinnerVocabulary:
    """Counts of the model's readings over a corpus's spun documents; see the module doc.

    Add documents with :meth:`add`, combine the counts of several processes with :meth:`merge` (the result
    does not depend on the order), then ask :meth:`suggestions` or :meth:`table`.
    """

    documents: int = 0  # documents added
    spun_documents: int = 0  # of them, those read (not judged clean)
    clean_documents: int = 0  # of them, those judged clean
    # The counts (not in the repr: a corpus's run to tens of thousands of entries).
    _pairs: dict[tuple[str, str], _Pair] = field(default_factory=dict, repr=False)
    _flagged: Counter[str] = field(default_factory=Counter, repr=False)  # word -> spun documents that flag it
    _read: Counter[str] = field(default_factory=Counter, repr=False)  # word -> spun documents whose reading weighs it
    _clean: Counter[str] = field(default_factory=Counter, repr=False)  # word -> clean documents that use it

    def add(self, restorer: Restorer, text: str, analysis: Analysis | None = None) -> bool:
        """Count one document (``analysis`` is ``restorer.analyse(text)`` when the caller has it); whether
        it was read, that is, not judged clean. Needs the spin evidence (``Config.spin_evidence``)."""
        detector = restorer.detector
        if detector is None:
            raise ConfigError("learning a spinner's vocabulary needs the spin evidence (Config.spin_evidence)")
        if analysis is None:
            analysis = restorer.analyse(text)
        self.documents += 1
        norm = normalize(text)
        if analysis.score.verdict == "clean":
            # What the writers of this corpus use unspun: a word its spinner writes is far commoner in its
            # spun documents. Only words the model could read are counted (the counter stays bounded).
            self.clean_documents += 1
            ids, readable = detector.model.ids, detector.has_readings
            self._clean.update(w for w in set(READ_WORD.findall(norm))
                               if (k := ids.get(w)) is not None and (readable is None or readable[k]))
            return False
        self.spun_documents += 1
        evidence = detector.evidence(text, norm)
        restored = SpanSet((f.start, f.end) for f in analysis.findings if f.action == "restore")
        read = set()
        for s in evidence.evaluated:
            m = READ_WORD.match(norm, s)
            if m is not None and not restored.overlaps(s, s + 1):
                read.add(m.group())
        self._read.update(read)
        known = restorer.table.variants
        cues, words = Register(text, norm).total()
        science = words >= REGISTER_MIN_WORDS and not reads_as_news(cues, words)
        seen: set[tuple[str, str]] = set()
        story = _story(text, detector.lexicon.zipf)
        for x in evidence.improbable:
            if restored.overlaps(x.start, x.start + 1) or x.word in known:
                continue
            key = (x.word, x.reading)
            example = _example(text, x.start, x.end)
            pair = self._pairs.get(key)
            if pair is None:
                pair = self._pairs[key] = _Pair(example=example)
            elif example < pair.example:  # the same one whatever the order of the documents (see merge)
                pair.example = example
            _keep_least(pair.stories, story)
            pair.occurrences += 1
            pair.gain += x.gain
            if key not in seen:
                seen.add(key)
                pair.documents += 1
                pair.science += science
        self._flagged.update({w for w, _ in seen})
        return True

    def merge(self, other: SpinnerVocabulary) -> SpinnerVocabulary:
        """Add ``other``'s counts to these (``other`` unchanged); returns self. Each pair's example is the
        least of its examples as text, so counting in any order and merging in any order give the same
        suggestions."""
        self.documents += other.documents
        self.spun_documents += other.spun_documents
        self.clean_documents += other.clean_documents
        for key, theirs in other._pairs.items():
            mine = self._pairs.get(key)
            if mine is None:
                self._pairs[key] = _Pair(theirs.documents, theirs.occurrences, theirs.gain, theirs.science,
                                         theirs.example, set(theirs.stories))
                continue
            mine.documents += theirs.documents
            mine.occurrences += theirs.occurrences
            mine.gain += theirs.gain
            mine.science += theirs.science
            mine.example = min(mine.example, theirs.example)
            mine.stories = set(sorted(mine.stories | theirs.stories)[:STORIES_KEPT])
        self._flagged.update(other._flagged)
        self._read.update(other._read)
        self._clean.update(other._clean)
        return self

    def suggestions(self, *, min_documents: int = MIN_DOCUMENTS) -> list[Suggestion]:
        """The pairs worth a reviewer's time (see the module doc), most documents first."""
        if min_documents < 1:
            raise ValueError("min_documents must be at least 1")
        out = []
        for (spun, original), p in self._pairs.items():
            flagged, read = self._flagged[spun], self._read[spun]
            if (p.documents < min_documents or len(p.stories) < min(min_documents, STORIES_KEPT)
                    or p.documents < MIN_MAJORITY * flagged
                    or p.documents < MIN_SHARE * read or original in FUNCTION_READINGS
                    or not self._overrepresented(spun) or not _same_class(spun, original)
                    or not _valid(spun, original)):
                continue
            out.append(Suggestion(spun, original, p.documents, flagged, read, p.occurrences,
                                  round(p.gain / p.occurrences, 3),
                                  "science" if 2 * p.science > p.documents else "news", p.example, len(p.stories)))
        # One row per spun form (a table lists a form once): its reading in the most documents, then the
        # most occurrences. Two readings can both pass the majority test when one document flags the
        # word twice, each time read otherwise.
        best: dict[str, Suggestion] = {}
        for x in out:
            kept = best.get(x.spun)
            if kept is None or (x.documents, x.occurrences, kept.original) > (kept.documents, kept.occurrences,
                                                                              x.original):
                best[x.spun] = x
        return sorted(best.values(), key=lambda s: (-s.documents, -s.documents / max(1, s.read), s.spun))

    def _overrepresented(self, word: str) -> bool:
        """Whether ``word`` is used in MIN_OVERREPRESENTATION times the share of spun documents as of clean
        ones (add-one smoothed), or the corpus has too few clean documents to tell."""
        if self.clean_documents < MIN_CLEAN_DOCUMENTS or not self.spun_documents:
            return True
        spun = self._read[word] / self.spun_documents
        clean = (self._clean[word] + 1) / (self.clean_documents + 1)
        return spun >= MIN_OVERREPRESENTATION * clean

    def table(self, suggestions: Iterable[Suggestion] | None = None, *,
              confidence: float = SUGGESTED_CONFIDENCE) -> str:
        """A table file of ``suggestions`` (default: :meth:`suggestions`), each row under its note."""
        if suggestions is None:
            suggestions = self.suggestions()
        lines = [FORMAT_HEADER,
                 "# Spinner vocabulary suggested by spinfix from a corpus (spinfix scan --suggest): swaps no",
                 "# loaded table lists, which the trigram model read the same way across many spun documents.",
                 f"# {self.documents:,} documents read: {self.spun_documents:,} not judged clean, "
                 f"{self.clean_documents:,} clean.",
                 "# Review every row before use: keep the right ones (raise the confidence of a form that is",
                 "# never ordinary English), delete the wrong ones, then pass the file with --table.",
                 "\t".join(COLUMNS)]
        for s in suggestions:
            lines += [f"# {s.note()}", format_row(s.row(confidence))]
        return "\n".join(lines) + "\n"


def _story(text: str, zipf: Mapping[str, float]) -> int:
    """A fingerprint of the story ``text`` tells, shared by its copies: scraper sites and syndication
    republish a story word for word or spun afresh, and each copy must not count as more evidence.

    A spinner leaves names and figures as they are, mostly: two spins of one story differ in a few of its
    forty-odd capitalised words ("Commerce" in one, "Trade" in the other). So the fingerprint is a
    MinHash of them, the STORY_HASHES least hashes of its rare names (capitalised words inside a sentence
    below Zipf STORY_NAME_ZIPF, so that "Monday" or "Reuters" does not make every story one) and figures:
    copies share it with a probability near one, different stories almost never. A text with fewer such
    names is its own story."""
    names = {m.group() for m in _NAME.finditer(text)
             if m.start() and text[:m.start()].rstrip()[-1:] not in _ENDS and zipf.get(m.group().lower(), 0.0)
             < STORY_NAME_ZIPF}
    least = sorted(zlib.crc32(n.encode("utf-8", "surrogatepass")) for n in names)[:STORY_HASHES]
    if len(least) < STORY_HASHES:
        return zlib.crc32(text.encode("utf-8", "surrogatepass"))
    return zlib.crc32(" ".join(map(str, least)).encode())


def _keep_least(kept: set[int], value: int) -> None:
    """Add ``value`` to ``kept``, keeping the STORIES_KEPT least."""
    kept.add(value)
    if len(kept) > STORIES_KEPT:
        kept.remove(max(kept))


def _example(text: str, start: int, end: int) -> str:
    """A short context of ``text[start:end]`` on one line, the word in brackets: up to EXAMPLE_CHARS
    characters on each side, in whole words."""
    a, b = max(0, start - EXAMPLE_CHARS), min(len(text), end + EXAMPLE_CHARS)
    before, after = text[a:start].split(), text[end:b].split()
    if a > 0 and before and not text[a - 1].isspace() and not text[a].isspace():
        before = before[1:]  # a word cut at the window's edge
    if b < len(text) and after and not text[b].isspace() and not text[b - 1].isspace():
        after = after[:-1]
    return " ".join([*before, f"[{text[start:end]}]", *after])


def _same_class(spun: str, original: str) -> bool:
    """Whether the two words can be the same part of speech in the same inflection (a Penn tag lemminflect
    gives both, or neither has one): a synonym keeps its word's class and form ("stated" -> *said*, both
    VBD), while "till" (a verb or a noun) read as *to* does not."""
    from .evidence import readings_of  # numpy and lemminflect: not at import time

    tags = {tag for _, _, tag in readings_of(spun)}
    return bool(tags & {tag for _, _, tag in readings_of(original)})


def _valid(spun: str, original: str) -> bool:
    """Whether the pair makes a row the table loader accepts (its words and the rules between them)."""
    line = "\t".join((spun, original, "0.5", "domain=news,kind=word", "mined"))
    try:
        parse_table("\n".join((FORMAT_HEADER, "\t".join(COLUMNS), line)), "<suggestion>")
    except PhraseTableError:
        return False
    return True
