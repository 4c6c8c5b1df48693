"""Grammar tells: word sequences a writer does not produce but a word-by-word spinner does.

* "it not sources equipment" cannot be the writer's: "not" never stands between a subject and a verb in
  the third person. The spinner turned "no longer" into "not" (its thesaurus lists them together).
* **A doubled preposition** ("placed colleagues who came in make contact with with the worker", "a
  number of of its meetings"): the spinner put a phrase that ends in a preposition ("make contact
  with", "lots of") for a word the writer had followed by the same preposition ("contact with",
  "many of"). Neither "with with" nor "of of" is English; one of the pair is dropped. That restores the
  grammar, not always the writer's word (the phrase before it stays unless a row knows it: "a number
  of" -> "several" then applies on the next pass). Only prepositions that no phrasal verb ends in are
  read ("give in in the end", "carry on on the road" are English).
* **"had" read as "possess"**: the thesaurus offers "experienced", "possessed", "obtained" ... for
  "had", and the spinner cannot tell the auxiliary from the verb, so "one case had been confirmed"
  becomes "one case experienced been confirmed". None of these verbs comes before "been" in English;
  the auxiliary in the same tense is put back. "experience" and "gain" are nouns too ("Has your
  experience been positive?"), so they are read as the auxiliary only after a modal or a pronoun.

Measured on the clean sets (the fixtures, both held-out sets, the Lee corpus and the devset's clean
pages: 141k words) and on 202k words of docstrings, the last two shapes occur once: "a list of of
filepaths", a typo that dropping one "of" mends.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..candidates import Candidate
from ..normalize import is_word_end, is_word_start
from ..text import word_before

_SUBJECTS = frozenset({"it", "he", "she", "this", "that", "which", "who"})
_VERB = regex.compile(r"[a-z]{3,}s(?![\p{L}\p{N}'])")

#: How often this tell, where it fires, is a swapped "no longer" (conservative: the text could also be
#: a dropped auxiliary, "it does not source").
NOT_PRIOR = 0.6
#: A doubled preposition and a "have" synonym before "been": not English at all (see the module doc).
DOUBLED_PRIOR = 0.85
HAD_PRIOR = 0.9

#: Prepositions that the spinners' phrases end in ("lots of", "make contact with", "call for", "apart
#: from", "look into") and that few phrasal verbs end in, so that "X X" is hardly ever English. Not "at"
#: ("What are you looking at at the moment?"), nor "in", "on", "up", "to" ("give in in the end").
_PREPOSITIONS = ("of", "with", "for", "from", "about", "into", "than", "through", "without", "within")
#: The thesaurus's stand-ins for "have" by the auxiliary they replaced.
_HAD = {
    **dict.fromkeys(("experienced", "possessed", "obtained", "acquired", "owned", "gained", "received"), "had"),
    **dict.fromkeys(("experiences", "possesses", "obtains", "acquires", "owns", "gains", "receives"), "has"),
    **dict.fromkeys(("experience", "possess", "obtain", "acquire", "gain", "receive"), "have"),
}
#: Those that are nouns too ("Has your experience been positive?", "Have the gains been kept?"): read
#: as the auxiliary only after a word that no noun follows there, a modal or a subject pronoun.
_NOUNS_TOO = frozenset({"experience", "experiences", "gain", "gains"})
_BEFORE_VERB = frozenset({"would", "could", "should", "might", "must", "will", "may", "can", "shall", "to",
                          "i", "you", "we", "they", "he", "she", "it", "who", "which", "that"})
_BEFORE_BEEN = regex.compile(r"(?<![\p{L}\p{N}'-])(" + "|".join(sorted(_HAD, key=len, reverse=True)) + r") been"
                             r"(?![\p{L}\p{N}'-])")


@lru_cache(maxsize=4096)
def _is_third_person_verb(word: str) -> bool:
    from lemminflect import getInflection, getLemma

    for lemma in getLemma(word, upos="VERB", lemmatize_oov=False):
        if lemma != word and word in getInflection(lemma, tag="VBZ"):
            return True
    return False


#: Literals every shape of the gated searches below contains (see ``rules.probes``).
PROBES = (*(f"{word} {word}" for word in _PREPOSITIONS), " been")
_ALL_PROBES = frozenset(PROBES)


def grammar_candidates(norm: str, present: frozenset[str] | None = None) -> list[Candidate]:
    """Candidates for the tells above (``norm`` is the normalised text; ``present``: the PROBES it holds,
    ``rules.probes.present``; without it every gate is open).

    Each " not " is checked where it stands, so the cost follows the number of "not"s, not the length
    of the text.
    """
    if present is None:
        present = _ALL_PROBES
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
    out += _doubled(norm, present)
    if " been" in present:
        for m in _BEFORE_BEEN.finditer(norm):
            word = m.group(1)
            if word in _NOUNS_TOO and word_before(norm, m.start()) not in _BEFORE_VERB:
                continue  # "has your experience been": the noun
            out.append(Candidate(m.start(1), m.end(1), (_HAD[word],), HAD_PRIOR, "rule:grammar",
                                 f"'{word} been': a spinner's synonym for the auxiliary '{_HAD[word]}'",
                                 kind="function"))
    out.sort(key=lambda c: c.start)
    return out


def _doubled(norm: str, present: frozenset[str]) -> list[Candidate]:
    """The doubled prepositions of ``norm``, found by a plain search for each pair that ``present`` says
    it holds (a pattern over all of them cost 50 ms per MB of news, a search for each about 6, the probes'
    one pass for every rule about 3) and kept where both ends are word boundaries.

    A run of three or more ("of of of") is no spinner's pair but a hostile or broken text: it is left
    alone, which also keeps such a text from costing a candidate per word on every pass (a megabyte of
    "of of ..." took 49 s, every edit undone in the end as an unsettled chain)."""
    out: list[Candidate] = []
    for word in _PREPOSITIONS:
        pair = f"{word} {word}"
        if pair not in present:
            continue
        size = len(word) + 1  # the word and a space: how far a third one in the run would stand
        i = norm.find(pair)
        while i >= 0:
            end = i + len(pair)
            if (is_word_start(norm, i) and is_word_end(norm, end)
                    and not _whole_at(norm, end + 1, word) and not (i >= size and _whole_at(norm, i - size, word))):
                out.append(Candidate(i, end, (word,), DOUBLED_PRIOR, "rule:grammar",
                                     f"'{pair}': a phrase put for a word before the same preposition",
                                     kind="function"))
            i = norm.find(pair, i + 1)
    return out


def _whole_at(norm: str, i: int, word: str) -> bool:
    """Whether ``word`` stands at ``i`` of ``norm`` as a whole word."""
    return norm.startswith(word, i) and is_word_start(norm, i) and is_word_end(norm, i + len(word))
