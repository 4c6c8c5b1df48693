"""Article agreement as evidence: "an necessary problem" betrays a swapped word.

A writer picks "a" or "an" for the word that follows; a spinner swaps the word and leaves the article.
So "an" before a consonant sound (or "a" before a vowel sound) marks the next word as a likely swap of a
word with the other kind of sound ("an important" → "an necessary"). :func:`starts_with_vowel_sound` is
the one judgement both uses need: the scorer treats a candidate after a disagreeing article as more likely
spun, and restoration fixes the article when the restored word changes the sound ("an extended" → "a long").
"""

from __future__ import annotations

from ..normalize import starts_with_vowel_sound

__all__ = ["starts_with_vowel_sound"]
