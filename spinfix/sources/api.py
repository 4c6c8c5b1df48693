"""What every candidate source is given and must return: the interface behind :data:`spinfix.sources.SOURCES`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from ..candidates import Candidate
from ..config import Config
from ..matcher import PhraseMatcher
from ..table import Variant
from ..text import Register


@dataclass(frozen=True, slots=True)
class Document:
    """One text to find candidates in: ``text`` as given and ``norm``, its normalised copy
    (``normalize.normalize``: same length, so offsets into ``norm`` are offsets into ``text``)."""

    text: str
    norm: str
    #: Its academic-register counts, shared by every reader of the same document (see ``text.Register``).
    register: Register = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "register", Register(self.text, self.norm))


class Resources(Protocol):
    """What a source may read, built once per configuration (``restore.Restorer`` provides it)."""

    @property
    def config(self) -> Config: ...

    @property
    def table_matcher(self) -> tuple[PhraseMatcher, list[Variant]]:
        """The compiled phrase table: a matcher over the variants' patterns, and the variants by index."""
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


def on_text(rule: Callable[[str], list[Candidate]]) -> Source:
    """A source from a rule that reads the text as given (``f(text) -> candidates``): for the shapes that
    are a matter of case, which the normalised copy has lost."""

    def source(doc: Document, resources: Resources) -> list[Candidate]:
        return rule(doc.text)

    source.__name__ = source.__qualname__ = rule.__name__
    source.__doc__ = rule.__doc__
    return source
