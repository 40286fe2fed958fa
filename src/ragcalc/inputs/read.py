"""Reading an input file: a quarter file or a history file, told apart by its contents and read once; an Excel
sheet read as the CSV text it shows, its findings naming its cells. The one door in from a file name, for every
command (`app`) and for `validate`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ragcalc.errors import Collector, Finding, InputError, InputErrors, UsageError
from ragcalc.inputs.detect import Kind, kind_of
from ragcalc.inputs.files import is_xlsx_path, read_text
from ragcalc.inputs.quarter import load_quarter
from ragcalc.rating.model import Quarter, Reading, Rule

if TYPE_CHECKING:
    from ragcalc.inputs.xlsx import Sheet
    from ragcalc.rating.series import History


def read_input(
    path: str, rules: list[Rule], collector: Collector, declared: frozenset[str] = frozenset(), sheet: str | None = None
) -> Quarter | History:
    """A quarter file or a history file, told apart by its contents and read once; a workbook's `sheet` (the
    first visible by default) is read as the CSV text it gives, and findings name its cells."""
    return read_located(path, rules, collector, declared, sheet)[0]


def read_located(
    path: str, rules: list[Rule], collector: Collector, declared: frozenset[str] = frozenset(), sheet: str | None = None
) -> tuple[Quarter | History, Callable[[Finding], Finding]]:
    """`read_input`, and how to name the place of a later finding about the file (`validate`'s warnings): a
    workbook's cell for a line of the CSV text it was read as."""
    book = None
    if is_xlsx_path(path):
        from ragcalc.inputs import xlsx  # with the csv writer and dates: workbooks only

        book = xlsx.read(path, sheet)
        text = book.text
        if book.note is not None:
            collector.warn(Finding(book.note, f"{path}:{book.name}", severity="warning", code="sheet-chosen"))
    elif sheet is not None:
        raise UsageError(f"--sheet applies to Excel workbooks (.xlsx); {path} is not one")
    else:
        text = read_text(path)
    kind = kind_of(path, text)
    found = len(collector.findings)

    def said(finding: Finding) -> Finding:
        finding = _kind_said(finding, kind)
        return finding if book is None else book.located(finding, path)

    try:
        if kind.history:
            from ragcalc.inputs.history import load_history  # with its records and period labels

            return load_history(path, rules, collector, declared, text), said
        quarter = load_quarter(path, rules, collector, declared, text)
        return (quarter if book is None else _in_cells(quarter, book)), said
    except InputError as exc:
        raise InputErrors([said(finding) for finding in exc.findings]) from None
    finally:
        collector.findings[found:] = [said(finding) for finding in collector.findings[found:]]


def _in_cells(quarter: Quarter, book: Sheet) -> Quarter:
    """A workbook's readings with the cell of each period's own target, which explain names (never a CSV line)."""

    def placed(reading: Reading) -> Reading:
        where = reading.location
        if reading.target is None or where is None or where.line is None:
            return reading
        return reading._replace(location=where._replace(cell=book.cell(where.line, "target")))

    return quarter._replace(readings=tuple(map(placed, quarter.readings)))


# findings about a file's layout, which may come from reading it as the other kind: they say which was read
LAYOUT_CODES = ("structure", "unknown-key", "csv-header", "bad-period")


def _kind_said(finding: Finding, kind: Kind) -> Finding:
    if finding.code not in LAYOUT_CODES:
        return finding
    return finding._replace(message=f"{finding.message} (read as a {kind.name}: {kind.why})")
