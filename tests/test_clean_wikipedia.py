"""The Wikipedia clean-damage benchmark's reading of wiki markup (``benchmarks.clean_wikipedia``), on a
dump written for this test: only whole prose paragraphs are kept, so the rules never read an artefact
of the stripping (a removed inline template leaves "consists of of forest")."""

from __future__ import annotations

import bz2
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.clean_wikipedia import articles  # noqa: E402

PROSE = ("The river rises in the northern hills and flows south through farmland, market towns and a "
         "wide estuary before it reaches the sea near the old harbour.")
DUMP = """<mediawiki><page><title>River</title><revision><text xml:space="preserve">
{{Infobox river|name=River}}
'''The river''' rises in the [[Northern Hills|northern hills]] and flows south through farmland, \
market towns and a wide estuary before it reaches the sea near the old harbour.<ref>A source.</ref>
Its basin consists of {{convert|22|e6acre}} of forest and fields that flood in the wet months of every single year.
Too short a line.
{| class="wikitable"
| a || b
|}
</text></revision></page>
<page><title>Empty</title><revision><text xml:space="preserve">{{Redirect}}</text></revision></page></mediawiki>"""


def test_only_whole_prose_paragraphs_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "enwiki.xml.bz2"
    path.write_bytes(bz2.compress(DUMP.encode("utf-8")))
    assert articles(path) == [PROSE]  # the template line, the short line and the table are gone
