"""Types of the compiled table matcher (spinfix/_matchcore.c); see spinfix.matcher.PhraseMatcher."""

from collections.abc import Callable, Sequence

class Phrases:
    def __init__(self, patterns: Sequence[str], indices: Sequence[int], word_char: Callable[[str], bool]) -> None: ...
    def find(self, norm: str, /) -> list[tuple[int, int, int]]: ...
