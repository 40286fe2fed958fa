"""Rate only what the report covers (issue 26, item 3): `--present-only` and a quarter file's `present_only: true`
leave the rules' other measures out of the scorecard and the counts, named in one warning; without either, today's
'no data' rows."""

from __future__ import annotations

import json
import textwrap

import pytest

from tests.helpers import ROOT

RULES = ["--rules", str(ROOT / "rules")]
QUARTER = """\
    period: 2022/23 Q4
    previous_period: 2022/23 Q3
    measures:
      VS101: {value: 70%, previous: 69.2%}
      CF201: {value: 91%, previous: 88%}
      RS401: n/a
"""


@pytest.fixture
def run(ragcalc):
    ragcalc.defaults = {"q.yaml": QUARTER}
    return ragcalc


def measures(result) -> list[str]:
    return [m["id"] for m in json.loads(result.stdout)["measures"]]


def test_present_only_rates_the_files_measures_and_counts_only_them(run):
    result = run(["evaluate", "q.yaml", *RULES, "--format", "json", "--present-only"], code=0)
    assert measures(result) == ["VS101", "CF201", "RS401"]  # RS401 is there, with no value: still listed
    assert json.loads(result.stdout)["summary"]["total"]["measures"] == 3
    assert result.stderr.startswith(
        "warning: q.yaml: 27 measures of the rules are not in the file, left out of the scorecard and its counts "
        "(present only): VS102, VS103,"
    )


def test_without_it_every_rule_is_listed_as_today(run):
    result = run(["evaluate", "q.yaml", *RULES, "--format", "json"], code=0)
    assert len(measures(result)) == 30
    assert result.stderr == ""


def test_the_quarter_file_may_say_it_covers_only_its_own_measures(run):
    result = run(
        ["evaluate", "q.yaml", *RULES, "--format", "json"],
        {"q.yaml": "present_only: true\n" + textwrap.dedent(QUARTER)},
    )
    assert measures(result) == ["VS101", "CF201", "RS401"]
    validated = run(
        ["validate", *RULES, "q.yaml"], {"q.yaml": "present_only: true\n" + textwrap.dedent(QUARTER)}, code=0
    )
    assert "has no entry in this file" not in validated.stdout  # nothing to warn of: the file says so


def test_a_present_only_key_that_is_not_true_or_false_is_an_error_at_its_line(run):
    result = run(["evaluate", "q.yaml", *RULES], {"q.yaml": "present_only: some\n" + textwrap.dedent(QUARTER)}, code=2)
    assert result.stderr.startswith("error: q.yaml:1: present_only: expected true or false, got 'some'")


def test_the_gate_and_the_pack_see_only_the_files_measures(run):
    result = run(["evaluate", "q.yaml", *RULES, "--present-only", "--fail-on", "red"], code=0)
    assert "RS402" not in result.stdout
    pack = run(["report", str(ROOT / "examples" / "monthly-2021-23.csv"), *RULES, "--present-only"], code=0)
    assert "VS101" not in pack.stdout
    assert "VS102" in pack.stdout
