"""Ordinary English that table rows once changed: each sentence holds a spun form that is also what a writer
writes ("the greenback", "gross sales", "at the least", "her well being", "filed for Chapter 11").

Written for this test (session 10), one sentence per row that ``scripts/check_table.py --audit`` flags or
that was read by hand among the confident longer rows. Before those rows were limited to spun documents
(``spun-doc``, their confidence kept), 36 of these 52 sentences came back changed, each time with the
trigram context agreeing with the row. A clean sentence alone is no spun document, so none may change;
the same rows still act in spun text (``test_spun_passage_still_restores_them``). Known limit: these
sentences run together as one text (ten or more of them, a listed phrase in every sentence) read as a
spun document and are restored, as spinner output would be.
"""

from __future__ import annotations

import pytest

import spinfix

CLEAN = [
    "Protection officers escorted the minister to the car, police said.",
    "Election outcomes were contested in three states last year.",
    "The court ruled that the joint enterprise law had been misapplied for decades.",
    "The greenback fell against the yen on Friday as traders weighed the jobs data.",
    "Gold rose as a weaker greenback made it cheaper for holders of other currencies.",
    "Retail traders piled into the stock after the earnings report.",
    "The tourism trade has suffered since the border closed.",
    "Safety officers inspected the site before work resumed.",
    "The country faces a financial downturn, the central bank warned.",
    "It was a financial disaster for the town, the mayor said.",
    "Gross sales rose 5 percent to 2 billion dollars, while net sales were flat.",
    "The city became a battle zone overnight, residents said.",
    "The school offers sports activities after classes.",
    "She studied at the university of applied sciences in Munich.",
    "The museum opened a digital arts wing on Tuesday.",
    "Users complained about a slow web connection at the airport.",
    "The cell carriers agreed to share towers in rural areas.",
    "The new legal guidelines take effect in January, the ministry said.",
    "The company wrote down its inventory value by 10 percent.",
    "Administration staff will move to the new building next month.",
    "He had labored for years on the farm before moving to the city.",
    "Electrical vehicles made up a third of new registrations.",
    "The southern metropolis of Guangzhou reported new cases.",
    "He flew to Paris on a personal jet, the report said.",
    "The psychological sickness of the patients was documented.",
    "The decision was in keeping with the report's recommendations, the minister said.",
    "Talks are under way as we speak, a spokesman said on Monday.",
    "The town had flooded many years in the past, residents recalled.",
    "Tickets for the summer season went on sale on Monday.",
    "The project will cost at the least 2 million dollars, officials said.",
    "The central bank may lower rates of interest next month.",
    "The company is going forward with the merger despite the objections.",
    "Prices at the moment are higher than last year, the survey found.",
    "The chamber of commerce and business leaders met on Tuesday.",
    "The study looked at the psychological well being of nurses.",
    "She said her well being had improved since the surgery.",
    "By the time we got here to the hospital it was closed.",
    "The storm could possibly be the worst in a decade, forecasters said.",
    "The clinic treats an individual with any kind of injury.",
    "The plan covers a variety of areas, from health to transport.",
    "Rates of interest on savings accounts rose slightly.",
    "Neighbours organised the get together in the park.",
    "He was acquainted with the matter, a colleague said.",
    "The minister is now not expected to attend the summit, officials said on Monday.",
    "The company filed for Chapter 11 bankruptcy protection on Monday.",
    "Analysts said the best way ahead was unclear after the vote.",
    "Prices stayed flat throughout the interval between the two auctions.",
    "The proposal raises considerations of fairness for smaller firms.",
    "The data are reported at the share level for each fund.",
    "Mathematics is often called a pure language of patterns.",
    "The speakers handle low ranges well, the reviewer said.",
    "The charity runs an income development programme for farmers.",
]


@pytest.mark.parametrize("sentence", CLEAN)
def test_an_ordinary_sentence_is_left_alone(sentence: str) -> None:
    assert spinfix.restore(sentence) == sentence


def test_spun_passage_still_restores_them() -> None:
    # Written in the spinners' style: other rows make the document spun, and then the limited rows act.
    spun = ("The corporate stated on Tuesday that personal corporations informed Reuters the plan could possibly be "
            "delayed. The corporate additionally stated gross sales fell beneath expectations, and the "
            "greenback weakened after officers informed reporters the talks had stalled.")
    restored = spinfix.restore(spun)
    assert "could be delayed" in restored
    assert "also said sales fell under expectations" in restored


def _audit():  # scripts/check_table.py is a script, not a module of the package
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "check_table.py"
    spec = importlib.util.spec_from_file_location("check_table", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.audit


def test_no_shipped_row_acts_on_ordinary_english_outside_spun_documents() -> None:
    from spinfix.table import default_table_paths, read_table

    audit = _audit()
    news = [p for p in default_table_paths() if p.endswith("news.tsv")]
    assert [(row.spun, why) for row, why in audit(read_table(news[0]))] == []


def test_the_audit_reads_longer_rows_too(tmp_path) -> None:
    from spinfix.table import read_table

    table = tmp_path / "mine.tsv"
    table.write_text("#spinfix-table 1\nspun\toriginal\tconfidence\ttags\tsource\tcontext\n"
                     "could possibly be\tcould be\t0.60\tdomain=news,kind=phrase\tuser\n"
                     "at the least\tat least\t0.60\tdomain=news,kind=phrase\tuser\tspun-doc\n"
                     "personal corporations\tprivate companies\t0.95\tdomain=news,kind=phrase\tuser\n",
                     encoding="utf-8")
    flagged = [(row.spun, row.conditions.spun_doc) for row, _ in _audit()(read_table(table))]
    assert flagged == [("could possibly be", False)]
