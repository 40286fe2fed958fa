"""RAG that depends on the direction (issue 26, item 5): `improving_caps_at: amber` with `improving_on: previous |
year-ago` shows a measure Amber that its bands make Red but that improved on that comparison, by its own arrow rule.
Havering's published rule, written from its words, reproduces end to end; `audit` flags a planted break."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ROOT, rule_findings

CASE = ROOT / "tests" / "cases" / "direction-caps"
RULES = ["--rules", str(CASE / "rules.yaml")]


def _rated(ragcalc, *args: str) -> dict[str, tuple[str, str]]:
    found = json.loads(ragcalc(["evaluate", *args, *RULES, "--format", "json"], code=0).stdout)
    return {m["id"]: (m["rag"], m["reason"]["rag"]) for m in found["measures"]}


def test_havering_rule_red_only_when_more_than_10_percent_off_and_not_improved_on_a_year_ago(ragcalc):
    """'Red: more than 10% off target and not improved on the same quarter last year. Amber: off target but
    improved, or within 10%. Green: on target.'"""
    rated = _rated(ragcalc, str(CASE / "quarter.yaml"))
    assert {key: rag for key, (rag, _) in rated.items()} == {
        "HV01": "green",  # on target
        "HV02": "amber",  # 15% off, but better than a year ago
        "HV03": "red",  # 13.3% off and worse than a year ago
        "HV04": "amber",  # exactly 10% off: within the band
        "HV05": "red",  # 11.1% off, up by exactly the 2-point threshold on a year ago: not improving
    }
    assert rated["HV02"][1] == (
        "23 is short of the target 20 by 3, more than the tolerance of 2 (10% of 20), so red by its bands; but "
        "improving on the same period a year before, so amber (improving_caps_at: amber)"
    )
    assert rated["HV05"][1] == (
        "80% is short of the target 90% by 10 points, more than the tolerance of 9 points (10% of 90), and not "
        "improving on the same period a year before (static), so red"
    )


@pytest.mark.parametrize(
    ("year_ago", "rag"),
    [("78%", "red"), ("77.9%", "amber"), (None, "red")],  # up 2 points exactly: static; 2.1: improving; none: none
)
def test_a_red_improved_by_exactly_the_threshold_stays_red(ragcalc, year_ago, rag):
    given = "" if year_ago is None else f", year_ago: {year_ago}"
    ragcalc.defaults = {"q.yaml": f"period: Q2 2025/26\nmeasures:\n  HV05: {{value: 80%, previous: 79%{given}}}\n"}
    assert _rated(ragcalc, "q.yaml", "--present-only")["HV05"][0] == rag


def test_improving_on_previous_reads_the_first_arrow(ragcalc):
    rules = "measures:\n  - {id: A, polarity: higher, target: 100, tolerance: 10, improving_caps_at: amber}\n"
    files = {"r.yaml": rules, "q.yaml": "measures:\n  A: {value: 80, previous: 70}\n"}
    found = json.loads(ragcalc("evaluate q.yaml --rules r.yaml --format json", files, code=0).stdout)["measures"][0]
    assert (found["rag"], found["direction"]) == ("amber", "improving")


def test_a_history_caps_each_period_against_its_own_year_before(ragcalc):
    history = "id,period,value\nHV03,Q2 2024/25,1750\nHV03,Q1 2025/26,1660\nHV03,Q2 2025/26,1700\n"
    found = json.loads(ragcalc(["trend", "h.csv", *RULES, "--format", "json"], {"h.csv": history}, code=0).stdout)
    assert [(p["period"], p["rag"]) for p in found["measures"][0]["points"]] == [
        ("Q2 2024/25", "red"),  # no year before in the file: red stays red
        ("Q1 2025/26", "red"),
        ("Q2 2025/26", "amber"),  # 1700 against 1750 a year before: improving
    ]
    snapshot = json.loads(ragcalc(["evaluate", "h.csv", *RULES, "--format", "json"], code=0).stdout)["measures"]
    assert [m["rag"] for m in snapshot if m["id"] == "HV03"] == ["amber"]


def test_audit_flags_a_draft_that_shows_amber_a_red_that_did_not_improve(ragcalc):
    quarter = (CASE / "quarter.yaml").read_text().replace("year_ago: 1600}", "year_ago: 1600, published_rag: amber}")
    result = ragcalc(["audit", "q.yaml", *RULES], {"q.yaml": quarter}, code=1)
    assert result.stdout.splitlines()[4] == (
        "HV03  rag    amber      red       1700 is short of the target 1500 by 200, more than the tolerance of 150 "
        "(10% of 1,500), and not improving on the same period a year before (deteriorating), so red"
    )


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ("improving_on: year-ago", "improving_on: it says which arrow improving_caps_at reads; add improving_caps_at"),
        ("improving_caps_at: green", "improving_caps_at: expected one of amber, got 'green'"),
        ("{improving_caps_at: amber, improving_on: last-year}", "improving_on: expected one of previous, year-ago"),
    ],
)
def test_the_keys_are_checked_with_what_to_write(tmp_path, keys, message):
    written = keys[1:-1] if keys.startswith("{") else keys
    found = rule_findings(tmp_path, f"measures:\n  - {{id: A, polarity: higher, target: 5, {written}}}\n")
    assert [f.message[: len(message)] for f in found if f.severity == "error"] == [message]
