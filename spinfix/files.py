"""Writing the command line's outputs without losing anything: the one place that opens an output file.

``restore -o`` / ``--in-place``, ``check --html`` and every output of ``scan`` go through here. The
promises (README, "Reliability"):

* **an output is never an input, and two outputs are never one file** — :func:`check_outputs` compares
  resolved paths and inodes (``os.path.samefile``), so symbolic and hard links are caught, before any work;
* **a regular file is replaced atomically** — written to a temporary file in the *target's* directory,
  fsynced, given the old file's mode and owner, then renamed onto the target. A symbolic link is followed
  (``os.path.realpath``), so the link stays a link and its target gets the new text;
* **hard links stay linked** — a file with several links (``st_nlink > 1``) is rewritten in its own inode
  once the new content is safely in the temporary file, because a rename would leave the other names with
  the old text. This is what users of a hard-linked tree expect, and unlike GNU ``sed -i``, which breaks the
  link. If that copy fails, the error names the temporary file that still holds the new content;
* **special files are written straight through** — ``-`` (stdout), a FIFO, a character device
  (``/dev/null``, a terminal) and ``/dev/stdout``-style descriptor aliases are opened and written, never
  replaced: renaming a regular file over ``/dev/null`` (as root) is exactly the damage this avoids;
* **errors name the path the user gave** (never the temporary file) and the errno's meaning:
  ``path: cannot write: No space left on device``, as :class:`OutputError` (exit code 2).

An interrupt (Ctrl-C, or SIGTERM under :func:`terminate_as_interrupt`) before the rename removes the
temporary file and leaves the old target as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from .errors import SpinfixError

STDOUT = "-"
#: Names that are another view of an open descriptor: writing through them must reach that descriptor,
#: and renaming over them would cut the link (``-o /dev/stdout`` printed nothing before).
_FD_ALIAS = re.compile(r"^/(dev/(stdout|stderr|fd/\d+)|proc/(self|\d+)/fd/\d+)$")


class OutputError(SpinfixError):
    """An output that must not or could not be written; the message starts with the path as given."""


def cannot_write(path: str, exc: OSError) -> OutputError:
    """``path: cannot write: strerror`` — the user's path and the errno's meaning, nothing else."""
    reason = exc.strerror or (os.strerror(exc.errno) if exc.errno else str(exc))
    return OutputError(f"{path}: cannot write: {reason}")


@dataclass(frozen=True, slots=True)
class OutputTarget:
    """Where one output goes, decided before anything is written.

    ``kind`` is ``stdout`` (``-``), ``stream`` (FIFO, character device, descriptor alias: written straight
    through), ``file`` (an existing regular file: replaced through a temporary file) or ``new``.
    ``real`` is the path actually written: symbolic links resolved for files, as given for streams.
    """

    path: str
    kind: str
    real: str
    existing: os.stat_result | None = None

    @property
    def replaced(self) -> bool:
        """Written through a temporary file (as opposed to straight through)."""
        return self.kind in ("file", "new")


def resolve_output(path: str) -> OutputTarget:
    """Classify ``path``; raise :class:`OutputError` for a directory or a missing parent directory."""
    if path == STDOUT:
        return OutputTarget(path, "stdout", path)
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:  # a new file, or a dangling symbolic link (its target is created)
        st = None
    except OSError as exc:
        raise cannot_write(path, exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path}: is a directory")
    if (st is not None and not stat.S_ISREG(st.st_mode)) or _FD_ALIAS.match(os.path.abspath(path)):
        return OutputTarget(path, "stream", path, st)
    real = os.path.realpath(path)
    if not os.path.isdir(os.path.dirname(real) or "."):
        raise OutputError(f"{path}: cannot write: {os.strerror(errno.ENOENT)}")
    return OutputTarget(path, "file" if st is not None else "new", real, st)


# --- same file ---------------------------------------------------------------------------------------------
def same_file(a: str, b: str) -> bool:
    """Whether paths ``a`` and ``b`` name one file: equal resolved paths (also for files not yet created),
    or one inode (symbolic links, hard links, bind mounts). ``-`` is only ever itself."""
    if STDOUT in (a, b):
        return a == b
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


def _harmless(path: str) -> bool:
    """A character device (``/dev/null``, a terminal) may be read and written in one run."""
    try:
        return stat.S_ISCHR(os.stat(path).st_mode)
    except OSError:
        return False


def check_outputs(outputs: Sequence[tuple[str, str]], inputs: Iterable[str]) -> None:
    """Refuse before any work when an output is an input or two outputs are the same file.

    ``outputs`` are ``(flag, path)`` pairs (``("--html", "report.html")``); ``inputs`` are paths, ``-``
    meaning stdin (which is never an output, not even ``-``).
    """
    inputs = [i for i in inputs if i != STDOUT]
    for n, (flag, path) in enumerate(outputs):
        if _harmless(path):
            continue
        for src in inputs:
            if same_file(path, src):
                raise OutputError(f"{path}: {flag} is also an input ({src}); write somewhere else")
        for other_flag, other in outputs[:n]:
            if same_file(path, other):
                raise OutputError(f"{path}: {other_flag} and {flag} are the same file; give each its own")


# --- writing ------------------------------------------------------------------------------------------------
def _new_file_mode() -> int:
    """What a plain ``open()`` would give a new file: 0666 less the umask (mkstemp makes 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class OutputWriter:
    """Bytes to one :class:`OutputTarget`. Opened at construction, so a target that cannot be written fails
    before the work starts; :func:`commit` makes the output appear, :meth:`discard` drops it."""

    def __init__(self, target: OutputTarget, stdout: IO[str] | None = None) -> None:
        self.target = target
        self.tmp: str | None = None
        self.keep_tmp = False  # the in-place copy of a hard-linked file failed: the tmp holds the only new copy
        self._files = contextlib.ExitStack()
        self._text: IO[str] | None = None
        self.fh: IO[bytes] | None = None
        try:
            if target.kind == "stdout":
                self._text = stdout if stdout is not None else sys.stdout
                self._text.flush()
                self.fh = getattr(self._text, "buffer", None)
            elif target.kind == "stream":
                # O_APPEND: /dev/stdout redirected with >> must not be overwritten from its start.
                fd = os.open(target.real, os.O_WRONLY | os.O_APPEND)
                self.fh = self._files.enter_context(os.fdopen(fd, "wb"))
            else:
                directory, name = os.path.split(target.real)
                fd, self.tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory or ".")
                self.fh = self._files.enter_context(os.fdopen(fd, "wb", buffering=1 << 20))
        except OSError as exc:
            self.discard()
            raise cannot_write(target.path, exc) from None

    def write(self, data: bytes) -> None:
        if self.fh is None:  # a text-only stdout (a test's StringIO)
            assert self._text is not None
            self._text.write(data.decode("utf-8", "surrogateescape"))  # bytes that are no UTF-8 kept
            return
        if self.target.kind == "stdout":  # BrokenPipeError stays itself: the CLI ends quietly on it
            self.fh.write(data)
            return
        try:
            self.fh.write(data)
        except OSError as exc:
            raise cannot_write(self.target.path, exc) from None

    def finish(self) -> None:
        """Everything that can fail short of the rename: flush, fsync, close, mode and owner."""
        if self.target.kind == "stdout":
            (self.fh or self._text or sys.stdout).flush()
            return
        try:
            if self.fh is not None:
                self.fh.flush()
                if self.tmp is not None:
                    os.fsync(self.fh.fileno())
            self._files.close()
            if self.tmp is not None:
                self._copy_metadata(self.tmp)
        except OSError as exc:
            raise cannot_write(self.target.path, exc) from None

    def _copy_metadata(self, tmp: str) -> None:
        old = self.target.existing
        if old is None:
            os.chmod(tmp, _new_file_mode())
            return
        if hasattr(os, "chown"):
            with contextlib.suppress(PermissionError):  # only root may give a file away; sed -i does the same
                os.chown(tmp, old.st_uid, old.st_gid)
        os.chmod(tmp, stat.S_IMODE(old.st_mode))  # after chown, which clears set-user-ID bits

    def commit(self) -> None:
        """Make the output appear (after :meth:`finish`): rename onto the target, or copy into a hard-linked one."""
        if self.tmp is None:
            return
        old = self.target.existing
        try:
            if old is not None and old.st_nlink > 1:
                self._rewrite_in_place(self.tmp)
            else:
                os.replace(self.tmp, self.target.real)
            self.tmp = None
        except OSError as exc:
            error = cannot_write(self.target.path, exc)
            if self.keep_tmp:
                error = OutputError(f"{error}; the new content is in {self.tmp}")
            raise error from None

    def _rewrite_in_place(self, tmp: str) -> None:
        """Keep the inode, so every hard link sees the new content; the tmp file is the backup until done."""
        self.keep_tmp = True
        with open(tmp, "rb") as src, open(self.target.real, "r+b") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.truncate()
            dst.flush()
            os.fsync(dst.fileno())
        self.keep_tmp = False
        os.unlink(tmp)

    def discard(self) -> None:
        """Drop the output: close, and remove the temporary file (unless it holds the only new copy)."""
        with contextlib.suppress(OSError):
            self._files.close()
        if self.tmp is not None and not self.keep_tmp:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
            self.tmp = None


def open_output(path: str, stdout: IO[str] | None = None) -> OutputWriter:
    """An :class:`OutputWriter` for ``path`` (``-`` writes to ``stdout``, default ``sys.stdout``)."""
    return OutputWriter(resolve_output(path), stdout)


def commit(writers: Iterable[OutputWriter]) -> None:
    """Finish every writer first, then make them appear: a failure while writing any output (a full disk
    under ``--summary-json``) leaves every other output as it was."""
    writers = list(writers)
    for w in writers:
        w.finish()
    for w in writers:
        w.commit()


def write_output(path: str, content: str | bytes, stdout: IO[str] | None = None) -> None:
    """Write ``content`` (``str`` as UTF-8, bytes unchanged) to ``path`` safely, as the module describes."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    writer = open_output(path, stdout)
    try:
        writer.write(data)
        commit([writer])
    except BaseException:
        writer.discard()
        raise


# --- signals ----------------------------------------------------------------------------------------------
@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM (``kill``, a batch scheduler's time limit) like Ctrl-C, so the cleanup above runs and
    the command exits 130. Only the main thread can set handlers; a SIGTERM the caller ignores stays ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.getsignal(signal.SIGTERM)
    if previous == signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
