"""The candidate-source registry (spinfix.sources): what Restorer._candidates runs, in which order."""

from __future__ import annotations

from spinfix import Config, Restorer
from spinfix.normalize import normalize
from spinfix.restore import _Quotes
from spinfix.sources import SOURCES, Document

TEXT = ("UPDATE Three-Rates rose zero.5 % on Wall Avenue, it not sources equipment, sources informed Reuters "
        "in the us.")


def test_registry_order_is_table_then_rules() -> None:
    # The order is behaviour: it breaks exact ties between overlapping candidates.
    assert [s.__name__ for s in SOURCES] == ["table_candidates", "number_candidates", "grammar_candidates",
                                          "garble_candidates", "debris_candidates"]


def test_the_engine_lists_every_source_in_registry_order() -> None:
    r = Restorer(Config(context=False, generalize=False))
    norm = normalize(TEXT)
    doc = Document(TEXT, norm)
    expected = [c for source in SOURCES for c in source(doc, r)]
    assert r._candidates(TEXT, norm) == expected
    rules = {c.rule for c in expected}
    assert {"table:news", "rule:number", "rule:grammar", "rule:acronym"} <= rules
    assert all(TEXT[c.start:c.end].lower() == norm[c.start:c.end] for c in expected)


def test_scoring_leaves_candidates_unchanged() -> None:
    r = Restorer(Config())
    norm = normalize(TEXT)
    cands = r._candidates(TEXT, norm)
    before = [repr(c) for c in cands]
    scored = r._score(cands, TEXT, norm, _Quotes(TEXT))
    assert scored and all(s.evidence for s in scored)  # the evidence lives on the Scored records
    assert [repr(c) for c in cands] == before
