"""CSV text to rows: the header checked (known columns, none twice, trailing empty headings dropped, a semicolon- or
tab-separated file named), each row with the line it starts on; a short row or one without an id is reported and
skipped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

from ragcalc.errors import Collector, Finding, InputError, did_you_mean


def csv_rows(
    path: str, text: str, columns: Sequence[str], example: str, collector: Collector, prefix: str | None = None
) -> tuple[dict[str, int], Iterator[tuple[int, list[str]]]]:
    """The header's column positions, and (line, cells) for each row with an id (cells as written, unstripped).

    Accepts any column order and case, a BOM (already gone in `text`), Excel's 'sep=,' first line and blank
    rows; a semicolon-separated file, an unknown or repeated column, or a missing header is an InputError;
    a row with the wrong number of cells or no id is an error in `collector`, and is skipped.
    """
    offset = 0
    first_line = text[: text.find("\n") + 1 or len(text)]
    if first_line.strip().lower().startswith("sep="):  # Excel's 'sep=,' hint
        text, offset = text[len(first_line) :], 1
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in rows:
            if any(cell.strip() for cell in row):
                header = _csv_header(path, row, rows.line_num + offset, columns, example, prefix)
                break
        else:
            raise InputError(f"is empty; it needs a header row such as '{example}'", path, code="structure")
    except csv.Error as exc:
        raise InputError(f"CSV error: {exc}", path, rows.line_num + offset, code="csv-syntax") from None
    index = {name: position for position, name in enumerate(header)}
    return index, _data_rows(path, rows, offset, len(header), index["id"], collector)


def _data_rows(
    path: str, rows: Any, offset: int, width: int, id_at: int, collector: Collector
) -> Iterator[tuple[int, list[str]]]:
    try:
        before = rows.line_num  # the line a row starts on is the one after the last: a quoted cell may hold breaks
        for row in rows:
            line, before = before + 1 + offset, rows.line_num
            if len(row) == width and row[id_at].strip():  # the common case, checked first: a full row with an id
                yield line, row
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < width or any(cell.strip() for cell in row[width:]):
                ident = row[id_at].strip() if id_at < len(row) else ""
                collector.error(
                    Finding(
                        f"has {len(row)} cells but the header has {width}; check for a stray or missing comma "
                        "(quote values that contain commas)",
                        path,
                        line,
                        measure=ident or None,
                        code="csv-syntax",
                    )
                )
            elif not row[id_at].strip():
                collector.error(Finding("row has no id", path, line, code="missing-id"))
            else:
                yield line, row
    except csv.Error as exc:
        raise InputError(f"CSV error: {exc}", path, rows.line_num + offset, code="csv-syntax") from None


def _column(cell: str, prefix: str | None) -> str:
    name = cell.strip()
    if prefix and name.lower().startswith(prefix):
        return prefix + name[len(prefix) :].strip()
    return name.lower()


def csv_records(
    path: str, text: str, columns: Sequence[str], example: str, collector: Collector, prefix: str | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, {column: cell, stripped}) for each row with an id; see `csv_rows`."""
    index, rows = csv_rows(path, text, columns, example, collector, prefix)
    for line, row in rows:
        yield line, {name: row[position].strip() for name, position in index.items()}


def _csv_header(
    path: str, row: list[str], line: int, columns: Sequence[str], example: str, prefix: str | None = None
) -> list[str]:
    """The column names, lower case; a column starting with `prefix` ('benchmark England') is any name's, kept
    as written after the prefix."""
    header = [_column(cell, prefix) for cell in row]
    while len(header) > 1 and not header[-1]:  # trailing commas, or formatted empty cells, after the last heading
        header.pop()
    for mark, name in ((";", "semicolon-separated"), ("\t", "tab-separated (Excel's 'Text (Tab delimited)')")):
        if len(header) == 1 and mark in header[0]:
            raise InputError(
                f"looks {name}; save it as comma-separated CSV (in Excel: 'CSV UTF-8')", path, line, code="csv-header"
            )
    if not set(header) & set(columns):
        raise InputError(
            f"the first row ('{','.join(row)[:60]}') is not a header; add a first row naming the columns, "
            f"such as '{example}'",
            path,
            line,
            code="csv-header",
        )
    seen: set[str] = set()
    for name in header:
        if name not in columns and not (prefix and name.startswith(prefix) and name[len(prefix) :]):
            raise InputError(
                f"unknown column '{name}'{did_you_mean(name, columns)}; columns are {', '.join(columns)}",
                path,
                line,
                code="csv-header",
            )
        if name in seen:
            raise InputError(f"column '{name}' appears twice in the header", path, line, code="csv-header")
        seen.add(name)
    if "id" not in header:
        raise InputError(f"has no 'id' column; the header needs at least '{example}'", path, line, code="csv-header")
    return header
