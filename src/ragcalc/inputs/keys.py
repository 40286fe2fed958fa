"""The rule-file keys, each declared once: name, type, default, which kinds take it, and its parser.

The rule loader (each key's parsed default included), the docs table (`markdown_table`, checked against
docs/rules.md by a test) and the JSON Schema all read `FIELDS` and `DIRECTION_FIELDS`, so they cannot
drift apart. How each value is read is in `parsers`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import Any, NamedTuple

from ragcalc.inputs import inputmap, reportkeys
from ragcalc.inputs.inforce import by_period
from ragcalc.inputs.numbers import parse_tolerance
from ragcalc.inputs.parsers import (
    ANY_CHANGE,
    LABEL_KEYS,
    area_groups,
    band,
    benchmark,
    boolean,
    choice,
    direction,
    fractions,
    identifier,
    labels,
    levels,
    mapping,
    named_targets,
    number,
    period_list,
    periods_count,
    polarity,
    positive,
    stretch,
    tags,
    target,
    text,
    whole,
)
from ragcalc.inputs.yamltree import Item
from ragcalc.rating.model import Tolerance
from ragcalc.rating.options import Against, Average, Cap, Conflict, Method, Projection, Rebases
from ragcalc.rating.vocabulary import Basis, Kind, Polarity, Scale, Status, Unit, Word


class Field(NamedTuple):
    """One rule-file key. `default` is the parsed value a measure without the key gets (the loader's, the
    docs'); `shown` is said in the docs instead where the default is worked out from other keys."""

    name: str
    type: str
    parse: Callable[[Item], Any]
    doc: str
    schema: dict[str, Any]  # the JSON Schema of the value, for `ragcalc schema` and editors
    default: Any = None
    shown: str | None = None
    projects: bool = False  # whether a hand-rated item (kind: project) takes this key
    code: str = "wrong-type"  # the finding code when the value cannot be read

    @property
    def default_text(self) -> str:
        """The default as the docs print it."""
        if self.shown is not None:
            return self.shown
        value = self.default
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, Word):
            return value.word
        if isinstance(value, Tolerance):
            return value.text
        return "none" if value is None or value == () else str(value)


ID = "id"
NAME = "name"
KIND = "kind"
TARGET = "target"
LABELS = "labels"
DIRECTION = "direction"
SPC = "spc"
TEXT: dict[str, Any] = {"type": ["string", "number"]}
NON_NEGATIVE: dict[str, Any] = {"type": "number", "minimum": 0}
TOLERANCE_SCHEMA: dict[str, Any] = {
    "oneOf": [NON_NEGATIVE, {"type": "string", "pattern": r"^\s*[£$€]?[0-9][0-9,]*(\.[0-9]+)?\s*%?\s*$"}]
}


def changing(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of a key that may change by period: its value, or a mapping of first periods to values."""
    return {"oneOf": [schema, {"type": "object", "additionalProperties": schema, "minProperties": 1}]}


def enum_schema(enum: type[Enum]) -> dict[str, Any]:
    return {"enum": [member.value for member in enum]}


DIRECTION_FIELDS: tuple[Field, ...] = (
    Field(name="threshold", type="number >= 0", parse=number, default=Decimal(2),
          doc="A change must be more than this to be improving or deteriorating.", schema=NON_NEGATIVE),
    Field(name="small_target_threshold", type="number >= 0", parse=number, default=Decimal("0.5"),
          doc="The threshold used instead when the target's magnitude is below `small_target_below`.",
          schema=NON_NEGATIVE),
    Field(name="small_target_below", type="number >= 0", parse=number, default=Decimal(10),
          doc="Targets smaller than this use `small_target_threshold`.", schema=NON_NEGATIVE),
    Field(name="basis", type="auto | points | percent", parse=choice(Basis), default=Basis.AUTO,
          doc="`points`: the change itself; `percent`: the change as % of the previous value; "
          "`auto`: points for percent measures, else percent.", schema=enum_schema(Basis)),
)  # fmt: skip

SPC_FIELDS: tuple[Field, ...] = (
    Field(name="baseline", type="whole number >= 2", parse=whole(2, "points"), shown="all points",
          doc="The first N points fix the first segment's mean and MR-bar.", schema={"type": "integer", "minimum": 2}),
    Field(name="rebase", type="list of periods, or periods with reasons", parse=period_list, default=Rebases(),
          doc="Each period starts a new segment with its own limits (a known process change), e.g. `[Apr-23]`; "
          "`{Jul-22: New triage process}` gives the reason, which the chart shows at the break.",
          schema={"oneOf": [{"type": "array", "items": TEXT}, {"type": "object", "additionalProperties": TEXT}]}),
    Field(name="shift", type="whole number >= 2", parse=whole(2, "points"), default=7,
          doc="This many points or more in a row strictly on one side of the mean are a shift.",
          schema={"type": "integer", "minimum": 2}),
    Field(name="trend", type="whole number >= 2", parse=whole(2, "points"), default=7,
          doc="This many points or more in a row each strictly above (below) the one before are a trend.",
          schema={"type": "integer", "minimum": 2}),
    Field(name="screen_outliers", type="true | false", parse=boolean, default=False,
          doc="Drop moving ranges of 3.267 x MR-bar or more once, and recompute MR-bar (off, as in MDC).",
          schema={"type": "boolean"}),
    Field(name="conflict", type="improvement | concern", parse=choice(Conflict), default=Conflict.IMPROVEMENT,
          doc="What a point marked both as improvement and concern shows as.", schema=enum_schema(Conflict)),
    Field(name="min_points", type="whole number >= 1", parse=whole(1, "points"), default=15,
          doc="Fewer points than this: no icons (limits and special causes are still reported).",
          schema={"type": "integer", "minimum": 1}),
)  # fmt: skip

FIELDS: tuple[Field, ...] = (
    Field(name=ID, type="text", parse=identifier, shown="required",
          doc="Unique across all rule files; the key of the measure in quarter files.",
          schema={"type": ["string", "integer"], "pattern": r"^[^\s,]+$"}, projects=True, code="bad-id"),
    Field(name=NAME, type="text", parse=text, shown="the id",
          doc="The measure's title as printed in the scorecard.", schema=TEXT, projects=True),
    Field(name="polarity", type="higher | lower | none", parse=polarity, shown="from the target's comparator",
          doc="Whether a higher or a lower value is better. Required with a single target unless it has a "
          "comparator; `none` (or no key) with no target is a data-only measure: its arrow says up, down or static, "
          "neither better nor worse.", schema={"enum": [*enum_schema(Polarity)["enum"], "none"]}, code="bad-polarity"),
    Field(name="unit", type="percent | count | rate | currency | days | score | years", parse=choice(Unit),
          default=Unit.COUNT,
          doc="`percent` measures move by percentage points; all others by relative change (see `basis`).",
          schema=enum_schema(Unit), code="bad-unit"),
    Field(name=TARGET, type="number or text, or by period", parse=by_period(target),
          doc="`74`, `'>= 90%'`, `'< 61%'`, `'£28,434,000'`; a range `'28% - 40%'` (or `between 28% and 40%`: "
          "Green inside, edges included; needs no polarity); `n/a`, `tbc`, `tbd`, `not targeted`, `baseline year`, "
          "`none` mean no target (not RAG rated, still gets a direction). By period: "
          "`{2022/23: 90%, 2024/25 Q3: 92%}`, each in force from its period's first month (docs/rules.md, Rules in "
          "force at the time).",
          schema=changing({"type": ["number", "string", "null"]}), code="bad-target"),
    Field(name="targets", type="mapping of names to targets", parse=named_targets, default=(),
          doc="Other targets shown beside the rated `target` and compared in words (met or missed), e.g. "
          "`{national: 92%}` beside a local trajectory: an NHS tracker's constitutional standard and its own.",
          schema={"type": "object", "additionalProperties": {"type": ["number", "string"]}}, code="bad-target"),
    Field(name="target_from_file", type="true | false", parse=boolean, default=False,
          doc="`true`: a target column (or `target:`) in the quarter or history file is meant to replace `target` for "
          "its period; otherwise one that differs is warned of (an error with `validate --strict`).",
          schema={"type": "boolean"}),
    Field(name="tolerance", type="number or 'N%', or by period", parse=by_period(band("the amber band")),
          default=parse_tolerance("0"),
          doc="Width of the amber band: a number is absolute in the measure's units, `N%` is N% of the target's "
          "magnitude. May change by period, as `target` may.",
          schema=changing(TOLERANCE_SCHEMA), code="bad-tolerance"),
    Field(name="green_within", type="number or 'N%', or by period", parse=by_period(band("the green band")),
          default=parse_tolerance("0"),
          doc="A shortfall up to this is still Green (\"green within 5%\"): a number is absolute, `N%` is N% of the "
          "target's magnitude. Not more than `tolerance`. May change by period.",
          schema=changing(TOLERANCE_SCHEMA), code="bad-tolerance"),
    Field(name="stretch", type="number or text, or by period", parse=by_period(stretch),
          doc="A stretch target, written as `target` is: at or beyond it the rating is `exceeded`, a level above "
          "Green. May change by period.", schema=changing({"type": ["number", "string", "null"]}), code="bad-target"),
    Field(name="improving_caps_at", type="amber", parse=choice(Cap), shown="off",
          doc="A measure that would be Red but improved (by its own arrow rule, on `improving_on`) is shown Amber, "
          "with the reason in words. Havering's rule, Red when more than 10% off target and not improved on the "
          "same quarter last year: `tolerance: 10%, improving_caps_at: amber, improving_on: year-ago`.",
          schema=enum_schema(Cap)),
    Field(name="improving_on", type="previous | year-ago", parse=choice(Against), default=Against.PREVIOUS,
          doc="Which arrow `improving_caps_at` reads: against the period before, or against the same period a year "
          "before (a quarter file's `year_ago`, a history's own).", schema=enum_schema(Against)),
    Field(name=LABELS, type="mapping of text", parse=labels, default=(),
          doc="The council's words printed for ratings and arrows, e.g. `{green: On target, improving: Getting "
          f"better}}`; keys: {', '.join(LABEL_KEYS)}. A measure's labels add to the defaults' key by key. JSON "
          "keeps the canonical words.",
          schema={"type": "object", "properties": dict.fromkeys(LABEL_KEYS, TEXT), "additionalProperties": False},
          projects=True, code="bad-labels"),
    Field(name="scale", type="rag | dca", parse=choice(Scale), default=Scale.RAG,
          doc="Hand-rated items: `dca` rates on the Delivery Confidence Assessment's five levels (green, "
          "amber/green, amber, amber/red, red).", schema=enum_schema(Scale), projects=True),
    Field(name="signed", type="true | false", parse=boolean, default=False,
          doc="`true`: values may legitimately be negative (days ahead or behind; a % reduction that was an "
          "increase): no `negative-value` warning.", schema={"type": "boolean"}),
    Field(name="benchmark", type="text or number", parse=benchmark,
          doc="What each value is compared with (better / similar / worse): an area of the same file "
          "(`England`), a benchmark given beside the value under that name, or a figure (`62.3%`).",
          schema=TEXT, code="bad-benchmark"),
    Field(name="benchmark_method", type="ci | wilson | byar | tolerance | quartile", parse=choice(Method),
          shown="ci where the entry gives lower_ci and upper_ci, else tolerance",
          doc="`ci`: similar when the benchmark lies within the value's interval (lower_ci, upper_ci); `wilson` "
          "and `byar`: that interval worked out from numerator and denominator; `tolerance`: similar within "
          "`benchmark_tolerance`; `quartile`: the area's quartile among a comparison group (`groups:`), best "
          "quartile to worst quartile.", schema=enum_schema(Method)),
    Field(name="benchmark_tolerance", type="number or 'N%'", parse=band("the similar band"),
          default=parse_tolerance("0"),
          doc="`tolerance` method: similar when the value is within this of the benchmark (`N%`: of the "
          "benchmark).", schema=TOLERANCE_SCHEMA, code="bad-tolerance"),
    Field(name="benchmark_average", type="mean | median", parse=choice(Average), default=Average.MEAN,
          doc="A comparison group named as the benchmark (`groups:`) is compared by its areas' mean or median.",
          schema=enum_schema(Average)),
    Field(name="benchmark_level", type="95 | 99 | 99.8, or a list", parse=levels, default=(Decimal(95),),
          shown="95",
          doc="The confidence level of `wilson` and `byar` intervals; a list (`[95, 99.8]`) compares at each, a "
          "column and JSON key each (the first is counted in the summary).",
          schema={"oneOf": [{"enum": [95, 99, 99.8]}, {"type": "array", "items": {"enum": [95, 99, 99.8]},
                                                        "minItems": 1}]}),
    Field(name="groups", type="mapping of names to lists of areas", parse=area_groups, default=(),
          doc="Comparison groups of areas (CIPFA nearest neighbours), usually in the defaults; `benchmark:` may "
          "name one.", schema={"type": "object", "additionalProperties": {"type": "array", "items": TEXT}}),
    Field(name="multiplier", type="number > 0", parse=positive, shown="100 for percent measures, else 1",
          doc="`wilson` and `byar` scale the interval by it: 100 for a percentage, 100000 for a rate per 100,000.",
          schema={"type": "number", "exclusiveMinimum": 0}),
    Field(name="group", type="text", parse=text, default="Ungrouped",
          doc="Portfolio or outcome the summary counts the measure under.", schema=TEXT, projects=True),
    Field(name="tags", type="mapping of text", parse=tags, default=(),
          doc="Free labels, e.g. `{outcome: Healthy lives}`; usable with `--group-by`.",
          schema={"type": "object", "additionalProperties": TEXT}, projects=True),
    Field(name="rated", type="true | false", parse=boolean, default=True,
          doc="`false`: reported for information only, no RAG and no direction.", schema={"type": "boolean"}),
    Field(name="status", type="active | discontinued", parse=choice(Status), default=Status.ACTIVE,
          doc="`discontinued`: rated Blue, no direction.", schema=enum_schema(Status), projects=True),
    Field(name=KIND, type="measure | project", parse=choice(Kind), default=Kind.MEASURE,
          doc="`project`: rated by hand in the quarter file (`rag:`), needs only `id` and `name`.",
          schema=enum_schema(Kind), projects=True),
    Field(name="cumulative", type="true | false", parse=boolean, default=False,
          doc="`true`: values are year-to-date against an annual `target`, profiled through the financial year "
          "(history files, and quarter files whose period is known); the arrow compares with a year before.",
          schema={"type": "boolean"}),
    Field(name="profile", type="list of fractions", parse=fractions, shown="linear",
          doc="Cumulative measures: the share of the annual target due by each period of the financial year "
          "(4 for quarters, 12 for months); default linear (Q3: 3/4).",
          schema={"type": "array", "items": {"type": "number", "minimum": 0, "maximum": 1}, "minItems": 1}),
    Field(name="stale_after", type="whole number", parse=periods_count, shown="off",
          doc="History files: flag a value more than this many periods behind the reporting period.",
          schema={"type": "integer", "minimum": 1}),
    Field(name="forecast", type="profile | run-rate | latest | linear", parse=choice(Projection), shown="off",
          doc="Project the year-end value from this financial year's values and rate it against the target: "
          "`profile` (cumulative measures: year to date / share due), `run-rate` (sum so far + mean x periods "
          "left), `latest`, or `linear` (a least-squares line, 3 values or more).",
          schema=enum_schema(Projection)),
    Field(name=DIRECTION, type="mapping or any-change", parse=direction, shown="see below",
          doc="Direction-of-travel settings; partial mappings merge key by key. `any-change`: any change at all "
          "is improving or deteriorating (both thresholds 0).",
          schema={"oneOf": [{"type": "object", "properties": {f.name: f.schema for f in DIRECTION_FIELDS},
                             "additionalProperties": False}, {"const": ANY_CHANGE}]}),
    Field(name=SPC, type="mapping", parse=mapping, shown="see below",
          doc="Statistical process control settings for `ragcalc spc` (docs/spc.md); partial mappings merge key by "
          "key.", schema={"type": "object", "properties": {f.name: f.schema for f in SPC_FIELDS},
                          "additionalProperties": False}),
)  # fmt: skip

BY_NAME = {f.name: f for f in FIELDS}
DIRECTION_BY_NAME = {f.name: f for f in DIRECTION_FIELDS}
SPC_BY_NAME = {f.name: f for f in SPC_FIELDS}


def markdown_table() -> str:
    """The reference table of rule keys for docs/rules.md."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    rows = ["| key | type | default | hand-rated items | meaning |", "|---|---|---|---|---|"]
    for f in FIELDS:
        rows.append(f"| `{f.name}` | {cell(f.type)} | {f.default_text} | {'yes' if f.projects else 'no'} | {f.doc} |")
    rows += ["", "`direction` keys:", "", "| key | type | default | meaning |", "|---|---|---|---|"]
    rows += [f"| `{f.name}` | {cell(f.type)} | {f.default_text} | {f.doc} |" for f in DIRECTION_FIELDS]
    rows += ["", "`spc` keys:", "", "| key | type | default | meaning |", "|---|---|---|---|"]
    rows += [f"| `{f.name}` | {cell(f.type)} | {f.default_text} | {f.doc} |" for f in SPC_FIELDS]
    return "\n".join(rows)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a rule file, for editors (`# yaml-language-server: $schema=...`)."""

    def properties(table: tuple[Field, ...], skip: tuple[str, ...] = ()) -> dict[str, Any]:
        return {f.name: {**f.schema, "description": f.doc} for f in table if f.name not in skip}

    measure = {"type": "object", "properties": properties(FIELDS), "required": [ID], "additionalProperties": False}
    defaults = {
        "type": "object",
        "properties": properties(FIELDS, skip=(ID,)),
        "additionalProperties": False,
        "description": "Keys applied to every measure of this file; a measure's own keys win.",
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "ragcalc rule file",
        "description": "Polarity, target, tolerance and direction rules for performance measures (docs/rules.md).",
        "type": "object",
        "properties": {
            "defaults": defaults,
            "measures": {"type": "array", "items": measure},
            "input": inputmap.json_schema(),
            "report": reportkeys.json_schema(),
        },
        # a rules folder's file may hold the mapping or the report settings alone
        "anyOf": [{"required": ["measures"]}, {"required": ["input"]}, {"required": ["report"]}],
        "additionalProperties": False,
    }
