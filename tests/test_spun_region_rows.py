"""A listed row in a passage that clearly reads as spinner output restores a little below the threshold
(``spinfix.score.restores``), and only then: the rule must not reach unlisted candidates, rows whose
original fits worse than the spun form, or passages without strong region evidence."""

from __future__ import annotations

from dataclasses import replace

import pytest

from spinfix.candidates import Candidate
from spinfix.records import Evidence
from spinfix.score import SPUN_REGION_MARGIN, SPUN_REGION_TERM, Decision, restores

ROW = Candidate(0, 6, ("said",), 0.15, "table:news", "listed")


def decision(p: float, document: float | None = SPUN_REGION_TERM + 0.5, context: float | None = 0.3,
             cand: Candidate = ROW) -> Decision:
    evidence = [Evidence("prior", -1.7)]
    if context is not None:
        evidence.append(Evidence("context", context))
    if document is not None:
        evidence.append(Evidence("document", document))
    return Decision(cand, p, tuple(evidence))


LOW = 0.5 - SPUN_REGION_MARGIN + 0.01


def test_a_listed_row_in_a_spun_passage_restores_below_the_threshold() -> None:
    assert restores(decision(LOW), 0.5)
    assert restores(decision(LOW, context=None), 0.5)  # the model had nothing to say: not against the row
    assert restores(decision(0.6, document=None), 0.5)  # at the threshold nothing else is asked


@pytest.mark.parametrize("d", [
    decision(0.5 - SPUN_REGION_MARGIN - 0.01),  # below the margin
    decision(LOW, document=SPUN_REGION_TERM - 0.01),  # the region is not clearly spun
    decision(LOW, document=None),  # no region evidence at all
    decision(LOW, context=-0.16),  # the original fits worse than the spun form ("chief" -> "leader")
    decision(LOW, cand=replace(ROW, rule="general:learned")),  # not a listed row
    decision(LOW, cand=replace(ROW, detect_only=True)),
    decision(0.9, cand=replace(ROW, originals=())),  # nothing to restore to
])
def test_otherwise_the_threshold_holds(d: Decision) -> None:
    assert not restores(d, 0.5)


def test_the_margin_follows_the_users_threshold() -> None:
    assert not restores(decision(0.6), 0.9)
    assert restores(decision(0.9 - SPUN_REGION_MARGIN + 0.01), 0.9)

