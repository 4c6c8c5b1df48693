"""The import layers of spinfix (docs/architecture.md): data flows one way, and each change has one place.

Every module of the package is parsed with ``ast`` (nothing is imported), every import of another spinfix
module is collected (function-level imports too: a lazy import is still a dependency; imports under
``if TYPE_CHECKING:`` are left out, they never run), and the graph is checked:

* no cycles between modules;
* no module imports one from a higher layer.

A module's layer is that of its top-level name: ``spinfix.rules.numbers`` is in ``rules``'s layer,
``spinfix.report.render`` in ``report``'s. Imports within one layer are allowed (``default`` builds a
``restore.Restorer``; ``general`` uses ``candidates``) as long as they make no cycle.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "spinfix"

#: Layers, lowest first. A module may import from its own layer and any layer below, never above.
LAYERS: dict[str, tuple[str, ...]] = {
    # base: plain data, errors, configuration, text normalisation, the table format and matcher, and the
    # data the scorer reads (lexicon, n-gram context model). Knows nothing of candidates or scoring.
    "base": ("_version", "records", "errors", "config", "text", "normalize", "table", "matcher", "lexicon",
             "ngram", "arrays", "loading", "native", "verbatim"),
    # core: where candidates come from (rules, generalisation) and how one is scored. Pure functions of
    # text, tables and models; no I/O, no choice between overlapping edits.
    "core": ("rules", "sources", "candidates", "general", "evidence", "score", "lm"),
    # engine: one analysis of a text (Restorer.analyse) and the shared default restorer built on it.
    "engine": ("restore", "default"),
    # front ends: ways in and out (files, command-line inputs, the HTML report, the corpus scanner,
    # framework integrations). Each reads Restorer.analyse; none imports another front end's entry point.
    "front": ("files", "inputs", "report", "scan", "scan_flags", "integrations", "formats", "selection", "settings",
              "completion", "mine"),
    # top: the command line and the public package surface, which may use everything.
    "top": ("cli", "__init__", "__main__"),
}
LAYER_OF = {name: i for i, names in enumerate(LAYERS.values()) for name in names}
LAYER_NAMES = list(LAYERS)



def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_lines(tree: ast.Module) -> set[int]:
    """Line numbers inside ``if TYPE_CHECKING:`` blocks."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                out.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return out


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The spinfix modules that module ``name`` (at ``path``) imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skip = _type_checking_lines(tree)
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]  # the package relative imports start from
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "spinfix")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "spinfix":
                continue
            found.add(target)
            for alias in node.names:  # "from . import default" imports the module spinfix.default
                if f"{target}.{alias.name}" in known:
                    found.add(f"{target}.{alias.name}")
    return {m for m in found if m in known and m != name}


@functools.cache
def graph() -> dict[str, set[str]]:
    """Each module's spinfix imports. Parsed once per test process: four tests read it, and parsing the
    package's modules is half a second each time (the files do not change during a run; no test changes
    the graph it is given)."""
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path, known) for name, path in mods.items()}


def component(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer(module: str) -> int:
    comp = "__main__" if module == "spinfix.__main__" else component(module)
    return LAYER_OF[comp]


def violations() -> set[tuple[str, str]]:
    return {(a, b) for a, targets in graph().items() for b in targets if layer(b) > layer(a)}


def test_every_module_has_a_layer() -> None:
    missing = sorted({component(m) for m in modules() if m != "spinfix.__main__"} - set(LAYER_OF))
    assert not missing, f"add these to LAYERS in tests/test_architecture.py (and docs/architecture.md): {missing}"


def test_the_graph_is_real() -> None:
    # Guards the parser above: these edges exist, so an empty graph would be a bug in the test, not a pass.
    g = graph()
    assert "spinfix.restore" in g["spinfix.cli"]
    assert "spinfix.table" in g["spinfix.restore"]
    assert "spinfix.restore" in g["spinfix.report.render"]
    assert "spinfix.inputs" in g["spinfix.scan"]


def test_no_import_cycles() -> None:
    g = graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(g[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(g):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_lower_layers_never_import_higher_ones() -> None:
    found = violations()
    described = [f"{a} ({LAYER_NAMES[layer(a)]}) imports {b} ({LAYER_NAMES[layer(b)]})" for a, b in sorted(found)]
    assert not found, "layering violations:\n" + "\n".join(described)


def test_front_ends_do_not_import_spinfix_init() -> None:
    # report, scan and the integrations are imported *by* spinfix/__init__ or the CLI; importing back up
    # would make a cycle that only function-level imports hide.
    g = graph()
    offenders = sorted(m for m in g if layer(m) < LAYER_OF["cli"] and "spinfix" in g[m])
    assert not offenders

