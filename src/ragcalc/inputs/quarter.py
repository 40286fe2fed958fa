"""Loading a quarter file (YAML or CSV) into `Reading`s checked against the rules.

Both formats become the same per-measure entries (key -> raw text or number, with a line), read by
one function, so YAML and CSV accept exactly the same values and report problems the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence, Set
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from ragcalc.errors import Collector, InputError, Reporter, did_you_mean
from ragcalc.formats import readable
from ragcalc.inputs import words
from ragcalc.inputs.entries import (
    BENCHMARK,
    ENTRY_KEYS,
    MEASURE_KEYS,
    PROJECT_KEYS,
    PUBLISHED,
    TABLE_COLUMNS,
    evidence,
)
from ragcalc.inputs.files import is_table_path, is_yaml_path, read_text
from ragcalc.inputs.numbers import (
    Problem,
    differing_target,
    parse_target,
    parse_value,
    percent_sign_problem,
    period_target_problem,
)
from ragcalc.inputs.parsers import area_name, normal_id
from ragcalc.inputs.published import NO_COUNTS, Counted, published_counts
from ragcalc.inputs.rules import unknown_id
from ragcalc.inputs.yamltree import Item, load_yaml, unknown_keys
from ragcalc.rating.engine import in_force
from ragcalc.rating.model import Location, Published, Quarter, Reading, Rule, Target
from ragcalc.rating.vocabulary import Kind

if TYPE_CHECKING:
    pass

TOP_KEYS = ("period", "previous_period", "measures", "areas", "present_only", "published_counts")
CSV_COLUMNS = TABLE_COLUMNS

Raw = str | Decimal | None
NO_ROWS = {  # what to add to a quarter file with no entries, by whether it is YAML
    True: "add them under 'measures:', e.g. VS101: {value: 70%, previous: 69%}",
    False: "add a row per measure under the header, e.g. VS101,70%,69%",
}


# an export's RAG and DoT columns are what the report publishes: said where they were read as hand ratings
PUBLISHED_HINT = {
    "rag": " (the rating a report publishes is published_rag; an export's RAG column maps to it: input: columns: "
    "{RAG: published_rag})",
    "direction": " (the arrow a report publishes is published_direction; an export's column maps to it: input: "
    "columns: {Direction: published_direction})",
}
_NOTHING = Published()  # what an entry states when it states nothing


class Cell(NamedTuple):
    raw: Raw
    line: int | None
    column: int | None = None


def load_quarter(
    path: str, rules: Sequence[Rule], collector: Collector, declared: Set[str] = frozenset(), text: str | None = None
) -> Quarter:
    """The readings of a quarter file (`text`, when the caller has read it already); problems go to `collector`.

    `declared` holds ids whose rules exist but did not load: their entries' numbers are still checked (so
    `validate` reports every finding), and nothing else is said of them.
    """
    text = read_text(path) if text is None else text
    found = len(collector.findings)
    report = Reporter(collector, path)
    present_only, counts = False, NO_COUNTS
    if is_yaml_path(path):
        period, previous_period, entries, present_only, counts = _yaml_entries(text, report)
    elif is_table_path(path):
        period, previous_period, entries = _csv_entries(text, report)
    else:
        raise InputError(f"unknown file type; a quarter file ends in {readable()}", path, code="unreadable")
    if not entries and len(collector.findings) == found:  # a scorecard of nothing would pass every gate
        raise InputError(f"has no measures: nothing to rate; {NO_ROWS[is_yaml_path(path)]}", path, code="structure")
    by_id = {rule.id: rule for rule in in_force(rules, period)}  # a file's target differs from the one in force
    readings = []
    for (area, written_id), (line, cells) in entries.items():
        try:
            measure_id = normal_id(written_id)
        except ValueError as exc:
            report.about(area=area).error(f"id: {exc}", at=line, code="bad-id")
            continue
        rule = by_id.get(measure_id)
        if rule is None and measure_id in declared:
            _check_numbers(cells, report.about(measure=measure_id))
            continue
        if rule is None:
            message = unknown_id(measure_id, by_id)
            report.about(measure=measure_id, area=area).error(message, at=line, code="unknown-id")
            continue
        reading = _reading(line, rule, cells, report.about(measure=rule.id, area=area))
        if reading is not None:
            readings.append(reading)
    areas = tuple(dict.fromkeys(area for area, _ in entries if area is not None))
    carries = frozenset(key for _, cells in entries.values() for key in cells if key in PUBLISHED)
    year_ago = any(reading.year_ago is not None for reading in readings)
    return Quarter(period, previous_period, tuple(readings), path, areas, carries, present_only, counts, year_ago)


def _check_order(period: str | None, previous: str | None, report: Reporter, at: int | None) -> None:
    """previous_period must come before period (`at`: the line giving it): swapped, every arrow would point the wrong
    way."""
    from ragcalc.rating import periods

    try:
        now, before = periods.parse(period or ""), periods.parse(previous or "")
    except ValueError:
        return  # words ragcalc does not read as periods: nothing to compare
    if before.granularity is now.granularity and not before < now:
        where = "the same period as" if before == now else "after"
        report.error(
            f"previous_period '{previous}' is {where} period '{period}'; the previous period comes first "
            "(swap them if they are the wrong way round)",
            at=at,
            code="period",
        )


class Entry(NamedTuple):
    """A measure's entry as written: the line it starts on and its cells, by key."""

    line: int
    cells: dict[str, Cell]


Entries = dict[tuple[str | None, str], Entry]  # by (area, id as written)


def _yaml_entries(text: str, report: Reporter) -> tuple[str | None, str | None, Entries, bool, Counted]:
    path, collector = report.file, report.collector
    root = load_yaml(path, text, collector)
    if root is None:
        raise InputError("is empty; a quarter file needs 'measures:'", path, code="structure")
    if not root.is_mapping:
        raise InputError(
            "expected 'period:' and 'measures:' at the top of a quarter file", path, root.line, code="structure"
        )
    top = root.mapping()
    unknown_keys(path, top, TOP_KEYS, "a quarter file holds 'period', 'previous_period' and 'measures'", collector)
    period, previous = (_text_or_none(top.get(key), key, report) for key in ("period", "previous_period"))
    _check_order(period, previous, report, top["previous_period"].line if "previous_period" in top else None)
    present_only = _present_only(top.get("present_only"), report)
    counts = published_counts(top.get("published_counts"), report)
    entries: Entries = {}
    if "areas" in top:
        _yaml_areas(top, report, entries)
        return period, previous, entries, present_only, counts
    measures = top.get("measures")
    if measures is None or not measures.is_mapping:
        line = measures.line if measures else root.line
        report.error("'measures:' must be a mapping of id: {value: ..., previous: ...}", at=line, code="structure")
        return period, previous, {}, present_only, counts
    _yaml_measures(measures, report, entries)
    return period, previous, entries, present_only, counts


def _present_only(item: Item | None, report: Reporter) -> bool:
    """`present_only: true`: the file covers only the measures it gives (a report of 12 of a council's 33)."""
    if item is None:
        return False
    value = item.scalar() if item.is_scalar else None
    if not isinstance(value, bool):
        report.error(f"present_only: expected true or false, got '{item.text}'", at=item, code="wrong-type")
        return False
    return value


def _yaml_areas(top: dict[str, Item], report: Reporter, entries: Entries) -> None:
    """`areas: {Leeds: {measures: {...}}, York: {...}}`: each area's entries, as a file of one area's."""
    areas = top["areas"]
    if "measures" in top or not areas.is_mapping:
        why = "gives 'measures:' beside 'areas:'" if "measures" in top else "'areas:' is not a mapping"
        report.error(f"{why}; write areas: {{Leeds: {{measures: {{VS101: 70%}}}}}}", at=areas.line, code="structure")
        return
    seen: dict[str, int] = {}  # each area as compared ('Leeds' and ' Leeds ' are one): its first line
    for written, item in areas.mapping().items():
        try:
            area = area_name(written)
        except ValueError as exc:
            report.error(f"area: {exc}", at=item.line, code="bad-area")
            continue
        if area in seen:
            message = f"duplicate area '{area}' (first at line {seen[area]}; names are compared without end spaces)"
            report.error(f"area: {message}; keep one entry per area", at=item.line, code="bad-area")
            continue
        seen[area] = item.line
        measures = item.mapping().get("measures") if item.is_mapping else None
        if measures is None or not measures.is_mapping:
            report.about(area=area).error(
                "expected the area's 'measures:', e.g. {measures: {VS101: 70%}}", at=item.line, code="structure"
            )
            continue
        unknown_keys(report.file, item.mapping(), ("measures",), "an area holds 'measures'", report.collector)
        _yaml_measures(measures, report.about(area=area), entries)


def _yaml_measures(measures: Item, report: Reporter, entries: Entries) -> None:
    """Each measure's entry as cells (`report` narrowed to the area, in a file of areas)."""
    for measure_id, item in measures.mapping().items():
        if item.is_scalar:
            cells = {"": Cell(_raw(item), item.line, item.column)}  # shorthand: resolved once the kind is known
        elif item.is_mapping:
            cells = {}
            for key, value in item.mapping().items():
                if key == "benchmarks" and value.is_mapping:  # {England: 64.3%, South West: 67.1%}
                    cells.update(
                        {
                            BENCHMARK + name: Cell(_raw(given), given.line, given.column)
                            for name, given in value.mapping().items()
                        }
                    )
                    continue
                if not value.is_scalar or isinstance(value.scalar(), bool):
                    report.about(measure=measure_id).error(
                        f"{key}: expected a number or text, got {_shown(value)}", at=value, code="wrong-type"
                    )
                    continue
                cells[key] = Cell(_raw(value), value.line, value.column)
        else:
            report.about(measure=measure_id).error(
                "expected {value: ..., previous: ...} or a single value, got a list", at=item, code="structure"
            )
            continue
        entries[(report.area, measure_id)] = Entry(item.line, cells)


def _shown(item: Item) -> str:
    return "a mapping" if item.is_mapping else "a list" if item.is_sequence else f"'{item.text}'"


def _raw(item: Item) -> Raw:
    value = item.scalar()
    return value if isinstance(value, (Decimal, type(None))) else item.text


def _text_or_none(item: Item | None, key: str, report: Reporter) -> str | None:
    if item is None:
        return None
    if not item.is_scalar:
        report.error(f"{key}: expected text such as '2022/23 Q4'", at=item, code="wrong-type")
        return None
    return None if item.scalar() is None else item.text


def _csv_entries(text: str, report: Reporter) -> tuple[str | None, str | None, Entries]:
    from ragcalc.inputs.csvrows import csv_records  # with the csv module: CSV files only

    entries: Entries = {}
    periods: dict[str, dict[str, int]] = {"period": {}, "previous_period": {}}
    for line, record in csv_records(report.file, text, CSV_COLUMNS, "id,value,previous", report.collector, BENCHMARK):
        measure_id, area = record["id"], None
        if "area" in record:
            try:
                area = area_name(record["area"])
            except ValueError as exc:
                report.about(measure=measure_id).error(f"area: {exc}", at=line, code="bad-area")
                continue
        if (area, measure_id) in entries:
            report.about(measure=measure_id, area=area).error(
                f"duplicate id (first at line {entries[(area, measure_id)].line}); keep one row per measure"
                + (" and area" if area else ""),
                at=line,
                code="duplicate-id",
            )
            continue
        for key, seen in periods.items():
            if record.get(key):
                seen.setdefault(record[key], line)
        cells = {
            key: Cell(value or None, line, column)  # a published column's empty cell: carried, stating nothing
            for column, (key, value) in enumerate(record.items(), start=1)  # records keep the header's order
            if (key in ENTRY_KEYS or key.startswith(BENCHMARK)) and (value or key in PUBLISHED)
        }
        entries[(area, measure_id)] = Entry(line, cells)
    for key, seen in periods.items():
        if len(seen) > 1:
            (first, line1), (second, line2) = list(seen.items())[:2]
            report.error(
                f"{key}: rows give '{first}' (line {line1}) and '{second}' (line {line2}); "
                "a quarter file holds one period",
                at=line2,
                code="period",
            )
    period, previous = next(iter(periods["period"]), None), next(iter(periods["previous_period"]), None)
    _check_order(period, previous, report, periods["previous_period"].get(previous or ""))
    return period, previous, entries


def _reading(line: int, rule: Rule, cells: dict[str, Cell], report: Reporter) -> Reading | None:
    """The reading of an entry, checked against its rule (`report` is about the measure and its area)."""
    project = rule.kind is Kind.PROJECT
    if "" in cells:
        cells = {"rag" if project else "value": cells[""]}

    def fail(message: str, cell: Cell, code: str) -> None:
        report.error(message, at=cell, code=code)

    for key, cell in cells.items():
        if key not in ENTRY_KEYS and re.fullmatch(r"\d+(\.\d+)?%?", key):  # YAML split '28,553' at its comma
            fail(
                f"unknown key '{key}': a number with a comma inside {{...}} must be quoted, e.g. {{value: \"28,553\"}}",
                cell,
                "unquoted-comma",
            )
        elif key not in ENTRY_KEYS and not key.startswith(BENCHMARK):
            fail(
                f"unknown key '{key}'{did_you_mean(key, ENTRY_KEYS)}; an entry holds {', '.join(ENTRY_KEYS)}",
                cell,
                "unknown-key",
            )
        elif project and key in MEASURE_KEYS:
            fail(
                f"{key}: {rule.id} is a hand-rated item (kind: project); "
                "give 'rag:' (and 'previous_rag:'), not a value",
                cell,
                "wrong-kind",
            )
        elif not project and key in PROJECT_KEYS:
            fail(
                f"{key}: only hand-rated items (kind: project) take '{key}'; {rule.id} is rated from its value"
                + PUBLISHED_HINT.get(key, ""),
                cell,
                "wrong-kind",
            )

    def read(key: str, parse: Callable[[Raw], Any]) -> Any:
        cell = cells.get(key)
        if cell is None or cell.raw is None:
            return None
        try:
            return parse(cell.raw)
        except ValueError as exc:
            fail(f"{key}: {exc}", cell, "bad-value" if key in MEASURE_KEYS else f"bad-{key.replace('_', '-')}")
            return None

    def quantity(key: str) -> Any:
        cell = cells.get(key)
        problem = None if cell is None else percent_sign_problem(key, cell.raw, rule.unit)
        if cell is not None and problem is not None:
            fail(problem, cell, "percent-unit")
            return None
        return read(key, parse_value)

    def warn(message: str, cell: Cell, code: str) -> None:
        report.warn(message, at=cell, code=code)

    own_target, no_target = _period_target(rule, cells.get("target"), fail, warn)
    said_keys = ("published_rag", "published_direction", "predicted_rag", "published_direction_year_ago")
    rag, direction, predicted, year_ago = (_raw_of(cells, key) for key in said_keys)
    said, problems = words.published(rule, rag, direction, predicted, year_ago)
    for key, message in problems:  # a draft's own wording must not stop the scorecard: warn and go on
        cell = cells[key]
        report.warn(message, at=cell, code="published-word")
    published, predicted_value = said or _NOTHING, quantity("predicted_value")
    if predicted_value is not None:
        published = published._replace(predicted_value=predicted_value)
    reading = Reading(
        id=rule.id,
        value=quantity("value"),
        previous=quantity("previous"),
        rag=read("rag", lambda raw: words.hand_rating(raw, rule)),
        previous_rag=read("previous_rag", lambda raw: words.hand_rating(raw, rule)),
        direction=read("direction", words.direction),
        published=published,
        note=read("note", str),
        location=Location(report.file, line),
        area=report.area,
        target=own_target,
        no_target=no_target,
        evidence=evidence(cells, quantity, lambda key: read(key, parse_value)),
        year_ago=quantity("year_ago"),
    )
    return reading if report.ok else None


def _raw_of(cells: Mapping[str, Cell], key: str) -> Raw:
    cell = cells.get(key)
    return None if cell is None else cell.raw


def _period_target(
    rule: Rule, cell: Cell | None, fail: Callable[[str, Cell, str], None], warn: Callable[[str, Cell, str], None]
) -> tuple[Target | None, str | None]:
    """The period's own target, checked as a rule file's is; or the words written for 'no target this period'."""
    if cell is None or cell.raw is None:
        return None, None
    try:
        target = parse_target(cell.raw)
    except ValueError as exc:
        fail(f"target: {exc}", cell, "bad-target")
        return None, None
    if target is None:
        return None, str(cell.raw).strip()
    problem = period_target_problem(target, rule.polarity, rule.unit, rated=rule.rated_by_value)
    if problem is None and target.ranged and rule.cumulative:
        problem = Problem(
            f"target: {rule.id} is cumulative, so its target is one year-to-date figure, not a range", "bad-target"
        )
    if problem is not None:
        fail(problem.message, cell, problem.code)
        return None, None
    differs = differing_target(target, rule)
    if differs is not None:
        warn(differs, cell, "target-differs")
    return target, None


def _check_numbers(cells: dict[str, Cell], report: Reporter) -> None:
    """The numbers of an entry whose rule did not load: each must read as a number, whatever the rule says."""
    for key in ("value", "previous", "target"):
        cell = cells.get(key)
        if cell is None or cell.raw is None:
            continue
        try:
            (parse_target if key == "target" else parse_value)(cell.raw)
        except ValueError as exc:
            code = "bad-target" if key == "target" else "bad-value"
            report.error(f"{key}: {exc}", at=cell, code=code)
