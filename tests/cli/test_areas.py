"""Many areas under one rule set: inputs with an area, per-area output, --area, --group-by area, errors."""

from __future__ import annotations

import json

import pytest

RULES = """\
    defaults: {unit: percent, polarity: higher, tolerance: 2}
    measures:
      - {id: A1, name: Alpha, target: 70, group: One}
      - {id: B1, name: Beta, target: 50, group: Two}
"""
AREA_HISTORY = """\
    area,id,period,value,target
    Leeds,A1,Q1 2023/24,69%,
    Leeds,A1,Q2 2023/24,71%,
    York,A1,Q1 2023/24,60%,
    York,A1,Q2 2023/24,69%,68%
    York,B1,Q2 2023/24,55%,
"""


@pytest.fixture
def run(ragcalc):
    """The shared runner, with these rules where --rules looks by default."""
    ragcalc.defaults = {"rules": RULES}
    return ragcalc


def measures(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["measures"]


def test_one_area_of_an_area_file_rates_as_the_same_rows_without_areas(run):
    plain = "id,period,value,target\nA1,Q1 2023/24,60%,\nA1,Q2 2023/24,69%,68%\nB1,Q2 2023/24,55%,\n"
    files = {"areas.csv": AREA_HISTORY, "york.csv": plain}
    york = measures(run("evaluate areas.csv --area York --format json", files))
    alone = measures(run("evaluate york.csv --format json", files))
    assert [m.pop("area") for m in york] == ["York", "York"]
    assert york == alone


def test_every_area_is_rated_for_every_rule_and_an_areas_own_target_applies_to_it_only(run):
    rated = measures(run("evaluate h.csv --format json", {"h.csv": AREA_HISTORY}))
    assert [(m["area"], m["id"], m["rag"], m["target"]) for m in rated] == [
        ("Leeds", "A1", "green", 70),
        ("Leeds", "B1", None, 50),  # no data for Leeds
        ("York", "A1", "green", 68),  # York's own target for Q2
        ("York", "B1", "green", 50),
    ]


def test_summaries_per_area_and_per_area_and_group(run):
    files = {"h.csv": AREA_HISTORY}
    by_area = json.loads(run("evaluate h.csv --format json --group-by area", files).stdout)
    assert [(g["group"], g["green"], g["not_rated"]) for g in by_area["summary"]["groups"]] == [
        ("Leeds", 1, 1),
        ("York", 2, 0),
    ]
    both = json.loads(run("evaluate h.csv --format json --group-by area,group", files).stdout)
    assert [g["group"] for g in both["summary"]["groups"]] == ["Leeds · One", "Leeds · Two", "York · One", "York · Two"]


def test_a_duplicate_area_measure_and_period_is_an_error_naming_the_area(run):
    history = AREA_HISTORY + "    York,A1,Q2 2023/24,70%,\n"
    result = run("evaluate h.csv", {"h.csv": history})
    assert result.exit_code == 2
    assert result.stderr == (
        "error: h.csv:7: area York, measure A1: period 'Q2 2023/24' appears twice (first at line 5); keep one\n"
    )


def test_the_same_measure_and_period_in_two_areas_is_not_a_duplicate(run):
    result = run("trend h.csv --format csv", {"h.csv": AREA_HISTORY})
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "area,id,name,group,period,value,target,rag,direction"


def test_a_row_without_its_area_is_an_error(run):
    history = AREA_HISTORY + "    ,A1,Q3 2023/24,70%,\n"
    result = run("evaluate h.csv", {"h.csv": history})
    assert result.stderr == "error: h.csv:7: area: the row has none; in a file of areas every row names its area\n"


def test_a_yaml_quarter_file_of_areas_and_an_error_that_names_its_area(run):
    quarter = """\
        period: Q2 2023/24
        areas:
          Leeds: {measures: {A1: {value: 71%, previous: 69%}}}
          York: {measures: {A1: 69%, Z9: 3}}
    """
    result = run("evaluate q.yaml", {"q.yaml": quarter})
    assert result.exit_code == 2
    assert result.stderr.startswith("error: q.yaml:4: area York, measure Z9: no rule defines this id")
    quarter = quarter.replace(", Z9: 3", "")
    rated = measures(run("evaluate q.yaml --format json --area York", {"q.yaml": quarter}))
    assert [(m["area"], m["id"], m["rag"]) for m in rated] == [("York", "A1", "amber"), ("York", "B1", None)]


def test_a_yaml_history_gives_each_entry_its_area(run):
    history = """\
        measures:
          A1:
            - {area: Leeds, period: Q1 2023/24, value: 69%}
            - {area: York, period: Q1 2023/24, value: 60%}
    """
    rated = measures(run("evaluate h.yaml --format json", {"h.yaml": history}))
    assert [(m["area"], m["id"], m["value"]) for m in rated if m["value"] is not None] == [
        ("Leeds", "A1", 69),
        ("York", "A1", 60),
    ]


def test_area_options_on_a_file_without_areas_are_refused(run):
    files = {"q.yaml": "measures:\n  A1: 70%\n"}
    result = run("evaluate q.yaml --area Leeds", files)
    assert result.stderr == "error: q.yaml: --area: q.yaml has no areas (no 'area' column or 'areas:' key)\n"
    result = run("evaluate q.yaml --group-by area", files)
    assert result.stderr == "error: --group-by: the file has no areas; use one of group\n"


def test_explain_in_a_file_of_areas_needs_one(run):
    files = {"h.csv": AREA_HISTORY}
    result = run("explain h.csv A1", files)
    assert result.stderr == "error: h.csv: the file has areas (Leeds, York); say which with --area\n"
    out = run("explain h.csv A1 --area York", files).stdout
    assert "  69% meets the target 68%" in out or "69% is better than the target 68%" in out


def test_spc_charts_each_area_and_measure(run):
    charts = measures(run("spc h.csv --format json", {"h.csv": AREA_HISTORY}))
    assert [(m["area"], m["id"], len(m["points"])) for m in charts] == [
        ("Leeds", "A1", 2),
        ("York", "A1", 2),
        ("York", "B1", 1),
    ]
