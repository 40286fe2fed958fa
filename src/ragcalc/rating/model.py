"""The data ragcalc works on: immutable records, no behaviour beyond small derivations (their words are the
enums of `vocabulary`).

Numbers are `Decimal`s made from the text the user wrote, so every comparison is exact. Records are
NamedTuples: as immutable as frozen dataclasses, and several times cheaper to build (a history has a
million values) and to define (start-up). Target and Rule, which cache what is derived from their keys,
subclass a NamedTuple of their keys to have the instance dictionary `functools.cached_property` needs.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from ragcalc.rating.vocabulary import (
    Arrow,
    Basis,
    Comparator,
    Comparison,
    Direction,
    Kind,
    Neutral,
    NoArrow,
    Polarity,
    Rag,
    Scale,
    Status,
    Unit,
    Unrated,
    Word,
)

if TYPE_CHECKING:  # a Fraction is made only for a cumulative share, which loads fractions then
    from fractions import Fraction

    from ragcalc.rating.options import Against, Average, Cap, Method, Projection, Ref, SpcSettings
    from ragcalc.rating.periods import Period
    from ragcalc.rating.scheme import Bands, Settings

EXACT = decimal.Context(  # every decision's arithmetic: an inexact result raises rather than rounds
    prec=400,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.Inexact, decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero],
)
Number: TypeAlias = "Decimal | Fraction"  # exact either way; a Fraction only where a profiled share does not terminate


def terminates(number: Fraction) -> bool:
    """Whether a fraction has a finite decimal expansion."""
    return ends(number.denominator)


def ends(denominator: int) -> bool:
    """Whether a fraction in lowest terms with this denominator has a finite decimal expansion (2s and 5s only)."""
    denominator >>= (denominator & -denominator).bit_length() - 1  # every factor 2 at once
    while denominator % 5 == 0:
        denominator //= 5
    return denominator == 1


class Location(NamedTuple):
    file: str
    line: int | None = None
    column: int | None = None
    cell: str | None = None  # in a workbook, the cell of the period's own target ('Data!D4'), which explain names


class Quantity(NamedTuple):
    """A number as the user wrote it: its exact amount and its original text."""

    amount: Decimal
    text: str


class TargetKeys(NamedTuple):
    amount: Decimal
    comparator: Comparator | None
    text: str
    share: Fraction | None = None  # a cumulative measure's share of this annual target due by the period
    high: Decimal | None = None  # a range's upper edge ('28% - 40%'), `amount` being its lower edge


class Target(TargetKeys):
    """A target as written, with what the engine reads of it worked out once (a Target never changes).

    A subclass of its NamedTuple of keys, so that it has the instance dictionary `cached_property` needs.
    """

    @cached_property
    def due(self) -> Fraction | Decimal:
        """The target in force: the amount, or its profiled share (an exact fraction, which may not terminate)."""
        if self.share is None:
            return self.amount
        from fractions import Fraction  # loaded already: the share is one

        return Fraction(self.amount) * self.share

    @cached_property
    def strict(self) -> bool:
        """Whether a value exactly on target falls short (`>` and `<` targets)."""
        return self.comparator is not None and self.comparator.strict

    @property
    def ranged(self) -> bool:
        return self.high is not None

    @cached_property
    def magnitude(self) -> Decimal:
        """The target's size (a range's: its larger edge's), which the small-target rule compares."""
        size = self.amount.copy_abs()  # exact in any decimal context, unlike abs()
        return size if self.high is None else max(size, self.high.copy_abs())


class Tolerance(NamedTuple):
    """An amber band: absolute in the measure's units, or a percentage of the target's magnitude."""

    amount: Decimal
    relative: bool
    text: str

    def resolve(self, target: Decimal | Fraction) -> Decimal | Fraction:
        """The band in the measure's units; a relative band of a fractional target stays an exact fraction."""
        if not self.relative:
            return self.amount
        with decimal.localcontext(EXACT):
            return self._relative(target)

    def _relative(self, target: Decimal | Fraction) -> Decimal | Fraction:
        if isinstance(target, Decimal):
            return self.amount * abs(target) / 100
        from fractions import Fraction  # loaded already: the target is one

        return Fraction(self.amount) * abs(target) / 100


class DirectionRule(NamedTuple):
    """The direction-of-travel settings of a rule (their defaults are the rule-file key table's)."""

    threshold: Decimal
    small_target_threshold: Decimal
    small_target_below: Decimal
    basis: Basis
    any_change: bool  # `direction: any-change`: both thresholds are 0, at every target size

    def threshold_at(self, target: Target | None) -> tuple[Decimal, bool]:
        """The threshold in force against `target`, and whether the small-target rule chose it."""
        if target is not None and target.magnitude < self.small_target_below:
            return self.small_target_threshold, True
        return self.threshold, False


class RuleKeys(NamedTuple):
    """One measure's rule, every key given: the rule loader fills absent keys from the key table's defaults."""

    id: str
    name: str
    polarity: Polarity | None
    unit: Unit
    target: Target | None
    targets: tuple[tuple[str, Target], ...]  # other targets, by name, shown beside `target` (the rated one)
    target_from_file: bool  # the input file's targets are meant to replace `target`: no warning when they differ
    tolerance: Tolerance
    green_within: Tolerance
    stretch: Target | None
    improving_caps_at: Cap | None  # a Red measure that improved is shown at this level (Amber); None: off
    improving_on: Against  # ... improved against the period before or the same period a year before
    labels: tuple[tuple[str, str], ...]  # the council's words for ratings and arrows, by canonical key
    scale: Scale
    signed: bool  # values may legitimately be negative
    benchmark: Ref | None  # what each value is compared with: an area, a benchmark beside it, or a figure
    benchmark_method: Method | None  # None: ci where the entry gives an interval, else tolerance
    benchmark_tolerance: Tolerance
    benchmark_average: Average  # a group of areas as a benchmark: its mean or its median
    benchmark_level: tuple[Decimal, ...]  # the confidence levels compared at (95, 99.8), the first the summary's
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # comparison groups of areas by name (nearest neighbours)
    multiplier: Decimal | None  # wilson and byar scale their interval by it; None: 100 for percent measures, else 1
    group: str
    tags: tuple[tuple[str, str], ...]
    no_target_text: str | None  # the words written for 'no target' ('tbc', 'baseline year'), if any
    cumulative: bool
    profile: tuple[Decimal, ...] | None
    stale_after: int | None
    forecast: Projection | None  # how the year-end value is projected; None: no forecast
    rated: bool
    status: Status
    kind: Kind
    direction: DirectionRule
    spc: SpcSettings
    location: Location | None = None
    changes: tuple[Change, ...] = ()  # keys that change by period: the rule in force over each stretch of time
    entries: tuple[tuple[str, str], ...] = ()  # in such a stretch, which entry of each changing key is in force


class Rule(RuleKeys):
    """A measure's rule, and what every rating of it reads, worked out once (`settings`).

    A subclass of its NamedTuple of keys, so that it has the instance dictionary `cached_property` needs.
    """

    def tag(self, key: str) -> str | None:
        return dict(self.tags).get(key)

    def label(self, word: Word | None) -> str | None:
        """The council's word for a rating or an arrow (`not_rated` for None), if its labels give one."""
        if not self.labels:
            return None
        key = "not_rated" if word is None else word.key if isinstance(word, Rag | Neutral) else word.word
        return dict(self.labels).get(key)

    @property
    def rated_by_value(self) -> bool:
        """Active, measured (not hand-rated) and rated: the rules rate it from its value."""
        return self.status is Status.ACTIVE and self.kind is Kind.MEASURE and self.rated

    @property
    def data_only(self) -> bool:
        """No polarity and no target: a contextual measure, whose arrow is a rise or fall, neither better nor worse."""
        return self.polarity is None and self.target is None

    def at(self, period: Period | None) -> Rule:
        """The rule in force at `period`: where keys change by period (`target: {2024/25 Q3: 92%}`), the one whose
        entries had started by the period's first month; else (or with no period known) this rule, the latest."""
        if not self.changes or period is None:
            return self
        month, chosen = period.first_month, self.changes[0].rule
        for change in self.changes[1:]:
            if change.start is not None and change.start.first_month > month:
                break
            chosen = change.rule
        return chosen

    @property
    def asks(self) -> frozenset[str]:
        """What rating this rule asks beyond its value's own RAG and arrow, so that a scorecard finds what its rules
        ask in one pass (`engine.asked`): 'cumulative', 'forecast', 'benchmark', 'changes', 'caps'."""
        wanted = {
            "cumulative": self.cumulative,
            "forecast": self.forecast is not None,
            "benchmark": self.benchmark is not None,
            "changes": bool(self.changes),  # keys by period
            "caps": self.improving_caps_at is not None,
        }
        return frozenset(key for key, asked in wanted.items() if asked)

    @cached_property
    def settings(self) -> Settings:
        """What every rating of this rule reads, worked out once per rule rather than once per value."""
        from ragcalc.rating.scheme import settings_for  # the scheme reads the model: imported once a rule is rated

        return settings_for(self)


class Change(NamedTuple):
    """A rule's keys in force from `start` on (None: before the first entry of any key that changes by period)."""

    start: Period | None
    rule: Rule


class Interval(NamedTuple):
    lower: Decimal
    upper: Decimal


class Evidence(NamedTuple):
    """What a quarter or history entry gives beside its value for a benchmark comparison."""

    lower_ci: Decimal | None = None
    upper_ci: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    benchmarks: tuple[tuple[str, Decimal], ...] = ()  # each benchmark written beside the value, by name


class Compared(NamedTuple):
    """One value's comparison with its benchmark, and what it was made from."""

    ref: Ref
    from_area: bool  # the benchmark is another area's value in the same file (or a group's average of them)
    value: Number | None  # the benchmark's value (a group's mean: exact, a Fraction where it does not terminate)
    interval: Interval | None  # the value's interval at `level` (ci, wilson, byar)
    comparison: Comparison | None  # None: it could not be made (reason says why), or a quartile was
    method: Method
    reason: str
    level: Decimal | None = None  # the confidence level of a worked-out interval (wilson, byar)
    quartile: int | None = None  # quartile: 1 (best) to 4 (worst) among the group, ties sharing the better


class Forecast(NamedTuple):
    """A measure's projected year-end value and its rating, or why there is none (`refused`)."""

    method: Projection
    periods: tuple[Period, ...]  # the periods of this year's values the projection used, in time order
    amounts: tuple[Decimal, ...]  # ... and their values
    value: Number | None = None  # exact: a Decimal where it ends, else a Fraction
    rag: Rag | None = None
    target: Target | None = None  # the year-end target it was rated against
    shortfall: Number | None = None  # how far short of the year-end target (negative beyond it)
    refused: str | None = None
    caveat: str | None = None  # a limit the forecast crosses: a rebase, a change of target
    share: Fraction | None = None  # profile's share of the annual target due by the latest value's period


class Published(NamedTuple):
    """What a draft report states for a measure and period (`audit` compares it with the rules)."""

    rag: Rag | None = None
    direction: Direction | None = None
    unrated: bool = False  # the draft shows the measure unrated (e.g. its 'for info only' label)
    predicted: Rag | None = None  # the year-end rating it predicts
    predicted_unrated: bool = False
    predicted_value: Quantity | None = None
    direction_year_ago: Direction | None = None  # the arrow against the same period a year before

    @property
    def predicts(self) -> bool:
        """Whether the draft predicts a year-end rating (or that there will be none)."""
        return self.predicted is not None or self.predicted_unrated


class Reading(NamedTuple):
    """One measure's entry in a quarter file."""

    id: str
    value: Quantity | None = None
    previous: Quantity | None = None
    note: str | None = None
    rag: Rag | None = None  # a hand-rated item's
    previous_rag: Rag | None = None
    direction: Direction | None = None
    published: Published = Published()  # what a draft report states for it (for `audit`): nothing, by default
    location: Location | None = None
    period: str | None = None  # from a history: the periods the value and previous value are for
    previous_period: str | None = None
    periods_behind: int = 0  # from a history: how far the value lags the reporting period
    stale: bool = False  # more than the rule's stale_after periods behind
    target: Target | None = None  # the period's own target, given beside the value
    no_target: str | None = None  # ... or the words written for 'no target this period' ('n/a')
    area: str | None = None  # in a file of many areas, the one this value is for
    evidence: Evidence | None = None  # a confidence interval, numerator and denominator, benchmarks beside it
    year_ago: Quantity | None = None  # the value of the same period a year before, for a second arrow

    @property
    def predicts(self) -> bool:
        """Whether the draft predicts a year-end rating (or that there will be none)."""
        return self.published.predicts


class Quarter(NamedTuple):
    period: str | None
    previous_period: str | None
    readings: tuple[Reading, ...]
    source: str
    areas: tuple[str, ...] = ()  # a file of many areas: each, in the order the file gives them
    carries: frozenset[str] = frozenset()  # the published fields the file has a column or key for, read or not
    present_only: bool = False  # the file covers only its own measures: the rules' others are left out, not 'no data'
    # the counts the draft publishes (`published_counts`), by group ('total' for all), each by count key
    counts: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()
    year_ago: bool = False  # some reading gives the value a year before (`year_ago`): a second arrow is worked out


class Rating(NamedTuple):
    """What the engine decided for one measure; `reasons` puts each decision into words.

    `target` is the target in force (a history row's own, or the rule's with a cumulative share);
    `shortfall`, `tolerance` and `due` are exact: a Fraction where such a share does not terminate.
    """

    rule: Rule
    reading: Reading | None
    rag: Rag | None
    direction: Arrow | None  # Neutral: a data-only measure's rise or fall, neither better nor worse
    change: Decimal | None = None
    shortfall: Number | None = None
    tolerance: Number | None = None
    target: Target | None = None
    unrated: Unrated | None = None  # why there is no RAG, when there is none
    no_arrow: NoArrow | None = None  # why a cumulative measure's arrow was withheld
    area: str | None = None  # in a file of many areas, the one rated
    benchmark: Compared | None = None  # the value against the rule's benchmark
    forecast: Forecast | None = None  # the projected year-end value and its rating, where the rule asks for one
    direction_year_ago: Arrow | None = None  # the arrow against the same period a year before (`year_ago`)
    capped: bool = False  # Red by its bands but improved, so shown at the rule's `improving_caps_at` level
    benchmark_levels: tuple[Compared, ...] = ()  # the same comparison at the rule's further `benchmark_level`s

    @property
    def bands(self) -> Bands | None:
        """The bands the value was rated in: the target in force's (made again here unless it is the rule's own,
        as only output asks: rating a million values does not keep a million references)."""
        if self.target is None or self.target is self.rule.target:
            return None if self.target is None else self.rule.settings.bands
        from ragcalc.rating.scheme import bands_for

        return bands_for(self.rule, self.target)

    @property
    def due(self) -> Number | None:
        """The amount the value was rated against (a cumulative measure's profiled share of its target)."""
        return None if self.target is None else self.target.due

    def group_key(self, group_by: str) -> str:
        """The summary row a rating counts in: its group, a tag, its area, or several joined ('area,group')."""
        if "," in group_by:
            return " · ".join(self.group_key(key.strip()) for key in group_by.split(","))
        if group_by == "group":
            return self.rule.group
        if group_by == "area":
            return self.area or "(no area)"
        return self.rule.tag(group_by) or f"(no {group_by})"


class Counts(NamedTuple):
    group: str
    measures: int = 0
    green: int = 0
    amber: int = 0
    red: int = 0
    blue: int = 0
    not_rated: int = 0
    exceeded: int = 0
    amber_green: int = 0
    amber_red: int = 0
    improving: int = 0
    static: int = 0
    deteriorating: int = 0
    no_direction: int = 0
    on_target_pct: Decimal | None = None
    improving_pct: Decimal | None = None
    better: int = 0  # against the benchmark
    similar: int = 0
    worse: int = 0
    predicted: tuple[tuple[str, int], ...] = ()  # the year-end ratings drafts predict, by key, where any does
    forecast: tuple[tuple[str, int], ...] = ()  # the projected year-end ratings, by key, where any rule projects
    improving_year_ago: int = 0  # the arrows against a year before (`--compare previous,year-ago`)
    static_year_ago: int = 0
    deteriorating_year_ago: int = 0
    no_direction_year_ago: int = 0
    improving_year_ago_pct: Decimal | None = None


# the counts a report may publish and `audit` checks (`published_counts:`): the summary's whole-number columns
COUNTED = (
    "measures", "green", "amber", "red", "blue", "not_rated", "exceeded", "amber_green", "amber_red", "improving",
    "static", "deteriorating", "no_direction", "better", "similar", "worse", "improving_year_ago", "static_year_ago",
    "deteriorating_year_ago", "no_direction_year_ago",
)  # fmt: skip


class Summary(NamedTuple):
    groups: tuple[Counts, ...]
    total: Counts
