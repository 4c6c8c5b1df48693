"""Types of the compiled register count (spinfix/_textcore.c); see spinfix.text.Register."""

from collections.abc import Iterable

class Cues:
    def __init__(self, words: Iterable[str]) -> None: ...
    def count(self, text: str, start: int, end: int, /) -> tuple[int, int, int]: ...
