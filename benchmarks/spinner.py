"""A simple article spinner: swap known phrases for "synonyms", the way spinning tools do.

``Spinner(pairs, rate, seed).spin(text)`` finds every occurrence of an *original* phrase (whole words,
case-insensitive, leftmost-longest), and with probability ``rate`` replaces it by one of its spun forms,
carrying the capitalisation over. It returns the spun text and the list of :class:`Swap` records, so the
corpus knows exactly what was changed. By default the pairs are the inverse of the shipped news table
(original → spun, inflected forms included), i.e. the spinner makes exactly the swaps spinfix undoes.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from spinfix.normalize import is_word_end, is_word_start, normalize


@dataclass(frozen=True, slots=True)
class Swap:
    """One replacement: ``spun_text[start:end] == spun`` replaced ``text[source_start:source_end] == original``."""

    start: int
    end: int
    original: str
    spun: str
    source_start: int
    source_end: int


def carry_case(source: str, replacement: str) -> str:
    """Give ``replacement`` the capitalisation of ``source`` (all caps, first letter, or as is)."""
    letters = [c for c in source if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if source[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def default_pairs() -> list[tuple[str, str]]:
    """original → spun pairs from the shipped news table (or the benchmark stand-in when it is missing)."""
    return list(_shipped_pairs())


@functools.cache
def _shipped_pairs() -> tuple[tuple[str, str], ...]:
    """:func:`default_pairs`, worked out once per process: reading and merging the shipped tables took a
    second or more, and the suite makes a spinner for every subset of real text it spins (a fifth of
    the test suite's smoke run of the benchmarks went to reading the same tables again)."""
    from .tables import load_base, spinner_pairs

    return tuple(spinner_pairs(load_base().rows))


class Spinner:
    """Swap original phrases for spun ones at a given rate; deterministic for a given seed."""

    def __init__(self, pairs: Iterable[tuple[str, str]] | None = None, rate: float = 0.6, seed: int | str = 0) -> None:
        if not 0.0 <= rate <= 1.0:
            raise ValueError("rate must be in [0, 1]")
        self.rate = rate
        self._rng = random.Random(seed)
        options: dict[str, list[str]] = {}
        for original, spun in (default_pairs() if pairs is None else pairs):
            key = normalize(original)
            if spun not in options.setdefault(key, []):
                options[key].append(spun)
        self.options = options
        self._automaton: ahocorasick.Automaton | None = None
        if options:
            automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
            for key in options:
                automaton.add_word(key, (key, len(key)))
            automaton.make_automaton()
            self._automaton = automaton

    def spin(self, text: str, seed: int | str | None = None) -> tuple[str, list[Swap]]:
        """Return ``(spun_text, swaps)``; ``seed`` re-seeds the spinner for this text (reproducible docs)."""
        rng = self._rng if seed is None else random.Random(seed)
        if self._automaton is None or not text:
            return text, []
        norm = normalize(text)
        out: list[str] = []
        swaps: list[Swap] = []
        pos = 0
        shift = 0
        for last, (key, length) in self._automaton.iter_long(norm):
            end = last + 1
            start = end - length
            if start < pos or not (is_word_start(norm, start) and is_word_end(norm, end)):
                continue
            if rng.random() >= self.rate:
                continue
            source = text[start:end]
            choices = self.options[key]
            spun = carry_case(source, choices[0] if len(choices) == 1 else rng.choice(choices))
            out.append(text[pos:start])
            new_start = start + shift
            out.append(spun)
            swaps.append(Swap(new_start, new_start + len(spun), source, spun, start, end))
            shift += len(spun) - (end - start)
            pos = end
        out.append(text[pos:])
        return "".join(out), swaps
