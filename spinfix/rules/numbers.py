"""Number words that a spinner wrote where the original had digits.

Spinners treat a digit as a word and swap it for its "synonym": ``0.5`` becomes ``zero.5`` and the wire
slug ``UPDATE 3-`` becomes ``UPDATE Three-``. Outside these shapes a number word is ordinary English
("three people", "zero tolerance"), so only these shapes are matched:

* a number word glued to a decimal point and a digit (``zero.5``, ``5.Seven``);
* a number word glued to a thousands separator and three digits (``three,000``, ``twenty,500``): the
  spinner swapped the leading group of ``3,000``;
* a number word between a news-wire slug word and a hyphen (``UPDATE Three-Japan``).
"""

from __future__ import annotations

import re

import regex

from ..candidates import Candidate

DIGITS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10",
}
_WORDS = "|".join(sorted(DIGITS, key=len, reverse=True))
#: The leading group of a number with thousands separators can be any number below 1,000; a spinner's
#: thesaurus has words for the small ones.
GROUP_WORDS = {
    **{w: d for w, d in DIGITS.items() if w != "zero"},
    "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16",
    "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100",
}

# Wire-service slug words that precede an update number (Reuters/AP headline conventions).
_SLUG_WORDS = ("update", "refile", "corrected", "wrapup", "rpt", "exclusive-update")
_SLUGS = "|".join(_SLUG_WORDS)

# A letter and a digit on either side of a decimal point: the only place a decimal shape can be.
# The pattern starts with the literal dot so the engine can skip to dots at memory speed (30x faster
# than a pattern starting with a class, measured on the benchmark corpus).
_LETTER_DOT_DIGIT = re.compile(r"\.(?:(?<=[a-z]\.)[0-9]|(?<=[0-9]\.)[a-z])")
# A letter before a thousands separator and exactly three digits ("three,000"), found from the comma.
_LETTER_COMMA_GROUP = re.compile(r",(?<=[a-z],)[0-9]{3}(?![0-9])")
# Bounded patterns without nested quantifiers, so matching is linear.
_SLUG = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{_SLUGS}) ({_WORDS})(?=[-\u2013\u2014])")

#: Measured on the project's clean fixtures: none of these shapes occurs in clean prose, so the rules
#: carry a high prior; they still pass through the scorer like any candidate.
DECIMAL_PRIOR = 0.97
GROUP_PRIOR = 0.97
SLUG_PRIOR = 0.95


def number_candidates(norm: str) -> list[Candidate]:
    """Candidates for number words in decimal numbers and wire slugs (``norm`` is normalised text).

    The decimal shapes are found from the rare spots where a letter touches a decimal point next to a
    digit (one C-speed scan); only there is the word read and checked.
    """
    out: list[Candidate] = []
    for m in _LETTER_DOT_DIGIT.finditer(norm):
        dot = m.start()
        if norm[dot - 1].isalpha():  # "zero.5": the word ends at the dot
            end = dot
            start = end
            while start > 0 and norm[start - 1].isalpha():
                start -= 1
            if start > 0 and (norm[start - 1].isalnum() or norm[start - 1] == "."):
                continue
        else:  # "5.seven": the word starts after the dot
            start = dot + 1
            end = start
            while end < len(norm) and norm[end].isalpha():
                end += 1
            if end < len(norm) and norm[end].isalnum():
                continue
        word = norm[start:end]
        if word in DIGITS and word != "ten":
            out.append(Candidate(start, end, (DIGITS[word],), DECIMAL_PRIOR, "rule:number",
                                 "number word inside a decimal number", kind="number"))
    for m in _LETTER_COMMA_GROUP.finditer(norm):
        end = m.start()
        start = end
        while start > 0 and norm[start - 1].isalpha():
            start -= 1
        if start > 0 and (norm[start - 1].isalnum() or norm[start - 1] in ".,"):
            continue  # "1,two,000" or a word glued to something else: not this shape
        word = norm[start:end]
        if word in GROUP_WORDS:
            out.append(Candidate(start, end, (GROUP_WORDS[word],), GROUP_PRIOR, "rule:number",
                                 "number word before a thousands separator", kind="number"))
    if not any(slug + " " in norm for slug in _SLUG_WORDS):
        return out
    for m in _SLUG.finditer(norm):
        out.append(Candidate(m.start(1), m.end(1), (DIGITS[m.group(1)],), SLUG_PRIOR, "rule:number",
                             "number word in a wire-service update slug", kind="number"))
    return out
