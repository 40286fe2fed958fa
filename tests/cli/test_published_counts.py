"""Audit the published counts (issue 26, item 4): the counts a draft quotes per group and in total, in the quarter
file (`published_counts:`) or a CSV beside it (`audit --published-counts`), checked against the computed ones,
each difference naming the measures that make the computed count."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ROOT

RULES = ["--rules", str(ROOT / "rules")]
# a report of 3 of the council's 30 measures, quoting its own counts ("2 of 3 on target")
QUARTER = """\
    period: 2022/23 Q4
    previous_period: 2022/23 Q3
    present_only: true
    published_counts:
      Adult Social Services: {measures: 1, amber: 1}
      total: {measures: 3, green: 2, improving: 1}
    measures:
      VS101: {value: 70%, previous: 69.2%, published_rag: amber}
      CF201: {value: 91%, previous: 88%}
      RS401: n/a
"""


@pytest.fixture
def run(ragcalc):
    ragcalc.defaults = {"q.yaml": QUARTER}
    return ragcalc


def test_counts_that_agree_pass_and_one_that_differs_names_the_measures_counted(run):
    result = run(["audit", "q.yaml", *RULES, "--format", "json"], code=1)
    found = json.loads(result.stdout)
    assert found["fields_checked"]["counts"] == 2
    assert found["disagreements"] == [
        {"id": "total", "period": None, "field": "count green", "published": "2", "computed": "1",
         "reason": "the rules count green: CF201"},
    ]  # fmt: skip


def test_the_summary_line_counts_measures_and_groups_apart(run):
    result = run(["audit", "q.yaml", *RULES], code=1)
    assert result.stdout.rstrip().endswith(
        "1 measure and 2 groups of published counts checked (rag on 1, direction on 0), 2 agree, 1 disagree"
    )


def test_a_csv_of_the_counts_is_checked_as_the_key_is(run):
    files = {"counts.csv": "group,green,amber\nAdult Social Services,0,1\ntotal,1,1\n"}
    result = run(["audit", "q.yaml", *RULES, "--published-counts", "counts.csv", "--format", "json"], files, code=1)
    assert json.loads(result.stdout)["fields_checked"]["counts"] == 4  # the file's two and the CSV's two
    assert [d["field"] for d in json.loads(result.stdout)["disagreements"]] == ["count green"]


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ("  Housing: {green: 1}\n", "published_counts: no group 'Housing' in the scorecard; its groups: "),
        ("  total: {gren: 1}\n", "published_counts: total: unknown count 'gren' (did you mean 'green'?)"),
        ("  total: {green: 1.5}\n", "published_counts: total: green: expected a whole number, got '1.5'"),
    ],
)
def test_a_count_that_cannot_be_checked_is_an_error(run, counts, message):
    quarter = QUARTER.replace("      Adult Social Services: {measures: 1, amber: 1}\n", "").replace(
        "      total: {measures: 3, green: 2, improving: 1}\n", "    " + counts.replace("  ", "  ", 1)
    )
    result = run(["audit", "q.yaml", *RULES], {"q.yaml": quarter}, code=2)
    assert message in result.stderr
