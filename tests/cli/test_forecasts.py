"""Year-end predictions and forecasts end to end: a draft's `predicted_rag` read with labels and DNA, the
`forecast:` key checked, shown and counted, and `audit --forecast` comparing the two."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ragcalc.cli import main
from tests.helpers import ROOT

RULES = """measures:
  - id: M1
    name: Savings
    polarity: higher
    unit: count
    target: 1000
    tolerance: 100
    cumulative: true
    forecast: profile
    labels: {green: On track, red: Off track, not_rated: DNA}
  - id: M2
    name: Visits
    polarity: higher
    unit: count
    target: 400
    forecast: run-rate
"""


@pytest.fixture
def run(ragcalc):
    """The shared runner on a quarter file of these rules: `run(QUARTER, "evaluate", "--format", "json")`."""

    def on(quarter: str, command: str, *args: str, code: int = 0):
        files = {"rules.yaml": RULES, "q.yaml": quarter}
        return ragcalc([command, "q.yaml", "--rules", "rules.yaml", *args], files, code=code)

    return on


QUARTER = """period: Q2 2023/24
previous_period: Q1 2023/24
measures:
  M1: {value: 450, previous: 200, predicted_rag: On track, predicted_value: 1000}
  M2: {value: 100, previous: 90, predicted_rag: DNA}
"""


def test_a_stated_prediction_is_read_with_the_rule_s_labels_and_dna(run):
    measures = json.loads(run(QUARTER, "evaluate", "--format", "json").stdout)["measures"]
    stated = {m["id"]: (m["predicted_rag"], m["predicted_value"]) for m in measures}
    assert stated == {"M1": ("green", 1000), "M2": (None, None)}  # DNA: the draft predicts no rating


def test_forecasts_are_in_json_the_table_and_the_summary(run):
    measures = json.loads(run(QUARTER, "evaluate", "--format", "json").stdout)["measures"]
    projected = {m["id"]: (m["forecast"], m["forecast_rag"], m["forecast_method"]) for m in measures}
    # 450 / (2/4); a quarter file's one value stands for every quarter of the year (issue 22): 100 x 4
    assert projected == {"M1": (900, "amber", "profile"), "M2": (400, "green", "run-rate")}
    table = run(QUARTER, "evaluate").stdout
    assert "Predicted" in table
    assert "Forecast" in table
    assert "900 Amber" in table
    assert "Predicted year-end (as stated): G 1, not rated 1" in table
    assert "Forecast year-end: G 1, A 1" in table


def test_audit_forecast_lists_each_prediction_the_projection_does_not_reach(run):
    result = run(QUARTER, "audit", "--forecast", "--format", "json", code=1)
    found = json.loads(result.stdout)
    assert (found["checked"], found["agree"]) == (2, 0)
    first = found["disagreements"][0]
    assert (first["id"], first["field"], first["published"], first["computed"]) == ("M1", "forecast", "green", "amber")
    assert first["reason"] == (
        "the draft predicts On track (1000); projected: profile: Q2 2023/24 450 year to date / 50% of the annual "
        "target due by then = 900, short of the year-end target 1000 by 100: amber"
    )


def test_audit_forecast_with_nothing_predicted_checks_nothing_and_fails(run):
    quarter = "period: Q2 2023/24\nmeasures:\n  M1: {value: 450}\n"
    result = run(quarter, "audit", "--forecast", code=2)
    assert "nothing to audit: no measure both states a predicted_rag and has a forecast: rule" in result.stderr


def test_a_prediction_word_not_understood_is_warned_of_and_ignored(run):
    quarter = "period: Q2 2023/24\nmeasures:\n  M1: {value: 450, predicted_rag: maybe}\n"
    result = run(quarter, "evaluate")
    assert "predicted_rag: 'maybe' is not a RAG rating; write one of On track, Off track, DNA" in result.stderr


def test_forecast_profile_needs_a_cumulative_measure(tmp_path):
    (tmp_path / "rules.yaml").write_text(RULES.replace("    cumulative: true\n", ""), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--rules", str(tmp_path / "rules.yaml")])
    assert result.exit_code == 1
    assert "forecast: profile projects a cumulative (year-to-date) measure" in result.stdout


def test_the_shipped_history_forecasts_a_cumulative_and_a_monthly_measure():
    history = str(ROOT / "examples" / "history-2022-23.csv")
    args = ["evaluate", history, "--rules", str(ROOT / "rules"), "--period", "Q2 2022/23", "--format", "json"]
    measures = json.loads(CliRunner().invoke(main, args).stdout)["measures"]
    projected = {m["id"]: (m["forecast"], m["forecast_rag"]) for m in measures if "forecast" in m}
    assert projected["RS403"] == (2600000, "green")  # £1,300,000 at Q2 / 2/4
    assert projected["CF201"][1] == "green"  # the line through Apr-Sep 2022 reaches 99.71% by March
