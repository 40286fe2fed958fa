"""Telling a history file from a quarter file, by one rule (docs/rules.md), before either loader runs.

- YAML: the first measure under `measures:` decides. A list (`- {period: Apr-23, value: 12}`) or a
  mapping of period labels (`{Apr-23: 12}`, or the same as a block) is a history; a mapping of a quarter
  entry's keys (`{value: 70%, previous: 69%}`) or a single value is a quarter file.
- CSV: a history has a `period` column and none of the columns only a quarter file has (`previous`,
  `previous_period`, the hand-rated and the published ones); anything else is a quarter file.

The decision carries its reason, which errors about the file's layout repeat, so that a file read as the
other kind says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import NamedTuple

import yaml

from ragcalc.inputs.entries import ENTRY_KEYS, PROJECT_KEYS
from ragcalc.inputs.files import is_table_path, is_yaml_path

# columns only a quarter file has: a CSV with any of them is a quarter file even if it names its period
QUARTER_ONLY_COLUMNS = ("previous", "previous_period", *PROJECT_KEYS)
_SCANNED_EVENTS = 10_000  # enough to pass the keys before `measures:`; a file is parsed only this far here


class Kind(NamedTuple):
    history: bool
    why: str

    @property
    def name(self) -> str:
        return "history file" if self.history else "quarter file"


def kind_of(path: str, text: str) -> Kind:
    """Which kind of file `text` is, and why, by the rule above."""
    if is_table_path(path):
        return _csv_kind(text)
    if is_yaml_path(path):
        return _yaml_kind(text)
    return Kind(history=False, why="it is neither YAML nor CSV")


def looks_like_history(path: str, text: str) -> bool:
    return kind_of(path, text).history


def _csv_kind(text: str) -> Kind:
    first = next((line for line in _lines(text) if line.strip() and not line.lower().startswith("sep=")), "")
    header = [cell.strip().strip('"').lower() for cell in first.split(",")]
    if "period" not in header:
        return Kind(history=False, why="it has no 'period' column")
    quarter_only = [name for name in header if name in QUARTER_ONLY_COLUMNS]
    if quarter_only:
        return Kind(history=False, why=f"it has a '{quarter_only[0]}' column, which only a quarter file has")
    return Kind(history=True, why="it has a 'period' column and none that only a quarter file has")


def _lines(text: str) -> Iterator[str]:
    """The text's lines, each found when asked for (a million rows' file is not copied to find its header)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end


def _yaml_kind(text: str) -> Kind:
    try:
        events = islice(yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), _SCANNED_EVENTS)
        found, rest = _after_key(events, ("measures", "areas"))
        if found == "areas":
            return Kind(history=False, why="it has 'areas:', which only a quarter file has")
        return _measures_kind(rest)
    except yaml.YAMLError:
        return Kind(history=False, why="it cannot be read as YAML")  # the quarter loader says where


def _after_key(events: Iterator[yaml.Event], wanted: tuple[str, ...]) -> tuple[str | None, Iterator[yaml.Event]]:
    """The first of the top-level keys `wanted` the document has, and the events after it (none if it has none)."""
    depth = 0
    for event in events:
        if depth == 1 and isinstance(event, yaml.ScalarEvent) and event.value in wanted:
            return event.value, events
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None, iter(())


def _measures_kind(events: Iterator[yaml.Event]) -> Kind:
    if not isinstance(next(events, None), yaml.MappingStartEvent):
        return Kind(history=False, why="its 'measures:' is not a mapping of ids")
    first = next(events, None)
    if not isinstance(first, yaml.ScalarEvent):
        return Kind(history=False, why="its 'measures:' is empty")
    holds = next(events, None)
    if isinstance(holds, yaml.SequenceStartEvent):
        return Kind(history=True, why=f"its first measure, {first.value}, holds a list of periods")
    if isinstance(holds, yaml.MappingStartEvent):
        key = next(events, None)
        if isinstance(key, yaml.ScalarEvent) and key.value not in ENTRY_KEYS:
            return Kind(
                history=True, why=f"its first measure, {first.value}, maps periods (such as '{key.value}') to values"
            )
        return Kind(
            history=False, why=f"its first measure, {first.value}, holds a quarter entry (value, previous, ...)"
        )
    return Kind(history=False, why=f"its first measure, {first.value}, holds a single value")
