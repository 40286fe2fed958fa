"""Input files as text: bytes decoded as UTF-8 (anything else refused with what to do), and the kind of file a
name says (`formats`).
"""

from __future__ import annotations

import os
import stat

from ragcalc.errors import InputError
from ragcalc.formats import is_named


def read_text(path: str) -> str:
    """The file's text, decoded as UTF-8 (a BOM is accepted); anything else is an InputError."""
    try:
        with open(path, "rb") as handle:
            if stat.S_ISCHR(os.fstat(handle.fileno()).st_mode):  # /dev/zero would be read for ever
                raise InputError(
                    "is a device, not a file; give a rule, quarter or history file", path, code="unreadable"
                )
            data = handle.read()
    except FileNotFoundError:
        raise InputError("file not found; check the path", path, code="unreadable") from None
    except IsADirectoryError:
        raise InputError("is a directory; give a file", path, code="unreadable") from None
    except PermissionError:
        raise InputError("cannot read the file: permission denied", path, code="unreadable") from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path, code="unreadable") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        raise InputError(
            "is UTF-16 text (Excel's 'Unicode Text'), not UTF-8; save it as 'CSV UTF-8 (Comma delimited)' "
            "in Excel, or as UTF-8 in your editor",
            path,
            code="encoding",
        )
    if b"\x00" in data:
        raise InputError("is a binary file, not YAML or CSV text", path, code="unreadable")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        hint = " (a £ from Excel?)" if byte == "A3" else ""
        raise InputError(
            f"is not UTF-8: byte 0x{byte}{hint} cannot be read; save the file as UTF-8 (in Excel: Save As 'CSV UTF-8')",
            path,
            line,
            code="encoding",
        ) from None
    return text


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: plain text with a zero byte beside every character."""
    start = data[:200]
    return len(start) >= 4 and (start[1::2].count(0) == len(start) // 2 or start[0::2].count(0) == len(start) // 2)


def is_yaml_path(path: str) -> bool:
    return is_named(path, "yaml")


def is_xlsx_path(path: str) -> bool:
    return is_named(path, "xlsx")


def is_table_path(path: str) -> bool:
    """A CSV file, or an Excel workbook, whose sheet is read as the CSV text it gives (`xlsx`)."""
    return is_named(path, "csv", "xlsx")
