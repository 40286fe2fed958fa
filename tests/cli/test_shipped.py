"""What ships works as documented: rules/, examples/, the README's commands and output, and .ci/run."""

from __future__ import annotations

import re
import shlex
import shutil

import pytest
from click.testing import CliRunner

from ragcalc.app import FORMATS
from ragcalc.cli import main
from ragcalc.errors import Collector
from ragcalc.inputs.rules import load_rules
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
USAGE = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")  # the user's guide the README points to
EXPORTS = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")  # its guide to reading an export
PERFORMANCE = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir() if p.suffix in (".yaml", ".yml", ".csv"))


def blocks(language: str, text: str = README + USAGE + EXPORTS) -> list[str]:
    """The fenced blocks of a language in the README and the user's guide (or in `text`)."""
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def readme_commands() -> list[str]:
    """Every `ragcalc` command the README and the guides show, as a user would copy it; the commands of one block
    joined by newlines, as a user runs them one after the other (`init -o drafted`, then `validate` of it)."""
    found = []
    for block in blocks("sh"):
        lines = [shlex.join(shlex.split(line, comments=True)) for line in block.splitlines()]
        commands = [line for line in lines if line.startswith("ragcalc ")]
        found += ["\n".join(commands)] if any(" init " in f" {line} " for line in commands) else commands
    return found


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "rules").iterdir()))
def test_every_shipped_rule_file_loads_without_findings(name):
    collector = Collector()
    rules = load_rules(str(ROOT / "rules" / name), collector).rules
    assert collector.findings == []
    assert rules


def test_shipped_rules_are_a_realistic_set():
    rules = load_rules(str(ROOT / "rules"), Collector()).rules
    assert 20 <= len(rules) <= 30
    assert 4 <= len({r.group for r in rules}) <= 5


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_evaluates_in_every_format(example, fmt, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["evaluate", f"examples/{example}", "--format", fmt], catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout


@pytest.mark.parametrize("command", readme_commands())
def test_every_command_in_the_readme_runs(command, tmp_path, monkeypatch):
    for folder in ("rules", "examples"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    for line in command.splitlines():
        args = shlex.split(line)[1:]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        gated = args[0] == "audit" or "--fail-on" in args or "--strict" in args  # exit 1 is their documented verdict
        assert result.exit_code in ((0, 1) if gated else (0,)), result.stderr


def test_readme_shows_the_examples_real_output():
    expected = (ROOT / "tests" / "cases" / "shipped-table" / "expected.out").read_text(encoding="utf-8")
    assert expected in blocks("text"), "README output is stale: paste tests/cases/shipped-table/expected.out"


def test_every_command_is_on_the_front_page_and_every_option_in_the_guide():
    for name, command in main.commands.items():
        assert command.help, f"ragcalc {name} has no help text"
        assert f"ragcalc {name}" in README
        for option in command.params:
            if option.name == "help" or not option.opts[0].startswith("--"):
                continue
            assert getattr(option, "help", None), f"{name} {option.opts[0]} has no help text"
            assert f"`{option.opts[0]}" in USAGE, f"{name} {option.opts[0]} is not in docs/usage.md"


def test_the_readme_is_a_front_page():
    assert len(README.splitlines()) < 200
    assert README.index("## Development") > README.index("## Quick start")
    assert "Contributing" in README.split("## Quick start")[0]


def test_ci_runs_the_readmes_two_set_up_commands_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    install_and_run, install_and_test = (block.strip() for block in blocks("sh", README)[:2])
    assert install_and_run.startswith("python3 -m pip install . && ragcalc evaluate examples/")
    assert install_and_test.endswith("pytest --cov")  # the tests, with the branch-coverage gate
    assert install_and_run in ci
    assert install_and_test in ci


def test_readme_shows_the_real_audit_of_the_example(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["audit", "examples/2022-23-q4.yaml"], catch_exceptions=False)
    assert result.stdout in blocks("text"), "README audit output is stale"


def test_readme_shows_the_real_trend_of_the_example_history(monkeypatch):
    monkeypatch.chdir(ROOT)
    args = ["trend", "examples/history-2022-23.csv", "--last", "4"]
    result = CliRunner().invoke(main, args, env={"COLUMNS": "100"}, catch_exceptions=False)
    assert result.stdout in blocks("text"), "README trend output is stale"


def test_every_benchmark_script_is_in_the_performance_record():
    for script in sorted((ROOT / "benchmarks").glob("*.py")):
        assert f"python3 benchmarks/{script.name}" in PERFORMANCE


def test_readme_shows_the_real_spc_of_the_example(monkeypatch):
    monkeypatch.chdir(ROOT)
    args = ["spc", "examples/monthly-2021-23.csv"]
    result = CliRunner().invoke(main, args, env={"COLUMNS": "100"}, catch_exceptions=False)
    assert result.stdout in blocks("text"), "README spc output is stale"


def test_readme_shows_the_real_benchmarks_of_the_public_health_example(monkeypatch):
    monkeypatch.chdir(ROOT)
    args = shlex.split((ROOT / "tests" / "cases" / "benchmarks-table" / "cmd").read_text(encoding="utf-8"))
    args = [arg.replace("../../../", "") for arg in args]
    result = CliRunner().invoke(main, args, env={"COLUMNS": "100"}, catch_exceptions=False)
    assert result.stdout in blocks("text"), "README benchmark output is stale"
