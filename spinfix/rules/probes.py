"""Which of the rules' literal probes a text holds, found in one pass over it.

The rules look for rare shapes ("five for every cent", "UPDATE Three-", "of of", "in Could") and each
first asks whether a literal that every such shape contains occurs in the text at all, so that the
common text, which holds none of them, costs one search per literal. Those searches were most of the
rules' time: about 25 of them, each a full pass over the text (0.5-1 ms per MB of clean news apiece,
half of the rules' 41 ms per MB). :func:`present` finds every literal the rules declare (their
``PROBES``) in one pass of an Aho-Corasick automaton (``ahocorasick_rs``, about 3 ms per MB), and the
rules ask the set it returns instead of the text (issue 14).

The automaton reads the normalised text (lower case, see :mod:`spinfix.normalize`) for the lower case
of each probe; the probes are ASCII, and normalising maps an ASCII character to its lower case (or a
whitespace character to a space), so a probe's lower case occurs in a text's normalised copy wherever
the probe occurs in the text. For a rule that reads the normalised copy (whose probes are lower case)
the answer is exact; for one that reads the text as given (the garbles) it is a necessary condition:
"Could" is reported when the text holds "could". Every use is such a gate before the rule's own exact
search, so the candidates are the same as without gates (a rule given no set opens every gate;
``tests/test_probes.py`` compares the two, and checks that each literal a rule asks is declared: an
undeclared one is never reported, and its search would never run).
"""

from __future__ import annotations

import functools

import ahocorasick_rs

from . import garbles, grammar, numbers


@functools.cache
def _automaton() -> tuple[ahocorasick_rs.BytesAhoCorasick, tuple[tuple[str, ...], ...]]:
    """The automaton over the declared probes' lower cases, and the declared probes of each (built on
    first use)."""
    declared = tuple(dict.fromkeys((*numbers.PROBES, *grammar.PROBES, *garbles.PROBES)))
    lows = tuple(dict.fromkeys(p.lower() for p in declared))
    automaton = ahocorasick_rs.BytesAhoCorasick([low.encode("ascii") for low in lows])
    return automaton, tuple(tuple(p for p in declared if p.lower() == low) for low in lows)


def declared() -> frozenset[str]:
    """Every probe the rules declare, in their own case."""
    return frozenset(p for group in _automaton()[1] for p in group)


def present(norm: str) -> frozenset[str]:
    """The declared probes whose lower case occurs in ``norm`` (a normalised text), overlapping ones
    included: a set the rules ask at C speed."""
    automaton, probes = _automaton()
    data = norm.encode("utf-8", "surrogatepass")
    found = {pid for pid, _, _ in automaton.find_matches_as_indexes(data, overlapping=True)}
    return frozenset(p for pid in found for p in probes[pid])
