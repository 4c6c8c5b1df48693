"""HTML character references that a machine-translation round trip broke apart: "& # 39;", ",quot;".

Rewriter sites that spin a story by translating it out and back feed the translator the page's HTML
text, so a character reference of the source ("&#39;" for an apostrophe, "&quot;" for a quotation mark)
comes back cut into tokens ("is & # 39; data simply flows through you & # 39 ; but") or with its
ampersand translated into a comma ("an "essential business,quot;."). A browser no longer decodes either
shape, so the page shows the debris as words.

Only the broken shapes are restored: a reference with a space inside it, or a named one whose "&" became
a comma. A well-formed "&#39;" or "&quot;" in a text is the text's own (an HTML-escaped corpus, a page
about HTML) and stays as it is, as spinfix leaves every character it has no evidence about. None of the
broken shapes occurs in the clean sets (news, science, Wikipedia, the docstrings corpus) or in any text
a writer types; the devset's machine-translated pages hold five.

The debris shows a page went through a translator, not that a thesaurus spinner touched the passage
around it, so these findings open nothing else (``Candidate.spin_evidence``): they count for the
spin score and are restored on their own prior.
"""

from __future__ import annotations

import html
import re

from ..candidates import Candidate

#: How often a broken reference shape is debris: no writer produces "& # 39;" or "business,quot;".
DEBRIS_PRIOR = 0.95

#: The named references kept: punctuation a translator meets in news text. A broken "& lt;" is left
#: alone: in a text about code it may be the writer's own.
_NAMES = ("quot", "amp", "apos", "rsquo", "lsquo", "rdquo", "ldquo", "ndash", "mdash", "hellip", "nbsp")
#: Numeric references decoded only to punctuation and spaces (never to letters, digits or controls).
_PUNCTUATION = frozenset("'\"&’‘”“–—…\u00a0 ")

# "& # 39;", "&# 39 ;", "& #39;", "& quot;", "&quot ;": an ampersand and a reference with at least one
# space inside. The number is bounded so that a decimal run cannot be mistaken for a code point.
_SPACED_NUMERIC = re.compile(r"&([ \t]*)#([ \t]*)(\d{2,5})([ \t]*);")
_SPACED_NAMED = re.compile(r"&([ \t]*)(" + "|".join(_NAMES) + r")([ \t]*);")
# ",quot;": the ampersand translated into a comma, right after a word or a closing mark (checked after the
# match: a look-behind first made the engine try every position, 22 ms per MB of news against 1).
_COMMA_NAMED = re.compile(r",(" + "|".join(_NAMES) + r");")
_BEFORE_COMMA = re.compile(r"[\w.!?)'\"’”]")


def _decoded(reference: str) -> str | None:
    """The character ``reference`` ("&#39;", "&quot;") stands for, or None when it is not punctuation."""
    char = html.unescape(reference)
    return char if len(char) == 1 and char in _PUNCTUATION else None


def _candidate(start: int, end: int, reference: str) -> Candidate | None:
    char = _decoded(reference)
    if char is None:
        return None
    return Candidate(start, end, (char,), DEBRIS_PRIOR, "rule:entity",
                     f"'{reference}' broken apart by a machine translation: debris of the page's HTML",
                     kind="function", spin_evidence=False)


def debris_candidates(text: str) -> list[Candidate]:
    """Candidates for the broken references above, in text order (the common text, without a ";",
    costs one ``in`` test)."""
    if ";" not in text:
        return []
    out: list[Candidate] = []
    if "&" in text:
        for m in _SPACED_NUMERIC.finditer(text):
            if m.group(1) or m.group(2) or m.group(4):
                cand = _candidate(m.start(), m.end(), f"&#{m.group(3)};")
                if cand is not None:
                    out.append(cand)
        for m in _SPACED_NAMED.finditer(text):
            if m.group(1) or m.group(3):
                cand = _candidate(m.start(), m.end(), f"&{m.group(2)};")
                if cand is not None:
                    out.append(cand)
    if "," in text:
        for m in _COMMA_NAMED.finditer(text):
            if not (m.start() and _BEFORE_COMMA.match(text, m.start() - 1)):
                continue
            cand = _candidate(m.start(), m.end(), f"&{m.group(1)};")
            if cand is not None:
                out.append(cand)
    out.sort(key=lambda c: c.start)
    return out
