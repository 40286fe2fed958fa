"""Each rating's decisions in words: why this RAG, why this arrow. The one source for JSON, audit and explain.

Built from what the engine kept on the rating (shortfall, tolerance, change, the target in force), only
when output asks for it, so rating a million values never formats a sentence.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import NamedTuple

from ragcalc.output.figures import decimal_of, relative_change, share_text, shown
from ragcalc.rating.engine import basis_for, beyond, rate, threshold_for
from ragcalc.rating.model import EXACT, Number, Rating, Target, Tolerance
from ragcalc.rating.scheme import Bands, Edge
from ragcalc.rating.vocabulary import LADDERS, Basis, Kind, Rag, Status, Unit, Unrated


class Movement(NamedTuple):
    """How a direction was decided: the threshold in force, why it was chosen, and the basis used."""

    threshold: Decimal
    small_target: bool
    basis: Basis
    beyond: bool
    change: Number  # the change measured: the value's, or for a range how much nearer it came


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
        if reading is not None and reading.no_target is not None:
            return f"not rated: no target this period ('{reading.no_target}' in the file)"
        written = f" ('{rule.no_target_text}')" if rule.no_target_text else ""
        return f"not rated: no target{written}"
    if rating.unrated is Unrated.NO_VALUE:
        return "not rated: no value this period"
    if rule.improving_caps_at is not None and rating.rag in (Rag.RED, Rag.AMBER) and rating.shortfall is not None:
        return _capped(rating, _measured(rating))
    return _measured(rating)


AGAINST = {"previous": "the period before", "year-ago": "the same period a year before"}


def _capped(rating: Rating, measured: str) -> str:
    """A rating under `improving_caps_at`: Red by its bands, and whether the arrow it reads shows it improving."""
    from ragcalc.rating.engine import improving_arrow

    rule = rating.rule
    assert rule.improving_caps_at is not None
    bands = rating.bands
    if (rating.rag is Rag.AMBER and not rating.capped) or bands is None:  # amber by its bands: the cap not in play
        return measured
    against = AGAINST[rule.improving_on.value]
    if rating.capped:
        return (f"{measured}, so red by its bands; but improving on {against}, so {rule.improving_caps_at.value} "
                f"(improving_caps_at: {rule.improving_caps_at.value})")  # fmt: skip
    arrow = improving_arrow(rating)
    how = "no arrow" if arrow is None else arrow.word
    return f"{measured}, and not improving on {against} ({how}), so red"


def _measured(rating: Rating) -> str:
    """Why a value got its rating, in the words of the bands it fell in (rating/scheme.py's table)."""
    rule, target, short, bands, reading = rating.rule, rating.target, rating.shortfall, rating.bands, rating.reading
    assert target is not None
    assert short is not None
    assert bands is not None
    assert reading is not None
    assert reading.value is not None
    value, units = reading.value.text, " points" if rule.unit is Unit.PERCENT else ""
    edge = bands.edge_of(reading.value.amount)
    words = target_words(target, edge, bands)
    if rating.rag is Rag.EXCEEDED:
        assert rule.stretch is not None
        assert bands.stretch is not None
        stretch = rule.stretch.text if bands.stretch == rule.stretch.amount else f"{shown(bands.stretch)} (its share)"
        return f"{value} is at or beyond the stretch target {stretch}: exceeded"
    if short == 0 and target.strict:
        band = band_words(rule.green_within, edge.green, edge.due, units, "green band") if edge.green else None
        met = (
            f"within {band}, so green" if band else f"within {band_words(rule.tolerance, edge.amber, edge.due, units)}"
        )
        return f"{value} is exactly at {words}, which a strict target does not count as met; {met}"
    if short == 0:
        return f"{value} meets {words} exactly"
    if short < 0:
        if bands.ranged:
            return f"{value} is inside the range {target.text} (edges included)"
        return f"{value} is better than {words} by {shown(-short)}{units}"
    if short <= edge.green:
        green = band_words(rule.green_within, edge.green, edge.due, units, "green band")
        return f"{value} is short of {words} by {shown(short)}{units}, within {green}, so still green"
    within = "within" if short <= edge.amber else "more than"
    amber = band_words(rule.tolerance, edge.amber, edge.due, units)
    return f"{value} is short of {words} by {shown(short)}{units}, {within} {amber}"


def target_words(target: Target, edge: Edge, bands: Bands) -> str:
    """The target a value was measured from, as a reason names it."""
    if bands.ranged:
        side = "lower" if edge is bands.below else "upper"
        return f"the range {target.text} (its {side} edge, {shown(edge.due)})"
    if target.share is not None:
        return f"the target due by now, {shown(target.due)} ({share_text(target.share)} of the annual {target.text})"
    return f"the target {target.text}"


def band_words(written: Tolerance, width: Number, edge: Number, units: str, name: str = "tolerance") -> str:
    """'the tolerance of 30 (5% of 600)': a band's width in force, and what it is a share of."""
    band = f"the {name} of {shown(width)}{units}"
    if written.relative:
        band += f" ({written.text} of {shown(-edge if edge < 0 else edge)})"
    return band


def year_ago_reason(rating: Rating) -> str:
    """Why the arrow against the same period a year before is what it is, as the first arrow's reason is said."""
    reading = rating.reading
    if reading is None or reading.year_ago is None:
        return "no value for the same period a year before (year_ago), so no arrow against it"
    return direction_reason(rate(rating.rule, reading._replace(previous=reading.year_ago), rating.target))


def movement(rating: Rating) -> Movement | None:
    """How the arrow was decided: threshold in force, whether the small-target rule chose it, the basis, and the
    change measured (the value's; for a range, how much nearer the range it came)."""
    rule, reading, bands = rating.rule, rating.reading, rating.bands
    ranged = bands is not None and bands.ranged
    arrowless = rule.polarity is None and not ranged and not rule.data_only
    if _case(rating) is not None or arrowless or rating.no_arrow is not None:
        return None
    if reading is None or reading.value is None or reading.previous is None or rating.change is None:
        return None
    threshold, small = threshold_for(rule, rating.target)
    with decimal.localcontext(EXACT):
        change: Number = rating.change
        if bands is not None and ranged:
            change = bands.distance(reading.previous.amount) - bands.distance(reading.value.amount)
        moved = beyond(rule, rating.target, change, reading.previous.amount)
    return Movement(threshold, small, basis_for(rule), moved, change)


def direction_reason(rating: Rating) -> str:
    rule, reading, case = rating.rule, rating.reading, _case(rating)
    if case == "project":
        return _project_direction(rating)
    if case is not None:
        return _WHY_NOT[case][1]
    assert reading is not None
    if rating.no_arrow is not None:
        return (
            "none: a cumulative (year-to-date) measure restarts each April, so it is compared only with a year "
            f"before or earlier in the same financial year; {rating.no_arrow.word}"
        )
    how = movement(rating)
    if how is None:
        missing = "no value" if reading.value is None else "no previous value" if reading.previous is None else ""
        return f"none: {missing or 'no polarity'}"
    assert reading.value is not None
    assert reading.previous is not None
    ranged = rating.bands is not None and rating.bands.ranged
    change, previous = how.change, reading.previous
    moves = f"{previous.text} -> {reading.value.text}: "
    if ranged and not change:
        assert rating.target is not None
        moves += f"no nearer to nor further from the range {rating.target.text}"
    elif how.basis is Basis.PERCENT and previous.amount == 0:
        moves += "no change" if change == 0 else "a change from 0, which counts as more than any threshold"
    else:
        if how.basis is Basis.POINTS:
            size, unit = shown(change if change >= 0 else -change) + " points", f"{how.threshold}-point threshold"
        else:
            size = f"{relative_change(decimal_of(change), previous.amount, how.threshold)}% change"
            unit = f"{how.threshold}% threshold"
        if ranged:
            assert rating.target is not None
            toward = "nearer to" if change > 0 else "further from"
            size = f"{size} {toward} the range {rating.target.text}"
        moves += f"{size}, {'more than' if how.beyond else 'not more than'} the {unit}"
    if rule.direction.any_change:
        moves += " (direction: any-change)"
    elif how.small_target:
        target = rating.target or rule.target  # a period with no target of its own ('n/a') keeps the rule's threshold
        assert target is not None
        moves += f" (small-target rule: target {target.text} is below {rule.direction.small_target_below})"
    if rule.polarity is None and rule.data_only:
        moves += "; a data-only measure (no polarity, no target): a rise or fall, neither better nor worse"
    elif how.beyond and change != 0:
        moves += (
            "; nearer the range is better" if ranged else f"; {rule.polarity.word} is better" if rule.polarity else ""
        )
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
    ladder = " < ".join(rag.word for rag in LADDERS[rating.rule.scale])
    return f"{reading.previous_rag.word} -> {reading.rag.word} ({ladder})"
