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

import decimal
import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from functools import cache
from operator import mul

from ragcalc.rating.model import EXACT, Forecast, Number, Rule, Target, ends
from ragcalc.rating.options import Projection
from ragcalc.rating.periods import Period, consecutive
from ragcalc.rating.scheme import Bands, Edge, bands_for


def step(forecast: Forecast) -> Fraction | None:
    """The number a forecast's arithmetic turns on: profile's share due, run-rate's periods left, linear's slope per
    period; None where no value was projected or the method has none (latest)."""
    if forecast.value is None or forecast.method is Projection.LATEST:
        return None
    if forecast.method is Projection.PROFILE:
        return forecast.share
    if forecast.method is Projection.RUN_RATE:
        return Fraction(_left(forecast.periods[-1]))
    weights, denominator = _weights(_positions_of(forecast.periods), None)
    return Fraction(sum(map(mul, weights, map(Fraction, forecast.amounts))), denominator)


def project(
    rule: Rule,
    points: Sequence[tuple[Period, Decimal]],
    at: Period,
    *,
    stale: bool = False,
    targets: Sequence[Target | None] = (),
) -> Forecast:
    """The forecast of `rule` at period `at` from `points` (period, value) in time order: those of `at`'s
    financial year up to `at` are used (see `Projector.project`)."""
    first = at.year_start
    year = [point for point in points if point[0].granularity is at.granularity and first <= point[0].index <= at.index]
    periods, amounts = (tuple(column) for column in zip(*year, strict=True)) if year else ((), ())
    with decimal.localcontext(EXACT):
        return Projector(rule).project(periods, amounts, at, stale=stale, targets=targets)


class Projector:
    """A rule's forecasts, with what each of them reads worked out once: the method and the year-end bands."""

    def __init__(self, rule: Rule) -> None:
        assert rule.forecast is not None
        self.rule, self.method = rule, rule.forecast
        self.projection = _METHODS[rule.forecast]  # the value (exact: a Decimal where it ends, else a Fraction)
        self.latest_only = rule.forecast in (Projection.LATEST, Projection.PROFILE)  # project the latest value alone
        self.bands = bands_for(rule, rule.target._replace(share=None)) if rule.target is not None else None
        self.fractions = None if self.bands is None else exact(self.bands)  # for a value that does not end

    def project(
        self,
        periods: tuple[Period, ...],
        amounts: tuple[Decimal, ...],
        at: Period,
        *,
        stale: bool = False,
        targets: Sequence[Target | None] = (),
    ) -> Forecast:
        """The forecast at period `at` from this financial year's values up to `at` (`periods` and `amounts`, in
        time order); `targets` are the targets the year's rows gave of their own (a change is stated). Made in the
        EXACT decimal context, as every rating is: its sums of values are exact."""
        rule, method = self.rule, self.method
        if not periods:
            return Forecast(
                method, (), (), refused=f"no value yet in {at.financial_year}/{(at.financial_year + 1) % 100:02d}"
            )
        if stale:
            return Forecast(
                method,
                periods,
                amounts,
                refused=f"the latest value is more than stale_after ({rule.stale_after}) periods old",
            )
        caveat = _caveat(rule, periods, targets) if rule.spc.rebase or targets else None  # across the whole year
        if self.latest_only:
            periods, amounts = periods[-1:], amounts[-1:]
        value, share, refused = self.projection(rule, periods, amounts)
        if value is None:
            return Forecast(method, periods, amounts, refused=refused, share=share)
        if self.bands is None or self.fractions is None:
            why = "no year-end target to rate it against"
            return Forecast(method, periods, amounts, value=value, refused=why, share=share)
        bands = self.bands if isinstance(value, Decimal) else self.fractions  # never a Decimal with a Fraction
        rag, shortfall, _ = bands.decide(value)  # type: ignore[arg-type]
        # every field in order, by position: one for each series projected, where keywords cost 0.7 µs more
        return Forecast(method, periods, amounts, value, rag, rule.target, shortfall, None, caveat, share)


Projected = tuple["Number | None", "Fraction | None", "str | None"]  # the value, profile's share due, or why none


def _latest(rule: Rule, periods: tuple[Period, ...], amounts: tuple[Decimal, ...]) -> Projected:
    """The latest value stands for the year end."""
    return amounts[-1], None, None


def _profile(rule: Rule, periods: tuple[Period, ...], amounts: tuple[Decimal, ...]) -> Projected:
    """The year to date over the share of the annual target due by its period (the rule's `profile:`, else even)."""
    if not rule.cumulative:
        return None, None, "profile projects a cumulative (year-to-date) measure"
    latest = periods[-1]
    position = latest.position
    share = Fraction(rule.profile[position - 1]) if rule.profile else Fraction(position, latest.granularity.per_year)
    if share == 0:
        return None, share, f"the profile is 0 at {latest}: nothing is due yet to project from"
    return _divided(amounts[-1] * share.denominator, share.numerator), share, None


def _run_rate(rule: Rule, periods: tuple[Period, ...], amounts: tuple[Decimal, ...]) -> Projected:
    """The sum so far and the mean so far for each period left."""
    n = len(amounts)
    return _divided(sum(amounts, _ZERO) * (n + _left(periods[-1])), n), None, None  # sum + mean x periods left


def _linear(rule: Rule, periods: tuple[Period, ...], amounts: tuple[Decimal, ...]) -> Projected:
    """The least-squares line through the year's values, at its last period (3 values or more)."""
    n = len(amounts)
    if n < 3:
        return None, None, f"a line needs 3 values this year; there {'is' if n == 1 else 'are'} {n}"
    weights, denominator = _weights(_positions_of(periods), periods[0].granularity.per_year)
    return _divided(sum(map(mul, weights, amounts)), denominator), None, None


def _left(period: Period) -> int:
    """The periods of its financial year after `period`."""
    return period.granularity.per_year - period.position


_METHODS = {
    Projection.LATEST: _latest,
    Projection.PROFILE: _profile,
    Projection.RUN_RATE: _run_rate,
    Projection.LINEAR: _linear,
}


def _positions_of(periods: tuple[Period, ...]) -> Sequence[int]:
    """The periods' positions in their financial year (a range for a year without gaps: a cache key as it is)."""
    if consecutive(periods):
        low = periods[0].position
        return range(low, low + len(periods))
    return tuple(period.position for period in periods)


@cache
def _weights(positions: Sequence[int], at: int | None) -> tuple[tuple[int, ...], int]:
    """The least-squares line through values at `positions`, as integer weights and one denominator: the line's
    value at position `at` is sum(weight x value) / denominator, and with `at` None its slope is. Worked out once
    for each shape of year (most series share one).

    With n values, sx the positions' sum and run = n sum(x^2) - sx^2 (> 0: the positions differ), the slope is
    sum((n x - sx) y) / run and the line at P is mean(y) + slope (P - sx / n) = sum((run + (n x - sx)(n P - sx)) y) /
    (n run).
    """
    n, sx = len(positions), sum(positions)
    run = n * sum(x * x for x in positions) - sx * sx
    if at is None:
        weights, denominator = [n * x - sx for x in positions], run
    else:
        weights, denominator = [run + (n * x - sx) * (n * at - sx) for x in positions], n * run
    common = math.gcd(denominator, *weights)
    return tuple(weight // common for weight in weights), denominator // common


def _divided(total: Decimal, denominator: int) -> Number:
    """total / denominator exactly (`total` a sum of values, exact in the EXACT context): a Decimal where it ends,
    with the fewest places that hold it (rated in the rule's own bands and written at Decimal speed), else a
    Fraction."""
    reciprocal = _reciprocal(denominator)
    if reciprocal is None:
        numerator, scale = total.as_integer_ratio()
        return _number(numerator, scale * denominator)
    value = total * reciprocal
    return value.quantize(_ONE) if value == value.to_integral_value() else value.normalize()


_ZERO, _ONE = Decimal(0), Decimal(1)


@cache
def _reciprocal(denominator: int) -> Decimal | None:
    """1 / denominator as a Decimal, where that ends (a line's denominator, a count of periods: a few in all)."""
    return EXACT.divide(_ONE, Decimal(denominator)) if ends(denominator) else None


def _number(numerator: int, denominator: int) -> Number:
    """numerator / denominator exactly: a Decimal where it ends (the fraction reduced: a sum may end where its
    denominator does not), with the fewest places that hold it, else a Fraction."""
    common = math.gcd(numerator, denominator)
    numerator, denominator = numerator // common, denominator // common
    reciprocal = _reciprocal(denominator)
    return Fraction(numerator, denominator) if reciprocal is None else _divided(Decimal(numerator), denominator)


def exact(bands: Bands) -> Bands:
    """The same bands with every edge a Fraction, so that a value that is one is compared exactly."""

    def edge(found: Edge | None) -> Edge | None:
        return None if found is None else Edge(*(Fraction(amount) for amount in found))

    stretch = None if bands.stretch is None else Fraction(bands.stretch)
    return bands._replace(below=edge(bands.below), above=edge(bands.above), stretch=stretch, fractional=True)


def _caveat(rule: Rule, periods: tuple[Period, ...], targets: Sequence[Target | None]) -> str | None:
    """A rebase within the year's values, or a target of their own other than the year-end one, in words."""
    first, last = periods[0], periods[-1]
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
