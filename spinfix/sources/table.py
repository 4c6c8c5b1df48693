"""Candidates from the phrase table: every listed spun form the matcher finds (the hot path).

News rows act only in news-like text: in a science-like paragraph ("interval cancers", "outcomes",
"medication") a news spinner's swap is ordinary technical wording, so with the science domain loaded
those rows are dropped there (see :func:`drop_news_rows_in_science`). Likewise a few tortured phrases
that are another field's own terms ("brain organization" in neuroscience) are dropped where the text
reads as that field (:mod:`.legitimate`).
"""

from __future__ import annotations

import itertools

from ..candidates import Candidate, SpanSet
from ..evidence import science_share
from ..text import PARAGRAPH_BREAK, WORD
from .api import Document, Resources
from .legitimate import drop_legitimate_uses

#: Paragraphs shorter than this (words) take the whole document's register (see drop_news_rows_in_science).
SCIENCE_MIN_WORDS = 40
#: Share of academic-register words from which news rows are off: the clean science sets average
#: 0.035-0.043, news (clean and spun) 0.004-0.03 with one spun devset article at 0.108 (a story about
#: data). At the register threshold used for the spin evidence (0.02) spun news articles lost rows.
NEWS_ROWS_OFF_SHARE = 0.035


def table_candidates(doc: Document, resources: Resources) -> list[Candidate]:
    """One candidate per table variant found in ``doc.norm``, in the matcher's order."""
    matcher, variants = resources.table_matcher
    out: list[Candidate] = []
    spun_forms: list[str] = []
    for start, end, index in matcher.find(doc.norm):
        v = variants[index]
        row = v.row
        spun_forms.append(row.spun)
        out.append(Candidate(
            start, end, v.originals, row.confidence, f"table:{row.domain}",
            f"{row.kind} swap listed in {row.entry}" + ("" if v.form == "as written" else f" ({v.form})"),
            kind=row.kind, entry=row.entry, detect_only=row.detect_only, conditions=row.conditions,
        ))
    if "science" in resources.config.domains:
        out = drop_legitimate_uses(doc.text, doc.norm, out, spun_forms)
    if "science" in resources.config.domains and any(c.rule == "table:news" for c in out):
        out = drop_news_rows_in_science(doc, out)
    return out


def drop_news_rows_in_science(doc: Document, cands: list[Candidate]) -> list[Candidate]:
    """``cands`` without the news rows that stand in a science-like paragraph.

    A paragraph is science-like when academic-register words (``evidence.SCIENCE_CUES``) make up at
    least ``NEWS_ROWS_OFF_SHARE`` of its words; a paragraph under SCIENCE_MIN_WORDS words is judged
    with the whole document. ``Config(domains={"news"})`` (``--domain news``) keeps every news row.
    """
    text, norm = doc.text, doc.norm
    breaks = [0, *(m.end() for m in PARAGRAPH_BREAK.finditer(text)), len(text)]
    doc_words = WORD.findall(norm)
    doc_science = science_share(doc_words) >= NEWS_ROWS_OFF_SHARE
    science_spans: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(breaks):
        words = WORD.findall(norm, a, b)
        science = (science_share(words) >= NEWS_ROWS_OFF_SHARE if len(words) >= SCIENCE_MIN_WORDS
                   else doc_science)
        if science:
            science_spans.append((a, b))
    if not science_spans:
        return cands
    spans = SpanSet(science_spans)
    return [c for c in cands if not (c.rule == "table:news" and spans.overlaps(c.start, c.end))]
