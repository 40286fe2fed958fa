"""Fixtures shared by the tests: `ragcalc`, the command run as a user runs it, in a folder of its own."""

from __future__ import annotations

import shlex
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ragcalc.cli import main


class Ragcalc:
    """`ragcalc COMMAND` as a user runs it: in a fresh folder (the current one) holding the files given and the
    module's `defaults` (its rules), its arguments split as a shell splits them, `args` (its `--rules`) after them.
    With `code`, the exit code is checked (failing with what was printed)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.defaults: dict[str, str | bytes] = {}
        self.args: list[str] = []

    def __call__(
        self,
        command: str | Sequence[str],
        files: Mapping[str, str | bytes] | None = None,
        *,
        code: int | None = None,
        env: Mapping[str, str | None] | None = None,
    ) -> Result:
        for name, content in {**self.defaults, **(files or {})}.items():
            path = self.folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else textwrap.dedent(content).encode())
        args = [*(shlex.split(command) if isinstance(command, str) else command), *self.args]
        result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
        if code is not None:
            assert result.exit_code == code, result.stderr or result.stdout
        return result


@pytest.fixture
def ragcalc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Ragcalc:
    monkeypatch.chdir(tmp_path)
    return Ragcalc(tmp_path)
