"""SPC (Making Data Count) at every edge: limits, screening, each special-cause rule, icons, rebasing (spc.py)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ragcalc.inputs.numbers import parse_target
from ragcalc.rating.periods import Granularity, Period
from ragcalc.rating.spc import (
    BEYOND,
    SHIFT,
    TREND,
    TWO_OF_THREE,
    Assurance,
    Conflict,
    SpcSettings,
    chart,
)
from ragcalc.rating.vocabulary import Polarity

START = 2021 * 12 + 3  # Apr-21


def settings(**changes: object) -> SpcSettings:
    defaults = SpcSettings(None, (), 7, 7, screen_outliers=False, conflict=Conflict.IMPROVEMENT, min_points=15)
    return defaults._replace(**changes)  # type: ignore[arg-type]


def draw(values, polarity=Polarity.HIGHER, target=None, **changes):
    series = [(Period(Granularity.MONTH, START + i), Decimal(str(v))) for i, v in enumerate(values)]
    return chart(series, settings(**changes), polarity, parse_target(target) if target else None)


def marks(result) -> list[tuple[str, ...]]:
    return [(*point.up, *point.down) for point in result.points]


def test_limits_are_the_mean_plus_and_minus_2_66_mean_moving_ranges_exactly():
    limits = draw([1, 2, 3, 4, 5]).points[0].limits
    assert (limits.mean, limits.mr_bar) == (3, 1)
    assert (limits.ucl, limits.lcl) == (Fraction("5.66"), Fraction("0.34"))
    assert (limits.upper_two, limits.lower_two) == (
        3 + Fraction(2, 3) * Fraction("2.66"),
        3 - Fraction(2, 3) * Fraction("2.66"),
    )


def test_a_mean_that_does_not_terminate_stays_exact():
    limits = draw([1, 2, 2]).points[0].limits
    assert limits.mean == Fraction(5, 3)
    assert limits.mr_bar == Fraction(1, 2)


BASE = [10, 11]  # baseline: mean 10.5, MR-bar 1, UCL 13.16, LCL 7.84


def test_a_point_on_a_limit_is_inside_and_one_beyond_it_is_marked():
    result = draw([*BASE, "13.16", "13.17", "7.84", "7.83"], baseline=2)
    assert marks(result)[2:] == [(), (BEYOND,), (), (BEYOND,)]


def test_screening_drops_a_moving_range_of_3_267_mr_bars_once_and_keeps_the_mean():
    plain = draw([10, 11, 10, 11, 10, 40]).points[0].limits
    screened = draw([10, 11, 10, 11, 10, 40], screen_outliers=True).points[0].limits
    assert (plain.mr_bar, screened.mr_bar, screened.screened) == (Fraction(34, 5), 1, 1)
    assert plain.mean == screened.mean == Fraction(92, 6)


ALTERNATING = [12, 10, 12, 10]  # baseline: mean 11, MR-bar 2, ending below the mean


@pytest.mark.parametrize(("run", "marked"), [(6, False), (7, True)])
def test_a_shift_needs_7_points_in_a_row_on_one_side_of_the_mean(run, marked):
    result = draw([*ALTERNATING, *["11.5"] * run], baseline=4)
    assert all((SHIFT in m) is marked for m in marks(result)[4:])


def test_a_point_on_the_mean_breaks_a_shift():
    result = draw([*ALTERNATING, *["11.5"] * 4, 11, *["11.5"] * 4], baseline=4)
    assert not any(SHIFT in m for m in marks(result))


def test_a_trend_of_7_rising_points_marks_all_7_and_an_equal_neighbour_breaks_it():
    rising = draw([5, 3, 4, 5, 6, 7, 8, 9])
    assert [TREND in m for m in marks(rising)] == [False, True, True, True, True, True, True, True]
    broken = draw([5, 3, 4, 5, 5, 7, 8, 9])
    assert not any(TREND in m for m in marks(broken))


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        (["15", "11.5", "15"], [(TWO_OF_THREE,), (), (TWO_OF_THREE,)]),  # two beyond the 2-sigma line, same side
        (["15", "10", "15"], [(), (), ()]),  # one of the three on the other side of the mean
        (["16.32", "11.5", "15"], [(TWO_OF_THREE,), (), (TWO_OF_THREE,)]),  # on the limit counts as 2-3 sigma
        (["16.33", "11.5", "15"], [(BEYOND,), (), ()]),  # beyond the limit is not
        (["14.5", "11.5", "15"], [(), (), ()]),  # 14.5 is inside the 2-sigma line (14.5466...)
    ],
)
def test_two_of_three_beyond_the_2_sigma_line(window, expected):
    assert marks(draw([*ALTERNATING, *window], baseline=4))[4:] == expected


def icons(values, polarity, target=None, **changes):
    result = draw(values, polarity, target, **changes)
    return result.variation, result.assurance


HIGH_END = [10, 11] * 7 + [20]  # 15 points, the last above the upper limit
LOW_END = [10, 11] * 7 + [1]


@pytest.mark.parametrize(
    ("values", "polarity", "variation"),
    [
        (HIGH_END, Polarity.HIGHER, "improvement_high"),
        (HIGH_END, Polarity.LOWER, "concern_high"),
        (HIGH_END, None, "neither_high"),
        (LOW_END, Polarity.HIGHER, "concern_low"),
        (LOW_END, Polarity.LOWER, "improvement_low"),
        (LOW_END, None, "neither_low"),
        ([10, 11] * 8, Polarity.HIGHER, "common_cause"),
    ],
)
def test_the_variation_icon_is_the_latest_points_class(values, polarity, variation):
    assert icons(values, polarity)[0] == variation


def test_a_point_marked_both_ways_shows_as_the_conflict_setting():
    # seven rising points all below the mean: a rising trend (high) and a shift below (low)
    values = [20, 30, 20, 30, 20, 30, 20, 30, 1, 2, 3, 4, 5, 6, 7]
    result = draw(values, Polarity.HIGHER, baseline=8)
    assert {TREND, SHIFT} <= set(marks(result)[-1])
    assert result.variation == "improvement_high"
    assert draw(values, Polarity.HIGHER, baseline=8, conflict=Conflict.CONCERN).variation == "concern_low"


STEADY = [10, 11] * 8  # mean 10.5, limits 7.84 and 13.16


@pytest.mark.parametrize(
    ("polarity", "target", "assurance"),
    [
        (Polarity.HIGHER, "7.84", Assurance.PASS),  # a target exactly on a limit: pass or fail, never hit and miss
        (Polarity.HIGHER, "7.85", Assurance.HIT_AND_MISS),
        (Polarity.HIGHER, "13.16", Assurance.FAIL),
        (Polarity.LOWER, "13.16", Assurance.PASS),
        (Polarity.LOWER, "13.15", Assurance.HIT_AND_MISS),
        (Polarity.LOWER, "7.84", Assurance.FAIL),
    ],
)
def test_the_assurance_icon_compares_the_target_with_the_latest_limits(polarity, target, assurance):
    assert icons(STEADY, polarity, target)[1] is assurance


def test_no_assurance_without_a_polarity_or_a_single_target():
    assert draw(STEADY, None, "10").why_no_icons == "no assurance icon: it needs a polarity"
    assert draw(STEADY, Polarity.HIGHER, "9 - 12").why_no_icons == "no assurance icon: it needs a single target"
    assert draw(STEADY, Polarity.HIGHER).why_no_icons == "no assurance icon: no target"


@pytest.mark.parametrize(("points", "has_icons"), [(14, False), (15, True)])
def test_icons_need_min_points_but_limits_and_special_causes_are_still_given(points, has_icons):
    values = [*([10, 11] * 8)[: points - 1], 40]
    result = draw(values, Polarity.HIGHER, "5")
    assert (result.variation is not None, result.assurance is not None) == (has_icons, has_icons)
    assert BEYOND in marks(result)[-1]
    if not has_icons:
        assert result.why_no_icons == "14 points: the icons need at least 15"


def test_a_rebase_starts_a_segment_with_its_own_limits_and_trends_run_across_it():
    values = [10, 11, 10, 11, 10, 11, 12, 13, 14, 15, 30, 31, 30, 31]
    rebase = (Period(Granularity.MONTH, START + 10),)
    result = draw(values, rebase=rebase, trend=6)
    first, second = result.points[0].limits, result.points[-1].limits
    assert (first.mean, second.mean) == (Fraction(117, 10), Fraction(61, 2))
    assert all(point.limits is second for point in result.points[10:])
    assert [TREND in m for m in marks(result)][5:11] == [True] * 6  # 10 ... 30 rises across the rebase


def test_a_rebase_written_as_a_quarter_applies_to_a_monthly_series_from_its_first_month():
    rebase = (Period(Granularity.QUARTER, 2021 * 4 + 1),)  # Q2 2021/22: July-September 2021
    result = draw([10, 11, 10, 30, 31, 30], rebase=rebase)
    assert result.points[2].limits is not result.points[3].limits


@given(st.lists(st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False), min_size=2, max_size=30))
def test_every_point_beyond_a_limit_is_marked_and_no_point_inside_is(values):
    result = draw(values)
    for point in result.points:
        limits = point.limits
        beyond = point.value > limits.ucl or point.value < limits.lcl
        assert (BEYOND in (*point.up, *point.down)) is beyond


@given(st.lists(st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False), min_size=2, max_size=40))
def test_the_integer_limits_equal_the_textbook_formula_in_fractions(values):
    """The one-denominator integers against mean ± 2.66 × MR-bar written out in Fractions."""
    exact = [Fraction(v) for v in values]
    mean = sum(exact) / len(exact)
    mr_bar = sum(abs(b - a) for a, b in itertools.pairwise(exact)) / (len(exact) - 1)
    limits = draw(values).points[0].limits
    assert (limits.mean, limits.mr_bar) == (mean, mr_bar)
    assert (limits.lcl, limits.ucl) == (mean - Fraction("2.66") * mr_bar, mean + Fraction("2.66") * mr_bar)
    two_sigma = Fraction(2, 3) * Fraction("2.66") * mr_bar
    assert (limits.lower_two, limits.upper_two) == (mean - two_sigma, mean + two_sigma)
