"""Rendering `ragcalc trend`: a scorecard row per measure with a column per period, or CSV/JSON points.

Measures are tabled by granularity (monthly, quarterly, yearly), each table's columns being the periods
its measures have; a cell reads `value R↓` (value as written, RAG letter, arrow against the period before).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ragcalc.output.figures import decimal_of
from ragcalc.output.jsonwriter import Records, dumps, scalar
from ragcalc.output.tables import Style, fitted, spaced
from ragcalc.rating.engine import levels
from ragcalc.rating.model import LETTERS, Rating, Target
from ragcalc.rating.periods import Period
from ragcalc.rating.timeline import Trend

POINT_KEYS = ("period", "value", "target", "rag", "direction")  # each point in JSON; in CSV after the measure's


def _cell(rating: Rating, style: Style) -> str:
    value = rating.reading.value.text if rating.reading and rating.reading.value else "-"
    rag = LETTERS[rating.rag] if rating.rag else "-"
    arrow = style.arrows[rating.direction] if rating.direction else ""
    return f"{value} {rag}{' ' if style.ascii and arrow else ''}{arrow}"


Icons = Mapping[tuple[str | None, str], tuple[str | None, str | None]]  # `trend --spc`: by (area, id)


def table(
    trends: Sequence[Trend], source: str, style: Style, markdown: bool = False, icons: Icons | None = None
) -> str:
    out = [f"## Trend: {source}" if markdown else f"Trend: {source}"]
    tables: dict[str, list[Trend]] = {}
    for trend in trends:
        if trend.steps:
            tables.setdefault(trend.steps[0][0].period.granularity.value, []).append(trend)
    for granularity, members in tables.items():
        columns: dict[Period, str] = {}
        for trend in members:
            for point, _ in trend.steps:
                columns.setdefault(point.period, point.period.label)
        ordered = sorted(columns)
        rows = []
        areas = any(trend.area for trend in members)
        for trend in members:
            cells = {point.period: _cell(rating, style) for point, rating in trend.steps}
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
    """Each point's POINT_KEYS: the period as written, the value, the target in force, the words."""
    written: Target | None = None
    target = None
    for point, rating in trend.steps:
        in_force = rating.target
        if in_force is None and (rating.reading is None or rating.reading.no_target is None):
            in_force = trend.rule.target  # none was in force: the rule's is shown, unless the period said none
        if in_force is not written:  # most points share the rule's own target: its digits are made once
            written, target = in_force, None if in_force is None else decimal_of(in_force.due)
        yield (
            point.period.label,
            point.value.amount if point.value else None,
            target,
            rating.rag.word if rating.rag else None,
            rating.direction.word if rating.direction else None,
        )


class _Encoded(dict[str | None, str]):
    """Each label's and word's JSON, made the first time it is asked for: they repeat on every point."""

    def __missing__(self, text: str | None) -> str:
        self[text] = scalar(text)
        return self[text]


def _json_points(trend: Trend, encoded: _Encoded) -> Iterator[tuple[str | Decimal, ...]]:
    """Each point's POINT_KEYS as JSON."""
    for label, value, target, rag, direction in _points(trend):
        yield (
            encoded[label],
            "null" if value is None else value,
            "null" if target is None else target,
            encoded[rag],
            encoded[direction],
        )


def json_text(trends: Sequence[Trend], icons: Icons | None = None) -> str:
    """`{"measures": [{"id", "name", "group", "points": [...]}]}`, each measure's points written as produced."""
    encoded = _Encoded()
    measures = (
        {
            **({"area": trend.area} if trend.area else {}),  # a history of many areas
            "id": trend.rule.id,
            "name": trend.rule.name,
            "group": trend.rule.group,
            **_icon_fields((trend.area, trend.rule.id), icons),
            "points": Records(POINT_KEYS, _json_points(trend, encoded), encoded=True),
        }
        for trend in trends
        if trend.steps
    )
    return dumps({"measures": measures}) + "\n"


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
        first = [trend.area or "", rule.id] if areas else [rule.id]
        extra = [word or "" for word in icons.get((trend.area, rule.id), (None, None))] if icons is not None else []
        for point in _points(trend):
            writer.writerow(
                [*first, rule.name, rule.group, *("" if cell is None else str(cell) for cell in point), *extra]
            )
    return buffer.getvalue()
