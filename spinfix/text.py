"""What a word is, and how to find the words next to a span: one definition for the whole package.

A *word* is a run of letters, digits and combining marks, with single inner apostrophes, hyphens or
dots joining runs ("don't", "covid-19", "u.s", "0.5"): :data:`WORD`. The spin evidence reads punctuation
too, so :data:`TOKEN` is a word or any single other non-space character.

Neighbour search works on the normalised text (``normalize.normalize``: same length as the input, so
the offsets are the input's). A neighbour is looked for within NEIGHBOUR_WINDOW_CHARS characters and
must be separated from the span only by characters in ``across``:

* ``across=SPACES`` (the default) — the word must stand right beside the span, in the same clause
  (generalisation joins a chunk only over spaces; the trigram context stops at punctuation);
* ``across=SPACES_AND_BRACKETS`` — also across brackets, so a row condition or the bigram context reads
  ``hazard ratio (RR)`` as ``ratio rr``.

Whole documents are tokenised with the same patterns in the standard library's ``re`` over an ASCII
*twin* of the text (:func:`ascii_twin`, :func:`find_tokens`, :func:`find_words`): same spans, 2.3x faster;
and, where the compiled module is built, by a C walk over the twin that finds what those patterns find
(:func:`spans_between`, 3x faster again).

Word *boundaries* of a phrase match (``is_word_start`` / ``is_word_end``, which also know about
connectors such as "'s") are :mod:`spinfix.normalize`'s, and a word count is ``len(norm.split())``
(:func:`word_count`): those answer other questions and stay where they are.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import regex

from .native import load_compiled
from .normalize import LINE_BREAKS
from .normalize import SPACES as WHITESPACE

if TYPE_CHECKING:
    from ._textcore import Cues

#: A word: letters, digits and marks, with single inner ``'``, ``-`` or ``.`` joining runs.
WORD_PATTERN = r"[\p{L}\p{N}\p{M}]+(?:['\-.][\p{L}\p{N}\p{M}]+)*"
WORD = regex.compile(WORD_PATTERN)
#: The same words, searched from the end of the window backwards (the last word before a position in one
#: search, 2.6x faster than keeping the last of a forward scan: neighbours are read for every candidate).
WORD_BACKWARDS = regex.compile(WORD_PATTERN, regex.REVERSE)
#: The same words with possessive quantifiers, for validating untrusted input (table rows) with
#: ``fullmatch``: nothing is given back, so a hostile line cannot make the match backtrack.
WORD_POSSESSIVE_PATTERN = r"[\p{L}\p{N}\p{M}]++(?:['\-.][\p{L}\p{N}\p{M}]++)*+"
#: A word or one other non-space character (punctuation ends the trigram model's context).
TOKEN = regex.compile(WORD_PATTERN + r"|[^\s\p{L}\p{N}\p{M}]")
#: WORD and TOKEN for ASCII text (an ASCII document, or any document's ASCII twin, see
#: :func:`ascii_twin`), in the standard library's ``re``, which finds them 2.3x faster (``WORD.findall`` on
#: the ASCII documents of 1 MB of clean news: 0.026 s against 0.011 s of CPU). On ASCII the classes are the
#: same: letters and digits are the only ASCII characters in L, N or M, and ``regex``'s ``\s`` is the six
#: listed below (``re``'s would add U+001C-001F, hence the explicit class). ``tests/test_text.py``
#: compares them.
ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:['\-.][A-Za-z0-9]+)*")
#: The words the spin evidence weighs: lower-case letters, with inner hyphens (``evidence``, ``mine``).
READ_WORD = regex.compile(r"[a-z]+(?:-[a-z]+)*")
ASCII_TOKEN = re.compile(ASCII_WORD.pattern + r"|[^\t\n\x0b\x0c\r A-Za-z0-9]")

#: What WORD and TOKEN see of a character: a letter, digit or mark, a space (by ``regex``'s ``\s``), or
#: another character; the three stand-ins below are ASCII characters of the same classes.
_CLASS = regex.compile(r"([\p{L}\p{N}\p{M}])|(\s)")
#: The stand-in for every letter, digit and mark: no academic-register cue holds a "q" (tests/test_text.py
#: checks it), so a word whose twin differs from it, which is not ASCII and so no cue, cannot become one.
_LETTER_STAND_IN = "q"
#: Characters whose stand-in is kept before the memo is emptied (a text may hold any of 1.1 M code points;
#: the science text holds 40 distinct non-ASCII ones, the clean news 46).
STAND_IN_MEMO = 10_000
_stand_ins: dict[str, str] = {}


#: ``_textcore``, whose ``prev_word_span`` and ``next_word_span`` give :func:`prev_word_span` and
#: :func:`next_word_span` their answer where the window is ASCII (the regex answers the rest), and whose
#: ``ascii_twin`` makes :func:`ascii_twin`'s copy; or None. Why: every candidate asks for its
#: neighbours, on spun news some 120,000 times per MB, and each regex search from Python cost 1.3-3.6 us
#: (a match object, the window, the gap's strip); the walk in C about a tenth of that. Loaded with the
#: module: every document asks both (tests/test_textcore.py compares each with its Python path).
_TEXTCORE = load_compiled("_textcore")


def _stand_in(ch: str) -> str:
    found = _stand_ins.get(ch)
    if found is None:
        m = _CLASS.match(ch)
        found = _LETTER_STAND_IN if m and m.group(1) else " " if m else "#"
        if len(_stand_ins) >= STAND_IN_MEMO:
            _stand_ins.clear()
        _stand_ins[ch] = found
    return found


def _replace_by_stand_ins(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeEncodeError)
    return "".join(map(_stand_in, error.object[error.start:error.end])), error.end


codecs.register_error("spinfix-stand-in", _replace_by_stand_ins)


def ascii_twin(text: str) -> str:
    """``text`` with each other character replaced by an ASCII one of the same class for WORD and TOKEN
    (see _CLASS): same length, and WORD and TOKEN find the same spans in both, so the ASCII patterns (in
    ``re``, faster) read any text. ``_textcore.ascii_twin`` copies it in C, asking Python only for a
    character the memo has not seen; without it the encoder copies ASCII runs in C and asks for the
    others run by run (tests/test_textcore.py compares the two)."""
    if text.isascii():
        return text
    if _TEXTCORE is not None:
        return _TEXTCORE.ascii_twin(text, _stand_ins, _stand_in)
    return text.encode("ascii", "spinfix-stand-in").decode("ascii")


def positions(text: str, literal: str) -> Iterator[int]:
    """Where ``literal`` occurs in ``text`` (overlapping occurrences too), in order: a plain search, at
    C speed between them."""
    i = text.find(literal)
    while i >= 0:
        yield i
        i = text.find(literal, i + 1)


def find_tokens(norm: str) -> list[tuple[int, int, str]]:
    """Every TOKEN of ``norm``: (start, end, text), in order (found in its ASCII twin)."""
    return spans_between(norm, ascii_twin(norm), 0, len(norm), tokens=True)


def find_words(norm: str) -> list[tuple[int, int, str]]:
    """Every WORD of ``norm``: (start, end, text), in order (found in its ASCII twin)."""
    return spans_between(norm, ascii_twin(norm), 0, len(norm), tokens=False)


def spans_between(norm: str, twin: str, start: int, end: int, *, tokens: bool) -> list[tuple[int, int, str]]:
    """The TOKENs (``tokens``) or WORDs of ``norm`` that its ASCII twin ``twin`` holds within ``[start,
    end)``, as ``pattern.finditer(twin, start, end)`` finds them: (start, end, text in ``norm``), in order.

    In C where the module is built (``_textcore.spans``: on spun news the gated reading's tokens were 2 %
    of the time, a tuple built around each match object), else with the ``re`` patterns; both give the
    same list (tests/test_textcore.py)."""
    compiled = _compiled_spans()
    if compiled is not None:
        return compiled(norm, twin, start, end, tokens)
    pattern = ASCII_TOKEN if tokens else ASCII_WORD
    if twin is norm:
        return [(m.start(), m.end(), m.group()) for m in pattern.finditer(norm, start, end)]
    return [(s, e, norm[s:e]) for s, e in map(re.Match.span, pattern.finditer(twin, start, end))]


def word_count(norm: str) -> int:
    """``len(norm.split())``, the word count the restorer's document evidence and the spinner-vocabulary
    test use: in C where the module is built (``_textcore.split_count``, the same number without a list
    of every word, which was 6 % of a table-only run), else the split itself."""
    compiled = _compiled_split_count()
    return compiled(norm) if compiled is not None else len(norm.split())


def word_starts(norm: str) -> list[int]:
    r"""Where each of ``norm.split()``'s words starts (``re.finditer(r"\S+", norm)``'s starts): in C where
    the module is built (``_textcore.split_starts``; the regions of a document that opens the gate count
    words by these, and a match object per word was a twentieth of such a document's restore)."""
    compiled = _compiled_split_starts()
    return compiled(norm) if compiled is not None else [m.start() for m in _NON_SPACE.finditer(norm)]


_NON_SPACE = re.compile(r"\S+")


@functools.cache
def _compiled_split_starts() -> Callable[[str], list[int]] | None:
    """``_textcore.split_starts`` (see :func:`word_starts`), or None without the compiled module."""
    module = load_compiled("_textcore")
    return None if module is None else module.split_starts


def paragraph_starts(text: str) -> list[int]:
    """Where each paragraph of ``text`` starts: 0 and the end of each PARAGRAPH_BREAK, in C where the
    module is built (``_textcore.paragraph_starts``: a match object per paragraph was most of the cost of
    splitting clean news, some 4,600 paragraphs per MB)."""
    compiled = _compiled_paragraph_starts()
    if compiled is not None:
        return compiled(text)
    return [0, *(m.end() for m in PARAGRAPH_BREAK.finditer(text))]


@functools.cache
def _compiled_paragraph_starts() -> Callable[[str], list[int]] | None:
    """``_textcore.paragraph_starts`` (see :func:`paragraph_starts`), or None without the compiled module."""
    module = load_compiled("_textcore")
    return None if module is None else module.paragraph_starts


@functools.cache
def _compiled_split_count() -> Callable[[str], int] | None:
    """``_textcore.split_count`` (see :func:`word_count`), or None without the compiled module."""
    module = load_compiled("_textcore")
    return None if module is None else module.split_count


@functools.cache
def _compiled_spans() -> Callable[[str, str, int, int, bool], list[tuple[int, int, str]]] | None:
    """``_textcore.spans`` (see :func:`spans_between`), or None without the compiled module."""
    module = load_compiled("_textcore")
    return None if module is None else module.spans


#: How far (characters) from a span its neighbouring word is looked for; a longer word is not found.
NEIGHBOUR_WINDOW_CHARS = 40
#: Separators a neighbour may stand across (see the module doc).
SPACES = " "
SPACES_AND_BRACKETS = " ()[]"


def prev_word_span(norm: str, i: int, across: str = SPACES) -> tuple[int, int] | None:
    """The span of the word just before ``i``, with only ``across`` characters between, or None.

    The word is the last WORD match in the window of NEIGHBOUR_WINDOW_CHARS characters before ``i``,
    found by one search from its end (:data:`WORD_BACKWARDS`; a word is a maximal run, so the match that
    ends last is the same read either way: ``tests/test_text.py`` checks it against the forward scan).
    Where the window is ASCII, ``_textcore.prev_word_span`` walks it instead (see :data:`_TEXTCORE`)."""
    if _TEXTCORE is not None:
        found = _TEXTCORE.prev_word_span(norm, i, across, NEIGHBOUR_WINDOW_CHARS)
        if found is not NotImplemented:
            return found
    m = WORD_BACKWARDS.search(norm, max(0, i - NEIGHBOUR_WINDOW_CHARS), i)
    if m is None or norm[m.end():i].strip(across) != "":
        return None
    return m.span()


def next_word_span(norm: str, i: int, across: str = SPACES) -> tuple[int, int] | None:
    """The span of the word just after ``i``, with only ``across`` characters between, or None (walked in C
    where the window is ASCII, as for :func:`prev_word_span`)."""
    if _TEXTCORE is not None:
        found = _TEXTCORE.next_word_span(norm, i, across, NEIGHBOUR_WINDOW_CHARS)
        if found is not NotImplemented:
            return found
    m = (ASCII_WORD if norm.isascii() else WORD).search(norm, i, i + NEIGHBOUR_WINDOW_CHARS)
    if m is None or norm[i:m.start()].strip(across) != "":
        return None
    return m.span()


def word_before(norm: str, i: int, across: str = SPACES) -> str:
    """The word just before ``i`` (see :func:`prev_word_span`), or ``""``."""
    span = prev_word_span(norm, i, across)
    return norm[span[0]:span[1]] if span is not None else ""


def word_after(norm: str, i: int, across: str = SPACES) -> str:
    """The word just after ``i`` (see :func:`next_word_span`), or ``""``."""
    span = next_word_span(norm, i, across)
    return norm[span[0]:span[1]] if span is not None else ""


def words_before(norm: str, i: int, n: int = 2) -> list[str]:
    """Up to ``n`` words just before ``i`` within the clause (spaces between them only), in text order."""
    out: list[str] = []
    for _ in range(n):
        span = prev_word_span(norm, i)
        if span is None:
            break
        out.insert(0, norm[span[0]:span[1]])
        i = span[0]
    return out


def words_after(norm: str, i: int, n: int = 2) -> list[str]:
    """Up to ``n`` words just after ``i`` within the clause (spaces between them only)."""
    out: list[str] = []
    for _ in range(n):
        span = next_word_span(norm, i)
        if span is None:
            break
        out.append(norm[span[0]:span[1]])
        i = span[1]
    return out


#: What may stand between a sentence's end and its first word: any space but a line break (a no-break
#: space after a full stop is common in web text: "home.\u00a0Within exchange" had read as a name), and
#: opening quotes or brackets.
_BEFORE_WORD = frozenset(" \"'\u201c\u2018(" + "".join(c for c in WHITESPACE if c not in LINE_BREAKS))
#: What ends a sentence or a line before a capitalised word (so that it is no name).
_SENTENCE_END = frozenset(".!?:*\u2022-\u2013\u2014" + LINE_BREAKS)


def name_like(text: str, i: int) -> bool:
    """A capitalised word at ``i`` that does not start a sentence: a name or an acronym ("ZTE Corp",
    "Japanese"), which no thesaurus should touch (``text`` is the input, not the normalised copy)."""
    if not text[i].isupper():
        return False
    j = i - 1
    while j >= 0 and text[j] in _BEFORE_WORD:
        j -= 1
    return j >= 0 and text[j] not in _SENTENCE_END



#: Double quotation marks that open or close a quotation: straight, curly and guillemets.
QUOTE_CHARS = "\"\u201c\u201d\u00ab\u00bb"


@functools.cache
def _compiled_quote_spans() -> Callable[[list[int], list[int]], list[tuple[int, int]]] | None:
    """``_textcore.quote_spans`` (see :class:`Quotes`), or None without the compiled module."""
    module = load_compiled("_textcore")
    return None if module is None else module.quote_spans


class Quotes:
    """Spans inside double quotation marks, paired within a paragraph (a blank line closes any quote).

    Built on first use and only when the text holds a quote mark: the marks are found by a plain search
    for each of them, the paragraphs' starts are the register's, and the marks are paired in order (in
    C where the module is built, ``_textcore.quote_spans``: news has thousands of marks per MB). (One
    pattern for marks and breaks together tried every position of the text: 12 ms per MB of clean news,
    against about 3 for the searches and 1 for the pairing; the pairs are the same, tests/test_quotes.py.)
    """

    __slots__ = ("_register", "_spans", "_starts", "text")

    def __init__(self, text: str, register: Register | None = None) -> None:
        self.text = text
        self._register = register  # this text's paragraphs, when the caller has counted them already
        self._spans: list[tuple[int, int]] | None = None
        self._starts: list[int] = []

    def _build(self) -> list[tuple[int, int]]:
        text = self.text
        register = self._register
        spans: list[tuple[int, int]] = []
        marks = [i for q in QUOTE_CHARS for i in positions(text, q)]
        if marks:
            marks.sort()
            # No mark stands inside a paragraph break, so a mark's paragraph is the number of breaks
            # that end before it, and a quote opened in an earlier paragraph was closed by a break.
            ends = register.starts[1:] if register is not None else paragraph_starts(text)[1:]
            compiled = _compiled_quote_spans()
            if compiled is not None:  # the same pairs in C (news has thousands of marks per MB)
                spans = compiled(marks, ends)
                self._starts = [s for s, _ in spans]
                return spans
            opened = opened_in = -1
            for i in marks:
                paragraph = bisect.bisect_right(ends, i)
                if opened < 0 or paragraph != opened_in:
                    opened, opened_in = i, paragraph  # a paragraph break closes an unbalanced quote
                else:
                    spans.append((opened, i + 1))
                    opened = -1
        self._starts = [s for s, _ in spans]
        return spans

    def _pairs(self) -> list[tuple[int, int]]:
        """The quotation spans, paired on first use."""
        spans = self._spans
        if spans is None:
            spans = self._spans = self._build()
        return spans

    def inside(self, s: int, e: int) -> bool:
        spans = self._pairs()
        if not spans:
            return False
        i = bisect.bisect_right(self._starts, s) - 1
        return i >= 0 and spans[i][0] <= s and e <= spans[i][1]

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The quotations that start in ``[start, end)`` (a quotation never crosses a paragraph break, so
        those of a paragraph are the paragraph's own), by bisection."""
        spans = self._pairs()
        starts = self._starts
        return spans[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)] if spans else []


#: A blank line: two line breaks (``normalize.LINE_BREAKS``, CRLF one break) with only spaces inside a line
#: between them, or a PARAGRAPH SEPARATOR: where a paragraph ends. Region evidence, the register of a
#: paragraph (science-like or not) and ``paragraph_scores`` stop there. The same breaks as
#: ``normalize.is_paragraph_break``, which keeps them when it squeezes the other whitespace runs. Until
#: session 48 only ``\n[ \t\r]*\n``: a CR-only file ("\r\r"), a no-break space on the empty line between
#: two paragraphs (text taken out of HTML, where "&nbsp;" keeps an empty paragraph open) or U+2029 joined
#: two paragraphs into one.
PARAGRAPH_BREAK = re.compile("(?:\r\n|\r(?!\n)|[\n\x0b\x0c\x85\u2028])[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]*"
                             "(?:\r\n|\r(?!\n)|[\n\x0b\x0c\x85\u2028])|\u2029")

#: Academic-register markers (first person plural, the vocabulary of methods and results). Their share
#: of a text's words tells science-like prose from news: 0.004-0.03 in clean and spun news, 0.017-0.10
#: in the clean science sets. The spin evidence reads it for its expected rates, the table for where
#: news rows are off (``sources.table``).
SCIENCE_CUES = frozenset((
    "we", "our", "study", "studies", "results", "method", "methods", "analysis", "analyses", "data", "dataset",
    "datasets", "significant", "significantly", "respectively", "et", "al", "fig", "figure", "table", "sample",
    "samples", "proposed", "approach", "experiment", "experiments", "experimental", "hypothesis",
    "statistical", "measured", "observed", "estimated", "participants", "model", "models", "parameter",
    "parameters", "variable", "variables", "correlation", "compared", "performance", "accuracy", "evaluation",
    "algorithm", "framework", "simulation", "validation", "baseline", "coefficient", "distribution",
    "distributions",
))


#: Share of academic-register words from which a text reads as science: the clean science sets average
#: 0.035-0.043, news (clean and spun) 0.004-0.03 with one spun devset article at 0.108 (a story about
#: data). News rows are off from here (``sources.table``), and the generaliser's chunks may be vouched for
#: by the trigram model's bigrams (``general.Generalizer.collocated``).
SCIENCE_SHARE = 0.035
#: The most words a heading has (:meth:`Register.headings`): a headline, a title, a section name. No region
#: crosses a heading (session 38): the clean news fixtures joined to whole spun devset articles went from
#: 0.085 words changed per 1,000 to 0 (each story's first paragraph, after its headline, had borrowed the
#: spun story's last sentences), the spun articles' recall there 0.184 -> 0.186; the repository's
#: table-spun papers 0.2775 / 0.885 -> 0.2781 / 0.889 (recall / precision); the devset, the other clean
#: and mixed sets, Lee and Wikipedia unchanged (their paragraphs are sentences or prose).
HEADING_WORDS = 15
#: Fewer words than this (a sentence, a title, a short paragraph) are too few to show a register by their
#: share of cues: the table judges such a paragraph with its whole document, and the generaliser does not
#: call such a document news.
REGISTER_MIN_WORDS = 40
#: Share of academic-register words below which a document of REGISTER_MIN_WORDS words or more reads as
#: news or other general prose, where the tortured phrases of paper mills are the writer's own wording
#: ("a profound learning experience", "a bosom friend"): science rows and swaps learned only from them are
#: off there. Measured per document: the clean news sets 0.002-0.031 (median 0.008), the Lee corpus's ABC
#: stories 0-0.045 (median 0), the clean science sets 0.015-0.097 (median 0.035). Below the science
#: minimum, so no clean paper of those sets loses its rows; about two thirds of news documents gain it.
GENERAL_PROSE_SHARE = 0.012


def reads_as_news(cues: int, words: int) -> bool:
    """Whether a text of ``words`` words, ``cues`` of them academic-register words, is long enough to show
    its register and is not science-like (SCIENCE_SHARE): news-like, in the generaliser's sense (a
    sentence alone, without academic-register words, is neither)."""
    return words >= REGISTER_MIN_WORDS and cues < SCIENCE_SHARE * words


def reads_as_general_prose(cues: int, words: int) -> bool:
    """Whether a text of ``words`` words, ``cues`` of them academic-register words, is long enough to show
    its register and reads as news or other general prose (GENERAL_PROSE_SHARE): the one test of the
    table's science rows (``sources.table``) and of the swaps learned only from them (``general``)."""
    return words >= REGISTER_MIN_WORDS and cues < GENERAL_PROSE_SHARE * words


def science_cues(words: Iterable[str]) -> int:
    """How many of ``words`` (lower-case tokens) are academic-register markers (SCIENCE_CUES)."""
    return sum(map(SCIENCE_CUES.__contains__, words))  # in C: about twice the generator's speed


@functools.cache
def _cue_counter() -> Cues | None:
    """SCIENCE_CUES as the compiled register count (``spinfix._textcore``), or None without it: then
    :meth:`Register._count` lists the paragraph's words with ASCII_WORD, as the C code reads them."""
    module = load_compiled("_textcore")
    if module is None:
        return None
    counter: Cues = module.Cues(SCIENCE_CUES)
    return counter


def word_finder(words: Sequence[str]) -> Cues | None:
    """``words`` as the compiled finder of whole words (``spinfix._textcore``, ``Cues.find``), or None
    without it or when a word is not ASCII (the finder reads the ASCII twin, whose stand-ins could never
    be told from such a word): the caller then keeps its ``matcher.PhraseMatcher``, which finds the same
    matches of single words. A hit in a text that is not ASCII must still be checked against the text
    itself, whose letters the twin replaced."""
    if not all(w.isascii() for w in words):
        return None
    module = load_compiled("_textcore")
    if module is None:
        return None
    finder: Cues = module.Cues(words)
    return finder


def finder_hits(finder: Cues, words: Sequence[str], norm: str) -> list[tuple[int, int, int]]:
    """(start, end, index into ``words``) of each whole word of ``norm`` that ``finder`` (made from
    ``words`` by :func:`word_finder`) finds in its ASCII twin, a hit on stand-ins checked against
    ``norm`` itself: what ``matcher.PhraseMatcher(words).find(norm)`` gives."""
    twin = ascii_twin(norm)
    hits = finder.find(twin)
    if twin is not norm:
        hits = [hit for hit in hits if norm[hit[0]:hit[1]] == words[hit[2]]]
    return hits


class Register:
    """A document's academic-register counts, paragraph by paragraph, all counted at the first question.

    The table's news-row check reads every paragraph's counts and the document's, and the generaliser
    the whole document's: both once took their own
    tokenisation of the same text (``WORD.findall``, the one costly step; on 1 MB of clean news each
    spent about 0.04 s of CPU). No word crosses a paragraph break (a blank line ends in a line break,
    which no word holds), so the document's counts are the sums of its paragraphs' and both questions
    share one count of each paragraph.

    ``text`` finds the paragraph breaks and ``norm`` (its normalised copy, same length) the words.

    ``signature``, a compiled finder of words (:func:`word_finder`, the generaliser's spinner
    vocabulary), is counted in the same walk: :meth:`found` is how many of its words the text holds at
    most, which settles the spinner-vocabulary test of most texts without a scan of their own.
    """

    __slots__ = ("_counts", "_found", "_headings", "_paragraphs", "_signature", "_starts", "_total", "_twin", "norm",
                 "text")

    def __init__(self, text: str, norm: str, signature: Cues | None = None) -> None:
        self.text, self.norm = text, norm
        self._signature = signature if _cue_counter() is not None else None
        self._found: list[int] | None = None  # words of ``signature`` in each paragraph
        self._twin: str | None = None
        self._paragraphs: list[tuple[int, int]] = []  # found on first use (a text has at least one)
        self._starts: list[int] = []
        # Cues, words and characters in words of each paragraph, counted all at once on first need.
        self._counts: tuple[list[int], list[int], list[int]] | None = None
        self._headings: list[int] | None = None
        self._total: tuple[int, int, int] | None = None

    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        """The paragraphs' spans, in order, covering the text."""
        if not self._paragraphs:
            self._paragraphs = list(itertools.pairwise([*self.starts, len(self.text)]))
        return self._paragraphs

    @property
    def starts(self) -> list[int]:
        """Where each paragraph starts (:func:`paragraph_starts`)."""
        if not self._starts:
            self._starts = paragraph_starts(self.text)
        return self._starts

    def headings(self) -> list[int]:
        """Where the headings start: paragraphs of 1 to HEADING_WORDS words (:meth:`counts`) whose last
        character is a letter or a digit. A headline, a title or a section name ends so; a sentence ends
        in punctuation. A heading starts a section or a new document: the restorer's regions do not
        cross one, and a spun document's switches act section by section (``restore._Sections``)."""
        if self._headings is None:
            text, starts = self.text, self.starts
            words = self.counts()[1]
            found = []
            for k, n in enumerate(words):
                if 0 < n <= HEADING_WORDS:
                    end = starts[k + 1] if k + 1 < len(starts) else len(text)
                    while end > starts[k] and text[end - 1].isspace():
                        end -= 1
                    if text[end - 1].isalnum():
                        found.append(starts[k])
            self._headings = found
        return self._headings

    @property
    def twin(self) -> str:
        """``ascii_twin(norm)``, made once for every reader of the document: the counts below and the spin
        evidence's gated reading both walk it, and for a text that is not ASCII each copy cost a pass
        over it (5 ms per MB of the suite's clean science)."""
        if self._twin is None:
            self._twin = ascii_twin(self.norm)
        return self._twin

    def count(self, k: int) -> tuple[int, int]:
        """(academic-register words, words) of paragraph ``k``."""
        cues, words, _ = self.counts()
        return cues[k], words[k]

    def counts(self) -> tuple[list[int], list[int], list[int]]:
        """The academic-register words, the words and the characters in words of each paragraph, as three
        lists in paragraph order.

        Every paragraph is counted in one walk (``Cues.count_each`` where the module is built): each
        reader wants the whole document's total or every paragraph's counts, and a call and a tuple per
        paragraph had cost about half as much again as the walk itself (clean news has some 4,600
        paragraphs per MB)."""
        if self._counts is None:
            # The twin's words: the same count and length, and the same cues (see _LETTER_STAND_IN).
            twin, counter = self.twin, _cue_counter()
            if counter is not None:
                cues, words, chars, self._found = counter.count_each(twin, self.starts, self._signature)
                self._counts = (cues, words, chars)
            else:
                each = [ASCII_WORD.findall(twin, a, b) for a, b in self.paragraphs]
                self._counts = ([science_cues(w) for w in each], [len(w) for w in each],
                                [sum(map(len, w)) for w in each])
        return self._counts

    def found(self) -> int | None:
        """How many words of ``signature`` the whole text holds, as ``PhraseMatcher(words).find`` would
        find them in it or more (the twin's stand-ins may pass for letters, never the other way): an
        upper bound, counted with the register; None without a signature or the compiled module."""
        if self._signature is None:
            return None
        self.counts()
        assert self._found is not None  # counted with the signature
        return sum(self._found)

    def total(self) -> tuple[int, int]:
        """(academic-register words, words) of the whole document."""
        cues, words, _ = self.total_with_chars()
        return cues, words

    def total_with_chars(self) -> tuple[int, int, int]:
        """(academic-register words, words, characters in words) of the whole document."""
        if self._total is None:
            cues, words, chars = self.counts()
            self._total = (sum(cues), sum(words), sum(chars))
        return self._total
