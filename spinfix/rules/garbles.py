"""Mechanical garbles a word-by-word spinner leaves on short forms: "The us", "No. one", "its 1st loss of life".

A spinner looks words up in its thesaurus without regard to case or to what a token is, so three short
forms come out garbled in a way no writer produces:

* **a country or union as a lower-case acronym**: the spinner's thesaurus writes its entries in lower
  case, so "America" or "the US" comes out as "The us reported" (the first letter capitalised where the
  replaced word was), and "Britain" as "the uk". A writer never puts the object pronoun "us" after "the",
  nor writes "the uk", "the eu", "the usa" or "the un" in lower case, so these shapes (in the text's own
  case, not a normalised copy) are restored to the acronym with a high prior. A capitalised "The Us" (a
  title) and "the us-versus-them" (a compound) are left alone.
* **a number word after "No."**: "the No. one seed" is a spinner's "No. 1" (a writer spells out "number
  one"); the word must be lower case in the text, since "No. One of them ..." is two sentences.
* **an ordinal in figures**: the spinner's thesaurus lists "1st" as a synonym of "first", so "its first
  death" becomes "its 1st loss of life". News style spells out first to ninth, but figures are ordinary
  in units, districts, dates and centuries ("the 3rd Battalion", "June 1st", "the 5th century"), so only
  the shape determiner + 1st-9th + a lower-case word that is not such a noun is proposed, with a moderate
  prior, and only in a document and a region that already read as spun (``spun_doc``, ``spun_region``).

* **a date's day or the pronoun "one" written the other way round**: the thesaurus lists a figure and its
  word as synonyms both ways, so "until March 9." becomes "until March nine." and "one of the largest"
  "1 of the largest" (or "single of the largest"). News style writes a date's day in figures and the
  pronoun in letters, but informal prose does neither reliably ("see you March nine!", "1 of the best
  films"), so both are proposed only in the shapes below and, as the ordinal, only in a document and a
  region that already read as spun: a month name (not "May", see below) and a number word of 1-31
  followed by a punctuation mark, the end of the text, a year or a range word (not a noun: "in March nine
  people died" counts people); "1" or "single" + "of" + a determiner after a copula or conjunction ("is
  1 of the", "and single of its"; "Game 1 of the series" and "the best single of the year" are not this
  shape).

* **the month May as a modal verb**: the thesaurus lists "could" and "might" for "may" and the spinner
  keeps the capital, so "the conference in May" becomes "the conference in Could", and "from May 12"
  "from Might 12". A capitalised "Could" or "Might" after "in", "since", "until", "by", "from" ... is
  no modal (a modal follows its subject, not a preposition), and nor is one before a day of the month
  after "on"; these are restored to "May".

Issue 13 names the first and the last as spinner garbles to undo ("Fb", "The us", "1st loss of life";
"Fb" is a table row). Measured on the clean sets (fixtures, both held-out sets, the Lee corpus: 136k
words), the first two shapes never occur and the third only before capitalised unit names; the month
shape occurs in none of them, nor in the devset's clean pages or 202k words of docstrings.
"""

from __future__ import annotations

import re

import regex

from ..candidates import Candidate
from ..table import Conditions
from ..text import positions
from .numbers import DIGITS

#: How often "the us" (or "the uk" ...) in a text's own lower case is a garbled acronym (none in 136k clean
#: words, nor in the docstrings corpus).
ACRONYM_PRIOR = 0.9
ACRONYMS = {"us": "US", "uk": "UK", "eu": "EU", "usa": "USA", "un": "UN"}
#: "No." + a lower-case number word (none in the clean sets).
NUMBER_SIGN_PRIOR = 0.9
#: An ordinal in figures after a determiner, where the document and its region read as spun. Moderate:
#: non-wire styles write "the 2nd time" too, so the region decides.
ORDINAL_PRIOR = 0.6

ORDINALS = {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth",
            "6th": "sixth", "7th": "seventh", "8th": "eighth", "9th": "ninth"}
#: Words before which figures are the ordinary style (units, places in a list, dates, ranks in a series):
#: an ordinal before one of them is left alone.
FIGURE_NOUNS = frozenset({
    "century", "centuries", "percentile", "percentiles", "grade", "grader", "graders", "floor", "street",
    "avenue", "district", "districts", "circuit", "precinct", "ward", "battalion", "brigade", "division",
    "regiment", "infantry", "cavalry", "fleet", "army", "corps", "squadron", "amendment", "edition",
    "ed", "order", "degree", "power", "root", "of", "and", "or", "to",
})
_DETERMINERS = frozenset({"the", "its", "his", "her", "their", "our", "your", "my", "a", "this", "that"})

# "the us" as the text writes it: a lower-case acronym after "the"/"The", not inside a compound or a
# contraction ("the us-versus-them", "the us's" are not this shape). Tried where the probe finds its core.
_ACRONYM_PROBE = re.compile(r"he (?:usa?|uk|eu|un)(?![\w'’-])")  # a literal prefix: found at C speed
_THE_ACRONYM = re.compile(r"(?<![\w'’-])[Tt]he (us|uk|eu|usa|un)(?![\w'’-])")
# 1st-9th, one space and a lower-case word. Both patterns are tried only where a plain search found
# their core: a scan with a look-behind first is ten times slower (33 ms per MB of news).
_NO_WORD = re.compile(r"(?<![\w.'’-])No\. (" + "|".join(sorted(DIGITS, key=len, reverse=True)) + r")(?![\w'’-])")
# The core is a ``regex`` pattern: for a pattern that starts with a character class it skips ahead four
# times faster than ``re`` (1.4 against 5.9 ms per MB of clean news).
_ORDINAL_CORE = regex.compile(r"[1-9](?:st|nd|rd|th) [a-z]")
_ORDINAL = re.compile(r"(?<![\w.,/-])([1-9](?:st|nd|rd|th)) ([a-z]+)(?![\w'’-])")
# The determiner just before the ordinal: the last word of the few characters before it.
_LAST_WORD = re.compile(r"(?:^|[^\w'’-])(\w+) $")

_SPUN_ONLY = Conditions(spun_doc=True)

#: A date's day as a word, or "one" as "1" / "single" before "of", where the document and its region read
#: as spun (none in the clean sets; informal prose writes both, so the region decides).
DAY_PRIOR = 0.6
ONE_OF_PRIOR = 0.6
_DAY_WORDS = {w: str(i) for i, w in enumerate((
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"), start=1)}
_DAY_WORDS.update({f"twenty-{w}": str(20 + i) for w, i in zip(
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"), range(1, 10))})
_DAY_WORDS.update({"thirty": "30", "thirty-one": "31"})
_MONTHS = ("January", "February", "March", "April", "June", "July", "August", "September", "October",
           "November", "December", "Jan.", "Feb.", "Mar.", "Apr.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec.")
# Month, one space, a day word, then what may follow a date and not a counted noun: a punctuation mark,
# the end, a year, or a range word. The pattern starts with the month names so that the engine skips to
# their capitals (a look-behind first made it try every position: 26-29 ms per MB of clean news and
# science, against 5-7); the character before the month is checked after.
_DATE_WORD = re.compile(
    r"(?:" + "|".join(re.escape(m) for m in _MONTHS) + r") ("
    + "|".join(sorted(_DAY_WORDS, key=len, reverse=True))
    + r")(?=[,.;:!?)\]]|\s*$|\s+(?:[12][0-9]{3}\b|(?:and|to|through|until|or)\b))")
# "1 of the", "single of its", tried only where "1 of " or "single of " occurs; the word before is read after.
_ONE_OF = re.compile(r"(?<![\w'’.,-])(1|single) of (?:the|its|their|his|her|our|my|your|this|these|those|many|"
                     r"several)(?![\w'’-])")
#: The words after which "1 of the" / "single of the" stands for "one of the".
_BEFORE_ONE_OF = frozenset({"is", "was", "are", "were", "be", "been", "being", "become", "becomes", "became",
                            "remains", "remained", "as", "and", "but", "or", "also", "still", "arguably",
                            "easily", "probably", "likely"})

#: "in Could" (the month May as a modal, see the module doc): in no clean text measured.
MONTH_PRIOR = 0.9
#: The modals the month comes out as, each found with ``str.find`` (a pattern "Could|Might" cost 6 ms per
#: MB of clean news, two finds 2); the word's ends are checked after.
_MONTH_MODALS = ("Could", "Might")
#: The lower-case word before it that makes it a month: a preposition or determiner of time ...
_BEFORE_MONTH = frozenset({"in", "since", "until", "till", "by", "from", "through", "during", "early", "late",
                           "mid", "last", "next", "this", "before", "after"})
#: ... or "on" before a day of the month ("on Might 12"; "carry on Could ..." in a title is no date).
_DAY = re.compile(r" [1-3]?[0-9](?!\d)")
_WORD_END = re.compile(r"[\w'’-]")


#: Literals every shape of the searches below contains, each gating its search (see ``rules.probes``;
#: asked in lower case of the normalised text, so only a necessary condition for these shapes of case).
_ACRONYM_PROBES = tuple(f"he {a}" for a in ("us", "uk", "eu", "un"))
_ORDINAL_PROBES = tuple(f"{o} " for o in ORDINALS)
_DATE_PROBES = tuple(f"{m} " for m in _MONTHS)
PROBES = (*_ACRONYM_PROBES, "No. ", *_ORDINAL_PROBES, *_DATE_PROBES, "1 of ", "single of ", *_MONTH_MODALS)
_ALL_PROBES = frozenset(PROBES)


def _date_words(text: str, present: frozenset[str]) -> list[re.Match[str]]:
    """The matches of _DATE_WORD in ``text``, in order, tried only where a month the probes report
    stands: a month starts every match and none starts inside one, so these are the pattern's own
    matches, for a search per month the text holds instead of a scan of every position (5 ms per MB of
    clean news)."""
    found: list[re.Match[str]] = []
    end = -1
    for i in sorted(i for month in _DATE_PROBES if month in present for i in positions(text, month)):
        m = _DATE_WORD.match(text, i) if i >= end else None
        if m is not None:
            found.append(m)
            end = m.end()
    return found


def garble_candidates(text: str, present: frozenset[str] | None = None) -> list[Candidate]:
    """Candidates for the garbles above, in text order. Reads ``text`` itself (not the normalised copy):
    the acronym and the "No." shapes are a matter of case. ``present``: the PROBES that may occur in it
    (``rules.probes.present`` of its normalised copy); without it every gate is open."""
    if present is None:
        present = _ALL_PROBES
    out: list[Candidate] = []
    if not present.isdisjoint(_ACRONYM_PROBES):
        for probe in _ACRONYM_PROBE.finditer(text):
            m = _THE_ACRONYM.match(text, probe.start() - 1) if probe.start() else None
            if m is not None:
                word = m.group(1)
                out.append(Candidate(m.start(1), m.end(1), (ACRONYMS[word],), ACRONYM_PRIOR, "rule:acronym",
                                     f"'the {word}': an acronym a spinner's thesaurus wrote in lower case",
                                     kind="word"))
    if "No. " in present:
        out += [Candidate(m.start(1), m.end(1), (DIGITS[m.group(1)],), NUMBER_SIGN_PRIOR, "rule:number",
                          "number word after 'No.'", kind="number") for m in _NO_WORD.finditer(text)]
    for core in _ORDINAL_CORE.finditer(text) if not present.isdisjoint(_ORDINAL_PROBES) else ():
        m = _ORDINAL.match(text, core.start())
        if m is not None:
            figure, following = m.group(1), m.group(2)
            if ORDINALS.get(figure) is None or following in FIGURE_NOUNS:
                continue  # "4st" is no ordinal; "the 5th century" is the ordinary style
            before = _LAST_WORD.search(text[max(0, m.start() - 7):m.start()])
            if before is None or before.group(1).lower() not in _DETERMINERS:
                continue  # "June 1st", "on 2nd thought": only a determiner's ordinal is proposed
            out.append(Candidate(m.start(1), m.end(1), (ORDINALS[figure],), ORDINAL_PRIOR, "rule:ordinal",
                                 "an ordinal in figures where news writes the word: a spinner's synonym",
                                 kind="number", conditions=_SPUN_ONLY, spun_region=True))
    for m in _date_words(text, present):
        if not (m.start() and _WORD_END.match(text, m.start() - 1)):  # "Remarch nine", "x-March nine"
            out.append(Candidate(m.start(1), m.end(1), (_DAY_WORDS[m.group(1)],), DAY_PRIOR, "rule:number",
                                 "a date's day spelled out: a spinner's synonym of the figure",
                                 kind="number", conditions=_SPUN_ONLY, spun_region=True))
    if "1 of " in present or "single of " in present:
        for m in _ONE_OF.finditer(text):
            before = _LAST_WORD.search(text[max(0, m.start() - 12):m.start()])
            if before is None or before.group(1).lower() not in _BEFORE_ONE_OF:
                continue  # "Game 1 of the series", "the best single of the year"
            out.append(Candidate(m.start(1), m.end(1), ("one",), ONE_OF_PRIOR, "rule:number",
                                 f"'{m.group(1)} of' for the pronoun 'one': a spinner's synonym",
                                 kind="number", conditions=_SPUN_ONLY, spun_region=True))
    for modal in _MONTH_MODALS:
        start = text.find(modal) if modal in present else -1
        while start >= 0:
            end = start + len(modal)
            if not _WORD_END.match(text, end):  # not "Couldn't", "Mighty"
                before = _LAST_WORD.search(text[max(0, start - 9):start])
                word = before.group(1) if before is not None else ""
                if word in _BEFORE_MONTH or (word == "on" and _DAY.match(text, end)):
                    out.append(Candidate(start, end, ("May",), MONTH_PRIOR, "rule:month",
                                         f"'{modal}' after a preposition of time: the month May as a modal",
                                         kind="word"))
            start = text.find(modal, end)
    out.sort(key=lambda c: c.start)
    return out
