"""Loading history files (a measure's values over many periods) and telling them from quarter files.

Long CSV (`id,period,value` plus optional `target`, `note`) or YAML (`measures: {ID: [{period, value}]}`
or `{ID: {"Apr-23": 12}}`). Labels are read by `periods`, values exactly as in quarter files; a
duplicate (id, period) names both lines and one measure may not mix months and quarters.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Set
from decimal import Decimal

from ragcalc import periods
from ragcalc.errors import Collector, Finding, InputError, did_you_mean
from ragcalc.model import History, Kind, Point, Quantity, Rule, Series, Unit
from ragcalc.numbers import parse_target, parse_value, value_has_percent
from ragcalc.periods import Period
from ragcalc.source import Item, csv_records, is_yaml_path, load_yaml, read_text

CSV_COLUMNS = ("id", "period", "value", "target", "note", "name")  # 'name' is accepted and ignored
POINT_KEYS = ("period", "value", "target", "note")
QUARTER_ONLY_COLUMNS = ("previous", "rag", "previous_rag", "direction", "published_rag", "published_direction")
_PLAIN = re.compile(r"-?\d+(\.\d+)?")

Raw = tuple[int, str, str | Decimal | None, str | Decimal | None, str | None]  # line, label, value, target, note


def looks_like_history(path: str, text: str) -> bool:
    """A CSV with a period column and none of the quarter-only columns, or YAML whose entries are series."""
    if os.path.splitext(path)[1].lower() == ".csv":
        lines = [line for line in text.splitlines() if line.strip() and not line.lower().startswith("sep=")]
        header = [cell.strip().lower() for cell in lines[0].split(",")] if lines else []
        return "period" in header and not set(header) & set(QUARTER_ONLY_COLUMNS)
    if not is_yaml_path(path):
        return False
    return re.search(r"^\s+[^\s:#]+:\s*(\[|\n\s*-\s)", text, re.M) is not None or bool(
        re.search(r"^\s+[^\s:#]+:\s*\{\s*['\"]?(Q[1-4]|[A-Za-z]{3}[- ]\d|\d{4}[-/])", text, re.M)
    )


def load_history(
    path: str, rules: list[Rule], collector: Collector, declared: Set[str] = frozenset(), text: str | None = None
) -> History:
    """The series of a history file (`text`, when the caller has read it already); problems go to `collector`."""
    text = read_text(path) if text is None else text
    raws = _yaml_rows(path, text, collector) if is_yaml_path(path) else _csv_rows(path, text, collector)
    by_id = {rule.id: rule for rule in rules}
    labels: dict[str, Period] = {}
    points: dict[str, dict[Period, Point]] = {}
    for measure_id, (line, label, value, target, note) in raws:
        rule = by_id.get(measure_id)
        if rule is None:
            if measure_id not in declared and measure_id not in points:
                collector.error(
                    Finding(
                        f"no rule defines this id{did_you_mean(measure_id, by_id)}; fix the id or "
                        "add the measure to the rules",
                        path,
                        line,
                        None,
                        measure_id,
                        code="unknown-id",
                    )
                )
                points[measure_id] = {}
            continue
        point = _point(path, line, rule, label, value, target, note, labels, collector)
        if point is None:
            continue
        series = points.setdefault(measure_id, {})
        first = series.get(point.period)
        if first is not None:
            collector.error(
                Finding(
                    f"period '{label}' appears twice (first at line {first.line}); keep one",
                    path,
                    line,
                    None,
                    measure_id,
                    code="duplicate-period",
                )
            )
            continue
        if series:
            other = next(iter(series.values()))
            if other.period.granularity is not point.period.granularity:
                collector.error(
                    Finding(
                        f"mixes {point.period.granularity.value}s and {other.period.granularity.value}s "
                        f"('{label}' here, '{other.period.label}' at line {other.line}); "
                        "keep one kind of period per measure",
                        path,
                        line,
                        None,
                        measure_id,
                        code="mixed-periods",
                    )
                )
                continue
        series[point.period] = point
    ordered = [
        Series(measure_id, tuple(sorted(found.values(), key=lambda p: p.period.index)))  # one granularity each
        for measure_id, found in points.items()
        if found
    ]
    for built in ordered:
        _check_profile(path, by_id[built.id], built, collector)
    return History(tuple(ordered), path)


def _check_profile(path: str, rule: Rule, series: Series, collector: Collector) -> None:
    granularity = series.points[0].period.granularity
    if rule.profile is not None and len(rule.profile) != granularity.per_year:
        where = rule.location
        collector.error(
            Finding(
                f"profile has {len(rule.profile)} fractions but {path} gives {granularity.value}ly values "
                f"({granularity.per_year} a year); give one fraction per {granularity.value}",
                where.file if where else path,
                where.line if where else None,
                None,
                rule.id,
                code="bad-profile",
            )
        )


def _point(
    path: str,
    line: int,
    rule: Rule,
    label: str,
    value: str | Decimal | None,
    target: str | Decimal | None,
    note: str | None,
    labels: dict[str, Period],
    collector: Collector,
) -> Point | None:
    def fail(message: str, code: str) -> None:
        collector.error(Finding(message, path, line, None, rule.id, code=code))

    if rule.kind is Kind.PROJECT:
        fail("is a hand-rated item (kind: project); history files hold measured values only", "wrong-kind")
        return None
    period = labels.get(label)
    if period is None:
        try:
            period = labels[label] = periods.parse(label)
        except ValueError as exc:
            fail(f"period: {exc}", "bad-period")
            return None
    if isinstance(value, str) and _PLAIN.fullmatch(value):  # the common case, without the general parser
        quantity: Quantity | None = Quantity(Decimal(value), value)
    else:
        if rule.unit is not Unit.PERCENT and value_has_percent(value):
            fail(
                f"value: '{value}' has a % sign but the measure's unit is {rule.unit.value}; set 'unit: percent' "
                "in the rules or drop the %",
                "percent-unit",
            )
            return None
        try:
            quantity = parse_value(value)
        except ValueError as exc:
            fail(f"value: {exc}", "bad-value")
            return None
    try:
        override = parse_target(target) if target not in (None, "") else None
    except ValueError as exc:
        fail(f"target: {exc}", "bad-target")
        return None
    return Point(period, quantity, override, note or None, line)


def _csv_rows(path: str, text: str, collector: Collector) -> Iterator[tuple[str, Raw]]:
    for line, record in csv_records(path, text, CSV_COLUMNS, "id,period,value", collector):
        if not record.get("period"):
            collector.error(Finding("row has no period", path, line, None, record["id"], code="bad-period"))
            continue
        yield record["id"], (line, record["period"], record.get("value"), record.get("target"), record.get("note"))


def _yaml_rows(path: str, text: str, collector: Collector) -> Iterator[tuple[str, Raw]]:
    root = load_yaml(path, text, collector)
    if root is None or not root.is_mapping or "measures" not in root.mapping():
        raise InputError(
            "expected 'measures:' with each measure's periods, e.g. measures: {VS101: {Apr-23: 12, May-23: 15}}",
            path,
            code="structure",
        )
    for key, item in root.mapping().items():
        if key != "measures":
            collector.error(
                Finding(
                    f"unknown key '{key}'{did_you_mean(key, ['measures'])}; a history file holds 'measures'",
                    path,
                    item.line,
                    item.column,
                    code="unknown-key",
                )
            )
    measures = root.mapping()["measures"]
    if not measures.is_mapping:
        raise InputError("'measures:' must map each id to its periods", path, measures.line, code="structure")
    for measure_id, series in measures.mapping().items():
        if series.is_mapping:  # {"Apr-23": 12, "May-23": 15}
            for label, value in series.mapping().items():
                yield measure_id, (value.line, label, _scalar(path, measure_id, value, collector), None, None)
        elif series.is_sequence:  # [{period: Apr-23, value: 12}, ...]
            for entry in series.sequence():
                row = _entry(path, measure_id, entry, collector)
                if row is not None:
                    yield measure_id, row
        else:
            collector.error(
                Finding(
                    "expected the measure's periods, as {Apr-23: 12, ...} or a list of {period: ..., value: ...}",
                    path,
                    series.line,
                    series.column,
                    measure_id,
                    code="structure",
                )
            )


def _scalar(path: str, measure_id: str, item: Item, collector: Collector) -> str | Decimal | None:
    value = item.scalar() if item.is_scalar else None
    if not item.is_scalar or isinstance(value, bool):
        collector.error(
            Finding(
                f"expected a number or text, got '{item.text}'" if item.is_scalar else "expected a number or text",
                path,
                item.line,
                item.column,
                measure_id,
                code="wrong-type",
            )
        )
        return None
    return value if isinstance(value, Decimal) or value is None else item.text


def _entry(path: str, measure_id: str, entry: Item, collector: Collector) -> Raw | None:
    if not entry.is_mapping or "period" not in entry.mapping():
        collector.error(
            Finding(
                "each entry needs a period, e.g. {period: Apr-23, value: 12}",
                path,
                entry.line,
                entry.column,
                measure_id,
                code="structure",
            )
        )
        return None
    fields = entry.mapping()
    for key, item in fields.items():
        if key not in POINT_KEYS:
            collector.error(
                Finding(
                    f"unknown key '{key}'{did_you_mean(key, POINT_KEYS)}; an entry holds {', '.join(POINT_KEYS)}",
                    path,
                    item.line,
                    item.column,
                    measure_id,
                    code="unknown-key",
                )
            )
    values = {key: _scalar(path, measure_id, item, collector) for key, item in fields.items() if key in POINT_KEYS}
    note = values.get("note")
    return (
        entry.line,
        fields["period"].text or "",
        values.get("value"),
        values.get("target"),
        None if note is None else str(note),
    )
