"""A clean history CSV read column by column: every check made on whole columns at C speed.

A region's history is a million rows, nearly always clean: `id,period,value` (and perhaps `name`), no
quotes, no blank rows, numbers such as 69.8 or 69.8%, ids the rules define, labels that parse, one value per
measure and period. `points` checks all of that in bulk and, if any of it fails, returns None without
reporting anything: the row-by-row reader in `history` then reads the file again and says exactly what is
wrong and where. So this module decides nothing the row reader would not; it only gets there faster.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from itertools import compress, count, groupby, islice
from operator import ge, methodcaller

from ragcalc.inputs.numbers import PLAIN_VALUE, has_percent_sign, percent_sign_allowed
from ragcalc.rating.model import Kind, Quantity, Rule
from ragcalc.rating.periods import Period
from ragcalc.rating.series import Point

_COLUMNS = {"area", "id", "period", "value", "name"}
Key = tuple[str | None, str]  # a series: (area, measure id); the area None in a file without areas


def points(
    text: str, rules: Mapping[str, Rule], parse: Callable[[str], Period], labels: dict[str, Period]
) -> dict[Key, tuple[Point, ...]] | None:
    """Each series' points in time order, by (area, id), or None when the file is not in the clean form.

    Checks look at each distinct id, label and value once (a region's million values are a few thousand
    distinct ones), and rows share one Quantity per distinct value.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # Excel's and the csv module's line ends
    if '"' in text or "\r" in text:
        return None
    lines = text.split("\n")
    while lines and not lines[-1]:
        lines.pop()
    header = lines[0].lower().split(",") if lines else []
    if not {"id", "period", "value"} <= set(header) <= _COLUMNS or len(set(header)) != len(header):
        return None
    width, body = len(header), lines[1:]
    if not body or set(map(methodcaller("count", ","), body)) != {width - 1}:
        return None  # a blank row, or one with too many or too few cells
    cells = ",".join(body).split(",")
    ids, texts, values = (cells[header.index(name) :: width] for name in ("id", "period", "value"))
    measures, written, distinct = set(ids), set(texts), set(values)
    areas: list[str | None] = [*cells[header.index("area") :: width]] if "area" in header else [None] * len(ids)
    if any(word != word.strip() or not word for word in (*measures, *written)):
        return None  # spaces the row reader would strip, or an empty cell
    if "area" in header and not all(area and area == area.strip() and area.isascii() for area in set(areas)):
        return None  # an area the row reader would strip, normalise or refuse
    keys = list(zip(areas, ids, strict=True))
    if not measures <= rules.keys() or any(rules[i].kind is Kind.PROJECT for i in measures):
        return None
    periods = _periods(written, parse, labels)
    if periods is None or not all(map(PLAIN_VALUE.fullmatch, distinct)):
        return None
    signs = any(map(has_percent_sign, distinct))
    if signs and not all(percent_sign_allowed(rules[i].unit) for i in measures):
        signed = set(compress(ids, map(methodcaller("endswith", "%"), values)))  # clean cells: no padding
        if not all(percent_sign_allowed(rules[i].unit) for i in signed):
            return None  # the row reader reports it
    series = len(set(keys))
    if len({period.granularity for period in periods.values()}) > 1:
        kind = {text: period.granularity.per_year for text, period in periods.items()}
        if len(set(zip(keys, map(kind.__getitem__, texts), strict=True))) != series:
            return None  # months and quarters mixed in one series
    index = {text: period.index for text, period in periods.items()}
    at = list(map(index.__getitem__, texts))
    quantity = {value: Quantity(Decimal(value.rstrip("%")), value) for value in distinct}  # one per distinct value
    built = list(map(Point, map(periods.__getitem__, texts), map(quantity.__getitem__, values), count(2)))  # line 2 on
    return _grouped(keys, at, built, series)


def _grouped(keys: list[Key], at: list[int], built: list[Point], series: int) -> dict[Key, tuple[Point, ...]] | None:
    """Each series' points in time order; None if a series has a period twice.

    Exports usually list each series' rows together and in time order: then the groups are slices, found
    and checked at C speed. Otherwise every point is placed by series and period, and each series sorted.
    """
    sizes = [len(list(group)) for _, group in groupby(keys)]
    if len(sizes) == series:  # each series' rows together: in order unless a period goes back inside one
        falls = compress(count(1), map(ge, at, islice(at, 1, None)))  # row k goes back to or repeats row k-1
        if all(keys[k] != keys[k - 1] for k in falls):
            ordered, start = {}, 0
            for size in sizes:
                ordered[keys[start]] = tuple(built[start : start + size])
                start += size
            return ordered
    found: dict[Key, dict[int, Point]] = {}
    for key, position, point in zip(keys, at, built, strict=True):
        points = found.get(key)
        if points is None:
            points = found[key] = {}
        points[position] = point
    if sum(map(len, found.values())) != len(keys):
        return None  # a period twice for one series
    return {key: tuple(map(points.__getitem__, sorted(points))) for key, points in found.items()}


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
