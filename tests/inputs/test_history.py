"""Loading history files: CSV and YAML forms, ordering, duplicates, mixed periods, detection (history.py)."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from ragcalc.errors import Collector
from ragcalc.inputs.detect import kind_of, looks_like_history
from ragcalc.inputs.files import read_text
from ragcalc.inputs.history import load_history
from ragcalc.rating.periods import month, quarter
from tests.helpers import error_lines, loaded, rule

RULES = [rule(id="CF201"), rule(id="VS101"), rule(id="P01", kind="project", polarity=None, target=None)]


def write(tmp_path, text: str, name: str = "h.csv") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return str(path)


def load(path: str):
    return loaded(lambda p, c: load_history(p, RULES, c), path)[0]


def errors(path: str) -> list[str]:
    return error_lines(lambda p, c: load_history(p, RULES, c), path, "H")


def series(history) -> dict:
    return {s.id: [(p.period, p.value.amount if p.value else None) for p in s.points] for s in history.series}


def test_csv_rows_in_any_order_are_ordered_by_time(tmp_path):
    history = load(
        write(
            tmp_path,
            """
        Period,ID,Value
        Jun-22,CF201,87.9%
        Apr-22,CF201,84.0%
        May-22,CF201,85.5%
        Q1 2022/23,VS101,68.5%
        Q4 2021/22,VS101,68.1%
    """,
        )
    )
    assert series(history) == {
        "CF201": [
            (month(2022, 4), Decimal("84.0")),
            (month(2022, 5), Decimal("85.5")),
            (month(2022, 6), Decimal("87.9")),
        ],
        "VS101": [(quarter(2021, 4), Decimal("68.1")), (quarter(2022, 1), Decimal("68.5"))],
    }


def test_labels_are_kept_as_written(tmp_path):
    history = load(write(tmp_path, "id,period,value\nCF201,April 2022,84%\n"))
    assert history.series[0].points[0].period.label == "April 2022"


def test_yaml_mapping_and_list_forms_match_the_csv(tmp_path):
    csv_history = load(write(tmp_path, "id,period,value,target\nCF201,Apr-23,12%,\nCF201,May-23,15%,80\n"))
    mapping = load(write(tmp_path, 'measures:\n  CF201: {"Apr-23": 12%, "May-23": 15%}\n', "a.yaml"))
    listing = load(
        write(
            tmp_path,
            """
        measures:
          CF201:
            - {period: Apr-23, value: 12%}
            - {period: May-23, value: 15%, target: 80}
    """,
            "b.yaml",
        )
    )
    assert series(csv_history) == series(mapping) == series(listing)
    assert csv_history.series[0].points[1].target.amount == listing.series[0].points[1].target.amount == 80


def test_a_target_column_overrides_the_rule_for_that_period(tmp_path):
    history = load(write(tmp_path, "id,period,value,target\nCF201,Apr-23,12%,>= 80%\n"))
    target = history.series[0].points[0].target
    assert (target.amount, target.comparator.value) == (80, ">=")


def test_duplicate_period_names_both_lines(tmp_path):
    path = write(tmp_path, "id,period,value\nCF201,Apr-22,1%\nCF201,May-22,2%\nCF201,April 2022,3%\n")
    assert errors(path) == ["H:4: measure CF201: period 'April 2022' appears twice (first at line 2); keep one"]


def test_one_measure_may_not_mix_months_and_quarters(tmp_path):
    path = write(tmp_path, "id,period,value\nCF201,Apr-22,1%\nCF201,Q1 2022/23,2%\n")
    assert errors(path) == [
        "H:3: measure CF201: mixes quarters and months ('Q1 2022/23' here, 'Apr-22' at line 2); "
        "keep one kind of period per measure"
    ]


def test_different_measures_may_use_different_periods(tmp_path):
    assert len(load(write(tmp_path, "id,period,value\nCF201,Apr-22,1%\nVS101,Q1 2022/23,2%\n")).series) == 2


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("CF201,2019 Q1,1%", "H:2: measure CF201: period: '2019 Q1' could be the calendar quarter"),
        ("CF201,Smarch-22,1%", "H:2: measure CF201: period: cannot read 'Smarch-22' as a period"),
        ("CF201,Apr-22,lots", "H:2: measure CF201: value: cannot read 'lots' as a number"),
        ("CF2O1,Apr-22,1%", "H:2: measure CF2O1: no rule defines this id (did you mean 'CF201'?)"),
        ("P01,Apr-22,1", "H:2: measure P01: is a hand-rated item (kind: project); history files hold measured values"),
        ("CF201,,1%", "H:2: measure CF201: row has no period"),
    ],
)
def test_bad_rows_name_file_line_and_measure(tmp_path, row, expected):
    [message] = errors(write(tmp_path, f"id,period,value\n{row}\n"))
    assert message.startswith(expected), message


def test_an_unknown_id_is_reported_once_not_per_row(tmp_path):
    assert len(errors(write(tmp_path, "id,period,value\nXX,Apr-22,1\nXX,May-22,2\n"))) == 1


@pytest.mark.parametrize(
    ("name", "text", "history"),
    [
        ("h.csv", "id,period,value\nA,Apr-22,1\n", True),
        ("q.csv", "id,value,previous\nA,1,2\n", False),
        ("q.csv", "id,period,value,previous\nA,Q4,1,2\n", False),
        ("h.yaml", "measures:\n  A: {Apr-22: 1, May-22: 2}\n", True),
        ("h.yaml", "measures:\n  A:\n    - {period: Apr-22, value: 1}\n", True),
        ("q.yaml", "period: Q4\nmeasures:\n  A: {value: 1, previous: 2}\n", False),
        ("q.yaml", "measures:\n  A: 5\n", False),
        ("h.yaml", "measures:\n  C1:\n    Jan-23: 625\n    Feb-23: 630\n", True),  # block style
        ("q.yaml", "# a quarter\nperiod: Q4\nmeasures:\n  A:\n    value: 1\n    previous: 2\n", False),
        ("q.csv", "id,period,previous_period,value\nA,Q4,Q3,1\n", False),
        ("q.csv", "sep=,\nid,period,value,note\nA,Apr-22,1,x\n", True),
    ],
)
def test_history_files_are_told_from_quarter_files(tmp_path, name, text, history):
    path = write(tmp_path, text, name)
    assert looks_like_history(path, read_text(path)) is history


def test_a_profile_must_have_one_fraction_per_period_of_the_year(tmp_path):

    rules = [rule(id="CF201", unit="count")._replace(cumulative=True, profile=(Decimal("0.5"), Decimal(1)))]
    collector = Collector()
    load_history(write(tmp_path, "id,period,value\nCF201,Q1 2022/23,1\n"), rules, collector)
    [error] = collector.errors
    assert error.message.startswith("profile has 2 fractions but")
    assert error.message.endswith("gives quarterly values (4 a year); give one fraction per quarter")


def test_the_kind_of_file_comes_with_its_reason(tmp_path):
    path = write(tmp_path, "measures:\n  C1:\n    Jan-23: 625\n", "h.yaml")
    assert kind_of(path, read_text(path)) == (True, "its first measure, C1, maps periods (such as 'Jan-23') to values")
    path = write(tmp_path, "id,period,previous,value\nA,Q4,1,2\n", "q.csv")
    assert kind_of(path, read_text(path)) == (False, "it has a 'previous' column, which only a quarter file has")


def test_a_csv_s_header_is_its_first_line_with_something_in_it_but_excel_s_sep_line(tmp_path):
    path = write(tmp_path, "\n  \nsep=,\nid,period,value\nA,Q4 2022/23,2\n", "h.csv")
    assert kind_of(path, read_text(path)).history
    path = write(tmp_path, "\n\nid,value\nA,2", "q.csv")
    assert kind_of(path, read_text(path)) == (False, "it has no 'period' column")
