"""`ragcalc audit`: published ratings against the rules, with the engine's reasons (audit.py)."""

from __future__ import annotations

import json
import textwrap

import pytest
from click.testing import CliRunner

from ragcalc.cli import main
from tests.helpers import ROOT, write_inputs

RULES = """
measures:
  - {id: VS302, name: Care leavers in EET, polarity: higher, unit: percent, target: 60}
  - {id: VS303, name: Repeat referrals, polarity: lower, unit: percent, target: 22, tolerance: 2}
  - {id: VS304, name: Adoptions, polarity: higher, target: tbc}
"""
QUARTER = """
period: Q4
measures:
  VS302: {value: 62.3%, previous: 64.3%, published_rag: green, published_direction: deteriorating}
  VS303: {value: 25%, previous: 24%, published_rag: amber, published_direction: static}
  VS304: {value: 18, previous: 22, published_rag: red}
"""


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_inputs(tmp_path, RULES, QUARTER)
    return tmp_path


def audit(*args: str):
    return CliRunner().invoke(main, ["audit", "q.yaml", "--rules", "rules.yaml", *args], catch_exceptions=False)


def test_audit_lists_each_disagreement_with_the_arithmetic(files):
    result = audit()
    assert result.exit_code == 1
    assert result.stdout == textwrap.dedent("""\
        Audit of q.yaml

        ID     Field      Published      Computed  Why (from the rules)
        -----  ---------  -------------  --------  ------------------------------------------------------------------------------
        VS302  direction  deteriorating  static    64.3% -> 62.3%: 2.0 points, not more than the 2-point threshold
        VS303  rag        amber          red       25% is short of the target 22 by 3 points, more than the tolerance of 2 points
        VS304  rag        red            none      not rated: no target ('tbc')

        3 measures checked (rag on 3, direction on 2), 0 agree, 3 disagree
        """)


def test_audit_json_contract(files):
    document = json.loads(audit("--format", "json").stdout)
    assert (document["checked"], document["agree"]) == (3, 0)
    assert document["disagreements"][0] == {
        "id": "VS302",
        "period": "Q4",  # the quarter file's
        "field": "direction",
        "published": "deteriorating",
        "computed": "static",
        "reason": "64.3% -> 62.3%: 2.0 points, not more than the 2-point threshold",
    }


def test_audit_markdown_is_a_pipe_table(files):
    out = audit("--format", "markdown").stdout
    assert out.startswith("## Audit of q.yaml\n")
    assert "| VS302 | direction | deteriorating | static" in out


def test_audit_exits_0_when_everything_agrees(files):
    (files / "q.yaml").write_text(
        "measures:\n  VS302: {value: 62.3%, previous: 64.3%, published_rag: G, published_direction: static}\n"
    )
    result = audit()
    assert (result.exit_code, result.stdout) == (
        0,
        "Audit of q.yaml\n\n1 measure checked (rag on 1, direction on 1), 1 agree, 0 disagree\n",
    )


def test_audit_with_nothing_published_is_an_error_not_a_pass(files):
    (files / "q.yaml").write_text("measures:\n  VS302: {value: 62.3%}\n")
    result = audit()
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: q.yaml: nothing to audit: no measure states a published_rag or published_direction; "
        "add what the draft publishes (e.g. published_rag: green)\n"
    )


def test_audit_where_every_published_word_is_misspelt_says_so_and_fails(files):
    (files / "q.yaml").write_text("measures:\n  VS302: {value: 62.3%, published_rag: gren}\n")
    result = audit()
    assert result.exit_code == 2
    assert "nothing to audit" in result.stderr
    assert "(1 could not be read; the first: q.yaml:2: measure VS302: published_rag: 'gren' is not" in result.stderr


def test_audit_bad_input_exits_2(files):
    (files / "q.yaml").write_text("measures:\n  VS999: 1\n")
    assert audit().exit_code == 2


def test_audit_of_the_shipped_example_finds_the_wrong_arrow(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["audit", "examples/2022-23-q4.yaml", "--format", "json"])
    document = json.loads(result.stdout)
    assert [(d["id"], d["field"]) for d in document["disagreements"]] == [("CF204", "direction")]
