"""The installed package carries its data: a wheel without the tables would restore nothing."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata, resources

import pytest

DATA = ["data/tables/news.tsv", "data/tables/science_pps.tsv", "data/lexicon/unigrams.tsv.gz",
        "data/lexicon/bigrams.tsv.gz", "data/lexicon/thesaurus.tsv.gz", "data/lexicon/terms.tsv.gz",
        "data/examples/spun_news_example.txt", "py.typed"]


def test_data_files_reachable_through_importlib_resources() -> None:
    base = resources.files("spinfix")
    for name in DATA:
        assert (base / name).is_file(), name


def test_installed_distribution_lists_the_data() -> None:
    try:
        files = metadata.files("spinfix") or []
    except metadata.PackageNotFoundError:
        pytest.skip("spinfix is not installed (running from a source tree)")
    names = {str(f).replace("\\", "/") for f in files}
    if not any(n.startswith("spinfix/") and n.endswith(".py") for n in names):
        pytest.skip("editable install: the files live in the source tree")
    for name in DATA:
        assert f"spinfix/{name}" in names, name


def test_import_does_no_work() -> None:
    # Importing must stay cheap: no table, lexicon or inflection data is loaded until first use.
    code = "import sys, spinfix; print(int('lemminflect' in sys.modules), int(spinfix.default._default is not None))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "0"]
