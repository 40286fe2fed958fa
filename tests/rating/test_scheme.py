"""The rating schemes' edges (docs/rules.md's tables): green_within, ranges, stretch, any-change."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ragcalc.rating import engine
from ragcalc.rating.vocabulary import Direction, Rag
from tests.helpers import check, reading, rule

GREEN_BAND = rule("80", green_within="5%", tolerance="10%")  # green to 76, amber to 72, red beyond


@pytest.mark.parametrize(
    ("value", "rag"),
    [("80%", Rag.GREEN), ("76%", Rag.GREEN), ("75.99%", Rag.AMBER), ("72%", Rag.AMBER), ("71.99%", Rag.RED)],
)
def test_shortfall_of_exactly_green_within_is_green_and_of_exactly_tolerance_is_amber(value, rag):
    check(GREEN_BAND, value, expect=(rag, None))


def test_green_within_on_a_strict_target_counts_the_target_itself_as_green():
    check(rule(">= 80", polarity=None, green_within="1"), "80%", expect=(Rag.GREEN, None))
    check(rule("> 80", polarity=None, green_within="1"), "79%", expect=(Rag.GREEN, None))
    check(rule("> 80", polarity=None), "80%", expect=(Rag.AMBER, None))


def test_green_within_for_lower_is_better_measures_the_excess():
    lower = rule("600", polarity="lower", unit="rate", green_within="5%", tolerance="10%")
    check(lower, "630", expect=(Rag.GREEN, None))
    check(lower, "630.1", expect=(Rag.AMBER, None))
    check(lower, "660", expect=(Rag.AMBER, None))
    check(lower, "660.1", expect=(Rag.RED, None))


RANGE = rule("28% - 40%", polarity=None, tolerance="10%")  # amber to 25.2 below, to 44 above


@pytest.mark.parametrize(
    ("value", "rag"),
    [
        ("28%", Rag.GREEN),
        ("40%", Rag.GREEN),
        ("34%", Rag.GREEN),
        ("27.99%", Rag.AMBER),
        ("25.2%", Rag.AMBER),
        ("25.19%", Rag.RED),
        ("40.01%", Rag.AMBER),
        ("44%", Rag.AMBER),
        ("44.01%", Rag.RED),
    ],
)
def test_range_is_green_edges_included_and_a_percent_tolerance_is_of_the_nearer_edge(value, rag):
    check(RANGE, value, expect=(rag, None))


@pytest.mark.parametrize(
    ("value", "previous", "direction"),
    [
        ("30%", "39%", Direction.STATIC),  # inside the range both times
        ("41%", "45%", Direction.IMPROVING),  # 4 points nearer
        ("45%", "41%", Direction.DETERIORATING),
        ("42%", "44%", Direction.STATIC),  # 2 points nearer: not more than the threshold
        ("26%", "42%", Direction.STATIC),  # 2 below, was 2 above: no nearer
        ("40%", "43%", Direction.IMPROVING),  # into the range from 3 above
    ],
)
def test_range_arrow_follows_the_distance_to_the_range(value, previous, direction):
    assert engine.rate(RANGE, reading(value, previous)).direction is direction


STRETCH = rule("90", unit="count", stretch="95", tolerance="5")


@pytest.mark.parametrize(
    ("value", "rag"), [("95", Rag.EXCEEDED), ("94.99", Rag.GREEN), ("90", Rag.GREEN), ("100", Rag.EXCEEDED)]
)
def test_at_the_stretch_target_is_exceeded_and_just_short_of_it_green(value, rag):
    check(STRETCH, value, expect=(rag, None))


def test_strict_stretch_needs_a_value_strictly_beyond_it():
    strict = rule("90", unit="count", stretch="> 95")
    check(strict, "95", expect=(Rag.GREEN, None))
    check(strict, "95.01", expect=(Rag.EXCEEDED, None))


def test_stretch_for_lower_is_better_is_at_or_below_it():
    lower = rule("600", polarity="lower", unit="rate", stretch="550")
    check(lower, "550", expect=(Rag.EXCEEDED, None))
    check(lower, "550.1", expect=(Rag.GREEN, None))


# ---- invariants (hypothesis) --------------------------------------------------------------------------

amounts = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
widths = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
LEVEL = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.EXCEEDED: 3}


@given(target=amounts, tolerance=widths, value=amounts, lower=st.booleans(), strict=st.booleans())
def test_without_the_new_keys_a_rule_rates_as_version_1_did(target, tolerance, value, lower, strict):
    """Version 1's table, written out: green on or beyond target (strictly for > and <), amber within tolerance."""
    symbol = ("<" if lower else ">") if strict else ""
    r = rule(f"{symbol} {target}", polarity="lower" if lower else "higher", unit="count", tolerance=str(tolerance))
    shortfall = value - target if lower else target - value
    expected = Rag.GREEN if shortfall < 0 or (shortfall == 0 and not strict) else Rag.AMBER
    if expected is Rag.AMBER and shortfall > tolerance:
        expected = Rag.RED
    check(r, str(value), expect=(expected, None))


@given(bottom=amounts, width=widths.filter(bool), tolerance=widths, a=amounts, b=amounts)
def test_a_range_rates_a_value_no_better_the_further_it_lies_outside(bottom, width, tolerance, a, b):
    r = rule(f"{bottom} - {bottom + width}", polarity=None, unit="count", tolerance=str(tolerance))
    outside = {v: max(bottom - v, v - bottom - width, 0) for v in (a, b)}
    nearer, further = sorted((a, b), key=outside.__getitem__)
    assert LEVEL[engine.rate(r, reading(str(nearer))).rag] >= LEVEL[engine.rate(r, reading(str(further))).rag]


@given(target=amounts, green=widths, extra=widths, stretch=widths, a=amounts, b=amounts)
def test_with_every_band_a_better_value_never_rates_lower(target, green, extra, stretch, a, b):
    r = rule(
        str(target),
        unit="count",
        green_within=str(green),
        tolerance=str(green + extra),
        stretch=str(target + stretch),
    )
    worse, best = sorted((a, b))
    assert LEVEL[engine.rate(r, reading(str(worse))).rag] <= LEVEL[engine.rate(r, reading(str(best))).rag]


def test_dca_items_step_along_the_five_levels():
    item = rule(None, polarity=None, kind="project", scale="dca")
    rating = engine.rate(item, reading(None, rag=Rag.AMBER_GREEN, previous_rag=Rag.AMBER))
    assert (rating.rag, rating.direction) == (Rag.AMBER_GREEN, Direction.IMPROVING)
    rating = engine.rate(item, reading(None, rag=Rag.AMBER_RED, previous_rag=Rag.AMBER_RED))
    assert rating.direction is Direction.STATIC


def test_summary_counts_each_level_and_exceeded_is_on_target():
    ratings = [
        engine.rate(STRETCH, reading("96")),
        engine.rate(STRETCH, reading("91")),
        engine.rate(STRETCH, reading("80")),
    ]
    counts = engine.count("all", ratings)
    assert (counts.exceeded, counts.green, counts.red, counts.on_target_pct) == (1, 1, 1, Decimal("66.7"))


def test_levels_add_exceeded_and_the_dca_levels_only_where_rules_use_them():
    assert engine.levels([rule()]) == (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.BLUE)
    dca = rule(None, polarity=None, kind="project", scale="dca")
    assert engine.levels([STRETCH, dca]) == tuple(Rag)
