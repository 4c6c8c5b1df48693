"""Restoration of text laid out as PDF extraction and web pages lay it out: words hyphenated across line
ends, soft hyphens inside words, typographic ligatures, HTML character references, and words hidden with
homoglyphs and zero-width characters.

    python -m benchmarks.hyphenation                 # writes benchmarks/results/hyphenation.csv
    python -m benchmarks.hyphenation --width 45      # narrower columns break more words

Text extracted from a journal's justified two-column PDF breaks words at line ends ("profound learn-⏎ing"),
and HTML writes discretionary hyphens as ``&shy;`` (U+00AD) inside long words. Both leave the words as
written, but a table phrase or a learned swap that a break falls inside no longer matches. Each text of the
benchmark's sets (the suite's table-spun news and tortured science, and the clean news and science they
were made from, each paragraph on one line) is restored as it is (``plain``) and in three layouts of the
same words:

* ``hyphenated``: each paragraph wrapped at ``--width`` columns, a word that crosses the margin split with
  "-" and a line break when it has 7 letters or more (at least 3 on each side), else moved to the next line;
* ``wrapped``: the same lines without splitting any word, the control (a word at a line start can read as
  a sentence's first, so line breaks alone change a few decisions);
* ``soft``: a soft hyphen in the middle of every word of 8 letters or more;
* ``ligatures``: every "ff", "fi", "fl", "ffi", "ffl" written as its ligature character (U+FB00-FB04);
* ``entities``: the page source's character references, as text taken from HTML without decoding holds
  them: every apostrophe ``&#8217;``, quote ``&quot;``, ampersand ``&amp;``, every fifth space ``&nbsp;``;
* ``obfuscated``: text hidden from a plagiarism check, each "o" and "e" of every word of 6+ letters the
  Cyrillic look-alike and a zero-width space after its third letter.

The layout is then undone on the restored text (the inserted hyphens, line breaks and soft hyphens taken
out, every whitespace run one space) and the words compared with the plain restoration's: ``words_differ``
counts the tokens of the plain restoration that the layout lost or changed (``difflib`` opcodes), of
``words_restored`` that the plain restoration changed. Run with ``--no-joins`` for the layout not read
through (line-end hyphens, soft hyphens, ligatures, character references and hidden words as before
session 29; that session's other two fixes, a no-break space before a sentence's first word and before a
restored word after an article, stay).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import spinfix
from spinfix import Restorer

from .suite import real_documents

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SOFT = "\u00ad"
_LETTERS = re.compile(r"[A-Za-z]+")


def one_line_paragraphs(text: str) -> str:
    """``text`` with each paragraph's lines joined by one space (blank lines kept as paragraph breaks)."""
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()) + "\n"


def wrap(text: str, width: int) -> str:
    """Each paragraph wrapped at ``width`` columns, no word split: the control for :func:`hyphenate` (line
    starts alone can change a decision, a capitalised word at one reading as a sentence's first)."""
    return hyphenate(text, width, split=False)


def hyphenate(text: str, width: int, *, split: bool = True) -> str:
    """Each paragraph wrapped at ``width`` columns; a word of 7+ letters crossing the margin is split with a
    hyphen and a line break (3+ letters each side), as a justified column breaks it."""
    out = []
    for para in text.rstrip("\n").split("\n\n"):
        lines: list[str] = []
        line = ""
        for word in para.split(" "):
            candidate = f"{line} {word}" if line else word
            if len(candidate) <= width or line.endswith("-"):  # a line never ends in the text's own hyphen,
                # so undoing the layout (:func:`undo_layout`) joins only the breaks made here
                line = candidate
                continue
            room = width - len(line) - (2 if line else 1)  # a space before, the hyphen after
            if split and word.isalpha() and len(word) >= 7 and room >= 3:
                cut = min(room, len(word) - 3)
                lines.append(f"{line} {word[:cut]}-" if line else f"{word[:cut]}-")
                line = word[cut:]
            else:
                if line:
                    lines.append(line)
                line = word
        lines.append(line)
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def soften(text: str) -> str:
    """A soft hyphen in the middle of every word of 8 or more letters."""
    return _LETTERS.sub(lambda m: m.group() if len(m.group()) < 8 else
                        m.group()[:len(m.group()) // 2] + SOFT + m.group()[len(m.group()) // 2:], text)


_LIGATED = re.compile("ffi|ffl|ff|fi|fl")
_LIGATURE_OF = {"ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02", "ffi": "\ufb03", "ffl": "\ufb04"}


def ligate(text: str) -> str:
    """Every "ff", "fi", "fl", "ffi" and "ffl" written as its ligature character, as PDF extraction
    often leaves them."""
    return _LIGATED.sub(lambda m: _LIGATURE_OF[m.group()], text)


def entities(text: str) -> str:
    """The text as a page's source writes it when it is taken without decoding: apostrophes and quotes as
    numeric references, "&" as ``&amp;``, and a no-break space (``&nbsp;``) for every fifth space."""
    text = text.replace("&", "&amp;").replace("'", "&#8217;").replace('"', "&quot;")
    parts = text.split(" ")
    return "".join(part + ("" if k == len(parts) - 1 else "&nbsp;" if k % 5 == 4 else " ")
                   for k, part in enumerate(parts))


_HIDE = re.compile(r"[A-Za-z]{6,}")


def obfuscate(text: str) -> str:
    """Text hidden from a plagiarism check as evasion tools hide it: in every word of 6+ letters each "o"
    and "e" written as the Cyrillic look-alike, and a zero-width space after its third letter."""
    return _HIDE.sub(lambda m: m.group()[:3].replace("o", "\u043e").replace("e", "\u0435") + "\u200b"
                     + m.group()[3:].replace("o", "\u043e").replace("e", "\u0435"), text)


def undo_layout(text: str) -> list[str]:
    """The words of ``text`` with the layout's hyphens, line breaks and soft hyphens taken out and its
    ligatures written as letters."""
    text = text.replace(SOFT, "").replace("&nbsp;", " ").replace("&#8217;", "'").replace("&quot;", '"')
    text = text.replace("\u200b", "").replace("\u043e", "o").replace("\u0435", "e")
    text = text.replace("&amp;", "&")
    for letters, ligature in _LIGATURE_OF.items():
        text = text.replace(ligature, letters)
    text = re.sub(r"(?<=[A-Za-z])-\n(?=[A-Za-z])", "", text)
    return text.split()


def differing(a: list[str], b: list[str]) -> int:
    """Tokens of ``a`` not matched in ``b`` (deleted or replaced)."""
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag != "equal")


def run(restorer: Restorer, texts: list[str], layout: Callable[[str], str]) -> dict[str, float]:
    words = restored = differ = 0
    t = time.process_time()
    for text in texts:
        plain_in = one_line_paragraphs(text)
        plain = restorer.restore(plain_in).split()
        laid = undo_layout(restorer.restore(layout(plain_in)))
        words += len(plain)
        restored += differing(plain, plain_in.split())
        differ += differing(plain, laid)
    return {"texts": len(texts), "words": words, "words_restored": restored, "words_differ": differ,
            "cpu_s": round(time.process_time() - t, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--width", type=int, default=60, help="column width of the hyphenated layout")
    parser.add_argument("--no-joins", action="store_true",
                        help="do not read through line-end and soft hyphens (the behaviour before session 29)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    restorer = Restorer().warm()
    if args.no_joins:
        engine = sys.modules["spinfix.restore"]  # the module, which ``spinfix.restore`` the function hides
        squeeze = engine.squeeze
        engine.squeeze = lambda text, norm, joins=None: squeeze(text, norm)  # type: ignore[attr-defined]
    sets = {"spun news": real_documents("news", spun=True), "spun science": real_documents("science", spun=True),
            "clean news": real_documents("news"), "clean science": real_documents("science")}
    layouts: dict[str, Callable[[str], str]] = {
        "wrapped": lambda t: wrap(t, args.width), "hyphenated": lambda t: hyphenate(t, args.width), "soft": soften,
        "ligatures": ligate, "entities": entities, "obfuscated": obfuscate}
    rows = []
    for set_name, texts in sets.items():
        for layout_name, layout in layouts.items():
            row = {"set": set_name, "layout": layout_name, "width": args.width, "joins": not args.no_joins,
                   **run(restorer, texts, layout)}
            rows.append(row)
            print(", ".join(f"{k}={v}" for k, v in row.items()), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    name = "hyphenation_no_joins.csv" if args.no_joins else "hyphenation.csv"
    with (args.out / name).open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    print(f"spinfix {spinfix.__version__}; results in {args.out / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
