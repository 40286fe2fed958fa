"""Text tables for people (tabulate), fitted to the terminal, and how a table looks: width, arrows, colour."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any, NamedTuple

from ragcalc.rating.model import Rule
from ragcalc.rating.vocabulary import ARROWS, ASCII_ARROWS, Arrow, Direction, Neutral, Rag

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Style(NamedTuple):
    """How a table looks: the terminal width, ASCII arrows instead of ↑ → ↓, and ANSI colour."""

    width: int = 100
    ascii: bool = False
    colour: bool = False

    @property
    def arrows(self) -> dict[Direction, str]:
        return ASCII_ARROWS if self.ascii else ARROWS


# each rating's fill and the colour of the text on it, for pages and workbooks: every pair passes WCAG AA contrast
RAG_COLOURS = {
    Rag.EXCEEDED: ("#005a30", "#ffffff"),
    Rag.GREEN: ("#00703c", "#ffffff"),
    Rag.AMBER_GREEN: ("#c2d64a", "#0b0c0c"),
    Rag.AMBER: ("#ffbf47", "#0b0c0c"),
    Rag.AMBER_RED: ("#f47738", "#0b0c0c"),
    Rag.RED: ("#b10e1e", "#ffffff"),
    Rag.BLUE: ("#1d70b8", "#ffffff"),
}


def rag_class(rag: Rag) -> str:
    """A rating's CSS class: 'rag-amber-green'."""
    return "rag-" + rag.word.replace("/", "-")


def arrow(direction: Arrow | None, style: Style, rule: Rule | None = None) -> str:
    """The arrow of a direction in this style ('-' for none), or the rule's own word for it (`labels:`); a data-only
    measure's rise or fall in words (increase, decrease, static), which no arrow of better or worse is mistaken for."""
    label = None if rule is None or direction is None else rule.label(direction)
    if label is not None:
        return label
    if isinstance(direction, Neutral):
        return direction.key
    return "-" if direction is None else style.arrows[direction]


def rag_word(rag: Rag | None, rule: Rule | None = None) -> str:
    """A rating as a table prints it: the rule's own word for it (`labels:`), else 'Green', 'Amber/Green'; '-'
    for not rated."""
    label = None if rule is None else rule.label(rag)
    if label is not None:
        return label
    return "-" if rag is None else "/".join(part.capitalize() for part in rag.word.split("/"))


@cache
def _tabulate() -> Callable[..., str]:
    """tabulate, imported on the first table (JSON output never pays for it) and set up once."""
    import tabulate

    tabulate.MIN_PADDING = 0  # tabulate pads every header by 2 by default: too wide for a terminal
    table: Callable[..., str] = tabulate.tabulate
    return table


def fitted(
    rows: list[list[str]],
    headers: list[str],
    fmt: str,
    width: int | None,
    wrap: int,
    align: tuple[str, ...] | None = None,
) -> str:
    """The table, with column `wrap` wrapped so that lines fit in `width` (never narrower than 14)."""
    tabulate = _tabulate()
    if fmt == "github":  # markdown: no cell may end its column early or be read as HTML
        rows, headers = [[markdown_text(cell) for cell in row] for row in rows], list(map(markdown_text, headers))
    options: dict[str, Any] = {"tablefmt": fmt, "disable_numparse": True, "colalign": align}
    text = tabulate(rows, headers, **options)
    widest = max(len(_ANSI.sub("", line)) for line in text.splitlines())
    if width is None or widest <= width:
        return text
    column = max(len(str(row[wrap])) for row in [headers, *rows])
    limits: list[int | None] = [None] * len(headers)
    limits[wrap] = max(14, column - (widest - width))
    return tabulate(rows, headers, maxcolwidths=limits, **options)


def spaced(key: str | None) -> str:
    """A contract word as a table prints it ('hit_and_miss' -> 'hit and miss'); '-' for none."""
    return "-" if key is None else key.replace("_", " ")


_MARKDOWN = str.maketrans({"|": "\\|", "\n": " ", "\r": " "})
_TAG = re.compile(r"<(?=[A-Za-z/!?])")  # where markdown would start raw HTML ('<img', '</b>', '<!--'); '< 600' is text


def markdown_text(text: str) -> str:
    """Text as markdown shows it, in a table cell, a heading or a list item: a `|` does not end the cell, `<img ...>`
    is not HTML, a line break does not end the row."""
    return _TAG.sub("&lt;", text.translate(_MARKDOWN))
