"""The package's rooms and what each may import (docs/architecture.md), read from the source with `ast`.

Every import counts, at the top of a module or inside a function (the lazy ones), under TYPE_CHECKING too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import ROOT

PACKAGE = ROOT / "src" / "ragcalc"
# what each room and each top-level module may import of ragcalc, besides itself: the door (cli) over the app, the
# app over the commands' helpers (selection, publish, validation), all of them over the rooms; none imports upward
ALLOWED = {
    "rating": set(),
    "inputs": {"rating", "errors", "formats"},
    "output": {"rating", "errors", "formats"},
    "errors": set(),
    "formats": set(),  # data, as errors is: which formats there are, read and written
    "codes": set(),  # data: the finding codes, for the docs and the tests
    "selection": {"rating", "inputs", "errors"},
    "publish": {"rating", "output", "errors"},
    "validation": {"rating", "inputs", "output", "errors"},
    "drafting": {"rating", "inputs", "errors"},  # init: rules drafted from an export
    "audits": {"rating", "inputs", "output", "errors", "selection", "loading"},  # audit's checks, of the files read
    # a command's files, and its output's title and provenance (which names the package's version)
    "loading": {"rating", "inputs", "output", "errors", "selection", "version"},
    # the public Python API: what the CLI's commands rate and read, without click
    "api": {"rating", "inputs", "output", "errors", "selection", "loading", "audits", "validation", "results"},
    "results": {"rating", "output", "errors"},  # the API's records
    "app": {
        "api",
        "rating",
        "inputs",
        "output",
        "errors",
        "formats",
        "selection",
        "publish",
        "validation",
        "drafting",
        "loading",
        "audits",
    },
    "cli": {
        "api",
        "app",
        "loading",
        "selection",
        "errors",
        "formats",
        "output",
        "rating",
        "version",
    },  # Style, --output
    "partitioned": {"api", "errors", "rating", "results"},  # over the API, on Dask (ragcalc[dask])
    "__main__": {"cli"},
    "__init__": {"api", "errors", "results", "version"},  # the public names, each imported when first used
    "version": set(),
}
# The one import cycle allowed: a rule's settings (`Rule.settings`, cached on the rule) are worked out by its scheme,
# which reads the rule's records; the model imports the scheme only inside that property and for its types.
CYCLE_EXCEPTION = ("rating.model", "rating.scheme")
MODULES = sorted(PACKAGE.rglob("*.py"))


def room(path: Path) -> str:
    """`rating`, `inputs` or `output` for a module inside one, else the top-level module's own name."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def module(path: Path) -> str:
    """A module's dotted name below `ragcalc` ('rating.model', 'cli'; the package's own `__init__`)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def imports(path: Path) -> set[str]:
    """Every module `path` imports, as dotted names (`from a import b` counts as `a` and `a.b`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            if node.level:
                raise AssertionError(f"{path.name}: relative import; write 'from ragcalc.… import …'")
        else:
            continue
        found |= set(names)
    return found


def imported(path: Path) -> set[str]:
    """The ragcalc modules `path` imports, as dotted names below `ragcalc` (e.g. 'rating.model')."""
    return {name.split(".", 1)[1] for name in imports(path) if name.startswith("ragcalc.")}


def rooms_imported(path: Path, place: str | None = None) -> set[str]:
    """The rooms and top-level modules `path` (of `place`, by default its own) imports (`from ragcalc import
    __version__` is the package's `__init__`)."""
    places = {room(each) for each in MODULES}
    found = {name.split(".")[0] for name in imported(path)}
    return {name if name in places else "__init__" for name in found} - {place or room(path)}


def trespasses(path: Path, place: str | None = None) -> set[str]:
    """What `path` imports that its place may not."""
    return rooms_imported(path, place) - ALLOWED[place or room(path)]


def graph() -> dict[str, set[str]]:
    """Each module and the modules it imports (any import: top-level, in a function, for types only)."""
    names = {module(path) for path in MODULES}
    edges: dict[str, set[str]] = {}
    for path in MODULES:
        targets = {owner(name, names) for name in imported(path)}
        edges[module(path)] = targets - {module(path)}
    return edges


def owner(name: str, names: set[str]) -> str:
    """The module a dotted name is in: 'rating.model.Rule' is in 'rating.model'; `__version__` in `__init__`."""
    while name and name not in names:
        name = name.rpartition(".")[0]
    return name or "__init__"


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of a graph: each set of modules that import each other round (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            members = stack[stack.index(node) :]
            del stack[stack.index(node) :]
            if len(members) > 1:
                found.append(sorted(members))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_rooms_exist_and_hold_modules():
    for name in ("rating", "inputs", "output"):
        assert len(list((PACKAGE / name).glob("*.py"))) > 2, name


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_imports_only_what_its_place_may(path):
    allowed = ALLOWED.get(room(path))
    assert allowed is not None, f"{path.relative_to(PACKAGE)} has no place in ALLOWED (and docs/architecture.md)"
    assert trespasses(path) == set(), f"{path.relative_to(PACKAGE)} imports {trespasses(path)}"


def test_no_import_cycle_but_the_one_named():
    edges = graph()
    assert CYCLE_EXCEPTION[1] in edges[CYCLE_EXCEPTION[0]], "the exception is gone: remove it from this test"
    edges[CYCLE_EXCEPTION[0]] = edges[CYCLE_EXCEPTION[0]] - {CYCLE_EXCEPTION[1]}
    assert cycles(edges) == []


def test_a_planted_cycle_is_caught():
    """The check itself can fail: a cycle through three modules, in-function or type-only, is seen."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_a_planted_upward_import_is_caught(tmp_path):
    """A top-level helper importing the app (as validation once did) is outside its place."""
    planted = PACKAGE / "validation.py"
    text = planted.read_text(encoding="utf-8") + "\n\ndef f():\n    from ragcalc.app import load\n"
    copy = tmp_path / "validation.py"
    copy.write_text(text, encoding="utf-8")
    assert trespasses(copy, "validation") == {"app"}


def test_rating_imports_nothing_outside_rating():
    for path in (PACKAGE / "rating").glob("*.py"):
        assert rooms_imported(path) == set(), path.name


def test_inputs_and_output_never_import_each_other():
    for here, there in (("inputs", "output"), ("output", "inputs")):
        for path in (PACKAGE / here).glob("*.py"):
            assert there not in rooms_imported(path), f"{here}/{path.name} imports {there}"


def test_only_the_cli_imports_click():
    importers = {path.name for path in MODULES if any(name.split(".")[0] == "click" for name in imports(path))}
    assert importers == {"cli.py"}


def test_room_packages_re_export_nothing():
    """Empty `__init__` files: importing one module of a room loads no other (start-up)."""
    for name in ("rating", "inputs", "output"):
        tree = ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8"))
        assert all(isinstance(node, ast.Expr) for node in tree.body), f"{name}/__init__.py holds code"


def test_a_forbidden_import_is_caught(tmp_path):
    """The check itself can fail: a rating module importing an input module is seen."""
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from ragcalc.inputs import numbers\n", encoding="utf-8")
    assert imported(module) == {"inputs", "inputs.numbers"}


def test_the_architecture_map_names_every_module_of_every_room():
    """docs/architecture.md stays the map: a module added to a room is added to its table."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name in ("rating", "inputs", "output"):
        for path in (PACKAGE / name).glob("*.py"):
            if path.stem != "__init__":
                assert f"| `{path.stem}` |" in text, f"{name}/{path.name} is not in docs/architecture.md"


@pytest.mark.slow
def test_loading_the_command_loads_no_module_only_some_inputs_or_outputs_need():
    """Start-up is most of a small run: forecasts, periods, workbooks, pages and charts load where they are used."""
    import subprocess
    import sys

    lazy = (
        *("ragcalc.rating.forecast", "ragcalc.rating.periods", "ragcalc.rating.spc", "ragcalc.inputs.xlsx"),
        *("ragcalc.output.html", "ragcalc.output.workbook", "jinja2", "openpyxl", "xlsxwriter", "fractions"),
        "ragcalc.output.records",  # JSON and CSV only
        *("csv", "ragcalc.inputs.csvrows", "ragcalc.output.csvcells"),  # CSV only
        "ragcalc.codes",  # read by the docs and the tests only
    )
    code = f"import sys, ragcalc.cli; print(' '.join(m for m in {lazy!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []
