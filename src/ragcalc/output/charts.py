"""Charts as geometry for the HTML pages: a sparkline of a measure's values with its target line, and an SPC
chart (points, mean, limits, special causes), each with a text alternative that states its data.

Pure numbers and words; the templates draw them as inline SVG. Positions are floats: they place marks on a
picture, and decide nothing (every rating was made exactly before a chart is drawn).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from ragcalc.output.figures import rounded
from ragcalc.rating.vocabulary import Unit

Number = Decimal | Fraction
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 30, 3
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 560, 170, 12


class Line(NamedTuple):
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str  # target, mean, limit


class Dot(NamedTuple):
    x: float
    y: float
    label: str  # the period and value, for a tooltip
    cause: str | None  # improvement, concern, neither: a special-cause point; None: common cause


class Picture(NamedTuple):
    """A chart: its size, the path through the points, the points, the lines, and what it shows in words."""

    width: int
    height: int
    path: tuple[tuple[float, float], ...]
    dots: tuple[Dot, ...]
    lines: tuple[Line, ...]
    text: str


class _Scale(NamedTuple):
    """Values to heights: the highest at the top margin, the lowest at the bottom one."""

    low: float
    high: float
    height: int
    pad: int

    def y(self, amount: Number) -> float:
        span = self.high - self.low
        share = 0.5 if span == 0 else (self.high - float(amount)) / span
        return round(self.pad + share * (self.height - 2 * self.pad), 1)


def _x(position: int, count: int, width: int, pad: int) -> float:
    return round(pad + (width - 2 * pad) * (position / (count - 1) if count > 1 else 0.5), 1)


def figure(amount: Number, unit: Unit) -> str:
    """An amount as the measure's values read ('61.3%', '1,250')."""
    text = rounded(amount)
    return f"{text}%" if unit is Unit.PERCENT else text


class Value(NamedTuple):
    label: str  # the period
    amount: Decimal
    text: str  # as written


def sparkline(points: Sequence[Value], target: Decimal | None, unit: Unit) -> Picture | None:
    """A measure's values in time order with its target line; None without values."""
    if not points:
        return None
    amounts = [float(point.amount) for point in points] + ([float(target)] if target is not None else [])
    scale = _Scale(min(amounts), max(amounts), SPARK_HEIGHT, SPARK_PAD)
    count = len(points)
    path = tuple((_x(i, count, SPARK_WIDTH, SPARK_PAD), scale.y(point.amount)) for i, point in enumerate(points))
    last_x, last_y = path[-1]
    dots = (Dot(last_x, last_y, f"{points[-1].label}: {points[-1].text}", None),)
    lines: tuple[Line, ...] = ()
    if target is not None:
        y = scale.y(target)
        lines = (Line(SPARK_PAD, y, SPARK_WIDTH - SPARK_PAD, y, "target"),)
    return Picture(SPARK_WIDTH, SPARK_HEIGHT, path, dots, lines, _described(points, target, unit))


def _described(points: Sequence[Value], target: Decimal | None, unit: Unit) -> str:
    """'Q1 2022/23 67.5% to Q4 2022/23 68.6%; lowest 67.5% (Q1 2022/23), highest 69.2% (Q3 2022/23); target 74%'."""
    first, last = points[0], points[-1]
    low = min(points, key=lambda point: point.amount)
    high = max(points, key=lambda point: point.amount)
    text = f"{first.label} {first.text}" + (f" to {last.label} {last.text}" if len(points) > 1 else "")
    text += f"; lowest {low.text} ({low.label}), highest {high.text} ({high.label})"
    return text + (f"; target {figure(target, unit)}" if target is not None else "; no target")


class SpcPoint(NamedTuple):
    """One point of an SPC chart, as the chart module marked it."""

    value: Value
    limits: tuple[Number, Number, Number] | None  # mean, lower and upper limit of its segment
    cause: str | None


def spc_chart(points: Sequence[SpcPoint], target: Decimal | None, unit: Unit) -> Picture | None:
    """Points, each segment's mean and limits, the target, special-cause points marked."""
    if not points:
        return None
    amounts = [float(point.value.amount) for point in points]
    amounts += [float(bound) for point in points if point.limits for bound in point.limits[1:]]
    amounts += [float(target)] if target is not None else []
    scale = _Scale(min(amounts), max(amounts), CHART_HEIGHT, CHART_PAD)
    count = len(points)
    xs = [_x(i, count, CHART_WIDTH, CHART_PAD) for i in range(count)]
    path = tuple((x, scale.y(point.value.amount)) for x, point in zip(xs, points, strict=True))
    dots = tuple(
        Dot(x, y, f"{point.value.label}: {point.value.text}", point.cause)
        for (x, y), point in zip(path, points, strict=True)
    )
    lines: list[Line] = []
    start = 0
    for end in range(1, count + 1):  # a segment: consecutive points with the same limits
        if end < count and points[end].limits == points[start].limits:
            continue
        limits = points[start].limits
        if limits is not None:
            for amount, kind in zip(limits, ("mean", "limit", "limit"), strict=True):
                y = scale.y(amount)
                lines.append(Line(xs[start], y, xs[end - 1], y, kind))
        start = end
    if target is not None:
        y = scale.y(target)
        lines.append(Line(CHART_PAD, y, CHART_WIDTH - CHART_PAD, y, "target"))
    text = _described([point.value for point in points], target, unit)
    special = [point.value.label for point in points if point.cause]
    text += f"; special cause at {', '.join(special)}" if special else "; no special cause"
    return Picture(CHART_WIDTH, CHART_HEIGHT, path, dots, tuple(lines), text)
