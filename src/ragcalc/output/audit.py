"""Comparing what a draft report states (`published_rag`, `published_direction`) with what the rules give.

The reason for each disagreement is the engine's own, so `audit`, `explain` and JSON output agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ragcalc.output.jsonwriter import dumps
from ragcalc.output.reasons import direction_reason, rag_reason, year_ago_reason
from ragcalc.output.tables import fitted
from ragcalc.rating.model import Rating, Reading
from ragcalc.rating.vocabulary import word_of

if TYPE_CHECKING:
    from ragcalc.rating.timeline import Trend


@dataclass(frozen=True)
class Disagreement:
    id: str
    field: str
    published: str
    computed: str | None
    reason: str
    period: str | None = None  # the period rated (a history's row, or the quarter file's period)
    area: str | None = None  # in a file of many areas, the one rated


@dataclass(frozen=True)
class Audit:
    checked: int
    agree: int
    disagreements: tuple[Disagreement, ...]
    fields: tuple[tuple[str, int], ...] = ()  # how many ratings each field was checked on ('rag', 'direction')


NOT_RATED = "not rated"  # a published rating that shows the measure unrated


def compare(ratings: Sequence[Rating], period: str | None = None) -> Audit:
    """Every measure (in a history, every measure and period) that states a published rating or arrow, checked
    field by field; `period` is the quarter file's, for readings that carry none."""
    checked = agree = 0
    found: list[Disagreement] = []
    fields = {"rag": 0, "direction": 0, "direction_year_ago": 0}
    for rating in ratings:
        reading = rating.reading
        if reading is None or not states(reading):
            continue
        checked += 1
        before = len(found)
        published_rag = NOT_RATED if reading.published.unrated else word_of(reading.published.rag)
        pairs = (
            ("rag", published_rag, word_of(rating.rag) or NOT_RATED, rag_reason),
            ("direction", word_of(reading.published.direction), word_of(rating.direction), direction_reason),
            ("direction_year_ago", word_of(reading.published.direction_year_ago), word_of(rating.direction_year_ago),
             year_ago_reason),
        )  # fmt: skip
        for field, published, computed, reason in pairs:
            fields[field] += published is not None
            if published is not None and published != computed:
                shown = None if computed == NOT_RATED else computed
                where = reading.period or period
                found.append(Disagreement(rating.rule.id, field, published, shown, reason(rating), where, rating.area))
        agree += len(found) == before
    if not fields["direction_year_ago"]:  # said only of drafts that publish a second arrow
        del fields["direction_year_ago"]
    return Audit(checked, agree, tuple(found), tuple(fields.items()))


def with_counts(
    result: Audit, ratings: Sequence[Rating], stated: Sequence[tuple[str, tuple[tuple[str, int], ...]]], path: str
) -> Audit:
    """`result` with the counts a draft publishes (`published_counts:`) checked against the computed summary: each
    group's (or the total's) count that differs is a disagreement naming the measures that make the computed one."""
    from ragcalc.errors import InputError
    from ragcalc.rating.engine import summarise

    summary = summarise(ratings)
    by_group = {counts.group: counts for counts in summary.groups}
    found, agree = [], 0
    for group, counts in stated:
        computed = summary.total if group.casefold() == "total" else by_group.get(group)
        if computed is None:
            raise InputError(
                f"published_counts: no group '{group}' in the scorecard; its groups: {', '.join(by_group)} (and total)",
                path,
                code="unknown-group",
            )
        members = [r for r in ratings if computed is summary.total or r.rule.group == group]
        wrong = [
            Disagreement(group, f"count {key}", str(number), str(getattr(computed, key)), _made_by(members, key))
            for key, number in counts
            if getattr(computed, key) != number
        ]
        found += wrong
        agree += not wrong
    fields = (*result.fields, ("counts", len(stated)))
    return Audit(result.checked + len(stated), result.agree + agree, (*result.disagreements, *found), fields)


def _made_by(ratings: Sequence[Rating], key: str) -> str:
    """Which measures make a computed count: 'green: VS101, CF201' ('none' where none does)."""
    from ragcalc.rating.vocabulary import Direction

    word = key.removesuffix("_year_ago")  # an arrow against a year before is counted as the first arrow is
    arrow = "direction" if word == key else "direction_year_ago"

    def counted(rating: Rating) -> bool:
        if key == "measures":
            return True
        if key == "not_rated":
            return rating.rag is None
        if word in ("improving", "static", "deteriorating"):
            return getattr(rating, arrow) is Direction(word)
        if word == "no_direction":
            return not isinstance(getattr(rating, arrow), Direction)
        if key in ("better", "similar", "worse"):
            return bool(rating.benchmark and rating.benchmark.comparison and rating.benchmark.comparison.word == key)
        return rating.rag is not None and rating.rag.key == key

    ids = [f"{r.area}: {r.rule.id}" if r.area else r.rule.id for r in ratings if counted(r)]
    return f"the rules count {key}: {', '.join(ids) if ids else 'none'}"


def stated(trends: Sequence[Trend]) -> list[Rating]:
    """A history's ratings, period by period, whose rows state a published rating or arrow, each with its area (a
    series of values alone states none: its ratings are not made)."""
    found = []
    for trend in trends:
        series = trend.series
        if series is None or series.bare or all(point.published is None for point in series.points):
            continue
        found += [
            rating._replace(area=trend.area) if trend.area else rating
            for _, rating in trend.steps
            if rating.reading is not None and states(rating.reading)
        ]
    return found


def compare_forecasts(ratings: Sequence[Rating], period: str | None = None) -> Audit:
    """Every measure whose draft predicts a year-end rating and whose rule projects one: the two compared, each
    disagreement with both reasons (what the draft states, and the projection's arithmetic)."""
    from ragcalc.output import forecasts  # only `audit --forecast` needs it

    checked = agree = 0
    found: list[Disagreement] = []
    for rating in ratings:
        reading, forecast = rating.reading, rating.forecast
        stated = forecasts.predicted_cell(rating)
        if reading is None or forecast is None or not stated:
            continue
        checked += 1
        predicted = NOT_RATED if reading.published.predicted_unrated else word_of(reading.published.predicted)
        computed = word_of(forecast.rag) or NOT_RATED
        if predicted == computed:
            agree += 1
            continue
        why = f"the draft predicts {stated}; projected: {forecasts.reason(forecast, rating.rule)}"
        shown = None if computed == NOT_RATED else computed
        found.append(
            Disagreement(
                rating.rule.id, "forecast", predicted or NOT_RATED, shown, why, reading.period or period, rating.area
            )
        )
    return Audit(checked, agree, tuple(found))


def states(reading: Reading) -> bool:
    """Whether a reading states anything published (a rating, an arrow, or that it is unrated)."""
    said = reading.published
    return said.rag is not None or said.direction is not None or said.unrated or said.direction_year_ago is not None


def summary_line(audit: Audit, *, history: bool = False) -> str:
    what = "rating" if history else "measure"  # in a history: one per measure and period
    groups = dict(audit.fields).get("counts", 0)  # the published counts' groups, checked as a measure is
    items = audit.checked - groups
    counted = f"{items} {what}{'s' if items != 1 else ''}"
    if groups:
        counted += f" and {groups} group{'s' if groups != 1 else ''} of published counts"
    fields = [(field, count) for field, count in audit.fields if field != "counts"]
    each = f" ({', '.join(f'{field} on {count}' for field, count in fields)})" if fields else ""
    return f"{counted} checked{each}, {audit.agree} agree, {audit.checked - audit.agree} disagree"


def text(audit: Audit, source: str, *, markdown: bool = False, history: bool = False) -> str:
    lines = [f"## Audit of {source}" if markdown else f"Audit of {source}", ""]
    if audit.disagreements:
        periods = any(d.period for d in audit.disagreements) and history
        areas = any(d.area for d in audit.disagreements)
        rows = [
            [
                *([d.area or ""] if areas else []),
                d.id,
                *([d.period or ""] if periods else []),
                *(d.field, d.published, d.computed or "none", d.reason),
            ]
            for d in audit.disagreements
        ]
        headers = [*(["Area"] if areas else []), "ID", *(["Period"] if periods else [])]
        headers += ["Field", "Published", "Computed", "Why (from the rules)"]
        lines += [fitted(rows, headers, "github" if markdown else "simple", None, wrap=len(headers) - 1), ""]
    lines.append(summary_line(audit, history=history))
    return "\n".join(lines) + "\n"


def json_text(audit: Audit) -> str:
    document: dict[str, Any] = {
        "checked": audit.checked,
        **({"fields_checked": dict(audit.fields)} if audit.fields else {}),
        "agree": audit.agree,
        "disagreements": [
            {
                **({"area": d.area} if d.area else {}),
                "id": d.id,
                "period": d.period,
                "field": d.field,
                "published": d.published,
                "computed": d.computed,
                "reason": d.reason,
            }
            for d in audit.disagreements
        ],
    }
    return dumps(document) + "\n"
