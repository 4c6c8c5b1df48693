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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .config import Config
from .normalize import normalize
from .records import Finding, SpinScore
from .restore import Restorer, check_text, document_score

__all__ = ["render_report", "report_html"]

Document = tuple[str, str, Sequence[Finding]]

#: Target size of one text block; blocks are cut only after a line break that no finding spans.
_BLOCK_CHARS = 20_000
#: Columns of the position histogram.
_BINS = 48
#: Findings at or above this score (and the restore threshold) are "near certain".
_HIGH = 0.9
# Characters an HTML parser drops or a UTF-8 writer rejects: NUL and lone surrogates. Each becomes one
# U+FFFD, so every code-point offset still holds.
_UNSAFE = re.compile("[\x00\ud800-\udfff]")
_KIND = re.compile(r"^([a-z-]+) swap\b")


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
    """The table kind (``word``, ``phrase``, ``tortured`` …) from the reason, else the rule's own name."""
    m = _KIND.match(f.reason)
    if m:
        return m.group(1)
    return f.rule.partition(":")[2] or f.rule


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


def _render_text(doc: int, text: str, findings: Sequence[Finding], threshold: float) -> str:
    cuts = [*_block_cuts(text, findings), len(text)]
    out: list[str] = ['<div class="block">']
    pos = 0
    cut_i = 0
    for i, f in enumerate(findings):
        while cuts[cut_i] <= f.start:
            out.append(_esc_text(text[pos:cuts[cut_i]]))
            out.append('</div><div class="block">')
            pos = cuts[cut_i]
            cut_i += 1
        out.append(_esc_text(text[pos:f.start]))
        out.append(_mark(doc, i, f, threshold))
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


@dataclass(slots=True)
class _Rendered:
    name: str
    score: SpinScore
    findings: int
    html: str
    data: dict[str, Any]


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _render_document(doc: int, document: Document, config: Config, strings: _Strings) -> _Rendered:
    name, text, findings = document
    text = check_text(text)
    placed, rejected = _placeable(text, findings)
    # The document score from the findings already computed: Restorer.spin_score would scan the text again,
    # which doubles the cost on large inputs. Words are counted exactly as the restorer counts them.
    score = document_score(placed, len(normalize(text).split()), config)
    threshold = config.threshold
    lines = _line_starts(text)
    rows = []
    for f in placed:
        line = bisect.bisect_right(lines, f.start)
        rows.append([
            strings(f.spun), strings(f.restored), [strings(a) for a in f.alternatives], f.score,
            strings(f.rule), strings(_kind(f)), strings(f.reason), strings(f.action), strings(f.entry),
            [[strings(e.name), e.log_odds, strings(e.detail)] for e in f.evidence],
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
    parts = [
        f'<section class="doc" id="d{doc}" aria-labelledby="d{doc}-h">',
        f'<header class="doc-head"><h2 id="d{doc}-h">{_esc(name)}</h2>',
        f'<span class="verdict v-{verdict}">{verdict}</span></header>',
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
        note,
        f'<div class="text" data-doc="{doc}" lang="en">{_render_text(doc, text, placed, threshold)}</div>',
        "</section>",
    ]
    return _Rendered(name, score, len(placed), "".join(parts), {"name": _clean(name), "findings": rows})


_CSS = """
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2330;--muted:#5b6474;--line:#dde1e8;--accent:#2855c5;
--high-bg:#fbd9d6;--high:#b3261e;--mid-bg:#ffe9b8;--mid:#9a5b00;--low-bg:#dce8fb;--low:#2f5fa8;
--ok:#1f7a4d;--ok-bg:#dff3e8;--shadow:0 1px 2px rgba(20,30,50,.06),0 2px 8px rgba(20,30,50,.05)}
@media (prefers-color-scheme:dark){:root{--bg:#14171d;--card:#1c2028;--ink:#e5e8ee;--muted:#9aa3b2;
--line:#2e3440;--accent:#8fb0ff;--high-bg:#5a2522;--high:#ff9b92;--mid-bg:#4f3a12;--mid:#ffc866;
--low-bg:#1f3352;--low:#9cc0ff;--ok:#7fd6a6;--ok-bg:#173a29}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans","DejaVu Sans",sans-serif}
.top{background:var(--card);border-bottom:1px solid var(--line);padding:14px 28px;display:flex;flex-wrap:wrap;
align-items:baseline;gap:6px 24px}
.top h1{font-size:19px;margin:0;letter-spacing:-.01em}
.top h1 span{color:var(--accent)}
.top .meta{color:var(--muted);font-size:13px}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:13px;color:var(--muted);margin-left:auto;padding:0;
list-style:none}
.legend li{display:flex;align-items:center;gap:6px}
.sw{display:inline-block;width:22px;height:14px;border-radius:3px;border-bottom:2px solid}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 370px;gap:24px;padding:22px 28px;max-width:1500px;
margin:0 auto;align-items:start}
.index,.doc{background:var(--card);border:1px solid var(--line);border-radius:10px;box-shadow:var(--shadow);
margin-bottom:22px}
.index{padding:14px 20px}
.index h2{font-size:15px;margin:0 0 8px}
.doc-head{display:flex;align-items:center;gap:12px;padding:16px 22px 0}
.doc-head h2{font-size:17px;margin:0;overflow-wrap:anywhere}
.verdict{font-size:12px;font-weight:650;text-transform:uppercase;letter-spacing:.06em;padding:2px 9px;
border-radius:999px}
.v-clean{background:var(--ok-bg);color:var(--ok)}
.v-suspicious{background:var(--mid-bg);color:var(--mid)}
.v-spun{background:var(--high-bg);color:var(--high)}
.summary{display:grid;grid-template-columns:minmax(210px,1fr) minmax(280px,2fr);gap:14px 26px;
padding:12px 22px 16px;border-bottom:1px solid var(--line)}
.stats{margin:0;display:grid;gap:10px;grid-row:span 2}
.stats div{display:flex;flex-direction:column}
.stats dt{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.stats dd{margin:0;color:var(--muted);font-size:13px}
.big{font-size:24px;font-weight:650;color:var(--ink);margin-right:6px;font-variant-numeric:tabular-nums}
.sub{display:block;font-size:12px}
.meter{display:block;height:6px;border-radius:3px;background:var(--line);margin-top:4px;max-width:200px;
overflow:hidden}
.meter .fill{display:block;height:100%}
.fill.v-clean{background:var(--ok)}.fill.v-suspicious{background:var(--mid)}.fill.v-spun{background:var(--high)}
""" + "".join(f".w{p}{{width:{p}%}}" for p in range(0, 101, 5)) + """
.chart{margin:0}
.chart figcaption,.rules caption{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);
text-align:left;margin-bottom:4px}
.chart figcaption{display:flex;justify-content:space-between}
.chart .peak{text-transform:none;letter-spacing:0}
.hist{width:100%;height:auto;display:block;max-height:130px}
.hist text{font-size:11px;fill:var(--muted)}
.hist .grid{stroke:var(--line);stroke-dasharray:2 3}
.hist .axis{stroke:var(--muted)}
.hist .hit{fill:transparent}
.hist .bin:hover .hit,.hist .bin:focus .hit{fill:var(--line)}
.hist .b-high{fill:var(--high)}.hist .b-mid{fill:var(--mid)}.hist .b-low{fill:var(--low)}
.rules{border-collapse:collapse;font-size:13px;width:100%}
.rules th,.rules td{padding:3px 8px;border-bottom:1px solid var(--line);text-align:left}
.rules th{font-weight:600;color:var(--muted)}
.num{text-align:right!important;font-variant-numeric:tabular-nums}
code{font:12.5px/1.4 ui-monospace,"DejaVu Sans Mono","Liberation Mono",monospace}
.muted{color:var(--muted)}
.note{margin:12px 22px 0;padding:8px 12px;border-left:3px solid var(--mid);background:var(--mid-bg);font-size:13px}
.text{padding:18px 22px 22px;white-space:pre-wrap;overflow-wrap:anywhere;font:16px/1.75 Charter,"Bitstream Charter",
"Sitka Text",Cambria,"DejaVu Serif","Liberation Serif",Georgia,serif;max-width:82ch}
.block{content-visibility:auto;contain-intrinsic-size:auto 1200px}
mark.f{color:inherit;border-radius:3px;padding:1px 1px;cursor:pointer;border-bottom:2px solid;
-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.b-high,.sw.b-high{background:var(--high-bg);border-color:var(--high)}
mark.b-mid,.sw.b-mid{background:var(--mid-bg);border-color:var(--mid)}
mark.b-low,.sw.b-low{background:var(--low-bg);border-color:var(--low)}
mark.a-report,.sw.a-report{border-bottom-style:dashed}
mark.f:hover{filter:brightness(.95)}
mark.f:focus{outline:none}
mark.f:focus-visible,mark.f.current{outline:2px solid var(--accent);outline-offset:1px}
.panel{position:sticky;top:16px;max-height:calc(100vh - 32px);overflow:auto;background:var(--card);
border:1px solid var(--line);border-radius:10px;box-shadow:var(--shadow);padding:16px 18px}
.panel h2{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:0 0 10px;
display:flex;justify-content:space-between;align-items:center}
.panel .nav{display:flex;gap:6px}
.panel button{font:inherit;font-size:12px;border:1px solid var(--line);background:var(--bg);color:var(--ink);
border-radius:6px;padding:2px 10px;cursor:pointer}
.panel button:hover{border-color:var(--accent)}
.panel button:focus-visible{outline:2px solid var(--accent);outline-offset:1px}
.hint{color:var(--muted);font-size:13px;margin:0}
.hint kbd{font:11px ui-monospace,"DejaVu Sans Mono",monospace;border:1px solid var(--line);border-bottom-width:2px;
border-radius:4px;padding:0 4px}
.swap{font:18px/1.4 Charter,"DejaVu Serif",Georgia,serif;margin:0 0 4px;overflow-wrap:anywhere}
.swap .spun{text-decoration:line-through;text-decoration-thickness:1px;color:var(--muted)}
.swap .arrow{color:var(--muted);margin:0 6px}
.swap .restored{font-weight:650;color:var(--ok)}
.status{font-size:13px;margin:0 0 12px}
.status .badge{display:inline-block;font-size:11px;font-weight:650;text-transform:uppercase;letter-spacing:.05em;
border-radius:4px;padding:1px 6px;margin-right:6px}
.badge.b-high{background:var(--high-bg);color:var(--high)}
.badge.b-mid{background:var(--mid-bg);color:var(--mid)}
.badge.b-low{background:var(--low-bg);color:var(--low)}
.scorebar{height:6px;background:var(--line);border-radius:3px;overflow:hidden;margin:4px 0 12px}
.scorebar span{display:block;height:100%}
.scorebar .b-high{background:var(--high)}.scorebar .b-mid{background:var(--mid)}.scorebar .b-low{background:var(--low)}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;font-size:13px;margin:0 0 12px}
.kv dt{color:var(--muted)}
.kv dd{margin:0;overflow-wrap:anywhere}
.ev{width:100%;border-collapse:collapse;font-size:12.5px}
.ev caption{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);
padding-bottom:4px}
.ev td{padding:3px 4px;border-top:1px solid var(--line);vertical-align:top}
.ev .lo{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;font-weight:600}
.ev .pos{color:var(--high)}.ev .neg{color:var(--ok)}
.ev .detail{color:var(--muted);overflow-wrap:anywhere}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:980px){.layout{grid-template-columns:1fr;padding:14px}
.panel{position:fixed;left:10px;right:10px;bottom:10px;top:auto;max-height:42vh;z-index:2}
.summary{grid-template-columns:1fr}.layout{padding-bottom:44vh}html{scroll-padding-bottom:44vh}}
@media print{.panel{display:none}.layout{grid-template-columns:1fr}.block{content-visibility:visible}}
"""

_JS = """
(function () {
  "use strict";
  var data = null, pinned = null, shown = null, marks = null;
  var body = document.getElementById("panel-body");
  var live = document.getElementById("announce");
  var hint = body.innerHTML === "" ? null : Array.prototype.slice.call(body.childNodes);
  function load() {
    if (!data) { data = JSON.parse(document.getElementById("spinfix-data").textContent); }
    return data;
  }
  function s(i) { return load().strings[i]; }
  function markOf(node) {
    return node && node.nodeType === 1 && node.closest ? node.closest("mark.f") : null;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function row(dl, key, value) {
    if (value === "" || value === null || value === undefined) { return; }
    dl.appendChild(el("dt", null, key));
    dl.appendChild(el("dd", null, value));
  }
  function finding(mark) {
    var doc = +mark.closest("[data-doc]").getAttribute("data-doc");
    var d = load().docs[doc];
    return { doc: d, f: d.findings[+mark.getAttribute("data-i")], i: +mark.getAttribute("data-i") };
  }
  function clear() { while (body.firstChild) { body.removeChild(body.firstChild); } }
  function showHint() {
    shown = null; clear();
    if (hint) { hint.forEach(function (n) { body.appendChild(n); }); }
  }
  function show(mark) {
    if (!mark) { showHint(); return; }
    if (mark === shown) { return; }
    shown = mark;
    var x = finding(mark), f = x.f, band = s(f[14]), restore = s(f[7]) === "restore";
    clear();
    body.appendChild(el("p", "muted", x.doc.name + " \\u00b7 finding " + (x.i + 1) + " of " + x.doc.findings.length));
    var swap = el("p", "swap");
    swap.appendChild(el("span", "spun", s(f[0])));
    swap.appendChild(el("span", "arrow", "\\u2192"));
    swap.appendChild(el("span", "restored", s(f[1])));
    body.appendChild(swap);
    var st = el("p", "status");
    var label = band === "high" ? "near certain" : band === "mid" ? "likely" : "possible";
    st.appendChild(el("span", "badge b-" + band, label));
    st.appendChild(document.createTextNode(restore ? "spinfix restores this" : "reported only, not restored"));
    body.appendChild(st);
    var bar = el("div", "scorebar"), fill = el("span", "b-" + band);
    fill.style.width = Math.round(f[3] * 100) + "%";
    bar.appendChild(fill);
    var dl = el("dl", "kv");
    row(dl, "Score", f[3].toFixed(3) + " (probability it is a spinner's swap)");
    body.appendChild(dl);
    body.appendChild(bar);
    dl = el("dl", "kv");
    if (f[2].length) { row(dl, "Alternatives", f[2].map(s).join(", ")); }
    row(dl, "Rule", s(f[4]) + " \\u00b7 " + s(f[5]));
    row(dl, "Reason", s(f[6]));
    row(dl, "Entry", s(f[8]));
    row(dl, "Where", "line " + f[12] + ", column " + f[13] + " (characters " + f[10] + "\\u2013" + f[11] + ")");
    body.appendChild(dl);
    if (f[9].length) {
      var t = el("table", "ev");
      t.appendChild(el("caption", null, "Evidence (log-odds, + means spun)"));
      var tb = el("tbody");
      f[9].forEach(function (e) {
        var tr = el("tr"), v = e[1];
        tr.appendChild(el("td", null, s(e[0])));
        tr.appendChild(el("td", "lo " + (v >= 0 ? "pos" : "neg"), (v >= 0 ? "+" : "\\u2212") + Math.abs(v).toFixed(2)));
        tr.appendChild(el("td", "detail", s(e[2])));
        tb.appendChild(tr);
      });
      t.appendChild(tb);
      body.appendChild(t);
    }
  }
  function pin(mark) {
    if (pinned === mark) { show(mark); return; }
    if (pinned) { pinned.classList.remove("current"); pinned.setAttribute("aria-pressed", "false"); }
    pinned = mark;
    mark.classList.add("current");
    mark.setAttribute("aria-pressed", "true");
    show(mark);
    var f = finding(mark).f;
    live.textContent = s(f[0]) + " \\u2192 " + s(f[1]) + ", score " + f[3].toFixed(2);
  }
  function step(delta) {
    if (!marks) { marks = document.querySelectorAll("mark.f"); }
    if (!marks.length) { return; }
    var i = pinned ? Array.prototype.indexOf.call(marks, pinned) + delta : (delta > 0 ? 0 : marks.length - 1);
    var m = marks[(i + marks.length) % marks.length];
    m.focus({ preventScroll: true });
    m.scrollIntoView({ block: "center" });
    pin(m);
  }
  document.addEventListener("click", function (e) {
    var m = markOf(e.target);
    if (m) { pin(m); return; }
    var b = e.target.closest ? e.target.closest("[data-step]") : null;
    if (b) { step(+b.getAttribute("data-step")); return; }
    var a = e.target.closest ? e.target.closest("a") : null;
    var href = a && (a.getAttribute("href") || a.getAttribute("xlink:href"));
    if (href && href.charAt(0) === "#") {
      var target = document.getElementById(href.slice(1));
      if (target && target.matches("mark.f")) {
        e.preventDefault();
        target.focus({ preventScroll: true });
        target.scrollIntoView({ block: "center" });
        pin(target);
      }
    }
  });
  document.addEventListener("focusin", function (e) { var m = markOf(e.target); if (m) { pin(m); } });
  document.addEventListener("mouseover", function (e) { var m = markOf(e.target); if (m) { show(m); } });
  document.addEventListener("mouseout", function (e) {
    if (markOf(e.target) && !markOf(e.relatedTarget)) { show(pinned); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    var m = markOf(e.target);
    if (m && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); pin(m); return; }
    var tag = e.target && e.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "BUTTON") { return; }
    if (e.key === "j" || e.key === "n") { e.preventDefault(); step(1); }
    else if (e.key === "k" || e.key === "p") { e.preventDefault(); step(-1); }
    else if (e.key === "Escape" && pinned) {
      pinned.classList.remove("current"); pinned.setAttribute("aria-pressed", "false"); pinned = null; showHint();
    }
  });
})();
"""


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


def _index(rendered: Sequence[_Rendered]) -> str:
    rows = "".join(
        f'<tr><td><a href="#d{i}">{_esc(r.name)}</a></td><td><span class="verdict v-{r.score.verdict}">'
        f"{r.score.verdict}</span></td><td class='num'>{r.score.score:.3f}</td><td class='num'>{r.findings}</td>"
        f"<td class='num'>{r.score.per_1000_words:.1f}</td></tr>" for i, r in enumerate(rendered))
    return ('<nav class="index" aria-label="Documents"><h2>Documents</h2><table class="rules"><thead><tr>'
            '<th scope="col">Document</th><th scope="col">Verdict</th><th scope="col" class="num">Score</th>'
            '<th scope="col" class="num">Findings</th><th scope="col" class="num">Per 1,000 words</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></nav>")


def render_report(documents: Iterable[Document], restorer: Restorer) -> str:
    """The HTML report for ``(name, text, findings)`` documents, as one self-contained page.

    ``findings`` are what the caller wants reviewed (``spinfix check`` passes the restorable ones, or all
    with ``--all``); each document's spin score is computed from them with the restorer's configuration.
    Findings that do not fit the text (outside it, overlapping, ``spun`` not matching) are counted in a
    note rather than highlighted in the wrong place.
    """
    from . import __version__  # imported here: spinfix/__init__ imports this module before defining it

    config = restorer.config
    strings = _Strings()
    rendered = [_render_document(i, document, config, strings) for i, document in enumerate(documents)]
    data = {"strings": strings.items, "docs": [r.data for r in rendered]}
    css, js = _CSS.strip(), _JS.strip()
    csp = (f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; img-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    title = "spinfix report"
    if len(rendered) == 1:
        title += f" — {rendered[0].name}"
    total = sum(r.findings for r in rendered)
    meta = (f"{len(rendered)} document{'s' if len(rendered) != 1 else ''} · {_fmt_int(total)} finding"
            f"{'s' if total != 1 else ''} · restore threshold {config.threshold:.2f} · spinfix {__version__}")
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
        "</header>",
        '<div class="layout"><main>',
        _index(rendered) if len(rendered) > 1 else "",
        *(r.html for r in rendered),
        "" if rendered else '<p class="muted">No documents.</p>',
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
    if config is None:
        from . import default_restorer

        restorer = default_restorer()
    else:
        restorer = Restorer(config)
    named = _named(texts_or_named_texts)
    return render_report([(name, text, restorer.detect(text)) for name, text in named], restorer)
