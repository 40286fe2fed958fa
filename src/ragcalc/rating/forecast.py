"""Year-end forecasts (`forecast:`): the year-end value projected from this financial year's values, in exact
rational arithmetic, and rated against the year-end target with the measure's own scheme.

| method   | the projected year-end value                                                            |
|----------|-----------------------------------------------------------------------------------------|
| latest   | the latest value                                                                        |
| profile  | (cumulative measures) the year-to-date value / the share of the annual target due by now |
| run-rate | the sum so far + the mean per period so far x the periods remaining                     |
| linear   | the least-squares line through this year's values, at the year's last period (3+ values) |

A forecast is refused, with the reason, before the year's first value, on a value more than `stale_after`
periods behind, and for `linear` with fewer than 3 values; one across a rebase or a change of target says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from operator import mul
from typing import NamedTuple

from ragcalc.rating.model import EXACT, Number, Rag, Rule, Target, ends
from ragcalc.rating.options import Projection
from ragcalc.rating.periods import Period
from ragcalc.rating.scheme import Bands, Edge, bands_for


class Forecast(NamedTuple):
    """A measure's projected year-end value and its rating, or why there is none (`refused`)."""

    method: Projection
    points: tuple[tuple[Period, Decimal], ...]  # this year's values the projection used, in time order
    value: Number | None = None  # exact: a Decimal where it ends, else a Fraction
    rag: Rag | None = None
    target: Target | None = None  # the year-end target it was rated against
    shortfall: Number | None = None  # how far short of the year-end target (negative beyond it)
    refused: str | None = None
    caveat: str | None = None  # a limit the forecast crosses: a rebase, a change of target
    ratio: tuple[int, int] | None = None  # the arithmetic's own number, as numerator and denominator

    @property
    def step(self) -> Fraction | None:
        """Profile's share due, run-rate's periods left, linear's slope per period (made only when said)."""
        return None if self.ratio is None else Fraction(*self.ratio)


def project(
    rule: Rule,
    points: Sequence[tuple[Period, Decimal]],
    at: Period,
    stale: bool = False,
    targets: Sequence[Target | None] = (),
) -> Forecast:
    """The forecast of `rule` at period `at` from `points` (period, value) in time order: those of `at`'s
    financial year up to `at` are used (see `Projector.project`)."""
    first = at.index - at.position + 1  # the year's first period
    year = [point for point in points if point[0].granularity is at.granularity and first <= point[0].index <= at.index]
    return Projector(rule).project(year, at, stale, targets)


class Projector:
    """A rule's forecasts, with what each of them reads worked out once: the method and the year-end bands."""

    def __init__(self, rule: Rule) -> None:
        assert rule.forecast is not None
        self.rule, self.method = rule, rule.forecast
        self.bands = bands_for(rule, rule.target._replace(share=None)) if rule.target is not None else None
        self.fractions = None if self.bands is None else exact(self.bands)  # for a value that does not end

    def project(
        self,
        points: Sequence[tuple[Period, Decimal]],
        at: Period,
        stale: bool = False,
        targets: Sequence[Target | None] = (),
    ) -> Forecast:
        """The forecast at period `at` from `points`, the values (period, value) of `at`'s financial year up to
        `at`, in time order; `targets` are the targets the year's rows gave of their own (a change is stated)."""
        rule, method = self.rule, self.method
        year = tuple(points)
        if not year:
            return Forecast(
                method, year, refused=f"no value yet in {at.financial_year}/{(at.financial_year + 1) % 100:02d}"
            )
        if stale:
            return Forecast(
                method, year, refused=f"the latest value is more than stale_after ({rule.stale_after}) periods old"
            )
        used = year[-1:] if method in (Projection.LATEST, Projection.PROFILE) else year  # the latest value alone
        value, ratio, refused = _projected(rule, method, year, at.granularity.per_year)
        if value is None:
            return Forecast(method, used, refused=refused, ratio=ratio)
        if self.bands is None or self.fractions is None:
            return Forecast(method, used, value, refused="no year-end target to rate it against", ratio=ratio)
        bands = self.bands if isinstance(value, Decimal) else self.fractions  # never a Decimal with a Fraction
        rag, shortfall, _ = bands.decide(value)  # type: ignore[arg-type]
        return Forecast(method, used, value, rag, rule.target, shortfall, None, _caveat(rule, year, targets), ratio)


Ratio = tuple[int, int]  # an exact number as numerator and denominator, made a Decimal or Fraction once


def _projected(
    rule: Rule, method: Projection, year: Sequence[tuple[Period, Decimal]], per_year: int
) -> tuple[Number | None, Ratio | None, str | None]:
    """The projected value (a Decimal where it ends, else a Fraction), the step of its arithmetic (profile's
    share due, run-rate's periods left, linear's slope), or why there is none.

    The values become integers over one denominator, so each method's sums are integer sums, and the value is
    one ratio of integers, made a number once.
    """
    latest_period, latest = year[-1]
    if method is Projection.LATEST:
        return latest, None, None
    if method is Projection.PROFILE:
        if not rule.cumulative:
            return None, None, "profile projects a cumulative (year-to-date) measure"
        position = latest_period.position
        share = Fraction(rule.profile[position - 1]) if rule.profile else Fraction(position, per_year)
        if share == 0:
            return None, (0, 1), f"the profile is 0 at {latest_period}: nothing is due yet to project from"
        numerator, denominator = latest.as_integer_ratio()
        return _number(numerator * share.denominator, denominator * share.numerator), share.as_integer_ratio(), None
    numerators, denominators = zip(*(value.as_integer_ratio() for _, value in year), strict=True)
    scale = math.lcm(*denominators)
    ys: Sequence[int] = numerators  # one denominator already (min is the common multiple): the numerators
    if min(denominators) != scale:
        ys = [
            numerator * (scale // denominator) for numerator, denominator in zip(numerators, denominators, strict=True)
        ]
    n, total = len(ys), sum(ys)
    if method is Projection.RUN_RATE:
        remaining = per_year - latest_period.position
        return _number(total * (n + remaining), n * scale), (remaining, 1), None  # sum + mean x remaining
    if n < 3:
        return None, None, f"a line needs 3 values this year; there {'is' if n == 1 else 'are'} {n}"
    sx, sxx, xs = _positions(year)
    sxy = sum(map(mul, xs, ys))
    rise, run = n * sxy - sx * total, n * sxx - sx * sx  # slope = rise / run; run > 0: the positions differ
    # (total - slope sx) / n + slope per_year, over one denominator
    return _number(total * run - rise * sx + rise * per_year * n, n * run * scale), (rise, run * scale), None


def _positions(year: Sequence[tuple[Period, Decimal]]) -> tuple[int, int, Sequence[int]]:
    """The sum of the values' positions in the year, of their squares, and the positions; a year without gaps
    holds consecutive positions, whose sums are known in closed form."""
    n, first = len(year), year[0][0]
    if year[-1][0].index - first.index == n - 1:
        low = first.position
        high = low + n - 1  # sums of 1..high less those of 1..low-1
        squares = (high * (high + 1) * (2 * high + 1) - (low - 1) * low * (2 * low - 1)) // 6
        return (low + high) * n // 2, squares, range(low, high + 1)
    xs = [period.position for period, _ in year]
    return sum(xs), sum(map(mul, xs, xs)), xs


def _number(numerator: int, denominator: int) -> Number:
    """numerator / denominator exactly: a Decimal where it ends (rated in the rule's own bands and written at
    Decimal speed), else a Fraction."""
    common = math.gcd(numerator, denominator)
    numerator, denominator = numerator // common, denominator // common
    if not ends(denominator):
        return Fraction(numerator, denominator)
    return EXACT.divide(Decimal(numerator), Decimal(denominator))


def exact(bands: Bands) -> Bands:
    """The same bands with every edge a Fraction, so that a value that is one is compared exactly."""

    def edge(found: Edge | None) -> Edge | None:
        return None if found is None else Edge(*(Fraction(amount) for amount in found))

    stretch = None if bands.stretch is None else Fraction(bands.stretch)
    return bands._replace(below=edge(bands.below), above=edge(bands.above), stretch=stretch, fractional=True)


def _caveat(rule: Rule, year: Sequence[tuple[Period, Decimal]], targets: Sequence[Target | None]) -> str | None:
    if not rule.spc.rebase and not targets:  # most measures: nothing to cross
        return None
    first, last = year[0][0], year[-1][0]
    rebased = [
        period
        for period in rule.spc.rebase
        if period.granularity is first.granularity and first.index < period.index <= last.index
    ]
    said = []
    if rebased:
        said.append(f"across a rebase at {', '.join(str(p) for p in rebased)}")
    own = {target.text for target in targets if target is not None}
    year_end = rule.target.text if rule.target else "none"
    if own and own != {year_end}:
        said.append(f"the target changed during the year ({', '.join(sorted(own))}); rated against {year_end}")
    return "; ".join(said) or None
