"""Warnings about rules and quarter files that load but look wrong, for `ragcalc validate`.

Pure functions over loaded rules and readings; errors (input that cannot be read) come from the loaders.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from ragcalc.errors import Finding, differing_letters, lookalike
from ragcalc.inputs.numbers import has_percent_sign
from ragcalc.rating.model import Location, Quantity, Quarter, Reading, Rule
from ragcalc.rating.series import History, Point, Series
from ragcalc.rating.vocabulary import Kind, Status, Unit


def _at(rule: Rule) -> Location:
    return rule.location or Location("?")


def _warning(message: str, where: Location, measure: str, code: str) -> Finding:
    return Finding(message, where.file, where.line, column=where.column, measure=measure, severity="warning", code=code)


def _lookalike_ids(rules: Sequence[Rule]) -> list[Finding]:
    """Ids that differ only by case or by look-alike letters of another script ('C1', 'c1', a Cyrillic 'С1'): a
    reader cannot tell them apart, and a file's id may be meant for either."""
    first: dict[str, Rule] = {}
    found = []
    for rule in rules:
        seen = first.setdefault(lookalike(rule.id), rule)
        if seen is rule:
            continue
        line = f" ({seen.location.file}:{seen.location.line})" if seen.location else ""
        letters = differing_letters(rule.id, seen.id)
        which = f" ({letters})" if letters else ""
        message = (
            f"id '{rule.id}' differs from '{seen.id}'{line} only by case or by letters that look alike{which}; "
            "give each measure an id that can be told apart"
        )
        found.append(_warning(message, _at(rule), rule.id, "lookalike-id"))
    return found


def rule_warnings(rules: Iterable[Rule]) -> list[Finding]:
    rules = list(rules)
    found = _lookalike_ids(rules)
    for rule in rules:
        target, where = rule.target, _at(rule)
        if target is None:
            if rule.rated_by_value and rule.no_target_text is None and not rule.data_only:  # data only: none meant
                found.append(
                    _warning(
                        "rated measure has no target, so it is never RAG rated; add 'target:', or "
                        "write 'target: tbc' to say it is deliberate",
                        where,
                        rule.id,
                        "no-target",
                    )
                )
            continue
        if rule.unit is Unit.PERCENT and not 0 <= target.amount <= 100:
            found.append(
                _warning(
                    f"target '{target.text}' is outside 0-100 for a percent measure; check the number and the unit",
                    where,
                    rule.id,
                    "percent-target-range",
                )
            )
        if rule.tolerance.relative and target.amount == 0 and rule.tolerance.amount > 0:
            found.append(
                _warning(
                    f"tolerance '{rule.tolerance.text}' of a target of 0 is 0: the amber band is "
                    "empty; give an absolute tolerance (e.g. 'tolerance: 1')",
                    where,
                    rule.id,
                    "empty-amber-band",
                )
            )
        band = rule.tolerance.resolve(target.amount)
        if target.amount != 0 and band > abs(target.amount):
            resolved = f" ({band})" if rule.tolerance.relative else ""
            found.append(
                _warning(
                    f"tolerance '{rule.tolerance.text}'{resolved} is wider than the target "
                    f"'{target.text}' itself; check it is not meant as a percentage",
                    where,
                    rule.id,
                    "wide-tolerance",
                )
            )
    return found


def quarter_warnings(rules: Sequence[Rule], quarter: Quarter, skip: Iterable[str] = ()) -> list[Finding]:
    """Warnings for one quarter file; ids in `skip` (entries that had errors) are not warned about again."""
    readings = {reading.id: reading for reading in quarter.readings}
    skipped = set(skip)
    found = []
    for rule in rules:
        if rule.id in skipped or rule.status is Status.DISCONTINUED:
            continue
        reading = readings.get(rule.id)
        if reading is None and quarter.present_only:
            continue  # the file covers only its own measures: the others are left out, said once by evaluate
        if reading is None:
            found.append(
                _warning(
                    "has no entry in this file, so it is reported as 'no data'",
                    Location(quarter.source),
                    rule.id,
                    "no-value",
                )
            )
            continue
        where = reading.location or Location(quarter.source)
        if rule.kind is Kind.PROJECT:
            if reading.rag is None:
                found.append(_warning("has no rag this period", where, rule.id, "no-value"))
        elif reading.value is None:
            found.append(_warning("has no value this period, so it is not rated", where, rule.id, "no-value"))
        elif reading.previous is None and rule.rated:
            found.append(
                _warning(
                    "has a value but no previous value, so no direction of travel is possible",
                    where,
                    rule.id,
                    "no-previous",
                )
            )
    mixed = _mixed_percent_signs(rules, quarter.readings)
    found += mixed + _out_of_range(rules, quarter.readings)
    if not mixed:  # a value without % among values with one is already said to be a fraction, perhaps
        found += _fractions(rules, quarter.readings)
    return found


def _fractions(rules: Sequence[Rule], readings: Sequence[Reading]) -> list[Finding]:
    by_id = {rule.id: rule for rule in rules}
    return [
        _fraction_warning(name, quantity, by_id[reading.id], reading.location)
        for reading in readings
        if reading.id in by_id
        for name, quantity in (("value", reading.value), ("previous", reading.previous))
        if _fraction_of_percent(by_id[reading.id], quantity)
    ]


def history_warnings(rules: Sequence[Rule], history: History) -> list[Finding]:
    """Warnings for one history file: values that look like fractions of a percentage."""
    by_id = {rule.id: rule for rule in rules}
    return [
        _fraction_warning("value", point.value, by_id[series.id], Location(history.source, point.line))
        for series in history.series
        if series.id in by_id and by_id[series.id].unit is Unit.PERCENT
        for point in series.points
        if _fraction_of_percent(by_id[series.id], point.value)
    ]


def _fraction_of_percent(rule: Rule, quantity: Quantity | None) -> bool:
    """0.70 for a percent measure whose target is 74: what Excel exports for a cell formatted as a percentage.

    Only against a target of 10 or more, where a value of 1 or less would be short by nine-tenths or more."""
    target = rule.target
    return (
        rule.unit is Unit.PERCENT
        and quantity is not None
        and not has_percent_sign(quantity.text)
        and 0 < abs(quantity.amount) <= 1
        and target is not None
        and target.magnitude >= 10
    )


def _fraction_warning(name: str, quantity: Quantity | None, rule: Rule, where: Location | None) -> Finding:
    assert quantity is not None
    assert rule.target is not None
    as_percent = (quantity.amount * 100).normalize()
    return _warning(
        f"{name} '{quantity.text}' looks like a fraction, not a percentage, against a target of {rule.target.text} "
        f"(as Excel exports a cell formatted as %); write {as_percent:f} or {as_percent:f}% if that is meant",
        where or Location("?"),
        rule.id,
        "fraction-of-percent",
    )


NEVER_NEGATIVE = (Unit.PERCENT, Unit.COUNT, Unit.RATE, Unit.DAYS, Unit.YEARS)  # currency and scores may be


def _out_of_range(rules: Sequence[Rule], readings: Sequence[Reading]) -> list[Finding]:
    """Values a measure's unit cannot take: below 0 for counts, rates, days, years and percentages (unless the
    rule says its values are `signed`); over 100%."""
    units = {rule.id: rule.unit for rule in rules}
    signed = {rule.id for rule in rules if rule.signed}
    found = []
    for reading in readings:
        unit = units.get(reading.id)
        for name, quantity in (("value", reading.value), ("previous", reading.previous)):
            if quantity is None or unit is None:
                continue
            where = reading.location or Location("?")
            if quantity.amount < 0 and unit in NEVER_NEGATIVE and reading.id not in signed:
                found.append(
                    _warning(
                        f"{name} '{quantity.text}' is negative, which a {unit.value} cannot be; check the sign, "
                        "or add 'signed: true' to the rule if it can be (days behind a timetable)",
                        where,
                        reading.id,
                        "negative-value",
                    )
                )
            elif quantity.amount > 100 and unit is Unit.PERCENT:
                found.append(
                    _warning(
                        f"{name} '{quantity.text}' is over 100%; check the number, or the measure's unit",
                        where,
                        reading.id,
                        "percent-range",
                    )
                )
    return found


def _mixed_percent_signs(rules: Sequence[Rule], readings: Sequence[Reading]) -> list[Finding]:
    percent = {rule.id for rule in rules if rule.unit is Unit.PERCENT}
    written = [
        (reading, quantity.text)
        for reading in readings
        if reading.id in percent
        for quantity in (reading.value, reading.previous)
        if quantity is not None
    ]
    if not any(map(has_percent_sign, (text for _, text in written))):
        return []
    return [
        _warning(
            f"'{text}' has no % sign while other percent values in this file have one; check it is a "
            "percentage and not a fraction",
            reading.location or Location("?"),
            reading.id,
            "percent-sign-mixed",
        )
        for reading, text in written
        if not has_percent_sign(text)
    ]


def spc_warnings(rules: Sequence[Rule], history: History) -> list[Finding]:
    """What Making Data Count's own tool warns about before charting: a gap in the periods, a point without a
    value, a target that changes within a segment, a segment whose values are all equal, under 2 points."""
    from ragcalc.rating.spc import segment_bounds  # with the chart itself: only `spc` asks

    by_id = {rule.id: rule for rule in rules}
    found: list[Finding] = []
    for series in _worth_a_look(rules, history):
        rule = by_id.get(series.id)
        if rule is None:
            continue
        valued = [point for point in series.points if point.value is not None]
        found += [
            _warning(
                "has no value: the SPC chart leaves the period out", _at_point(history, point), rule.id, "spc-no-value"
            )
            for point in series.points
            if point.value is None
        ]
        for before, point in itertools.pairwise(valued):
            if point.period.index - before.period.index > 1:
                message = f"a gap: no value between {before.period} and {point.period}; the chart joins them"
                found.append(_warning(message, _at_point(history, point), rule.id, "spc-gap"))
        if len(valued) < 2:
            message = f"has {len(valued)} point{'s' if len(valued) != 1 else ''}: an SPC chart needs 2 for a limit"
            found.append(_warning(message, Location(history.source, series.points[0].line), rule.id, "spc-points"))
            continue
        for start, end in segment_bounds([point.period for point in valued], rule.spc):
            found += _segment_warnings(valued[start:end], rule, history.source)
    return found


def _worth_a_look(rules: Sequence[Rule], history: History) -> Sequence[Series]:
    """The series to look at: every one, or in a history read by columns, those its columns single out."""
    if history.frame is None:
        return history.series
    from ragcalc.rating.spccolumns import unusual

    return history.frame.some(unusual(history.frame, rules))


def _at_point(history: History, point: Point) -> Location:
    return Location(history.source, point.line)


def _segment_warnings(points: Sequence[Point], rule: Rule, source: str) -> list[Finding]:
    found = []
    first = Location(source, points[0].line)
    if len(points) > 1 and len({point.value.amount for point in points if point.value is not None}) == 1:
        message = (
            f"all {len(points)} values from {points[0].period} are equal: the moving ranges are 0, so the limits "
            "collapse onto the mean and no point is marked for it"
        )
        found.append(_warning(message, first, rule.id, "spc-flat"))
    targets = [(point, point.target.text if point.target else None) for point in points]
    changed = next((point for (_, a), (point, b) in itertools.pairwise(targets) if a != b), None)
    if changed is not None:
        message = (
            f"the target changes within an SPC segment (at {changed.period}); the assurance icon reads the latest: "
            f"add 'rebase: [{changed.period}]' to the rule's spc settings if the process changed then"
        )
        found.append(_warning(message, Location(source, changed.line), rule.id, "spc-target-change"))
    return found
