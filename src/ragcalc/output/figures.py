"""Numbers for people: exact where they terminate, rounded only for display, never for a decision.

The engine decides with exact Decimals and Fractions; this module turns them into the digits a table, a
reason or a JSON document shows.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from math import gcd
from typing import TYPE_CHECKING

from ragcalc.rating.model import EXACT, Number, Target, ends, terminates
from ragcalc.rating.vocabulary import Unit

if TYPE_CHECKING:  # fractions is loaded only by a cumulative share, which makes one
    from fractions import Fraction

DISPLAY = decimal.Context(prec=60)  # rounding for people only, never for a decision


def decimal_of(number: Number) -> Decimal:
    """A Decimal for output: exact when the number terminates, else to 6 places (the rating used the exact one)."""
    if isinstance(number, Decimal):
        return number
    return ratio(number.numerator, number.denominator)


_SMALL = 10**20  # a denominator below this, and a value under 10**30: no 60-digit quotient lies on a rounding tie


def ratio(numerator: int, denominator: int) -> Decimal:
    """numerator / denominator (> 0) for output, as `divided` gives it, by whole numbers where they are small enough
    to give the same digits (a segment's SPC limits: a few thousand per chart page, 30,000 in a region's JSON)."""
    common = gcd(numerator, denominator)
    numerator, denominator = numerator // common, denominator // common
    twos = (denominator & -denominator).bit_length() - 1
    fives, rest = 0, denominator >> twos
    while rest % 5 == 0:
        fives, rest = fives + 1, rest // 5
    if rest == 1:  # it terminates: exactly, in the fewest places that hold it, as an exact division gives it
        places = max(twos, fives)
        return Decimal(f"{numerator * (10**places // denominator)}E-{places}")
    if denominator >= _SMALL or abs(numerator) >= denominator * 10**30:
        return divided(numerator, denominator)
    # to the nearest 6 places (a fraction that does not end never lies halfway, so no rounding rule decides); and
    # '-0.000000' for a small negative, as decimal division gives it
    whole, left = divmod(abs(numerator) * 1_000_000, denominator)
    return Decimal(f"{'-' if numerator < 0 else ''}{whole + (2 * left > denominator)}E-6")


def divided(numerator: int, denominator: int) -> Decimal:
    """numerator / denominator (> 0, in lowest terms) by decimal division: exact where it terminates, else to 60
    digits rounded to 6 places."""
    exact = ends(denominator)
    with decimal.localcontext(EXACT if exact else DISPLAY):
        quotient = Decimal(numerator) / Decimal(denominator)
        return quotient if exact else quotient.quantize(Decimal("0.000001"))


def shown(amount: Number) -> str:
    """A number for people: thousands separated, digits as computed; '≈' and 2 places where it does not end."""
    if not isinstance(amount, Decimal):
        if not terminates(amount):
            with decimal.localcontext(DISPLAY):
                return "≈" + format(decimal_of(amount).quantize(Decimal("0.01")), ",f")
        amount = decimal_of(amount)
    return format(amount, ",f")


def rounded(amount: Number, places: int = 2) -> str:
    """A number for a table: exact where it has at most `places` decimals, else '≈' and rounded to them."""
    exact = decimal_of(amount) if isinstance(amount, Decimal) or terminates(amount) else None
    if exact is not None and -exact.as_tuple().exponent <= places:  # type: ignore[operator]
        return format(exact, ",f")
    with decimal.localcontext(DISPLAY):
        return "≈" + format(decimal_of(amount).quantize(Decimal(1).scaleb(-places)), ",f")


def share_text(share: Fraction) -> str:
    """'75%' for a share that terminates, '1/3' for one that does not."""
    if not terminates(share):
        return f"{share.numerator}/{share.denominator}"
    return f"{decimal_of(share * 100).normalize():f}%"


def relative_change(change: Decimal, previous: Decimal, threshold: Decimal) -> str:
    """|change| / |previous| x 100 for display: 2 decimals, more where rounding would hide a difference
    from the threshold (the decision itself is made exactly, without dividing)."""
    with decimal.localcontext(DISPLAY):
        exact = abs(change) * 100 / abs(previous)
        for places in range(2, 12):
            rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
            if (rounded == threshold) == (exact == threshold):
                return str(rounded)
        return str(exact)


def target_text(target: Target, unit: Unit) -> str:
    """A target as a scorecard's Target column prints it, formatted as values are: its comparator, thousands
    separated, a currency sign where it was written with one, % for a percent measure; a range's two edges; a
    cumulative measure's share due by the period rather than the annual figure."""
    currency = next((sign for sign in "£$€" if sign in target.text), "")
    percent = "%" if unit is Unit.PERCENT else ""

    def figure(amount: Number) -> str:
        digits = shown(amount)
        about, digits = ("≈", digits[1:]) if digits.startswith("≈") else ("", digits)
        sign, digits = ("-", digits[1:]) if digits.startswith("-") else ("", digits)
        return f"{about}{sign}{currency}{digits}{percent}"

    if target.high is not None:
        return f"{figure(target.amount)} – {figure(target.high)}"
    comparator = f"{target.comparator.word} " if target.comparator else ""
    return comparator + figure(target.due)
