"""Exceptions raised by spinfix.

Every error a user can trigger is a :class:`SpinfixError`, so callers can catch one type; table problems
carry the file and line so that a bad row in a user's file is found at once. The command line's exit codes
live here too, beside the errors they report, so that every front end (``cli``, ``scan``) maps an outcome
to the same code without importing another front end.
"""

from __future__ import annotations

from pathlib import Path

#: Exit codes of the command line, as linters use them: 0 = success and nothing found; 1 = ``check`` found
#: spun spans; 2 = usage or runtime error; 130 = interrupted (128 + SIGINT, as shells report it).
EXIT_OK, EXIT_FOUND, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


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

    def __reduce__(self) -> tuple[type[PhraseTableError], tuple[str, int | None, str]]:
        # The default pickling re-calls __init__ with ``self.args`` (the one formatted message), which fails:
        # a table error raised in a ``spinfix scan`` worker process could not reach the parent.
        return (type(self), (self.path, self.line, self.reason))


class UsageError(SpinfixError):
    """A problem with how spinfix was called or with its input files (exit code 2): a missing file, an
    undecodable input, flags that do not go together."""


class ConfigError(SpinfixError, ValueError):
    """A :class:`spinfix.Config` was built with an invalid value."""


class EditError(SpinfixError, ValueError):
    """Edits passed to :func:`spinfix.apply_edits` do not fit the text (out of range, overlapping, stale)."""
