"""News rows are off in science-like paragraphs (``sources.table.drop_news_rows_in_science``): the
paragraphs are classified first and the candidates read only when one is science-like. The function
keeps exactly the candidates the earlier procedure kept, which asked each news candidate's paragraphs
and classified those (kept below as the oracle, with the runs of short news paragraphs of session 38
found by walking out from each paragraph)."""

from __future__ import annotations

import bisect

from hypothesis import given, settings
from hypothesis import strategies as st

from spinfix.candidates import Candidate
from spinfix.normalize import normalize
from spinfix.sources.api import Document
from spinfix.sources.table import NEWS_ROWS_OFF_SHARE, SCIENCE_MIN_WORDS, drop_news_rows_in_science
from spinfix.text import ASCII_WORD, Quotes, Register


def oracle(doc: Document, cands: list[Candidate]) -> list[Candidate]:
    register = doc.register
    starts, paragraphs = register.starts, register.paragraphs
    holding = sorted({k for c in cands if c.rule == "table:news"
                      for k in range(bisect.bisect_right(starts, c.start) - 1, bisect.bisect_right(starts, c.end - 1))})
    doc_science = None
    spans = []
    for k in holding:
        cues, words = register.count(k)
        if words >= SCIENCE_MIN_WORDS:
            science = cues / words >= NEWS_ROWS_OFF_SHARE and cues > _personal(doc, *paragraphs[k])
        else:
            if doc_science is None:
                doc_cues, doc_words = register.total()
                # Science-like needs a cue besides the quoted "we" and "our" (besides any, in a short text).
                doc_science = doc_cues / max(1, doc_words) >= NEWS_ROWS_OFF_SHARE and (
                    doc_cues > _personal(doc, 0, len(doc.text), quoted_only=doc_words >= SCIENCE_MIN_WORDS))
            science = doc_science and not _in_a_news_run(register, k)
        if science:
            spans.append(paragraphs[k])
    return [c for c in cands if not (c.rule == "table:news" and any(a < c.end and c.start < b for a, b in spans))]


def _personal(doc: Document, a: int, b: int, *, quoted_only: bool = True) -> int:
    """The words "we" and "our" of the document's [a, b), as the register counts words (inside quotation
    marks only, with ``quoted_only``)."""
    quotes = Quotes(doc.text)
    return sum(m.group() in ("we", "our") and (not quoted_only or quotes.inside(a + m.start(), a + m.end()))
               for m in ASCII_WORD.finditer(doc.register.twin[a:b]))


def _in_a_news_run(register: Register, k: int) -> bool:
    """Whether short paragraph ``k`` stands among short paragraphs that together are long enough and read
    as news, walking out from it both ways."""
    short = lambda j: register.count(j)[1] < SCIENCE_MIN_WORDS  # noqa: E731
    first, last = k, k
    while first > 0 and short(first - 1):
        first -= 1
    while last + 1 < len(register.paragraphs) and short(last + 1):
        last += 1
    counts = [register.count(j) for j in range(first, last + 1)]
    cues, words = sum(c for c, _ in counts), sum(w for _, w in counts)
    return words >= SCIENCE_MIN_WORDS and cues < NEWS_ROWS_OFF_SHARE * words


#: Words of both registers (academic cues among them) and paragraph breaks of every kind.
WORDS = st.sampled_from(["we", "results", "data", "model", "analysis", "the", "company", "said", "shares",
                         "rose", "on", "Tuesday", "\n\n", "\n \n", "\n", "."])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=120), st.data())
def test_the_same_candidates_as_the_paragraph_by_paragraph_procedure(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    doc = Document(text, normalize(text))
    n = len(text)
    spans = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, 12)), max_size=12))
    cands = [Candidate(s, min(n, s + length), ("x",), 0.5, data.draw(st.sampled_from(["table:news", "table:science"])),
                       "test") for s, length in sorted(spans)]
    assert drop_news_rows_in_science(Document(text, normalize(text)), cands) == oracle(doc, cands)


#: Paragraphs as papers and spun pages have them: long academic ones, and short ones of either register.
LONG_SCIENCE = st.lists(st.sampled_from(["we", "results", "data", "model", "analysis", "the", "of"]),
                        min_size=SCIENCE_MIN_WORDS, max_size=SCIENCE_MIN_WORDS + 20)
SHORT = st.lists(st.sampled_from(["the", "company", "said", "shares", "rose", "on", "Tuesday", "."]),
                 min_size=SCIENCE_MIN_WORDS // 3, max_size=SCIENCE_MIN_WORDS - 1)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(LONG_SCIENCE, SHORT), min_size=1, max_size=8), st.data())
def test_runs_of_short_paragraphs_as_the_oracle_walks_them(paragraphs: list[list[str]], data: st.DataObject) -> None:
    text = "\n\n".join(" ".join(p) for p in paragraphs)
    doc = Document(text, normalize(text))
    n = len(text)
    spans = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, 12)), max_size=12))
    cands = [Candidate(s, min(n, s + length), ("x",), 0.5, "table:news", "test") for s, length in sorted(spans)]
    assert drop_news_rows_in_science(Document(text, normalize(text)), cands) == oracle(doc, cands)


def test_a_long_science_paragraph_drops_only_its_own_news_rows() -> None:
    science = " ".join(["we", "report", "results", "of", "the", "model", "and", "data", "analysis"] * 6)
    news = " ".join(["the", "company", "said", "its", "shares", "rose", "on", "tuesday"] * 6)
    text = f"{science}\n\n{news}"
    at_science, at_news = text.index("results"), text.index("company")
    cands = [Candidate(at_science, at_science + 7, ("outcomes",), 0.5, "table:news", "test"),
             Candidate(at_news, at_news + 7, ("firm",), 0.5, "table:news", "test")]
    kept = drop_news_rows_in_science(Document(text, normalize(text)), cands)
    assert kept == [cands[1]]


def test_a_short_text_is_no_paper_for_saying_we() -> None:
    """A news sentence alone says "we" or "our" as often as a paper: one of them had made it science-like
    (a cue in a sentence is a twentieth of its words) and switched every news row off, so a quote or a
    line of ``scan --lines`` kept *informed* and *personal corporations*. A word of a paper's methods
    besides still does ("We report results on ..."). In a longer text only the quoted ones are left out:
    a quoted paragraph of a news story keeps its news rows, the writer's own "we" still reads as a
    paper's or an essay's."""
    import spinfix

    assert spinfix.restore("We are beneath intense scrutiny, sources informed Reuters.") == (
        "We are under intense scrutiny, sources told Reuters.")
    assert spinfix.restore("Our personal corporations are beneath intense scrutiny.") == (
        "Our private companies are under intense scrutiny.")
    text = "We report results for personal corporations in this section."
    news = Candidate(text.index("personal"), text.index(" in this"), ("private companies",), 0.9, "table:news", "")
    assert drop_news_rows_in_science(Document(text, normalize(text)), [news]) == []
    text = "We said personal corporations informed Reuters."
    news = Candidate(text.index("personal"), text.index(" informed"), ("private companies",), 0.9, "table:news", "")
    assert drop_news_rows_in_science(Document(text, normalize(text)), [news]) == [news]
    # A long quoted paragraph of a news story, in its document: "we" and "our" four times in 45 words.
    quote = ('"We have seen a lot of progress," the governor told a news conference. "Inflation has come down '
             'from its peak, and our economy is no longer overheating. But we need to see that progress '
             'sustained before we cut, and personal corporations must see it too," she said.')
    text = f"The central bank held rates on Tuesday.\n\n{quote}\n\nMarkets rose after the decision."
    news = Candidate(text.index("personal"), text.index(" must"), ("private companies",), 0.9, "table:news", "")
    assert drop_news_rows_in_science(Document(text, normalize(text)), [news]) == [news]
    # The same words as the writer's own, outside quotation marks (an essay, a paper): still academic.
    essay = quote.replace('"', "")
    text = f"The central bank held rates on Tuesday.\n\n{essay}\n\nMarkets rose after the decision."
    news = Candidate(text.index("personal"), text.index(" must"), ("private companies",), 0.9, "table:news", "")
    assert drop_news_rows_in_science(Document(text, normalize(text)), [news]) == []
    methods = quote.replace("Inflation has come down", "The data and the model show that inflation came down")
    text = f"The central bank held rates on Tuesday.\n\n{methods}\n\nMarkets rose after the decision."
    news = Candidate(text.index("personal"), text.index(" must"), ("private companies",), 0.9, "table:news", "")
    assert drop_news_rows_in_science(Document(text, normalize(text)), [news]) == []
