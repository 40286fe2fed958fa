"""Many areas under one rule set: inputs with an area, per-area output, --area, --group-by area, errors."""

from __future__ import annotations

import json
import shlex
import textwrap

from click.testing import CliRunner

from ragcalc.cli import main

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


def run(tmp_path, monkeypatch, files: dict[str, str], command: str):
    monkeypatch.chdir(tmp_path)
    for name, text in {"rules": RULES, **files}.items():  # the rules where --rules looks by default
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return CliRunner().invoke(main, shlex.split(command), catch_exceptions=False)


def measures(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["measures"]


def test_one_area_of_an_area_file_rates_as_the_same_rows_without_areas(tmp_path, monkeypatch):
    plain = "id,period,value,target\nA1,Q1 2023/24,60%,\nA1,Q2 2023/24,69%,68%\nB1,Q2 2023/24,55%,\n"
    files = {"areas.csv": AREA_HISTORY, "york.csv": plain}
    york = measures(run(tmp_path, monkeypatch, files, "evaluate areas.csv --area York --format json"))
    alone = measures(run(tmp_path, monkeypatch, files, "evaluate york.csv --format json"))
    assert [m.pop("area") for m in york] == ["York", "York"]
    assert york == alone


def test_every_area_is_rated_for_every_rule_and_an_areas_own_target_applies_to_it_only(tmp_path, monkeypatch):
    rated = measures(run(tmp_path, monkeypatch, {"h.csv": AREA_HISTORY}, "evaluate h.csv --format json"))
    assert [(m["area"], m["id"], m["rag"], m["target"]) for m in rated] == [
        ("Leeds", "A1", "green", 70),
        ("Leeds", "B1", None, 50),  # no data for Leeds
        ("York", "A1", "green", 68),  # York's own target for Q2
        ("York", "B1", "green", 50),
    ]


def test_summaries_per_area_and_per_area_and_group(tmp_path, monkeypatch):
    files = {"h.csv": AREA_HISTORY}
    by_area = json.loads(run(tmp_path, monkeypatch, files, "evaluate h.csv --format json --group-by area").stdout)
    assert [(g["group"], g["green"], g["not_rated"]) for g in by_area["summary"]["groups"]] == [
        ("Leeds", 1, 1),
        ("York", 2, 0),
    ]
    both = json.loads(run(tmp_path, monkeypatch, files, "evaluate h.csv --format json --group-by area,group").stdout)
    assert [g["group"] for g in both["summary"]["groups"]] == ["Leeds · One", "Leeds · Two", "York · One", "York · Two"]


def test_a_duplicate_area_measure_and_period_is_an_error_naming_the_area(tmp_path, monkeypatch):
    history = AREA_HISTORY + "    York,A1,Q2 2023/24,70%,\n"
    result = run(tmp_path, monkeypatch, {"h.csv": history}, "evaluate h.csv")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: h.csv:7: area York, measure A1: period 'Q2 2023/24' appears twice (first at line 5); keep one\n"
    )


def test_the_same_measure_and_period_in_two_areas_is_not_a_duplicate(tmp_path, monkeypatch):
    result = run(tmp_path, monkeypatch, {"h.csv": AREA_HISTORY}, "trend h.csv --format csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "area,id,name,group,period,value,target,rag,direction"


def test_a_row_without_its_area_is_an_error(tmp_path, monkeypatch):
    history = AREA_HISTORY + "    ,A1,Q3 2023/24,70%,\n"
    result = run(tmp_path, monkeypatch, {"h.csv": history}, "evaluate h.csv")
    assert result.stderr == "error: h.csv:7: area: the row has none; in a file of areas every row names its area\n"


def test_a_yaml_quarter_file_of_areas_and_an_error_that_names_its_area(tmp_path, monkeypatch):
    quarter = """\
        period: Q2 2023/24
        areas:
          Leeds: {measures: {A1: {value: 71%, previous: 69%}}}
          York: {measures: {A1: 69%, Z9: 3}}
    """
    result = run(tmp_path, monkeypatch, {"q.yaml": quarter}, "evaluate q.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: q.yaml:4: area York, measure Z9: no rule defines this id")
    quarter = quarter.replace(", Z9: 3", "")
    rated = measures(run(tmp_path, monkeypatch, {"q.yaml": quarter}, "evaluate q.yaml --format json --area York"))
    assert [(m["area"], m["id"], m["rag"]) for m in rated] == [("York", "A1", "amber"), ("York", "B1", None)]


def test_a_yaml_history_gives_each_entry_its_area(tmp_path, monkeypatch):
    history = """\
        measures:
          A1:
            - {area: Leeds, period: Q1 2023/24, value: 69%}
            - {area: York, period: Q1 2023/24, value: 60%}
    """
    rated = measures(run(tmp_path, monkeypatch, {"h.yaml": history}, "evaluate h.yaml --format json"))
    assert [(m["area"], m["id"], m["value"]) for m in rated if m["value"] is not None] == [
        ("Leeds", "A1", 69),
        ("York", "A1", 60),
    ]


def test_area_options_on_a_file_without_areas_are_refused(tmp_path, monkeypatch):
    files = {"q.yaml": "measures:\n  A1: 70%\n"}
    result = run(tmp_path, monkeypatch, files, "evaluate q.yaml --area Leeds")
    assert result.stderr == "error: q.yaml: --area: q.yaml has no areas (no 'area' column or 'areas:' key)\n"
    result = run(tmp_path, monkeypatch, files, "evaluate q.yaml --group-by area")
    assert result.stderr == "error: --group-by: the file has no areas; use one of group\n"


def test_explain_in_a_file_of_areas_needs_one(tmp_path, monkeypatch):
    files = {"h.csv": AREA_HISTORY}
    result = run(tmp_path, monkeypatch, files, "explain h.csv A1")
    assert result.stderr == "error: h.csv: the file has areas (Leeds, York); say which with --area\n"
    out = run(tmp_path, monkeypatch, files, "explain h.csv A1 --area York").stdout
    assert "  69% meets the target 68%" in out or "69% is better than the target 68%" in out


def test_spc_charts_each_area_and_measure(tmp_path, monkeypatch):
    charts = measures(run(tmp_path, monkeypatch, {"h.csv": AREA_HISTORY}, "spc h.csv --format json"))
    assert [(m["area"], m["id"], len(m["points"])) for m in charts] == [
        ("Leeds", "A1", 2),
        ("York", "A1", 2),
        ("York", "B1", 1),
    ]
