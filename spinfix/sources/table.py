"""Candidates from the phrase table: every listed spun form the matcher finds (the hot path).

News rows act only in news-like text: in a science-like paragraph ("interval cancers", "outcomes",
"medication") a news spinner's swap is ordinary technical wording, so with the science domain loaded
those rows are dropped there (see :func:`drop_news_rows_in_science`). Science rows, the tortured phrases
of paper mills, do not act in a document long enough to show its register that reads as news or other
general prose: there "a profound learning experience" and "a bosom friend" are the writer's own words
(see :func:`drop_science_rows_in_news`). Likewise a few tortured phrases
that are another field's own terms ("brain organization" in neuroscience) are dropped where the text
reads as that field (:mod:`.legitimate`), and a verb row's base or -s form after a determiner, a noun
there, is no candidate (:data:`DETERMINERS`).

The matcher takes the leftmost-longest match, so one row can hide another that starts inside it: in "the
hearth truck", "the hearth" (-> "the fire", a row that acts only in spun documents) hides "hearth truck"
(-> "fire truck"). When the first is dropped (its conditions, a low score) the second is what the text
holds, so the hidden matches are candidates too (``PhraseMatcher.overlapping``) and the two compete for the
span like any overlapping candidates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, overload

from ..candidates import Candidate, SpanSet
from ..table import Conditions, Variant
from ..text import REGISTER_MIN_WORDS, SCIENCE_SHARE, Quotes, prev_word_span, reads_as_general_prose
from .api import Document, Resources
from .legitimate import drop_legitimate_uses

#: Paragraphs shorter than this (words) take the whole document's register (see drop_news_rows_in_science).
SCIENCE_MIN_WORDS = REGISTER_MIN_WORDS
#: Share of academic-register words from which news rows are off (``text.SCIENCE_SHARE``). At the register
#: threshold used for the spin evidence (0.02) spun news articles lost rows.
NEWS_ROWS_OFF_SHARE = SCIENCE_SHARE


#: What a table match's candidate takes from its variant, in ``Candidate``'s field order from
#: ``originals`` to ``conditions``: (originals, prior, rule, reason, kind, entry, detect_only, conditions).
CandidateFields = tuple[tuple[str, ...], float, str, str, str, str, bool, Conditions]


def variant_fields(v: Variant) -> tuple[CandidateFields, str, bool]:
    """One variant's candidates' fields, its row's spun form, and whether it is the base or -s form of a
    ``pos=verb`` row (which a determiner before it rules out, see :data:`DETERMINERS`)."""
    row = v.row
    reason = f"{row.kind} swap listed in {row.entry}" + ("" if v.form == "as written" else f" ({v.form})")
    fields = (v.originals, row.confidence, f"table:{row.domain}", reason, row.kind, row.entry,
              row.detect_only, row.conditions)
    return fields, row.spun, row.pos == "verb" and v.form in ("as written", "VBZ")


class CandidateFieldTable(Sequence[tuple[CandidateFields, str, bool]]):
    """:func:`variant_fields` of each variant, by the matcher's index, each worked out the first time a
    document matches its variant and kept (``Restorer.table_fields``, one per restorer).

    Why kept: a clean news MB holds some 3,000 table matches, and building each candidate's rule and
    reason strings and reading its row field by field had cost about as much as the matcher's scan. Why
    at the first match: the shipped tables have 15,700 variants, and working all of them out took 0.065 s
    of every process's first restore (the cold start, issue 14), where a document meets a few dozen.
    Threads that meet a variant together both work it out, to the same value.
    """

    __slots__ = ("_fields", "_variants")

    def __init__(self, variants: Sequence[Variant]) -> None:
        self._variants = variants
        self._fields: list[tuple[CandidateFields, str, bool] | None] = [None] * len(variants)

    def __len__(self) -> int:
        return len(self._fields)

    @property
    def known(self) -> Sequence[tuple[CandidateFields, str, bool] | None]:
        """The fields worked out so far, by index (None: not yet): for a reader that asks for one only when
        it is not there, without a method call for each that is."""
        return self._fields

    def fill(self) -> None:
        """Work out every variant's fields now (``Restorer.warm``: forked workers then share them)."""
        for i, found in enumerate(self._fields):
            if found is None:
                self._fields[i] = variant_fields(self._variants[i])

    @overload
    def __getitem__(self, index: int) -> tuple[CandidateFields, str, bool]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[CandidateFields, str, bool]]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        found = self._fields[index]
        if found is None:
            found = self._fields[index] = variant_fields(self._variants[index])
        return found


def table_candidates(doc: Document, resources: Resources) -> list[Candidate]:
    """One candidate per table variant found in ``doc.norm``, in the matcher's order."""
    matcher, _ = resources.table_matcher
    prepared = resources.table_fields
    # The worked-out fields read straight from the list (a method call per match cost clean news 0.7 %).
    known = prepared.known if isinstance(prepared, CandidateFieldTable) else None
    out: list[Candidate] = []
    spun_forms: list[str] = []
    norm = doc.norm
    found = matcher.find(norm)
    hidden = set(matcher.overlapping(norm, found))
    if hidden:
        found = sorted([*found, *hidden])
    for match in found:
        start, end, index = match
        if end < len(norm) and norm[end] in EXPONENT_MARKS:
            continue  # "yr⁻¹", "m^2": a unit or a symbol raised to a power, not a word of prose
        item = known[index] if known is not None else None
        fields, spun, verb = prepared[index] if item is None else item
        if verb and _after_determiner(norm, start):
            continue
        spun_forms.append(spun)
        out.append(Candidate(start, end, *fields, hidden=match in hidden) if hidden else Candidate(start, end, *fields))
    if "science" in resources.config.domains:
        out = drop_legitimate_uses(doc.text, doc.norm, out, spun_forms)
    if "science" in resources.config.domains and any(c.rule == "table:news" for c in out):
        out = drop_news_rows_in_science(doc, out)
    if "news" in resources.config.domains and any(c.rule == "table:science" for c in out):
        out = drop_science_rows_in_news(doc, out)
    return out


#: Characters that raise the token before them to a power (superscript digits and signs, a caret): such a
#: token is a unit or a symbol ("t ha⁻¹ yr⁻¹", "m^2"), never a word a spinner swapped. A sentence of a
#: paper read alone (no document around it to tell its register) had "yr⁻¹" restored as *year⁻¹* by a
#: news row.
EXPONENT_MARKS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼^")


#: Words that start a noun phrase and never stand before a finite verb or a bare infinitive: a ``pos=verb``
#: row's base or -s form after one of them is a noun ("these constructs" had become *these builds* in a
#: docstring), and is no candidate. Its past and -ing forms there are adjectives and gerunds, which the
#: row's originals still fit ("the anticipated rise" -> *the expected rise*): those stay.
DETERMINERS = frozenset(("a", "an", "the", "these", "those", "such", "many", "several", "various", "its",
                         "their", "our", "your", "my", "his"))


def _after_determiner(norm: str, start: int) -> bool:
    """Whether the word before ``start`` (spaces between) is one of DETERMINERS."""
    span = prev_word_span(norm, start)
    return span is not None and norm[span[0]:span[1]] in DETERMINERS


def drop_science_rows_in_news(doc: Document, cands: list[Candidate]) -> list[Candidate]:
    """``cands`` without the science rows when ``doc`` reads as news or general prose: at least
    REGISTER_MIN_WORDS words, few of them academic-register words (``text.reads_as_general_prose``).

    Judged on the whole document: a paper mill's text is academic throughout, and its tortured phrases
    must still be found in every paragraph of it, while a news story's "profound learning experience" or
    "bosom friend" has no academic paragraph around it. A shorter text (a sentence, a title) shows no
    register and keeps every row. ``Config(domains={"science"})`` (``--domain science``) keeps them too.
    """
    if not reads_as_general_prose(*doc.register.total()):
        return cands
    return [c for c in cands if c.rule != "table:science"]


def drop_news_rows_in_science(doc: Document, cands: list[Candidate]) -> list[Candidate]:
    """``cands`` without the news rows that stand in a science-like paragraph.

    A paragraph is science-like when academic-register words (``text.SCIENCE_CUES``) make up at
    least ``NEWS_ROWS_OFF_SHARE`` of its words; a paragraph under SCIENCE_MIN_WORDS words is judged
    with the whole document, except that in a science-like document a run of such short paragraphs
    that together hold SCIENCE_MIN_WORDS words and read as news is news (:func:`_news_runs`).
    ``Config(domains={"news"})`` (``--domain news``) keeps every news row.

    The science-like paragraphs are found first, from the register's counts (each paragraph counted
    once, in C where the module is built, and shared with every other reader of the document), and
    the candidates are read only when there is one: news prose has none, and asking each of its
    table hits which paragraph it stands in was a tenth of this function's time.
    """
    register = doc.register
    doc_cues, doc_words = register.total()
    twin, quotes = register.twin, doc.quotes
    # A text too short to show a register (a sentence, a headline) is academic only with a word besides its
    # "we" and "our", quoted or not (None: every one is left out; see _academic).
    doc_science = doc_cues / max(1, doc_words) >= NEWS_ROWS_OFF_SHARE and _academic(
        doc_cues, twin, quotes if doc_words >= SCIENCE_MIN_WORDS else None, 0, len(twin))
    cues, words, _ = register.counts()
    # Outside a science-like document only a paragraph of SCIENCE_MIN_WORDS words or more qualifies, with
    # at least NEWS_ROWS_OFF_SHARE of them cues, so with a cue at least: the test below reads just those
    # (news paragraphs seldom hold one).
    maybe = range(len(cues)) if doc_science else [k for k, n in enumerate(cues) if n]
    paragraphs = register.paragraphs
    news_runs = _news_runs(cues, words) if doc_science else frozenset()
    science_spans = [paragraphs[k] for k in maybe if (
        cues[k] / words[k] >= NEWS_ROWS_OFF_SHARE and _academic(cues[k], twin, quotes, *paragraphs[k])
        if words[k] >= SCIENCE_MIN_WORDS else doc_science and k not in news_runs)]
    if not science_spans:
        return cands
    spans = SpanSet(science_spans)
    return [c for c in cands if not (c.rule == "table:news" and spans.overlaps(c.start, c.end))]


#: The academic-register words that are first-person pronouns, as the register counts words (ASCII_WORD in
#: the lower-case ASCII twin: "we're" is one word, and no cue). Inside quotation marks they are no sign of
#: academic prose (:func:`_academic`).
_PERSONAL_CUES = re.compile(r"(?<![a-z0-9])(?<![a-z0-9]['\-.])(?:we|our)(?![a-z0-9])(?!['\-.][a-z0-9])")


def _academic(cues: int, twin: str, quotes: Quotes | None, start: int, end: int) -> bool:
    """Whether the ``cues`` academic-register words of ``twin[start:end]`` (the register's lower-case ASCII
    twin) are academic once the "we" and "our" inside quotation marks (``quotes``) are left out: a news
    story quotes people saying them as often as a paper says them itself.

    One of them in a quoted news sentence alone had switched every news row off in it ("'We are beneath
    intense scrutiny,' the chief government stated"), and in 37 of the 66 clean news documents of the
    benchmark suite a quoted paragraph of 40 words or more ("We have seen a lot of progress ... we need
    to see") read as science and lost its news rows, spun or not. Outside quotation marks they still
    count: they are a paper's own voice ("We report results", "we estimated the yield"), and an essay's
    ("we naturally seek the common good": counted without them, a Wikipedia article's such paragraphs lost
    their register and four of their words were changed by news rows). With ``quotes`` None every "we" and
    "our" is left out: a text shorter than SCIENCE_MIN_WORDS words ("We are beneath intense scrutiny,
    sources informed Reuters") is a sentence of anything, and a paper's sentence has a word of its methods
    besides."""
    if cues <= 0:
        return False
    # Only the quotations are read (most paragraphs of a paper have none): a search of every paragraph
    # that reads as science had cost clean science a fifth more instructions.
    where = [(start, end)] if quotes is None else quotes.within(start, end)
    return cues > sum(len(_PERSONAL_CUES.findall(twin, a, b)) for a, b in where)


def _news_runs(cues: Sequence[int], words: Sequence[int]) -> frozenset[int]:
    """The paragraphs (indices) under SCIENCE_MIN_WORDS words that stand in a run of such paragraphs
    holding SCIENCE_MIN_WORDS words or more together, too few of them academic-register words for
    news rows to be off (``NEWS_ROWS_OFF_SHARE``).

    Why: a spun news article a sentence per paragraph, joined to a paper (a page that quotes one, a
    corpus file of joined documents), was judged with the paper, read as science, and lost every news
    row: the clean science fixtures each joined to a whole spun devset article gave the article 0.139
    of its devset recall against 0.195 alone. Only short paragraphs in a run are judged so: a heading
    between two long paragraphs is too little text, and stays with its document."""
    out: list[int] = []
    k, n = 0, len(words)
    while k < n:
        if words[k] >= SCIENCE_MIN_WORDS:
            k += 1
            continue
        end = k
        while end < n and words[end] < SCIENCE_MIN_WORDS:
            end += 1
        run_cues, run_words = sum(cues[k:end]), sum(words[k:end])
        if run_words >= SCIENCE_MIN_WORDS and run_cues < NEWS_ROWS_OFF_SHARE * run_words:
            out += range(k, end)
        k = end
    return frozenset(out)
