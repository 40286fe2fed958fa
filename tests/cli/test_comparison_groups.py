"""Comparison groups and quartiles (issue 26, item 6): `benchmark:` naming a group of areas (`groups:`), compared by
its mean or median, or by the area's quartile among it (`benchmark_method: quartile`, polarity-aware, ties shared);
`benchmark_level: [95, 99.8]` compares at both levels in one run, a column and a JSON key each."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from ragcalc.rating.benchmark import byar, wilson
from tests.helpers import ROOT, rule_findings

CASE = ROOT / "tests" / "cases" / "comparison-groups"
ARGS = [str(CASE / "quarter.csv"), "--rules", str(CASE / "rules.yaml"), "--format", "json"]


@pytest.fixture
def measures(ragcalc) -> dict[tuple[str, str], dict]:
    found = json.loads(ragcalc(["evaluate", *ARGS], code=0).stdout)["measures"]
    return {(m["area"], m["id"]): m for m in found}


def test_a_group_is_compared_by_the_mean_of_its_areas(measures):
    compared = measures[("North Norfolk", "ND01")]["benchmark"]
    assert compared["benchmark_value"] == 42.871429  # 300.1 / 7, exact in the comparison, 6 places shown
    assert compared["reason"] == "44.1 is within 2 of the benchmark ≈42.8714 (the mean of its 7 areas)"


def test_a_group_is_compared_by_its_median_where_the_rule_says(measures):
    compared = measures[("Breckland", "ND03")]["benchmark"]
    assert (compared["benchmark_value"], compared["comparison"]) == (89, "better")


def test_north_norfolks_quartile_among_its_nearest_neighbours_with_a_tie_shared(measures):
    """18 days, tied with Broadland, behind Mid Suffolk (15) and West Suffolk (17): rank 3 of 8, second quartile."""
    compared = measures[("North Norfolk", "ND02")]["benchmark"]
    assert compared["quartile"] == "second quartile"
    assert compared["reason"] == "18 ranks 3 of 8 in nearest neighbours, tied with 1: the second quartile"


@pytest.mark.parametrize(
    ("values", "quartiles"),
    [
        ([10, 20, 30, 40], ["worst", "third", "second", "best"]),  # higher is better: one area a quartile
        ([10, 10, 30, 40], ["third", "third", "second", "best"]),  # a tie at a boundary shares the better one
        ([5, 5, 5, 5], ["best", "best", "best", "best"]),  # all tied: all best
        ([10, 20, 30, 40, 50, 60, 70, 80], ["worst", "worst", "third", "third", "second", "second", "best", "best"]),
    ],
)
def test_quartile_boundaries_with_ties(ragcalc, values, quartiles):
    areas = [f"A{n}" for n in range(len(values))]
    rules = (f"defaults:\n  groups: {{peers: [{', '.join(areas)}]}}\nmeasures:\n"
             "  - {id: M, polarity: higher, benchmark: peers, benchmark_method: quartile}\n")  # fmt: skip
    rows = "".join(f"{area},M,{value}\n" for area, value in zip(areas, values, strict=True))
    files = {"r.yaml": rules, "q.csv": "area,id,value\n" + rows}
    found = json.loads(ragcalc("evaluate q.csv --rules r.yaml --format json", files, code=0).stdout)["measures"]
    assert [m["benchmark"]["quartile"] for m in found] == [f"{word} quartile" for word in quartiles]


def test_the_95_and_998_comparisons_disagree_in_one_run(measures):
    """61.0% (305 of 500) against England's 67.1%: outside its 95% interval (worse), inside its wider 99.8%."""
    north = measures[("North Norfolk", "PH10")]
    assert (north["benchmark"]["comparison"], north["benchmark_99_8"]["comparison"]) == ("worse", "similar")
    assert north["benchmark_99_8"]["level"] == 99.8
    assert "level" not in north["benchmark"]  # the first, 95%, as ever


def test_a_column_for_each_level_in_the_table(ragcalc):
    out = ragcalc(["evaluate", *ARGS[:3], "--area", "North Norfolk"], code=0).stdout
    assert "vs benchmark (95%)  vs benchmark (99.8%)" in out
    page = ragcalc(["evaluate", *ARGS[:3], "--format", "html"], code=0).stdout
    assert '<th scope="col">vs benchmark (95%)</th><th scope="col">vs benchmark (99.8%)</th>' in page


def test_the_998_interval_is_wider_and_holds_the_95_one():
    z_95, z_998 = Decimal("1.959963984540054"), Decimal("3.090232306167813")
    at_95, at_998 = (wilson(Decimal(305), Decimal(500), Decimal(100), z) for z in (z_95, z_998))
    assert at_998.lower < at_95.lower < at_95.upper < at_998.upper
    small_95, small_998 = byar(Decimal(3), None, Decimal(1)), byar(Decimal(3), None, Decimal(1), Decimal("99.8"))
    assert small_998.lower < small_95.lower < small_95.upper < small_998.upper  # exact Poisson limits, 0.1% tails


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ("benchmark: England, benchmark_method: quartile", "benchmark_method: quartile ranks the area among a "),
        ("benchmark: England, benchmark_level: [95, 99.8]", "benchmark_level: the level of an interval worked out"),
        ("benchmark: England, benchmark_method: wilson, benchmark_level: 90", "benchmark_level: expected 95, 99, 99.8"),
        ("groups: {peers: [A, B, A]}", "groups: peers: A listed twice; list each area once"),
    ],
)
def test_the_benchmark_keys_are_checked_with_what_to_write(tmp_path, keys, message):
    found = rule_findings(tmp_path, f"measures:\n  - {{id: M, polarity: higher, {keys}}}\n")
    assert [f.message[: len(message)] for f in found if f.severity == "error"] == [message]


def test_a_group_in_a_file_without_areas_says_so(ragcalc):
    rules = "defaults:\n  groups: {peers: [A, B]}\nmeasures:\n  - {id: M, polarity: higher, benchmark: peers}\n"
    found = json.loads(ragcalc("evaluate q.yaml --rules r.yaml --format json",
                               {"r.yaml": rules, "q.yaml": "measures:\n  M: 5\n"}, code=0).stdout)  # fmt: skip
    assert found["measures"][0]["benchmark"]["reason"] == "peers is a group of areas, and this file has none"
