"""Findings and their codes (errors.py): each code declared once, the docs' table made from the declarations, and
every code the source gives declared."""

from __future__ import annotations

import ast

from ragcalc.codes import CODES, code_table
from ragcalc.inputs.entries import PROJECT_KEYS
from tests.helpers import ROOT, check_generated

REPORTERS = ("error", "warn", "fail", "_error", "_warning", "Problem")  # called with the code last


def test_the_code_table_in_the_docs_is_made_from_the_declarations():
    check_generated(ROOT / "docs" / "rules.md", "codes", code_table())


def test_each_code_is_declared_once_with_a_severity():
    names = [code.name for code in CODES]
    assert len(names) == len(set(names))
    assert {code.severity for code in CODES} == {"error", "warning", "note"}


def given_codes() -> set[str]:
    """Every code the package's source gives a finding: `code=` arguments, the code a reporter takes last, and the
    values assigned to a variable named `code`."""
    found = set()
    for path in (ROOT / "src" / "ragcalc").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            candidates: list[ast.AST] = []
            if isinstance(node, ast.Call):
                candidates += [keyword.value for keyword in node.keywords if keyword.arg == "code"]
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", "")
                if name.endswith(REPORTERS) and len(node.args) > 1:  # the message first, the code last
                    candidates.append(node.args[-1])
            elif isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "code" for t in node.targets):
                candidates.append(node.value)
            for candidate in candidates:
                found |= literals(candidate)
    return found


def literals(node: ast.AST) -> set[str]:
    """The codes an expression can be: a string, or either branch of `a if test else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return literals(node.body) | literals(node.orelse)
    return set()  # a name or an f-string: its parts are checked where they are made


def test_every_code_the_source_gives_is_declared_and_every_declared_one_is_given():
    declared = {code.name for code in CODES}
    made = {f"bad-{key.replace('_', '-')}" for key in PROJECT_KEYS}  # a hand-rated item's word, by its key
    given = given_codes()
    assert given - declared == set(), "declare these in errors.CODES"
    assert declared - given - made == set(), "no finding gives these: remove them from errors.CODES"
