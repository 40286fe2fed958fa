"""Whole runs compared with golden files: one folder per case under tests/cases/.

Each folder holds `cmd` (the arguments, run from inside the folder), its inputs, `expected.out` (stdout),
optionally `expected.err` (stderr; absent means empty) and `expected.code` (exit code; absent means 0).
Set RAGCALC_UPDATE_GOLDEN=1 to rewrite the expected files after an intended change, then review the diff.
"""

from __future__ import annotations

import os
import shlex

import pytest
from click.testing import CliRunner

from ragcalc.cli import main
from tests.helpers import ROOT

CASES = ROOT / "tests" / "cases"
UPDATE = os.environ.get("RAGCALC_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if (p / "cmd").exists()))
def test_case(case, monkeypatch):
    folder = CASES / case
    monkeypatch.chdir(folder)
    args = shlex.split((folder / "cmd").read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, args, env={"COLUMNS": "100", "NO_COLOR": None}, catch_exceptions=False)
    expected = {"expected.out": result.stdout, "expected.err": result.stderr, "expected.code": f"{result.exit_code}\n"}
    defaults = {"expected.err": "", "expected.code": "0\n"}
    for name, actual in expected.items():
        path = folder / name
        if UPDATE:
            if actual == defaults.get(name):
                path.unlink(missing_ok=True)
            else:
                path.write_text(actual, encoding="utf-8")
        wanted = path.read_text(encoding="utf-8") if path.exists() else defaults.get(name)
        assert actual == wanted, f"{case}/{name} differs"
