"""Excel workbooks (.xlsx) read as the analyst sees them: a sheet becomes the rows a CSV file gives, and the
CSV readers take it from there, so a workbook is checked exactly as a CSV file is.

Each cell is read as the digits it shows: a cell showing 69.8% holds 0.698 with a percent format and is read
as `69.8%`; a float such as 0.1 + 0.2 is read to Excel's 15 significant digits (`0.3`), padded to the decimals
its format shows (`70.0%`) but never rounded to them (a cell of 0.6985 shown as `70%` is read as `69.85%`:
the format hides digits, the value keeps them); a date in the period column is the month it falls in
(`Apr-22`). openpyxl reads the workbook (read-only): it gives each cell's number format, which the faster
python-calamine does not (docs/rules.md, "Excel workbooks"). Loaded only for .xlsx files; openpyxl comes with
the `excel` extra.
"""

from __future__ import annotations

import csv
import re
import warnings
from datetime import date, datetime, time
from decimal import Context, Decimal
from types import SimpleNamespace
from typing import Any, NamedTuple

from ragcalc.errors import EXCEL_EXTRA, Finding, InputError, UsageError

_DIGITS = 15  # Excel shows and keeps numbers to 15 significant digits
# which column a finding is about, by its code, so that it can name the cell (Sheet1!C12)
_COLUMN_OF = {
    "bad-value": "value",
    "percent-unit": "value",
    "bad-target": "target",
    "bad-period": "period",
    "duplicate-period": "period",
    "mixed-periods": "period",
    "unknown-id": "id",
    "bad-id": "id",
    "missing-id": "id",
    "duplicate-id": "id",
    "bad-area": "area",
    "published-word": "published_rag",
}


class Sheet(NamedTuple):
    """A sheet as CSV text, with what it takes to name a cell: the sheet, its header, each CSV line's row."""

    text: str
    name: str
    header: tuple[str, ...]
    rows: tuple[int, ...]  # the sheet row of each CSV line (line 1 is rows[0])
    note: str | None = None  # which sheet was read, where the workbook's first was passed over

    def located(self, finding: Finding, path: str) -> Finding:
        """A finding about the sheet's CSV text, naming the sheet and the cell (`q4.xlsx:Sheet1!C12`), never a line
        of that text."""
        if finding.file != path or finding.line is None or not 0 < finding.line <= len(self.rows):
            return finding._replace(file=f"{path}:{self.name}") if finding.file == path else finding
        key = re.split(r"[: ]", finding.message, maxsplit=1)[0]  # 'published_direction: ...', "value '-5' is ..."
        column = key if key in self.header else _COLUMN_OF.get(finding.code)
        return finding._replace(file=f"{path}:{self.cell(finding.line, column)}", line=None, column=None)

    def cell(self, line: int, column: str | None) -> str:
        """The cell of `column` in the sheet row of the CSV text's `line` ('Data!D4'); the whole row ('Data!4:4'), as
        Excel writes a row reference, where the sheet has no such column."""
        row = self.rows[line - 1]
        where = f"{_letters(self.header.index(column))}{row}" if column in self.header else f"{row}:{row}"
        return f"{self.name}!{where}"


class Limits(NamedTuple):
    """How much of a workbook is read at most, checked before openpyxl inflates it: a workbook of a few KB can
    declare a sheet of 17 billion cells or inflate to gigabytes of XML."""

    part: int = 256 * 2**20  # bytes of XML in one part of the workbook, inflated (a 100,000-row sheet is ~10 MB)
    ratio: int = 400  # ... and how many times its packed size a part may inflate to, once over `packed`
    packed: int = 4 * 2**20
    cell: int = 131_072  # characters in one cell: the CSV reader's own limit (Python's csv field size)


LIMITS = Limits()
TOO_BIG = "is too large to read in this machine's memory; copy the sheet into a new workbook, or save it as CSV UTF-8"


def read(path: str, sheet: str | None = None) -> Sheet:
    """The sheet named `sheet` (in any case, as Excel matches names; default the first visible worksheet) as CSV
    text."""
    try:
        import openpyxl
    except ImportError:
        raise UsageError(EXCEL_EXTRA) from None
    _check_size(path)
    with warnings.catch_warnings():  # openpyxl warns of what it does not read (validation, styles): not findings
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except FileNotFoundError:
            raise InputError("file not found; check the path", path, code="unreadable") from None
        except MemoryError:
            raise InputError(TOO_BIG, path, code="too-large") from None
        except Exception as exc:  # openpyxl raises zipfile's, KeyError and its own for a file that is not a workbook
            why = str(exc) or type(exc).__name__  # never an empty reason
            raise InputError(f"cannot be read as an Excel workbook ({why})", path, code="unreadable") from None
        try:
            chosen, note = _chosen(book, sheet, path)
            worksheet = book[chosen]
            worksheet.reset_dimensions()  # its <dimension> may claim A1:XFD1048576: rows are read as they are
            found = _as_csv(worksheet.iter_rows(), chosen, path)
        finally:
            book.close()
    if found.blank and _has_formulas(path):
        _uncached_formulas(path, chosen, found.blank)
    return found.sheet._replace(note=note)


def _chosen(book: Any, sheet: str | None, path: str) -> tuple[str, str | None]:
    """The sheet to read, and a note saying which when the workbook's first sheet was passed over."""
    if sheet is not None:
        names = {name.casefold(): name for name in book.sheetnames}
        if sheet.casefold() not in names:
            raise UsageError(f"no sheet '{sheet}' in the workbook; its sheets: {', '.join(book.sheetnames)}", path)
        return names[sheet.casefold()], None
    worksheets = [ws.title for ws in book.worksheets]
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    if not visible:
        raise InputError("has no visible worksheet; name the sheet to read with --sheet", path, code="unreadable")
    first = book.sheetnames[0]
    if visible[0] == first:
        return first, None
    why = "a chart sheet" if first not in worksheets else "hidden"
    return visible[
        0
    ], f"read sheet '{visible[0]}', the first visible worksheet ('{first}' is {why}); --sheet reads another"


def _check_size(path: str) -> None:
    """Refuse a workbook whose parts would inflate beyond `LIMITS`, from the sizes its zip directory declares (which
    bound what is inflated), before anything is read."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (OSError, zipfile.BadZipFile):
        return  # openpyxl says what is wrong with it
    for part in parts:
        bomb = part.file_size > LIMITS.packed and part.file_size > LIMITS.ratio * max(part.compress_size, 1)
        if part.file_size > LIMITS.part or bomb:
            raise InputError(
                f"is too large to read: its part {part.filename} inflates to {part.file_size:,} bytes from "
                f"{part.compress_size:,}; copy the sheet into a new workbook, or save it as CSV UTF-8",
                path,
                code="too-large",
            )


class _Read(NamedTuple):
    sheet: Sheet
    blank: frozenset[tuple[int, int]]  # cells written with no value (row, column): a formula's with no result?


def _as_csv(rows: Any, name: str, path: str) -> _Read:
    written: list[str] = []  # a line per row, or more where a cell holds a line break
    writer = csv.writer(SimpleNamespace(write=written.append), lineterminator="\n")
    lines: list[int] = []
    header: tuple[str, ...] = ()
    period_at: int | None = None
    blank: set[tuple[int, int]] = set()
    for number, row in enumerate(rows, start=1):
        cells = [_text(cell, period=at == period_at) for at, cell in enumerate(row)]
        # cells written with no value (not a row's padding): a formula's whose result was never saved, perhaps
        blank.update((number, at) for at, text in enumerate(cells) if not text and _written_empty(row[at]))
        while cells and not cells[-1]:  # formatted empty cells after the last one with text
            cells.pop()
        if not cells:  # an empty row, as a CSV reader skips it
            continue
        if max(map(len, cells)) > LIMITS.cell:
            at = next(at for at, text in enumerate(cells) if len(text) > LIMITS.cell)
            raise InputError(
                f"cell {_letters(at)}{number} holds {len(cells[at]):,} characters, more than the {LIMITS.cell:,} a "
                "cell may hold here",
                f"{path}:{name}",
                code="too-large",
            )
        if not header:
            header = tuple(cell.strip().lower() for cell in cells)
            period_at = header.index("period") if "period" in header else None
        writer.writerow(cells)
        lines += [number] * written[-1].count("\n")
    return _Read(Sheet("".join(written), name, header, tuple(lines)), frozenset(blank))


def _written_empty(cell: Any) -> bool:
    """A cell the sheet writes with no value (openpyxl's padding between written cells has no row)."""
    return cell.value is None and hasattr(cell, "row")


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")  # a formula element, <f>, <f t="shared" ...>, <x:f/> (not <formula>)


def _has_formulas(path: str) -> bool:
    """Whether any worksheet of the workbook holds a formula, from its XML read in chunks: a sheet whose empty cells
    are only formatted is not read a second time."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        for part in archive.infolist():
            if not (part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")):
                continue
            with archive.open(part) as xml:
                tail = b""
                while chunk := xml.read(1 << 20):
                    if _FORMULA.search(tail + chunk):
                        return True
                    tail = chunk[-16:]  # an element split between two chunks
    return False


def _uncached_formulas(path: str, name: str, blank: frozenset[tuple[int, int]]) -> None:
    """Refuse formulas with no saved result (a workbook written by a program and never opened in Excel), which read
    as empty cells. Only a sheet with cells written empty is read again, for their formulas."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
        try:
            worksheet = book[name]
            worksheet.reset_dimensions()
            formulas = [
                f"{_letters(at)}{number}"
                for number, row in enumerate(worksheet.iter_rows(), start=1)
                for at, cell in enumerate(row)
                if (number, at) in blank and getattr(cell, "data_type", None) == "f"
            ]
        finally:
            book.close()
    if formulas:
        shown = ", ".join(formulas[:5]) + (f" and {len(formulas) - 5} more" if len(formulas) > 5 else "")
        raise InputError(
            f"formula cells with no saved result ({shown}): the workbook was written by a program and never "
            "calculated; open it in Excel and save it, so that each formula's result is stored",
            f"{path}:{name}",
            code="unreadable",
        )


def _text(cell: Any, *, period: bool) -> str:
    """A cell's text as Excel shows it (see the module's docstring)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime | date):
        return value.strftime("%b-%y") if period else value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, int | float):
        number_format = str(getattr(cell, "number_format", "General") or "General")
        return _number(value, number_format)
    return str(value)


def _number(value: float, number_format: str) -> str:
    amount = Decimal(format(value, f".{_DIGITS}g"))  # Excel's own digits: 0.1 + 0.2 is 0.3
    section = number_format.split(";", maxsplit=1)[0]
    first = _unquoted(section)
    if "%" in first:
        amount = amount.scaleb(2)  # 0.698 shown as 69.8%
    exponent = amount.as_tuple().exponent
    shown = _places(first)
    if isinstance(exponent, int) and -exponent < shown:  # pads to the decimals shown: 0.7 as 70.0%
        amount = amount.quantize(Decimal(1).scaleb(-shown), context=Context(prec=_DIGITS + shown + 2))
    return format(amount, "f") + ("%" if "%" in section else "")  # a literal sign ('0.0"%"') is shown, not x100


def _unquoted(section: str) -> str:
    """A format section without its literal text, quoted ('0.0"%"'), escaped (0.0\\%) or in brackets ('[Red]'):
    only a real per cent sign is left, which multiplies by 100."""
    return re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", section)


def _places(first: str) -> int:
    """The decimals a format section shows ('0.0%' 1, '#,##0.00' 2, 'General' none)."""
    if "." not in first:
        return 0
    return len(first.split(".", 1)[1]) - len(first.split(".", 1)[1].lstrip("0#"))


def _letters(index: int) -> str:
    """A column's letters: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
