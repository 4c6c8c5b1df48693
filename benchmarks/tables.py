"""Phrase tables for the benchmarks: the shipped rows, synthetic rows, and valid table files of a set size.

A benchmark table of ``N`` rows is the shipped table (news rows first, then the rest, truncated to ``N``
when the shipped tables already hold more) plus synthetic rows: 1–3-word n-grams taken at random
positions of the benchmark corpus itself (content words at both ends), so that every one of them really
occurs in the text measured, at the frequency the corpus gives it. Their originals are random vocabulary
words. Every table is written as a valid file of ``docs/table-format.md`` and re-read with spinfix's own
strict loader, so a table the benchmark uses is one spinfix accepts.

When the shipped tables are missing or do not parse (they are data being written while this suite runs),
a small built-in seed table of typical spinner swaps stands in, and the summary says so.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spinfix.errors import PhraseTableError
from spinfix.table import (
    COLUMNS,
    FORMAT_HEADER,
    Row,
    compile_rows,
    default_table_paths,
    expand,
    format_row,
    merge_tables,
    parse_table,
    read_table,
)

#: Function words never used to start or end a synthetic phrase (table phrases are content phrases).
_STOPWORDS_TEXT = """
a an the and or but if of in on at to for from by with as into onto over under about after before than then
that this these those there here is are was were be been being has have had do does did it its it's he she
they we you i me him her them us our your their his my not no so such up out will would can could should may
might must shall which who whom whose what when where why how also very just only more most some any each
every all both either neither other another said says
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

# Stand-in rows for when the shipped tables are not there: typical spinner swaps (news) and tortured
# phrases (science), written in the table format so they pass the same loader.
FALLBACK_ROWS: tuple[tuple[str, ...], ...] = (
    ("personal corporation", "private company", "0.85", "domain=news,kind=phrase,pos=noun", "observed"),
    ("stated", "said", "0.15", "domain=news,kind=word", "observed"),
    ("informed", "told", "0.3", "domain=news,kind=word", "observed"),
    ("towards", "against", "0.6", "domain=news,kind=function", "observed", "left=defences|defenses"),
    ("authorities", "government", "0.2", "domain=news,kind=word", "observed"),
    ("beneath", "under", "0.4", "domain=news,kind=function", "observed"),
    ("outstanding", "prominent", "0.3", "domain=news,kind=word", "observed"),
    ("considerations", "concerns", "0.5", "domain=news,kind=word", "observed"),
    ("utilized", "used", "0.4", "domain=news,kind=word", "observed"),
    ("deliberate", "planned", "0.3", "domain=news,kind=word", "observed"),
    ("anticipated", "expected", "0.3", "domain=news,kind=word", "observed"),
    ("inner", "internal", "0.3", "domain=news,kind=word", "observed"),
    ("turning into", "becoming", "0.4", "domain=news,kind=phrase", "observed"),
    ("necessary problem", "important issue", "0.7", "domain=news,kind=phrase", "observed"),
    ("remark", "comment", "0.3", "domain=news,kind=word,pos=noun", "observed"),
    ("cyber assault", "cyber attack", "0.9", "domain=news,kind=phrase,pos=noun", "observed"),
    ("wall avenue", "wall street", "0.95", "domain=news,kind=phrase", "observed"),
    ("chief govt officer", "chief executive officer", "0.95", "domain=news,kind=phrase", "observed"),
    ("federal authorities", "federal government", "0.5", "domain=news,kind=phrase", "observed"),
    ("share value", "share price", "0.7", "domain=news,kind=phrase,pos=noun", "observed"),
    ("rate of interest", "interest rate", "0.5", "domain=news,kind=phrase", "observed"),
    ("central financial institution", "central bank", "0.95", "domain=news,kind=phrase", "observed"),
    ("prime minister", "?", "0.05", "domain=news,kind=phrase,detect-only", "observed"),
    ("profound learning", "deep learning", "0.95", "domain=science,kind=tortured", "pps"),
    ("counterfeit consciousness", "artificial intelligence", "0.95", "domain=science,kind=tortured", "pps"),
    ("irregular woodland", "random forest", "0.95", "domain=science,kind=tortured", "pps"),
    ("bosom malignant growth", "breast cancer", "0.95", "domain=science,kind=tortured", "pps"),
    ("malignant growth", "cancer", "0.7", "domain=science,kind=tortured", "pps", "and=cancer|tumour"),
    ("information mining", "data mining", "0.95", "domain=science,kind=tortured", "pps"),
    ("surface region", "surface area", "0.95", "domain=science,kind=tortured", "pps", "and=surface area"),
    ("flag to commotion", "signal to noise", "0.95", "domain=science,kind=tortured", "pps"),
    ("huge information", "big data", "0.9", "domain=science,kind=tortured", "pps"),
)
FALLBACK_TABLE = "\n".join(
    [FORMAT_HEADER, "# benchmark stand-in for missing shipped tables", "\t".join(COLUMNS)]
    + ["\t".join(fields) for fields in FALLBACK_ROWS]
) + "\n"


@dataclass
class BaseTable:
    """The rows every benchmark table starts from, and where they came from."""

    rows: list[Row]
    source: str  # human-readable: which files, or the fallback
    shipped: bool

    @property
    def fingerprint(self) -> str:
        """A short hash of the rows' content (cache key for corpora and tables built from them)."""
        h = hashlib.sha256()
        for r in self.rows:
            h.update(f"{r.spun}\t{'|'.join(r.originals)}\t{r.domain}\t{r.kind}\t{r.pos}\n".encode())
        return h.hexdigest()[:12]


def load_base(paths: Sequence[str | Path] | None = None) -> BaseTable:
    """The shipped tables (or ``paths``), merged; the built-in stand-in when none can be read."""
    candidates = [Path(p) for p in (default_table_paths() if paths is None else paths)]
    loaded: list[list[Row]] = []
    notes: list[str] = []
    for p in candidates:
        if not p.is_file():
            notes.append(f"{p.name}: missing")
            continue
        try:
            rows = read_table(p)
        except PhraseTableError as exc:
            notes.append(f"{p.name}: unreadable ({exc})")
            continue
        loaded.append(rows)
        notes.append(f"{p.name}: {len(rows)} rows")
    if loaded:
        if not any(r.domain == "news" for rows in loaded for r in rows):
            # the spinner needs news rows: stand in for a missing news table
            loaded.append([r for r in parse_table(FALLBACK_TABLE, "benchmark-fallback.tsv") if r.domain == "news"])
            notes.append(f"no news rows, so {len(loaded[-1])} stand-in news rows added")
        try:
            rows = merge_tables(loaded, on_conflict="last")
        except PhraseTableError as exc:  # a cycle between files: keep the first file only
            notes.append(f"merge failed ({exc}); first file only")
            rows = loaded[0]
        # news rows first, so that a truncated table keeps the rows the spinner uses
        rows = sorted(rows, key=lambda r: r.domain != "news")
        label = "shipped" if paths is None else "given"
        return BaseTable(rows, f"{label} tables: " + "; ".join(notes), paths is None)
    rows = parse_table(FALLBACK_TABLE, "benchmark-fallback.tsv")
    return BaseTable(rows, "built-in stand-in rows (" + "; ".join(notes) + ")", False)


def spinner_pairs(rows: Iterable[Row], domain: str | None = "news") -> list[tuple[str, str]]:
    """original → spun pairs: the inverse of the restorable rows (of ``domain``), inflections included."""
    pairs: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if (domain is not None and row.domain != domain) or row.detect_only or not row.originals:
            continue
        for variant in expand(row):
            for original in variant.originals:
                pair = (original, variant.pattern)
                if pair not in seen and original != variant.pattern:
                    seen.add(pair)
                    pairs.append(pair)
    return pairs


def phrase_slots(rows: Iterable[Row]) -> dict[str, list[str]]:
    """Table phrases by the template slot they fit: originals (to be spun) and spun forms (natural use).

    Keys: ``noun``, ``nouns`` (plural), ``verb``, ``verbd`` (past), ``verbz``, ``verbg``, ``function``,
    ``phrase`` (anything else); each prefixed ``orig:`` or ``spun:``.
    """
    form_slot = {"as written": "", "NNS": "nouns", "VBD": "verbd", "VBN": "verbd", "VBZ": "verbz", "VBG": "verbg"}
    out: dict[str, list[str]] = {}
    for row in rows:
        for variant in expand(row):
            if row.pos == "noun":
                slot = form_slot.get(variant.form) or "noun"
            elif row.pos == "verb":
                slot = form_slot.get(variant.form) or "verb"
            elif row.kind == "function":
                slot = "function"
            else:
                slot = "phrase"
            out.setdefault("spun:" + slot, []).append(variant.pattern)
            for original in variant.originals:
                out.setdefault("orig:" + slot, []).append(original)
    return out


@dataclass
class BenchTable:
    """A table file written for the benchmarks, and what it is made of."""

    path: Path
    pairs_path: Path  # pattern<TAB>replacement, one per compiled surface form (what peers load)
    rows: int
    shipped_rows: int
    synthetic_rows: int
    variants: int
    synthetic: list[str] = field(default_factory=list)  # synthetic spun phrases (to check they match)

    def patterns(self) -> list[tuple[str, str]]:
        """The compiled (pattern, replacement) pairs, as the peers are loaded with them."""
        out = []
        with open(self.pairs_path, encoding="utf-8") as fh:
            for line in fh:
                pattern, _, replacement = line.rstrip("\n").partition("\t")
                out.append((pattern, replacement))
        return out


def _ngram_pool(texts: Iterable[str], rng: random.Random, want: int, taken: set[str]) -> list[str]:
    """Distinct 1–3-word phrases at random positions of ``texts`` (so frequent ones are likelier).

    Phrases are taken within runs of plain lower-cased words separated by single spaces (what a table
    phrase can match), never starting or ending with a stopword, and never one already in ``taken``.
    """
    import regex

    # runs of plain words whose ends are word boundaries in the matcher's sense (not inside "wi-fi")
    run = regex.compile(r"(?<![\p{L}\p{N}'\-.])[a-z]+(?: [a-z]+)*(?![\p{L}\p{N}]|['\-.][\p{L}\p{N}])")
    words: list[list[str]] = []
    for text in texts:
        for m in run.finditer(text.lower()):
            ws = m.group().split(" ")
            if len(ws) >= 1:
                words.append(ws)
    out: list[str] = []
    seen = set(taken)
    if not words:
        return out
    lengths = [1, 2, 2, 2, 3, 3, 3]  # mostly multi-word, as in real tables
    attempts = 0
    while len(out) < want and attempts < want * 60:
        attempts += 1
        ws = words[rng.randrange(len(words))]
        n = rng.choice(lengths)
        if len(ws) < n:
            continue
        i = rng.randrange(len(ws) - n + 1)
        gram = ws[i:i + n]
        if gram[0] in STOPWORDS or gram[-1] in STOPWORDS or len(gram[0]) < 3:
            continue
        phrase = " ".join(gram)
        if phrase in seen:
            continue
        seen.add(phrase)
        out.append(phrase)
    return out


def build_table(base: BaseTable, size: int, *, sample_texts: Sequence[str], vocabulary: Sequence[str],
                directory: Path, seed: int = 0, sample_key: str = "") -> BenchTable:
    """Write a valid table of ``size`` rows into ``directory`` (cached by content) and describe it.

    ``sample_texts`` are the texts whose n-grams become the synthetic rows (the benchmark corpus itself,
    so that every synthetic row occurs in it); ``sample_key`` names them in the cache key.
    """
    key = hashlib.sha256(f"{base.fingerprint}:{size}:{seed}:{len(sample_texts)}:{sample_key}:v3".encode()
                         ).hexdigest()[:10]
    name = f"table-{size}-{key}"
    path = directory / f"{name}.tsv"
    pairs_path = directory / f"{name}.pairs.tsv"
    meta_path = directory / f"{name}.synthetic.txt"
    shipped = base.rows[:size]
    if not (path.is_file() and pairs_path.is_file() and meta_path.is_file()):
        rng = random.Random(f"table:{seed}:{size}")
        taken = set()
        for r in shipped:
            for v in expand(r):
                taken.add(v.pattern)
                taken.update(v.originals)
        need = size - len(shipped)
        synthetic = _ngram_pool(sample_texts, rng, need, taken) if need > 0 else []
        spun_forms = taken | set(synthetic)
        vocab = [w for w in vocabulary if w.isalpha() and w not in spun_forms]
        lines = [FORMAT_HEADER, f"# spinfix benchmark table: {len(shipped)} shipped rows ({base.source}) "
                 f"+ {len(synthetic)} synthetic rows sampled from corpus n-grams (seed {seed})",
                 "\t".join(COLUMNS)]
        lines += [format_row(r) for r in shipped]
        for phrase in synthetic:
            n = phrase.count(" ") + 1
            original = " ".join(rng.choice(vocab) for _ in range(n))
            confidence = round(rng.uniform(0.3, 0.95), 2)
            lines.append(f"{phrase}\t{original}\t{confidence}\tdomain=news,kind=phrase\tsynthetic")
        directory.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        rows = read_table(tmp)  # the strict loader is the judge of validity
        compiled = compile_rows(merge_tables([rows]), domains=frozenset({"news", "science", "general"}),
                                disabled=frozenset())
        with open(pairs_path, "w", encoding="utf-8") as fh:
            for pattern, variant in compiled.variants.items():
                fh.write(f"{pattern}\t{variant.originals[0] if variant.originals else pattern}\n")
        meta_path.write_text("\n".join(synthetic) + "\n", encoding="utf-8")
        tmp.replace(path)
    synthetic = [s for s in meta_path.read_text(encoding="utf-8").split("\n") if s]
    with open(pairs_path, encoding="utf-8") as fh:
        variants = sum(1 for _ in fh)
    return BenchTable(path, pairs_path, len(shipped) + len(synthetic), len(shipped), len(synthetic), variants,
                      synthetic)
