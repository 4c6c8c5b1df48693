"""Generalisation beyond the table: learned word swaps restore phrases no row lists, and only there.

Each test builds a restorer on a small table of its own (no default tables), so what is learned is
exactly what the rows show: ``profound -> deep`` from two rows, ``organization -> network`` from two.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spinfix import Config, Restorer
from spinfix.general import align, learn_swaps
from spinfix.table import read_table

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
    """"deep learning" is a pair inside a table original (a term): full vouch, restored. "deep pockets"
    is only a frequent web bigram, general English that says little about "profound pockets": half the
    vouch, reported but not rewritten."""
    (term,) = restorer.detect("We train profound learning approaches on the images.")
    (bigram,) = restorer.detect("They have profound pockets and can pay.")
    vouch = [next(e for e in f.evidence if e.name == "established") for f in (term, bigram)]
    assert vouch[0].log_odds == 1.0 and "(a term)" in vouch[0].detail
    assert term.action == "restore"
    assert vouch[1].log_odds == 0.5 and bigram.action == "report"
    assert "(frequent web bigrams)" in vouch[1].detail
