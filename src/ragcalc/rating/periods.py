"""Period labels as councils write them, turned into ordered periods of the UK financial year.

Months (`Apr-19`, `Apr 2019`, `April 2019`, `2019-04`, ISO dates), financial quarters (`Q1 2019/20`,
`2019/20 Q1`, `2019-20 Q1`, `Q1 19/20`; Q1 is April-June) and financial years (`2019/20`). Month-year
labels are never read as days (`Feb-19` is February 2019), and labels that could mean two things
(`2019 Q1`, `2011-12`) are refused with the way to write each meaning. Failures raise ValueError with a
message for the user; the loaders add file and line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


_PER_YEAR = {"month": 12, "quarter": 4, "year": 1}


class Granularity(Enum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    def __init__(self, word: str) -> None:
        self.per_year = _PER_YEAR[word]  # a plain attribute: read for every period of a history


class Period:
    """A period: its granularity and its position in time (months since year 0, FY quarters, FY years).

    Equal when granularity and position are; the label as written does not count. Ordered by time within
    one granularity (a measure's periods all share one). Immutable. A plain class, not a dataclass: loading
    dataclasses (and inspect with it) took 19 ms of every run that reads a period label.
    """

    __slots__ = ("granularity", "index", "label")
    granularity: Granularity
    index: int
    label: str

    def __init__(self, granularity: Granularity, index: int, label: str = "") -> None:
        object.__setattr__(self, "granularity", granularity)
        object.__setattr__(self, "index", index)
        object.__setattr__(self, "label", label)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Period cannot be changed (its {name})")

    def __reduce__(self) -> tuple[type[Period], tuple[Granularity, int, str]]:
        """Pickled as the call that makes it (a partitioned run sends ratings between processes)."""
        return Period, (self.granularity, self.index, self.label)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.granularity is other.granularity and self.index == other.index

    def __hash__(self) -> int:
        return hash((self.granularity, self.index))

    def __repr__(self) -> str:
        return f"Period({self.granularity}, {self.index}, {self.label!r})"

    def __lt__(self, other: Period) -> bool:
        return (self.granularity.per_year, self.index) < (other.granularity.per_year, other.index)

    @property
    def financial_year(self) -> int:
        """The calendar year in which this period's financial year starts (April)."""
        if self.granularity is Granularity.MONTH:
            year, month = divmod(self.index, 12)
            return year if month >= 3 else year - 1
        return self.index // self.granularity.per_year

    @property
    def position(self) -> int:
        """1-based position within the financial year: April is month 1, Q1 is April-June."""
        if self.granularity is Granularity.MONTH:
            return (self.index % 12 - 3) % 12 + 1
        return self.index % self.granularity.per_year + 1

    @property
    def first_month(self) -> int:
        """The index of the period's first month (months since year 0), which orders periods of any granularity."""
        if self.granularity is Granularity.MONTH:
            return self.index
        months = 12 // self.granularity.per_year
        return self.financial_year * 12 + 3 + (self.position - 1) * months

    @property
    def year_start(self) -> int:
        """The index of the first period of its financial year (April, Q1; a year's own)."""
        return self.index - self.position + 1

    def shifted(self, steps: int) -> Period:
        return Period(self.granularity, self.index + steps, "")

    def year_ago(self) -> Period:
        return self.shifted(-self.granularity.per_year)

    def __str__(self) -> str:
        return self.label or self.canonical

    @property
    def canonical(self) -> str:
        fy = f"{self.financial_year}/{(self.financial_year + 1) % 100:02d}"
        if self.granularity is Granularity.MONTH:
            year, month = divmod(self.index, 12)
            return f"{_MONTHS[month]}-{year % 100:02d}"
        if self.granularity is Granularity.QUARTER:
            return f"Q{self.position} {fy}"
        return fy


def consecutive(periods: Sequence[Period]) -> bool:
    """Whether periods of one granularity, in time order without repeats, are every period from the first to the
    last: then a period's place among them is its distance from the first."""
    return periods[-1].index - periods[0].index == len(periods) - 1


def month(year: int, number: int, label: str = "") -> Period:
    return Period(Granularity.MONTH, year * 12 + number - 1, label)


def quarter(financial_year: int, number: int, label: str = "") -> Period:
    return Period(Granularity.QUARTER, financial_year * 4 + number - 1, label)


def year(financial_year: int, label: str = "") -> Period:
    return Period(Granularity.YEAR, financial_year, label)


_FY = r"(?P<fy1>\d{4}|\d{2})\s*[/-]\s*(?P<fy2>\d{4}|\d{2})"
_QUARTER_FORMS = (
    re.compile(rf"^Q(?P<q>[1-4])\s*{_FY}$", re.I),  # Q1 2019/20, Q1 19/20
    re.compile(rf"^{_FY}\s*Q(?P<q>[1-4])$", re.I),  # 2019/20 Q1, 2019-20 Q1
)
_YEAR_FORM = re.compile(rf"^(?:FY\s*)?{_FY}$", re.I)
_MONTH_YEAR = re.compile(r"^(?P<name>[A-Za-z]{3,9})\.?[\s\-'/]*(?P<year>\d{4}|\d{2})$")
_ISO_MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ].*)?$")
_CALENDAR_QUARTER = re.compile(r"^(?:(?P<y1>\d{4})\s*Q(?P<q1>[1-4])|Q(?P<q2>[1-4])\s*(?P<y2>\d{4}))$", re.I)
_MONTH_RANGE = re.compile(r"^(?P<a>[A-Za-z]{3})\s*[-–]\s*(?P<b>[A-Za-z]{3})\s+(?P<year>\d{4})$")
HOW = (
    "write months as 'Apr-19', 'April 2019' or '2019-04', quarters as 'Q1 2019/20' (Q1 is April-June) "
    "and years as '2019/20'"
)


def _full_year(text: str) -> int:
    number = int(text)
    if len(text) == 4:
        return number
    return 2000 + number if number < 70 else 1900 + number  # two-digit years: 70-99 are the 1900s


def _financial_year(first: str, second: str, label: str) -> int:
    start = _full_year(first)
    if _full_year(second) % 100 != (start + 1) % 100 or (len(second) == 4 and _full_year(second) != start + 1):
        raise ValueError(f"'{label}' is not a financial year: the second year must follow the first (e.g. 2019/20)")
    return start


# the month names a label may use, any case: dateutil's own list (parserinfo.MONTHS), written here so that a
# month label does not load dateutil's parser (12 ms of start-up, for a table of twelve lines)
_MONTH_NAMES = {
    name.lower(): number
    for number, names in enumerate(
        (
            ("Jan", "January"),
            ("Feb", "February"),
            ("Mar", "March"),
            ("Apr", "April"),
            ("May",),
            ("Jun", "June"),
            ("Jul", "July"),
            ("Aug", "August"),
            ("Sep", "Sept", "September"),
            ("Oct", "October"),
            ("Nov", "November"),
            ("Dec", "December"),
        ),
        1,
    )
    for name in names
}


def _month_number(name: str) -> int | None:
    """January is 1; None for a word that is no month's name."""
    return _MONTH_NAMES.get(name.lower())


def parse(label: str) -> Period:
    """The period a label names; raise ValueError saying how to write it when it cannot be read."""
    if len(label) > 40:  # no label is this long: not matched at all, and cut short in the message
        raise ValueError(f"'{label[:30]}...' ({len(label):,} characters) is too long to be a period; {HOW}")
    text = " ".join(label.strip().split())
    for form in _QUARTER_FORMS:
        match = form.match(text)
        if match:
            return quarter(_financial_year(match["fy1"], match["fy2"], label), int(match["q"]), label)
    calendar = _CALENDAR_QUARTER.match(text)
    if calendar:
        number, when = calendar["q1"] or calendar["q2"], calendar["y1"] or calendar["y2"]
        raise ValueError(
            f"'{label}' could be the calendar quarter (Q{number} of {when}) or a financial quarter; write the "
            f"financial quarter as 'Q{number} {when}/{(int(when) + 1) % 100:02d}' or the calendar one as its months, "
            f"e.g. 'Jan-Mar {when}'"
        )
    iso_month = _ISO_MONTH.match(text)
    if iso_month:
        first, second = iso_month["year"], iso_month["month"]
        is_month = 1 <= int(second) <= 12
        is_year = int(second) == (int(first) + 1) % 100
        if is_month and is_year:
            raise ValueError(
                f"'{label}' could be {_MONTHS[int(second) - 1]} {first} or the financial year "
                f"{first}/{second}; write '{_MONTHS[int(second) - 1]}-{first[2:]}' or '{first}/{second}'"
            )
        if is_month:
            return month(int(first), int(second), label)
    year_form = _YEAR_FORM.match(text)
    if year_form:
        return year(_financial_year(year_form["fy1"], year_form["fy2"], label), label)
    month_range = _MONTH_RANGE.match(text)
    if month_range:
        first, last = _month_number(month_range["a"]), _month_number(month_range["b"])
        if first is not None and last is not None and first % 3 == 1 and last == first + 2:
            start = month(int(month_range["year"]), first)
            return quarter(start.financial_year, start.position // 3 + 1, label)
    month_year = _MONTH_YEAR.match(text)
    if month_year:
        number = _month_number(month_year["name"])
        if number is not None:
            return month(_full_year(month_year["year"]), number, label)
    if _ISO_DATE.match(text):
        try:
            from dateutil.parser import isoparse

            moment = isoparse(text)
        except ValueError:
            raise ValueError(f"'{label}' is not a real date; {HOW}") from None
        return month(moment.year, moment.month, label)
    raise ValueError(f"cannot read '{label}' as a period; {HOW}")
