"""Excel workbooks (.xlsx) read as the analyst sees them: a sheet becomes a grid of the texts its cells show, which
`shape` turns into the CSV text the loaders read, so a workbook is checked exactly as a CSV file is.

Each number is read as its cell shows it, because that is the figure the organisation publishes and rates: 0.949962
formatted `0.0%` is `95.0%`, 1950000 formatted `"£"#,##0` is `£1,950,000` (rounded half away from zero, as Excel
shows it; to Excel's 15 significant digits first, so 0.1 + 0.2 is `0.3`). A literal per cent sign (`0.0"%"`) is
shown but does not scale. With `--cell-values stored` the full stored value is read instead (padded to the
decimals shown, never rounded to them), and a General format never rounds. A date is the month it falls in where
it is a period (see `grid.month_label`). openpyxl reads the workbook (read-only): it gives each cell's number
format, which the faster python-calamine does not (docs/rules.md, "Excel workbooks"). Loaded only for .xlsx
files; openpyxl comes with the `excel` extra.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import cache
from typing import Any, NamedTuple

from ragcalc.errors import EXCEL_EXTRA, InputError, UsageError
from ragcalc.inputs.grid import Grid, letters

_DIGITS = 15  # Excel shows and keeps numbers to 15 significant digits


class Limits(NamedTuple):
    """How much of a workbook is read at most, checked before openpyxl inflates it: a workbook of a few KB can
    declare a sheet of 17 billion cells or inflate to gigabytes of XML."""

    part: int = 256 * 2**20  # bytes of XML in one part of the workbook, inflated (a 100,000-row sheet is ~10 MB)
    ratio: int = 400  # ... and how many times its packed size a part may inflate to, once over `packed`
    packed: int = 4 * 2**20
    cell: int = 131_072  # characters in one cell: the CSV reader's own limit (Python's csv field size)


LIMITS = Limits()
TOO_BIG = "is too large to read in this machine's memory; copy the sheet into a new workbook, or save it as CSV UTF-8"


def read(path: str, sheet: str | None = None, *, stored: bool = False) -> Read:
    """The sheet named `sheet` (in any case, as Excel matches names; default the first visible worksheet) as the
    texts its cells show (with `stored`, each number's full stored value instead)."""
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
            found = _rows(worksheet.iter_rows(), chosen, path, stored=stored)
            sheets = tuple(book.sheetnames)
        finally:
            book.close()
    if found.blank and _has_formulas(path):
        _uncached_formulas(path, chosen, found.blank)
    return Read(Grid(found.rows, f"{path}:{chosen}", cells=True, sheets=sheets, held=found.held), note)


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


class Read(NamedTuple):
    grid: Grid
    note: str | None  # which sheet was read, where the workbook's first was passed over


class _Rows(NamedTuple):
    rows: list[tuple[int, list[str]]]
    blank: frozenset[tuple[int, int]]  # cells written with no value (row, column): a formula's with no result?
    held: dict[tuple[int, int], str]  # numbers storing more digits than they show: the value stored


def _rows(rows: Any, name: str, path: str, *, stored: bool) -> _Rows:
    found: list[tuple[int, list[str]]] = []
    blank: set[tuple[int, int]] = set()
    held: dict[tuple[int, int], str] = {}
    for number, row in enumerate(rows, start=1):
        cells = []
        for at, cell in enumerate(row):
            text, full = _text(cell, stored=stored)
            cells.append(text)
            if full is not None:
                held[(number, at)] = full
        # cells written with no value (not a row's padding): a formula's whose result was never saved, perhaps
        blank.update((number, at) for at, text in enumerate(cells) if not text and _written_empty(row[at]))
        while cells and not cells[-1]:  # formatted empty cells after the last one with text
            cells.pop()
        if not cells:  # an empty row, as a CSV reader skips it
            continue
        if max(map(len, cells)) > LIMITS.cell:
            at = next(at for at, text in enumerate(cells) if len(text) > LIMITS.cell)
            raise InputError(
                f"cell {letters(at)}{number} holds {len(cells[at]):,} characters, more than the {LIMITS.cell:,} a "
                "cell may hold here",
                f"{path}:{name}",
                code="too-large",
            )
        found.append((number, cells))
    return _Rows(found, frozenset(blank), held)


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
                f"{letters(at)}{number}"
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


def _text(cell: Any, *, stored: bool) -> tuple[str, str | None]:
    """A cell's text as Excel shows it (see the module's docstring), and the value it stores where that has more
    digits than it shows."""
    value = cell.value
    if value is None:
        return "", None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, datetime):  # a month's label where it is one (see grid.month_label)
        return (value.date().isoformat() if value.time() == time() else value.isoformat()), None
    if isinstance(value, date | time):
        return value.isoformat(), None
    if isinstance(value, int | float):
        number_format = str(getattr(cell, "number_format", "General") or "General")
        return _number(value, number_format, stored=stored)
    return str(value), None


class _Format(NamedTuple):
    """What a number format does to a number, worked out once per format (a sheet has a few, and many cells)."""

    scales: bool  # a real per cent sign: 0.698 shown as 69.8%
    places: int  # the decimals shown
    rounds: bool  # to `places` (General, text and scientific formats do not)
    thousands: bool
    symbol: str  # the currency sign shown, if any
    percent: bool  # a per cent sign shown, real or literal ('0.0"%"')


@cache
def _format(number_format: str) -> _Format:
    section = number_format.split(";", maxsplit=1)[0]
    first = _unquoted(section)
    lowered = first.lower()
    rounds = "general" not in lowered and "@" not in lowered and "e+" not in lowered and "e-" not in lowered
    symbol = next((sign for sign in _CURRENCIES if sign in re.sub(r"\[\$-[^\]]*\]", "", section)), "")
    thousands = "," in first.split(".", 1)[0]
    return _Format("%" in first, _places(first), rounds, thousands, symbol, "%" in section)


def _number(value: float, number_format: str, *, stored: bool = False) -> tuple[str, str | None]:
    """The number as its format shows it: scaled by a real per cent sign, rounded to the decimals shown (half away
    from zero, as Excel rounds), with the format's currency sign and thousands separators; and the value stored,
    where showing it rounded it. With `stored` (or a General format), Excel's 15 digits, padded to the decimals
    shown but never rounded to them."""
    shape = _format(number_format)
    held = Decimal(format(value, f".{_DIGITS}g"))  # Excel's own digits: 0.1 + 0.2 is 0.3
    amount = held.scaleb(2) if shape.scales else held
    step, context = Decimal(1).scaleb(-shape.places), Context(prec=_DIGITS + shape.places + 2)
    if stored or not shape.rounds:
        exponent = amount.as_tuple().exponent
        padded = isinstance(exponent, int) and -exponent < shape.places  # 0.7 as 70.0%
        return _decorated(amount.quantize(step, context=context) if padded else amount, shape), None
    shown = amount.quantize(step, rounding=ROUND_HALF_UP, context=context)
    return _decorated(shown, shape), (None if shown == amount else format(held, "f"))


def _decorated(amount: Decimal, shape: _Format) -> str:
    """`amount` with what the format adds: thousands separators, a currency sign, a per cent sign."""
    text = format(amount, ",f" if shape.thousands else "f")
    if shape.symbol:
        text = f"-{shape.symbol}{text[1:]}" if text.startswith("-") else shape.symbol + text
    return text + ("%" if shape.percent else "")


_CURRENCIES = "£€$"  # the signs numbers.parse_number reads


def _unquoted(section: str) -> str:
    """A format section without its literal text, quoted ('0.0"%"'), escaped (0.0\\%) or in brackets ('[Red]'):
    only a real per cent sign is left, which multiplies by 100."""
    return re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", section)


def _places(first: str) -> int:
    """The decimals a format section shows ('0.0%' 1, '#,##0.00' 2, 'General' none)."""
    if "." not in first:
        return 0
    return len(first.split(".", 1)[1]) - len(first.split(".", 1)[1].lstrip("0#"))
