"""Building a process's long-lived data (tables, lexicon, models) with the cyclic garbage collector paused.

Why: the first restore of a process builds a few hundred thousand objects that live as long as the
process does — the tables' rows and variants, the matchers, the learned swaps, the lexicon's dicts and
sets. Every 700 container allocations start a young collection, and the older generations' collections
walk everything built so far, again and again as it grows, to find no garbage at all: about 0.08 s of
the 0.9 s a spun sentence took from a fresh interpreter (issue 14's cold start), measured with
``gc.disable()`` around the first call. When the pause ends, what it built is moved to the oldest
generation (:func:`_promote_young_objects`), so the young collections that follow do not walk it: they
were another 55-75 ms. Once there, the data adds nothing to later collections worth measuring
(clean-news throughput is the same with it frozen out of them, ``gc.freeze()``), so only the building is
paused.

The pause is process-wide (the collector has no per-thread switch) and lasts only while shipped data is
first built, once per process; a collector the caller turned off stays off.

:func:`read_gzip` is how that data's gzip files are read, in one call into C.
"""

from __future__ import annotations

import functools
import gc
import gzip
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the body with the cyclic garbage collector off, turning it back on only if it was on.

    Nested or concurrent pauses are safe: an inner one finds the collector off and leaves it so, and
    whichever pause turned it off turns it back on (reference counting frees memory meanwhile; only the
    search for cycles waits)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        _promote_young_objects()
        gc.enable()


def _promote_young_objects() -> None:
    """Move every object the collector tracks into its oldest generation, without a collection.

    Why: what a pause built (a few tens of thousands of rows, variants and swaps, and the lists that hold
    them) would otherwise sit in the youngest generation when the collector comes back on, and the next
    two young collections walked it all, then walked it again one generation up: 55-75 ms of the 0.5 s a
    spun sentence's first restore takes from a fresh interpreter, measured with ``gc.callbacks``. Data
    that lives as long as the process belongs in the oldest generation, which only full collections
    walk. ``freeze`` followed by ``unfreeze`` is that move (two list splices; it also resets the young
    generation's allocation count). Other young objects of the process are promoted too: garbage among
    them is still collected, by the next full collection instead of a young one.

    Skipped when the program has frozen objects itself (``gc.freeze`` before forking workers):
    ``unfreeze`` would release them as well."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def builds_data(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate a function that builds long-lived data (a loader, a ``cached_property`` body) so that it
    runs under :func:`gc_paused`."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with gc_paused():
            return fn(*args, **kwargs)

    return wrapper


def read_gzip(path: str | os.PathLike[str]) -> bytes:
    """The decompressed bytes of the gzip file at ``path``.

    Why not ``gzip.open(path).read()``: that reads through a Python loop of small reads (461 calls for a
    spun sentence's first restore), where ``gzip.decompress`` of the file's bytes is one call into C,
    10-25 % faster on the shipped files, with the same errors (OSError, including ``gzip.BadGzipFile``;
    EOFError for a truncated file; ``zlib.error`` for a corrupt one) and the same handling of several
    members."""
    with open(path, "rb") as fh:
        return gzip.decompress(fh.read())
