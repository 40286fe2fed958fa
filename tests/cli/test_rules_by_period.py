"""Rules in force at the time (issue 26, item 1): `target`, `tolerance`, `green_within` and `stretch` written as a
mapping of first period to value, each period rated under the keys in force then, in trend, evaluate of a history
or a quarter file, spc's assurance, audit and explain."""

from __future__ import annotations

import json

import pytest

from ragcalc.errors import Collector
from ragcalc.inputs.rules import load_rules
from ragcalc.rating import periods
from tests.helpers import rule_findings

RULES = """\
measures:
  - id: AE4
    name: Seen within 4 hours
    unit: percent
    polarity: higher
    target: {2022/23: 90%, 2024/25 Q3: 92%}
    tolerance: {2022/23: 2, Oct-24: 3}
"""


def _points(result) -> dict[str, dict]:
    return {p["period"]: p for p in json.loads(result.stdout)["measures"][0]["points"]}


def test_a_period_exactly_on_the_date_a_target_changes_is_rated_against_the_new_target(ragcalc):
    history = "id,period,value\nAE4,Q2 2024/25,90.5%\nAE4,Q3 2024/25,90.5%\n"
    points = _points(ragcalc("trend h.csv --rules r.yaml --format json", {"r.yaml": RULES, "h.csv": history}, code=0))
    assert (points["Q2 2024/25"]["target"], points["Q2 2024/25"]["rag"]) == (90, "green")  # the last day of 90%
    assert (points["Q3 2024/25"]["target"], points["Q3 2024/25"]["rag"]) == (92, "amber")  # the first of 92%


def test_a_monthly_trajectory_gives_each_month_its_own_target_and_none_before_it_starts(ragcalc):
    rules = "measures:\n  - {id: RTT, unit: percent, polarity: higher, tolerance: 1,\n" \
            "     target: {Sep-24: 58%, Oct-24: 59%}}\n"  # fmt: skip
    history = "id,period,value\nRTT,Aug-24,57%\nRTT,Sep-24,58%\nRTT,Oct-24,58.5%\n"
    points = _points(ragcalc("trend h.csv --rules r.yaml --format json", {"r.yaml": rules, "h.csv": history}, code=0))
    assert [(p["target"], p["rag"]) for p in points.values()] == [(None, None), (58, "green"), (59, "amber")]


def test_a_quarter_file_is_rated_under_the_keys_in_force_at_its_period(ragcalc):
    ragcalc.defaults = {"r.yaml": RULES}
    quarter = "period: {}\nmeasures:\n  AE4: {{value: 91%}}\n"
    before = ragcalc("evaluate q.yaml --rules r.yaml --format json", {"q.yaml": quarter.format("Q2 2024/25")}, code=0)
    after = ragcalc("evaluate q.yaml --rules r.yaml --format json", {"q.yaml": quarter.format("Q3 2024/25")}, code=0)
    assert json.loads(before.stdout)["measures"][0]["rag"] == "green"
    assert json.loads(after.stdout)["measures"][0]["rag"] == "amber"


def test_a_quarter_file_without_a_period_is_rated_under_the_latest_entries(ragcalc):
    result = ragcalc("evaluate q.yaml --rules r.yaml --format json",
                     {"r.yaml": RULES, "q.yaml": "measures:\n  AE4: {value: 91%}\n"}, code=0)  # fmt: skip
    assert json.loads(result.stdout)["measures"][0]["target"] == 92


def test_explain_names_the_entry_of_each_changing_key_in_force(ragcalc):
    quarter = "period: Q3 2024/25\nmeasures:\n  AE4: {value: 91%}\n"
    out = ragcalc("explain q.yaml AE4 --rules r.yaml", {"r.yaml": RULES, "q.yaml": quarter}, code=0).stdout
    assert "  by period:  target 92% from 2024/25 Q3, tolerance 3 from Oct-24\n" in out


def test_a_history_rows_own_target_still_wins_for_its_row(ragcalc):
    history = "id,period,value,target\nAE4,Q3 2024/25,90.5%,90%\n"
    rules = RULES.replace("polarity: higher", "polarity: higher\n    target_from_file: true")
    points = _points(ragcalc("trend h.csv --rules r.yaml --format json", {"r.yaml": rules, "h.csv": history}, code=0))
    assert (points["Q3 2024/25"]["target"], points["Q3 2024/25"]["rag"]) == (90, "green")


def test_a_history_target_is_compared_with_the_target_in_force_for_its_period(ragcalc):
    history = "id,period,value,target\nAE4,Q2 2024/25,90.5%,90%\nAE4,Q3 2024/25,90.5%,92%\n"
    result = ragcalc("trend h.csv --rules r.yaml", {"r.yaml": RULES, "h.csv": history}, code=0)
    assert result.stderr == ""  # 90% in Q2 and 92% in Q3 are each the target in force: no target-differs


def test_audit_flags_a_published_rating_made_under_the_old_target(ragcalc):
    history = "id,period,value,published_rag\nAE4,Q2 2024/25,90.5%,Green\nAE4,Q3 2024/25,90.5%,Green\n"
    result = ragcalc("audit h.csv --rules r.yaml", {"r.yaml": RULES, "h.csv": history}, code=1)
    assert result.stdout.splitlines()[4:] == [
        "AE4  Q3 2024/25  rag    green      amber     90.5% is short of the target 92% by 1.5 points, within the "
        "tolerance of 3 points",
        "",
        "2 ratings checked (rag on 2, direction on 0), 1 agree, 1 disagree",
    ]


def test_spc_judges_assurance_against_the_target_in_force_at_the_latest_point(ragcalc):
    ragcalc.defaults = {"r.yaml": RULES}

    def assurance(last: int) -> str:  # 15 months to October 2024 (month 10), alternating 91.1% and 90.9%
        months = [periods.month(2024, last).shifted(step - 14) for step in range(15)]
        rows = "".join(f"AE4,{m.canonical},{'90.9' if k % 2 else '91.1'}%\n" for k, m in enumerate(months))
        result = ragcalc("spc h.csv --rules r.yaml --format json", {"h.csv": "id,period,value\n" + rows}, code=0)
        return json.loads(result.stdout)["measures"][0]["assurance"]

    assert assurance(10) == "fail"  # limits 90.5%-91.5% never reach the 92% in force from Q3 (October)
    assert assurance(9) == "pass"  # in September the 90% then in force is always met


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("{2024 Q3: 92%}", "target: '2024 Q3' could be the calendar quarter"),
        ("{2024/25 Q3: 92%, Oct-24: 93%}", "target: 'Oct-24' and '2024/25 Q3' start in the same month; keep one"),
        ("{2024/25: lots}", "target: 2024/25: "),
    ],
)
def test_a_mapping_that_is_not_first_periods_to_values_is_an_error_at_its_key(tmp_path, written, message):
    found = rule_findings(tmp_path, f"measures:\n  - id: A\n    polarity: higher\n    target: {written}\n")
    assert [(f.line, f.message[: len(message)]) for f in found if f.severity == "error"] == [(4, message)]


def test_a_band_problem_in_an_earlier_stretch_names_the_stretch(tmp_path):
    found = rule_findings(tmp_path, "measures:\n  - id: A\n    polarity: higher\n    target: {2022/23: 80}\n"
                                    "    tolerance: {2022/23: 2, 2024/25: 10}\n    green_within: 5\n")  # fmt: skip
    assert [f.message[:45] for f in found if f.severity == "error"] == ["from 2022/23: green_within 5 is wider than to"]


def test_a_rule_in_force_is_chosen_by_first_month_across_granularities(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(RULES)
    (rule,) = load_rules(str(path), Collector()).rules
    in_force = {
        label: rule.at(periods.parse(label)) for label in ("2021/22", "Sep-24", "Oct-24", "2024/25", "Q4 2024/25")
    }
    assert {label: (r.target and r.target.text, r.tolerance.text) for label, r in in_force.items()} == {
        "2021/22": (None, "0"),  # before any entry: no target, no band
        "Sep-24": ("90%", "2"),
        "Oct-24": ("92%", "3"),
        "2024/25": ("90%", "2"),  # a year is in force from its first month, April
        "Q4 2024/25": ("92%", "3"),
    }
    assert rule.at(None) is rule  # no period known: the latest entries
    assert rule.target == in_force["Q4 2024/25"].target
