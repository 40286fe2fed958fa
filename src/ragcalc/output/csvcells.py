"""CSV cells as analysts open them, in Excel: text that Excel would run as a formula is neutralised.

OWASP's "CSV injection": a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to
Excel (`=HYPERLINK(...)`, `-2+3`). Such text (a name, note, group, area, tag or label) is written with a
leading `'`, which Excel shows as text; numbers stay numbers (`-4`, the Decimal of a change or a value). A
carriage return is written as the line break it is (the writer quotes only a field holding its `\n`).
"""

from __future__ import annotations

import re
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?[\d,]*\.?\d+%?")  # '-4', '-4.5%', as a number written out is read: not a formula


def cell(value: Any) -> str:
    """One value as a CSV cell: '' for none, text that Excel would run as a formula with a leading `'`."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    text = value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value  # quoted as line breaks
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + text
    return text
