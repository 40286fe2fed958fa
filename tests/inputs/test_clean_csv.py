"""The column-by-column reader of clean history CSVs agrees with the row reader, or steps aside (clean_csv.py)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ragcalc.errors import Collector, RagcalcError
from ragcalc.inputs import clean_csv, history
from ragcalc.rating.periods import parse
from tests.helpers import rule

RULES = [
    rule(id="M1"),
    rule(id="M2", unit="count", polarity="lower"),
    rule(id="P1", kind="project", polarity=None, target=None),
]
BY_ID = {r.id: r for r in RULES}


def dump(loaded) -> list:
    """Everything a history holds, label as written included (Period equality ignores it)."""
    return [
        (
            s.area,
            s.id,
            [
                (p.period.granularity, p.period.index, p.period.label, p.value, p.target, p.note, p.line)
                for p in s.points
            ],
        )
        for s in loaded.series
    ]


def read(tmp_path, text: str, *, columns: bool):
    """The history and its errors, read with or without the column reader."""
    path = tmp_path / "h.csv"
    path.write_text(text, encoding="utf-8")
    collector = Collector()
    real = clean_csv.read
    try:
        if not columns:
            clean_csv.read = lambda *args: None  # type: ignore[assignment]
        try:
            loaded = history.load_history(str(path), RULES, collector)
            collector.raise_errors()
        except RagcalcError as exc:
            return None, [str(f) for f in exc.findings]
    finally:
        clean_csv.read = real
    return dump(loaded), []


CLEAN = "id,period,value\nM1,Q2 2022/23,70.5%\nM1,Q1 2022/23,69%\nM2,Apr-22,12\nM2,May-22,-3\n"


AREAS = "area,id,period,value\nLeeds,M1,Q1 2022/23,69%\nYork,M1,Q1 2022/23,70%\nLeeds,M1,Q2 2022/23,71%\n"


def test_a_clean_file_of_areas_is_read_by_columns_the_same_as_by_rows(tmp_path):
    assert clean_csv.read(AREAS, BY_ID, parse, {}) is not None
    by_columns, by_rows = read(tmp_path, AREAS, columns=True), read(tmp_path, AREAS, columns=False)
    assert by_columns == by_rows
    assert [(area, measure) for area, measure, _ in by_columns[0]] == [("Leeds", "M1"), ("York", "M1")]


def test_a_clean_file_is_read_by_columns():
    assert clean_csv.read(CLEAN, BY_ID, parse, {}) is not None


def test_a_clean_file_reads_the_same_either_way(tmp_path):
    assert read(tmp_path, CLEAN, columns=True) == read(tmp_path, CLEAN, columns=False)


def test_windows_line_ends_are_read_by_columns_too(tmp_path):
    windows = CLEAN.replace("\n", "\r\n")
    assert clean_csv.read(windows, BY_ID, parse, {}) is not None
    assert read(tmp_path, windows, columns=True) == read(tmp_path, CLEAN, columns=False)


@pytest.mark.parametrize(
    ("why", "text"),
    [
        ("quoted value", 'id,period,value\nM2,Apr-22,"1,200"\n'),
        ("a carriage return alone", "id,period,value\rM2,Apr-22,12\r"),
        ("a target column", "id,period,value,target\nM2,Apr-22,12,10\n"),
        ("a blank row", "id,period,value\nM2,Apr-22,12\n\nM2,May-22,13\n"),
        ("a long row and a short one", "id,period,value\nM2,Apr-22,12,1\nM2,May-22\n"),
        ("a padded cell", "id,period,value\nM2, Apr-22,12\n"),
        ("an unknown id", "id,period,value\nM9,Apr-22,12\n"),
        ("a hand-rated item", "id,period,value\nP1,Apr-22,12\n"),
        ("a bad label", "id,period,value\nM2,Apr-2x,12\n"),
        ("no value", "id,period,value\nM2,Apr-22,n/a\n"),
        ("a % on a count", "id,period,value\nM2,Apr-22,12%\n"),
        ("a period twice", "id,period,value\nM2,Apr-22,12\nM2,April 2022,13\n"),
        ("months and quarters", "id,period,value\nM2,Apr-22,12\nM2,Q2 2022/23,13\n"),
        ("an empty area", "area,id,period,value\n,M2,Apr-22,12\n"),
        ("an area with accents", "area,id,period,value\nSainte-Cécile,M2,Apr-22,12\n"),
        ("a period twice in one area", "area,id,period,value\nLeeds,M2,Apr-22,12\nLeeds,M2,Apr-22,13\n"),
    ],
)
def test_anything_unusual_is_left_to_the_row_reader(why, text):
    assert clean_csv.read(text, BY_ID, parse, {}) is None, why


cells = st.sampled_from(["M1", "M2", "M9", "P1", "", "Apr-22", "May-22", "Q1 2022/23", "x", "12", "70%", "n/a", " 5"])
labels = st.sampled_from(["Apr-22", "May-22", "Jun-22", "Q1 2022/23", "Q2 2022/23", "2022/23", "Apr 2022", "Q5"])
values = st.sampled_from(["12", "-3", "69.8%", "0", "007", "1.50", "n/a", "1,200", "£5", "12%"])
rows = st.one_of(
    st.tuples(st.sampled_from(["M1", "M2", "M9", "P1"]), labels, values).map(",".join),
    st.lists(cells, min_size=1, max_size=4).map(",".join),
)


@pytest.mark.slow
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["id,period,value", "period,value,id", "id,period,value,name"]), st.lists(rows, max_size=8))
def test_columns_and_rows_agree_on_any_file(tmp_path, header, body):
    text = "\n".join([header, *body]) + "\n"
    by_columns, by_rows = read(tmp_path, text, columns=True), read(tmp_path, text, columns=False)
    assert by_columns == by_rows


clean_values = st.sampled_from(["12", "-3", "69.8%", "0", "007", "1.50"])
quarters = st.dictionaries(st.sampled_from(["Q1 2022/23", "Q2 2022/23", "Q3 2022/23", "Q4 2021/22"]), clean_values)
months = st.dictionaries(
    st.sampled_from(["Apr-22", "May-22", "Jun-22", "Mar-23"]), st.sampled_from(["12", "-3", "0.5"])
)


@pytest.mark.slow
@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quarters, months, st.randoms(), st.sampled_from([(), ("Leeds",), ("Leeds", "York")]))
def test_clean_files_are_read_by_columns_exactly_as_by_rows(tmp_path, m1, m2, random, areas):
    rows = [f"M1,{label},{value}" for label, value in m1.items()]
    rows += [f"M2,{label},{value}" for label, value in m2.items()]
    body = [f"{area},{row}" for area in areas for row in rows] if areas else rows
    random.shuffle(body)
    text = "\n".join(["area,id,period,value" if areas else "id,period,value", *body]) + "\n"
    if body:
        assert clean_csv.read(text, BY_ID, parse, {}) is not None
    assert read(tmp_path, text, columns=True) == read(tmp_path, text, columns=False)


SORTED = "id,period,value\nM1,Q1 2022/23,69%\nM1,Q2 2022/23,70.5%\nM2,Apr-22,12\nM2,Jun-22,-3\nM2,Jul-22,4\n"


def test_rows_grouped_by_measure_in_time_order_read_the_same_either_way(tmp_path):
    assert clean_csv.read(SORTED, BY_ID, parse, {}) is not None
    assert read(tmp_path, SORTED, columns=True) == read(tmp_path, SORTED, columns=False)


def test_a_repeated_period_inside_a_group_is_left_to_the_row_reader():
    assert clean_csv.read(SORTED + "M2,Jul-22,5\n", BY_ID, parse, {}) is None


def test_series_find_periods_with_and_without_gaps(tmp_path):
    history_ = read(tmp_path, SORTED, columns=True)[0]
    assert [(label, line) for _, _, label, _, _, _, line in history_[1][2]] == [
        ("Apr-22", 4),
        ("Jun-22", 5),
        ("Jul-22", 6),
    ]
    path = tmp_path / "h.csv"
    loaded = history.load_history(str(path), RULES, Collector())
    m2 = loaded.series[1]
    assert m2.at(parse("Jun-22")).value.text == "-3"  # after the gap: found through the index
    assert m2.at(parse("May-22")) is None
    assert m2.at(parse("Mar-22")) is None
    assert m2.at(parse("Aug-22")) is None
    assert m2.at(parse("Q1 2022/23")) is None  # another granularity
    assert m2.earlier(1) == [None, None, 1]  # Jul-22's period before is Jun-22, the second point; May-22 is missing
    assert m2.point(m2.earlier(1)[2]).value.text == "-3"
    m1 = loaded.series[0]
    assert m1.earlier(1) == [None, 0]  # no gaps: by position
    assert m1.earlier(4) == [None, None]
