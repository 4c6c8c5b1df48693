"""A spaCy pipeline component (``pip install "spinfix[spacy]"``): ``nlp.add_pipe("spinfix")``.

It runs the one analysis (:meth:`spinfix.Restorer.analyse`) on ``doc.text`` and sets

- ``doc._.spin_findings``: a list of :class:`~spacy.tokens.Span`, one per finding, each carrying its
  :class:`spinfix.Finding` in ``span._.spin_finding`` (spinfix's offsets are characters; a finding that
  does not fall on token boundaries is widened to the tokens it touches, ``alignment_mode="expand"``);
- ``doc._.spin_score``: the document's :class:`spinfix.SpinScore` (``.score``, ``.verdict`` …);
- ``doc._.restored``: the restored text (a string: a Doc's text cannot change).

What the component stores is plain data (``doc._.spin_data``: the findings, score and restored text as
``to_dict`` gives them), and the three attributes above are worked out from it when read. spaCy
serialises a Doc's extension values with msgpack, which cannot carry spinfix's record objects: with them
stored, ``nlp.pipe(texts, n_process=2)``, ``Doc.to_bytes()`` and ``DocBin(store_user_data=True)`` failed
("can not serialize 'Finding' object"); they now carry every finding, the score and the restored text.

The factory is registered when this module is imported, and spaCy finds it without an import through the
``spacy_factories`` entry point, so ``spacy.load`` of a saved pipeline that holds it works too. Restorers
are shared between components with the same settings (building one compiles the tables).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..config import Config
from ..records import Evidence, Finding, SpinScore
from ..restore import Restorer

__all__ = ["SpinfixComponent", "make_spinfix"]


#: The Doc extension that holds what the component found, as plain data (see the module doc).
DATA = "spin_data"


def _register_extensions() -> None:
    if not Doc.has_extension(DATA):
        Doc.set_extension(DATA, default=None)
    for name, getter in (("spin_findings", _findings), ("spin_score", _score), ("restored", _restored)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=getter)
    if not Span.has_extension("spin_finding"):
        Span.set_extension("spin_finding", getter=_span_finding)


def _finding(data: dict[str, Any]) -> Finding:
    """A finding from its ``to_dict`` form (after msgpack, whose tuples come back as lists)."""
    return Finding(**{**data, "alternatives": tuple(data["alternatives"]),
                      "evidence": tuple(Evidence(**e) for e in data["evidence"])})


def _spans(doc: Doc) -> list[tuple[Span, dict[str, Any]]]:
    """Each stored finding with its span: the tokens its characters touch (``alignment_mode="expand"``)."""
    data = doc._.get(DATA)
    out = []
    for f in data["findings"] if data else ():
        span = doc.char_span(f["start"], f["end"], alignment_mode="expand")
        if span is not None:  # an empty span; spinfix never reports one, but never crash a pipeline
            out.append((span, f))
    return out


def _findings(doc: Doc) -> list[Span] | None:
    """``doc._.spin_findings``: a Span per finding (None before the component ran)."""
    return None if doc._.get(DATA) is None else [span for span, _ in _spans(doc)]


def _score(doc: Doc) -> SpinScore | None:
    data = doc._.get(DATA)
    return None if data is None else SpinScore(**data["score"])


def _restored(doc: Doc) -> str | None:
    data = doc._.get(DATA)
    return None if data is None else data["restored"]


def _span_finding(span: Span) -> Finding | None:
    """``span._.spin_finding``: the first finding whose span this is (a finding's span is the tokens it
    touches, so two findings inside one token share it), or None. Only the findings that overlap the
    span are widened to compare: asking every finding's span of a long spun document (hundreds of
    findings) must not widen all of them each time."""
    data = span.doc._.get(DATA)
    a, b = span.start_char, span.end_char
    for f in data["findings"] if data else ():
        if f["start"] < b and a < f["end"]:
            found = span.doc.char_span(f["start"], f["end"], alignment_mode="expand")
            if found is not None and (found.start_char, found.end_char) == (a, b):
                return _finding(f)
    return None


@lru_cache(maxsize=8)
def _restorer(config: Config) -> Restorer:
    return Restorer(config)


class SpinfixComponent:
    """The pipeline component; build it with ``nlp.add_pipe("spinfix", config={...})``."""

    def __init__(self, config: Config) -> None:
        _register_extensions()
        self.config = config
        self.restorer = _restorer(config)
        _ = self.restorer.table  # a bad table fails when the pipe is added, not at the first document

    def __call__(self, doc: Doc) -> Doc:
        analysis = self.restorer.analyse(doc.text)
        doc._.set(DATA, {"findings": [f.to_dict() for f in analysis.findings], "score": analysis.score.to_dict(),
                         "restored": analysis.text})
        return doc


@Language.factory(
    "spinfix",
    default_config={"tables": [], "default_tables": True, "domains": ["general", "news", "science"],
                    "threshold": 0.5, "context": True, "generalize": True},
)
def make_spinfix(nlp: Language, name: str, *, tables: list[str], default_tables: bool, domains: list[str],
                 threshold: float, context: bool, generalize: bool) -> SpinfixComponent:
    """The ``spinfix`` factory: the settings are those of :class:`spinfix.Config`."""
    config = Config(tables=tuple(tables), default_tables=default_tables, domains=frozenset(domains),
                    threshold=threshold, report_threshold=min(0.25, threshold), context=context,
                    generalize=generalize)
    return SpinfixComponent(config)
