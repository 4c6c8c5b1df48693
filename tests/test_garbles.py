"""The spinner's garbles of short forms (``spinfix.rules.garbles``): "The us", "its 1st loss of life"."""

from __future__ import annotations

import pytest

import spinfix
from spinfix import Config, Restorer
from spinfix.rules.garbles import ORDINALS, garble_candidates

# A paragraph in the style of the scraper sites' spinner output, written for this test: shipped table rows
# make the document and its region read as spun, which the ordinal rule needs.
SPUN = ("The state reported its 1st loss of life from the virus, and officers informed Reuters that personal "
        "corporations would droop nonessential worker commute. The corporate additionally stated its 2nd "
        "quarter gross sales fell beneath expectations, whilst the 3rd Battalion stayed in the 5th century "
        "fort until June 1st.")
# The same spinner's figures and words the other way round, in a passage of the same kind.
SPUN_NUMBERS = ("Officers informed Reuters that personal corporations would droop nonessential worker commute "
                "until March nine. The corporate additionally stated it is 1 of the largest employers within "
                "the area, and the ban might run from April twenty-two to 30.")


def spans(text: str) -> list[tuple[str, str, str]]:
    return [(text[c.start:c.end], c.originals[0], c.rule) for c in garble_candidates(text)]


@pytest.mark.parametrize("text", [
    "The us reported its first death on Saturday.",
    "Officials in the us said on Tuesday that the plan would go ahead.",
    "Exports to the us, Japan and Europe rose.",
    "Talks between the uk and the eu resumed, the un said.",
    "Imports from the usa fell.",
])
def test_a_lower_case_acronym_after_the_is_restored(text: str) -> None:
    restored = spinfix.restore(text)
    expected = text
    for word in ("us", "uk", "eu", "usa", "un"):
        expected = expected.replace(f"he {word} ", f"he {word.upper()} ").replace(f"he {word},", f"he {word.upper()},")
        expected = expected.replace(f"he {word}.", f"he {word.upper()}.")
    assert restored == expected
    assert spinfix.restore(restored) == restored


@pytest.mark.parametrize("text", [
    "The Us And Them Problem",  # a title: the writer's own capitals
    "It widened the us-versus-them divide.",  # a compound
    "Let us hope the usual rules apply to the user in the uk-based unit and the un-American committee.",
    "The US and the U.S. are written as the writer wrote them.",
])
def test_other_uses_of_us_are_left_alone(text: str) -> None:
    assert [s for s in spans(text) if s[2] == "rule:acronym"] == []
    assert spinfix.restore(text) == text


def test_no_with_a_number_word() -> None:
    assert spinfix.restore("They beat the No. one seed.") == "They beat the No. 1 seed."
    text = "Was it him? No. One of them had left. No. 1 stays."
    assert spans(text) == [] and spinfix.restore(text) == text  # two sentences, and the writer's own figure


def test_ordinals_are_proposed_only_after_a_determiner_and_before_an_ordinary_word() -> None:
    found = spans(SPUN)
    assert ("1st", "first", "rule:ordinal") in found
    assert ("2nd", "second", "rule:ordinal") in found
    # A unit name, a figure noun and a date keep their figures.
    assert all(s[0] not in ("3rd", "5th") for s in found)
    assert [s for s in found if s[0] == "1st"] == [("1st", "first", "rule:ordinal")]  # not "June 1st"
    for text in ("the 4st time", "the 21st century", "in 2nd and 3rd place", "June 1st was hot",
                 "at the 0.1st percentile", "the 5th district", "a 1st-round pick"):
        assert spans(text) == [], text


def test_an_ordinal_is_restored_in_a_spun_passage() -> None:
    restored = spinfix.restore(SPUN)
    assert "its first death" in restored
    assert "its second quarter" in restored
    # The shapes the rule leaves alone stay as written.
    assert "the 5th century" in restored and "June 1st" in restored
    assert spinfix.restore(restored) == restored


def test_an_ordinal_in_clean_text_is_not_even_reported() -> None:
    text = ("The company said its 2nd quarter results would be published next week, after the board met "
            "on Monday to approve the accounts.")
    restorer = Restorer(Config(report_threshold=0.01))
    assert [f for f in restorer.detect(text) if f.rule == "rule:ordinal"] == []
    assert restorer.restore(text) == text


def test_findings_explain_the_garble() -> None:
    findings = spinfix.analyse("The us reported a rise in cases.").findings
    (f,) = [f for f in findings if f.rule == "rule:acronym"]
    assert (f.spun, f.restored, f.action) == ("us", "US", "restore")
    assert "lower case" in f.reason


def test_every_ordinal_word_is_an_ordinal() -> None:
    assert list(ORDINALS) == [f"{d}{s}" for d, s in zip(range(1, 10), ["st", "nd", "rd", *["th"] * 6])]


@pytest.mark.parametrize(("text", "expected"), [
    ("The company cancelled its developer conference in Could over virus concerns.",
     "The company cancelled its developer conference in May over virus concerns."),
    ("The festival runs from Could 12-14 at the park.", "The festival runs from May 12-14 at the park."),
    ("Sales have fallen since Might, figures show.", "Sales have fallen since May, figures show."),
    ("The vote takes place on Might 5.", "The vote takes place on May 5."),
])
def test_the_month_may_written_as_a_modal_is_restored(text: str, expected: str) -> None:
    assert spinfix.restore(text) == expected
    assert spinfix.restore(expected) == expected


@pytest.mark.parametrize("text", [
    "Could it happen again? In Could We Trust is a film.",  # a sentence's first word, a title's "In"
    "He said prices could rise in May, and they might fall in June.",  # modals in lower case
    "Carry on Could you tell me the time?",  # "on" without a day after it
    "They couldn't agree, and the Mighty Ducks won.",
    "Hopes rose that the bill Could pass.",  # capitalised mid-sentence, but after no preposition of time
])
def test_modals_that_are_not_the_month_are_left_alone(text: str) -> None:
    assert [c for c in garble_candidates(text) if c.rule == "rule:month"] == []
    assert spinfix.restore(text) == text


def test_a_spelled_out_day_and_a_figure_for_one_are_restored_in_a_spun_passage() -> None:
    found = [x for x in spans(SPUN_NUMBERS) if x[2] == "rule:number"]
    assert found == [("nine", "9", "rule:number"), ("1", "one", "rule:number"),
                     ("twenty-two", "22", "rule:number")]
    restored = spinfix.restore(SPUN_NUMBERS)
    assert "until March 9." in restored and "it is one of the largest" in restored
    assert "from April 22 to 30" in restored
    assert spinfix.restore(restored) == restored


@pytest.mark.parametrize("text", [
    "In March nine people died and in April ten more.",  # a count, not a day
    "Game 1 of the series is on Friday; Step 1 of the plan failed.",  # a figure after a noun
    "It was the best single of the year.",
    "They all march nine miles a day.",  # the verb, in lower case
    "Voting closes on May nine.",  # "May" is left to the month rule
])
def test_figures_and_number_words_in_other_shapes_are_not_proposed(text: str) -> None:
    assert [c for c in garble_candidates(text) if c.rule == "rule:number"] == []


def test_a_spelled_out_day_in_clean_text_is_left_alone() -> None:
    # Informal prose writes both shapes; without a spun passage around them they stay.
    text = ("See you all on March nine! The band said the new record is 1 of the best things it has made, "
            "and the tour starts April three.")
    restorer = Restorer(Config(report_threshold=0.01))
    assert [f for f in restorer.detect(text) if f.rule == "rule:number"] == []
    assert restorer.restore(text) == text
