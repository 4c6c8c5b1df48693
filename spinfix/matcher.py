"""The hot path: find every table phrase in a normalised text, token-aligned and leftmost-longest.

Semantics (the contract the tests check against :class:`ReferenceScanner`): scanning left to right, at
each position where a word starts, take the longest pattern that ends where a word ends, then continue
after it; where no pattern fits, move to the next word start.

:class:`PhraseMatcher` gets there with one leftmost-longest Aho–Corasick pass of ``ahocorasick_rs`` over
the text's UTF-8 bytes and a boundary check on each raw match. UTF-8 keeps that exact: a pattern's bytes
start with a lead byte, so a raw match starts and ends on character boundaries, and of two patterns
matching at one place the longer in bytes is the longer in characters. ASCII text (most of it) needs no
offset map; otherwise byte offsets are turned into code-point offsets as the matches come, by counting
the bytes that start a character since the previous offset (linear in the text, in C).

Raw matches ignore word boundaries, so a match that fails its check can hide a valid one. That is only
possible when the failing pattern holds a character that is not a word character (a space, a connector,
punctuation): a pattern made of word characters only holds no word start and no shorter match ending at
a word end. In that case the span is decided by the reference walk (over a pattern dict, :class:`_SpanScanner`)
while the automaton's single pass goes on, which keeps the result exact and the time linear.

Issue 14: the previous automaton (``pyahocorasick``'s ``iter_long`` over ``str``) ran at 25 MB/s on clean
news with the shipped tables where ``ahocorasick_rs`` on bytes ran at 60, and it dropped the matches still
pending at the end of the text (it needed a sentinel character); the Rust automaton does neither.
The pure-Python reference is ~50× slower and exists for tests and for those rare spans.

Where the compiled module ``spinfix._matchcore`` is built and every pattern starts and ends with a word
character (every shipped one does; a user's table may hold others), no automaton is built at all: its
``Phrases`` walks the text a word at a time over a trie of the patterns' words (its module doc says why
that is exact). In a restore the automaton's pass cost 25-30 ms per MB of clean news, a fifth of the
whole, because its 15,746-pattern state table competes for the cache with everything else a restore
reads; a word at a time, each word start costs one lookup in a table of the patterns' first words small
enough to stay in the cache (6.5 ms per MB alone, about 11 in a restore).

:meth:`PhraseMatcher.overlapping` gives what the leftmost-longest rule leaves out on purpose: the longest
match at an inner word of a found match that ends beyond it ("hearth truck" behind "the hearth"), for a
caller that lets overlapping candidates compete (``sources.table``).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

import ahocorasick_rs

from .native import load_compiled
from .normalize import is_word_char, is_word_end, is_word_start

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


class _SpanScanner(ReferenceScanner):
    """The reference's walk for the rare spans the automaton leaves open, with nothing to build.

    Instead of a trie (building one over the 15k shipped patterns took ~0.15 s, paid by the first document
    that needed it), the patterns that could start at a position are looked up by length, longest first,
    in the pattern → index dict the matcher already holds.
    """

    def __init__(self, index: dict[str, int]) -> None:  # no super().__init__: no trie, on purpose
        self.index = index
        self.lengths = sorted({len(p) for p in index}, reverse=True)
        self.root = dict.fromkeys({p[0] for p in index})  # first characters, for ``scan``'s quick test

    def longest_at(self, norm: str, i: int) -> tuple[int, int] | None:
        n = len(norm)
        get = self.index.get
        for length in self.lengths:
            j = i + length
            if j <= n:
                k = get(norm[i:j])
                if k is not None and is_word_end(norm, j):
                    return j, k
        return None


#: UTF-8 continuation bytes (10xxxxxx): deleting them from a byte slice leaves one byte per character.
_CONTINUATION = bytes(range(0x80, 0xC0))


def _utf8(text: str) -> bytes:
    # surrogatepass: a lone surrogate (which any str may hold) becomes three bytes, one lead and two
    # continuation bytes like any other character, so the offset count below stays right.
    return text.encode("utf-8", "surrogatepass")


def _compiled_phrases(unique: list[str], indices: list[int]) -> Any:
    """``spinfix._matchcore.Phrases`` over ``unique`` (reporting ``indices``), or None without the module or
    when a pattern starts or ends with a character that is no word character (the compiled scan takes
    only patterns that begin at a word start and end at a word end by their own letters)."""
    # Each distinct first and last character asked once: two Python calls per pattern were a tenth of
    # building the default tables' matchers at a cold start (17,000 patterns, about 100 such characters).
    edges = {p[0] for p in unique}
    edges.update(p[-1] for p in unique)
    if not unique or not all(map(is_word_char, edges)):
        return None
    module = load_compiled("_matchcore")
    if module is None:
        return None
    return module.Phrases(unique, indices, is_word_char)


def _rebuild(patterns: list[str], compiled: bool) -> PhraseMatcher:
    return PhraseMatcher(patterns, compiled=compiled)


class PhraseMatcher:
    """Phrase matching with exact token-level leftmost-longest semantics (see the module doc): the compiled
    word-at-a-time scan where it is built and takes the patterns, else the Aho–Corasick automaton;
    ``compiled=False`` asks for the automaton (the tests compare the two)."""

    def __init__(self, patterns: Sequence[str], *, compiled: bool = True) -> None:
        self.patterns = list(patterns)
        self._may_compile = compiled  # kept for pickling: the scan itself is rebuilt
        self._reference: ReferenceScanner | None = None
        # A pattern given twice is one automaton pattern reporting the later index, as the reference does.
        last: dict[str, int] = {}
        for index, pattern in enumerate(self.patterns):
            if not pattern:
                raise ValueError("empty pattern")
            last[pattern] = index
        unique = list(last)
        self._spans = _SpanScanner(last)
        self._index = [last[p] for p in unique]  # automaton pattern id → index into ``patterns``
        #: The compiled word-at-a-time scan (see the module doc), or None: then the automaton finds them.
        self._phrases = _compiled_phrases(unique, self._index) if compiled else None
        automaton = unique and self._phrases is None
        #: Whether a failed raw match of the pattern may hide a valid match (see the module doc): it holds a
        #: character that is not a word character. A space says so at once (most table patterns have one),
        #: and a pattern ``isalnum`` accepts has none, so only the rest are read character by character.
        #: Only the automaton's pass asks it.
        self._hides = [" " in p or not (p.isalnum() or all(map(is_word_char, p))) for p in unique] if automaton else []
        self._automaton = (ahocorasick_rs.BytesAhoCorasick([_utf8(p) for p in unique],
                                                           matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
                           if automaton else None)
        #: For :meth:`overlapping`, built on first use: the patterns sorted (those that go on from some
        #: words are a run of it), and what was worked out from it per pattern and per word prefix.
        self._sorted: list[str] | None = None
        self._inner: dict[int, tuple[tuple[int, tuple[int, ...]], ...]] = {}
        self._longer: dict[str, tuple[int, ...]] = {}

    @property
    def compiled(self) -> bool:
        """Whether the compiled word-at-a-time scan finds the matches (else the automaton does)."""
        return self._phrases is not None

    def _inner_starts(self, index: int) -> tuple[tuple[int, tuple[int, ...]], ...]:
        """The inner words of pattern ``index`` from which a longer pattern begins, each as its offset and
        those patterns' lengths (:meth:`_lengths_after`): "the hearth" -> ((4, (len("hearth truck"),
        ...)),)."""
        inner = self._inner.get(index)
        if inner is None:
            pattern = self.patterns[index]
            found = []
            k = pattern.find(" ")
            while k >= 0:
                lengths = self._lengths_after(pattern[k + 1:])
                if lengths:
                    found.append((k + 1, lengths))
                k = pattern.find(" ", k + 1)
            inner = self._inner[index] = tuple(found)
        return inner

    def _lengths_after(self, head: str) -> tuple[int, ...]:
        """The lengths, longest first, of the patterns that go on from the words ``head`` ("hearth" ->
        len("hearth truck"), ...): where a found match ends, a word may end only before a space or a
        possessive ("institution's"), so those are the two ways on."""
        lengths = self._longer.get(head)
        if lengths is None:
            ordered = self._sorted
            if ordered is None:
                ordered = self._sorted = sorted(self.patterns)
            found: set[int] = set()
            for sep in " '":
                lo = bisect.bisect_left(ordered, head + sep)
                hi = bisect.bisect_left(ordered, head + chr(ord(sep) + 1))
                found.update(len(p) for p in ordered[lo:hi])
            lengths = self._longer[head] = tuple(sorted(found, reverse=True))
        return lengths

    def overlapping(self, norm: str, matches: Sequence[Match]) -> list[Match]:
        """Matches that :meth:`find`'s leftmost-longest rule hides: each starts at a word inside one of
        ``matches`` and ends beyond it ("the hearth truck": "the hearth" is found, "hearth truck" hidden),
        the longest there.

        A found match can be dropped later (a row's conditions, a legitimate use, a low score), and then
        the hidden one is what the text holds: the caller lets them compete. Only the lengths of the
        patterns that begin with the found match's inner words are tried, so a match whose inner words
        begin no pattern costs one dict lookup.
        """
        out: list[Match] = []
        get = self._spans.index.get
        n = len(norm)
        for start, end, index in matches:
            for offset, lengths in self._inner_starts(index):
                i = start + offset
                for length in lengths:
                    j = i + length
                    if j <= end:
                        break  # shorter ones end inside the found match
                    if j <= n and is_word_end(norm, j):
                        k = get(norm[i:j])
                        if k is not None:
                            out.append((i, j, k))
                            break
        return out

    def __reduce__(self) -> tuple[Any, ...]:
        # Neither the Rust automaton nor the compiled trie can be pickled: rebuild from the patterns.
        return _rebuild, (self.patterns, self._may_compile)

    @property
    def reference(self) -> ReferenceScanner:
        """The pure-Python trie scanner over the same patterns (the tests' oracle), built on first use."""
        if self._reference is None:
            self._reference = ReferenceScanner(self.patterns)
        return self._reference

    def find(self, norm: str) -> list[Match]:
        """Every match in the normalised text ``norm``, in order.

        One pass of the automaton. ``cursor`` marks where the result is decided: raw matches before it
        are skipped, and where a raw match that failed its boundary check, or that crosses the cursor, may
        hide valid matches, that span alone is decided by the reference walk.
        """
        if self._phrases is not None:
            return self._phrases.find(norm)
        out: list[Match] = []
        if self._automaton is None or not norm:
            return out
        data = _utf8(norm)
        raw = self._automaton.find_matches_as_indexes(data)
        if not raw:
            return out
        if len(data) != len(norm):
            raw = self._code_points(raw, data)
        index_of, hides = self._index, self._hides
        append = out.append
        n = len(norm)
        cursor = 0
        for pid, start, end in raw:
            if start < cursor:
                if end > cursor and hides[pid]:
                    # Decided up to the cursor; valid matches may start in [cursor, end): scan them.
                    found, pos = self._spans.scan(norm, cursor, end)
                    out.extend(found)
                    cursor = max(cursor, pos)
                continue
            # Most matches are surrounded by spaces or the text's ends: accept those without the full check.
            if ((start == 0 or norm[start - 1] == " ") and (end == n or norm[end] == " ")) or (
                    is_word_start(norm, start) and is_word_end(norm, end)):
                append((start, end, index_of[pid]))
                cursor = end
            elif hides[pid]:
                # A raw match that failed may hold a valid match's start: decide that span exactly.
                found, pos = self._spans.scan(norm, start, end)
                out.extend(found)
                cursor = pos
        return out

    @staticmethod
    def _code_points(raw: list[tuple[int, int, int]], data: bytes) -> list[tuple[int, int, int]]:
        """Raw matches with byte offsets turned into code-point offsets (offsets only grow: one pass)."""
        converted = []
        byte_pos = char_pos = 0
        for pid, start, end in raw:
            char_pos += len(data[byte_pos:start].translate(None, _CONTINUATION))
            char_start = char_pos
            char_pos += len(data[start:end].translate(None, _CONTINUATION))
            byte_pos = end
            converted.append((pid, char_start, char_pos))
        return converted
