"""Numbers for people (output/figures.py): the Target column's formatting; a fraction's digits."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ragcalc.inputs.numbers import parse_target
from ragcalc.output.figures import divided, ratio, target_text
from ragcalc.rating.vocabulary import Unit


@pytest.mark.parametrize(
    ("written", "unit", "share", "printed"),
    [
        ("74", Unit.PERCENT, None, "74%"),
        (">= 21", Unit.PERCENT, None, ">= 21%"),
        ("18643.75", Unit.COUNT, None, "18,643.75"),
        ("-£1,500", Unit.CURRENCY, None, "-£1,500"),
        ("28% - 40%", Unit.PERCENT, None, "28% – 40%"),
        ("£1,000", Unit.CURRENCY, Fraction(1, 2), "£500"),
        ("£1,000", Unit.CURRENCY, Fraction(1, 3), "≈£333.33"),
    ],
)
def test_the_target_column_prints_a_target_as_values_are_printed(written, unit, share, printed):
    target = parse_target(written)
    assert target is not None
    assert target_text(target if share is None else target._replace(share=share), unit) == printed


@given(
    st.integers(-(10**40), 10**40) | st.integers(-1000, 1000),
    st.integers(1, 10**22)
    | st.integers(1, 5000)
    | st.builds(lambda a, b: 2**a * 5**b, st.integers(0, 40), st.integers(0, 40)),
)
@example(-1, 3 * 10**9)  # a negative value that rounds to nothing: '-0.000000', as decimal division gives it
@example(0, 7)
@example(5, 2)
@example(10**31, 3)  # past whole numbers' reach: decimal division
def test_a_fraction_has_the_digits_decimal_division_gives_it(numerator, denominator):
    """`ratio` works whole numbers where they give the digits decimal division (60 digits, rounded to 6 places where
    the fraction does not end) gives: the same sign, digits and exponent."""
    common = Fraction(numerator, denominator)
    expected = divided(common.numerator, common.denominator)
    assert ratio(numerator, denominator).as_tuple() == expected.as_tuple()
