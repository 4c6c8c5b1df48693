"""Errors are one family (SpinfixError) and survive the trip between processes that ``spinfix scan`` makes."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

from spinfix.errors import PhraseTableError, SpinfixError, UsageError


def test_phrase_table_error_pickles_with_path_line_and_reason() -> None:
    for line in (12, None):
        error = PhraseTableError("/tmp/my swaps.tsv", line, "confidence 'high' is not a number")
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is PhraseTableError
        assert (again.path, again.line, again.reason) == (error.path, error.line, error.reason)
        assert str(again) == str(error)


def _raise_table_error(path: str) -> None:
    raise PhraseTableError(path, 3, "expected 5 or 6 tab-separated fields, found 2")


def test_phrase_table_error_crosses_a_process_pool() -> None:
    with ProcessPoolExecutor(max_workers=1) as pool, pytest.raises(PhraseTableError) as info:
        pool.submit(_raise_table_error, "t.tsv").result()
    assert (info.value.path, info.value.line) == ("t.tsv", 3)
    assert str(info.value) == "t.tsv:3: expected 5 or 6 tab-separated fields, found 2"


def test_usage_error_is_a_spinfix_error() -> None:
    # One except clause catches everything spinfix raises on purpose, the command line's errors included.
    assert issubclass(UsageError, SpinfixError)
    from spinfix import cli

    assert cli.UsageError is UsageError
    assert pickle.loads(pickle.dumps(UsageError("x: no such file"))).args == ("x: no such file",)
