"""Period labels: every form councils write, ordering, previous and year-ago, and the ambiguous ones (periods.py)."""

from __future__ import annotations

import re

import pytest

from ragcalc.rating.periods import Granularity, consecutive, month, parse, quarter, year


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Apr-19", month(2019, 4)),
        ("Feb-19", month(2019, 2)),
        ("apr-19", month(2019, 4)),
        ("Apr 2019", month(2019, 4)),
        ("April 2019", month(2019, 4)),
        ("Sept 2019", month(2019, 9)),
        ("Sep-2019", month(2019, 9)),
        ("2019-04", month(2019, 4)),
        ("2019-04-01", month(2019, 4)),
        ("2019-04-30", month(2019, 4)),
        ("Dec-99", month(1999, 12)),
        ("Jan-00", month(2000, 1)),
    ],
)
def test_month_labels(label, expected):
    assert parse(label) == expected
    assert parse(label).granularity is Granularity.MONTH


def test_month_year_labels_are_never_read_as_days():
    assert parse("Feb-19") == month(2019, 2)  # not the 19th of February
    assert parse("Mar 12") == month(2012, 3)


@pytest.mark.parametrize(
    "label", ["Q1 2019/20", "2019/20 Q1", "2019-20 Q1", "Q1 19/20", "q1 2019-20", "Q1 2019/2020", "Apr-Jun 2019"]
)
def test_financial_quarter_labels(label):
    assert parse(label) == quarter(2019, 1)


@pytest.mark.parametrize(
    ("label", "expected"),
    [("Q4 2019/20", quarter(2019, 4)), ("Jan-Mar 2020", quarter(2019, 4)), ("Oct-Dec 2019", quarter(2019, 3))],
)
def test_quarter_four_is_january_to_march(label, expected):
    assert parse(label) == expected


@pytest.mark.parametrize("label", ["2019/20", "2019-20", "19/20", "FY 2019/20", "2019/2020"])
def test_financial_year_labels(label):
    assert parse(label) == year(2019)


@pytest.mark.parametrize(
    ("label", "message"),
    [
        (
            "2019 Q1",
            "could be the calendar quarter (Q1 of 2019) or a financial quarter; write the financial quarter as "
            "'Q1 2019/20' or the calendar one as its months, e.g. 'Jan-Mar 2019'",
        ),
        ("Q3 2021", "could be the calendar quarter (Q3 of 2021)"),
        ("2011-12", "could be Dec 2011 or the financial year 2011/12; write 'Dec-11' or '2011/12'"),
        ("2019/21", "is not a financial year: the second year must follow the first"),
        ("Q5 2019/20", "cannot read 'Q5 2019/20' as a period"),
        ("Smarch 2019", "cannot read 'Smarch 2019' as a period"),
        ("2019-02-30", "is not a real date"),
        ("last quarter", "cannot read"),
    ],
)
def test_unreadable_or_ambiguous_labels_say_how_to_write_them(label, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse(label)


def test_periods_order_by_time_not_by_text():
    labels = ["Jan-20", "Apr-19", "Dec-19", "Mar-20", "May-19"]
    assert [str(p) for p in sorted(parse(label) for label in labels)] == [
        "Apr-19",
        "May-19",
        "Dec-19",
        "Jan-20",
        "Mar-20",
    ]


def test_previous_and_year_ago():
    assert parse("Apr-19").shifted(-1) == month(2019, 3)
    assert parse("Q1 2019/20").shifted(-1) == quarter(2018, 4)
    assert parse("Q1 2019/20").year_ago() == quarter(2018, 1)
    assert parse("Jan-20").year_ago() == month(2019, 1)
    assert parse("2019/20").year_ago() == year(2018)


@pytest.mark.parametrize(
    ("label", "financial_year", "position"),
    [
        ("Apr-19", 2019, 1),
        ("Dec-19", 2019, 9),
        ("Jan-20", 2019, 10),
        ("Mar-20", 2019, 12),
        ("Q1 2019/20", 2019, 1),
        ("Q4 2019/20", 2019, 4),
        ("2019/20", 2019, 1),
    ],
)
def test_position_in_the_financial_year(label, financial_year, position):
    period = parse(label)
    assert (period.financial_year, period.position) == (financial_year, position)


@pytest.mark.parametrize(("label", "first"), [("Jan-20", "Apr-19"), ("Apr-19", "Apr-19"), ("Q3 2019/20", "Q1 2019/20"),
                                            ("2019/20", "2019/20")])  # fmt: skip
def test_a_period_s_year_starts_at_its_financial_year_s_first_period(label, first):
    assert parse(label).year_start == parse(first).index


@pytest.mark.parametrize(
    ("labels", "every"),
    [(("Apr-19",), True), (("Dec-19", "Jan-20", "Feb-20"), True), (("Dec-19", "Feb-20"), False),
     (("Q4 2018/19", "Q1 2019/20"), True), (("Q1 2019/20", "Q3 2019/20", "Q4 2019/20"), False)],
)  # fmt: skip
def test_consecutive_periods_are_every_period_from_the_first_to_the_last(labels, every):
    assert consecutive([parse(label) for label in labels]) is every


def test_the_label_is_kept_as_written_but_does_not_change_equality():
    assert str(parse("April 2019")) == "April 2019"
    assert parse("April 2019") == parse("Apr-19")


def test_periods_of_different_granularity_are_never_equal():
    from ragcalc.rating.periods import Period

    assert Period(Granularity.MONTH, 8076) != Period(Granularity.QUARTER, 8076)
    assert len({Period(Granularity.MONTH, 8076), Period(Granularity.QUARTER, 8076)}) == 2


def test_canonical_labels():
    assert [month(2019, 4).canonical, quarter(2019, 1).canonical, year(2019).canonical] == [
        "Apr-19",
        "Q1 2019/20",
        "2019/20",
    ]


def test_the_month_names_read_are_dateutils_own():
    """The table of month names stands in for dateutil's parser (not loaded for a label): the same names."""
    from dateutil.parser import parserinfo

    from ragcalc.rating.periods import _month_number

    info = parserinfo()
    for number, names in enumerate(info.MONTHS, 1):
        for name in names:
            assert _month_number(name) == _month_number(name.upper()) == info.month(name) == number
    assert _month_number("Mai") is None
