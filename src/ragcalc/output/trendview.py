"""Rendering `ragcalc trend`: a scorecard row per measure with a column per period, or CSV/JSON points.

Measures are tabled by granularity (monthly, quarterly, yearly), each table's columns being the periods
its measures have; a cell reads `value R↓` (value as written, RAG letter, arrow against the period before).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from ragcalc.output.scorecard import ARROWS, ASCII_ARROWS, Style, dumps, fitted
from ragcalc.rating.engine import decimal_of
from ragcalc.rating.model import Direction, Rag, Rating
from ragcalc.rating.periods import Period
from ragcalc.rating.timeline import Trend

POINT_FIELDS = ("id", "name", "group", "period", "value", "target", "rag", "direction")


def _target(rating: Rating) -> Any:
    target = rating.target or rating.rule.target
    return None if target is None else decimal_of(target.due)


def _cell(rating: Rating, style: Style) -> str:
    value = rating.reading.value.text if rating.reading and rating.reading.value else "-"
    rag = rating.rag.value[0].upper() if rating.rag else "-"
    arrow = (ASCII_ARROWS if style.ascii else ARROWS)[rating.direction] if rating.direction else ""
    return f"{value} {rag}{' ' if style.ascii and arrow else ''}{arrow}"


def table(trends: Sequence[Trend], source: str, style: Style, markdown: bool = False) -> str:
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
        for trend in members:
            cells = {point.period: _cell(rating, style) for point, rating in trend.steps}
            rows.append([trend.rule.id, trend.rule.name, *(cells.get(period, "") for period in ordered)])
        headers = ["ID", "Measure", *(columns[period] for period in ordered)]
        heading = f"{granularity.capitalize()}ly measures"
        out += ["", f"### {heading}" if markdown else heading, ""]
        out.append(fitted(rows, headers, "github" if markdown else "simple", None if markdown else style.width, 1))
    if not tables:
        out += ["", "No measure in the rules has values in this file."]
    out += ["", "Each cell: value, RAG (G A R B, - not rated), arrow against the period before."]
    return "\n".join(out) + "\n"


def _points(trend: Trend) -> list[dict[str, Any]]:
    return [
        {
            "period": point.period.label,
            "value": point.value.amount if point.value else None,
            "target": _target(rating),
            "rag": rating.rag.value if rating.rag else None,
            "direction": rating.direction.value if rating.direction else None,
        }
        for point, rating in trend.steps
    ]


_WORDS: dict[Any, str] = {None: "null", **{member: f'"{member.value}"' for member in (*Rag, *Direction)}}
_P = "\n          "  # a point's keys, indented as `render.dumps` indents them


def json_text(trends: Sequence[Trend]) -> str:
    """The trend as JSON, laid out as `render.dumps` lays out any document, written point by point.

    A regional trend is a million points: this writes each with one f-string instead of walking a dict.
    """
    parts, opening = ['{\n  "measures": ['], "\n    "
    labels: dict[str, str] = {}
    words = _WORDS
    for trend in trends:
        if not trend.steps:
            continue
        rule = trend.rule
        head = dumps({"id": rule.id, "name": rule.name, "group": rule.group}, 2)
        parts += [opening, head[:-6], ',\n      "points": [']
        separator = "\n        {"
        for point, rating in trend.steps:
            label = labels.get(point.period.label)
            if label is None:
                label = labels[point.period.label] = dumps(point.period.label)
            value = "null" if point.value is None else point.value.amount
            target = _target(rating)
            parts.append(
                f'{separator}{_P}"period": {label},{_P}"value": {value},{_P}"target": '
                f'{"null" if target is None else target},{_P}"rag": {words[rating.rag]},'
                f'{_P}"direction": {words[rating.direction]}\n        }}'
            )
            separator = ",\n        {"
        parts.append("\n      ]\n    }")
        opening = ",\n    "
    parts.append("\n  ]\n}\n" if len(parts) > 1 else "]\n}\n")
    return "".join(parts)


def csv_text(trends: Sequence[Trend]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(POINT_FIELDS)
    for trend in trends:
        for point in _points(trend):
            row = {"id": trend.rule.id, "name": trend.rule.name, "group": trend.rule.group, **point}
            writer.writerow(["" if row[key] is None else str(row[key]) for key in POINT_FIELDS])
    return buffer.getvalue()
