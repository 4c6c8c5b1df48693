"""Read the golden example (spun text + expected swaps) and score a restorer's output against it.

The expected file's header defines the format: rows in order of appearance, each searched for from the
end of the previous row's match; ``certain`` rows must be restored to one of the listed forms, ``optional``
rows accept the spun form too; the text between rows must come out unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class GoldRow:
    index: int
    spun: str
    restored: tuple[str, ...]
    status: str
    note: str
    start: int
    end: int


@dataclass
class RowResult:
    row: GoldRow
    ok: bool
    got: str


def load(name: str = "spun_news_reuters_2018") -> tuple[str, list[GoldRow]]:
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    rows: list[GoldRow] = []
    pos = 0
    for line in (DATA / f"{name}.expected.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        spun, restored, status, *rest = line.split("\t")
        start = text.index(spun, pos)
        pos = start + len(spun)
        rows.append(GoldRow(len(rows), spun, tuple(r.strip() for r in restored.split("|")), status,
                            rest[0] if rest else "", start, pos))
    return text, rows


def expected_text(text: str, rows: list[GoldRow]) -> str:
    """The example with every row applied (first restored form)."""
    out, pos = [], 0
    for r in rows:
        out += [text[pos:r.start], r.restored[0]]
        pos = r.end
    out.append(text[pos:])
    return "".join(out)


def score(text: str, rows: list[GoldRow], output: str) -> tuple[list[RowResult], list[str]]:
    """Walk ``output`` along the rows; returns per-row results and damage outside the rows."""
    results: list[RowResult] = []
    damage: list[str] = []
    pos_in, pos_out = 0, 0
    for i, r in enumerate(rows):
        literal = text[pos_in:r.start]
        if output.startswith(literal, pos_out):
            pos_out += len(literal)
        else:
            damage.append(f"before row {i} ({r.spun!r}): {literal[-60:]!r}")
            anchor = literal[-20:]
            found = output.find(anchor, pos_out) if anchor else pos_out
            pos_out = found + len(anchor) if found >= 0 else pos_out
        accepted = list(r.restored) + ([r.spun] if r.status == "optional" else [])
        next_literal = text[r.end:rows[i + 1].start] if i + 1 < len(rows) else text[r.end:]
        match = None
        for form in sorted(accepted, key=len, reverse=True):
            if output.startswith(form, pos_out) and output.startswith(next_literal[:20], pos_out + len(form)):
                match = form
                break
        if match is None:
            nxt = output.find(next_literal[:20], pos_out) if next_literal[:20] else len(output)
            got = output[pos_out:nxt if nxt >= 0 else pos_out + len(r.spun)]
            results.append(RowResult(r, False, got))
            pos_out = nxt if nxt >= 0 else pos_out + len(r.spun)
        else:
            results.append(RowResult(r, True, match))
            pos_out += len(match)
        pos_in = r.end
    tail = text[pos_in:]
    if output[pos_out:] != tail:
        damage.append(f"after the last row: {output[pos_out:][:80]!r}")
    return results, damage
