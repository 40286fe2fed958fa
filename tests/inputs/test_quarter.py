"""Loading quarter files, YAML and CSV, against the rules (quarter.py)."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from ragcalc.errors import InputError
from ragcalc.inputs.quarter import load_quarter
from ragcalc.rating.vocabulary import Direction, Rag
from tests.helpers import error_lines, loaded, rule

RULES = [
    rule(id="VS101"),
    rule(id="VS206", unit="count"),
    rule(id="VS401", unit="currency"),
    rule(id="VS500"),
    rule(id="P01", kind="project", polarity=None, target=None),
]


def write(tmp_path, text: str, name: str = "q.yaml", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding=encoding)
    return str(path)


def load(path: str):
    return loaded(lambda p, c: load_quarter(p, RULES, c), path)


def errors(path: str) -> list[str]:
    return error_lines(lambda p, c: load_quarter(p, RULES, c), path, "Q")


YAML = """
    period: 2022/23 Q4
    previous_period: 2022/23 Q3
    measures:
      VS101: {value: 69.8%, previous: 69.2%, published_rag: Amber, published_direction: static}
      VS206: {value: "28,553", previous: "9,879"}
      VS401: {value: "£2,000,000", previous: "£150,000"}
      VS500: {value: n/a}
      P01: {rag: A, previous_rag: green, note: Delayed by planning}
"""
CSV = """
    ID,Value,Previous,Rag,Previous_Rag,published_rag,published_direction,Note,period
    VS101,69.8%,69.2%,,,Amber,static,,2022/23 Q4
    VS206,"28,553","9,879",,,,,,2022/23 Q4
    VS401,"£2,000,000","£150,000",,,,,,2022/23 Q4
    VS500,n/a,,,,,,,2022/23 Q4
    P01,,,A,green,,,Delayed by planning,2022/23 Q4
"""


def summary(quarter) -> dict:
    return {
        r.id: (
            r.value.amount if r.value else None,
            r.previous.amount if r.previous else None,
            r.rag,
            r.previous_rag,
            r.published.rag,
            r.published.direction,
            r.note,
        )
        for r in quarter.readings
    }


def test_yaml_and_csv_give_the_same_readings(tmp_path):
    from_yaml, _ = load(write(tmp_path, YAML))
    from_csv, _ = load(write(tmp_path, CSV, "q.csv"))
    assert summary(from_yaml) == summary(from_csv)
    assert summary(from_yaml)["VS101"] == (
        Decimal("69.8"),
        Decimal("69.2"),
        None,
        None,
        Rag.AMBER,
        Direction.STATIC,
        None,
    )
    assert summary(from_yaml)["VS206"][:2] == (28553, 9879)
    assert summary(from_yaml)["P01"][2:4] == (Rag.AMBER, Rag.GREEN)
    assert (from_yaml.period, from_yaml.previous_period) == ("2022/23 Q4", "2022/23 Q3")
    assert from_csv.period == "2022/23 Q4"


def test_csv_with_bom_any_column_order_and_trailing_blank_rows(tmp_path):
    path = tmp_path / "q.csv"
    path.write_bytes(b"\xef\xbb\xbfPrevious,ID,value\r\n69.2%,VS101,69.8%\r\n,,\r\n\r\n")
    quarter, _ = load(str(path))
    assert summary(quarter)["VS101"][:2] == (Decimal("69.8"), Decimal("69.2"))


def test_excel_sep_line_is_skipped(tmp_path):
    quarter, _ = load(write(tmp_path, "sep=,\nid,value\nVS101,5%\n", "q.csv"))
    assert summary(quarter)["VS101"][0] == 5


def test_shorthand_is_value_only_and_for_projects_the_rag(tmp_path):
    quarter, _ = load(write(tmp_path, "measures:\n  VS206: 12.5\n  P01: red\n"))
    assert summary(quarter)["VS206"][:2] == (Decimal("12.5"), None)
    assert summary(quarter)["P01"][2] is Rag.RED


def test_unknown_id_is_an_error_with_did_you_mean(tmp_path):
    path = write(tmp_path, "measures:\n  VS10l: 5%\n")
    assert errors(path) == [
        "Q:2: measure VS10l: no rule defines this id (did you mean 'VS101'?); "
        "fix the id or add the measure to the rules"
    ]


def test_unknown_csv_id_is_an_error_on_its_row(tmp_path):
    path = write(tmp_path, "id,value\nVS101,5%\nXX1,4\n", "q.csv")
    assert errors(path)[0].startswith("Q:3: measure XX1: no rule defines this id")


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            "VS101: {value: ninety}",
            "Q:2: measure VS101: value: cannot read 'ninety' as a number; write a number such as 69.8, 69.8%, 28,553 "
            "or £2,000,000, or n/a for no value",
        ),
        (
            "VS101: {value: 5%, valu: 4}",
            "Q:2: measure VS101: unknown key 'valu' (did you mean 'value'?); an entry "
            "holds value, previous, target, lower_ci, upper_ci, numerator, denominator, predicted_value, "
            "year_ago, rag, previous_rag, direction, published_rag, published_direction, published_direction_year_ago, "
            "predicted_rag, note",
        ),
        (
            "VS101: {value: 5%, rag: green}",
            "Q:2: measure VS101: rag: only hand-rated items (kind: project) take 'rag'; VS101 is rated from its value "
            "(the rating a report publishes is published_rag; an export's RAG column maps to it: input: columns: "
            "{RAG: published_rag})",
        ),
        (
            "P01: {value: 5}",
            "Q:2: measure P01: value: P01 is a hand-rated item (kind: project); "
            "give 'rag:' (and 'previous_rag:'), not a value",
        ),
        (
            "P01: {rag: purple}",
            "Q:2: measure P01: rag: 'purple' is not a RAG rating; write one of amber, blue, green, red",
        ),
        (
            "VS206: {value: 12%}",
            "Q:2: measure VS206: value: '12%' has a % sign but the measure's unit is count; "
            "set 'unit: percent' in the rules or drop the %",
        ),
        ("VS101: {value: [1, 2]}", "Q:2: measure VS101: value: expected a number or text, got a list"),
        ("VS101: [1, 2]", "Q:2: measure VS101: expected {value: ..., previous: ...} or a single value, got a list"),
        (
            "VS101: {value: .inf}",
            "Q:2: measure VS101: value: '.inf' is not a finite number; write a number such as "
            "69.8, 69.8%, 28,553 or £2,000,000, or n/a for no value",
        ),
    ],
)
def test_bad_entries_are_reported_with_line_and_id(tmp_path, entry, expected):
    assert errors(write(tmp_path, f"measures:\n  {entry}\n")) == [expected]


def test_two_entries_for_one_measure_is_an_error_not_a_silent_overwrite(tmp_path):
    path = write(tmp_path, "measures:\n  VS101: 5%\n  VS206: 1\n  VS101: 6%\n")
    assert errors(path) == ["Q:4: duplicate key 'VS101' (first at line 2); keep one, or the other is lost"]


def test_two_csv_rows_for_one_measure_name_both_lines(tmp_path):
    path = write(tmp_path, "id,value\nVS101,5%\nVS101,6%\n", "q.csv")
    assert errors(path) == ["Q:3: measure VS101: duplicate id (first at line 2); keep one row per measure"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "id,value\nVS101,5%,7\n",
            "Q:2: measure VS101: has 3 cells but the header has 2; check for a stray or missing comma "
            "(quote values that contain commas)",
        ),
        (
            "id,value,period\nVS101,5%,Q3\nVS206,4,Q4\n",
            "Q:3: period: rows give 'Q3' (line 2) and 'Q4' (line 3); a quarter file holds one period",
        ),
    ],
)
def test_bad_csv_rows(tmp_path, text, expected):
    assert errors(write(tmp_path, text, "q.csv")) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id;value\nVS101;5\n", "looks semicolon-separated"),
        ("id,valeu\nVS101,5\n", "unknown column 'valeu' (did you mean 'value'?)"),
        ("value,previous\n5,4\n", "has no 'id' column"),
        ("\n\n", "is empty; it needs a header row such as .id,value,previous."),
    ],
)
def test_bad_csv_headers(tmp_path, text, expected):
    with pytest.raises(InputError, match=expected.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        load(write(tmp_path, text, "q.csv"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Q: is empty; a quarter file needs 'measures:'"),
        ("period: Q4\nmesures: {}\n", "Q:2: unknown key 'mesures' (did you mean 'measures'?)"),
        ("period: Q4\n", "Q:1: 'measures:' must be a mapping of id: {value: ..., previous: ...}"),
    ],
)
def test_bad_quarter_yaml_structure(tmp_path, text, expected):
    found = errors(write(tmp_path, text))
    assert any(m.startswith(expected) for m in found), found


def test_empty_yaml_quarter_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="is empty"):
        load(write(tmp_path, "# nothing yet\n"))


def test_unrecognised_published_words_are_warnings_not_errors(tmp_path):
    quarter, warnings = load(write(tmp_path, "measures:\n  VS101: {value: 5%, published_rag: greenish}\n"))
    assert summary(quarter)["VS101"][4] is None
    assert [str(w).split(": ", 1)[1] for w in warnings] == [
        "measure VS101: published_rag: 'greenish' is not a RAG rating; write one of amber, amber/green, "
        "amber/red, blue, exceeded, green, red, not rated; ignored"
    ]


def test_unknown_file_type_is_refused(tmp_path):
    with pytest.raises(InputError, match=r"a quarter file ends in \.yaml, \.yml, \.csv or \.xlsx"):
        load(write(tmp_path, "x", "q.txt"))


def test_an_id_with_its_accent_stored_another_way_is_the_same_id(tmp_path):
    """'É' as one character in the rules and as E plus a combining accent in the file: one id (NFC)."""
    path = tmp_path / "q.csv"
    path.write_text("id,value,previous\nCAFE\u03011,70%,69%\n", encoding="utf-8")
    (quarter, _) = loaded(lambda p, c: load_quarter(p, [rule(id="CAF\u00c91")], c), str(path))
    assert [reading.id for reading in quarter.readings] == ["CAF\u00c91"]
