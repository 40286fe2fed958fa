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

# how each kind of scalar is written (each a C function: a million points call them five million times);
# anything else is an object or an array
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    Decimal: str,
    int: str,
    type(None): "null".format,
    bool: ("false", "true").__getitem__,
}


class Records(NamedTuple):
    """An array of objects that share their keys, each given as its values in key order (as CSV rows are):
    written through one template, without a dict per object.

    `encoded`: each value is already JSON (`scalar`'s text, or a Decimal, whose text is its JSON), as a writer
    of a million rows can give it, encoding each repeated value once.
    """

    keys: tuple[str, ...]
    rows: Iterable[Sequence[Any]]
    encoded: bool = False


def scalar(value: str | Decimal | int | bool | None) -> str:
    """One scalar as JSON."""
    return _SCALARS[type(value)](value)


def dumps(value: Any) -> str:
    """The whole document as one string (no final newline)."""
    return "".join(chunks(value))


def chunks(value: Any, depth: int = 0) -> Iterator[str]:
    """The document in pieces, in order; `depth` is the indentation level the value starts at."""
    encode = _SCALARS.get(type(value))
    if encode is not None:
        yield encode(value)
    elif isinstance(value, Records):
        yield from _records(value, depth)
    elif isinstance(value, dict):
        flat = _flat(value, depth)
        if flat is None:
            yield from _object(value, depth)
        else:
            yield flat
    else:
        yield from _array(value, depth)


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
    """An object whose values are all scalars (most records), written through its template; else None."""
    if not value:
        return "{}"
    try:
        written = tuple([_SCALARS[type(item)](item) for item in value.values()])
    except KeyError:  # a value that is an object or an array
        return None
    return _template(tuple(value), depth) % written


def _records(records: Records, depth: int) -> Iterator[str]:
    template, scalars = _pad(depth + 1) + _template(records.keys, depth + 1), _SCALARS
    if records.encoded:
        written = [template % tuple(row) for row in records.rows]
    else:
        written = [template % tuple([scalars[type(item)](item) for item in row]) for row in records.rows]
    yield "[" + ",".join(written) + _pad(depth) + "]" if written else "[]"


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
        scalar = _SCALARS.get(type(item))
        text = scalar(item) if scalar is not None else _flat(item, depth + 1) if type(item) is dict else None
        if text is not None:  # most members: written in place
            written.append(before + text)
        else:
            yield "".join(written) + before
            written.clear()
            yield from chunks(item, depth + 1)
    written.append(empty if nothing else _pad(depth) + closing)
    yield "".join(written)
