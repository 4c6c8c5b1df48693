"""Clean-text damage on encyclopedic prose nobody wrote for spinfix: 206 English Wikipedia articles.

``pip download --no-deps gensim==4.4.0 -d /tmp/gensim``, then
``python -m benchmarks.clean_wikipedia --corpus /tmp/gensim/gensim-4.4.0-*.whl [--out benchmarks/results]``

Why: web crawls hold much encyclopedic and reference prose, whose register ("subsequent", "constructed",
"the electorate", "males") is neither the news of the Lee corpus nor the science of the fixtures, and is
the kind of wording a spinner's thesaurus produces. The gensim wheel on PyPI ships as test data the first
pages of a 2017 English Wikipedia dump (``gensim/test/test_data/enwiki-latest-pages-articles1.xml-
p000000010p000030302-shortened.bz2``, CC BY-SA 3.0). It is read from the wheel (a zip file; nothing is
installed) or from the ``.bz2`` file itself, and never copied into the repository: the results name each
edit by article number and character offset.

The wiki markup is stripped crudely (references, templates, tables, link targets, bold and italics) and
only prose paragraphs are kept: at least 20 words, starting with a capital, ending with a full stop, no
markup left, and no template removed from inside it ("consists of {{convert|22|e6acre}} of forest" would
read as a doubled preposition). Whitespace runs left by the stripping are collapsed. Each article is
restored as one document, its paragraphs separated by blank lines, as a corpus cleaner would feed it.

Writes ``wikipedia_edits.csv`` (article, start, old, new, rule, score) and ``wikipedia_verdicts.csv``
(each article's document spin score and verdict: every article is clean, so any verdict but ``clean`` is
a false alarm a corpus filter would act on), ``wikipedia_paragraphs.csv`` (each paragraph's score and
verdict from ``Restorer.paragraph_scores``: the false alarms of a filter that drops spun paragraphs
rather than pages) and prints the rate, the restorations by rule and the verdict counts. First measured
in session 11 (0.20 words per 1,000, 60 words in 298k): a development corpus from then on, whose edits
may be read.
"""

from __future__ import annotations

import argparse
import bz2
import html
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from spinfix import Restorer

from .evaluate import _write_csv, restored_findings

MEMBER = "gensim/test/test_data/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
_TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.S)
_REF = re.compile(r"<ref[^>]*/>|<ref.*?</ref>", re.S)
_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")
_TABLE = re.compile(r"\{\|.*?\|\}", re.S)
_LINK = re.compile(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]")
_EXTERNAL = re.compile(r"\[https?://\S+ ?([^\]]*)\]")
_MARKUP = re.compile(r"'''?|<[^>]+>")
_LEFT_OVER = re.compile(r"[{}|=\[\]\x1f]")
#: Put where a template was inside a line, so that the line is dropped: a removed inline template
#: ("consists of {{convert|22|e6acre}} of forest") leaves broken prose, "consists of of forest".
_CUT = "\x1f"
_SPACES = re.compile(r"[ \t]+")
_SPACE_BEFORE_MARK = re.compile(r" ([,.;:])")
MIN_WORDS = 20


def articles(corpus: Path) -> list[str]:
    """The prose of each article (paragraphs joined by blank lines), from the gensim wheel or the .bz2."""
    data = zipfile.ZipFile(corpus).read(MEMBER) if zipfile.is_zipfile(corpus) else corpus.read_bytes()
    xml = bz2.decompress(data).decode("utf-8")
    out = []
    for raw in _TEXT.findall(xml):
        text = _REF.sub("", html.unescape(raw))
        for _ in range(3):  # nested templates, innermost first
            text = _TEMPLATE.sub(_CUT, text)
        text = _MARKUP.sub("", _EXTERNAL.sub(r"\1", _LINK.sub(r"\1", _TABLE.sub("", text))))
        paragraphs = []
        for raw_line in text.split("\n"):
            line = _SPACE_BEFORE_MARK.sub(r"\1", _SPACES.sub(" ", raw_line)).strip()
            if (len(line.split()) >= MIN_WORDS and line[0].isupper() and line.endswith(".")
                    and not _LEFT_OVER.search(line)):
                paragraphs.append(line)
        if paragraphs:
            out.append("\n\n".join(paragraphs))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True, type=Path,
                        help="the gensim wheel (pip download --no-deps gensim) or the enwiki .bz2 file")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "results"))
    args = parser.parse_args(argv)
    try:
        texts = articles(args.corpus)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError) as exc:
        print(f"{args.corpus}: cannot read the Wikipedia pages ({exc})", file=sys.stderr)
        return 1
    restorer = Restorer().warm()
    words, changed, found = restored_findings(restorer, texts)
    rows = [(i, f.start, f.spun, f.restored, f.rule, round(f.score, 4)) for i, f in found]
    by_rule = Counter(f.rule for _, f in found)
    analyses = [restorer.analyse(t) for t in texts]
    scores = [a.score for a in analyses]
    verdicts = Counter(s.verdict for s in scores)
    paragraphs = [(i, p) for i, (t, a) in enumerate(zip(texts, analyses))
                  for p in restorer.paragraph_scores(t, analysis=a)]
    paragraph_verdicts = Counter(p.verdict for _, p in paragraphs)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    _write_csv(out / "wikipedia_edits.csv", ["article", "start", "old", "new", "rule", "score"], rows)
    _write_csv(out / "wikipedia_verdicts.csv", ["article", "words", "score", "verdict", "restorations"],
               [(i, s.words, s.score, s.verdict, s.findings) for i, s in enumerate(scores)])
    _write_csv(out / "wikipedia_paragraphs.csv", ["article", "start", "end", "words", "score", "verdict",
                                                  "restorations"],
               [(i, p.start, p.end, p.words, p.score, p.verdict, p.findings) for i, p in paragraphs])
    print(f"{len(texts)} articles, {words} words: {changed} words changed, {1000 * changed / words:.3f} per 1,000; "
          f"restorations by rule: {dict(by_rule.most_common())}")
    print("document verdicts (every article is clean): " + ", ".join(f"{v} {verdicts[v]}" for v in
                                                                    ("clean", "suspicious", "spun")))
    print(f"paragraph verdicts ({len(paragraphs)} paragraphs, every one clean): "
          + ", ".join(f"{v} {paragraph_verdicts[v]}" for v in ("clean", "suspicious", "spun")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
