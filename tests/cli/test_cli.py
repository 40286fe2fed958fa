"""The command line as a user runs it (cli.py, app.py, output/outfile.py): formats, exit codes, gates, output files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from ragcalc import __version__
from ragcalc.cli import wants_colour
from ragcalc.output import scorecard
from ragcalc.output.tables import Style
from tests.helpers import ROOT, write_inputs

RULES = """
measures:
  - {id: A1, name: Alpha, polarity: higher, unit: percent, target: 50, tolerance: 5, group: One}
  - {id: B2, name: Beta, polarity: lower, target: 10, group: Two, tags: {outcome: Health}}
  - {id: P1, name: Project, kind: project, group: Two}
"""
QUARTER = """
period: Q4
previous_period: Q3
measures:
  A1: {value: 47%, previous: 44%}
  B2: {value: 12, previous: 10, published_rag: green}
  P1: {rag: green, previous_rag: amber}
"""


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_inputs(tmp_path, RULES, QUARTER)
    return tmp_path


@pytest.fixture
def run(ragcalc):
    """The shared runner in a terminal 100 columns wide."""
    return lambda *args, env=None: ragcalc(args, env={"COLUMNS": "100", **(env or {})})


def test_table_output_exact(files, run):
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == textwrap.dedent("""\
        Scorecard: Q4 (previous: Q3)

        One

        ID  Measure  Value  Previous  Target  RAG    DoT
        --  -------  -----  --------  ------  -----  ---
        A1  Alpha    47%    44%       50%     Amber  ↑

        Two

        ID  Measure  Value  Previous  Target  RAG    DoT  Published
        --  -------  -----  --------  ------  -----  ---  ---------
        B2  Beta     12     10        10      Red    ↓    Green
        P1  Project                           Green  ↑

        Summary

        Group  Measures  G  A  R  B  Not rated  ↑  →  ↓  No DoT  On target  Improving
        -----  --------  -  -  -  -  ---------  -  -  -  ------  ---------  ---------
        One           1  0  1  0  0          0  1  0  0       0       0.0%     100.0%
        Two           2  1  0  1  0          0  1  0  1       0      50.0%      50.0%
        Total         3  1  1  1  0          0  2  0  1       0      33.3%      66.7%
        """)


def test_markdown_output_is_github_pipe_tables(files, run):
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", "--format", "markdown", "--only", "amber")
    assert result.stdout.splitlines()[:7] == [
        "## Scorecard: Q4 (previous: Q3)",
        "",
        "### One",
        "",
        "| ID | Measure | Value | Previous | Target | RAG   | DoT |",
        "|----|---------|-------|----------|--------|-------|-----|",
        "| A1 | Alpha   | 47%   | 44%      | 50%    | Amber | ↑   |",
    ]
    assert "| Total |        3 | 1 | 1 | 1 | 0 |" in result.stdout


def test_csv_output_has_one_row_per_measure(files, run):
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", "--format", "csv")
    assert result.stdout.splitlines() == [
        "id,name,group,unit,polarity,value,previous,target,comparator,tolerance,rag,direction,change,"
        "published_rag,published_direction,note",
        "A1,Alpha,One,percent,higher,47,44,50,,5,amber,improving,3,,,",
        "B2,Beta,Two,count,lower,12,10,10,,0,red,deteriorating,2,green,,",
        "P1,Project,Two,count,,,,,,,green,improving,,,,",
    ]


def test_csv_summary_only(files, run):
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", "--format", "csv", "--summary-only")
    assert result.stdout.splitlines() == [
        "group,measures,green,amber,red,blue,not_rated,improving,static,deteriorating,no_direction,"
        "on_target_pct,improving_pct",
        "One,1,0,1,0,0,0,1,0,0,0,0.0,100.0",
        "Two,2,1,0,1,0,0,1,0,1,0,50.0,50.0",
        "Total,3,1,1,1,0,0,2,0,1,0,33.3,66.7",
    ]


def test_json_output_follows_the_contract(files, run):
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", "--format", "json")
    document = json.loads(result.stdout)
    assert set(document) == {"period", "previous_period", "group_by", "measures", "summary"}
    first = document["measures"][0]
    assert {
        "id",
        "name",
        "group",
        "unit",
        "polarity",
        "value",
        "previous",
        "target",
        "comparator",
        "tolerance",
        "rag",
        "direction",
        "change",
        "published_rag",
        "published_direction",
        "note",
    } <= set(first)
    assert (first["value"], first["target"], first["tolerance"], first["rag"], first["direction"], first["change"]) == (
        47,
        50,
        5,
        "amber",
        "improving",
        3,
    )
    assert document["measures"][1]["published_rag"] == "green"
    summary = document["summary"]
    assert summary["total"] == {
        "measures": 3,
        "green": 1,
        "amber": 1,
        "red": 1,
        "blue": 0,
        "not_rated": 0,
        "improving": 2,
        "static": 0,
        "deteriorating": 1,
        "no_direction": 0,
        "on_target_pct": 33.3,
        "improving_pct": 66.7,
    }
    assert (summary["on_target_pct"], summary["improving_pct"]) == (33.3, 66.7)
    assert [g["group"] for g in summary["groups"]] == ["One", "Two"]


def test_json_numbers_are_written_with_their_exact_digits(files, run):
    (files / "q.yaml").write_text("measures:\n  A1: {value: 64.30000000000000001%, previous: 0.1%}\n")
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", "--format", "json")
    assert '"value": 64.30000000000000001,' in result.stdout
    assert '"change": 64.20000000000000001,' in result.stdout


def test_only_lists_matching_measures_but_summary_counts_all(files, run):
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", "--format", "json", "--only", "red,green")
    document = json.loads(result.stdout)
    assert [m["id"] for m in document["measures"]] == ["B2", "P1"]
    assert document["summary"]["total"]["measures"] == 3


def test_only_with_no_match_says_so(files, run):
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", "--only", "blue")
    assert "No measures match --only." in result.stdout


def test_group_by_tag(files, run):
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", "--format", "json", "--group-by", "outcome")
    assert [g["group"] for g in json.loads(result.stdout)["summary"]["groups"]] == ["(no outcome)", "Health"]


def test_fail_on_trips_with_exit_1_and_names_the_measures(files, run):
    result = run(
        "evaluate", "q.yaml", "--rules", "rules.yaml", "--summary-only", "--fail-on", "red", "--fail-on", "amber"
    )
    assert result.exit_code == 1
    assert result.stderr == "--fail-on red: 1 measure red: B2\n--fail-on amber: 1 measure amber: A1\n"
    assert "Summary" in result.stdout


def test_fail_on_that_does_not_trip_exits_0(files, run):
    (files / "q.yaml").write_text("measures:\n  A1: {value: 51%, previous: 52%}\n")
    assert run("evaluate", "q.yaml", "--rules", "rules.yaml", "--fail-on", "red").exit_code == 0


def test_ascii_arrows(files, run):
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", "--ascii")
    assert "Amber  up" in result.stdout
    assert "↑" not in result.stdout


def test_output_file_is_written_and_stdout_stays_empty(files, run):
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", "--format", "json", "--output", "out.json")
    assert (result.exit_code, result.stdout) == (0, "")
    assert json.loads((files / "out.json").read_text(encoding="utf-8"))["period"] == "Q4"
    assert [p.name for p in files.iterdir() if p.name.startswith(".ragcalc-")] == []


def test_output_refuses_to_overwrite_an_input_file(files, run):
    before = (files / "q.yaml").read_text()
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", "--output", "q.yaml")
    assert result.exit_code == 2
    assert result.stderr == "error: q.yaml: --output would overwrite the input file q.yaml; choose another name\n"
    assert (files / "q.yaml").read_text() == before


def test_output_refuses_to_overwrite_a_rule_file(files, run):
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", "--output", "./rules.yaml")
    assert result.exit_code == 2
    assert "would overwrite the input file rules.yaml" in result.stderr


def test_output_into_a_missing_folder_is_a_clear_error(files, run):
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", "--output", "nowhere/out.txt")
    assert result.exit_code == 2
    assert result.stderr == "error: nowhere/out.txt: cannot write: the folder nowhere does not exist\n"


def test_bad_input_is_one_line_per_problem_exit_2_and_no_traceback(files, run):
    (files / "q.yaml").write_text("measures:\n  A1: {value: ninety}\n  ZZ: 4\n")
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: q.yaml:2: measure A1: value: cannot read 'ninety' as a number; write a number such as 69.8, "
        "69.8%, 28,553 or £2,000,000, or n/a for no value",
        "error: q.yaml:3: measure ZZ: no rule defines this id; fix the id or add the measure to the rules",
    ]


def test_warnings_go_to_stderr_and_do_not_change_the_exit_code(files, run):
    (files / "q.yaml").write_text("measures:\n  A1: {value: 50%, published_direction: sideways}\n")
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: q.yaml:2: measure A1: published_direction: 'sideways' is not a direction")
    json.loads(result.stdout)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--only", "purple"],
            "error: --only: unknown word 'purple'; use any of exceeded, green, amber_green, amber, amber_red, red, "
            "blue, not_rated, improving, static, deteriorating\n",
        ),
        (
            ["--group-by", "outcom"],
            "error: --group-by: no measure has a tag 'outcom' (did you mean 'outcome'?); use one of group, outcome\n",
        ),
    ],
)
def test_bad_option_values_exit_2_with_advice(files, args, message, run):
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", *args)
    assert (result.exit_code, result.stderr) == (2, message)


def test_unknown_format_is_a_usage_error(files, run):
    result = run("evaluate", "q.yaml", "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_missing_quarter_file(files, run):
    result = run("evaluate", "q4.yaml", "--rules", "rules.yaml")
    assert (result.exit_code, result.stderr) == (2, "error: q4.yaml: file not found; check the path\n")


def test_default_rules_folder_is_used(files, run):
    (files / "rules").mkdir()
    (files / "rules.yaml").rename(files / "rules" / "all.yaml")
    assert run("evaluate", "q.yaml").exit_code == 0


@pytest.mark.parametrize(
    ("terminal", "flag", "environ", "colour"),
    [
        (True, False, {}, True),
        (False, False, {}, False),
        (True, True, {}, False),
        (True, False, {"NO_COLOR": ""}, False),
    ],
)
def test_colour_only_on_a_terminal_and_never_with_no_color(terminal, flag, environ, colour):
    assert wants_colour(environ, to_terminal=terminal, no_color=flag) is colour


def test_colour_marks_the_rag_word_but_keeps_the_word(files):
    from ragcalc.loading import load
    from ragcalc.rating.engine import evaluate, summarise

    rules, quarter, _, _ = load("q.yaml", "rules.yaml")
    ratings = evaluate(rules, quarter)
    text = scorecard.table(scorecard.Report(quarter, ratings, summarise(ratings)), Style(colour=True))
    assert "\x1b[33mAmber\x1b[0m" in text


def test_version(run):
    result = run("--version")
    assert result.stdout == f"ragcalc, version {__version__}\n"


@pytest.mark.slow
def test_python_dash_m_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "ragcalc", "evaluate", "examples/2022-23-q4.yaml", "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["total"]["measures"] == 30


def test_period_and_compare_are_refused_for_a_quarter_file(files, run):
    result = run("evaluate", "q.yaml", "--rules", "rules.yaml", "--period", "Q4 2022/23")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --period, --compare and --as-of apply to history files; q.yaml is a quarter file "
        "(one period with value and previous; --compare previous,year-ago where it gives year_ago values)\n"
    )


def test_trend_needs_a_history_file(files, run):
    result = run("trend", "q.yaml", "--rules", "rules.yaml")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: q.yaml is a quarter file; trend needs a history file (id,period,value rows)\n",
    )


def test_an_unreadable_period_option_is_a_usage_error(files, run):
    (files / "h.csv").write_text("id,period,value\nA1,Q1 2022/23,50%\n", encoding="utf-8")
    result = run("evaluate", "h.csv", "--rules", "rules.yaml", "--period", "2022 Q1")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --period: '2022 Q1' could be the calendar quarter")


def test_trend_last_must_be_positive(files, run):
    (files / "h.csv").write_text("id,period,value\nA1,Q1 2022/23,50%\n", encoding="utf-8")
    assert run("trend", "h.csv", "--rules", "rules.yaml", "--last", "0").exit_code == 2


def test_trend_csv_is_one_row_per_point(files, run):
    (files / "h.csv").write_text("id,period,value\nA1,Q2 2022/23,52%\nA1,Q1 2022/23,50%\n", encoding="utf-8")
    result = run("trend", "h.csv", "--rules", "rules.yaml", "--format", "csv")
    assert result.stdout.splitlines() == [
        "id,name,group,period,value,target,rag,direction",
        "A1,Alpha,One,Q1 2022/23,50,50,green,",
        "A1,Alpha,One,Q2 2022/23,52,50,green,static",
    ]


def test_an_unreadable_as_of_date_is_a_usage_error(files, run):
    (files / "h.csv").write_text("id,period,value\nA1,Q1 2022/23,50%\n", encoding="utf-8")
    result = run("evaluate", "h.csv", "--rules", "rules.yaml", "--as-of", "end of April")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --as-of: cannot read 'end of April' as a date; write it as 2023-04-30\n",
    )


def test_a_stale_value_is_marked_in_the_table(files, run):
    (files / "rules.yaml").write_text(
        "measures:\n  - {id: A1, name: Alpha, polarity: higher, target: 5, stale_after: 1}\n", encoding="utf-8"
    )
    (files / "h.csv").write_text("id,period,value\nA1,Jan-23,6\n", encoding="utf-8")
    result = run("evaluate", "h.csv", "--rules", "rules.yaml", "--as-of", "2023-04-30")
    assert "A1  Alpha    6 (stale: Jan-23)" in result.stdout


def test_output_goes_to_a_text_only_stream_put_in_place_of_stdout(tmp_path, monkeypatch):
    """An embedding program may replace sys.stdout with a stream that has no binary layer."""
    import io

    from ragcalc import cli

    monkeypatch.setattr(sys, "stdout", io.StringIO())
    cli._print("Scorecard: Q4\n")
    assert sys.stdout.getvalue() == "Scorecard: Q4\n"
