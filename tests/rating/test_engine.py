"""The rating rules, boundary by boundary (engine.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ragcalc.rating import engine
from ragcalc.rating.model import Quarter, Reading
from ragcalc.rating.vocabulary import Direction, Rag, Unrated
from tests.helpers import check, reading, rule

G, A, R, B = Rag.GREEN, Rag.AMBER, Rag.RED, Rag.BLUE
UP, FLAT, DOWN = Direction.IMPROVING, Direction.STATIC, Direction.DETERIORATING


# ---- RAG --------------------------------------------------------------------------------------


def test_exactly_on_target_is_green():
    check(rule("40", unit="count"), "40", expect=(G, None))


def test_exactly_on_target_written_with_decimals_is_green():
    check(rule("74"), "74.0%", expect=(G, None))


def test_just_short_of_target_without_tolerance_is_red():
    check(rule("74"), "73.99", expect=(R, None))


def test_shortfall_exactly_at_tolerance_edge_is_amber():
    check(rule("74", tolerance="4"), "70.0%", expect=(A, None))


def test_shortfall_just_beyond_tolerance_is_red():
    check(rule("74", tolerance="4"), "69.99%", expect=(R, None))


def test_relative_tolerance_is_a_percentage_of_the_target():
    r = rule("600", polarity="lower", unit="rate", tolerance="5%")  # band 30
    check(r, "630", expect=(A, None))
    check(r, "630.01", expect=(R, None))


def test_relative_tolerance_uses_target_magnitude_for_negative_targets():
    r = rule("-200", unit="currency", tolerance="10%")  # band 20, not -20
    check(r, "-220", expect=(A, None))


def test_greater_or_equal_comparator_is_green_at_target():
    check(rule(">= 90%", polarity=None), "90%", expect=(G, None))


def test_strict_greater_comparator_is_not_green_at_target():
    check(rule("> 90%", polarity=None, tolerance="1"), "90%", expect=(A, None))
    check(rule("> 90%", polarity=None, tolerance="1"), "90.01%", expect=(G, None))


def test_strict_less_comparator_is_not_green_at_target():
    check(rule("< 22%", polarity=None, tolerance="2"), "22.0%", expect=(A, None))
    check(rule("< 22%", polarity=None, tolerance="2"), "21.9%", expect=(G, None))


def test_strict_comparator_at_target_with_no_tolerance_is_amber():
    # shortfall 0 is not < 0 (so not green) but is <= a tolerance of 0 (so amber), as the rule states
    check(rule("> 90", polarity=None, unit="count"), "90", expect=(A, None))


def test_lower_polarity_below_target_is_green_and_above_is_red():
    r = rule("300", polarity="lower", unit="days", tolerance="10%")
    check(r, "299", expect=(G, None))
    check(r, "330", expect=(A, None))
    check(r, "355", expect=(R, None))


def test_comparator_less_than_implies_lower_polarity():
    check(rule("<= 5", polarity=None, unit="count"), "6", expect=(R, None))


def test_discontinued_is_blue_with_no_direction():
    check(rule("74", status="discontinued"), "50%", "90%", expect=(B, None))


def test_discontinued_without_any_reading_is_blue():
    assert engine.rate(rule(status="discontinued"), None).rag is B


def test_no_target_is_not_rated_but_gets_a_direction():
    rating = engine.rate(rule("baseline year"), reading("88.1%", "85.0%"))
    assert (rating.rag, rating.direction, rating.unrated) == (None, UP, Unrated.NO_TARGET)


def test_no_value_is_not_rated_and_has_no_direction():
    rating = engine.rate(rule("6"), reading("DNA", "5.8%"))
    assert (rating.rag, rating.direction, rating.unrated) == (None, None, Unrated.NO_VALUE)


def test_measure_absent_from_quarter_is_no_data():
    rating = engine.rate(rule(), None)
    assert (rating.rag, rating.direction, rating.unrated) == (None, None, Unrated.NO_DATA)


def test_rated_false_has_no_rag_and_no_direction_but_keeps_the_change():
    rating = engine.rate(rule(None, polarity=None, unit="count", rated=False), reading("412,000", "398,500"))
    assert (rating.rag, rating.direction, rating.unrated) == (None, None, Unrated.INFORMATION_ONLY)
    assert rating.change == Decimal("13500")


# ---- direction --------------------------------------------------------------------------------


def test_change_of_exactly_threshold_is_static():
    check(rule("60"), "62.3%", "64.3%", expect=(G, FLAT))  # 64.3 -> 62.3 is exactly 2 points, not a float's 1.99...


def test_change_just_over_threshold_moves():
    check(rule("60"), "62.29%", "64.3%", expect=(G, DOWN))
    check(rule("60"), "66.31%", "64.3%", expect=(G, UP))


def test_percent_units_move_by_points_not_relative_change():
    # 20 -> 21 is 5% relative but 1 point: static on the default 2-point threshold
    check(rule("50"), "21%", "20%", expect=(R, FLAT))


def test_counts_move_by_relative_change():
    check(rule("20,000", unit="count"), "28,553", "9,879", expect=(G, UP))
    check(rule("1200", unit="count"), "1,224", "1,200", expect=(G, FLAT))  # exactly 2%
    check(rule("1200", unit="count"), "1,225", "1,200", expect=(G, UP))  # 2.08%


def test_small_target_rule_uses_half_point_threshold():
    # the council's own example: 2.06% -> 2.52% against a 5% target is 0.46 points, within 0.5: static
    check(rule("5", polarity="lower"), "2.52%", "2.06%", expect=(G, FLAT))
    check(rule("5", polarity="lower"), "2.57%", "2.06%", expect=(G, DOWN))


def test_small_target_threshold_applies_exactly_at_half_point():
    check(rule("5", polarity="lower"), "2.56%", "2.06%", expect=(G, FLAT))


def test_target_equal_to_small_target_bound_uses_normal_threshold():
    check(rule("10", polarity="lower"), "3%", "2%", expect=(G, FLAT))  # |10| is not below 10


def test_small_target_rule_looks_at_magnitude_of_negative_targets():
    check(rule("-5", unit="score", basis="points"), "-4", "-4.6", expect=(G, UP))


def test_no_target_uses_the_normal_threshold():
    check(rule(None, polarity="higher"), "3%", "2%", expect=(None, FLAT))


def test_basis_percent_with_previous_zero_moves_on_any_change():
    check(rule("0", polarity="lower", unit="count"), "1", "0", expect=(R, DOWN))


def test_basis_percent_with_previous_and_value_zero_is_static():
    check(rule("0", polarity="lower", unit="count"), "0", "0", expect=(G, FLAT))


def test_basis_points_can_be_forced_for_counts():
    check(rule("100", unit="count", basis="points"), "103", "100", expect=(G, UP))
    check(rule("100", unit="count", basis="points"), "102", "100", expect=(G, FLAT))


def test_basis_percent_can_be_forced_for_percent_units():
    check(rule("50", basis="percent"), "51%", "50%", expect=(G, FLAT))  # 2% relative: not more than 2
    check(rule("50", basis="percent"), "51.5%", "50%", expect=(G, UP))


def test_lower_polarity_fall_is_improving():
    check(rule("600", polarity="lower", unit="rate", tolerance="5%"), "612.4", "640.1", expect=(A, UP))


def test_threshold_zero_moves_on_any_change():
    r = rule("50", threshold="0")
    check(r, "50.01%", "50%", expect=(G, UP))
    check(r, "50%", "50%", expect=(G, FLAT))


def test_value_without_previous_has_no_direction():
    check(rule("74"), "75%", None, expect=(G, None))


# ---- hand-rated items -------------------------------------------------------------------------


def project(rag: Rag | None, previous: Rag | None = None, direction: Direction | None = None) -> tuple:
    rating = engine.rate(
        rule(None, None, kind="project"), Reading("M1", rag=rag, previous_rag=previous, direction=direction)
    )
    return rating.rag, rating.direction


@pytest.mark.parametrize(
    ("now", "before", "arrow"),
    [(A, G, DOWN), (G, A, UP), (R, A, DOWN), (G, R, UP), (A, A, FLAT), (G, None, None), (G, B, None), (B, G, None)],
)
def test_project_direction_follows_red_amber_green_order(now, before, arrow):
    assert project(now, before) == (now, arrow)


def test_project_direction_given_in_quarter_wins():
    assert project(R, R, UP) == (R, UP)


def test_project_without_rag_is_not_rated():
    assert project(None) == (None, None)


# ---- evaluate and summary ---------------------------------------------------------------------


def quarter(*readings: Reading) -> Quarter:
    return Quarter("Q4", "Q3", readings, "q.yaml")


def test_evaluate_keeps_rule_order_and_reports_missing_measures():
    rules = [rule(id="B"), rule(id="A")]
    ratings = engine.evaluate(rules, quarter(reading("80%", id="A")))
    assert [(r.rule.id, r.unrated) for r in ratings] == [("B", Unrated.NO_DATA), ("A", None)]


def test_summary_counts_not_rated_and_no_direction_separately():
    rules = [
        rule(id="a", group="X"),
        rule(id="b", group="Y"),
        rule("tbc", id="c", group="X"),
        rule(id="d", status="discontinued", group="Y"),
        rule(id="e", group="X"),
    ]
    ratings = engine.evaluate(
        rules, quarter(reading("80%", "70%", "a"), reading("60%", "61%", "b"), reading("1%", "5%", "c"))
    )
    summary = engine.summarise(ratings)
    x, y = summary.groups
    assert (x.group, x.measures, x.green, x.not_rated, x.improving, x.deteriorating, x.no_direction) == (
        "X",
        3,
        1,
        2,
        1,
        1,
        1,
    )
    assert (y.group, y.red, y.blue, y.static, y.no_direction) == ("Y", 1, 1, 1, 1)
    total = summary.total
    assert total.measures == 5 == total.green + total.amber + total.red + total.blue + total.not_rated
    assert total.on_target_pct == Decimal("50.0")  # 1 green of 2 rated green/amber/red
    assert total.improving_pct == Decimal("33.3")  # 1 of 3 with a direction


def test_percentages_are_null_when_nothing_is_rated():
    counts = engine.count("X", [engine.rate(rule("tbc"), None)])
    assert (counts.on_target_pct, counts.improving_pct) == (None, None)


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(21, 37, "56.8"), (9, 22, "40.9"), (1, 8, "12.5"), (1, 16, "6.3"), (2, 3, "66.7"), (0, 5, "0.0"), (5, 5, "100.0")],
)
def test_percentage_rounds_half_up_to_one_decimal(part, whole, shown):
    assert str(engine.percentage(part, whole)) == shown


def test_summary_can_group_by_a_tag_with_untagged_measures_kept():
    rules = [rule(id="a", tags=(("outcome", "Health"),)), rule(id="b")]
    summary = engine.summarise(engine.evaluate(rules, quarter()), "outcome")
    assert [c.group for c in summary.groups] == ["Health", "(no outcome)"]


def test_engine_never_rounds_the_longest_decimals_it_reads():
    value = "12345678901234567890.1234567891"  # 30 significant digits, the most a number may have
    r = rule("12345678901234567890.1234567890", unit="count")
    check(r, value, value, expect=(G, FLAT))
