"""Every file format ragcalc reads or writes, declared once: its name (`--format`'s word), the extensions that name
it, how a message names it, and which way it goes. Data only, as `errors` is, so that every room may read it: the
loaders tell a file's kind by it, `--output` takes a format from its extension, each view renders its own.
"""

from __future__ import annotations

import os
from typing import NamedTuple


class Format(NamedTuple):
    name: str
    extensions: tuple[str, ...]  # the file-name endings that name it, lower case
    said: str  # how a message names it ('JSON', 'an Excel workbook')
    reads: bool = False  # an input file may be of this format
    writes: bool = True  # a view may render in it
    binary: bool = False  # bytes, written to --output only


FORMATS = (
    Format("yaml", (".yaml", ".yml"), "YAML", reads=True, writes=False),
    Format("table", (), "a table"),
    Format("markdown", (".md",), "markdown"),
    Format("csv", (".csv",), "CSV", reads=True),
    Format("json", (".json",), "JSON"),
    Format("html", (".html", ".htm"), "an HTML page"),
    Format("xlsx", (".xlsx",), "an Excel workbook", reads=True, binary=True),
)
_BY_EXTENSION = {extension: each for each in FORMATS for extension in each.extensions}
TEXT = tuple(each.name for each in FORMATS if each.writes and not each.binary)  # what trend, spc and --format write


def named_by(path: str) -> Format | None:
    """The format a file's name says, by its extension (any case); None for one no format has."""
    return _BY_EXTENSION.get(os.path.splitext(path)[1].lower())


def written_extensions() -> str:
    """The extensions that name a format a view writes, for --format's help ('.md .csv .json .html .htm .xlsx')."""
    return " ".join(extension for each in FORMATS if each.writes for extension in each.extensions)


def readable() -> str:
    """The extensions an input file may have, for a message ('.yaml, .yml, .csv or .xlsx')."""
    extensions = [extension for each in FORMATS if each.reads for extension in each.extensions]
    return ", ".join(extensions[:-1]) + " or " + extensions[-1]


def is_named(path: str, *names: str) -> bool:
    """Whether a file's name says one of these formats."""
    found = named_by(path)
    return found is not None and found.name in names
