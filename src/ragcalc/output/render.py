"""Each view in each format: the one place a format is chosen for what a command prints.

A view's function takes the format's name (`formats.FORMATS`) and gives the text, or a workbook's bytes; its
modules load only for the format asked for (JSON needs no table, a table no Jinja2). Adding a format is an entry
in `formats` and a branch in each view that writes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ragcalc.output.provenance import PLAIN, Publication
from ragcalc.output.tables import Style

if TYPE_CHECKING:
    from ragcalc.output.audit import Audit
    from ragcalc.output.html import Extras, Key
    from ragcalc.output.scorecard import Report
    from ragcalc.output.trendview import Icons
    from ragcalc.rating.spc import Measured
    from ragcalc.rating.timeline import Trend


class Rendered(NamedTuple):
    """A view in a format: its text, or a workbook's bytes, and what the writing warns of (a cell cut short)."""

    content: str | bytes
    warnings: tuple[str, ...] = ()


def scorecard(
    report: Report,
    fmt: str,
    style: Style,
    extras: Callable[[], Extras] | None = None,
    publication: Publication = PLAIN,
) -> Rendered:
    """One period's scorecard; a page asks `extras` for what the input adds (a history's sparklines, the audit); a
    page or a workbook is titled, footed and meant for its audience as `publication` says."""
    if fmt in ("json", "csv"):
        from ragcalc.output import records

        return Rendered(records.json_text(report) if fmt == "json" else records.csv_text(report))
    if fmt == "html":
        from ragcalc.output import html

        return Rendered(html.scorecard_page(report, extras() if extras else html.Extras(), publication=publication))
    if fmt == "xlsx":
        from ragcalc.output.workbook import workbook

        book, cut = workbook(report, publication, extras() if extras else None)
        return Rendered(book, tuple(cut))
    from ragcalc.output import scorecard as card

    return Rendered(card.table(report, style, markdown=fmt == "markdown"))


def trend(
    trends: Sequence[Trend],
    fmt: str,
    source: str,
    style: Style,
    icons: Icons | None = None,
    measured: Mapping[Key, Measured] | None = None,
    publication: Publication = PLAIN,
) -> str:
    """Each measure period by period; with SPC's `icons` (and for a page, the `measured` charts)."""
    from ragcalc.output import trendview

    if fmt == "json":
        return trendview.json_text(trends, icons)
    if fmt == "csv":
        return trendview.csv_text(trends, icons)
    if fmt == "html":
        from ragcalc.output import historypages

        return historypages.trend_page(trends, source, measured, publication)
    return trendview.table(trends, source, style, markdown=fmt == "markdown", icons=icons)


def spc(
    measured: Sequence[Measured],
    fmt: str,
    source: str,
    style: Style,
    last: int | None = None,
    publication: Publication = PLAIN,
    notes: Mapping[Key, Mapping[str, str]] | None = None,
) -> str:
    """Each measure's SPC chart: its limits, special causes and icons (JSON and CSV: the `last` points)."""
    from ragcalc.output import spcview

    if fmt == "json":
        return spcview.json_text(measured, last)
    if fmt == "csv":
        return spcview.csv_text(measured, last)
    if fmt == "html":
        from ragcalc.output import historypages

        return historypages.spc_page(measured, source, publication, notes)
    return spcview.table(measured, source, markdown=fmt == "markdown", width=None if fmt == "markdown" else style.width)


def audit(result: Audit, fmt: str, source: str, *, history: bool = False) -> str:
    """A draft's published words against the rules: each disagreement and the count."""
    from ragcalc.output import audit as auditing

    return (
        auditing.json_text(result)
        if fmt == "json"
        else auditing.text(result, source, markdown=fmt == "markdown", history=history)
    )
