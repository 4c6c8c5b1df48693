"""Rules beyond the phrase table: small pure functions over the normalised text.

Each returns :class:`~spinfix.candidates.Candidate` objects (or positions of a tell) with offsets into the
input; none keeps state.
"""

from .articles import article_tells
from .grammar import grammar_candidates
from .numbers import number_candidates

__all__ = ["article_tells", "grammar_candidates", "number_candidates"]
