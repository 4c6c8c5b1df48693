"""Every edit comes with a finding that explains it, also an edit a later pass made (after the first
pass's edits changed its context): restore_and_explain, analyse and detect list it on the input."""

from __future__ import annotations

import pytest

import spinfix.general
from spinfix import Restorer

# Synonym-spun prose of our own: the first pass restores "commerce" (a listed row in a passage that reads
# as spun); with "trade" in place the second pass restores "merchandise" (a learned word swap). (Since
# session 18, whose thesaurus readings read a singular noun as one, "extra effectively" made the first
# pass restore "merchandise" too; "more efficiently" keeps the case this test is for.)
TEXT = ("The enterprise unveiled a fresh merchandise that lets purchasers handle their cash more efficiently, "
        "the agency's head mentioned in a declaration on Thursday. Stocks of the agency climbed in early "
        "commerce.")


def test_an_edit_of_a_later_pass_has_its_finding_on_the_input(monkeypatch: pytest.MonkeyPatch) -> None:
    # Since session 11 a learned swap of a word as rare as "merchandise" needs a strong finding in its region,
    # which this short text lacks; the bar is lowered here so that the second pass still has its edit.
    monkeypatch.setattr(spinfix.general, "COMMON_SWAP_ZIPF", 0.0)
    restorer = Restorer()
    result = restorer.restore_and_explain(TEXT)
    assert len(result.edits) >= 2  # the case this test is for: one edit comes from the second pass
    later = [f for f in result.findings if any(e.name == "later pass" for e in f.evidence)]
    assert later, "no edit was made by a later pass: pick another text"
    for e in result.edits:
        assert any(f.action == "restore" and f.start < e.end and e.start < f.end for f in result.findings), e
    for f in result.findings:
        assert TEXT[f.start:f.end] == f.spun
    assert all(a.end <= b.start for a, b in zip(result.findings, result.findings[1:]))
    assert restorer.analyse(TEXT).findings == result.findings == tuple(restorer.detect(TEXT))
