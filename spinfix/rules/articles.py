"""Article agreement as evidence: "an necessary problem" betrays a swapped word.

A writer picks "a" or "an" for the word that follows; a spinner swaps the word and leaves the article.
So "an" before a consonant sound (or "a" before a vowel sound) marks the next word as a likely swap of a
word with the other kind of sound ("an important" → "an necessary"). :func:`starts_with_vowel_sound` is
the one judgement both uses need: the scorer treats a candidate after a disagreeing article as more likely
spun, and restoration fixes the article when the restored word changes the sound ("an extended" → "a long").
"""

from __future__ import annotations

# Words whose spelling misleads: a silent h, or a vowel letter read as a consonant sound.
# Sources: standard English usage guides' lists of a/an exceptions.
VOWEL_SOUND_CONSONANT_START = ("hour", "honest", "honor", "honour", "heir", "herb")
CONSONANT_SOUND_VOWEL_START = (
    "uni", "use", "usu", "uti", "uk", "ur", "eu", "ew", "one", "once", "ou", "ufo", "uga", "uku", "ubi",
    "uv", "uro",
)


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
