"""Where candidates come from: every source in one registry, run in this order by ``Restorer._candidates``.

A source is a pure function ``(Document, Resources) -> list[Candidate]`` (see :mod:`.api`). Adding one
is one new file (a rule over the normalised text goes in ``spinfix/rules/``, anything that needs the
compiled resources here) plus one line in :data:`SOURCES`. The order is part of the behaviour: when two
candidates tie on score, length and start, the earlier one wins.

The generaliser (``general.Generalizer``) is not a source: it runs after the first scoring pass, on the
spans the sources left unclaimed and on the document evidence they produced.
"""

from __future__ import annotations

from ..rules import debris_candidates, garble_candidates, grammar_candidates, number_candidates
from .api import Document, Resources, Source, on_norm, on_text, probing
from .table import table_candidates

#: Every candidate source, in the order their candidates are listed.
SOURCES: tuple[Source, ...] = (
    table_candidates,  # the phrase table (the hot path)
    probing(number_candidates, reads="norm"),  # number words in decimals and wire slugs
    probing(grammar_candidates, reads="norm"),  # "it not sources": a swapped "no longer"
    probing(garble_candidates, reads="text"),  # "The us", "its 1st loss of life": short forms garbled
    on_text(debris_candidates),  # "& # 39;", ",quot;": HTML references a translator broke apart
)

__all__ = ["SOURCES", "Document", "Resources", "Source", "on_norm", "on_text", "probing", "table_candidates"]
