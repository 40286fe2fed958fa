"""The `report:` settings of a rules folder: how its pages and workbooks are titled and for whom, written once
(`report: {title: Northshire Council, subtitle: Cabinet, 14 January 2025}`). `--title`, `--subtitle` and
`--audience` win over them. Its keys are declared once, in `KEYS`, which the loader and the schema read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from ragcalc.errors import Reporter
from ragcalc.inputs.yamltree import Item, unknown_keys

AUDIENCES = ("review", "public")  # review: with the author's boxes (published ratings that disagree); public: none


class ReportSettings(NamedTuple):
    title: str | None = None
    subtitle: str | None = None
    audience: str | None = None
    source: str | None = None  # the rule file that holds them


class Key(NamedTuple):
    name: str
    doc: str
    parse: Callable[[Item], Any]
    schema: dict[str, Any]


def _text(item: Item) -> str:
    if not item.is_scalar or item.scalar() is None or isinstance(item.scalar(), bool) or not str(item.text).strip():
        raise ValueError("expected text, such as the council's name")
    return str(item.text).strip()


def _audience(item: Item) -> str:
    word = str(item.text).strip().lower() if item.is_scalar else ""
    if word not in AUDIENCES:
        raise ValueError(f"expected {' or '.join(AUDIENCES)}, got '{item.text}'")
    return word


KEYS = (
    Key("title", "Every page's and workbook's title (the page's `<title>` and `<h1>`).", _text, {"type": "string"}),
    Key("subtitle", "The line under the title: the committee and the date.", _text, {"type": "string"}),
    Key("audience", "`review` (the default): the published ratings that disagree are shown, for the author; "
        "`public`: nothing meant only for the author.", _audience, {"enum": list(AUDIENCES)}),
)  # fmt: skip
_BY_NAME = {key.name: key for key in KEYS}


def parse(item: Item, report: Reporter) -> ReportSettings | None:
    """The settings under a `report:` key (None, reported, where they cannot be read)."""
    if not item.is_mapping:
        report.error("report: expected a mapping of title, subtitle, audience", at=item, code="structure")
        return None
    fields = item.mapping()
    unknown_keys(report.file, fields, tuple(_BY_NAME), "report: holds title, subtitle and audience", report.collector)
    values: dict[str, Any] = {}
    for name, value in fields.items():
        key = _BY_NAME.get(name)
        if key is None:
            continue
        try:
            values[name] = key.parse(value)
        except ValueError as exc:
            report.error(f"report: {name}: {exc}", at=value, code="wrong-type")
    return ReportSettings(**values, source=report.file) if report.ok else None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the `report:` settings, part of a rule file's."""
    return {
        "type": "object",
        "description": "How the rules folder's pages and workbooks are titled, and for whom.",
        "properties": {key.name: {**key.schema, "description": key.doc} for key in KEYS},
        "additionalProperties": False,
    }
