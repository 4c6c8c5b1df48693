"""Reading what the command line is given: a file or standard input as UTF-8, the error each failed read
becomes, and line/column positions in the text read.

Shared by the CLI's ``restore``/``check``/``score`` and by ``spinfix scan`` (which streams its own records
but names an unreadable file the same way), so that neither front end imports the other.
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .records import Edit
from .table import UTF16_BOMS

#: The UTF-8 byte-order mark, which no reader counts as text (``scan`` drops it from a file's start too).
BOM = b"\xef\xbb\xbf"
#: An undecodable byte read with ``surrogateescape`` (U+DC80..U+DCFF) as it is shown: U+FFFD.
_SHOWN = {code: "\ufffd" for code in range(0xDC80, 0xDD00)}



#: Why a file that starts with a UTF-16 byte-order mark is not read, and what to do.
NOT_UTF8_BUT_UTF16 = ("UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8: "
                      "convert it first (iconv -f UTF-16 -t UTF-8)")


def not_utf8(data: bytes, exc: UnicodeDecodeError) -> str:
    """Why ``data`` could not be read (``exc`` from decoding it as UTF-8): a file in UTF-16 is named so,
    with what to do (passing ``--errors replace`` would read every other byte as a NUL and the rest as
    U+FFFD, which is no advice for it); any other, the offset of its first byte that is not UTF-8."""
    if data.startswith(UTF16_BOMS):
        return NOT_UTF8_BUT_UTF16
    return f"not UTF-8 (byte {exc.start}); decode it first or pass --errors replace"


def read_problem(exc: OSError) -> str:
    """Why an input could not be opened or read, in the words of ``ls``."""
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read: {exc.strerror or exc}"


def read_error(name: str, exc: OSError) -> UsageError:
    """The error for an input that could not be opened or read: ``name: reason`` (:func:`read_problem`)."""
    return UsageError(f"{name}: {read_problem(exc)}")


@dataclass(frozen=True)
class Source:
    """A file as spinfix reads it: :attr:`text`, what is analysed and what offsets count in, and what it
    takes to write a restoration back into the file's own bytes (:meth:`restored_bytes`).

    ``text`` has no UTF-8 byte-order mark (an editor does not count it as a character, so a finding's
    column is the one the editor shows), and with ``errors="replace"`` each byte that is not UTF-8 is a
    U+FFFD of its own. Writing ``text`` back would change the file outside the edits: the mark dropped and
    every such byte (a Latin-1 "é", a binary blob's bytes) turned into the three bytes of U+FFFD, for good.
    ``restore --in-place`` did exactly that. :meth:`restored_bytes` puts the mark and the bytes back.
    """

    text: str
    #: The byte-order mark the file began with, or ``b""``.
    bom: bytes = b""
    #: ``text`` with each undecodable byte as its ``surrogateescape`` code point (same length, same
    #: offsets), when the file had any.
    escaped: str | None = None

    def restored_bytes(self, edits: Sequence[Edit]) -> bytes:
        """The file's bytes with ``edits`` (made on :attr:`text`, sorted, as ``Analysis.edits``) applied:
        every byte outside them as the file had it.

        The edits are spliced into :attr:`escaped` here rather than by ``apply_edits``, which checks each
        edit's old text against the text it is given: an edit's old text is :attr:`text`'s, where an
        undecodable byte is U+FFFD, not the escape. The result of ``apply_edits(text, edits)`` (the
        restored text) is this, decoded with each undecodable byte shown as U+FFFD."""
        base = self.escaped if self.escaped is not None else self.text
        parts: list[str] = []
        pos = 0
        for e in edits:
            parts.append(base[pos:e.start])
            parts.append(e.new)
            pos = e.end
        parts.append(base[pos:])
        return self.bom + "".join(parts).encode("utf-8", "surrogateescape")


def read_source(name: str, errors: str) -> Source:
    """Read a file (or stdin for ``-``) as UTF-8 (see :class:`Source`); strict decoding reports the line
    and byte offset of the first byte that is not UTF-8."""
    try:
        if name == "-":
            if sys.stdin is None:  # started with standard input closed
                raise UsageError("-: no standard input")
            data = sys.stdin.buffer.read()
        else:
            data = Path(name).read_bytes()
    except OSError as exc:
        raise read_error(name, exc) from None
    bom = BOM if data.startswith(BOM) else b""
    data = data[len(bom):]
    if errors != "replace":
        try:
            return Source(data.decode("utf-8"), bom)
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise UsageError(f"{name}:{line}: {not_utf8(data, exc)}") from None
    # One code point per undecodable byte (the codec's "replace" gives one U+FFFD per run of a broken
    # sequence), so that the shown text and the escaped one have the same offsets.
    escaped = data.decode("utf-8", "surrogateescape")
    text = escaped.translate(_SHOWN)
    return Source(text, bom, escaped if text != escaped else None)


def read_input(name: str, errors: str) -> str:
    """The text of :func:`read_source`: what ``check`` and ``score`` read."""
    return read_source(name, errors).text


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
