"""Issue 15, item 6: the spaCy component, on a blank English pipeline (no model download)."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

import spinfix  # noqa: E402

SPUN = "Personal corporations have an extended relationship.\nShares rose zero.5 %."


@pytest.fixture
def nlp(small_table: Path):
    import spinfix.integrations.spacy  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("spinfix", config={"tables": [str(small_table)], "default_tables": False, "context": False,
                                    "generalize": False})
    return nlp


def test_component_sets_findings_score_and_restored(nlp, small: spinfix.Restorer) -> None:
    doc = nlp(SPUN)
    analysis = small.analyse(SPUN)
    assert doc._.restored == analysis.text
    assert doc._.spin_score == analysis.score
    spans = doc._.spin_findings
    assert [s._.spin_finding for s in spans] == list(analysis.findings)
    first = spans[0]
    assert first.text == "Personal corporations" and first._.spin_finding.restored == "Private companies"


def test_a_finding_inside_a_token_is_widened_to_it(nlp) -> None:
    doc = nlp("Shares rose zero.5 %.")  # spaCy keeps "zero.5" one token; the rule:number finding is "zero"
    [span] = doc._.spin_findings
    assert span._.spin_finding.spun == "zero" and span.text == "zero.5"


def test_pipe_and_clean_text(nlp) -> None:
    docs = list(nlp.pipe(["Nothing to see.", SPUN]))
    assert docs[0]._.spin_findings == [] and docs[0]._.restored == "Nothing to see."
    assert docs[0]._.spin_score.verdict == "clean"
    assert len(docs[1]._.spin_findings) == 3


def test_factory_is_registered_through_the_entry_point() -> None:
    eps = metadata.entry_points(group="spacy_factories")
    assert any(ep.name == "spinfix" and ep.value == "spinfix.integrations.spacy:make_spinfix" for ep in eps), \
        "reinstall spinfix (pip install -e .) to register the entry point"


def test_add_pipe_without_importing_the_module(small_table: Path, tmp_path: Path) -> None:
    """A fresh interpreter: spaCy finds the factory through the entry point alone."""
    import subprocess

    code = ("import spacy; nlp = spacy.blank('en'); "
            f"nlp.add_pipe('spinfix', config={{'tables': [{str(small_table)!r}], 'default_tables': False, "
            "'context': False, 'generalize': False}); "
            "print(nlp('Shares rose zero.5 %.')._.restored)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "Shares rose 0.5 %."


def test_bad_table_fails_when_the_pipe_is_added(tmp_path: Path) -> None:
    import spinfix.integrations.spacy

    bad = tmp_path / "bad.tsv"
    bad.write_text("#spinfix-table 1\nspun\toriginal\tconfidence\ttags\tsource\tcontext\nx\n", encoding="utf-8")
    nlp = spacy.blank("en")
    with pytest.raises(spinfix.PhraseTableError, match=r"bad\.tsv:3"):
        nlp.add_pipe("spinfix", config={"tables": [str(bad)], "default_tables": False})


def test_docs_carry_their_findings_through_serialisation(nlp) -> None:
    """spaCy serialises extension values with msgpack: Doc.to_bytes, a DocBin with user data and the
    worker processes of nlp.pipe(n_process=...) all need them to be plain data. Each gives back the
    findings (spans and records), the score and the restored text of the document as analysed."""
    from spacy.tokens import Doc, DocBin

    doc = nlp(SPUN)
    want = ([(s.text, s._.spin_finding) for s in doc._.spin_findings], doc._.spin_score, doc._.restored)

    def seen(d: Doc) -> tuple[object, ...]:
        return [(s.text, s._.spin_finding) for s in d._.spin_findings], d._.spin_score, d._.restored

    assert seen(Doc(nlp.vocab).from_bytes(doc.to_bytes())) == want
    box = DocBin(store_user_data=True, docs=[doc])
    [back] = DocBin().from_bytes(box.to_bytes()).get_docs(nlp.vocab)
    assert seen(back) == want
    texts = [SPUN, "Nothing to see.", SPUN]
    assert [seen(d) for d in nlp.pipe(texts, n_process=2)] == [seen(nlp(t)) for t in texts]


def test_attributes_are_none_before_the_component_runs() -> None:
    import spinfix.integrations.spacy  # noqa: F401  (registers the extensions)

    doc = spacy.blank("en")("Personal corporations.")
    assert doc._.spin_findings is None and doc._.spin_score is None and doc._.restored is None
    assert doc[0:2]._.spin_finding is None
