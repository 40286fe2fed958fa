"""The rating schemes' edges (docs/rules.md's tables): green_within, ranges, stretch, any-change."""

from __future__ import annotations

import pytest

from ragcalc.rating import engine
from ragcalc.rating.model import Direction, Rag
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
