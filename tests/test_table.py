"""Table loading is strict: every bad row is an error naming path:line and the reason."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from spinfix import Config, PhraseTableError, Restorer
from spinfix.table import compile_rows, expand, merge_tables, parse_table, read_table

from .conftest import HEADER, write_table

#: The module (``spinfix.restore`` is also the package's function of that name).
RESTORE_MODULE = importlib.import_module("spinfix.restore")


def load(tmp_path: Path, body: str):
    return read_table(write_table(tmp_path, body))


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("only\ttwo", "expected 5 or 6 tab-separated fields"),
        ("\tsaid\t0.5\t\tobserved", "empty spun field"),
        ("stated\t\t0.5\t\tobserved", "empty original field"),
        ("stated\tstated\t0.5\t\tobserved", "also listed as its own original"),
        ("stated\tsaid\t1.5\t\tobserved", "outside (0, 1]"),
        ("stated\tsaid\t0\t\tobserved", "outside (0, 1]"),
        ("stated\tsaid\tnan\t\tobserved", "outside (0, 1]"),
        ("stated\tsaid\thigh\t\tobserved", "not a number"),
        ("Stated\tsaid\t0.5\t\tobserved", "must be in lower case"),
        ("stated  now\tsaid\t0.5\t\tobserved", "single spaces"),
        ("stat{ed\tsaid\t0.5\t\tobserved", "is not a word"),
        ("stated\tsaid\t0.5\tdomain=law\tobserved", "unknown domain"),
        ("stated\tsaid\t0.5\tcolour=red\tobserved", "unknown tag"),
        ("stated\tsaid\t0.5\tshiny\tobserved", "unknown flag"),
        ("stated\tsaid\t0.5\t\tobserved\tnear=3", "unknown context condition"),
        ("stated\tsaid\t0.5\t\tobserved\tleft=", "not key=value"),
        ("stated\tsaid\t0.5\t\tobserved\tleft=a b", "single words"),
        ("stated\tsaid\t0.5\t\t\t", "the source column is empty: name where the row comes from"),
        ("stated\tsaid\t0.5\t\tmy source", "source 'my source' must be one token"),
        ("stated\tsaid |  \t0.5\t\tobserved", "empty alternative"),
    ],
)
def test_bad_rows_name_path_and_line(tmp_path: Path, row: str, reason: str) -> None:
    with pytest.raises(PhraseTableError) as err:
        load(tmp_path, HEADER + "# a comment\n" + row + "\n")
    assert err.value.line == 4
    assert str(err.value).startswith(f"{tmp_path / 't.tsv'}:4: ")
    assert reason in str(err.value)


def test_header_and_version(tmp_path: Path) -> None:
    with pytest.raises(PhraseTableError, match=r":1: not a spinfix table"):
        load(tmp_path, "spun\toriginal\n")
    with pytest.raises(PhraseTableError, match="unsupported format version"):
        load(tmp_path, "#spinfix-table 2\n")
    with pytest.raises(PhraseTableError, match=":2: the column header"):
        load(tmp_path, "#spinfix-table 1\nspun\toriginal\n")
    with pytest.raises(PhraseTableError, match="no column header"):
        load(tmp_path, "#spinfix-table 1\n# nothing\n")


def test_duplicate_in_one_file(tmp_path: Path) -> None:
    body = HEADER + "stated\tsaid\t0.2\t\tobserved\nstated\tclaimed\t0.2\t\tobserved\n"
    with pytest.raises(PhraseTableError, match=r":4: spun form 'stated' already appears on line 3"):
        load(tmp_path, body)


def test_bom_and_crlf_accepted(tmp_path: Path) -> None:
    body = ("\ufeff" + HEADER + "stated\tsaid\t0.2\t\tobserved\n").replace("\n", "\r\n")
    path = tmp_path / "win.tsv"
    path.write_bytes(body.encode("utf-8"))
    rows = read_table(path)
    assert [(r.spun, r.originals, r.line) for r in rows] == [("stated", ("said",), 3)]


def test_invalid_utf8_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_bytes(HEADER.encode() + b"stated\tsaid\t0.2\t\tobserved\nbe\xffneath\tunder\t0.5\t\tobserved\n")
    with pytest.raises(PhraseTableError, match=r"bad.tsv:4: invalid UTF-8"):
        read_table(path)


def test_unreadable_and_directory(tmp_path: Path) -> None:
    with pytest.raises(PhraseTableError, match="cannot read table"):
        read_table(tmp_path / "missing.tsv")
    with pytest.raises(PhraseTableError, match="is a directory"):
        read_table(tmp_path)


def test_absurd_line(tmp_path: Path) -> None:
    with pytest.raises(PhraseTableError, match=":3: line is"):
        load(tmp_path, HEADER + "a" * 20_000 + "\n")


def test_conflict_across_files_and_override(tmp_path: Path) -> None:
    a = parse_table(HEADER + "stated\tsaid\t0.2\t\tobserved\n", "a.tsv")
    b = parse_table(HEADER + "stated\tclaimed\t0.3\t\tuser\n", "b.tsv")
    with pytest.raises(PhraseTableError,
                       match=r"b.tsv:3: spun form 'stated' maps to claimed here but to said in a.tsv:3"):
        merge_tables([a, b])
    assert merge_tables([a, b], on_conflict="last")[0].originals == ("claimed",)
    same = parse_table(HEADER + "stated\tsaid\t0.9\t\tuser\n", "c.tsv")
    assert merge_tables([a, same])[0].confidence == 0.9


def test_cycle_is_an_error(tmp_path: Path) -> None:
    a = parse_table(HEADER + "beneath\tunder\t0.5\t\tobserved\n", "a.tsv")
    b = parse_table(HEADER + "under\tbeneath\t0.5\t\tuser\n", "b.tsv")
    with pytest.raises(PhraseTableError, match="cycle"):
        merge_tables([a, b])


def test_inflection_expansion() -> None:
    rows = parse_table(HEADER + "personal corporation\tprivate company\t0.8\tpos=noun\tobserved\n"
                       "inform\ttell\t0.5\tpos=verb\tobserved\n", "x.tsv")
    forms = {v.pattern: v.originals for r in rows for v in expand(r)}
    assert forms["personal corporations"] == ("private companies",)
    assert forms["informed"] == ("told",)
    assert forms["informs"] == ("tells",)
    assert forms["informing"] == ("telling",)


def test_disabled_and_domains() -> None:
    rows = parse_table(HEADER + "stated\tsaid\t0.2\tdomain=news\tobserved\n"
                       "profound learning\tdeep learning\t0.9\tdomain=science\tpps\n", "x.tsv")
    assert set(compile_rows(rows, domains=frozenset({"news"}), disabled=frozenset()).variants) == {"stated"}
    assert set(compile_rows(rows, domains=frozenset({"news", "science"}), disabled=frozenset({"stated"})).variants
               ) == {"profound learning"}


def test_restorer_reports_bad_user_table_when_built(tmp_path: Path) -> None:
    """Issue 15 item 7: the constructor reads and checks the user's tables, so the error comes where the
    restorer is built, with ``path:line: reason``, not at the first document."""
    bad = write_table(tmp_path, HEADER + "stated\tsaid\n")
    with pytest.raises(PhraseTableError, match=r"t.tsv:3: expected 5 or 6 tab-separated fields, found 2$"):
        Restorer(Config(tables=(str(bad),), default_tables=False))
    with pytest.raises(PhraseTableError, match=r"t.tsv:3:"):  # with the shipped tables loaded too
        Restorer(Config(tables=(str(bad),)))


def test_restorer_checks_user_rows_against_the_shipped_ones_when_built(tmp_path: Path) -> None:
    shipped = Restorer(Config(context=False, generalize=False)).table.rows
    row = next(r for r in shipped if r.domain == "news" and r.originals and not r.conditions.left)
    clash = write_table(tmp_path, HEADER + f"{row.spun}\tsomething else entirely\t0.9\t\tuser\n")
    with pytest.raises(PhraseTableError, match=r"t.tsv:3: spun form .* maps to something else entirely here"):
        Restorer(Config(tables=(str(clash),)))
    assert Restorer(Config(tables=(str(clash),), on_conflict="last")).restore(row.spun) is not None


def test_building_a_restorer_with_good_tables_loads_them_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = RESTORE_MODULE.load_tables
    monkeypatch.setattr(RESTORE_MODULE, "load_tables",
                        lambda paths, **kw: calls.append(list(paths)) or real(paths, **kw))
    good = write_table(tmp_path, HEADER + "stated\tsaid\t0.9\tdomain=news\tuser\n")
    r = Restorer(Config(tables=(str(good),), default_tables=False, context=False, generalize=False))
    assert calls == [[str(good)]]  # at construction
    assert r.restore("He stated it.") == "He said it."
    assert len(calls) == 1  # and not again


def test_building_the_default_restorer_loads_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without user tables construction stays free: the shipped tables are checked when their cache is
    built, and ``import spinfix; spinfix.restore(...)`` builds its restorer lazily."""
    monkeypatch.setattr(RESTORE_MODULE, "load_tables", lambda *a, **kw: pytest.fail("loaded at construction"))
    r = Restorer(Config())
    assert "table" not in vars(r)


def test_shipped_tables_load() -> None:
    table = Restorer().table
    assert len(table.rows) > 1000


@pytest.mark.parametrize(("spun", "restored"), [
    # Confident compound-noun rows are written in the singular with pos=noun (session 22): a spinner turns
    # "mobile device" into "cell unit" as often as the plural, and a row written only in the plural left
    # the singular unmatched.
    ("The cell unit was seized.", "The mobile device was seized."),
    ("The cell units were seized.", "The mobile devices were seized."),
    ("A hearth van blocked the road.", "A fire truck blocked the road."),
    ("Two hearth vans blocked the road.", "Two fire trucks blocked the road."),
    ("She is a software program builder.", "She is a software developer."),
    # A spinner swaps a word of a phrasal verb or an idiom for a synonym of the word alone ("phrasal verbs
    # and fixed expressions"); the verb rows are pos=verb, so every tense is matched.
    ("The company said it seems ahead to working with regulators.",
     "The company said it looks forward to working with regulators."),
    ("The meeting took location in Paris on Monday.", "The meeting took place in Paris on Monday."),
    ("Officials are trying to discover out what happened.", "Officials are trying to find out what happened."),
    ("Engineers arrived up with a plan.", "Engineers came up with a plan."),
    ("In the lengthy run, costs will fall.", "In the long run, costs will fall."),
    ("Shoppers must wear facial area masks in stores.", "Shoppers must wear face masks in stores."),
    ("The state expanded get hold of tracing this 7 days.", "The state expanded contact tracing this week."),
    # Confident verb-phrase rows once written in the past tense only are pos=verb.
    ("The spokesman declines to remark on the case.", "The spokesman declines to comment on the case."),
    ("Two workers examining constructive were sent home.", "Two workers testing positive were sent home."),
    ("The judge is dominating out a retrial.", "The judge is ruling out a retrial."),
    ("Police say troops are firing tear fuel.", "Police say troops are firing tear gas."),
])
def test_shipped_rows_of_session_22(default: Restorer, spun: str, restored: str) -> None:
    assert default.restore(spun) == restored


def test_shipped_inflection_cache_is_complete() -> None:
    # Loading the shipped tables must not need lemminflect: rebuild with scripts/build_inflections.py.
    from spinfix.table import _shipped_inflections, default_table_paths, inflection_requests

    rows = merge_tables([read_table(p) for p in default_table_paths()])
    missing = inflection_requests(rows) - set(_shipped_inflections())
    assert not missing, f"run scripts/build_inflections.py; missing {sorted(missing)[:5]}"


def test_shipped_tables_are_spelt_canonically() -> None:
    # The shipped tables are edited by hand (news.tsv) or written by a script (science_pps.tsv); both spell
    # every row as format_row does, so scripts/check_table.py --write never rewrites a line nobody changed.
    from spinfix.table import default_table_paths, format_row

    for path in default_table_paths():
        lines = Path(path).read_text(encoding="utf-8").split("\n")
        bad = [row.line for row in read_table(path) if lines[row.line - 1] != format_row(row)]
        assert not bad, f"{path}: lines {bad[:5]} not canonical; run scripts/check_table.py --write {path}"


def test_format_row_round_trips(tmp_path: Path) -> None:
    body = ("a b\tc d | e\t0.975\tdomain=news,kind=phrase,pos=noun\tuser\tleft=x|w;and=p q;spun-doc\n"
            "f\t?\t0.8\tdomain=science,kind=tortured\tpps\n")
    rows = load(tmp_path, HEADER + body)
    from spinfix.table import format_row

    again = parse_table(HEADER + "\n".join(format_row(r) for r in rows) + "\n", "t.tsv")
    assert [(r.spun, r.originals, r.confidence, r.kind, r.pos, r.detect_only, r.conditions) for r in again] == \
           [(r.spun, r.originals, r.confidence, r.kind, r.pos, r.detect_only, r.conditions) for r in rows]
    assert [format_row(r) for r in rows] == [
        "a b\tc d | e\t0.975\tdomain=news,kind=phrase,pos=noun\tuser\tleft=w|x;and=p q;spun-doc",
        "f\t?\t0.80\tdomain=science,kind=tortured,detect-only\tpps",
    ]


def test_check_table_script_normalises_and_checks(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = Path(__file__).resolve().parent.parent / "scripts" / "check_table.py"
    path = write_table(tmp_path, HEADER + "# group\nstated\tsaid\t0.1\tdomain=news,kind=word\tuser\n")

    def check(*flags: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, str(script), "--alone", *flags, str(path)]
        return subprocess.run(cmd, check=False, capture_output=True, text=True)

    assert check().returncode == 1  # 0.1 is spelt 0.10
    assert check("--write").returncode == 0
    assert path.read_text(encoding="utf-8").endswith("# group\nstated\tsaid\t0.10\tdomain=news,kind=word\tuser\n")
    assert check().returncode == 0
    with path.open("a", encoding="utf-8") as fh:
        fh.write("said\tstated\t0.50\tdomain=news,kind=word\tuser\n")
    out = check()
    assert out.returncode == 1 and "cycle" in out.stderr
