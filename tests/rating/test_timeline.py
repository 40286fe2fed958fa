"""Rating a history: latest or chosen period, previous or year-ago, and trends (timeline.py)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from ragcalc.inputs.numbers import parse_target, parse_value
from ragcalc.output.reasons import rag_reason
from ragcalc.rating.model import Quantity
from ragcalc.rating.periods import Granularity, month, parse, quarter, year
from ragcalc.rating.series import History, Point, Series
from ragcalc.rating.timeline import _marks_of, in_granularity, snapshot, trend
from ragcalc.rating.vocabulary import Direction, Rag
from tests.helpers import rule

UP, FLAT, DOWN = Direction.IMPROVING, Direction.STATIC, Direction.DETERIORATING


def point(label: str, value: str, target: str | None = None) -> Point:
    quantity = parse_value(value)
    assert isinstance(quantity, Quantity)
    return Point(parse(label), quantity, target=parse_target(target) if target else None)


MONTHLY = Series.of("M", (point("Mar-22", "80%"), point("Feb-23", "88%"), point("Mar-23", "85%")))
QUARTERLY = Series.of("Q", (point("Q4 2021/22", "60%"), point("Q3 2022/23", "70%"), point("Q4 2022/23", "75%", "80")))
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
    assert (q.target.amount, q.rag) == (80, Rag.RED)  # 75% against 80, not against the rule's 70


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


# ---- cumulative measures ----------------------------------------------------------------------


def cumulative(target: str = "1000", profile: tuple[str, ...] | None = None, **kw):
    from decimal import Decimal

    base = rule(target, unit="count", id="C", **kw)
    return base._replace(cumulative=True, profile=tuple(Decimal(p) for p in profile) if profile else None)


def rate_at(r, *points: Point, compare=None):
    history = History((Series.of("C", tuple(sorted(points, key=lambda p: p.period))),), "h.csv")
    [rating] = snapshot([r], history, None, compare).ratings
    return rating


def test_a_quarter_three_value_is_rated_against_three_quarters_of_the_annual_target():
    rating = rate_at(cumulative("1000"), point("Q3 2022/23", "750"))
    assert (rating.due, rating.rag) == (750, Rag.GREEN)
    assert rate_at(cumulative("1000"), point("Q3 2022/23", "749")).rag is Rag.RED


def test_monthly_share_that_does_not_terminate_is_rated_exactly():
    # July is month 4 of the financial year: 4/12 of 1000 is 333.33..., so 333.33 falls short and 333.34 does not
    assert rate_at(cumulative("1000"), point("Jul-22", "333.34")).rag is Rag.GREEN
    short = rate_at(cumulative("1000"), point("Jul-22", "333.33"))
    assert short.rag is Rag.RED
    assert rag_reason(short) == (
        "333.33 is short of the target due by now, ≈333.33 (1/3 of the annual 1000) by ≈0.00, "
        "more than the tolerance of 0"
    )
    assert short.due == Fraction(1000, 3)


def test_relative_tolerance_applies_to_the_profiled_target():
    r = cumulative("1200", tolerance="10%")  # Q1: due 300, band 30
    assert rate_at(r, point("Q1 2022/23", "270")).rag is Rag.AMBER
    assert rate_at(r, point("Q1 2022/23", "269.99")).rag is Rag.RED


def test_an_explicit_profile_sets_the_share_due_by_each_period():
    r = cumulative("1000", profile=("0.1", "0.3", "0.6", "1"))
    assert rate_at(r, point("Q2 2022/23", "300")).due == 300
    assert rate_at(r, point("Q2 2022/23", "299")).rag is Rag.RED


def test_cumulative_direction_compares_with_a_year_before_by_default():
    r = cumulative("1000")
    rating = rate_at(
        r,
        point("Q4 2021/22", "900"),
        point("Q1 2022/23", "260"),
        point("Q2 2022/23", "520"),
        point("Q2 2021/22", "600"),
    )
    assert (rating.reading.previous.text, rating.direction) == ("600", DOWN)  # not 260 -> 520 'improving'
    assert rate_at(r, point("Q1 2022/23", "260"), point("Q2 2022/23", "520"), compare="previous").direction is UP


def test_a_target_given_in_the_history_is_not_profiled_again():
    rating = rate_at(cumulative("1000"), point("Q1 2022/23", "260", "260"))
    assert (rating.due, rating.rag) == (260, Rag.GREEN)


def test_trend_of_a_cumulative_measure_uses_year_ago_arrows():
    history = History(
        (Series.of("C", (point("Q1 2021/22", "300"), point("Q1 2022/23", "250"), point("Q2 2022/23", "500"))),), "h.csv"
    )
    [t] = trend([cumulative("1000")], history)
    assert [(p.period.label, r.direction) for p, r in t.steps] == [
        ("Q1 2021/22", None),
        ("Q1 2022/23", DOWN),
        ("Q2 2022/23", None),
    ]


# ---- stale data -------------------------------------------------------------------------------


def test_last_ended_is_the_last_whole_period_by_the_date():
    from datetime import date

    from ragcalc.rating.timeline import last_ended

    assert last_ended(date(2023, 4, 30), Granularity.MONTH) == month(2023, 4)
    assert last_ended(date(2023, 4, 29), Granularity.MONTH) == month(2023, 3)
    assert last_ended(date(2023, 4, 30), Granularity.QUARTER) == quarter(2022, 4)
    assert last_ended(date(2023, 6, 30), Granularity.QUARTER) == quarter(2023, 1)
    assert last_ended(date(2023, 3, 31), Granularity.YEAR) == year(2022)


def stale_rule(after: int):

    return rule("90", id="M")._replace(stale_after=after)


LAGGING = History(
    (Series.of("M", (point("Jan-23", "91%"), point("Feb-23", "92%"))), Series.of("X", (point("Apr-23", "1%"),))),
    "h.csv",
)


def test_a_value_more_than_stale_after_periods_behind_is_flagged():
    from datetime import date

    [m] = snapshot([stale_rule(1)], LAGGING, None, None, as_of=date(2023, 4, 30)).ratings
    assert (m.reading.value.text, m.reading.period, m.reading.periods_behind, m.reading.stale) == (
        "92%",
        "Feb-23",
        2,
        True,
    )
    assert m.rag is Rag.GREEN  # still rated, and flagged


def test_a_value_within_stale_after_is_used_without_a_flag():
    from datetime import date

    [m] = snapshot([stale_rule(2)], LAGGING, None, None, as_of=date(2023, 4, 30)).ratings
    assert (m.reading.periods_behind, m.reading.stale) == (2, False)


def test_without_as_of_the_reporting_period_is_the_files_latest_of_that_kind():
    [m] = snapshot([stale_rule(1)], LAGGING, None, None).ratings
    assert (m.reading.period, m.reading.periods_behind, m.reading.stale) == ("Feb-23", 2, True)


def test_without_stale_after_a_measure_is_never_flagged():
    [m] = snapshot([rule("90", id="M")], LAGGING, None, None).ratings
    assert (m.reading.period, m.reading.stale) == ("Feb-23", False)


def columns(marks) -> list[list]:
    return [list(column) for column in marks]


@pytest.mark.parametrize("last", [None, 1, 3])
def test_a_trend_of_bare_values_marks_each_period_as_its_full_ratings_do(last):
    """The quick marks (no rating per period) of a series with gaps, rules of each polarity, a range and none."""
    points = [
        point(label, value) for label, value in (("Q1 2021/22", "60%"), ("Q2 2021/22", "63%"), ("Q4 2021/22", "62%"))
    ]
    points += [point("Q1 2022/23", "68.5%"), point("Q2 2022/23", "66%")]
    series = Series.of("M", points)
    assert series.bare
    for r in (rule("65", id="M"), rule("< 64", "lower", id="M", tolerance="2"), rule("60 - 66", None, id="M")):
        (trended,) = trend([r], History((series,), "h.csv"), last)
        assert trended.quick is not None
        assert columns(trended.quick) == columns(_marks_of(r, trended.steps))


def test_a_series_with_more_than_values_is_marked_from_its_ratings():
    (trended,) = trend([rule("70", id="Q")], History((QUARTERLY,), "h.csv"))  # a row with a target of its own
    assert trended.quick is None
    assert [t.due if t else None for t in trended.marks.targets] == [Decimal(70), Decimal(70), Decimal(80)]
