"""A history's own pages: `trend --format html` (each measure's values period by period, with its sparkline and
SPC icons) and `spc --format html` (the matrix, then each measure's chart). `html` holds the page's records and
draws it; this module fills them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ragcalc.output.figures import target_text
from ragcalc.output.html import (
    SHOWN_PERIODS,
    Cell,
    Chart,
    Key,
    Page,
    Row,
    Section,
    arrow_words,
    badge,
    chart_of,
    icons_of,
    matrix_of,
    render,
    spark_of,
)
from ragcalc.output.provenance import PLAIN, Publication

if TYPE_CHECKING:
    from ragcalc.rating.model import Rule
    from ragcalc.rating.periods import Period
    from ragcalc.rating.spc import Measured
    from ragcalc.rating.timeline import Marks, Trend


def trend_page(
    trends: Sequence[Trend],
    source: str,
    measured: Mapping[Key, Measured] | None = None,
    publication: Publication = PLAIN,
) -> str:
    """Each measure's values period by period with its sparkline (and SPC icons with `trend --spc`), a table
    per kind of period (monthly, quarterly, yearly measures), as the text trend has."""
    kinds: dict[str, list[Trend]] = {}
    for trend in trends:
        if trend.marks.periods:
            kinds.setdefault(trend.marks.periods[0].granularity.value, []).append(trend)
    sections = []
    for kind, members in kinds.items():
        every = sorted({period for trend in members for period in trend.marks.periods})
        periods = every[-SHOWN_PERIODS:]  # the latest fit the page's width beside the icons
        caption = None
        if len(every) > len(periods):
            caption = f"The latest {len(periods)} of {len(every)} {kind}s; trend --last N chooses how many."
        rows = tuple(_trend_row(trend, periods, measured) for trend in members)
        title = f"{kind.capitalize()}ly measures"
        sections.append(Section(title, rows, periods=tuple(p.label for p in periods), caption=caption))
    page = Page(f"Trend: {source}", None, None, tuple(sections), areas=any(trend.area for trend in trends))
    return render(page, publication)


def _trend_row(trend: Trend, periods: Sequence[Period], measured: Mapping[Key, Measured] | None) -> Row:
    rule, marks = trend.rule, trend.marks
    at = {period: i for i, period in enumerate(marks.periods)}
    value = marks.values[-1]
    symbol, word = arrow_words(marks.directions[-1], rule)
    return Row(
        area=trend.area,
        id=rule.id,
        name=rule.name,
        value=value.text if value else "-",
        previous="",
        target=target_text(rule.target, rule.unit) if rule.target else "-",
        badge=badge(marks.rags[-1], rule),
        arrow=symbol,
        arrow_word=word,
        vs=None,
        spark=spark_of(trend),
        icons=icons_of(measured.get((trend.area, rule.id))) if measured is not None else None,
        note=None,
        disagreements=(),
        cells=tuple(_trend_cell(marks, at.get(period), rule) for period in periods),
    )


def _trend_cell(marks: Marks, position: int | None, rule: Rule) -> Cell | None:
    if position is None:
        return None
    value = marks.values[position]
    symbol, word = arrow_words(marks.directions[position], rule)
    return Cell(value.text if value else "-", badge(marks.rags[position], rule), symbol, word)


def spc_page(
    measured: Sequence[Measured],
    source: str,
    publication: Publication = PLAIN,
    notes: Mapping[Key, Mapping[str, str]] | None = None,
) -> str:
    """Each measure's SPC chart with its icons, group by group."""
    sections: dict[str, list[Chart]] = {}
    for number, each in enumerate(measured, 1):
        noted = (notes or {}).get((each.area, each.rule.id))
        sections.setdefault(each.rule.group, []).append(chart_of(each, number, noted))
    page = Page(
        f"SPC charts: {source}",
        "Statistical process control (NHS Making Data Count): each measure's mean, limits and special causes",
        None,
        tuple(Section(group, (), tuple(found)) for group, found in sections.items()),
        areas=any(each.area for each in measured),
    )
    page = page._replace(matrix=matrix_of(page.sections))
    return render(page, publication)
