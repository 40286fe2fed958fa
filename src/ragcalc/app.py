"""What each command does, without click: load, check options against the input, evaluate, render.

One function per command, each returning a `Result` (the text, the warnings, the exit code); `cli`
parses arguments and prints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ragcalc import selection
from ragcalc.errors import Collector, Finding, InputError, InputErrors, UsageError, did_you_mean, in_file_order
from ragcalc.inputs import keys
from ragcalc.inputs.detect import Kind, kind_of
from ragcalc.inputs.quarter import load_quarter
from ragcalc.inputs.rules import load_rules, rule_paths
from ragcalc.inputs.yamlcsv import read_text
from ragcalc.output import scorecard
from ragcalc.output.jsonwriter import dumps
from ragcalc.output.tables import Style
from ragcalc.rating import engine
from ragcalc.rating.model import Quarter, Rating, Rule, word_of

if TYPE_CHECKING:
    from ragcalc.rating.ranking import Rank
    from ragcalc.rating.series import History

# The command-specific modules (audit, explain, lint, timeline, trendview), json and python-dateutil are imported where
# they are used, so that each command loads only what it needs: start-up is most of a small run.
FORMATS = ("table", "markdown", "csv", "json")
COMPARES = ("previous", "year-ago")


class EvaluateOptions(NamedTuple):
    quarter: str
    rules: str = "rules"
    format: str = "table"
    group_by: str = "group"
    only: tuple[str, ...] = ()
    summary_only: bool = False
    fail_on: tuple[str, ...] = ()
    style: Style = Style()
    period: str | None = None  # history files only
    compare: str | None = None  # history files only: previous | year-ago
    as_of: str | None = None  # history files only: a date; the reporting period is the last one ended by then
    areas: tuple[str, ...] = ()  # files of many areas: only these
    rank: bool = False  # files of many areas: each area's rank and quintile per measure


class Result(NamedTuple):
    """What a command gives the CLI: text for standard output, then warnings and messages (the gates that
    tripped) for standard error, and the exit code."""

    text: str
    warnings: Sequence[Finding] = ()
    messages: Sequence[str] = ()
    code: int = 0


def read_input(
    path: str, rules: list[Rule], collector: Collector, declared: frozenset[str] = frozenset()
) -> Quarter | History:
    """A quarter file or a history file, told apart by its contents and read once."""
    text = read_text(path)
    kind = kind_of(path, text)
    found = len(collector.findings)
    try:
        if kind.history:
            from ragcalc.inputs.history import load_history  # with its records and period labels

            return load_history(path, rules, collector, declared, text)
        return load_quarter(path, rules, collector, declared, text)
    except InputError as exc:
        raise InputErrors([_kind_said(finding, kind) for finding in exc.findings]) from None
    finally:
        collector.findings[found:] = [_kind_said(finding, kind) for finding in collector.findings[found:]]


# findings about a file's layout, which may come from reading it as the other kind: they say which was read
LAYOUT_CODES = ("structure", "unknown-key", "csv-header", "bad-period")


def _kind_said(finding: Finding, kind: Kind) -> Finding:
    if finding.code not in LAYOUT_CODES:
        return finding
    return finding._replace(message=f"{finding.message} (read as a {kind.name}: {kind.why})")


def load(path: str, rules_path: str, areas: Sequence[str] = ()) -> tuple[list[Rule], Quarter | History, list[Finding]]:
    """Rules and the input file (only `areas`, when given), with every error raised together and the warnings."""
    collector = Collector()
    rules = load_rules(rules_path, collector).rules
    collector.raise_errors()  # an input file is checked against rules that loaded cleanly
    data = read_input(path, rules, collector)
    collector.raise_errors()
    return rules, selection.only_areas(data, areas, path) if areas else data, collector.warnings


class Rated(NamedTuple):
    """What `evaluate`, `explain` and `audit` print from: the rules, the period's header, the ratings of the
    areas --area chose, the warnings, and every area's ratings (what a rank is among)."""

    rules: list[Rule]
    quarter: Quarter
    ratings: list[Rating]
    warnings: list[Finding]
    everyone: list[Rating]


def _ratings(options: EvaluateOptions) -> Rated:
    """The rules, the period's header, the ratings and the warnings, from a quarter file or a history file."""
    rules, data, warnings = load(options.quarter, options.rules)  # every area: one may be another's benchmark
    selection.check_group_by(options.group_by, rules, data)
    chosen = selection.areas_named(data, options.areas, options.quarter) if options.areas else ()
    quarter, everyone = _rated(rules, data, options)
    ratings = [rating for rating in everyone if rating.area in chosen] if chosen else everyone
    return Rated(rules, quarter, ratings, warnings, everyone)


def _rated(rules: list[Rule], data: Quarter | History, options: EvaluateOptions) -> tuple[Quarter, list[Rating]]:
    if not isinstance(data, Quarter):  # a history
        from ragcalc.rating import timeline

        period, as_of = selection.period(options.period), selection.as_of_date(options.as_of)
        snap = timeline.snapshot(rules, data, period, options.compare, as_of)
        if (period or as_of) and all(rating.reading is None for rating in snap.ratings):
            selection.nothing_at(data, period, as_of, options.period, options.as_of, options.quarter)
        return Quarter(snap.period, snap.previous_period, (), data.source), snap.ratings
    if options.period or options.compare or options.as_of:
        raise UsageError(
            f"--period, --compare and --as-of apply to history files; {options.quarter} is a quarter file "
            "(one period with value and previous)"
        )
    return data, engine.evaluate(rules, data)


def evaluate(options: EvaluateOptions) -> Result:
    rules, quarter, ratings, warnings, everyone = _ratings(options)
    if options.rank and not any(rating.area for rating in everyone):
        raise UsageError(f"--rank: {options.quarter} has no areas to rank (no 'area' column or 'areas:' key)")
    summary = engine.summarise(ratings, options.group_by)
    listed = [r for r in ratings if not options.only or any(engine.matches(r, w) for w in options.only)]
    report = scorecard.Report(
        quarter,
        listed,
        summary,
        group_by=options.group_by,
        summary_only=options.summary_only,
        levels=engine.levels(rules),
        benchmark=scorecard.benchmark_heading(rules),
        ranks=_ranks(everyone) if options.rank else None,
    )
    if options.format == "json":
        text = scorecard.json_text(report)
    elif options.format == "csv":
        text = scorecard.csv_text(report)
    else:
        text = scorecard.table(report, options.style, markdown=options.format == "markdown")
    gates = []
    for gate in dict.fromkeys(options.fail_on):
        hits = [r.rule.id for r in ratings if engine.matches(r, gate)]
        if hits:
            gates.append(
                f"--fail-on {gate}: {len(hits)} measure{'s' if len(hits) > 1 else ''} {gate}: {', '.join(hits)}"
            )
    return Result(text, warnings, gates, 1 if gates else 0)


def _ranks(everyone: Sequence[Rating]) -> dict[tuple[str, str], Rank]:
    """Each area's rank among its peers: a measure's benchmark area is what they are compared with, not one."""
    from ragcalc.rating.ranking import ranks

    return ranks(r for r in everyone if r.rule.benchmark is None or r.area != r.rule.benchmark.name)


def input_paths(options: EvaluateOptions) -> list[str]:
    """Files the command reads, which --output must never overwrite."""
    return [options.quarter, *rule_paths(options.rules)]


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

    def exit_code(self, strict: bool) -> int:
        if any(f.code in UNREADABLE for f in self.findings):
            return 2
        return 1 if self.errors or (strict and self.warnings) else 0


def validate(rules_path: str, quarter_paths: tuple[str, ...], strict: bool = False, fmt: str = "text") -> Result:
    """Every finding in the rules and the quarter files, errors and warnings, not just the first."""
    result = validation(rules_path, quarter_paths)
    return Result(validation_text(result, fmt), code=result.exit_code(strict))


def validation(rules_path: str, quarter_paths: tuple[str, ...]) -> Validation:
    """The findings of `validate`, and what was read."""
    from ragcalc.inputs import lint

    collector = Collector()
    ruleset = load_rules(rules_path, collector)
    findings = collector.findings + lint.rule_warnings(ruleset.rules)
    histories = 0
    for path in quarter_paths:
        file_collector = Collector()
        try:
            data = read_input(path, ruleset.rules, file_collector, ruleset.declared)
        except InputError as exc:
            findings += file_collector.findings + list(exc.findings)
            continue
        findings += file_collector.findings
        histories += not isinstance(data, Quarter)
        if isinstance(data, Quarter):
            broken = {f.measure for f in file_collector.errors if f.measure}
            findings += lint.quarter_warnings(ruleset.rules, data, broken)
        else:
            findings += lint.history_warnings(ruleset.rules, data)
    return Validation(
        in_file_order(findings), len(ruleset.declared), len(ruleset.files), len(quarter_paths) - histories, histories
    )


def validation_text(result: Validation, fmt: str) -> str:
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


def audit(quarter_path: str, rules_path: str, fmt: str, areas: Sequence[str] = ()) -> Result:
    """The audit in `fmt`, the loader's warnings, and the exit code (1 when anything disagrees)."""
    from ragcalc.output import audit as auditing

    rules, data, warnings = load(quarter_path, rules_path, areas)
    if isinstance(data, Quarter):
        result = auditing.compare(engine.evaluate(rules, data), data.period)
    else:  # every period a draft rated: each against the period before (a year before for cumulative measures)
        from ragcalc.rating import timeline

        trends = timeline.trend(rules, data)
        stated = [
            (trend.area, rating)
            for trend in trends
            for _, rating in trend.steps
            if rating.reading is not None and auditing.states(rating.reading)
        ]
        result = auditing.compare([rating._replace(area=area) if area else rating for area, rating in stated])
    if result.checked == 0:  # a gate that checked nothing must not pass
        unread = [warning for warning in warnings if warning.code == "published-word"]
        why = f" ({len(unread)} could not be read; the first: {unread[0]})" if unread else ""
        raise InputError(
            f"nothing to audit: no measure states a published_rag or published_direction{why}; "
            "add what the draft publishes (e.g. published_rag: green)",
            quarter_path,
            code="nothing-to-audit",
        )
    history = not isinstance(data, Quarter)
    if fmt == "json":
        output = auditing.json_text(result)
    else:
        output = auditing.text(result, quarter_path, fmt == "markdown", history)
    return Result(output, warnings, code=1 if result.disagreements else 0)


def explain(
    quarter_path: str, rules_path: str, measure_id: str, spc: bool = False, areas: Sequence[str] = ()
) -> Result:
    """How one measure was rated in a quarter file, or at its latest period in a history file; with `spc`, why
    its SPC icons are what they are."""
    if spc:
        return _explain_spc(quarter_path, rules_path, measure_id, areas)
    _, quarter, ratings, warnings, _ = _ratings(EvaluateOptions(quarter_path, rules_path, areas=tuple(areas)))
    _one_area(tuple(dict.fromkeys(rating.area for rating in ratings if rating.area)), quarter_path)
    by_id = {rating.rule.id: rating for rating in ratings}
    if measure_id not in by_id:
        raise UsageError(f"no measure '{measure_id}' in the rules{did_you_mean(measure_id, by_id)}")
    from ragcalc.output import explain as explaining

    return Result(explaining.text(by_id[measure_id], quarter), warnings)


def _one_area(present: Sequence[str], path: str) -> None:
    """`explain` speaks of one measure: in a file of many areas, --area says whose."""
    if len(present) > 1:
        raise UsageError(f"the file has areas ({', '.join(present)}); say which with --area", path)


def _explain_spc(path: str, rules_path: str, measure_id: str, areas: Sequence[str] = ()) -> Result:
    rules, history, warnings = load(path, rules_path, areas)
    if isinstance(history, Quarter):
        raise UsageError(f"--spc: {path} is a quarter file; SPC needs a history file (id,period,value rows)")
    by_id = {rule.id: rule for rule in rules}
    if measure_id not in by_id:
        raise UsageError(f"no measure '{measure_id}' in the rules{did_you_mean(measure_id, by_id)}")
    from ragcalc.output import spcview
    from ragcalc.rating import spc as charting

    _one_area(history.areas, path)
    series = next((each for each in history.series if each.id == measure_id), None)
    measured = None if series is None else charting.charted(by_id[measure_id], series)
    if measured is None:
        raise UsageError(f"--spc: {measure_id} has no values in {path}", path)
    return Result(spcview.explain_text(measured), warnings)


def schema() -> Result:
    import json  # only here: JSON output has its own writer

    return Result(json.dumps(keys.json_schema(), indent=2, ensure_ascii=False) + "\n")


def spc(path: str, rules_path: str, last: int | None, fmt: str, style: Style, areas: Sequence[str] = ()) -> Result:
    """Each measure's XmR chart, special causes and icons, from a history file."""
    if last is not None and last < 1:
        raise UsageError("--last must be 1 or more")
    rules, history, warnings = load(path, rules_path, areas)
    if isinstance(history, Quarter):
        raise UsageError(f"{path} is a quarter file; spc needs a history file (id,period,value rows)")
    from ragcalc.inputs import lint
    from ragcalc.output import spcview
    from ragcalc.rating import spc as charting

    measured = charting.charts(rules, history)
    warnings = [*warnings, *lint.spc_warnings(rules, history)]
    if fmt == "json":
        return Result(spcview.json_text(measured, last), warnings)
    if fmt == "csv":
        return Result(spcview.csv_text(measured, last), warnings)
    width = None if fmt == "markdown" else style.width
    return Result(spcview.table(measured, path, fmt == "markdown", width), warnings)


def trend(
    path: str, rules_path: str, last: int | None, fmt: str, style: Style, spc: bool = False, areas: Sequence[str] = ()
) -> Result:
    """Each measure's value, RAG and arrow period by period, from a history file (with `spc`, the SPC icons)."""
    if last is not None and last < 1:
        raise UsageError("--last must be 1 or more")
    rules, history, warnings = load(path, rules_path, areas)
    if isinstance(history, Quarter):
        raise UsageError(f"{path} is a quarter file; trend needs a history file (id,period,value rows)")
    from ragcalc.output import trendview
    from ragcalc.rating import timeline

    trends = timeline.trend(rules, history, last)
    icons = None
    if spc:
        from ragcalc.rating import spc as charting

        measured = charting.charts(rules, history)
        icons = {(each.area, each.rule.id): (each.chart.variation, word_of(each.chart.assurance)) for each in measured}
    if fmt == "json":
        return Result(trendview.json_text(trends, icons), warnings)
    if fmt == "csv":
        return Result(trendview.csv_text(trends, icons), warnings)
    return Result(trendview.table(trends, path, style, markdown=fmt == "markdown", icons=icons), warnings)
