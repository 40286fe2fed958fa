"""Rendering `ragcalc spc`: a row per measure (latest value, mean, limits, the two icons) and the summary matrix
that opens an integrated performance report (measures counted by variation x assurance, per group); CSV and
JSON with every point.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ragcalc.output.charts import SpcPoint, Value
from ragcalc.output.csvcells import cell
from ragcalc.output.figures import decimal_of, rounded
from ragcalc.output.jsonwriter import Records, dumps, scalar
from ragcalc.output.tables import fitted, markdown_text, spaced
from ragcalc.rating.model import Rule
from ragcalc.rating.spc import (
    BEYOND,
    COMMON_CAUSE,
    SHIFT,
    TREND,
    TWO_OF_THREE,
    Assurance,
    Chart,
    Limits,
    Marked,
    Measured,
)
from ragcalc.rating.vocabulary import Polarity, Unit, word_of

VARIATIONS = (
    "improvement_high",
    "improvement_low",
    COMMON_CAUSE,
    "concern_high",
    "concern_low",
    "neither_high",
    "neither_low",
)
ASSURANCES = tuple(assurance.word for assurance in Assurance)
NONE = "none"  # no icon: too few points, or (assurance) no single target or no polarity
# the icons in a few ASCII letters, for narrow tables
LETTERS = {
    "improvement_high": "I-H",
    "improvement_low": "I-L",
    COMMON_CAUSE: "CC",
    "concern_high": "C-H",
    "concern_low": "C-L",
    "neither_high": "N-H",
    "neither_low": "N-L",
    "pass": "P",
    "hit_and_miss": "HM",
    "fail": "F",
}
POINT_KEYS = ("period", "value", "special_cause", "rules", "mean", "lcl", "ucl")


def _latest_limits(chart: Chart) -> Limits | None:
    return chart.points[-1].limits


def table(measured: Sequence[Measured], source: str, *, markdown: bool = False, width: int | None = 100) -> str:
    fmt = "github" if markdown else "simple"
    out = [f"## SPC: {source}" if markdown else f"SPC: {source}"]
    groups: dict[str, list[Measured]] = {}
    for each in measured:
        groups.setdefault(each.rule.group, []).append(each)
    areas = any(each.area for each in measured)
    headers = [*(["Area"] if areas else []), "ID", "Measure", "Latest", "Mean", "LCL", "UCL"]
    headers += ["Variation", "Assurance", "Icons"]
    for group, members in groups.items():
        rows = [[*([each.area or ""] if areas else []), *_row(each)] for each in members]
        out += ["", f"### {markdown_text(group)}" if markdown else group, ""]
        out.append(fitted(rows, headers, fmt, None if markdown else width, wrap=headers.index("Measure")))
        said = [f"Rebased {each.rule.id} at {label}: {why}" for each in members for label, why in rebases(each.rule)]
        out += ["", *(f"- {markdown_text(line)}" if markdown else line for line in said)] if said else []
    if not groups:
        out += ["", "No measure in the rules has values in this file."]
    out += ["", "### Summary: variation x assurance" if markdown else "Summary: variation x assurance", ""]
    rows, headers = _matrix_rows(measured)
    align = ("left", "left") + ("right",) * (len(headers) - 2)
    out.append(fitted(rows, headers, fmt, None if markdown else width, wrap=0, align=align))
    out += ["", "Limits are the latest segment's: mean ± 2.66 × the mean moving range (docs/spc.md)."]
    return "\n".join(out) + "\n"


def rebases(rule: Rule) -> list[tuple[str, str]]:
    """The rule's rebases that give a reason (`spc: {rebase: {Jul-22: new triage process}}`), as written."""
    rebase = rule.spc.rebase
    return [(period.label, why) for period, why in zip(rebase, rebase.reasons, strict=True) if why]


def _row(each: Measured) -> list[str]:
    chart, rule = each.chart, each.rule
    limits = _latest_limits(chart)
    latest = chart.points[-1]
    icons = " ".join(LETTERS.get(key or "", "-") for key in (chart.variation, word_of(chart.assurance)))
    cells = [limits.mean, limits.lcl, limits.ucl] if limits else [None, None, None]
    unit = "%" if rule.unit is Unit.PERCENT else ""
    return [
        rule.id,
        rule.name,
        format(latest.value, ",f") + unit,
        *("-" if amount is None else rounded(amount) + unit for amount in cells),
        spaced(chart.variation),
        spaced(word_of(chart.assurance)),
        icons,
    ]


Icons = tuple[str | None, str | None]  # a measure's variation and assurance icons (None: none)


def icons_of(measured: Measured) -> Icons:
    return measured.chart.variation, word_of(measured.chart.assurance)


def matrix(icons: Iterable[Icons]) -> dict[str, dict[str, int]]:
    """Measures counted by variation (rows) and assurance (columns), every cell present."""
    counts = {row: dict.fromkeys((*ASSURANCES, NONE), 0) for row in (*VARIATIONS, NONE)}
    for variation, assurance in icons:
        counts[variation or NONE][assurance or NONE] += 1
    return counts


def _matrix_rows(measured: Sequence[Measured]) -> tuple[list[list[str]], list[str]]:
    """Per group and in total, each variation its measures show, with their counts by assurance."""
    rows = []
    for group, members in _by_group([(each.rule.group, icons_of(each)) for each in measured]):
        for row, cells in matrix(members).items():
            if any(cells.values()):
                rows.append([group, spaced(row), *(str(cells[column]) for column in (*ASSURANCES, NONE))])
    return rows, ["Group", "Variation", *(spaced(column) for column in (*ASSURANCES, NONE))]


def _by_group(grouped: Sequence[tuple[str, Icons]]) -> list[tuple[str, list[Icons]]]:
    """Each group's measures' icons, the groups in the order they come, then the total's."""
    groups: dict[str, list[Icons]] = {}
    for group, icons in grouped:
        groups.setdefault(group, []).append(icons)
    return [*groups.items(), ("Total", [icons for _, icons in grouped])]


def summary(grouped: Sequence[tuple[str, Icons]]) -> dict[str, Any]:
    """The JSON's summary of each measure's group and icons: per group and in total, the variation x assurance
    matrix."""
    *groups, (_, every) = _by_group(grouped)
    return {
        "groups": [{"group": name, "measures": len(members), "matrix": matrix(members)} for name, members in groups],
        "total": {"measures": len(every), "matrix": matrix(every)},
    }


_NO_SEGMENT = object()  # before the first point


def _points(chart: Chart, last: int | None) -> Iterator[tuple[Any, ...]]:
    """Each shown point's POINT_KEYS: a segment's limits are made into digits once, as its points come in turn."""
    segment, limits = _NO_SEGMENT, limit_digits(None)
    for point in chart.points[-last:] if last else chart.points:
        if point.limits is not segment:  # the next segment (its points share one Limits)
            segment, limits = point.limits, limit_digits(point.limits)
        yield (point.period.label, point.value, word_of(point.cause), [*point.up, *point.down], *limits)


def limit_digits(limits: Limits | tuple[Fraction, Fraction, Fraction] | None) -> tuple[Decimal | None, ...]:
    """A segment's mean and limits (lower, upper: `Limits`' first three) as digits."""
    return (None, None, None) if limits is None else tuple(map(decimal_of, limits[:3]))


def _limit_json(limits: Limits | None) -> tuple[str, ...]:
    """A segment's mean and limits as JSON."""
    return ("null",) * 3 if limits is None else tuple(map(str, limit_digits(limits)))


class Encoded(dict[Any, str]):
    """Each label's, cause's and list of rules' JSON, made the first time it is asked for: they repeat."""

    def __missing__(self, key: Any) -> str:
        if isinstance(key, tuple):  # the rules marking a point, on one line
            self[key] = "[" + ", ".join(map(scalar, key)) + "]"
        else:
            self[key] = scalar(key)
        return self[key]


def _json_points(chart: Chart, last: int | None, encoded: Encoded) -> Iterator[tuple[str, ...]]:
    """Each point's POINT_KEYS as JSON; a segment's limits are made into digits once."""
    segment, limits = _NO_SEGMENT, _limit_json(None)
    for point in chart.points[-last:] if last else chart.points:
        if point.limits is not segment:  # the next segment (its points share one Limits)
            segment, limits = point.limits, _limit_json(point.limits)
        cause = word_of(point.cause)
        marks = encoded[point.up + point.down]
        yield (encoded[point.period.label], str(point.value), encoded[cause], marks, *limits)


def chart_points(chart: Chart) -> list[SpcPoint]:
    """The chart's points as `charts.spc_chart` draws them: value, its segment's mean and limits, its cause."""
    return [
        SpcPoint(
            Value(point.period.label, point.value, ""),  # a chart says the few values it names
            None if point.limits is None else (point.limits.mean, point.limits.lcl, point.limits.ucl),
            word_of(point.cause),
        )
        for point in chart.points
    ]


def measure_record(each: Measured, last: int | None, encoded: Encoded) -> dict[str, Any]:
    chart = each.chart
    fields = measure_fields(each.rule, limit_digits(_latest_limits(chart)), (*icons_of(each), chart.why_no_icons))
    points = Records.of_rows(POINT_KEYS, _json_points(chart, last, encoded))
    return measure_json(each.area, fields, rebases(each.rule), points)


MEASURE_KEYS = ("id", "name", "group", "mean", "ucl", "lcl", "variation", "assurance", "no_icon_reason")


def measure_fields(rule: Rule, limits: Sequence[Decimal | None], icons: Sequence[str | None]) -> tuple[Any, ...]:
    """A measure's MEASURE_KEYS: the rule's id, name and group; its latest segment's mean, lcl and ucl (`limits`, in
    that order); its variation, assurance and why it has no icons (`icons`)."""
    mean, lcl, ucl = limits
    return (rule.id, rule.name, rule.group, mean, ucl, lcl, *icons)


def measure_json(
    area: str | None, fields: Sequence[Any], rebased: Sequence[tuple[str, str]], points: Any
) -> dict[str, Any]:
    """A measure's object in the JSON: its area (a history of many areas), its MEASURE_KEYS, each rebase that gives
    its reason (a rule's list of periods alone adds nothing here), and its points (records, or their JSON text)."""
    return {
        **({"area": area} if area else {}),
        **dict(zip(MEASURE_KEYS, fields, strict=True)),
        **({"rebased": [{"period": label, "reason": why} for label, why in rebased]} if rebased else {}),
        "points": points,
    }


def json_text(measured: Sequence[Measured], last: int | None) -> str:
    encoded = Encoded()
    document = {
        "measures": (measure_record(each, last, encoded) for each in measured),
        "summary": summary([(each.rule.group, icons_of(each)) for each in measured]),
    }
    return dumps(document) + "\n"


def csv_text(measured: Sequence[Measured], last: int | None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    areas = any(each.area for each in measured)
    writer.writerow((*(("area",) if areas else ()), "id", "name", "group", *POINT_KEYS, "variation", "assurance"))
    for each in measured:
        rule, chart = each.rule, each.chart
        first = (*map(cell, (each.area or "", rule.id) if areas else (rule.id,)), cell(rule.name), cell(rule.group))
        icons = (chart.variation or "", word_of(chart.assurance) or "")
        for period, value, cause, rules, *limits in _points(chart, last):
            cells = (period, value, cause or "", " ".join(rules), *("" if x is None else x for x in limits))
            writer.writerow((*first, *cells, *icons))
    return buffer.getvalue()


# ---- explain --spc --------------------------------------------------------------------------------------

_RULE_WORDS = {
    BEYOND: "beyond the {side} limit",
    SHIFT: "a shift: {count} points in a row {side} the mean",
    TREND: "a {rising} trend: {count} points in a row each {side} the one before",
    TWO_OF_THREE: "two of three points beyond the {side} 2-sigma line",
}
_SIDES = {  # per rule, the words for the high and the low side
    BEYOND: ("upper", "lower"),
    SHIFT: ("above", "below"),
    TREND: ("above", "below"),
    TWO_OF_THREE: ("upper", "lower"),
}


def explain_text(each: Measured) -> str:
    """Why a measure's SPC icons are what they are: its segments and limits, the rules marking the latest point
    (with the points of each run), and the target against the latest limits."""
    rule, chart = each.rule, each.chart
    points = chart.points
    where = f" · {rule.location.file}:{rule.location.line}" if rule.location else ""
    lines = [
        f"{rule.id}  {rule.name}",
        f"Group: {rule.group}{where} · {len(points)} points, {points[0].period} to {points[-1].period}",
        "",
        "Segments (limits: mean ± 2.66 × MR-bar; 2-sigma lines at two thirds of the way)",
    ]
    lines += _segment_lines(chart)
    latest = points[-1]
    lines += ["", f"Latest point: {latest.period}, {format(latest.value, ',f')}"]
    marks = [(name, True) for name in latest.up] + [(name, False) for name in latest.down]
    lines += [f"  {_markspaced(points, name, high=high)}" for name, high in marks] or [
        "  no special-cause rule marks it"
    ]
    lines += ["", f"Variation: {spaced(chart.variation)}", f"  {_variation_reason(each)}"]
    lines += ["", f"Assurance: {spaced(word_of(chart.assurance))}", f"  {_assurance_reason(each)}"]
    return "\n".join(lines) + "\n"


def _segment_lines(chart: Chart) -> list[str]:
    lines, start = [], 0
    points = chart.points
    for index in range(1, len(points) + 1):
        if index == len(points) or points[index].limits is not points[start].limits:
            limits = points[start].limits
            span = f"{points[start].period} to {points[index - 1].period} ({index - start} points)"
            if limits is None:
                lines.append(f"  {span}: one point, no moving range, so no limits")
            else:
                screened = f"; {limits.screened} moving range(s) screened out" if limits.screened else ""
                lines.append(
                    f"  {span}: mean {rounded(limits.mean, 4)}, MR-bar {rounded(limits.mr_bar, 4)}{screened}; "
                    f"limits {rounded(limits.lcl, 4)} to {rounded(limits.ucl, 4)}, "
                    f"2-sigma {rounded(limits.lower_two, 4)} to {rounded(limits.upper_two, 4)}"
                )
            start = index
    return lines


def _markspaced(points: Sequence[Marked], name: str, *, high: bool) -> str:
    """One rule marking the latest point, with the run of points it marks."""
    run = 0
    for point in reversed(points):
        if name not in (point.up if high else point.down):
            break
        run += 1
    side = _SIDES[name][0 if high else 1]
    said = _RULE_WORDS[name].format(side=side, count=run, rising="rising" if high else "falling")
    if name in (SHIFT, TREND):
        said += f" ({points[-run].period} to {points[-1].period})"
    return said


def _variation_reason(each: Measured) -> str:
    chart, latest = each.chart, each.chart.points[-1]
    if chart.variation is None:
        return f"no icon: {chart.why_no_icons}"
    if latest.cause is None:
        return "the latest point is common cause: no special-cause rule marks it"
    polarity = each.rule.polarity
    side = "high" if latest.high else "low"
    if polarity is None:
        return f"the latest point is a special cause on the {side} side; without a polarity it is neither good nor bad"
    both = " (marked both ways: the rule's conflict setting decides)" if latest.up and latest.down else ""
    return f"the latest point is a special cause on the {side} side and {polarity.word} is better{both}"


def _assurance_reason(each: Measured) -> str:
    chart, rule = each.chart, each.rule
    if chart.assurance is None:
        return chart.why_no_icons or "no icon"
    limits = chart.points[-1].limits
    assert limits is not None
    target = each.target.text if each.target else "none"
    span = f"the latest limits, {rounded(limits.lcl, 4)} to {rounded(limits.ucl, 4)}"
    if chart.assurance is Assurance.HIT_AND_MISS:
        return f"the target {target} lies between {span}: the process will sometimes meet it and sometimes not"
    upper = (chart.assurance is Assurance.PASS) == (rule.polarity is Polarity.LOWER)  # which limit it is past
    limit = f"{'upper' if upper else 'lower'} limit, {rounded(limits.ucl if upper else limits.lcl, 4)}"
    where = f"at or {'above' if upper else 'below'} the {limit}"
    if chart.assurance is Assurance.PASS:
        return f"the target {target} is {where}: the process meets it every time"
    return f"the target {target} is {where}: the process will not meet it unless it changes"
