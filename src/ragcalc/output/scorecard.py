"""A scorecard (one period's ratings and their summary) as text: a table or markdown, and the cells the page
and the workbook share with it (CSV and JSON are `records`).

Pure string building; the CLI decides where it goes. Tables are drawn by `tables`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from ragcalc.output import forecasts
from ragcalc.output.figures import target_text
from ragcalc.output.tables import Style, arrow, fitted, markdown_text, rag_word
from ragcalc.rating.model import Compared, Quarter, Rating, Rule, Summary, Target
from ragcalc.rating.vocabulary import LETTERS, Direction, Kind, Rag, Unit

if TYPE_CHECKING:
    from ragcalc.rating.ranking import Rank

_COLOURS = {
    Rag.EXCEEDED: "1;32",
    Rag.GREEN: "32",
    Rag.AMBER_GREEN: "33",
    Rag.AMBER: "33",
    Rag.AMBER_RED: "31",
    Rag.RED: "31",
    Rag.BLUE: "34",
}
COMPARISON_KEYS = ("better", "similar", "worse")
PERCENT_KEYS = ("on_target_pct", "improving_pct", "improving_year_ago_pct")  # the summary's shares, after its counts
PLAIN = Style()  # arrows, no colour


class Column(NamedTuple):
    """One column of the summary, each way it is written: by records, tables, pages and workbooks."""

    key: str  # the JSON and CSV key ('green', 'no_direction', 'on_target_pct')
    short: str  # a table's heading ('G', '↑', 'No DoT')
    title: str  # in full (a page's heading's title, a workbook's heading): 'Green', 'Improving'


def summary_columns(
    levels: Sequence[Rag], *, compared: bool = False, year_ago: bool = False, style: Style = PLAIN
) -> tuple[Column, ...]:
    """The summary's columns: the rating levels the rules can give (see `engine.levels`), the arrows (in `style`),
    the arrows against a year before where the scorecard shows them, the benchmark comparisons where the rules make
    any, then the shares."""
    arrows = tuple(Column(d.word, style.arrows[d], d.word.capitalize()) for d in Direction)
    return (
        Column("measures", "Measures", "Measures"),
        *(Column(rag.key, LETTERS[rag], rag_word(rag)) for rag in levels),
        Column("not_rated", "Not rated", "Not rated"),
        *arrows,
        Column("no_direction", "No DoT", "No direction of travel"),
        *(_year_ago_columns(arrows) if year_ago else ()),
        *(Column(key, key.capitalize(), key.capitalize()) for key in (COMPARISON_KEYS if compared else ())),
        Column("on_target_pct", "On target", "% on target"),
        Column("improving_pct", "Improving", "% improving"),  # its full title unlike the count's, "Improving"
        *((Column("improving_year_ago_pct", "Improving yr", "% improving on a year before"),) if year_ago else ()),
    )


def _year_ago_columns(arrows: Sequence[Column]) -> tuple[Column, ...]:
    """The arrows against the same period a year before: '↑ yr', 'Improving on a year before'."""
    each = tuple(Column(f"{c.key}_year_ago", f"{c.short} yr", f"{c.title} on a year before") for c in arrows)
    return (*each, Column("no_direction_year_ago", "No DoT yr", "No direction of travel on a year before"))


def report_columns(report: Report, style: Style = PLAIN) -> tuple[Column, ...]:
    """A scorecard's summary columns."""
    return summary_columns(report.levels, compared=bool(report.benchmark), year_ago=report.year_ago, style=style)


def report_count_keys(report: Report) -> tuple[str, ...]:
    """A scorecard's summary counts (its columns but the shares)."""
    return tuple(column.key for column in report_columns(report) if column.key not in PERCENT_KEYS)


def benchmark_heading(rules: Sequence[Rule]) -> str | None:
    """What the comparison column is called: 'vs England' where every rule names England; None without any."""
    names = {rule.benchmark.name for rule in rules if rule.benchmark is not None}
    if not names:
        return None
    return f"vs {names.pop()}" if len(names) == 1 else "vs benchmark"


class Report(NamedTuple):
    quarter: Quarter
    ratings: Sequence[Rating]  # the ones to list (after --only)
    summary: Summary
    group_by: str = "group"
    summary_only: bool = False
    levels: tuple[Rag, ...] = (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.BLUE)  # the levels the rules can give
    benchmark: str | None = None  # the comparison column's heading, where the rules name a benchmark
    ranks: Mapping[tuple[str, str], Rank] | None = None  # --rank: by (area, id)
    year_ago: bool = False  # `--compare previous,year-ago`: the arrow against a year before beside the first


# ---- cells -------------------------------------------------------------------------------------


def value_cell(rating: Rating, *, previous: bool = False) -> str:
    if rating.rule.kind is Kind.PROJECT:
        return ""
    if rating.reading is None:
        return "" if previous else "no data"
    reading = rating.reading
    quantity = reading.previous if previous else reading.value
    if quantity is None:
        return "-"
    if not previous and reading.periods_behind:
        return f"{quantity.text} ({'stale: ' if reading.stale else ''}{reading.period})"
    return quantity.text


def _rag_cell(rating: Rating, style: Style) -> str:
    rag, word = rating.rag, rag_word(rating.rag, rating.rule)
    return f"\x1b[{_COLOURS[rag]}m{word}\x1b[0m" if style.colour and rag is not None else word


def _published_cell(rating: Rating, style: Style) -> str:
    reading = rating.reading
    if reading is None or (
        reading.published.rag is None and reading.published.direction is None and not reading.published.unrated
    ):
        return ""
    rule = rating.rule
    parts = [
        rag_word(reading.published.rag, rule) if reading.published.rag or reading.published.unrated else "",
        arrow(reading.published.direction, style, rule) if reading.published.direction else "",
    ]
    return " ".join(p for p in parts if p)


def target_cell(rating: Rating) -> str:
    """The target in force, formatted as the values are; the words written where the period has none."""
    rule, reading = rating.rule, rating.reading
    if reading is not None and reading.no_target is not None:
        return reading.no_target
    in_force = in_force_target(rating)
    if in_force is None:
        return "" if rule.kind is Kind.PROJECT else "-"
    return target_text(in_force, rule.unit)


def in_force_target(rating: Rating) -> Target | None:
    """The target the measure was rated against: the period's own, a cumulative share, or the rule's (none
    where the period says it has none)."""
    if rating.target is not None:
        return rating.target
    reading = rating.reading
    return None if reading is not None and reading.no_target is not None else rating.rule.target


def _pct(value: Decimal | None) -> str:
    return "-" if value is None else f"{value}%"


# ---- tables ------------------------------------------------------------------------------------


def table(report: Report, style: Style, *, markdown: bool = False) -> str:
    fmt = "github" if markdown else "simple"
    out: list[str] = []
    period = report.quarter.period or "(no period given)"
    previous = f" (previous: {report.quarter.previous_period})" if report.quarter.previous_period else ""
    out.append(f"## Scorecard: {period}{previous}" if markdown else f"Scorecard: {period}{previous}")
    if not report.summary_only:
        for group, ratings in by_group(report).items():
            out += ["", f"### {markdown_text(group)}" if markdown else group, ""]
            rows, headers = _measure_rows(ratings, style, report.benchmark, year_ago=report.year_ago)
            if report.ranks is not None:
                headers += ["Rank", "Quintile"]
                for cells, rating in zip(rows, ratings, strict=True):
                    cells.extend(_rank_cells(rating, report.ranks))
            out.append(fitted(rows, headers, fmt, None if markdown else style.width, wrap=headers.index("Measure")))
            notes = [f"{r.rule.id}: {r.reading.note}" for r in ratings if r.reading and r.reading.note]
            if notes:  # in markdown, a list item each: lines of text would run together into one paragraph
                out += [""] + [f"- Note {markdown_text(n)}" if markdown else f"Note {n}" for n in notes]
        if not report.ratings:
            out += ["", "No measures match --only."]
    out += ["", "### Summary" if markdown else "Summary", ""]
    out.append(summary_table(report, style, fmt, None if markdown else style.width))
    year_end = forecasts.year_end_lines(report.summary.total)
    out += ["", *year_end] if year_end else []
    return "\n".join(out) + "\n"


def by_group(report: Report) -> dict[str, list[Rating]]:
    """Listed ratings per group, groups in the summary's order (first appearance in the rules)."""
    groups: dict[str, list[Rating]] = {counts.group: [] for counts in report.summary.groups}
    for rating in report.ratings:
        groups[rating.group_key(report.group_by)].append(rating)
    return {name: members for name, members in groups.items() if members}


def _beside_cells(rating: Rating, names: Sequence[str]) -> list[str]:
    """The benchmarks given beside the value, formatted as the value is ('64.3%')."""
    evidence = rating.reading.evidence if rating.reading else None
    given = dict(evidence.benchmarks) if evidence else {}
    unit = "%" if rating.rule.unit is Unit.PERCENT else ""
    return [format(given[name], ",f") + unit if name in given else "" for name in names]


def _rank_cells(rating: Rating, ranks: Mapping[tuple[str, str], Rank]) -> list[str]:
    found = ranks.get((rating.area or "", rating.rule.id))
    return ["-", "-"] if found is None else [f"{found.rank} of {found.of}", str(found.quintile)]


def comparison_cell(rating: Rating, compared: Compared | None = None) -> str:
    """Better, Similar or Worse (or the rule's labels for them), or the quartile among a group ('Best quartile');
    '-' where no comparison could be made. `compared`: at a further level (`benchmark_level`), else the first."""
    compared = compared or rating.benchmark
    if compared is not None and compared.quartile is not None:
        from ragcalc.rating.benchmark import QUARTILES  # loaded already: the comparison was made with it

        return QUARTILES[compared.quartile - 1].capitalize()
    if compared is None or compared.comparison is None:
        return "-" if rating.rule.benchmark is not None else ""
    return rating.rule.label(compared.comparison) or compared.comparison.word.capitalize()


def further_levels(ratings: Sequence[Rating]) -> list[Decimal]:
    """The further confidence levels the comparisons were made at (`benchmark_level: [95, 99.8]`), in order."""
    return list(dict.fromkeys(compared.level for r in ratings for compared in r.benchmark_levels if compared.level))


def comparison_headings(heading: str | None, ratings: Sequence[Rating]) -> list[str]:
    """The comparison columns' headings: 'vs England', or with further levels one per level, each naming its
    level ('vs England (95%)', 'vs England (99.8%)'); none without a benchmark."""
    if heading is None:
        return []
    further = further_levels(ratings)
    first = next((r.benchmark.level for r in ratings if r.benchmark_levels and r.benchmark), None)
    if not further or first is None:
        return [heading]
    return [f"{heading} ({level}%)" for level in (first, *further)]


def level_cell(rating: Rating, level: Decimal) -> str:
    """The comparison at a further level, '' where the rule compares at no such level."""
    found = next((compared for compared in rating.benchmark_levels if compared.level == level), None)
    return "" if found is None else comparison_cell(rating, found)


def _measure_rows(
    ratings: Sequence[Rating], style: Style, heading: str | None = None, *, year_ago: bool = False
) -> tuple[list[list[str]], list[str]]:
    areas = any(r.area for r in ratings)
    headers = [*(["Area"] if areas else []), "ID", "Measure", "Value", "Previous", "Target", "RAG", "DoT"]
    extra, cells = extra_columns(ratings, style, heading, year_ago=year_ago)
    rows = [
        [
            *([r.area or ""] if areas else []),
            r.rule.id,
            r.rule.name,
            value_cell(r),
            value_cell(r, previous=True),
            target_cell(r),
            _rag_cell(r, style),
            arrow(r.direction, style, r.rule),
            *more,
        ]
        for r, more in zip(ratings, cells, strict=True)
    ]
    return rows, [*headers, *extra]


def extra_columns(
    ratings: Sequence[Rating], style: Style, heading: str | None = None, *, year_ago: bool = False
) -> tuple[list[str], list[list[str]]]:
    """The columns after the arrow that only some scorecards have, and each rating's cells in them (the table's
    and the workbook's): the value a year before and the arrow against it (`year_ago`), benchmarks given beside
    the value, the comparison (`heading`, 'vs England'), what a draft publishes, the year end it predicts, the
    forecast."""
    beside = list(
        dict.fromkeys(
            name for r in ratings if r.reading and r.reading.evidence for name, _ in r.reading.evidence.benchmarks
        )
    )
    published = [_published_cell(r, style) for r in ratings]
    show_published = any(published)
    predicted, projected = forecasts.states_any(ratings), any(r.forecast is not None for r in ratings)
    named = named_targets(ratings)
    further, compared = further_levels(ratings), comparison_headings(heading, ratings)
    headers = [*(YEAR_AGO_HEADERS if year_ago else ()), *beside, *compared]
    headers += [f"vs {name}" for name in named]
    headers += [*(["Published"] if show_published else [])]
    headers += [*(["Predicted"] if predicted else []), *(["Forecast"] if projected else [])]
    cells = [
        [
            *(year_ago_cells(r, style) if year_ago else ()),
            *_beside_cells(r, beside),
            *([comparison_cell(r)] if heading else []),
            *(level_cell(r, level) for level in further if heading),
            *(named_cell(r, name) for name in named),
            *([shown] if show_published else []),
            *([forecasts.predicted_cell(r)] if predicted else []),
            *([forecasts.cell(r)] if projected else []),
        ]
        for r, shown in zip(ratings, published, strict=True)
    ]
    return headers, cells


YEAR_AGO_HEADERS = ("Year ago", "DoT yr")  # the value of the same period a year before, and the arrow against it


def year_ago_cells(rating: Rating, style: Style) -> tuple[str, str]:
    """The value a year before, formatted as written, and the arrow against it (`--compare previous,year-ago`)."""
    reading = rating.reading
    shown = "" if reading is None else "-" if reading.year_ago is None else reading.year_ago.text
    return shown, arrow(rating.direction_year_ago, style, rating.rule)


def named_targets(ratings: Sequence[Rating]) -> list[str]:
    """The names of the other targets the rules give (`targets:`), in the order they come."""
    return list(dict.fromkeys(name for r in ratings for name, _ in r.rule.targets))


def named_cell(rating: Rating, name: str) -> str:
    """A value against one of its rule's named targets, in words: '92%: missed'; '' where the rule has none."""
    from ragcalc.rating.engine import meets

    found = dict(rating.rule.targets).get(name)
    if found is None:
        return ""
    shown = target_text(found, rating.rule.unit)
    reading = rating.reading
    if reading is None or reading.value is None:
        return f"{shown}: no value"
    met = meets(rating.rule, reading.value.amount, found)
    return f"{shown}: {'-' if met is None else 'met' if met else 'missed'}"


def summary_label(report: Report) -> str:
    """The summary's first heading: what it groups by ('Group', 'Area · Group')."""
    return " · ".join(key.strip().capitalize() for key in report.group_by.split(","))


def summary_table(report: Report, style: Style, fmt: str = "simple", width: int | None = None) -> str:
    """The summary as a table: a row per group and the total, its label left and its counts right."""
    rows, headers = summary_rows(report, style)
    return fitted(rows, headers, fmt, width, wrap=0, align=("left",) + ("right",) * (len(headers) - 1))


def summary_rows(report: Report, style: Style) -> tuple[list[list[str]], list[str]]:
    columns = report_columns(report, style)
    headers = [summary_label(report), *(column.short for column in columns)]
    rows = []
    summary = report.summary
    for counts in (*summary.groups, summary.total):
        cells = [
            _pct(getattr(counts, c.key)) if c.key in PERCENT_KEYS else str(getattr(counts, c.key)) for c in columns
        ]
        rows.append([counts.group, *cells])
    return rows, headers
