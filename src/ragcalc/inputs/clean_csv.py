"""A clean history CSV read column by column: every check made on whole columns at C speed.

A region's history is a million rows, nearly always clean: `id,period,value` (and perhaps `name`), no
quotes, no blank rows, numbers such as 69.8 or 69.8%, ids the rules define, labels that parse, one value per
measure and period. `read` checks all of that in bulk and, if any of it fails, returns None without
reporting anything: the row-by-row reader in `history` then reads the file again and says exactly what is
wrong and where. So this module decides nothing the row reader would not; it only gets there faster.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from itertools import compress, count, islice, repeat
from operator import ge, methodcaller, ne, or_
from typing import NamedTuple

from ragcalc.inputs.numbers import PLAIN_VALUE, has_percent_sign, percent_sign_allowed
from ragcalc.rating.model import Quantity, Rule
from ragcalc.rating.periods import Period
from ragcalc.rating.series import Key, Series
from ragcalc.rating.vocabulary import Kind

_COLUMNS = {"area", "id", "period", "value", "name"}


def read(
    text: str, rules: Mapping[str, Rule], parse: Callable[[str], Period], labels: dict[str, Period]
) -> dict[Key, Series] | None:
    """Each series in time order, by (area, id), or None when the file is not in the clean form.

    Checks look at each distinct id, label and value once (a region's million values are a few thousand
    distinct ones), and rows share one Quantity per distinct value and one Period per distinct label.
    """
    plain = plain_text(text)
    if plain is None:
        return None
    lines = plain.split("\n")
    while lines and not lines[-1]:
        lines.pop()
    header = header_of(lines[0] if lines else "")
    if header is None:
        return None
    width, body = len(header), lines[1:]
    if not body or set(map(str.count, body, repeat(","))) != {width - 1}:
        return None  # a blank row, or one with too many or too few cells
    cells = ",".join(body).split(",")
    ids, texts, values = (cells[header.index(name) :: width] for name in ("id", "period", "value"))
    measures, written, distinct = set(ids), set(texts), set(values)
    areas: list[str | None] = [*cells[header.index("area") :: width]] if "area" in header else [None] * len(ids)
    periods = admitted(rules, measures, written, distinct, set(areas) if "area" in header else None, parse, labels)
    if periods is None:
        return None
    signs = any(map(has_percent_sign, distinct))
    if signs and not all(percent_sign_allowed(rules[i].unit) for i in measures):
        signed = set(compress(ids, map(methodcaller("endswith", "%"), values)))  # clean cells: no padding
        if not all(percent_sign_allowed(rules[i].unit) for i in signed):
            return None  # the row reader reports it
    if len({period.granularity for period in periods.values()}) > 1:
        kind = {text: period.granularity.per_year for text, period in periods.items()}
        series = set(zip(areas, ids, strict=True))
        if len(set(zip(areas, ids, map(kind.__getitem__, texts), strict=True))) != len(series):
            return None  # months and quarters mixed in one series
    index = {text: period.index for text, period in periods.items()}
    at = list(map(index.__getitem__, texts))
    quantity = {value: quantity_of(value) for value in distinct}  # one per distinct value
    columns = Columns(areas, ids, list(map(periods.__getitem__, texts)), list(map(quantity.__getitem__, values)), at)
    return _grouped(columns)


def plain_text(text: str) -> str | None:
    """The text with Excel's line ends made plain, or None if it has quotes or a lone carriage return."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # Excel's and the csv module's line ends
    if '"' in text or "\r" in text:
        return None
    return text


def header_of(line: str) -> list[str] | None:
    """The header's columns, if they are the clean form's: id, period and value, perhaps area and name, once each."""
    header = line.lower().split(",")
    if not {"id", "period", "value"} <= set(header) <= _COLUMNS or len(set(header)) != len(header):
        return None
    return header


def admitted(
    rules: Mapping[str, Rule],
    measures: set[str],
    written: set[str],
    distinct: set[str],
    areas: set[str | None] | None,
    parse: Callable[[str], Period],
    labels: dict[str, Period],
) -> dict[str, Period] | None:
    """The checks on the distinct ids, period labels, values and areas (None: no area column), and each label's
    period; None where the row reader has something to say."""
    if any(word != word.strip() or not word for word in (*measures, *written)):
        return None  # spaces the row reader would strip, or an empty cell
    if areas is not None and not all(area and area == area.strip() and area.isascii() for area in areas):
        return None  # an area the row reader would strip, normalise or refuse
    if not measures <= rules.keys() or any(rules[i].kind is Kind.PROJECT for i in measures):
        return None
    periods = _periods(written, parse, labels)
    if periods is None or not all(map(PLAIN_VALUE.fullmatch, distinct)):
        return None
    return periods


def quantity_of(value: str) -> Quantity:
    """A clean cell's number (PLAIN_VALUE), its '%' sign dropped."""
    return Quantity(Decimal(value.rstrip("%")), value)


class Columns(NamedTuple):
    """The file row by row, a list per column (no record per row: each series is sliced from them)."""

    areas: list[str | None]
    ids: list[str]
    periods: list[Period]
    values: list[Quantity]
    at: list[int]  # each row's period index


def _grouped(columns: Columns) -> dict[Key, Series] | None:
    """Each series in time order; None if a series has a period twice.

    Exports usually list each series' rows together and in time order: then each series is a slice of the
    columns, found and checked at C speed. Otherwise every row is placed by series and period, and each sorted.
    """
    areas, ids, at = columns.areas, columns.ids, columns.at
    changes = map(ne, ids, islice(ids, 1, None))  # where a series ends: the id changes, or the area
    if areas[0] is not None:
        changes = map(or_, changes, map(ne, areas, islice(areas, 1, None)))
    starts = [0, *compress(count(1), changes)]
    if len({(areas[start], ids[start]) for start in starts}) == len(starts):  # each series' rows together
        falls = compress(count(1), map(ge, at, islice(at, 1, None)))  # row k goes back to or repeats row k-1
        if set(falls) <= set(starts):  # only where a series starts: each in time order
            return {
                (areas[start], ids[start]): _slice(columns, start, end)
                for start, end in zip(starts, [*starts[1:], len(ids)], strict=True)
            }
    found: dict[Key, dict[int, int]] = {}
    for row, key in enumerate(zip(areas, ids, strict=True)):
        rows = found.get(key)
        if rows is None:
            rows = found[key] = {}
        rows[at[row]] = row
    if sum(map(len, found.values())) != len(ids):
        return None  # a period twice for one series
    return {key: _series(key, [rows[p] for p in sorted(rows)], columns) for key, rows in found.items()}


def _slice(columns: Columns, start: int, end: int) -> Series:
    rows = slice(start, end)
    lines = range(start + 2, end + 2)  # the header is line 1
    return Series(columns.ids[start], (*columns.periods[rows],), (*columns.values[rows],), columns.areas[start], lines)


def _series(key: Key, rows: list[int], columns: Columns) -> Series:
    area, measure_id = key
    periods, values = columns.periods, columns.values
    return Series(
        measure_id, tuple(periods[r] for r in rows), tuple(values[r] for r in rows), area, tuple(r + 2 for r in rows)
    )


def _periods(texts: set[str], parse: Callable[[str], Period], labels: dict[str, Period]) -> dict[str, Period] | None:
    found = {}
    for text in texts:
        period = labels.get(text)
        if period is None:
            try:
                period = labels[text] = parse(text)
            except ValueError:
                return None
        found[text] = period
    return found
