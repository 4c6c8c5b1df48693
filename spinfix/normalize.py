"""Length-preserving normalisation: the only place where the text seen by the matcher is derived.

The matcher scans a *normalised* copy of the input whose every code point stands at the same index as in
the input, so a match at ``[s, e)`` in the copy is ``text[s:e]`` in the input with no offset map at all.
That is why the copy is built only from one-to-one character changes:

* lower case, taking the first code point where lower-casing expands a character (``İ`` → ``i̇`` becomes
  ``i``) — so the length never changes, unlike ``str.casefold`` (``ß`` → ``ss``);
* typographic apostrophes and hyphens to ASCII (``’`` → ``'``, ``‑`` → ``-``), since spun web text uses both;
* every whitespace character to a plain space, so a table phrase matches across a line break or a
  no-break space.

Runs of several spaces are *not* collapsed (that would need a map): a phrase split by two spaces or by
CRLF is not matched. Word boundaries are decided on the normalised copy by :func:`is_word_start` and
:func:`is_word_end`.
"""

from __future__ import annotations

import unicodedata

# One-to-one replacements applied after lower-casing. Sources: Unicode General Punctuation block
# (U+2018/2019 quotes, U+02BC modifier apostrophe, U+2010/2011 hyphens, U+00A0/U+202F no-break spaces).
_REPLACE = (
    ("\u2019", "'"),
    ("\u2018", "'"),
    ("\u02bc", "'"),
    ("\u2010", "-"),
    ("\u2011", "-"),
    ("\n", " "),
    ("\r", " "),
    ("\t", " "),
    ("\u00a0", " "),
    ("\u202f", " "),
    ("\u2009", " "),
    ("\x0b", " "),
    ("\x0c", " "),
)

#: Characters that join two word characters into one word (``wi-fi``, ``didn't``, ``zero.5``).
CONNECTORS = frozenset("'-.")


def _lower_char(ch: str) -> str:
    low = ch.lower()
    return low[0] if low else ch


def normalize(text: str) -> str:
    """Return the matcher's view of ``text``: same length, lower case, ASCII apostrophes and spaces."""
    low = text.lower()
    if len(low) != len(text):
        # Rare: a character whose lower case is longer (U+0130 "İ" → "i̇"; the only one in Unicode 15).
        # Put the first code point of its lower case in its place and lower the whole string again, rather
        # than lowering character by character: lower-casing is not per character everywhere (a capital
        # sigma ending a word becomes final "ς"), and one "İ" must not change how the rest is read.
        # The stand-in is a cased letter like the character it replaces, so the sigma rule sees the same.
        expanding = {c for c in set(text) if len(c.lower()) != 1}
        low = text.translate({ord(c): _lower_char(c) for c in expanding}).lower()
        if len(low) != len(text):  # a stand-in that itself expands: fall back to one by one
            low = "".join(map(_lower_char, text))
    for old, new in _REPLACE:
        if old in low:
            low = low.replace(old, new)
    return low


def is_word_char(ch: str) -> bool:
    """A letter, digit or combining mark (a mark continues the word it is attached to)."""
    if ch.isalnum():
        return True
    return ch > "\u02ff" and unicodedata.category(ch)[0] == "M"


def is_word_start(norm: str, i: int) -> bool:
    """Whether a word may start at ``i``: the previous character does not continue a word.

    A connector (``'``, ``-``, ``.``) before ``i`` breaks the word only when what precedes it is not a
    word character: ``-sources`` and ``'quoted`` start words, ``wi-fi``'s ``fi`` does not.
    """
    if i <= 0:
        return True
    prev = norm[i - 1]
    if prev == " ":
        return True
    if is_word_char(prev):
        return False
    return not (prev in CONNECTORS and i >= 2 and is_word_char(norm[i - 2]))


def is_word_end(norm: str, i: int) -> bool:
    """Whether a word may end just before ``i``.

    The English possessive ``'s`` does not extend a word (``corporation's`` ends a match on
    ``corporation``); any other connector followed by a word character does.
    """
    n = len(norm)
    if i >= n:
        return True
    nxt = norm[i]
    if nxt == " ":
        return True
    if is_word_char(nxt):
        return False
    if nxt in CONNECTORS and i + 1 < n and is_word_char(norm[i + 1]):
        return nxt == "'" and norm[i + 1] == "s" and (i + 2 >= n or not is_word_char(norm[i + 2]))
    return True


# Words whose spelling misleads: a silent h, or a vowel letter read as a consonant sound.
# Sources: standard English usage guides' lists of a/an exceptions.
VOWEL_SOUND_CONSONANT_START = ("hour", "honest", "honor", "honour", "heir", "herb")
CONSONANT_SOUND_VOWEL_START = (
    "uni", "use", "usu", "uti", "uk", "ur", "eu", "ew", "one", "once", "ou", "ufo", "uga", "uku", "ubi",
    "uv", "uro",
)


def starts_with_vowel_sound(word: str) -> bool:
    """Whether ``word`` (lower case) takes "an"; a spelling heuristic with the usual exceptions.

    It lives here, in the base layer, because the lexicon, the scorer, the article rule and restoration
    all ask it (see docs/architecture.md).
    """
    w = word.lower()
    if not w:
        return False
    if w.startswith(VOWEL_SOUND_CONSONANT_START):
        return True
    if w[0] in "aeiou":
        return not w.startswith(CONSONANT_SOUND_VOWEL_START)
    return False
