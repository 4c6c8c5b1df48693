"""Generalisation beyond the table: learned word swaps restore phrases no row lists, and only there.

Each test builds a restorer on a small table of its own (no default tables), so what is learned is
exactly what the rows show: ``profound -> deep`` from two rows, ``organization -> network`` from two.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pytest

from spinfix import Config, Restorer
from spinfix.candidates import Candidate
from spinfix.general import MULTI_SWAP_VOUCH, TERM_VOUCH, _part_after, _part_before, align, learn_swaps
from spinfix.lexicon import Lexicon
from spinfix.restore import drop_extended
from spinfix.score import Decision
from spinfix.table import default_table_paths, read_table

ROWS = """#spinfix-table 1
spun\toriginal\tconfidence\ttags\tsource\tcontext
profound neural network\tdeep neural network\t0.95\tdomain=science,kind=tortured\ttest
profound belief network\tdeep belief network\t0.95\tdomain=science,kind=tortured\ttest
profound learning models\tdeep learning models\t0.95\tdomain=science,kind=tortured\ttest
brain organization\tneural network\t0.95\tdomain=science,kind=tortured\ttest
computer organization security\tcomputer network security\t0.95\tdomain=science,kind=tortured\ttest
selfsame size\tsame size\t0.95\tdomain=science,kind=tortured\ttest
selfsame time\tsame time\t0.95\tdomain=science,kind=tortured\ttest
selfsame way\tsame way\t0.95\tdomain=science,kind=tortured\ttest
selfsame day\tsame day\t0.95\tdomain=science,kind=tortured\ttest
"""


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("general") / "rows.tsv"
    path.write_text(ROWS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def restorer(table: Path) -> Restorer:
    return Restorer(Config(tables=(str(table),), default_tables=False)).warm()


def test_align_pairs_words_of_equal_length_phrases() -> None:
    assert align("profound neural network", "deep neural network") == [("profound", "deep")]
    # Different lengths: only replaced blocks of equal length count.
    assert align("support vector machine learning", "svm learning") == []


def test_learn_swaps_counts_rows_and_skips_ordinary_vocabulary(table: Path) -> None:
    learned = learn_swaps(read_table(table))
    assert [(s.original, s.count, s.share) for s in learned["profound"]] == [("deep", 3, 1.0)]
    assert learned["organization"][0].original == "network"
    # "network" is an original in the rows, never a spinner's output: it learns nothing.
    assert "network" not in learned


def test_restores_a_phrase_no_row_lists(restorer: Restorer) -> None:
    text = "We train profound learning approaches on the images."
    result = restorer.restore_and_explain(text)
    assert result.text == "We train deep learning approaches on the images."
    (finding,) = result.findings
    assert finding.rule == "general:learned"
    names = [e.name for e in finding.evidence]
    assert "prior" in names and "established" in names
    assert "profound → deep" in finding.reason


def test_a_swap_inside_a_hyphenated_compound_is_restored_and_keeps_the_hyphen(restorer: Restorer) -> None:
    """To the trigger automaton "profound-learning" is one word; its parts are found from the hyphen and
    the chunk reads across it, and the restoration writes the hyphen back (session 19: 11 more held-out
    PPS phrases exact, "machine-mastering algorithms" -> *machine-learning algorithms*)."""
    result = restorer.restore_and_explain("We train profound-learning approaches on the images.")
    assert result.text == "We train deep-learning approaches on the images."
    (finding,) = result.findings
    assert (finding.spun, finding.restored, finding.rule) == ("profound", "deep", "general:learned")
    # Words changed on both sides of a hyphen: the hyphens are written back between the restored words.
    assert restorer.restore("We train profound-neural-organization models.") == "We train deep-neural-network models."
    # A compound that goes on past the part ("profound.x") or a part the rows never show swapped is no chunk.
    for text in ("We train learning-profound.x approaches.", "We train deeply-learning approaches on the images."):
        assert restorer.restore(text) == text


@pytest.mark.parametrize(("norm", "hyphen", "before", "after"), [
    ("machine-mastering x", 7, (0, 7), (8, 17)),
    ("café-vitality", 4, (0, 4), (5, 13)),  # parts are letters and digits of any script
    ("u.s-made", 3, None, (4, 8)),  # "s" continues "u.s": no part of its own
    ("x'y-z", 3, None, (4, 5)),
    ("a-b.c", 1, (0, 1), None),  # "b" continues into "b.c"
    ("a--b", 1, None, None),  # a double hyphen joins nothing
    ("-b", 0, None, None),
])
def test_compound_parts_are_runs_of_letters_and_digits_between_single_hyphens(
        norm: str, hyphen: int, before: tuple[int, int] | None, after: tuple[int, int] | None) -> None:
    assert _part_before(norm, hyphen + 1) == before
    assert _part_after(norm, hyphen) == after


def test_a_verb_before_the_term_does_not_block_it(restorer: Restorer) -> None:
    # "describes deep" is unknown to the bigram list; that is no evidence against the restoration.
    assert restorer.restore("Section 3 describes profound learning in detail.") == \
        "Section 3 describes deep learning in detail."


@pytest.mark.parametrize("text", [
    # Ordinary English: the spun word forms an established pair where it stands.
    "The reform had a profound effect on the economy.",
    "She expressed profound sadness at the news.",
    # "same color" is established, but "same" is a function-like word that pairs with anything: it
    # cannot vouch for the swap selfsame -> same.
    "Both bars have selfsame color bands.",
    "We compare the models under selfsame information sets.",
    # One word, no neighbour to vouch for it.
    "Profound.",
])
def test_clean_text_is_left_alone(restorer: Restorer, text: str) -> None:
    assert restorer.restore(text) == text
    assert restorer.detect(text) == [] or all(f.action == "report" for f in restorer.detect(text))


def test_half_restored_phrases_are_left_alone(tmp_path: Path) -> None:
    """"woods" is learned (-> forest) but "learning forest" is not established, so "profound learning woods"
    cannot be completed, and "deep" alone is not written either."""
    rows = ROWS + "".join(f"{s} woods\t{o} forest\t0.95\tdomain=science,kind=tortured\ttest\n"
                          for s, o in (("arbitrary", "random"), ("choice", "decision")))
    path = tmp_path / "rows.tsv"
    path.write_text(rows, encoding="utf-8")
    r = Restorer(Config(tables=(str(path),), default_tables=False))
    assert r.restore("We train profound learning woods on it.") == "We train profound learning woods on it."
    # The same restorer does restore the phrase when nothing in it is left half spun.
    assert r.restore("We train profound learning tools on it.") == "We train deep learning tools on it."


def test_generalisation_can_be_switched_off(table: Path) -> None:
    r = Restorer(Config(tables=(str(table),), default_tables=False, generalize=False))
    text = "We train profound learning approaches on the images."
    assert r.restore(text) == text


def test_a_term_vouches_more_than_a_web_bigram(restorer: Restorer) -> None:
    """"deep learning" is a pair inside a table original (a term): the term's vouch, restored. "deep
    pockets" is only a frequent web bigram, general English that says little about "profound pockets": a
    third of it, reported but not rewritten."""
    (term,) = restorer.detect("We train profound learning approaches on the images.")
    (bigram,) = restorer.detect("They have profound pockets and can pay.")
    vouch = [next(e for e in f.evidence if e.name == "established") for f in (term, bigram)]
    assert vouch[0].log_odds == TERM_VOUCH == 1.5 and "(a term)" in vouch[0].detail
    assert term.action == "restore"
    assert vouch[1].log_odds == 0.5 and bigram.action == "report"
    assert "(frequent web bigrams)" in vouch[1].detail


def test_swaps_that_only_together_make_a_term_vouch_more(tmp_path: Path) -> None:
    """"profound" (-> deep) and "conviction" (-> belief) each look swapped, and only together do they make
    a term ("deep belief", inside a table original): two independent signs, so the vouch is the term's
    plus MULTI_SWAP_VOUCH, and the explanation says why. One swap alone gets the term's vouch only."""
    rows = ROWS + "".join(f"conviction {w}\tbelief {w}\t0.95\tdomain=science,kind=tortured\ttest\n"
                          for w in ("revision", "propagation"))
    path = tmp_path / "rows.tsv"
    path.write_text(rows, encoding="utf-8")
    r = Restorer(Config(tables=(str(path),), default_tables=False, report_threshold=0.0))
    (two,) = r.detect("We fit a profound conviction network to the data.")
    (one,) = r.detect("We train profound learning approaches on the images.")
    assert (two.spun, two.restored) == ("profound conviction", "deep belief")
    vouch = [next(e for e in f.evidence if e.name == "established") for f in (two, one)]
    assert vouch[0].log_odds == TERM_VOUCH + MULTI_SWAP_VOUCH
    assert "2 swapped-looking words make it together" in vouch[0].detail
    assert vouch[1].log_odds == TERM_VOUCH and "together" not in vouch[1].detail



@pytest.mark.parametrize(("rows", "bonus"), [(1, 0.0), (2, MULTI_SWAP_VOUCH)])
def test_general_english_made_by_two_swaps_needs_well_attested_swaps(tmp_path: Path, rows: int, bonus: float) -> None:
    """*deep blue* is only a web bigram (general English): two swaps making it vouch more only when each
    is shown in MIN_SUPPORT table rows; "azure" -> "blue" from one row is not enough ("native types" ->
    *local products* in a docstring was such a restoration)."""
    extra = "".join(f"azure {w}\tblue {w}\t0.95\tdomain=science,kind=tortured\ttest\n" for w in ("sky", "eyes")[:rows])
    r = _restorer(tmp_path, ROWS.split("\n", 2)[2] + extra, report_threshold=0.0)
    (found,) = r.detect("The sea was a profound azure that day.")
    assert (found.spun, found.restored) == ("profound azure", "deep blue")
    vouch = next(e for e in found.evidence if e.name == "established")
    assert "(frequent web bigrams)" in vouch.detail
    assert vouch.log_odds == pytest.approx(0.5 + bonus)

def test_a_neighbours_wordnet_synonym_completes_a_learned_restoration(tmp_path: Path) -> None:
    """"administration" (-> management) is learned; "hazard" is not, but its WordNet synonym *risk* is an
    option beside it: the chunk reads *risk management*. The synonym is no sign of a swap of its own (no
    second swapped word for MULTI_SWAP_VOUCH, and alone it proposes nothing)."""
    r = _restorer(tmp_path, _science_rows("administration", "management", ("project", "data", "memory")),
                  report_threshold=0.0)
    (found,) = r.detect("We study hazard administration in banks.")
    assert (found.spun, found.restored) == ("hazard administration", "risk management")
    assert "hazard → risk (a WordNet synonym)" in found.reason
    assert "administration → management (3 rows)" in found.reason
    vouch = next(e for e in found.evidence if e.name == "established")
    assert "together" not in vouch.detail
    assert r.detect("We study hazard assessment in banks.") == []



def test_a_term_completes_a_half_restored_phrase(tmp_path: Path) -> None:
    """"handling" (-> processing) is learned; "regular" has no learned swap and forms no known pair with
    "language", and of its thesaurus originals only *natural* makes a term with it ("natural language", a
    WordNet term): the phrase is restored whole. A word the restored phrase already reads naturally with
    ("common language") stays, and the completion changes the wording, not the decision (the same prior)."""
    r = _restorer(tmp_path, _science_rows("handling", "processing", ("signal", "image", "speech")),
                  report_threshold=0.0)
    (found,) = r.detect("We apply regular language handling to the clinical notes.")
    assert (found.spun, found.restored) == ("regular language handling", "natural language processing")
    assert "regular → natural (the thesaurus original that makes a term)" in found.reason
    (kept,) = r.detect("We apply common language handling to the clinical notes.")
    assert (kept.spun, kept.restored) == ("handling", "processing")
    (alone,) = r.detect("We apply language handling to the clinical notes.")
    assert (alone.spun, alone.restored) == ("handling", "processing")
    prior = [next(e for e in f.evidence if e.name == "prior").log_odds for f in (found, kept)]
    assert prior[0] == prior[1]


def test_no_wordnet_synonym_is_offered_outside_science_like_text() -> None:
    """In a spun headline "to halt buying" had become *to stop shopping* (*halt* -> *stop* a WordNet synonym
    beside *buying* -> *shopping*, learned from one news row), lifted by the document's evidence: outside
    science-like text a chunk's words without learned swaps keep their wording."""
    from spinfix.normalize import normalize

    r = Restorer(Config())
    text = "The enterprise unveiled a fresh merchandise. UPDATE Three-Japan govt to halt buying.\n"
    assert "halt buying" in r.restore(text)
    found = r.generalizer.learned_candidates(text, normalize(text), {})
    assert not [c for c in found if "stop" in c.originals[0]]


HEADER = "#spinfix-table 1\nspun\toriginal\tconfidence\ttags\tsource\tcontext\n"
EXTENDING_ROWS = HEADER + """speech acknowledgment\tspeech recognition\t0.95\tdomain=science,kind=tortured\ttest
face acknowledgment\tface recognition\t0.95\tdomain=science,kind=tortured\ttest
supply route\tartery\t0.9\tdomain=science,kind=tortured\ttest
kidney illness\tkidney disease\t0.95\tdomain=science,kind=tortured\ttest
liver illness\tliver disease\t0.95\tdomain=science,kind=tortured\ttest
"""


def _science_rows(spun: str, original: str, heads: tuple[str, ...]) -> str:
    """Tortured-phrase rows ``head spun`` -> ``head original``, one per head word: they teach the learned
    swap ``spun`` -> ``original`` shown in len(heads) rows."""
    return "".join(f"{w} {spun}\t{w} {original}\t0.95\tdomain=science,kind=tortured\ttest\n" for w in heads)


def _restorer(directory: Path, rows: str, **config: bool) -> Restorer:
    """A restorer on ``rows`` (table lines without the header) alone."""
    path = directory / "rows.tsv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return Restorer(Config(tables=(str(path),), default_tables=False, **config))


@pytest.fixture(scope="module")
def extending(tmp_path_factory: pytest.TempPathFactory) -> Restorer:
    path = tmp_path_factory.mktemp("extending") / "rows.tsv"
    path.write_text(EXTENDING_ROWS, encoding="utf-8")
    return Restorer(Config(tables=(str(path),), default_tables=False)).warm()


def test_a_restoration_that_extends_a_row_wins_over_it(extending: Restorer) -> None:
    """The row restores "supply route" -> "artery" with a higher score than the generaliser's
    "supply route illness" -> "artery disease"; the longer one contains the row's restoration and adds
    the neighbour the same spinner swapped, so it is the one written (not "coronary artery illness")."""
    text = "Patients with coronary supply route illness were studied in our analysis."
    result = extending.restore_and_explain(text)
    assert result.text == "Patients with coronary artery disease were studied in our analysis."
    (finding,) = [f for f in result.findings if f.action == "restore"]
    assert (finding.spun, finding.rule) == ("supply route illness", "general:learned")
    # Without the neighbour, the row alone restores its part.
    assert extending.restore("Patients with coronary supply route damage were studied.") == (
        "Patients with coronary artery damage were studied.")


def test_a_longer_candidate_that_says_something_else_does_not_extend() -> None:
    """drop_extended drops a restoration only when the longer one contains its original."""
    def decision(start: int, end: int, original: str, p: float) -> Decision:
        return Decision(Candidate(start, end, (original,), 0.5, "test", "test"), p, ())

    row = decision(4, 16, "artery", 0.99)
    extension, rival = decision(4, 24, "artery disease", 0.7), decision(4, 24, "road disease", 0.7)
    assert drop_extended([row, extension], 0.5) == [extension]
    assert drop_extended([row, rival], 0.5) == [row, rival]
    # A longer candidate below the restore threshold extends nothing.
    unsure = decision(4, 24, "artery disease", 0.4)
    assert drop_extended([row, unsure], 0.5) == [row, unsure]


def test_model_bigrams_vouch_for_a_chunk_only_in_science_like_text(extending: Restorer) -> None:
    """"gesture recognition" is no WordNet term, no web bigram of the shipped list, no technical
    collocation and no pair of the rows, but the trigram model lists it: in a science-like sentence the
    chunk decoder may propose it. In news the model's bigrams are too permissive for that (see
    Generalizer.collocated), so nothing is found."""
    lexicon = extending.generalizer.lexicon
    assert "gesture recognition" not in lexicon.collocations and "gesture recognition" not in lexicon.bigrams
    (finding,) = extending.detect("We evaluate gesture acknowledgment methods on our dataset.")
    assert finding.restored == "recognition"
    vouch = next(e for e in finding.evidence if e.name == "established")
    assert "(bigrams of the trigram model)" in vouch.detail and vouch.log_odds == 0.5
    assert extending.detect("The gesture acknowledgment came on Tuesday, officials said.") == []


def test_technical_collocations_vouch_in_science_text_even_without_the_trigram_model(tmp_path: Path) -> None:
    """"feature selection" is in no web list, no WordNet term and not in the trigram model, but the docstrings
    of the scientific stack use it (``collocations.tsv.gz``): in science-like text it vouches for "highlight
    selection" -> "feature selection" (reported: four rows are thin support), with or without the context
    model; in news it does not."""
    rows = "".join(f"highlight {w}\tfeature {w}\t0.95\tdomain=science,kind=tortured\ttest\n"
                   for w in ("extraction", "map", "vector", "space"))
    for context in (True, False):
        r = _restorer(tmp_path, rows, context=context)
        (finding,) = r.detect("We apply highlight selection to our dataset.")
        assert finding.restored == "feature"
        assert "(technical collocations)" in next(e for e in finding.evidence if e.name == "established").detail
        assert r.detect("The highlight selection was shown on Tuesday, officials said.") == []


def test_words_as_written_that_the_lists_know_block_a_restoration_in_any_register() -> None:
    """The other side of the two tests above: outside science-like text the trigram model's bigrams and the
    technical collocations do not vouch for a restored pair, but they still show that a pair as written is
    ordinary wording. "relatively uncommon" is a bigram of the model, and a docstring's sentence (general
    prose) had it restored to "relatively rare" by the learned swap uncommon -> rare (session 28)."""
    restorer = Restorer()
    general = restorer.generalizer
    assert general is not None and general.model_pairs is not None
    assert general.model_pairs.has_bigram("relatively", "uncommon") and not general.established("relatively uncommon")
    for text in ("Nemerle is quite similar to Python, but @if is relatively uncommon elsewhere.",
                 "The syntax is close to Python, but such decorators are relatively uncommon elsewhere."):
        assert restorer.restore(text) == text


def test_the_collocation_list_is_the_built_one() -> None:
    lexicon = Lexicon()
    assert {"activation function", "roc curve", "k-means clustering"} <= lexicon.collocations
    assert "of the" not in lexicon.collocations  # function words are left out at build time
    head = gzip.decompress((lexicon.directory / "collocations.tsv.gz").read_bytes())
    assert head.startswith(b"#spinfix-collocations 2\n")


def test_a_swap_learned_from_the_other_domain_acts_only_where_the_region_looks_spun(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"nonstop" -> "continuous" is learned from science rows only (paper-mill wording): in a science-like
    sentence the generaliser restores it; in a news-like story (forty words or more: a sentence alone has
    no register) whose region shows no sign of spinning it is only reported, with the reason in its
    evidence (clean held-out news lost "nonstop" that way). The story below cites "data", which keeps it
    above ``text.GENERAL_PROSE_SHARE``; without it, it reads as general prose and the swap is not even
    proposed (as the science rows themselves are off there)."""
    rows = "".join(f"nonstop {a}\tcontinuous {b}\t0.95\tdomain=science,kind=tortured\ttest\n"
                   for a, b in (("checking", "checking"), ("mixing", "stirring"), ("handling", "operation"),
                                ("thickness", "density")))
    r = _restorer(tmp_path, rows)
    assert r.restore("We used nonstop monitoring of the samples in our experiments.") == (
        "We used continuous monitoring of the samples in our experiments.")
    news = ("The nonstop monitoring of the border began on Monday, officials said. The government has sent "
            "more police officers to the region after a week of protests in the capital, and the minister "
            "told reporters on Tuesday that the new measures would stay in place until the end of the month, "
            "citing data from the interior ministry.")
    # Nothing in the story is a seed and it holds no spinner vocabulary, so the learned-swap pass does
    # not even run in it (restore.VOCABULARY_SEED_RATE) ...
    assert r.detect(news) == []
    # ... and where it runs, the phrase waits for its region to look spun.
    monkeypatch.setattr(sys.modules["spinfix.restore"], "VOCABULARY_SEED_WORDS", 0)
    monkeypatch.setattr(sys.modules["spinfix.restore"], "VOCABULARY_SEED_RATE", 0.0)
    (finding,) = r.detect(news)
    assert finding.action == "report" and "science rows only" in finding.reason
    assert any(e.name == "unspun region" for e in finding.evidence)
    assert r.restore(news) == news
    general = news.replace(", citing data from the interior ministry.", ".")
    assert r.detect(general) == [] and r.restore(general) == general
    # The generaliser keeps each chunk's restoration; the same chunk in text of the other register must
    # still be decided for that register, in either order.
    assert r.restore("We used nonstop monitoring of the samples in our experiments.") == (
        "We used continuous monitoring of the samples in our experiments.")
    fresh = _restorer(tmp_path, rows)
    assert fresh.restore(news) == news
    assert fresh.restore("We used nonstop monitoring of the samples in our experiments.") == (
        "We used continuous monitoring of the samples in our experiments.")


def test_the_better_established_restoration_wins_over_the_simpler_one(tmp_path: Path) -> None:
    """Both "private corporations" (a bigram of the trigram model, which vouches in science-like text) and
    "private companies" (a frequent web bigram) are vouched for; the better established one is written,
    though it changes one word more, instead of a half restoration."""
    rows = "".join(f"{s}\t{o}\t0.95\tdomain=news,kind=phrase\ttest\n" for s, o in (
        ("personal firms", "private firms"), ("personal sector", "private sector"),
        ("tech corporations", "tech companies"), ("big corporations", "big companies")))
    r = _restorer(tmp_path, rows)
    (finding,) = r.detect("We saw personal corporations in our data.")
    assert finding.restored == "private companies"


def test_what_the_cap_may_lower_reads_its_region() -> None:
    """The scan reads a candidate's region only if its decision can depend on it; a swap of the other
    domain is capped like a weak row, so both must count as cappable (the merge with the on-demand scan
    first missed the former)."""
    from spinfix.score import cappable

    def cand(rule: str, prior: float, **kw: object) -> Candidate:
        return Candidate(0, 4, ("x",), prior, rule, "test", **kw)  # type: ignore[arg-type]

    assert cappable(cand("general:learned", 0.4, spun_region=True))
    assert cappable(cand("table:news", 0.1))
    assert not cappable(cand("general:learned", 0.4))
    assert not cappable(cand("table:news", 0.9))
    assert not cappable(cand("rule:number", 0.1, kind="number"))


def test_in_news_a_learned_phrase_waits_for_a_spun_region(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """News spinners swap common words, and a restored phrase English has a name for ("government
    issue", a WordNet term) is no sign of one in news: in news-like text a learned phrase is restored only
    where its region looks spun. On clean ABC news (the Lee corpus) "the presidency issue" had become
    "the government issue"."""
    rows = "".join(f"presidency {w}\tgovernment {w}\t0.9\tdomain=news,kind=phrase\ttest\n"
                   for w in ("officials", "spokesman", "sources"))
    r = _restorer(tmp_path, rows)
    news = ("The club's board met on Tuesday to settle the presidency issue before the new season starts. "
            "Members said the vote would take place at the annual general meeting in the city next month, "
            "and the coach told reporters that the players were looking forward to a quieter year.")
    assert r.detect(news) == []  # no seed, no spinner vocabulary: the learned-swap pass does not run
    monkeypatch.setattr(sys.modules["spinfix.restore"], "VOCABULARY_SEED_WORDS", 0)
    monkeypatch.setattr(sys.modules["spinfix.restore"], "VOCABULARY_SEED_RATE", 0.0)
    (finding,) = [f for f in r.detect(news) if f.spun == "presidency"]
    assert finding.rule == "general:learned" and finding.restored == "government"
    assert finding.action == "report"
    assert any(e.name == "unspun region" for e in finding.evidence)
    assert r.restore(news) == news


def test_a_learned_swap_of_a_rarer_word_needs_a_strong_finding_in_its_region() -> None:
    """Encyclopedic and technical prose reads as improbable to the broadcast-news model, so a learned word
    swap of a rarer word ("flora" -> "plants") counts only where a strong finding stands in its region; a
    common word's ("within" -> "in") needs the region's evidence only, as before."""
    from spinfix.general import COMMON_SWAP_ZIPF
    from spinfix.records import Evidence
    from spinfix.score import CONTEXT_SWAP_MIN, DocumentEvidence, Scored, context_swap_holds

    r = Restorer(Config())
    general, zipf = r.generalizer, r.scorer.lexicon.zipf
    assert general is not None
    rare = next(w for w in general.trigger_words if 0 < zipf.get(w, 0) < COMMON_SWAP_ZIPF)
    common = next(w for w in general.trigger_words if zipf.get(w, 0) >= COMMON_SWAP_ZIPF)
    marks = {}
    for word in (rare, common):
        cands = general._word_candidates(word, [(0, len(word))])
        assert cands and all(c.rule == "general:context" for c in cands), word
        marks[word] = {c.strong_region for c in cands}
    assert marks == {rare: {True}, common: {False}}

    context = Evidence("context", CONTEXT_SWAP_MIN + 1, "the trigram context prefers the original")
    spun_region = DocumentEvidence(0, 100, 3.5)  # improbable words enough, no strong finding
    with_strong = DocumentEvidence(1, 100, 3.5)
    for flag, alone in ((True, False), (False, True)):
        cand = Candidate(0, 5, ("x",), 0.05, "general:context", "learned", strong_region=flag)
        scored = Scored(cand, 0.0, 0.5, (context,))
        assert context_swap_holds(scored, spun_region) is alone
        assert context_swap_holds(scored, with_strong) is True


def test_a_thesaurus_reading_must_fit_a_content_word_and_no_neighbour_worse() -> None:
    """The thesaurus pass of a spun document (``Generalizer._thesaurus_evidence``): the original must fit
    a content-word neighbour that the spun word does not fit, and no neighbour worse (established pairs
    and the trigram model's bigrams). In the table-spun benchmark news it had rewritten words the spinner
    never touched, each vouched for by a function word or by the web bigram list's silence ("the
    escort", "its crop", "would instead" are English)."""
    general = Restorer().warm().generalizer
    assert general is not None
    # The real example's "in shut communication": "close communication" is a bigram, "shut communication" not.
    assert general._thesaurus_evidence("in", "shut", "communication", "close") == "close communication"
    assert general._thesaurus_evidence("to", "hybrid", "production", "cross") == ""  # "to cross": a function word
    assert general._thesaurus_evidence("battery", "plant", "it", "found") == ""  # "battery found" fits worse
    assert general._thesaurus_evidence("the", "escort", "of", "date") == ""


PAIRED_ROWS = "".join(f"{s}\t{o}\t0.95\tdomain=science,kind=tortured\ttest\n" for s, o in (
    ("profound learning", "deep learning"), ("profound belief network", "deep belief network"),
    ("profound features", "deep features"), ("profound neural models", "deep neural models"),
    ("convolutional neural system", "convolutional neural network"),
    ("recurrent neural system", "recurrent neural network"), ("graph neural system", "graph neural network"),
    ("artificial neural system", "artificial neural network"),
    # "system" is also original wording in the tables, so it learns no swap of its own.
    ("smart framework", "smart system"), ("control framework", "control system"),
))


def test_a_swap_the_tables_show_beside_the_same_neighbour_completes_the_phrase(tmp_path: Path) -> None:
    """"neural system" is ordinary English (a WordNet term) and "system" learns nothing alone, but the tables
    show "neural system" spun for "neural network" twice: in a chunk a trigger opened ("profound"), the
    phrase is restored whole rather than half ("deep neural system")."""
    r = _restorer(tmp_path, PAIRED_ROWS)
    assert r.generalizer is not None and "system" not in r.generalizer.learned
    assert [s.original for s in r.generalizer.paired["science"][("neural", "system", -1)]] == ["network"]
    assert r.restore("The proposed approach relies on profound neural system and related methods.") == (
        "The proposed approach relies on deep neural network and related methods.")
    # Never on its own: without a trigger in the chunk the writer's "neural system" stays.
    assert r.restore("We model the neural system of the fly.") == "We model the neural system of the fly."


def test_paired_swaps_need_support_and_agreement(tmp_path: Path) -> None:
    """One row is not enough, and a pair the tables swap for different originals teaches nothing."""
    def rows(*pairs: tuple[str, str]) -> str:
        return "".join(f"{s}\t{o}\t0.95\tdomain=science,kind=tortured\ttest\n" for s, o in pairs)

    one = rows(("convolutional neural system", "convolutional neural network"))
    split = rows(("convolutional neural system", "convolutional neural network"),
                 ("recurrent neural system", "recurrent neural network"),
                 ("artificial neural system", "artificial neural structure"),
                 ("graph neural system", "graph neural structure"))
    for table in (one, split):
        r = _restorer(tmp_path, table)
        assert r.generalizer is not None and ("neural", "system", -1) not in r.generalizer.paired["science"]


def test_a_phrase_that_no_longer_spells_its_acronym_is_restored_to_the_reading_that_does() -> None:
    """"haphazard woodland" is no table row; its acronym (RF) and the thesaurus give *random forest*, which is
    established. Only the words before the acronym, one per letter, are read."""
    r = Restorer(Config())
    text = "We train haphazard woodland (RF) classifiers on the features."
    (finding,) = r.detect(text)
    assert (finding.spun, finding.restored, finding.rule) == ("haphazard woodland", "random forest", "general:acronym")
    assert "(RF)" in finding.reason
    assert r.restore(text) == "We train random forest (RF) classifiers on the features."


@pytest.mark.parametrize("text", [
    "Classifiers such as random forest (RF) and support vector machines (SVMs) were compared.",
    "The structure of deoxyribonucleic acid (DNA) was resolved by diffraction.",  # spelled otherwise: no synonym helps
    "The World Health Organization (WHO) said the outbreak was contained.",
    "We train haphazard woodland (XY) classifiers on the features.",  # no established reading spells XY
])
def test_phrases_that_spell_their_acronym_or_cannot_are_left_alone(text: str) -> None:
    r = Restorer(Config())
    assert not [f for f in r.detect(text) if f.rule == "general:acronym"]


def test_the_acronym_rule_can_be_switched_off() -> None:
    from spinfix.selection import GENERAL_RULES, RULES

    assert "general:acronym" in RULES and "general:acronym" in GENERAL_RULES
    text = "We train haphazard woodland (RF) classifiers on the features."
    r = Restorer(Config(generalize=False))
    assert r.restore(text) == text


# --- the thesaurus pass's shipped options (scripts/build_thesaurus_options.py) -------------------------------


def test_the_shipped_thesaurus_options_are_the_live_ones_for_every_word() -> None:
    # The file stands in for the whole reverse thesaurus in a spun document: it must say exactly what the
    # live computation says, word by word (a word it leaves out has no options).
    from spinfix.general import THESAURUS_OPTIONS_FILE, read_thesaurus_options, thesaurus_options, thesaurus_options_key
    from spinfix.lexicon import Thesaurus

    lexicon, thesaurus = Lexicon(), Thesaurus()
    shipped = read_thesaurus_options(thesaurus.directory / THESAURUS_OPTIONS_FILE,
                                     thesaurus_options_key(lexicon, thesaurus))
    assert shipped is not None, "the shipped options file is missing or stale: run scripts/build_thesaurus_options.py"
    live = {w: thesaurus_options(w, lexicon, thesaurus) for w in thesaurus.known}
    assert shipped == {w: o for w, o in live.items() if o}
    assert len(shipped) > 10_000


def test_the_build_script_reproduces_the_shipped_file() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from build_thesaurus_options import build

    from spinfix.general import THESAURUS_OPTIONS_FILE
    from spinfix.lexicon import Thesaurus

    thesaurus = Thesaurus()
    data, _ = build(Lexicon(), thesaurus)
    assert data == (thesaurus.directory / THESAURUS_OPTIONS_FILE).read_bytes()


def test_a_stale_or_broken_options_file_is_not_used(tmp_path: Path) -> None:
    from spinfix.general import read_thesaurus_options

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_bytes(gzip.compress(text.encode("utf-8")))
        return path

    good = write("good.tsv.gz", "#spinfix-thesaurus-options 1\n# key: K1\nshut\tclose\nhalt\tstop end\n")
    assert read_thesaurus_options(good, "K1") == {"shut": ("close",), "halt": ("stop", "end")}
    assert read_thesaurus_options(good, "K2") is None  # built from other data or constants
    assert read_thesaurus_options(tmp_path / "missing.tsv.gz", "K1") is None
    assert read_thesaurus_options(write("odd.tsv.gz", "# key: K1\nshut\tclose\nhalt\n"), "K1") is None
    assert read_thesaurus_options(write("bare.tsv.gz", "# key: K1"), "K1") == {}  # no rows, no final line break
    (tmp_path / "junk.tsv.gz").write_bytes(b"not gzip")
    assert read_thesaurus_options(tmp_path / "junk.tsv.gz", "K1") is None


def test_without_the_options_file_the_pass_decides_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    # The live path (a stale file, a source checkout with rebuilt data) and the shipped one propose the same
    # candidates, and a word that a table lists as spun is never proposed by either.
    from spinfix.general import Generalizer
    from spinfix.normalize import normalize

    text = ("The minister stated the federal government would halt the plan, sources informed Reuters, "
            "adding that talks were in shut communication with personal corporations.")
    spans = []
    for shipped in (True, False):
        if not shipped:
            monkeypatch.setattr(Generalizer, "shipped_options", None)
        general = Restorer(Config()).generalizer
        assert general is not None
        assert (general.shipped_options is not None) is shipped
        found = general.thesaurus_candidates(text, normalize(text), [])
        spans.append([(c.start, c.end, c.originals) for c in found])
        assert all(text[c.start:c.end].lower() not in general.table_spun for c in found)
    assert spans[0] == spans[1] and spans[0], spans


def test_a_thesaurus_view_gets_its_own_options_not_the_shipped_ones() -> None:
    # The evaluation's strict split hands the generaliser a view of the thesaurus without held-out pairs:
    # the shipped options, worked out from the whole thesaurus, must not stand in for it.
    from spinfix.lexicon import Thesaurus
    from spinfix.normalize import normalize

    class WithoutClose(Thesaurus):
        def originals(self, spun: str, **kwargs):  # type: ignore[no-untyped-def]
            return [o for o in super().originals(spun, **kwargs) if o != "close"]

    text = "Officials said they were in shut communication with the ministry, sources informed Reuters."
    general = Restorer(Config()).generalizer
    assert general is not None
    assert ("close",) in [c.originals for c in general.thesaurus_candidates(text, normalize(text), [])]
    general = Restorer(Config()).generalizer
    assert general is not None
    general.thesaurus = WithoutClose()
    assert general.shipped_options is None
    assert ("close",) not in [c.originals for c in general.thesaurus_candidates(text, normalize(text), [])]


def test_a_table_original_triggers_only_when_taught_far_more_often_and_to_one_original() -> None:
    """``general.trigger_words``: a word that some row restores to is writer's wording and no trigger,
    unless the rows teach it as a swap ORIGINAL_TRIGGER_RATIO times as often, mostly to one original."""
    from spinfix.general import ORIGINAL_TRIGGER_RATIO, ORIGINAL_TRIGGER_SHARE, Swap, trigger_words

    learned = {
        "community": [Swap("network", 23, 1.0)],  # restored to once: taught 23 times, all to one original
        "informed": [Swap("told", 3, 1.0)],  # restored to once, taught only three times
        "information": [Swap("news", 51, 0.42), Swap("data", 50, 0.42)],  # split between originals
        "thereafter": [Swap("then", 2, 1.0)],  # never restored to
    }
    zipf = dict.fromkeys(learned, 4.0)
    originals = {"community": 1, "informed": 1, "information": 1}
    assert ORIGINAL_TRIGGER_RATIO > 3 and ORIGINAL_TRIGGER_SHARE > 0.42
    assert trigger_words(learned, originals, zipf) == ["community", "thereafter"]
    # Restored to five times, taught 23: not far more often.
    assert trigger_words(learned, {**originals, "community": 5}, zipf) == ["thereafter"]
    assert trigger_words(learned, {}, zipf) == sorted(learned)


def test_chunks_no_trigger_word_could_vouch_for_are_not_enumerated(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Generalizer._may_vouch`` skips a chunk's readings only when none of them would be vouched: the
    learned pass finds the same candidates with the readings always enumerated. Read on the clean science
    fixtures (where most chunks are skipped) and on sentences holding the spun forms of the shipped
    tortured-phrase rows (where many are restored)."""
    from spinfix.general import Generalizer
    from spinfix.normalize import normalize

    root = Path(__file__).parent
    texts = [p.read_text("utf-8") for p in sorted((root / "fixtures" / "clean" / "science").glob("*.txt"))]
    rows = read_table(next(p for p in default_table_paths() if p.endswith("science_pps.tsv")))
    phrases = sorted({r.spun for r in rows if r.domain == "science"})[::7]
    texts += [f"In this study the {a} was compared with the {b} on two data sets." for a, b in
              zip(phrases[::2], phrases[1::2])]
    general = Restorer(Config()).warm().generalizer
    assert general is not None
    skipped: list[bool] = []
    shortcut = Generalizer._may_vouch

    def counted(self: Generalizer, *args: object) -> bool:
        skipped.append(not shortcut(self, *args))  # type: ignore[arg-type]
        return not skipped[-1]

    def candidates() -> list[list[Candidate]]:
        general._chunk_memo.clear()
        return [general.learned_candidates(t, normalize(t), {}) for t in texts]

    monkeypatch.setattr(Generalizer, "_may_vouch", counted)
    fast = candidates()
    monkeypatch.setattr(Generalizer, "_may_vouch", lambda *args: True)
    assert candidates() == fast
    assert sum(skipped) >= 200 and skipped.count(False) >= 100
    assert sum(1 for found in fast for c in found if c.rule == "general:learned") >= 100


def test_term_completions_ask_every_original_at_both_seams() -> None:
    """``Generalizer._completions`` cuts the neighbours' sides once and looks the original's seams up in the
    term sets directly; it must complete exactly as ``_term`` of ``_seam`` with the original in place does.
    Read on chunks built from WordNet's two-word terms: for "a b", a word the thesaurus lists as a spin of
    "a" before "b" (completed at the seam after it) and "a" before a spin of "b" (the seam before it)."""
    from spinfix.general import COMPLETION_ORIGINALS, Generalizer, _Register, _seam, _sides
    from spinfix.normalize import normalize
    from spinfix.text import Register

    general = Restorer(Config()).warm().generalizer
    assert general is not None
    text = "The convolutional network was trained on the dataset and the classifier was evaluated. " * 3
    register = _Register(Register(text, normalize(text)))

    def reference(words: list[str], restored: list[str], changed: list[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        n = len(words)
        for i in range(n):
            if i in changed or any(general.collocated(_seam(restored, j), register) for j in _sides(i, n)):
                continue
            found: list[str] = []
            trial = list(restored)
            for original in general.thesaurus.originals(words[i], limit=COMPLETION_ORIGINALS):
                if original[:4] == words[i][:4] or not general._content(original):
                    continue
                trial[i] = original
                if any(general._term(_seam(trial, j)) for j in _sides(i, n)):
                    found.append(original)
                    if len(found) > 1:
                        break
            if len(found) == 1:
                out[i] = found[0]
        return out

    spins: dict[str, list[str]] = {}
    for spun in sorted(general.thesaurus.known)[::3]:
        for original in general.thesaurus.originals(spun, limit=5):
            spins.setdefault(original, []).append(spun)
    chunks: list[tuple[list[str], list[int]]] = []
    for term in sorted(t for t in general.terms.terms if t.count(" ") == 1)[::120]:
        a, b = term.split(" ")
        chunks += [([s, b], [1]) for s in spins.get(a, [])[:2]] + [([a, s], [0]) for s in spins.get(b, [])[:2]]
    sides = {"after": 0, "before": 0}
    for words, changed in chunks:
        expected = reference(words, list(words), changed)
        assert Generalizer._completions(general, words, list(words), changed, register,
                                        free=set(range(len(words)))) == expected, words
        for i in expected:
            sides["after" if i == 0 else "before"] += 1
    assert len(chunks) > 500 and min(sides.values()) >= 10, sides


def test_a_learned_restoration_keeps_the_number_of_the_spun_noun(default: Restorer) -> None:
    """The paper-mill list names terms, not inflections, so "woods" learned *forest* from 4 rows and
    *forests* from 2: a plural spun noun takes the plural the tables also give it, and a singular one the
    singular; a swap whose numbers differ on purpose keeps its original."""
    assert default.restore("Several choice woods were trained with different seeds.") == \
        "Several decision forests were trained with different seeds."
    general = default.generalizer
    assert general is not None
    assert general._in_number("woods", "forest") == "forests"
    assert general._in_number("capacity", "functions") == "function"  # the tables give "function" too
    assert general._in_number("authorities", "government") == "government"  # "governments" is no original
    assert general._in_number("frameworks", "systems") == "systems"  # already in number
