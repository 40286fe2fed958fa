"""ragcalc's Python API: the library the CLI is built on (`cli` parses arguments, `app` writes each command's
output from what these return), for notebooks and pipelines.

`load_rules` and `read` load the files (or take rows from Python: mappings or a pandas DataFrame); `evaluate`,
`trend`, `spc`, `audit`, `explain` and `validate` return immutable results whose `to_dict()` is exactly what the
CLI's `--format json` prints for the same input, and `to_pandas()` a DataFrame (pandas installed). Bad input raises
`RagcalcError`, carrying every finding (`.findings`: file, line, measure, area), never a bare exception.
Heavy modules are imported where they are used, as the CLI's are: `import ragcalc` loads none of this.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from ragcalc import selection
from ragcalc.errors import Collector, Finding, InputError, UsageError
from ragcalc.inputs.reportkeys import ReportSettings
from ragcalc.inputs.rules import RuleSet, rule_paths
from ragcalc.inputs.rules import load_rules as _load_rules
from ragcalc.loading import Publishing, Source, load
from ragcalc.output import scorecard
from ragcalc.output.tables import Style
from ragcalc.rating import engine
from ragcalc.rating.model import Quarter, Rating, Rule

if TYPE_CHECKING:
    from ragcalc.rating.ranking import Rank
    from ragcalc.rating.series import History
    from ragcalc.results import Audited, Document, Scorecard, Validation  # each imported where one is made

COMPARES = ("previous", "year-ago", "previous,year-ago")  # the last: two arrows side by side
PathLike = str | os.PathLike[str]


class Rules(NamedTuple):
    """Rule files as loaded: each measure's rule, and the folder's `input:` mapping and `report:` settings."""

    ruleset: RuleSet
    paths: tuple[str, ...] = ()  # as given to `load_rules`

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(self.ruleset.rules)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.ruleset.rules)

    def __repr__(self) -> str:
        return f"Rules({len(self.ruleset.rules)} measures from {', '.join(self.ruleset.files)})"


def load_rules(path_or_paths: PathLike | Sequence[PathLike]) -> Rules:
    """The rules of a rule file, a folder of them, or several of either; every problem in them is raised together
    (`RagcalcError.findings`)."""
    paths = [path_or_paths] if isinstance(path_or_paths, str | os.PathLike) else list(path_or_paths)
    if not paths:
        raise UsageError("load_rules: give a rule file or folder")
    collector = Collector()
    ruleset = _load_rules([os.fspath(path) for path in paths], collector)
    collector.raise_errors()
    return Rules(ruleset, tuple(os.fspath(path) for path in paths))


class Data(NamedTuple):
    """A quarter or history file to read (or rows given from Python), and how: read against the rules when rated."""

    path: str  # the file; for rows given from Python, the name findings use ('<records>.csv', line 2 the first row)
    source: Source = Source()

    def __repr__(self) -> str:
        return f"Data({self.path})"


RECORDS = "<records>.csv"


def read(path: PathLike, *, sheet: str | None = None, input_map: PathLike | None = None) -> Data:
    """A quarter or history file (YAML, CSV or an Excel workbook: `sheet`, and an export's mapping `input_map`).
    It is read, and checked, against the rules it is rated with."""
    name = os.fspath(path)
    if not os.path.exists(name):
        raise InputError("not found; give a quarter or history file (YAML, CSV or .xlsx)", name, code="unreadable")
    return Data(name, Source(sheet, os.fspath(input_map) if input_map is not None else None))


def data_of(data: Data | PathLike | Iterable[Mapping[str, Any]] | Any) -> Data:
    """What the API's functions take as data: `read`'s result, a path, rows as mappings (`{"id": ..., "period": ...,
    "value": ...}`), or a pandas DataFrame of the long layout (duck-typed: pandas is never imported for it)."""
    if isinstance(data, Data):
        return data
    if isinstance(data, str | os.PathLike):
        return read(data)
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # a DataFrame
        data = data.to_dict("records")
    return Data(RECORDS, Source(text=records_text(data)))


def records_text(rows: Iterable[Mapping[str, Any]]) -> str:
    """Rows from Python as the CSV text the loaders read, so they are checked as a file's rows are. Numbers are
    exact: int, Decimal and str as written, a float by its shortest repr (0.1 is 0.1), as YAML floats are read."""
    import csv
    import io

    try:
        rows = list(rows)
    except TypeError:
        rows = []
    if not rows or not all(isinstance(row, Mapping) for row in rows):
        raise UsageError("data: give read()'s result, a file, rows as mappings ({'id': ..., 'value': ...}) or a "
                         "DataFrame; these rows are empty or not mappings")  # fmt: skip
    columns = list(dict.fromkeys(str(key) for row in rows for key in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(row.get(column)) for column in columns] for row in rows)
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or type(value).__name__ in ("NAType", "NaTType")
    ):
        return ""  # None, or a DataFrame's missing value (NaN, pandas' NA and NaT)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value) if not isinstance(value, Decimal) else format(value, "f")


class EvaluateOptions(NamedTuple):
    """What a scorecard is made with: the input file, the rules (a path, or rules loaded already), and the options
    every command that rates a period shares (the CLI's, and the API's keywords)."""

    quarter: str
    rules: str | RuleSet = "rules"
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
    source: Source = Source()  # how the input file is read: a workbook's sheet, the export's mapping
    notes: bool = False  # explain's, audit's: say how an export was read, and cells storing more than they show
    publishing: Publishing = Publishing()  # a page's or workbook's title and audience
    present_only: bool = False  # rate only the measures the file gives (a report of 12 of 33), the others left out


class Rated(NamedTuple):
    """What `evaluate`, `explain` and `audit` print from: the rules, the period's header, the ratings of the
    areas --area chose, the warnings, and every area's ratings (what a rank is among)."""

    rules: list[Rule]
    quarter: Quarter
    ratings: list[Rating]
    warnings: list[Finding]
    everyone: list[Rating]
    data: Quarter | History  # the input file as read
    settings: ReportSettings = ReportSettings()  # the rules folder's `report:` settings


def ratings_of(options: EvaluateOptions) -> Rated:
    """The rules, the period's header, the ratings and the warnings, from a quarter file or a history file."""
    # every area is read: one may be another's benchmark
    rules, data, warnings, settings = load(options.quarter, options.rules, source=options.source, notes=options.notes)
    selection.check_group_by(options.group_by, rules, data)
    chosen = selection.areas_named(data, options.areas, options.quarter) if options.areas else ()
    quarter, everyone = _rated(rules, data, options)
    if options.present_only or (isinstance(data, Quarter) and data.present_only):
        everyone, left = selection.present_only(everyone, options.quarter)
        warnings = [*warnings, *([left] if left else [])]
    ratings = [rating for rating in everyone if rating.area in chosen] if chosen else everyone
    return Rated(rules, quarter, ratings, warnings, everyone, data, settings)


def _rated(rules: list[Rule], data: Quarter | History, options: EvaluateOptions) -> tuple[Quarter, list[Rating]]:
    if not isinstance(data, Quarter):  # a history
        from ragcalc.rating import timeline

        period, as_of = selection.period(options.period), selection.as_of_date(options.as_of)
        snap = timeline.snapshot(rules, data, period, options.compare, as_of)
        if (period or as_of) and all(rating.reading is None for rating in snap.ratings):
            selection.nothing_at(data, period, as_of, options.period, options.as_of, options.quarter)
        if options.compare == COMPARES[-1]:
            selection.gives_year_ago(snap.ratings, options.quarter, snap.period)
        return Quarter(snap.period, snap.previous_period, (), data.source), snap.ratings
    if options.period or options.as_of or options.compare not in (None, COMPARES[-1]):
        raise UsageError(
            f"--period, --compare and --as-of apply to history files; {options.quarter} is a quarter file "
            "(one period with value and previous; --compare previous,year-ago where it gives year_ago values)"
        )
    ratings = engine.evaluate(rules, data)
    if options.compare == COMPARES[-1]:
        selection.gives_year_ago(ratings, options.quarter)
    return data, ratings


def report_of(rated: Rated, options: EvaluateOptions) -> scorecard.Report:
    """The scorecard of the ratings --area and --only chose, with the summary of those --area chose."""
    rules, quarter, ratings, everyone = rated.rules, rated.quarter, rated.ratings, rated.everyone
    summary = engine.summarise(ratings, options.group_by)
    listed = [r for r in ratings if not options.only or any(engine.matches(r, w) for w in options.only)]
    return scorecard.Report(
        quarter,
        listed,
        summary,
        group_by=options.group_by,
        summary_only=options.summary_only,
        levels=engine.levels(rules),
        benchmark=scorecard.benchmark_heading(rules),
        ranks=_ranks(everyone) if options.rank else None,
        year_ago=options.compare == COMPARES[-1],
    )


def _ranks(everyone: Sequence[Rating]) -> dict[tuple[str, str], Rank]:
    """Each area's rank among its peers: a measure's benchmark area is what they are compared with, not one."""
    from ragcalc.rating.ranking import ranks

    return ranks(r for r in everyone if r.rule.benchmark is None or r.area != r.rule.benchmark.name)


# ---- commands ----------------------------------------------------------------------------------


def evaluate(
    rules: Rules | PathLike,
    data: Data | PathLike | Iterable[Mapping[str, Any]] | Any,
    *,
    period: str | None = None,
    compare: str | None = None,
    areas: Sequence[str] | None = None,
    as_of: str | None = None,
    group_by: str = "group",
    present_only: bool = False,
) -> Scorecard:
    """One period rated: a quarter file's, or a history's at `period` (else each measure's latest), compared with
    the period before, a year before, or both (`compare`: 'previous', 'year-ago', 'previous,year-ago')."""
    if compare is not None and compare not in COMPARES:
        raise UsageError(f"compare: expected one of {', '.join(COMPARES)}, got '{compare}'")
    found = data_of(data)
    options = EvaluateOptions(found.path, rules_of(rules).ruleset, format="json", group_by=group_by, period=period,
                              compare=compare, as_of=as_of, areas=tuple(areas or ()), source=found.source,
                              present_only=present_only)  # fmt: skip
    rated = ratings_of(options)
    from ragcalc.results import Scorecard

    return Scorecard(report_of(rated, options), rated)


def trend(
    rules: Rules | PathLike,
    data: Data | PathLike | Iterable[Mapping[str, Any]] | Any,
    *,
    last: int | None = None,
    areas: Sequence[str] | None = None,
) -> Document:
    """Each measure's value, RAG and arrow period by period, from a history (`trend --format json`)."""
    from ragcalc.output import render
    from ragcalc.rating import timeline

    found = data_of(data)
    rules = rules_of(rules)
    history, warnings = history_of(rules, found, "trend", last, areas)
    trends = timeline.trend(list(rules.ruleset.rules), history, last)
    text = render.trend(trends, "json", found.path, Style())
    from ragcalc.results import Document

    return Document(text, tuple(warnings))


def spc(
    rules: Rules | PathLike,
    data: Data | PathLike | Iterable[Mapping[str, Any]] | Any,
    *,
    last: int | None = None,
    areas: Sequence[str] | None = None,
) -> Document:
    """Each measure's XmR chart, special causes and Making Data Count icons, from a history (`spc --format json`)."""
    from ragcalc.inputs import lint
    from ragcalc.output import render
    from ragcalc.rating import spc as charting

    found = data_of(data)
    rules = rules_of(rules)
    history, warnings = history_of(rules, found, "spc", last, areas, lint.spc_warnings)
    measured = charting.charts(list(rules.ruleset.rules), history)
    from ragcalc.results import Document

    return Document(render.spc(measured, "json", found.path, Style(), last), tuple(warnings))


def history_of(
    rules: Rules, data: Data, command: str, last: int | None, areas: Sequence[str] | None, lint: Any = None
) -> tuple[History, list[Finding]]:
    """The history a command that needs one reads (`trend`, `spc`), with its warnings; a quarter file is refused."""
    if last is not None and last < 1:
        raise UsageError("--last must be 1 or more")
    _, found, warnings, _ = load(data.path, rules.ruleset, tuple(areas or ()), data.source, lint=lint)
    return history_only(found, data.path, command), warnings


def history_only(data: Quarter | History, path: str, command: str) -> History:
    """`data`, a history file; a quarter file is refused, naming the command that needs a history."""
    if isinstance(data, Quarter):
        raise UsageError(f"{path} is a quarter file; {command} needs a history file (id,period,value rows)")
    return data


def audit(
    rules: Rules | PathLike,
    data: Data | PathLike | Iterable[Mapping[str, Any]] | Any,
    *,
    areas: Sequence[str] | None = None,
    counts: PathLike | None = None,
) -> Audited:
    """What a draft publishes (each measure's words; the counts it quotes, in the file or the CSV `counts`) against
    the rules (`audit --format json`). An audit that checked nothing raises."""
    from ragcalc import audits

    found = data_of(data)
    result, warnings, history = audits.audited(rules_of(rules).ruleset, found.path, found.source, areas or (), counts)
    from ragcalc.results import Audited

    return Audited(result, found.path, history, tuple(warnings))


def explain(
    rules: Rules | PathLike,
    data: Data | PathLike | Iterable[Mapping[str, Any]] | Any,
    measure_id: str,
    *,
    areas: Sequence[str] | None = None,
) -> str:
    """How one measure was rated, in words (`explain`)."""
    found = data_of(data)
    options = EvaluateOptions(found.path, rules_of(rules).ruleset, areas=tuple(areas or ()), source=found.source,
                              notes=True)  # fmt: skip
    return explained(options, measure_id, "areas=[...]")[0]


def explained(options: EvaluateOptions, measure_id: str, area_option: str) -> tuple[str, list[Finding]]:
    """`explain`'s words for one measure and the warnings of the file; in a file of many areas, one must be chosen
    (by `area_option`, as the caller names it)."""
    rated = ratings_of(options)
    one_area([rating.area for rating in rated.ratings if rating.area], options.quarter, area_option)
    by_id = {rating.rule.id: rating for rating in rated.ratings}
    from ragcalc.output import explain as explaining

    return explaining.text(by_id[known(measure_id, by_id)], rated.quarter), rated.warnings


def one_area(present: Iterable[str], path: str, area_option: str) -> None:
    """`explain` speaks of one measure: in a file of many areas, `area_option` (as the caller names it) says whose."""
    areas = tuple(dict.fromkeys(present))
    if len(areas) > 1:
        raise UsageError(f"the file has areas ({', '.join(areas)}); say which with {area_option}", path)


def known(measure_id: str, ids: Iterable[str]) -> str:
    """`measure_id`, one the rules define; else the error naming the nearest."""
    ids = list(ids)
    if measure_id not in ids:
        from ragcalc.errors import did_you_mean

        raise UsageError(f"no measure '{measure_id}' in the rules{did_you_mean(measure_id, ids)}")
    return measure_id


def rules_of(rules: Rules | PathLike | Any) -> Rules:
    """The rules a function was given: `load_rules`' result, or a rule file or folder to load."""
    if isinstance(rules, Rules):
        return rules
    if isinstance(rules, str | os.PathLike):
        return load_rules(rules)
    raise UsageError(f"rules: give load_rules()'s result or a rule file or folder, got {type(rules).__name__}")


def validate(rules: Rules | PathLike, data: PathLike | Data | Sequence[PathLike | Data] | None = None) -> Validation:
    """Every finding in the rules (a path, or `load_rules`' result) and the files, errors and warnings (`validate`);
    bad input is reported in the findings, not raised."""
    from ragcalc import validation

    if isinstance(rules, Rules) and len(rules.paths) != 1:
        raise UsageError("validate: give the rules as one file or folder")
    path = rules.paths[0] if isinstance(rules, Rules) else os.fspath(rules)
    given = [data] if isinstance(data, str | os.PathLike | Data) else list(data or ())
    files = tuple(each.path if isinstance(each, Data) else os.fspath(each) for each in given)
    result = validation.validation(path, files)
    from ragcalc.results import Validation

    return Validation(tuple(result.findings), result.exit_code(strict=False))


def input_paths(options: EvaluateOptions) -> list[str]:
    """Files a command reads, which --output must never overwrite."""
    mapped = [options.source.input_map] if options.source.input_map else []
    rule_files = options.rules.files if isinstance(options.rules, RuleSet) else rule_paths(options.rules)
    return [options.quarter, *rule_files, *mapped]
