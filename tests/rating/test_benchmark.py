"""Benchmark comparison (benchmark.py): the intervals against published values, each comparison at its edges."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ragcalc.inputs.numbers import parse_tolerance
from ragcalc.rating.benchmark import byar, compare, interval, wilson
from ragcalc.rating.model import Evidence, Interval, Tolerance
from ragcalc.rating.options import Method
from ragcalc.rating.vocabulary import Comparison, Polarity

D = Decimal


def rounded(found: Interval, places: str = "0.0001") -> tuple[Decimal, Decimal]:
    return found.lower.quantize(D(places)), found.upper.quantize(D(places))


# Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison of seven methods",
# Statistics in Medicine 17: 857-872, Table I, method 3 (Wilson's score interval without continuity correction)
@pytest.mark.parametrize(
    ("x", "n", "lower", "upper"),
    [
        (81, 263, "0.2553", "0.3662"),
        (15, 148, "0.0624", "0.1605"),
        (0, 20, "0.0000", "0.1611"),
        (1, 29, "0.0061", "0.1718"),
    ],
)
def test_wilson_intervals_match_newcombes_published_values(x, n, lower, upper):
    assert rounded(wilson(D(x), D(n), D(1))) == (D(lower), D(upper))


def test_wilson_scales_by_the_multiplier():
    assert rounded(wilson(D(81), D(263), D(100)), "0.01") == (D("25.53"), D("36.62"))


# exact Poisson limits (Garwood 1936), which PHEindicatormethods' phe_rate uses below 10 events
@pytest.mark.parametrize(
    ("events", "lower", "upper"), [(0, "0.0000", "3.6889"), (1, "0.0253", "5.5716"), (9, "4.1154", "17.0848")]
)
def test_small_counts_take_exact_poisson_limits(events, lower, upper):
    assert rounded(byar(D(events), None, D(1))) == (D(lower), D(upper))


def test_ten_events_or_more_take_byars_approximation():
    # Byar: x (1 - 1/9x - z/3√x)^3 and (x+1)(1 - 1/9(x+1) + z/3√(x+1))^3, z = 1.959963984540054
    assert rounded(byar(D(65), None, D(1))) == (D("50.1632"), D("82.8491"))
    assert rounded(byar(D(10), None, D(1))) == (D("4.7874"), D("18.3915"))


def test_a_rate_is_the_count_interval_per_denominator_times_the_multiplier():
    assert rounded(byar(D(1400), D(500000), D(100000))) == rounded(byar(D(1400), None, D("0.2")))


CI = Interval(D("12.9"), D("13.1"))


@pytest.mark.parametrize(
    ("against", "polarity", "expected"),
    [
        ("12.9", Polarity.HIGHER, Comparison.SIMILAR),  # exactly on the lower bound: similar
        ("13.1", Polarity.HIGHER, Comparison.SIMILAR),  # exactly on the upper bound
        ("12.89", Polarity.HIGHER, Comparison.BETTER),  # the whole interval above it
        ("13.11", Polarity.HIGHER, Comparison.WORSE),
        ("12.89", Polarity.LOWER, Comparison.WORSE),
        ("13.11", Polarity.LOWER, Comparison.BETTER),
        ("12.89", None, None),  # no polarity: no verdict beyond 'not similar'
    ],
)
def test_ci_comparison_at_each_edge(against, polarity, expected):
    assert compare(D(13), D(against), polarity, Method.CI, CI, parse_tolerance("0"))[0] is expected


@pytest.mark.parametrize(
    ("value", "tolerance", "expected"),
    [("63.3", "1", Comparison.SIMILAR), ("63.31", "1", Comparison.BETTER), ("61.3", "1", Comparison.SIMILAR),
     ("61.29", "1", Comparison.WORSE), ("65.5", "5%", Comparison.BETTER), ("65.4", "5%", Comparison.SIMILAR)],
)  # fmt: skip
def test_tolerance_comparison_is_similar_up_to_and_at_the_band(value, tolerance, expected):
    # 5% of the benchmark 62.3 is 3.115
    found = compare(D(value), D("62.3"), Polarity.HIGHER, Method.TOLERANCE, None, parse_tolerance(tolerance))
    assert found[0] is expected


@pytest.mark.parametrize(
    ("method", "evidence", "reason"),
    [
        (
            Method.WILSON,
            Evidence(numerator=D(12), denominator=D(10)),
            "the numerator 12 is more than the denominator 10",
        ),
        (Method.WILSON, Evidence(numerator=D(1), denominator=D(0)), "the denominator 0 is not above 0"),
        (Method.BYAR, Evidence(numerator=D("2.5")), "the numerator 2.5 is not a count (a whole number of 0 or more)"),
        (Method.BYAR, Evidence(numerator=D(-3)), "the numerator -3 is not a count (a whole number of 0 or more)"),
        (Method.CI, Evidence(lower_ci=D(5), upper_ci=D(4)), "lower_ci 5 is above upper_ci 4"),
    ],
)
def test_an_interval_that_cannot_be_made_says_why(method, evidence, reason):
    assert interval(method, evidence, D(1)) == (None, reason)


def test_a_tolerance_comparison_is_exact_beyond_28_digits():
    value, benchmark = Decimal("1000000000000000000000000000001"), Decimal(0)  # 31 digits apart
    comparison, _ = compare(
        value,
        benchmark,
        Polarity.HIGHER,
        Method.TOLERANCE,
        None,
        Tolerance(Decimal("1E30"), relative=False, text="1E30"),
    )
    assert comparison is Comparison.BETTER  # more than 1E30 away, by 1: not within the band


def test_an_interval_edge_is_printed_with_the_digits_that_show_its_side():
    found = Interval(Decimal("3.68891234"), Decimal("4.1"))
    _, reason = compare(Decimal(4), Decimal("3.6889"), Polarity.HIGHER, Method.CI, found, parse_tolerance("0"))
    assert reason == "the benchmark 3.6889 lies outside the interval 3.68891 to 4.1"
    found = Interval(Decimal("0.12345678"), Decimal("3.68889999"))
    _, reason = compare(Decimal(1), Decimal("3.6889"), Polarity.HIGHER, Method.CI, found, parse_tolerance("0"))
    assert reason == "the benchmark 3.6889 lies outside the interval 0.1235 to 3.68889999"
