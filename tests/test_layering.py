"""The package's rooms and what each may import (docs/architecture.md), read from the source with `ast`.

Every import counts, at the top of a module or inside a function (the lazy ones), under TYPE_CHECKING too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import ROOT

PACKAGE = ROOT / "src" / "ragcalc"
# what each room may import of ragcalc, besides itself
ALLOWED = {
    "rating": set(),
    "inputs": {"rating", "errors"},
    "output": {"rating", "errors"},
    "errors": set(),
}
MODULES = sorted(PACKAGE.rglob("*.py"))


def room(path: Path) -> str:
    """`rating`, `inputs` or `output` for a module inside one, else the top-level module's own name."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


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


def rooms_imported(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imported(path)} - {room(path)}


def test_the_rooms_exist_and_hold_modules():
    for name in ("rating", "inputs", "output"):
        assert len(list((PACKAGE / name).glob("*.py"))) > 2, name


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_imports_only_what_its_room_may(path):
    allowed = ALLOWED.get(room(path))
    if allowed is None:  # cli, app, __main__, __init__: the top may import any room
        return
    assert rooms_imported(path) <= allowed, f"{path.relative_to(PACKAGE)} imports {rooms_imported(path) - allowed}"


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


def test_loading_the_command_loads_no_module_only_some_inputs_or_outputs_need():
    """Start-up is most of a small run: forecasts, periods, workbooks, pages and charts load where they are used."""
    import subprocess
    import sys

    lazy = (
        *("ragcalc.rating.forecast", "ragcalc.rating.periods", "ragcalc.rating.spc", "ragcalc.inputs.xlsx"),
        *("ragcalc.output.html", "ragcalc.output.workbook", "jinja2", "openpyxl", "xlsxwriter", "fractions"),
        "ragcalc.output.records",  # JSON and CSV only
    )
    code = f"import sys, ragcalc.cli; print(' '.join(m for m in {lazy!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []
