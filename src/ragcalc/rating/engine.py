"""The rating rules: rules and readings in, ratings and summary out. Pure: no I/O, no words.

All arithmetic runs in a decimal context that traps inexact results, so a rating can never hinge on a
rounding: 64.3 -> 62.3 is a change of exactly 2, and a result that would need rounding is a bug that
raises rather than a wrong published figure. The ratings keep what each decision was made from
(shortfall, tolerance, change); `reasons` puts them into words for JSON, `audit` and `explain`.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ragcalc.rating.model import EXACT, Counts, Number, Quantity, Quarter, Rating, Reading, Rule, Summary, Target
from ragcalc.rating.options import Against
from ragcalc.rating.scheme import Bands, Moved, Settings, bands_for
from ragcalc.rating.vocabulary import (
    LADDERS,
    Arrow,
    Basis,
    Direction,
    Kind,
    NoArrow,
    Polarity,
    Rag,
    Scale,
    Status,
    Unrated,
)

if TYPE_CHECKING:
    from ragcalc.rating.periods import Period

_ZERO = Decimal(0)  # compared with, rather than the int 0, which Decimal would convert on every comparison


def asked(rules: Sequence[Rule]) -> frozenset[str]:
    """What the rules ask beyond each value's RAG and arrow (`Rule.asks`), found in one pass: the test inline, as
    nearly every rule asks nothing (a call per rule would cost a region's scorecard more than the rating does)."""
    asking = [r for r in rules if r.cumulative or r.forecast or r.benchmark or r.changes or r.improving_caps_at]
    return frozenset().union(*[rule.asks for rule in asking])


def evaluate(rules: Sequence[Rule], quarter: Quarter) -> list[Rating]:
    """One rating per rule, in rule order; a rule with no entry in the quarter is 'no data'. A file of many
    areas gives one per area and rule, area by area in the file's order."""
    asks = asked(rules)
    ratings = _each_area(rules, quarter, asks) if quarter.areas else _one_area(rules, quarter, asks)
    if "benchmark" in asks:  # after every area is rated: a benchmark may be one
        from ragcalc.rating import benchmark  # with its intervals: only rules that name a benchmark need them

        return benchmark.compared(ratings)
    return ratings


def _each_area(rules: Sequence[Rule], quarter: Quarter, asks: frozenset[str]) -> list[Rating]:
    readings: dict[str | None, list[Reading]] = {area: [] for area in quarter.areas}
    for reading in quarter.readings:  # each area's readings found in one pass, not one pass per area
        readings[reading.area].append(reading)
    ratings = []
    for area in quarter.areas:
        own = quarter._replace(readings=tuple(readings[area]), areas=())
        ratings += [rating._replace(area=area) for rating in _one_area(rules, own, asks)]
    return ratings


def in_force(rules: Sequence[Rule], period: str | None, asks: frozenset[str] | None = None) -> Sequence[Rule]:
    """Each rule as in force at a quarter file's period (`Rule.at`); the latest where the period is not one ragcalc
    reads. `asks`: what the rules ask (`asked`), where known already."""
    if "changes" not in (asked(rules) if asks is None else asks):
        return rules
    from ragcalc.rating import periods

    try:
        at = periods.parse(period or "")
    except ValueError:
        return rules
    return [rule.at(at) for rule in rules]


def _one_area(rules: Sequence[Rule], quarter: Quarter, asks: frozenset[str]) -> list[Rating]:
    """An area's ratings, before any comparison with another area's."""
    rules = in_force(rules, quarter.period, asks)
    readings = {reading.id: reading for reading in quarter.readings}
    cumulative = "cumulative" in asks
    no_arrow = _year_to_date_arrow(quarter) if cumulative else None
    with decimal.localcontext(EXACT):
        if cumulative:  # each cumulative rule against the share of its target due by the file's period
            ratings = _rated_cumulative(rules, readings, quarter.period)
        else:
            ratings = [rated(rule, readings.get(rule.id)) for rule in rules]
    if no_arrow is not None:
        ratings = [_withheld(rating, no_arrow) if rating.rule.cumulative else rating for rating in ratings]
    if "forecast" in asks:
        with decimal.localcontext(EXACT):
            ratings = _forecasts(ratings, quarter.period)
    if quarter.year_ago:
        ratings = year_ago_arrows(ratings)
    return capped(ratings) if "caps" in asks else ratings


def capped(ratings: list[Rating]) -> list[Rating]:
    """Each rating with its rule's `improving_caps_at`: Red by its bands but improving on `improving_on` (by the
    measure's own arrow rule), shown at that level (Amber), marked `capped` for the reason."""
    return [_capped(rating) for rating in ratings]


def _capped(rating: Rating) -> Rating:
    rule = rating.rule
    if rule.improving_caps_at is None or rating.rag is not Rag.RED or not rule.rated_by_value:
        return rating
    if improving_arrow(rating) is not Direction.IMPROVING:
        return rating
    return rating._replace(rag=Rag(rule.improving_caps_at.value), capped=True)


def improving_arrow(rating: Rating) -> Arrow | None:
    """The arrow `improving_caps_at` reads: against the period before, or a year before (`improving_on`)."""
    return rating.direction_year_ago if rating.rule.improving_on is Against.YEAR_AGO else rating.direction


def year_ago_arrows(ratings: list[Rating]) -> list[Rating]:
    """Each rating with its second arrow, against the same period a year before, where its reading gives that
    value (`year_ago`): the measure's own arrow rule, against the target in force, as its first arrow is."""
    with decimal.localcontext(EXACT):
        return [_against_year_ago(rating) for rating in ratings]


def _against_year_ago(rating: Rating) -> Rating:
    reading = rating.reading
    if reading is None or reading.year_ago is None:
        return rating
    compared = rated(rating.rule, reading._replace(previous=reading.year_ago), rating.target)
    return rating._replace(direction_year_ago=compared.direction)


def _forecasts(ratings: list[Rating], period: str | None) -> list[Rating]:
    """Each rating with the year-end forecast its rule asks for, from the quarter file's one value."""
    from ragcalc.rating import periods
    from ragcalc.rating.forecast import project
    from ragcalc.rating.model import Forecast
    from ragcalc.rating.options import Projection

    try:
        at = periods.parse(period or "")
    except ValueError:
        at = None
    out = []
    for rating in ratings:
        rule, reading = rating.rule, rating.reading
        if rule.forecast is None or not rule.rated_by_value:
            out.append(rating)
            continue
        if at is None:
            why = f"the file's period ({period or 'none'}) is not a period label ragcalc reads"
            forecast = Forecast(rule.forecast, (), (), refused=why)
        else:
            values = []
            if reading is not None and reading.value is not None:  # run-rate: the one value for every period so far
                times = at.position if rule.forecast is Projection.RUN_RATE else 1
                values = [(at.shifted(step - times), reading.value.amount) for step in range(1, times + 1)]
            forecast = project(rule, values, at)
        out.append(rating._replace(forecast=forecast))
    return out


def _rated_cumulative(rules: Sequence[Rule], readings: dict[str, Reading], period: str | None) -> list[Rating]:
    """`rated` for each rule, a cumulative one against the target due by `period` (a reading's own, where it gives
    one)."""
    due = _profiled_targets(rules, period)
    ratings = []
    for rule in rules:
        reading = readings.get(rule.id)
        own = reading is not None and reading.target is not None
        ratings.append(rated(rule, reading, None if own else due.get(rule.id)))
    return ratings


def _profiled_targets(rules: Sequence[Rule], period: str | None) -> dict[str, Target]:
    """Each cumulative rule's target due by the quarter file's period (none where the period is not one ragcalc
    reads: the annual target then stands)."""
    from ragcalc.rating import periods

    try:
        at = periods.parse(period or "")
    except ValueError:
        return {}
    due = {rule.id: profiled(rule, at) for rule in rules if rule.cumulative}
    return {measure: target for measure, target in due.items() if target is not None}


def profiled(rule: Rule, period: Period) -> Target | None:
    """The target in force at `period`: a cumulative rule's annual target with the share due by then
    (the profile's, or linear k/n); any other rule's own target."""
    if not rule.cumulative or rule.target is None:
        return rule.target
    from fractions import Fraction  # a share of the year: cumulative measures only

    position, per_year = period.position, period.granularity.per_year
    share = Fraction(rule.profile[position - 1]) if rule.profile else Fraction(position, per_year)
    return rule.target._replace(share=share)


def _year_to_date_arrow(quarter: Quarter) -> NoArrow | None:
    """Why a cumulative measure's value may not be compared with its previous one in this quarter file (None:
    it may): year-to-date values restart each April, so only a year before or earlier in the same year will do."""
    from ragcalc.rating import periods

    try:
        now, before = periods.parse(quarter.period or ""), periods.parse(quarter.previous_period or "")
    except ValueError:
        return NoArrow.PERIODS_UNKNOWN
    if before == now.year_ago() or (
        before.granularity is now.granularity and before.financial_year == now.financial_year and before < now
    ):
        return None
    return NoArrow.ACROSS_YEARS


def _withheld(rating: Rating, why: NoArrow) -> Rating:
    if rating.direction is None:
        return rating
    return rating._replace(direction=None, no_arrow=why)


def rate(rule: Rule, reading: Reading | None, target: Target | None = None) -> Rating:
    """The rating of one reading; `target`, when given, is the target in force instead of the rule's."""
    with decimal.localcontext(EXACT):
        return rated(rule, reading, target)


def rated(rule: Rule, reading: Reading | None, target: Target | None = None) -> Rating:
    """`rate` for callers that rate many readings inside one `decimal.localcontext(EXACT)`.

    The target in force is `target` when given, else the reading's own for its period, else the rule's.
    """
    settings = rule.settings  # everything about the rule and its own target, worked out once
    if reading is None or not settings.plain:
        return _unusual(rule, reading)
    own = target or reading.target  # a target of the period's own (a file's, or a cumulative share)
    if reading.no_target is not None:  # the period says it has none
        target, bands, threshold = None, None, settings.threshold
    elif own is None or own is settings.target:  # the rule's own: its bands are made already
        target, bands, threshold = settings.target, settings.bands, settings.threshold
    else:
        target, bands, threshold = own, bands_for(rule, own), rule.direction.threshold_at(own)[0]
    value, previous = reading.value, reading.previous
    change = direction = None
    if value is not None and previous is not None:
        change = value.amount - previous.amount
        direction = _arrow(settings, bands, threshold, change, value.amount, previous.amount)
    if bands is None:
        return Rating(rule, reading, rag=None, direction=direction, change=change, unrated=Unrated.NO_TARGET)
    if value is None:
        return Rating(
            rule,
            reading,
            rag=None,
            direction=direction,
            change=change,
            unrated=Unrated.NO_VALUE,
            tolerance=bands.first.amber,
            target=target,
        )
    rag, shortfall, tolerance = bands.decide(value.amount)  # the table in docs/rules.md, in scheme.Bands
    # every field in order, by position: built once for each value rated, where keywords would cost a NamedTuple
    # 0.7 µs more (15% of the engine's rate in benchmarks/speed.py)
    return Rating(rule, reading, rag, direction, change, shortfall, tolerance, target)


def marks(
    rule: Rule, values: Sequence[Quantity | None], befores: Sequence[Quantity | None]
) -> tuple[list[Rag | None], list[Arrow | None]]:
    """The RAG and arrow `rated` gives each value against the rule's own target, each compared with the value in
    `befores` beside it: for a rule rated by value, over a series that holds nothing but values (a region's
    history), without a reading or a rating per value. Callers hold `decimal.localcontext(EXACT)`, as for `rated`.
    """
    settings = rule.settings
    assert settings.plain
    bands, threshold = settings.bands, settings.threshold
    rags = list(map(settings.decided.__getitem__, values))
    directions = [
        None
        if value is None or before is None
        else _arrow(settings, bands, threshold, value.amount - before.amount, value.amount, before.amount)
        for value, before in zip(values, befores, strict=True)
    ]
    return rags, directions


def arrow(rule: Rule, change: Decimal, value: Decimal = _ZERO, previous: Decimal = _ZERO) -> Arrow | None:
    """The arrow `rated` gives a move of `change` (to `value` from `previous`) against the rule's own target."""
    settings = rule.settings
    return _arrow(settings, settings.bands, settings.threshold, change, value, previous)


def _arrow(
    settings: Settings, bands: Bands | None, threshold: Decimal, change: Decimal, value: Decimal, previous: Decimal
) -> Arrow | None:
    """The arrow of a move from `previous` to `value` (`change` apart); None without a polarity or a range."""
    if bands is not None and bands.ranged:  # better is nearer the range
        return _towards(bands, value, previous, threshold, settings.moved)
    if settings.rising is None:  # an arrow needs a polarity (which way is better), or no target at all (data only)
        return None
    if settings.moved(change, previous, threshold):
        return settings.rising if change > _ZERO else settings.falling
    return settings.steady


def _towards(bands: Bands, value: Decimal, previous: Decimal, threshold: Decimal, moved: Moved) -> Direction:
    """A range's arrow: improving when the distance to the range shrinks by more than the threshold,
    deteriorating when it grows by more; moves inside the range are static."""
    closer: Number = bands.distance(previous) - bands.distance(value)
    if not closer or not moved(closer, previous, threshold):
        return Direction.STATIC
    return Direction.IMPROVING if closer > _ZERO else Direction.DETERIORATING


def _unusual(rule: Rule, reading: Reading | None) -> Rating:
    """Discontinued, no data, hand-rated, or reported for information only."""
    if rule.status is Status.DISCONTINUED:
        return Rating(rule, reading, rag=Rag.BLUE, direction=None)
    if reading is None:
        return Rating(rule, None, rag=None, direction=None, unrated=Unrated.NO_DATA)
    if rule.kind is Kind.PROJECT:
        return _rate_project(rule, reading)
    value, previous = reading.value, reading.previous
    change = value.amount - previous.amount if value is not None and previous is not None else None
    return Rating(rule, reading, rag=None, direction=None, change=change, unrated=Unrated.INFORMATION_ONLY)


def rag_for(rule: Rule, value: Decimal) -> Rag:
    """Green on or beyond target (strictly beyond for > and <), amber within tolerance, else red."""
    assert rule.target is not None
    rag = rate(rule, Reading(rule.id, value=_quantity(value))).rag
    assert rag is not None
    return rag


def threshold_for(rule: Rule, target: Target | None = None) -> tuple[Decimal, bool]:
    """The direction threshold in force, and whether the small-target rule chose it (by the target in force)."""
    if target is None or target is rule.target:
        return rule.settings.threshold, rule.settings.small
    return rule.direction.threshold_at(target)


def basis_for(rule: Rule) -> Basis:
    """Points for percent measures, else percent of the previous value, unless the rule says which."""
    return Basis.POINTS if rule.settings.points else Basis.PERCENT


def beyond(rule: Rule, target: Target | None, change: Number, previous: Decimal) -> bool:
    """Whether a change from `previous` is more than the direction threshold in force (exactly, without dividing)."""
    return rule.settings.moved(change, previous, threshold_for(rule, target)[0])


def direction_for(rule: Rule, value: Decimal | None, previous: Decimal | None) -> Arrow | None:
    """The arrow `rate` gives a move from `previous` to `value`: improving or deteriorating when the change is
    more than the threshold, else static; None where the rule gives none (no polarity, not rated)."""
    if value is None or previous is None:
        return None
    return rate(rule, Reading(rule.id, value=_quantity(value), previous=_quantity(previous))).direction


def _quantity(amount: Decimal) -> Quantity:
    return Quantity(amount, str(amount))


def _rate_project(rule: Rule, reading: Reading) -> Rating:
    if reading.rag is None:
        return Rating(rule, reading, rag=None, direction=None, unrated=Unrated.NO_VALUE)
    if reading.rag is Rag.BLUE or reading.direction is not None:
        return Rating(rule, reading, rag=reading.rag, direction=None if reading.rag is Rag.BLUE else reading.direction)
    ladder = LADDERS[rule.scale]
    if reading.previous_rag not in ladder or reading.rag not in ladder:
        return Rating(rule, reading, rag=reading.rag, direction=None)
    assert reading.previous_rag is not None
    step = ladder.index(reading.rag) - ladder.index(reading.previous_rag)
    direction = Direction.IMPROVING if step > 0 else Direction.DETERIORATING if step < 0 else Direction.STATIC
    return Rating(rule, reading, rag=reading.rag, direction=direction)


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
    levels = {rag: rags.count(rag) for rag in Rag}
    improving, static = directions.count(Direction.IMPROVING), directions.count(Direction.STATIC)
    deteriorating = directions.count(Direction.DETERIORATING)
    on_target = levels[Rag.EXCEEDED] + levels[Rag.GREEN]
    compared = [r.benchmark.comparison.word for r in ratings if r.benchmark and r.benchmark.comparison]
    year_ago = [r.direction_year_ago for r in ratings]
    better, same, worse = (year_ago.count(d) for d in (Direction.IMPROVING, Direction.STATIC, Direction.DETERIORATING))
    return Counts(
        group=group,
        measures=len(ratings),
        **{rag.key: levels[rag] for rag in Rag},
        not_rated=rags.count(None),
        improving=improving,
        static=static,
        deteriorating=deteriorating,
        no_direction=len(directions) - improving - static - deteriorating,  # none, or a data-only measure's
        on_target_pct=percentage(on_target, sum(levels.values()) - levels[Rag.BLUE]),
        improving_pct=percentage(improving, improving + static + deteriorating),
        **{word: compared.count(word) for word in ("better", "similar", "worse")},
        predicted=_year_end([r.reading.published.predicted for r in ratings if r.reading and r.reading.predicts]),
        forecast=_year_end([r.forecast.rag for r in ratings if r.forecast is not None]),
        improving_year_ago=better,
        static_year_ago=same,
        deteriorating_year_ago=worse,
        no_direction_year_ago=len(year_ago) - better - same - worse,
        improving_year_ago_pct=percentage(better, better + same + worse),
    )


def _year_end(rags: list[Rag | None]) -> tuple[tuple[str, int], ...]:
    """Year-end ratings counted by key (green, amber, red ... not_rated), the levels that occur; none if no rating."""
    if not rags:
        return ()
    counted = [(rag.key, rags.count(rag)) for rag in Rag if rag in rags]
    return (*counted, ("not_rated", rags.count(None))) if None in rags else tuple(counted)


def percentage(part: int, whole: int) -> Decimal | None:
    """part / whole x 100 to one decimal place, halves rounded up, in exact integer arithmetic."""
    if whole == 0:
        return None
    tenths, remainder = divmod(part * 1000, whole)
    if 2 * remainder >= whole:
        tenths += 1
    return Decimal(tenths).scaleb(-1)


def levels(rules: Iterable[Rule]) -> tuple[Rag, ...]:
    """The rating levels these rules can give, best first: exceeded where a rule has a stretch target, the
    DCA's amber/green and amber/red where a hand-rated item uses `scale: dca`; green, amber, red, blue always."""
    rules = list(rules)
    stretch = any(rule.stretch is not None for rule in rules)
    dca = any(rule.scale is Scale.DCA for rule in rules)
    optional = {Rag.EXCEEDED: stretch, Rag.AMBER_GREEN: dca, Rag.AMBER_RED: dca}
    return tuple(rag for rag in Rag if optional.get(rag, True))


GATES = ("red", "amber", "deteriorating")
# the levels each --fail-on gate trips on: the DCA's Amber/Red is red and amber, its Amber/Green amber
_GATE_LEVELS = {"red": (Rag.RED, Rag.AMBER_RED), "amber": (Rag.AMBER, Rag.AMBER_RED, Rag.AMBER_GREEN)}


def trips(rating: Rating, gate: str) -> bool:
    """Whether a rating trips a `--fail-on` gate: a RAG gate on any level that is partly that colour."""
    levels = _GATE_LEVELS.get(gate)
    return matches(rating, gate) if levels is None else rating.rag in levels


def matches(rating: Rating, word: str) -> bool:
    """Whether a rating is what `--only` or `--fail-on` names: a RAG word, a direction, or not_rated."""
    if word == "not_rated":
        return rating.rag is None
    return (rating.rag is not None and rating.rag.key == word) or (
        rating.direction is not None and rating.direction.value == word
    )


def meets(rule: Rule, value: Decimal, target: Target) -> bool | None:
    """Whether `value` meets a named target (`targets:`), by the rule's polarity: on it counts as met unless the
    target is strict ('> 92%'); inside a range, edges included. None where which way is better is not known."""
    if target.high is not None:
        return target.amount <= value <= target.high
    if rule.polarity is None:
        return None
    better = value - target.amount if rule.polarity is Polarity.HIGHER else target.amount - value
    return better > 0 or (better == 0 and not target.strict)
