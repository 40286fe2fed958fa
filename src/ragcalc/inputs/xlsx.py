"""Excel workbooks (.xlsx) read as the analyst sees them: a sheet becomes the rows a CSV file gives, and the
CSV readers take it from there, so a workbook is checked exactly as a CSV file is.

Each cell is read as the digits it shows: a cell showing 69.8% holds 0.698 with a percent format and is read
as `69.8%`; a float such as 0.1 + 0.2 is read to Excel's 15 significant digits (`0.3`), padded to the decimals
its format shows (`70.0%`) but never rounded to them (a cell of 0.6985 shown as `70%` is read as `69.85%`:
the format hides digits, the value keeps them); a date in the period column is the month it falls in
(`Apr-22`). openpyxl reads the workbook (read-only): it gives each cell's number format, which the faster
python-calamine does not (docs/rules.md, "Excel workbooks"). Loaded only for .xlsx files; openpyxl comes with
the `excel` extra.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, time
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, NamedTuple

from ragcalc.errors import EXCEL_EXTRA, Finding, InputError, UsageError

_DIGITS = 15  # Excel shows and keeps numbers to 15 significant digits
# which column a finding is about, by its code, so that it can name the cell (Sheet1!C12)
_COLUMN_OF = {
    "bad-value": "value",
    "percent-unit": "value",
    "bad-target": "target",
    "bad-period": "period",
    "duplicate-period": "period",
    "mixed-periods": "period",
    "unknown-id": "id",
    "bad-id": "id",
    "missing-id": "id",
    "duplicate-id": "id",
    "bad-area": "area",
    "published-word": "published_rag",
}


class Sheet(NamedTuple):
    """A sheet as CSV text, with what it takes to name a cell: the sheet, its header, each CSV line's row."""

    text: str
    name: str
    header: tuple[str, ...]
    rows: tuple[int, ...]  # the sheet row of each CSV line (line 1 is rows[0])

    def located(self, finding: Finding, path: str) -> Finding:
        """A finding about the sheet's CSV text, naming the sheet and the cell (`q4.xlsx:Sheet1!C12`)."""
        if finding.file != path or finding.line is None or not 0 < finding.line <= len(self.rows):
            return finding._replace(file=f"{path}:{self.name}") if finding.file == path else finding
        row = self.rows[finding.line - 1]
        column = _COLUMN_OF.get(finding.code)
        # the cell of the column the finding is about; else the whole row, as Excel writes a row reference
        cell = f"{_letters(self.header.index(column))}{row}" if column in self.header else f"{row}:{row}"
        return finding._replace(file=f"{path}:{self.name}!{cell}", line=None)


def read(path: str, sheet: str | None = None) -> Sheet:
    """The sheet named `sheet` (default the first) as CSV text."""
    try:
        import openpyxl
    except ImportError:
        raise UsageError(EXCEL_EXTRA) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError("file not found; check the path", path, code="unreadable") from None
    except Exception as exc:  # openpyxl raises zipfile's, KeyError and its own for a file that is not a workbook
        raise InputError(f"cannot be read as an Excel workbook ({exc})", path, code="unreadable") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise UsageError(f"no sheet '{sheet}' in the workbook; its sheets: {', '.join(book.sheetnames)}", path)
        name = sheet or book.sheetnames[0]
        return _as_csv(book[name].iter_rows(), name)
    finally:
        book.close()


def _as_csv(rows: Any, name: str) -> Sheet:
    written: list[str] = []  # a line per row, or more where a cell holds a line break
    writer = csv.writer(SimpleNamespace(write=written.append), lineterminator="\n")
    lines: list[int] = []
    header: tuple[str, ...] = ()
    period_at: int | None = None
    for number, row in enumerate(rows, start=1):
        cells = [_text(cell, at == period_at) for at, cell in enumerate(row)]
        if not header and any(cells):
            header = tuple(cell.strip().lower() for cell in cells)
            period_at = header.index("period") if "period" in header else None
        writer.writerow(cells)
        lines += [number] * written[-1].count("\n")
    return Sheet("".join(written), name, header, tuple(lines))


def _text(cell: Any, period: bool) -> str:
    """A cell's text as Excel shows it (see the module's docstring)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime | date):
        return value.strftime("%b-%y") if period else value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, int | float):
        number_format = str(getattr(cell, "number_format", "General") or "General")
        return _number(value, number_format)
    return str(value)


def _number(value: float, number_format: str) -> str:
    amount = Decimal(format(value, f".{_DIGITS}g"))  # Excel's own digits: 0.1 + 0.2 is 0.3
    percent = "%" in number_format
    if percent:
        amount = amount.scaleb(2)  # 0.698 shown as 69.8%
    exponent = amount.as_tuple().exponent
    shown = _places(number_format)
    if isinstance(exponent, int) and -exponent < shown:
        amount = amount.quantize(Decimal(1).scaleb(-shown))  # pads to the decimals shown: 0.7 as 70.0%
    return format(amount, "f") + ("%" if percent else "")


def _places(number_format: str) -> int:
    """The decimals a number format shows ('0.0%' 1, '#,##0.00' 2, 'General' none)."""
    first = number_format.split(";", maxsplit=1)[0]
    if "." not in first:
        return 0
    return len(first.split(".", 1)[1]) - len(first.split(".", 1)[1].lstrip("0#"))


def _letters(index: int) -> str:
    """A column's letters: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
