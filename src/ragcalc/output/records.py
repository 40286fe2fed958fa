"""A scorecard as records: each measure as the JSON contract describes it (also the CSV row), the summary's
counts, and the CSV and JSON text made of them.

Pure string building; the CLI decides where it goes. JSON is written by `jsonwriter`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from ragcalc.output import reasons, scorecard
from ragcalc.output.figures import decimal_of
from ragcalc.output.jsonwriter import MARK, Raw, chunks, dumps, scalars
from ragcalc.output.scorecard import Report, in_force_target
from ragcalc.rating.model import Counts, Rating, Reading, Rule, Target
from ragcalc.rating.vocabulary import Arrow, Rag, word_of

if TYPE_CHECKING:
    from ragcalc.rating.model import Compared
    from ragcalc.rating.ranking import Rank

CSV_FIELDS = (
    "id",
    "name",
    "group",
    "unit",
    "polarity",
    "value",
    "previous",
    "target",
    "comparator",
    "tolerance",
    "rag",
    "direction",
    "change",
    "published_rag",
    "published_direction",
    "note",
)


# ---- CSV ---------------------------------------------------------------------------------------


def csv_text(report: Report) -> str:
    import csv  # CSV only: the JSON that most runs write needs none of these
    import io

    from ragcalc.output.csvcells import cell

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if report.summary_only:
        summary = report.summary
        rows = [_flat(_counts_dict(counts, report, with_group=True)) for counts in (*summary.groups, summary.total)]
        header = rows[-1]  # the total: every year-end level in use
        writer.writerow(header)
        writer.writerows([cell(row.get(key, 0)) for key in header] for row in rows)
        return buffer.getvalue()
    fields: tuple[str, ...] = ("area", *CSV_FIELDS) if any(rating.area for rating in report.ratings) else CSV_FIELDS
    if report.year_ago:  # the second arrow's columns beside the first's
        at = fields.index("change")
        fields = (*fields[:at], "year_ago", "direction_year_ago", *fields[at:], "published_direction_year_ago")
    named = scorecard.named_targets(report.ratings)  # the other targets' columns, in words, where the rules give any
    fields = (*fields, *(f"vs {name}" for name in named))
    writer.writerow(fields)
    for rating in report.ratings:
        record = measure_record(rating, year_ago=report.year_ago)
        record.update({f"vs {name}": scorecard.named_cell(rating, name) for name in named})
        if "target_range" in record:  # a range's two edges, in the one target column
            record["target"] = f"{record['target_range']['low']} - {record['target_range']['high']}"
        if rating.rule.labels:  # the council's words, as in the table (JSON keeps the canonical ones)
            _labelled(record, rating)
        writer.writerow([cell(record.get(key)) for key in fields])
    return buffer.getvalue()


def _flat(counts: dict[str, Any]) -> dict[str, Any]:
    """A summary row for CSV: the year-end counts by level as columns of their own ('forecast_green')."""
    flat = {key: value for key, value in counts.items() if not isinstance(value, dict)}
    for key in ("predicted", "forecast"):
        flat.update({f"{key}_{level}": count for level, count in counts.get(key, {}).items()})
    return flat


def _labelled(record: dict[str, Any], rating: Rating) -> None:
    """A CSV row's words in the council's own (`labels:`)."""
    rule, reading = rating.rule, rating.reading
    record["rag"] = _label(rule, rating.rag, record["rag"])
    record["direction"] = _label(rule, rating.direction, record["direction"])
    if "direction_year_ago" in record:
        record["direction_year_ago"] = _label(rule, rating.direction_year_ago, record["direction_year_ago"])
    for key, published in (
        ("published_rag", reading.published.rag if reading else None),
        ("published_direction", reading.published.direction if reading else None),
        ("published_direction_year_ago", reading.published.direction_year_ago if reading else None),
    ):
        if published is not None:
            record[key] = rule.label(published) or record[key]


def _label(rule: Rule, word: Rag | Arrow | None, canonical: str | None) -> str | None:
    if word is None and canonical is None and rule.label(None) is None:
        return None
    return rule.label(word) or canonical


# ---- JSON --------------------------------------------------------------------------------------


def measure_record(rating: Rating, *, year_ago: bool = False) -> dict[str, Any]:
    """One measure as the JSON contract describes it (also the CSV row); with `year_ago`, its second arrow."""
    record = _record(rating)
    return _with_year_ago(record, rating) if year_ago else record


def _with_year_ago(record: dict[str, Any], rating: Rating) -> dict[str, Any]:
    """A record with the value a year before and the arrow against it, each beside its first's."""
    reading = rating.reading
    out: dict[str, Any] = {}
    for key, value in record.items():
        out[key] = value
        if key == "previous":
            out["year_ago"] = reading.year_ago.amount if reading and reading.year_ago else None
        elif key == "direction":
            out["direction_year_ago"] = word_of(rating.direction_year_ago)
        elif key == "reason":
            out[key] = {**value, "direction_year_ago": reasons.year_ago_reason(rating)}
        elif key == "published_direction":
            out["published_direction_year_ago"] = word_of(reading.published.direction_year_ago) if reading else None
    return out


class Cells(NamedTuple):
    """What differs from measure to measure of a rule, in the order its record gives it (the rest is its rule's, its
    target's and its tolerance's, unless `_shape` says otherwise; then its year-end fields)."""

    area: str | None
    value: Decimal | None
    previous: Decimal | None
    rag: str | None
    direction: str | None
    change: Decimal | None
    not_rated_reason: str | None
    rag_reason: str
    direction_reason: str
    published_rag: str | None
    published_direction: str | None
    note: str | None
    period: str | None
    periods_behind: int | None
    stale: bool


def _varying(rating: Rating) -> Cells:
    """A measure's `Cells`, its two reasons in words among them."""
    reading = rating.reading or _NO_READING
    value, previous = reading.value, reading.previous
    return Cells(
        rating.area,
        None if value is None else value.amount,
        None if previous is None else previous.amount,
        word_of(rating.rag),
        word_of(rating.direction),
        rating.change,
        word_of(rating.unrated),
        reasons.rag_reason(rating),
        reasons.direction_reason(rating),
        word_of(reading.published.rag),
        word_of(reading.published.direction),
        reading.note,
        reading.period,
        reading.periods_behind if reading.period else None,
        reading.stale,
    )


_NO_READING = Reading("")  # a measure with no data: each cell of its reading empty


def _record(rating: Rating, varying: Cells | None = None, year_end: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A measure's record: its `varying` cells and `year_end` fields (its own, unless given) among its rule's."""
    rule = rating.rule
    target = in_force_target(rating)
    now = _varying(rating) if varying is None else varying
    return {
        **({"area": now.area} if rating.area else {}),  # a file of many areas
        "id": rule.id,
        "name": rule.name,
        "group": rule.group,
        "tags": dict(rule.tags),
        "kind": rule.kind.word,
        "unit": rule.unit.word,
        "polarity": word_of(rule.polarity),
        "value": now.value,
        "previous": now.previous,
        "target": None if target is None or target.ranged else decimal_of(target.due),
        "comparator": word_of(target.comparator) if target else None,
        "tolerance": None if rating.tolerance is None else decimal_of(rating.tolerance),
        **_scheme_fields(rating, target),
        **({"benchmark": benchmark_record(rating.benchmark)} if rule.benchmark is not None else {}),
        **{level_key(each.level): benchmark_record(each) for each in rating.benchmark_levels if each.level},
        **({"targets": _named_records(rating)} if rule.targets else {}),
        "rag": now.rag,
        "direction": now.direction,
        "change": now.change,
        "not_rated_reason": now.not_rated_reason,
        "reason": {"rag": now.rag_reason, "direction": now.direction_reason},
        "published_rag": now.published_rag,
        "published_direction": now.published_direction,
        "note": now.note,
        "period": now.period,
        "periods_behind": now.periods_behind,
        "stale": now.stale,
        **(_year_end_fields(rating) if year_end is None else year_end),
    }


def _named_records(rating: Rating) -> list[dict[str, Any]]:
    """The other targets (`targets:`), each with whether the value meets it (null without a value)."""
    from ragcalc.rating.engine import meets

    reading = rating.reading
    value = reading.value.amount if reading and reading.value else None
    return [
        {
            "name": name,
            "target": None if target.ranged else decimal_of(target.amount),
            **({"target_range": {"low": target.amount, "high": target.high}} if target.ranged else {}),
            "comparator": word_of(target.comparator),
            "met": None if value is None else meets(rating.rule, value, target),
        }
        for name, target in rating.rule.targets
    ]


def _year_end_fields(rating: Rating) -> dict[str, Any]:
    """A draft's predicted year-end, where it states one; the projected year-end, where the rule asks for one."""
    out: dict[str, Any] = {}
    reading, forecast = rating.reading, rating.forecast
    if reading is not None and reading.predicts:
        out["predicted_rag"] = word_of(reading.published.predicted)
        out["predicted_value"] = reading.published.predicted_value.amount if reading.published.predicted_value else None
    if forecast is not None:
        out["forecast"] = None if forecast.value is None else decimal_of(forecast.value)
        out["forecast_rag"] = word_of(forecast.rag)
        out["forecast_method"] = forecast.method.word
        out["forecast_note"] = forecast.refused or forecast.caveat  # why none, or a limit it crosses
    return out


def benchmark_record(compared: Compared | None) -> dict[str, Any] | None:
    """A measure's comparison with its benchmark, as the JSON contract gives it (with the quartile among a group,
    and the level where the rule compares at more than one, or at one but 95%)."""
    if compared is None:
        return None
    from ragcalc.rating.benchmark import QUARTILES, short  # loaded already: the comparison was made with it

    ref, found = compared.ref, compared.interval
    named = {"value": ref.fixed} if ref.fixed is not None else {"area": ref.name}
    levels = compared.level is not None and compared.level != 95
    return {
        **named,
        "benchmark_value": None if compared.value is None else decimal_of(compared.value),
        "lower_ci": None if found is None else short(found.lower, compared.value),
        "upper_ci": None if found is None else short(found.upper, compared.value),
        "comparison": word_of(compared.comparison),
        **({"quartile": QUARTILES[compared.quartile - 1]} if compared.quartile is not None else {}),
        "method": compared.method.word,
        **({"level": compared.level} if levels else {}),
        "reason": compared.reason,
    }


def level_key(level: Decimal) -> str:
    """The JSON key of a comparison at a further confidence level: 'benchmark_99_8'."""
    return f"benchmark_{str(level).replace('.', '_')}"


def _scheme_fields(rating: Rating, target: Target | None) -> dict[str, Any]:
    """The keys of the schemes a measure's rule uses (a range, green_within, stretch): present only where used,
    so that a scorecard written with version 1's keys reads as it did."""
    rule = rating.rule
    out: dict[str, Any] = {}
    if target is not None and target.high is not None:
        out["target_range"] = {"low": target.amount, "high": target.high}
    if rule.green_within.amount or rule.stretch is not None:  # bands made again only where they are asked for
        bands = rating.bands
        if rule.green_within.amount and bands is not None:
            out["green_within"] = decimal_of(bands.first.green)
        if rule.stretch is not None:
            out["stretch"] = None if bands is None or bands.stretch is None else decimal_of(bands.stretch)
    return out


def _counts_dict(counts: Counts, report: Report, *, with_group: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"group": counts.group} if with_group else {}
    out.update({key: getattr(counts, key) for key in scorecard.report_count_keys(report)})
    out["on_target_pct"] = counts.on_target_pct
    out["improving_pct"] = counts.improving_pct
    if report.year_ago:
        out["improving_year_ago_pct"] = counts.improving_year_ago_pct
    total = report.summary.total
    if total.predicted:
        out["predicted"] = dict(counts.predicted)
    if total.forecast:
        out["forecast"] = dict(counts.forecast)
    return out


def _ranked(record: dict[str, Any], rating: Rating, ranks: Mapping[tuple[str, str], Rank] | None) -> dict[str, Any]:
    """A measure's JSON with its rank and quintile among the areas (--rank)."""
    if ranks is None:
        return record
    found = ranks.get((rating.area or "", rating.rule.id))
    return {**record, "rank": found.rank if found else None, "quintile": found.quintile if found else None}


def json_text(report: Report) -> str:
    summary = report.summary
    total = _counts_dict(summary.total, report, with_group=False)
    document = {
        "period": report.quarter.period,
        "previous_period": report.quarter.previous_period,
        "group_by": report.group_by,
        "measures": [] if report.summary_only else _measures(report),
        "summary": {
            "groups": [_counts_dict(c, report, with_group=True) for c in summary.groups],
            "total": total,
            "on_target_pct": total["on_target_pct"],
            "improving_pct": total["improving_pct"],
            **({"improving_year_ago_pct": total["improving_year_ago_pct"]} if report.year_ago else {}),
        },
    }
    return dumps(document) + "\n"


def _measures(report: Report) -> list[dict[str, Any] | Raw]:
    """Each measure's record, or its JSON: from the second on, a rule's measures that differ only in their `Cells` and
    the values of their year-end fields are written into the layout the second of them makes (a region's 51,000
    measures are 300 rules' records; a file of one area's measures are each alone, written whole)."""
    if report.year_ago or report.ranks is not None:  # keys beyond a template's
        return [_ranked(measure_record(r, year_ago=report.year_ago), r, report.ranks) for r in report.ratings]
    templates: dict[Hashable, str | None] = {}  # by shape: None for one seen once
    measures: list[dict[str, Any] | Raw] = []
    for rating in report.ratings:
        year_end = _year_end_fields(rating)
        shape = _shape(rating, tuple(year_end))
        if shape is None or shape not in templates:
            if shape is not None:
                templates[shape] = None
            measures.append(_record(rating, year_end=year_end))
            continue
        template = templates[shape] or _template(rating, tuple(year_end))
        templates[shape] = template
        cells = (*_varying(rating), *year_end.values())
        measures.append(Raw(template % scalars(cells)))
    return measures


def _shape(rating: Rating, year_end: tuple[str, ...]) -> Hashable | None:
    """What a measure's record takes from its rating besides its `Cells` and its `year_end` fields' values: the rule
    (alive as long as the report, so its id is its own), the target and the tolerance in force, which year-end
    fields it has. None for one that takes more (a benchmark, other targets, a scheme's bands), or that is
    its rule's only measure (no area named): its record is made whole."""
    rule = rating.rule
    if (
        not rating.area
        or rule.benchmark is not None
        or rating.benchmark_levels
        or rule.targets
        or rule.green_within.amount
        or rule.stretch is not None
    ):
        return None
    return id(rule), in_force_target(rating), rating.tolerance, year_end


_MARKED = Cells._make([Raw(MARK)] * len(Cells._fields))


def _template(rating: Rating, year_end: tuple[str, ...]) -> str:
    """A measure's JSON as a member of the document's measures, a %s for each of its varying cells, then for each
    of its `year_end` fields."""
    text = "".join(chunks(_record(rating, _MARKED, dict.fromkeys(year_end, Raw(MARK))), 2))
    return text.replace("%", "%%").replace(MARK, "%s")
