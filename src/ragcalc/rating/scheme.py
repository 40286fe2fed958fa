"""A rule's rating scheme, worked out once per rule: the bands a value falls in, read as docs/rules.md reads.

The shortfall is how far a value falls short of the edge it is measured against (negative beyond it):
higher is better: target - value; lower is better: value - target; a range: lower edge - value below the
range, value - upper edge otherwise (so negative inside it). Then, on that edge's side:

| rating   | when                                                                            |
|----------|---------------------------------------------------------------------------------|
| exceeded | at or beyond `stretch` (strictly beyond for `>` and `<`), and green              |
| green    | shortfall < 0; or 0 (not for a strict `>` / `<` target); or up to `green_within` |
| amber    | shortfall up to `tolerance`                                                     |
| red      | beyond                                                                          |

`green_within` and `tolerance` written as `N%` are N% of the magnitude of the edge they are measured from.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from ragcalc.rating.model import Number, Quantity, Rule, Target
from ragcalc.rating.vocabulary import Arrow, Basis, Direction, Neutral, Polarity, Rag, Unit

if TYPE_CHECKING:
    from fractions import Fraction

# An amount in a band's arithmetic: Decimals, or Fractions throughout when an edge is one (`Bands.fractional`), so
# the two never meet in one subtraction; the type checker cannot follow that, hence Any rather than Number.
Exact: TypeAlias = Any
Moved: TypeAlias = "Callable[[Number, Decimal, Decimal], bool]"  # (change, previous, threshold): beyond it?
_ZERO = Decimal(0)  # compared with, rather than the int 0, which Decimal would convert on every comparison


class Edge(NamedTuple):
    """One side of the green band, in the measure's units: the target (or a range's edge) and its bands."""

    due: Exact  # the target in force, or the range's edge
    green: Exact  # a shortfall up to this is still green (green_within)
    amber: Exact  # ... up to this amber (tolerance); red beyond


class Bands(NamedTuple):
    """The bands of one rule against one target in force."""

    below: Edge | None  # what a value below falls short of: the target when higher is better, a range's lower edge
    above: Edge | None  # what a value above falls short of: the target when lower is better, a range's upper edge
    strict: bool  # a value exactly on target falls short ('>' and '<' targets)
    stretch: Exact | None  # at or beyond this, exceeded
    stretch_strict: bool  # ... strictly beyond ('> 95')
    lower: bool  # lower is better (which way 'beyond the stretch' is)
    fractional: bool  # an edge is a Fraction (a profiled share that does not terminate): values are made Fractions
    ranged: bool  # a range: both edges (a field, not worked out on each reading)

    @property
    def first(self) -> Edge:
        """The edge a value below the band is measured from (the only one, but for a range)."""
        edge = self.below or self.above
        assert edge is not None
        return edge

    def side(self, amount: Exact) -> tuple[Edge, Exact]:
        """The edge a value is measured from, and its shortfall against it."""
        below, above = self.below, self.above
        if above is None or (below is not None and amount < below.due):
            assert below is not None
            return below, below.due - amount
        return above, amount - above.due

    def edge_of(self, value: Decimal) -> Edge:
        """The edge a value is measured from (for words: `decide` finds it itself)."""
        return self.side(_fraction(value) if self.fractional else value)[0]

    def decide(self, value: Decimal) -> tuple[Rag, Exact, Exact]:
        """The rating of a value, its shortfall, and the amber band of the edge it was measured from."""
        amount: Exact = _fraction(value) if self.fractional else value
        below = self.below  # self.side(amount), written out: it runs once per value
        if below is not None and (self.above is None or amount < below.due):
            due, green, amber = below
            shortfall = due - amount
        else:
            due, green, amber = self.above  # type: ignore[misc]  # not None: a band without a lower edge has this one
            shortfall = amount - due
        if shortfall > green or (shortfall == green and self.strict and not green):
            return (Rag.AMBER if shortfall <= amber else Rag.RED), shortfall, amber
        if self.stretch is not None and self.stretched(amount):
            return Rag.EXCEEDED, shortfall, amber
        return Rag.GREEN, shortfall, amber

    def stretched(self, amount: Exact) -> bool:
        """At or beyond the stretch target (strictly beyond for `>` and `<`)."""
        assert self.stretch is not None
        beyond = self.stretch - amount if self.lower else amount - self.stretch
        return beyond > _ZERO or (beyond == _ZERO and not self.stretch_strict)

    def distance(self, amount: Decimal) -> Exact:
        """How far a value lies outside a range (0 inside it, edges included)."""
        shortfall = self.side(_fraction(amount) if self.fractional else amount)[1]
        return shortfall if shortfall > _ZERO else _ZERO


def _fraction(value: Decimal | Fraction) -> Fraction:
    from fractions import Fraction  # loaded already: an edge is one

    return value if isinstance(value, Fraction) else Fraction(value)  # a projected year-end is one already


def bands_for(rule: Rule, target: Target | None) -> Bands | None:
    """The bands of `rule` against the target in force (its own, a period's, or a cumulative share)."""
    if target is None:
        return None
    polarity = rule.polarity or (target.comparator.polarity if target.comparator is not None else None)
    lower = polarity is Polarity.LOWER  # a period's '< 74%' on a rule without a polarity (a range rule) says lower
    below: Edge | None
    above: Edge | None
    if target.high is not None:
        below, above = _edge(rule, target.amount), _edge(rule, target.high)
    else:
        edge = _edge(rule, target.due)
        below, above = (None, edge) if lower else (edge, None)
    stretch: Exact | None = None
    if rule.stretch is not None:
        stretch = rule.stretch.amount if target.share is None else _fraction(rule.stretch.amount) * target.share
    return Bands(
        below=below,
        above=above,
        strict=target.strict,
        stretch=stretch,
        stretch_strict=rule.stretch is not None and rule.stretch.strict,
        lower=lower,
        fractional=not isinstance(target.due, Decimal),
        ranged=target.high is not None,
    )


def _edge(rule: Rule, due: Number) -> Edge:
    return Edge(due=due, green=rule.green_within.resolve(due), amber=rule.tolerance.resolve(due))


class Decided(dict["Quantity | None", "Rag | None"]):
    """The RAG of each value rated against a rule's own bands so far, made the first time it is asked for (inside
    the caller's exact decimal context): a region's history repeats the same values across its areas."""

    def __init__(self, bands: Bands | None) -> None:
        super().__init__()
        self.bands = bands

    def __missing__(self, value: Quantity | None) -> Rag | None:
        rag = None if value is None or self.bands is None else self.bands.decide(value.amount)[0]
        self[value] = rag
        return rag


class Settings(NamedTuple):
    """A rule's settings as the engine reads them (copies and comparisons only: no arithmetic)."""

    plain: bool  # active, measured (not hand-rated) and rated
    rising: Arrow | None  # the arrow when the value moves up by more than the threshold; None: no
    falling: Arrow | None  # ... and down (Neutral for a data-only measure; None: no polarity)
    steady: Arrow  # ... and when it moves by no more
    points: bool  # changes are measured in points (auto: for percent measures), else relative to the previous
    moved: Moved  # whether a change from a previous value is beyond a threshold, on the rule's basis
    target: Target | None
    bands: Bands | None  # against the rule's own target
    threshold: Decimal  # the direction threshold in force against the rule's own target
    small: bool  # ... chosen by the small-target rule
    decided: Decided  # each value's RAG against the rule's own target, as rated so far


# what a move up and a move down mean, by polarity (none without one: which way is better is unknown)
_RISING: dict[Polarity | None, Direction] = {
    Polarity.HIGHER: Direction.IMPROVING,
    Polarity.LOWER: Direction.DETERIORATING,
}
_FALLING: dict[Polarity | None, Direction] = {
    Polarity.HIGHER: Direction.DETERIORATING,
    Polarity.LOWER: Direction.IMPROVING,
}


def moved_by_points(change: Number, previous: Decimal, threshold: Decimal) -> bool:
    """More than the threshold, in points (the change itself)."""
    return (change if change >= _ZERO else -change) > threshold


def moved_relatively(change: Number, previous: Decimal, threshold: Decimal) -> bool:
    """More than the threshold, as a percentage of the previous value (exactly, without dividing); any change from
    0 is more than any threshold."""
    size = change if change >= _ZERO else -change
    if previous == 0:
        return size != 0
    return size * 100 > threshold * abs(previous)


def settings_for(rule: Rule) -> Settings:
    direction, target = rule.direction, rule.target
    points = direction.basis is Basis.POINTS or (direction.basis is Basis.AUTO and rule.unit is Unit.PERCENT)
    threshold, small = direction.threshold_at(target)
    bands = bands_for(rule, target)
    data_only = rule.data_only  # a rise or fall in volume, neither better nor worse
    return Settings(
        plain=rule.rated_by_value,
        rising=Neutral.UP if data_only else _RISING.get(rule.polarity),
        falling=Neutral.DOWN if data_only else _FALLING.get(rule.polarity),
        steady=Neutral.STATIC if data_only else Direction.STATIC,
        points=points,
        moved=moved_by_points if points else moved_relatively,
        target=target,
        bands=bands,
        threshold=threshold,
        small=small,
        decided=Decided(bands),
    )
