"""An export's header: found below its title rows (or at `header_row`), and each heading classified as one of
ragcalc's columns, mapped, ignored, or a period; every heading that is none of them reported at once, at its cell,
with the mapping to write.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from ragcalc.errors import Finding, InputError, InputErrors
from ragcalc.inputs.entries import BENCHMARK, TABLE_COLUMNS
from ragcalc.inputs.grid import Grid, month_label
from ragcalc.inputs.inputmap import INFO_COLUMNS, InputMap, heading

HEADER_SEARCH = 200  # rows looked at for the header when the mapping does not say where it is
# what an export's headings usually mean: suggested in the message about an unknown column
USUAL = {
    "ref": "id", "reference": "id", "code": "id", "kpi": "id", "pi ref": "id", "measure": "name", "indicator": "name",
    "description": "name", "title": "name", "rag": "published_rag", "status": "published_rag",
    "rag status": "published_rag", "dot": "published_direction", "direction": "published_direction",
    "direction of travel": "published_direction", "trend": "published_direction", "comments": "note",
    "comment": "note", "commentary": "note", "notes": "note", "portfolio": "group", "directorate": "group",
    "service": "group", "theme": "group", "polarity": "polarity", "good is": "polarity", "actual": "value",
    "current": "value", "result": "value", "previous": "previous", "units": "unit", "unit": "unit",
    "forecast": "predicted_value", "predicted rag": "predicted_rag", "locality": "area", "organisation": "area",
}  # fmt: skip


class NoHeader(InputError):
    """No row of the table names an id column: not an export this mapping describes. `likely` says whether a row
    looks like an export's header all the same (a heading such as 'Ref', which is usually the id)."""

    likely = False


class Header(NamedTuple):
    """The header's row, its columns by source position, and its period columns in time order."""

    row: int
    names: dict[int, str]  # source column -> ragcalc's column
    periods: list[tuple[int, str]]  # source column, label: in time order
    width: int  # the header's cells: a value beyond them, or under an empty heading, is in no column
    unheaded: frozenset[int] = frozenset()  # columns within the header with an empty heading


def find(grid: Grid, mapping: InputMap, *, info: bool) -> Header:
    """The header of `grid`, classified; NoHeader where no row names an id column."""
    renames = mapping.renames
    if mapping.header_row is not None:
        found = next(((row, cells) for row, cells in grid.rows if row == mapping.header_row), None)
        if found is None:
            raise InputError(f"header_row {mapping.header_row} is empty or past the table's end", grid.where,
                             None if grid.cells else mapping.header_row, code="csv-header")  # fmt: skip
    else:
        found = next(
            ((row, cells) for row, cells in grid.rows[:HEADER_SEARCH] if _names_id(cells, renames)),
            None,
        )
        if found is None:
            likely = _likely_header(grid)
            first = None if grid.cells or not grid.rows else grid.rows[0][0]  # a CSV file's first line
            error = NoHeader(_no_header(grid, mapping, likely), grid.where, first, code="csv-header")
            error.likely = likely is not None
            raise error
    row, cells = found
    return _classified(grid, row, cells, mapping, info=info)


def _names_id(cells: list[str], renames: dict[str, str]) -> bool:
    return any(heading(cell) == "id" or renames.get(heading(cell)) == "id" for cell in cells)


def _likely_header(grid: Grid) -> tuple[int, str] | None:
    """The first row with a heading that is usually an export's id ('Ref', 'Code'), and that heading."""
    for row, cells in grid.rows[:HEADER_SEARCH]:
        for cell in cells:
            if USUAL.get(heading(cell)) == "id":
                return row, cell.strip()
    return None


def _no_header(grid: Grid, mapping: InputMap, likely: tuple[int, str] | None) -> str:
    sheets = f"; the workbook's sheets: {', '.join(grid.sheets)} (--sheet, or input: sheet:, names another)"
    where = mapping.said() if mapping.source else "an input: mapping"
    if likely is not None:
        row, written = likely
        how = (
            f"{'row' if grid.cells else 'line'} {row} looks like the header: map its '{written}' to id in {where} "
            f"(input: columns: {{{written}: id}}), or draft the rules and the mapping with ragcalc init"
        )
    else:
        how = f"name the export's id heading in {where} (e.g. input: columns: {{Ref: id}})"
    return f"no header row: none of the first {HEADER_SEARCH} rows has an 'id' column; {how}" + (
        sheets if len(grid.sheets) > 1 else ""
    )


def _classified(grid: Grid, row: int, cells: list[str], mapping: InputMap, *, info: bool) -> Header:
    from ragcalc.rating import periods  # here: a file with only ragcalc's headings has no period headings

    renames, found = mapping.renames, []
    names: dict[int, str] = {}
    problems: list[Finding] = []
    labels: dict[int, periods.Period] = {}
    unheaded = frozenset(at for at, written in enumerate(cells) if not heading(written))
    for at, written in enumerate(cells):
        key = heading(written)
        if not key or key in mapping.ignore:
            continue
        name = renames.get(key) or (key if key in TABLE_COLUMNS else None)
        if name is None and key.startswith(BENCHMARK.strip()) and key[len(BENCHMARK) :]:
            name = BENCHMARK + written.strip()[len(BENCHMARK) :].strip()
        if name in INFO_COLUMNS and not info:
            continue
        if name is not None:
            if name in names.values():
                first = next(c for c, n in names.items() if n == name)
                problems.append(_at(grid, row, at, f"column '{name}' twice: here and {grid.place(row, first)}; "
                                    "keep one, or ignore the other (input: ignore:)"))  # fmt: skip
            names[at] = name
            continue
        label = month_label(written.strip())
        try:
            labels[at] = periods.parse(label)
            found.append((at, label))
        except ValueError:
            problems.append(_at(grid, row, at, _unknown(written)))
    problems += _period_problems(grid, row, names, found, labels)
    if problems:
        raise InputErrors(problems)
    found.sort(key=lambda pair: labels[pair[0]])
    return Header(row, names, found, len(cells), unheaded)


def _at(grid: Grid, row: int, column: int, message: str) -> Finding:
    return grid.finding(message, row, column, code="csv-header")


def _unknown(written: str) -> str:
    """What to say of a heading that is no column: the usual meaning of an export's heading, or a close spelling of
    one of ragcalc's columns, as a mapping to paste; else to map or skip it."""
    import difflib

    name = written.strip()
    usual = USUAL.get(heading(name)) or next(
        iter(difflib.get_close_matches(heading(name), TABLE_COLUMNS, 1, 0.8)), None
    )
    how = f"map it (input: columns: {{{name}: {usual}}})" if usual else "map it to one of ragcalc's columns"
    return f"unknown column '{name}': {how}, or skip it (input: ignore: [{name}])"


def _period_problems(
    grid: Grid, row: int, names: dict[int, str], found: list[tuple[int, str]], labels: Mapping[int, object]
) -> list[Finding]:
    if not found:
        return []
    kinds = {getattr(labels[at], "granularity", None) for at, _ in found}
    first = found[0][0]
    if len(kinds) > 1:
        return [grid.finding("the period headings mix months, quarters or years; keep one kind", row, first,
                             code="bad-period")]  # fmt: skip
    clash = [name for name in ("period", "value", "previous", "previous_period") if name in names.values()]
    if clash:
        message = (
            f"has columns headed by periods ('{found[0][1]}', ...) and a '{clash[0]}' column; the period columns hold "
            f"the values: ignore or remove '{clash[0]}'"
        )
        return [grid.finding(message, row, first, code="csv-header")]
    return []
