"""The rating rules: rules and readings in, ratings and summary out. Pure: no files, no printing.

All arithmetic runs in a decimal context that traps inexact results, so a rating can never hinge on a
rounding: 64.3 -> 62.3 is a change of exactly 2, and a result that would need rounding is a bug that
raises rather than a wrong published figure.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from decimal import Decimal

from ragcalc.model import (
    Basis,
    Counts,
    Direction,
    Kind,
    Polarity,
    Quarter,
    Rag,
    Rating,
    Reading,
    Rule,
    Status,
    Summary,
    Unit,
    Unrated,
)

EXACT = decimal.Context(
    prec=400,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.Inexact, decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero],
)
_RAG_ORDER = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}


def evaluate(rules: Sequence[Rule], quarter: Quarter) -> list[Rating]:
    """One rating per rule, in rule order; a rule with no entry in the quarter is 'no data'."""
    readings = {reading.id: reading for reading in quarter.readings}
    return [rate(rule, readings.get(rule.id)) for rule in rules]


def rate(rule: Rule, reading: Reading | None) -> Rating:
    with decimal.localcontext(EXACT):
        if rule.status is Status.DISCONTINUED:
            return Rating(rule, reading, Rag.BLUE, None)
        if reading is None:
            return Rating(rule, None, None, None, unrated=Unrated.NO_DATA)
        if rule.kind is Kind.PROJECT:
            return _rate_project(rule, reading)
        return _rate_measure(rule, reading)


def _rate_measure(rule: Rule, reading: Reading) -> Rating:
    value = reading.value.amount if reading.value else None
    previous = reading.previous.amount if reading.previous else None
    change = value - previous if value is not None and previous is not None else None
    if not rule.rated:
        return Rating(rule, reading, None, None, change, unrated=Unrated.INFORMATION_ONLY)
    direction = direction_for(rule, value, previous)
    tolerance = rule.tolerance.resolve(rule.target.amount) if rule.target else None
    if rule.target is None:
        return Rating(rule, reading, None, direction, change, unrated=Unrated.NO_TARGET)
    if value is None:
        return Rating(rule, reading, None, direction, change, tolerance, Unrated.NO_VALUE)
    return Rating(rule, reading, rag_for(rule, value), direction, change, tolerance)


def shortfall(rule: Rule, value: Decimal) -> Decimal:
    """How far `value` falls short of the target, in the measure's units (negative: beyond it)."""
    assert rule.target is not None
    if rule.polarity is Polarity.LOWER:
        return value - rule.target.amount
    return rule.target.amount - value


def rag_for(rule: Rule, value: Decimal) -> Rag:
    """Green on or beyond target (strictly beyond for > and <), amber within tolerance, else red."""
    assert rule.target is not None
    with decimal.localcontext(EXACT):
        short = shortfall(rule, value)
        strict = rule.target.comparator is not None and rule.target.comparator.strict
        if short < 0 or (short == 0 and not strict):
            return Rag.GREEN
        if short <= rule.tolerance.resolve(rule.target.amount):
            return Rag.AMBER
        return Rag.RED


def threshold_for(rule: Rule) -> tuple[Decimal, bool]:
    """The direction threshold in force, and whether the small-target rule chose it."""
    settings = rule.direction
    if rule.target is not None and abs(rule.target.amount) < settings.small_target_below:
        return settings.small_target_threshold, True
    return settings.threshold, False


def basis_for(rule: Rule) -> Basis:
    if rule.direction.basis is Basis.AUTO:
        return Basis.POINTS if rule.unit is Unit.PERCENT else Basis.PERCENT
    return rule.direction.basis


def direction_for(rule: Rule, value: Decimal | None, previous: Decimal | None) -> Direction | None:
    """Improving or deteriorating when the change is more than the threshold, else static."""
    if value is None or previous is None or rule.polarity is None:
        return None
    with decimal.localcontext(EXACT):
        change = value - previous
        threshold, _ = threshold_for(rule)
        if basis_for(rule) is Basis.POINTS:
            beyond = abs(change) > threshold
        elif previous == 0:
            beyond = change != 0
        else:  # |change| / |previous| x 100 > threshold, without dividing
            beyond = abs(change) * 100 > threshold * abs(previous)
    if not beyond:
        return Direction.STATIC
    better = change > 0 if rule.polarity is Polarity.HIGHER else change < 0
    return Direction.IMPROVING if better else Direction.DETERIORATING


def _rate_project(rule: Rule, reading: Reading) -> Rating:
    if reading.rag is None:
        return Rating(rule, reading, None, None, unrated=Unrated.NO_VALUE)
    direction = reading.direction
    if direction is None and reading.rag in _RAG_ORDER and reading.previous_rag in _RAG_ORDER:
        assert reading.previous_rag is not None
        step = _RAG_ORDER[reading.rag] - _RAG_ORDER[reading.previous_rag]
        direction = Direction.IMPROVING if step > 0 else Direction.DETERIORATING if step < 0 else Direction.STATIC
    if reading.rag is Rag.BLUE:
        direction = None
    return Rating(rule, reading, reading.rag, direction)


def summarise(ratings: Iterable[Rating], group_by: str = "group") -> Summary:
    """Counts per group, in order of first appearance, and a total."""
    groups: dict[str, list[Rating]] = {}
    everything: list[Rating] = []
    for rating in ratings:
        groups.setdefault(rating.group_key(group_by), []).append(rating)
        everything.append(rating)
    return Summary(tuple(count(name, members) for name, members in groups.items()), count("Total", everything))


def count(group: str, ratings: Sequence[Rating]) -> Counts:
    rags = [r.rag for r in ratings]
    directions = [r.direction for r in ratings]
    green, amber, red = rags.count(Rag.GREEN), rags.count(Rag.AMBER), rags.count(Rag.RED)
    improving, static = directions.count(Direction.IMPROVING), directions.count(Direction.STATIC)
    deteriorating = directions.count(Direction.DETERIORATING)
    return Counts(
        group=group,
        measures=len(ratings),
        green=green,
        amber=amber,
        red=red,
        blue=rags.count(Rag.BLUE),
        not_rated=rags.count(None),
        improving=improving,
        static=static,
        deteriorating=deteriorating,
        no_direction=directions.count(None),
        on_target_pct=percentage(green, green + amber + red),
        improving_pct=percentage(improving, improving + static + deteriorating),
    )


def percentage(part: int, whole: int) -> Decimal | None:
    """part / whole x 100 to one decimal place, halves rounded up, in exact integer arithmetic."""
    if whole == 0:
        return None
    tenths, remainder = divmod(part * 1000, whole)
    if 2 * remainder >= whole:
        tenths += 1
    return Decimal(tenths).scaleb(-1)


GATES = ("red", "amber", "deteriorating")


def matches(rating: Rating, word: str) -> bool:
    """Whether a rating is what `--only` or `--fail-on` names: a RAG word, a direction, or not_rated."""
    if word == "not_rated":
        return rating.rag is None
    return (rating.rag is not None and rating.rag.value == word) or (
        rating.direction is not None and rating.direction.value == word
    )
