"""A history's records: each measure's values in time order, one granularity per measure.

Loaded only with history files (a quarter file needs none of it), as are the period labels they hold.
"""

from __future__ import annotations

import decimal
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise, repeat
from typing import TYPE_CHECKING, Any, NamedTuple, overload

from ragcalc.rating.model import EXACT, Published, Quantity, Target
from ragcalc.rating.periods import consecutive

if TYPE_CHECKING:
    from ragcalc.rating.model import Evidence
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

    @property
    def bare(self) -> bool:
        """A value and nothing more (its line aside)."""
        return (
            self.target is None
            and self.note is None
            and self.published is None
            and self.no_target is None
            and self.evidence is None
        )


@dataclass(frozen=True)
class Series:
    """A measure's values in time order (one granularity per measure), held as columns: a region's history is a
    million points, so a point's record is made only when asked for, and the details beyond its value (target,
    note, published words, evidence) are kept only for a series whose file gives any."""

    id: str
    periods: tuple[Period, ...]
    values: tuple[Quantity | None, ...]
    area: str | None = None  # in a history of many areas, the one this series is for
    lines: Sequence[int | None] = ()  # each point's line in the file, when known
    details: tuple[Point, ...] | None = None  # every point in full, when any carries more than its value

    @classmethod
    def of(cls, measure_id: str, points: Sequence[Point], area: str | None = None) -> Series:
        """The series of these points, in time order."""
        periods = tuple(point.period for point in points)
        values = tuple(point.value for point in points)
        lines = tuple(point.line for point in points)
        return cls(measure_id, periods, values, area, lines, None if all(p.bare for p in points) else tuple(points))

    @property
    def bare(self) -> bool:
        """Every point is a value and nothing more."""
        return self.details is None

    @cached_property
    def points(self) -> tuple[Point, ...]:
        if self.details is not None:
            return self.details
        return tuple(map(Point, self.periods, self.values, self.lines or repeat(None)))

    def point(self, position: int) -> Point:
        """The point at `position` in time order."""
        if self.details is not None:
            return self.details[position]
        return Point(self.periods[position], self.values[position], self.lines[position] if self.lines else None)

    def at(self, period: Period) -> Point | None:
        """The point of `period`, if the series has it."""
        position = self._find(period.index)
        if position is None or self.periods[position].granularity is not period.granularity:
            return None
        return self.point(position)

    def earlier(self, steps: int) -> list[int | None]:
        """For each point, the position of the point `steps` periods before it, if the series has it."""
        periods = self.periods
        if self._gapless:  # by position
            return [*repeat(None, min(steps, len(periods))), *range(len(periods) - steps)]
        return [self._find(period.index - steps) for period in periods]

    def within(self, first: int, last: int) -> range:
        """The positions of the points whose period index is from `first` to `last`."""
        if self._gapless:  # by arithmetic
            start, size = self.periods[0].index, len(self.periods)
            return range(max(0, first - start), max(0, min(size, last - start + 1)))
        return range(bisect_left(self._indices, first), bisect_right(self._indices, last))

    def _find(self, index: int) -> int | None:
        periods = self.periods
        position = index - periods[0].index
        if position < 0:
            return None
        if position < len(periods) and periods[position].index == index:
            return position  # a series without gaps: found by arithmetic
        return self._by_index.get(index)

    @property
    def _gapless(self) -> bool:
        """Every period from the first to the last: a period's position is its distance from the first (worked
        out each time: cheaper than a cached answer read once, as most series' are)."""
        return consecutive(self.periods)

    @cached_property
    def _indices(self) -> list[int]:
        return [period.index for period in self.periods]

    @cached_property
    def _by_index(self) -> dict[int, int]:
        return dict(zip(self._indices, range(len(self.periods)), strict=True))


class History(NamedTuple):
    series: Sequence[Series]  # a tuple; read by columns, a frame's series made when first asked for
    source: str
    areas: tuple[str, ...] = ()  # a history of many areas: each, in the order the file gives them
    carries: frozenset[str] = frozenset()  # the published columns the file has, read or not (audit checks them)
    frame: Frame | None = None  # the file as columns, when the fast engine read it (`rating.columns`)
    read_by: str = ""  # which engine read the file and, for the pure one when another was asked, why


Array = Any  # a numpy array: numpy is imported only by a history read by columns (the `ragcalc[fast]` extra)
Key = tuple[str | None, str]  # a series: (area, measure id); the area None in a file without areas


class Frame(NamedTuple):
    """A history's rows as columns of codes, in series order (each series' rows together, in time order; series
    in the order the file first gives them), with the tables the codes index."""

    areas: list[str | None]  # each distinct area ([None] in a file without areas)
    ids: list[str]
    periods: list[Period]  # each distinct period label, parsed
    values: list[Quantity]  # each distinct value as written
    area: Array  # per row: a code into `areas`
    id: Array
    period: Array
    value: Array
    lines: Array  # per row: its line in the file
    starts: Array  # each series' first row, then the number of rows
    in_file_order: bool  # the rows are as the file gives them (each series' lines a range)

    def series(self) -> dict[Key, Series]:
        """Each series, as the pure reader makes it: one Period and one Quantity per distinct label and value."""
        periods = list(map(self.periods.__getitem__, self.period.tolist()))
        values = list(map(self.values.__getitem__, self.value.tolist()))
        lines = self.lines.tolist()
        made = {}
        starts = self.starts.tolist()
        for start, end in pairwise(starts):
            area, measure_id = self.areas[self.area[start]], self.ids[self.id[start]]
            rows = slice(start, end)
            at = self._lines(lines, start, end)
            made[(area, measure_id)] = Series(measure_id, (*periods[rows],), (*values[rows],), area, at)
        return made

    def some(self, positions: Sequence[int]) -> list[Series]:
        """The series at these positions (in series order), as `series()` makes them, the others not made."""
        starts, lines = self.starts.tolist(), self.lines.tolist() if positions else []
        made = []
        for start, end in ((starts[position], starts[position + 1]) for position in positions):
            periods = tuple(map(self.periods.__getitem__, self.period[start:end].tolist()))
            values = tuple(map(self.values.__getitem__, self.value[start:end].tolist()))
            area, measure_id = self.areas[self.area[start]], self.ids[self.id[start]]
            made.append(Series(measure_id, periods, values, area, self._lines(lines, start, end)))
        return made

    def _lines(self, lines: list[int], start: int, end: int) -> range | tuple[int, ...]:
        """A series' lines in the file: a range where the rows are in the file's order."""
        return range(lines[start], lines[start] + end - start) if self.in_file_order else (*lines[start:end],)

    def latest(self) -> dict[Key, tuple[Point, Point | None]]:
        """Each series' last point, and its point of the period before that where it has one (a series' periods
        are in time order, each once, so that is the row before)."""
        import numpy as np

        last = self.starts[1:] - 1
        has_before = self.follows()[last]
        now, then = self._points(last), self._points(np.maximum(last - 1, 0))
        return {
            (self.areas[area], self.ids[measure]): (point, earlier if found else None)
            for area, measure, point, earlier, found in zip(
                self.area[last].tolist(), self.id[last].tolist(), now, then, has_before.tolist(), strict=True
            )
        }

    def scaled(self) -> tuple[int, list[int]]:
        """The decimal places of the file's values (0 at least), and each distinct value as an exact integer at them
        (69.8 at 1 place is 698): what the fast engine compares."""
        written = [-value.amount.as_tuple().exponent for value in self.values]  # type: ignore[operator]
        places = max([0, *written])
        with decimal.localcontext(EXACT):
            return places, [int(value.amount.scaleb(places)) for value in self.values]

    def follows(self) -> Array:
        """Per row: whether the row before it is its series' period before (a series' rows are in time order, each
        period once; none before a series' first row or after a gap)."""
        import numpy as np

        at = np.array([period.index for period in self.periods], dtype=np.int64)[self.period]
        found = np.zeros(len(at), dtype=bool)
        found[1:] = at[1:] - at[:-1] == 1
        found[self.starts[:-1]] = False
        return found

    def _points(self, rows: Array) -> list[Point]:
        periods, values = self.periods, self.values
        return [
            Point(periods[period], values[value], line)
            for period, value, line in zip(
                self.period[rows].tolist(), self.value[rows].tolist(), self.lines[rows].tolist(), strict=True
            )
        ]


class Made(Sequence[Series]):
    """A frame's series, made when first asked for: a trend written by columns never asks."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame

    @cached_property
    def made(self) -> tuple[Series, ...]:
        return tuple(self.frame.series().values())

    def __len__(self) -> int:
        return len(self.frame.starts) - 1

    @overload
    def __getitem__(self, index: int) -> Series: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Series]: ...
    def __getitem__(self, index: int | slice) -> Series | Sequence[Series]:
        return self.made[index]

    def __iter__(self) -> Iterator[Series]:
        return iter(self.made)


def areas_of(frame: Frame) -> list[str]:
    """The areas in the order the file first gives them (none in a file without areas)."""
    import numpy as np

    codes = frame.area[frame.starts[:-1]]  # series are in the order the file first gives them
    _, first = np.unique(codes, return_index=True)
    return [area for area in (frame.areas[code] for code in codes[np.sort(first)].tolist()) if area is not None]
