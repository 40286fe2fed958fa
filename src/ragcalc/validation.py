"""`validate`'s findings: every problem in the rules and the files given, errors and warnings, and their text."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ragcalc.errors import Collector, Finding, InputError, in_file_order
from ragcalc.inputs.inputmap import InputMap
from ragcalc.inputs.read import Door, read_located
from ragcalc.inputs.rules import load_rules
from ragcalc.output.jsonwriter import dumps
from ragcalc.rating.model import Quarter

UNREADABLE = ("unreadable", "encoding")


class Validation(NamedTuple):
    findings: list[Finding]
    measures: int
    rule_files: int
    quarter_files: int  # files that could not be read are counted here, as given on the command line
    history_files: int = 0

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    def exit_code(self, *, strict: bool) -> int:
        if any(f.code in UNREADABLE for f in self.findings):
            return 2
        return 1 if self.errors or (strict and self.warnings) else 0


def validation(
    rules_path: str, quarter_paths: tuple[str, ...], door: Callable[[InputMap | None], Door] = lambda _: Door()
) -> Validation:
    """The findings of `validate`, and what was read; `door` says how to read the files, given the rules' mapping."""
    from ragcalc.inputs import lint

    collector = Collector()
    ruleset = load_rules(rules_path, collector)
    findings = collector.findings + lint.rule_warnings(ruleset.rules)
    histories = 0
    for path in quarter_paths:
        file_collector = Collector()
        try:
            found = read_located(path, ruleset.rules, file_collector, ruleset.declared, door(ruleset.input_map))
            data, place = found.data, found.place
        except InputError as exc:
            findings += file_collector.findings + list(exc.findings)
            continue
        findings += file_collector.findings
        histories += not isinstance(data, Quarter)
        if isinstance(data, Quarter):
            broken = {f.measure for f in file_collector.errors if f.measure}
            findings += map(place, lint.quarter_warnings(ruleset.rules, data, broken))
        else:
            findings += map(place, lint.history_warnings(ruleset.rules, data))
    return Validation(
        in_file_order(findings), len(ruleset.declared), len(ruleset.files), len(quarter_paths) - histories, histories
    )


def text(result: Validation, fmt: str) -> str:
    if fmt == "json":
        return dumps([f.as_dict() for f in result.findings]) + "\n"
    lines = [f"{f.where}{f.severity}: {f.who}{f.message} [{f.code}]" for f in result.findings]
    files = f"{result.rule_files} rule file{'s' if result.rule_files != 1 else ''}"
    for count, kind in ((result.quarter_files, "quarter"), (result.history_files, "history")):
        if count:
            files += f" and {count} {kind} file{'s' if count != 1 else ''}"
    counts = (
        f"{result.errors} error{'s' if result.errors != 1 else ''}, "
        f"{result.warnings} warning{'s' if result.warnings != 1 else ''}"
    )
    lines.append(f"{counts} in {files} ({result.measures} measure{'s' if result.measures != 1 else ''})")
    return "\n".join(lines) + "\n"
