"""Number words that a spinner wrote where the original had digits.

Spinners treat a digit as a word and swap it for its "synonym": ``0.5`` becomes ``zero.5`` and the wire
slug ``UPDATE 3-`` becomes ``UPDATE Three-``. Outside these shapes a number word is ordinary English
("three people", "zero tolerance"), so only these shapes are matched:

* a number word glued to a decimal point and a digit (``zero.5``, ``5.Seven``);
* a number word glued to a thousands separator and three digits (``three,000``, ``twenty,500``): the
  spinner swapped the leading group of ``3,000``;
* a number word between a news-wire slug word and a hyphen (``UPDATE Three-Japan``);
* a number word after a currency sign (``$three billion``) or before a percent sign (``rose three %``);
* a number word on one side of a hyphen with a digit on the other, a score or a vote (``won three-1``,
  ``a 5-four ruling``).
* "per cent" after a figure written as "for each cent" or "for every cent" (``15 for each cent``): the
  thesaurus offers "for each" for "per", and "per cent" is a unit, not a phrase a writer rewords; and
  the figure itself when the spinner spelled it out too (``five for every cent`` for ``5 per cent``).

None of these shapes occurs in the 136k words of the clean sets (fixtures, both held-out sets, the Lee
corpus): a writer who spells a number out does not put a sign, a digit or an abbreviation beside it.
"""

from __future__ import annotations

import re

import regex

from ..candidates import Candidate
from ..text import positions

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

# A number word beside a sign or a digit, each found from the rare character it touches: "$" and "%"
# (both rare in prose), a hyphen between a digit and a letter (the dot trick above).
_SIGN_WORD = re.compile(r"\$ ?([a-z]+)(?![a-z0-9])")
_HYPHEN_MIX = re.compile(r"-(?:(?<=[0-9]-)[a-z]|(?<=[a-z]-)[0-9])")

#: Measured on the project's clean fixtures: none of these shapes occurs in clean prose, so the rules
#: carry a high prior; they still pass through the scorer like any candidate.
DECIMAL_PRIOR = 0.97
GROUP_PRIOR = 0.97
SLUG_PRIOR = 0.95
#: A number word beside "$", "%" or a digit across a hyphen: none in the clean sets.
SIGN_PRIOR = 0.95
#: "15 for each cent": none in the clean sets.
PER_CENT_PRIOR = 0.95
# A figure, then "per" as the thesaurus rewrites it, then "cent"; tried only where " cent" occurs.
_PER_CENT = re.compile(r"[0-9] ((?:for each|for every|each|every) cent)(?![a-z0-9])")
#: The number words a spinner writes for the figure before such a "cent" (not "hundred": "a hundred per
#: cent" is the writer's own).
_CENT_WORDS = {w: d for w, d in GROUP_WORDS.items() if w != "hundred"}
# "five for every cent": the spinner swapped the figure too ("5 per cent" or "5%"). Only the two-word
# rewordings ("five every cent" is no shape a thesaurus makes), found from their literal start; the number
# word before is read after.
_FOR_EACH_CENT = re.compile(r"for e(?:ach|very) cent(?![a-z0-9])")


#: Literals every shape of the gated searches below contains (``rules.probes``): a rule given the
#: probes a text holds skips the searches whose literal it lacks.
_SLUG_PROBES = tuple(slug + " " for slug in _SLUG_WORDS)
PROBES = (*_SLUG_PROBES, "each cent", "every cent", "for each cent", "for every cent")
_ALL_PROBES = frozenset(PROBES)


def number_candidates(norm: str, present: frozenset[str] | None = None) -> list[Candidate]:
    """Candidates for number words in decimal numbers and wire slugs (``norm`` is normalised text).

    The decimal shapes are found from the rare spots where a letter touches a decimal point next to a
    digit (one C-speed scan); only there is the word read and checked. ``present``: the PROBES ``norm``
    holds (``rules.probes.present``); without it every gate is open.
    """
    if present is None:
        present = _ALL_PROBES
    out: list[Candidate] = []
    for m in _LETTER_DOT_DIGIT.finditer(norm):
        dot = m.start()
        if norm[dot - 1].isalpha():  # "zero.5": the word ends at the dot
            end = dot
            start = _word_start(norm, end)
            if start > 0 and (norm[start - 1].isalnum() or norm[start - 1] == "."):
                continue
        else:  # "5.seven": the word starts after the dot
            start = dot + 1
            end = _word_end(norm, start)
            if end < len(norm) and norm[end].isalnum():
                continue
        word = norm[start:end]
        if word in DIGITS and word != "ten":
            out.append(Candidate(start, end, (DIGITS[word],), DECIMAL_PRIOR, "rule:number",
                                 "number word inside a decimal number", kind="number"))
    for m in _LETTER_COMMA_GROUP.finditer(norm):
        end = m.start()
        start = _word_start(norm, end)
        if start > 0 and (norm[start - 1].isalnum() or norm[start - 1] in ".,"):
            continue  # "1,two,000" or a word glued to something else: not this shape
        word = norm[start:end]
        if word in GROUP_WORDS:
            out.append(Candidate(start, end, (GROUP_WORDS[word],), GROUP_PRIOR, "rule:number",
                                 "number word before a thousands separator", kind="number"))
    out += _beside_signs(norm)
    if "each cent" in present or "every cent" in present:
        out += [Candidate(m.start(1), m.end(1), ("per cent",), PER_CENT_PRIOR, "rule:number",
                          "'per cent' after a figure, reworded by a spinner's thesaurus", kind="number")
                for m in _PER_CENT.finditer(norm)]
    if "for each cent" in present or "for every cent" in present:
        out += _word_per_cent(norm)
    if not present.isdisjoint(_SLUG_PROBES):
        for m in _SLUG.finditer(norm):
            out.append(Candidate(m.start(1), m.end(1), (DIGITS[m.group(1)],), SLUG_PRIOR, "rule:number",
                                 "number word in a wire-service update slug", kind="number"))
    return out


def _word_per_cent(norm: str) -> list[Candidate]:
    """A number word before "for each cent" / "for every cent" (``five for every cent``): the word and the
    phrase, each restored ("5", "per cent")."""
    out: list[Candidate] = []
    for m in _FOR_EACH_CENT.finditer(norm):
        end = m.start() - 1
        if end < 1 or norm[end] != " ":
            continue
        start = _word_start(norm, end)
        word = norm[start:end]
        if word not in _CENT_WORDS or (start and (norm[start - 1].isalnum() or norm[start - 1] in "_.,'’-")):
            continue  # "a hundred for every cent", "one.five for each cent"
        out.append(Candidate(start, end, (_CENT_WORDS[word],), PER_CENT_PRIOR, "rule:number",
                             "number word before a reworded 'per cent': both swapped by a spinner", kind="number"))
        out.append(Candidate(m.start(), m.end(), ("per cent",), PER_CENT_PRIOR, "rule:number",
                             "'per cent' after a number word, reworded by a spinner's thesaurus", kind="number"))
    return out


def _beside_signs(norm: str) -> list[Candidate]:
    """Number words next to "$", "%" or a digit across a hyphen (see the module doc)."""
    found: list[tuple[int, int, float, str]] = []
    if "$" in norm:
        found += [(m.start(1), m.end(1), SIGN_PRIOR, "number word after a currency sign")
                  for m in _SIGN_WORD.finditer(norm)]
    # Read back from each "%": a pattern ending in it would be tried at every letter.
    for i in positions(norm, "%"):
        end = i - 1 if i and norm[i - 1] == " " else i
        start = _word_start(norm, end)
        if start < end and not (start and norm[start - 1].isalnum()):
            found.append((start, end, SIGN_PRIOR, "number word before a percent sign"))
    for m in _HYPHEN_MIX.finditer(norm):
        dash = m.start()
        if norm[dash - 1].isalpha():  # "three-1": the word ends at the hyphen
            end = dash
            start = _word_start(norm, end)
            if start > 0 and (norm[start - 1].isalnum() or norm[start - 1] in "-."):
                continue  # "covid-19", "g-7" and "a-3" are names, not this shape
            after = dash + 1
            while after < len(norm) and norm[after].isdigit():
                after += 1
            if after < len(norm) and (norm[after].isalpha() or norm[after] == "-"):
                continue  # "three-1st", "one-2-three": not a score
        else:  # "5-four": the word starts after the hyphen
            start = dash + 1
            end = _word_end(norm, start)
            if end < len(norm) and (norm[end].isalnum() or norm[end] == "-"):
                continue
            before = dash - 1
            while before > 0 and norm[before - 1].isdigit():
                before -= 1
            if before > 0 and (norm[before - 1].isalpha() or norm[before - 1] in "-."):
                continue  # "covid-19-one", "x5-one": the digits belong to a name
        found.append((start, end, SIGN_PRIOR, "number word beside a digit across a hyphen (a score or a vote)"))
    return [Candidate(s, e, (DIGITS[norm[s:e]],), prior, "rule:number", reason, kind="number")
            for s, e, prior, reason in found if norm[s:e] in DIGITS]


def _word_start(norm: str, end: int) -> int:
    """Where the run of letters that ends at ``end`` starts (``end`` itself when none does)."""
    start = end
    while start > 0 and norm[start - 1].isalpha():
        start -= 1
    return start


def _word_end(norm: str, start: int) -> int:
    """Where the run of letters that starts at ``start`` ends (``start`` itself when none does)."""
    end = start
    while end < len(norm) and norm[end].isalpha():
        end += 1
    return end
