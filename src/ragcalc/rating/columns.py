"""The fast engine's decisions (`ragcalc[fast]`): each point's RAG and arrow in a history read by columns
(`series.Frame`), decided for a whole measure's rows at once.

The decisions are not written again here. A value is an exact integer at the file's scale (69.8 at scale 1 is
698), and a rule's RAG can change only where a value meets one of its band edges, and an arrow by points only where
a change meets its threshold. So each rule's edges are rounded both ways to the scale, and the reference engine
(`scheme.Bands.decide`, `engine.arrow`) is asked for the rating at each such integer and at one integer between
each two: a step table that is the pure engine's answer for every value the column can hold. Looking a value up in
it is a binary search (numpy), never a float. An arrow relative to the previous value depends on both values: it is
`scheme.moved_relatively` over whole columns of exact integers (`Relative`), its words sampled from the engine.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise
from typing import Any, NamedTuple

from ragcalc.rating import engine
from ragcalc.rating.model import EXACT, Rule
from ragcalc.rating.series import Array, Frame
from ragcalc.rating.vocabulary import Arrow, Direction, Neutral, Rag

LARGEST = 10**17  # beyond this a scaled value, or a change, may not fit in int64 arithmetic: the pure path


class Marks(NamedTuple):
    """Each row's RAG and arrow, as codes into `RAGS` and `ARROWS` (0: none)."""

    rag: Array
    arrow: Array


RAGS: tuple[Rag | None, ...] = (None, *Rag)
ARROWS: tuple[Arrow | None, ...] = (None, *Direction, *Neutral)
_RAG_CODE = {rag: code for code, rag in enumerate(RAGS)}
_ARROW_CODE = {arrow: code for code, arrow in enumerate(ARROWS)}


def why_not(rule: Rule) -> str | None:
    """Why a rule's points are not decided here (the pure engine decides them), or None when they are: a rule rated
    by value against its own one target, by bands of exact decimals (not a range)."""
    settings = rule.settings
    if not settings.plain or rule.cumulative or rule.changes or rule.improving_caps_at is not None:
        return "a rule that is not rated by value against one target (cumulative, by period, hand-rated or capped)"
    bands = settings.bands
    if bands is not None and (bands.fractional or bands.ranged):
        return "a range target"
    return None


class Plan(NamedTuple):
    """How a frame's points are decided: each distinct value as an integer at the file's scale (`Frame.scaled`), and
    each measure's step tables (in the order of `Frame.ids`: its RAG's, None without a target; its arrow's)."""

    values: list[int]
    steps: list[tuple[Steps | None, Steps | Relative]]


def plan(frame: Frame, rules: Sequence[Rule]) -> Plan | str:
    """The plan for deciding the frame's points here, or why the pure engine decides them."""
    by_id = {rule.id: rule for rule in rules}
    for measure in frame.ids:
        reason = why_not(by_id[measure])
        if reason is not None:
            return f"{measure} has {reason}"
    places, values = frame.scaled()
    if any(abs(value) >= LARGEST for value in values):
        return f"a value too large to hold exactly as an integer at {places} decimal places"
    steps = []
    for measure in frame.ids:
        rule = by_id[measure]
        rags = None if rule.settings.bands is None else _rag_steps(rule, places)
        arrows = _arrow_steps(rule, places) if rule.settings.points else _relative(rule)
        made = (rags, arrows)
        if any(isinstance(table, Steps) and (abs(table.edges) >= LARGEST).any() for table in made):
            return f"{measure}: a band edge or threshold too large to compare exactly at {places} decimal places"
        steps.append(made)
    return Plan(values, steps)


def marks(frame: Frame, plan: Plan) -> Marks:
    """Each row's RAG against its rule's own target and its arrow against the period before (none after a gap),
    decided a measure at a time by its step tables."""
    import numpy as np

    value = np.array(plan.values, dtype=np.int64)[frame.value]
    before = frame.follows()
    change = np.zeros(len(value), dtype=np.int64)
    change[1:] = value[1:] - value[:-1]
    rag = np.zeros(len(value), dtype=np.int8)
    arrow = np.zeros(len(value), dtype=np.int8)
    by_measure = np.argsort(frame.id, kind="stable")
    bounds = np.searchsorted(frame.id[by_measure], np.arange(len(frame.ids) + 1))
    for code, (rags, arrows) in enumerate(plan.steps):
        rows = by_measure[bounds[code] : bounds[code + 1]]
        if rags is not None:
            rag[rows] = _looked_up(rags, value[rows])
        moved = rows[before[rows]]
        if isinstance(arrows, Steps):
            arrow[moved] = _looked_up(arrows, change[moved])
        else:
            arrow[moved] = arrows.arrows(change[moved], value[moved - 1])
    return Marks(rag, arrow)


class Relative(NamedTuple):
    """An arrow measured relative to the previous value: moved when the change is more than `threshold` percent of
    it (`scheme.moved_relatively`, for whole columns), then the arrow the reference engine gives a rise, a fall and
    no move (sampled)."""

    threshold: Decimal
    up: int
    down: int
    steady: int

    def arrows(self, change: Array, previous: Array) -> Array:
        import numpy as np

        digits = self.threshold.as_tuple()
        shift = max(0, -digits.exponent)  # type: ignore[operator]
        whole = int(self.threshold.scaleb(shift))  # the threshold is whole / 10**shift
        size, base = np.abs(change), np.abs(previous)
        if int(size.max(initial=0)) * 100 * 10**shift >= 2**62 or int(base.max(initial=0)) * whole >= 2**62:
            size, base = size.astype(object), base.astype(object)  # Python's integers: exact at any size
        moved = np.where(base == 0, size != 0, size * (100 * 10**shift) > base * whole)
        return np.where(moved, np.where(change > 0, self.up, self.down), self.steady).astype(np.int8)


def _relative(rule: Rule) -> Relative:
    with decimal.localcontext(EXACT):
        one, none = Decimal(1), Decimal(0)
        codes = [_ARROW_CODE[engine.arrow(rule, change, value=change, previous=none)] for change in (one, -one, none)]
    return Relative(rule.settings.threshold, *codes)


class Steps(NamedTuple):
    """A decision as a step function of an integer: its code at each edge, below the first and above each."""

    edges: Array  # ascending
    at: Array  # the code at each edge
    between: Array  # the code below edges[i] (and above the one before); the last: above every edge


def _looked_up(steps: Steps, values: Array) -> Array:
    import numpy as np

    where: Array = np.searchsorted(steps.edges, values)
    on: Array = where < len(steps.edges)
    on[on] = steps.edges[where[on]] == values[on]
    return np.where(on, steps.at[np.minimum(where, len(steps.at) - 1)], steps.between[where])


def _steps(edges: set[Decimal], places: int, decide: Any, codes: dict[Any, int]) -> Steps:
    """The step table of `decide` (a Decimal to a word) over integers at `places`, from the edges where it may
    change: each rounded both ways, so that no edge lies strictly between two neighbouring integers of the table."""
    import numpy as np

    with decimal.localcontext(EXACT):
        whole = sorted({n for edge in edges for n in _both_ways(edge.scaleb(places))})

        def code(n: int) -> int:
            return codes[decide(Decimal(n).scaleb(-places))]

        at = [code(n) for n in whole]
        # below the first edge, between each two (no integer between two neighbours: never looked up), above the last
        below = [code(whole[0] - 1), *(code(a + 1) if b - a > 1 else 0 for a, b in pairwise(whole))]
        below.append(code(whole[-1] + 1))
    return Steps(np.array(whole, dtype=np.int64), np.array(at, dtype=np.int8), np.array(below, dtype=np.int8))


def _both_ways(amount: Any) -> tuple[int, int]:
    """An exact amount's integer floor and ceiling (the same for an integer)."""
    floor = int(amount.to_integral_value(rounding=decimal.ROUND_FLOOR))
    return floor, int(amount.to_integral_value(rounding=decimal.ROUND_CEILING))


def _rag_steps(rule: Rule, places: int) -> Steps:
    bands = rule.settings.bands
    assert bands is not None
    edges = {
        edge.due + sign * width
        for edge in (bands.below, bands.above)
        if edge is not None
        for width in (Decimal(0), edge.green, edge.amber)
        for sign in (1, -1)
    }
    if bands.stretch is not None:
        edges.add(bands.stretch)
    return _steps(edges, places, lambda amount: bands.decide(amount)[0], _RAG_CODE)


def _arrow_steps(rule: Rule, places: int) -> Steps:
    """An arrow by points depends on the change alone: it may change at 0 and at the threshold either way."""
    threshold = rule.settings.threshold
    return _steps({Decimal(0), threshold, -threshold}, places, lambda change: engine.arrow(rule, change), _ARROW_CODE)
