"""Exceptions raised by spinfix.

Every error a user can trigger is a :class:`SpinfixError`, so callers can catch one type; table problems
carry the file and line so that a bad row in a user's file is found at once.
"""

from __future__ import annotations

from pathlib import Path


class SpinfixError(Exception):
    """Base class of every error spinfix raises on purpose."""


class PhraseTableError(SpinfixError):
    """A phrase-table file could not be read or one of its rows is invalid.

    ``str(error)`` reads ``path:line: reason`` (``path: reason`` when no line applies), the form editors
    and linters use, so the message can be pasted into a terminal to jump to the row.
    """

    def __init__(self, path: str | Path, line: int | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class ConfigError(SpinfixError, ValueError):
    """A :class:`spinfix.Config` was built with an invalid value."""


class EditError(SpinfixError, ValueError):
    """Edits passed to :func:`spinfix.apply_edits` do not fit the text (out of range, overlapping, stale)."""
