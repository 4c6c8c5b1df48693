"""Clean-text damage on a large tuning corpus nobody holds out: the prose of installed packages' docstrings.

``python -m benchmarks.clean_docstrings [--packages pandas numpy ...] [--out benchmarks/results]``

The frozen fixtures are small (about 24k words per domain) and the held-out sets must not be looked at
edit by edit, so a rare false positive is hard to see in either. Docstrings of widely used Python
packages are hundreds of thousands of words of carefully edited technical English that no spinner has
touched; every edit spinfix makes there is a false positive, and the edits may be read and acted on.
Only prose-like paragraphs are kept (twelve words or more, a capital letter first, a full stop last, no
code punctuation), from the non-test modules of the packages that are installed. The corpus therefore
depends on the environment: the figure is for development, not for the README's evaluation table.
Writes ``docstrings_edits.csv`` (count, old, new, an example paragraph) and prints the rate.
"""

from __future__ import annotations

import argparse
import ast
import collections
import importlib.util
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import regex

from spinfix import Restorer

from .evaluate import _write_csv, words_changed

#: Packages whose docstrings are mostly careful English prose (those installed are used).
PACKAGES = ("pandas", "numpy", "matplotlib", "dask", "distributed", "hypothesis", "_pytest", "jinja2",
            "pygments", "nltk", "attr", "click", "fsspec", "pyarrow")
_CODE = regex.compile(r"[{}=<>_`]|\(\)|::|>>>")


def paragraphs(packages: Sequence[str]) -> Iterator[str]:
    """Prose-like docstring paragraphs of the installed ``packages``, each once."""
    seen: set[str] = set()
    for name in packages:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        for root in spec.submodule_search_locations:
            for path in sorted(Path(root).rglob("*.py")):
                if "tests" in path.parts:
                    continue
                try:
                    tree = ast.parse(path.read_text(encoding="utf-8"))
                except (SyntaxError, UnicodeDecodeError, ValueError):
                    continue
                for node in ast.walk(tree):
                    if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                        continue
                    doc = ast.get_docstring(node)
                    for para in (doc or "").split("\n\n"):
                        text = " ".join(para.split())
                        if (len(text.split()) >= 12 and text[0].isupper() and text.endswith(".")
                                and not _CODE.search(text) and text not in seen):
                            seen.add(text)
                            yield text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--packages", nargs="*", default=list(PACKAGES))
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "results"))
    args = parser.parse_args(argv)
    restorer = Restorer().warm()
    edits: collections.Counter[tuple[str, str]] = collections.Counter()
    example: dict[tuple[str, str], str] = {}
    words = changed = count = 0
    for text in paragraphs(args.packages):
        count += 1
        words += len(text.split())
        made = restorer.restore_and_explain(text).edits
        changed += words_changed(made)
        for e in made:
            key = (e.old.lower(), e.new.lower())
            edits[key] += 1
            example.setdefault(key, text)
    if not words:
        print("no docstring prose found: are the packages installed?", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    _write_csv(out / "docstrings_edits.csv", ["count", "old", "new", "example"],
               [(n, old, new, example[(old, new)]) for (old, new), n in edits.most_common()])
    print(f"{count} paragraphs, {words} words: {changed} words changed, {1000 * changed / words:.3f} per 1,000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
