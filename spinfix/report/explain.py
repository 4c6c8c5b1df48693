"""Evidence in plain words: one short sentence per :class:`~spinfix.records.Evidence`, for the report.

The scorer writes each evidence's ``detail`` for developers (``"table:news prior 0.15"``, trigram scores in
log10). An editor reviewing a finding needs the gist: what the factor says and which way it pushes. This
module owns that translation and nothing else; it is pure (no config, no I/O), so every evidence name the
scorer emits has a tested sentence, and an unknown name still gets a neutral one rather than an error.
"""

from __future__ import annotations

import re

from ..records import Evidence

__all__ = ["explain"]

_PRIOR = re.compile(r"^(\S+) prior (\d*\.?\d+)")
# The trigram detail: "trigram model: 'left [orig] right' vs 'left [spun] right' ..."; the bigram detail:
# "'left orig' vs 'left spun' +0.42; ...". The first bracket or quote is the original reading.
_TRIGRAM = re.compile(r"^trigram model: '[^']*\[([^\]]+)\][^']*' vs '[^']*\[([^\]]+)\]")
_STRONG = re.compile(r"^(\d+) strong findings? in (\d+) words")
_SAME = re.compile(r"scores (\d*\.?\d+) elsewhere")
_SIGNATURE = re.compile(r"; (\d+) signature words? nearby")
#: Below this size a log-odds contribution barely moves the score; the sentence says "slightly".
_SLIGHT = 0.5


def _source(rule: str) -> str:
    family, _, name = rule.partition(":")
    if family == "table":
        return f"the {name} table lists this swap" if name else "the table lists this swap"
    if rule == "rule:number":
        return "a number written as a word, as spinners write them"
    if rule == "rule:grammar":
        return "a grammar slip that spinners make"
    if rule == "rule:acronym":
        return "an acronym that a spinner's thesaurus wrote in lower case"
    if rule == "rule:ordinal":
        return "an ordinal in figures, as a spinner's thesaurus writes it"
    if rule == "rule:month":
        return "the month May, which a spinner's thesaurus took for the modal verb"
    if rule == "rule:entity":
        return "an HTML character reference that a machine translation broke apart"
    if rule == "general:thesaurus":
        return "the spinners' thesaurus has this swap"
    if rule == "general:acronym":
        return "the acronym after the phrase spells this restoration"
    if rule == "general:learned":
        return "built from word swaps learned from spun text"
    if rule == "general:context":
        return "a learned swap that its context supports"
    if rule == "general:document":
        return "the same swap is restored elsewhere in this document"
    if rule == "general:article":
        return "the article before the word was written for another word"
    return f"found by {rule}" if rule else "a known swap"


def _push(log_odds: float) -> str:
    """How hard the factor pushes, for sentences that do not say it otherwise."""
    return "slightly " if abs(log_odds) < _SLIGHT else ""


def explain(evidence: Evidence) -> str:
    """One plain sentence for ``evidence`` (no trailing full stop), e.g. ``the table lists this swap (prior 0.15)``.

    >>> explain(Evidence("quoted", -1.0, "inside quotation marks, which spinners often skip"))
    'inside quotation marks, which spinners often skip'
    """
    name, lo, detail = evidence.name, evidence.log_odds, evidence.detail
    if name == "prior":
        m = _PRIOR.match(detail)
        if m:
            return f"{_source(m.group(1))} (prior {float(m.group(2)):.2f})"
        return "how often this form is a spinner's swap"
    if name == "context":
        m = _TRIGRAM.match(detail)
        if m:
            orig, spun = m.group(1), m.group(2)
        else:
            words = re.findall(r"'([^']*)'", detail)
            orig = words[0].split(" ")[-1] if words else "the original"
            spun = words[1].split(" ")[-1] if len(words) > 1 else "the spun word"
        model = "the trigram model" if m else "word-pair counts"
        if lo >= 0:
            return f"{model} {_push(lo)}prefer{'s' if m else ''} '{orig}' here"
        return f"{model} {_push(lo)}prefer{'s' if m else ''} '{spun}' here, as written"
    if name == "document":
        m = _STRONG.match(detail)
        extra = f" ({m.group(1)} strong findings in {int(m.group(2)):,} words)" if m else ""
        sig = _SIGNATURE.search(detail)
        if sig:
            many = int(sig.group(1))
            spinner_words = f"{many} word{'s' if many != 1 else ''} spinners write for others"
            extra = f"{extra[:-1]}; {spinner_words})" if extra else f" ({spinner_words})"
        return f"the surrounding text looks spun{extra}"
    if name == "established":
        return "the restored words are an established phrase and the spun ones are not"
    if name == "article":
        return "the 'a' or 'an' before it fits the original word, not this one"
    if name == "and-term":
        return "a companion term of the original phrase occurs nearby"
    if name == "quoted":
        return "inside quotation marks, which spinners often skip"
    if name == "consistency":
        m = _SAME.search(detail)
        where = f" (score {float(m.group(1)):.2f})" if m else ""
        return f"the same phrase is a likelier swap elsewhere in this document{where}"
    if name == "unspun region":
        return "a weak swap, and nothing around it looks spun, so it is only reported"
    if name == "unsettled":
        return "restoring kept changing the text here, so it is left as written"
    if name == "later pass":
        return "restored in a later pass, once the edits before it had changed its context"
    # The optional language-model rescorer's three (spinfix.lm): the detail names the model.
    if name == "trigram":
        return f"the trigram model prefers this reading here ({lo:.1f} in log10)"
    if name == "lm margin":
        named = re.search(r"\(([^)]+)\)", detail)
        who = f"the language model ({named.group(1)})" if named else "the language model"
        return f"{who} reads the sentence as likelier with this word, by {lo:.1f} nats"
    if name == "lm gap":
        return f"and likelier than with any other reading, by {lo:.1f} nats"
    direction = "towards a swap" if lo > 0 else "against a swap" if lo < 0 else "neither way"
    return f"{name}: {_push(lo) if lo else ''}{direction}"
