"""pandas helpers (``pip install "spinfix[pandas]"``): score or restore a text column.

The core API stays strict (``None`` is a ``TypeError``: a missing text is not an empty one); real data
frames have missing values, so here ``None``/NaN rows give NaN/None results and every other non-text value
is an error naming the row's index label. The columns are those of ``spinfix scan`` (docs/scan.md):
``spinfix_score``, ``spinfix_verdict``, ``spinfix_n_findings``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..restore import Restorer

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["restore_series", "score_frame"]

COLUMNS = ("spinfix_score", "spinfix_verdict", "spinfix_n_findings")


def _restorer(restorer: Restorer | None) -> Restorer:
    if restorer is not None:
        return restorer
    from ..default import default_restorer

    return default_restorer()


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or _is_na(value)


def _is_na(value: Any) -> bool:
    import pandas as pd

    try:
        return value is pd.NA or value is pd.NaT
    except AttributeError:  # pragma: no cover - very old pandas
        return False


def _rows(series: pd.Series, progress: bool, what: str) -> Iterator[tuple[Any, Any]]:
    items: Iterable[tuple[Any, Any]] = series.items()
    if progress:
        try:
            from tqdm.auto import tqdm
        except ImportError:  # the bar is a nicety: without tqdm, run without it
            pass
        else:
            items = tqdm(items, total=len(series), desc=what, unit="doc")
    yield from items


def _text(label: Any, value: Any) -> str:
    if isinstance(value, str):
        return value
    raise TypeError(f"row {label!r}: spinfix works on str, got {type(value).__name__}"
                    + (" (decode it first)" if isinstance(value, (bytes, bytearray)) else ""))


def score_frame(df: pd.DataFrame, column: str, *, restorer: Restorer | None = None,
                progress: bool = False, paragraphs: str | None = None) -> pd.DataFrame:
    """A DataFrame of ``spinfix_score`` (float), ``spinfix_verdict`` (str) and ``spinfix_n_findings`` (count of
    restorable findings, as ``spinfix scan`` counts them), aligned on ``df``'s index.

    With ``paragraphs`` (``"blank"``: paragraphs end at a blank line; ``"line"``: at every line break) a
    ``spinfix_paragraphs`` column holds each text's paragraph scores as ``spinfix scan --paragraphs``
    writes them (a list of dicts; :meth:`~spinfix.Restorer.paragraph_scores`).

    A missing text (``None``, NaN, ``pd.NA``) gives NaN, None and NaN (and None paragraphs); any other
    non-text value raises :class:`TypeError` naming the row's index label. ``progress=True`` shows a tqdm bar
    when tqdm is installed. Join the result back with ``df.join(score_frame(df, "text"))``.
    """
    import pandas as pd

    if paragraphs not in (None, "blank", "line"):
        raise ValueError(f"paragraphs must be None, 'blank' or 'line', not {paragraphs!r}")
    if column not in df.columns:
        raise KeyError(f"no column {column!r} in the DataFrame (columns: {list(df.columns)})")
    r = _restorer(restorer)
    scores: list[float] = []
    verdicts: list[str | None] = []
    counts: list[float] = []
    parts: list[Any] = []
    for label, value in _rows(df[column], progress, "spinfix score"):
        if _missing(value):
            scores.append(math.nan)
            verdicts.append(None)
            counts.append(math.nan)
            parts.append(None)
            continue
        text = _text(label, value)
        analysis = r.analyse(text)  # what spin_score reads; one analysis for the score and the paragraphs'
        s = analysis.score
        if paragraphs is not None:
            parts.append([p.to_dict() for p in r.paragraph_scores(text, lines=paragraphs == "line",
                                                                   analysis=analysis)])
        scores.append(s.score)
        verdicts.append(s.verdict)
        counts.append(s.findings)
    out = pd.DataFrame({"spinfix_score": pd.Series(scores, index=df.index, dtype="float64"),
                        "spinfix_verdict": pd.Series(verdicts, index=df.index, dtype="object"),
                        "spinfix_n_findings": pd.Series(counts, index=df.index, dtype="float64")},
                       index=df.index)
    if not any(math.isnan(c) for c in counts):
        out["spinfix_n_findings"] = out["spinfix_n_findings"].astype("int64")
    if paragraphs is not None:
        out["spinfix_paragraphs"] = pd.Series(parts, index=df.index, dtype="object")
    return out


def restore_series(series: pd.Series, *, restorer: Restorer | None = None, progress: bool = False) -> pd.Series:
    """``series`` with every text restored (same index, name and dtype); missing values stay missing.

    A string dtype (``"string"``, ``"string[pyarrow]"``, pandas 3's default ``str``) is kept, so that
    ``df["text"] = restore_series(df["text"])`` leaves the column's type as it was (missing values then
    take the dtype's own NA); any other column comes back as ``object``, its missing values as they were.
    """
    import pandas as pd

    r = _restorer(restorer)
    values = [value if _missing(value) else r.restore(_text(label, value))
              for label, value in _rows(series, progress, "spinfix restore")]
    dtype = series.dtype if isinstance(series.dtype, pd.StringDtype) else "object"
    return pd.Series(values, index=series.index, name=series.name, dtype=dtype)
