"""The plain data records users see: findings, edits and document scores.

All offsets are code-point indices into the *input* string (``text[start:end]`` is the spun span), never
into a normalised copy. Records are frozen so that they can be cached, hashed and shared across threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Verdict = Literal["clean", "suspicious", "spun"]


def _plain(record: Any) -> dict[str, Any]:
    """The fields of a flat record as a dict, in their order: what ``dataclasses.asdict`` gives for one whose
    values are numbers, strings and tuples of strings, without its recursive deep copy (125 µs a finding:
    ``spinfix check --format jsonl`` on 120,000 findings spent 15 s of 31 in it)."""
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One factor behind a decision, as a log-odds contribution (positive = more likely spun)."""

    name: str
    log_odds: float
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """A span that spinfix believes a spinner produced, with its proposed restoration.

    ``score`` is the posterior probability that the span is spinner output *and* ``restored`` is the
    original wording. ``action`` says what :func:`spinfix.restore` does with it: ``"restore"`` (score at
    or above the threshold, rewritable) or ``"report"`` (shown by ``detect`` only). ``rule`` names what
    fired (``table:news``, ``rule:number``, ``general:thesaurus`` …) and ``entry`` the table row
    (``path:line``) when there is one. ``rule_id`` is a stable name for what fired, for ``--select`` /
    ``--disable`` and CI tools: ``row:`` and a hash of the row's domain, spun form and originals for a
    table row (stable across versions, unlike ``entry``, whose line moves), otherwise the rule itself.
    """

    start: int
    end: int
    spun: str
    restored: str
    alternatives: tuple[str, ...]
    score: float
    rule: str
    reason: str
    action: Literal["restore", "report"]
    entry: str = ""
    evidence: tuple[Evidence, ...] = ()
    #: What was swapped, as the candidate's source says: a table row's ``kind=`` (``word``, ``phrase``,
    #: ``function``, ``tortured``, ``number``), or the kind a rule or generaliser gives its candidates;
    #: ``""`` when no candidate stands behind the finding (an unsettled edit of a later pass).
    kind: str = ""
    rule_id: str = ""

    def __post_init__(self) -> None:
        if not self.rule_id:  # a finding not from a table row is named by its rule
            object.__setattr__(self, "rule_id", self.rule)

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready plain data (its evidence as dicts too)."""
        data = _plain(self)
        data["evidence"] = tuple(_plain(e) for e in self.evidence)
        return data


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` (which must equal ``old``) by ``new``."""

    start: int
    end: int
    old: str
    new: str

    def to_dict(self) -> dict[str, Any]:
        """The edit as JSON-ready plain data."""
        return _plain(self)


@dataclass(frozen=True, slots=True)
class Restored:
    """What :func:`spinfix.restore_and_explain` returns: the restored text and how it was obtained."""

    text: str
    edits: tuple[Edit, ...]
    findings: tuple[Finding, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class SpinScore:
    """A document-level judgement for filtering corpora.

    ``score`` is in [0, 1]; ``verdict`` is ``clean`` below the suspicious threshold, ``spun`` at or above
    the spun threshold, ``suspicious`` between. ``per_1000_words`` is the density of restorable findings.
    """

    score: float
    verdict: Verdict
    findings: int
    words: int
    per_1000_words: float

    def to_dict(self) -> dict[str, Any]:
        """The score as JSON-ready plain data."""
        return _plain(self)


@dataclass(frozen=True, slots=True)
class ParagraphScore(SpinScore):
    """The spin score of one paragraph of a document (:meth:`spinfix.Restorer.paragraph_scores`): a
    :class:`SpinScore` with where the paragraph stands.

    ``text[start:end]`` is the paragraph without the whitespace around it. The score is worked out from the
    paragraph's own findings and its own share of the trigram model's improbable words, so a
    human-written paragraph beside a spun one keeps a clean verdict, and a spun one is flagged however
    much clean text surrounds it.
    """

    start: int
    end: int

    @classmethod
    def of(cls, score: SpinScore, start: int, end: int) -> ParagraphScore:
        """``score`` as the score of the paragraph ``text[start:end]``."""
        return cls(score.score, score.verdict, score.findings, score.words, score.per_1000_words, start, end)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything spinfix concludes about one text: what :meth:`spinfix.Restorer.analyse` returns.

    Every front end (``restore``, ``restore_and_explain``, ``detect``, ``spin_score``, the corpus scanner,
    Dask and the HTML report) reads one of these, so they all give the same answer for the same input.

    ``text`` is the restored text, a fixed point: restoring it again changes nothing. ``edits`` turn the
    input into ``text`` (``apply_edits(input, edits) == text``). ``findings`` are those of the input (the
    first pass); a restoration that did not settle within the pass cap is undone and its finding is
    downgraded to ``action="report"`` with an ``unsettled`` :class:`Evidence` saying why. ``score`` is the
    document score of ``findings``; ``passes`` is how many analyses restoring took.
    """

    text: str
    edits: tuple[Edit, ...]
    findings: tuple[Finding, ...]
    score: SpinScore
    passes: int = 1

    def to_dict(self) -> dict[str, Any]:
        """The analysis as JSON-ready plain data, every record in it by its own ``to_dict`` (what a
        service returns, or a worker process sends back as JSON)."""
        return {"text": self.text, "edits": [e.to_dict() for e in self.edits],
                "findings": [f.to_dict() for f in self.findings], "score": self.score.to_dict(),
                "passes": self.passes}
