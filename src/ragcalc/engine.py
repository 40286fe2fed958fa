"""The rating rules: rules and readings in, ratings (with their reasons) and summary out. Pure: no I/O.

All arithmetic runs in a decimal context that traps inexact results, so a rating can never hinge on a
rounding: 64.3 -> 62.3 is a change of exactly 2, and a result that would need rounding is a bug that
raises rather than a wrong published figure. Every decision carries its reason in words, the one source
for `evaluate --format json`, `audit` and `explain`.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from ragcalc.model import (
    Basis,
    Counts,
    Direction,
    Kind,
    Movement,
    Polarity,
    Quantity,
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
_DISPLAY = decimal.Context(prec=60)  # rounding for people only, never for a decision
Number = Decimal | Fraction
_RAG_ORDER = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}


def evaluate(rules: Sequence[Rule], quarter: Quarter) -> list[Rating]:
    """One rating per rule, in rule order; a rule with no entry in the quarter is 'no data'."""
    readings = {reading.id: reading for reading in quarter.readings}
    return [rate(rule, readings.get(rule.id)) for rule in rules]


def rate(rule: Rule, reading: Reading | None) -> Rating:
    with decimal.localcontext(EXACT):
        if rule.status is Status.DISCONTINUED:
            return Rating(
                rule,
                reading,
                Rag.BLUE,
                None,
                rag_reason="discontinued (status: discontinued)",
                direction_reason="none: the measure is discontinued",
            )
        if reading is None:
            return Rating(
                rule,
                None,
                None,
                None,
                unrated=Unrated.NO_DATA,
                rag_reason="not rated: no data (the measure is not in the quarter file)",
                direction_reason="none: no data",
            )
        if rule.kind is Kind.PROJECT:
            return _rate_project(rule, reading)
        return _rate_measure(rule, reading)


def _rate_measure(rule: Rule, reading: Reading) -> Rating:
    value, previous = reading.value, reading.previous
    change = value.amount - previous.amount if value and previous else None
    if not rule.rated:
        return Rating(
            rule,
            reading,
            None,
            None,
            change,
            unrated=Unrated.INFORMATION_ONLY,
            rag_reason="not rated: reported for information only (rated: false)",
            direction_reason="none: reported for information only (rated: false)",
        )
    direction, movement, direction_reason = _direction(rule, value, previous)
    base = Rating(rule, reading, None, direction, change, movement=movement, direction_reason=direction_reason)
    if rule.target is None:
        written = f" ('{rule.no_target_text}')" if rule.no_target_text else ""
        return replace(base, unrated=Unrated.NO_TARGET, rag_reason=f"not rated: no target{written}")
    due = rule.target.due
    tolerance = rule.tolerance.resolve(due)
    base = replace(base, tolerance=decimal_of(tolerance), due=decimal_of(due))
    if value is None:
        return replace(base, unrated=Unrated.NO_VALUE, rag_reason="not rated: no value this period")
    short = shortfall(rule, value.amount)
    return replace(
        base,
        rag=_band(rule, short, tolerance),
        shortfall=decimal_of(short),
        rag_reason=_rag_reason(rule, value, short, tolerance),
    )


def shortfall(rule: Rule, value: Decimal) -> Number:
    """How far `value` falls short of the target in force, in the measure's units (negative: beyond it).

    Exact: a Decimal, or a Fraction when a cumulative target's share of the annual one does not terminate.
    """
    assert rule.target is not None
    due = rule.target.due
    lower = rule.polarity is Polarity.LOWER
    if isinstance(due, Fraction):
        return Fraction(value) - due if lower else due - Fraction(value)
    with decimal.localcontext(EXACT):
        return value - due if lower else due - value


def share_text(share: Fraction) -> str:
    """'75%' for a share that terminates, '1/3' for one that does not."""
    if not _terminates(share):
        return f"{share.numerator}/{share.denominator}"
    return f"{decimal_of(share * 100).normalize():f}%"


def decimal_of(number: Number) -> Decimal:
    """A Decimal for output: exact when the number terminates, else to 6 places (the rating used the exact one)."""
    if isinstance(number, Decimal):
        return number
    with decimal.localcontext(EXACT if _terminates(number) else _DISPLAY):
        quotient = Decimal(number.numerator) / Decimal(number.denominator)
        return quotient if _terminates(number) else quotient.quantize(Decimal("0.000001"))


def _terminates(number: Fraction) -> bool:
    denominator = number.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def rag_for(rule: Rule, value: Decimal) -> Rag:
    """Green on or beyond target (strictly beyond for > and <), amber within tolerance, else red."""
    assert rule.target is not None
    with decimal.localcontext(EXACT):
        due = rule.target.due
        return _band(
            rule,
            shortfall(rule, value),
            rule.tolerance.resolve(due),
        )


def _band(rule: Rule, short: Number, tolerance: Number) -> Rag:
    strict = rule.target is not None and rule.target.comparator is not None and rule.target.comparator.strict
    if short < 0 or (short == 0 and not strict):
        return Rag.GREEN
    return Rag.AMBER if short <= tolerance else Rag.RED


def _rag_reason(rule: Rule, value: Quantity, short: Number, tolerance: Number) -> str:
    assert rule.target is not None
    target, units = f"the target {rule.target.text}", " points" if rule.unit is Unit.PERCENT else ""
    share = rule.target.share
    if share is not None:
        due_now = shown(rule.target.due)
        target = f"the target due by now, {due_now} ({share_text(share)} of the annual {rule.target.text})"
    band = f"the tolerance of {shown(tolerance)}{units}"
    if rule.tolerance.relative:
        due: Number = rule.target.due
        band += f" ({rule.tolerance.text} of {shown(-due if due < 0 else due)})"
    strict = rule.target.comparator is not None and rule.target.comparator.strict
    if short == 0 and strict:
        return f"{value.text} is exactly at {target}, which a strict target does not count as met; within {band}"
    if short == 0:
        return f"{value.text} meets {target} exactly"
    if short < 0:
        return f"{value.text} is better than {target} by {shown(-short)}{units}"
    within = "within" if short <= tolerance else "more than"
    return f"{value.text} is short of {target} by {shown(short)}{units}, {within} {band}"


def shown(amount: Number) -> str:
    """A number for people: thousands separated, digits as computed; '≈' and 2 places where it does not end."""
    if isinstance(amount, Fraction):
        if not _terminates(amount):
            with decimal.localcontext(_DISPLAY):
                return "≈" + format(decimal_of(amount).quantize(Decimal("0.01")), ",f")
        amount = decimal_of(amount)
    return format(amount, ",f")


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
    now = Quantity(value, str(value)) if value is not None else None
    before = Quantity(previous, str(previous)) if previous is not None else None
    return _direction(rule, now, before)[0]


def _direction(
    rule: Rule, value: Quantity | None, previous: Quantity | None
) -> tuple[Direction | None, Movement | None, str]:
    if value is None or previous is None or rule.polarity is None:
        missing = "no value" if value is None else "no previous value" if previous is None else "no polarity"
        return None, None, f"none: {missing}"
    with decimal.localcontext(EXACT):
        change = value.amount - previous.amount
        threshold, small = threshold_for(rule)
        basis = basis_for(rule)
        if basis is Basis.POINTS:
            beyond = abs(change) > threshold
        elif previous.amount == 0:
            beyond = change != 0
        else:  # |change| / |previous| x 100 > threshold, without dividing
            beyond = abs(change) * 100 > threshold * abs(previous.amount)
    movement = Movement(threshold, small, basis, beyond)
    if not beyond:
        return Direction.STATIC, movement, _direction_reason(rule, value, previous, movement)
    better = change > 0 if rule.polarity is Polarity.HIGHER else change < 0
    direction = Direction.IMPROVING if better else Direction.DETERIORATING
    return direction, movement, _direction_reason(rule, value, previous, movement)


def _direction_reason(rule: Rule, value: Quantity, previous: Quantity, movement: Movement) -> str:
    change = value.amount - previous.amount
    moves = f"{previous.text} -> {value.text}: "
    if movement.basis is Basis.PERCENT and previous.amount == 0:
        moves += "no change" if change == 0 else "a change from 0, which counts as more than any threshold"
    else:
        if movement.basis is Basis.POINTS:
            size, unit = shown(abs(change)), f"{movement.threshold}-point threshold"
            size += " points"
        else:
            size = f"{relative_change(change, previous.amount, movement.threshold)}% change"
            unit = f"{movement.threshold}% threshold"
        moves += f"{size}, {'more than' if movement.beyond else 'not more than'} the {unit}"
    if movement.small_target:
        assert rule.target is not None
        moves += f" (small-target rule: target {rule.target.text} is below {rule.direction.small_target_below})"
    if movement.beyond and change != 0:
        assert rule.polarity is not None
        moves += f"; {rule.polarity.value} is better"
    return moves


def relative_change(change: Decimal, previous: Decimal, threshold: Decimal) -> str:
    """|change| / |previous| x 100 for display: 2 decimals, more where rounding would hide a difference
    from the threshold (the decision itself is made exactly, without dividing)."""
    with decimal.localcontext(_DISPLAY):
        exact = abs(change) * 100 / abs(previous)
        for places in range(2, 12):
            shown = exact.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
            if (shown == threshold) == (exact == threshold):
                return str(shown)
        return str(exact)


def _rate_project(rule: Rule, reading: Reading) -> Rating:
    if reading.rag is None:
        return Rating(
            rule,
            reading,
            None,
            None,
            unrated=Unrated.NO_VALUE,
            rag_reason="not rated: no rag given in the quarter file",
            direction_reason="none: no rag",
        )
    rag_reason = f"rated {reading.rag.value} by hand in the quarter file"
    if reading.rag is Rag.BLUE:
        return Rating(
            rule,
            reading,
            Rag.BLUE,
            None,
            rag_reason=rag_reason,
            direction_reason="none: a blue (closed) item has no direction",
        )
    if reading.direction is not None:
        return Rating(
            rule,
            reading,
            reading.rag,
            reading.direction,
            rag_reason=rag_reason,
            direction_reason="given in the quarter file (direction:)",
        )
    if reading.previous_rag not in _RAG_ORDER:
        why = "no previous_rag" if reading.previous_rag is None else "previously blue"
        return Rating(rule, reading, reading.rag, None, rag_reason=rag_reason, direction_reason=f"none: {why}")
    assert reading.previous_rag is not None
    step = _RAG_ORDER[reading.rag] - _RAG_ORDER[reading.previous_rag]
    direction = Direction.IMPROVING if step > 0 else Direction.DETERIORATING if step < 0 else Direction.STATIC
    return Rating(
        rule,
        reading,
        reading.rag,
        direction,
        rag_reason=rag_reason,
        direction_reason=f"{reading.previous_rag.value} -> {reading.rag.value} (red < amber < green)",
    )


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
