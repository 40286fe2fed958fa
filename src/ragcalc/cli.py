"""The command line: the only module that imports click. Parses options, prints, sets the exit code.

Errors of ragcalc's own (`RagcalcError`) are turned into `error: ...` lines and exit 2 here, in one
place; anything else is a bug and is left to surface as one.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NoReturn, TypeVar

import click

from ragcalc import api, app, formats, loading, selection
from ragcalc.errors import RagcalcError, UsageError
from ragcalc.output.outfile import Pieces, encoded, write_output
from ragcalc.output.tables import Style
from ragcalc.rating import engine
from ragcalc.version import __version__

_MAX_ERRORS = 20
F = TypeVar("F", bound=Callable[..., Any])


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        collecting = gc.isenabled()
        # one command's objects (a regional history is a million small tuples) hold no cycles worth finding:
        # the cyclic collector would only rescan them again and again, a quarter or more of the run time
        gc.disable()
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("ragcalc: interrupted", err=True)
            ctx.exit(130)  # 128 + SIGINT, as shells report it
        except MemoryError:  # the input is larger than this machine can hold: say so in one line, not a traceback
            click.echo(
                "error: out of memory: the input is too large for this machine; split it by area or year", err=True
            )
            ctx.exit(2)
        except BrokenPipeError:
            # the reader (`| head -1`) has all it wanted: stop quietly, and keep Python's exit-time flush quiet too
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(141)  # 128 + SIGPIPE, as coreutils report it
        except RagcalcError as exc:
            findings = exc.findings
            for finding in findings[:_MAX_ERRORS]:
                click.echo(f"error: {finding}", err=True)
            if len(findings) > _MAX_ERRORS:
                click.echo(f"error: ... and {len(findings) - _MAX_ERRORS} more", err=True)
            ctx.exit(exc.exit_code)
        finally:
            if collecting:
                gc.enable()


_RULES = click.option(
    "--rules",
    "rules",
    default="rules",
    show_default=True,
    metavar="PATH",
    help="A rule file, or a folder of *.yaml rule files.",
)


_AREA = click.option(
    "--area",
    "areas",
    multiple=True,
    metavar="NAME",
    help="Files of many areas: only this area (repeatable).",
)


def _reading(command: F) -> F:
    """--sheet, --input-map and --cell-values: how the input file is read, on every command that reads one."""
    options = (
        click.option(
            "--sheet", metavar="NAME", help="Excel workbooks (.xlsx): the sheet to read (default the first visible)."
        ),
        click.option(
            "--input-map",
            metavar="FILE",
            help="A YAML file with the input: mapping of an export's columns (default: the rules folder's input:).",
        ),
        click.option(
            "--cell-values",
            type=click.Choice(loading.CELL_VALUES),
            default="shown",
            show_default=True,
            help="Excel workbooks: rate each number as its cell shows it, or its full stored value.",
        ),
    )
    for option in reversed(options):
        command = option(command)
    return command


def _publishing(command: F) -> F:
    """--title, --subtitle and --audience: how a page (html) or workbook (xlsx) is titled and for whom."""
    options = (
        click.option("--title", metavar="TEXT", help="HTML and xlsx: the title (default: the rules' report: title)."),
        click.option("--subtitle", metavar="TEXT", help="HTML and xlsx: the line under the title."),
        click.option(
            "--audience",
            type=click.Choice(loading.AUDIENCES),
            help="HTML and xlsx: review (the default) shows the published ratings that disagree, for the author; "
            "public shows nothing meant only for the author.",
        ),
    )
    for option in reversed(options):
        command = option(command)
    return command


def _published(options: Mapping[str, Any]) -> loading.Publishing:
    return loading.Publishing(options["title"], options["subtitle"], options["audience"])


def _source(options: Mapping[str, Any]) -> loading.Source:
    engine = options.get("engine", loading.AS_IT_COMES.engine)  # commands without --engine read as it says
    return loading.Source(options["sheet"], options["input_map"], options["cell_values"], engine=engine)


def _engine(command: F) -> F:
    """--engine and --verbose: how a history file is read and rated, and saying so."""
    command = click.option("--verbose", "-v", is_flag=True, help="Say which engine read and rated the input, and why.")(
        command
    )
    return click.option(
        "--engine",
        type=click.Choice(loading.ENGINES),
        default=loading.AS_IT_COMES.engine,
        show_default=True,
        help="History CSV files: by columns (fast, the ragcalc[fast] extra), row by row (pure), or by columns for a "
        "large file when the extra is installed (auto). Both give the same output.",
    )(command)


def _publishing_given(options: Mapping[str, Any], fmt: str | None) -> None:
    """--title, --subtitle and --audience write on a page or a workbook: with another format they would do nothing."""
    given = [name for name in ("title", "subtitle", "audience") if options.get(name) is not None]
    if given and fmt not in loading.PUBLISHED:
        raise UsageError(f"--{given[0]} applies to --format html and xlsx (pages and workbooks), not {fmt}")


_PRESENT_ONLY = click.option(
    "--present-only",
    is_flag=True,
    help="Rate only the measures the file gives (a report of 12 of 33): the rules' others are left out of the "
    "scorecard and its counts, named in a warning.",
)
_OUTPUT = click.option("--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of standard output.")
_FORMATS_HELP = "table and markdown for people, csv and json for programs, html for a page to publish."


def _format(choices: tuple[str, ...], help: str, default: str | None = None) -> Callable[[F], F]:
    """--format; with no default, a command writing --output takes it from the file's extension (`-o pack.html`)."""
    if default is None:
        help += f" Default: the format --output's extension names ({formats.written_extensions()}), else table."
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True, help=help)


@click.group(name="ragcalc", cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ragcalc")
def main() -> None:
    """RAG ratings, direction-of-travel arrows and summary counts for performance scorecards."""


@main.command()
@click.argument("quarter_file")
@_RULES
@_format(app.SCORECARD_FORMATS, _FORMATS_HELP + " xlsx: an Excel workbook (give -o).")
@click.option(
    "--group-by",
    default="group",
    show_default=True,
    metavar="FIELD",
    help="Summarise by 'group', a key of the measures' tags, or 'area'; several joined by commas (area,group).",
)
@click.option("--only", metavar="WORDS", help="List only these measures, e.g. red,amber (summary still counts all).")
@click.option("--summary-only", is_flag=True, help="Print the summary without the measures.")
@click.option(
    "--fail-on",
    type=click.Choice(engine.GATES),
    multiple=True,
    help="Exit 1 when any measure is red, amber or deteriorating (repeatable).",
)
@_OUTPUT
@click.option("--ascii", "ascii_", is_flag=True, help="Print up/flat/down instead of the arrows ↑ → ↓.")
@click.option("--no-color", is_flag=True, help="Never colour the RAG words (NO_COLOR does the same).")
@click.option("--period", metavar="PERIOD", help="History files: the period to rate (default: each measure's latest).")
@click.option(
    "--compare",
    type=click.Choice(api.COMPARES),
    help="Compare with the previous period (default), the same period a year before, or both (previous,year-ago: two "
    "arrows; a quarter file gives year_ago values).",
)
@click.option(
    "--as-of",
    metavar="DATE",
    help="History files: report as at DATE (the last periods ended by then); "
    "values more than a rule's stale_after periods behind are flagged.",
)
@_AREA
@click.option("--rank", is_flag=True, help="Files of many areas: each area's rank and quintile for each measure.")
@_PRESENT_ONLY
@_reading
@_engine
@_publishing
def evaluate(
    *,
    quarter_file: str,
    rules: str,
    fmt: str | None,
    group_by: str,
    only: str | None,
    summary_only: bool,
    fail_on: tuple[str, ...],
    output: str | None,
    ascii_: bool,
    no_color: bool,
    period: str | None,
    compare: str | None,
    as_of: str | None,
    areas: tuple[str, ...],
    rank: bool,
    present_only: bool,
    **reading: Any,
) -> None:
    """Rate every measure of QUARTER_FILE (a quarter or history file, .yaml or .csv) and print the scorecard."""
    fmt = app.output_format(fmt, output, app.SCORECARD_FORMATS, "evaluate")
    options = api.EvaluateOptions(
        quarter_file,
        rules=rules,
        format=fmt,
        group_by=group_by,
        only=selection.parse_only(only),
        summary_only=summary_only,
        fail_on=fail_on,
        style=_style(output, ascii_=ascii_, no_color=no_color, table=fmt == "table"),
        period=period,
        compare=compare,
        as_of=as_of,
        areas=areas,
        rank=rank,
        source=_source(reading),
        publishing=_published(reading),
        present_only=present_only,
    )
    _publishing_given(reading, fmt)
    _finish(app.evaluate(options), output, api.input_paths(options) if output else (), verbose=reading["verbose"])


@main.command()
@_RULES
@click.argument("quarter_files", nargs=-1, metavar="[QUARTER_FILE]...")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings as well as errors.")
@_format(("text", "json"), "text: one line per finding; json: a list of findings.", "text")
@_reading
def validate(*, rules: str, quarter_files: tuple[str, ...], strict: bool, fmt: str, **reading: Any) -> None:
    """Check the rules, and any QUARTER_FILEs against them, reporting every problem."""
    _finish(app.validate(rules, quarter_files, strict=strict, fmt=fmt, source=_source(reading)))


@main.command()
@click.argument("quarter_file")
@_RULES
@_format(("table", "markdown", "json"), "table or markdown for people, json for programs.", "table")
@_AREA
@_reading
@click.option("--forecast", is_flag=True, help="Check the draft's predicted_rag against each forecast: projection.")
@click.option(
    "--published-counts",
    "counts",
    metavar="FILE",
    help="Quarter files: a CSV of the counts the draft publishes (group,green,amber,...; a total row), checked too.",
)
def audit(
    *,
    quarter_file: str,
    rules: str,
    fmt: str,
    areas: tuple[str, ...],
    forecast: bool,
    counts: str | None,
    **reading: Any,
) -> None:
    """Check the draft's published_rag and published_direction (a quarter or history file) against the rules."""
    _finish(
        app.audit(quarter_file, rules, fmt=fmt, areas=areas, source=_source(reading), forecast=forecast, counts=counts)
    )


@main.command()
@click.argument("quarter_file")
@click.argument("measure_id", metavar="ID")
@_RULES
@click.option("--spc", "with_spc", is_flag=True, help="History files: why the SPC icons are what they are.")
@_AREA
@_reading
def explain(
    *, quarter_file: str, measure_id: str, rules: str, with_spc: bool, areas: tuple[str, ...], **reading: Any
) -> None:
    """Show how measure ID's rating and arrow in QUARTER_FILE were reached."""
    source = _source(reading)
    _finish(app.explain(quarter_file, measure_id, rules_path=rules, spc=with_spc, areas=areas, source=source))


@main.command()
def schema() -> None:
    """Print the JSON Schema of rule files, for editors that check YAML as you type."""
    _finish(app.schema())


@main.command()
@click.argument("history_file")
@_RULES
@click.option("--last", type=int, metavar="N", help="Show only the last N periods of each measure.")
@_format(app.FORMATS, _FORMATS_HELP)
@click.option("--ascii", "ascii_", is_flag=True, help="Print up/flat/down instead of the arrows ↑ → ↓.")
@click.option("--spc", "with_spc", is_flag=True, help="Add each measure's SPC variation and assurance icons.")
@_AREA
@_OUTPUT
@_reading
@_engine
@_publishing
def trend(
    *,
    history_file: str,
    rules: str,
    last: int | None,
    fmt: str | None,
    ascii_: bool,
    with_spc: bool,
    areas: tuple[str, ...],
    output: str | None,
    **reading: Any,
) -> None:
    """Show each measure's value, RAG and arrow in every period of HISTORY_FILE."""
    fmt = app.output_format(fmt, output, app.FORMATS, "trend")
    style = _style(None, ascii_=ascii_, no_color=True, table=fmt == "table")
    _publishing_given(reading, fmt)
    source, publishing = _source(reading), _published(reading)
    result = app.trend(
        history_file,
        rules,
        last=last,
        fmt=fmt,
        style=style,
        spc=with_spc,
        areas=areas,
        source=source,
        publishing=publishing,
    )
    _finish(result, output, _inputs(history_file, rules, reading), verbose=reading["verbose"])


@main.command()
@click.argument("history_file")
@_RULES
@click.option("--last", type=int, metavar="N", help="JSON and CSV: only the last N points of each measure.")
@_format(app.FORMATS, _FORMATS_HELP)
@_AREA
@_OUTPUT
@_reading
@_engine
@_publishing
def spc(
    *,
    history_file: str,
    rules: str,
    last: int | None,
    fmt: str | None,
    areas: tuple[str, ...],
    output: str | None,
    **reading: Any,
) -> None:
    """Statistical process control (NHS Making Data Count): each measure's limits, special causes and icons."""
    fmt = app.output_format(fmt, output, app.FORMATS, "spc")
    style = _style(None, ascii_=True, no_color=True, table=fmt == "table")
    _publishing_given(reading, fmt)
    source, publishing = _source(reading), _published(reading)
    result = app.spc(
        history_file, rules, last=last, fmt=fmt, style=style, areas=areas, source=source, publishing=publishing
    )
    _finish(result, output, _inputs(history_file, rules, reading), verbose=reading["verbose"])


@main.command()
@click.argument("history_file")
@_RULES
@_AREA
@_OUTPUT
@_PRESENT_ONLY
@_reading
@_publishing
def report(
    *, history_file: str, rules: str, areas: tuple[str, ...], output: str | None, present_only: bool, **reading: Any
) -> None:
    """Write the whole pack as one HTML page: the summary, then each group's measures with their history,
    SPC charts and any published rating the rules do not give."""
    app.output_format(None, output, ("html",), "report")  # an HTML page: -o pack.xlsx is refused, not mislabelled
    _finish(
        app.report(
            history_file,
            rules,
            areas=areas,
            source=_source(reading),
            publishing=_published(reading),
            present_only=present_only,
        ),
        output,
        _inputs(history_file, rules, reading),
    )


@main.command()
@click.argument("export")
@click.option(
    "--output", "-o", "folder", required=True, metavar="DIR", help="The folder to write rules.yaml and input.yaml to."
)
@click.option("--sheet", metavar="NAME", help="Excel workbooks (.xlsx): the sheet to read (default the first visible).")
def init(*, export: str, folder: str, sheet: str | None) -> None:
    """Draft a rule file and an input mapping from EXPORT (a performance system's .xlsx or .csv export)."""
    _finish(app.init(export, folder, sheet=sheet))


def _inputs(path: str, rules: str, reading: Mapping[str, Any]) -> list[str]:
    """Files a command reads, which --output must never overwrite."""
    return api.input_paths(api.EvaluateOptions(path, rules, source=_source(reading)))


def _print(text: str | Pieces) -> None:
    """`text` on standard output, every byte of it, through the stream's binary layer.

    An unbuffered stream (PYTHONUNBUFFERED, common in containers) writes to a pipe in part when the reader
    stops early and says so only by the count it returns; writing the rest raises BrokenPipeError, so a
    closed pipe exits 141 however the stream is buffered.
    """
    stream = sys.stdout
    binary = getattr(stream, "buffer", None)
    if binary is None:  # a text-only stream put in its place (an embedding program's): it takes text
        stream.writelines(text if isinstance(text, Pieces) else (text,))
        stream.flush()
        return
    stream.flush()
    for piece in encoded(text, stream.encoding or "utf-8", stream.errors or "strict"):
        data = memoryview(piece)
        while data:
            data = data[binary.write(data) or 0 :]
    binary.flush()


def _terminal_width() -> int:
    import shutil  # only for tables

    return shutil.get_terminal_size((100, 24)).columns


def _style(output: str | None, *, ascii_: bool, no_color: bool, table: bool = True) -> Style:
    return Style(
        width=_terminal_width() if table else Style().width,  # only a table needs the terminal
        ascii=ascii_ or (output is None and not _can_print_arrows()),
        colour=wants_colour(os.environ, to_terminal=output is None and sys.stdout.isatty(), no_color=no_color),
    )


def _finish(
    result: app.Result, output: str | None = None, inputs: Iterable[str] = (), *, verbose: bool = False
) -> NoReturn:
    """Warnings (with `verbose`, first how the input was read), then the text (to standard output, or written to
    `output`), then messages; exit with the code."""
    text = result.text
    if verbose and result.engine:
        click.echo(f"engine: {result.engine}", err=True)
    if isinstance(text, bytes) and output is None:
        raise UsageError("--format xlsx writes a workbook, not text: give --output FILE.xlsx")
    for warning in result.warnings:
        click.echo(f"{warning.severity}: {warning}", err=True)
    if output is not None:
        write_output(output, text, inputs)
    elif not isinstance(text, bytes):
        _print(text)
    for message in result.messages:
        click.echo(message, err=True)
    sys.exit(result.code)


def wants_colour(environ: Mapping[str, str], *, to_terminal: bool, no_color: bool) -> bool:
    """Colour only on a terminal, never with --no-color or NO_COLOR set (https://no-color.org)."""
    return to_terminal and not no_color and "NO_COLOR" not in environ


def _can_print_arrows() -> bool:
    try:
        "↑→↓".encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True
