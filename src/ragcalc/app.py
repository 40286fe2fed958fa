"""What each command does, without click: load, check options against the input, evaluate, render.

One function per command, each returning a `Result` (the text, the warnings, the exit code); `cli`
parses arguments and prints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ragcalc import api, formats
from ragcalc.api import EvaluateOptions, input_paths, ratings_of, report_of
from ragcalc.errors import Finding, InputError, UsageError
from ragcalc.inputs import keys
from ragcalc.inputs.reportkeys import ReportSettings
from ragcalc.loading import AS_IT_COMES, AS_ITS_OWN, PUBLISHED, Linter, Publishing, Source, load
from ragcalc.output import render
from ragcalc.output.outfile import Pieces
from ragcalc.output.provenance import PLAIN, Publication
from ragcalc.output.tables import Style
from ragcalc.rating import engine
from ragcalc.rating.model import Quarter, Rule
from ragcalc.rating.vocabulary import word_of

if TYPE_CHECKING:
    from ragcalc.output.html import Extras
    from ragcalc.rating.series import History

# The command-specific modules (audit, explain, lint, timeline, trendview), json and python-dateutil are imported where
# they are used, so that each command loads only what it needs: start-up is most of a small run.
FORMATS = formats.TEXT  # trend's, spc's: text
SCORECARD_FORMATS = (*FORMATS, "xlsx")  # evaluate's: a workbook too


def output_format(given: str | None, output: str | None, choices: Sequence[str], command: str) -> str:
    """The format to write: --format's, else the one --output's extension names (`-o pack.html`), else a table;
    --format contradicting the extension, or an extension the command cannot write, is a usage error."""
    named = formats.named_by(output or "")
    if named is None or not named.writes or named.name == given:
        return given or "table"
    if given is not None:
        raise UsageError(
            f"--format {given} contradicts --output {output}, which names {named.said}; drop --format or rename "
            "the file"
        )
    if named.name not in choices:
        raise UsageError(
            f"--output {output} names {named.said}, which {command} does not write; it writes "
            f"{' or '.join(choices)}: name the file for one of them"
        )
    return named.name


class Result(NamedTuple):
    """What a command gives the CLI: text for standard output, then warnings and messages (the gates that
    tripped) for standard error, and the exit code."""

    text: str | bytes | Pieces  # bytes: a binary document (a workbook), written to --output only
    warnings: Sequence[Finding] = ()
    messages: Sequence[str] = ()
    code: int = 0
    engine: str = ""  # how a history was read and rated (--engine), said on --verbose


def evaluate(options: EvaluateOptions) -> Result:
    rated = ratings_of(options)
    rules, ratings, warnings, everyone, data = rated.rules, rated.ratings, rated.warnings, rated.everyone, rated.data
    if options.rank and not any(rating.area for rating in everyone):
        raise UsageError(f"--rank: {options.quarter} has no areas to rank (no 'area' column or 'areas:' key)")
    report = report_of(rated, options)

    def extras() -> Extras:  # what a page adds: a history's sparklines, the draft's words the rules do not give
        from ragcalc import publish

        # a workbook of a history carries each measure's SPC icons and the matrix (a page of one period does not)
        return publish.extras(rules, data, report.ratings, charts_too=options.format == "xlsx")

    publication = _publication(options, rated.settings, rated.quarter.period) if options.format in PUBLISHED else None
    text, cut = render.scorecard(report, options.format, options.style, extras, publication or PLAIN)
    warnings = [*warnings, *(Finding(message, severity="warning", code="cell-cut") for message in cut)]
    gates = []
    for gate in dict.fromkeys(options.fail_on):
        hits = [r.rule.id for r in ratings if engine.trips(r, gate)]
        if hits:
            gates.append(
                f"--fail-on {gate}: {len(hits)} measure{'s' if len(hits) > 1 else ''} {gate}: {', '.join(hits)}"
            )
    return Result(text, warnings, gates, 1 if gates else 0, _read_by(data))


def _read_by(data: Quarter | History) -> str:
    """How the input was read (--verbose): a history says which engine; a quarter file is read row by row."""
    return "read by the pure engine: a quarter file" if isinstance(data, Quarter) else data.read_by


def _publication(options: EvaluateOptions, settings: ReportSettings, period: str | None) -> Publication:
    return options.publishing.publication(settings, input_paths(options), period)


def report(
    path: str,
    rules_path: str,
    *,
    areas: Sequence[str] = (),
    source: Source = AS_IT_COMES,
    publishing: Publishing = AS_ITS_OWN,
    present_only: bool = False,
) -> Result:
    """The whole pack as one HTML page: the summary, then each group's measures with their history and SPC
    charts, and every period's published words that the rules do not give."""
    from ragcalc import publish

    options = EvaluateOptions(
        path,
        rules_path,
        format="html",
        areas=tuple(areas),
        source=source,
        publishing=publishing,
        present_only=present_only,
    )
    rated = ratings_of(options)
    api.history_only(rated.data, path, "report")
    publication = _publication(options, rated.settings, rated.quarter.period)
    page = publish.scorecard_html(
        report_of(rated, options), rated.rules, rated.data, charts_too=True, publication=publication
    )
    return Result(page, rated.warnings)


def validate(
    rules_path: str,
    quarter_paths: tuple[str, ...],
    *,
    strict: bool = False,
    fmt: str = "text",
    source: Source = AS_IT_COMES,
) -> Result:
    """Every finding in the rules and the quarter files, errors and warnings, not just the first."""
    from ragcalc import validation

    result = validation.validation(rules_path, quarter_paths, source.door)
    return Result(validation.text(result, fmt), code=result.exit_code(strict=strict))


def audit(
    quarter_path: str,
    rules_path: str,
    *,
    fmt: str,
    areas: Sequence[str] = (),
    source: Source = AS_IT_COMES,
    forecast: bool = False,
    counts: str | None = None,
) -> Result:
    """The audit in `fmt`, the loader's warnings, and the exit code (1 when anything disagrees); with `forecast`,
    the draft's predicted year-end ratings against the projected ones; with `counts` (a CSV file), the counts the
    draft publishes, as a quarter file's `published_counts:` gives them."""

    if forecast:
        options = EvaluateOptions(quarter_path, rules_path, areas=tuple(areas), source=source, notes=True)
        return _audit_forecasts(options, fmt)
    found = api.audit(api.load_rules(rules_path), api.Data(quarter_path, source), areas=areas, counts=counts)
    output = render.audit(found.audit, fmt, quarter_path, history=found.history)
    return Result(output, found.warnings, code=1 if found.disagreements else 0)


def _audit_forecasts(options: EvaluateOptions, fmt: str) -> Result:
    from ragcalc.output import audit as auditing

    rated = ratings_of(options)
    from ragcalc import audits

    ratings = rated.ratings if isinstance(rated.data, Quarter) else audits.predicted_periods(rated.rules, rated.data)
    result = auditing.compare_forecasts(ratings, rated.quarter.period)
    if result.checked == 0:  # a gate that checked nothing must not pass
        raise InputError(
            "nothing to audit: no measure both states a predicted_rag and has a forecast: rule to project it; "
            "add the draft's prediction (e.g. predicted_rag: green) and a forecast: method to the measure's rule",
            options.quarter,
            code="nothing-to-audit",
        )
    text = render.audit(result, fmt, options.quarter, history=not isinstance(rated.data, Quarter))
    return Result(text, rated.warnings, code=1 if result.disagreements else 0)


def explain(
    quarter_path: str,
    measure_id: str,
    *,
    rules_path: str,
    spc: bool = False,
    areas: Sequence[str] = (),
    source: Source = AS_IT_COMES,
) -> Result:
    """How one measure was rated in a quarter file, or at its latest period in a history file; with `spc`, why
    its SPC icons are what they are."""
    if spc:
        return _explain_spc(quarter_path, rules_path, measure_id, areas, source)
    options = EvaluateOptions(quarter_path, rules_path, areas=tuple(areas), source=source, notes=True)
    text, warnings = api.explained(options, measure_id, "--area")
    return Result(text, _about(warnings, measure_id))


def _about(warnings: Sequence[Finding], measure_id: str) -> list[Finding]:
    """Explain's warnings: the file's, and of its notes only those about the measure explained."""
    return [w for w in warnings if w.code != "cell-shown" or w.measure == measure_id]


def _explain_spc(
    path: str, rules_path: str, measure_id: str, areas: Sequence[str] = (), source: Source = AS_IT_COMES
) -> Result:
    rules, history, warnings, _ = load(path, rules_path, areas, source, notes=True)
    if isinstance(history, Quarter):
        raise UsageError(f"--spc: {path} is a quarter file; SPC needs a history file (id,period,value rows)")
    by_id = {rule.id: rule for rule in rules}
    api.known(measure_id, by_id)
    from ragcalc.output import spcview
    from ragcalc.rating import spc as charting

    api.one_area(history.areas, path, "--area")
    series = next((each for each in history.series if each.id == measure_id), None)
    measured = None if series is None else charting.charted(by_id[measure_id], series)
    if measured is None:
        raise UsageError(f"--spc: {measure_id} has no values in {path}", path)
    return Result(spcview.explain_text(measured), _about(warnings, measure_id))


def schema() -> Result:
    import json  # only here: JSON output has its own writer

    return Result(json.dumps(keys.json_schema(), indent=2, ensure_ascii=False) + "\n")


def spc(
    path: str,
    rules_path: str,
    *,
    last: int | None,
    fmt: str,
    style: Style,
    areas: Sequence[str] = (),
    source: Source = AS_IT_COMES,
    publishing: Publishing = AS_ITS_OWN,
) -> Result:
    """Each measure's XmR chart, special causes and icons, from a history file."""
    from ragcalc.inputs import lint

    rules, history, warnings, settings = _history(path, rules_path, "spc", last, areas, source, lint.spc_warnings)
    if fmt == "json" and history.frame is not None:
        written, read_by = _spc_by_columns(rules, history, last)
        if written is not None:
            return Result(written, warnings, engine=read_by)
        history = history._replace(read_by=read_by)
    from ragcalc.rating import spc as charting

    measured = charting.charts(rules, history)
    publication = _history_publication(fmt, path, rules_path, source, publishing, settings, history)
    notes = None
    if fmt == "html":  # a page numbers each noted period at its point
        from ragcalc.output.html import notes_of

        notes = {(series.area, series.id): notes_of(series) for series in history.series}
    text = render.spc(measured, fmt, path, style, last, publication, notes)
    return Result(text, warnings, engine=history.read_by)


def _spc_by_columns(rules: list[Rule], history: History, last: int | None) -> tuple[Pieces | None, str]:
    """The SPC JSON charted and written by columns (None where the pure engine charts it), and how the history was
    read and charted."""
    from ragcalc.output import columnar as writer
    from ragcalc.rating import spccolumns

    frame = history.frame
    assert frame is not None
    charts = spccolumns.charts(frame, rules)
    if isinstance(charts, str):
        return None, f"{history.read_by}; charted by the pure engine: {charts}"
    text = writer.spc_json(frame, rules, charts, history.areas, last)
    return text, f"{history.read_by}, charted and written by columns"


def _history_publication(
    fmt: str,
    path: str,
    rules_path: str,
    source: Source,
    publishing: Publishing,
    settings: ReportSettings,
    history: History,
) -> Publication:
    """A history's page titled and footed: its reporting period is its latest."""
    if fmt not in PUBLISHED:
        return PLAIN
    latest = max((series.periods[-1] for series in history.series if series.periods), default=None)
    options = EvaluateOptions(path, rules_path, source=source, publishing=publishing)
    return _publication(options, settings, latest.label if latest else None)


def _history(
    path: str,
    rules_path: str,
    command: str,
    last: int | None,
    areas: Sequence[str],
    source: Source,
    lint: Linter | None = None,
) -> tuple[list[Rule], History, list[Finding], ReportSettings]:
    """The rules and the history file of a command that needs one (`spc`, `trend`), with its warnings and the rules
    folder's `report:` settings."""
    rules = api.load_rules(rules_path)
    history, warnings = api.history_of(rules, api.Data(path, source), command, last, areas, lint)
    return list(rules.rules), history, warnings, rules.ruleset.report


def trend(
    path: str,
    rules_path: str,
    *,
    last: int | None,
    fmt: str,
    style: Style,
    spc: bool = False,
    areas: Sequence[str] = (),
    source: Source = AS_IT_COMES,
    publishing: Publishing = AS_ITS_OWN,
) -> Result:
    """Each measure's value, RAG and arrow period by period, from a history file (with `spc`, the SPC icons)."""
    rules, history, warnings, settings = _history(path, rules_path, "trend", last, areas, source)
    if fmt == "json" and not spc and history.frame is not None:
        written, read_by = _trend_by_columns(rules, history, last)
        if written is not None:
            return Result(written, warnings, engine=read_by)
        history = history._replace(read_by=read_by)
    from ragcalc.rating import timeline

    trends = timeline.trend(rules, history, last)
    icons = charted = None
    if spc:
        from ragcalc.rating import spc as charting

        charted = {(each.area, each.rule.id): each for each in charting.charts(rules, history)}
        icons = {key: (each.chart.variation, word_of(each.chart.assurance)) for key, each in charted.items()}
    publication = _history_publication(fmt, path, rules_path, source, publishing, settings, history)
    text = render.trend(trends, fmt, path, style, icons, charted, publication)
    return Result(text, warnings, engine=history.read_by)


def _trend_by_columns(rules: list[Rule], history: History, last: int | None) -> tuple[Pieces | None, str]:
    """The trend's JSON decided and written by columns (None where the pure engine rates it), and how the history
    was read and rated."""
    from ragcalc.output import columnar as writer
    from ragcalc.rating import columns

    frame = history.frame
    assert frame is not None
    plan = columns.plan(frame, rules)
    if isinstance(plan, str):
        return None, f"{history.read_by}; rated by the pure engine: {plan}"
    text = writer.trend_json(frame, rules, columns.marks(frame, plan), history.areas, last)
    return text, f"{history.read_by}, rated and written by columns"


def init(path: str, folder: str, *, sheet: str | None = None) -> Result:
    """A first rule file and input mapping drafted from an export, written into `folder` (never over a file)."""
    import os

    from ragcalc import drafting
    from ragcalc.output.outfile import write_output

    found = drafting.draft(path, sheet)
    targets = {os.path.join(folder, "rules.yaml"): found.rules, os.path.join(folder, "input.yaml"): found.mapping}
    existing = [target for target in targets if os.path.exists(target)]
    if existing:
        raise UsageError(f"{existing[0]} exists already; give -o a new folder (init never overwrites a file)")
    os.makedirs(folder, exist_ok=True)
    for target, text in targets.items():
        write_output(target, text, [path])
    said = (
        f"wrote {len(targets)} files to {folder}: rules.yaml ({found.measures} measures, {found.guessed} lines marked "
        f"'guessed' to check) and input.yaml (the mapping); next: ragcalc validate --rules {folder} {path}"
    )
    return Result("", messages=[said])
