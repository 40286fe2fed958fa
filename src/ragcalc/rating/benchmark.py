"""Benchmark comparison: is a value better than, similar to or worse than England, its region or a fixed figure?

As the public-health profiles (Fingertips) and PHEindicatormethods decide it: *similar* when the benchmark
lies within the value's 95% confidence interval (edges included), else *better* or *worse* by polarity; the
interval given beside the value (`ci`), or worked out from a numerator and denominator (`wilson`, `byar`);
without an interval, *similar* within a tolerance (`tolerance`). Pure; the square and cube roots the
intervals need are worked to 50 significant digits (docs/rules.md gives the formulas and their sources).
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Sequence
from decimal import Decimal

from ragcalc.rating.model import EXACT, Compared, Evidence, Interval, Rating, Tolerance
from ragcalc.rating.options import Method
from ragcalc.rating.vocabulary import Comparison, Polarity, Unit

Z = Decimal("1.959963984540054")  # the normal quantile of 0.975, as PHEindicatormethods uses
_ROOTS = decimal.Context(prec=50)  # the intervals' roots and the exact Poisson limits, to 50 digits
SMALL_COUNT = 10  # fewer events than this: exact Poisson limits instead of Byar's approximation


def interval(method: Method, evidence: Evidence | None, multiplier: Decimal) -> tuple[Interval | None, str]:
    """The value's 95% interval by `method`, or None and what is missing."""
    found = evidence or Evidence()
    if method is Method.CI:
        if found.lower_ci is None or found.upper_ci is None:
            return None, "no lower_ci and upper_ci beside the value"
        if found.lower_ci > found.upper_ci:
            return None, f"lower_ci {found.lower_ci} is above upper_ci {found.upper_ci}"
        return Interval(found.lower_ci, found.upper_ci), ""
    if method is Method.TOLERANCE:
        return None, ""
    problem = _counts_problem(method, found.numerator, found.denominator)
    if problem:
        return None, problem
    assert found.numerator is not None
    if method is Method.WILSON:
        assert found.denominator is not None
        return wilson(found.numerator, found.denominator, multiplier), ""
    return byar(found.numerator, found.denominator, multiplier), ""


def _counts_problem(method: Method, numerator: Decimal | None, denominator: Decimal | None) -> str:
    """What keeps the numerator and denominator from giving an interval ('' when nothing does)."""
    wilson_ = method is Method.WILSON
    if numerator is None or (wilson_ and denominator is None):
        return f"{method.word} needs a numerator{' and a denominator' if wilson_ else ''}"
    if numerator < 0 or numerator != numerator.to_integral_value():
        return f"the numerator {numerator} is not a count (a whole number of 0 or more)"
    if denominator is not None and denominator <= 0:
        return f"the denominator {denominator} is not above 0"
    if wilson_ and denominator is not None and numerator > denominator:
        return f"the numerator {numerator} is more than the denominator {denominator}"
    return ""


def wilson(numerator: Decimal, denominator: Decimal, multiplier: Decimal) -> Interval:
    """Wilson's score interval of numerator / denominator, times the multiplier (100 for a percentage)."""
    with decimal.localcontext(_ROOTS):
        x, n = numerator, denominator
        spread = Z * (Z * Z + 4 * x * (1 - x / n)).sqrt()
        scale = multiplier / (2 * (n + Z * Z))
        return Interval((2 * x + Z * Z - spread) * scale, (2 * x + Z * Z + spread) * scale)


def byar(events: Decimal, denominator: Decimal | None, multiplier: Decimal) -> Interval:
    """The interval of a count (a rate: per denominator, times the multiplier): Byar's approximation from 10
    events, exact Poisson limits below (as PHEindicatormethods' phe_rate)."""
    with decimal.localcontext(_ROOTS):
        if events < SMALL_COUNT:
            lower, upper = _exact_poisson(int(events))
        else:
            x, x1 = events, events + 1
            lower = x * (1 - 1 / (9 * x) - Z / (3 * x.sqrt())) ** 3
            upper = x1 * (1 - 1 / (9 * x1) + Z / (3 * x1.sqrt())) ** 3
        scale = multiplier / (denominator or 1)
        return Interval(lower * scale, upper * scale)


def _exact_poisson(events: int) -> tuple[Decimal, Decimal]:
    """The exact 95% limits of a Poisson count (the chi-square quantiles halved), by bisection on the Poisson sum."""
    tail = Decimal("0.025")
    lower = Decimal(0) if events == 0 else _solve(lambda mu: 1 - _at_most(events - 1, mu) > tail)
    upper = _solve(lambda mu: _at_most(events, mu) < tail)
    return lower, upper


def _at_most(k: int, mu: Decimal) -> Decimal:
    """P(X <= k) for X ~ Poisson(mu)."""
    term = total = Decimal(1)
    for i in range(1, k + 1):
        term = term * mu / i
        total += term
    return total * (-mu).exp()


def _solve(past: Callable[[Decimal], bool], low: Decimal = Decimal(0), high: Decimal = Decimal(100)) -> Decimal:
    """The mu in (low, high) where `past` turns true (it is false below and true above), to 40 places."""
    for _ in range(140):
        middle = (low + high) / 2
        low, high = (low, middle) if past(middle) else (middle, high)
    return (low + high) / 2


def compare(
    value: Decimal,
    benchmark: Decimal,
    polarity: Polarity | None,
    method: Method,
    found: Interval | None,
    tolerance: Tolerance,
) -> tuple[Comparison | None, str]:
    """Better, similar or worse than the benchmark, and why in words."""
    if method is Method.TOLERANCE:
        with decimal.localcontext(EXACT):  # the engine's context: a difference is exact or raises, never rounded
            band, apart = tolerance.resolve(benchmark), abs(value - benchmark)
        if apart <= band:
            return Comparison.SIMILAR, f"{value} is within {band} of the benchmark {benchmark}"
        high, why = value > benchmark, f"{value} is more than {band} from the benchmark {benchmark}"
    else:
        assert found is not None
        shown = f"{short(found.lower, benchmark)} to {short(found.upper, benchmark)}"
        if found.lower <= benchmark <= found.upper:
            return Comparison.SIMILAR, f"the benchmark {benchmark} lies within the interval {shown}"
        high, why = found.lower > benchmark, f"the benchmark {benchmark} lies outside the interval {shown}"
    if polarity is None:
        return None, f"{why}, but the measure has no polarity to say which way is better"
    better = high == (polarity is Polarity.HIGHER)
    return (Comparison.BETTER if better else Comparison.WORSE), why


def short(amount: Decimal, beside: Decimal | None = None) -> Decimal:
    """An interval's edge for people: 4 decimal places where it runs longer (the comparison used all 50), or as
    many more as it takes to stay on its side of `beside` (the benchmark): an edge of 3.68891 beside a benchmark
    of 3.6889 is shown 3.68891, never 3.6889, which would read as the benchmark lying on the edge."""
    places = -amount.as_tuple().exponent  # type: ignore[operator]
    if places <= 4:
        return amount
    with decimal.localcontext(_ROOTS):  # rounding for people, in a context that allows it (not the engine's)
        for shown in range(4, places):
            rounded = amount.quantize(Decimal(1).scaleb(-shown))
            if beside is None or (rounded > beside, rounded < beside) == (amount > beside, amount < beside):
                return rounded
    return amount


def compared(ratings: Sequence[Rating]) -> list[Rating]:
    """Each rating whose rule names a benchmark, with its comparison (the others as they were). A benchmark
    named as an area is that area's value of the same measure (in the same file, the same period)."""
    by_area: dict[tuple[str, str], Decimal] = {
        (rating.area, rating.rule.id): rating.reading.value.amount
        for rating in ratings
        if rating.area is not None and rating.reading is not None and rating.reading.value is not None
    }
    return [_with_benchmark(rating, by_area) if rating.rule.benchmark else rating for rating in ratings]


def _with_benchmark(rating: Rating, by_area: dict[tuple[str, str], Decimal]) -> Rating:
    rule, reading = rating.rule, rating.reading
    ref = rule.benchmark
    assert ref is not None
    evidence = reading.evidence if reading else None
    method = rule.benchmark_method or (
        Method.CI if evidence and evidence.lower_ci is not None and evidence.upper_ci is not None else Method.TOLERANCE
    )
    from_area = ref.fixed is None and (ref.name, rule.id) in by_area
    value = ref.fixed if ref.fixed is not None else by_area.get((ref.name, rule.id))
    if value is None and evidence is not None:
        value = dict(evidence.benchmarks).get(ref.name)

    def made(comparison: Comparison | None, reason: str, found: Interval | None = None) -> Rating:
        compared = Compared(
            ref, from_area=from_area, value=value, interval=found, comparison=comparison, method=method, reason=reason
        )
        return rating._replace(benchmark=compared)

    if from_area and rating.area == ref.name:
        return made(None, f"{ref.name} is the benchmark itself")
    if value is None:
        return made(None, f"no value for {ref.name}: neither an area of the file nor a benchmark beside the value")
    if reading is None or reading.value is None:
        return made(None, "no value this period")
    multiplier = rule.multiplier or (Decimal(100) if rule.unit is Unit.PERCENT else Decimal(1))
    found, missing = interval(method, evidence, multiplier)
    if found is None and method is not Method.TOLERANCE:
        return made(None, missing)
    comparison, reason = compare(reading.value.amount, value, rule.polarity, method, found, rule.benchmark_tolerance)
    return made(comparison, reason, found)
