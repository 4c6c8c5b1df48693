"""What is not prose is never edited (spinfix/verbatim.py): a spinner's phrase inside a web address, an
e-mail address, a path, a handle or hashtag, HTML markup, Markdown code or a link target, or a LaTeX key
stays as written, while the same phrase in the prose beside it is restored. The texts are written for
these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import spinfix
from spinfix.verbatim import verbatim_spans

PROSE = "Personal corporations face a profound learning curve."
RESTORED = "Private companies face a deep learning curve."

# (text with the identifier, the identifier that must survive)
IDENTIFIERS = [
    ("Read https://news.example.com/personal-corporations-profound-learning today.",
     "https://news.example.com/personal-corporations-profound-learning"),
    ("Read www.example.com/personal-corporations today.", "www.example.com/personal-corporations"),
    ("Mirrored at example.org/profound-learning/index.html for now.", "example.org/profound-learning/index.html"),
    ("Write to profound.learning@example.com about it.", "profound.learning@example.com"),
    ("Cited as doi:10.1016/j.profound-learning.2019.01.012 in the review.", "10.1016/j.profound-learning.2019.01.012"),
    ("Follow @personal_corporations and #profound-learning for updates.", "#profound-learning"),
    ("The model sits in /srv/models/profound-learning/weights.bin on the server.",
     "/srv/models/profound-learning/weights.bin"),
    ("Open docs/profound-learning.md in an editor.", "docs/profound-learning.md"),
    ("Saved to C:\\Users\\personal-corporations\\report.docx yesterday.",
     "C:\\Users\\personal-corporations\\report.docx"),
    ('<a href="/personal-corporations" title="personal corporations">the list</a>',
     '<a href="/personal-corporations" title="personal corporations">'),
    ("<script>track('profound learning')</script>", "<script>track('profound learning')</script>"),
    ("<!-- personal corporations draft -->", "<!-- personal corporations draft -->"),
    ("Call `profound_learning()` or `profound learning` first.", "`profound learning`"),
    ("```python\nlabel = 'profound learning'\n```", "```python\nlabel = 'profound learning'\n```"),
    ("See [the list](docs/personal-corporations.md).", "(docs/personal-corporations.md)"),
    ("As shown in Section~\\ref{sec:profound-learning} and \\cite{profound-learning-2019}.",
     "\\ref{sec:profound-learning}"),
]


@pytest.mark.parametrize(("text", "identifier"), IDENTIFIERS)
def test_identifier_kept_prose_beside_it_restored(text: str, identifier: str) -> None:
    restored = spinfix.restore(f"{text}\n\n{PROSE}")
    assert identifier in restored
    assert restored.endswith(RESTORED)


@pytest.mark.parametrize(("text", "identifier"), IDENTIFIERS)
def test_no_finding_inside_an_identifier(text: str, identifier: str) -> None:
    start = text.index(identifier)
    end = start + len(identifier)
    assert not [f for f in spinfix.detect(text) if f.start < end and start < f.end]


def test_link_text_is_prose_but_its_target_is_not() -> None:
    text = '<p><a href="https://example.com/personal-corporations">personal corporations</a> grew.</p>'
    assert spinfix.restore(text) == (
        '<p><a href="https://example.com/personal-corporations">private companies</a> grew.</p>')
    markdown = "[personal corporations](https://example.com/personal-corporations) grew."
    assert spinfix.restore(markdown) == "[private companies](https://example.com/personal-corporations) grew."


@pytest.mark.parametrize("text", [
    "Personal corporations and/or state firms run 24/7 at 50 km/h along the U.S./Mexico border.",
    "If a < b and c > d, the ratio is 3/4 of the 2019/20 value.",
    "LaTeX quotes ``like these'' and a lone ` backtick are prose.",
    "C# and F# are languages; # Heading and a lone @ are not handles.",
    "Prices rose 5 % (see p. 12/13).",
])
def test_prose_with_the_same_characters_is_not_verbatim(text: str) -> None:
    assert verbatim_spans(text) == []


def test_spun_phrases_in_prose_with_slashes_still_restored() -> None:
    assert spinfix.restore("Personal corporations and/or banks rose zero.5 % on a 24/7 basis.") == (
        "Private companies and/or banks rose 0.5 % on a 24/7 basis.")


def test_unclosed_fence_runs_to_the_end() -> None:
    text = "Intro.\n```\npersonal corporations\n"
    assert verbatim_spans(text) == [(7, len(text))]


def test_long_token_without_spaces() -> None:
    """A 200,000-character token with marks everywhere is read once (a quadratic read never returns)."""
    text = "a/b@c#" * 40_000 + " personal corporations"
    spans = verbatim_spans(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert spinfix.restore(text).endswith(" private companies")


_SLUG = st.lists(st.sampled_from(["personal", "corporations", "profound", "learning", "zero.5", "stated", "2019"]),
                 min_size=1, max_size=6).map("-".join)


@settings(max_examples=60, deadline=None)
@given(slug=_SLUG, scheme=st.sampled_from(["https://", "http://", "www.", "ftp://"]),
       before=st.sampled_from(["", "(", "<", "\"", "see "]), after=st.sampled_from(["", ".", ")", ",", " now"]))
def test_any_url_survives(slug: str, scheme: str, before: str, after: str) -> None:
    url = f"{scheme}example.com/{slug}"
    text = f"Personal corporations stated it. {before}{url}{after} Personal corporations stated it."
    restored = spinfix.restore(text)
    assert url in restored
    assert restored.startswith("Private companies said it.")


_FRAGMENTS = [
    "personal corporations", "Profound learning", "zero.5 %", "stated", "informed Reuters", "beneath",
    "https://ex.com/personal-corporations", "www.ex.org/profound-learning", "ex.net/stated/zero.5",
    "a@personal-corporations.com", "@profound_learning", "#personal-corporations", "/srv/profound-learning/x",
    "notes/personal-corporations.md", "C:\\profound-learning\\x", "doi:10.1000/profound-learning",
    "<b class=\"personal corporations\">", "</b>", "<!-- stated -->", "`profound learning`", "```",
    "](personal-corporations.md)", "\\label{profound-learning}", "and/or", "24/7", "a < b", "c > d",
    "(", ")", ".", ",", "\"", "'",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_FRAGMENTS), st.sampled_from([" ", " ", "", "\n", "\n\n"])),
                min_size=1, max_size=25))
def test_no_edit_touches_a_verbatim_span(parts: list[tuple[str, str]]) -> None:
    """Whatever the mix of prose, identifiers and markup, no edit overlaps a span the input shows as
    verbatim, and the edits replay to the restored text."""
    text = "".join(a + b for a, b in parts)
    result = spinfix.restore_and_explain(text)
    spans = verbatim_spans(text)
    for e in result.edits:
        assert not [(a, b) for a, b in spans if a < e.end and e.start < b], (e, text)
    assert spinfix.apply_edits(text, result.edits) == result.text


def test_verbatim_spans_are_those_of_the_input() -> None:
    """What is not prose is judged on the text as given, not on the copy the analysis reads (whitespace
    runs squeezed, character references decoded): there "https://e.org/a&nbsp;personal" would end before
    "personal", in the input it does not, and no edit may touch what the input shows as an address."""
    text = "See https://e.org/a&nbsp;personal corporations stated it. Personal corporations stated it."
    result = spinfix.restore_and_explain(text)
    spans = verbatim_spans(text)
    assert not [e for e in result.edits if any(a < e.end and e.start < b for a, b in spans)]
    assert result.text.endswith("Private companies said it.")
