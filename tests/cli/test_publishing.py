"""Pages and workbooks ready to publish (issue 25): a title written once, the provenance in every page's footer and
every workbook's properties, byte-identical output under SOURCE_DATE_EPOCH, and the audience."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.helpers import ROOT

RULES = ["--rules", str(ROOT / "rules")]
MONTHLY = str(ROOT / "examples" / "monthly-2021-23.csv")
QUARTER = str(ROOT / "examples" / "2022-23-q4.csv")
EPOCH = {"SOURCE_DATE_EPOCH": "1735689600"}  # 2025-01-01T00:00:00Z


@pytest.fixture
def run(ragcalc):
    return lambda *args, code=0, env=None: ragcalc([*args], code=code, env=env)


def digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def test_a_page_carries_the_title_and_says_where_its_figures_came_from(run):
    page = run("report", MONTHLY, *RULES, "--title", "Northshire Council", "--subtitle", "Cabinet", env=EPOCH).stdout
    assert "<title>Northshire Council</title>" in page
    assert "<h1>Northshire Council</h1>\n<p>Cabinet</p>" in page
    footer = re.search(r"<footer>(.*?)</footer>", page, re.S)
    assert footer is not None
    text = footer.group(1)
    assert "Reporting period Mar-23. Generated 2025-01-01T00:00:00Z by ragcalc " in text
    for path in (MONTHLY, str(ROOT / "rules" / "adults.yaml"), str(ROOT / "rules" / "resources.yaml")):
        assert f"{path} {digest(path)}" in text


def test_source_date_epoch_makes_two_runs_byte_identical(run, tmp_path):
    outputs = []
    for name in ("a", "b"):
        page, book = tmp_path / f"{name}.html", tmp_path / f"{name}.xlsx"
        run("report", MONTHLY, *RULES, "-o", str(page), env=EPOCH)
        run("evaluate", QUARTER, *RULES, "-o", str(book), env=EPOCH)
        outputs.append((page.read_bytes(), book.read_bytes()))
    assert outputs[0] == outputs[1]


def test_a_workbook_carries_the_title_and_the_provenance_in_its_properties(run, tmp_path):
    out = tmp_path / "card.xlsx"
    run("evaluate", QUARTER, *RULES, "-o", str(out), "--title", "Northshire Council", env=EPOCH)
    properties = openpyxl.load_workbook(io.BytesIO(out.read_bytes())).properties
    assert properties.title == "Northshire Council"
    assert "Reporting period 2022/23 Q4. Generated 2025-01-01T00:00:00Z" in properties.description
    assert f"{QUARTER} {digest(QUARTER)}" in properties.description


def test_the_rules_folder_titles_its_pages_once_and_the_options_win(run, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "report.yaml").write_text("report: {title: Northshire Council, subtitle: Cabinet, audience: public}\n")
    page = run("evaluate", QUARTER, "--rules", str(rules), "--format", "html").stdout
    assert "<h1>Northshire Council</h1>\n<p>Cabinet</p>" in page
    assert "Published rating disagrees" not in page  # the folder says public
    page = run("evaluate", QUARTER, "--rules", str(rules), "--format", "html", "--title", "Own", "--audience",
               "review").stdout  # fmt: skip
    assert "<h1>Own</h1>" in page
    assert "Published rating disagrees" in page


def test_the_public_audience_leaves_out_what_is_only_for_the_author(run, tmp_path):
    review = run("evaluate", QUARTER, *RULES, "--format", "html").stdout
    public = run("evaluate", QUARTER, *RULES, "--format", "html", "--audience", "public").stdout
    assert "Published rating disagrees" in review
    assert "Published rating disagrees" not in public
    assert 'class="disagrees"' not in public
    for audience, published in (("review", True), ("public", False)):
        out = tmp_path / f"{audience}.xlsx"
        run("evaluate", QUARTER, *RULES, "-o", str(out), "--audience", audience)
        sheet = openpyxl.load_workbook(out)["Adult Social Services"]
        assert ("Published" in [cell.value for cell in sheet[4]]) is published


def test_a_title_on_a_format_that_cannot_show_it_is_refused(run):
    result = run("evaluate", QUARTER, *RULES, "--title", "X", code=2)
    assert result.stderr == "error: --title applies to --format html and xlsx (pages and workbooks), not table\n"


def test_a_second_report_section_in_a_folder_is_an_error(run, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "a.yaml").write_text("report: {title: One}\n")
    (rules / "b.yaml").write_text("report: {title: Two, audience: everyone}\n")
    result = run("validate", "--rules", str(rules), code=1)
    assert "report: audience: expected review or public, got 'everyone'" in result.stdout


def test_a_workbook_of_a_history_carries_the_spc_icons_and_the_matrix(run, tmp_path):
    out = tmp_path / "monthly.xlsx"
    run("evaluate", MONTHLY, *RULES, "-o", str(out))
    book = openpyxl.load_workbook(out)
    matrix = {row[0]: row[1:] for row in book["SPC matrix"].iter_rows(min_row=5, values_only=True)}
    assert matrix["Concern"] == ("", "", "VS102", "")  # concern high, failing its target
    sheet = book["Adult Social Services"]
    header = [cell.value for cell in sheet[4]]
    row = next(row for row in sheet.iter_rows(min_row=5) if row[0].value == "VS102")
    variation, assurance = row[header.index("Variation")], row[header.index("Assurance")]
    assert (variation.value, assurance.value) == ("H concern high", "F fail")  # a letter code and the word
    assert variation.fill.fgColor.rgb.endswith("F47738")  # the icon's fill, as on the page
