"""Learning a corpus's spinner vocabulary (``spinfix.mine``, ``spinfix scan --suggest``).

The corpus: the clean news fixtures, every other one "spun" by a consistent swap the restorer is told to
forget (``Config(disabled=...)``), so that nothing it loads knows it: *said* -> "stated" and *in* ->
"within", as spinners write them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from spinfix import Config, ConfigError, Restorer, SpinnerVocabulary, Suggestion
from spinfix.cli import main
from spinfix.mine import (
    FUNCTION_READINGS,
    MIN_CLEAN_DOCUMENTS,
    SUGGESTED_CONFIDENCE,
    _example,
    _Pair,
    _same_class,
    _story,
)
from spinfix.table import default_table_paths, format_table, parse_table, read_table

FIXTURES = Path(__file__).parent / "fixtures" / "clean" / "news"
FORGET = frozenset({"stated", "within"})


def spin(text: str) -> str:
    return re.sub(r"\bsaid\b", "stated", re.sub(r"\bin\b", "within", text))


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    assert len(texts) >= 40
    return [spin(t) if i % 2 == 0 else t for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def forgetful() -> Restorer:
    return Restorer(Config(disabled=FORGET)).warm()


@pytest.fixture(scope="module")
def vocabulary(corpus: list[str], forgetful: Restorer) -> SpinnerVocabulary:
    v = SpinnerVocabulary()
    for text in corpus:
        v.add(forgetful, text)
    return v


def test_a_corpus_teaches_the_swap_its_spinner_makes(vocabulary: SpinnerVocabulary, corpus: list[str]) -> None:
    assert vocabulary.documents == len(corpus)
    assert vocabulary.spun_documents + vocabulary.clean_documents == len(corpus)
    found = vocabulary.suggestions()
    assert ("stated", "said") in [(s.spun, s.original) for s in found]
    top = found[0]
    assert top.documents >= 3 and top.documents <= top.flagged <= top.read
    assert "[stated]" in top.example
    # Every suggestion is a swap the spinner made: the unspun half teaches nothing of its own.
    assert {(s.spun, s.original) for s in found} <= {("stated", "said"), ("within", "in")}


def without_forgotten_rows(tmp_path: Path) -> tuple[str, ...]:
    """The shipped tables less the rows of the forgotten forms, as files (``Config(disabled=...)`` would also
    disable a user's row of the same form)."""
    out = []
    for path in default_table_paths():
        rows = [r for r in read_table(path) if r.spun not in FORGET]
        target = tmp_path / Path(path).name
        target.write_text(format_table(rows), encoding="utf-8")
        out.append(str(target))
    return tuple(out)


def test_the_suggested_rows_load_and_restore(vocabulary: SpinnerVocabulary, tmp_path: Path) -> None:
    text = vocabulary.table()
    rows = parse_table(text, "suggested.tsv")
    assert rows and all(r.source == "mined" and r.conditions.spun_doc for r in rows)
    assert all(r.confidence == SUGGESTED_CONFIDENCE for r in rows)
    assert text.count("\n# stated -> said: read so in ") == 1  # each row under its note
    path = tmp_path / "suggested.tsv"
    path.write_text(text, encoding="utf-8")
    # A story spun throughout (its first paragraph by rows the tables know): the mined row restores the
    # forgotten swap there, which the tables alone leave.
    lead = ("Personal corporations are beneath intense scrutiny, sources informed Reuters. The tech large "
            "stated on Friday it would ban authorities purchases.\n\n")
    story = lead + spin((FIXTURES / "02-retailer-earnings.txt").read_text(encoding="utf-8"))
    shipped = without_forgotten_rows(tmp_path)
    before = Restorer(Config(default_tables=False, tables=shipped)).restore(story)
    after = Restorer(Config(default_tables=False, tables=(*shipped, str(path)))).restore(story)
    assert before.count(" said ") == 0 and after.count(" said ") >= 5


def test_a_clean_corpus_suggests_nothing(forgetful: Restorer) -> None:
    v = SpinnerVocabulary()
    for p in sorted(FIXTURES.glob("*.txt"))[:20]:
        v.add(forgetful, p.read_text(encoding="utf-8"))
    assert v.suggestions(min_documents=1) == []
    assert parse_table(v.table(), "empty.tsv") == []  # still a table file, with its header


def test_merging_counts_does_not_depend_on_the_order(corpus: list[str], forgetful: Restorer,
                                                     vocabulary: SpinnerVocabulary) -> None:
    parts = [SpinnerVocabulary(), SpinnerVocabulary(), SpinnerVocabulary()]
    for i, text in enumerate(corpus):
        parts[i % 3].add(forgetful, text)
    forward = SpinnerVocabulary().merge(parts[0]).merge(parts[1]).merge(parts[2])
    backward = SpinnerVocabulary().merge(parts[2]).merge(parts[1]).merge(parts[0])

    def key(v: SpinnerVocabulary) -> list[tuple[str, str, int, int, int, str]]:
        return [(s.spun, s.original, s.documents, s.flagged, s.read, s.example) for s in v.suggestions(min_documents=1)]

    assert key(forward) == key(backward) == key(vocabulary)
    assert forward.documents == vocabulary.documents and forward.clean_documents == vocabulary.clean_documents
    assert parts[0].documents == len(corpus[0::3])  # merging leaves its argument as it was


def test_copies_of_one_story_count_once(corpus: list[str], forgetful: Restorer) -> None:
    # The spun stories the restorer reads (not judged clean), republished: six copies of one teach nothing,
    # four copies of each count four times the documents but the same stories.
    spun = [t for t in corpus[0::2] if forgetful.analyse(t).score.verdict != "clean"]
    assert len(spun) >= 3
    one = _counted(forgetful, spun[:1] * 6)
    assert one.spun_documents == 6 and one.suggestions(min_documents=2) == []
    once = {s.spun: s for s in _counted(forgetful, spun).suggestions()}
    repeated = {s.spun: s for s in _counted(forgetful, spun * 4).suggestions()}
    assert repeated["stated"].documents == 4 * once["stated"].documents
    assert _counted(forgetful, spun[:2] * 4).suggestions() == []  # two stories: fewer than MIN_DOCUMENTS


def _counted(restorer: Restorer, texts: list[str]) -> SpinnerVocabulary:
    v = SpinnerVocabulary()
    for text in texts:
        v.add(restorer, text)
    return v


def test_a_story_fingerprint_survives_a_fresh_spin() -> None:
    zipf = Restorer().detector.lexicon.zipf  # type: ignore[union-attr]
    story = ("The Kestrel Valley council approved the Harwick bridge plan on Monday, Mayor Ilsa Brandt said. "
             "Brandt told Vantor News the Harwick project would cost 14.2 million dollars.")
    respun = story.replace("approved", "authorised").replace("said", "stated").replace("Monday", "Tuesday")
    other = "Quorvex shares fell 3.1 percent after the Lindqvist review, the Obermann fund said."
    assert _story(story, zipf) == _story(respun, zipf) != _story(other, zipf)
    # A text without enough rare names is its own story.
    assert _story("It rained.", zipf) != _story("It snowed.", zipf)


def test_known_forms_and_restored_words_are_not_suggested(corpus: list[str]) -> None:
    # With every shipped row on, "stated" is a row: the spun half's "stated" is restored, never suggested.
    v = SpinnerVocabulary()
    restorer = Restorer()
    for text in corpus:
        v.add(restorer, text)
    assert "stated" not in {s.spun for s in v.suggestions(min_documents=1)}


def test_the_filters(vocabulary: SpinnerVocabulary) -> None:
    v = SpinnerVocabulary(documents=100, spun_documents=40, clean_documents=60)
    # A word read so in enough documents, by a majority of its flags, in a fair share of its uses.
    for word, reading in (("stated", "said"), ("rose", "or"), ("till", "to")):
        v._pairs[(word, reading)] = _Pair(documents=10, occurrences=12, gain=24.0, example=f"x [{word}] y",
                                          stories=set(range(5)))
        v._flagged[word] = 10
        v._read[word] = 20
    assert [(s.spun, s.original) for s in v.suggestions()] == [("stated", "said")]
    assert "or" in FUNCTION_READINGS and not _same_class("till", "to") and _same_class("stated", "said")
    v._read["stated"] = 25  # read so in 10 of the 25 spun documents that use it: under half
    assert v.suggestions() == []
    v._read["stated"] = 20
    v._flagged["stated"] = 17  # another reading in most documents that flag it
    assert v.suggestions() == []
    v._flagged["stated"] = 10
    v._clean["stated"] = 25  # as common in the clean documents: the writers' own word
    assert v.suggestions() == []
    v.clean_documents = MIN_CLEAN_DOCUMENTS - 1  # too few clean documents to compare with
    assert [s.spun for s in v.suggestions()] == ["stated"]
    assert v.suggestions(min_documents=11) == []
    with pytest.raises(ValueError):
        v.suggestions(min_documents=0)


def test_one_row_per_spun_form() -> None:
    # One document flags "arrangement" twice, read otherwise each time: both readings pass the majority
    # test, but a table lists a spun form once (fuzz case vocabulary-one-row-per-spun-form).
    v = SpinnerVocabulary(documents=1, spun_documents=1)
    for reading, occurrences in (("plan", 1), ("order", 2)):
        v._pairs[("arrangement", reading)] = _Pair(documents=1, occurrences=occurrences, gain=3.0,
                                                   example="a [arrangement]", stories={1})
    v._flagged["arrangement"] = v._read["arrangement"] = 1
    found = v.suggestions(min_documents=1)
    assert [(s.spun, s.original) for s in found] == [("arrangement", "order")]  # the more occurrences
    assert len(parse_table(v.table(found), "one.tsv")) == 1


def test_a_suggestion_as_a_row() -> None:
    s = Suggestion("stated", "said", 5, 6, 9, 30, 2.25, "news", "the bank [stated] on Friday", stories=4)
    row = s.row(0.4)
    assert (row.spun, row.originals, row.confidence, row.domain, row.kind) == ("stated", ("said",), 0.4, "news", "word")
    assert "read so in 5 spun documents (4 stories), of 6 that flag 'stated' and 9 that use it" in s.note()
    assert "(16+ stories)" in Suggestion("a", "b", 20, 20, 20, 20, 2.0, "news", "", stories=16).note()
    # Forty characters each side, in whole words: "thirteen" is cut by the window, "twelve" is not.
    assert _example("one two three four five six seven eight nine ten eleven twelve thirteen", 19, 23) \
        == "one two three four [five] six seven eight nine ten eleven twelve"
    assert _example("x" * 50 + " a b", 51, 52) == "[a] b"  # a window inside a long word keeps none of it
    assert _example("a\nb", 2, 3) == "a [b]"


def test_it_needs_the_spin_evidence() -> None:
    with pytest.raises(ConfigError, match="spin evidence"):
        SpinnerVocabulary().add(Restorer(Config(spin_evidence=False)), "Shares rose.")


# --- spinfix scan --suggest ------------------------------------------------------------------------------
@pytest.fixture
def jsonl(corpus: list[str], tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(corpus)), encoding="utf-8")
    return path


def test_scan_writes_the_suggested_rows(jsonl: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows, summary = tmp_path / "rows.tsv", tmp_path / "summary.json"
    code = main(["scan", str(jsonl), "-o", str(tmp_path / "out.jsonl"), "--suggest", str(rows), "--jobs", "2",
                 "--disable", "stated", "--disable", "within", "--summary-json", str(summary)])
    assert code == 0
    text = rows.read_text(encoding="utf-8")
    assert ("stated", ("said",)) in [(r.spun, r.originals) for r in parse_table(text, str(rows))]
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["suggest"] == str(rows) and data["suggested_rows"] == len(parse_table(text, str(rows)))
    assert "suggested rows:" in capsys.readouterr().err
    # The counts do not depend on how the corpus is cut into batches and workers.
    again = tmp_path / "again.tsv"
    assert main(["scan", str(jsonl), "-o", str(tmp_path / "out2.jsonl"), "--suggest", str(again), "--jobs", "1",
                 "--batch-bytes", "3000", "--disable", "stated", "--disable", "within", "-q"]) == 0
    assert again.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(("extra", "message"), [
    (["--suggest-min-docs", "2"], "--suggest-min-docs applies to --suggest only"),
    (["--suggest", "rows.tsv", "--fast"], "--suggest needs the spin evidence"),
])
def test_scan_suggest_usage_errors(jsonl: Path, capsys: pytest.CaptureFixture[str], extra: list[str],
                                   message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp_path = jsonl.parent
    monkeypatch.chdir(tmp_path)
    assert main(["scan", str(jsonl), "-o", "out.jsonl", *extra]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "rows.tsv").exists() and not (tmp_path / "out.jsonl").exists()


def test_dask_counts_as_the_scan_does(corpus: list[str], vocabulary: SpinnerVocabulary,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = pytest.importorskip("dask.bag")
    import spinfix.integrations.dask as sd

    # The synchronous scheduler builds the workers' Restorer here: keep it out of this process's cache,
    # which tests/test_dask.py expects empty on the client.
    monkeypatch.setattr(sd, "_RESTORERS", {})
    monkeypatch.setattr(sd, "_STATS", {"loads": 0})
    counted = sd.vocabulary_bag(db.from_sequence(corpus, npartitions=3), Config(disabled=FORGET))
    result = counted.compute(scheduler="synchronous")
    assert isinstance(result, SpinnerVocabulary)
    assert result.table() == vocabulary.table()
