"""Ranks and quintiles among areas (ranking.py): polarity aware, ties shared."""

from __future__ import annotations

from ragcalc.rating import engine
from ragcalc.rating.ranking import Rank, ranks
from tests.helpers import reading, rule


def rated(values: dict[str, str | None], polarity: str | None = "higher"):
    measure = rule("50", polarity=polarity)
    return [engine.rate(measure, reading(value))._replace(area=area) for area, value in values.items()]


def test_the_best_value_ranks_first_and_equal_values_share_the_better_rank():
    found = ranks(rated({"A": "60%", "B": "70%", "C": "60%", "D": "50%", "E": "80%"}))
    assert {area: found[(area, "M1")] for area in "ABCDE"} == {
        "E": Rank(1, 1, 5),
        "B": Rank(2, 2, 5),
        "A": Rank(3, 3, 5),
        "C": Rank(3, 3, 5),
        "D": Rank(5, 5, 5),
    }


def test_lower_is_better_ranks_the_lowest_first():
    found = ranks(rated({"A": "60%", "B": "70%"}, polarity="lower"))
    assert (found[("A", "M1")].rank, found[("B", "M1")].rank) == (1, 2)


def test_no_polarity_or_no_value_is_not_ranked():
    assert ranks(rated({"A": "60%"}, polarity=None)) == {}
    assert list(ranks(rated({"A": "60%", "B": None}))) == [("A", "M1")]
