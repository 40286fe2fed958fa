"""The pages people read (`--format html`, and `report`'s whole pack): a command's ratings with what the input
adds to them, each measure's history as a sparkline, its SPC chart and the draft's published words the rules
do not give. Like `app`, without click; `output.html` draws the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ragcalc.output.provenance import PLAIN, Publication
from ragcalc.rating.model import Quarter, Rating, Rule

if TYPE_CHECKING:
    from ragcalc.output.html import Extras
    from ragcalc.output.scorecard import Report
    from ragcalc.rating.series import History


def scorecard_html(
    report: Report,
    rules: Sequence[Rule],
    data: Quarter | History,
    *,
    charts_too: bool = False,
    publication: Publication = PLAIN,
) -> str:
    """A scorecard page: with a history, each measure's sparkline (and with `charts_too`, its SPC chart)."""
    from ragcalc.output import html

    found = extras(rules, data, report.ratings, charts_too=charts_too)
    return html.scorecard_page(report, found, charts_too=charts_too, publication=publication)


def extras(rules: Sequence[Rule], data: Quarter | History, ratings: Sequence[Rating], *, charts_too: bool) -> Extras:
    """What the input adds to the ratings: a history's trends and charts; the published words that disagree."""
    from ragcalc.output import audit as auditing
    from ragcalc.output.html import Extras

    if isinstance(data, Quarter):
        return Extras(audit=auditing.compare(ratings, data.period))
    from ragcalc.rating import timeline

    trends = timeline.trend(rules, data)
    measured = {}
    if charts_too:
        from ragcalc.rating import spc as charting

        measured = {(each.area, each.rule.id): each for each in charting.charts(rules, data)}
    by_key = {(trend.area, trend.rule.id): trend for trend in trends}
    return Extras(by_key, measured, auditing.compare(auditing.stated(trends)))
