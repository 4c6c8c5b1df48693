"""Issue 15, item 3: spinfix.toml / [tool.spinfix], discovered upwards like ruff; flags override."""

from __future__ import annotations

from pathlib import Path

import pytest

from spinfix.cli import main
from spinfix.settings import find_config, load_settings
from tests.conftest import SMALL_TABLE

SPUN = "Personal corporations have an extended relationship.\nShares rose zero.5 %.\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A repository with a table in ``tables/``, a spun file in ``docs/`` and the working directory there."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "tables").mkdir()
    (root / "tables" / "small.tsv").write_text(SMALL_TABLE, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "a.txt").write_text(SPUN, encoding="utf-8")
    monkeypatch.chdir(root / "docs")
    return root


def test_pyproject_section_is_found_upwards_and_tables_are_relative_to_it(project: Path, capsys) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.spinfix]\ntables = ["tables/small.tsv"]\ndefault-tables = false\n'
        'context = false\ndisable = ["rule:number"]\n', encoding="utf-8")
    assert find_config() == project / "pyproject.toml"
    assert main(["restore", "a.txt"]) == 0
    assert capsys.readouterr().out == "Private companies have a long relationship.\nShares rose zero.5 %.\n"
    # A flag replaces the file's value.
    assert main(["restore", "a.txt", "--disable", "extended relationship"]) == 0
    assert capsys.readouterr().out == "Private companies have an extended relationship.\nShares rose 0.5 %.\n"
    assert main(["restore", "a.txt", "--no-config", "--no-default-tables", "--no-context"]) == 0
    assert capsys.readouterr().out == SPUN.replace("zero.5", "0.5")  # no table, and rule:number back on


def test_spinfix_toml_wins_and_discovery_stops_at_the_repository(project: Path, tmp_path: Path) -> None:
    (tmp_path / "spinfix.toml").write_text("threshold = 0.9\n", encoding="utf-8")  # above the repository
    assert find_config() is None
    (project / "pyproject.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    assert find_config() is None  # a pyproject without [tool.spinfix] is passed over
    (project / "spinfix.toml").write_text("threshold = 0.8\n", encoding="utf-8")
    (project / "pyproject.toml").write_text("[tool.spinfix]\nthreshold = 0.7\n", encoding="utf-8")
    assert find_config() == project / "spinfix.toml"
    assert load_settings().values["threshold"] == 0.8


def test_show_settings_names_each_source(project: Path, capsys) -> None:
    (project / "spinfix.toml").write_text('threshold = 0.8\ndomains = ["news"]\n', encoding="utf-8")
    assert main(["check", "--show-settings", "--threshold", "0.6"]) == 0
    out = capsys.readouterr().out
    assert f"config file: {project / 'spinfix.toml'}" in out
    assert "threshold      = 0.6  # command line" in out
    assert f'domains        = ["news"]  # {project / "spinfix.toml"}' in out
    assert "context        = true  # default" in out


def test_threshold_from_the_file_is_used(project: Path, capsys) -> None:
    (project / "spinfix.toml").write_text('tables = ["tables/small.tsv"]\ndefault-tables = false\ncontext = false\n'
                                          "threshold = 0.99\n", encoding="utf-8")
    assert main(["restore", "a.txt"]) == 0
    assert capsys.readouterr().out == SPUN  # nothing scores 0.99


@pytest.mark.parametrize(("body", "message"), [
    ("treshold = 0.7\n", "unknown key 'treshold'"),
    ("default_tables = false\n", "did you mean 'default-tables'"),
    ("threshold = 'high'\n", "threshold must be a number in [0, 1]"),
    ("threshold = 2\n", "threshold must be a number in [0, 1]"),
    ("keep = 'x'\n", "keep must be a list of strings"),
    ("context = 1\n", "context must be true or false"),
    ("disable = ['typo']\n", "unknown rule, row id, kind or spun form: 'typo'"),
    ("threshold = \n", "not valid TOML"),
    ("[spinfix]\nthreshold = 0.7\n", "holds the keys at its top level, without a [spinfix] table"),
    ("[tool.spinfix]\nthreshold = 0.7\n", "without a [tool] table (pyproject.toml holds them under [tool.spinfix])"),
])
def test_bad_files_are_errors_naming_the_file(project: Path, capsys, body: str, message: str) -> None:
    (project / "spinfix.toml").write_text(body, encoding="utf-8")
    assert main(["check", "a.txt"]) == 2
    err = capsys.readouterr().err
    assert message in err
    if "typo" not in body:
        assert str(project / "spinfix.toml") in err


def test_unknown_key_in_pyproject_names_the_section(project: Path, capsys) -> None:
    (project / "pyproject.toml").write_text("[tool.spinfix]\nfoo = 1\n", encoding="utf-8")
    assert main(["check", "a.txt"]) == 2
    assert f"{project / 'pyproject.toml'}: [tool.spinfix]: unknown key 'foo'" in capsys.readouterr().err


def test_config_flag_names_the_file(project: Path, tmp_path: Path, capsys) -> None:
    other = tmp_path / "elsewhere.toml"
    other.write_text('tables = ["repo/tables/small.tsv"]\ndefault-tables = false\ncontext = false\n',
                     encoding="utf-8")
    assert main(["restore", "a.txt", "--config", str(other)]) == 0
    assert capsys.readouterr().out.startswith("Private companies")
    assert main(["restore", "a.txt", "--config", str(tmp_path / "missing.toml")]) == 2
    assert "no such configuration file" in capsys.readouterr().err
    assert main(["restore", "a.txt", "--config", str(other), "--no-config"]) == 2


def test_fast_leaves_out_the_spin_evidence(project: Path, capsys, monkeypatch) -> None:
    """--fast (or ``spin-evidence = false``) builds the restorer without the word-by-word evidence."""
    from spinfix import cli

    seen = []
    real = cli.Restorer

    def spy(config: object = None) -> object:
        seen.append(config)
        return real(config)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "Restorer", spy)
    assert main(["score", "a.txt", "--fast"]) == 0
    assert seen and not seen[-1].spin_evidence  # type: ignore[attr-defined]
    (project / "spinfix.toml").write_text("spin-evidence = false\n", encoding="utf-8")
    assert main(["check", "--show-settings"]) == 0
    out = capsys.readouterr().out
    assert "spin-evidence" in out and "false" in out.lower()
    assert main(["score", "a.txt"]) == 0
    assert not seen[-1].spin_evidence  # type: ignore[attr-defined]
