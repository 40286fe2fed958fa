"""An export's table shaped into the loaders' CSV text (inputs/shape.py): the header found below title rows, headings
mapped and ignored, every unknown column at once, the footer, period columns as a quarter or a wide history, and
each finding placed in the export's own cell."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ragcalc.errors import Finding, InputError, InputErrors
from ragcalc.inputs.grid import Grid, month_label
from ragcalc.inputs.headings import NoHeader
from ragcalc.inputs.inputmap import InputMap
from ragcalc.inputs.shape import shape

EXPORT = [
    (1, ["Northshire Council: scorecard"]),
    (2, ["Exported 14/01/2025"]),
    (4, ["Ref", "Measure", "Portfolio", "Q2 2024/25", "Q3 2024/25", "RAG", "Comments"]),
    (5, ["VS101", "CQC", "Adults", "72.0%", "75.6%", "Green", "Good"]),
    (6, ["VS106", "Carers", "Adults", "1,150", "1,250", "G", ""]),
    (8, ["Source: Pentana export, 14/01/2025"]),
]
MAPPING = InputMap(
    columns=(("ref", "id"), ("measure", "name"), ("rag", "published_rag"), ("comments", "note")),
    ignore=frozenset({"portfolio"}),
    source="rules/input.yaml",
)


def grid(rows, *, cells=True) -> Grid:
    return Grid(list(rows), "q3.xlsx:Scorecard" if cells else "q3.csv", cells=cells, sheets=("Cover", "Scorecard"))


def records(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_header_below_title_rows_is_found_and_two_period_columns_are_a_quarter():
    shaped = shape(grid(EXPORT), MAPPING, {"VS101", "VS106"}.__contains__)
    assert records(shaped.text) == [
        {"id": "VS101", "name": "CQC", "published_rag": "Green", "note": "Good", "period": "Q3 2024/25",
         "value": "75.6%", "previous_period": "Q2 2024/25", "previous": "72.0%"},
        {"id": "VS106", "name": "Carers", "published_rag": "G", "note": "", "period": "Q3 2024/25",
         "value": "1,250", "previous_period": "Q2 2024/25", "previous": "1,150"},
    ]  # fmt: skip
    assert shaped.read_as == (
        "q3.xlsx:Scorecard, header at row 4: values from the column 'Q3 2024/25', previous from 'Q2 2024/25'"
    )


def test_rows_after_the_last_measure_are_a_footer_said_in_a_warning():
    shaped = shape(grid(EXPORT), MAPPING, {"VS101", "VS106"}.__contains__)
    assert shaped.notes == [
        Finding(
            "row 8 after the last measure is not a measure ('Source: Pentana export, 14/01/2025'): read as the "
            "table's footer",
            "q3.xlsx:Scorecard!8:8",
            severity="warning",
            code="footer",
        )
    ]


def test_a_trailing_row_that_looks_like_a_measure_is_kept_for_the_unknown_id_error():
    rows = [*EXPORT[:5], (7, ["VS1O6", "Typo", "Adults", "1", "2", "G", ""]), (8, ["Total", "", "", "3", "4"])]
    shaped = shape(grid(rows), MAPPING, {"VS101", "VS106"}.__contains__)
    assert [row["id"] for row in records(shaped.text)] == ["VS101", "VS106", "VS1O6"]
    assert "row 8 after the last measure is not a measure ('Total 3 4')" in shaped.notes[0].message


def test_every_unknown_column_is_reported_at_once_each_at_its_cell_with_what_to_write():
    # 'RAG' is ragcalc's own column (a project's hand rating): the quarter loader says to map it if it is published
    with pytest.raises(InputErrors) as caught:
        shape(grid(EXPORT), InputMap(columns=(("ref", "id"),)))
    assert [(f.file, f.message) for f in caught.value.findings] == [
        ("q3.xlsx:Scorecard!B4", "unknown column 'Measure': map it (input: columns: {Measure: name}), or skip it "
         "(input: ignore: [Measure])"),
        ("q3.xlsx:Scorecard!C4", "unknown column 'Portfolio': map it (input: columns: {Portfolio: group}), or skip "
         "it (input: ignore: [Portfolio])"),
        ("q3.xlsx:Scorecard!G4", "unknown column 'Comments': map it (input: columns: {Comments: note}), or skip it "
         "(input: ignore: [Comments])"),
    ]  # fmt: skip


def test_headings_match_ignoring_case_and_surrounding_spaces():
    rows = [(1, ["  REF ", "value"]), (2, ["VS101", "70%"])]
    assert records(shape(grid(rows), InputMap(columns=(("ref", "id"),))).text) == [{"id": "VS101", "value": "70%"}]


def test_a_heading_mapped_twice_names_both_cells():
    rows = [(1, ["Ref", "Code", "value"]), (2, ["VS101", "X", "70%"])]
    with pytest.raises(InputErrors, match=r"column 'id' twice: here and q3.xlsx:Scorecard!A1"):
        shape(grid(rows), InputMap(columns=(("ref", "id"), ("code", "id"))))


def test_header_row_says_where_the_header_is():
    rows = [(1, ["id", "value"]), (3, ["id", "value"]), (4, ["VS101", "70%"])]
    shaped = shape(grid(rows), InputMap(header_row=3))
    assert records(shaped.text) == [{"id": "VS101", "value": "70%"}]
    with pytest.raises(InputError, match="header_row 9 is empty or past the table's end"):
        shape(grid(rows), InputMap(header_row=9))


def test_a_sheet_with_no_header_lists_the_workbook_sheets():
    with pytest.raises(NoHeader) as caught:
        shape(grid([(1, ["Northshire Council"]), (2, ["Scorecard, Q3 2024/25"])]))
    assert str(caught.value) == (
        "q3.xlsx:Scorecard: no header row: none of the first 200 rows has an 'id' column; name the export's id "
        "heading in an input: mapping (e.g. input: columns: {Ref: id}); the workbook's sheets: Cover, Scorecard "
        "(--sheet, or input: sheet:, names another)"
    )


def test_three_or_more_period_columns_are_a_wide_history_with_a_line_per_value():
    rows = [(1, ["id", "area", "Apr-24", "May-24", "Jun-24", "note"]), (2, ["A1", "Leeds", "1", "", "3", "late"])]
    shaped = shape(grid(rows, cells=False))
    assert records(shaped.text) == [
        {"id": "A1", "area": "Leeds", "period": "Apr-24", "value": "1", "note": ""},
        {"id": "A1", "area": "Leeds", "period": "Jun-24", "value": "3", "note": "late"},  # the row's note: the latest's
    ]
    assert shaped.cell(3, "value") == "q3.csv:2"
    located = shaped.located(Finding("value: 'x' is not a number", "q3.csv", 3), "q3.csv")
    assert (located.file, located.line) == ("q3.csv", 2)  # a CSV file's finding at its own line


def test_a_finding_names_the_cell_of_its_column():
    shaped = shape(grid(EXPORT), MAPPING, {"VS101", "VS106"}.__contains__)
    said = {
        "value": "q3.xlsx:Scorecard!E6",
        "previous": "q3.xlsx:Scorecard!D6",
        "published_rag": "q3.xlsx:Scorecard!F6",
        "note": "q3.xlsx:Scorecard!G6",
        "id": "q3.xlsx:Scorecard!A6",
    }
    for column, cell in said.items():
        assert shaped.located(Finding(f"{column}: wrong", "q3.xlsx", 3), "q3.xlsx").file == cell, column


def test_period_headings_of_two_kinds_or_beside_a_value_column_are_refused():
    with pytest.raises(InputErrors, match="the period headings mix months, quarters or years"):
        shape(grid([(1, ["id", "Apr-24", "Q1 2024/25"]), (2, ["A1", "1", "2"])]))
    with pytest.raises(InputErrors, match="and a 'value' column; the period columns hold the values"):
        shape(grid([(1, ["id", "value", "Apr-24"]), (2, ["A1", "1", "2"])]))


def test_a_date_heading_is_the_month_it_falls_in():
    assert month_label("2024-04-01") == "Apr-24"
    assert month_label("2024-04-01T00:00:00") == "Apr-24"
    assert month_label("Q1 2024/25") == "Q1 2024/25"


def test_a_cell_storing_more_than_it_shows_is_a_note_naming_the_cell_and_measure():
    book = grid(EXPORT)._replace(held={(5, 4): "0.756012"})
    notes = [n for n in shape(book, MAPPING, {"VS101", "VS106"}.__contains__).notes if n.code == "cell-shown"]
    assert notes == [
        Finding(
            "the cell holds 0.756012, shown as 75.6%: rated as shown (--cell-values stored rates the value held)",
            "q3.xlsx:Scorecard!E5",
            measure="VS101",
            severity="note",
            code="cell-shown",
        )
    ]


MONTHS = ["Apr-23", "May-23", "Jun-23", "Jul-23", "Aug-23", "Sep-23", "Oct-23", "Nov-23", "Dec-23"]
RULES = "measures:\n" + "".join(
    f"  - {{id: M{n}, polarity: higher, target: 50, unit: percent}}\n" for n in range(4)
)  # fmt: skip
values = st.one_of(st.none(), st.decimals(0, 100, places=1).map(str), st.sampled_from(["n/a", "55%", "1,000"]))


@settings(max_examples=40, deadline=None)
@given(
    table=st.dictionaries(
        st.tuples(st.sampled_from(["M0", "M1", "M2", "M3"]), st.sampled_from(["", "Leeds", "York"])),
        st.lists(values, min_size=len(MONTHS), max_size=len(MONTHS)),
        min_size=1,
        max_size=6,
    ),
    months=st.integers(3, len(MONTHS)),
)
def test_a_wide_history_reads_as_the_same_history_written_long(tmp_path_factory, table, months):
    from click.testing import CliRunner

    from ragcalc.cli import main

    areas = {area for _, area in table}
    if len(areas) > 1 and "" in areas:
        table = {(measure, area or "Leeds"): row for (measure, area), row in table.items()}
    with_area = any(area for _, area in table)
    head = ["id", *(["area"] if with_area else [])]
    wide = [[*head, *MONTHS[:months]]]
    long = [[*head, "period", "value"]]
    for (measure, area), row in table.items():
        key = [measure, *([area] if with_area else [])]
        wide.append([*key, *(cell or "" for cell in row[:months])])
        long += [[*key, month, cell] for month, cell in zip(MONTHS, row[:months], strict=False) if cell]
    folder = tmp_path_factory.mktemp("wide")
    (folder / "rules.yaml").write_text(RULES)
    for name, rows in (("wide.csv", wide), ("long.csv", long)):
        with open(folder / name, "w", newline="") as file:
            csv.writer(file, lineterminator="\n").writerows(rows)
    runs = [
        CliRunner().invoke(main, ["trend", str(folder / name), "--rules", str(folder / "rules.yaml"), "--format",
                                  "json"])
        for name in ("wide.csv", "long.csv")
    ]  # fmt: skip
    assert runs[0].exit_code == runs[1].exit_code
    if runs[1].exit_code == 0:
        assert json.loads(runs[0].stdout) == json.loads(runs[1].stdout)


def test_a_line_break_in_a_wide_historys_cell_keeps_each_line_at_its_source_row():
    rows = [
        (1, ["id", "Apr-24", "May-24", "Jun-24", "note"]),
        (2, ["A1", "1", "2", "3", "two\nlines"]),
        (4, ["B2", "4", "5", "6", ""]),
    ]
    shaped = shape(grid(rows, cells=False))
    assert [row["note"] for row in records(shaped.text)] == ["", "", "two\nlines", "", "", ""]
    assert shaped.lines == [1, 2, 2, 2, 2, 4, 4, 4]  # the quoted note's two lines both at row 2
    assert shaped.values == [3, 1, 2, 3, 3, 1, 2, 3]


def test_a_value_in_a_column_with_no_heading_is_an_error_at_its_cell_never_dropped():
    rows = [(1, ["id", "", "value"]), (2, ["A1", "x", "1", "", "far"]), (3, ["B2", "", "2"])]
    with pytest.raises(InputErrors) as caught:
        shape(grid(rows))
    assert [f.file for f in caught.value.findings] == ["q3.xlsx:Scorecard!B2", "q3.xlsx:Scorecard!E2"]
    assert caught.value.findings[0].message.startswith("a value in a column with no heading; give the column a head")
