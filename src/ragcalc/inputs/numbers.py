"""Reading numbers, targets and tolerances as people write them in scorecards, exactly.

`69.8%`, `"28,553"`, `£2,000,000`, `−4` (unicode minus), `>= 90%` all become `Decimal`s built from
the digits as written. Failures raise `ValueError` with a message meant for the user; the loaders add
the file, line and measure.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from ragcalc.rating.model import Quantity, Rule, Target, Tolerance
from ragcalc.rating.vocabulary import Comparator, Polarity, Unit

NO_VALUE_WORDS = frozenset({"n/a", "na", "tbc", "dna", "-", "", "null", "not available"})
NO_TARGET_WORDS = frozenset({"n/a", "tbc", "tbd", "not targeted", "baseline year", "none"})

_MINUSES = "\u2212\u2012\u2013\u2014\ufe63\uff0d"  # unicode minus, figure dash, en/em dash, small/wide hyphen-minus
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_NUMBER = re.compile(
    r"""^(?P<sign>[-+]?)
        (?P<cur1>[£$€]?)
        (?P<sign2>[-+]?)
        (?P<digits>\d{1,3}(?:,\d{3})+|\d+)
        (?P<fraction>\.\d+)?
        (?P<pct>%?)$""",
    re.VERBOSE,
)
_BARE_FRACTION = re.compile(r"^(?P<sign>[-+]?)(?P<cur1>[£$€]?)(?P<sign2>[-+]?)(?P<fraction>\.\d+)(?P<pct>%?)$")
_COMPARATOR = re.compile(r"^(>=|<=|≥|≤|>|<)")
_COMPARATORS = {
    ">=": Comparator.GE,
    "≥": Comparator.GE,
    ">": Comparator.GT,
    "<=": Comparator.LE,
    "≤": Comparator.LE,
    "<": Comparator.LT,
}


class NegativeNumber(ValueError):
    """A number that must be 0 or more is negative."""


class UnreadableNumber(ValueError):
    """Text that is no number at all (not one written in a way ragcalc refuses, which says why)."""


HOW_TO_WRITE = "write a number such as 69.8, 69.8%, 28,553 or £2,000,000"


class Parsed:
    """The pieces of one written number."""

    __slots__ = ("amount", "currency", "percent")

    def __init__(self, amount: Decimal, *, percent: bool, currency: str) -> None:
        self.amount = amount
        self.percent = percent
        self.currency = currency


def normalise(text: str) -> str:
    """Fold the unicode minus and dashes to '-' and drop every kind of space."""
    for dash in _MINUSES:
        text = text.replace(dash, "-")
    return _SPACES.sub("", text)


MAX_DIGITS = 30  # significant digits of a number, and how far from the units its first digit may be:
MAX_PLACES = 20  # every decision is then exact in the engine's arithmetic, which a 451-digit value is not
_LONGEST = 60  # characters: longer text is no number a scorecard writes, and is not matched at all
_SHORT = 21  # characters: no number written in so few has more digits, or digits further out, than the limits
_SPACE_INSIDE = re.compile(r"[\d.,][\s\u00a0\u2009\u202f]+[\d.,]")


def quoted(text: str) -> str:
    """User text in a message, in quotes, cut short where it is long (a message is one line)."""
    return f"'{text}'" if len(text) <= 40 else f"'{text[:30]}...' ({len(text):,} characters)"


def parse_number(text: str) -> Parsed:
    """Parse `text` as a written number; raise ValueError saying what is wrong."""
    if len(text) > _LONGEST:
        raise ValueError(f"{quoted(text)} is too long to be a number; {HOW_TO_WRITE}")
    if (" " in text or not text.isprintable()) and _SPACE_INSIDE.search(text):  # the first test: at C speed
        raise ValueError(
            f"{quoted(text)} has a space inside the number (spaces are not thousands separators); {HOW_TO_WRITE}"
        )
    compact = normalise(text)
    match = _NUMBER.match(compact) or _BARE_FRACTION.match(compact)
    if match is None:
        raise ValueError(_explain(text, compact))
    groups = match.groupdict()
    if groups["sign"] and groups["sign2"]:
        raise ValueError(f"{quoted(text)} has two signs; {HOW_TO_WRITE}")
    digits = (groups.get("digits") or "0").replace(",", "")
    amount = Decimal(digits + (groups["fraction"] or ""))
    if len(compact) > _SHORT:
        checked(amount, text)
    if "-" in (groups["sign"], groups["sign2"]):
        amount = -amount
    return Parsed(amount, percent=bool(groups["pct"]), currency=groups["cur1"])


def checked(amount: Decimal, text: str) -> Decimal:
    """`amount`, if it has at most MAX_DIGITS significant digits, none more than MAX_PLACES from the units."""
    if amount and (len(amount.as_tuple().digits) > MAX_DIGITS or not -MAX_PLACES <= amount.adjusted() <= MAX_PLACES):
        raise ValueError(
            f"{quoted(text)} has more digits than ragcalc reads exactly: at most {MAX_DIGITS} significant digits, "
            f"the first within {MAX_PLACES} places of the units; round it as the scorecard publishes it"
        )
    return amount


def _explain(text: str, compact: str) -> str:
    """Why `text` is refused; UnreadableNumber where it is no number at all."""
    shown = quoted(text)
    if re.fullmatch(r"[-+]?[£$€]?\d+,\d{1,2}%?", compact):
        return (
            f"{shown} looks like a decimal comma; write a point for decimals (e.g. 69.8) "
            "and commas only between thousands"
        )
    if re.fullmatch(r"[-+]?[£$€]?[\d,]+(\.\d+)?%?", compact):
        return f"{shown} has thousands separators in the wrong places; {HOW_TO_WRITE}"
    if re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)[eE][-+]?\d+%?", compact):
        return (
            f"{shown} is in scientific notation (as Excel shows very large or small numbers); "
            "write the number out in full, e.g. 0.000012 or 2500000"
        )
    if re.fullmatch(r"[-+]?(0[xob][\da-f_]+|\d[\d_]*_[\d_]*(\.[\d_]*)?)", compact, re.I):
        return (
            f"{shown} is written in another notation (hexadecimal, octal, binary, or with '_' between digits), "
            "which YAML would read as another number; write it in decimal digits, e.g. 612 or 1000"
        )
    if _non_finite(compact):
        return f"{shown} is not a finite number; {HOW_TO_WRITE}, or n/a for no value"
    raise UnreadableNumber(f"cannot read {shown} as a number; {HOW_TO_WRITE}, or n/a for no value")


def _non_finite(text: str) -> bool:
    return text.lower().lstrip("+-").lstrip(".") in {"nan", "inf", "infinity"}


# 69.8 or 69.8%: most values councils write, read without the general parser (number, then the % sign); at
# most 15 digits each side of the point, so always within MAX_DIGITS and MAX_PLACES
PLAIN_VALUE = re.compile(r"(-?\d{1,15}(?:\.\d{1,15})?)(%?)")
_DECIMAL = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)").fullmatch  # 57, -3, 69.8, .5: a number as written


def decimal_from_yaml(text: str) -> Decimal:
    """The exact Decimal of a YAML int or float scalar written in plain decimal digits.

    YAML also reads 0x264, 0b1000110, 1_000 and 1e3 as numbers; any such text raises ValueError, and the
    caller keeps it as text, which the field that reads it then refuses, saying why: never a silent
    conversion of what was written.
    """
    if len(text) > _LONGEST or not _DECIMAL(text):
        raise ValueError(f"{quoted(text)} is not written in plain decimal digits")
    return Decimal(text) if len(text) <= _SHORT else checked(Decimal(text), text)


def parse_value(raw: str | Decimal | None) -> Quantity | None:
    """A quarter-file value: a Quantity, or None for the words that mean 'no value'."""
    if raw is None:
        return None
    if isinstance(raw, Decimal):
        return Quantity(raw, str(raw))
    if raw.strip().lower() in NO_VALUE_WORDS:
        return None
    return Quantity(parse_number(raw).amount, raw.strip())


def has_percent_sign(raw: str | Decimal | None) -> bool:
    return isinstance(raw, str) and raw.strip().endswith("%")


def percent_sign_allowed(unit: Unit) -> bool:
    """Only a percent measure's numbers may carry a % sign: read as a plain number, '90%' on a count would be
    rated as 90. Checked wherever a number is written (rule, quarter or history file)."""
    return unit is Unit.PERCENT


def percent_sign_problem(key: str, raw: str | Decimal | None, unit: Unit) -> str | None:
    """What is wrong with a % sign on a value or target of a measure whose unit is not percent; None if nothing."""
    if percent_sign_allowed(unit) or not has_percent_sign(raw):
        return None
    return (
        f"{key}: {quoted(str(raw))} has a % sign but the measure's unit is {unit.word}; "
        "set 'unit: percent' in the rules or drop the %"
    )


class Problem(NamedTuple):
    message: str
    code: str  # the finding's code


def target_problem(target: Target, polarity: Polarity | None, unit: Unit, key: str = "target") -> Problem | None:
    """What is wrong with a target for a measure of this polarity and unit, wherever the target is written
    (a rule file, or a history row's target in force for its period); None if nothing."""
    comparator = target.comparator
    if comparator is not None and polarity is not None and comparator.polarity is not polarity:
        return Problem(
            f"{key} '{target.text}' uses '{comparator.value}', which means {comparator.polarity.value} is "
            f"better, but polarity is {polarity.value}; make them agree",
            "comparator-polarity",
        )
    problem = percent_sign_problem(key, target.text, unit)
    return None if problem is None else Problem(problem, "percent-unit")


def differing_target(own: Target, rule: Rule) -> str | None:
    """What to say of a file's target for a period that differs from the rule's (a comparator left out is not a
    difference: the rule's polarity reads it); None where they agree, or the rule says the file's are meant to win."""
    theirs = rule.target
    if rule.target_from_file or theirs is None:
        return None
    comparators = (own.comparator, theirs.comparator)
    if (own.amount, own.high) == (theirs.amount, theirs.high) and (None in comparators or len(set(comparators)) == 1):
        return None
    return (
        f"target: the file's {own.text} differs from the rule's {theirs.text}; the file's is used for the period. "
        f"Add target_from_file: true to {rule.id}'s rule if the file's targets are meant to win, or leave the column "
        "out (input: ignore: [Target])"
    )


def period_target_problem(target: Target, polarity: Polarity | None, unit: Unit, *, rated: bool) -> Problem | None:
    """`target_problem` for a period's own target (a quarter file's or a history row's), which must also say which
    way is better when a rated rule does not (a range rule): its comparator gives the polarity, as a rule's does."""
    if rated and polarity is None and target.comparator is None and not target.ranged:
        return Problem(
            f"target '{target.text}' does not say which way is better and the rule has no polarity; write it with a "
            f"comparator ('>= {target.text}' or '<= {target.text}') or add 'polarity: higher' or 'polarity: lower' "
            "to the rule",
            "missing-polarity",
        )
    return target_problem(target, polarity, unit)


_WRITTEN = r"[-+−]?[£$€]?[\d.,]*\d[\d.,]*\s*%?"  # one number as written, in a range
_RANGE = re.compile(
    rf"(?:between\s+)?(?P<low>{_WRITTEN})\s*(?:[-‒–—]|\bto\b|\band\b)\s*(?P<high>{_WRITTEN})", re.IGNORECASE
)


def parse_target(raw: str | Decimal | None) -> Target | None:
    """A rule's target: a number with an optional comparator, a range, or None for 'no target'."""
    if raw is None:
        return None
    if isinstance(raw, Decimal):
        return Target(raw, None, str(raw))
    text = raw.strip()
    if text.lower() in NO_TARGET_WORDS or not text:
        return None
    comparator = None
    match = _COMPARATOR.match(text)
    if match:
        comparator = _COMPARATORS[match.group(1)]
        text = text[match.end() :].strip()
    try:
        amount = parse_number(text).amount
    except UnreadableNumber:  # words, or a range: a number written in a refused way says why instead
        ranged = _RANGE.fullmatch(text)
        if ranged is not None and comparator is None:
            return _range(raw.strip(), ranged["low"], ranged["high"])
        if ranged is not None:
            raise ValueError(f"{quoted(raw)} has a comparator and a range; write one or the other") from None
        raise ValueError(
            f"cannot read {quoted(raw)} as a target; write a number with an optional comparator "
            "(e.g. 74, '>= 90%', '< 61%', '£28,434,000'), a range ('28% - 40%'), or 'n/a' for no target"
        ) from None
    return Target(amount, comparator, raw.strip())


def _range(text: str, low: str, high: str) -> Target:
    """'28% - 40%': green from the first number to the second, both included."""
    bottom, top = parse_number(low.strip()).amount, parse_number(high.strip()).amount
    if bottom >= top:
        raise ValueError(
            f"{quoted(text)} is a range whose first number is not below its second; write the lower edge first, "
            "e.g. '28% - 40%', or one number for a single target"
        )
    return Target(bottom, None, text, high=top)


def parse_tolerance(raw: str | Decimal, what: str = "the amber band") -> Tolerance:
    """A band's width (`what`: the amber band, or the green band): a number (absolute, in the measure's units)
    or 'N%' (of the target's magnitude)."""
    if isinstance(raw, Decimal):
        amount, relative, text = raw, False, str(raw)
    else:
        text = raw.strip()
        try:
            parsed = parse_number(text)
        except UnreadableNumber:
            raise ValueError(
                f"cannot read {quoted(raw)} as the width of {what}; write a number in the measure's units (e.g. 4) "
                "or a percentage of the target (e.g. '6%')"
            ) from None
        amount, relative = parsed.amount, parsed.percent
    if amount < 0:
        raise NegativeNumber(f"{quoted(text)} is negative; it is the width of {what}, 0 or more")
    return Tolerance(amount, relative, text)
