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
import sys
import traceback
from collections.abc import Sequence
from typing import IO

from ._version import __version__
from .config import Config
from .errors import EXIT_ERROR, EXIT_FOUND, EXIT_INTERRUPTED, EXIT_OK, SpinfixError, UsageError
from .files import check_outputs, resolve_output, same_file, terminate_as_interrupt, write_output
from .inputs import LineIndex, read_input
from .records import Finding
from .restore import Restorer


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--table", action="append", default=[], metavar="PATH",
                   help="an extra phrase table (repeatable); see docs/table-format.md")
    p.add_argument("--no-default-tables", action="store_true", help="use only the --table files")
    p.add_argument("--threshold", type=float, default=None, metavar="P",
                   help="restore findings scoring at least P (default 0.5)")
    p.add_argument("--domain", action="append", choices=["news", "science", "general"],
                   help="table domains to use (repeatable; default all)")
    p.add_argument("--disable", action="append", default=[], metavar="SPUN",
                   help="switch off the table row of this spun form (repeatable)")
    p.add_argument("--keep", action="append", default=[], metavar="PHRASE",
                   help="never touch this phrase (repeatable)")
    p.add_argument("--no-context", action="store_true", help="decide from table priors and rules only")
    p.add_argument("--errors", choices=["strict", "replace"], default="strict",
                   help="undecodable input bytes: fail (strict, default) or replace with U+FFFD")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="spinfix", description="Find and undo article-spinner swaps.")
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
    c.add_argument("inputs", nargs="+", metavar="FILE", help="text files, or - for stdin")
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.add_argument("--all", action="store_true", help="also list findings below the restore threshold")
    c.add_argument("--html", metavar="REPORT", help="also write a self-contained HTML report")
    _common(c)

    s = sub.add_parser("score", help="print each document's spin score and verdict")
    s.add_argument("inputs", nargs="+", metavar="FILE")
    s.add_argument("--format", choices=["text", "json"], default="text")
    _common(s)

    from .scan import add_scan_arguments  # the corpus scanner owns its flags

    sc = sub.add_parser("scan", help="score (and optionally restore) a corpus, streaming, on all cores")
    add_scan_arguments(sc)
    _common(sc)
    return parser


def _config(args: argparse.Namespace) -> Config:
    kwargs: dict = {
        "tables": tuple(args.table),
        "default_tables": not args.no_default_tables,
        "disabled": frozenset(args.disable),
        "keep": frozenset(args.keep),
        "context": not args.no_context,
    }
    if args.domain:
        kwargs["domains"] = frozenset(args.domain)
    if args.threshold is not None:
        kwargs["threshold"] = args.threshold
        kwargs["report_threshold"] = min(0.25, args.threshold)
    return Config(**kwargs)


def write_atomic(path: str, content: str) -> None:
    """Write ``content`` to the output ``path`` safely (see :mod:`spinfix.files`); kept for callers of the
    old name. Errors are :class:`~spinfix.files.OutputError` (exit code 2) naming ``path``."""
    write_output(path, content)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """``(line, column)`` of one offset (for many offsets of one text use :class:`LineIndex`)."""
    return LineIndex(text[:offset]).line_col(offset)


#: Characters that would break a ``path:line:col:`` line apart on a terminal or in an editor's parser.
_LINE_BREAKING = str.maketrans({c: " " for c in "\n\r\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


def format_finding(path: str, text: str, f: Finding, index: LineIndex | None = None) -> str:
    """``path:line:col: rule: spun -> restored (score)``; line and column are 1-based, in characters.

    A spun span may run across a line break, and its restoration keeps that break; both are shown on one
    line so that each finding is one line.
    """
    line, col = index.line_col(f.start) if index is not None else _line_col(text, f.start)
    spun = f.spun.translate(_LINE_BREAKING)
    restored = f.restored.translate(_LINE_BREAKING)
    tag = "" if f.action == "restore" else " [report only]"
    return f"{path}:{line}:{col}: {f.rule}: {spun} -> {restored} ({f.score:.2f}){tag}"


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


def _run_restore(args: argparse.Namespace, restorer: Restorer, out: IO[str]) -> int:
    if args.in_place and (args.input == "-" or args.output):
        raise UsageError("--in-place needs a file input and no -o")
    if args.in_place and resolve_output(args.input).kind == "stream":
        raise UsageError(f"{args.input}: --in-place needs a regular file")
    if args.output and args.input != "-" and same_file(args.output, args.input):
        raise UsageError(f"{args.output}: output is the input file; use --in-place to overwrite it")
    if args.output:
        check_outputs([("-o", args.output)], [args.input])
        resolve_output(args.output)  # a directory or a missing directory fails before the work
    text = read_input(args.input, args.errors)
    result = restorer.restore_and_explain(text)
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
    if args.in_place:  # the file gets the restored text whatever the format; a diff or JSON goes to stdout
        write_output(args.input, result.text)
        if args.format != "text":
            out.write(content)
    elif args.output:
        write_output(args.output, content, out)
    else:
        out.write(content)
    return EXIT_OK


def _run_check(args: argparse.Namespace, restorer: Restorer, out: IO[str]) -> int:
    if args.inputs.count("-") > 1:
        raise UsageError("-: stdin can be read only once")
    if args.html:
        check_outputs([("--html", args.html)], args.inputs)
        resolve_output(args.html)  # a directory or a missing directory fails before the work
    found = 0
    documents = []
    for name in args.inputs:
        text = read_input(name, args.errors)
        findings = [f for f in restorer.detect(text) if args.all or f.action == "restore"]
        found += len(findings)
        shown = "<stdin>" if name == "-" else name
        documents.append((shown, text, findings))
        index = LineIndex(text) if findings else None
        if args.format == "json":
            for f in findings:
                assert index is not None
                line, col = index.line_col(f.start)
                out.write(json.dumps({"path": shown, "line": line, "column": col, **f.to_dict()},
                                     ensure_ascii=False) + "\n")
        else:
            for f in findings:
                out.write(format_finding(shown, text, f, index) + "\n")
    if args.html:
        from .report import render_report

        write_output(args.html, render_report(documents, restorer), out)
    return EXIT_FOUND if found else EXIT_OK


def _run_score(args: argparse.Namespace, restorer: Restorer, out: IO[str]) -> int:
    for name in args.inputs:
        text = read_input(name, args.errors)
        s = restorer.spin_score(text)
        if args.format == "json":
            out.write(json.dumps({"path": name, **s.to_dict()}) + "\n")
        else:
            out.write(f"{name}: {s.verdict} {s.score:.3f} ({s.findings} findings, {s.per_1000_words:.1f} per 1,000 "
                      f"words)\n")
    return EXIT_OK


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
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help/--version
        return int(exc.code) if isinstance(exc.code, int) else EXIT_ERROR
    try:
        restorer = Restorer(_config(args))
        _ = restorer.table  # a bad table is reported before any input is read
        out = utf8_stdout()
        if args.command == "scan":
            from .scan import run_scan

            return run_scan(args, _config(args), out)
        handler = {"restore": _run_restore, "check": _run_check, "score": _run_score}[args.command]
        with terminate_as_interrupt():  # SIGTERM exits 130 and leaves no temporary file, as Ctrl-C does
            return handler(args, restorer, out)
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
