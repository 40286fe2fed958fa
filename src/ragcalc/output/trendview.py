"""Rendering `ragcalc trend`: a scorecard row per measure with a column per period, or CSV/JSON points.

Measures are tabled by granularity (monthly, quarterly, yearly), each table's columns being the periods
its measures have; a cell reads `value R↓` (value as written, RAG letter, arrow against the period before).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ragcalc.output.csvcells import cell
from ragcalc.output.figures import decimal_of
from ragcalc.output.jsonwriter import Records, dumps, scalar
from ragcalc.output.tables import Style, fitted, spaced
from ragcalc.rating.engine import levels
from ragcalc.rating.model import Quantity, Target
from ragcalc.rating.periods import Period
from ragcalc.rating.timeline import Trend
from ragcalc.rating.vocabulary import LETTERS, Arrow, Direction, Rag, Word

POINT_KEYS = ("period", "value", "target", "rag", "direction")  # each point in JSON; in CSV after the measure's


def _cell(value: Quantity | None, rag: Rag | None, direction: Arrow | None, style: Style) -> str:
    arrow = "" if direction is None else style.arrows[direction] if isinstance(direction, Direction) else direction.key
    gap = " " if len(arrow) > 1 else ""  # a word ('up', 'increase') stands apart from the letter; an arrow does not
    return f"{value.text if value else '-'} {LETTERS[rag] if rag else '-'}{gap}{arrow}"


Icons = Mapping[tuple[str | None, str], tuple[str | None, str | None]]  # `trend --spc`: by (area, id)


def table(
    trends: Sequence[Trend], source: str, style: Style, *, markdown: bool = False, icons: Icons | None = None
) -> str:
    out = [f"## Trend: {source}" if markdown else f"Trend: {source}"]
    tables: dict[str, list[Trend]] = {}
    for trend in trends:
        if trend.marks.periods:
            tables.setdefault(trend.marks.periods[0].granularity.value, []).append(trend)
    for granularity, members in tables.items():
        columns: dict[Period, str] = {}
        for trend in members:
            for period in trend.marks.periods:
                columns.setdefault(period, period.label)
        ordered = sorted(columns)
        rows = []
        areas = any(trend.area for trend in members)
        for trend in members:
            marks = trend.marks
            cells = {
                period: _cell(value, rag, direction, style)
                for period, value, rag, direction in zip(
                    marks.periods, marks.values, marks.rags, marks.directions, strict=True
                )
            }
            row = [*([trend.area or ""] if areas else []), trend.rule.id, trend.rule.name]
            row += [cells.get(period, "") for period in ordered]
            if icons is not None:
                row += [spaced(word) for word in icons.get((trend.area, trend.rule.id), (None, None))]
            rows.append(row)
        headers = [*(["Area"] if areas else []), "ID", "Measure", *(columns[period] for period in ordered)]
        headers += ["Variation", "Assurance"] if icons is not None else []
        heading = f"{granularity.capitalize()}ly measures"
        out += ["", f"### {heading}" if markdown else heading, ""]
        fmt, width = ("github", None) if markdown else ("simple", style.width)
        out.append(fitted(rows, headers, fmt, width, headers.index("Measure")))
    if not tables:
        out += ["", "No measure in the rules has values in this file."]
    letters = " ".join(LETTERS[rag] for rag in levels(trend.rule for trend in trends))
    out += ["", f"Each cell: value, RAG ({letters}, - not rated), arrow against the period before."]
    return "\n".join(out) + "\n"


def _points(trend: Trend) -> Iterator[tuple[Any, ...]]:
    """Each point's POINT_KEYS: the period as written, the value, the target shown, the words."""
    marks = trend.marks
    return zip(
        [period.label for period in marks.periods],
        [None if value is None else value.amount for value in marks.values],
        _each_distinct(marks.targets, _target_text),
        [None if rag is None else rag.word for rag in marks.rags],
        [None if direction is None else direction.word for direction in marks.directions],
        strict=True,
    )


def _target_json(targets: Sequence[Target | None]) -> tuple[list[str], list[str] | None]:
    """Each point's target as JSON (`null` for a range, as evaluate writes it), and each range's edges as
    evaluate's `target_range` (`null` beside a point without one; no column where no point has a range). Each
    distinct target is written once: most points share the rule's own."""
    distinct = _distinct(targets)
    keys = list(map(id, targets))
    digits = {key: target_digits(target) for key, target in distinct.items()}
    if not any(target is not None and target.ranged for target in distinct.values()):
        return list(map(digits.__getitem__, keys)), None
    edges = {
        key: f'{{"low": {target.amount}, "high": {target.high}}}' if target is not None and target.ranged else "null"
        for key, target in distinct.items()
    }
    return list(map(digits.__getitem__, keys)), list(map(edges.__getitem__, keys))


def target_digits(target: Target | None) -> str:
    """A point's target as JSON: its digits; `null` for none or a range (whose edges are its `target_range`)."""
    return "null" if target is None or target.ranged else str(decimal_of(target.due))


def _target_text(target: Target) -> str | Decimal:
    """A target in a CSV cell: its digits, or a range's two edges as evaluate's CSV writes them ('28 - 40')."""
    return f"{target.amount} - {target.high}" if target.ranged else decimal_of(target.due)


def _distinct(targets: Sequence[Target | None]) -> dict[int, Target | None]:
    """Each distinct target by identity (alive while `targets` is: no id is reused); most points share one."""
    return dict(zip(map(id, targets), targets, strict=True))


def _each_distinct(targets: Sequence[Target | None], made: Callable[[Target], Any], none: Any = None) -> list[Any]:
    """`made` of each target, worked out once for each distinct target (most points share the rule's own)."""
    cells = {key: none if target is None else made(target) for key, target in _distinct(targets).items()}
    return list(map(cells.__getitem__, map(id, targets)))


class Encoded(dict[Any, str]):
    """Each label's, word's and value's JSON, made the first time it is asked for: they repeat on every point.
    A value is keyed by its Quantity: the digits as written, as 70 and 70.0 are equal Decimals."""

    def __missing__(self, key: Any) -> str:
        plain = key.word if isinstance(key, Word) else key
        self[key] = text = str(plain.amount) if isinstance(plain, Quantity) else scalar(plain)
        return text


def _json_columns(trend: Trend, encoded: Encoded) -> list[list[str]]:
    """The points' POINT_KEYS as JSON, a column each."""
    marks = trend.marks
    get = encoded.__getitem__
    targets, ranges = _target_json(marks.targets)
    return [
        [get(period.label) for period in marks.periods],
        list(map(get, marks.values)),
        targets,
        list(map(get, marks.rags)),
        list(map(get, marks.directions)),
        *([ranges] if ranges is not None else []),
    ]


def json_text(trends: Sequence[Trend], icons: Icons | None = None) -> str:
    """`{"measures": [{"id", "name", "group", "points": [...]}]}`, each measure's points written as produced."""
    encoded = Encoded()
    measures = (
        measure_json(
            trend.area, trend.rule.id, trend.rule.name, trend.rule.group, _records(_json_columns(trend, encoded)), icons
        )
        for trend in trends
        if trend.marks.periods
    )
    return dumps({"measures": measures}) + "\n"


def measure_json(
    area: str | None, measure_id: str, name: str, group: str, points: Any, icons: Icons | None = None
) -> dict[str, Any]:
    """A measure's object in the trend's JSON, its points given (records, or their JSON text)."""
    return {
        **({"area": area} if area else {}),  # a history of many areas
        "id": measure_id,
        "name": name,
        "group": group,
        **_icon_fields((area, measure_id), icons),
        "points": points,
    }


def _records(columns: list[list[str]]) -> Records:
    """The points as records: with a `target_range` key where a point's target is a range."""
    return Records((*POINT_KEYS, "target_range") if len(columns) > len(POINT_KEYS) else POINT_KEYS, columns)


def _icon_fields(key: tuple[str | None, str], icons: Icons | None) -> dict[str, str | None]:
    if icons is None:
        return {}
    variation, assurance = icons.get(key, (None, None))
    return {"variation": variation, "assurance": assurance}


def csv_text(trends: Sequence[Trend], icons: Icons | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    areas = any(trend.area for trend in trends)
    icon_columns = ("variation", "assurance") if icons is not None else ()
    writer.writerow((*(("area",) if areas else ()), "id", "name", "group", *POINT_KEYS, *icon_columns))
    for trend in trends:
        rule = trend.rule
        first = [*map(cell, [trend.area or "", rule.id] if areas else [rule.id]), cell(rule.name), cell(rule.group)]
        extra = [word or "" for word in icons.get((trend.area, rule.id), (None, None))] if icons is not None else []
        for point in _points(trend):  # a period label, numbers and words: none is text that Excel would run
            writer.writerow([*first, *("" if each is None else str(each) for each in point), *extra])
    return buffer.getvalue()
