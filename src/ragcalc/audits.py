"""`audit`'s checks, without click: what a draft publishes (each measure's words, in a quarter or every period of a
history, and the counts it quotes) against what the rules give, and the gates that refuse an audit that checked
nothing. `app.audit` reads the files and prints; this module decides what was checked.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ragcalc import selection
from ragcalc.errors import Finding, InputError, UsageError
from ragcalc.output import audit as auditing
from ragcalc.rating import engine
from ragcalc.rating.model import Quarter, Rating, Rule

if TYPE_CHECKING:
    from ragcalc.inputs.rules import RuleSet
    from ragcalc.loading import Source
    from ragcalc.output.audit import Audit
    from ragcalc.rating.series import History


def audited(
    rules: str | RuleSet, path: str, source: Source, areas: Sequence[str], counts: str | os.PathLike[str] | None
) -> tuple[Audit, list[Finding], bool]:
    """A quarter's or a history's audit (see `of_quarter`, `of_history`), its warnings, and whether it was of a
    history; an audit that checked nothing raises (`checked_something`)."""
    from ragcalc.loading import load

    found, data, warnings, _ = load(path, rules, areas, source, notes=True)
    named = None if counts is None else os.fspath(counts)
    if isinstance(data, Quarter):
        result = of_quarter(found, data, path, named)
    elif named is not None:
        raise UsageError(f"--published-counts: {path} is a history; the counts are a quarter's")
    else:  # every period a draft rated: each against the period before (a year before for cumulative measures)
        result = of_history(found, data)
    checked_something(result, data.carries, warnings, path)
    return result, warnings, not isinstance(data, Quarter)


def of_quarter(rules: list[Rule], quarter: Quarter, path: str, counts: str | None) -> Audit:
    """A quarter's published words, and the counts it publishes (`published_counts:`, or a CSV file of them)."""
    ratings = engine.evaluate(rules, quarter)
    if quarter.present_only:  # the report covers only its own measures, and so do its counts
        ratings, _ = selection.present_only(ratings, path)
    result = auditing.compare(ratings, quarter.period)
    stated = quarter.counts
    if counts is not None:
        from ragcalc.inputs.published import counts_file

        stated = (*stated, *counts_file(counts))
    return auditing.with_counts(result, ratings, stated, counts or path) if stated else result


def of_history(rules: list[Rule], history: History) -> Audit:
    """Every period a draft rated, each against the period before (a year before for cumulative measures)."""
    from ragcalc.rating import timeline

    return auditing.compare(auditing.stated(timeline.trend(rules, history)))


def checked_something(result: Audit, carries: frozenset[str], warnings: Sequence[Finding], path: str) -> None:
    """A gate that checked nothing must not pass: no measure states anything, or a published column's every cell
    said nothing readable."""
    if result.checked == 0:
        unread = [warning for warning in warnings if warning.code == "published-word"]
        why = f" ({len(unread)} could not be read; the first: {unread[0]})" if unread else ""
        raise InputError(
            f"nothing to audit: no measure states a published_rag or published_direction{why}; "
            "add what the draft publishes (e.g. published_rag: green)",
            path,
            code="nothing-to-audit",
        )
    _check_every_field(result, carries, warnings, path)


def _check_every_field(result: Audit, carries: frozenset[str], warnings: Sequence[Finding], path: str) -> None:
    """A published column the file has but whose every cell said nothing readable (colour-only RAG cells carry
    no word) was checked on nothing: that must not pass as agreement."""
    checked = dict(result.fields)
    for column in sorted(carries):
        if checked.get(column.removeprefix("published_"), 0) == 0:
            unread = [warning for warning in warnings if warning.code == "published-word" and column in warning.message]
            why = f" ({len(unread)} could not be read; the first: {unread[0]})" if unread else ""
            raise InputError(
                f"{column}: the file has the column, but no row gives a word ragcalc can read{why}, so it was checked "
                "on nothing (colour-only cells carry no word); type the ratings as words (green, amber, red), or "
                "remove the column",
                path,
                code="nothing-to-audit",
            )


def predicted_periods(rules: list[Rule], history: History) -> list[Rating]:
    """In a history, each measure rated (with its forecast) at every period whose row predicts a year-end."""
    from ragcalc.rating import timeline

    stated = {
        point.period
        for series in history.series
        if not series.bare
        for point in series.points
        if point.published is not None and point.published.predicts
    }
    found: dict[tuple[str | None, str, str | None], Rating] = {}
    for period in sorted(stated):
        for rating in timeline.snapshot(rules, history, period, None).ratings:
            reading = rating.reading
            if reading is not None and reading.period == str(period):
                found.setdefault((rating.area, rating.rule.id, reading.period), rating)
    return list(found.values())
