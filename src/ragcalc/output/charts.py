"""Charts as geometry for the HTML pages: a sparkline of a measure's values with its target line, and an SPC
chart (points, mean, limits, special causes), each with a text alternative that states its data.

Pure numbers and words; the templates draw them as inline SVG. Positions are floats: they place marks on a
picture, and decide nothing (every rating was made exactly before a chart is drawn).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
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


def coordinate(position: float) -> str:
    """A position on a chart (already to a tenth) with no trailing '.0' (a page of 300 charts is mostly
    coordinates)."""
    return f"{position:g}"


def _joined(path: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{coordinate(x)},{coordinate(y)}" for x, y in path)


class Picture(NamedTuple):
    """A chart: its size, the path through the points, the points, the lines, and what it shows in words."""

    width: int
    height: int
    path: tuple[tuple[float, float], ...]
    dots: tuple[Dot, ...]
    lines: tuple[Line, ...]
    text: str

    @property
    def points(self) -> str:
        """The path as an SVG polyline's points, made once here rather than coordinate by coordinate in a template."""
        return _joined(self.path)

    @property
    def marked(self) -> tuple[tuple[str, str], ...]:
        """The special-cause points, by cause, each as a polyline's points (drawn by its cause's marker)."""
        causes = dict.fromkeys(dot.cause for dot in self.dots if dot.cause)
        return tuple(
            (cause, _joined([(dot.x, dot.y) for dot in self.dots if dot.cause == cause])) for cause in causes if cause
        )


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
    text: str  # as written; empty where a chart says it only for the few points it names (`figure` then)


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
    said = {id(point): point.text or figure(point.amount, unit) for point in (first, last, low, high)}
    text = f"{first.label} {said[id(first)]}" + (f" to {last.label} {said[id(last)]}" if len(points) > 1 else "")
    text += f"; lowest {said[id(low)]} ({low.label}), highest {said[id(high)]} ({high.label})"
    return text + (f"; target {figure(target, unit)}" if target is not None else "; no target")


class SpcPoint(NamedTuple):
    """One point of an SPC chart, as the chart module marked it."""

    value: Value
    limits: tuple[Number, Number, Number] | None  # mean, lower and upper limit of its segment
    cause: str | None


class Tick(NamedTuple):
    at: float  # x for the x axis, y for the y axis
    text: str


class Label(NamedTuple):
    """A line's label at the chart's right edge ('Target 92%'), or a target beyond the chart, marked at its edge."""

    y: float
    text: str
    kind: str  # mean, limit, target


class Axes(NamedTuple):
    """An SPC chart's frame: the plot's box, each axis's ticks, the right-edge labels, rebases and what is said."""

    left: int
    right: int
    top: int
    bottom: int
    x: tuple[Tick, ...]
    y: tuple[Tick, ...]
    labels: tuple[Label, ...]
    breaks: tuple[Tick, ...]  # each new segment (a rebase): drawn as a break, with its reason where one is given
    notes: tuple[str, ...]  # what the chart leaves out or bounds: a target beyond it, a floored limit
    annotations: tuple[Tick, ...] = ()  # each noted period's number, at its point ("1"), said in `said`
    said: tuple[str, ...] = ()  # the notes, numbered: "1 Jul-22: New triage process"

    @property
    def grid(self) -> str:
        """The y axis's grid lines as one SVG path."""
        return "".join(f"M{self.left} {coordinate(tick.at)}H{self.right}" for tick in self.y)

    @property
    def axis(self) -> str:
        """The x axis and its tick marks as one SVG path."""
        return f"M{self.left} {self.bottom}H{self.right}" + "".join(
            f"M{coordinate(tick.at)} {self.bottom}v4" for tick in self.x
        )


SPC_WIDTH, SPC_HEIGHT = 900, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 70, 150, 12, 36
_LABEL_EVERY = 72  # px: the fewest between two x-axis labels ('Q1 2024/25' is about 60)


def spc_chart(
    points: Sequence[SpcPoint],
    target: Decimal | None,
    unit: Unit,
    reasons: Mapping[str, str] | None = None,
    notes_at: Mapping[str, str] | None = None,
) -> tuple[Picture, Axes] | None:
    """Points, each segment's mean and limits, the target, special-cause points marked, on labelled axes; a
    target far from the data is marked at the edge rather than squeezing the series; limits are not drawn past
    what the unit allows (0 for counts and percentages, 100 above for percentages). A rebase is a break with its
    reason (`reasons`, by the label of the segment's first point); a noted period is numbered at its point."""
    if not points:
        return None
    floor, ceiling = _bounds(unit)
    values = [float(point.value.amount) for point in points]
    data = values + [_clamp(float(bound), floor, ceiling) for point in points if point.limits for bound in point.limits]
    low, high = min(data), max(data)
    notes: list[str] = []
    shown_target = target
    if target is not None and not _fits(min(values), max(values), (low, high), float(target)):
        shown_target = None  # drawn as a marker at the edge, not on the scale
    else:
        low, high = (min(low, float(target)), max(high, float(target))) if target is not None else (low, high)
    ticks, low, high = nice_ticks(low, high)
    scale = _Scale(low, high, SPC_HEIGHT - _BOTTOM + _TOP, _TOP)
    count = len(points)
    xs = [
        round(_LEFT + (SPC_WIDTH - _LEFT - _RIGHT) * (i / (count - 1) if count > 1 else 0.5), 1) for i in range(count)
    ]
    path = tuple((x, scale.y(point.value.amount)) for x, point in zip(xs, points, strict=True))
    dots = tuple(Dot(x, y, point.value.label, point.cause) for (x, y), point in zip(path, points, strict=True))
    lines, labels, starts = _segments(points, xs, scale, unit, (floor, ceiling), notes)
    breaks = [
        Tick(x, "rebased" + (f": {reasons[label]}" if reasons and label in reasons else "")) for x, label in starts
    ]
    noted = [
        (x, point.value.label)
        for x, point in zip(xs, points, strict=True)
        if notes_at and point.value.label in notes_at
    ]
    annotations = tuple(Tick(x, str(number)) for number, (x, _) in enumerate(noted, 1))
    said = tuple(f"{number} {label}: {(notes_at or {})[label]}" for number, (_, label) in enumerate(noted, 1))
    if shown_target is not None:
        y = scale.y(shown_target)
        lines.append(Line(_LEFT, y, SPC_WIDTH - _RIGHT, y, "target"))
        labels.append(Label(y, f"Target {figure(shown_target, unit)}", "target"))
    elif target is not None:
        above = float(target) > high
        edge = _TOP if above else SPC_HEIGHT - _BOTTOM
        labels.append(
            Label(
                edge, f"Target {figure(target, unit)} {'above' if above else 'below'} {'↑' if above else '↓'}", "target"
            )
        )
        notes.append(f"the target, {figure(target, unit)}, is {'above' if above else 'below'} the chart's scale")
    labels = _spaced(labels)
    x_ticks = _x_ticks(points, xs)
    y_ticks = tuple(Tick(scale.y(tick), figure(tick, unit)) for tick in ticks)
    text = _described([point.value for point in points], target, unit)
    special = [point.value.label for point in points if point.cause]
    text += f"; special cause at {', '.join(special)}" if special else "; no special cause"
    picture = Picture(SPC_WIDTH, SPC_HEIGHT, path, dots, tuple(lines), text)
    axes = Axes(_LEFT, SPC_WIDTH - _RIGHT, _TOP, SPC_HEIGHT - _BOTTOM, x_ticks, y_ticks, tuple(labels),
                tuple(breaks), tuple(notes), annotations, said)  # fmt: skip
    return picture, axes


def _bounds(unit: Unit) -> tuple[float | None, float | None]:
    """What a measure's values cannot go past: counts and percentages not below 0, percentages not above 100."""
    if unit is Unit.PERCENT:
        return 0.0, 100.0
    return (0.0, None) if unit is Unit.COUNT else (None, None)


def _clamp(amount: float, floor: float | None, ceiling: float | None) -> float:
    amount = amount if floor is None else max(floor, amount)
    return amount if ceiling is None else min(ceiling, amount)


def _fits(low: float, high: float, drawn: tuple[float, float], target: float) -> bool:
    """Whether drawing the target on the scale of the values and limits (`drawn`) leaves the values (`low` to
    `high`) at least half the chart's height: a target far off is marked at the edge instead."""
    whole = max(drawn[1], target) - min(drawn[0], target)
    return whole == 0 or high - low >= whole / 2 or drawn[0] <= target <= drawn[1]


def nice_ticks(low: float, high: float) -> tuple[list[Decimal], float, float]:
    """4 to 6 round-number ticks (a step of 1, 2, 2.5 or 5 times a power of ten) covering `low` to `high`, and the
    scale's ends, which are the outer ticks."""
    if high == low:
        low, high = low - 1, high + 1
    raw = (high - low) / 4
    magnitude = Decimal(10) ** Decimal(math.floor(math.log10(raw)))
    best: list[Decimal] = []
    for multiple in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        step = multiple * magnitude
        start = (Decimal(repr(low)) / step).to_integral_value(rounding="ROUND_FLOOR") * step
        end = (Decimal(repr(high)) / step).to_integral_value(rounding="ROUND_CEILING") * step
        ticks = [start + step * i for i in range(int((end - start) / step) + 1)]
        if 4 <= len(ticks) <= 6:
            best = ticks
            break
        if not best or abs(len(ticks) - 5) < abs(len(best) - 5):
            best = ticks
    return [tick.normalize() if tick else Decimal(0) for tick in best], float(best[0]), float(best[-1])


def _segments(
    points: Sequence[SpcPoint],
    xs: Sequence[float],
    scale: _Scale,
    unit: Unit,
    bounds: tuple[float | None, float | None],
    notes: list[str],
) -> tuple[list[Line], list[Label], list[tuple[float, str]]]:
    """Each segment's mean and limits (labelled at the right edge for the latest), and where each rebase breaks
    the chart (its x, and the label of its first point)."""
    lines: list[Line] = []
    labels: list[Label] = []
    breaks: list[tuple[float, str]] = []
    start, count = 0, len(points)
    for end in range(1, count + 1):  # a segment: consecutive points with the same limits
        if end < count and points[end].limits == points[start].limits:
            continue
        limits = points[start].limits
        if limits is not None:
            if start > 0 and points[start - 1].limits is not None:
                breaks.append((round((xs[start - 1] + xs[start]) / 2, 1), points[start].value.label))
            for amount, kind, name in zip(limits, ("mean", "limit", "limit"), ("Mean", "Lower limit", "Upper limit"),
                                          strict=True):  # fmt: skip
                drawn = _clamp(float(amount), *bounds)
                y = scale.y(Decimal(repr(drawn)))
                lines.append(Line(xs[start], y, xs[end - 1], y, kind))
                if end == count:
                    _label(labels, notes, (y, drawn, amount), name, kind, unit)
        start = end
    return lines, labels, breaks


def _spaced(labels: list[Label], gap: float = 12.0) -> list[Label]:
    """The right-edge labels from top to bottom, each at least `gap` below the one above (lines close together
    would print their labels over each other)."""
    placed: list[Label] = []
    for label in sorted(labels, key=lambda each: each.y):
        y = label.y if not placed else max(label.y, placed[-1].y + gap)
        placed.append(label._replace(y=round(y, 1)))
    return placed


def _label(
    labels: list[Label], notes: list[str], at: tuple[float, float, Number], name: str, kind: str, unit: Unit
) -> None:
    """A line's label at the right edge; a limit drawn at the floor the unit allows says so."""
    y, drawn, amount = at
    if drawn == float(amount):
        labels.append(Label(y, f"{name} {figure(amount, unit)}", kind))
        return
    bound = figure(Decimal(int(drawn)) if drawn == int(drawn) else Decimal(repr(drawn)), unit)
    labels.append(Label(y, f"{name} {bound}", kind))
    notes.append(f"the {name.lower()} ({figure(amount, unit)}) is drawn at {bound}, which the values cannot go past")


def _x_ticks(points: Sequence[SpcPoint], xs: Sequence[float]) -> tuple[Tick, ...]:
    """Period labels along the x axis, thinned to fit (every k-th, always the latest)."""
    room = max(1, int((SPC_WIDTH - _LEFT - _RIGHT) / _LABEL_EVERY))
    every = max(1, math.ceil(len(points) / room))
    chosen = [i for i in range(len(points)) if (len(points) - 1 - i) % every == 0]
    return tuple(Tick(xs[i], points[i].value.label) for i in chosen)
