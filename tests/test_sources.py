"""The candidate-source registry (spinfix.sources): what Restorer._candidates runs, in which order."""

from __future__ import annotations

from spinfix import Config, Restorer
from spinfix.normalize import normalize
from spinfix.sources import SOURCES, Document
from spinfix.text import Quotes

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
    scored = r._score(cands, TEXT, norm, Quotes(TEXT))
    assert scored and all(s.evidence for s in scored)  # the evidence lives on the Scored records
    assert [repr(c) for c in cands] == before


def test_table_candidates_carry_their_rows_fields() -> None:
    """``Restorer.table_fields`` (``sources.table.CandidateFieldTable``) builds each candidate positionally from
    a tuple per variant: every shipped variant's candidate has its row's fields, by name."""
    from spinfix.candidates import Candidate

    r = Restorer(Config(context=False, generalize=False))
    _, variants = r.table_matcher
    fields = r.table_fields
    assert len(fields) == len(variants) > 10_000
    for v, (values, spun, verb) in zip(variants, fields):
        row = v.row
        built = Candidate(3, 9, *values)
        assert (built.originals, built.prior, built.rule, built.kind, built.entry, built.detect_only,
                built.conditions) == (v.originals, row.confidence, f"table:{row.domain}", row.kind, row.entry,
                                      row.detect_only, row.conditions)
        assert built.reason.startswith(f"{row.kind} swap listed in {row.entry}")
        assert (built.start, built.end, built.hidden) == (3, 9, False)
        assert spun == row.spun and verb == (row.pos == "verb" and v.form in ("as written", "VBZ"))


def test_table_fields_are_worked_out_at_a_variants_first_match() -> None:
    """The cold start builds no variant's fields (0.065 s for the 15,700 shipped ones); a document works out
    those of the variants it matches, the same as built eagerly, and keeps them."""
    from spinfix.sources.table import variant_fields

    r = Restorer(Config(context=False, generalize=False))
    fields = r.table_fields
    assert fields.known and all(f is None for f in fields.known)
    assert r.restore("Personal corporations rose zero.5 %.") == "Private companies rose 0.5 %."
    done = [i for i, f in enumerate(fields.known) if f is not None]
    assert 0 < len(done) < 10
    _, variants = r.table_matcher
    assert all(fields[i] == variant_fields(variants[i]) and fields[i] is fields.known[i] for i in done)
    assert fields[done[0]:done[0] + 2] == [variant_fields(v) for v in variants[done[0]:done[0] + 2]]
    r.warm()  # before forking workers: every variant's fields, shared copy-on-write
    assert all(f is not None for f in fields.known) and fields[done[0]] is fields.known[done[0]]
