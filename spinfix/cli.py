"""The command line: a thin shell over the library. ``main(argv) -> exit code``.

Exit codes, as linters use them: 0 = success and (for ``check``) nothing found; 1 = ``check`` found spun
spans; 2 = usage or runtime error (bad flag, unreadable file, bad table, undecodable input, a write that
failed); 130 = interrupted. Never 0 on failure, and never 1 for anything but findings: an unexpected
exception (a bug) is reported with its traceback and exit code 2. Outputs are written by
:mod:`spinfix.files`: never onto an input, regular files atomically (a temporary file renamed over the
target, so an interrupted or failed write never leaves a truncated file and never touches the old one),
special files straight through. Input is read as UTF-8 and output is written as UTF-8 whatever the locale,
so ``restore`` changes no byte outside its edits. See docs/cli.md.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import traceback
from collections.abc import Iterator, Sequence
from typing import IO, NoReturn

from ._version import __version__
from .config import Config
from .errors import EXIT_ERROR, EXIT_FOUND, EXIT_INTERRUPTED, EXIT_OK, SpinfixError, UsageError
from .files import STDOUT, check_outputs, resolve_output, same_file, terminate_as_interrupt, write_output
from .formats import (
    CHECK_FORMATS,
    SCORE_FORMATS,
    finding_text,
    format_check,
    format_paragraph_scores,
    format_scores,
    format_statistics,
)
from .inputs import LineIndex, read_input, read_source
from .records import Analysis, Finding
from .restore import Restorer
from .selection import Selection
from .selection import resolve as resolve_selection
from .settings import Settings, load_settings
from .table import default_table_paths, load_tables

__all__ = ["LineIndex", "UsageError", "build_parser", "format_finding", "main", "main_exit", "read_input"]


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--table", action="append", default=[], metavar="PATH",
                   help="an extra phrase table (repeatable); see docs/table-format.md")
    p.add_argument("--no-default-tables", action="store_true", help="use only the --table files")
    p.add_argument("--threshold", type=float, default=None, metavar="P",
                   help="restore findings scoring at least P (default 0.5)")
    p.add_argument("--domain", action="append", choices=["news", "science", "general"],
                   help="table domains to use (repeatable; default all)")
    p.add_argument("--disable", action="append", default=[], metavar="NAME",
                   help="switch off a rule (rule:number), rule family (general), row id (row:1a2b3c4d), kind "
                        "(tortured) or the table rows of a spun form (repeatable, or comma-separated); unknown "
                        "names are an error")
    p.add_argument("--select", action="append", default=[], metavar="NAME",
                   help="use only these rules, row ids, kinds or spun forms (names as --disable; repeatable)")
    p.add_argument("--keep", action="append", default=[], metavar="PHRASE",
                   help="never touch this phrase (repeatable)")
    p.add_argument("--no-context", action="store_true", help="decide from table priors and rules only")
    p.add_argument("--fast", action="store_true",
                   help="leave out the word-by-word spin evidence (about 10x faster; table findings only in "
                        "the spin score, no local region evidence)")
    p.add_argument("--lm", metavar="MODEL",
                   help="after restoring, let a small language model judge doubtful words in the sentences "
                        "spinfix restored: smollm2, gemma3 or a GGUF file (pip install 'spinfix[lm]'; a few "
                        "words a second)")
    p.add_argument("--errors", choices=["strict", "replace"], default="strict",
                   help="undecodable input bytes: fail (strict, default) or read each as U+FFFD (replace; "
                        "restore writes them back unchanged)")
    p.add_argument("--config", metavar="PATH",
                   help="read settings from this spinfix.toml or pyproject.toml instead of the discovered one")
    p.add_argument("--no-config", action="store_true", help="ignore every configuration file")
    p.add_argument("--show-settings", action="store_true",
                   help="print the effective settings and where each came from, and exit")


_CHOICE = re.compile(r"invalid choice: '([^']*)' \(choose from (.*)\)")


class _Parser(argparse.ArgumentParser):
    """argparse with "did you mean" for a mistyped command or choice (``spinfix chek``, ``--format jsn``)."""

    def error(self, message: str) -> NoReturn:
        m = _CHOICE.search(message)
        if m:
            choices = re.findall(r"'([^']*)'", m.group(2)) or [c.strip() for c in m.group(2).split(",")]
            close = difflib.get_close_matches(m.group(1), choices, n=1, cutoff=0.6)
            if close:
                message += f"; did you mean {close[0]!r}?"
        super().error(message)


def _unknown_flags(sub: argparse.ArgumentParser, extras: Sequence[str]) -> str:
    """``unrecognized arguments: …`` with the closest flag of ``sub`` for each mistyped one."""
    options = [o for a in sub._actions for o in a.option_strings]
    hints = []
    for extra in extras:
        flag = extra.split("=", 1)[0]
        close = difflib.get_close_matches(flag, options, n=1, cutoff=0.6) if flag.startswith("-") else []
        if close:
            hints.append(f"{extra!r}: did you mean {close[0]!r}?")
    return "unrecognized arguments: " + " ".join(extras) + ("; " + "; ".join(hints) if hints else "")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="spinfix", description="Find and undo article-spinner swaps.")
    parser.add_argument("--version", action="version", version=f"spinfix {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    r = sub.add_parser("restore", help="write the restored text")
    r.add_argument("input", nargs="?", default="-", help="a text file, or - for stdin (default)")
    r.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    r.add_argument("--in-place", action="store_true", help="overwrite the input file")
    r.add_argument("--format", choices=["text", "json", "diff"], default="text",
                   help="text: the restored text; json: text, edits and findings; diff: a unified diff")
    _common(r)

    c = sub.add_parser("check", help="list findings, linter style (exit 1 when any)")
    c.add_argument("inputs", nargs="*", metavar="FILE", help="text files, or - for stdin")
    c.add_argument("--format", choices=CHECK_FORMATS, default="text",
                   help="text: linter lines; json: one JSON array; jsonl: a JSON record a line; sarif: SARIF "
                        "2.1.0; github: GitHub Actions annotations")
    c.add_argument("--all", action="store_true", help="also list findings below the restore threshold")
    c.add_argument("--statistics", action="store_true",
                   help="print counts per rule and per spun form instead of the findings (text or json)")
    c.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings are reported")
    c.add_argument("--html", metavar="REPORT", help="also write a self-contained HTML report")
    _common(c)

    s = sub.add_parser("score", help="print each document's spin score and verdict")
    s.add_argument("inputs", nargs="*", metavar="FILE")
    s.add_argument("--format", choices=SCORE_FORMATS, default="text",
                   help="text: a line per document; json: one JSON array; jsonl: a JSON record a line")
    s.add_argument("--fail-on", choices=["suspicious", "spun"], default=None,
                   help="exit 1 when any document's verdict reaches this (suspicious includes spun)")
    s.add_argument("--paragraphs", choices=["blank", "line"], default=None, metavar="{blank,line}",
                   help="score each paragraph instead of each document, paragraphs ending at a blank line "
                        "(blank) or at every line break (line); --fail-on then looks at the paragraphs")
    _common(s)

    from .scan_flags import add_scan_arguments  # the corpus scanner's flags, without the scanner

    sc = sub.add_parser("scan", help="score (and optionally restore) a corpus, streaming, on all cores")
    add_scan_arguments(sc)
    _common(sc)

    from .completion import SHELLS

    co = sub.add_parser("completion", help="print a shell completion script (eval \"$(spinfix completion bash)\")")
    co.add_argument("shell", choices=SHELLS)
    return parser


def _names(values: Sequence[str]) -> list[str]:
    """``--select``/``--disable`` values, each possibly a comma-separated list (as ruff takes them)."""
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


def _settings(args: argparse.Namespace) -> Settings:
    """The configuration file's settings (see :mod:`spinfix.settings`), each flag given replacing its value."""
    if args.config and args.no_config:
        raise UsageError("--config and --no-config exclude each other")
    s = load_settings(getattr(args, "config", None), getattr(args, "no_config", False))
    cli = "command line"
    if args.table:
        s.set("tables", list(args.table), cli)
    if args.no_default_tables:
        s.set("default-tables", False, cli)
    if args.threshold is not None:
        s.set("threshold", args.threshold, cli)
    if args.domain:
        s.set("domains", sorted(set(args.domain)), cli)
    for key in ("disable", "select"):
        if getattr(args, key):
            s.set(key, _names(getattr(args, key)), cli)
    if args.keep:
        s.set("keep", list(args.keep), cli)
    if args.no_context:
        s.set("context", False, cli)
    if args.fast:
        s.set("spin-evidence", False, cli)
    if getattr(args, "lm", None) is not None:
        s.set("lm", args.lm, cli)
    return s


def _config(args: argparse.Namespace, settings: Settings | None = None) -> Config:
    """The configuration the settings ask for, before ``--select``/``--disable`` (see :func:`_setup`)."""
    s = settings if settings is not None else _settings(args)
    v = s.values
    kwargs: dict = {
        "tables": tuple(v["tables"]),
        "default_tables": v["default-tables"],
        "keep": frozenset(v["keep"]),
        "context": v["context"],
        "spin_evidence": v["spin-evidence"],
        "lm": v["lm"] or None,
    }
    if s.sources["domains"] != "default":
        kwargs["domains"] = frozenset(v["domains"])
    if s.sources["threshold"] != "default":
        kwargs["threshold"] = v["threshold"]
        kwargs["report_threshold"] = min(0.25, v["threshold"])
    return Config(**kwargs)


def _setup(args: argparse.Namespace) -> tuple[Config, Selection]:
    """The run's configuration with ``--select``/``--disable`` resolved against the loaded tables.

    Names are checked against every row of the table files, before the domain filter: ``--domain science
    --disable stated`` names a real (news) row and is accepted.
    """
    settings = _settings(args)
    config = _config(args, settings)
    select, disable = settings.values["select"], settings.values["disable"]
    if not select and not disable:
        return config, Selection()
    paths = (default_table_paths() if config.default_tables else []) + list(config.tables)
    rows = load_tables(paths, on_conflict=config.on_conflict)  # the shipped ones from their checked cache
    selection = resolve_selection(rows, select, disable)
    return selection.config(config), selection


def write_atomic(path: str, content: str) -> None:
    """Write ``content`` to the output ``path`` safely (see :mod:`spinfix.files`); kept for callers of the
    old name. Errors are :class:`~spinfix.files.OutputError` (exit code 2) naming ``path``."""
    write_output(path, content)


def format_finding(path: str, text: str, f: Finding, index: LineIndex | None = None) -> str:
    """``path:line:col: rule: spun -> restored (score)``; line and column are 1-based, in characters.

    A spun span may run across a line break, and its restoration keeps that break; both are shown on one
    line so that each finding is one line (see :mod:`spinfix.formats`).
    """
    return finding_text(path, f, index if index is not None else LineIndex(text[:f.start]))


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff that ``patch`` applies: lines are cut at ``\\n`` only (``str.splitlines`` also cuts at
    a lone CR, U+2028 and others, which patch does not), and a last line without a newline is marked
    ``\\ No newline at end of file``."""
    lines = difflib.unified_diff(_lines(before), _lines(after),
                                 fromfile=f"{name} (spun)", tofile=f"{name} (restored)")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _lines(text: str) -> list[str]:
    """``text`` cut after each ``\\n``, keeping the breaks (a lone CR stays inside its line)."""
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


class _Run:
    """What a command works with: the restorer, its configuration and the ``--select``/``--disable``
    selection, applied to the one analysis (:meth:`analyse`)."""

    def __init__(self, config: Config, selection: Selection) -> None:
        self.config = config
        self.selection = selection
        self.restorer = Restorer(config)

    def analyse(self, text: str) -> Analysis:
        return self.selection.apply(text, self.restorer.analyse(text), self.restorer)


def _run_restore(args: argparse.Namespace, run: _Run, out: IO[str]) -> int:
    if args.in_place and (args.input == "-" or args.output):
        raise UsageError("--in-place needs a file input and no -o")
    if args.in_place and resolve_output(args.input).kind == "stream":
        raise UsageError(f"{args.input}: --in-place needs a regular file")
    if args.output and args.input != "-" and same_file(args.output, args.input):
        raise UsageError(f"{args.output}: output is the input file; use --in-place to overwrite it")
    if args.output:
        check_outputs([("-o", args.output)], [args.input])
        resolve_output(args.output)  # a directory or a missing directory fails before the work
    source = read_source(args.input, args.errors)
    text = source.text
    result = run.analyse(text)
    if args.format == "json":
        content = json.dumps({
            "text": result.text,
            "edits": [e.to_dict() for e in result.edits],
            "findings": [f.to_dict() for f in result.findings],
        }, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "diff":
        content = unified_diff(text, result.text, "stdin" if args.input == "-" else args.input)
    else:
        content = result.text
    # The restored text itself is written as the input's bytes with the edits in them: a byte-order mark
    # and bytes that are not UTF-8 (read as U+FFFD under --errors replace) come out as they went in.
    # A diff or JSON shows the text as read.
    if args.in_place:  # the file gets the restored text whatever the format; a diff or JSON goes to stdout
        write_output(args.input, source.restored_bytes(result.edits))
        if args.format != "text":
            out.write(content)
    else:
        write_output(args.output or STDOUT,
                     source.restored_bytes(result.edits) if args.format == "text" else content, out)
    return EXIT_OK


class _Inputs:
    """The inputs of ``check`` and ``score``, read one at a time as the loop asks: one that cannot be read
    (missing, a directory, not UTF-8, UTF-16) is reported on stderr as ``main`` reports an error, and the
    others are still read. Why: the first such file had stopped the run, so the files after it were never
    checked, and ``--format json``, ``sarif`` or ``--html``, written at the end, lost every result. The
    command then exits EXIT_ERROR (:attr:`failed`), as a linter does for a file it could not read."""

    def __init__(self, names: Sequence[str], errors: str) -> None:
        self.names = names
        self.errors = errors
        self.failed = False

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for name in self.names:
            try:
                text = read_input(name, self.errors)
            except UsageError as exc:
                print(f"spinfix: error: {exc}", file=sys.stderr)
                self.failed = True
                continue
            yield name, text

    def exit_code(self, code: int) -> int:
        """``code``, or EXIT_ERROR when an input could not be read."""
        return EXIT_ERROR if self.failed else code


def _run_check(args: argparse.Namespace, run: _Run, out: IO[str]) -> int:
    if args.inputs.count("-") > 1:
        raise UsageError("-: stdin can be read only once")
    if args.statistics and args.format not in ("text", "json"):
        raise UsageError(f"--statistics prints text or json, not {args.format}")
    if args.html:
        check_outputs([("--html", args.html)], args.inputs)
        resolve_output(args.html)  # a directory or a missing directory fails before the work
    found = 0
    documents = []
    scores = []  # each document's analysis score, for the report: the verdict spinfix score gives
    paragraphs = []  # and its paragraph scores (only with --html: a full model reading of each document)
    # Line formats are written document by document (a long run shows progress and holds one document's
    # findings at a time); json and sarif are one value, written whole at the end.
    streaming = args.format in ("text", "jsonl", "github") and not args.statistics
    inputs = _Inputs(args.inputs, args.errors)
    for name, text in inputs:
        analysis = run.analyse(text)
        findings = [f for f in analysis.findings if args.all or f.action == "restore"]
        found += len(findings)
        shown = "<stdin>" if name == "-" else name
        if streaming:
            out.write(format_check(args.format, [(shown, text, findings)]))
        documents.append((shown, text if args.html or not streaming else "", findings))
        scores.append(analysis.score)
        if args.html:
            from .report import report_paragraphs

            paragraphs.append(report_paragraphs(run.restorer, text, analysis))
    if args.statistics:
        out.write(format_statistics(args.format, documents))
    elif not streaming:
        out.write(format_check(args.format, documents, __version__))
    if args.html:
        from .report import ReportDocument, render_report

        report = [ReportDocument(*doc, score, parts)
                  for doc, score, parts in zip(documents, scores, paragraphs, strict=True)]
        write_output(args.html, render_report(report, run.restorer), out)
    return inputs.exit_code(EXIT_FOUND if found and not args.exit_zero else EXIT_OK)


_VERDICT_RANK = {"clean": 0, "suspicious": 1, "spun": 2}


def _run_score(args: argparse.Namespace, run: _Run, out: IO[str]) -> int:
    if args.paragraphs:
        return _run_paragraph_scores(args, run, out)
    scores = []
    failed = False
    inputs = _Inputs(args.inputs, args.errors)
    for name, text in inputs:
        s = run.analyse(text).score
        if args.fail_on and _VERDICT_RANK[s.verdict] >= _VERDICT_RANK[args.fail_on]:
            failed = True
        if args.format == "json":
            scores.append((name, s))
        else:
            out.write(format_scores(args.format, [(name, s)]))
    if args.format == "json":
        out.write(format_scores("json", scores))
    return inputs.exit_code(EXIT_FOUND if failed else EXIT_OK)


def _run_paragraph_scores(args: argparse.Namespace, run: _Run, out: IO[str]) -> int:
    """``spinfix score --paragraphs``: a record per paragraph (``Restorer.paragraph_scores``), of the same
    analysis the document score reads (so ``--select``/``--disable`` apply)."""
    documents = []
    failed = False
    inputs = _Inputs(args.inputs, args.errors)
    for name, text in inputs:
        paragraphs = run.restorer.paragraph_scores(text, lines=args.paragraphs == "line", analysis=run.analyse(text))
        if args.fail_on and any(_VERDICT_RANK[p.verdict] >= _VERDICT_RANK[args.fail_on] for p in paragraphs):
            failed = True
        if args.format == "json":  # one array at the end, as the document scores
            documents.append((name, text, paragraphs))
        else:
            out.write(format_paragraph_scores(args.format, [(name, text, paragraphs)]))
    if args.format == "json":
        out.write(format_paragraph_scores("json", documents))
    return inputs.exit_code(EXIT_FOUND if failed else EXIT_OK)


def utf8_stdout() -> IO[str]:
    """Standard output writing UTF-8, whatever the locale says.

    Input is decoded as UTF-8, so output must be encoded as UTF-8: under ``LANG=C`` or
    ``PYTHONIOENCODING=latin-1`` a restored text would otherwise come out re-encoded (bytes outside the
    edits changed) or fail with ``UnicodeEncodeError`` half-way through.
    """
    out = sys.stdout
    encoding = (getattr(out, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if encoding != "utf8" and hasattr(out, "reconfigure"):
        out.flush()
        out.reconfigure(encoding="utf-8", errors="strict")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting (``__main__`` exits)."""
    parser = build_parser()
    try:
        args, extras = parser.parse_known_args(argv)
        if extras:  # the subcommand's own flags are the candidates for "did you mean"
            sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
            sub.choices[args.command].error(_unknown_flags(sub.choices[args.command], extras))
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help/--version
        return int(exc.code) if isinstance(exc.code, int) else EXIT_ERROR
    if args.command == "completion":
        from .completion import completion_script

        utf8_stdout().write(completion_script(args.shell, parser))
        return EXIT_OK
    try:
        if args.show_settings:
            out = utf8_stdout()
            out.write(_settings(args).show())
            return EXIT_OK
        if args.command in ("check", "score") and not args.inputs:  # optional only for --show-settings
            print(f"usage: spinfix {args.command} FILE... [options]\nspinfix {args.command}: error: the following "
                  "arguments are required: FILE", file=sys.stderr)
            return EXIT_ERROR
        config, selection = _setup(args)
        run = _Run(config, selection)  # a bad --table row is reported here, before any input is read
        out = utf8_stdout()
        if args.command == "scan":
            from .scan import RenderCorpusReport, run_scan

            if selection.filters:  # the scanner's workers analyse on their own; they cannot drop rules yet
                raise UsageError(f"scan cannot switch off {', '.join(sorted(selection.rules_off))} yet "
                                 "(only table rows, and the general: rules all together); use check or restore")
            render_html: RenderCorpusReport | None = None
            if args.html:  # the page is the report's to draw; the scanner only gathers its data
                from .report import render_corpus_report

                render_html = render_corpus_report
            return run_scan(args, config, out, render_html)
        handler = {"restore": _run_restore, "check": _run_check, "score": _run_score}[args.command]
        with terminate_as_interrupt():  # SIGTERM exits 130 and leaves no temporary file, as Ctrl-C does
            return handler(args, run, out)
    except (UsageError, SpinfixError) as exc:
        print(f"spinfix: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("spinfix: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        print(f"spinfix: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Exception:  # a bug: keep the traceback for the report, but never exit 1 ("found") or 0
        traceback.print_exc()
        print("spinfix: internal error; please report it with the traceback above", file=sys.stderr)
        return EXIT_ERROR


def _silence_stdout() -> None:
    """After a closed pipe (``spinfix restore big.txt | head``), point stdout at /dev/null so that the
    interpreter's final flush does not print a second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main_exit() -> None:
    """Console-script entry point: run :func:`main` and exit with its code."""
    sys.exit(main())
