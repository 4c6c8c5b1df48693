"""Grammar tells: word sequences a writer does not produce but a word-by-word spinner does.

"it not sources equipment" cannot be the writer's: "not" never stands between a subject and a verb in
the third person. The spinner turned "no longer" into "not" (its thesaurus lists them together).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..candidates import Candidate

_SUBJECTS = frozenset({"it", "he", "she", "this", "that", "which", "who"})
_VERB = regex.compile(r"[a-z]{3,}s(?![\p{L}\p{N}'])")

#: How often this tell, where it fires, is a swapped "no longer" (conservative: the text could also be
#: a dropped auxiliary, "it does not source").
NOT_PRIOR = 0.6


@lru_cache(maxsize=4096)
def _is_third_person_verb(word: str) -> bool:
    from lemminflect import getInflection, getLemma

    for lemma in getLemma(word, upos="VERB", lemmatize_oov=False):
        if lemma != word and word in getInflection(lemma, tag="VBZ"):
            return True
    return False


def grammar_candidates(norm: str) -> list[Candidate]:
    """Candidates for the tells above (``norm`` is the normalised text).

    Each " not " is checked where it stands, so the cost follows the number of "not"s, not the length
    of the text.
    """
    out: list[Candidate] = []
    i = norm.find(" not ")
    while i >= 0:
        start = norm.rfind(" ", 0, i) + 1
        subject = norm[start:i]
        verb = _VERB.match(norm, i + 5)
        if subject in _SUBJECTS and verb is not None and _is_third_person_verb(verb.group()):
            out.append(Candidate(i + 1, i + 4, ("no longer",), NOT_PRIOR, "rule:grammar",
                                 "'not' between a subject and a third-person verb: a swapped 'no longer'",
                                 kind="function"))
        i = norm.find(" not ", i + 4)
    return out
