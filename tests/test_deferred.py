"""Issue 14's shortcuts in the scan decide exactly as the plain procedure does.

``Restorer._analyse`` defers each candidate's trigram context term until a decision needs it
(``score.Scores``), settles the region gate only when a candidate asks for its region, and has the model
read only the words those regions cover (``evidence.GatedReading``). The reference below is the scan as it
was before them: every score exact, the gated spin evidence read whole, every candidate decided with its
region. Both must give the same findings, to the last evidence record.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.spinner import Spinner
from spinfix import Config, Finding, Restorer
from spinfix.candidates import Candidate, SpanSet
from spinfix.normalize import normalize, squeeze
from spinfix.score import (
    CONTEXT_CAP,
    STRONG,
    Decision,
    DocumentEvidence,
    Scored,
    Scorer,
    Scores,
    cap_weak_row,
    consistent,
    context_swap_holds,
    counted_strong,
    may_act,
    plain_strong_starts,
    spread_candidates,
)
from spinfix.text import (
    HEADING_WORDS,
    PARAGRAPH_BREAK,
    REGISTER_MIN_WORDS,
    SCIENCE_SHARE,
    Quotes,
    Register,
    reads_as_news,
    words_after,
    words_before,
)

ROOT = Path(__file__).parent
MODULE = sys.modules["spinfix.restore"]  # the package exports a function of that name


def _texts() -> list[str]:
    clean = sorted((ROOT / "fixtures" / "clean").glob("*/*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in clean]
    spun = (ROOT / "data" / "spun_news_reuters_2018.txt").read_text(encoding="utf-8")
    synthetic = [c["spun"] for c in json.loads((ROOT / "cases" / "synthetic.json").read_text("utf-8"))["cases"]]
    # Spun paragraphs beside clean ones, the spun article with wrapped lines (the squeezed reading), and
    # one spun sentence inside a clean text: a document that is not spun, with a region that may be.
    mixed = [spun[:3000] + "\n\n" + texts[i][:2000] for i in range(0, len(texts), 9)]
    sentences = [s for s in spun.split(". ") if 60 < len(s) < 300]
    inserted = []
    for i, text in enumerate(texts[::2]):
        half = text.find(". ", len(text) // 2) + 2
        inserted.append(text[:half] + sentences[i % len(sentences)] + ". " + text[half:])
    # Papers with headings spun by the benchmark suite's table spinner, in which some sections read as spun
    # and others not (``_Sections``): one reading per phrase is then taken among the spun ones only.
    spinner = Spinner(seed=5)
    papers = [spinner.spin((ROOT / "fixtures" / "clean" / "science" / name).read_text(encoding="utf-8"), seed=k)[0]
              for name, k in (("11-wsn-energy-efficient-clustering.txt", 10),
                              ("32-influenza-surveillance-nowcasting.txt", 31),
                              ("38-volatility-forecasting-realised.txt", 37))]
    return [*texts, spun, spun.replace(". ", ".\r\n  "), *synthetic, *mixed, *inserted, *papers]


TEXTS = _texts()


def _vocabulary(r: Restorer, text: str, norm: str) -> bool:
    """At least VOCABULARY_SEED_WORDS distinct signature words, VOCABULARY_SEED_RATE of the words."""
    general = r.generalizer
    if general is None:
        return False
    distinct = len({w for _, w in general.signature_hits(text, norm, Register(text, norm))})
    return distinct >= MODULE.VOCABULARY_SEED_WORDS and distinct >= MODULE.VOCABULARY_SEED_RATE * len(norm.split())


def _strong(scored: list[Scored]) -> list[Candidate]:
    """The strong findings, plainly: first passes at STRONG that are spin evidence, less a match the matcher
    had hidden where it overlaps one it had not (the same stretch of text counts once)."""
    strong = [x.cand for x in scored if x.first_pass >= STRONG and x.cand.spin_evidence]
    return [c for c in strong if not (c.hidden and any(
        not o.hidden and o.start < c.end and c.start < o.end for o in strong))]


def _regions(r: Restorer, text: str, norm: str, scored: list[Scored], doc: DocumentEvidence, *,
             plain: list[int]) -> Callable[[Candidate], DocumentEvidence]:
    """``Restorer._regions`` before issue 14's lazy reading: the gate settled at once, its sentences read whole."""
    threshold = r.config.threshold
    liftable = any(x.p_doc > x.cand.prior and x.first_pass < threshold for x in scored)
    seeded = [x for x in scored if x.first_pass >= MODULE.SEED] if liftable else []
    if not _vocabulary(r, text, norm):
        # Outside a text dense in spinner vocabulary, rows whose form ordinary prose uses seed only beside a
        # strong finding that it does not produce, and learned word swaps never alone.
        seeded = [x for x in seeded if MODULE.seeds_alone(x.cand, plain)]
        if all(x.cand.rule == "general:context" for x in seeded):
            seeded = []
    seeds = [x.cand.start for x in seeded]
    detector = r.detector if seeds else None
    if detector is None:
        return lambda c: doc
    # The sentences within SEED_REACH of a seed's and in its section (a sentence is in the section of its
    # last character; headings start sections), each read whole.
    sentences = detector.evidence(text, norm, around=[]).sentences
    headings, _ = _headings(text, norm)

    def section_of(j: int) -> int:
        return sum(1 for h in headings if h <= sentences[j][1] - 1)

    wanted = set()
    for seed in seeds:
        k = max([j for j, (a, _) in enumerate(sentences) if a <= seed], default=0)
        wanted |= {j for j in range(len(sentences))
                   if abs(j - k) <= MODULE.SEED_REACH and section_of(j) == section_of(k)}
    # The regions of news-like and general prose expect more improbable words where rare words are many.
    spin = detector.evidence(text, norm, around=[sentences[j][0] for j in sorted(wanted)], reach=0,
                             rare_words=reads_as_news(*Register(text, norm).total()))
    strong = sorted(c.start for c in counted_strong(_strong(scored)))
    general = r.generalizer
    # A bare word proposal shows its paragraph is spun only when its word is spinner vocabulary.
    vocabulary = general.signature_words if general is not None else frozenset()
    shows = [x.cand for x in scored if x.cand.rule not in ("general:context", "general:thesaurus")
             or norm[x.cand.start:x.cand.end] in vocabulary]
    breaks = [m.end() for m in PARAGRAPH_BREAK.finditer(text)]
    word_starts = [m.start() for m in re.finditer(r"\S+", norm)]
    signature = general.signature_hits(text, norm, Register(text, norm)) if general is not None else []

    def evidence_in(a: int, b: int, c: Candidate) -> DocumentEvidence:
        k = bisect.bisect_left(strong, b) - bisect.bisect_left(strong, a)
        words = bisect.bisect_left(word_starts, b) - bisect.bisect_left(word_starts, a)
        llr = spin.log_likelihood_ratio(a, b)
        extra = MODULE.REGION_LM_WEIGHT * max(0.0, llr)
        own = norm[c.start:c.end].split(" ")
        kinds = {w for s, w in signature if a <= s < b and w not in own}
        if llr > 0 and words >= MODULE.SIGNATURE_MIN_WORDS and kinds:
            lift = MODULE.SIGNATURE_WEIGHT * MODULE.signature_log_likelihood_ratio(len(kinds), words)
            if lift > 0:
                return DocumentEvidence(k, words, extra + lift, len(kinds))
        return DocumentEvidence(k, words, extra)

    def region(c: Candidate) -> DocumentEvidence:
        i = bisect.bisect_right(breaks, c.start)
        para = (breaks[i - 1] if i else 0, breaks[i] if i < len(breaks) else len(text))
        others = sum(1 for o in shows if para[0] <= o.start < para[1] and o.start != c.start)
        if others <= 0 and spin.log_likelihood_ratio(*para, exclude=(c.start, c.end)) <= 0:
            return evidence_in(*para, c)
        a, b = spin.window(c.start, c.end, MODULE.REGION_SENTENCES)
        if a < para[0] or b > para[1]:
            lo, hi = section(para)
            a, b = max(a, lo), min(b, hi)
        return evidence_in(a, b, c)

    def count(a: int, b: int) -> int:
        return sum(1 for s in word_starts if a <= s < b)

    def section(para: tuple[int, int]) -> tuple[int, int]:
        """A long paragraph is its own region's limit; otherwise the headings around it are."""
        if count(*para) >= MODULE.OWN_REGION_WORDS:
            return para
        headings, _ = _headings(text, norm)
        before = [h for h in headings if h <= para[0]]
        after = [h for h in headings if h >= para[1]]
        return (before[-1] if before else 0, after[0] if after else len(text))

    return region


def _headings(text: str, norm: str) -> tuple[list[int], dict[int, int]]:
    """The starts of the heading paragraphs (1 to HEADING_WORDS words, the last character a letter or a
    digit), and the words of every paragraph by its start (the register's count)."""
    register = Register(text, norm)
    words = dict(zip(register.starts, register.counts()[1], strict=True))
    edges = [0, *(m.end() for m in PARAGRAPH_BREAK.finditer(text)), len(text)]
    return [a for a, b in itertools.pairwise(edges)
            if 0 < words[a] <= HEADING_WORDS and text[a:b].rstrip()[-1:].isalnum()], words


def _sections(text: str, norm: str, strong: list[Candidate]) -> Callable[[int], bool]:
    """In a spun document: whether the section (headings start them) holding an offset shows some sign
    of spinning on its own, or is too short to show any (it then goes with the document); every offset
    is spun when all sections are."""
    heads, words = _headings(text, norm)
    bounds = sorted({0, *heads, len(text)})
    spun = []
    for a, b in itertools.pairwise(bounds):
        n = sum(k for start, k in words.items() if a <= start < b)
        found = sum(1 for c in strong if a <= c.start < b)
        spun.append((a, b, n < MODULE.OWN_REGION_WORDS or DocumentEvidence(found, n).log_odds(False) > 0))
    if all(x for _, _, x in spun):
        return lambda at: True
    return lambda at: next(x for a, b, x in spun if a <= at < b or (b == len(text) and at == b))


def reference_findings(r: Restorer, text: str) -> list[Finding]:
    """``Restorer._analyse(text).findings`` by the plain procedure (see the module doc)."""
    source, norm = text, normalize(text)
    squeezed = squeeze(text, norm, r._known_word)
    if squeezed is not None:
        text, norm = squeezed.text, squeezed.norm
    words = len(norm.split())
    cands = r._candidates(text, norm)
    general = r.generalizer
    if not cands and general is None:
        return []
    kept = r._keep_matcher.find(norm) if r.config.keep else []
    if kept:
        protected = SpanSet((s, e) for s, e, _ in kept)
        cands = [c for c in cands if not protected.overlaps(c.start, c.end)]
    quotes = Quotes(text)
    scored = r._score(cands, text, norm, quotes)
    strong = counted_strong(_strong(scored))
    doc = DocumentEvidence(len(strong), words)
    plain = plain_strong_starts(strong)
    spun_at = _sections(text, norm, strong) if doc.spun else lambda at: False
    cues, counted = Register(text, norm).total()
    news_like = counted >= REGISTER_MIN_WORDS and cues < SCIENCE_SHARE * counted
    if general is not None and (not news_like or any(x.first_pass >= MODULE.SEED and MODULE.seeds_alone(x.cand, plain)
                                                     for x in scored) or _vocabulary(r, text, norm)):
        claimed = {(x.cand.start, x.cand.end): x.cand.originals[0] if x.cand.originals else "" for x in scored}
        claimed.update({(s, e): "" for s, e, _ in kept})
        extra = general.learned_candidates(text, norm, claimed)
        if doc.spun:
            synonyms = general.thesaurus_candidates(text, norm, [*claimed, *((c.start, c.end) for c in extra)])
            extra += [c for c in synonyms if spun_at(c.start)]
        if extra:
            scored += r._score(extra, text, norm, quotes)
    region = _regions(r, text, norm, scored, doc, plain=plain)
    results: list[Decision] = []
    for x in scored:
        if not may_act(x.cand, norm, spun_at(x.cand.start), plain):
            continue
        around = region(x.cand)
        if context_swap_holds(x, around):
            results.append(cap_weak_row(Scorer.final(x, around), around, r.config.threshold))
    if doc.spun:
        # One reading per phrase among the occurrences in spun sections; the others keep their own.
        lifted = iter(consistent([d for d in results if spun_at(d.cand.start)], norm))
        results = [next(lifted) if spun_at(d.cand.start) else d for d in results]
        spread = spread_candidates(results, text, norm, r.config.threshold) if general is not None else []
        for x in r._score([c for c in spread if spun_at(c.start)], text, norm, quotes):
            around = region(x.cand)
            if context_swap_holds(x, around):
                results.append(cap_weak_row(Scorer.final(x, around), around, r.config.threshold))
        results.sort(key=lambda d: d.cand.start)
    if squeezed is not None:
        to_input = squeezed.to_input
        results = [dataclasses.replace(d, cand=dataclasses.replace(
            d.cand, start=to_input(d.cand.start), end=to_input(d.cand.end))) for d in results]
    return r._resolve(source, results)


# report_threshold=0 reports every candidate, so each one's score is compared, not only the reported ones'.
@pytest.mark.parametrize("config", [Config(), Config(report_threshold=0.0), Config(threshold=0.8, report_threshold=0.6),
                                    Config(context_model="bigram")], ids=["default", "all", "high", "bigram"])
def test_the_scan_decides_as_the_plain_procedure(config: Config) -> None:
    r = Restorer(config).warm()
    differ = [i for i, text in enumerate(TEXTS) if r._analyse(text).findings != reference_findings(r, text)]
    assert differ == [], f"texts {differ} of {len(TEXTS)}"


def test_the_reference_sees_spun_and_clean_text() -> None:
    # The comparison above is worth something only if it covers gated, spun and restoring documents.
    r = Restorer(Config()).warm()
    found = [reference_findings(r, t) for t in TEXTS]
    assert sum(1 for f in found if any(x.action == "restore" for x in f)) >= 5
    assert sum(1 for f in found if not f) >= 10


def _scores(r: Restorer, text: str) -> Scores:
    norm = normalize(text)
    scores = Scores(r.scorer, norm)
    r._add_scores(scores, r._candidates(text, norm), text, norm, Quotes(text))
    return scores


def test_bounds_agree_with_the_exact_scores() -> None:
    """``Scores.reaches`` is exact; ``may_reach`` is False only when the final score is below the mark."""
    r = Restorer(Config()).warm()
    marks = [0.0, 0.05, 0.25, 0.4, 0.5, 0.8, 0.95, 1.0]
    regions = [DocumentEvidence(0, 100), DocumentEvidence(3, 40, 1.0), DocumentEvidence(0, 0, 3.5),
               DocumentEvidence(1, 500, 0.2)]
    checked = deferred = 0
    for text in TEXTS[::3]:
        exact = _scores(r, text).all_exact()
        for p in marks:
            fresh = _scores(r, text)  # every candidate the model judges still deferred: the bounds answer
            deferred += len(fresh._deferred)
            assert [fresh.reaches(i, p) for i in range(len(exact))] == [x.first_pass >= p for x in exact]
        pending, done = _scores(r, text), _scores(r, text)  # may_reach only reads
        done.all_exact()
        for around in regions:
            for i, x in enumerate(exact):
                final = cap_weak_row(Scorer.final(x, around), around, r.config.threshold)
                for p in marks:
                    checked += 1
                    if not pending.may_reach(i, around, p) or not done.may_reach(i, around, p):
                        assert final.p < p
    assert checked > 1000 and deferred > 100
    assert CONTEXT_CAP > 0


def test_the_gated_reading_answers_as_the_whole_reading() -> None:
    """``GatedReading`` reads words only when asked; its answers are those of reading every wanted sentence."""
    r = Restorer(Config()).warm()
    detector = r.detector
    assert detector is not None
    rng = random.Random(14)
    asked = 0
    for text in TEXTS[::4]:
        norm, size = normalize(text), len(text)
        if not size:
            continue
        around = sorted(rng.sample(range(size), min(3, size)))
        # The headings as walls, or walls anywhere (a wall need not be a sentence's start), or none.
        walls = rng.choice([Register(text, norm).headings(), sorted(rng.sample(range(size), min(4, size))), []])
        whole = detector.evidence(text, norm, around=around, reach=4, walls=walls,
                                  rare_words=reads_as_news(*Register(text, norm).total()))
        lazy = detector.gated(text, norm, around=around, reach=4, walls=walls,
                              memo={} if rng.random() < 0.5 else None)
        for _ in range(25):
            if rng.random() < 0.2:
                lazy.read([tuple(sorted((rng.randrange(size), rng.randrange(size)))) for _ in range(3)])
            a = rng.randrange(size + 1)
            b = min(size, a + rng.choice([5, 60, 400, 5000]))
            own = (a, min(b, a + 12)) if rng.random() < 0.5 else None
            assert lazy.counts(a, b) == whole.counts(a, b)
            assert lazy.log_likelihood_ratio(a, b, own) == whole.log_likelihood_ratio(a, b, own)
            assert lazy.window(a, b, 2) == whole.window(a, b, 2)
            asked += 1
    assert asked > 300


def test_the_frequency_memo_gives_the_plain_context_term() -> None:
    """``Scorer.model_log_odds`` keeps each pair of readings' frequency term: the context term of every
    candidate is the one worked out from scratch (a fresh memo each time), in any order."""
    r = Restorer(Config()).warm()
    scorer = r.scorer
    asked = []
    for text in TEXTS[::4]:
        norm = normalize(text)
        for x in _scores(r, text).items:
            c = x.cand
            if scorer.judged_by_model(c):
                asked.append((words_before(norm, c.start), norm[c.start:c.end].split(),
                              c.originals[0].split(" "), words_after(norm, c.end)))
    random.Random(14).shuffle(asked)
    plain = Scorer(scorer.lexicon, model=scorer.model)
    for left, spun, orig, right in asked:
        plain._frequency_memo.clear()
        assert scorer.model_log_odds(left, spun, orig, right) == plain.model_log_odds(left, spun, orig, right)
    assert len(asked) > 200 and len(scorer._frequency_memo) < len(asked)


def test_the_document_evidence_keeps_the_log_odds_it_worked_out() -> None:
    """``DocumentEvidence.log_odds(False)`` is kept on the object once worked out: asked again, in any
    order with ``log_odds(True)``, it gives what a fresh object works out."""
    rng = random.Random(14)
    for _ in range(500):
        strong, words, extra = rng.randrange(0, 12), rng.randrange(0, 3000), rng.choice([0.0, 0.3, 1.7, 5.0])
        kept = DocumentEvidence(strong, words, extra)
        for own in [rng.random() < 0.5 for _ in range(4)]:
            assert kept.log_odds(own) == DocumentEvidence(strong, words, extra).log_odds(own)
        assert kept == DocumentEvidence(strong, words, extra)  # the kept figure is not part of the value


def test_merged_scores_are_the_scores_of_all_in_order() -> None:
    """``Scores.merged`` (how ``Restorer._first_passes`` adds the rows it scored second) gives what scoring
    every candidate in order gives, the context terms already worked out on one side included."""
    from spinfix.score import needs_spun_document

    r = Restorer(Config()).warm()
    checked = 0
    for text in TEXTS:
        norm = normalize(text)
        cands = r._candidates(text, norm)
        weak = [needs_spun_document(c) for c in cands]
        if not any(weak) or all(weak):
            continue
        quotes = Quotes(text)
        first, rest, whole = Scores(r.scorer, norm), Scores(r.scorer, norm), Scores(r.scorer, norm)
        r._add_scores(first, [c for c, w in zip(cands, weak) if not w], text, norm, quotes)
        r._add_scores(rest, [c for c, w in zip(cands, weak) if w], text, norm, quotes)
        r._add_scores(whole, cands, text, norm, quotes)
        first.all_exact()  # worked out before the merge, as the gate does
        merged = first.merged(rest, cands)
        assert merged.all_exact() == whole.all_exact()
        checked += 1
    assert checked >= 10


def test_without_a_model_to_read_regions_no_seed_is_worked_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """A configuration without the spin evidence's reader (table-only, or ``spin_evidence=False``) keeps
    the region gate shut without working out its seeds: they could never open it (``_Regions.gated``)."""
    spun = (ROOT / "data" / "spun_news_reuters_2018.txt").read_text(encoding="utf-8")
    expected = {}
    for config in (Config(context=False, generalize=False), Config(spin_evidence=False)):
        expected[config] = Restorer(config).analyse(spun)

    def no_seeds(self: object) -> list[int]:
        raise AssertionError("seeds worked out without a reader")

    monkeypatch.setattr(MODULE._Regions, "_seeded", no_seeds)
    for config, before in expected.items():
        r = Restorer(config)
        assert not r.reads_regions and r.detector is None
        assert r.analyse(spun) == before and before.findings
    assert Restorer(Config()).reads_regions


def test_word_swaps_wait_only_where_none_could_be_decided(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside a spun document the learned pass leaves its bare word swaps unmade until
    ``Restorer._word_swaps_may_count`` says one could be decided (the findings are the plain procedure's:
    see the comparison above). Each of its three reasons is checked here, and the clean science texts,
    where the shortcut saves most, must take it."""
    r = Restorer(Config()).warm()

    def ask(text: str, doc: DocumentEvidence | None = None, firm: bool = False) -> bool:
        norm = normalize(text)
        scores = Scores(r.scorer, norm)
        words = len(norm.split())
        if firm:  # a strong table row: a seed of its own
            r._add_scores(scores, r._candidates(text, norm), text, norm, Quotes(text))
        return r._word_swaps_may_count(scores, doc or DocumentEvidence(0, words), text, norm,
                                       register=Register(text, norm), words=words, plain=[])

    science = (ROOT / "fixtures" / "clean" / "science").glob("*.txt")
    paragraph = next(p for t in sorted(science) for p in t.read_text("utf-8").split("\n\n") if len(p) > 400)
    assert not ask(paragraph)
    # Dense in spinner vocabulary (distinct signature words), a region may open without a seed of another kind.
    assert ask("Consultants at the convention told buyers in the courtroom about the cellphone.")
    # A document whose strong findings alone make the evidence that a word swap needs.
    assert ask(paragraph, DocumentEvidence(30, 300))
    # A tortured phrase the table lists: a seed of its own, beside which word swaps seed too.
    assert ask(paragraph + " We trained a profound learning model with counterfeit consciousness.", firm=True)

    taken: list[bool] = []
    original = MODULE.Restorer._word_swaps_may_count

    def spy(self: Restorer, *args: object, **kwargs: object) -> bool:
        taken.append(original(self, *args, **kwargs))  # type: ignore[arg-type]
        return taken[-1]

    monkeypatch.setattr(MODULE.Restorer, "_word_swaps_may_count", spy)
    for path in sorted((ROOT / "fixtures" / "clean" / "science").glob("*.txt")):
        r.restore(path.read_text("utf-8"))
    assert taken.count(False) >= 5
