"""Each area's rank and quintile among the areas of a file, measure by measure (`--rank`). Pure.

Polarity aware: rank 1 is the best value (the highest where higher is better). Equal values share the
better rank and the next value's rank counts them all (1, 2, 2, 4). The quintile is 1 + floor(5 x (rank - 1)
/ areas ranked): 1 is the best fifth. A measure without a polarity, or a value missing, is not ranked.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from ragcalc.rating.model import Rating
from ragcalc.rating.vocabulary import Polarity


class Rank(NamedTuple):
    rank: int
    quintile: int
    of: int  # areas ranked


def ranks(ratings: Iterable[Rating]) -> dict[tuple[str, str], Rank]:
    """By (area, measure id): each ranked value's rank and quintile among the areas."""
    values: dict[str, list[tuple[str, Decimal, bool]]] = {}
    for rating in ratings:
        reading, polarity = rating.reading, rating.rule.polarity
        if rating.area is None or polarity is None or reading is None or reading.value is None:
            continue
        values.setdefault(rating.rule.id, []).append((rating.area, reading.value.amount, polarity is Polarity.HIGHER))
    found: dict[tuple[str, str], Rank] = {}
    for measure_id, entries in values.items():
        ordered = sorted(entries, key=lambda entry: -entry[1] if entry[2] else entry[1])
        total = len(ordered)
        rank = 0
        for position, (area, amount, _) in enumerate(ordered, 1):
            if position == 1 or amount != ordered[position - 2][1]:
                rank = position
            found[(area, measure_id)] = Rank(rank, 1 + 5 * (rank - 1) // total, total)
    return found
