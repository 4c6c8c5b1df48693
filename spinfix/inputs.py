"""Reading what the command line is given: a file or standard input as UTF-8, the error each failed read
becomes, and line/column positions in the text read.

Shared by the CLI's ``restore``/``check``/``score`` and by ``spinfix scan`` (which streams its own records
but names an unreadable file the same way), so that neither front end imports the other.
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from pathlib import Path

from .errors import UsageError


def read_error(name: str, exc: OSError) -> UsageError:
    """The error for an input that could not be opened or read: ``name: reason``, in the words of ``ls``."""
    if isinstance(exc, IsADirectoryError):
        return UsageError(f"{name}: is a directory")
    if isinstance(exc, FileNotFoundError):
        return UsageError(f"{name}: no such file")
    if isinstance(exc, PermissionError):
        return UsageError(f"{name}: permission denied")
    return UsageError(f"{name}: cannot read: {exc.strerror or exc}")


def read_input(name: str, errors: str) -> str:
    """Read a file (or stdin for ``-``) as UTF-8; strict decoding reports the line and byte offset."""
    try:
        if name == "-":
            if sys.stdin is None:  # started with standard input closed
                raise UsageError("-: no standard input")
            data = sys.stdin.buffer.read()
        else:
            data = Path(name).read_bytes()
    except OSError as exc:
        raise read_error(name, exc) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8", errors=errors)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UsageError(f"{name}:{line}: not UTF-8 (byte {exc.start}); decode it first or pass --errors replace"
                         ) from None


class LineIndex:
    """1-based line and column of a character offset, by bisection over the line starts.

    Counting the line breaks before each finding (``text.count("\\n", 0, offset)``) made ``check``
    quadratic in a long document with many findings; this is one pass plus ``O(log lines)`` per finding.
    """

    def __init__(self, text: str) -> None:
        self.starts = [0]
        find = text.find
        i = find("\n")
        while i >= 0:
            self.starts.append(i + 1)
            i = find("\n", i + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        """``(line, column)`` of ``offset``, both 1-based, in characters."""
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1
