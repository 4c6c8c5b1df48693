"""The configuration file: ``spinfix.toml`` or ``[tool.spinfix]`` in ``pyproject.toml``, found like ruff's.

Discovery starts in the working directory and walks up to the filesystem root, stopping after a directory
that holds ``.git`` (a repository's settings do not leak in from the folder above it). In each directory a
``spinfix.toml`` wins over a ``pyproject.toml``; a ``pyproject.toml`` without a ``[tool.spinfix]`` table is
passed over. ``--config PATH`` names the file instead and ``--no-config`` ignores every file.

Keys (``spinfix.toml`` holds them at the top level)::

    tables = ["swaps/ours.tsv"]      # relative to the file that names them
    default-tables = true
    threshold = 0.7
    domains = ["news"]
    disable = ["rule:grammar", "stated"]   # as --disable: rules, row ids, kinds, spun forms
    select = []                            # as --select
    keep = ["personal data"]
    context = true

A flag given on the command line replaces the file's value. An unknown key or a value of the wrong type is
an error naming the file: a misspelt key that is silently ignored is a setting that silently does nothing.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10: the tomli backport (a dependency there)
    import tomli as tomllib

#: Setting name -> (expected type, description for --show-settings); ``list`` means a list of strings.
KEYS: dict[str, tuple[type, str]] = {
    "tables": (list, "extra phrase tables"),
    "default-tables": (bool, "load the shipped tables"),
    "threshold": (float, "restore findings scoring at least this"),
    "domains": (list, "table domains used"),
    "disable": (list, "rules, row ids, kinds or spun forms switched off"),
    "select": (list, "only these rules, row ids, kinds or spun forms"),
    "keep": (list, "phrases never touched"),
    "context": (bool, "weigh candidates by n-gram context"),
    "spin-evidence": (bool, "read every word with the trigram model for signs of spinning (slower)"),
    "lm": (str, "language-model rescorer: smollm2, gemma3 or a GGUF file (spinfix[lm]); empty: none"),
}
DEFAULTS: dict[str, Any] = {
    "tables": [], "default-tables": True, "threshold": 0.5, "domains": ["general", "news", "science"],
    "disable": [], "select": [], "keep": [], "context": True, "spin-evidence": True, "lm": "",
}


@dataclass
class Settings:
    """The effective settings and where each came from (``default``, a file path or ``command line``)."""

    values: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    sources: dict[str, str] = field(default_factory=lambda: dict.fromkeys(DEFAULTS, "default"))
    path: Path | None = None

    def set(self, key: str, value: Any, source: str) -> None:
        self.values[key] = value
        self.sources[key] = source

    def show(self) -> str:
        """``--show-settings``: one line per setting, with its source."""
        lines = [f"config file: {self.path if self.path else '(none)'}"]
        width = max(map(len, KEYS))
        for key in KEYS:
            lines.append(f"{key:<{width}} = {_toml(self.values[key])}  # {self.sources[key]}")
        return "\n".join(lines) + "\n"


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file that applies in ``start`` (default: the working directory), or None."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / "spinfix.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_section(pyproject):
            return pyproject
        if (directory / ".git").exists():
            return None
    return None


def _has_section(pyproject: Path) -> bool:
    data = _read(pyproject)
    tool = data.get("tool")
    return isinstance(tool, dict) and "spinfix" in tool


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_config(path: Path) -> dict[str, Any]:
    """The spinfix table of ``path`` (checked, table paths made absolute); raises :class:`ConfigError`
    naming ``path`` for an unknown key or a wrong type."""
    data = _read(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        section = tool.get("spinfix", {}) if isinstance(tool, dict) else {}
        where = f"{path}: [tool.spinfix]"
    else:
        section, where = data, str(path)
    if not isinstance(section, dict):
        raise ConfigError(f"{where} must be a table")
    out: dict[str, Any] = {}
    for key, value in section.items():
        if key not in KEYS:
            close = [k for k in KEYS if k.replace("-", "_") == key.replace("-", "_")]
            hint = f" (did you mean {close[0]!r}?)" if close else f"; known keys: {', '.join(KEYS)}"
            if key in ("spinfix", "tool") and isinstance(value, dict) and path.name != "pyproject.toml":
                # A [spinfix] or [tool.spinfix] table written into spinfix.toml, as pyproject.toml wants it.
                hint = (f": this file holds the keys at its top level, without a [{key}] table "
                        "(pyproject.toml holds them under [tool.spinfix])")
            raise ConfigError(f"{where}: unknown key {key!r}{hint}")
        kind = KEYS[key][0]
        if kind is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: {key} must be a list of strings, got {value!r}")
        elif kind is bool:
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: {key} must be true or false, got {value!r}")
        elif kind is str:
            if not isinstance(value, str):
                raise ConfigError(f"{where}: {key} must be a string, got {value!r}")
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise ConfigError(f"{where}: {key} must be a number in [0, 1], got {value!r}")
        if key == "tables":
            out[key] = [str((path.parent / v).resolve()) if not Path(v).is_absolute() else v for v in value]
        elif key == "threshold":
            out[key] = float(value)
        else:
            out[key] = value
    return out


def load_settings(config: str | None = None, no_config: bool = False, start: Path | None = None) -> Settings:
    """The settings from the file ``config`` names, or the discovered one, or the defaults."""
    settings = Settings()
    if no_config:
        return settings
    path = Path(config) if config else find_config(start)
    if path is None:
        return settings
    if config and not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    settings.path = path
    for key, value in read_config(path).items():
        settings.set(key, value, str(path))
    return settings
