"""Types of the compiled core (spinfix/_ngramcore.c); see spinfix.ngram.TrigramModel.core.

The array arguments are anything that exports a C-contiguous buffer (numpy arrays, memoryviews); the C
code checks their item size and format and raises TypeError or ValueError otherwise."""

from collections.abc import Sequence

MAX_WORDS: int

class Core:
    def __init__(self, uni_prob: object, uni_bo: object, bi_key: object, bi_prob: object, bi_bo: object,
                 tri_key: object, tri_prob: object, prob: Sequence[float], bo: Sequence[float]) -> None: ...
    def log_prob(self, ids: Sequence[int], start: int, /) -> float: ...
    def bigram(self, a: int, b: int, /) -> int: ...
    def readings(self, l2: object, l1: object, w: object, r1: object, r2: object, sizes: object,
                 out: object, /) -> None: ...
    def best(self, l2: object, l1: object, own: object, r1: object, r2: object, offsets: object, ids: object,
             costs: object, reading: object, gain: object, /) -> None: ...
