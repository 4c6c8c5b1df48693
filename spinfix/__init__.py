"""spinfix: find the swaps an article spinner or a paper mill made, and put the original wording back.

>>> import spinfix
>>> spinfix.restore("Shares rose zero.5 % in early trading.")
'Shares rose 0.5 % in early trading.'

The module-level functions use one :class:`Restorer` with the default :class:`Config`, built lazily on
first use (importing spinfix does no work). For custom tables or thresholds build your own
``Restorer(Config(...))`` and reuse it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ._version import __version__ as __version__
from .config import Config
from .default import default_restorer
from .errors import ConfigError, EditError, PhraseTableError, SpinfixError
from .mine import SpinnerVocabulary, Suggestion
from .records import Analysis, Edit, Evidence, Finding, ParagraphScore, Restored, SpinScore
from .report import report_html
from .restore import Restorer, apply_edits

__all__ = [
    "Analysis",
    "Config",
    "ConfigError",
    "Edit",
    "EditError",
    "Evidence",
    "Finding",
    "ParagraphScore",
    "PhraseTableError",
    "Restored",
    "Restorer",
    "SpinScore",
    "SpinfixError",
    "SpinnerVocabulary",
    "Suggestion",
    "analyse",
    "apply_edits",
    "default_restorer",
    "detect",
    "paragraph_scores",
    "report_html",
    "restore",
    "restore_and_explain",
    "restore_batch",
    "spin_score",
    "spin_score_batch",
]


def analyse(text: str) -> Analysis:
    """Everything at once: restored text, edits, findings and the document spin score (what ``spinfix
    scan`` and the report read); see :meth:`Restorer.analyse`."""
    return default_restorer().analyse(text)


def restore(text: str) -> str:
    """Return ``text`` with the spun spans put back; every other character stays as it was."""
    return default_restorer().restore(text)


def detect(text: str) -> list[Finding]:
    """Find spun spans without changing anything; see :class:`Finding` for what each one carries."""
    return default_restorer().detect(text)


def restore_and_explain(text: str) -> Restored:
    """Restore and return the edits made: ``apply_edits(text, r.edits) == r.text == restore(text)``."""
    return default_restorer().restore_and_explain(text)


def spin_score(text: str) -> SpinScore:
    """How spun the document looks: a score in [0, 1] and a verdict (clean / suspicious / spun)."""
    return default_restorer().spin_score(text)


def paragraph_scores(text: str, *, lines: bool = False) -> tuple[ParagraphScore, ...]:
    """The spin score of each paragraph (each line with ``lines``): which parts of a page are spun; see
    :meth:`Restorer.paragraph_scores`."""
    return default_restorer().paragraph_scores(text, lines=lines)


def restore_batch(texts: Iterable[str]) -> list[str]:
    """:func:`restore` over many texts, for batched pipelines."""
    return default_restorer().restore_batch(texts)


def spin_score_batch(texts: Iterable[str]) -> list[SpinScore]:
    """:func:`spin_score` over many texts, for batched pipelines."""
    return default_restorer().spin_score_batch(texts)
