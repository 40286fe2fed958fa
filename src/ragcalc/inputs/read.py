"""Reading an input file: a quarter file or a history file, told apart by its contents and read once; an Excel
sheet read as the CSV text it shows, its findings naming its cells. The one door in from a file name, for every
command (`app`) and for `validate`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from ragcalc.errors import Collector, Finding, InputError, InputErrors, UsageError
from ragcalc.inputs.detect import Kind, kind_of
from ragcalc.inputs.files import is_table_path, is_xlsx_path, read_text
from ragcalc.inputs.inputmap import NO_MAP, InputMap, is_plain
from ragcalc.inputs.parsers import normal_id
from ragcalc.inputs.quarter import load_quarter
from ragcalc.rating.model import Quarter, Reading, Rule

if TYPE_CHECKING:
    from ragcalc.inputs.shape import Shaped
    from ragcalc.rating.series import History


class Door(NamedTuple):
    """How an input file is read: a workbook's sheet (`--sheet`, else the mapping's), the export's `input:`
    mapping, and whether a workbook's numbers are read as shown or as stored (`--cell-values`)."""

    sheet: str | None = None
    mapping: InputMap = NO_MAP
    stored: bool = False
    text: str | None = None  # the file's text given rather than read (records from Python, as CSV text)
    engine: str = "auto"  # a history CSV read by columns (`fast`), row by row (`pure`), or by its size (`auto`)


PLAIN = Door()  # the first visible sheet, no mapping, cells as shown


class Read(NamedTuple):
    """An input file as read: its data, how to name the place of a later finding about it (`validate`'s warnings),
    the notes only `explain` and `audit` show (cells storing more than they show), and how its table was read."""

    data: Quarter | History
    place: Callable[[Finding], Finding]
    notes: list[Finding]
    read_as: str | None = None


def read_input(
    path: str, rules: list[Rule], collector: Collector, declared: frozenset[str] = frozenset(), door: Door = PLAIN
) -> Quarter | History:
    """A quarter file or a history file, told apart by its contents and read once; a workbook's sheet, or a CSV
    export not in ragcalc's own columns, is shaped by the mapping into the CSV text the loaders read, and findings
    name its cells."""
    return read_located(path, rules, collector, declared, door).data


def read_located(
    path: str, rules: list[Rule], collector: Collector, declared: frozenset[str] = frozenset(), door: Door = PLAIN
) -> Read:
    """`read_input`, with the places, notes and layout of `Read`."""
    shaped = None if door.text is not None else _shaped(path, rules, declared, door, collector)
    text = door.text if door.text is not None else read_text(path) if shaped is None else shaped.text
    if shaped is None and is_table_path(path) and not is_plain(_first_line(text), door.mapping):
        shaped = _csv_shaped(path, text, rules, declared, door.mapping)
        text = text if shaped is None else shaped.text
    notes: list[Finding] = []
    if shaped is not None:
        collector.findings += [note for note in shaped.notes if note.code != "cell-shown"]
        notes = [note for note in shaped.notes if note.code == "cell-shown"]
    kind = kind_of(path, text)
    found = len(collector.findings)

    def said(finding: Finding) -> Finding:
        finding = _kind_said(finding, kind)
        return finding if shaped is None else shaped.located(finding, path)

    read_as = None if shaped is None else shaped.read_as
    try:
        if kind.history:
            from ragcalc.inputs.history import load_history  # with its records and period labels

            return Read(load_history(path, rules, collector, declared, text, door.engine), said, notes, read_as)
        quarter = load_quarter(path, rules, collector, declared, text)
        return Read(quarter if shaped is None else _in_source(quarter, shaped), said, notes, read_as)
    except InputError as exc:
        raise InputErrors([said(finding) for finding in exc.findings]) from None
    finally:
        collector.findings[found:] = [said(finding) for finding in collector.findings[found:]]


def _shaped(path: str, rules: list[Rule], declared: frozenset[str], door: Door, collector: Collector) -> Shaped | None:
    """A workbook's sheet, shaped; None for any other file."""
    if not is_xlsx_path(path):
        if door.sheet is not None:
            raise UsageError(f"--sheet applies to Excel workbooks (.xlsx); {path} is not one")
        return None
    from ragcalc.inputs import xlsx  # with openpyxl and dates: workbooks only

    book = xlsx.read(path, door.sheet or door.mapping.sheet, stored=door.stored)
    if book.note is not None:
        collector.warn(Finding(book.note, book.grid.where, severity="warning", code="sheet-chosen"))
    from ragcalc.inputs.shape import shape

    return shape(book.grid, door.mapping, _declared(rules, declared))


def _csv_shaped(path: str, text: str, rules: list[Rule], declared: frozenset[str], mapping: InputMap) -> Shaped | None:
    """A CSV file not in ragcalc's own columns, shaped; None where no row names an id column and no mapping names
    one, so that the CSV reader says what is wrong with its header (a semicolon-separated file, a missing id)."""
    from ragcalc.inputs.grid import csv_grid  # an export's own layout: only such files need these
    from ragcalc.inputs.headings import NoHeader
    from ragcalc.inputs.shape import shape

    try:
        return shape(csv_grid(text, path), mapping, _declared(rules, declared))
    except NoHeader as exc:
        if mapping.columns or exc.likely:
            raise
        return None


def _declared(rules: list[Rule], declared: frozenset[str]) -> Callable[[str], bool]:
    """Whether an id as written is one the rules declare (a footer's rows are not)."""
    known = declared | {rule.id for rule in rules}

    def has(written: str) -> bool:
        try:
            return normal_id(written) in known
        except ValueError:
            return False

    return has


def _first_line(text: str) -> str:
    """A CSV file's header line: its first with any text, Excel's 'sep=,' hint passed over."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if line.strip() and not line.strip().lower().startswith("sep="):
            return line
        start = end + 1
    return ""


def _in_source(quarter: Quarter, shaped: Shaped) -> Quarter:
    """The readings of a shaped table placed in the source: a workbook's with the cell of each period's own target,
    which explain names; a CSV file's at its own line, never one of the shaped text."""

    def placed(reading: Reading) -> Reading:
        where = reading.location
        if where is None or where.line is None:
            return reading
        if not shaped.grid.cells:
            return reading._replace(location=where._replace(line=shaped.lines[where.line - 1]))
        if reading.target is None:
            return reading
        return reading._replace(location=where._replace(cell=shaped.cell(where.line, "target").split(":")[-1]))

    return quarter._replace(readings=tuple(map(placed, quarter.readings)))


# findings about a file's layout, which may come from reading it as the other kind: they say which was read
LAYOUT_CODES = ("structure", "unknown-key", "csv-header", "bad-period")


def _kind_said(finding: Finding, kind: Kind) -> Finding:
    if finding.code not in LAYOUT_CODES:
        return finding
    return finding._replace(message=f"{finding.message} (read as a {kind.name}: {kind.why})")
