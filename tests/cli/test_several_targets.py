"""Several targets (issue 26, item 7): a rule's other targets (`targets:`) shown beside the rated one and compared
in words, met or missed by the rule's polarity, in the table, CSV, JSON, the page and the workbook."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from ragcalc.inputs.numbers import parse_target
from ragcalc.rating.engine import meets
from tests.helpers import ROOT, rule, rule_findings

CASE = ROOT / "tests" / "cases" / "several-targets"


@pytest.mark.parametrize(
    ("polarity", "target", "value", "met"),
    [
        ("higher", "92%", "92", True),  # exactly on it: met
        ("higher", "> 92%", "92", False),  # a strict target: on it falls short
        ("higher", "92%", "91.99", False),
        ("lower", "0", "0", True),
        ("lower", "< 5", "5", False),
        (None, "76% - 80%", "80", True),  # a range's edges count as inside
        (None, "76% - 80%", "80.01", False),
        (None, "92%", "93", None),  # no polarity: which way is better is not known
    ],
)
def test_a_value_meets_a_named_target_by_the_rules_polarity(polarity, target, value, met):
    from ragcalc.rating.vocabulary import Polarity

    measure = rule(polarity=None if polarity is None else Polarity(polarity))
    assert meets(measure, Decimal(value), parse_target(target)) is met


def test_every_format_compares_the_value_with_each_named_target(ragcalc):
    args = ["evaluate", str(CASE / "quarter.yaml"), "--rules", str(CASE / "rules.yaml")]
    measures = {m["id"]: m for m in json.loads(ragcalc([*args, "--format", "json"], code=0).stdout)["measures"]}
    assert measures["RTT"]["targets"] == [
        {"name": "national", "target": 92, "comparator": None, "met": False},
        {"name": "last year", "target": 58.5, "comparator": ">", "met": False},
    ]
    assert measures["AE4"]["targets"][1]["target_range"] == {"low": 76, "high": 80}
    csv_text = ragcalc([*args, "--format", "csv"], code=0).stdout
    assert csv_text.splitlines()[0].endswith(",vs national,vs last year,vs recovery range")
    page = ragcalc([*args, "--format", "html"], code=0).stdout
    assert '<th scope="col">vs recovery range</th>' in page
    assert "<td>76% – 80%: met</td>" in page


def test_named_targets_need_a_polarity_and_each_must_be_a_target(tmp_path):
    text = ("measures:\n  - {id: A, unit: percent, target: 80% - 90%, targets: {national: 92%}}\n"
            "  - {id: B, polarity: higher, target: 5, targets: {national: tbc}}\n")  # fmt: skip
    found = rule_findings(tmp_path, text)
    messages = [finding.message for finding in found]
    assert any(message.startswith("targets: compared with the value, they need which way is better") for message in
               messages)  # fmt: skip
    assert any("national: a named target is a number, a comparator or a range, not 'tbc'" in m for m in messages)
