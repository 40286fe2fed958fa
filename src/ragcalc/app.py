"""What each command does, without click: load, check options against the input, evaluate, render.

`cli` parses arguments and prints; this module returns the text, the warnings and the exit code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ragcalc import engine, render
from ragcalc.errors import Collector, Finding, UsageError, did_you_mean
from ragcalc.model import Quarter, Rule
from ragcalc.quarter import load_quarter
from ragcalc.rules import load_rules, rule_paths

FORMATS = ("table", "markdown", "csv", "json")
ONLY_WORDS = ("green", "amber", "red", "blue", "not_rated", "improving", "static", "deteriorating")


@dataclass(frozen=True)
class EvaluateOptions:
    quarter: str
    rules: str = "rules"
    format: str = "table"
    group_by: str = "group"
    only: tuple[str, ...] = ()
    summary_only: bool = False
    fail_on: tuple[str, ...] = ()
    style: render.Style = field(default_factory=render.Style)


@dataclass
class Outcome:
    text: str
    warnings: list[Finding] = field(default_factory=list)
    gate_messages: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.gate_messages else 0


def load(quarter_path: str, rules_path: str) -> tuple[list[Rule], Quarter, list[Finding]]:
    """Rules and quarter, with every error across both raised together and the warnings returned."""
    collector = Collector()
    rules = load_rules(rules_path, collector).rules
    collector.raise_errors()  # a quarter is checked against rules that loaded cleanly
    quarter = load_quarter(quarter_path, rules, collector)
    collector.raise_errors()
    return rules, quarter, collector.warnings


def parse_only(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    words = tuple(word.strip().lower().replace("-", "_") for word in text.split(",") if word.strip())
    for word in words:
        if word not in ONLY_WORDS:
            raise UsageError(
                f"--only: unknown word '{word}'{did_you_mean(word, ONLY_WORDS)}; use any of {', '.join(ONLY_WORDS)}"
            )
    return words


def evaluate(options: EvaluateOptions) -> Outcome:
    rules, quarter, warnings = load(options.quarter, options.rules)
    if options.group_by != "group":
        tags = sorted({key for rule in rules for key, _ in rule.tags})
        if options.group_by not in tags:
            known = ", ".join(["group", *tags])
            raise UsageError(
                f"--group-by: no measure has a tag '{options.group_by}'"
                f"{did_you_mean(options.group_by, ['group', *tags])}; use one of {known}"
            )
    ratings = engine.evaluate(rules, quarter)
    summary = engine.summarise(ratings, options.group_by)
    listed = [r for r in ratings if not options.only or any(engine.matches(r, w) for w in options.only)]
    report = render.Report(quarter, listed, summary, options.group_by, options.summary_only)
    if options.format == "json":
        text = render.json_text(report)
    elif options.format == "csv":
        text = render.csv_text(report)
    else:
        text = render.table(report, options.style, markdown=options.format == "markdown")
    gates = []
    for gate in dict.fromkeys(options.fail_on):
        hits = [r.rule.id for r in ratings if engine.matches(r, gate)]
        if hits:
            gates.append(
                f"--fail-on {gate}: {len(hits)} measure{'s' if len(hits) > 1 else ''} {gate}: {', '.join(hits)}"
            )
    return Outcome(text, warnings, gates)


def input_paths(options: EvaluateOptions) -> list[str]:
    """Files the command reads, which --output must never overwrite."""
    return [options.quarter, *rule_paths(options.rules)]
