"""Choosing and applying edits: the one scan behind detect, restore, the CLI and the scanner.

:class:`Restorer` owns the compiled resources for one :class:`~spinfix.config.Config` (tables, matcher,
scorer) and runs the pipeline::

    normalise → candidates (sources.SOURCES: table matcher + rules [+ generalisation]) → drop protected and unmet
    conditions → score (prior, context, tells) → document evidence → score again → resolve overlaps
    → findings → edits (case, inflection and article carried over) → apply.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
import re
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

import regex

from .candidates import Candidate, SpanSet
from .config import Config
from .errors import ConfigError, EditError, SpinfixError
from .general import Generalizer
from .lexicon import Lexicon, Terms, Thesaurus
from .loading import builds_data
from .matcher import PhraseMatcher
from .ngram import TrigramModel
from .normalize import (
    SPACES,
    Squeezed,
    article_tell,
    is_paragraph_break,
    is_word_end,
    is_word_start,
    line_breaks,
    normalize,
    squeeze,
    starts_with_vowel_sound,
)
from .records import Analysis, Edit, Evidence, Finding, ParagraphScore, Restored, SpinScore, Verdict
from .score import (
    AND_TERM,
    ARTICLE_TELL,
    CONTEXT_SWAP_REGION,
    DOC_CAP,
    QUOTED,
    STRONG,
    Decision,
    DocumentEvidence,
    Scored,
    Scorer,
    Scores,
    cap_weak_row,
    cappable,
    consistent,
    context_swap_holds,
    counted_strong,
    logit,
    may_act,
    needs_spun_document,
    plain_strong_starts,
    region_may_hold,
    restores,
    sigmoid,
    spread_candidates,
)
from .sources import SOURCES, Document
from .sources.table import CandidateFieldTable
from .table import MAX_CHAIN, CompiledTable, Variant, compile_rows, default_table_paths, load_tables
from .text import (
    SPACES_AND_BRACKETS,
    Quotes,
    Register,
    paragraph_starts,
    reads_as_news,
    word_after,
    word_before,
    word_count,
    word_starts,
    words_after,
    words_before,
)
from .verbatim import verbatim_spans

if TYPE_CHECKING:  # spinfix.evidence imports numpy: loaded by the first text that needs the model
    from .evidence import GatedReading, Memo, SpinDetector, SpinEvidence
    from .lm import LanguageModelJudge

#: "a"/"an" and the whitespace after it, just before a restored span. The whitespace may be any run inside a
#: paragraph ("an\r\nextended relationship" in wrapped text); make_edits refuses a paragraph break.
_ARTICLE_BEFORE = regex.compile(rf"(?<![\p{{L}}\p{{N}}'])(an|a)((?:[ {SPACES}]|&nbsp;|&#160;|&#x[aA]0;)+)$",
                                 regex.IGNORECASE)
#: A no-break space written as a character reference (page text taken without decoding, which
#: ``normalize.squeeze`` reads as the space it stands for): "an&nbsp;necessary problem" must become "an
#: important issue", not "a important issue".
_SPACE_REFERENCES = ("&nbsp;", "&#160;", "&#xa0;", "&#xA0;")
#: Longest whitespace run between an article and the restored span that the article fix reads across.
ARTICLE_GAP_CHARS = 30
_SPACE_CHARS = frozenset(" " + SPACES)
_SPACES = re.compile(r"\s+")


#: ``spinfix.lm.RULE``, the rule name of the language-model rescorer's findings (that module imports llama.cpp's
#: bindings only when used, but is kept out of the import of this one all the same).
LM_RULE = "lm:reading"

_T = TypeVar("_T")
_SHARED: dict[type, object] = {}
_SHARED_LOCK = threading.Lock()


def shared(kind: type[_T]) -> _T:
    """One instance per process of a read-only data class over the shipped files (lexicon, thesaurus,
    terms, trigram model): every Restorer built in a process reads the same loaded copy instead of
    loading its own (a process with eight restorers held eight copies, several GB)."""
    with _SHARED_LOCK:
        found = _SHARED.get(kind)
        if found is None:
            found = _SHARED[kind] = kind()
    return found  # type: ignore[return-value]


def check_text(text: object) -> str:
    """Refuse anything but ``str`` with a message that says what to do."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError("spinfix works on str, got bytes: decode first, e.g. data.decode('utf-8')")
    raise TypeError(f"spinfix works on str, got {type(text).__name__}")


def transfer_case(spun: str, original: str) -> str:
    """Give ``original`` the capitalisation pattern of ``spun`` (upper, title, first letter, lower)."""
    letters = [c for c in spun if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return original.upper()
    if spun[:1].isupper():
        words = spun.split()
        if len(words) > 1 and all(w[:1].isupper() for w in words if w[:1].isalpha()):
            return " ".join(w[:1].upper() + w[1:] for w in original.split(" "))
        return original[:1].upper() + original[1:]
    return original


def shape_like(spun: str, original: str) -> str:
    """Write ``original`` the way ``spun`` is written: its case and, word for word, its separators.

    When both have the same number of words, each word takes the case of the spun word in its position,
    a word the swap did not change keeps its exact spelling (a name's case, a curly apostrophe), and the
    spun span's own separators (a line break, CRLF, two spaces, a no-break space) are kept where they
    were. Otherwise the phrase takes the case pattern of the whole span and its separators follow
    :func:`separators_for`: a line break stays, at the gap nearest where it was.
    """
    if spun.isalpha() and spun.islower() and original.isalpha():
        # One lower-case word for one word, the usual finding and each of its alternatives (spun news asks
        # this for every alternative of every finding, 2 % of restoring it): what _shape gives it.
        return original
    return _shape(spun, original)


def _shape(spun: str, original: str) -> str:
    """:func:`shape_like` worked out word by word, for any span."""
    spun_words = spun.split()
    orig_words = original.split(" ")
    if len(spun_words) != len(orig_words):
        words = transfer_case(spun, original).split(" ")
        seps = separators_for(spun, [len(w) for w in words])
        return "".join(w + sep for w, sep in zip(words, [*seps, ""]))
    upper = len([c for c in spun if c.isalpha()]) > 1 and not any(c.islower() for c in spun)
    seps = _SPACES.findall(spun)
    out = []
    for i, (sw, ow) in enumerate(zip(spun_words, orig_words)):
        if sw.lower().replace("\u2019", "'") == ow:
            out.append(sw)
        elif upper:
            out.append(ow.upper())
        else:
            out.append(transfer_case(sw, ow))
        if i < len(seps):
            out.append(seps[i])
    return "".join(out)


def separators_for(spun: str, lengths: Sequence[int]) -> list[str]:
    """The separators between the words of a restoration (of words of ``lengths`` characters) written over
    ``spun``, which has a different number of words, so its separators have no counterparts.

    The user's promise is that nothing but the swapped words changes, so the layout is kept as far as it
    can be: each separator of ``spun`` that holds a line break (a line of wrapped text ends inside the
    phrase) is put, whole (CRLF, the next line's indent), at the restoration's gap nearest the same
    relative position in characters, so the lines keep about their lengths; the other gaps take the
    span's separator when all its other separators are the same ("state\\u00a0of\\u00a0the\\u00a0art"
    keeps its no-break spaces), else one space. A restoration of one word has no gap, and a line break in
    the span is then lost with the words.
    """
    gaps = len(lengths) - 1
    if gaps <= 0:
        return []
    found = [(m.start(), m.group()) for m in _SPACES.finditer(spun)]
    plain = [sep for _, sep in found if not line_breaks(sep)]
    out = [plain[0] if plain and plain.count(plain[0]) == len(plain) else " "] * gaps
    ends = list(itertools.accumulate(n + 1 for n in lengths))  # where each word's following gap stands, +1
    size = ends[-1] - 1
    gap_at = [(ends[j] - 1) / size for j in range(gaps)]
    free = list(range(gaps))
    for start, sep in found:
        if free and line_breaks(sep):
            where = start / len(spun)
            j = min(free, key=lambda g: abs(gap_at[g] - where))  # the earlier gap on a tie
            out[j] = sep
            free.remove(j)
    return out


@dataclass(slots=True)
class _Analysis:
    findings: list[Finding]
    words: int
    #: The text the pass read and its normalised copy: the input, or its squeezed copy (see ``_analyse``).
    read: str
    read_norm: str
    #: The trigram model's spin evidence (first pass of ``analyse`` only, for the document score).
    spin: SpinEvidence | None = None
    #: The register counts of ``read`` (shared with the document score's reading), when a pass made them.
    register: Register | None = None


#: The restorers built in this process, by class and configuration, held weakly: a process forked from
#: this one finds its parent's here when a pickled restorer arrives (see Restorer.__reduce__).
_LIVE: weakref.WeakValueDictionary[tuple[type[Restorer], Config], Restorer] = weakref.WeakValueDictionary()
#: The restorers built here for pickled ones, held for the life of the process: a pool's worker receives
#: the same restorer with every task, and must not load the tables again for each.
_UNPICKLED: dict[tuple[type[Restorer], Config], Restorer] = {}
_UNPICKLED_LOCK = threading.Lock()


def restorer_for_config(cls: type[Restorer], config: Config) -> Restorer:
    """The restorer of class ``cls`` for ``config`` in this process: one already built here (or, in a
    forked process, in its parent), else a new one, kept for the next. What unpickling a restorer gives."""
    key = (cls, config)
    found = _LIVE.get(key) or _UNPICKLED.get(key)
    if found is None:
        with _UNPICKLED_LOCK:
            found = _LIVE.get(key) or _UNPICKLED.get(key)
            if found is None:
                found = _UNPICKLED[key] = cls(config)
    return found


def _may_count(scores: Scores, i: int, top: DocumentEvidence, report: float) -> bool:
    """Whether candidate ``i``, scored exactly, can be reported with the most a region can give
    (``top``): a learned word swap must also pass ``context_swap_holds`` there."""
    x = scores.exact(i)
    if x.cand.rule == "general:context" and not context_swap_holds(x, top):
        return False
    return scores.may_reach(i, top, report)


def strong_candidates(scores: Scores) -> list[Candidate]:
    """The candidates of ``scores`` that reach STRONG and are evidence of a spinner
    (``Candidate.spin_evidence``): what the document's and the regions' strong-finding counts start from.
    A hidden table match (``Candidate.hidden``) that overlaps another strong candidate is left out: one
    stretch of text is one piece of evidence."""
    strong = [x.cand for i, x in enumerate(scores.items) if x.cand.spin_evidence and scores.reaches(i, STRONG)]
    if any(c.hidden for c in strong):
        seen = SpanSet((c.start, c.end) for c in strong if not c.hidden)
        strong = [c for c in strong if not (c.hidden and seen.overlaps(c.start, c.end))]
    return strong


def _shield(kept: Sequence[tuple[int, int, int]], literal: list[tuple[int, int]],
            squeezed: Squeezed | None) -> Callable[[int, int], bool] | None:
    """The test a candidate of the analysed copy must fail to stand: whether ``[start, end)`` touches a kept
    phrase (found in the copy) or a verbatim span (found in the input, so mapped through ``squeezed``);
    None when there is neither."""
    if not kept and not literal:
        return None
    phrases = SpanSet((s, e) for s, e, _ in kept) if kept else None
    spans = SpanSet(literal) if literal else None
    to_input = squeezed.to_input if squeezed is not None else None

    def touches(start: int, end: int) -> bool:
        if phrases is not None and phrases.overlaps(start, end):
            return True
        if spans is None:
            return False
        if to_input is not None:
            start, end = to_input(start), to_input(end)
        return spans.overlaps(start, end)

    return touches


def spinner_vocabulary(general: Generalizer | None, text: str, norm: str, register: Register | None = None,
                       words: int | None = None) -> bool:
    """Whether ``text`` is dense in spinner vocabulary: VOCABULARY_SEED_WORDS distinct signature words
    (``Generalizer.signature_words``) or more, making up VOCABULARY_SEED_RATE of its ``words``."""
    if general is None:
        return False
    words = words if words is not None else word_count(norm)
    needed = max(VOCABULARY_SEED_WORDS, VOCABULARY_SEED_RATE * words)
    found = register.found() if register is not None else None
    if found is not None and found < needed:
        # Fewer signature words than needed even counted with repeats, in the register's own walk over
        # the text: the trigger scan below was a twentieth of a clean news restore, and 65 of the 66
        # documents of each genre in the benchmark suite stop here.
        return False
    if general.signature_bound(norm) < needed:
        return False  # too few even before names and the register are looked at
    register = register if register is not None else Register(text, norm)
    return len({w for _, w in general.signature_hits(text, norm, register)}) >= needed


def seeds_alone(cand: Candidate, plain: Sequence[int]) -> bool:
    """Whether ``cand``, once its first pass reaches SEED, opens the model's reading of its region (and the
    learned-swap pass) on its own: any candidate in a document that holds a strong finding of a form
    ordinary prose does not produce (``plain``, from ``score.plain_strong_starts``); elsewhere any but a
    row that ``needs_spun_document`` ("stated", "corporation", "individuals"), which then seeds only in a
    text dense in spinner vocabulary, as a learned word swap does (``spinner_vocabulary``).

    Why: such a row cannot act in that document at all (``score.may_act``), and on clean news it was the
    usual seed: 84 % of the table's hits in the clean news of the benchmark suite are such rows. Reading
    their regions cost about a fifth of the time of clean news and science and restored one right word
    in 503 evaluation documents (a learned "instructed" -> *told* in table-spun news), and it changed
    one word of the second held-out clean news (5 -> 4 words changed there without it); the devset and
    every other figure of ``benchmarks.evaluate`` are unchanged (session 17).
    """
    return bool(plain) or not needs_spun_document(cand)


def firm_seeds(scores: Scores, plain: Sequence[int]) -> list[int]:
    """The candidates (indices, in order) that open the model's reading on their own: first passes that
    reach SEED of candidates with spin evidence that may seed alone (:func:`seeds_alone`), other than
    learned word swaps, which seed only beside one of these (``_Regions._seeded``)."""
    return [i for i, x in enumerate(scores.items) if seeds_alone(x.cand, plain) and x.cand.rule != "general:context"
            and x.cand.spin_evidence and scores.reaches(i, SEED)]


#: Rules whose candidates are a word's proposed originals and nothing more (a learned word swap, a WordNet
#: synonym in a spun document, a swap restored elsewhere in the document): no sign that their paragraph is
#: spun (see ``_Regions._shows``).
_BARE_WORD_RULES = frozenset(("general:context", "general:thesaurus", "general:document", "general:article"))


class _Sections:
    """Whether the text around an offset is spun, judged section by section (a heading starts one:
    :meth:`text.Register.headings`) in a document that is spun as a whole: a spun section's candidates act as in
    a spun document, the others' as in an unspun one. The document's other switches follow: the WordNet
    pass proposes synonyms, one reading per phrase is taken (``score.consistent``) and sure swaps spread
    only in the spun sections.

    Why: a spun article joined to a clean paper (a page that quotes one, a corpus file of joined
    documents) made the whole document spun, and the rows that act only in spun documents (*versus* ->
    *against*, *Outcomes* -> *Results*) and the article's own swaps spread to the document's other
    occurrences (*however* -> *but*) then acted in the paper wherever its region showed the least sign
    (session 38). A section counts as spun on any sign of it (its strong findings above what clean text
    holds: positive log-odds), not on the document's bar: at the document's bar the table-spun papers of
    the repository, whose sections each hold few findings, lost 1.7 points of recall (0.278 -> 0.262); at
    any sign 0.3 (0.2781 -> 0.2748, precision unchanged), while the spun example joined to each clean
    fixture changes 1 of 132 clean documents instead of 9. A section under OWN_REGION_WORDS words (a
    bullet under a heading, a byline) is too little text to show either way, and goes with the document:
    judged alone, each such section of a spun story or paper read as unspun, which cost the table-spun
    papers 0.2 points of recall (0.2748 -> 0.2765 with the rule, precision 0.889; the same at 30 or 100
    words; nothing else moved). A document without headings is one section: the devset's articles, and
    most pages, are judged as before."""

    def __init__(self, register: Register, strong: Sequence[Candidate]) -> None:
        heads = register.headings()
        self._starts = [0, *(h for h in heads if h > 0)]
        self._spun = [True]
        if len(self._starts) == 1:
            return  # one section: the document's own judgement stands
        starts, words = register.starts, register.counts()[1]
        found = sorted(c.start for c in strong)
        edges = [*self._starts, len(register.text)]
        self._spun = []
        for a, b in itertools.pairwise(edges):
            n = sum(words[bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)])
            k = bisect.bisect_left(found, b) - bisect.bisect_left(found, a)
            self._spun.append(n < OWN_REGION_WORDS or DocumentEvidence(k, n).log_odds(False) > 0.0)

    @property
    def alike(self) -> bool:
        """Whether every section is judged the same (one section, or all spun): then the document is."""
        return all(self._spun)

    def spun(self, at: int) -> bool:
        """Whether the section that holds offset ``at`` is spun on its own evidence."""
        return self._spun[bisect.bisect_right(self._starts, at) - 1]


class _Regions:
    """The evidence that the text around each candidate is spun: call it with a candidate.

    With the spin evidence on, it is local: the strong findings and the trigram model's improbable
    words of the candidate's sentence and the REGION_SENTENCES sentences on each side, so a clean
    paragraph beside a spun one gets no lift from it. The model reads only where the text already
    shows evidence: the sentences within SEED_REACH of a *seed*, a candidate whose first pass reached
    SEED and that may open the reading on its own (``seeds_alone``; issue 14's gate: a clean text whose
    table hits are all weak pays for no model pass, and a long one pays only around its stronger hits),
    and in the seed's section: no reach crosses a heading, as no region does.
    Elsewhere no word is evaluated and no region is lifted. It runs only when some candidate could still
    be lifted (below the threshold, with more to gain in spun text). All of it is a function of the text
    alone, as the fixed point of ``analyse`` needs. Without the spin evidence, the whole document counts.

    The gate is settled on the first question and the model reads a word only when a question covers
    it (``evidence.GatedReading``): the answers are those of reading every wanted sentence first.

    Where the improbable words of a region already say "spun", the distinct *signature words* in it
    (words news spinners write for others, ``Generalizer.signature_words``) add their own
    log-likelihood ratio (SIGNATURE_WEIGHT): a passage with "stated", "corporate" and "convention"
    in it is more likely spinner output than its improbable words alone show.
    """

    def __init__(self, restorer: Restorer, text: str, norm: str, *, scores: Scores, doc: DocumentEvidence,
                 memo: Memo | None, register: Register | None = None, plain: Sequence[int] = ()) -> None:
        self._restorer, self._text, self._norm, self._scores, self._doc, self._memo = (
            restorer, text, norm, scores, doc, memo)
        self._plain = plain  # starts of the strong findings ordinary prose does not produce (seeds_alone)
        self._register = register  # the document's register counts, shared with the gated reading
        self._seeds: list[int] | None = None  # None until the gate is settled; empty: the gate is shut
        self._spin: GatedReading | None = None  # built by the first question (see _reading)
        self._strong: list[int] = []
        self._starts: list[int] = []
        self._breaks: list[int] = []
        self._word_starts: list[int] = []
        self._signature: list[tuple[int, str]] = []  # (start, word) of the signature words read by the regions
        self._signature_starts: list[int] = []
        self._kinds: dict[tuple[int, int], frozenset[str]] = {}  # distinct signature words by region span
        self._span_counts: dict[tuple[int, int], tuple[int, int, float]] = {}  # see _evidence_in
        self._bounds_of: dict[int, tuple[int, int]] = {}  # by paragraph start: how far its regions reach

    def gated(self) -> bool:
        """Whether the regions are local (the gate opened); settles the gate on the first call."""
        if self._seeds is None:
            # No model to read them (table-only runs): the seeds are never worked out. Otherwise the
            # detector is built (numpy imported) by the first text whose seeds open the gate (_reading).
            self._seeds = ([self._scores.items[i].cand.start for i in self._seeded()]
                           if self._restorer.reads_regions else [])
        return bool(self._seeds)

    def _seeded(self) -> list[int]:
        """The seeds (candidate indices, in order): none unless some candidate could still be lifted;
        otherwise the first passes that reach SEED, except that rows whose form ordinary prose uses
        (``seeds_alone``) seed only in a text dense in spinner vocabulary (VOCABULARY_SEED_RATE), and
        learned word swaps only there or beside a seed of another kind.

        A first pass is worked out only for a candidate that could seed (through ``Scores.reaches``, exact
        only where its bounds do not settle it): the context terms of learned word swaps that cannot open
        the gate were most of the cost of a clean science text."""
        scores, threshold = self._scores, self._restorer.config.threshold
        scored = scores.items
        if not any(x.p_doc > x.cand.prior and not scores.reaches(i, threshold) for i, x in enumerate(scored)):
            return []
        every = range(len(scored))
        alone = [seeds_alone(x.cand, self._plain) for x in scored]
        learned = [x.cand.rule == "general:context" for x in scored]
        firm = firm_seeds(scores, self._plain)

        def vocabulary() -> bool:
            return spinner_vocabulary(self._restorer.generalizer, self._text, self._norm, self._register,
                                      self._doc.words)

        if firm:
            more = [i for i in every if learned[i] and alone[i]]
            weak = [i for i in every if not alone[i]]
            if weak and vocabulary():
                more += weak
            return sorted(firm + [i for i in more if scores.reaches(i, SEED)])
        if (not all(alone) or any(learned)) and vocabulary():
            return [i for i in every if scored[i].cand.spin_evidence and scores.reaches(i, SEED)]
        return []

    def _reading(self) -> GatedReading:
        """The gated reading and the offsets the regions count by, built on the first question."""
        if self._spin is None:
            detector, scores, text = self._restorer.detector, self._scores, self._text
            assert detector is not None and self._seeds
            if self._register is None:
                self._register = Register(text, self._norm)
            # A seed's reach stops at a heading, as a region does (_bounds): the sentences of a clean
            # paper's last section are no seed's business because a spun story follows it.
            self._spin = detector.gated(text, self._norm, around=self._seeds, reach=SEED_REACH, memo=self._memo,
                                        walls=self._register.headings(), register=self._register)
            strong = counted_strong(strong_candidates(scores))
            self._strong = sorted(c.start for c in strong if c.region_evidence)
            self._starts = sorted(x.cand.start for x in scores.items if self._shows(x.cand))
            self._breaks = self._register.starts[1:]
            self._word_starts = word_starts(self._norm)
            general = self._restorer.generalizer
            if general is not None:
                self._signature = general.signature_hits(text, self._norm, self._register)
                self._signature_starts = [s for s, _ in self._signature]
        return self._spin

    def _shows(self, c: Candidate) -> bool:
        """Whether ``c`` counts as evidence that its paragraph is spun (see :meth:`__call__`): any candidate
        but a bare word proposal (_BARE_WORD_RULES) whose word is not spinner vocabulary."""
        if c.rule not in _BARE_WORD_RULES:
            return True
        general = self._restorer.generalizer
        return general is not None and self._norm[c.start:c.end] in general.signature_words

    def _paragraph(self, c: Candidate) -> tuple[tuple[int, int], int]:
        """The paragraph around ``c`` and how many candidates that count as its evidence (:meth:`_shows`)
        start in it elsewhere than ``c`` does (the word itself is no evidence for itself, whatever other
        candidates it has)."""
        breaks, starts = self._breaks, self._starts
        i = bisect.bisect_right(breaks, c.start)
        para = (breaks[i - 1] if i else 0, breaks[i] if i < len(breaks) else len(self._text))
        own = bisect.bisect_right(starts, c.start) - bisect.bisect_left(starts, c.start)
        return para, bisect.bisect_left(starts, para[1]) - bisect.bisect_left(starts, para[0]) - own

    def read_for(self, cands: Sequence[Candidate]) -> None:
        """Have the model read, in as few batches as the answers allow, what the regions of ``cands``
        will ask (the answers are the same without this; it only batches the reading)."""
        if not cands or not self.gated():
            return
        spin = self._reading()
        placed = [(c, *self._paragraph(c)) for c in cands]
        spin.read([para if others <= 0 else self._window(c, para) for c, para, others in placed])
        spin.read([self._window(c, para) for c, para, others in placed
                   if others <= 0 and spin.log_likelihood_ratio(*para, exclude=(c.start, c.end)) > 0])

    def _evidence_in(self, a: int, b: int, extra_weight: float, own: Candidate) -> DocumentEvidence:
        # Counts by bisection over offsets found once: a region can be the whole text (no sentence
        # ends), and slicing it per candidate made such a text quadratic.
        assert self._spin is not None  # built by __call__ before this
        # What the span itself gives is kept by span: the candidates of one sentence share a window (on
        # spun news each window was counted for three or four of them), and none of it depends on which
        # candidate asks (the gated reading answers a span as the whole reading would, read or not yet).
        found = self._span_counts.get((a, b))
        if found is None:
            strong, word_starts = self._strong, self._word_starts
            found = self._span_counts[(a, b)] = (
                bisect.bisect_left(strong, b) - bisect.bisect_left(strong, a),
                bisect.bisect_left(word_starts, b) - bisect.bisect_left(word_starts, a),
                self._spin.log_likelihood_ratio(a, b))
        k, words, llr = found
        extra = extra_weight * max(0.0, llr)
        if llr <= 0 or words < SIGNATURE_MIN_WORDS:  # see SIGNATURE_WEIGHT and SIGNATURE_MIN_WORDS
            return DocumentEvidence(k, words, extra)
        # Distinct signature words: a clean story about employees says "employees" twenty times, a
        # spinner writes many different such words. The candidate's own words are not evidence for it,
        # here or anywhere else in the region ("within" twice in a paragraph is one writer's habit).
        # Each region's set is collected once: candidates share regions (all of them, in a long text
        # without sentence ends), and collecting it per candidate made such a text quadratic.
        kinds = self._kinds.get((a, b))
        if kinds is None:
            starts = self._signature_starts
            kinds = self._kinds[(a, b)] = frozenset(
                w for _, w in self._signature[bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)])
        n = len(kinds) - len(kinds.intersection(self._norm[own.start:own.end].split(" ")))
        lift = SIGNATURE_WEIGHT * signature_log_likelihood_ratio(n, words) if n else 0.0
        if lift <= 0:
            return DocumentEvidence(k, words, extra)
        return DocumentEvidence(k, words, extra + lift, n)

    def __call__(self, c: Candidate) -> DocumentEvidence:
        if not self.gated():
            return self._doc
        spin = self._reading()
        # Evidence crosses a blank line only when the candidate's own paragraph shows some: another
        # candidate, or improbable words besides its own. A human-written paragraph beside a spun
        # one keeps its own, empty, evidence. A bare word proposal (a learned word swap, a WordNet synonym
        # of the thesaurus pass, a swap restored elsewhere: _BARE_WORD_RULES) is no such candidate unless
        # its word is spinner vocabulary (a signature word): 1,213 words have learned swaps and most have
        # synonyms, so most paragraphs hold one ("diary"), and it had lent a clean paragraph beside a spun
        # one the spun one's evidence ("a personal diary" -> *a private diary*; session 32).
        para, others = self._paragraph(c)
        if others <= 0 and spin.log_likelihood_ratio(*para, exclude=(c.start, c.end)) <= 0:
            return self._evidence_in(*para, REGION_LM_WEIGHT, c)
        return self._evidence_in(*self._window(c, para), REGION_LM_WEIGHT, c)

    def _window(self, c: Candidate, para: tuple[int, int]) -> tuple[int, int]:
        """The sentences around ``c`` that make up its region: REGION_SENTENCES on each side, kept inside its
        paragraph ``para`` when that holds OWN_REGION_WORDS words or more, and otherwise inside its section,
        from the heading before it (if any) to the next heading (:meth:`_bounds`).

        Why: a paragraph that long is enough text to be judged on its own, and the sentences beyond its
        blank line may be another document's. A clean paper's last paragraph, with two weak table hits of
        its own (which let evidence cross the line), took the strong findings of a whole spun article
        joined after it, and "the same individual" became *person* (session 37). A heading starts a new
        section or a new document: the first paragraph of a clean story, after its headline, had borrowed
        the strong findings of the spun story before it ("residents of nearby communities" -> *local*)."""
        assert self._spin is not None  # built by __call__ and read_for before this
        a, b = self._spin.window(c.start, c.end, REGION_SENTENCES)
        if a >= para[0] and b <= para[1]:
            return a, b
        bounds = self._bounds_of.get(para[0])  # worked out once per paragraph (most candidates cross)
        if bounds is None:
            bounds = self._bounds_of[para[0]] = self._bounds(para)
        return max(a, bounds[0]), min(b, bounds[1])

    def _bounds(self, para: tuple[int, int]) -> tuple[int, int]:
        """How far the regions of paragraph ``para`` may reach (see :meth:`_window`): the paragraph itself
        when it holds OWN_REGION_WORDS words or more, else from the start of the last heading before it
        (the whole text's start if none) to the start of the first heading after it (its end if none;
        ``text.Register.headings``)."""
        starts = self._word_starts

        def words(a: int, b: int) -> int:
            return bisect.bisect_left(starts, b) - bisect.bisect_left(starts, a)

        if words(*para) >= OWN_REGION_WORDS:
            return para
        assert self._register is not None  # set by _reading, which every question runs first
        headings = self._register.headings()
        i = bisect.bisect_right(headings, para[0])  # headings up to the paragraph (itself, if one): [:i]
        j = bisect.bisect_left(headings, para[1])  # headings after it: [j:]
        return (headings[i - 1] if i else 0, headings[j] if j < len(headings) else len(self._text))


class Restorer:
    """spinfix for one configuration. Thread-safe; build once and reuse.

    Building one with your own tables (``Config(tables=...)``) reads, checks and compiles them at once,
    so a bad row raises :class:`~spinfix.errors.PhraseTableError` (``path:line: reason``) here rather
    than at the first call. Everything else (the shipped tables, the lexicon, the trigram model) is
    loaded on first use, or by :meth:`warm`.

    >>> r = Restorer(Config(context=False))
    >>> r.restore("Rates rose zero.5 % on Friday.")
    'Rates rose 0.5 % on Friday.'
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = config if config is not None else Config()
        _LIVE[(type(self), self.config)] = self  # what a forked process finds when a pickled one arrives
        self._last_spin: tuple[str, SpinEvidence] | None = None
        #: The model answers the last scored analysis read, with its text (see :meth:`paragraph_scores`).
        self._last_memo: tuple[str, Memo] | None = None
        self._lock = threading.Lock()
        self._lm_lock = threading.Lock()  # one llama.cpp context: one text at a time
        if self.config.lm is not None:
            # Fail here, not on the first spun document of a long job: llama.cpp and the model file must be
            # installed (the model itself loads on first use).
            import importlib.util

            from .lm import model_path

            if importlib.util.find_spec("llama_cpp") is None:
                raise ConfigError('Config.lm needs llama.cpp: pip install "spinfix[lm]"')
            model_path(self.config.lm)
        if self.config.tables:
            # A user's table is data a person wrote: check it where the mistake is made (issue 15 item 7),
            # not on the first document of a long job. This is the load the first call would do anyway
            # (the shipped rows come from their cache and are merged with the user's, so a conflict or
            # cycle with them is found too). The shipped tables alone were checked when their cache was
            # built, so Restorer(Config()) stays free to build, as the module-level functions rely on.
            _ = self.table

    def __reduce__(self) -> tuple[Callable[[type[Restorer], Config], Restorer], tuple[type[Restorer], Config]]:
        """Pickled as its configuration, which is all that decides what it does: ``pool.map(r.restore,
        texts)`` (multiprocessing, concurrent.futures, joblib) sends ``r.restore``, and with it ``r``,
        whose locks and loaded data cannot be pickled. In the receiving process the restorer of that
        configuration is found (a forked worker has its parent's, warm) or built once (see
        :func:`restorer_for_config`)."""
        return restorer_for_config, (type(self), self.config)

    # --- resources, built on first use -------------------------------------------------------------
    @cached_property
    @builds_data
    def table(self) -> CompiledTable:
        """The active rows of every loaded table, checked, merged and expanded (see ``table.load_tables``)."""
        cfg = self.config
        paths = (default_table_paths() if cfg.default_tables else []) + list(cfg.tables)
        rows = load_tables(paths, on_conflict=cfg.on_conflict)
        return compile_rows(rows, domains=cfg.domains, disabled=cfg.disabled)

    @cached_property
    @builds_data
    def table_matcher(self) -> tuple[PhraseMatcher, list[Variant]]:
        """The phrase table compiled for matching: the matcher over every variant's pattern, and the
        variants by the matcher's index (what ``sources.table`` reads)."""
        variants = list(self.table.variants.values())
        return PhraseMatcher([v.pattern for v in variants]), variants

    @cached_property
    @builds_data
    def table_fields(self) -> CandidateFieldTable:
        """What each table variant's candidates take from it, by the matcher's index (``sources.table``),
        worked out as documents match the variants."""
        return CandidateFieldTable(self.table_matcher[1])

    @cached_property
    @builds_data
    def _keep_matcher(self) -> PhraseMatcher:
        return PhraseMatcher(sorted(self.config.keep))

    @cached_property
    @builds_data
    def scorer(self) -> Scorer:
        lexicon = shared(Lexicon) if self.config.context or self.config.generalize else None
        if lexicon is not None and not lexicon.available():
            # Never degrade silently: a restorer without its n-gram data would decide differently.
            raise SpinfixError(f"spinfix's lexicon data is missing from {lexicon.directory}; reinstall spinfix")
        model = shared(TrigramModel) if self.config.context and self.config.context_model == "trigram" else None
        return Scorer(lexicon, use_context=self.config.context, model=model)

    @cached_property
    @builds_data
    def generalizer(self) -> Generalizer | None:
        """Swaps beyond the table (None when ``Config.generalize`` is off)."""
        if not self.config.generalize:
            return None
        assert self.scorer.lexicon is not None  # loaded whenever generalize is on
        model = self.scorer.model
        return Generalizer(self.table.rows, self.scorer.lexicon, shared(Thesaurus), shared(Terms),
                           word_swaps=self.config.spin_evidence and model is not None,
                           model_pairs=model if isinstance(model, TrigramModel) else None)

    @cached_property
    @builds_data
    def detector(self) -> SpinDetector | None:
        """The trigram model's per-word spin evidence (None unless ``Config.spin_evidence`` is on)."""
        if not self.reads_regions:
            return None
        model = self.scorer.model
        assert isinstance(model, TrigramModel) and self.scorer.lexicon is not None
        from .evidence import SpinDetector

        return SpinDetector(model, shared(Thesaurus), self.scorer.lexicon)

    @property
    def reads_regions(self) -> bool:
        """Whether :attr:`detector` is (or will be) there to read a region, known without building it: the
        region gate of a configuration without one stays shut, and its seeds are not worked out (a
        twentieth of a table-only run had gone to them)."""
        return self.config.spin_evidence and isinstance(self.scorer.model, TrigramModel)

    @cached_property
    def lm_judge(self) -> LanguageModelJudge | None:
        """The optional language-model rescorer (``Config.lm``; see ``spinfix.lm``), or None."""
        if self.config.lm is None:
            return None
        from .lm import LanguageModelJudge

        return LanguageModelJudge(self.config.lm)

    def warm(self) -> Restorer:
        """Build everything now (tables, matcher, lexicon, trigram model and its hashed n-gram index)
        instead of on the first call (or, for the index, on the first few dozen documents); returns the
        restorer.

        Call it before forking worker processes (they then share the loaded data copy-on-write instead
        of each loading it), before timing anything (the first call otherwise pays its loading), and
        in a server before taking requests. Calling it again does nothing.
        """
        with self._lock:
            _ = self.table_matcher, self._keep_matcher, self.scorer, self.generalizer
            self.table_fields.fill()
            if self.scorer.lexicon is not None:
                self.scorer.lexicon.warm()
            if isinstance(self.scorer.model, TrigramModel):
                self.scorer.model.warm()
            if self.detector is not None:
                self.detector.warm()
            if self.generalizer is not None:
                # Otherwise loaded by the first spun document (the thesaurus pass's options) and by the
                # first with an acronym to spell out (the whole thesaurus).
                _ = self.generalizer.shipped_options, self.generalizer.thesaurus.known
                _ = self.generalizer.lexicon.collocations  # ... and by the first science-like chunk
        if self.config.lm is not None:
            with self._lm_lock:
                _ = self.lm_judge
        return self

    # --- the scan ------------------------------------------------------------------------------------
    def _candidates(self, text: str, norm: str, doc: Document | None = None) -> list[Candidate]:
        """Every source's candidates (``sources.SOURCES``), in registry order; ``doc`` is the document
        of ``text`` when the caller keeps it (to share its register counts with the generaliser)."""
        doc = doc if doc is not None else Document(text, norm)
        return [c for source in SOURCES for c in source(doc, self)]

    def _score(self, cands: list[Candidate], text: str, norm: str,
               quotes: Quotes) -> list[Scored]:
        """Every candidate's exact first-pass score (see :meth:`_add_scores`), in order."""
        scores = Scores(self.scorer, norm)
        self._add_scores(scores, cands, text, norm, quotes)
        return scores.all_exact()

    def _add_scores(self, scores: Scores, cands: list[Candidate], text: str, norm: str, quotes: Quotes) -> None:
        """Check conditions and score each candidate into ``scores``: base log-odds (``Scorer.base``) and
        the tells, the trigram context term deferred (see :class:`~spinfix.score.Scores`).

        The per-candidate work is the hot path's inner loop: neighbours are read only when a condition
        or the bigram context needs them, and the quotation spans only when some quote mark exists.
        """
        scorer = self.scorer
        phrases = _PhraseIndex(norm)
        for c in cands:
            cond = c.conditions
            by_model = scorer.judged_by_model(c)
            need_neighbours = scorer.use_context and not by_model
            left = right = ""
            if need_neighbours or cond.left:
                left = word_before(norm, c.start, SPACES_AND_BRACKETS)
            if need_neighbours or cond.right:
                right = word_after(norm, c.end, SPACES_AND_BRACKETS)
            if cond.left and left not in cond.left:
                continue
            if cond.right and right not in cond.right:
                continue
            if cond.unless and any(phrases.occurs(p) for p in cond.unless):
                continue
            spun_words = norm[c.start:c.end].split()
            bonus = 0.0
            tells: list[Evidence] = []
            if cond.also and any(phrases.occurs(p, exclude=(c.start, c.end)) for p in cond.also):
                bonus += AND_TERM
                tells.append(Evidence("and-term", AND_TERM, "a companion term of this phrase occurs"))
            if article_tell(text, norm, c.start):
                bonus += ARTICLE_TELL
                tells.append(Evidence("article", ARTICLE_TELL, "the article before it fits another word"))
            if (c.kind != "tortured" and c.rule != "rule:grammar" and c.spin_evidence
                    and quotes.inside(c.start, c.end)):
                bonus += QUOTED
                tells.append(Evidence("quoted", QUOTED, "inside quotation marks, which spinners often skip"))
            if by_model:
                scores.defer(scorer.prior_terms(c, spun_words), bonus, tells)
            else:
                scores.add(scorer.base(c, left, right, spun_words).with_tells(bonus, tells))

    def _model_fit(self, norm: str) -> Callable[[int, int, str], float]:
        """How much better ``original`` fits than the words ``norm[start:end]`` between their neighbours,
        by the trigram model's context term (:meth:`Scorer.model_log_odds`, uncapped)."""
        scorer = self.scorer

        def fit(start: int, end: int, original: str) -> float:
            return scorer.model_log_odds(words_before(norm, start), norm[start:end].split(), original.split(" "),
                                         words_after(norm, end))[0]

        return fit

    def _known_word(self, word: str) -> bool:
        """Whether a word hyphenated across a line end is read whole (``normalize.squeeze``): a word of
        Zipf frequency HYPHEN_JOIN_ZIPF or more, or a word of a table phrase, which a spinner writes
        however rare it is ("greenback", "privateness", "cybersafety")."""
        if word in self._table_words:
            return True
        lexicon = self.scorer.lexicon
        return lexicon is not None and lexicon.zipf.get(word, 0.0) >= HYPHEN_JOIN_ZIPF

    @cached_property
    def _table_words(self) -> frozenset[str]:
        """The words of the table's phrases (every variant's pattern)."""
        return frozenset(w for v in self.table.variants.values() for w in v.pattern.split(" ") if w.isalpha())

    def _analyse(self, text: str, memo: Memo | None = None) -> _Analysis:
        """One pass over ``text``: findings in input offsets, and the word count.

        A text with whitespace runs inside its paragraphs ("personal\\r\\ncorporations", two spaces, a
        wrapped line's indent) is read as its squeezed copy (``normalize.squeeze``), where each run is one
        character: every stage — the table matcher, the rules, ``keep``, row conditions, the generaliser's
        chunks, neighbours and regions — then sees a phrase split by a run as it sees one split by a
        space, and only the findings' offsets are mapped back. The spans then cover the input's own
        whitespace, which ``shape_like`` keeps in the restoration. The same copy reads through the layout
        of extracted and scraped text (a word hyphenated across a line end, soft hyphens, ligatures,
        character references, look-alike letters: ``squeeze`` with :meth:`_known_word`), while what is
        not prose (``verbatim``) is found on the input as given.
        """
        text = check_text(text)
        if not text:
            return _Analysis([], 0, text, text)
        with self._lock:  # build the shared resources once, even when called from many threads
            _ = self.table_matcher, self.scorer, self.generalizer
        source = text
        norm = normalize(text)
        squeezed = squeeze(text, norm, self._known_word)
        if squeezed is not None:
            text, norm = squeezed.text, squeezed.norm
        words = word_count(norm)
        general = self.generalizer
        document = Document(text, norm, general.signature_finder if general is not None else None)
        cands = self._candidates(text, norm, document)
        if not cands and general is None:
            return _Analysis([], words, text, norm, register=document.register)
        kept = self._keep_matcher.find(norm) if self.config.keep else []
        if kept:
            # Every kept phrase is kept, also one that a longer match ahead of it hides ("york times" in
            # "new york times" with "new york" kept too).
            kept += self._keep_matcher.overlapping(norm, kept)
        # Kept phrases and what is not prose at all (addresses, paths, markup, code: ``verbatim``) are
        # never touched: no candidate there acts, counts as evidence or is reported. What is not prose is
        # judged on the input itself, not on the squeezed copy, whose whitespace runs, cuts and decoded
        # characters could move a line or a token edge (a code span between two backticks with a "\x0b "
        # between them is one line of the input and two of the copy, which writes that run as "\n").
        shielded = _shield(kept, verbatim_spans(source), squeezed)
        if shielded is not None:
            cands = [c for c in cands if not shielded(c.start, c.end)]
        quotes = document.quotes
        scores = self._first_passes(cands, text, norm, quotes, document.register, words=words)
        strong = counted_strong(strong_candidates(scores))
        doc = DocumentEvidence(len(strong), words)
        plain = plain_strong_starts(strong)
        # A spun document's sections, when they are not all spun: its switches act only in the spun ones.
        sections = _Sections(document.register, strong) if doc.spun else None
        if sections is not None and sections.alike:
            sections = None
        if general is not None and self._generalise(scores, document.register, text, norm, words, plain=plain):
            claimed = {(x.cand.start, x.cand.end): x.cand.originals[0] if x.cand.originals else ""
                       for x in scores.items}
            claimed.update({(s, e): "" for s, e, _ in kept})
            # Outside a spun document the bare word swaps wait until the document shows it may need them
            # (_word_swaps_may_count); in a spun one the thesaurus pass below must see them claimed.
            deferred: list[tuple[int, list[tuple[int, int]]]] | None = None if doc.spun else []
            learned = general.learned_candidates(text, norm, claimed, document.register, deferred=deferred)
            acronyms = general.acronym_candidates(text, norm, document.register)
            extra = learned + acronyms
            if doc.spun:
                synonyms = general.thesaurus_candidates(text, norm, [*claimed, *((c.start, c.end) for c in extra)])
                if self.scorer.model is not None:  # the model orders an article's originals (see there)
                    # Read only where a tell stands (rarely): not a list of every candidate per pass.
                    synonyms += general.article_candidates(
                        text, norm, self._model_fit(norm),
                        itertools.chain((x.cand for x in scores.items), extra, synonyms))
                extra += synonyms if sections is None else [c for c in synonyms if sections.spun(c.start)]
            if shielded is not None:
                extra = [c for c in extra if not shielded(c.start, c.end)]
            scored_before = len(scores.items)
            if extra:
                self._add_scores(scores, extra, text, norm, quotes)
            if deferred and self._word_swaps_may_count(scores, doc, text, norm, register=document.register,
                                                       words=words, plain=plain):
                every = general.with_word_candidates(norm, learned, deferred) + acronyms
                if shielded is not None:
                    every = [c for c in every if not shielded(c.start, c.end)]
                made = {id(c) for c in extra}
                more = Scores(self.scorer, norm)
                self._add_scores(more, [c for c in every if id(c) not in made], text, norm, quotes)
                scores = scores.merged(more, [x.cand for x in scores.items[:scored_before]] + every)
        region = self._regions(text, norm, scores, doc, memo, register=document.register, plain=plain)
        results = self._decide(scores, region, doc, plain, sections)
        if doc.spun:
            results = consistent(results, norm, sections.spun if sections is not None else None)
            spread = spread_candidates(results, text, norm, self.config.threshold) if general is not None else []
            if shielded is not None:
                spread = [c for c in spread if not shielded(c.start, c.end)]
            if sections is not None:
                spread = [c for c in spread if sections.spun(c.start)]
            if spread:
                more = Scores(self.scorer, norm)
                self._add_scores(more, spread, text, norm, quotes)
                results = sorted([*results, *self._decide(more, region, doc, plain, sections)],
                                 key=lambda d: d.cand.start)
        if squeezed is not None:
            to_input = squeezed.to_input
            results = [dataclasses.replace(d, cand=dataclasses.replace(
                d.cand, start=to_input(d.cand.start), end=to_input(d.cand.end))) for d in results]
        return _Analysis(self._resolve(source, results), words, text, norm, register=document.register)

    def _first_passes(self, cands: list[Candidate], text: str, norm: str, quotes: Quotes,
                      register: Register, *, words: int) -> Scores:
        """``cands`` scored (``_add_scores``) in order, or, where none of them could act or count, without
        them: the rows that ``needs_spun_document`` in a news-like text (any text when generalisation is
        off) whose other candidates reach neither SEED nor STRONG and which is not dense in spinner
        vocabulary.

        Why it changes nothing: such a row acts only in a spun document or beside a strong finding of
        another kind (``score.may_act``), counts as strong only beside one (``counted_strong``), and seeds
        only beside one or in spinner vocabulary (``seeds_alone``); with no other candidate at SEED the
        learned-swap pass does not run in news-like text (``_generalise``) and the region gate stays shut
        (``_Regions._seeded``), so its score is never read. In clean news that is most documents, and
        leaving those rows out (their neighbours, conditions and tells) restores it 7 % faster, with the
        same output (session 17). Elsewhere those rows are scored too and merged in, in candidate order
        (``Scores.merged``)."""
        scores = Scores(self.scorer, norm)
        weak = [needs_spun_document(c) for c in cands]
        general = self.generalizer
        if not any(weak) or (general is not None and not reads_as_news(*register.total())):
            self._add_scores(scores, cands, text, norm, quotes)
            return scores
        self._add_scores(scores, [c for c, w in zip(cands, weak) if not w], text, norm, quotes)
        if not any(scores.reaches(i, SEED) for i in range(len(scores.items))) and not spinner_vocabulary(
                general, text, norm, register, words):
            return scores
        rest = Scores(self.scorer, norm)
        self._add_scores(rest, [c for c, w in zip(cands, weak) if w], text, norm, quotes)
        return scores.merged(rest, cands)

    def _generalise(self, scores: Scores, register: Register, text: str, norm: str, words: int, *,
                    plain: Sequence[int] = ()) -> bool:
        """Whether the learned-swap pass runs (issue 14's gate; see VOCABULARY_SEED_RATE).

        In news-like text (long enough to tell, few academic-register words) its candidates act only
        where the model reads their region as spun: a restored phrase waits for it
        (``Candidate.spun_region``), a learned word swap needs it (``context_swap_holds``). The model reads
        only around a seed, so the pass runs there only when the table or the rules give a seed (a strong
        finding is one too; see :func:`seeds_alone` for the rows that seed only beside one, ``plain``), or
        when the text is dense in spinner vocabulary, where its own swaps may be the seeds. Elsewhere
        (science-like text, a sentence alone) it always runs: a tortured phrase it restores stands on its
        own.
        """
        if not reads_as_news(*register.total()):
            return True
        if any(seeds_alone(x.cand, plain) and scores.reaches(i, SEED) for i, x in enumerate(scores.items)):
            return True
        return spinner_vocabulary(self.generalizer, text, norm, register, words)

    def _word_swaps_may_count(self, scores: Scores, doc: DocumentEvidence, text: str, norm: str, *,
                              register: Register, words: int, plain: Sequence[int]) -> bool:
        """Whether a bare learned word swap (``general:context``) in a document not shown to be spun could
        be decided at all, given the other candidates' first passes in ``scores``.

        Such a swap is decided only where its region's evidence reaches CONTEXT_SWAP_REGION
        (``region_may_hold``). Regions are read only when the gate opens (``_Regions._seeded``): with a
        seed of another kind (:func:`firm_seeds`), or in a text dense in spinner vocabulary; with the gate
        shut every region is the document's evidence. So without those, and below that bar for the
        document, no word swap can be decided, report or seed, and it is never made: on clean science,
        where most trigger words are such swaps, making and scoring them had been a fifth of a restore.
        """
        if doc.log_odds(False) >= CONTEXT_SWAP_REGION or firm_seeds(scores, plain):
            return True
        return spinner_vocabulary(self.generalizer, text, norm, register, words)

    def _spin_evidence(self, detector: SpinDetector, text: str, norm: str, memo: Memo | None = None,
                       register: Register | None = None) -> SpinEvidence:
        """The detector's evidence for the document score of ``text``: read sequentially, stopping once it
        is decisive either way (SCORE_STOP_BELOW / SCORE_STOP_ABOVE), so a long clean text costs a few
        hundred words of model work. Computed once per text (``analyse`` and then ``score_findings`` ask
        for the same one): the last result is kept (one tuple, replaced atomically, so threads at worst
        compute it twice). ``memo`` holds the words the regions of the same text already read (the
        result is the same with or without it)."""
        last = self._last_spin
        if last is not None and last[0] is text:
            return last[1]
        spin = detector.evidence(text, norm, stop_below=SCORE_STOP_BELOW, stop_above=SCORE_STOP_ABOVE, memo=memo,
                                 rare_words=True, register=register)
        self._last_spin = (text, spin)
        return spin

    def _regions(self, text: str, norm: str, scores: Scores, doc: DocumentEvidence,
                 memo: Memo | None = None, *, register: Register | None = None,
                 plain: Sequence[int] = ()) -> _Regions:
        """The evidence that the text around each candidate is spun (see :class:`_Regions`); ``plain``:
        where the document's strong findings of a form ordinary prose does not produce start."""
        return _Regions(self, text, norm, scores=scores, doc=doc, memo=memo, register=register, plain=plain)

    def _decide(self, scores: Scores, region: _Regions, doc: DocumentEvidence,
                plain: Sequence[int] = (), sections: _Sections | None = None) -> list[Decision]:
        """The final decision of each candidate, in candidate order, leaving out those that cannot be
        reported (``_resolve`` drops them first thing).

        The region's evidence is read only for the candidates whose decision can depend on it: a learned
        word swap (``context_swap_holds``), a candidate whose score the document term can move (its
        spun-document probability is above its prior), and a candidate the cap may lower (a weak row, a
        swap of the other domain: ``cappable``). For any other,
        ``Scorer.final`` and ``cap_weak_row`` give the same whatever the region says, so the document's
        evidence stands in. In a spun document every candidate is decided with its region, since
        ``consistent`` may lift any of them to another occurrence's score. With ``sections`` (a spun
        document whose sections are not all spun, see :class:`_Sections`), whether a row that needs a spun
        document may act is asked of the candidate's section.
        """
        threshold, report = self.config.threshold, self.config.report_threshold
        spun = doc.spun
        decided: dict[int, Decision] = {}
        local: list[int] = []  # candidates whose decision reads their region
        for i, first in enumerate(scores.items):
            c = first.cand
            if not may_act(c, scores.norm, spun if sections is None else sections.spun(c.start), plain):
                continue
            if spun or c.rule == "general:context" or logit(first.p_doc) - logit(c.prior) > 0 or (
                    cappable(c) and scores.reaches(i, threshold)):
                local.append(i)
            elif scores.may_reach(i, doc, report):  # the document term is 0: any evidence gives this
                decided[i] = Scorer.final(scores.exact(i), doc)
        if local:
            if not spun:
                # Whatever the region, a candidate that cannot reach report_threshold with the largest
                # document term is dropped, and a learned swap needs its context evidence before its
                # region counts.
                top = DocumentEvidence(1, 0, DOC_CAP)  # the most a region can give (a strong finding in it)
                local = [i for i in local if scores.may_reach(i, top, report)]
                if region.gated():
                    # Reading a region costs far more than a context term: bound each with its exact score.
                    local = [i for i in local if _may_count(scores, i, top, report)]
            region.read_for([scores.items[i].cand for i in local])
        for i in local:
            c = scores.items[i].cand
            around = region(c)
            # Below report_threshold whatever its context: _resolve would drop it first thing. In a spun
            # document ``consistent`` may still lift it to another occurrence's score, so it is kept there.
            # A learned word swap whose region cannot hold it needs no context term either.
            if (not spun and not scores.may_reach(i, around, report)) or not region_may_hold(c, around):
                continue
            x = scores.exact(i)
            if context_swap_holds(x, around):
                decided[i] = cap_weak_row(Scorer.final(x, around), around, threshold)
        return [decided[i] for i in sorted(decided)]

    def _resolve(self, text: str, results: list[Decision]) -> list[Finding]:
        cfg = self.config
        results = drop_extended([d for d in results if d.p >= cfg.report_threshold], cfg.threshold)
        results = yield_to_rows(results, cfg.threshold)
        # Best first: higher score, then longer span; keep what does not overlap a better one.
        results.sort(key=lambda d: (-d.p, -(d.cand.end - d.cand.start), d.cand.start))
        taken = bytearray(len(text))  # one byte per character: linear however many findings
        chosen: list[Decision] = []
        for d in results:
            c = d.cand
            if taken.find(1, c.start, c.end) >= 0:
                continue  # overlaps a better finding
            taken[c.start:c.end] = b"\x01" * (c.end - c.start)
            chosen.append(d)
        chosen.sort(key=lambda d: d.cand.start)
        findings = []
        for d in chosen:
            c, p = d.cand, d.p
            restorable = restores(d, cfg.threshold)
            spun = text[c.start:c.end]
            restored = shape_like(spun, c.originals[0]) if c.originals else "?"
            findings.append(Finding(
                start=c.start, end=c.end, spun=spun, restored=restored,
                alternatives=tuple(shape_like(spun, o) for o in c.originals[1:]),
                score=round(p, 4), rule=c.rule,
                reason=c.reason if not restorable or p >= cfg.threshold else
                f"{c.reason}; restored below the threshold: a listed row in a passage that reads as spun",
                action="restore" if restorable else "report", entry=c.entry, evidence=d.evidence,
                rule_id=self.table.rule_id(c), kind=c.kind,
            ))
        return findings

    # --- public operations ---------------------------------------------------------------------------
    def analyse(self, text: str) -> Analysis:
        """The one analysis behind every front end: restored text, edits, findings and document score.

        Restoring can change the evidence around it: a restored neighbour changes a bigram, an ``and=``
        term appears, a restored word forms a phrase another row lists. So the restored text is analysed
        again, up to ``MAX_PASSES`` times, until nothing more changes, and the passes' edits are composed
        into one list on the input; a clean text still costs a single pass.

        The result is a fixed point by construction: ``restore(restore(x)) == restore(x)`` for every
        table and threshold, because ``analyse`` returns only

        1. a text that one more analysis leaves unchanged (so restoring it makes no edit), or
        2. a text ``y`` that the same procedure (:meth:`_passes`) was run on again and gave back, or
        3. the input itself (``restore(x) == x``).

        When the pass cap is reached without settling, :meth:`_passes` undoes the edits around whatever
        would still change; what remains is checked as in 2, and if even that fails every edit is undone
        (3). Undone findings stay, as ``action="report"`` with an ``unsettled`` evidence saying why.
        """
        first, current, edits, findings, passes = self._settle(text, score=True)
        llr = first.spin.log_likelihood_ratio() if first.spin is not None else None
        score = document_score(findings, first.words, self.config, llr)
        return Analysis(current, tuple(edits), tuple(findings), score, passes)

    def _settle(self, text: str, *, score: bool) -> tuple[_Analysis, str, list[Edit], list[Finding], int]:
        """The fixed point of :meth:`analyse` (see there): (first pass, restored text, edits, findings,
        analyses run). ``score=False`` skips the spin evidence that only the document score reads, which
        restoration decisions never do: text, edits and findings are the same either way, so ``restore``
        and ``restore_and_explain`` use it and agree with ``analyse`` by construction."""
        later: list[Finding] = []
        first, edits, reverted, passes, fixed = self._passes(text, score=score, later=later)
        current = apply_edits(text, edits) if edits else text
        if not fixed:
            _, again, _, passes_again, _ = self._passes(current, score=False)
            passes += passes_again
            if apply_edits(current, again) != current:  # case 3: give up on every edit
                reverted, edits, current = [*reverted, *edits], [], text
        elif edits and self.config.lm is not None:
            current, edits, passes_lm = self._lm_stage(text, current, edits, later)
            passes += passes_lm
        findings = first.findings
        if later and edits:
            findings = _explain_later_edits(findings, edits, later)
        if reverted:
            findings = _report_unsettled(findings, sorted(reverted, key=lambda e: e.start), passes)
        return first, current, edits, findings, passes

    def _lm_stage(self, text: str, current: str, edits: list[Edit],
                  later: list[Finding]) -> tuple[str, list[Edit], int]:
        """The language-model rescorer on a settled restoration (``Config.lm``): (text, edits on ``text``,
        analyses run). ``current`` is ``text`` with ``edits`` applied.

        The model judges the sentences of ``current`` that hold one of ``edits`` (see
        ``LanguageModelJudge.findings``); its readings are applied and the restoration is run again on the
        new wording to its fixed point (a reading may need "a" for "an", or complete a phrase a row
        knows). If that does not settle, the readings are left out. The result is a fixed point of
        ``restore``: restoring it makes no edit, so no sentence holds one and the model is not asked again.
        Its findings join ``later``, which explains each edit they made.
        """
        from .lm import SCORE

        detector, lexicon = self.detector, self.scorer.lexicon
        if detector is None or lexicon is None or self.config.threshold > SCORE:
            return current, edits, 0
        spans = placed_spans(edits)  # where each edit's new wording sits in ``current``
        with self._lm_lock:
            judge = self.lm_judge
            assert judge is not None  # Config.lm is set
            found = judge.findings(current, [(a, b) for a, b in spans if a < b], detector, lexicon.zipf)
        shielded = _shield((), verbatim_spans(current), None) if found else None
        if shielded is not None:
            found = [f for f in found if not shielded(f.start, f.end)]
        if not found:
            return current, edits, 0
        lm_edits = make_edits(current, found)
        after = apply_edits(current, lm_edits)
        more_later: list[Finding] = []
        again, more, reverted, passes, fixed = self._passes(after, score=False, later=more_later)
        if not fixed or reverted:
            return current, edits, passes
        final = apply_edits(after, more) if more else after
        combined = compose_edits(text, edits, lm_edits, after)
        if more:
            combined = compose_edits(text, combined, more, final)
            more_later += [f for f in again.findings if f.action == "restore"]
        later += [*found, *more_later]
        return final, combined, passes

    def _passes(self, text: str, *, score: bool,
                later: list[Finding] | None = None) -> tuple[_Analysis, list[Edit], list[Edit], int, bool]:
        """Restore ``text`` pass by pass: (first pass, edits kept, edits undone, analyses run, whether the
        output is known to be settled). The restorable findings of the passes after the first are added to
        ``later`` (in their own pass's offsets), so that the edits they made can be explained.

        After MAX_PASSES without settling, each round analyses the current output and reverts, to the
        input's wording, every edit within ``SETTLE_NEAR_CHARS`` of something that analysis would still
        change. Reverting only shrinks the edit set, so this ends: on an output that analysis leaves
        unchanged, on the input itself (both settled), or on changes that no kept edit is near (a region
        already reverted, whose input wording starts the same chain again; not settled, see
        :meth:`analyse`).
        """
        memo: Memo = {}  # the spin evidence of words whose context an edit left as it was
        if score:  # kept for paragraph_scores of the same text (one tuple, replaced atomically, as _last_spin)
            self._last_memo = (text, memo)
        first = self._analyse(text, memo)
        detector = self.detector if score else None
        if detector is not None and first.words:
            # For the document score only: restoration decisions never read it, so every pass (and a
            # second restore) decides with the same function of its text, which the fixed point needs.
            first.spin = self._spin_evidence(detector, first.read, first.read_norm, memo, first.register)
        edits = make_edits(text, first.findings)
        current = apply_edits(text, edits) if edits else text
        passes = 1
        while edits or current != text:
            if passes >= MAX_PASSES:
                break
            again = self._analyse(current, memo).findings
            more = make_edits(current, again)
            passes += 1
            if not more:
                return first, edits, [], passes, True
            if later is not None:
                later += [f for f in again if f.action == "restore"]
            after = apply_edits(current, more)
            edits = compose_edits(text, edits, more, after)
            current = after
        else:
            return first, edits, [], passes, True
        reverted: list[Edit] = []
        while edits:
            more = make_edits(current, self._analyse(current, memo).findings)
            passes += 1
            if not more:
                break
            stuck = _near_edits(edits, more)
            if not stuck:
                return first, edits, reverted, passes, False
            reverted += [e for i, e in enumerate(edits) if i in stuck]
            edits = [e for i, e in enumerate(edits) if i not in stuck]
            current = apply_edits(text, edits)
        return first, edits, reverted, passes, True

    def detect(self, text: str) -> list[Finding]:
        """Every finding at or above ``report_threshold``, in text order: ``analyse(text).findings``,
        without the document score that ``analyse`` also computes and this discards (on clean text the
        score's reading of the spin evidence was half of detect's time)."""
        return self._settle(text, score=False)[3]

    def restore_and_explain(self, text: str) -> Restored:
        """The restored text, the edits that produce it from ``text``, and the findings of ``text``.

        See :meth:`analyse`: the text is a fixed point (``restore(restore(x)) == restore(x)``) and
        ``apply_edits(text, edits)`` replays it.
        """
        _, current, edits, findings, _ = self._settle(text, score=False)  # the score is not part of it
        return Restored(current, tuple(edits), tuple(findings))

    def restore(self, text: str) -> str:
        """``text`` with every restorable finding put back; all other characters unchanged.

        ``analyse(text).text`` exactly, without computing the document score, which restoring never reads:
        a text that gives no candidate a region to check then never loads the trigram model (issue 14).
        """
        return self._settle(text, score=False)[1]

    def spin_score(self, text: str) -> SpinScore:
        """A document score in [0, 1] and a verdict; see :func:`document_score`."""
        return self.analyse(text).score

    def score_findings(self, text: str, findings: Sequence[Finding]) -> SpinScore:
        """The document score :meth:`analyse` gives ``text`` when its findings are ``findings``.

        For front ends that hold findings but not the analysis they came from (the report's callers pass
        their own, or a selection): :func:`document_score` alone would leave out the trigram model's spin
        evidence, and its verdict could then disagree with ``spin_score`` (a synonym-spun article no table
        lists scores 0 on its findings and is spun on its evidence). The evidence is read as ``analyse``
        reads it (sequentially, stopping once decisive), and reused when ``text`` was just analysed.
        """
        norm = normalize(check_text(text))
        words = word_count(norm)
        detector = self.detector
        llr = None
        if detector is not None and words:
            llr = self._spin_evidence(detector, text, norm).log_likelihood_ratio()
        return document_score(findings, words, self.config, llr)

    def paragraph_scores(self, text: str, *, lines: bool = False,
                         analysis: Analysis | None = None) -> tuple[ParagraphScore, ...]:
        """The spin score of each paragraph of ``text`` (each line with ``lines``), in order; blank ones
        are left out, and a text of one paragraph gets its document score (:meth:`spin_score`).

        Why: a corpus page often holds a spun article beside text nobody spun (a site's own introduction,
        a quoted original, documents joined in one file), and the document score can only keep or drop
        the whole page. Each paragraph is judged here on its own evidence: its restorable findings from
        the document's analysis (whose regions already keep a clean paragraph's findings its own) and its
        share of the trigram model's improbable words, counted against the rates the whole document
        expects, as :func:`document_score` combines them for a document. On the clean fixtures joined to
        whole spun devset articles (``python -m benchmarks.devset``), one clean paragraph of 2,358 was
        flagged (one whose word the restorer itself changes) and about three in five of the spun
        articles' one-sentence paragraphs were.

        ``analysis`` is :meth:`analyse`'s result for ``text`` when the caller has it already (the corpus
        scanner), so the text is not analysed twice. Unlike the document score, which stops reading once
        it is sure, every paragraph is read by the model: a clean page costs a full model pass.
        """
        text = check_text(text)
        if analysis is None:
            analysis = self.analyse(text)
        elif not _analysis_of(analysis, text):
            # Another text's analysis had been read against this one: its findings' offsets and its score
            # were taken for this text's paragraphs, and wrong scores came back without a word.
            raise EditError("paragraph_scores: the analysis given is not of this text (its edits do not turn "
                            "this text into its restored text)")
        spans = _passages(text, lines)
        if len(spans) <= 1:
            return tuple(ParagraphScore.of(analysis.score, a, b) for a, b in spans)
        norm = normalize(text)  # the same length: a paragraph's words are counted on its slice
        detector = self.detector
        spin = None
        if detector is not None:
            # The analysis of this text has read some of its words already (the document score reads the
            # first few hundred, the regions the sentences around their seeds): their answers are kept by
            # context, and a word's answer depends on its context alone, so they are reused as they are.
            last = self._last_memo
            memo: Memo = last[1] if last is not None and last[0] is text else {}
            spin = detector.evidence(text, norm, rare_words=True, memo=memo)
        ordered = sorted(analysis.findings, key=lambda f: f.start)
        starts = [f.start for f in ordered]
        out = []
        for a, b in spans:
            findings = ordered[bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)]
            llr = spin.log_likelihood_ratio(a, b) if spin is not None else None
            out.append(ParagraphScore.of(document_score(findings, word_count(norm[a:b]), self.config, llr), a, b))
        return tuple(out)

    def restore_batch(self, texts: Iterable[str]) -> list[str]:
        """:meth:`restore` over many texts (for ``datasets.map(batched=True)``, pandas and the like)."""
        return [self.restore(t) for t in _texts(texts)]

    def spin_score_batch(self, texts: Iterable[str]) -> list[SpinScore]:
        """:meth:`spin_score` over many texts."""
        return [self.spin_score(t) for t in _texts(texts)]


def _texts(texts: Iterable[str]) -> Iterable[str]:
    """A batch must be a collection of texts: a lone string would be iterated character by character."""
    if isinstance(texts, (str, bytes, bytearray)):
        raise TypeError("a batch function takes a list of texts, not a single string; use restore/spin_score")
    return texts


#: Sentences on each side of a candidate's own that make up its region (local evidence), and the weight
#: of the region's spin-evidence log-likelihood ratio in its log-odds of being spun. Chosen on the devset
#: among 0/1/2 sentences and weights 0.5/1/2 (benchmarks/devset.py): 2 and 0.5 gave the best precision
#: (0.93) with the best recall but one (0.118), and no edit in the clean paragraphs of mixed science
#: documents; a single sentence (0) is too little evidence, a larger weight lifts clean news words.
REGION_SENTENCES = 2
REGION_LM_WEIGHT = 0.5
#: A paragraph of at least this many words is its own region's limit (``_Regions._window``): about three
#: sentences, the words of a region that would reach beyond it. Measured on the clean fixtures joined to
#: whole spun devset articles (``benchmarks.devset``, *joined*): science words changed per 1,000 fall from
#: 0.22 to 0.02 at 40-60 words, 0.10 at 70-80, 0.12 at 100; the devset is unchanged from 60 words up (its
#: paragraphs are sentences; 50 words: recall 0.1856 -> 0.1832, 40: 0.1797), as are the joined spun
#: articles' recall and the joined clean news (0.085). Counting sentences instead (2-5) was worse on
#: both sides.
OWN_REGION_WORDS = 60
#: Signature words (``Generalizer.signature_words``: "stated", "corporate", "convention") per word of a
#: region: about 1 in 65 in clean news (13 per 1,000 words in the clean news fixtures, 18 in the
#: devset's clean pages, where one story says "employees" 30 times) and 1 in 20 in synonym-spun news
#: (53 per 1,000 in the devset's spun articles) ...
SIGNATURE_CLEAN_RATE = 0.015
SIGNATURE_SPUN_RATE = 0.05
#: ... and the weight of their log-likelihood ratio in a region's log-odds of being spun, which counts only
#: where the region's improbable words already say "spun" (log-likelihood ratio above 0): two
#: independent signs. Chosen on the devset (session 9; synonym-spinner recall / precision, every
#: article restored as one document): without them 0.130 / 0.932. Counted on their own, weight 0.25 gave
#: 0.141 / 0.934 and 0.5-1.0 0.145 / 0.925, but a machine-translated article lost its own "in an
#: announcement" to the weak row "in a statement" (the signature words alone opened the weak-row cap,
#: ``score.cap_weak_row``), and at 0.35 a clean news fixture's "the assault" became "the attack" (a 0.3
#: row at 0.5006). Corroborated, every weight from 0.25 to 0.75 gives 0.138 / 0.936 (1.0: 0.140 /
#: 0.937), and no clean set changes at 0.25 or 1.0 (devset clean pages, frozen fixtures, both held-out
#: sets, the Lee corpus, the untouched paragraphs of mixed documents): the middle of that plateau, the
#: improbable words' own weight (REGION_LM_WEIGHT). Rates of 0.02 / 0.05, 0.015 / 0.04 or 0.06, share
#: 0.8 or support 4 for the signature words gave 0.139-0.141 recall uncorroborated. Asking less of the
#: improbable words (a ratio above -0.5 or -1 rather than 0) gave 0.142 / 0.938 with the clean sets
#: still unchanged, and above -2 brought the machine-translated article's false edit back: 0 keeps the
#: two signs independent, and a margin.
SIGNATURE_WEIGHT = 0.5
#: Regions shorter than this (in words) do not count signature words: in a sentence or two, two of them
#: say more about the topic than about a spinner. In the docstring corpus
#: (``benchmarks.clean_docstrings``) a 14-word paragraph with "instances" and "info" lost its
#: "outcomes" to "results" without it; on the devset every minimum from 0 to 60 words gives the same
#: figures (80: recall 0.135).
SIGNATURE_MIN_WORDS = 40


def signature_log_likelihood_ratio(kinds: int, words: int) -> float:
    """log P(kinds | spun) − log P(kinds | clean) for ``kinds`` distinct signature words among ``words``
    words (natural log, binomial with the rates above)."""
    if words <= 0:
        return 0.0
    k = min(kinds, words)
    return (k * math.log(SIGNATURE_SPUN_RATE / SIGNATURE_CLEAN_RATE)
            + (words - k) * math.log((1 - SIGNATURE_SPUN_RATE) / (1 - SIGNATURE_CLEAN_RATE)))


#: How common a word hyphenated across a line end must be to be read whole (``Restorer._known_word``):
#: "learning" (Zipf 4.9), "counterfeit" (3.4) and "nonlinear" (3.3) are; the compounds a writer hyphenates
#: anyway are not ("longterm" 2.75, "realtime" 2.85, "wellknown" 1.6, "selfesteem" 1.9), nor rarer
#: technical words ("preprocessing" 2.1, "datasets" 2.8), which stay as the text splits them.
HYPHEN_JOIN_ZIPF = 3.0

#: The gate of the region evidence: a candidate whose first pass reaches SEED marks its sentence and the
#: SEED_REACH sentences on each side as worth the model's reading (the windows of every candidate that
#: has a seed in its own window are then read whole). Chosen on the devset and the clean sets: at 0.3 and
#: 0.4 every devset figure is what reading the whole text gave (recall 0.1206, precision 0.927); at 0.5
#: recall drops to 0.118. At 0.4 the clean news fixtures restore 3.8x faster (0.30 -> 1.15 MB/s), clean
#: science 2.4x, and one heldout-2 science word less is changed; reach 2 instead of 4 gains another 10 %.
SEED = 0.4
SEED_REACH = 2 * REGION_SENTENCES
#: In news-like text without a seed of the table or the rules, the learned-swap pass runs only where at
#: least VOCABULARY_SEED_WORDS distinct signature words make up VOCABULARY_SEED_RATE of the words (between
#: SIGNATURE_CLEAN_RATE and SIGNATURE_SPUN_RATE); anywhere else, learned word swaps alone open the model's
#: reading (``_Regions.gated``) only at that density too. Before this gate (session 12) a learned swap
#: could seed the reading of its own region anywhere: in the clean news and science of the benchmark
#: corpus none of that restored a word, and it was a third of the time (clean news 1.86 -> 2.78 MB/s,
#: clean science 1.45 -> 2.27 MB/s, one process, CPU time). The restore outputs of 313 evaluation
#: documents (devset articles and clean pages, fixtures, both held-out sets, table-spun news, tortured
#: science) are unchanged; the findings lose 13 reported phrases, all in clean documents; unseen PPS
#: keeps its exact restorations with 6 wrong ones fewer (823 -> 817). It replaces session 11's
#: SEED_CONTEXT (learned word swaps alone in technical prose opened the reading only from 0.7), which
#: had a third of that gain. Without the vocabulary clause it lost a short paragraph that a spinner
#: rewrote without touching a row (tests/test_later_pass_findings.py: 4 distinct signature words in 31
#: words). No clean news document of the benchmark corpus reaches the rate; 10 of the devset's 17
#: synonym-spun articles do, and 2 of its 30 clean pages.
VOCABULARY_SEED_WORDS = 3
VOCABULARY_SEED_RATE = 0.03


def yield_to_rows(results: list[Decision], threshold: float) -> list[Decision]:
    """``results`` without the grammar tells that overlap a table row restoring its span: the row knows
    the phrase the spinner wrote. "a number of of its meetings" holds the row "a number of" -> "several"
    and the doubled preposition; when the doubled "of" went first, the row no longer fitted its context
    on the next pass ("a number of its meetings") and the writer's "several" stayed lost. A row that does
    not restore ("lots of of" outside a spun document) leaves the tell to mend the grammar."""
    if not any(d.cand.rule == "rule:grammar" for d in results):
        return results
    rows = SpanSet((d.cand.start, d.cand.end) for d in results
                   if d.cand.rule.startswith("table:") and restores(d, threshold))
    return [d for d in results if d.cand.rule != "rule:grammar" or not rows.overlaps(d.cand.start, d.cand.end)]


class _PhraseIndex:
    """Occurrences of ``and=`` / ``not=`` phrases in one document, found once per phrase (``str.find``
    at memory speed) however many candidates ask, so conditions never make a document quadratic."""

    __slots__ = ("_found", "norm")

    def __init__(self, norm: str) -> None:
        self.norm = norm
        self._found: dict[str, list[tuple[int, int]]] = {}

    def _spans(self, phrase: str) -> list[tuple[int, int]]:
        spans = self._found.get(phrase)
        if spans is None:
            spans = []
            norm, size = self.norm, len(phrase)
            i = norm.find(phrase)
            while i >= 0:
                if is_word_start(norm, i) and is_word_end(norm, i + size):
                    spans.append((i, i + size))
                i = norm.find(phrase, i + 1)
            self._found[phrase] = spans
        return spans

    def occurs(self, phrase: str, exclude: tuple[int, int] | None = None) -> bool:
        """Whether ``phrase`` occurs as whole words, outside ``exclude`` if given."""
        spans = self._spans(phrase)
        if exclude is None:
            return bool(spans)
        return any(not (s < exclude[1] and exclude[0] < e) for s, e in spans)


#: Where the document score's sequential reading of the spin evidence stops: below, the evidence adds
#: at most sigmoid(-4 - SPIN_LLR_OFFSET) < 0.001 to the score; above, it gives more than 0.99 of its
#: weight (SPIN_EVIDENCE_WEIGHT).
SCORE_STOP_BELOW = -4.0
SCORE_STOP_ABOVE = 8.0

#: The spin evidence's log-likelihood ratio at which it gives half its weight. Clean sets (devset clean
#: pages, the clean fixtures, both held-out sets; 282 texts) stay at or below 1.2; synonym-spun devset
#: articles have a median of 3.0.
SPIN_LLR_OFFSET = 3.0
#: The most the spin evidence alone adds to a document's score: below the default ``spun_at`` (0.7),
#: so that it alone makes a text ``suspicious`` at most and ``spun`` takes restorable findings too. The
#: broadcast-news trigram model reads prose of other registers as it reads spun news: 33 of 99 clean
#: English Wikipedia articles (``benchmarks/clean_wikipedia.py``) reached LLRs of 6-15 with no
#: finding, or with at most 0.7 restorations per 1,000 words, and were called ``spun`` at full weight,
#: while the synonym-spun devset articles called ``spun`` all have 17-109 restorations per 1,000.
SPIN_EVIDENCE_WEIGHT = 0.5


def drop_extended(results: list[Decision], threshold: float) -> list[Decision]:
    """``results`` without the restorations that a longer restorable one extends.

    The longest-match rule: where a row restores part of a phrase and the generaliser restores the whole
    ("supply route" -> "artery" inside "supply route illness" -> "artery disease"), the whole wins even
    though the row alone is surer, because the longer restoration *contains* the row's (its original has
    the row's original among its words) and adds to it. Without this rule the surer part is chosen and
    the phrase comes out half restored. A longer candidate that says something else about the same
    words does not extend it; those still compete by score. Nor does a match the table's matcher had
    hidden behind another (``Candidate.hidden``): it starts inside that other match, which usually wins
    the span ("the corporate stated" over "stated in an announcement"), and "in an announcement" ->
    "in a statement" after it must then still be restored.
    """
    restorable = sorted((d for d in results if restores(d, threshold)), key=lambda d: d.cand.start)
    if len(restorable) < 2:
        return results
    starts = [d.cand.start for d in restorable]
    dropped: set[int] = set()
    for longer in restorable:
        a = longer.cand
        if a.hidden:
            continue
        whole = f" {a.originals[0]} "
        for k in range(bisect.bisect_left(starts, a.start), bisect.bisect_left(starts, a.end)):
            b = restorable[k].cand
            if (b.end <= a.end and b.end - b.start < a.end - a.start
                    and f" {b.originals[0]} " in whole):
                dropped.add(id(restorable[k]))
    return [d for d in results if id(d) not in dropped] if dropped else results


#: Line breaks, for :func:`_passages` with ``lines``: CRLF, LF or a lone CR, as ``str.splitlines`` reads
#: text files (without the Unicode separators, which prose uses inside a line).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _passages(text: str, lines: bool) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each paragraph of ``text`` (blank-line separated, :func:`paragraph_starts`),
    or of each line with ``lines``, without the whitespace around it; blank ones left out."""
    bounds = [0, *(m.end() for m in _LINE_BREAK.finditer(text))] if lines else paragraph_starts(text)
    out = []
    for k, start in enumerate(bounds):
        a, b = start, bounds[k + 1] if k + 1 < len(bounds) else len(text)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def document_score(findings: Sequence[Finding], words: int, config: Config, spin_llr: float | None = None) -> SpinScore:
    """Document spin score: restorable evidence per length, squashed into [0, 1], combined with the
    trigram model's spin evidence when there is one.

    ``E`` is the sum of the scores of restorable findings; the table score is
    ``1 - exp(-E / (1 + words/250))``, so a few findings in a long clean text stay low while a dense
    cluster of swaps drives it to 1. Restored tortured phrases (``kind="tortured"``: the science table's
    rows, the generaliser's phrases) count in full whatever the length: a paper with one is what a
    research-integrity screen is after (the Problematic Paper Screener flags a paper for one listed
    phrase), and clean prose rarely gets one (none in the 66 clean science papers of the fixtures and the
    first held-out set, 3 of 99 Wikipedia articles). With the length allowance a 550-word paper holding
    one listed tortured phrase scored 0.25, ``clean``; now 0.6, ``suspicious``. On those papers with 1 / 3
    held-out tortured phrases put in (``python -m benchmarks.evaluate --part screen``) the share flagged
    went from 0.3 / 8 % to 13 / 39 % (17 / 47 % have a finding at all); Wikipedia articles judged
    ``suspicious`` 14 -> 17; the devset, the Lee corpus and the other clean sets as before.

    The spin evidence (:mod:`spinfix.evidence`: how many words a
    thesaurus neighbour fits much better) gives ``p = SPIN_EVIDENCE_WEIGHT * sigmoid(LLR -
    SPIN_LLR_OFFSET)``; the two are independent signs, combined as ``1 - (1 - table)(1 - p)``, so an
    article whose swaps no table lists is still flagged (``suspicious``), and one with findings as well
    is called ``spun`` sooner. The verdict thresholds are ``Config.suspicious_at`` and ``Config.spun_at``.
    """

    restorable = [f for f in findings if f.action == "restore"]
    # A restored tortured phrase is what a paper screen looks for: no length allowance (see above).
    tortured = sum(f.score for f in restorable if f.kind == "tortured")
    other = sum(f.score for f in restorable if f.kind != "tortured")
    score = 1.0 - math.exp(-(other / (1.0 + words / 250.0) + tortured))
    if spin_llr is not None:
        score = 1.0 - (1.0 - score) * (1.0 - SPIN_EVIDENCE_WEIGHT * sigmoid(spin_llr - SPIN_LLR_OFFSET))
    verdict: Verdict = "spun" if score >= config.spun_at else "suspicious" if score >= config.suspicious_at else "clean"
    per_1000 = 1000.0 * len(restorable) / words if words else 0.0
    return SpinScore(round(score, 4), verdict, len(restorable), words, round(per_1000, 3))


def score_bin(score: float, bins: int) -> int:
    """Which of ``bins`` equal bins over [0, 1] a document score falls in; 1.0 is in the last.

    Counted in ten-thousandths, the unit :func:`document_score` rounds to, so no float product moves a score
    across a bin edge (``0.3 * 10 == 3.0000000000000004``, ``0.57 * 100 == 56.99999999999999``) and a
    histogram in 100 bins adds up exactly into one in 10: the corpus scanner counts in the first, the report
    draws the second, and both must agree with a document's own score.
    """
    if 10_000 % bins:
        raise ValueError(f"bins must divide 10,000, got {bins}")
    return min(bins - 1, max(0, round(score * 10_000) // (10_000 // bins)))


def make_edits(text: str, findings: Sequence[Finding]) -> list[Edit]:
    """Edits for the restorable findings, with the article before a word fixed when its sound changes."""
    edits: list[Edit] = []
    last_end = 0
    for f in findings:
        if f.action != "restore":
            continue
        start, new = f.start, f.restored
        gap = start  # where the whitespace before the span begins (usually one step back)
        while gap > 0 and start - gap <= ARTICLE_GAP_CHARS:
            if text[gap - 1] in _SPACE_CHARS:
                gap -= 1
            elif text[gap - 1] == ";" and text.endswith(_SPACE_REFERENCES, max(0, gap - 6), gap):
                gap = text.rindex("&", 0, gap)
            else:
                break
        m = _ARTICLE_BEFORE.search(text, max(0, gap - 2), start) if 0 < start - gap <= ARTICLE_GAP_CHARS else None
        if m is not None and m.start() >= last_end and new[:1].isalpha() and not is_paragraph_break(m.group(2)):
            article = m.group(1)
            wants_an = starts_with_vowel_sound(new.split()[0])
            spun_wants_an = starts_with_vowel_sound(f.spun.split()[0].lower())
            if wants_an != (article.lower() == "an") and spun_wants_an != wants_an:
                fixed = "an" if wants_an else "a"
                if article.isupper() and len(article) > 1:
                    fixed = fixed.upper()
                elif article[:1].isupper():
                    fixed = fixed.capitalize()
                new = fixed + m.group(2) + new
                start = m.start()
        edits.append(Edit(start, f.end, text[start:f.end], new))
        last_end = f.end
    return edits


#: Passes of restore over its own output before it stops and settles (see ``Restorer._passes``). The
#: longest chain of restorations a table may hold is MAX_CHAIN (the loader refuses longer ones, see
#: ``table.MAX_CHAIN``), but rows also chain through neighbouring words ("professional system gaining
#: knowledge of disclosure" takes four passes), so the cap leaves room for that before undoing anything.
MAX_PASSES = MAX_CHAIN + 2

#: How near (in characters) to a still-changing span an edit is blamed for it when settling: the context
#: model reads one word either side within ``text.NEIGHBOUR_WINDOW_CHARS`` (40) characters
#: (``text.word_before``/``word_after``).
SETTLE_NEAR_CHARS = 40


def placed_spans(edits: Sequence[Edit]) -> list[tuple[int, int]]:
    """Where each of ``edits`` (sorted, on one text) stands in the text they produce: the span of its
    ``new`` wording."""
    spans: list[tuple[int, int]] = []
    shift = 0
    for e in edits:
        start = e.start + shift
        spans.append((start, start + len(e.new)))
        shift += len(e.new) - (e.end - e.start)
    return spans


def _near_edits(edits: Sequence[Edit], more: Sequence[Edit]) -> set[int]:
    """Indices of ``edits`` (on the input) whose replacement lies within SETTLE_NEAR_CHARS of one of
    ``more`` (edits on the text ``edits`` produce)."""
    spans = placed_spans(edits)
    ends = [t for _, t in spans]
    out: set[int] = set()
    for m in more:
        i = bisect.bisect_left(ends, m.start - SETTLE_NEAR_CHARS)
        while i < len(spans) and spans[i][0] <= m.end + SETTLE_NEAR_CHARS:
            out.add(i)
            i += 1
    return out


def _explain_later_edits(findings: Sequence[Finding], edits: Sequence[Edit], later: Sequence[Finding]) -> list[Finding]:
    """``findings`` (the first pass's) with a finding for each kept edit that none of them restores (in
    place of the reports it overlaps).

    Such an edit was made by a later pass, once the edits before it had changed its context (a restored
    neighbour that makes the spun word improbable, a phrase another row lists): without this it would reach
    the text with no explanation (10 of 5,090 edits on 1 MB of real spun news). The later pass's own
    finding, found by its wording (its spun and restored text lie inside the edit's), lends the score,
    rule and evidence; the offsets and wording are the edit's, on the input.
    """
    out = list(findings)
    # The restoring findings do not overlap and are in text order, so the one that may cover an edit is
    # the last that starts before the edit ends (a bisection: a spun megabyte has thousands of edits).
    covered = [(f.start, f.end) for f in findings if f.action == "restore"]
    starts = [s for s, _ in covered]
    added = False
    for e in edits:
        k = bisect.bisect_left(starts, e.end) - 1
        if e.start == e.end or (k >= 0 and covered[k][1] > e.start):
            continue
        old, new = e.old.lower(), e.new.lower()
        source = max((f for f in later if f.spun.lower() in old and f.restored.lower() in new),
                     key=lambda f: (len(f.spun), f.score), default=None)
        note = Evidence("later pass", 0.0, "restored by a later pass, after the edits before it changed its context")
        out = [f for f in out if not (f.start < e.end and e.start < f.end)]  # a first-pass report of it
        if source is None:
            out.append(Finding(start=e.start, end=e.end, spun=e.old, restored=e.new, alternatives=(), score=0.5,
                               rule="restore:later-pass", reason=note.detail, action="restore", evidence=(note,)))
        else:
            # The language-model rescorer runs after the restoration by design: its own evidence says so.
            evidence = source.evidence if source.rule == LM_RULE else (*source.evidence, note)
            out.append(dataclasses.replace(source, start=e.start, end=e.end, spun=e.old, restored=e.new,
                                           alternatives=(), action="restore", evidence=evidence))
        added = True
    if added:
        out.sort(key=lambda f: f.start)
    return out


def _report_unsettled(findings: Sequence[Finding], reverted: Sequence[Edit], passes: int) -> list[Finding]:
    """``findings`` with those under a reverted edit turned into reports that say why; a reverted edit with
    no finding under it (a later pass's) becomes a report of its own."""
    out = list(findings)
    starts = [f.start for f in findings]
    for e in reverted:
        why = Evidence("unsettled", 0.0, f"restoring did not settle after {passes} passes: the text around "
                                         f"{e.old!r} -> {e.new!r} kept changing, so it is left as written")
        i = max(0, bisect.bisect_right(starts, e.start) - 1)
        hit = False
        while i < len(out) and out[i].start <= e.end:
            f = out[i]
            if f.start < e.end and e.start < f.end:
                hit = True
                if f.action == "restore":
                    out[i] = dataclasses.replace(f, action="report", evidence=(*f.evidence, why))
            i += 1
        if not hit and e.start < e.end:
            out.append(Finding(start=e.start, end=e.end, spun=e.old, restored=e.new, alternatives=(), score=0.0,
                               rule="restore:unsettled", reason=why.detail, action="report", evidence=(why,)))
            starts = sorted([*starts, e.start])
            out.sort(key=lambda f: f.start)
    return out


def compose_edits(text: str, first: Sequence[Edit], second: Sequence[Edit], result: str) -> list[Edit]:
    """Edits on ``text`` equivalent to applying ``first`` (on ``text``) and then ``second`` (on its
    output), where ``result`` is the final text.

    Spans are merged where they overlap or touch in the intermediate text; each merged span becomes one
    edit from the input's characters to the result's. A pair that cancels out (a swap undone by the
    second pass) disappears.
    """
    # Where each first-pass replacement sits in the intermediate text.
    placed: list[tuple[int, int, Edit | None]] = [(a, b, e) for (a, b), e in zip(placed_spans(first), first)]
    placed += [(e.start, e.end, None) for e in second]
    placed.sort(key=lambda p: (p[0], p[1]))
    groups: list[list[tuple[int, int, Edit | None]]] = []
    for item in placed:
        if groups and item[0] <= max(end for _, end, _ in groups[-1]):
            groups[-1].append(item)
        else:
            groups.append([item])

    # Lookup tables so that mapping a position costs a bisection, not a walk over every edit.
    firsts = [(s, t, e) for s, t, e in placed if e is not None]
    first_ends = [t for _, t, _ in firsts]
    first_cum = list(itertools.accumulate((len(e.new) - (e.end - e.start) for _, _, e in firsts), initial=0))
    starts_at = {s: e.start for s, _, e in firsts}
    ends_at = {t: e.end for _, t, e in firsts}
    second_ends = [e.end for e in second]
    second_cum = list(itertools.accumulate((len(e.new) - (e.end - e.start) for e in second), initial=0))

    def to_input(pos: int, at_end: bool) -> int:
        # The edge of a first-pass replacement maps to the edge of the span it replaced; any other
        # position maps back by the shifts of the replacements before it.
        if at_end and pos in ends_at:
            return ends_at[pos]
        if not at_end and pos in starts_at:
            return starts_at[pos]
        return pos - first_cum[bisect.bisect_right(first_ends, pos)]

    def to_result(pos: int) -> int:
        return pos + second_cum[bisect.bisect_right(second_ends, pos)]

    out: list[Edit] = []
    for group in groups:
        g_start = min(s for s, _, _ in group)
        g_end = max(t for _, t, _ in group)
        start, end = to_input(g_start, False), to_input(g_end, True)
        new = result[to_result(g_start):to_result(g_end)]
        if text[start:end] != new:
            out.append(Edit(start, end, text[start:end], new))
    return out


def _analysis_of(analysis: Analysis, text: str) -> bool:
    """Whether ``analysis`` can be ``text``'s: its edits apply to ``text`` and give its restored text."""
    try:
        return apply_edits(text, analysis.edits) == analysis.text
    except EditError:
        return False


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply edits (sorted, non-overlapping, each ``old`` equal to the text it replaces)."""
    text = check_text(text)
    out: list[str] = []
    pos = 0
    for e in edits:
        if not isinstance(e, Edit):
            raise TypeError(f"apply_edits takes Edit records, got {type(e).__name__}")
        if not (0 <= e.start <= e.end <= len(text)):
            raise EditError(f"edit {e.start}:{e.end} is outside the text (length {len(text)})")
        if e.start < pos:
            raise EditError(f"edit {e.start}:{e.end} overlaps or precedes the previous edit (ends at {pos})")
        if text[e.start:e.end] != e.old:
            raise EditError(f"edit {e.start}:{e.end} expects {e.old!r} but the text has {text[e.start:e.end]!r}")
        out.append(text[pos:e.start])
        out.append(e.new)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)
