"""``spinfix completion bash|zsh``: shell completion scripts generated from the argument parser.

Generated rather than written by hand so that a new flag or format is completed the day it is added. The
zsh script loads zsh's bash-completion compatibility layer and uses the same function.
"""

from __future__ import annotations

import argparse

SHELLS = ("bash", "zsh")


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _quote(words: list[str]) -> str:
    return " ".join(words).replace('"', "")


def bash_script(parser: argparse.ArgumentParser) -> str:
    """A bash completion function for ``parser``'s commands, flags and flag values."""
    commands = _commands(parser)
    top = [*commands, *(o for a in parser._actions for o in a.option_strings)]
    opts_cases = []
    value_cases = []
    for name, sub in commands.items():
        options = [o for a in sub._actions for o in a.option_strings]
        opts_cases.append(f'        {name}) opts="{_quote(options)}" ;;')
        for action in sub._actions:
            if action.option_strings and action.choices:
                pattern = "|".join(f"{name}:{o}" for o in action.option_strings)
                value_cases.append(f'        {pattern}) COMPREPLY=( $(compgen -W "{_quote(list(action.choices))}" '
                                   f'-- "$cur") ); return ;;')
            elif not action.option_strings and action.choices:  # a positional with choices (completion SHELL)
                value_cases.append(f'        {name}:{name}) COMPREPLY=( $(compgen -W "{_quote(list(action.choices))}" '
                                   f'-- "$cur") ); return ;;')
    return "\n".join([
        "# spinfix bash completion; load it with:  eval \"$(spinfix completion bash)\"",
        "_spinfix() {",
        "    local cur prev cmd opts",
        '    cur="${COMP_WORDS[COMP_CWORD]}"',
        '    prev="${COMP_WORDS[COMP_CWORD-1]}"',
        '    cmd="${COMP_WORDS[1]}"',
        "    if [ \"$COMP_CWORD\" -eq 1 ]; then",
        f'        COMPREPLY=( $(compgen -W "{_quote(top)}" -- "$cur") ); return',
        "    fi",
        '    case "$cmd:$prev" in',
        *value_cases,
        "    esac",
        '    case "$cmd" in',
        *opts_cases,
        '        *) opts="" ;;',
        "    esac",
        '    if [[ "$cur" == -* ]]; then',
        '        COMPREPLY=( $(compgen -W "$opts" -- "$cur") )',
        "    else",
        '        COMPREPLY=( $(compgen -f -- "$cur") )',
        "    fi",
        "}",
        "complete -o default -F _spinfix spinfix",
        "",
    ])


def zsh_script(parser: argparse.ArgumentParser) -> str:
    """The bash function under zsh's ``bashcompinit``; load it with ``eval "$(spinfix completion zsh)"``."""
    body = bash_script(parser).split("\n", 1)[1]
    return ("# spinfix zsh completion; load it with:  eval \"$(spinfix completion zsh)\"\n"
            "autoload -U +X compinit && compinit\n"
            "autoload -U +X bashcompinit && bashcompinit\n" + body)


def completion_script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script for ``shell`` (one of :data:`SHELLS`)."""
    return bash_script(parser) if shell == "bash" else zsh_script(parser)
