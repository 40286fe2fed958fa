"""Rating a history: latest or chosen period, previous or year-ago, and trends (timeline.py)."""

from __future__ import annotations

from ragcalc.model import Direction, History, Point, Quantity, Rag, Series
from ragcalc.numbers import parse_target, parse_value
from ragcalc.periods import Granularity, month, parse, quarter, year
from ragcalc.timeline import in_granularity, snapshot, trend

from helpers import rule

UP, FLAT, DOWN = Direction.IMPROVING, Direction.STATIC, Direction.DETERIORATING


def point(label: str, value: str, target: str | None = None) -> Point:
    quantity = parse_value(value)
    assert isinstance(quantity, Quantity)
    return Point(parse(label), quantity, parse_target(target) if target else None)


MONTHLY = Series("M", (point("Mar-22", "80%"), point("Feb-23", "88%"), point("Mar-23", "85%")))
QUARTERLY = Series("Q", (point("Q4 2021/22", "60%"), point("Q3 2022/23", "70%"), point("Q4 2022/23", "75%", "80")))
RULES = [rule("90", id="M"), rule("70", id="Q"), rule("50", id="N")]
HISTORY = History((MONTHLY, QUARTERLY), "h.csv")


def rated(snap) -> dict:
    return {
        r.rule.id: (
            r.reading.value.text if r.reading else None,
            r.reading.previous.text if r.reading and r.reading.previous else None,
            r.rag,
            r.direction,
        )
        for r in snap.ratings
    }


def test_default_is_each_measures_latest_against_the_period_before():
    snap = snapshot(RULES, HISTORY, None, "previous")
    assert rated(snap) == {
        "M": ("85%", "88%", Rag.RED, DOWN),
        "Q": ("75%", "70%", Rag.RED, UP),
        "N": (None, None, None, None),
    }
    assert (snap.period, snap.previous_period) == ("Q4 2022/23 and Mar-23", "Q3 2022/23 and Feb-23")


def test_year_ago_compares_the_same_period_a_year_before():
    assert rated(snapshot(RULES, HISTORY, None, "year-ago")) == {
        "M": ("85%", "80%", Rag.RED, UP),
        "Q": ("75%", "60%", Rag.RED, UP),
        "N": (None, None, None, None),
    }


def test_a_target_in_the_history_overrides_the_rule_for_that_period():
    [_, q, _] = snapshot(RULES, HISTORY, None, "previous").ratings
    assert (q.rule.target.amount, q.rag) == (80, Rag.RED)  # 75% against 80, not against the rule's 70


def test_a_chosen_period_is_read_in_each_measures_granularity():
    snap = snapshot(RULES, HISTORY, parse("Q4 2022/23"), "previous")
    assert rated(snap)["M"][0] == "85%"  # March 2023 ends Q4 2022/23
    assert snap.period == "Q4 2022/23"


def test_a_period_with_no_value_is_no_data():
    assert rated(snapshot(RULES, HISTORY, parse("Q2 2022/23"), "previous"))["Q"] == (None, None, None, None)


def test_in_granularity():
    assert in_granularity(quarter(2022, 4), Granularity.MONTH) == month(2023, 3)
    assert in_granularity(month(2022, 5), Granularity.QUARTER) == quarter(2022, 1)
    assert in_granularity(month(2023, 1), Granularity.YEAR) == year(2022)
    assert in_granularity(year(2022), Granularity.QUARTER) == quarter(2022, 4)


def test_trend_rates_each_period_against_the_one_before_only():
    [m, q, n] = trend(RULES, HISTORY)
    assert [(p.period.label, r.direction) for p, r in m.steps] == [("Mar-22", None), ("Feb-23", None), ("Mar-23", DOWN)]
    assert [(p.period.label, r.rag) for p, r in q.steps] == [
        ("Q4 2021/22", Rag.RED),
        ("Q3 2022/23", Rag.GREEN),
        ("Q4 2022/23", Rag.RED),
    ]
    assert n.steps == ()


def test_trend_last_n_keeps_the_comparison_with_the_period_before():
    [m, _, _] = trend(RULES, HISTORY, last=1)
    assert [(p.period.label, r.direction) for p, r in m.steps] == [("Mar-23", DOWN)]
