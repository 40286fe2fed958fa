"""Numbers for people (output/figures.py): the Target column's formatting."""

from __future__ import annotations

from fractions import Fraction

import pytest

from ragcalc.inputs.numbers import parse_target
from ragcalc.output.figures import target_text
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
