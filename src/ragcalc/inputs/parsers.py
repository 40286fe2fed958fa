"""How each rule-file key's value is read: text, ids, numbers, choices, lists, labels, targets and bands.

Each parser takes the YAML `Item` and returns the value, or raises `ValueError` with a message for the user
(the rule loader adds the file, line, measure and key). The key table (`keys`) names which key uses which.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from itertools import pairwise
from typing import Any, TypeVar

from ragcalc.errors import LONGEST_NAME, did_you_mean
from ragcalc.inputs.numbers import NegativeNumber, UnreadableNumber, parse_number, parse_target, parse_tolerance, quoted
from ragcalc.inputs.yamltree import Item
from ragcalc.rating.options import Rebases
from ragcalc.rating.vocabulary import Direction, Polarity, Rag

E = TypeVar("E", bound=Enum)


def _shown(item: Item) -> str:
    if item.is_mapping:
        return "a mapping"
    if item.is_sequence:
        return "a list"
    return f"'{item.text}'" if item.text else "nothing"


def text(item: Item) -> str:
    """Any scalar, as the text written (so an id 101 or a period 2023-03-31 stays as written)."""
    if not item.is_scalar or item.scalar() is None:
        raise ValueError(f"expected text, got {_shown(item)}")
    return item.text or ""


def normal_id(written: str) -> str:
    """An id as ids are compared: accents stored one way (NFC), and no invisible character in it (a zero-width
    space, a byte-order mark, a control character), which would make two ids that look the same differ."""
    if len(written) > LONGEST_NAME:  # said cut short, as a message is one line
        raise ValueError(f"{quoted(written)} is too long to be an id; ids are short codes such as VS101")
    if written.isascii() and written.isprintable():  # nearly every id: nothing to normalise
        return written
    import unicodedata

    for position, char in enumerate(written, 1):
        if unicodedata.category(char) in ("Cf", "Cc"):
            name = unicodedata.name(char, "a control character")
            raise ValueError(
                f"'{written}' has an invisible character at position {position} (U+{ord(char):04X} {name}); "
                "retype the id without it"
            )
    return unicodedata.normalize("NFC", written)


def area_name(written: str) -> str:
    """An area as areas are compared: spaces at the ends dropped, accents stored one way; in a file of areas every
    row names one, so an empty name is refused."""
    name = written.strip()
    if not name:
        raise ValueError("the row has none; in a file of areas every row names its area")
    if len(name) > LONGEST_NAME:
        raise ValueError(f"{quoted(name)} is too long to be an area's name")
    if name.isascii() and name.isprintable():
        return name
    return normal_id(name)


def identifier(item: Item) -> str:
    value = normal_id(text(item).strip())
    if not value or re.search(r"[\s,]", value):
        raise ValueError(f"expected an id without spaces or commas (e.g. VS101), got {_shown(item)}")
    return value


def number_or_text(item: Item) -> str | Decimal | None:
    if not item.is_scalar or isinstance(item.scalar(), bool):
        raise ValueError(f"expected a number or text, got {_shown(item)}")
    value = item.scalar()
    assert not isinstance(value, bool)
    return value


def boolean(item: Item) -> bool:
    value = item.scalar() if item.is_scalar else None
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_shown(item)}")
    return value


def number(item: Item) -> Decimal:
    value = item.scalar() if item.is_scalar else None
    if not isinstance(value, Decimal):
        raise ValueError(f"expected a number, got {_shown(item)}")
    if value < 0:
        raise NegativeNumber(f"expected a number of 0 or more, got {_shown(item)}")
    return value


def choice(enum: type[E]) -> Callable[[Item], E]:
    words = [member.value for member in enum]

    def parse(item: Item) -> E:
        value = text(item).strip().lower() if item.is_scalar and item.scalar() is not None else None
        for member in enum:
            if member.value == value:
                return member
        raise ValueError(f"expected one of {', '.join(words)}, got {_shown(item)}")

    return parse


def polarity(item: Item) -> Polarity | None:
    """higher or lower; `none` is no polarity, as leaving the key out is (a range rule, or a data-only measure)."""
    try:
        return _POLARITY(item)
    except ValueError:
        if item.is_scalar and text(item).strip().lower() == "none":
            return None
        raise ValueError(f"expected one of higher, lower, none, got {_shown(item)}") from None


_POLARITY = choice(Polarity)  # made once: a region's rule file gives thousands of polarities


def fractions(item: Item) -> tuple[Decimal, ...]:
    if not item.is_sequence or not item.sequence():
        raise ValueError(
            f"expected a list of fractions of the annual target, e.g. [0.2, 0.5, 0.75, 1], got {_shown(item)}"
        )
    out = []
    for entry in item.sequence():
        value = entry.scalar() if entry.is_scalar else None
        if not isinstance(value, Decimal) or not 0 <= value <= 1:
            raise ValueError(f"expected fractions between 0 and 1, got {_shown(entry)}")
        out.append(value)
    if any(later < earlier for earlier, later in pairwise(out)) or out[-1] != 1:
        shares = ", ".join(str(value) for value in out)
        raise ValueError(
            f"[{shares}] is not a running total: each share is what is due by that period, so they rise and "
            "the last is 1 (e.g. [0.25, 0.5, 0.75, 1])"
        )
    return tuple(out)


def whole(least: int, what: str = "periods") -> Callable[[Item], int]:
    """A whole number of `what`, `least` or more."""

    def parse(item: Item) -> int:
        value = item.scalar() if item.is_scalar else None
        if not isinstance(value, Decimal) or value != value.to_integral_value() or value < least:
            raise ValueError(f"expected a whole number of {what}, {least} or more, got {_shown(item)}")
        return int(value)

    return parse


periods_count = whole(1)


def period_list(item: Item) -> Rebases:
    """Period labels (`[Apr-23, Q3 2023/24]`), each read as history files read them; or a mapping of each to the
    reason for it (`{Jul-22: New triage process}`), which charts show."""
    from ragcalc.rating import periods  # only rules that rebase an SPC chart need its patterns

    if item.is_mapping and item.mapping():
        pairs = [(label, _reason(given)) for label, given in item.mapping().items()]
    else:
        listed = item.sequence() if item.is_sequence else [item] if item.is_scalar and item.scalar() is not None else []
        pairs = [(text(entry).strip(), None) for entry in listed]
    if not pairs:
        raise ValueError(
            f"expected a list of periods such as [Apr-23, Q3 2023/24], or each with its reason "
            f"({{Apr-23: New triage process}}), got {_shown(item)}"
        )
    found = []
    for label, _ in pairs:
        try:
            found.append(periods.parse(label.strip()))
        except ValueError as exc:
            raise ValueError(str(exc)) from None
    return Rebases(tuple(found), tuple(reason for _, reason in pairs))


def _reason(item: Item) -> str | None:
    if item.is_scalar and item.scalar() is None:
        return None
    if not item.is_scalar or isinstance(item.scalar(), bool):
        raise ValueError(f"a rebase's reason is text, such as 'New triage process', got {_shown(item)}")
    return text(item).strip() or None


def mapping(item: Item) -> Item:
    """A mapping of settings, read key by key by the rule loader."""
    if not item.is_mapping:
        raise ValueError(f"expected a mapping such as {{shift: 7, trend: 7}}, got {_shown(item)}")
    return item


def tags(item: Item) -> tuple[tuple[str, str], ...]:
    if not item.is_mapping:
        raise ValueError(f"expected a mapping of labels (e.g. {{outcome: Healthy lives}}), got {_shown(item)}")
    out = []
    for key, value in item.mapping().items():
        try:
            out.append((key, text(value)))
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None
    return tuple(out)


# the words a council may replace with its own: each rating level, not rated, and each arrow
LABEL_KEYS = (
    *(rag.key for rag in Rag),
    "not_rated",
    *(direction.word for direction in Direction),
    "increase",  # a data-only measure's rise and fall (Neutral); unchanged, it is 'static' too
    "decrease",
    *("better", "similar", "worse"),  # a benchmark comparison's words
)


Labels = tuple[tuple[str, str], ...]


def labels(item: Item) -> Labels:
    """The council's words: `{green: On target, improving: Getting better}`, each word for one thing only."""
    if not item.is_mapping:
        raise ValueError(
            f"expected a mapping such as {{green: On target, improving: Getting better}}, got {_shown(item)}"
        )
    out: dict[str, str] = {}
    for key, value in item.mapping().items():
        if key not in LABEL_KEYS:
            raise ValueError(
                f"unknown label '{key}'{did_you_mean(key, LABEL_KEYS)}; labels name any of {', '.join(LABEL_KEYS)}"
            )
        word = text(value).strip() if value.is_scalar and value.scalar() is not None else ""
        if not word:
            raise ValueError(f"{key}: expected the words to print, got {_shown(value)}")
        out[key] = word
    _one_each(out)
    return tuple(out.items())


def merged_labels(default: Labels, own: Labels) -> Labels:
    """A measure's labels over its file's defaults, key by key; still one label for one thing."""
    out = dict(default)
    out.update(own)
    _one_each(out)
    return tuple(out.items())


def _one_each(labelled: dict[str, str]) -> None:
    seen: dict[str, str] = {}
    for key, word in labelled.items():
        same = seen.setdefault(word.lower(), key)
        if same != key:
            raise ValueError(f"'{word}' is the label of both {same} and {key}; give each its own words")


def target(item: Item) -> Any:
    return parse_target(number_or_text(item))


def named_targets(item: Item) -> tuple[tuple[str, Any], ...]:
    """Other targets shown beside the rated one, by name (`{national: 92%, local trajectory: 95%}`), each written as
    a rule's target is."""
    if not item.is_mapping or not item.mapping():
        raise ValueError(f"expected a mapping of names to targets, e.g. {{national: 92%}}, got {_shown(item)}")
    found = []
    for name, given in item.mapping().items():
        written = parse_target(number_or_text(given))
        if written is None:
            raise ValueError(f"{name}: a named target is a number, a comparator or a range, not '{given.text}'")
        found.append((str(name).strip(), written))
    return tuple(found)


def stretch(item: Item) -> Any:
    found = parse_target(number_or_text(item))
    if found is not None and found.ranged:
        raise ValueError(f"{quoted(found.text)} is a range; a stretch target is one number, e.g. 95 or '>= 95%'")
    return found


def direction(item: Item) -> Any:
    """A mapping of direction keys (read by the rule loader), or `any-change`."""
    if item.is_mapping:
        return item
    if item.is_scalar and str(item.scalar()).strip().lower() == ANY_CHANGE:
        return ANY_CHANGE
    raise ValueError(f"expected a mapping such as {{threshold: 2, basis: points}}, or {ANY_CHANGE}, got {_shown(item)}")


ANY_CHANGE = "any-change"


def band(what: str) -> Callable[[Item], Any]:
    """The parser of a band's width (`tolerance`, `green_within`): a number, or N% of the target."""

    def parse(item: Item) -> Any:
        raw = number_or_text(item)
        if raw is None:
            raise ValueError("expected a number or 'N%', got nothing")
        return parse_tolerance(raw, what)

    return parse


def benchmark(item: Item) -> Any:
    """`benchmark: England` (an area of the file, or a benchmark given beside the value) or a figure (`62.3%`)."""
    from ragcalc.rating.options import Ref

    raw = number_or_text(item)
    if raw is None or not str(raw).strip():
        raise ValueError("expected an area's or benchmark's name (e.g. England) or a figure (e.g. 62.3%), got nothing")
    if isinstance(raw, Decimal):
        return Ref(str(raw), raw)
    try:
        return Ref(raw.strip(), parse_number(raw.strip()).amount)
    except UnreadableNumber:
        return Ref(raw.strip())


def positive(item: Item) -> Decimal:
    value = item.scalar() if item.is_scalar else None
    if not isinstance(value, Decimal) or value <= 0:
        raise ValueError(f"expected a number above 0 (e.g. 100000 for a rate per 100,000), got {_shown(item)}")
    return value


LEVELS = ("95", "99", "99.8")  # the confidence levels public-health profiles compare at (their z in rating/benchmark)


def levels(item: Item) -> tuple[Decimal, ...]:
    """`benchmark_level`: one confidence level or a list of them (`[95, 99.8]`), each one of `LEVELS`."""
    listed = item.sequence() if item.is_sequence else [item]
    found = []
    for entry in listed:
        value = entry.scalar() if entry.is_scalar else None
        if not isinstance(value, Decimal) or str(value.normalize()) not in LEVELS:
            raise ValueError(
                f"expected {', '.join(LEVELS)} (a confidence level in %) or a list of them, got {_shown(entry)}"
            )
        found.append(value)
    if not found or len(set(found)) < len(found):
        raise ValueError(f"expected each level once, e.g. [95, 99.8], got {_shown(item)}")
    return tuple(found)


def area_groups(item: Item) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`groups:` comparison groups of areas by name (`{nearest neighbours: [Adur, Arun, ...]}`), each area as areas
    are compared."""
    if not item.is_mapping or not item.mapping():
        example = "{nearest neighbours: [Adur, Arun]}"
        raise ValueError(f"expected a mapping of group names to lists of areas, e.g. {example}, got {_shown(item)}")
    found = []
    for name, given in item.mapping().items():
        if not given.is_sequence or not given.sequence():
            raise ValueError(f"{name}: expected a list of areas, e.g. [Adur, Arun], got {_shown(given)}")
        areas = tuple(area_name(text(entry)) for entry in given.sequence())
        twice = sorted({area for area in areas if areas.count(area) > 1})
        if twice:
            raise ValueError(f"{name}: {', '.join(twice)} listed twice; list each area once")
        found.append((str(name).strip(), areas))
    return tuple(found)
