"""Benchmark comparison end to end: an area of the file, benchmarks beside the value, a fixed figure; the table
column, the summary counts, labels, explain, --area and history files."""

from __future__ import annotations

import json

import pytest

RULES = """\
    defaults: {unit: percent, benchmark: England}
    measures:
      - {id: S1, name: Smoking, polarity: lower, target: 12}
      - {id: B1, name: Breastfeeding, polarity: higher, benchmark_method: wilson,
         labels: {better: Better than England, worse: Worse than England}}
      - {id: F1, name: Fixed, polarity: higher, benchmark: 62.3%, benchmark_method: tolerance, benchmark_tolerance: 1}
"""
AREAS = """\
    area,id,value,lower_ci,upper_ci,numerator,denominator
    England,S1,13.0%,12.9%,13.1%,,
    Leeds,S1,14.5%,13.2%,15.9%,,
    York,S1,13.5%,13.0%,14.0%,,
    England,B1,49.5%,,,,
    Leeds,B1,46.0%,,,460,1000
    Leeds,F1,63.1%,,,,
"""


@pytest.fixture
def run(ragcalc):
    """The shared runner, with these rules where --rules looks by default."""
    ragcalc.defaults = {"rules": RULES}
    return ragcalc


def comparisons(result) -> list[tuple]:
    assert result.exit_code == 0, result.stderr
    return [
        (m.get("area"), m["id"], m["benchmark"]["comparison"], m["benchmark"]["method"])
        for m in json.loads(result.stdout)["measures"]
    ]


def test_each_area_is_compared_with_the_benchmark_area_and_the_benchmark_area_with_nothing(run):
    found = comparisons(run("evaluate q.csv --format json", {"q.csv": AREAS}))
    assert found == [
        ("England", "S1", None, "ci"),
        ("England", "B1", None, "wilson"),
        ("England", "F1", None, "tolerance"),
        ("Leeds", "S1", "worse", "ci"),  # 13.0 lies below the interval, and lower is better
        ("Leeds", "B1", "worse", "wilson"),  # 49.5 lies above 42.93 to 49.10
        ("Leeds", "F1", "similar", "tolerance"),  # within 1 of 62.3
        ("York", "S1", "similar", "ci"),  # 13.0 is the interval's lower edge: similar
        ("York", "B1", None, "wilson"),
        ("York", "F1", None, "tolerance"),
    ]


def test_the_json_record_gives_what_the_comparison_was_made_from(run):
    result = run("evaluate q.csv --format json --area Leeds", {"q.csv": AREAS})
    _, feeding, fixed = json.loads(result.stdout)["measures"]
    assert feeding["benchmark"] == {
        "area": "England",
        "benchmark_value": 49.5,
        "lower_ci": 42.9321,
        "upper_ci": 49.0985,
        "comparison": "worse",
        "method": "wilson",
        "reason": "the benchmark 49.5 lies outside the interval 42.9321 to 49.0985",
    }
    assert (fixed["benchmark"]["value"], fixed["benchmark"]["reason"]) == (
        62.3,
        "63.1 is within 1 of the benchmark 62.3",
    )
    assert json.loads(result.stdout)["summary"]["total"]["worse"] == 2


def test_the_table_has_a_vs_column_in_the_rules_words_and_the_summary_counts_it(run):
    out = run("evaluate q.csv --area Leeds", {"q.csv": AREAS}).stdout
    assert "vs benchmark" in out  # England for two rules, a figure for the third
    assert "Worse than England" in out
    assert "Better  Similar  Worse" in out


def test_benchmarks_beside_the_value_are_shown_and_the_named_one_compared(run):
    quarter = """\
        measures:
          S1: {value: 14.5%, lower_ci: 13.2%, upper_ci: 15.9%, benchmarks: {England: 13.0%, South West: 14.0%}}
    """
    result = run("evaluate q.yaml --format json", {"q.yaml": quarter})
    (smoking, *_) = json.loads(result.stdout)["measures"]
    assert (smoking["benchmark"]["comparison"], smoking["benchmark"]["benchmark_value"]) == ("worse", 13.0)
    table = run("evaluate q.yaml", {"q.yaml": quarter}).stdout
    assert "England  South West" in table
    assert "13.0%    14.0%" in table


def test_a_csv_column_per_benchmark_and_a_history_compare_alike(run):
    history = """\
        id,period,value,lower_ci,upper_ci,benchmark England
        S1,Q1 2023/24,14.5%,13.2%,15.9%,13.0%
        S1,Q2 2023/24,13.5%,13.0%,14.0%,13.0%
    """
    found = comparisons(run("evaluate h.csv --format json", {"h.csv": history}))
    assert found[0] == (None, "S1", "similar", "ci")  # the latest period, Q2: 13.0 on the interval's edge


def test_explain_says_what_the_value_was_compared_with_and_why(run):
    out = run("explain q.csv B1 --area Leeds", {"q.csv": AREAS}).stdout
    assert out.endswith(
        "Benchmark: worse (printed 'Worse than England')\n"
        "  against England's value (49.5), by the wilson method: the benchmark 49.5 lies outside the interval "
        "42.9321 to 49.0985\n"
    )


def test_a_benchmark_with_no_value_says_so(run):
    result = run("evaluate q.yaml --format json", {"q.yaml": "measures:\n  S1: 14%\n"})
    (smoking, *_) = json.loads(result.stdout)["measures"]
    assert smoking["benchmark"]["reason"] == (
        "no value for England: neither an area of the file nor a benchmark beside the value"
    )


def test_rank_places_each_area_among_its_peers_leaving_out_the_benchmark_area(run):
    result = run("evaluate q.csv --rank --format json", {"q.csv": AREAS})
    ranked = [(m["area"], m["id"], m["rank"], m["quintile"]) for m in json.loads(result.stdout)["measures"]]
    assert ("England", "S1", None, None) in ranked
    assert ("York", "S1", 1, 1) in ranked  # 13.5% is the lower (better) of York's and Leeds' smoking
    assert ("Leeds", "S1", 2, 3) in ranked
    table = run("evaluate q.csv --rank --area York", {"q.csv": AREAS}).stdout
    assert "Rank    Quintile" in table
    assert "1 of 2  1" in table
    refused = run("evaluate q.yaml --rank", {"q.yaml": "measures:\n  S1: 14%\n"})
    assert refused.stderr == "error: --rank: q.yaml has no areas to rank (no 'area' column or 'areas:' key)\n"
