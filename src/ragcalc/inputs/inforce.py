"""Rule keys that change by period (`target: {2022/23: 90%, 2024/25 Q3: 92%}`): the mapping read, and the rule
in force over each stretch of time that its entries make (`Rule.changes`, which `Rule.at` chooses from).

An entry is in force from the first month of its period until the next entry starts, so a monthly trajectory
and a yearly target read alike; before a key's first entry it has its default (no target, no band).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from ragcalc.inputs.yamltree import Item
from ragcalc.rating.model import Change, Rule

if TYPE_CHECKING:  # period labels are read only for a key written by period
    from ragcalc.rating.periods import Period

CHANGING = ("target", "tolerance", "green_within", "stretch")  # the rating keys that may change by period


class ByPeriod(NamedTuple):
    """A key written as a mapping of first period to value, in time order."""

    entries: tuple[tuple[Period, Any, str], ...]  # each first period, its value, and its text as written

    @property
    def latest(self) -> Any:
        return self.entries[-1][1]


def by_period(parse: Callable[[Item], Any]) -> Callable[[Item], Any]:
    """`parse`, or, for a mapping, a `ByPeriod` of each first period and its value read by `parse`."""

    def read(item: Item) -> Any:
        if not item.is_mapping:
            return parse(item)
        from ragcalc.rating import periods

        found: dict[int, tuple[Period, Any, str]] = {}
        for label, given in item.mapping().items():
            try:
                period = periods.parse(str(label))
            except ValueError as exc:
                raise ValueError(f"{exc} (each key of the mapping is the first period its value is in force)") from None
            if period.first_month in found:
                raise ValueError(f"'{label}' and '{found[period.first_month][0]}' start in the same month; keep one")
            try:
                found[period.first_month] = (period, parse(given), given.text or "")
            except ValueError as exc:
                raise ValueError(f"{label}: {exc}") from None
        if not found:
            raise ValueError("expected a value, or a mapping of first periods to values, e.g. {2024/25 Q3: 92%}")
        return ByPeriod(tuple(found[month] for month in sorted(found)))

    return read


def changing(rule: Rule, written: dict[str, ByPeriod], defaults: dict[str, Any]) -> Rule:
    """The rule in force at the latest entry, holding the rule in force over every stretch of time (`changes`);
    `rule` has the other keys, `defaults` each changing key's value before its first entry."""
    starts = sorted({period.first_month: period for by in written.values() for period, *_ in by.entries}.items())
    stretches = [Change(None, _in_force(rule, written, defaults, None))]
    stretches += [Change(start, _in_force(rule, written, defaults, start)) for _, start in starts]
    return stretches[-1].rule._replace(changes=tuple(stretches))


def _in_force(rule: Rule, written: dict[str, ByPeriod], defaults: dict[str, Any], start: Period | None) -> Rule:
    keys: dict[str, Any] = {}
    entries = []
    for key, by in written.items():
        begun = [] if start is None else [entry for entry in by.entries if entry[0].first_month <= start.first_month]
        keys[key] = begun[-1][1] if begun else defaults[key]
        entries.append((key, f"from {begun[-1][0]}" if begun else f"before {by.entries[0][0]}"))
        if key == "target":  # the words of an entry saying there is none from then ('n/a')
            keys["no_target_text"] = begun[-1][2] if begun and keys[key] is None else None
    return rule._replace(**keys, entries=tuple(entries))


def first_polarity(written: dict[str, ByPeriod]) -> Any:
    """The polarity the first comparator among the changing targets gives ('>= 90%': higher), if any."""
    for key in ("target", "stretch"):
        for _, value, _ in written[key].entries if key in written else ():
            if value is not None and value.comparator is not None:
                return value.comparator.polarity
    return None
