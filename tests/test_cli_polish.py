"""Issue 15, item 7: "did you mean" for mistyped commands, flags and choices; shell completion scripts."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from spinfix.cli import build_parser, main
from spinfix.completion import completion_script


@pytest.mark.parametrize(("argv", "hint"), [
    (["chek", "x.txt"], "did you mean 'check'?"),
    (["restor", "x.txt"], "did you mean 'restore'?"),
    (["check", "x.txt", "--formt", "json"], "'--formt': did you mean '--format'?"),
    (["check", "x.txt", "--exit-zeroo"], "did you mean '--exit-zero'?"),
    (["score", "x.txt", "--fail-onn=spun"], "did you mean '--fail-on'?"),
    (["check", "x.txt", "--format", "jsn"], "did you mean 'json'?"),
])
def test_did_you_mean_exits_2(argv: list[str], hint: str, capsys) -> None:
    assert main(argv) == 2
    assert hint in capsys.readouterr().err


def test_no_suggestion_for_nonsense(capsys) -> None:
    assert main(["check", "x.txt", "--zzzzzzzz"]) == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments: --zzzzzzzz" in err and "did you mean" not in err


def _bash_complete(script: str, words: list[str]) -> list[str]:
    line = " ".join(f"'{w}'" for w in words)
    prog = (f"{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; _spinfix; "
            'printf "%s\\n" "${COMPREPLY[@]}"')
    out = subprocess.run(["bash", "-c", prog], capture_output=True, text=True, check=True)
    return out.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completion_completes_commands_flags_and_values(capsys) -> None:
    assert main(["completion", "bash"]) == 0
    script = capsys.readouterr().out
    assert script.rstrip().endswith("complete -o default -F _spinfix spinfix")
    assert _bash_complete(script, ["spinfix", "ch"]) == ["check"]
    assert set(_bash_complete(script, ["spinfix", "check", "--st"])) == {"--statistics"}
    assert _bash_complete(script, ["spinfix", "check", "--format", "s"]) == ["sarif"]
    assert _bash_complete(script, ["spinfix", "score", "--fail-on", ""]) == ["suspicious", "spun"]
    assert _bash_complete(script, ["spinfix", "completion", "z"]) == ["zsh"]


def test_zsh_script_uses_bashcompinit(capsys) -> None:
    assert main(["completion", "zsh"]) == 0
    script = capsys.readouterr().out
    assert "bashcompinit" in script and "complete -o default -F _spinfix spinfix" in script
    if shutil.which("zsh"):
        out = subprocess.run(["zsh", "-f", "-c", script + "\necho ok"], capture_output=True, text=True, check=False)
        assert out.returncode == 0 and out.stdout.strip().endswith("ok"), out.stderr


def test_completion_needs_a_known_shell(capsys) -> None:
    assert main(["completion", "fish"]) == 2
    assert completion_script("bash", build_parser()).startswith("# spinfix bash completion")


def test_completion_runs_as_a_program() -> None:
    out = subprocess.run([sys.executable, "-m", "spinfix", "completion", "bash"], capture_output=True, text=True,
                         check=False)
    assert out.returncode == 0 and "_spinfix()" in out.stdout
