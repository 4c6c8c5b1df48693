"""The hot path: find every table phrase in a normalised text, token-aligned and leftmost-longest.

Semantics (the contract the tests check against :class:`ReferenceScanner`): scanning left to right, at
each position where a word starts, take the longest pattern that ends where a word ends, then continue
after it; where no pattern fits, move to the next word start.

:class:`PhraseMatcher` gets there with a compiled Aho–Corasick automaton (``pyahocorasick``'s
``iter_long``, leftmost-longest over characters) and a boundary check on each raw match. Raw matches
ignore word boundaries, so a match that fails its check can hide a valid one; that is only possible when
the failing pattern spans several words (a single-word pattern holds no word start and no shorter match
that ends at a word end). In that rare case the span is decided by the reference scanner while the
automaton's single pass goes on, which keeps the result exact and the time linear.
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


def _sentinel(patterns: Sequence[str]) -> str:
    """A character that occurs in no pattern (table phrases never hold NUL; keep phrases might)."""
    used = set().union(*patterns) if patterns else set()
    return next(c for c in ("\x00", "\uffff", "\U0010ffff", *map(chr, range(0xE000, 0xF900))) if c not in used)


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
        self._sentinel = _sentinel(self.patterns)

    @property
    def reference(self) -> ReferenceScanner:
        """The pure-Python scanner over the same patterns, built on first use."""
        if self._reference is None:
            self._reference = ReferenceScanner(self.patterns)
        return self._reference

    def find(self, norm: str) -> list[Match]:
        """Every match in the normalised text ``norm``, in order.

        One pass of the automaton, never restarted (pyahocorasick copies the whole text on each
        ``iter_long`` call, so restarting would make crafted input quadratic). ``cursor`` marks where the
        result is decided: raw matches before it are skipped, and where a raw match that failed its
        boundary check, or that crosses the cursor, may hide valid matches, that span alone is decided by
        the reference scanner.
        """
        out: list[Match] = []
        if self._automaton is None or not norm:
            return out
        append = out.append
        n = len(norm)
        cursor = 0
        # pyahocorasick's iter_long drops the matches still pending when the text ends inside a longer
        # pattern's prefix (patterns "b" and "abc" on "ab" yield nothing; on "abx" they yield "b"), so a
        # document ending in "... most extreme" lost "extreme" to "most extreme probability". A final
        # character that no pattern contains makes the automaton leave every partial match first; no match
        # can include it.
        for last, (index, length, multiword) in self._automaton.iter_long(norm + self._sentinel):
            end = last + 1
            start = end - length
            if start < cursor:
                if end > cursor and multiword:
                    # Decided up to the cursor; valid matches may start in [cursor, end): scan them.
                    found, pos = self.reference.scan(norm, cursor, end)
                    out.extend(found)
                    cursor = max(cursor, pos)
                continue
            # Most matches are surrounded by spaces or the text's ends: accept those without the full check.
            fast = (start == 0 or norm[start - 1] == " ") and (end == n or norm[end] == " ")
            if fast or (is_word_start(norm, start) and is_word_end(norm, end)):
                append((start, end, index))
                cursor = end
            elif multiword:
                # A multi-word raw match failed: a valid match may start inside it; decide that span exactly.
                found, pos = self.reference.scan(norm, start, end)
                out.extend(found)
                cursor = pos
        return out
