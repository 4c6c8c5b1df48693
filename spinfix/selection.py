"""``--select`` / ``--disable``: which rules and table rows a run uses, by name; unknown names are errors.

A name is, in this order of precedence:

- a rule family or rule: ``table``, ``rule``, ``general``; ``table:news``, ``rule:number``, ``general:learned`` …
  (a ``table:`` rule stands for the rows of its domain);
- a table row id, ``row:`` and 8 hex digits (:attr:`spinfix.table.Row.id`, printed with every finding);
- a kind: ``word``, ``phrase``, ``function``, ``tortured``, ``number`` (table rows of that kind, and the
  rule that proposes that kind: ``number`` is also ``rule:number``, see :data:`RULE_KINDS`);
- a spun form of a loaded table row (``stated``, ``personal corporations``).

As in ruff, ``--select`` starts from nothing and ``--disable`` is applied after it. Table rows that end up
off become :attr:`spinfix.Config.disabled` spun forms, so the core never proposes them (a spun form listed
in several rows stays on while any of them is selected). Rules beyond the table have no switch in
:class:`~spinfix.Config` except ``generalize`` (both ``general:`` rules), so their findings are dropped
after the analysis by :meth:`Selection.apply`, which also drops the edits under them and recounts the
document score: the one analysis stays the source of truth.

Before this module, ``--disable rule:number`` and ``--disable typo`` were silently ignored: a switch that
does nothing looks exactly like a switch that works.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from .config import Config
from .errors import ConfigError
from .normalize import normalize
from .records import Analysis, Edit, Finding, SpinScore
from .restore import Restorer, apply_edits
from .table import KINDS, Row

#: The rules beyond the table rows, as ``Finding.rule`` names them.
OTHER_RULES = ("rule:number", "rule:grammar", "rule:acronym", "rule:ordinal", "rule:month", "rule:entity",
               "general:learned", "general:thesaurus", "general:acronym", "general:document", "general:article")
TABLE_RULES = ("table:news", "table:science", "table:general")
#: The generaliser's rules: when all are off it is not even built.
GENERAL_RULES = ("general:learned", "general:thesaurus", "general:acronym", "general:document", "general:article")
RULES = TABLE_RULES + OTHER_RULES
FAMILIES = ("table", "rule", "general")
#: The kind of candidate each rule beyond the table proposes (rules/numbers.py, rules/grammar.py,
#: rules/garbles.py, general.py), so that a kind names the same swaps whether a row or a rule finds them.
RULE_KINDS = {"rule:number": "number", "rule:grammar": "function", "rule:acronym": "word",
              "rule:ordinal": "number", "rule:month": "word", "rule:entity": "function", "general:learned": "tortured",
              "general:thesaurus": "word", "general:acronym": "tortured", "general:document": "word",
              "general:article": "word"}


@dataclass(frozen=True)
class Selection:
    """The outcome of ``--select`` / ``--disable``: spun forms to switch off in the core, rules to drop."""

    disabled_spun: frozenset[str] = frozenset()
    rules_off: frozenset[str] = frozenset()
    #: Names given, for ``--show-settings`` and messages.
    names: tuple[str, ...] = field(default=())

    @property
    def generalize(self) -> bool:
        """False when every generalisation rule is off: then the generaliser need not even run."""
        return not set(GENERAL_RULES) <= self.rules_off

    def config(self, config: Config) -> Config:
        """``config`` with the table rows switched off (and generalisation, when both its rules are)."""
        from dataclasses import replace

        changes: dict = {}
        if self.disabled_spun:
            changes["disabled"] = config.disabled | self.disabled_spun
        if not self.generalize:
            changes["generalize"] = False
        return replace(config, **changes) if changes else config

    @property
    def filters(self) -> bool:
        """Whether findings must be dropped after the analysis (a rule the core cannot switch off)."""
        return bool(self.rules_off - set(GENERAL_RULES)) or (
            self.generalize and bool(self.rules_off))

    def keeps(self, finding: Finding) -> bool:
        return finding.rule not in self.rules_off

    def apply(self, text: str, analysis: Analysis, restorer: Restorer) -> Analysis:
        """``analysis`` (by ``restorer``) without the findings of rules that are off, the edits under them
        (an edit that touches a dropped finding is dropped whole: precision first) and with the score
        recounted as ``analyse`` counts it: :meth:`Restorer.score_findings`, spin evidence included
        (``document_score`` of the findings alone once turned a spun text suspicious when only a number
        finding was dropped)."""
        if not self.filters:
            return analysis
        dropped = [f for f in analysis.findings if not self.keeps(f)]
        if not dropped:
            return analysis
        findings = tuple(f for f in analysis.findings if self.keeps(f))
        edits = tuple(e for e in analysis.edits if not any(_touches(e, f) for f in dropped))
        score: SpinScore = restorer.score_findings(text, findings)
        return Analysis(apply_edits(text, edits), edits, findings, score, analysis.passes)


def _touches(e: Edit, f: Finding) -> bool:
    return (e.start < f.end and f.start < e.end) or e.start == e.end == f.start


def resolve(rows: Sequence[Row], select: Sequence[str] = (), disable: Sequence[str] = ()) -> Selection:
    """Turn ``--select`` and ``--disable`` names into a :class:`Selection`; raises :class:`ConfigError`
    naming every unknown name (with the closest known ones)."""
    by_spun: dict[str, list[int]] = {}
    by_id: dict[str, int] = {}
    for i, row in enumerate(rows):
        by_spun.setdefault(row.spun, []).append(i)
        by_id[row.id] = i

    def targets(name: str) -> tuple[set[int], set[str]]:
        key = name.strip()
        low = key.lower()
        if low in FAMILIES:
            rules = {r for r in RULES if r.startswith(low + ":")}
            return ({i for i, r in enumerate(rows)} if low == "table" else set()), rules
        if low in RULES:
            if low.startswith("table:"):
                domain = low.split(":", 1)[1]
                return {i for i, r in enumerate(rows) if r.domain == domain}, {low}
            return set(), {low}
        if low in by_id:
            return {by_id[low]}, set()
        if low in KINDS:
            return ({i for i, r in enumerate(rows) if r.kind == low},
                    {rule for rule, kind in RULE_KINDS.items() if kind == low})
        spun = " ".join(normalize(key).split()).replace("\u2019", "'")
        if spun in by_spun:
            return set(by_spun[spun]), set()
        raise KeyError(key)

    unknown: list[str] = []

    def union(names: Sequence[str]) -> tuple[set[int], set[str]]:
        rows_on: set[int] = set()
        rules_on: set[str] = set()
        for name in names:
            try:
                r, q = targets(name)
            except KeyError:
                unknown.append(name)
                continue
            rows_on |= r
            rules_on |= q
        return rows_on, rules_on

    sel_rows, sel_rules = union(select) if select else (set(range(len(rows))), set(RULES))
    dis_rows, dis_rules = union(disable)
    if unknown:
        known = [*FAMILIES, *RULES, *sorted(KINDS)]
        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name.lower(), [*known, *by_spun], n=3, cutoff=0.75)
            hints.append(repr(name) + (f" (did you mean {', '.join(map(repr, close))}?)" if close else ""))
        raise ConfigError(
            f"unknown rule, row id, kind or spun form: {', '.join(hints)}; names are rule families "
            f"({', '.join(FAMILIES)}), rules ({', '.join(RULES)}), row ids (row:xxxxxxxx, shown with each "
            f"finding), kinds ({', '.join(sorted(KINDS))}) or spun forms of the loaded tables")
    on_rows = sel_rows - dis_rows
    on_spun = {rows[i].spun for i in on_rows}
    off_spun = frozenset(rows[i].spun for i in range(len(rows)) if i not in on_rows and rows[i].spun not in on_spun)
    rules_off = frozenset(r for r in OTHER_RULES if r not in sel_rules or r in dis_rules)
    return Selection(off_spun, rules_off, (*select, *disable))
