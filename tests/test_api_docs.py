"""docs/api.md's examples run as written, from the repository's root (issue 27: a walk-through that cannot go
stale)."""

from __future__ import annotations

import doctest

import pytest

from tests.helpers import ROOT


def test_every_example_in_docs_api_md_runs_as_written(monkeypatch):
    pytest.importorskip("pandas")
    monkeypatch.chdir(ROOT)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testfile(str(ROOT / "docs" / "api.md"), module_relative=False, optionflags=flags, verbose=False)
    assert result.attempted >= 20
    assert result.failed == 0
