"""Local spin evidence (spinfix.evidence): the batched model equals the scalar one, the likelihood ratio
is what its formula says, and invented spun prose reads as spun where its unspun original does not.
The example texts are written for these tests (not taken from any evaluation set)."""

from __future__ import annotations

import functools
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinfix import Config, Restorer
from spinfix.evidence import (
    CLEAN_RATE,
    SCIENCE_CLEAN_RATE,
    SPUN_RATE,
    SpinDetector,
    SpinEvidence,
    TrigramBatch,
    expected_rates,
    llr,
    trigrams_without_bigrams,
)
from spinfix.ngram import WORD_SHIFT, TrigramModel
from spinfix.normalize import normalize
from spinfix.text import Quotes
from tests.conftest import with_engine

ORIGINAL = ("The company said on Monday that it would close the factory next week because of the outbreak. "
            "Workers were told to stay at home, and the company said it expected to reopen the plant "
            "at the end of the month.")
# The same story after a thesaurus spinner (written by hand for this test, word by word).
SPUN = ("The enterprise explained on Monday that it would shut the manufacturing facility subsequent week "
        "due to the epidemic. Staff had been instructed to remain at residence, and the enterprise "
        "explained it anticipated to reopen the vegetation at the finish of the thirty day period.")


@pytest.fixture(scope="module")
def model() -> TrigramModel:
    return TrigramModel().warm()


@pytest.fixture(scope="module", params=["core", "python"])
def engine_model(request: pytest.FixtureRequest) -> TrigramModel:
    """The shipped model asked through the compiled core, and another asked through Python and numpy."""
    return with_engine(TrigramModel().warm(), request.param)


UNKNOWN = "qqxzunknown"


@st.composite
def five_word_windows(draw: st.DrawFn, model: TrigramModel) -> list[list[str]]:
    """40 windows of five words: random words of the model's (one in ten UNKNOWN), with one of its
    trigrams or bigrams set in at a random place in two windows of three. One strategy drawn once per
    example, not some 400 ``data.draw`` calls: each of those checks the global random state around it
    and records its value for the report of a failing example, which was half the test's time (2.6 s
    of its 5 s on two engines). The choices drawn and their bounds are the same, and a failing example
    is still reported with its windows."""
    d = model._data
    words = model.words
    mask = (1 << WORD_SHIFT) - 1

    def word() -> str:
        return UNKNOWN if draw(st.integers(0, 9)) == 0 else words[draw(st.integers(0, len(words) - 1))]

    windows = []
    for _ in range(40):
        window = [word() for _ in range(5)]
        kind = draw(st.integers(0, 2))
        at = draw(st.integers(0, 2))
        if kind == 0:
            key = int(d["tri_key"][draw(st.integers(0, len(d["tri_key"]) - 1))])
            window[at:at + 3] = [words[key >> 2 * WORD_SHIFT], words[(key >> WORD_SHIFT) & mask], words[key & mask]]
        elif kind == 1:
            key = int(d["bi_key"][draw(st.integers(0, len(d["bi_key"]) - 1))])
            window[at + 1:at + 3] = [words[key >> WORD_SHIFT], words[key & mask]]
        windows.append(window)
    return windows


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_batched_model_equals_the_scalar_model(engine_model: TrigramModel, data: st.DataObject) -> None:
    """The spin evidence's batched question, log10 P(w r1 r2 | l2 l1), equals the scalar model's on
    five-word windows built around the model's own trigrams and bigrams (so every backoff path is hit)
    and random words, unknown ones mixed in. A context ends at an unknown word (-1 in the batch), so
    the scalar side gets the context up to it."""
    model = engine_model
    windows = data.draw(five_word_windows(model))
    l2, l1, w, r1, r2 = (np.array([model.ids.get(win[k], -1) for win in windows], dtype=np.int64) for k in range(5))
    l2, r2 = np.where(l1 < 0, -1, l2), np.where(r1 < 0, -1, r2)  # as the evidence's context arrays are
    got = TrigramBatch(model).reading_log_prob(l2, l1, w, r1, r2)

    def upto_unknown(side: list[str]) -> list[str]:
        return side[:side.index(UNKNOWN)] if UNKNOWN in side else side

    want = [model.log_prob(upto_unknown(win[:2][::-1])[::-1], [win[2]], upto_unknown(win[3:])) for win in windows]
    np.testing.assert_allclose(got, want, atol=1e-5)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_grouped_readings_equal_the_row_by_row_question(engine_model: TrigramModel, data: st.DataObject) -> None:
    """A word and its readings share one context window: asked with ``sizes`` (the context bigrams
    looked up once per word) the figures are exactly those of one window per row."""
    model = engine_model
    n = len(model.words)
    groups = data.draw(st.integers(1, 12))
    ctx = [np.array([data.draw(st.integers(-1, n - 1)) for _ in range(groups)], dtype=np.int64) for _ in range(4)]
    ctx[0], ctx[3] = np.where(ctx[1] < 0, -1, ctx[0]), np.where(ctx[2] < 0, -1, ctx[3])
    sizes = np.array([data.draw(st.integers(1, 6)) for _ in range(groups)])
    w = np.array([data.draw(st.integers(0, n - 1)) for _ in range(int(sizes.sum()))], dtype=np.int64)
    tri, mask = model._data["tri_key"], (1 << WORD_SHIFT) - 1
    for g, first in enumerate(np.r_[0, np.cumsum(sizes)[:-1]]):
        if data.draw(st.booleans()):  # a window around one of the model's trigrams, so every Katz path is hit
            key = int(tri[data.draw(st.integers(0, len(tri) - 1))])
            ctx[0][g], ctx[1][g], w[first] = key >> 2 * WORD_SHIFT, (key >> WORD_SHIFT) & mask, key & mask
    l2, l1, r1, r2 = ctx
    batch = TrigramBatch(model)
    grouped = batch.reading_log_prob(l2, l1, w, r1, r2, sizes=sizes)
    rows = batch.reading_log_prob(*(np.repeat(x, sizes) for x in (l2, l1)), w, *(np.repeat(x, sizes) for x in (r1, r2)))
    np.testing.assert_array_equal(grouped, rows)


def test_every_trigram_has_both_its_bigrams(model: TrigramModel) -> None:
    """What reading_log_prob relies on to skip trigram lookups (the build script checks it too), and a
    model that breaks it is caught."""
    d = model._data
    assert trigrams_without_bigrams(d["bi_key"], d["tri_key"]) == 0
    prefix = d["tri_key"][0] >> np.uint64(WORD_SHIFT)  # the first trigram's (a, b)
    assert trigrams_without_bigrams(d["bi_key"][d["bi_key"] != prefix], d["tri_key"]) > 0


def test_likelihood_ratio_formula() -> None:
    assert llr(0, 0) == 0
    assert llr(3, 10) == pytest.approx(3 * math.log(SPUN_RATE / CLEAN_RATE)
                                       + 7 * math.log((1 - SPUN_RATE) / (1 - CLEAN_RATE)))
    assert llr(0, 50) < 0 < llr(10, 50)


def test_science_register_raises_the_expected_clean_rate() -> None:
    news = ["the", "minister", "said", "on", "monday", "that", "the", "talks", "would", "go", "on"]
    science = ["we", "report", "results", "of", "the", "proposed", "model", "on", "two", "datasets",
               "and", "compare", "performance"]
    assert expected_rates(news) == (CLEAN_RATE, SPUN_RATE)
    clean, spun = expected_rates(science)
    assert clean == SCIENCE_CLEAN_RATE and spun == pytest.approx(2.5 * SCIENCE_CLEAN_RATE)


def test_rare_words_raise_the_document_readings_clean_rate() -> None:
    """Reference prose is rich in names and terms the news model reads badly: the document score's reading
    expects more improbable words where rare words are more than RARE_SHARE_FREE of the tokens, and no
    fewer anywhere. Unlisted words count as rare; punctuation counts as a token, never as rare."""
    from spinfix.evidence import RARE_MAX_CLEAN_RATE, RARE_RATE_SLOPE, RARE_SHARE_FREE, rare_share, with_rare_words

    zipf = {"the": 7.7, "minister": 4.6, "said": 6.1, "caldera": 2.6}
    assert rare_share(["the", "minister", "said", ",", "caldera", "xyzzyq"], zipf) == pytest.approx(2 / 6)
    assert with_rare_words(CLEAN_RATE, SPUN_RATE, RARE_SHARE_FREE) == (CLEAN_RATE, SPUN_RATE)
    assert with_rare_words(CLEAN_RATE, SPUN_RATE, 0.0) == (CLEAN_RATE, SPUN_RATE)
    clean, spun = with_rare_words(CLEAN_RATE, SPUN_RATE, RARE_SHARE_FREE + 0.1)
    assert clean == pytest.approx(CLEAN_RATE + RARE_RATE_SLOPE * 0.1)
    assert spun == pytest.approx(max(SPUN_RATE, 2.5 * clean))
    # However rare the words, both stay rates the likelihood ratio can use.
    clean, spun = with_rare_words(CLEAN_RATE, SPUN_RATE, 1.0)
    assert clean == RARE_MAX_CLEAN_RATE and spun < 1 and math.isfinite(llr(5, 10, clean, spun))


def test_the_document_reading_allows_for_rare_words_and_a_plain_reading_does_not(default: Restorer) -> None:
    """The same text read for the document score (rare_words) and plainly: the words read and found
    improbable are the same, only the expected rates differ, and by with_rare_words alone. (The regions'
    reading allows for rare words too, in news-like and general prose: see
    test_the_regions_rates_allow_for_rare_words_as_the_document_score_does.)"""
    from spinfix.evidence import rare_share, with_rare_words
    from spinfix.text import find_tokens

    detector = default.detector
    assert detector is not None
    text = ("The caldera of Mount Tambora lies in Sumbawa; its ignimbrite and tephra deposits were mapped by "
            "volcanologists who described the stratovolcano, its pyroclastic flows and the lahars after them.")
    norm = normalize(text)
    plain = detector.evidence(text, norm)
    allowing = detector.evidence(text, norm, rare_words=True)
    assert allowing.evaluated == plain.evaluated and allowing.improbable == plain.improbable
    words = [w for _, _, w in find_tokens(norm)]
    assert (allowing.clean_rate, allowing.spun_rate) == with_rare_words(
        plain.clean_rate, plain.spun_rate, rare_share(words, detector.lexicon.zipf))
    assert allowing.clean_rate > plain.clean_rate


@pytest.mark.parametrize("block", [1, 3, 256])
def test_a_sequential_reading_looks_ids_up_as_it_goes_and_reads_the_same(default: Restorer, block: int,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The document score's reading looks the context ids up a block of tokens at a time (ID_BLOCK): the
    evidence, where it stops included, is that of looking every token up first, for any block size."""
    from spinfix import evidence

    detector = default.detector
    assert detector is not None
    texts = [SPUN * 6, ORIGINAL * 6, (ORIGINAL + " " + SPUN) * 4, SPUN[:40]]
    bands = [{"stop_below": -4.0, "stop_above": 8.0}, {"stop_below": -1.0}, {"stop_above": 2.0}]
    monkeypatch.setattr(evidence, "ID_BLOCK", 10**9)
    eager = [detector.evidence(t, normalize(t), **band) for t in texts for band in bands]
    assert any(not e.complete for e in eager) and any(e.complete for e in eager)  # both ends of a reading
    monkeypatch.setattr(evidence, "ID_BLOCK", block)
    assert [detector.evidence(t, normalize(t), **band) for t in texts for band in bands] == eager


_PIECES = [*ORIGINAL.split(), *SPUN.split(), ".", "!", "?", ",", ";", "u.s.", "3.5", "e.g.", "Mr.", "(see", "it)",
           "naïve", "café.", "Zürich", "—", "\n\n", "\n", "42", "...", "don't", "“quoted”", "über-large",
           "perspicacious", "quixotic", "sesquipedalian", "obstreperous", "phlogiston", "ratiocination"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=0, max_size=400),
       st.sampled_from([(-4.0, 8.0), (-1.0, None), (None, 2.0), (None, 10**9)]), st.booleans(),
       st.sampled_from([1, 3, 256]))
def test_the_document_scores_reading_is_a_prefix_of_the_whole_reading(default: Restorer, pieces: list[str],
                                                                      band: tuple[float | None, float | None],
                                                                      rare: bool, block: int) -> None:
    """The sequential reading (the document score's) tokenises a sentence at a time and takes its rates from
    the register's counts; the whole reading tokenises the text first and counts its tokens. Both must see
    the same words with the same neighbours: the sequential reading is the whole one's first chunks (all of
    it when it never stops), with the same sentences and rates, whatever the block of tokens whose ids
    it looks up at a time (ID_BLOCK: with small blocks a chunk often fills at a block's end)."""
    from spinfix import evidence
    from spinfix.evidence import CHUNK_WORDS

    detector = default.detector
    assert detector is not None
    text = " ".join(pieces)
    norm = normalize(text)
    whole = detector.evidence(text, norm, rare_words=rare)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evidence, "ID_BLOCK", block)
        part = detector.evidence(text, norm, stop_below=band[0], stop_above=band[1], rare_words=rare)
    assert (part.sentences, part.clean_rate, part.spun_rate) == (whole.sentences, whole.clean_rate, whole.spun_rate)
    n = len(part.evaluated)
    assert part.evaluated == whole.evaluated[:n]
    assert part.improbable == tuple(x for x in whole.improbable if x.start in set(part.evaluated))
    if part.complete:
        assert n == len(whole.evaluated)
    else:
        assert n % CHUNK_WORDS == 0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ09.!?.. ,;-'\n\t.")), max_size=60))
def test_sentence_ends_are_the_patterns_matches(twin: str) -> None:
    """The fast sentence-end search gives exactly the ends of the defining pattern's matches."""
    from spinfix.evidence import _SENTENCE_END_TOKEN, _sentence_ends

    assert _sentence_ends(twin) == [m.end() for m in _SENTENCE_END_TOKEN.finditer(twin)]


def test_counts_and_windows() -> None:
    ev = SpinEvidence(evaluated=(0, 10, 30, 50), improbable=(), sentences=((0, 20), (20, 40), (40, 60)))
    assert ev.counts(0, 40) == (0, 3)
    assert ev.window(25, 28) == (0, 60)
    assert ev.window(25, 28, sentences=0) == (20, 40)


def test_spun_prose_reads_as_spun_and_its_original_does_not() -> None:
    r = Restorer(Config())
    spun = r.detector.evidence(SPUN, SPUN.lower())  # type: ignore[union-attr]
    orig = r.detector.evidence(ORIGINAL, ORIGINAL.lower())  # type: ignore[union-attr]
    # A 44-word text is little evidence on its own; what must hold is the direction and the words.
    assert spun.log_likelihood_ratio() > orig.log_likelihood_ratio() + 1.5
    assert not orig.improbable
    assert {"subsequent", "anticipated"} <= {x.word for x in spun.improbable}
    assert r.spin_score(SPUN).score > 0.5 > r.spin_score(ORIGINAL).score


def test_spin_evidence_can_be_switched_off() -> None:
    off = Restorer(Config(spin_evidence=False))
    assert off.detector is None
    assert off.spin_score(SPUN).score < Restorer(Config()).spin_score(SPUN).score
    assert Restorer(Config(context_model="bigram")).detector is None


def test_restore_with_local_evidence_is_a_fixed_point() -> None:
    """The region evidence is a function of the text alone, so a second restore decides as the last
    pass of the first did."""
    r = Restorer(Config())
    for text in (SPUN, ORIGINAL, SPUN + "\n\n" + ORIGINAL, MIXED_SPUN + "\n\n" + MIXED_CLEAN):
        once = r.restore(text)
        assert r.restore(once) == once


MIXED_SPUN = ("Personal corporations are beneath intense scrutiny, sources informed Reuters. "
              "The minister stated the personal corporations would be questioned. "
              "Rents rose zero.5 % on Wall Avenue, the company stated.")
MIXED_CLEAN = ("The committee met on Thursday. Its report covers the harbour works. "
               "The engineer stated that the pier needs repairs. The council will vote next month. "
               "Funding comes from the port budget. Work should start in spring.")


@pytest.mark.parametrize("order", ["spun first", "clean first"])
def test_a_clean_paragraph_beside_a_spun_one_keeps_its_words(order: str) -> None:
    """"stated" (a weak row) is restored inside the spun paragraph, where its region is spun, and left
    alone in the human-written one. With the whole document as the region it was not."""
    doc = MIXED_SPUN + "\n\n" + MIXED_CLEAN if order == "spun first" else MIXED_CLEAN + "\n\n" + MIXED_SPUN
    out = Restorer(Config()).restore(doc)
    assert MIXED_CLEAN in out
    assert "The minister said the private companies" in out and "the company said." in out
    whole_document = Restorer(Config(spin_evidence=False)).restore(doc)
    assert "The engineer said that" in whole_document


def test_evidence_crosses_a_blank_line_only_when_the_paragraph_shows_its_own() -> None:
    """"subsequent" (a weak row, and a word the model finds improbable) right after a spun paragraph:
    the human-written paragraph has no evidence of its own (its candidate word does not count for
    itself), so the spun neighbour lends it none."""
    clean = "The vote on the plan is due next week. Members expect a long debate on the subsequent amendments."
    spun = MIXED_SPUN.replace("The minister stated", "The vote is due subsequent week, the minister stated")
    out = Restorer(Config()).restore(spun + "\n\n" + clean)
    assert out.endswith("\n\n" + clean)
    assert "due next week, the minister said" in out


def test_a_clean_paper_followed_by_a_whole_spun_article_keeps_its_words() -> None:
    """A clean paper and, after a blank line, the whole spun example (a page that quotes one, a corpus
    file that joins documents): the paper must come back as written. Until session 38 its last sentence,
    "... between eyes of the same individual.", became *person*: the example's own *individual* ->
    *person*, spread to the document's other occurrences (``general:document``), found its region spun
    across the blank line. A paragraph of OWN_REGION_WORDS words or more is now its own region's limit."""
    paper = (Path(__file__).parent / "fixtures" / "clean" / "science" / "01-deep-learning-retinal-screening.txt"
             ).read_text(encoding="utf-8")
    example = (Path(__file__).parent / "data" / "spun_news_reuters_2018.txt").read_text(encoding="utf-8")
    out = Restorer(Config()).restore(paper + "\n\n" + example)
    assert out.startswith(paper)


def test_a_heading_bounds_the_regions_of_the_clean_story_before_it() -> None:
    """A clean news story and, after a blank line, the whole spun example, which opens with its
    headline: the story's last paragraphs (short: each borrows its neighbours' evidence) must not
    borrow the example's. A heading (a short paragraph that does not end in punctuation) starts a
    section or a document, and no region crosses it (``text.Register.headings``, ``_Regions._bounds``);
    before session 38 the story lost words here."""
    story = (Path(__file__).parent / "fixtures" / "clean" / "news" / "06-telecoms-network.txt"
             ).read_text(encoding="utf-8")
    example = (Path(__file__).parent / "data" / "spun_news_reuters_2018.txt").read_text(encoding="utf-8")
    assert Restorer(Config()).restore(story + "\n\n" + example).startswith(story)


def test_a_clean_paper_before_a_whole_spun_article_keeps_its_words() -> None:
    """The same with a clean paper: its paragraphs do not borrow the example's evidence, and the rows that
    act only in spun documents ("versus" -> *against*, "together with" -> *including*) and the example's
    own swaps spread to the document's other occurrences ("many" -> *the*) act only in the sections that
    show some sign of spinning on their own (``_Sections``; a heading starts one): the document as a
    whole reads as spun, the paper does not."""
    paper = (Path(__file__).parent / "fixtures" / "clean" / "science" / "35-bird-phenology-climate-change.txt"
             ).read_text(encoding="utf-8")
    example = (Path(__file__).parent / "data" / "spun_news_reuters_2018.txt").read_text(encoding="utf-8")
    r = Restorer(Config())
    assert r.restore(paper + "\n\n" + example).startswith(paper)
    assert r.restore(example + "\n\n" + paper).endswith(paper)
    assert r.restore(example) in r.restore(example + "\n\n" + paper)  # the example restored as alone


def test_a_seed_beyond_a_heading_leaves_the_section_before_it_unread() -> None:
    """A clean paper whose last section (a paragraph under OWN_REGION_WORDS words, so its region is its
    section) ends right before the spun example, which opens with its headline: the example's seeds
    (its first lines) reached the paper's last sentences, the model found their words improbable enough
    and "Outcomes were the..." became *Results* (session 38's one changed document of the 132 example
    joins). A seed's reach now stops at a heading, as a region does."""
    paper = (Path(__file__).parent / "fixtures" / "clean" / "science" / "18-microgrid-frequency-control.txt"
             ).read_text(encoding="utf-8")
    example = (Path(__file__).parent / "data" / "spun_news_reuters_2018.txt").read_text(encoding="utf-8")
    r = Restorer(Config())
    assert "Outcomes" in paper
    assert r.restore(paper + "\n\n" + example).startswith(paper)
    assert r.restore(example) in r.restore(paper + "\n\n" + example)  # the example restored as alone


def test_the_reading_around_a_seed_stops_at_a_wall() -> None:
    """``walls`` (the headings) bound the reach of a seed on both sides: the sentences past a wall are read
    only from a seed on their own side. A sentence is on the side its end is on (the blank line before a
    paragraph belongs to its first sentence, and a heading shares one with what follows it)."""
    text = ORIGINAL + "\n\n" + SPUN + "\n\n" + ORIGINAL
    norm = text.lower()
    detector = Restorer(Config()).detector
    assert detector is not None
    at = text.index("subsequent")
    first_wall, second_wall = len(ORIGINAL) + 2, len(ORIGINAL) + 2 + len(SPUN) + 2
    open_ = detector.evidence(text, norm, around=[at], reach=50)
    walled = detector.evidence(text, norm, around=[at], reach=50, walls=[first_wall, second_wall])
    assert open_.counts(0, first_wall)[1] > 0 and open_.counts(second_wall, len(text))[1] > 0
    assert walled.counts(0, first_wall) == (0, 0) and walled.counts(second_wall, len(text)) == (0, 0)
    assert walled.counts(first_wall, second_wall) == open_.counts(first_wall, second_wall)
    # The gated reading reads the same sentences.
    gated = detector.gated(text, norm, around=[at], reach=50, walls=[first_wall, second_wall])
    for span in ((0, first_wall), (first_wall, second_wall), (second_wall, len(text)), (0, len(text))):
        assert gated.counts(*span) == walled.counts(*span)
    # A seed in the blank line before the wall is in the sentence the wall's paragraph opens, so its section.
    assert detector.evidence(text, norm, around=[first_wall - 1], reach=50, walls=[first_wall]).counts(
        0, first_wall) == (0, 0)


DIARY = ("My grandmother kept a personal diary for sixty years. She wrote about her garden, her neighbours and "
         "the weather, and she never let anyone read it while she was alive.")


@pytest.mark.parametrize("order", ["spun first", "clean first"])
def test_a_bare_learned_swap_shows_nothing_about_its_paragraph(order: str) -> None:
    """"personal" (a weak row: *private*) beside a spun paragraph, in a paragraph whose only other
    candidate is "diary", a word with a learned swap: that is no evidence that the paragraph is spun, so
    the spun neighbour lends it none (before session 32 it did, and "a private diary" was written)."""
    spun = ("The corporate stated on Tuesday that personal corporations would be allowed to bid for the "
            "contract, a transfer that analysts mentioned may assist the sector.")
    r = Restorer(Config())
    doc = spun + "\n\n" + DIARY if order == "spun first" else DIARY + "\n\n" + spun
    assert "diary" in r.generalizer.learned and "diary" not in r.generalizer.signature_words  # type: ignore[union-attr]
    out = r.restore(doc)
    assert DIARY in out
    assert "The company said on Tuesday that private companies" in out


def test_only_candidates_beyond_a_bare_word_proposal_show_a_paragraph_is_spun() -> None:
    """What lets a paragraph take its neighbours' evidence (``_Regions._shows``): a table row or a rule's
    finding does; a word's bare proposals (a learned swap, a WordNet synonym, a swap restored elsewhere in
    the document) only when the word is spinner vocabulary."""
    import importlib

    from spinfix.candidates import Candidate
    from spinfix.score import DocumentEvidence, Scores

    restore = importlib.import_module("spinfix.restore")
    r = Restorer(Config())
    general = r.generalizer
    assert general is not None and "stated" in general.signature_words and "diary" not in general.signature_words
    norm = "the diary stated"
    regions = restore._Regions(r, norm, norm, scores=Scores(r.scorer, norm), doc=DocumentEvidence(0, 3), memo=None)
    diary, stated = (4, 9), (10, 16)
    for rule in ("general:context", "general:thesaurus", "general:document"):
        assert not regions._shows(Candidate(*diary, ("journal",), 0.5, rule, "test"))
        assert regions._shows(Candidate(*stated, ("said",), 0.5, rule, "test"))
    for rule in ("table:news", "rule:grammar", "general:learned"):
        assert regions._shows(Candidate(*diary, ("journal",), 0.5, rule, "test"))


SCIENCE = ("We screened the cohort over six years and recorded interval cancers between rounds. Outcomes were "
           "compared with the registry data, and the proposed model was validated on a second sample. Results of "
           "the analysis show a significant reduction of interval cancers, whereas the baseline rate was stable.")
TORTURED = "The profound learning model was trained with irregular woodland features."


def test_news_rows_are_off_in_a_science_like_paragraph() -> None:
    """Issue 13 item 4: "outcomes", "interval", "whereas" are news-spinner rows and ordinary science
    wording; beside tortured science the paragraph keeps them, while the science rows still act.
    ``--domain news`` keeps every news row."""
    found = Restorer(Config()).detect(SCIENCE + "\n\n" + TORTURED)
    assert not [f for f in found if f.rule == "table:news"]
    assert {f.restored for f in found if f.action == "restore"} >= {"deep learning", "random forest"}
    news_only = Restorer(Config(domains={"news"})).detect(SCIENCE)
    assert [f for f in news_only if f.rule == "table:news"]


def test_a_short_paragraph_takes_the_register_of_its_document() -> None:
    """A paragraph under SCIENCE_MIN_WORDS words is judged with the whole document (the sum of its
    paragraphs' counts): a one-line "outcomes" paragraph keeps its news row in a news story and loses
    it in a paper; a long science paragraph loses it even inside a news story."""
    from spinfix.sources.table import SCIENCE_MIN_WORDS

    short = "Officials stated the outcomes were mixed."
    assert len(short.split()) < SCIENCE_MIN_WORDS
    r = Restorer(Config())
    news_rows = lambda text: [f.spun for f in r.detect(text) if f.rule == "table:news"]  # noqa: E731
    assert "outcomes" in news_rows(ORIGINAL + "\n\n" + short)
    assert "outcomes" not in news_rows(SCIENCE + "\n\n" + short)
    assert not [w for w in news_rows(ORIGINAL + "\n\n" + SCIENCE) if w.lower() in ("outcomes", "interval", "whereas")]


def test_a_run_of_short_news_paragraphs_beside_a_paper_keeps_its_news_rows() -> None:
    """A spun news story a sentence per paragraph, joined to a paper: its short paragraphs together read
    as news, so its news rows act there, while a lone short paragraph still goes with the paper (above)
    and the paper's own paragraph keeps none."""
    story = ["Officials stated the outcomes were mixed.",
             "The mayor told reporters on Tuesday that the city would appeal the ruling next month.",
             "Residents gathered outside the town hall after the vote, and several shops closed early.",
             "A spokesman for the council declined to comment further on the decision."]
    r = Restorer(Config())
    found = lambda text: [(f.start, f.spun) for f in r.detect(text) if f.rule == "table:news"]  # noqa: E731
    paper = SCIENCE + "\n\n" + SCIENCE
    text = paper + "\n\n" + "\n\n".join(story)
    assert [w for s, w in found(text) if s > len(paper)] == [w for _, w in found("\n\n".join(story))]
    assert "outcomes" in [w for s, w in found(text) if s > len(paper)]
    assert not [s for s, _ in found(text) if s < len(paper)]


def test_sequential_reading_stops_on_decisive_clean_text() -> None:
    """The document score reads a long clean text only until the evidence is decisive: a prefix of
    whole chunks, whose ratio is below the stop; the full reading agrees on the verdict."""
    from spinfix.evidence import CHUNK_WORDS

    long_clean = " ".join([ORIGINAL] * 40)
    r = Restorer(Config())
    full = r.detector.evidence(long_clean, long_clean.lower())  # type: ignore[union-attr]
    part = r.detector.evidence(long_clean, long_clean.lower(), stop_below=-4.0)  # type: ignore[union-attr]
    assert full.complete and not part.complete
    assert len(part.evaluated) % CHUNK_WORDS == 0 and len(part.evaluated) < len(full.evaluated)
    assert part.log_likelihood_ratio() < -4.0 and full.log_likelihood_ratio() < -4.0
    assert r.spin_score(long_clean).verdict == "clean"


def test_reading_around_offsets_equals_the_whole_reading_there() -> None:
    """Issue 14's gate reads only the sentences near the seeds; a word's context never crosses a
    sentence end, so each sentence read has exactly the whole reading's figures, and the others none."""
    text = ORIGINAL + " " + SPUN + " " + ORIGINAL
    norm = text.lower()
    detector = Restorer(Config()).detector
    assert detector is not None
    full = detector.evidence(text, norm)
    at = text.index("subsequent")
    part = detector.evidence(text, norm, around=[at], reach=0)
    sentence = full.window(at, at + 1, sentences=0)
    assert not part.complete and part.sentences == full.sentences
    assert part.counts(*sentence) == full.counts(*sentence) and part.counts(*sentence)[1] > 0
    assert part.counts(0, sentence[0]) == (0, 0) and part.counts(sentence[1], len(text)) == (0, 0)
    wide = detector.evidence(text, norm, around=[at], reach=1)
    around = full.window(at, at + 1, sentences=1)
    assert wide.counts(*around) == full.counts(*around) and wide.counts(*around) != part.counts(*around)
    assert detector.evidence(text, norm, around=[]).evaluated == ()


def test_the_memo_changes_no_figure(monkeypatch) -> None:
    """restore's second pass reuses the first pass's word results through a memo keyed by the five ids a
    word's result depends on: evidence with a memo filled by another text (an edit of this one) equals
    evidence without, for a whole, a seeded and a sequential reading."""
    detector = Restorer(Config()).detector
    assert detector is not None
    text = SPUN + " " + ORIGINAL + " " + SPUN
    edited = text.replace("subsequent week", "next week").replace("explained", "said")
    memo: dict = {}
    detector.evidence(edited, edited.lower(), memo=memo)
    assert memo
    at = [text.index("anticipated")]
    for kw in ({}, {"around": at, "reach": 1}, {"stop_above": 0.5}):
        plain = detector.evidence(text, text.lower(), **kw)  # type: ignore[arg-type]
        assert detector.evidence(text, text.lower(), memo=dict(memo), **kw) == plain  # type: ignore[arg-type]
    import spinfix.evidence

    monkeypatch.setattr(spinfix.evidence, "MEMO_WORDS", 5)  # emptied again and again while in use
    tiny: dict = {}
    detector.evidence(text, text.lower(), memo=tiny)
    assert 0 < len(tiny) <= 5
    assert detector.evidence(text, text.lower(), memo=tiny) == detector.evidence(text, text.lower())


def test_a_text_with_only_weak_hits_pays_for_no_model_reading(monkeypatch) -> None:
    """The region evidence runs only around a seed (a candidate whose first pass reaches SEED): clean
    prose whose only table hit is a weak one is restored without the detector reading a word, and a
    spun paragraph beside it is read around its own hits only."""
    import sys

    restore_module = sys.modules["spinfix.restore"]  # the package exports a function of that name
    r = Restorer(Config()).warm()
    detector = r.detector
    assert detector is not None
    calls: list[object] = []
    read: list[int] = []
    real, real_gated, real_evaluate = detector.evidence, detector.gated, detector._evaluate

    def spy(text: str, norm: str, **kw: object) -> object:
        calls.append(kw.get("around"))
        return real(text, norm, **kw)  # type: ignore[arg-type]

    def spy_gated(text: str, norm: str, **kw: object) -> object:
        calls.append(kw.get("around"))
        return real_gated(text, norm, **kw)  # type: ignore[arg-type]

    def spy_evaluate(toks: list[tuple[int, int, str]], word_ids: object, chunk: list[int],
                     *args: object, **kw: object) -> None:
        read.extend(toks[i][0] for i in chunk)
        real_evaluate(toks, word_ids, chunk, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(detector, "evidence", spy)
    monkeypatch.setattr(detector, "gated", spy_gated)
    monkeypatch.setattr(detector, "_evaluate", spy_evaluate)
    scored = [x.first_pass for x in r._score(r._candidates(MIXED_CLEAN, MIXED_CLEAN.lower()), MIXED_CLEAN,
                                             MIXED_CLEAN.lower(), Quotes(MIXED_CLEAN))]
    assert scored and max(scored) < restore_module.SEED  # "stated" alone: a weak row
    assert r.restore(MIXED_CLEAN) == MIXED_CLEAN and calls == [] and read == []
    r.restore(MIXED_SPUN + "\n\n" + MIXED_CLEAN)
    assert calls and all(isinstance(c, list) and c for c in calls)
    assert read


def test_a_row_ordinary_prose_uses_seeds_only_beside_a_finding_it_does_not(monkeypatch) -> None:
    """A row that needs a spun document ("funding" -> "investment", spun-doc) cannot act in a clean text, so
    even when the context lifts its first pass over SEED it does not have the model read its region
    (``restore.seeds_alone``: on clean news such rows were most seeds, and reading them restored almost
    nothing).
    Beside a strong finding that ordinary prose does not produce ("zero.5"), it seeds as before."""
    import sys

    from spinfix.score import needs_spun_document

    restore_module = sys.modules["spinfix.restore"]
    r = Restorer(Config()).warm()
    detector = r.detector
    assert detector is not None
    arounds: list[list[int]] = []
    real_gated = detector.gated

    def spy_gated(text: str, norm: str, **kw: object) -> object:
        arounds.append(list(kw["around"]))  # type: ignore[call-overload]
        return real_gated(text, norm, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(detector, "gated", spy_gated)
    clean = "The finance chief said the retailer had agreed a funding plan with the pension trustees."
    norm = normalize(clean)
    scored = r._score(r._candidates(clean, norm), clean, norm, Quotes(clean))
    seeds = [norm[x.cand.start:x.cand.end] for x in scored if x.first_pass >= restore_module.SEED]
    assert seeds == ["funding"] and all(needs_spun_document(x.cand) for x in scored if x.first_pass >= 0.4)
    assert r.restore(clean) == clean and arounds == []  # the model read nothing
    spun = clean + " Shares in the insurer rose zero.5 per cent on Monday."
    assert r.restore(spun) != spun
    assert arounds and clean.index("funding") in arounds[0]


def test_rows_that_cannot_count_are_not_scored_in_clean_news(monkeypatch) -> None:
    """In news-like text whose other candidates reach neither SEED nor STRONG (and no spinner vocabulary),
    rows that need a spun document are left unscored (``Restorer._first_passes``): they could not act,
    count or seed. Beside a strong finding of another kind they are scored, in candidate order."""
    import sys

    from spinfix.score import STRONG, needs_spun_document

    restore_module = sys.modules["spinfix.restore"]
    assert restore_module.SEED <= STRONG  # "reaches no SEED" must imply "reaches no STRONG"
    r = Restorer(Config()).warm()
    scored: list[list[str]] = []
    real = r._add_scores

    def spy(scores: object, cands: list, text: str, norm: str, quotes: object) -> None:
        scored.append([norm[c.start:c.end] for c in cands])
        real(scores, cands, text, norm, quotes)  # type: ignore[arg-type]

    monkeypatch.setattr(r, "_add_scores", spy)
    clean = ("Trade ministers from the two countries met in Geneva on Monday to discuss tariffs on steel and "
             "aluminium. The talks lasted four hours, and officials said they had agreed to meet again next month. "
             "The finance chief of the retailer said the company had agreed a new plan with its pension trustees, "
             "and analysts expect the deal to be signed within weeks. Shares in the group were little changed in "
             "afternoon trading in London, while the pound edged higher against the dollar after the data.")
    norm = normalize(clean)
    weak = [norm[c.start:c.end] for c in r._candidates(clean, norm) if needs_spun_document(c)]
    assert weak  # the text holds such rows
    assert r.restore(clean) == clean
    assert scored and not any(w in batch for batch in scored for w in weak)
    scored.clear()
    spun = clean + " Shares in the insurer rose zero.5 per cent."
    r.restore(spun)
    assert any(all(w in batch for w in weak) for batch in scored)


def test_the_learned_swap_pass_runs_only_beside_a_seed_or_spinner_vocabulary(monkeypatch) -> None:
    """A learned word swap ("slope" -> "gradient") is the trigram model's guess with a prior of a few per
    cent: in clean science about half the texts hold one that reaches SEED. So the learned-swap pass runs
    only beside a seed of the table or the rules, or in a text dense in spinner vocabulary
    (``restore.VOCABULARY_SEED_RATE``); otherwise neither it nor the model's reading runs."""
    import sys
    from pathlib import Path

    restore_module = sys.modules["spinfix.restore"]
    r = Restorer(Config()).warm()
    general, detector = r.generalizer, r.detector
    assert general is not None and detector is not None
    passes: list[str] = []
    arounds: list[list[int]] = []
    real_learned, real_gated = general.learned_candidates, detector.gated

    def spy_learned(text: str, *args: object, **kw: object) -> object:
        passes.append(text)
        return real_learned(text, *args, **kw)  # type: ignore[arg-type]

    def spy_gated(text: str, norm: str, **kw: object) -> object:
        arounds.append(list(kw["around"]))  # type: ignore[call-overload]
        return real_gated(text, norm, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(general, "learned_candidates", spy_learned)
    monkeypatch.setattr(detector, "gated", spy_gated)
    science = (Path(__file__).parent / "fixtures" / "clean" / "science" / "22-additive-titanium-fatigue.txt").read_text(
        encoding="utf-8")
    learned = real_learned(science, normalize(science), {}, None)
    assert any(c.rule == "general:context" for c in learned)  # the text holds learned word swaps
    assert r.restore(science) == science and passes == [] and arounds == []
    # Our own synonym-spun paragraph: no table row in it is a seed, but "enterprise", "mentioned",
    # "declaration" and "commerce" are spinner vocabulary.
    spun = ("The enterprise unveiled a fresh merchandise that lets purchasers handle their cash extra effectively, "
            "the agency's head mentioned in a declaration on Thursday. Stocks of the agency climbed in early "
            "commerce.")
    norm = normalize(spun)
    cands = r._candidates(spun, norm)
    assert all(x.first_pass < restore_module.SEED for x in r._score(cands, spun, norm, Quotes(spun)))
    assert r.restore(spun) != spun and passes and arounds


def test_shipped_readings_equal_the_live_computation(model: TrigramModel) -> None:
    """spin_readings.npz (scripts/build_spin_readings.py) must hold what lemminflect and the thesaurus give
    today, for a sample of the model's words spread over its whole vocabulary; a stale file would change
    the evidence silently."""
    from spinfix.evidence import SpinDetector
    from spinfix.lexicon import Lexicon, Thesaurus

    thesaurus, lexicon = Thesaurus(), Lexicon()
    shipped = SpinDetector(model, thesaurus, lexicon)
    live = SpinDetector(model, thesaurus, lexicon, precomputed=False)
    assert shipped.precomputed is not None, "spin_readings.npz is missing or stale: run scripts/build_spin_readings.py"
    words = [*model.words[::97], "explained", "enterprise", "subsequent", "vegetation", "anticipated"]
    with_readings = 0
    for word in words:
        ids, costs = shipped.options(word)
        live_ids, live_costs = live.options(word)
        assert ids.tolist() == live_ids.tolist(), word
        assert costs.tolist() == live_costs.tolist(), word  # bit-identical, not approximately
        with_readings += bool(len(ids))
    assert with_readings > 100


def test_the_readers_skip_exactly_the_words_without_readings(model: TrigramModel) -> None:
    """``SpinDetector.has_readings`` (the readers' fast test) against the plain one, ``len(options(word))``,
    for every model word; without the shipped table it is None and every word is asked."""
    from spinfix.evidence import SpinDetector
    from spinfix.lexicon import Lexicon, Thesaurus

    thesaurus, lexicon = Thesaurus(), Lexicon()
    detector = SpinDetector(model, thesaurus, lexicon)
    has = detector.has_readings
    assert has is not None and len(has) == len(model.words)
    assert [bool(len(detector.options(w)[0])) for w in model.words] == has
    assert 1000 < sum(has) < len(has)
    assert SpinDetector(model, thesaurus, lexicon, precomputed=False).has_readings is None


def test_a_stale_readings_file_is_not_used(model: TrigramModel, tmp_path) -> None:
    """A table built from other data (its key differs) is ignored: the readings are then computed live."""
    from spinfix.evidence import READINGS_PATH, load_readings
    from spinfix.lexicon import Lexicon, Thesaurus

    with np.load(READINGS_PATH) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["key"] = np.frombuffer(b"spinfix-spin-readings 1;other data", dtype=np.uint8)
    stale = tmp_path / "readings.npz"
    np.savez(stale, **arrays)
    assert load_readings(model, Thesaurus(), Lexicon(), stale) is None
    assert load_readings(model, Thesaurus(), Lexicon(), tmp_path / "missing.npz") is None
    assert load_readings(model, Thesaurus(), Lexicon()) is not None


@functools.lru_cache(maxsize=1)
def _detector() -> SpinDetector:
    from spinfix.lexicon import Lexicon, Thesaurus

    return SpinDetector(TrigramModel().warm(), Thesaurus(), Lexicon())


_SENTENCE_TEXT = st.lists(st.sampled_from(["The", "data", "u.s", "0.5", "é", "na\u0301ive", ".", "!", "?", "...", ",",
                                           "“", "”", "—", "a.", ".b", "'", "-", " ", "  ", "\n\n", "\u2029", "\x1c"]),
                          max_size=40).map(" ".join)


# News-like words (no academic-register cue, so most texts of 40 words or more read as news), rare ones,
# non-ASCII ones, numbers and punctuation.
_PROSE_TEXT = st.lists(st.sampled_from(["The", "company", "said", "on", "Monday", "it", "Quixley", "zorblatt", "é",
                                         "na\u0301ive", "u.s", "0.5", ".", ",", "“", "”", "—", "'", "-", "  ", "\n\n",
                                         "\u2029"]),
                       min_size=30, max_size=160).map(" ".join)


@settings(deadline=None, max_examples=100)
@given(_PROSE_TEXT)
def test_the_regions_rates_allow_for_rare_words_as_the_document_score_does(text: str) -> None:
    # In news-like and general prose the regions expect more improbable words where rare words (names,
    # terms) are many, as the document score's reading does; counted from the words alone, the rates must
    # be those of the whole token list (non-ASCII words, punctuation and numbers included).
    from spinfix.evidence import _tokenize, rare_share, with_rare_words
    from spinfix.text import Register, reads_as_news

    detector = _detector()
    norm = normalize(text)
    toks, _ = _tokenize(norm)
    words = [w for _, _, w in toks]
    expected = expected_rates(words)
    if reads_as_news(*Register(text, norm).total()):
        expected = with_rare_words(*expected, rare_share(words, detector.lexicon.zipf))
    reading = detector.gated(text, norm, around=[0], reach=1)
    assert (reading.clean_rate, reading.spun_rate) == expected


def test_rare_words_raise_the_regions_rates_only_outside_science_like_text() -> None:
    detector = _detector()
    plain = " ".join(["The company said on Monday that it would close the factory next week."] * 5)
    rare = " ".join(["The Quixley company said on Monday that Zorblatt would close the Vexmoor factory."] * 5)
    science = " ".join(["The Quixley analysis of the Zorblatt data and the Vexmoor method was significant."] * 5)
    rates = {name: detector.gated(text, normalize(text), around=[0], reach=1).clean_rate
             for name, text in (("plain", plain), ("rare", rare), ("science", science))}
    assert rates["plain"] == CLEAN_RATE
    assert rates["rare"] > CLEAN_RATE
    assert rates["science"] == expected_rates(normalize(science).split())[0]


@settings(deadline=None, max_examples=300)
@given(_SENTENCE_TEXT, st.lists(st.integers(0, 400), max_size=3), st.integers(0, 2))
def test_the_gated_reading_tokenises_only_its_sentences_as_the_whole_text_gives_them(
        text: str, around: list[int], reach: int) -> None:
    # The fast path (sentence ends found alone, rates from the register's counts, tokens of the wanted
    # sentences only) against the plain one (every token of the text, as SpinDetector.evidence reads it).
    from spinfix.evidence import _context, _sentences_and_rates, _sentences_near, _tokenize
    from spinfix.text import Register, ascii_twin

    detector = _detector()
    norm = normalize(text)
    toks, sentences = _tokenize(norm)
    fast_sentences, rates, tokens = _sentences_and_rates(ascii_twin(norm), Register(text, norm))
    assert fast_sentences == sentences
    assert rates == expected_rates([w for _, _, w in toks])
    assert tokens == len(toks)
    offsets = [min(a, max(0, len(text) - 1)) for a in around]
    lazy = detector.gated(text, norm, around=offsets, reach=reach)
    wanted = _sentences_near(sentences, offsets, reach)
    index = [i for i, (s, _, _) in enumerate(toks) if any(a <= s < b for a, b in wanted)]
    assert lazy._toks == [toks[i] for i in index]
    _, whole_ids = detector._context_ids(toks, [(0, len(toks))])
    lazy.read([(0, len(text))])  # the ids are looked up as the reading reaches the tokens
    # The contexts of the words the model knows, the only tokens read (punctuation is -2, unknown -1).
    # The reading's list of ids is what its contexts are made from (Core.contexts; the numpy array only
    # without the compiled token loop, which fills both alike).
    read = [k for k, i in enumerate(index) if whole_ids[i] >= 0]
    if read:
        local, glob = np.array(read), np.array([index[k] for k in read])
        lazy_ids = np.array(lazy._ids, dtype=np.int64)
        for step in (-1, 1):
            for near_far in zip(_context(lazy_ids, local, step), _context(whole_ids, glob, step), strict=True):
                assert near_far[0].tolist() == near_far[1].tolist()


@given(st.data())
@settings(max_examples=200, deadline=None)
def test_the_sentences_near_offsets_and_inside_walls_are_what_a_plain_walk_finds(data: st.DataObject) -> None:
    """``_sentences_near`` against a walk over every (offset, sentence) pair: a sentence is kept when it is
    within ``reach`` sentences of the offset's sentence and its last character lies between the same two
    walls as the offset's sentence's last character; kept neighbours merge into one span."""
    from spinfix.evidence import _sentences_near

    lengths = data.draw(st.lists(st.integers(1, 9), min_size=0, max_size=12))
    sentences, at = [], 0
    for n in lengths:
        sentences.append((at, at + n))
        at += n
    offsets = data.draw(st.lists(st.integers(0, max(0, at)), max_size=4))
    walls = sorted(set(data.draw(st.lists(st.integers(0, max(0, at)), max_size=4))))
    reach = data.draw(st.integers(0, 3))

    def section(end: int) -> int:
        return sum(1 for w in walls if w <= end - 1)

    keep = set()
    for offset in offsets:
        k = max([j for j, (a, _) in enumerate(sentences) if a <= offset], default=0)
        keep |= {j for j in range(len(sentences)) if abs(j - k) <= reach
                 and section(sentences[j][1]) == section(sentences[k][1])}
    expected: list[tuple[int, int]] = []
    for j in sorted(keep):
        a, b = sentences[j]
        if expected and expected[-1][1] == a:
            expected[-1] = (expected[-1][0], b)
        else:
            expected.append((a, b))
    assert _sentences_near(sentences, offsets, reach, walls) == expected
    if not walls:
        assert _sentences_near(sentences, offsets, reach) == expected
