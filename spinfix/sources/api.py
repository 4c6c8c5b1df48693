"""What every candidate source is given and must return: the interface behind :data:`spinfix.sources.SOURCES`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..candidates import Candidate
from ..config import Config
from ..matcher import PhraseMatcher
from ..rules.probes import present
from ..table import Variant
from ..text import Quotes, Register

if TYPE_CHECKING:
    from .._textcore import Cues
    from .table import CandidateFields


@dataclass(frozen=True, slots=True)
class Document:
    """One text to find candidates in: ``text`` as given and ``norm``, its normalised copy
    (``normalize.normalize``: same length, so offsets into ``norm`` are offsets into ``text``)."""

    text: str
    norm: str
    #: The generaliser's spinner vocabulary as a compiled finder, counted with the register (see
    #: ``text.Register``), or None.
    signature: Cues | None = field(default=None, repr=False, compare=False)
    #: Its academic-register counts, shared by every reader of the same document (see ``text.Register``).
    register: Register = field(init=False, repr=False, compare=False)
    _present: frozenset[str] | None = field(init=False, repr=False, compare=False, default=None)
    _quotes: Quotes | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "register", Register(self.text, self.norm, self.signature))

    @property
    def present(self) -> frozenset[str]:
        """Which of the rules' literal probes the document holds (``rules.probes``), found on first use
        in one pass and shared by the rules."""
        found = self._present
        if found is None:
            found = present(self.norm)
            object.__setattr__(self, "_present", found)
        return found

    @property
    def quotes(self) -> Quotes:
        """The document's quotations (``text.Quotes``), paired on first use and shared by its readers: the
        table's register test and the scorer's quotation tell ask the same spans."""
        found = self._quotes
        if found is None:
            found = Quotes(self.text, self.register)
            object.__setattr__(self, "_quotes", found)
        return found


class Resources(Protocol):
    """What a source may read, built once per configuration (``restore.Restorer`` provides it)."""

    @property
    def config(self) -> Config: ...

    @property
    def table_matcher(self) -> tuple[PhraseMatcher, list[Variant]]:
        """The compiled phrase table: a matcher over the variants' patterns, and the variants by index."""
        ...

    @property
    def table_fields(self) -> Sequence[tuple[CandidateFields, str, bool]]:
        """``sources.table.variant_fields`` of each variant, by the same index (a ``CandidateFieldTable``)."""
        ...


#: A candidate source: a pure function of the document and the compiled resources. Candidates carry
#: offsets into the input; scoring, overlaps and edits are the engine's.
Source = Callable[[Document, Resources], list[Candidate]]


def on_norm(rule: Callable[[str], list[Candidate]]) -> Source:
    """A source from a rule that reads only the normalised text (``rules/``: ``f(norm) -> candidates``)."""

    def source(doc: Document, resources: Resources) -> list[Candidate]:
        return rule(doc.norm)

    source.__name__ = source.__qualname__ = rule.__name__
    source.__doc__ = rule.__doc__
    return source


def probing(rule: Callable[[str, frozenset[str]], list[Candidate]], *, reads: str) -> Source:
    """A source from a rule that gates its searches on the literal probes the document holds
    (``f(norm or text, present) -> candidates``, see ``rules.probes``); ``reads`` names what it reads,
    "norm" or "text"."""
    if reads not in ("norm", "text"):
        raise ValueError(f"reads must be 'norm' or 'text', not {reads!r}")

    def source(doc: Document, resources: Resources) -> list[Candidate]:
        return rule(doc.norm if reads == "norm" else doc.text, doc.present)

    source.__name__ = source.__qualname__ = rule.__name__
    source.__doc__ = rule.__doc__
    return source


def on_text(rule: Callable[[str], list[Candidate]]) -> Source:
    """A source from a rule that reads the text as given (``f(text) -> candidates``): for the shapes that
    are a matter of case, which the normalised copy has lost."""

    def source(doc: Document, resources: Resources) -> list[Candidate]:
        return rule(doc.text)

    source.__name__ = source.__qualname__ = rule.__name__
    source.__doc__ = rule.__doc__
    return source
