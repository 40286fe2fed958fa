"""Numbers, targets and tolerances as written in scorecards (numbers.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ragcalc.inputs.numbers import decimal_from_yaml, parse_target, parse_tolerance, parse_value
from ragcalc.rating.model import Comparator


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("69.8%", "69.8"),
        ("28,553", "28553"),
        ("£2,000,000", "2000000"),
        ("$1,234.50", "1234.50"),
        ("€ 12", "12"),
        ("−4", "-4"),
        ("-£5", "-5"),
        ("£-5", "-5"),
        (" 12.5 % ", "12.5"),
        (".5", "0.5"),
        ("1 234", "1234"),
        ("0", "0"),
        ("+3", "3"),
        ("1\u00a0000", "1000"),
    ],
)
def test_values_are_read_exactly_as_written(text, amount):
    quantity = parse_value(text)
    assert quantity is not None
    assert quantity.amount == Decimal(amount)
    assert quantity.text == text.strip()


@pytest.mark.parametrize("text", ["n/a", "N/A", "na", "TBC", "dna", "DNA", "-", "", "null", "Not Available", None])
def test_no_value_words_mean_no_value(text):
    assert parse_value(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("69,8%", "decimal comma"),
        ("1,23,456", "thousands separators"),
        ("12 apples", "cannot read"),
        ("NaN", "not a finite number"),
        ("inf", "not a finite number"),
        ("--5", "two signs"),
        ("-£-5", "two signs"),
        ("ninety", "cannot read"),
    ],
)
def test_bad_values_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        parse_value(text)


def test_yaml_number_keeps_its_written_digits():
    assert decimal_from_yaml("64.3") - decimal_from_yaml("62.3") == Decimal("2.0")
    assert decimal_from_yaml("1_000") == Decimal(1000)
    assert decimal_from_yaml("0x10") == Decimal(16)


@pytest.mark.parametrize("text", [".inf", "-.Inf", ".nan"])
def test_yaml_infinities_are_refused(text):
    with pytest.raises(ValueError, match="not a finite number"):
        decimal_from_yaml(text)


@pytest.mark.parametrize(
    ("text", "amount", "comparator"),
    [
        (">= 90%", "90", Comparator.GE),
        (">72%", "72", Comparator.GT),
        ("<61%", "61", Comparator.LT),
        ("<= 5", "5", Comparator.LE),
        ("≥ 90", "90", Comparator.GE),
        ("£28,434,000", "28434000", None),
        ("12.16", "12.16", None),
    ],
)
def test_targets_with_comparators_and_symbols(text, amount, comparator):
    target = parse_target(text)
    assert target is not None
    assert (target.amount, target.comparator, target.text) == (Decimal(amount), comparator, text)


@pytest.mark.parametrize("text", ["n/a", "TBC", "tbd", "Not targeted", "Baseline year", "none", None, ""])
def test_no_target_words_mean_no_target(text):
    assert parse_target(text) is None


def test_range_target_is_refused_with_advice():
    with pytest.raises(ValueError, match="looks like a range"):
        parse_target("28% – 40%")


def test_per_unit_target_is_refused_with_advice():
    with pytest.raises(ValueError, match="cannot read '25 Per Month' as a target"):
        parse_target("25 Per Month")


def test_tolerance_number_is_absolute_and_percent_is_relative():
    assert parse_tolerance(Decimal(4)).resolve(Decimal(74)) == 4
    assert parse_tolerance("6%").resolve(Decimal(-50)) == 3
    assert parse_tolerance("4").relative is False


def test_negative_tolerance_is_an_error():
    with pytest.raises(ValueError, match="negative"):
        parse_tolerance("-1")
