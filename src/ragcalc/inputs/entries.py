"""What an entry of a quarter or history file may hold, shared by both loaders: its keys by kind, and the evidence
beside a value for a benchmark comparison, read the same way from either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ragcalc.rating.model import Evidence, Quantity

EVIDENCE_KEYS = ("lower_ci", "upper_ci", "numerator", "denominator")  # for a benchmark comparison
# target: the period's own, replacing the rule's; predicted_value: the year-end value a draft predicts; year_ago: the
# value of the same period a year before, for a second arrow
MEASURE_KEYS = ("value", "previous", "target", *EVIDENCE_KEYS, "predicted_value", "year_ago")
BENCHMARK = "benchmark "  # a benchmark beside the value: a CSV column 'benchmark England', YAML benchmarks: {...}
PROJECT_KEYS = ("rag", "previous_rag", "direction")
PUBLISHED = ("published_rag", "published_direction", "published_direction_year_ago")  # a draft's words, for `audit`
SHARED_KEYS = (*PUBLISHED, "predicted_rag", "note")
ENTRY_KEYS = MEASURE_KEYS + PROJECT_KEYS + SHARED_KEYS
# every column a CSV file (or a sheet) may have, quarter or history: 'name' is accepted and ignored
TABLE_COLUMNS = ("area", "id", "period", "previous_period", "name", *ENTRY_KEYS)


def evidence(
    cells: Mapping[str, Any], measured: Callable[[str], Any], counted: Callable[[str], Any]
) -> Evidence | None:
    """What an entry gives for a benchmark comparison (None when nothing): the interval and benchmarks read as
    the value is (`measured`, its % sign checked), the numerator and denominator as counts."""
    if not any(key in cells for key in EVIDENCE_KEYS) and not any(key.startswith(BENCHMARK) for key in cells):
        return None
    from ragcalc.rating.model import Evidence

    def amount(found: Quantity | None) -> Decimal | None:
        return None if found is None else found.amount

    benchmarks = tuple(
        (key[len(BENCHMARK) :], given.amount)
        for key in cells
        if key.startswith(BENCHMARK) and (given := measured(key)) is not None
    )
    return Evidence(
        lower_ci=amount(measured("lower_ci")),
        upper_ci=amount(measured("upper_ci")),
        numerator=amount(counted("numerator")),
        denominator=amount(counted("denominator")),
        benchmarks=benchmarks,
    )
