"""A table as its source gives it: a workbook sheet's or a CSV file's rows, each with its number there, and how to
name one of its cells in a message. The month a date heading or period cell means is worked out here, once.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import NamedTuple

from ragcalc.errors import Finding, InputError

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00)?)?")


class Grid(NamedTuple):
    """A table as its source gives it: each row's number there (a sheet's row, a file's line) and its cells."""

    rows: list[tuple[int, list[str]]]
    where: str  # 'q3.csv', or 'q3.xlsx:Q3 Scorecard'
    cells: bool  # a workbook's: findings name a cell (Q3 Scorecard!G4); a CSV file's name a line
    sheets: tuple[str, ...] = ()  # a workbook's sheets, listed when this one has no header
    held: dict[tuple[int, int], str] | None = None  # cells storing more than they show: (row, column) -> stored

    def finding(
        self,
        message: str,
        row: int,
        column: int | None,
        *,
        code: str,
        severity: str = "error",
        measure: str | None = None,
    ) -> Finding:
        """A finding at a cell: a workbook's named in the file ('q3.xlsx:Scorecard!G4'), a CSV file's at its line."""
        file, line = (self.place(row, column), None) if self.cells else (self.where, row)
        return Finding(message, file, line, measure=measure, severity=severity, code=code)

    def place(self, row: int, column: int | None) -> str:
        """A cell ('q3.xlsx:Scorecard!G4'), a workbook row ('...!4:4'), or a file's line ('q3.csv:4')."""
        if not self.cells:
            return f"{self.where}:{row}"
        return f"{self.where}!{letters(column)}{row}" if column is not None else f"{self.where}!{row}:{row}"


def letters(index: int) -> str:
    """A column's letters: 0 is A, 26 is AA."""
    found = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        found = chr(ord("A") + remainder) + found
    return found


def month_label(text: str) -> str:
    """A date as a period label: the month it falls in (`2024-04-01` is `Apr-24`); any other text as it is."""
    match = _ISO_DATE.fullmatch(text.strip())
    if match is None:
        return text
    return date(int(match[1]), int(match[2]), 1).strftime("%b-%y")


def csv_grid(text: str, where: str) -> Grid:
    """A CSV file's rows with the line each starts on (Excel's 'sep=,' first line skipped)."""
    offset = 0
    first = text[: text.find("\n") + 1 or len(text)]
    if first.strip().lower().startswith("sep="):
        text, offset = text[len(first) :], 1
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    before = 0
    try:
        for cells in reader:
            rows.append((before + 1 + offset, cells))
            before = reader.line_num
    except csv.Error as exc:
        raise InputError(f"CSV error: {exc}", where, reader.line_num + offset, code="csv-syntax") from None
    return Grid(rows, where, cells=False)
