"""The hot path: find every table phrase in a normalised text, token-aligned and leftmost-longest.

Semantics (the contract the tests check against :class:`ReferenceScanner`): scanning left to right, at
each position where a word starts, take the longest pattern that ends where a word ends, then continue
after it; where no pattern fits, move to the next word start.

:class:`PhraseMatcher` gets there with a compiled Aho–Corasick automaton (``pyahocorasick``'s
``iter_long``, leftmost-longest over characters) and a boundary check on each raw match. Raw matches
ignore word boundaries, so a match that fails its check can hide a valid one; that is only possible when
the failing pattern spans several words (a single-word pattern holds no word start and no shorter match
that ends at a word end). In that rare case the span is re-scanned by the reference scanner and the
automaton is restarted after it, which keeps the result exact and the time linear (the iterator is lazy).
In the benchmark suite this matcher ran at the speed of a raw ``ahocorasick_rs`` scan; the pure-Python
reference is ~50× slower and exists for tests and for those rare spans.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ahocorasick

from .normalize import is_word_end, is_word_start

Match = tuple[int, int, int]  # (start, end, pattern index)


class ReferenceScanner:
    """A plain character trie walked position by position: slow, obviously right."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.root: dict[str, Any] = {}
        for index, pattern in enumerate(patterns):
            node = self.root
            for ch in pattern:
                node = node.setdefault(ch, {})
            node[""] = index

    def longest_at(self, norm: str, i: int) -> tuple[int, int] | None:
        """The longest pattern starting at ``i`` that ends at a word end, as ``(end, index)``."""
        node = self.root
        best = None
        j = i
        n = len(norm)
        while j < n:
            nxt = node.get(norm[j])
            if nxt is None:
                break
            node = nxt
            j += 1
            if "" in node and is_word_end(norm, j):
                best = (j, node[""])
        return best

    def scan(self, norm: str, start: int = 0, stop: int | None = None) -> tuple[list[Match], int]:
        """Matches starting in ``[start, stop)``; returns them and the position where scanning ended.

        The returned position is never inside a match, so a scan can be resumed from it.
        """
        n = len(norm)
        stop = n if stop is None else stop
        out: list[Match] = []
        i = start
        while i < stop:
            if norm[i] in self.root and is_word_start(norm, i):
                hit = self.longest_at(norm, i)
                if hit is not None:
                    out.append((i, hit[0], hit[1]))
                    i = hit[0]
                    continue
            i += 1
        return out, i

    def find(self, norm: str) -> list[Match]:
        """All matches in ``norm``."""
        return self.scan(norm)[0]


class PhraseMatcher:
    """Aho–Corasick matching with exact token-level leftmost-longest semantics (see the module doc)."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = list(patterns)
        self._automaton: ahocorasick.Automaton | None = None
        self._reference: ReferenceScanner | None = None
        if self.patterns:
            automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
            for index, pattern in enumerate(self.patterns):
                if not pattern:
                    raise ValueError("empty pattern")
                automaton.add_word(pattern, (index, len(pattern), " " in pattern))
            automaton.make_automaton()
            self._automaton = automaton

    @property
    def reference(self) -> ReferenceScanner:
        """The pure-Python scanner over the same patterns, built on first use."""
        if self._reference is None:
            self._reference = ReferenceScanner(self.patterns)
        return self._reference

    def find(self, norm: str) -> list[Match]:
        """Every match in the normalised text ``norm``, in order."""
        out: list[Match] = []
        if self._automaton is None or not norm:
            return out
        pos = 0
        while pos < len(norm):
            failed = self._scan(norm, pos, out)
            if failed is None:
                break
            # A multi-word raw match failed its boundary check: re-scan its span exactly, resume after.
            found, pos = self.reference.scan(norm, failed[0], failed[1])
            out.extend(found)
        return out

    def _scan(self, norm: str, pos: int, out: list[Match]) -> tuple[int, int] | None:
        """Append automaton matches from ``pos``; stop at the first multi-word boundary failure."""
        assert self._automaton is not None
        append = out.append
        n = len(norm)
        for last, (index, length, multiword) in self._automaton.iter_long(norm, pos):
            end = last + 1
            start = end - length
            # Most matches are surrounded by spaces or the text's ends: accept those without the full check.
            fast = (start == 0 or norm[start - 1] == " ") and (end == n or norm[end] == " ")
            if fast or (is_word_start(norm, start) and is_word_end(norm, end)):
                append((start, end, index))
            elif multiword:
                return start, end
        return None
