"""How a command reads its files and titles what it writes, for every command (`app`) and the CLI's options.

`Source` is how the input file is read (`--sheet`, `--input-map`, `--cell-values`), `load` reads the rules and
the input file with every error raised together, and `Publishing` is how a page or workbook is titled and for
whom (`--title`, `--subtitle`, `--audience`, else the rules folder's `report:` settings), with its provenance.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ragcalc import selection
from ragcalc.errors import Collector, Finding
from ragcalc.inputs import inputmap, reportkeys
from ragcalc.inputs.inputmap import InputMap
from ragcalc.inputs.read import Door, read_located
from ragcalc.inputs.reportkeys import ReportSettings
from ragcalc.inputs.rules import RuleSet, load_rules
from ragcalc.output.provenance import Publication
from ragcalc.rating.model import Quarter, Rule

if TYPE_CHECKING:
    from ragcalc.rating.series import History


class Source(NamedTuple):
    """How a command's input file is read: a workbook's sheet, an `--input-map` file (else the rules folder's
    `input:` mapping), and whether a workbook's numbers are read as they show or as stored (`--cell-values`)."""

    sheet: str | None = None
    input_map: str | None = None
    cell_values: str = "shown"
    text: str | None = None  # records given from Python, as the CSV text the loaders read (no file is read)
    engine: str = Door().engine  # --engine: how a history CSV is read and rated (`inputs.columnar`)

    def door(self, found: InputMap | None) -> Door:
        mapping = inputmap.load_file(self.input_map) if self.input_map else (found or inputmap.NO_MAP)
        return Door(self.sheet, mapping, stored=self.cell_values == "stored", text=self.text, engine=self.engine)


CELL_VALUES = ("shown", "stored")
ENGINES = ("auto", "pure", "fast")  # --engine: how a history CSV is read and rated (`inputs.columnar`)
AS_IT_COMES = Source()  # no sheet named, the rules folder's mapping, cells as shown


class Publishing(NamedTuple):
    """--title, --subtitle and --audience: how a page or workbook is titled and for whom; where None, the rules
    folder's `report:` settings say, else the page's own title and the `review` audience."""

    title: str | None = None
    subtitle: str | None = None
    audience: str | None = None

    def publication(self, settings: ReportSettings, paths: Sequence[str], period: str | None) -> Publication:
        """The title, audience and provenance (each rule and input file hashed) of an output made from `paths`."""
        import os

        from ragcalc.output import provenance
        from ragcalc.version import __version__

        return Publication(
            self.title or settings.title,
            self.subtitle or settings.subtitle,
            self.audience or settings.audience or "review",
            provenance.made(paths, period, __version__, os.environ),
        )


AUDIENCES = reportkeys.AUDIENCES
AS_ITS_OWN = Publishing()  # no option given: the rules folder's settings, else the page's own
PUBLISHED = ("html", "xlsx")  # the formats a title, an audience and the provenance apply to


Linter = Callable[[list[Rule], "History"], list[Finding]]  # a history's warnings (`lint.spc_warnings`)


def load(
    path: str,
    rules_path: str | RuleSet,
    areas: Sequence[str] = (),
    source: Source = AS_IT_COMES,
    *,
    notes: bool = False,
    lint: Linter | None = None,
) -> Loaded:
    """Rules and the input file (only `areas`, when given), with every error raised together and the warnings;
    with `notes`, also how an export's table was read and where its cells store more than they show; with `lint`,
    a history's warnings about its values, placed in the file as the loader's are (an export's cell, not a line of
    the text it was shaped into)."""
    collector = Collector()
    ruleset = load_rules(rules_path, collector) if isinstance(rules_path, str) else rules_path
    collector.raise_errors()  # an input file is checked against rules that loaded cleanly
    found = read_located(path, ruleset.rules, collector, door=source.door(ruleset.input_map))
    collector.raise_errors()
    warnings = collector.warnings
    if notes:
        said = [Finding(f"read {found.read_as}", severity="note", code="read-as")] if found.read_as else []
        warnings = [*warnings, *said, *found.notes]
    data = selection.only_areas(found.data, areas, path) if areas else found.data
    if lint is not None and not isinstance(data, Quarter):
        warnings = [*warnings, *map(found.place, lint(ruleset.rules, data))]
    return Loaded(ruleset.rules, data, warnings, ruleset.report)


class Loaded(NamedTuple):
    rules: list[Rule]
    data: Quarter | History
    warnings: list[Finding]
    settings: ReportSettings  # the rules folder's `report:` settings
