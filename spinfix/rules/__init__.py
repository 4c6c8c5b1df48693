"""Rules beyond the phrase table: small pure functions over the normalised text.

Each returns :class:`~spinfix.candidates.Candidate` objects with offsets into the input; none keeps state.
``articles`` holds the a/an sound judgement that the scorer and restoration share.
"""

from .debris import debris_candidates
from .garbles import garble_candidates
from .grammar import grammar_candidates
from .numbers import number_candidates

__all__ = ["debris_candidates", "garble_candidates", "grammar_candidates", "number_candidates"]
