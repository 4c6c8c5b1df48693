"""Restoration: exact spans, case and inflection carried over, articles fixed, every other byte kept."""

from __future__ import annotations

from pathlib import Path

import pytest

import spinfix
from spinfix import Config, EditError, Restorer, apply_edits
from spinfix.records import Edit
from spinfix.restore import transfer_case

from .conftest import HEADER, write_table


def test_case_and_inflection_carry_over(small: Restorer) -> None:
    assert small.restore("Personal corporations rose.") == "Private companies rose."
    assert small.restore("PERSONAL CORPORATIONS ROSE") == "PRIVATE COMPANIES ROSE"
    assert small.restore("a personal corporation") == "a private company"
    assert small.restore("Sources informed us; he informs them.") == "Sources told us; he tells them."


def test_article_fixed_when_sound_changes(small: Restorer) -> None:
    assert small.restore("They have an extended relationship.") == "They have a long relationship."
    assert small.restore("It is An extended relationship.") == "It is A long relationship."
    # The article already fits the original word: it stays.
    assert small.restore("This is an necessary problem.") == "This is an important issue."


def test_title_case_phrase(small: Restorer) -> None:
    assert small.restore("Shares fell on Wall Avenue today.") == "Shares fell on Wall Street today."


def test_separators_inside_a_span_are_kept(small: Restorer) -> None:
    assert small.restore("personal\ncorporations") == "private\ncompanies"
    assert small.restore("personal\u00a0corporations") == "private\u00a0companies"


def test_offsets_are_input_code_points(small: Restorer) -> None:
    for prefix in ["İİ ", "STRAẞE ", "e\u0301 ", "😀👍🏽 ", "\r\n\t", "ﬁ "]:
        text = prefix + "personal corporations, said X."
        [f] = [f for f in small.detect(text) if f.spun.lower().startswith("personal")]
        assert text[f.start:f.end] == f.spun == "personal corporations"
        assert small.restore(text) == prefix + "private companies, said X."


def test_context_conditions(small: Restorer) -> None:
    assert small.restore("defences towards leaks") == "defences against leaks"
    assert small.restore("walked towards the door") == "walked towards the door"
    assert small.restore("a counterfeit consciousness model") == "a artificial intelligence model".replace(
        "a artificial", "an artificial")
    assert small.restore("counterfeit goods and counterfeit consciousness") == (
        "counterfeit goods and counterfeit consciousness")


def test_and_term_is_evidence_not_a_condition(small: Restorer) -> None:
    [f] = small.detect("The malignant growth was removed. Cancer returned.")
    assert any(e.name == "and-term" for e in f.evidence)
    [g] = small.detect("The malignant growth was removed.")
    assert not any(e.name == "and-term" for e in g.evidence)
    assert f.score > g.score


def test_numbers_rule(small: Restorer) -> None:
    assert small.restore("Shares rose zero.5 % and 5.Seven %.") == "Shares rose 0.5 % and 5.7 %."
    assert small.restore("UPDATE Three-Japan govt") == "UPDATE 3-Japan govt"
    # The leading group of a number with thousands separators ("3,000" spun as "three,000").
    assert small.restore("It will cut three,000 jobs and twenty,500 posts; Eleven,000 left.") == (
        "It will cut 3,000 jobs and 20,500 posts; 11,000 left.")
    # A number word beside a sign, or beside a digit across a hyphen (a score, a vote).
    assert small.restore("It paid $three billion, up Four% on the year, after a 5-four ruling.") == (
        "It paid $3 billion, up 4% on the year, after a 5-4 ruling.")
    assert small.restore("The club won three-1 and then 2-two; profit rose ten %.") == (
        "The club won 3-1 and then 2-2; profit rose 10 %.")
    # "per cent" after a figure, reworded by the thesaurus ("per" -> "for each").
    assert small.restore("It will cut 15 for each cent of staff; rates rose 2.5 for every cent.") == (
        "It will cut 15 per cent of staff; rates rose 2.5 per cent.")
    # ... and the figure too, when the spinner spelled it out ("5" -> "five").
    assert small.restore("Shares fell more than five for every cent; Twenty for each cent of staff left.") == (
        "Shares fell more than 5 per cent; 20 per cent of staff left.")


@pytest.mark.parametrize("clean", [
    "three people were hurt", "zero tolerance", "one of the sources said", "UPDATE 3-Japan",
    "rose 0.5 %", "It was one.", "version 2.0 is out", "Chapter One.", "update three files",
    "count one,two,three", "three, 000 apart", "3,000 jobs", "it cost one,0000", "ab1three,000",
    "COVID-19 cases", "one-on-one talks", "a 3-D film", "the G-7 met", "an mp3-one file", "rose 3% to $3",
    "a three-1st place", "the one-2-three count", "$ million", "% of one", "Fifty-fifty odds",
    "He paid back every cent.", "It cost 5 each; every cent counts.", "for each cent of it", "15 for each centre",
    "He gave a hundred for every cent of it.", "They saved five, every cent of it.", "one.five for each cent",
])
def test_numbers_negative(small: Restorer, clean: str) -> None:
    assert small.restore(clean) == clean


def test_keep_and_disable(small_table) -> None:
    base = dict(tables=(str(small_table),), default_tables=False, context=False)
    kept = Restorer(Config(**base, keep=frozenset({"personal corporations"})))
    assert kept.restore("personal corporations") == "personal corporations"
    off = Restorer(Config(**base, disabled=frozenset({"personal corporation"})))
    assert off.restore("personal corporation") == "personal corporation"


def test_a_kept_phrase_behind_another_is_kept(tmp_path: Path) -> None:
    # The keep matcher's longest match from "new" is "new wall", which hides "wall avenue": the row
    # "avenue" -> "street" lies in the hidden phrase only, and must not act there.
    table = write_table(tmp_path, HEADER + "avenue\tstreet\t0.95\tdomain=news,kind=word\tuser\n")
    base = dict(tables=(str(table),), default_tables=False, context=False, generalize=False)
    assert Restorer(Config(**base)).restore("new wall avenue") == "new wall street"
    kept = Restorer(Config(**base, keep=frozenset({"new wall", "wall avenue"})))
    assert kept.restore("new wall avenue") == "new wall avenue"


def test_replay_and_explain(small: Restorer) -> None:
    text = "PERSONAL corporations have an extended relationship on Wall Avenue, sources informed us."
    r = small.restore_and_explain(text)
    assert apply_edits(text, r.edits) == r.text == small.restore(text)
    for e in r.edits:
        assert text[e.start:e.end] == e.old


def test_apply_edits_validates() -> None:
    with pytest.raises(EditError, match="outside"):
        apply_edits("abc", [Edit(2, 9, "c", "x")])
    with pytest.raises(EditError, match="expects"):
        apply_edits("abc", [Edit(0, 1, "z", "x")])
    with pytest.raises(EditError, match="overlaps"):
        apply_edits("abcd", [Edit(1, 3, "bc", "x"), Edit(2, 4, "cd", "y")])
    assert apply_edits("abc", []) == "abc"


@pytest.mark.parametrize("bad", [b"bytes", None, 42, ["list"]])
def test_wrong_types_raise_type_error(bad: object) -> None:
    for fn in (spinfix.restore, spinfix.detect, spinfix.spin_score, spinfix.restore_and_explain):
        with pytest.raises(TypeError) as err:
            fn(bad)  # type: ignore[arg-type]
        if isinstance(bad, bytes):
            assert "decode" in str(err.value)


def test_transfer_case() -> None:
    assert transfer_case("Informed", "told") == "Told"
    assert transfer_case("INFORMED", "told") == "TOLD"
    assert transfer_case("informed", "told") == "told"
    assert transfer_case("Wall Avenue", "wall street") == "Wall Street"
    assert transfer_case("A", "an") == "An"


def test_empty_and_whitespace(default: Restorer) -> None:
    for text in ["", " ", "\n\n", "\t"]:
        assert default.restore(text) == text
        assert default.detect(text) == []
        assert default.spin_score(text).verdict == "clean"


def test_weak_function_rows_act_only_in_spun_documents() -> None:
    """"together with" -> "including" (a function row at 0.2 with no left=/right=) is ordinary English:
    clean prose keeps it, a document already shown to be spun gets it restored."""
    clean = "Identify the workers that need to lose keys, together with how many bytes each needs."
    assert spinfix.restore(clean) == clean
    spun = ("The minister instructed reporters on Monday. In a joint assertion the two firms instructed "
            "Reuters that the deal, which the company instructed journalists about in an emailed assertion, "
            "will close in March, together with a second agreement.")
    out = spinfix.restore(spun)
    assert "told reporters" in out and "joint statement" in out
    assert "including a second agreement" in out


def test_one_reading_per_phrase_in_a_spun_document() -> None:
    """The shipped example spins "private landlords" twice; the headline's context ("for private") is
    weaker than the body's, but in a spun document both occurrences are the same phrase and are restored
    alike, with the evidence saying why."""
    from importlib import resources

    text = (resources.files("spinfix") / "data" / "examples" / "spun_news_example.txt").read_text(encoding="utf-8")
    headline = text.splitlines()[0]
    assert "personal landlords" in headline
    restored = spinfix.restore(text)
    assert restored.splitlines()[0] == headline.replace("Two", "2").replace("personal landlords", "private landlords")
    (first, *_) = [f for f in spinfix.detect(text) if f.spun == "personal"]
    assert first.start < len(headline) and first.action == "restore"
    # The trigram model restores the headline on its own evidence; with the bigram evidence alone it is
    # the consistency term that lifts it, and the finding says so.
    bigram = spinfix.Restorer(spinfix.Config(context_model="bigram"))
    assert bigram.restore(text).splitlines()[0] == restored.splitlines()[0]
    (first, *_) = [f for f in bigram.detect(text) if f.spun == "personal"]
    assert any(e.name == "consistency" for e in first.evidence)


def test_one_reading_per_phrase_needs_the_same_neighbour() -> None:
    """Another next word is another phrase: "personal" before "computer" is not lifted by "personal
    landlords" elsewhere in the same spun document."""
    from spinfix.candidates import Candidate
    from spinfix.score import Decision, consistent

    norm = "personal landlords and personal computer and personal landlords"
    starts = [i for i in range(len(norm)) if norm.startswith("personal", i)]
    cands = [Candidate(s, s + 8, ("private",), 0.1, "table:news", "") for s in starts]
    out = consistent([Decision(cands[0], 0.3, ()), Decision(cands[1], 0.3, ()), Decision(cands[2], 0.8, ())], norm)
    assert [d.p for d in out] == [0.8, 0.3, 0.8]
    assert out[0].evidence[-1].name == "consistency" and not out[1].evidence


def test_one_reading_per_phrase_only_among_spun_sections() -> None:
    """With the sections of a spun document judged apart, an occurrence in an unspun section (a clean
    paper joined to a spun story) neither takes the best score of the spun ones nor gives its own."""
    from spinfix.candidates import Candidate
    from spinfix.score import Decision, consistent

    norm = "personal landlords here\n\nHeading\n\npersonal landlords there and personal landlords again"
    starts = [i for i in range(len(norm)) if norm.startswith("personal", i)]
    cands = [Candidate(s, s + 8, ("private",), 0.1, "table:news", "") for s in starts]
    results = [Decision(cands[0], 0.9, ()), Decision(cands[1], 0.3, ()), Decision(cands[2], 0.5, ())]
    wall = norm.index("Heading")
    assert [d.p for d in consistent(results, norm)] == [0.9, 0.9, 0.9]
    out = consistent(results, norm, spun_at=lambda at: at >= wall)
    assert [d.p for d in out] == [0.9, 0.5, 0.5]
    assert out[0] is results[0] and not out[2].evidence and out[1].evidence[-1].name == "consistency"


def test_a_short_section_of_a_spun_document_goes_with_the_document() -> None:
    """A section under OWN_REGION_WORDS words (a bullet, a byline under a heading) is too little text to
    show it is not spun: it is judged spun with its document; a long one without a strong finding is not."""
    from spinfix.candidates import Candidate
    from spinfix.normalize import normalize
    from spinfix.restore import OWN_REGION_WORDS, _Sections
    from spinfix.text import Register

    story = " ".join(["The board met on Monday and agreed the plan."] * 12)
    bullet = "* Shares rose after the vote"
    long_clean = " ".join(["Rain fell over the hills all week long."] * 12)
    text = f"Board backs plan\n\n{story}\n\nMarkets\n\n{bullet}\n\nWeather\n\n{long_clean}"
    register = Register(text, normalize(text))
    strong = [Candidate(text.index("plan."), text.index("plan.") + 4, ("x",), 0.9, "table:news", "")
              for _ in range(3)]
    sections = _Sections(register, strong)
    assert len(bullet.split()) < OWN_REGION_WORDS < len(long_clean.split())
    assert sections.spun(text.index("The board")) and sections.spun(text.index("Shares"))
    assert not sections.spun(text.index("Rain")) and not sections.alike


def test_the_thesaurus_pass_runs_only_in_the_spun_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a spun document whose sections are judged apart, WordNet synonyms are proposed only in the spun
    ones: here a stand-in for the pass proposes "haven" -> *harbour* everywhere, as sure as a row, and only
    the spun story's own occurrence is restored."""
    from spinfix.candidates import Candidate
    from spinfix.general import Generalizer

    def propose(self: Generalizer, text: str, norm: str, busy: list[tuple[int, int]]) -> list[Candidate]:
        at = [i for i in range(len(norm)) if norm.startswith("haven", i)]
        return [Candidate(i, i + 5, ("harbour",), 0.99, "general:thesaurus", "stand-in", kind="word") for i in at]

    monkeypatch.setattr(Generalizer, "thesaurus_candidates", propose)
    spun = ("Port to halt buying cranes\n\nPersonal corporations are beneath intense scrutiny at the haven, "
            "sources informed Reuters. The minister stated the personal corporations would be questioned. "
            "Rents rose zero.5 % on Wall Avenue, the corporate stated.")
    clean = ("Harbour works\n\n" + " ".join([
        "The port authority met on Monday to review the works and the budget for the coming year.",
        "Engineers said the pier needs repairs before the winter storms arrive on the coast.",
        "The old fishing haven on the north shore will be dredged in the spring, the report said.",
        "The council will vote on the funding next month after a public consultation on the plans."]))
    out = Restorer(Config()).restore(spun + "\n\n" + clean)
    assert out.endswith("\n\n" + clean)
    assert "scrutiny at the harbour" in out


@pytest.mark.parametrize(("kind", "verdict"), [("tortured", "suspicious"), ("word", "clean")])
def test_one_restored_tortured_phrase_flags_a_paper_whatever_its_length(kind: str, verdict: str) -> None:
    """A paper screen flags a paper for one tortured phrase, so such a finding gets no length allowance;
    one restored word swap in 550 words stays a clean text's accident."""
    from spinfix.records import Finding
    from spinfix.restore import document_score

    finding = Finding(0, 16, "profound learning", "deep learning", (), 0.9, "table:science", "", "restore",
                      kind=kind)
    score = document_score([finding], 550, Config())
    assert score.verdict == verdict
    assert document_score([], 550, Config()).score == 0.0


def test_a_match_dropped_does_not_hide_the_row_behind_it() -> None:
    # "the hearth" (-> "the fire", a row that acts only in spun documents) is the matcher's leftmost-longest
    # match here and is dropped in this clean-looking sentence; "hearth truck" behind it is the spinner's.
    assert spinfix.restore("The hearth truck arrived at the scene.") == "The fire truck arrived at the scene."
