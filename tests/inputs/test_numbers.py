"""Numbers, targets and tolerances as written in scorecards (numbers.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ragcalc.inputs.numbers import decimal_from_yaml, parse_target, parse_tolerance, parse_value
from ragcalc.rating.vocabulary import Comparator


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
        ("0", "0"),
        ("+3", "3"),
        ("1" + "0" * 20, "1" + "0" * 20),
        ("0." + "0" * 19 + "1", "1e-20"),
        ("1234567890.12345678901234567890", "1234567890.12345678901234567890"),
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
        ("7 0%", "has a space inside the number"),
        ("6 12", "has a space inside the number"),
        ("64 0", "has a space inside the number"),
        ("1\u00a0000", "has a space inside the number"),
        ("28\u2009553", "has a space inside the number"),
        ("0x264", "another notation"),
        ("0b1000110", "another notation"),
        ("1_000", "another notation"),
        ("9" * 451, "too long to be a number"),
        ("1" + "0" * 21, "more digits than ragcalc reads exactly"),
        ("0." + "0" * 20 + "1", "more digits than ragcalc reads exactly"),
        ("1.234567890123456789012345678901", "more digits than ragcalc reads exactly"),
    ],
)
def test_bad_values_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        parse_value(text)


def test_yaml_number_keeps_its_written_digits():
    assert decimal_from_yaml("64.3") - decimal_from_yaml("62.3") == Decimal("2.0")
    assert decimal_from_yaml(".5") == Decimal("0.5")


@pytest.mark.parametrize("text", ["1_000", "0x10", "0o14", "1e3", "1:30", ".inf", ".nan"])
def test_yaml_numbers_in_other_notations_are_not_converted(text):
    """YAML would read these as 1000, 16, 12, 1000.0, 90 and infinities; ragcalc keeps the text, and refuses it."""
    with pytest.raises(ValueError, match="not written in plain decimal digits"):
        decimal_from_yaml(text)


@pytest.mark.parametrize("text", [".inf", "-.Inf", ".nan"])
def test_yaml_infinities_are_refused(text):
    with pytest.raises(ValueError, match="not a finite number"):
        parse_value(text)


def test_a_megabyte_of_digits_is_refused_at_once_in_a_one_line_message():
    with pytest.raises(ValueError, match=r"'999999999999999999999999999999\.\.\.' \(1,000,000 characters\)") as info:
        parse_value("9" * 1_000_000)
    assert len(str(info.value)) < 200


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


@pytest.mark.parametrize("text", ["28% – 40%", "28% - 40%", "28%-40%", "between 28% and 40%", "28 to 40", "28 — 40"])
def test_range_target_is_read_in_each_way_councils_write_it(text):
    target = parse_target(text)
    assert target is not None
    assert (target.amount, target.high, target.comparator, target.text) == (Decimal(28), Decimal(40), None, text)


def test_range_of_negative_edges_keeps_each_sign():
    target = parse_target("between -5 and 5")
    assert target is not None
    assert (target.amount, target.high) == (Decimal(-5), Decimal(5))


def test_range_written_high_to_low_is_refused_saying_which_edge_goes_first():
    with pytest.raises(ValueError, match="write the lower edge first"):
        parse_target("40% - 28%")


def test_range_with_a_comparator_is_refused():
    with pytest.raises(ValueError, match="has a comparator and a range"):
        parse_target(">= 28 - 40")


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
