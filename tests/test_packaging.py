"""The installed package carries its data: a wheel without the tables would restore nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from importlib import metadata, resources

import pytest

from tests.conftest import IN_CI

DATA = ["data/tables/news.tsv", "data/tables/science_pps.tsv", "data/tables/shipped.cache.json.gz",
        "data/lexicon/unigrams.tsv", "data/lexicon/bigrams.tsv", "data/lexicon/thesaurus.tsv.gz",
        "data/lexicon/terms.tsv.gz", "data/lexicon/ngram3.npz", "data/lexicon/SOURCES.md",
        "data/examples/spun_news_example.txt", "report/report.css", "report/report.js", "py.typed"]


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


def test_the_wheel_holds_every_module_and_data_file(tmp_path) -> None:
    """Build the wheel from this source tree and compare: every module of every sub-package, and the
    data, must be in it (an editable install hides a package missing from the build configuration)."""
    import importlib.util
    import zipfile
    from pathlib import Path

    for needed in ("setuptools", "wheel"):  # both in the test extra
        if importlib.util.find_spec(needed) is None:
            pytest.skip(f"{needed} is needed to build the wheel without network access")
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(root)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("spinfix-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(root).as_posix() for p in (root / "spinfix").rglob("*.py")}
    assert not modules - names, sorted(modules - names)
    assert not {f"spinfix/{d}" for d in DATA} - names
    # The compiled modules are built wherever a C compiler is (CI has one): a wheel without them is slower
    # only. Their type stubs ship either way.
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    for module in ("_ngramcore", "_textcore"):
        assert f"spinfix/{module}.pyi" in names
        if IN_CI or shutil.which(compiler):
            assert any(n.startswith(f"spinfix/{module}.") and n.endswith((".so", ".pyd")) for n in names), module
