"""The reviewer's HTML report: one self-contained page showing every finding in its document.

This module owns ``spinfix check --html`` and :func:`report_html`. The page is built for a reviewer who has
to decide, finding by finding, whether spinfix is right, so it must be safe to open on any input, work
offline and stay fast on large documents. Those needs fix the design:

* **Safe on hostile input.** Every piece of document text and finding data is HTML-escaped when it is
  written; the data the page script needs travels as JSON inside ``<script type="application/json">``
  with ``<``, ``>`` and ``&`` written as ``\\u003c`` … so no input can close the element; the script only
  ever uses ``textContent``. A Content-Security-Policy allows nothing but the page's own inline style and
  script, pinned by their SHA-256 hashes (no nonce, so the output is deterministic).
* **Self-contained.** No network requests: no external scripts, fonts, images or styles.
* **Fast on large input.** Highlights are rendered here as ``<mark>`` elements, so the browser does no
  per-finding work at load; the script uses event delegation and parses the JSON only on first use; the
  text is cut into line-aligned blocks with ``content-visibility: auto`` so only what is on screen is laid
  out.
* **Exact.** Offsets are code points into the input, as everywhere in spinfix: the text is sliced as a
  Python string. Each ``<mark>`` carries ``data-start`` / ``data-end`` so tests (and readers) can check.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

from .._version import __version__
from ..config import Config
from ..default import default_restorer
from ..records import Analysis, Edit, Finding, ParagraphScore, SpinScore
from ..restore import Restorer, check_text, make_edits, score_bin
from .explain import explain

__all__ = ["ReportDocument", "render_corpus_report", "render_report", "report_html", "report_paragraphs"]


class ReportDocument(NamedTuple):
    """One document of the report: its name, its text, the findings to review and, when the caller has it,
    the score of its analysis (``Analysis.score``, or a scan's ``spinfix_score``) and its paragraph scores
    (:meth:`~spinfix.Restorer.paragraph_scores`).

    A plain ``(name, text, findings)`` or ``(name, text, findings, score)`` tuple is taken as well. Passing
    the score keeps the report's verdict the caller's; without it the report asks the restorer
    (:meth:`~spinfix.Restorer.score_findings`), which reads the text's spin evidence once more. With
    ``paragraphs`` the document's summary lists the paragraphs that read as spun or suspicious, so a reviewer
    of a page that joins a spun article to text nobody spun sees which part is which.
    """

    name: str
    text: str
    findings: Sequence[Finding]
    score: SpinScore | None = None
    paragraphs: Sequence[ParagraphScore] | None = None


Document = (ReportDocument | tuple[str, str, Sequence[Finding]] | tuple[str, str, Sequence[Finding], SpinScore | None]
            | tuple[str, str, Sequence[Finding], SpinScore | None, Sequence[ParagraphScore] | None])
#: Counts of documents per verdict in each of equal score bins over [0, 1] (index ``score_bin(score, len)``).
Histogram = Sequence[Mapping[str, int]]

#: Target size of one text block; blocks are cut only after a line break that no finding spans.
_BLOCK_CHARS = 20_000
#: Columns of the position histogram.
_BINS = 48
#: Bars of the corpus histogram of document spin scores: one per 0.1 of score.
_SCORE_BINS = 10
_VERDICTS = ("clean", "suspicious", "spun")
#: Findings at or above this score (and the restore threshold) are "near certain".
_HIGH = 0.9
# Characters an HTML parser drops or a UTF-8 writer rejects: NUL and lone surrogates. Each becomes one
# U+FFFD, so every code-point offset still holds.
_UNSAFE = re.compile("[\x00\ud800-\udfff]")
#: Report labels that differ from the rule's own name: a single learned word swap judged by the context
#: model is counted with the other learned swaps.
_RULE_LABELS = {"general:context": "learned"}


@dataclass(frozen=True, slots=True)
class _Band:
    """A colour band of finding scores; ``key`` is the CSS class suffix."""

    key: str
    label: str


_BAND_HIGH = _Band("high", "near certain")
_BAND_MID = _Band("mid", "likely")
_BAND_LOW = _Band("low", "possible, report only")


def _clean(s: str) -> str:
    return _UNSAFE.sub("\ufffd", s) if _UNSAFE.search(s) else s


def _esc(s: str) -> str:
    """Escape for HTML text and double- or single-quoted attribute values."""
    return html.escape(_clean(s), quote=True)


def _esc_text(s: str) -> str:
    """Escape document text so that the page's text is the input, code point for code point.

    The HTML parser turns CRLF into LF (one code point fewer) and a lone CR into LF (same length). Writing
    the CR of a CRLF as ``&#13;`` keeps it, so DOM offsets equal spinfix offsets; CSS shows it as a space.
    """
    out = _esc(s)
    return out.replace("\r\n", "&#13;\n") if "\r" in out else out


def _script_json(data: object) -> str:
    """JSON that is safe inside ``<script type="application/json">``: nothing in it can end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _band(score: float, threshold: float) -> _Band:
    if score < threshold:
        return _BAND_LOW
    return _BAND_HIGH if score >= max(_HIGH, threshold) else _BAND_MID


def _kind(f: Finding) -> str:
    """The label a finding is counted under: a table row's kind (``word``, ``phrase``, ``tortured`` …),
    else the rule's own name (``number``, ``grammar``, ``thesaurus`` …)."""
    if f.kind and f.rule.startswith("table:"):
        return f.kind
    return _RULE_LABELS.get(f.rule) or f.rule.partition(":")[2] or f.rule


def _fmt_int(n: int) -> str:
    return f"{n:,}"


class _Strings:
    """Interns the strings of the page data: reasons, rules and evidence repeat across thousands of findings."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.items: list[str] = []

    def __call__(self, s: str) -> int:
        s = _clean(s)
        i = self.index.get(s)
        if i is None:
            i = self.index[s] = len(self.items)
            self.items.append(s)
        return i


def _placeable(text: str, findings: Sequence[Finding]) -> tuple[list[Finding], list[Finding]]:
    """Split findings into those that can be highlighted and those that cannot.

    A finding is placed when its span lies in the text, is not empty, matches ``spun`` and overlaps no
    earlier placed finding. The restorer never produces anything else, but the report also takes findings
    from callers, and a wrong span must show up as such rather than as a misplaced highlight.
    """
    placed: list[Finding] = []
    rejected: list[Finding] = []
    last_end = 0
    for f in sorted(findings, key=lambda f: (f.start, f.end)):
        if not (0 <= f.start < f.end <= len(text)) or f.start < last_end or text[f.start:f.end] != f.spun:
            rejected.append(f)
            continue
        placed.append(f)
        last_end = f.end
    return placed, rejected


def _block_cuts(text: str, findings: Sequence[Finding]) -> list[int]:
    """Offsets after which the text may start a new block: just after a line break that no finding spans."""
    cuts: list[int] = []
    starts = [f.start for f in findings]
    target = _BLOCK_CHARS
    n = len(text)
    while target < n:
        p = text.find("\n", target)
        if p < 0:
            break
        i = bisect.bisect_right(starts, p) - 1
        if i >= 0 and findings[i].end > p:  # the line break is inside a finding: look after it
            target = findings[i].end
            continue
        cuts.append(p + 1)
        target = p + 1 + _BLOCK_CHARS
    return cuts


def _mark(doc: int, i: int, f: Finding, threshold: float) -> str:
    band = _band(f.score, threshold)
    action = "restore" if f.action == "restore" else "report"
    label = f"Finding {i + 1}: “{f.spun}”, {'restore to' if action == 'restore' else 'could be'} “{f.restored}”"
    label += f", score {f.score:.2f}"
    return (f'<mark class="f b-{band.key} a-{action}" id="d{doc}-f{i}" data-i="{i}" data-start="{f.start}" '
            f'data-end="{f.end}" tabindex="0" role="button" aria-pressed="false" aria-label="{_esc(label)}">'
            f"{_esc_text(f.spun)}</mark>")


def _restored_mark(doc: int, i: int, f: Finding, edit: Edit, threshold: float) -> str:
    """A restored span in the restored view: the edit's new text, marked, the words it replaced in its title."""
    band = _band(f.score, threshold)
    label = f"Finding {i + 1}: restored “{edit.new}”, was “{edit.old}”, score {f.score:.2f}"
    return (f'<mark class="r b-{band.key}" id="d{doc}-r{i}" data-i="{i}" data-start="{edit.start}" '
            f'data-end="{edit.end}" tabindex="0" role="button" aria-label="{_esc(label)}" '
            f'title="{_esc("was: " + edit.old)}">{_esc_text(edit.new)}</mark>')


def _render_text(doc: int, text: str, findings: Sequence[Finding], threshold: float, *,
                 restored: bool = False) -> str:
    """The document's text in line-aligned blocks, every finding marked; with ``restored``, the restored
    text instead: the edits of the findings that spinfix restores (``make_edits``, so an article whose sound
    changes is fixed too, as :func:`spinfix.restore` does) are applied and marked; report-only findings are
    left as written, unmarked. This is one pass: rows that chain are restored further by ``restore``."""
    cuts = [*_block_cuts(text, findings), len(text)]
    edits = iter(make_edits(text, findings) if restored else ())
    out: list[str] = ['<div class="block">']
    pos = 0
    cut_i = 0
    for i, f in enumerate(findings):
        edit = next(edits) if restored and f.action == "restore" else None
        start = f.start if edit is None else edit.start
        while cuts[cut_i] <= start:
            out.append(_esc_text(text[pos:cuts[cut_i]]))
            out.append('</div><div class="block">')
            pos = cuts[cut_i]
            cut_i += 1
        out.append(_esc_text(text[pos:start]))
        if not restored:
            out.append(_mark(doc, i, f, threshold))
        elif edit is not None:
            out.append(_restored_mark(doc, i, f, edit, threshold))
        else:
            out.append(_esc_text(f.spun))
        pos = f.end
    for cut in cuts[cut_i:]:
        out.append(_esc_text(text[pos:cut]))
        if cut < len(text):
            out.append('</div><div class="block">')
        pos = cut
    out.append("</div>")
    return "".join(out)


def _histogram(doc: int, text_len: int, findings: Sequence[Finding], threshold: float) -> str:
    """A stacked column chart of finding positions (by start offset), one column per 1/48 of the text.

    Each non-empty column links to its first finding, so the chart doubles as navigation.
    """
    width, height, top, base = 640, 96, 8, 72
    col = width / _BINS
    counts = [[0, 0, 0] for _ in range(_BINS)]
    first: list[int | None] = [None] * _BINS
    order = {"high": 0, "mid": 1, "low": 2}
    for i, f in enumerate(findings):
        b = min(_BINS - 1, f.start * _BINS // max(1, text_len))
        counts[b][order[_band(f.score, threshold).key]] += 1
        if first[b] is None:
            first[b] = i
    peak = max((sum(c) for c in counts), default=0)
    title = (f"Where the {len(findings)} findings fall in the document, from its start (left) to its end (right)"
             if findings else "No findings in this document")
    parts = [f'<svg class="hist" viewBox="0 0 {width} {height}" role="img" aria-labelledby="d{doc}-ht">',
             f'<title id="d{doc}-ht">{_esc(title)}</title>']
    for g in range(0, _BINS + 1, _BINS // 4):
        parts.append(f'<line class="grid" x1="{g * col:.1f}" x2="{g * col:.1f}" y1="{top}" y2="{base}"/>')
    for b, c in enumerate(counts):
        total = sum(c)
        if not total:
            continue
        x = b * col
        lo, hi = 100 * b / _BINS, 100 * (b + 1) / _BINS
        desc = f"{total} finding{'s' if total != 1 else ''} at {lo:.0f}–{hi:.0f}% of the text"
        parts.append(f'<a class="bin" href="#d{doc}-f{first[b]}" aria-label="{_esc(desc)}"><title>{_esc(desc)}</title>')
        parts.append(f'<rect class="hit" x="{x:.1f}" y="0" width="{col:.1f}" height="{base}"/>')
        y = float(base)
        for k, key in enumerate(("high", "mid", "low")):
            if not c[k]:
                continue
            h = (base - top) * c[k] / peak
            y -= h
            parts.append(f'<rect class="b-{key}" x="{x + 1:.1f}" y="{y:.1f}" width="{col - 2:.1f}" height="{h:.1f}"/>')
        parts.append("</a>")
    parts.append(f'<line class="axis" x1="0" x2="{width}" y1="{base}" y2="{base}"/>')
    parts.append(f'<text x="0" y="{height - 6}">start</text>')
    parts.append(f'<text x="{width / 2:.0f}" y="{height - 6}" text-anchor="middle">middle</text>')
    parts.append(f'<text x="{width}" y="{height - 6}" text-anchor="end">end</text>')
    if not peak:
        parts.append(f'<text class="peak" x="{width / 2:.0f}" y="{base / 2:.0f}" text-anchor="middle">'
                     "no findings</text>")
    parts.append("</svg>")
    return "".join(parts)


def _peak_note(text_len: int, findings: Sequence[Finding]) -> str:
    """The chart's scale, which the SVG itself does not show: the count in the tallest column."""
    if not findings:
        return ""
    counts = Counter(min(_BINS - 1, f.start * _BINS // max(1, text_len)) for f in findings)
    return f"tallest column: {max(counts.values())}"


def _rule_table(findings: Sequence[Finding]) -> str:
    if not findings:
        return '<p class="muted">No findings.</p>'
    restore = Counter((f.rule, _kind(f)) for f in findings if f.action == "restore")
    report = Counter((f.rule, _kind(f)) for f in findings if f.action != "restore")
    keys = sorted(set(restore) | set(report), key=lambda k: (-(restore[k] + report[k]), k))
    rows = "".join(
        f"<tr><td><code>{_esc(rule)}</code></td><td>{_esc(kind)}</td><td class='num'>{restore[(rule, kind)]}</td>"
        f"<td class='num'>{report[(rule, kind)]}</td></tr>" for rule, kind in keys)
    return ('<table class="rules"><caption>Findings by rule and kind</caption><thead><tr><th scope="col">Rule</th>'
            '<th scope="col">Kind</th><th scope="col" class="num">Restore</th><th scope="col" class="num">Report</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>")


#: Characters of a paragraph's opening shown in the paragraph table.
_OPENING = 72


def _paragraph_table(text: str, paragraphs: Sequence[ParagraphScore] | None, lines: Sequence[int]) -> str:
    """The paragraphs that read as spun or suspicious, with their lines, score and opening words, under a
    line that counts them; nothing for a document of one paragraph (its score is the document's)."""
    if not paragraphs or len(paragraphs) < 2:
        return ""
    counts = Counter(p.verdict for p in paragraphs)
    flagged = [p for p in paragraphs if p.verdict != "clean"]
    n = len(paragraphs)
    if not flagged:
        return f'<div class="paras"><p class="muted">All {n:,} paragraphs read as clean.</p></div>'
    said = ", ".join(f"{counts[v]:,} {v}" for v in ("spun", "suspicious") if counts[v])
    rows = []
    for p in flagged:
        first = bisect.bisect_right(lines, p.start)
        last = bisect.bisect_right(lines, max(p.start, p.end - 1))
        where = str(first) if first == last else f"{first}–{last}"
        opening = " ".join(text[p.start:p.end].split())
        if len(opening) > _OPENING:
            opening = opening[:_OPENING - 1].rstrip() + "…"
        rows.append(
            f'<tr data-start="{p.start}" data-end="{p.end}"><td class="num">{where}</td>'
            f'<td><span class="verdict v-{p.verdict}">{p.verdict}</span></td><td class="num">{p.score:.3f}</td>'
            f'<td class="num">{p.findings}</td><td class="num">{p.words:,}</td><td>{_esc(opening)}</td></tr>')
    return ('<div class="paras"><table class="rules paragraphs"><caption>Paragraphs: '
            f'{n:,}, of which {said}</caption><thead><tr><th scope="col" class="num">Lines</th>'
            '<th scope="col">Verdict</th><th scope="col" class="num">Score</th><th scope="col" class="num">'
            'Findings</th><th scope="col" class="num">Words</th><th scope="col">Opening</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def report_paragraphs(restorer: Restorer, text: str, analysis: Analysis | None = None) -> tuple[ParagraphScore, ...]:
    """The paragraph scores a report shows for ``text``: by blank-line paragraphs, or by line when the text
    has no blank line between its lines (a scraped page often puts each paragraph on a line of its own).

    ``analysis`` is the text's analysis when the caller has it (:meth:`~spinfix.Restorer.paragraph_scores`).
    """
    scores = restorer.paragraph_scores(text, analysis=analysis)
    if len(scores) == 1:  # one paragraph costs no reading: its score is the document's
        by_line = restorer.paragraph_scores(text, lines=True, analysis=analysis)
        if len(by_line) > 1:
            return by_line
    return scores


@dataclass(slots=True)
class _Rendered:
    name: str
    score: SpinScore
    findings: int
    html: str
    data: dict[str, Any]


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _render_document(doc: int, document: Document, config: Config, strings: _Strings,
                     score_of: Callable[[str, Sequence[Finding]], SpinScore] | None) -> _Rendered:
    name, text, findings, score, paragraphs = ReportDocument(*document)
    text = check_text(text)
    placed, rejected = _placeable(text, findings)
    # The caller's score when it has one (the analysis that found the findings): the page's verdict is then
    # the one spin_score and scan give. Otherwise the score of the findings shown, spin evidence included.
    if score is None:
        if score_of is None:
            raise ValueError(f"{name}: a corpus report needs each document's score")
        score = score_of(text, placed)
    threshold = config.threshold
    lines = _line_starts(text)
    rows = []
    for f in placed:
        line = bisect.bisect_right(lines, f.start)
        rows.append([
            strings(f.spun), strings(f.restored), [strings(a) for a in f.alternatives], f.score,
            strings(f.rule), strings(_kind(f)), strings(f.reason), strings(f.action), strings(f.entry),
            [[strings(e.name), e.log_odds, strings(e.detail), strings(explain(e))] for e in f.evidence],
            f.start, f.end, line, f.start - lines[line - 1] + 1, strings(_band(f.score, threshold).key),
        ])
    n_restore = sum(1 for f in placed if f.action == "restore")
    n_report = len(placed) - n_restore
    verdict = score.verdict
    note = ""
    if rejected:
        note = (f'<p class="note" role="note">{len(rejected)} finding{"s" if len(rejected) != 1 else ""} could not be '
                "highlighted: the span lies outside the text, does not match the spun words or overlaps another "
                "finding.</p>")
    # Clean documents start collapsed: a reviewer of a corpus looks at the spun ones. <details> needs no
    # script, so this works with scripts off too.
    parts = [
        f'<section class="doc" id="d{doc}" aria-labelledby="d{doc}-h" data-verdict="{verdict}" '
        f'data-score="{score.score:.6f}" data-order="{doc}">',
        f'<details{"" if verdict == "clean" else " open"}>',
        f'<summary class="doc-head"><h2 id="d{doc}-h">{_esc(name)}</h2>',
        f'<span class="verdict v-{verdict}">{verdict}</span><span class="muted score">{score.score:.3f}</span>'
        "</summary>",
        '<div class="doc-tools"><button type="button" class="toggle" data-toggle="' + str(doc) + '" '
        'aria-pressed="false">Show restored text</button></div>',
        '<div class="summary">',
        '<dl class="stats">',
        f'<div><dt>Spin score</dt><dd><span class="big">{score.score:.3f}</span>'
        f'<span class="meter" aria-hidden="true"><span class="fill v-{verdict} w{round(score.score * 20) * 5}">'
        "</span></span></dd></div>",
        f'<div><dt>Findings</dt><dd><span class="big">{n_restore}</span> to restore'
        f'<span class="sub">{n_report} report only</span></dd></div>',
        f'<div><dt>Density</dt><dd><span class="big">{score.per_1000_words:.1f}</span> per 1,000 words'
        f'<span class="sub">{_fmt_int(score.words)} words · {_fmt_int(len(text))} characters</span></dd></div>',
        "</dl>",
        f'<figure class="chart"><figcaption>Where the findings fall'
        f'<span class="peak">{_peak_note(len(text), placed)}</span></figcaption>'
        f"{_histogram(doc, len(text), placed, threshold)}</figure>",
        _rule_table(placed),
        "</div>",
        _paragraph_table(text, paragraphs, lines),
        note,
        f'<div class="text" data-doc="{doc}" lang="en">{_render_text(doc, text, placed, threshold)}</div>',
        f'<div class="text restored" data-rdoc="{doc}" lang="en" hidden>'
        f"{_render_text(doc, text, placed, threshold, restored=True)}</div>",
        "</details></section>",
    ]
    return _Rendered(name, score, len(placed), "".join(parts), {"name": _clean(name), "findings": rows})


@cache
def _asset(name: str) -> str:
    """The page's stylesheet or script, a package data file next to this module (``report.css``,
    ``report.js``): kept as CSS and JavaScript files so that editors and linters can read them. Read once;
    stripped, because the Content-Security-Policy pins the SHA-256 of exactly what the page inlines."""
    return (resources.files("spinfix.report") / name).read_text(encoding="utf-8").strip()


def _bands_legend(threshold: float) -> str:
    high = max(_HIGH, threshold)
    items = [
        (_BAND_HIGH, "restore", f"score ≥ {high:.2f}: {_BAND_HIGH.label}"),
        (_BAND_MID, "restore", f"{threshold:.2f}–{high:.2f}: {_BAND_MID.label}"),
        (_BAND_LOW, "report", f"< {threshold:.2f}: {_BAND_LOW.label}"),
    ]
    if high <= threshold:
        items.pop(1)
    lis = "".join(f'<li><span class="sw b-{b.key} a-{a}" aria-hidden="true"></span>{_esc(label)}</li>'
                  for b, a, label in items)
    return f'<ul class="legend" aria-label="Highlight colours">{lis}</ul>'


def score_histogram(scores: Iterable[SpinScore], bins: int = _SCORE_BINS) -> list[dict[str, int]]:
    """Count ``scores`` per verdict in ``bins`` equal score bins (a :data:`Histogram`)."""
    counts = [dict.fromkeys(_VERDICTS, 0) for _ in range(bins)]
    for sc in scores:
        counts[score_bin(sc.score, bins)][sc.verdict] += 1
    return counts


def _bars(histogram: Histogram) -> list[dict[str, int]]:
    """``histogram`` in the chart's ten bars. Finer bins (the scanner counts in 100) add up exactly: a bin
    of ``score_bin(s, n)`` lies inside bar ``score_bin(s, 10)`` whenever 10 divides ``n``."""
    n = len(histogram)
    if n % _SCORE_BINS:
        raise ValueError(f"a score histogram needs a multiple of {_SCORE_BINS} bins, got {n}")
    bars = [dict.fromkeys(_VERDICTS, 0) for _ in range(_SCORE_BINS)]
    for b, counts in enumerate(histogram):
        bar = bars[b * _SCORE_BINS // n]
        for verdict, k in counts.items():
            bar[verdict] += k
    return bars


def _corpus_histogram(histogram: Histogram, config: Config) -> str:
    """The documents' spin scores in ten bars of 0.1, each stacked by verdict (clean at the bottom), with the
    verdict thresholds drawn as dashed lines: where a corpus sits before anyone reads a document. Pure SVG
    with classes only, so the page's CSP needs nothing new. ``histogram`` holds the counts rather than the
    scores, so that a scan of millions of documents can draw it from the counts its workers send."""
    width, height, left, top, base = 640, 150, 28, 16, 118
    col = (width - left) / _SCORE_BINS
    counts = _bars(histogram)
    peak = max((sum(c.values()) for c in counts), default=0)
    n = sum(sum(c.values()) for c in counts)
    title = f"Spin scores of the {n:,} documents, in bars of 0.1 from 0 (left) to 1 (right), by verdict"
    parts = [f'<svg class="hist corpus" viewBox="0 0 {width} {height}" role="img" aria-labelledby="corpus-t">',
             f'<title id="corpus-t">{_esc(title)}</title>']
    for b, c in enumerate(counts):
        total = sum(c.values())
        if not total:
            continue
        x = left + b * col
        lo, hi = b / _SCORE_BINS, (b + 1) / _SCORE_BINS
        split = ", ".join(f"{c[v]:,} {v}" for v in _VERDICTS if c[v])
        desc = f"{total:,} document{'s' if total != 1 else ''} scoring {lo:.1f}–{hi:.1f}: {split}"
        parts.append(f'<g class="bar"><title>{_esc(desc)}</title>')
        y = float(base)
        for v in _VERDICTS:
            if not c[v]:
                continue
            h = (base - top) * c[v] / peak
            y -= h
            parts.append(f'<rect class="c-{v}" x="{x + 2:.1f}" y="{y:.1f}" width="{col - 4:.1f}" height="{h:.1f}"/>')
        parts.append(f'<text class="count" x="{x + col / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{total:,}</text>')
        parts.append("</g>")
    for at, label in ((config.suspicious_at, "suspicious"), (config.spun_at, "spun")):
        x = left + at * _SCORE_BINS * col
        parts.append(f'<line class="cut" x1="{x:.1f}" x2="{x:.1f}" y1="{top - 10}" y2="{base}"/>')
        parts.append(f'<text class="cut-l" x="{x + 3:.1f}" y="{top - 4}">{label} ≥ {at:.2f}</text>')
    parts.append(f'<line class="axis" x1="{left}" x2="{width}" y1="{base}" y2="{base}"/>')
    for b in range(0, _SCORE_BINS + 1, 2):
        x = left + b * col
        anchor = "start" if b == 0 else "end" if b == _SCORE_BINS else "middle"
        parts.append(f'<text x="{x:.1f}" y="{base + 16}" text-anchor="{anchor}">{b / _SCORE_BINS:.1f}</text>')
    parts.append(f'<text x="{width / 2 + left / 2:.0f}" y="{height - 2}" text-anchor="middle">spin score</text>')
    parts.append(f'<text x="0" y="{top + 4}">{peak:,}</text><text x="0" y="{base}">0</text>')
    parts.append("</svg>")
    shares = " ".join(
        f'<span class="verdict v-{v}">{sum(c[v] for c in counts):,} {v}</span>' for v in reversed(_VERDICTS))
    return (f'<figure class="chart corpus-chart"><figcaption>Spin scores across the documents'
            f'<span class="peak">{shares}</span></figcaption>{"".join(parts)}</figure>')


def _index(rendered: Sequence[_Rendered], config: Config, histogram: Histogram, note: str = "") -> str:
    """The chart, the filter and sort controls and a row per listed document; ``note`` says what is listed
    when that is not every document the chart counts (a scan)."""
    rows = "".join(
        f'<tr data-verdict="{r.score.verdict}" data-score="{r.score.score:.6f}" data-order="{i}">'
        f'<td><a href="#d{i}">{_esc(r.name)}</a></td><td><span class="verdict v-{r.score.verdict}">'
        f"{r.score.verdict}</span></td><td class='num'>{r.score.score:.3f}</td><td class='num'>{r.findings}</td>"
        f"<td class='num'>{r.score.per_1000_words:.1f}</td></tr>" for i, r in enumerate(rendered))
    counts = Counter(r.score.verdict for r in rendered)
    boxes = "".join(
        f'<label><input type="checkbox" data-filter="{v}" checked> {v} ({counts[v]})</label>'
        for v in ("spun", "suspicious", "clean"))
    controls = ('<div class="controls" role="group" aria-label="Filter and sort documents">'
                f'<span class="muted">Show</span>{boxes}'
                '<label>Sort <select id="sort"><option value="order">as given</option>'
                '<option value="desc">score, highest first</option><option value="asc">score, lowest first</option>'
                "</select></label></div>")
    listed = f'<p class="listed" role="note">{_esc(note)}</p>' if note else ""
    table = ('<table class="rules"><thead><tr>'
             '<th scope="col">Document</th><th scope="col">Verdict</th><th scope="col" class="num">Score</th>'
             '<th scope="col" class="num">Findings</th><th scope="col" class="num">Per 1,000 words</th></tr></thead>'
             f"<tbody>{rows}</tbody></table>") if rendered else ""
    return ('<nav class="index" aria-label="Documents"><h2>Documents</h2>'
            + _corpus_histogram(histogram, config) + listed + (controls if rendered else "") + table + "</nav>")


def _page(rendered: Sequence[_Rendered], strings: _Strings, config: Config, *, title: str, meta: str,
          index: str, empty: str) -> str:
    """The whole page around the rendered documents: head and CSP, header, ``index``, documents, panel."""
    data = {"strings": strings.items, "docs": [r.data for r in rendered]}
    css, js = _asset("report.css"), _asset("report.js")
    csp = (f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; img-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    hint = ('<p class="hint">Hover over a highlight to preview it; click it, or reach it with <kbd>Tab</kbd>, to '
            "keep it here. <kbd>j</kbd>/<kbd>k</kbd> move to the next or previous finding, <kbd>Esc</kbd> "
            "clears.</p>")
    page = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_esc(csp)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="spinfix {__version__}">',
        f"<title>{_esc(title)}</title>",
        f"<style>{css}</style>",
        "</head><body>",
        '<header class="top"><h1><span>spinfix</span> review</h1>',
        f'<span class="meta">{_esc(meta)}</span>',
        _bands_legend(config.threshold),
        '<button type="button" class="toggle" data-toggle="all" aria-pressed="false">Show restored text everywhere'
        "</button>"
        if rendered else "",
        "</header>",
        '<div class="layout"><main>',
        index,
        '<div id="docs">',
        *(r.html for r in rendered),
        "</div>",
        "" if rendered else f'<p class="muted">{_esc(empty)}</p>',
        "</main>",
        '<aside class="panel" id="panel" aria-label="Finding details"><h2>Finding'
        '<span class="nav"><button type="button" data-step="-1" aria-label="Previous finding">‹ Prev</button>'
        '<button type="button" data-step="1" aria-label="Next finding">Next ›</button></span></h2>',
        f'<div id="panel-body">{hint}</div>',
        '<div id="announce" class="sr" aria-live="polite"></div></aside>',
        "</div>",
        f'<script type="application/json" id="spinfix-data">{_script_json(data)}</script>',
        f"<script>{js}</script>",
        "</body></html>",
        "",
    ]
    return "\n".join(page)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' if n != 1 else ''}"


def render_report(documents: Iterable[Document], restorer: Restorer) -> str:
    """The HTML report for ``(name, text, findings[, score])`` documents (:class:`ReportDocument`), as one
    self-contained page.

    ``findings`` are what the caller wants reviewed (``spinfix check`` passes the restorable ones, or all
    with ``--all``). ``score`` is the document's analysis score (``Restorer.analyse(text).score``); when a
    document has none, it is :meth:`Restorer.score_findings` of the findings shown, so the verdict is the
    one ``spin_score`` gives for the same findings. Findings that do not fit the text (outside it,
    overlapping, ``spun`` not matching) are counted in a note rather than highlighted in the wrong place.
    """
    config = restorer.config
    strings = _Strings()
    rendered = [_render_document(i, document, config, strings, restorer.score_findings)
                for i, document in enumerate(documents)]
    title = "spinfix report"
    if len(rendered) == 1:
        title += f" — {rendered[0].name}"
    total = sum(r.findings for r in rendered)
    meta = (f"{_plural(len(rendered), 'document')} · {_plural(total, 'finding')} · restore threshold "
            f"{config.threshold:.2f} · spinfix {__version__}")
    index = _index(rendered, config, score_histogram(r.score for r in rendered)) if len(rendered) > 1 else ""
    return _page(rendered, strings, config, title=title, meta=meta, index=index, empty="No documents.")


def _listed_note(listed: int, scanned: int, eligible: int, verdicts: Sequence[str]) -> str:
    """"Showing the 100 highest-scoring of 12,345 documents", naming the verdicts when ``--only`` chose some."""
    kinds = "" if set(verdicts) >= set(_VERDICTS) else \
        " or ".join(v for v in ("spun", "suspicious", "clean") if v in verdicts) + " "
    of = f"{eligible:,} {kinds}document{'s' if eligible != 1 else ''}"
    scope = f" ({scanned:,} scanned)" if kinds else ""
    if not listed:
        return f"No documents listed, of {of}{scope}."
    if listed == eligible:
        return f"Showing all {of}{scope}, highest score first."
    return f"Showing the {listed:,} highest-scoring of {of}{scope}, highest first (ties in input order)."


def render_corpus_report(documents: Sequence[Document], config: Config, *, histogram: Histogram,
                         verdicts: Sequence[str] = _VERDICTS) -> str:
    """The report of a corpus scan: the chart over every document scanned, from ``histogram`` (counts per
    verdict in equal score bins, any multiple of ten of them), and the listed ``documents`` (each with its
    score), in the order given: ``spinfix scan --html`` lists the highest-scoring ones.

    ``verdicts`` are those the listed documents were chosen from (``scan --only``), for the line that says
    what is listed; the chart counts every verdict.
    """
    strings = _Strings()
    rendered = [_render_document(i, document, config, strings, None) for i, document in enumerate(documents)]
    per_verdict = Counter[str]()
    for counts in histogram:
        per_verdict.update(counts)
    scanned = sum(per_verdict.values())
    eligible = sum(per_verdict[v] for v in set(verdicts))
    note = _listed_note(len(rendered), scanned, eligible, verdicts)
    total = sum(r.findings for r in rendered)
    meta = (f"{_plural(scanned, 'document')} scanned · {len(rendered):,} listed · {_plural(total, 'finding')} "
            f"listed · restore threshold {config.threshold:.2f} · spinfix {__version__}")
    return _page(rendered, strings, config, title="spinfix scan report", meta=meta,
                 index=_index(rendered, config, histogram, note), empty="No documents listed.")


def _named(texts: str | Mapping[str, str] | Iterable[str | tuple[str, str]]) -> list[tuple[str, str]]:
    if isinstance(texts, str):
        return [("document 1", texts)]
    if isinstance(texts, (bytes, bytearray, memoryview)):
        check_text(texts)  # raises "got bytes: decode first"; iterating would complain about an int
    if isinstance(texts, Mapping):
        return [(str(k), check_text(v)) for k, v in texts.items()]
    out: list[tuple[str, str]] = []
    for i, item in enumerate(texts, 1):
        if isinstance(item, tuple) and len(item) == 2:
            out.append((str(item[0]), check_text(item[1])))
        else:
            out.append((f"document {i}", check_text(item)))
    return out


def report_html(texts_or_named_texts: str | Mapping[str, str] | Iterable[str | tuple[str, str]],
                config: Config | None = None) -> str:
    """Detect in each text and return the HTML review report (see :func:`render_report`).

    Takes one text, a list of texts (named ``document 1``, ``document 2`` …), ``(name, text)`` pairs or a
    ``{name: text}`` mapping. Every finding ``detect`` returns is shown, report-only ones included. With
    ``config=None`` the shared default restorer is used.

    >>> page = report_html("Rates rose zero.5 % on Friday.", Config(context=False, default_tables=False))
    >>> page.startswith("<!DOCTYPE html>") and 'data-start="11"' in page
    True
    """
    restorer = default_restorer() if config is None else Restorer(config)
    named = _named(texts_or_named_texts)
    documents = []
    for name, text in named:
        analysis = restorer.analyse(text)  # one analysis: the findings shown and the score spin_score gives
        documents.append(ReportDocument(name, text, analysis.findings, analysis.score,
                                        report_paragraphs(restorer, text, analysis)))
    return render_report(documents, restorer)
