"""The internal record passed from candidate generators (table, rules, generalisation) to the scorer."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from .table import Conditions

NO_CONDITIONS = Conditions()


@dataclass(slots=True)
class Candidate:
    """A proposed swap: ``text[start:end]`` may be spinner output for one of ``originals``.

    ``prior`` is the probability, before context and document evidence, that the span is spun (a table
    row's confidence, a rule's measured precision, a learned swap rate). ``originals`` are lower case;
    case and articles are fixed when the edit is made.
    """

    start: int
    end: int
    originals: tuple[str, ...]
    prior: float
    rule: str
    reason: str
    kind: str = "word"
    entry: str = ""
    detect_only: bool = False
    conditions: Conditions = NO_CONDITIONS
    #: Log-odds the generator itself vouches with (an established restored phrase); 0 for table rows.
    vouch: float = 0.0
    vouch_detail: str = ""
    #: Restored only where its region shows signs of spinning (reported below the threshold elsewhere):
    #: set on a generaliser phrase whose swaps were learned only from the other domain's rows, and on
    #: every generaliser phrase in news-like text.
    spun_region: bool = False
    #: Counted only in a region that holds a strong finding (``score.context_swap_holds``): set on a
    #: learned word swap of a word rarer than ``general.COMMON_SWAP_ZIPF``.
    strong_region: bool = False
    #: Whether the candidate, once strong, counts as evidence that the text around it is spun (the
    #: regions' strong findings). False for an acronym's restoration, which shows its own phrase
    #: tortured, not the passage: counted, it let a learned word swap change "The present study" to
    #: "current" in a clean paragraph beside an inserted tortured one (mixed science documents 0.04 ->
    #: 0.28 words per 1,000).
    region_evidence: bool = True
    #: Whether the candidate is evidence of a spinner at all. False for the debris of a machine
    #: translation (``rules.debris``: "& # 39;"), a translator's, not a thesaurus spinner's: restored on its
    #: own prior, it is neither a strong finding of its document or region nor a seed of the model's
    #: reading, and the quotation tell (spinners skip quotations) does not apply to it. Counted as a strong
    #: finding it let spun-document rows rewrite a hand-written sentence beside it (session 21).
    spin_evidence: bool = True
    #: Found behind another table match (``PhraseMatcher.overlapping``: "hearth truck" in "the hearth
    #: truck", where the matcher took "the hearth"). It competes for its span like any candidate, but
    #: beside a strong candidate it overlaps it is the same swap seen twice, so only one of them counts
    #: towards the strong findings (``restore.strong_candidates``).
    hidden: bool = False


class SpanSet:
    """Sorted, disjoint spans with an overlap test by bisection."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for s, e in sorted(spans):
            if merged and s < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, e)
        return bool(i) and self.ends[i - 1] > s
