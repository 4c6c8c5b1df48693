"""Ordinary English that table rows once changed: each sentence holds a spun form that is also what a writer
writes ("the greenback", "gross sales", "at the least", "her well being", "filed for Chapter 11").

Written for this test (session 10), one sentence per row that ``scripts/check_table.py --audit`` flags or
that was read by hand among the confident multi-word rows. Before those rows were limited to spun documents
(``spun-doc``, their confidence kept), 78 of these 188 sentences came back changed, each time with the
trigram context agreeing with the row. A clean sentence alone is no spun document, so none may change;
the same rows still act in spun text (``test_spun_passage_still_restores_them``). Such a row is still a
strong finding of a spun document, but only beside one whose form ordinary prose does not produce
(``score.counted_strong``): otherwise two of them in one sentence, or these sentences run together,
read as spun.
"""

from __future__ import annotations

import pytest

import spinfix
from spinfix.candidates import Candidate

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
    "Experts advised lawmakers to delay the vote until the report was published.",
    "It was instantly clear that the storm had caused serious damage.",
    "The company will communicate publicly about the findings next week.",
    "Quarterly results were in line with analysts' expectations, the company said.",
    "The figures were in line with a report published by the central bank last month.",
    "Prior to now, the firm had never reported a loss.",
    "Safety in workplace settings improved after the new rules, the inspector said.",
    "The court has the ultimate say on the matter.",
    "The subsequent step will be a public consultation, the minister said.",
    "This summer season the festival will move to a larger site.",
    "Virtually half of the residents had left the town by Friday.",
    "Greater than half of the voters backed the plan, the poll showed.",
    "It was the greatest rise since 2008, the statistics office said.",
    "The plan aims to minimize prices for consumers, the regulator said.",
    "He was one of many victims of the fraud, the court heard.",
    "She was one of many first settlers in the valley.",
    "The club completed a transfer that cost 100 million euros.",
    "Overseas students make up a fifth of the university's intake.",
    "Overseas investors sold shares for a third day, exchange data showed.",
    "The report warned of overseas interference in the election.",
    "The proposal raised considerations of cost and fairness, the committee said.",
    "There are considerations about the timing of the vote, officials said.",
    "She has labored with refugees for two decades.",
    "He labored on the farm until he was eighteen.",
    "The company reported an inventory change in its quarterly filing.",
    "The charity runs a telephone firm helpline for older people.",
    "Streaming providers such as Netflix raised their prices this year.",
    "Cloud companies are investing heavily in new data centres.",
    "The drug corporations agreed to lower prices for insulin.",
    "Working situations in the factory had improved, the inspectors found.",
    "Market circumstances remained difficult for small exporters.",
    "The fee stated in the contract was never paid, the court heard.",
    "The election fee must be paid before candidates register.",
    "She wrote about the warfare in Afghanistan for a decade.",
    "Rising economies in Asia led the recovery, the report said.",
    "The northern metropolis of Manchester hosted the summit.",
    "Overseas students pay higher tuition fees than local students.",
    "The warehouse has a safety clearance certificate for explosives.",
    "The firm specialises in residence care for elderly people.",
    "The museum opened the exhibition in the western metropolis of Perth.",
    "He underwent surgical procedure on his knee last week.",
    "In uncommon circumstances the vaccine can cause a rash.",
    "The web earnings of the site's creators are modest.",
    "International occasions such as the Olympics draw large crowds.",
    "The monetary markets reacted calmly to the rate decision.",
    "Police are investigating a face costs scheme at the clinic.",
    "Greater than half the members voted in favour.",
    "It was the greatest fall in prices since 2009.",
    "The tribal chief welcomed the visitors to the village.",
    "Stay on the road till you reach the bridge.",
    "The family watched movies together on Sunday evening.",
    "The army moved two units to the border.",
    "There were no signs of forced entry, police said.",
    "The membership voted to accept the new rules.",
    "The film received a low rating from critics.",
    "The telephone rang several times before she answered.",
    "The main entrance will be closed for repairs.",
    "The couple took out a mortgage to buy the house.",
    "The college offers courses in commerce and law.",
    "The ambassador's residence was guarded by police.",
    "Police used a shield to protect themselves from stones.",
    "The stadium was used for the recreation of a famous battle.",
    "The monetary policy committee meets next week.",
    "The doctor said the illness was not serious.",
    "The nationwide strike closed schools and hospitals.",
    "The store offers delicate fabrics and lace.",
    "The sensible approach would be to wait for more data.",
    "The building's construct quality was criticised by inspectors.",
    "The workplace safety rules were updated in March.",
    "The deliberate attack was condemned by the mayor.",
    "The patient's dwelling was a small flat near the station.",
    "The government's forex reserves rose in May.",
    "The clinic serves about 200 sufferers of chronic pain.",
    "The hotel lobby was crowded with tourists.",
    "His lifeless body was found in the river, police said.",
    "The farmers' association met with the minister.",
    "The company's prospects improved after the deal.",
    "The corporate tax rate will fall to 21 percent next year.",
    "The party convention opens in Chicago on Monday.",
    "The company stated in its filing that revenue had declined.",
    "The plan aims to minimize the impact on small businesses.",
    "Delegates attended the annual convention of the teachers' union.",
    "The corporate headquarters will move to Texas, the company said.",
    "Officials stated that the road would reopen on Friday.",
    "The council will consider the proposal at its next meeting.",
    "The regulator said it would examine the merger closely.",
    "Officials said the blaze was contained by Sunday evening.",
    "The athlete suffered a minor injury during training.",
    "Residents were advised to boil their water until further notice.",
    "The judge instructed the jury to disregard the remark.",
    "Doctors advised him to rest for a week.",
    "The minister informed parliament of the decision on Monday.",
    "The famous actor arrived at the premiere on Sunday.",
    "She mentioned the idea to her colleagues over lunch.",
    "The report noted that exports had fallen for a third month.",
    "The board approved the plan after a lengthy discussion.",
    "The police confirmed that two people had been arrested.",
    "The time period covered by the study ends in 2019.",
    "The two schools follow the identical curriculum.",
    "Summer season tickets go on sale in April.",
    "He bought a pair of shoes before the trip.",
    "Regardless of the weather, the parade will go ahead.",
    "The recipe calls for flour together with a little salt.",
    "She is one of many volunteers who helped after the flood.",
    "The transfer of the land was completed on Friday.",
    "The public curiosity in the case surprised the lawyers.",
    "The new working system will be introduced next year.",
    "The economic system of the region depends on farming.",
    "The assault on the village was reported by residents.",
    "Every mother or father received a letter from the school.",
    "The membership fee rises next month.",
    "The museum occupies the center floor of the building.",
    "Passengers on the Purple Line faced delays this morning.",
    "The company came to an agreement with the union.",
    "A good financial development strategy is needed, the minister said.",
    "Travellers should allow extra time in the meantime, officials said.",
    "The suicide assault on the base killed four soldiers.",
    "The conversation took place at the bottom of the hill.",
    "She cited the world's greatest novels in her lecture.",
    "They sat by the hearth and talked until midnight.",
    "The town's economic vitality depends on tourism.",
    "The team fielded several inexperienced players on Saturday.",
    "Officials were told to embrace the new rules, the memo said.",
    "The museum's collection includes an everlasting flame.",
    "The club's merchants sold scarves outside the stadium.",
    "She labored for years to build the charity.",
    "The metropolis's skyline changed dramatically in the 1990s.",
    "The bridge was utilized by thousands of commuters each day.",
    "The spherical building houses the planetarium.",
    "Whilst she was abroad, her father fell ill.",
    "Handfuls of rice were thrown at the newlyweds.",
    "The warfare lasted for more than a decade.",
    "The vote came within hours of the deadline.",
    "The council moved towards a decision on Friday.",
    "The knowledgeable guide told visitors about the castle.",
    "The plan aims to minimize taxes for small firms.",
    # The phrasal-verb and idiom rows (session 22) around the writer's own uses of their words.
    "Two new species of squid were discovered out at sea last spring.",
    "He painted the fence as nicely as he could before the rain.",
    "The app can take location data from the phone without asking.",
    "She wore the ring on the opposite hand after the divorce.",
    # "declared chapter" -> "declared bankruptcy" is for the spinner's "chapter"; a chapter of the code is
    # the writer's ("declared Bankruptcy 11 bankruptcy" until session 22).
    "The company declared Chapter 11 bankruptcy on Monday.",
    # "as a result of" before a clause is the spinner's "because"; before "its" it takes a noun phrase, as
    # writers use it ("Because its extreme rarity" until session 28: a Wikipedia article's sentence).
    "As a result of its extreme rarity, the metal is seldom studied.",
    # A verb row's -s form after a determiner is a plural noun ("these builds" until session 28).
    "Nested lookbehind groups are slow; using many of these constructs may cause timeouts as too many "
    "branches are tried.",
]


#: Science prose with PPS tortured phrases that are ordinary English elsewhere: "limited motivation" had
#: become "finite impulse response" and "supply route" "artery" (scripts/build_pps_table.py now gives such
#: rows spun-doc: they act in a paper whose other tortured phrases show it came from a paper mill).
SCIENCE = [
    "Patients with heart ailments were excluded from the trial.",
    "Students with limited motivation showed lower completion rates in the online course.",
    "The main supply route for fuel was disrupted by the floods, delaying deliveries.",
    "Participants reported limited motivation to exercise during winter.",
    "We compute the backward probability for each state of the hidden Markov model.",
]


@pytest.mark.parametrize("sentence", CLEAN + SCIENCE)
def test_an_ordinary_sentence_is_left_alone(sentence: str) -> None:
    assert spinfix.restore(sentence) == sentence


#: News sentences with a tortured phrase of the PPS list that is the writer's own wording here (all but two
#: were changed, "a bosom friend" -> "a breast friend", "a profound learning experience" -> "a deep
#: learning experience"). Science rows are off in a document that reads as news (``sources.table``);
#: a sentence alone shows no register, so they are tested after a paragraph of news.
NEWS_WITH_PPS_PHRASES = [
    "The trip was a profound learning experience for the students, the teacher said.",
    "The company said its huge information centre would open in May.",
    "The minister described the flood as a natural disaster of great magnitude.",
    "The coach praised the team's irregular woodland runs as part of training.",
    "The actor's facial acknowledgment of the crowd drew cheers.",
    "The hospital treated a bosom friend of the victim.",
    "The firm's colossal information store was hacked last year.",
    "Scientists studied the tree's leaf area under drought conditions.",
    "The report described a sharp bosom of support for the plan.",
    "The fire spread through dense woodland north of the town.",
]
NEWS_PARAGRAPH = ("The council met on Tuesday to discuss the budget for next year. Officials said spending on roads "
                  "and schools would rise, while the mayor promised to keep taxes flat. Residents who attended the "
                  "meeting asked about parking and bus routes in the town centre.")


@pytest.mark.parametrize("sentence", NEWS_WITH_PPS_PHRASES)
def test_tortured_phrase_rows_stay_out_of_news(sentence: str) -> None:
    text = NEWS_PARAGRAPH + "\n\n" + sentence
    assert spinfix.restore(text) == text


def test_the_science_domain_keeps_its_rows_in_news() -> None:
    from spinfix import Config, Restorer

    text = NEWS_PARAGRAPH + "\n\nThe trip was a profound learning experience for the students."
    assert "deep learning" in Restorer(Config(domains=frozenset({"science"}))).restore(text)


def test_a_function_row_still_reads_a_clause_after_it() -> None:
    # The other side of the "as a result of its" sentence above: before a pronoun subject the phrase can
    # only be the spinner's "because".
    sentence = "Flights were cancelled as a result of they were short of staff, the airline said."
    assert spinfix.restore(sentence) == "Flights were cancelled because they were short of staff, the airline said."


def test_two_ordinary_phrases_in_one_short_text() -> None:
    # "inventory costs" keeps its confidence in spun text, so it is a strong finding; alone with "retailer"
    # (a weak row) it once lifted that to "store". A strong finding whose form is ordinary English counts
    # only beside one that is not (score.counted_strong).
    sentence = "The inventory costs of the retailer rose after the holiday season."
    assert spinfix.restore(sentence) == sentence


def test_clean_sentences_run_together_stay_clean() -> None:
    # Forty-five of them, each with a listed phrase that is also ordinary English: they once read as a spun
    # document (from ten sentences on) and were restored throughout.
    text = " ".join(CLEAN[:45])
    analysis = spinfix.analyse(text)
    assert analysis.text == text
    assert analysis.score.verdict == "clean"


def test_ordinary_strong_findings_count_only_beside_others() -> None:
    from spinfix.score import counted_strong
    from spinfix.table import Conditions

    def cand(spun_doc: bool) -> Candidate:
        return Candidate(0, 1, ("x",), 0.9, "table:news", "", conditions=Conditions(spun_doc=spun_doc))

    assert counted_strong([cand(True), cand(True)]) == []
    both = [cand(True), cand(False)]
    assert counted_strong(both) == both
    assert counted_strong([]) == []


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


def test_an_ordinary_form_acts_in_a_sentence_that_holds_a_spinner_phrase() -> None:
    from spinfix.score import may_act
    from spinfix.table import Conditions

    norm = "it is an necessary problem, the minister stated. the company stated its plans."
    stated_1 = norm.index("stated")
    stated_2 = norm.index("stated", stated_1 + 1)
    plain = [norm.index("necessary problem")]

    def cand(start: int) -> Candidate:
        return Candidate(start, start + 6, ("said",), 0.15, "table:news", "", conditions=Conditions(spun_doc=True))

    assert may_act(cand(stated_1), norm, False, plain)  # the same sentence holds "necessary problem"
    assert not may_act(cand(stated_2), norm, False, plain)  # the next sentence does not
    assert may_act(cand(stated_2), norm, True, [])  # a spun document opens every row
    assert not may_act(cand(stated_1), norm, False, [])
    # The whole path: the spun sentence is restored, the clean one beside it is not.
    text = "It is an necessary problem for voters, the prime minister stated. The company stated its plans."
    assert spinfix.restore(text) == ("It is an important issue for voters, the prime minister said. "
                                     "The company stated its plans.")


@pytest.mark.parametrize("unit", ["yr⁻¹", "yr^-1", "yr²"])
def test_a_unit_raised_to_a_power_is_no_word(unit: str) -> None:
    """A sentence of a paper read alone (no document around it to tell its register): the news row "yr"
    -> *year* had made "t CO2-eq ha⁻¹ yr⁻¹" into *year⁻¹*, and in a spun copy of the whole paper too. A
    token raised to a power is a unit or a symbol; the same row still reads prose ("a yr")."""
    sentence = f"Drained sites emitted 21.4 ± 3.8 t CO2-eq ha⁻¹ {unit}, dominated by CO2 from peat oxidation."
    assert spinfix.restore(sentence) == sentence
    assert spinfix.restore("The firm grew 5% a yr, the chief said.") == "The company grew 5% a year, the chief said."
