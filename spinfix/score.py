"""The scoring core: turn a candidate and its evidence into the probability that it is a swap.

The model is a noisy channel read in log-odds. For a span ``s`` that may be the spinner's rewrite of an
original ``o``::

    log-odds(spun) = logit(prior)                 P(a spinner wrote s for o) vs "nothing was swapped",
                   + context(o vs s)              how much better o fits its neighbours (n-gram counts),
                   + document                     how much other evidence says the text is spun,
                   + tells                        a/an agreement, inside quotations, and= / not= terms,

and ``score = sigmoid(log-odds)``. Each term is an :class:`~spinfix.records.Evidence` on the finding, so
``detect`` can show why a decision was made. Every term is capped, so no single weak signal can carry an
edit in clean text: a table row of prior 0.15 ("stated") needs about +1.8 from context or document to be
restored at the 0.5 threshold.

Scoring never changes a candidate: :meth:`Scorer.base` returns a :class:`Scored` (the first-pass terms
and their evidence), :meth:`Scored.with_tells` adds the tells the engine found, and :meth:`Scorer.final`
returns a :class:`Decision` (the probability and every evidence record). The gates that keep weak
evidence out of clean text (:func:`needs_spun_document`, :func:`context_swap_holds`) and the one reading
per phrase of a spun document (:func:`consistent`) are here too.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from .candidates import Candidate, SpanSet
from .lexicon import Lexicon
from .matcher import PhraseMatcher
from .ngram import ContextModel
from .normalize import starts_with_vowel_sound
from .records import Evidence
from .text import SPACES_AND_BRACKETS, name_like, word_after, words_after, words_before

#: Caps and weights of the evidence terms, in log-odds. Set on the evaluation sets of
#: ``benchmarks/evaluate.py`` (spun news, unseen PPS phrases) and the frozen clean fixtures.
CONTEXT_CAP = 3.0
#: Bigram evidence is discounted: two-word windows confuse parts of speech ("increase in" vs
#: "improve in") and the counts are from 2006 web text, not news or science.
CONTEXT_WEIGHT = 0.75
DOC_CAP = 3.5
#: Weight of the trigram model's association difference (natural log-odds per unit). Chosen on the real
#: devset (benchmarks/devset.py) among 0.3 / 0.5 / 0.75 / 1.0: 0.5 gave the best recall at the lowest
#: clean and mixed-document damage; 0.75 and above restored clean "nearby" -> "local" in the fixtures.
LM_WEIGHT = 0.5
ARTICLE_TELL = 2.0
AND_TERM = 2.0
QUOTED = -2.5
#: Expected number of strong (≥ 0.8) findings per word in clean text; ~1 per 2,000 words was the rate on
#: the clean fixtures before tuning.
CLEAN_STRONG_RATE = 0.0005
STRONG = 0.8
#: Share of the occurrences of a word that a spinner replaces when it knows a swap for it. Article
#: spinners replace most words they have an entry for (0.9; in the devset's synonym-spun articles most
#: content words that a table row covers are swapped).
SPIN_RATE = 0.9
#: The same for a bare thesaurus synonym, which the spinner may or may not have in its list.
THESAURUS_SPIN_RATE = 0.1
#: Ceiling of a bare thesaurus synonym's spun-document probability: below the 0.5 threshold, so the
#: swap is made only when the context prefers the original too.
THESAURUS_SPUN_DOC_MAX = 0.4
#: In a spun document an unnatural multi-word collocation is almost always the spinner's.
PHRASE_SPUN_DOC = 0.9


#: A bare learned word swap (general:context) is considered only in a region with at least this log-odds
#: of being spun (see DocumentEvidence) and with trigram context evidence of at least CONTEXT_SWAP_MIN:
#: an association advantage of 1.0 log10 for the original at the scorer's LM_WEIGHT. On the devset, the
#: document term alone carried 18 wrong swaps of 34 ("occasion" -> "party"); with this bar 8 of 9 were right.
CONTEXT_SWAP_REGION = 2.0
#: A table row below this prior ("stated" 0.15, "outcomes" 0.15, "informed reporters" 0.45) is not
#: restored on context evidence alone: its region must show some sign of spinning (positive region
#: log-odds); otherwise it is reported only. Measured on the devset at 0.2 / 0.3 / 0.5: recall and
#: precision unchanged, the one clean-page edit gone from 0.3, held-out clean news restorations 6 -> 4.
WEAK_ROW_PRIOR = 0.5
CONTEXT_SWAP_MIN = LM_WEIGHT * math.log(10) * 1.0

#: Entries of Scorer.prior_terms's memo before it is emptied (a few hundred bytes each).
PRIOR_MEMO_SIZE = 50_000
#: Entries of Scorer.model_log_odds's memo of word-frequency terms before it is emptied (~200 bytes each).
FREQUENCY_MEMO_SIZE = 50_000

#: Below this prior a ``kind=function`` row without ``left=``/``right=`` acts only in spun documents.
WEAK_FUNCTION_PRIOR = 0.5



def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


# Why DocumentEvidence, Scored, Decision and _Deferred are slotted dataclasses but not frozen: they are
# built tens of thousands of times per MB of text (about three Scored per candidate, one DocumentEvidence
# per region asked), and a frozen dataclass's generated ``__init__`` sets each field through
# ``object.__setattr__``, which made construction 4x slower (0.86 against 0.20 µs for five fields,
# Python 3.11). Nothing assigns to their fields after construction: treat them as immutable values.
@dataclass(slots=True)  # not frozen, for speed (see above DocumentEvidence)
class DocumentEvidence:
    """What the first pass learned about the document, or about the region around one candidate.

    ``strong`` confident findings in ``words`` words; ``extra`` is further log-odds that the text there
    is spun (the trigram model's spin evidence of the region, see ``spinfix.evidence``, and the density
    of words spinners write for others, ``signature`` of them).
    """

    strong: int
    words: int
    extra: float = 0.0
    #: Distinct signature words in the region (``Generalizer.signature_words``), for the explanation:
    #: their log-likelihood ratio is part of ``extra``.
    signature: int = 0
    #: log_odds(False) once worked out: the document's and the largest evidence are asked it for every
    #: candidate (on 1 MB of clean news 12,090 calls, most on the same two objects).
    _not_own: float | None = field(default=None, init=False, repr=False, compare=False)

    def log_odds(self, own_strong: bool) -> float:
        """Evidence for a candidate from the *other* strong findings of the document (or region)."""
        if not own_strong and self._not_own is not None:
            return self._not_own
        k = max(0, self.strong - (1 if own_strong else 0))
        expected = CLEAN_STRONG_RATE * self.words
        value = max(0.0, min(DOC_CAP, 1.5 * math.log((k + 0.5) / (expected + 0.5)) + self.extra))
        if not own_strong:
            self._not_own = value
        return value

    @property
    def spun(self) -> bool:
        """Whether the document is spun on its own evidence (used by ``spun-doc`` rows)."""
        return self.log_odds(False) >= 2.0


@dataclass(slots=True)  # not frozen, for speed (see above DocumentEvidence)
class Scored:
    """A candidate after the first pass: ``base`` log-odds (prior, vouch, context), the ``tells``
    log-odds (and= terms, a/an agreement, quotation marks), ``p_doc`` (P(spun | this form, the document
    is spun), see :meth:`Scorer.spun_doc_probability`) and the evidence records of those terms, in order."""

    cand: Candidate
    base: float
    p_doc: float
    evidence: tuple[Evidence, ...]
    tells: float = 0.0

    def with_tells(self, tells: float, evidence: Sequence[Evidence]) -> Scored:
        """This score with the tells' log-odds and evidence added."""
        if not evidence and tells == self.tells:
            # Most candidates have no tell: the same score, not a copy of it (a Scored is never changed
            # once made; on spun news a third of the 100,000 made per MB were such copies).
            return self
        # Built directly rather than with dataclasses.replace, which costs several times more (hot path).
        return Scored(self.cand, self.base, self.p_doc, (*self.evidence, *evidence) if evidence else self.evidence,
                      tells)

    def with_context(self, ctx: float, detail: str) -> Scored:
        """This score with a context term of ``ctx`` log-odds added (before any tells)."""
        record = Evidence("context", round(ctx, 3), detail)
        return Scored(self.cand, self.base + ctx, self.p_doc, (*self.evidence, record), self.tells)

    @property
    def first_pass(self) -> float:
        """The probability before document evidence: base and tells."""
        return sigmoid(self.base + self.tells)


@dataclass(slots=True)  # not frozen, for speed (see above DocumentEvidence)
class Decision:
    """A candidate's final probability ``p`` and every evidence record behind it."""

    cand: Candidate
    p: float
    evidence: tuple[Evidence, ...]


def needs_spun_document(cand: Candidate) -> bool:
    """Whether the candidate may act only in a document shown to be spun: a ``spun-doc`` row, or a
    low-confidence function-word row with no positional condition ("together with" -> "including",
    "corresponding to" -> "such as"), which is ordinary in clean prose and whose bigram context cannot
    tell one connective from another."""
    return cand.conditions.spun_doc or (
        cand.kind == "function" and cand.prior < WEAK_FUNCTION_PRIOR
        and not (cand.conditions.left or cand.conditions.right))


def counted_strong(strong: Sequence[Candidate]) -> list[Candidate]:
    """Of a document's strong findings, those that count as evidence that it is spun: all of them, unless
    every one ``needs_spun_document``. Such a row's form is also ordinary English ("gross sales", "the
    greenback"), so on its own it shows nothing: a clean sentence with two of them, or ten clean sentences
    run together with one each, read as spun and changed (session 10). Beside a finding that ordinary
    prose does not produce, they count in full, as spun documents need (not counting them at all cost
    the devset 0.03 recall)."""
    return list(strong) if any(not needs_spun_document(c) for c in strong) else []


def plain_strong_starts(strong: Sequence[Candidate]) -> list[int]:
    """Where the strong findings start whose form ordinary prose does not produce (not
    ``needs_spun_document``), sorted: the evidence :func:`may_act` looks for in a sentence."""
    return sorted(c.start for c in strong if not needs_spun_document(c))


def may_act(cand: Candidate, norm: str, spun: bool, plain: Sequence[int]) -> bool:
    """Whether a candidate may be decided at all: any candidate in a spun document (``DocumentEvidence.spun``);
    elsewhere one that ``needs_spun_document`` only in a sentence of ``norm`` that also holds a strong finding
    whose form ordinary prose does not produce (``plain``, from :func:`plain_strong_starts`).

    Why the sentence: "It is an necessary problem for voters, the prime minister stated" is spinner output
    throughout, but one finding does not make an eleven-word text a spun document, so "stated" (an
    ordinary word, spun-doc since session 10) stayed. Letting any strong finding of the document open
    every such row instead restored ordinary wording beside spun paragraphs (mixed-document damage 0.04 ->
    0.08 / 0.12, second held-out news 0.37 -> 0.60); within the sentence it changed no clean set and raised
    devset recall 0.1436 -> 0.1448 at precision 0.9346 -> 0.9351."""
    if spun or not needs_spun_document(cand):
        return True
    if not plain:
        return False
    # Bounded either side, so that a long text without sentence ends costs each candidate a constant.
    floor = max(0, cand.start - MAX_SENTENCE_CHARS)
    start = max(floor - 1, *(norm.rfind(mark, floor, cand.start) for mark in _SENTENCE_MARKS)) + 1
    ceiling = min(len(norm), cand.end + MAX_SENTENCE_CHARS)
    ends = [i for i in (norm.find(mark, cand.end, ceiling) for mark in _SENTENCE_MARKS) if i >= 0]
    end = min(ends) if ends else ceiling
    k = bisect.bisect_left(plain, start)
    return k < len(plain) and plain[k] < end


#: What ends a sentence for :func:`may_act` (a line break ends a title or a list item) ...
_SENTENCE_MARKS = (".", "!", "?", "\n")
#: ... and how far it may reach on each side of a candidate (a longer run is no sentence).
MAX_SENTENCE_CHARS = 1000


def context_swap_holds(scored: Scored, around: DocumentEvidence) -> bool:
    """A bare learned word swap (``general:context``) counts only in a spun region (for a rarer word, one
    that also holds a strong finding: ``Candidate.strong_region``), where the trigram context says so, and
    outside quotation marks; any other candidate passes."""
    if scored.cand.rule != "general:context":
        return True
    return (region_may_hold(scored.cand, around) and term(scored.evidence, "context") >= CONTEXT_SWAP_MIN
            and not any(e.name == "quoted" for e in scored.evidence))


def region_may_hold(cand: Candidate, around: DocumentEvidence) -> bool:
    """The region half of :func:`context_swap_holds`, which needs no score: when it fails, the candidate's
    context term need not be computed (on clean text most learned swaps stand in a region the model
    never read)."""
    return cand.rule != "general:context" or not (
        around.log_odds(False) < CONTEXT_SWAP_REGION or (cand.strong_region and around.strong < 1))


#: A listed row restores from ``threshold - SPUN_REGION_MARGIN`` where its region's evidence term (the
#: ``document`` log-odds :meth:`Scorer.final` adds) is at least SPUN_REGION_TERM: see :func:`restores`.
SPUN_REGION_MARGIN = 0.25
SPUN_REGION_TERM = 1.0


def term(evidence: Iterable[Evidence], name: str) -> float:
    """The log-odds a decision's evidence records under ``name`` add up to (0 when there is none)."""
    return sum(e.log_odds for e in evidence if e.name == name)


def restores(d: Decision, threshold: float) -> bool:
    """Whether a decision is restored: at ``threshold``, or, for a table row whose region clearly reads as
    spinner output and whose original fits its context at least as well as the spun form, from
    ``threshold - SPUN_REGION_MARGIN``.

    Why: on real spun news many listed swaps end between 0.25 and 0.5 ("income" -> "revenue", "stated"
    -> "said" with a document term of +1.8 to +2.1): the row knows the spinner writes this form and the
    passage around it is spinner output, but a common word's prior is so low that even a strong region
    does not carry it to 0.5. Measured on the devset (session 8, `python -m benchmarks.devset`, every
    article restored as one document), synonym-spinner recall / precision: without the rule 0.1217 /
    0.928. Margin 0.2 and region term >= 0.5 / 1.0 / 1.5 / 2.0, context not asked: 0.135 / 0.923,
    0.134 / 0.926, 0.131 / 0.929, 0.126 / 0.926; margin 0.25 at 1.0: 0.141 / 0.915, but "chief
    authorities spokesman" in the real example then lost its row's restoration to "chief" -> "leader"
    (context -0.16). With the context not against the row: margin 0.2 at 1.0: 0.129 / 0.932; **margin
    0.25 (down to the report threshold) at 1.0: 0.130 / 0.932**, every added edit right; at 0.5:
    0.132 / 0.929, the added edits right three times in four. No setting changed a word on the devset's
    clean pages, the frozen fixtures, either held-out clean set or the Lee corpus, or in the untouched
    paragraphs of mixed documents. Candidates no table lists are left out: they gained nothing on the
    devset, and in science text their regions are noisier (mixed science documents went from 0.04 to
    0.28 words changed per 1,000 in the untouched paragraphs).
    """
    c = d.cand
    if not c.originals or c.detect_only:
        return False
    if d.p >= threshold:
        return True
    return (c.rule.startswith("table:") and d.p >= threshold - SPUN_REGION_MARGIN
            and term(d.evidence, "document") >= SPUN_REGION_TERM and term(d.evidence, "context") >= 0.0)


def weak_row(c: Candidate) -> bool:
    """A table row whose prior is below WEAK_ROW_PRIOR (numbers excepted): see cap_weak_row."""
    return c.rule.startswith("table:") and c.prior < WEAK_ROW_PRIOR and c.kind != "number"


def cappable(c: Candidate) -> bool:
    """Whether cap_weak_row may lower the candidate (and so its decision depends on its region)."""
    return c.spun_region or weak_row(c)


def cap_weak_row(decision: Decision, around: DocumentEvidence, threshold: float) -> Decision:
    """A weak table row (prior below WEAK_ROW_PRIOR), or a candidate marked ``spun_region``, is restored
    only where its region shows some sign of spinning (positive log-odds); on context alone it is
    reported, just below the threshold."""
    c = decision.cand
    if cappable(c) and decision.p >= threshold and around.log_odds(False) <= 0.0:
        what = ("a weak row" if weak_row(c) else "a swap restored elsewhere in the document"
                if c.rule == "general:document" else "a word whose article fits another"
                if c.rule == "general:article" else "a phrase restored from learned swaps"
                if c.rule.startswith("general:") else "this rule's finding")
        note = Evidence("unspun region", 0.0, f"{what} is restored only where its region shows signs of spinning")
        return Decision(c, math.nextafter(threshold, 0.0), (*decision.evidence, note))
    return decision


def consistent(results: list[Decision], norm: str, spun_at: Callable[[int], bool] | None = None) -> list[Decision]:
    """One reading per phrase in a spun document: occurrences of the same spun form, with the same
    restoration and the same next word ("personal landlords" in a headline and in the body), take the
    best score among them.

    The spinner rewrote every occurrence the same way, but context evidence differs from one occurrence
    to the next ("for private" vs "by private"), so without this a document could come out half restored.
    Only in documents already shown to be spun, and never lower than a score an occurrence had. With
    ``spun_at`` (whether the section holding an offset is spun, ``restore._Sections``) only the
    occurrences in spun sections take part: a clean paper joined to a spun story keeps its own scores.
    """
    groups: dict[tuple[str, str, str], float] = {}
    keys: list[tuple[str, str, str] | None] = []
    for d in results:
        c = d.cand
        if spun_at is not None and not spun_at(c.start):
            keys.append(None)
            continue
        phrase = (norm[c.start:c.end].lower(), c.originals[0] if c.originals else "",
                  word_after(norm, c.end, SPACES_AND_BRACKETS))
        keys.append(phrase)
        groups[phrase] = max(groups.get(phrase, 0.0), d.p)
    out = []
    for d, key in zip(results, keys):
        if key is None:
            out.append(d)
            continue
        best = groups[key]
        evidence = d.evidence
        if best > d.p and key[1] and key[2]:
            evidence = (*evidence, Evidence("consistency", round(logit(best) - logit(d.p), 3),
                                            f"the same phrase scores {best:.2f} elsewhere in this spun document"))
        out.append(Decision(d.cand, best if key[1] and key[2] else d.p, evidence))
    return out


#: A restoration this sure, by a table row or the generaliser (not a rule), teaches the word swaps it makes to
#: the document's other occurrences of the spun words (see :func:`spread_candidates`), where they start at
#: SPREAD_PRIOR and the trigram context and the region decide. Chosen in session 32 on the devset and the
#: benchmark suite's table-spun stories and papers (66 each; words restored right / wrong, 2,856 / 190 and
#: 880.5 / 120.5 without): 0.8 / 0.4 gave devset 0.1868 / 0.9133 (0.1814 / 0.9137 without), news 3,098.5 /
#: 213.5, science 939.5 / 132.5; 0.9 / 0.6 gave the same devset, 3,048.5 / 218.5 and 911.5 / 127.5; 0.95
#: about half the gain; 0.7 and a prior of 0.3 to 0.8 within a few words of 0.8 / 0.4; the devset moved
#: only with the prior at 0.3 (0.1862 / 0.9157). No clean or mixed set changed at any of them. (The grid
#: ran before the regions stopped counting bare word proposals, ``restore._Regions._shows``; with that
#: rule 0.8 / 0.4 gives devset 0.1803 / 0.9132 -> 0.1856 / 0.9128, news 2,853 / 189 -> 3,096.5 / 212.5,
#: science 878.5 / 120.5 -> 935.5 / 132.5.)
SPREAD_MIN = 0.8
SPREAD_PRIOR = 0.4
#: A spun word shorter than this is not taught ("web" -> "online" in one place, "the web" in another).
SPREAD_MIN_LETTERS = 4


def taught_swaps(results: Sequence[Decision], norm: str) -> dict[str, str]:
    """Spun word -> original, from the sure restorations of ``results`` (SPREAD_MIN or more, from a table
    row or the generaliser) whose spun and restored wordings have as many words: paired word by word, a
    spun word of SPREAD_MIN_LETTERS letters or more that they pair with one original only."""
    taught: dict[str, set[str]] = {}
    for d in results:
        c = d.cand
        if d.p < SPREAD_MIN or not c.originals or not c.rule.startswith(("table:", "general:")):
            continue
        spun, orig = norm[c.start:c.end].split(), c.originals[0].split()
        if len(spun) == len(orig):
            for a, b in zip(spun, orig):
                if a != b and len(a) >= SPREAD_MIN_LETTERS and a.isalpha():
                    taught.setdefault(a, set()).add(b)
    return {a: next(iter(bs)) for a, bs in taught.items() if len(bs) == 1}


def spread_candidates(results: Sequence[Decision], text: str, norm: str, threshold: float) -> list[Candidate]:
    """The word swaps that the sure restorations of a spun document make (:func:`taught_swaps`), proposed
    at the document's other occurrences of the spun words, in text order (rule ``general:document``).

    Why: a spinner rewrites a word the same way throughout an article ("conference" -> "convention" in
    every paragraph), but the evidence differs from place to place: a row knows "developers convention",
    while the context of "the cloud convention" says little and no row lists it, so the article came out
    half restored. Such a candidate is ordinary wording elsewhere, so it acts only where its region reads
    as spun (``spun_region``: a human-written paragraph beside the spun one keeps its "convention"), the
    trigram context weighs it as it weighs a table row, a word that reads as a name is left, and it is
    never proposed inside a span that ``results`` restore (at ``threshold``); beside a weaker finding on
    the same words it competes by score.
    """
    words = taught_swaps(results, norm)
    if not words:
        return []
    taken = SpanSet((d.cand.start, d.cand.end) for d in results if restores(d, threshold))
    patterns = list(words)
    out: list[Candidate] = []
    for start, end, index in PhraseMatcher(patterns).find(norm):
        if taken.overlaps(start, end) or name_like(text, start):
            continue  # inside a restoration, or a name
        word = patterns[index]
        out.append(Candidate(start, end, (words[word],), SPREAD_PRIOR, "general:document",
                             f"the spinner's swap {word} → {words[word]} is restored elsewhere in this document",
                             kind="word", spun_region=True))
    return out


class Scorer:
    """Scores candidates; holds the lexicon used for context evidence."""

    def __init__(self, lexicon: Lexicon | None, use_context: bool = True,
                 model: ContextModel | None = None) -> None:
        self.lexicon = lexicon
        self.model = model if use_context else None
        self.use_context = use_context and (lexicon is not None or model is not None)
        self._prior_memo: dict[tuple[object, ...], tuple[float, float, tuple[Evidence, ...]]] = {}
        self._frequency_memo: dict[tuple[tuple[str, ...], tuple[str, ...]], float] = {}

    def judged_by_model(self, cand: Candidate) -> bool:
        """Whether the trigram model gives ``cand`` its context term (see :meth:`base`): table rows and
        learned word swaps with an original, numbers excepted."""
        return (self.model is not None and bool(cand.originals) and cand.kind != "number"
                and (cand.rule.startswith("table:") or cand.rule in ("general:context", "general:document",
                                                                     "general:article")))

    def base(self, cand: Candidate, left: str, right: str, spun_words: list[str],
             wide: tuple[list[str], list[str]] | None = None) -> Scored:
        """Log-odds before document evidence and tells, with their evidence records.

        ``wide`` holds up to two words on each side for the trigram context model (when there is one);
        ``left`` and ``right`` are the single neighbours the bigram evidence reads.
        """
        head = self.prior_terms(cand, spun_words)
        # The trigram model judges table rows only. Measured on the devset and the clean fixtures, it
        # lifted learned swaps that the bigram evidence rightly holds back ("evaluation" -> "analysis",
        # "nearby" -> "local" in clean text), while for listed rows it both raised recall and precision.
        if wide is not None and self.judged_by_model(cand):
            return self.with_model_context(head, spun_words, wide)
        if self.use_context and self.lexicon is not None and cand.originals and cand.kind != "number":
            ctx, detail = self.lexicon.context_log_odds(left, spun_words, cand.originals[0].split(" "), right)
            ctx = max(-CONTEXT_CAP, min(CONTEXT_CAP, CONTEXT_WEIGHT * ctx))
            if ctx:
                return head.with_context(ctx, detail)
        return head

    def prior_terms(self, cand: Candidate, spun_words: list[str]) -> Scored:
        """The terms of :meth:`base` before context: prior and vouch, with the spun-document probability.
        The context term then adds at most CONTEXT_CAP either way.

        Kept by everything they depend on (the same rows and learned swaps recur in every document: on
        clean news the 7,600 candidates of 1 MB have 467 distinct terms); bounded by PRIOR_MEMO_SIZE.
        """
        key = (cand.rule, cand.prior, cand.kind, cand.originals[0] if cand.originals else None, cand.vouch,
               cand.vouch_detail, tuple(spun_words))
        memo = self._prior_memo
        terms = memo.get(key)
        if terms is None:
            value = logit(cand.prior)
            p_doc = self.spun_doc_probability(cand, spun_words)
            evidence = [Evidence("prior", round(value, 3), f"{cand.rule} prior {cand.prior:.2f}")]
            if cand.vouch:
                evidence.append(Evidence("established", cand.vouch, cand.vouch_detail))
                value += cand.vouch
            terms = (value, p_doc, tuple(evidence))
            if len(memo) >= PRIOR_MEMO_SIZE:
                memo.clear()  # cheaper than LRU bookkeeping; the common terms come back at once
            memo[key] = terms
        return Scored(cand, *terms)

    def with_model_context(self, head: Scored, spun_words: list[str], wide: tuple[list[str], list[str]]) -> Scored:
        """``head`` (:meth:`prior_terms` of a candidate :meth:`judged_by_model`) with the trigram model's
        context term between the ``wide`` neighbours added: :meth:`base` of that candidate."""
        ctx, detail = self.model_log_odds(wide[0], spun_words, head.cand.originals[0].split(" "), wide[1])
        ctx = max(-CONTEXT_CAP, min(CONTEXT_CAP, ctx))
        return head.with_context(ctx, detail) if ctx else head

    def model_log_odds(self, left: list[str], spun: list[str], orig: list[str], right: list[str]) -> tuple[float, str]:
        """Context evidence from the trigram model, in natural log-odds: how much more probable the
        original reading is than the spun one between the same neighbours, as an *association* (each
        reading's gain over its own unigram probability), weighted by LM_WEIGHT.

        The association, not the raw ratio, because the prior already says how often the spun form is
        spinner output: a raw ratio would prefer every frequent word to a rare synonym in clean text.
        """
        assert self.model is not None
        m = self.model
        left_o = left_s = left
        if left and left[-1] in ("a", "an"):
            # Restoring fixes the article, so each reading is read with the one it needs.
            left_o = [*left[:-1], "an" if starts_with_vowel_sound(orig[0]) else "a"]
            left_s = [*left[:-1], "an" if starts_with_vowel_sound(spun[0]) else "a"]
        lo = m.log_prob(left_o, orig, right)
        ls = m.log_prob(left_s, spun, right)
        raw = lo - ls
        # The readings' own frequencies do not depend on where they stand: worked out once per pair of
        # readings (the same rows come back in every document: on 1 MB of clean news this line was a
        # third of this method's time, for 5,202 calls on 1,108 distinct contexts and fewer pairs).
        pair = (tuple(orig), tuple(spun))
        frequency = self._frequency_memo.get(pair)
        if frequency is None:
            frequency = m.log_prob([], orig, []) - m.log_prob([], spun, [])
            if len(self._frequency_memo) >= FREQUENCY_MEMO_SIZE:
                self._frequency_memo.clear()  # cheaper than LRU bookkeeping, as for the prior terms
            self._frequency_memo[pair] = frequency
        delta = raw - frequency
        value = LM_WEIGHT * math.log(10) * delta
        ctx = " ".join(left)
        after = " ".join(right)
        return value, (f"trigram model: '{ctx} [{' '.join(orig)}] {after}' vs '{ctx} [{' '.join(spun)}] {after}' "
                       f"{raw:+.2f} log10 ({delta:+.2f} beyond word frequency)")

    def spun_doc_probability(self, cand: Candidate, spun_words: list[str]) -> float:
        """P(spun | this form, the document is spun): the noisy channel with frequency priors.

        If the spinner turns the original ``o`` into ``s`` at rate ``r``, an occurrence of ``s`` in a spun
        text is a swap with probability ``r·f(o) / (r·f(o) + f(s))``, ``f`` being natural frequencies.
        So "remark" (rare) in a spun text is almost surely "comment", while "chief" (as common as
        "leader") mostly stays. Phrases and rules keep their own, higher, values.
        """
        if cand.kind == "number" or not cand.originals:
            return cand.prior
        orig = cand.originals[0]
        if len(spun_words) > 1 or " " in orig:
            return max(cand.prior, PHRASE_SPUN_DOC)
        zipf = self.lexicon.zipf if self.lexicon is not None else {}
        fs, fo = zipf.get(spun_words[0]), zipf.get(orig)
        if fs is None or fo is None:
            return cand.prior
        rate = THESAURUS_SPIN_RATE if cand.rule == "general:thesaurus" else SPIN_RATE
        swapped = rate * 10 ** fo
        p = swapped / (swapped + 10 ** fs)
        if cand.rule == "general:thesaurus":
            p = min(p, THESAURUS_SPUN_DOC_MAX)  # a bare synonym must also win on context
        return max(cand.prior, p)

    @staticmethod
    def final(scored: Scored, doc: DocumentEvidence) -> Decision:
        """Add document and tell evidence: the probability, with every evidence record.

        The document term moves the prior towards the candidate's spun-document probability in
        proportion to how sure the document evidence is that the text is spun; it never pushes past it.
        """
        cand = scored.cand
        value = scored.base + scored.tells
        own_strong = sigmoid(scored.base) >= STRONG
        certainty = doc.log_odds(own_strong) / DOC_CAP
        if certainty > 0:
            gain = max(0.0, logit(scored.p_doc) - logit(cand.prior))
            d = min(DOC_CAP, certainty * gain)
            if d > 0:
                value += d
                detail = (f"{doc.strong} strong findings in {doc.words} words; in spun text this form is a swap "
                          f"{scored.p_doc:.0%} of the time")
                if doc.signature:
                    plural = "s" if doc.signature != 1 else ""
                    detail += f"; {doc.signature} signature word{plural} nearby (words spinners write for others)"
                return Decision(cand, sigmoid(value), (*scored.evidence, Evidence("document", round(d, 3), detail)))
        return Decision(cand, sigmoid(value), scored.evidence)


#: Log-odds kept between a bound and the probability it is compared with, so that rounding in ``sigmoid`` or
#: ``log`` can never turn a decision the bound settles (1e-9 in log-odds; rounding is below 1e-15).
BOUND_MARGIN = 1e-9


def _log_odds(p: float) -> float:
    return math.log(p / (1.0 - p))


@dataclass(slots=True)  # not frozen, for speed (see above DocumentEvidence)
class _Deferred:
    """What a candidate's exact score still needs: its context-free terms and its tells."""

    head: Scored
    tells: float
    evidence: tuple[Evidence, ...]


class Scores:
    """The first-pass scores of one document's candidates, each trigram context term computed only when a
    decision needs it (issue 14: on clean news most candidates' context changes nothing).

    The model's term is capped at ±CONTEXT_CAP, so before it is read a candidate's first-pass log-odds lies
    within CONTEXT_CAP of its context-free value, and its final score is at most that ceiling plus the
    largest document term its region allows. :meth:`reaches` and :meth:`may_reach` decide from those
    bounds when they settle the question (with BOUND_MARGIN to spare) and from the exact score otherwise;
    the exact score is :meth:`Scorer.base`'s, so every decision is the one the exact scores make. Floating
    point keeps the bounds: the exact terms are summed in the same order as the bounds, and rounded
    addition is monotone.

    ``items[i]`` is candidate ``i``'s exact :class:`Scored` once computed (:meth:`exact`), and until then a
    provisional one without the context term.
    """

    def __init__(self, scorer: Scorer, norm: str) -> None:
        self.scorer = scorer
        self.norm = norm
        self.items: list[Scored] = []
        self._deferred: dict[int, _Deferred] = {}
        self._before: dict[int, list[str]] = {}
        self._after: dict[int, list[str]] = {}

    def add(self, scored: Scored) -> None:
        """A candidate scored exactly."""
        self.items.append(scored)

    def defer(self, head: Scored, tells: float, evidence: Sequence[Evidence]) -> None:
        """A candidate :meth:`Scorer.judged_by_model`: ``head`` from :meth:`Scorer.prior_terms`, then
        its tells (see :meth:`Scored.with_tells`); the model's term waits until needed."""
        self._deferred[len(self.items)] = _Deferred(head, tells, tuple(evidence))
        self.items.append(head.with_tells(tells, evidence))

    def exact(self, i: int) -> Scored:
        """Candidate ``i``'s exact score: ``Scorer.base`` with the trigram context, then the tells."""
        d = self._deferred.pop(i, None)
        if d is None:
            return self.items[i]
        c, norm = d.head.cand, self.norm
        before = self._before.get(c.start)
        if before is None:
            before = self._before[c.start] = words_before(norm, c.start)
        after = self._after.get(c.end)
        if after is None:
            after = self._after[c.end] = words_after(norm, c.end)
        scored = self.scorer.with_model_context(d.head, norm[c.start:c.end].split(), (before, after))
        self.items[i] = scored = scored.with_tells(d.tells, d.evidence)
        return scored

    def all_exact(self) -> list[Scored]:
        return [self.exact(i) for i in range(len(self.items))]

    def merged(self, other: Scores, order: Sequence[Candidate]) -> Scores:
        """This document's scores and ``other``'s (the same text, other candidates) in one, in the order
        of ``order`` (every candidate of both, and maybe more): what scoring them all in that order gives,
        with the context terms already worked out kept rather than computed again. A candidate's score
        depends on the text alone, never on the other candidates."""
        position = {id(c): k for k, c in enumerate(order)}
        entries = [(position[id(x.cand)], part, i) for part in (self, other) for i, x in enumerate(part.items)]
        entries.sort(key=lambda entry: entry[0])
        out = Scores(self.scorer, self.norm)
        for _, part, i in entries:
            if i in part._deferred:
                out._deferred[len(out.items)] = part._deferred[i]
            out.items.append(part.items[i])
        out._before = {**self._before, **other._before}
        out._after = {**self._after, **other._after}
        return out

    def reaches(self, i: int, p: float) -> bool:
        """``exact(i).first_pass >= p``, from the bounds when they settle it."""
        if i in self._deferred and 0.0 < p < 1.0:
            x = self.items[i]
            at = _log_odds(p)
            if (x.base + CONTEXT_CAP) + x.tells < at - BOUND_MARGIN:
                return False
            if (x.base - CONTEXT_CAP) + x.tells > at + BOUND_MARGIN:
                return True
        return self.exact(i).first_pass >= p

    def may_reach(self, i: int, around: DocumentEvidence, p: float) -> bool:
        """False when candidate ``i``'s final score (``Scorer.final`` with ``around``, or with any evidence
        of lower log-odds, then ``cap_weak_row``, which only lowers it) is surely below ``p``, whatever its
        context term if that is not computed yet; True otherwise."""
        if not 0.0 < p < 1.0:
            return True
        x = self.items[i]
        cand = x.cand
        # Scorer.final's document term with the certainty of a candidate that is not strong itself,
        # which is the larger one.
        certainty = around.log_odds(False) / DOC_CAP
        most = 0.0
        if certainty > 0:
            most = min(DOC_CAP, certainty * max(0.0, logit(x.p_doc) - logit(cand.prior)))
        base = x.base + CONTEXT_CAP if i in self._deferred else x.base
        return (base + x.tells) + most >= _log_odds(p) - BOUND_MARGIN
