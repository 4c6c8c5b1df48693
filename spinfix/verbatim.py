"""Spans of a text that are not prose and that no edit may touch: web addresses, DOIs, e-mail addresses,
file paths, social-media handles and hashtags, HTML/XML markup, Markdown code and link targets, and the keys
of LaTeX cross-references.

Why: scraped pages and papers carry these beside their prose, and a spinner's phrase inside one is an
identifier, not wording. A scraper site's slug repeats its spun title ("/personal-corporations-face-…"),
a Markdown link points at "docs/…", a LaTeX label reads "sec:profound-learning": restoring any of them
breaks a link, a path or a cross-reference, which is data loss however right the restoration would be
as prose. Before these spans were kept, ``restore`` turned "https://example.com/profound-learning" into
".../deep-learning" and "[here](docs/x.md)" into "[here](doctors/x.md)".

The tests are narrow (a false span only leaves a few words as written, but it must not swallow prose:
"and/or", "24/7", "km/h", "U.S./Mexico" and "a < b" stay prose), and cheap on prose, which most texts
are: addresses, paths, handles and hashtags are whole tokens (ended by whitespace, quotes or angle
brackets), so only the tokens
around a "/", "@", "#" or "\\" found by ``str.find`` are read (pattern searches over the whole text cost
20-55 ms per MB each); markup and code are found by patterns that open with a literal character, tried
only when the text holds it. ``Restorer._analyse`` asks for the spans of the input as given, never of
the copy it reads (whose squeezed whitespace and decoded characters could move a line's or a token's
edge).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .normalize import LINE_BREAKS, occurrences

# Token tests, applied to a token without its opening and closing punctuation (``_core``).
# A URL with a scheme, or starting "www.", anywhere in the token ("(https://x.org/a)." is one).
_URL = re.compile(r"(?i)(?:[a-z][a-z0-9+.\-]{0,15}://|www\.)")
# An e-mail address is found from its "@": the domain after it first (``match``, so a token with many
# "@" and no domain costs one step each), then the local part before it (``_email``).
_EMAIL_DOMAIN = re.compile(r"(?i)[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63}){1,8}")
_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-")
# @handles and #hashtags: the token opens with one ("C#", "F#" do not; a Markdown heading's "#" stands alone).
_HANDLE = re.compile(r"[@#][A-Za-z_][\w\-]*")
# A host name with a top-level domain of letters before a path: "example.org/profound-learning".
_HOST_PATH = re.compile(r"(?i)(?:[a-z0-9](?:[a-z0-9\-]{0,62}[a-z0-9])?\.)+[a-z]{2,24}/")
# An absolute, home- or dot-relative Unix path of two or more parts: "/srv/data/x", "~/notes/y".
_UNIX_PATH = re.compile(r"(?:~|\.{1,2})?/[\w.\-]+/")
# A relative path ending in a file name with an extension: "docs/profound-learning.md".
_FILE_PATH = re.compile(r"[\w\-]+(?:/[\w.\-]+)+\.[A-Za-z][A-Za-z0-9]{0,4}")
_WINDOWS_PATH = re.compile(r"[A-Za-z]:\\")
# A DOI, bare or after "doi:" ("10.1016/j.profound-learning.2019.01.012"): from its "10." to the token's end.
_DOI = re.compile(r"10\.\d{4,9}/")
_OPENING = "([{\u00ab\u201c\u2018"
_CLOSING = ".,;:!?)]}\u00bb\u201d\u2019"
# A token ends at whitespace and at the characters that delimit an attribute or a quotation: in
# 'href="https://x.org/a">personal corporations' the address ends before the quote.
_BOUNDARY = frozenset("<>\"'`")
_TOKEN_REST = re.compile(r"[^\s<>\"'`]*")

# HTML/XML: script and style elements whole (their bodies are code), comments, and tags with their
# attributes. A tag must start with a letter, "/", "!" or "?" after "<", so "a < b and c > d" is prose.
# Each opening is closed by a search from it (see _closed): a lazy ".*?" pattern would rescan the rest of
# the text from every unclosed opening, quadratic in "<script>" or "<!--" repeated.
_SCRIPT_OPEN = re.compile(r"(?i)<(script|style)\b[^<>]{0,2000}>")
_SCRIPT_CLOSE = {"script": re.compile(r"(?i)</script\s*>"), "style": re.compile(r"(?i)</style\s*>")}
_COMMENT_OPEN = re.compile(r"<!--")
_COMMENT_CLOSE = re.compile(r"-->")
_TAG = re.compile(r"<[A-Za-z/!?][^<>]{0,2000}>")
# Markdown: a link or image target "](...)"; fenced blocks and code spans are found by _fences and
# _code_spans.
_LINK_TARGET = re.compile(r"\]\([^()\s]+(?:\s+\"[^\"\n]*\")?\)")
_FENCE_LINE = re.compile(r"(?m)^ {0,3}(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")
#: Any character that ends a line (a vertical tab or U+2028 ends one too).
_LINE_BREAK = re.compile("[" + re.escape(LINE_BREAKS) + "]")
# LaTeX commands whose argument is a key or a path: \cite{...}, \ref{...}, \label{...}, \url{...}, ...
_LATEX_KEY = re.compile(
    r"\\(?:[A-Za-z]*cite[A-Za-z]*|[A-Za-z]*ref|label|url|href|input|include|includegraphics|bibliography"
    r"|bibliographystyle|usepackage|documentclass)\*?(?:\[[^\]\n]{0,200}\])*\{[^{}\n]{0,500}\}")

#: The characters whose tokens may be addresses, paths, handles or hashtags.
_TOKEN_MARKS = ("/", "@", "#", "\\")


def verbatim_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of ``text`` that are identifiers or markup, not prose (see the module
    docstring), sorted; they may overlap. Offsets are code points of ``text``."""
    spans = _token_spans(text) if any(mark in text for mark in _TOKEN_MARKS) else []
    if "<" in text:
        spans += [m.span() for m in _TAG.finditer(text)]
        spans += _closed(text, _COMMENT_OPEN, lambda _: _COMMENT_CLOSE)
        spans += _closed(text, _SCRIPT_OPEN, lambda m: _SCRIPT_CLOSE[m.group(1).lower()])
    # One character first: CPython finds a single character with memchr, a longer needle 30-40 times
    # slower (0.7-0.9 ms per MB of news for "](" or "~~~").
    if "]" in text and "](" in text:
        spans += [m.span() for m in _LINK_TARGET.finditer(text)]
    ticks = "`" in text
    if ticks:
        spans += _code_spans(text)
    if (ticks and "```" in text) or ("~" in text and "~~~" in text):
        spans += _fences(text)
    if "\\" in text:
        spans += [m.span() for m in _LATEX_KEY.finditer(text)]
    spans.sort()
    return spans


def _token_spans(text: str) -> list[tuple[int, int]]:
    """Addresses, paths, handles and hashtags: read from the tokens (see _TOKEN_REST) that hold one of
    _TOKEN_MARKS, each token once (so a long text without spaces is read in linear time)."""
    marks = sorted(i for mark in _TOKEN_MARKS for i in occurrences(text, mark))
    spans: list[tuple[int, int]] = []
    done = 0
    for i in marks:
        if i < done:
            continue
        start = i
        while start > done and not text[start - 1].isspace() and text[start - 1] not in _BOUNDARY:
            start -= 1
        m = _TOKEN_REST.match(text, i)
        end = done = max(m.end() if m is not None else i, i + 1)
        span = _token_span(text, start, end)
        if span is not None:
            spans.append(span)
    return spans


def _token_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The part of the token ``text[start:end]`` that is an address, a path, a handle or a hashtag."""
    token = text[start:end]
    url = _URL.search(token)
    if url is not None:
        return start + url.start(), end
    doi = _DOI.search(token)
    if doi is not None:
        return start + doi.start(), start + len(token.rstrip(_CLOSING))
    lead = len(token) - len(token.lstrip(_OPENING))
    core = token[lead:].rstrip(_CLOSING)
    if not core:
        return None
    a = start + lead
    if "@" in core and _email(core):
        return a, a + len(core)  # the whole token: "a@x.org,b@y.org" is one
    if core[0] in "@#":
        handle = _HANDLE.match(core)
        return (a, a + handle.end()) if handle is not None else None
    if _HOST_PATH.match(core) or _UNIX_PATH.match(core) or _WINDOWS_PATH.match(core) or _FILE_PATH.fullmatch(core):
        return a, a + len(core)
    return None


def _email(token: str) -> bool:
    """Whether ``token`` holds an e-mail address."""
    at = token.find("@")
    while at >= 0:
        domain = _EMAIL_DOMAIN.match(token, at + 1)
        if domain is not None:
            start = at
            while start > 0 and at - start < 64 and token[start - 1] in _EMAIL_LOCAL:
                start -= 1
            if start < at:
                return True
        at = token.find("@", at + 1)
    return False


def _closed(text: str, opening: re.Pattern[str],
            closing: Callable[[re.Match[str]], re.Pattern[str]]) -> list[tuple[int, int]]:
    """Spans from each match of ``opening`` to the end of the first match of its ``closing`` pattern after
    it (an element's body, a comment). An opening left unclosed ends the search: no later one can close
    either, and each character is read a bounded number of times."""
    spans = []
    found = opening.search(text)
    while found is not None:
        close = closing(found).search(text, found.end())
        if close is None:
            break
        spans.append((found.start(), close.end()))
        found = opening.search(text, close.end())
    return spans


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Markdown's inline code: a run of backticks closed by the next run of the same length on the same
    line (any line break ends one, as for the rest of spinfix). LaTeX's ``quotes'' close with apostrophes,
    so they are no code."""
    runs = [m.span() for m in _BACKTICKS.finditer(text)]
    spans = []
    k = 0
    line_end = -1
    while k < len(runs):
        a, b = runs[k]
        n = b - a
        if b > line_end:  # found once per line: a search from every run of a long line was quadratic
            found = _LINE_BREAK.search(text, b)
            line_end = len(text) if found is None else found.start()
        for j in range(k + 1, len(runs)):
            c, d = runs[j]
            if c >= line_end:
                break
            if d - c == n:
                spans.append((a, d))
                k = j
                break
        k += 1
    return spans


def _fences(text: str) -> list[tuple[int, int]]:
    """Markdown's fenced code blocks: from a line opening with three or more backticks or tildes (up to
    three spaces of indent) to the line closing it with at least as many of the same character, or to
    the end of the text when none does (as CommonMark reads an unclosed fence)."""
    spans = []
    opening = _FENCE_LINE.search(text)
    while opening is not None:
        fence = opening.group(1)
        line_end = text.find("\n", opening.end())
        if line_end < 0:
            spans.append((opening.start(), len(text)))
            break
        closing = re.compile(r"(?m)^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*\r?$")
        close = closing.search(text, line_end + 1)
        end = len(text) if close is None else close.end()
        spans.append((opening.start(), end))
        opening = _FENCE_LINE.search(text, end)
    return spans
