"""SPC of a history read by columns (`ragcalc[fast]`): every series' XmR limits and special causes at once.

The arithmetic is `spc`'s, over whole columns (numpy): each value an exact integer at the file's scale, each
segment's mean and limits integers over its denominator D = 300 x n x m, each of the four rules a comparison of
int64s, as `spc` states it (docs/spc.md). What a marked point means (improvement, concern or neither, and the
variation icon) and the assurance icon are `spc`'s own functions, asked once per kind of rule or once per series.
Where a series is too long or its values too large for int64 arithmetic, it says so and the pure path charts it.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any, NamedTuple

from ragcalc.rating import spc
from ragcalc.rating.model import Rule
from ragcalc.rating.series import Array, Frame, Key

RULES = (spc.BEYOND, spc.SHIFT, spc.TWO_OF_THREE, spc.TREND)  # a point's bits, in the order `spc` lists its rules
CAUSES: tuple[spc.Cause | None, ...] = (None, *spc.Cause)
_LARGEST = 2**62  # the largest |x| x 2000 x points^2 (a bound on every product below) int64 arithmetic holds


class Icons(NamedTuple):
    """A series' icons, as `spc.chart` gives them."""

    variation: str | None
    assurance: spc.Assurance | None
    why_no_icons: str | None


class Charts(NamedTuple):
    """Every series' chart: per row its segment and marks; per segment its limits; per series its icons."""

    segment: Array  # per row: its segment
    up: Array  # per row: the rules marking it high, as bits (1 << RULES.index(rule))
    down: Array
    cause: Array  # per row: a code into CAUSES
    mean: list[int]  # per segment: the mean x D, where D is its `denominator` (x the file's scale)
    sigma3: list[int]  # per segment: 3 sigma x D (2.66 x MR-bar)
    denominator: list[int]  # per segment: D x the file's scale, 0 for a segment without limits (one point)
    icons: dict[Key, Icons]

    def limits(self, segment: int) -> tuple[Fraction, Fraction] | None:
        """A segment's lower and upper limit, exactly; None where it has none."""
        denominator = self.denominator[segment]
        if not denominator:
            return None
        mean, sigma3 = self.mean[segment], self.sigma3[segment]
        return Fraction(mean - sigma3, denominator), Fraction(mean + sigma3, denominator)


def charts(frame: Frame, rules: Sequence[Rule]) -> Charts | str:
    """Every series' chart, or why the pure path draws them."""
    import numpy as np

    by_id = {rule.id: rule for rule in rules}
    measures = [by_id[measure] for measure in frame.ids]
    places, scaled = frame.scaled()
    longest = int(np.diff(frame.starts).max())
    if max(map(abs, scaled)) * 2000 * longest**2 >= _LARGEST:
        return f"a series of {longest} points whose values are too large for exact integer arithmetic"
    x = np.array(scaled, dtype=np.int64)[frame.value]
    segment, starts = _segments(frame, measures)
    limits = _limits(frame, measures, x, segment, starts)
    up, down = _marks(frame, measures, x, segment, limits)
    kinds, kind = _kinds(frame, measures, up, down)
    cause = np.array([CAUSES.index(each) for each, _ in kinds], dtype=np.int8)[kind]
    scale = 10**places
    made = Charts(segment, up, down, cause, limits.mean.tolist(), limits.sigma3.tolist(),
                  [d * scale for d in limits.d.tolist()], {})  # fmt: skip
    made.icons.update(_icons(frame, measures, made, kinds, kind))
    return made


def unusual(frame: Frame, rules: Sequence[Rule]) -> list[int]:
    """The series (positions) that Making Data Count's warnings may have something to say about (`lint`): a gap,
    under 2 points, values all equal, or segments of a rebase. A series read by columns has no point without a
    value and no target of its own, so nothing else is warned about."""
    import numpy as np

    by_id = {rule.id: rule for rule in rules}
    rebased = np.array([bool(by_id[measure].spc.rebase) for measure in frame.ids])[frame.id[frame.starts[:-1]]]
    gaps = ~frame.follows()
    gaps[frame.starts[:-1]] = False
    amounts: dict[Any, int] = {}
    equal = np.array([amounts.setdefault(value.amount, code) for code, value in enumerate(frame.values)])[frame.value]
    first = frame.starts[:-1]
    flat = np.maximum.reduceat(equal, first) == np.minimum.reduceat(equal, first)
    found = rebased | flat | (np.diff(frame.starts) < 2) | np.add.reduceat(gaps, first).astype(bool)
    return np.flatnonzero(found).tolist()


def _segments(frame: Frame, measures: list[Rule]) -> tuple[Array, Array]:
    """Per row its segment, and each segment's first row: a series' own, and one at each rebase (`spc`'s bounds)."""
    import numpy as np

    starts = frame.starts.tolist()
    firsts = [starts[:-1]]
    rebased = {code for code, rule in enumerate(measures) if rule.spc.rebase}
    measure_of = frame.id[frame.starts[:-1]].tolist() if rebased else []
    for start, end, measure in zip(starts[:-1], starts[1:], measure_of, strict=False):  # none without a rebase
        if measure in rebased:
            periods = [frame.periods[code] for code in frame.period[start:end].tolist()]
            firsts.append([start + first for first, _ in spc.segment_bounds(periods, measures[measure].spc)[1:]])
    first = np.unique(np.concatenate([np.array(each, dtype=np.int64) for each in firsts]))
    sizes = np.diff(np.append(first, starts[-1]))
    return np.repeat(np.arange(len(first)), sizes), first


class _Limits(NamedTuple):
    """Per segment, integers over its denominator d (0: no limits), as `spc._segment` makes them."""

    d: Array
    mean: Array
    sigma3: Array
    sigma2: Array


def _limits(frame: Frame, measures: list[Rule], x: Array, segment: Array, first: Array) -> _Limits:
    """Each segment's limits from its baseline: the first `baseline` points of a series' first segment, else all;
    moving ranges of 3.267 x MR-bar or more dropped once where the rule screens outliers."""
    import numpy as np

    rows = len(x)
    end = np.append(first[1:], rows)
    rule = frame.id[first]  # per segment: its measure's code
    baseline = np.array([each.spc.baseline or 0 for each in measures], dtype=np.int64)[rule]
    opens = np.isin(first, frame.starts[:-1])  # a series' first segment
    stop = np.where(opens & (baseline > 0), np.minimum(end, first + baseline), end)
    n = stop - first
    index = np.arange(rows)
    in_base = index < stop[segment]
    ranged = in_base & (index > first[segment])  # a moving range from the point before, in the baseline
    moved = np.abs(x - np.concatenate(([0], x[:-1])))
    ranges = np.add.reduceat(ranged.astype(np.int64), first)
    total = np.add.reduceat(np.where(ranged, moved, 0), first)
    screens = np.array([each.spc.screen_outliers for each in measures], dtype=bool)[rule] & (total > 0)
    dropped = ranged & screens[segment] & (1000 * ranges[segment] * moved >= 3267 * total[segment])
    kept = ranged & ~dropped
    m, total = np.add.reduceat(kept.astype(np.int64), first), np.add.reduceat(np.where(kept, moved, 0), first)
    base = np.add.reduceat(np.where(in_base, x, 0), first)
    has = ranges > 0  # a segment of one point has no moving range
    d = np.where(has, 300 * n * m, 0)
    return _Limits(d, 300 * m * base, 798 * n * total, 532 * n * total)


def _marks(frame: Frame, measures: list[Rule], x: Array, segment: Array, limits: _Limits) -> tuple[Array, Array]:
    """Each row's rules marking it high and low, as bits: beyond a limit, shifts and two of three inside its
    segment (a point on a line is inside it); trends across segments."""
    import numpy as np

    has = limits.d[segment] > 0
    scaled = x * limits.d[segment]
    mean, sigma3, sigma2 = (column[segment] for column in limits[1:])
    side = np.where(has, np.sign(scaled - mean), 0)
    shift = np.array([each.spc.shift for each in measures], dtype=np.int64)[frame.id]
    trend = np.array([each.spc.trend for each in measures], dtype=np.int64)[frame.id] - 1  # steps in a run of points
    series = np.repeat(np.arange(len(frame.starts) - 1), np.diff(frame.starts))
    step = np.concatenate(([0], np.sign(x[1:] - x[:-1]) * (series[1:] == series[:-1])))
    marks = []
    for sign, beyond, zone in (
        (1, scaled > mean + sigma3, (mean + sigma2 < scaled) & (scaled <= mean + sigma3)),
        (-1, scaled < mean - sigma3, (mean - sigma3 <= scaled) & (scaled < mean - sigma2)),
    ):
        rising = _runs(step == sign, series, trend)
        found = (
            (has & beyond) * 1
            | _runs(side == sign, segment, shift) * 2
            | _two_of_three(side == sign, has & zone, segment) * 4
            | (rising | np.append(rising[1:], False)) * 8  # a trend's first point is the one before its first step
        )
        marks.append(found.astype(np.int8))
    return marks[0], marks[1]


def _runs(flags: Array, groups: Array, length: Array) -> Array:
    """Rows in a run of flags, inside one group, at least `length` (per row) long."""
    import numpy as np

    change = np.ones(len(flags), dtype=bool)
    change[1:] = (flags[1:] != flags[:-1]) | (groups[1:] != groups[:-1])
    run = np.cumsum(change) - 1
    return flags & (np.bincount(run)[run] >= length)


def _two_of_three(on_side: Array, zone: Array, segment: Array) -> Array:
    """The zone's points of each window of 3 in one segment, all on the side, with 2 or 3 of them in the zone."""
    import numpy as np

    window = np.zeros(len(zone), dtype=bool)
    if len(zone) > 2:
        count = zone[:-2].astype(np.int8) + zone[1:-1] + zone[2:]
        window[:-2] = (segment[:-2] == segment[2:]) & on_side[:-2] & on_side[1:-1] & on_side[2:] & (count >= 2)
    covered = window | np.append(False, window[:-1]) | np.append([False, False], window[:-2])
    return zone & covered


Kind = tuple[spc.Cause | None, bool]  # a marked point's cause, and whether it is on the high side


def _kinds(frame: Frame, measures: list[Rule], up: Array, down: Array) -> tuple[list[Kind], Array]:
    """Each kind of point's cause and side, asked of `spc.cause_of` once per kind of rule (its polarity and conflict
    setting) and whether a point is marked high, low or both; each row's code into them."""
    import numpy as np

    rules: dict[tuple[Any, Any], int] = {}
    rule = np.array([rules.setdefault((each.polarity, each.spc.conflict), len(rules)) for each in measures])[frame.id]
    kinds = [spc.cause_of(high, low, polarity, conflict) for polarity, conflict in rules
             for high in (False, True) for low in (False, True)]  # fmt: skip
    return kinds, rule * 4 + (up > 0) * 2 + (down > 0)


def _icons(frame: Frame, measures: list[Rule], charts: Charts, kinds: list[Kind], kind: Array) -> dict[Key, Icons]:
    """Each series' icons from its latest point, as `spc.chart` gives them: none under `min_points` points; the
    variation from the latest point's cause; assurance against the latest segment's limits and the rule's target."""
    found = {}
    starts = frame.starts.tolist()
    last = frame.starts[1:] - 1
    rows = zip(frame.area[last].tolist(), frame.id[last].tolist(), frame.period[last].tolist(),
               charts.segment[last].tolist(), kind[last].tolist(), starts[:-1], starts[1:], strict=True)  # fmt: skip
    for area, measure, period, segment, latest, start, end in rows:
        rule, least = measures[measure], measures[measure].spc.min_points
        key = (frame.areas[area], rule.id)
        if end - start < least:
            found[key] = Icons(None, None, spc.too_few(end - start, least))
            continue
        cause, high = kinds[latest]
        target = rule.at(frame.periods[period]).target  # a file read by columns gives no target of its own
        assurance, why = spc.assurance(charts.limits(segment), rule.polarity, target)
        found[key] = Icons(spc.variation_of(cause, high), assurance, why)
    return found
