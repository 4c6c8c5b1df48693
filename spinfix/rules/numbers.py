"""Number words that a spinner wrote where the original had digits.

Spinners treat a digit as a word and swap it for its "synonym": ``0.5`` becomes ``zero.5`` and the wire
slug ``UPDATE 3-`` becomes ``UPDATE Three-``. Outside these shapes a number word is ordinary English
("three people", "zero tolerance"), so only these shapes are matched:

* a number word glued to a decimal point and a digit (``zero.5``, ``5.Seven``);
* a number word between a news-wire slug word and a hyphen (``UPDATE Three-Japan``).
"""

from __future__ import annotations

import regex

from ..candidates import Candidate

DIGITS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10",
}
_WORDS = "|".join(sorted(DIGITS, key=len, reverse=True))

# Wire-service slug words that precede an update number (Reuters/AP headline conventions).
_SLUGS = "update|refile|corrected|wrapup|rpt|exclusive-update"

# Possessive-free, bounded patterns: no nested quantifiers, so matching is linear.
_DECIMAL_BEFORE = regex.compile(rf"(?<![\p{{L}}\p{{N}}.])({_WORDS})(?=\.\p{{N}})")
_DECIMAL_AFTER = regex.compile(rf"(?<=\p{{N}}\.)({_WORDS})(?![\p{{L}}\p{{N}}])")
_SLUG = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{_SLUGS}) ({_WORDS})(?=[-\u2013\u2014])")

#: Measured on the project's clean fixtures: none of these shapes occurs in clean prose, so the rules
#: carry a high prior; they still pass through the scorer like any candidate.
DECIMAL_PRIOR = 0.97
SLUG_PRIOR = 0.95


def number_candidates(norm: str) -> list[Candidate]:
    """Candidates for number words in decimal numbers and wire slugs (``norm`` is normalised text)."""
    out: list[Candidate] = []
    if "." in norm:
        for pattern in (_DECIMAL_BEFORE, _DECIMAL_AFTER):
            for m in pattern.finditer(norm):
                out.append(Candidate(m.start(1), m.end(1), (DIGITS[m.group(1)],), DECIMAL_PRIOR,
                                     "rule:number", "number word inside a decimal number", kind="number"))
    for m in _SLUG.finditer(norm):
        out.append(Candidate(m.start(1), m.end(1), (DIGITS[m.group(1)],), SLUG_PRIOR, "rule:number",
                             "number word in a wire-service update slug", kind="number"))
    return out
