"""Adversarial inputs: shapes of text that make naive matchers or pipelines go quadratic.

Each case is a function ``(size, material) -> text``; ``size`` is in characters (all cases are ASCII, so
characters are bytes). ``material`` gives the table's patterns and some corpus text to build from.

* ``long_line``: corpus documents joined by spaces, no newline at all (a scraped page in one line).
* ``long_word``: one word with no space, made of the table's one-word patterns glued together, so the
  automaton finds raw matches everywhere and every one fails its word-boundary check.
* ``repeated_word``: the first word of a multi-word phrase, repeated (``personal personal personal …``).
* ``repeated_prefix``: a multi-word phrase without its last word, repeated (``chief govt chief govt …``):
  every position starts a partial match that never completes.
* ``near_matches``: multi-word phrases that *almost* match: truncated, glued to a letter on either side,
  hyphen-joined, double-spaced. The glued ones are raw matches that fail the boundary check, which is
  the matcher's exact re-scan path.
* ``dense_matches``: real table phrases back to back: every few characters is a finding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Material:
    """What the cases are built from."""

    patterns: list[str]  # the table's patterns (normalised, lower case)
    text: str  # some corpus text (a few hundred KB is enough; it is repeated)

    @property
    def multiword(self) -> list[str]:
        words = sorted((p for p in self.patterns if " " in p), key=lambda p: (-p.count(" "), p))
        return words or ["personal corporation"]

    @property
    def single(self) -> list[str]:
        return [p for p in self.patterns if p.isalpha()] or ["stated"]


def _fill(unit: str, size: int) -> str:
    if not unit:
        raise ValueError("empty unit")
    return (unit * (size // len(unit) + 1))[:size]


def long_line(size: int, m: Material) -> str:
    return _fill(" ".join(m.text.split()) + " ", size)


def long_word(size: int, m: Material) -> str:
    return _fill("".join(m.single[:500]), size)


def repeated_word(size: int, m: Material) -> str:
    # prefer the phrase "personal corporation" of the format doc when the table has it
    phrase = next((p for p in m.multiword if p.startswith("personal ")), m.multiword[0])
    return _fill(phrase.split(" ")[0] + " ", size)


def repeated_prefix(size: int, m: Material) -> str:
    phrase = m.multiword[0]  # the phrase with the most words
    return _fill(phrase.rsplit(" ", 1)[0] + " ", size)


def near_matches(size: int, m: Material) -> str:
    parts = []
    for p in m.multiword[:300]:
        parts += [p[:-1], p + "x", "x" + p, p.replace(" ", "-"), p.replace(" ", "  ")]
    return _fill(" ".join(parts) + " ", size)


def dense_matches(size: int, m: Material) -> str:
    return _fill(" ".join(m.multiword[:300]) + " ", size)


CASES: dict[str, Callable[[int, Material], str]] = {
    "long_line": long_line,
    "long_word": long_word,
    "repeated_word": repeated_word,
    "repeated_prefix": repeated_prefix,
    "near_matches": near_matches,
    "dense_matches": dense_matches,
}
