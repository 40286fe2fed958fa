"""`ragcalc spc` end to end: the warnings MDC's tool gives, refusals, settings from rule files, --last."""

from __future__ import annotations

import json

import pytest

RULES = """\
    defaults: {unit: count}
    measures:
      - {id: A1, name: Alpha, polarity: higher, target: 12, target_from_file: true}
      - {id: B1, name: Beta, polarity: lower, spc: {min_points: 3, shift: 3}}
      - {id: P1, kind: project}
"""


@pytest.fixture
def run(ragcalc):
    """The shared runner, with these rules as rules.yaml."""
    ragcalc.defaults = {"rules.yaml": RULES}
    return ragcalc


def rows(*lines: str) -> str:
    return "id,period,value,target\n" + "\n".join(lines) + "\n"


def test_spc_warns_of_a_gap_a_missing_value_a_target_change_and_a_flat_segment(run):
    history = rows(
        "A1,Apr-23,10,12",
        "A1,May-23,11,12",
        "A1,Jul-23,10,13",  # a gap (no June), and the target changes
        "A1,Aug-23,n/a,13",
        "B1,Apr-23,5,",
        "B1,May-23,5,",
        "B1,Jun-23,5,",
    )
    result = run("spc h.csv --rules rules.yaml --format json", {"h.csv": history})
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "warning: h.csv:5: measure A1: has no value: the SPC chart leaves the period out",
        "warning: h.csv:4: measure A1: a gap: no value between May-23 and Jul-23; the chart joins them",
        "warning: h.csv:4: measure A1: the target changes within an SPC segment (at Jul-23); the assurance icon "
        "reads the latest: add 'rebase: [Jul-23]' to the rule's spc settings if the process changed then",
        "warning: h.csv:6: measure B1: all 3 values from Apr-23 are equal: the moving ranges are 0, so the limits "
        "collapse onto the mean and no point is marked for it",
    ]
    alpha, beta = json.loads(result.stdout)["measures"]
    assert alpha["no_icon_reason"] == "3 points: the icons need at least 15"
    assert (beta["variation"], beta["mean"], beta["ucl"]) == ("common_cause", 5, 5)
    assert beta["no_icon_reason"] == "no assurance icon: no target"


def test_a_single_point_has_no_limits_and_says_so(run):
    result = run("spc h.csv --rules rules.yaml --format csv", {"h.csv": rows("A1,Apr-23,10,")})
    assert "warning: h.csv:2: measure A1: has 1 point: an SPC chart needs 2 for a limit" in result.stderr
    assert result.stdout.splitlines()[1] == "A1,Alpha,Ungrouped,Apr-23,10,,,,,,,"


def test_spc_of_a_quarter_file_is_refused(run):
    result = run("spc q.yaml --rules rules.yaml", {"q.yaml": "measures:\n  A1: 10\n"})
    assert result.exit_code == 2
    assert "q.yaml is a quarter file; spc needs a history file" in result.stderr


def test_last_keeps_the_last_points_and_must_be_positive(run):
    history = rows(
        *(f"B1,{month}-23,{value}," for month, value in zip(["Apr", "May", "Jun", "Jul"], [5, 6, 7, 9], strict=False))
    )
    result = run("spc h.csv --rules rules.yaml --format json --last 2", {"h.csv": history})
    (measure,) = json.loads(result.stdout)["measures"]
    assert [point["period"] for point in measure["points"]] == ["Jun-23", "Jul-23"]
    assert run("spc h.csv --rules rules.yaml --last 0", {"h.csv": history}).exit_code == 2


def test_settings_from_the_rule_file_apply_a_shift_of_3_and_icons_from_3_points(run):
    history = rows(
        *(
            f"B1,{month}-23,{value},"
            for month, value in zip(["Apr", "May", "Jun", "Jul", "Aug"], [1, 9, 6, 6, 6], strict=False)
        )
    )
    result = run("spc h.csv --rules rules.yaml --format json", {"h.csv": history})
    (measure,) = json.loads(result.stdout)["measures"]
    assert [point["rules"] for point in measure["points"]][-3:] == [["shift"]] * 3
    assert measure["variation"] == "concern_high"  # lower is better, and a shift above the mean (5.6)


def test_bad_spc_settings_are_reported_with_their_line(run):
    rules = "measures:\n  - {id: A1, polarity: higher, spc: {shfit: 7, trend: 1, rebase: [Q5 2023/24]}}\n"
    result = run("validate --rules rules.yaml", {"rules.yaml": rules})
    assert result.exit_code == 1
    assert "spc: unknown key 'shfit' (did you mean 'shift'?)" in result.stdout
    assert "spc: trend: expected a whole number of points, 2 or more, got '1'" in result.stdout
    assert "spc: rebase:" in result.stdout


def test_explain_spc_needs_a_history_and_a_measure_with_values(run):
    files = {"h.csv": rows("A1,Apr-23,10,", "A1,May-23,11,")}
    assert "no measure 'Z9' in the rules" in run("explain h.csv Z9 --spc --rules rules.yaml", files).stderr
    assert "B1 has no values in h.csv" in run("explain h.csv B1 --spc --rules rules.yaml", files).stderr
    quarter = {"q.yaml": "measures:\n  A1: 10\n"}
    assert "SPC needs a history file" in run("explain q.yaml A1 --spc --rules rules.yaml", quarter).stderr


def test_explain_spc_names_the_run_that_marks_the_latest_point(run):
    months = ["Apr", "May", "Jun", "Jul", "Aug"]
    history = rows(*(f"B1,{month}-23,{value}," for month, value in zip(months, [1, 9, 6, 6, 6], strict=True)))
    out = run("explain h.csv B1 --spc --rules rules.yaml", {"h.csv": history}).stdout
    assert "  a shift: 4 points in a row above the mean (May-23 to Aug-23)\n" in out
    assert (
        "Variation: concern high\n  the latest point is a special cause on the high side and lower is better\n" in out
    )
    assert "Assurance: -\n  no assurance icon: no target\n" in out


def test_explain_spc_of_a_short_series_says_the_icons_need_more_points(run):
    history = rows("A1,Apr-23,10,", "A1,May-23,20,")
    out = run("explain h.csv A1 --spc --rules rules.yaml", {"h.csv": history}).stdout
    assert "Variation: -\n  no icon: 2 points: the icons need at least 15\n" in out
    assert "  Apr-23 to May-23 (2 points): mean 15, MR-bar 10; limits -11.6 to 41.6, 2-sigma" in out


def test_assurance_uses_the_target_in_force_at_the_latest_point(run):
    values = [10, 11, 10, 12, 11, 10, 11, 12, 10, 11, 10, 12, 11, 10, 11]
    months = ["Apr-22", "May-22", "Jun-22", "Jul-22", "Aug-22", "Sep-22", "Oct-22", "Nov-22", "Dec-22", "Jan-23"]
    months += ["Feb-23", "Mar-23", "Apr-23", "May-23", "Jun-23"]
    lines = [f"A1,{month},{value}," for month, value in zip(months, values, strict=True)]
    lines[-1] = lines[-1] + "n/a"  # the latest row: no target this period
    result = run("spc h.csv --rules rules.yaml --format json", {"h.csv": rows(*lines)})
    (alpha,) = json.loads(result.stdout)["measures"]
    assert alpha["assurance"] is None
    assert alpha["no_icon_reason"] == "no assurance icon: no target"
    lines[-1] = lines[-1].replace("n/a", "5")  # the row's own target: the process passes it every time
    result = run("explain h.csv A1 --spc --rules rules.yaml", {"h.csv": rows(*lines)})
    assert "the target 5 is at or below the lower limit" in result.stdout
