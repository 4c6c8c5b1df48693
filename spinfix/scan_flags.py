"""The flags of ``spinfix scan``, apart from the scanner itself.

Every command of the CLI builds the whole parser, ``scan``'s flags included; importing :mod:`spinfix.scan`
for them brought in its worker pool's modules (``multiprocessing``, ``concurrent.futures``) and its own
body, about 16 ms of every ``spinfix restore FILE`` and ``spinfix check`` (issue 14's cold start). The
scanner imports its defaults from here.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable

from .mine import MIN_DOCUMENTS

#: Bytes of input per batch sent to a worker. Large enough that pickling and the pipe round trip (about
#: 2 ms, measured) are negligible next to the scoring (a 256 KiB batch is 0.1-0.2 s of work with the
#: shipped tables), small enough that the in-flight window stays a few megabytes and the last batches
#: finish together.
BATCH_BYTES = 256 * 1024
#: The verdicts a document can get, in the order summaries list them.
VERDICTS = ("spun", "suspicious", "clean")
#: Documents ``--html`` lists by default: a reviewer's afternoon, and a page that opens at once (each listed
#: document is its full text twice, spun and restored).
HTML_DOCS = 100


# --- flags -----------------------------------------------------------------------------------------------
def _only(value: str) -> frozenset[str]:
    """``--only spun,suspicious``: the verdicts to keep (``all`` keeps every document)."""
    names = {v.strip() for v in value.split(",") if v.strip()}
    if "all" in names:
        return frozenset(VERDICTS)
    unknown = names - set(VERDICTS)
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"choose from spun, suspicious, clean, all (comma-separated), got {value!r}")
    return frozenset(names)


def _at_least(low: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
        if n < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}, got {n}")
        return n
    return parse


_positive = _at_least(1)


def default_jobs() -> int:
    """The CPUs this process may run on (respects affinity masks and container CPU sets)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def add_scan_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags of ``spinfix scan`` (the common table and threshold flags are added by :mod:`spinfix.cli`)."""
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="files, directories (read recursively, sorted), globs, or - for stdin; "
                             ".gz files are decompressed")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="write the JSON Lines here (atomically: the file appears only when the scan "
                             "completes) instead of streaming to stdout")
    parser.add_argument("--format", choices=["jsonl", "text"], default=None,
                        help="input format (default: jsonl for .jsonl/.json/.ndjson[.gz], text otherwise; "
                             "stdin is text)")
    parser.add_argument("--field", default=None, metavar="NAME",
                        help="JSON Lines: the field holding the text (default: text)")
    parser.add_argument("--lines", action="store_true",
                        help="text input: one document per line (default: one document per file)")
    parser.add_argument("--restore", action="store_true", help="add the restored text (field 'spinfix_restored')")
    parser.add_argument("--findings", action="store_true",
                        help="add every finding (field 'spinfix_findings', each with its action)")
    parser.add_argument("--paragraphs", choices=["blank", "line"], default=None, metavar="{blank,line}",
                        help="add each paragraph's score (field 'spinfix_paragraphs': start, end, score, verdict, "
                             "findings, words), paragraphs ending at a blank line (blank) or at every line break "
                             "(line); a full model reading of every document")
    parser.add_argument("--only", type=_only, default=frozenset(VERDICTS), metavar="VERDICTS",
                        help="write only documents with these verdicts: spun, suspicious, clean or all "
                             "(comma-separated; default all)")
    parser.add_argument("-j", "--jobs", type=_positive, default=None, metavar="N",
                        help=f"worker processes (default: the CPUs available, here {default_jobs()})")
    parser.add_argument("--on-error", choices=["pass", "reject", "fail"], default=None,
                        help="bad records: pass them through with a 'spinfix_error' field (default), reject them "
                             "(left out; see --rejects), or fail (exit 2 at the first)")
    parser.add_argument("--rejects", metavar="PATH",
                        help="write bad records here as JSON Lines (file, line, error, raw); implies "
                             "--on-error reject unless --on-error is given")
    parser.add_argument("--summary-json", metavar="PATH", help="also write the summary as JSON")
    parser.add_argument("--html", metavar="REPORT",
                        help="also write a self-contained HTML review page: a histogram of every document's score "
                             "and the highest-scoring documents with their findings (written when the scan completes)")
    parser.add_argument("--html-docs", type=_at_least(0), default=None, metavar="N",
                        help=f"documents the --html page lists, highest score first (default {HTML_DOCS}; they "
                             "follow --only; 0 for the histogram alone)")
    parser.add_argument("--suggest", metavar="ROWS",
                        help="also write table rows for the swaps this corpus's spinner makes that no loaded table "
                             "lists (read the same way across many spun stories), for review (docs/scan.md)")
    parser.add_argument("--suggest-min-docs", type=_positive, default=None, metavar="N",
                        help=f"spun documents, of as many different stories, a suggested swap must be seen in "
                             f"(default {MIN_DOCUMENTS})")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress line and no summary (bad records are still reported)")
    parser.add_argument("--batch-bytes", type=_positive, default=BATCH_BYTES, metavar="N",
                        help=argparse.SUPPRESS)  # tuning and tests: input bytes per worker batch
