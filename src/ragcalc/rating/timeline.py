"""Rating a history: one period against the previous one or a year before, and a trend of every period.

Pure, like `engine`, whose `rate` decides every rating: this module only chooses, per measure, which
value is 'now' and which is 'before', and which target is in force (a history row may override it).
"""

from __future__ import annotations

import calendar
import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from ragcalc.rating import engine
from ragcalc.rating.model import EXACT, Location, Quantity, Rating, Reading, Rule, Target
from ragcalc.rating.options import Against
from ragcalc.rating.periods import Granularity, Period
from ragcalc.rating.series import Frame, History, Point, Series
from ragcalc.rating.vocabulary import Arrow, Rag

if TYPE_CHECKING:
    from ragcalc.rating.forecast import Projector
    from ragcalc.rating.model import Forecast


def in_granularity(period: Period, granularity: Granularity) -> Period:
    """The period of `granularity` that holds the last month of `period` (the same period if it matches)."""
    if period.granularity is granularity:
        return period
    if period.granularity is Granularity.MONTH:
        last_month = period.index
    else:
        months = 12 // period.granularity.per_year
        last_month = period.financial_year * 12 + 3 + period.position * months - 1
    financial_year, offset = divmod(last_month - 3, 12)
    if granularity is Granularity.MONTH:
        return Period(granularity, last_month)
    if granularity is Granularity.QUARTER:
        return Period(granularity, financial_year * 4 + offset // 3)
    return Period(granularity, financial_year)


def compared(period: Period, compare: str) -> Period:
    return period.year_ago() if compare == "year-ago" else period.shifted(-1)


def default_compare(rule: Rule) -> str:
    """Cumulative (year-to-date) values always rise through the year: compare like with like, a year before."""
    return "year-ago" if rule.cumulative else "previous"


def last_ended(day: date, granularity: Granularity) -> Period:
    """The last period of `granularity` that has ended by the end of `day`."""
    last_day = calendar.monthrange(day.year, day.month)[1]  # not day + 1: 9999-12-31 has no day after it
    ended = day.year * 12 + day.month - 1 - (0 if day.day == last_day else 1)
    period = in_granularity(Period(Granularity.MONTH, ended), granularity)
    return period if in_granularity(period, Granularity.MONTH).index <= ended else period.shifted(-1)


BOTH = "previous,year-ago"  # two arrows: against the period before and against the same period a year before


def _rate(
    rule: Rule, source: str, point: Point | None, before: Point | None, behind: int = 0, year_ago: Point | None = None
) -> Rating:
    if point is None:
        return engine.rated(rule, None)
    reading = Reading(
        rule.id,
        value=point.value,
        previous=before.value if before else None,
        note=point.note,
        location=Location(source, point.line),
        period=str(point.period),
        previous_period=str(before.period) if before else None,
        periods_behind=behind,
        stale=rule.stale_after is not None and behind > rule.stale_after,
        no_target=point.no_target,
        evidence=point.evidence,
        year_ago=year_ago.value if year_ago else None,
    )
    if point.published is not None:
        reading = _published(reading, point, before)
    # a target the file gives for the period is already the one in force: it is not profiled again
    return engine.rated(rule, reading, point.target or engine.profiled(rule, point.period))


def _published(reading: Reading, point: Point, before: Point | None) -> Reading:
    """A reading with what the draft states for its period, and which periods were compared (for audit)."""
    published = point.published
    assert published is not None
    return reading._replace(
        period=str(point.period),
        previous_period=str(before.period) if before else None,
        published=published,
    )


def _stated(rating: Rating, point: Point, before: Point | None, series: Series) -> Rating:
    """A period's rating with what its draft states; where that is an arrow against a year before, the rules' own."""
    reading, said = rating.reading, point.published
    assert reading is not None
    assert said is not None
    rating = rating._replace(reading=_published(reading, point, before))
    return rating if said.direction_year_ago is None else _against_year_ago(rating, point, series)


def _against_year_ago(rating: Rating, point: Point, series: Series) -> Rating:
    """A period's rating with the series' value a year before and the arrow against it."""
    reading = rating.reading
    if reading is None or reading.year_ago is not None:
        return rating
    year_ago = series.at(point.period.year_ago())
    with_value = rating._replace(reading=reading._replace(year_ago=year_ago.value if year_ago else None))
    return engine.year_ago_arrows([with_value])[0]


def _capped(rule: Rule, rating: Rating, point: Point, series: Series) -> Rating:
    """A period's rating under `improving_caps_at`, its arrow a year before found where the rule reads it."""
    return engine.capped([_against_year_ago(rating, point, series) if _reads_year_ago(rule) else rating])[0]


def _reads_year_ago(rule: Rule) -> bool:
    """Whether a rule's rating reads its arrow against a year before (`improving_on: year-ago`)."""
    return rule.improving_caps_at is not None and rule.improving_on is Against.YEAR_AGO


@dataclass(frozen=True)
class Snapshot:
    """The scorecard of one period: its label, what it was compared with, and the ratings."""

    period: str | None
    previous_period: str | None
    ratings: list[Rating]


def snapshot(
    rules: Sequence[Rule], history: History, period: Period | None, compare: str | None, as_of: date | None = None
) -> Snapshot:
    """Every rule rated at the reporting period against the previous period or a year before.

    The reporting period is `period`, else the last one ended by `as_of`, else each measure's latest (for a
    measure with `stale_after`, the file's latest of its kind). Such a measure with no value then falls back
    to its latest earlier value, flagged stale when more than `stale_after` periods behind. `compare` None
    means each measure's default: the previous period, or a year before for cumulative ones.
    """
    with decimal.localcontext(EXACT):
        return _snapshot(rules, history, period, compare, as_of)


def _snapshot(
    rules: Sequence[Rule], history: History, period: Period | None, compare: str | None, as_of: date | None
) -> Snapshot:
    both, compare = compare == BOTH, "previous" if compare == BOTH else compare
    asks = engine.asked(rules)
    latest = period is None and as_of is None and compare in (None, "previous") and not both and asks <= {"forecast"}
    if history.frame is not None and latest and all(rule.stale_after is None for rule in rules):
        ratings, chosen = _latest(rules, history, history.frame)
    else:
        ratings, chosen = _chosen(rules, history, period, compare, as_of, both=both, asks=asks)
    now = _labels(p for p, _ in chosen) or "no data"
    label = period.label if period else now
    fallback = {"year-ago": "the same period a year before", "previous": "the period before"}.get(
        compare or "", "the period before, or a year before for cumulative measures"
    )
    if any(rule.benchmark is not None for rule in rules):
        from ragcalc.rating import benchmark  # with its intervals: only rules that name a benchmark need them

        ratings = benchmark.compared(ratings)
    if both or "caps" in asks:
        ratings = engine.year_ago_arrows(ratings)
    ratings = engine.capped(ratings) if "caps" in asks else ratings
    return Snapshot(label, _labels(b for _, b in chosen) or fallback, ratings)


Chosen = list[tuple[Period, Period]]  # each rated measure's period, and the one it was compared with


def _latest(rules: Sequence[Rule], history: History, frame: Frame) -> tuple[list[Rating], Chosen]:
    """Each measure's latest value against the period before, of a history read by columns (values and nothing
    more) whose rules ask nothing beyond that but a year-end forecast (`engine.asked`): taken from the columns,
    series made only where a forecast reads the year's values."""
    latest = frame.latest()
    projectors = _projectors(rules)
    made = {(series.area, series.id): series for series in history.series} if projectors else {}
    ratings, chosen = [], []
    for area, rule in _each(rules, history):
        found = latest.get((area, rule.id))
        if found is None:
            ratings.append(_placed(engine.rated(rule, None), area))
            continue
        point, before = found
        rating = _rate(rule, history.source, point, before)
        projector = projectors.get(rule.id)
        forecast = None if projector is None else _forecast(projector, made[area, rule.id], point, point.period, rating)
        ratings.append(_placed(rating, area, forecast))
        chosen.append((point.period, before.period if before else point.period.shifted(-1)))
    return ratings, chosen


def _chosen(
    rules: Sequence[Rule],
    history: History,
    period: Period | None,
    compare: str | None,
    as_of: date | None,
    *,
    both: bool,
    asks: frozenset[str],
) -> tuple[list[Rating], Chosen]:
    """Each measure's rating at the reporting period against the period it is compared with, and those periods."""
    by_key = {(series.area, series.id): series for series in history.series}
    latest: dict[Granularity, Period] = {}
    for each in history.series:
        last = each.periods[-1]
        latest[last.granularity] = max(last, latest.get(last.granularity, last))
    ratings, chosen = [], []
    projectors = _projectors(rules)
    for area, rule in _each(rules, history):
        series = by_key.get((area, rule.id))
        if series is None:
            ratings.append(_placed(engine.rated(rule, None), area))
            continue
        kind = series.periods[0].granularity
        if period is not None:
            at = in_granularity(period, kind)
        elif as_of is not None:
            at = last_ended(as_of, kind)
        else:
            at = latest[kind] if rule.stale_after is not None else series.periods[-1]
        point = series.at(at)
        if point is None and rule.stale_after is not None:
            point = _latest_before(series, at)
        against = compared(point.period if point else at, compare or default_compare(rule))
        before = series.at(against)
        in_force = rule.at(point.period if point else at) if "changes" in asks else rule  # the keys in force then
        reads = both or ("caps" in asks and _reads_year_ago(rule))
        year_ago = series.at(point.period.year_ago()) if reads and point else None
        rating = _rate(in_force, history.source, point, before, at.index - point.period.index if point else 0, year_ago)
        projector = projectors.get(rule.id)
        if projector is not None and in_force.entries:  # its year-end target: the one in force at the reporting period
            projector = _projectors([in_force])[rule.id]
        forecast = None if projector is None else _forecast(projector, series, point, at, rating)
        ratings.append(_placed(rating, area, forecast))
        chosen.append((at, before.period if before else against))
    return ratings, chosen


def _placed(rating: Rating, area: str | None, forecast: Forecast | None = None) -> Rating:
    """A rating in its area (a history of many areas), with its year-end forecast; itself where it has neither."""
    return rating._replace(area=area, forecast=forecast) if area or forecast is not None else rating


def _projectors(rules: Sequence[Rule]) -> dict[str, Projector]:
    """Each rule that asks for a year-end forecast and rates its values, by id, with its projector: what its
    forecasts read, worked out once."""
    asking = [rule for rule in rules if rule.forecast is not None and rule.rated_by_value]
    if not asking:
        return {}
    from ragcalc.rating.forecast import Projector  # only rules that ask for a forecast need it

    return {rule.id: Projector(rule) for rule in asking}


def _forecast(projector: Projector, series: Series, point: Point | None, at: Period, rating: Rating) -> Forecast:
    """The year-end forecast at the reporting period, from the series' values of its financial year so far."""
    stale = rating.reading is not None and rating.reading.stale
    when = point.period if point is not None and not stale else at
    year = series.within(when.year_start, when.index)
    periods, values = series.periods[year.start : year.stop], series.values[year.start : year.stop]
    if None in values:  # a period without a value: not one of the year's values
        periods = tuple(period for period, value in zip(periods, values, strict=True) if value is not None)
        values = tuple(value for value in values if value is not None)
    targets = () if series.details is None else [series.details[k].target for k in year]
    return projector.project(periods, tuple(map(attrgetter("amount"), values)), when, stale=stale, targets=targets)


def _latest_before(series: Series, period: Period) -> Point | None:
    """The series' latest point before `period`, if any."""
    earlier = [position for position, each in enumerate(series.periods) if each < period]
    return series.point(earlier[-1]) if earlier else None


def _each(rules: Sequence[Rule], history: History) -> Iterable[tuple[str | None, Rule]]:
    """Every rule, area by area in the file's order (once, with no area, in a file without areas)."""
    return ((area, rule) for area in history.areas or (None,) for rule in rules)


def nearest(history: History, period: Period | None, as_of: date | None) -> tuple[list[Period], list[Period]]:
    """The periods a snapshot at `period` (or as of `as_of`) reports, one per kind of series in the history,
    and for each the period the history has that is nearest to it (the earlier of two as near)."""
    present: dict[Granularity, set[Period]] = {}
    for series in history.series:
        present.setdefault(series.periods[0].granularity, set()).update(series.periods)
    wanted, closest = [], []
    for kind, periods in present.items():
        at = in_granularity(period, kind) if period is not None else last_ended(as_of or date.today(), kind)
        wanted.append(at)
        closest.append(min(periods, key=lambda p: (abs(p.index - at.index), p.index)))
    return sorted(wanted), sorted(closest)


def _labels(found: Iterable[Period], most: int = 3) -> str | None:
    """'Q4 2022/23 and Mar-23': the distinct periods, in order of granularity then time; None if too many."""
    distinct = sorted(set(found))
    if not distinct or len(distinct) > most:
        return None
    return " and ".join(str(p) for p in distinct)


class Marks(NamedTuple):
    """A trend as columns, a row per period: what trend output prints."""

    periods: Sequence[Period]
    values: Sequence[Quantity | None]
    targets: Sequence[Target | None]  # the target shown: the one in force, else the rule's unless the period had none
    rags: Sequence[Rag | None]
    directions: Sequence[Arrow | None]


@dataclass(frozen=True)
class Trend:
    """A measure's ratings period by period, each against the period before it (a year before for cumulative
    measures): `marks` for output, `steps` (a reading and a rating per period) for what needs the reasons."""

    rule: Rule
    series: Series | None  # None: the history has no values for the measure
    last: int | None = None  # only the last this many periods
    area: str | None = None  # in a history of many areas, the one this trend is for
    quick: Marks | None = None  # the marks, where they were worked out without a rating per period

    @cached_property
    def steps(self) -> tuple[tuple[Point, Rating], ...]:
        return _steps(self.rule, self.series, self.last)

    @cached_property
    def marks(self) -> Marks:
        return self.quick if self.quick is not None else _marks_of(self.rule, self.steps)


def _quick(rule: Rule, series: Series | None, last: int | None) -> Marks | None:
    """The marks of a series that is values and nothing more, of a rule rated by value against its own target (a
    region's history): each value's RAG and arrow without a reading or a rating (None for any other)."""
    if series is None or not series.bare or not rule.settings.plain or rule.cumulative or rule.changes:
        return None
    if rule.improving_caps_at is not None:  # its RAG reads its arrow
        return None
    start = -last if last else 0  # the last `last` periods, or all
    values = series.values
    befores = [None if at is None else values[at] for at in series.earlier(1)[start:]]
    values = values[start:]
    rags, directions = engine.marks(rule, values, befores)
    return Marks(series.periods[start:], values, (rule.target,) * len(values), rags, directions)


def _marks_of(rule: Rule, steps: Sequence[tuple[Point, Rating]]) -> Marks:
    targets = []
    for _, rating in steps:
        shown = rating.target
        if shown is None and (rating.reading is None or rating.reading.no_target is None):
            shown = rating.rule.target  # none was in force: the rule's is shown, unless the period said none
        targets.append(shown)
    return Marks(
        [point.period for point, _ in steps],
        [point.value for point, _ in steps],
        targets,
        [rating.rag for _, rating in steps],
        [rating.direction for _, rating in steps],
    )


def trend(rules: Sequence[Rule], history: History, last: int | None = None) -> list[Trend]:
    """Each rule's trend, area by area in a history of many areas."""
    by_key = {(series.area, series.id): series for series in history.series}
    trends = []
    with decimal.localcontext(EXACT):
        for area, rule in _each(rules, history):
            series = by_key.get((area, rule.id))
            trends.append(Trend(rule, series, last, area, _quick(rule, series, last)))
    return trends


def _steps(rule: Rule, series: Series | None, last: int | None) -> tuple[tuple[Point, Rating], ...]:
    """Each point rated against the one before it (a year before for cumulative measures).

    The readings carry no location, as trend output never cites one.
    """
    if series is None:
        return ()
    back = series.periods[0].granularity.per_year if default_compare(rule) == "year-ago" else 1
    pairs = list(zip(series.points, series.earlier(back), strict=True))
    # a cumulative target's share depends only on the rule in force (held by the rule: its id is stable) and the
    # position in the year
    targets: dict[tuple[int, int], Target | None] = {}
    steps = []
    with decimal.localcontext(EXACT):
        for point, at in pairs[-last:] if last else pairs:
            before = None if at is None else series.point(at)
            in_force = rule.at(point.period)
            target = point.target
            if target is None and rule.cumulative:
                key = (id(in_force), point.period.position)
                if key not in targets:
                    targets[key] = engine.profiled(in_force, point.period)
                target = targets[key]
            previous = before.value if before else None
            reading = Reading(rule.id, point.value, previous, point.note)
            if point.no_target is not None:  # the file says the period has no target
                reading = reading._replace(no_target=point.no_target)
            rating = engine.rated(in_force, reading, target)
            if point.published is not None:  # a draft's rating, for audit: which periods were compared
                rating = _stated(rating, point, before, series)
            if rule.improving_caps_at is not None:  # a Red that improved is shown Amber
                rating = _capped(rule, rating, point, series)
            steps.append((point, rating))
    return tuple(steps)
