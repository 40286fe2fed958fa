"""A scorecard as an Excel workbook (`--format xlsx`): a Summary sheet, then a sheet per group.

Written with XlsxWriter (the `excel` extra, imported only here): numbers as numbers in the measure's own format
(a percent measure's 69.8 as 0.698 shown `69.8%`, thousands separated, the decimals it was written with), each
RAG cell filled and lettered as the HTML page shows it, the header row frozen and each column as wide as its
widest cell. The workbook is made in memory; `outfile` writes it whole or not at all.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ragcalc.errors import EXCEL_EXTRA, UsageError
from ragcalc.output import mdc, provenance, scorecard
from ragcalc.output.provenance import PLAIN, Publication
from ragcalc.output.tables import RAG_COLOURS, Style, rag_word
from ragcalc.rating.model import Quantity, Rating
from ragcalc.rating.vocabulary import LETTERS, Arrow, Rag, Unit

if TYPE_CHECKING:
    from ragcalc.output.html import Extras
    from ragcalc.rating.spc import Measured

_NOT_IN_NAMES = re.compile(r"[\[\]:*?/\\]")  # characters Excel refuses in a sheet's name
_WIDEST = 60
_CELL = 32_767  # characters Excel holds in a cell


AUTHOR_ONLY = ("Published", "Predicted")  # the draft's own words: for its author, not a public workbook


def workbook(
    report: scorecard.Report, publication: Publication = PLAIN, extras: Extras | None = None
) -> tuple[bytes, list[str]]:
    """The workbook's bytes, and a warning for each cell whose text Excel cannot hold whole. Its properties carry
    `publication`'s title and provenance (and with SOURCE_DATE_EPOCH, the same bytes every run); with a history's
    SPC charts (`extras`), each measure's two icons and a sheet of the Making Data Count matrix."""
    try:
        import xlsxwriter
    except ImportError:
        raise UsageError(EXCEL_EXTRA) from None
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    title = _properties(book, report, publication)
    formats = _Formats(book)
    heading = (title, publication.subtitle or _period(report))
    _summary_sheet(book, report, formats, heading)
    measured = extras.measured if extras else {}
    if measured:
        _matrix_sheet(book, list(measured.values()), formats, heading)
    names: set[str] = {"summary", "spc matrix"}
    for group, ratings in scorecard.by_group(report).items():
        sheet = book.add_worksheet(_sheet_name(group, names))
        icons = {(r.area, r.rule.id): measured[(r.area, r.rule.id)] for r in ratings if (r.area, r.rule.id) in measured}
        _measures_sheet(sheet, ratings, formats, report.benchmark, public=publication.public, heading=heading,
                        icons=icons if measured else None, year_ago=report.year_ago)  # fmt: skip
    book.close()
    return buffer.getvalue(), formats.cut


def _icon_cells(measured: Measured | None) -> tuple[tuple[str, Any], ...]:
    """A measure's variation and assurance icons as cells (none: too few points, no target)."""
    if measured is None:
        return (("icon", None), ("icon", None))
    chart = measured.chart
    assurance = chart.assurance.word if chart.assurance else None
    return (("icon", mdc.variation_icon(chart.variation)), ("icon", mdc.assurance_icon(assurance)))


def _matrix_sheet(book: Any, measured: list[Measured], formats: _Formats, heading: tuple[str, str]) -> None:
    """Making Data Count's matrix: each measure in the cell of its variation and assurance."""
    sheet = book.add_worksheet("SPC matrix")
    placed = [
        mdc.Placed(mdc.Entry(f"{each.area + ': ' if each.area else ''}{each.rule.id}", ""), each.chart.variation,
                   each.chart.assurance.word if each.chart.assurance else None)
        for each in measured
    ]  # fmt: skip
    found = mdc.matrix(placed)
    widths = _header(sheet, ["Variation", *found.columns], formats, heading)
    for r, (label, cells) in enumerate(found.rows, start=HEADER_ROW + 1):
        sheet.write_string(r, 0, label, formats.text)
        for c, entries in enumerate(cells, start=1):
            text = ", ".join(entry.label for entry in entries)
            sheet.write_string(r, c, text, formats.text)
            widths[c] = max(widths[c], min(len(text), 40))
        widths[0] = max(widths[0], len(label))
    _finish(sheet, widths)


def _period(report: scorecard.Report) -> str:
    quarter = report.quarter
    period = f"Reporting period {quarter.period}" if quarter.period else "No reporting period given"
    return period + (f" (compared with {quarter.previous_period})" if quarter.previous_period else "")


def _properties(book: Any, report: scorecard.Report, publication: Publication) -> str:
    """The workbook's properties (title, subject, the provenance as comments); its title."""
    import os

    title = publication.title or f"Scorecard: {report.quarter.period or 'no period given'}"
    found = publication.provenance
    book.set_properties(
        {
            "title": title,
            "subject": publication.subtitle or "",
            "comments": " ".join(found.lines) if found else "",
            "created": provenance.when(os.environ),
        }
    )
    return title


class _Formats:
    """The workbook's cell formats, each made once."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.header = book.add_format({"bold": True, "bottom": 2, "text_wrap": True, "valign": "top"})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.text = book.add_format({"valign": "top", "text_wrap": True})
        self.made: dict[str, Any] = {}
        self.cut: list[str] = []  # warnings: text cut to the characters a cell holds

    def number(self, pattern: str) -> Any:
        if pattern not in self.made:
            self.made[pattern] = self.book.add_format({"num_format": pattern, "valign": "top"})
        return self.made[pattern]

    def icon(self, icon: mdc.Icon) -> Any:
        return self._filled(f"icon-{icon.css}", mdc.FILLS[icon.css])

    def rag(self, rag: Rag) -> Any:
        return self._filled(f"rag-{rag.word}", RAG_COLOURS[rag])

    def _filled(self, key: str, colours: tuple[str, str]) -> Any:
        """A bold cell filled and lettered in a rating's or an icon's colours, made once."""
        if key not in self.made:
            fill, font = colours
            self.made[key] = self.book.add_format({"bg_color": fill, "font_color": font, "bold": True, "valign": "top"})
        return self.made[key]


def _sheet_name(group: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: 31 characters, none of []:*?/\\ nor a control character (pasted from Word), not
    starting or ending with ', unique whatever the case."""
    printable = "".join(char if char.isprintable() else " " for char in group)
    base = _NOT_IN_NAMES.sub("-", printable).strip("' ")[:31].rstrip("' ") or "Group"
    name, count = base, 1
    while name.lower() in taken:
        count += 1
        suffix = f" ({count})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def _summary_sheet(book: Any, report: scorecard.Report, formats: _Formats, heading: tuple[str, str]) -> None:
    sheet = book.add_worksheet("Summary")
    rows, _ = scorecard.summary_rows(report, Style(ascii=False))
    columns = scorecard.report_columns(report)
    names = [scorecard.summary_label(report), *(column.title for column in columns)]
    widths = _header(sheet, names, formats, heading)
    percent = formats.number("0.0%")
    for r, row in enumerate(rows, start=HEADER_ROW + 1):
        sheet.write_string(r, 0, row[0], formats.text)
        for c, cell in enumerate(row[1:], start=1):
            if cell.endswith("%"):
                sheet.write_number(r, c, float(Decimal(cell[:-1]) / 100), percent)
            elif cell.isdigit():
                sheet.write_number(r, c, int(cell))
            else:
                sheet.write_string(r, c, cell)
        widths[0] = max(widths[0], len(row[0]))
    _finish(sheet, widths)


def _measures_sheet(
    sheet: Any,
    ratings: list[Rating],
    formats: _Formats,
    compared: str | None,
    *,
    public: bool = False,
    heading: tuple[str, str] = ("", ""),
    icons: Mapping[tuple[str | None, str], Measured] | None = None,
    year_ago: bool = False,
) -> None:
    areas = any(rating.area for rating in ratings)
    extra, more = scorecard.extra_columns(ratings, Style(ascii=False), compared)  # as the table shows them
    if public:
        kept = [at for at, name in enumerate(extra) if name not in AUTHOR_ONLY]
        extra, more = [extra[at] for at in kept], [[cells[at] for at in kept] for cells in more]
    names = [*(["Area"] if areas else []), "ID", "Measure", "Value", "Previous", "Target", "RAG", "Direction"]
    names += ["Year ago", "Direction on a year ago"] if year_ago else []
    names += ["Variation", "Assurance"] if icons is not None else []
    widths = _header(sheet, [*names, *extra, "Note"], formats, heading)
    for r, (rating, shown) in enumerate(zip(ratings, more, strict=True), start=HEADER_ROW + 1):
        reading, rule = rating.reading, rating.rule
        cells: list[tuple[str, Any]] = [
            *([("text", rating.area or "")] if areas else []),
            ("text", rule.id),
            ("text", rule.name),
            ("value", reading.value if reading else None),
            ("previous", reading.previous if reading else None),
            ("target", scorecard.target_cell(rating)),
            ("rag", rating.rag),
            ("text", _direction(rating, rating.direction)),
            *(_year_ago_cells(rating) if year_ago else ()),
            *(_icon_cells(icons.get((rating.area, rule.id))) if icons is not None else ()),
            *(("text", cell) for cell in shown),
            ("text", reading.note if reading and reading.note else ""),
        ]
        for c, (kind, cell) in enumerate(cells):
            widths[c] = max(widths[c], _write(sheet, r, c, kind, cell, rating, formats))
    _finish(sheet, widths)


def _write(sheet: Any, r: int, c: int, kind: str, cell: Any, rating: Rating, formats: _Formats) -> int:
    """Write one cell; its width in characters."""
    if kind in ("value", "previous", "year_ago") and isinstance(cell, Quantity):
        number, pattern = _number(cell, rating.rule.unit)
        sheet.write_number(r, c, number, formats.number(pattern))
        return len(cell.text)
    if kind == "year_ago":
        text = scorecard.year_ago_cells(rating, Style())[0]  # no data, or no value a year before
        sheet.write_string(r, c, text)
        return len(text)
    if kind in ("value", "previous"):
        text = scorecard.value_cell(rating, previous=kind == "previous")  # no data, or no value
        sheet.write_string(r, c, text)
        return len(text)
    if kind == "target" and (found := _target_number(cell, rating.rule.unit)) is not None:
        number, pattern = found
        sheet.write_number(r, c, number, formats.number(pattern))
        return len(cell)
    if kind == "icon":
        if cell is None:
            sheet.write_string(r, c, "-")
            return 1
        text = f"{cell.letter or '-'} {cell.word}"  # a letter code and the word, with the icon's fill
        sheet.write_string(r, c, text, formats.icon(cell))
        return len(text)
    if kind == "rag":
        if cell is None:
            sheet.write_string(r, c, "not rated")
            return 9
        text = f"{LETTERS[cell]} {rag_word(cell, rating.rule)}"
        sheet.write_string(r, c, text, formats.rag(cell))
        return len(text)
    text = str(cell)
    if len(text) > _CELL:
        from xlsxwriter.utility import xl_rowcol_to_cell

        formats.cut.append(
            f"--format xlsx: sheet '{sheet.name}', cell {xl_rowcol_to_cell(r, c)} (measure {rating.rule.id}) has "
            f"{len(text):,} characters; Excel holds {_CELL:,} in a cell, so the rest is cut (CSV, JSON and HTML "
            "keep it whole)"
        )
    sheet.write_string(r, c, text[:_CELL], formats.text)
    return len(text)


def _number(quantity: Quantity, unit: Unit) -> tuple[float, str]:
    """A value as Excel holds it, and the format that shows it as written: 69.8 percent as 0.698 in 0.0%, £1,950,000
    (or a currency measure's 1950000) as 1950000 in "£"#,##0."""
    exponent = quantity.amount.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    decimals = "." + "0" * places if places else ""
    if unit is Unit.PERCENT:
        return float(quantity.amount.scaleb(-2)), f"0{decimals}%"
    written = quantity.text.lstrip("+-\u2212 ")[:1]
    sign = written if written in "£$€" and written else "£" if unit is Unit.CURRENCY else ""
    return float(quantity.amount), (f'"{sign}"' if sign else "") + f"#,##0{decimals}"


_TARGET = re.compile(r"(>=|<=|>|<|≥|≤)?\s*([£$€]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)")


def _target_number(text: str, unit: Unit) -> tuple[float, str] | None:
    """A target as a number in a format that shows it as the table does ('>= 90%' is 0.9 shown `>= 0%`); None for a
    range or words, which stay text."""
    match = _TARGET.fullmatch(text.strip())
    if match is None:
        return None
    comparator, sign, whole, fraction, percent = match.groups()
    amount = Decimal(whole.replace(",", "") + (fraction or ""))
    decimals = "." + "0" * (len(fraction) - 1) if fraction else ""
    prefix = (f'"{comparator} "' if comparator else "") + (f'"{sign}"' if sign else "")
    if percent or unit is Unit.PERCENT:
        return float(amount.scaleb(-2)), f"{prefix}0{decimals}%"
    return float(amount), f"{prefix}#,##0{decimals}"


def _year_ago_cells(rating: Rating) -> tuple[tuple[str, Any], ...]:
    """The value a year before and the arrow against it (`--compare previous,year-ago`)."""
    reading = rating.reading
    return ("year_ago", reading.year_ago if reading else None), ("text", _direction(rating, rating.direction_year_ago))


def _direction(rating: Rating, arrow: Arrow | None) -> str:
    """One of a rating's arrows in words (the rule's label, where it has one)."""
    if arrow is None:
        return ""
    return rating.rule.label(arrow) or arrow.word


HEADER_ROW = 3  # below the title, the period (or subtitle) and a blank row


def _header(sheet: Any, names: list[str], formats: _Formats, heading: tuple[str, str]) -> list[int]:
    """The title rows, the header row (frozen, repeated on every printed page) and the print settings: A4
    landscape, fitted to the page's width."""
    title, subtitle = heading
    sheet.write_string(0, 0, title, formats.title)
    if subtitle:
        sheet.write_string(1, 0, subtitle)
    for c, name in enumerate(names):
        sheet.write_string(HEADER_ROW, c, name, formats.header)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.repeat_rows(HEADER_ROW)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # as wide as the page, as long as it takes
    return [len(name) for name in names]


def _finish(sheet: Any, widths: list[int]) -> None:
    for c, width in enumerate(widths):
        sheet.set_column(c, c, min(width, _WIDEST) + 2)
