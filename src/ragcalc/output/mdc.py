"""Making Data Count's summary for a page: each measure's two icons, and the variation x assurance matrix.

The icons are ragcalc's own small pictures that follow the Making Data Count semantics: a variation icon coloured
by its class (blue improvement, orange concern, grey common cause, purple neither) with H or L for a high or low
special cause, and an assurance icon lettered P (pass), F (fail) or ? (hit and miss). Each has a text
alternative, and the word stays beside it: never colour or shape alone. The matrix puts every charted measure in
the cell of its variation (improvement, common cause, concern, neither) and assurance (pass, hit and miss, fail,
no target), each linked to its chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

VARIATIONS = {  # a variation's class: its css, its row in the matrix and its words
    "improvement": ("improvement", "Special cause improvement"),
    "concern": ("concern", "Special cause concern"),
    "neither": ("neither", "Special cause neither improvement nor concern"),
    "common_cause": ("common", "Common cause variation"),
}
ASSURANCES = {
    "pass": ("P", "pass", "Consistently passes the target"),
    "fail": ("F", "fail", "Consistently fails the target"),
    "hit_and_miss": ("?", "hitmiss", "Hit and miss: passes and fails the target at random"),
}
ROWS = (
    ("improvement", "Improvement"),
    ("common_cause", "Common cause"),
    ("concern", "Concern"),
    ("neither", "Neither"),
)
COLUMNS = (("pass", "Pass"), ("hit_and_miss", "Hit and miss"), ("fail", "Fail"), (None, "No target"))
TOO_FEW = "Too few points"
FILLS = {  # each icon class's fill and its letter's colour (the page's and the workbook's)
    "improvement": ("#1d70b8", "#ffffff"),
    "pass": ("#1d70b8", "#ffffff"),
    "concern": ("#f47738", "#0b0c0c"),
    "fail": ("#f47738", "#0b0c0c"),
    "common": ("#505a5f", "#ffffff"),
    "hitmiss": ("#505a5f", "#ffffff"),
    "neither": ("#912b88", "#ffffff"),
}  # a row only where some measure has too few points for a variation icon


class Icon(NamedTuple):
    css: str  # its colour's class
    letter: str  # H, L, P, F, ?, or none (common cause)
    label: str  # the text alternative: what it means in words
    word: str  # shown beside it


def variation_icon(variation: str | None) -> Icon | None:
    """`improvement_high`, `common_cause`, ... as an icon; None with too few points for one."""
    if variation is None:
        return None
    kind, _, side = variation.rpartition("_") if variation != "common_cause" else ("common_cause", "", "")
    css, words = VARIATIONS[kind]
    letter = {"high": "H", "low": "L"}.get(side, "")
    label = f"{words}{f' ({side} values)' if side else ''}"
    return Icon(css, letter, label, variation.replace("_", " "))


def assurance_icon(assurance: str | None) -> Icon | None:
    """`pass`, `fail` or `hit_and_miss` as an icon; None without a target (or too few points)."""
    if assurance is None:
        return None
    letter, css, label = ASSURANCES[assurance]
    return Icon(css, letter, label, assurance.replace("_", " "))


class Entry(NamedTuple):
    label: str  # 'Leeds: VS102 Permanent admissions ...'
    anchor: str  # the id of its chart on the page


class Matrix(NamedTuple):
    rows: tuple[tuple[str, tuple[tuple[Entry, ...], ...]], ...]  # each row's label and its cells, column by column
    columns: tuple[str, ...]


class Placed(NamedTuple):
    """A charted measure: what the matrix lists, and where its chart is."""

    entry: Entry
    variation: str | None
    assurance: str | None


def matrix(placed: Sequence[Placed]) -> Matrix:
    """Every charted measure in the cell of its variation and assurance (a row for too few points where any)."""
    rows: list[tuple[str, tuple[tuple[Entry, ...], ...]]] = []
    keys = [*ROWS, *([(None, TOO_FEW)] if any(each.variation is None for each in placed) else [])]
    for key, label in keys:
        members = [each for each in placed if _row_of(each.variation) == key]
        cells = tuple(tuple(each.entry for each in members if each.assurance == column) for column, _ in COLUMNS)
        rows.append((label, cells))
    return Matrix(tuple(rows), tuple(label for _, label in COLUMNS))


def _row_of(variation: str | None) -> str | None:
    if variation is None or variation == "common_cause":
        return variation
    return variation.rpartition("_")[0]


def _legend() -> tuple[tuple[str, str, str, str], ...]:
    """Each icon once, for the page's legend: (css, letter, Variation or Assurance, meaning)."""
    found = []
    for variation in ("improvement_high", "improvement_low", "concern_high", "concern_low", "neither_high",
                      "neither_low", "common_cause"):  # fmt: skip
        shown = variation_icon(variation)
        assert shown is not None
        found.append((shown.css, shown.letter, "Variation", shown.label))
    for assurance in ASSURANCES:
        shown = assurance_icon(assurance)
        assert shown is not None
        found.append((shown.css, shown.letter, "Assurance", shown.label))
    return tuple(found)


LEGEND = _legend()
