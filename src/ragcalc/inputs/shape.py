"""An export's table as it comes, shaped into the CSV text the quarter and history loaders read.

A performance system's export has title rows above its header, its own headings, columns ragcalc does not read,
a footer, and its values in columns headed by the period (`Q2 2024/25`, `Apr-23`). Given the `input:` mapping,
`shape` takes the header `headings` finds and classifies, ends the table at its footer, and turns period columns
into the long layout: one or two of them are a quarter file (the latest the
value, the one before it the previous), three or more a history. The loaders then read the text exactly as they
read a CSV file, and `Shaped.located` names, for each of their findings, the export's own cell or line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import NamedTuple

from ragcalc.errors import Finding, InputErrors
from ragcalc.inputs import headings
from ragcalc.inputs.grid import Grid, month_label
from ragcalc.inputs.headings import Header
from ragcalc.inputs.inputmap import NO_MAP, InputMap

_EVERY_ROW = ("id", "area", "name")  # a wide history's columns written on each period's row; the rest on the latest's


class Shaped(NamedTuple):
    """The table as the loaders' CSV text, with the source place of each line and column."""

    text: str
    grid: Grid
    lines: list[int]  # the source row of each line of `text` (line 1 is lines[0])
    columns: dict[str, int]  # ragcalc's column -> the source column
    values: list[int] | None  # a wide history's: the source column of each line's value
    read_as: str  # how the table was read, which explain repeats
    notes: list[Finding]  # rows ended as a footer, cells storing more than they show

    def located(self, finding: Finding, path: str) -> Finding:
        """A finding about a line of `text`, naming the export's cell (or line) of the column it is about."""
        if finding.file != path:
            return finding
        if finding.line is None or not 0 < finding.line <= len(self.lines):
            return finding._replace(file=self.grid.where)
        key = re.split(r"[: ]", finding.message, maxsplit=1)[0]  # 'published_direction: ...', "value '-5' is ..."
        column = self.column_at(finding.line, key if key in self.columns else _COLUMN_OF.get(finding.code))
        placed = self.grid.finding(finding.message, self.lines[finding.line - 1], column, code=finding.code)
        return finding._replace(file=placed.file, line=placed.line, column=None)

    def column_at(self, line: int, name: str | None) -> int | None:
        if name == "value" and self.values is not None:
            return self.values[line - 1]
        return None if name is None else self.columns.get(name)

    def cell(self, line: int, name: str) -> str:
        return self.grid.place(self.lines[line - 1], self.column_at(line, name))


# which column a finding is about, by its code, where its message does not start with the column's name
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
    "target-differs": "target",
    "no-value": "value",
    "no-previous": "previous",
}


def shape(
    grid: Grid, mapping: InputMap = NO_MAP, declared: Callable[[str], bool] = lambda _: True, *, info: bool = False
) -> Shaped:
    """The grid as CSV text in the long layout the loaders read; `declared` says whether an id is a measure's
    (a footer's rows are not); with `info`, the columns only `init` reads (group, polarity, unit) are kept.
    Problems with the layout are InputErrors naming the source's cells."""
    header = headings.find(grid, mapping, info=info)
    data = [(row, cells) for row, cells in grid.rows if row > header.row and any(cell.strip() for cell in cells)]
    notes: list[Finding] = []
    id_at = next(at for at, name in header.names.items() if name == "id")
    data = _in_columns(grid, header, _without_footer(grid, data, id_at, declared, notes))
    out = _Lines()
    columns = {name: at for at, name in header.names.items()}
    periods = header.periods
    if len(periods) >= 3:
        read_as = _wide(header, data, out, columns)
    elif periods:
        read_as = _quarter(header, data, out, columns)
    else:
        at_period = columns.get("period")
        out.add(header.row, list(columns))
        for row, cells in data:
            written = [cells[at] for at in header.names]
            if at_period is not None:  # a date in the period column is the month it falls in
                written[list(header.names).index(at_period)] = month_label(cells[at_period])
            out.add(row, written)
        read_as = "one row per measure and period" if "period" in columns else "one row per measure"
    notes += _held_notes(grid, data, header, id_at)
    said = f"{grid.where}, header at {'row' if grid.cells else 'line'} {header.row}: {read_as}"
    return Shaped("".join(out.written), grid, out.lines, columns, out.values, said, notes)


def _in_columns(grid: Grid, header: Header, data: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Each row with exactly the header's cells; a value in no column (beyond the header, or under an empty heading)
    is an error at its cell, all of them at once: it would otherwise be dropped unsaid."""
    width, problems, fitted = header.width, [], []
    for row, cells in data:
        stray = [at for at in header.unheaded if at < len(cells) and cells[at].strip()]
        stray += [at for at in range(width, len(cells)) if cells[at].strip()][:1]  # a far cell: named once
        problems += [
            grid.finding("a value in a column with no heading; give the column a heading (and map or ignore it), or "
                         "move the value", row, at, code="csv-syntax")
            for at in stray
        ]  # fmt: skip
        fitted.append((row, cells[:width] if len(cells) >= width else [*cells, *[""] * (width - len(cells))]))
    if problems:
        raise InputErrors(problems)
    return fitted


class _Lines:
    """The CSV text being written, with the source row of each of its lines (and a wide history's value column)."""

    def __init__(self) -> None:
        self.written: list[str] = []
        self.writer = csv.writer(SimpleNamespace(write=self.written.append), lineterminator="\n")
        self.lines: list[int] = []
        self.values: list[int] | None = None

    def add(self, row: int, cells: list[str]) -> None:
        self.writer.writerow(cells)
        self.lines += [row] * self.written[-1].count("\n")  # more than one where a cell holds a line break

    def joined(self, row: int, texts: list[str], value_columns: list[int]) -> None:
        """A wide history's lines of one source row, joined already (no cell needed quoting: one line each), with
        each value's column."""
        assert self.values is not None
        self.written += texts
        self.lines += [row] * len(texts)
        self.values += value_columns

    def quoted(self, row: int, rows: list[list[str]], value_columns: list[int]) -> None:
        """The same, the cells of each line for the csv writer to quote (a quoted cell may hold a line break)."""
        assert self.values is not None
        start = len(self.written)
        self.writer.writerows(rows)
        for text, at in zip(self.written[start:], value_columns, strict=True):
            count = text.count("\n")
            self.lines += [row] * count
            self.values += [at] * count


_QUOTED = (",", '"', "\n", "\r")  # what makes the csv writer quote a cell


def _wide(header: Header, data: list[tuple[int, list[str]]], out: _Lines, columns: dict[str, int]) -> str:
    """A wide history: a line per period with a value; the row's other cells (note, target, words) on the latest's."""
    periods = header.periods
    every = [at for at, name in header.names.items() if name in _EVERY_ROW]
    latest = [at for at in header.names if at not in every]
    last_at = periods[-1][0]
    out.values = []
    out.add(header.row, [*(header.names[at] for at in every), "period", "value", *(header.names[at] for at in latest)])
    out.values.append(last_at)
    blank, empty_tail = [""] * len(latest), "," * len(latest)
    for row, cells in data:
        key = [cells[at] for at in every]
        extra = [cells[at] for at in latest]
        said = any(cell.strip() for cell in extra)
        given = [(at, label) for at, label in periods if cells[at].strip() or (at == last_at and said)]
        joined = "".join(cells)
        if any(mark in joined for mark in _QUOTED):  # the csv writer quotes each cell that needs it
            lines = [[*key, label, cells[at], *(extra if at == last_at else blank)] for at, label in given]
            out.quoted(row, lines, [at for at, _ in given])
            continue
        head, tail = ",".join(key), "".join("," + cell for cell in extra)  # joined as the csv writer would
        out.joined(
            row,
            [f"{head},{label},{cells[at]}{tail if at == last_at else empty_tail}\n" for at, label in given],
            [at for at, _ in given],
        )
    columns["period"] = last_at
    return f"a wide history: {len(periods)} periods, '{periods[0][1]}' to '{periods[-1][1]}'"


def _quarter(header: Header, data: list[tuple[int, list[str]]], out: _Lines, columns: dict[str, int]) -> str:
    """A quarter: the latest period column the value, the one before it (if any) the previous."""
    now, before = header.periods[-1], (header.periods[-2] if len(header.periods) == 2 else None)
    names = [*header.names.values(), "period", "value", *(("previous_period", "previous") if before else ())]
    out.add(header.row, names)
    for row, cells in data:
        tail = [now[1], cells[now[0]], *((before[1], cells[before[0]]) if before else ())]
        out.add(row, [*(cells[at] for at in header.names), *tail])
    columns.update({"period": now[0], "value": now[0]})
    columns.update({"previous_period": before[0], "previous": before[0]} if before else {})
    return f"values from the column '{now[1]}'" + (f", previous from '{before[1]}'" if before else "")


def _without_footer(
    grid: Grid, data: list[tuple[int, list[str]]], id_at: int, declared: Callable[[str], bool], notes: list[Finding]
) -> list[tuple[int, list[str]]]:
    """The rows up to the footer: the rows after the last measure that are not measures themselves (a 'Source: ...'
    line, a totals row), said in a warning. A row the rules do not know that looks like a measure's (an id and
    values) is still read, and reported as an unknown id."""
    end = len(data)
    while end and _footer_like(data[end - 1][1], id_at, declared):
        end -= 1
    if end < len(data):
        footer = data[end:]
        shown = "; ".join(" ".join(cell.strip() for cell in cells if cell.strip())[:60] for _, cells in footer[:3])
        rows = f"row {footer[0][0]}" if len(footer) == 1 else f"rows {footer[0][0]}-{footer[-1][0]}"
        said = f"{rows} after the last measure {'is not a measure' if len(footer) == 1 else 'are not measures'}"
        message = f"{said} ('{shown}'): read as the table's footer"
        notes.append(grid.finding(message, footer[0][0], None, severity="warning", code="footer"))
    return data[:end]


_FOOTER_WORDS = ("total", "totals", "source", "sources", "note", "notes", "key", "average", "overall", "grand", "all")


def _footer_like(cells: list[str], id_at: int, declared: Callable[[str], bool]) -> bool:
    """A row that is no measure's: one cell of text alone, or an id cell that is a note or a total ('Source: ...',
    'Total'), never an id the rules declare."""
    written = (cells[id_at] if id_at < len(cells) else "").strip()
    if declared(written):
        return False
    if sum(1 for cell in cells if cell.strip()) <= 1 or not written:
        return True
    words = written.casefold().replace(":", " ").split()
    return ":" in written or len(words) > 4 or words[0] in _FOOTER_WORDS


def _held_notes(grid: Grid, data: list[tuple[int, list[str]]], header: Header, id_at: int) -> list[Finding]:
    """Where a workbook's value cell stores more digits than it shows (0.949962 shown as 95.0%)."""
    if not grid.held:
        return []
    value_columns = {at for at, name in header.names.items() if name in ("value", "previous", "target")}
    value_columns |= {at for at, _ in header.periods}
    notes = []
    for row, cells in data:
        for at in sorted(value_columns):
            stored = grid.held.get((row, at))
            if stored is not None:
                shown = cells[at].strip()
                message = (
                    f"the cell holds {stored}, shown as {shown}: rated as shown (--cell-values stored rates the value "
                    "held)"
                )
                measure = cells[id_at].strip() or None
                notes.append(grid.finding(message, row, at, severity="note", code="cell-shown", measure=measure))
    return notes
