"""Comparing what a draft report states (`published_rag`, `published_direction`) with what the rules give.

The reason for each disagreement is the engine's own, so `audit`, `explain` and JSON output agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ragcalc.output.jsonwriter import dumps
from ragcalc.output.reasons import direction_reason, rag_reason
from ragcalc.output.tables import fitted
from ragcalc.rating.model import Rating


@dataclass(frozen=True)
class Disagreement:
    id: str
    field: str
    published: str
    computed: str | None
    reason: str


@dataclass(frozen=True)
class Audit:
    checked: int
    agree: int
    disagreements: tuple[Disagreement, ...]


def compare(ratings: Sequence[Rating]) -> Audit:
    """Every measure that states a published rating or arrow, checked field by field."""
    checked = agree = 0
    found: list[Disagreement] = []
    for rating in ratings:
        reading = rating.reading
        if reading is None or (reading.published_rag is None and reading.published_direction is None):
            continue
        checked += 1
        before = len(found)
        pairs = (
            ("rag", reading.published_rag, rating.rag, rag_reason(rating)),
            ("direction", reading.published_direction, rating.direction, direction_reason(rating)),
        )
        for field, published, computed, reason in pairs:
            if published is not None and published != computed:
                found.append(
                    Disagreement(rating.rule.id, field, published.value, computed.value if computed else None, reason)
                )
        agree += len(found) == before
    return Audit(checked, agree, tuple(found))


def summary_line(audit: Audit) -> str:
    return (
        f"{audit.checked} measure{'s' if audit.checked != 1 else ''} checked, {audit.agree} agree, "
        f"{audit.checked - audit.agree} disagree"
    )


def text(audit: Audit, source: str, markdown: bool = False) -> str:
    lines = [f"## Audit of {source}" if markdown else f"Audit of {source}", ""]
    if audit.disagreements:
        rows = [[d.id, d.field, d.published, d.computed or "none", d.reason] for d in audit.disagreements]
        headers = ["ID", "Field", "Published", "Computed", "Why (from the rules)"]
        lines += [fitted(rows, headers, "github" if markdown else "simple", None, wrap=4), ""]
    lines.append(summary_line(audit))
    return "\n".join(lines) + "\n"


def json_text(audit: Audit) -> str:
    document: dict[str, Any] = {
        "checked": audit.checked,
        "agree": audit.agree,
        "disagreements": [
            {"id": d.id, "field": d.field, "published": d.published, "computed": d.computed, "reason": d.reason}
            for d in audit.disagreements
        ],
    }
    return dumps(document) + "\n"
