"""Loading history files: a measure's values over many periods.

Long CSV (`id,period,value` plus optional `target`, `note`) or YAML (`measures: {ID: [{period, value}]}`
or `{ID: {"Apr-23": 12}}`). Labels are read by `periods`, values exactly as in quarter files; a
duplicate (id, period) names both lines and one measure may not mix months and quarters.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, NamedTuple

from ragcalc.errors import Collector, Finding, InputError, Reporter
from ragcalc.inputs import words
from ragcalc.inputs.entries import BENCHMARK, EVIDENCE_KEYS, evidence
from ragcalc.inputs.files import is_yaml_path, read_text
from ragcalc.inputs.numbers import (
    PLAIN_VALUE,
    differing_target,
    parse_target,
    parse_value,
    percent_sign_allowed,
    percent_sign_problem,
    period_target_problem,
)
from ragcalc.inputs.parsers import area_name, normal_id
from ragcalc.inputs.rules import unknown_id
from ragcalc.inputs.yamltree import Item, load_yaml, unknown_keys
from ragcalc.rating.model import Published, Quantity, Rule
from ragcalc.rating.series import History, Key, Point, Series
from ragcalc.rating.vocabulary import Kind

if TYPE_CHECKING:
    from ragcalc.rating.model import Evidence, Target
    from ragcalc.rating.periods import Period
    from ragcalc.rating.series import Frame

_PURE = "read by the pure engine: "  # how --verbose says a history was read row by row, before why
PUBLISHED_KEYS = ("published_rag", "published_direction")  # what a draft states, for `audit`
PREDICTED_KEYS = ("predicted_rag", "predicted_value")  # the year-end a draft predicts (carried with the extras)
YEAR_AGO_KEY = "published_direction_year_ago"  # the arrow a draft publishes against a year before (also an extra)
DRAFT_EXTRAS = (*PREDICTED_KEYS, YEAR_AGO_KEY)
EXTRA_KEYS = (*EVIDENCE_KEYS, *DRAFT_EXTRAS)
CSV_COLUMNS = ("area", "id", "period", "value", "target", "note", *PUBLISHED_KEYS, *EXTRA_KEYS, "name")
POINT_KEYS = ("period", "value", "target", "note", *PUBLISHED_KEYS, "area", *EXTRA_KEYS, "benchmarks")
_FAST_VALUE = PLAIN_VALUE.fullmatch

Cell = str | Decimal | None


class Row(NamedTuple):
    """One row of a history as written (a CSV line, a YAML entry), before it is checked against its rule."""

    line: int
    label: str  # the period as written
    value: Cell
    target: Cell = None
    note: str | None = None
    published_rag: Cell = None
    published_direction: Cell = None
    area: str | None = None
    extras: dict[str, Cell] | None = None  # the cells for a benchmark comparison and a prediction, by column


def load_history(
    path: str,
    rules: list[Rule],
    collector: Collector,
    declared: Set[str] = frozenset(),
    text: str | None = None,
    engine: str = "pure",
) -> History:
    """The series of a history file (`text`, when the caller has read it already); problems go to `collector`.
    `engine` (`--engine`): `fast` and `auto` read a clean CSV by columns where the fast extra allows."""
    text = read_text(path) if text is None else text
    report = Reporter(collector, path)
    builder = _Builder(report, rules, declared)
    found = len(collector.findings)
    if is_yaml_path(path):
        builder.read_by = _PURE + "a YAML file"
        rows = list(_yaml_rows(text, report))
        if any(row.area is not None for _, row in rows):  # a file of areas: every entry names its area
            rows = [(measure_id, row) for measure_id, row in rows if _has_area(row, report.about(measure=measure_id))]
        for measure_id, row in rows:
            builder.add(measure_id, row)
    else:
        _csv_load(text, builder, report, engine)
    history = builder.history()
    if not history.series and not builder.rows and len(collector.findings) == found:  # it would pass every gate
        raise InputError("has no values: nothing to rate; add rows of id,period,value", path, code="structure")
    return history


class _Builder:
    """Collects points per measure, checking each row as it comes: known id, period, value, no duplicate."""

    def __init__(self, report: Reporter, rules: list[Rule], declared: Set[str]) -> None:
        self.report, self.path, self.declared = report, report.file, declared
        # here, not at the top: a quarter file needs none of periods' patterns
        from ragcalc.rating import periods

        self.parse_period = periods.parse
        self.by_id = {rule.id: rule for rule in rules}
        self.labels: dict[str, Period] = {}
        self.points: dict[Key, dict[int, Point]] = {}  # by (area, id), then period index: one granularity each
        self.unknown: set[str] = set()
        self.normal: dict[str, str | None] = {}  # each id as written that no rule has, as compared
        self.rows = 0  # rows read one by one (the clean-CSV reader builds its series itself)
        self.ordered: dict[Key, Series] | None = None  # each series in time order, once known
        self.areas: dict[str, None] = {}  # in the order the file first gives them
        self.carries: frozenset[str] = frozenset()  # the published columns of a CSV history, read or not
        self.differs: set[Key] = set()  # series whose target differs from the rule's: warned of once
        self.frame: Frame | None = None  # the file as columns, when the fast engine read it
        self.read_by = ""  # how the file was read, when an engine was asked for (--verbose says)

    def add(self, measure_id: str, row: Row) -> None:
        line, label, value, target, note, published_rag, published_direction, area, extras = row
        self.rows += 1
        if area is not None:
            self.areas.setdefault(area)
        rule = self.by_id.get(measure_id)
        if rule is None:
            normal = self._normal_id(measure_id, line)
            if normal is None:
                return
            measure_id, rule = normal, self.by_id.get(normal)
        period = self.labels.get(label)
        if rule is None or rule.kind is Kind.PROJECT or period is None:
            if rule is None and measure_id in self.declared:  # its rule did not load: still check the number
                self._value_without_rule(measure_id, line, value)
            rule, period = self._checked(measure_id, line, label, rule)
            if rule is None or period is None:
                return
        match = _FAST_VALUE(value) if type(value) is str else None
        if match is not None and (not match[2] or percent_sign_allowed(rule.unit)):  # 69.8, or 69.8% where allowed
            quantity: Quantity | None = Quantity(Decimal(match[1]), match[0])
        else:
            parsed = self._value(rule, line, value)
            if parsed is False:
                return
            quantity = parsed
        override = None
        if target is not None and target != "":
            try:
                override = parse_target(target)
            except ValueError as exc:
                self.report.about(measure=measure_id).error(f"target: {exc}", at=line, code="bad-target")
                return
            problem = (
                None
                if override is None
                else period_target_problem(override, rule.polarity, rule.unit, rated=rule.rated_by_value)
            )
            if problem is not None:  # checked as a rule file's target is: it is the target in force
                self.report.about(measure=measure_id).error(problem.message, at=line, code=problem.code)
                return
            if override is not None and (area, measure_id) not in self.differs:
                self._check_target(override, rule.at(period), line, area)
        key = (area, measure_id)
        points = self.points.get(key)
        if points is None:
            points = self.points[key] = {}
        elif self._clashes(points, period, line, measure_id, area):
            return
        predicted = {key: extras.pop(key) for key in DRAFT_EXTRAS if key in extras} if extras else {}
        published = None
        if published_rag or published_direction or any(cell not in (None, "") for cell in predicted.values()):
            published = self._published(rule, line, published_rag, published_direction, predicted)
        no_target = str(target).strip() if override is None and target is not None and target != "" else None
        found = None if not extras else self._evidence(rule, line, extras, area)
        points[period.index] = Point(
            period,
            quantity,
            line,
            target=override,
            note=note or None,
            published=published,
            no_target=no_target,
            evidence=found,
        )

    def _check_target(self, own: Target, rule: Rule, line: int, area: str | None) -> None:
        """A warning at a series' first row whose target differs from the rule's (one per series, not per row)."""
        differs = differing_target(own, rule)
        if differs is not None:
            self.differs.add((area, rule.id))
            self.report.about(measure=rule.id, area=area).warn(differs, at=line, code="target-differs")

    def _evidence(self, rule: Rule, line: int, cells: dict[str, Cell], area: str | None) -> Evidence | None:
        """The interval, numerator, denominator and benchmarks beside a value, read as quarter files read them."""

        def measured(key: str) -> Quantity | None:
            found = self._value(rule, line, cells.get(key), key)
            return None if found is False else found

        def counted(key: str) -> Quantity | None:
            try:
                return parse_value(cells.get(key))
            except ValueError as exc:
                self.report.about(measure=rule.id, area=area).error(f"{key}: {exc}", at=line, code="bad-value")
                return None

        return evidence({key: cell for key, cell in cells.items() if cell not in (None, "")}, measured, counted)

    def _published(
        self, rule: Rule, line: int, rag: Cell, direction: Cell, predicted: dict[str, Cell]
    ) -> Published | None:
        """What the draft states for the period; a word not understood is warned of and ignored, as in quarter files;
        a predicted value is checked as a value is."""
        said, problems = words.published(
            rule, rag, direction, predicted.get("predicted_rag"), predicted.get(YEAR_AGO_KEY)
        )
        for _, message in problems:
            self.report.about(measure=rule.id).warn(message, at=line, code="published-word")
        value = self._value(rule, line, predicted.get("predicted_value"), "predicted_value")
        if isinstance(value, Quantity):  # else not given, or reported
            said = (said or Published())._replace(predicted_value=value)
        return said

    def _normal_id(self, written: str, line: int) -> str | None:
        """The id as ids are compared (see keys.normal_id); None, reported once, where it cannot be one."""
        if written not in self.normal:
            try:
                self.normal[written] = normal_id(written)
            except ValueError as exc:
                self.normal[written] = None
                self.report.error(f"id: {exc}", at=line, code="bad-id")
        return self.normal[written]

    def _checked(self, measure_id: str, line: int, label: str, rule: Rule | None) -> tuple[Rule | None, Period | None]:
        if rule is None:
            if measure_id not in self.declared and measure_id not in self.unknown:
                self.report.about(measure=measure_id).error(
                    unknown_id(measure_id, self.by_id), at=line, code="unknown-id"
                )
                self.unknown.add(measure_id)
            return None, None
        if rule.kind is Kind.PROJECT:
            self.report.about(measure=rule.id).error(
                "is a hand-rated item (kind: project); history files hold measured values only",
                at=line,
                code="wrong-kind",
            )
            return None, None
        try:
            period = self.labels[label] = self.parse_period(label)
        except ValueError as exc:
            self.report.about(measure=rule.id).error(f"period: {exc}", at=line, code="bad-period")
            return None, None
        return rule, period

    def _value_without_rule(self, measure_id: str, line: int, value: str | Decimal | None) -> None:
        try:
            parse_value(value)
        except ValueError as exc:
            self.report.about(measure=measure_id).error(f"value: {exc}", at=line, code="bad-value")

    def _value(
        self, rule: Rule, line: int, value: str | Decimal | None, key: str = "value"
    ) -> Quantity | Literal[False] | None:
        problem = percent_sign_problem(key, value, rule.unit)
        if problem is not None:
            self.report.about(measure=rule.id).error(problem, at=line, code="percent-unit")
            return False
        try:
            return parse_value(value)
        except ValueError as exc:
            self.report.about(measure=rule.id).error(f"{key}: {exc}", at=line, code="bad-value")
            return False

    def _clashes(self, points: dict[int, Point], period: Period, line: int, measure_id: str, area: str | None) -> bool:
        """A second value for a period, or a period of another kind than the measure's first."""
        other = next(iter(points.values()))
        if other.period.granularity is not period.granularity:
            self.report.about(measure=measure_id, area=area).error(
                f"mixes {period.granularity.value}s and {other.period.granularity.value}s "
                f"('{period.label}' here, '{other.period.label}' at line {other.line}); "
                "keep one kind of period per measure",
                at=line,
                code="mixed-periods",
            )
            return True
        first = points.get(period.index)
        if first is not None:
            self.report.about(measure=measure_id, area=area).error(
                f"period '{period.label}' appears twice (first at line {first.line}); keep one",
                at=line,
                code="duplicate-period",
            )
            return True
        return False

    def history(self) -> History:
        if self.frame is not None:
            return self._columns(self.frame)
        if self.ordered is None:
            self.ordered = {
                (area, measure_id): Series.of(measure_id, tuple(map(found.__getitem__, sorted(found))), area)
                for (area, measure_id), found in self.points.items()
            }
        built, checked = [], set()
        for (_, measure_id), series in self.ordered.items():
            if measure_id not in checked:  # a profile fits the measure's periods or not, whatever the area
                checked.add(measure_id)
                _check_profile(self.by_id[measure_id], series, self.report)
            built.append(series)
        return History(tuple(built), self.path, tuple(self.areas), self.carries, read_by=self.read_by)

    def _columns(self, frame: Frame) -> History:
        """The history read by columns: its series made only when asked for (a trend written by columns is not)."""
        from ragcalc.rating.series import Made, areas_of

        series = Made(frame)
        if any(self.by_id[measure].profile is not None for measure in frame.ids):
            checked = set()
            for each in series:
                if each.id not in checked:
                    checked.add(each.id)
                    _check_profile(self.by_id[each.id], each, self.report)
        return History(series, self.path, tuple(areas_of(frame)), self.carries, frame, self.read_by)


def _check_profile(rule: Rule, series: Series, report: Reporter) -> None:
    """A cumulative rule's profile fits the periods the history gives (the finding is the rule file's)."""
    granularity = series.periods[0].granularity
    if rule.profile is not None and len(rule.profile) != granularity.per_year:
        where, path = rule.location, report.file
        report.collector.error(
            Finding(
                f"profile has {len(rule.profile)} fractions but {path} gives {granularity.value}ly values "
                f"({granularity.per_year} a year); give one fraction per {granularity.value}",
                where.file if where else path,
                where.line if where else None,
                measure=rule.id,
                code="bad-profile",
            )
        )


def _csv_load(text: str, builder: _Builder, report: Reporter, engine: str) -> None:
    from ragcalc.inputs import clean_csv, columnar  # here: only CSV history files need these
    from ragcalc.inputs.csvrows import csv_rows

    path, collector = report.file, report.collector
    why = columnar.why_pure(engine, text)
    if why is None:
        frame = columnar.read(text, builder.by_id, builder.parse_period, builder.labels)
        if isinstance(frame, str):
            why = frame
        else:
            builder.frame, builder.read_by = frame, "read by the fast engine (columns)"
            return
    builder.read_by = _PURE + why
    clean = clean_csv.read(text, builder.by_id, builder.parse_period, builder.labels)
    if clean is not None:  # checked column by column; otherwise read row by row, which reports each problem
        builder.ordered = clean
        builder.areas = dict.fromkeys(area for area, _ in clean if area is not None)
        return
    index, rows = csv_rows(path, text, CSV_COLUMNS, "id,period,value", collector, BENCHMARK)
    for column in ("period", "value"):  # without values nothing is rated, and every gate would pass
        if column not in index:
            raise InputError(
                f"has no '{column}' column; a history needs at least 'id,period,value'", path, code="structure"
            )
    builder.carries = frozenset(key for key in (*PUBLISHED_KEYS, YEAR_AGO_KEY) if key in index)
    at_id, at_period = index["id"], index["period"]
    at_value, at_target, at_note = index.get("value"), index.get("target"), index.get("note")
    at_rag, at_direction = (index.get(key) for key in PUBLISHED_KEYS)
    at_area = index.get("area")
    at_extras = {name: at for name, at in index.items() if name in EXTRA_KEYS or name.startswith(BENCHMARK)}
    for line, row in rows:
        label = row[at_period].strip()
        if not label:
            report.about(measure=row[at_id].strip()).error("row has no period", at=line, code="bad-period")
            continue
        written = Row(  # every field in order, by position: one for each of a million rows (keywords cost 0.7 µs)
            line,
            label,
            None if at_value is None else row[at_value].strip(),
            None if at_target is None else row[at_target].strip(),
            None if at_note is None else row[at_note].strip(),
            None if at_rag is None else row[at_rag].strip(),
            None if at_direction is None else row[at_direction].strip(),
            None if at_area is None else _area(row[at_area], line, report),
            {name: row[at].strip() for name, at in at_extras.items()} if at_extras else None,
        )
        builder.add(row[at_id].strip(), written)


def _yaml_rows(text: str, report: Reporter) -> Iterator[tuple[str, Row]]:
    path, collector = report.file, report.collector
    root = load_yaml(path, text, collector)
    if root is None or not root.is_mapping or "measures" not in root.mapping():
        raise InputError(
            "expected 'measures:' with each measure's periods, e.g. measures: {VS101: {Apr-23: 12, May-23: 15}}",
            path,
            code="structure",
        )
    unknown_keys(path, root.mapping(), ("measures",), "a history file holds 'measures'", collector)
    measures = root.mapping()["measures"]
    if not measures.is_mapping:
        raise InputError("'measures:' must map each id to its periods", path, measures.line, code="structure")
    for measure_id, series in measures.mapping().items():
        if series.is_mapping:  # {"Apr-23": 12, "May-23": 15}
            for label, value in series.mapping().items():
                amount = _scalar(value, report.about(measure=measure_id))
                yield measure_id, Row(line=value.line, label=label, value=amount)
        elif series.is_sequence:  # [{period: Apr-23, value: 12}, ...]
            for entry in series.sequence():
                row = _entry(entry, report.about(measure=measure_id))
                if row is not None:
                    yield measure_id, row
        else:
            report.about(measure=measure_id).error(
                "expected the measure's periods, as {Apr-23: 12, ...} or a list of {period: ..., value: ...}",
                at=series,
                code="structure",
            )


def _scalar(item: Item, report: Reporter) -> str | Decimal | None:
    value = item.scalar() if item.is_scalar else None
    if not item.is_scalar or isinstance(value, bool):
        report.error(
            f"expected a number or text, got '{item.text}'" if item.is_scalar else "expected a number or text",
            at=item,
            code="wrong-type",
        )
        return None
    return value if isinstance(value, Decimal) or value is None else item.text


def _entry(entry: Item, report: Reporter) -> Row | None:
    """One entry of a measure's list (`report` is about the measure)."""
    if not entry.is_mapping or "period" not in entry.mapping():
        report.error("each entry needs a period, e.g. {period: Apr-23, value: 12}", at=entry, code="structure")
        return None
    fields = entry.mapping()
    holds = f"an entry holds {', '.join(POINT_KEYS)}"
    unknown_keys(report.file, fields, POINT_KEYS, holds, report.collector, report.measure)
    values = {key: _scalar(item, report) for key, item in fields.items() if key in POINT_KEYS and key != "benchmarks"}
    extras: dict[str, Cell] = {key: values[key] for key in EXTRA_KEYS if key in values}
    given = fields.get("benchmarks")
    if given is not None and given.is_mapping:  # {England: 64.3%}
        extras.update({BENCHMARK + name: _scalar(item, report) for name, item in given.mapping().items()})
    note = values.get("note")
    return Row(
        line=entry.line,
        label=fields["period"].text or "",
        value=values.get("value"),
        target=values.get("target"),
        note=None if note is None else str(note),
        published_rag=values.get("published_rag"),
        published_direction=values.get("published_direction"),
        area=None if values.get("area") is None else _area(str(values["area"]), entry.line, report),
        extras=extras or None,
    )


def _has_area(row: Row, report: Reporter) -> bool:
    """In a file of areas, whether an entry names its area (one that does not is reported, never dropped unsaid)."""
    if row.area is not None:
        return True
    message = "area: the entry has none; in a file of areas every entry names its area, e.g. {period: Q1, area: Leeds}"
    report.error(message, at=row.line, code="bad-area")
    return False


def _area(written: str, line: int, report: Reporter) -> str | None:
    """An area's name as areas are compared (see `parsers.area_name`); None, reported, where it cannot be one."""
    try:
        return area_name(written)
    except ValueError as exc:
        report.error(f"area: {exc}", at=line, code="bad-area")
        return None
