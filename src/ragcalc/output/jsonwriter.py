"""JSON as every ragcalc document is written: numbers from the Decimal's own digits, streamed.

`json.dumps` would need a float for a Decimal, losing exactness, so documents are written here, laid out
as `json.dumps(indent=2, ensure_ascii=False)` lays them out, keys ASCII-escaped as it escapes them by
default. Any iterable other than a dict or a string is written as an array as it is produced, so a trend
of a million points is never held as a million dicts; each object's layout (its keys, indented for its
depth) is made once per set of keys and depth, as records repeat the same keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from functools import cache
from itertools import chain, repeat
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any, NamedTuple


class Raw(str):
    """Text that is JSON already, written as it is (a trend's points written by columns, `output.columnar`; a
    measure written into its rule's layout, `records`)."""


MARK = "\x00"  # where text is put into a layout made with Raw(MARK) in it: never in a document (it is escaped)


# how each kind of scalar is written (each a C function: a million points call them five million times);
# anything else is an object or an array
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    Decimal: str,
    int: str,
    type(None): "null".format,
    bool: ("false", "true").__getitem__,
    Raw: str,
}


class Records(NamedTuple):
    """An array of objects that share their keys, given column by column, each cell already JSON (`scalar`'s text,
    or a Decimal's digits): written without a dict or a template per object. A cell laid out with its key is
    made once per distinct cell, as a trend's million points repeat the same periods, values and words."""

    keys: tuple[str, ...]
    columns: Sequence[Sequence[str]]

    @classmethod
    def of_rows(cls, keys: tuple[str, ...], rows: Iterable[Sequence[str]]) -> Records:
        """Records given row by row."""
        columns = list(zip(*rows, strict=True))
        return cls(keys, columns or [() for _ in keys])


def scalar(value: str | Decimal | int | bool | None) -> str:  # noqa: FBT001 -- a value to write, not a flag
    """One scalar as JSON."""
    return _SCALARS[type(value)](value)


def scalars(values: Iterable[str | Decimal | int | bool | None]) -> tuple[str, ...]:
    """Scalars as JSON, each (a template's cells)."""
    encode = _SCALARS
    return tuple([encode[type(value)](value) for value in values])


def dumps(value: Any) -> str:
    """The whole document as one string (no final newline)."""
    return "".join(chunks(value))


def chunks(value: Any, depth: int = 0) -> Iterator[str]:
    """The document in pieces, in order; `depth` is the indentation level the value starts at."""
    text = _inline(value, depth)
    if text is not None:
        yield text
    elif isinstance(value, dict):
        yield from _object(value, depth)
    else:
        yield from _array(value, depth)


def _inline(value: Any, depth: int) -> str | None:
    """A value written in one piece: a scalar, records, or an object of such values (most measures); else None."""
    encode = _SCALARS.get(type(value))
    if encode is not None:
        return encode(value)
    if type(value) is dict:
        return _flat(value, depth)
    if type(value) is Records:
        return _records(value, depth)
    return None


@cache
def _pad(depth: int) -> str:
    return "\n" + "  " * depth


@cache
def _layout(keys: tuple[str, ...], depth: int) -> tuple[str, ...]:
    """What goes before each value of an object with these keys at this depth: '{' or ',', padding, the key."""
    pad = _pad(depth + 1)
    return tuple(("{" if i == 0 else ",") + pad + encode_basestring_ascii(key) + ": " for i, key in enumerate(keys))


@cache
def _template(keys: tuple[str, ...], depth: int) -> str:
    """The whole layout of an object of scalars with these keys, a %s for each value."""
    return "".join(before.replace("%", "%%") + "%s" for before in _layout(keys, depth)) + _pad(depth) + "}"


def _flat(value: dict[str, Any], depth: int) -> str | None:
    """An object whose values are all written in one piece, through its template; else None (and nothing read:
    records are read once)."""
    if not value:
        return "{}"
    if not _whole(value):
        return None
    encode = _SCALARS
    written = [
        encode[type(item)](item) if type(item) in encode else _inline(item, depth + 1) for item in value.values()
    ]
    return _template(tuple(value), depth) % tuple(written)


_IN_ONE_PIECE = {*_SCALARS, dict, Records}  # the types of what may be written in one piece


def _whole(value: Any) -> bool:
    """Whether `value` is written in one piece: nothing in it is an array."""
    kind = type(value)
    if kind is dict:  # its values' types are checked at C speed, and only objects looked into
        kinds = set(map(type, value.values()))
        return kinds <= _IN_ONE_PIECE and (
            dict not in kinds or all(_whole(v) for v in value.values() if type(v) is dict)
        )
    return kind in _IN_ONE_PIECE


def _records(records: Records, depth: int) -> str:
    if not records.columns or not records.columns[0]:
        return "[]"
    laid = _laid(records.keys, depth + 1)
    cells = [map(known.__getitem__, column) for known, column in zip(laid, records.columns, strict=True)]
    objects = map("".join, zip(*cells, repeat(_pad(depth + 1) + "}"), strict=False))  # the closing never ends
    return "[" + _pad(depth + 1) + ("," + _pad(depth + 1)).join(objects) + _pad(depth) + "]"


class _Laid(dict[str, str]):
    """Each cell's JSON after its key's layout ('{' or ',', padding, the key), made the first time it is asked for."""

    def __init__(self, before: str) -> None:
        super().__init__()
        self.before = before

    def __missing__(self, cell: str) -> str:
        self[cell] = self.before + cell
        return self[cell]


@cache
def _laid(keys: tuple[str, ...], depth: int) -> tuple[_Laid, ...]:
    """The cells laid out so far in objects with these keys at this depth, a column each."""
    return tuple(_Laid(before) for before in _layout(keys, depth))


def _object(value: dict[str, Any], depth: int) -> Iterator[str]:
    return _members(_layout(tuple(value), depth), value.values(), depth, "}", "{}")


def _array(values: Iterable[Any], depth: int) -> Iterator[str]:
    pad = _pad(depth + 1)
    return _members(chain(("[" + pad,), repeat("," + pad)), values, depth, "]", "[]")


def _members(befores: Iterable[str], values: Iterable[Any], depth: int, closing: str, empty: str) -> Iterator[str]:
    """Each member after its `before` ('{' or ',', padding, key), in as few pieces as nesting allows."""
    written: list[str] = []
    nothing = True
    for before, item in zip(befores, values, strict=False):  # an array's befores never end
        nothing = False
        text = _inline(item, depth + 1)
        if text is not None:  # most members: written in place
            written.append(before + text)
        else:
            yield "".join(written) + before
            written.clear()
            yield from chunks(item, depth + 1)
    written.append(empty if nothing else _pad(depth) + closing)
    yield "".join(written)
