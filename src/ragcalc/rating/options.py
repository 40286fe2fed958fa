"""The records and choices of the rule-file keys `spc:`, `benchmark*`, `forecast:` and `improving_*`: light, so
that the key table and the rule loader load without the modules that draw charts, work out intervals and project
(start-up is most of a small run).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from ragcalc.rating.vocabulary import Word

if TYPE_CHECKING:
    from ragcalc.rating.periods import Period


class Conflict(Word):
    """What an SPC point marked both ways (improvement and concern) shows as: the rule-file setting."""

    IMPROVEMENT = "improvement"  # as the MDC Excel tool shows it
    CONCERN = "concern"


class Cap(Word):
    """The worst rating a measure that improved is shown (`improving_caps_at:`): a Red that improved is Amber."""

    AMBER = "amber"


class Against(Word):
    """Which arrow `improving_caps_at` reads (`improving_on:`)."""

    PREVIOUS = "previous"  # against the period before
    YEAR_AGO = "year-ago"  # against the same period a year before


class Rebases(tuple["Period", ...]):
    """The periods that start a new SPC segment (a known process change), with the reason given for each, where
    one is (`rebase: {Jul-22: New triage process}`): a tuple of the periods, as the chart reads them."""

    reasons: tuple[str | None, ...]

    def __new__(cls, periods: tuple[Period, ...] = (), reasons: tuple[str | None, ...] = ()) -> Rebases:
        made = super().__new__(cls, periods)
        made.reasons = reasons or (None,) * len(periods)
        return made

    def reason(self, period: Period) -> str | None:
        return next((why for at, why in zip(self, self.reasons, strict=True) if at == period), None)


class SpcSettings(NamedTuple):
    """A rule's `spc:` settings (their defaults are the rule-file key table's)."""

    baseline: int | None  # the first N points fix the first segment's mean and MR-bar; None: all its points
    rebase: Rebases  # each starts a new segment with its own limits (and the reason for it, where given)
    shift: int
    trend: int
    screen_outliers: bool
    conflict: Conflict  # what a point marked both ways shows as
    min_points: int


class Projection(Word):
    """How a year-end value is projected (`forecast:`; rating/forecast.py)."""

    PROFILE = "profile"
    RUN_RATE = "run-rate"
    LATEST = "latest"
    LINEAR = "linear"


class Method(Word):
    """How a value is compared with its benchmark (`benchmark_method:`)."""

    CI = "ci"
    WILSON = "wilson"
    BYAR = "byar"
    TOLERANCE = "tolerance"
    QUARTILE = "quartile"  # the area's quartile among a comparison group (`groups:`)


class Average(Word):
    """How a comparison group's values make one benchmark (`benchmark_average:`)."""

    MEAN = "mean"
    MEDIAN = "median"


class Ref(NamedTuple):
    """What a rule's `benchmark:` names: an area or a benchmark given beside the value, or a fixed figure."""

    name: str  # as written
    fixed: Decimal | None = None
