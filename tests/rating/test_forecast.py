"""Year-end forecasts (rating/forecast.py): each method on a small series, exact at the boundaries, and refused
where it cannot be made."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ragcalc.rating.forecast import _divided, _number, _positions_of, _weights, project, step
from ragcalc.rating.options import Projection
from ragcalc.rating.periods import parse
from ragcalc.rating.vocabulary import Rag
from tests.helpers import rule


def series(*pairs: tuple[str, str]) -> list:
    return [(parse(label), Decimal(value)) for label, value in pairs]


QUARTERS = series(("Q1 2022/23", "100"), ("Q2 2022/23", "150"))


def projecting(method: str, target: str = "500", tolerance: str = "0", **changes):
    return rule(target, "higher", "count", tolerance)._replace(forecast=Projection(method), **changes)


def test_latest_stands_for_the_year_end():
    forecast = project(projecting("latest", "150"), QUARTERS, parse("Q2 2022/23"))
    assert (forecast.value, forecast.rag, forecast.shortfall) == (Fraction(150), Rag.GREEN, 0)  # exactly on target


def test_run_rate_adds_the_mean_for_each_period_left():
    forecast = project(projecting("run-rate", "500"), QUARTERS, parse("Q2 2022/23"))
    assert forecast.value == 100 + 150 + 125 * 2  # 500: exactly the target, so green
    assert forecast.rag is Rag.GREEN
    assert step(forecast) == 2


@pytest.mark.parametrize(
    ("target", "rag"),
    [("520", Rag.AMBER), ("520.01", Rag.RED)],  # 20 short: on the amber edge (tolerance 20), then just beyond it
)
def test_run_rate_is_rated_in_the_measure_s_own_bands(target, rag):
    assert project(projecting("run-rate", target, "20"), QUARTERS, parse("Q2 2022/23")).rag is rag


def test_profile_divides_the_year_to_date_by_the_share_due():
    cumulative = projecting("profile", "2500000", cumulative=True)
    forecast = project(cumulative, series(("Q2 2022/23", "1250000")), parse("Q2 2022/23"))
    assert (forecast.value, step(forecast), forecast.rag) == (Fraction(2500000), Fraction(1, 2), Rag.GREEN)
    profiled = cumulative._replace(profile=(Decimal("0.1"), Decimal("0.4"), Decimal("0.7"), Decimal(1)))
    assert project(profiled, series(("Q2 2022/23", "999999")), parse("Q2 2022/23")).rag is Rag.RED  # 2,499,997.5


def test_profile_is_refused_where_nothing_is_due_yet():
    profiled = projecting("profile", cumulative=True, profile=(Decimal(0), Decimal("0.5"), Decimal("0.75"), Decimal(1)))
    forecast = project(profiled, series(("Q1 2022/23", "10")), parse("Q1 2022/23"))
    assert forecast.value is None
    assert forecast.refused == "the profile is 0 at Q1 2022/23: nothing is due yet to project from"


def test_linear_is_the_least_squares_line_at_the_year_s_last_period_exactly():
    straight = series(("Q1 2022/23", "10"), ("Q2 2022/23", "20"), ("Q3 2022/23", "30"))
    assert project(projecting("linear", "40"), straight, parse("Q3 2022/23")).value == 40
    bent = series(("Q1 2022/23", "10"), ("Q2 2022/23", "20"), ("Q3 2022/23", "20"))
    forecast = project(projecting("linear", "26.67"), bent, parse("Q3 2022/23"))
    assert (forecast.value, step(forecast)) == (Fraction(80, 3), 5)  # 26.666..., never rounded to 26.67
    assert forecast.rag is Rag.RED  # short of 26.67 by 1/300, with no tolerance
    assert project(projecting("linear", "26.67", "0.01"), bent, parse("Q3 2022/23")).rag is Rag.AMBER


def test_linear_needs_three_values_this_year():
    forecast = project(projecting("linear"), QUARTERS, parse("Q2 2022/23"))
    assert forecast.refused == "a line needs 3 values this year; there are 2"


def test_only_this_financial_year_s_values_count():
    across = series(("Q3 2021/22", "1000"), ("Q4 2021/22", "1000"), *[(p.label, str(v)) for p, v in QUARTERS])
    assert project(projecting("run-rate"), across, parse("Q2 2022/23")).value == 500


def test_no_forecast_before_the_year_s_first_value_or_on_a_stale_one():
    early = project(projecting("latest"), QUARTERS, parse("Q1 2023/24"))
    assert early.refused == "no value yet in 2023/24"
    stale = project(projecting("latest", stale_after=1), QUARTERS, parse("Q2 2022/23"), stale=True)
    assert stale.refused == "the latest value is more than stale_after (1) periods old"


def test_a_forecast_across_a_rebase_or_a_change_of_target_says_so():
    rebased = projecting("latest", spc=rule().spc._replace(rebase=(parse("Q2 2022/23"),)))
    assert project(rebased, QUARTERS, parse("Q2 2022/23")).caveat == "across a rebase at Q2 2022/23"
    changed = project(projecting("latest"), QUARTERS, parse("Q2 2022/23"), targets=[None, rule("450").target])
    assert changed.caveat == "the target changed during the year (450); rated against 500"


def test_no_year_end_target_projects_but_does_not_rate():
    forecast = project(projecting("latest")._replace(target=None), QUARTERS, parse("Q2 2022/23"))
    assert (forecast.value, forecast.rag, forecast.refused) == (150, None, "no year-end target to rate it against")


@pytest.mark.parametrize(
    ("months", "gapless"),
    [(("Apr-22", "May-22", "Jun-22"), True), (("Jun-22", "Jul-22", "Aug-22", "Sep-22"), True),
     (("Apr-22", "Jun-22", "Jul-22"), False)],
)  # fmt: skip
def test_a_year_s_positions_are_a_range_without_gaps_and_listed_with_them(months, gapless):
    periods = tuple(parse(month) for month in months)
    positions = _positions_of(periods)
    assert list(positions) == [period.position for period in periods]
    assert isinstance(positions, range) is gapless


@given(
    st.lists(st.integers(1, 12), min_size=3, max_size=12, unique=True).map(sorted),
    st.lists(st.decimals(-(10**6), 10**6, places=2), min_size=12, max_size=12),
)
@pytest.mark.slow
def test_the_line_s_weights_give_the_textbook_least_squares_line_and_slope(positions, values):
    xs, ys = positions, [Fraction(value) for value in values[: len(positions)]]
    mean_x, mean_y = Fraction(sum(xs), len(xs)), sum(ys) / len(xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)

    def weighed(weights: tuple[int, ...], denominator: int) -> Fraction:
        return sum((w * y for w, y in zip(weights, ys, strict=True)), Fraction(0)) / denominator

    assert weighed(*_weights(tuple(xs), 12)) == mean_y + slope * (12 - mean_x)
    assert weighed(*_weights(tuple(xs), None)) == slope


@pytest.mark.parametrize(
    ("numerator", "denominator", "written"),
    [(4500, 1, "4500"), (453, 10, "45.3"), (4530, 100, "45.3"), (1, 4, "0.25"), (-7, 8, "-0.875"), (0, 5, "0")],
)
def test_a_projection_that_ends_is_a_decimal_with_the_fewest_places(numerator, denominator, written):
    assert str(_number(numerator, denominator)) == written


def test_a_sum_divided_where_it_ends_is_a_decimal_even_by_a_denominator_that_does_not():
    assert repr(_divided(Decimal("0.9"), 3)) == "Decimal('0.3')"  # 9/30 reduces to 3/10
    assert repr(_divided(Decimal("450.0"), 10)) == "Decimal('45')"  # the fewest places, as 450/10 is written
    assert repr(_divided(Decimal("45000"), 10)) == "Decimal('4500')"  # never 4.5E+3


def test_a_projection_that_does_not_end_stays_a_fraction():
    assert _number(80, 3) == Fraction(80, 3)
    assert isinstance(_number(80, 3), Fraction)
