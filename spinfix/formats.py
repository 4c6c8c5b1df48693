"""Output formats of ``spinfix check`` and ``spinfix score`` for people and for CI.

- ``text``: ``path:line:col: rule: spun -> restored (score)``, one finding a line (docs/cli.md);
- ``json``: one JSON array of records; ``jsonl``: one record a line (what ``json`` wrote before issue 15,
  kept under its own name for the pipelines that read it);
- ``sarif``: SARIF 2.1.0 (GitHub code scanning, GitLab, Azure DevOps), one run, a rule per ``rule_id``,
  each result with its region and a fix; columns are counted in code points (``columnKind``), as spinfix
  counts them everywhere;
- ``github``: GitHub Actions workflow commands (``::warning file=…,line=…,col=…::message``), which show up
  as annotations on the pull request without any upload step.

Every formatter takes the documents as ``(path, text, findings)`` and returns the whole output as a string,
so a failed run never prints half a JSON array.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from .inputs import LineIndex
from .records import Finding, ParagraphScore, SpinScore

CHECK_FORMATS = ("text", "json", "jsonl", "sarif", "github")
SCORE_FORMATS = ("text", "json", "jsonl")
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

Document = tuple[str, str, Sequence[Finding]]

#: Characters that would break a ``path:line:col:`` line apart on a terminal or in an editor's parser.
_LINE_BREAKING = str.maketrans({c: " " for c in "\n\r\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


def one_line(value: str) -> str:
    """``value`` with line breaks and tabs turned into spaces, so a finding prints as one line."""
    return value.translate(_LINE_BREAKING)


def finding_text(path: str, f: Finding, index: LineIndex) -> str:
    """``path:line:col: rule: spun -> restored (score)``; line and column are 1-based, in characters."""
    line, col = index.line_col(f.start)
    tag = "" if f.action == "restore" else " [report only]"
    return f"{path}:{line}:{col}: {f.rule}: {one_line(f.spun)} -> {one_line(f.restored)} ({f.score:.2f}){tag}"


def finding_record(path: str, f: Finding | ParagraphScore, index: LineIndex) -> dict[str, Any]:
    """A finding (or a paragraph's score) as a JSON record: its path, 1-based start and end line and column,
    and its fields."""
    line, col = index.line_col(f.start)
    end_line, end_col = index.line_col(f.end)
    return {"path": path, "line": line, "column": col, "end_line": end_line, "end_column": end_col,
            **f.to_dict()}


def format_check(fmt: str, documents: Sequence[Document], version: str = "") -> str:
    """All findings of ``documents`` in format ``fmt`` (one of :data:`CHECK_FORMATS`)."""
    if fmt == "text":
        return "".join(finding_text(p, f, LineIndex(t)) + "\n" for p, t, fs in documents if fs for f in fs)
    if fmt in ("json", "jsonl"):
        records = [finding_record(p, f, index) for p, t, fs in documents if fs
                   for index in (LineIndex(t),) for f in fs]
        if fmt == "jsonl":
            return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "sarif":
        return json.dumps(sarif_log(documents, version), ensure_ascii=False, indent=2) + "\n"
    if fmt == "github":
        return "".join(github_command(p, f, LineIndex(t)) + "\n" for p, t, fs in documents if fs for f in fs)
    raise ValueError(f"unknown format {fmt!r}")


def format_scores(fmt: str, scores: Sequence[tuple[str, SpinScore]]) -> str:
    """Document scores in format ``fmt`` (one of :data:`SCORE_FORMATS`)."""
    if fmt == "text":
        return "".join(f"{p}: {s.verdict} {s.score:.3f} ({s.findings} findings, {s.per_1000_words:.1f} per "
                       f"1,000 words)\n" for p, s in scores)
    records = [{"path": p, **s.to_dict()} for p, s in scores]
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {fmt!r}")


#: Characters of a paragraph that ``spinfix score --paragraphs`` prints after its score, so that a reader
#: sees which paragraph a line is about without opening the file at its line.
PARAGRAPH_PREVIEW = 60


def paragraph_preview(text: str) -> str:
    """A paragraph's first PARAGRAPH_PREVIEW characters on one line, "…" after them when there is more."""
    flat = one_line(text)
    return flat if len(flat) <= PARAGRAPH_PREVIEW else flat[:PARAGRAPH_PREVIEW].rstrip() + "…"


def format_paragraph_scores(fmt: str, documents: Sequence[tuple[str, str, Sequence[ParagraphScore]]]) -> str:
    """``spinfix score --paragraphs``: the paragraph scores of ``documents`` (path, text, scores) in format
    ``fmt`` (one of :data:`SCORE_FORMATS`): a line per paragraph, ``path:line:col: verdict score (findings,
    words): preview``, or a JSON record per paragraph as :func:`finding_record` makes one for a finding."""
    if fmt == "text":
        lines = []
        for path, text, ps in documents:
            index = LineIndex(text)
            for p in ps:
                line, col = index.line_col(p.start)
                lines.append(f"{path}:{line}:{col}: {p.verdict} {p.score:.3f} ({p.findings} findings, {p.words} "
                             f"words): {paragraph_preview(text[p.start:p.end])}\n")
        return "".join(lines)
    records = [finding_record(path, p, index) for path, text, ps in documents for index in (LineIndex(text),)
               for p in ps]
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {fmt!r}")


def statistics(documents: Sequence[Document]) -> tuple[Counter[str], Counter[tuple[str, str, str, str]]]:
    """Counts per rule and per ``(rule_id, rule, spun form, restoration)`` (forms in lower case)."""
    rules: Counter[str] = Counter()
    forms: Counter[tuple[str, str, str, str]] = Counter()
    for _, _, findings in documents:
        for f in findings:
            rules[f.rule] += 1
            forms[(f.rule_id, f.rule, " ".join(f.spun.lower().split()), " ".join(f.restored.lower().split()))] += 1
    return rules, forms


def format_statistics(fmt: str, documents: Sequence[Document]) -> str:
    """``--statistics``: counts per rule, then per spun form, most frequent first (text or JSON)."""
    rules, forms = statistics(documents)
    rule_rows = sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))
    form_rows = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))
    if fmt == "json":
        return json.dumps({
            "findings": sum(rules.values()),
            "rules": [{"rule": r, "count": n} for r, n in rule_rows],
            "forms": [{"rule_id": i, "rule": r, "spun": s, "restored": o, "count": n}
                      for (i, r, s, o), n in form_rows],
        }, ensure_ascii=False, indent=2) + "\n"
    width = len(str(max(rules.values(), default=0)))
    out = [f"{n:>{width}}  {r}" for r, n in rule_rows]
    if form_rows:
        out.append("")
    out += [f"{n:>{width}}  {i:<13} {one_line(s)} -> {one_line(o)}" for (i, _, s, o), n in form_rows]
    out.append(f"{sum(rules.values())} findings in {len(documents)} documents")
    return "\n".join(out) + "\n"


# --- SARIF ------------------------------------------------------------------------------------------------
def _uri(path: str) -> str:
    """A relative URI reference for ``path`` (SARIF's ``artifactLocation.uri``)."""
    return quote(path.replace("\\", "/"), safe="/._-~")


def _region(f: Finding, index: LineIndex) -> dict[str, Any]:
    line, col = index.line_col(f.start)
    end_line, end_col = index.line_col(f.end)
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col,
            "charOffset": f.start, "charLength": f.end - f.start, "snippet": {"text": f.spun}}


def sarif_log(documents: Sequence[Document], version: str = "") -> dict[str, Any]:
    """A SARIF 2.1.0 log of the findings: one run, a reporting descriptor per ``rule_id``."""
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for path, text, findings in documents:
        index = LineIndex(text)
        for f in findings:
            if f.rule_id not in rules:
                rules[f.rule_id] = {
                    "id": f.rule_id,
                    "shortDescription": {"text": f"{f.rule}: {one_line(f.reason) or f.rule}"},
                    "properties": {"rule": f.rule, **({"entry": f.entry} if f.entry else {})},
                }
            region = _region(f, index)
            location = {"physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": region}}
            result: dict[str, Any] = {
                "ruleId": f.rule_id,
                "ruleIndex": list(rules).index(f.rule_id),
                "level": "warning" if f.action == "restore" else "note",
                "message": {"text": f"{one_line(f.spun)} -> {one_line(f.restored)} ({f.score:.2f}): "
                                    f"{one_line(f.reason)}"},
                "locations": [location],
                "properties": {"score": f.score, "rule": f.rule, "action": f.action},
            }
            if f.restored != "?":
                result["fixes"] = [{
                    "description": {"text": f"restore {one_line(f.restored)!r}"},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": _uri(path)},
                        "replacements": [{"deletedRegion": {"charOffset": f.start, "charLength": f.end - f.start},
                                          "insertedContent": {"text": f.restored}}],
                    }],
                }]
            results.append(result)
    driver: dict[str, Any] = {"name": "spinfix", "informationUri": "https://pypi.org/project/spinfix/",
                              "rules": list(rules.values())}
    if version:
        driver["version"] = version
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results, "columnKind": "unicodeCodePoints"}],
    }


# --- GitHub Actions -----------------------------------------------------------------------------------------
def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_command(path: str, f: Finding, index: LineIndex) -> str:
    """One ``::warning`` (``::notice`` for a report-only finding) workflow command for ``f``."""
    line, col = index.line_col(f.start)
    end_line, end_col = index.line_col(f.end)
    level = "warning" if f.action == "restore" else "notice"
    props = {"file": path, "line": line, "col": col, "endLine": end_line, "endColumn": end_col,
             "title": f"spinfix {f.rule_id}"}
    head = ",".join(f"{k}={_escape_property(str(v))}" for k, v in props.items())
    message = f"{f.rule}: {one_line(f.spun)} -> {one_line(f.restored)} ({f.score:.2f})"
    return f"::{level} {head}::{_escape_data(message)}"
