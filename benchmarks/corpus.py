"""Deterministic benchmark corpus: English news and science documents, clean and spun, from templates.

Documents are built from sentence templates whose slots are filled from a vocabulary (``wordfreq``'s most
frequent English words, or spinfix's shipped copy of that list where ``wordfreq`` is not installed, sorted
into parts of speech with spinfix's WordNet word list and inflected with ``lemminflect``) and, at a set rate,
from the phrase table's own phrases: the *originals* (which the spinner then swaps, so spun documents hold
real table matches) and, rarely, the *spun* forms as ordinary English (so clean documents hold the false
candidates real clean text holds). Articles agree with the next word before spinning, as in edited text;
spinning then breaks some of that agreement, as real spinners do.

Every document is a function of ``(seed, index)`` only, so a corpus of 1 MB is the prefix of the 10 MB one
and generation can run in parallel. About half the documents are spun with :class:`~benchmarks.spinner.Spinner`
(news documents with the inverse of the news rows, science documents with the inverse of the science
rows, i.e. a paper mill). Corpora are cached as files under ``benchmarks/results/tmp/``: documents are
separated by the ASCII record separator ``\\x1e``, which no document contains.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from multiprocessing import Pool
from pathlib import Path

import regex

from spinfix.rules.articles import starts_with_vowel_sound

from .spinner import Spinner
from .tables import BaseTable, phrase_slots, spinner_pairs

GENERATOR_VERSION = 3
SEPARATOR = "\x1e"
MB = 1_000_000  # throughput is reported per 10^6 bytes of UTF-8
#: WordNet parts of speech of frequent words, built with the lexicon by scripts/build_lexicon.py but kept in
#: the repository (data/lexicon-extra/), not the wheel: only this benchmark reads it.
WORDS_POS = Path(__file__).resolve().parent.parent / "data" / "lexicon-extra" / "words_pos.tsv.gz"

FIRST_NAMES = ("James", "Maria", "Wei", "Aisha", "Carlos", "Yuki", "Olga", "David", "Priya", "Ahmed", "Sofia",
               "Kenji", "Laura", "Tomasz", "Fatima", "Michael", "Elena", "Samuel", "Ingrid", "Rahul")
SURNAMES = ("Smith", "Garcia", "Chen", "Okafor", "Tanaka", "Ivanova", "Brown", "Patel", "Hassan", "Rossi",
            "Nakamura", "Muller", "Kowalski", "Silva", "Johnson", "Lindqvist", "Kim", "Dubois", "Novak", "Reyes")
PLACES = ("Tokyo", "London", "Washington", "Berlin", "Nairobi", "Sao Paulo", "Mumbai", "Sydney", "Toronto",
          "Seoul", "Paris", "Lagos", "Madrid", "Beijing", "Singapore", "Mexico City", "Oslo", "Cairo")
ORGS = ("Reuters", "the central bank", "the finance ministry", "Huawei", "the European Commission", "Toyota",
        "the World Health Organization", "Siemens", "the Federal Reserve", "Samsung", "the United Nations",
        "Nestle", "the IMF", "Petrobras", "the Bank of Japan", "Unilever")
MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PREPS = ("in", "on", "at", "for", "with", "from", "by", "over", "under", "after", "before", "against",
         "during", "between", "across", "without", "through", "despite", "toward", "within")
SLUGS = ("UPDATE", "REFILE", "CORRECTED", "RPT")

# Slots: N noun, NS plural noun, A adjective, R adverb, V/VD/VZ/VG verb forms, P preposition, PH phrase,
# NAME person, ORG organisation, PLACE, DAY, NUM, PCT, YEAR. "a" before a slot agrees with what fills it.
NEWS_TEMPLATES = (
    "the {A} {N} {VD} {P} the {N} of {ORG}, {NAME} {VD} on {DAY}.",
    "{ORG} {VD} that the {N} would {V} a {A} {N} {P} {PLACE}.",
    "{NAME}, a {A} {N} at {ORG}, {VD} the {NS} were {R} {A}.",
    "the {NS} {VD} {PCT} in {MONTH} after the {N} {VD} {P} {YEAR}.",
    "\"we {V} the {N} {P} the {N},\" {NAME} {VD}.",
    "{PH} is {VG} {P} {ORG} and its {NS}, {NAME} {VD}.",
    "a {A} {N} {P} {PLACE} {VD} {NUM} {NS} and {NUM} {NS} this {N}.",
    "officials {VD} the {PH} {P} the {A} {N} {R}.",
    "{ORG} {VZ} {PH} and {VZ} to {V} the {NS} {P} {PLACE}.",
    "the {N} of {PH} {VD} {R} {P} the {A} {NS}, {NAME} {VD} reporters.",
    "{NAME} {VD} the {A} {N} had {VD} a {N} {P} {PH}.",
    "it was not {A} whether the {N} would {V} {PH} {P} {DAY}.",
    "{NS} {P} {PLACE} {VD} {PCT}, the {A} {N} since {YEAR}.",
    "the {A} {N} will {V} {PH}, {VG} the {NS} of {ORG}.",
)
SCIENCE_TEMPLATES = (
    "in this {N}, we {V} a {A} {N} based on {PH}.",
    "the {A} {N} of {PH} was {VD} {P} {NUM} {NS}.",
    "{PH} and {PH} were {VD} to {V} the {N}.",
    "results {V} that the {A} {N} {VZ} the {N} by {PCT}.",
    "we {VD} {PH} {P} the {A} {NS} ({NAME} et al., {YEAR}).",
    "a {A} {N} was {VD} {R} using {PH}.",
    "the {NS} {VD} with {PH} {P} a {A} {N}.",
    "compared with {PH}, the {A} {N} {VD} a {A} {N}.",
)
TITLE_TEMPLATES = (
    "{ORG} to {V} {A} {NS} in {PLACE}",
    "{A} {NS} {V} {PH}",
    "{SLUG} {NUM}-{ORG} {VZ} {N} {P} {PLACE}",
    "{PH} {VZ} {A} {N}",
)

#: Template slots that a table phrase may fill, and the phrase slot of :func:`~benchmarks.tables.phrase_slots`.
TABLE_SLOTS = {"N": "noun", "NS": "nouns", "V": "verb", "VD": "verbd", "VZ": "verbz", "VG": "verbg",
               "P": "function", "PH": "phrase"}
_SLOT = regex.compile(r"\{([A-Z]+)\}")
_ARTICLE = regex.compile(r"\b([Aa]n?) (\S+)")


@dataclass
class Vocabulary:
    """Words by part of speech, most frequent first (weights follow rank, as in Zipf's law)."""

    noun: list[str]
    nouns: list[str]
    adj: list[str]
    adv: list[str]
    verb: list[str]
    verbd: list[str]
    verbz: list[str]
    verbg: list[str]

    def words(self) -> list[str]:
        """Every word of the vocabulary (the synthetic tables draw their originals from it)."""
        return sorted({w for ws in asdict(self).values() for w in ws})


def build_vocabulary(cache: Path | None = None, size: int = 30_000) -> Vocabulary:
    """Content words among ``wordfreq``'s top ``size`` English words, by their main WordNet POS."""
    if cache is not None and cache.is_file():
        return Vocabulary(**json.loads(cache.read_text(encoding="utf-8")))
    from lemminflect import getInflection

    pos_of: dict[str, str] = {}
    path = WORDS_POS  # not shipped: spinfix never reads it (data/lexicon-extra/SOURCES.md)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                continue
            tagged = {p.split(":")[0]: int(p.split(":")[1]) for p in parts[2].split()}
            synsets = {p.split(":")[0]: int(p.split(":")[1]) for p in parts[1].split()}
            if sum(tagged.values()) == 0 or sum(synsets.values()) == 0:
                continue  # never sense-tagged in SemCor: rare or a name, not everyday English
            pos_of[parts[0]] = max(tagged, key=lambda k: tagged[k])
    lists: dict[str, list[str]] = {k: [] for k in ("noun", "nouns", "adj", "adv", "verb", "verbd", "verbz", "verbg")}
    for word in top_words(size):
        if not (word.isalpha() and word.isascii() and len(word) > 2):
            continue
        pos = pos_of.get(word)
        if pos == "n":
            plural = getInflection(word, tag="NNS")
            lists["noun"].append(word)
            lists["nouns"].append(plural[0] if plural else word + "s")
        elif pos == "a":
            lists["adj"].append(word)
        elif pos == "r":
            lists["adv"].append(word)
        elif pos == "v":
            forms = [getInflection(word, tag=t) for t in ("VBD", "VBZ", "VBG")]
            if all(forms):
                lists["verb"].append(word)
                lists["verbd"].append(forms[0][0])
                lists["verbz"].append(forms[1][0])
                lists["verbg"].append(forms[2][0])
    vocab = Vocabulary(**lists)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(asdict(vocab)), encoding="utf-8")
    return vocab


def top_words(n: int) -> list[str]:
    """``wordfreq``'s ``n`` most frequent English words; spinfix's shipped copy of its list without it."""
    try:
        import wordfreq
    except ImportError:
        from spinfix.lexicon import Lexicon

        return [w for _, w in sorted((-z, w) for w, z in Lexicon().zipf.items())[:n]]
    return list(wordfreq.top_n_list("en", n))


class _Draws:
    """Weighted draws per slot, taken from one document's RNG in batches (fast, still deterministic)."""

    def __init__(self, rng: random.Random, pools: dict[str, tuple[list[str], list[float]]]) -> None:
        self.rng = rng
        self.pools = pools
        self.buffers: dict[str, list[str]] = {}

    def __call__(self, slot: str) -> str:
        buf = self.buffers.get(slot)
        if not buf:
            words, cum = self.pools[slot]
            buf = self.rng.choices(words, cum_weights=cum, k=48)
            self.buffers[slot] = buf
        return buf.pop()


def _pool(words: Sequence[str]) -> tuple[list[str], list[float]]:
    cum: list[float] = []
    total = 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 20)
        cum.append(total)
    return list(words), cum


@dataclass
class CorpusStats:
    """What a generated corpus holds."""

    bytes: int
    docs: int
    spun_docs: int
    swaps: int
    seconds: float


class Generator:
    """Builds document ``i`` of the corpus of a given seed, always the same way."""

    def __init__(self, base: BaseTable, vocab: Vocabulary, seed: int = 0, *, phrase_rate: float = 0.15,
                 natural_spun_rate: float = 0.01, spun_fraction: float = 0.5, spin_rate: float = 0.7) -> None:
        self.seed = seed
        self.phrase_rate = phrase_rate
        self.natural_spun_rate = natural_spun_rate
        self.spun_fraction = spun_fraction
        self.pools = {
            "N": _pool(vocab.noun), "NS": _pool(vocab.nouns), "A": _pool(vocab.adj), "R": _pool(vocab.adv),
            "V": _pool(vocab.verb), "VD": _pool(vocab.verbd), "VZ": _pool(vocab.verbz), "VG": _pool(vocab.verbg),
        }
        news = [r for r in base.rows if r.domain != "science"]
        science = [r for r in base.rows if r.domain == "science"] or news
        self.phrases = {"news": phrase_slots(news), "science": phrase_slots(science)}
        self.spinners = {
            "news": Spinner(spinner_pairs(news, domain=None), rate=spin_rate, seed=seed),
            "science": Spinner(spinner_pairs(science, domain=None), rate=spin_rate, seed=seed),
        }
        self.templates = {"news": [self._parse(t) for t in NEWS_TEMPLATES],
                          "science": [self._parse(t) for t in SCIENCE_TEMPLATES]}
        self.titles = [self._parse(t) for t in TITLE_TEMPLATES]

    @staticmethod
    def _parse(template: str) -> list[str]:
        return _SLOT.split(template)  # literal, slot, literal, slot, ..., literal

    def _fill(self, parts: list[str], rng: random.Random, draw: _Draws, genre: str) -> str:
        out = []
        phrases = self.phrases[genre]
        for k, part in enumerate(parts):
            if k % 2 == 0:
                out.append(part)
                continue
            value = None
            table_slot = TABLE_SLOTS.get(part)
            if table_slot is not None:
                x = rng.random()
                if x < self.phrase_rate:
                    choices = phrases.get("orig:" + table_slot) or phrases.get("orig:phrase")
                    value = rng.choice(choices) if choices else None
                elif x < self.phrase_rate + self.natural_spun_rate:
                    choices = phrases.get("spun:" + table_slot)
                    value = rng.choice(choices) if choices else None
            if value is None:
                value = self._plain(part, rng, draw)
            out.append(value)
        return "".join(out)

    def _plain(self, slot: str, rng: random.Random, draw: _Draws) -> str:
        if slot in self.pools:
            return draw(slot)
        if slot == "PH":
            return draw("A") + " " + draw("N")
        if slot == "P":
            return rng.choice(PREPS)
        if slot == "NAME":
            return rng.choice(FIRST_NAMES) + " " + rng.choice(SURNAMES)
        if slot == "ORG":
            return rng.choice(ORGS)
        if slot == "PLACE":
            return rng.choice(PLACES)
        if slot == "DAY":
            return rng.choice(DAYS)
        if slot == "MONTH":
            return rng.choice(MONTHS)
        if slot == "NUM":
            return str(rng.choice((2, 3, 5, 12, 40, 150, 1200)) if rng.random() < 0.7 else rng.randint(1, 99))
        if slot == "PCT":
            return f"{rng.randint(0, 9)}.{rng.randint(0, 9)} %" if rng.random() < 0.5 else \
                f"{rng.randint(1, 40)} percent"
        if slot == "YEAR":
            return str(rng.randint(1990, 2024))
        if slot == "SLUG":
            return rng.choice(SLUGS)
        raise KeyError(slot)

    @staticmethod
    def _agree(sentence: str) -> str:
        def fix(m: regex.Match) -> str:
            art, word = m.group(1), m.group(2)
            an = starts_with_vowel_sound(word.strip("\"(,.")) if word[:1].isalpha() else False
            new = "an" if an else "a"
            return (new.capitalize() if art[0].isupper() else new) + " " + word
        return _ARTICLE.sub(fix, sentence)

    def document(self, index: int, stream: str = "corpus") -> tuple[str, bool, int]:
        """Document ``index`` of ``stream``: ``(text, spun, number of swaps)``."""
        text, _, spun, swaps = self.labelled(index, stream)
        return text, spun, swaps

    def labelled(self, index: int, stream: str = "corpus") -> tuple[str, str, bool, int]:
        """Document ``index`` of ``stream`` with its genre: ``(text, genre, spun, number of swaps)``."""
        rng = random.Random(f"{stream}:{self.seed}:{index}")
        draw = _Draws(rng, self.pools)
        genre = "science" if rng.random() < 0.3 else "news"
        title = self._agree(self._fill(rng.choice(self.titles), rng, draw, genre))
        title = " ".join(w[:1].upper() + w[1:] for w in title.split(" "))
        lines = [title, ""]
        if genre == "news":
            lines.append(f"By {rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}")
            lines.append("")
        templates = self.templates[genre]
        for p in range(rng.randint(3, 9)):
            sentences = []
            for _ in range(rng.randint(2, 5)):
                s = self._agree(self._fill(rng.choice(templates), rng, draw, genre))
                s = "\"" + s[1:2].upper() + s[2:] if s.startswith("\"") else s[:1].upper() + s[1:]
                sentences.append(s)
            paragraph = " ".join(sentences)
            if p == 0 and genre == "news":
                paragraph = f"{rng.choice(PLACES).upper()}, {rng.choice(MONTHS)} {rng.randint(1, 28)} (Reuters) - " \
                            + paragraph
            lines.append(paragraph)
            lines.append("")
        text = "\n".join(lines).rstrip("\n") + "\n"
        if rng.random() < self.spun_fraction:
            spun, swaps = self.spinners[genre].spin(text, seed=f"spin:{self.seed}:{index}")
            return spun, genre, True, len(swaps)
        return text, genre, False, 0

    def subset(self, genre: str, spun: bool, nbytes: int, stream: str = "subset") -> list[str]:
        """Documents of one genre, all spun or all clean, adding up to about ``nbytes`` of UTF-8."""
        out, total = [], 0
        i = 0
        while total < nbytes:
            text, g, s, _ = self.labelled(i, stream)
            i += 1
            if g == genre and s == spun:
                out.append(text)
                total += len(text.encode("utf-8"))
        return out

    def documents(self, start: int = 0, stream: str = "corpus") -> Iterator[tuple[str, bool, int]]:
        """Documents ``start, start + 1, …`` of ``stream``, without end."""
        i = start
        while True:
            yield self.document(i, stream)
            i += 1

    def sample(self, nbytes: int, stream: str = "heldout") -> list[str]:
        """Documents of another stream (same generator, other seeds) adding up to about ``nbytes``."""
        out, total = [], 0
        for text, _, _ in self.documents(0, stream):
            out.append(text)
            total += len(text.encode("utf-8"))
            if total >= nbytes:
                break
        return out


#: Non-ASCII stand-ins for the ASCII a news text is typed with, as published text has them: typographic
#: quotes, apostrophes and dashes, accented names, and some CJK and emoji (a quoted tweet, a caption).
_TYPOGRAPHY = (("'", "\u2019"), (" - ", " \u2014 "), ("Sao Paulo", "S\u00e3o Paulo"), ("Muller", "M\u00fcller"),
               ("Nestle", "Nestl\u00e9"), ("Tokyo", "Tokyo (\u6771\u4eac)"), ("Reuters)", "Reuters) \U0001f4f0"))


def non_ascii(text: str, index: int) -> str:
    """``text`` typeset as published text is: the same words, with non-ASCII punctuation, names and
    symbols, so that a matcher must map byte offsets to code points (the table matches stay the same)."""
    for old, new in _TYPOGRAPHY:
        text = text.replace(old, new)
    quotes = iter(("\u201c", "\u201d") * text.count('"'))
    text = regex.sub('"', lambda _: next(quotes), text)
    return text.replace("\n\n", f"\n\n\u00bb\u00c9dition {index} \u2013 \u00e9t\u00e9 \U0001f600\u00ab\n\n", 1)


# --- files ---------------------------------------------------------------------------------------------
_WORKER: dict[str, Generator] = {}  # the generator of a pool worker process


def _init_worker(base: BaseTable, vocab: Vocabulary, seed: int) -> None:
    _WORKER["gen"] = Generator(base, vocab, seed)


def _chunk(bounds: tuple[int, int]) -> list[tuple[str, bool, int]]:
    gen = _WORKER["gen"]
    return [gen.document(i) for i in range(*bounds)]


def corpus_key(base: BaseTable, seed: int) -> str:
    """Cache key of the corpora of a base table and seed."""
    return hashlib.sha256(f"{GENERATOR_VERSION}:{base.fingerprint}:{seed}".encode()).hexdigest()[:10]


def ensure_corpus(size_mb: float, base: BaseTable, vocab: Vocabulary, *, directory: Path, seed: int = 0,
                  workers: int = 1) -> tuple[Path, CorpusStats]:
    """Generate (or reuse) the corpus of at least ``size_mb`` MB; returns its path and statistics."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"corpus-{corpus_key(base, seed)}-{size_mb:g}MB"
    path, meta = directory / f"{stem}.txt", directory / f"{stem}.json"
    if path.is_file() and meta.is_file():
        return path, CorpusStats(**json.loads(meta.read_text(encoding="utf-8")))
    target = int(size_mb * MB)
    t0 = time.perf_counter()
    stats = CorpusStats(0, 0, 0, 0, 0.0)
    tmp = path.with_suffix(".part")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:

        def take(batch: list[tuple[str, bool, int]]) -> bool:
            for text, spun, swaps in batch:
                if stats.docs:
                    fh.write(SEPARATOR)
                fh.write(text)
                stats.bytes += len(text.encode("utf-8")) + (1 if stats.docs else 0)
                stats.docs += 1
                stats.spun_docs += spun
                stats.swaps += swaps
                if stats.bytes >= target:
                    return True
            return False

        step = 200
        if workers > 1 and target > 4 * MB:
            with Pool(workers, initializer=_init_worker, initargs=(base, vocab, seed)) as pool:
                bounds = ((i, i + step) for i in range(0, 10**9, step))
                for batch in pool.imap(_chunk, bounds):
                    if take(batch):
                        pool.terminate()
                        break
        else:
            gen = Generator(base, vocab, seed)
            for i in range(0, 10**9, step):
                if take([gen.document(j) for j in range(i, i + step)]):
                    break
    stats.seconds = round(time.perf_counter() - t0, 2)
    tmp.replace(path)
    meta.write_text(json.dumps(asdict(stats)), encoding="utf-8")
    return path, stats


def load_docs(path: str | Path) -> list[str]:
    """The documents of a corpus file."""
    return Path(path).read_text(encoding="utf-8").split(SEPARATOR)
