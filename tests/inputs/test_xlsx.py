"""Excel workbooks in and out (inputs/xlsx.py, output/workbook.py): cells read as they show, errors that name
the sheet and cell, the `excel` extra, and a workbook written by ragcalc read back with the same values."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from ragcalc.errors import EXCEL_EXTRA, UsageError
from ragcalc.inputs import xlsx
from tests.helpers import ROOT

RULES = str(ROOT / "rules")


@pytest.fixture
def run(ragcalc):
    """The shared runner, its exit code checked: `run("trend", path, "--rules", RULES, code=2)`."""
    return lambda *args, code=0: ragcalc(args, code=code)


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


def test_a_workbook_from_another_tool_is_read_as_its_cells_show(tmp_path, run):
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
    ("value", "number_format", "text", "held"),
    [
        (0.698, "0.0%", "69.8%", None),
        (0.7, "0.0%", "70.0%", None),  # padded to the decimals shown
        (0.949962, "0.0%", "95.0%", "0.949962"),  # rounded to them: the figure the organisation publishes
        (0.6985, "0%", "70%", "0.6985"),
        (0.0125, "0.0%", "1.3%", "0.0125"),  # half away from zero, as Excel shows it (not to even)
        (-0.0125, "0.0%", "-1.3%", "-0.0125"),
        (0.1 + 0.2, "General", "0.3", None),  # Excel's 15 significant digits; General never rounds
        (18643, "#,##0", "18,643", None),  # thousands separators as shown
        (1950000, '"£"#,##0', "£1,950,000", None),  # the currency sign as shown
        (-1950000.4, "[$£-809]#,##0;[Red]-[$£-809]#,##0", "-£1,950,000", "-1950000.4"),
        (5, "0.00", "5.00", None),
        (1e-7, "General", "0.0000001", None),
    ],
)
def test_a_number_is_read_as_its_cell_shows_it(value, number_format, text, held):
    assert xlsx._number(value, number_format) == (text, held)


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (0.949962, "0.0%", "94.9962%"),  # the full stored value, never rounded to the decimals shown
        (0.7, "0.0%", "70.0%"),  # padded to them
        (1950000.4, '"£"#,##0', "£1,950,000.4"),
    ],
)
def test_cell_values_stored_reads_the_value_the_cell_holds(value, number_format, text):
    assert xlsx._number(value, number_format, stored=True) == (text, None)


def test_an_error_names_the_sheet_and_the_cell(tmp_path, run):
    path = tmp_path / "history.xlsx"
    history_book(path, [("VS101", datetime(2022, 4, 1), 0.698), ("VS101", datetime(2022, 5, 1), "lots")])
    result = run("trend", str(path), "--rules", RULES, code=2)
    assert result.stderr.startswith(f"error: {path}:Data!C3: measure VS101: ")


def test_an_unknown_id_names_its_cell_in_the_id_column(tmp_path, run):
    path = tmp_path / "history.xlsx"
    history_book(path, [("VS101", datetime(2022, 4, 1), 0.698), ("XX999", datetime(2022, 5, 1), 0.5)])
    result = run("trend", str(path), "--rules", RULES, code=2)
    assert f"error: {path}:Data!A3: " in result.stderr


def test_sheet_chooses_the_sheet_and_an_unknown_one_lists_them(tmp_path, run):
    path = tmp_path / "history.xlsx"
    history_book(path, [("VS101", datetime(2022, 4, 1), 0.698)])
    run("trend", str(path), "--rules", RULES, "--sheet", "Data")
    result = run("trend", str(path), "--rules", RULES, "--sheet", "Nope", code=2)
    assert result.stderr == f"error: {path}: no sheet 'Nope' in the workbook; its sheets: Data, Notes\n"
    result = run("trend", str(ROOT / "examples" / "history-2022-23.csv"), "--rules", RULES, "--sheet", "Data", code=2)
    assert "--sheet applies to Excel workbooks (.xlsx)" in result.stderr


def test_a_file_that_is_not_a_workbook_is_a_clear_error(tmp_path, run):
    path = tmp_path / "q.xlsx"
    path.write_text("id,value\n", encoding="utf-8")
    result = run("evaluate", str(path), "--rules", RULES, code=2)
    assert result.stderr.startswith(f"error: {path}: cannot be read as an Excel workbook (")


def test_without_the_excel_extra_the_error_names_it(tmp_path, monkeypatch, run):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if it were not installed
    with pytest.raises(UsageError, match=r"pip install 'ragcalc\[excel\]'"):
        xlsx.read(str(tmp_path / "any.xlsx"))
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    result = run("evaluate", str(ROOT / "examples" / "2022-23-q4.yaml"), "--rules", RULES, "--format", "xlsx",
                 "-o", str(tmp_path / "out.xlsx"), code=2)  # fmt: skip
    assert result.stderr == f"error: {EXCEL_EXTRA}\n"


def test_a_workbook_needs_an_output_file(run):
    result = run("evaluate", str(ROOT / "examples" / "2022-23-q4.yaml"), "--rules", RULES, "--format", "xlsx", code=2)
    assert result.stderr == "error: --format xlsx writes a workbook, not text: give --output FILE.xlsx\n"


def test_a_written_workbook_reads_back_with_the_same_values(tmp_path, run):
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
        rows = _rows(xlsx.read(str(path), group).grid)
        assert rows
        for cells in rows:
            read[cells["ID"]] = (_amount(cells["Value"]), _amount(cells["Previous"]), cells["RAG"])
    for measure_id, (value, previous, rag) in written.items():
        got_value, got_previous, got_rag = read[measure_id]
        assert (got_value, got_previous) == (_decimal(value), _decimal(previous)), measure_id
        assert (rag is None) == (got_rag == "not rated"), measure_id


def test_a_workbook_has_a_summary_first_with_counts_as_numbers(tmp_path, run):
    path = tmp_path / "scorecard.xlsx"
    run("evaluate", str(ROOT / "examples" / "2022-23-q4.yaml"), "--rules", RULES, "--format", "xlsx", "-o", str(path))
    book = openpyxl.load_workbook(path)
    summary = book["Summary"]
    assert book.sheetnames[0] == "Summary"
    assert summary.freeze_panes == "A5"  # the title, the period, a blank row, then the header
    assert (summary["A1"].value, summary["A2"].value) == (
        "Scorecard: 2022/23 Q4",
        "Reporting period 2022/23 Q4 (compared with 2022/23 Q3)",
    )
    total = [cell.value for cell in summary[summary.max_row]]
    assert total[:2] == ["Total", 30]
    assert summary.cell(summary.max_row, len(total)).number_format == "0.0%"
    headers = [cell.value for cell in summary[4]]
    assert len(headers) == len(set(headers))  # the Improving count and "% improving" told apart
    measures = book["Adult Social Services"]
    assert [cell.value for cell in measures[4]][:6] == ["ID", "Measure", "Value", "Previous", "Target", "RAG"]
    assert measures["B5"].value == "% of providers judged good or outstanding by CQC"
    assert (measures["C5"].value, measures["C5"].number_format) == (0.7, "0.0%")  # 70.0% as written
    assert (measures["E5"].value, measures["E5"].number_format) == (0.74, "0%")  # a target as a number
    assert measures["F5"].value == "A Amber"
    assert measures["F5"].fill.fgColor.rgb.endswith("FFBF47")
    assert measures.column_dimensions["B"].width > 40
    assert measures.page_setup.orientation == "landscape"
    assert measures.print_title_rows == "$4:$4"  # the header on every printed page


def _rows(grid) -> list[dict[str, str]]:
    rows = [cells for _, cells in grid.rows]
    start = next(at for at, cells in enumerate(rows) if cells[0] == "ID")  # below the title rows
    return [dict(zip(rows[start], cells, strict=False)) for cells in rows[start + 1 :]]


def _amount(cell: str) -> Decimal | None:
    cell = cell.lstrip("£$€")  # a currency measure's cells are written with its sign, as they are read
    return Decimal(cell.rstrip("%").replace(",", "")) if cell and cell[0].isdigit() else None


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


# ---- issue 22: cells as they show, the sheet Excel would show, and workbooks that are bombs


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (69.8, '0.0"%"', "69.8%"),  # a literal per cent sign: the cell holds 69.8 and shows 69.8%
        (69.8, "0.0\\%", "69.8%"),
        (0.698, '[Red]0.0%;"-"', "69.8%"),  # a real one beside literal text in another section
        (0.698, "0." + "0" * 30 + "%", "69.8" + "0" * 29 + "%"),  # many decimals: no InvalidOperation
    ],
)
def test_only_a_real_percent_format_multiplies_by_100(value, number_format, text):
    assert xlsx._number(value, number_format)[0] == text


def one_sheet_book(path, rows, number_format="0.0%"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, float):
                cell.number_format = number_format
    return book


def test_a_literal_percent_cell_is_read_as_shown_end_to_end(tmp_path, run):
    path = tmp_path / "h.xlsx"
    one_sheet_book(path, [["id", "period", "value"], ["VS101", "Apr-22", 69.8]], '0.0"%"').save(path)
    points = json.loads(run("trend", str(path), "--rules", RULES, "--format", "json").stdout)["measures"]
    assert points[0]["points"][0]["value"] == 69.8


def test_formulas_with_no_saved_result_are_an_error_naming_the_cells(tmp_path, run):
    path = tmp_path / "h.xlsx"
    book = one_sheet_book(path, [["id", "period", "value"], ["VS101", "Apr-22", 0.698], ["VS101", "May-22", "=C2*1"]])
    book.save(path)  # openpyxl writes the formula and no result: as a script's workbook comes
    result = run("trend", str(path), "--rules", RULES, code=2)
    assert result.stderr == (
        f"error: {path}:Data: formula cells with no saved result (C3): the workbook was written by a program and "
        "never calculated; open it in Excel and save it, so that each formula's result is stored\n"
    )


def test_the_first_visible_worksheet_is_read_and_named(tmp_path, run):
    path = tmp_path / "h.xlsx"
    book = one_sheet_book(path, [["id", "period", "value"], ["VS101", "Apr-22", 0.698]])
    cover = book.create_sheet("Cover", 0)
    cover.append(["Quarterly export"])
    cover.sheet_state = "hidden"
    chart = BarChart()
    chart.add_data(Reference(book["Data"], min_col=3, min_row=1, max_row=2))
    book.create_chartsheet("Chart", 0).add_chart(chart)
    book.save(path)
    result = run("trend", str(path), "--rules", RULES, "--format", "json")
    assert json.loads(result.stdout)["measures"][0]["points"][0]["value"] == 69.8
    assert (
        f"warning: {path}:Data: read sheet 'Data', the first visible worksheet ('Chart' is a chart sheet); "
        "--sheet reads another" in result.stderr
    )
    book.move_sheet("Chart", 1)  # the hidden cover first, then the chart
    book.save(path)
    assert "('Cover' is hidden)" in run("trend", str(path), "--rules", RULES).stderr
    assert "warning" not in run("trend", str(path), "--rules", RULES, "--sheet", "dATA").stderr  # Excel's matching


def test_trailing_formatted_empty_header_cells_are_ignored(tmp_path, run):
    path = tmp_path / "h.xlsx"
    book = one_sheet_book(path, [["id", "period", "value"], ["VS101", "Apr-22", 0.698]])
    for column in (4, 5):
        book.active.cell(1, column).number_format = "0.0"  # formatted, never typed in
        book.active.cell(2, column).number_format = "0.0"
    book.save(path)
    run("trend", str(path), "--rules", RULES)


def rewritten(tmp_path, change) -> str:
    """A one-row workbook whose sheet's XML `change` has rewritten, as a hand-made hostile file would be."""
    import zipfile

    path, changed = tmp_path / "h.xlsx", tmp_path / "changed.xlsx"
    one_sheet_book(path, [["id", "period", "value"], ["VS101", "Apr-22", 0.698]]).save(path)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(changed, "w", zipfile.ZIP_DEFLATED) as out:
        for part in source.infolist():
            data = source.read(part)
            out.writestr(part, change(data) if part.filename == "xl/worksheets/sheet1.xml" else data)
    return str(changed)


@pytest.mark.slow
def test_a_huge_declared_dimension_with_one_far_cell_is_read_as_the_rows_it_has(tmp_path, run):
    far = (
        b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>VS101</t></is></c>'
        b'<c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
    )
    bombed = rewritten(
        tmp_path,
        lambda xml: xml.replace(b'<dimension ref="A1:C2"/>', b'<dimension ref="A1:XFD1048576"/>').replace(
            b"</sheetData>", far
        ),
    )
    result = run("trend", bombed, "--rules", RULES, code=2)  # the far cell is in no column: reported, not padded
    assert result.stderr == f"error: {bombed}:Data!XFD1048576: a value in a column with no heading; give the " + (
        "column a heading (and map or ignore it), or move the value\n"
    )


def test_a_part_that_inflates_past_the_limit_is_refused_before_reading(tmp_path, monkeypatch, run):
    bombed = rewritten(tmp_path, lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * 3_000_000))
    monkeypatch.setattr(xlsx, "LIMITS", xlsx.Limits(packed=1_000_000))  # whitespace inflates a thousandfold
    result = run("trend", bombed, "--rules", RULES, code=2)
    assert result.stderr.startswith(f"error: {bombed}: is too large to read: its part xl/worksheets/sheet1.xml ")
    monkeypatch.setattr(xlsx, "LIMITS", xlsx.Limits(part=2_000_000))
    assert "is too large to read" in run("trend", bombed, "--rules", RULES, code=2).stderr


def test_a_cell_longer_than_the_csv_limit_is_refused_naming_it(tmp_path, monkeypatch, run):
    path = tmp_path / "h.xlsx"
    one_sheet_book(path, [["id", "period", "value", "note"], ["VS101", "Apr-22", 0.698, "x" * 200]]).save(path)
    monkeypatch.setattr(xlsx, "LIMITS", xlsx.Limits(cell=100))
    result = run("trend", str(path), "--rules", RULES, code=2)
    assert (
        result.stderr == f"error: {path}:Data: cell D2 holds 200 characters, more than the 100 a cell may hold here\n"
    )


def test_openpyxl_warnings_do_not_reach_stderr(tmp_path, run):
    # pytest makes warnings errors, so before the fix this read failed as 'cannot be read as an Excel workbook'
    import zipfile

    path, bare = tmp_path / "h.xlsx", tmp_path / "bare.xlsx"
    one_sheet_book(path, [["id", "period", "value"], ["VS101", "Apr-22", "69.8%"]]).save(path)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as out:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/workbook.xml":  # openpyxl warns: 'Defined names for sheet index 5 cannot be ...'
                name = b'<definedName name="x" localSheetId="5">Data!$A$1</definedName>'
                data = data.replace(b"<definedNames />", b"<definedNames>" + name + b"</definedNames>")
            out.writestr(part, data)
    result = run("trend", str(bare), "--rules", RULES)
    assert result.stderr == ""


# ---- issue 22: workbooks written whole, with every column the table shows


def test_a_workbook_writes_the_columns_the_table_shows(tmp_path, run):
    path = tmp_path / "scorecard.xlsx"
    quarter = str(ROOT / "examples" / "2022-23-q4.yaml")
    run("evaluate", quarter, "--rules", RULES, "--format", "xlsx", "-o", str(path))
    book = openpyxl.load_workbook(path)
    headers = [cell.value for cell in book["Adult Social Services"][4]]
    assert headers == ["ID", "Measure", "Value", "Previous", "Target", "RAG", "Direction", "Published", "Note"]
    assert book["Adult Social Services"]["H5"].value == "Amber →"  # VS101's published rating and arrow
    resources = [cell.value for cell in book["Resources"][4]]
    assert "Forecast" in resources


def test_sheet_names_lose_control_characters_and_never_end_in_an_apostrophe(tmp_path, run):
    from ragcalc.output.workbook import _sheet_name

    assert _sheet_name("Health\x0band care", set()) == "Health and care"
    name = _sheet_name("x" * 30 + "'s measures", set())
    assert len(name) <= 31
    assert not name.endswith("'")
    rules = tmp_path / "rules.yaml"
    rules.write_text('measures:\n  - {id: H1, name: N, unit: count, polarity: higher, target: 1, group: "A\\x0bB"}\n')
    quarter = tmp_path / "q.yaml"
    quarter.write_text("period: Q4\nmeasures:\n  H1: 2\n")
    run("evaluate", str(quarter), "--rules", str(rules), "--format", "xlsx", "-o", str(tmp_path / "out.xlsx"))
    assert openpyxl.load_workbook(tmp_path / "out.xlsx").sheetnames == ["Summary", "A B"]  # a valid file


def test_text_longer_than_a_cell_holds_is_cut_with_a_warning(tmp_path, run):
    rules = tmp_path / "rules.yaml"
    rules.write_text("measures:\n  - {id: H1, name: N, unit: count, polarity: higher, target: 1}\n")
    quarter = tmp_path / "q.yaml"
    quarter.write_text(f"period: Q4\nmeasures:\n  H1: {{value: 2, note: {'x' * 40_000}}}\n")
    result = run("evaluate", str(quarter), "--rules", str(rules), "--format", "xlsx", "-o", str(tmp_path / "o.xlsx"))
    assert result.stderr == (
        "warning: --format xlsx: sheet 'Ungrouped', cell H5 (measure H1) has 40,000 characters; Excel holds 32,767 "
        "in a cell, so the rest is cut (CSV, JSON and HTML keep it whole)\n"
    )


def test_findings_about_a_workbook_name_the_cell_of_their_own_column(tmp_path, run):
    rules = tmp_path / "rules.yaml"
    rules.write_text("measures:\n  - {id: C1, name: Count, unit: count, polarity: higher, target: 5}\n")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["id", "value", "previous", "target", "published_rag", "published_direction"])
    sheet.append(["C1", -5, 3, ">= 4", "red", "sideways"])
    path = tmp_path / "q.xlsx"
    book.save(path)
    warned = run("evaluate", str(path), "--rules", str(rules)).stderr
    assert f"warning: {path}:Data!F2: measure C1: published_direction: 'sideways' is not a direction" in warned
    checked = run("validate", str(path), "--rules", str(rules), code=0).stdout
    assert f"{path}:Data!B2: warning: measure C1: value '-5' is negative" in checked
    explained = run("explain", str(path), "C1", "--rules", str(rules)).stdout
    assert "(this period's, from the quarter file, cell Data!D2; the rule's is 5)" in explained


def test_only_a_workbook_with_formulas_is_read_again_for_them(tmp_path):
    formatted, formulas = tmp_path / "formatted.xlsx", tmp_path / "formulas.xlsx"
    book = one_sheet_book(formatted, [["id", "period", "value"], ["VS101", "Apr-22", 0.698]])
    book.active.cell(2, 5).number_format = "0.0"  # written empty, with a format only: no second reading
    book.save(formatted)
    one_sheet_book(formulas, [["id", "period", "value"], ["VS101", "Apr-22", "=0.698"]]).save(formulas)
    assert (xlsx._has_formulas(str(formatted)), xlsx._has_formulas(str(formulas))) == (False, True)


def test_a_target_is_a_number_shown_with_its_comparator_and_a_range_stays_text(tmp_path, run):
    path = tmp_path / "scorecard.xlsx"
    run("evaluate", str(ROOT / "examples" / "2022-23-q4.yaml"), "--rules", RULES, "--format", "xlsx", "-o", str(path))
    book = openpyxl.load_workbook(path)
    targets = {
        row[0].value: (row[4].value, row[4].number_format)
        for sheet in book.worksheets[1:]
        for row in sheet.iter_rows(min_row=5)
    }
    assert targets["CF201"] == (0.9, '">= "0%')  # shows >= 90%, holds 0.9
    assert targets["CP303"] == (1500, '"< "#,##0')
    assert targets["RS406"][0] == "8% – 12%"  # a range: no one number
