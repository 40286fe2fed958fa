"""A history's records: each measure's values in time order, one granularity per measure.

Loaded only with history files (a quarter file needs none of it), as are the period labels they hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, repeat
from typing import TYPE_CHECKING, NamedTuple

from ragcalc.rating.model import Published, Quantity, Target

if TYPE_CHECKING:
    from ragcalc.rating.benchmark import Evidence
    from ragcalc.rating.periods import Period


class Point(NamedTuple):
    """One measure's value in one period of a history file."""

    period: Period
    value: Quantity | None
    line: int | None = None  # in the history file
    target: Target | None = None  # the target in force that period, when the file gives one
    note: str | None = None
    published: Published | None = None  # what the draft states for the period, for `audit`
    no_target: str | None = None  # the words written for 'no target this period' ('n/a'), when the file says so
    evidence: Evidence | None = None  # a confidence interval, numerator and denominator, benchmarks beside it


@dataclass(frozen=True)
class Series:
    """A measure's points in time order (one granularity per measure)."""

    id: str
    points: tuple[Point, ...]
    area: str | None = None  # in a history of many areas, the one this series is for

    def at(self, period: Period) -> Point | None:
        """The point of `period`, if the series has it."""
        point = self._find(period.index)
        return point if point is not None and point.period.granularity is period.granularity else None

    def with_earlier(self, steps: int) -> Iterable[tuple[Point, Point | None]]:
        """Each point with the point `steps` periods before it, if the series has it."""
        points = self.points
        if points[-1].period.index - points[0].period.index == len(points) - 1:  # no gaps: by position
            return zip(points, chain(repeat(None, steps), points), strict=False)  # the earlier run `steps` longer
        return [(point, self.back(point, steps)) for point in points]

    def back(self, point: Point, steps: int) -> Point | None:
        """The point `steps` periods before `point` (a series has one granularity), if the series has it."""
        return self._find(point.period.index - steps)

    def _find(self, index: int) -> Point | None:
        points = self.points
        position = index - points[0].period.index
        if position < 0:
            return None
        if position < len(points) and points[position].period.index == index:
            return points[position]  # a series without gaps: found by arithmetic
        return self._by_index.get(index)

    @cached_property
    def _by_index(self) -> dict[int, Point]:
        return {point.period.index: point for point in self.points}


class History(NamedTuple):
    series: tuple[Series, ...]
    source: str
    areas: tuple[str, ...] = ()  # a history of many areas: each, in the order the file gives them
