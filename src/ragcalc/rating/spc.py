"""Statistical process control (NHS England's "Making Data Count", SQL tool v2.4): XmR limits, the special-cause
rules, and the variation and assurance icons of one measure's series. Pure, and exact.

Exact without Fractions in the loop: a series' values become integers at one scale (10^places), and each
segment's mean and limits integers over one denominator D = 300 x n x m (n baseline points, m moving ranges),
which makes 2.66 (798/300) and the 2-sigma 2/3 x 2.66 (532/300) whole: every comparison is of two integers.
docs/spc.md states each rule with a worked example.
"""

from __future__ import annotations

import decimal
import itertools
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

from ragcalc.rating.model import EXACT, Rule, Target
from ragcalc.rating.options import Conflict, SpcSettings
from ragcalc.rating.periods import Granularity, Period
from ragcalc.rating.series import History, Series
from ragcalc.rating.vocabulary import Polarity, Word


class Cause(Word):
    """What a special-cause point means for the measure."""

    IMPROVEMENT = "improvement"
    CONCERN = "concern"
    NEITHER = "neither"  # no polarity: a change, neither good nor bad


class Assurance(Word):
    PASS = "pass"
    HIT_AND_MISS = "hit_and_miss"
    FAIL = "fail"


COMMON_CAUSE = "common_cause"
BEYOND, SHIFT, TREND, TWO_OF_THREE = "beyond_limit", "shift", "trend", "two_of_three"  # the rules' names


class Limits(NamedTuple):
    """A segment's centre line and limits, exact (2-sigma lines at two thirds of the way to the limits)."""

    mean: Fraction
    lcl: Fraction
    ucl: Fraction
    lower_two: Fraction
    upper_two: Fraction
    mr_bar: Fraction
    screened: int  # moving ranges dropped by screening


class Marked(NamedTuple):
    """One point of the chart: its segment's limits, the rules marking it above and below, and its class."""

    period: Period
    value: Decimal
    limits: Limits | None  # None: a segment of one point has no moving range
    up: tuple[str, ...] = ()  # rules marking the point high (above the limit, shift above, rising trend, 2 of 3 above)
    down: tuple[str, ...] = ()
    cause: Cause | None = None  # None: common cause
    high: bool = False  # the cause is on the high side


class Chart(NamedTuple):
    points: tuple[Marked, ...]
    variation: str | None  # common_cause, improvement_high, ...; None when there are too few points
    assurance: Assurance | None
    why_no_icons: str | None  # why the icons are null


Marks = dict[int, list[str]]


class _Segment(NamedTuple):
    start: int  # index in the series
    end: int  # one past the last
    limits: Limits | None
    mean: int  # x D, where D is the segment's denominator; values are compared as x x D
    sigma3: int
    sigma2: int
    denominator: int


def chart(
    values: Sequence[tuple[Period, Decimal]],
    settings: SpcSettings,
    polarity: Polarity | None,
    target: Target | None,
) -> Chart:
    """The XmR chart of a series in time order (periods with a value only)."""
    places = max(0, *(-v.as_tuple().exponent for _, v in values))  # type: ignore[operator]
    with decimal.localcontext(EXACT):  # scaleb is exact here: values have at most 30 digits
        xs = [int(value.scaleb(places)) for _, value in values]
    scale = 10**places
    bounds = segment_bounds([period for period, _ in values], settings)
    segments = [_segment(xs, start, end, settings, scale) for start, end in bounds]
    up: Marks = {}  # by point: the rules marking it high, and low (most points have none)
    down: Marks = {}
    for segment in segments:
        _mark_segment(xs, segment, settings.shift, up, down)
    _mark_trends(xs, settings.trend, up, down)
    points = []
    for segment in segments:
        limits = segment.limits
        for i in range(segment.start, segment.end):
            period, value = values[i]
            if i in up or i in down:
                highs, lows = tuple(up.get(i, ())), tuple(down.get(i, ()))
                cause, high = cause_of(bool(highs), bool(lows), polarity, settings.conflict)
                points.append(Marked(period, value, limits, highs, lows, cause, high))
            else:
                points.append(Marked(period, value, limits))
    if len(values) < settings.min_points:
        return Chart(tuple(points), None, None, too_few(len(values), settings.min_points))
    latest = points[-1]
    lines = None if latest.limits is None else (latest.limits.lcl, latest.limits.ucl)
    return Chart(tuple(points), variation_of(latest.cause, latest.high), *assurance(lines, polarity, target))


def too_few(points: int, least: int) -> str:
    """Why a chart of `points` points has no icons."""
    return f"{points} point{'s' if points != 1 else ''}: the icons need at least {least}"


def segment_bounds(periods: Sequence[Period], settings: SpcSettings) -> list[tuple[int, int]]:
    """Each segment's [start, end) in the series: a new one at each rebase period (or the first point after it)."""
    starts = [0]
    for rebase in sorted(map(first_month, settings.rebase)):
        at = next((i for i, period in enumerate(periods) if first_month(period) >= rebase), None)
        if at is not None and at > starts[-1]:
            starts.append(at)
    return list(zip(starts, [*starts[1:], len(periods)], strict=True))


def first_month(period: Period) -> int:
    """The month a period starts in (months since year 0), so that a rebase written as a month applies to a
    quarterly series and the other way round."""
    if period.granularity is Granularity.MONTH:
        return period.index
    months = 12 // period.granularity.per_year
    return period.financial_year * 12 + 3 + (period.position - 1) * months


def _segment(xs: list[int], start: int, end: int, settings: SpcSettings, scale: int) -> _Segment:
    """A segment's limits from its baseline: the first `baseline` points of the first segment, else all."""
    stop = end if start > 0 or settings.baseline is None else min(end, start + settings.baseline)
    base = xs[start:stop]
    n = len(base)
    ranges = [abs(b - a) for a, b in itertools.pairwise(base)]
    if not ranges:
        return _Segment(start, end, None, 0, 0, 0, 1)
    total, screened = sum(ranges), 0
    if settings.screen_outliers and total:  # once: ranges of 3.267 x MR-bar or more dropped, the mean unchanged
        kept = [r for r in ranges if 1000 * len(ranges) * r < 3267 * total]
        screened, ranges = len(ranges) - len(kept), kept
        total = sum(ranges)
    m = len(ranges)
    denominator = 300 * n * m
    mean, sigma3, sigma2 = 300 * m * sum(base), 798 * n * total, 532 * n * total
    exact = Fraction(1, denominator * scale)
    limits = Limits(
        mean=mean * exact,
        lcl=(mean - sigma3) * exact,
        ucl=(mean + sigma3) * exact,
        lower_two=(mean - sigma2) * exact,
        upper_two=(mean + sigma2) * exact,
        mr_bar=Fraction(total, m * scale),
        screened=screened,
    )
    return _Segment(start, end, limits, mean, sigma3, sigma2, denominator)


def _mark_segment(xs: list[int], segment: _Segment, shift: int, up: Marks, down: Marks) -> None:
    """Beyond a limit, shifts and two-of-three, inside one segment (a point on a line is inside it)."""
    if segment.limits is None:
        return
    start, d, mean = segment.start, segment.denominator, segment.mean
    upper, lower = mean + segment.sigma3, mean - segment.sigma3
    scaled = [x * d for x in xs[start : segment.end]]
    side = [(x > mean) - (x < mean) for x in scaled]
    for offset, x in enumerate(scaled):
        if x > upper:
            up.setdefault(start + offset, []).append(BEYOND)
        elif x < lower:
            down.setdefault(start + offset, []).append(BEYOND)
    upper_two, lower_two = mean + segment.sigma2, mean - segment.sigma2
    for flags, sign, zone in (
        (up, 1, [upper_two < x <= upper for x in scaled]),  # beyond the 2-sigma line, not beyond the limit
        (down, -1, [lower <= x < lower_two for x in scaled]),
    ):
        for first, last in _runs([s == sign for s in side], shift):
            for offset in range(first, last):
                flags.setdefault(start + offset, []).append(SHIFT)
        if sum(zone) >= 2:
            for offset in _two_of_three(side, zone, sign):
                flags.setdefault(start + offset, []).append(TWO_OF_THREE)


def _two_of_three(side: list[int], zone: list[bool], sign: int) -> list[int]:
    """The 2-3 sigma points of each window of 3 all on `sign`'s side of the mean with 2 or 3 of them so."""
    marked: set[int] = set()
    for first in range(len(side) - 2):
        if (
            zone[first] + zone[first + 1] + zone[first + 2] >= 2
            and side[first] == side[first + 1] == side[first + 2] == sign
        ):
            marked.update(i for i in (first, first + 1, first + 2) if zone[i])
    return sorted(marked)


def _mark_trends(xs: list[int], length: int, up: Marks, down: Marks) -> None:
    """Runs of `length` or more points each strictly above (below) the one before, across segments."""
    rising = [False, *(b > a for a, b in itertools.pairwise(xs))]
    falling = [False, *(b < a for a, b in itertools.pairwise(xs))]
    for flags, steps in ((up, rising), (down, falling)):
        for first, last in _runs(steps, length - 1):  # n - 1 steps make a run of n points, the first included
            for index in range(first - 1, last):
                flags.setdefault(index, []).append(TREND)


def _runs(flags: list[bool], length: int) -> list[tuple[int, int]]:
    """Each [first, last) run of True at least `length` long."""
    found, start = [], None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            if index - start >= length:
                found.append((start, index))
            start = None
    return found


def cause_of(up: bool, down: bool, polarity: Polarity | None, conflict: Conflict) -> tuple[Cause | None, bool]:  # noqa: FBT001
    """A point's cause and whether it is on the high side, from whether rules mark it high (`up`) and low: high marks
    are improvement when higher is better, concern when lower is; either is neither without a polarity; a point
    marked both ways shows as the `conflict` setting."""
    if not up and not down:
        return None, False
    if polarity is None:
        return Cause.NEITHER, up
    good_high = polarity is Polarity.HIGHER
    high = (conflict is Conflict.IMPROVEMENT) == good_high if up and down else up
    return (Cause.IMPROVEMENT if high == good_high else Cause.CONCERN), high


def variation_of(cause: Cause | None, high: bool) -> str:  # noqa: FBT001
    """The variation icon of a chart whose latest point has this cause, on the high side or not."""
    return COMMON_CAUSE if cause is None else f"{cause.word}_{'high' if high else 'low'}"


def assurance(
    bounds: tuple[Fraction, Fraction] | None, polarity: Polarity | None, target: Target | None
) -> tuple[Assurance | None, str | None]:
    """Against the latest segment's limits (lower, upper; None: it has none): a target the process lies wholly
    beyond passes; one it lies wholly short of fails (a target exactly on a limit: pass or fail); else hit and
    miss. With why there is no icon, where there is none."""
    if target is None or target.ranged:
        return None, "no assurance icon: it needs a single target" if target else "no assurance icon: no target"
    if polarity is None:
        return None, "no assurance icon: it needs a polarity"
    if bounds is None:
        return None, "no assurance icon: the latest segment has no limits"
    due, (lcl, ucl) = _exactly(target.amount), bounds
    if polarity is Polarity.HIGHER:
        verdict = Assurance.PASS if due <= lcl else Assurance.FAIL if due >= ucl else None
    else:
        verdict = Assurance.PASS if due >= ucl else Assurance.FAIL if due <= lcl else None
    return verdict or Assurance.HIT_AND_MISS, None


@lru_cache(maxsize=1024)
def _exactly(amount: Decimal) -> Fraction:
    """A target as a Fraction, once per target: a region's 10,000 charts are judged against a few dozen."""
    return Fraction(amount)


class Measured(NamedTuple):
    """One measure's chart, with the rule it was drawn for."""

    rule: Rule
    chart: Chart
    area: str | None = None  # in a history of many areas, the one charted
    target: Target | None = None  # the target in force at the latest point, which assurance is judged against


def charted(rule: Rule, series: Series) -> Measured | None:
    """A measure's chart from its history (the points with a value; none without any), its assurance judged
    against the latest point's target in force (the row's own, none where the row says 'n/a', else the rule's)."""
    valued = [point for point in series.points if point.value is not None]
    if not valued:
        return None
    values = [(point.period, point.value.amount) for point in valued if point.value is not None]
    latest = valued[-1]
    target = None if latest.no_target is not None else latest.target or rule.at(latest.period).target
    return Measured(rule, chart(values, rule.spc, rule.polarity, target), series.area, target)


def charts(rules: Sequence[Rule], history: History) -> list[Measured]:
    """Every measure of the rules that has values in the history, in rule order (hand-rated items have none);
    area by area in a history of many areas."""
    by_key = {(series.area, series.id): series for series in history.series}
    keys = [(area, rule) for area in history.areas or (None,) for rule in rules if (area, rule.id) in by_key]
    found = (charted(rule, by_key[(area, rule.id)]) for area, rule in keys)
    return [each for each in found if each is not None]
