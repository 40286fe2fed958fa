"""Each decision in words, from what the engine kept on the rating (reasons.py)."""

from __future__ import annotations

from decimal import Decimal

from ragcalc.output.figures import relative_change
from ragcalc.output.reasons import direction_reason, rag_reason
from ragcalc.rating import engine
from tests.helpers import reading, rule


def reasons(r, value, previous=None) -> tuple[str, str]:
    rating = engine.rate(r, reading(value, previous, r.id))
    return rag_reason(rating), direction_reason(rating)


def test_reason_for_a_change_exactly_at_the_threshold():
    assert reasons(rule("60"), "62.3%", "64.3%")[1] == "64.3% -> 62.3%: 2.0 points, not more than the 2-point threshold"


def test_reason_names_the_small_target_rule_and_the_better_direction():
    assert reasons(rule("5", polarity="lower"), "2.57%", "2.06%")[1] == (
        "2.06% -> 2.57%: 0.51 points, more than the 0.5-point threshold (small-target rule: target 5 is below 10); "
        "lower is better"
    )


def test_relative_change_shows_enough_digits_to_differ_from_the_threshold():
    # 1,000 -> 1,020.04 is 2.004%: rounded to 2 places it would read "2.00%, more than the 2% threshold"
    assert reasons(rule("2000", unit="count"), "1,020.04", "1,000")[1].startswith(
        "1,000 -> 1,020.04: 2.004% change, more than the 2% threshold"
    )
    assert relative_change(Decimal("1"), Decimal("3"), Decimal("2")) == "33.33"


def test_reason_for_amber_gives_shortfall_and_resolved_relative_tolerance():
    assert reasons(rule("600", polarity="lower", unit="rate", tolerance="5%"), "612.4")[0] == (
        "612.4 is short of the target 600 by 12.4, within the tolerance of 30 (5% of 600)"
    )


def test_reason_for_a_value_exactly_at_a_strict_target():
    assert reasons(rule("< 22%", polarity=None, tolerance="2"), "22.0%")[0] == (
        "22.0% is exactly at the target < 22%, which a strict target does not count as met; "
        "within the tolerance of 2 points"
    )


def test_reason_uses_thousands_separators_and_exact_digits():
    assert reasons(rule("£2,500,000", unit="currency", tolerance="10%"), "£2,000,000")[0] == (
        "£2,000,000 is short of the target £2,500,000 by 500,000, more than the tolerance of 250,000 (10% of 2,500,000)"
    )


def test_reason_from_a_previous_of_zero():
    assert reasons(rule("0", polarity="lower", unit="count"), "1", "0")[1].startswith(
        "0 -> 1: a change from 0, which counts as more than any threshold"
    )
