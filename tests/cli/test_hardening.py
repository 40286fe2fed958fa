"""Hardening III (issue 22): each wrong figure, lost row, crash or unclear message the last sweep found, pinned
through the command as a user runs it. Rows that are plain bad input live in test_bad_input.py."""

from __future__ import annotations

import csv
import io
import json

import pytest

RULES = """\
measures:
  - {id: R1, name: Range, unit: percent, target: "28% - 40%"}
  - {id: H1, name: Higher, unit: percent, polarity: higher, target: 74, tolerance: 4}
  - {id: S1, name: Small, unit: percent, polarity: higher, target: 5}
"""


@pytest.fixture
def run(ragcalc):
    """The shared runner, with these rules (or a test's own) as rules.yaml, named by --rules."""
    ragcalc.defaults = {"rules.yaml": RULES}
    ragcalc.args = ["--rules", "rules.yaml"]
    return ragcalc


def measures(result) -> dict[str, dict]:
    assert result.exit_code == 0, result.stderr
    return {m["id"]: m for m in json.loads(result.stdout)["measures"]}


# 1. a period's own target on a rule without a polarity
def test_period_target_comparator_gives_the_polarity_of_a_range_rule(run):
    quarter = "period: Q4\nmeasures:\n  R1: {value: 80%, target: '< 74%'}\n"
    result = run("evaluate q.yaml --format json", {"q.yaml": quarter})
    assert measures(result)["R1"]["rag"] == "red"


def test_period_target_comparator_gives_the_polarity_in_a_history(run):
    history = "id,period,value,target\nR1,Q3 2022/23,70%,< 74%\nR1,Q4 2022/23,73%,< 74%\n"
    result = run("evaluate h.csv --format json", {"h.csv": history})
    assert measures(result)["R1"]["rag"] == "green"
    result = run("evaluate h.csv --format json", {"h.csv": history.replace("73%", "80%")})
    assert measures(result)["R1"]["rag"] == "red"


def test_period_target_without_any_polarity_is_an_error_naming_the_line(run):
    quarter = "period: Q4\nmeasures:\n  R1: {value: 80%, target: '74%'}\n"
    result = run("evaluate q.yaml", {"q.yaml": quarter})
    assert result.exit_code == 2
    assert "error: q.yaml:3: measure R1: target '74%' does not say which way is better" in result.stderr
    history = "id,period,value,target\nR1,Q4 2022/23,80%,74%\n"
    result = run("evaluate h.csv", {"h.csv": history})
    assert result.exit_code == 2
    assert "h.csv:2: measure R1: target '74%' does not say which way is better" in result.stderr


# 17. a period with no target on a measure whose rule target is small
def test_no_target_period_on_a_small_target_rule_explains_its_arrow(run):
    quarter = "period: Q4\nmeasures:\n  S1: {value: 4%, previous: 3%, target: n/a}\n"
    for command in ("evaluate q.yaml --format json", "explain q.yaml S1"):
        result = run(command, {"q.yaml": quarter})
        assert result.exit_code == 0, result.stderr
        assert "small-target rule: target 5 is below 10" in result.stdout
    result = run("evaluate q.yaml --format csv", {"q.yaml": quarter})
    assert "S1,Small,Ungrouped,percent,higher,4,3,,,,,improving,1," in result.stdout


# 7. run-rate from a quarter file, and on a cumulative measure
RUN_RATE = "measures:\n  - {id: RR, name: Visits, polarity: higher, unit: count, target: 400, forecast: run-rate}\n"


def test_run_rate_from_a_quarter_file_counts_the_value_for_every_period_of_the_year(run):
    for period in ("2022/23 Q4", "2022/23 Q2"):
        quarter = f"period: {period}\nmeasures:\n  RR: {{value: 100}}\n"
        result = run("evaluate q.yaml --format json", {**{"q.yaml": quarter}, "rules.yaml": RUN_RATE})
        assert measures(result)["RR"]["forecast"] == 400


def test_run_rate_on_a_cumulative_measure_is_a_rule_file_error(run):
    rules = RUN_RATE.replace("forecast: run-rate", "forecast: run-rate, cumulative: true")
    result = run("validate", {"rules.yaml": rules})
    assert result.exit_code == 1
    assert "measure RR: forecast: run-rate adds up each period's value, but a cumulative measure's" in result.stdout


# 8. a stretch beyond a range can never be reached
def test_a_stretch_outside_a_range_is_refused_and_one_inside_it_is_exceeded(run):
    rules = "measures:\n  - {id: ST, name: R, unit: percent, polarity: higher, target: '28% - 40%', stretch: 45%}\n"
    result = run("validate", {"rules.yaml": rules})
    assert "stretch 45% lies outside the range 28% - 40%, where no value is green, so it can never be reached" in (
        result.stdout
    )
    rules = rules.replace("45%", "38%")
    quarter = "period: Q4\nmeasures:\n  ST: {value: 39%}\n"
    result = run("evaluate q.yaml --format json", {**{"q.yaml": quarter}, "rules.yaml": rules})
    assert measures(result)["ST"]["rag"] == "exceeded"


# 10. trend writes a range target as the range
def test_trend_writes_a_range_target_as_evaluate_does(run):
    history = "id,period,value,target\nR1,Q3 2022/23,30%,\nR1,Q4 2022/23,45%,30% - 50%\nH1,Q4 2022/23,70%,\n"
    result = run("trend h.csv --format json", {"h.csv": history})
    ranged, plain = json.loads(result.stdout)["measures"]
    assert [(p["target"], p["target_range"]) for p in ranged["points"]] == [
        (None, {"low": 28, "high": 40}),
        (None, {"low": 30, "high": 50}),
    ]
    assert plain["points"][0]["target"] == 74
    assert "target_range" not in plain["points"][0]
    result = run("trend h.csv --format csv", {"h.csv": history})
    assert result.stdout.splitlines()[1:3] == [
        "R1,Range,Ungrouped,Q3 2022/23,30,28 - 40,green,",
        "R1,Range,Ungrouped,Q4 2022/23,45,30 - 50,green,static",
    ]


# 11. the summary CSV's rows match its header when measures predict or project
def test_summary_csv_writes_year_end_counts_as_named_columns(run):
    quarter = "period: 2022/23 Q4\nmeasures:\n  RR: {value: 100, predicted_rag: amber}\n"
    result = run("evaluate q.yaml --format csv --summary-only", {**{"q.yaml": quarter}, "rules.yaml": RUN_RATE})
    assert result.stdout.splitlines() == [
        "group,measures,green,amber,red,blue,not_rated,improving,static,deteriorating,no_direction,on_target_pct,"
        "improving_pct,predicted_amber,forecast_green",
        "Ungrouped,1,0,0,1,0,0,0,0,0,1,0.0,,1,1",
        "Total,1,0,0,1,0,0,0,0,0,1,0.0,,1,1",
    ]


# 12, 29. markdown: names that would break a table or be read as HTML; notes as a list
def test_markdown_escapes_pipes_and_html_in_every_cell_and_heading(run):
    rules = (
        "measures:\n  - {id: H1, name: 'A <img src=x onerror=alert(1)> b', unit: percent, polarity: higher, "
        "target: 74, group: 'Health | Care'}\n"
    )
    quarter = "period: Q4\nmeasures:\n  H1: {value: 70%, note: 'first <b>'}\n"
    result = run("evaluate q.yaml --format markdown", {**{"q.yaml": quarter}, "rules.yaml": rules})
    lines = result.stdout.splitlines()
    assert "### Health \\| Care" in lines
    assert "<img" not in result.stdout
    assert "<b>" not in result.stdout
    assert any("| A &lt;img src=x onerror=alert(1)> b |" in line for line in lines)
    summary = next(line for line in lines if line.startswith("| Health"))
    cells = [cell.strip() for cell in summary.replace("\\|", "¦").split("|")]
    assert cells[1:4] == ["Health ¦ Care", "1", "0"]  # the counts stay under their headings: one cell for the name


def test_markdown_notes_are_a_list_item_each(run):
    rules = "measures:\n" + "".join(
        f"  - {{id: H{n}, name: N{n}, unit: percent, polarity: higher, target: 74}}\n" for n in (1, 2)
    )
    quarter = "period: Q4\nmeasures:\n  H1: {value: 70%, note: one}\n  H2: {value: 70%, note: two}\n"
    result = run("evaluate q.yaml --format markdown", {**{"q.yaml": quarter}, "rules.yaml": rules})
    assert "\n- Note H1: one\n- Note H2: two\n" in result.stdout


# 21. CSV formula injection
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=["equals", "plus", "minus", "at", "tab", "carriage-return"])
def test_csv_text_that_excel_would_run_is_neutralised_everywhere(start, run):
    text = f"{start}HYPERLINK(1)"
    rules = (
        "measures:\n"
        f"  - {{id: H1, name: {json.dumps(text)}, unit: percent, polarity: higher, target: 74, "
        f"group: {json.dumps(text)}, tags: {{outcome: {json.dumps(text)}}}, labels: {{red: {json.dumps(text)}}}}}\n"
    )
    quarter = f"period: Q4\nmeasures:\n  H1: {{value: 70%, previous: 69%, note: {json.dumps(text)}}}\n"
    safe = "'" + text.replace("\r", "\n")  # a carriage return is written as the line break it is, quoted
    rows = csv_rows(run("evaluate q.yaml --format csv", {**{"q.yaml": quarter}, "rules.yaml": rules}))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["name"], row["group"], row["note"]) == (safe, safe, safe)
    assert row["rag"] == (safe if start.strip() else "HYPERLINK(1)")  # a label is read without its end spaces
    command = "evaluate q.yaml --format csv --summary-only --group-by outcome"
    assert csv_rows(run(command, {**{"q.yaml": quarter}, "rules.yaml": rules}))[1][0] == safe
    if start.strip():  # an area's name is read without its end spaces
        areas = f"id,area,value\nH1,{text},70%\n"
        rows = csv_rows(run("evaluate a.csv --format csv", {**{"a.csv": areas}, "rules.yaml": rules}))
        assert rows[1][0] == safe
    history = "id,period,value\nH1,Q3 2022/23,69%\nH1,Q4 2022/23,70%\n"
    for command in ("trend h.csv --format csv", "spc h.csv --format csv"):
        rows = csv_rows(run(command, {**{"h.csv": history}, "rules.yaml": rules}))
        assert rows[1][1:3] == [safe, safe]  # name and group


def test_csv_numbers_stay_numbers(run):
    rules = "measures:\n  - {id: C1, name: Change, unit: count, polarity: higher, target: 0, signed: true}\n"
    quarter = "period: Q4\nmeasures:\n  C1: {value: '-4', previous: '-2'}\n"
    rows = csv_rows(run("evaluate q.yaml --format csv", {**{"q.yaml": quarter}, "rules.yaml": rules}))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["value"], row["previous"], row["change"]) == ("-4", "-2", "-2")


def csv_rows(result) -> list[list[str]]:
    assert result.exit_code == 0, result.stderr
    return list(csv.reader(io.StringIO(result.stdout, newline="")))


# 14. DCA levels trip the gates of the colours they are part of
def test_dca_amber_red_trips_red_and_amber_and_amber_green_trips_amber(run):
    rules = (
        "measures:\n  - {id: P1, name: Project one, kind: project, scale: dca}\n"
        "  - {id: P2, name: Project two, kind: project, scale: dca}\n"
    )
    quarter = "period: Q4\nmeasures:\n  P1: {rag: amber/red}\n  P2: {rag: amber/green}\n"
    files = {"q.yaml": quarter}
    red = run("evaluate q.yaml --fail-on red", {**files, "rules.yaml": rules})
    assert (red.exit_code, red.stderr) == (1, "--fail-on red: 1 measure red: P1\n")
    amber = run("evaluate q.yaml --fail-on amber", {**files, "rules.yaml": rules})
    assert (amber.exit_code, amber.stderr) == (1, "--fail-on amber: 2 measures amber: P1, P2\n")


# 26. the format from --output's extension
def test_output_extension_gives_the_format_when_none_is_given(tmp_path, run):
    quarter = {"q.yaml": "period: Q4\nmeasures:\n  H1: {value: 70%}\n"}
    for name, starts in (("o.json", "{"), ("o.csv", "id,name"), ("o.html", "<!DOCTYPE html>"), ("o.md", "## Score")):
        assert run(f"evaluate q.yaml -o {name}", quarter).exit_code == 0
        assert (tmp_path / name).read_text().startswith(starts), name
    assert run("evaluate q.yaml -o o.xlsx", quarter).exit_code == 0
    assert (tmp_path / "o.xlsx").read_bytes().startswith(b"PK")  # a workbook, not a text table
    assert run("evaluate q.yaml -o o.txt", quarter).exit_code == 0
    assert (tmp_path / "o.txt").read_text().startswith("Scorecard: Q4")


def test_a_format_contradicting_the_extension_is_refused(tmp_path, run):
    quarter = {"q.yaml": "period: Q4\nmeasures:\n  H1: {value: 70%}\n"}
    result = run("evaluate q.yaml --format csv -o o.json", quarter)
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --format csv contradicts --output o.json, which names JSON; drop --format or rename the file\n",
    )
    history = {"h.csv": "id,period,value\nH1,Q4 2022/23,70%\n"}
    result = run("report h.csv -o pack.xlsx", history)
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --output pack.xlsx names an Excel workbook, which report does not write; it writes html: name the "
        "file for one of them\n",
    )
    assert not (tmp_path / "pack.xlsx").exists()


# 24. data-only measures
DATA_ONLY = (
    "measures:\n  - {id: D1, name: Referrals, unit: count}\n"
    "  - {id: D2, name: Calls, unit: count, polarity: none, labels: {decrease: Fewer}}\n"
    "  - {id: H1, name: Higher, unit: count, polarity: higher, target: 100}\n"
)


def test_a_data_only_measure_has_a_neutral_arrow_and_no_rating(run):
    quarter = {"q.yaml": "period: Q4\nmeasures:\n  D1: {value: 120, previous: 100}\n  D2: {value: 90, previous: 120}\n"
               "  H1: {value: 120, previous: 100}\n"}  # fmt: skip
    found = measures(run("evaluate q.yaml --format json", {**quarter, "rules.yaml": DATA_ONLY}))
    assert [(found[i]["rag"], found[i]["direction"]) for i in ("D1", "D2", "H1")] == [
        (None, "up"),
        (None, "down"),
        ("green", "improving"),
    ]
    table = run("evaluate q.yaml", {**quarter, "rules.yaml": DATA_ONLY}).stdout
    assert "increase" in table
    assert "Fewer" in table
    total = next(line for line in table.splitlines() if line.startswith("Total")).split()
    assert total[1:] == ["3", "1", "0", "0", "0", "2", "1", "0", "0", "2", "100.0%", "100.0%"]  # D1, D2: no DoT


def test_a_data_only_measure_is_not_refused_by_validate(run):
    result = run("validate", {"rules.yaml": DATA_ONLY})
    assert result.exit_code == 0, result.stdout


# 25. a cumulative measure in a quarter file is rated against the share due by its period
def test_a_cumulative_measure_in_a_quarter_file_is_rated_against_the_target_due(run):
    rules = (
        "measures:\n  - {id: S1, name: Savings, unit: currency, polarity: higher, target: 2500000, cumulative: true}\n"
    )
    quarter = {"q.yaml": "period: 2022/23 Q2\nmeasures:\n  S1: {value: '£1,300,000'}\n"}
    found = measures(run("evaluate q.yaml --format json", {**quarter, "rules.yaml": rules}))["S1"]
    assert (found["rag"], found["target"]) == ("green", 1250000)
    assert (
        found["reason"]["rag"]
        == "£1,300,000 is better than the target due by now, 1,250,000 (50% of the annual 2500000) by 50,000"
    )
    unknown = {"q.yaml": "period: Q2\nmeasures:\n  S1: {value: '£1,300,000'}\n"}  # no year: the annual target stands
    assert measures(run("evaluate q.yaml --format json", {**unknown, "rules.yaml": rules}))["S1"]["rag"] == "red"


# 27. audit says what each field was checked on, and a column with no readable word fails
def test_audit_fails_when_a_published_column_has_no_readable_word(run):
    rules = "measures:\n  - {id: H1, name: Higher, unit: count, polarity: higher, target: 100}\n"
    colour_only = "id,value,previous,published_rag,published_direction\nH1,120,100,,improving\n"
    result = run("audit q.csv", {**{"q.csv": colour_only}, "rules.yaml": rules})
    assert (result.exit_code, result.stderr) == (
        2,
        "error: q.csv: published_rag: the file has the column, but no row gives a word ragcalc can read, so it was "
        "checked on nothing (colour-only cells carry no word); type the ratings as words (green, amber, red), or "
        "remove the column\n",
    )
    typed = colour_only.replace(",,improving", ",green,improving")
    result = run("audit q.csv", {**{"q.csv": typed}, "rules.yaml": rules})
    assert result.stdout.endswith("1 measure checked (rag on 1, direction on 1), 1 agree, 0 disagree\n")
    history = "id,period,value,published_rag\nH1,Q3 2022/23,90,\nH1,Q4 2022/23,120,\n"
    result = run("audit h.csv", {**{"h.csv": history}, "rules.yaml": rules})
    assert result.exit_code == 2


# 30. still misleading from the first sweep
def test_ids_that_look_alike_are_suggested_and_warned_of(run):
    rules = (
        "measures:\n  - {id: C1, name: A, unit: count, polarity: higher, target: 5}\n"
        "  - {id: c1, name: B, unit: count, polarity: higher, target: 5}\n"
        "  - {id: \u04211, name: C, unit: count, polarity: higher, target: 5}\n"
    )
    result = run("validate", {"rules.yaml": rules})
    assert result.stdout.splitlines()[:2] == [
        "rules.yaml:3: warning: measure c1: id 'c1' differs from 'C1' (rules.yaml:2) only by case or by letters that "
        "look alike; give each measure an id that can be told apart [lookalike-id]",
        "rules.yaml:4: warning: measure \u04211: id '\u04211' differs from 'C1' (rules.yaml:2) only by case or by "
        "letters that look alike (character 1 is U+0421 CYRILLIC CAPITAL LETTER ES, not U+0043 LATIN CAPITAL LETTER "
        "C); give each measure an id that can be told apart [lookalike-id]",
    ]
    quarter = {"q.yaml": "period: Q4\nmeasures:\n  \u04211: {value: 3}\n"}
    one = "measures:\n  - {id: C1, name: A, unit: count, polarity: higher, target: 5}\n"
    result = run("evaluate q.yaml", {**quarter, "rules.yaml": one})
    assert "(did you mean 'C1'? They look alike, but character 1 is U+0421 CYRILLIC CAPITAL LETTER ES" in result.stderr


def test_a_number_split_at_its_comma_by_yaml_gets_a_hint_to_quote_it(run):
    rules = "measures:\n  - {id: C1, name: N, unit: count, polarity: higher, target: 1,200}\n"
    result = run("validate", {"rules.yaml": rules})
    assert "unknown key '200' (inside {...}, YAML splits a number such as 1,200 at its comma: quote it, e.g. " in (
        result.stdout
    )


# 19. running out of memory is one clear line, never an empty reason or a traceback
def test_out_of_memory_is_one_line_with_a_reason(monkeypatch, run):
    from ragcalc.inputs import quarter as quarter_module

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(quarter_module, "load_yaml", exhausted)
    result = run("evaluate q.yaml", {"q.yaml": "period: Q4\nmeasures:\n  H1: 70%\n"})
    assert (result.exit_code, result.stderr) == (
        2,
        "error: out of memory: the input is too large for this machine; split it by area or year\n",
    )


def test_a_workbook_that_exhausts_memory_says_so(monkeypatch, run):
    import openpyxl

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(openpyxl, "load_workbook", exhausted)
    result = run("evaluate q.xlsx", {"q.xlsx": b"PK"})
    assert result.stderr == (
        "error: q.xlsx: is too large to read in this machine's memory; copy the sheet into a new workbook, or save "
        "it as CSV UTF-8\n"
    )


# 22. trailing commas after a CSV export's header
def test_trailing_empty_header_cells_of_a_csv_are_ignored(run):
    quarter = {"q.csv": "id,value,previous,,\nH1,70%,69%,,\n"}
    assert measures(run("evaluate q.csv --format json", quarter))["H1"]["rag"] == "amber"
    history = {"h.csv": "id,period,value,,\nH1,Q3 2022/23,69%,,\nH1,Q4 2022/23,70%,,\n"}
    assert measures(run("evaluate h.csv --format json", history))["H1"]["rag"] == "amber"
