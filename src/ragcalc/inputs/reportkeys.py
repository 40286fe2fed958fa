"""The `report:` settings of a rules folder: how its pages and workbooks are titled and for whom, written once
(`report: {title: Northshire Council, subtitle: Cabinet, 14 January 2025}`). `--title`, `--subtitle` and
`--audience` win over them. Its keys are declared once, in `KEYS`, which the loader and the schema read.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ragcalc.errors import Reporter
from ragcalc.inputs import sections
from ragcalc.inputs.sections import Key, text
from ragcalc.inputs.yamltree import Item

AUDIENCES = ("review", "public")  # review: with the author's boxes (published ratings that disagree); public: none


class ReportSettings(NamedTuple):
    title: str | None = None
    subtitle: str | None = None
    audience: str | None = None
    source: str | None = None  # the rule file that holds them


def _audience(item: Item) -> str:
    word = str(item.text).strip().lower() if item.is_scalar else ""
    if word not in AUDIENCES:
        raise ValueError(f"expected {' or '.join(AUDIENCES)}, got '{item.text}'")
    return word


KEYS = (
    Key("title", "text", "Every page's and workbook's title (the page's `<title>` and `<h1>`).", text,
        {"type": "string"}),
    Key("subtitle", "text", "The line under the title: the committee and the date.", text, {"type": "string"}),
    Key("audience", "review | public", "`review` (the default): the published ratings that disagree are shown, "
        "for the author; `public`: nothing meant only for the author.", _audience, {"enum": list(AUDIENCES)}),
)  # fmt: skip


def parse(item: Item, report: Reporter) -> ReportSettings | None:
    """The settings under a `report:` key (None, reported, where they cannot be read)."""
    values = sections.read("report", item, KEYS, report, "wrong-type")
    return None if values is None else ReportSettings(**values, source=report.file)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the `report:` settings, part of a rule file's."""
    return sections.schema(KEYS, "How the rules folder's pages and workbooks are titled, and for whom.")
