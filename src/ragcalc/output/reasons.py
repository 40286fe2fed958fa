"""Each rating's decisions in words: why this RAG, why this arrow. The one source for JSON, audit and explain.

Built from what the engine kept on the rating (shortfall, tolerance, change, the target in force), only
when output asks for it, so rating a million values never formats a sentence.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import NamedTuple

from ragcalc.output.figures import relative_change, share_text, shown
from ragcalc.rating.engine import basis_for, beyond, threshold_for
from ragcalc.rating.model import EXACT, Basis, Kind, Rag, Rating, Status, Unit, Unrated


class Movement(NamedTuple):
    """How a direction was decided: the threshold in force, why it was chosen, and the basis used."""

    threshold: Decimal
    small_target: bool
    basis: Basis
    beyond: bool


_WHY_NOT = {  # the cases the engine does not rate from a value: (RAG reason, direction reason)
    "discontinued": ("discontinued (status: discontinued)", "none: the measure is discontinued"),
    "no data": ("not rated: no data (the measure is not in the quarter file)", "none: no data"),
    "information only": (
        "not rated: reported for information only (rated: false)",
        "none: reported for information only (rated: false)",
    ),
}


def _case(rating: Rating) -> str | None:
    """Which of the engine's cases before any arithmetic applies, in the engine's order; None: rated by value."""
    rule = rating.rule
    if rule.status is Status.DISCONTINUED:
        return "discontinued"
    if rating.reading is None:
        return "no data"
    if rule.kind is Kind.PROJECT:
        return "project"
    return None if rule.rated else "information only"


def rag_reason(rating: Rating) -> str:
    rule, reading, case = rating.rule, rating.reading, _case(rating)
    if case == "project":
        assert reading is not None
        if reading.rag is None:
            return "not rated: no rag given in the quarter file"
        return f"rated {reading.rag.value} by hand in the quarter file"
    if case is not None:
        return _WHY_NOT[case][0]
    if rating.unrated is Unrated.NO_TARGET:
        written = f" ('{rule.no_target_text}')" if rule.no_target_text else ""
        return f"not rated: no target{written}"
    if rating.unrated is Unrated.NO_VALUE:
        return "not rated: no value this period"
    return _measured(rating)


def _measured(rating: Rating) -> str:
    rule, target, short, tolerance = rating.rule, rating.target, rating.shortfall, rating.tolerance
    assert target is not None
    assert short is not None
    assert tolerance is not None
    assert rating.reading is not None
    assert rating.reading.value is not None
    value = rating.reading.value.text
    words, units = f"the target {target.text}", " points" if rule.unit is Unit.PERCENT else ""
    if target.share is not None:
        words = f"the target due by now, {shown(target.due)} ({share_text(target.share)} of the annual {target.text})"
    band = f"the tolerance of {shown(tolerance)}{units}"
    if rule.tolerance.relative:
        due = target.due
        band += f" ({rule.tolerance.text} of {shown(-due if due < 0 else due)})"
    if short == 0 and target.strict:
        return f"{value} is exactly at {words}, which a strict target does not count as met; within {band}"
    if short == 0:
        return f"{value} meets {words} exactly"
    if short < 0:
        return f"{value} is better than {words} by {shown(-short)}{units}"
    within = "within" if short <= tolerance else "more than"
    return f"{value} is short of {words} by {shown(short)}{units}, {within} {band}"


def movement(rating: Rating) -> Movement | None:
    """How the arrow was decided: threshold in force, whether the small-target rule chose it, the basis."""
    rule, reading = rating.rule, rating.reading
    if _case(rating) is not None or rule.polarity is None:
        return None
    if reading is None or reading.value is None or reading.previous is None or rating.change is None:
        return None
    threshold, small = threshold_for(rule, rating.target)
    with decimal.localcontext(EXACT):
        moved = beyond(rule, rating.target, rating.change, reading.previous.amount)
    return Movement(threshold, small, basis_for(rule), moved)


def direction_reason(rating: Rating) -> str:
    rule, reading, case = rating.rule, rating.reading, _case(rating)
    if case == "project":
        return _project_direction(rating)
    if case is not None:
        return _WHY_NOT[case][1]
    assert reading is not None
    how = movement(rating)
    if how is None:
        missing = "no value" if reading.value is None else "no previous value" if reading.previous is None else ""
        return f"none: {missing or 'no polarity'}"
    assert reading.value is not None
    assert reading.previous is not None
    assert rating.change is not None
    change, previous = rating.change, reading.previous
    moves = f"{previous.text} -> {reading.value.text}: "
    if how.basis is Basis.PERCENT and previous.amount == 0:
        moves += "no change" if change == 0 else "a change from 0, which counts as more than any threshold"
    else:
        if how.basis is Basis.POINTS:
            size, unit = shown(abs(change)) + " points", f"{how.threshold}-point threshold"
        else:
            size = f"{relative_change(change, previous.amount, how.threshold)}% change"
            unit = f"{how.threshold}% threshold"
        moves += f"{size}, {'more than' if how.beyond else 'not more than'} the {unit}"
    if how.small_target:
        assert rating.target is not None
        moves += f" (small-target rule: target {rating.target.text} is below {rule.direction.small_target_below})"
    if how.beyond and change != 0:
        assert rule.polarity is not None
        moves += f"; {rule.polarity.value} is better"
    return moves


def _project_direction(rating: Rating) -> str:
    reading = rating.reading
    assert reading is not None
    if reading.rag is None:
        return "none: no rag"
    if reading.rag is Rag.BLUE:
        return "none: a blue (closed) item has no direction"
    if reading.direction is not None:
        return "given in the quarter file (direction:)"
    if reading.previous_rag is None or reading.previous_rag is Rag.BLUE:
        return f"none: {'no previous_rag' if reading.previous_rag is None else 'previously blue'}"
    return f"{reading.previous_rag.value} -> {reading.rag.value} (red < amber < green)"
