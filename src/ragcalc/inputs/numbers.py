"""Reading numbers, targets and tolerances as people write them in scorecards, exactly.

`69.8%`, `"28,553"`, `£2,000,000`, `−4` (unicode minus), `>= 90%` all become `Decimal`s built from
the digits as written. Failures raise `ValueError` with a message meant for the user; the loaders add
the file, line and measure.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ragcalc.rating.model import Comparator, Quantity, Target, Tolerance, Unit

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


HOW_TO_WRITE = "write a number such as 69.8, 69.8%, 28,553 or £2,000,000"


class Parsed:
    """The pieces of one written number."""

    __slots__ = ("amount", "currency", "percent")

    def __init__(self, amount: Decimal, percent: bool, currency: str) -> None:
        self.amount = amount
        self.percent = percent
        self.currency = currency


def normalise(text: str) -> str:
    """Fold the unicode minus and dashes to '-' and drop every kind of space."""
    for dash in _MINUSES:
        text = text.replace(dash, "-")
    return _SPACES.sub("", text)


def parse_number(text: str) -> Parsed:
    """Parse `text` as a written number; raise ValueError saying what is wrong."""
    compact = normalise(text)
    match = _NUMBER.match(compact) or _BARE_FRACTION.match(compact)
    if match is None:
        raise ValueError(_explain(text, compact))
    groups = match.groupdict()
    if groups["sign"] and groups["sign2"]:
        raise ValueError(f"'{text}' has two signs; {HOW_TO_WRITE}")
    digits = (groups.get("digits") or "0").replace(",", "")
    amount = Decimal(digits + (groups["fraction"] or ""))
    if "-" in (groups["sign"], groups["sign2"]):
        amount = -amount
    return Parsed(amount, bool(groups["pct"]), groups["cur1"])


def _explain(text: str, compact: str) -> str:
    if re.fullmatch(r"[-+]?[£$€]?\d+,\d{1,2}%?", compact):
        return (
            f"'{text}' looks like a decimal comma; write a point for decimals (e.g. 69.8) "
            "and commas only between thousands"
        )
    if re.fullmatch(r"[-+]?[£$€]?[\d,]+(\.\d+)?%?", compact):
        return f"'{text}' has thousands separators in the wrong places; {HOW_TO_WRITE}"
    if re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+%?", compact):
        return (
            f"'{text}' is in scientific notation (as Excel shows very large or small numbers); "
            "write the number out in full, e.g. 0.000012 or 2500000"
        )
    if _non_finite(compact):
        return f"'{text}' is not a finite number; {HOW_TO_WRITE}, or n/a for no value"
    return f"cannot read '{text}' as a number; {HOW_TO_WRITE}, or n/a for no value"


def _non_finite(text: str) -> bool:
    return text.lower().lstrip("+-").lstrip(".") in {"nan", "inf", "infinity"}


# 69.8 or 69.8%: most values councils write; read without the general parser (number, then the % sign)
PLAIN_VALUE = re.compile(r"(-?\d+(?:\.\d+)?)(%?)")
_DECIMAL = re.compile(r"[-+]?\d+(?:\.\d*)?").fullmatch  # 57, -3, 69.8: read at once, as most are


def decimal_from_yaml(text: str) -> Decimal:
    """The exact Decimal of a YAML int or float scalar, from its written text (never via float)."""
    if _DECIMAL(text):
        return Decimal(text)
    clean = text.replace("_", "")
    if _non_finite(clean):
        raise ValueError(f"'{text}' is not a finite number; {HOW_TO_WRITE}, or n/a for no value")
    try:
        value = Decimal(clean)
    except InvalidOperation:
        try:
            value = Decimal(int(clean, 0))
        except ValueError:
            raise ValueError(f"cannot read '{text}' as a number; {HOW_TO_WRITE}") from None
    if not value.is_finite():
        raise ValueError(f"'{text}' is not a finite number; {HOW_TO_WRITE}, or n/a for no value")
    return value


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
        f"{key}: '{raw}' has a % sign but the measure's unit is {unit.word}; "
        "set 'unit: percent' in the rules or drop the %"
    )


def parse_target(raw: str | Decimal | None) -> Target | None:
    """A rule's target: a number with an optional comparator, or None for 'no target'."""
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
    except ValueError:
        if re.search(r"\d\s*%?\s*[-–—]|\bto\b", raw) and len(re.findall(r"\d+", raw)) >= 2:
            raise ValueError(
                f"'{raw}' looks like a range; ragcalc rates against one target: write '>= 28%' "
                "and use tolerance for the amber band"
            ) from None
        raise ValueError(
            f"cannot read '{raw}' as a target; write a number with an optional comparator "
            "(e.g. 74, '>= 90%', '< 61%', '£28,434,000'), or 'n/a' for no target"
        ) from None
    return Target(amount, comparator, raw.strip())


def parse_tolerance(raw: str | Decimal) -> Tolerance:
    """An amber band: a number (absolute, in the measure's units) or 'N%' (of the target's magnitude)."""
    if isinstance(raw, Decimal):
        amount, relative, text = raw, False, str(raw)
    else:
        text = raw.strip()
        try:
            parsed = parse_number(text)
        except ValueError:
            raise ValueError(
                f"cannot read '{raw}' as a tolerance; write a number in the measure's units (e.g. 4) "
                "or a percentage of the target (e.g. '6%')"
            ) from None
        amount, relative = parsed.amount, parsed.percent
    if amount < 0:
        raise NegativeNumber(f"'{text}' is negative; a tolerance is the width of the amber band, 0 or more")
    return Tolerance(amount, relative, text)
