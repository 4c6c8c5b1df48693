"""Article agreement as evidence: "an necessary problem" betrays a swapped word.

A writer picks "a" or "an" for the word that follows; a spinner swaps the word and leaves the article.
So "an" before a consonant sound (or "a" before a vowel sound) marks the next word as a likely swap of a
word with the other kind of sound ("an important" → "an necessary"). The rule yields the span of that
word; the scorer treats candidates that start there as more likely spun, and restoration fixes the article
when the restored word changes the sound ("an extended" → "a long").
"""

from __future__ import annotations

import regex

# Words whose spelling misleads: a silent h, or a vowel letter read as a consonant sound.
# Sources: standard English usage guides' lists of a/an exceptions.
VOWEL_SOUND_CONSONANT_START = ("hour", "honest", "honor", "honour", "heir", "herb")
CONSONANT_SOUND_VOWEL_START = (
    "uni", "use", "usu", "uti", "uk", "ur", "eu", "ew", "one", "once", "ou", "ufo", "uga", "uku", "ubi",
    "uv", "uro",
)

_AN_WORD = regex.compile(r"(?<![\p{L}\p{N}'])an ([a-z][a-z'-]*)(?![\p{L}\p{N}])")
_A_WORD = regex.compile(r"(?<![\p{L}\p{N}'.])a ([a-z][a-z'-]*)(?![\p{L}\p{N}])")


def starts_with_vowel_sound(word: str) -> bool:
    """Whether ``word`` (lower case) takes "an"; a spelling heuristic with the usual exceptions."""
    w = word.lower()
    if not w:
        return False
    if w.startswith(VOWEL_SOUND_CONSONANT_START):
        return True
    if w[0] in "aeiou":
        return not w.startswith(CONSONANT_SOUND_VOWEL_START)
    return False


def article_tells(text: str, norm: str) -> list[tuple[int, int]]:
    """Spans of words whose article does not agree with them.

    Only lower-case words count: "an NTT unit" or "a European" follow the sound of an initialism or a
    name, which spelling cannot tell. ``text`` is the input (for case), ``norm`` its normalised copy.
    """
    out: list[tuple[int, int]] = []
    for pattern, wants_vowel in ((_AN_WORD, True), (_A_WORD, False)):
        for m in pattern.finditer(norm):
            s, e = m.span(1)
            if not text[s].islower():
                continue
            if starts_with_vowel_sound(m.group(1)) != wants_vowel:
                out.append((s, e))
    return out
