"""HTML pages: a scorecard, a trend, SPC charts, or the whole pack (`report`), each one self-contained file.

Jinja2 templates with autoescaping, loaded only here (and this module only when HTML is written): every name,
note and value reaches the page as text, never as markup. CSS and SVG are inline; no script, font, image or
address outside the file. This module turns ratings into the pages' rows; `charts` draws; the templates lay out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from jinja2 import Environment, PackageLoader, StrictUndefined

from ragcalc.output import charts, forecasts, mdc, scorecard
from ragcalc.output.figures import decimal_of
from ragcalc.output.provenance import PLAIN, Publication
from ragcalc.output.tables import RAG_COLOURS, Style, arrow, rag_class, rag_word, spaced
from ragcalc.rating.model import Rating, Rule, Target
from ragcalc.rating.vocabulary import LETTERS, Arrow, Rag

if TYPE_CHECKING:
    from ragcalc.output.audit import Audit
    from ragcalc.rating.series import Series
    from ragcalc.rating.spc import Measured
    from ragcalc.rating.timeline import Trend

Key = tuple[str | None, str]  # a measure in an area: (area, id)
SHOWN_PERIODS = 12  # a trend page's columns at most: the table fits A4 landscape
WORDS = Style(ascii=False)  # arrows as ↑ → ↓ beside their words


class Badge(NamedTuple):
    """A rating as the page shows it: its letter and word (never colour alone) and its colour's class."""

    letter: str
    word: str
    css: str


class Icons(NamedTuple):
    """A measure's two SPC icons: the words, and the pictures drawn beside them (none where there is no icon)."""

    variation: str
    assurance: str
    variation_icon: mdc.Icon | None = None
    assurance_icon: mdc.Icon | None = None


class Cell(NamedTuple):
    """One period of a trend: the value as written, its rating and arrow."""

    value: str
    badge: Badge | None
    arrow: str
    arrow_word: str


class Row(NamedTuple):
    area: str | None
    id: str
    name: str
    value: str
    previous: str
    target: str
    badge: Badge | None
    arrow: str
    arrow_word: str
    vs: str | None  # against the benchmark, where the rules name one
    spark: charts.Picture | None
    icons: Icons | None
    note: str | None
    disagreements: tuple[str, ...]  # published rating or arrow that the rules do not give
    cells: tuple[Cell | None, ...] = ()  # a trend's periods
    predicted: str = ""  # the draft's predicted year-end rating
    forecast: str = ""  # the projected year-end value and rating (`forecast:`)
    named: tuple[str, ...] = ()  # against each of the page's other targets (`targets:`), in words
    vs_levels: tuple[str, ...] = ()  # against the benchmark at each further level (`benchmark_level`)
    year_ago: str = ""  # the value of the same period a year before, and the arrow against it
    arrow_year_ago: str = ""
    arrow_word_year_ago: str = ""


class Chart(NamedTuple):
    """An SPC chart with its measure and icons, and its place on the page (the matrix links to it)."""

    area: str | None
    id: str
    name: str
    picture: charts.Picture
    icons: Icons
    axes: charts.Axes | None = None
    anchor: str = ""
    variation: str | None = None
    assurance: str | None = None


class Section(NamedTuple):
    title: str
    rows: tuple[Row, ...]
    charts: tuple[Chart, ...] = ()
    periods: tuple[str, ...] = ()  # a trend's columns
    caption: str | None = None  # what the table leaves out (a long history's earlier periods)


class Summary(NamedTuple):
    label: str
    headers: tuple[tuple[str, str], ...]  # (short, full): a letter and its word, an arrow and its direction
    rows: tuple[tuple[str, ...], ...]
    classes: tuple[str | None, ...] = ()  # each count column's colour: a rating's, for its counts


class Page(NamedTuple):
    title: str
    subtitle: str | None
    summary: Summary | None
    sections: tuple[Section, ...]
    benchmark: str | None = None  # the comparison column's heading
    benchmark_levels: tuple[str, ...] = ()  # the further levels' columns' headings
    areas: bool = False  # an area column
    predicted: bool = False  # a Predicted column: a draft predicts a year-end
    forecast: bool = False  # a Forecast column: a rule projects one
    named: tuple[str, ...] = ()  # the other targets' names (`targets:`), a column each
    year_ago: bool = False  # the value a year before and the arrow against it (`--compare previous,year-ago`)
    footer: tuple[str, ...] = ()  # where the figures came from (the provenance)
    matrix: mdc.Matrix | None = None  # Making Data Count's variation x assurance summary, before the charts
    public: bool = False  # for the reader: nothing meant only for the author (published ratings that disagree)

    def published(self, publication: Publication) -> Page:
        """The page as `publication` titles it, with its provenance as the footer, for its audience."""
        footer = publication.provenance.lines if publication.provenance else ()
        return self._replace(
            title=publication.title or self.title,
            subtitle=publication.subtitle or (self.title if publication.title else self.subtitle),
            footer=footer,
            public=publication.public,
        )


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("ragcalc.output", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["n"] = charts.coordinate
    return environment


def render(page: Page, publication: Publication = PLAIN) -> str:
    colours = {rag_class(rag): pair for rag, pair in RAG_COLOURS.items()}
    # the icons' pictures are defined once on a page that draws any (each icon then refers to its own); a column
    # with nothing in it on this input (no history, no SPC) is left out
    icons_used = any(row.icons for section in page.sections for row in section.rows)
    sparks = any(row.spark for section in page.sections for row in section.rows)
    environment = _environment()
    drawn = icons_used or page.matrix is not None or any(section.charts for section in page.sections)
    # the SPC parts (charts, icons, the matrix) are compiled only for a page that draws them
    spc = environment.get_template("spc.html.j2").module if drawn else None
    return environment.get_template("page.html.j2").render(
        page=page.published(publication),
        colours=colours,
        legend=mdc.LEGEND,
        icon_fills=mdc.FILLS,
        icons_used=icons_used,
        spc=spc,
        sparks=sparks,
    )


# ---- words and badges --------------------------------------------------------------------------


def badge(rag: Rag | None, rule: Rule) -> Badge | None:
    if rag is None:
        return None
    return Badge(LETTERS[rag], rag_word(rag, rule), rag_class(rag))


def arrow_words(direction: Arrow | None, rule: Rule) -> tuple[str, str]:
    """The arrow and the word beside it (the rule's own label, where it has one)."""
    if direction is None:
        return "", "none"
    label = rule.label(direction)
    return ("", label) if label else (arrow(direction, WORDS), direction.word)


def icons_of(measured: Measured | None) -> Icons | None:
    if measured is None:
        return None
    chart = measured.chart
    assurance = chart.assurance.word if chart.assurance else None
    return Icons(
        spaced(chart.variation),
        spaced(assurance),
        mdc.variation_icon(chart.variation),
        mdc.assurance_icon(assurance),
    )


# ---- a scorecard -------------------------------------------------------------------------------


class Extras(NamedTuple):
    """What a page adds to the ratings, where the input has it: each measure's history, SPC chart, and the
    draft's published words that the rules do not give."""

    trends: Mapping[Key, Trend] = {}
    measured: Mapping[Key, Measured] = {}
    audit: Audit | None = None


def scorecard_page(
    report: scorecard.Report, extras: Extras, *, charts_too: bool = False, publication: Publication = PLAIN
) -> str:
    """One period's scorecard: the summary first, then each group's measures."""
    disagreements = _disagreements(extras.audit)
    named = scorecard.named_targets(report.ratings)
    headings = scorecard.comparison_headings(report.benchmark, report.ratings)
    further = scorecard.further_levels(report.ratings)
    sections, drawn = [], 0
    for group, ratings in scorecard.by_group(report).items():
        rows = tuple(
            _row(rating, extras, disagreements.get((rating.area, rating.rule.id), ()), named, further)
            for rating in ratings
        )
        found = [each for r in ratings if (each := extras.measured.get((r.area, r.rule.id)))] if charts_too else []
        made = tuple(
            chart_of(
                each,
                drawn + n,
                notes_of(trend.series if (trend := extras.trends.get((each.area, each.rule.id))) else None),
            )
            for n, each in enumerate(found, 1)
        )
        sections.append(Section(group, rows, made))
        drawn += len(found)
    quarter = report.quarter
    title = f"Scorecard: {quarter.period or 'no period given'}"
    subtitle = f"Compared with {quarter.previous_period}" if quarter.previous_period else None
    return render(
        Page(
            title,
            subtitle,
            _summary(report),
            tuple(sections),
            benchmark=headings[0] if headings else None,
            benchmark_levels=tuple(headings[1:]),
            areas=any(rating.area for rating in report.ratings),
            predicted=forecasts.states_any(report.ratings),
            forecast=any(rating.forecast is not None for rating in report.ratings),
            named=tuple(named),
            year_ago=report.year_ago,
            matrix=matrix_of(sections) if charts_too else None,
        ),
        publication,
    )


def _row(
    rating: Rating,
    extras: Extras,
    disagreements: Sequence[str],
    named: Sequence[str] = (),
    further: Sequence[Decimal] = (),
) -> Row:
    rule, reading = rating.rule, rating.reading
    key = (rating.area, rule.id)
    trend = extras.trends.get(key)
    symbol, word = arrow_words(rating.direction, rule)
    year_symbol, year_word = arrow_words(rating.direction_year_ago, rule)
    return Row(
        area=rating.area,
        id=rule.id,
        name=rule.name,
        value=scorecard.value_cell(rating),
        previous=scorecard.value_cell(rating, previous=True),
        target=scorecard.target_cell(rating),
        badge=badge(rating.rag, rule),
        arrow=symbol,
        arrow_word=word,
        vs=scorecard.comparison_cell(rating) if rule.benchmark is not None else None,
        vs_levels=tuple(scorecard.level_cell(rating, level) for level in further),
        spark=spark_of(trend) if trend is not None else None,
        icons=icons_of(extras.measured.get(key)),
        note=reading.note if reading else None,
        disagreements=tuple(disagreements),
        predicted=forecasts.predicted_cell(rating),
        forecast=forecasts.cell(rating),
        named=tuple(scorecard.named_cell(rating, name) for name in named),
        year_ago=scorecard.year_ago_cells(rating, WORDS)[0],
        arrow_year_ago=year_symbol,
        arrow_word_year_ago=year_word,
    )


def spark_of(trend: Trend) -> charts.Picture | None:
    marks, rule = trend.marks, trend.rule
    values = [
        charts.Value(period.label, value.amount, value.text)
        for period, value in zip(marks.periods, marks.values, strict=True)
        if value is not None
    ]
    return charts.sparkline(values, _due(rule.target), rule.unit)


def _due(target: Target | None) -> Decimal | None:
    """The line a chart draws for a target: its amount (a range's lower edge)."""
    return None if target is None else decimal_of(target.due if target.high is None else target.amount)


def _disagreements(audit: Audit | None) -> dict[Key, list[str]]:
    found: dict[Key, list[str]] = {}
    for each in audit.disagreements if audit else ():
        computed = each.computed or "not rated"
        when = f"{each.period}: " if each.period else ""
        text = f"{when}published {each.field} {each.published}, the rules give {computed} ({each.reason})"
        found.setdefault((each.area, each.id), []).append(text)
    return found


def _summary(report: scorecard.Report) -> Summary:
    rows, _ = scorecard.summary_rows(report, WORDS)
    columns = scorecard.report_columns(report, WORDS)
    headers = tuple((column.short, column.title) for column in columns)
    ratings = {rag.key: rag_class(rag) for rag in Rag}
    classes = tuple(ratings.get(column.key) for column in columns)
    return Summary(scorecard.summary_label(report), headers, tuple(tuple(row) for row in rows), classes)


def chart_of(measured: Measured, number: int, notes: Mapping[str, str] | None = None) -> Chart:
    from ragcalc.output.spcview import chart_points

    rule, chart = measured.rule, measured.chart
    drawn = charts.spc_chart(chart_points(chart), _due(rule.target), rule.unit, _rebase_reasons(measured), notes)
    assert drawn is not None  # a measure is charted only with values
    icons = icons_of(measured)
    assert icons is not None
    assurance = chart.assurance.word if chart.assurance else None
    picture, axes = drawn
    return Chart(measured.area, rule.id, rule.name, picture, icons, axes, f"chart-{number}", chart.variation, assurance)


def _rebase_reasons(measured: Measured) -> dict[str, str]:
    """Each rebase's reason, by the label of the chart's first point at or after it (where its segment starts)."""
    from ragcalc.rating.spc import first_month

    rebases, points = measured.rule.spc.rebase, measured.chart.points
    found = {}
    for period, reason in zip(rebases, rebases.reasons, strict=True):
        start = next((point for point in points if first_month(point.period) >= first_month(period)), None)
        if reason and start is not None:
            found[start.period.label] = reason
    return found


def notes_of(series: Series | None) -> dict[str, str]:
    """A history's notes, by period label: what a chart numbers at its points."""
    return {point.period.label: point.note for point in series.points if point.note} if series else {}


def matrix_of(sections: Sequence[Section]) -> mdc.Matrix | None:
    """The variation x assurance matrix of every chart on the page, each entry linked to its chart."""
    placed = [
        mdc.Placed(mdc.Entry(f"{chart.area + ': ' if chart.area else ''}{chart.id} {chart.name}", chart.anchor),
                   chart.variation, chart.assurance)
        for section in sections
        for chart in section.charts
    ]  # fmt: skip
    return mdc.matrix(placed) if placed else None
