"""A spaCy pipeline component (``pip install "spinfix[spacy]"``): ``nlp.add_pipe("spinfix")``.

It runs the one analysis (:meth:`spinfix.Restorer.analyse`) on ``doc.text`` and sets

- ``doc._.spin_findings``: a list of :class:`~spacy.tokens.Span`, one per finding, each carrying its
  :class:`spinfix.Finding` in ``span._.spin_finding`` (spinfix's offsets are characters; a finding that
  does not fall on token boundaries is widened to the tokens it touches, ``alignment_mode="expand"``);
- ``doc._.spin_score``: the document's :class:`spinfix.SpinScore` (``.score``, ``.verdict`` …);
- ``doc._.restored``: the restored text (a string: a Doc's text cannot change).

The factory is registered when this module is imported, and spaCy finds it without an import through the
``spacy_factories`` entry point, so ``spacy.load`` of a saved pipeline that holds it works too. Restorers
are shared between components with the same settings (building one compiles the tables).
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..config import Config
from ..restore import Restorer

__all__ = ["SpinfixComponent", "make_spinfix"]


def _register_extensions() -> None:
    for name in ("spin_findings", "spin_score", "restored"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Span.has_extension("spin_finding"):
        Span.set_extension("spin_finding", default=None)


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
        spans = []
        for f in analysis.findings:
            span = doc.char_span(f.start, f.end, alignment_mode="expand")
            if span is None:  # an empty span; spinfix never reports one, but never crash a pipeline
                continue
            span._.spin_finding = f
            spans.append(span)
        doc._.spin_findings = spans
        doc._.spin_score = analysis.score
        doc._.restored = analysis.text
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
