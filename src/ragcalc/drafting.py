"""`ragcalc init`: a first rule file and `input:` mapping drafted from a performance system's export.

The export's own columns say most of a rule: ids, names, portfolios, polarity words ('Higher is better', '↑'),
targets (comparators and ranges read as a rule file reads them) and units (a value shown `75.6%` is a percent,
`£1,950,000` currency). Every line worked out rather than copied says so in a comment, and a measure whose better
direction cannot be told is written `rated: false`, so the draft always validates; rating the export with it gives
the export's own values. The mapping is guessed from the headings (`Ref` is the id, `RAG` the published rating).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import NamedTuple

from ragcalc.errors import InputError
from ragcalc.inputs.entries import TABLE_COLUMNS
from ragcalc.inputs.files import is_xlsx_path, read_text
from ragcalc.inputs.grid import Grid, csv_grid, month_label
from ragcalc.inputs.headings import HEADER_SEARCH, USUAL
from ragcalc.inputs.inputmap import InputMap, heading
from ragcalc.inputs.numbers import parse_target
from ragcalc.inputs.parsers import normal_id
from ragcalc.inputs.shape import shape

HIGHER = ("higher is better", "high is good", "bigger is better", "higher", "high", "up", "↑", "increase", "maximise")
LOWER = ("lower is better", "low is good", "smaller is better", "lower", "low", "down", "↓", "decrease", "minimise")


class Draft(NamedTuple):
    rules: str  # the rule file's YAML
    mapping: str  # the input mapping's YAML
    measures: int
    guessed: int  # lines marked as guessed


def draft(path: str, sheet: str | None = None) -> Draft:
    """The rules and the mapping drafted from the export at `path` (a workbook's `sheet`, else its first visible)."""
    grid, chosen = _grid(path, sheet)
    try:
        header_row, written = _guessed_header(grid)
    except InputError:
        if sheet is not None or len(grid.sheets) < 2:
            raise
        grid, chosen, header_row, written = _any_sheet(path, grid)
    reading = _mapping(written, chosen, keep_target=False)
    shaped = shape(grid, _mapping(written, chosen, keep_target=True).map, lambda _: False, info=True)
    rows = list(csv.DictReader(io.StringIO(shaped.text)))
    latest: dict[str, dict[str, str]] = {}
    values: dict[str, list[str]] = {}
    for row in rows:  # a wide history gives a row per period: the last (latest) one holds the target and words
        ident = normal_id(row["id"].strip())
        latest[ident] = row
        values.setdefault(ident, []).extend(row.get(key, "").strip() for key in ("value", "previous"))
    lines, guessed = [_title(path, chosen, header_row), "measures:"], 0
    for ident, row in latest.items():
        measure, marks = _measure(ident, row, values[ident])
        lines += measure
        guessed += marks
    return Draft("\n".join(lines) + "\n", _mapping_text(reading, path), len(latest), guessed)


def _grid(path: str, sheet: str | None) -> tuple[Grid, str | None]:
    if is_xlsx_path(path):
        from ragcalc.inputs import xlsx

        book = xlsx.read(path, sheet)
        return book.grid, book.grid.where.rsplit(":", 1)[1]
    return csv_grid(read_text(path), path), None


def _any_sheet(path: str, first: Grid) -> tuple[Grid, str | None, int, list[str]]:
    """The first sheet of the workbook with a header, where its first visible one (a cover) has none."""
    for name in first.sheets:
        try:
            grid, chosen = _grid(path, name)
            return (grid, chosen, *_guessed_header(grid))
        except InputError:
            continue
    return (first, None, *_guessed_header(first))  # raises, listing the sheets


def _guessed_header(grid: Grid) -> tuple[int, list[str]]:
    """The header's row and headings: the first row with a heading that names an id ('Ref', 'Code', 'id')."""
    for row, cells in grid.rows[:HEADER_SEARCH]:
        if any(heading(cell) == "id" or USUAL.get(heading(cell)) == "id" for cell in cells):
            return row, cells
    sheets = f"; the workbook's sheets: {', '.join(grid.sheets)} (--sheet names another)" if grid.sheets else ""
    raise InputError(
        f"no header row: none of the first {HEADER_SEARCH} rows has a heading such as Ref, Code or id{sheets}",
        grid.where,
        code="csv-header",
    )


class _Guess(NamedTuple):
    map: InputMap
    columns: list[tuple[str, str]]  # headings as written, and ragcalc's columns
    ignore: list[str]  # headings as written


def _mapping(written: Iterable[str], sheet: str | None, *, keep_target: bool) -> _Guess:
    """The headings as ragcalc's columns: its own kept, the usual ones mapped, period headings left to be periods,
    anything else ignored (the target too, once the rules hold it)."""
    from ragcalc.rating import periods

    columns, ignore = [], []
    for cell in written:
        key = heading(cell)
        usual = USUAL.get(key, key)  # an export's 'RAG' is the rating it publishes, not a hand rating
        if not key or (usual in TABLE_COLUMNS and usual == key and (key != "target" or keep_target)):
            continue
        if usual == "target":
            ignore.append(cell.strip())
        elif usual != key or key in USUAL:
            columns.append((cell.strip(), usual))
        else:
            try:
                periods.parse(month_label(cell.strip()))
            except ValueError:
                ignore.append(cell.strip())
    found = InputMap(sheet, None, tuple((heading(w), n) for w, n in columns), frozenset(map(heading, ignore)))
    return _Guess(found, columns, ignore)


def _mapping_text(found: _Guess, path: str) -> str:
    lines = [f"# How {path} is read, drafted by `ragcalc init`: check it, then keep it beside the rules.", "input:"]
    if found.map.sheet:
        lines.append(f"  sheet: {_quoted(found.map.sheet)}")
    if found.columns:
        lines.append("  columns:")
        lines += [f"    {_quoted(written)}: {name}" for written, name in found.columns]
    if found.ignore:
        lines.append("  ignore:  # not read when rating (the rules hold the targets: map Target to let the file's win)")
        lines += [f"    - {_quoted(name)}" for name in found.ignore]
    if len(lines) == 2:  # nothing to say: the export is in ragcalc's own columns
        lines[1] = "input: {}  # the export's headings are ragcalc's own columns and periods: nothing to map"
    return "\n".join(lines) + "\n"


def _title(path: str, sheet: str | None, row: int) -> str:
    where = f"{path}, sheet {sheet}" if sheet else path
    return (
        f"# Rules drafted by `ragcalc init` from {where} (header at row {row}).\n"
        "# Lines marked 'guessed' were worked out from the export: check each, then `ragcalc validate`."
    )


def _measure(ident: str, row: dict[str, str], values: list[str]) -> tuple[list[str], int]:
    lines = [f"  - id: {_quoted(ident)}"]
    if row.get("name", "").strip():
        lines.append(f"    name: {_quoted(row['name'].strip())}")
    if row.get("group", "").strip():
        lines.append(f"    group: {_quoted(row['group'].strip())}")
    unit, unit_why = _unit(values)
    target_text = row.get("target", "").strip()
    marks = 0
    try:
        target = parse_target(target_text) if target_text else None
    except ValueError:
        lines.append(f"    # guessed: no target; the export's '{target_text}' is not one ragcalc reads (write a "
                     "number, a comparator such as '>= 90%', or a range)")  # fmt: skip
        target, target_text, marks = None, "", 1
    polarity, polarity_why = _polarity(row.get("polarity", ""))
    if polarity is not None and not (target is not None and target.ranged):
        lines.append(f"    polarity: {polarity}  # guessed from {polarity_why}")
        marks += 1
    lines.append(f"    unit: {unit}  # guessed from {unit_why}")
    marks += 1
    if target_text:
        lines.append(f"    target: {_quoted(target_text)}")
    if target is not None and polarity is None and target.comparator is None and not target.ranged:
        lines.append("    rated: false  # guessed: which way is better is not known; set polarity and remove this line")
        marks += 1
    lines.append("")
    return lines, marks


def _unit(values: list[str]) -> tuple[str, str]:
    shown = [value for value in values if (value and value[-1:].isdigit()) or value.endswith("%")]
    if any(value.endswith("%") for value in shown):
        return "percent", f"the values ({next(v for v in shown if v.endswith('%'))})"
    if any(value.lstrip("-").startswith(("£", "$", "€")) for value in shown):
        return "currency", f"the values ({next(v for v in shown if v.lstrip('-')[:1] in '£$€')})"
    return "count", "the values (no % or currency sign)"


def _polarity(written: str) -> tuple[str | None, str]:
    word = " ".join(written.split()).casefold()
    for polarity, words in (("higher", HIGHER), ("lower", LOWER)):
        if word in words:
            return polarity, f"the polarity column ('{written.strip()}')"
    return None, ""


def _quoted(text: str) -> str:
    """Text as a YAML scalar: plain where that reads back as the same text, else in double quotes."""
    plain = text.replace(" ", "").replace("-", "").replace("_", "").replace(".", "")
    if plain.isalnum() and not text[:1].isdigit() and text.lower() not in ("yes", "no", "true", "false", "null"):
        return text
    return json.dumps(text, ensure_ascii=False)
