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
from fractions import Fraction

from ragcalc.rating.model import EXACT, Compared, Evidence, Interval, Number, Rating, Tolerance, terminates
from ragcalc.rating.options import Average, Method
from ragcalc.rating.vocabulary import Comparison, Polarity, Unit

Z = Decimal("1.959963984540054")  # the normal quantile of 0.975, as PHEindicatormethods uses
# each confidence level's normal quantile (R's qnorm, as PHEindicatormethods and Fingertips use): 95% and 99.8%
LEVEL_Z = {Decimal(95): Z, Decimal(99): Decimal("2.575829303548901"), Decimal("99.8"): Decimal("3.090232306167813")}
QUARTILES = ("best quartile", "second quartile", "third quartile", "worst quartile")
_ROOTS = decimal.Context(prec=50)  # the intervals' roots and the exact Poisson limits, to 50 digits
SMALL_COUNT = 10  # fewer events than this: exact Poisson limits instead of Byar's approximation


def interval(
    method: Method, evidence: Evidence | None, multiplier: Decimal, level: Decimal = Decimal(95)
) -> tuple[Interval | None, str]:
    """The value's interval at `level` (%) by `method` (`ci`: as given), or None and what is missing."""
    found = evidence or Evidence()
    if method is Method.CI:
        if found.lower_ci is None or found.upper_ci is None:
            return None, "no lower_ci and upper_ci beside the value"
        if found.lower_ci > found.upper_ci:
            return None, f"lower_ci {found.lower_ci} is above upper_ci {found.upper_ci}"
        return Interval(found.lower_ci, found.upper_ci), ""
    if method in (Method.TOLERANCE, Method.QUARTILE):
        return None, ""
    problem = _counts_problem(method, found.numerator, found.denominator)
    if problem:
        return None, problem
    assert found.numerator is not None
    if method is Method.WILSON:
        assert found.denominator is not None
        return wilson(found.numerator, found.denominator, multiplier, LEVEL_Z[level]), ""
    return byar(found.numerator, found.denominator, multiplier, level), ""


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


def wilson(numerator: Decimal, denominator: Decimal, multiplier: Decimal, z: Decimal = Z) -> Interval:
    """Wilson's score interval of numerator / denominator, times the multiplier (100 for a percentage), at the
    level whose normal quantile is `z`."""
    with decimal.localcontext(_ROOTS):
        x, n = numerator, denominator
        spread = z * (z * z + 4 * x * (1 - x / n)).sqrt()
        scale = multiplier / (2 * (n + z * z))
        return Interval((2 * x + z * z - spread) * scale, (2 * x + z * z + spread) * scale)


def byar(events: Decimal, denominator: Decimal | None, multiplier: Decimal, level: Decimal = Decimal(95)) -> Interval:
    """The interval of a count (a rate: per denominator, times the multiplier) at `level` (%): Byar's approximation
    from 10 events, exact Poisson limits below (as PHEindicatormethods' phe_rate)."""
    z = LEVEL_Z[level]
    with decimal.localcontext(_ROOTS):
        if events < SMALL_COUNT:
            lower, upper = _exact_poisson(int(events), (100 - level) / 200)
        else:
            x, x1 = events, events + 1
            lower = x * (1 - 1 / (9 * x) - z / (3 * x.sqrt())) ** 3
            upper = x1 * (1 - 1 / (9 * x1) + z / (3 * x1.sqrt())) ** 3
        scale = multiplier / (denominator or 1)
        return Interval(lower * scale, upper * scale)


def _exact_poisson(events: int, tail: Decimal = Decimal("0.025")) -> tuple[Decimal, Decimal]:
    """The exact limits of a Poisson count with `tail` outside each (0.025: 95%), the chi-square quantiles halved,
    by bisection on the Poisson sum."""
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
    benchmark: Number,
    polarity: Polarity | None,
    method: Method,
    found: Interval | None,
    tolerance: Tolerance,
) -> tuple[Comparison | None, str]:
    """Better, similar or worse than the benchmark (exact: a group's mean may be a Fraction), and why in words."""
    shown = figure(benchmark)
    if method is Method.TOLERANCE:
        with decimal.localcontext(EXACT):  # the engine's context: a difference is exact or raises, never rounded
            band = tolerance.resolve(benchmark)
            apart = abs(value - benchmark) if isinstance(benchmark, Decimal) else abs(Fraction(value) - benchmark)
        if apart <= band:
            return Comparison.SIMILAR, f"{value} is within {figure(band)} of the benchmark {shown}"
        high, why = value > benchmark, f"{value} is more than {figure(band)} from the benchmark {shown}"
    else:
        assert found is not None
        edges = f"{short(found.lower, benchmark)} to {short(found.upper, benchmark)}"
        if found.lower <= benchmark <= found.upper:
            return Comparison.SIMILAR, f"the benchmark {shown} lies within the interval {edges}"
        high, why = found.lower > benchmark, f"the benchmark {shown} lies outside the interval {edges}"
    if polarity is None:
        return None, f"{why}, but the measure has no polarity to say which way is better"
    better = high == (polarity is Polarity.HIGHER)
    return (Comparison.BETTER if better else Comparison.WORSE), why


def figure(number: Number) -> str:
    """A benchmark figure in a reason: as it is, or where a group's mean does not terminate, '≈' and 4 places."""
    if isinstance(number, Decimal):
        return str(number)
    with decimal.localcontext(_ROOTS):  # rounding for people, in a context that allows it (not the engine's)
        quotient = Decimal(number.numerator) / Decimal(number.denominator)
        return str(quotient) if terminates(number) else f"≈{quotient.quantize(Decimal('0.0001'))}"


def short(amount: Decimal, beside: Number | None = None) -> Decimal:
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
    named as an area is that area's value of the same measure (in the same file, the same period); named as a
    comparison group (`groups:`), its areas' mean or median, or the area's quartile among them."""
    by_area: dict[tuple[str, str], Decimal] = {
        (rating.area, rating.rule.id): rating.reading.value.amount
        for rating in ratings
        if rating.area is not None and rating.reading is not None and rating.reading.value is not None
    }
    return [_with_benchmark(rating, by_area) if rating.rule.benchmark else rating for rating in ratings]


def _with_benchmark(rating: Rating, by_area: dict[tuple[str, str], Decimal]) -> Rating:
    """The comparison at the rule's first `benchmark_level`, and at each further one."""
    made = [_compared_at(rating, by_area, level) for level in rating.rule.benchmark_level]
    return rating._replace(benchmark=made[0], benchmark_levels=tuple(made[1:]))


def _compared_at(rating: Rating, by_area: dict[tuple[str, str], Decimal], level: Decimal) -> Compared:
    rule, reading = rating.rule, rating.reading
    ref = rule.benchmark
    assert ref is not None
    evidence = reading.evidence if reading else None
    method = rule.benchmark_method or (
        Method.CI if evidence and evidence.lower_ci is not None and evidence.upper_ci is not None else Method.TOLERANCE
    )
    group = None if ref.fixed is not None else dict(rule.groups).get(ref.name)
    from_area = group is not None or (ref.fixed is None and (ref.name, rule.id) in by_area)
    values = [] if group is None else [by_area[(area, rule.id)] for area in group if (area, rule.id) in by_area]
    value: Number | None = ref.fixed if ref.fixed is not None else by_area.get((ref.name, rule.id))
    if group is not None:
        value = _average(values, rule.benchmark_average) if values and method is not Method.QUARTILE else None
    elif value is None and evidence is not None:
        value = dict(evidence.benchmarks).get(ref.name)
    worked_out = method in (Method.WILSON, Method.BYAR)

    def made(
        comparison: Comparison | None, reason: str, found: Interval | None = None, quartile: int | None = None
    ) -> Compared:
        at = level if worked_out else None
        return Compared(ref, from_area, value, found, comparison, method, reason, level=at, quartile=quartile)

    if group is not None and rating.area is None:
        return made(None, f"{ref.name} is a group of areas, and this file has none")
    if from_area and group is None and rating.area == ref.name:
        return made(None, f"{ref.name} is the benchmark itself")
    if reading is None or reading.value is None:
        return made(None, "no value this period")
    if group is not None and not values:
        return made(None, f"no value for any area of {ref.name} this period")
    if method is Method.QUARTILE:
        return _quartile(rating, reading.value.amount, values, ref.name, made)
    if value is None:
        return made(None, f"no value for {ref.name}: neither an area of the file nor a benchmark beside the value")
    multiplier = rule.multiplier or (Decimal(100) if rule.unit is Unit.PERCENT else Decimal(1))
    found, missing = interval(method, evidence, multiplier, level)
    if found is None and method is not Method.TOLERANCE:
        return made(None, missing)
    comparison, reason = compare(reading.value.amount, value, rule.polarity, method, found, rule.benchmark_tolerance)
    if group is not None:
        some = "" if len(values) == len(group) else f"{len(values)} of "
        reason += f" (the {rule.benchmark_average.word} of {some}its {len(group)} areas)"
    return made(comparison, reason, found)


def _average(values: Sequence[Decimal], average: Average) -> Number:
    """The mean (exact: a Fraction where it does not terminate) or the median of a group's values."""
    ordered = sorted(values)
    if average is Average.MEDIAN:
        middle = len(ordered) // 2
        pair = ordered[middle - 1 : middle + 1] if len(ordered) % 2 == 0 else ordered[middle : middle + 1]
        return _exact(sum((Fraction(v) for v in pair), Fraction(0)) / len(pair))
    return _exact(sum((Fraction(v) for v in ordered), Fraction(0)) / len(ordered))


def _exact(number: Fraction) -> Number:
    """A Decimal where the fraction terminates (every output then prints it as written), else the Fraction."""
    if not terminates(number):
        return number
    with decimal.localcontext(EXACT):
        return Decimal(number.numerator) / Decimal(number.denominator)


def _quartile(
    rating: Rating, own: Decimal, values: list[Decimal], name: str, made: Callable[..., Compared]
) -> Compared:
    """The area's quartile among the group (itself included), polarity-aware: its rank is one more than the number
    of values strictly better, so ties share the better rank; quartile = ceil(4 x rank / areas)."""
    rule = rating.rule
    group = dict(rule.groups)[name]
    pool = values if rating.area in group else [*values, own]
    if rule.polarity is None:
        return made(None, "a quartile needs the measure's polarity to say which way is better")
    higher = rule.polarity is Polarity.HIGHER
    rank = 1 + sum(1 for value in pool if (value > own if higher else value < own))
    quartile = -(-4 * rank // len(pool))
    ties = sum(1 for value in pool if value == own) - 1
    tied = f", tied with {ties}" if ties else ""
    reason = f"{own} ranks {rank} of {len(pool)} in {name}{tied}: the {QUARTILES[quartile - 1]}"
    return made(None, reason, None, quartile)
