"""Ordinary English that table rows once changed: each sentence holds a spun form that is also what a writer
writes ("the greenback", "gross sales", "at the least", "her well being", "filed for Chapter 11").

Written for this test (session 10), one sentence per row that ``scripts/check_table.py --audit`` flags or
that was read by hand among the confident longer rows; before those rows were limited to spun documents,
30 of these 44 sentences came back changed, each time with the trigram context agreeing with the row. A
clean sentence alone is no spun document, so none may change; the same rows still act in spun text
(``test_spun_passage_still_restores_them``).
"""

from __future__ import annotations

import pytest

import spinfix

CLEAN = [
    "Protection officers escorted the minister to the car, police said.",
    "Election outcomes were contested in three states last year.",
    "The court ruled that the joint enterprise law had been misapplied for decades.",
    "The greenback fell against the yen on Friday as traders weighed the jobs data.",
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
