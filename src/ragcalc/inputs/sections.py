"""A rule file's top-level sections besides `defaults:` and `measures:` (`input:`, `report:`): each key declared
once as a `Key`, read by one loop that reports every problem at its line, and described by one JSON Schema.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from ragcalc.errors import Reporter
from ragcalc.inputs.yamltree import Item, unknown_keys


class Key(NamedTuple):
    """One key of a section: its name, its type and meaning for the docs, its parser, its JSON Schema."""

    name: str
    type: str
    doc: str
    parse: Callable[[Item], Any]
    schema: dict[str, Any]


def text(item: Item) -> str:
    """A key's text value, trimmed: never empty, a number or true/false."""
    if not item.is_scalar or item.scalar() is None or isinstance(item.scalar(), bool) or not str(item.text).strip():
        raise ValueError(f"expected text, got '{item.text}'")
    return str(item.text).strip()


def read(section: str, item: Item, keys: Sequence[Key], report: Reporter, code: str) -> dict[str, Any] | None:
    """The values under a section's key, each read by its parser; None where any is wrong (each reported at its
    line: an unknown key with a did-you-mean, a value its parser refuses with the parser's reason)."""
    names = tuple(key.name for key in keys)
    if not item.is_mapping:
        report.error(f"{section}: expected a mapping of {', '.join(names)}", at=item, code="structure")
        return None
    fields = item.mapping()
    holds = f"{section}: holds {', '.join(names[:-1])} and {names[-1]}"
    unknown_keys(report.file, fields, names, holds, report.collector)
    by_name = {key.name: key for key in keys}
    values: dict[str, Any] = {}
    for name, value in fields.items():
        key = by_name.get(name)
        if key is None:
            continue
        try:
            values[name] = key.parse(value)
        except ValueError as exc:
            report.error(f"{section}: {name}: {exc}", at=value, code=code)
    return values if report.ok else None


def schema(keys: Sequence[Key], description: str) -> dict[str, Any]:
    """A section's JSON Schema, part of a rule file's."""
    return {
        "type": "object",
        "description": description,
        "properties": {key.name: {**key.schema, "description": key.doc} for key in keys},
        "additionalProperties": False,
    }
