"""Dask integration (``pip install spinfix[dask]``): score and restore ``dask.bag`` and ``dask.dataframe`` text.

This module owns the per-worker-process :class:`~spinfix.Restorer` cache. Building a Restorer compiles the
phrase tables and loads the n-gram lexicon (hundreds of milliseconds and tens of megabytes), so it must
happen once per worker process, not once per task and never on the client: the task functions here take
only the small, hashable :class:`~spinfix.Config` and look the Restorer up in a module-level dict keyed
by it. Each worker process therefore builds one Restorer per distinct Config for its whole lifetime,
whatever the number of partitions, and nothing large travels with the task graph.

Dask itself is imported lazily, with an error that says how to install it, so ``import spinfix`` never
needs it.

>>> import dask.bag as db
>>> from spinfix.integrations.dask import score_bag
>>> score_bag(db.from_sequence(["Rates rose zero.5 %."])).compute()  # doctest: +SKIP
[{'spinfix_score': 0.62, 'spinfix_verdict': 'suspicious', 'spinfix_n_findings': 1, 'spinfix_words': 4,
  'spinfix_per_1000_words': 250.0}]
"""

from __future__ import annotations

import functools
import math
import threading
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..mine import SpinnerVocabulary
from ..records import SpinScore
from ..restore import Restorer

if TYPE_CHECKING:
    from collections.abc import Iterable

    import dask.bag
    import dask.dataframe
    import pandas

__all__ = ["load_count", "paragraph_bag", "restore_bag", "restorer_for", "score_bag", "score_dataframe",
           "score_fields", "vocabulary_bag"]

_RESTORERS: dict[Config, Restorer] = {}
_LOCK = threading.Lock()
_STATS = {"loads": 0}  # Restorers built in this process (see load_count)


def _require_dask() -> None:
    try:
        import dask.bag  # noqa: F401
    except ImportError as exc:
        raise ImportError("spinfix.integrations.dask needs dask: pip install 'spinfix[dask]' "
                          "(dask[bag,dataframe] and distributed)") from exc


def restorer_for(config: Config | None = None) -> Restorer:
    """This process's Restorer for ``config``, built (and warmed) on first use, then reused.

    Threads of one worker share it (a Restorer is thread-safe); the lock only keeps two threads from
    building the same one twice.
    """
    key = config if config is not None else Config()
    restorer = _RESTORERS.get(key)
    if restorer is None:
        with _LOCK:
            restorer = _RESTORERS.get(key)
            if restorer is None:
                restorer = Restorer(key).warm()
                _RESTORERS[key] = restorer
                _STATS["loads"] += 1
    return restorer


def load_count() -> int:
    """How many Restorers this process has built: one per Config per worker when the cache works.

    Meant for tests and monitoring, e.g. ``client.run(spinfix.integrations.dask.load_count)`` returns it per worker.
    """
    return _STATS["loads"]


# --- bags --------------------------------------------------------------------------------------------------
def _restore_partition(texts: list[str], config: Config | None) -> list[str]:
    return restorer_for(config).restore_batch(texts)


def _score_partition(texts: list[str], config: Config | None) -> list[dict[str, Any]]:
    return [score_fields(s) for s in restorer_for(config).spin_score_batch(texts)]


def score_fields(score: SpinScore) -> dict[str, Any]:
    """A spin score under the names ``spinfix scan`` writes (``spinfix_score``, ``spinfix_verdict``,
    ``spinfix_n_findings``) plus ``spinfix_words`` and ``spinfix_per_1000_words``: a bag turned into a
    dataframe has the columns :func:`score_dataframe` adds."""
    return {"spinfix_score": score.score, "spinfix_verdict": score.verdict, "spinfix_n_findings": score.findings,
            "spinfix_words": score.words, "spinfix_per_1000_words": score.per_1000_words}


def restore_bag(bag: dask.bag.Bag, config: Config | None = None) -> dask.bag.Bag:
    """A bag of restored texts, element for element (``spinfix.restore`` on each)."""
    _require_dask()
    return bag.map_partitions(_restore_partition, config)


def score_bag(bag: dask.bag.Bag, config: Config | None = None) -> dask.bag.Bag:
    """A bag of spin scores as plain dicts (:func:`score_fields`: ``spinfix_score``, ``spinfix_verdict``,
    ``spinfix_n_findings``, ``spinfix_words``, ``spinfix_per_1000_words``).

    Dicts rather than :class:`~spinfix.SpinScore` records so that ``.to_dataframe()`` and JSON output work
    directly, with the column names of :func:`score_dataframe` and ``spinfix scan``.
    """
    _require_dask()
    return bag.map_partitions(_score_partition, config)


def _paragraph_partition(texts: list[str], config: Config | None, lines: bool) -> list[list[dict[str, Any]]]:
    restorer = restorer_for(config)
    return [[p.to_dict() for p in restorer.paragraph_scores(text, lines=lines)] for text in texts]


def paragraph_bag(bag: dask.bag.Bag, config: Config | None = None, lines: bool = False) -> dask.bag.Bag:
    """A bag holding, for each text, its paragraphs' scores as a list of plain dicts (the ``spinfix_paragraphs``
    of ``spinfix scan --paragraphs``: ``score``, ``verdict``, ``findings``, ``words``, ``per_1000_words``,
    ``start``, ``end``); paragraphs end at a blank line, or at every line break with ``lines=True``.

    For a corpus whose pages join a spun article to text nobody spun: keep the clean paragraphs and drop
    the spun ones rather than the page. Each text costs an analysis and a full model reading.
    """
    _require_dask()
    return bag.map_partitions(_paragraph_partition, config, lines)


def _vocabulary_partition(texts: Iterable[str], config: Config | None) -> SpinnerVocabulary:
    restorer = restorer_for(config)
    vocabulary = SpinnerVocabulary()
    for text in texts:
        vocabulary.add(restorer, text)
    return vocabulary


def _merge_vocabularies(parts: Iterable[SpinnerVocabulary]) -> SpinnerVocabulary:
    out = SpinnerVocabulary()
    for part in parts:
        out.merge(part)
    return out


def vocabulary_bag(bag: dask.bag.Bag, config: Config | None = None) -> dask.bag.Item:
    """The corpus's spinner vocabulary (what ``spinfix scan --suggest`` counts), as one lazy item: counted
    per partition on the workers, merged on the way up. ``.compute()`` gives a
    :class:`~spinfix.SpinnerVocabulary`; ask it for ``.suggestions()`` or ``.table()``."""
    _require_dask()
    return bag.reduction(functools.partial(_vocabulary_partition, config=config), _merge_vocabularies)


# --- dataframes --------------------------------------------------------------------------------------------
#: The columns :func:`score_dataframe` adds: the field names of ``spinfix scan``, under a prefix no user
#: column is expected to have (columns with these names are replaced).
SCORE_COLUMNS = ("spinfix_score", "spinfix_verdict", "spinfix_n_findings")
RESTORED_COLUMN = "spinfix_restored"
PARAGRAPHS_COLUMN = "spinfix_paragraphs"


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _text_dtype(part: pandas.DataFrame, column: str) -> Any:
    """The dtype for new text columns: the text column's own string dtype (e.g. ``string[pyarrow]``, dask's
    default), else ``object``."""
    import pandas as pd

    dtype = part[column].dtype
    return dtype if isinstance(dtype, pd.StringDtype) else "object"


def _with_columns(part: pandas.DataFrame, column: str, *, scores: list[float], verdicts: list[str | None],
                  counts: list[int], restored: list[Any] | None,
                  paragraphs: list[Any] | None = None) -> pandas.DataFrame:
    import pandas as pd

    text_dtype = _text_dtype(part, column)
    out = part.copy()
    score_col, verdict_col, count_col = SCORE_COLUMNS
    out[score_col] = pd.Series(scores, index=part.index, dtype="float64")
    out[verdict_col] = pd.Series(verdicts, index=part.index, dtype=text_dtype)
    out[count_col] = pd.Series(counts, index=part.index, dtype="int64")
    if restored is not None:
        out[RESTORED_COLUMN] = pd.Series(restored, index=part.index, dtype=text_dtype)
    if paragraphs is not None:
        out[PARAGRAPHS_COLUMN] = pd.Series(paragraphs, index=part.index, dtype="object")
    return out


def _check_paragraphs(paragraphs: str | None) -> None:
    if paragraphs not in (None, "blank", "line"):
        raise ValueError(f"paragraphs must be None, 'blank' or 'line', not {paragraphs!r}")


def _score_frame(part: pandas.DataFrame, column: str, config: Config | None, restore: bool,
                 paragraphs: str | None = None) -> pandas.DataFrame:
    """Add the score columns to one pandas partition; missing texts (None/NaN/NA) get NaN, no verdict and
    0 findings, and stay missing in ``restored`` and ``paragraphs``."""
    restorer = None
    scores: list[float] = []
    verdicts: list[str | None] = []
    counts: list[int] = []
    restored: list[Any] = []
    parts: list[Any] = []
    for value in part[column].tolist():
        if _missing(value):
            scores.append(math.nan)
            verdicts.append(None)
            counts.append(0)
            restored.append(None)
            parts.append(None)
            continue
        if restorer is None:  # not before the first text: an empty partition costs nothing
            restorer = restorer_for(config)
        analysis = restorer.analyse(value)
        score = analysis.score
        scores.append(score.score)
        verdicts.append(score.verdict)
        counts.append(score.findings)
        if restore:
            restored.append(analysis.text)
        if paragraphs is not None:
            parts.append([p.to_dict() for p in restorer.paragraph_scores(
                value, lines=paragraphs == "line", analysis=analysis)])
    return _with_columns(part, column, scores=scores, verdicts=verdicts, counts=counts,
                         restored=restored if restore else None, paragraphs=parts if paragraphs else None)


def score_dataframe(df: dask.dataframe.DataFrame, column: str, config: Config | None = None,
                    restore: bool = False, paragraphs: str | None = None) -> dask.dataframe.DataFrame:
    """``df`` with ``spinfix_score`` (float), ``spinfix_verdict`` (str) and ``spinfix_n_findings`` (int)
    added from ``column``: the names ``spinfix scan`` writes.

    With ``restore=True`` a ``spinfix_restored`` column holds the restored text too. With ``paragraphs``
    (``"blank"``: paragraphs end at a blank line; ``"line"``: at every line break) a ``spinfix_paragraphs``
    column holds each text's paragraph scores, as ``spinfix scan --paragraphs`` writes them (a list of
    dicts; a full model reading of each text). Existing columns of those names are replaced. Runs with
    ``map_partitions``; each worker process builds its Restorer once.
    """
    _require_dask()
    _check_paragraphs(paragraphs)
    if column not in df.columns:
        raise KeyError(f"no column {column!r}; columns are {list(df.columns)}")
    # The output schema, built from the empty meta frame without scoring anything (no Restorer on the client).
    meta = _with_columns(df._meta, column, scores=[], verdicts=[], counts=[], restored=[] if restore else None,
                         paragraphs=[] if paragraphs else None)
    return df.map_partitions(_score_frame, column, config, restore, paragraphs, meta=meta)
