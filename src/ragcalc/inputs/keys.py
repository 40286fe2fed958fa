"""The rule-file keys, each declared once: name, type, default, which kinds take it, and its parser.

The rule loader (each key's parsed default included), the docs table (`markdown_table`, checked against
docs/rules.md by a test) and the JSON Schema all read `FIELDS` and `DIRECTION_FIELDS`, so they cannot
drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from itertools import pairwise
from typing import Any, NamedTuple, TypeVar

from ragcalc.errors import LONGEST_NAME, did_you_mean
from ragcalc.inputs.numbers import NegativeNumber, parse_target, parse_tolerance, quoted
from ragcalc.inputs.yamlcsv import Item
from ragcalc.rating.model import Basis, Direction, Kind, Polarity, Rag, Scale, Status, Tolerance, Unit, Word

E = TypeVar("E", bound=Enum)


def _shown(item: Item) -> str:
    if item.is_mapping:
        return "a mapping"
    if item.is_sequence:
        return "a list"
    return f"'{item.text}'" if item.text else "nothing"


def text(item: Item) -> str:
    """Any scalar, as the text written (so an id 101 or a period 2023-03-31 stays as written)."""
    if not item.is_scalar or item.scalar() is None:
        raise ValueError(f"expected text, got {_shown(item)}")
    return item.text or ""


def normal_id(written: str) -> str:
    """An id as ids are compared: accents stored one way (NFC), and no invisible character in it (a zero-width
    space, a byte-order mark, a control character), which would make two ids that look the same differ."""
    if len(written) > LONGEST_NAME:  # said cut short, as a message is one line
        raise ValueError(f"{quoted(written)} is too long to be an id; ids are short codes such as VS101")
    if written.isascii() and written.isprintable():  # nearly every id: nothing to normalise
        return written
    import unicodedata

    for position, char in enumerate(written, 1):
        if unicodedata.category(char) in ("Cf", "Cc"):
            name = unicodedata.name(char, "a control character")
            raise ValueError(
                f"'{written}' has an invisible character at position {position} (U+{ord(char):04X} {name}); "
                "retype the id without it"
            )
    return unicodedata.normalize("NFC", written)


def identifier(item: Item) -> str:
    value = normal_id(text(item).strip())
    if not value or re.search(r"[\s,]", value):
        raise ValueError(f"expected an id without spaces or commas (e.g. VS101), got {_shown(item)}")
    return value


def number_or_text(item: Item) -> str | Decimal | None:
    if not item.is_scalar or isinstance(item.scalar(), bool):
        raise ValueError(f"expected a number or text, got {_shown(item)}")
    value = item.scalar()
    assert not isinstance(value, bool)
    return value


def boolean(item: Item) -> bool:
    value = item.scalar() if item.is_scalar else None
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_shown(item)}")
    return value


def number(item: Item) -> Decimal:
    value = item.scalar() if item.is_scalar else None
    if not isinstance(value, Decimal):
        raise ValueError(f"expected a number, got {_shown(item)}")
    if value < 0:
        raise NegativeNumber(f"expected a number of 0 or more, got {_shown(item)}")
    return value


def choice(enum: type[E]) -> Callable[[Item], E]:
    words = [member.value for member in enum]

    def parse(item: Item) -> E:
        value = text(item).strip().lower() if item.is_scalar and item.scalar() is not None else None
        for member in enum:
            if member.value == value:
                return member
        raise ValueError(f"expected one of {', '.join(words)}, got {_shown(item)}")

    return parse


def fractions(item: Item) -> tuple[Decimal, ...]:
    if not item.is_sequence or not item.sequence():
        raise ValueError(
            f"expected a list of fractions of the annual target, e.g. [0.2, 0.5, 0.75, 1], got {_shown(item)}"
        )
    out = []
    for entry in item.sequence():
        value = entry.scalar() if entry.is_scalar else None
        if not isinstance(value, Decimal) or not 0 <= value <= 1:
            raise ValueError(f"expected fractions between 0 and 1, got {_shown(entry)}")
        out.append(value)
    if any(later < earlier for earlier, later in pairwise(out)) or out[-1] != 1:
        shares = ", ".join(str(value) for value in out)
        raise ValueError(
            f"[{shares}] is not a running total: each share is what is due by that period, so they rise and "
            "the last is 1 (e.g. [0.25, 0.5, 0.75, 1])"
        )
    return tuple(out)


def periods_count(item: Item) -> int:
    value = item.scalar() if item.is_scalar else None
    if not isinstance(value, Decimal) or value != value.to_integral_value() or value < 1:
        raise ValueError(f"expected a whole number of periods, 1 or more, got {_shown(item)}")
    return int(value)


def tags(item: Item) -> tuple[tuple[str, str], ...]:
    if not item.is_mapping:
        raise ValueError(f"expected a mapping of labels (e.g. {{outcome: Healthy lives}}), got {_shown(item)}")
    out = []
    for key, value in item.mapping().items():
        try:
            out.append((key, text(value)))
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None
    return tuple(out)


# the words a council may replace with its own: each rating level, not rated, and each arrow
LABEL_KEYS = (*(rag.key for rag in Rag), "not_rated", *(direction.word for direction in Direction))


Labels = tuple[tuple[str, str], ...]


def labels(item: Item) -> Labels:
    """The council's words: `{green: On target, improving: Getting better}`, each word for one thing only."""
    if not item.is_mapping:
        raise ValueError(
            f"expected a mapping such as {{green: On target, improving: Getting better}}, got {_shown(item)}"
        )
    out: dict[str, str] = {}
    for key, value in item.mapping().items():
        if key not in LABEL_KEYS:
            raise ValueError(
                f"unknown label '{key}'{did_you_mean(key, LABEL_KEYS)}; labels name any of {', '.join(LABEL_KEYS)}"
            )
        word = text(value).strip() if value.is_scalar and value.scalar() is not None else ""
        if not word:
            raise ValueError(f"{key}: expected the words to print, got {_shown(value)}")
        out[key] = word
    _one_each(out)
    return tuple(out.items())


def merged_labels(default: Labels, own: Labels) -> Labels:
    """A measure's labels over its file's defaults, key by key; still one label for one thing."""
    out = dict(default)
    out.update(own)
    _one_each(out)
    return tuple(out.items())


def _one_each(labelled: dict[str, str]) -> None:
    seen: dict[str, str] = {}
    for key, word in labelled.items():
        same = seen.setdefault(word.lower(), key)
        if same != key:
            raise ValueError(f"'{word}' is the label of both {same} and {key}; give each its own words")


def target(item: Item) -> Any:
    return parse_target(number_or_text(item))


def stretch(item: Item) -> Any:
    found = parse_target(number_or_text(item))
    if found is not None and found.ranged:
        raise ValueError(f"{quoted(found.text)} is a range; a stretch target is one number, e.g. 95 or '>= 95%'")
    return found


def direction(item: Item) -> Any:
    """A mapping of direction keys (read by the rule loader), or `any-change`."""
    if item.is_mapping:
        return item
    if item.is_scalar and str(item.scalar()).strip().lower() == ANY_CHANGE:
        return ANY_CHANGE
    raise ValueError(f"expected a mapping such as {{threshold: 2, basis: points}}, or {ANY_CHANGE}, got {_shown(item)}")


ANY_CHANGE = "any-change"


def band(what: str) -> Callable[[Item], Any]:
    """The parser of a band's width (`tolerance`, `green_within`): a number, or N% of the target."""

    def parse(item: Item) -> Any:
        raw = number_or_text(item)
        if raw is None:
            raise ValueError("expected a number or 'N%', got nothing")
        return parse_tolerance(raw, what)

    return parse


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
TEXT: dict[str, Any] = {"type": ["string", "number"]}
NON_NEGATIVE: dict[str, Any] = {"type": "number", "minimum": 0}
TOLERANCE_SCHEMA: dict[str, Any] = {
    "oneOf": [NON_NEGATIVE, {"type": "string", "pattern": r"^\s*[£$€]?[0-9][0-9,]*(\.[0-9]+)?\s*%?\s*$"}]
}


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

FIELDS: tuple[Field, ...] = (
    Field(name=ID, type="text", parse=identifier, shown="required",
          doc="Unique across all rule files; the key of the measure in quarter files.",
          schema={"type": ["string", "integer"], "pattern": r"^[^\s,]+$"}, projects=True, code="bad-id"),
    Field(name=NAME, type="text", parse=text, shown="the id",
          doc="The measure's title as printed in the scorecard.", schema=TEXT, projects=True),
    Field(name="polarity", type="higher | lower", parse=choice(Polarity), shown="from the target's comparator",
          doc="Whether a higher or a lower value is better. Required on a rated measure unless the target has "
          "a comparator.", schema=enum_schema(Polarity), code="bad-polarity"),
    Field(name="unit", type="percent | count | rate | currency | days | score | years", parse=choice(Unit),
          default=Unit.COUNT,
          doc="`percent` measures move by percentage points; all others by relative change (see `basis`).",
          schema=enum_schema(Unit), code="bad-unit"),
    Field(name=TARGET, type="number or text", parse=target,
          doc="`74`, `'>= 90%'`, `'< 61%'`, `'£28,434,000'`; a range `'28% - 40%'` (or `between 28% and 40%`: "
          "Green inside, edges included; needs no polarity); `n/a`, `tbc`, `tbd`, `not targeted`, `baseline year`, "
          "`none` mean no target (not RAG rated, still gets a direction).",
          schema={"type": ["number", "string", "null"]}, code="bad-target"),
    Field(name="tolerance", type="number or 'N%'", parse=band("the amber band"), default=parse_tolerance("0"),
          doc="Width of the amber band: a number is absolute in the measure's units, `N%` is N% of the target's "
          "magnitude.",
          schema=TOLERANCE_SCHEMA, code="bad-tolerance"),
    Field(name="green_within", type="number or 'N%'", parse=band("the green band"), default=parse_tolerance("0"),
          doc="A shortfall up to this is still Green (\"green within 5%\"): a number is absolute, `N%` is N% of the "
          "target's magnitude. Not more than `tolerance`.",
          schema=TOLERANCE_SCHEMA, code="bad-tolerance"),
    Field(name="stretch", type="number or text", parse=stretch,
          doc="A stretch target, written as `target` is: at or beyond it the rating is `exceeded`, a level above "
          "Green.", schema={"type": ["number", "string", "null"]}, code="bad-target"),
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
          "(history files); the arrow compares with a year before.", schema={"type": "boolean"}),
    Field(name="profile", type="list of fractions", parse=fractions, shown="linear",
          doc="Cumulative measures: the share of the annual target due by each period of the financial year "
          "(4 for quarters, 12 for months); default linear (Q3: 3/4).",
          schema={"type": "array", "items": {"type": "number", "minimum": 0, "maximum": 1}, "minItems": 1}),
    Field(name="stale_after", type="whole number", parse=periods_count, shown="off",
          doc="History files: flag a value more than this many periods behind the reporting period.",
          schema={"type": "integer", "minimum": 1}),
    Field(name=DIRECTION, type="mapping or any-change", parse=direction, shown="see below",
          doc="Direction-of-travel settings; partial mappings merge key by key. `any-change`: any change at all "
          "is improving or deteriorating (both thresholds 0).",
          schema={"oneOf": [{"type": "object", "properties": {f.name: f.schema for f in DIRECTION_FIELDS},
                             "additionalProperties": False}, {"const": ANY_CHANGE}]}),
)  # fmt: skip

BY_NAME = {f.name: f for f in FIELDS}
DIRECTION_BY_NAME = {f.name: f for f in DIRECTION_FIELDS}


def markdown_table() -> str:
    """The reference table of rule keys for docs/rules.md."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    rows = ["| key | type | default | hand-rated items | meaning |", "|---|---|---|---|---|"]
    for f in FIELDS:
        rows.append(f"| `{f.name}` | {cell(f.type)} | {f.default_text} | {'yes' if f.projects else 'no'} | {f.doc} |")
    rows += ["", "`direction` keys:", "", "| key | type | default | meaning |", "|---|---|---|---|"]
    rows += [f"| `{f.name}` | {cell(f.type)} | {f.default_text} | {f.doc} |" for f in DIRECTION_FIELDS]
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
        "properties": {"defaults": defaults, "measures": {"type": "array", "items": measure}},
        "required": ["measures"],
        "additionalProperties": False,
    }
