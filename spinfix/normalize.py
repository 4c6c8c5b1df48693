"""Length-preserving normalisation: the only place where the text seen by the matcher is derived.

The matcher scans a *normalised* copy of the input whose every code point stands at the same index as in
the input, so a match at ``[s, e)`` in the copy is ``text[s:e]`` in the input with no offset map at all.
That is why the copy is built only from one-to-one character changes:

* lower case, taking the first code point where lower-casing expands a character (``İ`` → ``i̇`` becomes
  ``i``) — so the length never changes, unlike ``str.casefold`` (``ß`` → ``ss``);
* typographic apostrophes and hyphens to ASCII (``’`` → ``'``, ``‑`` → ``-``), since spun web text uses both;
* every whitespace character (:data:`SPACES`) to a plain space, so a table phrase matches across a line
  break or a no-break space.

A *run* of whitespace (two spaces, CRLF, a line break and the next line's indent) is not one space in that
copy, and collapsing it in place would need a map. :func:`squeeze` builds that map, once per text and
only for a text holding such a run inside a paragraph: a copy of the text with each run written as one
character, which the whole analysis reads, and :meth:`Squeezed.to_input` to bring its offsets back to
the input. A paragraph break (:func:`is_paragraph_break`: a blank line) is never squeezed, so no phrase
spans two paragraphs. The same copy reads a word hyphenated across a line end, or holding soft hyphens,
as one word (``learn-⏎ing``, ``pro&shy;found``), when the caller says which joined words are words. This is
the only other place where offsets are remapped.

Word boundaries are decided on the normalised copy by :func:`is_word_start` and :func:`is_word_end`.
"""

from __future__ import annotations

import bisect
import functools
import gzip
import html.entities
import re
import unicodedata
from collections.abc import Callable
from importlib import resources

from .native import load_compiled

#: Characters that end a line: Unicode's mandatory line breaks (UAX #14 classes BK, CR, LF and NL), without
#: U+2029 PARAGRAPH SEPARATOR, which is a paragraph break on its own and is left as it is (never a space).
LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028"
#: Every whitespace character the normalised copy writes as a plain space: Unicode's White_Space property
#: (PropList.txt: U+0009-000D, U+0085, U+00A0, U+1680, U+2000-200A, U+2028, U+202F, U+205F, U+3000) but
#: U+2029 (see LINE_BREAKS). Python's ``str.isspace`` adds U+001C-001F, which are control codes
#: (information separators), not spaces: they stay, and a phrase does not match across them.
SPACES = "\t\n\x0b\x0c\r\x85\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u202f\u205f\u3000"

# One-to-one replacements applied after lower-casing. Sources: Unicode General Punctuation block
# (U+2018/2019 quotes, U+02BC modifier apostrophe, U+2010/2011 hyphens) and SPACES above. A character
# absent from the text costs one search: ``in`` is memchr-fast, and instant for a character wider than
# the string's storage (a non-Latin-1 space in ASCII text), so the list may be long.
_REPLACE = (
    ("\u2019", "'"),
    ("\u2018", "'"),
    ("\u02bc", "'"),
    ("\u2010", "-"),
    ("\u2011", "-"),
    *((ch, " ") for ch in SPACES),
)
#: The replacements an ASCII text can need (most texts: ``str.isascii`` answers at memory speed).
_ASCII_REPLACE = tuple((old, new) for old, new in _REPLACE if old.isascii())

#: Characters that join two word characters into one word (``wi-fi``, ``didn't``, ``zero.5``).
CONNECTORS = frozenset("'-.")


def _lower_char(ch: str) -> str:
    low = ch.lower()
    return low[0] if low else ch


def normalize(text: str) -> str:
    """Return the matcher's view of ``text``: same length, lower case, ASCII apostrophes and spaces."""
    low = text.lower()
    if len(low) != len(text):
        # Rare: a character whose lower case is longer (U+0130 "İ" → "i̇"; the only one in Unicode 15).
        # Put the first code point of its lower case in its place and lower the whole string again, rather
        # than lowering character by character: lower-casing is not per character everywhere (a capital
        # sigma ending a word becomes final "ς"), and one "İ" must not change how the rest is read.
        # The stand-in is a cased letter like the character it replaces, so the sigma rule sees the same.
        expanding = {c for c in set(text) if len(c.lower()) != 1}
        low = text.translate({ord(c): _lower_char(c) for c in expanding}).lower()
        if len(low) != len(text):  # a stand-in that itself expands: fall back to one by one
            low = "".join(map(_lower_char, text))
    for old, new in _ASCII_REPLACE if low.isascii() else _REPLACE:
        if old in low:
            low = low.replace(old, new)
    return low


def is_word_char(ch: str) -> bool:
    """A letter, digit or combining mark (a mark continues the word it is attached to)."""
    if ch.isalnum():
        return True
    return ch > "\u02ff" and unicodedata.category(ch)[0] == "M"


def is_word_start(norm: str, i: int) -> bool:
    """Whether a word may start at ``i``: the previous character does not continue a word.

    A connector (``'``, ``-``, ``.``) before ``i`` breaks the word only when what precedes it is not a
    word character: ``-sources`` and ``'quoted`` start words, ``wi-fi``'s ``fi`` does not.
    """
    if i <= 0:
        return True
    prev = norm[i - 1]
    if prev == " ":
        return True
    if is_word_char(prev):
        return False
    return not (prev in CONNECTORS and i >= 2 and is_word_char(norm[i - 2]))


def is_word_end(norm: str, i: int) -> bool:
    """Whether a word may end just before ``i``.

    The English possessive ``'s`` does not extend a word (``corporation's`` ends a match on
    ``corporation``); any other connector followed by a word character does.
    """
    n = len(norm)
    if i >= n:
        return True
    nxt = norm[i]
    if nxt == " ":
        return True
    if is_word_char(nxt):
        return False
    if nxt in CONNECTORS and i + 1 < n and is_word_char(norm[i + 1]):
        return nxt == "'" and norm[i + 1] == "s" and (i + 2 >= n or not is_word_char(norm[i + 2]))
    return True


#: Two or more whitespace characters in a row of a normalised copy (each of them is a space there).
_RUN = re.compile("  +")


def line_breaks(run: str) -> int:
    """How many lines end in the whitespace ``run``: each character of LINE_BREAKS is one, and so is CRLF."""
    return sum(map(run.count, LINE_BREAKS)) - run.count("\r\n")


def is_paragraph_break(run: str) -> bool:
    """Whether the whitespace ``run`` separates paragraphs: it holds a blank line, two line breaks with only
    spaces between (``\\n\\n``, ``\\r\\n  \\r\\n``, CR-only ``\\r\\r``). Every break ``text.PARAGRAPH_BREAK``
    finds is one; a single line break is not (text wrapped at 72 columns breaks lines inside phrases)."""
    return line_breaks(run) >= 2


class Squeezed:
    """A text with every whitespace run inside a paragraph written as one character (``text``), its
    normalised copy (``norm``), and the way back to the input's offsets (:meth:`to_input`).

    Built by :func:`squeeze`; the analysis reads ``text``/``norm`` exactly as it reads an input without
    runs, so every phrase match, neighbour, condition and chunk sees one separator between two words.
    """

    __slots__ = ("_at", "_removed", "_wide", "norm", "text")

    def __init__(self, text: str, norm: str, at: list[int], removed: list[int],
                 wide: dict[int, tuple[int, int]] | None = None) -> None:
        self.text = text
        self.norm = norm
        #: Offset (in ``text``) of the character standing for each squeezed run, ascending ...
        self._at = at
        #: ... and how many input characters all runs up to and including that one removed (fewer than
        #: none where ligatures were written out as their letters) ...
        self._removed = removed
        #: ... and, for each change written as more than one character (a ligature's letters), by its
        #: index: where its letters start in ``text`` and where it ends in the input.
        self._wide = wide or {}

    def to_input(self, i: int) -> int:
        """The input offset of offset ``i`` of the squeezed text.

        Offsets before a run's character are unmoved by it; from the character after it on they move by
        the characters the run lost. So a span's start or end, which stand at word edges and never inside
        a run, maps exactly, and a span that begins or ends on a run's character takes the whole run.
        """
        k = bisect.bisect_left(self._at, i)  # runs whose character stands before i
        if self._wide and k in self._wide:
            first, input_end = self._wide[k]
            if i > first:  # inside a ligature's letters, which have no input offsets of their own
                return input_end
        return i + self._removed[k - 1] if k else i


def occurrences(text: str, needle: str) -> list[int]:
    """Where ``needle`` occurs in ``text``, in order (``str.find`` runs in C; the callers' needles are rare
    characters, so the Python loop turns once per occurrence)."""
    found = []
    i = text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


#: A word broken at a line end (``learn-\ning``, a PDF's justified column): a hyphen, spaces or tabs, one
#: line break, spaces or tabs; letters on both sides are checked in code. One pattern per hyphen
#: character, each opening with its literal, so the search skips from hyphen to hyphen: one pattern
#: opening with the class of all three cost 6 ms per MB of news, the literal one 0.8.
_LINE_END_HYPHENS = {h: re.compile(re.escape(h) + r"[ \t]*(?:\r\n|[" + re.escape(LINE_BREAKS) + r"])[ \t]*")
                     for h in ("-", "\u2010", "\u00ad")}
_SOFT_HYPHEN = "\u00ad"


def _letters_before(norm: str, i: int) -> str:
    j = i
    while j > 0 and norm[j - 1].isalpha():
        j -= 1
    return norm[j:i]


def _letters_after(norm: str, i: int) -> str:
    j = i
    while j < len(norm) and norm[j].isalpha():
        j += 1
    return norm[i:j]


def _hyphen_joins(text: str, norm: str, joins: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Spans to delete so that a word hyphenated across a line end, or holding a soft hyphen, reads as
    one word: ``learn-\ning`` when ``joins("learning")`` (a known word: ``well-\nknown`` stays two,
    since "wellknown" is none), and every soft hyphen between two letters (it marks where a word may
    break, and is no character of the word)."""
    spans: list[tuple[int, int]] = []
    for hyphen, pattern in _LINE_END_HYPHENS.items():
        if hyphen not in text:
            continue
        for m in pattern.finditer(text):
            s, e = m.span()
            if s > 0 and e < len(text) and text[s - 1].isalpha() and text[e].isalpha() and (
                    hyphen == _SOFT_HYPHEN or joins(_letters_before(norm, s) + _letters_after(norm, e))):
                spans.append((s, e))
    if len(spans) > 1:
        spans.sort()
    if _SOFT_HYPHEN in text:
        spans += [(i, i + 1) for i in occurrences(text, _SOFT_HYPHEN)
                  if 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()]
        spans.sort()
    return spans


#: Typographic ligatures that text extracted from a PDF keeps as one character ("signiﬁcant", "ﬂuid"):
#: read as their letters, which 859 of the shipped tables' 11,077 spun forms hold ("energy proﬁciency").
#: Source: Unicode's Alphabetic Presentation Forms (U+FB00-FB06), whose compatibility decompositions
#: (NFKC) are these letters.
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
             "\ufb06": "st"}


#: An HTML character reference: named (``&nbsp;``, ``&rsquo;``) or numeric (``&#8217;``, ``&#x2019;``).
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _entities(text: str) -> list[tuple[int, int, str]]:
    """(start, end, character) of each HTML character reference in ``text`` that stands for one character
    (``&nbsp;``, ``&#8217;``, ``&amp;``): text taken from web pages without decoding them holds many, and
    one between two words of a phrase ("personal&nbsp;corporations") or inside a word ("company&#8217;s")
    hid it from the matcher. Unknown names, code points outside Unicode and control characters are left."""
    found = []
    for m in _ENTITY.finditer(text):
        ref = m.group()
        if ref[1] == "#":
            try:
                code = int(ref[3:-1], 16) if ref[2] in "xX" else int(ref[2:-1])
                char = chr(code)
            except (ValueError, OverflowError):
                continue
        else:
            char = html.entities.html5.get(ref[1:], "")
        if char == _SOFT_HYPHEN or char in ZERO_WIDTH:
            found.append((m.start(), m.end(), ""))  # "pro&shy;found": read as nothing, as the characters are
        elif len(char) == 1 and (char.isprintable() or char in SPACES):
            found.append((m.start(), m.end(), char))
    return found


#: Cyrillic and Greek letters that look like one Latin letter (the single-letter Latin prototypes of
#: Unicode Technical Standard #39's confusables among the two scripts' basic letters). Text hidden from
#: plagiarism checks writes them inside English words ("prоfound" with a Cyrillic о), and spun text
#: passed off as original is hidden so; such a word reads as its Latin letters (:func:`_obfuscation`).
HOMOGLYPHS = {
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y", "\u0445": "x",
    "\u0456": "i", "\u0458": "j", "\u0455": "s", "\u0501": "d", "\u04bb": "h", "\u04cf": "l",
    "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K", "\u041c": "M", "\u041d": "H", "\u041e": "O",
    "\u0420": "P", "\u0421": "C", "\u0422": "T", "\u0425": "X", "\u0406": "I", "\u0408": "J", "\u0405": "S",
    "\u03bf": "o", "\u03b1": "a", "\u03bd": "v", "\u03b9": "i", "\u0391": "A", "\u0392": "B", "\u0395": "E",
    "\u0396": "Z", "\u0397": "H", "\u0399": "I", "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u039f": "O",
    "\u03a1": "P", "\u03a4": "T", "\u03a5": "Y", "\u03a7": "X",
}
#: Characters of no width that the same trick puts inside words ("pro\u200bfound"): zero-width space,
#: non-joiner and joiner, word joiner, and the byte-order mark used as a zero-width no-break space.
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")


#: The characters whose presence lets :func:`_obfuscation` look further: the zero-width ones and the
#: lower-case homoglyphs of the most frequent Latin letters. A text hidden with capitals or rarer letters
#: alone is not looked at: each probe is a search of the whole text (about 0.035 ms per MB of text that is
#: not ASCII; ASCII text needs none), and the texts most worth the cost hold these. Not the Greek alpha,
#: which science writes everywhere ("α-helix"): with it as a probe, the search beside it cost 3.5 ms per
#: MB of the benchmark's clean science.
_OBFUSCATION_PROBES = (*ZERO_WIDTH, "\u0430", "\u0435", "\u043e", "\u0440", "\u0441", "\u0443", "\u0445", "\u0456",
                       "\u03bf")
#: A homoglyph beside an ASCII letter: every word mixing the two holds one (a word wholly in Cyrillic or
#: Greek holds none, so a Russian text is searched at C speed and not read letter by letter).
_GLYPH_BESIDE_LATIN = re.compile("[A-Za-z][{0}]|[{0}][A-Za-z]".format("".join(HOMOGLYPHS)))


def _obfuscation(text: str) -> list[tuple[int, int, str]]:
    """(start, end, what to read) for each zero-width character between two ASCII letters or homoglyphs
    (read as nothing) and each homoglyph in a word whose other letters are ASCII (read as its Latin letter). A
    word wholly in another script ("обзор", "α") and a joiner between letters of another script (Persian
    text needs its non-joiners) are left as they are."""
    if not any(probe in text for probe in _OBFUSCATION_PROBES):
        return []
    found: list[tuple[int, int, str]] = []
    n = len(text)
    for mark in ZERO_WIDTH:
        found += [(i, i + 1, "") for i in occurrences(text, mark)
                  if 0 < i < n - 1 and _latin_like(text[i - 1]) and _latin_like(text[i + 1])]
    done = 0
    for m in _GLYPH_BESIDE_LATIN.finditer(text):
        if m.start() < done:
            continue
        a, b = m.start(), m.end()
        while a > 0 and (text[a - 1].isalpha() or text[a - 1] in ZERO_WIDTH):
            a -= 1
        while b < n and (text[b].isalpha() or text[b] in ZERO_WIDTH):
            b += 1
        done = b
        if all(_ascii_letter(c) or c in HOMOGLYPHS or c in ZERO_WIDTH for c in text[a:b]):
            found += [(k, k + 1, HOMOGLYPHS[text[k]]) for k in range(a, b) if text[k] in HOMOGLYPHS]
    return found


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _latin_like(ch: str) -> bool:
    return _ascii_letter(ch) or ch in HOMOGLYPHS


def _ligatures(text: str) -> list[tuple[int, int, str]]:
    """(start, end, letters) of each ligature character of LIGATURES in ``text``. An ASCII text has none,
    and ``in`` answers for it at once (no character wider than the string's storage can be in it)."""
    return [(i, i + 1, letters) for lig, letters in LIGATURES.items() if lig in text
            for i in occurrences(text, lig)]


@functools.cache
def _compiled_inner_runs() -> Callable[[str, str], bool] | None:
    """``_textcore.inner_runs`` (see :func:`squeeze`), or None without the compiled module."""
    module = load_compiled("_textcore")
    return None if module is None else module.inner_runs


def squeeze(text: str, norm: str, joins: Callable[[str], bool] | None = None) -> Squeezed | None:
    """``text`` (with ``norm = normalize(text)``) with each whitespace run inside a paragraph written as one
    character, or None when there is no such run.

    A text without two whitespace characters in a row costs one search of ``norm`` for two spaces, and a
    text whose runs are all blank lines of one convention two or three counts more: the usual case pays nothing
    else (measured: 1.7 ms per MB of single-spaced news, 2.7 ms with blank lines, against ~350 ms per MB
    for table-only detect; ``benchmarks/bench_whitespace.py``). The
    character standing for a run is ``\\n`` when the run ends a line (so a capitalised word after it still
    reads as a line start to ``text.name_like``), else the run's last character (the one ``name_like`` sees
    first). Paragraph breaks are kept as they are. The normalised copy is ``norm`` squeezed alike (the same
    as normalising the squeezed text: lower-casing never looks across whitespace, and every whitespace
    character is one space in ``norm``).

    With ``joins`` (a test of a lower-case word: is it a word of the language?), a word hyphenated across
    a line end is also read whole, its hyphen and line break left out (``profound learn-\\ning`` matches
    "profound learning"), and so is a word holding soft hyphens (U+00AD): see :func:`_hyphen_joins`. Text
    extracted from a PDF's justified columns breaks words so, and HTML writes soft hyphens as ``&shy;``.
    With ``joins`` too, a typographic ligature (:data:`LIGATURES`, kept by PDF extraction) is read as its
    letters, an HTML character reference (``&nbsp;``, ``&#8217;``) as its character, and a word hidden
    with homoglyphs or zero-width characters as its Latin letters (:func:`_obfuscation`): the squeezed
    copy is longer or shorter there, which :meth:`Squeezed.to_input` maps back alike.
    """
    cuts = _hyphen_joins(text, norm, joins) if joins is not None else []
    letters = _ligatures(text) + _obfuscation(text) if joins is not None and not text.isascii() else []
    if joins is not None and "&" in text and ";" in text:
        letters += _entities(text)
    if "  " not in norm and not cuts and not letters:
        return None
    if not cuts and not letters:
        # Most texts with runs have blank lines only: where the module is built, one walk in C tells
        # whether any run is not a paragraph break (``_textcore.inner_runs``). Otherwise count: a run of L
        # spaces in ``norm`` holds L // 2 of the pairs counted; its "\n\n" are at most as many (its
        # "\r\n\r\n", half as many), and only a paragraph break holds any; so when the counts are equal,
        # every run is a paragraph break (three passes over the text, about three times the walk's cost).
        inner = _compiled_inner_runs()
        if inner is not None:
            if not inner(text, norm):
                return None
        else:
            pairs = norm.count("  ")
            if pairs == text.count("\n\n") or pairs == 2 * text.count("\r\n\r\n"):
                return None
    # Each change as (start, end, what the text and the normalised copy write there): a run inside a
    # paragraph becomes one character, a cut (a hyphenated line end, a soft hyphen) nothing.
    changes: list[tuple[int, int, str, str]] = [(a, b, "", "") for a, b in cuts]
    # A ligature or a character reference never stands in a cut or a run (neither holds whitespace).
    changes += [(a, b, rep, normalize(rep)) for a, b, rep in letters]
    cut_ends = [b for _, b in cuts]
    # What each distinct run becomes (None: a paragraph break, kept): wrapped text repeats a few runs
    # ("\r\n", two spaces) tens of thousands of times per MB, so each is classified once per text.
    kinds: dict[str, str | None] = {}
    for m in _RUN.finditer(norm):
        start, end = m.span()
        if cuts:
            k = bisect.bisect_right(cut_ends, start)
            if k < len(cuts) and cuts[k][0] < end:
                continue  # the run is part of a hyphenated line end, cut whole
        run = text[start:end]
        rep = kinds.get(run, "")
        if rep == "":
            breaks = line_breaks(run)
            rep = kinds[run] = None if breaks >= 2 else "\n" if breaks else run[-1]
        if rep is None:
            continue  # a paragraph break: no phrase spans two paragraphs
        changes.append((start, end, rep, " "))
    if not changes:
        return None
    if cuts or letters:
        changes.sort()
    text_parts: list[str] = []
    norm_parts: list[str] = []
    at: list[int] = []
    removed: list[int] = []
    wide: dict[int, tuple[int, int]] = {}
    pos = gone = 0
    for start, end, text_rep, norm_rep in changes:
        text_parts += (text[pos:start], text_rep)
        norm_parts += (norm[pos:start], norm_rep)
        # Where the change stands in the squeezed text: a run's character (a ligature's last letter), or
        # for a cut the character before the first one after it (so that offsets from there on move; see
        # Squeezed.to_input).
        if len(text_rep) > 1:
            wide[len(at)] = (start - gone, end)
        at.append(start - gone + len(text_rep) - 1)
        gone += end - start - len(text_rep)
        removed.append(gone)
        pos = end
    text_parts.append(text[pos:])
    norm_parts.append(norm[pos:])
    return Squeezed("".join(text_parts), "".join(norm_parts), at, removed, wide)


# Words whose spelling misleads: a silent h, or a vowel letter read as a consonant sound.
# Sources: standard English usage guides' lists of a/an exceptions. The CMU Pronouncing Dictionary overrides
# the rule where the two disagree (see starts_with_vowel_sound).
VOWEL_SOUND_CONSONANT_START = ("hour", "honest", "honor", "honour", "heir", "herb")
CONSONANT_SOUND_VOWEL_START = (
    "uni", "use", "usu", "uti", "uk", "ur", "eu", "ew", "one", "once", "ou", "ufo", "uga", "uku", "ubi",
    "uv", "uro",
)


def spelling_vowel_sound(word: str) -> bool:
    """The spelling rule of :func:`starts_with_vowel_sound` alone: a vowel letter, with the prefixes above."""
    w = word.lower()
    if not w:
        return False
    if w.startswith(VOWEL_SOUND_CONSONANT_START):
        return True
    if w[0] in "aeiou":
        return not w.startswith(CONSONANT_SOUND_VOWEL_START)
    return False


@functools.lru_cache(maxsize=1)
def _sound_exceptions() -> dict[str, bool]:
    """Words whose first sound the CMU Pronouncing Dictionary gives otherwise than the spelling rule
    (``articles.tsv.gz``, built by ``scripts/build_articles.py``): word -> takes "an"."""
    out: dict[str, bool] = {}
    try:
        with gzip.open(str(resources.files("spinfix") / "data" / "lexicon" / "articles.tsv.gz"), "rt",
                       encoding="utf-8") as fh:
            for line in fh:
                if not line.startswith("#"):
                    word, article = line.rstrip("\n").split("\t")
                    out[word] = article == "an"
    except FileNotFoundError:
        pass  # a source checkout without the built file: the spelling rule answers everything
    return out


def starts_with_vowel_sound(word: str) -> bool:
    """Whether ``word`` (any case) takes "an".

    The CMU Pronouncing Dictionary's first sound where it disagrees with the spelling rule (582 words:
    "an outbreak", "an urgent", "an FBI", "a unanimous"), else the spelling rule. The prefixes
    alone got the commonest of these wrong ("ou", "ur": *a outbreak*, *a urgent*), which made a correct
    "an outbreak" look like a spinner's swap to the article tell.

    It lives here, in the base layer, because the lexicon, the scorer, the article rule and restoration
    all ask it (see docs/architecture.md).
    """
    w = word.lower()
    known = _sound_exceptions().get(w)
    return spelling_vowel_sound(w) if known is None else known


def article_tell(text: str, norm: str, start: int) -> bool:
    """Whether "a"/"an" just before ``start`` disagrees with the lower-case word that starts there.

    A word-by-word spinner swaps the word and leaves its article ("an necessary problem", "an sickness"):
    the scorer counts the tell for any candidate there, and the generaliser proposes originals at it
    (``Generalizer.article_candidates``), so both read it the same way.
    """
    if start < 2 or norm[start - 1] != " " or not text[start:start + 1].islower():
        return False
    if norm[start - 3:start] == "an " and (start == 3 or not is_word_char(norm[start - 4])):
        wants_vowel = True
    elif norm[start - 2:start] == "a " and (start == 2 or not (is_word_char(norm[start - 3])
                                                                or norm[start - 3] in "'.")):
        wants_vowel = False
    else:
        return False
    end = start
    while end < len(norm) and (norm[end].isalpha() or norm[end] in "'-"):
        end += 1
    return starts_with_vowel_sound(norm[start:end]) != wants_vowel
