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
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .candidates import Candidate
from .lexicon import Lexicon
from .records import Evidence

#: Caps and weights of the evidence terms, in log-odds. Set on the evaluation sets of
#: ``benchmarks/evaluate.py`` (spun news, unseen PPS phrases) and the frozen clean fixtures.
CONTEXT_CAP = 3.0
DOC_CAP = 3.5
ARTICLE_TELL = 2.0
AND_TERM = 2.0
QUOTED = -2.5
#: Expected number of strong (≥ 0.8) findings per word in clean text; ~1 per 2,000 words was the rate on
#: the clean fixtures before tuning.
CLEAN_STRONG_RATE = 0.0005
STRONG = 0.8
#: A bare thesaurus synonym gets only this share of the document evidence: in a spun text most words
#: are still original, and a synonym alone says little (measured on the synthetic spun-news set).
THESAURUS_DOC_SHARE = 0.5


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@dataclass(frozen=True, slots=True)
class DocumentEvidence:
    """What the first pass learned about the whole document."""

    strong: int
    words: int

    def log_odds(self, own_strong: bool) -> float:
        """Evidence for a candidate from the *other* strong findings of the document."""
        k = max(0, self.strong - (1 if own_strong else 0))
        expected = CLEAN_STRONG_RATE * self.words
        value = 1.5 * math.log((k + 0.5) / (expected + 0.5))
        return max(0.0, min(DOC_CAP, value))

    @property
    def spun(self) -> bool:
        """Whether the document is spun on its own evidence (used by ``spun-doc`` rows)."""
        return self.log_odds(False) >= 2.0


class Scorer:
    """Scores candidates; holds the lexicon used for context evidence."""

    def __init__(self, lexicon: Lexicon | None, use_context: bool = True) -> None:
        self.lexicon = lexicon
        self.use_context = use_context and lexicon is not None

    def base(self, cand: Candidate, left: str, right: str, spun_words: list[str]) -> float:
        """Log-odds before document evidence; adds the evidence records to ``cand``."""
        value = logit(cand.prior)
        cand.evidence.append(Evidence("prior", round(value, 3), f"{cand.rule} prior {cand.prior:.2f}"))
        if self.use_context and self.lexicon is not None and cand.originals and cand.kind != "number":
            ctx, detail = self.lexicon.context_log_odds(left, spun_words, cand.originals[0].split(" "), right)
            ctx = max(-CONTEXT_CAP, min(CONTEXT_CAP, ctx))
            if ctx:
                cand.evidence.append(Evidence("context", round(ctx, 3), detail))
                value += ctx
        return value

    @staticmethod
    def final(cand: Candidate, base: float, doc: DocumentEvidence, tells: float) -> float:
        """Add document and tell evidence; returns the probability."""
        value = base + tells
        own_strong = sigmoid(base) >= STRONG
        d = doc.log_odds(own_strong)
        if cand.rule == "general:thesaurus":
            d *= THESAURUS_DOC_SHARE
        if d:
            cand.evidence.append(Evidence("document", round(d, 3),
                                          f"{doc.strong} strong findings in {doc.words} words"))
            value += d
        return sigmoid(value)
