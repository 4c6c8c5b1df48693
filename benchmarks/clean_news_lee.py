"""Clean-news damage on a real news corpus nobody wrote for spinfix: the Lee corpus of ABC news stories.

``pip download --no-deps gensim==4.4.0 -d /tmp/gensim``, then
``python -m benchmarks.clean_news_lee --corpus /tmp/gensim/gensim-4.4.0-*.whl [--out benchmarks/results]``

Why: the news fixtures and held-out sets are small (12–23k words each) and the second held-out set may
only be read as totals, so a table row that damages ordinary news prose ("the Iraqi military said" →
*army*) is hard to see. The Lee corpus (Lee, Pincombe & Welsh, 2005) is 350 Australian Broadcasting
Corporation news stories of 2001, 63,873 words, shipped as test data inside the gensim wheel on PyPI
(``gensim/test/test_data/lee_background.cor`` and ``lee.cor``, one story per line). It is read from the
wheel (a zip file; nothing is installed) or from a directory holding the two files, and never copied into
the repository: the results name each edit by story number and character offset, not by its text.
Like ``benchmarks.clean_docstrings`` it is a development corpus whose edits may be read and acted on
(session 8 lowered 27 news rows whose spun form is ordinary English after reading its first edits), so
its figure does not belong in the README's held-out rows.

Writes ``lee_edits.csv`` (story, start, old, new, rule, score) and prints the rate. With ``--devset PATH``
(the shared devset, read by path, never copied) it also measures *mixed* documents as
``benchmarks.devset`` does with the fixtures, on a sample ten times as large: every four consecutive
stories form one document of four paragraphs, three real spun sentences of one devset article are
inserted as paragraphs of their own, and the words changed in the untouched Lee paragraphs are counted
(``lee_mixed.csv``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from spinfix import Restorer

from .devset import SEP, DevsetRun, evaluate_mixed
from .evaluate import _write_csv, restored_findings

FILES = ("lee_background.cor", "lee.cor")
MEMBER = "gensim/test/test_data/{}"


def stories(corpus: Path) -> list[str]:
    """The corpus's stories, one per non-empty line, from a gensim wheel or a directory of the files.

    The files are mostly ASCII with a few Latin-1 bytes (a pound sign); those are decoded as Latin-1.
    """
    raw: list[bytes] = []
    if corpus.is_dir():
        raw = [(corpus / name).read_bytes() for name in FILES]
    else:
        with zipfile.ZipFile(corpus) as zf:
            raw = [zf.read(MEMBER.format(name)) for name in FILES]
    out = []
    for data in raw:
        for line in data.splitlines():
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                text = line.decode("latin-1")
            if text.strip():
                out.append(text)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True, type=Path,
                        help="the gensim wheel (pip download --no-deps gensim) or a directory with the .cor files")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "results"))
    parser.add_argument("--devset", type=Path, help="the shared devset: also measure mixed documents")
    args = parser.parse_args(argv)
    try:
        texts = stories(args.corpus)
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        print(f"{args.corpus}: cannot read the Lee corpus ({exc})", file=sys.stderr)
        return 1
    restorer = Restorer().warm()
    words, changed, found = restored_findings(restorer, texts)
    rows = [(i, f.start, f.spun, f.restored, f.rule, round(f.score, 4)) for i, f in found]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    _write_csv(out / "lee_edits.csv", ["story", "start", "old", "new", "rule", "score"], rows)
    print(f"{len(texts)} stories, {words} words: {changed} words changed, {1000 * changed / words:.3f} per 1,000")
    if args.devset:
        run = mixed(restorer, texts, args.devset)
        _write_csv(out / "lee_mixed.csv", ["metric", "subset", "value", "ci_low", "ci_high"],
                   [(m.name, m.subset, round(m.value, 4), round(m.ci_low, 4), round(m.ci_high, 4))
                    for m in run.metrics])
        for m in run.metrics:
            print(f"{m.name} {m.subset}: {m.value:.4f}")
    return 0


def mixed(restorer: Restorer, texts: list[str], devset: Path, per_document: int = 4) -> DevsetRun:
    """The devset's mixed-document measurement with Lee documents of ``per_document`` stories."""
    run = DevsetRun()
    with tempfile.TemporaryDirectory() as tmp:
        news = Path(tmp) / "news"
        news.mkdir()
        for k in range(0, len(texts) - per_document + 1, per_document):
            (news / f"lee{k:04d}.txt").write_text(SEP.join(texts[k:k + per_document]), encoding="utf-8")
        evaluate_mixed(restorer, devset, Path(tmp), run, label="lee")
    return run


if __name__ == "__main__":
    sys.exit(main())
