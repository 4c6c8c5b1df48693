"""Parse, check and merge the shipped tables once, so that a cold start reads them in a compact form.

Writes ``spinfix/data/tables/shipped.cache.json.gz`` (see ``spinfix.table.CACHE_NAME``): every row of each
shipped table, the merge ``Config()`` uses with each merged row's inflected forms (so that ``Config()``
compiles the table without expanding it), and the SHA-256 of each source file. At run time the loader
uses the cache only when those hashes match the installed tables; otherwise it parses them as before.

Also writes ``learned.cache.json.gz`` (``spinfix.general.LEARNED_CACHE``): the generaliser's swap statistics
of the rows ``Config()`` loads, keyed by a fingerprint of those rows, so that any other set of rows is
learned at run time as before.

Run after changing a shipped table:  python scripts/build_table_cache.py
The test suite checks that the cache matches the shipped tables (tests/test_table_cache.py).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spinfix import Config, Restorer  # noqa: E402
from spinfix.general import LEARNED_CACHE, learned_document  # noqa: E402
from spinfix.table import CACHE_NAME, DEFAULT_TABLES, build_cache  # noqa: E402

TABLES = ROOT / "spinfix" / "data" / "tables"


def write_gzip(out: Path, text: str) -> None:
    """``text`` gzipped with a fixed mtime: a rebuild from unchanged inputs gives the same bytes."""
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh:
        fh.write(text.encode("utf-8"))


def main() -> int:
    doc = build_cache([str(TABLES / name) for name in DEFAULT_TABLES])
    rows = doc.pop("rows")
    assert isinstance(rows, list)
    # One row per line, so that a table edit shows as a few changed lines of the cache too.
    text = "{" + ",\n".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in doc.items())
    write_gzip(TABLES / CACHE_NAME, text + ',\n"rows": [\n' + ",\n".join(
        json.dumps(r, ensure_ascii=False) for r in rows) + "\n]}\n")
    print(f"wrote {TABLES / CACHE_NAME} ({len(rows)} rows)")
    # The rows Config() compiles, read through the cache just written (it is what a user's process reads).
    learned = learned_document(Restorer(Config()).table.rows)
    write_gzip(TABLES / LEARNED_CACHE, "{" + ",\n".join(
        f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False, sort_keys=True)}" for k, v in learned.items()) + "}\n")
    print(f"wrote {TABLES / LEARNED_CACHE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
