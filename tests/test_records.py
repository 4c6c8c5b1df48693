"""The records' ``to_dict`` is plain data, exactly what ``dataclasses.asdict`` gives (it was asdict until its
deep copy made ``check --format jsonl`` slow), for every field a record can hold."""

from __future__ import annotations

import dataclasses
import json

from hypothesis import given
from hypothesis import strategies as st

from spinfix import Restorer
from spinfix.records import Edit, Evidence, Finding, SpinScore

text = st.text(max_size=12)
evidence = st.builds(Evidence, text, st.floats(allow_nan=False), text)
findings = st.builds(Finding, st.integers(0, 10**6), st.integers(0, 10**6), text, text, st.tuples(text, text),
                     st.floats(0, 1), text, text, st.sampled_from(["restore", "report"]), text,
                     st.lists(evidence, max_size=4).map(tuple), text, text)


@given(findings)
def test_a_finding_is_its_asdict(f: Finding) -> None:
    got = f.to_dict()
    assert got == dataclasses.asdict(f) and list(got) == [x.name for x in dataclasses.fields(Finding)]
    assert all(type(e) is dict for e in got["evidence"])
    assert json.dumps(got) == json.dumps(dataclasses.asdict(f))


@given(st.builds(Edit, st.integers(0, 99), st.integers(0, 99), text, text),
       st.builds(SpinScore, st.floats(0, 1), st.sampled_from(["clean", "suspicious", "spun"]), st.integers(0, 9),
                 st.integers(0, 9), st.floats(0, 9)))
def test_an_edit_and_a_score_are_their_asdict(e: Edit, s: SpinScore) -> None:
    assert e.to_dict() == dataclasses.asdict(e) and s.to_dict() == dataclasses.asdict(s)


def test_real_findings_are_their_asdict(default: Restorer) -> None:
    analysis = default.analyse("Shares rose zero.5 % as personal corporations informed Reuters, beneath scrutiny.")
    assert analysis.findings and any(f.evidence for f in analysis.findings)
    for f in analysis.findings:
        assert f.to_dict() == dataclasses.asdict(f)
    assert [e.to_dict() for e in analysis.edits] == [dataclasses.asdict(e) for e in analysis.edits]
    assert analysis.score.to_dict() == dataclasses.asdict(analysis.score)


def test_an_analysis_is_its_asdict_with_lists(default: Restorer) -> None:
    """``Analysis.to_dict`` is plain data (what asdict gives, its tuples of records as lists), and JSON
    carries it."""
    analysis = default.analyse("Shares rose zero.5 % as personal corporations informed Reuters, beneath scrutiny.")
    got = analysis.to_dict()
    want = dataclasses.asdict(analysis)
    assert got == {**want, "edits": list(want["edits"]), "findings": list(want["findings"])}
    assert list(got) == [x.name for x in dataclasses.fields(type(analysis))]
    assert json.loads(json.dumps(got))["score"] == analysis.score.to_dict() and got["edits"]
