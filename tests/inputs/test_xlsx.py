"""Excel workbooks in and out (inputs/xlsx.py, output/workbook.py): cells read as they show, errors that name
the sheet and cell, the `excel` extra, and a workbook written by ragcalc read back with the same values."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest
from click.testing import CliRunner

from ragcalc.cli import main
from ragcalc.errors import EXCEL_EXTRA, UsageError
from ragcalc.inputs import xlsx
from tests.helpers import ROOT

RULES = str(ROOT / "rules")


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result


def history_book(path, rows, formats=("mmm-yy", "0.0%")) -> None:
    """A history workbook as another tool (openpyxl) writes it: real dates and numbers with their formats."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["id", "period", "value"])
    for measure, period, value, *number_format in rows:
        sheet.append([measure, period, value])
        sheet.cell(sheet.max_row, 2).number_format = formats[0]
        sheet.cell(sheet.max_row, 3).number_format = number_format[0] if number_format else formats[1]
    book.create_sheet("Notes").append(["nothing to read here"])
    book.save(path)


def test_a_workbook_from_another_tool_is_read_as_its_cells_show(tmp_path):
    path = tmp_path / "history.xlsx"
    history_book(
        path,
        [
            ("VS101", datetime(2022, 4, 1), 0.698),  # shown 69.8%
            ("VS101", datetime(2022, 5, 1), 0.1 + 0.2, "0.0%"),  # 0.30000000000000004: shown 30.0%
            ("VS106", datetime(2022, 4, 1), 18643, "#,##0"),
            ("VS106", datetime(2022, 5, 1), 1250.5, "#,##0.00"),
        ],
    )
    points = json.loads(run("trend", str(path), "--rules", RULES, "--format", "json").stdout)["measures"]
    read = {m["id"]: [(p["period"], p["value"]) for p in m["points"]] for m in points}
    assert read == {
        "VS101": [("Apr-22", 69.8), ("May-22", 30.0)],
        "VS106": [("Apr-22", 18643), ("May-22", 1250.50)],
    }


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (0.698, "0.0%", "69.8%"),
        (0.7, "0.0%", "70.0%"),  # padded to the decimals shown
        (0.6985, "0%", "69.85%"),  # never rounded to them: the format hides digits, the value keeps them
        (0.1 + 0.2, "General", "0.3"),  # Excel's 15 significant digits
        (18643, "#,##0", "18643"),
        (5, "0.00", "5.00"),
        (1e-7, "General", "0.0000001"),
    ],
)
def test_a_number_is_read_as_the_digits_the_cell_shows(value, number_format, text):
    assert xlsx._number(value, number_format) == text


def test_an_error_names_the_sheet_and_the_cell(tmp_path):
    path = tmp_path / "history.xlsx"
    history_book(path, [("VS101", datetime(2022, 4, 1), 0.698), ("VS101", datetime(2022, 5, 1), "lots")])
    result = run("trend", str(path), "--rules", RULES, code=2)
    assert result.stderr.startswith(f"error: {path}:Data!C3: measure VS101: ")


def test_an_unknown_id_names_its_cell_in_the_id_column(tmp_path):
    path = tmp_path / "history.xlsx"
    history_book(path, [("VS101", datetime(2022, 4, 1), 0.698), ("XX999", datetime(2022, 5, 1), 0.5)])
    result = run("trend", str(path), "--rules", RULES, code=2)
    assert f"error: {path}:Data!A3: " in result.stderr


def test_sheet_chooses_the_sheet_and_an_unknown_one_lists_them(tmp_path):
    path = tmp_path / "history.xlsx"
    history_book(path, [("VS101", datetime(2022, 4, 1), 0.698)])
    run("trend", str(path), "--rules", RULES, "--sheet", "Data")
    result = run("trend", str(path), "--rules", RULES, "--sheet", "Nope", code=2)
    assert result.stderr == f"error: {path}: no sheet 'Nope' in the workbook; its sheets: Data, Notes\n"
    result = run("trend", str(ROOT / "examples" / "history-2022-23.csv"), "--rules", RULES, "--sheet", "Data", code=2)
    assert "--sheet applies to Excel workbooks (.xlsx)" in result.stderr


def test_a_file_that_is_not_a_workbook_is_a_clear_error(tmp_path):
    path = tmp_path / "q.xlsx"
    path.write_text("id,value\n", encoding="utf-8")
    result = run("evaluate", str(path), "--rules", RULES, code=2)
    assert result.stderr.startswith(f"error: {path}: cannot be read as an Excel workbook (")


def test_without_the_excel_extra_the_error_names_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if it were not installed
    with pytest.raises(UsageError, match=r"pip install 'ragcalc\[excel\]'"):
        xlsx.read(str(tmp_path / "any.xlsx"))
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    result = run("evaluate", str(ROOT / "examples" / "2022-23-q4.yaml"), "--rules", RULES, "--format", "xlsx",
                 "-o", str(tmp_path / "out.xlsx"), code=2)  # fmt: skip
    assert result.stderr == f"error: {EXCEL_EXTRA}\n"


def test_a_workbook_needs_an_output_file():
    result = run("evaluate", str(ROOT / "examples" / "2022-23-q4.yaml"), "--rules", RULES, "--format", "xlsx", code=2)
    assert result.stderr == "error: --format xlsx writes a workbook, not text: give --output FILE.xlsx\n"


def test_a_written_workbook_reads_back_with_the_same_values(tmp_path):
    quarter = str(ROOT / "examples" / "2022-23-q4.yaml")
    path = tmp_path / "scorecard.xlsx"
    run("evaluate", quarter, "--rules", RULES, "--format", "xlsx", "-o", str(path))
    measures = json.loads(run("evaluate", quarter, "--rules", RULES, "--format", "json").stdout)["measures"]
    written = {m["id"]: (m["value"], m["previous"], m["rag"]) for m in measures}
    book = openpyxl.load_workbook(path, read_only=True)
    groups = book.sheetnames[1:]
    book.close()
    assert groups == ["Adult Social Services", "Children and Families", "Communities and Place", "Major Projects",
                      "Resources"]  # fmt: skip
    read = {}
    for group in groups:
        rows = _rows(xlsx.read(str(path), group).text)
        assert rows
        for cells in rows:
            read[cells["ID"]] = (_amount(cells["Value"]), _amount(cells["Previous"]), cells["RAG"])
    for measure_id, (value, previous, rag) in written.items():
        got_value, got_previous, got_rag = read[measure_id]
        assert (got_value, got_previous) == (_decimal(value), _decimal(previous)), measure_id
        assert (rag is None) == (got_rag == "not rated"), measure_id


def test_a_workbook_has_a_summary_first_with_counts_as_numbers(tmp_path):
    path = tmp_path / "scorecard.xlsx"
    run("evaluate", str(ROOT / "examples" / "2022-23-q4.yaml"), "--rules", RULES, "--format", "xlsx", "-o", str(path))
    book = openpyxl.load_workbook(path)
    summary = book["Summary"]
    assert book.sheetnames[0] == "Summary"
    assert summary.freeze_panes == "A2"
    total = [cell.value for cell in summary[summary.max_row]]
    assert total[:2] == ["Total", 30]
    assert summary.cell(summary.max_row, len(total)).number_format == "0.0%"
    measures = book["Adult Social Services"]
    assert [cell.value for cell in measures[1]][:6] == ["ID", "Measure", "Value", "Previous", "Target", "RAG"]
    assert measures["B2"].value == "% of providers judged good or outstanding by CQC"
    assert (measures["C2"].value, measures["C2"].number_format) == (0.7, "0.0%")  # 70.0% as written
    assert measures["F2"].value == "A Amber"
    assert measures["F2"].fill.fgColor.rgb.endswith("FFBF47")
    assert measures.column_dimensions["B"].width > 40


def _rows(text: str) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text)))


def _amount(cell: str) -> Decimal | None:
    return Decimal(cell.rstrip("%").replace(",", "")) if cell and cell[0].isdigit() else None


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))
